// A second Conv tactic: a direct loop (no im2col buffer) for fp32, group = 1 convolutions with a
// small reduction (C x kernel size). The reference tactic builds im2col columns and calls GEMM,
// which wins on large layers; on small ones the column copy can cost more than the math, so the
// builder times both on the layer's real shapes.
#include <algorithm>

#include "engine_core/common/parallel.h"
#include "kernels/cpu/register.h"
#include "kernels/cpu/tactics_epilogue.h"
#include "kernels/cpu/window.h"

namespace kiln::cpu {

namespace {

// Above this reduction size im2col + GEMM is reliably faster; not worth timing the loop.
constexpr int64_t kMaxDirectReduction = 1152;

bool directConvApplicable(const KernelContext& ctx) {
    if (!ctx.hasInput(0) || !ctx.hasInput(1)) return false;
    const Tensor& X = ctx.input(0);
    const Tensor& W = ctx.input(1);
    const Tensor* Bias = ctx.optionalInput(2);
    if (X.dtype() != DataType::Float32 || W.dtype() != DataType::Float32) return false;
    if (X.rank() < 3 || X.rank() > 5 || W.rank() != X.rank() || ctx.node().attrInt("group", 1) != 1) return false;
    if (W.dim(1) != X.dim(1)) return false;
    if (Bias && (Bias->dtype() != DataType::Float32 || Bias->rank() != 1 || Bias->dim(0) != W.dim(0))) return false;
    const std::span<const int64_t> kernel(W.dims().begin() + 2, W.dims().end());
    if (ctx.node().hasAttr("kernel_shape")) {
        const std::span<const int64_t> given = ctx.node().attrIntsView("kernel_shape");
        if (!std::equal(given.begin(), given.end(), kernel.begin(), kernel.end())) return false;
    }
    int64_t reduction = X.dim(1);
    for (int64_t k : kernel) reduction *= k;
    if (reduction > kMaxDirectReduction) return false;
    // A 1x1, stride-1, unpadded conv is a plain GEMM in the reference tactic (no im2col to save), so
    // the loop cannot win; a win measured on a busy machine would be noise.
    bool pointwise = true;
    for (int64_t k : kernel) pointwise = pointwise && k == 1;
    for (int64_t s : ctx.node().attrIntsView("strides")) pointwise = pointwise && s == 1;
    for (int64_t p : ctx.node().attrIntsView("pads")) pointwise = pointwise && p == 0;
    const std::string autoPad = ctx.node().attrString("auto_pad", "NOTSET");
    return !(pointwise && (autoPad == "NOTSET" || autoPad == "VALID"));
}

void runDirectConv(KernelContext& ctx) {
    const Tensor& X = ctx.input(0);
    const Tensor& W = ctx.input(1);
    const Tensor* Bias = ctx.optionalInput(2);
    const int64_t N = X.dim(0), C = X.dim(1), M = W.dim(0);
    const std::span<const int64_t> inSpatial(X.dims().begin() + 2, X.dims().end());
    const std::span<const int64_t> kernel(W.dims().begin() + 2, W.dims().end());
    const Window w = makeForwardWindow(ctx, inSpatial, kernel, WindowKind::Conv);
    DimVector outDims = {N, M};
    for (int64_t d : w.outDims()) outDims.push_back(d);
    Tensor& Y = ctx.allocateOutput(0, DataType::Float32, outDims);
    if (Y.numel() == 0) return;
    const float* x = X.data<float>();
    const float* wt = W.data<float>();
    const float* bias = Bias ? Bias->data<float>() : nullptr;
    float* y = Y.data<float>();
    const int64_t K = w.kernelSize(), inSize = w.inSize(), outSize = w.outSize();
    parallelFor(N * M, 1, [&](int64_t begin, int64_t end) {
        for (int64_t nm = begin; nm < end; ++nm) {
            const int64_t n = nm / M, m = nm % M;
            float* dst = y + nm * outSize;
            std::fill(dst, dst + outSize, bias ? bias[m] : 0.f);
            for (int64_t c = 0; c < C; ++c) {
                const float* src = x + (n * C + c) * inSize;
                accumulatePlane(src, wt + (m * C + c) * K, dst, w);
            }
        }
    });
}

// kiln::FusedConv = act(Conv(X, W, B) + Z): the direct loop, then the epilogue. Z must have the
// output's shape, which is only known by running the geometry, so Z is checked at run time below.
bool directFusedConvApplicable(const KernelContext& ctx) {
    if (!directConvApplicable(ctx)) return false;
    const Tensor* z = ctx.optionalInput(3);
    if (z && z->dtype() != DataType::Float32) return false;
    return fused::parseActivation(ctx.node().attrString("activation", "None")).has_value();
}

void runDirectFusedConv(KernelContext& ctx) {
    runDirectConv(ctx);
    const Tensor* z = ctx.optionalInput(3);
    if (z && z->dims() != ctx.output(0).dims())
        ctx.fail(ErrorKind::InvalidArgument, "residual input Z has shape ", dimsToString(z->dims()),
                 ", the convolution output ", dimsToString(ctx.output(0).dims()));
    applyFusedEpilogue(ctx, ctx.output(0), 3);
}

}  // namespace

void registerConvTactics(KernelRegistry& registry) {
    KernelDef direct{runDirectConv, {DataType::Float32}};
    direct.tactic = "direct_loop";
    direct.applicable = directConvApplicable;
    registry.add("Conv", direct);
    KernelDef fusedDirect{runDirectFusedConv, {DataType::Float32}};
    fusedDirect.tactic = "direct_loop";
    fusedDirect.applicable = directFusedConvApplicable;
    registry.add("FusedConv", fusedDirect, "kiln");
}

}  // namespace kiln::cpu
