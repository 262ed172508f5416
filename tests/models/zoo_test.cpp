// kiln_model_tests, the zoo part (issue 13): the CI-sized models of tests/data/zoo_small, written by
// `tools/make_zoo.py --small` (torchvision, transformers; both PyTorch exporters, opsets 11 to 18;
// random weights with outputs of order 1; ONNX Runtime's outputs in test_data_set_0). CI has no
// torch, so the exported files are committed. For each model:
//  - the reference executor and the level-3 engine match ONNX Runtime (max|a-e|/max|e| <= 1e-4);
//  - the engine is not slower than the reference run of the same model beyond noise.
// The speed check alternates the two in rounds and compares the best round medians, with a
// relative margin and an absolute floor, so a loaded 2-core CI machine does not make it flake.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>

#include "engine_core/builder/builder.h"
#include "engine_core/builder/execution_context.h"
#include "engine_core/common/parallel.h"
#include "engine_core/onnx/importer.h"
#include "tests/conformance/case_io.h"

namespace fs = std::filesystem;

namespace kiln {
namespace {

constexpr double kTolerance = 1e-4;
// The engine may take at most kSlowerMargin times the reference run's time plus kFloorMs.
constexpr double kSlowerMargin = 1.3;
constexpr double kFloorMs = 0.02;

std::string zooDir() {
    const char* env = std::getenv("KILN_ZOO_SMALL");
    if (env && *env) return env;
    return (fs::path(KILN_SOURCE_DIR) / "tests" / "data" / "zoo_small").string();
}

std::vector<std::string> zooModels() {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(zooDir(), ec))
        if (entry.is_directory() && fs::exists(entry.path() / "model.onnx")) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

struct Loaded {
    ImportResult imported;
    TensorMap feeds;
    std::vector<NamedTensor> expected;
};

Loaded load(const std::string& name) {
    fs::path dir = fs::path(zooDir()) / name;
    Loaded l{importOnnxFile((dir / "model.onnx").string()), {}, {}};
    testing::TestDataSet data = testing::loadTestDataSet((dir / "test_data_set_0").string());
    l.feeds = testing::bindInputs(*l.imported.graph, data.inputs);
    l.expected = data.outputs;
    return l;
}

std::shared_ptr<const Engine> buildLevel3(const Graph& model, const TensorMap& feeds) {
    BuilderConfig config;  // level 3, fusions timed against their unfused nodes (the default)
    OptimizationProfile profile;
    for (const auto& [name, tensor] : feeds) profile.inputs[name] = {tensor.dims(), tensor.dims(), tensor.dims()};
    config.profiles.push_back(profile);
    return buildEngine(model, config);
}

void expectMatches(const Graph& model, const TensorMap& outputs, const std::vector<NamedTensor>& expected,
                   const std::string& what) {
    ASSERT_FALSE(expected.empty());
    ASSERT_LE(expected.size(), model.outputs().size());
    for (size_t i = 0; i < expected.size(); ++i) {
        const std::string& name = model.outputs()[i]->name;
        ASSERT_TRUE(outputs.count(name)) << what << ": output '" << name << "' missing";
        testing::TensorDiff diff = testing::compareMaxNormalised(outputs.at(name), expected[i].tensor, kTolerance);
        EXPECT_TRUE(diff.pass) << what << " output '" << name << "': " << diff.detail;
        // Outputs of order 1 (make_zoo refuses others): a check against near-zero outputs would pass anything.
        EXPECT_GT(diff.maxAbsExpected, 1e-2) << what << " output '" << name << "' is too small to mean anything";
    }
}

class ZooTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ZooTest, ReferenceAndEngineMatchOnnxRuntime) {
    Loaded l = load(GetParam());
    const Graph& model = *l.imported.graph;
    Executor executor(model);
    expectMatches(model, executor.run(l.feeds), l.expected, "reference executor");
    auto engine = buildLevel3(model, l.feeds);
    expectMatches(model, engine->createExecutionContext()->execute(l.feeds), l.expected, "level-3 engine");
}

double medianMs(const std::function<void()>& run, int iterations) {
    std::vector<double> ms;
    for (int i = 0; i < iterations; ++i) {
        auto start = std::chrono::steady_clock::now();
        run();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::nth_element(ms.begin(), ms.begin() + ms.size() / 2, ms.end());
    return ms[ms.size() / 2];
}

TEST_P(ZooTest, EngineNotSlowerThanReference) {
    Loaded l = load(GetParam());
    const Graph& model = *l.imported.graph;
    int threadsBefore = numThreads();
    setNumThreads(1);  // one thread: the other ctest jobs share the cores
    Executor executor(model);
    auto engine = buildLevel3(model, l.feeds);
    auto context = engine->createExecutionContext();
    auto runReference = [&] { executor.run(l.feeds); };
    auto runEngine = [&] { context->execute(l.feeds); };
    runReference();
    runEngine();
    // Alternating rounds: a burst of load from other processes hits both sides; each keeps its
    // best round median.
    double bestReference = 1e30, bestEngine = 1e30;
    for (int round = 0; round < 7; ++round) {
        bestReference = std::min(bestReference, medianMs(runReference, 15));
        bestEngine = std::min(bestEngine, medianMs(runEngine, 15));
    }
    setNumThreads(threadsBefore);
    std::cout << "  " << GetParam() << ": reference " << bestReference << " ms, level-3 engine " << bestEngine
              << " ms (" << engine->layers().size() << " layers from " << model.nodeCount() << " nodes), engine / "
              << "reference " << bestEngine / bestReference << "\n";
    EXPECT_LE(bestEngine, kSlowerMargin * bestReference + kFloorMs)
        << GetParam() << ": the level-3 engine (" << bestEngine << " ms) is slower than the reference run ("
        << bestReference << " ms) beyond noise";
}

TEST(ZooSmall, IsPresent) {
    // The zoo is committed: an empty list would make the parameterized tests vanish silently.
    EXPECT_GE(zooModels().size(), 6u) << "tests/data/zoo_small has too few models: " << zooDir();
}

INSTANTIATE_TEST_SUITE_P(ZooSmall, ZooTest, ::testing::ValuesIn(zooModels()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace kiln
