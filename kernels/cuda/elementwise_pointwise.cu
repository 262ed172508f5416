// kiln::Pointwise on the GPU: Y = op_n(... op_2(op_1(X, a_1), a_2) ..., a_n) in one pass, the
// contract of engine_core/passes/fused_ops.h. The attributes (`ops`, `operand`, `alpha`, `beta`)
// are parsed once when the layer is prepared into a chain of at most kMaxSteps steps reading at most
// kMaxOperands distinct operand inputs; a run passes the chain by value to one kernel that walks it
// per element (the switch on each step is uniform across the threads). Operands broadcast into X's
// shape, each read through its own index map.
//
// X and the operands are fp32, fp16 or bf16 (one type); the chain runs in fp32 and rounds once at
// the end. Each step is its ONNX op's formula as the oracle (kernels/cpu/naive/fused.cpp) writes it,
// so NaN propagates as through the unfused graph: Relu and HardSigmoid keep NaN (the CPU kernel's
// applyPointwise gives 0 and 1), Clip keeps it, Max/Min propagate it.
#include <memory>
#include <string>
#include <vector>

#include "engine_core/passes/fused_ops.h"
#include "kernels/cuda/elementwise.cuh"

namespace kiln::cuda {

namespace {

using fused::PointwiseOp;

constexpr int kMaxSteps = 16;
constexpr int kMaxOperands = 8;

struct Step {
    PointwiseOp op = PointwiseOp::Relu;
    int slot = -1;  // the operand slot of a binary step; -1 for unary steps
    float alpha = 0.f, beta = 0.f;
};

// The chain as the kernel reads it.
template <typename T>
struct Chain {
    Step steps[kMaxSteps];
    int count = 0;
    const T* operand[kMaxOperands] = {};
    Operand at[kMaxOperands];
    Operand x;  // where X's element lies for Y's element i (i itself unless their layouts differ)
};

__device__ __forceinline__ float applyStep(PointwiseOp op, float x, float a, float alpha, float beta) {
    switch (op) {
        case PointwiseOp::Relu: return x < 0.f ? 0.f : x;
        case PointwiseOp::LeakyRelu: return x < 0.f ? alpha * x : x;
        case PointwiseOp::Clip: {  // min(max(x, alpha), beta)
            const float raised = x < alpha ? alpha : x;
            return raised > beta ? beta : raised;
        }
        case PointwiseOp::Sigmoid: return sigmoid(x);
        case PointwiseOp::HardSigmoid: return clamp01(alpha * x + beta);
        case PointwiseOp::HardSwish: return x * clamp01(x / 6.f + 0.5f);
        case PointwiseOp::Tanh: return tanhf(x);
        case PointwiseOp::Gelu: return 0.5f * x * (1.f + erff(x * 0.7071067811865476f));
        case PointwiseOp::GeluTanh: return 0.5f * x * (1.f + tanhf(0.7978845608028654f * (x + 0.044715f * x * x * x)));
        case PointwiseOp::Exp: return expf(x);
        case PointwiseOp::Log: return logf(x);
        case PointwiseOp::Sqrt: return sqrtf(x);
        case PointwiseOp::Abs: return fabsf(x);
        case PointwiseOp::Neg: return -x;
        case PointwiseOp::Reciprocal: return 1.f / x;
        case PointwiseOp::Erf: return erff(x);
        case PointwiseOp::Floor: return floorf(x);
        case PointwiseOp::Ceil: return ceilf(x);
        case PointwiseOp::Softplus: return softplus(x);
        case PointwiseOp::Add: return x + a;
        case PointwiseOp::Sub: return x - a;
        case PointwiseOp::RSub: return a - x;
        case PointwiseOp::Mul: return x * a;
        case PointwiseOp::Div: return x / a;
        case PointwiseOp::RDiv: return a / x;
        case PointwiseOp::Pow: return powFloat(x, a);
        case PointwiseOp::RPow: return powFloat(a, x);
        case PointwiseOp::Max: return x != x || a != a ? __int_as_float(0x7fc00000) : fmaxf(x, a);
        case PointwiseOp::Min: return x != x || a != a ? __int_as_float(0x7fc00000) : fminf(x, a);
    }
    return x;
}

template <typename T>
__global__ void pointwiseKernel(const T* x, T* y, int64_t n, const __grid_constant__ Chain<T> chain) {
    const int64_t step = int64_t(gridDim.x) * blockDim.x;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step) {
        float v = widen(x[offsetOf(chain.x, i)]);
        for (int s = 0; s < chain.count; ++s) {
            const Step& st = chain.steps[s];
            const float a = st.slot >= 0 ? widen(chain.operand[st.slot][offsetOf(chain.at[st.slot], i)]) : 0.f;
            v = applyStep(st.op, v, a, st.alpha, st.beta);
        }
        y[i] = narrow<T>(v);
    }
}

// The attributes, parsed: the steps, and which input each operand slot reads.
struct Plan {
    std::vector<Step> steps;
    std::vector<int> inputOf;  // per slot
    std::string error;         // invalid attributes (reported when the layer runs)
    ErrorKind errorKind = ErrorKind::InvalidModel;
    bool fits = true;  // within kMaxSteps and kMaxOperands
};

Plan parsePlan(const Node& node) {
    Plan plan;
    try {
        const std::vector<std::string> names = node.attrStrings("ops");
        const std::vector<int64_t> operandIndex = node.attrInts("operand");
        const std::vector<float> alphas = node.attrFloats("alpha"), betas = node.attrFloats("beta");
        const size_t steps = names.size();
        if (steps == 0 || operandIndex.size() != steps || alphas.size() != steps || betas.size() != steps) {
            plan.error = "attributes ops/operand/alpha/beta must have one entry per step";
            return plan;
        }
        for (size_t s = 0; s < steps; ++s) {
            const auto op = fused::parsePointwiseOp(names[s]);
            if (!op) {
                plan.error = concat("unknown pointwise op '", names[s], "'");
                return plan;
            }
            Step step;
            step.op = *op;
            step.alpha = alphas[s];
            step.beta = betas[s];
            if (fused::isBinary(*op)) {
                const int64_t k = operandIndex[s];
                if (k < 0 || k >= int64_t(node.inputs.size()) || !node.inputs[size_t(k)]) {
                    plan.error = concat("step ", s, " (", names[s], ") has no operand input");
                    return plan;
                }
                auto it = std::find(plan.inputOf.begin(), plan.inputOf.end(), int(k));
                step.slot = int(it - plan.inputOf.begin());
                if (it == plan.inputOf.end()) plan.inputOf.push_back(int(k));
            }
            plan.steps.push_back(step);
        }
    } catch (const std::exception& e) {  // an attribute of the wrong type
        plan.error = e.what();
        return plan;
    }
    plan.fits = plan.steps.size() <= size_t(kMaxSteps) && plan.inputOf.size() <= size_t(kMaxOperands);
    if (!plan.fits) {
        plan.error = concat("chains of more than ", kMaxSteps, " steps or ", kMaxOperands,
                            " operand inputs are not supported on the GPU");
        plan.errorKind = ErrorKind::Unsupported;
    }
    return plan;
}

// Checks operand input k against X and makes its index map into Y (X's dims, in its own layout).
void bindOperand(const KernelContext& ctx, const Tensor& x, const Tensor& y, int k, Operand& at) {
    if (!ctx.hasInput(size_t(k))) ctx.fail(ErrorKind::InvalidModel, "operand input ", k, " is missing");
    const Tensor& a = ctx.input(size_t(k));
    requireOnDevice(ctx, a, "operand");
    if (a.dtype() != x.dtype())
        ctx.fail(ErrorKind::Unsupported, "operand ", k, " is ", a.describe(), ", X is ", dataTypeName(x.dtype()));
    if (!broadcastsInto(a.dims(), x.dims()))
        ctx.fail(ErrorKind::InvalidArgument, "operand ", k, " of shape ", dimsToString(a.dims()),
                 " does not broadcast into ", dimsToString(x.dims()));
    if (!makeOperand(layoutOf(y), layoutOf(a), at))
        ctx.fail(ErrorKind::Unsupported, "broadcasting operand ", k, " ", a.describe(), " into ", x.describe(),
                 " needs more than ", kMaxRank, " dims");
    requireInOrder(ctx, y, a, at);
}

class PointwiseKernel final : public KernelInstance {
public:
    explicit PointwiseKernel(Plan plan) : plan_(std::move(plan)) {}

    void run(KernelContext& ctx) const override {
        if (!plan_.error.empty()) ctx.fail(plan_.errorKind, plan_.error);
        const Tensor& x = ctx.input(0);
        requireOnDevice(ctx, x, "X");
        const bool known = dispatchFloat(x.dtype(), [&](auto tag) {
            using T = decltype(tag);
            // Element i reads X only at i (operands are other blocks, or X itself read at i).
            Tensor& y = reusable(ctx, 0, x.dims()) ? ctx.allocateOutputReusing(0, 0, x.dtype(), x.dims())
                                                   : ctx.allocateOutput(0, x.dtype(), x.dims());
            requireOnDevice(ctx, y, "output");
            Chain<T> chain;
            chain.count = int(plan_.steps.size());
            std::copy(plan_.steps.begin(), plan_.steps.end(), chain.steps);
            for (size_t slot = 0; slot < plan_.inputOf.size(); ++slot) {
                const int k = plan_.inputOf[slot];
                bindOperand(ctx, x, y, k, chain.at[slot]);
                chain.operand[slot] = static_cast<const T*>(ctx.input(size_t(k)).raw());
            }
            if (!makeOperand(layoutOf(y), layoutOf(x), chain.x))
                ctx.fail(ErrorKind::Unsupported, "reading ", x.describe(), " into ", y.describe(), " needs more than ",
                         kMaxRank, " dims");
            requireInOrder(ctx, y, x, chain.x);
            const int64_t n = x.numel();
            if (n == 0) return;
            pointwiseKernel<T><<<blocksFor(n), kThreads, 0, kernelStream(ctx)>>>(
                static_cast<const T*>(x.raw()), static_cast<T*>(y.raw()), n, chain);
            checkLaunch(ctx);
        });
        if (!known) ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(x.dtype()), " is not supported");
    }

private:
    Plan plan_;
};

std::unique_ptr<KernelInstance> preparePointwise(const PrepareContext& pc) {
    return std::make_unique<PointwiseKernel>(parsePlan(pc.node));
}

// Not applicable beyond the chain's caps or where an operand's map needs more than kMaxRank dims;
// invalid attributes are left to the run, which reports them.
bool pointwiseApplicable(const KernelContext& ctx) {
    const Plan plan = parsePlan(ctx.node());
    if (!plan.fits) return false;
    if (!plan.error.empty()) return true;
    const Tensor& x = ctx.input(0);
    for (int k : plan.inputOf)
        if (ctx.hasInput(size_t(k)) && broadcastsInto(ctx.input(size_t(k)).dims(), x.dims()) &&
            !operandFits(x.dims(), ctx.input(size_t(k)).dims()))
            return false;
    return true;
}

// Channels last: the operands' maps in their own layouts into Y (X's dims in the layer's format),
// and Y over X's block only in X's order (inPlaceSafe).
bool pointwiseNhwcApplicable(const KernelContext& ctx) {
    const Plan plan = parsePlan(ctx.node());
    if (!plan.fits) return false;
    if (!plan.error.empty()) return true;
    const Tensor& x = ctx.input(0);
    const Layout y{x.dims(), ctx.format()};
    Operand o;
    if (!makeOperand(y, layoutOf(x), o)) return false;
    for (int k : plan.inputOf)
        if (ctx.hasInput(size_t(k)) && broadcastsInto(ctx.input(size_t(k)).dims(), x.dims()) &&
            !makeOperand(y, layoutOf(ctx.input(size_t(k))), o))
            return false;
    return inPlaceSafe(ctx, x.dims());
}

}  // namespace

void registerElementwisePointwiseKernels(KernelRegistry& registry) {
    KernelDef def;
    def.prepare = &preparePointwise;
    def.applicable = &pointwiseApplicable;
    def.inputTypes = {floatTypes()};  // X and the operands: one type (checked when run)
    def.outputTypes = {floatTypes()};
    def.inPlace = {{0, 0}};
    addBothFormats(registry, "Pointwise", std::move(def), &pointwiseNhwcApplicable, "kiln");
}

}  // namespace kiln::cuda
