// The oracle: plain, naive CPU kernels, one file per op family, that every other backend
// (the optimized CPU kernels, CUDA, later INT8/FP16) is tested against — as ncnn keeps src/layer/
// apart from src/layer/x86/. Straight index loops, no intrinsics, no BLAS, no threads, and nothing
// from the optimized kernels in kernels/cpu/*.cpp. They register into their own KernelRegistry,
// never into defaultKernelRegistry().
#pragma once

#include <utility>
#include <vector>

#include "engine_core/runtime/kernel.h"

namespace kiln::naive {

// The one place that names the oracle's registry key: backends are about to become string ids and
// the oracle its own backend ("oracle"), so every naive kernel registers through here.
inline void addNaive(KernelRegistry& registry, const char* op, KernelFn fn, std::vector<DataType> types,
                     const char* domain = "") {
    registry.add(op, BackendKind::Cpu, KernelDef{fn, std::move(types)}, domain);
}

// family A registration functions are declared by the other half

// Family B (register_b.cpp calls them all through registerNaiveKernelsB).
// conv.cpp: Conv, ConvTranspose.
void registerNaiveConvKernels(KernelRegistry& registry);
// matmul.cpp: Gemm, MatMul.
void registerNaiveMatMulKernels(KernelRegistry& registry);
// einsum.cpp: Einsum.
void registerNaiveEinsumKernels(KernelRegistry& registry);
// pool.cpp: AveragePool, GlobalAveragePool, GlobalMaxPool, MaxPool.
void registerNaivePoolKernels(KernelRegistry& registry);
// shape_ops.cpp: Constant, ConstantOfShape, Dropout, Expand, Flatten, Identity, Range, Reshape, Shape,
// Size, Squeeze, Transpose, Unsqueeze.
void registerNaiveShapeKernels(KernelRegistry& registry);
// gather_scatter.cpp: Gather, GatherElements, GatherND, ScatterElements, ScatterND.
void registerNaiveGatherScatterKernels(KernelRegistry& registry);
// pad_resize.cpp: Pad, Resize.
void registerNaivePadResizeKernels(KernelRegistry& registry);
// slice_concat.cpp: Concat, Slice, Split, Tile, Trilu.
void registerNaiveSliceConcatKernels(KernelRegistry& registry);
// fused_conv_matmul.cpp: kiln::FusedConv, kiln::FusedMatMul.
void registerNaiveFusedKernels(KernelRegistry& registry);

// Every family B kernel above (register_b.cpp).
void registerNaiveKernelsB(KernelRegistry& registry);

}  // namespace kiln::naive
