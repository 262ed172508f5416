#include "kernels/cpu/gemm_avx512.h"

#include <immintrin.h>


#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <list>
#include <mutex>

#include "engine_core/common/parallel.h"

// GCC 12 reports _mm512_max_ps/_mm512_min_ps (their _mm512_undefined_ps pass-through operand) as
// "may be used uninitialized" once inlined into the micro-kernel: a known false positive.
// Every header is included above, so this covers only this file's code.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace kiln::cpu {

namespace {


bool detectAvx512() {
    const char* isa = std::getenv("KILN_CPU_ISA");
    if (isa && std::strcmp(isa, "baseline") == 0) return false;
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq");
}

std::atomic<bool>& avx512Flag() {
    static std::atomic<bool> flag{detectAvx512()};
    return flag;
}

#define KILN_AVX512 KILN_TARGET_AVX512

// Activations done in registers; the rest are applied to the stored tile by applyEpilogueBlock.
bool activationInRegisters(fused::Activation a) {
    return a == fused::Activation::None || a == fused::Activation::Relu || a == fused::Activation::LeakyRelu ||
           a == fused::Activation::Clip || a == fused::Activation::HardSwish || a == fused::Activation::HardSigmoid;
}

KILN_AVX512 inline __m512 activate(__m512 v, fused::Activation a, float p0, float p1) {
    switch (a) {
        case fused::Activation::Relu: return _mm512_max_ps(v, _mm512_setzero_ps());
        case fused::Activation::LeakyRelu: {
            const __mmask16 neg = _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_LT_OQ);
            return _mm512_mask_mul_ps(v, neg, v, _mm512_set1_ps(p0));
        }
        case fused::Activation::Clip: {
            // NaN stays NaN (as fused::applyActivation): max/min return the second operand on NaN.
            __m512 r = _mm512_min_ps(_mm512_max_ps(v, _mm512_set1_ps(p0)), _mm512_set1_ps(p1));
            const __mmask16 nan = _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q);
            return _mm512_mask_mov_ps(r, nan, v);
        }
        // NaN stays NaN (as fused::applyActivation and the plain op): min/max return their second
        // operand on NaN, so the NaN lanes are put back. HardSwish gives NaN · 1 = NaN anyway.
        case fused::Activation::HardSigmoid: {
            const __m512 t = _mm512_fmadd_ps(v, _mm512_set1_ps(p0), _mm512_set1_ps(p1));
            const __m512 r = _mm512_max_ps(_mm512_min_ps(t, _mm512_set1_ps(1.f)), _mm512_setzero_ps());
            return _mm512_mask_mov_ps(r, _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q), v);
        }
        case fused::Activation::HardSwish: {
            const __m512 t = _mm512_add_ps(_mm512_div_ps(v, _mm512_set1_ps(6.f)), _mm512_set1_ps(0.5f));
            return _mm512_mul_ps(v, _mm512_max_ps(_mm512_min_ps(t, _mm512_set1_ps(1.f)), _mm512_setzero_ps()));
        }
        default: return v;
    }
}

// One MR x (16 * NV) tile: rows [0, mr) of the panel, columns [0, 16 * NV) of B masked by k0..k2
// (NV = 3 for whole 48-column tiles; a tail of 16 or 32 columns runs the narrower copies instead of
// multiplying zeros). The accumulators are named variables so they stay in registers through the K
// loop (an array indexed after the loop made GCC keep them on the stack); they go through a stack
// tile once, for the epilogue.
template <int NV>
KILN_AVX512 void microKernel(const float* panel, int64_t K, const float* b, int64_t ldb, float* c, int64_t ldc,
                             int64_t mr, __mmask16 k0, __mmask16 k1, __mmask16 k2, const EpilogueParams& ep,
                             const float* bias, const float* z, bool inRegisters) {
#define KILN_ACC_ROW(r) __m512 c##r##0 = _mm512_setzero_ps(), c##r##1 = _mm512_setzero_ps(), c##r##2 = _mm512_setzero_ps();
    KILN_ACC_ROW(0) KILN_ACC_ROW(1) KILN_ACC_ROW(2) KILN_ACC_ROW(3)
    KILN_ACC_ROW(4) KILN_ACC_ROW(5) KILN_ACC_ROW(6) KILN_ACC_ROW(7)
#undef KILN_ACC_ROW
    for (int64_t k = 0; k < K; ++k) {
        const float* brow = b + k * ldb;
        const __m512 b0 = _mm512_maskz_loadu_ps(k0, brow);
        const __m512 b1 = NV > 1 ? _mm512_maskz_loadu_ps(k1, brow + 16) : _mm512_setzero_ps();
        const __m512 b2 = NV > 2 ? _mm512_maskz_loadu_ps(k2, brow + 32) : _mm512_setzero_ps();
        const float* a = panel + k * kGemmMR;
#define KILN_FMA_ROW(r)                                                    \
    {                                                                      \
        const __m512 av = _mm512_set1_ps(a[r]);                            \
        c##r##0 = _mm512_fmadd_ps(av, b0, c##r##0);                        \
        if constexpr (NV > 1) c##r##1 = _mm512_fmadd_ps(av, b1, c##r##1);  \
        if constexpr (NV > 2) c##r##2 = _mm512_fmadd_ps(av, b2, c##r##2);  \
    }
        KILN_FMA_ROW(0) KILN_FMA_ROW(1) KILN_FMA_ROW(2) KILN_FMA_ROW(3)
        KILN_FMA_ROW(4) KILN_FMA_ROW(5) KILN_FMA_ROW(6) KILN_FMA_ROW(7)
#undef KILN_FMA_ROW
    }
    alignas(64) float tile[kGemmMR][kGemmNR];
#define KILN_STORE_ROW(r)                     \
    _mm512_store_ps(tile[r], c##r##0);        \
    _mm512_store_ps(tile[r] + 16, c##r##1);   \
    _mm512_store_ps(tile[r] + 32, c##r##2);
    KILN_STORE_ROW(0) KILN_STORE_ROW(1) KILN_STORE_ROW(2) KILN_STORE_ROW(3)
    KILN_STORE_ROW(4) KILN_STORE_ROW(5) KILN_STORE_ROW(6) KILN_STORE_ROW(7)
#undef KILN_STORE_ROW
    const __mmask16 masks[3] = {k0, k1, k2};
    for (int64_t r = 0; r < mr; ++r) {
        float* crow = c + r * ldc;
        const __m512 bv = _mm512_set1_ps(bias ? bias[r] : 0.f);
        for (int v = 0; v < NV; ++v) {
            if (!masks[v]) continue;
            __m512 x = _mm512_add_ps(_mm512_load_ps(tile[r] + 16 * v), bv);
            if (z) x = _mm512_add_ps(x, _mm512_maskz_loadu_ps(masks[v], z + r * ep.ldz + 16 * v));
            if (inRegisters) x = activate(x, ep.activation, ep.p0, ep.p1);
            _mm512_mask_storeu_ps(crow + 16 * v, masks[v], x);
        }
    }
}

inline __mmask16 tailMask(int64_t n) { return n >= 16 ? __mmask16(0xFFFF) : n <= 0 ? __mmask16(0) : __mmask16((1u << n) - 1); }

struct CacheEntry {
    Tensor weights;  // keeps the storage (and so the key) alive
    const void* key;
    int64_t M, K, rowOffset;
    std::shared_ptr<const PackedMatrix> packed;
};

constexpr size_t kMaxCacheBytes = size_t(256) << 20;

}  // namespace

bool avx512Enabled() { return avx512Flag().load(std::memory_order_relaxed); }
void setAvx512Enabled(bool on) { avx512Flag() = on && detectAvx512(); }

// Rows [0, M) x [0, K) of A in panels of kGemmMR rows, k-major within a panel (zero-padded).
void packPanels(float* out, const float* a, int64_t M, int64_t K, int64_t lda, bool transA) {
    const int64_t panels = (M + kGemmMR - 1) / kGemmMR;
    std::fill(out, out + panels * K * kGemmMR, 0.f);
    for (int64_t p = 0; p < panels; ++p) {
        float* dst = out + p * K * kGemmMR;
        for (int64_t r = 0; r < kGemmMR && p * kGemmMR + r < M; ++r) {
            const int64_t m = p * kGemmMR + r;
            if (transA) {
                for (int64_t k = 0; k < K; ++k) dst[k * kGemmMR + r] = a[k * lda + m];
            } else {
                const float* src = a + m * lda;
                for (int64_t k = 0; k < K; ++k) dst[k * kGemmMR + r] = src[k];
            }
        }
    }
}

std::shared_ptr<const PackedMatrix> packMatrixA(const float* a, int64_t M, int64_t K, int64_t lda, bool transA) {
    auto packed = std::make_shared<PackedMatrix>();
    packed->M = M;
    packed->K = K;
    packed->data.resize(size_t((M + kGemmMR - 1) / kGemmMR * K * kGemmMR));
    packPanels(packed->data.data(), a, M, K, lda, transA);
    return packed;
}

std::shared_ptr<const PackedMatrix> packedWeights(const Tensor& weights, int64_t M, int64_t K, int64_t rowOffset) {
    static std::mutex mutex;
    static std::list<CacheEntry>* cache = new std::list<CacheEntry>;  // most recent first; never destroyed
    static size_t cachedBytes = 0;
    const void* key = weights.raw();
    {
        std::lock_guard<std::mutex> lock(mutex);
        for (auto it = cache->begin(); it != cache->end(); ++it) {
            if (it->key == key && it->M == M && it->K == K && it->rowOffset == rowOffset &&
                it->weights.sharesStorageWith(weights)) {
                cache->splice(cache->begin(), *cache, it);
                return it->packed;
            }
        }
    }
    auto packed = packMatrixA(weights.data<float>() + rowOffset * K, M, K, K);
    const size_t bytes = packed->data.size() * sizeof(float);
    std::lock_guard<std::mutex> lock(mutex);
    cache->push_front({weights, key, M, K, rowOffset, packed});
    cachedBytes += bytes;
    while (cachedBytes > kMaxCacheBytes && cache->size() > 1) {
        cachedBytes -= cache->back().packed->data.size() * sizeof(float);
        cache->pop_back();
    }
    return packed;
}

namespace {

KILN_AVX512 void gemmPanels(const float* panels, int64_t K, int64_t m0, int64_t m1, const float* b, int64_t ldb,
                            int64_t P, float* c, int64_t ldc, const EpilogueParams& ep) {
    const bool inRegisters = activationInRegisters(ep.activation);
    // m0 is a multiple of kGemmMR for every caller (panels are never split).
    for (int64_t p0 = 0; p0 < P; p0 += kGemmNR) {
        const int64_t nr = std::min(kGemmNR, P - p0);
        const __mmask16 k0 = tailMask(nr), k1 = tailMask(nr - 16), k2 = tailMask(nr - 32);
        for (int64_t m = m0; m < m1; m += kGemmMR) {
            const int64_t mr = std::min(kGemmMR, m1 - m);
            const float* panel = panels + (m / kGemmMR) * K * kGemmMR;
            float* ct = c + (m - m0) * ldc + p0;
            const float* bias = ep.bias ? ep.bias + (m - m0) : nullptr;
            const float* z = ep.z ? ep.z + (m - m0) * ep.ldz + p0 : nullptr;
            if (nr <= 16)
                microKernel<1>(panel, K, b + p0, ldb, ct, ldc, mr, k0, k1, k2, ep, bias, z, inRegisters);
            else if (nr <= 32)
                microKernel<2>(panel, K, b + p0, ldb, ct, ldc, mr, k0, k1, k2, ep, bias, z, inRegisters);
            else
                microKernel<3>(panel, K, b + p0, ldb, ct, ldc, mr, k0, k1, k2, ep, bias, z, inRegisters);
            if (!inRegisters) {
                EpilogueParams act;
                act.activation = ep.activation;
                act.p0 = ep.p0;
                act.p1 = ep.p1;
                applyEpilogueBlock(ct, ldc, mr, nr, act);
            }
        }
    }
}

}  // namespace

void gemmPackedAvx512(const PackedMatrix& a, int64_t m0, int64_t m1, const float* b, int64_t ldb, int64_t P, float* c,
                      int64_t ldc, const EpilogueParams& ep) {
    gemmPanels(a.data.data(), a.K, m0, m1, b, ldb, P, c, ldc, ep);
}

// ---- B packed once (constant weights of MatMul / Gemm) ------------------------------------------

// Column panel j of B holds columns [j*NR, j*NR + NR) as data[(j * K + k) * NR + c]; columns past N
// are zero. transB: B is stored N x K.
void packPanelsB(float* out, const float* b, int64_t K, int64_t N, int64_t ldb, bool transB, int64_t j0, int64_t j1) {
    for (int64_t j = j0; j < j1; ++j) {
        float* dst = out + j * K * kGemmNR;
        const int64_t n0 = j * kGemmNR, w = std::min(kGemmNR, N - n0);
        for (int64_t k = 0; k < K; ++k) {
            float* row = dst + k * kGemmNR;
            if (transB) {
                for (int64_t c = 0; c < w; ++c) row[c] = b[(n0 + c) * ldb + k];
            } else {
                std::memcpy(row, b + k * ldb + n0, size_t(w) * sizeof(float));
            }
            std::fill(row + w, row + kGemmNR, 0.f);
        }
    }
}

std::shared_ptr<const PackedMatrixB> packMatrixB(const float* b, int64_t K, int64_t N, int64_t ldb, bool transB) {
    auto packed = std::make_shared<PackedMatrixB>();
    packed->K = K;
    packed->N = N;
    const int64_t panels = (N + kGemmNR - 1) / kGemmNR;
    packed->data.resize(size_t(panels * K * kGemmNR));
    float* out = packed->data.data();
    parallelFor(panels, 1, [&](int64_t j0, int64_t j1) { packPanelsB(out, b, K, N, ldb, transB, j0, j1); });
    return packed;
}

namespace {

struct CacheEntryB {
    Tensor weights;  // keeps the storage (and so the key) alive
    const void* key;
    bool transB;
    std::shared_ptr<const PackedMatrixB> packed;
};

// Every constant weight of a BERT-base or GPT-2 fits; past it, weights run unpacked (see below).
std::atomic<size_t> maxCacheBytesB{size_t(1) << 30};

}  // namespace

size_t setPackedWeightsBLimit(size_t bytes) { return maxCacheBytesB.exchange(bytes); }

std::shared_ptr<const PackedMatrixB> packedWeightsB(const Tensor& weights, bool transB) {
    static std::mutex mutex;
    static std::list<CacheEntryB>* cache = new std::list<CacheEntryB>;  // most recent first; never destroyed
    static size_t cachedBytes = 0;
    const void* key = weights.raw();
    auto find = [&]() -> std::shared_ptr<const PackedMatrixB> {  // under the lock
        for (auto it = cache->begin(); it != cache->end(); ++it) {
            if (it->key == key && it->transB == transB && it->weights.sharesStorageWith(weights) &&
                it->weights.dims() == weights.dims()) {
                if (it != cache->begin()) cache->splice(cache->begin(), *cache, it);
                return it->packed;
            }
        }
        return nullptr;
    };
    const int64_t K = transB ? weights.dim(1) : weights.dim(0), N = transB ? weights.dim(0) : weights.dim(1);
    const size_t bytes = size_t((N + kGemmNR - 1) / kGemmNR * K * kGemmNR) * sizeof(float);
    {
        std::lock_guard<std::mutex> lock(mutex);
        if (auto hit = find()) return hit;
        // Entries whose weights only the cache still holds belong to released graphs and engines.
        for (auto it = cache->begin(); it != cache->end();) {
            if (it->weights.uniquelyOwned()) {
                cachedBytes -= it->packed->data.size() * sizeof(float);
                it = cache->erase(it);
            } else {
                ++it;
            }
        }
        // Full: this weight is not packed (the caller reads it in place, as before the cache). Evicting
        // an engine's other weights instead would repack them every inference once a model's
        // weights pass the limit (GPT-2 medium's 1.4 GB), slower than never packing.
        if (cachedBytes + bytes > maxCacheBytesB.load()) return nullptr;
    }
    auto packed = packMatrixB(weights.data<float>(), K, N, weights.dim(1), transB);
    std::lock_guard<std::mutex> lock(mutex);
    // Another execution context may have packed the same weight meanwhile: keep one copy.
    if (auto hit = find()) return hit;
    if (cachedBytes + bytes > maxCacheBytesB.load()) return nullptr;
    cache->push_front({weights, key, transB, packed});
    cachedBytes += bytes;
    return packed;
}

namespace {

// K block: a B panel's block (kKc x 48 floats, 144 KiB) stays in L2 while the row panels of the M
// block (kMc rows of A's block, 288 KiB) stream past it. Tuned with kiln_bench_fp32_gemm on a
// Zen 5 core (1 MiB L2): 768 x 96 beat 256 x 192 by 10-20 % at N = 3072 (fewer passes over C) and
// tied elsewhere.
constexpr int64_t kKc = 768, kMc = 96;

// One MR x (16 * NV) tile over one K block: A's panel (stride kGemmMR) and B's panel (stride
// kGemmNR) both contiguous. The accumulators start from C after the first K block, so every output
// is the same chain of FMAs k = 0, 1, ... as in one pass (the same bits as microKernel). The last
// block adds bias[column] (when given) once the sum is complete. Rows [0, mr) are stored.
template <int NV, int MR>
KILN_AVX512 void microKernelB(const float* pa, const float* pb, int64_t kc, float* c, int64_t ldc, int64_t mr,
                              __mmask16 k0, __mmask16 k1, __mmask16 k2, bool first, const float* bias) {
    const __m512 zero = _mm512_setzero_ps();
#define KILN_ACC_ROW(r) __m512 c##r##0 = zero, c##r##1 = zero, c##r##2 = zero;
    KILN_ACC_ROW(0) KILN_ACC_ROW(1) KILN_ACC_ROW(2) KILN_ACC_ROW(3)
    KILN_ACC_ROW(4) KILN_ACC_ROW(5) KILN_ACC_ROW(6) KILN_ACC_ROW(7)
#undef KILN_ACC_ROW
    if (!first) {
#define KILN_LOAD_ROW(r)                                                                  \
    if (MR > r && r < mr) {                                                               \
        c##r##0 = _mm512_maskz_loadu_ps(k0, c + r * ldc);                                 \
        if constexpr (NV > 1) c##r##1 = _mm512_maskz_loadu_ps(k1, c + r * ldc + 16);      \
        if constexpr (NV > 2) c##r##2 = _mm512_maskz_loadu_ps(k2, c + r * ldc + 32);      \
    }
        KILN_LOAD_ROW(0) KILN_LOAD_ROW(1) KILN_LOAD_ROW(2) KILN_LOAD_ROW(3)
        KILN_LOAD_ROW(4) KILN_LOAD_ROW(5) KILN_LOAD_ROW(6) KILN_LOAD_ROW(7)
#undef KILN_LOAD_ROW
    }
    for (int64_t k = 0; k < kc; ++k) {
        const float* brow = pb + k * kGemmNR;
        const __m512 b0 = _mm512_loadu_ps(brow);
        const __m512 b1 = NV > 1 ? _mm512_loadu_ps(brow + 16) : zero;
        const __m512 b2 = NV > 2 ? _mm512_loadu_ps(brow + 32) : zero;
        const float* a = pa + k * kGemmMR;
#define KILN_FMA_ROW(r)                                                    \
    if constexpr (MR > r) {                                                \
        const __m512 av = _mm512_set1_ps(a[r]);                            \
        c##r##0 = _mm512_fmadd_ps(av, b0, c##r##0);                        \
        if constexpr (NV > 1) c##r##1 = _mm512_fmadd_ps(av, b1, c##r##1);  \
        if constexpr (NV > 2) c##r##2 = _mm512_fmadd_ps(av, b2, c##r##2);  \
    }
        KILN_FMA_ROW(0) KILN_FMA_ROW(1) KILN_FMA_ROW(2) KILN_FMA_ROW(3)
        KILN_FMA_ROW(4) KILN_FMA_ROW(5) KILN_FMA_ROW(6) KILN_FMA_ROW(7)
#undef KILN_FMA_ROW
    }
    __m512 bias0 = zero, bias1 = zero, bias2 = zero;
    if (bias) {
        bias0 = _mm512_maskz_loadu_ps(k0, bias);
        if constexpr (NV > 1) bias1 = _mm512_maskz_loadu_ps(k1, bias + 16);
        if constexpr (NV > 2) bias2 = _mm512_maskz_loadu_ps(k2, bias + 32);
    }
#define KILN_STORE_ROW(r)                                                                                    \
    if (MR > r && r < mr) {                                                                                  \
        if (bias) {                                                                                          \
            c##r##0 = _mm512_add_ps(c##r##0, bias0);                                                         \
            if constexpr (NV > 1) c##r##1 = _mm512_add_ps(c##r##1, bias1);                                   \
            if constexpr (NV > 2) c##r##2 = _mm512_add_ps(c##r##2, bias2);                                   \
        }                                                                                                    \
        _mm512_mask_storeu_ps(c + r * ldc, k0, c##r##0);                                                     \
        if constexpr (NV > 1) _mm512_mask_storeu_ps(c + r * ldc + 16, k1, c##r##1);                          \
        if constexpr (NV > 2) _mm512_mask_storeu_ps(c + r * ldc + 32, k2, c##r##2);                          \
    }
    KILN_STORE_ROW(0) KILN_STORE_ROW(1) KILN_STORE_ROW(2) KILN_STORE_ROW(3)
    KILN_STORE_ROW(4) KILN_STORE_ROW(5) KILN_STORE_ROW(6) KILN_STORE_ROW(7)
#undef KILN_STORE_ROW
}

template <int NV>
KILN_AVX512 void microKernelBRows(const float* pa, const float* pb, int64_t kc, float* c, int64_t ldc, int64_t mr,
                                  __mmask16 k0, __mmask16 k1, __mmask16 k2, bool first, const float* bias) {
    if (mr > 4)
        microKernelB<NV, 8>(pa, pb, kc, c, ldc, mr, k0, k1, k2, first, bias);
    else if (mr > 2)
        microKernelB<NV, 4>(pa, pb, kc, c, ldc, mr, k0, k1, k2, first, bias);
    else if (mr > 1)
        microKernelB<NV, 2>(pa, pb, kc, c, ldc, mr, k0, k1, k2, first, bias);
    else
        microKernelB<NV, 1>(pa, pb, kc, c, ldc, mr, k0, k1, k2, first, bias);
}

// Rows [m0, m1) (m0 a multiple of kGemmMR) x B panels [j0, j1) of C = A·B (+ bias), A in panels.
KILN_AVX512 void gemmPanelsB(const float* panels, int64_t K, int64_t m0, int64_t m1, const PackedMatrixB& b,
                             int64_t j0, int64_t j1, float* c, int64_t ldc, const float* bias) {
    const int64_t N = b.N;
    // Blocks of even size: a short last block (197 rows = 96 + 96 + 5) would stream all of B's K
    // block once more for a few rows. M blocks of kMc to 2 * kMc - 1 rows, whole panels.
    const int64_t kBlocks = (K + kKc - 1) / kKc, kStep = (K + kBlocks - 1) / kBlocks;
    const int64_t mBlocks = std::max<int64_t>(1, (m1 - m0) / kMc);
    const int64_t mStep = ((m1 - m0 + mBlocks - 1) / mBlocks + kGemmMR - 1) / kGemmMR * kGemmMR;
    for (int64_t kb = 0; kb < K; kb += kStep) {
        const int64_t kc = std::min(kStep, K - kb);
        const bool first = kb == 0, last = kb + kc == K;
        for (int64_t mb = m0; mb < m1; mb += mStep) {
            const int64_t me = std::min(m1, mb + mStep);
            for (int64_t j = j0; j < j1; ++j) {
                const int64_t n0 = j * kGemmNR, nr = std::min(kGemmNR, N - n0);
                const __mmask16 k0 = tailMask(nr), k1 = tailMask(nr - 16), k2 = tailMask(nr - 32);
                const float* pb = b.data.data() + (j * K + kb) * kGemmNR;
                const float* colBias = last && bias ? bias + n0 : nullptr;
                for (int64_t m = mb; m < me; m += kGemmMR) {
                    const int64_t mr = std::min(kGemmMR, me - m);
                    const float* pa = panels + (m / kGemmMR) * K * kGemmMR + kb * kGemmMR;
                    float* ct = c + m * ldc + n0;
                    if (nr <= 16)
                        microKernelBRows<1>(pa, pb, kc, ct, ldc, mr, k0, k1, k2, first, colBias);
                    else if (nr <= 32)
                        microKernelBRows<2>(pa, pb, kc, ct, ldc, mr, k0, k1, k2, first, colBias);
                    else
                        microKernelBRows<3>(pa, pb, kc, ct, ldc, mr, k0, k1, k2, first, colBias);
                }
            }
        }
    }
}

}  // namespace

void gemmAvx512PackedB(bool transA, int64_t M, const float* a, int64_t lda, const PackedMatrixB& b, float* c,
                       int64_t ldc, const float* bias, const EpilogueParams* post) {
    const int64_t N = b.N, K = b.K;
    if (M <= 0 || N <= 0) return;
    const int64_t panels = (M + kGemmMR - 1) / kGemmMR;
    float* packed = threadScratchArray<float>(1, size_t(panels * K * kGemmMR));
    packPanels(packed, a, M, K, lda, transA);
    const int64_t threads = parallelThreads(), tiles = (N + kGemmNR - 1) / kGemmNR;
    const int64_t want = 3 * threads;
    const int64_t colChunks = std::clamp<int64_t>(want, 1, tiles);
    const int64_t panelChunks = std::clamp<int64_t>((want + colChunks - 1) / colChunks, 1, panels);
    const int64_t tilesPerChunk = (tiles + colChunks - 1) / colChunks;
    const int64_t panelsPerChunk = (panels + panelChunks - 1) / panelChunks;
    parallelFor(colChunks * panelChunks,
                grainFor(kGrainMacs, panelsPerChunk * kGemmMR * tilesPerChunk * kGemmNR * std::max<int64_t>(K, 1)),
                [&](int64_t begin, int64_t end) {
        for (int64_t t = begin; t < end; ++t) {
            const int64_t pc = t / colChunks, cc = t % colChunks;
            const int64_t m0 = pc * panelsPerChunk * kGemmMR, m1 = std::min(M, m0 + panelsPerChunk * kGemmMR);
            const int64_t j0 = cc * tilesPerChunk, j1 = std::min(tiles, j0 + tilesPerChunk);
            if (m0 >= m1 || j0 >= j1) continue;
            gemmPanelsB(packed, K, m0, m1, b, j0, j1, c, ldc, bias);
            if (post && !post->empty()) {
                const int64_t c0 = j0 * kGemmNR, c1 = std::min(N, j1 * kGemmNR);
                EpilogueParams ep = *post;
                if (ep.z) ep.z += m0 * ep.ldz + c0;
                applyEpilogueBlock(c + m0 * ldc + c0, ldc, m1 - m0, c1 - c0, ep);
            }
        }
    });
}

void gemmAvx512(bool transA, int64_t M, int64_t N, int64_t K, const float* a, int64_t lda, const float* b,
                int64_t ldb, float* c, int64_t ldc) {
    // A is an activation here (weights go through packedWeights): packed into this thread's scratch
    // (parallel.h), so a run allocates nothing.
    const int64_t panels = (M + kGemmMR - 1) / kGemmMR;
    float* packed = threadScratchArray<float>(1, size_t(panels * K * kGemmMR));
    packPanels(packed, a, M, K, lda, transA);
    // Column blocks of whole micro-tiles, and panel chunks, for about three tasks per thread.
    const int64_t threads = parallelThreads(), tiles = (N + kGemmNR - 1) / kGemmNR;
    const int64_t want = 3 * threads;
    const int64_t colChunks = std::clamp<int64_t>(want, 1, tiles);
    const int64_t panelChunks = std::clamp<int64_t>((want + colChunks - 1) / colChunks, 1, panels);
    const int64_t tilesPerChunk = (tiles + colChunks - 1) / colChunks;
    const int64_t panelsPerChunk = (panels + panelChunks - 1) / panelChunks;
    parallelFor(colChunks * panelChunks, grainFor(kGrainMacs, panelsPerChunk * kGemmMR * tilesPerChunk * kGemmNR * K),
                [&](int64_t begin, int64_t end) {
        for (int64_t t = begin; t < end; ++t) {
            const int64_t pc = t / colChunks, cc = t % colChunks;
            const int64_t m0 = pc * panelsPerChunk * kGemmMR, m1 = std::min(M, m0 + panelsPerChunk * kGemmMR);
            const int64_t c0 = cc * tilesPerChunk * kGemmNR, c1 = std::min(N, c0 + tilesPerChunk * kGemmNR);
            if (m0 >= m1 || c0 >= c1) continue;
            gemmPanels(packed, K, m0, m1, b + c0, ldb, c1 - c0, c + m0 * ldc + c0, ldc, {});
        }
    });
}

}  // namespace kiln::cpu
