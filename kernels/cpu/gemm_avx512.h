// Kiln's own fp32 GEMM for convolutions on CPUs with AVX-512: C = epilogue(A · B) where A (the
// weights, M x K) is packed once into panels of kGemmMR rows and cached, and B (the im2col columns
// or, for a 1x1 conv, the image itself) is read in place. The epilogue (bias per row, residual,
// activation) is applied in registers before the store, so the output is written once and never
// cleared first. Used by the blocked conv (conv.cpp) when the CPU has AVX-512 (checked at run time);
// elsewhere the conv runs on OpenBLAS.
// The same micro-kernel also runs MatMul / Gemm with constant weights as B, packed once into
// column panels (PackedMatrixB below): the transformers' Linear layers.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "engine_core/ir/tensor.h"
#include "kernels/cpu/epilogue.h"
#include "kernels/cpu/isa.h"

namespace kiln::cpu {

constexpr int64_t kGemmMR = 8;   // rows per packed panel of A
constexpr int64_t kGemmNR = 48;  // columns per micro-tile: three 16-float vectors

// Packed A: panel p holds rows [p*MR, p*MR + MR) as data[(p * K + k) * MR + r]; rows past M are zero.
struct PackedMatrix {
    int64_t M = 0, K = 0;
    std::vector<float> data;
};

// Packs rows [0, M) x [0, K) of A (leading dimension lda); transA: A is stored K x M.
std::shared_ptr<const PackedMatrix> packMatrixA(const float* a, int64_t M, int64_t K, int64_t lda, bool transA = false);
// The packed form of a constant weight tensor viewed as M x K (rows of K), cached by storage: the
// same weights in the next inference are not packed again. The cache holds a reference to the
// tensor, so its storage (and the key) stays valid; it keeps the most recent entries up to a bound.
std::shared_ptr<const PackedMatrix> packedWeights(const Tensor& weights, int64_t M, int64_t K, int64_t rowOffset = 0);

// C[m * ldc + p] = epilogue(sum_k A[m, k] * B[k * ldb + p]) for m in [m0, m1), p in [0, P).
// ep.bias is indexed by m - m0, ep.z like C with ep.ldz. Serial (callers split the work).
void gemmPackedAvx512(const PackedMatrix& a, int64_t m0, int64_t m1, const float* b, int64_t ldb, int64_t P,
                      float* c, int64_t ldc, const EpilogueParams& ep);

// C[M, N] = op(A)[M, K] · B[K, N] (row-major, leading dimensions), split over the thread pool:
// A is packed for the call, B is read in place. The general GEMM of gemm.h routes here on AVX-512.
void gemmAvx512(bool transA, int64_t M, int64_t N, int64_t K, const float* a, int64_t lda, const float* b,
                int64_t ldb, float* c, int64_t ldc);

// Packed B (a constant weight [K, N], or [N, K] with transB): column panel j holds columns
// [j*NR, j*NR + NR) as data[(j * K + k) * NR + c], zero-padded past N, so the micro-kernel reads B
// contiguously (no strided rows, no TLB walk per row) and in K blocks that stay in cache.
struct PackedMatrixB {
    int64_t K = 0, N = 0;
    std::vector<float> data;
};
std::shared_ptr<const PackedMatrixB> packMatrixB(const float* b, int64_t K, int64_t N, int64_t ldb, bool transB = false);
// The packed form of a constant 2-D weight tensor, cached by storage as packedWeights (up to 1 GiB
// of packed weights; nullptr once that is full: the caller then reads the weight in place). Only
// for tensors whose contents never change (a node's constant input).
std::shared_ptr<const PackedMatrixB> packedWeightsB(const Tensor& weights, bool transB = false);
// The limit of that cache in bytes (default 1 GiB); returns the previous one. For tests.
size_t setPackedWeightsBLimit(size_t bytes);

// C[M, N] = op(A)[M, K] · B (+ bias[N] per column when given, added to the finished sum), B
// packed, split over the thread pool. Each output is the same chain of FMAs over k as gemmAvx512's.
// `post` (its bias must be null): y = act(y + z) on each task's block right after its sums are
// complete, while the block is still in cache (kiln::FusedMatMul's residual and activation); z is
// [M, N] with leading dimension post->ldz.
void gemmAvx512PackedB(bool transA, int64_t M, const float* a, int64_t lda, const PackedMatrixB& b, float* c,
                       int64_t ldc, const float* bias = nullptr, const EpilogueParams* post = nullptr);

}  // namespace kiln::cpu
