// kiln_bench_fp32_gemm: Kiln's fp32 GEMM (gemm.h: the AVX-512 kernel of gemm_avx512.h, or GEMV /
// OpenBLAS where gemm<float> sends the call) against OpenBLAS's sgemm on the transformer shapes of
// the model zoo, one thread (a program that prints numbers, never a test). The call is the one
// MatMul, FusedMatMul and Gemm (no transB, no C) make for A[M, K] x B[K, N] with B the weights.
// For each M x N x K it prints GFLOP/s (2·M·N·K per product) of the best run and of the best
// round's median, alternating the two GEMMs round by round (the machine may be shared: best of
// rounds), and the fraction of the machine's measured fp32 FMA peak (one core, 512-bit FMAs).
// Usage: kiln_bench_fp32_gemm [--seconds S] [--rounds R] [MxNxK ...]
// benchmarks/bench_fp32_gemm_ort.py times ONNX Runtime's MatMul (MLAS) on the same shapes.
#include <immintrin.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "engine_core/common/parallel.h"
#include "kernels/cpu/gemm.h"
#include "kernels/cpu/gemm_avx512.h"
#include "kernels/cpu/isa.h"

using namespace kiln;
using namespace kiln::cpu;

namespace {

using Clock = std::chrono::steady_clock;

struct Shape {
    int64_t M, N, K;
};

struct Timing {
    double best = 1e30, median = 1e30;  // seconds; best over rounds of each round's best / median
};

// Runs fn repeatedly for about `seconds` (at least 3 times) and folds its best and median into t.
void timeInto(Timing& t, const std::function<void()>& fn, double seconds) {
    std::vector<double> samples;
    const auto start = Clock::now();
    while (samples.size() < 3 ||
           (std::chrono::duration<double>(Clock::now() - start).count() < seconds && samples.size() < 100000)) {
        const auto t0 = Clock::now();
        fn();
        samples.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
    }
    std::sort(samples.begin(), samples.end());
    t.best = std::min(t.best, samples.front());
    t.median = std::min(t.median, samples[samples.size() / 2]);
}

// Peak fp32 FLOP/s of one core: 16 independent chains of 512-bit FMAs (enough to cover the FMA
// latency on any AVX-512 core), best of a few tries.
#if KILN_HAVE_AVX512_TARGET
KILN_TARGET_AVX512 __attribute__((noinline)) float fmaChains(int64_t iterations) {
    const __m512 x = _mm512_set1_ps(0.999999f), y = _mm512_set1_ps(1e-7f);
#define KILN_CHAIN(i) __m512 a##i = _mm512_set1_ps(float(i) * 1e-3f);
    KILN_CHAIN(0) KILN_CHAIN(1) KILN_CHAIN(2) KILN_CHAIN(3) KILN_CHAIN(4) KILN_CHAIN(5) KILN_CHAIN(6) KILN_CHAIN(7)
    KILN_CHAIN(8) KILN_CHAIN(9) KILN_CHAIN(10) KILN_CHAIN(11) KILN_CHAIN(12) KILN_CHAIN(13) KILN_CHAIN(14) KILN_CHAIN(15)
#undef KILN_CHAIN
    for (int64_t it = 0; it < iterations; ++it) {
#define KILN_STEP(i) a##i = _mm512_fmadd_ps(a##i, x, y);
        KILN_STEP(0) KILN_STEP(1) KILN_STEP(2) KILN_STEP(3) KILN_STEP(4) KILN_STEP(5) KILN_STEP(6) KILN_STEP(7)
        KILN_STEP(8) KILN_STEP(9) KILN_STEP(10) KILN_STEP(11) KILN_STEP(12) KILN_STEP(13) KILN_STEP(14) KILN_STEP(15)
#undef KILN_STEP
    }
    const __m512 s = _mm512_add_ps(
        _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)),
                      _mm512_add_ps(_mm512_add_ps(a4, a5), _mm512_add_ps(a6, a7))),
        _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(a8, a9), _mm512_add_ps(a10, a11)),
                      _mm512_add_ps(_mm512_add_ps(a12, a13), _mm512_add_ps(a14, a15))));
    alignas(64) float lanes[16];
    _mm512_store_ps(lanes, s);
    return lanes[0] + lanes[15];
}

double peakGflops() {
    const int64_t iterations = 20'000'000;
    double best = 1e30;
    volatile float sink = 0;
    for (int tryIndex = 0; tryIndex < 5; ++tryIndex) {
        const auto t0 = Clock::now();
        sink = sink + fmaChains(iterations);
        best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
    }
    return double(iterations) * 16 * 16 * 2 / best * 1e-9;
}
#else
double peakGflops() { return 0; }
#endif

bool parseShape(const std::string& s, Shape& out) {
    long long m, n, k;
    char x1, x2;
    if (std::sscanf(s.c_str(), "%lld%c%lld%c%lld", &m, &x1, &n, &x2, &k) != 5 || x1 != 'x' || x2 != 'x')
        return false;
    out = {m, n, k};
    return m > 0 && n > 0 && k > 0;
}

// The path gemm<float> takes for a plain product (gemm.h's dispatch, in the same order).
const char* kilnPath(const Shape& s) {
    if (s.M >= 4 && s.N >= 16 && avx512Enabled()) return "avx512";
    if (s.N == 1 && s.M > 1) return "gemv";
    if (s.M == 1 && s.N >= 64) return "gemv";
    return "openblas";
}

}  // namespace

int main(int argc, char** argv) {
    double seconds = 0.3;
    int rounds = 3;
    std::vector<Shape> shapes;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        Shape s;
        if (arg == "--seconds" && i + 1 < argc) {
            seconds = std::atof(argv[++i]);
        } else if (arg == "--rounds" && i + 1 < argc) {
            rounds = std::max(1, std::atoi(argv[++i]));
        } else if (parseShape(arg, s)) {
            shapes.push_back(s);
        } else {
            std::fprintf(stderr, "usage: kiln_bench_fp32_gemm [--seconds S] [--rounds R] [MxNxK ...]\n");
            return 2;
        }
    }
    if (shapes.empty()) {
        // ViT-B/16 (197 tokens), BERT-base (128 tokens), a batch of tokens, one token; GPT-2's LM head.
        for (int64_t m : {1, 128, 197, 1024})
            for (int64_t n : {768, 2304, 3072}) shapes.push_back({m, n, 768});
        for (int64_t m : {1, 128, 197, 1024}) shapes.push_back({m, 768, 3072});
        for (int64_t m : {1, 4, 8}) shapes.push_back({m, 50257, 768});
    }
    setNumThreads(1);
    const double peak = peakGflops();
    std::printf("fp32 path: %s; one thread; fp32 FMA peak (measured): %.1f GFLOP/s; %d rounds of %.2f s\n",
                avx512Enabled() ? "AVX-512" : "OpenBLAS", peak, rounds, seconds);
    std::printf("GFLOP/s, best / best median; %% = best of the kiln GEMM / peak\n");
    std::printf("%-18s %-8s %15s %15s %15s %6s %8s\n", "M x N x K", "path", "kiln", "kiln packB", "openblas",
                "%peak", "kiln/obl");
    std::mt19937 rng(1);
    std::uniform_real_distribution<float> dist(-1.f, 1.f);
    for (const Shape& s : shapes) {
        std::vector<float> a(size_t(s.M * s.K)), b(size_t(s.K * s.N)), c(size_t(s.M * s.N)), c2(c.size());
        for (float& v : a) v = dist(rng);
        for (float& v : b) v = dist(rng);
        auto kiln = [&] {
            gemm<float>(false, false, s.M, s.N, s.K, 1.f, a.data(), s.K, b.data(), s.N, 0.f, c.data(), s.N);
        };
        const auto packedB = packMatrixB(b.data(), s.K, s.N, s.N);
        std::vector<float> c3(c.size());
        auto kilnPacked = [&] { gemmAvx512PackedB(false, s.M, a.data(), s.K, *packedB, c3.data(), s.N); };
        auto blas = [&] {
            cpu::detail::blasGemm<float>(false, false, s.M, s.N, s.K, 1.f, a.data(), s.K, b.data(), s.N, 0.f, c2.data(),
                                    s.N);
        };
        kiln();  // warm-up: scratch, page faults
        blas();
        if (avx512Enabled()) kilnPacked();
        // The packed-B kernel must give gemmAvx512's bits (same FMA chain per output).
        const bool packedSame = !avx512Enabled() || s.M < 4 || std::memcmp(c.data(), c3.data(), c.size() * sizeof(float)) == 0;
        double maxDiff = 0, maxRef = 0;
        for (size_t i = 0; i < c.size(); ++i) {
            maxDiff = std::max(maxDiff, double(std::abs(c[i] - c2[i])));
            maxRef = std::max(maxRef, double(std::abs(c2[i])));
        }
        Timing tk, tb, tp;
        for (int r = 0; r < rounds; ++r) {
            timeInto(tk, kiln, seconds);
            if (avx512Enabled()) timeInto(tp, kilnPacked, seconds);
            timeInto(tb, blas, seconds);
        }
        const double flops = 2.0 * double(s.M) * double(s.N) * double(s.K);
        auto gf = [&](double t) { return flops / t * 1e-9; };
        char name[48];
        std::snprintf(name, sizeof name, "%lldx%lldx%lld", (long long)s.M, (long long)s.N, (long long)s.K);
        std::printf("%-18s %-8s %7.1f/%-7.1f %7.1f/%-7.1f %7.1f/%-7.1f %5.0f%% %7.2fx%s%s\n", name, kilnPath(s),
                    gf(tk.best), gf(tk.median), gf(tp.best), gf(tp.median), gf(tb.best), gf(tb.median),
                    peak > 0 ? 100 * gf(tk.best) / peak : 0.0, tk.best / tb.best,
                    maxDiff > 1e-4 * std::max(1.0, maxRef) ? "  MISMATCH vs OpenBLAS" : "",
                    packedSame ? "" : "  packB differs from gemmAvx512");
        std::fflush(stdout);
    }
    std::printf("kiln/obl = kiln time / OpenBLAS time (below 1: Kiln faster)\n");
    return 0;
}
