// Engines that mix backends, proved without a GPU on the "emulated" test backend
// (tests/unit/emulated_backend.h): layers it can't run fall back to the CPU; copy layers move
// tensors between its memory and the host; reformat layers change layouts (it wants NHWC convs);
// graph outputs come back to the host under their own names; fusions it can't run don't fire;
// tactic variants and the workspace limit; host inputs (shape tensors) stay on the host.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "profiler/layer_profiler.h"
#include "profiler/profile_export.h"
#include "profiler/profile_report.h"
#include "tests/unit/builder_test_util.h"
#include "tests/unit/emulated_backend.h"

namespace kiln::test {
namespace {

Value* tensorValue(Graph& g, const std::string& name, std::vector<int64_t> dims, DataType dtype = DataType::Float32) {
    Value* v = g.addValue(name);
    v->dtype = dtype;
    v->shape = Shape(dims);
    return v;
}

// x[2,3,8,8] -> conv (3x3, pad 1) -> c -> relu -> r -> softmax(axis 1) -> y, every shape known.
std::unique_ptr<Graph> convReluSoftmax() {
    auto g = std::make_unique<Graph>();
    g->opsetImports[""] = 21;
    Value* x = tensorValue(*g, "x", {2, 3, 8, 8});
    g->markInput(x);
    Value* w = g->addConstant("w", randomTensor({4, 3, 3, 3}, 1, -0.5f, 0.5f));
    Value* b = g->addConstant("b", randomTensor({4}, 2));
    Value* c = tensorValue(*g, "c", {2, 4, 8, 8});
    Value* r = tensorValue(*g, "r", {2, 4, 8, 8});
    Value* y = tensorValue(*g, "y", {2, 4, 8, 8});
    g->addNode("Conv", "conv", {x, w, b}, {c})->attributes["pads"] = std::vector<int64_t>{1, 1, 1, 1};
    g->addNode("Relu", "relu", {c}, {r});
    g->addNode("Softmax", "softmax", {r}, {y})->attributes["axis"] = int64_t(1);
    g->markOutput(y);
    for (Node* n : g->nodes()) n->origin = {n->name};
    return g;
}

// x[2,5] -> matmul (W[5,3]) -> m -> relu -> y: every layer on the emulated device, y made there.
std::unique_ptr<Graph> matMulRelu() {
    auto g = std::make_unique<Graph>();
    g->opsetImports[""] = 21;
    Value* x = tensorValue(*g, "x", {2, 5});
    g->markInput(x);
    Value* w = g->addConstant("w", randomTensor({5, 3}, 3));
    Value* m = tensorValue(*g, "m", {2, 3});
    Value* y = tensorValue(*g, "y", {2, 3});
    g->addNode("MatMul", "matmul", {x, w}, {m});
    g->addNode("Relu", "relu", {m}, {y});
    g->markOutput(y);
    for (Node* n : g->nodes()) n->origin = {n->name};
    return g;
}

BuilderConfig emulatedConfig(int level = 0) {
    BuilderConfig c;
    c.backend = "emulated";
    c.optimizationLevel = level;
    c.timingWarmup = 0;
    c.timingIterations = 1;
    return c;
}

struct LayerView {
    std::string op, backend, format;
    LayerKind kind;
};

std::vector<LayerView> layerViews(const Engine& e) {
    std::vector<LayerView> out;
    for (const EngineLayer& l : e.layers())
        out.push_back({l.opType, l.backend, std::string(tensorFormatName(l.format)), l.kind});
    return out;
}

class MixedBackend : public ::testing::Test {
protected:
    void SetUp() override { stats_ = &registerEmulatedBackend(); }
    EmulatedStats* stats_ = nullptr;
};

TEST_F(MixedBackend, FallbackCopyAndReformatLayers) {
    auto g = convReluSoftmax();
    BuildReport report;
    BuildOptions options;
    options.report = &report;
    auto engine = buildEngine(*g, emulatedConfig(), {}, options);
    std::vector<LayerView> layers = layerViews(*engine);
    ASSERT_EQ(layers.size(), 7u) << engine->summary();
    // x: copied as it is, then reformatted on the device (which has a Reformat kernel); conv in
    // NHWC; back to linear for relu on the device; r copied to the host for softmax, which the
    // emulated backend lacks.
    EXPECT_EQ(layers[0].kind, LayerKind::Copy);
    EXPECT_EQ(layers[0].backend, "emulated");
    EXPECT_EQ(layers[0].format, "linear");
    EXPECT_EQ(layers[1].op, "Reformat");
    EXPECT_EQ(layers[1].backend, "emulated");
    EXPECT_EQ(layers[1].format, "nhwc");
    EXPECT_EQ(layers[2].op, "Conv");
    EXPECT_EQ(layers[2].backend, "emulated");
    EXPECT_EQ(layers[2].format, "nhwc");
    EXPECT_EQ(layers[3].op, "Reformat");
    EXPECT_EQ(layers[3].backend, "emulated");
    EXPECT_EQ(layers[3].format, "linear");
    EXPECT_EQ(layers[4].op, "Relu");
    EXPECT_EQ(layers[4].backend, "emulated");
    EXPECT_EQ(layers[5].kind, LayerKind::Copy);
    EXPECT_EQ(layers[6].op, "Softmax");
    EXPECT_EQ(layers[6].backend, "cpu");
    // Why each layer is where it is.
    EXPECT_NE(engine->layers()[6].note.find("falls back to cpu"), std::string::npos) << engine->layers()[6].note;
    EXPECT_NE(engine->layers()[6].note.find("no EMULATED kernel for op Softmax"), std::string::npos);
    EXPECT_NE(engine->layers()[0].note.find("copies 'x"), std::string::npos) << engine->layers()[0].note;
    EXPECT_TRUE(engine->layers()[0].origin.empty());  // inserted by the builder
    EXPECT_EQ(report.fallbackLayers, 1u);
    EXPECT_EQ(report.copyLayers, 2u);
    EXPECT_NE(std::find_if(report.warnings.begin(), report.warnings.end(),
                           [](const std::string& w) { return w.find("'softmax'") != std::string::npos; }),
              report.warnings.end());
    EXPECT_NE(engine->summary().find("2 copy layer(s), 1 on another backend"), std::string::npos) << engine->summary();

    // Memory: an arena on each device.
    const MemoryPlan& plan = engine->memoryPlan(0);
    EXPECT_GE(plan.arenaOf(kHostDevice), 0);
    EXPECT_GE(plan.arenaOf(Device{DeviceType::Emulated, 0}), 0) << plan.summary();

    // Results: the reference executor on the CPU, and every kept layer output on the host.
    TensorMap in{{"x", randomTensor({2, 3, 8, 8}, 7)}};
    RunOptions keep;
    keep.keepIntermediates = true;
    TensorMap ref = Executor(*g).run(in, keep);
    auto ctx = engine->createExecutionContext();
    const int copiesBefore = stats_->copies.load();
    expectTensorNear(ctx->execute(in).at("y"), ref.at("y"), 1e-5, 1e-5);
    EXPECT_EQ(stats_->copies.load() - copiesBefore, 2);
    EXPECT_EQ(ctx->lastRunSpills(), 0u);
    ExecuteOptions debug;
    debug.keepLayerOutputs = true;
    TensorMap layersOut = ctx->execute(in, debug);
    for (const char* name : {"c", "r", "y"}) {
        ASSERT_TRUE(layersOut.count(name)) << name;
        EXPECT_TRUE(layersOut.at(name).device().isHost()) << name;
        expectTensorNear(layersOut.at(name), ref.at(name), 1e-5, 1e-5);
    }
    // Inserted layers' outputs are not reported as model tensors.
    for (const auto& [name, t] : layersOut) EXPECT_EQ(name.find('@'), std::string::npos) << name;

    // The profiler times every layer, copies included, and the table says where each ran.
    LayerProfiler profiler;
    ctx->execute(in, &profiler);
    LayerProfileReport profile = makeLayerProfileReport(describeEngineLayers(*engine), profiler);
    ASSERT_EQ(profile.rows.size(), 7u);
    const std::string table = profile.table();
    EXPECT_NE(table.find("backend"), std::string::npos) << table;
    EXPECT_NE(table.find("emulated"), std::string::npos) << table;
    const std::string info = exportLayerInfoJson(describeEngineLayers(*engine), {"x", "y"});
    EXPECT_NE(info.find("\"Backend\": \"emulated\""), std::string::npos);
    EXPECT_NE(info.find("\"Format\": \"nhwc\""), std::string::npos);
    EXPECT_NE(info.find("falls back to cpu"), std::string::npos);

    // The engine file keeps backends, formats and notes; the loaded engine runs the same.
    auto loaded = Engine::deserialize(engine->serialize(), "mixed.engine");
    ASSERT_EQ(loaded->layers().size(), engine->layers().size());
    for (size_t i = 0; i < loaded->layers().size(); ++i) {
        EXPECT_EQ(loaded->layers()[i].backend, engine->layers()[i].backend);
        EXPECT_EQ(loaded->layers()[i].format, engine->layers()[i].format);
        EXPECT_EQ(loaded->layers()[i].kind, engine->layers()[i].kind);
        EXPECT_EQ(loaded->layers()[i].note, engine->layers()[i].note);
    }
    EXPECT_EQ(loaded->serialize(), engine->serialize());
    expectTensorNear(loaded->createExecutionContext()->execute(in).at("y"), ref.at("y"), 1e-5, 1e-5);
}

TEST_F(MixedBackend, DeviceTensorsAreNotReadOnTheHost) {
    std::shared_ptr<const Backend> emulated = BackendRegistry::global().get("emulated");
    Tensor t = Tensor::allocate(emulated->allocator(MemoryKind::Device), DataType::Float32, {4});
    EXPECT_EQ(t.device().type, DeviceType::Emulated);
    expectErrorContaining([&] { (void)t.data<float>(); }, {"on emulated:0", "read on the host"});
    expectErrorContaining([&] { (void)t.toFloatVector(); }, {"read on the host"});
    // Through the backend's copy it comes back.
    Tensor host = Tensor::fromVector<float>({4}, {1, 2, 3, 4});
    auto stream = emulated->createStream();
    emulated->copy(t, host, *stream);
    Tensor back(DataType::Float32, {4});
    emulated->copy(back, t, *stream);
    EXPECT_EQ(back.toFloatVector(), host.toFloatVector());
}

TEST_F(MixedBackend, GraphOutputsComeBackUnderTheirNames) {
    auto g = matMulRelu();
    auto engine = buildEngine(*g, emulatedConfig());
    std::vector<LayerView> layers = layerViews(*engine);
    ASSERT_EQ(layers.size(), 4u) << engine->summary();
    EXPECT_EQ(layers[0].kind, LayerKind::Copy);
    EXPECT_EQ(layers[1].op, "MatMul");
    EXPECT_EQ(layers[2].op, "Relu");
    EXPECT_EQ(layers[3].kind, LayerKind::Copy);
    EXPECT_EQ(engine->layers()[2].outputs, std::vector<std::string>{"y@emulated:0"});
    EXPECT_EQ(engine->layers()[3].outputs, std::vector<std::string>{"y"});
    ASSERT_EQ(engine->outputs().size(), 1u);
    EXPECT_EQ(engine->outputs()[0].name, "y");
    TensorMap in{{"x", randomTensor({2, 5}, 9)}};
    TensorMap ref = Executor(*g).run(in);
    TensorMap out = engine->createExecutionContext()->execute(in);
    ASSERT_EQ(out.count("y"), 1u);
    EXPECT_TRUE(out.at("y").device().isHost());
    expectTensorNear(out.at("y"), ref.at("y"), 1e-5, 1e-5);
}

TEST_F(MixedBackend, TacticVariantsAreTimedStoredAndReloaded) {
    auto g = matMulRelu();
    const int preparedBefore = stats_->prepared.load();
    auto engine = buildEngine(*g, emulatedConfig());
    const EngineLayer& mm = engine->layers()[1];
    EXPECT_TRUE(mm.tactic == "reference#narrow" || mm.tactic == "reference#wide") << mm.tactic;
    EXPECT_EQ(mm.tactic, "reference#" + mm.tacticData);
    EXPECT_GT(stats_->prepared.load() - preparedBefore, 2);  // both variants prepared for timing
    auto loaded = Engine::deserialize(engine->serialize(), "variants.engine");
    EXPECT_EQ(loaded->layers()[1].tactic, mm.tactic);
    EXPECT_EQ(loaded->layers()[1].tacticData, mm.tacticData);
    // The workspace it needs is the chosen variant's.
    EXPECT_EQ(mm.workspaceBytes, mm.tacticData == "wide" ? kEmulatedWideScratch : 256u);
}

// With the tactic in the timing cache, the builder takes the cached variant without asking the kernel
// for its list (a cuDNN convolution builds every plan to list them), and builds the same engine.
TEST_F(MixedBackend, WarmTimingCacheTakesTheVariantWithoutListingThem) {
    auto g = matMulRelu();
    BuilderConfig c = emulatedConfig();
    c.timingCachePath = (std::filesystem::path(::testing::TempDir()) / "kiln_variants_cache.json").string();
    std::filesystem::remove(c.timingCachePath);
    const int listsBefore = stats_->variantLists.load();
    auto cold = buildEngine(*g, c);
    EXPECT_GE(stats_->variantLists.load() - listsBefore, 1);
    ASSERT_TRUE(std::filesystem::exists(c.timingCachePath));
    const int listsWarm = stats_->variantLists.load();
    BuildReport report;
    BuildOptions options;
    options.report = &report;
    auto warm = buildEngine(*g, c, {}, options);
    EXPECT_EQ(stats_->variantLists.load(), listsWarm);
    EXPECT_EQ(report.tacticsTimed, 0u);
    EXPECT_GE(report.timingCacheHits, 1u);
    EXPECT_EQ(warm->layers()[1].tactic, cold->layers()[1].tactic);
    EXPECT_EQ(warm->layers()[1].tacticData, cold->layers()[1].tacticData);
    TensorMap in{{"x", randomTensor({2, 5}, 9)}};
    expectTensorNear(warm->createExecutionContext()->execute(in).at("y"), Executor(*g).run(in).at("y"), 1e-5, 1e-5);
    std::filesystem::remove(c.timingCachePath);
}

TEST_F(MixedBackend, WorkspaceLimitExcludesTacticsAndNamesTheLayer) {
    auto g = matMulRelu();
    BuilderConfig c = emulatedConfig();
    c.workspaceBytes = 4096;  // the wide variant needs 1 MiB
    auto engine = buildEngine(*g, c);
    EXPECT_EQ(engine->layers()[1].tactic, "reference#narrow");
    EXPECT_LE(engine->memoryPlan(0).arenas.at(size_t(engine->memoryPlan(0).arenaOf({DeviceType::Emulated, 0}))).workspaceBytes,
              4096u);
    c.workspaceBytes = 100;  // neither fits
    expectErrorContaining([&] { buildEngine(*g, c); }, {"'matmul'", "workspace limit of 100 bytes", "workspaceBytes"});
}

TEST_F(MixedBackend, FusionsTheBackendCannotRunDoNotFire) {
    auto g = convReluSoftmax();
    BuildReport report;
    BuildOptions options;
    options.report = &report;
    auto engine = buildEngine(*g, emulatedConfig(3), {}, options);
    ASSERT_TRUE(report.fusion.skipped.count("FuseConvActivation")) << report.fusion.str();
    EXPECT_EQ(report.fusion.skipped.at("FuseConvActivation"), "the emulated backend has no kiln::FusedConv kernel");
    EXPECT_EQ(report.fusion.timesFired("FuseConvActivation"), 0);
    EXPECT_NE(report.fusion.str().find("not run: FuseConvActivation"), std::string::npos);
    for (const EngineLayer& l : engine->layers()) EXPECT_NE(l.opType, "FusedConv");
    // On the CPU the same model fuses.
    BuildReport cpuReport;
    options.report = &cpuReport;
    BuilderConfig cpu = emulatedConfig(3);
    cpu.backend = "cpu";
    buildEngine(*g, cpu, {}, options);
    EXPECT_EQ(cpuReport.fusion.timesFired("FuseConvActivation"), 1);
    EXPECT_TRUE(cpuReport.fusion.skipped.empty());
}

TEST_F(MixedBackend, ShapeInputsStayOnTheHost) {
    // x[2,6] -> relu -> r -> reshape(r, s) -> y, with s a runtime int64 input: the emulated Reshape
    // reads its shape on the host (KernelDef::hostInputs), so s is never copied.
    Graph g;
    g.opsetImports[""] = 21;
    Value* x = tensorValue(g, "x", {2, 6});
    Value* s = tensorValue(g, "s", {2}, DataType::Int64);
    g.markInput(x);
    g.markInput(s);
    Value* r = tensorValue(g, "r", {2, 6});
    Value* y = g.addValue("y");
    y->dtype = DataType::Float32;
    g.addNode("Relu", "relu", {x}, {r});
    g.addNode("Reshape", "reshape", {r, s}, {y});
    g.markOutput(y);
    for (Node* n : g.nodes()) n->origin = {n->name};
    auto engine = buildEngine(g, emulatedConfig());
    int copies = 0;
    for (const EngineLayer& l : engine->layers()) {
        if (l.kind != LayerKind::Copy) continue;
        ++copies;
        EXPECT_EQ(l.note.find("'s'"), std::string::npos) << l.note;
    }
    EXPECT_EQ(copies, 2);  // x in, y out
    TensorMap in{{"x", randomTensor({2, 6}, 4)}, {"s", Tensor::fromVector<int64_t>({2}, {3, 4})}};
    Tensor out = engine->createExecutionContext()->execute(in).at("y");
    EXPECT_EQ(out.dims(), (std::vector<int64_t>{3, 4}));
    expectTensorNear(out, Executor(g).run(in).at("y"), 0, 0);
}

// x[2,5] -> matmul -> m (an output, made early) -> relu -> sigmoid -> y (an output): two outputs,
// everything on the device. The device layers must run as one stretch, the output copies after them.
std::unique_ptr<Graph> twoOutputs() {
    auto g = std::make_unique<Graph>();
    g->opsetImports[""] = 21;
    Value* x = tensorValue(*g, "x", {2, 5});
    g->markInput(x);
    Value* w = g->addConstant("w", randomTensor({5, 3}, 3));
    Value* m = tensorValue(*g, "m", {2, 3});
    Value* r = tensorValue(*g, "r", {2, 3});
    Value* y = tensorValue(*g, "y", {2, 3});
    g->addNode("MatMul", "matmul", {x, w}, {m});
    g->addNode("Relu", "relu", {m}, {r});
    g->addNode("Sigmoid", "sigmoid", {r}, {y});
    g->markOutput(m);
    g->markOutput(y);
    for (Node* n : g->nodes()) n->origin = {n->name};
    return g;
}

TEST_F(MixedBackend, DeviceLayersRunAsOneSegmentBetweenTheCopies) {
    auto g = twoOutputs();
    auto engine = buildEngine(*g, emulatedConfig());
    std::vector<LayerView> layers = layerViews(*engine);
    ASSERT_EQ(layers.size(), 6u) << engine->summary();
    // The input's copy, the three device layers, then both outputs' copies (m's was made right
    // after matmul in topological order).
    EXPECT_EQ(layers[0].kind, LayerKind::Copy);
    EXPECT_EQ(layers[1].op, "MatMul");
    EXPECT_EQ(layers[2].op, "Relu");
    EXPECT_EQ(layers[3].op, "Sigmoid");
    EXPECT_EQ(layers[4].kind, LayerKind::Copy);
    EXPECT_EQ(layers[5].kind, LayerKind::Copy);
    const DeviceSegment& segment = engine->program().deviceSegment();
    EXPECT_EQ(segment.begin, 1u);
    EXPECT_EQ(segment.end, 4u);
    EXPECT_EQ(segment.whyNotCapturable, "");
    // Still right, and the device time is reported.
    TensorMap in{{"x", randomTensor({2, 5}, 9)}};
    TensorMap ref = Executor(*g).run(in);
    auto context = engine->createExecutionContext();
    double deviceMs = -1;
    ExecuteOptions options;
    options.deviceMs = &deviceMs;
    TensorMap out = context->execute(in, options);
    EXPECT_GE(deviceMs, 0.0);
    expectTensorNear(out.at("m"), ref.at("m"), 1e-5, 1e-5);
    expectTensorNear(out.at("y"), ref.at("y"), 1e-5, 1e-5);
    // The emulated device's streams can't capture: a graph run is refused, saying so, and the
    // context still runs afterwards.
    options.useCudaGraph = true;
    try {
        context->execute(in, options);
        ADD_FAILURE() << "a graph run on a stream that can't capture";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Unsupported) << e.what();
        EXPECT_NE(std::string(e.what()).find("can't be captured"), std::string::npos) << e.what();
    }
    // The first graph run with new inputs runs uncaptured; the second is the one that captures.
    expectTensorNear(context->execute(in).at("y"), ref.at("y"), 1e-5, 1e-5);
}

TEST_F(MixedBackend, LateInputsAreCopiedFirstAndTheEngineKeepsThatOrder) {
    // x -> matmul -> relu -> add(z) -> y: z's copy to the device moves before every device layer,
    // away from the topological order; the engine graph must keep the builder's layer order (it
    // once recomputed a topological order and refused to build).
    Graph g;
    g.opsetImports[""] = 21;
    Value* x = tensorValue(g, "x", {2, 5});
    Value* z = tensorValue(g, "z", {2, 3});
    g.markInput(x);
    g.markInput(z);
    Value* w = g.addConstant("w", randomTensor({5, 3}, 3));
    Value* m = tensorValue(g, "m", {2, 3});
    Value* r = tensorValue(g, "r", {2, 3});
    Value* y = tensorValue(g, "y", {2, 3});
    g.addNode("MatMul", "matmul", {x, w}, {m});
    g.addNode("Relu", "relu", {m}, {r});
    g.addNode("Add", "add", {r, z}, {y});
    g.markOutput(y);
    for (Node* n : g.nodes()) n->origin = {n->name};
    auto engine = buildEngine(g, emulatedConfig());
    std::vector<LayerView> layers = layerViews(*engine);
    ASSERT_EQ(layers.size(), 6u) << engine->summary();
    EXPECT_EQ(layers[0].kind, LayerKind::Copy);
    EXPECT_EQ(layers[1].kind, LayerKind::Copy);
    EXPECT_EQ(engine->program().deviceSegment().begin, 2u);
    EXPECT_EQ(engine->program().deviceSegment().whyNotCapturable, "");
    // The order survives the engine file.
    auto loaded = Engine::deserialize(engine->serialize(), "late_input.kiln");
    ASSERT_EQ(loaded->layers().size(), engine->layers().size());
    for (size_t i = 0; i < loaded->layers().size(); ++i) EXPECT_EQ(loaded->layers()[i].name, engine->layers()[i].name);
    TensorMap in{{"x", randomTensor({2, 5}, 9)}, {"z", randomTensor({2, 3}, 10)}};
    expectTensorNear(loaded->createExecutionContext()->execute(in).at("y"), Executor(g).run(in).at("y"), 1e-5, 1e-5);
}

// x[2,3,4] -> relu (device) -> r; Shape(r) -> Gather(0) -> Unsqueeze -> Concat(.., [-1]) -> the shape
// of a device Reshape of r -> relu2 -> y; `dataUse`: the unsqueezed batch (2) also indexes a
// device Gather of r (as data), so that chain must stay on the device.
std::unique_ptr<Graph> reshapeByComputedShape(bool dataUse) {
    auto g = std::make_unique<Graph>();
    g->opsetImports[""] = 21;
    Value* x = tensorValue(*g, "x", {2, 3, 4});
    g->markInput(x);
    Value* r = tensorValue(*g, "r", {2, 3, 4});
    g->addNode("Relu", "relu", {x}, {r});
    Value* s = tensorValue(*g, "s", {3}, DataType::Int64);
    g->addNode("Shape", "shape", {r}, {s});
    Value* b = tensorValue(*g, "b", {}, DataType::Int64);
    g->addNode("Gather", "gather", {s, g->addConstant("zero", Tensor::scalar<int64_t>(0))}, {b});
    Value* b1 = tensorValue(*g, "b1", {1}, DataType::Int64);
    g->addNode("Unsqueeze", "unsqueeze", {b, g->addConstant("axes", Tensor::fromVector<int64_t>({1}, {0}))}, {b1});
    Value* shape = tensorValue(*g, "shape2", {2}, DataType::Int64);
    g->addNode("Concat", "concat", {b1, g->addConstant("rest", Tensor::fromVector<int64_t>({1}, {-1}))}, {shape})
        ->attributes["axis"] = int64_t(0);
    Value* m = tensorValue(*g, "m", {2, 12});
    g->addNode("Reshape", "reshape", {r, shape}, {m});
    Value* y = tensorValue(*g, "y", {2, 12});
    g->addNode("Relu", "relu2", {m}, {y});
    g->markOutput(y);
    if (dataUse) {
        Value* bf = tensorValue(*g, "bf", {2, 1, 4});
        g->addNode("Gather", "pick_row", {r, b1}, {bf})->attributes["axis"] = int64_t(1);
        g->markOutput(bf);
    }
    for (Node* n : g->nodes()) n->origin = {n->name};
    return g;
}

TEST_F(MixedBackend, ShapeComputationsRunOnTheHostWithoutCopies) {
    auto g = reshapeByComputedShape(false);
    auto engine = buildEngine(*g, emulatedConfig());
    std::map<std::string, const EngineLayer*> byName;
    size_t copies = 0;
    for (const EngineLayer& l : engine->layers()) {
        byName[l.name] = &l;
        copies += l.kind == LayerKind::Copy;
    }
    for (const char* name : {"shape", "gather", "unsqueeze", "concat"}) {
        ASSERT_TRUE(byName.count(name)) << name << "\n" << engine->summary();
        EXPECT_EQ(byName[name]->backend, "cpu") << name << "\n" << engine->summary();
        EXPECT_NE(byName[name]->note.find("shape computation"), std::string::npos) << byName[name]->note;
    }
    EXPECT_EQ(byName["reshape"]->backend, "emulated");
    // x in, y out: Shape reads r's dims where r lies (no copy of r to the host and back).
    EXPECT_EQ(copies, 2u) << engine->summary();
    // The host shape layers between device layers don't stop a graph capture: the refusal, if
    // any, is about the emulated stream, not a layer.
    EXPECT_EQ(engine->program().deviceSegment().whyNotCapturable, "") << engine->summary();
    TensorMap in{{"x", randomTensor({2, 3, 4}, 5)}};
    expectTensorNear(engine->createExecutionContext()->execute(in).at("y"), Executor(*g).run(in).at("y"), 0, 0);

    // The gathered batch also read as data by a device layer: that part stays on the device.
    auto g2 = reshapeByComputedShape(true);
    auto engine2 = buildEngine(*g2, emulatedConfig());
    for (const EngineLayer& l : engine2->layers())
        if (l.name == "gather" || l.name == "unsqueeze") EXPECT_EQ(l.backend, "emulated") << l.name;
    const TensorMap out2 = engine2->createExecutionContext()->execute(in);
    const TensorMap ref2 = Executor(*g2).run(in);
    expectTensorNear(out2.at("y"), ref2.at("y"), 0, 0);
    expectTensorNear(out2.at("bf"), ref2.at("bf"), 0, 0);
}

TEST_F(MixedBackend, GraphRunsAreRefusedWithTheReason) {
    // A CPU layer between device layers: x -> conv, relu (device) -> softmax (falls back to the
    // cpu) -> relu2 (device) -> z.
    Graph graph;
    graph.opsetImports[""] = 21;
    Value* x = tensorValue(graph, "x", {2, 3, 8, 8});
    graph.markInput(x);
    Value* w = graph.addConstant("w", randomTensor({4, 3, 3, 3}, 1, -0.5f, 0.5f));
    Value* c = tensorValue(graph, "c", {2, 4, 8, 8});
    Value* r = tensorValue(graph, "r", {2, 4, 8, 8});
    Value* y = tensorValue(graph, "y", {2, 4, 8, 8});
    Value* z = tensorValue(graph, "z", {2, 4, 8, 8});
    graph.addNode("Conv", "conv", {x, w}, {c})->attributes["pads"] = std::vector<int64_t>{1, 1, 1, 1};
    graph.addNode("Relu", "relu", {c}, {r});
    graph.addNode("Softmax", "softmax", {r}, {y})->attributes["axis"] = int64_t(1);
    graph.addNode("Relu", "relu2", {y}, {z});
    graph.markOutput(z);
    for (Node* n : graph.nodes()) n->origin = {n->name};
    auto engine = buildEngine(graph, emulatedConfig());
    const DeviceSegment& segment = engine->program().deviceSegment();
    EXPECT_NE(segment.whyNotCapturable.find("softmax"), std::string::npos) << segment.whyNotCapturable;
    ExecuteOptions options;
    options.useCudaGraph = true;
    TensorMap in{{"x", randomTensor({2, 3, 8, 8}, 4)}};
    try {
        engine->createExecutionContext()->execute(in, options);
        ADD_FAILURE() << "a graph run over a CPU layer";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Unsupported) << e.what();
        EXPECT_NE(std::string(e.what()).find("softmax"), std::string::npos) << e.what();
    }
    // A CPU engine has no device layers.
    BuilderConfig cpu = emulatedConfig();
    cpu.backend = "cpu";
    auto cpuEngine = buildEngine(*convReluSoftmax(), cpu);
    EXPECT_TRUE(cpuEngine->program().deviceSegment().empty());
    try {
        cpuEngine->createExecutionContext()->execute(in, options);
        ADD_FAILURE() << "a graph run of a CPU engine";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Unsupported) << e.what();
        EXPECT_NE(std::string(e.what()).find("runs on the host"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace kiln::test
