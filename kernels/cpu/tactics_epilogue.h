// The epilogue of Kiln's fused ops (engine_core/passes/fused_ops.h) for the extra CPU tactics:
// the tactic computes the core (Conv or MatMul, bias included), this adds the residual Z and applies
// the activation in place, as kernels/cpu/fused.cpp does after the reference core.
#pragma once

#include "engine_core/common/parallel.h"
#include "engine_core/passes/fused_ops.h"
#include "engine_core/runtime/kernel.h"

namespace kiln::cpu {

// Z (input `zIndex`) is applicable to these tactics only when it has the output's shape.
inline bool epilogueApplicable(const KernelContext& ctx, size_t zIndex, const std::vector<int64_t>& outDims) {
    const Tensor* z = ctx.optionalInput(zIndex);
    if (z && (z->dtype() != DataType::Float32 || z->dims() != outDims)) return false;
    return fused::parseActivation(ctx.node().attrString("activation", "None")).has_value();
}

inline void applyFusedEpilogue(KernelContext& ctx, Tensor& y, size_t zIndex) {
    float* out = y.data<float>();
    const int64_t n = y.numel();
    if (const Tensor* z = ctx.optionalInput(zIndex)) {
        const float* zp = z->data<float>();
        parallelFor(n, 4096, [&](int64_t b, int64_t e) {
            for (int64_t i = b; i < e; ++i) out[i] += zp[i];
        });
    }
    const fused::Activation act = *fused::parseActivation(ctx.node().attrString("activation", "None"));
    if (act == fused::Activation::None) return;
    std::vector<float> params = ctx.node().attrFloats("activation_params");
    params.resize(2, 0.f);
    const float p0 = params[0], p1 = params[1];
    parallelFor(n, 4096, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) out[i] = fused::applyActivation(act, out[i], p0, p1);
    });
}

}  // namespace kiln::cpu
