// kiln build / run ENGINE / compare as a user runs them: build → save → run the saved engine against
// test data; the profile table and exports (trtexec --exportProfile shape, layer info, Chrome
// trace); per-layer compare passing, and failing at zero tolerance with the first failing layer
// named by its ONNX nodes; config files; bad engine files rejected in one line.
#include <cstring>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli_test_util.h"

namespace kiln::clitest {
namespace {

using nlohmann::json;

constexpr int kComparisonFailed = 1;
constexpr int kInputError = 2;

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

onnx::AttributeProto* addAttr(onnx::NodeProto* n, const std::string& name) {
    onnx::AttributeProto* a = n->add_attribute();
    a->set_name(name);
    return a;
}

std::vector<float> pseudoRandom(size_t n, uint32_t seed, float lo, float hi) {
    std::vector<float> v(n);
    uint32_t s = seed * 2654435761u + 1;
    for (float& x : v) {
        s = s * 1664525u + 1013904223u;
        x = lo + (hi - lo) * float(s >> 8) / float(1u << 24);
    }
    return v;
}

// x[1,3,6,6] → conv_a → bn_a → relu_a → conv_b → relu_b → y[1,2,6,6]. At level 3 BatchNorm folds
// into conv_a's weights (different rounding than conv then BN) and the ReLUs fuse into the convs.
onnx::ModelProto convBnModel() {
    onnx::ModelProto m = makeModel(17);
    addInput(m, "x", onnx::TensorProto::FLOAT, {1, 3, 6, 6});
    addOutput(m, "y", onnx::TensorProto::FLOAT, {1, 2, 6, 6});
    auto* g = m.mutable_graph();
    *g->add_initializer() = floatTensor("wa", {4, 3, 3, 3}, pseudoRandom(108, 1, -0.5f, 0.5f));
    *g->add_initializer() = floatTensor("ba", {4}, pseudoRandom(4, 2, -1, 1));
    *g->add_initializer() = floatTensor("gamma", {4}, pseudoRandom(4, 3, 0.5f, 2));
    *g->add_initializer() = floatTensor("beta", {4}, pseudoRandom(4, 4, -1, 1));
    *g->add_initializer() = floatTensor("mean", {4}, pseudoRandom(4, 5, -1, 1));
    *g->add_initializer() = floatTensor("var", {4}, pseudoRandom(4, 6, 0.3f, 3));
    *g->add_initializer() = floatTensor("wb", {2, 4, 1, 1}, pseudoRandom(8, 7, -1, 1));
    onnx::NodeProto* conv = addNode(m, "Conv", {"x", "wa", "ba"}, {"conv_a_out"}, "conv_a");
    onnx::AttributeProto* pads = addAttr(conv, "pads");
    pads->set_type(onnx::AttributeProto::INTS);
    for (int i = 0; i < 4; ++i) pads->add_ints(1);
    onnx::NodeProto* bn = addNode(m, "BatchNormalization", {"conv_a_out", "gamma", "beta", "mean", "var"},
                                  {"bn_a_out"}, "bn_a");
    onnx::AttributeProto* eps = addAttr(bn, "epsilon");
    eps->set_type(onnx::AttributeProto::FLOAT);
    eps->set_f(1e-5f);
    addNode(m, "Relu", {"bn_a_out"}, {"relu_a_out"}, "relu_a");
    addNode(m, "Conv", {"relu_a_out", "wb"}, {"conv_b_out"}, "conv_b");
    addNode(m, "Relu", {"conv_b_out"}, {"y"}, "relu_b");
    return m;
}

class CliBuild : public ::testing::Test {
protected:
    void SetUp() override {
        saveModel(tinyModel(), tiny);
        saveModel(convBnModel(), convBn);
    }

    // tiny's DIR/test_data_set_0: x = [2,4], y = relu(x) + b.
    std::string tinyTestData() {
        fs::path set = dir.path() / "case" / "test_data_set_0";
        fs::create_directories(set);
        std::vector<float> x = {-1, 2, -3, 4, 5, -6, 7, -0.5f};
        saveTensor(floatTensor("x", {2, 4}, x), (set / "input_0.pb").string());
        saveTensor(floatTensor("y", {2, 4}, tinyModelReference(x)), (set / "output_0.pb").string());
        return (dir.path() / "case").string();
    }

    std::string buildConvBn(const std::string& name = "cb.engine") {
        std::string engine = dir / name;
        RunResult r = runKiln({"build", convBn, "--save", engine});
        EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
        return engine;
    }

    TempDir dir;
    std::string tiny = dir / "tiny.onnx";
    std::string convBn = dir / "conv_bn.onnx";
};

TEST_F(CliBuild, BuildSaveRunEngineWithTestData) {
    std::string engine = dir / "tiny.engine";
    RunResult b = runKiln({"build", tiny, "--min-shapes", "x:1x4", "--opt-shapes", "x:2x4", "--max-shapes",
                           "x:8x4", "--save", engine});
    ASSERT_EQ(b.exitCode, 0) << b.out << b.err;
    EXPECT_TRUE(b.err.empty()) << b.err;
    for (const char* expected : {"[import]", "[optimize]", "[select tactics] layer", "[serialize]",
                                 "fusion report", "2 -> ", "saved:", "x: [1,4]..[2,4]..[8,4]"})
        EXPECT_TRUE(contains(b.out, expected)) << "missing '" << expected << "' in:\n" << b.out;
    ASSERT_TRUE(fs::exists(engine));
    // Without --verbose no per-phase times; with it, each phase's wall time in one line.
    EXPECT_FALSE(contains(b.out, "phases:")) << b.out;
    RunResult v = runKiln({"build", tiny, "--opt-shapes", "x:2x4", "--save", dir / "verbose.engine", "--verbose"});
    ASSERT_EQ(v.exitCode, 0) << v.out << v.err;
    for (const char* expected : {"phases:  import ", " ms, optimize ", " ms, select tactics ", " ms, serialize "})
        EXPECT_TRUE(contains(v.out, expected)) << "missing '" << expected << "' in:\n" << v.out;

    RunResult r = runKiln({"run", engine, "--test-data", tinyTestData(), "--iterations", "3"});
    EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_TRUE(contains(r.out, "engine:  " + engine)) << r.out;
    EXPECT_TRUE(contains(r.out, "output 'y' fp32[2,4]: PASS")) << r.out;
    EXPECT_TRUE(contains(r.out, "Throughput:")) << r.out;
    EXPECT_TRUE(contains(r.out, "percentile(99%)")) << r.out;

    // Random inputs default to the profile's opt shape; a shape outside the profile is refused.
    RunResult random = runKiln({"run", engine});
    EXPECT_EQ(random.exitCode, 0) << random.out << random.err;
    EXPECT_TRUE(contains(random.out, "input  'x' fp32[2,4]")) << random.out;
    // Layer info gives the run's concrete shapes, the batch dim included.
    std::string info = dir / "info.json";
    ASSERT_EQ(runKiln({"run", engine, "--export-layer-info", info}).exitCode, 0);
    json layers = json::parse(readFile(info))["Layers"];
    ASSERT_FALSE(layers.empty());
    EXPECT_EQ(layers[0]["Inputs"][0]["Name"], "x");
    EXPECT_EQ(layers[0]["Inputs"][0]["Dimensions"], json({2, 4}));
    expectCleanError(runKiln({"run", engine, "--shapes", "x:9x4"}), kInputError, {"'x'", "[9,4]", "[8,4]"});
}

TEST_F(CliBuild, FusionReportAndProfileExports) {
    std::string engine = dir / "cb.engine";
    RunResult b = runKiln({"build", convBn, "--save", engine});
    ASSERT_EQ(b.exitCode, 0) << b.out << b.err;
    EXPECT_TRUE(contains(b.out, "5 -> 2 nodes")) << b.out;
    EXPECT_TRUE(contains(b.out, "FoldBatchNormIntoConv")) << b.out;

    std::string profile = dir / "profile.json", info = dir / "info.json", trace = dir / "trace.json";
    RunResult r =
        runKiln({"run", engine, "--iterations", "5", "--warmup", "1", "--dump-profile", "--export-profile",
                 profile, "--export-layer-info", info, "--export-trace", trace});
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    for (const char* expected : {"separate profiling pass", "layer", "type", "prec", "tactic", "onnx",
                                 "median ms", "kiln::FusedConv", "2 layers, 5 profiled runs"})
        EXPECT_TRUE(contains(r.out, expected)) << "missing '" << expected << "' in:\n" << r.out;

    json p = json::parse(readFile(profile));
    ASSERT_TRUE(p.is_array());
    ASSERT_EQ(p.size(), 3u);
    EXPECT_EQ(p[0]["count"], 5);
    double pct = 0;
    for (size_t i = 1; i < p.size(); ++i) {
        for (const char* key : {"name", "timeMs", "averageMs", "medianMs", "percentage"})
            EXPECT_TRUE(p[i].contains(key)) << key;
        pct += p[i]["percentage"].get<double>();
    }
    EXPECT_NEAR(pct, 100.0, 1e-6);

    json l = json::parse(readFile(info));
    ASSERT_EQ(l["Layers"].size(), 2u);
    EXPECT_EQ(l["Layers"][0]["Origin"], json({"conv_a", "bn_a", "relu_a"}));
    EXPECT_EQ(l["Layers"][0]["Outputs"][0]["Name"], "relu_a_out");
    EXPECT_EQ(l["Layers"][0]["Outputs"][0]["Dimensions"], json({1, 4, 6, 6}));
    EXPECT_EQ(l["Layers"][0]["Inputs"][0]["Name"], "x");
    EXPECT_EQ(l["Layers"][0]["Inputs"][0]["Dimensions"], json({1, 3, 6, 6}));
    EXPECT_FALSE(l["Layers"][0]["TacticName"].get<std::string>().empty());
    EXPECT_EQ(l["Bindings"], json({"x", "y"}));

    json t = json::parse(readFile(trace));
    size_t complete = 0;
    for (const json& e : t["traceEvents"]) complete += e["ph"] == "X";
    EXPECT_EQ(complete, 2u);

    // A model profiles too: one row per ONNX node.
    RunResult m = runKiln({"run", convBn, "--dump-profile"});
    ASSERT_EQ(m.exitCode, 0) << m.out << m.err;
    EXPECT_TRUE(contains(m.out, "BatchNormalization")) << m.out;
    EXPECT_TRUE(contains(m.out, "5 layers, 1 profiled run")) << m.out;
}

TEST_F(CliBuild, ComparePerLayerPasses) {
    std::string report = dir / "cmp.json";
    RunResult r = runKiln({"compare", convBn, "--per-layer", "--export", report});
    EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
    for (const char* expected : {"reference:", "outputs:", "'y' fp32[1,2,6,6]: PASS", "|error| histogram",
                                 "per layer (2 layers, 2 compared", "relu_a_out",
                                 "every compared layer is within", "result:    PASS"})
        EXPECT_TRUE(contains(r.out, expected)) << "missing '" << expected << "' in:\n" << r.out;
    json j = json::parse(readFile(report));
    EXPECT_TRUE(j["passed"].get<bool>());
    ASSERT_EQ(j["sets"].size(), 1u);
    EXPECT_EQ(j["sets"][0]["layers"].size(), 2u);
    EXPECT_TRUE(j["sets"][0]["first_failing_layer"].is_null());

    // The same with a saved engine.
    std::string engine = buildConvBn();
    RunResult e = runKiln({"compare", convBn, "--engine", engine, "--per-layer", "--seed", "7"});
    EXPECT_EQ(e.exitCode, 0) << e.out << e.err;
    EXPECT_TRUE(contains(e.out, "random inputs (seed 7)")) << e.out;
}

// NaN and inf per layer (issue 14): the NaN/Inf conformance case of a MatMul + bias + written-out
// GELU, its input holding NaN, +inf and -inf, compared on its test data at level 0 (one layer per
// node): the MatMul is the first layer with NaN/inf, in the engine and the reference alike.
TEST_F(CliBuild, CompareFlagsTheFirstLayerWithNanOrInf) {
    const fs::path data = fs::path(KILN_SOURCE_DIR) / "tests" / "conformance" / "nonfinite" /
                          "test_nonfinite_fused_matmul_gelu";
    std::string report = dir / "nonfinite.json";
    RunResult r = runKiln({"compare", (data / "model.onnx").string(), "--test-data", data.string(), "--per-layer",
                           "--opt-level", "0", "--export", report});
    EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_TRUE(contains(r.out, "nan/inf")) << r.out;
    EXPECT_TRUE(contains(r.out, "first NaN/inf: #0 'MatMul_0' (MatMul)")) << r.out;
    EXPECT_TRUE(contains(r.out, "the reference has")) << r.out;
    EXPECT_FALSE(contains(r.out, "the reference has none there")) << r.out;
    json j = json::parse(readFile(report));
    const json& first = j["sets"][0]["first_nonfinite_layer"];
    ASSERT_TRUE(first.is_object()) << j.dump(2);
    EXPECT_EQ(first["index"], 0);
    EXPECT_EQ(first["type"], "MatMul");
    EXPECT_GT(first["nan"].get<int64_t>() + first["pos_inf"].get<int64_t>() + first["neg_inf"].get<int64_t>(), 0);
    EXPECT_EQ(j["sets"][0]["first_nonfinite_reference_layer"]["index"], 0);
    EXPECT_TRUE(j["sets"][0]["layers"][0]["outputs"][0].contains("nonfinite"));

    // Finite data: no NaN/inf line, nulls in the JSON.
    RunResult clean = runKiln({"compare", convBn, "--per-layer", "--export", report});
    EXPECT_EQ(clean.exitCode, 0) << clean.out << clean.err;
    EXPECT_FALSE(contains(clean.out, "first NaN/inf")) << clean.out;
    EXPECT_TRUE(json::parse(readFile(report))["sets"][0]["first_nonfinite_layer"].is_null());
}

TEST_F(CliBuild, CompareZeroToleranceNamesFirstFailingLayer) {
    std::string report = dir / "cmp.json";
    RunResult r =
        runKiln({"compare", convBn, "--atol", "0", "--rtol", "0", "--per-layer", "--export", report});
    EXPECT_EQ(r.exitCode, kComparisonFailed) << r.out << r.err;
    EXPECT_TRUE(r.err.empty()) << r.err;
    EXPECT_TRUE(contains(r.out, "first failing layer: #0")) << r.out;
    EXPECT_TRUE(contains(r.out, "from ONNX nodes conv_a, bn_a, relu_a")) << r.out;
    EXPECT_TRUE(contains(r.out, "result:    FAIL")) << r.out;
    json j = json::parse(readFile(report));
    EXPECT_FALSE(j["passed"].get<bool>());
    EXPECT_EQ(j["sets"][0]["first_failing_layer"]["onnx_nodes"], json({"conv_a", "bn_a", "relu_a"}));

    // Level 0 (no fusion) still runs; outputs-only compare with a loose tolerance passes.
    RunResult loose = runKiln({"compare", convBn, "--opt-level", "0", "--atol", "1e-4"});
    EXPECT_EQ(loose.exitCode, 0) << loose.out << loose.err;
    EXPECT_TRUE(contains(loose.out, "5 -> 5 nodes")) << loose.out;
}

// The default verdict is the norm rule (the fp32 engine's rounding passes it, the table leads with
// cosine and max_norm); explicit --atol/--rtol select the elementwise rule; --error-mode norm with
// --max-norm 0 fails the same first layer; flags a rule doesn't use are named.
TEST_F(CliBuild, CompareDefaultsToTheNormRule) {
    RunResult r = runKiln({"compare", convBn, "--per-layer"});
    EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_TRUE(contains(r.out, "result:    PASS (norm: max|a-e|/max|e| <= per precision (fp32 0.0001")) << r.out;
    EXPECT_TRUE(contains(r.out, "'y' fp32[1,2,6,6]: PASS  cos=")) << r.out;
    const size_t header = r.out.find("cosine    max_norm");
    ASSERT_NE(header, std::string::npos) << r.out;
    EXPECT_LT(header, r.out.find("max_abs", header)) << r.out;
    EXPECT_TRUE(contains(r.out, "1e-04 fp32")) << r.out;

    RunResult strict = runKiln({"compare", convBn, "--per-layer", "--error-mode", "norm", "--max-norm", "0", "--atol", "1"});
    EXPECT_EQ(strict.exitCode, kComparisonFailed) << strict.out << strict.err;
    EXPECT_TRUE(contains(strict.out, "first failing layer: #0")) << strict.out;
    EXPECT_TRUE(contains(strict.out, "warning: --atol is not used by the norm rule")) << strict.out;
    EXPECT_TRUE(contains(strict.out, "result:    FAIL (norm: max|a-e|/max|e| <= 0;")) << strict.out;

    RunResult elementwise = runKiln({"compare", convBn, "--rtol", "1e-4"});
    EXPECT_TRUE(contains(elementwise.out, "(elementwise: |a-e| <= atol + rtol*|e|, atol 1e-05, rtol 0.0001;"))
        << elementwise.out;
    expectCleanError(runKiln({"compare", convBn, "--error-mode", "cosine"}), kInputError, {"--error-mode", "cosine"});
}

TEST_F(CliBuild, ConfigFileAndFlagsOverride) {
    std::string config = dir / "cfg.json";
    RunResult b =
        runKiln({"build", convBn, "--opt-level", "1", "--workspace", "64", "--export-config", config});
    ASSERT_EQ(b.exitCode, 0) << b.out << b.err;
    EXPECT_TRUE(contains(b.out, "opt level 1")) << b.out;
    json j = json::parse(readFile(config));
    ASSERT_TRUE(j.is_object());
    RunResult again = runKiln({"build", convBn, "--config", config});
    ASSERT_EQ(again.exitCode, 0) << again.out << again.err;
    EXPECT_TRUE(contains(again.out, "opt level 1, static shapes, workspace 64 MiB")) << again.out;
    RunResult over = runKiln({"build", convBn, "--config", config, "--opt-level", "3"});
    ASSERT_EQ(over.exitCode, 0) << over.out << over.err;
    EXPECT_TRUE(contains(over.out, "opt level 3, static shapes, workspace 64 MiB")) << over.out;
}

TEST_F(CliBuild, BadBuildFlags) {
    expectCleanError(runKiln({"build", convBn, "--opt-level", "7"}), kInputError, {"--opt-level", "7"});
    expectCleanError(runKiln({"build", convBn, "--sparsity", "sometimes"}), kInputError,
                     {"--sparsity", "sometimes"});
    expectCleanError(runKiln({"build", convBn, "--layer-precision", "Conv"}), kInputError,
                     {"--layer-precision"});
    expectCleanError(runKiln({"build", convBn, "--layer-precision", "Conv:fp17"}), kInputError, {"fp17"});
    expectCleanError(runKiln({"build", tiny, "--min-shapes", "x:1x4"}), kInputError, {"--opt-shapes", "'x'"});
    expectCleanError(runKiln({"build", tiny, "--opt-shapes", "x:4x4", "--max-shapes", "x:2x4"}), kInputError,
                     {"x"});
    expectCleanError(runKiln({"build", convBn, "--config", dir / "missing.json"}), kInputError,
                     {"missing.json"});
    expectCleanError(runKiln({"compare", convBn, "--engine", "e.engine", "--fp16"}), kInputError,
                     {"--engine"});
}

// trtexec's habit (issue 15): a dynamic dim that no profile or shape covers is 1, with one warning
// line naming the input and the shape used, in build, run MODEL and compare alike.
TEST_F(CliBuild, DynamicDimWithoutShapesIsOneWithAWarning) {
    const std::string warning =
        "warning: input 'x' has dynamic shape [batch,4] and no shape was given: using 1x4 (--";
    auto count = [](const std::string& text, const std::string& what) {
        size_t n = 0;
        for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
        return n;
    };
    std::string engine = dir / "dim1.engine";
    RunResult b = runKiln({"build", tiny, "--save", engine});
    ASSERT_EQ(b.exitCode, 0) << b.out << b.err;
    EXPECT_EQ(count(b.out, warning + "opt-shapes x:DIMS chooses another)\n"), 1u) << b.out;
    EXPECT_TRUE(contains(b.out, "1 profile (x: [1,4])")) << b.out;
    ASSERT_TRUE(fs::exists(engine));
    // The engine's profile is the shape used: its random inputs are [1,4], and [2,4] is outside it.
    RunResult r = runKiln({"run", engine});
    EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_TRUE(contains(r.out, "input  'x' fp32[1,4]")) << r.out;
    EXPECT_FALSE(contains(r.out, "warning: input 'x'")) << r.out;
    expectCleanError(runKiln({"run", engine, "--shapes", "x:2x4"}), kInputError, {"'x'", "[2,4]"});

    // kiln run MODEL: the same shape and warning (with the flag that sets it there).
    RunResult m = runKiln({"run", tiny});
    EXPECT_EQ(m.exitCode, 0) << m.out << m.err;
    EXPECT_EQ(count(m.out, warning + "shapes x:DIMS chooses another)\n"), 1u) << m.out;
    EXPECT_TRUE(contains(m.out, "input  'x' fp32[1,4]")) << m.out;
    // Given shapes or files need no warning.
    RunResult given = runKiln({"run", tiny, "--shapes", "x:3x4"});
    EXPECT_EQ(given.exitCode, 0) << given.out << given.err;
    EXPECT_FALSE(contains(given.out, "warning: input 'x'")) << given.out;
    EXPECT_TRUE(contains(given.out, "input  'x' fp32[3,4]")) << given.out;

    // kiln compare builds inline at that shape and compares on it.
    RunResult c = runKiln({"compare", tiny});
    EXPECT_EQ(c.exitCode, 0) << c.out << c.err;
    EXPECT_EQ(count(c.out, "warning: input 'x'"), 1u) << c.out;
    EXPECT_TRUE(contains(c.out, "1 profile (x: [1,4])")) << c.out;
    // ... and with the build's shape flags, its random inputs take the profile's opt shape.
    RunResult flags = runKiln({"compare", tiny, "--opt-shapes", "x:2x4"});
    EXPECT_EQ(flags.exitCode, 0) << flags.out << flags.err;
    EXPECT_FALSE(contains(flags.out, "warning: input 'x'")) << flags.out;
    EXPECT_TRUE(contains(flags.out, "x: [2,4]")) << flags.out;
}

TEST_F(CliBuild, BadEngineFilesGiveOneLine) {
    std::string engine = buildConvBn();
    std::string bytes = readFile(engine);
    ASSERT_GT(bytes.size(), 64u);

    std::string truncated = dir / "truncated.engine";
    writeFile(truncated, bytes.substr(0, bytes.size() / 2));
    expectCleanError(runKiln({"run", truncated}), kInputError, {"truncated.engine", "truncated"});

    std::string corrupt = dir / "corrupt.engine";
    std::string flipped = bytes;
    flipped[flipped.size() / 2] = char(flipped[flipped.size() / 2] ^ 0x5a);
    writeFile(corrupt, flipped);
    expectCleanError(runKiln({"run", corrupt}), kInputError, {"corrupt.engine", "corrupt"});

    std::string garbage = dir / "garbage.engine";
    writeFile(garbage, "not an engine at all, just text\n");
    expectCleanError(runKiln({"run", garbage}), kInputError, {"garbage.engine"});

    std::string empty = dir / "empty.engine";
    writeFile(empty, "");
    expectCleanError(runKiln({"run", empty}), kInputError, {"empty.engine"});

    // Truncated by magic alone (no extension): still read as an engine.
    std::string noExt = dir / "cut_plan";
    writeFile(noExt, bytes.substr(0, 40));
    expectCleanError(runKiln({"run", noExt}), kInputError, {"cut_plan"});

    expectCleanError(runKiln({"compare", convBn, "--engine", corrupt}), kInputError, {"corrupt.engine"});
    expectCleanError(runKiln({"compare", convBn, "--engine", convBn}), kInputError, {"conv_bn.onnx"});
    expectCleanError(runKiln({"run", engine, "--profile-index", "3"}), kInputError, {"--profile-index", "3"});
    expectCleanError(runKiln({"run", convBn, "--profile-index", "0"}), kInputError, {"--profile-index"});
}

TEST(CliBuildUsage, HelpListsTheFlags) {
    RunResult b = runKiln({"build", "--help"});
    ASSERT_EQ(b.exitCode, 0) << b.err;
    for (const char* flag :
         {"--fp16", "--bf16", "--tf32", "--int8", "--fp8", "--layer-precision", "--min-shapes",
          "--opt-shapes", "--max-shapes", "--opt-level", "--timing-cache", "--plugins", "--config",
          "--workspace", "--sparsity", "--save", "--export-config"})
        EXPECT_TRUE(contains(b.out, flag)) << flag;
    RunResult r = runKiln({"run", "--help"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    for (const char* flag : {"--duration", "--dump-profile", "--export-profile", "--export-layer-info",
                             "--export-trace", "--profile-index", "--plugins", "ENGINE|MODEL"})
        EXPECT_TRUE(contains(r.out, flag)) << flag;
    RunResult c = runKiln({"help", "compare"});
    ASSERT_EQ(c.exitCode, 0) << c.err;
    for (const char* flag : {"--engine", "--test-data", "--input", "--seed", "--atol", "--rtol", "--error-mode",
                             "--max-norm", "--per-layer", "--export", "--fp16", "--opt-level"})
        EXPECT_TRUE(contains(c.out, flag)) << flag;
    RunResult top = runKiln({"--help"});
    EXPECT_TRUE(contains(top.out, "build MODEL")) << top.out;
    EXPECT_TRUE(contains(top.out, "compare MODEL")) << top.out;
}

// The project's sample models: build with a profile, save, run the engine against their test data,
// compare per layer.
struct Sample {
    const char* name;
    std::vector<std::string> profile;
};

TEST(CliSamples, BuildRunCompare) {
    const fs::path root = fs::path(KILN_SOURCE_DIR) / "resources" / "samples";
    if (!fs::exists(root)) GTEST_SKIP() << "no resources/samples in this checkout";
    std::vector<Sample> samples = {
        {"tiny_cnn",
         {"--min-shapes", "input:1x3x32x32", "--opt-shapes", "input:2x3x32x32", "--max-shapes",
          "input:4x3x32x32"}},
        {"tiny_transformer",
         {"--min-shapes", "input_ids:1x1,attention_mask:1x1", "--opt-shapes",
          "input_ids:2x7,attention_mask:2x7", "--max-shapes", "input_ids:4x64,attention_mask:4x64"}},
    };
    TempDir dir;
    for (const Sample& s : samples) {
        SCOPED_TRACE(s.name);
        fs::path folder = root / s.name;
        ASSERT_TRUE(fs::exists(folder / "model.onnx"));
        std::string model = (folder / "model.onnx").string();
        std::string engine = dir / (std::string(s.name) + ".engine");
        std::vector<std::string> build = {"build", model, "--save", engine};
        build.insert(build.end(), s.profile.begin(), s.profile.end());
        RunResult b = runKiln(build, 120);
        ASSERT_EQ(b.exitCode, 0) << b.out << b.err;
        EXPECT_TRUE(contains(b.out, "fusion report")) << b.out;
        RunResult r =
            runKiln({"run", engine, "--test-data", folder.string(), "--atol", "1e-4", "--rtol", "1e-3"}, 120);
        EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
        EXPECT_TRUE(contains(r.out, ": PASS")) << r.out;
        RunResult c = runKiln({"compare", model, "--engine", engine, "--test-data", folder.string(),
                               "--per-layer", "--atol", "1e-4", "--rtol", "1e-3"},
                              120);
        EXPECT_EQ(c.exitCode, 0) << c.out << c.err;
        EXPECT_TRUE(contains(c.out, "per layer (")) << c.out;
        // Built inline: the dynamic inputs get a profile from the test data's shapes.
        RunResult inl = runKiln({"compare", model, "--test-data", folder.string(), "--per-layer", "--atol",
                                 "1e-4", "--rtol", "1e-3"},
                                120);
        EXPECT_EQ(inl.exitCode, 0) << inl.out << inl.err;
        EXPECT_TRUE(contains(inl.out, "1 profile (")) << inl.out;
        EXPECT_TRUE(contains(inl.out, "fusion report")) << inl.out;
    }
}

// kiln compare --emulate fp16|bf16 (issue 12, "Preview on the CPU"): the samples' cpu engines with
// weights, inputs and every layer's float outputs rounded to fp16/bf16. The GPU runs of these
// samples (docs/gpu-logs/2026-12-07-h100-6bce344.log) gave max_norm 5.448e-04 / 2.711e-03 (tiny_cnn
// fp16 / bf16) and 1.256e-03 / 6.377e-03 (tiny_transformer); the emulation must land in that range.
TEST(CliCompareEmulate, Fp16AndBf16RoundingOnTheCpu) {
    TempDir dir;
    for (const std::string sample : {"tiny_cnn", "tiny_transformer"}) {
        SCOPED_TRACE(sample);
        const fs::path data = fs::path(KILN_SOURCE_DIR) / "resources" / "samples" / sample;
        const std::string model = (data / "model.onnx").string();
        auto outputNorm = [&](const std::vector<std::string>& extra, const std::string& precision, double limit) {
            const std::string report = dir / (sample + precision + ".json");
            std::vector<std::string> args = {"compare", model, "--test-data", data.string(), "--per-layer",
                                             "--export", report};
            args.insert(args.end(), extra.begin(), extra.end());
            RunResult r = runKiln(args);
            EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
            if (precision != "fp32") {
                EXPECT_TRUE(contains(r.out, "a CPU emulation of " + precision + " rounding")) << r.out;
                EXPECT_TRUE(contains(r.out, "1e-02 fp16") || contains(r.out, "5e-02 bf16")) << r.out;
            }
            json j = json::parse(readFile(report));
            const json& out = j["sets"][0]["outputs"][0];
            EXPECT_EQ(out["precision"], precision) << out.dump(2);
            EXPECT_DOUBLE_EQ(out["max_norm_limit"].get<double>(), limit) << out.dump(2);
            // Every layer with a float output is held to the emulated precision's threshold.
            return out["max_norm"].get<double>();
        };
        const double plain = outputNorm({}, "fp32", 1e-4);
        const double fp16 = outputNorm({"--emulate", "fp16"}, "fp16", 1e-2);
        const double bf16 = outputNorm({"--emulate", "bf16"}, "bf16", 5e-2);
        EXPECT_LT(plain, 1e-5);
        EXPECT_GT(fp16, 1e-4);  // the GPU: 5.4e-4 (tiny_cnn), 1.3e-3 (tiny_transformer)
        EXPECT_LT(fp16, 3e-3);
        EXPECT_GT(bf16, 4 * fp16);  // bf16 keeps 8 significand bits to fp16's 11
        EXPECT_LT(bf16, 2e-2);      // the GPU: 2.7e-3, 6.4e-3
    }
    const std::string cnn = (fs::path(KILN_SOURCE_DIR) / "resources" / "samples" / "tiny_cnn" / "model.onnx").string();
    expectCleanError(runKiln({"compare", cnn, "--emulate", "fp17"}), kInputError, {"--emulate", "fp17"});
    expectCleanError(runKiln({"compare", cnn, "--emulate", "fp8"}), kInputError, {"--emulate fp8", "scale"});
    expectCleanError(runKiln({"compare", cnn, "--emulate", "fp16", "--engine", dir / "e.kiln"}), kInputError,
                     {"--emulate", "--engine"});
    expectCleanError(runKiln({"compare", cnn, "--emulate", "fp16", "--backend", "oracle"}), kInputError,
                     {"--emulate", "oracle"});
}

// The export says which rounding was emulated (Kiln Studio's accuracy export writes the same
// field): "emulated": "bf16" at the top and in every set, null for a plain run. Before the field
// existed a reader could not tell an emulated report from a GPU or plain fp32 one.
TEST(CliCompareEmulate, ExportRecordsTheEmulatedRounding) {
    TempDir dir;
    const fs::path data = fs::path(KILN_SOURCE_DIR) / "resources" / "samples" / "tiny_cnn";
    const std::string model = (data / "model.onnx").string();
    auto exported = [&](const std::vector<std::string>& extra, const std::string& name) {
        const std::string report = dir / name;
        std::vector<std::string> args = {"compare", model, "--test-data", data.string(), "--export", report};
        args.insert(args.end(), extra.begin(), extra.end());
        RunResult r = runKiln(args);
        EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
        return json::parse(readFile(report));
    };
    const json bf16 = exported({"--emulate", "bf16"}, "bf16.json");
    ASSERT_TRUE(bf16.contains("emulated")) << bf16.dump(2).substr(0, 400);
    EXPECT_EQ(bf16["emulated"], "bf16");
    ASSERT_FALSE(bf16["sets"].empty());
    for (const json& set : bf16["sets"]) EXPECT_EQ(set.value("emulated", json()), "bf16") << set["label"];
    const json fp16 = exported({"--emulate", "fp16"}, "fp16.json");
    EXPECT_EQ(fp16["emulated"], "fp16");
    EXPECT_EQ(fp16["sets"][0].value("emulated", json()), "fp16");
    // A plain run says so: the field is there, null.
    const json plain = exported({}, "plain.json");
    ASSERT_TRUE(plain.contains("emulated"));
    EXPECT_TRUE(plain["emulated"].is_null());
    ASSERT_TRUE(plain["sets"][0].contains("emulated"));
    EXPECT_TRUE(plain["sets"][0]["emulated"].is_null());
}


// kiln compare --expected stored (issue 15: the CLI side of Kiln Studio's "Expected: stored
// outputs"): the engine's outputs against test_data_set_N/output_K.pb instead of the reference run.
// A value changed in the stored output fails although the engine matches the reference; a folder
// without outputs, a stored output of the wrong shape and a missing --test-data are clean errors.
TEST(CliCompareExpected, StoredOutputs) {
    TempDir dir;
    const fs::path data = fs::path(KILN_SOURCE_DIR) / "resources" / "samples" / "tiny_cnn";
    const std::string model = (data / "model.onnx").string();
    const std::string report = dir / "stored.json";
    RunResult ok = runKiln({"compare", model, "--test-data", data.string(), "--expected", "stored", "--export", report});
    EXPECT_EQ(ok.exitCode, 0) << ok.out << ok.err;
    EXPECT_TRUE(contains(ok.out, "expected:  the stored outputs of test_data_set_0 (output_0.pb -> ")) << ok.out;
    const json j = json::parse(readFile(report));
    ASSERT_FALSE(j["sets"].empty());
    EXPECT_EQ(j["sets"][0]["expected"]["source"], "stored_outputs") << j["sets"][0].dump(2).substr(0, 600);
    EXPECT_EQ(j["sets"][0]["expected"]["data_set"], "test_data_set_0");

    // One stored value moved by 1: the reference run still agrees with the engine, the file does not.
    const fs::path changed = dir.path() / "changed" / "test_data_set_0";
    fs::create_directories(changed);
    fs::copy_file(data / "test_data_set_0" / "input_0.pb", changed / "input_0.pb");
    onnx::TensorProto out;
    {
        std::ifstream in(data / "test_data_set_0" / "output_0.pb", std::ios::binary);
        ASSERT_TRUE(out.ParseFromIstream(&in));
    }
    ASSERT_EQ(out.data_type(), onnx::TensorProto::FLOAT);
    if (out.has_raw_data()) {
        std::string raw = out.raw_data();
        float v;
        std::memcpy(&v, raw.data(), sizeof v);
        v += 1.f;
        std::memcpy(raw.data(), &v, sizeof v);
        out.set_raw_data(raw);
    } else {
        ASSERT_GT(out.float_data_size(), 0);
        out.set_float_data(0, out.float_data(0) + 1.f);
    }
    {
        std::ofstream o(changed / "output_0.pb", std::ios::binary);
        ASSERT_TRUE(out.SerializeToOstream(&o));
    }
    RunResult against = runKiln({"compare", model, "--test-data", changed.string(), "--expected", "stored"});
    EXPECT_EQ(against.exitCode, 1) << against.out << against.err;
    EXPECT_TRUE(contains(against.out, "FAIL")) << against.out;
    RunResult reference = runKiln({"compare", model, "--test-data", changed.string()});
    EXPECT_EQ(reference.exitCode, 0) << reference.out << reference.err;

    // The input file as the stored output: a shape mismatch, a failed comparison naming the file
    // (as kiln run --test-data fails it).
    fs::copy_file(changed / "input_0.pb", changed / "output_0.pb", fs::copy_options::overwrite_existing);
    RunResult shape = runKiln({"compare", model, "--test-data", changed.string(), "--expected", "stored"});
    EXPECT_EQ(shape.exitCode, 1) << shape.out << shape.err;
    EXPECT_TRUE(contains(shape.out, "output_0.pb: shape mismatch")) << shape.out << shape.err;

    fs::remove(changed / "output_0.pb");
    expectCleanError(runKiln({"compare", model, "--test-data", changed.string(), "--expected", "stored"}), kInputError,
                     {"--expected stored", "output_K.pb"});
    expectCleanError(runKiln({"compare", model, "--expected", "stored"}), kInputError, {"--expected stored", "--test-data"});
    expectCleanError(runKiln({"compare", model, "--expected", "golden"}), kInputError, {"--expected", "golden"});
}


// --emulate with a precision pin by op type: the pin reaches a fused layer through the op types of
// the ONNX nodes it came from, as in the build (tiny_cnn's first layer is a kiln::FusedConv made
// of a Conv and its Relu). Pinned, that layer computes and stores fp32, and its output reports fp32;
// before, only the fused layer's own type was matched and the pin did nothing.
TEST(CliCompareEmulate, OpTypePinsReachFusedLayers) {
    TempDir dir;
    const fs::path data = fs::path(KILN_SOURCE_DIR) / "resources" / "samples" / "tiny_cnn";
    const std::string model = (data / "model.onnx").string();
    auto firstLayer = [&](const std::vector<std::string>& extra, const std::string& name) {
        const std::string report = dir / name;
        std::vector<std::string> args = {"compare", model, "--test-data", data.string(), "--emulate", "fp16",
                                         "--per-layer", "--export", report};
        args.insert(args.end(), extra.begin(), extra.end());
        RunResult r = runKiln(args);
        EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
        const json j = json::parse(readFile(report));
        return j["sets"][0]["layers"][0];
    };
    const json plain = firstLayer({}, "plain.json");
    ASSERT_EQ(plain["type"], "kiln::FusedConv") << plain.dump(2).substr(0, 400);
    EXPECT_EQ(plain["outputs"][0]["precision"], "fp16");
    const json pinned = firstLayer({"--layer-precision", "Conv:fp32"}, "pinned.json");
    ASSERT_EQ(pinned["type"], "kiln::FusedConv");
    EXPECT_EQ(pinned["outputs"][0]["precision"], "fp32") << pinned.dump(2).substr(0, 600);
}

}  // namespace
}  // namespace kiln::clitest
