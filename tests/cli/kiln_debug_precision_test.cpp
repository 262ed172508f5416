// kiln debug-precision as a user runs it (issue 12, precision bisect): a model with one planted
// fragile layer (an Exp whose outputs pass fp16's 65504) gets exactly that layer's ONNX node pinned,
// the written config makes `kiln build --config` pin it and `kiln compare --emulate fp16` pass; a
// benign model pins nothing; bad requests are one-line errors.
#include <nlohmann/json.hpp>

#include "cli_test_util.h"

namespace kiln::clitest {
namespace {

constexpr int kComparisonFailed = 1;
constexpr int kInputError = 2;

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
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

// x[2,16] -> fc1 (MatMul) -> relu1 -> fc2 (MatMul) -> fc2_bias (Add `shift`) -> exp -> y[2,8]
//                                  \-> fc3 (MatMul) -> z[2,8]
// Shift 11.5: exp's outputs reach ~e^12.5 > 65504, inf in fp16; shift 0: benign.
onnx::ModelProto fragileModel(float shift) {
    onnx::ModelProto m = makeModel(17);
    addInput(m, "x", onnx::TensorProto::FLOAT, {2, 16});
    addOutput(m, "y", onnx::TensorProto::FLOAT, {2, 8});
    addOutput(m, "z", onnx::TensorProto::FLOAT, {2, 8});
    auto* g = m.mutable_graph();
    *g->add_initializer() = floatTensor("w1", {16, 16}, pseudoRandom(256, 1, -0.25f, 0.25f));
    *g->add_initializer() = floatTensor("w2", {16, 8}, pseudoRandom(128, 2, -0.1f, 0.1f));
    *g->add_initializer() = floatTensor("b2", {8}, std::vector<float>(8, shift));
    *g->add_initializer() = floatTensor("w3", {16, 8}, pseudoRandom(128, 3, -0.25f, 0.25f));
    addNode(m, "MatMul", {"x", "w1"}, {"h1"}, "fc1");
    addNode(m, "Relu", {"h1"}, {"r1"}, "relu1");
    addNode(m, "MatMul", {"r1", "w2"}, {"h2"}, "fc2");
    addNode(m, "Add", {"h2", "b2"}, {"a2"}, "fc2_bias");
    addNode(m, "Exp", {"a2"}, {"y"}, "exp");
    addNode(m, "MatMul", {"r1", "w3"}, {"z"}, "fc3");
    return m;
}

// Inputs in [0, 2): fc1's outputs are mostly positive, so exp's input really is near the shift.
const std::vector<std::string> kRange = {"--val-range", "0,2"};

std::vector<std::string> cat(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

TEST(KilnDebugPrecision, FindsPlantedFragileLayerAndWritesOverridesThatBuildReads) {
    TempDir dir;
    const std::string model = dir / "fragile.onnx", pins = dir / "pins.json";
    saveModel(fragileModel(11.5f), model);

    // Without pins the emulated fp16 engine fails (exp overflows).
    RunResult before = runKiln(cat({"compare", model, "--emulate", "fp16"}, kRange), 120);
    EXPECT_EQ(before.exitCode, kComparisonFailed) << before.out << before.err;

    RunResult r = runKiln(cat({"debug-precision", model, "--precision", "fp16", "--save-overrides", pins}, kRange), 120);
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_TRUE(contains(r.out, "emulated on the CPU")) << r.out;
    EXPECT_TRUE(contains(r.out, "estimate of a GPU fp16 build")) << r.out;
    EXPECT_TRUE(contains(r.out, "step 1: every layer fp16: FAIL, max_norm inf on 'y'")) << r.out;
    EXPECT_TRUE(contains(r.out, "step 2: every candidate layer fp32")) << r.out;
    EXPECT_TRUE(contains(r.out, "1 layer kept in fp32 (1 ONNX node)")) << r.out;
    EXPECT_TRUE(contains(r.out, "exp (Exp) from ONNX node exp\n")) << r.out;
    EXPECT_TRUE(contains(r.out, "of at most")) << r.out;
    EXPECT_TRUE(contains(r.out, "not a GPU run")) << r.out;

    // The file is a BuilderConfig with exactly the exp pin.
    const nlohmann::json config = nlohmann::json::parse(readFile(pins));
    ASSERT_EQ(config["layerPrecisions"].size(), 1u) << config.dump();
    EXPECT_EQ(config["layerPrecisions"][0]["target"], "exp");
    EXPECT_EQ(config["layerPrecisions"][0]["precision"], "fp32");
    EXPECT_EQ(config["backend"], "cpu");

    // kiln build --config reads it back and stores the pin in the engine.
    RunResult build = runKiln({"build", model, "--config", pins, "--save", dir / "e.engine"}, 120);
    ASSERT_EQ(build.exitCode, 0) << build.out << build.err;
    EXPECT_TRUE(contains(build.out, "layer precisions exp:fp32")) << build.out;
    // and the emulation honours it: the exp layer stays fp32 (its limit says so) and the outputs pass.
    RunResult after = runKiln(cat({"compare", model, "--config", pins, "--emulate", "fp16", "--per-layer"}, kRange), 120);
    EXPECT_EQ(after.exitCode, 0) << after.out << after.err;
}

TEST(KilnDebugPrecision, PassingModelPinsNothing) {
    TempDir dir;
    const std::string model = dir / "ok.onnx", pins = dir / "pins.json";
    saveModel(fragileModel(0.f), model);
    RunResult r = runKiln(cat({"debug-precision", model, "--precision", "bf16", "--save-overrides", pins}, kRange), 120);
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_TRUE(contains(r.out, "step 1: every layer bf16: PASS")) << r.out;
    EXPECT_FALSE(contains(r.out, "step 2")) << r.out;
    EXPECT_TRUE(contains(r.out, "no layer needs fp32")) << r.out;
    EXPECT_TRUE(nlohmann::json::parse(readFile(pins))["layerPrecisions"].empty());
}

TEST(KilnDebugPrecision, BadRequestsAreOneLineErrors) {
    TempDir dir;
    const std::string model = dir / "fragile.onnx";
    saveModel(fragileModel(11.5f), model);
    expectCleanError(runKiln({"debug-precision", model, "--precision", "fp32"}), kInputError,
                     {"--precision fp32", "fp16 or bf16"});
    expectCleanError(runKiln({"debug-precision", model, "--precision", "fp12"}), kInputError,
                     {"unknown precision 'fp12'"});
    expectCleanError(runKiln({"debug-precision", model}), kInputError, {"--precision is required"});
    // An input that does not match the model.
    const std::vector<float> x(2 * 15, 1.f);
    writeNpy(dir / "x.npy", "<f4", {2, 15}, x.data(), x.size() * sizeof(float));
    expectCleanError(runKiln({"debug-precision", model, "--precision", "fp16", "--input", "x=" + dir / "x.npy"}),
                     kInputError, {"input 'x'", "[2,16]", "[2,15]"});
    // A negative threshold is a usage error (the out-of-reach one: ToleranceThatEvenFp32MissesIsAnError).
    expectCleanError(runKiln({"debug-precision", model, "--precision", "fp16", "--max-norm", "-1"}), kInputError,
                     {"--max-norm"});
    expectCleanError(runKiln({"debug-precision", model, "--precision", "fp16", "--backend", "cuda", "--emulate"}),
                     kInputError, {"--emulate runs on the cpu backend"});
}

// x[1,2,5,5] -> conv -> bn -> y: BatchNorm folds into the conv's weights, so even the all-fp32 engine
// differs from the reference by rounding; --max-norm 0 is out of reach.
TEST(KilnDebugPrecision, ToleranceThatEvenFp32MissesIsAnError) {
    TempDir dir;
    const std::string model = dir / "bn.onnx";
    onnx::ModelProto m = makeModel(17);
    addInput(m, "x", onnx::TensorProto::FLOAT, {1, 2, 5, 5});
    addOutput(m, "y", onnx::TensorProto::FLOAT, {1, 4, 5, 5});
    auto* g = m.mutable_graph();
    *g->add_initializer() = floatTensor("w", {4, 2, 3, 3}, pseudoRandom(72, 11, -0.5f, 0.5f));
    for (const char* name : {"s", "b", "mean", "var"})
        *g->add_initializer() = floatTensor(name, {4}, pseudoRandom(4, uint32_t(name[0]), 0.5f, 1.5f));
    onnx::NodeProto* conv = addNode(m, "Conv", {"x", "w"}, {"c"}, "conv");
    onnx::AttributeProto* pads = conv->add_attribute();
    pads->set_name("pads");
    pads->set_type(onnx::AttributeProto::INTS);
    for (int i = 0; i < 4; ++i) pads->add_ints(1);
    addNode(m, "BatchNormalization", {"c", "s", "b", "mean", "var"}, {"y"}, "bn");
    saveModel(m, model);
    RunResult r = runKiln({"debug-precision", model, "--precision", "fp16", "--max-norm", "0"}, 120);
    expectCleanError(r, kInputError, {"even with every layer in fp32", "miss the tolerance", "--max-norm"});
    EXPECT_TRUE(contains(r.out, "step 1: every layer fp16: FAIL")) << r.out;
}

TEST(KilnDebugPrecision, ListedInTopLevelHelp) {
    RunResult r = runKiln({"--help"});
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_TRUE(contains(r.out, "debug-precision MODEL")) << r.out;
    RunResult h = runKiln({"debug-precision", "--help"});
    EXPECT_EQ(h.exitCode, 0);
    EXPECT_TRUE(contains(h.out, "--save-overrides")) << h.out;
    EXPECT_TRUE(contains(h.out, "2 + ceil(log2 N)")) << h.out;
}

}  // namespace
}  // namespace kiln::clitest
