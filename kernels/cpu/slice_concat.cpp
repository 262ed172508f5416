// Concat, Split, Slice, Tile, Trilu (ONNX opset 21), moving bytes by element size.
#include <algorithm>
#include <cstring>

#include "engine_core/common/parallel.h"
#include "engine_core/common/small_vector.h"
#include "kernels/cpu/data_movement.h"
#include "kernels/cpu/slice_concat.h"

namespace kiln::cpu {

namespace {

DimVector intsInput(const KernelContext& ctx, size_t i, const char* what) {
    const Tensor& t = ctx.input(i);
    if (t.dtype() != DataType::Int64 && t.dtype() != DataType::Int32)
        ctx.fail(ErrorKind::InvalidArgument, "input '", what, "' must be int64 or int32, got ", t.describe());
    if (t.rank() > 1) ctx.fail(ErrorKind::InvalidArgument, "input '", what, "' must be 1-D, got ", t.describe());
    DimVector out(size_t(t.numel()));
    for (int64_t k = 0; k < t.numel(); ++k)
        out[size_t(k)] = t.dtype() == DataType::Int64 ? t.data<int64_t>()[k] : int64_t(t.data<int32_t>()[k]);
    return out;
}

std::string dimsText(std::span<const int64_t> d) { return dimsToString(std::vector<int64_t>(d.begin(), d.end())); }

int64_t normalizeAxis(const KernelContext& ctx, int64_t axis, int64_t rank) {
    if (axis < -rank || axis >= rank) ctx.fail(ErrorKind::InvalidArgument, "axis ", axis, " is out of range for rank ", rank);
    return axis < 0 ? axis + rank : axis;
}

void runConcat(KernelContext& ctx) {
    if (ctx.numInputs() == 0) ctx.fail(ErrorKind::InvalidModel, "Concat needs at least one input");
    const Tensor& first = ctx.input(0);
    const int64_t rank = int64_t(first.rank());
    if (!ctx.node().hasAttr("axis")) ctx.fail(ErrorKind::InvalidModel, "missing attribute 'axis'");
    if (rank == 0) ctx.fail(ErrorKind::InvalidArgument, "cannot concatenate scalars");
    const size_t axis = size_t(normalizeAxis(ctx, ctx.node().attrInt("axis"), rank));
    DimVector dims = first.dims();
    dims[axis] = 0;
    for (size_t i = 0; i < ctx.numInputs(); ++i) {
        const Tensor& t = ctx.input(i);
        bool ok = t.dtype() == first.dtype() && t.rank() == first.rank();
        for (size_t d = 0; ok && d < t.rank(); ++d) ok = d == axis || t.dims()[d] == first.dims()[d];
        if (!ok)
            ctx.fail(ErrorKind::InvalidArgument, "input ", i, " ", t.describe(), " does not match input 0 ", first.describe(),
                     " outside axis ", axis);
        dims[axis] += t.dims()[axis];
    }
    Tensor& out = ctx.allocateOutput(0, first.dtype(), dims);
    if (out.numel() == 0) return;
    const size_t es = dataTypeSize(first.dtype());
    int64_t outer = 1, inner = 1;
    for (size_t d = 0; d < axis; ++d) outer *= dims[d];
    for (size_t d = axis + 1; d < dims.size(); ++d) inner *= dims[d];
    const size_t outRow = size_t(dims[axis] * inner) * es;
    auto* dst = static_cast<uint8_t*>(out.raw());
    size_t offset = 0;
    for (size_t i = 0; i < ctx.numInputs(); ++i) {
        const Tensor& t = ctx.input(i);
        const size_t chunk = size_t(t.dims()[axis] * inner) * es;
        const auto* src = static_cast<const uint8_t*>(t.raw());
        if (chunk > 0 && outer == 1) {
            // One slab per input (batch 1 along the channels, the CNN case): split the copy itself, so
            // each thread copies the part its cache is likely to hold and neither idles.
            constexpr size_t kPiece = 32 << 10;
            const int64_t pieces = int64_t((chunk + kPiece - 1) / kPiece);
            parallelFor(pieces, 2, [&](int64_t begin, int64_t end) {
                const size_t b = size_t(begin) * kPiece, e = std::min(chunk, size_t(end) * kPiece);
                std::memcpy(dst + offset + b, src + b, e - b);
            });
        } else if (chunk > 0) {
            parallelFor(outer, std::max<int64_t>(1, int64_t(65536 / chunk)), [&](int64_t begin, int64_t end) {
                for (int64_t o = begin; o < end; ++o) std::memcpy(dst + size_t(o) * outRow + offset, src + size_t(o) * chunk, chunk);
            });
        }
        offset += chunk;
    }
}

void runSplit(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const int64_t rank = int64_t(data.rank());
    if (rank == 0) ctx.fail(ErrorKind::InvalidArgument, "cannot split a scalar");
    const size_t axis = size_t(normalizeAxis(ctx, ctx.node().attrInt("axis", 0), rank));
    const int64_t dim = data.dims()[axis];
    const size_t n = ctx.numOutputs();
    DimVector sizes;
    if (ctx.hasInput(1)) {
        sizes = intsInput(ctx, 1, "split");
        int64_t total = 0;
        for (int64_t s : sizes) {
            if (s < 0) ctx.fail(ErrorKind::InvalidArgument, "split has a negative size ", s);
            total += s;
        }
        if (sizes.size() != n || total != dim)
            ctx.fail(ErrorKind::InvalidArgument, "split ", dimsText(sizes), " must have ", n, " sizes summing to ", dim,
                     " (axis ", axis, " of ", data.describe(), ")");
    } else {
        int64_t parts = ctx.node().attrInt("num_outputs", int64_t(n));
        if (parts != int64_t(n) || parts < 1)
            ctx.fail(ErrorKind::InvalidModel, "num_outputs ", parts, " does not match the node's ", n, " outputs");
        // Equal chunks of ceil(dim / n); the last one takes what is left.
        const int64_t chunk = (dim + parts - 1) / parts;
        for (int64_t i = 0, left = dim; i < parts; ++i) {
            sizes.push_back(std::min(chunk, left));
            left -= sizes.back();
        }
        if (sizes.back() <= 0 && dim > 0)
            ctx.fail(ErrorKind::InvalidArgument, "cannot split dim of size ", dim, " into ", parts, " non-empty parts");
    }
    const size_t es = dataTypeSize(data.dtype());
    int64_t outer = 1, inner = 1;
    for (size_t d = 0; d < axis; ++d) outer *= data.dims()[d];
    for (size_t d = axis + 1; d < data.rank(); ++d) inner *= data.dims()[d];
    const size_t inRow = size_t(dim * inner) * es;
    const auto* src = static_cast<const uint8_t*>(data.raw());
    size_t offset = 0;
    for (size_t i = 0; i < n; ++i) {
        DimVector dims = data.dims();
        dims[axis] = sizes[i];
        const size_t chunk = size_t(sizes[i] * inner) * es;
        if (!ctx.outputWanted(i)) {
            offset += chunk;
            continue;
        }
        auto* dst = static_cast<uint8_t*>(ctx.allocateOutput(i, data.dtype(), dims).raw());
        if (chunk > 0)
            for (int64_t o = 0; o < outer; ++o) std::memcpy(dst + size_t(o) * chunk, src + size_t(o) * inRow + offset, chunk);
        offset += chunk;
    }
}

void runSlice(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const int64_t rank = int64_t(data.rank());
    DimVector starts = intsInput(ctx, 1, "starts"), ends = intsInput(ctx, 2, "ends");
    DimVector axes, steps;
    if (ctx.hasInput(3)) {
        axes = intsInput(ctx, 3, "axes");
    } else {
        for (size_t i = 0; i < starts.size(); ++i) axes.push_back(int64_t(i));
    }
    if (ctx.hasInput(4))
        steps = intsInput(ctx, 4, "steps");
    else
        steps.assign(starts.size(), 1);
    if (ends.size() != starts.size() || axes.size() != starts.size() || steps.size() != starts.size())
        ctx.fail(ErrorKind::InvalidArgument, "starts, ends, axes and steps must have one length, got ", starts.size(), ", ",
                 ends.size(), ", ", axes.size(), ", ", steps.size());
    DimVector start(size_t(rank), 0), step(size_t(rank), 1), dims = data.dims();
    SmallVector<bool, 8> seen(size_t(rank), false);
    for (size_t i = 0; i < starts.size(); ++i) {
        const size_t a = size_t(normalizeAxis(ctx, axes[i], rank));
        if (seen[a]) ctx.fail(ErrorKind::InvalidArgument, "axes repeat axis ", axes[i]);
        seen[a] = true;
        const int64_t d = data.dims()[a], st = steps[i];
        if (st == 0) ctx.fail(ErrorKind::InvalidArgument, "steps must not be 0");
        int64_t s = starts[i], e = ends[i];
        if (s < 0) s += d;
        if (e < 0) e += d;
        int64_t count;
        if (st > 0) {
            s = std::clamp<int64_t>(s, 0, d);
            e = std::clamp<int64_t>(e, 0, d);
            count = e > s ? (e - s + st - 1) / st : 0;
        } else {
            // As NumPy (and so the ONNX reference) does: a start before the first element selects
            // nothing rather than clamping onto element 0.
            s = std::clamp<int64_t>(s, -1, d - 1);
            e = std::clamp<int64_t>(e, -1, d - 1);
            count = s > e ? (s - e + (-st) - 1) / (-st) : 0;
        }
        start[a] = s;
        step[a] = st;
        dims[a] = count;
    }
    Tensor& out = ctx.allocateOutput(0, data.dtype(), dims);
    if (out.numel() == 0) return;
    DimVector inStride(size_t(rank), 1), srcStride(size_t(rank), 0);
    for (size_t i = size_t(rank); i-- > 1;) inStride[i - 1] = inStride[i] * data.dims()[i];
    int64_t base = 0;
    for (size_t i = 0; i < size_t(rank); ++i) {
        base += start[i] * inStride[i];
        srcStride[i] = step[i] * inStride[i];
    }
    const size_t es = dataTypeSize(data.dtype());
    movement::stridedCopy(static_cast<const uint8_t*>(data.raw()) + size_t(base) * es, dims, srcStride, out.raw(), es);
}

void runTile(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    DimVector repeats = intsInput(ctx, 1, "repeats");
    if (repeats.size() != data.rank())
        ctx.fail(ErrorKind::InvalidArgument, "repeats ", dimsText(repeats), " must have one value per dim of ",
                 data.describe());
    DimVector outDims, viewDims, viewStrides;
    DimVector inStride(data.rank(), 1);
    for (size_t i = data.rank(); i-- > 1;) inStride[i - 1] = inStride[i] * data.dims()[i];
    for (size_t i = 0; i < data.rank(); ++i) {
        if (repeats[i] < 0) ctx.fail(ErrorKind::InvalidArgument, "repeats has a negative value ", repeats[i]);
        outDims.push_back(data.dims()[i] * repeats[i]);
        // Output viewed as [r0, d0, r1, d1, ...]: the repeat dims read with stride 0.
        viewDims.push_back(repeats[i]);
        viewStrides.push_back(0);
        viewDims.push_back(data.dims()[i]);
        viewStrides.push_back(inStride[i]);
    }
    Tensor& out = ctx.allocateOutput(0, data.dtype(), outDims);
    if (out.numel() == 0) return;
    movement::stridedCopy(data.raw(), viewDims, viewStrides, out.raw(), dataTypeSize(data.dtype()));
}

void runTrilu(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    if (data.rank() < 2) ctx.fail(ErrorKind::InvalidArgument, "input must have rank >= 2, got ", data.describe());
    int64_t k = 0;
    if (ctx.hasInput(1)) {
        const Tensor& kt = ctx.input(1);
        if (kt.numel() != 1) ctx.fail(ErrorKind::InvalidArgument, "k must be a scalar, got ", kt.describe());
        k = kt.scalarAsInt64(0);
    }
    const bool upper = ctx.node().attrInt("upper", 1) != 0;
    Tensor& out = ctx.allocateZeroedOutput(0, data.dtype(), data.dims());
    if (out.numel() == 0) return;
    const int64_t rows = data.dims()[data.rank() - 2], cols = data.dims()[data.rank() - 1];
    const int64_t matrices = data.numel() / (rows * cols);
    const size_t es = dataTypeSize(data.dtype());
    const auto* src = static_cast<const uint8_t*>(data.raw());
    auto* dst = static_cast<uint8_t*>(out.raw());
    // The output starts zeroed: copy only the kept band of each row.
    for (int64_t m = 0; m < matrices; ++m)
        for (int64_t i = 0; i < rows; ++i) {
            int64_t lo = upper ? std::clamp<int64_t>(i + k, 0, cols) : 0;
            int64_t hi = upper ? cols : std::clamp<int64_t>(i + k + 1, 0, cols);
            if (hi <= lo) continue;
            const size_t off = size_t((m * rows + i) * cols + lo) * es;
            std::memcpy(dst + off, src + off, size_t(hi - lo) * es);
        }
}

}  // namespace

void registerSliceConcatKernels(KernelRegistry& registry) {
    registry.add("Concat", {runConcat, {}});
    registry.add("Split", {runSplit, {}});
    registry.add("Slice", {runSlice, {}});
    registry.add("Tile", {runTile, {}});
    registry.add("Trilu", {runTrilu, {}});
}

}  // namespace kiln::cpu
