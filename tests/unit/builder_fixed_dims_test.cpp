// A profile that fixes the dims a model leaves symbolic builds at those dims (BuildOptions::modelPath:
// the builder re-imports the file with ImportOptions::inputDims), so shape computations fold.
#include <filesystem>

#include "engine_core/onnx/importer.h"
#include "engine_core/onnx/tensor_io.h"
#include "tests/unit/builder_test_util.h"

namespace kiln::test {
namespace {

namespace fs = std::filesystem;

const fs::path kSample = fs::path(KILN_SOURCE_DIR) / "resources" / "samples" / "tiny_transformer";

TensorMap sampleFeeds(const Graph& model) {
    TensorMap feeds;
    std::vector<Value*> inputs = model.runtimeInputs();
    for (size_t i = 0; i < inputs.size(); ++i)
        feeds[inputs[i]->name] =
            readTensorProtoFile((kSample / "test_data_set_0" / ("input_" + std::to_string(i) + ".pb")).string()).tensor;
    return feeds;
}

size_t countOps(const Engine& e, const std::string& op) {
    size_t n = 0;
    for (const EngineLayer& l : e.layers()) n += l.opType == op && l.domain.empty();
    return n;
}

TEST(BuilderFixedDims, AFixedProfileBuildsAtItsDimsAndFoldsTheShapeChains) {
    const std::string path = (kSample / "model.onnx").string();
    ImportResult imported = importOnnxFile(path);
    const Graph& model = *imported.graph;
    bool dynamic = false;
    for (const Value* v : model.runtimeInputs()) dynamic = dynamic || !v->shape.isStatic();
    ASSERT_TRUE(dynamic) << "the sample's inputs must have symbolic dims for this test";
    const TensorMap feeds = sampleFeeds(model);
    BuilderConfig config;
    config.optimizationLevel = 3;
    config.timingWarmup = 0;
    config.timingIterations = 1;
    pinProfileToFeeds(config, model, feeds);  // min = opt = max = the feeds' dims

    BuildReport asGiven, fixed;
    BuildOptions plain;
    plain.report = &asGiven;
    auto general = buildEngine(model, config, {}, plain);
    BuildOptions withPath;
    withPath.report = &fixed;
    withPath.modelPath = path;
    auto specialized = buildEngine(model, config, {}, withPath);

    EXPECT_TRUE(asGiven.fixedInputDims.empty());
    ASSERT_EQ(fixed.fixedInputDims.size(), feeds.size());
    for (const auto& [name, t] : feeds)
        EXPECT_EQ(fixed.fixedInputDims.at(name), std::vector<int64_t>(t.dims().begin(), t.dims().end())) << name;
    // The model computes its position ids and reshapes from Shape ops: built as given they remain
    // layers; at fixed dims they fold into constants.
    EXPECT_GT(countOps(*general, "Shape"), 0u) << general->summary();
    EXPECT_EQ(countOps(*specialized, "Shape"), 0u) << specialized->summary();
    EXPECT_LT(specialized->layers().size(), general->layers().size());

    const TensorMap expected = general->createExecutionContext()->execute(feeds);
    const TensorMap got = specialized->createExecutionContext()->execute(feeds);
    for (const auto& [name, t] : expected) expectTensorNear(got.at(name), t, 1e-5, 1e-5);
}

TEST(BuilderFixedDims, AnotherModelFileIsRefused) {
    ImportResult imported = importOnnxFile((kSample / "model.onnx").string());
    const TensorMap feeds = sampleFeeds(*imported.graph);
    BuilderConfig config;
    pinProfileToFeeds(config, *imported.graph, feeds);
    BuildOptions options;
    options.modelPath = (fs::path(KILN_SOURCE_DIR) / "resources" / "samples" / "tiny_cnn" / "model.onnx").string();
    try {
        buildEngine(*imported.graph, config, {}, options);
        FAIL() << "built from another model's file";
    } catch (const Error& e) {
        // It names the file (here: it lacks the inputs the profile fixes).
        EXPECT_NE(std::string(e.what()).find("tiny_cnn/model.onnx"), std::string::npos) << e.what();
    }
}

TEST(ImportFixedDims, UnknownInputsAndWrongRanksNameTheInput) {
    const std::string path = (kSample / "model.onnx").string();
    ImportOptions options;
    options.inputDims["no_such_input"] = {1, 2};
    try {
        importOnnxFile(path, options);
        FAIL() << "an unknown input was accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("no graph input 'no_such_input'"), std::string::npos) << e.what();
    }
    ImportResult imported = importOnnxFile(path);
    const std::string input = imported.graph->runtimeInputs().at(0)->name;
    options.inputDims.clear();
    options.inputDims[input] = {1, 2, 3, 4, 5, 6};
    try {
        importOnnxFile(path, options);
        FAIL() << "a wrong rank was accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("'" + input + "' has rank"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace kiln::test
