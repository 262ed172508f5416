// Instruction sets of the CPU kernels. The build targets baseline x86-64 (it must run on any
// machine); hot loops also get an AVX-512 copy, compiled with KILN_TARGET_AVX512 and picked at run
// time with avx512Enabled(). The pattern: the loop body is an always-inline template, called from
// a plain wrapper and from a KILN_TARGET_AVX512 wrapper, so GCC vectorizes the same code 16 wide.
#pragma once

#if defined(__x86_64__) && defined(__GNUC__)
#define KILN_TARGET_AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,fma")))
#define KILN_TARGET_AVX512_VNNI __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx512vnni,fma")))
#define KILN_HAVE_AVX512_TARGET 1
#else
#define KILN_TARGET_AVX512_VNNI
#define KILN_TARGET_AVX512
#define KILN_HAVE_AVX512_TARGET 0
#endif
#define KILN_ALWAYS_INLINE inline __attribute__((always_inline))

namespace kiln::cpu {

// True when the CPU and OS support AVX-512 F/VL/BW/DQ and the path is not disabled
// (KILN_CPU_ISA=baseline, or setAvx512Enabled(false) in tests).
bool avx512Enabled();
void setAvx512Enabled(bool on);

// True when avx512Enabled() and the CPU has AVX-512 VNNI (vpdpbusd, the int8 GEMM of gemm_int8.h),
// unless KILN_CPU_ISA=avx512 (AVX-512 without VNNI) or setInt8VnniEnabled(false) (tests).
bool int8VnniEnabled();
void setInt8VnniEnabled(bool on);

}  // namespace kiln::cpu
