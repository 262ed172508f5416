// Activation functions (ONNX opset 21): Relu, Sigmoid, Tanh, Gelu, HardSigmoid, HardSwish,
// LeakyRelu, Clip, Softplus, Softsign, Elu, Selu, Celu, Mish, PRelu, ThresholdedRelu, Shrink.
#include <cmath>

#include "kernels/cpu/broadcast.h"
#include "kernels/cpu/elementwise_internal.h"
#include "kernels/cpu/fast_math.h"

namespace kiln::cpu {

namespace {

struct ReluOp {
    static constexpr bool kCheap = true;
    template <typename T>
    T operator()(T x) const { return x < T(0) ? T(0) : x; }  // NaN passes through
};
// fp32: 1 / (1 + e^-x) with fast_math's expApprox (a few ulp; e^-x overflowing to +inf gives 0),
// which vectorizes: with std::exp per element, EfficientNet-B0's 65 Sigmoids took 34 of its 53 ms.
// fp64: split by sign so exp never overflows.
struct SigmoidOp {
    template <typename T>
    T operator()(T x) const {
        if constexpr (std::is_same_v<T, float>) {
            return 1.f / (1.f + expApprox(-x));
        } else {
            if (x >= T(0)) return T(1) / (T(1) + std::exp(-x));
            T e = std::exp(x);
            return e / (T(1) + e);
        }
    }
};
// fp32 Tanh, Gelu, Softplus, Elu, Selu, Celu and Mish use fast_math.h's approximations (a few ulp;
// the fused epilogues and kiln::Pointwise use the same ones): per-element libm calls don't vectorize,
// and GPT-2's 12 tanh-GELUs over [1,128,3072] took 6.1 ms each (15 ns/element). fp64 keeps libm.
struct TanhOp {
    template <typename T>
    T operator()(T x) const {
        if constexpr (std::is_same_v<T, float>) return tanhApprox(x);
        else return std::tanh(x);
    }
};
// Gelu's two forms as two ops, so neither loop carries a select between both (which would compute
// erf and exp for every element).
struct GeluErfOp {
    template <typename T>
    T operator()(T x) const {
        if constexpr (std::is_same_v<T, float>) return geluApprox(x);
        else return T(0.5) * x * (T(1) + std::erf(x * T(0.7071067811865476)));
    }
};
struct GeluTanhOp {
    template <typename T>
    T operator()(T x) const {
        if constexpr (std::is_same_v<T, float>) {
            return geluTanhApprox(x);
        } else {
            const T k = T(0.7978845608028654);  // sqrt(2 / pi)
            return T(0.5) * x * (T(1) + std::tanh(k * (x + T(0.044715) * x * x * x)));
        }
    }
};
void geluKernel(KernelContext& ctx) {
    std::string a = ctx.node().attrString("approximate", "none");
    if (a != "none" && a != "tanh")
        ctx.fail(ErrorKind::InvalidModel, "attribute 'approximate' must be \"none\" or \"tanh\", got \"", a, "\"");
    if (a == "tanh") unaryFloatKernel<GeluTanhOp>(ctx);
    else unaryFloatKernel<GeluErfOp>(ctx);
}
struct HardSigmoidOp {
    static constexpr bool kCheap = true;
    float alpha, beta;
    explicit HardSigmoidOp(const KernelContext& ctx)
        : alpha(ctx.node().attrFloat("alpha", 0.2f)), beta(ctx.node().attrFloat("beta", 0.5f)) {}
    template <typename T>
    // NaN stays NaN (ONNX Runtime, numpy's clip): std::min(v, 1) and std::max(v, 0) return v then.
    T operator()(T x) const { return std::max(std::min(T(alpha) * x + T(beta), T(1)), T(0)); }
};
struct HardSwishOp {
    template <typename T>
    T operator()(T x) const { return x * std::max(T(0), std::min(T(1), x / T(6) + T(0.5))); }
};
struct LeakyReluOp {
    static constexpr bool kCheap = true;
    float alpha;
    explicit LeakyReluOp(const KernelContext& ctx) : alpha(ctx.node().attrFloat("alpha", 0.01f)) {}
    template <typename T>
    T operator()(T x) const { return x < T(0) ? T(alpha) * x : x; }
};
// log(1 + e^x) without overflow for large x and without cancellation for very negative x.
template <typename T>
T softplus(T x) {
    return x > T(0) ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
}
struct SoftplusOp {
    template <typename T>
    T operator()(T x) const {
        if constexpr (std::is_same_v<T, float>) return softplusApprox(x);
        else return softplus(x);
    }
};
struct SoftsignOp {
    template <typename T> T operator()(T x) const { return x / (T(1) + std::fabs(x)); }
};
struct EluOp {
    float alpha;
    explicit EluOp(const KernelContext& ctx) : alpha(ctx.node().attrFloat("alpha", 1.0f)) {}
    template <typename T>
    T operator()(T x) const {
        if constexpr (std::is_same_v<T, float>) return x < 0.f ? alpha * expm1Approx(x) : x;
        else return x < T(0) ? T(alpha) * std::expm1(x) : x;
    }
};
struct SeluOp {
    float alpha, gamma;
    explicit SeluOp(const KernelContext& ctx)
        : alpha(ctx.node().attrFloat("alpha", 1.67326319217681884765625f)),
          gamma(ctx.node().attrFloat("gamma", 1.05070102214813232421875f)) {}
    template <typename T>
    T operator()(T x) const {
        if constexpr (std::is_same_v<T, float>) return x > 0.f ? gamma * x : gamma * (alpha * expApprox(x) - alpha);
        else return x > T(0) ? T(gamma) * x : T(gamma) * (T(alpha) * std::exp(x) - T(alpha));
    }
};
struct CeluOp {
    float alpha;
    explicit CeluOp(const KernelContext& ctx) : alpha(ctx.node().attrFloat("alpha", 1.0f)) {
        if (alpha == 0.0f) ctx.fail(ErrorKind::InvalidModel, "attribute 'alpha' must not be 0");
    }
    template <typename T>
    T operator()(T x) const {
        if constexpr (std::is_same_v<T, float>) {
            // std::max/min as in the fp64 form, so NaN gives what it gives there.
            return std::max(0.f, x) + std::min(0.f, alpha * expm1Approx(x / alpha));
        } else {
            return std::max(T(0), x) + std::min(T(0), T(alpha) * std::expm1(x / T(alpha)));
        }
    }
};
struct MishOp {
    template <typename T>
    T operator()(T x) const {
        if constexpr (std::is_same_v<T, float>) return mishApprox(x);
        else return x * std::tanh(softplus(x));
    }
};
struct ThresholdedReluOp {
    static constexpr bool kCheap = true;
    float alpha;
    explicit ThresholdedReluOp(const KernelContext& ctx) : alpha(ctx.node().attrFloat("alpha", 1.0f)) {}
    template <typename T>
    T operator()(T x) const { return x > T(alpha) ? x : T(0); }
};
struct ShrinkOp {
    float bias, lambd;
    explicit ShrinkOp(const KernelContext& ctx)
        : bias(ctx.node().attrFloat("bias", 0.0f)), lambd(ctx.node().attrFloat("lambd", 0.5f)) {}
    template <typename T>
    T operator()(T x) const {
        if constexpr (std::is_floating_point_v<T>) {
            if (x < T(-lambd)) return T(x + T(bias));
            if (x > T(lambd)) return T(x - T(bias));
            return T(0);
        } else {
            double v = double(x);
            if (v < -lambd) return saturatingCast<T>(v + bias);
            if (v > lambd) return saturatingCast<T>(v - bias);
            return T(0);
        }
    }
};

// Reads an optional scalar bound of Clip; must have the input's type and one element.
template <typename T>
bool clipBound(const KernelContext& ctx, size_t index, DataType t, T& value) {
    const Tensor* b = ctx.optionalInput(index);
    if (!b) return false;
    const char* name = index == 1 ? "min" : "max";
    if (b->dtype() != t) ctx.fail(ErrorKind::InvalidModel, "'", name, "' is ", b->describe(), ", input is ", dataTypeName(t));
    if (b->numel() != 1) ctx.fail(ErrorKind::InvalidModel, "'", name, "' must be a scalar, got ", b->describe());
    if constexpr (std::is_same_v<T, float>) {
        value = float(b->scalarAsDouble(0));
    } else {
        value = b->data<T>()[0];
    }
    return true;
}

// Clip(x, min?, max?) = min(max(x, lo), hi): when lo > hi every element becomes hi, per the spec.
void clipKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    DataType t = x.dtype();
    // Clamps `in` into `out` (the planned output, or a temporary for the storage-only floats).
    auto run = [&](auto tag, const Tensor& in, DataType boundType, Tensor& out) {
        using T = decltype(tag);
        T lo = std::numeric_limits<T>::lowest(), hi = std::numeric_limits<T>::max();
        bool hasLo = clipBound(ctx, 1, boundType, lo);
        bool hasHi = clipBound(ctx, 2, boundType, hi);
        mapElements(in.data<T>(), out.data<T>(), in.numel(), [=](T v) {
            if (hasLo && v < lo) v = lo;
            if (hasHi && hi < v) v = hi;
            return v;
        });
    };
    if (isStorageFloat(t)) {
        Tensor wide = widenToFloat32(x);
        Tensor tmp(DataType::Float32, x.dims());
        run(float{}, wide, t, tmp);
        ctx.setOutput(0, narrowFromFloat32(tmp, t));
        return;
    }
    bool done = false;
    visitType(t, [&](auto tag) {
        using T = decltype(tag);
        if constexpr (!std::is_same_v<T, bool>) {
            run(T{}, x, t, ctx.allocateOutputReusing(0, 0, t, x.dims()));  // element i reads only i
            done = true;
        }
    });
    if (!done) ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(t), " is not supported");
}

// PRelu(X, slope): slope broadcasts to X's shape (unidirectionally).
void preluKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    const Tensor& slope = ctx.input(1);
    if (slope.dtype() != x.dtype())
        ctx.fail(ErrorKind::InvalidModel, "slope is ", slope.describe(), ", X is ", x.describe());
    DimVector dims;
    if (!tryBroadcastDims(x.dims(), slope.dims(), dims) || !sameDims(dims, x.dims()))
        ctx.fail(ErrorKind::InvalidModel, "slope shape ", dimsToString(slope.dims()),
                 " does not broadcast to X shape ", dimsToString(x.dims()));
    DataType t = x.dtype();
    auto prelu = [](auto v, auto s) { return v < decltype(v)(0) ? decltype(v)(v * s) : v; };
    if (isStorageFloat(t)) {
        Tensor wx = widenToFloat32(x), ws = widenToFloat32(slope);
        Tensor tmp(DataType::Float32, x.dims());
        broadcastBinary(wx.data<float>(), x.dims(), ws.data<float>(), slope.dims(), tmp.data<float>(), dims, prelu);
        ctx.setOutput(0, narrowFromFloat32(tmp, t));
        return;
    }
    bool done = false;
    visitType(t, [&](auto tag) {
        using T = decltype(tag);
        if constexpr (!std::is_same_v<T, bool>) {
            Tensor& y = ctx.allocateOutput(0, t, dims);
            broadcastBinary(x.data<T>(), x.dims(), slope.data<T>(), slope.dims(), y.data<T>(), dims,
                            [](T v, T s) { return v < T(0) ? static_cast<T>(v * s) : v; });
            done = true;
        }
    });
    if (!done) ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(t), " is not supported");
}

}  // namespace

void registerActivationKernels(KernelRegistry& registry) {
    auto addFloat = [&](const char* op, KernelFn fn) { registry.add(op, {fn, floatTypes()}); };
    registry.add("Relu", {&unaryNumericKernel<ReluOp>, signedNumericTypes()});
    addFloat("Sigmoid", &unaryFloatKernel<SigmoidOp>);
    addFloat("Tanh", &unaryFloatKernel<TanhOp>);
    addFloat("Gelu", &geluKernel);
    addFloat("HardSigmoid", &unaryFloatKernel<HardSigmoidOp>);
    addFloat("HardSwish", &unaryFloatKernel<HardSwishOp>);
    addFloat("LeakyRelu", &unaryFloatKernel<LeakyReluOp>);
    addFloat("Softplus", &unaryFloatKernel<SoftplusOp>);
    addFloat("Softsign", &unaryFloatKernel<SoftsignOp>);
    addFloat("Elu", &unaryFloatKernel<EluOp>);
    addFloat("Selu", &unaryFloatKernel<SeluOp>);
    addFloat("Celu", &unaryFloatKernel<CeluOp>);
    addFloat("Mish", &unaryFloatKernel<MishOp>);
    addFloat("ThresholdedRelu", &unaryFloatKernel<ThresholdedReluOp>);
    registry.add("Shrink", {&unaryNumericKernel<ShrinkOp>, numericTypes()});
    registry.add("Clip", {&clipKernel, numericTypes()});
    registry.add("PRelu", {&preluKernel, numericTypes()});
}

}  // namespace kiln::cpu
