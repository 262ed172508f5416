// Bad models and bad inputs: each must end in exactly one clear error line naming the file, node
// or input at fault, a non-zero exit code, and no crash. Exit codes: 2 input error, 3 unsupported.
#include <random>

#include "cli_test_util.h"

namespace kiln::clitest {
namespace {

constexpr int kInputError = 2;
constexpr int kUnsupported = 3;

class BadInput : public ::testing::Test {
protected:
    TempDir dir;
};

// Parse failures must be clean for both commands that read a model.
void expectBothCommandsFail(const std::string& model, const std::vector<std::string>& mentions) {
    SCOPED_TRACE(model);
    for (const char* command : {"inspect", "run"}) {
        SCOPED_TRACE(command);
        expectCleanError(runKiln({command, model}), kInputError, mentions);
    }
}

TEST_F(BadInput, MissingModelFile) {
    std::string model = dir / "nope.onnx";
    expectBothCommandsFail(model, {"nope.onnx"});
}

TEST_F(BadInput, EmptyModelFile) {
    std::string model = dir / "empty.onnx";
    writeFile(model, "");
    expectBothCommandsFail(model, {"empty.onnx"});
}

TEST_F(BadInput, TruncatedModelFile) {
    onnx::ModelProto m = tinyModel();
    // A big initializer so the cut lands inside the graph message, which then can't parse.
    *m.mutable_graph()->add_initializer() = floatTensor("pad", {256}, std::vector<float>(256, 1.0f));
    std::string bytes = m.SerializeAsString();
    std::string model = dir / "truncated.onnx";
    writeFile(model, bytes.substr(0, bytes.size() / 2));
    expectBothCommandsFail(model, {"truncated.onnx"});
}

TEST_F(BadInput, RandomBytesModelFile) {
    std::mt19937 rng(1234);
    std::string bytes(4096, '\0');
    for (char& c : bytes) c = char(rng() & 0xff);
    std::string model = dir / "random.onnx";
    writeFile(model, bytes);
    expectBothCommandsFail(model, {"random.onnx"});
}

TEST_F(BadInput, TextFileAsModel) {
    std::string model = dir / "notes.onnx";
    writeFile(model, "this is not a model\n");
    expectBothCommandsFail(model, {"notes.onnx"});
}

onnx::ModelProto externalDataModel(const std::string& location) {
    onnx::ModelProto m = makeModel();
    addInput(m, "x", onnx::TensorProto::FLOAT, {int64_t(4)});
    onnx::TensorProto* w = m.mutable_graph()->add_initializer();
    w->set_name("w");
    w->set_data_type(onnx::TensorProto::FLOAT);
    w->add_dims(4);
    w->set_data_location(onnx::TensorProto::EXTERNAL);
    auto* entry = w->add_external_data();
    entry->set_key("location");
    entry->set_value(location);
    addNode(m, "Add", {"x", "w"}, {"y"}, "add_w");
    addOutput(m, "y", onnx::TensorProto::FLOAT, {int64_t(4)});
    return m;
}

TEST_F(BadInput, MissingExternalDataFile) {
    std::string model = dir / "ext.onnx";
    saveModel(externalDataModel("weights.bin"), model);
    expectBothCommandsFail(model, {"weights.bin"});
}

TEST_F(BadInput, ExternalDataEscapingWithDotDot) {
    fs::create_directories(dir.path() / "model");
    // The escaping file exists, so only the confinement rule can refuse it.
    std::vector<float> w = {1, 2, 3, 4};
    writeFile(dir / "x.bin", std::string(reinterpret_cast<const char*>(w.data()), 16));
    std::string model = (dir.path() / "model" / "ext.onnx").string();
    saveModel(externalDataModel("../x.bin"), model);
    expectBothCommandsFail(model, {"../x.bin"});
}

TEST_F(BadInput, ExternalDataAbsolutePath) {
    std::vector<float> w = {1, 2, 3, 4};
    std::string absolute = dir / "abs.bin";
    writeFile(absolute, std::string(reinterpret_cast<const char*>(w.data()), 16));
    std::string model = dir / "ext.onnx";
    saveModel(externalDataModel(absolute), model);
    for (const char* command : {"inspect", "run"}) {
        SCOPED_TRACE(command);
        RunResult r = runKiln({command, model});
        expectCleanError(r, kInputError, {absolute});
        // Refused because it is absolute, not because some joined path happens not to exist.
        std::string line = r.errLines().empty() ? "" : r.errLines()[0];
        EXPECT_TRUE(line.find("absolute") != std::string::npos || line.find("escapes") != std::string::npos)
            << "the error should say the path is absolute or escapes the model folder: " << line;
    }
}

TEST_F(BadInput, GraphWithCycle) {
    onnx::ModelProto m = makeModel();
    addInput(m, "x", onnx::TensorProto::FLOAT, {int64_t(4)});
    addNode(m, "Add", {"x", "r"}, {"a"}, "add_cycle");
    addNode(m, "Relu", {"a"}, {"r"}, "relu_cycle");
    addOutput(m, "r", onnx::TensorProto::FLOAT, {int64_t(4)});
    std::string model = dir / "cycle.onnx";
    saveModel(m, model);
    for (const char* command : {"inspect", "run"}) {
        SCOPED_TRACE(command);
        RunResult r = runKiln({command, model});
        expectCleanError(r, kInputError, {});
        std::string line = r.errLines().empty() ? "" : r.errLines()[0];
        EXPECT_TRUE(line.find("add_cycle") != std::string::npos ||
                    line.find("relu_cycle") != std::string::npos)
            << "the error should name a node on the cycle: " << line;
    }
}

constexpr int64_t kHuge = int64_t(1) << 40;

TEST_F(BadInput, InitializerDeclaring2Pow40Elements) {
    onnx::ModelProto m = makeModel();
    addInput(m, "x", onnx::TensorProto::FLOAT, {kHuge});
    // Declares 2^40 floats (4 TiB) but holds 16 bytes: refused before anything that size is allocated.
    *m.mutable_graph()->add_initializer() = floatTensor("huge_w", {kHuge}, {1, 2, 3, 4});
    addNode(m, "Add", {"x", "huge_w"}, {"y"}, "add_huge");
    addOutput(m, "y", onnx::TensorProto::FLOAT, {kHuge});
    std::string model = dir / "huge_init.onnx";
    saveModel(m, model);
    expectBothCommandsFail(model, {"huge_w"});
}

TEST_F(BadInput, ConstantOfShapeWith2Pow40Elements) {
    onnx::ModelProto m = makeModel();
    *m.mutable_graph()->add_initializer() = int64Tensor("huge_shape", {1}, {kHuge});
    addNode(m, "ConstantOfShape", {"huge_shape"}, {"y"}, "cos_huge");
    addOutput(m, "y", onnx::TensorProto::FLOAT, {kHuge});
    std::string model = dir / "huge_cos.onnx";
    saveModel(m, model);
    // Inspecting is fine (nothing is allocated); running must refuse the 4 TiB output cleanly.
    RunResult inspect = runKiln({"inspect", model});
    EXPECT_EQ(inspect.exitCode, 0) << inspect.err;
    expectCleanError(runKiln({"run", model}), kInputError, {"cos_huge"});
}

// Issue 14: a ConstantOfShape asking for 12 GiB was attempted (the only bound was 16 GiB per
// tensor). Under --memory-limit it stops before allocating, naming the node and the size, in
// kiln run and kiln compare; a malformed size is a usage error naming the flag.
TEST_F(BadInput, ConstantOfShapeOverTheMemoryLimit) {
    onnx::ModelProto m = makeModel();
    *m.mutable_graph()->add_initializer() = int64Tensor("shape_12g", {4}, {3, 1024, 1024, 1024});
    addNode(m, "ConstantOfShape", {"shape_12g"}, {"y"}, "cos_12g");
    addOutput(m, "y", onnx::TensorProto::FLOAT, {int64_t(3), int64_t(1024), int64_t(1024), int64_t(1024)});
    std::string model = dir / "cos_12g.onnx";
    saveModel(m, model);
    for (const char* command : {"run", "compare"})
        expectCleanError(runKiln({command, model, "--memory-limit", "1G"}), kInputError,
                         {"cos_12g", "ConstantOfShape", "12884901888 bytes", "1073741824"});
    expectCleanError(runKiln({"run", model, "--memory-limit", "12Q"}), kInputError, {"--memory-limit", "12Q"});
    expectCleanError(runKiln({"build", model, "--memory-limit", "0"}), kInputError, {"--memory-limit", "'0'"});
}

TEST_F(BadInput, UnsupportedOp) {
    onnx::ModelProto m = makeModel();
    auto* op = m.add_opset_import();
    op->set_domain("com.example");
    op->set_version(1);
    addInput(m, "x", onnx::TensorProto::FLOAT, {int64_t(4)});
    addNode(m, "FancyOp", {"x"}, {"y"}, "fancy_node", "com.example");
    addOutput(m, "y", onnx::TensorProto::FLOAT, {int64_t(4)});
    std::string model = dir / "unsupported.onnx";
    saveModel(m, model);
    expectCleanError(runKiln({"run", model}), kUnsupported, {"FancyOp", "fancy_node"});

    // inspect lists it and succeeds.
    RunResult text = runKiln({"inspect", model});
    EXPECT_EQ(text.exitCode, 0) << text.err;
    EXPECT_NE(text.out.find("fancy_node"), std::string::npos) << text.out;
    RunResult json = runKiln({"inspect", model, "--json"});
    ASSERT_EQ(json.exitCode, 0) << json.err;
    Json j = parseJson(json.out);
    ASSERT_EQ(j["unsupported"].array.size(), 1u);
    EXPECT_EQ(j["unsupported"][0]["op_type"].string, "FancyOp");
    EXPECT_EQ(j["unsupported"][0]["node_name"].string, "fancy_node");
    EXPECT_EQ(j["unsupported"][0]["domain"].string, "com.example");
    EXPECT_TRUE(j["no_cpu_kernel"].array.empty()) << "the importer's unsupported node is not listed twice";
}

// --- inputs given to `kiln run` -------------------------------------------------------------------

class BadRunInput : public BadInput {
protected:
    void SetUp() override { saveModel(tinyModel(), model); }
    std::string model = dir / "tiny.onnx";
};

TEST_F(BadRunInput, WrongDtypeNpy) {
    std::vector<int64_t> x(8, 1);
    std::string file = dir / "x_int.npy";
    writeNpy(file, "<i8", {2, 4}, x.data(), x.size() * 8);
    expectCleanError(runKiln({"run", model, "--input", "x=" + file}), kInputError,
                     {"'x'", "fp32", "int64", "x_int.npy"});
}

TEST_F(BadRunInput, WrongShapeNpy) {
    std::vector<float> x(10, 1.0f);
    std::string file = dir / "x_25.npy";
    writeNpy(file, "<f4", {2, 5}, x.data(), x.size() * 4);
    expectCleanError(runKiln({"run", model, "--input", "x=" + file}), kInputError,
                     {"'x'", "[batch,4]", "[2,5]", "x_25.npy"});
}

TEST_F(BadRunInput, WrongRankPb) {
    std::string file = dir / "x_rank3.pb";
    saveTensor(floatTensor("x", {1, 2, 4}, std::vector<float>(8, 0.5f)), file);
    expectCleanError(runKiln({"run", model, "--input", "x=" + file}), kInputError, {"'x'", "[1,2,4]"});
}

TEST_F(BadRunInput, WrongDtypeInTestData) {
    fs::create_directories(dir.path() / "case" / "test_data_set_0");
    std::string file = (dir.path() / "case" / "test_data_set_0" / "input_0.pb").string();
    saveTensor(int64Tensor("x", {1, 4}, {1, 2, 3, 4}), file);
    expectCleanError(runKiln({"run", model, "--test-data", dir / "case"}), kInputError,
                     {"'x'", "fp32", "int64", "input_0.pb"});
}

TEST_F(BadRunInput, UnknownInputName) {
    std::vector<float> x(4, 1.0f);
    std::string file = dir / "x.npy";
    writeNpy(file, "<f4", {1, 4}, x.data(), 16);
    expectCleanError(runKiln({"run", model, "--input", "nosuch=" + file}), kInputError, {"'nosuch'"});
}

TEST_F(BadRunInput, MissingInputFile) {
    expectCleanError(runKiln({"run", model, "--input", "x=" + (dir / "missing.npy")}), kInputError,
                     {"missing.npy"});
}

TEST_F(BadRunInput, CorruptNpyFile) {
    std::string file = dir / "corrupt.npy";
    writeFile(file, "\x93NUMPY\x01\x00garbage");
    expectCleanError(runKiln({"run", model, "--input", "x=" + file}), kInputError, {"corrupt.npy"});
}

TEST_F(BadRunInput, UnknownRankWithoutShapes) {
    // A dynamic dim alone defaults to 1 (kiln_build_run_compare_test); an input of unknown rank
    // has no dims to default, so it still needs --shapes.
    onnx::ModelProto m = tinyModel();
    m.mutable_graph()->mutable_input(0)->mutable_type()->mutable_tensor_type()->clear_shape();
    std::string unranked = dir / "unranked.onnx";
    saveModel(m, unranked);
    expectCleanError(runKiln({"run", unranked}), kInputError, {"'x'", "--shapes"});
}

TEST_F(BadRunInput, ShapesContradictingTheDeclaration) {
    expectCleanError(runKiln({"run", model, "--shapes", "x:2x5"}), kInputError, {"x", "[batch,4]"});
}

TEST_F(BadRunInput, MissingTestDataFolder) {
    expectCleanError(runKiln({"run", model, "--test-data", dir / "nowhere"}), kInputError, {"nowhere"});
}

// --- usage ----------------------------------------------------------------------------------------

TEST(Usage, UnknownCommandFlagAndBadNumbers) {
    expectCleanError(runKiln({"frobnicate"}), kInputError, {"frobnicate"});
    expectCleanError(runKiln({"run", "m.onnx", "--bogus"}), kInputError, {"--bogus"});
    expectCleanError(runKiln({"run", "m.onnx", "--atol", "abc"}), kInputError, {"--atol", "abc"});
    expectCleanError(runKiln({"run", "m.onnx", "--iterations", "0"}), kInputError, {"--iterations"});
    expectCleanError(runKiln({"run", "m.onnx", "--shapes", "x"}), kInputError, {"--shapes"});
    expectCleanError(runKiln({"run"}), kInputError, {"usage"});
    expectCleanError(runKiln({"inspect", "a.onnx", "b.onnx"}), kInputError, {"b.onnx"});
    expectCleanError(runKiln({"run", "m.onnx", "--atol"}), kInputError, {"--atol"});
}

TEST(Usage, HelpForEveryCommand) {
    for (std::vector<std::string> args : {std::vector<std::string>{"--help"},
                                          {"help"},
                                          {"inspect", "--help"},
                                          {"run", "--help"},
                                          {"help", "run"},
                                          {"version"}}) {
        RunResult r = runKiln(args);
        EXPECT_EQ(r.exitCode, 0) << args[0] << ": " << r.err;
        EXPECT_TRUE(r.err.empty()) << r.err;
        EXPECT_FALSE(r.out.empty());
    }
    RunResult run = runKiln({"run", "--help"});
    for (const char* flag : {"--test-data", "--input", "--shapes", "--seed", "--atol", "--rtol",
                             "--save-outputs", "--threads", "--iterations", "--warmup"})
        EXPECT_NE(run.out.find(flag), std::string::npos) << flag;
}

}  // namespace
}  // namespace kiln::clitest
