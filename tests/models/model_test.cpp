// kiln_model_tests: whole models against their reference outputs (ONNX Runtime), compared with
// the max-normalised error max|a - e| / max|e| <= 1e-4 per output. The bundled samples always
// run; ../shared/models (squeezenet1_1, bert_tiny) skip with a message when absent.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "engine_core/onnx/importer.h"
#include "tests/conformance/case_io.h"

namespace fs = std::filesystem;

namespace kiln {
namespace {

constexpr double kTolerance = 1e-4;

std::string sharedModelsDir() {
    const char* env = std::getenv("KILN_SHARED_MODELS");
    if (env && *env) return env;
    return (fs::path(KILN_SOURCE_DIR) / ".." / "shared" / "models").lexically_normal().string();
}

struct ModelCase {
    std::string name;  // test name
    std::string dir;
    bool bundled;      // resources/samples: must exist
};

std::vector<ModelCase> modelCases() {
    std::vector<ModelCase> cases;
    fs::path samples = fs::path(KILN_SOURCE_DIR) / "resources" / "samples";
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(samples, ec))
        if (entry.is_directory()) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    for (const auto& n : names) cases.push_back({"sample_" + n, (samples / n).string(), true});
    for (const char* n : {"squeezenet1_1", "bert_tiny"})
        cases.push_back({std::string("shared_") + n, (fs::path(sharedModelsDir()) / n).string(), false});
    return cases;
}

void PrintTo(const ModelCase& c, std::ostream* os) { *os << c.dir; }

class ModelTest : public ::testing::TestWithParam<ModelCase> {};

TEST_P(ModelTest, MatchesReferenceOutputs) {
    const ModelCase& mc = GetParam();
    if (!fs::is_directory(mc.dir)) {
        ASSERT_FALSE(mc.bundled) << "bundled sample missing: " << mc.dir;
        GTEST_SKIP() << mc.dir << " is absent (shared models are not part of a clone)";
    }
    std::string model = testing::findModelFile(mc.dir);
    ASSERT_FALSE(model.empty()) << "no .onnx model in " << mc.dir;
    auto sets = testing::listTestDataSets(mc.dir);
    ASSERT_FALSE(sets.empty()) << "no test_data_set_* in " << mc.dir;

    ImportResult imported = importOnnxFile(model);
    ASSERT_TRUE(imported.graph);
    Executor executor(*imported.graph);
    for (const auto& setDir : sets) {
        testing::TestDataSet data = testing::loadTestDataSet(setDir);
        TensorMap outputs = executor.run(testing::bindInputs(*imported.graph, data.inputs));
        const auto& declared = imported.graph->outputs();
        ASSERT_LE(data.outputs.size(), declared.size()) << setDir;
        ASSERT_FALSE(data.outputs.empty()) << "no output_N.pb in " << setDir;
        for (size_t i = 0; i < data.outputs.size(); ++i) {
            const std::string& name = declared[i]->name;
            ASSERT_TRUE(outputs.count(name)) << "output '" << name << "' missing";
            testing::TensorDiff diff = testing::compareMaxNormalised(outputs.at(name), data.outputs[i].tensor, kTolerance);
            EXPECT_TRUE(diff.pass) << fs::path(setDir).filename().string() << " output '" << name << "': " << diff.detail;
            std::cout << "  " << mc.name << " " << fs::path(setDir).filename().string() << " '" << name
                      << "': " << diff.detail << "\n";
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Models, ModelTest, ::testing::ValuesIn(modelCases()),
                         [](const ::testing::TestParamInfo<ModelCase>& info) { return info.param.name; });

}  // namespace
}  // namespace kiln
