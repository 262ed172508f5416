// The fp32 convolution shared by Conv and kiln::FusedConv: the output is computed in blocks of
// output positions, one per task (im2col of the block, one GEMM, then the epilogue while the block
// is in cache), so a fused Conv+Bias+Residual+Activation touches its output once.
#pragma once

#include <memory>
#include <vector>

#include "engine_core/passes/fused_ops.h"
#include "engine_core/runtime/kernel.h"

namespace kiln::cpu {

struct PackedMatrix;

// W packed once, when a layer's kernel is prepared, into the AVX-512 GEMM's panels: one matrix per
// group (Mg x Cg * kernel size).
struct PackedConvWeights {
    int64_t group = 1, Mg = 0, K = 0;
    std::vector<std::shared_ptr<const PackedMatrix>> groups;
};
// The packed W of a Conv/FusedConv node whose W (input 1) is a constant fp32 tensor, when this CPU
// runs the packed GEMM; nullptr otherwise (the run then packs through packedWeights' cache).
std::shared_ptr<const PackedConvWeights> packConvWeights(const Node& node);

struct ConvEpilogue {
    const Tensor* residual = nullptr;  // Z: must have the output's shape (checked, named in the error)
    fused::Activation activation = fused::Activation::None;
    float p0 = 0.f, p1 = 0.f;
};

// ONNX Conv (opset 21) on fp32 inputs 0..2 of ctx's node, writing output 0, then act(Y + Z).
// `packed`: W as packConvWeights made it at prepare time (nullptr: packed on demand).
void runConvFp32(KernelContext& ctx, const ConvEpilogue& epilogue, const PackedConvWeights* packed = nullptr);

// A prepared Conv-family kernel: W packed once, then `run` (the registered function) for what the
// packed path does not cover (other types, a W that is not constant).
class PackedConvKernel : public KernelInstance {
public:
    PackedConvKernel(std::shared_ptr<const PackedConvWeights> packed, KernelFn fallback)
        : packed_(std::move(packed)), fallback_(fallback) {}
    const PackedConvWeights* packed() const { return packed_.get(); }
    KernelFn fallback() const { return fallback_; }

private:
    std::shared_ptr<const PackedConvWeights> packed_;
    KernelFn fallback_;
};

}  // namespace kiln::cpu
