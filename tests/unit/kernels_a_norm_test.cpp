// CPU softmax-family and normalization kernels against hand-computed values.
#include <cmath>
#include <limits>

#include "kernels/cpu/isa.h"
#include "test_util.h"

namespace kiln {
namespace {

using test::expectTensorNear;
using test::runSingleNode;

Tensor F(std::vector<int64_t> dims, std::vector<float> v) { return Tensor::fromVector<float>(std::move(dims), v); }

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

TEST(KernelsASoftmax, LastAndMiddleAxis) {
    // Softmax of [1,2,3]: e^k / (e + e^2 + e^3).
    const float s1 = 0.09003057f, s2 = 0.24472847f, s3 = 0.66524096f;
    expectTensorNear(run1("Softmax", {F({2, 3}, {1, 2, 3, 1, 2, 3})}), F({2, 3}, {s1, s2, s3, s1, s2, s3}));
    // Large values do not overflow: stable by subtracting the max.
    expectTensorNear(run1("Softmax", {F({3}, {1001, 1002, 1003})}), F({3}, {s1, s2, s3}));
    // axis = 1 of [2,3,2] (strided slices).
    Tensor x = F({1, 3, 2}, {1, 0, 2, 0, 3, 0});
    expectTensorNear(run1("Softmax", {x}, {{"axis", int64_t(1)}}),
                     F({1, 3, 2}, {s1, 1.0f / 3, s2, 1.0f / 3, s3, 1.0f / 3}));
    expectTensorNear(run1("Softmax", {x}, {{"axis", int64_t(-2)}}),
                     F({1, 3, 2}, {s1, 1.0f / 3, s2, 1.0f / 3, s3, 1.0f / 3}));
    expectTensorNear(run1("LogSoftmax", {F({3}, {1, 2, 3})}), F({3}, {std::log(s1), std::log(s2), std::log(s3)}));
    expectTensorNear(run1("LogSoftmax", {F({2}, {0, -1000})}), F({2}, {0, -1000}));
    // Hardmax: the first maximum wins.
    expectTensorNear(run1("Hardmax", {F({2, 3}, {1, 3, 3, -1, -2, -3})}), F({2, 3}, {0, 1, 0, 1, 0, 0}));
    // Size-1 axis and empty tensors.
    expectTensorNear(run1("Softmax", {F({2, 1}, {5, -7})}), F({2, 1}, {1, 1}));
    EXPECT_EQ(run1("Softmax", {F({0, 4}, {})}).dims(), (std::vector<int64_t>{0, 4}));
    expectError("Softmax", {F({2, 3}, {1, 2, 3, 4, 5, 6})}, {"node 'node'", "axis 2 is out of range for rank 2"},
                {{"axis", int64_t(2)}});
    expectTensorNear(run1("Softmax", {Tensor::fromVector<double>({2}, {0, std::log(3.0)})}),
                     Tensor::fromVector<double>({2}, {0.25, 0.75}), 1e-12);
}

// fp32 rows along the last axis take the vectorized path (expApprox, 16 double lanes, a tail):
// against std::exp in double, with and without AVX-512; rows with -inf elements, only -inf, a
// +inf or a NaN give what the generic path gives (0 for -inf elements, NaN rows otherwise).
TEST(KernelsASoftmax, ContiguousFloatRowsMatchStdExpWithNonFiniteRows) {
    const float inf = std::numeric_limits<float>::infinity(), nan = std::numeric_limits<float>::quiet_NaN();
    const int64_t n = 37;  // two 16-lane blocks and a tail of 5
    std::vector<float> v;
    for (int64_t j = 0; j < n; ++j) v.push_back(float(std::sin(double(j) * 0.7) * 20.0 - 3.0));  // row 0
    for (int64_t j = 0; j < n; ++j) v.push_back(j % 3 ? float(j) * 0.25f : -inf);                 // row 1: some -inf
    for (int64_t j = 0; j < n; ++j) v.push_back(-inf);                                            // row 2: all -inf
    for (int64_t j = 0; j < n; ++j) v.push_back(j == 20 ? inf : 1.0f);                            // row 3: +inf
    for (int64_t j = 0; j < n; ++j) v.push_back(j == 33 ? nan : 1.0f);                            // row 4: NaN in the tail
    std::vector<float> expected(v.size());
    for (size_t r = 0; r < 2; ++r) {
        double m = -inf, sum = 0.0;
        for (int64_t j = 0; j < n; ++j) m = std::max(m, double(v[r * n + j]));
        for (int64_t j = 0; j < n; ++j) sum += std::exp(double(v[r * n + j]) - m);
        for (int64_t j = 0; j < n; ++j) expected[r * n + j] = float(std::exp(double(v[r * n + j]) - m) / sum);
    }
    const bool was = cpu::avx512Enabled();
    for (bool avx512 : {false, true}) {
        cpu::setAvx512Enabled(avx512);
        const Tensor y = run1("Softmax", {F({5, n}, v)});
        const float* p = y.data<float>();
        for (int64_t j = 0; j < 2 * n; ++j) {
            EXPECT_NEAR(p[j], expected[size_t(j)], 4e-7f + 4e-6f * expected[size_t(j)]) << "element " << j << " avx512 " << avx512;
            if (v[size_t(j)] == -inf) {
                EXPECT_EQ(p[j], 0.0f) << "element " << j;
            }
        }
        for (int64_t j = 2 * n; j < 5 * n; ++j) EXPECT_TRUE(std::isnan(p[j])) << "element " << j << " avx512 " << avx512;
    }
    cpu::setAvx512Enabled(was);
}

TEST(KernelsANorm, LayerNormalization) {
    // Rows [1,2,3] and [2,4,6]: mean 2 / 4, variance 2/3 / 8/3.
    Tensor x = F({2, 3}, {1, 2, 3, 2, 4, 6});
    Tensor scale = F({3}, {1, 2, 0.5f});
    Tensor bias = F({3}, {0, 1, -1});
    double inv1 = 1.0 / std::sqrt(2.0 / 3.0 + 1e-5), inv2 = 1.0 / std::sqrt(8.0 / 3.0 + 1e-5);
    auto outs = runSingleNode("LayerNormalization", {x, scale, bias}, {}, 3);
    expectTensorNear(outs[0], F({2, 3}, {float(-inv1), 1.0f, float(0.5 * inv1 - 1), float(-2 * inv2), 1.0f,
                                        float(0.5 * 2 * inv2 - 1)}));
    expectTensorNear(outs[1], F({2, 1}, {2, 4}));
    expectTensorNear(outs[2], F({2, 1}, {float(inv1), float(inv2)}));
    // axis = 0 normalizes everything; no bias; Scale broadcasts ([1] to [2,3]).
    Tensor all = run1("LayerNormalization", {F({2, 2}, {1, 1, 3, 3}), F({1}, {2})},
                      {{"axis", int64_t(0)}, {"epsilon", 0.0f}});
    expectTensorNear(all, F({2, 2}, {-2, -2, 2, 2}));
    // A large common offset must not destroy the variance (two-pass in double).
    Tensor off = run1("LayerNormalization", {F({2}, {10000.0f, 10002.0f}), F({2}, {1, 1})}, {{"epsilon", 0.0f}});
    expectTensorNear(off, F({2}, {-1, 1}));
    expectError("LayerNormalization", {x, F({2}, {1, 1})}, {"'Scale' shape [2]", "normalized shape [3]"});
}

TEST(KernelsANorm, BatchNormalization) {
    Tensor x = F({1, 2, 1, 2}, {1, 3, 10, 20});
    Tensor y = run1("BatchNormalization",
                    {x, F({2}, {1, 2}), F({2}, {0, 1}), F({2}, {2, 15}), F({2}, {4, 25})}, {{"epsilon", 0.0f}});
    expectTensorNear(y, F({1, 2, 1, 2}, {-0.5f, 0.5f, -1, 3}));
    // Rank 2 (N, C).
    expectTensorNear(run1("BatchNormalization", {F({2, 1}, {1, 2}), F({1}, {1}), F({1}, {0}), F({1}, {1}), F({1}, {1})},
                          {{"epsilon", 0.0f}}),
                     F({2, 1}, {0, 1}));
    expectError("BatchNormalization", {x, F({2}, {1, 2}), F({2}, {0, 1}), F({2}, {2, 15}), F({2}, {4, 25})},
                {"training_mode=1"}, {{"training_mode", int64_t(1)}});
    expectError("BatchNormalization", {x, F({3}, {1, 2, 3}), F({2}, {0, 1}), F({2}, {2, 15}), F({2}, {4, 25})},
                {"'scale' must have shape [2]"});
}

TEST(KernelsANorm, InstanceAndGroupNormalization) {
    // Per (n, c) over spatial: [1,3] -> [-1,1]; [5,5] -> [0,0] (epsilon keeps 0/0 away).
    Tensor x = F({1, 2, 2}, {1, 3, 5, 5});
    expectTensorNear(run1("InstanceNormalization", {x, F({2}, {2, 1}), F({2}, {0, 7})}, {{"epsilon", 1e-10f}}),
                     F({1, 2, 2}, {-2, 2, 7, 7}));
    // Two groups of two channels (spatial 1): group 0 = {1,3}, group 1 = {10,30}.
    Tensor g = F({1, 4, 1}, {1, 3, 10, 30});
    expectTensorNear(run1("GroupNormalization", {g, F({4}, {1, 2, 1, 1}), F({4}, {0, 0, 0, 5})},
                          {{"num_groups", int64_t(2)}, {"epsilon", 0.0f}}),
                     F({1, 4, 1}, {-1, 2, -1, 6}));
    // One group over everything.
    expectTensorNear(run1("GroupNormalization", {g, F({4}, {1, 1, 1, 1}), F({4}, {0, 0, 0, 0})},
                          {{"num_groups", int64_t(1)}, {"epsilon", 0.0f}}),
                     F({1, 4, 1}, {-0.87204144f, -0.69763315f, -0.08720414f, 1.65687874f}), 1e-3);
    expectError("GroupNormalization", {g, F({4}, {1, 1, 1, 1}), F({4}, {0, 0, 0, 0})}, {"num_groups 3", "4 channels"},
                {{"num_groups", int64_t(3)}});
    expectError("InstanceNormalization", {F({3}, {1, 2, 3}), F({1}, {1}), F({1}, {0})}, {"rank >= 2"});
}

TEST(KernelsANorm, LpNormalization) {
    expectTensorNear(run1("LpNormalization", {F({2, 2}, {3, 4, 0, 5})}), F({2, 2}, {0.6f, 0.8f, 0, 1}));
    // A zero vector stays zero instead of 0/0.
    expectTensorNear(run1("LpNormalization", {F({2, 2}, {0, 0, 0, 2})}), F({2, 2}, {0, 0, 0, 1}));
    expectTensorNear(run1("LpNormalization", {F({2, 2}, {3, 4, 1, -1})}, {{"axis", int64_t(0)}, {"p", int64_t(1)}}),
                     F({2, 2}, {0.75f, 0.8f, 0.25f, -0.2f}));
    expectError("LpNormalization", {F({2}, {1, 2})}, {"'p' must be 1 or 2"}, {{"p", int64_t(3)}});
}

TEST(KernelsANorm, MeanVarianceAndLRN) {
    // Default axes (0, 2, 3): one channel, statistics over all four values (mean 4, std sqrt(5)).
    float r5 = 1.0f / std::sqrt(5.0f);
    expectTensorNear(run1("MeanVarianceNormalization", {F({2, 1, 1, 2}, {1, 3, 5, 7})}),
                     F({2, 1, 1, 2}, {-3 * r5, -r5, r5, 3 * r5}));
    // Per row when only axis 1 is reduced.
    expectTensorNear(run1("MeanVarianceNormalization", {F({2, 2}, {1, 3, 10, 20})}, {{"axes", std::vector<int64_t>{1}}}),
                     F({2, 2}, {-1, 1, -1, 1}));
    // LRN with alpha / size = 1, beta = 1, bias = 1: y = x / (1 + window sum of squares).
    expectTensorNear(run1("LRN", {F({1, 3, 1, 1}, {1, 2, 3})},
                          {{"size", int64_t(3)}, {"alpha", 3.0f}, {"beta", 1.0f}, {"bias", 1.0f}}),
                     F({1, 3, 1, 1}, {1.0f / 6, 2.0f / 15, 3.0f / 14}));
    expectError("LRN", {F({1, 1, 1, 1}, {1})}, {"'size' is missing"});
}

TEST(KernelsANorm, HalfPrecisionThroughFloat) {
    Tensor h(DataType::Float16, {3});
    for (int i = 0; i < 3; ++i) static_cast<uint16_t*>(h.raw())[i] = floatToHalf(float(i + 1));
    Tensor y = run1("Softmax", {h});
    ASSERT_EQ(y.dtype(), DataType::Float16);
    EXPECT_NEAR(y.scalarAsDouble(2), 0.66524096, 1e-3);
}

}  // namespace
}  // namespace kiln
