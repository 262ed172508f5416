// Data movement and shape ops on the GPU, with the semantics of the CPU kernels (kernels/cpu/
// shape_ops.cpp, slice_concat.cpp, gather_scatter.cpp, pad_resize.cpp, reformat.cpp) and the oracle.
// Views (Reshape, Flatten, Squeeze, Unsqueeze, Identity, Dropout) copy nothing. Transpose, Slice,
// Tile, Expand and kiln::Reformat are one strided copy: the output is contiguous and the source is
// read through per-dim strides (0 to repeat, negative to reverse), simplified on the host, then run as
// a memcpy, a copy of contiguous rows, a 32x32 shared-memory tiled transpose (when the source's
// contiguous dim is not the output's last) or a plain per-element gather. Concat and Split copy rows
// (one launch per input or output). Gather, Pad and Resize have kernels of their own.
//
// Everything moves elements by size (1, 2, 4, 8 bytes; row copies widen to 16-byte units when sizes
// and addresses allow), except Resize's linear mode, which computes in double like the oracle.
// Shape-like inputs (shape, axes, starts, pads, scales, ...) are read on the host (hostInputs); the
// launches take every parameter by value, so a run enqueues kernels only and can be captured.
#include <cstring>
#include <string>
#include <vector>

#include "engine_core/common/small_vector.h"
#include "kernels/cpu/shape_rules.h"
#include "kernels/cuda/common.cuh"
#include "kernels/cuda/register.h"

namespace kiln::cuda {

namespace {

using Dims = std::span<const int64_t>;

constexpr int kTile = 32;     // the tiled transpose's tile edge
constexpr int kTileRows = 8;  // its block is kTile x kTileRows threads, each moving kTile / kTileRows elements
constexpr int64_t kMaxGridY = 65535;

// Every fixed-size element type: what the byte-moving kernels accept.
TypeSet movedTypes() {
    return {DataType::Float32, DataType::Float16, DataType::BFloat16, DataType::Float8E4M3, DataType::Float64,
            DataType::Int8,    DataType::UInt8,   DataType::Int16,    DataType::UInt16,     DataType::Int32,
            DataType::UInt32,  DataType::Int64,   DataType::UInt64,   DataType::Bool};
}

std::string dimsText(Dims d) { return dimsToString(std::vector<int64_t>(d.begin(), d.end())); }

// Input i, which the kernel reads on the host (its KernelDef::hostInputs bit is set).
const Tensor& hostInput(const KernelContext& ctx, size_t i, const char* what) {
    const Tensor& t = ctx.input(i);
    if (!t.device().isHost())
        ctx.fail(ErrorKind::Internal, "input '", what, "' ", t.describe(), " is on ", t.device().str(), ", not on the host");
    return t;
}

// A 1-D int64 or int32 host input (shape, axes, starts, repeats, split).
DimVector intsInput(const KernelContext& ctx, size_t i, const char* what) {
    return cpu::intsValues(ctx, hostInput(ctx, i, what), what);
}

// Calls f(U{}) with U an unsigned type of `bytes` bytes (uint4 for 16).
template <typename F>
void dispatchUnit(const KernelContext& ctx, size_t bytes, F&& f) {
    switch (bytes) {
        case 1: f(uint8_t{}); return;
        case 2: f(uint16_t{}); return;
        case 4: f(uint32_t{}); return;
        case 8: f(uint64_t{}); return;
        case 16: f(uint4{}); return;
        default: ctx.fail(ErrorKind::Unsupported, "elements of ", bytes, " bytes are not supported");
    }
}

// Calls f(E{}) with E an unsigned type of `bytes` bytes, an element's size (1, 2, 4 or 8).
template <typename F>
void dispatchElement(const KernelContext& ctx, size_t bytes, F&& f) {
    switch (bytes) {
        case 1: f(uint8_t{}); return;
        case 2: f(uint16_t{}); return;
        case 4: f(uint32_t{}); return;
        case 8: f(uint64_t{}); return;
        default: ctx.fail(ErrorKind::Unsupported, "elements of ", bytes, " bytes are not supported");
    }
}

// The widest unit (16, 8, 4, 2 or 1 bytes) dividing every byte count and address given.
size_t unitBytes(std::initializer_list<uint64_t> values) {
    uint64_t bits = 16;
    for (uint64_t v : values) bits |= v;
    return size_t(bits & (~bits + 1));
}

uint64_t address(const void* p) { return uint64_t(reinterpret_cast<uintptr_t>(p)); }
uint64_t magnitude(int64_t v) { return uint64_t(v < 0 ? -v : v); }

// ---------------------------------------------------------------------------------------------
// Kernels of the strided copy

// dst[i] = src[mapIndex(m, i)], one unit per element.
template <typename U>
__global__ void gatherKernel(const U* __restrict__ src, U* __restrict__ dst, IndexMap m, int64_t n) {
    const int64_t step = int64_t(gridDim.x) * blockDim.x;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step) dst[i] = src[mapIndex(m, i)];
}

// Row r of dst (len units at r * dstPitch) is the source row at mapIndex(rows, r). Long rows: y walks
// the rows, x the units of a row.
template <typename U>
__global__ void rowsKernel(const U* __restrict__ src, U* __restrict__ dst, IndexMap rows, int64_t count, int64_t len,
                           int64_t dstPitch) {
    const int64_t step = int64_t(gridDim.x) * blockDim.x;
    for (int64_t r = blockIdx.y; r < count; r += gridDim.y) {
        const U* s = src + mapIndex(rows, r);
        U* d = dst + r * dstPitch;
        for (int64_t k = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; k < len; k += step) d[k] = s[k];
    }
}

// The same for short rows: one thread per unit.
template <typename U>
__global__ void shortRowsKernel(const U* __restrict__ src, U* __restrict__ dst, IndexMap rows, int64_t len,
                                int64_t dstPitch, int64_t n) {
    const int64_t step = int64_t(gridDim.x) * blockDim.x;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step) {
        const int64_t r = i / len, k = i - r * len;
        dst[r * dstPitch + k] = src[mapIndex(rows, r) + k];
    }
}

// A transpose between output dim q (contiguous in the source) and the last output dim (contiguous
// in the destination), repeated over the other output dims.
struct TileGeometry {
    int64_t nq = 0, nl = 0;      // extents of dim q and of the last dim
    int64_t srcL = 0, dstQ = 0;  // source stride of the last dim, destination stride of dim q
    int64_t tilesQ = 0, tilesL = 0, tiles = 0;
    int rank = 0;  // the other dims, with their source and destination strides
    int64_t dims[kMaxRank] = {}, srcStrides[kMaxRank] = {}, dstStrides[kMaxRank] = {};
};

// Reads a tile along q and writes it along the last dim, both coalesced, through shared memory
// (a padded row keeps the column reads free of bank conflicts).
template <typename E>
__global__ void tiledTransposeKernel(const E* __restrict__ src, E* __restrict__ dst, TileGeometry g) {
    __shared__ E tile[kTile][kTile + 1];
    const int tx = int(threadIdx.x), ty = int(threadIdx.y);
    for (int64_t t = blockIdx.x; t < g.tiles; t += gridDim.x) {
        const int64_t tl = t % g.tilesL, rest = t / g.tilesL;
        const int64_t tq = rest % g.tilesQ;
        int64_t outer = rest / g.tilesQ, srcOff = 0, dstOff = 0;
        for (int d = g.rank - 1; d >= 0; --d) {
            const int64_t i = outer % g.dims[d];
            outer /= g.dims[d];
            srcOff += i * g.srcStrides[d];
            dstOff += i * g.dstStrides[d];
        }
        const int64_t q0 = tq * kTile, l0 = tl * kTile;
        const int64_t q = q0 + tx;
        for (int y = ty; y < kTile; y += kTileRows) {
            const int64_t l = l0 + y;
            if (q < g.nq && l < g.nl) tile[y][tx] = src[srcOff + q + l * g.srcL];
        }
        __syncthreads();
        const int64_t l = l0 + tx;
        for (int y = ty; y < kTile; y += kTileRows) {
            const int64_t qy = q0 + y;
            if (qy < g.nq && l < g.nl) dst[dstOff + qy * g.dstQ + l] = tile[tx][y];
        }
        __syncthreads();  // the tile is refilled for the block's next tile
    }
}

// ---------------------------------------------------------------------------------------------
// The strided copy, planned on the host

// A contiguous output of `dims` read from the source through element `strides` (0: repeat,
// negative: reverse).
struct Strided {
    DimVector dims, strides;
};

// Drops size-1 dims and merges a dim into its inner neighbour where the neighbour's stride times its
// size is the dim's own stride, as the CPU's stridedCopy does: NCHW->NHWC becomes (N, HW, C).
Strided simplify(Dims dims, Dims strides) {
    Strided s;
    for (size_t i = 0; i < dims.size(); ++i) {
        if (dims[i] == 1) continue;
        if (!s.dims.empty() && s.strides.back() == strides[i] * dims[i]) {
            s.dims.back() *= dims[i];
            s.strides.back() = strides[i];
        } else {
            s.dims.push_back(dims[i]);
            s.strides.push_back(strides[i]);
        }
    }
    return s;
}

// The rows of `rows` (dims and source strides in units), `len` units each, into dst at dstPitch.
template <typename U>
void launchRows(const KernelContext& ctx, cudaStream_t stream, const void* src, void* dst, const IndexMap& rows,
                int64_t count, int64_t len, int64_t dstPitch) {
    const U* s = static_cast<const U*>(src);
    U* d = static_cast<U*>(dst);
    if (len >= 64) {
        const int threads = len >= 256 ? 256 : (len >= 128 ? 128 : 64);
        const dim3 grid(unsigned(std::min<int64_t>((len + threads - 1) / threads, int64_t(1) << 16)),
                        unsigned(std::min(count, kMaxGridY)));
        rowsKernel<U><<<grid, threads, 0, stream>>>(s, d, rows, count, len, dstPitch);
    } else {
        const int64_t n = count * len;
        shortRowsKernel<U><<<blocksFor(n), kThreads, 0, stream>>>(s, d, rows, len, dstPitch, n);
    }
    checkLaunch(ctx);
}

// Copies `rows` rows of `len` elements from src (rows srcPitch apart) into dst (dstPitch apart).
void copyRows(const KernelContext& ctx, cudaStream_t stream, const void* src, void* dst, size_t es, int64_t rows,
              int64_t len, int64_t srcPitch, int64_t dstPitch) {
    if (rows == 0 || len == 0) return;
    if (rows == 1 || (len == srcPitch && len == dstPitch)) {
        KILN_CUDA_CHECK(cudaMemcpyAsync(dst, src, size_t(rows * len) * es, cudaMemcpyDeviceToDevice, stream));
        return;
    }
    const size_t unit = unitBytes({uint64_t(len) * es, uint64_t(srcPitch) * es, uint64_t(dstPitch) * es, address(src),
                                   address(dst)});
    const int64_t perUnit = int64_t(unit), ues = int64_t(es);
    IndexMap m;
    m.rank = 1;
    m.dims[0] = rows;
    m.strides[0] = srcPitch * ues / perUnit;
    withFastDivision(m);
    const int64_t lenUnits = len * ues / perUnit, pitchUnits = dstPitch * ues / perUnit;
    dispatchUnit(ctx, unit, [&](auto tag) {
        launchRows<decltype(tag)>(ctx, stream, src, dst, m, rows, lenUnits, pitchUnits);
    });
}

// Whether a simplified copy fits the kernels' index maps.
bool fits(const Strided& s) { return s.dims.size() <= size_t(kMaxRank); }

// dst (contiguous) = src read through `s` (simplified, every dim > 0), elements of `es` bytes.
void stridedCopy(const KernelContext& ctx, cudaStream_t stream, const void* src, void* dst, size_t es, const Strided& s) {
    const size_t r = s.dims.size();
    int64_t n = 1;
    for (int64_t d : s.dims) n *= d;
    if (n == 0) return;
    if (r == 0 || (r == 1 && s.strides[0] == 1)) {
        KILN_CUDA_CHECK(cudaMemcpyAsync(dst, src, size_t(n) * es, cudaMemcpyDeviceToDevice, stream));
        return;
    }
    if (!fits(s))
        ctx.fail(ErrorKind::Unsupported, "a copy of ", r, " dims after merging (", dimsText(s.dims), ") exceeds the ",
                 kMaxRank, " the GPU kernels index");
    const size_t last = r - 1;
    if (s.strides[last] == 1) {
        // Contiguous source rows: copied in the widest unit the row length, strides and addresses allow.
        uint64_t bits = uint64_t(s.dims[last]) * es | address(src) | address(dst);
        for (size_t d = 0; d < last; ++d) bits |= magnitude(s.strides[d]) * es;
        const size_t unit = unitBytes({bits});
        IndexMap rows;
        rows.rank = int(last);
        for (size_t d = 0; d < last; ++d) {
            rows.dims[d] = s.dims[d];
            rows.strides[d] = s.strides[d] * int64_t(es) / int64_t(unit);
        }
        withFastDivision(rows);
        const int64_t len = s.dims[last] * int64_t(es) / int64_t(unit);
        dispatchUnit(ctx, unit, [&](auto tag) {
            launchRows<decltype(tag)>(ctx, stream, src, dst, rows, n / s.dims[last], len, len);
        });
        return;
    }
    size_t q = 0;
    while (q < last && s.strides[q] != 1) ++q;
    if (q == last || s.dims[last] < kTileRows) {
        // No dim reads the source contiguously (a step on the last axis, a repeated last dim), or
        // the last dim is too short to fill a tile (NCHW -> NHWC of 3 channels): a warp's reads then
        // fall in a few short runs of the source.
        IndexMap m;
        m.rank = int(r);
        for (size_t d = 0; d < r; ++d) {
            m.dims[d] = s.dims[d];
            m.strides[d] = s.strides[d];
        }
        withFastDivision(m);
        dispatchElement(ctx, es, [&](auto tag) {
            using U = decltype(tag);
            gatherKernel<U><<<blocksFor(n), kThreads, 0, stream>>>(static_cast<const U*>(src), static_cast<U*>(dst), m, n);
        });
        checkLaunch(ctx);
        return;
    }
    TileGeometry g;
    DimVector dstStrides(r, 1);
    for (size_t d = last; d-- > 0;) dstStrides[d] = dstStrides[d + 1] * s.dims[d + 1];
    g.nq = s.dims[q];
    g.nl = s.dims[last];
    g.srcL = s.strides[last];
    g.dstQ = dstStrides[q];
    g.tilesQ = (g.nq + kTile - 1) / kTile;
    g.tilesL = (g.nl + kTile - 1) / kTile;
    g.tiles = g.tilesQ * g.tilesL;
    for (size_t d = 0; d < last; ++d) {
        if (d == q) continue;
        g.dims[g.rank] = s.dims[d];
        g.srcStrides[g.rank] = s.strides[d];
        g.dstStrides[g.rank] = dstStrides[d];
        g.tiles *= s.dims[d];
        ++g.rank;
    }
    const unsigned blocks = unsigned(std::min<int64_t>(g.tiles, int64_t(1) << 20));
    const dim3 block(kTile, kTileRows);
    dispatchElement(ctx, es, [&](auto tag) {
        using E = decltype(tag);
        tiledTransposeKernel<E><<<blocks, block, 0, stream>>>(static_cast<const E*>(src), static_cast<E*>(dst), g);
    });
    checkLaunch(ctx);
}

}  // namespace

void enqueueStridedGather(const KernelContext& ctx, cudaStream_t stream, const void* src, void* dst, size_t elementBytes,
                          std::span<const int64_t> dims, std::span<const int64_t> strides) {
    for (int64_t d : dims)
        if (d == 0) return;
    stridedCopy(ctx, stream, src, dst, elementBytes, simplify(dims, strides));
}

namespace {

// ---------------------------------------------------------------------------------------------
// Views: Reshape, Flatten, Squeeze, Unsqueeze, Identity, Dropout

void runReshape(KernelContext& ctx) { ctx.setOutputView(0, 0, cpu::reshapeDims(ctx, intsInput)); }

void runFlatten(KernelContext& ctx) { ctx.setOutputView(0, 0, cpu::flattenDims(ctx)); }

void runSqueeze(KernelContext& ctx) { ctx.setOutputView(0, 0, cpu::squeezeDims(ctx, intsInput)); }

void runUnsqueeze(KernelContext& ctx) { ctx.setOutputView(0, 0, cpu::unsqueezeDims(ctx, intsInput)); }

void runIdentity(KernelContext& ctx) { ctx.setOutputView(0, 0, ctx.input(0).dims()); }

// Inference only: output 0 is the input; the mask, when wanted, is all true (bool is one byte, 1).
void runDropout(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    if (ctx.hasInput(2)) {
        const Tensor& training = hostInput(ctx, 2, "training_mode");
        if (training.numel() == 1 && training.scalarAsDouble(0) != 0.0) {
            const Tensor* ratio = ctx.hasInput(1) ? &hostInput(ctx, 1, "ratio") : nullptr;
            const double r = ratio && ratio->numel() == 1 ? ratio->scalarAsDouble(0) : 0.5;
            if (r != 0.0) ctx.fail(ErrorKind::Unsupported, "training-mode Dropout (random masks) is not supported");
        }
    }
    ctx.setOutputView(0, 0, data.dims());
    if (ctx.numOutputs() > 1 && ctx.outputWanted(1)) {
        Tensor& mask = ctx.allocateOutput(1, DataType::Bool, data.dims());
        if (mask.numel() == 0) return;
        requireOnDevice(ctx, mask, "mask");
        KILN_CUDA_CHECK(cudaMemsetAsync(mask.raw(), 1, size_t(mask.numel()), kernelStream(ctx)));
    }
}

// ---------------------------------------------------------------------------------------------
// Shape, Size: a few int64 values written by a kernel that gets them by value

struct Int64Values {
    static constexpr int kCapacity = 16;
    int64_t v[kCapacity] = {};
    int count = 0;
};

__global__ void writeValuesKernel(int64_t* out, Int64Values values) {
    const int i = int(threadIdx.x);
    if (i < values.count) out[i] = values.v[i];
}

void writeValues(const KernelContext& ctx, Tensor& out, Dims values) {
    requireOnDevice(ctx, out, "output");
    const cudaStream_t stream = kernelStream(ctx);
    auto* dst = static_cast<int64_t*>(out.raw());
    for (size_t base = 0; base < values.size(); base += Int64Values::kCapacity) {
        Int64Values chunk;
        chunk.count = int(std::min<size_t>(Int64Values::kCapacity, values.size() - base));
        for (int i = 0; i < chunk.count; ++i) chunk.v[i] = values[base + size_t(i)];
        writeValuesKernel<<<1, 32, 0, stream>>>(dst + base, chunk);
        checkLaunch(ctx);
    }
}

void runShape(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const cpu::ShapeRange r = cpu::shapeRange(ctx);
    Tensor& out = ctx.allocateOutput(0, DataType::Int64, {r.count});
    writeValues(ctx, out, Dims(data.dims().data() + r.start, size_t(r.count)));
}

void runSize(KernelContext& ctx) {
    const int64_t n = ctx.input(0).numel();
    Tensor& out = ctx.allocateOutput(0, DataType::Int64, std::span<const int64_t>());
    writeValues(ctx, out, Dims(&n, 1));
}

// Range (start, limit, delta read on the host: the count sizes the output) and ConstantOfShape
// (its shape read on the host). On the device so that a position-id Range between GPU layers
// doesn't split the GPU stretch of an engine (a CUDA graph needs one).
template <typename T>
__global__ void rangeKernel(T* y, T start, T delta, int64_t n) {
    const int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i < n) y[i] = T(start + T(i) * delta);
}

template <typename T>
void rangeTyped(KernelContext& ctx) {
    const cpu::RangeParams<T> r = cpu::rangeParams<T>(ctx, hostInput);
    Tensor& out = ctx.allocateOutput(0, ctx.input(0).dtype(), {r.count});
    if (r.count == 0) return;
    requireOnDevice(ctx, out, "output");
    rangeKernel<T><<<blocksFor(r.count), kThreads, 0, kernelStream(ctx)>>>(static_cast<T*>(out.raw()), r.start,
                                                                           r.delta, r.count);
    checkLaunch(ctx);
}

void runRange(KernelContext& ctx) {
    switch (ctx.input(0).dtype()) {
        case DataType::Float32: return rangeTyped<float>(ctx);
        case DataType::Float64: return rangeTyped<double>(ctx);
        case DataType::Int16: return rangeTyped<int16_t>(ctx);
        case DataType::Int32: return rangeTyped<int32_t>(ctx);
        case DataType::Int64: return rangeTyped<int64_t>(ctx);
        default: break;
    }
    ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(ctx.input(0).dtype()), " is not supported");
}

template <typename E>
__global__ void fillKernel(E* y, E value, int64_t n) {
    const int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i < n) y[i] = value;
}

void runConstantOfShape(KernelContext& ctx) {
    const DimVector dims = intsInput(ctx, 0, "input");
    static const Tensor kZero = Tensor::scalar<float>(0.0f);
    const Tensor& value = ctx.node().hasAttr("value") ? ctx.node().attrTensor("value") : kZero;
    if (value.numel() != 1)
        ctx.fail(ErrorKind::InvalidModel, "attribute 'value' must hold one element, got ", value.describe());
    for (int64_t d : dims)
        if (d < 0) ctx.fail(ErrorKind::InvalidArgument, "shape ", dimsText(Dims(dims.data(), dims.size())),
                            " has a negative dim");
    Tensor& out = ctx.allocateOutput(0, value.dtype(), dims);
    const int64_t n = out.numel();
    if (n == 0) return;
    requireOnDevice(ctx, out, "output");
    dispatchElement(ctx, dataTypeSize(value.dtype()), [&](auto tag) {
        using E = decltype(tag);
        E v;
        std::memcpy(&v, value.raw(), sizeof(E));
        fillKernel<E><<<blocksFor(n), kThreads, 0, kernelStream(ctx)>>>(static_cast<E*>(out.raw()), v, n);
    });
    checkLaunch(ctx);
}

// ---------------------------------------------------------------------------------------------
// Transpose, Expand, Tile, Slice: strided copies

// The output dims and the copy of a Transpose (perm validated and normalized).
Strided transposePlan(const KernelContext& ctx, DimVector& outDims) {
    const Tensor& data = ctx.input(0);
    const int64_t rank = int64_t(data.rank());
    const DimVector perm = cpu::transposePerm(ctx);
    DimVector inStride(size_t(rank), 1), strides(size_t(rank), 0);
    for (size_t i = size_t(rank); i-- > 1;) inStride[i - 1] = inStride[i] * data.dims()[i];
    outDims.assign(size_t(rank), 0);
    for (size_t j = 0; j < size_t(rank); ++j) {
        outDims[j] = data.dims()[size_t(perm[j])];
        strides[j] = inStride[size_t(perm[j])];
    }
    return simplify(outDims, strides);
}

bool transposeApplicable(const KernelContext& ctx) {
    try {
        DimVector dims;
        return fits(transposePlan(ctx, dims));
    } catch (const std::exception&) {
        return true;  // run reports what is wrong
    }
}

void runTranspose(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    DimVector dims;
    const Strided plan = transposePlan(ctx, dims);
    Tensor& out = ctx.allocateOutput(0, data.dtype(), dims);
    if (out.numel() == 0) return;
    requireOnDevice(ctx, data, "input");
    stridedCopy(ctx, kernelStream(ctx), data.raw(), out.raw(), dataTypeSize(data.dtype()), plan);
}

// Expand: data broadcast (both ways) against the shape input; a view when nothing grows.
Strided expandPlan(const KernelContext& ctx, DimVector& outDims) {
    const Tensor& data = ctx.input(0);
    const DimVector shape = intsInput(ctx, 1, "shape");
    const size_t r = std::max(data.rank(), shape.size());
    outDims.assign(r, 1);
    DimVector strides(r, 0);
    int64_t stride = 1;
    for (size_t i = r; i-- > 0;) {
        const int64_t da = i < r - data.rank() ? 1 : data.dims()[i - (r - data.rank())];
        const int64_t db = i < r - shape.size() ? 1 : shape[i - (r - shape.size())];
        if (da != db && da != 1 && db != 1)
            ctx.fail(ErrorKind::InvalidArgument, "cannot expand ", data.describe(), " to ", dimsText(shape));
        outDims[i] = da == 1 ? db : da;
        strides[i] = da == 1 ? 0 : stride;
        stride *= da;
    }
    return simplify(outDims, strides);
}

bool expandApplicable(const KernelContext& ctx) {
    try {
        DimVector dims;
        return fits(expandPlan(ctx, dims));
    } catch (const std::exception&) {
        return true;
    }
}

void runExpand(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    DimVector dims;
    const Strided plan = expandPlan(ctx, dims);
    if (std::equal(dims.begin(), dims.end(), data.dims().begin(), data.dims().end())) {
        ctx.setOutputView(0, 0, data.dims());
        return;
    }
    Tensor& out = ctx.allocateOutput(0, data.dtype(), dims);
    if (out.numel() == 0) return;
    requireOnDevice(ctx, data, "input");
    stridedCopy(ctx, kernelStream(ctx), data.raw(), out.raw(), dataTypeSize(data.dtype()), plan);
}

// Tile: the output seen as [r0, d0, r1, d1, ...], the repeat dims read with stride 0.
Strided tilePlan(const KernelContext& ctx, DimVector& outDims) {
    const cpu::StridedView view = cpu::tileView(ctx, intsInput);
    outDims = view.outDims;
    return simplify(view.dims, view.strides);
}

bool tileApplicable(const KernelContext& ctx) {
    try {
        DimVector dims;
        return fits(tilePlan(ctx, dims));
    } catch (const std::exception&) {
        return true;
    }
}

void runTile(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    DimVector dims;
    const Strided plan = tilePlan(ctx, dims);
    Tensor& out = ctx.allocateOutput(0, data.dtype(), dims);
    if (out.numel() == 0) return;
    requireOnDevice(ctx, data, "input");
    stridedCopy(ctx, kernelStream(ctx), data.raw(), out.raw(), dataTypeSize(data.dtype()), plan);
}

// Slice: the output dims, the copy, and the source offset (elements) of its first element.
Strided slicePlan(const KernelContext& ctx, DimVector& outDims, int64_t& base) {
    const cpu::StridedView view = cpu::sliceView(ctx, intsInput);
    outDims = view.outDims;
    base = view.offset;
    return simplify(view.dims, view.strides);
}

bool sliceApplicable(const KernelContext& ctx) {
    try {
        DimVector dims;
        int64_t base = 0;
        return fits(slicePlan(ctx, dims, base));
    } catch (const std::exception&) {
        return true;
    }
}

void runSlice(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    DimVector dims;
    int64_t base = 0;
    const Strided plan = slicePlan(ctx, dims, base);
    Tensor& out = ctx.allocateOutput(0, data.dtype(), dims);
    if (out.numel() == 0) return;
    requireOnDevice(ctx, data, "input");
    const size_t es = dataTypeSize(data.dtype());
    stridedCopy(ctx, kernelStream(ctx), static_cast<const uint8_t*>(data.raw()) + size_t(base) * es, out.raw(), es, plan);
}

// ---------------------------------------------------------------------------------------------
// kiln::Reformat: linear [N, C, D...] <-> channels-last [N, D..., C], a transpose of (C, D)

void runReformat(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    const auto to = parseTensorFormat(ctx.node().attrString("to", "linear"));
    if (!to) ctx.fail(ErrorKind::InvalidModel, "unknown format '", ctx.node().attrString("to", ""), "'");
    Tensor& y = ctx.allocateOutput(0, x.dtype(), x.dims());  // in the layer's format: `to`
    if (y.format() != *to)
        ctx.fail(ErrorKind::Internal, "output in ", tensorFormatName(y.format()), ", not ", tensorFormatName(*to));
    if (x.numel() == 0) return;
    requireOnDevice(ctx, x, "input");
    requireOnDevice(ctx, y, "output");
    const size_t es = dataTypeSize(x.dtype());
    const cudaStream_t stream = kernelStream(ctx);
    if (x.format() == y.format() || x.rank() < 3) {
        if (x.raw() != y.raw())
            KILN_CUDA_CHECK(cudaMemcpyAsync(y.raw(), x.raw(), x.byteSize(), cudaMemcpyDeviceToDevice, stream));
        return;
    }
    const int64_t N = x.dim(0), C = x.dim(1), D = x.numel() / (N * C);
    // The source as [N][A][B] written as [N][B][A]: A, B = C, D from linear; D, C from channels-last.
    const int64_t A = x.format() == TensorFormat::Linear ? C : D, B = x.format() == TensorFormat::Linear ? D : C;
    const int64_t dims[3] = {N, B, A}, strides[3] = {A * B, 1, B};
    stridedCopy(ctx, stream, x.raw(), y.raw(), es, simplify(dims, strides));
}

// ---------------------------------------------------------------------------------------------
// Concat, Split: row copies, one launch per input or output

void runConcat(KernelContext& ctx) {
    const cpu::ConcatShape c = cpu::concatShape(ctx);
    const DataType dtype = ctx.input(0).dtype();
    Tensor& out = ctx.allocateOutput(0, dtype, c.dims);
    if (out.numel() == 0) return;
    requireOnDevice(ctx, out, "output");
    const cudaStream_t stream = kernelStream(ctx);
    const size_t es = dataTypeSize(dtype);
    auto* dst = static_cast<uint8_t*>(out.raw());
    const int64_t outRow = c.dims[c.axis] * c.inner;
    int64_t offset = 0;  // elements into an output row
    for (size_t i = 0; i < ctx.numInputs(); ++i) {
        const Tensor& t = ctx.input(i);
        const int64_t chunk = t.dims()[c.axis] * c.inner;
        if (chunk > 0) {
            requireOnDevice(ctx, t, "input");
            copyRows(ctx, stream, t.raw(), dst + size_t(offset) * es, es, c.outer, chunk, chunk, outRow);
        }
        offset += chunk;
    }
}

void runSplit(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const cpu::SplitShape shape = cpu::splitShape(ctx, intsInput);
    const size_t axis = shape.axis, n = ctx.numOutputs();
    const int64_t dim = shape.dim, outer = shape.outer, inner = shape.inner;
    const DimVector& sizes = shape.sizes;
    const size_t es = dataTypeSize(data.dtype());
    const auto* src = static_cast<const uint8_t*>(data.raw());
    int64_t offset = 0;  // elements into an input row
    for (size_t i = 0; i < n; ++i) {
        const int64_t chunk = sizes[i] * inner;
        if (ctx.outputWanted(i)) {
            DimVector dims(data.dims());
            dims[axis] = sizes[i];
            Tensor& out = ctx.allocateOutput(i, data.dtype(), dims);
            if (out.numel() > 0) {
                requireOnDevice(ctx, data, "input");
                copyRows(ctx, kernelStream(ctx), src + size_t(offset) * es, out.raw(), es, outer, chunk, dim * inner, chunk);
            }
        }
        offset += chunk;
    }
}

// ---------------------------------------------------------------------------------------------
// Gather: indices read on the device. The CPU fails on an out-of-range index; a kernel can't, so
// an index outside [-dim, dim) gives zeros.

template <typename U, typename I>
__global__ void gatherAxisKernel(const U* __restrict__ src, U* __restrict__ dst, const I* __restrict__ indices,
                                 int64_t count, int64_t dim, int64_t inner, int64_t n) {
    const int64_t step = int64_t(gridDim.x) * blockDim.x;
    for (int64_t t = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; t < n; t += step) {
        const int64_t k = t % inner, row = t / inner;
        const int64_t j = row % count, o = row / count;
        int64_t v = int64_t(indices[j]);
        if (v < 0) v += dim;
        dst[t] = v >= 0 && v < dim ? src[(o * dim + v) * inner + k] : U{};
    }
}

void runGather(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const Tensor& indices = ctx.input(1);
    if (indices.dtype() != DataType::Int64 && indices.dtype() != DataType::Int32)
        ctx.fail(ErrorKind::InvalidArgument, "indices must be int64 or int32, got ", indices.describe());
    const int64_t rank = int64_t(data.rank());
    if (rank == 0) ctx.fail(ErrorKind::InvalidArgument, "data must have rank >= 1");
    const size_t axis = size_t(cpu::normalizeAxis(ctx, ctx.node().attrInt("axis", 0), rank, ErrorKind::InvalidModel));
    const int64_t dim = data.dims()[axis];
    DimVector outDims(data.dims().begin(), data.dims().begin() + std::ptrdiff_t(axis));
    for (int64_t d : indices.dims()) outDims.push_back(d);
    for (size_t d = axis + 1; d < data.rank(); ++d) outDims.push_back(data.dims()[d]);
    Tensor& out = ctx.allocateOutput(0, data.dtype(), outDims);
    if (out.numel() == 0) return;
    requireOnDevice(ctx, data, "data");
    requireOnDevice(ctx, indices, "indices");
    const size_t es = dataTypeSize(data.dtype());
    int64_t inner = 1;
    for (size_t d = axis + 1; d < data.rank(); ++d) inner *= data.dims()[d];
    // Rows of `inner` elements move in the widest unit their size and the addresses allow.
    const size_t unit = unitBytes({uint64_t(inner) * es, address(data.raw()), address(out.raw())});
    const int64_t innerUnits = inner * int64_t(es) / int64_t(unit);
    const int64_t n = out.numel() / inner * innerUnits;
    const cudaStream_t stream = kernelStream(ctx);
    dispatchUnit(ctx, unit, [&](auto tag) {
        using U = decltype(tag);
        const auto* src = static_cast<const U*>(data.raw());
        auto* dst = static_cast<U*>(out.raw());
        if (indices.dtype() == DataType::Int64)
            gatherAxisKernel<U, int64_t><<<blocksFor(n), kThreads, 0, stream>>>(
                src, dst, static_cast<const int64_t*>(indices.raw()), indices.numel(), dim, innerUnits, n);
        else
            gatherAxisKernel<U, int32_t><<<blocksFor(n), kThreads, 0, stream>>>(
                src, dst, static_cast<const int32_t*>(indices.raw()), indices.numel(), dim, innerUnits, n);
    });
    checkLaunch(ctx);
}

// ---------------------------------------------------------------------------------------------
// Pad: constant, reflect, edge, wrap; negative pads crop

using cpu::PadMode;

struct PadGeometry {
    int rank = 0;
    PadMode mode = PadMode::Constant;
    uint64_t constant = 0;  // the constant's bytes (the low ones: the element's size)
    int64_t outDims[kMaxRank] = {}, inDims[kMaxRank] = {}, begin[kMaxRank] = {}, inStrides[kMaxRank] = {};
};

// The source index along one axis of output index o, or -1 for the constant (kernels/cpu/pad_resize.cpp).
__device__ __forceinline__ int64_t padSource(int64_t o, int64_t padBegin, int64_t size, PadMode mode) {
    const int64_t i = o - padBegin;
    if (i >= 0 && i < size) return i;
    switch (mode) {
        case PadMode::Constant: return -1;
        case PadMode::Edge: return i < 0 ? 0 : size - 1;
        case PadMode::Wrap: return ((i % size) + size) % size;
        case PadMode::Reflect: {
            if (size == 1) return 0;
            const int64_t period = 2 * (size - 1);
            const int64_t m = ((i % period) + period) % period;
            return m < size ? m : period - m;
        }
    }
    return -1;
}

template <typename E>
__global__ void padKernel(const E* __restrict__ src, E* __restrict__ dst, PadGeometry g, int64_t n) {
    E constant;
    memcpy(&constant, &g.constant, sizeof(E));
    const int64_t step = int64_t(gridDim.x) * blockDim.x;
    for (int64_t t = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; t < n; t += step) {
        int64_t rem = t, off = 0;
        bool isConstant = false;
        for (int a = g.rank - 1; a >= 0 && !isConstant; --a) {
            const int64_t o = rem % g.outDims[a];
            rem /= g.outDims[a];
            const int64_t s = padSource(o, g.begin[a], g.inDims[a], g.mode);
            isConstant = s < 0;
            off += s * g.inStrides[a];
        }
        dst[t] = isConstant ? constant : src[off];
    }
}

bool padApplicable(const KernelContext& ctx) { return ctx.input(0).rank() <= size_t(kMaxRank); }

void runPad(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const int64_t rank = int64_t(data.rank());
    const cpu::PadShape shape = cpu::padShape(ctx, hostInput, intsInput);
    const DimVector& begin = shape.begin;
    const DimVector& outDims = shape.outDims;
    const size_t es = dataTypeSize(data.dtype());
    PadGeometry g;
    if (shape.constant) std::memcpy(&g.constant, shape.constant->raw(), std::min(es, sizeof(g.constant)));
    Tensor& out = ctx.allocateOutput(0, data.dtype(), outDims);
    if (out.numel() == 0) return;
    if (rank > kMaxRank) ctx.fail(ErrorKind::Unsupported, "Pad of rank ", rank, " (the GPU kernel takes up to ", kMaxRank, ")");
    requireOnDevice(ctx, data, "input");
    g.rank = int(rank);
    g.mode = shape.mode;
    int64_t stride = 1;
    for (size_t a = size_t(rank); a-- > 0;) {
        g.outDims[a] = outDims[a];
        g.inDims[a] = data.dims()[a];
        g.begin[a] = begin[a];
        g.inStrides[a] = stride;
        stride *= data.dims()[a];
    }
    const int64_t n = out.numel();
    const cudaStream_t stream = kernelStream(ctx);
    dispatchElement(ctx, es, [&](auto tag) {
        using E = decltype(tag);
        padKernel<E><<<blocksFor(n), kThreads, 0, stream>>>(static_cast<const E*>(data.raw()), static_cast<E*>(out.raw()), g, n);
    });
    checkLaunch(ctx);
}

// ---------------------------------------------------------------------------------------------
// Resize: nearest (any element type) and linear (floating point, any number of axes), without
// antialiasing; cubic stays on the CPU. Source coordinates are computed per element in double with
// the oracle's formulas (kernels/cpu/naive/pad_resize.cpp), products kept apart from sums so that
// no fused multiply-add changes where a nearest index rounds.

using cpu::CoordMode;
using cpu::NearestMode;

struct ResizeGeometry {
    int rank = 0;
    CoordMode coord = CoordMode::HalfPixel;
    NearestMode nearest = NearestMode::RoundPreferFloor;
    bool excludeOutside = false;
    double extrapolation = 0;        // linear: converted in the kernel
    uint64_t extrapolationBits = 0;  // nearest: the value in the tensor's type
    int64_t outDims[kMaxRank] = {}, inDims[kMaxRank] = {}, inStrides[kMaxRank] = {};
    double scale[kMaxRank] = {}, lenResized[kMaxRank] = {}, roiStart[kMaxRank] = {}, roiEnd[kMaxRank] = {};
    bool resized[kMaxRank] = {};  // false: the axis keeps its index
};

__device__ double inputCoordinate(const ResizeGeometry& g, int a, int64_t o) {
    const double x = double(o), scale = g.scale[a], len = g.lenResized[a];
    const double inLast = double(g.inDims[a] - 1);
    switch (g.coord) {
        case CoordMode::HalfPixel: return (x + 0.5) / scale - 0.5;
        case CoordMode::HalfPixelSymmetric: {
            const double adjustment = double(g.outDims[a]) / len;
            const double center = double(g.inDims[a]) / 2;
            return __dadd_rn(__dmul_rn(center, 1 - adjustment), (x + 0.5) / scale) - 0.5;
        }
        case CoordMode::PytorchHalfPixel: return len > 1 ? (x + 0.5) / scale - 0.5 : 0.0;
        case CoordMode::AlignCorners: return len == 1 ? 0.0 : __dmul_rn(x, inLast) / (len - 1);
        case CoordMode::Asymmetric: return x / scale;
        case CoordMode::TfCropAndResize:
            if (len == 1) return __dmul_rn(__dmul_rn(0.5, g.roiStart[a] + g.roiEnd[a]), inLast);
            return __dadd_rn(__dmul_rn(g.roiStart[a], inLast),
                             __dmul_rn(__dmul_rn(x, g.roiEnd[a] - g.roiStart[a]), inLast) / (len - 1));
    }
    return x;
}

__device__ __forceinline__ bool outsideInput(const ResizeGeometry& g, int a, double x) {
    return g.coord == CoordMode::TfCropAndResize && (x < 0 || x > double(g.inDims[a] - 1));
}

__device__ __forceinline__ int64_t clampIndex(int64_t i, int64_t len) { return i < 0 ? 0 : (i >= len ? len - 1 : i); }

__device__ int64_t nearestIndex(NearestMode mode, double x, int64_t len) {
    const double f = floor(x);
    const bool half = x - f == 0.5;
    double r = f;
    switch (mode) {
        case NearestMode::RoundPreferFloor: r = half ? f : round(x); break;
        case NearestMode::RoundPreferCeil: r = half ? ceil(x) : round(x); break;
        case NearestMode::Floor: r = f; break;
        case NearestMode::Ceil: r = ceil(x); break;
    }
    return clampIndex(int64_t(r), len);
}

template <typename E>
__global__ void resizeNearestKernel(const E* __restrict__ src, E* __restrict__ dst, ResizeGeometry g, int64_t n) {
    E fill;
    memcpy(&fill, &g.extrapolationBits, sizeof(E));
    const int64_t step = int64_t(gridDim.x) * blockDim.x;
    for (int64_t t = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; t < n; t += step) {
        int64_t rem = t, off = 0;
        bool outside = false;
        for (int a = g.rank - 1; a >= 0 && !outside; --a) {
            const int64_t o = rem % g.outDims[a];
            rem /= g.outDims[a];
            int64_t s = o;
            if (g.resized[a]) {
                const double x = inputCoordinate(g, a, o);
                outside = outsideInput(g, a, x);
                s = nearestIndex(g.nearest, x, g.inDims[a]);
            }
            off += s * g.inStrides[a];
        }
        dst[t] = outside ? fill : src[off];
    }
}

template <typename T>
__device__ __forceinline__ double toDouble(T v) {
    return double(toFloat(v));
}
template <>
__device__ __forceinline__ double toDouble(double v) {
    return v;
}
template <typename T>
__device__ __forceinline__ T fromDouble(double v) {
    return fromFloat<T>(float(v));
}
template <>
__device__ __forceinline__ double fromDouble(double v) {
    return v;
}

// Two taps per resized axis (floor(x) and the next index, clamped into the input); the sum over
// every combination of one tap per axis of the weights' product, skipping taps of weight 0 as the
// oracle does (a NaN there does not leak in).
template <typename T>
__global__ void resizeLinearKernel(const T* __restrict__ src, T* __restrict__ dst, ResizeGeometry g, int64_t n) {
    const int64_t step = int64_t(gridDim.x) * blockDim.x;
    for (int64_t t = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; t < n; t += step) {
        int64_t rem = t, base = 0;
        int64_t lo[kMaxRank], hi[kMaxRank];
        double wLo[kMaxRank], wHi[kMaxRank];
        int taps = 0;
        bool outside = false;
        for (int a = g.rank - 1; a >= 0 && !outside; --a) {
            const int64_t o = rem % g.outDims[a];
            rem /= g.outDims[a];
            if (!g.resized[a]) {
                base += o * g.inStrides[a];
                continue;
            }
            const double x = inputCoordinate(g, a, o);
            outside = outsideInput(g, a, x);
            const int64_t len = g.inDims[a];
            const double f = floor(x);
            const int64_t i0 = int64_t(f), i1 = i0 + 1;
            double w0 = 1.0 - (x - f), w1 = x - f;
            if (g.excludeOutside) {
                if (i0 < 0 || i0 >= len) w0 = 0;
                if (i1 < 0 || i1 >= len) w1 = 0;
                const double sum = w0 + w1;
                if (sum != 0) {
                    w0 /= sum;
                    w1 /= sum;
                }
            }
            lo[taps] = clampIndex(i0, len) * g.inStrides[a];
            hi[taps] = clampIndex(i1, len) * g.inStrides[a];
            wLo[taps] = w0;
            wHi[taps] = w1;
            ++taps;
        }
        if (outside) {
            dst[t] = fromDouble<T>(g.extrapolation);
            continue;
        }
        double acc = 0;
        for (int c = 0; c < (1 << taps); ++c) {
            double w = 1;
            int64_t off = base;
            for (int j = 0; j < taps; ++j) {
                const bool up = (c >> j) & 1;
                w *= up ? wHi[j] : wLo[j];
                off += up ? hi[j] : lo[j];
            }
            if (w != 0) acc += w * toDouble(src[off]);
        }
        dst[t] = fromDouble<T>(acc);
    }
}

// Calls f(T{}) with the C++ type of a floating-point dtype; false for others.
template <typename F>
bool dispatchFloatOrDouble(DataType dtype, F&& f) {
    if (dtype == DataType::Float64) {
        f(double{});
        return true;
    }
    return dispatchFloat(dtype, f);
}

// The bytes of `v` converted to `type`, as the CPU's T(v) converts it.
uint64_t valueBits(DataType type, double v) {
    uint64_t bits = 0;
    auto put = [&](auto x) { std::memcpy(&bits, &x, sizeof(x)); };
    switch (type) {
        case DataType::Float32: put(float(v)); break;
        case DataType::Float64: put(v); break;
        case DataType::Float16: put(floatToHalf(float(v))); break;
        case DataType::BFloat16: put(floatToBfloat16(float(v))); break;
        case DataType::Int8: put(int8_t(int64_t(v))); break;
        case DataType::UInt8: put(uint8_t(int64_t(v))); break;
        case DataType::Int16: put(int16_t(int64_t(v))); break;
        case DataType::UInt16: put(uint16_t(int64_t(v))); break;
        case DataType::Int32: put(int32_t(int64_t(v))); break;
        case DataType::UInt32: put(uint32_t(int64_t(v))); break;
        case DataType::Int64: put(int64_t(v)); break;
        case DataType::UInt64: put(uint64_t(v)); break;
        case DataType::Bool: put(uint8_t(v != 0)); break;
        case DataType::Float8E4M3:
        case DataType::Undefined:
        case DataType::String: break;
    }
    return bits;
}

TypeSet resizeTypes() {
    return {DataType::Float32, DataType::Float16, DataType::BFloat16, DataType::Float64, DataType::Int8,  DataType::UInt8,
            DataType::Int16,   DataType::UInt16,  DataType::Int32,    DataType::UInt32,  DataType::Int64, DataType::UInt64};
}

// What this kernel can't do (cubic, antialiased linear, linear on integers, rank > kMaxRank), or "".
std::string resizeUnsupported(const KernelContext& ctx) {
    const Node& node = ctx.node();
    const std::string mode = node.attrString("mode", "nearest");
    if (mode == "cubic") return "cubic interpolation";
    if (mode == "linear" && node.attrInt("antialias", 0) != 0) return "antialiased linear interpolation";
    if (mode == "linear" && !isFloatingPoint(ctx.input(0).dtype())) return "linear interpolation of integers";
    if (ctx.input(0).rank() > size_t(kMaxRank)) return concat("rank ", ctx.input(0).rank());
    return "";
}

bool resizeApplicable(const KernelContext& ctx) { return resizeUnsupported(ctx).empty(); }

void runResize(KernelContext& ctx) {
    const Tensor& X = ctx.input(0);
    const int64_t rank = int64_t(X.rank());
    const Node& node = ctx.node();
    const std::string mode = node.attrString("mode", "nearest");
    if (mode != "nearest" && mode != "linear" && mode != "cubic") ctx.fail(ErrorKind::InvalidModel, "unknown mode '", mode, "'");
    if (std::string why = resizeUnsupported(ctx); !why.empty())
        ctx.fail(ErrorKind::Unsupported, "the GPU Resize does not do ", why);
    const cpu::ResizeParams p = cpu::parseResizeParams(ctx);
    const bool linear = p.mode == cpu::ResizeMode::Linear;
    ResizeGeometry g;
    g.coord = p.coord;
    g.nearest = p.nearest;
    g.excludeOutside = p.excludeOutside;
    g.extrapolation = p.extrapolation;
    g.extrapolationBits = valueBits(X.dtype(), g.extrapolation);
    const cpu::ResizeShape shape = cpu::resizeShape(ctx, p, hostInput);
    for (size_t a = 0; a < size_t(rank); ++a) {
        g.roiStart[a] = shape.roiStart[a];
        g.roiEnd[a] = shape.roiEnd[a];
        g.scale[a] = shape.scale[a];
        g.inDims[a] = X.dims()[a];
        g.outDims[a] = shape.outDims[a];
        g.lenResized[a] = shape.lenResized[a];
    }
    DimVector outDims(X.dims());
    bool any = false;
    int64_t stride = 1;
    for (size_t a = size_t(rank); a-- > 0;) {
        if (X.dims()[a] == 0 && g.outDims[a] > 0)
            ctx.fail(ErrorKind::InvalidArgument, "cannot resize the empty axis ", a, " of ", X.describe());
        outDims[a] = g.outDims[a];
        g.resized[a] = !(g.outDims[a] == X.dims()[a] && g.scale[a] == 1.0 && g.coord != CoordMode::TfCropAndResize);
        any = any || g.resized[a];
        g.inStrides[a] = stride;
        stride *= X.dims()[a];
    }
    g.rank = int(rank);
    if (std::find(outDims.begin(), outDims.end(), int64_t(0)) != outDims.end()) {
        ctx.allocateOutput(0, X.dtype(), outDims);
        return;
    }
    if (!any) {
        ctx.setOutputView(0, 0, X.dims());
        return;
    }
    Tensor& Y = ctx.allocateOutput(0, X.dtype(), outDims);
    requireOnDevice(ctx, X, "input");
    const int64_t n = Y.numel();
    const cudaStream_t stream = kernelStream(ctx);
    if (linear) {
        dispatchFloatOrDouble(X.dtype(), [&](auto tag) {
            using T = decltype(tag);
            resizeLinearKernel<T><<<blocksFor(n), kThreads, 0, stream>>>(static_cast<const T*>(X.raw()),
                                                                         static_cast<T*>(Y.raw()), g, n);
        });
    } else {
        dispatchElement(ctx, dataTypeSize(X.dtype()), [&](auto tag) {
            using E = decltype(tag);
            resizeNearestKernel<E><<<blocksFor(n), kThreads, 0, stream>>>(static_cast<const E*>(X.raw()),
                                                                          static_cast<E*>(Y.raw()), g, n);
        });
    }
    checkLaunch(ctx);
}

// A view kernel (output 0 may be input 0) reading the inputs of `hostMask` on the host.
KernelDef hostView(KernelFn run, uint32_t hostMask, TypeSet types = {}) {
    KernelDef def = viewKernel(run, std::move(types));
    def.hostInputs = hostMask;
    return def;
}

}  // namespace

void registerDataMovementKernels(KernelRegistry& registry) {
    const TypeSet moved = movedTypes();
    registry.add("Reshape", hostView(runReshape, 1u << 1));
    registry.add("Flatten", viewKernel(runFlatten));
    registry.add("Squeeze", hostView(runSqueeze, 1u << 1));
    registry.add("Unsqueeze", hostView(runUnsqueeze, 1u << 1));
    registry.add("Identity", viewKernel(runIdentity));
    registry.add("Dropout", hostView(runDropout, (1u << 1) | (1u << 2)));

    KernelDef shape{runShape, {}};
    shape.outputTypes = {{DataType::Int64}};
    registry.add("Shape", shape);
    KernelDef size{runSize, {}};
    size.outputTypes = {{DataType::Int64}};
    registry.add("Size", size);

    KernelDef range{runRange, {DataType::Float32, DataType::Float64, DataType::Int16, DataType::Int32, DataType::Int64}};
    range.hostInputs = 0b111u;  // start, limit, delta
    registry.add("Range", range);
    KernelDef constantOfShape{runConstantOfShape, {DataType::Int64}};
    constantOfShape.hostInputs = 1u;
    constantOfShape.outputTypes = {moved};
    registry.add("ConstantOfShape", constantOfShape);

    registry.add("Transpose", {runTranspose, moved, kReferenceTactic, transposeApplicable});
    KernelDef expand = hostView(runExpand, 1u << 1, moved);
    expand.applicable = expandApplicable;
    registry.add("Expand", expand);
    KernelDef tile{runTile, moved, kReferenceTactic, tileApplicable};
    tile.hostInputs = 1u << 1;
    registry.add("Tile", tile);
    KernelDef slice{runSlice, moved, kReferenceTactic, sliceApplicable};
    slice.hostInputs = (1u << 1) | (1u << 2) | (1u << 3) | (1u << 4);  // starts, ends, axes, steps
    registry.add("Slice", slice);

    KernelDef concat{runConcat, {}};
    concat.inputTypes = {moved};  // every input
    registry.add("Concat", concat);
    KernelDef split{runSplit, moved};
    split.hostInputs = 1u << 1;
    registry.add("Split", split);

    KernelDef gather{runGather, {}};
    gather.inputTypes = {moved, {DataType::Int32, DataType::Int64}};
    registry.add("Gather", gather);

    KernelDef pad{runPad, moved, kReferenceTactic, padApplicable};
    pad.hostInputs = (1u << 1) | (1u << 2) | (1u << 3);  // pads, constant_value, axes
    registry.add("Pad", pad);
    KernelDef resize = hostView(runResize, (1u << 1) | (1u << 2) | (1u << 3), resizeTypes());  // roi, scales, sizes
    resize.applicable = resizeApplicable;
    registry.add("Resize", resize);

    // One per output format (a layer's format is that of the activations it writes).
    for (TensorFormat format : {TensorFormat::Linear, TensorFormat::NHWC}) {
        KernelDef def{runReformat, moved};
        def.format = format;
        registry.add("Reformat", def, "kiln");
    }
}

}  // namespace kiln::cuda
