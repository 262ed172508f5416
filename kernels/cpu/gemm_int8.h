// Integer GEMM for Kiln's int8 layers (MatMulInteger, QLinearMatMul, ConvInteger, QLinearConv and
// the int8 layers the builder folds Q/DQ pairs into):
//   C[m, n] = sum_k (A[m, k] - aZero[m]) * (B[k, n] - bZero[n])   (int32 accumulation)
// A and B are 8-bit, each signed (int8) or unsigned (uint8) as ONNX allows, row-major with leading
// dimensions. Zero points follow ONNX: A's per tensor (one value) or per row (M values), B's per tensor
// or per column (N values); nullptr means 0. The contract is exact integer arithmetic: every path
// (the plain loop, AVX-512 VNNI where the CPU has it) gives the same int32 results.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "engine_core/ir/tensor.h"

namespace kiln::cpu {

struct Int8Operand {
    const void* data = nullptr;     // uint8_t* or int8_t*
    bool isSigned = false;          // int8 when true, uint8 otherwise
    int64_t ld = 0;                 // leading dimension (elements)
    const int32_t* zero = nullptr;  // zero point(s) already widened to int32; nullptr = 0
    bool zeroPerLine = false;       // A: one per row (M values); B: one per column (N values)
};

// C[M, N] (leading dimension ldc) = (A - aZero) · (B - bZero). Serial: callers split the work
// (e.g. over rows with parallelFor); safe to call from several threads on disjoint rows of C.
// On AVX-512 VNNI CPUs (int8VnniEnabled(), isa.h) A is packed and B is packed one 64-column panel
// at a time into the calling thread's scratch (slot 1, parallel.h); elsewhere the plain loop runs.
void gemmInt8(int64_t M, int64_t N, int64_t K, const Int8Operand& a, const Int8Operand& b, int32_t* c,
              int64_t ldc);

// The plain loop (the reference every faster path is tested against).
void gemmInt8Reference(int64_t M, int64_t N, int64_t K, const Int8Operand& a, const Int8Operand& b,
                       int32_t* c, int64_t ldc);

// B packed for vpdpbusd (uint8 x int8 -> int32 over groups of 4 along K): panels of kInt8PanelCols
// columns, each panel ceil(K / 4) groups of [column][4 bytes of K]. Bytes hold B as int8: an unsigned
// B is stored as B - 128 (the kernel adds 128 · rowsum(A) back). Rows past K and columns past N are
// zero. colSums[n] = sum_k of the stored bytes. Zero points are not part of the packing: they come
// with each call, so one packing serves any zero point.
constexpr int64_t kInt8PanelCols = 64;
struct PackedInt8B {
    int64_t K = 0, N = 0;
    bool isSigned = false;
    std::vector<int8_t> data;      // panels * ceil(K / 4) * kInt8PanelCols * 4 bytes
    std::vector<int32_t> colSums;  // panels * kInt8PanelCols values
    int64_t panels() const { return (N + kInt8PanelCols - 1) / kInt8PanelCols; }
    int64_t kGroups() const { return (K + 3) / 4; }
};

// Packs B[K, N] (b.data, b.isSigned and b.ld; b.zero is ignored).
std::shared_ptr<const PackedInt8B> packInt8B(int64_t K, int64_t N, const Int8Operand& b);
// The packed form of a constant int8/uint8 weight tensor viewed as K x N (row-major, rows of N
// elements from element `offset`), cached by storage like packedWeights (gemm_avx512.h).
std::shared_ptr<const PackedInt8B> packedInt8Weights(const Tensor& weights, int64_t K, int64_t N,
                                                     int64_t offset = 0);

// Columns [n0, n1) of C[M, N] = (A - aZero) · (B - bZero) with B pre-packed (B's zero point(s) in
// bZero / bZeroPerLine as Int8Operand's, indexed by absolute column). n0 is a multiple of
// kInt8PanelCols (so threads can split the columns by panels); n1 = -1 means b.N. c points at column 0.
// Serial; any CPU (a plain loop over the packing without VNNI).
void gemmInt8Packed(int64_t M, const Int8Operand& a, const PackedInt8B& b, const int32_t* bZero,
                    bool bZeroPerLine, int32_t* c, int64_t ldc, int64_t n0 = 0, int64_t n1 = -1);

// gemmInt8 and gemmInt8Packed split over the thread pool (engine_core/common/parallel.h): first by
// column panels (each task packs only the B columns it reads; A's packing, M x K bytes, is repeated
// per task), then by row blocks, for about three tasks per thread. Serial inside another parallel
// loop, like every pool user.
void gemmInt8Parallel(int64_t M, int64_t N, int64_t K, const Int8Operand& a, const Int8Operand& b, int32_t* c,
                      int64_t ldc);
void gemmInt8PackedParallel(int64_t M, const Int8Operand& a, const PackedInt8B& b, const int32_t* bZero,
                            bool bZeroPerLine, int32_t* c, int64_t ldc);

}  // namespace kiln::cpu
