// Patch convolutions (kernel = stride, no padding, no dilation, one group: the patch embedding of
// ViT, DeiT and Swin) on channels-last Y as one GEMM, a tactic beside cuDNN's ("patchgemm"). Such a
// convolution reads every input pixel once, so its im2col is a permutation: X is gathered into
// A [N·Ho·Wo, C·P·Q] (launchPatchify), and channels-last Y [N, Ho, Wo, K] is A · Wᵀ, with W as stored
// ([K, C, P, Q] row-major is Wᵀ's column-major [C·P·Q, K]). cuBLASLt runs the product with the bias
// (and a ReLU) in its epilogue; a residual or another activation follows in the convolution
// epilogue kernel. cuDNN's best plan for ViT-B/16's 16×16/16 patch convolution on 3 channels took
// 0.28 ms at b32 on the H100 (bundle of 00c7bdd), for 7.4 GFLOP.
//
// The cuBLASLt plan (layouts, heuristic's first algorithm) is made per input shape and cached.
#include <cublasLt.h>

#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "engine_core/passes/fused_ops.h"
#include "kernels/cpu/window.h"
#include "kernels/cuda/conv_epilogue.h"
#include "kernels/cuda/conv_tactic.h"
#include "kernels/cuda/cuda_backend.h"
#include "kernels/cuda/cuda_check.h"
#include "kernels/cuda/register.h"

namespace kiln::cuda {

namespace {

using fused::Activation;

constexpr size_t kScratchAlignment = 256;
constexpr size_t kMaxWorkspace = size_t(32) << 20;
constexpr size_t kPlanCacheSize = 8;

struct PatchShape {
    int64_t n = 0, c = 0, h = 0, w = 0, k = 0, p = 0, q = 0, ho = 0, wo = 0;
    int64_t rows() const { return n * ho * wo; }
    int64_t depth() const { return c * p * q; }
    bool operator==(const PatchShape&) const = default;
};

using Epilogue = ConvActivation;

// The patch shape of a 2-D convolution whose window is a tiling of X by W's kernel, else nullopt.
std::optional<PatchShape> patchShape(const Node& node, std::span<const int64_t> x, std::span<const int64_t> w) {
    if (x.size() != 4 || w.size() != 4 || node.attrInt("group", 1) != 1 || w[1] != x[1]) return std::nullopt;
    cpu::Window win;
    if (cpu::resolveForwardWindow(node, x.subspan(2), w.subspan(2), cpu::WindowKind::Conv, win)) return std::nullopt;
    for (size_t d = 1; d < 3; ++d)
        if (win.stride[d] != win.kernel[d] || win.dilation[d] != 1 || win.padBegin[d] != 0 || win.padEnd[d] != 0)
            return std::nullopt;
    PatchShape s{x[0], x[1], x[2], x[3], w[0], win.kernel[1], win.kernel[2], win.out[1], win.out[2]};
    if (s.rows() == 0 || s.k == 0 || s.depth() == 0 || s.rows() > INT32_MAX || s.depth() > INT32_MAX) return std::nullopt;
    return s;
}

cudaDataType_t ltType(DataType t) {
    return t == DataType::Float16 ? CUDA_R_16F : t == DataType::BFloat16 ? CUDA_R_16BF : CUDA_R_32F;
}

struct LtPlan {
    PatchShape shape;
    DataType dtype = DataType::Float32;
    bool bias = false, relu = false;
    cublasLtMatmulDesc_t desc = nullptr;
    cublasLtMatrixLayout_t a = nullptr, b = nullptr, d = nullptr;
    cublasLtMatmulAlgo_t algo{};
    size_t workspace = 0;

    LtPlan() = default;
    LtPlan(const LtPlan&) = delete;
    LtPlan& operator=(const LtPlan&) = delete;
    ~LtPlan() {
        if (desc) cublasLtMatmulDescDestroy(desc);
        for (cublasLtMatrixLayout_t l : {a, b, d})
            if (l) cublasLtMatrixLayoutDestroy(l);
    }
};

// Y^c [K, M] = op(W^c) [K, L] · A^c [L, M] in cuBLASLt's column-major terms (M rows of patches, L
// their depth): W^c is W's row-major [K, L] read as [L, K] and transposed.
std::shared_ptr<LtPlan> makePlan(const CudaBackend& backend, const PatchShape& s, DataType dtype, bool bias,
                                 bool relu, Precision precision, std::string& why) {
    auto plan = std::make_shared<LtPlan>();
    plan->shape = s;
    plan->dtype = dtype;
    plan->bias = bias;
    plan->relu = relu;
    const cudaDataType_t t = ltType(dtype);
    const cublasComputeType_t compute = dtype == DataType::Float32 && precision == Precision::TF32
                                            ? CUBLAS_COMPUTE_32F_FAST_TF32
                                            : CUBLAS_COMPUTE_32F;
    auto ok = [&](cublasStatus_t status, const char* what) {
        if (status == CUBLAS_STATUS_SUCCESS) return true;
        why = concat(what, " failed: ", int(status));
        return false;
    };
    const int64_t m = s.rows(), l = s.depth(), k = s.k;
    if (!ok(cublasLtMatmulDescCreate(&plan->desc, compute, CUDA_R_32F), "cublasLtMatmulDescCreate")) return nullptr;
    const cublasOperation_t transA = CUBLAS_OP_T, transB = CUBLAS_OP_N;
    cublasLtMatmulDescSetAttribute(plan->desc, CUBLASLT_MATMUL_DESC_TRANSA, &transA, sizeof transA);
    cublasLtMatmulDescSetAttribute(plan->desc, CUBLASLT_MATMUL_DESC_TRANSB, &transB, sizeof transB);
    const cublasLtEpilogue_t epilogue = relu ? (bias ? CUBLASLT_EPILOGUE_RELU_BIAS : CUBLASLT_EPILOGUE_RELU)
                                             : (bias ? CUBLASLT_EPILOGUE_BIAS : CUBLASLT_EPILOGUE_DEFAULT);
    cublasLtMatmulDescSetAttribute(plan->desc, CUBLASLT_MATMUL_DESC_EPILOGUE, &epilogue, sizeof epilogue);
    if (bias) {
        const cudaDataType_t biasType = t;
        cublasLtMatmulDescSetAttribute(plan->desc, CUBLASLT_MATMUL_DESC_BIAS_DATA_TYPE, &biasType, sizeof biasType);
    }
    if (!ok(cublasLtMatrixLayoutCreate(&plan->a, t, uint64_t(l), uint64_t(k), l), "layout W") ||
        !ok(cublasLtMatrixLayoutCreate(&plan->b, t, uint64_t(l), uint64_t(m), l), "layout A") ||
        !ok(cublasLtMatrixLayoutCreate(&plan->d, t, uint64_t(k), uint64_t(m), k), "layout Y"))
        return nullptr;
    cublasLtMatmulPreference_t pref = nullptr;
    if (!ok(cublasLtMatmulPreferenceCreate(&pref), "cublasLtMatmulPreferenceCreate")) return nullptr;
    const size_t limit = kMaxWorkspace;
    cublasLtMatmulPreferenceSetAttribute(pref, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, &limit, sizeof limit);
    cublasLtMatmulHeuristicResult_t result{};
    int found = 0;
    const cublasStatus_t status = cublasLtMatmulAlgoGetHeuristic(backend.ltHandle(), plan->desc, plan->a, plan->b,
                                                                 plan->d, plan->d, pref, 1, &result, &found);
    cublasLtMatmulPreferenceDestroy(pref);
    if (status != CUBLAS_STATUS_SUCCESS || found == 0) {
        why = concat("cuBLASLt has no algorithm for ", m, "x", l, " · ", l, "x", k);
        return nullptr;
    }
    plan->algo = result.algo;
    plan->workspace = result.workspaceSize;
    return plan;
}

class PatchGemmKernel final : public KernelInstance {
public:
    PatchGemmKernel(const CudaBackend& backend, bool fusedOp, Precision precision, std::optional<Epilogue> epilogue)
        : backend_(backend), fusedOp_(fusedOp), precision_(precision), epilogue_(epilogue) {}

    void run(KernelContext& ctx) const override;

private:
    std::shared_ptr<LtPlan> planFor(const KernelContext& ctx, const PatchShape& s, DataType dtype, bool bias,
                                    bool relu) const {
        std::lock_guard<std::mutex> lock(mutex_);
        for (const auto& p : cache_)
            if (p->shape == s && p->dtype == dtype && p->bias == bias && p->relu == relu) return p;
        std::string why;
        std::shared_ptr<LtPlan> plan = makePlan(backend_, s, dtype, bias, relu, precision_, why);
        if (!plan) ctx.fail(ErrorKind::Unsupported, why);
        if (cache_.size() >= kPlanCacheSize) cache_.erase(cache_.begin());
        cache_.push_back(plan);
        return plan;
    }

    const CudaBackend& backend_;
    bool fusedOp_;
    Precision precision_;
    std::optional<Epilogue> epilogue_;
    mutable std::mutex mutex_;
    mutable std::vector<std::shared_ptr<LtPlan>> cache_;
};

void PatchGemmKernel::run(KernelContext& ctx) const {
    const Tensor& x = ctx.input(0);
    const Tensor& w = ctx.input(1);
    const Tensor* b = ctx.optionalInput(2);
    const Tensor* z = fusedOp_ ? ctx.optionalInput(3) : nullptr;
    for (const Tensor* t : {&x, &w, b, z})
        if (t && t->device().type != DeviceType::Cuda)
            ctx.fail(ErrorKind::Internal, "input ", t->describe(), " is on ", t->device().str(), ", not on the GPU");
    if (!epilogue_)
        ctx.fail(ErrorKind::InvalidModel, "unknown activation '", ctx.node().attrString("activation", ""), "'");
    const DataType t = x.dtype();
    if (!sameTypeAsX(x, w, b, z))
        ctx.fail(ErrorKind::InvalidArgument, "inputs must share one type: X ", x.describe(), ", W ", w.describe());
    const std::optional<PatchShape> shape = patchShape(ctx.node(), x.dims(), w.dims());
    if (!shape) ctx.fail(ErrorKind::Internal, "not a patch convolution: X ", x.describe(), ", W ", w.describe());
    if (w.format() != TensorFormat::Linear) ctx.fail(ErrorKind::Internal, "W ", w.describe(), " is not linear");
    const PatchShape& s = *shape;
    const std::vector<int64_t> outDims = {s.n, s.k, s.ho, s.wo};
    if (b && (b->rank() != 1 || b->dim(0) != s.k))
        ctx.fail(ErrorKind::InvalidArgument, "bias ", b->describe(), " must be [", s.k, "]");
    if (z && (z->dims() != outDims || z->format() != TensorFormat::NHWC))
        ctx.fail(ErrorKind::InvalidArgument, "residual input Z ", z->describe(), " must be a channels-last ",
                 dimsToString(outDims));
    Tensor& y = ctx.allocateOutput(0, t, outDims);
    if (y.format() != TensorFormat::NHWC) ctx.fail(ErrorKind::Internal, "Y ", y.describe(), " is not channels last");
    if (y.numel() == 0) return;
    const cudaStream_t stream = kernelStream(ctx);
    const size_t es = dataTypeSize(t);
    // cuBLASLt's epilogue takes the bias and a ReLU when nothing comes between them (no residual).
    const bool ltBias = b && !z;
    const bool ltRelu = ltBias && epilogue_->activation == Activation::Relu;
    std::shared_ptr<LtPlan> plan = planFor(ctx, s, t, ltBias, ltRelu);

    void* a = ctx.scratch(size_t(s.rows() * s.depth()) * es, kScratchAlignment);
    PatchifyParams pp;
    pp.dst = a;
    pp.src = x.raw();
    pp.elementSize = es;
    pp.channelsLast = x.format() == TensorFormat::NHWC;
    pp.n = s.n, pp.c = s.c, pp.h = s.h, pp.w = s.w, pp.p = s.p, pp.q = s.q, pp.ho = s.ho, pp.wo = s.wo;
    KILN_CUDA_CHECK(launchPatchify(pp, stream));

    void* workspace = plan->workspace ? ctx.scratch(plan->workspace, kScratchAlignment) : nullptr;
    const float alpha = 1.f, beta = 0.f;
    {
        // The descriptor holds the bias pointer: one run at a time sets and uses it.
        std::lock_guard<std::mutex> lock(mutex_);
        const void* biasPtr = ltBias ? b->raw() : nullptr;
        if (ltBias)
            cublasLtMatmulDescSetAttribute(plan->desc, CUBLASLT_MATMUL_DESC_BIAS_POINTER, &biasPtr, sizeof biasPtr);
        KILN_CUBLAS_CHECK(cublasLtMatmul(backend_.ltHandle(), plan->desc, &alpha, w.raw(), plan->a, a, plan->b, &beta,
                                         y.raw(), plan->d, y.raw(), plan->d, &plan->algo, workspace, plan->workspace,
                                         stream));
    }
    const bool rest = (b && !ltBias) || z || (epilogue_->activation != Activation::None && !ltRelu);
    if (rest) {
        ConvEpilogueParams p;
        p.y = y.raw();
        p.bias = b && !ltBias ? b->raw() : nullptr;
        p.z = z ? z->raw() : nullptr;
        p.dtype = t;
        p.batch = s.n;
        p.channels = s.k;
        p.spatial = s.ho * s.wo;
        p.yChannelsLast = true;
        p.zChannelsLast = true;
        p.activation = epilogue_->activation;
        p.p0 = epilogue_->p0;
        p.p1 = epilogue_->p1;
        KILN_CUDA_CHECK(launchConvEpilogue(p, stream));
    }
}

const CudaBackend* cudaBackendOf(const Backend& backend) { return dynamic_cast<const CudaBackend*>(&backend); }

std::unique_ptr<KernelInstance> prepareFor(const PrepareContext& pc, bool fusedOp) {
    const CudaBackend* backend = cudaBackendOf(pc.backend);
    KILN_CHECK(backend, Internal, "the patch GEMM prepared for the ", pc.backend.id(), " backend");
    return std::make_unique<PatchGemmKernel>(*backend, fusedOp, pc.precision, convActivationOf(pc.node, fusedOp));
}
std::unique_ptr<KernelInstance> prepareConv(const PrepareContext& pc) { return prepareFor(pc, false); }
std::unique_ptr<KernelInstance> prepareFusedConv(const PrepareContext& pc) { return prepareFor(pc, true); }

bool applicableFor(const KernelContext& ctx, bool fusedOp) {
    if (!ctx.hasInput(0) || !ctx.hasInput(1)) return false;
    const Tensor& x = ctx.input(0);
    const Tensor& w = ctx.input(1);
    const Tensor* b = ctx.optionalInput(2);
    const Tensor* z = fusedOp ? ctx.optionalInput(3) : nullptr;
    if (!sameTypeAsX(x, w, b, z)) return false;
    if (w.format() != TensorFormat::Linear || !convActivationOf(ctx.node(), fusedOp)) return false;
    const std::optional<PatchShape> s = patchShape(ctx.node(), x.dims(), w.dims());
    if (!s) return false;
    // cuBLASLt's 16-bit products want rows of whole 16-byte groups.
    if (x.dtype() != DataType::Float32 && (s->depth() % 8 != 0 || s->k % 8 != 0)) return false;
    if (b && (b->rank() != 1 || b->dim(0) != s->k)) return false;
    return !z || z->format() == TensorFormat::NHWC;
}
bool applicableConv(const KernelContext& ctx) { return applicableFor(ctx, false); }
bool applicableFusedConv(const KernelContext& ctx) { return applicableFor(ctx, true); }

}  // namespace

void registerPatchGemmKernels(KernelRegistry& registry) {
    registerChannelsLastConvTactic(registry, "patchgemm", &applicableConv, &prepareConv, &applicableFusedConv,
                                   &prepareFusedConv);
}

}  // namespace kiln::cuda
