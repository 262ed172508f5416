// Row-major GEMM used by MatMul, Gemm, Einsum, Conv and ConvTranspose: Kiln's AVX-512 kernel
// (gemm_avx512.h) for plain fp32 products on CPUs that have it, else OpenBLAS for float32/float64,
// a plain loop for the integer types ONNX allows. OpenBLAS runs single-threaded; Kiln splits the
// output over its own thread pool (engine_core/common/parallel.h), which stays fast on a busy machine
// and lets several execution contexts run GEMMs at once without oversubscribing the cores.
#pragma once

#include <cblas.h>

#include <algorithm>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "engine_core/common/parallel.h"
#include "kernels/cpu/gemm_avx512.h"

namespace kiln::cpu {

namespace detail {
// OpenBLAS's OpenMP build sizes its team from the calling thread's OpenMP setting, so every thread
// that calls BLAS (the caller and each pool worker) must ask for one thread, once.
inline void blasSingleThreaded() {
    thread_local bool done = false;
    if (!done) {
        openblas_set_num_threads(1);
        done = true;
    }
}

template <typename T>
void blasGemm(bool transA, bool transB, int64_t M, int64_t N, int64_t K, T alpha, const T* A, int64_t lda,
              const T* B, int64_t ldb, T beta, T* C, int64_t ldc) {
    blasSingleThreaded();
    if constexpr (std::is_same_v<T, float>) {
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    blasint(M), blasint(N), blasint(K), alpha, A, blasint(lda), B, blasint(ldb), beta, C,
                    blasint(ldc));
    } else {
        cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    blasint(M), blasint(N), blasint(K), alpha, A, blasint(lda), B, blasint(ldb), beta, C,
                    blasint(ldc));
    }
}
// y[0, n) = alpha * op(B) x + beta * y for one output row: B is K x n (row-major, !transB: y = Bᵀx)
// or n x K (transB: y = B x), x has stride incx.
template <typename T>
void blasGemv(bool transB, int64_t K, int64_t n, T alpha, const T* B, int64_t ldb, const T* x, int64_t incx, T beta,
              T* y, int64_t incy = 1) {
    blasSingleThreaded();
    // Row-major: with transB, B is [n, K] and y = B·x (NoTrans); without, B is [K, n] and y = Bᵀ·x.
    const CBLAS_TRANSPOSE t = transB ? CblasNoTrans : CblasTrans;
    const blasint rows = blasint(transB ? n : K), cols = blasint(transB ? K : n);
    if constexpr (std::is_same_v<T, float>)
        cblas_sgemv(CblasRowMajor, t, rows, cols, alpha, B, blasint(ldb), x, blasint(incx), beta, y, blasint(incy));
    else
        cblas_dgemv(CblasRowMajor, t, rows, cols, alpha, B, blasint(ldb), x, blasint(incx), beta, y, blasint(incy));
}
}  // namespace detail

// C[M,N] = alpha * op(A)[M,K] * op(B)[K,N] + beta * C, row-major with leading dimensions.
template <typename T>
void gemm(bool transA, bool transB, int64_t M, int64_t N, int64_t K, T alpha, const T* A, int64_t lda,
          const T* B, int64_t ldb, T beta, T* C, int64_t ldc) {
    if (M <= 0 || N <= 0) return;
    if (K <= 0) {
        // BLAS implementations differ on K == 0; the math says C = beta * C.
        for (int64_t i = 0; i < M; ++i)
            for (int64_t j = 0; j < N; ++j) C[i * ldc + j] = beta == T(0) ? T(0) : T(beta * C[i * ldc + j]);
        return;
    }
    if constexpr (std::is_same_v<T, float>) {
        // Kiln's AVX-512 kernel for the plain product (the case of MatMul and most Gemm and Conv
        // calls); transposed B, scaling and accumulation stay with OpenBLAS.
        if (!transB && alpha == 1.f && beta == 0.f && M >= 4 && N >= 16 && avx512Enabled()) {
            gemmAvx512(transA, M, N, K, A, lda, B, ldb, C, ldc);
            return;
        }
    }
    if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
        // One column (a 1x1 convolution on a 1x1 image, squeeze-and-excitation): C = op(A) · b.
        // OpenBLAS's small-matrix GEMM kernels allocate on every call; GEMV does not.
        if (N == 1 && M > 1) {
            const int64_t bStride = transB ? 1 : ldb;
            parallelFor(M, 128, [&](int64_t i0, int64_t i1) {
                detail::blasGemv(!transA, K, i1 - i0, alpha, transA ? A + i0 : A + i0 * lda, lda, B, bStride, beta,
                                 C + i0 * ldc, ldc);
            });
            return;
        }
        // One row of a wide output (a classifier at batch 1): a matrix-vector product. BLAS's GEMM
        // packs all of B for it on every call (a 1000x1024 Linear took 0.55 ms that way), GEMV
        // streams B once; the columns are split over the threads. The row may differ in its last
        // bits from the same row computed in a batch (docs/cpu-kernels.md, "Batch split"); narrow
        // outputs, where GEMM costs little, keep GEMM and so agree bit for bit.
        if (M == 1 && N >= 64) {
            const int64_t xStride = transA ? lda : 1;
            parallelFor(N, 128, [&](int64_t j0, int64_t j1) {
                detail::blasGemv(transB, K, j1 - j0, alpha, transB ? B + j0 * ldb : B + j0, ldb, A, xStride, beta,
                                 C + j0);
            });
            return;
        }
        // Split the larger output dimension into slabs, each a GEMM of its own; small products run whole.
        const double flops = 2.0 * double(M) * double(N) * double(K);
        if (flops < 2e6 || parallelThreads() <= 1) {
            detail::blasGemm(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
        } else if (M >= N) {
            parallelFor(M, 16, [&](int64_t i0, int64_t i1) {
                const T* a = transA ? A + i0 : A + i0 * lda;
                detail::blasGemm(transA, transB, i1 - i0, N, K, alpha, a, lda, B, ldb, beta, C + i0 * ldc, ldc);
            });
        } else {
            parallelFor(N, 64, [&](int64_t j0, int64_t j1) {
                const T* b = transB ? B + j0 * ldb : B + j0;
                detail::blasGemm(transA, transB, M, j1 - j0, K, alpha, A, lda, b, ldb, beta, C + j0, ldc);
            });
        }
    } else {
        // Integer path: i-k-j order so the inner loop walks rows of B and C contiguously (no-trans case).
        std::vector<T> row(static_cast<size_t>(N));
        for (int64_t i = 0; i < M; ++i) {
            std::fill(row.begin(), row.end(), T(0));
            for (int64_t k = 0; k < K; ++k) {
                T a = transA ? A[k * lda + i] : A[i * lda + k];
                if (a == T(0)) continue;
                if (!transB) {
                    const T* b = B + k * ldb;
                    for (int64_t j = 0; j < N; ++j) row[size_t(j)] += a * b[j];
                } else {
                    for (int64_t j = 0; j < N; ++j) row[size_t(j)] += a * B[j * ldb + k];
                }
            }
            T* c = C + i * ldc;
            for (int64_t j = 0; j < N; ++j)
                c[j] = T(alpha * row[size_t(j)] + (beta == T(0) ? T(0) : T(beta * c[j])));
        }
    }
}

}  // namespace kiln::cpu
