// The oracle's Pad and Resize (ONNX opset 21; naive.h says what the oracle is).
// Pad: constant, reflect, edge and wrap modes, negative pads (cropping), the optional axes input;
// every output element finds its source element (or the constant) axis by axis.
// Resize: nearest, linear and cubic; every coordinate_transformation_mode of opset 21, nearest_mode,
// cubic_coeff_a, exclude_outside, antialias, extrapolation_value, axes and keep_aspect_ratio_policy.
// Each output element is computed directly from the input as a weighted sum over the product of its
// per-axis taps (in double, rounded once), not as one pass per axis.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "kernels/cpu/naive/naive.h"
#include "kernels/cpu/naive/naive_b_util.h"

namespace kiln::naive {

namespace {

// ---- Pad ----------------------------------------------------------------------------------------

enum class PadMode { Constant, Reflect, Edge, Wrap };

// The source index along one axis of input index i (= output index - pad begin), or -1 for the
// constant. reflect mirrors about the first and last element without repeating them.
int64_t padSource(int64_t i, int64_t size, PadMode mode) {
    if (i >= 0 && i < size) return i;
    switch (mode) {
        case PadMode::Constant: return -1;
        case PadMode::Edge: return i < 0 ? 0 : size - 1;
        case PadMode::Wrap: return ((i % size) + size) % size;
        case PadMode::Reflect:
            if (size == 1) return 0;
            while (i < 0 || i >= size) i = i < 0 ? -i : 2 * (size - 1) - i;
            return i;
    }
    return -1;
}

void runPad(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const int64_t rank = int64_t(data.rank());
    const std::string modeName = ctx.node().attrString("mode", "constant");
    PadMode mode = PadMode::Constant;
    if (modeName == "reflect")
        mode = PadMode::Reflect;
    else if (modeName == "edge")
        mode = PadMode::Edge;
    else if (modeName == "wrap")
        mode = PadMode::Wrap;
    else if (modeName != "constant")
        ctx.fail(ErrorKind::InvalidModel, "unknown mode '", modeName, "'");
    const Tensor& padsT = ctx.input(1);
    if (padsT.dtype() != DataType::Int64 || padsT.rank() != 1)
        ctx.fail(ErrorKind::InvalidArgument, "pads must be a 1-D int64 tensor, got ", padsT.describe());
    const std::vector<int64_t> pads = padsT.toInt64Vector();
    std::vector<int64_t> axes;
    if (ctx.hasInput(3)) {
        for (int64_t a : intsInput(ctx, 3, "axes")) axes.push_back(normalizeAxis(ctx, a, rank));
    } else {
        for (int64_t a = 0; a < rank; ++a) axes.push_back(a);
    }
    if (pads.size() != 2 * axes.size())
        ctx.fail(ErrorKind::InvalidArgument, "pads has ", pads.size(), " values, expected ", 2 * axes.size());
    std::vector<int64_t> begin(size_t(rank), 0), outDims = data.dims();
    for (size_t i = 0; i < axes.size(); ++i) {
        const size_t a = size_t(axes[i]);
        begin[a] = pads[i];
        outDims[a] = data.dims()[a] + pads[i] + pads[i + axes.size()];
        if (outDims[a] < 0)
            ctx.fail(ErrorKind::InvalidArgument, "pads ", dimsToString(pads), " crop axis ", a, " of ", data.describe(),
                     " below zero");
        if (mode != PadMode::Constant && data.dims()[a] == 0 && outDims[a] > 0)
            ctx.fail(ErrorKind::InvalidArgument, "cannot ", modeName, "-pad the empty axis ", a);
    }
    const Tensor* constantValue = ctx.optionalInput(2);
    if (constantValue && constantValue->numel() == 0) constantValue = nullptr;
    if (constantValue && constantValue->dtype() != data.dtype())
        ctx.fail(ErrorKind::InvalidArgument, "constant_value ", constantValue->describe(), " must have the type of data ",
                 data.describe());
    const std::vector<int64_t> inStrides = rowMajorStrides(data.dims());
    const size_t es = dataTypeSize(data.dtype());
    Tensor& out = ctx.allocateOutput(0, data.dtype(), outDims);
    for (int64_t o = 0; o < out.numel(); ++o) {
        const std::vector<int64_t> pos = unravel(o, outDims);
        int64_t src = 0;
        bool isConstant = false;
        for (size_t d = 0; d < size_t(rank); ++d) {
            const int64_t s = padSource(pos[d] - begin[d], data.dims()[d], mode);
            if (s < 0) isConstant = true;
            src += s * inStrides[d];
        }
        if (!isConstant)
            copyElement(out, o, data, src);
        else if (constantValue)
            copyElement(out, o, *constantValue, 0);
        else
            std::memset(static_cast<uint8_t*>(out.raw()) + size_t(o) * es, 0, es);  // 0 in every dtype
    }
}

// ---- Resize -------------------------------------------------------------------------------------

enum class Interpolation { Nearest, Linear, Cubic };
enum class Coordinates { HalfPixel, HalfPixelSymmetric, PytorchHalfPixel, AlignCorners, Asymmetric, TfCropAndResize };
enum class Rounding { RoundPreferFloor, RoundPreferCeil, Floor, Ceil };

struct ResizeAttrs {
    Interpolation mode = Interpolation::Nearest;
    Coordinates coord = Coordinates::HalfPixel;
    Rounding nearest = Rounding::RoundPreferFloor;
    double cubicA = -0.75, extrapolation = 0;
    bool excludeOutside = false, antialias = false;
};

ResizeAttrs resizeAttrs(const KernelContext& ctx) {
    const Node& node = ctx.node();
    ResizeAttrs p;
    const std::string mode = node.attrString("mode", "nearest");
    if (mode == "linear")
        p.mode = Interpolation::Linear;
    else if (mode == "cubic")
        p.mode = Interpolation::Cubic;
    else if (mode != "nearest")
        ctx.fail(ErrorKind::InvalidModel, "unknown mode '", mode, "'");
    const std::string coord = node.attrString("coordinate_transformation_mode", "half_pixel");
    if (coord == "half_pixel_symmetric")
        p.coord = Coordinates::HalfPixelSymmetric;
    else if (coord == "pytorch_half_pixel")
        p.coord = Coordinates::PytorchHalfPixel;
    else if (coord == "align_corners")
        p.coord = Coordinates::AlignCorners;
    else if (coord == "asymmetric")
        p.coord = Coordinates::Asymmetric;
    else if (coord == "tf_crop_and_resize")
        p.coord = Coordinates::TfCropAndResize;
    else if (coord == "tf_half_pixel_for_nn")  // Resize-11 only: the importer rewrites it
        ctx.fail(ErrorKind::Unsupported, "coordinate_transformation_mode 'tf_half_pixel_for_nn' is not supported");
    else if (coord != "half_pixel")
        ctx.fail(ErrorKind::InvalidModel, "unknown coordinate_transformation_mode '", coord, "'");
    const std::string nearest = node.attrString("nearest_mode", "round_prefer_floor");
    if (nearest == "round_prefer_ceil")
        p.nearest = Rounding::RoundPreferCeil;
    else if (nearest == "floor")
        p.nearest = Rounding::Floor;
    else if (nearest == "ceil")
        p.nearest = Rounding::Ceil;
    else if (nearest != "round_prefer_floor")
        ctx.fail(ErrorKind::InvalidModel, "unknown nearest_mode '", nearest, "'");
    p.cubicA = node.attrFloat("cubic_coeff_a", -0.75f);
    p.excludeOutside = node.attrInt("exclude_outside", 0) != 0;
    p.extrapolation = node.attrFloat("extrapolation_value", 0.0f);
    p.antialias = node.attrInt("antialias", 0) != 0;
    return p;
}

// Keys' cubic convolution kernel with parameter A.
double cubicKernel(double d, double A) {
    d = std::fabs(d);
    if (d <= 1) return (A + 2) * d * d * d - (A + 3) * d * d + 1;
    if (d < 2) return A * d * d * d - 5 * A * d * d + 8 * A * d - 4 * A;
    return 0;
}

// One output index's taps along one axis: input indices (clamped into the input: edge padding) and
// weights; or `extrapolate` (tf_crop_and_resize outside the input).
struct Taps {
    std::vector<int64_t> index;
    std::vector<double> weight;
    bool extrapolate = false;
};

// The input coordinate of output index o, per coordinate_transformation_mode. lenResized: the output
// length before rounding (scale * inLen; with `sizes` the size itself).
double inputCoordinate(const ResizeAttrs& p, int64_t o, int64_t inLen, int64_t outLen, double scale, double lenResized,
                       double roiStart, double roiEnd) {
    const double x = double(o);
    switch (p.coord) {
        case Coordinates::HalfPixel: return (x + 0.5) / scale - 0.5;
        case Coordinates::HalfPixelSymmetric: {
            const double adjustment = double(outLen) / lenResized;
            const double center = double(inLen) / 2;
            return center * (1 - adjustment) + (x + 0.5) / scale - 0.5;
        }
        case Coordinates::PytorchHalfPixel: return lenResized > 1 ? (x + 0.5) / scale - 0.5 : 0.0;
        case Coordinates::AlignCorners: return lenResized == 1 ? 0.0 : x * double(inLen - 1) / (lenResized - 1);
        case Coordinates::Asymmetric: return x / scale;
        case Coordinates::TfCropAndResize:
            if (lenResized == 1) return 0.5 * (roiStart + roiEnd) * double(inLen - 1);
            return roiStart * double(inLen - 1) + x * (roiEnd - roiStart) * double(inLen - 1) / (lenResized - 1);
    }
    return x;
}

Taps tapsAt(const ResizeAttrs& p, double x, int64_t inLen, double scale) {
    Taps t;
    if (p.coord == Coordinates::TfCropAndResize && (x < 0 || x > double(inLen - 1))) {
        t.extrapolate = true;
        return t;
    }
    auto clampIndex = [&](int64_t i) { return std::clamp<int64_t>(i, 0, inLen - 1); };
    if (p.mode == Interpolation::Nearest) {
        const bool half = x - std::floor(x) == 0.5;
        double r = 0;
        switch (p.nearest) {
            case Rounding::RoundPreferFloor: r = half ? std::floor(x) : std::round(x); break;
            case Rounding::RoundPreferCeil: r = half ? std::ceil(x) : std::round(x); break;
            case Rounding::Floor: r = std::floor(x); break;
            case Rounding::Ceil: r = std::ceil(x); break;
        }
        t.index = {clampIndex(int64_t(r))};
        t.weight = {1.0};
        return t;
    }
    // The filter (triangle or cubic) over every input index in reach; antialiasing stretches it by
    // 1 / scale when downsampling and normalizes the weights to sum to 1.
    const bool linear = p.mode == Interpolation::Linear;
    const double s = p.antialias ? std::min(scale, 1.0) : 1.0;
    const double support = (linear ? 1.0 : 2.0) / s;
    const int64_t lo = int64_t(std::floor(x - support)) - 1, hi = int64_t(std::ceil(x + support)) + 1;
    double sum = 0;
    for (int64_t i = lo; i <= hi; ++i) {
        const double d = (double(i) - x) * s;
        double w = linear ? std::max(0.0, 1.0 - std::fabs(d)) : cubicKernel(d, p.cubicA);
        if (p.excludeOutside && (i < 0 || i >= inLen)) w = 0;
        if (w == 0) continue;  // a tap of weight 0 contributes nothing, not even a NaN
        t.index.push_back(clampIndex(i));
        t.weight.push_back(w);
        sum += w;
    }
    if ((p.antialias || p.excludeOutside) && sum != 0)
        for (double& w : t.weight) w /= sum;
    return t;
}

void runResize(KernelContext& ctx) {
    const Tensor& X = ctx.input(0);
    const int64_t rank = int64_t(X.rank());
    const ResizeAttrs p = resizeAttrs(ctx);
    std::vector<int64_t> axes = ctx.node().attrInts("axes");
    if (axes.empty())
        for (int64_t a = 0; a < rank; ++a) axes.push_back(a);
    std::vector<bool> resized(size_t(rank), false);
    for (int64_t& a : axes) {
        a = normalizeAxis(ctx, a, rank, ErrorKind::InvalidModel);
        if (resized[size_t(a)]) ctx.fail(ErrorKind::InvalidModel, "axes repeat axis ", a);
        resized[size_t(a)] = true;
    }
    const size_t na = axes.size();
    // Empty roi/scales/sizes tensors count as absent.
    const Tensor* roiT = ctx.optionalInput(1);
    const Tensor* scalesT = ctx.optionalInput(2);
    const Tensor* sizesT = ctx.optionalInput(3);
    if (roiT && roiT->numel() == 0) roiT = nullptr;
    if (scalesT && scalesT->numel() == 0) scalesT = nullptr;
    if (sizesT && sizesT->numel() == 0) sizesT = nullptr;
    if ((scalesT != nullptr) == (sizesT != nullptr))
        ctx.fail(ErrorKind::InvalidArgument, "exactly one of 'scales' and 'sizes' must be given");
    std::vector<double> roiStart(size_t(rank), 0.0), roiEnd(size_t(rank), 1.0);
    if (roiT && p.coord == Coordinates::TfCropAndResize) {
        if (size_t(roiT->numel()) != 2 * na)
            ctx.fail(ErrorKind::InvalidArgument, "roi has ", roiT->numel(), " values, expected ", 2 * na);
        for (size_t i = 0; i < na; ++i) {
            roiStart[size_t(axes[i])] = roiT->scalarAsDouble(int64_t(i));
            roiEnd[size_t(axes[i])] = roiT->scalarAsDouble(int64_t(i + na));
        }
    }
    std::vector<double> scale(size_t(rank), 1.0), lenResized(size_t(rank), 0.0);
    std::vector<int64_t> outDims = X.dims();
    if (scalesT) {
        if (size_t(scalesT->numel()) != na)
            ctx.fail(ErrorKind::InvalidArgument, "scales has ", scalesT->numel(), " values for ", na, " axes");
        for (size_t i = 0; i < na; ++i) {
            const size_t a = size_t(axes[i]);
            scale[a] = scalesT->scalarAsDouble(int64_t(i));
            if (!(scale[a] > 0)) ctx.fail(ErrorKind::InvalidArgument, "scale ", scale[a], " for axis ", a, " must be positive");
            lenResized[a] = scale[a] * double(X.dims()[a]);
            if (!(lenResized[a] < 4.0e18)) ctx.fail(ErrorKind::ResourceLimit, "scale ", scale[a], " makes axis ", a, " too large");
            outDims[a] = int64_t(std::floor(lenResized[a]));  // the ROI does not shrink the output
        }
    } else {
        if (sizesT->dtype() != DataType::Int64 || size_t(sizesT->numel()) != na)
            ctx.fail(ErrorKind::InvalidArgument, "sizes must be int64 with ", na, " values, got ", sizesT->describe());
        const std::vector<int64_t> sizes = sizesT->toInt64Vector();
        for (int64_t s : sizes)
            if (s < 0) ctx.fail(ErrorKind::InvalidArgument, "sizes ", dimsToString(sizes), " has a negative value");
        const std::string policy = ctx.node().attrString("keep_aspect_ratio_policy", "stretch");
        if (policy == "stretch") {
            for (size_t i = 0; i < na; ++i) {
                const size_t a = size_t(axes[i]);
                outDims[a] = sizes[i];
                scale[a] = X.dims()[a] == 0 ? 1.0 : double(sizes[i]) / double(X.dims()[a]);
                lenResized[a] = double(sizes[i]);
            }
        } else if (policy == "not_larger" || policy == "not_smaller") {
            // One scale for every listed axis: the largest that fits inside sizes (not_larger) or the
            // smallest that covers them (not_smaller); each size is then round(scale * in), half up.
            double s = 0;
            for (size_t i = 0; i < na; ++i) {
                const double r = double(sizes[i]) / double(std::max<int64_t>(1, X.dims()[size_t(axes[i])]));
                s = i == 0 ? r : (policy == "not_larger" ? std::min(s, r) : std::max(s, r));
            }
            for (size_t i = 0; i < na; ++i) {
                const size_t a = size_t(axes[i]);
                scale[a] = s;
                lenResized[a] = s * double(X.dims()[a]);
                outDims[a] = int64_t(std::floor(lenResized[a] + 0.5));
            }
        } else {
            ctx.fail(ErrorKind::InvalidModel, "unknown keep_aspect_ratio_policy '", policy, "'");
        }
    }
    for (size_t a = 0; a < size_t(rank); ++a)
        if (X.dims()[a] == 0 && outDims[a] > 0)
            ctx.fail(ErrorKind::InvalidArgument, "cannot resize the empty axis ", a, " of ", X.describe());
    const bool nearest = p.mode == Interpolation::Nearest;
    if (!nearest && !isFloatingPoint(X.dtype()))
        ctx.fail(ErrorKind::Unsupported, ctx.node().attrString("mode", "nearest"), " resize of type ",
                 dataTypeName(X.dtype()), " is not supported");
    Tensor& Y = ctx.allocateOutput(0, X.dtype(), outDims);
    if (Y.numel() == 0) return;

    // Taps per axis and output index; an axis not listed in `axes` keeps its index.
    std::vector<std::vector<Taps>> taps(static_cast<size_t>(rank));
    for (size_t a = 0; a < size_t(rank); ++a)
        for (int64_t o = 0; o < outDims[a]; ++o) {
            if (!resized[a]) {
                taps[a].push_back(Taps{{o}, {1.0}, false});
                continue;
            }
            const double x = inputCoordinate(p, o, X.dims()[a], outDims[a], scale[a], lenResized[a], roiStart[a], roiEnd[a]);
            taps[a].push_back(tapsAt(p, x, X.dims()[a], scale[a]));
        }
    const std::vector<int64_t> inStrides = rowMajorStrides(X.dims());
    const std::vector<double> x = nearest ? std::vector<double>() : toDoubles(X);
    for (int64_t o = 0; o < Y.numel(); ++o) {
        const std::vector<int64_t> pos = unravel(o, outDims);
        std::vector<const Taps*> at(static_cast<size_t>(rank));
        bool extrapolate = false;
        for (size_t a = 0; a < size_t(rank); ++a) {
            at[a] = &taps[a][size_t(pos[a])];
            extrapolate = extrapolate || at[a]->extrapolate;
        }
        if (extrapolate) {
            storeDouble(Y, o, p.extrapolation);
            continue;
        }
        if (nearest) {  // one tap per axis: a copy, exact for every dtype
            int64_t src = 0;
            for (size_t a = 0; a < size_t(rank); ++a) src += at[a]->index[0] * inStrides[a];
            copyElement(Y, o, X, src);
            continue;
        }
        // Sum over every combination of one tap per axis of the product of their weights (none
        // when exclude_outside left an axis without taps: 0).
        bool noTaps = false;
        for (size_t a = 0; a < size_t(rank); ++a) noTaps = noTaps || at[a]->index.empty();
        if (noTaps) {
            storeDouble(Y, o, 0.0);
            continue;
        }
        std::vector<size_t> choice(size_t(rank), 0);
        double acc = 0;
        for (bool more = true; more;) {
            double w = 1;
            int64_t src = 0;
            for (size_t a = 0; a < size_t(rank); ++a) {
                w *= at[a]->weight[choice[a]];
                src += at[a]->index[choice[a]] * inStrides[a];
            }
            acc += w * x[size_t(src)];
            more = false;
            for (size_t a = size_t(rank); a-- > 0;) {
                if (++choice[a] < at[a]->index.size()) {
                    more = true;
                    break;
                }
                choice[a] = 0;
            }
        }
        storeDouble(Y, o, acc);
    }
}

}  // namespace

void registerNaivePadResizeKernels(KernelRegistry& registry) {
    addNaive(registry, "Pad", runPad, {});
    addNaive(registry, "Resize", runResize, {});
}

}  // namespace kiln::naive
