// Oracle (naive) unary elementwise ops: Abs Acos Acosh Asin Asinh Atan Atanh BitwiseNot Ceil Cos
// Cosh Erf Exp Floor IsInf IsNaN Log Neg Not Reciprocal Round Sign Sin Sinh Sqrt Tan. One loop per
// op over the elements; floats in double, rounded once to the input's type. Dtypes as
// kernels/cpu/elementwise.cpp registers them.
#include <cmath>
#include <limits>

#include "kernels/cpu/naive/naive.h"

namespace kiln::naive {

namespace {

// Round half to even, written out: the nearer integer, and on a tie the even one. The sign of a
// zero result follows x (numpy's rint gives -0 for -0.4).
double roundHalfToEven(double x) {
    if (std::isnan(x) || std::isinf(x)) return x;
    double below = std::floor(x);
    double fraction = x - below;  // exact: below and x are within 1 of each other
    double r;
    if (fraction < 0.5) r = below;
    else if (fraction > 0.5) r = below + 1.0;
    else r = std::fmod(below, 2.0) == 0.0 ? below : below + 1.0;
    return r == 0.0 ? std::copysign(0.0, x) : r;
}

void absKernel(KernelContext& ctx) {
    mapNumericElements(ctx, [](double x) { return std::fabs(x); }, [](auto v) {
        using T = decltype(v);
        if constexpr (std::is_unsigned_v<T>) return v;
        else return v < T(0) ? wrapNegate(v) : v;
    });
}

void negKernel(KernelContext& ctx) {
    mapNumericElements(ctx, [](double x) { return -x; }, [](auto v) { return wrapNegate(v); });
}

void signKernel(KernelContext& ctx) {
    mapNumericElements(
        ctx, [](double x) { return std::isnan(x) ? x : (x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0)); },
        [](auto v) {
            using T = decltype(v);
            return v > T(0) ? T(1) : (v < T(0) ? T(-1) : T(0));
        });
}

// Integer Erf follows the ONNX reference (erf(x).astype(dtype)): the double result truncated, so
// 0 for |x| <= 5 and ±1 from |x| = 6 on, where erf rounds to exactly ±1.0 in double.
void erfKernel(KernelContext& ctx) {
    mapNumericElements(ctx, [](double x) { return std::erf(x); }, [](auto v) {
        using T = decltype(v);
        return truncateToInteger<T>(std::erf(double(v)));
    });
}

template <double (*F)(double)>
void floatKernel(KernelContext& ctx) {
    mapFloatElements(ctx, F);
}

double floorOf(double x) { return std::floor(x); }
double ceilOf(double x) { return std::ceil(x); }
double sqrtOf(double x) { return std::sqrt(x); }
double reciprocalOf(double x) { return 1.0 / x; }
double expOf(double x) { return std::exp(x); }
double logOf(double x) { return std::log(x); }
double sinOf(double x) { return std::sin(x); }
double cosOf(double x) { return std::cos(x); }
double tanOf(double x) { return std::tan(x); }
double asinOf(double x) { return std::asin(x); }
double acosOf(double x) { return std::acos(x); }
double atanOf(double x) { return std::atan(x); }
double sinhOf(double x) { return std::sinh(x); }
double coshOf(double x) { return std::cosh(x); }
double asinhOf(double x) { return std::asinh(x); }
double acoshOf(double x) { return std::acosh(x); }
double atanhOf(double x) { return std::atanh(x); }

void bitwiseNotKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    if (!isInteger(x.dtype()))
        ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(x.dtype()), " is not supported");
    mapNumericElements(ctx, [](double v) { return v; }, [](auto v) { return static_cast<decltype(v)>(~v); });
}

void notKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    if (x.dtype() != DataType::Bool) ctx.fail(ErrorKind::InvalidModel, "Not takes bool, got ", dataTypeName(x.dtype()));
    Tensor& y = ctx.allocateOutput(0, DataType::Bool, x.dims());
    for (int64_t i = 0; i < x.numel(); ++i) y.data<bool>()[i] = !x.data<bool>()[i];
}

// A float predicate into a bool output.
template <typename P>
void floatPredicate(KernelContext& ctx, P predicate) {
    const Tensor& x = ctx.input(0);
    if (!isFloatingPoint(x.dtype()))
        ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(x.dtype()), " is not supported");
    Tensor& y = ctx.allocateOutput(0, DataType::Bool, x.dims());
    for (int64_t i = 0; i < x.numel(); ++i) y.data<bool>()[i] = predicate(readFloat(x, i));
}

void isNaNKernel(KernelContext& ctx) {
    floatPredicate(ctx, [](double v) { return std::isnan(v); });
}

void isInfKernel(KernelContext& ctx) {
    const bool positive = ctx.node().attrInt("detect_positive", 1) != 0;
    const bool negative = ctx.node().attrInt("detect_negative", 1) != 0;
    floatPredicate(ctx, [&](double v) { return std::isinf(v) && (v > 0 ? positive : negative); });
}

}  // namespace

void registerNaiveElementwiseKernels(KernelRegistry& registry) {
    addNaive(registry, "Abs", &absKernel, naiveNumericTypes());
    addNaive(registry, "Neg", &negKernel, naiveSignedNumericTypes());
    addNaive(registry, "Sign", &signKernel, naiveNumericTypes());
    addNaive(registry, "Erf", &erfKernel, naiveNumericTypes());
    addNaive(registry, "Floor", &floatKernel<floorOf>, naiveFloatTypes());
    addNaive(registry, "Ceil", &floatKernel<ceilOf>, naiveFloatTypes());
    addNaive(registry, "Round", &floatKernel<roundHalfToEven>, naiveFloatTypes());
    addNaive(registry, "Sqrt", &floatKernel<sqrtOf>, naiveFloatTypes());
    addNaive(registry, "Reciprocal", &floatKernel<reciprocalOf>, naiveFloatTypes());
    addNaive(registry, "Exp", &floatKernel<expOf>, naiveFloatTypes());
    addNaive(registry, "Log", &floatKernel<logOf>, naiveFloatTypes());
    addNaive(registry, "Sin", &floatKernel<sinOf>, naiveFloatTypes());
    addNaive(registry, "Cos", &floatKernel<cosOf>, naiveFloatTypes());
    addNaive(registry, "Tan", &floatKernel<tanOf>, naiveFloatTypes());
    addNaive(registry, "Asin", &floatKernel<asinOf>, naiveFloatTypes());
    addNaive(registry, "Acos", &floatKernel<acosOf>, naiveFloatTypes());
    addNaive(registry, "Atan", &floatKernel<atanOf>, naiveFloatTypes());
    addNaive(registry, "Sinh", &floatKernel<sinhOf>, naiveFloatTypes());
    addNaive(registry, "Cosh", &floatKernel<coshOf>, naiveFloatTypes());
    addNaive(registry, "Asinh", &floatKernel<asinhOf>, naiveFloatTypes());
    addNaive(registry, "Acosh", &floatKernel<acoshOf>, naiveFloatTypes());
    addNaive(registry, "Atanh", &floatKernel<atanhOf>, naiveFloatTypes());
    addNaive(registry, "BitwiseNot", &bitwiseNotKernel, naiveIntegerTypes());
    addNaive(registry, "Not", &notKernel, {DataType::Bool});
    addNaive(registry, "IsNaN", &isNaNKernel, naiveFloatTypes());
    addNaive(registry, "IsInf", &isInfKernel, naiveFloatTypes());
}

}  // namespace kiln::naive
