#include "kernels/cpu/epilogue.h"

#include "kernels/cpu/fast_math.h"

#include <cmath>

namespace kiln::cpu {

namespace {

using fused::Activation;

// One loop per activation: a switch inside the element loop keeps it from vectorizing.
template <typename F>
inline void rowLoop(float* y, const float* z, int64_t cols, float b, F f) {
    if (z) {
        for (int64_t c = 0; c < cols; ++c) y[c] = f(y[c] + b + z[c]);
    } else {
        for (int64_t c = 0; c < cols; ++c) y[c] = f(y[c] + b);
    }
}

}  // namespace

// Clones for x86-64-v4 (AVX-512) and v3 (AVX2 + FMA): the baseline build is SSE2 only, and this loop
// runs over every output of every fused conv and matmul.
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
void applyEpilogueBlock(float* y, int64_t ldy, int64_t rows, int64_t cols, const EpilogueParams& ep) {
    const float p0 = ep.p0, p1 = ep.p1;
    for (int64_t r = 0; r < rows; ++r) {
        float* yr = y + r * ldy;
        const float* zr = ep.z ? ep.z + r * ep.ldz : nullptr;
        const float b = ep.bias ? ep.bias[r] : 0.f;
        switch (ep.activation) {
            case Activation::None: rowLoop(yr, zr, cols, b, [](float x) { return x; }); break;
            case Activation::Relu: rowLoop(yr, zr, cols, b, [](float x) { return x > 0.f ? x : 0.f; }); break;
            case Activation::LeakyRelu:
                rowLoop(yr, zr, cols, b, [p0](float x) { return x >= 0.f ? x : p0 * x; });
                break;
            // Compares and selects (std::fmin/fmax keep these loops from vectorizing), with
            // fused::applyActivation's NaN results: Clip and HardSigmoid keep NaN.
            case Activation::Clip:
                rowLoop(yr, zr, cols, b, [p0, p1](float x) {
                    const float c = x < p0 ? p0 : x;
                    return c > p1 ? p1 : c;
                });
                break;
            case Activation::HardSigmoid:
                rowLoop(yr, zr, cols, b, [p0, p1](float x) {
                    float t = p0 * x + p1;
                    t = t < 0.f ? 0.f : t;
                    t = t > 1.f ? 1.f : t;
                    return t;  // NaN: the compares keep it
                });
                break;
            case Activation::HardSwish:
                rowLoop(yr, zr, cols, b, [](float x) {
                    float t = x / 6.f + 0.5f;
                    t = t < 0.f ? 0.f : t;
                    t = t > 1.f ? 1.f : t;
                    return x * (t != t ? 1.f : t);
                });
                break;
            // The approximations the fused kernels use (fast_math.h: they vectorize; std::exp and
            // std::erf are library calls per element).
            case Activation::Sigmoid:
                rowLoop(yr, zr, cols, b, [](float x) { return 1.f / (1.f + expApprox(-x)); });
                break;
            case Activation::SiLU:
                rowLoop(yr, zr, cols, b, [](float x) { return x / (1.f + expApprox(-x)); });
                break;
            case Activation::Gelu: rowLoop(yr, zr, cols, b, [](float x) { return geluApprox(x); }); break;
            case Activation::GeluTanh: rowLoop(yr, zr, cols, b, [](float x) { return geluTanhApprox(x); }); break;
            case Activation::Tanh: rowLoop(yr, zr, cols, b, [](float x) { return tanhApprox(x); }); break;
            default: {
                const Activation a = ep.activation;
                rowLoop(yr, zr, cols, b, [a, p0, p1](float x) { return fused::applyActivation(a, x, p0, p1); });
            }
        }
    }
}

}  // namespace kiln::cpu
