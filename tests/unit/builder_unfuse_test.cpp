// "Never slower than unfused": the builder times each fused layer against its unfused nodes and
// reverts the fusion when those are clearly faster. Made deterministic with host backends over a
// copy of the CPU registry where one kernel sleeps: a slow kiln::Pointwise must be reverted, a slow
// plain Relu keeps its FusedConv; a warm timing cache makes the same decision without timing.
#include <atomic>
#include <chrono>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "engine_core/builder/timing_cache.h"
#include "tests/unit/builder_test_util.h"

namespace kiln::test {
namespace {

constexpr auto kSlow = std::chrono::milliseconds(2);

void slowPointwise(KernelContext& ctx) {
    std::this_thread::sleep_for(kSlow);
    cpuKernelRegistry().find("Pointwise", "kiln")->run(ctx);
}

void slowRelu(KernelContext& ctx) {
    std::this_thread::sleep_for(kSlow);
    cpuKernelRegistry().find("Relu", "")->run(ctx);
}

// Slow only for its first calls (one timing of warm-up + iterations): a fused layer that a busy
// machine made look slow once.
std::atomic<int> burstyCalls{0};
void burstyPointwise(KernelContext& ctx) {
    if (burstyCalls++ < 4) std::this_thread::sleep_for(kSlow);
    cpuKernelRegistry().find("Pointwise", "kiln")->run(ctx);
}

// Registers (once) a host backend `id` whose registry is the CPU's with op `op` replaced by `slow`.
std::string slowBackend(const std::string& id, const std::string& op, const std::string& domain,
                        KernelFn slow, TypeSet types = {DataType::Float32}) {
    static std::map<std::string, std::unique_ptr<KernelRegistry>> registries;
    if (!registries.count(id)) {
        auto registry = std::make_unique<KernelRegistry>(cpuKernelRegistry());
        registry->add(op, {slow, types}, domain);  // replaces the reference kernel
        // and the op's other tactics (kiln::Int8Conv's "direct_loop" also takes a 3-channel conv):
        // each runs `slow` where it applies, so no fast tactic is left to choose.
        for (const KernelDef* d : cpuKernelRegistry().findAll(op, domain)) {
            if (d->tactic == kReferenceTactic) continue;
            KernelDef s = *d;
            s.run = slow;
            s.prepare = nullptr;
            s.variants = nullptr;
            registry->add(op, s, domain);
        }
        const KernelRegistry* r = registry.get();
        registries[id] = std::move(registry);
        BackendRegistry::global().add({id, "test backend with a slow " + op,
                                       [id, r](int) { return makeHostBackend(id, *r); }, nullptr});
    }
    return id;
}

void slowInt8Conv(KernelContext& ctx) {
    std::this_thread::sleep_for(kSlow);
    cpuKernelRegistry().find("Int8Conv", "kiln")->run(ctx);
}

void slowDequantize(KernelContext& ctx) {
    std::this_thread::sleep_for(kSlow);
    cpuKernelRegistry().find("DequantizeLinear", "")->run(ctx);
}

// x[4,64] → Sub(a) → Mul(b) → Tanh → y: one kiln::Pointwise at level 2 and up.
std::unique_ptr<Graph> makeChain() {
    auto g = std::make_unique<Graph>();
    g->name = "chain";
    g->opsetImports[""] = 21;
    Value* x = g->addValue("x");
    x->dtype = DataType::Float32;
    x->shape = Shape{4, 64};
    g->markInput(x);
    auto val = [&](const std::string& name) {
        Value* v = g->addValue(name);
        v->dtype = DataType::Float32;
        v->shape = Shape{4, 64};
        return v;
    };
    Value* a = g->addConstant("a", randomTensor({64}, 1));
    Value* b = g->addConstant("b", randomTensor({64}, 2));
    Value *s = val("sub_out"), *m = val("mul_out"), *y = val("y");
    g->addNode("Sub", "sub", {x, a}, {s});
    g->addNode("Mul", "mul", {s, b}, {m});
    g->addNode("Tanh", "tanh", {m}, {y});
    g->markOutput(y);
    for (Node* n : g->nodes()) n->origin = {n->name};
    return g;
}

// x[1,3,8,8] → Conv (pad 1) → Relu → y: one kiln::FusedConv.
std::unique_ptr<Graph> makeConvRelu() {
    auto g = std::make_unique<Graph>();
    g->name = "conv_relu";
    g->opsetImports[""] = 21;
    Value* x = g->addValue("x");
    x->dtype = DataType::Float32;
    x->shape = Shape{1, 3, 8, 8};
    g->markInput(x);
    Value* c = g->addValue("conv_out");
    c->dtype = DataType::Float32;
    Value* y = g->addValue("y");
    y->dtype = DataType::Float32;
    Node* conv = g->addNode("Conv", "conv", {x, g->addConstant("w", randomTensor({4, 3, 3, 3}, 3))}, {c});
    conv->attributes["pads"] = std::vector<int64_t>{1, 1, 1, 1};
    g->addNode("Relu", "relu", {c}, {y});
    g->markOutput(y);
    for (Node* n : g->nodes()) n->origin = {n->name};
    return g;
}

// x[1,3,8,8] → Q/DQ (step 0.02) → Conv(DQ(W int8 per channel), DQ(B int32), pad 1) → Relu → Q/DQ
// (step 0.05) → y: quantize_static's QDQ form, one kiln::Int8Conv at level 2 and up.
std::unique_ptr<Graph> makeQdqConvRelu() {
    auto g = std::make_unique<Graph>();
    g->name = "qdq_conv_relu";
    g->opsetImports[""] = 21;
    auto val = [&](const std::string& name, DataType dtype = DataType::Float32) {
        Value* v = g->addValue(name);
        v->dtype = dtype;
        return v;
    };
    Value* x = val("x");
    x->shape = Shape{1, 3, 8, 8};
    g->markInput(x);
    Tensor w(DataType::Int8, {4, 3, 3, 3}), ws(DataType::Float32, {4}), b(DataType::Int32, {4}), bs(DataType::Float32, {4});
    for (int64_t i = 0; i < w.numel(); ++i) w.data<int8_t>()[i] = int8_t((i * 37 + 11) % 255 - 127);
    for (int64_t m = 0; m < 4; ++m) {
        ws.data<float>()[m] = 0.002f + 0.0005f * float(m);
        bs.data<float>()[m] = 0.02f * ws.data<float>()[m];
        b.data<int32_t>()[m] = int32_t(m * 300 - 400);
    }
    Value* xs = g->addConstant("x.scale", Tensor::scalar<float>(0.02f));
    Value* xz = g->addConstant("x.zero", Tensor::scalar<uint8_t>(128));
    Value* ys = g->addConstant("y.scale", Tensor::scalar<float>(0.05f));
    Value* yz = g->addConstant("y.zero", Tensor::scalar<uint8_t>(10));
    Value *xq = val("xq", DataType::UInt8), *xd = val("xd"), *wd = val("wd"), *bd = val("bd"), *c = val("conv_out"),
          *r = val("relu_out"), *yq = val("yq", DataType::UInt8), *y = val("y");
    g->addNode("QuantizeLinear", "x_q", {x, xs, xz}, {xq});
    g->addNode("DequantizeLinear", "x_dq", {xq, xs, xz}, {xd});
    Node* n = g->addNode("DequantizeLinear", "w_dq",
                         {g->addConstant("w", w), g->addConstant("w.scale", ws),
                          g->addConstant("w.zero", Tensor::fromVector<int8_t>({4}, {0, 0, 0, 0}))},
                         {wd});
    n->attributes["axis"] = int64_t(0);
    n = g->addNode("DequantizeLinear", "b_dq", {g->addConstant("b", b), g->addConstant("b.scale", bs)}, {bd});
    n->attributes["axis"] = int64_t(0);
    n = g->addNode("Conv", "conv", {xd, wd, bd}, {c});
    n->attributes["pads"] = std::vector<int64_t>{1, 1, 1, 1};
    g->addNode("Relu", "relu", {c}, {r});
    g->addNode("QuantizeLinear", "y_q", {r, ys, yz}, {yq});
    g->addNode("DequantizeLinear", "y_dq", {yq, ys, yz}, {y});
    g->markOutput(y);
    for (Node* node : g->nodes()) node->origin = {node->name};
    return g;
}

// The engine's output within one step (0.05) of the reference run of the Q/DQ graph, mostly equal.
void expectWithinOneQdqStep(const Engine& engine, const Graph& model) {
    TensorMap in{{"x", randomTensor({1, 3, 8, 8}, 9, -2.f, 2.f)}};
    const Tensor want = referenceRun(model, in).at("y");
    const Tensor got = engine.createExecutionContext()->execute(in).at("y");
    ASSERT_EQ(got.dims(), want.dims());
    int64_t differ = 0, nonZero = 0;
    for (int64_t i = 0; i < want.numel(); ++i) {
        const double d = std::fabs(got.scalarAsDouble(i) - want.scalarAsDouble(i));
        EXPECT_LE(d, 0.05 * (1 + 1e-5)) << i;
        differ += d != 0;
        nonZero += want.scalarAsDouble(i) != 0;
    }
    EXPECT_LT(differ, want.numel() / 10);
    EXPECT_GT(nonZero, want.numel() / 4);
}

BuilderConfig quickConfig(const std::string& backend) {
    BuilderConfig c;
    c.backend = backend;
    c.optimizationLevel = 3;
    c.timingWarmup = 1;
    c.timingIterations = 3;
    return c;
}

void expectMatchesReference(const Engine& engine, const Graph& model) {
    TensorMap in;
    for (const Value* v : model.runtimeInputs()) in[v->name] = randomTensor(v->shape.staticDims(), 9);
    TensorMap want = referenceRun(model, in);
    TensorMap got = engine.createExecutionContext()->execute(in);
    for (const auto& [name, t] : want) {
        ASSERT_TRUE(got.count(name)) << name;
        expectTensorNear(got.at(name), t, 1e-4, 1e-4);
    }
}

TEST(BuilderUnfuse, SlowFusionIsRevertedToItsPlainNodes) {
    auto model = makeChain();
    BuildReport report;
    auto engine =
        buildEngine(*model, quickConfig(slowBackend("slow_pointwise", "Pointwise", "kiln", slowPointwise)),
                    {}, {nullptr, &report});
    EXPECT_EQ(report.fusion.timesFired("FusePointwiseChain"), 1) << report.fusion.str();
    ASSERT_EQ(report.fusionTimings.size(), 1u);  // compared once, not again after the restart
    const FusionTiming& t = report.fusionTimings[0];
    EXPECT_EQ(t.op, "kiln::Pointwise");
    EXPECT_EQ(t.originCount, 3u);
    EXPECT_EQ(t.decision, FusionDecision::Reverted);
    EXPECT_FALSE(t.fromCache);
    EXPECT_GE(t.fusedMs, 1.5f);
    EXPECT_GE(t.unfusedMs, 0.f);
    EXPECT_LT(t.unfusedMs, 0.9f * t.fusedMs);
    EXPECT_GT(report.unfusedNodesTimed, 0u);

    // The engine has the plain layers, each traced back to all three ONNX nodes.
    std::vector<std::string> ops;
    for (const EngineLayer& l : engine->layers()) {
        ops.push_back(l.opType);
        EXPECT_TRUE(l.domain.empty()) << l.name;
        EXPECT_EQ(l.name.rfind(t.layer + "/", 0), 0u) << l.name;
        EXPECT_EQ(l.origin, (std::vector<std::string>{"sub", "mul", "tanh"})) << l.name;
    }
    EXPECT_EQ(ops, (std::vector<std::string>{"Sub", "Mul", "Tanh"}));
    expectMatchesReference(*engine, *model);

    const std::string text = fusionTimingText(report);
    EXPECT_NE(text.find("0 kept, 1 reverted"), std::string::npos) << text;
    EXPECT_NE(text.find("kiln::Pointwise"), std::string::npos) << text;  // the table row
}

TEST(BuilderUnfuse, SlowInt8LayerIsRevertedToItsQdqNodes) {
    auto model = makeQdqConvRelu();
    BuildReport report;
    auto engine = buildEngine(*model,
                              quickConfig(slowBackend("slow_int8conv", "Int8Conv", "kiln", slowInt8Conv,
                                                      {DataType::Int8, DataType::UInt8})),
                              {}, {nullptr, &report});
    EXPECT_EQ(report.fusion.timesFired("FoldQdqInt8"), 1) << report.fusion.str();
    const FusionTiming* t = nullptr;
    for (const FusionTiming& f : report.fusionTimings)
        if (f.op == "kiln::Int8Conv") t = &f;
    ASSERT_TRUE(t) << fusionTimingText(report);
    // Before the int8 layers had a plain form: "not compared: an input is uint8".
    EXPECT_EQ(t->decision, FusionDecision::Reverted) << t->note << "\n" << fusionTimingText(report);
    EXPECT_GE(t->fusedMs, 1.5f);
    EXPECT_LT(t->unfusedMs, 0.9f * t->fusedMs);
    std::vector<std::string> ops;
    for (const EngineLayer& l : engine->layers())
        if (l.name.rfind(t->layer + "/", 0) == 0) ops.push_back(l.opType);
    EXPECT_EQ(ops, (std::vector<std::string>{"DequantizeLinear", "Conv", "Relu", "QuantizeLinear"}));
    for (const EngineLayer& l : engine->layers()) EXPECT_NE(l.opType, "Int8Conv") << l.name;
    expectWithinOneQdqStep(*engine, *model);
}

TEST(BuilderUnfuse, FastInt8LayerIsKeptAgainstItsQdqNodes) {
    auto model = makeQdqConvRelu();
    BuildReport report;
    auto engine = buildEngine(*model,
                              quickConfig(slowBackend("slow_dequantize", "DequantizeLinear", "", slowDequantize,
                                                      {DataType::Int8, DataType::UInt8, DataType::Int32})),
                              {}, {nullptr, &report});
    const FusionTiming* t = nullptr;
    for (const FusionTiming& f : report.fusionTimings)
        if (f.op == "kiln::Int8Conv") t = &f;
    ASSERT_TRUE(t) << fusionTimingText(report);
    EXPECT_EQ(t->decision, FusionDecision::Kept) << t->note;
    EXPECT_GE(t->unfusedMs, 1.5f);  // the slow DequantizeLinear + Conv + Relu + QuantizeLinear
    int int8 = 0;
    for (const EngineLayer& l : engine->layers()) int8 += l.opType == "Int8Conv";
    EXPECT_EQ(int8, 1);
    expectWithinOneQdqStep(*engine, *model);
}

TEST(BuilderUnfuse, FusionTimingOffKeepsEveryFusionUntimed) {
    // The slow fused kernel that SlowFusionIsRevertedToItsPlainNodes reverts stays, untimed.
    auto model = makeChain();
    BuilderConfig c = quickConfig(slowBackend("slow_pointwise", "Pointwise", "kiln", slowPointwise));
    c.compareFusions = false;
    BuildReport report;
    auto engine = buildEngine(*model, c, {}, {nullptr, &report});
    ASSERT_EQ(report.fusionTimings.size(), 1u);
    EXPECT_EQ(report.fusionTimings[0].decision, FusionDecision::NotCompared);
    EXPECT_EQ(report.unfusedNodesTimed, 0u);
    ASSERT_EQ(engine->layers().size(), 1u);
    EXPECT_EQ(engine->layers()[0].opType, "Pointwise");
    EXPECT_NE(fusionTimingText(report).find("not compared (1): fusion timing is off (timing.compareFusions)"),
              std::string::npos)
        << fusionTimingText(report);
}

TEST(BuilderUnfuse, ARevertIsConfirmedByASecondTiming) {
    // The fused Pointwise is slow in its first timing only (warm-up 1 + 3 iterations): the second
    // timing of both forms keeps each one's best, and the fusion stays.
    burstyCalls = 0;
    auto model = makeChain();
    BuildReport report;
    auto engine = buildEngine(*model, quickConfig(slowBackend("bursty_pointwise", "Pointwise", "kiln", burstyPointwise)),
                              {}, {nullptr, &report});
    ASSERT_EQ(report.fusionTimings.size(), 1u);
    EXPECT_EQ(report.fusionTimings[0].decision, FusionDecision::Kept) << fusionTimingText(report);
    EXPECT_LT(report.fusionTimings[0].fusedMs, 1.f);  // the best of the two timings
    ASSERT_EQ(engine->layers().size(), 1u);
    EXPECT_EQ(engine->layers()[0].opType, "Pointwise");
    expectMatchesReference(*engine, *model);
}

TEST(BuilderUnfuse, FusionFasterThanItsNodesIsKept) {
    auto model = makeConvRelu();
    BuildReport report;
    auto engine = buildEngine(*model, quickConfig(slowBackend("slow_relu", "Relu", "", slowRelu)), {},
                              {nullptr, &report});
    ASSERT_EQ(report.fusionTimings.size(), 1u);
    const FusionTiming& t = report.fusionTimings[0];
    EXPECT_EQ(t.op, "kiln::FusedConv");
    EXPECT_EQ(t.decision, FusionDecision::Kept);
    EXPECT_GE(t.unfusedMs, 1.5f);  // Conv + the slow Relu
    ASSERT_EQ(engine->layers().size(), 1u);
    EXPECT_EQ(engine->layers()[0].opType, "FusedConv");
    expectMatchesReference(*engine, *model);
    EXPECT_NE(fusionTimingText(report).find("1 kept, 0 reverted"), std::string::npos);
}

TEST(BuilderUnfuse, EveryFusedLayerOfANormalModelIsComparedOnce) {
    auto model = makeTinyCnn();
    BuildReport report;
    BuilderConfig config = tinyCnnConfig(3);
    config.compareFusions = true;
    auto engine = buildEngine(*model, config, {}, {nullptr, &report});
    std::printf("[ info     ] %s", fusionTimingText(report).c_str());
    std::set<std::string> fusedLayers;  // in the optimized graph: those kept, plus the reverted ones
    for (const FusionTiming& t : report.fusionTimings) {
        EXPECT_TRUE(fusedLayers.insert(t.layer).second) << t.layer << " compared twice";
        EXPECT_NE(t.decision, FusionDecision::NotCompared) << t.layer << ": " << t.note;
        EXPECT_GT(t.fusedMs, 0.f);
        EXPECT_GT(t.unfusedMs, 0.f);
    }
    size_t kept = 0;
    for (const EngineLayer& l : engine->layers())
        if (l.domain == "kiln") {
            ++kept;
            EXPECT_TRUE(fusedLayers.count(l.name)) << l.name << " was not compared";
        }
    EXPECT_GE(report.fusionTimings.size(), 1u);  // conv1 + relu1 at least
    EXPECT_LE(kept, report.fusionTimings.size());
    TensorMap in{{"x", randomTensor({2, 3, 8, 8}, 5)}};
    TensorMap want = referenceRun(*model, in);
    TensorMap got = engine->createExecutionContext()->execute(in);
    expectTensorNear(got.at("y"), want.at("y"), 1e-4, 1e-4);
}

TEST(BuilderUnfuse, WarmTimingCacheMakesTheSameDecisionWithoutTiming) {
    auto model = makeChain();
    TempDir dir("kiln_unfuse");
    BuilderConfig c = quickConfig(slowBackend("slow_pointwise", "Pointwise", "kiln", slowPointwise));
    c.timingCachePath = dir.file("timing.cache");
    BuildReport first, second;
    auto e1 = buildEngine(*model, c, {}, {nullptr, &first});
    ASSERT_EQ(first.fusionTimings.size(), 1u);
    ASSERT_EQ(first.fusionTimings[0].decision, FusionDecision::Reverted);
    bool stored = false;
    {
        std::ifstream in(c.timingCachePath);
        std::stringstream text;
        text << in.rdbuf();
        stored = text.str().find("fused vs unfused") != std::string::npos;
    }
    EXPECT_TRUE(stored) << "the decision is not in the timing cache";

    auto e2 = buildEngine(*model, c, {}, {nullptr, &second});
    ASSERT_EQ(second.fusionTimings.size(), 1u);
    const FusionTiming& t = second.fusionTimings[0];
    EXPECT_TRUE(t.fromCache);
    EXPECT_EQ(t.decision, FusionDecision::Reverted);
    EXPECT_FLOAT_EQ(t.fusedMs, first.fusionTimings[0].fusedMs);
    EXPECT_FLOAT_EQ(t.unfusedMs, first.fusionTimings[0].unfusedMs);
    EXPECT_EQ(second.tacticsTimed, 0u);
    EXPECT_EQ(second.unfusedNodesTimed, 0u);
    ASSERT_EQ(e1->layers().size(), e2->layers().size());
    for (size_t i = 0; i < e1->layers().size(); ++i) {
        EXPECT_EQ(e1->layers()[i].name, e2->layers()[i].name);
        EXPECT_EQ(e1->layers()[i].opType, e2->layers()[i].opType);
    }
    EXPECT_NE(fusionTimingText(second).find("decided by the timing cache"), std::string::npos);
}


// Backend::tacticMargin: how much faster than the reference another tactic must time. A host
// backend whose timer reports what its Tanh kernels say they took (no clock, so a loaded machine
// cannot flip it; sleeps of 40 and 36 ms did under the CI's load): the reference 40 ms, the
// "quick" tactic 36 ms (10% faster). The CPU's 15% keeps the reference, a device timer's 3% (the
// CUDA backend's) takes the faster one.
std::atomic<double> simulatedKernelMs{0};
void slowTanhKernel(KernelContext& ctx) {
    simulatedKernelMs = 40.0;
    cpuKernelRegistry().find("Tanh", "")->run(ctx);
}
void quickTanh(KernelContext& ctx) {
    simulatedKernelMs = 36.0;
    cpuKernelRegistry().find("Tanh", "")->run(ctx);
}
class SimulatedTimer final : public Timer {
public:
    void start(Stream&) override { simulatedKernelMs = 0; }
    void stop(Stream&) override {}
    double elapsedMs() override { return simulatedKernelMs; }
};

class MarginBackend final : public Backend {
public:
    MarginBackend(std::string id, const KernelRegistry& registry, double margin)
        : host_(makeHostBackend(std::move(id), registry)), margin_(margin) {}
    std::string_view id() const override { return host_->id(); }
    Device device() const override { return host_->device(); }
    std::string deviceName() const override { return host_->deviceName(); }
    std::string arch() const override { return host_->arch(); }
    const KernelRegistry& kernels() const override { return host_->kernels(); }
    Allocator& allocator(MemoryKind kind) const override { return host_->allocator(kind); }
    std::unique_ptr<Stream> createStream() const override { return host_->createStream(); }
    std::unique_ptr<Timer> createTimer() const override { return std::make_unique<SimulatedTimer>(); }
    void copy(Tensor& dst, const Tensor& src, Stream& stream) const override { host_->copy(dst, src, stream); }
    double tacticMargin() const override { return margin_; }

private:
    std::shared_ptr<const Backend> host_;
    double margin_;
};

std::string marginBackend(const std::string& id, double margin) {
    static KernelRegistry registry = [] {
        KernelRegistry r(cpuKernelRegistry());
        r.add("Tanh", {slowTanhKernel, {DataType::Float32}});  // replaces the reference kernel
        r.add("Tanh", {quickTanh, {DataType::Float32}, "quick"});
        return r;
    }();
    static std::set<std::string> added;
    if (added.insert(id).second)
        BackendRegistry::global().add({id, "test backend with a tactic margin",
                                       [id, margin](int) { return std::make_shared<MarginBackend>(id, registry, margin); },
                                       nullptr});
    return id;
}

std::string tanhTactic(const std::string& backend) {
    auto g = std::make_unique<Graph>();
    g->name = "tanh";
    g->opsetImports[""] = 21;
    Value* x = g->addValue("x");
    x->dtype = DataType::Float32;
    x->shape = Shape{1, 64};
    g->markInput(x);
    Value* y = g->addValue("y");
    y->dtype = DataType::Float32;
    g->addNode("Tanh", "tanh", {x}, {y})->origin = {"tanh"};
    g->markOutput(y);
    auto engine = buildEngine(*g, quickConfig(backend));
    for (const EngineLayer& l : engine->layers())
        if (l.opType == "Tanh") return l.tactic;
    return "(no Tanh layer)";
}

TEST(BuilderTactics, AFasterTacticMustBeatTheReferenceByTheBackendsMargin) {
    EXPECT_EQ(tanhTactic(marginBackend("margin_cpu_like", 0.15)), kReferenceTactic);
    EXPECT_EQ(tanhTactic(marginBackend("margin_device_like", 0.03)), "quick");
}
}  // namespace
}  // namespace kiln::test
