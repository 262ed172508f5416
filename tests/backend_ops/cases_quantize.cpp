// Cases of the quantization family: QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear,
// MatMulInteger, ConvInteger, QLinearMatMul, QLinearConv, and the int8 layers folded from Q/DQ
// models, kiln::Int8Conv (QLinearConv's cases with a clamp) and kiln::Int8MatMul. Quantized outputs compare exactly with the
// oracle. Shapes: per tensor and per axis (first, middle, last and negative axis), odd lengths, a
// row longer than one vector, size-1 and empty tensors; values with exact .5 ties (x / scale on a
// power-of-two scale) and values that saturate.
#include <algorithm>
#include <cmath>

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

std::vector<Case> dynamicQuantizeCases(const GenRequest& req, Rng& rng) {
    std::vector<Case> out;
    const std::vector<std::pair<Dims, std::pair<double, double>>> shapes =
        req.perf ? std::vector<std::pair<Dims, std::pair<double, double>>>{{{64, 768}, {-3, 5}}}
                 : std::vector<std::pair<Dims, std::pair<double, double>>>{
                       {{37}, {-1, 1}}, {{3, 65}, {0.5, 7}}, {{2, 3, 17}, {-9, -0.25}}, {{1}, {2, 2}}, {{0, 3}, {0, 0}}};
    for (const auto& [d, range] : shapes) {
        Case c = makeCase(req, {{"x", randomTensor(rng, DataType::Float32, d, range.first, range.second)}});
        c.numOutputs = 3;
        c.allowDegenerate = true;
        out.push_back(std::move(c));
    }
    return out;
}

// 8-bit operands: uint8 around 128, int8 around 0; zero points inside the range.
Tensor eightBit(Rng& rng, DataType t, const Dims& d) {
    return t == DataType::UInt8 ? randomTensor(rng, t, d, 0, 255) : randomTensor(rng, t, d, -128, 127);
}
Tensor zeroOf(Rng& rng, DataType t, const Dims& d) {
    return t == DataType::UInt8 ? randomTensor(rng, t, d, 100, 160) : randomTensor(rng, t, d, -20, 20);
}
DataType other(DataType t) { return t == DataType::UInt8 ? DataType::Int8 : DataType::UInt8; }

struct MatMulShape {
    Dims a, b;
    bool perLine;  // per-row A and per-column B zero points (and scales)
};

std::vector<MatMulShape> matMulShapes(bool perf) {
    if (perf) return {{{128, 768}, {768, 768}, false}, {{8, 128, 64}, {8, 64, 128}, true}};
    return {{{3, 5}, {5, 7}, false},       {{17, 33}, {33, 65}, true},   {{2, 3, 4, 9}, {9, 6}, true},
            {{7}, {7, 3}, false},          {{4, 7}, {7}, false},         {{2, 1, 5, 8}, {3, 8, 4}, false},
            {{1, 130}, {130, 49}, true},  {{0, 4}, {4, 3}, false}};
}

std::vector<Case> matMulIntegerCases(const GenRequest& req, Rng& rng) {
    const DataType at = req.dtype == DataType::Undefined ? DataType::UInt8 : req.dtype;
    const bool qlinear = req.op == "QLinearMatMul";
    std::vector<Case> out;
    size_t n = 0;
    for (const MatMulShape& s : matMulShapes(req.perf)) {
        const DataType bt = n % 2 ? other(at) : at;  // mixed signs on every other case
        const int64_t M = s.a.size() >= 2 ? s.a[s.a.size() - 2] : 1, N = s.b.size() >= 2 ? s.b.back() : 1;
        const Dims az = s.perLine ? Dims{M} : Dims{}, bz = s.perLine ? Dims{N} : Dims{};
        const bool omit = !qlinear && n % 3 == 2;
        Tensor A = eightBit(rng, at, s.a), B = eightBit(rng, bt, s.b);
        Tensor za = omit ? Tensor() : zeroOf(rng, at, az), zb = omit ? Tensor() : zeroOf(rng, bt, bz);
        const int64_t K = s.a.back();
        Case c;
        if (!qlinear) {
            c = makeCase(req, {{"A", A}, {"B", B}, {"a_zero", za, true}, {"b_zero", zb, true}});
        } else {
            // y_scale ~ a_scale · b_scale · sqrt(K) · 40: outputs spread over the 8-bit range, a few saturate.
            Tensor as = randomTensor(rng, DataType::Float32, az, 0.01, 0.05), bs = randomTensor(rng, DataType::Float32, bz, 0.01, 0.05);
            Tensor ys = floatScalar(DataType::Float32, 0.0009 * std::sqrt(double(K)) * 40);
            const DataType yt = n % 3 == 1 ? DataType::Int8 : DataType::UInt8;
            c = makeCase(req, {{"a", A}, {"a_scale", as, true}, {"a_zero", za, true}, {"b", B}, {"b_scale", bs, true},
                               {"b_zero", zb, true}, {"y_scale", ys, true}, {"y_zero", zeroOf(rng, yt, {}), true}});
        }
        c.allowDegenerate = true;
        c.flops = 2.0 * double(numelOf(s.a) / K) * double(K * N);
        out.push_back(std::move(c));
        ++n;
    }
    return out;
}

// kiln::Int8Conv / Int8MatMul's `clamp`: a folded Relu ([y_zero, max]), a ReLU6-like range, or
// the whole type, in turn.
Dims clampRange(size_t n, DataType yt, const Tensor& yZero) {
    const int64_t lo = yt == DataType::Int8 ? -128 : 0, hi = yt == DataType::Int8 ? 127 : 255, z = yZero.scalarAsInt64(0);
    switch (n % 3) {
        case 0: return {z, hi};
        case 1: return {z, std::min(hi, z + 40)};
        default: return {lo, hi};
    }
}

// kiln::Int8MatMul(a, a_scale, a_zero, b [K, N] constant, b_scale, b_zero, y_scale, y_zero, bias?):
// per-column weights' scales and zero points on every other case; shapes with several 96-row blocks
// and 512-column chunks, a batch-1 row (the columns split over the threads), a 1-D a, an empty a.
std::vector<Case> int8MatMulCases(const GenRequest& req, Rng& rng) {
    const DataType at = req.dtype == DataType::Undefined ? DataType::UInt8 : req.dtype;
    struct Shape2 {
        Dims a;
        int64_t N;
    };
    const std::vector<Shape2> shapes =
        req.perf ? std::vector<Shape2>{{{128, 768}, 768}, {{128, 768}, 3072}, {{1, 768}, 768}}
                 : std::vector<Shape2>{{{3, 5}, 7},     {{17, 33}, 65},     {{2, 3, 4, 9}, 6}, {{7}, 3},
                                       {{1, 300}, 700}, {{2, 100, 40}, 600}, {{0, 4}, 3},      {{97, 130}, 49}};
    std::vector<Case> out;
    size_t n = 0;
    for (const Shape2& s : shapes) {
        const DataType bt = n % 2 ? other(at) : at;
        const int64_t K = s.a.back(), N = s.N;
        const Dims bz = n % 2 ? Dims{N} : Dims{};
        Tensor A = eightBit(rng, at, s.a), B = eightBit(rng, bt, {K, N});
        Tensor as = floatScalar(DataType::Float32, 0.02), bs = randomTensor(rng, DataType::Float32, bz, 0.01, 0.05);
        Tensor ys = floatScalar(DataType::Float32, 0.0009 * std::sqrt(double(K)) * 40);
        const DataType yt = n % 3 == 1 ? DataType::Int8 : DataType::UInt8;
        Tensor yz = zeroOf(rng, yt, {});
        Tensor bias = n % 3 == 2 ? Tensor() : randomTensor(rng, DataType::Int32, {N}, -3000, 3000);
        Case c = makeCase(req, {{"a", A}, {"a_scale", as, true}, {"a_zero", zeroOf(rng, at, {}), true}, {"b", B, true},
                                {"b_scale", bs, true}, {"b_zero", zeroOf(rng, bt, bz), true}, {"y_scale", ys, true},
                                {"y_zero", yz, true}, {"bias", bias, true}},
                          {{"clamp", clampRange(n, yt, yz)}});
        c.allowDegenerate = true;
        c.flops = 2.0 * double(numelOf(s.a) / K) * double(K * N);
        out.push_back(std::move(c));
        ++n;
    }
    return out;
}

struct ConvShape {
    Dims x, w;
    Attrs attrs;
    bool perChannel;
};

std::vector<ConvShape> convShapes(bool perf) {
    if (perf)
        return {{{1, 64, 56, 56}, {64, 64, 3, 3}, {{"pads", Dims{1, 1, 1, 1}}}, true},
                {{1, 256, 14, 14}, {256, 256, 1, 1}, {}, true}};
    return {
        {{1, 3, 13, 17}, {5, 3, 3, 3}, {{"pads", Dims{1, 1, 1, 1}}}, true},
        {{2, 5, 9, 11}, {7, 5, 1, 1}, {}, false},
        {{1, 4, 16, 15}, {4, 1, 3, 3}, {{"group", int64_t(4)}, {"strides", Dims{2, 2}}, {"pads", Dims{1, 1, 1, 1}}}, true},
        {{1, 6, 10, 12}, {9, 2, 3, 5}, {{"group", int64_t(3)}, {"dilations", Dims{2, 1}}, {"pads", Dims{2, 1, 0, 2}}}, false},
        {{1, 3, 33}, {5, 3, 4}, {{"strides", Dims{3}}, {"auto_pad", "SAME_UPPER"}}, true},
        {{1, 2, 5, 6, 7}, {3, 2, 2, 3, 2}, {{"pads", Dims{0, 1, 1, 1, 0, 0}}}, false},
        {{1, 17, 23, 21}, {33, 17, 3, 3}, {{"pads", Dims{1, 1, 1, 1}}}, true},  // several position blocks
        {{0, 3, 5, 5}, {4, 3, 3, 3}, {}, false},
        {{3, 7, 6, 5}, {5, 7, 2, 2}, {{"strides", Dims{2, 1}}, {"auto_pad", "SAME_LOWER"}}, true},
        // kiln::Int8Conv's channels-last paths: 1x1 stride 1 reads the image as A (two position
        // blocks, two images); 1x1 stride 2 builds patches; 3x3 over 64 channels in two blocks.
        {{2, 24, 30, 30}, {16, 24, 1, 1}, {}, true},
        {{1, 8, 11, 9}, {6, 8, 1, 1}, {{"strides", Dims{2, 2}}}, false},
        {{1, 64, 20, 20}, {8, 64, 3, 3}, {{"pads", Dims{1, 1, 1, 1}}}, true},
        // A ResNet stem: 7x7 stride 2 over 3 channels (21-byte kernel rows, 3-byte taps at the edges).
        {{1, 3, 23, 23}, {8, 3, 7, 7}, {{"strides", Dims{2, 2}}, {"pads", Dims{3, 3, 3, 3}}}, true},
        // Depthwise (kiln::Int8Conv's "direct_loop" tactic): 40 channels (two blocks of 16 and a tail of 8),
        // stride 2 with pads, as MobileNetV2's.
        {{1, 40, 12, 11}, {40, 1, 3, 3}, {{"group", int64_t(40)}, {"strides", Dims{2, 2}}, {"pads", Dims{1, 1, 1, 1}}}, true},
    };
}

std::vector<Case> convIntegerCases(const GenRequest& req, Rng& rng) {
    const DataType xt = req.dtype == DataType::Undefined ? DataType::UInt8 : req.dtype;
    const bool qlinear = req.op == "QLinearConv" || req.op == "Int8Conv";
    const bool int8Layer = req.op == "Int8Conv";
    std::vector<Case> out;
    size_t n = 0;
    for (const ConvShape& s : convShapes(req.perf)) {
        const DataType wt = n % 2 ? other(xt) : xt;
        const int64_t M = s.w[0], K = numelOf(s.w) / M;
        const Dims wzDims = s.perChannel ? Dims{M} : Dims{};
        Tensor x = eightBit(rng, xt, s.x), w = eightBit(rng, wt, s.w);
        // The x zero point is per tensor; padding must count as x_zero (a wrong pad value shows).
        Tensor xz = zeroOf(rng, xt, {}), wz = zeroOf(rng, wt, wzDims);
        Case c;
        if (!qlinear) {
            const bool omit = n % 3 == 2;
            c = makeCase(req, {{"x", x}, {"w", w, true}, {"x_zero", omit ? Tensor() : xz, true}, {"w_zero", omit ? Tensor() : wz, true}},
                         s.attrs);
        } else {
            Tensor xs = floatScalar(DataType::Float32, 0.02), ws = randomTensor(rng, DataType::Float32, wzDims, 0.01, 0.05);
            Tensor ys = floatScalar(DataType::Float32, 0.0006 * std::sqrt(double(K)) * 40);
            const DataType yt = n % 3 == 1 ? DataType::Int8 : DataType::UInt8;
            Tensor bias = n % 2 ? Tensor() : randomTensor(rng, DataType::Int32, {M}, -2000, 2000);
            Tensor yz = zeroOf(rng, yt, {});
            Attrs attrs = s.attrs;
            if (int8Layer) attrs["clamp"] = clampRange(n, yt, yz);
            c = makeCase(req, {{"x", x}, {"x_scale", xs, true}, {"x_zero", xz, true}, {"w", w, true}, {"w_scale", ws, true},
                               {"w_zero", wz, true}, {"y_scale", ys, true}, {"y_zero", yz, true}, {"B", bias, true}},
                         attrs);
        }
        c.allowDegenerate = true;
        c.flops = 2.0 * double(K) * double(numelOf(s.x) / s.x[1]) * double(M);
        out.push_back(std::move(c));
        ++n;
    }
    return out;
}

// kiln::Int8Table(x, table [256]): every byte value of x in the first case (int8 x reads entry
// x + 128), tails of the 64-byte vector loop, an empty x; the table int8 or uint8 in turn.
std::vector<Case> int8TableCases(const GenRequest& req, Rng& rng) {
    const DataType xt = req.dtype == DataType::Undefined ? DataType::UInt8 : req.dtype;
    const std::vector<Dims> shapes = req.perf ? std::vector<Dims>{{1, 32, 112, 112}}
                                              : std::vector<Dims>{{256}, {3, 67}, {1, 5, 13, 13}, {63}, {0, 4}};
    std::vector<Case> out;
    size_t n = 0;
    for (const Dims& d : shapes) {
        Tensor x = eightBit(rng, xt, d);
        if (n == 0)
            for (int64_t k = 0; k < 256; ++k) static_cast<uint8_t*>(x.raw())[k] = uint8_t(k);
        Tensor table = eightBit(rng, n % 2 ? other(xt) : xt, {256});
        Case c = makeCase(req, {{"x", x}, {"table", table, true}});
        c.allowDegenerate = true;
        out.push_back(std::move(c));
        ++n;
    }
    return out;
}

// kiln::Int8Add(a, as, az, b, bs, bz, ys, yz){clamp}: a and b of one shape, each 8-bit type and the
// output's in turn; y_scale small enough that many sums saturate; tails of the 16-lane loop, an empty
// tensor, a shape over several 16 KiB chunks of the pool; the Relu clamp and none.
std::vector<Case> int8AddCases(const GenRequest& req, Rng& rng) {
    const DataType at = req.dtype == DataType::Undefined ? DataType::UInt8 : req.dtype;
    const std::vector<Dims> shapes = req.perf ? std::vector<Dims>{{1, 64, 56, 56}}
                                              : std::vector<Dims>{{37}, {1, 24, 9, 9}, {2, 3, 5, 7}, {0, 4}, {1, 32, 28, 28}, {17, 1}};
    std::vector<Case> out;
    size_t n = 0;
    for (const Dims& d : shapes) {
        const DataType bt = n % 2 ? other(at) : at, yt = n % 3 == 1 ? other(at) : at;
        Tensor a = eightBit(rng, at, d), b = eightBit(rng, bt, d);
        Tensor as = floatScalar(DataType::Float32, 0.0173), bs = floatScalar(DataType::Float32, n % 2 ? 0.031 : 0.0173);
        Tensor ys = floatScalar(DataType::Float32, n % 2 ? 0.011 : 0.043);
        Tensor yz = zeroOf(rng, yt, {});
        Case c = makeCase(req, {{"a", a}, {"a_scale", as, true}, {"a_zero", zeroOf(rng, at, {}), true}, {"b", b},
                                {"b_scale", bs, true}, {"b_zero", zeroOf(rng, bt, {}), true}, {"y_scale", ys, true},
                                {"y_zero", yz, true}},
                          {{"clamp", n % 3 == 1 ? clampRange(2, yt, yz) : clampRange(0, yt, yz)}});
        c.allowDegenerate = true;
        out.push_back(std::move(c));
        ++n;
    }
    return out;
}

}  // namespace

void addQuantizeGenerators(GeneratorTable& table) {
    table["QuantizeLinear"] = quantizeCases;
    table["DequantizeLinear"] = dequantizeCases;
    table["DynamicQuantizeLinear"] = dynamicQuantizeCases;
    table["MatMulInteger"] = matMulIntegerCases;
    table["QLinearMatMul"] = matMulIntegerCases;
    table["ConvInteger"] = convIntegerCases;
    table["QLinearConv"] = convIntegerCases;
    table["kiln::Int8Conv"] = convIntegerCases;
    table["kiln::Int8MatMul"] = int8MatMulCases;
    table["kiln::Int8Table"] = int8TableCases;
    table["kiln::Int8Add"] = int8AddCases;
}

}  // namespace kiln::ops
