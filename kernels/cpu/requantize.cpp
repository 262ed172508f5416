// Requantize epilogue (requantize.h). The vector copy does the same operations in the same order
// (one rounding for the product, one for the fused multiply-add with floatBias, the conversion in
// the default round-to-nearest-even mode), so both give the same bytes.
#include "kernels/cpu/requantize.h"

#include <immintrin.h>

#include <cmath>
#include <type_traits>

#include "kernels/cpu/isa.h"

// GCC 12 reports the AVX-512 intrinsics' undefined pass-through operands as "may be used
// uninitialized" once inlined (the false positive gemm_avx512.cpp also silences); headers are above.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace kiln::cpu {

namespace {

// Values beyond this become the lowest or highest 8-bit value anyway; clamping first keeps the
// conversion to int32 in range.
constexpr float kClamp = 1073741824.f;  // 2^30

struct Channel {
    float scale;
    int32_t bias;
    float floatBias;
};
inline Channel channelAt(const RequantizeParams& q, int64_t i) {
    return {q.scalePerChannel ? q.scale[i] : q.scale[0], q.bias ? q.bias[i] : 0,
            q.floatBias ? q.floatBias[i] : 0.f};
}

inline float scaled(int32_t c, const Channel& ch, bool withFloatBias) {
    const float f = float(int32_t(uint32_t(c) + uint32_t(ch.bias)));
    return withFloatBias ? std::fma(f, ch.scale, ch.floatBias) : f * ch.scale;
}

inline int32_t quantized(float x, int32_t zeroPoint, int32_t lo, int32_t hi) {
    if (!(x >= -kClamp)) x = -kClamp;  // NaN too
    if (x > kClamp) x = kClamp;
    const int32_t v = int32_t(std::nearbyint(x)) + zeroPoint;
    return v < lo ? lo : v > hi ? hi : v;
}

template <typename Out>
void runPlain(int64_t rows, int64_t cols, const int32_t* c, int64_t ldc, const RequantizeParams& q, Out* y,
              int64_t ldy, int32_t lo, int32_t hi) {
    const bool fb = q.floatBias != nullptr, perRow = q.channelAxis == QuantAxis::Row;
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t j = 0; j < cols; ++j) {
            const Channel ch = channelAt(q, perRow ? r : j);
            const float x = scaled(c[r * ldc + j], ch, fb);
            if constexpr (std::is_same_v<Out, float>)
                y[r * ldy + j] = x;
            else
                y[r * ldy + j] = Out(quantized(x, q.zeroPoint, lo, hi));
        }
}

#define KILN_AVX512 KILN_TARGET_AVX512

inline __mmask16 mask16(int64_t n) {
    return n >= 16 ? __mmask16(0xFFFF) : n <= 0 ? __mmask16(0) : __mmask16((1u << n) - 1);
}

template <bool Masked>
KILN_AVX512 inline __m512 loadPs(__mmask16 m, const float* p) {
    if constexpr (Masked) return _mm512_maskz_loadu_ps(m, p);
    else return _mm512_loadu_ps(p);
}
template <bool Masked>
KILN_AVX512 inline __m512i loadEpi32(__mmask16 m, const int32_t* p) {
    if constexpr (Masked) return _mm512_maskz_loadu_epi32(m, p);
    else return _mm512_loadu_si512(static_cast<const void*>(p));
}

// One chunk of 16 columns (Masked: the last, partial one; whole chunks load and store without a
// mask, which were a third of the loop's time: masked loads of all four streams).
// kind: 0 uint8, 1 int8, 2 float.
template <int Kind, bool Masked>
KILN_AVX512 inline void requantizeChunk(const int32_t* cr, const RequantizeParams& q, bool perRow, bool fb,
                                        const Channel& rowCh, int64_t j, __mmask16 m, void* yr, __m512 clampLo,
                                        __m512 clampHi, __m512i zp, __m512i qlo, __m512i qhi) {
    __m512 scale, fbias;
    __m512i bias;
    if (perRow) {
        scale = _mm512_set1_ps(rowCh.scale);
        bias = _mm512_set1_epi32(rowCh.bias);
        fbias = _mm512_set1_ps(rowCh.floatBias);
    } else {
        scale = q.scalePerChannel ? loadPs<Masked>(m, q.scale + j) : _mm512_set1_ps(q.scale[0]);
        bias = q.bias ? loadEpi32<Masked>(m, q.bias + j) : _mm512_setzero_si512();
        fbias = fb ? loadPs<Masked>(m, q.floatBias + j) : _mm512_setzero_ps();
    }
    const __m512 f = _mm512_cvtepi32_ps(_mm512_add_epi32(loadEpi32<Masked>(m, cr + j), bias));
    const __m512 x = fb ? _mm512_fmadd_ps(f, scale, fbias) : _mm512_mul_ps(f, scale);
    if constexpr (Kind == 2) {
        float* out = static_cast<float*>(yr) + j;
        if constexpr (Masked) _mm512_mask_storeu_ps(out, m, x);
        else _mm512_storeu_ps(out, x);
    } else {
        // max_ps returns its second operand for a NaN first one: NaN becomes -2^30, as in
        // quantized().
        const __m512 xc = _mm512_min_ps(_mm512_max_ps(x, clampLo), clampHi);
        __m512i v = _mm512_add_epi32(_mm512_cvtps_epi32(xc), zp);
        v = _mm512_min_epi32(_mm512_max_epi32(v, qlo), qhi);
        uint8_t* out = static_cast<uint8_t*>(yr) + j;
        // v is within [lo, hi] already: the truncating narrow is exact.
        if constexpr (Masked) _mm512_mask_cvtepi32_storeu_epi8(out, m, v);
        else _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm512_cvtepi32_epi8(v));
    }
}

template <int Kind>
KILN_AVX512 void runAvx512(int64_t rows, int64_t cols, const int32_t* c, int64_t ldc,
                           const RequantizeParams& q, void* yv, int64_t ldy, int32_t lo, int32_t hi) {
    const bool fb = q.floatBias != nullptr, perRow = q.channelAxis == QuantAxis::Row;
    const __m512 clampLo = _mm512_set1_ps(-kClamp), clampHi = _mm512_set1_ps(kClamp);
    const __m512i zp = _mm512_set1_epi32(q.zeroPoint), qlo = _mm512_set1_epi32(lo),
                  qhi = _mm512_set1_epi32(hi);
    const size_t outSize = Kind == 2 ? sizeof(float) : 1;
    const int64_t whole = cols / 16 * 16;
    for (int64_t r = 0; r < rows; ++r) {
        const Channel rowCh = perRow ? channelAt(q, r) : Channel{};
        const int32_t* cr = c + r * ldc;
        void* yr = static_cast<char*>(yv) + size_t(r * ldy) * outSize;
        for (int64_t j = 0; j < whole; j += 16)
            requantizeChunk<Kind, false>(cr, q, perRow, fb, rowCh, j, __mmask16(0xFFFF), yr, clampLo, clampHi, zp,
                                         qlo, qhi);
        if (whole < cols)
            requantizeChunk<Kind, true>(cr, q, perRow, fb, rowCh, whole, mask16(cols - whole), yr, clampLo, clampHi,
                                        zp, qlo, qhi);
    }
}

#undef KILN_AVX512

}  // namespace

void requantizeBlock(int64_t rows, int64_t cols, const int32_t* c, int64_t ldc, const RequantizeParams& q,
                     bool outSigned, void* y, int64_t ldy) {
    const int32_t lo = outSigned ? -128 : 0, hi = outSigned ? 127 : 255;
    if (avx512Enabled()) {
        if (outSigned)
            runAvx512<1>(rows, cols, c, ldc, q, y, ldy, lo, hi);
        else
            runAvx512<0>(rows, cols, c, ldc, q, y, ldy, lo, hi);
    } else if (outSigned) {
        runPlain(rows, cols, c, ldc, q, static_cast<int8_t*>(y), ldy, lo, hi);
    } else {
        runPlain(rows, cols, c, ldc, q, static_cast<uint8_t*>(y), ldy, lo, hi);
    }
}

void dequantizeBlock(int64_t rows, int64_t cols, const int32_t* c, int64_t ldc, const RequantizeParams& q,
                     float* y, int64_t ldy) {
    if (avx512Enabled())
        runAvx512<2>(rows, cols, c, ldc, q, y, ldy, 0, 0);
    else
        runPlain(rows, cols, c, ldc, q, y, ldy, 0, 0);
}

}  // namespace kiln::cpu
