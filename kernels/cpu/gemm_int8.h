// Integer GEMM for Kiln's int8 layers (MatMulInteger, QLinearMatMul, ConvInteger, QLinearConv and
// the int8 layers the builder folds Q/DQ pairs into):
//   C[m, n] = sum_k (A[m, k] - aZero[m]) * (B[k, n] - bZero[n])   (int32 accumulation)
// A and B are 8-bit, each signed (int8) or unsigned (uint8) as ONNX allows, row-major with leading
// dimensions. Zero points follow ONNX: A's per tensor (one value) or per row (M values), B's per tensor
// or per column (N values); nullptr means 0. The contract is exact integer arithmetic: every path
// (the plain loop, AVX-512 VNNI where the CPU has it) gives the same int32 results.
#pragma once

#include <cstdint>

namespace kiln::cpu {

struct Int8Operand {
    const void* data = nullptr;  // uint8_t* or int8_t*
    bool isSigned = false;       // int8 when true, uint8 otherwise
    int64_t ld = 0;              // leading dimension (elements)
    const int32_t* zero = nullptr;  // zero point(s) already widened to int32; nullptr = 0
    bool zeroPerLine = false;       // A: one per row (M values); B: one per column (N values)
};

// C[M, N] (leading dimension ldc) = (A - aZero) · (B - bZero). Serial: callers split the work
// (e.g. over rows with parallelFor); safe to call from several threads on disjoint rows of C.
void gemmInt8(int64_t M, int64_t N, int64_t K, const Int8Operand& a, const Int8Operand& b, int32_t* c, int64_t ldc);

// The plain loop (the reference every faster path is tested against).
void gemmInt8Reference(int64_t M, int64_t N, int64_t K, const Int8Operand& a, const Int8Operand& b, int32_t* c,
                       int64_t ldc);

}  // namespace kiln::cpu
