// The integer products on the CPU (the oracle is kernels/cpu/naive/quantize.cpp): MatMulInteger and
// ConvInteger (int32 outputs), QLinearMatMul and QLinearConv (requantized 8-bit outputs). Every sum
// of products goes through gemmInt8 (gemm_int8.h), whose zero points per tensor, per row of A and per
// column of B are ONNX's:
//   MatMul:  C[m, n] = (A - a_zero[m]) · (B - b_zero[n]) per batch (numpy broadcasting of the batch dims)
//   Conv:    im2col of x into 8-bit columns [C/group · taps, output positions], padding filled with
//            x_zero (so a padded tap adds (x_zero - x_zero) · w = 0), then per group
//            C[m, p] = (W_g - w_zero[m]) · (columns - x_zero): A = the weights, B = the columns.
// QLinear* requantize as ONNX Runtime does: y = saturate(round(float(acc + bias) · (a_scale · b_scale /
// y_scale)) + y_zero), one float multiplier per output column (MatMul) or channel (Conv).
// Work is split over the thread pool: MatMul over (batch, blocks of rows), Conv over (image, group,
// blocks of output positions), each block with its own im2col columns in the thread's scratch.
#include <algorithm>
#include <cmath>

#include "engine_core/common/parallel.h"
#include "kernels/cpu/dispatch.h"
#include "kernels/cpu/gemm_int8.h"
#include "kernels/cpu/quantize.h"
#include "kernels/cpu/window.h"

namespace kiln::cpu {

namespace {

bool isEightBit(DataType t) { return t == DataType::Int8 || t == DataType::UInt8; }

void expectEightBit(const KernelContext& ctx, const Tensor& t, const char* what) {
    if (!isEightBit(t.dtype()))
        ctx.fail(ErrorKind::Unsupported, what, " ", t.describe(), " must be int8 or uint8");
}

// A zero point (optional input) per tensor or per line: int32 values, 1 or `lines` of them.
struct ZeroPoints {
    std::vector<int32_t> values;
    bool perLine = false;
    const int32_t* data() const { return values.empty() ? nullptr : values.data(); }
};
ZeroPoints zeroPoints(const KernelContext& ctx, size_t input, int64_t lines, const char* what) {
    ZeroPoints z;
    const Tensor* t = ctx.optionalInput(input);
    if (!t) return z;
    if (t->numel() != 1 && (t->rank() != 1 || t->numel() != lines))
        ctx.fail(ErrorKind::Unsupported, what, " ", t->describe(), " must be a scalar or hold ", lines, " values (1-D)");
    for (int64_t i = 0; i < t->numel(); ++i) z.values.push_back(int32_t(t->scalarAsInt64(i)));
    z.perLine = t->numel() != 1;
    return z;
}

// A scale per tensor or per line, checked finite and non-zero.
std::vector<float> scales(const KernelContext& ctx, size_t input, int64_t lines, const char* what) {
    const Tensor& t = ctx.input(input);
    if (t.numel() != 1 && (t.rank() != 1 || t.numel() != lines))
        ctx.fail(ErrorKind::Unsupported, what, " ", t.describe(), " must be a scalar or hold ", lines, " values (1-D)");
    std::vector<float> v;
    for (int64_t i = 0; i < t.numel(); ++i) {
        const double s = t.scalarAsDouble(i);
        if (s == 0.0 || !std::isfinite(s))
            ctx.fail(ErrorKind::InvalidArgument, "scale ", s, " at index ", i, " of input ", input,
                     ": a quantization scale must be finite and non-zero");
        v.push_back(float(s));
    }
    return v;
}

// QLinear*'s output zero point: one int8 or uint8 value.
int32_t outputZero(const KernelContext& ctx, size_t input) {
    const Tensor& z = ctx.input(input);
    if (!isEightBit(z.dtype()) || z.numel() != 1)
        ctx.fail(ErrorKind::Unsupported, "y_zero_point ", z.describe(), " must be one int8 or uint8 value");
    return int32_t(z.scalarAsInt64(0));
}

// ---- MatMul -------------------------------------------------------------------------------------

struct MatMulShape {
    int64_t M = 1, K = 1, N = 1, batches = 1;
    DimVector outDims;
    std::vector<int64_t> aOffset, bOffset;  // per output batch: the element offset of its A and B matrices
};

MatMulShape matMulShape(const KernelContext& ctx, const Tensor& A, const Tensor& B) {
    if (A.rank() == 0 || B.rank() == 0)
        ctx.fail(ErrorKind::InvalidArgument, "inputs must have rank >= 1, got ", A.describe(), " and ", B.describe());
    std::vector<int64_t> a(A.dims().begin(), A.dims().end()), b(B.dims().begin(), B.dims().end());
    if (a.size() == 1) a.insert(a.begin(), 1);
    if (b.size() == 1) b.push_back(1);
    MatMulShape s;
    s.M = a[a.size() - 2];
    s.K = a.back();
    s.N = b.back();
    if (b[b.size() - 2] != s.K)
        ctx.fail(ErrorKind::InvalidArgument, "inner dimensions differ: ", A.describe(), " x ", B.describe());
    const size_t rank = std::max(a.size(), b.size()) - 2;
    std::vector<int64_t> batch(rank), ab(rank, 1), bb(rank, 1);
    for (size_t i = 0; i < a.size() - 2; ++i) ab[rank - (a.size() - 2) + i] = a[i];
    for (size_t i = 0; i < b.size() - 2; ++i) bb[rank - (b.size() - 2) + i] = b[i];
    for (size_t i = 0; i < rank; ++i) {
        if (ab[i] != bb[i] && ab[i] != 1 && bb[i] != 1)
            ctx.fail(ErrorKind::InvalidArgument, "batch dimensions do not broadcast: ", A.describe(), " x ", B.describe());
        batch[i] = std::max(ab[i], bb[i]);
        if (ab[i] == 0 || bb[i] == 0) batch[i] = 0;
        s.batches *= batch[i];
    }
    for (int64_t t = 0; t < s.batches; ++t) {
        int64_t rest = t, ao = 0, bo = 0, as = 1, bs = 1;
        for (size_t i = rank; i-- > 0;) {
            const int64_t idx = rest % batch[i];
            rest /= batch[i];
            ao += (ab[i] == 1 ? 0 : idx) * as;
            bo += (bb[i] == 1 ? 0 : idx) * bs;
            as *= ab[i];
            bs *= bb[i];
        }
        s.aOffset.push_back(ao * s.M * s.K);
        s.bOffset.push_back(bo * s.K * s.N);
    }
    s.outDims.assign(batch.begin(), batch.end());
    if (A.rank() != 1) s.outDims.push_back(s.M);
    if (B.rank() != 1) s.outDims.push_back(s.N);
    return s;
}

// MatMulInteger(A, B, a_zero?, b_zero?) and QLinearMatMul(a, a_scale, a_zero, b, b_scale, b_zero,
// y_scale, y_zero): the same product, the second requantized.
void runMatMul(KernelContext& ctx, bool qlinear) {
    const size_t ai = 0, bi = qlinear ? 3 : 1, azi = qlinear ? 2 : 2, bzi = qlinear ? 5 : 3;
    const Tensor& A = ctx.input(ai);
    const Tensor& B = ctx.input(bi);
    expectEightBit(ctx, A, "A");
    expectEightBit(ctx, B, "B");
    const MatMulShape s = matMulShape(ctx, A, B);
    const ZeroPoints az = zeroPoints(ctx, azi, s.M, "a_zero_point"), bz = zeroPoints(ctx, bzi, s.N, "b_zero_point");
    Int8Operand a{A.raw(), A.dtype() == DataType::Int8, s.K, az.data(), az.perLine};
    Int8Operand b{B.raw(), B.dtype() == DataType::Int8, s.N, bz.data(), bz.perLine};
    const int64_t rowBlock = std::max<int64_t>(1, std::min<int64_t>(s.M, 64));
    const int64_t blocks = (s.M + rowBlock - 1) / rowBlock;
    const int64_t grain = grainFor(kGrainMacs, rowBlock * s.N * std::max<int64_t>(s.K, 1));
    if (!qlinear) {
        int32_t* y = ctx.allocateOutput(0, DataType::Int32, s.outDims).data<int32_t>();
        parallelFor(s.batches * blocks, grain, [&](int64_t begin, int64_t end) {
            for (int64_t t = begin; t < end; ++t) {
                const int64_t batch = t / blocks, m0 = (t % blocks) * rowBlock, rows = std::min(rowBlock, s.M - m0);
                Int8Operand ab = a;
                ab.data = static_cast<const uint8_t*>(A.raw()) + s.aOffset[size_t(batch)] + m0 * s.K;
                if (ab.zeroPerLine) ab.zero = az.data() + m0;
                Int8Operand bb = b;
                bb.data = static_cast<const uint8_t*>(B.raw()) + s.bOffset[size_t(batch)];
                gemmInt8(rows, s.N, s.K, ab, bb, y + (batch * s.M + m0) * s.N, s.N);
            }
        });
        return;
    }
    const std::vector<float> as = scales(ctx, 1, s.M, "a_scale"), bs = scales(ctx, 4, s.N, "b_scale"),
                             ys = scales(ctx, 6, 1, "y_scale");
    const int32_t yz = outputZero(ctx, 7);
    const DataType outType = ctx.input(7).dtype();
    // One multiplier per (row, column): a_scale[m] · b_scale[n] / y_scale.
    std::vector<float> mult(size_t(s.M * s.N));
    for (int64_t m = 0; m < s.M; ++m)
        for (int64_t n = 0; n < s.N; ++n)
            mult[size_t(m * s.N + n)] = as[as.size() == 1 ? 0 : size_t(m)] * bs[bs.size() == 1 ? 0 : size_t(n)] / ys[0];
    uint8_t* y = static_cast<uint8_t*>(ctx.allocateOutput(0, outType, s.outDims).raw());
    parallelFor(s.batches * blocks, grain, [&](int64_t begin, int64_t end) {
        int32_t* acc = threadScratchArray<int32_t>(0, size_t(rowBlock * s.N));
        for (int64_t t = begin; t < end; ++t) {
            const int64_t batch = t / blocks, m0 = (t % blocks) * rowBlock, rows = std::min(rowBlock, s.M - m0);
            Int8Operand ab = a;
            ab.data = static_cast<const uint8_t*>(A.raw()) + s.aOffset[size_t(batch)] + m0 * s.K;
            if (ab.zeroPerLine) ab.zero = az.data() + m0;
            Int8Operand bb = b;
            bb.data = static_cast<const uint8_t*>(B.raw()) + s.bOffset[size_t(batch)];
            gemmInt8(rows, s.N, s.K, ab, bb, acc, s.N);
            for (int64_t r = 0; r < rows; ++r)
                requantizeInt32(acc + r * s.N, y + (batch * s.M + m0 + r) * s.N, outType == DataType::Int8, s.N,
                                mult.data() + (m0 + r) * s.N, true, 0, yz);
        }
    });
}

void matMulIntegerKernel(KernelContext& ctx) { runMatMul(ctx, false); }
void qLinearMatMulKernel(KernelContext& ctx) { runMatMul(ctx, true); }

// ---- Conv ---------------------------------------------------------------------------------------

// Columns [K = Cg · taps, count] of one image and group, for output positions [p0, p0 + count):
// row (c, kd, kh, kw), column p holds x at that tap of window p, or `pad` outside the image.
void im2colBytes(const uint8_t* x, const Window& w, int64_t Cg, int64_t p0, int64_t count, uint8_t pad, uint8_t* cols) {
    const int64_t taps = w.kernelSize(), inSize = w.inSize();
    for (int64_t c = 0; c < Cg; ++c)
        for (int64_t k = 0; k < taps; ++k) {
            const int64_t kd = k / (w.kernel[1] * w.kernel[2]), kh = (k / w.kernel[2]) % w.kernel[1],
                          kw = k % w.kernel[2];
            uint8_t* row = cols + (c * taps + k) * count;
            const uint8_t* plane = x + c * inSize;
            for (int64_t j = 0; j < count; ++j) {
                const int64_t p = p0 + j;
                const int64_t ow = p % w.out[2], oh = (p / w.out[2]) % w.out[1], od = p / (w.out[1] * w.out[2]);
                const int64_t id = od * w.stride[0] - w.padBegin[0] + kd * w.dilation[0];
                const int64_t ih = oh * w.stride[1] - w.padBegin[1] + kh * w.dilation[1];
                const int64_t iw = ow * w.stride[2] - w.padBegin[2] + kw * w.dilation[2];
                const bool inside = id >= 0 && id < w.in[0] && ih >= 0 && ih < w.in[1] && iw >= 0 && iw < w.in[2];
                row[j] = inside ? plane[(id * w.in[1] + ih) * w.in[2] + iw] : pad;
            }
        }
}

// ConvInteger(x, w, x_zero?, w_zero?) and QLinearConv(x, x_scale, x_zero, w, w_scale, w_zero,
// y_scale, y_zero, B?).
void runConv(KernelContext& ctx, bool qlinear) {
    const size_t wi = qlinear ? 3 : 1, xzi = 2, wzi = qlinear ? 5 : 3;
    const Tensor& X = ctx.input(0);
    const Tensor& W = ctx.input(wi);
    expectEightBit(ctx, X, "x");
    expectEightBit(ctx, W, "w");
    if (X.rank() < 3 || X.rank() > 5 || W.rank() != X.rank())
        ctx.fail(ErrorKind::InvalidArgument, "x ", X.describe(), " and w ", W.describe(),
                 " must be [N, C, ...] and [M, C/group, ...] with 1 to 3 spatial dims");
    const int64_t N = X.dim(0), C = X.dim(1), M = W.dim(0), G = ctx.node().attrInt("group", 1);
    if (G < 1 || C % G != 0 || M % G != 0 || W.dim(1) * G != C)
        ctx.fail(ErrorKind::InvalidArgument, "channels do not match group ", G, ": x ", X.describe(), ", w ", W.describe());
    const Window win = makeForwardWindow(ctx, std::span<const int64_t>(X.dims()).subspan(2),
                                         std::span<const int64_t>(W.dims()).subspan(2), WindowKind::Conv);
    const ZeroPoints xz = zeroPoints(ctx, xzi, 1, "x_zero_point"), wz = zeroPoints(ctx, wzi, M, "w_zero_point");
    const Tensor* bias = qlinear ? ctx.optionalInput(8) : nullptr;
    if (bias && (bias->dtype() != DataType::Int32 || bias->numel() != M))
        ctx.fail(ErrorKind::InvalidArgument, "bias ", bias->describe(), " must be int32 [", M, "]");
    std::vector<float> mult;
    int32_t yz = 0;
    DataType outType = DataType::Int32;
    if (qlinear) {
        const std::vector<float> xs = scales(ctx, 1, 1, "x_scale"), ws = scales(ctx, 4, M, "w_scale"),
                                 ys = scales(ctx, 6, 1, "y_scale");
        yz = outputZero(ctx, 7);
        outType = ctx.input(7).dtype();
        for (int64_t m = 0; m < M; ++m) mult.push_back(xs[0] * ws[ws.size() == 1 ? 0 : size_t(m)] / ys[0]);
    }
    DimVector outDims{N, M};
    for (int64_t d : win.outDims()) outDims.push_back(d);
    Tensor& Y = ctx.allocateOutput(0, outType, outDims);
    const int64_t Cg = C / G, Mg = M / G, K = Cg * win.kernelSize(), outSize = win.outSize(), inSize = win.inSize();
    const uint8_t pad = xz.values.empty() ? 0 : uint8_t(xz.values[0]);  // the zero point's byte, either sign
    // Blocks of output positions sized so a block is a few hundred thousand multiply-adds.
    const int64_t tile = std::clamp<int64_t>(kGrainMacs / std::max<int64_t>(1, Mg * K), 16, 512);
    const int64_t tiles = (outSize + tile - 1) / tile;
    const int64_t items = N * G * tiles;
    const uint8_t* x = static_cast<const uint8_t*>(X.raw());
    const uint8_t* w = static_cast<const uint8_t*>(W.raw());
    parallelFor(items, grainFor(kGrainMacs, Mg * K * tile), [&](int64_t begin, int64_t end) {
        const size_t colBytes = (size_t(K * tile) + 63) / 64 * 64;
        uint8_t* scratch = static_cast<uint8_t*>(threadScratch(0, colBytes + size_t(Mg * tile) * sizeof(int32_t)));
        int32_t* acc = reinterpret_cast<int32_t*>(scratch + colBytes);
        for (int64_t t = begin; t < end; ++t) {
            const int64_t n = t / (G * tiles), g = (t / tiles) % G, p0 = (t % tiles) * tile;
            const int64_t count = std::min(tile, outSize - p0);
            im2colBytes(x + (n * C + g * Cg) * inSize, win, Cg, p0, count, pad, scratch);
            Int8Operand a{w + g * Mg * K, W.dtype() == DataType::Int8, K, wz.data(), wz.perLine};
            if (wz.perLine) a.zero = wz.data() + g * Mg;
            Int8Operand b{scratch, X.dtype() == DataType::Int8, count, xz.data(), false};
            const int64_t yRow = (n * M + g * Mg) * outSize + p0;
            if (!qlinear) {
                gemmInt8(Mg, count, K, a, b, Y.data<int32_t>() + yRow, outSize);
                continue;
            }
            gemmInt8(Mg, count, K, a, b, acc, count);
            uint8_t* y = static_cast<uint8_t*>(Y.raw());
            for (int64_t m = 0; m < Mg; ++m) {
                const int64_t channel = g * Mg + m;
                requantizeInt32(acc + m * count, y + yRow + m * outSize, outType == DataType::Int8, count,
                                &mult[size_t(channel)], false, bias ? bias->data<int32_t>()[channel] : 0, yz);
            }
        }
    });
}

void convIntegerKernel(KernelContext& ctx) { runConv(ctx, false); }
void qLinearConvKernel(KernelContext& ctx) { runConv(ctx, true); }

}  // namespace

void registerQuantizedLinearKernels(KernelRegistry& registry) {
    const TypeSet eightBit = {DataType::Int8, DataType::UInt8};
    registry.add("MatMulInteger", KernelDef{&matMulIntegerKernel, eightBit});
    registry.add("QLinearMatMul", KernelDef{&qLinearMatMulKernel, eightBit});
    registry.add("ConvInteger", KernelDef{&convIntegerKernel, eightBit});
    registry.add("QLinearConv", KernelDef{&qLinearConvKernel, eightBit});
}

}  // namespace kiln::cpu
