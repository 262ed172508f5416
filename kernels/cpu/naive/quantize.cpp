// The oracle's quantization ops (naive.h says what the oracle is), one element at a time:
//   QuantizeLinear:   y = saturate(round_half_even(x / scale) + zero_point)
//   DequantizeLinear: y = (x - zero_point) * scale
// x / scale and (x - zero_point) * scale are float32 operations, as the ONNX definition computes
// them (its reference divides float32 arrays; an int32 x divides in double, as numpy promotes); the
// oracle does those in float and rounds with std::nearbyint. NaN quantizes to the zero point (ONNX
// leaves it open). A scale is per tensor (one element) or per axis (1-D, dims[axis] values, opset 13);
// zero points have the scale's shape. A zero or non-finite scale is an error naming the node.
#include <cmath>
#include <optional>

#include "engine_core/onnx/onnx_types.h"
#include "kernels/cpu/naive/naive.h"

namespace kiln::naive {

namespace {

// Scale and zero point of one Q/DQ node: element c of each, for channel c of `axis`.
struct QuantParams {
    std::vector<float> scale;
    std::vector<int64_t> zero;  // empty: 0
    int64_t axis = 0, channels = 1, inner = 1;

    int64_t channelOf(int64_t i) const { return channels == 1 ? 0 : (i / inner) % channels; }
    float scaleAt(int64_t i) const { return scale[size_t(channelOf(i))]; }
    int64_t zeroAt(int64_t i) const { return zero.empty() ? 0 : zero[size_t(channelOf(i))]; }
};

QuantParams quantParams(const KernelContext& ctx, const Tensor& x, size_t scaleInput, size_t zeroInput) {
    const Tensor& scale = ctx.input(scaleInput);
    const Tensor* zero = ctx.optionalInput(zeroInput);
    if (!isFloatingPoint(scale.dtype()))
        ctx.fail(ErrorKind::InvalidArgument, "the scale must be a float tensor, got ", scale.describe());
    if (zero && zero->dims() != scale.dims())
        ctx.fail(ErrorKind::InvalidArgument, "the zero point ", zero->describe(), " and the scale ", scale.describe(),
                 " differ in shape");
    QuantParams p;
    if (scale.numel() != 1) {
        if (scale.rank() != 1)
            ctx.fail(ErrorKind::InvalidArgument, "the scale must be a scalar or 1-D, got ", scale.describe());
        p.axis = naiveAxis(ctx, ctx.node().attrInt("axis", 1), int64_t(x.rank()));
        p.channels = x.dim(int(p.axis));
        if (scale.numel() != p.channels)
            ctx.fail(ErrorKind::InvalidArgument, "the scale has ", scale.numel(), " values but axis ", p.axis, " of ",
                     x.describe(), " has ", p.channels);
        for (size_t d = size_t(p.axis) + 1; d < x.rank(); ++d) p.inner *= x.dim(int(d));
    }
    for (int64_t i = 0; i < scale.numel(); ++i) {
        const float s = float(readFloat(scale, i));
        if (s == 0.0f || !std::isfinite(s))
            ctx.fail(ErrorKind::InvalidArgument, "scale ", s, " at index ", i,
                     ": a quantization scale must be finite and non-zero");
        p.scale.push_back(s);
    }
    if (zero)
        for (int64_t i = 0; i < zero->numel(); ++i) p.zero.push_back(zero->scalarAsInt64(i));
    return p;
}

// QuantizeLinear's output type: the zero point's, else output_dtype (opset 21), else uint8.
DataType quantizedType(const KernelContext& ctx, size_t zeroInput) {
    if (const Tensor* zero = ctx.optionalInput(zeroInput)) return zero->dtype();
    const int64_t code = ctx.node().attrInt("output_dtype", 0);
    if (code == 0) return DataType::UInt8;
    std::optional<DataType> t = dataTypeFromOnnx(code);
    return t ? *t : DataType::Undefined;
}

template <typename T>
T saturateRounded(double q, int64_t zero) {
    const double r = std::isnan(q) ? 0.0 : std::nearbyint(q);
    const double v = r + double(zero);
    return T(std::clamp(v, double(std::numeric_limits<T>::min()), double(std::numeric_limits<T>::max())));
}

void quantizeLinear(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    const QuantParams p = quantParams(ctx, x, 1, 2);
    const DataType outType = quantizedType(ctx, 2);
    Tensor& y = ctx.allocateOutput(0, outType, x.dims());
    const bool integerX = x.dtype() == DataType::Int32;
    bool done = false;
    auto run = [&](auto tag) {
        using T = decltype(tag);
        T* py = y.data<T>();
        for (int64_t i = 0; i < x.numel(); ++i) {
            const double q = integerX ? double(x.data<int32_t>()[i]) / double(p.scaleAt(i))
                                      : double(float(readFloat(x, i)) / p.scaleAt(i));
            py[i] = saturateRounded<T>(q, p.zeroAt(i));
        }
        done = true;
    };
    if (outType == DataType::UInt8) run(uint8_t{});
    if (outType == DataType::Int8) run(int8_t{});
    if (!done) ctx.fail(ErrorKind::Unsupported, "quantizing to ", dataTypeName(outType), " is not supported (int8, uint8)");
}

void dequantizeLinear(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    const QuantParams p = quantParams(ctx, x, 1, 2);
    if (const Tensor* zero = ctx.optionalInput(2); zero && zero->dtype() != x.dtype())
        ctx.fail(ErrorKind::InvalidArgument, "x ", x.describe(), " and its zero point ", zero->describe(),
                 " differ in type");
    Tensor& y = ctx.allocateOutput(0, ctx.input(1).dtype(), x.dims());
    for (int64_t i = 0; i < x.numel(); ++i) {
        const float centred = float(x.scalarAsInt64(i)) - float(p.zeroAt(i));
        writeFloat(y, i, double(centred * p.scaleAt(i)));
    }
}

}  // namespace

void registerNaiveQuantizeKernels(KernelRegistry& registry) {
    addNaive(registry, "QuantizeLinear", &quantizeLinear,
             {DataType::Float32, DataType::Float16, DataType::BFloat16, DataType::Int32});
    addNaive(registry, "DequantizeLinear", &dequantizeLinear, {DataType::Int8, DataType::UInt8, DataType::Int32});
}

}  // namespace kiln::naive
