// Reductions on the GPU: ReduceSum/Mean/Max/Min/Prod/L1/L2/LogSum/LogSumExp/SumSquare, ArgMax,
// ArgMin, GlobalAveragePool, GlobalMaxPool, Softmax, LogSoftmax, Hardmax, and the normalizations
// LayerNormalization, BatchNormalization (inference), InstanceNormalization, GroupNormalization
// (per-channel scale/bias, as the importer rewrites every opset) and LpNormalization. Semantics as
// the oracle's (kernels/cpu/naive): NaN propagates through Max/Min and softmax maxima, empty
// reductions give the identity (NaN for a float Mean), integer sums wrap.
//
// Each output (a row, a slice along an axis, a plane) is reduced by a group of G threads of a
// kThreads-thread block: one thread (short or strided rows, many of them), one warp, or the whole
// block (long rows); the group combines its partial results with warp shuffles and, for the block,
// shared memory. Floats accumulate in float, statistics two-pass (mean, then squared deviations).
#include <cmath>
#include <type_traits>
#include <utility>
#include <vector>

#include "kernels/cuda/common.cuh"
#include "kernels/cuda/register.h"

namespace kiln::cuda {

namespace {

constexpr int kWarp = 32;

// ---------------------------------------------------------------------------------------------
// Groups of threads that reduce one output together

template <typename V>
__device__ __forceinline__ V shuffleXor(V v, int mask) {
    return __shfl_xor_sync(0xffffffffu, v, mask);
}

// An element's value and index (ArgMax, ArgMin, Hardmax); i < 0: no element yet.
template <typename V>
struct ArgAcc {
    V v;
    int64_t i;
};

template <typename V>
__device__ __forceinline__ ArgAcc<V> shuffleXor(ArgAcc<V> a, int mask) {
    return {shuffleXor(a.v, mask), shuffleXor(a.i, mask)};
}

// v combined over the G threads of a group (G = 1, a warp, or the kThreads-thread block); every
// thread of the group gets the same result. The whole group must call it (the block synchronizes).
template <int G, typename V, typename Combine>
__device__ __forceinline__ V groupAll(V v, Combine combine) {
    if constexpr (G == 1) {
        return v;
    } else {
        for (int mask = kWarp / 2; mask > 0; mask >>= 1) v = combine(v, shuffleXor(v, mask));
        if constexpr (G == kWarp) {
            return v;
        } else {
            static_assert(G == kThreads, "a group is a thread, a warp or the block");
            __shared__ V part[kThreads / kWarp];
            __syncthreads();  // the previous call's readers are done with `part`
            if (threadIdx.x % kWarp == 0) part[threadIdx.x / kWarp] = v;
            __syncthreads();
            v = part[0];
            for (int w = 1; w < kThreads / kWarp; ++w) v = combine(v, part[w]);  // same order everywhere
            return v;
        }
    }
}

// Which output a group works on first, its stride over the outputs, and a thread's lane in it.
// The loop bound is the same for the whole group, so groupAll's synchronization is safe.
template <int G>
struct Groups {
    static constexpr int kPerBlock = kThreads / G;
    __device__ static int lane() { return int(threadIdx.x) % G; }
    __device__ static int64_t first() { return int64_t(blockIdx.x) * kPerBlock + threadIdx.x / G; }
    __device__ static int64_t step() { return int64_t(gridDim.x) * kPerBlock; }
};

// The group size for `items` outputs of `length` elements each: contiguous rows get a warp, or the
// block when long; rows strided across memory (a reduction over a middle axis) get a thread each,
// so neighbouring threads read neighbouring elements, unless there are too few of them.
int groupSize(int64_t items, int64_t length, bool contiguous) {
    if (contiguous) return length >= 2048 ? kThreads : length >= 32 ? kWarp : 1;
    return items < 2048 && length >= 64 ? kWarp : 1;
}

template <typename F>
void withGroup(int g, F&& f) {
    if (g == 1) f(std::integral_constant<int, 1>{});
    else if (g == kWarp) f(std::integral_constant<int, kWarp>{});
    else f(std::integral_constant<int, kThreads>{});
}

unsigned groupGrid(int64_t items, int g) { return blocksFor(items, kThreads / g); }

// The maxima and minima of the oracle: a NaN wins.
__device__ __forceinline__ float maxNaN(float a, float b) { return (a > b || a != a) ? a : b; }
__device__ __forceinline__ float minNaN(float a, float b) { return (a < b || a != a) ? a : b; }

__device__ __forceinline__ int64_t offsetOf(const IndexMap& m, int64_t i) {
    return m.rank == 1 ? i * m.strides[0] : mapIndex(m, i);
}

// Calls f(T{}) for the float types and int32/int64; false for others.
template <typename F>
bool dispatchNumeric(DataType dtype, F&& f) {
    if (dispatchFloat(dtype, f)) return true;
    if (dtype == DataType::Int32) f(int32_t{});
    else if (dtype == DataType::Int64) f(int64_t{});
    else return false;
    return true;
}

[[noreturn]] void failType(const KernelContext& ctx, DataType t) {
    ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(t), " is not supported");
}

// Normalizes a possibly negative axis into [0, rank), with the CPU's message.
int64_t normalizeAxis(const KernelContext& ctx, int64_t axis, int64_t rank) {
    if (axis < -rank || axis >= rank || rank == 0)
        ctx.fail(ErrorKind::InvalidModel, "axis ", axis, " is out of range for rank ", rank);
    return axis < 0 ? axis + rank : axis;
}

int64_t dimProduct(std::span<const int64_t> dims, size_t begin, size_t end) {
    int64_t p = 1;
    for (size_t i = begin; i < end && i < dims.size(); ++i) p *= dims[i];
    return p;
}

bool rankFits(const KernelContext& ctx) { return ctx.input(0).rank() <= size_t(kMaxRank); }

// ---------------------------------------------------------------------------------------------
// Reduce*

enum class ReduceOp { Sum, Mean, Max, Min, Prod, L1, L2, LogSum, LogSumExp, SumSquare };

// Float reductions (fp32/fp16/bf16 storage) in float.
template <ReduceOp Op, typename T, bool Integer = std::is_integral_v<T>>
struct Reducer {
    using Acc = float;
    __device__ static Acc identity() {
        if constexpr (Op == ReduceOp::Max) return -INFINITY;
        else if constexpr (Op == ReduceOp::Min) return INFINITY;
        else if constexpr (Op == ReduceOp::Prod) return 1.f;
        else return 0.f;
    }
    __device__ static Acc load(T x) {
        const float v = toFloat(x);
        if constexpr (Op == ReduceOp::L1) return fabsf(v);
        else if constexpr (Op == ReduceOp::L2 || Op == ReduceOp::SumSquare) return v * v;
        else return v;
    }
    __device__ static Acc combine(Acc a, Acc b) {
        if constexpr (Op == ReduceOp::Max) return maxNaN(a, b);
        else if constexpr (Op == ReduceOp::Min) return minNaN(a, b);
        else if constexpr (Op == ReduceOp::Prod) return a * b;
        else return a + b;
    }
    __device__ static T finish(Acc a, int64_t count) {
        if constexpr (Op == ReduceOp::Mean) a /= float(count);  // 0/0 = NaN for an empty mean
        else if constexpr (Op == ReduceOp::L2) a = sqrtf(a);
        else if constexpr (Op == ReduceOp::LogSum) a = logf(a);
        return fromFloat<T>(a);
    }
};

// Integer reductions (int32, int64): Max/Min in the element type; Sum, Prod, L1 and SumSquare wrap
// modulo 2^64 and then to the type; Mean divides the sum, truncating (0 for an empty one).
template <ReduceOp Op, typename T>
struct Reducer<Op, T, true> {
    static constexpr bool kCompare = Op == ReduceOp::Max || Op == ReduceOp::Min;
    using Acc = std::conditional_t<kCompare, T, unsigned long long>;
    static_assert(std::is_signed_v<T>, "int32 and int64");
    __device__ static Acc identity() {
        // The type's lowest and highest values (numeric_limits is host code).
        constexpr T lowest = T(1ull << (8 * sizeof(T) - 1));
        if constexpr (Op == ReduceOp::Max) return lowest;
        else if constexpr (Op == ReduceOp::Min) return T(~lowest);
        else if constexpr (Op == ReduceOp::Prod) return 1;
        else return 0;
    }
    __device__ static Acc load(T x) {
        if constexpr (kCompare) {
            return x;
        } else {
            const auto u = static_cast<unsigned long long>(static_cast<long long>(x));
            if constexpr (Op == ReduceOp::L1) return x < T(0) ? 0ull - u : u;
            else if constexpr (Op == ReduceOp::SumSquare) return u * u;
            else return u;
        }
    }
    __device__ static Acc combine(Acc a, Acc b) {
        if constexpr (Op == ReduceOp::Max) return a > b ? a : b;
        else if constexpr (Op == ReduceOp::Min) return a < b ? a : b;
        else if constexpr (Op == ReduceOp::Prod) return a * b;
        else return a + b;
    }
    __device__ static T finish(Acc a, int64_t count) {
        if constexpr (Op == ReduceOp::Mean) return count == 0 ? T(0) : T(static_cast<long long>(a) / count);
        else return static_cast<T>(a);
    }
};

// y[o] = the reduction of the elements of output o: x[offsetOf(kept, o) + offsetOf(reduced, r)].
template <int G, ReduceOp Op, typename T>
__global__ void reduceKernel(const T* __restrict__ x, T* __restrict__ y, IndexMap kept, IndexMap reduced,
                             int64_t outCount, int64_t reduceCount) {
    using R = Reducer<Op, T>;
    using Acc = typename R::Acc;
    const int lane = Groups<G>::lane();
    for (int64_t o = Groups<G>::first(); o < outCount; o += Groups<G>::step()) {
        const T* base = x + offsetOf(kept, o);
        if constexpr (Op == ReduceOp::LogSumExp) {
            // Shifted by the maximum so exp cannot overflow; all -inf gives -inf, a +inf gives +inf.
            float mx = -INFINITY;
            for (int64_t r = lane; r < reduceCount; r += G) mx = fmaxf(mx, toFloat(base[offsetOf(reduced, r)]));
            mx = groupAll<G>(mx, [](float a, float b) { return fmaxf(a, b); });
            const float shift = isfinite(mx) ? mx : 0.f;
            float sum = 0.f;
            for (int64_t r = lane; r < reduceCount; r += G) sum += expf(toFloat(base[offsetOf(reduced, r)]) - shift);
            sum = groupAll<G>(sum, [](float a, float b) { return a + b; });
            if (lane == 0) y[o] = fromFloat<T>(logf(sum) + shift);
        } else {
            Acc acc = R::identity();
            for (int64_t r = lane; r < reduceCount; r += G) acc = R::combine(acc, R::load(base[offsetOf(reduced, r)]));
            acc = groupAll<G>(acc, [](Acc a, Acc b) { return R::combine(a, b); });
            if (lane == 0) y[o] = R::finish(acc, reduceCount);
        }
    }
}

// Which elements each output reduces. Neighbouring dims of the same role are merged (as the CPU's
// ReducePlan does), so reducing [N, C, H, W] over (H, W) is N*C outputs of one contiguous run.
struct ReducePlan {
    std::vector<int64_t> outDims;
    IndexMap kept, reduced;  // merged dims and their element strides, outermost first
    int64_t outCount = 1, reduceCount = 1;
    bool contiguous = false;  // the innermost reduced dim has stride 1
};

ReducePlan planReduce(std::span<const int64_t> dims, const std::vector<bool>& reduced, bool keepDims) {
    ReducePlan p;
    const size_t rank = dims.size();
    std::vector<int64_t> strides(rank, 1);
    for (size_t i = rank; i-- > 1;) strides[i - 1] = strides[i] * dims[i];
    int lastRole = -1;  // 0 kept, 1 reduced
    for (size_t i = 0; i < rank; ++i) {
        if (reduced[i]) {
            p.reduceCount *= dims[i];
            if (keepDims) p.outDims.push_back(1);
        } else {
            p.outCount *= dims[i];
            p.outDims.push_back(dims[i]);
        }
        if (dims[i] == 1) continue;
        const int role = reduced[i] ? 1 : 0;
        IndexMap& m = role ? p.reduced : p.kept;
        if (role == lastRole) {
            m.dims[m.rank - 1] *= dims[i];  // contiguous with the previous dim of the same role
            m.strides[m.rank - 1] = strides[i];
        } else {
            m.dims[m.rank] = dims[i];
            m.strides[m.rank] = strides[i];
            ++m.rank;
        }
        lastRole = role;
    }
    p.contiguous = p.reduced.rank > 0 && p.reduced.strides[p.reduced.rank - 1] == 1;
    withFastDivision(p.kept);
    withFastDivision(p.reduced);
    return p;
}

// Reduced axes from the optional host input `axes`; none means all (or none with
// noop_with_empty_axes). The CPU's checks and messages.
std::vector<bool> reducedAxes(const KernelContext& ctx, size_t rank) {
    const Tensor* axesT = ctx.optionalInput(1);
    if (axesT && axesT->dtype() != DataType::Int64 && axesT->dtype() != DataType::Int32)
        ctx.fail(ErrorKind::InvalidModel, "'axes' must be int64, got ", axesT->describe());
    if (axesT && axesT->rank() > 1) ctx.fail(ErrorKind::InvalidModel, "'axes' must be 1-D, got ", axesT->describe());
    if (axesT && !axesT->device().isHost())
        ctx.fail(ErrorKind::Internal, "'axes' ", axesT->describe(), " is on ", axesT->device().str(), ", not on the host");
    const std::vector<int64_t> axes = axesT ? axesT->toInt64Vector() : std::vector<int64_t>{};
    if (axes.empty()) return std::vector<bool>(rank, ctx.node().attrInt("noop_with_empty_axes", 0) == 0);
    std::vector<bool> reduced(rank, false);
    for (int64_t a : axes) {
        if (a < -int64_t(rank) || a >= int64_t(rank))
            ctx.fail(ErrorKind::InvalidModel, "axes value ", a, " is out of range for rank ", rank);
        const size_t k = size_t(a < 0 ? a + int64_t(rank) : a);
        if (reduced[k]) ctx.fail(ErrorKind::InvalidModel, "axes lists axis ", k, " twice");
        reduced[k] = true;
    }
    return reduced;
}

template <ReduceOp Op, typename T>
void launchReduce(const KernelContext& ctx, const T* x, T* y, const ReducePlan& p) {
    const int g = groupSize(p.outCount, p.reduceCount, p.contiguous);
    const cudaStream_t stream = kernelStream(ctx);
    withGroup(g, [&](auto group) {
        constexpr int G = decltype(group)::value;
        reduceKernel<G, Op, T><<<groupGrid(p.outCount, G), kThreads, 0, stream>>>(x, y, p.kept, p.reduced, p.outCount,
                                                                                  p.reduceCount);
    });
    checkLaunch(ctx);
}

// The ops whose integer forms run here (L2, LogSum and LogSumExp go through double on the CPU).
constexpr bool integerReduce(ReduceOp op) {
    return op != ReduceOp::L2 && op != ReduceOp::LogSum && op != ReduceOp::LogSumExp;
}

template <ReduceOp Op>
void runReduce(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    requireOnDevice(ctx, x, "input");
    if (x.rank() > size_t(kMaxRank)) ctx.fail(ErrorKind::Unsupported, "rank ", x.rank(), " is over ", kMaxRank);
    const std::vector<bool> reduced = reducedAxes(ctx, x.rank());
    const ReducePlan p = planReduce(x.dims(), reduced, ctx.node().attrInt("keepdims", 1) != 0);
    const DataType t = x.dtype();
    bool done = false;
    dispatchNumeric(t, [&](auto tag) {
        using T = decltype(tag);
        if constexpr (!std::is_integral_v<T> || integerReduce(Op)) {
            Tensor& y = ctx.allocateOutput(0, t, p.outDims);
            done = true;
            if (p.outCount == 0) return;
            launchReduce<Op, T>(ctx, static_cast<const T*>(x.raw()), static_cast<T*>(y.raw()), p);
        }
    });
    if (!done) failType(ctx, t);
}

// Global pooling over channels-last X ([N, S, C] in memory, S the spatial size): a block of
// kPoolLanes x kPoolRows threads takes kPoolLanes neighbouring channels of one image and one chunk of
// positions; each row of lanes walks every kPoolRows-th position of the chunk, one contiguous read
// per position across the lanes, and the rows combine in shared memory. With one chunk the block
// writes Y ([N, C, 1...], the same memory in either format: n·C + c); with several (few images and
// channels over a large plane, as in squeeze-and-excitation blocks) it writes its partial result to
// scratch memory and globalPoolCombineKernel combines the chunks in order.
constexpr int kPoolLanes = 32, kPoolRows = kThreads / kPoolLanes;
constexpr int64_t kPoolBlocks = 256;   // below this many blocks, planes are split into chunks...
constexpr int64_t kPoolChunk = 256;    // ...of at least this many positions

template <ReduceOp Op, typename T>
__global__ void globalPoolNhwcKernel(const T* __restrict__ x, T* __restrict__ y,
                                     typename Reducer<Op, T>::Acc* __restrict__ partial, int64_t N, int64_t C,
                                     int64_t S, int64_t chunk) {
    using R = Reducer<Op, T>;
    using Acc = typename R::Acc;
    __shared__ Acc part[kPoolRows][kPoolLanes];
    const int64_t c = int64_t(blockIdx.x) * kPoolLanes + threadIdx.x;
    const int64_t begin = int64_t(blockIdx.z) * chunk, end = begin + chunk < S ? begin + chunk : S;
    for (int64_t n = blockIdx.y; n < N; n += gridDim.y) {  // the same trip count for the whole block
        Acc acc = R::identity();
        if (c < C) {
            const T* src = x + n * S * C + c;
            for (int64_t s = begin + threadIdx.y; s < end; s += kPoolRows) acc = R::combine(acc, R::load(src[s * C]));
        }
        part[threadIdx.y][threadIdx.x] = acc;
        __syncthreads();
        if (threadIdx.y == 0 && c < C) {
            for (int r = 1; r < kPoolRows; ++r) acc = R::combine(acc, part[r][threadIdx.x]);
            if (partial) partial[(n * gridDim.z + blockIdx.z) * C + c] = acc;
            else y[n * C + c] = R::finish(acc, S);
        }
        __syncthreads();  // `part` is read before the next image writes it
    }
}

// y[n·C + c] = the chunks' partial results for (n, c) combined, in chunk order.
template <ReduceOp Op, typename T>
__global__ void globalPoolCombineKernel(const typename Reducer<Op, T>::Acc* __restrict__ partial, T* __restrict__ y,
                                        int64_t N, int64_t C, int64_t S, int64_t chunks) {
    using R = Reducer<Op, T>;
    const int64_t step = int64_t(gridDim.x) * blockDim.x;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < N * C; i += step) {
        const int64_t n = i / C, c = i % C;
        const auto* p = partial + n * chunks * C + c;
        auto acc = p[0];
        for (int64_t z = 1; z < chunks; ++z) acc = R::combine(acc, p[z * C]);
        y[i] = R::finish(acc, S);
    }
}

template <ReduceOp Op, typename T>
void launchGlobalPoolNhwc(KernelContext& ctx, const T* x, T* y, int64_t N, int64_t C, int64_t S) {
    using Acc = typename Reducer<Op, T>::Acc;
    const int64_t laneBlocks = (C + kPoolLanes - 1) / kPoolLanes, images = std::min<int64_t>(N, 65535);
    int64_t chunks = 1;
    if (laneBlocks * images < kPoolBlocks)
        chunks = std::max<int64_t>(1, std::min((kPoolBlocks + laneBlocks * images - 1) / (laneBlocks * images),
                                               S / kPoolChunk));
    const int64_t chunk = (S + chunks - 1) / chunks;
    chunks = (S + chunk - 1) / chunk;  // every chunk non-empty
    Acc* partial = chunks > 1 ? static_cast<Acc*>(ctx.scratch(size_t(N * chunks * C) * sizeof(Acc), 256)) : nullptr;
    const cudaStream_t stream = kernelStream(ctx);
    const dim3 grid(static_cast<unsigned>(laneBlocks), static_cast<unsigned>(images), static_cast<unsigned>(chunks));
    globalPoolNhwcKernel<Op, T><<<grid, dim3(kPoolLanes, kPoolRows), 0, stream>>>(x, y, partial, N, C, S, chunk);
    checkLaunch(ctx);
    if (!partial) return;
    globalPoolCombineKernel<Op, T><<<blocksFor(N * C), kThreads, 0, stream>>>(partial, y, N, C, S, chunks);
    checkLaunch(ctx);
}

// GlobalAveragePool / GlobalMaxPool: the mean or max of each (n, c) plane, as a reduction (linear
// X), or by globalPoolNhwcKernel (channels-last X).
template <ReduceOp Op>
void runGlobalPool(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    requireOnDevice(ctx, x, "input");
    if (x.rank() < 2) ctx.fail(ErrorKind::InvalidArgument, "X must be [N, C, spatial...], got ", x.describe());
    std::vector<int64_t> outDims(x.rank(), 1);
    outDims[0] = x.dim(0);
    outDims[1] = x.dim(1);
    ReducePlan p;
    p.outDims = outDims;
    p.outCount = x.dim(0) * x.dim(1);
    p.reduceCount = dimProduct(x.dims(), 2, x.rank());
    if (p.reduceCount == 0 && p.outCount > 0)
        ctx.fail(ErrorKind::InvalidArgument, "X ", x.describe(), " has an empty spatial extent");
    p.kept.rank = p.reduced.rank = 1;
    p.kept.dims[0] = p.outCount;
    p.kept.strides[0] = p.reduceCount;
    p.reduced.dims[0] = p.reduceCount;
    p.reduced.strides[0] = 1;
    p.contiguous = true;
    const DataType t = x.dtype();
    const bool nhwc = x.format() == TensorFormat::NHWC && x.rank() >= 3;
    const bool known = dispatchFloat(t, [&](auto tag) {
        using T = decltype(tag);
        Tensor& y = ctx.allocateOutput(0, t, p.outDims);
        if (p.outCount == 0) return;
        if (!nhwc) {
            launchReduce<Op, T>(ctx, static_cast<const T*>(x.raw()), static_cast<T*>(y.raw()), p);
            return;
        }
        launchGlobalPoolNhwc<Op, T>(ctx, static_cast<const T*>(x.raw()), static_cast<T*>(y.raw()), x.dim(0), x.dim(1),
                                    p.reduceCount);
    });
    if (!known) failType(ctx, t);
}

// ---------------------------------------------------------------------------------------------
// Slices along one axis: ArgMax, ArgMin, Softmax, LogSoftmax, Hardmax, LpNormalization. Slice s
// of `slices` = outer * inner starts at (s / inner) * n * inner + s % inner, its n elements
// `inner` apart.

struct Slices {
    int64_t outer = 1, n = 1, inner = 1;
    int64_t count() const { return outer * inner; }
};

Slices slicesAt(std::span<const int64_t> dims, int64_t axis) {
    return {dimProduct(dims, 0, size_t(axis)), dims[size_t(axis)], dimProduct(dims, size_t(axis) + 1, dims.size())};
}

__device__ __forceinline__ int64_t sliceBase(int64_t s, int64_t n, int64_t inner) {
    return (s / inner) * n * inner + s % inner;
}

// The preferred of two (value, index) pairs, a total order so any combination order agrees with
// the oracle's scan: a NaN wins over numbers; the larger (IsMax) or smaller value wins; ties and
// NaNs go to the first index, or the last with `last`.
template <bool IsMax, typename V>
__device__ __forceinline__ ArgAcc<V> preferArg(ArgAcc<V> a, ArgAcc<V> b, bool last) {
    if (a.i < 0) return b;
    if (b.i < 0) return a;
    const bool an = a.v != a.v, bn = b.v != b.v;  // never true for integers
    if (an != bn) return an ? a : b;
    if (!an && a.v != b.v) return (IsMax ? a.v > b.v : a.v < b.v) ? a : b;
    return (last ? a.i > b.i : a.i < b.i) ? a : b;
}

template <typename T>
using ArgValue = std::conditional_t<std::is_integral_v<T>, long long, float>;

template <typename T>
__device__ __forceinline__ ArgValue<T> argValue(T v) {
    if constexpr (std::is_integral_v<T>) return static_cast<long long>(v);
    else return toFloat(v);
}

// The arg of slice s over the group (every thread of the group gets it).
template <int G, bool IsMax, typename T>
__device__ __forceinline__ int64_t sliceArg(const T* x, int64_t base, int64_t n, int64_t inner, bool last) {
    using A = ArgAcc<ArgValue<T>>;
    A best{ArgValue<T>(0), -1};
    for (int64_t j = Groups<G>::lane(); j < n; j += G)
        best = preferArg<IsMax>(best, A{argValue(x[base + j * inner]), j}, last);
    return groupAll<G>(best, [last](A a, A b) { return preferArg<IsMax>(a, b, last); }).i;
}

template <int G, bool IsMax, typename T>
__global__ void argKernel(const T* __restrict__ x, int64_t* __restrict__ y, int64_t slices, int64_t n,
                          int64_t inner, bool last) {
    for (int64_t s = Groups<G>::first(); s < slices; s += Groups<G>::step()) {
        const int64_t best = sliceArg<G, IsMax>(x, sliceBase(s, n, inner), n, inner, last);
        if (Groups<G>::lane() == 0) y[s] = best;
    }
}

template <bool IsMax>
void runArg(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    requireOnDevice(ctx, x, "input");
    const int64_t rank = int64_t(x.rank());
    if (rank == 0) ctx.fail(ErrorKind::InvalidModel, "input must have rank >= 1, got a scalar");
    const int64_t axis = normalizeAxis(ctx, ctx.node().attrInt("axis", 0), rank);
    const bool keepDims = ctx.node().attrInt("keepdims", 1) != 0;
    const bool last = ctx.node().attrInt("select_last_index", 0) != 0;
    const Slices s = slicesAt(x.dims(), axis);
    if (s.n == 0 && s.count() > 0) ctx.fail(ErrorKind::InvalidArgument, "cannot take the arg of an empty axis ", axis);
    std::vector<int64_t> outDims = x.dims();
    if (keepDims) outDims[size_t(axis)] = 1;
    else outDims.erase(outDims.begin() + axis);
    const DataType t = x.dtype();
    const bool known = dispatchNumeric(t, [&](auto tag) {
        using T = decltype(tag);
        Tensor& y = ctx.allocateOutput(0, DataType::Int64, outDims);
        if (s.count() == 0) return;
        const cudaStream_t stream = kernelStream(ctx);
        withGroup(groupSize(s.count(), s.n, s.inner == 1), [&](auto group) {
            constexpr int G = decltype(group)::value;
            argKernel<G, IsMax, T><<<groupGrid(s.count(), G), kThreads, 0, stream>>>(
                static_cast<const T*>(x.raw()), static_cast<int64_t*>(y.raw()), s.count(), s.n, s.inner, last);
        });
        checkLaunch(ctx);
    });
    if (!known) failType(ctx, t);
}

enum class SoftmaxKind { Softmax, LogSoftmax, Hardmax };

// Per slice: m = max (NaN wins), e_j = exp(x_j - m), Softmax e_j / Σe, LogSoftmax x_j - m - log Σe
// (a slice of all -inf gives NaN, as the oracle); Hardmax 1 at the first maximum (or first NaN).
template <int G, SoftmaxKind K, typename T>
__global__ void softmaxKernel(const T* __restrict__ x, T* __restrict__ y, int64_t slices, int64_t n, int64_t inner) {
    const int lane = Groups<G>::lane();
    for (int64_t s = Groups<G>::first(); s < slices; s += Groups<G>::step()) {
        const int64_t base = sliceBase(s, n, inner);
        if constexpr (K == SoftmaxKind::Hardmax) {
            const int64_t best = sliceArg<G, true>(x, base, n, inner, false);
            for (int64_t j = lane; j < n; j += G) y[base + j * inner] = fromFloat<T>(j == best ? 1.f : 0.f);
        } else {
            float m = -INFINITY;
            for (int64_t j = lane; j < n; j += G) m = maxNaN(m, toFloat(x[base + j * inner]));
            m = groupAll<G>(m, [](float a, float b) { return maxNaN(a, b); });
            float sum = 0.f;
            for (int64_t j = lane; j < n; j += G) sum += expf(toFloat(x[base + j * inner]) - m);
            sum = groupAll<G>(sum, [](float a, float b) { return a + b; });
            if constexpr (K == SoftmaxKind::Softmax) {
                for (int64_t j = lane; j < n; j += G) y[base + j * inner] = fromFloat<T>(expf(toFloat(x[base + j * inner]) - m) / sum);
            } else {
                const float logSum = logf(sum);
                for (int64_t j = lane; j < n; j += G) y[base + j * inner] = fromFloat<T>((toFloat(x[base + j * inner]) - m) - logSum);
            }
        }
    }
}

// Opset 13 semantics: the importer rewrites the older coerce-to-2-D forms into Flatten → op → Reshape.
template <SoftmaxKind K>
void runSoftmax(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    requireOnDevice(ctx, x, "input");
    const int64_t rank = int64_t(x.rank());
    if (rank == 0) ctx.fail(ErrorKind::InvalidModel, "input must have rank >= 1, got a scalar");
    const int64_t axis = normalizeAxis(ctx, ctx.node().attrInt("axis", -1), rank);
    const Slices s = slicesAt(x.dims(), axis);
    const DataType t = x.dtype();
    const bool known = dispatchFloat(t, [&](auto tag) {
        using T = decltype(tag);
        Tensor& y = ctx.allocateOutput(0, t, x.dims());
        if (x.numel() == 0) return;
        const cudaStream_t stream = kernelStream(ctx);
        withGroup(groupSize(s.count(), s.n, s.inner == 1), [&](auto group) {
            constexpr int G = decltype(group)::value;
            softmaxKernel<G, K, T><<<groupGrid(s.count(), G), kThreads, 0, stream>>>(
                static_cast<const T*>(x.raw()), static_cast<T*>(y.raw()), s.count(), s.n, s.inner);
        });
        checkLaunch(ctx);
    });
    if (!known) failType(ctx, t);
}

// y = x / ||x||_p along the axis, p = 1 or 2; a zero vector stays zero.
template <int G, typename T>
__global__ void lpNormKernel(const T* __restrict__ x, T* __restrict__ y, int64_t slices, int64_t n, int64_t inner,
                             bool l1) {
    const int lane = Groups<G>::lane();
    for (int64_t s = Groups<G>::first(); s < slices; s += Groups<G>::step()) {
        const int64_t base = sliceBase(s, n, inner);
        float acc = 0.f;
        for (int64_t j = lane; j < n; j += G) {
            const float v = toFloat(x[base + j * inner]);
            acc += l1 ? fabsf(v) : v * v;
        }
        acc = groupAll<G>(acc, [](float a, float b) { return a + b; });
        const float norm = l1 ? acc : sqrtf(acc);
        for (int64_t j = lane; j < n; j += G)
            y[base + j * inner] = fromFloat<T>(norm == 0.f ? 0.f : toFloat(x[base + j * inner]) / norm);
    }
}

void runLpNorm(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    requireOnDevice(ctx, x, "input");
    const int64_t rank = int64_t(x.rank());
    if (rank == 0) ctx.fail(ErrorKind::InvalidModel, "input must have rank >= 1, got a scalar");
    const int64_t axis = normalizeAxis(ctx, ctx.node().attrInt("axis", -1), rank);
    const int64_t p = ctx.node().attrInt("p", 2);
    if (p != 1 && p != 2) ctx.fail(ErrorKind::InvalidModel, "attribute 'p' must be 1 or 2, got ", p);
    const Slices s = slicesAt(x.dims(), axis);
    const DataType t = x.dtype();
    const bool known = dispatchFloat(t, [&](auto tag) {
        using T = decltype(tag);
        Tensor& y = ctx.allocateOutput(0, t, x.dims());
        if (x.numel() == 0) return;
        const cudaStream_t stream = kernelStream(ctx);
        withGroup(groupSize(s.count(), s.n, s.inner == 1), [&](auto group) {
            constexpr int G = decltype(group)::value;
            lpNormKernel<G, T><<<groupGrid(s.count(), G), kThreads, 0, stream>>>(
                static_cast<const T*>(x.raw()), static_cast<T*>(y.raw()), s.count(), s.n, s.inner, p == 1);
        });
        checkLaunch(ctx);
    });
    if (!known) failType(ctx, t);
}

// ---------------------------------------------------------------------------------------------
// Normalizations. Parameters (scale, bias, running statistics) may have another float type than X.

enum class ParamKind : int { F32, F16, BF16 };

ParamKind paramKind(const KernelContext& ctx, const Tensor& p, const char* name) {
    requireOnDevice(ctx, p, name);
    if (p.dtype() == DataType::Float32) return ParamKind::F32;
    if (p.dtype() == DataType::Float16) return ParamKind::F16;
    if (p.dtype() == DataType::BFloat16) return ParamKind::BF16;
    ctx.fail(ErrorKind::InvalidModel, "'", name, "' must be a float tensor, got ", p.describe());
}

__device__ __forceinline__ float loadParam(const void* p, ParamKind kind, int64_t i) {
    switch (kind) {
        case ParamKind::F16: return __half2float(static_cast<const __half*>(p)[i]);
        case ParamKind::BF16: return __bfloat162float(static_cast<const __nv_bfloat16*>(p)[i]);
        case ParamKind::F32: break;
    }
    return static_cast<const float*>(p)[i];
}

// Each row of `length` contiguous elements is normalized with its own mean and biased variance,
// then `affine(row, j, normalized)` scales and shifts it. mean/invStd (optional): per row.
template <int G, typename T, typename Affine>
__global__ void normalizeRowsKernel(const T* __restrict__ x, T* __restrict__ y, int64_t rows, int64_t length,
                                    float eps, Affine affine, float* __restrict__ meanOut,
                                    float* __restrict__ invStdOut) {
    const int lane = Groups<G>::lane();
    auto add = [](float a, float b) { return a + b; };
    for (int64_t r = Groups<G>::first(); r < rows; r += Groups<G>::step()) {
        const T* xr = x + r * length;
        T* yr = y + r * length;
        float sum = 0.f;
        for (int64_t j = lane; j < length; j += G) sum += toFloat(xr[j]);
        const float mean = length > 0 ? groupAll<G>(sum, add) / float(length) : 0.f;
        float sq = 0.f;
        for (int64_t j = lane; j < length; j += G) {
            const float d = toFloat(xr[j]) - mean;
            sq += d * d;
        }
        const float var = length > 0 ? groupAll<G>(sq, add) / float(length) : 0.f;
        const float invStd = 1.f / sqrtf(var + eps);
        for (int64_t j = lane; j < length; j += G) yr[j] = fromFloat<T>(affine(r, j, (toFloat(xr[j]) - mean) * invStd));
        if (lane == 0) {
            if (meanOut) meanOut[r] = mean;
            if (invStdOut) invStdOut[r] = invStd;
        }
    }
}

// The same normalization for rows that fit a warp's registers, loaded 16 bytes at a time: each
// lane holds up to Packs packs of 16 / sizeof(T) elements (pack p of lane l is the row's pack
// l + 32·p), so every load of a row is issued at once and few registers hold addresses. The walk
// above is latency-bound (a BERT LayerNorm over 4096 rows of 768 took 0.029 ms), and an unrolled
// element-per-register form needed 152 registers a thread and ran slower still (0.066 ms).
// Rows start 16-byte aligned and are a whole number of packs (the launcher checks).
template <int Packs, typename T, typename Affine>
__global__ void normalizePackedRowsKernel(const T* __restrict__ x, T* __restrict__ y, int64_t rows, int length,
                                          float eps, Affine affine, float* __restrict__ meanOut,
                                          float* __restrict__ invStdOut) {
    constexpr int V = int(16 / sizeof(T));
    struct alignas(16) Pack {
        T v[V];
    };
    const int lane = Groups<kWarp>::lane();
    const int packs = length / V;
    auto add = [](float a, float b) { return a + b; };
    for (int64_t r = Groups<kWarp>::first(); r < rows; r += Groups<kWarp>::step()) {
        const Pack* xr = reinterpret_cast<const Pack*>(x + r * length);
        Pack* yr = reinterpret_cast<Pack*>(y + r * length);
        Pack in[Packs];
#pragma unroll
        for (int p = 0; p < Packs; ++p)
            if (lane + p * kWarp < packs) in[p] = xr[lane + p * kWarp];
        float sum = 0.f;
#pragma unroll
        for (int p = 0; p < Packs; ++p)
            if (lane + p * kWarp < packs)
#pragma unroll
                for (int e = 0; e < V; ++e) sum += toFloat(in[p].v[e]);
        const float mean = groupAll<kWarp>(sum, add) / float(length);
        float sq = 0.f;
#pragma unroll
        for (int p = 0; p < Packs; ++p)
            if (lane + p * kWarp < packs)
#pragma unroll
                for (int e = 0; e < V; ++e) {
                    const float d = toFloat(in[p].v[e]) - mean;
                    sq += d * d;
                }
        const float var = groupAll<kWarp>(sq, add) / float(length);
        const float invStd = 1.f / sqrtf(var + eps);
#pragma unroll
        for (int p = 0; p < Packs; ++p) {
            const int pack = lane + p * kWarp;
            if (pack >= packs) continue;
            float v[V];
#pragma unroll
            for (int e = 0; e < V; ++e) v[e] = (toFloat(in[p].v[e]) - mean) * invStd;
            if constexpr (Affine::kPacked) {
                affine.template applyPack<V>(int64_t(pack) * V, v);
            } else {
#pragma unroll
                for (int e = 0; e < V; ++e) v[e] = affine(r, int64_t(pack) * V + e, v[e]);
            }
            Pack out;
#pragma unroll
            for (int e = 0; e < V; ++e) out.v[e] = fromFloat<T>(v[e]);
            yr[pack] = out;
        }
        if (lane == 0) {
            if (meanOut) meanOut[r] = mean;
            if (invStdOut) invStdOut[r] = invStd;
        }
    }
}

// The packed form holds up to 4 packs a lane: rows of 1024 fp16/bf16 or 512 fp32 elements.
constexpr int kMaxPacksPerLane = 4;

// LayerNormalization's Scale and B: broadcast into the normalized block.
struct BlockParam {
    const void* data = nullptr;  // null: absent (B)
    ParamKind kind = ParamKind::F32;
    bool direct = false;  // the parameter has the block's own shape: element j
    IndexMap map;         // else: where element j of the block reads it
    __device__ float at(int64_t j, float fallback) const {
        if (!data) return fallback;
        return loadParam(data, kind, direct ? j : mapIndex(map, j));
    }
};

struct LayerNormAffine {
    static constexpr bool kPacked = false;
    BlockParam scale, bias;
    __device__ float operator()(int64_t, int64_t j, float v) const { return v * scale.at(j, 1.f) + bias.at(j, 0.f); }
};

// Loads V consecutive elements of `p` from `first` as floats, 16 bytes at a time (P no narrower
// than the row's type, so V is a whole number of P packs; `p + first` is 16-byte aligned).
template <int V, typename P>
__device__ __forceinline__ void loadPacks(const P* __restrict__ p, int64_t first, float (&out)[V]) {
    constexpr int PV = int(16 / sizeof(P));
    static_assert(V % PV == 0, "a row pack must hold whole parameter packs");
    struct alignas(16) Pack {
        P v[PV];
    };
    const Pack* src = reinterpret_cast<const Pack*>(p + first);
#pragma unroll
    for (int k = 0; k < V / PV; ++k) {
        const Pack q = src[k];
#pragma unroll
        for (int e = 0; e < PV; ++e) out[k * PV + e] = toFloat(q.v[e]);
    }
}

// LayerNormalization's Scale and B when each has the block's own shape, is stored as P (X's type
// or fp32) and is 16-byte aligned (B may be absent): the packed form reads them a pack at a time
// beside X's packs. Element by element through BlockParam (a kind switch and a scalar load per
// element, for both) kept a BERT LayerNorm at 0.037 ms for 4096 rows of 768 on the H100.
template <typename P>
struct PackedLayerNormAffine {
    static constexpr bool kPacked = true;
    const P* scale;
    const P* bias;  // null: absent
    template <int V>
    __device__ __forceinline__ void applyPack(int64_t first, float (&v)[V]) const {
        float s[V];
        loadPacks<V>(scale, first, s);
        if (bias) {
            float b[V];
            loadPacks<V>(bias, first, b);
#pragma unroll
            for (int e = 0; e < V; ++e) v[e] = v[e] * s[e] + b[e];
        } else {
#pragma unroll
            for (int e = 0; e < V; ++e) v[e] *= s[e];
        }
    }
    // The walk's form (unused when the packed kernel runs, which the launcher's checks decide).
    __device__ float operator()(int64_t, int64_t j, float v) const {
        return v * toFloat(scale[j]) + (bias ? toFloat(bias[j]) : 0.f);
    }
};

// Group and instance normalization: per-channel scale and bias; row = (n, group).
struct ChannelAffine {
    static constexpr bool kPacked = false;
    const void* scale;
    const void* bias;
    ParamKind scaleKind, biasKind;
    int64_t groups, perGroup, spatial;
    __device__ float operator()(int64_t row, int64_t j, float v) const {
        const int64_t c = (row % groups) * perGroup + j / spatial;
        return v * loadParam(scale, scaleKind, c) + loadParam(bias, biasKind, c);
    }
};

bool aligned16(const void* p) { return reinterpret_cast<uintptr_t>(p) % 16 == 0; }

// Whether rows of `length` T elements at x and y take the packed register form.
template <typename T>
bool packedRowsFit(int64_t rows, int64_t length, const T* x, const T* y) {
    constexpr int64_t V = int64_t(16 / sizeof(T));
    return groupSize(rows, length, true) == kWarp && length % V == 0 &&
           length / V <= int64_t(kWarp) * kMaxPacksPerLane && aligned16(x) && aligned16(y);
}

template <typename T, typename Affine>
void launchNormalize(const KernelContext& ctx, const T* x, T* y, int64_t rows, int64_t length, float eps,
                     const Affine& affine, float* meanOut, float* invStdOut) {
    const cudaStream_t stream = kernelStream(ctx);
    constexpr int64_t V = int64_t(16 / sizeof(T));
    const int64_t packs = length / V;
    if (packedRowsFit(rows, length, x, y)) {
        // A warp per row, held in registers: Packs the smallest of 1 to 4 that holds it (BERT's
        // 768 fp16: 3).
        auto launch = [&](auto perLane) {
            constexpr int P = decltype(perLane)::value;
            normalizePackedRowsKernel<P, T, Affine><<<groupGrid(rows, kWarp), kThreads, 0, stream>>>(
                x, y, rows, int(length), eps, affine, meanOut, invStdOut);
        };
        if (packs <= kWarp) launch(std::integral_constant<int, 1>{});
        else if (packs <= 2 * kWarp) launch(std::integral_constant<int, 2>{});
        else if (packs <= 3 * kWarp) launch(std::integral_constant<int, 3>{});
        else launch(std::integral_constant<int, 4>{});
        checkLaunch(ctx);
        return;
    }
    withGroup(groupSize(rows, length, true), [&](auto group) {
        constexpr int G = decltype(group)::value;
        normalizeRowsKernel<G, T, Affine><<<groupGrid(rows, G), kThreads, 0, stream>>>(x, y, rows, length, eps, affine,
                                                                                      meanOut, invStdOut);
    });
    checkLaunch(ctx);
}

// Whether `param` broadcasts to `block` with `block` as the result (right-aligned, 1s stretch).
bool broadcastsInto(std::span<const int64_t> param, std::span<const int64_t> block) {
    if (param.size() > block.size()) return false;
    for (size_t i = 0; i < param.size(); ++i) {
        const int64_t p = param[param.size() - 1 - i], b = block[block.size() - 1 - i];
        if (p != b && p != 1) return false;
    }
    return true;
}

// The stash_type the Mean and InvStdDev outputs are written in: only fp32 here (the importer
// accepts no other).
bool layerNormApplicable(const KernelContext& ctx) {
    return rankFits(ctx) && ctx.node().attrInt("stash_type", 1) == 1;
}

// Normalizes over dims [axis, rank); Scale and B broadcast to that block. Optional outputs Mean
// and InvStdDev: X's dims with the normalized ones set to 1.
void runLayerNorm(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    requireOnDevice(ctx, x, "input");
    const int64_t rank = int64_t(x.rank());
    if (rank == 0) ctx.fail(ErrorKind::InvalidModel, "X must have rank >= 1, got a scalar");
    if (!layerNormApplicable(ctx))
        ctx.fail(ErrorKind::Unsupported, "rank over ", kMaxRank, " or a stash_type other than 1 (fp32)");
    const int64_t axis = normalizeAxis(ctx, ctx.node().attrInt("axis", -1), rank);
    const float eps = ctx.node().attrFloat("epsilon", 1e-5f);
    const std::vector<int64_t> block(x.dims().begin() + axis, x.dims().end());
    const int64_t rows = dimProduct(x.dims(), 0, size_t(axis));
    const int64_t length = dimProduct(x.dims(), size_t(axis), x.rank());
    auto param = [&](const Tensor* p, const char* name) {
        BlockParam bp;
        if (!p) return bp;
        if (!broadcastsInto(p->dims(), block))
            ctx.fail(ErrorKind::InvalidModel, "'", name, "' shape ", dimsToString(p->dims()),
                     " does not broadcast to the normalized shape ", dimsToString(block));
        bp.data = p->raw();
        bp.kind = paramKind(ctx, *p, name);
        bp.direct = p->numel() == length;
        bp.map = broadcastMap(block, p->dims());
        return bp;
    };
    const LayerNormAffine affine{param(&ctx.input(1), "Scale"), param(ctx.optionalInput(2), "B")};
    std::vector<int64_t> statDims = x.dims();
    for (size_t d = size_t(axis); d < statDims.size(); ++d) statDims[d] = 1;
    const DataType t = x.dtype();
    const bool known = dispatchFloat(t, [&](auto tag) {
        using T = decltype(tag);
        Tensor& y = ctx.allocateOutput(0, t, x.dims());
        float* stats[2] = {nullptr, nullptr};
        for (size_t o = 1; o <= 2; ++o)
            if (o < ctx.numOutputs() && ctx.outputWanted(o))
                stats[o - 1] = static_cast<float*>(ctx.allocateOutput(o, DataType::Float32, statDims).raw());
        if (rows == 0) return;
        const T* xp = static_cast<const T*>(x.raw());
        T* yp = static_cast<T*>(y.raw());
        // Scale and B of the block's own shape, both stored as X or both as fp32, 16-byte aligned:
        // read a pack at a time (constexpr V divides length in the packed form, so every pack of
        // the parameters starts 16-byte aligned too).
        const BlockParam& sc = affine.scale;
        const BlockParam& bi = affine.bias;
        const bool direct = sc.direct && aligned16(sc.data) && (!bi.data || (bi.direct && aligned16(bi.data) &&
                                                                              bi.kind == sc.kind));
        if (direct && packedRowsFit(rows, length, xp, yp)) {
            if (sc.kind == ParamKind::F32) {
                const PackedLayerNormAffine<float> packed{static_cast<const float*>(sc.data),
                                                          static_cast<const float*>(bi.data)};
                launchNormalize(ctx, xp, yp, rows, length, eps, packed, stats[0], stats[1]);
                return;
            }
            if (sc.kind == paramKind(ctx, x, "input")) {  // stored as X
                const PackedLayerNormAffine<T> packed{static_cast<const T*>(sc.data), static_cast<const T*>(bi.data)};
                launchNormalize(ctx, xp, yp, rows, length, eps, packed, stats[0], stats[1]);
                return;
            }
        }
        launchNormalize(ctx, xp, yp, rows, length, eps, affine, stats[0], stats[1]);
    });
    if (!known) failType(ctx, t);
}

void requireChannels(const KernelContext& ctx, const Tensor& x) {
    if (x.rank() < 2) ctx.fail(ErrorKind::InvalidModel, "X must have rank >= 2 (N, C, ...), got ", x.describe());
}

// A per-channel parameter: exactly C values (shape [C], or a scalar when C = 1).
const Tensor& channelParam(const KernelContext& ctx, size_t input, int64_t channels, const char* name) {
    const Tensor& p = ctx.input(input);
    if (p.numel() != channels || p.rank() > 1)
        ctx.fail(ErrorKind::InvalidModel, "'", name, "' must have shape [", channels, "], got ", p.describe());
    return p;
}

// Instance (groups = C) and group normalization: each (n, group) block of channelsPerGroup *
// spatial contiguous elements is normalized, then scaled and shifted per channel.
void normalizeGroups(KernelContext& ctx, const Tensor& x, int64_t groups, const char* biasName, float eps) {
    const int64_t n = x.dim(0), c = x.dim(1), spatial = dimProduct(x.dims(), 2, x.rank());
    const Tensor& scale = channelParam(ctx, 1, c, "scale");
    const Tensor& bias = channelParam(ctx, 2, c, biasName);
    const int64_t perGroup = c / groups;
    const ChannelAffine affine{scale.raw(), bias.raw(), paramKind(ctx, scale, "scale"), paramKind(ctx, bias, biasName),
                               groups, perGroup, spatial};
    const DataType t = x.dtype();
    const bool known = dispatchFloat(t, [&](auto tag) {
        using T = decltype(tag);
        Tensor& y = ctx.allocateOutput(0, t, x.dims());
        if (x.numel() == 0) return;
        launchNormalize(ctx, static_cast<const T*>(x.raw()), static_cast<T*>(y.raw()), n * groups, perGroup * spatial,
                        eps, affine, nullptr, nullptr);
    });
    if (!known) failType(ctx, t);
}

void runInstanceNorm(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    requireOnDevice(ctx, x, "input");
    requireChannels(ctx, x);
    normalizeGroups(ctx, x, std::max<int64_t>(x.dim(1), 1), "B", ctx.node().attrFloat("epsilon", 1e-5f));
}

void runGroupNorm(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    requireOnDevice(ctx, x, "input");
    requireChannels(ctx, x);
    const int64_t c = x.dim(1);
    if (!ctx.node().hasAttr("num_groups")) ctx.fail(ErrorKind::InvalidModel, "attribute 'num_groups' is missing");
    const int64_t groups = ctx.node().attrInt("num_groups");
    if (groups <= 0 || c % groups != 0)
        ctx.fail(ErrorKind::InvalidModel, "num_groups ", groups, " must be positive and divide the ", c, " channels");
    const int64_t stash = ctx.node().attrInt("stash_type", 1);  // validated; the statistics are float anyway
    if (stash != 1 && stash != 10 && stash != 11 && stash != 16)
        ctx.fail(ErrorKind::InvalidModel, "stash_type ", stash, " is not a float type code");
    normalizeGroups(ctx, x, groups, "bias", ctx.node().attrFloat("epsilon", 1e-5f));
}

// Y = (X - mean) / sqrt(var + epsilon) * scale + B per channel (dim 1), from the running statistics.
template <typename T>
__global__ void batchNormKernel(const T* x, T* y, int64_t total, int64_t channels, int64_t spatial,
                                ChannelAffine scaleBias, const void* mean, const void* var, ParamKind meanKind,
                                ParamKind varKind, float eps) {
    const int64_t step = int64_t(gridDim.x) * blockDim.x;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < total; i += step) {
        const int64_t c = (i / spatial) % channels;
        const float normalized = (toFloat(x[i]) - loadParam(mean, meanKind, c)) / sqrtf(loadParam(var, varKind, c) + eps);
        y[i] = fromFloat<T>(normalized * loadParam(scaleBias.scale, scaleBias.scaleKind, c) +
                            loadParam(scaleBias.bias, scaleBias.biasKind, c));
    }
}

bool batchNormApplicable(const KernelContext& ctx) { return ctx.node().attrInt("training_mode", 0) == 0; }

void runBatchNorm(KernelContext& ctx) {
    if (!batchNormApplicable(ctx))
        ctx.fail(ErrorKind::Unsupported, "training_mode=1 is not supported (inference only)");
    const Tensor& x = ctx.input(0);
    requireOnDevice(ctx, x, "input");
    requireChannels(ctx, x);
    const int64_t c = x.dim(1);
    const Tensor& scale = channelParam(ctx, 1, c, "scale");
    const Tensor& bias = channelParam(ctx, 2, c, "B");
    const Tensor& mean = channelParam(ctx, 3, c, "input_mean");
    const Tensor& var = channelParam(ctx, 4, c, "input_var");
    const ChannelAffine scaleBias{scale.raw(), bias.raw(), paramKind(ctx, scale, "scale"), paramKind(ctx, bias, "B"),
                                  c, 1, 1};
    const ParamKind meanKind = paramKind(ctx, mean, "input_mean"), varKind = paramKind(ctx, var, "input_var");
    const float eps = ctx.node().attrFloat("epsilon", 1e-5f);
    const DataType t = x.dtype();
    const bool known = dispatchFloat(t, [&](auto tag) {
        using T = decltype(tag);
        // y[i] depends on x[i] alone: y may overwrite a donated X.
        Tensor& y = ctx.allocateOutputReusing(0, 0, t, x.dims());
        const int64_t total = x.numel();
        if (total == 0) return;
        const int64_t spatial = total / (x.dim(0) * c);
        batchNormKernel<T><<<blocksFor(total), kThreads, 0, kernelStream(ctx)>>>(
            static_cast<const T*>(x.raw()), static_cast<T*>(y.raw()), total, c, spatial, scaleBias, mean.raw(),
            var.raw(), meanKind, varKind, eps);
        checkLaunch(ctx);
    });
    if (!known) failType(ctx, t);
}

// ---------------------------------------------------------------------------------------------
// Registration

TypeSet withIntegers(TypeSet types) {
    types.push_back(DataType::Int32);
    types.push_back(DataType::Int64);
    return types;
}

KernelDef floatDef(KernelFn run, KernelApplicableFn applicable = nullptr) {
    KernelDef def;
    def.run = run;
    def.applicable = applicable;
    def.inputTypes = {floatTypes()};
    def.outputTypes = {floatTypes()};
    return def;
}

template <ReduceOp Op>
KernelDef reduceDef() {
    const TypeSet types = integerReduce(Op) ? withIntegers(floatTypes()) : floatTypes();
    KernelDef def;
    def.run = &runReduce<Op>;
    def.applicable = &rankFits;
    def.inputTypes = {types, {}};  // axes: int64 (or int32), checked when run
    def.outputTypes = {types};
    def.hostInputs = 1u << 1;  // axes
    return def;
}

template <bool IsMax>
KernelDef argDef() {
    KernelDef def;
    def.run = &runArg<IsMax>;
    def.inputTypes = {withIntegers(floatTypes())};
    def.outputTypes = {{DataType::Int64}};
    return def;
}

}  // namespace

void registerReduceKernels(KernelRegistry& registry) {
    registry.add("ReduceSum", reduceDef<ReduceOp::Sum>());
    registry.add("ReduceMean", reduceDef<ReduceOp::Mean>());
    registry.add("ReduceMax", reduceDef<ReduceOp::Max>());
    registry.add("ReduceMin", reduceDef<ReduceOp::Min>());
    registry.add("ReduceProd", reduceDef<ReduceOp::Prod>());
    registry.add("ReduceL1", reduceDef<ReduceOp::L1>());
    registry.add("ReduceL2", reduceDef<ReduceOp::L2>());
    registry.add("ReduceLogSum", reduceDef<ReduceOp::LogSum>());
    registry.add("ReduceLogSumExp", reduceDef<ReduceOp::LogSumExp>());
    registry.add("ReduceSumSquare", reduceDef<ReduceOp::SumSquare>());
    registry.add("ArgMax", argDef<true>());
    registry.add("ArgMin", argDef<false>());
    // Global pooling in both layouts (channels last: fp16 CNNs' heads after their convolutions).
    for (TensorFormat format : {TensorFormat::Linear, TensorFormat::NHWC}) {
        KernelDef average = floatDef(&runGlobalPool<ReduceOp::Mean>), max = floatDef(&runGlobalPool<ReduceOp::Max>);
        average.format = max.format = format;
        registry.add("GlobalAveragePool", std::move(average));
        registry.add("GlobalMaxPool", std::move(max));
    }

    registry.add("Softmax", floatDef(&runSoftmax<SoftmaxKind::Softmax>));
    registry.add("LogSoftmax", floatDef(&runSoftmax<SoftmaxKind::LogSoftmax>));
    registry.add("Hardmax", floatDef(&runSoftmax<SoftmaxKind::Hardmax>));
    registry.add("LpNormalization", floatDef(&runLpNorm));

    KernelDef layerNorm = floatDef(&runLayerNorm, &layerNormApplicable);
    layerNorm.outputTypes = {floatTypes(), {DataType::Float32}};  // Mean, InvStdDev: stash_type fp32
    registry.add("LayerNormalization", std::move(layerNorm));
    registry.add("BatchNormalization", floatDef(&runBatchNorm, &batchNormApplicable));
    registry.add("InstanceNormalization", floatDef(&runInstanceNorm));
    registry.add("GroupNormalization", floatDef(&runGroupNorm));
}

}  // namespace kiln::cuda
