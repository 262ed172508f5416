// Shared pieces of the element-wise family on the GPU, split over several files like the CPU's
// (kernels/cpu/elementwise_internal.h): elementwise.cu (unary math, activations, Clip, the family's
// registration), elementwise_binary.cu (arithmetic, comparisons, logic, variadic ops, PRelu, Where),
// elementwise_cast.cu (Cast, CastLike), elementwise_pointwise.cu (kiln::Pointwise).
//
// Every kernel is a grid-stride loop over the output's elements. An operand is read through an
// Operand: its own element i (same shape as the output), its one element, or a broadcast index map
// whose dims are merged where the operand reads them alike, so most maps have rank 1 or 2 and a
// shape of any rank whose merged map fits kMaxRank runs. Where every operand is read at i or is one
// element, the loops move 16 bytes per access (Pack) when the pointers allow.
//
// Each op has a linear kernel and a channels-last one (KernelDef::format NHWC, so fp16 CNNs stay
// channels last between convolutions): the same code, as the maps follow each tensor's own format
// (Layout below). The channels-last defs refuse only the layouts an in-place output would break.
#pragma once

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "kernels/cuda/common.cuh"

namespace kiln::cuda {

// Registration of the family's files; registerElementwiseKernels (elementwise.cu) calls each.
void registerElementwiseBinaryKernels(KernelRegistry& registry);
void registerElementwiseCastKernels(KernelRegistry& registry);
void registerElementwisePointwiseKernels(KernelRegistry& registry);

// ---------------------------------------------------------------------------------------------
// Element types

template <typename T>
inline constexpr bool kFloatStorage =
    std::is_same_v<T, float> || std::is_same_v<T, __half> || std::is_same_v<T, __nv_bfloat16>;

// What a kernel computes in: float for the float storage types, the type itself otherwise.
template <typename T>
using Compute = std::conditional_t<kFloatStorage<T>, float, T>;

template <typename T>
__device__ __forceinline__ Compute<T> widen(T v) {
    if constexpr (kFloatStorage<T>) return toFloat(v);
    else return v;
}

template <typename U, typename R>
__device__ __forceinline__ U narrow(R r) {
    if constexpr (kFloatStorage<U>) return fromFloat<U>(static_cast<float>(r));
    else return static_cast<U>(r);
}

// Calls f(T{}) with T the C++ type of `dtype` among the types these kernels store; false for others.
template <typename F>
bool dispatchElement(DataType dtype, F&& f) {
    switch (dtype) {
        case DataType::Float32: f(float{}); return true;
        case DataType::Float16: f(__half{}); return true;
        case DataType::BFloat16: f(__nv_bfloat16{}); return true;
        case DataType::Int32: f(int32_t{}); return true;
        case DataType::Int64: f(int64_t{}); return true;
        case DataType::Int8: f(int8_t{}); return true;
        case DataType::UInt8: f(uint8_t{}); return true;
        case DataType::Bool: f(bool{}); return true;
        default: return false;
    }
}

// fp32, fp16, bf16, int32, int64: the arithmetic types of the binary ops.
inline TypeSet numberTypes() {
    return {DataType::Float32, DataType::Float16, DataType::BFloat16, DataType::Int32, DataType::Int64};
}

// The element types an op functor takes (its static kTypes): floats (fp32, fp16, bf16, computed in
// float), int32/int64, bool.
enum TypeFlags : unsigned { kFloats = 1, kInts = 2, kBools = 4 };

template <typename Op, typename T>
constexpr bool takes() {
    if constexpr (kFloatStorage<T>) return (Op::kTypes & kFloats) != 0;
    else if constexpr (std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t>) return (Op::kTypes & kInts) != 0;
    else if constexpr (std::is_same_v<T, bool>) return (Op::kTypes & kBools) != 0;
    else return false;
}

inline TypeSet typesOf(unsigned flags) {
    TypeSet types;
    if (flags & kFloats) types = floatTypes();
    if (flags & kInts) types.insert(types.end(), {DataType::Int32, DataType::Int64});
    if (flags & kBools) types.push_back(DataType::Bool);
    return types;
}

// An op functor with attributes has `static Op parse(const Node&, std::string& error)`, called when
// the layer is prepared (error: why the attributes are invalid, reported when the layer runs).
template <typename Op>
Op parseOp(const Node& node, std::string& error) {
    if constexpr (requires { Op::parse(node, error); }) return Op::parse(node, error);
    else return Op{};
}

// Integer arithmetic through the unsigned type: wraps modulo 2^bits, no signed-overflow UB.
template <typename V>
__device__ __forceinline__ V wrapNeg(V x) {
    using W = std::make_unsigned_t<V>;
    return static_cast<V>(W(0) - static_cast<W>(x));
}

// The integer types' limits as constants device code reads (numeric_limits is host code).
template <typename T>
struct IntRange;
template <>
struct IntRange<int8_t> {
    static constexpr int8_t lo = INT8_MIN, hi = INT8_MAX;
};
template <>
struct IntRange<uint8_t> {
    static constexpr uint8_t lo = 0, hi = UINT8_MAX;
};
template <>
struct IntRange<int32_t> {
    static constexpr int32_t lo = INT32_MIN, hi = INT32_MAX;
};
template <>
struct IntRange<int64_t> {
    static constexpr int64_t lo = INT64_MIN, hi = INT64_MAX;
};

// A float to an integer type: truncated toward zero, NaN gives 0, out of range saturates (the CPU's
// saturatingCast and the oracle's truncateToInteger).
template <typename T>
__device__ __forceinline__ T saturateTo(double v) {
    if (v != v) return T(0);
    if (v <= double(IntRange<T>::lo)) return IntRange<T>::lo;
    if (v >= double(IntRange<T>::hi)) return IntRange<T>::hi;  // hi may round up past the max: >= catches it
    return static_cast<T>(v);
}

// Formulas shared by the single ops and kiln::Pointwise's steps.
__device__ __forceinline__ float sigmoid(float x) {
    if (x >= 0.f) return 1.f / (1.f + expf(-x));  // split by sign so expf never overflows
    const float e = expf(x);
    return e / (1.f + e);
}
// log(1 + e^x) without overflow for large x and without cancellation for very negative x.
__device__ __forceinline__ float softplus(float x) { return x > 0.f ? x + log1pf(expf(-x)) : log1pf(expf(x)); }
// min(max(v, 0), 1) with NaN kept (numpy's clip, as the oracle).
__device__ __forceinline__ float clamp01(float v) { return v != v ? v : fminf(fmaxf(v, 0.f), 1.f); }
// pow, with x·x for the exponent 2 exactly as a correctly rounded pow gives it.
__device__ __forceinline__ float powFloat(float x, float e) { return e == 2.f ? x * x : powf(x, e); }

// ---------------------------------------------------------------------------------------------
// 16-byte packs

template <typename T, int K>
struct alignas(sizeof(T) * K) Pack {
    T v[K];
};

// Elements per pack when every type involved moves in packs of at most 16 bytes.
template <typename... T>
constexpr int packWidth() {
    return int(16 / std::max({sizeof(T)...}));
}

inline bool alignedTo(const void* p, size_t bytes) { return reinterpret_cast<uintptr_t>(p) % bytes == 0; }

// ---------------------------------------------------------------------------------------------
// Operands

enum class Access : uint8_t {
    Full,    // element i (the operand has the output's element count)
    Scalar,  // element 0
    Mapped,  // element mapIndex(map, i)
};

struct Operand {
    IndexMap map;
    Access access = Access::Full;
};

__device__ __forceinline__ int64_t offsetOf(const Operand& o, int64_t i) {
    if (o.access == Access::Full) return i;
    if (o.access == Access::Scalar) return 0;
    return mapIndex(o.map, i);
}

// How an operand of dims `in` is read for each element of an output of dims `out` (numpy rules,
// right-aligned; `in` must broadcast into `out`): dims of 1 dropped and adjacent dims that the
// operand reads alike (both contiguous, or both broadcast) merged. False when the merged map has
// more than kMaxRank dims.
inline bool makeOperand(std::span<const int64_t> out, std::span<const int64_t> in, Operand& op) {
    int64_t dims[kMaxRank], strides[kMaxRank];  // merged dims, innermost first
    int rank = 0;
    int64_t stride = 1;  // the operand's element stride at dim d
    for (int d = int(out.size()) - 1, o = int(in.size()) - 1; d >= 0; --d, --o) {
        const int64_t size = out[size_t(d)];
        const int64_t od = o >= 0 ? in[size_t(o)] : 1;
        const int64_t st = od == 1 ? 0 : stride;
        stride *= od;
        if (size == 1) continue;
        if (rank > 0 && st == strides[rank - 1] * dims[rank - 1]) {
            dims[rank - 1] *= size;
            continue;
        }
        if (rank == kMaxRank) return false;
        dims[rank] = size;
        strides[rank] = st;
        ++rank;
    }
    op.map = IndexMap{};
    op.map.rank = rank;
    for (int k = 0; k < rank; ++k) {
        op.map.dims[rank - 1 - k] = dims[k];
        op.map.strides[rank - 1 - k] = strides[k];
    }
    withFastDivision(op.map);
    if (rank == 0 || (rank == 1 && strides[0] == 0)) op.access = Access::Scalar;
    else if (rank == 1 && strides[0] == 1) op.access = Access::Full;
    else op.access = Access::Mapped;
    return true;
}

// ---------------------------------------------------------------------------------------------
// Layouts: the same maps for tensors stored linear or channels last (TensorFormat::NHWC: [N, C, D...]
// stored as [N, D..., C]). A kernel walks its output in memory order (element i is the output's i-th
// stored element) and reads each operand at its own strides, so one index map serves any mix of
// formats: a channels-last activation, a linear constant [1, C, 1, 1] or [C, H, W], a lower-rank
// tensor. Where everything is linear these maps are exactly the ones above.

struct Layout {
    std::span<const int64_t> dims;
    TensorFormat format = TensorFormat::Linear;
};

inline Layout layoutOf(const Tensor& t) { return {t.dims(), t.format()}; }

inline bool channelsLast(const Layout& l) { return l.format == TensorFormat::NHWC && l.dims.size() >= 3; }

// Elements to step over for one step along logical `axis` (Tensor::stride's rule).
inline int64_t axisStride(const Layout& l, size_t axis) {
    const size_t r = l.dims.size();
    if (channelsLast(l)) {
        if (axis == 1) return 1;
        int64_t s = l.dims[1];
        for (size_t d = r - 1; d >= 2; --d) {
            if (d == axis) return s;
            s *= l.dims[d];
        }
        return s;  // axis 0
    }
    int64_t s = 1;
    for (size_t d = r - 1; d > axis; --d) s *= l.dims[d];
    return s;
}

// The logical axis stored at memory position p (0 outermost): [0, 2, ..., r-1, 1] channels last.
inline size_t axisAt(const Layout& l, size_t p) {
    if (!channelsLast(l)) return p;
    return p == l.dims.size() - 1 ? 1 : p == 0 ? 0 : p + 1;
}

// How an operand `in` is read for each element of the output `out`, both in their own layouts (numpy
// rules, right-aligned on the logical dims; `in` must broadcast into `out`): the output's dims in
// its memory order, dims of 1 dropped and adjacent dims that the operand reads alike merged. Full
// means the operand's element i for the output's element i (same dims, same memory order). False
// when the merged map has more than kMaxRank dims.
inline bool makeOperand(const Layout& out, const Layout& in, Operand& op) {
    int64_t dims[kMaxRank], strides[kMaxRank];  // merged dims, innermost first
    int rank = 0;
    const size_t r = out.dims.size();
    const int64_t shift = int64_t(r) - int64_t(in.dims.size());  // operand axis = output axis - shift
    for (size_t p = r; p-- > 0;) {
        const size_t d = axisAt(out, p);
        const int64_t size = out.dims[d];
        const int64_t o = int64_t(d) - shift;
        const int64_t od = o >= 0 ? in.dims[size_t(o)] : 1;
        const int64_t st = od == 1 ? 0 : axisStride(in, size_t(o));
        if (size == 1) continue;
        if (rank > 0 && st == strides[rank - 1] * dims[rank - 1]) {
            dims[rank - 1] *= size;
            continue;
        }
        if (rank == kMaxRank) return false;
        dims[rank] = size;
        strides[rank] = st;
        ++rank;
    }
    op.map = IndexMap{};
    op.map.rank = rank;
    for (int k = 0; k < rank; ++k) {
        op.map.dims[rank - 1 - k] = dims[k];
        op.map.strides[rank - 1 - k] = strides[k];
    }
    withFastDivision(op.map);
    if (rank == 0 || (rank == 1 && strides[0] == 0)) op.access = Access::Scalar;
    else if (rank == 1 && strides[0] == 1) op.access = Access::Full;
    else op.access = Access::Mapped;
    return true;
}

// Whether output `out` of dims `dims` may take input `in`'s block (KernelDef::inPlace): the input is
// in the step's format (which a donated block keeps) and its element i is the output's element i in
// that format. Linear steps: whenever the element counts agree, as broadcasting then implies.
inline bool reusable(const KernelContext& ctx, size_t in, std::span<const int64_t> dims) {
    const Tensor& x = ctx.input(in);
    if (x.format() != ctx.format()) return false;
    int64_t n = 1;
    for (int64_t d : dims) n *= d;
    if (x.numel() != n) return false;
    Operand o;
    return n <= 1 || (makeOperand(Layout{dims, ctx.format()}, layoutOf(x), o) && o.access == Access::Full);
}

// Whether the memory planner may give the output of dims `dims` input 0's block safely (channels-
// last defs' applicable checks): it does so for an activation input 0 of the output's size that
// dies at this layer, whatever its layout, and element i must then read only element i of it.
// Linear steps always pass (broadcasting keeps the memory order there).
inline bool inPlaceSafe(const KernelContext& ctx, std::span<const int64_t> dims) {
    if (!ctx.hasInput(0)) return true;
    const Value* v = ctx.node().inputs.empty() ? nullptr : ctx.node().inputs[0];
    if (v && v->isConstant()) return true;
    const Tensor& x = ctx.input(0);
    int64_t n = 1;
    for (int64_t d : dims) n *= d;
    if (x.numel() != n || n <= 1) return true;
    Operand o;
    return makeOperand(Layout{dims, ctx.format()}, layoutOf(x), o) && o.access == Access::Full;
}

// Registers `def` (linear) and the same kernel for channels-last layers, applicable where
// `nhwcApplicable` says (the linear checks and inPlaceSafe).
inline void addBothFormats(KernelRegistry& registry, const std::string& opType, KernelDef def,
                           KernelApplicableFn nhwcApplicable, const std::string& domain = "") {
    KernelDef nhwc = def;
    nhwc.format = TensorFormat::NHWC;
    nhwc.applicable = nhwcApplicable;
    registry.add(opType, std::move(def), domain);
    registry.add(opType, std::move(nhwc), domain);
}

// An output written over an input (in place) must read it at its own element i; anything else
// would read elements already overwritten.
inline void requireInOrder(const KernelContext& ctx, const Tensor& y, const Tensor& in, const Operand& o) {
    if (o.access == Access::Mapped && y.numel() > 0 && y.raw() == in.raw())
        ctx.fail(ErrorKind::Internal, "output ", y.describe(), " (", tensorFormatName(y.format()),
                 ") is written over input ", in.describe(), " (", tensorFormatName(in.format()), ") in another order");
}

// Broadcasts `out` with one more shape (numpy rules); false when they do not broadcast.
inline bool broadcastWith(std::vector<int64_t>& out, std::span<const int64_t> s) {
    if (s.size() > out.size()) out.insert(out.begin(), s.size() - out.size(), 1);
    for (size_t i = 0; i < s.size(); ++i) {
        int64_t& o = out[out.size() - s.size() + i];
        const int64_t d = s[i];
        if (d == o || d == 1) continue;
        if (o != 1) return false;
        o = d;
    }
    return true;
}

// The numpy broadcast of several shapes into `out`; false when they do not broadcast.
inline bool broadcastShapes(std::initializer_list<std::span<const int64_t>> shapes, std::vector<int64_t>& out) {
    out.clear();
    for (std::span<const int64_t> s : shapes)
        if (!broadcastWith(out, s)) return false;
    return true;
}

// Whether an operand of dims `in` broadcasts into `out` without growing it.
inline bool broadcastsInto(std::span<const int64_t> in, std::span<const int64_t> out) {
    if (in.size() > out.size()) return false;
    for (size_t i = 0; i < in.size(); ++i)
        if (in[i] != 1 && in[i] != out[out.size() - in.size() + i]) return false;
    return true;
}

// Whether the map of an operand of dims `in` read into `out` fits kMaxRank (applicable checks).
inline bool operandFits(std::span<const int64_t> out, std::span<const int64_t> in) {
    Operand o;
    return makeOperand(out, in, o);
}

// ---------------------------------------------------------------------------------------------
// One-input maps: y[i] = op(x[i]) for every element type the op takes

// op gets the element widened (float for the float storage types) and its result is narrowed to U.
// x and y may be the same memory. K > 1: K elements per access (x and y aligned to their packs).
template <typename T, typename U, typename Op, int K>
__global__ void mapKernel(const T* x, U* y, int64_t n, Op op) {
    const int64_t step = int64_t(gridDim.x) * blockDim.x;
    const int64_t first = int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
    int64_t done = 0;
    if constexpr (K > 1) {
        const int64_t packs = n / K;
        const auto* xp = reinterpret_cast<const Pack<T, K>*>(x);
        auto* yp = reinterpret_cast<Pack<U, K>*>(y);
        for (int64_t p = first; p < packs; p += step) {
            const Pack<T, K> in = xp[p];
            Pack<U, K> out;
#pragma unroll
            for (int j = 0; j < K; ++j) out.v[j] = narrow<U>(op(widen(in.v[j])));
            yp[p] = out;
        }
        done = packs * K;
    }
    for (int64_t i = done + first; i < n; i += step) y[i] = narrow<U>(op(widen(x[i])));
}

// Enqueues y = op(x) over n elements on the step's stream.
template <typename T, typename U, typename Op>
void launchMap(const KernelContext& ctx, const void* x, void* y, int64_t n, const Op& op) {
    if (n == 0) return;
    const cudaStream_t stream = kernelStream(ctx);
    constexpr int K = packWidth<T, U>();
    const T* px = static_cast<const T*>(x);
    U* py = static_cast<U*>(y);
    if (n >= K && alignedTo(px, sizeof(T) * K) && alignedTo(py, sizeof(U) * K))
        mapKernel<T, U, Op, K><<<blocksFor((n + K - 1) / K), kThreads, 0, stream>>>(px, py, n, op);
    else
        mapKernel<T, U, Op, 1><<<blocksFor(n), kThreads, 0, stream>>>(px, py, n, op);
    checkLaunch(ctx);
}

// y[i] = op(x at the element y[i] is): x and y of the same dims in different layouts.
template <typename T, typename U, typename Op>
__global__ void mapMappedKernel(const T* x, U* y, int64_t n, Operand ox, Op op) {
    const int64_t step = int64_t(gridDim.x) * blockDim.x;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step)
        y[i] = narrow<U>(op(widen(x[offsetOf(ox, i)])));
}

// Enqueues y = op(x), x and y of the same dims: one pass over memory when their layouts agree (the
// usual case, in either format), else x is read through its index map.
template <typename T, typename U, typename Op>
void launchUnary(const KernelContext& ctx, const Tensor& x, Tensor& y, const Op& op) {
    requireOnDevice(ctx, y, "output");
    Operand ox;
    if (!makeOperand(layoutOf(y), layoutOf(x), ox))
        ctx.fail(ErrorKind::Unsupported, "reading ", x.describe(), " into ", y.describe(), " needs more than ", kMaxRank,
                 " dims");
    requireInOrder(ctx, y, x, ox);
    if (ox.access != Access::Mapped) {  // same memory order (or one element)
        launchMap<T, U>(ctx, x.raw(), y.raw(), x.numel(), op);
        return;
    }
    const int64_t n = y.numel();
    if (n == 0) return;
    mapMappedKernel<T, U, Op><<<blocksFor(n), kThreads, 0, kernelStream(ctx)>>>(
        static_cast<const T*>(x.raw()), static_cast<U*>(y.raw()), n, ox, op);
    checkLaunch(ctx);
}

}  // namespace kiln::cuda
