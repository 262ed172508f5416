// The fp32 convolution shared by Conv and kiln::FusedConv: the output is computed in blocks of
// output positions, one per task (im2col of the block, one GEMM, then the epilogue while the block
// is in cache), so a fused Conv+Bias+Residual+Activation touches its output once.
#pragma once

#include "engine_core/passes/fused_ops.h"
#include "engine_core/runtime/kernel.h"

namespace kiln::cpu {

struct ConvEpilogue {
    const Tensor* residual = nullptr;  // Z: must have the output's shape (checked, named in the error)
    fused::Activation activation = fused::Activation::None;
    float p0 = 0.f, p1 = 0.f;
};

// ONNX Conv (opset 21) on fp32 inputs 0..2 of ctx's node, writing output 0, then act(Y + Z).
void runConvFp32(KernelContext& ctx, const ConvEpilogue& epilogue);

}  // namespace kiln::cpu
