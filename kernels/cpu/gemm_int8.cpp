// Integer GEMM (gemm_int8.h). On AVX-512 VNNI CPUs, vpdpbusd multiplies groups of 4 uint8 values by
// 4 int8 values and adds the sum to an int32 lane (no intermediate saturation, unlike pmaddubsw). Any
// sign combination is mapped onto it exactly: with A' = A + 128 for a signed A (else A) and
// B' = B - 128 for an unsigned B (else B), alpha[m] = (signed A ? 128 : 0) + aZero[m] and
// beta[n] = (unsigned B ? 128 : 0) - bZero[n],
//   C = sum_k (A' - alpha)(B' + beta) = A'·B' + beta·rowsum(A') - alpha·(colsum(B') + K·beta),
// all in int32 arithmetic modulo 2^32, so every path gives the plain loop's results bit for bit.
#include "kernels/cpu/gemm_int8.h"

#include <immintrin.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <list>
#include <mutex>

#include "engine_core/common/error.h"
#include "engine_core/common/parallel.h"
#include "kernels/cpu/isa.h"

// GCC 12 reports the AVX-512 intrinsics' undefined pass-through operands as "may be used
// uninitialized" once inlined (the false positive gemm_avx512.cpp also silences); headers are above.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace kiln::cpu {

namespace {

inline int32_t load8(const void* p, bool isSigned, int64_t i) {
    return isSigned ? int32_t(static_cast<const int8_t*>(p)[i]) : int32_t(static_cast<const uint8_t*>(p)[i]);
}
inline int32_t zeroAt(const Int8Operand& o, int64_t i) {
    if (!o.zero) return 0;
    return o.zeroPerLine ? o.zero[i] : o.zero[0];
}

constexpr int64_t kMR = 6;                // rows of C per micro-tile
constexpr int64_t kNR = kInt8PanelCols;   // columns per micro-tile: four vectors of 16 int32
constexpr int64_t kGroupBytes = kNR * 4;  // one K-group of a B panel
inline int64_t roundUp64(int64_t n) {
    return (n + 63) / 64 * 64;
}

bool detectVnni() {
    const char* isa = std::getenv("KILN_CPU_ISA");
    if (isa && std::strcmp(isa, "avx512") == 0) return false;  // AVX-512 without VNNI, for comparisons
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512vnni");
}
std::atomic<bool>& vnniFlag() {
    static std::atomic<bool> flag{detectVnni()};
    return flag;
}

// A as the kernels read it: rows of A' (uint8), K padded with zeros to whole groups of 4, each row's
// sum of A' and alpha. Lives in the calling thread's scratch.
struct PackedRows {
    const uint8_t* data = nullptr;
    int64_t stride = 0;  // bytes per row: 4 * kGroups
    const int32_t* rowSums = nullptr;
    const int32_t* alpha = nullptr;
    bool anyAlpha = false;
};

// One panel's column corrections: beta and colsum(B') + K·beta, kNR values (zero past the edge).
struct PanelTerms {
    alignas(64) int32_t beta[kNR];
    alignas(64) int32_t colTerm[kNR];
    bool anyBeta = false;
};

void panelTerms(PanelTerms& t, const int32_t* colSums, int64_t K, bool bSigned, const int32_t* bZero,
                bool bZeroPerLine, int64_t n0, int64_t nr) {
    const int32_t shift = bSigned ? 0 : 128;
    t.anyBeta = false;
    for (int64_t j = 0; j < kNR; ++j) {
        // Columns past the panel's last (j >= nr) have no zero point: per-line zeros end there.
        const int32_t zb = !bZero || j >= nr ? 0 : bZeroPerLine ? bZero[n0 + j] : bZero[0];
        const uint32_t beta = j < nr ? uint32_t(shift) - uint32_t(zb) : 0u;
        t.beta[j] = int32_t(beta);
        t.colTerm[j] = int32_t(uint32_t(colSums[j]) + uint32_t(K) * beta);
        t.anyBeta |= beta != 0;
    }
}

// Scratch layout of one call: packed A rows, their sums and alphas, then one B panel and its sums.
struct Scratch {
    uint8_t* a;
    int32_t* rowSums;
    int32_t* alpha;
    int8_t* panel;
    int32_t* colSums;
};
Scratch scratchFor(int64_t M, int64_t kGroups, bool withPanel) {
    const int64_t aBytes = roundUp64(M * kGroups * 4), sumBytes = roundUp64(M * 4);
    const int64_t panelBytes = withPanel ? roundUp64(kGroups * kGroupBytes) : 0;
    auto* base =
        static_cast<uint8_t*>(threadScratch(1, size_t(aBytes + 2 * sumBytes + panelBytes + kNR * 4)));
    Scratch s;
    s.a = base;
    s.rowSums = reinterpret_cast<int32_t*>(base + aBytes);
    s.alpha = reinterpret_cast<int32_t*>(base + aBytes + sumBytes);
    s.panel = reinterpret_cast<int8_t*>(base + aBytes + 2 * sumBytes);
    s.colSums = reinterpret_cast<int32_t*>(base + aBytes + 2 * sumBytes + panelBytes);
    return s;
}

// ---- Plain versions (CPUs without VNNI; also the packing of packInt8B there) ----

void packRowsPlain(int64_t M, int64_t K, const Int8Operand& a, const Scratch& s, PackedRows& rows) {
    const int64_t stride = (K + 3) / 4 * 4;
    const int32_t shift = a.isSigned ? 128 : 0;
    rows.anyAlpha = false;
    for (int64_t m = 0; m < M; ++m) {
        uint8_t* dst = s.a + m * stride;
        int32_t sum = 0;
        for (int64_t k = 0; k < K; ++k) {
            const auto v = uint8_t(load8(a.data, a.isSigned, m * a.ld + k) + shift);
            dst[k] = v;
            sum += v;
        }
        std::fill(dst + K, dst + stride, uint8_t(0));
        s.rowSums[m] = sum;
        s.alpha[m] = int32_t(uint32_t(shift) + uint32_t(zeroAt(a, m)));
        rows.anyAlpha |= s.alpha[m] != 0;
    }
    rows.data = s.a;
    rows.stride = stride;
    rows.rowSums = s.rowSums;
    rows.alpha = s.alpha;
}

// Columns [n0, n0 + kNR) of B into one panel (int8 B'), with each column's sum.
void packPanelPlain(int64_t K, int64_t N, const Int8Operand& b, int64_t n0, int8_t* panel, int32_t* colSums) {
    const int64_t kGroups = (K + 3) / 4;
    const int32_t shift = b.isSigned ? 0 : 128;
    std::fill(colSums, colSums + kNR, 0);
    for (int64_t g = 0; g < kGroups; ++g)
        for (int64_t j = 0; j < kNR; ++j)
            for (int64_t i = 0; i < 4; ++i) {
                const int64_t k = 4 * g + i, n = n0 + j;
                const auto v =
                    k < K && n < N ? int8_t(load8(b.data, b.isSigned, k * b.ld + n) - shift) : int8_t(0);
                panel[(g * kNR + j) * 4 + i] = v;
                colSums[j] += v;
            }
}

void panelRowsPlain(const PackedRows& rows, int64_t M, const int8_t* panel, int64_t kGroups,
                    const PanelTerms& t, int32_t* c, int64_t ldc, int64_t nr) {
    for (int64_t m = 0; m < M; ++m) {
        const uint8_t* a = rows.data + m * rows.stride;
        for (int64_t j = 0; j < nr; ++j) {
            int32_t acc = 0;
            for (int64_t g = 0; g < kGroups; ++g)
                for (int64_t i = 0; i < 4; ++i)
                    acc += int32_t(a[4 * g + i]) * int32_t(panel[(g * kNR + j) * 4 + i]);
            c[m * ldc + j] = int32_t(uint32_t(acc) + uint32_t(rows.rowSums[m]) * uint32_t(t.beta[j]) -
                                     uint32_t(rows.alpha[m]) * uint32_t(t.colTerm[j]));
        }
    }
}

// ---- AVX-512 VNNI versions ----

#define KILN_VNNI KILN_TARGET_AVX512_VNNI

inline __mmask16 mask16(int64_t n) {
    return n >= 16 ? __mmask16(0xFFFF) : n <= 0 ? __mmask16(0) : __mmask16((1u << n) - 1);
}
inline __mmask64 mask64(int64_t n) {
    return n >= 64 ? ~__mmask64(0) : n <= 0 ? __mmask64(0) : (__mmask64(1) << n) - 1;
}

// needSums = false: the caller's B terms have no beta (signed B with zero points 0), so the row sums
// are never read. Unsigned A whose K is whole groups of 4 is read in place (the kernels take any
// row stride); then only the sums are computed, and only when needed.
KILN_VNNI void packRowsVnni(int64_t M, int64_t K, const Int8Operand& a, const Scratch& s, PackedRows& rows,
                            bool needSums = true) {
    const int64_t stride = (K + 3) / 4 * 4;
    const int32_t shift = a.isSigned ? 128 : 0;
    const __m512i flip = _mm512_set1_epi8(a.isSigned ? char(0x80) : 0);
    const auto* src = static_cast<const uint8_t*>(a.data);
    rows.anyAlpha = false;
    if (!a.isSigned && K % 4 == 0) {
        for (int64_t m = 0; m < M; ++m) {
            if (needSums) {
                __m512i sums = _mm512_setzero_si512();
                for (int64_t k = 0; k < K; k += 64)
                    sums = _mm512_add_epi64(
                        sums, _mm512_sad_epu8(_mm512_maskz_loadu_epi8(mask64(K - k), src + m * a.ld + k),
                                              _mm512_setzero_si512()));
                s.rowSums[m] = int32_t(_mm512_reduce_add_epi64(sums));
            }
            s.alpha[m] = zeroAt(a, m);
            rows.anyAlpha |= s.alpha[m] != 0;
        }
        rows.data = src;
        rows.stride = a.ld;
        rows.rowSums = s.rowSums;
        rows.alpha = s.alpha;
        return;
    }
    for (int64_t m = 0; m < M; ++m) {
        __m512i sums = _mm512_setzero_si512();
        for (int64_t k = 0; k < stride; k += 64) {
            const __mmask64 valid = mask64(K - k);
            const __m512i x = _mm512_maskz_mov_epi8(
                valid, _mm512_xor_si512(_mm512_maskz_loadu_epi8(valid, src + m * a.ld + k), flip));
            _mm512_mask_storeu_epi8(s.a + m * stride + k, mask64(stride - k), x);
            sums = _mm512_add_epi64(sums, _mm512_sad_epu8(x, _mm512_setzero_si512()));
        }
        s.rowSums[m] = int32_t(_mm512_reduce_add_epi64(sums));
        s.alpha[m] = int32_t(uint32_t(shift) + uint32_t(zeroAt(a, m)));
        rows.anyAlpha |= s.alpha[m] != 0;
    }
    rows.data = s.a;
    rows.stride = stride;
    rows.rowSums = s.rowSums;
    rows.alpha = s.alpha;
}

// Columns [n0, n0 + 64) of B into one panel. Each K-group's four rows are loaded as whole vectors
// and interleaved in registers: the byte and word unpacks work within 128-bit lanes, so vector j
// holds columns 16L + 4j .. 16L + 4j + 3 in lane L; two rounds of lane shuffles (a 4 x 4 transpose
// of the lanes) put the columns back in order.
KILN_VNNI void packPanelVnni(int64_t K, int64_t N, const Int8Operand& b, int64_t n0, int8_t* panel,
                             int32_t* colSums) {
    static_assert(kNR == 64, "the interleave below produces 64-column panels");
    const int64_t kGroups = (K + 3) / 4;
    const __m512i flip = _mm512_set1_epi8(b.isSigned ? 0 : char(0x80));
    const __m512i ones = _mm512_set1_epi8(1);
    const __mmask64 valid = mask64(N - n0);
    const auto* src = static_cast<const uint8_t*>(b.data) + n0;
    __m512i s0 = _mm512_setzero_si512(), s1 = s0, s2 = s0, s3 = s0;
    for (int64_t g = 0; g < kGroups; ++g) {
        __m512i r[4];
        for (int i = 0; i < 4; ++i) {
            const int64_t k = 4 * g + i;
            r[i] = k < K ? _mm512_maskz_mov_epi8(
                               valid, _mm512_xor_si512(_mm512_maskz_loadu_epi8(valid, src + k * b.ld), flip))
                         : _mm512_setzero_si512();
        }
        const __m512i t0 = _mm512_unpacklo_epi8(r[0], r[1]), t1 = _mm512_unpackhi_epi8(r[0], r[1]);
        const __m512i t2 = _mm512_unpacklo_epi8(r[2], r[3]), t3 = _mm512_unpackhi_epi8(r[2], r[3]);
        const __m512i o0 = _mm512_unpacklo_epi16(t0, t2), o1 = _mm512_unpackhi_epi16(t0, t2);
        const __m512i o2 = _mm512_unpacklo_epi16(t1, t3), o3 = _mm512_unpackhi_epi16(t1, t3);
        const __m512i u0 = _mm512_shuffle_i32x4(o0, o1, 0x44), u1 = _mm512_shuffle_i32x4(o2, o3, 0x44);
        const __m512i u2 = _mm512_shuffle_i32x4(o0, o1, 0xEE), u3 = _mm512_shuffle_i32x4(o2, o3, 0xEE);
        const __m512i x0 = _mm512_shuffle_i32x4(u0, u1, 0x88), x1 = _mm512_shuffle_i32x4(u0, u1, 0xDD);
        const __m512i x2 = _mm512_shuffle_i32x4(u2, u3, 0x88), x3 = _mm512_shuffle_i32x4(u2, u3, 0xDD);
        int8_t* dst = panel + g * kGroupBytes;
        _mm512_storeu_si512(dst, x0);
        _mm512_storeu_si512(dst + 64, x1);
        _mm512_storeu_si512(dst + 128, x2);
        _mm512_storeu_si512(dst + 192, x3);
        s0 = _mm512_dpbusd_epi32(s0, ones, x0);
        s1 = _mm512_dpbusd_epi32(s1, ones, x1);
        s2 = _mm512_dpbusd_epi32(s2, ones, x2);
        s3 = _mm512_dpbusd_epi32(s3, ones, x3);
    }
    _mm512_storeu_si512(colSums, s0);
    _mm512_storeu_si512(colSums + 16, s1);
    _mm512_storeu_si512(colSums + 32, s2);
    _mm512_storeu_si512(colSums + 48, s3);
}

// One MR x (16 * NV) tile of C over a whole panel. Loops over MR and NV have constant bounds and are
// unrolled, so the accumulators stay in zmm registers (MR * NV <= 24, plus NV loads and a broadcast).
template <int MR, int NV>
KILN_VNNI void microKernel(const uint8_t* a, int64_t lda, const int32_t* rowSums, const int32_t* alpha,
                           const int8_t* panel, int64_t kGroups, const PanelTerms& t, bool anyAlpha,
                           int32_t* c, int64_t ldc, const __mmask16* masks) {
    __m512i acc[MR][NV];
#pragma GCC unroll 6
    for (int r = 0; r < MR; ++r)
#pragma GCC unroll 4
        for (int v = 0; v < NV; ++v) acc[r][v] = _mm512_setzero_si512();
    for (int64_t g = 0; g < kGroups; ++g) {
        const int8_t* bp = panel + g * kGroupBytes;
        __m512i bv[NV];
#pragma GCC unroll 4
        for (int v = 0; v < NV; ++v) bv[v] = _mm512_loadu_si512(bp + 64 * v);
#pragma GCC unroll 6
        for (int r = 0; r < MR; ++r) {
            int32_t quad;
            std::memcpy(&quad, a + r * lda + 4 * g, 4);
            const __m512i av = _mm512_set1_epi32(quad);
#pragma GCC unroll 4
            for (int v = 0; v < NV; ++v) acc[r][v] = _mm512_dpbusd_epi32(acc[r][v], av, bv[v]);
        }
    }
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) {
        const __m512i beta = _mm512_load_si512(t.beta + 16 * v),
                      colTerm = _mm512_load_si512(t.colTerm + 16 * v);
#pragma GCC unroll 6
        for (int r = 0; r < MR; ++r) {
            __m512i x = acc[r][v];
            if (t.anyBeta) x = _mm512_add_epi32(x, _mm512_mullo_epi32(_mm512_set1_epi32(rowSums[r]), beta));
            if (anyAlpha) x = _mm512_sub_epi32(x, _mm512_mullo_epi32(_mm512_set1_epi32(alpha[r]), colTerm));
            _mm512_mask_storeu_epi32(c + r * ldc + 16 * v, masks[v], x);
        }
    }
}

template <int NV>
KILN_VNNI void rowBlocks(const PackedRows& rows, int64_t M, const int8_t* panel, int64_t kGroups,
                         const PanelTerms& t, int32_t* c, int64_t ldc, const __mmask16* masks) {
    for (int64_t m = 0; m < M; m += kMR) {
        const uint8_t* a = rows.data + m * rows.stride;
        const int32_t *sums = rows.rowSums + m, *alpha = rows.alpha + m;
        int32_t* ct = c + m * ldc;
        // clang-format off
        switch (std::min(kMR, M - m)) {
#define KILN_ROWS_CASE(R) \
    case R: microKernel<R, NV>(a, rows.stride, sums, alpha, panel, kGroups, t, rows.anyAlpha, ct, ldc, masks); break;
            KILN_ROWS_CASE(1) KILN_ROWS_CASE(2) KILN_ROWS_CASE(3)
            KILN_ROWS_CASE(4) KILN_ROWS_CASE(5) KILN_ROWS_CASE(6)
#undef KILN_ROWS_CASE
        }
        // clang-format on
    }
}

KILN_VNNI void panelRowsVnni(const PackedRows& rows, int64_t M, const int8_t* panel, int64_t kGroups,
                             const PanelTerms& t, int32_t* c, int64_t ldc, int64_t nr) {
    const __mmask16 masks[4] = {mask16(nr), mask16(nr - 16), mask16(nr - 32), mask16(nr - 48)};
    if (nr <= 16)
        rowBlocks<1>(rows, M, panel, kGroups, t, c, ldc, masks);
    else if (nr <= 32)
        rowBlocks<2>(rows, M, panel, kGroups, t, c, ldc, masks);
    else if (nr <= 48)
        rowBlocks<3>(rows, M, panel, kGroups, t, c, ldc, masks);
    else
        rowBlocks<4>(rows, M, panel, kGroups, t, c, ldc, masks);
}

#undef KILN_VNNI

struct CacheEntry {
    Tensor weights;  // keeps the storage (and so the key) alive
    const void* key;
    int64_t K, N, offset;
    std::shared_ptr<const PackedInt8B> packed;
};
constexpr size_t kMaxCacheBytes = size_t(256) << 20;

}  // namespace

bool int8VnniEnabled() {
    return avx512Enabled() && vnniFlag().load(std::memory_order_relaxed);
}
void setInt8VnniEnabled(bool on) {
    vnniFlag() = on && detectVnni();
}

void gemmInt8Reference(int64_t M, int64_t N, int64_t K, const Int8Operand& a, const Int8Operand& b,
                       int32_t* c, int64_t ldc) {
    for (int64_t m = 0; m < M; ++m) {
        const int32_t za = zeroAt(a, m);
        for (int64_t n = 0; n < N; ++n) {
            const int32_t zb = zeroAt(b, n);
            int32_t acc = 0;
            for (int64_t k = 0; k < K; ++k)
                acc += (load8(a.data, a.isSigned, m * a.ld + k) - za) *
                       (load8(b.data, b.isSigned, k * b.ld + n) - zb);
            c[m * ldc + n] = acc;
        }
    }
}

void gemmInt8(int64_t M, int64_t N, int64_t K, const Int8Operand& a, const Int8Operand& b, int32_t* c,
              int64_t ldc) {
    if (M <= 0 || N <= 0) return;
    if (!int8VnniEnabled()) {
        gemmInt8Reference(M, N, K, a, b, c, ldc);
        return;
    }
    const int64_t kGroups = (K + 3) / 4;
    const Scratch s = scratchFor(M, kGroups, true);
    PackedRows rows;
    packRowsVnni(M, K, a, s, rows);
    PanelTerms t;
    for (int64_t n0 = 0; n0 < N; n0 += kNR) {
        const int64_t nr = std::min(kNR, N - n0);
        packPanelVnni(K, N, b, n0, s.panel, s.colSums);
        panelTerms(t, s.colSums, K, b.isSigned, b.zero, b.zeroPerLine, n0, nr);
        panelRowsVnni(rows, M, s.panel, kGroups, t, c + n0, ldc, nr);
    }
}

std::shared_ptr<const PackedInt8B> packInt8B(int64_t K, int64_t N, const Int8Operand& b) {
    auto packed = std::make_shared<PackedInt8B>();
    packed->K = K;
    packed->N = N;
    packed->isSigned = b.isSigned;
    const int64_t panels = packed->panels(), kGroups = packed->kGroups();
    packed->data.resize(size_t(panels * kGroups * kGroupBytes));
    packed->colSums.resize(size_t(panels * kNR));
    const bool vnni = int8VnniEnabled();
    for (int64_t p = 0; p < panels; ++p) {
        int8_t* panel = packed->data.data() + p * kGroups * kGroupBytes;
        int32_t* sums = packed->colSums.data() + p * kNR;
        if (vnni)
            packPanelVnni(K, N, b, p * kNR, panel, sums);
        else
            packPanelPlain(K, N, b, p * kNR, panel, sums);
    }
    return packed;
}

std::shared_ptr<const PackedInt8B> packedInt8Weights(const Tensor& weights, int64_t K, int64_t N,
                                                     int64_t offset) {
    if (weights.dtype() != DataType::Int8 && weights.dtype() != DataType::UInt8)
        fail(ErrorKind::InvalidArgument, "packedInt8Weights: expected int8 or uint8 weights, got ",
             dataTypeName(weights.dtype()));
    if (offset < 0 || K < 0 || N < 0 || offset + K * N > weights.numel())
        fail(ErrorKind::InvalidArgument, "packedInt8Weights: ", K, " x ", N, " from element ", offset,
             " exceeds the tensor's ", weights.numel(), " elements");
    static std::mutex mutex;
    static std::list<CacheEntry>* cache = new std::list<CacheEntry>;  // most recent first; never destroyed
    static size_t cachedBytes = 0;
    const void* key = weights.raw();
    {
        std::lock_guard<std::mutex> lock(mutex);
        for (auto it = cache->begin(); it != cache->end(); ++it) {
            if (it->key == key && it->K == K && it->N == N && it->offset == offset &&
                it->weights.sharesStorageWith(weights) && it->weights.dtype() == weights.dtype()) {
                cache->splice(cache->begin(), *cache, it);
                return it->packed;
            }
        }
    }
    Int8Operand b;
    b.data = static_cast<const uint8_t*>(weights.raw()) + offset;
    b.isSigned = weights.dtype() == DataType::Int8;
    b.ld = N;
    auto packed = packInt8B(K, N, b);
    const size_t bytes = packed->data.size() + packed->colSums.size() * sizeof(int32_t);
    std::lock_guard<std::mutex> lock(mutex);
    cache->push_front({weights, key, K, N, offset, packed});
    cachedBytes += bytes;
    while (cachedBytes > kMaxCacheBytes && cache->size() > 1) {
        cachedBytes -=
            cache->back().packed->data.size() + cache->back().packed->colSums.size() * sizeof(int32_t);
        cache->pop_back();
    }
    return packed;
}

void gemmInt8Packed(int64_t M, const Int8Operand& a, const PackedInt8B& b, const int32_t* bZero,
                    bool bZeroPerLine, int32_t* c, int64_t ldc, int64_t n0, int64_t n1) {
    if (n1 < 0) n1 = b.N;
    if (n0 % kNR != 0 || n0 < 0 || n1 > b.N)
        fail(ErrorKind::InvalidArgument, "gemmInt8Packed: columns [", n0, ", ", n1, ") of ", b.N,
             " (the first must be a multiple of ", kNR, ")");
    if (M <= 0 || n0 >= n1) return;
    const int64_t kGroups = b.kGroups();
    const bool vnni = int8VnniEnabled();
    const Scratch s = scratchFor(M, kGroups, false);
    PackedRows rows;
    // The row sums are read only where a column's beta (128 for unsigned B, minus its zero point) is non-zero.
    bool needSums = !b.isSigned;
    if (bZero && !bZeroPerLine) needSums = needSums || bZero[0] != 0;
    for (int64_t j = n0; !needSums && bZero && bZeroPerLine && j < n1; ++j) needSums = bZero[j] != 0;
    if (vnni)
        packRowsVnni(M, b.K, a, s, rows, needSums);
    else
        packRowsPlain(M, b.K, a, s, rows);
    PanelTerms t;
    for (int64_t p0 = n0; p0 < n1; p0 += kNR) {
        const int64_t nr = std::min(kNR, n1 - p0), p = p0 / kNR;
        const int8_t* panel = b.data.data() + p * kGroups * kGroupBytes;
        panelTerms(t, b.colSums.data() + p * kNR, b.K, b.isSigned, bZero, bZeroPerLine, p0, nr);
        if (vnni)
            panelRowsVnni(rows, M, panel, kGroups, t, c + p0, ldc, nr);
        else
            panelRowsPlain(rows, M, panel, kGroups, t, c + p0, ldc, nr);
    }
}

namespace {

// Calls fn(m0, m1, n0, n1) over tasks of whole panels of columns, then blocks of rows.
template <typename Fn>
void splitTasks(int64_t M, int64_t N, int64_t K, const Fn& fn) {
    const int64_t panels = (N + kNR - 1) / kNR, rowBlocks = (M + kMR - 1) / kMR;
    const int64_t want = 3 * parallelThreads();
    const int64_t colChunks = std::clamp<int64_t>(want, 1, panels);
    const int64_t rowChunks = std::clamp<int64_t>((want + colChunks - 1) / colChunks, 1, rowBlocks);
    const int64_t panelsPerChunk = (panels + colChunks - 1) / colChunks;
    const int64_t rowsPerChunk = (rowBlocks + rowChunks - 1) / rowChunks * kMR;
    const int64_t macsPerTask = rowsPerChunk * panelsPerChunk * kNR * std::max<int64_t>(K, 1);
    parallelFor(colChunks * rowChunks, grainFor(kGrainMacs, macsPerTask), [&](int64_t begin, int64_t end) {
        for (int64_t t = begin; t < end; ++t) {
            const int64_t rc = t / colChunks, cc = t % colChunks;
            const int64_t m0 = rc * rowsPerChunk, m1 = std::min(M, m0 + rowsPerChunk);
            const int64_t n0 = cc * panelsPerChunk * kNR, n1 = std::min(N, n0 + panelsPerChunk * kNR);
            if (m0 < m1 && n0 < n1) fn(m0, m1, n0, n1);
        }
    });
}

// The operand's rows from `first` on (A's rows, or B's columns when `columns`).
Int8Operand shifted(const Int8Operand& o, int64_t first, bool columns) {
    Int8Operand r = o;
    r.data = static_cast<const uint8_t*>(o.data) + (columns ? first : first * o.ld);
    if (o.zero && o.zeroPerLine) r.zero = o.zero + first;
    return r;
}

}  // namespace

void gemmInt8Parallel(int64_t M, int64_t N, int64_t K, const Int8Operand& a, const Int8Operand& b, int32_t* c,
                      int64_t ldc) {
    if (M <= 0 || N <= 0) return;
    splitTasks(M, N, K, [&](int64_t m0, int64_t m1, int64_t n0, int64_t n1) {
        gemmInt8(m1 - m0, n1 - n0, K, shifted(a, m0, false), shifted(b, n0, true), c + m0 * ldc + n0, ldc);
    });
}

void gemmInt8PackedParallel(int64_t M, const Int8Operand& a, const PackedInt8B& b, const int32_t* bZero,
                            bool bZeroPerLine, int32_t* c, int64_t ldc) {
    if (M <= 0 || b.N <= 0) return;
    splitTasks(M, b.N, b.K, [&](int64_t m0, int64_t m1, int64_t n0, int64_t n1) {
        gemmInt8Packed(m1 - m0, shifted(a, m0, false), b, bZero, bZeroPerLine, c + m0 * ldc, ldc, n0, n1);
    });
}

}  // namespace kiln::cpu
