// Positive paths of the CLI: inspect text and JSON, run against test data (pass and fail), random
// inputs with --shapes, explicit inputs, and --save-outputs round-tripping as test data.
#include "cli_test_util.h"

namespace kiln::clitest {
namespace {

class CliTiny : public ::testing::Test {
protected:
    void SetUp() override { saveModel(tinyModel(), model); }

    // DIR/test_data_set_0 with x = [2,4] and y = the tiny model's reference output.
    std::string writeTestData(float corruptBy = 0) {
        fs::path set = dir.path() / "case" / "test_data_set_0";
        fs::create_directories(set);
        std::vector<float> x = {-1, 2, -3, 4, 5, -6, 7, -0.5f};
        std::vector<float> y = tinyModelReference(x);
        y[5] += corruptBy;
        saveTensor(floatTensor("x", {2, 4}, x), (set / "input_0.pb").string());
        saveTensor(floatTensor("y", {2, 4}, y), (set / "output_0.pb").string());
        return (dir.path() / "case").string();
    }

    TempDir dir;
    std::string model = dir / "tiny.onnx";
};

TEST_F(CliTiny, InspectText) {
    RunResult r = runKiln({"inspect", model});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_TRUE(r.err.empty()) << r.err;
    for (const char* expected : {"kiln-cli-test", "ai.onnx 17", "x", "fp32[batch,4]", "y", "Relu", "Add",
                                 "parameters: 4 (16 B)", "unsupported ops: none"})
        EXPECT_NE(r.out.find(expected), std::string::npos) << "missing '" << expected << "' in:\n" << r.out;
}

TEST_F(CliTiny, InspectJson) {
    RunResult r = runKiln({"inspect", model, "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    Json j;
    ASSERT_NO_THROW(j = parseJson(r.out)) << r.out;
    EXPECT_EQ(j["model"].string, model);
    EXPECT_EQ(j["producer"]["name"].string, "kiln-cli-test");
    EXPECT_EQ(j["opsets"]["ai.onnx"].number, 17);
    EXPECT_EQ(j["ir_version"].number, 8);
    ASSERT_EQ(j["inputs"].array.size(), 1u);
    EXPECT_EQ(j["inputs"][0]["name"].string, "x");
    EXPECT_EQ(j["inputs"][0]["dtype"].string, "fp32");
    ASSERT_EQ(j["inputs"][0]["shape"].array.size(), 2u);
    EXPECT_EQ(j["inputs"][0]["shape"][0].string, "batch");
    EXPECT_EQ(j["inputs"][0]["shape"][1].number, 4);
    ASSERT_EQ(j["outputs"].array.size(), 1u);
    EXPECT_EQ(j["outputs"][0]["name"].string, "y");
    EXPECT_EQ(j["op_histogram"]["Relu"].number, 1);
    EXPECT_EQ(j["op_histogram"]["Add"].number, 1);
    EXPECT_EQ(j["op_histogram"].object.size(), 2u);
    EXPECT_EQ(j["parameters"]["count"].number, 4);
    EXPECT_EQ(j["parameters"]["bytes"].number, 16);
    EXPECT_EQ(j["onnx_node_count"].number, 2);
    EXPECT_TRUE(j["unsupported"].array.empty());
    EXPECT_TRUE(j["no_cpu_kernel"].array.empty());
    EXPECT_EQ(j["warnings"].kind, Json::Kind::Array);
    EXPECT_FALSE(j.has("dump"));
}

// A node the importer takes but the CPU backend can't run (Cast from string), a weight shared by
// two nodes and a constant graph output: `kiln inspect` reports what the library's ModelReport says.
TEST_F(CliTiny, InspectNoCpuKernelAndParameters) {
    onnx::ModelProto m = makeModel();
    addInput(m, "x", onnx::TensorProto::FLOAT, {int64_t(2), int64_t(2)});
    addInput(m, "s", onnx::TensorProto::STRING, {int64_t(2)});
    *m.mutable_graph()->add_initializer() = floatTensor("w", {2, 2}, {1, 2, 3, 4});
    *m.mutable_graph()->add_initializer() = int64Tensor("k", {3}, {1, 2, 3});
    addNode(m, "MatMul", {"x", "w"}, {"a"}, "mm_0");
    addNode(m, "MatMul", {"a", "w"}, {"y"}, "mm_1");
    onnx::AttributeProto* to = addNode(m, "Cast", {"s"}, {"sf"}, "cast_str")->add_attribute();
    to->set_name("to");
    to->set_type(onnx::AttributeProto::INT);
    to->set_i(onnx::TensorProto::FLOAT);
    addOutput(m, "y", onnx::TensorProto::FLOAT, {int64_t(2), int64_t(2)});
    addOutput(m, "sf", onnx::TensorProto::FLOAT, {int64_t(2)});
    addOutput(m, "k", onnx::TensorProto::INT64, {int64_t(3)});
    std::string path = dir / "no_kernel.onnx";
    saveModel(m, path);

    RunResult text = runKiln({"inspect", path});
    ASSERT_EQ(text.exitCode, 0) << text.err;
    for (const char* expected : {"parameters: 7 (40 B)", "nodes:      3 imported from 3 ONNX nodes",
                                 "  MatMul  2\n  Cast    1\n", "unsupported ops: none", "no CPU kernel (1 nodes):",
                                 "  node 'cast_str' (Cast): CPU kernel for Cast does not take string"})
        EXPECT_NE(text.out.find(expected), std::string::npos) << "missing '" << expected << "' in:\n" << text.out;
    RunResult json = runKiln({"inspect", path, "--json"});
    ASSERT_EQ(json.exitCode, 0) << json.err;
    Json j = parseJson(json.out);
    EXPECT_EQ(j["parameters"]["count"].number, 7);
    EXPECT_EQ(j["parameters"]["bytes"].number, 40);
    EXPECT_EQ(j["op_histogram"]["MatMul"].number, 2);
    EXPECT_TRUE(j["unsupported"].array.empty());
    ASSERT_EQ(j["no_cpu_kernel"].array.size(), 1u);
    EXPECT_EQ(j["no_cpu_kernel"][0]["node_name"].string, "cast_str");
    EXPECT_EQ(j["no_cpu_kernel"][0]["op_type"].string, "Cast");
    EXPECT_EQ(j["no_cpu_kernel"][0]["reason"].string, "CPU kernel for Cast does not take string");
}

TEST_F(CliTiny, InspectDump) {
    RunResult r = runKiln({"inspect", model, "--dump"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("relu_0"), std::string::npos) << r.out;
    RunResult j = runKiln({"inspect", model, "--json", "--dump"});
    ASSERT_EQ(j.exitCode, 0) << j.err;
    EXPECT_NE(parseJson(j.out)["dump"].string.find("add_0"), std::string::npos);
}

// Issue 15: `kiln inspect ENGINE` said "not a valid ONNX model". An engine file is recognised (by
// its magic, not its name) and shows its summary and layers, and how to run it.
TEST_F(CliTiny, InspectEngineShowsItsSummaryAndLayers) {
    const std::string engine = dir / "tiny.bin";  // no .engine suffix: found by the magic bytes
    RunResult b = runKiln({"build", model, "--min-shapes", "x:1x4", "--opt-shapes", "x:2x4", "--max-shapes",
                           "x:4x4", "--save", engine});
    ASSERT_EQ(b.exitCode, 0) << b.err;
    RunResult r = runKiln({"inspect", engine});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_TRUE(r.err.empty()) << r.err;
    EXPECT_EQ(r.out.find("ONNX"), std::string::npos) << r.out;
    for (const char* expected : {"engine: backend cpu", "1 profile(s)", "input  x fp32[batch,4]",
                                 "output y fp32[batch,4]", "layers (", "cpu fp32", "kiln run "})
        EXPECT_NE(r.out.find(expected), std::string::npos) << "missing '" << expected << "' in:\n" << r.out;

    RunResult j = runKiln({"inspect", engine, "--json"});
    ASSERT_EQ(j.exitCode, 0) << j.err;
    Json json = parseJson(j.out);
    EXPECT_EQ(json["engine"].string, engine);
    EXPECT_EQ(json["backend"].string, "cpu");
    EXPECT_EQ(json["inputs"][0]["name"].string, "x");
    EXPECT_EQ(json["outputs"][0]["name"].string, "y");
    ASSERT_FALSE(json["layers"].array.empty());
    EXPECT_EQ(json["layers"][0]["precision"].string, "fp32");
}

TEST_F(CliTiny, RunTestDataPasses) {
    std::string data = writeTestData();
    RunResult r = runKiln({"run", model, "--test-data", data});
    EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_TRUE(r.err.empty()) << r.err;
    EXPECT_NE(r.out.find("output 'y' fp32[2,4]: PASS"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("cos=1.000000"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("latency: median"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("result:  PASS"), std::string::npos) << r.out;
    // A single test_data_set folder works too.
    RunResult one = runKiln({"run", model, "--test-data", data + "/test_data_set_0", "--iterations", "3",
                             "--warmup", "1", "--threads", "1"});
    EXPECT_EQ(one.exitCode, 0) << one.out << one.err;
    EXPECT_NE(one.out.find("over 3 runs"), std::string::npos) << one.out;
}

// The run says whether a batch may be split over the threads (runtime/batch_split.h), and the
// split run still matches the expected outputs exactly.
TEST_F(CliTiny, RunSaysWhetherBatchesSplitOverThreads) {
    std::string data = writeTestData();
    RunResult two = runKiln({"run", model, "--test-data", data, "--threads", "2", "--atol", "0", "--rtol", "0"});
    EXPECT_EQ(two.exitCode, 0) << two.out << two.err;
    EXPECT_NE(two.out.find("batch:   split over the threads"), std::string::npos) << two.out;
    RunResult one = runKiln({"run", model, "--test-data", data, "--threads", "1"});
    EXPECT_EQ(one.exitCode, 0) << one.out << one.err;
    EXPECT_EQ(one.out.find("batch:"), std::string::npos) << one.out;
}

TEST_F(CliTiny, RunTestDataFailsOnCorruptExpectedOutput) {
    std::string data = writeTestData(/*corruptBy=*/0.01f);
    RunResult r = runKiln({"run", model, "--test-data", data});
    EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
    EXPECT_NE(r.out.find("output 'y' fp32[2,4]: FAIL"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("worst[1,1]"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("result:  FAIL"), std::string::npos) << r.out;
    // A looser tolerance accepts it.
    RunResult loose = runKiln({"run", model, "--test-data", data, "--atol", "0.02"});
    EXPECT_EQ(loose.exitCode, 0) << loose.out << loose.err;
}

TEST_F(CliTiny, RandomInputsWithShapesAndSaveOutputsRoundTrip) {
    std::string saved = dir / "saved";
    RunResult r = runKiln({"run", model, "--shapes", "x:3x4", "--seed", "7", "--save-outputs", saved});
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("random inputs (seed 7)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("output 'y' fp32[3,4]"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("no expected outputs"), std::string::npos) << r.out;
    for (const char* f : {"input_0.pb", "output_0.pb", "y.npy"})
        EXPECT_TRUE(fs::exists(fs::path(saved) / f)) << f;
    // The saved folder is a test_data_set: running against it passes exactly.
    RunResult again = runKiln({"run", model, "--test-data", saved, "--atol", "0", "--rtol", "0"});
    EXPECT_EQ(again.exitCode, 0) << again.out << again.err;
    // The same seed gives the same inputs.
    RunResult same =
        runKiln({"run", model, "--shapes", "x:3x4", "--seed", "7", "--save-outputs", dir / "saved2"});
    ASSERT_EQ(same.exitCode, 0) << same.err;
    EXPECT_EQ(readFile(saved + "/input_0.pb"), readFile(dir / "saved2/input_0.pb"));
}

TEST_F(CliTiny, ExplicitNpyInput) {
    std::vector<float> x = {-1, 2, -3, 4};
    std::string file = dir / "x.npy";
    writeNpy(file, "<f4", {1, 4}, x.data(), 16);
    std::string saved = dir / "out";
    RunResult r = runKiln({"run", model, "--input", "x=" + file, "--save-outputs", saved});
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("given inputs"), std::string::npos) << r.out;
    // The saved output equals the reference: compare by running with a test set built from it.
    fs::path set = dir.path() / "ref";
    fs::create_directories(set);
    saveTensor(floatTensor("x", {1, 4}, x), (set / "input_0.pb").string());
    saveTensor(floatTensor("y", {1, 4}, tinyModelReference(x)), (set / "output_0.pb").string());
    RunResult check = runKiln({"run", model, "--test-data", set.string(), "--atol", "0", "--rtol", "0"});
    EXPECT_EQ(check.exitCode, 0) << check.out << check.err;
    // .npy written by kiln has the right header and payload size (8 floats would be 32 bytes).
    std::string npy = readFile(saved + "/y.npy");
    ASSERT_GE(npy.size(), 16u + 16u);
    EXPECT_EQ(npy.substr(1, 5), "NUMPY");
    EXPECT_NE(npy.find("'descr': '<f4'"), std::string::npos);
}

}  // namespace
}  // namespace kiln::clitest

namespace kiln::clitest {
namespace {

// kiln backends: every known backend with its availability; cpu and oracle always run, cuda says
// why not on a machine without a GPU (or names its device where there is one).
TEST(CliBackends, ListsBackendsAndWhy) {
    RunResult r = runKiln({"backends"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    for (const char* expected : {"cpu ", "oracle ", "cuda "})
        EXPECT_NE(r.out.find(expected), std::string::npos) << "missing '" << expected << "' in:\n" << r.out;
    const size_t cpu = r.out.find("cpu ");
    EXPECT_NE(r.out.find("available: ", cpu), std::string::npos) << r.out;
    const size_t cuda = r.out.find("cuda ");
    const size_t status = r.out.find("available: ", cuda);
    ASSERT_NE(status, std::string::npos) << r.out;
    const std::string line = r.out.substr(status, r.out.find('\n', status) - status);
    EXPECT_GT(line.size(), std::string("available: ").size() + 3) << line;  // a device or a reason
    RunResult bad = runKiln({"build", "m.onnx", "--backend", "npu", "--save", "x.engine"});
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_NE(bad.err.find("--backend: expected one of cpu, cuda, oracle, got 'npu'"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace kiln::clitest
