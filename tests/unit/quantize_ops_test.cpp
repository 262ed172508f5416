// The quantization ops (issue 12): hand-computed cases from the ONNX definitions, run on the oracle
// (kernels/cpu/naive/quantize.cpp) and on the CPU kernels (kernels/cpu/quantize.cpp,
// quantized_linear.cpp), and the importer's one-line refusals (a zero scale, blocked quantization,
// fp8 types). Outputs are poisoned (tests/poison_outputs.cpp), so an element a kernel skips fails.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "engine_core/builder/builder.h"
#include "engine_core/builder/execution_context.h"
#include "kernels/cpu/naive/naive.h"
#include "onnx_test_util.h"
#include "test_util.h"

namespace kiln {
namespace {

using test::expectTensorNear;

const KernelRegistry& naiveQuantRegistry() {
    static const KernelRegistry registry = [] {
        KernelRegistry r;
        naive::registerNaiveQuantizeKernels(r);
        return r;
    }();
    return registry;
}

// One node on the oracle ("oracle") or the CPU backend ("cpu").
std::vector<Tensor> runOn(const std::string& backend, const std::string& op, const std::vector<Tensor>& inputs,
                          const std::map<std::string, Attribute>& attrs = {}, size_t numOutputs = 1) {
    return test::runSingleNodeWith(
        [&](const Graph& g, const TensorMap& feeds) {
            if (backend != "oracle") return Executor(g).run(feeds);
            Executor exec(g, makeHostBackend("oracle", naiveQuantRegistry()));
            RunOptions options;
            options.batchSplit = false;
            return exec.run(feeds, options);
        },
        op, inputs, attrs, numOutputs);
}

Tensor F(std::vector<int64_t> dims, std::vector<float> v) { return Tensor::fromVector<float>(std::move(dims), v); }
Tensor I32(std::vector<int64_t> dims, std::vector<int32_t> v) { return Tensor::fromVector<int32_t>(std::move(dims), v); }
Tensor I8(std::vector<int64_t> dims, std::vector<int8_t> v) { return Tensor::fromVector<int8_t>(std::move(dims), v); }
Tensor U8(std::vector<int64_t> dims, std::vector<uint8_t> v) { return Tensor::fromVector<uint8_t>(std::move(dims), v); }
Tensor FS(float v) { return Tensor::scalar<float>(v); }

void expectExact(const Tensor& a, const Tensor& e) { expectTensorNear(a, e, 0.0, 0.0); }

class QuantOps : public ::testing::TestWithParam<std::string> {
protected:
    Tensor run1(const std::string& op, const std::vector<Tensor>& ins, const std::map<std::string, Attribute>& attrs = {}) {
        return runOn(GetParam(), op, ins, attrs).at(0);
    }
    std::string error(const std::string& op, const std::vector<Tensor>& ins,
                      const std::map<std::string, Attribute>& attrs = {}) {
        return test::errorMessage([&] { runOn(GetParam(), op, ins, attrs); });
    }
};

// ---- QuantizeLinear ----

TEST_P(QuantOps, QuantizeRoundsHalfToEvenAndSaturates) {
    // x / 0.5: 0.5, 1.5, 2.5, -0.5, -1.5, -2.5 (ties to even), 2.4 -> 2, 2.6 -> 3, 200 and -200 saturate.
    Tensor x = F({10}, {0.25f, 0.75f, 1.25f, -0.25f, -0.75f, -1.25f, 1.2f, 1.3f, 100.f, -100.f});
    expectExact(run1("QuantizeLinear", {x, FS(0.5f), U8({}, {128})}),
                U8({10}, {128, 130, 130, 128, 126, 126, 130, 131, 255, 0}));
    expectExact(run1("QuantizeLinear", {x, FS(0.5f), I8({}, {-1})}),
                I8({10}, {-1, 1, 1, -1, -3, -3, 1, 2, 127, -128}));
    // No zero point: uint8 with zero 0; negative values clamp to 0.
    expectExact(run1("QuantizeLinear", {F({3}, {-3.f, 3.f, 1000.f}), FS(2.f)}), U8({3}, {0, 2, 255}));
}

TEST_P(QuantOps, QuantizeNanGivesTheZeroPoint) {
    const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
    expectExact(run1("QuantizeLinear", {F({3}, {nan, inf, -inf}), FS(1.f), U8({}, {7})}), U8({3}, {7, 255, 0}));
}

TEST_P(QuantOps, QuantizePerAxisWithNegativeAxisAndOutputDtype) {
    // x [2, 3]: axis -1 (= 1) has 3 channels with scales 1, 2, 4 and zero points 0, 10, -10.
    Tensor x = F({2, 3}, {3.f, 3.f, 3.f, -8.f, 5.f, 6.f});
    expectExact(run1("QuantizeLinear", {x, F({3}, {1, 2, 4}), I8({3}, {0, 10, -10})}, {{"axis", int64_t(-1)}}),
                I8({2, 3}, {3, 12, -9, -8, 12, -8}));  // 3/2 = 1.5 -> 2; 3/4 = .75 -> 1; 5/2 = 2.5 -> 2; 6/4 = 1.5 -> 2
    // axis 0 over [2, 3]: rows scaled by 1 and 0.5; output_dtype int8 (3) without a zero point.
    expectExact(run1("QuantizeLinear", {x, F({2}, {1, 0.5f})}, {{"axis", int64_t(0)}, {"output_dtype", int64_t(3)}}),
                I8({2, 3}, {3, 3, 3, -16, 10, 12}));
}

TEST_P(QuantOps, QuantizeInt32Input) {
    expectExact(run1("QuantizeLinear", {I32({4}, {5, -5, 1000, 7}), FS(2.f), U8({}, {100})}),
                U8({4}, {102, 98, 255, 104}));  // 2.5 -> 2, -2.5 -> -2, 3.5 -> 4
}

TEST_P(QuantOps, ZeroScaleIsAnErrorNamingTheNode) {
    std::string e = error("QuantizeLinear", {F({2}, {1, 2}), FS(0.f), U8({}, {0})});
    EXPECT_NE(e.find("node 'node' (QuantizeLinear)"), std::string::npos) << e;
    EXPECT_NE(e.find("finite and non-zero"), std::string::npos) << e;
    e = error("DequantizeLinear", {U8({2}, {1, 2}), F({2}, {1.f, 0.f}), U8({2}, {0, 0})}, {{"axis", int64_t(0)}});
    EXPECT_NE(e.find("node 'node' (DequantizeLinear)"), std::string::npos) << e;
    EXPECT_NE(e.find("at index 1"), std::string::npos) << e;
}

TEST_P(QuantOps, PerAxisScaleOfTheWrongLengthIsAnError) {
    std::string e = error("QuantizeLinear", {F({2, 3}, {1, 2, 3, 4, 5, 6}), F({2}, {1, 1}), U8({2}, {0, 0})});
    EXPECT_NE(e.find("axis 1"), std::string::npos) << e;
}

// ---- DequantizeLinear ----

TEST_P(QuantOps, DequantizePerTensorPerAxisAndInt32) {
    expectExact(run1("DequantizeLinear", {U8({4}, {0, 3, 128, 255}), FS(0.5f), U8({}, {128})}),
                F({4}, {-64.f, -62.5f, 0.f, 63.5f}));
    expectExact(run1("DequantizeLinear", {I8({2, 2}, {-128, 127, 4, -4}), F({2}, {1.f, 0.25f}), I8({2}, {0, -4})},
                     {{"axis", int64_t(1)}}),
                F({2, 2}, {-128.f, 32.75f, 4.f, 0.f}));
    expectExact(run1("DequantizeLinear", {I32({3}, {-100000, 0, 7}), FS(0.125f)}), F({3}, {-12500.f, 0.f, 0.875f}));
}

// quantize_static writes a [1] scale beside a scalar zero point (DistilBERT's int32 biases): one
// element each is per tensor whatever the shapes, as ONNX Runtime runs it.
TEST_P(QuantOps, OneElementScaleAndZeroPointArePerTensorWhateverTheirShapes) {
    expectExact(run1("DequantizeLinear", {I32({3}, {-8, 0, 12}), F({1}, {0.25f}), I32({}, {4})}),
                F({3}, {-3.f, -1.f, 2.f}));
    expectExact(run1("DequantizeLinear", {U8({2, 2}, {0, 10, 20, 30}), FS(0.5f), U8({1}, {10})}),
                F({2, 2}, {-5.f, 0.f, 5.f, 10.f}));
    expectExact(run1("QuantizeLinear", {F({2, 2}, {-1.f, 0.f, 0.75f, 100.f}), F({1}, {0.5f}), U8({}, {3})}),
                U8({2, 2}, {1, 3, 5, 203}));  // 0.75 / 0.5 = 1.5 -> 2
    // Different shapes of more than one element stay an error.
    const std::string e = error("DequantizeLinear", {U8({2, 2}, {0, 1, 2, 3}), F({2}, {1.f, 1.f}), U8({1, 2}, {0, 0})});
    EXPECT_NE(e.find("differ in shape"), std::string::npos) << e;
}

// ---- DynamicQuantizeLinear ----

TEST_P(QuantOps, DynamicQuantizeOnnxExampleAndAnAllZeroInput) {
    // The ONNX operator doc's example: range [-3, 2] -> scale 5/255, zero round(3 / scale) = 153.
    auto out = runOn(GetParam(), "DynamicQuantizeLinear", {F({6}, {0.f, 2.f, -3.f, -2.5f, 1.34f, 0.5f})}, {}, 3);
    expectExact(out[0], U8({6}, {153, 255, 0, 26, 221, 179}));
    expectTensorNear(out[1], Tensor::scalar<float>(5.f / 255.f), 0, 1e-7);
    expectExact(out[2], Tensor::scalar<uint8_t>(153));
    // No range at all: scale 1 (as ONNX Runtime), zero 0, not a division by zero.
    out = runOn(GetParam(), "DynamicQuantizeLinear", {F({2}, {0.f, 0.f})}, {}, 3);
    expectExact(out[0], U8({2}, {0, 0}));
    expectExact(out[1], Tensor::scalar<float>(1.f));
}

// ---- Integer products ----

TEST_P(QuantOps, MatMulIntegerPerRowAndPerColumnZeroPoints) {
    // (A - 1) = [[0, 1], [2, 3]]; B int8 minus per-column zeros [1, 2] = [[4, 4], [6, 7]].
    Tensor A = U8({2, 2}, {1, 2, 3, 4}), B = I8({2, 2}, {5, 6, 7, 9});
    expectExact(run1("MatMulInteger", {A, B, U8({}, {1}), I8({2}, {1, 2})}), I32({2, 2}, {6, 7, 26, 29}));
    // Per-row A zeros [1, 3]: rows [0, 1] and [0, 1]; no B zero point.
    expectExact(run1("MatMulInteger", {A, B, U8({2}, {1, 3})}), I32({2, 2}, {7, 9, 7, 9}));
}

TEST_P(QuantOps, QLinearMatMulRequantizesWithTiesToEven) {
    // acc = 2·0 + 4·2 = 8; 8 · (0.5 · 0.25 / 0.4) = 2.5 -> 2, + 10.
    Tensor y = run1("QLinearMatMul", {U8({1, 2}, {2, 4}), FS(0.5f), U8({}, {0}), U8({2, 1}, {1, 3}), FS(0.25f),
                                      U8({}, {1}), FS(0.4f), U8({}, {10})});
    expectExact(y, U8({1, 1}, {12}));
}

TEST_P(QuantOps, ConvIntegerPadsWithTheZeroPoint) {
    // x - 1 = [[0,1,2],[3,4,5],[6,7,8]], one padded row on top that must count as x_zero (0 after centring).
    Tensor x = U8({1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9}), w = U8({1, 1, 2, 2}, {1, 1, 1, 1});
    expectExact(run1("ConvInteger", {x, w, U8({}, {1})}, {{"pads", std::vector<int64_t>{1, 0, 0, 0}}}),
                I32({1, 1, 3, 2}, {1, 3, 8, 12, 20, 24}));
    // QLinearConv: (acc + bias 1) · (1 · 0.5 / 1) = 1, 2, 4.5, 6.5, 10.5, 12.5 -> ties to even.
    expectExact(run1("QLinearConv", {x, FS(1.f), U8({}, {1}), w, F({1}, {0.5f}), U8({1}, {0}), FS(1.f), U8({}, {0}),
                                     I32({1}, {1})},
                     {{"pads", std::vector<int64_t>{1, 0, 0, 0}}}),
                U8({1, 1, 3, 2}, {1, 2, 4, 6, 10, 12}));
}

TEST_P(QuantOps, QLinearZeroScaleIsAnErrorNamingTheNode) {
    const std::string e = error("QLinearMatMul", {U8({1, 1}, {2}), FS(0.5f), U8({}, {0}), U8({1, 1}, {1}), FS(0.f),
                                                  U8({}, {0}), FS(1.f), U8({}, {0})});
    EXPECT_NE(e.find("node 'node' (QLinearMatMul)"), std::string::npos) << e;
    EXPECT_NE(e.find("finite and non-zero"), std::string::npos) << e;
}

INSTANTIATE_TEST_SUITE_P(Backends, QuantOps, ::testing::Values("oracle", "cpu"));

TEST(QuantOpsRegistry, OracleAndCpuRegisterTheSameOpsAndTypes) {
    for (const std::string& name : naive::naiveOpTypes(naiveQuantRegistry())) {
        // "kiln::Int8Conv": Kiln's own domain.
        const size_t sep = name.find("::");
        const std::string domain = sep == std::string::npos ? "" : name.substr(0, sep);
        const std::string op = sep == std::string::npos ? name : name.substr(sep + 2);
        const KernelDef* mine = naive::findNaive(naiveQuantRegistry(), op, domain);
        const KernelDef* cpu = cpuKernelRegistry().find(op, domain);
        ASSERT_TRUE(mine && cpu) << op;
        EXPECT_NE(mine->run, cpu->run) << op;
        EXPECT_EQ(std::set<DataType>(mine->types.begin(), mine->types.end()),
                  std::set<DataType>(cpu->types.begin(), cpu->types.end()))
            << op;
    }
}

// ---- Import ----

test::ModelBuilder quantizeModel(float scale, int64_t opset = 13) {
    test::ModelBuilder b(opset);
    b.input("x", onnx::TensorProto::FLOAT, {2, 3});
    b.initializer("s", Tensor::fromVector<float>({3}, {0.5f, scale, 1.f}));
    b.initializer("z", Tensor::fromVector<uint8_t>({3}, {0, 0, 0}));
    auto& n = b.node("QuantizeLinear", {"x", "s", "z"}, {"y"}, "quant_x");
    test::setInt(n, "axis", 1);
    b.output("y", onnx::TensorProto::UINT8, {2, 3});
    return b;
}

TEST(QuantImport, AZeroScaleInitializerIsAOneLineErrorNamingTheNode) {
    ErrorKind kind{};
    const std::string e = test::errorMessage([&] { test::importBuilt(quantizeModel(0.f)); }, &kind);
    EXPECT_EQ(kind, ErrorKind::InvalidModel);
    EXPECT_NE(e.find("node 'quant_x'"), std::string::npos) << e;
    EXPECT_NE(e.find("y_scale is 0 at index 1"), std::string::npos) << e;
    EXPECT_EQ(e.find('\n'), std::string::npos) << e;
}

TEST(QuantImport, PerAxisQuantizeImportsAndRuns) {
    ImportResult r = test::importBuilt(quantizeModel(2.f));
    Executor exec(*r.graph);
    TensorMap out = exec.run({{"x", F({2, 3}, {1.f, 3.f, 2.5f, -1.f, 5.f, 300.f})}});
    expectExact(out.at("y"), U8({2, 3}, {2, 2, 2, 0, 2, 255}));
}

// The form quantize_static writes for DistilBERT (inner.embeddings.LayerNorm.bias0_DequantizeLinear):
// [1] scales with scalar zero points, on an int32 constant and on activations, imported, run by the
// reference executor and by a level-3 engine (int8 folding and constant folding see them too).
TEST(QuantImport, OneElementScalesWithScalarZeroPointsRunInAnEngine) {
    test::ModelBuilder b(13);
    b.input("x", onnx::TensorProto::FLOAT, {2, 3});
    b.initializer("xs", Tensor::fromVector<float>({1}, {0.5f}));
    b.initializer("xz", Tensor::scalar<uint8_t>(100));
    b.initializer("bq", Tensor::fromVector<int32_t>({3}, {-4, 0, 6}));
    b.initializer("bs", Tensor::fromVector<float>({1}, {0.25f}));
    b.initializer("bz", Tensor::scalar<int32_t>(2));
    b.node("QuantizeLinear", {"x", "xs", "xz"}, {"xq"}, "x_q");
    b.node("DequantizeLinear", {"xq", "xs", "xz"}, {"xd"}, "x_dq");
    b.node("DequantizeLinear", {"bq", "bs", "bz"}, {"bias"}, "bias0_DequantizeLinear");
    b.node("Add", {"xd", "bias"}, {"y"}, "add");
    b.output("y", onnx::TensorProto::FLOAT, {2, 3});
    ImportResult r = test::importBuilt(b);
    const TensorMap feeds{{"x", F({2, 3}, {1.2f, -0.3f, 1000.f, 0.f, 0.75f, -1000.f})}};
    // x quantized (step 0.5, zero 100): 1, -0.5, 77.5 (saturated), 0, 1, -50; bias (q - 2) / 4: -1.5, -0.5, 1.
    const Tensor want = F({2, 3}, {-0.5f, -1.f, 78.5f, -1.5f, 0.5f, -49.f});
    expectExact(Executor(*r.graph).run(feeds).at("y"), want);
    BuilderConfig config;
    OptimizationProfile profile;
    profile.inputs["x"] = {{2, 3}, {2, 3}, {2, 3}};
    config.profiles.push_back(profile);
    auto engine = buildEngine(*r.graph, config);
    expectExact(engine->createExecutionContext()->execute(feeds).at("y"), want);
}

TEST(QuantImport, BlockedQuantizationAndFp8AreRefusedNamingTheField) {
    test::ModelBuilder b(21);
    b.input("x", onnx::TensorProto::FLOAT, {2, 4});
    b.initializer("s", Tensor::fromVector<float>({2, 2}, {1, 1, 1, 1}));
    auto& n = b.node("QuantizeLinear", {"x", "s"}, {"y"}, "blocked");
    test::setInt(n, "axis", 1);
    test::setInt(n, "block_size", 2);
    b.output("y", onnx::TensorProto::UINT8, {2, 4});
    std::string e = test::errorMessage([&] { test::importBuilt(b); });
    EXPECT_NE(e.find("'blocked'"), std::string::npos) << e;
    EXPECT_NE(e.find("block_size='2' is not supported"), std::string::npos) << e;

    test::ModelBuilder f(21);
    f.input("x", onnx::TensorProto::FLOAT, {4});
    f.initializer("s", Tensor::scalar<float>(1.f));
    auto& q = f.node("QuantizeLinear", {"x", "s"}, {"y"}, "to_fp8");
    test::setInt(q, "output_dtype", 17);  // FLOAT8E4M3FN
    f.output("y", onnx::TensorProto::UINT8, {4});
    e = test::errorMessage([&] { test::importBuilt(f); });
    EXPECT_NE(e.find("'to_fp8'"), std::string::npos) << e;
    EXPECT_NE(e.find("output_dtype"), std::string::npos) << e;
}

}  // namespace
}  // namespace kiln
