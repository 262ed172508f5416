// The oracle's quantization ops (naive.h says what the oracle is), one element at a time:
//   QuantizeLinear:   y = saturate(round_half_even(x / scale) + zero_point)
//   DequantizeLinear: y = (x - zero_point) * scale
//   DynamicQuantizeLinear: scale = (max(x, 0) - min(x, 0)) / 255 (1 when that range is empty, as
//                     ONNX Runtime), zero = saturate(round(0 - min / scale)), y = QuantizeLinear(x)
//   MatMulInteger, ConvInteger: int32 sums of (a - a_zero) · (b - b_zero) (exact, in double)
//   QLinearMatMul, QLinearConv: those sums (+ the int32 bias) requantized as ONNX Runtime does:
//                     y = saturate(round_half_even(float(acc) · (a_scale · b_scale / y_scale)) + y_zero)
//                     with one float multiplier per output row/column/channel.
//   kiln::Int8Conv, kiln::Int8MatMul (engine_core/passes/fused_ops.h): QLinearConv and QLinearMatMul
//                     (b [K, N], plus an int32 bias per column), the result clamped to `clamp`.
// x / scale and (x - zero_point) * scale are float32 operations, as the ONNX definition computes
// them (its reference divides float32 arrays; an int32 x divides in double, as numpy promotes); the
// oracle does those in float and rounds with std::nearbyint. NaN quantizes to the zero point (ONNX
// leaves it open). A scale is per tensor (one element) or per axis (1-D, dims[axis] values, opset 13);
// zero points have the scale's shape. A zero or non-finite scale is an error naming the node.
#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

#include "engine_core/onnx/onnx_types.h"
#include "kernels/cpu/naive/naive.h"
#include "kernels/cpu/naive/naive_b_util.h"

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
    // One element each is per tensor whatever the shapes: quantize_static writes a [1] scale beside a
    // scalar zero point, which ONNX Runtime accepts.
    if (zero && zero->dims() != scale.dims() && !(zero->numel() == 1 && scale.numel() == 1))
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

void dynamicQuantizeLinear(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    if (x.dtype() != DataType::Float32)
        ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(x.dtype()), " is not supported (float32)");
    float lo = 0.0f, hi = 0.0f;
    for (int64_t i = 0; i < x.numel(); ++i) {
        const float v = x.data<float>()[i];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
    }
    const float scale = hi == lo ? 1.0f : (hi - lo) / 255.0f;
    const double zeroQ = std::clamp(double(0.0f - lo / scale), 0.0, 255.0);
    const int64_t zero = int64_t(std::nearbyint(zeroQ));
    Tensor& y = ctx.allocateOutput(0, DataType::UInt8, x.dims());
    for (int64_t i = 0; i < x.numel(); ++i)
        y.data<uint8_t>()[i] = saturateRounded<uint8_t>(double(x.data<float>()[i] / scale), zero);
    if (ctx.outputWanted(1)) ctx.allocateOutput(1, DataType::Float32, std::vector<int64_t>{}).data<float>()[0] = scale;
    if (ctx.outputWanted(2))
        ctx.allocateOutput(2, DataType::UInt8, std::vector<int64_t>{}).data<uint8_t>()[0] = uint8_t(zero);
}

// ---- Integer products -------------------------------------------------------------------------

bool isEightBit(DataType t) { return t == DataType::Int8 || t == DataType::UInt8; }

// An optional per-tensor or per-line (`lines` values) parameter as doubles: one value or `lines`.
std::vector<double> lineParam(const KernelContext& ctx, size_t input, int64_t lines, const char* what,
                              double fallback) {
    const Tensor* t = ctx.optionalInput(input);
    if (!t) return {fallback};
    if (t->numel() != 1 && (t->rank() != 1 || t->numel() != lines))
        ctx.fail(ErrorKind::Unsupported, what, " ", t->describe(), " must be a scalar or hold ", lines,
                 " values (1-D)");
    std::vector<double> v;
    for (int64_t i = 0; i < t->numel(); ++i) v.push_back(t->scalarAsDouble(i));
    return v;
}
double at(const std::vector<double>& v, int64_t i) { return v.size() == 1 ? v[0] : v[size_t(i)]; }

void checkScales(const KernelContext& ctx, std::initializer_list<size_t> inputs) {
    for (size_t i : inputs)
        for (int64_t k = 0; k < ctx.input(i).numel(); ++k) {
            const double s = ctx.input(i).scalarAsDouble(k);
            if (s == 0.0 || !std::isfinite(s))
                ctx.fail(ErrorKind::InvalidArgument, "scale ", s, " at index ", k, " of input ", i,
                         ": a quantization scale must be finite and non-zero");
        }
}

// A (an 8-bit matrix operand, [..., M, K] or [..., K, N]) minus its zero point per line, as fp64.
Tensor centred(const KernelContext& ctx, const Tensor& t, const std::vector<double>& zero, bool perRow) {
    if (!isEightBit(t.dtype()))
        ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(t.dtype()), " is not supported (int8, uint8)");
    Tensor out(DataType::Float64, t.dims());
    const int64_t cols = t.rank() ? t.dims().back() : 1;
    const int64_t rows = t.rank() >= 2 ? t.dim(int(t.rank()) - 2) : 1;
    for (int64_t i = 0; i < t.numel(); ++i) {
        const int64_t line = perRow ? (i / cols) % rows : i % cols;
        out.data<double>()[i] = double(t.scalarAsInt64(i)) - at(zero, line);
    }
    return out;
}

// The int32 sums of MatMulInteger / QLinearMatMul: A, B and their zero points at the given inputs.
DoubleResult integerMatMul(const KernelContext& ctx, size_t a, size_t aZero, size_t b, size_t bZero) {
    const Tensor& A = ctx.input(a);
    const Tensor& B = ctx.input(b);
    const int64_t M = A.rank() >= 2 ? A.dim(int(A.rank()) - 2) : 1;
    const int64_t N = B.rank() >= 2 ? B.dims().back() : 1;
    const Tensor ca = centred(ctx, A, lineParam(ctx, aZero, M, "a_zero_point", 0), true);
    const Tensor cb = centred(ctx, B, lineParam(ctx, bZero, N, "b_zero_point", 0), false);
    return matMulInDouble(ctx, ca, cb);
}

template <typename T>
void requantizeInto(Tensor& y, const DoubleResult& acc, const std::function<float(int64_t)>& multiplier, int64_t zero) {
    for (size_t i = 0; i < acc.values.size(); ++i) {
        const float v = float(int32_t(acc.values[i])) * multiplier(int64_t(i));
        y.data<T>()[i] = saturateRounded<T>(double(v), zero);
    }
}

// y (of y_zero_point's type) = requantized acc; multiplier(i) gives element i's float multiplier.
void writeRequantized(KernelContext& ctx, const DoubleResult& acc, size_t yZero,
                      const std::function<float(int64_t)>& multiplier) {
    const Tensor& z = ctx.input(yZero);
    if (!isEightBit(z.dtype()) || z.numel() != 1)
        ctx.fail(ErrorKind::Unsupported, "y_zero_point ", z.describe(), " must be one int8 or uint8 value");
    Tensor& y = ctx.allocateOutput(0, z.dtype(), acc.dims);
    if (z.dtype() == DataType::UInt8) requantizeInto<uint8_t>(y, acc, multiplier, z.scalarAsInt64(0));
    else requantizeInto<int8_t>(y, acc, multiplier, z.scalarAsInt64(0));
}

void writeInt32(KernelContext& ctx, const DoubleResult& acc) {
    Tensor& y = ctx.allocateOutput(0, DataType::Int32, acc.dims);
    for (size_t i = 0; i < acc.values.size(); ++i) y.data<int32_t>()[i] = int32_t(acc.values[i]);
}

void matMulInteger(KernelContext& ctx) { writeInt32(ctx, integerMatMul(ctx, 0, 2, 1, 3)); }

// QLinearMatMul(a, a_scale, a_zero, b, b_scale, b_zero, y_scale, y_zero).
void qLinearMatMul(KernelContext& ctx) {
    checkScales(ctx, {1, 4, 6});
    const DoubleResult acc = integerMatMul(ctx, 0, 2, 3, 5);
    const Tensor& A = ctx.input(0);
    const Tensor& B = ctx.input(3);
    const int64_t M = A.rank() >= 2 ? A.dim(int(A.rank()) - 2) : 1, N = B.rank() >= 2 ? B.dims().back() : 1;
    const std::vector<double> as = lineParam(ctx, 1, M, "a_scale", 1), bs = lineParam(ctx, 4, N, "b_scale", 1);
    const float ys = float(ctx.input(6).scalarAsDouble(0));
    const int64_t outN = B.rank() >= 2 ? N : 1, outM = A.rank() >= 2 ? M : 1;
    writeRequantized(ctx, acc, 7, [&](int64_t i) {
        const int64_t n = i % outN, m = (i / outN) % outM;
        return float(at(as, m)) * float(at(bs, n)) / ys;
    });
}

// The int32 sums of ConvInteger / QLinearConv: sum over c < C/group and the taps k of
// (w[m, c, k] - w_zero[m]) · (x[n, g·C/group + c, o·stride + k·dilation - padBegin] - x_zero), taps in
// the padding contributing nothing (a padded x equals x_zero); plus bias[m] when given.
DoubleResult integerConv(const KernelContext& ctx, size_t xi, size_t xZero, size_t wi, size_t wZero, size_t bias) {
    const Tensor& X = ctx.input(xi);
    const Tensor& W = ctx.input(wi);
    if (!isEightBit(X.dtype()) || !isEightBit(W.dtype()))
        ctx.fail(ErrorKind::Unsupported, "x ", X.describe(), " and w ", W.describe(), " must be int8 or uint8");
    if (X.rank() < 3 || W.rank() != X.rank())
        ctx.fail(ErrorKind::InvalidArgument, "x ", X.describe(), " and w ", W.describe(), " must be [N, C, ...] and [M, C/group, ...]");
    const int64_t N = X.dim(0), C = X.dim(1), M = W.dim(0), G = ctx.node().attrInt("group", 1);
    if (G < 1 || C % G != 0 || M % G != 0 || W.dim(1) * G != C)
        ctx.fail(ErrorKind::InvalidArgument, "channels do not match group ", G, ": x ", X.describe(), ", w ", W.describe());
    const std::vector<double> xz = lineParam(ctx, xZero, 1, "x_zero_point", 0);
    const std::vector<double> wz = lineParam(ctx, wZero, M, "w_zero_point", 0);
    const Tensor* B = bias == size_t(-1) ? nullptr : ctx.optionalInput(bias);
    if (B && (B->dtype() != DataType::Int32 || B->numel() != M))
        ctx.fail(ErrorKind::InvalidArgument, "bias ", B->describe(), " must be int32 [", M, "]");
    const size_t r = X.rank() - 2;
    const std::vector<int64_t> inSpatial(X.dims().begin() + 2, X.dims().end());
    const std::vector<int64_t> kernel(W.dims().begin() + 2, W.dims().end());
    const ForwardWindow win = forwardWindow(ctx, inSpatial, kernel, false);
    const int64_t Cg = C / G, Mg = M / G, inSize = elementCount(inSpatial), outSize = elementCount(win.out),
                  K = elementCount(kernel);
    const std::vector<int64_t> inStrides = rowMajorStrides(inSpatial);
    DoubleResult result;
    result.dims = {N, M};
    result.dims.insert(result.dims.end(), win.out.begin(), win.out.end());
    result.values.assign(size_t(N * M * outSize), 0.0);
    std::vector<int64_t> pos(r);
    for (int64_t n = 0; n < N; ++n)
        for (int64_t m = 0; m < M; ++m)
            for (int64_t o = 0; o < outSize; ++o) {
                const std::vector<int64_t> op = unravel(o, win.out);
                double acc = B ? double(B->data<int32_t>()[m]) : 0.0;
                for (int64_t c = 0; c < Cg; ++c)
                    for (int64_t k = 0; k < K; ++k) {
                        const std::vector<int64_t> tap = unravel(k, kernel);
                        bool inside = true;
                        for (size_t d = 0; d < r; ++d) {
                            pos[d] = op[d] * win.stride[d] + tap[d] * win.dilation[d] - win.padBegin[d];
                            inside = inside && pos[d] >= 0 && pos[d] < inSpatial[d];
                        }
                        if (!inside) continue;
                        const double xv = double(X.scalarAsInt64((n * C + (m / Mg) * Cg + c) * inSize + flatOffset(pos, inStrides)));
                        const double wv = double(W.scalarAsInt64((m * Cg + c) * K + k));
                        acc += (wv - at(wz, m)) * (xv - xz[0]);
                    }
                result.values[size_t((n * M + m) * outSize + o)] = acc;
            }
    return result;
}

void convInteger(KernelContext& ctx) { writeInt32(ctx, integerConv(ctx, 0, 2, 1, 3, size_t(-1))); }

// QLinearConv(x, x_scale, x_zero, w, w_scale, w_zero, y_scale, y_zero, B?).
void qLinearConv(KernelContext& ctx) {
    checkScales(ctx, {1, 4, 6});
    const DoubleResult acc = integerConv(ctx, 0, 2, 3, 5, 8);
    const int64_t M = ctx.input(3).dim(0);
    const int64_t outSize = elementCount(std::vector<int64_t>(acc.dims.begin() + 2, acc.dims.end()));
    const float xs = float(ctx.input(1).scalarAsDouble(0)), ys = float(ctx.input(6).scalarAsDouble(0));
    const std::vector<double> ws = lineParam(ctx, 4, M, "w_scale", 1);
    writeRequantized(ctx, acc, 7, [&](int64_t i) { return xs * float(at(ws, (i / outSize) % M)) / ys; });
}

// The `clamp` [lo, hi] of kiln::Int8Conv / Int8MatMul (a folded Relu / Clip) applied to output 0.
void clampOutput(KernelContext& ctx) {
    Tensor& y = ctx.output(0);
    const std::vector<int64_t> range = ctx.node().attrInts("clamp", {-128, 255});
    if (range.size() != 2 || range[0] > range[1]) ctx.fail(ErrorKind::InvalidModel, "clamp must be two ints [lo, hi] with lo <= hi");
    for (int64_t i = 0; i < y.numel(); ++i) {
        const int64_t v = std::clamp(y.scalarAsInt64(i), range[0], range[1]);
        if (y.dtype() == DataType::Int8) y.data<int8_t>()[i] = int8_t(v);
        else y.data<uint8_t>()[i] = uint8_t(v);
    }
}

// kiln::Int8Conv: QLinearConv, then the clamp (engine_core/passes/fused_ops.h).
void int8Conv(KernelContext& ctx) {
    qLinearConv(ctx);
    clampOutput(ctx);
}

// kiln::Int8MatMul(a, a_scale, a_zero, b [K, N], b_scale, b_zero, y_scale, y_zero, bias?): QLinearMatMul
// with the int32 bias[n] added to the sums, then the clamp.
void int8MatMul(KernelContext& ctx) {
    checkScales(ctx, {1, 4, 6});
    const Tensor& B = ctx.input(3);
    if (B.rank() != 2) ctx.fail(ErrorKind::InvalidArgument, "b ", B.describe(), " must be [K, N]");
    const int64_t N = B.dim(1);
    DoubleResult acc = integerMatMul(ctx, 0, 2, 3, 5);
    if (const Tensor* bias = ctx.optionalInput(8)) {
        if (bias->dtype() != DataType::Int32 || bias->numel() != N)
            ctx.fail(ErrorKind::InvalidArgument, "bias ", bias->describe(), " must be int32 [", N, "]");
        for (size_t i = 0; i < acc.values.size(); ++i) acc.values[i] += double(bias->data<int32_t>()[i % size_t(N)]);
    }
    const std::vector<double> bs = lineParam(ctx, 4, N, "b_scale", 1);
    const float as = float(ctx.input(1).scalarAsDouble(0)), ys = float(ctx.input(6).scalarAsDouble(0));
    writeRequantized(ctx, acc, 7, [&](int64_t i) { return as * float(at(bs, i % N)) / ys; });
    clampOutput(ctx);
}

}  // namespace

// kiln::Int8Table(x, table): y[i] = table[x[i] - lowest of x's type] (engine_core/passes/fused_ops.h).
void int8Table(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    const Tensor& table = ctx.input(1);
    if (table.numel() != 256 || (table.dtype() != DataType::Int8 && table.dtype() != DataType::UInt8))
        ctx.fail(ErrorKind::InvalidArgument, "table ", table.describe(), " must hold 256 int8 or uint8 values");
    Tensor& y = ctx.allocateOutput(0, table.dtype(), x.dims());
    const int64_t lowest = x.dtype() == DataType::Int8 ? -128 : 0;
    for (int64_t i = 0; i < x.numel(); ++i) {
        const int64_t k = x.scalarAsInt64(i) - lowest;
        if (table.dtype() == DataType::Int8) y.data<int8_t>()[i] = table.data<int8_t>()[k];
        else y.data<uint8_t>()[i] = table.data<uint8_t>()[k];
    }
}

// kiln::Int8Add: QLinearAdd (one shape, per tensor), then the clamp (engine_core/passes/fused_ops.h).
// Each step in float as the contract writes it (no FMA contraction, which -march=native would
// allow), the rounding by nearbyint (half to even).
__attribute__((optimize("fp-contract=off"))) void int8Add(KernelContext& ctx) {
    const Tensor& a = ctx.input(0);
    const Tensor& b = ctx.input(3);
    if (a.dims() != b.dims()) ctx.fail(ErrorKind::InvalidArgument, "a ", a.describe(), " and b ", b.describe(), " must have one shape");
    for (size_t i : {1u, 2u, 4u, 5u, 6u, 7u})
        if (ctx.input(i).numel() != 1) ctx.fail(ErrorKind::InvalidArgument, "input ", i, " must be one value (per tensor)");
    const Tensor& yzT = ctx.input(7);
    const float as = float(ctx.input(1).scalarAsDouble(0)), bs = float(ctx.input(4).scalarAsDouble(0));
    const float ys = float(ctx.input(6).scalarAsDouble(0));
    const float az = float(ctx.input(2).scalarAsInt64(0)), bz = float(ctx.input(5).scalarAsInt64(0));
    const int64_t yz = yzT.scalarAsInt64(0);
    const int64_t lowest = yzT.dtype() == DataType::Int8 ? -128 : 0, highest = lowest + 255;
    Tensor& y = ctx.allocateOutput(0, yzT.dtype(), a.dims());
    for (int64_t i = 0; i < a.numel(); ++i) {
        const float fa = (float(a.scalarAsInt64(i)) - az) * as;
        const float fb = (float(b.scalarAsInt64(i)) - bz) * bs;
        const float sum = fa + fb;
        const float q = sum / ys;
        const double r = std::nearbyint(double(q)) + double(yz);
        const int64_t v = int64_t(std::clamp(r, double(lowest), double(highest)));
        if (y.dtype() == DataType::Int8) y.data<int8_t>()[i] = int8_t(v);
        else y.data<uint8_t>()[i] = uint8_t(v);
    }
    clampOutput(ctx);
}

void registerNaiveQuantizeKernels(KernelRegistry& registry) {
    addNaive(registry, "QuantizeLinear", &quantizeLinear,
             {DataType::Float32, DataType::Float16, DataType::BFloat16, DataType::Int32});
    addNaive(registry, "DequantizeLinear", &dequantizeLinear, {DataType::Int8, DataType::UInt8, DataType::Int32});
    addNaive(registry, "DynamicQuantizeLinear", &dynamicQuantizeLinear, {DataType::Float32});
    const std::vector<DataType> eightBit = {DataType::Int8, DataType::UInt8};
    addNaive(registry, "MatMulInteger", &matMulInteger, eightBit);
    addNaive(registry, "QLinearMatMul", &qLinearMatMul, eightBit);
    addNaive(registry, "ConvInteger", &convInteger, eightBit);
    addNaive(registry, "QLinearConv", &qLinearConv, eightBit);
    addNaive(registry, "Int8Conv", &int8Conv, eightBit, "kiln");
    addNaive(registry, "Int8MatMul", &int8MatMul, eightBit, "kiln");
    addNaive(registry, "Int8Table", &int8Table, eightBit, "kiln");
    addNaive(registry, "Int8Add", &int8Add, eightBit, "kiln");
}

}  // namespace kiln::naive
