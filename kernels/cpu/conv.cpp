// Conv and ConvTranspose (ONNX opset 21). Conv: im2col + GEMM per (image, group), with a direct GEMM
// for 1x1 stride-1 unpadded kernels and a direct loop for depthwise. ConvTranspose: GEMM + col2im.
// 1-D and 2-D problems run as 3-D ones with leading trivial dims (see window.h).
#include <immintrin.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>

#include "engine_core/common/parallel.h"
#include "kernels/cpu/conv.h"
#include "kernels/cpu/epilogue.h"
#include "kernels/cpu/gemm_avx512.h"
#include "kernels/cpu/half_upcast.h"
#include "kernels/cpu/gemm.h"
#include "kernels/cpu/register.h"
#include "kernels/cpu/window.h"

namespace kiln::cpu {

namespace {

// Column buffers are built in slices of output rows so they stay around this size.
constexpr int64_t kColBudgetBytes = 16 << 20;

// One im2col row (c, kd, kh, kw): where it reads in the image. Computed once per conv (no divisions)
// and shared by every block the conv's tasks fill.
struct Im2colRow {
    int64_t channelOffset;    // c * imageSize
    int64_t offD, offH, offW;  // input position = output position * stride + off (per spatial dim)
    int64_t lo, hi;            // output columns ow whose input column lies inside the image
};

// The rows of one im2col: channels * kernel taps of them, in scratch memory (the layer's workspace).
std::span<const Im2colRow> im2colRows(KernelContext& ctx, int64_t channels, const Window& w) {
    const size_t n = size_t(channels * w.kernelSize());
    Im2colRow* rows = ctx.scratchArray<Im2colRow>(n);
    size_t count = 0;
    for (int64_t c = 0; c < channels; ++c)
        for (int64_t kd = 0; kd < w.kernel[0]; ++kd)
            for (int64_t kh = 0; kh < w.kernel[1]; ++kh)
                for (int64_t kw = 0; kw < w.kernel[2]; ++kw) {
                    Im2colRow r;
                    r.channelOffset = c * w.inSize();
                    r.offD = kd * w.dilation[0] - w.padBegin[0];
                    r.offH = kh * w.dilation[1] - w.padBegin[1];
                    r.offW = kw * w.dilation[2] - w.padBegin[2];
                    validRange(w.out[2], w.stride[2], r.offW, w.in[2], r.lo, r.hi);
                    rows[count++] = r;
                }
    return {rows, count};
}

// Fills d[ow] for ow in [ow0, ow1): s[ow * stride] where ow is in [a, b), zero elsewhere (also all
// zero when s is null: the output row's window lies in the padding). Plain loops, any type.
struct PlainSegment {
    template <typename T>
    static KILN_ALWAYS_INLINE void copy(T* d, const T* s, int64_t stride, int64_t ow0, int64_t ow1, int64_t a, int64_t b) {
        if (!s || a >= b) {
            for (int64_t ow = ow0; ow < ow1; ++ow) d[ow] = T(0);
            return;
        }
        for (int64_t ow = ow0; ow < a; ++ow) d[ow] = T(0);
        if (stride == 1)
            std::memcpy(d + a, s + a, size_t(b - a) * sizeof(T));
        else
            for (int64_t ow = a; ow < b; ++ow) d[ow] = s[ow * stride];
        for (int64_t ow = b; ow < ow1; ++ow) d[ow] = T(0);
    }
};

// Output columns per 16-lane chunk of a row with this width stride: a chunk's inputs must fit the
// 32 floats two loads bring in (strided rows pick every stride-th of them with one permute).
inline int64_t chunkColumns(int64_t stride) {
    return stride == 1 ? 16 : std::min<int64_t>(16, 31 / stride + 1);
}

// Lane l picks input column l * stride of the 32 loaded (for the permute).
KILN_TARGET_AVX512 inline __m512i stridePick(int64_t stride) {
    return _mm512_mullo_epi32(_mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
                              _mm512_set1_epi32(int32_t(stride)));
}

// The same with 16-lane masked loads: one store per chunk of columns, padding included, instead of
// three loops and a memcpy call per segment (segments are short on small images: 8 columns for an
// 8x8 output). Strided rows load the 32 input columns a chunk spans and pick every stride-th with one
// permute (gathers are several times slower on CPUs with the gather-data-sampling mitigation);
// strides over 15 fall back to the plain loop.
struct Avx512Segment {
    static KILN_TARGET_AVX512 void copy(float* d, const float* s, int64_t stride, int64_t ow0, int64_t ow1,
                                        int64_t a, int64_t b) {
        if (stride > 15) return PlainSegment::copy(d, s, stride, ow0, ow1, a, b);
        const __m512i lane = _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        const __m512i lane16 = _mm512_add_epi32(lane, _mm512_set1_epi32(16));
        const __m512i pick = stridePick(stride);
        const int64_t per = chunkColumns(stride);
        if (!s) a = b = ow0;
        for (int64_t ow = ow0; ow < ow1; ow += per) {
            const int64_t end = std::min(ow1, ow + per), va = std::max(a, ow), vb = std::min(b, end);
            const __mmask16 store = __mmask16((1u << (end - ow)) - 1);
            __m512 v = _mm512_setzero_ps();
            if (va < vb) {
                // Only in-image elements are read; the address arithmetic is done on integers since
                // s + ow * stride may lie before the image when the chunk starts in the padding.
                const float* base = reinterpret_cast<const float*>(reinterpret_cast<intptr_t>(s) +
                                                                   intptr_t(ow * stride) * intptr_t(sizeof(float)));
                const __mmask16 valid = __mmask16(((1u << (vb - ow)) - 1) & ~((1u << (va - ow)) - 1));
                if (stride == 1) {
                    v = _mm512_maskz_loadu_ps(valid, base);
                } else {
                    const __m512i lo = _mm512_set1_epi32(int32_t((va - ow) * stride)),
                                  hi = _mm512_set1_epi32(int32_t((vb - 1 - ow) * stride));
                    const __mmask16 m0 = _mm512_cmpge_epi32_mask(lane, lo) & _mm512_cmple_epi32_mask(lane, hi);
                    const __mmask16 m1 = _mm512_cmpge_epi32_mask(lane16, lo) & _mm512_cmple_epi32_mask(lane16, hi);
                    const __m512 x0 = _mm512_maskz_loadu_ps(m0, base), x1 = _mm512_maskz_loadu_ps(m1, base + 16);
                    v = _mm512_maskz_permutex2var_ps(valid, x0, pick, x1);
                }
            }
            _mm512_mask_storeu_ps(d + ow, store, v);
        }
    }
};

// im2col over the flat output positions [colBegin, colEnd) of one image (any (od, oh, ow) range):
// col[(c, kd, kh, kw), p - colBegin] = image[c, od*s - p + kd*d, ...], zero where the window hangs
// over the padding. Serial; the blocked conv runs one block per task.
template <typename T, typename Segment>
KILN_ALWAYS_INLINE void im2colWalk(const T* image, const Im2colRow* rows, int64_t nRows, const Window& w,
                                   int64_t colBegin, int64_t colEnd, T* col) {
    const int64_t outH = w.out[1], outW = w.out[2];
    const int64_t cols = colEnd - colBegin;
    const int64_t firstRow = colBegin / outW, firstOw = colBegin % outW;
    for (int64_t r = 0; r < nRows; ++r) {
        const Im2colRow& row = rows[r];
        const T* src = image + row.channelOffset;
        T* dst = col + r * cols;
        // Walk the output rows the block covers (no division per row).
        int64_t p = colBegin, ow0 = firstOw, od = firstRow / outH, oh = firstRow % outH;
        while (p < colEnd) {
            const int64_t ow1 = std::min(outW, ow0 + (colEnd - p));
            const int64_t id = od * w.stride[0] + row.offD, ih = oh * w.stride[1] + row.offH;
            const bool inside = id >= 0 && id < w.in[0] && ih >= 0 && ih < w.in[1];
            Segment::copy(dst + (p - colBegin) - ow0, inside ? src + (id * w.in[1] + ih) * w.in[2] + row.offW : nullptr,
                          w.stride[2], ow0, ow1, std::max(ow0, row.lo), std::min(ow1, row.hi));
            p += ow1 - ow0;
            ow0 = 0;
            if (++oh == outH) {
                oh = 0;
                ++od;
            }
        }
    }
}

KILN_TARGET_AVX512 void im2colColsAvx512(const float* image, const Im2colRow* rows, int64_t nRows, const Window& w,
                                         int64_t colBegin, int64_t colEnd, float* col) {
    im2colWalk<float, Avx512Segment>(image, rows, nRows, w, colBegin, colEnd, col);
}

// im2col from zero-padded planes (padImages below), for small images: every block's segments (an
// output row's run of columns) are the same for all im2col rows, so they are planned once per block
// as 16-column chunks with their store masks; each row then costs one load (two and a permute for
// strided rows, which pick every stride-th of the 32 input columns a chunk spans) and one masked
// store per chunk, with no bounds checks. Reads may run up to 31 floats past a plane: the buffer
// has that much slack.
struct PaddedChunk {
    int64_t src, dst;  // offsets: in the plane from the row's base, in the column row
    __mmask16 mask;
};

KILN_TARGET_AVX512 void im2colPaddedAvx512(const float* image, const Window& p, const Im2colRow* rows, int64_t nRows,
                                           int64_t colBegin, int64_t colEnd, float* col) {
    const int64_t outH = p.out[1], outW = p.out[2], stride = p.stride[2];
    const int64_t cols = colEnd - colBegin;
    const int64_t per = chunkColumns(stride);
    // At most one chunk per column, in this thread's scratch (parallel.h): no allocation per run.
    PaddedChunk* const chunkBase = threadScratchArray<PaddedChunk>(2, size_t(std::max<int64_t>(cols, 1)));
    size_t chunkCount = 0;
    for (int64_t q = colBegin, ow0 = colBegin % outW, orow = colBegin / outW; q < colEnd; ow0 = 0, ++orow) {
        const int64_t ow1 = std::min(outW, ow0 + (colEnd - q));
        const int64_t od = orow / outH, oh = orow % outH;
        const int64_t rowStart = (od * p.stride[0] * p.in[1] + oh * p.stride[1]) * p.in[2];
        for (int64_t ow = ow0; ow < ow1; ow += per) {
            const int64_t n = std::min(per, ow1 - ow);
            chunkBase[chunkCount++] = {rowStart + ow * stride, q - colBegin + (ow - ow0), __mmask16((1u << n) - 1)};
        }
        q += ow1 - ow0;
    }
    const std::span<const PaddedChunk> chunks(chunkBase, chunkCount);
    const __m512i pick = stridePick(stride);
    for (int64_t r = 0; r < nRows; ++r) {
        const Im2colRow& row = rows[r];
        const float* base = image + row.channelOffset + (row.offD * p.in[1] + row.offH) * p.in[2] + row.offW;
        float* dst = col + r * cols;
        if (stride == 1) {
            for (const PaddedChunk& c : chunks)
                _mm512_mask_storeu_ps(dst + c.dst, c.mask, _mm512_maskz_loadu_ps(c.mask, base + c.src));
        } else {
            for (const PaddedChunk& c : chunks) {
                const __m512 v = _mm512_permutex2var_ps(_mm512_loadu_ps(base + c.src), pick,
                                                        _mm512_loadu_ps(base + c.src + 16));
                _mm512_mask_storeu_ps(dst + c.dst, c.mask, v);
            }
        }
    }
}

template <typename T>
void im2colCols(const T* image, std::span<const Im2colRow> rows, const Window& w, int64_t colBegin, int64_t colEnd,
                T* col) {
    if constexpr (std::is_same_v<T, float>) {
        if (avx512Enabled())
            return im2colColsAvx512(image, rows.data(), int64_t(rows.size()), w, colBegin, colEnd, col);
    }
    im2colWalk<T, PlainSegment>(image, rows.data(), int64_t(rows.size()), w, colBegin, colEnd, col);
}

// The adjoint of im2col: image[c, ...] += col[(c, k...), (row, ow)]. Rows of one channel overlap in
// the image, so threads split the channels.
template <typename T>
void col2im(const T* col, int64_t channels, const Window& w, int64_t rowBegin, int64_t rowEnd, T* image) {
    const int64_t outH = w.out[1], outW = w.out[2];
    const int64_t cols = (rowEnd - rowBegin) * outW;
    const int64_t K = w.kernelSize(), imageSize = w.inSize();
    parallelFor(channels, 1, [&](int64_t begin, int64_t end) {
        for (int64_t c = begin; c < end; ++c) {
            T* dstImage = image + c * imageSize;
            for (int64_t kk = 0; kk < K; ++kk) {
                const int64_t kd = kk / (w.kernel[1] * w.kernel[2]), kh = (kk / w.kernel[2]) % w.kernel[1],
                              kw = kk % w.kernel[2];
                const T* src = col + (c * K + kk) * cols;
                const int64_t offW = kw * w.dilation[2] - w.padBegin[2];
                int64_t lo, hi;
                validRange(outW, w.stride[2], offW, w.in[2], lo, hi);
                for (int64_t row = rowBegin; row < rowEnd; ++row) {
                    const int64_t od = row / outH, oh = row % outH;
                    const int64_t id = od * w.stride[0] - w.padBegin[0] + kd * w.dilation[0];
                    const int64_t ih = oh * w.stride[1] - w.padBegin[1] + kh * w.dilation[1];
                    if (id < 0 || id >= w.in[0] || ih < 0 || ih >= w.in[1]) continue;
                    T* d = dstImage + (id * w.in[1] + ih) * w.in[2];
                    const T* s = src + (row - rowBegin) * outW;
                    for (int64_t ow = lo; ow < hi; ++ow) d[ow * w.stride[2] + offW] += s[ow];
                }
            }
        }
    });
}

// Output rows (flattened od, oh) per column-buffer slice.
int64_t rowsPerSlice(const Window& w, int64_t colRows, size_t elemSize) {
    const int64_t totalRows = w.out[0] * w.out[1];
    const int64_t bytesPerRow = std::max<int64_t>(1, colRows * w.out[2] * int64_t(elemSize));
    return std::clamp<int64_t>(kColBudgetBytes / bytesPerRow, 1, totalRows);
}

// Depthwise (one input channel per group): out[m] = b[m] + sum_k W[m,k] * shifted x[m / multiplier].
// One output plane; the loop over planes comes in a plain and an AVX-512 copy (isa.h).
template <typename T>
KILN_ALWAYS_INLINE void depthwisePlane(const T* src, const T* wm, T b, T* dst, const Window& w) {
    const int64_t outSize = w.outSize();
    for (int64_t i = 0; i < outSize; ++i) dst[i] = b;
    accumulatePlane(src, wm, dst, w);
}

// The common 2-D case with unit width stride and no dilation: the plane is copied once into a
// zero-padded scratch buffer, then each run of 16 outputs of a row accumulates every tap in
// registers (no bounds checks, one store), instead of one pass over the row per tap.
constexpr int64_t kDwChunk = 16;

// Dilated kernels (DeepLab/LRASPP backbones: 3x3 and 5x5 at dilation 2) take it too: tap (kh, kw)
// reads kh * dilation rows and kw * dilation columns further on.
inline bool depthwiseFastPath(const Window& w) {
    return w.in[0] == 1 && w.kernel[0] == 1 && w.out[0] == 1 && w.padBegin[0] == 0 &&
           (w.stride[2] == 1 || w.stride[2] == 2) && w.dilation[1] >= 1 && w.dilation[2] >= 1 &&
           w.dilation[1] <= 16 && w.dilation[2] <= 16 && w.kernel[1] * w.kernel[2] <= 49;
}

// Zero-padded copy of one plane: rows of padW, the image at (top, left); padded height padH. Each
// padded row is written once, in 16-float stores (zeros, then the image row over them): a memset of
// the plane and a memcpy call per row cost more than the taps on small planes.
KILN_TARGET_AVX512 KILN_ALWAYS_INLINE void zerosAvx512(float* d, int64_t n) {
    int64_t x = 0;
    for (; x + 16 <= n; x += 16) _mm512_storeu_ps(d + x, _mm512_setzero_ps());
    if (x < n) _mm512_mask_storeu_ps(d + x, __mmask16((1u << (n - x)) - 1), _mm512_setzero_ps());
}

KILN_TARGET_AVX512 inline void padPlaneAvx512(const float* src, const Window& w, int64_t padW, int64_t padH,
                                              float* padded) {
    const int64_t top = w.padBegin[1], left = w.padBegin[2];
    const int64_t cols = std::max<int64_t>(0, std::min(w.in[2], padW - left));
    for (int64_t r = 0; r < padH; ++r) {
        float* d = padded + r * padW;
        const int64_t ih = r - top;
        if (ih < 0 || ih >= w.in[1] || cols == 0) {
            zerosAvx512(d, padW);
            continue;
        }
        zerosAvx512(d, left);
        const float* s = src + ih * w.in[2];
        int64_t x = 0;
        for (; x + 16 <= cols; x += 16) _mm512_storeu_ps(d + left + x, _mm512_loadu_ps(s + x));
        if (x < cols) {
            const __mmask16 m = __mmask16((1u << (cols - x)) - 1);
            _mm512_mask_storeu_ps(d + left + x, m, _mm512_maskz_loadu_ps(m, s + x));
        }
        zerosAvx512(d + left + cols, padW - left - cols);
    }
}

// R output rows at a time: R independent accumulator chains hide the FMA latency (one chain per
// chunk was latency-bound, 4 cycles a tap); eight rows measured 25% faster than four on 32x32.
template <int R>
KILN_TARGET_AVX512 KILN_ALWAYS_INLINE void depthwiseRowsAvx512(const float* pad, int64_t padW, int64_t sH, const float* wm,
                                                               int64_t kH, int64_t kW, int64_t dH, int64_t dW, float b,
                                                               float* dst, int64_t outW, int64_t chunks) {
    for (int64_t c = 0; c < chunks; ++c) {
        __m512 acc[R];
        for (int r = 0; r < R; ++r) acc[r] = _mm512_set1_ps(b);
        for (int64_t kh = 0; kh < kH; ++kh) {
            const float* s = pad + kh * dH * padW + c * kDwChunk;
            for (int64_t kw = 0; kw < kW; ++kw) {
                const __m512 wv = _mm512_set1_ps(wm[kh * kW + kw]);
                for (int r = 0; r < R; ++r)
                    acc[r] = _mm512_fmadd_ps(wv, _mm512_loadu_ps(s + r * sH * padW + kw * dW), acc[r]);
            }
        }
        const int64_t n = std::min(kDwChunk, outW - c * kDwChunk);
        for (int r = 0; r < R; ++r)
            _mm512_mask_storeu_ps(dst + r * outW + c * kDwChunk, __mmask16((1u << n) - 1), acc[r]);
    }
}

// Unit strides and a KH x KW kernel known at compile time, read straight from the plane: each
// input row's KW shifted vectors are loaded once and feed every output row they touch (up to KH),
// instead of once per output row and tap (3x3: 30 loads for 72 FMAs per 8 rows, against 72). The
// padding is in the load masks: lanes left or right of the image, and rows above or below it, load
// zeros — no padded copy of the plane (that copy had cost as much as the taps on 32x32 planes).
template <int R, int KH, int KW, int D>
KILN_TARGET_AVX512 KILN_ALWAYS_INLINE void depthwiseRowsDirectAvx512(const float* src, int64_t inH, int64_t inW,
                                                                     int64_t top, int64_t left, const __m512* wv,
                                                                     float b, int64_t oh, float* dst, int64_t outW,
                                                                     int64_t chunks) {
    for (int64_t c = 0; c < chunks; ++c) {
        // Lanes of tap column kw that fall inside the image: input column c*16 + lane - left + kw.
        __mmask16 cols[KW];
#pragma GCC unroll 8
        for (int kw = 0; kw < KW; ++kw) {
            const int64_t base = c * kDwChunk - left + kw * D;
            const int64_t lo = std::clamp<int64_t>(-base, 0, 16), hi = std::clamp<int64_t>(inW - base, 0, 16);
            cols[kw] = hi > lo ? __mmask16(((1u << hi) - 1) & ~((1u << lo) - 1)) : __mmask16(0);
        }
        __m512 acc[R];
#pragma GCC unroll 16
        for (int r = 0; r < R; ++r) acc[r] = _mm512_set1_ps(b);
#pragma GCC unroll 16
        for (int j = 0; j < R + (KH - 1) * D; ++j) {
            const int64_t ih = oh - top + j;
            const bool inside = ih >= 0 && ih < inH;
            // Masked-off lanes are not read: the row pointer may sit before or past the plane.
            const float* row = src + (inside ? ih : 0) * inW + c * kDwChunk - left;
#pragma GCC unroll 8
            for (int kw = 0; kw < KW; ++kw) {
                const __m512 v = _mm512_maskz_loadu_ps(inside ? cols[kw] : __mmask16(0), row + kw * D);
#pragma GCC unroll 8
                for (int kh = 0; kh < KH; ++kh) {
                    const int r = j - kh * D;
                    if (r >= 0 && r < R) acc[r] = _mm512_fmadd_ps(wv[kh * KW + kw], v, acc[r]);
                }
            }
        }
        const int64_t n = std::min(kDwChunk, outW - c * kDwChunk);
#pragma GCC unroll 16
        for (int r = 0; r < R; ++r)
            _mm512_mask_storeu_ps(dst + r * outW + c * kDwChunk, __mmask16((1u << n) - 1), acc[r]);
    }
}

template <int KH, int KW, int D>
KILN_TARGET_AVX512 KILN_ALWAYS_INLINE void depthwisePlaneDirectAvx512(const float* src, const float* wm, float b,
                                                                      float* dst, const Window& w) {
    const int64_t inH = w.in[1], inW = w.in[2], outH = w.out[1], outW = w.out[2];
    const int64_t top = w.padBegin[1], left = w.padBegin[2], chunks = (outW + kDwChunk - 1) / kDwChunk;
    __m512 wv[KH * KW];
#pragma GCC unroll 64
    for (int k = 0; k < KH * KW; ++k) wv[k] = _mm512_set1_ps(wm[k]);
    int64_t oh = 0;
    for (; oh + 8 <= outH; oh += 8)
        depthwiseRowsDirectAvx512<8, KH, KW, D>(src, inH, inW, top, left, wv, b, oh, dst + oh * outW, outW, chunks);
    for (; oh + 4 <= outH; oh += 4)
        depthwiseRowsDirectAvx512<4, KH, KW, D>(src, inH, inW, top, left, wv, b, oh, dst + oh * outW, outW, chunks);
    for (; oh < outH; ++oh)
        depthwiseRowsDirectAvx512<1, KH, KW, D>(src, inH, inW, top, left, wv, b, oh, dst + oh * outW, outW, chunks);
}

// Column stride 2 (the downsampling depthwise layers of MobileNets and EfficientNets): the padded
// plane split into its even and odd columns, so tap kw of output column ow reads column ow + kw/2 of
// one of them and every load is contiguous, as in the stride-1 loop.
template <int R>
KILN_TARGET_AVX512 KILN_ALWAYS_INLINE void depthwiseRowsStride2Avx512(const float* even, const float* odd, int64_t halfW,
                                                                      int64_t sH, const float* wm, int64_t kH,
                                                                      int64_t kW, int64_t dH, int64_t dW, float b,
                                                                      float* dst, int64_t outW, int64_t chunks) {
    for (int64_t c = 0; c < chunks; ++c) {
        __m512 acc[R];
        for (int r = 0; r < R; ++r) acc[r] = _mm512_set1_ps(b);
        for (int64_t kh = 0; kh < kH; ++kh) {
            for (int64_t kw = 0; kw < kW; ++kw) {
                // Padded column 2 * ow + kw * dW: parity picks the half, the rest is the offset in it.
                const float* s = ((kw * dW) % 2 ? odd : even) + kh * dH * halfW + c * kDwChunk + kw * dW / 2;
                const __m512 wv = _mm512_set1_ps(wm[kh * kW + kw]);
                for (int r = 0; r < R; ++r) acc[r] = _mm512_fmadd_ps(wv, _mm512_loadu_ps(s + r * sH * halfW), acc[r]);
            }
        }
        const int64_t n = std::min(kDwChunk, outW - c * kDwChunk);
        for (int r = 0; r < R; ++r)
            _mm512_mask_storeu_ps(dst + r * outW + c * kDwChunk, __mmask16((1u << n) - 1), acc[r]);
    }
}

KILN_TARGET_AVX512 void depthwisePlaneStride2Avx512(const float* src, const float* wm, float b, float* dst,
                                                    const Window& w) {
    const int64_t kH = w.kernel[1], kW = w.kernel[2], outH = w.out[1], outW = w.out[2], sH = w.stride[1];
    const int64_t dH = w.dilation[1], dW = w.dilation[2];
    const int64_t chunks = (outW + kDwChunk - 1) / kDwChunk;
    // Columns the chunks' loads reach: up to 2 * (chunks * 16 - 1) + (kW - 1) * dW.
    const int64_t padW = 2 * chunks * kDwChunk + (kW - 1) * dW + 1, padH = (outH - 1) * sH + (kH - 1) * dH + 1,
                  halfW = (padW + 1) / 2;
    float* const padded = threadScratchArray<float>(0, size_t(padW * padH));  // no allocation per run
    padPlaneAvx512(src, w, padW, padH, padded);
    float* const even = threadScratchArray<float>(2, size_t(2 * halfW * padH));
    float* const odd = even + halfW * padH;
    // 16 even and 16 odd columns from each 32 loaded (two permutes): the element-by-element split
    // had cost more than the taps (96 planes of 112x112 in EfficientNet-B0's features.2.0: 0.3 ms).
    const __m512i evenPick = _mm512_set_epi32(30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0);
    const __m512i oddPick = _mm512_add_epi32(evenPick, _mm512_set1_epi32(1));
    for (int64_t r = 0; r < padH; ++r) {
        const float* row = padded + r * padW;
        float* e = even + r * halfW;
        float* o = odd + r * halfW;
        for (int64_t c = 0; c < halfW; c += 16) {
            // Columns 2c .. 2c + 31 of the row; past padW: zeros (the odd half's last column).
            const int64_t n = std::min<int64_t>(32, padW - 2 * c), m = std::min<int64_t>(16, halfW - c);
            const __mmask16 lo = n >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << n) - 1);
            const __mmask16 hi = n >= 32 ? __mmask16(0xFFFF) : n > 16 ? __mmask16((1u << (n - 16)) - 1) : __mmask16(0);
            const __m512 a = _mm512_maskz_loadu_ps(lo, row + 2 * c), b = _mm512_maskz_loadu_ps(hi, row + 2 * c + 16);
            const __mmask16 store = __mmask16((1u << m) - 1);
            _mm512_mask_storeu_ps(e + c, store, _mm512_permutex2var_ps(a, evenPick, b));
            _mm512_mask_storeu_ps(o + c, store, _mm512_permutex2var_ps(a, oddPick, b));
        }
    }
    int64_t oh = 0;
    for (; oh + 8 <= outH; oh += 8)
        depthwiseRowsStride2Avx512<8>(even + oh * sH * halfW, odd + oh * sH * halfW, halfW, sH, wm, kH, kW, dH, dW, b,
                                      dst + oh * outW, outW, chunks);
    for (; oh + 4 <= outH; oh += 4)
        depthwiseRowsStride2Avx512<4>(even + oh * sH * halfW, odd + oh * sH * halfW, halfW, sH, wm, kH, kW, dH, dW, b,
                                      dst + oh * outW, outW, chunks);
    for (; oh < outH; ++oh)
        depthwiseRowsStride2Avx512<1>(even + oh * sH * halfW, odd + oh * sH * halfW, halfW, sH, wm, kH, kW, dH, dW, b,
                                      dst + oh * outW, outW, chunks);
}

KILN_TARGET_AVX512 void depthwisePlanePaddedAvx512(const float* src, const float* wm, float b, float* dst,
                                                   const Window& w) {
    if (w.stride[2] == 2) return depthwisePlaneStride2Avx512(src, wm, b, dst, w);
    const int64_t kH = w.kernel[1], kW = w.kernel[2], outH = w.out[1], outW = w.out[2], sH = w.stride[1];
    const int64_t dH = w.dilation[1], dW = w.dilation[2];
    const int64_t chunks = (outW + kDwChunk - 1) / kDwChunk;
    const int64_t padW = chunks * kDwChunk + (kW - 1) * dW, padH = (outH - 1) * sH + (kH - 1) * dH + 1;
    if (sH == 1 && dH == dW && (dH == 1 || dH == 2) && kH == kW && (kH == 3 || kH == 5)) {
        if (dH == 1) return kH == 3 ? depthwisePlaneDirectAvx512<3, 3, 1>(src, wm, b, dst, w)
                                    : depthwisePlaneDirectAvx512<5, 5, 1>(src, wm, b, dst, w);
        return kH == 3 ? depthwisePlaneDirectAvx512<3, 3, 2>(src, wm, b, dst, w)
                       : depthwisePlaneDirectAvx512<5, 5, 2>(src, wm, b, dst, w);
    }
    float* const padded = threadScratchArray<float>(0, size_t(padW * padH));  // no allocation per run
    padPlaneAvx512(src, w, padW, padH, padded);
    const float* pad = padded;
    int64_t oh = 0;
    for (; oh + 8 <= outH; oh += 8)
        depthwiseRowsAvx512<8>(pad + oh * sH * padW, padW, sH, wm, kH, kW, dH, dW, b, dst + oh * outW, outW, chunks);
    for (; oh + 4 <= outH; oh += 4)
        depthwiseRowsAvx512<4>(pad + oh * sH * padW, padW, sH, wm, kH, kW, dH, dW, b, dst + oh * outW, outW, chunks);
    for (; oh < outH; ++oh)
        depthwiseRowsAvx512<1>(pad + oh * sH * padW, padW, sH, wm, kH, kW, dH, dW, b, dst + oh * outW, outW, chunks);
}

// Planes [begin, end) of the batch x output channels; the padded-plane path needs the AVX-512 copy.
// `ep` (fp32 only; no bias, the planes have theirs): the fused epilogue act(y + z), applied to each
// plane right after it is written, while it is still in L1/L2, instead of a second pass over the
// whole output (which, on MobileNet/EfficientNet's large early planes, came back from memory).
template <typename T, bool Avx512>
KILN_ALWAYS_INLINE void depthwisePlanesBody(const T* x, const T* weights, const T* bias, T* y, int64_t channels,
                                            int64_t multiplier, const Window& w, int64_t begin, int64_t end,
                                            const EpilogueParams* ep) {
    const int64_t M = channels * multiplier, outSize = w.outSize();
    const bool fast = depthwiseFastPath(w);
    for (int64_t nm = begin; nm < end; ++nm) {
        const int64_t n = nm / M, m = nm % M;
        const T* src = x + (n * channels + m / multiplier) * w.inSize();
        T* dst = y + nm * outSize;
        bool done = false;
        if constexpr (Avx512 && std::is_same_v<T, float>) {
            if (fast) {
                depthwisePlanePaddedAvx512(src, weights + m * w.kernelSize(), bias ? bias[m] : 0.f, dst, w);
                done = true;
            }
        }
        if (!done) depthwisePlane(src, weights + m * w.kernelSize(), bias ? bias[m] : T(0), dst, w);
        if constexpr (std::is_same_v<T, float>) {
            if (ep) {
                EpilogueParams plane = *ep;
                plane.z = ep->z ? ep->z + nm * outSize : nullptr;
                applyEpilogueBlock(dst, outSize, 1, outSize, plane);
            }
        }
    }
}

template <typename T>
void depthwisePlanes(const T* x, const T* weights, const T* bias, T* y, int64_t channels, int64_t multiplier,
                     const Window& w, int64_t begin, int64_t end, const EpilogueParams* ep) {
    depthwisePlanesBody<T, false>(x, weights, bias, y, channels, multiplier, w, begin, end, ep);
}

template <typename T>
KILN_TARGET_AVX512 void depthwisePlanesAvx512(const T* x, const T* weights, const T* bias, T* y, int64_t channels,
                                              int64_t multiplier, const Window& w, int64_t begin, int64_t end,
                                              const EpilogueParams* ep) {
    depthwisePlanesBody<T, true>(x, weights, bias, y, channels, multiplier, w, begin, end, ep);
}

template <typename T>
void depthwise(const T* x, const T* weights, const T* bias, T* y, int64_t batch, int64_t channels,
               int64_t multiplier, const Window& w, const EpilogueParams* ep = nullptr) {
    const bool avx512 = std::is_same_v<T, float> && avx512Enabled();
    parallelFor(batch * channels * multiplier, grainFor(kGrainMacs, w.outSize() * w.kernelSize()),
                [&](int64_t begin, int64_t end) {
        if (avx512)
            depthwisePlanesAvx512(x, weights, bias, y, channels, multiplier, w, begin, end, ep);
        else
            depthwisePlanes(x, weights, bias, y, channels, multiplier, w, begin, end, ep);
    });
}

struct ConvInputs {
    const Tensor* X;
    const Tensor* W;
    const Tensor* B;
    int64_t group;
};

ConvInputs checkConvInputs(const KernelContext& ctx) {
    ConvInputs in{&ctx.input(0), &ctx.input(1), ctx.optionalInput(2), ctx.node().attrInt("group", 1)};
    const Tensor& X = *in.X;
    const Tensor& W = *in.W;
    if (X.rank() < 3)
        ctx.fail(ErrorKind::InvalidArgument, "X must be [N, C, spatial...], got ", X.describe());
    if (W.rank() != X.rank())
        ctx.fail(ErrorKind::InvalidArgument, "W ", W.describe(), " must have the rank of X ", X.describe());
    if (W.dtype() != X.dtype() || (in.B && in.B->dtype() != X.dtype()))
        ctx.fail(ErrorKind::InvalidArgument, "inputs must share one type: X ", X.describe(), ", W ", W.describe(),
                 in.B ? ", B " + in.B->describe() : std::string());
    if (in.group < 1) ctx.fail(ErrorKind::InvalidModel, "attribute 'group' must be >= 1, got ", in.group);
    const std::span<const int64_t> kernel(W.dims().begin() + 2, W.dims().end());
    const std::span<const int64_t> attrKernel = ctx.node().hasAttr("kernel_shape") ? ctx.node().attrIntsView("kernel_shape") : kernel;
    if (!std::equal(attrKernel.begin(), attrKernel.end(), kernel.begin(), kernel.end()))
        ctx.fail(ErrorKind::InvalidModel, "attribute kernel_shape ",
                 dimsToString(std::vector<int64_t>(attrKernel.begin(), attrKernel.end())), " does not match W ", W.describe());
    return in;
}

// The checks and geometry both forward convolutions share: channels against group, bias shape,
// the window, and the output dims [N, M, spatial...].
struct ConvGeometry {
    int64_t N, C, M, G;
    Window w;
    DimVector outDims;
};

ConvGeometry convGeometry(const KernelContext& ctx, const ConvInputs& in) {
    const Tensor& X = *in.X;
    const Tensor& W = *in.W;
    ConvGeometry g{X.dim(0), X.dim(1), W.dim(0), in.group, {}, {}};
    if (g.C % g.G != 0 || g.M % g.G != 0 || W.dim(1) * g.G != g.C)
        ctx.fail(ErrorKind::InvalidArgument, "channels do not match group ", g.G, ": X ", X.describe(), ", W ",
                 W.describe(), " (W dim 1 must be C / group)");
    if (in.B && (in.B->rank() != 1 || in.B->dim(0) != g.M))
        ctx.fail(ErrorKind::InvalidArgument, "bias ", in.B->describe(), " must be [", g.M, "]");
    const std::span<const int64_t> inSpatial(X.dims().begin() + 2, X.dims().end());
    const std::span<const int64_t> kernel(W.dims().begin() + 2, W.dims().end());
    g.w = makeForwardWindow(ctx, inSpatial, kernel, WindowKind::Conv);
    g.outDims = {g.N, g.M};
    for (int64_t d : g.w.outDims()) g.outDims.push_back(d);
    return g;
}

template <typename T>
void convTyped(KernelContext& ctx, const ConvInputs& in) {
    const Tensor& X = *in.X;
    const Tensor& W = *in.W;
    const ConvGeometry geo = convGeometry(ctx, in);
    const int64_t N = geo.N, C = geo.C, M = geo.M, G = geo.G;
    const Window& w = geo.w;
    const DimVector& outDims = geo.outDims;
    Tensor& Y = ctx.allocateOutput(0, X.dtype(), outDims);
    if (Y.numel() == 0) return;

    const T* x = X.data<T>();
    const T* wt = W.data<T>();
    const T* bias = in.B ? in.B->data<T>() : nullptr;
    T* y = Y.data<T>();
    const int64_t Cg = C / G, Mg = M / G, K = Cg * w.kernelSize();
    const int64_t inSize = w.inSize(), outSize = w.outSize();
    if (Cg == 1 && G > 1) {
        depthwise(x, wt, bias, y, N, C, Mg, w);
        return;
    }
    if (bias) {
        for (int64_t n = 0; n < N; ++n)
            for (int64_t m = 0; m < M; ++m) std::fill_n(y + (n * M + m) * outSize, outSize, bias[m]);
    }
    const T beta = bias ? T(1) : T(0);
    bool pointwise = w.kernelSize() == 1;
    for (int i = 0; i < 3; ++i)
        pointwise = pointwise && w.stride[i] == 1 && w.padBegin[i] == 0 && w.padEnd[i] == 0;
    const int64_t totalRows = w.out[0] * w.out[1];
    const int64_t sliceRows = pointwise ? totalRows : rowsPerSlice(w, K, sizeof(T));
    std::unique_ptr<T[]> col(pointwise ? nullptr : new T[size_t(K * sliceRows * w.out[2])]);
    const std::span<const Im2colRow> rows = pointwise ? std::span<const Im2colRow>() : im2colRows(ctx, Cg, w);
    for (int64_t n = 0; n < N; ++n) {
        for (int64_t g = 0; g < G; ++g) {
            const T* image = x + (n * C + g * Cg) * inSize;
            const T* wg = wt + g * Mg * K;
            T* yg = y + (n * M + g * Mg) * outSize;
            if (pointwise) {
                gemm<T>(false, false, Mg, outSize, K, T(1), wg, K, image, inSize, beta, yg, outSize);
                continue;
            }
            for (int64_t r0 = 0; r0 < totalRows; r0 += sliceRows) {
                const int64_t r1 = std::min(totalRows, r0 + sliceRows);
                const int64_t cols = (r1 - r0) * w.out[2];
                im2colCols(image, rows, w, r0 * w.out[2], r1 * w.out[2], col.get());
                gemm<T>(false, false, Mg, cols, K, T(1), wg, K, col.get(), cols, beta, yg + r0 * w.out[2], outSize);
            }
        }
    }
}

// Bytes of im2col columns (or of the input slab a 1x1 conv reads) per block: about a quarter of L2.
constexpr int64_t kBlockBytes = 512 << 10;

// Small images are copied once into zero-padded planes (with slack at the end), so im2col reads them
// with no bounds checks (im2colPaddedAvx512). Returns the window over the padded planes (no padding
// left), or nullopt when the copy isn't worth it or the stride is beyond the chunked reads.
constexpr int64_t kPadImagesBytes = 1 << 20;

std::optional<Window> padImages(KernelContext& ctx, const float* x, int64_t planes, const Window& w, float*& out) {
    if (w.padBegin[0] < 0 || w.padBegin[1] < 0 || w.padBegin[2] < 0 || w.stride[2] > 15) return std::nullopt;
    Window p = w;
    for (int i = 0; i < 3; ++i) {
        // Only what the windows reach: the last window ends at (out - 1) * stride + (kernel - 1) * dilation.
        p.in[i] = (w.out[i] - 1) * w.stride[i] + (w.kernel[i] - 1) * w.dilation[i] + 1;
        p.padBegin[i] = p.padEnd[i] = 0;
    }
    const int64_t plane = p.inSize();
    if (planes * plane * int64_t(sizeof(float)) > kPadImagesBytes) return std::nullopt;
    if (w.in[0] == 1 && p.in[0] == 1 && w.padBegin[0] == 0) {
        // 2-D: each padded row written once (padPlaneAvx512; the caller runs this only with AVX-512).
        out = ctx.scratchArray<float>(size_t(planes * plane + 32));  // the layer's workspace
        std::fill(out + planes * plane, out + planes * plane + 32, 0.f);  // chunked reads may run past the last row
        parallelFor(planes, grainFor(kGrainElements, plane), [&](int64_t begin, int64_t end) {
            for (int64_t c = begin; c < end; ++c)
                padPlaneAvx512(x + c * w.inSize(), w, p.in[2], p.in[1], out + c * plane);
        });
        return p;
    }
    out = ctx.scratchArray<float>(size_t(planes * plane + 32));  // + 32: chunked reads may run past the last row
    std::fill(out, out + planes * plane + 32, 0.f);
    const int64_t rows = std::min(w.in[2], p.in[2] - w.padBegin[2]);
    if (rows <= 0) return p;
    parallelFor(planes, grainFor(kGrainElements, plane), [&](int64_t begin, int64_t end) {
        for (int64_t c = begin; c < end; ++c)
            for (int64_t id = 0; id < w.in[0] && id + w.padBegin[0] < p.in[0]; ++id)
                for (int64_t ih = 0; ih < w.in[1] && ih + w.padBegin[1] < p.in[1]; ++ih)
                    std::memcpy(out + c * plane + ((id + w.padBegin[0]) * p.in[1] + ih + w.padBegin[1]) * p.in[2] +
                                    w.padBegin[2],
                                x + c * w.inSize() + (id * w.in[1] + ih) * w.in[2], size_t(rows) * sizeof(float));
    });
    return p;
}

void convFp32Blocked(KernelContext& ctx, const ConvInputs& in, const ConvEpilogue& epi,
                     const PackedConvWeights* prepacked = nullptr) {
    const Tensor& X = *in.X;
    const Tensor& W = *in.W;
    if (X.dtype() != DataType::Float32)
        ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(X.dtype()), " is not supported here (fp32 only)");
    const ConvGeometry geo = convGeometry(ctx, in);
    const int64_t N = geo.N, C = geo.C, M = geo.M, G = geo.G;
    const Window& w = geo.w;
    const DimVector& outDims = geo.outDims;
    if (epi.residual) {
        if (epi.residual->dtype() != DataType::Float32)
            ctx.fail(ErrorKind::Unsupported, "residual input Z must be fp32, got ", epi.residual->describe());
        if (!std::equal(outDims.begin(), outDims.end(), epi.residual->dims().begin(), epi.residual->dims().end()))
            ctx.fail(ErrorKind::InvalidArgument, "residual input Z has shape ", dimsToString(epi.residual->dims()),
                     ", the convolution output ", dimsToString(outDims.vec()));
    }
    Tensor& Y = ctx.allocateOutput(0, DataType::Float32, outDims);
    if (Y.numel() == 0) return;

    const float* x = X.data<float>();
    const float* wt = W.data<float>();
    const float* bias = in.B ? in.B->data<float>() : nullptr;
    const float* z = epi.residual ? epi.residual->data<float>() : nullptr;
    float* y = Y.data<float>();
    const int64_t Cg = C / G, Mg = M / G, K = Cg * w.kernelSize();
    const int64_t inSize = w.inSize(), outSize = w.outSize();
    EpilogueParams ep;
    ep.activation = epi.activation;
    ep.p0 = epi.p0;
    ep.p1 = epi.p1;
    ep.ldz = outSize;

    if (Cg == 1 && G > 1) {
        EpilogueParams planes = ep;
        planes.z = z;
        depthwise(x, wt, bias, y, N, C, Mg, w, planes.empty() ? nullptr : &planes);
        return;
    }

    bool pointwise = w.kernelSize() == 1;
    for (int i = 0; i < 3; ++i)
        pointwise = pointwise && w.stride[i] == 1 && w.padBegin[i] == 0 && w.padEnd[i] == 0;
    // Blocks of output positions: small enough for the columns to sit in L2, and at least three per
    // thread when the image allows. On AVX-512, Kiln's packed GEMM (epilogue in registers) runs them
    // in whole 48-column micro-tiles (a 16-column block would leave two thirds of each tile empty),
    // and few blocks (small images, many output channels) are split over the output channels too, in
    // whole panels. Otherwise OpenBLAS runs blocks of multiples of 16 columns, then the epilogue.
    const int64_t threads = parallelThreads();
    const int64_t budgetCols = std::max<int64_t>(16, kBlockBytes / (K * int64_t(sizeof(float))));
    const bool packedGemm = avx512Enabled() && outSize >= 16;
    int64_t colsPerBlock;
    if (packedGemm) {
        colsPerBlock = kGemmNR * std::clamp<int64_t>(std::min(budgetCols / kGemmNR, (outSize + 3 * threads * kGemmNR - 1) /
                                                                                        (3 * threads * kGemmNR)),
                                                     1, (outSize + kGemmNR - 1) / kGemmNR);
    } else {
        colsPerBlock = std::min(budgetCols, (outSize + 3 * threads - 1) / (3 * threads));
        colsPerBlock = std::clamp<int64_t>((colsPerBlock + 15) / 16 * 16, 16, outSize);
        if (outSize < 16 * threads) colsPerBlock = outSize;  // tiny images: whole, the GEMM splits rows instead
    }
    const int64_t blocks = (outSize + colsPerBlock - 1) / colsPerBlock;
    // This thread's list of the groups' packed weights (cleared, not freed, after the run: no
    // allocation once it has grown; the packed weights themselves are cached by packedWeights).
    // W's GEMM panels: packed when the layer was prepared (the engine's constant W), else through
    // packedWeights' cache into this thread's list (cleared, not freed, after the run).
    thread_local std::vector<std::shared_ptr<const PackedMatrix>> packedList;
    const bool usePrepacked = prepacked && prepacked->group == G && prepacked->Mg == Mg && prepacked->K == K &&
                              int64_t(prepacked->groups.size()) == G;
    const std::vector<std::shared_ptr<const PackedMatrix>>& packed = usePrepacked ? prepacked->groups : packedList;
    packedList.clear();
    if (packedGemm && !usePrepacked)
        for (int64_t g = 0; g < G; ++g) packedList.push_back(packedWeights(W, Mg, K, g * Mg));
    struct Release {
        std::vector<std::shared_ptr<const PackedMatrix>>& list;
        ~Release() { list.clear(); }
    } release{packedList};
    // im2col reads the zero-padded copy when there is one (small padded images, AVX-512).
    float* paddedBuffer = nullptr;
    std::optional<Window> paddedWindow =
        pointwise || !packedGemm ? std::nullopt : padImages(ctx, x, N * C, w, paddedBuffer);
    const Window& iw = paddedWindow ? *paddedWindow : w;
    const float* images = paddedWindow ? paddedBuffer : x;
    const std::span<const Im2colRow> rows = pointwise ? std::span<const Im2colRow>() : im2colRows(ctx, Cg, iw);
    const int64_t panels = (Mg + kGemmMR - 1) / kGemmMR;
    const int64_t mChunks =
        packedGemm ? std::clamp<int64_t>((3 * threads + N * G * blocks - 1) / (N * G * blocks), 1, panels) : 1;
    const int64_t rowsPerChunk = packedGemm ? (panels + mChunks - 1) / mChunks * kGemmMR : Mg;
    parallelFor(N * G * blocks * mChunks, grainFor(kGrainMacs, rowsPerChunk * colsPerBlock * K),
                [&](int64_t begin, int64_t end) {
        for (int64_t t = begin; t < end; ++t) {
            const int64_t chunk = t % mChunks, blockIndex = t / mChunks;
            const int64_t n = blockIndex / (G * blocks), g = (blockIndex / blocks) % G, blk = blockIndex % blocks;
            const int64_t m0 = chunk * rowsPerChunk, m1 = std::min(Mg, m0 + rowsPerChunk);
            if (m0 >= m1) continue;
            const int64_t c0 = blk * colsPerBlock, c1 = std::min(outSize, c0 + colsPerBlock), cols = c1 - c0;
            const float* b = x + (n * C + g * Cg) * inSize + c0;
            int64_t ldb = inSize;
            if (!pointwise) {
                // This thread's scratch (parallel.h): the pool's workers reserved it before any run.
                float* colBuffer = threadScratchArray<float>(0, size_t(K * cols));
                if (paddedWindow)
                    im2colPaddedAvx512(images + (n * C + g * Cg) * iw.inSize(), iw, rows.data(), int64_t(rows.size()), c0,
                                       c1, colBuffer);
                else
                    im2colCols(x + (n * C + g * Cg) * inSize, rows, w, c0, c1, colBuffer);
                b = colBuffer;
                ldb = cols;
            }
            const int64_t yOffset = (n * M + g * Mg + m0) * outSize + c0;
            EpilogueParams block = ep;
            block.bias = bias ? bias + g * Mg + m0 : nullptr;
            block.z = z ? z + yOffset : nullptr;
            if (packedGemm) {
                gemmPackedAvx512(*packed[size_t(g)], m0, m1, b, ldb, cols, y + yOffset, outSize, block);
            } else {
                gemm<float>(false, false, m1 - m0, cols, K, 1.f, wt + (g * Mg + m0) * K, K, b, ldb, 0.f, y + yOffset,
                            outSize);
                if (!block.empty()) applyEpilogueBlock(y + yOffset, outSize, m1 - m0, cols, block);
            }
        }
    });
}

void runConv(KernelContext& ctx) {
    ConvInputs in = checkConvInputs(ctx);
    if (in.X->dtype() == DataType::Float32) return convFp32Blocked(ctx, in, {});
    if (in.X->dtype() == DataType::Float64) return convTyped<double>(ctx, in);
    ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(in.X->dtype()), " is not supported");
}

// ---- ConvTranspose -----------------------------------------------------------------------------

// Geometry of ConvTranspose as the forward window it is the adjoint of: Window::in is the output
// image Y, Window::out the input X.
Window transposeWindow(const KernelContext& ctx, std::span<const int64_t> inSpatial, std::span<const int64_t> kernel) {
    const size_t r = inSpatial.size();
    if (r < 1 || r > 3)
        ctx.fail(ErrorKind::Unsupported, "only 1-D, 2-D and 3-D ConvTranspose is supported, got ", r, " spatial dims");
    const Node& node = ctx.node();
    const DimVector strides = spatialAttr(ctx, "strides", r, 1, 1);
    const DimVector dilations = spatialAttr(ctx, "dilations", r, 1, 1);
    const DimVector outputPadding = spatialAttr(ctx, "output_padding", r, 0, 0);
    const DimVector pads = node.hasAttr("pads") ? DimVector(node.attrIntsView("pads")) : DimVector(2 * r, 0);
    if (pads.size() != 2 * r)
        ctx.fail(ErrorKind::InvalidModel, "attribute 'pads' has ", pads.size(), " values, expected ", 2 * r);
    DimVector outputShape(node.attrIntsView("output_shape"));
    if (outputShape.size() == r + 2) outputShape = DimVector(outputShape.begin() + 2, outputShape.end());
    if (!outputShape.empty() && outputShape.size() != r)
        ctx.fail(ErrorKind::InvalidModel, "attribute 'output_shape' has ", outputShape.size(), " values for ", r,
                 " spatial dims");
    for (int64_t p : pads) checkWindowParam(ctx, "pads", p, 0);
    for (int64_t v : outputShape) checkWindowParam(ctx, "output_shape", v, 0);
    const std::string autoPad = node.attrString("auto_pad", "NOTSET");
    if (autoPad != "NOTSET" && autoPad != "VALID" && autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER")
        ctx.fail(ErrorKind::InvalidModel, "unknown auto_pad '", autoPad, "'");
    Window w;
    w.spatialRank = int(r);
    const size_t o = 3 - r;
    for (size_t i = 0; i < r; ++i) {
        const int64_t in = inSpatial[i], s = strides[i], d = dilations[i], k = kernel[i];
        const int64_t dk = (k - 1) * d + 1;
        const int64_t full = s * (in - 1) + outputPadding[i] + dk;  // output size with no padding
        int64_t pb = 0, pe = 0, out = 0;
        if (!outputShape.empty() || autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
            out = !outputShape.empty() ? outputShape[i] : in * s;
            // Floor halves (as the ONNX reference does) also when output_shape makes total negative.
            const int64_t total = full - out, half = floorDiv(total, 2);
            if (autoPad == "SAME_UPPER") {
                pb = half;
                pe = total - half;
            } else {
                pb = total - half;
                pe = half;
            }
        } else {
            if (autoPad == "NOTSET") {
                pb = pads[i];
                pe = pads[i + r];
                if (pb < 0 || pe < 0) ctx.fail(ErrorKind::InvalidModel, "attribute 'pads' has a negative value");
            }
            out = full - pb - pe;
        }
        if (out < 1)
            ctx.fail(ErrorKind::InvalidArgument, "spatial dim ", i, " of the output would be ", out);
        w.in[o + i] = out;
        w.out[o + i] = in;
        w.kernel[o + i] = k;
        w.stride[o + i] = s;
        w.dilation[o + i] = d;
        w.padBegin[o + i] = pb;
        w.padEnd[o + i] = pe;
    }
    return w;
}

template <typename T>
void convTransposeTyped(KernelContext& ctx, const ConvInputs& in) {
    const Tensor& X = *in.X;
    const Tensor& W = *in.W;
    const int64_t N = X.dim(0), C = X.dim(1), G = in.group;
    if (W.dim(0) != C || C % G != 0)
        ctx.fail(ErrorKind::InvalidArgument, "W ", W.describe(), " must be [C, M / group, k...] for X ", X.describe(),
                 " and group ", G);
    const int64_t Mg = W.dim(1), M = Mg * G, Cg = C / G;
    if (in.B && (in.B->rank() != 1 || in.B->dim(0) != M))
        ctx.fail(ErrorKind::InvalidArgument, "bias ", in.B->describe(), " must be [", M, "]");
    const std::span<const int64_t> inSpatial(X.dims().begin() + 2, X.dims().end());
    const std::span<const int64_t> kernel(W.dims().begin() + 2, W.dims().end());
    const Window w = transposeWindow(ctx, inSpatial, kernel);
    DimVector outDims = {N, M};
    for (int i = 3 - w.spatialRank; i < 3; ++i) outDims.push_back(w.in[size_t(i)]);
    Tensor& Y = ctx.allocateZeroedOutput(0, X.dtype(), outDims);  // col2im accumulates into it
    if (Y.numel() == 0) return;
    const T* x = X.data<T>();
    const T* wt = W.data<T>();
    T* y = Y.data<T>();
    const int64_t K = w.kernelSize(), rowsK = Mg * K;
    const int64_t xSize = w.outSize(), ySize = w.inSize();
    const int64_t totalRows = w.out[0] * w.out[1];
    const int64_t sliceRows = rowsPerSlice(w, rowsK, sizeof(T));
    T* const col = ctx.scratchArray<T>(size_t(rowsK * sliceRows * w.out[2]));  // the layer's workspace
    for (int64_t n = 0; n < N; ++n) {
        for (int64_t g = 0; g < G; ++g) {
            const T* xg = x + (n * C + g * Cg) * xSize;
            const T* wg = wt + g * Cg * rowsK;  // [Cg, Mg * K]
            T* yg = y + (n * M + g * Mg) * ySize;
            for (int64_t r0 = 0; r0 < totalRows; r0 += sliceRows) {
                const int64_t r1 = std::min(totalRows, r0 + sliceRows);
                const int64_t cols = (r1 - r0) * w.out[2];
                // col[Mg*K, cols] = W_g^T [Mg*K, Cg] x X_g[Cg, cols]
                gemm<T>(true, false, rowsK, cols, Cg, T(1), wg, rowsK, xg + r0 * w.out[2], xSize, T(0), col, cols);
                col2im(col, Mg, w, r0, r1, yg);
            }
        }
    }
    if (in.B) {
        const T* bias = in.B->data<T>();
        parallelFor(N * M, 4, [&](int64_t begin, int64_t end) {
            for (int64_t nm = begin; nm < end; ++nm) {
                T* d = y + nm * ySize;
                const T b = bias[nm % M];
                for (int64_t i = 0; i < ySize; ++i) d[i] += b;
            }
        });
    }
}

void runConvTranspose(KernelContext& ctx) {
    ConvInputs in = checkConvInputs(ctx);
    if (in.X->dtype() == DataType::Float32) return convTransposeTyped<float>(ctx, in);
    if (in.X->dtype() == DataType::Float64) return convTransposeTyped<double>(ctx, in);
    ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(in.X->dtype()), " is not supported");
}

}  // namespace

void runConvFp32(KernelContext& ctx, const ConvEpilogue& epilogue, const PackedConvWeights* packed) {
    convFp32Blocked(ctx, checkConvInputs(ctx), epilogue, packed);
}

std::shared_ptr<const PackedConvWeights> packConvWeights(const Node& node) {
    const Value* w = node.inputOrNull(1);
    if (!avx512Enabled() || !w || !w->isConstant() || w->constant->dtype() != DataType::Float32 || w->constant->rank() < 3)
        return nullptr;
    const Tensor& W = *w->constant;
    const int64_t group = node.attrInt("group", 1);
    if (group < 1 || W.dim(0) % group != 0) return nullptr;  // the run reports the bad attribute
    auto packed = std::make_shared<PackedConvWeights>();
    packed->group = group;
    packed->Mg = W.dim(0) / group;
    packed->K = W.numel() / std::max<int64_t>(W.dim(0), 1);
    for (int64_t g = 0; g < group; ++g) packed->groups.push_back(packMatrixA(W.data<float>() + g * packed->Mg * packed->K, packed->Mg, packed->K, packed->K));
    return packed;
}

namespace {

class PreparedConv final : public PackedConvKernel {
public:
    using PackedConvKernel::PackedConvKernel;
    void run(KernelContext& ctx) const override {
        if (ctx.input(0).dtype() == DataType::Float32) return runConvFp32(ctx, {}, packed());
        fallback()(ctx);
    }
};

std::unique_ptr<KernelInstance> prepareConv(const PrepareContext& context) {
    return std::make_unique<PreparedConv>(packConvWeights(context.node), withHalfUpcast<runConv>);
}

}  // namespace

void registerConvKernels(KernelRegistry& registry) {
    const std::vector<DataType> types = {DataType::Float32, DataType::Float64, DataType::Float16, DataType::BFloat16};
    KernelDef conv{withHalfUpcast<runConv>, types};
    conv.prepare = prepareConv;  // W packed once per layer
    registry.add("Conv", conv);
    registry.add("ConvTranspose", {withHalfUpcast<runConvTranspose>, types});
}

}  // namespace kiln::cpu
