// Pooling kernels against a naive N-d reference and hand-computed cases.
#include <gtest/gtest.h>

#include <limits>

#include "kernels_b_test_util.h"

using namespace kiln;
using namespace kiln::test;

namespace {

struct PoolCase {
    std::vector<int64_t> xdims, kernel, strides, dilations, pads;
    bool ceil;
    bool includePad;
};

// Output size per the ONNX formula (floor or ceil), dropping a ceil window that starts in the end pad.
std::vector<int64_t> poolOut(const PoolCase& c) {
    size_t r = c.kernel.size();
    std::vector<int64_t> out(r);
    for (size_t i = 0; i < r; ++i) {
        int64_t in = c.xdims[i + 2];
        int64_t span = in + c.pads[i] + c.pads[i + r] - ((c.kernel[i] - 1) * c.dilations[i] + 1);
        int64_t o = (c.ceil ? (span + c.strides[i] - 1) / c.strides[i] : span / c.strides[i]) + 1;
        if (c.ceil && (o - 1) * c.strides[i] >= in + c.pads[i]) --o;
        out[i] = o;
    }
    return out;
}

void referencePool(const PoolCase& c, const Tensor& X, Tensor& maxY, Tensor& maxI, Tensor& avgY) {
    size_t r = c.kernel.size();
    std::vector<int64_t> out = poolOut(c);
    std::vector<int64_t> ydims = {c.xdims[0], c.xdims[1]};
    ydims.insert(ydims.end(), out.begin(), out.end());
    maxY = Tensor(DataType::Float32, ydims);
    maxI = Tensor(DataType::Int64, ydims);
    avgY = Tensor(DataType::Float32, ydims);
    int64_t planes = c.xdims[0] * c.xdims[1], inSize = 1, outSize = 1, kSize = 1;
    for (size_t i = 0; i < r; ++i) {
        inSize *= c.xdims[i + 2];
        outSize *= out[i];
        kSize *= c.kernel[i];
    }
    for (int64_t p = 0; p < planes; ++p)
        for (int64_t o = 0; o < outSize; ++o) {
            float best = -std::numeric_limits<float>::infinity();
            int64_t bestIdx = -1, count = 0;
            double sum = 0;
            for (int64_t k = 0; k < kSize; ++k) {
                int64_t orem = o, krem = k, off = 0, mul = 1;
                bool inside = true, inPad = true;
                for (size_t i = r; i-- > 0;) {
                    int64_t oi = orem % out[i], ki = krem % c.kernel[i];
                    orem /= out[i];
                    krem /= c.kernel[i];
                    int64_t pos = oi * c.strides[i] - c.pads[i] + ki * c.dilations[i];
                    int64_t in = c.xdims[i + 2];
                    if (pos < 0 || pos >= in) inside = false;
                    if (pos < -c.pads[i] || pos >= in + c.pads[i + r]) inPad = false;
                    off += pos * mul;
                    mul *= in;
                }
                if (inside) {
                    float v = X.data<float>()[p * inSize + off];
                    if (v > best) {
                        best = v;
                        bestIdx = p * inSize + off;
                    }
                    sum += v;
                    ++count;
                } else if (inPad && c.includePad) {
                    ++count;
                }
            }
            maxY.data<float>()[p * outSize + o] = best;
            maxI.data<int64_t>()[p * outSize + o] = bestIdx;
            avgY.data<float>()[p * outSize + o] = float(sum / double(count));
        }
}

class KernelsBPoolGrid : public ::testing::TestWithParam<PoolCase> {};

TEST_P(KernelsBPoolGrid, MatchesReference) {
    const PoolCase& c = GetParam();
    Tensor X = randomTensor(c.xdims, 21);
    Tensor maxY, maxI, avgY;
    referencePool(c, X, maxY, maxI, avgY);
    std::map<std::string, Attribute> attrs = {{"kernel_shape", c.kernel}, {"strides", c.strides},
                                              {"dilations", c.dilations}, {"pads", c.pads},
                                              {"ceil_mode", int64_t(c.ceil)}};
    auto mp = runSingleNode("MaxPool", {X}, attrs, 2);
    expectTensorNear(mp[0], maxY);
    expectTensorNear(mp[1], maxI, 0, 0);
    // Values only (no Indices output): the 2-D fast path where the window is undilated.
    expectTensorNear(runSingleNode("MaxPool", {X}, attrs, 1)[0], maxY, 0, 0);
    attrs["count_include_pad"] = int64_t(c.includePad);
    expectTensorNear(runSingleNode("AveragePool", {X}, attrs)[0], avgY, 1e-5, 1e-5);
}

INSTANTIATE_TEST_SUITE_P(
    KernelsB, KernelsBPoolGrid,
    ::testing::Values(PoolCase{{1, 3, 7, 7}, {3, 3}, {2, 2}, {1, 1}, {0, 0, 0, 0}, false, false},
                      PoolCase{{1, 3, 7, 7}, {3, 3}, {2, 2}, {1, 1}, {0, 0, 0, 0}, true, false},  // squeezenet-style
                      PoolCase{{2, 2, 6, 5}, {2, 3}, {1, 2}, {1, 1}, {1, 0, 0, 2}, false, true},
                      PoolCase{{2, 2, 6, 5}, {2, 3}, {2, 2}, {1, 1}, {1, 1, 1, 1}, true, true},
                      PoolCase{{1, 1, 9, 8}, {3, 2}, {2, 1}, {2, 3}, {2, 1, 1, 2}, true, false},  // dilations
                      PoolCase{{1, 4, 11}, {4}, {3}, {1}, {2, 1}, true, true},                    // 1-D
                      PoolCase{{1, 2, 4, 5, 6}, {2, 3, 2}, {2, 1, 2}, {1, 1, 2}, {0, 1, 1, 1, 0, 0}, false, true},
                      PoolCase{{1, 1, 1, 1}, {1, 1}, {1, 1}, {1, 1}, {0, 0, 0, 0}, false, false},
                      PoolCase{{1, 2, 13, 13}, {3, 3}, {2, 2}, {1, 1}, {1, 1, 1, 1}, true, false},  // padded + ceil
                      PoolCase{{2, 3, 10, 9}, {4, 2}, {3, 1}, {1, 1}, {2, 0, 3, 1}, true, true},
                      // Rows wide enough for the 16-output vectors of the stride-2 2- and 3-wide
                      // kernels, with the scalar tail and padded edges.
                      PoolCase{{2, 2, 4, 70}, {2, 2}, {2, 2}, {1, 1}, {0, 0, 0, 0}, false, false},
                      PoolCase{{1, 2, 5, 75}, {3, 3}, {2, 2}, {1, 1}, {1, 1, 1, 1}, true, false},
                      PoolCase{{1, 1, 3, 66}, {3, 3}, {2, 2}, {1, 1}, {0, 0, 0, 0}, false, false}));

TEST(KernelsBPool, HandComputed) {
    Tensor X = Tensor::fromVector<float>({1, 1, 2, 3}, {1, 6, 3, 4, 5, 2});
    auto out = runSingleNode("MaxPool", {X}, {{"kernel_shape", std::vector<int64_t>{2, 2}}}, 2);
    expectTensorNear(out[0], Tensor::fromVector<float>({1, 1, 1, 2}, {6, 6}));
    expectTensorNear(out[1], Tensor::fromVector<int64_t>({1, 1, 1, 2}, {1, 1}), 0, 0);
    // storage_order 1: column-major index of (h=0, w=1) in a 2x3 plane is 1 * 2 + 0 = 2.
    out = runSingleNode("MaxPool", {X}, {{"kernel_shape", std::vector<int64_t>{2, 2}}, {"storage_order", 1}}, 2);
    expectTensorNear(out[1], Tensor::fromVector<int64_t>({1, 1, 1, 2}, {2, 2}), 0, 0);
    // SAME_UPPER 3x3 stride 1 average without pad counting at a corner: (1+6+4+5)/4.
    auto avg = runSingleNode("AveragePool", {X}, {{"kernel_shape", std::vector<int64_t>{3, 3}}, {"auto_pad", "SAME_UPPER"}})[0];
    ASSERT_EQ(avg.dims(), (std::vector<int64_t>{1, 1, 2, 3}));
    EXPECT_FLOAT_EQ(avg.data<float>()[0], 4.0f);
    EXPECT_FLOAT_EQ(avg.data<float>()[1], 21.0f / 6.0f);
}

TEST(KernelsBPool, GlobalPools) {
    Tensor X = Tensor::fromVector<float>({1, 2, 2, 2}, {1, 2, 3, 4, -1, -2, -3, -8});
    expectTensorNear(runSingleNode("GlobalAveragePool", {X})[0], Tensor::fromVector<float>({1, 2, 1, 1}, {2.5f, -3.5f}));
    expectTensorNear(runSingleNode("GlobalMaxPool", {X})[0], Tensor::fromVector<float>({1, 2, 1, 1}, {4, -1}));
    Tensor X1 = Tensor::fromVector<float>({1, 1, 3}, {1, 2, 6});
    expectTensorNear(runSingleNode("GlobalAveragePool", {X1})[0], Tensor::fromVector<float>({1, 1, 1}, {3}));
}

TEST(KernelsBPool, Int8MaxPool) {
    Tensor X = Tensor::fromVector<int8_t>({1, 1, 1, 4}, {-5, 3, -128, 7});
    auto out = runSingleNode("MaxPool", {X}, {{"kernel_shape", std::vector<int64_t>{1, 2}}, {"strides", std::vector<int64_t>{1, 2}}});
    expectTensorNear(out[0], Tensor::fromVector<int8_t>({1, 1, 1, 2}, {3, 7}), 0, 0);
}

TEST(KernelsBPool, Errors) {
    Tensor X = randomTensor({1, 1, 3, 3}, 1);
    expectNodeError("MaxPool", {X}, {}, ErrorKind::InvalidModel, {"kernel_shape"});
    expectNodeError("MaxPool", {X}, {{"kernel_shape", std::vector<int64_t>{4, 4}}}, ErrorKind::InvalidArgument, {"empty"});
    expectNodeError("AveragePool", {X}, {{"kernel_shape", std::vector<int64_t>{2}}}, ErrorKind::InvalidModel,
                    {"kernel_shape"});
    expectNodeError("MaxPool", {randomTensor({3, 3}, 1)}, {{"kernel_shape", std::vector<int64_t>{2}}},
                    ErrorKind::InvalidArgument, {"[N, C"});
}

}  // namespace
