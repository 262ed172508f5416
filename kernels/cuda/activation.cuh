// The activations of Kiln's fused layers (fused::Activation) on the GPU, shared by the kernels that
// apply them in an epilogue (conv_epilogue.cu, depthwise.cu). Included by kernels/cuda/*.cu only.
#pragma once

#include "engine_core/passes/fused_ops.h"

namespace kiln::cuda {

// The CPU's formulas (fused::applyActivation), in float, so the split form agrees with the fused
// CPU kernel and the oracle to rounding.
__device__ __forceinline__ float activate(fused::Activation a, float x, float p0, float p1) {
    switch (a) {
        case fused::Activation::None: return x;
        case fused::Activation::Relu: return x > 0.f ? x : 0.f;
        case fused::Activation::LeakyRelu: return x >= 0.f ? x : p0 * x;
        case fused::Activation::Clip: return isnan(x) ? x : fminf(fmaxf(x, p0), p1);
        case fused::Activation::Sigmoid: return 1.f / (1.f + expf(-x));
        case fused::Activation::HardSigmoid: return isnan(x) ? x : fmaxf(0.f, fminf(1.f, p0 * x + p1));
        case fused::Activation::HardSwish: return x * fmaxf(0.f, fminf(1.f, x / 6.f + 0.5f));
        case fused::Activation::Tanh: return tanhf(x);
        case fused::Activation::SiLU: return x / (1.f + expf(-x));
        case fused::Activation::Gelu: return 0.5f * x * (1.f + erff(x * 0.70710678118654752f));
        case fused::Activation::GeluTanh: {
            const float inner = 0.7978845608028654f * (x + 0.044715f * x * x * x);
            return 0.5f * x * (1.f + tanhf(inner));
        }
    }
    return x;
}

}  // namespace kiln::cuda
