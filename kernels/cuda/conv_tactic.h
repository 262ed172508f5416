// What Kiln's own convolution tactics beside cuDNN's (depthwise.cu, patch_gemm.cpp) share with
// conv.cpp: a kiln::FusedConv's activation read from its attributes, and the registration of a
// channels-last tactic for Conv and kiln::FusedConv at FP32 (fp32, fp16, bf16 tensors, float math)
// and TF32 (fp32 tensors: exact fp32 math serves TF32 layers too).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine_core/ir/graph.h"
#include "engine_core/passes/fused_ops.h"
#include "engine_core/runtime/kernel.h"

namespace kiln::cuda {

struct ConvActivation {
    fused::Activation activation = fused::Activation::None;
    float p0 = 0.f, p1 = 0.f;  // LeakyRelu alpha; Clip min, max; HardSigmoid alpha, beta
};

// A FusedConv's `activation` and `activation_params` (Conv has none); nullopt for an unknown name.
inline std::optional<ConvActivation> convActivationOf(const Node& node, bool fusedOp) {
    ConvActivation e;
    if (!fusedOp) return e;
    const auto act = fused::parseActivation(node.attrString("activation", "None"));
    if (!act) return std::nullopt;
    e.activation = *act;
    const std::vector<float> params = node.attrFloats("activation_params");
    if (params.size() > 0) e.p0 = params[0];
    if (params.size() > 1) e.p1 = params[1];
    return e;
}

// W, and B and Z where present, hold X's type (one type for the whole layer).
inline bool sameTypeAsX(const Tensor& x, const Tensor& w, const Tensor* b, const Tensor* z) {
    return w.dtype() == x.dtype() && (!b || b->dtype() == x.dtype()) && (!z || z->dtype() == x.dtype());
}

// Registers `tactic` for Conv (inputs X, W, B) and kiln::FusedConv (X, W, B, Z), channels last.
inline void registerChannelsLastConvTactic(KernelRegistry& registry, const std::string& tactic,
                                           KernelApplicableFn applicableConv, KernelPrepareFn prepareConv,
                                           KernelApplicableFn applicableFused, KernelPrepareFn prepareFused) {
    for (Precision precision : {Precision::FP32, Precision::TF32}) {
        const TypeSet types = precision == Precision::FP32
                                  ? TypeSet{DataType::Float32, DataType::Float16, DataType::BFloat16}
                                  : TypeSet{DataType::Float32};
        KernelDef conv;
        conv.tactic = tactic;
        conv.precision = precision;
        conv.format = TensorFormat::NHWC;
        conv.inputTypes = {types, types, types};
        conv.outputTypes = {types};
        conv.applicable = applicableConv;
        conv.prepare = prepareConv;
        registry.add("Conv", conv);

        KernelDef fused = conv;
        fused.inputTypes = {types, types, types, types};
        fused.applicable = applicableFused;
        fused.prepare = prepareFused;
        registry.add("FusedConv", fused, "kiln");
    }
}

}  // namespace kiln::cuda
