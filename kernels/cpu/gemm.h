// Row-major GEMM used by MatMul, Gemm, Einsum, Conv and ConvTranspose: OpenBLAS for float32/float64
// (threaded through OpenMP), a plain loop for the integer types ONNX allows.
#pragma once

#include <cblas.h>

#include <algorithm>
#include <cstdint>
#include <type_traits>
#include <vector>

namespace kiln::cpu {

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
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    blasint(M), blasint(N), blasint(K), alpha, A, blasint(lda), B, blasint(ldb), beta, C,
                    blasint(ldc));
    } else if constexpr (std::is_same_v<T, double>) {
        cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    blasint(M), blasint(N), blasint(K), alpha, A, blasint(lda), B, blasint(ldb), beta, C,
                    blasint(ldc));
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
