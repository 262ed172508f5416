// The oracle's pooling (ONNX opset 21; naive.h says what the oracle is): MaxPool (with the Indices
// output and storage_order), AveragePool (count_include_pad), GlobalAveragePool, GlobalMaxPool, any
// number of spatial dims. The window geometry (pads, auto_pad, dilations, ceil_mode) is
// forwardWindow() in conv.cpp. Every window is visited tap by tap; padding taps are skipped (they
// act as -inf for the max and are counted or not for the average). Sums are in double; a NaN in a
// window makes its max NaN, as NumPy's max does.
#include <cmath>
#include <limits>

#include "kernels/cpu/naive/naive.h"
#include "kernels/cpu/naive/naive_b_util.h"

namespace kiln::naive {

namespace {

struct Pooling {
    ForwardWindow w;
    int64_t planes = 0;  // N * C
    std::vector<int64_t> outDims;
    std::vector<std::vector<int64_t>> outPositions, taps;  // every output position and kernel tap
};

Pooling pooling(const KernelContext& ctx, const Tensor& X) {
    if (X.rank() < 3) ctx.fail(ErrorKind::InvalidArgument, "X must be [N, C, spatial...], got ", X.describe());
    const size_t r = X.rank() - 2;
    if (!ctx.node().hasAttr("kernel_shape")) ctx.fail(ErrorKind::InvalidModel, "missing attribute 'kernel_shape'");
    const std::vector<int64_t> kernel = ctx.node().attrInts("kernel_shape");
    if (kernel.size() != r)
        ctx.fail(ErrorKind::InvalidModel, "attribute 'kernel_shape' has ", kernel.size(), " values for ", r, " spatial dims");
    Pooling p;
    p.w = forwardWindow(ctx, std::vector<int64_t>(X.dims().begin() + 2, X.dims().end()), kernel,
                        ctx.node().attrInt("ceil_mode", 0) != 0);
    p.planes = X.dim(0) * X.dim(1);
    p.outDims = {X.dim(0), X.dim(1)};
    p.outDims.insert(p.outDims.end(), p.w.out.begin(), p.w.out.end());
    for (int64_t o = 0; o < elementCount(p.w.out); ++o) p.outPositions.push_back(unravel(o, p.w.out));
    for (int64_t k = 0; k < elementCount(kernel); ++k) p.taps.push_back(unravel(k, kernel));
    return p;
}

// The input position of tap k of output position o; `inside`: within the input, `inPadded`: within the
// input plus its explicit (or auto) padding.
void tapPosition(const ForwardWindow& w, const std::vector<int64_t>& o, const std::vector<int64_t>& k,
                 std::vector<int64_t>& pos, bool& inside, bool& inPadded) {
    inside = inPadded = true;
    for (size_t d = 0; d < w.in.size(); ++d) {
        pos[d] = o[d] * w.stride[d] + k[d] * w.dilation[d] - w.padBegin[d];
        inside = inside && pos[d] >= 0 && pos[d] < w.in[d];
        inPadded = inPadded && pos[d] >= -w.padBegin[d] && pos[d] < w.in[d] + w.padEnd[d];
    }
}

void runMaxPool(KernelContext& ctx) {
    const Tensor& X = ctx.input(0);
    const Pooling p = pooling(ctx, X);
    const int64_t storageOrder = ctx.node().attrInt("storage_order", 0);
    if (storageOrder != 0 && storageOrder != 1)
        ctx.fail(ErrorKind::InvalidModel, "attribute 'storage_order' must be 0 or 1, got ", storageOrder);
    const ForwardWindow& w = p.w;
    const size_t r = w.in.size();
    const int64_t inSize = elementCount(w.in), outSize = elementCount(w.out);
    const std::vector<int64_t> rowMajor = rowMajorStrides(w.in);
    // Column-major strides over the spatial dims (storage_order 1): the first spatial dim varies fastest.
    std::vector<int64_t> colMajor(r, 1);
    for (size_t d = 1; d < r; ++d) colMajor[d] = colMajor[d - 1] * w.in[d - 1];
    const bool wantIndices = ctx.numOutputs() > 1 && ctx.outputWanted(1);
    const std::vector<double> x = toDoubles(X);
    // A window with no tap inside the input is the max of padding only: -inf (the lowest integer).
    const double empty = isFloatingPoint(X.dtype()) ? -std::numeric_limits<double>::infinity()
                                                    : (X.dtype() == DataType::Int8 ? -128.0 : 0.0);
    std::vector<double> y(size_t(p.planes * outSize));
    std::vector<int64_t> indices(size_t(p.planes * outSize));
    std::vector<int64_t> pos(r);
    for (int64_t plane = 0; plane < p.planes; ++plane)
        for (int64_t o = 0; o < outSize; ++o) {
            double best = empty;
            int64_t bestAt = -1;
            for (const auto& k : p.taps) {
                bool inside, inPadded;
                tapPosition(w, p.outPositions[size_t(o)], k, pos, inside, inPadded);
                if (!inside) continue;
                const double v = x[size_t(plane * inSize + flatOffset(pos, rowMajor))];
                // The first maximum in scan order wins; the first NaN wins over everything.
                const bool bestIsNan = bestAt >= 0 && std::isnan(best);
                if (bestAt < 0 || (!bestIsNan && (std::isnan(v) || v > best))) {
                    best = v;
                    bestAt = flatOffset(pos, storageOrder == 0 ? rowMajor : colMajor);
                }
            }
            y[size_t(plane * outSize + o)] = best;
            // Indices flatten [N, C, spatial...] row-major over N and C; storage_order picks the
            // order of the spatial part.
            indices[size_t(plane * outSize + o)] = bestAt < 0 ? -1 : plane * inSize + bestAt;
        }
    Tensor& Y = ctx.allocateOutput(0, X.dtype(), p.outDims);
    storeDoubles(Y, y);
    if (wantIndices) {
        Tensor& I = ctx.allocateOutput(1, DataType::Int64, p.outDims);
        for (int64_t i = 0; i < I.numel(); ++i) I.data<int64_t>()[i] = indices[size_t(i)];
    }
}

// mean over the window's taps inside the input; count_include_pad=1 divides by the taps inside the
// input and its padding instead (never by taps past the padding, which only ceil_mode creates).
void runAveragePool(KernelContext& ctx) {
    const Tensor& X = ctx.input(0);
    const Pooling p = pooling(ctx, X);
    const bool includePad = ctx.node().attrInt("count_include_pad", 0) != 0;
    const ForwardWindow& w = p.w;
    const int64_t inSize = elementCount(w.in), outSize = elementCount(w.out);
    const std::vector<int64_t> strides = rowMajorStrides(w.in);
    const std::vector<double> x = toDoubles(X);
    std::vector<double> y(size_t(p.planes * outSize));
    std::vector<int64_t> pos(w.in.size());
    for (int64_t plane = 0; plane < p.planes; ++plane)
        for (int64_t o = 0; o < outSize; ++o) {
            double sum = 0;
            int64_t inputTaps = 0, paddedTaps = 0;
            for (const auto& k : p.taps) {
                bool inside, inPadded;
                tapPosition(w, p.outPositions[size_t(o)], k, pos, inside, inPadded);
                paddedTaps += inPadded ? 1 : 0;
                if (!inside) continue;
                ++inputTaps;
                sum += x[size_t(plane * inSize + flatOffset(pos, strides))];
            }
            const int64_t count = includePad ? paddedTaps : inputTaps;
            // A window with nothing to average (only padding taps) is NaN, as 0/0.
            y[size_t(plane * outSize + o)] = count > 0 ? sum / double(count) : std::nan("");
        }
    Tensor& Y = ctx.allocateOutput(0, X.dtype(), p.outDims);
    storeDoubles(Y, y);
}

template <bool IsMax>
void runGlobalPool(KernelContext& ctx) {
    const Tensor& X = ctx.input(0);
    if (X.rank() < 2) ctx.fail(ErrorKind::InvalidArgument, "X must be [N, C, spatial...], got ", X.describe());
    std::vector<int64_t> outDims(X.rank(), 1);
    outDims[0] = X.dim(0);
    outDims[1] = X.dim(1);
    const int64_t planes = X.dim(0) * X.dim(1);
    const int64_t size = elementCount(std::vector<int64_t>(X.dims().begin() + 2, X.dims().end()));
    if (size == 0 && planes > 0) ctx.fail(ErrorKind::InvalidArgument, "X ", X.describe(), " has an empty spatial extent");
    const std::vector<double> x = toDoubles(X);
    std::vector<double> y(static_cast<size_t>(planes));
    for (int64_t plane = 0; plane < planes; ++plane) {
        double acc = IsMax ? x[size_t(plane * size)] : 0.0;
        for (int64_t i = 0; i < size; ++i) {
            const double v = x[size_t(plane * size + i)];
            if constexpr (IsMax) {
                if (std::isnan(v) || v > acc) acc = std::isnan(acc) ? acc : v;
            } else {
                acc += v;
            }
        }
        y[size_t(plane)] = IsMax ? acc : acc / double(size);
    }
    Tensor& Y = ctx.allocateOutput(0, X.dtype(), outDims);
    storeDoubles(Y, y);
}

}  // namespace

void registerNaivePoolKernels(KernelRegistry& registry) {
    const std::vector<DataType> floats = {DataType::Float32, DataType::Float64, DataType::Float16, DataType::BFloat16};
    addNaive(registry, "MaxPool", runMaxPool,
             {DataType::Float32, DataType::Float64, DataType::Float16, DataType::BFloat16, DataType::Int8, DataType::UInt8});
    addNaive(registry, "AveragePool", runAveragePool, floats);
    addNaive(registry, "GlobalAveragePool", runGlobalPool<false>, floats);
    addNaive(registry, "GlobalMaxPool", runGlobalPool<true>, floats);
}

}  // namespace kiln::naive
