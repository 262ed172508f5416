// kiln inspect --sparsity and kiln prune: which weights have the 2:4 pattern, pruning chosen layers
// to it (the written model loads and its weights are 2:4 along the reduction dimension, checked
// here on the protobuf, independently of Kiln), the accuracy lines, and bad arguments.
#include <cmath>
#include <cstring>

#include "cli_test_util.h"

namespace kiln::clitest {
namespace {

std::vector<float> noZeros(size_t n, float scale) {
    std::vector<float> v(n);
    for (size_t i = 0; i < n; ++i) v[i] = scale * (float((i * 7) % 13) - 6.0f) + 0.125f;
    return v;
}

void setInts(onnx::NodeProto* n, const std::string& name, const std::vector<int64_t>& values) {
    onnx::AttributeProto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INTS);
    for (int64_t v : values) a->add_ints(v);
}

void setInt(onnx::NodeProto* n, const std::string& name, int64_t value) {
    onnx::AttributeProto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(value);
}

// x[1,3,6,6] -> stem (Conv W[8,3,3,3]: C=3, ineligible) -> body (Conv W[8,8,3,3], dense)
// -> Flatten [1,288] -> fc (Gemm B[4,288], transB=1, dense) -> head (MatMul B[4,4], already 2:4) -> y[1,4]
onnx::ModelProto sparsityModel() {
    onnx::ModelProto m = makeModel();
    addInput(m, "x", onnx::TensorProto::FLOAT, {int64_t(1), int64_t(3), int64_t(6), int64_t(6)});
    auto* g = m.mutable_graph();
    *g->add_initializer() = floatTensor("stem.w", {8, 3, 3, 3}, noZeros(8 * 3 * 9, 0.1f));
    *g->add_initializer() = floatTensor("body.w", {8, 8, 3, 3}, noZeros(8 * 8 * 9, 0.05f));
    *g->add_initializer() = floatTensor("fc.w", {4, 288}, noZeros(4 * 288, 0.01f));
    // Along K (axis 0), each column's group of 4 holds 2 non-zeros.
    *g->add_initializer() = floatTensor("head.w", {4, 4}, {1, 0, 0, 2,  //
                                                           0, 3, 4, 0,  //
                                                           5, 0, 0, 6,  //
                                                           0, 7, 8, 0});
    setInts(addNode(m, "Conv", {"x", "stem.w"}, {"s"}, "stem"), "pads", {1, 1, 1, 1});
    setInts(addNode(m, "Conv", {"s", "body.w"}, {"b"}, "body"), "pads", {1, 1, 1, 1});
    addNode(m, "Flatten", {"b"}, {"f"}, "flatten");
    setInt(addNode(m, "Gemm", {"f", "fc.w"}, {"h"}, "fc"), "transB", 1);
    addNode(m, "MatMul", {"h", "head.w"}, {"y"}, "head");
    addOutput(m, "y", onnx::TensorProto::FLOAT, {int64_t(1), int64_t(4)});
    return m;
}

const onnx::TensorProto& initializer(const onnx::ModelProto& m, const std::string& name) {
    for (const auto& t : m.graph().initializer())
        if (t.name() == name) return t;
    throw std::runtime_error("no initializer " + name);
}

std::vector<float> floats(const onnx::TensorProto& t) {
    if (t.float_data_size() > 0) return {t.float_data().begin(), t.float_data().end()};
    std::vector<float> v(t.raw_data().size() / sizeof(float));
    std::memcpy(v.data(), t.raw_data().data(), v.size() * sizeof(float));
    return v;
}

// Whether every group of 4 along C (for each output channel and kernel position) of a Conv
// weight [K, C, kh, kw] has at most 2 non-zeros; and whether the kept values are the two largest.
void expectConv2to4(const std::vector<float>& original, const std::vector<float>& pruned, int64_t K, int64_t C,
                    int64_t spatial) {
    ASSERT_EQ(original.size(), pruned.size());
    for (int64_t k = 0; k < K; ++k)
        for (int64_t c0 = 0; c0 < C; c0 += 4)
            for (int64_t s = 0; s < spatial; ++s) {
                int nonZeros = 0;
                float smallestKept = INFINITY, largestDropped = 0;
                for (int64_t c = c0; c < c0 + 4; ++c) {
                    const size_t i = size_t((k * C + c) * spatial + s);
                    if (pruned[i] != 0) {
                        ++nonZeros;
                        EXPECT_EQ(pruned[i], original[i]);
                        smallestKept = std::min(smallestKept, std::fabs(pruned[i]));
                    } else {
                        largestDropped = std::max(largestDropped, std::fabs(original[i]));
                    }
                }
                EXPECT_EQ(nonZeros, 2) << "k=" << k << " c0=" << c0 << " s=" << s;
                EXPECT_GE(smallestKept, largestDropped);
            }
}

class CliSparsity : public ::testing::Test {
protected:
    void SetUp() override { saveModel(sparsityModel(), model); }
    TempDir dir;
    std::string model = dir / "sparse.onnx";
    std::string out = dir / "pruned.onnx";
};

TEST_F(CliSparsity, InspectShowsThePatternOfEachWeight) {
    RunResult r = runKiln({"inspect", model, "--sparsity"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_TRUE(r.err.empty()) << r.err;
    for (const char* expected :
         {"2:4 sparsity along the reduction dimension (4 layers, 3 eligible, 1 already 2:4)",
          "ineligible: C/group=3 input channels, not a multiple of 4", "fp32[8,8,3,3]", "C/group=8", "K=288", "K=4",
          "100.0% 2:4"})
        EXPECT_NE(r.out.find(expected), std::string::npos) << "missing '" << expected << "' in:\n" << r.out;
    // Without the flag, no sparsity section.
    EXPECT_EQ(runKiln({"inspect", model}).out.find("2:4 sparsity"), std::string::npos);
}

TEST_F(CliSparsity, InspectJson) {
    RunResult r = runKiln({"inspect", model, "--sparsity", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    Json j;
    ASSERT_NO_THROW(j = parseJson(r.out)) << r.out;
    const Json& s = j["sparsity"];
    EXPECT_EQ(s["layer_count"].number, 4);
    EXPECT_EQ(s["eligible_count"].number, 3);
    EXPECT_EQ(s["sparse_count"].number, 1);
    const Json& layers = s["layers"];
    ASSERT_EQ(layers.array.size(), 4u);
    EXPECT_EQ(layers[0]["layer"].string, "stem");
    EXPECT_FALSE(layers[0]["eligible"].boolean);
    EXPECT_EQ(layers[0]["groups"].kind, Json::Kind::Null);
    EXPECT_EQ(layers[1]["layer"].string, "body");
    EXPECT_EQ(layers[1]["axis"].number, 1);
    EXPECT_EQ(layers[1]["reduction_length"].number, 72);
    EXPECT_EQ(layers[1]["groups"].number, 8 * 2 * 9);
    EXPECT_FALSE(layers[1]["is_2to4"].boolean);
    EXPECT_EQ(layers[2]["op_type"].string, "Gemm");
    EXPECT_EQ(layers[2]["axis"].number, 1);
    EXPECT_EQ(layers[3]["layer"].string, "head");
    EXPECT_EQ(layers[3]["axis"].number, 0);
    EXPECT_TRUE(layers[3]["is_2to4"].boolean);
    EXPECT_EQ(layers[3]["compliant_fraction"].number, 1.0);
}

TEST_F(CliSparsity, PruneWritesA2to4ModelAndPrintsItsAccuracy) {
    RunResult r = runKiln({"prune", model, "--out", out});
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    for (const char* expected : {"pruned:    3 layers to 2:4", "body", "fc", "head", "skipped:   1 layer",
                                 "stem (Conv): C/group=3", "written:   ", "random inputs (seed 1):", "'y' fp32[1,4]: ",
                                 "cos=", "max_norm=", "|error| histogram:", "result:    "})
        EXPECT_NE(r.out.find(expected), std::string::npos) << "missing '" << expected << "' in:\n" << r.out;

    // The file is a model protobuf whose pruned weights are 2:4 along C, keeping the largest.
    onnx::ModelProto before = sparsityModel(), after;
    ASSERT_TRUE(after.ParseFromString(readFile(out)));
    expectConv2to4(floats(initializer(before, "body.w")), floats(initializer(after, "body.w")), 8, 8, 9);
    // Gemm B [4, 288] with transB: groups along K = axis 1, the same check on a [4, 288, 1] view.
    expectConv2to4(floats(initializer(before, "fc.w")), floats(initializer(after, "fc.w")), 4, 288, 1);
    EXPECT_EQ(floats(initializer(after, "stem.w")), floats(initializer(before, "stem.w")));
    EXPECT_EQ(floats(initializer(after, "head.w")), floats(initializer(before, "head.w")));
    EXPECT_EQ(after.graph().node_size(), before.graph().node_size());

    // Kiln loads it and finds the pattern.
    RunResult inspect = runKiln({"inspect", out, "--sparsity", "--json"});
    ASSERT_EQ(inspect.exitCode, 0) << inspect.err;
    EXPECT_EQ(parseJson(inspect.out)["sparsity"]["sparse_count"].number, 3);
    RunResult run = runKiln({"run", out});
    EXPECT_EQ(run.exitCode, 0) << run.err;
}

TEST_F(CliSparsity, PruneChosenLayersOnTestData) {
    fs::path set = dir.path() / "case" / "test_data_set_0";
    fs::create_directories(set);
    saveTensor(floatTensor("x", {1, 3, 6, 6}, noZeros(108, 0.3f)), (set / "input_0.pb").string());
    RunResult r = runKiln({"prune", model, "--out", out, "--layers", "body", "--test-data", (dir / "case")});
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("pruned:    1 layer to 2:4"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("test_data_set_0:"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("skipped:"), std::string::npos) << r.out;
    onnx::ModelProto after;
    ASSERT_TRUE(after.ParseFromString(readFile(out)));
    EXPECT_EQ(floats(initializer(after, "fc.w")), floats(initializer(sparsityModel(), "fc.w")));

    // The pruned output differs from the original's: with --fail-on-mismatch that is exit 1.
    RunResult strict = runKiln({"prune", model, "--out", out, "--op", "Conv", "--fail-on-mismatch"});
    EXPECT_EQ(strict.exitCode, 1) << strict.out << strict.err;
    EXPECT_NE(strict.out.find("FAIL"), std::string::npos) << strict.out;
}

TEST_F(CliSparsity, BadArgumentsNameTheLayerOrFile) {
    expectCleanError(runKiln({"prune", model, "--out", out, "--layers", "nope"}), 2, {"'nope'", model});
    expectCleanError(runKiln({"prune", model, "--out", out, "--layers", "stem"}), 2,
                     {"layer 'stem' (Conv) can't be pruned to 2:4", "C/group=3"});
    expectCleanError(runKiln({"prune", model, "--out", out, "--layers", "head", "--min-size", "100"}), 2,
                     {"layer 'head'", "fewer than the minimum size 100"});
    expectCleanError(runKiln({"prune", model, "--out", out, "--op", "Relu"}), 2, {"op type 'Relu'"});
    expectCleanError(runKiln({"prune", model, "--out", out, "--op", "Conv", "--layers", "body"}), 2, {"--layers", "--op"});
    expectCleanError(runKiln({"prune", model}), 2, {"--out"});
    expectCleanError(runKiln({"prune", model, "--out", model}), 2, {"is the model itself"});
    expectCleanError(runKiln({"prune", dir / "missing.onnx", "--out", out}), 2, {"missing.onnx"});
    expectCleanError(runKiln({"prune", model, "--out", (dir / "no-such-dir/p.onnx")}), 2, {"no-such-dir/p.onnx"});
    expectCleanError(runKiln({"inspect", dir / "missing.onnx", "--sparsity"}), 2, {"missing.onnx"});
    EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace kiln::clitest
