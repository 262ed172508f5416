#include "engine_core/common/parallel.h"

#include <algorithm>
#include <thread>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace kiln {

namespace {
int gThreads = 0;
}

int numThreads() {
    if (gThreads <= 0) gThreads = std::max(1u, std::thread::hardware_concurrency());
    return gThreads;
}

void setNumThreads(int n) {
    gThreads = n > 0 ? n : int(std::max(1u, std::thread::hardware_concurrency()));
#ifdef _OPENMP
    omp_set_num_threads(gThreads);
#endif
}

void parallelFor(int64_t n, int64_t minPerThread, const std::function<void(int64_t, int64_t)>& fn) {
    if (n <= 0) return;
    int64_t threads = std::min<int64_t>(numThreads(), std::max<int64_t>(1, n / std::max<int64_t>(1, minPerThread)));
    if (threads <= 1) {
        fn(0, n);
        return;
    }
#ifdef _OPENMP
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int64_t t = 0; t < threads; ++t) {
        int64_t begin = n * t / threads;
        int64_t end = n * (t + 1) / threads;
        fn(begin, end);
    }
#else
    fn(0, n);
#endif
}

}  // namespace kiln
