// Branch-free exp and erf for the fused kernels' inner loops: written so the compiler vectorizes
// them (std::exp and std::erf are library calls it cannot). The unfused reference kernels keep
// the C library functions; these differ from them by a few ulp, well inside the tolerances the
// builder's fused graph is checked with.
//
// expApprox: Cephes' expf scheme. x = n ln2 + r with |r| <= ln2/2 (ln2 split in two parts so r is
//   exact), exp(r) by a degree-6 polynomial, 2^n put into the exponent bits. Relative error about
//   2 ulp; below -86.5 (results under 3e-38, next to the smallest normal float) it returns 0, above
//   88.72 +inf; NaN gives NaN, with no NaN ever converted to int.
// erfApprox: erf(x) = 1 - erfc(|x|) with erfc from Numerical Recipes' Chebyshev fit
//   t exp(-z^2 + P(t)), t = 1 / (1 + z/2): fractional error under 1.2e-7 for every z >= 0.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace kiln::cpu {

inline float expApprox(float x) {
    const float hi = 88.7228393f, lo = -86.5f;
    const float in = x;
    const bool over = x > hi, under = x < lo;
    // NaN becomes lo here (std::max(a, b) returns a when the comparison fails): a NaN reaching the
    // int conversion of n below would be undefined behaviour. The NaN is returned at the end.
    x = std::min(hi, std::max(lo, x));
    // n = round(x / ln2) by the 1.5 * 2^23 trick (exact for |n| < 2^22); floorf would keep GCC from
    // vectorizing the loop unless -fno-trapping-math.
    const float magic = 12582912.0f;
    const float n = (x * 1.44269504088896341f + magic) - magic;
    float r = x - n * 0.693359375f;
    r = r - n * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    // 2^n as 2^(n-1) * 2: n reaches 128 just below hi, one past the largest float exponent.
    const int32_t bits = (int32_t(n) + 126) << 23;
    float scale;
    std::memcpy(&scale, &bits, sizeof scale);
    float y = p * scale * 2.0f;
    y = over ? __builtin_inff() : y;
    y = under ? 0.0f : y;
    return in != in ? in : y;
}

inline float erfApprox(float x) {
    const float z = x < 0.f ? -x : x;
    const float t = 1.0f / (1.0f + 0.5f * z);
    float p = 0.17087277f;
    p = p * t - 0.82215223f;
    p = p * t + 1.48851587f;
    p = p * t - 1.13520398f;
    p = p * t + 0.27886807f;
    p = p * t - 0.18628806f;
    p = p * t + 0.09678418f;
    p = p * t + 0.37409196f;
    p = p * t + 1.00002368f;
    p = p * t - 1.26551223f;
    const float erfc = t * expApprox(-z * z + p);
    const float e = 1.0f - erfc;
    return x < 0.f ? -e : e;
}

}  // namespace kiln::cpu
