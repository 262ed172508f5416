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
//   t exp(-z^2 + P(t)), t = 1 / (1 + z/2): fractional error under 1.2e-7 for every z >= 0. Below
//   |x| = 0.5 the Maclaurin series instead (to x^13), so erf of small x keeps its relative accuracy
//   (1 - erfc loses it: erf(1e-3) was 1e-4 off relatively).
// tanhApprox: Cephes' tanhf: x + x^3 P(x^2) below |x| = 0.625, else sign(x) (1 - 2 / (e^2|x| + 1))
//   with expApprox; a few ulp. NaN gives NaN, -0 gives -0, e^2|x| = +inf gives exactly +-1.
// expm1Approx: e^x - 1: its Maclaurin series (to x^10) below |x| = 1, else expApprox(x) - 1.
// log1pApprox: log(1 + u) for u >= 0 (softplus's range), as log(w) u / (w - 1) with w = 1 + u
//   rounded (Goldberg's correction: exact to a few ulp even where 1 + u rounds) and log(w), w in
//   [1, 2], by Cephes' logf polynomial. u = +inf gives +inf.
// The activations built on these are written once here so the plain kernels, the fused epilogues
// and kiln::Pointwise compute the same values:
//   geluApprox      0.5 x (1 + erf(x / sqrt 2))
//   geluTanhApprox  0.5 x (1 + tanh(u)), u = sqrt(2/pi) (x + 0.044715 x^3), as x / (1 + e^-2u)
//                   (the same function; one exp and no cancellation in 1 + tanh(u) for x < 0)
//   softplusApprox  log(1 + e^x) = max(x, 0) + log1p(e^-|x|)
//   mishApprox      x tanh(softplus(x)) = x n / (n + 2), n = e^x (e^x + 2); x itself from x = 20 on
// Non-finite inputs give what the C library expressions give (0.5 x (1 + tanh) and x tanh(softplus)
// are NaN at -inf, as here).
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
    const float s = x * x;
    float q = 1.2055332981789664e-4f;  // 2/sqrt(pi) (-1)^n / (n! (2n + 1)), n = 6 .. 0
    q = q * s - 8.5483270234508e-4f;
    q = q * s + 5.223977625442188e-3f;
    q = q * s - 2.686617064513125e-2f;
    q = q * s + 1.1283791670955126e-1f;
    q = q * s - 3.761263890318375e-1f;
    q = q * s + 1.1283791670955126f;
    const float series = q * x;
    return z < 0.5f ? series : (x < 0.f ? -e : e);
}

inline float tanhApprox(float x) {
    const float z = x < 0.f ? -x : x;
    const float s = x * x;
    float p = -5.70498872745e-3f;
    p = p * s + 2.06390887954e-2f;
    p = p * s - 5.37397155531e-2f;
    p = p * s + 1.33314422036e-1f;
    p = p * s - 3.33332819422e-1f;
    const float small = x * (1.f + p * s);  // not x + x·s·p, which turns -0 into +0
    const float big = 1.f - 2.f / (expApprox(z + z) + 1.f);
    return z < 0.625f ? small : (x < 0.f ? -big : big);
}

inline float expm1Approx(float x) {
    const float z = x < 0.f ? -x : x;
    float p = 2.755731922398589e-7f;  // 1/10!, ..., 1/2!, 1
    p = p * x + 2.755731922398589e-6f;
    p = p * x + 2.48015873015873e-5f;
    p = p * x + 1.984126984126984e-4f;
    p = p * x + 1.388888888888889e-3f;
    p = p * x + 8.333333333333333e-3f;
    p = p * x + 4.1666666666666664e-2f;
    p = p * x + 1.6666666666666666e-1f;
    p = p * x + 0.5f;
    p = p * x + 1.f;
    const float series = p * x;
    return z < 1.f ? series : expApprox(x) - 1.f;
}

inline float log1pApprox(float u) {
    const float w = 1.f + u;
    // log(w) = e ln2 + log(m), m = w or w / 2 in [sqrt(1/2), sqrt(2)]; f = m - 1 is exact.
    const bool halve = w > 1.41421356f;
    const float e = halve ? 1.f : 0.f;
    const float f = (halve ? w * 0.5f : w) - 1.f;
    const float f2 = f * f;
    float p = 7.0376836292e-2f;
    p = p * f - 1.1514610310e-1f;
    p = p * f + 1.1676998740e-1f;
    p = p * f - 1.2420140846e-1f;
    p = p * f + 1.4249322787e-1f;
    p = p * f - 1.6668057665e-1f;
    p = p * f + 2.0000714765e-1f;
    p = p * f - 2.4999993993e-1f;
    p = p * f + 3.3333331174e-1f;
    float y = p * f * f2 + e * -2.12194440e-4f - 0.5f * f2;
    const float logw = f + y + e * 0.693359375f;
    const float d = w - 1.f;
    const float r = logw * (u / d);  // d > 0 here; w = 1 takes the branch below
    return d == 0.f ? u : (u == __builtin_inff() ? u : r);
}

inline float geluApprox(float x) { return 0.5f * x * (1.f + erfApprox(x * 0.70710678118654752f)); }

inline float geluTanhApprox(float x) {
    const float u = 0.7978845608028654f * (x + 0.044715f * x * x * x);
    return x / (1.f + expApprox(-2.f * u));
}

inline float softplusApprox(float x) {
    const float z = x < 0.f ? -x : x;
    const float pos = x > 0.f ? x : 0.f;
    return pos + log1pApprox(expApprox(-z));
}

inline float mishApprox(float x) {
    const float e = expApprox(x);
    const float n = e * (e + 2.f);
    const float m = x * (n / (n + 2.f));
    return x >= 20.f ? x : m;
}

// The last two steps of a softmax row whose maximum m is known and finite: y[j] = e^(x[j] - m) / sum,
// the sum kept in 16 double lanes so the loop vectorizes without reassociating a float sum (every
// x - m <= 0, so the sum is at least 1). x and y may be the same row. Always inlined, so the
// caller's AVX-512 copy runs it 16 wide (the Softmax kernel's row, kiln::Attention's score rows).
inline __attribute__((always_inline)) void expNormalizeRow(const float* x, float* y, int64_t n, float m) {
    constexpr int kLanes = 16;
    double lanes[kLanes] = {};
    int64_t j = 0;
    for (; j + kLanes <= n; j += kLanes)
        for (int l = 0; l < kLanes; ++l) {
            const float e = expApprox(x[j + l] - m);
            y[j + l] = e;
            lanes[l] += double(e);
        }
    double sum = 0.0;
    for (; j < n; ++j) {
        const float e = expApprox(x[j] - m);
        y[j] = e;
        sum += double(e);
    }
    for (int l = 0; l < kLanes; ++l) sum += lanes[l];
    const float inv = float(1.0 / sum);
    for (j = 0; j < n; ++j) y[j] *= inv;
}

}  // namespace kiln::cpu
