// The oracle's Conv and ConvTranspose (ONNX opset 21; naive.h says what the oracle is): any number
// of spatial dims, groups, strides, dilations, explicit pads or auto_pad, ConvTranspose's
// output_padding and output_shape. Each output element is a direct sum over its taps, in double,
// rounded once to the output dtype.
#include <algorithm>
#include <string>

#include "kernels/cpu/naive/naive.h"
#include "kernels/cpu/naive/naive_b_util.h"

namespace kiln::naive {

namespace {

// An ints attribute with one value per spatial dim (default: `fallback` repeated), each >= minValue.
std::vector<int64_t> spatialInts(const KernelContext& ctx, const char* name, size_t rank, int64_t fallback,
                                 int64_t minValue) {
    std::vector<int64_t> v = ctx.node().attrInts(name, std::vector<int64_t>(rank, fallback));
    if (v.size() != rank)
        ctx.fail(ErrorKind::InvalidModel, "attribute '", name, "' has ", v.size(), " values for ", rank, " spatial dims");
    for (int64_t x : v)
        if (x < minValue) ctx.fail(ErrorKind::InvalidModel, "attribute '", name, "' has invalid value ", x);
    return v;
}

std::vector<int64_t> explicitPads(const KernelContext& ctx, size_t rank) {
    std::vector<int64_t> pads = ctx.node().attrInts("pads", std::vector<int64_t>(2 * rank, 0));
    if (pads.size() != 2 * rank)
        ctx.fail(ErrorKind::InvalidModel, "attribute 'pads' has ", pads.size(), " values, expected ", 2 * rank);
    for (int64_t p : pads)
        if (p < 0) ctx.fail(ErrorKind::InvalidModel, "attribute 'pads' has invalid value ", p);
    return pads;
}

std::string autoPadOf(const KernelContext& ctx) {
    std::string autoPad = ctx.node().attrString("auto_pad", "NOTSET");
    if (autoPad != "NOTSET" && autoPad != "VALID" && autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER")
        ctx.fail(ErrorKind::InvalidModel, "unknown auto_pad '", autoPad, "'");
    return autoPad;
}

struct ConvOperands {
    const Tensor* X;
    const Tensor* W;
    const Tensor* B;
    int64_t group;
};

// The checks Conv and ConvTranspose share: ranks, one dtype, group, kernel_shape against W.
ConvOperands convOperands(const KernelContext& ctx) {
    ConvOperands in{&ctx.input(0), &ctx.input(1), ctx.optionalInput(2), ctx.node().attrInt("group", 1)};
    const Tensor& X = *in.X;
    const Tensor& W = *in.W;
    if (X.rank() < 3) ctx.fail(ErrorKind::InvalidArgument, "X must be [N, C, spatial...], got ", X.describe());
    if (W.rank() != X.rank())
        ctx.fail(ErrorKind::InvalidArgument, "W ", W.describe(), " must have the rank of X ", X.describe());
    if (W.dtype() != X.dtype() || (in.B && in.B->dtype() != X.dtype()))
        ctx.fail(ErrorKind::InvalidArgument, "inputs must share one type: X ", X.describe(), ", W ", W.describe());
    if (in.group < 1) ctx.fail(ErrorKind::InvalidModel, "attribute 'group' must be >= 1, got ", in.group);
    const std::vector<int64_t> kernel(W.dims().begin() + 2, W.dims().end());
    if (ctx.node().attrInts("kernel_shape", kernel) != kernel)
        ctx.fail(ErrorKind::InvalidModel, "attribute kernel_shape does not match W ", W.describe());
    return in;
}

// Every multi-index of `dims`, in row-major order.
std::vector<std::vector<int64_t>> allIndices(const std::vector<int64_t>& dims) {
    std::vector<std::vector<int64_t>> out;
    const int64_t n = elementCount(dims);
    for (int64_t i = 0; i < n; ++i) out.push_back(unravel(i, dims));
    return out;
}

void runConv(KernelContext& ctx) {
    DoubleResult r = convInDouble(ctx);
    Tensor& Y = ctx.allocateOutput(0, ctx.input(0).dtype(), r.dims);
    storeDoubles(Y, r.values);
}

// y[n, g*Mg + m, p] += x[n, g*Cg + c, i] * W[g*Cg + c, m, k] wherever p = i*stride + k*dilation - padBegin
// lands inside the output: the adjoint of Conv, written as the scatter it is.
void runConvTranspose(KernelContext& ctx) {
    const ConvOperands in = convOperands(ctx);
    const Tensor& X = *in.X;
    const Tensor& W = *in.W;
    const int64_t N = X.dim(0), C = X.dim(1), G = in.group;
    if (W.dim(0) != C || C % G != 0)
        ctx.fail(ErrorKind::InvalidArgument, "W ", W.describe(), " must be [C, M / group, k...] for X ", X.describe(),
                 " and group ", G);
    const int64_t Mg = W.dim(1), M = Mg * G, Cg = C / G;
    if (in.B && (in.B->rank() != 1 || in.B->dim(0) != M))
        ctx.fail(ErrorKind::InvalidArgument, "bias ", in.B->describe(), " must be [", M, "]");
    const size_t r = X.rank() - 2;
    const std::vector<int64_t> inSpatial(X.dims().begin() + 2, X.dims().end());
    const std::vector<int64_t> kernel(W.dims().begin() + 2, W.dims().end());
    const std::vector<int64_t> strides = spatialInts(ctx, "strides", r, 1, 1);
    const std::vector<int64_t> dilations = spatialInts(ctx, "dilations", r, 1, 1);
    const std::vector<int64_t> outputPadding = spatialInts(ctx, "output_padding", r, 0, 0);
    const std::vector<int64_t> pads = explicitPads(ctx, r);
    std::vector<int64_t> outputShape = ctx.node().attrInts("output_shape");
    if (outputShape.size() == r + 2) outputShape.erase(outputShape.begin(), outputShape.begin() + 2);
    if (!outputShape.empty() && outputShape.size() != r)
        ctx.fail(ErrorKind::InvalidModel, "attribute 'output_shape' has ", outputShape.size(), " values for ", r,
                 " spatial dims");
    const std::string autoPad = autoPadOf(ctx);

    std::vector<int64_t> out(r), padBegin(r);
    for (size_t i = 0; i < r; ++i) {
        // The output size with no padding at all; padding trims it from both ends.
        const int64_t full = strides[i] * (inSpatial[i] - 1) + outputPadding[i] + (kernel[i] - 1) * dilations[i] + 1;
        if (!outputShape.empty() || autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
            // The spec's total_padding, split with the extra unit at the end for SAME_UPPER and at the
            // beginning otherwise (SAME_LOWER, and an explicit output_shape).
            out[i] = !outputShape.empty() ? outputShape[i] : inSpatial[i] * strides[i];
            const int64_t total = full - out[i];
            padBegin[i] = autoPad == "SAME_UPPER" ? floorDivide(total, 2) : total - floorDivide(total, 2);
        } else {
            const int64_t pb = autoPad == "NOTSET" ? pads[i] : 0, pe = autoPad == "NOTSET" ? pads[i + r] : 0;
            out[i] = full - pb - pe;
            padBegin[i] = pb;
        }
        if (out[i] < 1) ctx.fail(ErrorKind::InvalidArgument, "spatial dim ", i, " of the output would be ", out[i]);
    }

    std::vector<int64_t> outDims = {N, M};
    outDims.insert(outDims.end(), out.begin(), out.end());
    const int64_t outSize = elementCount(out), inSize = elementCount(inSpatial), K = elementCount(kernel);
    const std::vector<int64_t> outStrides = rowMajorStrides(out);
    const std::vector<double> x = toDoubles(X), w = toDoubles(W);
    std::vector<double> y(size_t(N * M * outSize), 0.0);
    if (in.B) {
        const std::vector<double> b = toDoubles(*in.B);
        for (int64_t nm = 0; nm < N * M; ++nm)
            for (int64_t p = 0; p < outSize; ++p) y[size_t(nm * outSize + p)] = b[size_t(nm % M)];
    }
    const auto inPositions = allIndices(inSpatial);
    const auto taps = allIndices(kernel);
    std::vector<int64_t> pos(r);
    for (int64_t n = 0; n < N; ++n)
        for (int64_t c = 0; c < C; ++c) {
            const int64_t g = c / Cg;
            for (int64_t i = 0; i < inSize; ++i) {
                const double xv = x[size_t((n * C + c) * inSize + i)];
                for (int64_t k = 0; k < K; ++k) {
                    bool inside = true;
                    for (size_t d = 0; d < r; ++d) {
                        pos[d] = inPositions[size_t(i)][d] * strides[d] + taps[size_t(k)][d] * dilations[d] - padBegin[d];
                        inside = inside && pos[d] >= 0 && pos[d] < out[d];
                    }
                    if (!inside) continue;
                    const int64_t p = flatOffset(pos, outStrides);
                    for (int64_t m = 0; m < Mg; ++m)
                        y[size_t((n * M + g * Mg + m) * outSize + p)] += xv * w[size_t((c * Mg + m) * K + k)];
                }
            }
        }
    Tensor& Y = ctx.allocateOutput(0, X.dtype(), outDims);
    storeDoubles(Y, y);
}

}  // namespace

ForwardWindow forwardWindow(const KernelContext& ctx, const std::vector<int64_t>& inSpatial,
                            const std::vector<int64_t>& kernel, bool ceilMode) {
    const size_t r = inSpatial.size();
    if (kernel.size() != r)
        ctx.fail(ErrorKind::InvalidModel, "kernel has ", kernel.size(), " spatial dims but the input has ", r);
    ForwardWindow w;
    w.in = inSpatial;
    w.kernel = kernel;
    w.stride = spatialInts(ctx, "strides", r, 1, 1);
    w.dilation = spatialInts(ctx, "dilations", r, 1, 1);
    const std::vector<int64_t> pads = explicitPads(ctx, r);
    const std::string autoPad = autoPadOf(ctx);
    w.out.resize(r);
    w.padBegin.resize(r);
    w.padEnd.resize(r);
    for (size_t i = 0; i < r; ++i) {
        if (kernel[i] < 1) ctx.fail(ErrorKind::InvalidModel, "kernel dim ", i, " is ", kernel[i]);
        const int64_t in = inSpatial[i], s = w.stride[i];
        const int64_t dilated = (kernel[i] - 1) * w.dilation[i] + 1;
        int64_t out = 0, pb = 0, pe = 0;
        if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
            // Output ceil(in / stride); the padding that takes, the odd unit at the end for SAME_UPPER.
            out = ceilDivide(in, s);
            const int64_t total = std::max<int64_t>(0, (out - 1) * s + dilated - in);
            pb = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
            pe = total - pb;
        } else {
            if (autoPad == "NOTSET") {
                pb = pads[i];
                pe = pads[i + r];
            }
            const int64_t span = in + pb + pe - dilated;
            out = (ceilMode ? ceilDivide(span, s) : floorDivide(span, s)) + 1;
            // ceil_mode may add a last window; it is dropped when it would start in the end padding.
            if (ceilMode && out > 0 && (out - 1) * s >= in + pb) --out;
        }
        if (out < 1)
            ctx.fail(ErrorKind::InvalidArgument, "spatial dim ", i, " of size ", in, " (pads ", pb, "+", pe,
                     ") is smaller than the dilated kernel ", dilated, ": the output would be empty");
        w.out[i] = out;
        w.padBegin[i] = pb;
        w.padEnd[i] = pe;
    }
    return w;
}

// y[n, m, o] = B[m] + sum over c < C/group and the kernel taps k of
//              W[m, c, k] * X[n, g*C/group + c, o*stride + k*dilation - padBegin], g = m / (M/group),
// taps that land in the padding contributing nothing.
DoubleResult convInDouble(const KernelContext& ctx) {
    const ConvOperands in = convOperands(ctx);
    const Tensor& X = *in.X;
    const Tensor& W = *in.W;
    const int64_t N = X.dim(0), C = X.dim(1), M = W.dim(0), G = in.group;
    if (C % G != 0 || M % G != 0 || W.dim(1) * G != C)
        ctx.fail(ErrorKind::InvalidArgument, "channels do not match group ", G, ": X ", X.describe(), ", W ",
                 W.describe(), " (W dim 1 must be C / group)");
    if (in.B && (in.B->rank() != 1 || in.B->dim(0) != M))
        ctx.fail(ErrorKind::InvalidArgument, "bias ", in.B->describe(), " must be [", M, "]");
    const size_t r = X.rank() - 2;
    const std::vector<int64_t> inSpatial(X.dims().begin() + 2, X.dims().end());
    const std::vector<int64_t> kernel(W.dims().begin() + 2, W.dims().end());
    const ForwardWindow win = forwardWindow(ctx, inSpatial, kernel, false);
    const int64_t Cg = C / G, Mg = M / G;
    const int64_t inSize = elementCount(inSpatial), outSize = elementCount(win.out), K = elementCount(kernel);
    const std::vector<int64_t> inStrides = rowMajorStrides(inSpatial);

    DoubleResult result;
    result.dims = {N, M};
    result.dims.insert(result.dims.end(), win.out.begin(), win.out.end());
    result.values.assign(size_t(N * M * outSize), 0.0);
    const std::vector<double> x = toDoubles(X), w = toDoubles(W);
    const std::vector<double> b = in.B ? toDoubles(*in.B) : std::vector<double>();
    const auto outPositions = allIndices(win.out);
    const auto taps = allIndices(kernel);
    std::vector<int64_t> pos(r);
    for (int64_t n = 0; n < N; ++n)
        for (int64_t m = 0; m < M; ++m) {
            const int64_t g = m / Mg;
            for (int64_t o = 0; o < outSize; ++o) {
                double acc = in.B ? b[size_t(m)] : 0.0;
                for (int64_t c = 0; c < Cg; ++c)
                    for (int64_t k = 0; k < K; ++k) {
                        bool inside = true;
                        for (size_t d = 0; d < r; ++d) {
                            pos[d] = outPositions[size_t(o)][d] * win.stride[d] + taps[size_t(k)][d] * win.dilation[d] -
                                     win.padBegin[d];
                            inside = inside && pos[d] >= 0 && pos[d] < inSpatial[d];
                        }
                        if (!inside) continue;
                        acc += w[size_t((m * Cg + c) * K + k)] *
                               x[size_t((n * C + g * Cg + c) * inSize + flatOffset(pos, inStrides))];
                    }
                result.values[size_t((n * M + m) * outSize + o)] = acc;
            }
        }
    return result;
}

void registerNaiveConvKernels(KernelRegistry& registry) {
    const std::vector<DataType> types = {DataType::Float32, DataType::Float64, DataType::Float16, DataType::BFloat16};
    addNaive(registry, "Conv", runConv, types);
    addNaive(registry, "ConvTranspose", runConvTranspose, types);
}

}  // namespace kiln::naive
