// Kiln's fused Pointwise and Attention kernels, each on its plain and its AVX-512 copy (isa.h).
// Pointwise runs in blocks: operands that repeat over trailing dims, general broadcasts, scalars,
// the chain's own input as an operand while the chain runs in place, and block tails.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "engine_core/passes/fused_ops.h"
#include "kernels/cpu/isa.h"

#include "tests/unit/builder_test_util.h"
#include "tests/unit/passes_test_util.h"

using namespace kiln;
using namespace kiln::test;

namespace {

// Restores the AVX-512 dispatch after a test that turned it off.
struct Avx512Dispatch {
    explicit Avx512Dispatch(bool on) { kiln::cpu::setAvx512Enabled(on); }
    ~Avx512Dispatch() { kiln::cpu::setAvx512Enabled(true); }
};

}  // namespace

TEST(KernelsFusedPointwise, BlocksMatchTheElementwiseDefinition) {
    const int64_t N = 3, C = 300;  // 900 elements: three 256-element blocks and a tail
    for (bool avx512 : {false, true})
    for (bool inPlace : {true, false}) {
        Avx512Dispatch dispatch(avx512);
        GraphBuilder b;
        Value* in = b.input("in", Shape{N, C});
        // Relu makes X a fresh tensor whose last reader is the chain, so the executor donates it
        // (the chain then runs in place); fed straight from the graph input it is not donated.
        Value* x = inPlace ? b.op("Relu", "fresh", {in}, Shape{N, C}) : in;
        Value* bias = b.weights("bias", {1, C});
        Value* rowMax = b.weights("row_max", {N, 1});
        Value* s = b.scalar("s", 0.25f);
        std::map<std::string, Attribute> attrs{
            {"ops", std::vector<std::string>{"Add", "Mul", "Relu", "Sub", "Max", "Exp"}},
            {"operand", std::vector<int64_t>{1, 0, -1, 3, 2, -1}},
            {"alpha", std::vector<float>(6, 0.f)},
            {"beta", std::vector<float>(6, 0.f)}};
        b.output(b.op("Pointwise", "chain", {x, bias, rowMax, s}, Shape{N, C}, attrs, DataType::Float32, "kiln"));
        Executor ex(b.graph());
        Tensor input = randomTensor({N, C}, 21, -2.f, 2.f);
        const Tensor y = ex.run({{"in", input}}).at("chain_out");
        ASSERT_EQ(y.dims(), (std::vector<int64_t>{N, C}));
        const float* bd = bias->constant->data<float>();
        const float* md = rowMax->constant->data<float>();
        for (int64_t r = 0; r < N; ++r)
            for (int64_t c = 0; c < C; ++c) {
                float xv = input.data<float>()[r * C + c];
                if (inPlace) xv = std::max(xv, 0.f);
                float v = (xv + bd[c]) * xv;
                v = std::max(v, 0.f) - 0.25f;
                v = std::exp(std::fmax(v, md[r]));
                EXPECT_NEAR(y.data<float>()[r * C + c], v, 1e-5f * (1.f + std::fabs(v))) << r << "," << c;
            }
    }
}

// Broadcast batch dims, masks with a stride along T and along S (stride 0), fully masked rows
// with and without nan_to_zero: the AVX-512 copy matches the plain one to rounding (it contracts
// into FMAs), with NaNs in the same places.
TEST(KernelsFusedAttention, Avx512CopyMatchesThePlainOne) {
    const float inf = std::numeric_limits<float>::infinity();
    auto run = [](bool avx512, const TensorMap& feeds, float scale, int64_t nanToZero) {
        Avx512Dispatch dispatch(avx512);
        GraphBuilder b;
        std::vector<Value*> ins;
        for (const char* name : {"q", "kt", "v", "m"})
            if (feeds.count(name)) ins.push_back(b.input(name, Shape(feeds.at(name).dims())));
        b.output(b.op("Attention", "attn", ins, Shape::unknownRank(),
                      {{"scale", scale}, {"nan_to_zero", nanToZero}}, DataType::Float32, "kiln"));
        return Executor(b.graph()).run(feeds).at("attn_out");
    };
    for (int64_t T : {5, 17, 33}) {
        const int64_t S = 7, D = 19, Dv = 21;
        TensorMap feeds{{"q", randomTensor({2, 3, S, D}, 1, -3.f, 3.f)},
                        {"kt", randomTensor({1, 3, D, T}, 2, -3.f, 3.f)},
                        {"v", randomTensor({2, 1, T, Dv}, 3)}};
        Tensor alongT = randomTensor({2, 1, 1, T}, 4);
        for (int64_t t = 0; t < T; ++t) alongT.data<float>()[T + t] = -inf;  // image 1: every key masked
        Tensor alongS = randomTensor({2, 1, S, 1}, 5);
        alongS.data<float>()[2] = -inf;
        for (const Tensor* mask : std::vector<const Tensor*>{nullptr, &alongT, &alongS})
            for (int64_t nanToZero : {0, 1}) {
                TensorMap f = feeds;
                if (mask) f["m"] = *mask;
                const Tensor plain = run(false, f, 0.37f, nanToZero), fast = run(true, f, 0.37f, nanToZero);
                ASSERT_EQ(plain.dims(), fast.dims());
                for (int64_t i = 0; i < plain.numel(); ++i) {
                    const float p = plain.data<float>()[i], q = fast.data<float>()[i];
                    ASSERT_EQ(std::isnan(p), std::isnan(q)) << "T " << T << " element " << i;
                    if (!std::isnan(p)) EXPECT_NEAR(p, q, 1e-5f) << "T " << T << " element " << i;
                }
            }
    }
}

// Each step with a vectorized loop of its own gives what applyPointwise (the definition) gives,
// NaN and infinities included, on both ISA copies, with a scalar and with a full operand.
TEST(KernelsFusedPointwise, VectorizedStepsMatchTheDefinition) {
    const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
    const std::vector<float> special = {nan, inf, -inf, 0.f, -0.f, 3.f, -3.f, 6.f, 0.5f, -7.25f, 1e-30f};
    const int64_t n = 300;  // one block and a tail
    Tensor xs = randomTensor({n}, 5, -8.f, 8.f), as = randomTensor({n}, 6, -8.f, 8.f);
    for (size_t i = 0; i < special.size(); ++i) {
        xs.data<float>()[i] = special[i];
        as.data<float>()[(i * 7 + 3) % special.size()] = special[i];
    }
    struct Step {
        const char* op;
        bool binary;
        float alpha, beta;
    };
    const Step steps[] = {{"Clip", false, 0.f, 6.f},   {"Clip", false, -inf, 2.f}, {"Max", true, 0, 0},
                          {"Min", true, 0, 0},         {"HardSwish", false, 0, 0}, {"HardSigmoid", false, 0.2f, 0.5f},
                          {"LeakyRelu", false, 0.1f, 0}, {"RSub", true, 0, 0},     {"RDiv", true, 0, 0},
                          {"Neg", false, 0, 0},        {"Reciprocal", false, 0, 0}, {"Abs", false, 0, 0},
                          {"Sqrt", false, 0, 0},       {"Exp", false, 0, 0},        {"Erf", false, 0, 0},
                          {"Sigmoid", false, 0, 0},    {"Gelu", false, 0, 0},       {"Pow", true, 0, 0}};
    for (bool avx512 : {false, true})
    for (const Step& st : steps)
    for (bool scalarOperand : {false, true}) {
        if (!st.binary && scalarOperand) continue;
        SCOPED_TRACE(std::string(st.op) + (avx512 ? " avx512" : " plain") + (scalarOperand ? " scalar" : " full"));
        Avx512Dispatch dispatch(avx512);
        GraphBuilder b;
        Value* x = b.input("x", Shape{n});
        const float scalarValue = std::string(st.op) == "Pow" ? 2.f : -1.5f;  // Pow's x^2 path
        Value* operand = scalarOperand ? b.scalar("a", scalarValue) : b.weights("a", {n});
        if (!scalarOperand) std::copy_n(as.data<float>(), n, operand->constant->data<float>());
        std::map<std::string, Attribute> attrs{{"ops", std::vector<std::string>{st.op}},
                                               {"operand", std::vector<int64_t>{st.binary ? 1 : -1}},
                                               {"alpha", std::vector<float>{st.alpha}},
                                               {"beta", std::vector<float>{st.beta}}};
        b.output(b.op("Pointwise", "chain", {x, operand}, Shape{n}, attrs, DataType::Float32, "kiln"));
        Executor ex(b.graph());
        const Tensor y = ex.run({{"x", xs}}).at("chain_out");
        const auto op = fused::parsePointwiseOp(st.op);
        ASSERT_TRUE(op);
        for (int64_t i = 0; i < n; ++i) {
            const float a = scalarOperand ? scalarValue : operand->constant->data<float>()[i];
            const float want = fused::applyPointwise(*op, xs.data<float>()[i], a, st.alpha, st.beta);
            const float got = y.data<float>()[i];
            if (std::isnan(want)) {
                EXPECT_TRUE(std::isnan(got)) << i << ": x " << xs.data<float>()[i] << " a " << a << " got " << got;
            } else if (std::isinf(want)) {
                EXPECT_EQ(got, want) << i << ": x " << xs.data<float>()[i] << " a " << a;
            } else {
                // Exp, Erf, Sigmoid and Gelu use fast_math's approximations: a few ulp.
                EXPECT_NEAR(got, want, 1e-6f * (1.f + std::fabs(want))) << i << ": x " << xs.data<float>()[i] << " a " << a;
            }
        }
    }
}

// kiln::FusedMatMul with a constant weight takes the packed GEMM with the epilogue on each block
// (runFusedMatMulPacked): bias row, residual Z of the output's shape and the activation applied
// while the block is in cache. Against the same layer with Z given in a broadcast form, which takes
// the core alone and then the separate bias, Z and activation passes: the same values to rounding
// (the bias is added to the finished sum either way; the broadcast Z holds the same values). Shapes: batch dims
// folded into the rows, a row count and an N that are not multiples of the tiles, every activation
// with parameters the passes produce, and no bias or no Z.
TEST(KernelsFusedMatMul, PackedEpilogueOnBlocksMatchesTheSeparatePasses) {
    const int64_t B0 = 2, M = 37, K = 70, N = 53;
    const Tensor A = randomTensor({B0, M, K}, 31), W = randomTensor({K, N}, 32), bias = randomTensor({N}, 33);
    // Z as [1, M, N] (broadcast over the batch: not the output's shape, so the separate passes) and
    // the same values repeated as [B0, M, N] (the output's shape: on the blocks).
    const Tensor zb = randomTensor({1, M, N}, 34);
    Tensor zFull(DataType::Float32, {B0, M, N});
    for (int64_t b = 0; b < B0; ++b) std::copy_n(zb.data<float>(), M * N, zFull.data<float>() + b * M * N);
    auto run = [&](const Tensor* z, const Tensor* b, const std::string& activation, std::vector<float> params) {
        GraphBuilder g;
        Value* a = g.input("a", Shape(A.dims()));
        std::vector<Value*> ins = {a, g.constant("w", W)};
        ins.push_back(b ? g.constant("bias", *b) : nullptr);
        if (z) ins.push_back(g.input("z", Shape(z->dims())));
        std::map<std::string, Attribute> attrs{{"activation", activation}};
        if (!params.empty()) attrs["activation_params"] = params;
        g.output(g.op("FusedMatMul", "fmm", ins, Shape::unknownRank(), attrs, DataType::Float32, "kiln"));
        TensorMap feeds{{"a", A}};
        if (z) feeds["z"] = *z;
        return Executor(g.graph()).run(feeds).at("fmm_out");
    };
    const std::vector<std::pair<std::string, std::vector<float>>> activations = {
        {"None", {}}, {"Relu", {}}, {"Gelu", {}}, {"GeluTanh", {}}, {"Sigmoid", {}}, {"SiLU", {}},
        {"Clip", {-0.5f, 0.75f}}, {"LeakyRelu", {0.1f}}, {"HardSwish", {}}, {"Tanh", {}}};
    for (const auto& [activation, params] : activations)
        for (bool withBias : {true, false}) {
            SCOPED_TRACE(activation + (withBias ? " with bias" : " without bias"));
            const Tensor* b = withBias ? &bias : nullptr;
            const Tensor onBlocks = run(&zFull, b, activation, params), separate = run(&zb, b, activation, params);
            ASSERT_EQ(onBlocks.dims(), (std::vector<int64_t>{B0, M, N}));
            ASSERT_EQ(separate.dims(), onBlocks.dims());
            // The same sums and the same activation functions; the two callers may be compiled with
            // different contractions and inlining (clang's sanitizer build differed by an ulp for
            // GeluTanh and Sigmoid where g++ gave the same bits), so within rounding.
            expectTensorNear(onBlocks, separate, 1e-5, 1e-5);
            // And the definition: act(A·W + bias + z).
            Tensor expected(DataType::Float32, {B0, M, N});
            for (int64_t r = 0; r < B0 * M; ++r)
                for (int64_t n = 0; n < N; ++n) {
                    double s = 0;
                    for (int64_t k = 0; k < K; ++k) s += double(A.data<float>()[r * K + k]) * W.data<float>()[k * N + n];
                    float v = float(s) + (withBias ? bias.data<float>()[n] : 0.f) + zFull.data<float>()[r * N + n];
                    expected.data<float>()[r * N + n] = fused::applyActivation(*fused::parseActivation(activation), v,
                                                                              params.size() > 0 ? params[0] : 0.f,
                                                                              params.size() > 1 ? params[1] : 0.f);
                }
            expectTensorNear(onBlocks, expected, 1e-4, 1e-4);
        }
}
