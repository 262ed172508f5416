// The oracle's Concat, Slice, Split, Tile and Trilu (ONNX opset 21; naive.h says what the oracle
// is). Each output element is found by index arithmetic and moved by size, so every dtype works.
#include <algorithm>
#include <cstring>

#include "kernels/cpu/naive/naive.h"
#include "kernels/cpu/naive/naive_b_util.h"

namespace kiln::naive {

namespace {

void runConcat(KernelContext& ctx) {
    if (ctx.numInputs() == 0) ctx.fail(ErrorKind::InvalidModel, "Concat needs at least one input");
    if (!ctx.node().hasAttr("axis")) ctx.fail(ErrorKind::InvalidModel, "missing attribute 'axis'");
    const Tensor& first = ctx.input(0);
    const int64_t rank = int64_t(first.rank());
    if (rank == 0) ctx.fail(ErrorKind::InvalidArgument, "cannot concatenate scalars");
    const size_t axis = size_t(normalizeAxis(ctx, ctx.node().attrInt("axis"), rank));
    std::vector<int64_t> dims = first.dims();
    dims[axis] = 0;
    for (size_t i = 0; i < ctx.numInputs(); ++i) {
        const Tensor& t = ctx.input(i);
        bool ok = t.dtype() == first.dtype() && t.rank() == first.rank();
        for (size_t d = 0; ok && d < t.rank(); ++d) ok = d == axis || t.dims()[d] == first.dims()[d];
        if (!ok)
            ctx.fail(ErrorKind::InvalidArgument, "input ", i, " ", t.describe(), " does not match input 0 ",
                     first.describe(), " outside axis ", axis);
        dims[axis] += t.dims()[axis];
    }
    Tensor& out = ctx.allocateOutput(0, first.dtype(), dims);
    const std::vector<int64_t> outStrides = rowMajorStrides(dims);
    // Input i's element at position p lands at p shifted along the axis by the sizes of inputs 0..i-1.
    int64_t shift = 0;
    for (size_t i = 0; i < ctx.numInputs(); ++i) {
        const Tensor& t = ctx.input(i);
        for (int64_t e = 0; e < t.numel(); ++e) {
            std::vector<int64_t> pos = unravel(e, t.dims());
            pos[axis] += shift;
            copyElement(out, flatOffset(pos, outStrides), t, e);
        }
        shift += t.dims()[axis];
    }
}

// Per the spec: negative starts/ends count from the end; then for a positive step start and end are
// clamped into [0, dim], for a negative step start into [0, dim - 1] and end into [-1, dim - 1]. The
// slice takes start, start + step, ... while short of end.
void runSlice(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const int64_t rank = int64_t(data.rank());
    const std::vector<int64_t> starts = intsInput(ctx, 1, "starts"), ends = intsInput(ctx, 2, "ends");
    std::vector<int64_t> axes, steps;
    if (ctx.hasInput(3)) {
        axes = intsInput(ctx, 3, "axes");
    } else {
        for (size_t i = 0; i < starts.size(); ++i) axes.push_back(int64_t(i));
    }
    steps = ctx.hasInput(4) ? intsInput(ctx, 4, "steps") : std::vector<int64_t>(starts.size(), 1);
    if (ends.size() != starts.size() || axes.size() != starts.size() || steps.size() != starts.size())
        ctx.fail(ErrorKind::InvalidArgument, "starts, ends, axes and steps must have one length, got ", starts.size(),
                 ", ", ends.size(), ", ", axes.size(), ", ", steps.size());
    std::vector<int64_t> first(size_t(rank), 0), step(size_t(rank), 1), dims = data.dims();
    std::vector<bool> seen(size_t(rank), false);
    for (size_t i = 0; i < starts.size(); ++i) {
        const size_t a = size_t(normalizeAxis(ctx, axes[i], rank));
        if (seen[a]) ctx.fail(ErrorKind::InvalidArgument, "axes repeat axis ", axes[i]);
        seen[a] = true;
        if (steps[i] == 0) ctx.fail(ErrorKind::InvalidArgument, "steps must not be 0");
        const int64_t d = data.dims()[a], st = steps[i];
        int64_t s = starts[i] < 0 ? starts[i] + d : starts[i];
        int64_t e = ends[i] < 0 ? ends[i] + d : ends[i];
        int64_t count = 0;
        if (st > 0) {
            s = std::clamp<int64_t>(s, 0, d);
            e = std::clamp<int64_t>(e, 0, d);
            for (int64_t x = s; x < e; x += st) ++count;
        } else {
            s = std::clamp<int64_t>(s, 0, d - 1);
            e = std::clamp<int64_t>(e, -1, d - 1);
            for (int64_t x = s; x > e; x += st) ++count;
        }
        first[a] = s;
        step[a] = st;
        dims[a] = count;
    }
    const std::vector<int64_t> inStrides = rowMajorStrides(data.dims());
    Tensor& out = ctx.allocateOutput(0, data.dtype(), dims);
    for (int64_t o = 0; o < out.numel(); ++o) {
        const std::vector<int64_t> pos = unravel(o, dims);
        int64_t src = 0;
        for (size_t d = 0; d < size_t(rank); ++d) src += (first[d] + pos[d] * step[d]) * inStrides[d];
        copyElement(out, o, data, src);
    }
}

// Sizes from the split input (summing to the axis size), else num_outputs chunks of ceil(dim / n),
// the last taking what is left.
void runSplit(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const int64_t rank = int64_t(data.rank());
    if (rank == 0) ctx.fail(ErrorKind::InvalidArgument, "cannot split a scalar");
    const size_t axis = size_t(normalizeAxis(ctx, ctx.node().attrInt("axis", 0), rank));
    const int64_t dim = data.dims()[axis];
    const size_t n = ctx.numOutputs();
    std::vector<int64_t> sizes;
    if (ctx.hasInput(1)) {
        sizes = intsInput(ctx, 1, "split");
        int64_t total = 0;
        for (int64_t s : sizes) {
            if (s < 0) ctx.fail(ErrorKind::InvalidArgument, "split has a negative size ", s);
            total += s;
        }
        if (sizes.size() != n || total != dim)
            ctx.fail(ErrorKind::InvalidArgument, "split ", dimsToString(sizes), " must have ", n, " sizes summing to ", dim);
    } else {
        const int64_t parts = ctx.node().attrInt("num_outputs", int64_t(n));
        if (parts != int64_t(n) || parts < 1)
            ctx.fail(ErrorKind::InvalidModel, "num_outputs ", parts, " does not match the node's ", n, " outputs");
        const int64_t chunk = (dim + parts - 1) / parts;
        int64_t left = dim;
        for (int64_t i = 0; i < parts; ++i) {
            sizes.push_back(std::min(chunk, left));
            left -= sizes.back();
        }
        if (sizes.back() <= 0 && dim > 0)
            ctx.fail(ErrorKind::InvalidArgument, "cannot split dim of size ", dim, " into ", parts, " non-empty parts");
    }
    const std::vector<int64_t> inStrides = rowMajorStrides(data.dims());
    int64_t offset = 0;
    for (size_t i = 0; i < n; ++i) {
        if (ctx.outputWanted(i)) {
            std::vector<int64_t> dims = data.dims();
            dims[axis] = sizes[i];
            Tensor& out = ctx.allocateOutput(i, data.dtype(), dims);
            for (int64_t o = 0; o < out.numel(); ++o) {
                std::vector<int64_t> pos = unravel(o, dims);
                pos[axis] += offset;
                copyElement(out, o, data, flatOffset(pos, inStrides));
            }
        }
        offset += sizes[i];
    }
}

// out[i] = data[i mod dims], out dims = dims * repeats.
void runTile(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const std::vector<int64_t> repeats = intsInput(ctx, 1, "repeats");
    if (repeats.size() != data.rank())
        ctx.fail(ErrorKind::InvalidArgument, "repeats ", dimsToString(repeats), " must have one value per dim of ",
                 data.describe());
    std::vector<int64_t> dims;
    for (size_t i = 0; i < data.rank(); ++i) {
        if (repeats[i] < 0) ctx.fail(ErrorKind::InvalidArgument, "repeats has a negative value ", repeats[i]);
        dims.push_back(data.dims()[i] * repeats[i]);
    }
    const std::vector<int64_t> inStrides = rowMajorStrides(data.dims());
    Tensor& out = ctx.allocateOutput(0, data.dtype(), dims);
    for (int64_t o = 0; o < out.numel(); ++o) {
        const std::vector<int64_t> pos = unravel(o, dims);
        int64_t src = 0;
        for (size_t d = 0; d < pos.size(); ++d) src += (pos[d] % data.dims()[d]) * inStrides[d];
        copyElement(out, o, data, src);
    }
}

// Keeps element (i, j) of each matrix (the last two dims) where j - i >= k (upper) or j - i <= k
// (lower); the rest is zero.
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
    const int64_t rows = data.dims()[data.rank() - 2], cols = data.dims()[data.rank() - 1];
    const size_t es = dataTypeSize(data.dtype());
    Tensor& out = ctx.allocateOutput(0, data.dtype(), data.dims());
    for (int64_t e = 0; e < out.numel(); ++e) {
        const int64_t i = (e / cols) % rows, j = e % cols;
        const bool keep = upper ? j - i >= k : j - i <= k;
        if (keep)
            copyElement(out, e, data, e);
        else
            std::memset(static_cast<uint8_t*>(out.raw()) + size_t(e) * es, 0, es);
    }
}

}  // namespace

void registerNaiveSliceConcatKernels(KernelRegistry& registry) {
    addNaive(registry, "Concat", runConcat, {});
    addNaive(registry, "Slice", runSlice, {});
    addNaive(registry, "Split", runSplit, {});
    addNaive(registry, "Tile", runTile, {});
    addNaive(registry, "Trilu", runTrilu, {});
}

}  // namespace kiln::naive
