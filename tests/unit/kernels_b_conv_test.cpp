// Conv and ConvTranspose against naive direct references over a grid of awkward configurations.
#include <gtest/gtest.h>

#include "engine_core/passes/fused_ops.h"
#include "kernels/cpu/gemm_avx512.h"
#include "kernels_b_test_util.h"

using namespace kiln;
using namespace kiln::test;

namespace {

struct ConvCase {
    int64_t N, C, M, group;
    std::vector<int64_t> in, kernel, strides, dilations, pads;  // pads: begins then ends
    bool bias;
};

std::vector<int64_t> strides3(const std::vector<int64_t>& d) {
    std::vector<int64_t> s(d.size(), 1);
    for (size_t i = d.size(); i-- > 1;) s[i - 1] = s[i] * d[i];
    return s;
}

// Direct convolution: y[n,m,o] = b[m] + sum_{c in group, k} w[m,c,k] * x[n, g*Cg + c, o*s - p + k*d].
Tensor referenceConv(const ConvCase& cc, const Tensor& X, const Tensor& W, const Tensor* B) {
    const size_t r = cc.in.size();
    std::vector<int64_t> out(r);
    for (size_t i = 0; i < r; ++i)
        out[i] = (cc.in[i] + cc.pads[i] + cc.pads[i + r] - ((cc.kernel[i] - 1) * cc.dilations[i] + 1)) / cc.strides[i] + 1;
    std::vector<int64_t> ydims = {cc.N, cc.M};
    ydims.insert(ydims.end(), out.begin(), out.end());
    Tensor Y(DataType::Float32, ydims);
    const int64_t Cg = cc.C / cc.group, Mg = cc.M / cc.group;
    int64_t outSize = 1, kSize = 1, inSize = 1;
    for (size_t i = 0; i < r; ++i) {
        outSize *= out[i];
        kSize *= cc.kernel[i];
        inSize *= cc.in[i];
    }
    auto os = strides3(out), ks = strides3(cc.kernel), is = strides3(cc.in);
    const float* x = X.data<float>();
    const float* w = W.data<float>();
    float* y = Y.data<float>();
    for (int64_t n = 0; n < cc.N; ++n)
        for (int64_t m = 0; m < cc.M; ++m) {
            int64_t g = m / Mg;
            for (int64_t o = 0; o < outSize; ++o) {
                double acc = B ? B->data<float>()[m] : 0.0;
                for (int64_t c = 0; c < Cg; ++c)
                    for (int64_t k = 0; k < kSize; ++k) {
                        int64_t off = 0;
                        bool inside = true;
                        for (size_t i = 0; i < r; ++i) {
                            int64_t oi = (o / os[i]) % out[i], ki = (k / ks[i]) % cc.kernel[i];
                            int64_t pos = oi * cc.strides[i] - cc.pads[i] + ki * cc.dilations[i];
                            if (pos < 0 || pos >= cc.in[i]) inside = false;
                            off += pos * is[i];
                        }
                        if (!inside) continue;
                        acc += double(w[(m * Cg + c) * kSize + k]) * x[(n * cc.C + g * Cg + c) * inSize + off];
                    }
                y[(n * cc.M + m) * outSize + o] = float(acc);
            }
        }
    return Y;
}

std::map<std::string, Attribute> convAttrs(const ConvCase& cc) {
    return {{"group", cc.group}, {"strides", cc.strides}, {"dilations", cc.dilations}, {"pads", cc.pads}};
}

class KernelsBConvGrid : public ::testing::TestWithParam<ConvCase> {};

TEST_P(KernelsBConvGrid, MatchesDirectConvolution) {
    const ConvCase& cc = GetParam();
    std::vector<int64_t> xd = {cc.N, cc.C}, wd = {cc.M, cc.C / cc.group};
    xd.insert(xd.end(), cc.in.begin(), cc.in.end());
    wd.insert(wd.end(), cc.kernel.begin(), cc.kernel.end());
    Tensor X = randomTensor(xd, 1), W = randomTensor(wd, 2), B = randomTensor({cc.M}, 3);
    std::vector<Tensor> inputs = {X, W};
    if (cc.bias) inputs.push_back(B);
    Tensor expected = referenceConv(cc, X, W, cc.bias ? &B : nullptr);
    // Both fp32 paths: Kiln's AVX-512 packed GEMM (where the CPU has it) and OpenBLAS.
    for (bool avx512 : {true, false}) {
        kiln::cpu::setAvx512Enabled(avx512);
        auto out = runSingleNode("Conv", inputs, convAttrs(cc));
        expectTensorNear(out[0], expected, 1e-4, 1e-4);
    }
    kiln::cpu::setAvx512Enabled(true);
}

INSTANTIATE_TEST_SUITE_P(
    KernelsB, KernelsBConvGrid,
    ::testing::Values(
        // N, C, M, group, in, kernel, strides, dilations, pads, bias
        ConvCase{1, 3, 5, 1, {7, 9}, {3, 3}, {1, 1}, {1, 1}, {1, 1, 1, 1}, true},
        ConvCase{2, 3, 4, 1, {8, 5}, {3, 2}, {2, 1}, {1, 1}, {0, 1, 2, 0}, true},       // asymmetric pads
        ConvCase{1, 5, 7, 1, {6, 6}, {1, 1}, {1, 1}, {1, 1}, {0, 0, 0, 0}, true},       // 1x1 direct GEMM
        ConvCase{2, 4, 6, 1, {5, 7}, {1, 1}, {2, 2}, {1, 1}, {0, 0, 0, 0}, false},      // 1x1 strided
        ConvCase{1, 6, 9, 3, {7, 7}, {3, 3}, {1, 1}, {1, 1}, {1, 1, 1, 1}, true},       // groups
        ConvCase{2, 5, 5, 5, {9, 8}, {3, 3}, {2, 2}, {1, 1}, {1, 0, 1, 2}, true},       // depthwise
        ConvCase{1, 3, 6, 3, {6, 7}, {3, 2}, {1, 2}, {2, 1}, {2, 1, 0, 1}, true},       // depthwise x2
        ConvCase{1, 3, 4, 1, {11, 10}, {3, 3}, {1, 1}, {2, 3}, {2, 3, 2, 3}, false},    // dilation
        ConvCase{1, 1, 1, 1, {1, 1}, {1, 1}, {1, 1}, {1, 1}, {0, 0, 0, 0}, true},       // size-1 dims
        ConvCase{1, 2, 3, 1, {1, 9}, {1, 3}, {1, 3}, {1, 1}, {0, 0, 0, 2}, true},       // height 1
        ConvCase{3, 7, 3, 1, {13}, {4}, {3}, {1}, {2, 1}, true},                        // 1-D
        ConvCase{1, 4, 4, 2, {10}, {3}, {1}, {3}, {0, 0}, false},                        // 1-D grouped dilated
        ConvCase{1, 3, 4, 1, {4, 5, 6}, {2, 3, 3}, {1, 2, 1}, {1, 1, 2}, {1, 0, 1, 0, 1, 2}, true},  // 3-D
        ConvCase{2, 4, 4, 4, {3, 4, 5}, {3, 3, 3}, {1, 1, 1}, {1, 1, 1}, {1, 1, 1, 1, 1, 1}, true},  // 3-D dw
        ConvCase{2, 3, 4, 1, {3, 3, 1}, {1, 2, 3}, {1, 1, 1}, {1, 1, 1}, {0, 1, 2, 0, 0, 0}, true},  // taps all in pad
        ConvCase{1, 3, 3, 3, {3, 1}, {2, 3}, {1, 1}, {1, 1}, {0, 2, 1, 0}, true},  // depthwise, taps in pad
        ConvCase{1, 64, 2, 1, {40, 300}, {3, 3}, {1, 1}, {1, 1}, {1, 1, 1, 1}, false},  // col slices
        // Blocks of output positions that start and end mid-row, with batch and groups.
        ConvCase{2, 6, 8, 2, {23, 19}, {3, 3}, {1, 1}, {1, 1}, {1, 1, 1, 1}, true},
        ConvCase{1, 3, 5, 1, {37, 41}, {5, 3}, {2, 3}, {1, 2}, {2, 1, 1, 3}, true},
        ConvCase{2, 8, 6, 1, {21, 17}, {1, 1}, {1, 1}, {1, 1}, {0, 0, 0, 0}, true},     // 1x1 in blocks
        ConvCase{1, 2, 3, 1, {300}, {5}, {1}, {1}, {2, 2}, true},                       // long 1-D
        // Depthwise on the padded-plane fast path (unit width stride, no dilation): row tails,
        // height stride, channel multiplier, asymmetric and large pads, 5x5 kernels.
        ConvCase{2, 4, 4, 4, {20, 37}, {3, 3}, {1, 1}, {1, 1}, {1, 1, 1, 1}, true},
        ConvCase{1, 3, 6, 3, {17, 18}, {3, 3}, {2, 1}, {1, 1}, {0, 2, 1, 0}, true},
        ConvCase{1, 2, 2, 2, {9, 40}, {5, 5}, {1, 1}, {1, 1}, {2, 2, 2, 2}, false},
        ConvCase{1, 2, 2, 2, {4, 5}, {3, 3}, {1, 1}, {1, 1}, {3, 3, 3, 3}, true},  // pads wider than the kernel
        // 3x3 and 5x5 at unit height stride (taps shared across 8, 4 and 1 output rows).
        ConvCase{2, 3, 6, 3, {13, 33}, {3, 3}, {1, 1}, {1, 1}, {1, 1, 1, 1}, true},
        ConvCase{1, 2, 2, 2, {15, 17}, {5, 5}, {1, 1}, {1, 1}, {2, 1, 0, 3}, true},
        // im2col from zero-padded copies of small images (AVX-512): strided rows picked by permutes,
        // rows longer than one 16-column chunk, dilation, no padding, and the fallbacks (width
        // stride 16; an image over the copy's size limit, strided, through the bounds-checked walk).
        ConvCase{1, 4, 8, 1, {16, 16}, {3, 3}, {2, 2}, {1, 1}, {1, 1, 1, 1}, true},
        ConvCase{2, 3, 5, 1, {20, 70}, {3, 5}, {1, 3}, {1, 2}, {1, 2, 0, 1}, true},
        ConvCase{1, 2, 3, 1, {9, 100}, {2, 3}, {2, 5}, {1, 1}, {1, 1, 1, 1}, false},
        ConvCase{1, 3, 4, 1, {10, 37}, {3, 3}, {1, 1}, {1, 1}, {0, 0, 0, 0}, true},
        // 3-D, depth 1, padded in front with depth stride 2: the one output depth sees only padding
        // (the 2-D row-by-row padded copy must not take it).
        ConvCase{1, 2, 3, 1, {1, 5, 5}, {1, 3, 3}, {2, 1, 1}, {1, 1, 1}, {1, 1, 1, 0, 1, 1}, true},
        ConvCase{1, 2, 2, 1, {5, 70}, {1, 3}, {1, 16}, {1, 1}, {0, 1, 0, 1}, true},
        ConvCase{1, 16, 4, 1, {140, 140}, {3, 3}, {2, 2}, {1, 1}, {1, 1, 1, 1}, false},
        // Dilated depthwise on the fast paths (LRASPP/DeepLab backbones): 5x5 and 3x3 at dilation 2
        // read straight from the plane (rows of 8, 4 and 1, tails past 16 columns), dilation 3 and
        // unequal dilations through the padded plane, and column stride 2 with dilation 2 (even and
        // odd columns: tap kw at column 2 ow + 2 kw) and a row stride of 2.
        ConvCase{1, 3, 3, 3, {29, 21}, {5, 5}, {1, 1}, {2, 2}, {4, 4, 4, 4}, true},
        ConvCase{2, 2, 4, 2, {13, 35}, {3, 3}, {1, 1}, {2, 2}, {2, 1, 2, 3}, true},
        ConvCase{1, 3, 3, 3, {14, 19}, {3, 3}, {1, 1}, {3, 3}, {3, 3, 3, 3}, false},
        ConvCase{1, 2, 2, 2, {17, 23}, {5, 3}, {1, 1}, {1, 2}, {2, 2, 2, 2}, true},
        ConvCase{1, 3, 3, 3, {21, 37}, {5, 5}, {2, 2}, {2, 2}, {4, 4, 4, 4}, true},
        ConvCase{1, 2, 2, 2, {20, 9}, {3, 3}, {2, 1}, {2, 2}, {2, 2, 1, 0}, false},
        // Stride 2 with an odd padded width (the last odd column is past the row: zero).
        ConvCase{1, 5, 5, 5, {33, 47}, {3, 3}, {2, 2}, {1, 1}, {1, 1, 1, 1}, true}));

// kiln::FusedConv on depthwise convolutions: act(Conv + B + Z) with the epilogue applied to each
// plane as it is written (two images, a channel multiplier of 2: the residual's plane offset), for
// every activation the passes fuse, at stride 1 (direct), 2 (even/odd columns) and dilation 2.
TEST(KernelsBConv, FusedDepthwiseEpilogueMatchesConvThenActivation) {
    using kiln::fused::Activation;
    const std::vector<std::pair<std::string, std::vector<float>>> activations = {
        {"None", {}},        {"Relu", {}},           {"LeakyRelu", {0.1f}},     {"Clip", {0.f, 0.6f}},
        {"Sigmoid", {}},     {"HardSigmoid", {0.2f, 0.5f}}, {"HardSwish", {}}, {"Tanh", {}},
        {"SiLU", {}},        {"Gelu", {}},           {"GeluTanh", {}}};
    const std::vector<ConvCase> cases = {
        ConvCase{2, 3, 6, 3, {19, 21}, {3, 3}, {1, 1}, {1, 1}, {1, 1, 1, 1}, true},
        ConvCase{2, 3, 6, 3, {19, 21}, {5, 5}, {2, 2}, {1, 1}, {2, 2, 2, 2}, true},
        ConvCase{2, 3, 6, 3, {19, 21}, {5, 5}, {1, 1}, {2, 2}, {4, 4, 4, 4}, true}};
    for (const ConvCase& cc : cases) {
        Tensor X = randomTensor({cc.N, cc.C, cc.in[0], cc.in[1]}, 21), W = randomTensor({cc.M, 1, cc.kernel[0], cc.kernel[1]}, 22);
        Tensor B = randomTensor({cc.M}, 23);
        const Tensor conv = referenceConv(cc, X, W, &B);
        Tensor Z = randomTensor(std::vector<int64_t>(conv.dims().begin(), conv.dims().end()), 24);
        for (const auto& [name, params] : activations) {
            SCOPED_TRACE(name + " kernel " + std::to_string(cc.kernel[0]) + " stride " + std::to_string(cc.strides[0]) +
                         " dilation " + std::to_string(cc.dilations[0]));
            const Activation a = *kiln::fused::parseActivation(name);
            Tensor expected(DataType::Float32, std::vector<int64_t>(conv.dims().begin(), conv.dims().end()));
            for (int64_t i = 0; i < conv.numel(); ++i)
                expected.data<float>()[i] = kiln::fused::applyActivation(
                    a, conv.data<float>()[i] + Z.data<float>()[i], params.empty() ? 0.f : params[0],
                    params.size() < 2 ? 0.f : params[1]);
            std::map<std::string, Attribute> attrs = convAttrs(cc);
            attrs["activation"] = name;
            if (!params.empty()) attrs["activation_params"] = params;
            for (bool avx512 : {true, false}) {
                kiln::cpu::setAvx512Enabled(avx512);
                auto out = runSingleNodeWith([](const Graph& g, const TensorMap& feeds) { return Executor(g).run(feeds); },
                                             "FusedConv", {X, W, B, Z}, attrs, 1, "kiln");
                expectTensorNear(out[0], expected, 1e-4, 1e-4);
            }
            kiln::cpu::setAvx512Enabled(true);
        }
    }
}

TEST(KernelsBConv, AutoPadSameUpperAndLower) {
    Tensor X = randomTensor({1, 2, 7, 6}, 4), W = randomTensor({3, 2, 3, 4}, 5);
    // SAME_UPPER, stride 2: out = ceil(7/2)=4, ceil(6/2)=3; total pad H = 3*2+3-7 = 2 -> (1,1);
    // W: 2*2+4-6 = 2 -> (1,1). Kernel 4 with stride 1 would be odd; check with stride 1 too.
    ConvCase upper{1, 2, 3, 1, {7, 6}, {3, 4}, {2, 2}, {1, 1}, {1, 1, 1, 1}, false};
    auto out = runSingleNode("Conv", {X, W}, {{"auto_pad", "SAME_UPPER"}, {"strides", std::vector<int64_t>{2, 2}}});
    expectTensorNear(out[0], referenceConv(upper, X, W, nullptr), 1e-4, 1e-4);
    // stride 1: total pad H = 2 -> (1,1), W = 3 -> upper (1,2), lower (2,1).
    ConvCase u1{1, 2, 3, 1, {7, 6}, {3, 4}, {1, 1}, {1, 1}, {1, 1, 1, 2}, false};
    ConvCase l1{1, 2, 3, 1, {7, 6}, {3, 4}, {1, 1}, {1, 1}, {1, 2, 1, 1}, false};
    expectTensorNear(runSingleNode("Conv", {X, W}, {{"auto_pad", "SAME_UPPER"}})[0], referenceConv(u1, X, W, nullptr),
                     1e-4, 1e-4);
    expectTensorNear(runSingleNode("Conv", {X, W}, {{"auto_pad", "SAME_LOWER"}})[0], referenceConv(l1, X, W, nullptr),
                     1e-4, 1e-4);
    ConvCase valid{1, 2, 3, 1, {7, 6}, {3, 4}, {1, 1}, {1, 1}, {0, 0, 0, 0}, false};
    expectTensorNear(runSingleNode("Conv", {X, W}, {{"auto_pad", "VALID"}, {"pads", std::vector<int64_t>{5, 5, 5, 5}}})[0],
                     referenceConv(valid, X, W, nullptr), 1e-4, 1e-4);
}

TEST(KernelsBConv, HandComputed) {
    // 1x1x3x3 input, 2x2 kernel of ones: each output is the sum of a 2x2 block.
    Tensor X = Tensor::fromVector<float>({1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
    Tensor W = Tensor::fromVector<float>({1, 1, 2, 2}, {1, 1, 1, 1});
    auto out = runSingleNode("Conv", {X, W});
    expectTensorNear(out[0], Tensor::fromVector<float>({1, 1, 2, 2}, {12, 16, 24, 28}));
}

TEST(KernelsBConv, Float64) {
    Tensor X = Tensor::fromVector<double>({1, 1, 3}, {1, 2, 3});
    Tensor W = Tensor::fromVector<double>({1, 1, 2}, {1, -1});
    expectTensorNear(runSingleNode("Conv", {X, W})[0], Tensor::fromVector<double>({1, 1, 2}, {-1, -1}));
}

TEST(KernelsBConv, Errors) {
    Tensor X = randomTensor({1, 4, 5, 5}, 1);
    expectNodeError("Conv", {X, randomTensor({2, 3, 3, 3}, 2)}, {}, ErrorKind::InvalidArgument, {"group"});
    expectNodeError("Conv", {X, randomTensor({2, 4, 7, 7}, 2)}, {}, ErrorKind::InvalidArgument, {"empty"});
    expectNodeError("Conv", {X, randomTensor({2, 4, 3, 3}, 2), randomTensor({3}, 3)}, {}, ErrorKind::InvalidArgument,
                    {"bias"});
    expectNodeError("Conv", {X, randomTensor({2, 4, 3}, 2)}, {}, ErrorKind::InvalidArgument, {"rank"});
    expectNodeError("Conv", {X, randomTensor({2, 4, 3, 3}, 2)}, {{"strides", std::vector<int64_t>{0, 1}}},
                    ErrorKind::InvalidModel, {"strides"});
    expectNodeError("Conv", {X, randomTensor({2, 4, 3, 3}, 2)}, {{"kernel_shape", std::vector<int64_t>{2, 2}}},
                    ErrorKind::InvalidModel, {"kernel_shape"});
}

// ---- ConvTranspose ------------------------------------------------------------------------------

struct ConvTCase {
    int64_t N, C, M, group;
    std::vector<int64_t> in, kernel, strides, dilations, pads, outputPadding;
    bool bias;
};

// Scatter form: y[n, g*Mg+m, i*s - p + k*d] += x[n, g*Cg+c, i] * w[g*Cg+c, m, k].
Tensor referenceConvTranspose(const ConvTCase& cc, const Tensor& X, const Tensor& W, const Tensor* B) {
    const size_t r = cc.in.size();
    std::vector<int64_t> out(r);
    for (size_t i = 0; i < r; ++i)
        out[i] = cc.strides[i] * (cc.in[i] - 1) + cc.outputPadding[i] + (cc.kernel[i] - 1) * cc.dilations[i] + 1 -
                 cc.pads[i] - cc.pads[i + r];
    std::vector<int64_t> ydims = {cc.N, cc.M};
    ydims.insert(ydims.end(), out.begin(), out.end());
    Tensor Y(DataType::Float32, ydims);
    const int64_t Cg = cc.C / cc.group, Mg = cc.M / cc.group;
    int64_t outSize = 1, kSize = 1, inSize = 1;
    for (size_t i = 0; i < r; ++i) {
        outSize *= out[i];
        kSize *= cc.kernel[i];
        inSize *= cc.in[i];
    }
    auto os = strides3(out), ks = strides3(cc.kernel), is = strides3(cc.in);
    const float* x = X.data<float>();
    const float* w = W.data<float>();
    float* y = Y.data<float>();
    for (int64_t n = 0; n < cc.N; ++n)
        for (int64_t m = 0; m < cc.M; ++m)
            for (int64_t o = 0; o < outSize; ++o) y[(n * cc.M + m) * outSize + o] = B ? B->data<float>()[m] : 0.f;
    for (int64_t n = 0; n < cc.N; ++n)
        for (int64_t c = 0; c < cc.C; ++c) {
            int64_t g = c / Cg;
            for (int64_t i = 0; i < inSize; ++i)
                for (int64_t m = 0; m < Mg; ++m)
                    for (int64_t k = 0; k < kSize; ++k) {
                        int64_t off = 0;
                        bool inside = true;
                        for (size_t d = 0; d < r; ++d) {
                            int64_t ii = (i / is[d]) % cc.in[d], ki = (k / ks[d]) % cc.kernel[d];
                            int64_t pos = ii * cc.strides[d] - cc.pads[d] + ki * cc.dilations[d];
                            if (pos < 0 || pos >= out[d]) inside = false;
                            off += pos * os[d];
                        }
                        if (!inside) continue;
                        y[(n * cc.M + g * Mg + m) * outSize + off] +=
                            x[(n * cc.C + c) * inSize + i] * w[(c * Mg + m) * kSize + k];
                    }
        }
    return Y;
}

class KernelsBConvTransposeGrid : public ::testing::TestWithParam<ConvTCase> {};

TEST_P(KernelsBConvTransposeGrid, MatchesScatterReference) {
    const ConvTCase& cc = GetParam();
    std::vector<int64_t> xd = {cc.N, cc.C}, wd = {cc.C, cc.M / cc.group};
    xd.insert(xd.end(), cc.in.begin(), cc.in.end());
    wd.insert(wd.end(), cc.kernel.begin(), cc.kernel.end());
    Tensor X = randomTensor(xd, 7), W = randomTensor(wd, 8), B = randomTensor({cc.M}, 9);
    std::vector<Tensor> inputs = {X, W};
    if (cc.bias) inputs.push_back(B);
    auto out = runSingleNode("ConvTranspose", inputs,
                             {{"group", cc.group},
                              {"strides", cc.strides},
                              {"dilations", cc.dilations},
                              {"pads", cc.pads},
                              {"output_padding", cc.outputPadding}});
    expectTensorNear(out[0], referenceConvTranspose(cc, X, W, cc.bias ? &B : nullptr), 1e-4, 1e-4);
}

INSTANTIATE_TEST_SUITE_P(
    KernelsB, KernelsBConvTransposeGrid,
    ::testing::Values(
        ConvTCase{1, 3, 2, 1, {3, 3}, {3, 3}, {1, 1}, {1, 1}, {0, 0, 0, 0}, {0, 0}, false},
        ConvTCase{2, 3, 5, 1, {4, 5}, {3, 3}, {2, 2}, {1, 1}, {1, 0, 1, 2}, {1, 0}, true},
        ConvTCase{1, 4, 6, 2, {3, 4}, {2, 3}, {3, 2}, {2, 1}, {0, 1, 0, 0}, {0, 1}, true},
        ConvTCase{1, 5, 5, 5, {5, 5}, {3, 3}, {2, 2}, {1, 1}, {1, 1, 1, 1}, {1, 1}, true},  // depthwise
        ConvTCase{2, 3, 4, 1, {7}, {4}, {3}, {2}, {1, 2}, {2}, true},                       // 1-D
        ConvTCase{1, 2, 3, 1, {2, 3, 2}, {2, 2, 3}, {2, 1, 2}, {1, 2, 1}, {0, 1, 0, 1, 0, 1}, {1, 0, 0}, true},
        ConvTCase{1, 1, 1, 1, {1, 1}, {1, 1}, {1, 1}, {1, 1}, {0, 0, 0, 0}, {0, 0}, false}));

TEST(KernelsBConvTranspose, OutputShapeAndAutoPad) {
    Tensor X = randomTensor({1, 2, 3, 3}, 11), W = randomTensor({2, 3, 3, 3}, 12);
    // output_shape 10x8 with stride 3: full = 3*2+3 = 9 (+ output_padding); total pad = 9 - 10 = -1 (H),
    // 9 - 8 = 1 (W): NOTSET puts the larger half first: H (0,-1), W (1,0).
    ConvTCase h{1, 2, 3, 1, {3, 3}, {3, 3}, {3, 3}, {1, 1}, {0, 1, -1, 0}, {0, 0}, false};
    auto out = runSingleNode("ConvTranspose", {X, W},
                             {{"strides", std::vector<int64_t>{3, 3}}, {"output_shape", std::vector<int64_t>{10, 8}}});
    expectTensorNear(out[0], referenceConvTranspose(h, X, W, nullptr), 1e-4, 1e-4);
    // SAME_UPPER: out = in * stride = 6 with stride 2; total = 2*2+3-6 = 1 -> begin 0, end 1.
    ConvTCase su{1, 2, 3, 1, {3, 3}, {3, 3}, {2, 2}, {1, 1}, {0, 0, 1, 1}, {0, 0}, false};
    out = runSingleNode("ConvTranspose", {X, W}, {{"strides", std::vector<int64_t>{2, 2}}, {"auto_pad", "SAME_UPPER"}});
    expectTensorNear(out[0], referenceConvTranspose(su, X, W, nullptr), 1e-4, 1e-4);
}

TEST(KernelsBConvTranspose, Errors) {
    Tensor X = randomTensor({1, 4, 3, 3}, 1);
    expectNodeError("ConvTranspose", {X, randomTensor({3, 2, 3, 3}, 2)}, {}, ErrorKind::InvalidArgument, {"W"});
    expectNodeError("ConvTranspose", {X, randomTensor({4, 2, 3, 3}, 2)}, {{"pads", std::vector<int64_t>{1, 1}}},
                    ErrorKind::InvalidModel, {"pads"});
}

}  // namespace
