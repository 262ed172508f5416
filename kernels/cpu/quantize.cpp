// QuantizeLinear and DequantizeLinear on the CPU (the oracle is kernels/cpu/naive/quantize.cpp):
//   Q:  y = saturate(round_half_even(x / scale) + zero_point)     (x / scale in float32, as ONNX)
//   DQ: y = (x - zero_point) * scale                                (float32)
// Per tensor or per axis (one scale and zero point per index of `axis`). The tensor is walked as
// [outer, channels, inner] rows of one (scale, zero point), each row a vectorized loop split over the
// thread pool. Q rounds without a call: the quotient is clamped to [qmin - zp, qmax - zp] first
// (integers are fixed points of rounding, so clamping first changes nothing), where |q| < 2^22 and
// (q + 1.5·2^23) - 1.5·2^23 is q rounded half to even in the default rounding mode. NaN gives the
// zero point. A zero or non-finite scale is an error naming the node.
#include "kernels/cpu/quantize.h"

#include <cmath>
#include <limits>
#include <optional>

#include "engine_core/common/parallel.h"
#include "engine_core/onnx/onnx_types.h"
#include "kernels/cpu/dispatch.h"
#include "kernels/cpu/isa.h"
#include "kernels/cpu/register.h"

namespace kiln::cpu {

namespace {

constexpr float kRoundMagic = 12582912.0f;  // 1.5 · 2^23

template <typename T>
KILN_ALWAYS_INLINE void quantizeRowBody(const float* x, T* y, int64_t n, float scale, int32_t zero) {
    const float lo = float(int32_t(std::numeric_limits<T>::min()) - zero);
    const float hi = float(int32_t(std::numeric_limits<T>::max()) - zero);
    for (int64_t i = 0; i < n; ++i) {
        float q = x[i] / scale;
        q = q == q ? q : 0.0f;
        q = q < lo ? lo : q;
        q = q > hi ? hi : q;
        const float r = (q + kRoundMagic) - kRoundMagic;
        y[i] = T(int32_t(r) + zero);
    }
}

template <typename T>
void quantizeRowPlain(const float* x, T* y, int64_t n, float scale, int32_t zero) {
    quantizeRowBody(x, y, n, scale, zero);
}
template <typename T>
KILN_TARGET_AVX512 void quantizeRowAvx512(const float* x, T* y, int64_t n, float scale, int32_t zero) {
    quantizeRowBody(x, y, n, scale, zero);
}

// y[i] = saturate(round_half_even(float(acc[i] + bias) · mult) + zero), one multiplier for the row
// (PerElement false) or one per element.
template <bool PerElement, typename T>
KILN_ALWAYS_INLINE void requantizeRowBody(const int32_t* acc, T* y, int64_t n, const float* mult, int32_t bias,
                                          int32_t zero) {
    const float lo = float(int32_t(std::numeric_limits<T>::min()) - zero);
    const float hi = float(int32_t(std::numeric_limits<T>::max()) - zero);
    for (int64_t i = 0; i < n; ++i) {
        float q = float(acc[i] + bias) * mult[PerElement ? i : 0];
        q = q < lo ? lo : q;
        q = q > hi ? hi : q;
        const float r = (q + kRoundMagic) - kRoundMagic;
        y[i] = T(int32_t(r) + zero);
    }
}
template <bool PerElement, typename T>
void requantizeRowPlain(const int32_t* acc, T* y, int64_t n, const float* mult, int32_t bias, int32_t zero) {
    requantizeRowBody<PerElement>(acc, y, n, mult, bias, zero);
}
template <bool PerElement, typename T>
KILN_TARGET_AVX512 void requantizeRowAvx512(const int32_t* acc, T* y, int64_t n, const float* mult, int32_t bias,
                                            int32_t zero) {
    requantizeRowBody<PerElement>(acc, y, n, mult, bias, zero);
}

template <typename X>
KILN_ALWAYS_INLINE void dequantizeRowBody(const X* x, float* y, int64_t n, float scale, int32_t zero) {
    const float z = float(zero);
    for (int64_t i = 0; i < n; ++i) y[i] = (float(x[i]) - z) * scale;
}
template <typename X>
void dequantizeRowPlain(const X* x, float* y, int64_t n, float scale, int32_t zero) {
    dequantizeRowBody(x, y, n, scale, zero);
}
template <typename X>
KILN_TARGET_AVX512 void dequantizeRowAvx512(const X* x, float* y, int64_t n, float scale, int32_t zero) {
    dequantizeRowBody(x, y, n, scale, zero);
}

// Element i belongs to channel (i / inner) % channels; rows of `inner` elements share one channel.
// The scales and zero points live in the layer's workspace: a planned run allocates nothing.
struct QuantLayout {
    const float* scale = nullptr;
    const int32_t* zero = nullptr;  // one per scale (0 when the zero point is omitted)
    int64_t channels = 1, inner = 1;
};

QuantLayout quantLayout(KernelContext& ctx, const Tensor& x) {
    const Tensor& scale = ctx.input(1);
    const Tensor* zero = ctx.optionalInput(2);
    if (!isFloatingPoint(scale.dtype()))
        ctx.fail(ErrorKind::InvalidArgument, "the scale must be a float tensor, got ", scale.describe());
    // One element each is per tensor whatever the shapes: quantize_static writes a [1] scale beside a
    // scalar zero point, which ONNX Runtime accepts.
    if (zero && zero->dims() != scale.dims() && !(zero->numel() == 1 && scale.numel() == 1))
        ctx.fail(ErrorKind::InvalidArgument, "the zero point ", zero->describe(), " and the scale ", scale.describe(),
                 " differ in shape");
    QuantLayout l;
    // Per tensor: one row of every element (rows of one element cost a call each: 3.5 ns per
    // element on ResNet-18's 0.8M-element DequantizeLinear).
    l.inner = x.numel();
    if (scale.numel() != 1) {
        if (scale.rank() != 1)
            ctx.fail(ErrorKind::InvalidArgument, "the scale must be a scalar or 1-D, got ", scale.describe());
        const int64_t axis = normalizeAxis(ctx, ctx.node().attrInt("axis", 1), int64_t(x.rank()));
        l.channels = x.dim(int(axis));
        if (scale.numel() != l.channels)
            ctx.fail(ErrorKind::InvalidArgument, "the scale has ", scale.numel(), " values but axis ", axis, " of ",
                     x.describe(), " has ", l.channels);
        l.inner = dimProduct(x.dims(), size_t(axis) + 1, x.rank());
    }
    Tensor holder;
    const Tensor& s = widenedToFloat32(scale, holder);
    float* scales = ctx.scratchArray<float>(size_t(std::max<int64_t>(s.numel(), 1)));
    int32_t* zeros = ctx.scratchArray<int32_t>(size_t(std::max<int64_t>(s.numel(), 1)));
    for (int64_t i = 0; i < s.numel(); ++i) {
        const float v = s.dtype() == DataType::Float64 ? float(s.data<double>()[i]) : s.data<float>()[i];
        if (v == 0.0f || !std::isfinite(v))
            ctx.fail(ErrorKind::InvalidArgument, "scale ", v, " at index ", i,
                     ": a quantization scale must be finite and non-zero");
        scales[i] = v;
        zeros[i] = zero ? int32_t(zero->scalarAsInt64(i)) : 0;
    }
    l.scale = scales;
    l.zero = zeros;
    return l;
}

// fn(x offset, count, scale, zero) over every row, rows split over the pool (long rows in pieces).
template <typename Fn>
void forEachRow(int64_t numel, const QuantLayout& l, Fn&& fn) {
    const int64_t rows = l.inner == 0 ? 0 : numel / l.inner;
    const int64_t piece = std::max<int64_t>(1, std::min(l.inner, kGrainElements / 4));
    const int64_t piecesPerRow = (l.inner + piece - 1) / piece;
    parallelFor(rows * piecesPerRow, std::max<int64_t>(1, kGrainElements / piece), [&](int64_t begin, int64_t end) {
        for (int64_t t = begin; t < end; ++t) {
            const int64_t row = t / piecesPerRow, start = (t % piecesPerRow) * piece;
            const int64_t c = row % l.channels;
            fn(row * l.inner + start, std::min(piece, l.inner - start), l.scale[c], l.zero[c]);
        }
    });
}

}  // namespace

DataType quantizeLinearOutputType(const KernelContext& ctx) {
    if (const Tensor* zero = ctx.optionalInput(2)) return zero->dtype();
    const int64_t code = ctx.node().attrInt("output_dtype", 0);
    if (code == 0) return DataType::UInt8;
    std::optional<DataType> t = dataTypeFromOnnx(code);
    return t ? *t : DataType::Undefined;
}

void quantizeFloats(const float* x, void* y, bool isSigned, int64_t n, float scale, int32_t zero) {
    const bool avx512 = avx512Enabled();
    if (isSigned) {
        int8_t* q = static_cast<int8_t*>(y);
        avx512 ? quantizeRowAvx512(x, q, n, scale, zero) : quantizeRowPlain(x, q, n, scale, zero);
    } else {
        uint8_t* q = static_cast<uint8_t*>(y);
        avx512 ? quantizeRowAvx512(x, q, n, scale, zero) : quantizeRowPlain(x, q, n, scale, zero);
    }
}

void requantizeInt32(const int32_t* acc, void* y, bool isSigned, int64_t n, const float* multipliers,
                     bool perElement, int32_t bias, int32_t zero) {
    const bool avx512 = avx512Enabled();
    auto run = [&](auto* out) {
        if (perElement)
            avx512 ? requantizeRowAvx512<true>(acc, out, n, multipliers, bias, zero)
                   : requantizeRowPlain<true>(acc, out, n, multipliers, bias, zero);
        else
            avx512 ? requantizeRowAvx512<false>(acc, out, n, multipliers, bias, zero)
                   : requantizeRowPlain<false>(acc, out, n, multipliers, bias, zero);
    };
    if (isSigned) run(static_cast<int8_t*>(y));
    else run(static_cast<uint8_t*>(y));
}

namespace {

// DynamicQuantizeLinear: scale = (max(x, 0) - min(x, 0)) / 255 (1 when that range is empty, as ONNX
// Runtime does), zero = saturate(round(0 - min / scale)), y = QuantizeLinear(x, scale, zero) as uint8.
void dynamicQuantizeLinearKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    if (x.dtype() != DataType::Float32)
        ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(x.dtype()), " is not supported (float32)");
    const float* px = x.data<float>();
    const int64_t n = x.numel();
    float lo = 0.0f, hi = 0.0f;
    for (int64_t i = 0; i < n; ++i) {
        lo = px[i] < lo ? px[i] : lo;
        hi = px[i] > hi ? px[i] : hi;
    }
    const float scale = hi == lo ? 1.0f : (hi - lo) / 255.0f;
    const int32_t zero = int32_t(std::nearbyint(std::clamp(double(0.0f - lo / scale), 0.0, 255.0)));
    uint8_t* py = ctx.allocateOutput(0, DataType::UInt8, x.dims()).data<uint8_t>();
    parallelFor(n, kGrainElements / 4, [&](int64_t begin, int64_t end) {
        quantizeFloats(px + begin, py + begin, false, end - begin, scale, zero);
    });
    if (ctx.outputWanted(1)) ctx.allocateOutput(1, DataType::Float32, std::span<const int64_t>()).data<float>()[0] = scale;
    if (ctx.outputWanted(2))
        ctx.allocateOutput(2, DataType::UInt8, std::span<const int64_t>()).data<uint8_t>()[0] = uint8_t(zero);
}

void quantizeLinearKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    const QuantLayout l = quantLayout(ctx, x);
    const DataType outType = quantizeLinearOutputType(ctx);
    if (outType != DataType::UInt8 && outType != DataType::Int8)
        ctx.fail(ErrorKind::Unsupported, "quantizing to ", dataTypeName(outType), " is not supported (int8, uint8)");
    const bool isSigned = outType == DataType::Int8;
    Tensor& y = ctx.allocateOutput(0, outType, x.dims());
    uint8_t* py = static_cast<uint8_t*>(y.raw());
    if (x.dtype() == DataType::Int32) {
        // int32 / float scale divides in double (numpy's promotion in the ONNX definition).
        const int32_t* px = x.data<int32_t>();
        forEachRow(x.numel(), l, [&](int64_t off, int64_t n, float scale, int32_t zero) {
            for (int64_t i = off; i < off + n; ++i) {
                double q = std::nearbyint(double(px[i]) / double(scale)) + zero;
                q = std::clamp(q, isSigned ? -128.0 : 0.0, isSigned ? 127.0 : 255.0);
                py[i] = isSigned ? uint8_t(int8_t(q)) : uint8_t(q);
            }
        });
        return;
    }
    Tensor holder;
    const float* px = widenedToFloat32(x, holder).data<float>();
    forEachRow(x.numel(), l, [&](int64_t off, int64_t n, float scale, int32_t zero) {
        quantizeFloats(px + off, py + off, isSigned, n, scale, zero);
    });
}

void dequantizeLinearKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    const QuantLayout l = quantLayout(ctx, x);
    if (const Tensor* zero = ctx.optionalInput(2); zero && zero->dtype() != x.dtype())
        ctx.fail(ErrorKind::InvalidArgument, "x ", x.describe(), " and its zero point ", zero->describe(),
                 " differ in type");
    const DataType outType = ctx.input(1).dtype();
    Tensor wide;
    float* py;
    if (outType == DataType::Float32) {
        py = ctx.allocateOutput(0, outType, x.dims()).data<float>();
    } else {
        wide = Tensor(DataType::Float32, x.dims());
        py = wide.data<float>();
    }
    const bool avx512 = avx512Enabled();
    visitType(x.dtype(), [&](auto tag) {
        using X = decltype(tag);
        if constexpr (std::is_same_v<X, int8_t> || std::is_same_v<X, uint8_t> || std::is_same_v<X, int32_t>) {
            const X* px = x.data<X>();
            forEachRow(x.numel(), l, [&](int64_t off, int64_t n, float scale, int32_t zero) {
                avx512 ? dequantizeRowAvx512(px + off, py + off, n, scale, zero)
                       : dequantizeRowPlain(px + off, py + off, n, scale, zero);
            });
        } else {
            ctx.fail(ErrorKind::Unsupported, "dequantizing ", dataTypeName(x.dtype()), " is not supported");
        }
    });
    if (outType != DataType::Float32) ctx.setOutput(0, narrowFromFloat32(wide, outType));
}

}  // namespace

void registerQuantizeKernels(KernelRegistry& registry) {
    registry.add("QuantizeLinear",
                 KernelDef{&quantizeLinearKernel, {DataType::Float32, DataType::Float16, DataType::BFloat16, DataType::Int32}});
    registry.add("DequantizeLinear", KernelDef{&dequantizeLinearKernel, {DataType::Int8, DataType::UInt8, DataType::Int32}});
    registry.add("DynamicQuantizeLinear", KernelDef{&dynamicQuantizeLinearKernel, {DataType::Float32}});
    registerQuantizedLinearKernels(registry);
    registerInt8LayerKernels(registry);
}

}  // namespace kiln::cpu
