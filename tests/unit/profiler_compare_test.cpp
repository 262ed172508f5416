// Per-layer accuracy comparison of an engine against the unoptimized reference: every fused layer
// is compared at its output boundary, a zero tolerance on a reordering fusion (BatchNorm folded into
// the conv weights) names the first failing layer by its ONNX nodes, the error histogram, and JSON.
#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "engine_core/common/error.h"
#include "profiler/compare.h"
#include "tests/unit/builder_test_util.h"

namespace kiln {
namespace {

using nlohmann::json;

// x[1,3,6,6] → conv_a → bn_a → relu_a → conv_b → relu_b → y. Level 3 folds bn_a into conv_a and
// fuses the ReLUs: two layers, whose outputs are relu_a_out and y.
std::unique_ptr<Graph> makeConvBnModel() {
    auto g = std::make_unique<Graph>();
    g->name = "conv_bn";
    g->opsetImports[""] = 17;
    Value* x = g->addValue("x");
    x->dtype = DataType::Float32;
    x->shape = Shape{1, 3, 6, 6};
    g->markInput(x);
    auto val = [&](const std::string& name) {
        Value* v = g->addValue(name);
        v->dtype = DataType::Float32;
        return v;
    };
    Value* wa = g->addConstant("wa", test::randomTensor({4, 3, 3, 3}, 1, -0.5f, 0.5f));
    Value* ba = g->addConstant("ba", test::randomTensor({4}, 2));
    Value* gamma = g->addConstant("gamma", test::randomTensor({4}, 3, 0.5f, 2.f));
    Value* beta = g->addConstant("beta", test::randomTensor({4}, 4));
    Value* mean = g->addConstant("mean", test::randomTensor({4}, 5));
    Value* var = g->addConstant("var", test::randomTensor({4}, 6, 0.3f, 3.f));
    Value* wb = g->addConstant("wb", test::randomTensor({2, 4, 1, 1}, 7));
    Value *ca = val("conv_a_out"), *na = val("bn_a_out"), *ra = val("relu_a_out"), *cb = val("conv_b_out"),
          *y = val("y");
    Node* n = g->addNode("Conv", "conv_a", {x, wa, ba}, {ca});
    n->attributes["pads"] = std::vector<int64_t>{1, 1, 1, 1};
    n = g->addNode("BatchNormalization", "bn_a", {ca, gamma, beta, mean, var}, {na});
    n->attributes["epsilon"] = 1e-5f;
    g->addNode("Relu", "relu_a", {na}, {ra});
    g->addNode("Conv", "conv_b", {ra, wb}, {cb});
    g->addNode("Relu", "relu_b", {cb}, {y});
    g->markOutput(y);
    for (Node* node : g->nodes()) node->origin = {node->name};
    return g;
}

std::shared_ptr<const Engine> buildAt(const Graph& g, int level) {
    BuilderConfig c;
    c.optimizationLevel = level;
    c.timingWarmup = 1;
    c.timingIterations = 1;
    c.compareFusions = false;  // the tests name fused layers: no timing may revert them
    return buildEngine(g, c);
}

TEST(ProfilerCompare, PerLayerWithinDefaultTolerance) {
    auto model = makeConvBnModel();
    auto engine = buildAt(*model, 3);
    ASSERT_LT(engine->layers().size(), model->nodeCount()) << "the fusions should fire";
    CompareOptions options;
    TensorMap inputs{{"x", test::randomTensor({1, 3, 6, 6}, 9)}};
    CompareReport r = compareWithReference(*model, *engine, inputs, options);
    EXPECT_TRUE(r.passed());
    ASSERT_EQ(r.outputs.size(), 1u);
    EXPECT_EQ(r.outputs[0].comparison.name, "y");
    EXPECT_GT(r.outputs[0].comparison.cosineSimilarity, 0.9999);
    // Every engine layer, fused or not, compared at its boundary.
    ASSERT_EQ(r.layers.size(), engine->layers().size());
    for (const LayerAccuracy& l : r.layers) {
        EXPECT_TRUE(l.compared()) << l.layer;
        EXPECT_TRUE(l.notInReference.empty()) << l.layer;
        EXPECT_TRUE(l.passed()) << l.layer;
    }
    EXPECT_FALSE(r.firstFailingLayer);
    // The histogram counts every element once.
    EXPECT_EQ(r.outputs[0].histogram.total(), r.outputs[0].comparison.elementCount);
}

TEST(ProfilerCompare, SharedReferenceRunGivesTheSameReport) {
    // Two builds of one model on the same inputs: one reference run serves both comparisons.
    auto model = makeConvBnModel();
    const TensorMap inputs{{"x", test::randomTensor({1, 3, 6, 6}, 9)}};
    const ReferenceRun reference = runReference(*model, inputs, true);
    EXPECT_TRUE(reference.ranOn(inputs));
    EXPECT_TRUE(reference.ranOn({{"x", inputs.at("x").clone()}}));  // same bytes, other storage
    for (int level : {0, 3}) {
        auto engine = buildAt(*model, level);
        const CompareReport alone = compareWithReference(*model, *engine, inputs, CompareOptions{});
        const CompareReport shared = compareWithReference(*model, *engine, inputs, reference, CompareOptions{});
        EXPECT_EQ(shared.referenceMs, reference.ms);
        ASSERT_EQ(shared.layers.size(), alone.layers.size());
        for (size_t i = 0; i < alone.layers.size(); ++i) {
            ASSERT_EQ(shared.layers[i].outputs.size(), alone.layers[i].outputs.size()) << alone.layers[i].layer;
            for (size_t o = 0; o < alone.layers[i].outputs.size(); ++o) {
                const TensorComparison& x = shared.layers[i].outputs[o].comparison;
                const TensorComparison& y = alone.layers[i].outputs[o].comparison;
                EXPECT_EQ(x.name, y.name);
                EXPECT_EQ(x.maxAbsError, y.maxAbsError) << x.name;
                EXPECT_EQ(x.failingElements, y.failingElements) << x.name;
                EXPECT_EQ(shared.layers[i].outputs[o].histogram.counts, alone.layers[i].outputs[o].histogram.counts);
            }
        }
        EXPECT_EQ(shared.outputs[0].comparison.maxAbsError, alone.outputs[0].comparison.maxAbsError);
        EXPECT_EQ(shared.passed(), alone.passed());
    }
}

TEST(ProfilerCompare, ReferenceRunOnOtherInputsIsRefused) {
    auto model = makeConvBnModel();
    auto engine = buildAt(*model, 3);
    const TensorMap inputs{{"x", test::randomTensor({1, 3, 6, 6}, 9)}};
    const TensorMap other{{"x", test::randomTensor({1, 3, 6, 6}, 10)}};
    const ReferenceRun reference = runReference(*model, inputs, true);
    EXPECT_FALSE(reference.ranOn(other));
    EXPECT_FALSE(reference.ranOn({}));
    test::expectErrorContaining([&] { compareWithReference(*model, *engine, other, reference, CompareOptions{}); },
                                {"reference run", "other inputs"});
    // Outputs only is not enough for a per-layer comparison, and says so.
    const ReferenceRun outputsOnly = runReference(*model, inputs, false);
    EXPECT_EQ(outputsOnly.tensors.size(), 1u);
    test::expectErrorContaining(
        [&] { compareWithReference(*model, *engine, inputs, outputsOnly, CompareOptions{}); }, {"intermediates"});
    CompareOptions outputs;
    outputs.perLayer = false;
    EXPECT_TRUE(compareWithReference(*model, *engine, inputs, outputsOnly, outputs).passed());
}

TEST(ProfilerCompare, ZeroToleranceNamesTheFirstFusedLayerByOnnxNodes) {
    auto model = makeConvBnModel();
    auto engine = buildAt(*model, 3);
    CompareOptions options;
    options.tolerance = Tolerance::elementwise(0, 0);
    CompareReport r =
        compareWithReference(*model, *engine, {{"x", test::randomTensor({1, 3, 6, 6}, 9)}}, options);
    EXPECT_FALSE(r.passed());
    ASSERT_TRUE(r.firstFailingLayer);
    const LayerAccuracy& first = r.layers[*r.firstFailingLayer];
    // BatchNorm folded into the conv weights changes the rounding: the first layer is the one.
    EXPECT_EQ(*r.firstFailingLayer, 0u);
    EXPECT_EQ(first.origin, (std::vector<std::string>{"conv_a", "bn_a", "relu_a"}));
    EXPECT_FALSE(first.passed());
    EXPECT_EQ(first.outputs[0].comparison.name, "relu_a_out");

    json j = json::parse(r.toJson("set"));
    EXPECT_EQ(j["label"], "set");
    EXPECT_FALSE(j["passed"].get<bool>());
    EXPECT_EQ(j["first_failing_layer"]["onnx_nodes"], json({"conv_a", "bn_a", "relu_a"}));
    ASSERT_EQ(j["layers"].size(), r.layers.size());
    const json& out = j["outputs"][0];
    const auto ordered = nlohmann::ordered_json::parse(r.toJson())["outputs"][0];
    for (const char* key : {"max_abs", "max_rel", "mean_abs", "rmse", "cosine", "max_norm", "max_norm_limit",
                            "precision", "small_values", "snr_db", "abs_error_histogram"})
        EXPECT_TRUE(out.contains(key)) << key;
    EXPECT_GT(out["max_abs"].get<double>(), 0);
    EXPECT_EQ(j["tolerance"]["atol"], 0);
    EXPECT_EQ(j["tolerance"]["rule"], "elementwise");
    // Cosine and the normalized error come before the absolute numbers.
    std::vector<std::string> keys;
    for (auto it = ordered.begin(); it != ordered.end(); ++it) keys.push_back(it.key());
    auto at = [&](const std::string& k) { return std::find(keys.begin(), keys.end(), k) - keys.begin(); };
    EXPECT_LT(at("cosine"), at("max_abs"));
    EXPECT_LT(at("max_norm"), at("max_abs"));

    // The same rounding under the default norm rule: every fp32 layer within 1e-4 of its magnitude.
    CompareReport norm = compareWithReference(*model, *engine, {{"x", test::randomTensor({1, 3, 6, 6}, 9)}}, {});
    EXPECT_TRUE(norm.passed());
    for (const LayerAccuracy& l : norm.layers) {
        ASSERT_TRUE(l.worst()) << l.layer;
        EXPECT_EQ(l.worst()->comparison.precision, Precision::FP32) << l.layer;
        EXPECT_GT(l.worst()->comparison.maxAbsError, 0) << l.layer;  // it differs, within the limit
    }
    // A zero norm limit fails the same layer first.
    CompareOptions zeroNorm;
    zeroNorm.tolerance = Tolerance::norm(0);
    CompareReport strict = compareWithReference(*model, *engine, {{"x", test::randomTensor({1, 3, 6, 6}, 9)}}, zeroNorm);
    ASSERT_TRUE(strict.firstFailingLayer);
    EXPECT_EQ(*strict.firstFailingLayer, 0u);
}

// Every tensor a layer writes carries the least exact precision of its layer and the layers before it.
TEST(ProfilerCompare, ErrorPrecisionsFollowTheLayersUpstream) {
    auto model = makeConvBnModel();
    auto engine = buildAt(*model, 3);
    const std::map<std::string, Precision> p = errorPrecisions(*engine);
    EXPECT_EQ(p.at("relu_a_out"), Precision::FP32);
    EXPECT_EQ(p.at("y"), Precision::FP32);
    EXPECT_FALSE(p.count("x"));  // an input no layer writes
}

TEST(ProfilerCompare, LevelZeroEngineHasOneLayerPerNode) {
    auto model = makeConvBnModel();
    auto engine = buildAt(*model, 0);
    CompareReport r = compareWithReference(*model, *engine, {{"x", test::randomTensor({1, 3, 6, 6}, 9)}}, {});
    EXPECT_EQ(r.layers.size(), model->nodeCount());
    for (const LayerAccuracy& l : r.layers) EXPECT_EQ(l.origin.size(), 1u) << l.layer;
    EXPECT_TRUE(r.passed());
}

TEST(ProfilerCompare, OutputsOnlyAndForeignEngine) {
    auto model = makeConvBnModel();
    auto engine = buildAt(*model, 3);
    CompareOptions options;
    options.perLayer = false;
    CompareReport r =
        compareWithReference(*model, *engine, {{"x", test::randomTensor({1, 3, 6, 6}, 9)}}, options);
    EXPECT_TRUE(r.layers.empty());
    EXPECT_TRUE(r.passed());
    EXPECT_FALSE(json::parse(r.toJson()).contains("layers"));

    // A model whose output is not the engine's: refused with the name.
    Graph other;
    other.opsetImports[""] = 17;
    Value* x = other.addValue("x");
    x->dtype = DataType::Float32;
    x->shape = Shape{1, 3, 6, 6};
    other.markInput(x);
    Value* z = other.addValue("z");
    z->dtype = DataType::Float32;
    other.addNode("Relu", "relu", {x}, {z});
    other.markOutput(z);
    test::expectErrorContaining(
        [&] {
            compareWithReference(other, *engine, {{"x", test::randomTensor({1, 3, 6, 6}, 1)}}, options);
        },
        {"engine output 'y'", "not an output of the model"});
}

// x → Abs → Neg → Sqrt → y at level 0 (one layer per node): the square root of the negated values
// is the first layer with NaN (one per non-zero x), in the engine's run and the reference's; an
// infinity in x is in every layer from the first on.
TEST(ProfilerCompare, FirstLayerWithNanOrInf) {
    Graph g;
    g.opsetImports[""] = 17;
    auto val = [&](const std::string& name) {
        Value* v = g.addValue(name);
        v->dtype = DataType::Float32;
        v->shape = Shape{2, 4};
        return v;
    };
    Value *x = val("x"), *a = val("abs_out"), *n = val("neg_out"), *y = val("y");
    g.markInput(x);
    g.addNode("Abs", "abs", {x}, {a});
    g.addNode("Neg", "neg", {a}, {n});
    g.addNode("Sqrt", "sqrt", {n}, {y});
    g.markOutput(y);
    for (Node* node : g.nodes()) node->origin = {node->name};
    auto engine = buildAt(g, 0);
    ASSERT_EQ(engine->layers().size(), 3u);

    Tensor input = test::randomTensor({2, 4}, 3, 0.5f, 2.f);  // no zeros: every sqrt is NaN
    CompareReport r = compareWithReference(g, *engine, {{"x", input}}, CompareOptions{});
    ASSERT_EQ(r.layers.size(), 3u);
    EXPECT_EQ(r.layers[0].nonFinite().total(), 0);
    EXPECT_EQ(r.layers[1].nonFinite().total(), 0);
    EXPECT_EQ(r.layers[2].nonFinite().nan, 8);
    EXPECT_EQ(r.layers[2].referenceNonFinite().nan, 8);
    ASSERT_TRUE(r.firstNonFiniteLayer.has_value());
    EXPECT_EQ(*r.firstNonFiniteLayer, 2u);
    ASSERT_TRUE(r.firstNonFiniteReferenceLayer.has_value());
    EXPECT_EQ(*r.firstNonFiniteReferenceLayer, 2u);
    EXPECT_TRUE(r.passed());  // NaN where the reference has NaN is a match
    json j = json::parse(r.toJson());
    EXPECT_EQ(j["first_nonfinite_layer"]["layer"], "sqrt");
    EXPECT_EQ(j["first_nonfinite_layer"]["nan"], 8);
    EXPECT_EQ(j["first_nonfinite_reference_layer"]["index"], 2);
    EXPECT_EQ(j["layers"][2]["outputs"][0]["nonfinite"]["nan"], 8);
    EXPECT_EQ(j["layers"][1]["outputs"][0]["nonfinite"]["nan"], 0);
    EXPECT_NE(r.layers[2].outputs[0].comparison.summary().find("nan=8 inf=0 (reference nan=8 inf=0)"),
              std::string::npos)
        << r.layers[2].outputs[0].comparison.summary();

    // +inf in x: every layer holds an infinity, so the first is #0 (|inf| = inf).
    input.data<float>()[5] = INFINITY;
    r = compareWithReference(g, *engine, {{"x", input}}, CompareOptions{});
    ASSERT_TRUE(r.firstNonFiniteLayer.has_value());
    EXPECT_EQ(*r.firstNonFiniteLayer, 0u);
    EXPECT_EQ(r.layers[0].nonFinite().posInf, 1);
    EXPECT_EQ(r.layers[1].nonFinite().negInf, 1);
    EXPECT_EQ(r.layers[1].nonFinite().str(), "1 -inf");

    // Zeros are finite all the way (sqrt(-0) = -0): nothing flagged, null in the JSON.
    Tensor zeros(DataType::Float32, {2, 4});
    std::fill(zeros.data<float>(), zeros.data<float>() + zeros.numel(), 0.f);
    r = compareWithReference(g, *engine, {{"x", zeros}}, CompareOptions{});
    EXPECT_FALSE(r.firstNonFiniteLayer.has_value());
    EXPECT_FALSE(r.firstNonFiniteReferenceLayer.has_value());
    EXPECT_TRUE(json::parse(r.toJson())["first_nonfinite_layer"].is_null());
}

// NaN and infinities are counted on each side, matched or not.
TEST(ProfilerAccuracy, CountsNanAndInfOnEachSide) {
    Tensor a(DataType::Float32, {5}), e(DataType::Float32, {5});
    float av[] = {NAN, INFINITY, -INFINITY, 1.f, NAN};
    float ev[] = {NAN, 1.f, 1.f, 1.f, 2.f};
    for (int i = 0; i < 5; ++i) {
        a.data<float>()[i] = av[i];
        e.data<float>()[i] = ev[i];
    }
    TensorComparison c = compareTensors(a, e, Tolerance{});
    EXPECT_EQ(c.actualNonFinite.nan, 2);
    EXPECT_EQ(c.actualNonFinite.posInf, 1);
    EXPECT_EQ(c.actualNonFinite.negInf, 1);
    EXPECT_EQ(c.expectedNonFinite.total(), 1);
    EXPECT_EQ(c.nonFiniteMismatches, 3);
    EXPECT_EQ(c.actualNonFinite.str(), "2 NaN, 1 +inf, 1 -inf");
}

TEST(ProfilerAccuracy, ErrorHistogramDecades) {
    Tensor a(DataType::Float32, {6}), e(DataType::Float32, {6});
    float av[] = {1.f, 1.f + 1e-6f, 2.f, 0.f, 5.f, NAN};
    float ev[] = {1.f, 1.f, 2.05f, 1e-12f, 1.f, 1.f};
    for (int i = 0; i < 6; ++i) {
        a.data<float>()[i] = av[i];
        e.data<float>()[i] = ev[i];
    }
    ErrorHistogram h = errorHistogram(a, e);
    ASSERT_EQ(h.labels.size(), h.counts.size());
    EXPECT_EQ(h.labels.front(), "0");
    EXPECT_EQ(h.labels.back(), ">=1");
    EXPECT_EQ(h.counts[0], 1);
    EXPECT_EQ(h.counts[1], 1);      // 1e-12 < 1e-9
    EXPECT_EQ(h.counts.back(), 1);  // |5-1| = 4
    EXPECT_EQ(h.nonFinite, 1);
    EXPECT_EQ(h.total(), 6);
    std::string s = h.str();
    EXPECT_NE(s.find("1e-7..1e-6:1"), std::string::npos) << s;  // ~9.5e-7 (fp32 1+1e-6)
    EXPECT_NE(s.find("1e-2..1e-1:1"), std::string::npos) << s;  // 0.05
    EXPECT_NE(s.find("nonfinite:1"), std::string::npos) << s;
    EXPECT_TRUE(errorHistogram(a, Tensor(DataType::Float32, {5})).counts.empty());
}

// Stored outputs (a test data set's output_K.pb; Kiln Studio's "Expected: stored outputs"): the
// outputs they hold are compared with them under kiln run --test-data's rule, the layer boundaries
// still with the reference; a shape mismatch names the file; an output the engine lacks is an error.
TEST(ProfilerCompare, StoredOutputsReplaceTheReferenceForTheOutputs) {
    auto model = makeConvBnModel();
    auto engine = buildAt(*model, 3);
    TensorMap inputs{{"x", test::randomTensor({1, 3, 6, 6}, 9)}};
    const Tensor good = runReference(*model, inputs, false).tensors.at("y");
    CompareOptions options;
    options.stored = StoredOutputs{"test_data_set_0", {{"y", good, "output_0.pb", "y"}}};
    const CompareReport pass = compareWithReference(*model, *engine, inputs, options);
    EXPECT_TRUE(pass.passed());
    EXPECT_EQ(pass.storedDataSet, "test_data_set_0");
    EXPECT_EQ(pass.storedFiles.at("y"), "output_0.pb");
    EXPECT_EQ(json::parse(pass.toJson())["expected"]["files"]["y"], "output_0.pb");

    Tensor off = good.clone();
    off.data<float>()[0] += 1.0f;
    options.stored->outputs[0].tensor = off;
    const CompareReport fail = compareWithReference(*model, *engine, inputs, options);
    EXPECT_FALSE(fail.outputsPassed());
    EXPECT_FALSE(fail.firstFailingLayer.has_value());  // the engine agrees with the reference
    EXPECT_NEAR(fail.outputs[0].comparison.maxAbsError, 1.0, 1e-4);
    // Without stored outputs the same run passes: the verdict above is the stored file's.
    EXPECT_TRUE(compareWithReference(*model, *engine, inputs, CompareOptions{}).outputsPassed());

    options.stored->outputs[0].tensor = Tensor(DataType::Float32, {1, 2, 6, 5});
    const CompareReport shape = compareWithReference(*model, *engine, inputs, options);
    EXPECT_EQ(shape.outputs[0].comparison.status, ComparisonStatus::ShapeMismatch);
    EXPECT_EQ(shape.outputs[0].comparison.mismatch.rfind("output_0.pb: ", 0), 0u)
        << shape.outputs[0].comparison.mismatch;
    options.stored->outputs[0].name = "relu_a_out";  // not an output
    EXPECT_THROW(compareWithReference(*model, *engine, inputs, options), Error);
}

}  // namespace
}  // namespace kiln
