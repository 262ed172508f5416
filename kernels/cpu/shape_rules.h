// Host-side shape rules of the data-movement ops: output dims and normalized Slice, Split, Concat,
// Tile and Pad parameters, with their errors. Shared by the CPU kernels and the CUDA ones
// (kernels/cuda/data_movement.cu), so both backends give one shape and one message for one node. The
// naive oracle (kernels/cpu/naive/) keeps its own copy: it is what both are checked against.
// Each backend reads shape-like inputs its own way (the CUDA kernels check they are on the host), so
// rules that read an input take the reader. Defined in shape_rules.cpp.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string_view>

#include "engine_core/common/small_vector.h"
#include "engine_core/runtime/kernel.h"

namespace kiln::cpu {

// Input `input` of the node as a 1-D list of integers, `what` naming it in errors.
using IntsInput = DimVector (*)(const KernelContext& ctx, size_t input, const char* what);
// Input `input` of the node, readable on the host.
using TensorInput = const Tensor& (*)(const KernelContext& ctx, size_t input, const char* what);

// t's values, failing unless t is an int64 or int32 tensor of rank <= 1.
DimVector intsValues(const KernelContext& ctx, const Tensor& t, const char* what);

// axis in [-rank, rank) made non-negative; fails with `kind` otherwise.
int64_t normalizeAxis(const KernelContext& ctx, int64_t axis, int64_t rank, ErrorKind kind = ErrorKind::InvalidArgument);

// The output dims of the views of input 0: Reshape (shape: input 1, allowzero), Flatten (axis),
// Squeeze (axes: input 1, optional), Unsqueeze (axes: input 1).
DimVector reshapeDims(const KernelContext& ctx, IntsInput ints);
std::array<int64_t, 2> flattenDims(const KernelContext& ctx);
DimVector squeezeDims(const KernelContext& ctx, IntsInput ints);
DimVector unsqueezeDims(const KernelContext& ctx, IntsInput ints);

// Range's start and delta (inputs 0 and 2, with limit: scalars of one type T, read through `input`)
// and its element count, with its errors (a zero delta, too many elements).
template <typename T>
struct RangeParams {
    T start{}, delta{};
    int64_t count = 0;
};
template <typename T>
RangeParams<T> rangeParams(const KernelContext& ctx, TensorInput input) {
    const Tensor* t[3];
    for (size_t i = 0; i < 3; ++i) {
        t[i] = &input(ctx, i, i == 0 ? "start" : i == 1 ? "limit" : "delta");
        if (t[i]->numel() != 1 || t[i]->dtype() != ctx.input(0).dtype())
            ctx.fail(ErrorKind::InvalidArgument, "start, limit and delta must be scalars of one type, got ",
                     t[i]->describe());
    }
    RangeParams<T> r;
    r.start = t[0]->data<T>()[0];
    r.delta = t[2]->data<T>()[0];
    const T limit = t[1]->data<T>()[0];
    if (r.delta == T(0)) ctx.fail(ErrorKind::InvalidArgument, "delta is zero");
    const double count = std::ceil((double(limit) - double(r.start)) / double(r.delta));
    if (!(count < 9.0e18)) ctx.fail(ErrorKind::ResourceLimit, "range has too many elements: ", count);
    r.count = std::max<int64_t>(0, int64_t(count));
    return r;
}

// Shape's dims [start, start + count) of input 0 (attributes start, end, clamped).
struct ShapeRange {
    int64_t start = 0, count = 0;
};
ShapeRange shapeRange(const KernelContext& ctx);

// Transpose's perm attribute, checked against input 0's rank and made non-negative (reversed dims
// when absent).
DimVector transposePerm(const KernelContext& ctx);

// Concat of every input along `axis`: the output dims, seen as [outer, dims[axis], inner].
struct ConcatShape {
    size_t axis = 0;
    DimVector dims;
    int64_t outer = 1, inner = 1;
};
ConcatShape concatShape(const KernelContext& ctx);

// Split of input 0 (seen as [outer, dim, inner]) along `axis` into one size per output (the split
// input, or num_outputs equal chunks).
struct SplitShape {
    size_t axis = 0;
    int64_t dim = 0, outer = 1, inner = 1;
    DimVector sizes;
};
SplitShape splitShape(const KernelContext& ctx, IntsInput ints);

// An output of outDims (contiguous) read from input 0 starting `offset` elements in, through element
// `strides` (0: repeat, negative: reverse) over `dims`, which hold as many elements as outDims.
struct StridedView {
    DimVector outDims, dims, strides;
    int64_t offset = 0;
};
// Slice (starts, ends, axes, steps: inputs 1-4) and Tile (repeats: input 1) as such reads.
StridedView sliceView(const KernelContext& ctx, IntsInput ints);
StridedView tileView(const KernelContext& ctx, IntsInput ints);

// Pad of input 0: mode attribute, pads (input 1) and axes (input 3, optional) checked; `begin` per
// axis (negative crops) and the output dims; constant_value (input 2) when given and not empty,
// checked against input 0's type.
enum class PadMode { Constant, Reflect, Edge, Wrap };
struct PadShape {
    PadMode mode = PadMode::Constant;
    DimVector begin, outDims;
    const Tensor* constant = nullptr;
};
PadShape padShape(const KernelContext& ctx, TensorInput input, IntsInput ints);

// Resize's attributes (mode, coordinate_transformation_mode, nearest_mode, cubic_coeff_a,
// exclude_outside, extrapolation_value, antialias), read without allocating.
enum class ResizeMode { Nearest, Linear, Cubic };
enum class CoordMode { HalfPixel, HalfPixelSymmetric, PytorchHalfPixel, AlignCorners, Asymmetric, TfCropAndResize };
enum class NearestMode { RoundPreferFloor, RoundPreferCeil, Floor, Ceil };

struct ResizeParams {
    ResizeMode mode = ResizeMode::Nearest;
    CoordMode coord = CoordMode::HalfPixel;
    NearestMode nearest = NearestMode::RoundPreferFloor;
    double cubicA = -0.75;
    bool excludeOutside = false;
    double extrapolation = 0.0;
    bool antialias = false;
};
ResizeParams parseResizeParams(const KernelContext& ctx);

// Resize of input 0: the axes attribute and roi, scales, sizes (inputs 1-3, an empty one counting as
// absent) checked; per axis the output dim, the scale, the ROI and the unrounded resized length
// (sizes[i] under the stretch policy, else scale * the input dim).
struct ResizeShape {
    DimVector outDims;
    SmallVector<double, 8> scale, roiStart, roiEnd, lenResized;
};
ResizeShape resizeShape(const KernelContext& ctx, const ResizeParams& p, TensorInput input);

}  // namespace kiln::cpu
