// The data-movement ops' shape rules (shape_rules.h), for the CPU and the CUDA kernels.
#include "kernels/cpu/shape_rules.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace kiln::cpu {

namespace {

std::string dimsText(std::span<const int64_t> d) { return dimsToString(std::vector<int64_t>(d.begin(), d.end())); }

// A string attribute read in place (no copy); `fallback` when absent.
std::string_view attrText(const Node& node, const std::string& key, std::string_view fallback) {
    auto it = node.attributes.find(key);
    if (it == node.attributes.end()) return fallback;
    const std::string* v = it->second.get<std::string>();
    return v ? std::string_view(*v) : fallback;
}

// Row-major element strides of dims.
DimVector contiguousStrides(std::span<const int64_t> dims) {
    DimVector strides(dims.size(), 1);
    for (size_t i = dims.size(); i-- > 1;) strides[i - 1] = strides[i] * dims[i];
    return strides;
}

}  // namespace

DimVector intsValues(const KernelContext& ctx, const Tensor& t, const char* what) {
    if (t.dtype() != DataType::Int64 && t.dtype() != DataType::Int32)
        ctx.fail(ErrorKind::InvalidArgument, "input '", what, "' must be int64 or int32, got ", t.describe());
    if (t.rank() > 1) ctx.fail(ErrorKind::InvalidArgument, "input '", what, "' must be 1-D, got ", t.describe());
    DimVector out(size_t(t.numel()));
    for (int64_t k = 0; k < t.numel(); ++k)
        out[size_t(k)] = t.dtype() == DataType::Int64 ? t.data<int64_t>()[k] : int64_t(t.data<int32_t>()[k]);
    return out;
}

int64_t normalizeAxis(const KernelContext& ctx, int64_t axis, int64_t rank, ErrorKind kind) {
    if (axis < -rank || axis >= rank) ctx.fail(kind, "axis ", axis, " is out of range for rank ", rank);
    return axis < 0 ? axis + rank : axis;
}

// ---- Views --------------------------------------------------------------------------------------

DimVector reshapeDims(const KernelContext& ctx, IntsInput ints) {
    const Tensor& data = ctx.input(0);
    DimVector shape = ints(ctx, 1, "shape");
    const bool allowZero = ctx.node().attrInt("allowzero", 0) != 0;
    int64_t inferAt = -1, known = 1;
    for (size_t i = 0; i < shape.size(); ++i) {
        if (shape[i] == -1) {
            if (inferAt >= 0) ctx.fail(ErrorKind::InvalidArgument, "shape ", dimsText(shape), " has more than one -1");
            inferAt = int64_t(i);
            continue;
        }
        if (shape[i] == 0 && !allowZero) {
            if (i >= data.rank())
                ctx.fail(ErrorKind::InvalidArgument, "shape ", dimsText(shape), " copies dim ", i, " (0) but the input ",
                         data.describe(), " has rank ", data.rank());
            shape[i] = data.dim(int(i));
        }
        if (shape[i] < 0)
            ctx.fail(ErrorKind::InvalidArgument, "shape ", dimsText(shape), " has a negative dim");
    }
    // The product of the known dims, overflow-checked: [2^63-1, 2^63-1] wrapped to 1 and passed for
    // a one-element input. A 0 dim makes the product 0, once the other dims are known to fit.
    bool hasZero = false;
    for (size_t i = 0; i < shape.size(); ++i) {
        if (int64_t(i) == inferAt) continue;
        if (shape[i] == 0) {  // skipped, so that [2^62, 2^62, 0] can't hide an overflow either
            hasZero = true;
            continue;
        }
        if (__builtin_mul_overflow(known, shape[i], &known))
            ctx.fail(ErrorKind::InvalidArgument, "cannot reshape ", data.describe(), " (", data.numel(),
                     " elements) to ", dimsText(shape), ": the dims' product overflows int64");
    }
    if (hasZero) known = 0;
    if (inferAt >= 0) {
        if (known == 0 || data.numel() % known != 0)
            ctx.fail(ErrorKind::InvalidArgument, "cannot infer the -1 dim reshaping ", data.describe(), " to ",
                     dimsText(shape));
        shape[size_t(inferAt)] = data.numel() / known;
    } else if (known != data.numel()) {
        ctx.fail(ErrorKind::InvalidArgument, "cannot reshape ", data.describe(), " (", data.numel(), " elements) to ",
                 dimsText(shape));
    }
    return shape;
}

std::array<int64_t, 2> flattenDims(const KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const int64_t rank = int64_t(data.rank());
    int64_t axis = ctx.node().attrInt("axis", 1);
    if (axis < -rank || axis > rank) ctx.fail(ErrorKind::InvalidModel, "axis ", axis, " is out of range for rank ", rank);
    if (axis < 0) axis += rank;
    int64_t outer = 1, inner = 1;
    for (int64_t i = 0; i < rank; ++i) (i < axis ? outer : inner) *= data.dims()[size_t(i)];
    return {outer, inner};
}

DimVector squeezeDims(const KernelContext& ctx, IntsInput ints) {
    const Tensor& data = ctx.input(0);
    const int64_t rank = int64_t(data.rank());
    SmallVector<bool, 8> drop(data.rank(), false);
    if (ctx.hasInput(1)) {
        for (int64_t a : ints(ctx, 1, "axes")) {
            const int64_t axis = normalizeAxis(ctx, a, rank);
            if (data.dims()[size_t(axis)] != 1)
                ctx.fail(ErrorKind::InvalidArgument, "cannot squeeze axis ", a, " of ", data.describe(), ": its size is not 1");
            drop[size_t(axis)] = true;
        }
    } else {
        for (size_t i = 0; i < data.rank(); ++i) drop[i] = data.dims()[i] == 1;
    }
    DimVector dims;
    for (size_t i = 0; i < data.rank(); ++i)
        if (!drop[i]) dims.push_back(data.dims()[i]);
    return dims;
}

DimVector unsqueezeDims(const KernelContext& ctx, IntsInput ints) {
    const Tensor& data = ctx.input(0);
    const DimVector axes = ints(ctx, 1, "axes");
    const int64_t outRank = int64_t(data.rank() + axes.size());
    SmallVector<bool, 8> inserted(size_t(outRank), false);
    for (int64_t a : axes) {
        const int64_t axis = normalizeAxis(ctx, a, outRank);
        if (inserted[size_t(axis)]) ctx.fail(ErrorKind::InvalidArgument, "axes repeat axis ", a);
        inserted[size_t(axis)] = true;
    }
    DimVector dims;
    size_t next = 0;
    for (int64_t i = 0; i < outRank; ++i) dims.push_back(inserted[size_t(i)] ? 1 : data.dims()[next++]);
    return dims;
}

// ---- Shape, Transpose ---------------------------------------------------------------------------

ShapeRange shapeRange(const KernelContext& ctx) {
    const int64_t rank = int64_t(ctx.input(0).rank());
    int64_t start = ctx.node().attrInt("start", 0);
    int64_t end = ctx.node().attrInt("end", rank);
    if (start < 0) start += rank;
    if (end < 0) end += rank;
    start = std::clamp<int64_t>(start, 0, rank);
    end = std::clamp<int64_t>(end, 0, rank);
    return {start, std::max(start, end) - start};
}

DimVector transposePerm(const KernelContext& ctx) {
    const int64_t rank = int64_t(ctx.input(0).rank());
    DimVector perm(ctx.node().attrIntsView("perm"));
    if (perm.empty())
        for (int64_t i = rank; i-- > 0;) perm.push_back(i);
    if (int64_t(perm.size()) != rank)
        ctx.fail(ErrorKind::InvalidModel, "perm ", dimsText(perm), " does not match rank ", rank);
    SmallVector<bool, 8> seen(size_t(rank), false);
    for (int64_t& p : perm) {
        if (p < -rank || p >= rank || seen[size_t(p < 0 ? p + rank : p)])
            ctx.fail(ErrorKind::InvalidModel, "perm ", dimsText(perm), " is not a permutation of ", rank, " axes");
        if (p < 0) p += rank;
        seen[size_t(p)] = true;
    }
    return perm;
}

// ---- Concat, Split ------------------------------------------------------------------------------

ConcatShape concatShape(const KernelContext& ctx) {
    if (ctx.numInputs() == 0) ctx.fail(ErrorKind::InvalidModel, "Concat needs at least one input");
    const Tensor& first = ctx.input(0);
    const int64_t rank = int64_t(first.rank());
    if (!ctx.node().hasAttr("axis")) ctx.fail(ErrorKind::InvalidModel, "missing attribute 'axis'");
    if (rank == 0) ctx.fail(ErrorKind::InvalidArgument, "cannot concatenate scalars");
    ConcatShape s;
    s.axis = size_t(normalizeAxis(ctx, ctx.node().attrInt("axis"), rank));
    s.dims = DimVector(first.dims());
    s.dims[s.axis] = 0;
    for (size_t i = 0; i < ctx.numInputs(); ++i) {
        const Tensor& t = ctx.input(i);
        bool ok = t.dtype() == first.dtype() && t.rank() == first.rank();
        for (size_t d = 0; ok && d < t.rank(); ++d) ok = d == s.axis || t.dims()[d] == first.dims()[d];
        if (!ok)
            ctx.fail(ErrorKind::InvalidArgument, "input ", i, " ", t.describe(), " does not match input 0 ", first.describe(),
                     " outside axis ", s.axis);
        s.dims[s.axis] += t.dims()[s.axis];
    }
    for (size_t d = 0; d < s.axis; ++d) s.outer *= s.dims[d];
    for (size_t d = s.axis + 1; d < s.dims.size(); ++d) s.inner *= s.dims[d];
    return s;
}

SplitShape splitShape(const KernelContext& ctx, IntsInput ints) {
    const Tensor& data = ctx.input(0);
    const int64_t rank = int64_t(data.rank());
    if (rank == 0) ctx.fail(ErrorKind::InvalidArgument, "cannot split a scalar");
    SplitShape s;
    s.axis = size_t(normalizeAxis(ctx, ctx.node().attrInt("axis", 0), rank));
    s.dim = data.dims()[s.axis];
    const size_t n = ctx.numOutputs();
    if (ctx.hasInput(1)) {
        s.sizes = ints(ctx, 1, "split");
        int64_t total = 0;
        for (int64_t size : s.sizes) {
            if (size < 0) ctx.fail(ErrorKind::InvalidArgument, "split has a negative size ", size);
            total += size;
        }
        if (s.sizes.size() != n || total != s.dim)
            ctx.fail(ErrorKind::InvalidArgument, "split ", dimsText(s.sizes), " must have ", n, " sizes summing to ", s.dim,
                     " (axis ", s.axis, " of ", data.describe(), ")");
    } else {
        const int64_t parts = ctx.node().attrInt("num_outputs", int64_t(n));
        if (parts != int64_t(n) || parts < 1)
            ctx.fail(ErrorKind::InvalidModel, "num_outputs ", parts, " does not match the node's ", n, " outputs");
        // Equal chunks of ceil(dim / n); the last one takes what is left.
        const int64_t chunk = (s.dim + parts - 1) / parts;
        for (int64_t i = 0, left = s.dim; i < parts; ++i) {
            s.sizes.push_back(std::min(chunk, left));
            left -= s.sizes.back();
        }
        if (s.sizes.back() <= 0 && s.dim > 0)
            ctx.fail(ErrorKind::InvalidArgument, "cannot split dim of size ", s.dim, " into ", parts, " non-empty parts");
    }
    for (size_t d = 0; d < s.axis; ++d) s.outer *= data.dims()[d];
    for (size_t d = s.axis + 1; d < data.rank(); ++d) s.inner *= data.dims()[d];
    return s;
}

// ---- Slice, Tile --------------------------------------------------------------------------------

StridedView sliceView(const KernelContext& ctx, IntsInput ints) {
    const Tensor& data = ctx.input(0);
    const int64_t rank = int64_t(data.rank());
    const DimVector starts = ints(ctx, 1, "starts"), ends = ints(ctx, 2, "ends");
    DimVector axes, steps;
    if (ctx.hasInput(3)) {
        axes = ints(ctx, 3, "axes");
    } else {
        for (size_t i = 0; i < starts.size(); ++i) axes.push_back(int64_t(i));
    }
    if (ctx.hasInput(4))
        steps = ints(ctx, 4, "steps");
    else
        steps.assign(starts.size(), 1);
    if (ends.size() != starts.size() || axes.size() != starts.size() || steps.size() != starts.size())
        ctx.fail(ErrorKind::InvalidArgument, "starts, ends, axes and steps must have one length, got ", starts.size(), ", ",
                 ends.size(), ", ", axes.size(), ", ", steps.size());
    DimVector start(size_t(rank), 0), step(size_t(rank), 1);
    StridedView v;
    v.outDims = DimVector(data.dims());
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
        v.outDims[a] = count;
    }
    const DimVector inStride = contiguousStrides(data.dims());
    v.dims = v.outDims;
    v.strides.assign(size_t(rank), 0);
    for (size_t i = 0; i < size_t(rank); ++i) {
        v.offset += start[i] * inStride[i];
        v.strides[i] = step[i] * inStride[i];
    }
    return v;
}

StridedView tileView(const KernelContext& ctx, IntsInput ints) {
    const Tensor& data = ctx.input(0);
    const DimVector repeats = ints(ctx, 1, "repeats");
    if (repeats.size() != data.rank())
        ctx.fail(ErrorKind::InvalidArgument, "repeats ", dimsText(repeats), " must have one value per dim of ",
                 data.describe());
    const DimVector inStride = contiguousStrides(data.dims());
    StridedView v;
    for (size_t i = 0; i < data.rank(); ++i) {
        if (repeats[i] < 0) ctx.fail(ErrorKind::InvalidArgument, "repeats has a negative value ", repeats[i]);
        v.outDims.push_back(data.dims()[i] * repeats[i]);
        // Output viewed as [r0, d0, r1, d1, ...]: the repeat dims read with stride 0.
        v.dims.push_back(repeats[i]);
        v.strides.push_back(0);
        v.dims.push_back(data.dims()[i]);
        v.strides.push_back(inStride[i]);
    }
    return v;
}

// ---- Pad ----------------------------------------------------------------------------------------

PadShape padShape(const KernelContext& ctx, TensorInput input, IntsInput ints) {
    const Tensor& data = ctx.input(0);
    const int64_t rank = int64_t(data.rank());
    const std::string modeName = ctx.node().attrString("mode", "constant");
    PadShape p;
    if (modeName == "constant")
        p.mode = PadMode::Constant;
    else if (modeName == "reflect")
        p.mode = PadMode::Reflect;
    else if (modeName == "edge")
        p.mode = PadMode::Edge;
    else if (modeName == "wrap")
        p.mode = PadMode::Wrap;
    else
        ctx.fail(ErrorKind::InvalidModel, "unknown mode '", modeName, "'");
    const Tensor& padsT = input(ctx, 1, "pads");
    if (padsT.dtype() != DataType::Int64 || padsT.rank() != 1)
        ctx.fail(ErrorKind::InvalidArgument, "pads must be a 1-D int64 tensor, got ", padsT.describe());
    const std::vector<int64_t> pads = padsT.toInt64Vector();
    DimVector axes;
    if (ctx.hasInput(3)) {
        for (int64_t a : ints(ctx, 3, "axes")) axes.push_back(normalizeAxis(ctx, a, rank));
    } else {
        for (int64_t a = 0; a < rank; ++a) axes.push_back(a);
    }
    if (pads.size() != 2 * axes.size())
        ctx.fail(ErrorKind::InvalidArgument, "pads has ", pads.size(), " values, expected ", 2 * axes.size(), " for ",
                 axes.size(), " axes");
    p.begin.assign(size_t(rank), 0);
    p.outDims = DimVector(data.dims());
    for (size_t i = 0; i < axes.size(); ++i) {
        const size_t a = size_t(axes[i]);
        p.begin[a] = pads[i];
        p.outDims[a] = data.dims()[a] + pads[i] + pads[i + axes.size()];
        if (p.outDims[a] < 0)
            ctx.fail(ErrorKind::InvalidArgument, "pads ", dimsToString(pads), " crop axis ", a, " of ", data.describe(),
                     " below zero");
        if (p.mode != PadMode::Constant && data.dims()[a] == 0 && p.outDims[a] > 0)
            ctx.fail(ErrorKind::InvalidArgument, "cannot ", modeName, "-pad the empty axis ", a);
    }
    if (ctx.hasInput(2)) {
        const Tensor& cv = input(ctx, 2, "constant_value");
        if (cv.numel() > 0) {
            if (cv.dtype() != data.dtype())
                ctx.fail(ErrorKind::InvalidArgument, "constant_value ", cv.describe(), " must have the type of data ",
                         data.describe());
            p.constant = &cv;
        }
    }
    return p;
}

// ---- Resize -------------------------------------------------------------------------------------

ResizeParams parseResizeParams(const KernelContext& ctx) {
    const Node& node = ctx.node();
    ResizeParams p;
    const std::string_view mode = attrText(node, "mode", "nearest");
    if (mode == "nearest")
        p.mode = ResizeMode::Nearest;
    else if (mode == "linear")
        p.mode = ResizeMode::Linear;
    else if (mode == "cubic")
        p.mode = ResizeMode::Cubic;
    else
        ctx.fail(ErrorKind::InvalidModel, "unknown mode '", mode, "'");
    static const std::string kCoordKey = "coordinate_transformation_mode";  // a literal key would allocate
    const std::string_view coord = attrText(node, kCoordKey, "half_pixel");
    if (coord == "half_pixel")
        p.coord = CoordMode::HalfPixel;
    else if (coord == "half_pixel_symmetric")
        p.coord = CoordMode::HalfPixelSymmetric;
    else if (coord == "pytorch_half_pixel")
        p.coord = CoordMode::PytorchHalfPixel;
    else if (coord == "align_corners")
        p.coord = CoordMode::AlignCorners;
    else if (coord == "asymmetric")
        p.coord = CoordMode::Asymmetric;
    else if (coord == "tf_crop_and_resize")
        p.coord = CoordMode::TfCropAndResize;
    else if (coord == "tf_half_pixel_for_nn")  // Resize-11 only; the importer should have rewritten it
        ctx.fail(ErrorKind::Unsupported, "coordinate_transformation_mode 'tf_half_pixel_for_nn' is not supported");
    else
        ctx.fail(ErrorKind::InvalidModel, "unknown coordinate_transformation_mode '", coord, "'");
    const std::string_view nearest = attrText(node, "nearest_mode", "round_prefer_floor");
    if (nearest == "round_prefer_floor")
        p.nearest = NearestMode::RoundPreferFloor;
    else if (nearest == "round_prefer_ceil")
        p.nearest = NearestMode::RoundPreferCeil;
    else if (nearest == "floor")
        p.nearest = NearestMode::Floor;
    else if (nearest == "ceil")
        p.nearest = NearestMode::Ceil;
    else
        ctx.fail(ErrorKind::InvalidModel, "unknown nearest_mode '", nearest, "'");
    p.cubicA = node.attrFloat("cubic_coeff_a", -0.75f);
    p.excludeOutside = node.attrInt("exclude_outside", 0) != 0;
    static const std::string kExtrapolationKey = "extrapolation_value";
    p.extrapolation = node.attrFloat(kExtrapolationKey, 0.0f);
    p.antialias = node.attrInt("antialias", 0) != 0;
    return p;
}

ResizeShape resizeShape(const KernelContext& ctx, const ResizeParams& p, TensorInput input) {
    const Tensor& X = ctx.input(0);
    const int64_t rank = int64_t(X.rank());
    DimVector axes(ctx.node().attrIntsView("axes"));
    if (axes.empty())
        for (int64_t a = 0; a < rank; ++a) axes.push_back(a);
    SmallVector<bool, 8> seen(size_t(rank), false);
    for (int64_t& a : axes) {
        if (a < -rank || a >= rank) ctx.fail(ErrorKind::InvalidModel, "axis ", a, " is out of range for rank ", rank);
        if (a < 0) a += rank;
        if (seen[size_t(a)]) ctx.fail(ErrorKind::InvalidModel, "axes repeat axis ", a);
        seen[size_t(a)] = true;
    }
    const size_t na = axes.size();
    // Empty scales/roi tensors count as absent (exporters pass them as placeholders).
    const Tensor* roiT = ctx.hasInput(1) ? &input(ctx, 1, "roi") : nullptr;
    const Tensor* scalesT = ctx.hasInput(2) ? &input(ctx, 2, "scales") : nullptr;
    const Tensor* sizesT = ctx.hasInput(3) ? &input(ctx, 3, "sizes") : nullptr;
    if (roiT && roiT->numel() == 0) roiT = nullptr;
    if (scalesT && scalesT->numel() == 0) scalesT = nullptr;
    if (sizesT && sizesT->numel() == 0) sizesT = nullptr;
    if ((scalesT != nullptr) == (sizesT != nullptr))
        ctx.fail(ErrorKind::InvalidArgument, "exactly one of 'scales' and 'sizes' must be given");
    ResizeShape out;
    out.outDims = DimVector(X.dims());
    out.scale.assign(size_t(rank), 1.0);
    out.roiStart.assign(size_t(rank), 0.0);
    out.roiEnd.assign(size_t(rank), 1.0);
    for (int64_t d : X.dims()) out.lenResized.push_back(double(d));
    if (roiT && p.coord == CoordMode::TfCropAndResize) {
        if (size_t(roiT->numel()) != 2 * na)
            ctx.fail(ErrorKind::InvalidArgument, "roi has ", roiT->numel(), " values, expected ", 2 * na);
        for (size_t i = 0; i < na; ++i) {
            out.roiStart[size_t(axes[i])] = roiT->scalarAsDouble(int64_t(i));
            out.roiEnd[size_t(axes[i])] = roiT->scalarAsDouble(int64_t(i + na));
        }
    }
    if (scalesT) {
        if (size_t(scalesT->numel()) != na)
            ctx.fail(ErrorKind::InvalidArgument, "scales has ", scalesT->numel(), " values for ", na, " axes");
        for (size_t i = 0; i < na; ++i) {
            const size_t a = size_t(axes[i]);
            const double s = scalesT->scalarAsDouble(int64_t(i));
            if (!(s > 0)) ctx.fail(ErrorKind::InvalidArgument, "scale ", s, " for axis ", a, " must be positive");
            out.scale[a] = s;
            // floor(in * scale), also for tf_crop_and_resize (the ROI does not shrink the output), as
            // the ONNX reference and ONNX Runtime compute it.
            out.lenResized[a] = s * double(X.dims()[a]);
            const double want = std::floor(out.lenResized[a]);
            if (!(want < 4.0e18)) ctx.fail(ErrorKind::ResourceLimit, "scale ", s, " makes axis ", a, " too large");
            out.outDims[a] = int64_t(want);
        }
    } else {
        if (sizesT->dtype() != DataType::Int64 || size_t(sizesT->numel()) != na)
            ctx.fail(ErrorKind::InvalidArgument, "sizes must be int64 with ", na, " values, got ", sizesT->describe());
        const std::span<const int64_t> sizes(sizesT->data<int64_t>(), size_t(sizesT->numel()));
        for (int64_t s : sizes)
            if (s < 0)
                ctx.fail(ErrorKind::InvalidArgument, "sizes ", dimsToString(std::vector<int64_t>(sizes.begin(), sizes.end())),
                         " has a negative value");
        static const std::string kPolicyKey = "keep_aspect_ratio_policy";  // a literal key would allocate
        const std::string_view policy = attrText(ctx.node(), kPolicyKey, "stretch");
        if (policy == "stretch") {
            for (size_t i = 0; i < na; ++i) {
                const size_t a = size_t(axes[i]);
                out.outDims[a] = sizes[i];
                out.scale[a] = X.dims()[a] == 0 ? 1.0 : double(sizes[i]) / double(X.dims()[a]);
                out.lenResized[a] = double(sizes[i]);
            }
        } else if (policy == "not_larger" || policy == "not_smaller") {
            double s = policy == "not_larger" ? 1e300 : 0.0;
            for (size_t i = 0; i < na; ++i) {
                const double r = double(sizes[i]) / double(std::max<int64_t>(1, X.dims()[size_t(axes[i])]));
                s = policy == "not_larger" ? std::min(s, r) : std::max(s, r);
            }
            for (size_t i = 0; i < na; ++i) {
                const size_t a = size_t(axes[i]);
                out.scale[a] = s;
                out.lenResized[a] = s * double(X.dims()[a]);
                out.outDims[a] = int64_t(std::floor(out.lenResized[a] + 0.5));  // round half up
            }
        } else {
            ctx.fail(ErrorKind::InvalidModel, "unknown keep_aspect_ratio_policy '", policy, "'");
        }
    }
    return out;
}

}  // namespace kiln::cpu
