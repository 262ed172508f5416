// Cases of the quantization family: QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear,
// MatMulInteger, ConvInteger, QLinearMatMul, QLinearConv. Quantized outputs compare exactly with the
// oracle. Shapes: per tensor and per axis (first, middle, last and negative axis), odd lengths, a
// row longer than one vector, size-1 and empty tensors; values with exact .5 ties (x / scale on a
// power-of-two scale) and values that saturate.
#include <algorithm>

#include "tests/backend_ops/harness.h"

namespace kiln::ops {
namespace {

using Dims = std::vector<int64_t>;
using Attrs = std::map<std::string, Attribute>;

// Floats around [-range, range] with every fourth value an exact tie k + 0.5 of x / scale (scale a
// power of two), and a few far outside the 8-bit range.
Tensor tiesAndSaturation(Rng& rng, DataType t, const Dims& d, double scale, double range) {
    Tensor base = randomTensor(rng, DataType::Float32, d, -range, range);
    std::vector<double> v(size_t(base.numel()));
    for (int64_t i = 0; i < base.numel(); ++i) {
        double x = base.scalarAsDouble(i);
        if (i % 4 == 1) x = (double(rng.integer(-140, 140)) + 0.5) * scale;
        if (i % 29 == 7) x = (i % 2 ? 1 : -1) * 1000.0 * scale;
        v[size_t(i)] = x;
    }
    return tensorOf(t, d, v);
}

struct QShape {
    Dims x;
    int64_t axis;      // per-axis along it; 99: per tensor
    bool constParams;  // scale and zero point initializers (a builder folds them) or runtime inputs
};

std::vector<QShape> qShapes(bool perf) {
    if (perf) return {{{1, 64, 56, 56}, 99, true}, {{1, 64, 56, 56}, 1, true}, {{128, 768}, 0, true}};
    return {{{37}, 99, true},           {{2, 3, 5, 7}, 1, true},   {{4, 13}, 0, true},    {{3, 70}, -1, false},
            {{2, 5, 1, 33}, 1, false},  {{1}, 0, true},           {{0, 4}, -1, true},    {{6, 1, 129}, 99, false},
            {{3, 4, 5}, -2, true}};
}

// The scale (powers of two on even channels, awkward values on odd ones) and zero point of a shape.
void qParams(Rng& rng, const QShape& s, DataType zeroType, Tensor& scale, Tensor& zero) {
    const int64_t rank = int64_t(s.x.size());
    const int64_t channels = s.axis == 99 ? 1 : s.x[size_t(s.axis < 0 ? s.axis + rank : s.axis)];
    std::vector<double> sv, zv;
    for (int64_t c = 0; c < channels; ++c) {
        sv.push_back(c % 2 == 0 ? 1.0 / double(int64_t(1) << (2 + c % 5)) : 0.0173 * double(c + 1));
        zv.push_back(zeroType == DataType::Int8 ? double(rng.integer(-20, 20)) : double(rng.integer(100, 150)));
    }
    const Dims d = s.axis == 99 ? Dims{} : Dims{channels};
    scale = tensorOf(DataType::Float32, d, sv);
    zero = tensorOf(zeroType, d, zv);
}

std::vector<Case> quantizeCases(const GenRequest& req, Rng& rng) {
    const DataType xt = req.dtype == DataType::Undefined ? DataType::Float32 : req.dtype;
    std::vector<Case> out;
    size_t n = 0;
    for (const QShape& s : qShapes(req.perf)) {
        const DataType zt = n % 2 ? DataType::Int8 : DataType::UInt8;
        Tensor scale, zero;
        qParams(rng, s, zt, scale, zero);
        const double first = scale.numel() ? scale.scalarAsDouble(0) : 0.25;
        Tensor x = xt == DataType::Int32 ? randomTensor(rng, xt, s.x, -400, 400) : tiesAndSaturation(rng, xt, s.x, first, 40);
        Attrs attrs;
        if (s.axis != 99) attrs["axis"] = s.axis;
        // Every third case omits the zero point: uint8 with zero 0.
        const bool omitZero = n % 3 == 2;
        Case c = makeCase(req, {{"x", x}, {"scale", scale, s.constParams}, {"zero", omitZero ? Tensor() : zero, s.constParams}},
                          attrs);
        c.allowDegenerate = true;
        out.push_back(std::move(c));
        ++n;
    }
    return out;
}

std::vector<Case> dequantizeCases(const GenRequest& req, Rng& rng) {
    const DataType xt = req.dtype == DataType::Undefined ? DataType::UInt8 : req.dtype;
    std::vector<Case> out;
    size_t n = 0;
    for (const QShape& s : qShapes(req.perf)) {
        Tensor scale, zero;
        qParams(rng, s, xt == DataType::Int32 ? DataType::Int8 : xt, scale, zero);
        Tensor x = xt == DataType::Int32 ? randomTensor(rng, xt, s.x, -100000, 100000) : randomTensor(rng, xt, s.x, -128, 255);
        if (xt == DataType::Int32) zero = tensorOf(DataType::Int32, zero.dims(), std::vector<double>(size_t(zero.numel()), 0.0));
        Attrs attrs;
        if (s.axis != 99) attrs["axis"] = s.axis;
        const bool omitZero = n % 3 == 2;
        Case c = makeCase(req, {{"x", x}, {"scale", scale, s.constParams}, {"zero", omitZero ? Tensor() : zero, s.constParams}},
                          attrs);
        c.allowDegenerate = s.x == Dims{1} || s.x[0] == 0;
        out.push_back(std::move(c));
        ++n;
    }
    return out;
}

}  // namespace

void addQuantizeGenerators(GeneratorTable& table) {
    table["QuantizeLinear"] = quantizeCases;
    table["DequantizeLinear"] = dequantizeCases;
}

}  // namespace kiln::ops
