// Kiln's own CUDA kernels around the cuBLASLt products of matmul.cpp, for what cuBLASLt's epilogues
// can't do: kiln::FusedMatMul's element-wise tail (a broadcast bias or residual, any fused
// activation), Gemm's C broadcast into the output before an in-place product, and the row softmax
// of kiln::Attention's fallback. Everything is enqueued on the given stream (no synchronization), in
// the tensors' float type (fp32, fp16, bf16), computing in float. Launch errors fail naming ctx's node.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>
#include <span>

#include "engine_core/passes/fused_ops.h"
#include "engine_core/runtime/kernel.h"

namespace kiln::cuda {

// The highest output rank these kernels index (common.cuh's kMaxRank; matmul.cpp can't include it).
constexpr int kEpilogueMaxRank = 8;

// An operand that broadcasts into the output (numpy rules, right-aligned) without growing it.
// data == nullptr: absent.
struct BroadcastOperand {
    const void* data = nullptr;
    std::span<const int64_t> dims;
};

// y = act(y + bias + z), in that order, as kiln::FusedMatMul's contract (fused_ops.h) computes it.
struct EpilogueSpec {
    BroadcastOperand bias, z;
    fused::Activation activation = fused::Activation::None;
    float p0 = 0.f, p1 = 0.f;  // activation_params
};

// Applies `spec` in place over y (dims yDims, of `dtype`; bias and z of the same type).
void enqueueEpilogue(const KernelContext& ctx, DataType dtype, void* y, std::span<const int64_t> yDims,
                     const EpilogueSpec& spec, cudaStream_t stream);

// dst = scale · src broadcast into dstDims (both of `dtype`; scale 1 copies exactly).
void enqueueBroadcast(const KernelContext& ctx, DataType dtype, const BroadcastOperand& src, void* dst,
                      std::span<const int64_t> dstDims, float scale, cudaStream_t stream);

// kiln::Attention's softmax over the last axis of the scores (fp32, dims scoreDims): each row gets
// the mask added (of maskType, broadcast into scoreDims; data nullptr: none), then
// probs = exp(s - max) / sum, NaN probabilities (a fully masked row) written as 0 when nanToZero.
// The masked scores are written back into `scores`; probs (of probsType) may be `scores` itself for fp32.
void enqueueAttentionSoftmax(const KernelContext& ctx, float* scores, DataType probsType, void* probs,
                             std::span<const int64_t> scoreDims, const BroadcastOperand& mask,
                             DataType maskType, bool nanToZero, cudaStream_t stream);

// Every NaN of `count` elements of `dtype` at data becomes 0.
void enqueueZeroNan(const KernelContext& ctx, DataType dtype, void* data, int64_t count, cudaStream_t stream);

// dst (contiguous, dims `dims`) = src read through element `strides` (data_movement.cu's strided
// copy: tiled where a transpose needs it); elements of `elementBytes`. kiln::Attention's strided
// form packs Q, Kᵀ and V with it and writes its output into the layout the graph wants.
void enqueueStridedGather(const KernelContext& ctx, cudaStream_t stream, const void* src, void* dst, size_t elementBytes,
                          std::span<const int64_t> dims, std::span<const int64_t> strides);

}  // namespace kiln::cuda
