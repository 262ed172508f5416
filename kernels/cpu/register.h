// Registration functions of the CPU reference kernels, one per op-family file.
// registerCpuKernels() (register.cpp) calls each of them: an explicit list, no static initializers.
#pragma once

#include "engine_core/runtime/kernel.h"

namespace kiln::cpu {

// elementwise.cpp: unary math, binary arithmetic with broadcasting, comparisons, logic, Where,
// Cast/CastLike, IsNaN/IsInf, Max/Min/Sum/Mean, activations (Relu ... PRelu, Gelu, Clip).
void registerElementwiseKernels(KernelRegistry& registry);
// normalization.cpp: BatchNormalization, LayerNormalization, InstanceNormalization,
// GroupNormalization, LpNormalization.
void registerNormalizationKernels(KernelRegistry& registry);
// softmax.cpp: Softmax, LogSoftmax, Hardmax.
void registerSoftmaxKernels(KernelRegistry& registry);
// reduce.cpp: Reduce*, ArgMax/ArgMin, CumSum, TopK.
void registerReduceKernels(KernelRegistry& registry);

// conv.cpp: Conv, ConvTranspose (im2col + GEMM).
void registerConvKernels(KernelRegistry& registry);
// matmul.cpp: Gemm, MatMul, Einsum.
void registerMatMulKernels(KernelRegistry& registry);
// pool.cpp: MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool.
void registerPoolKernels(KernelRegistry& registry);
// shape_ops.cpp: Reshape, Flatten, Transpose, Squeeze, Unsqueeze, Concat, Split, Slice, Shape, Size,
// ConstantOfShape, Range, Identity, Dropout, Constant, Expand, Tile, Trilu.
void registerShapeKernels(KernelRegistry& registry);
// gather_scatter.cpp: Gather, GatherElements, GatherND, ScatterND, ScatterElements.
void registerGatherScatterKernels(KernelRegistry& registry);
// pad_resize.cpp: Pad, Resize.
void registerPadResizeKernels(KernelRegistry& registry);
// quantize.cpp: QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear; quantized_linear.cpp:
// MatMulInteger, ConvInteger, QLinearMatMul, QLinearConv (integer products through gemm_int8.h).
void registerQuantizeKernels(KernelRegistry& registry);
// fused.cpp: Kiln's fused ops (domain "kiln"): FusedConv, FusedMatMul, Pointwise, Attention.
void registerFusedKernels(KernelRegistry& registry);
// control_flow.cpp: If, Loop, Scan (their bodies run through the reference executor).
void registerControlFlowKernels(KernelRegistry& registry);
// reformat.cpp: kiln::Reformat (linear <-> nhwc), inserted by the builder between layouts.
void registerReformatKernels(KernelRegistry& registry);

// Extra tactics the builder times against the reference kernels (tactics_*.cpp):
// MatMul and kiln::FusedMatMul "blocked_loop" (tactics_matmul.cpp), Conv and kiln::FusedConv
// "direct_loop" (tactics_conv.cpp).
void registerMatMulTactics(KernelRegistry& registry);
void registerConvTactics(KernelRegistry& registry);
void registerCpuTactics(KernelRegistry& registry);  // all of the above

}  // namespace kiln::cpu
