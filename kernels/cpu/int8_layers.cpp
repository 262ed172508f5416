// The int8 layers folded from Q/DQ models (engine_core/passes/fold_qdq_int8.cpp; contracts in
// engine_core/passes/fused_ops.h; the oracle is kernels/cpu/naive/quantize.cpp) on the CPU:
//   kiln::Int8MatMul  rows of a [R = ..·M, K] times the constant b [K, N], b packed once for VNNI
//                     (packedInt8Weights, cached by storage); tasks of (rows, columns) on the pool.
//   kiln::Int8Conv    the input made channels last once per run; per image, group and block of output
//                     positions the block's patches as rows [positions, taps · C/group] (each tap a
//                     C/group-byte copy; a 1x1 stride-1 convolution reads the channels-last image
//                     directly) are A, times the group's weights in (tap, channel) order [taps ·
//                     C/group, M/group] packed once per layer (B); the result is written back channel-major.
//                     In the NHWC format (a run of int8 layers kept channels last: cpuPreferredFormat
//                     at the end of this file) the general and depthwise forms read X as it is and
//                     write Y channels last: no transpose in or out.
//                     Tactic "direct_loop" (depthwise: group = C = M, as MobileNet's 3x3 layers): no GEMM (a GEMM per
//                     channel has one column); per block of output positions the C sums at once,
//                     vectorized along the channels of the channels-last image (C <= 32: several
//                     positions per vector). The same tactic for group-1 layers over C <= 4 channels
//                     (RGB stems): each kernel row's kw·C bytes read in place, 4 at a time, times 16
//                     output channels' weights (no patch rows, no 64-column panel for 32 outputs).
//                     Tactic "blocked_loop" (1x1, stride 1, no padding, group 1): the weights [M, C]
//                     as A times the image itself [C, positions] as B (packed a 64-column panel at a
//                     time), so the output comes out channel-major: no transpose in or out.
//   kiln::Int8Table   y = table[x]: one byte lookup per element (AVX-512 VBMI: 64 at a time from the
//                     256-byte table in four registers).
//   kiln::Int8Add     QLinearAdd of two 8-bit tensors of one shape: DQ, DQ, add, / y_scale, round in
//                     float in the unfused kernels' order (bit for bit theirs); 16 lanes with AVX-512.
//   Int8Table and Int8Add are element-wise: registered in both formats, all operands in one.
// Each task requantizes its int32 block while it is in cache (requantize.h requantizeBlock: float(acc + bias) ·
// x_scale·w_scale[m]/y_scale, rounded half to even, + y_zero, saturated), then clamps it to the
// layer's `clamp` range (a folded Relu / Clip).
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <string_view>
#include <cmath>
#include <cstring>
#include <optional>
#include <set>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "engine_core/common/parallel.h"
#include "kernels/cpu/dispatch.h"
#include "kernels/cpu/gemm_int8.h"
#include "kernels/cpu/int8_layout.h"
#include "kernels/cpu/quantize.h"
#include "kernels/cpu/requantize.h"
#include "kernels/cpu/window.h"

// GCC 12 reports the AVX-512 intrinsics' undefined pass-through operands as "may be used
// uninitialized" once inlined (the false positive gemm_int8.cpp also silences); headers are above.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace kiln::cpu {

namespace {

bool isEightBit(DataType t) { return t == DataType::Int8 || t == DataType::UInt8; }

// A per-tensor or per-line parameter (scale, zero point) of `lines` values, or 1; null if omitted.
const Tensor* lineInput(const KernelContext& ctx, size_t input, int64_t lines, const char* what) {
    const Tensor* t = ctx.optionalInput(input);
    if (t && t->numel() != 1 && (t->rank() != 1 || t->numel() != lines))
        ctx.fail(ErrorKind::Unsupported, what, " ", t->describe(), " must be a scalar or hold ", lines, " values (1-D)");
    return t;
}
float scaleAt(const KernelContext& ctx, const Tensor& t, size_t input, int64_t i) {
    const double s = t.scalarAsDouble(i);
    if (s == 0.0 || !std::isfinite(s))
        ctx.fail(ErrorKind::InvalidArgument, "scale ", s, " at index ", i, " of input ", input,
                 ": a quantization scale must be finite and non-zero");
    return float(s);
}

// What both layers share: the operands' types, the per-channel requantization and the clamp. The
// per-channel arrays live in the layer's workspace (a planned run allocates nothing) or are the
// bias input itself.
struct Int8Layer {
    bool xSigned = false, wSigned = false, ySigned = false;
    int32_t xZero = 0;
    const int32_t* wZero = nullptr;  // 1 or per channel (wZeroCount; null: 0)
    int64_t wZeroCount = 0;
    const float* mult = nullptr;     // per channel: x_scale · w_scale[m] / y_scale, in float as QLinear*
    const int32_t* bias = nullptr;   // per channel or null
    int32_t yZero = 0, lo = 0, hi = 255;
    DataType yType = DataType::UInt8;
    bool clamps = false;  // [lo, hi] narrower than the type's range

    RequantizeParams params(int64_t first) const {
        RequantizeParams q;
        q.scale = mult + first;
        q.scalePerChannel = true;
        q.channelAxis = QuantAxis::Column;
        q.bias = bias ? bias + first : nullptr;
        q.zeroPoint = yZero;
        return q;
    }
    const int32_t* wZeroAt(int64_t first) const {
        return !wZero ? nullptr : wZeroCount == 1 ? wZero : wZero + first;
    }
    bool wZeroPerLine() const { return wZeroCount > 1; }
};

Int8Layer readLayer(KernelContext& ctx, int64_t channels) {
    const Tensor& X = ctx.input(0);
    const Tensor& W = ctx.input(3);
    if (!isEightBit(X.dtype()) || !isEightBit(W.dtype()))
        ctx.fail(ErrorKind::Unsupported, "x ", X.describe(), " and w ", W.describe(), " must be int8 or uint8");
    Int8Layer L;
    L.xSigned = X.dtype() == DataType::Int8;
    L.wSigned = W.dtype() == DataType::Int8;
    const Tensor* xs = lineInput(ctx, 1, 1, "x_scale");
    const Tensor* ws = lineInput(ctx, 4, channels, "w_scale");
    const Tensor* ys = lineInput(ctx, 6, 1, "y_scale");
    if (!xs || !ws || !ys) ctx.fail(ErrorKind::InvalidArgument, "x_scale, w_scale and y_scale are required");
    const float xScale = scaleAt(ctx, *xs, 1, 0), yScale = scaleAt(ctx, *ys, 6, 0);
    if (const Tensor* xz = lineInput(ctx, 2, 1, "x_zero_point")) L.xZero = int32_t(xz->scalarAsInt64(0));
    if (const Tensor* wz = lineInput(ctx, 5, channels, "w_zero_point")) {
        int32_t* z = ctx.scratchArray<int32_t>(size_t(wz->numel()));
        // 8-bit zero points read directly (per channel: scalarAsInt64 per value was a visible part of
        // a MobileNetV2 run), others through scalarAsInt64.
        if (wz->dtype() == DataType::Int8)
            for (int64_t i = 0; i < wz->numel(); ++i) z[i] = wz->data<int8_t>()[i];
        else if (wz->dtype() == DataType::UInt8)
            for (int64_t i = 0; i < wz->numel(); ++i) z[i] = wz->data<uint8_t>()[i];
        else
            for (int64_t i = 0; i < wz->numel(); ++i) z[i] = int32_t(wz->scalarAsInt64(i));
        L.wZero = z;
        L.wZeroCount = wz->numel();
    }
    const Tensor& yz = ctx.input(7);
    if (!isEightBit(yz.dtype()) || yz.numel() != 1)
        ctx.fail(ErrorKind::Unsupported, "y_zero_point ", yz.describe(), " must be one int8 or uint8 value");
    L.yType = yz.dtype();
    L.ySigned = L.yType == DataType::Int8;
    L.yZero = int32_t(yz.scalarAsInt64(0));
    float* mult = ctx.scratchArray<float>(size_t(std::max<int64_t>(channels, 1)));
    if (ws->dtype() == DataType::Float32) {  // every scale checked; scaleAt only to report a bad one
        const float* v = ws->data<float>();
        for (int64_t i = 0; i < ws->numel(); ++i) {
            mult[i] = v[i];
            if (mult[i] == 0.f || !std::isfinite(mult[i])) scaleAt(ctx, *ws, 4, i);
        }
    } else {
        for (int64_t i = 0; i < ws->numel(); ++i) mult[i] = scaleAt(ctx, *ws, 4, i);
    }
    for (int64_t m = channels - 1; m >= 0; --m) mult[m] = xScale * mult[ws->numel() == 1 ? 0 : m] / yScale;
    L.mult = mult;
    if (const Tensor* b = ctx.optionalInput(8)) {
        if (b->dtype() != DataType::Int32 || b->numel() != channels)
            ctx.fail(ErrorKind::InvalidArgument, "bias ", b->describe(), " must be int32 [", channels, "]");
        L.bias = b->data<int32_t>();
    }
    const int32_t typeLo = L.ySigned ? -128 : 0, typeHi = L.ySigned ? 127 : 255;
    int64_t lo = typeLo, hi = typeHi;
    if (auto it = ctx.node().attributes.find("clamp"); it != ctx.node().attributes.end()) {
        const auto* clamp = it->second.get<std::vector<int64_t>>();
        if (!clamp || clamp->size() != 2 || (*clamp)[0] > (*clamp)[1])
            ctx.fail(ErrorKind::InvalidModel, "clamp must be two ints [lo, hi] with lo <= hi");
        lo = (*clamp)[0];
        hi = (*clamp)[1];
    }
    L.lo = int32_t(std::max<int64_t>(lo, typeLo));
    L.hi = int32_t(std::min<int64_t>(hi, typeHi));
    L.clamps = L.lo > typeLo || L.hi < typeHi;
    return L;
}

template <typename T>
void clampBlock(T* y, int64_t rows, int64_t cols, int64_t ldy, int32_t lo, int32_t hi) {
    const T l = T(lo), h = T(hi);
    for (int64_t r = 0; r < rows; ++r) {
        T* row = y + r * ldy;
        for (int64_t j = 0; j < cols; ++j) row[j] = std::min(std::max(row[j], l), h);
    }
}
void clampBlock(const Int8Layer& L, void* y, int64_t rows, int64_t cols, int64_t ldy) {
    if (!L.clamps) return;
    if (L.ySigned) clampBlock(static_cast<int8_t*>(y), rows, cols, ldy, L.lo, L.hi);
    else clampBlock(static_cast<uint8_t*>(y), rows, cols, ldy, L.lo, L.hi);
}

// ---- Int8MatMul ---------------------------------------------------------------------------------

void runInt8MatMul(KernelContext& ctx) {
    const Tensor& A = ctx.input(0);
    const Tensor& B = ctx.input(3);
    if (A.rank() < 1 || B.rank() != 2 || A.dims().back() != B.dim(0))
        ctx.fail(ErrorKind::InvalidArgument, "a ", A.describe(), " and b ", B.describe(), " must be [..., K] and [K, N]");
    const int64_t K = B.dim(0), N = B.dim(1), R = K ? A.numel() / K : 0;
    const Int8Layer L = readLayer(ctx, N);
    DimVector outDims(A.dims().begin(), A.dims().end() - 1);
    if (A.rank() == 1) outDims.clear();
    outDims.push_back(N);
    Tensor& Y = ctx.allocateOutput(0, L.yType, outDims);
    if (R == 0 || N == 0) return;
    const auto packed = packedInt8Weights(B, K, N);
    // Tasks: blocks of 96 rows (16 micro-tiles of 6) by chunks of up to 8 panels (512 columns).
    const int64_t rowBlock = 96, panels = (N + kInt8PanelCols - 1) / kInt8PanelCols;
    const int64_t rowBlocks = (R + rowBlock - 1) / rowBlock;
    int64_t colChunks = (panels + 7) / 8;
    // Few rows (a batch-1 layer): split the columns further so every thread has work.
    if (rowBlocks * colChunks < 3 * parallelThreads()) colChunks = std::min(panels, 3 * parallelThreads() / rowBlocks + 1);
    const int64_t panelsPerChunk = (panels + colChunks - 1) / colChunks;
    colChunks = (panels + panelsPerChunk - 1) / panelsPerChunk;
    const int64_t chunkCols = panelsPerChunk * kInt8PanelCols;
    const uint8_t* a = static_cast<const uint8_t*>(A.raw());
    uint8_t* y = static_cast<uint8_t*>(Y.raw());
    parallelFor(rowBlocks * colChunks, grainFor(kGrainMacs, rowBlock * chunkCols * K), [&](int64_t begin, int64_t end) {
        for (int64_t t = begin; t < end; ++t) {
            const int64_t r0 = (t / colChunks) * rowBlock, rows = std::min(rowBlock, R - r0);
            const int64_t n0 = (t % colChunks) * chunkCols, n1 = std::min(N, n0 + chunkCols), width = n1 - n0;
            // acc[r * width + (n - n0)] holds column n: gemmInt8Packed indexes C by absolute column.
            int32_t* base = threadScratchArray<int32_t>(0, size_t(rows * width + n0));
            Int8Operand op{a + r0 * K, L.xSigned, K, &L.xZero, false};
            gemmInt8Packed(rows, op, *packed, L.wZeroAt(0), L.wZeroPerLine(), base, width, n0, n1);
            requantizeBlock(rows, width, base + n0, width, L.params(n0), L.ySigned, y + r0 * N + n0, N);
            clampBlock(L, y + r0 * N + n0, rows, width, N);
        }
    });
}

// ---- Int8Conv -----------------------------------------------------------------------------------

// The weights of each group as B [taps · C/group, M/group] in (tap, channel) order, packed:
// B[t · Cg + c, m] = W[g · Mg + m, c, t], to match the patch rows built from the channels-last input.
using PackedGroups = std::vector<std::shared_ptr<const PackedInt8B>>;

PackedGroups packConvGroups(const Tensor& W, int64_t G) {
    const int64_t M = W.dim(0), Mg = M / G, K = M ? W.numel() / M : 0, Cg = W.dim(1), taps = Cg ? K / Cg : 0;
    PackedGroups out;
    std::vector<uint8_t> t(size_t(K * Mg));
    const uint8_t* w = static_cast<const uint8_t*>(W.raw());
    for (int64_t g = 0; g < G; ++g) {
        for (int64_t m = 0; m < Mg; ++m)
            for (int64_t c = 0; c < Cg; ++c)
                for (int64_t tap = 0; tap < taps; ++tap)
                    t[size_t((tap * Cg + c) * Mg + m)] = w[(g * Mg + m) * K + c * taps + tap];
        out.push_back(packInt8B(K, Mg, Int8Operand{t.data(), W.dtype() == DataType::Int8, Mg, nullptr, false}));
    }
    return out;
}

}  // namespace

namespace {

#if KILN_HAVE_AVX512_TARGET
bool cpuHasVbmi();

// A few rows (2 to 8: the channels of an RGB image made channels last) into dense columns (ldd =
// rows): 64 columns at a time, the rows' 64-byte vectors are interleaved into `rows` output vectors,
// each gathered from pairs of rows by vpermt2b (index: the column within the 64, + 64 for the
// pair's second row) and merged under the mask of the bytes that pair supplies. The tables (per
// row count, output vector and pair) are built once.
struct FewRowsTables {
    // [rows][out vector][pair]: 64 indexes and the mask of the output bytes from that pair.
    uint8_t idx[9][8][4][64];
    uint64_t mask[9][8][4];
    FewRowsTables() {
        for (int R = 2; R <= 8; ++R)
            for (int o = 0; o < R; ++o)
                for (int p = 0; p < 4; ++p) {
                    mask[R][o][p] = 0;
                    for (int b = 0; b < 64; ++b) {
                        const int g = 64 * o + b, row = g % R, col = g / R;
                        idx[R][o][p][b] = uint8_t(col + (row == 2 * p + 1 ? 64 : 0));
                        if (row / 2 == p) mask[R][o][p] |= uint64_t(1) << b;
                    }
                }
    }
};

__attribute__((target("avx512f,avx512bw,avx512vbmi"))) void transposeFewRowsVbmi(const uint8_t* src, int64_t lds,
                                                                                uint8_t* dst, int rows, int64_t cols) {
    static const FewRowsTables tables;
    const int pairs = (rows + 1) / 2;
    for (int64_t c0 = 0; c0 < cols; c0 += 64) {
        const int64_t n = std::min<int64_t>(64, cols - c0);
        const __mmask64 in = n == 64 ? ~__mmask64(0) : (__mmask64(1) << n) - 1;
        __m512i v[8];
        for (int r = 0; r < rows; ++r) v[r] = _mm512_maskz_loadu_epi8(in, src + r * lds + c0);
        if (rows % 2) v[rows] = v[rows - 1];
        uint8_t* out = dst + c0 * rows;
        const int64_t bytes = n * rows;
        for (int o = 0; o < rows && 64 * o < bytes; ++o) {
            __m512i y = _mm512_setzero_si512();
            for (int p = 0; p < pairs; ++p) {
                const __m512i idx = _mm512_loadu_si512(tables.idx[rows][o][p]);
                y = _mm512_mask_mov_epi8(y, tables.mask[rows][o][p], _mm512_permutex2var_epi8(v[2 * p], idx, v[2 * p + 1]));
            }
            const int64_t left = bytes - 64 * o;
            _mm512_mask_storeu_epi8(out + 64 * o, left >= 64 ? ~__mmask64(0) : (__mmask64(1) << left) - 1, y);
        }
    }
}
#endif

}  // namespace

// 16x16 tiles by four rounds of byte interleaves (each round moves one bit of the column index
// into the row index and one bit of the row index into the column index), the edges byte by byte.
// 2 to 8 rows into dense columns (an RGB image made channels last): transposeFewRowsVbmi.
void transposeBytes(const uint8_t* src, int64_t lds, uint8_t* dst, int64_t ldd, int64_t rows, int64_t cols) {
#if KILN_HAVE_AVX512_TARGET
    if (rows >= 2 && rows <= 8 && ldd == rows && cols >= 16 && avx512Enabled() && cpuHasVbmi())
        return transposeFewRowsVbmi(src, lds, dst, int(rows), cols);
#endif
    int64_t r0 = 0;
#if defined(__SSE2__)
    for (; r0 + 16 <= rows; r0 += 16) {
        int64_t c0 = 0;
        for (; c0 + 16 <= cols; c0 += 16) {
            __m128i v[16], t[16];
            for (int i = 0; i < 16; ++i)
                v[i] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + (r0 + i) * lds + c0));
            for (int round = 0; round < 4; ++round) {
                for (int i = 0; i < 8; ++i) {
                    t[2 * i] = _mm_unpacklo_epi8(v[i], v[i + 8]);
                    t[2 * i + 1] = _mm_unpackhi_epi8(v[i], v[i + 8]);
                }
                for (int i = 0; i < 16; ++i) v[i] = t[i];
            }
            for (int i = 0; i < 16; ++i) _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + (c0 + i) * ldd + r0), v[i]);
        }
        for (; c0 < cols; ++c0)
            for (int64_t i = 0; i < 16; ++i) dst[c0 * ldd + r0 + i] = src[(r0 + i) * lds + c0];
    }
#endif
    for (int64_t c = 0; c < cols; ++c)
        for (int64_t r = r0; r < rows; ++r) dst[c * ldd + r] = src[r * lds + c];
}

namespace {

// memcpy for the short runs of patch building (a 7x7 convolution over 3 channels copies 21 bytes
// per kernel row): up to 32 bytes as two overlapping fixed-size moves, inlined, not a library call.
inline void copyShort(uint8_t* d, const uint8_t* s, size_t n) {
    uint64_t a, b, c, e;
    if (n >= 16 && n <= 32) {
        std::memcpy(&a, s, 8), std::memcpy(&b, s + 8, 8), std::memcpy(&c, s + n - 16, 8), std::memcpy(&e, s + n - 8, 8);
        std::memcpy(d, &a, 8), std::memcpy(d + 8, &b, 8), std::memcpy(d + n - 16, &c, 8), std::memcpy(d + n - 8, &e, 8);
    } else if (n >= 8 && n < 16) {
        std::memcpy(&a, s, 8), std::memcpy(&b, s + n - 8, 8);
        std::memcpy(d, &a, 8), std::memcpy(d + n - 8, &b, 8);
    } else if (n >= 4 && n < 8) {
        uint32_t x, y;
        std::memcpy(&x, s, 4), std::memcpy(&y, s + n - 4, 4);
        std::memcpy(d, &x, 4), std::memcpy(d + n - 4, &y, 4);
    } else if (n < 4) {
        for (size_t i = 0; i < n; ++i) d[i] = s[i];
    } else {
        std::memcpy(d, s, n);
    }
}

// Positions [p0, p1) of one image x [C, inSize] into xt [inSize, C] (channels last).
void toChannelsLast(const uint8_t* x, int64_t C, int64_t inSize, int64_t p0, int64_t p1, uint8_t* xt) {
    transposeBytes(x + p0, inSize, xt + p0 * C, C, C, p1 - p0);
}

// The N images of x [N, C, inSize] channels last ([N, inSize, C]) in the layer's workspace: tasks
// of 1024 positions of one image.
const uint8_t* channelsLastImages(KernelContext& ctx, const Tensor& X, int64_t inSize) {
    const int64_t N = X.dim(0), C = X.dim(1);
    const uint8_t* x = static_cast<const uint8_t*>(X.raw());
    uint8_t* xt = ctx.scratchArray<uint8_t>(size_t(N * inSize * C));
    const int64_t chunk = 1024, chunks = (inSize + chunk - 1) / chunk;
    parallelFor(N * chunks, grainFor(kGrainElements, chunk * C), [&](int64_t begin, int64_t end) {
        for (int64_t t = begin; t < end; ++t) {
            const int64_t n = t / chunks, p0 = (t % chunks) * chunk;
            toChannelsLast(x + n * C * inSize, C, inSize, p0, std::min(inSize, p0 + chunk), xt + n * inSize * C);
        }
    });
    return xt;
}

// rows[j * K + t · Cg + c] = channel c0 + c at tap t of output position p0 + j, read from the
// channels-last image xt [inSize, C], or `pad` outside: each tap one Cg-byte copy, a whole kernel
// row one copy when the group is every channel and the row lies inside.
void im2rowChannelsLast(const uint8_t* xt, int64_t C, const Window& w, int64_t c0, int64_t Cg, int64_t p0,
                        int64_t count, uint8_t pad, uint8_t* rows, int64_t K) {
    const int64_t kd = w.kernel[0], kh = w.kernel[1], kw = w.kernel[2];
    const bool wholeRows = Cg == C && w.dilation[2] == 1;
    for (int64_t j = 0; j < count; ++j) {
        const int64_t p = p0 + j;
        const int64_t ow = p % w.out[2], oh = (p / w.out[2]) % w.out[1], od = p / (w.out[1] * w.out[2]);
        const int64_t d0 = od * w.stride[0] - w.padBegin[0], h0 = oh * w.stride[1] - w.padBegin[1],
                      w0 = ow * w.stride[2] - w.padBegin[2];
        const bool rowInside = wholeRows && w0 >= 0 && w0 + kw <= w.in[2];
        uint8_t* out = rows + j * K;
        for (int64_t a = 0; a < kd; ++a) {
            const int64_t id = d0 + a * w.dilation[0];
            for (int64_t b = 0; b < kh; ++b) {
                const int64_t ih = h0 + b * w.dilation[1];
                if (id < 0 || id >= w.in[0] || ih < 0 || ih >= w.in[1]) {
                    std::memset(out, pad, size_t(kw * Cg));
                    out += kw * Cg;
                    continue;
                }
                const uint8_t* line = xt + (id * w.in[1] + ih) * w.in[2] * C + c0;
                if (rowInside) {
                    copyShort(out, line + w0 * C, size_t(kw * C));
                    out += kw * C;
                    continue;
                }
                for (int64_t e = 0; e < kw; ++e, out += Cg) {
                    const int64_t iw = w0 + e * w.dilation[2];
                    if (iw >= 0 && iw < w.in[2]) copyShort(out, line + iw * C, size_t(Cg));
                    else std::memset(out, pad, size_t(Cg));
                }
            }
        }
    }
}

// An int8 convolution's window over X's spatial dims (W's kernel), and its output Y [N, M, out...].
Window convWindow(const KernelContext& ctx, const Tensor& X, const Tensor& W) {
    return makeForwardWindow(ctx, std::span<const int64_t>(X.dims()).subspan(2),
                             std::span<const int64_t>(W.dims()).subspan(2), WindowKind::Conv);
}
Tensor& allocateConvOutput(KernelContext& ctx, const Window& win, int64_t N, int64_t M, DataType type) {
    DimVector outDims{N, M};
    for (int64_t d : win.outDims()) outDims.push_back(d);
    return ctx.allocateOutput(0, type, outDims);
}

// The input is made channels last once per run (each image a [positions, C] matrix); then per
// image, group and block of output positions the block's patch rows (taps · Cg bytes) times the
// group's packed weights. A 1x1 convolution with stride 1 and no padding over all channels needs no
// patches: the channels-last image is A itself.
void runInt8ConvPacked(KernelContext& ctx, const PackedGroups* prepared) {
    const Tensor& X = ctx.input(0);
    const Tensor& W = ctx.input(3);
    if (X.rank() < 3 || X.rank() > 5 || W.rank() != X.rank())
        ctx.fail(ErrorKind::InvalidArgument, "x ", X.describe(), " and w ", W.describe(),
                 " must be [N, C, ...] and [M, C/group, ...] with 1 to 3 spatial dims");
    const int64_t N = X.dim(0), C = X.dim(1), M = W.dim(0), G = ctx.node().attrInt("group", 1);
    if (G < 1 || C % G != 0 || M % G != 0 || W.dim(1) * G != C)
        ctx.fail(ErrorKind::InvalidArgument, "channels do not match group ", G, ": x ", X.describe(), ", w ", W.describe());
    const Int8Layer L = readLayer(ctx, M);
    const Window win = convWindow(ctx, X, W);
    Tensor& Y = allocateConvOutput(ctx, win, N, M, L.yType);
    const int64_t Cg = C / G, Mg = M / G, K = Cg * win.kernelSize(), outSize = win.outSize(), inSize = win.inSize();
    if (Y.numel() == 0) return;
    PackedGroups local;
    if (!prepared || int64_t(prepared->size()) != G || (G && ((*prepared)[0]->K != K || (*prepared)[0]->N != Mg))) {
        local = packConvGroups(W, G);
        prepared = &local;
    }
    uint8_t* y = static_cast<uint8_t*>(Y.raw());
    // The NHWC-format layer (a run of int8 layers kept channels last) reads X as it is and writes Y
    // channels last: no transpose in or out.
    const bool yLast = Y.format() == TensorFormat::NHWC;
    const uint8_t* xt = X.format() == TensorFormat::NHWC ? static_cast<const uint8_t*>(X.raw()) : channelsLastImages(ctx, X, inSize);
    const bool pointwise = G == 1 && win.kernelSize() == 1 && win.out == win.in && win.stride[0] == 1 &&
                           win.stride[1] == 1 && win.stride[2] == 1 && win.padBegin[0] == 0 && win.padBegin[1] == 0 &&
                           win.padBegin[2] == 0;
    const uint8_t pad = uint8_t(L.xZero);  // the zero point's byte, either sign: a padded tap adds nothing
    // Blocks of positions: their patches about 128 KB, a multiple of the 6-row micro-tile.
    const int64_t tile = std::clamp<int64_t>((int64_t(128) << 10) / std::max<int64_t>(K, 1) / 6 * 6, 24, 516);
    const int64_t tiles = (outSize + tile - 1) / tile, items = N * G * tiles;
    parallelFor(items, grainFor(kGrainMacs, Mg * K * tile), [&](int64_t begin, int64_t end) {
        const size_t rowBytes = pointwise ? 0 : (size_t(K * tile) + 63) / 64 * 64;
        const size_t outBytes = (size_t(Mg * tile) + 63) / 64 * 64;
        uint8_t* scratch = static_cast<uint8_t*>(threadScratch(0, rowBytes + outBytes + size_t(Mg * tile) * sizeof(int32_t)));
        uint8_t* block = scratch + rowBytes;  // requantized [count, Mg]
        int32_t* acc = reinterpret_cast<int32_t*>(block + outBytes);
        for (int64_t t = begin; t < end; ++t) {
            const int64_t n = t / (G * tiles), g = (t / tiles) % G, p0 = (t % tiles) * tile;
            const int64_t count = std::min(tile, outSize - p0);
            const uint8_t* image = xt + n * inSize * C;
            const uint8_t* rows = image + p0 * C;  // pointwise: K = C, the image's rows
            if (!pointwise) {
                im2rowChannelsLast(image, C, win, g * Cg, Cg, p0, count, pad, scratch, K);
                rows = scratch;
            }
            Int8Operand a{rows, L.xSigned, K, &L.xZero, false};
            gemmInt8Packed(count, a, *(*prepared)[size_t(g)], L.wZeroAt(g * Mg), L.wZeroPerLine(), acc, Mg);
            if (yLast) {  // straight into y[n, p0 + j, g·Mg + m]
                uint8_t* dst = y + (n * outSize + p0) * M + g * Mg;
                requantizeBlock(count, Mg, acc, Mg, L.params(g * Mg), L.ySigned, dst, M);
                clampBlock(L, dst, count, Mg, M);
                continue;
            }
            requantizeBlock(count, Mg, acc, Mg, L.params(g * Mg), L.ySigned, block, Mg);
            clampBlock(L, block, count, Mg, Mg);
            // Back to channel-major: y[n, g·Mg + m, p0 + j] = block[j, m].
            uint8_t* dst = y + (n * M + g * Mg) * outSize + p0;
            transposeBytes(block, Mg, dst, outSize, count, Mg);
        }
    });
}

void runInt8Conv(KernelContext& ctx) { runInt8ConvPacked(ctx, nullptr); }

// ---- Int8Conv, depthwise ------------------------------------------------------------------------

// group = C = M: each output channel reads its own input channel. As GEMMs that is C products of
// [positions, taps] x [taps, 1] (the generic path: a 64-column panel for one column, patch rows
// rebuilt per channel). Here, per output position, acc[c] = sum over the taps inside the image of
// (x[tap, c] - x_zero) * (w[c, tap] - w_zero[c]) for all c at once, along the channels of the
// channels-last image (a padded tap holds x_zero: it adds nothing, so it is skipped); int32
// products of 9-bit values, exact as the reference.
bool int8DepthwiseApplicable(const KernelContext& ctx) {
    if (!ctx.hasInput(0) || !ctx.hasInput(3)) return false;
    const Tensor& X = ctx.input(0);
    const Tensor& W = ctx.input(3);
    if (!isEightBit(X.dtype()) || !isEightBit(W.dtype())) return false;
    if (X.rank() < 3 || X.rank() > 5 || W.rank() != X.rank()) return false;
    const int64_t C = X.dim(1);
    return C > 1 && ctx.node().attrInt("group", 1) == C && W.dim(0) == C && W.dim(1) == 1;
}

// Per output position: the taps inside the image (their offsets in the image and in wt), then the
// channels in blocks of 16 whose sums stay in registers across the taps, the last < 16 one by one.
// `taps` is scratch for kernelSize() offsets.
template <typename XT>
KILN_ALWAYS_INLINE void depthwiseBlockBody(const uint8_t* image, int64_t C, const Window& w, int64_t p0,
                                           int64_t count, const int32_t* wt, int32_t xZero, int32_t* acc,
                                           int64_t* taps) {
    constexpr int64_t kBlock = 16;
    const int64_t kd = w.kernel[0], kh = w.kernel[1], kw = w.kernel[2];
    const int64_t C16 = C / kBlock * kBlock;
    for (int64_t j = 0; j < count; ++j) {
        const int64_t p = p0 + j;
        const int64_t ow = p % w.out[2], oh = (p / w.out[2]) % w.out[1], od = p / (w.out[1] * w.out[2]);
        const int64_t d0 = od * w.stride[0] - w.padBegin[0], h0 = oh * w.stride[1] - w.padBegin[1],
                      w0 = ow * w.stride[2] - w.padBegin[2];
        int64_t valid = 0;  // taps[2k]: x offset, taps[2k + 1]: wt offset
        for (int64_t t0 = 0; t0 < kd; ++t0) {
            const int64_t id = d0 + t0 * w.dilation[0];
            if (id < 0 || id >= w.in[0]) continue;
            for (int64_t t1 = 0; t1 < kh; ++t1) {
                const int64_t ih = h0 + t1 * w.dilation[1];
                if (ih < 0 || ih >= w.in[1]) continue;
                for (int64_t t2 = 0; t2 < kw; ++t2) {
                    const int64_t iw = w0 + t2 * w.dilation[2];
                    if (iw < 0 || iw >= w.in[2]) continue;
                    taps[2 * valid] = ((id * w.in[1] + ih) * w.in[2] + iw) * C;
                    taps[2 * valid + 1] = ((t0 * kh + t1) * kw + t2) * C;
                    ++valid;
                }
            }
        }
        int32_t* a = acc + j * C;
        for (int64_t c0 = 0; c0 < C16; c0 += kBlock) {
            int32_t sum[kBlock] = {};
            for (int64_t k = 0; k < valid; ++k) {
                const XT* px = reinterpret_cast<const XT*>(image + taps[2 * k] + c0);
                const int32_t* wv = wt + taps[2 * k + 1] + c0;
                for (int64_t i = 0; i < kBlock; ++i) sum[i] += (int32_t(px[i]) - xZero) * wv[i];
            }
            for (int64_t i = 0; i < kBlock; ++i) a[c0 + i] = sum[i];
        }
        for (int64_t c = C16; c < C; ++c) {
            int32_t sum = 0;
            for (int64_t k = 0; k < valid; ++k)
                sum += (int32_t(reinterpret_cast<const XT*>(image + taps[2 * k])[c]) - xZero) * wt[taps[2 * k + 1] + c];
            a[c] = sum;
        }
    }
}

template <typename XT>
void depthwiseBlockPlain(const uint8_t* image, int64_t C, const Window& w, int64_t p0, int64_t count,
                         const int32_t* wt, int32_t xZero, int32_t* acc, int64_t* taps) {
    depthwiseBlockBody<XT>(image, C, w, p0, count, wt, xZero, acc, taps);
}
#if KILN_HAVE_AVX512_TARGET
template <typename XT>
KILN_TARGET_AVX512 void depthwiseBlockAvx512(const uint8_t* image, int64_t C, const Window& w, int64_t p0,
                                             int64_t count, const int32_t* wt, int32_t xZero, int32_t* acc,
                                             int64_t* taps) {
    depthwiseBlockBody<XT>(image, C, w, p0, count, wt, xZero, acc, taps);
}
#endif

void depthwiseBlock(bool xSigned, const uint8_t* image, int64_t C, const Window& w, int64_t p0, int64_t count,
                    const int32_t* wt, int32_t xZero, int32_t* acc, int64_t* taps) {
#if KILN_HAVE_AVX512_TARGET
    if (avx512Enabled()) {
        if (xSigned) depthwiseBlockAvx512<int8_t>(image, C, w, p0, count, wt, xZero, acc, taps);
        else depthwiseBlockAvx512<uint8_t>(image, C, w, p0, count, wt, xZero, acc, taps);
        return;
    }
#endif
    if (xSigned) depthwiseBlockPlain<int8_t>(image, C, w, p0, count, wt, xZero, acc, taps);
    else depthwiseBlockPlain<uint8_t>(image, C, w, p0, count, wt, xZero, acc, taps);
}

#if KILN_HAVE_AVX512_TARGET
// The VNNI form, for uint8 x and int8 weights with zero points 0 (quantize_static's default): taps
// in quads, vpdpbusd multiplying 4 taps' bytes of a channel by its 4 weights. Per position, 4·quads
// row pointers (a tap outside the image, or past the last, points at a row of x_zero bytes, whose
// weights are 0 past the last tap), then per block of 64 channels four loads of 64 bytes, interleaved
// within each 128-bit lane (bytes, then words) into four vectors of channel quads, times the weights
// stored in that order (wq: [quad][block][4 x 64 bytes]); the four int32 results are in lane order
// (vector k, lane L: channels 16L + 4k .. +3), a 4x4 transpose of 128-bit lanes puts them back in
// channel order. sum (x - x_zero)·w = sum x·w - x_zero·sum w (corr[c], all taps: a padded tap reads
// x_zero).
// The wide form over a run of `positions` positions of one output row whose windows (Q = 3 quads
// of taps: 3x3, or 7: 5x5) lie inside the image: position k's tap t at corner + k · step + offset[t].
// Block by block of 64 channels, its 4·Q weight vectors (in registers for 3x3) and corrections
// loaded once for the run.
template <int Q>
KILN_TARGET_AVX512_VNNI void depthwiseWideInsideRun(const uint8_t* corner, int64_t positions, int64_t step, int64_t C,
                                                    const int64_t* offset, const int8_t* wq, const int32_t* corr,
                                                    int32_t* acc) {
    const int64_t blocks = (C + 63) / 64;
    int64_t off[4 * Q];
    for (int t = 0; t < 4 * Q; ++t) off[t] = offset[t];
    for (int64_t b = 0; b < blocks; ++b) {
        const int64_t c0 = b * 64;
        const __mmask64 valid = C - c0 >= 64 ? ~__mmask64(0) : (__mmask64(1) << (C - c0)) - 1;
        __m512i wv[Q][4];
        for (int qd = 0; qd < Q; ++qd)
            for (int k = 0; k < 4; ++k) wv[qd][k] = _mm512_loadu_si512(wq + (qd * blocks + b) * 256 + k * 64);
        __mmask16 m[4];
        __m512i cv[4];
        for (int k = 0; k < 4; ++k) {
            const int64_t left = C - c0 - 16 * k;
            m[k] = left >= 16 ? __mmask16(0xFFFF) : left <= 0 ? __mmask16(0) : __mmask16((1u << left) - 1);
            cv[k] = _mm512_maskz_loadu_epi32(m[k], corr + std::min(c0 + 16 * k, C));
        }
        const uint8_t* x = corner + c0;
        int32_t* a = acc + c0;
        for (int64_t k = 0; k < positions; ++k, x += step, a += C) {
            __m512i q0 = _mm512_setzero_si512(), q1 = q0, q2 = q0, q3 = q0;
            for (int qd = 0; qd < Q; ++qd) {
                const __m512i r0 = _mm512_maskz_loadu_epi8(valid, x + off[4 * qd]), r1 = _mm512_maskz_loadu_epi8(valid, x + off[4 * qd + 1]);
                const __m512i r2 = _mm512_maskz_loadu_epi8(valid, x + off[4 * qd + 2]), r3 = _mm512_maskz_loadu_epi8(valid, x + off[4 * qd + 3]);
                const __m512i lo01 = _mm512_unpacklo_epi8(r0, r1), hi01 = _mm512_unpackhi_epi8(r0, r1);
                const __m512i lo23 = _mm512_unpacklo_epi8(r2, r3), hi23 = _mm512_unpackhi_epi8(r2, r3);
                q0 = _mm512_dpbusd_epi32(q0, _mm512_unpacklo_epi16(lo01, lo23), wv[qd][0]);
                q1 = _mm512_dpbusd_epi32(q1, _mm512_unpackhi_epi16(lo01, lo23), wv[qd][1]);
                q2 = _mm512_dpbusd_epi32(q2, _mm512_unpacklo_epi16(hi01, hi23), wv[qd][2]);
                q3 = _mm512_dpbusd_epi32(q3, _mm512_unpackhi_epi16(hi01, hi23), wv[qd][3]);
            }
            const __m512i u0 = _mm512_shuffle_i32x4(q0, q1, 0x44), u1 = _mm512_shuffle_i32x4(q2, q3, 0x44);
            const __m512i u2 = _mm512_shuffle_i32x4(q0, q1, 0xEE), u3 = _mm512_shuffle_i32x4(q2, q3, 0xEE);
            _mm512_mask_storeu_epi32(a, m[0], _mm512_sub_epi32(_mm512_shuffle_i32x4(u0, u1, 0x88), cv[0]));
            _mm512_mask_storeu_epi32(a + 16, m[1], _mm512_sub_epi32(_mm512_shuffle_i32x4(u0, u1, 0xDD), cv[1]));
            _mm512_mask_storeu_epi32(a + 32, m[2], _mm512_sub_epi32(_mm512_shuffle_i32x4(u2, u3, 0x88), cv[2]));
            _mm512_mask_storeu_epi32(a + 48, m[3], _mm512_sub_epi32(_mm512_shuffle_i32x4(u2, u3, 0xDD), cv[3]));
        }
    }
}

KILN_TARGET_AVX512_VNNI void depthwiseBlockVnni(const uint8_t* image, int64_t C, const Window& w, int64_t p0,
                                                int64_t count, const int8_t* wq, int64_t quads, const int32_t* corr,
                                                const uint8_t* padRow, int32_t* acc, const uint8_t** rows) {
    const int64_t kh = w.kernel[1], kw = w.kernel[2], blocks = (C + 63) / 64, taps = w.kernel[0] * kh * kw;
    // The taps' offsets from the window's corner, for positions whose window lies inside the image
    // (all but a border): their row pointers are the corner plus these, no bounds checks.
    int64_t tapOffsets[64];
    const bool fastInterior = taps <= 64;
    for (int64_t t = 0, t0 = 0; fastInterior && t0 < w.kernel[0]; ++t0)
        for (int64_t t1 = 0; t1 < kh; ++t1)
            for (int64_t t2 = 0; t2 < kw; ++t2, ++t)
                tapOffsets[t] = ((t0 * w.dilation[0] * w.in[1] + t1 * w.dilation[1]) * w.in[2] + t2 * w.dilation[2]) * C;
    const int64_t spanD = (w.kernel[0] - 1) * w.dilation[0], spanH = (kh - 1) * w.dilation[1], spanW = (kw - 1) * w.dilation[2];
    // The output position (od, oh, ow) of p0, then stepped along with j: no divisions per position.
    int64_t ow = p0 % w.out[2], oh = (p0 / w.out[2]) % w.out[1], od = p0 / (w.out[1] * w.out[2]);
    for (int64_t t = taps; fastInterior && t < 4 * quads; ++t) tapOffsets[t] = 0;  // weight 0: any byte inside
    for (int64_t j = 0; j < count; ++j) {
        const int64_t d0 = od * w.stride[0] - w.padBegin[0], h0 = oh * w.stride[1] - w.padBegin[1],
                      w0 = ow * w.stride[2] - w.padBegin[2];
        // 3x3 or 5x5: the run of positions from here on in this row whose windows lie inside.
        if (fastInterior && (quads == 3 || quads == 7) && d0 >= 0 && d0 + spanD < w.in[0] && h0 >= 0 &&
            h0 + spanH < w.in[1] && w0 >= 0) {
            const int64_t fit = std::min({count - j, w.out[2] - ow, (w.in[2] - 1 - spanW - w0) / w.stride[2] + 1});
            if (fit > 1) {
                const uint8_t* corner = image + ((d0 * w.in[1] + h0) * w.in[2] + w0) * C;
                if (quads == 3)
                    depthwiseWideInsideRun<3>(corner, fit, w.stride[2] * C, C, tapOffsets, wq, corr, acc + j * C);
                else
                    depthwiseWideInsideRun<7>(corner, fit, w.stride[2] * C, C, tapOffsets, wq, corr, acc + j * C);
                j += fit - 1;  // the loop adds the last one
                ow += fit;
                if (ow == w.out[2]) {
                    ow = 0;
                    if (++oh == w.out[1]) {
                        oh = 0;
                        ++od;
                    }
                }
                continue;
            }
        }
        if (++ow == w.out[2]) {
            ow = 0;
            if (++oh == w.out[1]) {
                oh = 0;
                ++od;
            }
        }
        int64_t t = 0;
        if (fastInterior && d0 >= 0 && d0 + spanD < w.in[0] && h0 >= 0 && h0 + spanH < w.in[1] && w0 >= 0 &&
            w0 + spanW < w.in[2]) {
            const uint8_t* corner = image + ((d0 * w.in[1] + h0) * w.in[2] + w0) * C;
            for (; t < taps; ++t) rows[t] = corner + tapOffsets[t];
        }
        for (int64_t t0 = 0; t < taps && t0 < w.kernel[0]; ++t0) {
            const int64_t id = d0 + t0 * w.dilation[0];
            for (int64_t t1 = 0; t1 < kh; ++t1) {
                const int64_t ih = h0 + t1 * w.dilation[1];
                const bool rowInside = id >= 0 && id < w.in[0] && ih >= 0 && ih < w.in[1];
                for (int64_t t2 = 0; t2 < kw; ++t2, ++t) {
                    const int64_t iw = w0 + t2 * w.dilation[2];
                    rows[t] = rowInside && iw >= 0 && iw < w.in[2] ? image + ((id * w.in[1] + ih) * w.in[2] + iw) * C
                                                                    : padRow;
                }
            }
        }
        for (; t < 4 * quads; ++t) rows[t] = padRow;
        int32_t* a = acc + j * C;
        for (int64_t b = 0; b < blocks; ++b) {
            const int64_t c0 = b * 64;
            const __mmask64 valid = C - c0 >= 64 ? ~__mmask64(0) : (__mmask64(1) << (C - c0)) - 1;
            __m512i q0 = _mm512_setzero_si512(), q1 = q0, q2 = q0, q3 = q0;
            for (int64_t qd = 0; qd < quads; ++qd) {
                const uint8_t* const* r = rows + 4 * qd;
                const __m512i r0 = _mm512_maskz_loadu_epi8(valid, r[0] + c0), r1 = _mm512_maskz_loadu_epi8(valid, r[1] + c0);
                const __m512i r2 = _mm512_maskz_loadu_epi8(valid, r[2] + c0), r3 = _mm512_maskz_loadu_epi8(valid, r[3] + c0);
                const __m512i lo01 = _mm512_unpacklo_epi8(r0, r1), hi01 = _mm512_unpackhi_epi8(r0, r1);
                const __m512i lo23 = _mm512_unpacklo_epi8(r2, r3), hi23 = _mm512_unpackhi_epi8(r2, r3);
                const int8_t* wv = wq + (qd * blocks + b) * 256;
                q0 = _mm512_dpbusd_epi32(q0, _mm512_unpacklo_epi16(lo01, lo23), _mm512_loadu_si512(wv));
                q1 = _mm512_dpbusd_epi32(q1, _mm512_unpackhi_epi16(lo01, lo23), _mm512_loadu_si512(wv + 64));
                q2 = _mm512_dpbusd_epi32(q2, _mm512_unpacklo_epi16(hi01, hi23), _mm512_loadu_si512(wv + 128));
                q3 = _mm512_dpbusd_epi32(q3, _mm512_unpackhi_epi16(hi01, hi23), _mm512_loadu_si512(wv + 192));
            }
            const __m512i u0 = _mm512_shuffle_i32x4(q0, q1, 0x44), u1 = _mm512_shuffle_i32x4(q2, q3, 0x44);
            const __m512i u2 = _mm512_shuffle_i32x4(q0, q1, 0xEE), u3 = _mm512_shuffle_i32x4(q2, q3, 0xEE);
            const __m512i o[4] = {_mm512_shuffle_i32x4(u0, u1, 0x88), _mm512_shuffle_i32x4(u0, u1, 0xDD),
                                  _mm512_shuffle_i32x4(u2, u3, 0x88), _mm512_shuffle_i32x4(u2, u3, 0xDD)};
            for (int k = 0; k < 4; ++k) {
                const int64_t ck = c0 + 16 * k, left = C - ck;
                if (left <= 0) break;
                const __mmask16 m = left >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << left) - 1);
                _mm512_mask_storeu_epi32(a + ck, m, _mm512_sub_epi32(o[k], _mm512_maskz_loadu_epi32(m, corr + ck)));
            }
        }
    }
}

// The VNNI form for C <= 32 (MobileNetV2's and EfficientNet's 32-channel 3x3 at 112x112): a 64-byte
// vector holds P = 64 / S output positions of S = 16 or 32 channel bytes each (C <= S, the rest
// masked), so no half-empty channel block. The interleave and the 128-bit-lane transpose are the
// wide form's: output vector k holds channels (16k mod S) .. +15 of position 16k / S; the weights
// (wq: [quad][4 x 64 bytes]) repeat per position. A group of P positions whose windows lie inside
// the image (one output row) reads tap t of position i at corner + i · stride · C + offset[t]: with
// C = S and stride 1 the P positions' bytes are one contiguous 64-byte load; otherwise P masked
// loads merge into one vector (the pointer moved back i · S bytes, the mask moved forward as many:
// masked-off bytes are never read). Other groups take their row pointers per position (x_zero rows
// outside the image) as the wide form does. Taps past the last have weight 0: in the inside case
// they read the corner itself. Exact int32 sums: the same results as the wide form.
// A run of `groups` groups of P = 64 / S positions, C = S channels, stride 1, every window inside
// the image (one output row): the groups' bytes of tap t are one 64-byte load at corner + offset[t],
// the next group 64 bytes on; the weights stay in registers; the P positions' C sums are the 64
// int32 at acc in order (output vector k is acc[16k .. 16k + 15]).
template <int S, int Q>
KILN_TARGET_AVX512_VNNI void depthwiseNarrowInsideRun(const uint8_t* corner, int64_t groups, const int64_t* offset,
                                                      const int8_t* wq, const __m512i* corrK, int32_t* acc) {
    __m512i wv[Q][4];
    for (int qd = 0; qd < Q; ++qd)
        for (int k = 0; k < 4; ++k) wv[qd][k] = _mm512_loadu_si512(wq + qd * 256 + k * 64);
    int64_t off[4 * Q];
    for (int t = 0; t < 4 * Q; ++t) off[t] = offset[t];
    const __m512i c0 = corrK[0], c1 = corrK[1], c2 = corrK[2], c3 = corrK[3];
    for (int64_t g = 0; g < groups; ++g, corner += 64, acc += 64) {
        __m512i q0 = _mm512_setzero_si512(), q1 = q0, q2 = q0, q3 = q0;
        for (int qd = 0; qd < Q; ++qd) {
            const __m512i r0 = _mm512_loadu_si512(corner + off[4 * qd]), r1 = _mm512_loadu_si512(corner + off[4 * qd + 1]);
            const __m512i r2 = _mm512_loadu_si512(corner + off[4 * qd + 2]), r3 = _mm512_loadu_si512(corner + off[4 * qd + 3]);
            const __m512i lo01 = _mm512_unpacklo_epi8(r0, r1), hi01 = _mm512_unpackhi_epi8(r0, r1);
            const __m512i lo23 = _mm512_unpacklo_epi8(r2, r3), hi23 = _mm512_unpackhi_epi8(r2, r3);
            q0 = _mm512_dpbusd_epi32(q0, _mm512_unpacklo_epi16(lo01, lo23), wv[qd][0]);
            q1 = _mm512_dpbusd_epi32(q1, _mm512_unpackhi_epi16(lo01, lo23), wv[qd][1]);
            q2 = _mm512_dpbusd_epi32(q2, _mm512_unpacklo_epi16(hi01, hi23), wv[qd][2]);
            q3 = _mm512_dpbusd_epi32(q3, _mm512_unpackhi_epi16(hi01, hi23), wv[qd][3]);
        }
        const __m512i u0 = _mm512_shuffle_i32x4(q0, q1, 0x44), u1 = _mm512_shuffle_i32x4(q2, q3, 0x44);
        const __m512i u2 = _mm512_shuffle_i32x4(q0, q1, 0xEE), u3 = _mm512_shuffle_i32x4(q2, q3, 0xEE);
        _mm512_storeu_si512(acc, _mm512_sub_epi32(_mm512_shuffle_i32x4(u0, u1, 0x88), c0));
        _mm512_storeu_si512(acc + 16, _mm512_sub_epi32(_mm512_shuffle_i32x4(u0, u1, 0xDD), c1));
        _mm512_storeu_si512(acc + 32, _mm512_sub_epi32(_mm512_shuffle_i32x4(u2, u3, 0x88), c2));
        _mm512_storeu_si512(acc + 48, _mm512_sub_epi32(_mm512_shuffle_i32x4(u2, u3, 0xDD), c3));
    }
}

template <int S, int Q>
KILN_TARGET_AVX512_VNNI void depthwiseBlockVnniNarrow(const uint8_t* image, int64_t C, const Window& w, int64_t p0,
                                                      int64_t count, const int8_t* wq, int64_t quadCount,
                                                      const int32_t* corr, const uint8_t* padRow, int32_t* acc,
                                                      const uint8_t** rows) {
    constexpr int P = 64 / S;
    const int64_t quads = Q ? Q : quadCount, slots = 4 * quads;
    const int64_t kd = w.kernel[0], kh = w.kernel[1], kw = w.kernel[2], taps = kd * kh * kw;
    int64_t offset[64];  // taps <= 64 (the caller's condition)
    for (int64_t t = 0, t0 = 0; t0 < kd; ++t0)
        for (int64_t t1 = 0; t1 < kh; ++t1)
            for (int64_t t2 = 0; t2 < kw; ++t2, ++t)
                offset[t] = ((t0 * w.dilation[0] * w.in[1] + t1 * w.dilation[1]) * w.in[2] + t2 * w.dilation[2]) * C;
    for (int64_t t = taps; t < slots; ++t) offset[t] = 0;
    const int64_t spanD = (kd - 1) * w.dilation[0], spanH = (kh - 1) * w.dilation[1], spanW = (kw - 1) * w.dilation[2];
    const int64_t step = w.stride[2] * C;  // bytes between the windows of neighbouring positions in a row
    const bool contiguous = C == S && w.stride[2] == 1;
    const __mmask64 cm = (__mmask64(1) << C) - 1;  // C <= 32
    // Output vector k: position 16k / S, channels cb[k] .. +15 (those below C: mask ck[k]).
    __m512i corrK[4];
    __mmask16 ck[4];
    int64_t cb[4];
    for (int k = 0; k < 4; ++k) {
        cb[k] = (16 * k) % S;
        const int64_t left = C - cb[k];
        ck[k] = left <= 0 ? __mmask16(0) : left >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << left) - 1);
        corrK[k] = _mm512_maskz_loadu_epi32(ck[k], corr + std::min(cb[k], C));
    }
    const auto back = [](const uint8_t* p, int64_t bytes) {  // p - bytes, for a load whose mask skips them
        return reinterpret_cast<const uint8_t*>(reinterpret_cast<uintptr_t>(p) - uintptr_t(bytes));
    };
    int64_t ow = p0 % w.out[2], oh = (p0 / w.out[2]) % w.out[1], od = p0 / (w.out[1] * w.out[2]);
    for (int64_t j = 0; j < count; j += P) {
        const int64_t n = std::min<int64_t>(P, count - j);
        const int64_t d0 = od * w.stride[0] - w.padBegin[0], h0 = oh * w.stride[1] - w.padBegin[1],
                      w0 = ow * w.stride[2] - w.padBegin[2];
        if constexpr (Q != 0) {
            // The run of inside groups from here on in this output row, in registers.
            if (contiguous && d0 >= 0 && d0 + spanD < w.in[0] && h0 >= 0 && h0 + spanH < w.in[1] && w0 >= 0) {
                const int64_t fit = std::min({(count - j) / P, (w.out[2] - ow) / P, (w.in[2] - spanW - w0) / P});
                if (fit > 0) {
                    depthwiseNarrowInsideRun<S, Q>(image + ((d0 * w.in[1] + h0) * w.in[2] + w0) * C, fit, offset, wq,
                                                   corrK, acc + j * C);
                    j += fit * P - P;  // the loop adds the last P
                    ow += fit * P;
                    if (ow == w.out[2]) {
                        ow = 0;
                        if (++oh == w.out[1]) {
                            oh = 0;
                            ++od;
                        }
                    }
                    continue;
                }
            }
        }
        const bool inside = n == P && ow + P - 1 < w.out[2] && d0 >= 0 && d0 + spanD < w.in[0] && h0 >= 0 &&
                            h0 + spanH < w.in[1] && w0 >= 0 && w0 + (P - 1) * w.stride[2] + spanW < w.in[2];
        const uint8_t* corner = inside ? image + ((d0 * w.in[1] + h0) * w.in[2] + w0) * C : nullptr;
        if (!inside) {
            // Row pointers per position (the wide form's), stepping (od, oh, ow) along.
            int64_t pd = od, ph = oh, pw = ow;
            for (int i = 0; i < P; ++i) {
                const uint8_t** r = rows + i * slots;
                int64_t t = 0;
                if (i < n) {
                    const int64_t e0 = pd * w.stride[0] - w.padBegin[0], e1 = ph * w.stride[1] - w.padBegin[1],
                                  e2 = pw * w.stride[2] - w.padBegin[2];
                    for (int64_t t0 = 0; t0 < kd; ++t0) {
                        const int64_t id = e0 + t0 * w.dilation[0];
                        for (int64_t t1 = 0; t1 < kh; ++t1) {
                            const int64_t ih = e1 + t1 * w.dilation[1];
                            const bool rowInside = id >= 0 && id < w.in[0] && ih >= 0 && ih < w.in[1];
                            for (int64_t t2 = 0; t2 < kw; ++t2, ++t) {
                                const int64_t iw = e2 + t2 * w.dilation[2];
                                r[t] = rowInside && iw >= 0 && iw < w.in[2]
                                           ? image + ((id * w.in[1] + ih) * w.in[2] + iw) * C
                                           : padRow;
                            }
                        }
                    }
                    if (++pw == w.out[2]) {
                        pw = 0;
                        if (++ph == w.out[1]) {
                            ph = 0;
                            ++pd;
                        }
                    }
                }
                for (; t < slots; ++t) r[t] = padRow;
            }
        }
        __m512i q0 = _mm512_setzero_si512(), q1 = q0, q2 = q0, q3 = q0;
        for (int64_t qd = 0; qd < quads; ++qd) {
            __m512i r[4];
            for (int e = 0; e < 4; ++e) {
                const int64_t t = 4 * qd + e;
                if (inside && contiguous) {
                    r[e] = _mm512_loadu_si512(corner + offset[t]);
                } else if (inside) {
                    r[e] = _mm512_maskz_loadu_epi8(cm, corner + offset[t]);
                    for (int i = 1; i < P; ++i)
                        r[e] = _mm512_mask_loadu_epi8(r[e], cm << (i * S), back(corner + offset[t] + i * step, i * S));
                } else {
                    r[e] = _mm512_maskz_loadu_epi8(cm, rows[t]);
                    for (int i = 1; i < P; ++i)
                        r[e] = _mm512_mask_loadu_epi8(r[e], cm << (i * S), back(rows[i * slots + t], i * S));
                }
            }
            const __m512i lo01 = _mm512_unpacklo_epi8(r[0], r[1]), hi01 = _mm512_unpackhi_epi8(r[0], r[1]);
            const __m512i lo23 = _mm512_unpacklo_epi8(r[2], r[3]), hi23 = _mm512_unpackhi_epi8(r[2], r[3]);
            const int8_t* wv = wq + qd * 256;
            q0 = _mm512_dpbusd_epi32(q0, _mm512_unpacklo_epi16(lo01, lo23), _mm512_loadu_si512(wv));
            q1 = _mm512_dpbusd_epi32(q1, _mm512_unpackhi_epi16(lo01, lo23), _mm512_loadu_si512(wv + 64));
            q2 = _mm512_dpbusd_epi32(q2, _mm512_unpacklo_epi16(hi01, hi23), _mm512_loadu_si512(wv + 128));
            q3 = _mm512_dpbusd_epi32(q3, _mm512_unpackhi_epi16(hi01, hi23), _mm512_loadu_si512(wv + 192));
        }
        const __m512i u0 = _mm512_shuffle_i32x4(q0, q1, 0x44), u1 = _mm512_shuffle_i32x4(q2, q3, 0x44);
        const __m512i u2 = _mm512_shuffle_i32x4(q0, q1, 0xEE), u3 = _mm512_shuffle_i32x4(q2, q3, 0xEE);
        const __m512i o[4] = {_mm512_shuffle_i32x4(u0, u1, 0x88), _mm512_shuffle_i32x4(u0, u1, 0xDD),
                              _mm512_shuffle_i32x4(u2, u3, 0x88), _mm512_shuffle_i32x4(u2, u3, 0xDD)};
        for (int k = 0; k < 4; ++k) {
            const int64_t i = 16 * k / S;
            if (i < n && ck[k]) _mm512_mask_storeu_epi32(acc + (j + i) * C + cb[k], ck[k], _mm512_sub_epi32(o[k], corrK[k]));
        }
        for (int64_t i = 0; i < n; ++i)
            if (++ow == w.out[2]) {
                ow = 0;
                if (++oh == w.out[1]) {
                    oh = 0;
                    ++od;
                }
            }
    }
}
#endif

// The VNNI form's weights (int8 W [C, 1, taps...]): in quads of taps (wq, quads · blocks · 256 bytes)
// in the wide form's lane order, or the narrow form's (narrow = S: one block, channels modulo S), and
// each channel's sum (for x_zero · sum w).
struct DepthwiseVnniWeights {
    int64_t C = 0, taps = 0;
    std::vector<int8_t> wq;
    std::vector<int32_t> sums;
};
int64_t depthwiseNarrow(int64_t C, int64_t taps) { return C <= 32 && taps <= 64 ? (C <= 16 ? 16 : 32) : 0; }
void packDepthwiseVnni(const uint8_t* wb, int64_t C, int64_t taps, int8_t* wq, int32_t* sums) {
    const int64_t quads = (taps + 3) / 4, blocks = (C + 63) / 64, narrow = depthwiseNarrow(C, taps);
    for (int64_t qd = 0; qd < quads; ++qd)
        for (int64_t b = 0; b < blocks; ++b)
            for (int64_t k = 0; k < 4; ++k)
                for (int64_t i = 0; i < 16; ++i)
                    for (int64_t e = 0; e < 4; ++e) {
                        // Vector k, int32 lane i of block b: channel 64b + 16(i / 4) + 4k + i % 4; in
                        // the narrow form (one block) that channel modulo S, for each position.
                        int64_t c = b * 64 + 16 * (i / 4) + 4 * k + i % 4;
                        if (narrow) c %= narrow;
                        const int64_t t = 4 * qd + e;
                        wq[(qd * blocks + b) * 256 + k * 64 + i * 4 + e] =
                            c < C && t < taps ? int8_t(wb[c * taps + t]) : int8_t(0);
                    }
    for (int64_t c = 0; c < C; ++c) {
        int32_t sum = 0;
        for (int64_t t = 0; t < taps; ++t) sum += int32_t(int8_t(wb[c * taps + t]));
        sums[c] = sum;
    }
}

// prepared: the weights packed once per layer (constant int8 W), or null (packed per run).
void runInt8DepthwiseConvPrepared(KernelContext& ctx, const DepthwiseVnniWeights* prepared) {
    if (!int8DepthwiseApplicable(ctx)) return runInt8Conv(ctx);
    const Tensor& X = ctx.input(0);
    const Tensor& W = ctx.input(3);
    const int64_t N = X.dim(0), C = X.dim(1);
    const Int8Layer L = readLayer(ctx, C);
    const Window win = convWindow(ctx, X, W);
    Tensor& Y = allocateConvOutput(ctx, win, N, C, L.yType);
    if (Y.numel() == 0) return;
    const int64_t taps = win.kernelSize(), outSize = win.outSize(), inSize = win.inSize();
    const bool wSigned = W.dtype() == DataType::Int8;
    const uint8_t* wb = static_cast<const uint8_t*>(W.raw());
    // The VNNI form's operands: weights in quads of taps, x_zero · sum of each channel's weights, a
    // row of x_zero bytes for the taps outside the image.
    const int64_t quads = (taps + 3) / 4, blocks = (C + 63) / 64;
    bool vnni = false;
#if KILN_HAVE_AVX512_TARGET
    vnni = int8VnniEnabled() && !L.xSigned && wSigned;
    for (int64_t c = 0; vnni && L.wZero && c < L.wZeroCount; ++c) vnni = L.wZero[c] == 0;
#endif
    // C <= 32: the narrow form (P = 64 / S positions per vector, S = 16 or 32 channel bytes each).
    const int64_t narrow = vnni ? depthwiseNarrow(C, taps) : 0;
    int32_t* wt = nullptr;
    const int8_t* wq = nullptr;
    int32_t* corr = nullptr;
    uint8_t* padRow = nullptr;
    if (vnni) {
        const int32_t* sums = nullptr;
        if (prepared && prepared->C == C && prepared->taps == taps) {
            wq = prepared->wq.data();
            sums = prepared->sums.data();
        } else {
            int8_t* packed = ctx.scratchArray<int8_t>(size_t(quads * blocks * 256));
            int32_t* s = ctx.scratchArray<int32_t>(size_t(C));
            packDepthwiseVnni(wb, C, taps, packed, s);
            wq = packed;
            sums = s;
        }
        corr = ctx.scratchArray<int32_t>(size_t(C));
        for (int64_t c = 0; c < C; ++c) corr[c] = L.xZero * sums[c];
        padRow = ctx.scratchArray<uint8_t>(size_t(C));
        std::memset(padRow, L.xZero, size_t(C));
    } else {
        // The weights less their zero points, tap-major: wt[t * C + c] = W[c, 0, t] - w_zero[c].
        wt = ctx.scratchArray<int32_t>(size_t(taps * C));
        for (int64_t c = 0; c < C; ++c) {
            const int32_t z = L.wZero ? L.wZero[L.wZeroPerLine() ? c : 0] : 0;
            for (int64_t t = 0; t < taps; ++t)
                wt[t * C + c] = (wSigned ? int32_t(int8_t(wb[c * taps + t])) : int32_t(wb[c * taps + t])) - z;
        }
    }
    const uint8_t* xt = X.format() == TensorFormat::NHWC ? static_cast<const uint8_t*>(X.raw()) : channelsLastImages(ctx, X, inSize);
    uint8_t* y = static_cast<uint8_t*>(Y.raw());
    const bool yLast = Y.format() == TensorFormat::NHWC;  // NHWC format: the block is written in place
    // Blocks of positions whose int32 sums take about 32 KB.
    const int64_t tile = std::clamp<int64_t>((int64_t(32) << 10) / int64_t(sizeof(int32_t)) / C, 16, 1024);
    const int64_t tiles = (outSize + tile - 1) / tile;
    const size_t tapBytes = size_t(std::max(2 * taps, 16 * quads)) * sizeof(int64_t);  // narrow: 4 positions' rows
    parallelFor(N * tiles, grainFor(kGrainMacs, tile * C * taps), [&](int64_t begin, int64_t end) {
        // Each part 64-byte aligned: with an odd C · tile the int64 tap offsets after the int32 sums
        // were misaligned (UBSan, BuilderTactics.Int8ConvDepthwiseMatchesReference in the sanitizer run).
        const size_t outBytes = (size_t(C * tile) + 63) / 64 * 64,
                     accBytes = (size_t(C * tile) * sizeof(int32_t) + 63) / 64 * 64;
        uint8_t* block = static_cast<uint8_t*>(threadScratch(0, outBytes + accBytes + tapBytes));
        int32_t* acc = reinterpret_cast<int32_t*>(block + outBytes);
        int64_t* tapOffsets = reinterpret_cast<int64_t*>(block + outBytes + accBytes);
        for (int64_t t = begin; t < end; ++t) {
            const int64_t n = t / tiles, p0 = (t % tiles) * tile, count = std::min(tile, outSize - p0);
#if KILN_HAVE_AVX512_TARGET
            const uint8_t** rows = reinterpret_cast<const uint8_t**>(tapOffsets);
            const uint8_t* image = xt + n * inSize * C;
            if (narrow == 16 && quads == 3)
                depthwiseBlockVnniNarrow<16, 3>(image, C, win, p0, count, wq, quads, corr, padRow, acc, rows);
            else if (narrow == 16)
                depthwiseBlockVnniNarrow<16, 0>(image, C, win, p0, count, wq, quads, corr, padRow, acc, rows);
            else if (narrow == 32 && quads == 3)
                depthwiseBlockVnniNarrow<32, 3>(image, C, win, p0, count, wq, quads, corr, padRow, acc, rows);
            else if (narrow == 32)
                depthwiseBlockVnniNarrow<32, 0>(image, C, win, p0, count, wq, quads, corr, padRow, acc, rows);
            else if (vnni)
                depthwiseBlockVnni(xt + n * inSize * C, C, win, p0, count, wq, quads, corr, padRow, acc,
                                   reinterpret_cast<const uint8_t**>(tapOffsets));
            else
#endif
                depthwiseBlock(L.xSigned, xt + n * inSize * C, C, win, p0, count, wt, L.xZero, acc, tapOffsets);
            uint8_t* dst = yLast ? y + (n * outSize + p0) * C : block;
            requantizeBlock(count, C, acc, C, L.params(0), L.ySigned, dst, C);
            clampBlock(L, dst, count, C, C);
            if (!yLast) transposeBytes(block, C, y + n * C * outSize + p0, outSize, count, C);
        }
    });
}

// ---- Int8Conv, direct for few input channels (stems) ----------------------------------------------

// A group-1 convolution over C <= 4 channels (an RGB stem: 3 -> 32, 3x3, stride 2) has patches of
// kw · C bytes per kernel row (9 for the stem): the general form copies them 3 bytes at a time into
// 27-byte patch rows, packs them again for the GEMM and computes a 64-column panel for 32 outputs.
// Here each kernel row's kw · C bytes are read where they lie in the channels-last image, as
// ceil(kw · C / 4) groups of 4 bytes (the bytes past kw · C, the next pixel's, have weight 0):
// VNNI broadcasts each group to all lanes and vpdpbusd multiplies it by 16 output channels' 4
// weights (wp: [kernel row][group][M rounded to 16][4 bytes]), 4 positions (2 past 32 channels) at
// once. A kernel row outside the image reads a row of x_zero bytes, one partly outside (or at the
// image's end, where the group would read past it) a copy with x_zero for the missing pixels; sum
// (x - x_zero)·w = sum x·w - x_zero·sum w (corr[m]). Without VNNI (or for int8 x, uint8 weights or
// weight zero points) the plain loop: per position and tap inside the image, (x - x_zero) times the
// M weights (w - w_zero) at once. Exact int32 sums, as the GEMM's.
bool int8NarrowInputApplicable(const KernelContext& ctx) {
    if (!ctx.hasInput(0) || !ctx.hasInput(3)) return false;
    const Tensor& X = ctx.input(0);
    const Tensor& W = ctx.input(3);
    if (!isEightBit(X.dtype()) || !isEightBit(W.dtype())) return false;
    if (X.rank() < 3 || X.rank() > 5 || W.rank() != X.rank() || ctx.node().attrInt("group", 1) != 1) return false;
    const int64_t C = X.dim(1), kw = W.dim(W.rank() - 1), rows = W.numel() / std::max<int64_t>(W.dim(0) * C * kw, 1);
    return C >= 1 && C <= 4 && W.dim(1) == C && kw * C <= 64 && rows <= 64;
}

// The kernel's rows (kd · kh of them) as offsets into the channels-last image per output position.
struct NarrowRows {
    int64_t count = 0, kw = 0, L = 0, Lq = 0;  // kernel rows, taps per row, bytes per row, rounded to 4
};

#if KILN_HAVE_AVX512_TARGET
template <int NB>
KILN_TARGET_AVX512_VNNI void narrowInputBlockVnni(const uint8_t* image, int64_t imageBytes, int64_t C, const Window& w,
                                                  const NarrowRows& R, int64_t p0, int64_t count, const int8_t* wp,
                                                  int64_t Mp, int64_t m0, int64_t M, const int32_t* corr,
                                                  const uint8_t* padRow, uint8_t xZero, int32_t* acc,
                                                  const uint8_t** ptrs, uint8_t* seg) {
    constexpr int PP = NB <= 2 ? 4 : 2;
    const int64_t kh = w.kernel[1], quads = R.Lq / 4;
    // Each kernel row's offset from the window's corner, for positions whose window lies inside.
    int64_t rowOffset[64];
    for (int64_t r = 0; r < R.count; ++r)
        rowOffset[r] = ((r / kh) * w.dilation[0] * w.in[1] + (r % kh) * w.dilation[1]) * w.in[2] * C;
    const int64_t spanD = (w.kernel[0] - 1) * w.dilation[0], spanH = (kh - 1) * w.dilation[1];
    const int64_t lastRead = rowOffset[R.count - 1] + R.Lq;  // bytes read from the corner on
    __mmask16 mk[NB];
    __m512i ck[NB];
    for (int b = 0; b < NB; ++b) {
        const int64_t left = M - m0 - 16 * b;
        mk[b] = left >= 16 ? __mmask16(0xFFFF) : left <= 0 ? __mmask16(0) : __mmask16((1u << left) - 1);
        ck[b] = _mm512_maskz_loadu_epi32(mk[b], corr + std::min(m0 + 16 * b, M));
    }
    int64_t ow = p0 % w.out[2], oh = (p0 / w.out[2]) % w.out[1], od = p0 / (w.out[1] * w.out[2]);
    const int64_t step = w.stride[2] * C;  // bytes between neighbouring positions' windows in a row
    for (int64_t j = 0; j < count; j += PP) {
        const int64_t n = std::min<int64_t>(PP, count - j);
        {
            // All PP positions in this output row with their windows inside: kernel row r of position
            // i at corner + rowOffset[r] + i · step, no row pointers.
            const int64_t d0 = od * w.stride[0] - w.padBegin[0], h0 = oh * w.stride[1] - w.padBegin[1],
                          w0 = ow * w.stride[2] - w.padBegin[2];
            const int64_t corner = ((d0 * w.in[1] + h0) * w.in[2] + w0) * C;
            if (n == PP && ow + PP - 1 < w.out[2] && w.dilation[2] == 1 && w0 >= 0 &&
                w0 + (PP - 1) * w.stride[2] + R.kw - 1 < w.in[2] && d0 >= 0 && d0 + spanD < w.in[0] && h0 >= 0 &&
                h0 + spanH < w.in[1] && corner + (PP - 1) * step + lastRead <= imageBytes) {
                __m512i a[PP][NB];
                for (int i = 0; i < PP; ++i)
                    for (int b = 0; b < NB; ++b) a[i][b] = _mm512_setzero_si512();
                for (int64_t r = 0; r < R.count; ++r) {
                    const uint8_t* row = image + corner + rowOffset[r];
                    for (int64_t q = 0; q < quads; ++q) {
                        const int8_t* wv = wp + ((r * quads + q) * Mp + m0) * 4;
                        __m512i wb[NB];
                        for (int b = 0; b < NB; ++b) wb[b] = _mm512_loadu_si512(wv + 64 * b);
                        for (int i = 0; i < PP; ++i) {
                            int32_t g;
                            std::memcpy(&g, row + i * step + 4 * q, 4);
                            const __m512i x = _mm512_set1_epi32(g);
                            for (int b = 0; b < NB; ++b) a[i][b] = _mm512_dpbusd_epi32(a[i][b], x, wb[b]);
                        }
                    }
                }
                for (int i = 0; i < PP; ++i)
                    for (int b = 0; b < NB; ++b)
                        _mm512_mask_storeu_epi32(acc + (j + i) * M + m0 + 16 * b, mk[b], _mm512_sub_epi32(a[i][b], ck[b]));
                ow += PP;
                if (ow == w.out[2]) {
                    ow = 0;
                    if (++oh == w.out[1]) {
                        oh = 0;
                        ++od;
                    }
                }
                continue;
            }
        }
        for (int i = 0; i < PP; ++i) {
            const uint8_t** pr = ptrs + i * R.count;
            if (i >= n) {
                for (int64_t r = 0; r < R.count; ++r) pr[r] = padRow;
                continue;
            }
            const int64_t d0 = od * w.stride[0] - w.padBegin[0], h0 = oh * w.stride[1] - w.padBegin[1],
                          w0 = ow * w.stride[2] - w.padBegin[2];
            const bool across = w0 >= 0 && w0 + (R.kw - 1) * w.dilation[2] < w.in[2] && w.dilation[2] == 1;
            const int64_t corner = ((d0 * w.in[1] + h0) * w.in[2] + w0) * C;
            const bool inside = across && d0 >= 0 && d0 + spanD < w.in[0] && h0 >= 0 && h0 + spanH < w.in[1] &&
                                corner + lastRead <= imageBytes;
            for (int64_t r = 0; inside && r < R.count; ++r) pr[r] = image + corner + rowOffset[r];
            for (int64_t r = 0; !inside && r < R.count; ++r) {
                const int64_t id = d0 + (r / kh) * w.dilation[0], ih = h0 + (r % kh) * w.dilation[1];
                if (id < 0 || id >= w.in[0] || ih < 0 || ih >= w.in[1]) {
                    pr[r] = padRow;
                    continue;
                }
                const int64_t at = ((id * w.in[1] + ih) * w.in[2] + w0) * C;
                if (across && at + R.Lq <= imageBytes) {
                    pr[r] = image + at;
                    continue;
                }
                uint8_t* s = seg + (i * R.count + r) * R.Lq;  // the row with x_zero for the pixels outside
                std::memset(s, xZero, size_t(R.Lq));
                for (int64_t e = 0; e < R.kw; ++e) {
                    const int64_t iw = w0 + e * w.dilation[2];
                    if (iw >= 0 && iw < w.in[2])
                        std::memcpy(s + e * C, image + ((id * w.in[1] + ih) * w.in[2] + iw) * C, size_t(C));
                }
                pr[r] = s;
            }
            if (++ow == w.out[2]) {
                ow = 0;
                if (++oh == w.out[1]) {
                    oh = 0;
                    ++od;
                }
            }
        }
        __m512i a[PP][NB];
        for (int i = 0; i < PP; ++i)
            for (int b = 0; b < NB; ++b) a[i][b] = _mm512_setzero_si512();
        for (int64_t r = 0; r < R.count; ++r)
            for (int64_t q = 0; q < quads; ++q) {
                const int8_t* wv = wp + ((r * quads + q) * Mp + m0) * 4;
                __m512i wb[NB];
                for (int b = 0; b < NB; ++b) wb[b] = _mm512_loadu_si512(wv + 64 * b);
                for (int i = 0; i < PP; ++i) {
                    int32_t g;
                    std::memcpy(&g, ptrs[i * R.count + r] + 4 * q, 4);
                    const __m512i x = _mm512_set1_epi32(g);
                    for (int b = 0; b < NB; ++b) a[i][b] = _mm512_dpbusd_epi32(a[i][b], x, wb[b]);
                }
            }
        for (int i = 0; i < n; ++i)
            for (int b = 0; b < NB; ++b)
                _mm512_mask_storeu_epi32(acc + (j + i) * M + m0 + 16 * b, mk[b], _mm512_sub_epi32(a[i][b], ck[b]));
    }
}
#endif

void narrowInputBlockPlain(const uint8_t* image, int64_t C, const Window& w, const NarrowRows& R, int64_t p0,
                           int64_t count, const int32_t* wt, int64_t M, bool xSigned, int32_t xZero, int32_t* acc) {
    const int64_t kh = w.kernel[1];
    for (int64_t j = 0; j < count; ++j) {
        const int64_t p = p0 + j;
        const int64_t ow = p % w.out[2], oh = (p / w.out[2]) % w.out[1], od = p / (w.out[1] * w.out[2]);
        const int64_t d0 = od * w.stride[0] - w.padBegin[0], h0 = oh * w.stride[1] - w.padBegin[1],
                      w0 = ow * w.stride[2] - w.padBegin[2];
        int32_t* a = acc + j * M;
        std::fill(a, a + M, 0);
        for (int64_t r = 0; r < R.count; ++r) {
            const int64_t id = d0 + (r / kh) * w.dilation[0], ih = h0 + (r % kh) * w.dilation[1];
            if (id < 0 || id >= w.in[0] || ih < 0 || ih >= w.in[1]) continue;  // x_zero: adds nothing
            for (int64_t e = 0; e < R.kw; ++e) {
                const int64_t iw = w0 + e * w.dilation[2];
                if (iw < 0 || iw >= w.in[2]) continue;
                const uint8_t* px = image + ((id * w.in[1] + ih) * w.in[2] + iw) * C;
                for (int64_t c = 0; c < C; ++c) {
                    const int32_t xv = (xSigned ? int32_t(int8_t(px[c])) : int32_t(px[c])) - xZero;
                    const int32_t* wv = wt + ((r * R.kw + e) * C + c) * M;
                    for (int64_t m = 0; m < M; ++m) a[m] += xv * wv[m];
                }
            }
        }
    }
}

void runInt8NarrowInputConv(KernelContext& ctx) {
    const Tensor& X = ctx.input(0);
    const Tensor& W = ctx.input(3);
    const int64_t N = X.dim(0), C = X.dim(1), M = W.dim(0);
    const Int8Layer L = readLayer(ctx, M);
    const Window win = convWindow(ctx, X, W);
    Tensor& Y = allocateConvOutput(ctx, win, N, M, L.yType);
    if (Y.numel() == 0) return;
    const int64_t taps = win.kernelSize(), outSize = win.outSize(), inSize = win.inSize();
    NarrowRows R;
    R.kw = win.kernel[2];
    R.count = win.kernel[0] * win.kernel[1];
    R.L = R.kw * C;
    R.Lq = (R.L + 3) / 4 * 4;
    const bool wSigned = W.dtype() == DataType::Int8;
    const uint8_t* wb = static_cast<const uint8_t*>(W.raw());
    // W[m, c, r · kw + e] (r the kernel row) at byte e · C + c of row r.
    const auto weight = [&](int64_t m, int64_t r, int64_t s) {
        const int64_t i = m * C * taps + (s % C) * taps + r * R.kw + s / C;
        return wSigned ? int32_t(int8_t(wb[i])) : int32_t(wb[i]);
    };
    bool vnni = false;
#if KILN_HAVE_AVX512_TARGET
    vnni = int8VnniEnabled() && !L.xSigned && wSigned;
    for (int64_t m = 0; vnni && L.wZero && m < L.wZeroCount; ++m) vnni = L.wZero[m] == 0;
#endif
    const int64_t quads = R.Lq / 4, Mp = (M + 15) / 16 * 16;
    int8_t* wp = nullptr;
    int32_t* wt = nullptr;
    int32_t* corr = nullptr;
    uint8_t* padRow = nullptr;
    if (vnni) {
        wp = ctx.scratchArray<int8_t>(size_t(R.count * quads * Mp * 4));
        corr = ctx.scratchArray<int32_t>(size_t(M));
        padRow = ctx.scratchArray<uint8_t>(size_t(R.Lq));
        std::memset(padRow, L.xZero, size_t(R.Lq));
        for (int64_t r = 0; r < R.count; ++r)
            for (int64_t q = 0; q < quads; ++q)
                for (int64_t m = 0; m < Mp; ++m)
                    for (int64_t e = 0; e < 4; ++e) {
                        const int64_t s = 4 * q + e;
                        wp[((r * quads + q) * Mp + m) * 4 + e] = m < M && s < R.L ? int8_t(weight(m, r, s)) : int8_t(0);
                    }
        for (int64_t m = 0; m < M; ++m) {
            int32_t sum = 0;
            for (int64_t r = 0; r < R.count; ++r)
                for (int64_t s = 0; s < R.L; ++s) sum += weight(m, r, s);
            corr[m] = L.xZero * sum;
        }
    } else {  // wt[(r · L + s) · M + m] = W - w_zero[m]
        wt = ctx.scratchArray<int32_t>(size_t(R.count * R.L * M));
        for (int64_t m = 0; m < M; ++m) {
            const int32_t z = L.wZero ? L.wZero[L.wZeroPerLine() ? m : 0] : 0;
            for (int64_t r = 0; r < R.count; ++r)
                for (int64_t s = 0; s < R.L; ++s) wt[(r * R.L + s) * M + m] = weight(m, r, s) - z;
        }
    }
    const uint8_t* xt = X.format() == TensorFormat::NHWC ? static_cast<const uint8_t*>(X.raw()) : channelsLastImages(ctx, X, inSize);
    uint8_t* y = static_cast<uint8_t*>(Y.raw());
    const bool yLast = Y.format() == TensorFormat::NHWC;
    // Blocks of positions whose int32 sums take about 32 KB (a multiple of 4 positions).
    const int64_t tile = std::clamp<int64_t>((int64_t(32) << 10) / int64_t(sizeof(int32_t)) / M / 4 * 4, 16, 1024);
    const int64_t tiles = (outSize + tile - 1) / tile;
    parallelFor(N * tiles, grainFor(kGrainMacs, tile * M * taps * C), [&](int64_t begin, int64_t end) {
        const size_t outBytes = (size_t(M * tile) + 63) / 64 * 64, accBytes = (size_t(M * tile) * sizeof(int32_t) + 63) / 64 * 64;
        const size_t ptrBytes = size_t(4 * R.count) * sizeof(void*), segBytes = size_t(4 * R.count * R.Lq);
        uint8_t* block = static_cast<uint8_t*>(threadScratch(0, outBytes + accBytes + ptrBytes + segBytes));
        int32_t* acc = reinterpret_cast<int32_t*>(block + outBytes);
        const uint8_t** ptrs = reinterpret_cast<const uint8_t**>(block + outBytes + accBytes);
        uint8_t* seg = block + outBytes + accBytes + ptrBytes;
        for (int64_t t = begin; t < end; ++t) {
            const int64_t n = t / tiles, p0 = (t % tiles) * tile, count = std::min(tile, outSize - p0);
            const uint8_t* image = xt + n * inSize * C;
#if KILN_HAVE_AVX512_TARGET
            if (vnni) {
                for (int64_t m0 = 0; m0 < M; m0 += 64) {
                    const int64_t nb = (std::min<int64_t>(64, M - m0) + 15) / 16;
                    const auto call = [&](auto kernel) {
                        kernel(image, inSize * C, C, win, R, p0, count, wp, Mp, m0, M, corr, padRow, uint8_t(L.xZero), acc, ptrs, seg);
                    };
                    if (nb == 1) call(narrowInputBlockVnni<1>);
                    else if (nb == 2) call(narrowInputBlockVnni<2>);
                    else if (nb == 3) call(narrowInputBlockVnni<3>);
                    else call(narrowInputBlockVnni<4>);
                }
            } else
#endif
                narrowInputBlockPlain(image, C, win, R, p0, count, wt, M, L.xSigned, L.xZero, acc);
            uint8_t* dst = yLast ? y + (n * outSize + p0) * M : block;
            requantizeBlock(count, M, acc, M, L.params(0), L.ySigned, dst, M);
            clampBlock(L, dst, count, M, M);
            if (!yLast) transposeBytes(block, M, y + n * M * outSize + p0, outSize, count, M);
        }
    });
}

// "direct_loop" for Int8Conv: the depthwise form, or the one for few input channels.
bool int8DirectApplicable(const KernelContext& ctx) {
    return int8DepthwiseApplicable(ctx) || int8NarrowInputApplicable(ctx);
}
void runInt8DirectConvPrepared(KernelContext& ctx, const DepthwiseVnniWeights* prepared) {
    if (int8DepthwiseApplicable(ctx)) return runInt8DepthwiseConvPrepared(ctx, prepared);
    if (int8NarrowInputApplicable(ctx)) return runInt8NarrowInputConv(ctx);
    runInt8Conv(ctx);
}
void runInt8DirectConv(KernelContext& ctx) { runInt8DirectConvPrepared(ctx, nullptr); }

// The depthwise VNNI weights packed once per layer (constant int8 W [C, 1, ...]): repacked on every
// run they cost about as much as a small layer (MobileNetV2's 17 depthwise layers: 6000 channels).
class PreparedInt8Direct final : public KernelInstance {
public:
    explicit PreparedInt8Direct(std::optional<DepthwiseVnniWeights> w) : weights_(std::move(w)) {}
    void run(KernelContext& ctx) const override { runInt8DirectConvPrepared(ctx, weights_ ? &*weights_ : nullptr); }

private:
    std::optional<DepthwiseVnniWeights> weights_;
};

std::unique_ptr<KernelInstance> prepareInt8Direct(const PrepareContext& context) {
    const Value* w = context.node.inputOrNull(3);
    std::optional<DepthwiseVnniWeights> packed;
    if (w && w->isConstant() && w->constant->dtype() == DataType::Int8 && w->constant->rank() >= 3 &&
        w->constant->dim(1) == 1 && w->constant->dim(0) > 1 && context.node.attrInt("group", 1) == w->constant->dim(0)) {
        const Tensor& W = *w->constant;
        DepthwiseVnniWeights p;
        p.C = W.dim(0);
        p.taps = W.numel() / p.C;
        p.wq.resize(size_t((p.taps + 3) / 4 * ((p.C + 63) / 64) * 256));
        p.sums.resize(size_t(p.C));
        packDepthwiseVnni(static_cast<const uint8_t*>(W.raw()), p.C, p.taps, p.wq.data(), p.sums.data());
        packed = std::move(p);
    }
    return std::make_unique<PreparedInt8Direct>(std::move(packed));
}

// ---- Int8Conv, 1x1 on the channel-major image -----------------------------------------------------

// A 1x1 stride-1 unpadded group-1 convolution is Y[M, P] = W[M, C] · X[C, P] per image. The
// reference path turns X channels last and Y back (two transposes of the activations, the output's
// M/C times the input's bytes in an expansion layer); here W is A and the image B, so both stay
// channel-major. Tasks: blocks of up to 256 output channels by 128 positions (two B panels).
bool int8PointwiseNchwApplicable(const KernelContext& ctx) {
    if (!ctx.hasInput(0) || !ctx.hasInput(3)) return false;
    const Tensor& X = ctx.input(0);
    const Tensor& W = ctx.input(3);
    if (!isEightBit(X.dtype()) || !isEightBit(W.dtype())) return false;
    if (X.format() != TensorFormat::Linear || ctx.format() != TensorFormat::Linear) return false;  // channel-major only
    if (X.rank() < 3 || X.rank() > 5 || W.rank() != X.rank() || ctx.node().attrInt("group", 1) != 1) return false;
    if (W.dim(1) != X.dim(1)) return false;
    for (size_t d = 2; d < W.rank(); ++d)
        if (W.dim(d) != 1) return false;
    for (int64_t v : ctx.node().attrIntsView("strides"))
        if (v != 1) return false;
    for (int64_t v : ctx.node().attrIntsView("pads"))
        if (v != 0) return false;
    const std::string autoPad = ctx.node().attrString("auto_pad", "NOTSET");
    return autoPad == "NOTSET" || autoPad == "VALID" || autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER";
}

void runInt8PointwiseNchw(KernelContext& ctx) {
    if (!int8PointwiseNchwApplicable(ctx)) return runInt8Conv(ctx);
    const Tensor& X = ctx.input(0);
    const Tensor& W = ctx.input(3);
    const int64_t N = X.dim(0), C = X.dim(1), M = W.dim(0);
    const Int8Layer L = readLayer(ctx, M);
    const Window win = convWindow(ctx, X, W);
    Tensor& Y = allocateConvOutput(ctx, win, N, M, L.yType);
    if (Y.numel() == 0) return;
    const int64_t P = win.outSize();
    if (P != win.inSize())
        ctx.fail(ErrorKind::InvalidArgument, "a 1x1 convolution without stride or padding changed the size: x ",
                 X.describe());
    const uint8_t* x = static_cast<const uint8_t*>(X.raw());
    const uint8_t* w = static_cast<const uint8_t*>(W.raw());
    uint8_t* y = static_cast<uint8_t*>(Y.raw());
    const int64_t rowBlock = 256, colBlock = 2 * kInt8PanelCols;
    const int64_t rowBlocks = (M + rowBlock - 1) / rowBlock, colBlocks = (P + colBlock - 1) / colBlock;
    parallelFor(N * rowBlocks * colBlocks, grainFor(kGrainMacs, rowBlock * colBlock * C), [&](int64_t begin, int64_t end) {
        int32_t* acc = threadScratchArray<int32_t>(0, size_t(rowBlock * colBlock));
        for (int64_t t = begin; t < end; ++t) {
            const int64_t n = t / (rowBlocks * colBlocks), m0 = (t / colBlocks) % rowBlocks * rowBlock,
                          p0 = t % colBlocks * colBlock;
            const int64_t rows = std::min(rowBlock, M - m0), cols = std::min(colBlock, P - p0);
            const Int8Operand a{w + m0 * C, L.wSigned, C, L.wZeroAt(m0), L.wZeroPerLine()};
            const Int8Operand b{x + n * C * P + p0, L.xSigned, P, &L.xZero, false};
            gemmInt8(rows, cols, C, a, b, acc, cols);
            RequantizeParams q = L.params(m0);
            q.channelAxis = QuantAxis::Row;
            uint8_t* dst = y + (n * M + m0) * P + p0;
            requantizeBlock(rows, cols, acc, cols, q, L.ySigned, dst, P);
            clampBlock(L, dst, rows, cols, P);
        }
    });
}

// The prepared form: each group's weights packed once per layer.
class PreparedInt8Conv final : public KernelInstance {
public:
    explicit PreparedInt8Conv(PackedGroups packed) : packed_(std::move(packed)) {}
    void run(KernelContext& ctx) const override { runInt8ConvPacked(ctx, packed_.empty() ? nullptr : &packed_); }

private:
    PackedGroups packed_;
};

std::unique_ptr<KernelInstance> prepareInt8Conv(const PrepareContext& context) {
    const Node& node = context.node;
    const Value* w = node.inputOrNull(3);
    PackedGroups packed;
    const int64_t G = node.attrInt("group", 1);
    if (w && w->isConstant() && isEightBit(w->constant->dtype()) && w->constant->rank() >= 3 && G >= 1 &&
        w->constant->dim(0) % G == 0)
        packed = packConvGroups(*w->constant, G);
    return std::make_unique<PreparedInt8Conv>(std::move(packed));
}

// ---- Int8Table ----------------------------------------------------------------------------------

// The element-wise layers (Int8Table, Int8Add) run in either format: element i of each operand is
// the same logical element when all share one layout (the builder gives a layer's activations its
// format). Ranks below 3 have one layout whatever the label.
void checkSameLayout(const KernelContext& ctx, std::initializer_list<const Tensor*> inputs, const Tensor& y) {
    if (y.rank() < 3) return;
    for (const Tensor* t : inputs)
        if (t->format() != y.format())
            ctx.fail(ErrorKind::Internal, "input ", t->describe(), " in ", tensorFormatName(t->format()), ", output in ",
                     tensorFormatName(y.format()), ": an element-wise int8 layer needs one layout");
}

// y[i] = table[x[i] - lowest of x's type]: an int8 x is offset by 128 (its byte with the top bit
// flipped). Vectorized with vpermi2b (two 128-entry halves, picked by the index's top bit).
#if KILN_HAVE_AVX512_TARGET
__attribute__((target("avx512f,avx512bw,avx512vbmi"))) void tableLookupVbmi(const uint8_t* x, int64_t n, const uint8_t* table,
                                                                            uint8_t flip, uint8_t* y) {
    const __m512i t0 = _mm512_loadu_si512(table), t1 = _mm512_loadu_si512(table + 64);
    const __m512i t2 = _mm512_loadu_si512(table + 128), t3 = _mm512_loadu_si512(table + 192);
    const __m512i f = _mm512_set1_epi8(char(flip));
    for (int64_t i = 0; i < n; i += 64) {
        const __mmask64 valid = n - i >= 64 ? ~__mmask64(0) : (__mmask64(1) << (n - i)) - 1;
        const __m512i idx = _mm512_xor_si512(_mm512_maskz_loadu_epi8(valid, x + i), f);
        const __m512i lo = _mm512_permutex2var_epi8(t0, idx, t1), hi = _mm512_permutex2var_epi8(t2, idx, t3);
        const __mmask64 upper = _mm512_movepi8_mask(idx);  // index >= 128
        _mm512_mask_storeu_epi8(y + i, valid, _mm512_mask_blend_epi8(upper, lo, hi));
    }
}
bool cpuHasVbmi() {
    static const bool has = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512vbmi") != 0;
    }();
    return has;
}
#endif

void runInt8Table(KernelContext& ctx) {
    const Tensor& X = ctx.input(0);
    const Tensor& T = ctx.input(1);
    if (!isEightBit(X.dtype()) || !isEightBit(T.dtype()) || T.numel() != 256)
        ctx.fail(ErrorKind::InvalidArgument, "x ", X.describe(), " and table ", T.describe(),
                 " must be 8-bit, the table 256 values");
    Tensor& Y = ctx.allocateOutput(0, T.dtype(), X.dims());
    checkSameLayout(ctx, {&X}, Y);
    const int64_t n = X.numel();
    const uint8_t* x = static_cast<const uint8_t*>(X.raw());
    const uint8_t* table = static_cast<const uint8_t*>(T.raw());
    uint8_t* y = static_cast<uint8_t*>(Y.raw());
    const uint8_t flip = X.dtype() == DataType::Int8 ? 0x80 : 0;
    const int64_t chunk = 1 << 16;
    parallelFor((n + chunk - 1) / chunk, grainFor(kGrainElements, chunk), [&](int64_t begin, int64_t end) {
        for (int64_t c = begin; c < end; ++c) {
            const int64_t i0 = c * chunk, i1 = std::min(n, i0 + chunk);
#if KILN_HAVE_AVX512_TARGET
            if (avx512Enabled() && cpuHasVbmi()) {
                tableLookupVbmi(x + i0, i1 - i0, table, flip, y + i0);
                continue;
            }
#endif
            for (int64_t i = i0; i < i1; ++i) y[i] = table[uint8_t(x[i] ^ flip)];
        }
    });
}

// ---- Int8Add ------------------------------------------------------------------------------------

struct Int8AddParams {
    float as, az, bs, bz, ys;
    float lo, hi;  // the clamp range less y_zero: q is clamped before rounding (exact: both integers)
    int32_t yz;
};

// (a − az)·as + (b − bz)·bs, / ys, clamped, rounded half to even by the 1.5·2^23 trick (|q| ≤ 510),
// as DequantizeLinear, Add and QuantizeLinear do it (quantize.cpp). GCC contracts a product and a
// sum into one FMA in C++ even in ISO mode where the target has FMA (the AVX-512 copy): one rounding
// fewer, and a sum on a half step (0.4325 + 0.155 = 12.5 steps of 0.047) lands on the other side.
// The three kernels of the unfused graph round each step, so neither copy may contract.
#define KILN_NO_FP_CONTRACT __attribute__((optimize("fp-contract=off")))
template <typename A, typename B, typename Y>
KILN_ALWAYS_INLINE KILN_NO_FP_CONTRACT void int8AddBody(const A* a, const B* b, Y* y, int64_t n, const Int8AddParams& p) {
    constexpr float kMagic = 12582912.0f;
    for (int64_t i = 0; i < n; ++i) {
        const float fa = (float(a[i]) - p.az) * p.as;
        const float fb = (float(b[i]) - p.bz) * p.bs;
        float q = (fa + fb) / p.ys;
        q = q < p.lo ? p.lo : q;
        q = q > p.hi ? p.hi : q;
        const float r = (q + kMagic) - kMagic;
        y[i] = Y(int32_t(r) + p.yz);
    }
}
template <typename A, typename B, typename Y>
KILN_NO_FP_CONTRACT void int8AddPlain(const A* a, const B* b, Y* y, int64_t n, const Int8AddParams& p) {
    int8AddBody(a, b, y, n, p);
}
template <typename A, typename B, typename Y>
KILN_TARGET_AVX512 KILN_NO_FP_CONTRACT void int8AddAvx512(const A* a, const B* b, Y* y, int64_t n, const Int8AddParams& p) {
    int8AddBody(a, b, y, n, p);
}

template <typename A, typename B, typename Y>
void int8AddTyped(const Tensor& a, const Tensor& b, Tensor& y, const Int8AddParams& p) {
    const A* pa = a.data<A>();
    const B* pb = b.data<B>();
    Y* py = y.data<Y>();
    const int64_t n = a.numel(), chunk = 1 << 14;
    const bool avx512 = avx512Enabled();
    parallelFor((n + chunk - 1) / chunk, grainFor(kGrainElements, chunk), [&](int64_t begin, int64_t end) {
        for (int64_t c = begin; c < end; ++c) {
            const int64_t i0 = c * chunk, len = std::min(n, i0 + chunk) - i0;
            avx512 ? int8AddAvx512(pa + i0, pb + i0, py + i0, len, p) : int8AddPlain(pa + i0, pb + i0, py + i0, len, p);
        }
    });
}

template <typename A, typename B>
void int8AddY(const Tensor& a, const Tensor& b, Tensor& y, const Int8AddParams& p) {
    y.dtype() == DataType::Int8 ? int8AddTyped<A, B, int8_t>(a, b, y, p) : int8AddTyped<A, B, uint8_t>(a, b, y, p);
}
template <typename A>
void int8AddB(const Tensor& a, const Tensor& b, Tensor& y, const Int8AddParams& p) {
    b.dtype() == DataType::Int8 ? int8AddY<A, int8_t>(a, b, y, p) : int8AddY<A, uint8_t>(a, b, y, p);
}

void runInt8Add(KernelContext& ctx) {
    const Tensor& A = ctx.input(0);
    const Tensor& B = ctx.input(3);
    if (!isEightBit(A.dtype()) || !isEightBit(B.dtype()) || A.dims() != B.dims())
        ctx.fail(ErrorKind::InvalidArgument, "a ", A.describe(), " and b ", B.describe(), " must be 8-bit of one shape");
    for (size_t i : {1u, 2u, 4u, 5u, 6u, 7u})
        if (ctx.input(i).numel() != 1) ctx.fail(ErrorKind::InvalidArgument, "input ", i, " must be one value (per tensor)");
    const Tensor& yzT = ctx.input(7);
    if (!isEightBit(yzT.dtype())) ctx.fail(ErrorKind::InvalidArgument, "y_zero ", yzT.describe(), " must be 8-bit");
    Int8AddParams p;
    p.as = float(ctx.input(1).scalarAsDouble(0));
    p.az = float(ctx.input(2).scalarAsInt64(0));
    p.bs = float(ctx.input(4).scalarAsDouble(0));
    p.bz = float(ctx.input(5).scalarAsInt64(0));
    p.ys = float(ctx.input(6).scalarAsDouble(0));
    if (p.ys == 0.f || !std::isfinite(p.ys)) ctx.fail(ErrorKind::InvalidArgument, "y_scale ", p.ys, " must be finite and non-zero");
    p.yz = int32_t(yzT.scalarAsInt64(0));
    const bool ySigned = yzT.dtype() == DataType::Int8;
    int64_t lo = ySigned ? -128 : 0, hi = ySigned ? 127 : 255;
    if (ctx.node().hasAttr("clamp")) {  // read in place: a planned run allocates nothing
        const auto range = ctx.node().attrIntsView("clamp");
        if (range.size() != 2 || range[0] > range[1])
            ctx.fail(ErrorKind::InvalidModel, "clamp must be two ints [lo, hi] with lo <= hi");
        lo = std::max<int64_t>(range[0], lo);
        hi = std::min<int64_t>(range[1], hi);
    }
    p.lo = float(lo - p.yz);
    p.hi = float(std::max(lo, hi) - p.yz);
    Tensor& Y = ctx.allocateOutput(0, yzT.dtype(), A.dims());
    checkSameLayout(ctx, {&A, &B}, Y);
    if (A.numel() == 0) return;
    A.dtype() == DataType::Int8 ? int8AddB<int8_t>(A, B, Y, p) : int8AddB<uint8_t>(A, B, Y, p);
}

}  // namespace

void registerInt8LayerKernels(KernelRegistry& registry) {
    const TypeSet eightBit = {DataType::Int8, DataType::UInt8};
    KernelDef conv{&runInt8Conv, eightBit};
    conv.prepare = prepareInt8Conv;
    registry.add("Int8Conv", conv, "kiln");
    // Tactic names from the set Kiln Studio translates (widgets/library_text.cpp): the depthwise form
    // and the one for few input channels (stems) are direct loops (no GEMM; one tactic, whichever
    // applies), the 1x1 one a GEMM in blocks of the channel-major image.
    KernelDef depthwise{&runInt8DirectConv, eightBit, "direct_loop", &int8DirectApplicable};
    depthwise.prepare = prepareInt8Direct;
    registry.add("Int8Conv", depthwise, "kiln");
    KernelDef pointwise{&runInt8PointwiseNchw, eightBit, "blocked_loop", &int8PointwiseNchwApplicable};
    registry.add("Int8Conv", pointwise, "kiln");
    registry.add("Int8MatMul", KernelDef{&runInt8MatMul, eightBit}, "kiln");
    registry.add("Int8Table", KernelDef{&runInt8Table, eightBit}, "kiln");
    registry.add("Int8Add", KernelDef{&runInt8Add, eightBit}, "kiln");
    // Channels last (TensorFormat::NHWC), for runs of int8 layers the CPU backend keeps in that
    // layout (cpuPreferredFormat): the general and depthwise convolutions read and write it without
    // their transposes (a 1x1 stride-1 layer is the general one's pointwise case there: the image
    // rows times the packed weights, so "blocked_loop" has no NHWC form); the element-wise layers
    // are layout-agnostic.
    const auto nhwc = [](KernelDef def) {
        def.format = TensorFormat::NHWC;
        return def;
    };
    registry.add("Int8Conv", nhwc(conv), "kiln");
    registry.add("Int8Conv", nhwc(depthwise), "kiln");
    registry.add("Int8Table", nhwc(KernelDef{&runInt8Table, eightBit}), "kiln");
    registry.add("Int8Add", nhwc(KernelDef{&runInt8Add, eightBit}), "kiln");
}

namespace {
std::atomic<int> channelsLastInt8{-1};  // -1: not yet read from KILN_CPU_LAYOUT
}  // namespace

bool channelsLastInt8Enabled() {
    int on = channelsLastInt8.load(std::memory_order_relaxed);
    if (on < 0) {
        const char* layout = std::getenv("KILN_CPU_LAYOUT");
        on = layout && std::string_view(layout) == "linear" ? 0 : 1;
        channelsLastInt8.store(on, std::memory_order_relaxed);
    }
    return on != 0;
}
void setChannelsLastInt8Enabled(bool on) { channelsLastInt8.store(on ? 1 : 0, std::memory_order_relaxed); }

}  // namespace kiln::cpu

namespace kiln {

namespace {

bool isChannelsLastInt8(const Node& n) {
    return n.domain == "kiln" && (n.opType == "Int8Conv" || n.opType == "Int8Add" || n.opType == "Int8Table");
}
bool isLaidOut(const Value* v) {  // an activation whose layout the builder fixes (builder_assign.cpp isFormatted)
    return v && !v->isConstant() && v->shape.rankKnown && v->shape.rank() >= 3 && v->shape.rank() <= 5;
}
// The builder gives a layer a format other than linear only when every activation it reads and
// writes is laid out.
bool allLaidOut(const Node& n) {
    for (const Value* v : n.inputs)
        if (v && !v->isConstant() && !isLaidOut(v)) return false;
    for (const Value* v : n.outputs)
        if (v && !isLaidOut(v)) return false;
    return true;
}

}  // namespace

// A run: the int8 layers (Int8Conv, Int8Add, Int8Table) joined by the activations between them.
// A run with two convolutions or more goes channels last: each Int8Conv in the linear format turns
// its input channels last and its output back (the depthwise and general forms do), so a run of k
// convolutions saves up to 2k transposes for two reformats at its ends. A lone convolution (or
// element-wise layers with none, as in BERT) stays linear: the reformats would only move the
// transposes out of the kernel. The walk stops at the second convolution found.
TensorFormat cpuPreferredFormat(const Node& node, Precision) {
    if (!cpu::channelsLastInt8Enabled() || !isChannelsLastInt8(node) || !allLaidOut(node)) return TensorFormat::Linear;
    std::vector<const Node*> stack{&node};
    std::set<const Node*> seen{&node};
    int convs = 0;
    const auto visit = [&](const Node* n) {
        if (n && !seen.count(n) && isChannelsLastInt8(*n) && allLaidOut(*n)) {
            seen.insert(n);
            stack.push_back(n);
        }
    };
    while (!stack.empty()) {
        const Node* n = stack.back();
        stack.pop_back();
        if (n->opType == "Int8Conv" && ++convs >= 2) return TensorFormat::NHWC;
        for (const Value* v : n->inputs)
            if (isLaidOut(v)) visit(v->producer);
        for (const Value* v : n->outputs)
            if (v)
                for (const Node* c : v->consumers) visit(c);
    }
    return TensorFormat::Linear;
}

}  // namespace kiln
