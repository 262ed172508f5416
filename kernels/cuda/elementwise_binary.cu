// Element-wise ops of several inputs on the GPU, with numpy broadcasting: Add, Sub, Mul, Div, Mod,
// Pow, the comparisons (bool output), And/Or/Xor, PRelu, the variadic Max/Min/Sum/Mean, and Where.
// Semantics of the CPU reference (kernels/cpu/elementwise_binary.cpp, activations.cpp): floats in
// fp32 whatever their storage; integers wrap; integer Div and Mod truncate like C (Mod's `fmod` = 0
// gives the divisor's sign); Max/Min propagate NaN.
//
// Integer division by zero, which the CPU reports as an error, cannot be reported from inside a
// kernel: it gives 0 here.
#include <memory>
#include <string>
#include <vector>

#include "kernels/cuda/elementwise.cuh"

namespace kiln::cuda {

namespace {

// ---------------------------------------------------------------------------------------------
// Two operands: y[i] = op(a[ia(i)], b[ib(i)])

// Every operand read at i or as one element: K elements per access.
template <typename A, typename B, typename U, typename Op, int K>
__global__ void binaryFlatKernel(const A* a, const B* b, U* y, int64_t n, bool aScalar, bool bScalar, Op op) {
    const int64_t step = int64_t(gridDim.x) * blockDim.x;
    const int64_t first = int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
    const int64_t packs = n / K;
    const auto* ap = reinterpret_cast<const Pack<A, K>*>(a);
    const auto* bp = reinterpret_cast<const Pack<B, K>*>(b);
    auto* yp = reinterpret_cast<Pack<U, K>*>(y);
    for (int64_t p = first; p < packs; p += step) {
        Pack<A, K> pa;
        Pack<B, K> pb;
        if (aScalar) {
#pragma unroll
            for (int j = 0; j < K; ++j) pa.v[j] = a[0];
        } else {
            pa = ap[p];
        }
        if (bScalar) {
#pragma unroll
            for (int j = 0; j < K; ++j) pb.v[j] = b[0];
        } else {
            pb = bp[p];
        }
        Pack<U, K> out;
#pragma unroll
        for (int j = 0; j < K; ++j) out.v[j] = narrow<U>(op(widen(pa.v[j]), widen(pb.v[j])));
        yp[p] = out;
    }
    for (int64_t i = packs * K + first; i < n; i += step)
        y[i] = narrow<U>(op(widen(a[aScalar ? 0 : i]), widen(b[bScalar ? 0 : i])));
}

template <typename A, typename B, typename U, typename Op>
__global__ void binaryMappedKernel(const A* a, const B* b, U* y, int64_t n, Operand oa, Operand ob, Op op) {
    const int64_t step = int64_t(gridDim.x) * blockDim.x;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step)
        y[i] = narrow<U>(op(widen(a[offsetOf(oa, i)]), widen(b[offsetOf(ob, i)])));
}

// Enqueues y = op(a, b) with a and b broadcast into y's dims (checked by the caller), each in its
// own layout.
template <typename A, typename B, typename U, typename Op>
void launchBinary(const KernelContext& ctx, const Tensor& a, const Tensor& b, Tensor& y, const Op& op) {
    requireOnDevice(ctx, y, "output");
    const int64_t n = y.numel();
    if (n == 0) return;
    Operand oa, ob;
    if (!makeOperand(layoutOf(y), layoutOf(a), oa) || !makeOperand(layoutOf(y), layoutOf(b), ob))
        ctx.fail(ErrorKind::Unsupported, "broadcasting ", a.describe(), " and ", b.describe(), " needs more than ",
                 kMaxRank, " dims");
    requireInOrder(ctx, y, a, oa);
    requireInOrder(ctx, y, b, ob);
    const A* pa = static_cast<const A*>(a.raw());
    const B* pb = static_cast<const B*>(b.raw());
    U* py = static_cast<U*>(y.raw());
    const cudaStream_t stream = kernelStream(ctx);
    constexpr int K = packWidth<A, B, U>();
    const bool flat = oa.access != Access::Mapped && ob.access != Access::Mapped;
    const bool aligned = (oa.access != Access::Full || alignedTo(pa, sizeof(A) * K)) &&
                         (ob.access != Access::Full || alignedTo(pb, sizeof(B) * K)) && alignedTo(py, sizeof(U) * K);
    if (flat && aligned && n >= K)
        binaryFlatKernel<A, B, U, Op, K><<<blocksFor((n + K - 1) / K), kThreads, 0, stream>>>(
            pa, pb, py, n, oa.access == Access::Scalar, ob.access == Access::Scalar, op);
    else
        binaryMappedKernel<A, B, U, Op><<<blocksFor(n), kThreads, 0, stream>>>(pa, pb, py, n, oa, ob, op);
    checkLaunch(ctx);
}

// ---------------------------------------------------------------------------------------------
// The ops

template <typename V, typename F>
__device__ __forceinline__ V wrapping(V a, V b, F f) {
    using W = std::make_unsigned_t<V>;
    return static_cast<V>(static_cast<W>(f(static_cast<W>(a), static_cast<W>(b))));
}

struct AddOp {
    static constexpr unsigned kTypes = kFloats | kInts;
    template <typename V>
    __device__ V operator()(V a, V b) const {
        if constexpr (std::is_integral_v<V>) return wrapping(a, b, [](auto x, auto y) { return x + y; });
        else return a + b;
    }
};
struct SubOp {
    static constexpr unsigned kTypes = kFloats | kInts;
    template <typename V>
    __device__ V operator()(V a, V b) const {
        if constexpr (std::is_integral_v<V>) return wrapping(a, b, [](auto x, auto y) { return x - y; });
        else return a - b;
    }
};
struct MulOp {
    static constexpr unsigned kTypes = kFloats | kInts;
    template <typename V>
    __device__ V operator()(V a, V b) const {
        if constexpr (std::is_integral_v<V>) return wrapping(a, b, [](auto x, auto y) { return x * y; });
        else return a * b;
    }
};
// Integer division truncates toward zero; MIN / -1 wraps to MIN; a zero divisor gives 0.
struct DivOp {
    static constexpr unsigned kTypes = kFloats | kInts;
    template <typename V>
    __device__ V operator()(V a, V b) const {
        if constexpr (std::is_integral_v<V>) {
            if (b == V(0)) return V(0);
            if (b == V(-1)) return wrapNeg(a);
            return static_cast<V>(a / b);
        } else {
            return a / b;
        }
    }
};
// fmod = 0: the result takes the divisor's sign (Python %); fmod = 1: the dividend's (C fmod).
struct ModOp {
    static constexpr unsigned kTypes = kFloats | kInts;
    bool cStyle = false;
    static ModOp parse(const Node& node, std::string&) { return {node.attrInt("fmod", 0) != 0}; }
    template <typename V>
    __device__ V operator()(V a, V b) const {
        if constexpr (std::is_integral_v<V>) {
            if (b == V(0) || b == V(-1)) return V(0);  // MIN % -1 traps
            V r = static_cast<V>(a % b);
            if (!cStyle && r != V(0) && ((r < V(0)) != (b < V(0)))) r = static_cast<V>(r + b);
            return r;
        } else {
            float r = fmodf(a, b);
            if (!cStyle && r != 0.f && ((r < 0.f) != (b < 0.f))) r += b;
            return r;
        }
    }
};
struct PReluOp {  // a: X, b: the slope
    static constexpr unsigned kTypes = kFloats | kInts;
    template <typename V>
    __device__ V operator()(V a, V b) const {
        if constexpr (std::is_integral_v<V>) return a < V(0) ? wrapping(a, b, [](auto x, auto y) { return x * y; }) : a;
        else return a < 0.f ? a * b : a;
    }
};

#define KILN_COMPARISON(Name, types, expr)                     \
    struct Name {                                              \
        static constexpr unsigned kTypes = types;              \
        template <typename V>                                  \
        __device__ bool operator()(V a, V b) const {           \
            return (expr);                                     \
        }                                                      \
    };
KILN_COMPARISON(EqualOp, kFloats | kInts | kBools, a == b)
KILN_COMPARISON(LessOp, kFloats | kInts, a < b)
KILN_COMPARISON(GreaterOp, kFloats | kInts, a > b)
KILN_COMPARISON(LessOrEqualOp, kFloats | kInts, a <= b)
KILN_COMPARISON(GreaterOrEqualOp, kFloats | kInts, a >= b)
KILN_COMPARISON(AndOp, kBools, a && b)
KILN_COMPARISON(OrOp, kBools, a || b)
KILN_COMPARISON(XorOp, kBools, a != b)
#undef KILN_COMPARISON

template <typename Op>
constexpr bool isComparison() {
    return std::is_same_v<Op, EqualOp> || std::is_same_v<Op, LessOp> || std::is_same_v<Op, GreaterOp> ||
           std::is_same_v<Op, LessOrEqualOp> || std::is_same_v<Op, GreaterOrEqualOp> || std::is_same_v<Op, AndOp> ||
           std::is_same_v<Op, OrOp> || std::is_same_v<Op, XorOp>;
}

[[noreturn]] void failBroadcast(const KernelContext& ctx, std::initializer_list<const Tensor*> ins) {
    std::string all;
    for (const Tensor* t : ins) all += (all.empty() ? "" : " and ") + dimsToString(t->dims());
    ctx.fail(ErrorKind::InvalidModel, "input shapes ", all, " are not broadcastable");
}

// Whether the broadcast of the present inputs fits the index maps (shapes that do not broadcast
// are reported when the layer runs).
bool broadcastFits(const KernelContext& ctx) {
    std::vector<int64_t> out;
    for (size_t i = 0; i < ctx.numInputs(); ++i)
        if (ctx.hasInput(i) && !broadcastWith(out, ctx.input(i).dims())) return true;
    for (size_t i = 0; i < ctx.numInputs(); ++i)
        if (ctx.hasInput(i) && !operandFits(out, ctx.input(i).dims())) return false;
    return true;
}

// The same for channels-last layers, with each input's map in its own layout into an output in the
// layer's format; InPlace (defs that may write Y over input 0): inPlaceSafe too.
template <bool InPlace>
bool broadcastFitsNhwc(const KernelContext& ctx) {
    std::vector<int64_t> out;
    for (size_t i = 0; i < ctx.numInputs(); ++i)
        if (ctx.hasInput(i) && !broadcastWith(out, ctx.input(i).dims())) return true;
    const Layout y{out, ctx.format()};
    Operand o;
    for (size_t i = 0; i < ctx.numInputs(); ++i)
        if (ctx.hasInput(i) && !makeOperand(y, layoutOf(ctx.input(i)), o)) return false;
    return !InPlace || inPlaceSafe(ctx, out);
}

// Binary ops of one type T: y of T (arithmetic), or bool (comparisons, logic).
template <typename Op>
class BinaryKernel final : public KernelInstance {
public:
    BinaryKernel(Op op, std::string error) : op_(op), error_(std::move(error)) {}

    void run(KernelContext& ctx) const override {
        if (!error_.empty()) ctx.fail(ErrorKind::InvalidModel, error_);
        const Tensor& a = ctx.input(0);
        const Tensor& b = ctx.input(1);
        requireOnDevice(ctx, a, "input A");
        requireOnDevice(ctx, b, "input B");
        if (a.dtype() != b.dtype())
            ctx.fail(ErrorKind::InvalidModel, "inputs have different types: ", a.describe(), " and ", b.describe());
        std::vector<int64_t> dims;
        if (!broadcastShapes({a.dims(), b.dims()}, dims)) failBroadcast(ctx, {&a, &b});
        const DataType t = a.dtype();
        bool done = false;
        dispatchElement(t, [&](auto tag) {
            using T = decltype(tag);
            if constexpr (takes<Op, T>()) {
                constexpr bool toBool = isComparison<Op>();
                using U = std::conditional_t<toBool, bool, T>;
                // Where the output has A's type (and so its element size), it may be A's block.
                Tensor& y = (toBool && t != DataType::Bool) || !reusable(ctx, 0, dims)
                                ? ctx.allocateOutput(0, toBool ? DataType::Bool : t, dims)
                                : ctx.allocateOutputReusing(0, 0, toBool ? DataType::Bool : t, dims);
                launchBinary<T, T, U>(ctx, a, b, y, op_);
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
std::unique_ptr<KernelInstance> prepareBinary(const PrepareContext& pc) {
    std::string error;
    const Op op = parseOp<Op>(pc.node, error);
    return std::make_unique<BinaryKernel<Op>>(op, std::move(error));
}

// ---------------------------------------------------------------------------------------------
// Pow(X: T, Y: T1): the result has the base's type

// Integer power by squaring, wrapping like the other integer arithmetic.
template <typename V>
__device__ __forceinline__ V integerPow(V base, uint64_t exponent) {
    using W = std::make_unsigned_t<V>;
    W result = 1, b = static_cast<W>(base);
    for (; exponent > 0; exponent >>= 1) {
        if (exponent & 1) result = static_cast<W>(result * b);
        b = static_cast<W>(b * b);
    }
    return static_cast<V>(result);
}

// Float bases: powf (x·x for the exponent 2, exactly as a correctly rounded pow gives it). Integer
// bases: exact with a non-negative integer exponent, else pow in double truncated (saturating).
struct PowOp {
    template <typename VA, typename VE>
    __device__ VA operator()(VA a, VE p) const {
        if constexpr (!std::is_integral_v<VA>) {
            return powFloat(a, float(p));
        } else if constexpr (std::is_integral_v<VE>) {
            if (p >= VE(0)) return integerPow(a, uint64_t(p));
            return saturateTo<VA>(pow(double(a), double(p)));
        } else {
            return saturateTo<VA>(pow(double(a), double(p)));
        }
    }
};

void powKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    const Tensor& e = ctx.input(1);
    requireOnDevice(ctx, x, "base");
    requireOnDevice(ctx, e, "exponent");
    std::vector<int64_t> dims;
    if (!broadcastShapes({x.dims(), e.dims()}, dims)) failBroadcast(ctx, {&x, &e});
    const DataType t = x.dtype(), te = e.dtype();
    bool done = false;
    dispatchElement(t, [&](auto baseTag) {
        using T = decltype(baseTag);
        if constexpr (kFloatStorage<T> || std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t>) {
            // The exponent: of the base's type, fp32, int32 or int64.
            auto withExponent = [&](auto expTag) {
                using E = decltype(expTag);
                Tensor& y = reusable(ctx, 0, dims) ? ctx.allocateOutputReusing(0, 0, t, dims) : ctx.allocateOutput(0, t, dims);
                launchBinary<T, E, T>(ctx, x, e, y, PowOp{});
                done = true;
            };
            if (te == t) withExponent(T{});
            else if (te == DataType::Float32) withExponent(float{});
            else if (te == DataType::Int32) withExponent(int32_t{});
            else if (te == DataType::Int64) withExponent(int64_t{});
        }
    });
    if (!done)
        ctx.fail(ErrorKind::Unsupported, "base type ", dataTypeName(t), " with exponent type ", dataTypeName(te),
                 " is not supported");
}

bool powExponentOk(const KernelContext& ctx) {
    const DataType t = ctx.input(0).dtype(), te = ctx.input(1).dtype();
    return te == t || te == DataType::Float32 || te == DataType::Int32 || te == DataType::Int64;
}
bool powApplicable(const KernelContext& ctx) { return powExponentOk(ctx) && broadcastFits(ctx); }
bool powNhwcApplicable(const KernelContext& ctx) { return powExponentOk(ctx) && broadcastFitsNhwc<true>(ctx); }

// ---------------------------------------------------------------------------------------------
// PRelu(X, slope): the slope broadcasts into X's shape (unidirectionally)

void preluKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    const Tensor& slope = ctx.input(1);
    requireOnDevice(ctx, x, "X");
    requireOnDevice(ctx, slope, "slope");
    if (slope.dtype() != x.dtype()) ctx.fail(ErrorKind::InvalidModel, "slope is ", slope.describe(), ", X is ", x.describe());
    if (!broadcastsInto(slope.dims(), x.dims()))
        ctx.fail(ErrorKind::InvalidModel, "slope shape ", dimsToString(slope.dims()), " does not broadcast to X shape ",
                 dimsToString(x.dims()));
    const DataType t = x.dtype();
    bool done = false;
    dispatchElement(t, [&](auto tag) {
        using T = decltype(tag);
        if constexpr (takes<PReluOp, T>()) {
            Tensor& y = reusable(ctx, 0, x.dims()) ? ctx.allocateOutputReusing(0, 0, t, x.dims())
                                                   : ctx.allocateOutput(0, t, x.dims());
            launchBinary<T, T, T>(ctx, x, slope, y, PReluOp{});
            done = true;
        }
    });
    if (!done) ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(t), " is not supported");
}

// ---------------------------------------------------------------------------------------------
// Max, Min, Sum, Mean over 1..N inputs broadcast together, accumulated in float (floats) or the
// type itself (integers) and stored once per element. More than kFoldOperands inputs run as several
// passes through an accumulator in the layer's scratch memory; only the last pass writes Y (which
// may be input 0's block).

enum class Fold { Max, Min, Sum, Mean };

constexpr int kFoldOperands = 8;

// Max and Min take integers too; Sum and Mean floats only (as the CPU).
template <Fold F>
struct FoldTypes {
    static constexpr unsigned kTypes = F == Fold::Max || F == Fold::Min ? (kFloats | kInts) : kFloats;
};

template <typename T>
struct FoldInputs {
    const T* data[kFoldOperands] = {};
    Operand at[kFoldOperands];
    int count = 0;
};

template <Fold F, typename V>
__device__ __forceinline__ V foldStep(V acc, V v) {
    if constexpr (F == Fold::Max || F == Fold::Min) {
        if constexpr (!std::is_integral_v<V>) {
            if (acc != acc || v != v) return __int_as_float(0x7fc00000);  // NaN propagates
        }
        if constexpr (F == Fold::Max) return acc < v ? v : acc;
        else return v < acc ? v : acc;
    } else {
        return acc + v;
    }
}

// out[i] = fold(prev[i] (a later pass), inputs...); Out is T (the last pass) or the accumulator.
// scale: Mean's last pass multiplies the sum by 1/N (as the CPU does); 1 otherwise.
template <typename T, typename Out, Fold F>
__global__ void foldKernel(const Compute<T>* prev, const __grid_constant__ FoldInputs<T> in, Out* out, int64_t n,
                           float scale) {
    const int64_t step = int64_t(gridDim.x) * blockDim.x;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step) {
        Compute<T> acc = prev ? prev[i] : widen(in.data[0][offsetOf(in.at[0], i)]);
        for (int k = prev ? 0 : 1; k < in.count; ++k) acc = foldStep<F>(acc, widen(in.data[k][offsetOf(in.at[k], i)]));
        if constexpr (F == Fold::Mean) acc *= scale;
        out[i] = narrow<Out>(acc);
    }
}

template <Fold F>
void foldKernelRun(KernelContext& ctx) {
    const size_t count = ctx.numInputs();
    if (count == 0) ctx.fail(ErrorKind::InvalidModel, "needs at least one input");
    const DataType t = ctx.input(0).dtype();
    std::vector<int64_t> dims;
    for (size_t i = 0; i < count; ++i) {
        const Tensor& in = ctx.input(i);
        requireOnDevice(ctx, in, "input");
        if (in.dtype() != t)
            ctx.fail(ErrorKind::InvalidModel, "input ", i, " is ", in.describe(), ", input 0 is ", dataTypeName(t));
        if (!broadcastWith(dims, in.dims())) {
            std::string all;
            for (size_t j = 0; j < count; ++j) all += (j ? " and " : "") + dimsToString(ctx.input(j).dims());
            ctx.fail(ErrorKind::InvalidModel, "input shapes ", all, " are not broadcastable");
        }
    }
    bool done = false;
    dispatchElement(t, [&](auto tag) {
        using T = decltype(tag);
        if constexpr (takes<FoldTypes<F>, T>()) {
            using Acc = Compute<T>;
            // Element i of input 0 (when it has the output's shape) is read before y[i] is written.
            Tensor& y = reusable(ctx, 0, dims) ? ctx.allocateOutputReusing(0, 0, t, dims) : ctx.allocateOutput(0, t, dims);
            requireOnDevice(ctx, y, "output");
            const int64_t n = y.numel();
            done = true;
            if (n == 0) return;
            const cudaStream_t stream = kernelStream(ctx);
            Acc* acc = count > size_t(kFoldOperands) ? static_cast<Acc*>(ctx.scratch(size_t(n) * sizeof(Acc), 256)) : nullptr;
            for (size_t next = 0; next < count;) {
                FoldInputs<T> in;
                const Acc* prev = next > 0 ? acc : nullptr;
                for (; next < count && in.count < kFoldOperands; ++next, ++in.count) {
                    const Tensor& src = ctx.input(next);
                    in.data[in.count] = static_cast<const T*>(src.raw());
                    if (!makeOperand(layoutOf(y), layoutOf(src), in.at[in.count]))
                        ctx.fail(ErrorKind::Unsupported, "broadcasting ", src.describe(), " into ", y.describe(),
                                 " needs more than ", kMaxRank, " dims");
                    requireInOrder(ctx, y, src, in.at[in.count]);
                }
                if (next == count) {
                    const float scale = F == Fold::Mean ? 1.f / float(count) : 1.f;
                    foldKernel<T, T, F><<<blocksFor(n), kThreads, 0, stream>>>(prev, in, static_cast<T*>(y.raw()), n, scale);
                } else {
                    foldKernel<T, Acc, F><<<blocksFor(n), kThreads, 0, stream>>>(prev, in, acc, n, 1.f);
                }
                checkLaunch(ctx);
            }
        }
    });
    if (!done) ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(t), " is not supported");
}

// ---------------------------------------------------------------------------------------------
// Where(cond, X, Y): moves elements by their size, so it serves every type of one width alike

template <typename W>
__global__ void whereKernel(const bool* c, const W* x, const W* y, W* out, int64_t n, Operand oc, Operand ox, Operand oy) {
    const int64_t step = int64_t(gridDim.x) * blockDim.x;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step)
        out[i] = c[offsetOf(oc, i)] ? x[offsetOf(ox, i)] : y[offsetOf(oy, i)];
}

void whereRun(KernelContext& ctx) {
    const Tensor& c = ctx.input(0);
    const Tensor& x = ctx.input(1);
    const Tensor& y = ctx.input(2);
    requireOnDevice(ctx, c, "condition");
    requireOnDevice(ctx, x, "X");
    requireOnDevice(ctx, y, "Y");
    if (c.dtype() != DataType::Bool) ctx.fail(ErrorKind::InvalidModel, "condition must be bool, got ", c.describe());
    if (x.dtype() != y.dtype())
        ctx.fail(ErrorKind::InvalidModel, "X and Y have different types: ", x.describe(), " and ", y.describe());
    std::vector<int64_t> dims;
    if (!broadcastShapes({c.dims(), x.dims(), y.dims()}, dims)) failBroadcast(ctx, {&c, &x, &y});
    Tensor& out = ctx.allocateOutput(0, x.dtype(), dims);
    requireOnDevice(ctx, out, "output");
    const int64_t n = out.numel();
    if (n == 0) return;
    Operand oc, ox, oy;
    const Layout lo = layoutOf(out);
    if (!makeOperand(lo, layoutOf(c), oc) || !makeOperand(lo, layoutOf(x), ox) || !makeOperand(lo, layoutOf(y), oy))
        ctx.fail(ErrorKind::Unsupported, "broadcasting into ", out.describe(), " needs more than ", kMaxRank, " dims");
    const cudaStream_t stream = kernelStream(ctx);
    auto launch = [&](auto word) {
        using W = decltype(word);
        whereKernel<W><<<blocksFor(n), kThreads, 0, stream>>>(static_cast<const bool*>(c.raw()),
                                                             static_cast<const W*>(x.raw()), static_cast<const W*>(y.raw()),
                                                             static_cast<W*>(out.raw()), n, oc, ox, oy);
    };
    switch (dataTypeSize(x.dtype())) {
        case 1: launch(uint8_t{}); break;
        case 2: launch(uint16_t{}); break;
        case 4: launch(uint32_t{}); break;
        case 8: launch(uint64_t{}); break;
        default: ctx.fail(ErrorKind::Unsupported, "X type ", dataTypeName(x.dtype()), " is not supported");
    }
    checkLaunch(ctx);
}

// ---------------------------------------------------------------------------------------------
// Registration

template <typename Op>
void addBinary(KernelRegistry& registry, const char* opType) {
    KernelDef def;
    def.prepare = &prepareBinary<Op>;
    def.applicable = &broadcastFits;
    def.inputTypes = {typesOf(Op::kTypes)};
    if constexpr (isComparison<Op>()) {
        def.outputTypes = {{DataType::Bool}};
        if (Op::kTypes == kBools) def.inPlace = {{0, 0}};  // bool in, bool out: one element size
    } else {
        def.outputTypes = {typesOf(Op::kTypes)};
        def.inPlace = {{0, 0}};
    }
    const bool inPlace = !def.inPlace.empty();
    addBothFormats(registry, opType, std::move(def), inPlace ? &broadcastFitsNhwc<true> : &broadcastFitsNhwc<false>);
}

}  // namespace

void registerElementwiseBinaryKernels(KernelRegistry& registry) {
    addBinary<AddOp>(registry, "Add");
    addBinary<SubOp>(registry, "Sub");
    addBinary<MulOp>(registry, "Mul");
    addBinary<DivOp>(registry, "Div");
    addBinary<ModOp>(registry, "Mod");
    addBinary<EqualOp>(registry, "Equal");
    addBinary<LessOp>(registry, "Less");
    addBinary<GreaterOp>(registry, "Greater");
    addBinary<LessOrEqualOp>(registry, "LessOrEqual");
    addBinary<GreaterOrEqualOp>(registry, "GreaterOrEqual");
    addBinary<AndOp>(registry, "And");
    addBinary<OrOp>(registry, "Or");
    addBinary<XorOp>(registry, "Xor");

    KernelDef pow{&powKernel, {}, kReferenceTactic, &powApplicable};
    pow.inputTypes = {numberTypes(), numberTypes()};
    pow.outputTypes = {numberTypes()};
    pow.inPlace = {{0, 0}};
    addBothFormats(registry, "Pow", std::move(pow), &powNhwcApplicable);

    KernelDef prelu{&preluKernel, {}, kReferenceTactic, &broadcastFits};
    prelu.inputTypes = {numberTypes()};
    prelu.outputTypes = {numberTypes()};
    prelu.inPlace = {{0, 0}};
    addBothFormats(registry, "PRelu", std::move(prelu), &broadcastFitsNhwc<true>);

    auto addFold = [&](const char* opType, KernelFn run, const TypeSet& types) {
        KernelDef def{run, {}, kReferenceTactic, &broadcastFits};
        def.inputTypes = {types};
        def.outputTypes = {types};
        def.inPlace = {{0, 0}};
        addBothFormats(registry, opType, std::move(def), &broadcastFitsNhwc<true>);
    };
    addFold("Max", &foldKernelRun<Fold::Max>, numberTypes());
    addFold("Min", &foldKernelRun<Fold::Min>, numberTypes());
    addFold("Sum", &foldKernelRun<Fold::Sum>, floatTypes());
    addFold("Mean", &foldKernelRun<Fold::Mean>, floatTypes());

    // Where: any type of 1, 2, 4 or 8 bytes for X and Y.
    const TypeSet anyFixed = {DataType::Float32, DataType::Float16, DataType::BFloat16, DataType::Float8E4M3,
                              DataType::Float64, DataType::Int8,    DataType::UInt8,    DataType::Int16,
                              DataType::UInt16,  DataType::Int32,   DataType::UInt32,   DataType::Int64,
                              DataType::UInt64,  DataType::Bool};
    KernelDef where{&whereRun, {}, kReferenceTactic, &broadcastFits};
    where.inputTypes = {{DataType::Bool}, anyFixed};
    where.outputTypes = {anyFixed};
    addBothFormats(registry, "Where", std::move(where), &broadcastFitsNhwc<false>);
}

}  // namespace kiln::cuda
