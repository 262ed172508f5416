// One-input element-wise ops on the GPU (ONNX opset 21): activations (Relu, Sigmoid, Tanh, Gelu,
// HardSigmoid, HardSwish, LeakyRelu, Elu, Selu, Celu, Softplus, Softsign, Mish, ThresholdedRelu,
// Shrink), unary math (Exp, Log, Sqrt, Erf, Abs, Neg, Sign, Floor, Ceil, Round, the trigonometric
// and hyperbolic functions), Not, IsNaN, IsInf and Clip; and the registration of the whole family.
//
// Floats are computed in fp32 whatever their storage (fp32, fp16, bf16), with the formulas of the
// CPU reference (kernels/cpu/activations.cpp, elementwise.cpp); where the CPU kernel and the oracle
// (kernels/cpu/naive) disagree on NaN, the oracle's ONNX semantics win (HardSigmoid and Celu keep
// NaN). Attributes are read once, when the layer is prepared. Outputs of the input's type may be
// written over the input (KernelDef::inPlace): element i reads only element i.
#include <cmath>
#include <limits>
#include <memory>
#include <string>

#include "kernels/cuda/elementwise.cuh"
#include "kernels/cuda/register.h"

namespace kiln::cuda {

namespace {

// ---------------------------------------------------------------------------------------------
// Activations

struct ReluOp {
    static constexpr unsigned kTypes = kFloats | kInts;
    template <typename V>
    __device__ V operator()(V x) const { return x < V(0) ? V(0) : x; }  // NaN passes through
};
struct SigmoidOp {
    static constexpr unsigned kTypes = kFloats;
    __device__ float operator()(float x) const { return sigmoid(x); }
};
struct TanhOp {
    static constexpr unsigned kTypes = kFloats;
    __device__ float operator()(float x) const { return tanhf(x); }
};
struct GeluOp {
    static constexpr unsigned kTypes = kFloats;
    bool tanhApprox = false;
    static GeluOp parse(const Node& node, std::string& error) {
        const std::string a = node.attrString("approximate", "none");
        if (a != "none" && a != "tanh")
            error = concat("attribute 'approximate' must be \"none\" or \"tanh\", got \"", a, "\"");
        return GeluOp{a == "tanh"};
    }
    __device__ float operator()(float x) const {
        if (tanhApprox) {
            const float k = 0.7978845608028654f;  // sqrt(2 / pi)
            return 0.5f * x * (1.f + tanhf(k * (x + 0.044715f * x * x * x)));
        }
        return 0.5f * x * (1.f + erff(x * 0.7071067811865476f));
    }
};
struct HardSigmoidOp {
    static constexpr unsigned kTypes = kFloats;
    float alpha = 0.2f, beta = 0.5f;
    static HardSigmoidOp parse(const Node& node, std::string&) {
        return {node.attrFloat("alpha", 0.2f), node.attrFloat("beta", 0.5f)};
    }
    __device__ float operator()(float x) const { return clamp01(alpha * x + beta); }
};
struct HardSwishOp {
    static constexpr unsigned kTypes = kFloats;
    __device__ float operator()(float x) const { return x * clamp01(x / 6.f + 0.5f); }
};
struct LeakyReluOp {
    static constexpr unsigned kTypes = kFloats;
    float alpha = 0.01f;
    static LeakyReluOp parse(const Node& node, std::string&) { return {node.attrFloat("alpha", 0.01f)}; }
    __device__ float operator()(float x) const { return x < 0.f ? alpha * x : x; }
};
struct SoftplusOp {
    static constexpr unsigned kTypes = kFloats;
    __device__ float operator()(float x) const { return softplus(x); }
};
struct SoftsignOp {
    static constexpr unsigned kTypes = kFloats;
    __device__ float operator()(float x) const { return x / (1.f + fabsf(x)); }
};
struct EluOp {
    static constexpr unsigned kTypes = kFloats;
    float alpha = 1.f;
    static EluOp parse(const Node& node, std::string&) { return {node.attrFloat("alpha", 1.0f)}; }
    __device__ float operator()(float x) const { return x < 0.f ? alpha * expm1f(x) : x; }
};
struct SeluOp {
    static constexpr unsigned kTypes = kFloats;
    float alpha = 0, gamma = 0;
    static SeluOp parse(const Node& node, std::string&) {
        return {node.attrFloat("alpha", 1.67326319217681884765625f), node.attrFloat("gamma", 1.05070102214813232421875f)};
    }
    __device__ float operator()(float x) const { return x > 0.f ? gamma * x : gamma * (alpha * expf(x) - alpha); }
};
struct CeluOp {
    static constexpr unsigned kTypes = kFloats;
    float alpha = 1.f;
    static CeluOp parse(const Node& node, std::string& error) {
        const float alpha = node.attrFloat("alpha", 1.0f);
        if (alpha == 0.0f) error = "attribute 'alpha' must not be 0";
        return {alpha};
    }
    __device__ float operator()(float x) const {
        if (x != x) return x;
        return fmaxf(0.f, x) + fminf(0.f, alpha * expm1f(x / alpha));
    }
};
struct MishOp {
    static constexpr unsigned kTypes = kFloats;
    __device__ float operator()(float x) const { return x * tanhf(softplus(x)); }
};
struct ThresholdedReluOp {
    static constexpr unsigned kTypes = kFloats;
    float alpha = 1.f;
    static ThresholdedReluOp parse(const Node& node, std::string&) { return {node.attrFloat("alpha", 1.0f)}; }
    __device__ float operator()(float x) const { return x > alpha ? x : 0.f; }  // NaN gives 0
};
struct ShrinkOp {
    static constexpr unsigned kTypes = kFloats;
    float bias = 0.f, lambd = 0.5f;
    static ShrinkOp parse(const Node& node, std::string&) {
        return {node.attrFloat("bias", 0.0f), node.attrFloat("lambd", 0.5f)};
    }
    __device__ float operator()(float x) const { return x < -lambd ? x + bias : (x > lambd ? x - bias : 0.f); }
};

// ---------------------------------------------------------------------------------------------
// Unary math

struct AbsOp {
    static constexpr unsigned kTypes = kFloats | kInts;
    template <typename V>
    __device__ V operator()(V x) const {
        if constexpr (std::is_integral_v<V>) return x < V(0) ? wrapNeg(x) : x;
        else return fabsf(x);
    }
};
struct NegOp {
    static constexpr unsigned kTypes = kFloats | kInts;
    template <typename V>
    __device__ V operator()(V x) const {
        if constexpr (std::is_integral_v<V>) return wrapNeg(x);
        else return -x;
    }
};
struct SignOp {
    static constexpr unsigned kTypes = kFloats | kInts;
    template <typename V>
    __device__ V operator()(V x) const {
        if constexpr (!std::is_integral_v<V>)
            if (x != x) return x;
        return x > V(0) ? V(1) : (x < V(0) ? V(-1) : V(0));
    }
};

#define KILN_FLOAT_UNARY(Name, expr)                                  \
    struct Name {                                                     \
        static constexpr unsigned kTypes = kFloats;                   \
        __device__ float operator()(float x) const { return (expr); } \
    };
KILN_FLOAT_UNARY(ErfOp, erff(x))
KILN_FLOAT_UNARY(ExpOp, expf(x))
KILN_FLOAT_UNARY(LogOp, logf(x))
KILN_FLOAT_UNARY(SqrtOp, sqrtf(x))
KILN_FLOAT_UNARY(ReciprocalOp, 1.f / x)
KILN_FLOAT_UNARY(FloorOp, floorf(x))
KILN_FLOAT_UNARY(CeilOp, ceilf(x))
KILN_FLOAT_UNARY(RoundOp, rintf(x))  // half to even, as the default rounding mode rounds
KILN_FLOAT_UNARY(SinOp, sinf(x))
KILN_FLOAT_UNARY(CosOp, cosf(x))
KILN_FLOAT_UNARY(TanOp, tanf(x))
KILN_FLOAT_UNARY(AsinOp, asinf(x))
KILN_FLOAT_UNARY(AcosOp, acosf(x))
KILN_FLOAT_UNARY(AtanOp, atanf(x))
KILN_FLOAT_UNARY(SinhOp, sinhf(x))
KILN_FLOAT_UNARY(CoshOp, coshf(x))
KILN_FLOAT_UNARY(AsinhOp, asinhf(x))
KILN_FLOAT_UNARY(AcoshOp, acoshf(x))
KILN_FLOAT_UNARY(AtanhOp, atanhf(x))
#undef KILN_FLOAT_UNARY

struct NotOp {
    static constexpr unsigned kTypes = kBools;
    __device__ bool operator()(bool x) const { return !x; }
};
// Predicates: a bool output of a float input.
struct IsNaNOp {
    static constexpr unsigned kTypes = kFloats;
    static constexpr bool kPredicate = true;
    __device__ bool operator()(float x) const { return x != x; }
};
struct IsInfOp {
    static constexpr unsigned kTypes = kFloats;
    static constexpr bool kPredicate = true;
    bool positive = true, negative = true;
    static IsInfOp parse(const Node& node, std::string&) {
        return {node.attrInt("detect_positive", 1) != 0, node.attrInt("detect_negative", 1) != 0};
    }
    __device__ bool operator()(float x) const { return isinf(x) && (x > 0.f ? positive : negative); }
};

// ---------------------------------------------------------------------------------------------
// The kernel of an op: its attributes parsed once, then y = op(x) per run

template <typename Op>
constexpr bool isPredicate() {
    if constexpr (requires { Op::kPredicate; }) return Op::kPredicate;
    else return false;
}

template <typename Op>
class UnaryKernel final : public KernelInstance {
public:
    UnaryKernel(Op op, std::string error) : op_(op), error_(std::move(error)) {}

    void run(KernelContext& ctx) const override {
        if (!error_.empty()) ctx.fail(ErrorKind::InvalidModel, error_);
        const Tensor& x = ctx.input(0);
        requireOnDevice(ctx, x, "input");
        const DataType t = x.dtype();
        bool done = false;
        dispatchElement(t, [&](auto tag) {
            using T = decltype(tag);
            if constexpr (takes<Op, T>()) {
                using U = std::conditional_t<isPredicate<Op>(), bool, T>;
                // Same type: the output may take the input's block (element i reads only element i).
                const DataType u = isPredicate<Op>() ? DataType::Bool : t;
                Tensor& y = isPredicate<Op>() || !reusable(ctx, 0, x.dims()) ? ctx.allocateOutput(0, u, x.dims())
                                                                           : ctx.allocateOutputReusing(0, 0, t, x.dims());
                launchUnary<T, U>(ctx, x, y, op_);
                done = true;
            }
        });
        if (!done) ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(t), " is not supported");
    }

private:
    Op op_;
    std::string error_;
};

template <typename Op>
std::unique_ptr<KernelInstance> prepareUnary(const PrepareContext& pc) {
    std::string error;
    const Op op = parseOp<Op>(pc.node, error);
    return std::make_unique<UnaryKernel<Op>>(op, std::move(error));
}

// ---------------------------------------------------------------------------------------------
// Clip(x, min?, max?) = min(max(x, min), max): NaN passes; with min > max every element becomes
// max (the spec). The bounds are one-element tensors of x's type, read on the host.

template <typename V>
struct ClipOp {
    V lo, hi;
    __device__ V operator()(V v) const {
        if (v < lo) v = lo;
        if (v > hi) v = hi;
        return v;
    }
};

void clipKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    requireOnDevice(ctx, x, "input");
    const DataType t = x.dtype();
    const Tensor* bounds[2] = {ctx.optionalInput(1), ctx.optionalInput(2)};
    for (int i = 0; i < 2; ++i) {
        if (!bounds[i]) continue;
        const char* name = i == 0 ? "min" : "max";
        if (bounds[i]->dtype() != t)
            ctx.fail(ErrorKind::InvalidModel, "'", name, "' is ", bounds[i]->describe(), ", input is ", dataTypeName(t));
        if (bounds[i]->numel() != 1)
            ctx.fail(ErrorKind::InvalidModel, "'", name, "' must be a scalar, got ", bounds[i]->describe());
        if (!bounds[i]->device().isHost())
            ctx.fail(ErrorKind::Internal, "'", name, "' is on ", bounds[i]->device().str(), ", expected on the host");
    }
    bool done = false;
    dispatchElement(t, [&](auto tag) {
        using T = decltype(tag);
        if constexpr (kFloatStorage<T> || std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t>) {
            using V = Compute<T>;
            ClipOp<V> op{std::numeric_limits<V>::lowest(), std::numeric_limits<V>::max()};
            if constexpr (kFloatStorage<T>) {
                op = {-std::numeric_limits<float>::infinity(), std::numeric_limits<float>::infinity()};
                if (bounds[0]) op.lo = float(bounds[0]->scalarAsDouble(0));
                if (bounds[1]) op.hi = float(bounds[1]->scalarAsDouble(0));
            } else {
                if (bounds[0]) op.lo = V(bounds[0]->scalarAsInt64(0));
                if (bounds[1]) op.hi = V(bounds[1]->scalarAsInt64(0));
            }
            Tensor& y = reusable(ctx, 0, x.dims()) ? ctx.allocateOutputReusing(0, 0, t, x.dims())
                                                   : ctx.allocateOutput(0, t, x.dims());
            launchUnary<T, T>(ctx, x, y, op);
            done = true;
        }
    });
    if (!done) ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(t), " is not supported");
}

// ---------------------------------------------------------------------------------------------
// Registration

// Channels last: Y has X's dims, and may be X's block only in X's order (inPlaceSafe).
bool unaryNhwcApplicable(const KernelContext& ctx) { return inPlaceSafe(ctx, ctx.input(0).dims()); }

template <typename Op>
void addUnary(KernelRegistry& registry, const char* opType) {
    KernelDef def;
    def.prepare = &prepareUnary<Op>;
    def.inputTypes = {typesOf(Op::kTypes)};
    if constexpr (isPredicate<Op>()) {
        def.outputTypes = {{DataType::Bool}};
    } else {
        def.outputTypes = {typesOf(Op::kTypes)};
        def.inPlace = {{0, 0}};
    }
    addBothFormats(registry, opType, std::move(def), &unaryNhwcApplicable);
}

}  // namespace

void registerElementwiseKernels(KernelRegistry& registry) {
    addUnary<ReluOp>(registry, "Relu");
    addUnary<SigmoidOp>(registry, "Sigmoid");
    addUnary<TanhOp>(registry, "Tanh");
    addUnary<GeluOp>(registry, "Gelu");
    addUnary<HardSigmoidOp>(registry, "HardSigmoid");
    addUnary<HardSwishOp>(registry, "HardSwish");
    addUnary<LeakyReluOp>(registry, "LeakyRelu");
    addUnary<SoftplusOp>(registry, "Softplus");
    addUnary<SoftsignOp>(registry, "Softsign");
    addUnary<EluOp>(registry, "Elu");
    addUnary<SeluOp>(registry, "Selu");
    addUnary<CeluOp>(registry, "Celu");
    addUnary<MishOp>(registry, "Mish");
    addUnary<ThresholdedReluOp>(registry, "ThresholdedRelu");
    addUnary<ShrinkOp>(registry, "Shrink");
    addUnary<AbsOp>(registry, "Abs");
    addUnary<NegOp>(registry, "Neg");
    addUnary<SignOp>(registry, "Sign");
    addUnary<ErfOp>(registry, "Erf");
    addUnary<ExpOp>(registry, "Exp");
    addUnary<LogOp>(registry, "Log");
    addUnary<SqrtOp>(registry, "Sqrt");
    addUnary<ReciprocalOp>(registry, "Reciprocal");
    addUnary<FloorOp>(registry, "Floor");
    addUnary<CeilOp>(registry, "Ceil");
    addUnary<RoundOp>(registry, "Round");
    addUnary<SinOp>(registry, "Sin");
    addUnary<CosOp>(registry, "Cos");
    addUnary<TanOp>(registry, "Tan");
    addUnary<AsinOp>(registry, "Asin");
    addUnary<AcosOp>(registry, "Acos");
    addUnary<AtanOp>(registry, "Atan");
    addUnary<SinhOp>(registry, "Sinh");
    addUnary<CoshOp>(registry, "Cosh");
    addUnary<AsinhOp>(registry, "Asinh");
    addUnary<AcoshOp>(registry, "Acosh");
    addUnary<AtanhOp>(registry, "Atanh");
    addUnary<NotOp>(registry, "Not");
    addUnary<IsNaNOp>(registry, "IsNaN");
    addUnary<IsInfOp>(registry, "IsInf");

    KernelDef clip;
    clip.run = &clipKernel;
    clip.inputTypes = {numberTypes()};  // min and max: x's type (checked when run)
    clip.outputTypes = {numberTypes()};
    clip.hostInputs = (1u << 1) | (1u << 2);
    clip.inPlace = {{0, 0}};
    addBothFormats(registry, "Clip", std::move(clip), &unaryNhwcApplicable);

    registerElementwiseBinaryKernels(registry);
    registerElementwiseCastKernels(registry);
    registerElementwisePointwiseKernels(registry);
}

}  // namespace kiln::cuda
