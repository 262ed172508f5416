// The project's sample models (resources/samples/*/model.onnx, with test_data_set_0): build at
// level 0 and 3, save, load, run, and compare with the reference executor on the unoptimized
// model and with the stored expected outputs. Skipped when the samples are not in the tree.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "engine_core/onnx/importer.h"
#include "engine_core/onnx/tensor_io.h"
#include "tests/unit/builder_test_util.h"

namespace kiln::test {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> sampleModels() {
    std::vector<fs::path> out;
    // KILN_SAMPLES_DIR overrides the location (a checkout without the samples can point at a copy).
    const char* env = std::getenv("KILN_SAMPLES_DIR");
    fs::path root = env ? fs::path(env) : fs::path(KILN_SOURCE_DIR) / "resources" / "samples";
    std::error_code ec;
    if (!fs::is_directory(root, ec)) return out;
    for (const auto& entry : fs::directory_iterator(root))
        if (fs::exists(entry.path() / "model.onnx") && fs::is_directory(entry.path() / "test_data_set_0"))
            out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

TEST(BuilderSamples, BuildSaveLoadRunCompare) {
    auto models = sampleModels();
    if (models.empty()) GTEST_SKIP() << "no resources/samples in this tree";
    for (const fs::path& dir : models) {
        SCOPED_TRACE(dir.filename().string());
        ImportResult imported = importOnnxFile((dir / "model.onnx").string());
        const Graph& model = *imported.graph;
        std::vector<Value*> inputs = model.runtimeInputs();
        TensorMap feeds;
        for (size_t i = 0; i < inputs.size(); ++i) {
            NamedTensor t = readTensorProtoFile((dir / "test_data_set_0" / ("input_" + std::to_string(i) + ".pb")).string());
            feeds[inputs[i]->name] = t.tensor;
        }
        TensorMap reference = referenceRun(model, feeds);
        for (int level : {0, 3}) {
            SCOPED_TRACE("level " + std::to_string(level));
            BuilderConfig config;
            config.optimizationLevel = level;
            config.timingWarmup = 1;
            config.timingIterations = 2;
            pinProfileToFeeds(config, model, feeds);
            BuildReport report;
            auto engine = buildEngine(model, config, {}, {nullptr, &report});
            std::cout << dir.filename().string() << " level " << level << ": " << model.nodeCount() << " nodes -> "
                      << engine->layers().size() << " layers\n"
                      << report.fusion.str();
            for (const EngineLayer& l : engine->layers())
                if (l.tacticMs >= 0)
                    std::cout << "  tactic " << l.name << " (" << l.opType << "): " << l.tactic << " " << l.tacticMs
                              << " ms\n";
            TempDir tmp("kiln_samples");
            engine->save(tmp.file("model.engine"));
            auto loaded = Engine::load(tmp.file("model.engine"));
            EXPECT_EQ(loaded->serialize(), engine->serialize());
            TensorMap out = loaded->createExecutionContext()->execute(feeds);
            for (size_t o = 0; o < model.outputs().size(); ++o) {
                const std::string& name = model.outputs()[o]->name;
                ASSERT_TRUE(out.count(name)) << name;
                expectTensorNear(out.at(name), reference.at(name), 1e-4, 1e-4);
                fs::path expectedFile = dir / "test_data_set_0" / ("output_" + std::to_string(o) + ".pb");
                if (fs::exists(expectedFile))
                    expectTensorNear(out.at(name), readTensorProtoFile(expectedFile.string()).tensor, 1e-3, 1e-3);
            }
        }
    }
}

}  // namespace
}  // namespace kiln::test
