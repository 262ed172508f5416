// The thread pool's hand-over cost (Google Benchmark): an empty parallelFor, and a 128 KiB
// element-wise loop (tiny_cnn's activation size) run whole on the caller vs split over the pool.
// docs/cpu-kernels.md ("Threads") quotes it. Pool size: KILN_BENCH_THREADS (default 2).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <vector>

#include "engine_core/common/parallel.h"

namespace {

int poolThreads() {
    const char* v = std::getenv("KILN_BENCH_THREADS");
    return v && std::atoi(v) > 0 ? std::atoi(v) : 2;
}

void scale(float* a, int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) a[i] = a[i] * 1.0001f + 0.5f;
}

void BM_EmptyParallelFor(benchmark::State& state) {
    kiln::setNumThreads(poolThreads());
    for (auto _ : state) kiln::parallelFor(2, 1, [](int64_t, int64_t) {});
}
BENCHMARK(BM_EmptyParallelFor);

// 32768 floats: on one thread, or in two (or more) halves that each stay in their core's cache.
void BM_Elementwise128K(benchmark::State& state) {
    kiln::setNumThreads(poolThreads());
    std::vector<float> a(32768, 1.f);
    const bool split = state.range(0) != 0;
    for (auto _ : state) {
        if (split)
            kiln::parallelFor(int64_t(a.size()), int64_t(a.size()) / kiln::numThreads(),
                              [&](int64_t b, int64_t e) { scale(a.data(), b, e); });
        else
            scale(a.data(), 0, int64_t(a.size()));
        benchmark::DoNotOptimize(a.data());
    }
}
BENCHMARK(BM_Elementwise128K)->Arg(0)->Arg(1)->ArgName("split");

}  // namespace

BENCHMARK_MAIN();
