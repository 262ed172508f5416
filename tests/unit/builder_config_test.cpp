// BuilderConfig: validation errors name the field; JSON round trip; JSON errors name file and field.
#include <algorithm>
#include <fstream>

#include "engine_core/builder/builder_config.h"
#include "tests/unit/builder_test_util.h"

namespace kiln::test {
namespace {

TEST(BuilderConfig, ValidConfigPasses) {
    auto g = makeTinyCnn();
    EXPECT_NO_THROW(tinyCnnConfig().validate(*g));
}

TEST(BuilderConfig, MinGreaterThanMaxNamesTheField) {
    auto g = makeTinyCnn();
    BuilderConfig c = tinyCnnConfig();
    c.profiles[0].inputs["x"] = {{5, 3, 8, 8}, {5, 3, 8, 8}, {4, 3, 8, 8}};
    expectErrorContaining([&] { c.validate(*g); }, {"profiles[0].x.min", "[5,3,8,8]", "max [4,3,8,8]"});
}

TEST(BuilderConfig, OptOutsideRangeNamesTheField) {
    auto g = makeTinyCnn();
    BuilderConfig c = tinyCnnConfig();
    c.profiles[0].inputs["x"] = {{1, 3, 8, 8}, {9, 3, 8, 8}, {4, 3, 8, 8}};
    expectErrorContaining([&] { c.validate(*g); }, {"profiles[0].x.opt", "[9,3,8,8]"});
}

TEST(BuilderConfig, ProfileMissingADynamicInput) {
    auto g = makeTinyCnn();
    BuilderConfig c = tinyCnnConfig();
    c.profiles.push_back(OptimizationProfile{});
    expectErrorContaining([&] { c.validate(*g); }, {"profiles[1]", "missing dynamic input 'x'"});
}

TEST(BuilderConfig, DynamicModelWithoutProfiles) {
    auto g = makeTinyCnn();
    BuilderConfig c = tinyCnnConfig();
    c.profiles.clear();
    expectErrorContaining([&] { c.validate(*g); }, {"profiles", "'x'", "[batch,3,8,8]"});
    // A static model needs none.
    auto s = makeTinyCnn(false);
    EXPECT_NO_THROW(c.validate(*s));
    EXPECT_EQ(staticProfile(*s).inputs.at("x").opt, (std::vector<int64_t>{2, 3, 8, 8}));
}

TEST(BuilderConfig, RankMismatchAndStaticDimMismatch) {
    auto g = makeTinyCnn();
    BuilderConfig c = tinyCnnConfig();
    c.profiles[0].inputs["x"] = {{1, 3, 8}, {1, 3, 8}, {1, 3, 8}};
    expectErrorContaining([&] { c.validate(*g); }, {"profiles[0].x", "rank 3", "rank 4"});
    c.profiles[0].inputs["x"] = {{1, 4, 8, 8}, {1, 4, 8, 8}, {1, 4, 8, 8}};
    expectErrorContaining([&] { c.validate(*g); }, {"profiles[0].x.min", "dim 1", "fixes it to 3"});
}

TEST(BuilderConfig, UnknownInputInProfile) {
    auto g = makeTinyCnn();
    BuilderConfig c = tinyCnnConfig();
    c.profiles[0].inputs["nope"] = {{1}, {1}, {1}};
    expectErrorContaining([&] { c.validate(*g); }, {"profiles[0].nope", "no input named 'nope'"});
}

TEST(BuilderConfig, PrecisionTheBackendCannotDo) {
    auto g = makeTinyCnn();
    BuilderConfig c = tinyCnnConfig();
    c.precisions = {Precision::FP32, Precision::FP16};
    expectErrorContaining([&] { c.validate(*g); }, {"precisions[1]", "fp16", "cpu backend"});
    c.precisions = {Precision::FP32};
    c.layerPrecisions = {{"softmax", Precision::BF16}};
    expectErrorContaining([&] { c.validate(*g); }, {"layerPrecisions[0].precision", "bf16"});
}

TEST(BuilderConfig, OverrideTargets) {
    auto g = makeTinyCnn();
    BuilderConfig c = tinyCnnConfig();
    c.layerPrecisions = {{"softmax", Precision::FP32}, {"Conv", Precision::FP32}};
    EXPECT_NO_THROW(c.validate(*g));  // a node name and an op type
    c.layerPrecisions.push_back({"no_such_layer", Precision::FP32});
    expectErrorContaining([&] { c.validate(*g); }, {"layerPrecisions[2].target", "'no_such_layer'"});
}

const Node* nodeNamed(const Graph& g, const std::string& name) {
    for (const Node* n : g.nodes())
        if (n->name == name) return n;
    return nullptr;
}

TEST(BuilderConfig, LayerPrecisionRuleLastMatchWins) {
    auto g = makeTinyCnn();
    BuilderConfig c = tinyCnnConfig();
    c.backend = "cuda";  // the rule needs no device; CUDA allows reduced precisions
    c.precisions = {Precision::FP16, Precision::INT8};
    c.layerPrecisions = {{"Conv", Precision::FP16}, {"conv1", Precision::FP32}, {"Softmax", Precision::INT8}};
    LayerPrecisionChoice conv1 = resolveLayerPrecision(*nodeNamed(*g, "conv1"), c);
    EXPECT_EQ(conv1.precision, Precision::FP32);  // "Conv" matched first, "conv1" later wins
    EXPECT_EQ(conv1.overrideIndex, std::optional<size_t>(1));
    EXPECT_EQ(conv1.match, OverrideMatch::LayerName);
    LayerPrecisionChoice dw = resolveLayerPrecision(*nodeNamed(*g, "dwconv"), c);
    EXPECT_EQ(dw.precision, Precision::FP16);
    EXPECT_EQ(dw.overrideIndex, std::optional<size_t>(0));
    EXPECT_EQ(dw.match, OverrideMatch::OpType);
    EXPECT_EQ(dw.computed, Precision::FP16);  // the CUDA kernels store fp16 (fp32 accumulation)
    LayerPrecisionChoice softmax = resolveLayerPrecision(*nodeNamed(*g, "softmax"), c);
    EXPECT_EQ(softmax.precision, Precision::INT8);
    EXPECT_EQ(softmax.computed, Precision::FP32);
    LayerPrecisionChoice relu = resolveLayerPrecision(*nodeNamed(*g, "relu1"), c);
    EXPECT_EQ(relu.precision, Precision::FP16);  // the network default with fp16 allowed on cuda
    EXPECT_FALSE(relu.overrideIndex.has_value());
    EXPECT_EQ(relu.match, OverrideMatch::None);
    // Reversed order: the op-type override now comes last and wins for conv1.
    std::swap(c.layerPrecisions[0], c.layerPrecisions[1]);
    conv1 = resolveLayerPrecision(*nodeNamed(*g, "conv1"), c);
    EXPECT_EQ(conv1.precision, Precision::FP16);
    EXPECT_EQ(conv1.overrideIndex, std::optional<size_t>(1));
    EXPECT_EQ(conv1.match, OverrideMatch::OpType);
}

TEST(BuilderConfig, NetworkDefaultIsTheLowestAllowedFloatPrecisionWhereItComputes) {
    BuilderConfig c;
    c.backend = "cuda";
    EXPECT_EQ(defaultLayerPrecision(c), Precision::FP32);
    c.precisions = {Precision::TF32};
    EXPECT_EQ(defaultLayerPrecision(c), Precision::TF32);
    c.precisions = {Precision::TF32, Precision::BF16};
    EXPECT_EQ(defaultLayerPrecision(c), Precision::BF16);
    c.precisions = {Precision::TF32, Precision::BF16, Precision::FP16, Precision::INT8};
    EXPECT_EQ(defaultLayerPrecision(c), Precision::FP16);
    c.precisions = {Precision::INT8};  // int8 layers come with the int8 kernels: not a default yet
    EXPECT_EQ(defaultLayerPrecision(c), Precision::FP32);
    // The CPU computes fp32 whatever is allowed: the flags only allow there.
    c.backend = "cpu";
    c.precisions = {Precision::FP16, Precision::INT8};
    EXPECT_EQ(defaultLayerPrecision(c), Precision::FP32);
    EXPECT_EQ(computedPrecision("cpu", Precision::FP16), Precision::FP32);
    EXPECT_EQ(computedPrecision("cuda", Precision::BF16), Precision::BF16);
    EXPECT_EQ(computedPrecision("cuda", Precision::INT8), Precision::FP32);
}

TEST(BuilderConfig, LayerPrecisionRuleMatchesOrigins) {
    // A fused layer: matched through the ONNX nodes it came from, by name or by their op type.
    std::vector<std::string> origin = {"conv1", "relu1"};
    std::map<std::string, std::string> opTypes = {{"conv1", "Conv"}, {"relu1", "Relu"}};
    LayerPrecisionQuery fused{"conv1_relu1", "kiln.FusedConv", &origin, &opTypes};
    BuilderConfig c;
    c.backend = "cuda";
    c.precisions = {Precision::BF16, Precision::FP16};
    c.layerPrecisions = {{"relu1", Precision::BF16}};
    LayerPrecisionChoice r = resolveLayerPrecision(fused, c);
    EXPECT_EQ(r.precision, Precision::BF16);
    EXPECT_EQ(r.match, OverrideMatch::OriginName);
    c.layerPrecisions.push_back({"Relu", Precision::FP16});
    r = resolveLayerPrecision(fused, c);
    EXPECT_EQ(r.precision, Precision::FP16);
    EXPECT_EQ(r.overrideIndex, std::optional<size_t>(1));
    EXPECT_EQ(r.match, OverrideMatch::OriginOpType);
    // Without the op-type table an origin's op type is unknown: the name override decides.
    LayerPrecisionQuery noTypes{"conv1_relu1", "kiln.FusedConv", &origin, nullptr};
    r = resolveLayerPrecision(noTypes, c);
    EXPECT_EQ(r.precision, Precision::BF16);
    EXPECT_EQ(r.overrideIndex, std::optional<size_t>(0));
    EXPECT_EQ(overrideMatchName(OverrideMatch::OriginOpType), "onnx op type");
}

TEST(BuilderConfig, OverridePrecisionsAreWhatValidationAccepts) {
    const Precision all[] = {Precision::FP32, Precision::TF32, Precision::FP16,
                             Precision::BF16, Precision::INT8, Precision::FP8};
    BuilderConfig cpu;
    EXPECT_EQ(cpu.overridePrecisions(), (std::vector<Precision>{Precision::FP32}));
    cpu.precisions = {Precision::FP32, Precision::INT8};  // int8 only calibrates on the cpu backend
    EXPECT_EQ(cpu.overridePrecisions(), (std::vector<Precision>{Precision::FP32}));
    BuilderConfig cuda;
    cuda.backend = "cuda";
    cuda.precisions = {Precision::INT8, Precision::FP16};
    EXPECT_EQ(cuda.overridePrecisions(), (std::vector<Precision>{Precision::FP32, Precision::FP16, Precision::INT8}));
    for (BuilderConfig base : {cpu, cuda}) {
        std::vector<Precision> offered = base.overridePrecisions();
        for (Precision p : all) {
            BuilderConfig c = base;
            c.layerPrecisions = {{"softmax", p}};
            bool accepted = true;
            try {
                c.validateStandalone();
            } catch (const Error&) {
                accepted = false;
            }
            bool listed = std::find(offered.begin(), offered.end(), p) != offered.end();
            EXPECT_EQ(accepted, listed) << base.backend << " " << precisionName(p);
        }
    }
}

TEST(BuilderConfig, BuilderStoresTheRulesPrecision) {
    auto g = makeTinyCnn();
    BuilderConfig c = tinyCnnConfig(3);
    c.layerPrecisions = {{"Relu", Precision::FP32}};
    auto engine = buildEngine(*g, c);
    std::map<std::string, std::string> opTypes;
    for (const Node* n : g->nodes()) opTypes[n->name] = n->opType;
    bool sawRelu = false;
    for (const EngineLayer& l : engine->layers()) {
        LayerPrecisionChoice r = resolveLayerPrecision(LayerPrecisionQuery{l.name, l.opType, &l.origin, &opTypes}, c);
        EXPECT_EQ(l.precision, r.precision) << l.name;
        EXPECT_EQ(r.computed, Precision::FP32) << l.name;
        bool hasRelu = std::find(l.origin.begin(), l.origin.end(), "relu1") != l.origin.end();
        sawRelu = sawRelu || hasRelu;
        // The layer holding relu1 (fused with conv1 or not) is set by the op-type override.
        EXPECT_EQ(r.overrideIndex.has_value(), hasRelu) << l.name;
        if (hasRelu) {
            EXPECT_TRUE(r.match == OverrideMatch::OpType || r.match == OverrideMatch::OriginOpType) << l.name;
        }
    }
    EXPECT_TRUE(sawRelu);
}

TEST(BuilderConfig, LevelAndTimingFields) {
    auto g = makeTinyCnn();
    BuilderConfig c = tinyCnnConfig();
    c.optimizationLevel = 4;
    expectErrorContaining([&] { c.validate(*g); }, {"optimizationLevel", "4"});
    c.optimizationLevel = 1;
    c.timingIterations = 0;
    expectErrorContaining([&] { c.validate(*g); }, {"timingIterations"});
}

TEST(BuilderConfig, JsonRoundTrip) {
    BuilderConfig c = tinyCnnConfig(2);
    c.layerPrecisions = {{"softmax", Precision::FP32}};
    c.profiles.push_back(OptimizationProfile{{{"x", ShapeRange{{5, 3, 8, 8}, {6, 3, 8, 8}, {8, 3, 8, 8}}}}});
    c.sparsity = SparsityMode::Enabled;
    c.workspaceBytes = 12345;
    c.timingCachePath = "cache.json";
    c.pluginLibraries = {"libfoo.so"};
    EXPECT_FALSE(c.compareFusions);  // tinyCnnConfig turns it off; the default is on
    BuilderConfig back = builderConfigFromJson(builderConfigToJson(c), "test");
    EXPECT_EQ(back, c);

    TempDir dir("kiln_config");
    saveBuilderConfig(c, dir.file("settings.json"));
    EXPECT_EQ(loadBuilderConfig(dir.file("settings.json")), c);
    EXPECT_EQ(builderConfigFromJson("{}", "empty"), BuilderConfig{});  // every field has a default
}

TEST(BuilderConfig, JsonErrorsNameFileAndField) {
    // A number out of a double's range is valid JSON; nlohmann's out_of_range escaped as an internal
    // error (kiln build --config: exit 4, no file name).
    expectErrorContaining([] { builderConfigFromJson(R"({"timing": {"warmup": 1e400}})", "s.json"); },
                          {"s.json", "field 'timing.warmup'", "1e400", "out of range"});
    expectErrorContaining([] { builderConfigFromJson(R"({"timing": {"compareFusions": 1}})", "s.json"); },
                          {"s.json", "field 'timing.compareFusions'", "true or false"});
    expectErrorContaining([] { builderConfigFromJson(R"({"profiles": [{"x": {"min": [1, -1e999]}}]})", "s.json"); },
                          {"s.json", "field 'profiles[0].x.min[1]'", "out of range"});
    expectErrorContaining([] { builderConfigFromJson(R"({"profiles": [{"x": {"min": [1, "a"], "opt": [1, 1], "max": [1, 1]}}]})", "s.json"); },
                          {"s.json", "profiles[0].x.min[1]", "integer"});
    expectErrorContaining([] { builderConfigFromJson(R"({"optimisationLevel": 2})", "s.json"); },
                          {"s.json", "optimisationLevel", "unknown field"});
    expectErrorContaining([] { builderConfigFromJson(R"({"precisions": ["fp17"]})", "s.json"); },
                          {"s.json", "precisions[0]", "fp17"});
    expectErrorContaining([] { builderConfigFromJson(R"({"precisions": ["fp16"]})", "s.json"); },
                          {"s.json", "precisions[0]", "cpu backend"});
    expectErrorContaining([] { builderConfigFromJson(R"({"optimizationLevel": 9})", "s.json"); },
                          {"s.json", "optimizationLevel", "0..3"});
    expectErrorContaining([] { builderConfigFromJson(R"({"profiles": [{"x": {"min": [1], "opt": [1]}}]})", "s.json"); },
                          {"s.json", "profiles[0].x.max", "missing"});
    expectErrorContaining([] { builderConfigFromJson("{not json", "s.json"); }, {"s.json", "invalid JSON"});
    expectErrorContaining([] { loadBuilderConfig("/nonexistent/settings.json"); }, {"/nonexistent/settings.json"});
}

}  // namespace
}  // namespace kiln::test
