// kiln_bench_int8_gemm: the int8 GEMM (gemm_int8.h) against Kiln's fp32 AVX-512 GEMM
// (gemm.h / gemm_avx512.h) on conv- and BERT-like shapes, one thread (a program that prints
// numbers, never a test). For each M x N x K it prints the best and median GOP/s (2·M·N·K per
// product) of:
//   int8        gemmInt8: uint8 A (zero point 128) x int8 B, both packed per call
//   int8 packB  gemmInt8Packed: B packed once (constant weights, packedInt8Weights)
//   fp32        gemm<float> (Kiln's AVX-512 kernel, A packed per call)
//   fp32 packA  gemmPackedAvx512: A packed once (the conv path's cached weights)
// --conv-signs: int8 A (weights, zero point 0) x uint8 B (activations, zero point 128) instead, the
// operands of a QLinearConv whose weights are A: both operands shifted, both corrections applied.
// Usage: kiln_bench_int8_gemm [--seconds S] [--conv-signs] [MxNxK ...]; KILN_CPU_ISA=avx512 times the
// plain int8 loop.
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
#include "kernels/cpu/gemm_int8.h"
#include "kernels/cpu/isa.h"

using namespace kiln;
using namespace kiln::cpu;

namespace {

struct Shape {
    int64_t M, N, K;
};

struct Timing {
    double best = 0, median = 0;  // seconds
};

// Runs fn repeatedly for about `seconds` (at least 3 times) and returns its best and median time.
Timing timeIt(const std::function<void()>& fn, double seconds) {
    using Clock = std::chrono::steady_clock;
    fn();  // warm-up: packing caches, page faults
    std::vector<double> samples;
    const auto start = Clock::now();
    while (samples.size() < 3 || (std::chrono::duration<double>(Clock::now() - start).count() < seconds &&
                                  samples.size() < 10000)) {
        const auto t0 = Clock::now();
        fn();
        samples.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
    }
    std::sort(samples.begin(), samples.end());
    return {samples.front(), samples[samples.size() / 2]};
}

bool parseShape(const std::string& s, Shape& out) {
    long long m, n, k;
    char x1, x2;
    if (std::sscanf(s.c_str(), "%lld%c%lld%c%lld", &m, &x1, &n, &x2, &k) != 5 || x1 != 'x' || x2 != 'x')
        return false;
    out = {m, n, k};
    return m > 0 && n > 0 && k > 0;
}

}  // namespace

int main(int argc, char** argv) {
    double seconds = 1.0;
    bool convSigns = false;
    std::vector<Shape> shapes;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        Shape s;
        if (arg == "--seconds" && i + 1 < argc) {
            seconds = std::atof(argv[++i]);
        } else if (arg == "--conv-signs") {
            convSigns = true;
        } else if (parseShape(arg, s)) {
            shapes.push_back(s);
        } else {
            std::fprintf(stderr, "usage: kiln_bench_int8_gemm [--seconds S] [--conv-signs] [MxNxK ...]\n");
            return 2;
        }
    }
    if (shapes.empty())
        shapes = {{64, 3136, 576},   // ResNet-50 conv2_x 3x3 (weights as A, im2col as B)
                  {256, 196, 2304},  // ResNet-50 conv4_x 3x3
                  {128, 768, 768},   // BERT-base attention projection, 128 tokens
                  {128, 3072, 768},  // BERT-base FFN up
                  {128, 768, 3072},  // BERT-base FFN down
                  {1, 1000, 2048}};  // ResNet-50 classifier at batch 1
    setNumThreads(1);
    std::printf("int8 path: %s; fp32 path: %s; one thread; int8 operands: %s\n",
                int8VnniEnabled() ? "AVX-512 VNNI" : "plain loop", avx512Enabled() ? "AVX-512" : "OpenBLAS",
                convSigns ? "int8 A x uint8 B (zero point 128)" : "uint8 A (zero point 128) x int8 B");
    std::printf("GOP/s, best / median of the runs\n");
    std::printf("%-16s %15s %15s %15s %15s %8s %8s\n", "M x N x K", "int8", "int8 packB", "fp32",
                "fp32 packA", "x call", "x packed");
    std::mt19937 rng(1);
    for (const Shape& s : shapes) {
        std::vector<uint8_t> a8(size_t(s.M * s.K));
        std::vector<int8_t> b8(size_t(s.K * s.N));
        std::vector<float> af(a8.size()), bf(b8.size()), cf(size_t(s.M * s.N));
        std::vector<int32_t> c32(size_t(s.M * s.N));
        for (size_t i = 0; i < a8.size(); ++i) af[i] = float(a8[i] = uint8_t(rng())) / 255.f;
        for (size_t i = 0; i < b8.size(); ++i) bf[i] = float(b8[i] = int8_t(rng())) / 127.f;
        const int32_t zero = 128;
        const Int8Operand a{a8.data(), convSigns, s.K, convSigns ? nullptr : &zero, false};
        const Int8Operand b{b8.data(), !convSigns, s.N, convSigns ? &zero : nullptr, false};
        const auto packedB = packInt8B(s.K, s.N, b);
        const auto packedA = packMatrixA(af.data(), s.M, s.K, s.K);
        const double ops = 2.0 * double(s.M) * double(s.N) * double(s.K);
        const Timing int8 = timeIt([&] { gemmInt8(s.M, s.N, s.K, a, b, c32.data(), s.N); }, seconds);
        const Timing int8Packed =
            timeIt([&] { gemmInt8Packed(s.M, a, *packedB, b.zero, false, c32.data(), s.N); }, seconds);
        const Timing fp32 = timeIt(
            [&] {
                gemm<float>(false, false, s.M, s.N, s.K, 1.f, af.data(), s.K, bf.data(), s.N, 0.f, cf.data(),
                            s.N);
            },
            seconds);
        Timing fp32Packed;
        if (avx512Enabled())
            fp32Packed =
                timeIt([&] { gemmPackedAvx512(*packedA, 0, s.M, bf.data(), s.N, s.N, cf.data(), s.N, {}); },
                       seconds);
        auto gops = [&](double t) { return t > 0 ? ops / t * 1e-9 : 0.0; };
        char name[48];
        std::snprintf(name, sizeof name, "%lldx%lldx%lld", (long long)s.M, (long long)s.N, (long long)s.K);
        // x call: gemm<float> time / gemmInt8 time (both pack per call); x packed: the faster fp32
        // form's time / gemmInt8Packed time (weights packed once).
        const double fp32Best = fp32Packed.best > 0 ? std::min(fp32.best, fp32Packed.best) : fp32.best;
        std::printf("%-16s %7.1f/%-7.1f %7.1f/%-7.1f %7.1f/%-7.1f %7.1f/%-7.1f %7.2fx %7.2fx\n", name,
                    gops(int8.best), gops(int8.median), gops(int8Packed.best), gops(int8Packed.median),
                    gops(fp32.best), gops(fp32.median), gops(fp32Packed.best), gops(fp32Packed.median),
                    fp32.best / int8.best, fp32Best / int8Packed.best);
    }
    std::printf(
        "x call = fp32 / int8 time, both packing per call; x packed = best fp32 / int8 with B packed once\n");
    return 0;
}
