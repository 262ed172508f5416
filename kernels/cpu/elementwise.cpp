// Unary math ops (ONNX opset 21 semantics) and the registration of the whole elementwise family.
#include <cmath>
#include <cstdlib>

#include "kernels/cpu/elementwise_internal.h"
#include "kernels/cpu/fast_math.h"
#include "kernels/cpu/register.h"

namespace kiln::cpu {

namespace {

// Unsigned wrap-around keeps integer negation defined for the most negative value.
template <typename T>
T wrapNeg(T x) {
    if constexpr (std::is_integral_v<T>) return static_cast<T>(0 - static_cast<std::make_unsigned_t<T>>(x));
    else return -x;
}

struct AbsOp {
    static constexpr bool kCheap = true;
    template <typename T>
    T operator()(T x) const {
        if constexpr (std::is_unsigned_v<T>) return x;
        else if constexpr (std::is_integral_v<T>) return x < 0 ? wrapNeg(x) : x;
        else return std::fabs(x);
    }
};
struct NegOp {
    static constexpr bool kCheap = true;
    template <typename T>
    T operator()(T x) const { return wrapNeg(x); }
};
struct SignOp {
    static constexpr bool kCheap = true;
    template <typename T>
    T operator()(T x) const {
        if constexpr (std::is_floating_point_v<T>)
            if (std::isnan(x)) return x;
        return x > T(0) ? T(1) : (x < T(0) ? T(-1) : T(0));
    }
};
struct FloorOp { template <typename T> T operator()(T x) const { return std::floor(x); } };
struct CeilOp { template <typename T> T operator()(T x) const { return std::ceil(x); } };
// Round half to even: nearbyint under the default rounding mode (FE_TONEAREST).
struct RoundOp { template <typename T> T operator()(T x) const { return std::nearbyint(x); } };
struct SqrtOp { template <typename T> T operator()(T x) const { return std::sqrt(x); } };
struct ReciprocalOp { template <typename T> T operator()(T x) const { return T(1) / x; } };
struct ExpOp { template <typename T> T operator()(T x) const { return std::exp(x); } };
struct LogOp { template <typename T> T operator()(T x) const { return std::log(x); } };
struct SinOp { template <typename T> T operator()(T x) const { return std::sin(x); } };
struct CosOp { template <typename T> T operator()(T x) const { return std::cos(x); } };
struct TanOp { template <typename T> T operator()(T x) const { return std::tan(x); } };
struct AsinOp { template <typename T> T operator()(T x) const { return std::asin(x); } };
struct AcosOp { template <typename T> T operator()(T x) const { return std::acos(x); } };
struct AtanOp { template <typename T> T operator()(T x) const { return std::atan(x); } };
struct SinhOp { template <typename T> T operator()(T x) const { return std::sinh(x); } };
struct CoshOp { template <typename T> T operator()(T x) const { return std::cosh(x); } };
struct AsinhOp { template <typename T> T operator()(T x) const { return std::asinh(x); } };
struct AcoshOp { template <typename T> T operator()(T x) const { return std::acosh(x); } };
struct AtanhOp { template <typename T> T operator()(T x) const { return std::atanh(x); } };

// ONNX Erf also takes integer types (computed through double, rounded back).
struct ErfAnyOp {
    template <typename T>
    T operator()(T x) const {
        if constexpr (std::is_same_v<T, float>) return erfApprox(x);  // vectorizes (fast_math.h)
        else if constexpr (std::is_floating_point_v<T>) return std::erf(x);
        else return saturatingCast<T>(std::trunc(std::erf(double(x))));  // ONNX: erf(x).astype(T)
    }
};

struct BitwiseNotOp {
    template <typename T>
    T operator()(T x) const {
        if constexpr (std::is_integral_v<T>) return static_cast<T>(~x);
        else return x;  // never registered for floats
    }
};

void notKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    if (x.dtype() != DataType::Bool) ctx.fail(ErrorKind::InvalidModel, "Not takes bool, got ", dataTypeName(x.dtype()));
    Tensor& y = ctx.allocateOutput(0, DataType::Bool, x.dims());
    mapElements(x.data<bool>(), y.data<bool>(), x.numel(), [](bool v) { return !v; });
}

// Runs pred(x) on a float tensor (fp16/bf16 widened) into a bool output.
template <typename Pred>
void floatPredicate(KernelContext& ctx, const Pred& pred) {
    const Tensor& x = ctx.input(0);
    Tensor holder;
    const Tensor& wide = widenedToFloat32(x, holder);
    Tensor& y = ctx.allocateOutput(0, DataType::Bool, x.dims());
    if (wide.dtype() == DataType::Float32) mapElements(wide.data<float>(), y.data<bool>(), x.numel(), pred);
    else if (wide.dtype() == DataType::Float64) mapElements(wide.data<double>(), y.data<bool>(), x.numel(), pred);
    else ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(x.dtype()), " is not supported");
}

void isNaNKernel(KernelContext& ctx) {
    floatPredicate(ctx, [](auto v) { return std::isnan(v); });
}

void isInfKernel(KernelContext& ctx) {
    bool pos = ctx.node().attrInt("detect_positive", 1) != 0;
    bool neg = ctx.node().attrInt("detect_negative", 1) != 0;
    floatPredicate(ctx, [pos, neg](auto v) { return std::isinf(v) && (v > 0 ? pos : neg); });
}

}  // namespace

void registerUnaryMathKernels(KernelRegistry& registry) {
    auto addFloat = [&](const char* op, KernelFn fn) { registry.add(op, {fn, floatTypes()}); };
    registry.add("Abs", {&unaryNumericKernel<AbsOp>, numericTypes()});
    registry.add("Neg", {&unaryNumericKernel<NegOp>, signedNumericTypes()});
    registry.add("Sign", {&unaryNumericKernel<SignOp>, numericTypes()});
    registry.add("Erf", {&unaryNumericKernel<ErfAnyOp>, numericTypes()});
    addFloat("Floor", &unaryFloatKernel<FloorOp>);
    addFloat("Ceil", &unaryFloatKernel<CeilOp>);
    addFloat("Round", &unaryFloatKernel<RoundOp>);
    addFloat("Sqrt", &unaryFloatKernel<SqrtOp>);
    addFloat("Reciprocal", &unaryFloatKernel<ReciprocalOp>);
    addFloat("Exp", &unaryFloatKernel<ExpOp>);
    addFloat("Log", &unaryFloatKernel<LogOp>);
    addFloat("Sin", &unaryFloatKernel<SinOp>);
    addFloat("Cos", &unaryFloatKernel<CosOp>);
    addFloat("Tan", &unaryFloatKernel<TanOp>);
    addFloat("Asin", &unaryFloatKernel<AsinOp>);
    addFloat("Acos", &unaryFloatKernel<AcosOp>);
    addFloat("Atan", &unaryFloatKernel<AtanOp>);
    addFloat("Sinh", &unaryFloatKernel<SinhOp>);
    addFloat("Cosh", &unaryFloatKernel<CoshOp>);
    addFloat("Asinh", &unaryFloatKernel<AsinhOp>);
    addFloat("Acosh", &unaryFloatKernel<AcoshOp>);
    addFloat("Atanh", &unaryFloatKernel<AtanhOp>);
    registry.add("BitwiseNot", {&unaryNumericKernel<BitwiseNotOp>,
                  {DataType::Int8, DataType::UInt8, DataType::Int16, DataType::UInt16, DataType::Int32,
                   DataType::UInt32, DataType::Int64, DataType::UInt64}});
    registry.add("Not", {&notKernel, {DataType::Bool}});
    addFloat("IsNaN", &isNaNKernel);
    addFloat("IsInf", &isInfKernel);
}

void registerElementwiseKernels(KernelRegistry& registry) {
    registerUnaryMathKernels(registry);
    registerBinaryKernels(registry);
    registerActivationKernels(registry);
    registerCastKernels(registry);
}

}  // namespace kiln::cpu
