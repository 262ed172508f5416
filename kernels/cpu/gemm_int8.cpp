// Integer GEMM (gemm_int8.h). Today the plain loop serves every call; the AVX-512 VNNI path
// (vpdpbusd: uint8 x int8 -> int32, with the sign and zero-point corrections of the other cases)
// is chosen at run time where the CPU has it.
#include "kernels/cpu/gemm_int8.h"

namespace kiln::cpu {

namespace {
inline int32_t load8(const void* p, bool isSigned, int64_t i) {
    return isSigned ? int32_t(static_cast<const int8_t*>(p)[i]) : int32_t(static_cast<const uint8_t*>(p)[i]);
}
inline int32_t zeroAt(const Int8Operand& o, int64_t i) {
    if (!o.zero) return 0;
    return o.zeroPerLine ? o.zero[i] : o.zero[0];
}
}  // namespace

void gemmInt8Reference(int64_t M, int64_t N, int64_t K, const Int8Operand& a, const Int8Operand& b, int32_t* c,
                       int64_t ldc) {
    for (int64_t m = 0; m < M; ++m) {
        const int32_t za = zeroAt(a, m);
        for (int64_t n = 0; n < N; ++n) {
            const int32_t zb = zeroAt(b, n);
            int32_t acc = 0;
            for (int64_t k = 0; k < K; ++k)
                acc += (load8(a.data, a.isSigned, m * a.ld + k) - za) * (load8(b.data, b.isSigned, k * b.ld + n) - zb);
            c[m * ldc + n] = acc;
        }
    }
}

void gemmInt8(int64_t M, int64_t N, int64_t K, const Int8Operand& a, const Int8Operand& b, int32_t* c, int64_t ldc) {
    gemmInt8Reference(M, N, K, a, b, c, ldc);
}

}  // namespace kiln::cpu
