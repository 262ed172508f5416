// float16/bfloat16 support for the compute kernels of this family: the reference path widens 16-bit
// float inputs to float32, runs the float32 kernel, and rounds float32 outputs back (round to nearest
// even). Accuracy matches what a 16-bit model expects from a float32-accumulating backend.
#pragma once

#include <vector>

#include "engine_core/runtime/kernel.h"

namespace kiln::cpu {

inline bool isHalfFloat(DataType t) { return t == DataType::Float16 || t == DataType::BFloat16; }

inline Tensor widenToFloat32(const Tensor& t) {
    Tensor out(DataType::Float32, t.dims());
    const auto* src = static_cast<const uint16_t*>(t.raw());
    float* dst = out.data<float>();
    const bool bf = t.dtype() == DataType::BFloat16;
    for (int64_t i = 0; i < t.numel(); ++i) dst[i] = bf ? bfloat16ToFloat(src[i]) : halfToFloat(src[i]);
    return out;
}

inline Tensor narrowFromFloat32(const Tensor& t, DataType type) {
    Tensor out(type, t.dims());
    const float* src = t.data<float>();
    auto* dst = static_cast<uint16_t*>(out.raw());
    const bool bf = type == DataType::BFloat16;
    for (int64_t i = 0; i < t.numel(); ++i) dst[i] = bf ? floatToBfloat16(src[i]) : floatToHalf(src[i]);
    return out;
}

// Runs Run directly, or (when input 0 is float16/bfloat16) on float32 copies of every 16-bit float
// input, narrowing float32 outputs back to input 0's type.
template <KernelFn Run>
void withHalfUpcast(KernelContext& ctx) {
    if (!ctx.hasInput(0) || !isHalfFloat(ctx.input(0).dtype())) return Run(ctx);
    const DataType type = ctx.input(0).dtype();
    std::vector<Tensor> widened(ctx.numInputs());
    std::vector<const Tensor*> inputs(ctx.numInputs(), nullptr);
    for (size_t i = 0; i < ctx.numInputs(); ++i) {
        const Tensor* t = ctx.optionalInput(i);
        if (t && isHalfFloat(t->dtype())) {
            widened[i] = widenToFloat32(*t);
            t = &widened[i];
        }
        inputs[i] = t;
    }
    KernelContext inner(ctx.node(), std::move(inputs), ctx.numOutputs());
    Run(inner);
    for (size_t o = 0; o < ctx.numOutputs(); ++o) {
        const Tensor& t = inner.output(o);
        ctx.setOutput(o, t.defined() && t.dtype() == DataType::Float32 ? narrowFromFloat32(t, type) : t);
    }
}

}  // namespace kiln::cpu
