// BuilderConfig: validation errors name the field; JSON round trip; JSON errors name file and field.
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
    BuilderConfig back = builderConfigFromJson(builderConfigToJson(c), "test");
    EXPECT_EQ(back, c);

    TempDir dir("kiln_config");
    saveBuilderConfig(c, dir.file("settings.json"));
    EXPECT_EQ(loadBuilderConfig(dir.file("settings.json")), c);
    EXPECT_EQ(builderConfigFromJson("{}", "empty"), BuilderConfig{});  // every field has a default
}

TEST(BuilderConfig, JsonErrorsNameFileAndField) {
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
