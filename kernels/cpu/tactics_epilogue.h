// The epilogue of Kiln's fused ops (engine_core/passes/fused_ops.h) for the extra CPU tactics:
// the tactic computes the core (Conv or MatMul, bias included), this adds the residual Z and applies
// the activation in place, as kernels/cpu/fused.cpp does after the reference core.
#pragma once

#include "engine_core/common/parallel.h"
#include "engine_core/passes/fused_ops.h"
#include "engine_core/runtime/kernel.h"
#include "kernels/cpu/epilogue.h"

namespace kiln::cpu {

// Z (input `zIndex`) is applicable to these tactics only when it has the output's shape.
inline bool epilogueApplicable(const KernelContext& ctx, size_t zIndex, const std::vector<int64_t>& outDims) {
    const Tensor* z = ctx.optionalInput(zIndex);
    if (z && (z->dtype() != DataType::Float32 || z->dims() != outDims)) return false;
    return fused::parseActivation(ctx.node().attrString("activation", "None")).has_value();
}

inline void applyFusedEpilogue(KernelContext& ctx, Tensor& y, size_t zIndex) {
    EpilogueParams ep;
    ep.activation = *fused::parseActivation(ctx.node().attrString("activation", "None"));
    std::vector<float> params = ctx.node().attrFloats("activation_params");
    params.resize(2, 0.f);
    ep.p0 = params[0];
    ep.p1 = params[1];
    const Tensor* z = ctx.optionalInput(zIndex);
    if (!z && ep.activation == fused::Activation::None) return;
    float* out = y.data<float>();
    const float* zp = z ? z->data<float>() : nullptr;
    // The whole output as one row, split over the threads: the same loop the blocked conv runs per block.
    parallelFor(y.numel(), kGrainElements, [&](int64_t b, int64_t e) {
        EpilogueParams part = ep;
        part.z = zp ? zp + b : nullptr;
        applyEpilogueBlock(out + b, 0, 1, e - b, part);
    });
}

}  // namespace kiln::cpu
