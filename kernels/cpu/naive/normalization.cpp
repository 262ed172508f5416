// Oracle (naive) normalizations: BatchNormalization (inference) GroupNormalization
// InstanceNormalization LRN LayerNormalization LpNormalization MeanVarianceNormalization.
// Statistics are sums in double over the plain index sets the spec names: the mean first, then the
// mean squared deviation (biased variance); outputs are rounded once to X's type. Dtypes as
// kernels/cpu/normalization.cpp registers them (fp32, fp64, fp16, bf16).
#include <cmath>

#include "kernels/cpu/naive/naive.h"

namespace kiln::naive {

namespace {

void requireChannels(const KernelContext& ctx, const Tensor& x) {
    if (!isFloatingPoint(x.dtype()))
        ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(x.dtype()), " is not supported");
    if (x.rank() < 2) ctx.fail(ErrorKind::InvalidModel, "X must have rank >= 2 (N, C, ...), got ", x.describe());
}

// A per-channel parameter: C float values (shape [C]; scale and bias may differ from X's type).
std::vector<double> channelValues(const KernelContext& ctx, const Tensor& p, int64_t channels, const char* name) {
    if (!isFloatingPoint(p.dtype()))
        ctx.fail(ErrorKind::InvalidModel, "'", name, "' must be a float tensor, got ", p.describe());
    if (p.numel() != channels || p.rank() > 1)
        ctx.fail(ErrorKind::InvalidModel, "'", name, "' must have shape [", channels, "], got ", p.describe());
    std::vector<double> v;
    for (int64_t i = 0; i < p.numel(); ++i) v.push_back(readFloat(p, i));
    return v;
}

// Y = (X - mean) / sqrt(var + epsilon) * scale + B with the running statistics, per channel (dim 1).
void batchNormKernel(KernelContext& ctx) {
    if (ctx.node().attrInt("training_mode", 0) != 0)
        ctx.fail(ErrorKind::Unsupported, "training_mode=1 is not supported (inference only)");
    const Tensor& x = ctx.input(0);
    requireChannels(ctx, x);
    const int64_t n = x.dims()[0], c = x.dims()[1], spatial = elementCount(x.dims()) / std::max<int64_t>(n * c, 1);
    const std::vector<double> scale = channelValues(ctx, ctx.input(1), c, "scale");
    const std::vector<double> bias = channelValues(ctx, ctx.input(2), c, "B");
    const std::vector<double> mean = channelValues(ctx, ctx.input(3), c, "input_mean");
    const std::vector<double> var = channelValues(ctx, ctx.input(4), c, "input_var");
    const double eps = ctx.node().attrFloat("epsilon", 1e-5f);
    Tensor& y = ctx.allocateOutput(0, x.dtype(), x.dims());
    for (int64_t b = 0; b < n; ++b)
        for (int64_t ch = 0; ch < c; ++ch)
            for (int64_t s = 0; s < spatial; ++s) {
                int64_t i = (b * c + ch) * spatial + s;
                size_t k = size_t(ch);
                writeFloat(y, i, (readFloat(x, i) - mean[k]) / std::sqrt(var[k] + eps) * scale[k] + bias[k]);
            }
}

// Mean and biased variance of `count` elements of x starting at `first`, `stride` apart.
void moments(const Tensor& x, int64_t first, int64_t count, int64_t stride, double& mean, double& var) {
    double sum = 0.0;
    for (int64_t j = 0; j < count; ++j) sum += readFloat(x, first + j * stride);
    mean = count > 0 ? sum / double(count) : 0.0;
    double squares = 0.0;
    for (int64_t j = 0; j < count; ++j) {
        double d = readFloat(x, first + j * stride) - mean;
        squares += d * d;
    }
    var = count > 0 ? squares / double(count) : 0.0;
}

// The stash_type attribute's dtype (Mean / InvStdDev outputs of LayerNormalization).
DataType stashType(const KernelContext& ctx) {
    const int64_t code = ctx.node().attrInt("stash_type", 1);
    switch (code) {
        case 1: return DataType::Float32;
        case 10: return DataType::Float16;
        case 11: return DataType::Float64;
        case 16: return DataType::BFloat16;
        default: ctx.fail(ErrorKind::InvalidModel, "stash_type ", code, " is not a float type code");
    }
}

// Normalizes each row of the trailing dims [axis, rank); Scale and B broadcast into those dims.
// Optional outputs Mean and InvStdDev have X's dims with the normalized ones set to 1.
void layerNormKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    if (!isFloatingPoint(x.dtype()))
        ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(x.dtype()), " is not supported");
    const int64_t rank = int64_t(x.rank());
    if (rank == 0) ctx.fail(ErrorKind::InvalidModel, "X must have rank >= 1, got a scalar");
    const int64_t axis = naiveAxis(ctx, ctx.node().attrInt("axis", -1), rank);
    const double eps = ctx.node().attrFloat("epsilon", 1e-5f);
    const DataType stash = stashType(ctx);
    const std::vector<int64_t> block(x.dims().begin() + axis, x.dims().end());
    const int64_t rowLength = elementCount(block);
    const int64_t rows = elementCount(std::vector<int64_t>(x.dims().begin(), x.dims().begin() + axis));
    const Tensor* params[2] = {&ctx.input(1), ctx.optionalInput(2)};
    for (const Tensor* p : params) {
        if (!p) continue;
        if (!isFloatingPoint(p->dtype()))
            ctx.fail(ErrorKind::InvalidModel, "Scale and B must be float tensors, got ", p->describe());
        if (broadcastShape(ctx, {block, p->dims()}) != block)
            ctx.fail(ErrorKind::InvalidModel, "parameter shape ", dimsToString(p->dims()),
                     " does not broadcast to the normalized shape ", dimsToString(block));
    }
    std::vector<int64_t> statDims = x.dims();
    for (int64_t d = axis; d < rank; ++d) statDims[size_t(d)] = 1;
    Tensor& y = ctx.allocateOutput(0, x.dtype(), x.dims());
    Tensor* meanOut = ctx.numOutputs() > 1 && ctx.outputWanted(1) ? &ctx.allocateOutput(1, stash, statDims) : nullptr;
    Tensor* invStdOut = ctx.numOutputs() > 2 && ctx.outputWanted(2) ? &ctx.allocateOutput(2, stash, statDims) : nullptr;
    for (int64_t r = 0; r < rows; ++r) {
        double mean, var;
        moments(x, r * rowLength, rowLength, 1, mean, var);
        const double invStd = 1.0 / std::sqrt(var + eps);
        for (int64_t j = 0; j < rowLength; ++j) {
            double s = readFloat(*params[0], broadcastOffset(j, block, params[0]->dims()));
            double b = params[1] ? readFloat(*params[1], broadcastOffset(j, block, params[1]->dims())) : 0.0;
            writeFloat(y, r * rowLength + j, (readFloat(x, r * rowLength + j) - mean) * invStd * s + b);
        }
        if (meanOut) writeFloat(*meanOut, r, mean);
        if (invStdOut) writeFloat(*invStdOut, r, invStd);
    }
}

// Instance (groups = C) and group normalization: each (n, group) block of channels × spatial
// elements is normalized with its own statistics, then scaled and shifted per channel.
void normalizeGroups(KernelContext& ctx, const Tensor& x, int64_t groups, const std::vector<double>& scale,
                     const std::vector<double>& bias, double eps) {
    const int64_t n = x.dims()[0], c = x.dims()[1];
    const int64_t spatial = c == 0 || n == 0 ? 0 : x.numel() / (n * c);
    const int64_t perGroup = c / groups, blockLength = perGroup * spatial;
    Tensor& y = ctx.allocateOutput(0, x.dtype(), x.dims());
    for (int64_t b = 0; b < n; ++b)
        for (int64_t g = 0; g < groups; ++g) {
            const int64_t first = (b * c + g * perGroup) * spatial;
            double mean, var;
            moments(x, first, blockLength, 1, mean, var);
            for (int64_t j = 0; j < blockLength; ++j) {
                size_t channel = size_t(g * perGroup + j / spatial);
                double normalized = (readFloat(x, first + j) - mean) / std::sqrt(var + eps);
                writeFloat(y, first + j, normalized * scale[channel] + bias[channel]);
            }
        }
}

void instanceNormKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    requireChannels(ctx, x);
    const int64_t c = x.dims()[1];
    const std::vector<double> scale = channelValues(ctx, ctx.input(1), c, "scale");
    const std::vector<double> bias = channelValues(ctx, ctx.input(2), c, "B");
    normalizeGroups(ctx, x, std::max<int64_t>(c, 1), scale, bias, ctx.node().attrFloat("epsilon", 1e-5f));
}

void groupNormKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    requireChannels(ctx, x);
    const int64_t c = x.dims()[1];
    if (!ctx.node().hasAttr("num_groups")) ctx.fail(ErrorKind::InvalidModel, "attribute 'num_groups' is missing");
    const int64_t groups = ctx.node().attrInt("num_groups");
    if (groups <= 0 || c % groups != 0)
        ctx.fail(ErrorKind::InvalidModel, "num_groups ", groups, " must be positive and divide the ", c, " channels");
    stashType(ctx);  // validates the attribute; the statistics are in double anyway
    const std::vector<double> scale = channelValues(ctx, ctx.input(1), c, "scale");
    const std::vector<double> bias = channelValues(ctx, ctx.input(2), c, "bias");
    normalizeGroups(ctx, x, groups, scale, bias, ctx.node().attrFloat("epsilon", 1e-5f));
}

// y = x / ||x||_p along axis, p = 1 or 2. A zero vector stays zero (0/0 would be NaN).
void lpNormKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    if (!isFloatingPoint(x.dtype()))
        ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(x.dtype()), " is not supported");
    const int64_t rank = int64_t(x.rank());
    if (rank == 0) ctx.fail(ErrorKind::InvalidModel, "input must have rank >= 1, got a scalar");
    const int64_t axis = naiveAxis(ctx, ctx.node().attrInt("axis", -1), rank);
    const int64_t p = ctx.node().attrInt("p", 2);
    if (p != 1 && p != 2) ctx.fail(ErrorKind::InvalidModel, "attribute 'p' must be 1 or 2, got ", p);
    std::vector<bool> reduced(size_t(rank), false);
    reduced[size_t(axis)] = true;
    std::vector<int64_t> keptDims = x.dims();
    keptDims[size_t(axis)] = 1;
    std::vector<double> sums(size_t(elementCount(keptDims)), 0.0);
    for (int64_t i = 0; i < x.numel(); ++i) {
        double v = readFloat(x, i);
        sums[size_t(keptIndex(i, x.dims(), reduced))] += p == 1 ? std::fabs(v) : v * v;
    }
    Tensor& y = ctx.allocateOutput(0, x.dtype(), x.dims());
    for (int64_t i = 0; i < x.numel(); ++i) {
        double sum = sums[size_t(keptIndex(i, x.dims(), reduced))];
        double norm = p == 1 ? sum : std::sqrt(sum);
        writeFloat(y, i, norm == 0.0 ? 0.0 : readFloat(x, i) / norm);
    }
}

// MeanVarianceNormalization: (X - E[X]) / (sqrt(E[(X - E[X])^2]) + 1e-9) over `axes` (default
// 0, 2, 3); the epsilon is added to the standard deviation, as in the ONNX function body.
void mvnKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    if (!isFloatingPoint(x.dtype()))
        ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(x.dtype()), " is not supported");
    const int64_t rank = int64_t(x.rank());
    std::vector<bool> reduced(size_t(rank), false);
    for (int64_t a : ctx.node().attrInts("axes", {0, 2, 3}))
        reduced[size_t(naiveAxis(ctx, a, rank, "axes value"))] = true;
    int64_t buckets = 1, count = 1;
    for (int64_t d = 0; d < rank; ++d) (reduced[size_t(d)] ? count : buckets) *= x.dims()[size_t(d)];
    std::vector<double> mean(size_t(buckets), 0.0), deviation(size_t(buckets), 0.0);
    for (int64_t i = 0; i < x.numel(); ++i) mean[size_t(keptIndex(i, x.dims(), reduced))] += readFloat(x, i);
    for (double& m : mean) m /= double(count);
    for (int64_t i = 0; i < x.numel(); ++i) {
        size_t b = size_t(keptIndex(i, x.dims(), reduced));
        double d = readFloat(x, i) - mean[b];
        deviation[b] += d * d;
    }
    for (double& s : deviation) s = std::sqrt(s / double(count)) + 1e-9;
    Tensor& y = ctx.allocateOutput(0, x.dtype(), x.dims());
    for (int64_t i = 0; i < x.numel(); ++i) {
        size_t b = size_t(keptIndex(i, x.dims(), reduced));
        writeFloat(y, i, (readFloat(x, i) - mean[b]) / deviation[b]);
    }
}

// LRN across channels: y = x / (bias + alpha / size * Σ x²)^beta, the sum over channels
// c - floor((size - 1) / 2) .. c + ceil((size - 1) / 2), clipped to [0, C).
void lrnKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    requireChannels(ctx, x);
    if (!ctx.node().hasAttr("size")) ctx.fail(ErrorKind::InvalidModel, "attribute 'size' is missing");
    const int64_t size = ctx.node().attrInt("size");
    if (size <= 0) ctx.fail(ErrorKind::InvalidModel, "attribute 'size' must be positive, got ", size);
    const double alpha = ctx.node().attrFloat("alpha", 1e-4f), beta = ctx.node().attrFloat("beta", 0.75f);
    const double bias = ctx.node().attrFloat("bias", 1.0f);
    const int64_t n = x.dims()[0], c = x.dims()[1];
    const int64_t spatial = n * c == 0 ? 0 : x.numel() / (n * c);
    const int64_t before = (size - 1) / 2, after = size - 1 - before;
    Tensor& y = ctx.allocateOutput(0, x.dtype(), x.dims());
    for (int64_t b = 0; b < n; ++b)
        for (int64_t ch = 0; ch < c; ++ch)
            for (int64_t s = 0; s < spatial; ++s) {
                double squares = 0.0;
                for (int64_t k = std::max<int64_t>(0, ch - before); k <= std::min<int64_t>(c - 1, ch + after); ++k) {
                    double v = readFloat(x, (b * c + k) * spatial + s);
                    squares += v * v;
                }
                const int64_t i = (b * c + ch) * spatial + s;
                writeFloat(y, i, readFloat(x, i) / std::pow(bias + alpha / double(size) * squares, beta));
            }
}

}  // namespace

void registerNaiveNormalizationKernels(KernelRegistry& registry) {
    addNaive(registry, "BatchNormalization", &batchNormKernel, naiveFloatTypes());
    addNaive(registry, "LayerNormalization", &layerNormKernel, naiveFloatTypes());
    addNaive(registry, "InstanceNormalization", &instanceNormKernel, naiveFloatTypes());
    addNaive(registry, "GroupNormalization", &groupNormKernel, naiveFloatTypes());
    addNaive(registry, "LpNormalization", &lpNormKernel, naiveFloatTypes());
    addNaive(registry, "MeanVarianceNormalization", &mvnKernel, naiveFloatTypes());
    addNaive(registry, "LRN", &lrnKernel, naiveFloatTypes());
}

}  // namespace kiln::naive
