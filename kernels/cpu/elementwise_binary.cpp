// Binary elementwise ops with multidirectional broadcasting: arithmetic, Pow, Mod, comparisons,
// logic and bitwise ops, the variadic Max/Min/Sum/Mean, and Where.
#include <cmath>
#include <cstring>

#include "kernels/cpu/broadcast.h"
#include "kernels/cpu/elementwise_internal.h"

namespace kiln::cpu {

namespace {

template <typename T>
constexpr bool kIsNumber = !std::is_same_v<T, bool>;

// The unsigned type integer arithmetic wraps in: T's own, or unsigned int for types narrower than
// int, whose unsigned forms promote to (signed) int: 65531 * 65533 as unsigned shorts overflowed.
template <typename T>
using WrapType = std::conditional_t<(sizeof(T) < sizeof(unsigned)), unsigned, std::make_unsigned_t<T>>;

// Integer arithmetic wraps (through an unsigned type) instead of invoking signed-overflow UB.
template <typename T, typename F>
T wrapping(T a, T b, F f) {
    using U = WrapType<T>;
    return static_cast<T>(static_cast<U>(f(static_cast<U>(a), static_cast<U>(b))));
}

struct AddOp {
    template <typename T> static constexpr bool accepts = kIsNumber<T>;
    template <typename T>
    T operator()(T a, T b) const {
        if constexpr (std::is_integral_v<T>) return wrapping(a, b, [](auto x, auto y) { return x + y; });
        else return a + b;
    }
};
struct SubOp {
    template <typename T> static constexpr bool accepts = kIsNumber<T>;
    template <typename T>
    T operator()(T a, T b) const {
        if constexpr (std::is_integral_v<T>) return wrapping(a, b, [](auto x, auto y) { return x - y; });
        else return a - b;
    }
};
struct MulOp {
    template <typename T> static constexpr bool accepts = kIsNumber<T>;
    template <typename T>
    T operator()(T a, T b) const {
        if constexpr (std::is_integral_v<T>) return wrapping(a, b, [](auto x, auto y) { return x * y; });
        else return a * b;
    }
};
// Integer division truncates toward zero (C semantics, as ONNX Runtime does).
struct DivOp {
    template <typename T> static constexpr bool accepts = kIsNumber<T>;
    static constexpr bool kIntegerDivisor = true;
    template <typename T>
    T operator()(T a, T b) const {
        if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
            if (b == T(-1)) return wrapping(T(0), a, [](auto x, auto y) { return x - y; });  // MIN / -1
            return static_cast<T>(a / b);
        } else {
            return static_cast<T>(a / b);
        }
    }
};
// fmod = 0: the result takes the divisor's sign (Python %); fmod = 1: the dividend's (C fmod).
struct ModOp {
    template <typename T> static constexpr bool accepts = kIsNumber<T>;
    static constexpr bool kIntegerDivisor = true;
    bool cStyle = false;
    explicit ModOp(const KernelContext& ctx) : cStyle(ctx.node().attrInt("fmod", 0) != 0) {}
    template <typename T>
    T operator()(T a, T b) const {
        if constexpr (std::is_floating_point_v<T>) {
            T r = std::fmod(a, b);
            if (!cStyle && r != 0 && ((r < 0) != (b < 0))) r += b;
            return r;
        } else if constexpr (std::is_signed_v<T>) {
            if (b == T(-1)) return T(0);  // avoids the MIN % -1 trap
            T r = static_cast<T>(a % b);
            if (!cStyle && r != 0 && ((r < 0) != (b < 0))) r = static_cast<T>(r + b);
            return r;
        } else {
            return static_cast<T>(a % b);
        }
    }
};
struct BitShiftOp {
    template <typename T> static constexpr bool accepts = std::is_unsigned_v<T> && kIsNumber<T>;
    bool left = true;
    explicit BitShiftOp(const KernelContext& ctx) {
        std::string dir = ctx.node().attrString("direction", "");
        if (dir != "LEFT" && dir != "RIGHT")
            ctx.fail(ErrorKind::InvalidModel, "attribute 'direction' must be \"LEFT\" or \"RIGHT\", got \"", dir, "\"");
        left = dir == "LEFT";
    }
    template <typename T>
    T operator()(T a, T b) const {
        if (b >= T(sizeof(T) * 8)) return T(0);  // C++ leaves over-wide shifts undefined
        return left ? static_cast<T>(a << b) : static_cast<T>(a >> b);
    }
};
struct BitwiseAndOp {
    template <typename T> static constexpr bool accepts = std::is_integral_v<T> && kIsNumber<T>;
    template <typename T> T operator()(T a, T b) const { return static_cast<T>(a & b); }
};
struct BitwiseOrOp {
    template <typename T> static constexpr bool accepts = std::is_integral_v<T> && kIsNumber<T>;
    template <typename T> T operator()(T a, T b) const { return static_cast<T>(a | b); }
};
struct BitwiseXorOp {
    template <typename T> static constexpr bool accepts = std::is_integral_v<T> && kIsNumber<T>;
    template <typename T> T operator()(T a, T b) const { return static_cast<T>(a ^ b); }
};
struct AndOp {
    template <typename T> static constexpr bool accepts = std::is_same_v<T, bool>;
    bool operator()(bool a, bool b) const { return a && b; }
};
struct OrOp {
    template <typename T> static constexpr bool accepts = std::is_same_v<T, bool>;
    bool operator()(bool a, bool b) const { return a || b; }
};
struct XorOp {
    template <typename T> static constexpr bool accepts = std::is_same_v<T, bool>;
    bool operator()(bool a, bool b) const { return a != b; }
};
struct EqualOp {
    template <typename T> static constexpr bool accepts = true;
    template <typename T> bool operator()(T a, T b) const { return a == b; }
};
struct LessOp {
    template <typename T> static constexpr bool accepts = kIsNumber<T>;
    template <typename T> bool operator()(T a, T b) const { return a < b; }
};
struct GreaterOp {
    template <typename T> static constexpr bool accepts = kIsNumber<T>;
    template <typename T> bool operator()(T a, T b) const { return a > b; }
};
struct LessOrEqualOp {
    template <typename T> static constexpr bool accepts = kIsNumber<T>;
    template <typename T> bool operator()(T a, T b) const { return a <= b; }
};
struct GreaterOrEqualOp {
    template <typename T> static constexpr bool accepts = kIsNumber<T>;
    template <typename T> bool operator()(T a, T b) const { return a >= b; }
};

template <typename Op>
constexpr bool needsNonZeroDivisor() {
    if constexpr (requires { Op::kIntegerDivisor; }) return Op::kIntegerDivisor;
    else return false;
}

enum class ResultType { SameAsInputs, Bool };

template <typename Op, ResultType R>
void binaryKernel(KernelContext& ctx) {
    const Tensor& a = ctx.input(0);
    const Tensor& b = ctx.input(1);
    if (a.dtype() != b.dtype())
        ctx.fail(ErrorKind::InvalidModel, "inputs have different types: ", a.describe(), " and ", b.describe());
    const DimVector outDims = broadcastDims(ctx, {a.dims(), b.dims()});
    const Op op = makeOp<Op>(ctx);
    DataType t = a.dtype();
    if (isStorageFloat(t)) {
        if constexpr (Op::template accepts<float>) {
            Tensor wa = widenToFloat32(a), wb = widenToFloat32(b);
            if constexpr (R == ResultType::Bool) {
                Tensor& y = ctx.allocateOutput(0, DataType::Bool, outDims);
                broadcastBinary(wa.data<float>(), a.dims(), wb.data<float>(), b.dims(), y.data<bool>(), outDims, op);
            } else {
                Tensor tmp(DataType::Float32, outDims.vec());
                broadcastBinary(wa.data<float>(), a.dims(), wb.data<float>(), b.dims(), tmp.data<float>(), outDims, op);
                ctx.setOutput(0, narrowFromFloat32(tmp, t));
            }
            return;
        }
    }
    bool done = false;
    visitType(t, [&](auto tag) {
        using T = decltype(tag);
        if constexpr (Op::template accepts<T>) {
            const T* pb = b.data<T>();
            if constexpr (needsNonZeroDivisor<Op>() && std::is_integral_v<T>) {
                for (int64_t i = 0; i < b.numel(); ++i)
                    if (pb[i] == T(0)) ctx.fail(ErrorKind::InvalidArgument, "integer division by zero (divisor element ", i, ")");
            }
            using Out = std::conditional_t<R == ResultType::Bool, bool, T>;
            const DataType outType = R == ResultType::Bool ? DataType::Bool : t;
            // Same-shape operands can be overwritten in place (output element i reads only element i).
            Tensor& y = outType == t && sameDims(a.dims(), outDims)   ? ctx.allocateOutputReusing(0, 0, outType, outDims)
                        : outType == t && sameDims(b.dims(), outDims) ? ctx.allocateOutputReusing(0, 1, outType, outDims)
                                                              : ctx.allocateOutput(0, outType, outDims);
            broadcastBinary(a.data<T>(), a.dims(), pb, b.dims(), y.data<Out>(), outDims,
                            [&op](T x, T z) { return static_cast<Out>(op(x, z)); });
            done = true;
        }
    });
    if (!done) ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(t), " is not supported");
}

// Integer power by squaring (wrapping), exact where double pow would round for large results.
template <typename T>
T integerPow(T base, int64_t exp) {
    using U = WrapType<T>;
    U result = 1, b = static_cast<U>(base);
    while (exp > 0) {
        if (exp & 1) result = static_cast<U>(result * b);
        b = static_cast<U>(b * b);
        exp >>= 1;
    }
    return static_cast<T>(result);
}

// x^2 as x·x: what pow rounds it to (x·x is the correctly rounded square; NaN, ±inf, -0 alike).
struct SquareOp {
    static constexpr bool kCheap = true;
    template <typename T> T operator()(T v) const { return v * v; }
};

// Pow(X: T, Y: T1): the base and exponent types may differ; the result has the base's type.
void powKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    const Tensor& yIn = ctx.input(1);
    const DimVector outDims = broadcastDims(ctx, {x.dims(), yIn.dims()});
    // A floating x to a one-element exponent of 2 that doesn't grow it (RMSNorm's Pow(x, 2) in T5):
    // the square vectorizes; std::pow per element took 7 of the T5 encoder's 41 ms at 1 thread.
    if (isFloatingPoint(x.dtype()) && isFloatingPoint(yIn.dtype()) && yIn.numel() == 1 &&
        yIn.scalarAsDouble(0) == 2.0 && sameDims(outDims, x.dims())) {
        if (isStorageFloat(x.dtype())) {
            Tensor wide = widenToFloat32(x);
            Tensor tmp(DataType::Float32, x.dims());
            mapElements(wide.data<float>(), tmp.data<float>(), x.numel(), SquareOp{});
            ctx.setOutput(0, narrowFromFloat32(tmp, x.dtype()));
        } else if (x.dtype() == DataType::Float32) {
            mapElements(x.data<float>(), ctx.allocateOutput(0, x.dtype(), outDims).data<float>(), x.numel(), SquareOp{});
        } else {
            mapElements(x.data<double>(), ctx.allocateOutput(0, x.dtype(), outDims).data<double>(), x.numel(), SquareOp{});
        }
        return;
    }
    if (yIn.dtype() == DataType::Bool || yIn.dtype() == DataType::String || yIn.dtype() == DataType::Float8E4M3)
        ctx.fail(ErrorKind::Unsupported, "exponent type ", dataTypeName(yIn.dtype()), " is not supported");
    // The exponent is read as double (or int64 when integral) whatever its type.
    Tensor eHolder;
    const Tensor& e = widenedToFloat32(yIn, eHolder);
    DataType t = x.dtype();
    auto withExponent = [&](auto baseTag, const auto* base, auto* out) {
        using T = decltype(baseTag);
        visitType(e.dtype(), [&](auto expTag) {
            using E = decltype(expTag);
            if constexpr (!std::is_same_v<E, bool>) {
                broadcastBinary(base, x.dims(), e.data<E>(), e.dims(), out, outDims, [](T a, E p) -> T {
                    if constexpr (std::is_integral_v<T> && std::is_integral_v<E>) {
                        if (p >= 0) return integerPow(a, int64_t(p));
                    }
                    if constexpr (std::is_same_v<T, float> && std::is_same_v<E, float>) return std::pow(a, p);
                    return saturatingCast<T>(std::pow(double(a), double(p)));
                });
            }
        });
    };
    if (isStorageFloat(t)) {
        Tensor wx = widenToFloat32(x);
        Tensor tmp(DataType::Float32, outDims.vec());
        withExponent(float{}, wx.data<float>(), tmp.data<float>());
        ctx.setOutput(0, narrowFromFloat32(tmp, t));
        return;
    }
    bool done = false;
    visitType(t, [&](auto tag) {
        using T = decltype(tag);
        if constexpr (kIsNumber<T>) {
            Tensor& out = ctx.allocateOutput(0, t, outDims);
            withExponent(T{}, x.data<T>(), out.data<T>());
            done = true;
        }
    });
    if (!done) ctx.fail(ErrorKind::Unsupported, "base type ", dataTypeName(t), " is not supported");
}

enum class Fold { Max, Min, Sum, Mean };

// Max/Min/Sum/Mean over 1..N inputs broadcast together. NaN propagates through Max/Min.
template <Fold F>
void variadicKernel(KernelContext& ctx) {
    size_t n = ctx.numInputs();
    if (n == 0) ctx.fail(ErrorKind::InvalidModel, "needs at least one input");
    // The inputs as read (fp16/bf16 widened into holders), and their shapes: inline for up to 8
    // inputs, so the common Max/Min/Sum/Mean of two or three allocates nothing.
    DataType t = ctx.input(0).dtype();
    const bool widen = isStorageFloat(t);
    std::vector<Tensor> holders(widen ? n : 0);
    SmallVector<const Tensor*, 8> ins;
    SmallVector<DimSpan, 8> shapes;
    for (size_t i = 0; i < n; ++i) {
        const Tensor& in = ctx.input(i);
        if (in.dtype() != t)
            ctx.fail(ErrorKind::InvalidModel, "input ", i, " is ", in.describe(), ", input 0 is ", dataTypeName(t));
        ins.push_back(widen ? &widenedToFloat32(in, holders[i]) : &in);
        shapes.push_back(in.dims());
    }
    const DimVector outDims = broadcastDims(ctx, std::span<const DimSpan>(shapes.data(), shapes.size()));
    DataType work = isStorageFloat(t) ? DataType::Float32 : t;
    if ((F == Fold::Sum || F == Fold::Mean) && !isFloatingPoint(work))
        ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(t), " is not supported (floats only)");
    bool done = false;
    visitType(work, [&](auto tag) {
        using T = decltype(tag);
        if constexpr (kIsNumber<T>) {
            // Accumulated in the planned output (a temporary for the storage-only floats).
            Tensor wideAcc;
            if (widen) wideAcc = Tensor(work, outDims.vec());
            Tensor& acc = widen ? wideAcc : ctx.allocateOutput(0, work, outDims);
            T* out = acc.data<T>();
            broadcastUnary(ins[0]->data<T>(), shapes[0], out, outDims, [](T v) { return v; });
            auto step = [](T a, T b) -> T {
                if constexpr (F == Fold::Max || F == Fold::Min) {
                    if constexpr (std::is_floating_point_v<T>) {
                        if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<T>::quiet_NaN();
                    }
                    if constexpr (F == Fold::Max) return a < b ? b : a;
                    else return b < a ? b : a;
                } else {
                    return static_cast<T>(a + b);
                }
            };
            for (size_t i = 1; i < n; ++i)
                broadcastBinary(out, outDims, ins[i]->data<T>(), shapes[i], out, outDims, step);
            if constexpr (F == Fold::Mean) {
                const T scale = T(1) / T(n);
                mapElements(out, out, acc.numel(), [scale](T v) { return v * scale; });
            }
            if (widen) ctx.setOutput(0, narrowFromFloat32(acc, t));
            done = true;
        }
    });
    if (!done) ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(t), " is not supported");
}

// Where(cond, X, Y): moves raw elements, so it serves every type of the same width alike.
template <typename W>
void whereRaw(const Tensor& c, const Tensor& x, const Tensor& y, Tensor& out, DimSpan dims) {
    BroadcastPlan plan(dims, {c.dims(), x.dims(), y.dims()});
    const bool* pc = c.data<bool>();
    const W* px = static_cast<const W*>(x.raw());
    const W* py = static_cast<const W*>(y.raw());
    W* po = static_cast<W*>(out.raw());
    int64_t sc = plan.innerStride(0), sx = plan.innerStride(1), sy = plan.innerStride(2);
    parallelFor(plan.numel(), kGrainElements, [&](int64_t begin, int64_t end) {
        plan.forEachRun(begin, end, [&](int64_t o, const int64_t* in, int64_t len) {
            for (int64_t j = 0; j < len; ++j)
                po[o + j] = pc[in[0] + j * sc] ? px[in[1] + j * sx] : py[in[2] + j * sy];
        });
    });
}

void whereKernel(KernelContext& ctx) {
    const Tensor& c = ctx.input(0);
    const Tensor& x = ctx.input(1);
    const Tensor& y = ctx.input(2);
    if (c.dtype() != DataType::Bool) ctx.fail(ErrorKind::InvalidModel, "condition must be bool, got ", c.describe());
    if (x.dtype() != y.dtype())
        ctx.fail(ErrorKind::InvalidModel, "X and Y have different types: ", x.describe(), " and ", y.describe());
    const DimVector dims = broadcastDims(ctx, {c.dims(), x.dims(), y.dims()});
    Tensor& out = ctx.allocateOutput(0, x.dtype(), dims);
    switch (dataTypeSize(x.dtype())) {
        case 1: whereRaw<uint8_t>(c, x, y, out, dims); return;
        case 2: whereRaw<uint16_t>(c, x, y, out, dims); return;
        case 4: whereRaw<uint32_t>(c, x, y, out, dims); return;
        case 8: whereRaw<uint64_t>(c, x, y, out, dims); return;
        default: ctx.fail(ErrorKind::Unsupported, "X type ", dataTypeName(x.dtype()), " is not supported");
    }
}

}  // namespace

void registerBinaryKernels(KernelRegistry& registry) {
    auto add = [&](const char* op, KernelFn fn, const std::vector<DataType>& types) {
        registry.add(op, {fn, types});
    };
    const std::vector<DataType> unsignedTypes = {DataType::UInt8, DataType::UInt16, DataType::UInt32, DataType::UInt64};
    const std::vector<DataType> intTypes = {DataType::Int8,  DataType::UInt8,  DataType::Int16, DataType::UInt16,
                                            DataType::Int32, DataType::UInt32, DataType::Int64, DataType::UInt64};
    std::vector<DataType> numericAndBool = numericTypes();
    numericAndBool.push_back(DataType::Bool);
    add("Add", &binaryKernel<AddOp, ResultType::SameAsInputs>, numericTypes());
    add("Sub", &binaryKernel<SubOp, ResultType::SameAsInputs>, numericTypes());
    add("Mul", &binaryKernel<MulOp, ResultType::SameAsInputs>, numericTypes());
    add("Div", &binaryKernel<DivOp, ResultType::SameAsInputs>, numericTypes());
    add("Mod", &binaryKernel<ModOp, ResultType::SameAsInputs>, numericTypes());
    add("Pow", &powKernel, numericTypes());
    add("BitShift", &binaryKernel<BitShiftOp, ResultType::SameAsInputs>, unsignedTypes);
    add("BitwiseAnd", &binaryKernel<BitwiseAndOp, ResultType::SameAsInputs>, intTypes);
    add("BitwiseOr", &binaryKernel<BitwiseOrOp, ResultType::SameAsInputs>, intTypes);
    add("BitwiseXor", &binaryKernel<BitwiseXorOp, ResultType::SameAsInputs>, intTypes);
    add("And", &binaryKernel<AndOp, ResultType::Bool>, {DataType::Bool});
    add("Or", &binaryKernel<OrOp, ResultType::Bool>, {DataType::Bool});
    add("Xor", &binaryKernel<XorOp, ResultType::Bool>, {DataType::Bool});
    add("Equal", &binaryKernel<EqualOp, ResultType::Bool>, numericAndBool);
    add("Less", &binaryKernel<LessOp, ResultType::Bool>, numericTypes());
    add("Greater", &binaryKernel<GreaterOp, ResultType::Bool>, numericTypes());
    add("LessOrEqual", &binaryKernel<LessOrEqualOp, ResultType::Bool>, numericTypes());
    add("GreaterOrEqual", &binaryKernel<GreaterOrEqualOp, ResultType::Bool>, numericTypes());
    add("Max", &variadicKernel<Fold::Max>, numericTypes());
    add("Min", &variadicKernel<Fold::Min>, numericTypes());
    add("Sum", &variadicKernel<Fold::Sum>, floatTypes());
    add("Mean", &variadicKernel<Fold::Mean>, floatTypes());
    add("Where", &whereKernel, {DataType::Bool});
}

}  // namespace kiln::cpu
