// Precision bisect (profiler/precision_debug.h, `kiln debug-precision`) and the fp16/bf16 emulation
// honouring per-layer pins (Engine::withEmulatedRounding), on a model with one planted fragile layer.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "engine_core/builder/builder.h"
#include "engine_core/builder/execution_context.h"
#include "profiler/compare.h"
#include "profiler/precision_debug.h"
#include "tests/unit/builder_test_util.h"

namespace kiln::test {
namespace {

// x[2,16] -> fc1 (MatMul) -> relu1 -> fc2 (MatMul) -> fc2_bias (Add, b = `shift`) -> exp -> y[2,8]
//                                  \-> fc3 (MatMul) -> z[2,8]
// With shift 11.5 exp's outputs reach ~e^12.5, past fp16's 65504: in fp16 they overflow to inf,
// while every other layer's values are O(1). With shift 0 the model is benign in fp16.
std::unique_ptr<Graph> makeFragileModel(float shift) {
    auto g = std::make_unique<Graph>();
    g->name = "fragile";
    g->opsetImports[""] = 17;
    auto val = [&](const std::string& name) {
        Value* v = g->addValue(name);
        v->dtype = DataType::Float32;
        return v;
    };
    Value* x = val("x");
    x->shape = Shape{2, 16};
    g->markInput(x);
    Value* w1 = g->addConstant("w1", randomTensor({16, 16}, 21, -0.25f, 0.25f));
    Value* w2 = g->addConstant("w2", randomTensor({16, 8}, 22, -0.1f, 0.1f));
    Tensor bias(DataType::Float32, {8});
    for (int i = 0; i < 8; ++i) bias.data<float>()[i] = shift;
    Value* b2 = g->addConstant("b2", bias);
    Value* w3 = g->addConstant("w3", randomTensor({16, 8}, 23, -0.25f, 0.25f));
    Value *h1 = val("fc1_out"), *r1 = val("relu1_out"), *h2 = val("fc2_out"), *a2 = val("fc2_bias_out"),
          *y = val("y"), *z = val("z");
    g->addNode("MatMul", "fc1", {x, w1}, {h1});
    g->addNode("Relu", "relu1", {h1}, {r1});
    g->addNode("MatMul", "fc2", {r1, w2}, {h2});
    g->addNode("Add", "fc2_bias", {h2, b2}, {a2});
    g->addNode("Exp", "exp", {a2}, {y});
    g->addNode("MatMul", "fc3", {r1, w3}, {z});
    g->markOutput(y);
    g->markOutput(z);
    for (Node* node : g->nodes()) node->origin = {node->name};
    return g;
}

BuilderConfig fastConfig() {
    BuilderConfig c;
    c.timingWarmup = 0;
    c.timingIterations = 1;
    c.compareFusions = false;
    return c;
}

// Inputs in [0, 2): fc1's outputs are mostly positive, so exp's input really is near the shift.
std::vector<TensorMap> inputSets() {
    return {{{"x", randomTensor({2, 16}, 31, 0.f, 2.f)}}, {{"x", randomTensor({2, 16}, 32, 0.f, 2.f)}}};
}

const EngineLayer& layerFrom(const Engine& e, const std::string& node) {
    for (const EngineLayer& l : e.layers())
        if (std::find(l.origin.begin(), l.origin.end(), node) != l.origin.end()) return l;
    ADD_FAILURE() << "no layer from " << node;
    return e.layers().front();
}

size_t countInf(const Tensor& t) {
    size_t n = 0;
    for (float v : t.toFloatVector()) n += std::isinf(v) ? 1 : 0;
    return n;
}

bool fp16Representable(float v) { return !std::isfinite(v) || halfToFloat(floatToHalf(v)) == v; }

// A layer pinned to fp32 (by the engine's config or by the pins given) is not rounded: its outputs
// keep fp32 values (no overflow past 65504) and it reports fp32; the others still are rounded. The
// old emulation rounded every layer, so y held infinities whatever the pins.
TEST(PrecisionDebug, EmulationHonoursLayerPins) {
    auto model = makeFragileModel(11.5f);
    const TensorMap in = inputSets().front();
    auto engine = buildEngine(*model, fastConfig());
    auto plain = engine->withEmulatedRounding(Precision::FP16);
    EXPECT_GT(countInf(plain->createExecutionContext()->execute(in).at("y")), 0u);

    BuilderConfig pinnedConfig = fastConfig();
    pinnedConfig.layerPrecisions = {{"exp", Precision::FP32}};
    auto byConfig = buildEngine(*model, pinnedConfig)->withEmulatedRounding(Precision::FP16);
    auto byPins = engine->withEmulatedRounding(Precision::FP16, {{"exp", Precision::FP32}});
    for (const auto& emulated : {byConfig, byPins}) {
        EXPECT_EQ(layerFrom(*emulated, "exp").computed, Precision::FP32);
        EXPECT_EQ(layerFrom(*emulated, "fc3").computed, Precision::FP16);
        const TensorMap out = emulated->createExecutionContext()->execute(in);
        EXPECT_EQ(countInf(out.at("y")), 0u);
        const std::vector<float> y = out.at("y").toFloatVector();
        EXPECT_GT(*std::max_element(y.begin(), y.end()), 65504.f);  // kept in fp32
        for (float v : out.at("z").toFloatVector()) EXPECT_TRUE(fp16Representable(v)) << v;
    }
    // Every layer pinned: the inputs and weights stay fp32 too, so the copy computes what the engine does.
    std::vector<LayerPrecisionOverride> all;
    for (const Node* n : model->nodes()) all.push_back({n->name, Precision::FP32});
    const TensorMap a = engine->withEmulatedRounding(Precision::FP16, all)->createExecutionContext()->execute(in);
    const TensorMap b = engine->createExecutionContext()->execute(in);
    for (const auto& [name, t] : b) EXPECT_EQ(a.at(name).toFloatVector(), t.toFloatVector()) << name;
}

// "Bisect finds a planted fragile layer": exactly the exp layer's ONNX nodes, within the bound; the
// written config read back pins it, and a GPU build of it would run the rest in fp16.
TEST(PrecisionDebug, BisectFindsPlantedFragileLayer) {
    auto model = makeFragileModel(11.5f);
    PrecisionDebugOptions options;
    options.target = Precision::FP16;
    std::vector<std::string> progress;
    PrecisionDebugCallbacks callbacks;
    callbacks.progress = [&](size_t, size_t, const std::string& m) { progress.push_back(m); };
    const PrecisionDebugResult r = debugPrecision(*model, fastConfig(), inputSets(), options, callbacks);

    EXPECT_EQ(r.mode, PrecisionDebugMode::Emulated);
    EXPECT_EQ(r.builds, 1u);
    ASSERT_GE(r.trials.size(), 2u);
    EXPECT_FALSE(r.trials[0].passed);
    EXPECT_TRUE(std::isinf(r.trials[0].maxNorm));
    EXPECT_EQ(r.trials[0].worstOutput, "y");
    EXPECT_TRUE(r.trials[1].passed);  // every candidate pinned
    EXPECT_LE(r.trials.size(), r.maxTrials);
    EXPECT_EQ(progress.size(), r.trials.size());
    ASSERT_GE(r.candidates, 3u);
    ASSERT_EQ(r.pinned.size(), 1u);
    auto engine = buildEngine(*model, fastConfig());
    const EngineLayer& expLayer = layerFrom(*engine, "exp");
    EXPECT_EQ(r.pinned[0].origin, expLayer.origin);
    EXPECT_EQ(std::find(expLayer.origin.begin(), expLayer.origin.end(), "fc1"), expLayer.origin.end());
    EXPECT_TRUE(std::isinf(r.ranking.front().ownError));  // exp makes the first inf: ranked first
    EXPECT_LE(r.finalMaxNorm, 1e-2);
    std::vector<LayerPrecisionOverride> expected;
    for (const std::string& node : expLayer.origin) expected.push_back({node, Precision::FP32});
    EXPECT_EQ(r.overrides(), expected);

    // The file `kiln debug-precision --save-overrides` writes, read back as `kiln build --config` does.
    TempDir dir("kiln_precision_debug");
    saveBuilderConfig(configWithPins(fastConfig(), r), dir.file("pins.json"));
    const BuilderConfig loaded = loadBuilderConfig(dir.file("pins.json"));
    EXPECT_EQ(loaded.layerPrecisions, expected);
    auto rebuilt = buildEngine(*model, loaded);
    EXPECT_EQ(rebuilt->config().layerPrecisions, expected);
    auto emulated = rebuilt->withEmulatedRounding(Precision::FP16);
    EXPECT_EQ(layerFrom(*emulated, "exp").computed, Precision::FP32);
    EXPECT_EQ(layerFrom(*emulated, "fc1").computed, Precision::FP16);
    CompareOptions co;
    co.tolerance = Tolerance::norm(1e-2);
    co.perLayer = false;
    for (const TensorMap& in : inputSets()) EXPECT_TRUE(compareWithReference(*model, *emulated, in, co).passed());
    // On a GPU (cuda, fp16 allowed) the same overrides keep exp's layer in fp32 and the rest in fp16.
    BuilderConfig gpu = loaded;
    gpu.backend = "cuda";
    gpu.precisions = {Precision::FP32, Precision::FP16};
    for (const EngineLayer& l : rebuilt->layers()) {
        const Precision p = resolveLayerPrecision(LayerPrecisionQuery{l.name, l.opType, &l.origin}, gpu).precision;
        EXPECT_EQ(p, l.origin == expLayer.origin ? Precision::FP32 : Precision::FP16) << l.name;
    }
}

TEST(PrecisionDebug, PassingModelPinsNothing) {
    auto model = makeFragileModel(0.f);
    PrecisionDebugOptions options;
    options.target = Precision::BF16;
    const PrecisionDebugResult r = debugPrecision(*model, fastConfig(), inputSets(), options);
    EXPECT_TRUE(r.pinned.empty());
    EXPECT_TRUE(r.overrides().empty());
    ASSERT_EQ(r.trials.size(), 1u);
    EXPECT_TRUE(r.trials[0].passed);
    EXPECT_GT(r.trials[0].maxNorm, 0.0);  // rounded, yet within bf16's 5e-2
    EXPECT_EQ(r.tolerance.maxNormFor(Precision::FP32), defaultMaxNorm(Precision::BF16));
    EXPECT_EQ(configWithPins(fastConfig(), r), fastConfig());
}

TEST(PrecisionDebug, RefusesWhatItCannotDo) {
    auto model = makeFragileModel(11.5f);
    PrecisionDebugOptions options;
    options.target = Precision::FP32;
    expectErrorContaining([&] { debugPrecision(*model, fastConfig(), inputSets(), options); }, {"fp16 or bf16", "fp32"});
    options.target = Precision::FP16;
    expectErrorContaining([&] { debugPrecision(*model, fastConfig(), {{{"x", randomTensor({2, 15}, 1)}}}, options); },
                          {"input set 1", "'x'"});
    expectErrorContaining([&] { debugPrecision(*model, fastConfig(), {{{"x", randomTensor({2, 16}, 1)}, {"q", randomTensor({1}, 1)}}}, options); },
                          {"input set 1", "no input named 'q'"});
    expectErrorContaining([&] { debugPrecision(*model, fastConfig(), {}, options); }, {"at least one set"});
    options.mode = PrecisionDebugMode::Built;  // the cpu backend computes everything in fp32
    expectErrorContaining([&] { debugPrecision(*model, fastConfig(), inputSets(), options); }, {"cpu backend computes no layer in fp16"});
    // A tolerance no engine meets: even with every layer pinned to fp32 the outputs miss it.
    options.mode.reset();
    options.tolerance = Tolerance::elementwise(-1, 0);
    expectErrorContaining([&] { debugPrecision(*model, fastConfig(), inputSets(), options); },
                          {"even with every layer in fp32", "miss the tolerance"});
    // Cancelled before the first trial.
    options.tolerance.reset();
    PrecisionDebugCallbacks cancel;
    cancel.cancelled = [] { return true; };
    try {
        debugPrecision(*model, fastConfig(), inputSets(), options, cancel);
        ADD_FAILURE() << "not cancelled";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Cancelled);
    }
}

}  // namespace
}  // namespace kiln::test
