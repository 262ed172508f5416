// Normalization ops (ONNX opset 21): BatchNormalization (inference), LayerNormalization,
// InstanceNormalization, GroupNormalization (per-channel scale/bias), LpNormalization,
// MeanVarianceNormalization, LRN.
// Means and variances are accumulated in double, two-pass (mean first, then squared deviations),
// so large offsets do not cancel the variance away.
#include <cmath>

#include "engine_core/common/parallel.h"
#include "kernels/cpu/isa.h"
#include "kernels/cpu/broadcast.h"
#include "kernels/cpu/dispatch.h"
#include "kernels/cpu/register.h"

namespace kiln::cpu {

namespace {

const std::vector<DataType>& normTypes() {
    static const std::vector<DataType> types = {DataType::Float32, DataType::Float64, DataType::Float16,
                                                DataType::BFloat16};
    return types;
}

// A parameter tensor's values as doubles (any float type; scale and bias may differ from X's type).
// Work buffers of doubles live in the layer's scratch memory (its workspace in a planned run).
std::span<double> scratchDoubles(KernelContext& ctx, int64_t n, double fill) {
    double* p = ctx.scratchArray<double>(size_t(n));
    std::fill_n(p, n, fill);
    return {p, size_t(n)};
}

std::span<double> paramValues(KernelContext& ctx, const Tensor& p, const char* name) {
    if (!isFloatingPoint(p.dtype()))
        ctx.fail(ErrorKind::InvalidModel, "'", name, "' must be a float tensor, got ", p.describe());
    std::span<double> v = scratchDoubles(ctx, p.numel(), 0.0);
    if (p.dtype() == DataType::Float32)
        for (int64_t i = 0; i < p.numel(); ++i) v[size_t(i)] = double(p.data<float>()[i]);
    else
        for (int64_t i = 0; i < p.numel(); ++i) v[size_t(i)] = p.scalarAsDouble(i);
    return v;
}

// A per-channel parameter: exactly C values (shape [C], or any shape with C elements).
std::span<double> channelParam(KernelContext& ctx, const Tensor& p, int64_t channels, const char* name) {
    if (p.numel() != channels || p.rank() > 1)
        ctx.fail(ErrorKind::InvalidModel, "'", name, "' must have shape [", channels, "], got ", p.describe());
    return paramValues(ctx, p, name);
}

struct Moments {
    double mean = 0.0;
    double var = 0.0;
};

// Mean and (biased) variance of n elements at stride 1.
template <typename T>
Moments moments(const T* x, int64_t n) {
    Moments m;
    if (n == 0) return m;
    double sum = 0.0;
    for (int64_t i = 0; i < n; ++i) sum += double(x[i]);
    m.mean = sum / double(n);
    double sq = 0.0;
    for (int64_t i = 0; i < n; ++i) {
        double d = double(x[i]) - m.mean;
        sq += d * d;
    }
    m.var = sq / double(n);
    return m;
}

// Runs fn(x, y) with typed pointers for X's type, widening fp16/bf16 to fp32 and back. elementWise:
// y[i] depends on x[i] alone, so y may overwrite a donated X (KernelContext::allocateOutputReusing).
template <typename Fn>
void withFloatTensor(KernelContext& ctx, const Tensor& x, Fn&& fn, bool elementWise = false) {
    DataType t = x.dtype();
    if (isStorageFloat(t)) {
        Tensor wide = widenToFloat32(x);
        Tensor tmp(DataType::Float32, x.dims());
        fn(wide.data<float>(), tmp.data<float>());
        ctx.setOutput(0, narrowFromFloat32(tmp, t));
    } else if (t == DataType::Float32) {
        Tensor& y = elementWise ? ctx.allocateOutputReusing(0, 0, t, x.dims()) : ctx.allocateOutput(0, t, x.dims());
        fn(x.data<float>(), y.data<float>());
    } else if (t == DataType::Float64) {
        Tensor& y = elementWise ? ctx.allocateOutputReusing(0, 0, t, x.dims()) : ctx.allocateOutput(0, t, x.dims());
        fn(x.data<double>(), y.data<double>());
    } else {
        ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(t), " is not supported");
    }
}

void requireChannels(const KernelContext& ctx, const Tensor& x) {
    if (x.rank() < 2) ctx.fail(ErrorKind::InvalidModel, "X must have rank >= 2 (N, C, ...), got ", x.describe());
}

// y = x * a + b over one plane; the AVX-512 copy runs it 16 wide (isa.h).
template <typename T>
KILN_ALWAYS_INLINE void scaleShift(const T* x, T* y, int64_t n, T a, T b) {
    for (int64_t i = 0; i < n; ++i) y[i] = x[i] * a + b;
}
template <typename T>
KILN_TARGET_AVX512 void scaleShiftAvx512(const T* x, T* y, int64_t n, T a, T b) {
    scaleShift(x, y, n, a, b);
}

// Y = (X - mean) / sqrt(var + epsilon) * scale + B, per channel (dim 1), with running statistics.
void batchNormKernel(KernelContext& ctx) {
    if (ctx.node().attrInt("training_mode", 0) != 0)
        ctx.fail(ErrorKind::Unsupported, "training_mode=1 is not supported (inference only)");
    const Tensor& x = ctx.input(0);
    requireChannels(ctx, x);
    int64_t c = x.dims()[1];
    const std::span<double> scale = channelParam(ctx, ctx.input(1), c, "scale");
    const std::span<double> bias = channelParam(ctx, ctx.input(2), c, "B");
    const std::span<double> mean = channelParam(ctx, ctx.input(3), c, "input_mean");
    const std::span<double> var = channelParam(ctx, ctx.input(4), c, "input_var");
    double eps = ctx.node().attrFloat("epsilon", 1e-5f);
    // Folded into y = x * a + b per channel.
    const std::span<double> a = scratchDoubles(ctx, c, 0.0), b = scratchDoubles(ctx, c, 0.0);
    for (size_t i = 0; i < size_t(c); ++i) {
        a[i] = scale[i] / std::sqrt(var[i] + eps);
        b[i] = bias[i] - mean[i] * a[i];
    }
    int64_t n = x.dims()[0], spatial = dimProduct(x.dims(), 2, x.rank());
    withFloatTensor(ctx, x, [&](const auto* px, auto* py) {
        using T = std::remove_const_t<std::remove_pointer_t<decltype(px)>>;
        const bool avx512 = std::is_same_v<T, float> && avx512Enabled();
        parallelFor(n * c, grainFor(kGrainElements, spatial), [&](int64_t begin, int64_t end) {
            for (int64_t r = begin; r < end; ++r) {
                const T ar = T(a[size_t(r % c)]), br = T(b[size_t(r % c)]);
                if (avx512)
                    scaleShiftAvx512(px + r * spatial, py + r * spatial, spatial, ar, br);
                else
                    scaleShift(px + r * spatial, py + r * spatial, spatial, ar, br);
            }
        });
    }, /*elementWise=*/true);
}

// ONNX stash_type codes for the Mean / InvStdDev outputs.
DataType stashType(const KernelContext& ctx) {
    int64_t code = ctx.node().attrInt("stash_type", 1);
    switch (code) {
        case 1: return DataType::Float32;
        case 10: return DataType::Float16;
        case 11: return DataType::Float64;
        case 16: return DataType::BFloat16;
        default: ctx.fail(ErrorKind::InvalidModel, "stash_type ", code, " is not a float type code");
    }
}

// Normalizes over dims [axis, rank); Scale and B broadcast to that block.
void layerNormKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    int64_t rank = int64_t(x.rank());
    if (rank == 0) ctx.fail(ErrorKind::InvalidModel, "X must have rank >= 1, got a scalar");
    int64_t axis = normalizeAxis(ctx, ctx.node().attrInt("axis", -1), rank);
    double eps = ctx.node().attrFloat("epsilon", 1e-5f);
    DataType stash = stashType(ctx);
    const std::span<const int64_t> block(x.dims().begin() + axis, x.dims().end());
    int64_t rows = dimProduct(x.dims(), 0, size_t(axis));
    int64_t n = dimProduct(x.dims(), size_t(axis), x.rank());
    auto expand = [&](const Tensor* p, const char* name, double fallback) {
        const std::span<double> out = scratchDoubles(ctx, n, fallback);
        if (!p) return out;
        DimVector dims;
        if (!tryBroadcastDims(block, p->dims(), dims) || !sameDims(dims, block))
            ctx.fail(ErrorKind::InvalidModel, "'", name, "' shape ", dimsToString(p->dims()),
                     " does not broadcast to the normalized shape ", dimsToString(std::vector<int64_t>(block.begin(), block.end())));
        if (sameDims(p->dims(), block) && p->dtype() == DataType::Float32) {
            for (int64_t i = 0; i < n; ++i) out[size_t(i)] = double(p->data<float>()[i]);
            return out;
        }
        const std::span<double> v = paramValues(ctx, *p, name);
        broadcastUnary(v.data(), p->dims(), out.data(), block, [](double d) { return d; });
        return out;
    };
    const std::span<double> scale = expand(&ctx.input(1), "Scale", 1.0);
    const std::span<double> bias = expand(ctx.optionalInput(2), "B", 0.0);
    const std::span<double> means = scratchDoubles(ctx, rows, 0.0), invStd = scratchDoubles(ctx, rows, 0.0);
    withFloatTensor(ctx, x, [&](const auto* px, auto* py) {
        using T = std::remove_const_t<std::remove_pointer_t<decltype(px)>>;
        parallelFor(rows, std::max<int64_t>(1, 16384 / std::max<int64_t>(n, 1)), [&](int64_t begin, int64_t end) {
            for (int64_t r = begin; r < end; ++r) {
                Moments m = moments(px + r * n, n);
                double inv = 1.0 / std::sqrt(m.var + eps);
                means[size_t(r)] = m.mean;
                invStd[size_t(r)] = inv;
                const T* xr = px + r * n;
                T* yr = py + r * n;
                for (int64_t i = 0; i < n; ++i)
                    yr[i] = T((double(xr[i]) - m.mean) * inv * scale[size_t(i)] + bias[size_t(i)]);
            }
        });
    });
    // Optional outputs: X's dims with the normalized ones set to 1.
    DimVector statDims(x.dims());
    for (size_t d = size_t(axis); d < statDims.size(); ++d) statDims[d] = 1;
    for (size_t o = 1; o <= 2; ++o) {
        if (o >= ctx.numOutputs() || !ctx.outputWanted(o)) continue;
        const std::span<const double> src = o == 1 ? means : invStd;
        Tensor& out = ctx.allocateOutput(o, stash, statDims);
        for (int64_t i = 0; i < out.numel(); ++i) {
            double v = src[size_t(i)];
            switch (stash) {
                case DataType::Float64: out.data<double>()[i] = v; break;
                case DataType::Float32: out.data<float>()[i] = float(v); break;
                default: floatToStorage(stash, float(v), out.raw(), i); break;
            }
        }
    }
}

// Shared by InstanceNormalization (groups = C) and GroupNormalization: each (n, group) block of
// channelsPerGroup * spatial elements is normalized, then scaled per channel.
void groupNormalize(KernelContext& ctx, const Tensor& x, int64_t groups, std::span<const double> scale,
                    std::span<const double> bias, double eps) {
    int64_t n = x.dims()[0], c = x.dims()[1], spatial = dimProduct(x.dims(), 2, x.rank());
    int64_t perGroup = c / groups;
    int64_t blockLen = perGroup * spatial;
    withFloatTensor(ctx, x, [&](const auto* px, auto* py) {
        using T = std::remove_const_t<std::remove_pointer_t<decltype(px)>>;
        parallelFor(n * groups, std::max<int64_t>(1, 16384 / std::max<int64_t>(blockLen, 1)), [&](int64_t begin, int64_t end) {
            for (int64_t r = begin; r < end; ++r) {
                const T* xb = px + r * blockLen;
                T* yb = py + r * blockLen;
                Moments m = moments(xb, blockLen);
                double inv = 1.0 / std::sqrt(m.var + eps);
                int64_t firstChannel = (r % groups) * perGroup;
                for (int64_t j = 0; j < perGroup; ++j) {
                    double s = scale[size_t(firstChannel + j)] * inv;
                    double b = bias[size_t(firstChannel + j)] - m.mean * s;
                    for (int64_t i = 0; i < spatial; ++i) yb[j * spatial + i] = T(double(xb[j * spatial + i]) * s + b);
                }
            }
        });
    });
}

void instanceNormKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    requireChannels(ctx, x);
    int64_t c = x.dims()[1];
    const std::span<double> scale = channelParam(ctx, ctx.input(1), c, "scale");
    const std::span<double> bias = channelParam(ctx, ctx.input(2), c, "B");
    groupNormalize(ctx, x, std::max<int64_t>(c, 1), scale, bias, ctx.node().attrFloat("epsilon", 1e-5f));
}

void groupNormKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    requireChannels(ctx, x);
    int64_t c = x.dims()[1];
    if (!ctx.node().hasAttr("num_groups")) ctx.fail(ErrorKind::InvalidModel, "attribute 'num_groups' is missing");
    int64_t groups = ctx.node().attrInt("num_groups");
    if (groups <= 0 || c % groups != 0)
        ctx.fail(ErrorKind::InvalidModel, "num_groups ", groups, " must be positive and divide the ", c, " channels");
    const std::span<double> scale = channelParam(ctx, ctx.input(1), c, "scale");
    const std::span<double> bias = channelParam(ctx, ctx.input(2), c, "bias");
    stashType(ctx);  // validates the attribute; statistics are in double anyway
    groupNormalize(ctx, x, groups, scale, bias, ctx.node().attrFloat("epsilon", 1e-5f));
}

// y = x / ||x||_p along axis (p = 1 or 2). A zero vector stays zero, as in the ONNX reference.
void lpNormKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    int64_t rank = int64_t(x.rank());
    if (rank == 0) ctx.fail(ErrorKind::InvalidModel, "input must have rank >= 1, got a scalar");
    int64_t axis = normalizeAxis(ctx, ctx.node().attrInt("axis", -1), rank);
    int64_t p = ctx.node().attrInt("p", 2);
    if (p != 1 && p != 2) ctx.fail(ErrorKind::InvalidModel, "attribute 'p' must be 1 or 2, got ", p);
    int64_t outer = dimProduct(x.dims(), 0, size_t(axis));
    int64_t n = x.dims()[size_t(axis)];
    int64_t inner = dimProduct(x.dims(), size_t(axis) + 1, x.rank());
    withFloatTensor(ctx, x, [&](const auto* px, auto* py) {
        using T = std::remove_const_t<std::remove_pointer_t<decltype(px)>>;
        parallelFor(outer * inner, 256, [&](int64_t begin, int64_t end) {
            for (int64_t s = begin; s < end; ++s) {
                int64_t base = (s / inner) * n * inner + s % inner;
                double acc = 0.0;
                for (int64_t j = 0; j < n; ++j) {
                    double v = double(px[base + j * inner]);
                    acc += p == 1 ? std::fabs(v) : v * v;
                }
                double norm = p == 1 ? acc : std::sqrt(acc);
                for (int64_t j = 0; j < n; ++j)
                    py[base + j * inner] = norm == 0.0 ? T(0) : T(double(px[base + j * inner]) / norm);
            }
        });
    });
}

// MeanVarianceNormalization: (X - E[X]) / (sqrt(E[(X - E[X])^2]) + 1e-9) over `axes` (default
// 0, 2, 3), with the epsilon added to the standard deviation as in the ONNX function body.
void mvnKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    int64_t rank = int64_t(x.rank());
    std::vector<bool> reduced(size_t(rank), false);
    for (int64_t a : ctx.node().attrInts("axes", {0, 2, 3})) {
        int64_t k = normalizeAxis(ctx, a, rank, "axes value");
        reduced[size_t(k)] = true;
    }
    // Each element's statistics bucket: its index over the kept dims.
    const std::vector<int64_t>& dims = x.dims();
    int64_t buckets = 1, count = 1;
    for (int64_t d = 0; d < rank; ++d) (reduced[size_t(d)] ? count : buckets) *= dims[size_t(d)];
    int64_t total = x.numel();
    std::vector<int64_t> bucketOf(static_cast<size_t>(total));
    for (int64_t i = 0; i < total; ++i) {
        int64_t rest = i, b = 0, scale = 1;
        for (int64_t d = rank - 1; d >= 0; --d) {
            int64_t c = rest % dims[size_t(d)];
            rest /= dims[size_t(d)];
            if (!reduced[size_t(d)]) {
                b += c * scale;
                scale *= dims[size_t(d)];
            }
        }
        bucketOf[size_t(i)] = b;
    }
    withFloatTensor(ctx, x, [&](const auto* px, auto* py) {
        using T = std::remove_const_t<std::remove_pointer_t<decltype(px)>>;
        std::vector<double> mean(static_cast<size_t>(buckets), 0.0), var(static_cast<size_t>(buckets), 0.0);
        for (int64_t i = 0; i < total; ++i) mean[size_t(bucketOf[size_t(i)])] += double(px[i]);
        for (double& m : mean) m /= double(std::max<int64_t>(count, 1));
        for (int64_t i = 0; i < total; ++i) {
            double d = double(px[i]) - mean[size_t(bucketOf[size_t(i)])];
            var[size_t(bucketOf[size_t(i)])] += d * d;
        }
        for (double& v : var) v = std::sqrt(v / double(std::max<int64_t>(count, 1))) + 1e-9;
        for (int64_t i = 0; i < total; ++i) {
            size_t b = size_t(bucketOf[size_t(i)]);
            py[i] = T((double(px[i]) - mean[b]) / var[b]);
        }
    });
}

// LRN across channels: y = x / (bias + alpha / size * sum of x^2 over the channel window)^beta,
// the window running from c - floor((size - 1) / 2) to c + ceil((size - 1) / 2).
void lrnKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    requireChannels(ctx, x);
    if (!ctx.node().hasAttr("size")) ctx.fail(ErrorKind::InvalidModel, "attribute 'size' is missing");
    int64_t size = ctx.node().attrInt("size");
    if (size <= 0) ctx.fail(ErrorKind::InvalidModel, "attribute 'size' must be positive, got ", size);
    double alpha = ctx.node().attrFloat("alpha", 1e-4f), beta = ctx.node().attrFloat("beta", 0.75f);
    double bias = ctx.node().attrFloat("bias", 1.0f);
    int64_t n = x.dims()[0], c = x.dims()[1], spatial = dimProduct(x.dims(), 2, x.rank());
    int64_t before = (size - 1) / 2, after = size - 1 - before;
    withFloatTensor(ctx, x, [&](const auto* px, auto* py) {
        using T = std::remove_const_t<std::remove_pointer_t<decltype(px)>>;
        parallelFor(n * c, 1, [&](int64_t begin, int64_t end) {
            for (int64_t r = begin; r < end; ++r) {
                int64_t b = r / c, ch = r % c;
                int64_t lo = std::max<int64_t>(0, ch - before), hi = std::min<int64_t>(c - 1, ch + after);
                for (int64_t i = 0; i < spatial; ++i) {
                    double sq = 0.0;
                    for (int64_t k = lo; k <= hi; ++k) {
                        double v = double(px[(b * c + k) * spatial + i]);
                        sq += v * v;
                    }
                    double v = double(px[r * spatial + i]);
                    py[r * spatial + i] = T(v / std::pow(bias + alpha / double(size) * sq, beta));
                }
            }
        });
    });
}

}  // namespace

void registerNormalizationKernels(KernelRegistry& registry) {
    registry.add("BatchNormalization", {&batchNormKernel, normTypes()});
    registry.add("LayerNormalization", {&layerNormKernel, normTypes()});
    registry.add("InstanceNormalization", {&instanceNormKernel, normTypes()});
    registry.add("GroupNormalization", {&groupNormKernel, normTypes()});
    registry.add("LpNormalization", {&lpNormKernel, normTypes()});
    registry.add("MeanVarianceNormalization", {&mvnKernel, normTypes()});
    registry.add("LRN", {&lrnKernel, normTypes()});
}

}  // namespace kiln::cpu
