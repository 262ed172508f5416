// Threading for CPU kernels. OpenMP underneath (OpenBLAS uses the same runtime), so the thread
// count set here also governs the BLAS calls.
#pragma once

#include <cstdint>
#include <functional>

namespace kiln {

int numThreads();
void setNumThreads(int n);  // <= 0: one per hardware thread

// Calls fn(begin, end) on disjoint chunks covering [0, n), in parallel when n >= minPerThread * 2.
// fn must not throw (errors are checked before the parallel region).
void parallelFor(int64_t n, int64_t minPerThread, const std::function<void(int64_t, int64_t)>& fn);

}  // namespace kiln
