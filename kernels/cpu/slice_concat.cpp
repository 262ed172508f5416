// Concat, Split, Slice, Tile, Trilu (ONNX opset 21), moving bytes by element size.
#include <algorithm>
#include <cstring>

#include "engine_core/common/parallel.h"
#include "engine_core/common/small_vector.h"
#include "kernels/cpu/data_movement.h"
#include "kernels/cpu/shape_rules.h"
#include "kernels/cpu/slice_concat.h"

namespace kiln::cpu {

namespace {

DimVector intsInput(const KernelContext& ctx, size_t i, const char* what) { return intsValues(ctx, ctx.input(i), what); }

void runConcat(KernelContext& ctx) {
    const ConcatShape shape = concatShape(ctx);
    const Tensor& first = ctx.input(0);
    const size_t axis = shape.axis;
    const DimVector& dims = shape.dims;
    const int64_t outer = shape.outer, inner = shape.inner;
    Tensor& out = ctx.allocateOutput(0, first.dtype(), dims);
    if (out.numel() == 0) return;
    const size_t es = dataTypeSize(first.dtype());
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
    const SplitShape shape = splitShape(ctx, intsInput);
    const size_t axis = shape.axis, n = ctx.numOutputs();
    const int64_t dim = shape.dim, outer = shape.outer, inner = shape.inner;
    const DimVector& sizes = shape.sizes;
    const size_t es = dataTypeSize(data.dtype());
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
    const StridedView view = sliceView(ctx, intsInput);
    Tensor& out = ctx.allocateOutput(0, data.dtype(), view.outDims);
    if (out.numel() == 0) return;
    const size_t es = dataTypeSize(data.dtype());
    movement::stridedCopy(static_cast<const uint8_t*>(data.raw()) + size_t(view.offset) * es, view.dims, view.strides,
                          out.raw(), es);
}

void runTile(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const StridedView view = tileView(ctx, intsInput);
    Tensor& out = ctx.allocateOutput(0, data.dtype(), view.outDims);
    if (out.numel() == 0) return;
    movement::stridedCopy(data.raw(), view.dims, view.strides, out.raw(), dataTypeSize(data.dtype()));
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
