// The epilogue of Kiln's fused ops (engine_core/passes/fused_ops.h) for the extra CPU tactics:
// the tactic computes the core (Conv or MatMul, bias included), this adds the residual Z and applies
// the activation in place, as kernels/cpu/fused.cpp does after the reference core.
#pragma once

#include <algorithm>
#include <span>
#include <string_view>
#include <vector>

#include "engine_core/common/parallel.h"
#include "engine_core/common/small_vector.h"
#include "engine_core/passes/fused_ops.h"
#include "engine_core/runtime/kernel.h"
#include "kernels/cpu/epilogue.h"

namespace kiln::cpu {

// A list attribute in place (no copy); `none` when absent.
template <typename T>
inline const std::vector<T>& attrList(const Node& node, const char* key, const std::vector<T>& none) {
    static_assert(!std::is_same_v<T, bool>);
    for (const auto& [name, attr] : node.attributes)
        if (name == key) {
            if (const auto* v = attr.template get<std::vector<T>>()) return *v;
            break;
        }
    return none;
}

// The fused activation and its two parameters, read without allocating.
struct FusedActivation {
    fused::Activation activation = fused::Activation::None;
    float p0 = 0.f, p1 = 0.f;
};
inline FusedActivation fusedActivation(const KernelContext& ctx) {
    const Node& node = ctx.node();
    FusedActivation out;
    std::string_view name = "None";
    for (const auto& [key, attr] : node.attributes)
        if (key == "activation")
            if (const auto* v = attr.get<std::string>()) name = *v;
    const auto act = fused::parseActivation(name);
    if (!act) ctx.fail(ErrorKind::InvalidModel, "unknown activation '", name, "'");
    out.activation = *act;
    static const std::vector<float> kNone;
    const std::vector<float>& params = attrList(node, "activation_params", kNone);
    if (params.size() > 0) out.p0 = params[0];
    if (params.size() > 1) out.p1 = params[1];
    return out;
}


// kiln::FusedMatMul in its MatMul form on the packed-weights path (matmul.cpp): A · B with B the
// node's constant 2-D weight, packed once. Everything: output 0 holds act(A·B + bias + Z), the bias
// row added at the end of each sum and Z and the activation per block while it is in cache (one
// write of the output instead of three more passes over it). CoreOnly: output 0 holds A·B alone
// (a bias that is not one row, a Z of another shape, or an output sharing storage with an input);
// the caller adds the rest. NotTaken: nothing allocated or written.
enum class PackedFusedMatMul { NotTaken, CoreOnly, Everything };
PackedFusedMatMul runFusedMatMulPacked(KernelContext& ctx, const Tensor* bias, const Tensor* z,
                                       const FusedActivation& act);

// Z (input `zIndex`) is applicable to these tactics only when it has the output's shape.
inline bool epilogueApplicable(const KernelContext& ctx, size_t zIndex, std::span<const int64_t> outDims) {
    const Tensor* z = ctx.optionalInput(zIndex);
    if (z && (z->dtype() != DataType::Float32 ||
              !std::equal(outDims.begin(), outDims.end(), z->dims().begin(), z->dims().end())))
        return false;
    return fused::parseActivation(ctx.node().attrString("activation", "None")).has_value();
}

inline void applyFusedEpilogue(KernelContext& ctx, Tensor& y, size_t zIndex) {
    EpilogueParams ep;
    const FusedActivation fa = fusedActivation(ctx);
    ep.activation = fa.activation;
    ep.p0 = fa.p0;
    ep.p1 = fa.p1;
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
