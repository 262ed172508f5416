// Registration functions of the CUDA kernels, one per op-family file; registerCudaKernels
// (cuda_backend.cpp) calls each. Ops without a CUDA kernel run on the CPU: the builder assigns
// them there and inserts the copy layers.
#pragma once

#include "engine_core/runtime/kernel.h"

namespace kiln::cuda {

// elementwise*.cu: unary math and activations, binary ops with broadcasting, comparisons, logic,
// Where, Clip, PRelu, Max/Min/Sum/Mean, Cast/CastLike, kiln::Pointwise
void registerElementwiseKernels(KernelRegistry& registry);
// matmul.cpp (cuBLASLt) + matmul_epilogue.cu: MatMul, Gemm, kiln::FusedMatMul, kiln::Attention
void registerMatMulKernels(KernelRegistry& registry);
// data_movement.cu: Reshape, Flatten, Squeeze, Unsqueeze, Identity, Dropout, Shape, Size, Transpose,
// Expand, Tile, Slice, Concat, Split, Gather, Pad, Resize, kiln::Reformat
void registerDataMovementKernels(KernelRegistry& registry);
// reduce.cu: Reduce*, ArgMax/ArgMin, GlobalAveragePool/GlobalMaxPool, Softmax/LogSoftmax/Hardmax,
// LayerNormalization, BatchNormalization, InstanceNormalization, GroupNormalization, LpNormalization
void registerReduceKernels(KernelRegistry& registry);
void registerPoolKernels(KernelRegistry& registry);  // pool.cu: MaxPool, AveragePool
// conv.cpp (cuDNN graph API) + conv_epilogue.cu: Conv, kiln::FusedConv
void registerConvKernels(KernelRegistry& registry);
// depthwise.cu: Conv, kiln::FusedConv with group = C = K on channels-last tensors (a tactic beside cuDNN's)
void registerDepthwiseKernels(KernelRegistry& registry);
// patch_gemm.cpp (cuBLASLt) + conv_epilogue.cu: Conv, kiln::FusedConv whose kernel equals its stride (patch
// embeddings) on channels-last Y as one GEMM (a tactic beside cuDNN's)
void registerPatchGemmKernels(KernelRegistry& registry);
// sdpa.cpp (cuDNN graph API): kiln::Attention as cuDNN's fused attention (fp16/bf16), a second tactic
void registerSdpaKernels(KernelRegistry& registry);

}  // namespace kiln::cuda
