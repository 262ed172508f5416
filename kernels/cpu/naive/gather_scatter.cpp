// The oracle's gathers and scatters (ONNX opset 21; naive.h says what the oracle is): Gather,
// GatherElements, GatherND (batch_dims), ScatterElements and ScatterND (reduction none/add/mul/max/
// min). Indices may be negative (counted from the end) and are checked before use. Gathers and
// plain scatters move elements by size, so every dtype works; scatters apply their updates in
// index order (the last of duplicate indices wins without a reduction). Reductions run in double for
// floating types (rounded once at the end) and in 64-bit integers for integer types.
#include <algorithm>
#include <cmath>
#include <string>

#include "kernels/cpu/naive/naive.h"
#include "kernels/cpu/naive/naive_b_util.h"

namespace kiln::naive {

namespace {

const Tensor& indicesInput(const KernelContext& ctx, size_t i) {
    const Tensor& t = ctx.input(i);
    if (t.dtype() != DataType::Int64 && t.dtype() != DataType::Int32)
        ctx.fail(ErrorKind::InvalidArgument, "indices must be int64 or int32, got ", t.describe());
    return t;
}

// An index value made non-negative, or a failure naming where it came from.
int64_t checkedIndex(const KernelContext& ctx, int64_t value, int64_t size, int64_t at, int64_t axis) {
    if (value < -size || value >= size)
        ctx.fail(ErrorKind::InvalidArgument, "index ", value, " (indices element ", at, ") is out of range for axis ",
                 axis, " of size ", size);
    return value < 0 ? value + size : value;
}

// out[a_0..a_{axis-1}, j..., b...] = data[a..., indices[j...], b...]
void runGather(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const Tensor& indices = indicesInput(ctx, 1);
    const int64_t rank = int64_t(data.rank());
    if (rank == 0) ctx.fail(ErrorKind::InvalidArgument, "data must have rank >= 1");
    const size_t axis = size_t(normalizeAxis(ctx, ctx.node().attrInt("axis", 0), rank, ErrorKind::InvalidModel));
    std::vector<int64_t> idx = indices.toInt64Vector();
    for (size_t i = 0; i < idx.size(); ++i) idx[i] = checkedIndex(ctx, idx[i], data.dims()[axis], int64_t(i), int64_t(axis));
    std::vector<int64_t> outDims(data.dims().begin(), data.dims().begin() + std::ptrdiff_t(axis));
    outDims.insert(outDims.end(), indices.dims().begin(), indices.dims().end());
    outDims.insert(outDims.end(), data.dims().begin() + std::ptrdiff_t(axis) + 1, data.dims().end());
    const std::vector<int64_t> dataStrides = rowMajorStrides(data.dims());
    const std::vector<int64_t> indexStrides = rowMajorStrides(indices.dims());
    Tensor& out = ctx.allocateOutput(0, data.dtype(), outDims);
    for (int64_t o = 0; o < out.numel(); ++o) {
        const std::vector<int64_t> pos = unravel(o, outDims);
        int64_t src = 0, at = 0;
        for (size_t d = 0; d < axis; ++d) src += pos[d] * dataStrides[d];
        for (size_t j = 0; j < indices.rank(); ++j) at += pos[axis + j] * indexStrides[j];
        src += idx[size_t(at)] * dataStrides[axis];
        for (size_t d = axis + 1; d < data.rank(); ++d) src += pos[d - 1 + indices.rank()] * dataStrides[d];
        copyElement(out, o, data, src);
    }
}

// Flat offsets into data of each indices element, its position with the axis coordinate replaced by
// the index value (GatherElements and ScatterElements).
std::vector<int64_t> elementOffsets(const KernelContext& ctx, const Tensor& data, const Tensor& indices, size_t axis) {
    for (size_t d = 0; d < data.rank(); ++d)
        if (d != axis && indices.dims()[d] > data.dims()[d])
            ctx.fail(ErrorKind::InvalidArgument, "indices ", indices.describe(), " exceed data ", data.describe(), " on axis ", d);
    const std::vector<int64_t> idx = indices.toInt64Vector();
    const std::vector<int64_t> strides = rowMajorStrides(data.dims());
    std::vector<int64_t> offsets(idx.size());
    for (int64_t i = 0; i < indices.numel(); ++i) {
        std::vector<int64_t> pos = unravel(i, indices.dims());
        pos[axis] = checkedIndex(ctx, idx[size_t(i)], data.dims()[axis], i, int64_t(axis));
        offsets[size_t(i)] = flatOffset(pos, strides);
    }
    return offsets;
}

void runGatherElements(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const Tensor& indices = indicesInput(ctx, 1);
    const int64_t rank = int64_t(data.rank());
    if (rank == 0 || indices.rank() != data.rank())
        ctx.fail(ErrorKind::InvalidArgument, "data ", data.describe(), " and indices ", indices.describe(),
                 " must have one rank >= 1");
    const size_t axis = size_t(normalizeAxis(ctx, ctx.node().attrInt("axis", 0), rank, ErrorKind::InvalidModel));
    const std::vector<int64_t> offsets = elementOffsets(ctx, data, indices, axis);
    Tensor& out = ctx.allocateOutput(0, data.dtype(), indices.dims());
    for (int64_t i = 0; i < out.numel(); ++i) copyElement(out, i, data, offsets[size_t(i)]);
}

// GatherND/ScatterND addressing with b batch dims: indices [B..., T..., k] picks, for each tuple, the
// slice data[B..., tuple..., :] (rank r - b - k). Returns each tuple's slice start (a flat offset into
// data), the slice size and the result dims indices.dims[:-1] + data.dims[b + k:].
struct NdSlices {
    std::vector<int64_t> starts;
    int64_t sliceSize = 1;
    std::vector<int64_t> resultDims;
};

NdSlices ndSlices(const KernelContext& ctx, const Tensor& data, const Tensor& indices, int64_t b) {
    const int64_t r = int64_t(data.rank()), q = int64_t(indices.rank());
    if (q < 1 || r < 1) ctx.fail(ErrorKind::InvalidArgument, "data and indices must have rank >= 1");
    if (b < 0 || b >= std::min(r, q))
        ctx.fail(ErrorKind::InvalidModel, "batch_dims ", b, " must be < the ranks of data and indices");
    const int64_t k = indices.dims().back();
    if (k < 1 || k > r - b)
        ctx.fail(ErrorKind::InvalidArgument, "the last dim of indices ", indices.describe(), " must be in [1, ", r - b,
                 "] for data ", data.describe());
    for (int64_t d = 0; d < b; ++d)
        if (indices.dims()[size_t(d)] != data.dims()[size_t(d)])
            ctx.fail(ErrorKind::InvalidArgument, "batch dim ", d, " differs: data ", data.describe(), ", indices ",
                     indices.describe());
    NdSlices s;
    for (int64_t d = b + k; d < r; ++d) s.sliceSize *= data.dims()[size_t(d)];
    s.resultDims.assign(indices.dims().begin(), indices.dims().end() - 1);
    s.resultDims.insert(s.resultDims.end(), data.dims().begin() + b + k, data.dims().end());
    const std::vector<int64_t> tupleDims(indices.dims().begin(), indices.dims().end() - 1);
    const std::vector<int64_t> strides = rowMajorStrides(data.dims());
    const std::vector<int64_t> idx = indices.toInt64Vector();
    for (int64_t t = 0; t < elementCount(tupleDims); ++t) {
        const std::vector<int64_t> pos = unravel(t, tupleDims);
        int64_t start = 0;
        for (int64_t d = 0; d < b; ++d) start += pos[size_t(d)] * strides[size_t(d)];
        for (int64_t j = 0; j < k; ++j) {
            const int64_t at = t * k + j;
            start += checkedIndex(ctx, idx[size_t(at)], data.dims()[size_t(b + j)], at, b + j) * strides[size_t(b + j)];
        }
        s.starts.push_back(start);
    }
    return s;
}

void runGatherND(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const Tensor& indices = indicesInput(ctx, 1);
    const NdSlices s = ndSlices(ctx, data, indices, ctx.node().attrInt("batch_dims", 0));
    Tensor& out = ctx.allocateOutput(0, data.dtype(), s.resultDims);
    for (size_t t = 0; t < s.starts.size(); ++t)
        for (int64_t e = 0; e < s.sliceSize; ++e) copyElement(out, int64_t(t) * s.sliceSize + e, data, s.starts[t] + e);
}

// ---- Scatters ------------------------------------------------------------------------------------

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

// out = data, then out[targets[i]] = reduce(out[targets[i]], updates[i]) for i in order.
void scatter(KernelContext& ctx, const Tensor& data, const Tensor& updates, const std::vector<int64_t>& targets,
             Reduction red) {
    Tensor& out = ctx.allocateOutput(0, data.dtype(), data.dims());
    for (int64_t i = 0; i < out.numel(); ++i) copyElement(out, i, data, i);
    if (red == Reduction::None) {
        for (size_t i = 0; i < targets.size(); ++i) copyElement(out, targets[i], updates, int64_t(i));
        return;
    }
    const DataType type = data.dtype();
    if (isWrappingInteger(type)) {
        const bool isSignedType = isSigned(type);
        std::vector<uint64_t> y = toWrapped(data);
        for (size_t i = 0; i < targets.size(); ++i) {
            uint64_t& a = y[size_t(targets[i])];
            const uint64_t u = wrappedAt(updates, int64_t(i));
            const bool less = isSignedType ? int64_t(u) < int64_t(a) : u < a;
            switch (red) {
                case Reduction::None: break;
                case Reduction::Add: a += u; break;
                case Reduction::Mul: a *= u; break;
                case Reduction::Max: if (!less && u != a) a = u; break;
                case Reduction::Min: if (less) a = u; break;
            }
        }
        for (int64_t i = 0; i < out.numel(); ++i) storeWrapped(out, i, y[size_t(i)]);
        return;
    }
    if (!isFloatingPoint(type) || type == DataType::Float8E4M3)
        ctx.fail(ErrorKind::Unsupported, "scatter with a reduction does not support type ", dataTypeName(type));
    std::vector<double> y = toDoubles(data);
    for (size_t i = 0; i < targets.size(); ++i) {
        double& a = y[size_t(targets[i])];
        const double u = updates.scalarAsDouble(int64_t(i));
        switch (red) {
            case Reduction::None: break;
            case Reduction::Add: a += u; break;
            case Reduction::Mul: a *= u; break;
            case Reduction::Max: a = std::isnan(a) || std::isnan(u) ? std::nan("") : std::max(a, u); break;
            case Reduction::Min: a = std::isnan(a) || std::isnan(u) ? std::nan("") : std::min(a, u); break;
        }
    }
    storeDoubles(out, y);
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
    const size_t axis = size_t(normalizeAxis(ctx, ctx.node().attrInt("axis", 0), rank, ErrorKind::InvalidModel));
    scatter(ctx, data, updates, elementOffsets(ctx, data, indices, axis), red);
}

void runScatterND(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const Tensor& indices = indicesInput(ctx, 1);
    const Tensor& updates = ctx.input(2);
    const Reduction red = parseReduction(ctx);
    if (updates.dtype() != data.dtype())
        ctx.fail(ErrorKind::InvalidArgument, "updates ", updates.describe(), " must have the type of data ", data.describe());
    const NdSlices s = ndSlices(ctx, data, indices, 0);
    if (updates.dims() != s.resultDims)
        ctx.fail(ErrorKind::InvalidArgument, "updates ", updates.describe(), " must have shape ", dimsToString(s.resultDims));
    // Update element t * sliceSize + e goes to data element starts[t] + e.
    std::vector<int64_t> targets;
    for (int64_t start : s.starts)
        for (int64_t e = 0; e < s.sliceSize; ++e) targets.push_back(start + e);
    scatter(ctx, data, updates, targets, red);
}

}  // namespace

void registerNaiveGatherScatterKernels(KernelRegistry& registry) {
    addNaive(registry, "Gather", runGather, {});
    addNaive(registry, "GatherElements", runGatherElements, {});
    addNaive(registry, "GatherND", runGatherND, {});
    addNaive(registry, "ScatterElements", runScatterElements, {});
    addNaive(registry, "ScatterND", runScatterND, {});
}

}  // namespace kiln::naive
