// Oracle (naive) binary and variadic elementwise ops with multidirectional broadcasting: Add And
// BitShift BitwiseAnd BitwiseOr BitwiseXor Div Equal Greater GreaterOrEqual Less LessOrEqual Max
// Mean Min Mod Mul Or Pow Sub Sum Where Xor. Every output element is computed on its own from the
// input elements broadcastOffset() names. Floats in double, rounded once; integers in their own
// type with wrap-around. Dtypes as kernels/cpu/elementwise_binary.cpp registers them.
#include <cmath>
#include <cstring>
#include <limits>

#include "kernels/cpu/naive/naive.h"

namespace kiln::naive {

namespace {

// Integer arithmetic modulo 2^bits, through uint64 (no signed-overflow UB; the conversion back
// to T is modular).
template <typename T>
T wrapAdd(T a, T b) { return static_cast<T>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b)); }
template <typename T>
T wrapSub(T a, T b) { return static_cast<T>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b)); }
template <typename T>
T wrapMul(T a, T b) { return static_cast<T>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b)); }

// Integer division truncates toward zero (C, and the ONNX reference's astype of the true quotient).
// MIN / -1 wraps to MIN.
template <typename T>
T integerDiv(T a, T b) {
    if constexpr (std::is_signed_v<T>)
        if (b == T(-1)) return wrapNegate(a);
    return static_cast<T>(a / b);
}

// Mod: fmod = 1 takes the dividend's sign (C fmod / %); fmod = 0 the divisor's (Python %).
template <typename T>
T integerMod(T a, T b, bool fmod) {
    if constexpr (std::is_signed_v<T>) {
        if (b == T(-1)) return T(0);
        T r = static_cast<T>(a % b);
        if (!fmod && r != T(0) && ((r < T(0)) != (b < T(0)))) r = static_cast<T>(r + b);
        return r;
    } else {
        return static_cast<T>(a % b);
    }
}
double floatMod(double a, double b, bool fmod) {
    double r = std::fmod(a, b);
    if (!fmod && r != 0.0 && ((r < 0.0) != (b < 0.0))) r += b;
    return r;
}

enum class Op {
    Add, Sub, Mul, Div, Mod, BitShift, BitwiseAnd, BitwiseOr, BitwiseXor, And, Or, Xor,
    Equal, Less, Greater, LessOrEqual, GreaterOrEqual,
};

constexpr bool isComparison(Op op) {
    return op == Op::Equal || op == Op::Less || op == Op::Greater || op == Op::LessOrEqual ||
           op == Op::GreaterOrEqual;
}

template <Op K>
bool compare(const auto& a, const auto& b) {
    if constexpr (K == Op::Equal) return a == b;
    else if constexpr (K == Op::Less) return a < b;
    else if constexpr (K == Op::Greater) return a > b;
    else if constexpr (K == Op::LessOrEqual) return a <= b;
    else return a >= b;
}

template <Op K>
double floatOp(double a, double b, const KernelContext& ctx) {
    if constexpr (K == Op::Add) return a + b;
    else if constexpr (K == Op::Sub) return a - b;
    else if constexpr (K == Op::Mul) return a * b;
    else if constexpr (K == Op::Div) return a / b;
    else if constexpr (K == Op::Mod) return floatMod(a, b, ctx.node().attrInt("fmod", 0) != 0);
    else ctx.fail(ErrorKind::Unsupported, "floats are not supported");
}

template <Op K, typename T>
T integerOp(T a, T b, const KernelContext& ctx, bool fmod, bool left) {
    if constexpr (K == Op::Add) return wrapAdd(a, b);
    else if constexpr (K == Op::Sub) return wrapSub(a, b);
    else if constexpr (K == Op::Mul) return wrapMul(a, b);
    else if constexpr (K == Op::Div || K == Op::Mod) {
        if (b == T(0)) ctx.fail(ErrorKind::InvalidArgument, "integer division by zero");
        return K == Op::Div ? integerDiv(a, b) : integerMod(a, b, fmod);
    } else if constexpr (K == Op::BitShift) {
        if (b >= T(sizeof(T) * 8)) return T(0);  // every bit shifted out
        return left ? static_cast<T>(a << b) : static_cast<T>(a >> b);
    } else if constexpr (K == Op::BitwiseAnd) return static_cast<T>(a & b);
    else if constexpr (K == Op::BitwiseOr) return static_cast<T>(a | b);
    else if constexpr (K == Op::BitwiseXor) return static_cast<T>(a ^ b);
    else ctx.fail(ErrorKind::Unsupported, "integers are not supported");
}

template <Op K>
void binaryKernel(KernelContext& ctx) {
    const Tensor& a = ctx.input(0);
    const Tensor& b = ctx.input(1);
    if (a.dtype() != b.dtype())
        ctx.fail(ErrorKind::InvalidModel, "inputs have different types: ", a.describe(), " and ", b.describe());
    const DataType t = a.dtype();
    const std::vector<int64_t> dims = broadcastShape(ctx, {a.dims(), b.dims()});
    const int64_t n = elementCount(dims);
    const bool fmod = ctx.node().attrInt("fmod", 0) != 0;
    bool left = true;
    if constexpr (K == Op::BitShift) {
        std::string direction = ctx.node().attrString("direction", "");
        if (direction != "LEFT" && direction != "RIGHT")
            ctx.fail(ErrorKind::InvalidModel, "attribute 'direction' must be \"LEFT\" or \"RIGHT\", got \"", direction,
                     "\"");
        left = direction == "LEFT";
    }
    const bool boolResult = isComparison(K) || K == Op::And || K == Op::Or || K == Op::Xor;
    Tensor& y = ctx.allocateOutput(0, boolResult ? DataType::Bool : t, dims);
    auto ia = [&](int64_t o) { return broadcastOffset(o, dims, a.dims()); };
    auto ib = [&](int64_t o) { return broadcastOffset(o, dims, b.dims()); };

    if (t == DataType::Bool) {
        constexpr bool logical = K == Op::And || K == Op::Or || K == Op::Xor || K == Op::Equal;
        if (!logical) ctx.fail(ErrorKind::Unsupported, "input type bool is not supported");
        for (int64_t o = 0; o < n; ++o) {
            bool p = a.data<bool>()[ia(o)], q = b.data<bool>()[ib(o)];
            y.data<bool>()[o] = K == Op::And ? (p && q) : K == Op::Or ? (p || q) : K == Op::Xor ? (p != q) : (p == q);
        }
        return;
    }
    if constexpr (K == Op::And || K == Op::Or || K == Op::Xor)
        ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(t), " is not supported (bool only)");
    if (isFloatingPoint(t)) {
        for (int64_t o = 0; o < n; ++o) {
            double p = readFloat(a, ia(o)), q = readFloat(b, ib(o));
            if constexpr (isComparison(K)) y.data<bool>()[o] = compare<K>(p, q);
            else writeFloat(y, o, floatOp<K>(p, q, ctx));
        }
        return;
    }
    bool done = visitIntegerType(t, [&](auto tag) {
        using T = decltype(tag);
        const T* pa = a.data<T>();
        const T* pb = b.data<T>();
        for (int64_t o = 0; o < n; ++o) {
            if constexpr (isComparison(K)) y.data<bool>()[o] = compare<K>(pa[ia(o)], pb[ib(o)]);
            else y.data<T>()[o] = integerOp<K, T>(pa[ia(o)], pb[ib(o)], ctx, fmod, left);
        }
    });
    if (!done) ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(t), " is not supported");
}

// Integer power by repeated squaring, modulo 2^bits like the other integer arithmetic.
template <typename T>
T integerPower(T base, uint64_t exponent) {
    uint64_t result = 1, b = static_cast<uint64_t>(base);
    for (; exponent > 0; exponent >>= 1) {
        if (exponent & 1) result *= b;
        b *= b;
    }
    return static_cast<T>(result);
}

// Pow(X: T, Y: T1): the exponent's type may differ from the base's; the result has the base's
// type. Float results are pow in double; an integer base with a non-negative integer exponent is
// exact (wrapping); other integer results are the double pow truncated (the reference's astype).
void powKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    const Tensor& e = ctx.input(1);
    const DataType te = e.dtype();
    if (te == DataType::Bool || te == DataType::String || te == DataType::Float8E4M3 || te == DataType::Undefined)
        ctx.fail(ErrorKind::Unsupported, "exponent type ", dataTypeName(te), " is not supported");
    const std::vector<int64_t> dims = broadcastShape(ctx, {x.dims(), e.dims()});
    const int64_t n = elementCount(dims);
    Tensor& y = ctx.allocateOutput(0, x.dtype(), dims);
    const bool intExponent = isInteger(te);
    if (isFloatingPoint(x.dtype())) {
        for (int64_t o = 0; o < n; ++o) {
            double base = readFloat(x, broadcastOffset(o, dims, x.dims()));
            double p = e.scalarAsDouble(broadcastOffset(o, dims, e.dims()));
            writeFloat(y, o, std::pow(base, p));
        }
        return;
    }
    bool done = visitIntegerType(x.dtype(), [&](auto tag) {
        using T = decltype(tag);
        const T* px = x.data<T>();
        for (int64_t o = 0; o < n; ++o) {
            T base = px[broadcastOffset(o, dims, x.dims())];
            int64_t k = broadcastOffset(o, dims, e.dims());
            T r;
            if (te == DataType::UInt64) {
                r = integerPower(base, e.data<uint64_t>()[k]);
            } else if (intExponent && e.scalarAsInt64(k) >= 0) {
                r = integerPower(base, uint64_t(e.scalarAsInt64(k)));
            } else {
                r = truncateToInteger<T>(std::pow(double(base), e.scalarAsDouble(k)));
            }
            y.data<T>()[o] = r;
        }
    });
    if (!done) ctx.fail(ErrorKind::Unsupported, "base type ", dataTypeName(x.dtype()), " is not supported");
}

enum class Fold { Max, Min, Sum, Mean };

// Max/Min/Sum/Mean over 1..N inputs broadcast together. Max/Min: a NaN anywhere gives NaN (numpy's
// maximum/minimum). Sum/Mean (floats only) add in double and round once.
template <Fold F>
void variadicKernel(KernelContext& ctx) {
    const size_t count = ctx.numInputs();
    if (count == 0) ctx.fail(ErrorKind::InvalidModel, "needs at least one input");
    const DataType t = ctx.input(0).dtype();
    std::vector<std::vector<int64_t>> shapes;
    for (size_t i = 0; i < count; ++i) {
        const Tensor& in = ctx.input(i);
        if (in.dtype() != t)
            ctx.fail(ErrorKind::InvalidModel, "input ", i, " is ", in.describe(), ", input 0 is ", dataTypeName(t));
        shapes.push_back(in.dims());
    }
    const std::vector<int64_t> dims = broadcastShape(ctx, shapes);
    const int64_t n = elementCount(dims);
    if ((F == Fold::Sum || F == Fold::Mean) && !isFloatingPoint(t))
        ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(t), " is not supported (floats only)");
    Tensor& y = ctx.allocateOutput(0, t, dims);
    if (isFloatingPoint(t)) {
        for (int64_t o = 0; o < n; ++o) {
            double acc = readFloat(ctx.input(0), broadcastOffset(o, dims, shapes[0]));
            for (size_t i = 1; i < count; ++i) {
                double v = readFloat(ctx.input(i), broadcastOffset(o, dims, shapes[i]));
                if constexpr (F == Fold::Sum || F == Fold::Mean) acc += v;
                else if (std::isnan(acc) || std::isnan(v)) acc = std::numeric_limits<double>::quiet_NaN();
                else if (F == Fold::Max ? v > acc : v < acc) acc = v;
            }
            if constexpr (F == Fold::Mean) acc /= double(count);
            writeFloat(y, o, acc);
        }
        return;
    }
    bool done = visitIntegerType(t, [&](auto tag) {
        using T = decltype(tag);
        for (int64_t o = 0; o < n; ++o) {
            T acc = ctx.input(0).data<T>()[broadcastOffset(o, dims, shapes[0])];
            for (size_t i = 1; i < count; ++i) {
                T v = ctx.input(i).data<T>()[broadcastOffset(o, dims, shapes[i])];
                if (F == Fold::Max ? v > acc : v < acc) acc = v;
            }
            y.data<T>()[o] = acc;
        }
    });
    if (!done) ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(t), " is not supported");
}

// Where(condition, X, Y): copies the chosen element's bytes, so every fixed-size type works alike.
void whereKernel(KernelContext& ctx) {
    const Tensor& c = ctx.input(0);
    const Tensor& x = ctx.input(1);
    const Tensor& y = ctx.input(2);
    if (c.dtype() != DataType::Bool) ctx.fail(ErrorKind::InvalidModel, "condition must be bool, got ", c.describe());
    if (x.dtype() != y.dtype())
        ctx.fail(ErrorKind::InvalidModel, "X and Y have different types: ", x.describe(), " and ", y.describe());
    const size_t size = dataTypeSize(x.dtype());
    if (size == 0) ctx.fail(ErrorKind::Unsupported, "X type ", dataTypeName(x.dtype()), " is not supported");
    const std::vector<int64_t> dims = broadcastShape(ctx, {c.dims(), x.dims(), y.dims()});
    Tensor& out = ctx.allocateOutput(0, x.dtype(), dims);
    const auto* px = static_cast<const uint8_t*>(x.raw());
    const auto* py = static_cast<const uint8_t*>(y.raw());
    auto* po = static_cast<uint8_t*>(out.raw());
    for (int64_t o = 0; o < elementCount(dims); ++o) {
        const bool pick = c.data<bool>()[broadcastOffset(o, dims, c.dims())];
        const uint8_t* src = pick ? px + size * size_t(broadcastOffset(o, dims, x.dims()))
                                  : py + size * size_t(broadcastOffset(o, dims, y.dims()));
        std::memcpy(po + size * size_t(o), src, size);
    }
}

}  // namespace

void registerNaiveElementwiseBinaryKernels(KernelRegistry& registry) {
    const std::vector<DataType> unsignedTypes = {DataType::UInt8, DataType::UInt16, DataType::UInt32, DataType::UInt64};
    std::vector<DataType> numericAndBool = naiveNumericTypes();
    numericAndBool.push_back(DataType::Bool);
    addNaive(registry, "Add", &binaryKernel<Op::Add>, naiveNumericTypes());
    addNaive(registry, "Sub", &binaryKernel<Op::Sub>, naiveNumericTypes());
    addNaive(registry, "Mul", &binaryKernel<Op::Mul>, naiveNumericTypes());
    addNaive(registry, "Div", &binaryKernel<Op::Div>, naiveNumericTypes());
    addNaive(registry, "Mod", &binaryKernel<Op::Mod>, naiveNumericTypes());
    addNaive(registry, "Pow", &powKernel, naiveNumericTypes());
    addNaive(registry, "BitShift", &binaryKernel<Op::BitShift>, unsignedTypes);
    addNaive(registry, "BitwiseAnd", &binaryKernel<Op::BitwiseAnd>, naiveIntegerTypes());
    addNaive(registry, "BitwiseOr", &binaryKernel<Op::BitwiseOr>, naiveIntegerTypes());
    addNaive(registry, "BitwiseXor", &binaryKernel<Op::BitwiseXor>, naiveIntegerTypes());
    addNaive(registry, "And", &binaryKernel<Op::And>, {DataType::Bool});
    addNaive(registry, "Or", &binaryKernel<Op::Or>, {DataType::Bool});
    addNaive(registry, "Xor", &binaryKernel<Op::Xor>, {DataType::Bool});
    addNaive(registry, "Equal", &binaryKernel<Op::Equal>, numericAndBool);
    addNaive(registry, "Less", &binaryKernel<Op::Less>, naiveNumericTypes());
    addNaive(registry, "Greater", &binaryKernel<Op::Greater>, naiveNumericTypes());
    addNaive(registry, "LessOrEqual", &binaryKernel<Op::LessOrEqual>, naiveNumericTypes());
    addNaive(registry, "GreaterOrEqual", &binaryKernel<Op::GreaterOrEqual>, naiveNumericTypes());
    addNaive(registry, "Max", &variadicKernel<Fold::Max>, naiveNumericTypes());
    addNaive(registry, "Min", &variadicKernel<Fold::Min>, naiveNumericTypes());
    addNaive(registry, "Sum", &variadicKernel<Fold::Sum>, naiveFloatTypes());
    addNaive(registry, "Mean", &variadicKernel<Fold::Mean>, naiveFloatTypes());
    addNaive(registry, "Where", &whereKernel, {DataType::Bool});
}

}  // namespace kiln::naive
