// Kiln's own CUDA kernels around the cuDNN convolution (conv.cpp), callable from host C++: the
// epilogue of the split form (bias, residual and activation in one pass over Y, where cuDNN has no
// engine for the fused graph) and a strided copy that lays a tensor out the way a cuDNN graph reads
// it (X zero-padded for asymmetric pads, W in X's layout). Both enqueue on `stream` and return the
// launch status (cudaGetLastError).
#pragma once

#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>

#include "engine_core/ir/datatype.h"
#include "engine_core/passes/fused_ops.h"

namespace kiln::cuda {

// Y = act(Y + bias[k] + Z), in place. Y is [N, K, S] (S: the spatial dims flattened) stored NCHW-like
// or channels last ([N, S, K]); Z has Y's dims in its own layout.
struct ConvEpilogueParams {
    void* y = nullptr;
    const void* bias = nullptr;  // [K], or null
    const void* z = nullptr;     // or null
    DataType dtype = DataType::Float32;  // of Y, bias and Z: fp32, fp16 or bf16 (computed in float)
    int64_t batch = 0, channels = 0, spatial = 0;
    bool yChannelsLast = false, zChannelsLast = false;
    fused::Activation activation = fused::Activation::None;
    float p0 = 0.f, p1 = 0.f;  // LeakyRelu alpha; Clip min, max; HardSigmoid alpha, beta
};
cudaError_t launchConvEpilogue(const ConvEpilogueParams& params, cudaStream_t stream);

constexpr int kStridedCopyMaxRank = 6;

// dst (packed, dims outermost first) = src read at (index - shift) with srcStrides; a position
// outside [0, srcDims) reads zero. Element sizes 1, 2, 4 and 8.
struct StridedCopyParams {
    void* dst = nullptr;
    const void* src = nullptr;
    size_t elementSize = 4;
    int rank = 0;
    int64_t dims[kStridedCopyMaxRank] = {};
    int64_t srcStrides[kStridedCopyMaxRank] = {};
    int64_t shift[kStridedCopyMaxRank] = {};
    int64_t srcDims[kStridedCopyMaxRank] = {};
};
cudaError_t launchStridedCopy(const StridedCopyParams& params, cudaStream_t stream);

// The im2col of a patch convolution (kernel = stride, no padding): X [N, C, H, W] (linear, or
// channels last) gathered into dst [N·Ho·Wo, C·P·Q] row-major, columns in W's (c, p, q) order.
// Element sizes 2 and 4.
struct PatchifyParams {
    void* dst = nullptr;
    const void* src = nullptr;
    size_t elementSize = 2;
    bool channelsLast = true;
    int64_t n = 0, c = 0, h = 0, w = 0, p = 0, q = 0, ho = 0, wo = 0;
};
cudaError_t launchPatchify(const PatchifyParams& params, cudaStream_t stream);

// Channels-last rows of srcChannels elements widened to dstChannels (> srcChannels) with zeros:
// dst[p][c] = c < srcChannels ? src[p][c] : 0 for `pixels` rows (a stem convolution's 3-channel
// input padded to 8 for the tensor cores). Element sizes 2 and 4.
cudaError_t launchPadChannels(void* dst, const void* src, int64_t pixels, int64_t srcChannels, int64_t dstChannels,
                              size_t elementSize, cudaStream_t stream);

}  // namespace kiln::cuda
