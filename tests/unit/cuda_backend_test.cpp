// The CUDA backend (the module libkiln_backend_cuda.so) against the CPU: every CUDA kernel on
// awkward shapes through engines built for "cuda" and for "cpu", a mixed engine with copy layers,
// engine files, planned runs, and the backend's memory, streams, timers and copies. Without a GPU
// (or without the CUDA build) these skip with one line saying why (they fail instead when
// KILN_REQUIRE_CUDA is set); CudaBackendAvailability runs there instead and checks that the reason
// is given.
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <chrono>
#include <thread>
#include <fstream>
#include <iostream>
#include <random>
#include <set>

#include "engine_core/builder/builder.h"
#include "engine_core/builder/execution_context.h"
#include "tests/unit/builder_test_util.h"
#include "tests/unit/test_util.h"

using namespace kiln;

namespace {

constexpr Device kCuda0{DeviceType::Cuda, 0};

Tensor randomTensor(std::vector<int64_t> dims, uint32_t seed) { return test::randomTensor(std::move(dims), seed, -2.f, 2.f); }

Value* addInput(Graph& g, const std::string& name, Shape shape) {
    Value* v = g.addValue(name);
    v->dtype = DataType::Float32;
    v->shape = std::move(shape);
    g.markInput(v);
    return v;
}

Value* addTensor(Graph& g, const std::string& name) {
    Value* v = g.addValue(name);
    v->dtype = DataType::Float32;
    return v;
}

// One node over graph inputs shaped like `inputs`; its output is the graph output "out".
std::unique_ptr<Graph> oneNode(const std::string& op, const std::vector<Tensor>& inputs) {
    auto g = std::make_unique<Graph>();
    g->opsetImports[""] = 21;
    std::vector<Value*> ins;
    for (size_t i = 0; i < inputs.size(); ++i) ins.push_back(addInput(*g, "in" + std::to_string(i), Shape(inputs[i].dims())));
    Value* out = addTensor(*g, "out");
    g->addNode(op, "node", ins, {out});
    g->markOutput(out);
    return g;
}

TensorMap feedsOf(const std::vector<Tensor>& inputs) {
    TensorMap feeds;
    for (size_t i = 0; i < inputs.size(); ++i) feeds["in" + std::to_string(i)] = inputs[i];
    return feeds;
}

BuilderConfig configFor(const std::string& backend) {
    BuilderConfig config;
    config.backend = backend;
    config.optimizationLevel = 0;
    config.timingWarmup = 1;
    config.timingIterations = 3;
    return config;
}

std::shared_ptr<const Engine> build(const Graph& g, const BuilderConfig& config, BuildReport* report = nullptr) {
    BuildOptions options;
    options.report = report;
    return buildEngine(g, config, {}, options);
}

// Builds `g` for cuda and for cpu, runs both on `feeds` and compares every output. The layers named
// in `onCuda` must have run on the GPU (a silent CPU fallback would make the comparison moot).
void expectCudaMatchesCpu(const Graph& g, const TensorMap& feeds, const std::vector<std::string>& onCuda,
                          double atol, double rtol, const BuilderConfig& base = configFor("cuda")) {
    BuilderConfig cudaConfig = base, cpuConfig = base;
    cudaConfig.backend = "cuda";
    cpuConfig.backend = "cpu";
    auto gpu = build(g, cudaConfig);
    auto cpu = build(g, cpuConfig);
    for (const std::string& name : onCuda) {
        const EngineLayer* layer = gpu->findLayer(name);
        ASSERT_NE(layer, nullptr) << name;
        EXPECT_EQ(layer->backend, "cuda") << name << ": " << layer->note;
    }
    const TensorMap got = gpu->createExecutionContext()->execute(feeds);
    const TensorMap want = cpu->createExecutionContext()->execute(feeds);
    ASSERT_EQ(got.size(), want.size());
    for (const auto& [name, expected] : want) {
        SCOPED_TRACE(name);
        ASSERT_TRUE(got.count(name));
        EXPECT_TRUE(got.at(name).device().isHost());
        test::expectTensorNear(got.at(name), expected, atol, rtol);
    }
}

std::string shapeText(const std::vector<Tensor>& inputs) {
    std::string s;
    for (const Tensor& t : inputs) s += (s.empty() ? "" : " · ") + t.describe();
    return s;
}

class CudaBackendTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string why;
        if (!BackendRegistry::global().available("cuda", &why)) {
            // On the GPU machine (scripts/gpu_test.sh sets KILN_REQUIRE_CUDA) a skip would hide a
            // module that does not load.
            if (std::getenv("KILN_REQUIRE_CUDA")) GTEST_FAIL() << "no CUDA backend: " << why;
            GTEST_SKIP() << "no CUDA backend here: " << why;
        }
        backend_ = BackendRegistry::global().get("cuda");
    }
    std::shared_ptr<const Backend> backend_;
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// Kernels against the CPU

TEST_F(CudaBackendTest, ActivationsMatchCpu) {
    const std::vector<std::vector<int64_t>> shapes = {{1}, {1, 1, 1}, {3, 5, 7}, {1, 1, 1000003}, {2, 1, 1024, 512}};
    for (const char* op : {"Relu", "Sigmoid", "Tanh"}) {
        for (const auto& dims : shapes) {
            Tensor x = randomTensor(dims, 7);
            // The tails of the formulas: NaN, infinities, values where exp overflows.
            const float special[] = {std::nanf(""), INFINITY, -INFINITY, 100.f, -100.f, 0.f, -0.f};
            for (size_t i = 0; i < std::size(special) && int64_t(i) < x.numel(); ++i) x.data<float>()[i] = special[i];
            SCOPED_TRACE(std::string(op) + " " + x.describe());
            expectCudaMatchesCpu(*oneNode(op, {x}), feedsOf({x}), {"node"}, 1e-6, 1e-5);
        }
    }
}

TEST_F(CudaBackendTest, MatMulMatchesCpu) {
    // Single products, size-1 and odd dims, vectors, A's batch folded into m, strided batches with
    // and without a broadcast operand, batch dims that broadcast both ways (one product each), and
    // empty products.
    const std::vector<std::pair<std::vector<int64_t>, std::vector<int64_t>>> cases = {
        {{1, 1}, {1, 1}},
        {{3, 17}, {17, 5}},
        {{1, 1, 7}, {7, 1}},
        {{1, 257, 511}, {511, 129}},
        {{4, 37, 19}, {19, 23}},
        {{19}, {19, 23}},
        {{4, 37, 19}, {19}},
        {{17}, {17}},
        {{2, 3, 65, 33}, {2, 3, 33, 129}},
        {{37, 19}, {3, 19, 23}},
        {{5, 1, 31}, {5, 31, 1}},
        {{2, 1, 5, 7}, {1, 3, 7, 4}},
        {{3, 0}, {0, 4}},
        {{0, 5}, {5, 3}},
    };
    for (const auto& [da, db] : cases) {
        const std::vector<Tensor> inputs = {randomTensor(da, 1), randomTensor(db, 2)};
        SCOPED_TRACE(shapeText(inputs));
        // Sums of up to 511 products of values in [-2, 2], in another order than the CPU's.
        expectCudaMatchesCpu(*oneNode("MatMul", inputs), feedsOf(inputs), {"node"}, 1e-3, 1e-4);
    }
}

TEST_F(CudaBackendTest, MatMulWithConstantWeightsAndDynamicBatch) {
    // x[batch, 24] · W[24, 40] (W uploaded once) → Relu; built with a batch range, run at sizes the
    // prepared plan was not made for (a plan per run) and at the opt size.
    Graph g;
    g.opsetImports[""] = 21;
    Value* x = addInput(g, "x", Shape{Dim::symbolic("batch"), 24});
    Value* w = g.addConstant("w", randomTensor({24, 40}, 5));
    Value *m = addTensor(g, "m"), *y = addTensor(g, "y");
    g.addNode("MatMul", "fc", {x, w}, {m});
    g.addNode("Relu", "relu", {m}, {y});
    g.markOutput(y);
    BuilderConfig config = configFor("cuda");
    config.profiles = {OptimizationProfile{{{"x", ShapeRange{{1, 24}, {8, 24}, {33, 24}}}}}};
    for (int64_t batch : {1, 8, 33}) {
        SCOPED_TRACE(batch);
        const Tensor in = randomTensor({batch, 24}, uint32_t(batch));
        expectCudaMatchesCpu(g, {{"x", in}}, {"fc", "relu"}, 1e-4, 1e-4, config);
    }
}

TEST_F(CudaBackendTest, MatMulTacticsAreCuBlasLtAlgorithms) {
    const std::vector<Tensor> inputs = {randomTensor({64, 96}, 3), randomTensor({96, 80}, 4)};
    BuildReport report;
    auto engine = build(*oneNode("MatMul", inputs), configFor("cuda"), &report);
    const EngineLayer* layer = engine->findLayer("node");
    ASSERT_NE(layer, nullptr);
    EXPECT_EQ(layer->backend, "cuda");
    EXPECT_EQ(layer->tacticData.rfind("ws=", 0), 0u) << layer->tacticData;
    std::cout << "[ info     ] MatMul 64x96·96x80: tactic " << layer->tactic << " '" << layer->tacticData << "', "
              << report.tacticsTimed << " timed, " << layer->tacticMs << " ms, workspace " << layer->workspaceBytes
              << " bytes\n";
}

// ---------------------------------------------------------------------------------------------
// Engines

// MatMul (cuda) → Softmax (no CUDA kernel: cpu) → Relu (cuda): copies between the devices.
std::unique_ptr<Graph> mixedGraph() {
    auto g = std::make_unique<Graph>();
    g->opsetImports[""] = 21;
    Value* x = addInput(*g, "x", Shape{6, 32});
    Value* w = g->addConstant("w", randomTensor({32, 16}, 9));
    Value *m = addTensor(*g, "m"), *s = addTensor(*g, "s"), *y = addTensor(*g, "y");
    g->addNode("MatMul", "fc", {x, w}, {m});
    // CumSum has no CUDA kernel: it falls back to the CPU, between copy layers.
    Value* axis = g->addConstant("axis", Tensor::scalar<int64_t>(1));
    g->addNode("CumSum", "cumsum", {m, axis}, {s});
    g->addNode("Relu", "relu", {s}, {y});
    g->markOutput(y);
    for (Node* n : g->nodes()) n->origin = {n->name};
    return g;
}

TEST_F(CudaBackendTest, MixedEngineHasCopyLayersAndMatchesCpu) {
    auto g = mixedGraph();
    BuildReport report;
    auto engine = build(*g, configFor("cuda"), &report);
    size_t copies = 0;
    for (const EngineLayer& l : engine->layers()) {
        std::cout << "[ layer    ] " << l.name << " (" << l.opType << ", " << layerKindName(l.kind) << ") on " << l.backend
                  << (l.note.empty() ? "" : ": " + l.note) << "\n";
        if (l.kind != LayerKind::Copy) continue;
        ++copies;
        EXPECT_EQ(l.opType, "Copy");
        EXPECT_NE(l.note.find("copies '"), std::string::npos) << l.note;
    }
    // x to the GPU, fc's output to the host, cumsum's back to the GPU, y to the host.
    EXPECT_EQ(copies, 4u);
    EXPECT_EQ(report.copyLayers, copies);
    EXPECT_EQ(report.fallbackLayers, 1u);
    ASSERT_NE(engine->findLayer("cumsum"), nullptr);
    EXPECT_EQ(engine->findLayer("cumsum")->backend, "cpu");
    EXPECT_NE(engine->findLayer("cumsum")->note.find("falls back to cpu"), std::string::npos);
    EXPECT_EQ(engine->findLayer("fc")->backend, "cuda");
    EXPECT_EQ(engine->findLayer("relu")->backend, "cuda");
    const Tensor x = randomTensor({6, 32}, 10);
    expectCudaMatchesCpu(*g, {{"x", x}}, {"fc", "relu"}, 1e-5, 1e-4);
    // Every layer's output, on the host, for the per-layer comparison (kiln compare --per-layer).
    ExecuteOptions options;
    options.keepLayerOutputs = true;
    const TensorMap layers = engine->createExecutionContext()->execute({{"x", x}}, options);
    for (const char* name : {"m", "s", "y"}) {
        ASSERT_TRUE(layers.count(name)) << name;
        EXPECT_TRUE(layers.at(name).device().isHost()) << name;
    }
}

TEST_F(CudaBackendTest, EngineFileRoundTrip) {
    auto g = mixedGraph();
    auto engine = build(*g, configFor("cuda"));
    EXPECT_EQ(engine->header().backend, "cuda");
    EXPECT_EQ(engine->header().arch, backend_->arch());
    EXPECT_TRUE(engine->header().libraryVersions.count("cudnn"));
    test::TempDir dir("kiln_cuda_engine");
    const std::string path = dir.file("mixed.kiln");
    engine->save(path);
    auto loaded = Engine::load(path);
    EXPECT_EQ(loaded->serialize(), engine->serialize());
    ASSERT_EQ(loaded->layers().size(), engine->layers().size());
    for (size_t i = 0; i < loaded->layers().size(); ++i) {
        EXPECT_EQ(loaded->layers()[i].backend, engine->layers()[i].backend);
        EXPECT_EQ(loaded->layers()[i].tacticData, engine->layers()[i].tacticData);
    }
    const TensorMap feeds = {{"x", randomTensor({6, 32}, 11)}};
    const TensorMap a = engine->createExecutionContext()->execute(feeds);
    const TensorMap b = loaded->createExecutionContext()->execute(feeds);
    test::expectTensorNear(b.at("y"), a.at("y"), 1e-6, 1e-6);
}

TEST_F(CudaBackendTest, PlannedRunsAllocateNothing) {
    // x[4,64] → fc1 → sigmoid → fc2 → tanh → y: static shapes, everything on the GPU.
    Graph g;
    g.opsetImports[""] = 21;
    Value* x = addInput(g, "x", Shape{4, 64});
    Value* w1 = g.addConstant("w1", randomTensor({64, 128}, 21));
    Value* w2 = g.addConstant("w2", randomTensor({128, 32}, 22));
    Value *a = addTensor(g, "a"), *b = addTensor(g, "b"), *c = addTensor(g, "c"), *y = addTensor(g, "y");
    g.addNode("MatMul", "fc1", {x, w1}, {a});
    g.addNode("Sigmoid", "sigmoid", {a}, {b});
    g.addNode("MatMul", "fc2", {b, w2}, {c});
    g.addNode("Tanh", "tanh", {c}, {y});
    g.markOutput(y);
    auto engine = build(g, configFor("cuda"));
    const MemoryPlan& plan = engine->memoryPlan(0);
    ASSERT_GE(plan.arenaOf(kCuda0), 0) << plan.summary();
    std::cout << "[ info     ] memory plan: " << plan.summary() << "\n";
    auto context = engine->createExecutionContext();
    const Tensor in = randomTensor({4, 64}, 23);
    const TensorMap first = context->execute({{"x", in}});
    EXPECT_EQ(context->lastRunSpills(), 0u);
    // The allocation-free path: bound host tensors, then enqueue.
    Tensor out(DataType::Float32, {4, 32});
    context->setTensor("x", in);
    context->setTensor("y", out);
    for (int i = 0; i < 3; ++i) {
        context->enqueue();
        EXPECT_EQ(context->lastRunSpills(), 0u);
    }
    test::expectTensorNear(out, first.at("y"), 1e-6, 1e-6);
    expectCudaMatchesCpu(g, {{"x", in}}, {"fc1", "sigmoid", "fc2", "tanh"}, 1e-4, 1e-4);
}

// x[4,64] → fc1 → sigmoid → fc2 → tanh → y, every layer on the GPU.
std::unique_ptr<Graph> deviceChain(Shape xShape = Shape{4, 64}) {
    auto g = std::make_unique<Graph>();
    g->opsetImports[""] = 21;
    Value* x = addInput(*g, "x", std::move(xShape));
    Value* w1 = g->addConstant("w1", randomTensor({64, 128}, 21));
    Value* w2 = g->addConstant("w2", randomTensor({128, 32}, 22));
    Value *a = addTensor(*g, "a"), *b = addTensor(*g, "b"), *c = addTensor(*g, "c"), *y = addTensor(*g, "y");
    g->addNode("MatMul", "fc1", {x, w1}, {a});
    g->addNode("Sigmoid", "sigmoid", {a}, {b});
    g->addNode("MatMul", "fc2", {b, w2}, {c});
    g->addNode("Tanh", "tanh", {c}, {y});
    g->markOutput(y);
    for (Node* n : g->nodes()) n->origin = {n->name};
    return g;
}

TEST_F(CudaBackendTest, CudaGraphCapturesOnceAndReplays) {
    auto g = deviceChain(Shape{Dim::symbolic("batch"), 64});
    BuilderConfig config = configFor("cuda");
    config.profiles = {OptimizationProfile{{{"x", ShapeRange{{1, 64}, {4, 64}, {16, 64}}}}}};
    auto engine = build(*g, config);
    EXPECT_EQ(engine->program().deviceSegment().whyNotCapturable, "");
    auto context = engine->createExecutionContext();
    ExecuteOptions graphRun;
    graphRun.useCudaGraph = true;
    double deviceMs = -1;
    graphRun.deviceMs = &deviceMs;
    // Run 1 runs as usual, run 2 captures and launches, runs 3 and 4 replay; each with new values
    // (the graph reads the input's device copy, refreshed before every launch).
    for (uint32_t run = 0; run < 4; ++run) {
        SCOPED_TRACE(run);
        const Tensor in = randomTensor({4, 64}, 40 + run);
        const TensorMap plain = context->execute({{"x", in}});
        const TensorMap graphed = context->execute({{"x", in}}, graphRun);
        test::expectTensorNear(graphed.at("y"), plain.at("y"), 0, 0);
        EXPECT_GT(deviceMs, 0.0);
    }
    EXPECT_EQ(context->graphCaptures(), 1u);
    EXPECT_GE(context->graphReplays(), 2u);
    // Another shape: captured again (after one uncaptured run), and still right.
    for (uint32_t run = 0; run < 3; ++run) {
        const Tensor in = randomTensor({9, 64}, 60 + run);
        test::expectTensorNear(context->execute({{"x", in}}, graphRun).at("y"), context->execute({{"x", in}}).at("y"), 0, 0);
    }
    EXPECT_EQ(context->graphCaptures(), 2u);
    // A graph can't time single layers.
    graphRun.profiler = nullptr;
    ExecuteOptions profiled = graphRun;
    struct Null : IProfiler {
        void reportLayerTime(const std::string&, float) override {}
    } nullProfiler;
    profiled.profiler = &nullProfiler;
    EXPECT_THROW(context->execute({{"x", randomTensor({4, 64}, 1)}}, profiled), Error);
}

TEST_F(CudaBackendTest, Fp16LayersStoreHalfAndStayClose) {
    auto g = deviceChain();
    BuilderConfig config = configFor("cuda");
    config.precisions = {Precision::FP16};
    config.layerPrecisions = {{"tanh", Precision::FP32}};  // pinned: stays fp32, a cast before it
    auto engine = build(*g, config);
    size_t casts = 0;
    for (const EngineLayer& l : engine->layers()) {
        std::cout << "[ layer    ] " << l.name << " (" << l.opType << ") " << precisionName(l.precision) << " computed "
                  << precisionName(l.computed) << " on " << l.backend << (l.note.empty() ? "" : ": " + l.note) << "\n";
        casts += l.opType == "Cast";
    }
    for (const char* name : {"fc1", "sigmoid", "fc2"}) {
        ASSERT_NE(engine->findLayer(name), nullptr) << name;
        EXPECT_EQ(engine->findLayer(name)->computed, Precision::FP16) << name;
    }
    EXPECT_EQ(engine->findLayer("tanh")->computed, Precision::FP32);
    // x to fp16 on the GPU, fc2's output back to fp32 for tanh.
    EXPECT_EQ(casts, 2u);
    const Tensor in = randomTensor({4, 64}, 23);
    BuilderConfig cpuConfig = configFor("cpu");
    const TensorMap want = build(*g, cpuConfig)->createExecutionContext()->execute({{"x", in}});
    const TensorMap got = engine->createExecutionContext()->execute({{"x", in}});
    ASSERT_EQ(got.at("y").dtype(), DataType::Float32);
    // fp16 storage of sums over 64 and 128 products: within 1e-2, relative to the output's range.
    test::expectTensorNear(got.at("y"), want.at("y"), 2e-2, 2e-2);
    // Every layer's output comes back as fp32 for the per-layer comparison.
    ExecuteOptions keep;
    keep.keepLayerOutputs = true;
    const TensorMap layers = engine->createExecutionContext()->execute({{"x", in}}, keep);
    for (const char* name : {"a", "b", "c", "y"}) {
        ASSERT_TRUE(layers.count(name)) << name;
        EXPECT_EQ(layers.at(name).dtype(), DataType::Float32) << name;
    }
}

// BERT's self-attention (Q/K/V projections, heads by Reshape + Transpose, merged back): at level 3
// one kiln::Attention reads the merged projection through strides and writes the merged heads.
// fp32 runs the cuBLASLt tactic (packing Q, Kᵀ, V); fp16 also offers cuDNN's fused attention,
// which reads the strides directly; whichever the builder keeps must match the CPU.
std::unique_ptr<Graph> bertSelfAttention(int64_t B, int64_t S, int64_t H, int64_t D) {
    const int64_t E = H * D;
    auto g = std::make_unique<Graph>();
    g->opsetImports[""] = 17;
    Value* x = addInput(*g, "x", Shape{B, S, E});
    Value* mask = addInput(*g, "mask", Shape{B, 1, 1, S});
    uint32_t seed = 40;
    auto constant = [&](const std::string& name, Tensor t) { return g->addConstant(name, std::move(t)); };
    auto node = [&](const std::string& op, const std::string& name, std::vector<Value*> in, Shape shape,
                    std::map<std::string, Attribute> attrs = {}) {
        Value* out = addTensor(*g, name + "_out");
        out->shape = std::move(shape);
        Node* n = g->addNode(op, name, in, {out});
        n->attributes = std::move(attrs);
        n->origin = {name};
        return out;
    };
    auto ints = [&](const std::string& name, std::vector<int64_t> v) {
        return constant(name, Tensor::fromVector<int64_t>({int64_t(v.size())}, v));
    };
    auto head = [&](const std::string& n, std::vector<int64_t> perm, Shape shape) {
        Value* w = constant(n + ".w", test::randomTensor({E, E}, seed++, -0.2f, 0.2f));
        Value* p = node("MatMul", n + ".matmul", {x, w}, Shape{B, S, E});
        p = node("Reshape", n + ".reshape", {p, ints(n + ".shape", {B, S, H, D})}, Shape{B, S, H, D});
        return node("Transpose", n + ".transpose", {p}, std::move(shape), {{"perm", perm}});
    };
    Value* q = head("query", {0, 2, 1, 3}, Shape{B, H, S, D});
    Value* kt = head("key", {0, 2, 3, 1}, Shape{B, H, D, S});
    Value* v = head("value", {0, 2, 1, 3}, Shape{B, H, S, D});
    Shape ss{B, H, S, S};
    Value* sc = node("MatMul", "qk", {q, kt}, ss);
    sc = node("Div", "scale", {sc, constant("sqrt_d", Tensor::scalar<float>(std::sqrt(float(D))))}, ss);
    sc = node("Add", "mask_add", {sc, mask}, ss);
    Value* p = node("Softmax", "softmax", {sc}, ss, {{"axis", int64_t(-1)}});
    Value* o = node("MatMul", "pv", {p, v}, Shape{B, H, S, D});
    o = node("Transpose", "merge.transpose", {o}, Shape{B, S, H, D}, {{"perm", std::vector<int64_t>{0, 2, 1, 3}}});
    o = node("Reshape", "merge.reshape", {o, ints("merge.shape", {B, S, E})}, Shape{B, S, E});
    g->markOutput(o);
    return g;
}

TEST_F(CudaBackendTest, StridedAttentionMatchesCpuInFp32AndFp16) {
    const int64_t B = 2, S = 24, H = 4, D = 32;
    auto g = bertSelfAttention(B, S, H, D);
    Tensor mask = randomTensor({B, 1, 1, S}, 71);
    for (int64_t i = 0; i < mask.numel(); ++i) mask.data<float>()[i] = i % 7 == 3 ? -10000.f : 0.f;
    const TensorMap feeds{{"x", randomTensor({B, S, H * D}, 70)}, {"mask", mask}};
    for (bool fp16 : {false, true}) {
        SCOPED_TRACE(fp16 ? "fp16" : "fp32");
        BuilderConfig config = configFor("cuda");
        config.optimizationLevel = 3;
        if (fp16) config.precisions = {Precision::FP16};
        auto gpu = build(*g, config);
        const EngineLayer* att = nullptr;
        for (const EngineLayer& l : gpu->layers())
            if (l.opType == "Attention") att = &l;
        ASSERT_NE(att, nullptr) << "no kiln::Attention layer";
        EXPECT_EQ(att->backend, "cuda") << att->note;
        std::cout << "[ layer    ] " << att->name << ": tactic " << att->tactic << ", " << gpu->layers().size()
                  << " layers\n";
        for (const EngineLayer& l : gpu->layers()) EXPECT_NE(l.opType, "Transpose") << l.name;
        BuilderConfig cpuConfig = configFor("cpu");
        const TensorMap want = build(*g, cpuConfig)->createExecutionContext()->execute(feeds);
        const TensorMap got = gpu->createExecutionContext()->execute(feeds);
        test::expectTensorNear(got.at("merge.reshape_out"), want.at("merge.reshape_out"), fp16 ? 2e-2 : 1e-4,
                               fp16 ? 2e-2 : 1e-4);
    }
}

TEST_F(CudaBackendTest, ProfilesEveryLayerWithTheDeviceTimer) {
    auto engine = build(*mixedGraph(), configFor("cuda"));
    struct Collect : IProfiler {
        std::vector<std::pair<std::string, float>> times;
        void reportLayerTime(const std::string& layer, float ms) override { times.emplace_back(layer, ms); }
    } profiler;
    engine->createExecutionContext()->execute({{"x", randomTensor({6, 32}, 12)}}, &profiler);
    ASSERT_EQ(profiler.times.size(), engine->layers().size());
    for (const auto& [layer, ms] : profiler.times) EXPECT_GE(ms, 0.f) << layer;
}

// ---------------------------------------------------------------------------------------------
// The backend's parts

TEST_F(CudaBackendTest, DescribesTheDeviceAndTheLibrariesItLoaded) {
    EXPECT_EQ(backend_->id(), "cuda");
    EXPECT_EQ(backend_->device(), kCuda0);
    EXPECT_NE(backend_->deviceName().find("(sm_9"), std::string::npos) << backend_->deviceName();
    EXPECT_NE(backend_->deviceName().find("cuBLASLt"), std::string::npos) << backend_->deviceName();
    EXPECT_NE(backend_->arch().find("sm_9"), std::string::npos) << backend_->arch();
    const auto versions = backend_->libraryVersions();
    for (const char* library : {"cuda", "cuda-driver", "cudnn", "cublasLt"}) EXPECT_TRUE(versions.count(library)) << library;
    std::cout << "[ device   ] " << backend_->deviceName() << "\n[ arch     ] " << backend_->arch() << "\n";
    for (const auto& [name, version] : versions) std::cout << "[ version  ] " << name << " " << version << "\n";
    // Which files the dynamic loader picked (LD_LIBRARY_PATH decides between toolkit and wheels).
    std::ifstream maps("/proc/self/maps");
    std::string line;
    std::set<std::string> files;
    while (std::getline(maps, line)) {
        const size_t slash = line.find('/');
        if (slash == std::string::npos) continue;
        const std::string file = line.substr(slash);
        for (const char* lib : {"libkiln_backend_cuda", "libcudart", "libcublasLt", "libcudnn", "libcuda.so"})
            if (file.find(lib) != std::string::npos) files.insert(file);
    }
    for (const std::string& f : files) std::cout << "[ loaded   ] " << f << "\n";
}

TEST_F(CudaBackendTest, AllocatorsNameBytesAndDeviceWhenOutOfMemory) {
    Allocator& device = backend_->allocator(MemoryKind::Device);
    EXPECT_EQ(device.device(), kCuda0);
    EXPECT_EQ(device.kind(), MemoryKind::Device);
    const size_t huge = size_t(1) << 50;  // 1 PiB
    test::expectErrorContaining([&] { device.allocate(huge); }, {"cuda:0", std::to_string(huge)});
    try {
        device.allocate(huge);
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::ResourceLimit);
    }
    // The failure left no sticky error: the device still works.
    Buffer ok(device, 1 << 20);
    EXPECT_NE(ok.data(), nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(ok.data()) % 256, 0u);
    Buffer zero(device, 0);
    EXPECT_NE(zero.data(), nullptr);
    Allocator& pinned = backend_->allocator(MemoryKind::PinnedHost);
    EXPECT_TRUE(pinned.device().isHost());
    EXPECT_EQ(pinned.kind(), MemoryKind::PinnedHost);
    Buffer page(pinned, 4096);
    std::memset(page.data(), 0x5A, 4096);  // host memory: the CPU writes it
    EXPECT_EQ(static_cast<unsigned char*>(page.data())[4095], 0x5A);
}

TEST_F(CudaBackendTest, CopiesBetweenHostPinnedAndDevice) {
    std::unique_ptr<Stream> stream = backend_->createStream();
    EXPECT_EQ(stream->device(), kCuda0);
    EXPECT_NE(stream->native(), nullptr);
    const Tensor host = randomTensor({3, 1000001}, 31);
    Tensor d1 = Tensor::allocate(backend_->allocator(MemoryKind::Device), DataType::Float32, host.dims());
    Tensor d2 = Tensor::allocate(backend_->allocator(MemoryKind::Device), DataType::Float32, host.dims());
    Tensor pinned = Tensor::allocate(backend_->allocator(MemoryKind::PinnedHost), DataType::Float32, host.dims());
    EXPECT_EQ(d1.device(), kCuda0);
    EXPECT_TRUE(pinned.device().isHost());
    EXPECT_THROW((void)d1.data<float>(), Error);  // device memory is not for host code
    backend_->copy(d1, host, *stream);    // H2D, pageable
    backend_->copy(d2, d1, *stream);      // D2D
    backend_->copy(pinned, d2, *stream);  // D2H, complete on return
    EXPECT_EQ(std::memcmp(pinned.raw(), host.raw(), host.byteSize()), 0);
    Tensor back(DataType::Float32, host.dims());
    backend_->copy(d1, pinned, *stream);  // H2D, pinned (asynchronous)
    backend_->copy(back, d1, *stream);
    EXPECT_EQ(std::memcmp(back.raw(), host.raw(), host.byteSize()), 0);
    const Tensor uploaded = backend_->upload(host);
    EXPECT_EQ(uploaded.device(), kCuda0);
    backend_->copy(back, uploaded, *stream);
    EXPECT_EQ(std::memcmp(back.raw(), host.raw(), host.byteSize()), 0);
    // Copies check what they are given.
    Tensor small(DataType::Float32, {3});
    EXPECT_THROW(backend_->copy(small, d1, *stream), Error);
    std::unique_ptr<Stream> hostStream = makeHostStream();
    EXPECT_THROW(backend_->copy(back, d1, *hostStream), Error);
}

TEST_F(CudaBackendTest, TimerMeasuresOnTheStream) {
    std::unique_ptr<Stream> stream = backend_->createStream();
    std::unique_ptr<Timer> timer = backend_->createTimer();
    const Tensor host = randomTensor({1 << 22}, 41);
    Tensor device = Tensor::allocate(backend_->allocator(MemoryKind::Device), DataType::Float32, host.dims());
    timer->start(*stream);
    backend_->copy(device, host, *stream);
    timer->stop(*stream);
    const double ms = timer->elapsedMs();
    EXPECT_GT(ms, 0.0);
    EXPECT_LT(ms, 10000.0);
    stream->synchronize();
}

// The kernel timer's gate (kernels/cuda/timer_gate.h): the host taking 3 ms to enqueue a 4 MiB
// device copy shows in the plain timer and not in the kernel timer; a device-to-host copy between
// its marks (which blocks the host on the stream) opens the gate instead of waiting on it.
TEST_F(CudaBackendTest, KernelTimerLeavesOutTheHostsEnqueueTime) {
    std::unique_ptr<Stream> stream = backend_->createStream();
    const Tensor host = randomTensor({1 << 20}, 43);
    Allocator& memory = backend_->allocator(MemoryKind::Device);
    Tensor a = Tensor::allocate(memory, DataType::Float32, host.dims());
    Tensor b = Tensor::allocate(memory, DataType::Float32, host.dims());
    backend_->copy(a, host, *stream);
    stream->synchronize();
    auto timed = [&](Timer& timer) {
        timer.start(*stream);
        std::this_thread::sleep_for(std::chrono::milliseconds(3));
        backend_->copy(b, a, *stream);
        timer.stop(*stream);
        return timer.elapsedMs();
    };
    std::unique_ptr<Timer> plain = backend_->createTimer(), kernel = backend_->createKernelTimer();
    double plainMs = 1e9, kernelMs = 1e9;
    for (int i = 0; i < 3; ++i) {
        plainMs = std::min(plainMs, timed(*plain));
        kernelMs = std::min(kernelMs, timed(*kernel));
    }
    EXPECT_GE(plainMs, 2.5);
    const char* env = std::getenv("KILN_CUDA_TIMER_GATE");
    if (!env || std::string(env) != "0") EXPECT_LT(kernelMs, 1.0) << "plain " << plainMs << " ms";

    Tensor back(DataType::Float32, host.dims());
    const auto wall = std::chrono::steady_clock::now();
    kernel->start(*stream);
    backend_->copy(back, a, *stream);
    kernel->stop(*stream);
    EXPECT_GT(kernel->elapsedMs(), 0.0);
    const double wallMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wall).count();
    EXPECT_LT(wallMs, 4.0);
    EXPECT_EQ(std::memcmp(back.raw(), host.raw(), host.byteSize()), 0);
}

// ---------------------------------------------------------------------------------------------
// Without a GPU (CI): the backend is known, unavailable, and says why

// The graph of StridedAttentionMatchesCpuInFp32AndFp16 on the CPU (runs everywhere): level 3 leaves
// no Transpose, and its strided attention matches the unoptimized run.
TEST(CudaBackendGraphs, StridedAttentionGraphOnTheCpu) {
    const int64_t B = 2, S = 24, H = 4, D = 32;
    auto g = bertSelfAttention(B, S, H, D);
    const TensorMap feeds{{"x", randomTensor({B, S, H * D}, 70)}, {"mask", randomTensor({B, 1, 1, S}, 71)}};
    BuilderConfig level3 = configFor("cpu"), level0 = configFor("cpu");
    level3.optimizationLevel = 3;
    auto optimized = build(*g, level3);
    bool attention = false;
    for (const EngineLayer& l : optimized->layers()) {
        EXPECT_NE(l.opType, "Transpose") << l.name;
        attention = attention || l.opType == "Attention";
    }
    EXPECT_TRUE(attention);
    const TensorMap want = build(*g, level0)->createExecutionContext()->execute(feeds);
    const TensorMap got = optimized->createExecutionContext()->execute(feeds);
    test::expectTensorNear(got.at("merge.reshape_out"), want.at("merge.reshape_out"), 1e-4, 1e-4);
}

TEST(CudaBackendAvailability, ReportsWhyWhenUnavailable) {
    std::string why;
    if (BackendRegistry::global().available("cuda", &why)) GTEST_SKIP() << "a CUDA device is present";
    EXPECT_TRUE(BackendRegistry::global().known("cuda"));
    EXPECT_FALSE(why.empty());
    std::cout << "[ why      ] " << why << "\n";
    try {
        BackendRegistry::global().get("cuda");
        ADD_FAILURE() << "get(\"cuda\") succeeded without a device";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Unsupported);
        EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
    }
    // A build for cuda fails with the same reason instead of falling back silently.
    const Tensor x = randomTensor({2, 3}, 1);
    test::expectErrorContaining([&] { build(*oneNode("Relu", {x}), configFor("cuda")); }, {"cuda", why});
}
