// The oracle's family A (kernels/cpu/naive/): hand-computed cases for the tricky semantics of each
// op family, run through an Executor over a registry holding the naive kernels alone. Every
// expected value here is worked out by hand from the ONNX definition, never taken from a kernel.
#include <cmath>
#include <cstring>
#include <limits>
#include <set>

#include "kernels/cpu/naive/naive.h"
#include "test_util.h"

namespace kiln {
namespace {

using test::expectTensorNear;

const float kNaN = std::numeric_limits<float>::quiet_NaN();
const float kInf = std::numeric_limits<float>::infinity();

const KernelRegistry& naiveRegistry() {
    static const KernelRegistry registry = [] {
        KernelRegistry r;
        naive::registerNaiveKernelsA(r);
        return r;
    }();
    return registry;
}

// Runs one node on the naive kernels only (no batch split: one thread, whole batch).
std::vector<Tensor> runNaive(const std::string& op, const std::vector<Tensor>& inputs,
                             const std::map<std::string, Attribute>& attributes = {}, size_t numOutputs = 1,
                             const std::string& domain = "") {
    return test::runSingleNodeWith(
        [](const Graph& g, const TensorMap& feeds) {
            Executor exec(g, makeHostBackend("oracle", naiveRegistry()));
            RunOptions options;
            options.batchSplit = false;
            return exec.run(feeds, options);
        },
        op, inputs, attributes, numOutputs, domain);
}

Tensor run1(const std::string& op, const std::vector<Tensor>& ins, const std::map<std::string, Attribute>& attrs = {}) {
    return runNaive(op, ins, attrs).at(0);
}

void expectError(const std::string& op, const std::vector<Tensor>& ins, const std::string& fragment,
                 const std::map<std::string, Attribute>& attrs = {}) {
    try {
        runNaive(op, ins, attrs);
        ADD_FAILURE() << op << " did not fail";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
}

// Bit-exact comparison (NaN matches NaN, the sign of zero is not checked).
void expectExact(const Tensor& actual, const Tensor& expected) { expectTensorNear(actual, expected, 0.0, 0.0); }

Tensor F(std::vector<int64_t> dims, std::vector<float> v) { return Tensor::fromVector<float>(std::move(dims), v); }
Tensor D(std::vector<int64_t> dims, std::vector<double> v) { return Tensor::fromVector<double>(std::move(dims), v); }
Tensor I64(std::vector<int64_t> dims, std::vector<int64_t> v) {
    return Tensor::fromVector<int64_t>(std::move(dims), v);
}
Tensor I32(std::vector<int64_t> dims, std::vector<int32_t> v) {
    return Tensor::fromVector<int32_t>(std::move(dims), v);
}
Tensor I8(std::vector<int64_t> dims, std::vector<int8_t> v) { return Tensor::fromVector<int8_t>(std::move(dims), v); }
Tensor U8(std::vector<int64_t> dims, std::vector<uint8_t> v) { return Tensor::fromVector<uint8_t>(std::move(dims), v); }
Tensor B(std::vector<int64_t> dims, std::vector<bool> v) { return Tensor::fromVector<bool>(std::move(dims), v); }
Tensor H(std::vector<int64_t> dims, std::vector<float> v) {  // fp16 from exactly representable values
    Tensor t(DataType::Float16, std::move(dims));
    for (size_t i = 0; i < v.size(); ++i) static_cast<uint16_t*>(t.raw())[i] = floatToHalf(v[i]);
    return t;
}
uint16_t halfBits(const Tensor& t, int64_t i) { return static_cast<const uint16_t*>(t.raw())[i]; }
uint8_t fp8Bits(const Tensor& t, int64_t i) { return static_cast<const uint8_t*>(t.raw())[i]; }

// ---- Registry ----

TEST(NaiveARegistry, EveryFamilyAOpWithTheOptimizedKernelsDtypes) {
    const std::vector<std::string> familyA = {
        "Abs", "Acos", "Acosh", "Asin", "Asinh", "Atan", "Atanh", "BitwiseNot", "Ceil", "Cos", "Cosh", "Erf", "Exp",
        "Floor", "IsInf", "IsNaN", "Log", "Neg", "Not", "Reciprocal", "Round", "Sign", "Sin", "Sinh", "Sqrt", "Tan",
        "Add", "And", "BitShift", "BitwiseAnd", "BitwiseOr", "BitwiseXor", "Div", "Equal", "Greater",
        "GreaterOrEqual", "Less", "LessOrEqual", "Max", "Mean", "Min", "Mod", "Mul", "Or", "Pow", "Sub", "Sum",
        "Where", "Xor", "Celu", "Clip", "Elu", "Gelu", "HardSigmoid", "HardSwish", "LeakyRelu", "Mish", "PRelu",
        "Relu", "Selu", "Shrink", "Sigmoid", "Softplus", "Softsign", "Tanh", "ThresholdedRelu", "Cast", "CastLike",
        "BatchNormalization", "GroupNormalization", "InstanceNormalization", "LRN", "LayerNormalization",
        "LpNormalization", "MeanVarianceNormalization", "Hardmax", "LogSoftmax", "Softmax", "ArgMax", "ArgMin",
        "CumSum", "ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceMax", "ReduceMean", "ReduceMin",
        "ReduceProd", "ReduceSum", "ReduceSumSquare", "TopK", "kiln::Attention", "kiln::Pointwise"};
    std::vector<std::string> registered = naive::naiveOpTypes(naiveRegistry());
    EXPECT_EQ(std::set<std::string>(registered.begin(), registered.end()),
              std::set<std::string>(familyA.begin(), familyA.end()));
    for (const std::string& name : familyA) {
        size_t sep = name.find("::");
        std::string domain = sep == std::string::npos ? "" : name.substr(0, sep);
        std::string op = sep == std::string::npos ? name : name.substr(sep + 2);
        const KernelDef* mine = naive::findNaive(naiveRegistry(), op, domain);
        const KernelDef* optimized = cpuKernelRegistry().find(op, domain);
        ASSERT_TRUE(mine && optimized) << name;
        EXPECT_NE(mine->run, optimized->run) << name;
        EXPECT_EQ(std::set<DataType>(mine->types.begin(), mine->types.end()),
                  std::set<DataType>(optimized->types.begin(), optimized->types.end()))
            << name;
    }
}

// ---- Unary ----

TEST(NaiveAUnary, RoundHalfToEvenAndSigns) {
    expectExact(run1("Round", {F({8}, {0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f, 2.4f, 2.6f})}),
                F({8}, {0, 2, 2, 0, -2, -2, 2, 3}));
    expectExact(run1("Round", {D({3}, {0.49999999999999994, 4503599627370497.0, -kInf})}),
                D({3}, {0, 4503599627370497.0, -kInf}));
    expectExact(run1("Sign", {F({4}, {-3, 0, 2, kNaN})}), F({4}, {-1, 0, 1, kNaN}));
    expectExact(run1("Abs", {I8({3}, {-128, -5, 7})}), I8({3}, {-128, 5, 7}));  // wraps
    expectExact(run1("Neg", {I32({2}, {std::numeric_limits<int32_t>::min(), 4})}),
                I32({2}, {std::numeric_limits<int32_t>::min(), -4}));
    expectExact(run1("BitwiseNot", {U8({2}, {0, 0x0f})}), U8({2}, {0xff, 0xf0}));
    expectExact(run1("Not", {B({2}, {true, false})}), B({2}, {false, true}));
    // Integer Erf truncates erf (the ONNX reference's astype): 0 below |x| = 6, where erf is 1.0 in double.
    expectExact(run1("Erf", {I32({5}, {0, 1, 5, 6, -7})}), I32({5}, {0, 0, 0, 1, -1}));
    expectExact(run1("IsInf", {F({4}, {kInf, -kInf, kNaN, 1})}, {{"detect_negative", int64_t(0)}}),
                B({4}, {true, false, false, false}));
    expectExact(run1("IsNaN", {H({2}, {kNaN, 1})}), B({2}, {true, false}));
    Tensor e = run1("Exp", {F({0, 3}, {})});
    EXPECT_EQ(e.dims(), (std::vector<int64_t>{0, 3}));
    expectError("Exp", {I32({1}, {1})}, "int32");
}

TEST(NaiveAUnary, Fp16IsComputedWideAndRoundedOnce) {
    Tensor r = run1("Sqrt", {H({2}, {2, 4})});
    ASSERT_EQ(r.dtype(), DataType::Float16);
    EXPECT_EQ(halfBits(r, 0), floatToHalf(1.41421356f));  // sqrt(2) = 1.4142..., nearest half 1.4141
    EXPECT_EQ(halfBits(r, 1), floatToHalf(2.0f));
}

// ---- Binary, broadcasting ----

TEST(NaiveABinary, BroadcastSizeOneDimsAndRankMismatch) {
    // [2,1,3] + [4,1] -> [2,4,3]: out[i][j][k] = a[i][0][k] + b[j][0].
    Tensor a = F({2, 1, 3}, {0, 1, 2, 10, 11, 12});
    Tensor b = F({4, 1}, {100, 200, 300, 400});
    std::vector<float> want;
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 4; ++j)
            for (int k = 0; k < 3; ++k) want.push_back(float(10 * i + k + 100 * (j + 1)));
    expectExact(run1("Add", {a, b}), F({2, 4, 3}, want));
    expectExact(run1("Sub", {F({}, {10}), F({2, 2}, {1, 2, 3, 4})}), F({2, 2}, {9, 8, 7, 6}));
    expectExact(run1("Mul", {F({0, 3}, {}), F({1, 3}, {1, 2, 3})}), F({0, 3}, {}));
    expectExact(run1("Add", {I8({2}, {127, -128}), I8({1}, {1})}), I8({2}, {-128, -127}));  // wraps
    expectError("Add", {F({2, 3}, {1, 2, 3, 4, 5, 6}), F({2}, {1, 2})}, "not broadcastable");
    expectExact(run1("Where", {B({2, 1}, {true, false}), F({1, 3}, {1, 2, 3}), F({}, {-1})}),
                F({2, 3}, {1, 2, 3, -1, -1, -1}));
    Tensor w = run1("Where", {B({2}, {false, true}), H({2}, {1, 2}), H({1}, {7})});
    EXPECT_EQ(halfBits(w, 0), floatToHalf(7.0f));
    EXPECT_EQ(halfBits(w, 1), floatToHalf(2.0f));
}

TEST(NaiveABinary, IntegerDivModSignsAndFmod) {
    Tensor x = I32({4}, {-7, 7, -7, 7});
    Tensor y = I32({4}, {2, -2, -2, 2});
    expectExact(run1("Div", {x, y}), I32({4}, {-3, -3, 3, 3}));  // truncates toward zero
    const int32_t minInt = std::numeric_limits<int32_t>::min();
    expectExact(run1("Div", {I32({1}, {minInt}), I32({1}, {-1})}), I32({1}, {minInt}));  // wraps
    expectExact(run1("Mod", {x, y}), I32({4}, {1, -1, -1, 1}));                          // divisor's sign
    expectExact(run1("Mod", {x, y}, {{"fmod", int64_t(1)}}), I32({4}, {-1, 1, -1, 1}));  // dividend's sign
    expectExact(run1("Mod", {I32({1}, {minInt}), I32({1}, {-1})}), I32({1}, {0}));
    Tensor fx = F({4}, {-7.5f, 7.5f, -7.5f, 7.5f});
    Tensor fy = F({4}, {2, -2, -2, 2});
    expectExact(run1("Mod", {fx, fy}, {{"fmod", int64_t(1)}}), F({4}, {-1.5f, 1.5f, -1.5f, 1.5f}));
    expectExact(run1("Mod", {fx, fy}), F({4}, {0.5f, -0.5f, -1.5f, 1.5f}));
    expectExact(run1("Div", {F({2}, {1, -1}), F({2}, {0, 0})}), F({2}, {kInf, -kInf}));
    expectError("Div", {I32({1}, {1}), I32({1}, {0})}, "division by zero");
    expectError("Mod", {I32({1}, {1}), I32({1}, {0})}, "division by zero");
}

TEST(NaiveABinary, PowShiftsComparisonsLogic) {
    expectExact(run1("Pow", {I64({3}, {3, -2, 2}), I64({3}, {4, 3, -1})}), I64({3}, {81, -8, 0}));
    expectExact(run1("Pow", {I64({1}, {2}), I64({1}, {64})}), I64({1}, {0}));  // wraps modulo 2^64
    expectExact(run1("Pow", {F({2}, {4, 2}), I32({2}, {-1, 10})}), F({2}, {0.25f, 1024}));
    expectExact(run1("Pow", {I32({1}, {9}), F({1}, {0.5f})}), I32({1}, {3}));
    expectExact(run1("BitShift", {U8({3}, {1, 255, 3}), U8({3}, {3, 8, 1})}, {{"direction", "LEFT"}}),
                U8({3}, {8, 0, 6}));
    expectExact(run1("BitShift", {U8({2}, {255, 16}), U8({1}, {4})}, {{"direction", "RIGHT"}}), U8({2}, {15, 1}));
    expectExact(run1("BitwiseXor", {I8({2}, {-1, 5}), I8({2}, {1, 3})}), I8({2}, {-2, 6}));
    expectExact(run1("Equal", {F({2}, {kNaN, 1}), F({2}, {kNaN, 1})}), B({2}, {false, true}));
    const uint64_t big = ~uint64_t(0);
    Tensor u = Tensor::fromVector<uint64_t>({2}, {big - 1, big});
    expectExact(run1("Less", {u, Tensor::fromVector<uint64_t>({1}, {big})}), B({2}, {true, false}));
    expectExact(run1("GreaterOrEqual", {I64({2}, {5, 6}), I64({2, 1}, {6, 5})}), B({2, 2}, {false, true, true, true}));
    expectExact(run1("Xor", {B({2}, {true, false}), B({2, 1}, {true, false})}), B({2, 2}, {false, true, true, false}));
}

TEST(NaiveABinary, VariadicMaxMinPropagateNaN) {
    Tensor a = F({3}, {1, kNaN, 3});
    Tensor b = F({3}, {2, 2, kNaN});
    expectExact(run1("Max", {a, b}), F({3}, {2, kNaN, kNaN}));
    expectExact(run1("Min", {a, b}), F({3}, {1, kNaN, kNaN}));
    // Three inputs, broadcast together: [2,1], [1,3], [].
    Tensor p = F({2, 1}, {1, 5}), q = F({1, 3}, {0, 3, 6}), r = F({}, {4});
    expectExact(run1("Max", {p, q, r}), F({2, 3}, {4, 4, 6, 5, 5, 6}));
    expectExact(run1("Min", {p, q, r}), F({2, 3}, {0, 1, 1, 0, 3, 4}));
    expectExact(run1("Sum", {p, q, r}), F({2, 3}, {5, 8, 11, 9, 12, 15}));
    expectExact(run1("Mean", {F({2}, {1, 2}), F({2}, {3, 4}), F({2}, {5, 9})}), F({2}, {3, 5}));
    expectExact(run1("Max", {I64({2}, {-3, 1})}), I64({2}, {-3, 1}));  // one input: a copy
    expectExact(run1("Min", {U8({2}, {200, 7}), U8({2}, {100, 9})}), U8({2}, {100, 7}));
}

// ---- Activations ----

TEST(NaiveAActivations, NaNAndBounds) {
    expectExact(run1("Relu", {F({4}, {-1, 0, 2, kNaN})}), F({4}, {0, 0, 2, kNaN}));
    expectExact(run1("Relu", {I8({2}, {-128, 5})}), I8({2}, {0, 5}));
    Tensor x = F({5}, {-2, 0.5f, 3, kNaN, 9});
    expectExact(run1("Clip", {x, F({}, {0}), F({}, {4})}), F({5}, {0, 0.5f, 3, kNaN, 4}));
    expectExact(run1("Clip", {x, Tensor(), F({}, {1})}), F({5}, {-2, 0.5f, 1, kNaN, 1}));
    expectExact(run1("Clip", {x, F({}, {5}), F({}, {1})}), F({5}, {1, 1, 1, kNaN, 1}));  // min > max: max
    expectExact(run1("Clip", {I32({3}, {-9, 2, 9}), I32({}, {-1}), I32({}, {3})}), I32({3}, {-1, 2, 3}));
    // HardSigmoid and HardSwish keep NaN (numpy's clip), ThresholdedRelu and Shrink give 0 (np.where).
    expectExact(run1("HardSigmoid", {F({4}, {-10, 0, 10, kNaN})}), F({4}, {0, 0.5f, 1, kNaN}));
    expectExact(run1("HardSwish", {F({3}, {-4, 3, kNaN})}), F({3}, {0, 3, kNaN}));
    expectExact(run1("ThresholdedRelu", {F({3}, {1, 1.5f, kNaN})}), F({3}, {0, 1.5f, 0}));
    expectExact(run1("Shrink", {F({4}, {-2, 0.25f, 2, kNaN})}, {{"bias", 0.5f}, {"lambd", 1.0f}}),
                F({4}, {-1.5f, 0, 1.5f, 0}));
    expectExact(run1("Shrink", {I32({3}, {-3, 1, 3})}, {{"bias", 1.5f}, {"lambd", 1.0f}}), I32({3}, {-1, 0, 1}));
    expectExact(run1("LeakyRelu", {F({2}, {-2, 2})}, {{"alpha", 0.5f}}), F({2}, {-1, 2}));
    expectExact(run1("PRelu", {F({2, 3}, {-1, -2, -3, 1, 2, 3}), F({3}, {1, 2, 3})}), F({2, 3}, {-1, -4, -9, 1, 2, 3}));
    expectError("PRelu", {F({3}, {1, 2, 3}), F({2, 3}, {1, 2, 3, 4, 5, 6})}, "does not broadcast");
}

TEST(NaiveAActivations, Formulas) {
    const double x = 0.75;
    auto f = [&](double v) { return F({1}, {float(v)}); };
    expectTensorNear(run1("Sigmoid", {f(x)}), f(1 / (1 + std::exp(-x))), 1e-7);
    expectTensorNear(run1("Sigmoid", {F({2}, {-1000, 1000})}), F({2}, {0, 1}), 0);
    expectTensorNear(run1("Softplus", {F({2}, {float(x), 1000})}), F({2}, {float(std::log(1 + std::exp(x))), 1000}), 1e-7);
    expectTensorNear(run1("Softsign", {f(-3)}), f(-0.75), 0);
    expectTensorNear(run1("Elu", {f(-1)}, {{"alpha", 2.0f}}), f(2 * (std::exp(-1.0) - 1)), 1e-7);
    expectTensorNear(run1("Celu", {f(-1)}, {{"alpha", 2.0f}}), f(2 * (std::exp(-0.5) - 1)), 1e-7);
    expectTensorNear(run1("Selu", {F({2}, {-1, 2})}),
                     F({2}, {float(1.0507009873554805 * 1.6732632423543772 * (std::exp(-1.0) - 1)),
                             float(2 * 1.0507009873554805)}),
                     1e-6);
    expectTensorNear(run1("Mish", {f(x)}), f(x * std::tanh(std::log(1 + std::exp(x)))), 1e-7);
    expectTensorNear(run1("Gelu", {f(x)}), f(0.5 * x * (1 + std::erf(x / std::sqrt(2.0)))), 1e-7);
    expectTensorNear(run1("Gelu", {f(x)}, {{"approximate", "tanh"}}),
                     f(0.5 * x * (1 + std::tanh(std::sqrt(2 / M_PI) * (x + 0.044715 * x * x * x)))), 1e-7);
}

// ---- Cast ----

TEST(NaiveACast, TruncationSaturationAndWrap) {
    const int32_t lo = std::numeric_limits<int32_t>::min(), hi = std::numeric_limits<int32_t>::max();
    expectExact(run1("Cast", {F({5}, {1.9f, -1.9f, kNaN, 3e9f, -3e9f})}, {{"to", int64_t(6)}}),
                I32({5}, {1, -1, 0, hi, lo}));
    expectExact(run1("Cast", {F({3}, {-1, 300, 254.9f})}, {{"to", int64_t(2)}}), U8({3}, {0, 255, 254}));
    expectExact(run1("Cast", {I32({3}, {300, -129, -1})}, {{"to", int64_t(3)}}), I8({3}, {44, 127, -1}));  // modulo 2^8
    expectExact(run1("Cast", {F({3}, {0, kNaN, -0.5f})}, {{"to", int64_t(9)}}), B({3}, {false, true, true}));
    expectExact(run1("Cast", {B({2}, {true, false})}, {{"to", int64_t(1)}}), F({2}, {1, 0}));
    expectExact(run1("Cast", {I64({1}, {(int64_t(1) << 60) + 1})}, {{"to", int64_t(1)}}),
                F({1}, {1152921504606846976.0f}));
    expectExact(run1("CastLike", {I32({2}, {7, -7}), D({1}, {0})}), D({2}, {7, -7}));
}

TEST(NaiveACast, HalfRoundsOnceFromDouble) {
    // 1 + 2^-11 is a tie between two halves: nearest even is 1.0. 1 + 2^-11 + 2^-40 is just above
    // the tie: correct rounding gives 1 + 2^-10 (bits 0x3c01), while double -> float -> half would
    // first lose the 2^-40 and then round the tie down to 1.0.
    Tensor r = run1("Cast", {D({2}, {1 + std::ldexp(1.0, -11), 1 + std::ldexp(1.0, -11) + std::ldexp(1.0, -40)})},
                    {{"to", int64_t(10)}});
    ASSERT_EQ(r.dtype(), DataType::Float16);
    EXPECT_EQ(halfBits(r, 0), 0x3c00);
    EXPECT_EQ(halfBits(r, 1), 0x3c01);
    Tensor big = run1("Cast", {F({2}, {65520, -1e6f})}, {{"to", int64_t(10)}});  // 65520 rounds past 65504
    EXPECT_EQ(halfBits(big, 0), 0x7c00);
    EXPECT_EQ(halfBits(big, 1), 0xfc00);
}

TEST(NaiveACast, Float8SaturateAndNaN) {
    Tensor x = F({7}, {1000, -1000, kInf, kNaN, 0.3f, 460, 464});
    Tensor sat = run1("Cast", {x}, {{"to", int64_t(17)}});
    ASSERT_EQ(sat.dtype(), DataType::Float8E4M3);
    EXPECT_EQ(fp8Bits(sat, 0), 0x7e);  // 448
    EXPECT_EQ(fp8Bits(sat, 1), 0xfe);  // -448
    EXPECT_EQ(fp8Bits(sat, 2), 0x7e);  // inf saturates too (the Cast spec's table)
    EXPECT_EQ(fp8Bits(sat, 3) & 0x7f, 0x7f);  // NaN
    EXPECT_EQ(float8e4m3ToFloat(fp8Bits(sat, 4)), 0.3125f);  // nearest of 0.28125 and 0.3125
    Tensor wrap = run1("Cast", {x}, {{"to", int64_t(17)}, {"saturate", int64_t(0)}});
    EXPECT_EQ(fp8Bits(wrap, 0) & 0x7f, 0x7f);  // out of range: NaN
    EXPECT_EQ(fp8Bits(wrap, 1) & 0x7f, 0x7f);
    EXPECT_EQ(fp8Bits(wrap, 2) & 0x7f, 0x7f);  // inf: NaN
    EXPECT_EQ(fp8Bits(wrap, 5), 0x7e);         // 460 rounds to 448
    EXPECT_EQ(fp8Bits(wrap, 6), 0x7e);         // 464: the tie goes to 448 (even)
    // And back: fp8 -> fp32 is exact.
    expectExact(run1("Cast", {sat}, {{"to", int64_t(1)}}), F({7}, {448, -448, 448, kNaN, 0.3125f, 448, 448}));
}

// ---- Normalization ----

TEST(NaiveANorm, LayerNormWithStatistics) {
    Tensor x = F({2, 2}, {1, 3, 2, 2});
    std::vector<Tensor> out = runNaive("LayerNormalization", {x, F({2}, {2, 1}), F({2}, {0, 10})}, {}, 3);
    const double inv0 = 1 / std::sqrt(1 + 1e-5f), inv1 = 1 / std::sqrt(double(1e-5f));
    expectTensorNear(out[0], F({2, 2}, {float(-2 * inv0), float(10 + inv0), 0, 10}), 1e-6);
    expectExact(out[1], F({2, 1}, {2, 2}));
    expectTensorNear(out[2], F({2, 1}, {float(inv0), float(inv1)}), 1e-3, 1e-6);
    Tensor h = run1("LayerNormalization", {H({1, 2}, {1, 3}), H({2}, {1, 1})}, {{"epsilon", 0.0f}});
    ASSERT_EQ(h.dtype(), DataType::Float16);
    EXPECT_EQ(halfBits(h, 0), floatToHalf(-1.0f));
    EXPECT_EQ(halfBits(h, 1), floatToHalf(1.0f));
}

TEST(NaiveANorm, BatchInstanceGroup) {
    // BatchNormalization: (x - mean) / sqrt(var + eps) * scale + B per channel.
    Tensor x = F({1, 2, 2}, {1, 3, 10, 20});
    expectTensorNear(run1("BatchNormalization", {x, F({2}, {2, 1}), F({2}, {1, 0}), F({2}, {2, 10}), F({2}, {4, 25})},
                          {{"epsilon", 0.0f}}),
                     F({1, 2, 2}, {0, 2, 0, 2}), 1e-6);
    // InstanceNormalization: channel 0 {1,3}: mean 2, var 1; channel 1 {10,20}: mean 15, var 25.
    expectTensorNear(run1("InstanceNormalization", {x, F({2}, {1, 2}), F({2}, {0, 1})}, {{"epsilon", 0.0f}}),
                     F({1, 2, 2}, {-1, 1, -1, 3}), 1e-6);
    // GroupNormalization with one group: all four values, mean 8.5, var (56.25 + 30.25 + 2.25 + 132.25) / 4.
    const double sd = std::sqrt(55.25);
    expectTensorNear(run1("GroupNormalization", {x, F({2}, {1, 1}), F({2}, {0, 0})},
                          {{"epsilon", 0.0f}, {"num_groups", int64_t(1)}}),
                     F({1, 2, 2}, {float(-7.5 / sd), float(-5.5 / sd), float(1.5 / sd), float(11.5 / sd)}), 1e-6);
}

TEST(NaiveANorm, LpMvnLrn) {
    expectTensorNear(run1("LpNormalization", {F({2, 2}, {3, 4, 0, 0})}), F({2, 2}, {0.6f, 0.8f, 0, 0}), 1e-7);
    expectTensorNear(run1("LpNormalization", {F({2, 2}, {3, 1, -1, 1})}, {{"p", int64_t(1)}, {"axis", int64_t(0)}}),
                     F({2, 2}, {0.75f, 0.5f, -0.25f, 0.5f}), 1e-7);
    // MVN over axis 1 of [1,2]: {1, 3} -> mean 2, sd 1.
    expectTensorNear(run1("MeanVarianceNormalization", {F({1, 2}, {1, 3})}, {{"axes", std::vector<int64_t>{1}}}),
                     F({1, 2}, {-1, 1}), 1e-7);
    // LRN size 2 over C = 2: channel 0 sums x0², channel 1 sums x1² (window c..c+1, clipped).
    Tensor x = F({1, 2, 1}, {1, 2});
    const double a = 0.5, b = 1.0, k = 2.0;
    expectTensorNear(run1("LRN", {x}, {{"size", int64_t(2)}, {"alpha", 0.5f}, {"beta", 1.0f}, {"bias", 2.0f}}),
                     F({1, 2, 1}, {float(1 / std::pow(k + a / 2 * 5, b)), float(2 / std::pow(k + a / 2 * 4, b))}),
                     1e-7);
}

// ---- Softmax ----

TEST(NaiveASoftmax, InfRowsAndHardmaxTies) {
    Tensor x = F({3, 2}, {-kInf, -kInf, 0, -kInf, 1, 1});
    expectExact(run1("Softmax", {x}), F({3, 2}, {kNaN, kNaN, 1, 0, 0.5f, 0.5f}));
    const float minusLog2 = float(-std::log(2.0));
    expectExact(run1("LogSoftmax", {x}), F({3, 2}, {kNaN, kNaN, 0, -kInf, minusLog2, minusLog2}));
    expectTensorNear(run1("Softmax", {F({2, 2}, {0, 1, 1, 3})}, {{"axis", int64_t(0)}}),
                     F({2, 2}, {float(1 / (1 + std::exp(1.0))), float(1 / (1 + std::exp(2.0))),
                                float(1 / (1 + std::exp(-1.0))), float(1 / (1 + std::exp(-2.0)))}),
                     1e-7);
    expectExact(run1("Hardmax", {F({2, 3}, {1, 3, 3, 2, kNaN, 5})}), F({2, 3}, {0, 1, 0, 0, 1, 0}));
    expectExact(run1("Softmax", {F({2, 0}, {})}), F({2, 0}, {}));
}

// ---- Reductions ----

TEST(NaiveAReduce, KeepDimsAndEmptyAxes) {
    Tensor x = F({2, 3}, {1, 2, 3, 4, 5, 6});
    expectExact(run1("ReduceSum", {x, I64({1}, {1})}), F({2, 1}, {6, 15}));
    expectExact(run1("ReduceSum", {x, I64({1}, {-2})}, {{"keepdims", int64_t(0)}}), F({3}, {5, 7, 9}));
    expectExact(run1("ReduceSum", {x}), F({1, 1}, {21}));
    expectExact(run1("ReduceSum", {x, I64({0}, {})}, {{"keepdims", int64_t(0)}}), F({}, {21}));
    // noop_with_empty_axes: nothing is reduced; each element is reduced alone.
    expectExact(run1("ReduceSum", {x}, {{"noop_with_empty_axes", int64_t(1)}}), x);
    expectExact(run1("ReduceSumSquare", {F({2}, {-2, 3})}, {{"noop_with_empty_axes", int64_t(1)}}), F({2}, {4, 9}));
    expectExact(run1("ReduceL1", {F({2}, {-2, 3})}, {{"noop_with_empty_axes", int64_t(1)}}), F({2}, {2, 3}));
    expectExact(run1("ReduceMean", {x, I64({1}, {0})}), F({1, 3}, {2.5f, 3.5f, 4.5f}));
    expectExact(run1("ReduceProd", {x, I64({1}, {1})}), F({2, 1}, {6, 120}));
    expectExact(run1("ReduceMax", {F({3}, {1, kNaN, 2})}), F({1}, {kNaN}));
    expectTensorNear(run1("ReduceLogSumExp", {F({2}, {1000, 1000})}), F({1}, {float(1000 + std::log(2.0))}), 0);
    expectTensorNear(run1("ReduceL2", {F({2}, {3, 4})}), F({1}, {5}), 0);
    expectTensorNear(run1("ReduceLogSum", {F({2}, {1, 2})}), F({1}, {float(std::log(3.0))}), 0);
    expectError("ReduceSum", {x, I64({2}, {1, -1})}, "twice");
}

TEST(NaiveAReduce, EmptySetsIntegersAndBool) {
    Tensor e = F({0, 2}, {});
    Tensor axis0 = I64({1}, {0});
    expectExact(run1("ReduceSum", {e, axis0}), F({1, 2}, {0, 0}));
    expectExact(run1("ReduceProd", {e, axis0}), F({1, 2}, {1, 1}));
    expectExact(run1("ReduceMin", {e, axis0}), F({1, 2}, {kInf, kInf}));
    expectExact(run1("ReduceMax", {e, axis0}), F({1, 2}, {-kInf, -kInf}));
    expectExact(run1("ReduceLogSumExp", {e, axis0}), F({1, 2}, {-kInf, -kInf}));
    expectExact(run1("ReduceMean", {e, axis0}), F({1, 2}, {kNaN, kNaN}));
    expectExact(run1("ReduceMax", {I32({0}, {})}), I32({1}, {std::numeric_limits<int32_t>::min()}));
    expectExact(run1("ReduceMean", {I32({2}, {-3, -4})}), I32({1}, {-3}));  // -3.5 truncated
    const int64_t big = (int64_t(1) << 62) + 1;
    expectExact(run1("ReduceMean", {I64({2}, {big, big + 2})}), I64({1}, {big + 1}));  // exact sum
    expectExact(run1("ReduceSum", {I8({2}, {100, 100})}), I8({1}, {-56}));  // wraps
    expectExact(run1("ReduceMax", {B({2, 2}, {false, false, true, false}), I64({1}, {1})}), B({2, 1}, {false, true}));
    expectExact(run1("ReduceMin", {B({2, 2}, {true, true, true, false}), I64({1}, {1})}), B({2, 1}, {true, false}));
}

TEST(NaiveAReduce, ArgMaxLastIndexAndNaN) {
    Tensor x = F({2, 3}, {1, 3, 3, 2, 2, 1});
    expectExact(run1("ArgMax", {x}, {{"axis", int64_t(1)}}), I64({2, 1}, {1, 0}));
    expectExact(run1("ArgMax", {x}, {{"axis", int64_t(1)}, {"select_last_index", int64_t(1)}}), I64({2, 1}, {2, 1}));
    expectExact(run1("ArgMin", {x}, {{"axis", int64_t(0)}, {"keepdims", int64_t(0)}}), I64({3}, {0, 1, 1}));
    expectExact(run1("ArgMin", {x}, {{"axis", int64_t(1)}, {"select_last_index", int64_t(1)}}), I64({2, 1}, {0, 2}));
    expectExact(run1("ArgMax", {F({4}, {1, kNaN, 5, kNaN})}), I64({1}, {1}));  // NaN wins, like numpy
    expectExact(run1("ArgMin", {F({4}, {1, kNaN, 5, kNaN})}, {{"select_last_index", int64_t(1)}}), I64({1}, {3}));
    expectExact(run1("ArgMax", {I64({3}, {(int64_t(1) << 60) + 1, (int64_t(1) << 60) + 2, 0})}), I64({1}, {1}));
}

TEST(NaiveAReduce, CumSumExclusiveReverse) {
    Tensor x = F({4}, {1, 2, 3, 4});
    Tensor axis = I64({}, {0});
    expectExact(run1("CumSum", {x, axis}), F({4}, {1, 3, 6, 10}));
    expectExact(run1("CumSum", {x, axis}, {{"exclusive", int64_t(1)}}), F({4}, {0, 1, 3, 6}));
    expectExact(run1("CumSum", {x, axis}, {{"reverse", int64_t(1)}}), F({4}, {10, 9, 7, 4}));
    expectExact(run1("CumSum", {x, axis}, {{"exclusive", int64_t(1)}, {"reverse", int64_t(1)}}), F({4}, {9, 7, 4, 0}));
    expectExact(run1("CumSum", {F({2, 2}, {1, 2, 3, 4}), I32({1}, {-2})}), F({2, 2}, {1, 2, 4, 6}));
    expectExact(run1("CumSum", {I8({3}, {100, 100, 1}), axis}), I8({3}, {100, -56, -55}));  // wraps
}

TEST(NaiveAReduce, TopKTiesAndNaN) {
    Tensor x = F({5}, {3, 1, 3, 2, 3});
    std::vector<Tensor> top = runNaive("TopK", {x, I64({1}, {3})}, {}, 2);
    expectExact(top[0], F({3}, {3, 3, 3}));
    expectExact(top[1], I64({3}, {0, 2, 4}));  // equal values: lower index first
    std::vector<Tensor> low = runNaive("TopK", {x, I64({1}, {2})}, {{"largest", int64_t(0)}}, 2);
    expectExact(low[0], F({2}, {1, 2}));
    expectExact(low[1], I64({2}, {1, 3}));
    Tensor n = F({3}, {1, kNaN, 2});
    std::vector<Tensor> nanTop = runNaive("TopK", {n, I64({1}, {2})}, {}, 2);
    expectExact(nanTop[0], F({2}, {kNaN, 2}));  // NaN is larger than every number
    expectExact(nanTop[1], I64({2}, {1, 2}));
    std::vector<Tensor> nanLow = runNaive("TopK", {n, I64({1}, {3})}, {{"largest", int64_t(0)}}, 2);
    expectExact(nanLow[1], I64({3}, {0, 2, 1}));
    // Along axis 0 of [3,2].
    std::vector<Tensor> cols =
        runNaive("TopK", {I32({3, 2}, {1, 9, 5, 9, 3, 0}), I64({1}, {2})}, {{"axis", int64_t(0)}}, 2);
    expectExact(cols[0], I32({2, 2}, {5, 9, 3, 9}));
    expectExact(cols[1], I64({2, 2}, {1, 0, 2, 1}));
    expectError("TopK", {x, I64({1}, {6})}, "out of range");
}

// ---- Fused ----

TEST(NaiveAFused, PointwiseChainStepByStep) {
    // y = Clip(Relu(X + bias) * 2, 0, 5), then RSub: 10 - y; bias [3] broadcasts over [2,3].
    Tensor x = F({2, 3}, {-3, 0.5f, 2, kNaN, -1, 4});
    Tensor bias = F({3}, {1, 1, 1});
    Tensor two = F({}, {2});
    Tensor ten = F({1}, {10});
    std::map<std::string, Attribute> attrs{
        {"ops", std::vector<std::string>{"Add", "Relu", "Mul", "Clip", "RSub"}},
        {"operand", std::vector<int64_t>{1, -1, 2, -1, 3}},
        {"alpha", std::vector<float>{0, 0, 0, 0, 0}},
        {"beta", std::vector<float>{0, 0, 0, 5, 0}}};
    Tensor y = runNaive("Pointwise", {x, bias, two, ten}, attrs, 1, "kiln").at(0);
    // Relu keeps NaN (ONNX Relu = max(0, x) with numpy semantics), Clip keeps NaN.
    expectExact(y, F({2, 3}, {10, 7, 5, kNaN, 10, 5}));
    // The operand may be X itself (X + Relu(X) style), read as the original input.
    std::map<std::string, Attribute> twice{{"ops", std::vector<std::string>{"Neg", "Add", "RDiv"}},
                                           {"operand", std::vector<int64_t>{-1, 0, 1}},
                                           {"alpha", std::vector<float>{0, 0, 0}},
                                           {"beta", std::vector<float>{0, 0, 0}}};
    // Neg(x) + x = 0 (or NaN); then 1 / 0 = inf.
    expectExact(runNaive("Pointwise", {F({2}, {3, -1}), F({}, {1})}, twice, 1, "kiln").at(0), F({2}, {kInf, kInf}));
}

TEST(NaiveAFused, AttentionMaskedRowsAndBatchBroadcast) {
    // Q [1,1,2] = (1, 0); Kt [1,2,2] = identity; scores = (1, 0) * scale 1; V [1,2,1] = (2, 4).
    Tensor q = F({1, 1, 2}, {1, 0});
    Tensor kt = F({1, 2, 2}, {1, 0, 0, 1});
    Tensor v = F({1, 2, 1}, {2, 4});
    const double p = std::exp(1.0) / (std::exp(1.0) + 1);
    expectTensorNear(runNaive("Attention", {q, kt, v}, {{"scale", 1.0f}}, 1, "kiln").at(0),
                     F({1, 1, 1}, {float(2 * p + 4 * (1 - p))}), 1e-7);
    // scale 2 and a mask that removes key 0: all weight on key 1.
    expectTensorNear(runNaive("Attention", {q, kt, v, F({2}, {-kInf, 0})}, {{"scale", 2.0f}}, 1, "kiln").at(0),
                     F({1, 1, 1}, {4}), 0);
    // A fully masked row: NaN, or 0 with nan_to_zero.
    Tensor all = F({2}, {-kInf, -kInf});
    expectExact(runNaive("Attention", {q, kt, v, all}, {{"scale", 1.0f}}, 1, "kiln").at(0), F({1, 1, 1}, {kNaN}));
    expectExact(runNaive("Attention", {q, kt, v, all}, {{"scale", 1.0f}, {"nan_to_zero", int64_t(1)}}, 1, "kiln").at(0),
                F({1, 1, 1}, {0}));
    // Q's batch of 2 broadcasts against Kt and V's batch of 1; the second query (0, 1) favours key 1.
    Tensor q2 = F({2, 1, 1, 2}, {1, 0, 0, 1});
    Tensor out = runNaive("Attention", {q2, kt, v}, {{"scale", 1.0f}}, 1, "kiln").at(0);
    expectTensorNear(out, F({2, 1, 1, 1}, {float(2 * p + 4 * (1 - p)), float(2 * (1 - p) + 4 * p)}), 1e-7);
}

}  // namespace
}  // namespace kiln
