// Gather, GatherElements, GatherND, ScatterND, ScatterElements (ONNX opset 21). Indices are read as
// int64 and checked up front (negative ones count from the end), so an out-of-range index is a clear
// error naming the node rather than a stray read. Gathers move bytes; scatter reductions are typed.
#include <algorithm>
#include <cstring>

#include "engine_core/common/parallel.h"
#include "engine_core/common/small_vector.h"
#include "kernels/cpu/register.h"

namespace kiln::cpu {

namespace {

DimVector strides(std::span<const int64_t> dims) {
    DimVector s(dims.size(), 1);
    for (size_t i = dims.size(); i-- > 1;) s[i - 1] = s[i] * dims[i];
    return s;
}

const Tensor& indicesInput(const KernelContext& ctx, size_t i) {
    const Tensor& t = ctx.input(i);
    if (t.dtype() != DataType::Int64 && t.dtype() != DataType::Int32)
        ctx.fail(ErrorKind::InvalidArgument, "indices must be int64 or int32, got ", t.describe());
    return t;
}

// The indices as int64, in the layer's scratch memory (its workspace in a planned run).
std::span<int64_t> indexValues(KernelContext& ctx, const Tensor& indices) {
    const size_t n = size_t(indices.numel());
    int64_t* out = ctx.scratchArray<int64_t>(n);
    if (indices.dtype() == DataType::Int64)
        std::copy_n(indices.data<int64_t>(), n, out);
    else
        for (size_t i = 0; i < n; ++i) out[i] = int64_t(indices.data<int32_t>()[i]);
    return {out, n};
}

// Index value i of `indices` normalized into [0, size), or a failure naming where it came from.
int64_t checkedIndex(const KernelContext& ctx, int64_t value, int64_t size, int64_t flatPos, int64_t axis) {
    if (value < -size || value >= size)
        ctx.fail(ErrorKind::InvalidArgument, "index ", value, " (indices element ", flatPos,
                 ") is out of range for axis ", axis, " of size ", size);
    return value < 0 ? value + size : value;
}

int64_t normalizeAxis(const KernelContext& ctx, int64_t axis, int64_t rank) {
    if (axis < -rank || axis >= rank) ctx.fail(ErrorKind::InvalidModel, "axis ", axis, " is out of range for rank ", rank);
    return axis < 0 ? axis + rank : axis;
}

void runGather(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const Tensor& indices = indicesInput(ctx, 1);
    const int64_t rank = int64_t(data.rank());
    if (rank == 0) ctx.fail(ErrorKind::InvalidArgument, "data must have rank >= 1");
    const size_t axis = size_t(normalizeAxis(ctx, ctx.node().attrInt("axis", 0), rank));
    const int64_t dim = data.dims()[axis];
    const std::span<int64_t> idx = indexValues(ctx, indices);
    for (size_t i = 0; i < idx.size(); ++i) idx[i] = checkedIndex(ctx, idx[i], dim, int64_t(i), int64_t(axis));
    DimVector outDims(data.dims().begin(), data.dims().begin() + axis);
    for (int64_t d : indices.dims()) outDims.push_back(d);
    for (size_t d = axis + 1; d < data.rank(); ++d) outDims.push_back(data.dims()[d]);
    Tensor& out = ctx.allocateOutput(0, data.dtype(), outDims);
    if (out.numel() == 0) return;
    int64_t outer = 1, inner = 1;
    for (size_t d = 0; d < axis; ++d) outer *= data.dims()[d];
    for (size_t d = axis + 1; d < data.rank(); ++d) inner *= data.dims()[d];
    const size_t chunk = size_t(inner) * dataTypeSize(data.dtype());
    const auto* src = static_cast<const uint8_t*>(data.raw());
    auto* dst = static_cast<uint8_t*>(out.raw());
    const int64_t n = int64_t(idx.size());
    parallelFor(outer * n, std::max<int64_t>(1, int64_t(16384 / std::max<size_t>(chunk, 1))), [&](int64_t begin, int64_t end) {
        for (int64_t t = begin; t < end; ++t) {
            const int64_t o = t / n, j = t % n;
            std::memcpy(dst + size_t(t) * chunk, src + size_t(o * dim + idx[size_t(j)]) * chunk, chunk);
        }
    });
}

void runGatherElements(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const Tensor& indices = indicesInput(ctx, 1);
    const int64_t rank = int64_t(data.rank());
    if (rank == 0 || indices.rank() != data.rank())
        ctx.fail(ErrorKind::InvalidArgument, "data ", data.describe(), " and indices ", indices.describe(),
                 " must have one rank >= 1");
    const size_t axis = size_t(normalizeAxis(ctx, ctx.node().attrInt("axis", 0), rank));
    for (size_t d = 0; d < data.rank(); ++d)
        if (d != axis && indices.dims()[d] > data.dims()[d])
            ctx.fail(ErrorKind::InvalidArgument, "indices ", indices.describe(), " exceed data ", data.describe(), " on axis ", d);
    Tensor& out = ctx.allocateOutput(0, data.dtype(), indices.dims());
    const size_t es = dataTypeSize(data.dtype());
    const auto ds = strides(data.dims());
    const std::span<int64_t> idx = indexValues(ctx, indices);
    const auto* src = static_cast<const uint8_t*>(data.raw());
    auto* dst = static_cast<uint8_t*>(out.raw());
    DimVector pos(data.rank(), 0);
    for (int64_t i = 0; i < indices.numel(); ++i) {
        int64_t off = 0;
        for (size_t d = 0; d < data.rank(); ++d)
            off += (d == axis ? checkedIndex(ctx, idx[size_t(i)], data.dims()[axis], i, int64_t(axis)) : pos[d]) * ds[d];
        std::memcpy(dst + size_t(i) * es, src + size_t(off) * es, es);
        for (size_t d = data.rank(); d-- > 0;) {
            if (++pos[d] < indices.dims()[d]) break;
            pos[d] = 0;
        }
    }
}

// Shared geometry of GatherND/ScatterND: for each index tuple (the last dim of indices), the element
// offset of the addressed slice in data.
struct NdAddressing {
    int64_t batches = 1, tuplesPerBatch = 1, sliceSize = 1, batchStride = 1;
    std::span<int64_t> offsets;  // per tuple, including its batch's offset (scratch memory)
    DimVector resultDims;        // indices.dims[:-1] + data.dims[b + k:]
};

NdAddressing ndAddressing(KernelContext& ctx, const Tensor& data, const Tensor& indices, int64_t b) {
    const int64_t r = int64_t(data.rank()), q = int64_t(indices.rank());
    if (q < 1 || r < 1) ctx.fail(ErrorKind::InvalidArgument, "data and indices must have rank >= 1");
    if (b < 0 || b >= std::min(r, q))
        ctx.fail(ErrorKind::InvalidModel, "batch_dims ", b, " must be < the ranks of data and indices");
    const int64_t k = indices.dims().back();
    if (k < 1 || k > r - b)
        ctx.fail(ErrorKind::InvalidArgument, "the last dim of indices ", indices.describe(), " must be in [1, ", r - b,
                 "] for data ", data.describe());
    NdAddressing a;
    for (int64_t d = 0; d < b; ++d) {
        if (indices.dims()[size_t(d)] != data.dims()[size_t(d)])
            ctx.fail(ErrorKind::InvalidArgument, "batch dim ", d, " differs: data ", data.describe(), ", indices ",
                     indices.describe());
        a.batches *= data.dims()[size_t(d)];
    }
    for (int64_t d = b; d < q - 1; ++d) a.tuplesPerBatch *= indices.dims()[size_t(d)];
    for (int64_t d = b + k; d < r; ++d) a.sliceSize *= data.dims()[size_t(d)];
    for (int64_t d = b; d < r; ++d) a.batchStride *= data.dims()[size_t(d)];
    a.resultDims.assign(indices.dims().begin(), indices.dims().end() - 1);
    for (int64_t d = b + k; d < r; ++d) a.resultDims.push_back(data.dims()[size_t(d)]);
    const auto ds = strides(data.dims());
    const std::span<int64_t> idx = indexValues(ctx, indices);
    const int64_t tuples = a.batches * a.tuplesPerBatch;
    a.offsets = std::span<int64_t>(ctx.scratchArray<int64_t>(size_t(tuples)), size_t(tuples));
    for (int64_t t = 0; t < tuples; ++t) {
        int64_t off = (t / a.tuplesPerBatch) * a.batchStride;
        for (int64_t j = 0; j < k; ++j) {
            const int64_t pos = t * k + j;
            off += checkedIndex(ctx, idx[size_t(pos)], data.dims()[size_t(b + j)], pos, b + j) * ds[size_t(b + j)];
        }
        a.offsets[size_t(t)] = off;
    }
    return a;
}

void runGatherND(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const Tensor& indices = indicesInput(ctx, 1);
    NdAddressing a = ndAddressing(ctx, data, indices, ctx.node().attrInt("batch_dims", 0));
    Tensor& out = ctx.allocateOutput(0, data.dtype(), a.resultDims);
    const size_t chunk = size_t(a.sliceSize) * dataTypeSize(data.dtype());
    const auto* src = static_cast<const uint8_t*>(data.raw());
    auto* dst = static_cast<uint8_t*>(out.raw());
    const size_t es = dataTypeSize(data.dtype());
    for (size_t t = 0; t < a.offsets.size(); ++t) std::memcpy(dst + t * chunk, src + size_t(a.offsets[t]) * es, chunk);
}

// ---- Scatter with reduction --------------------------------------------------------------------

enum class Reduction { None, Add, Mul, Max, Min };

Reduction parseReduction(const KernelContext& ctx) {
    const std::string r = ctx.node().attrString("reduction", "none");
    if (r == "none") return Reduction::None;
    if (r == "add") return Reduction::Add;
    if (r == "mul") return Reduction::Mul;
    if (r == "max") return Reduction::Max;
    if (r == "min") return Reduction::Min;
    ctx.fail(ErrorKind::InvalidModel, "unknown reduction '", r, "'");
}

template <typename T>
void reduceInto(T* dst, const T* src, int64_t n, Reduction r) {
    switch (r) {
        case Reduction::None: std::copy(src, src + n, dst); return;
        case Reduction::Add: for (int64_t i = 0; i < n; ++i) dst[i] = T(dst[i] + src[i]); return;
        case Reduction::Mul: for (int64_t i = 0; i < n; ++i) dst[i] = T(dst[i] * src[i]); return;
        case Reduction::Max: for (int64_t i = 0; i < n; ++i) dst[i] = std::max(dst[i], src[i]); return;
        case Reduction::Min: for (int64_t i = 0; i < n; ++i) dst[i] = std::min(dst[i], src[i]); return;
    }
}

// Calls fn.template operator()<T>() with the C++ type of a numeric dtype; none for the rest.
template <typename Fn>
void dispatchScatterType(const KernelContext& ctx, DataType type, Fn&& fn) {
    switch (type) {
        case DataType::Float32: return fn.template operator()<float>();
        case DataType::Float64: return fn.template operator()<double>();
        case DataType::Int8: return fn.template operator()<int8_t>();
        case DataType::UInt8: return fn.template operator()<uint8_t>();
        case DataType::Int16: return fn.template operator()<int16_t>();
        case DataType::UInt16: return fn.template operator()<uint16_t>();
        case DataType::Int32: return fn.template operator()<int32_t>();
        case DataType::UInt32: return fn.template operator()<uint32_t>();
        case DataType::Int64: return fn.template operator()<int64_t>();
        case DataType::UInt64: return fn.template operator()<uint64_t>();
        case DataType::Undefined:
        case DataType::Float16:
        case DataType::BFloat16:
        case DataType::Float8E4M3:
        case DataType::Bool:
        case DataType::String: break;
    }
    ctx.fail(ErrorKind::Unsupported, "scatter with a reduction does not support type ", dataTypeName(type));
}

void runScatterND(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const Tensor& indices = indicesInput(ctx, 1);
    const Tensor& updates = ctx.input(2);
    const Reduction red = parseReduction(ctx);
    if (updates.dtype() != data.dtype())
        ctx.fail(ErrorKind::InvalidArgument, "updates ", updates.describe(), " must have the type of data ", data.describe());
    NdAddressing a = ndAddressing(ctx, data, indices, 0);
    if (!std::equal(a.resultDims.begin(), a.resultDims.end(), updates.dims().begin(), updates.dims().end()))
        ctx.fail(ErrorKind::InvalidArgument, "updates ", updates.describe(), " must have shape ", dimsToString(a.resultDims.vec()));
    Tensor& out = ctx.allocateOutput(0, data.dtype(), data.dims());
    if (out.byteSize()) std::memcpy(out.raw(), data.raw(), out.byteSize());
    const size_t es = dataTypeSize(data.dtype());
    if (red == Reduction::None) {
        auto* dst = static_cast<uint8_t*>(out.raw());
        const auto* src = static_cast<const uint8_t*>(updates.raw());
        const size_t chunk = size_t(a.sliceSize) * es;
        for (size_t t = 0; t < a.offsets.size(); ++t) std::memcpy(dst + size_t(a.offsets[t]) * es, src + t * chunk, chunk);
        return;
    }
    dispatchScatterType(ctx, data.dtype(), [&]<typename T>() {
        T* dst = out.data<T>();
        const T* src = updates.data<T>();
        for (size_t t = 0; t < a.offsets.size(); ++t)
            reduceInto(dst + a.offsets[t], src + int64_t(t) * a.sliceSize, a.sliceSize, red);
    });
}

void runScatterElements(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const Tensor& indices = indicesInput(ctx, 1);
    const Tensor& updates = ctx.input(2);
    const Reduction red = parseReduction(ctx);
    const int64_t rank = int64_t(data.rank());
    if (rank == 0 || indices.rank() != data.rank() || updates.dims() != indices.dims() || updates.dtype() != data.dtype())
        ctx.fail(ErrorKind::InvalidArgument, "data ", data.describe(), ", indices ", indices.describe(), " and updates ",
                 updates.describe(), " must share one rank >= 1; updates must match indices' shape and data's type");
    const size_t axis = size_t(normalizeAxis(ctx, ctx.node().attrInt("axis", 0), rank));
    for (size_t d = 0; d < data.rank(); ++d)
        if (d != axis && indices.dims()[d] > data.dims()[d])
            ctx.fail(ErrorKind::InvalidArgument, "indices ", indices.describe(), " exceed data ", data.describe(), " on axis ", d);
    Tensor& out = ctx.allocateOutput(0, data.dtype(), data.dims());
    if (out.byteSize()) std::memcpy(out.raw(), data.raw(), out.byteSize());
    const auto ds = strides(data.dims());
    const std::span<int64_t> idx = indexValues(ctx, indices);
    const std::span<int64_t> offsets(ctx.scratchArray<int64_t>(idx.size()), idx.size());
    DimVector pos(data.rank(), 0);
    for (int64_t i = 0; i < indices.numel(); ++i) {
        int64_t off = 0;
        for (size_t d = 0; d < data.rank(); ++d)
            off += (d == axis ? checkedIndex(ctx, idx[size_t(i)], data.dims()[axis], i, int64_t(axis)) : pos[d]) * ds[d];
        offsets[size_t(i)] = off;
        for (size_t d = data.rank(); d-- > 0;) {
            if (++pos[d] < indices.dims()[d]) break;
            pos[d] = 0;
        }
    }
    const size_t es = dataTypeSize(data.dtype());
    if (red == Reduction::None) {
        auto* dst = static_cast<uint8_t*>(out.raw());
        const auto* src = static_cast<const uint8_t*>(updates.raw());
        for (size_t i = 0; i < offsets.size(); ++i) std::memcpy(dst + size_t(offsets[i]) * es, src + i * es, es);
        return;
    }
    dispatchScatterType(ctx, data.dtype(), [&]<typename T>() {
        T* dst = out.data<T>();
        const T* src = updates.data<T>();
        for (size_t i = 0; i < offsets.size(); ++i) reduceInto(dst + offsets[i], src + i, 1, red);
    });
}

}  // namespace

void registerGatherScatterKernels(KernelRegistry& registry) {
    registry.add("Gather", {runGather, {}});
    registry.add("GatherElements", {runGatherElements, {}});
    registry.add("GatherND", {runGatherND, {}});
    registry.add("ScatterND", {runScatterND, {}});
    registry.add("ScatterElements", {runScatterElements, {}});
}

}  // namespace kiln::cpu
