// CPU reduction kernels, ArgMax/ArgMin, CumSum and TopK against hand-computed values.
#include <cmath>
#include <limits>

#include "test_util.h"

namespace kiln {
namespace {

using test::expectTensorNear;
using test::runSingleNode;

Tensor F(std::vector<int64_t> dims, std::vector<float> v) { return Tensor::fromVector<float>(std::move(dims), v); }
Tensor I64(std::vector<int64_t> dims, std::vector<int64_t> v) { return Tensor::fromVector<int64_t>(std::move(dims), v); }
Tensor Axes(std::vector<int64_t> v) { return I64({int64_t(v.size())}, v); }

Tensor run1(const std::string& op, const std::vector<Tensor>& ins, const std::map<std::string, Attribute>& attrs = {}) {
    return runSingleNode(op, ins, attrs).at(0);
}

void expectError(const std::string& op, const std::vector<Tensor>& ins, const std::vector<std::string>& fragments,
                 const std::map<std::string, Attribute>& attrs = {}, size_t outputs = 1) {
    try {
        runSingleNode(op, ins, attrs, outputs);
        ADD_FAILURE() << op << " did not fail";
    } catch (const Error& e) {
        std::string msg = e.what();
        for (const auto& f : fragments) EXPECT_NE(msg.find(f), std::string::npos) << "message: " << msg;
    }
}

// Exact comparison that also accepts equal infinities (expectTensorNear computes inf - inf = NaN).
void expectExact(const Tensor& actual, const Tensor& expected) {
    ASSERT_EQ(actual.dtype(), expected.dtype());
    ASSERT_EQ(actual.dims(), expected.dims());
    for (int64_t i = 0; i < actual.numel(); ++i)
        EXPECT_EQ(actual.scalarAsDouble(i), expected.scalarAsDouble(i)) << "at flat index " << i;
}

// x = [[1, 2, 3], [4, 5, 6]]
Tensor x23() { return F({2, 3}, {1, 2, 3, 4, 5, 6}); }

TEST(KernelsAReduce, AxesKeepdimsNoop) {
    expectTensorNear(run1("ReduceSum", {x23(), Axes({1})}), F({2, 1}, {6, 15}));
    expectTensorNear(run1("ReduceSum", {x23(), Axes({0})}, {{"keepdims", int64_t(0)}}), F({3}, {5, 7, 9}));
    expectTensorNear(run1("ReduceSum", {x23(), Axes({-1})}, {{"keepdims", int64_t(0)}}), F({2}, {6, 15}));
    // No axes: all of them; keepdims keeps rank.
    expectTensorNear(run1("ReduceSum", {x23()}), F({1, 1}, {21}));
    expectTensorNear(run1("ReduceSum", {x23()}, {{"keepdims", int64_t(0)}}), Tensor::scalar<float>(21));
    expectTensorNear(run1("ReduceSum", {x23(), Axes({})}), F({1, 1}, {21}));
    // Empty axes with noop_with_empty_axes: the input unchanged.
    expectTensorNear(run1("ReduceSum", {x23(), Axes({})}, {{"noop_with_empty_axes", int64_t(1)}}), x23());
    expectTensorNear(run1("ReduceSum", {x23()}, {{"noop_with_empty_axes", int64_t(1)}}), x23());
    // No-op reduces each element alone: L1 -> |x|, SumSquare -> x^2.
    Tensor neg = F({2}, {-2, 3});
    expectTensorNear(run1("ReduceL1", {neg}, {{"noop_with_empty_axes", int64_t(1)}}), F({2}, {2, 3}));
    expectTensorNear(run1("ReduceSumSquare", {neg}, {{"noop_with_empty_axes", int64_t(1)}}), F({2}, {4, 9}));
    // bool Max / Min are any / all.
    Tensor flags = Tensor::fromVector<bool>({2, 2}, {true, false, false, false});
    expectTensorNear(run1("ReduceMax", {flags, Axes({1})}), Tensor::fromVector<bool>({2, 1}, {true, false}));
    expectTensorNear(run1("ReduceMin", {flags, Axes({1})}), Tensor::fromVector<bool>({2, 1}, {false, false}));
    expectError("ReduceSum", {x23(), Axes({2})}, {"node 'node'", "axes value 2 is out of range for rank 2"});
    expectError("ReduceSum", {x23(), Axes({1, -1})}, {"twice"});
}

TEST(KernelsAReduce, AllOps) {
    Tensor x = x23();
    Tensor a = Axes({1});
    expectTensorNear(run1("ReduceMean", {x, a}), F({2, 1}, {2, 5}));
    expectTensorNear(run1("ReduceMax", {x, a}), F({2, 1}, {3, 6}));
    expectTensorNear(run1("ReduceMin", {x, a}), F({2, 1}, {1, 4}));
    expectTensorNear(run1("ReduceProd", {x, a}), F({2, 1}, {6, 120}));
    expectTensorNear(run1("ReduceL1", {F({2}, {-3, 4})}), F({1}, {7}));
    expectTensorNear(run1("ReduceL2", {F({2}, {-3, 4})}), F({1}, {5}));
    expectTensorNear(run1("ReduceSumSquare", {F({2}, {-3, 4})}), F({1}, {25}));
    expectTensorNear(run1("ReduceLogSum", {x, a}), F({2, 1}, {std::log(6.0f), std::log(15.0f)}));
    expectTensorNear(run1("ReduceLogSumExp", {x, a}),
                     F({2, 1}, {float(std::log(std::exp(1.0) + std::exp(2.0) + std::exp(3.0))),
                                float(std::log(std::exp(4.0) + std::exp(5.0) + std::exp(6.0)))}));
    // LogSumExp stays finite for large inputs.
    expectTensorNear(run1("ReduceLogSumExp", {F({2}, {1000, 1000})}), F({1}, {1000.6931472f}));
    // NaN propagates through Max.
    EXPECT_TRUE(std::isnan(run1("ReduceMax", {F({3}, {1, std::nanf(""), 2})}).scalarAsDouble(0)));
}

TEST(KernelsAReduce, MultiAxisAndIntegers) {
    // [2,3,2] over axes (0, 2): non-adjacent reduced axes.
    std::vector<float> v(12);
    for (int i = 0; i < 12; ++i) v[size_t(i)] = float(i);
    // Sums: j=0 -> 0+1+6+7 = 14, j=1 -> 2+3+8+9 = 22, j=2 -> 4+5+10+11 = 30.
    expectTensorNear(run1("ReduceSum", {F({2, 3, 2}, v), Axes({0, 2})}, {{"keepdims", int64_t(0)}}), F({3}, {14, 22, 30}));
    expectTensorNear(run1("ReduceMax", {F({2, 3, 2}, v), Axes({2, 0})}), F({1, 3, 1}, {7, 9, 11}));
    // Size-1 dims in the middle of merged groups.
    expectTensorNear(run1("ReduceSum", {F({2, 1, 3}, {1, 2, 3, 4, 5, 6}), Axes({1, 2})}), F({2, 1, 1}, {6, 15}));
    // int64 keeps every bit (no round trip through double).
    int64_t big = (int64_t(1) << 60) + 1;
    expectTensorNear(run1("ReduceSum", {I64({2}, {big, 1})}), I64({1}, {big + 1}));
    expectTensorNear(run1("ReduceMax", {I64({3}, {-5, big, 3})}), I64({1}, {big}));
    expectTensorNear(run1("ReduceL1", {Tensor::fromVector<int32_t>({2}, {-3, 4})}), Tensor::fromVector<int32_t>({1}, {7}));
    expectTensorNear(run1("ReduceMean", {Tensor::fromVector<int32_t>({2}, {3, 4})}), Tensor::fromVector<int32_t>({1}, {3}));
}

TEST(KernelsAReduce, EmptySets) {
    // Reducing a zero-size axis gives the identity of each op.
    Tensor e = F({2, 0}, {});
    Tensor a = Axes({1});
    expectExact(run1("ReduceSum", {e, a}), F({2, 1}, {0, 0}));
    expectExact(run1("ReduceProd", {e, a}), F({2, 1}, {1, 1}));
    float inf = std::numeric_limits<float>::infinity();
    expectExact(run1("ReduceMax", {e, a}), F({2, 1}, {-inf, -inf}));
    expectExact(run1("ReduceMin", {e, a}), F({2, 1}, {inf, inf}));
    expectExact(run1("ReduceLogSumExp", {e, a}), F({2, 1}, {-inf, -inf}));
    expectExact(run1("ReduceLogSum", {e, a}), F({2, 1}, {-inf, -inf}));
    expectExact(run1("ReduceL2", {e, a}), F({2, 1}, {0, 0}));
    // Reducing the non-empty axis of an empty tensor gives an empty result.
    EXPECT_EQ(run1("ReduceSum", {F({0, 3}, {}), a}).dims(), (std::vector<int64_t>{0, 1}));
}

TEST(KernelsAArg, MaxMinLastIndex) {
    Tensor x = F({2, 3}, {1, 3, 3, 4, 0, 4});
    expectTensorNear(run1("ArgMax", {x}, {{"axis", int64_t(1)}}), I64({2, 1}, {1, 0}));
    expectTensorNear(run1("ArgMax", {x}, {{"axis", int64_t(1)}, {"select_last_index", int64_t(1)}}), I64({2, 1}, {2, 2}));
    expectTensorNear(run1("ArgMin", {x}, {{"axis", int64_t(1)}, {"keepdims", int64_t(0)}}), I64({2}, {0, 1}));
    expectTensorNear(run1("ArgMax", {x}), I64({1, 3}, {1, 0, 1}));  // default axis 0
    expectTensorNear(run1("ArgMin", {x}, {{"axis", int64_t(-2)}}), I64({1, 3}, {0, 1, 0}));
    expectTensorNear(run1("ArgMax", {I64({3}, {7, -1, 7})}, {{"select_last_index", int64_t(1)}}), I64({1}, {2}));
    expectError("ArgMax", {x}, {"axis 2 is out of range"}, {{"axis", int64_t(2)}});
}

TEST(KernelsACumSum, Modes) {
    Tensor x = F({4}, {1, 2, 3, 4});
    Tensor ax = I64({}, {0});
    expectTensorNear(run1("CumSum", {x, ax}), F({4}, {1, 3, 6, 10}));
    expectTensorNear(run1("CumSum", {x, ax}, {{"exclusive", int64_t(1)}}), F({4}, {0, 1, 3, 6}));
    expectTensorNear(run1("CumSum", {x, ax}, {{"reverse", int64_t(1)}}), F({4}, {10, 9, 7, 4}));
    expectTensorNear(run1("CumSum", {x, ax}, {{"reverse", int64_t(1)}, {"exclusive", int64_t(1)}}), F({4}, {9, 7, 4, 0}));
    expectTensorNear(run1("CumSum", {x23(), Tensor::fromVector<int32_t>({1}, {1})}), F({2, 3}, {1, 3, 6, 4, 9, 15}));
    expectTensorNear(run1("CumSum", {x23(), I64({}, {-2})}), F({2, 3}, {1, 2, 3, 5, 7, 9}));
    expectTensorNear(run1("CumSum", {I64({3}, {1, 2, 3}), ax}), I64({3}, {1, 3, 6}));
    expectError("CumSum", {x, I64({}, {1})}, {"axis 1 is out of range for rank 1"});
}

TEST(KernelsATopK, LargestSmallestTies) {
    Tensor x = F({2, 4}, {1, 4, 4, 2, 0, -1, 5, 5});
    auto outs = runSingleNode("TopK", {x, I64({1}, {2})}, {}, 2);
    expectTensorNear(outs[0], F({2, 2}, {4, 4, 5, 5}));
    expectTensorNear(outs[1], I64({2, 2}, {1, 2, 2, 3}));  // ties: lower index first
    outs = runSingleNode("TopK", {x, I64({1}, {3})}, {{"largest", int64_t(0)}}, 2);
    expectTensorNear(outs[0], F({2, 3}, {1, 2, 4, -1, 0, 5}));
    expectTensorNear(outs[1], I64({2, 3}, {0, 3, 1, 1, 0, 2}));
    // Along axis 0, and k = 0.
    outs = runSingleNode("TopK", {x, I64({1}, {1})}, {{"axis", int64_t(0)}}, 2);
    expectTensorNear(outs[0], F({1, 4}, {1, 4, 5, 5}));
    expectTensorNear(outs[1], I64({1, 4}, {0, 0, 1, 1}));
    outs = runSingleNode("TopK", {x, I64({1}, {0})}, {}, 2);
    EXPECT_EQ(outs[0].dims(), (std::vector<int64_t>{2, 0}));
    expectError("TopK", {x, I64({1}, {5})}, {"K = 5 is out of range"}, {}, 2);
}

}  // namespace
}  // namespace kiln
