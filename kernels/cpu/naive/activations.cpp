// Oracle (naive) activations: Celu Clip Elu Gelu HardSigmoid HardSwish LeakyRelu Mish PRelu Relu
// Selu Shrink Sigmoid Softplus Softsign Tanh ThresholdedRelu. Each is its ONNX formula in double,
// rounded once to the input's type; NaN propagates wherever the ONNX reference (numpy) propagates
// it. Dtypes as kernels/cpu/activations.cpp registers them.
#include <cmath>
#include <limits>
#include <numbers>

#include "kernels/cpu/naive/naive.h"

namespace kiln::naive {

namespace {

double attr(const KernelContext& ctx, const char* name, float fallback) {
    return double(ctx.node().attrFloat(name, fallback));
}

// min(max(v, lo), hi) with NaN kept (numpy's clip).
double clamp01(double v) {
    if (std::isnan(v)) return v;
    return v < 0.0 ? 0.0 : (v > 1.0 ? 1.0 : v);
}

// log(1 + e^x), written so that e^x never overflows for large x.
double softplus(double x) {
    return x > 0.0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
}

void reluKernel(KernelContext& ctx) {
    mapNumericElements(ctx, [](double x) { return x < 0.0 ? 0.0 : x; },  // NaN passes through
                       [](auto v) { return v < decltype(v)(0) ? decltype(v)(0) : v; });
}

void sigmoidKernel(KernelContext& ctx) {
    mapFloatElements(ctx, [](double x) { return 1.0 / (1.0 + std::exp(-x)); });
}

void tanhKernel(KernelContext& ctx) {
    mapFloatElements(ctx, [](double x) { return std::tanh(x); });
}

void geluKernel(KernelContext& ctx) {
    const std::string approximate = ctx.node().attrString("approximate", "none");
    if (approximate != "none" && approximate != "tanh")
        ctx.fail(ErrorKind::InvalidModel, "attribute 'approximate' must be \"none\" or \"tanh\", got \"", approximate,
                 "\"");
    if (approximate == "tanh") {
        const double k = std::sqrt(2.0 / std::numbers::pi);
        mapFloatElements(ctx, [k](double x) { return 0.5 * x * (1.0 + std::tanh(k * (x + 0.044715 * x * x * x))); });
    } else {
        mapFloatElements(ctx, [](double x) { return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0))); });
    }
}

void hardSigmoidKernel(KernelContext& ctx) {
    const double alpha = attr(ctx, "alpha", 0.2f), beta = attr(ctx, "beta", 0.5f);
    mapFloatElements(ctx, [=](double x) { return clamp01(alpha * x + beta); });
}

void hardSwishKernel(KernelContext& ctx) {
    mapFloatElements(ctx, [](double x) { return x * clamp01(x / 6.0 + 0.5); });
}

void leakyReluKernel(KernelContext& ctx) {
    const double alpha = attr(ctx, "alpha", 0.01f);
    mapFloatElements(ctx, [=](double x) { return x < 0.0 ? alpha * x : x; });
}

void softplusKernel(KernelContext& ctx) {
    mapFloatElements(ctx, softplus);
}

void softsignKernel(KernelContext& ctx) {
    mapFloatElements(ctx, [](double x) { return x / (1.0 + std::fabs(x)); });
}

void eluKernel(KernelContext& ctx) {
    const double alpha = attr(ctx, "alpha", 1.0f);
    mapFloatElements(ctx, [=](double x) { return x < 0.0 ? alpha * std::expm1(x) : x; });
}

void seluKernel(KernelContext& ctx) {
    const double alpha = attr(ctx, "alpha", 1.67326319217681884765625f);
    const double gamma = attr(ctx, "gamma", 1.05070102214813232421875f);
    mapFloatElements(ctx, [=](double x) { return x > 0.0 ? gamma * x : gamma * (alpha * std::exp(x) - alpha); });
}

void celuKernel(KernelContext& ctx) {
    const double alpha = attr(ctx, "alpha", 1.0f);
    if (alpha == 0.0) ctx.fail(ErrorKind::InvalidModel, "attribute 'alpha' must not be 0");
    mapFloatElements(ctx, [=](double x) {
        if (std::isnan(x)) return x;
        return std::max(0.0, x) + std::min(0.0, alpha * std::expm1(x / alpha));
    });
}

void mishKernel(KernelContext& ctx) {
    mapFloatElements(ctx, [](double x) { return x * std::tanh(softplus(x)); });
}

void thresholdedReluKernel(KernelContext& ctx) {
    const double alpha = attr(ctx, "alpha", 1.0f);
    mapFloatElements(ctx, [=](double x) { return x > alpha ? x : 0.0; });  // NaN gives 0, as np.where does
}

// Shrink on integers: computed in double and truncated (the reference's astype).
void shrinkKernel(KernelContext& ctx) {
    const double bias = attr(ctx, "bias", 0.0f), lambd = attr(ctx, "lambd", 0.5f);
    auto shrink = [=](double x) { return x < -lambd ? x + bias : (x > lambd ? x - bias : 0.0); };  // NaN gives 0
    mapNumericElements(ctx, shrink, [=](auto v) { return truncateToInteger<decltype(v)>(shrink(double(v))); });
}

// Clip(x, min?, max?) = min(max(x, min), max): with min > max every element becomes max (the
// spec). NaN passes through. The bounds are one-element tensors of the input's type.
void clipKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    const DataType t = x.dtype();
    const Tensor* bounds[2] = {ctx.optionalInput(1), ctx.optionalInput(2)};
    for (int i = 0; i < 2; ++i) {
        if (!bounds[i]) continue;
        const char* name = i == 0 ? "min" : "max";
        if (bounds[i]->dtype() != t)
            ctx.fail(ErrorKind::InvalidModel, "'", name, "' is ", bounds[i]->describe(), ", input is ",
                     dataTypeName(t));
        if (bounds[i]->numel() != 1)
            ctx.fail(ErrorKind::InvalidModel, "'", name, "' must be a scalar, got ", bounds[i]->describe());
    }
    if (isFloatingPoint(t)) {
        const double lo = bounds[0] ? readFloat(*bounds[0], 0) : -std::numeric_limits<double>::infinity();
        const double hi = bounds[1] ? readFloat(*bounds[1], 0) : std::numeric_limits<double>::infinity();
        mapFloatElements(ctx, [=](double v) {
            if (v < lo) v = lo;
            if (v > hi) v = hi;
            return v;
        });
        return;
    }
    bool done = visitIntegerType(t, [&](auto tag) {
        using T = decltype(tag);
        const T lo = bounds[0] ? bounds[0]->data<T>()[0] : std::numeric_limits<T>::lowest();
        const T hi = bounds[1] ? bounds[1]->data<T>()[0] : std::numeric_limits<T>::max();
        Tensor& y = ctx.allocateOutput(0, t, x.dims());
        for (int64_t i = 0; i < x.numel(); ++i) {
            T v = x.data<T>()[i];
            if (v < lo) v = lo;
            if (v > hi) v = hi;
            y.data<T>()[i] = v;
        }
    });
    if (!done) ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(t), " is not supported");
}

// PRelu(X, slope): slope broadcasts to X's shape (unidirectionally); y = x < 0 ? slope * x : x.
void preluKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    const Tensor& slope = ctx.input(1);
    if (slope.dtype() != x.dtype())
        ctx.fail(ErrorKind::InvalidModel, "slope is ", slope.describe(), ", X is ", x.describe());
    if (broadcastShape(ctx, {x.dims(), slope.dims()}) != x.dims())
        ctx.fail(ErrorKind::InvalidModel, "slope shape ", dimsToString(slope.dims()), " does not broadcast to X shape ",
                 dimsToString(x.dims()));
    const DataType t = x.dtype();
    Tensor& y = ctx.allocateOutput(0, t, x.dims());
    if (isFloatingPoint(t)) {
        for (int64_t i = 0; i < x.numel(); ++i) {
            double v = readFloat(x, i), s = readFloat(slope, broadcastOffset(i, x.dims(), slope.dims()));
            writeFloat(y, i, v < 0.0 ? s * v : v);
        }
        return;
    }
    bool done = visitIntegerType(t, [&](auto tag) {
        using T = decltype(tag);
        for (int64_t i = 0; i < x.numel(); ++i) {
            T v = x.data<T>()[i], s = slope.data<T>()[broadcastOffset(i, x.dims(), slope.dims())];
            y.data<T>()[i] = v < T(0) ? static_cast<T>(static_cast<uint64_t>(s) * static_cast<uint64_t>(v)) : v;
        }
    });
    if (!done) ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(t), " is not supported");
}

}  // namespace

void registerNaiveActivationKernels(KernelRegistry& registry) {
    addNaive(registry, "Relu", &reluKernel, naiveSignedNumericTypes());
    addNaive(registry, "Sigmoid", &sigmoidKernel, naiveFloatTypes());
    addNaive(registry, "Tanh", &tanhKernel, naiveFloatTypes());
    addNaive(registry, "Gelu", &geluKernel, naiveFloatTypes());
    addNaive(registry, "HardSigmoid", &hardSigmoidKernel, naiveFloatTypes());
    addNaive(registry, "HardSwish", &hardSwishKernel, naiveFloatTypes());
    addNaive(registry, "LeakyRelu", &leakyReluKernel, naiveFloatTypes());
    addNaive(registry, "Softplus", &softplusKernel, naiveFloatTypes());
    addNaive(registry, "Softsign", &softsignKernel, naiveFloatTypes());
    addNaive(registry, "Elu", &eluKernel, naiveFloatTypes());
    addNaive(registry, "Selu", &seluKernel, naiveFloatTypes());
    addNaive(registry, "Celu", &celuKernel, naiveFloatTypes());
    addNaive(registry, "Mish", &mishKernel, naiveFloatTypes());
    addNaive(registry, "ThresholdedRelu", &thresholdedReluKernel, naiveFloatTypes());
    addNaive(registry, "Shrink", &shrinkKernel, naiveNumericTypes());
    addNaive(registry, "Clip", &clipKernel, naiveNumericTypes());
    addNaive(registry, "PRelu", &preluKernel, naiveNumericTypes());
}

}  // namespace kiln::naive
