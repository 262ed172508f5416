// CPU elementwise kernels: unary math, binary ops with broadcasting, variadic ops, Where,
// activations and Cast, with hand-computed expectations and awkward shapes.
#include <cmath>
#include <limits>

#include "test_util.h"

namespace kiln {
namespace {

using test::expectTensorNear;
using test::runSingleNode;

Tensor F(std::vector<int64_t> dims, std::vector<float> v) { return Tensor::fromVector<float>(std::move(dims), v); }
Tensor I64(std::vector<int64_t> dims, std::vector<int64_t> v) { return Tensor::fromVector<int64_t>(std::move(dims), v); }
Tensor I32(std::vector<int64_t> dims, std::vector<int32_t> v) { return Tensor::fromVector<int32_t>(std::move(dims), v); }
Tensor B(std::vector<int64_t> dims, std::vector<bool> v) { return Tensor::fromVector<bool>(std::move(dims), v); }

Tensor run1(const std::string& op, const std::vector<Tensor>& ins, const std::map<std::string, Attribute>& attrs = {}) {
    return runSingleNode(op, ins, attrs).at(0);
}

// Expects running the node to throw a kiln::Error whose message contains every fragment.
void expectError(const std::string& op, const std::vector<Tensor>& ins, const std::vector<std::string>& fragments,
                 const std::map<std::string, Attribute>& attrs = {}) {
    try {
        runSingleNode(op, ins, attrs);
        ADD_FAILURE() << op << " did not fail";
    } catch (const Error& e) {
        std::string msg = e.what();
        for (const auto& f : fragments) EXPECT_NE(msg.find(f), std::string::npos) << "message: " << msg;
    }
}

TEST(KernelsAUnary, MathFloat) {
    Tensor x = F({2, 3}, {-1.5f, -0.5f, 0.0f, 0.5f, 1.5f, 2.5f});
    expectTensorNear(run1("Abs", {x}), F({2, 3}, {1.5f, 0.5f, 0.0f, 0.5f, 1.5f, 2.5f}));
    expectTensorNear(run1("Neg", {x}), F({2, 3}, {1.5f, 0.5f, 0.0f, -0.5f, -1.5f, -2.5f}));
    expectTensorNear(run1("Floor", {x}), F({2, 3}, {-2, -1, 0, 0, 1, 2}));
    expectTensorNear(run1("Ceil", {x}), F({2, 3}, {-1, 0, 0, 1, 2, 3}));
    // Half to even.
    expectTensorNear(run1("Round", {x}), F({2, 3}, {-2, 0, 0, 0, 2, 2}));
    expectTensorNear(run1("Sign", {x}), F({2, 3}, {-1, -1, 0, 1, 1, 1}));
    expectTensorNear(run1("Exp", {F({2}, {0, 1})}), F({2}, {1, 2.718281828f}));
    expectTensorNear(run1("Log", {F({2}, {1, 2.718281828f})}), F({2}, {0, 1}));
    expectTensorNear(run1("Sqrt", {F({2}, {4, 2})}), F({2}, {2, 1.41421356f}));
    expectTensorNear(run1("Reciprocal", {F({2}, {4, -0.5f})}), F({2}, {0.25f, -2}));
    expectTensorNear(run1("Erf", {F({2}, {0, 1})}), F({2}, {0, 0.8427007929f}));
    expectTensorNear(run1("Sin", {F({1}, {1})}), F({1}, {std::sin(1.0f)}));
    expectTensorNear(run1("Acosh", {F({1}, {2})}), F({1}, {1.3169579f}));
    expectTensorNear(run1("Atanh", {F({1}, {0.5f})}), F({1}, {0.5493061f}));
}

TEST(KernelsAUnary, IntegersAndTypes) {
    expectTensorNear(run1("Abs", {I32({3}, {-3, 0, 7})}), I32({3}, {3, 0, 7}));
    expectTensorNear(run1("Neg", {I64({2}, {5, -2})}), I64({2}, {-5, 2}));
    expectTensorNear(run1("Sign", {I64({3}, {-9, 0, 4})}), I64({3}, {-1, 0, 1}));
    Tensor d = Tensor::fromVector<double>({2}, {0.25, 9.0});
    expectTensorNear(run1("Sqrt", {d}), Tensor::fromVector<double>({2}, {0.5, 3.0}));
    // fp16 in, fp16 out, computed through fp32.
    Tensor h(DataType::Float16, {2});
    static_cast<uint16_t*>(h.raw())[0] = floatToHalf(-2.0f);
    static_cast<uint16_t*>(h.raw())[1] = floatToHalf(3.0f);
    Tensor r = run1("Abs", {h});
    ASSERT_EQ(r.dtype(), DataType::Float16);
    EXPECT_EQ(r.scalarAsDouble(0), 2.0);
    EXPECT_EQ(r.scalarAsDouble(1), 3.0);
    // Exp does not take integers: reported, not crashed.
    expectError("Exp", {I32({1}, {1})}, {"node 'node'", "Exp", "int32"});
}

TEST(KernelsAUnary, PredicatesAndEmpty) {
    float inf = std::numeric_limits<float>::infinity(), nan = std::nanf("");
    Tensor x = F({4}, {1, inf, -inf, nan});
    expectTensorNear(run1("IsNaN", {x}), B({4}, {false, false, false, true}));
    expectTensorNear(run1("IsInf", {x}), B({4}, {false, true, true, false}));
    expectTensorNear(run1("IsInf", {x}, {{"detect_negative", int64_t(0)}}), B({4}, {false, true, false, false}));
    expectTensorNear(run1("IsInf", {x}, {{"detect_positive", int64_t(0)}}), B({4}, {false, false, true, false}));
    expectTensorNear(run1("Not", {B({2}, {true, false})}), B({2}, {false, true}));
    // Empty tensor with a zero dim keeps its shape.
    Tensor e = run1("Exp", {F({2, 0, 3}, {})});
    EXPECT_EQ(e.dims(), (std::vector<int64_t>{2, 0, 3}));
    // Rank 0.
    expectTensorNear(run1("Neg", {Tensor::scalar<float>(2)}), Tensor::scalar<float>(-2));
}

TEST(KernelsABinary, BroadcastPatterns) {
    // Same shape.
    expectTensorNear(run1("Add", {F({2, 2}, {1, 2, 3, 4}), F({2, 2}, {10, 20, 30, 40})}), F({2, 2}, {11, 22, 33, 44}));
    // Rank-0 operand on either side.
    expectTensorNear(run1("Sub", {F({3}, {1, 2, 3}), Tensor::scalar<float>(1)}), F({3}, {0, 1, 2}));
    expectTensorNear(run1("Sub", {Tensor::scalar<float>(1), F({3}, {1, 2, 3})}), F({3}, {0, -1, -2}));
    // Bias-like: [2,3,2] * [3,1] (rank mismatch, trailing size-1 dim).
    Tensor x = F({2, 3, 2}, {1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2});
    expectTensorNear(run1("Mul", {x, F({3, 1}, {1, 10, 100})}),
                     F({2, 3, 2}, {1, 1, 10, 10, 100, 100, 2, 2, 20, 20, 200, 200}));
    // Both sides broadcast: [2,1] + [1,3] -> [2,3].
    expectTensorNear(run1("Add", {F({2, 1}, {1, 2}), F({1, 3}, {10, 20, 30})}), F({2, 3}, {11, 21, 31, 12, 22, 32}));
    // Middle-dim broadcast with odd sizes: [3,1,5] + [1,4,1].
    std::vector<float> a(15), b(4), want(60);
    for (int i = 0; i < 15; ++i) a[size_t(i)] = float(i);
    for (int j = 0; j < 4; ++j) b[size_t(j)] = float(100 * j);
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 4; ++j)
            for (int k = 0; k < 5; ++k) want[size_t((i * 4 + j) * 5 + k)] = float(i * 5 + k + 100 * j);
    expectTensorNear(run1("Add", {F({3, 1, 5}, a), F({1, 4, 1}, b)}), F({3, 4, 5}, want));
    // Zero-sized broadcast: [0,3] + [1,3] -> [0,3].
    EXPECT_EQ(run1("Add", {F({0, 3}, {}), F({1, 3}, {1, 2, 3})}).dims(), (std::vector<int64_t>{0, 3}));
    // A size-1 dim against 0 gives 0.
    EXPECT_EQ(run1("Mul", {F({2, 1}, {1, 2}), F({0}, {})}).dims(), (std::vector<int64_t>{2, 0}));
    // Not broadcastable: a clear error naming both shapes.
    expectError("Add", {F({2, 3}, {1, 2, 3, 4, 5, 6}), F({2}, {1, 2})}, {"node 'node'", "[2,3]", "[2]", "broadcastable"});
    expectError("Add", {F({1}, {1}), I32({1}, {1})}, {"different types"});
}

TEST(KernelsABinary, LargeParallelBroadcast) {
    // Big enough for parallelFor to split runs mid-row.
    const int64_t n = 64, c = 33, hw = 97;
    std::vector<float> x(static_cast<size_t>(n * c * hw)), bias(static_cast<size_t>(c)), want(x.size());
    for (size_t i = 0; i < x.size(); ++i) x[i] = float(i % 1000);
    for (int64_t j = 0; j < c; ++j) bias[size_t(j)] = float(j) * 0.5f;
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < c; ++j)
            for (int64_t k = 0; k < hw; ++k) {
                size_t idx = size_t((i * c + j) * hw + k);
                want[idx] = x[idx] + bias[size_t(j)];
            }
    expectTensorNear(run1("Add", {F({n, c, hw}, x), F({c, 1}, bias)}), F({n, c, hw}, want));
}

TEST(KernelsABinary, IntegerDivModPow) {
    expectTensorNear(run1("Div", {I32({4}, {7, -7, 7, -7}), I32({4}, {2, 2, -2, -2})}), I32({4}, {3, -3, -3, 3}));
    expectTensorNear(run1("Div", {F({2}, {1, -3}), F({2}, {4, 2})}), F({2}, {0.25f, -1.5f}));
    // Python-style mod takes the divisor's sign; fmod=1 takes the dividend's.
    expectTensorNear(run1("Mod", {I64({4}, {7, -7, 7, -7}), I64({4}, {3, 3, -3, -3})}), I64({4}, {1, 2, -2, -1}));
    expectTensorNear(run1("Mod", {I64({4}, {7, -7, 7, -7}), I64({4}, {3, 3, -3, -3})}, {{"fmod", int64_t(1)}}),
                     I64({4}, {1, -1, 1, -1}));
    expectTensorNear(run1("Mod", {F({2}, {-4.5f, 5.5f}), F({2}, {2, -2})}, {{"fmod", int64_t(1)}}), F({2}, {-0.5f, 1.5f}));
    expectError("Div", {I32({2}, {1, 2}), I32({2}, {1, 0})}, {"division by zero"});
    expectError("Mod", {I32({1}, {1}), I32({1}, {0})}, {"division by zero"});
    // MIN / -1 and MIN % -1 must not trap.
    int32_t mn = std::numeric_limits<int32_t>::min();
    expectTensorNear(run1("Div", {I32({1}, {mn}), I32({1}, {-1})}), I32({1}, {mn}));
    expectTensorNear(run1("Mod", {I32({1}, {mn}), I32({1}, {-1})}), I32({1}, {0}));
    // Pow: mixed types, the result has the base's type.
    expectTensorNear(run1("Pow", {F({3}, {1, 2, 3}), F({3}, {4, 5, 6})}), F({3}, {1, 32, 729}));
    expectTensorNear(run1("Pow", {F({3}, {1, 2, 3}), I64({1}, {2})}), F({3}, {1, 4, 9}));
    expectTensorNear(run1("Pow", {I64({3}, {1, 2, 3}), F({3}, {4, 5, 6})}), I64({3}, {1, 32, 729}));
    expectTensorNear(run1("Pow", {I32({2}, {3, -2}), I32({2}, {3, 3})}), I32({2}, {27, -8}));
    expectTensorNear(run1("Pow", {F({2}, {4, 9}), Tensor::scalar<float>(0.5f)}), F({2}, {2, 3}));
}

TEST(KernelsABinary, ComparisonLogicBitwise) {
    Tensor a = F({3}, {1, 2, 3}), b = F({1}, {2});
    expectTensorNear(run1("Equal", {a, b}), B({3}, {false, true, false}));
    expectTensorNear(run1("Less", {a, b}), B({3}, {true, false, false}));
    expectTensorNear(run1("Greater", {a, b}), B({3}, {false, false, true}));
    expectTensorNear(run1("LessOrEqual", {a, b}), B({3}, {true, true, false}));
    expectTensorNear(run1("GreaterOrEqual", {a, b}), B({3}, {false, true, true}));
    expectTensorNear(run1("Equal", {B({2}, {true, false}), B({2}, {true, true})}), B({2}, {true, false}));
    Tensor p = B({2, 2}, {true, true, false, false}), q = B({2}, {true, false});
    expectTensorNear(run1("And", {p, q}), B({2, 2}, {true, false, false, false}));
    expectTensorNear(run1("Or", {p, q}), B({2, 2}, {true, true, true, false}));
    expectTensorNear(run1("Xor", {p, q}), B({2, 2}, {false, true, true, false}));
    Tensor u = Tensor::fromVector<uint8_t>({3}, {1, 16, 255});
    expectTensorNear(run1("BitShift", {u, Tensor::fromVector<uint8_t>({3}, {1, 2, 9})}, {{"direction", "LEFT"}}),
                     Tensor::fromVector<uint8_t>({3}, {2, 64, 0}));
    expectTensorNear(run1("BitShift", {u, Tensor::fromVector<uint8_t>({1}, {2})}, {{"direction", "RIGHT"}}),
                     Tensor::fromVector<uint8_t>({3}, {0, 4, 63}));
    expectError("BitShift", {u, u}, {"direction"});
    expectError("And", {F({1}, {1}), F({1}, {1})}, {"fp32"});
}

TEST(KernelsAVariadic, MaxMinSumMeanWhere) {
    Tensor a = F({2, 2}, {1, 5, 3, 7}), b = F({2}, {4, 4}), c = Tensor::scalar<float>(2);
    expectTensorNear(run1("Max", {a, b, c}), F({2, 2}, {4, 5, 4, 7}));
    expectTensorNear(run1("Min", {a, b, c}), F({2, 2}, {1, 2, 2, 2}));
    expectTensorNear(run1("Sum", {a, b, c}), F({2, 2}, {7, 11, 9, 13}));
    expectTensorNear(run1("Mean", {a, b}), F({2, 2}, {2.5f, 4.5f, 3.5f, 5.5f}));
    expectTensorNear(run1("Max", {a}), a);
    expectTensorNear(run1("Max", {I32({2}, {1, 9}), I32({1}, {5})}), I32({2}, {5, 9}));
    expectTensorNear(run1("Max", {F({2}, {std::nanf(""), 1}), F({2}, {0, 0})}), F({2}, {std::nanf(""), 1}));
    expectError("Sum", {F({2}, {1, 2}), F({3}, {1, 2, 3})}, {"not broadcastable"});
    // Where broadcasts all three operands.
    Tensor cond = B({2, 1}, {true, false});
    expectTensorNear(run1("Where", {cond, F({1, 3}, {1, 2, 3}), Tensor::scalar<float>(-1)}),
                     F({2, 3}, {1, 2, 3, -1, -1, -1}));
    expectTensorNear(run1("Where", {B({2}, {false, true}), I64({2}, {1, 2}), I64({2}, {3, 4})}), I64({2}, {3, 2}));
    expectError("Where", {F({1}, {1}), F({1}, {1}), F({1}, {1})}, {"Where", "does not take fp32"});
}

TEST(KernelsAActivation, Values) {
    Tensor x = F({5}, {-2, -0.5f, 0, 0.5f, 2});
    expectTensorNear(run1("Relu", {x}), F({5}, {0, 0, 0, 0.5f, 2}));
    expectTensorNear(run1("LeakyRelu", {x}, {{"alpha", 0.1f}}), F({5}, {-0.2f, -0.05f, 0, 0.5f, 2}));
    expectTensorNear(run1("Sigmoid", {F({3}, {0, 2, -100})}), F({3}, {0.5f, 0.880797078f, 3.7200760e-44f}), 1e-6);
    expectTensorNear(run1("Tanh", {F({1}, {1})}), F({1}, {0.761594156f}));
    expectTensorNear(run1("Gelu", {F({3}, {-1, 0, 1})}), F({3}, {-0.158655254f, 0, 0.841344746f}));
    expectTensorNear(run1("Gelu", {F({2}, {-1, 1})}, {{"approximate", "tanh"}}), F({2}, {-0.158808f, 0.841192f}));
    expectTensorNear(run1("HardSigmoid", {x}), F({5}, {0.1f, 0.4f, 0.5f, 0.6f, 0.9f}));
    expectTensorNear(run1("HardSwish", {F({3}, {-4, 1, 4})}), F({3}, {0, 0.6666667f, 4}));
    expectTensorNear(run1("Softplus", {F({3}, {0, 100, -100})}), F({3}, {0.693147181f, 100, 3.7200760e-44f}));
    expectTensorNear(run1("Softsign", {F({2}, {1, -3})}), F({2}, {0.5f, -0.75f}));
    expectTensorNear(run1("Elu", {F({2}, {-1, 2})}), F({2}, {-0.632120559f, 2}));
    expectTensorNear(run1("Selu", {F({2}, {-1, 2})}), F({2}, {-1.11133074f, 2.10140204f}));
    expectTensorNear(run1("Celu", {F({2}, {-1, 2})}, {{"alpha", 2.0f}}), F({2}, {-0.786938681f, 2}));
    expectTensorNear(run1("Mish", {F({2}, {-1, 1})}), F({2}, {-0.303401446f, 0.865098112f}));
    expectTensorNear(run1("ThresholdedRelu", {x}, {{"alpha", 0.5f}}), F({5}, {0, 0, 0, 0, 2}));
    expectTensorNear(run1("Relu", {I32({3}, {-1, 0, 4})}), I32({3}, {0, 0, 4}));
    expectError("Gelu", {x}, {"approximate"}, {{"approximate", "fast"}});
}

TEST(KernelsAActivation, ClipAndPRelu) {
    Tensor x = F({4}, {-3, -1, 1, 3});
    expectTensorNear(run1("Clip", {x, Tensor::scalar<float>(-2), Tensor::scalar<float>(2)}), F({4}, {-2, -1, 1, 2}));
    expectTensorNear(run1("Clip", {x, Tensor(), Tensor::scalar<float>(0)}), F({4}, {-3, -1, 0, 0}));
    expectTensorNear(run1("Clip", {x, Tensor::scalar<float>(0)}), F({4}, {0, 0, 1, 3}));
    expectTensorNear(run1("Clip", {x}), x);
    // min > max: everything becomes max.
    expectTensorNear(run1("Clip", {x, Tensor::scalar<float>(2), Tensor::scalar<float>(1)}), F({4}, {1, 1, 1, 1}));
    expectTensorNear(run1("Clip", {I64({3}, {-5, 0, 5}), I64({}, {-1}), I64({}, {1})}), I64({3}, {-1, 0, 1}));
    expectError("Clip", {x, F({2}, {0, 1})}, {"'min' must be a scalar"});
    // PRelu with a per-channel slope [C,1,1] on [N,C,H,W].
    Tensor xp = F({1, 2, 1, 2}, {-1, 1, -2, 2});
    expectTensorNear(run1("PRelu", {xp, F({2, 1, 1}, {0.5f, 0.25f})}), F({1, 2, 1, 2}, {-0.5f, 1, -0.5f, 2}));
    expectTensorNear(run1("PRelu", {xp, Tensor::scalar<float>(0.1f)}), F({1, 2, 1, 2}, {-0.1f, 1, -0.2f, 2}));
    // The slope must broadcast to X, not the other way round.
    expectError("PRelu", {F({2}, {1, 2}), F({2, 2}, {1, 1, 1, 1})}, {"does not broadcast to X shape"});
}

Tensor castTo(const Tensor& x, int64_t onnxCode, int64_t saturate = 1) {
    return run1("Cast", {x}, {{"to", onnxCode}, {"saturate", saturate}});
}

TEST(KernelsACast, Numeric) {
    Tensor x = F({5}, {-2.7f, -0.5f, 0.0f, 1.9f, 300.0f});
    expectTensorNear(castTo(x, 6), I32({5}, {-2, 0, 0, 1, 300}));  // truncation toward zero
    expectTensorNear(castTo(x, 9), B({5}, {true, true, false, true, true}));
    expectTensorNear(castTo(x, 11), Tensor::fromVector<double>({5}, {-2.7f, -0.5f, 0.0f, 1.9f, 300.0f}));
    // Out of range for int8: saturates (C++ would be undefined here).
    expectTensorNear(castTo(F({2}, {300, -300}), 3), Tensor::fromVector<int8_t>({2}, {127, -128}));
    expectTensorNear(castTo(I64({2}, {257, -1}), 2), Tensor::fromVector<uint8_t>({2}, {1, 255}));  // modular
    expectTensorNear(castTo(B({2}, {true, false}), 1), F({2}, {1, 0}));
    Tensor h = castTo(F({2}, {1.0f / 3.0f, 65520.0f}), 10);
    ASSERT_EQ(h.dtype(), DataType::Float16);
    EXPECT_NEAR(h.scalarAsDouble(0), 0.33325195, 1e-7);
    EXPECT_TRUE(std::isinf(h.scalarAsDouble(1)));
    Tensor bf = castTo(F({1}, {1.00390625f}), 16);  // halfway between two bf16 values: ties to even
    EXPECT_EQ(bf.scalarAsDouble(0), 1.0);
    expectTensorNear(castTo(castTo(F({2}, {1.5f, -2.25f}), 10), 1), F({2}, {1.5f, -2.25f}));
    expectTensorNear(run1("CastLike", {F({2}, {1.5f, 2.5f}), I64({0}, {})}), I64({2}, {1, 2}));
    expectError("Cast", {x}, {"code 14"}, {{"to", int64_t(14)}});
}

TEST(KernelsACast, Float8Saturate) {
    float inf = std::numeric_limits<float>::infinity();
    Tensor x = F({6}, {1.0f, 0.3f, 1000.0f, -inf, 470.0f, 464.0f});
    Tensor sat = castTo(x, 17, 1);
    ASSERT_EQ(sat.dtype(), DataType::Float8E4M3);
    EXPECT_EQ(sat.scalarAsDouble(0), 1.0);
    EXPECT_NEAR(sat.scalarAsDouble(1), 0.3, 0.02);
    EXPECT_EQ(sat.scalarAsDouble(2), 448.0);
    EXPECT_EQ(sat.scalarAsDouble(3), -448.0);
    Tensor nosat = castTo(x, 17, 0);
    EXPECT_TRUE(std::isnan(nosat.scalarAsDouble(2)));
    EXPECT_TRUE(std::isnan(nosat.scalarAsDouble(3)));
    // 470 rounds up past 448 (NaN without saturation); 464 is a tie and goes to even, 448.
    EXPECT_TRUE(std::isnan(nosat.scalarAsDouble(4)));
    EXPECT_EQ(sat.scalarAsDouble(4), 448.0);
    EXPECT_EQ(nosat.scalarAsDouble(5), 448.0);
}

}  // namespace
}  // namespace kiln

namespace kiln {
namespace {

// Pow by a one-element 2 is squared (vectorized): same values as std::pow, non-finite and -0 included,
// over a length that leaves a tail after the 16-wide loop; a [1] exponent too.
TEST(KernelsABinary, PowBySquaringMatchesStdPow) {
    const float inf = std::numeric_limits<float>::infinity();
    std::vector<float> v = {-0.f, 0.f, std::numeric_limits<float>::quiet_NaN(), inf, -inf, 3.f, -1.5f, 1e20f, -1e-30f, 7e-3f};
    for (int i = 0; v.size() < 37; ++i) v.push_back(float(i) * 0.37f - 5.f);
    for (const Tensor& two : {Tensor::scalar<float>(2.f), Tensor::fromVector<float>({1}, {2.f})}) {
        Tensor y = runSingleNode("Pow", {Tensor::fromVector<float>({int64_t(v.size())}, v), two}, {}).at(0);
        ASSERT_EQ(y.numel(), int64_t(v.size()));
        for (size_t i = 0; i < v.size(); ++i) {
            const float want = std::pow(v[i], 2.f);
            if (std::isnan(want)) EXPECT_TRUE(std::isnan(y.data<float>()[i])) << i;
            else EXPECT_EQ(y.data<float>()[i], want) << "x = " << v[i];
            EXPECT_FALSE(std::signbit(y.data<float>()[i])) << i;
        }
    }
    Tensor d = runSingleNode("Pow", {Tensor::fromVector<double>({3}, {-3.0, 0.1, -0.0}), Tensor::scalar<double>(2.0)}, {}).at(0);
    EXPECT_EQ(d.data<double>()[0], 9.0);
    EXPECT_EQ(d.data<double>()[1], std::pow(0.1, 2.0));
    EXPECT_FALSE(std::signbit(d.data<double>()[2]));
}

}  // namespace
}  // namespace kiln
