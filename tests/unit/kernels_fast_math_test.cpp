// The vectorizable exp, erf, tanh, expm1, log1p and the activations built on them (fast_math.h)
// against the C library.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "kernels/cpu/fast_math.h"

using kiln::cpu::erfApprox;
using kiln::cpu::expApprox;

TEST(KernelsFastMath, ExpWithinFewUlp) {
    double worst = 0;
    for (float x = -86.4f; x <= 88.7f; x += 0.0137f) {
        const double ref = std::exp(double(x));
        worst = std::max(worst, std::fabs(double(expApprox(x)) - ref) / ref);
    }
    EXPECT_LT(worst, 4e-7) << "max relative error";
    EXPECT_EQ(expApprox(0.f), 1.f);
    EXPECT_EQ(expApprox(-200.f), 0.f);
    EXPECT_LT(expApprox(-87.f), 3e-38f);
    EXPECT_GT(expApprox(88.72f), 3.3e38f);  // the largest exponent, not overflowed
    EXPECT_EQ(expApprox(200.f), std::numeric_limits<float>::infinity());
    EXPECT_EQ(expApprox(-std::numeric_limits<float>::infinity()), 0.f);
    EXPECT_TRUE(std::isnan(expApprox(std::numeric_limits<float>::quiet_NaN())));
}

TEST(KernelsFastMath, ErfWithinTolerance) {
    double worst = 0;
    for (float x = -6.f; x <= 6.f; x += 0.00731f) worst = std::max(worst, std::fabs(double(erfApprox(x)) - std::erf(double(x))));
    EXPECT_LT(worst, 3e-7) << "max absolute error";
    EXPECT_EQ(erfApprox(std::numeric_limits<float>::infinity()), 1.f);
    EXPECT_EQ(erfApprox(-std::numeric_limits<float>::infinity()), -1.f);
    EXPECT_TRUE(std::isnan(erfApprox(std::numeric_limits<float>::quiet_NaN())));
}

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNan = std::numeric_limits<float>::quiet_NaN();

// Worst |approx - ref| / (|ref| + floor) over [lo, hi] in steps of `step`.
template <typename F, typename R>
double worstError(F approx, R ref, float lo, float hi, float step, double floor = 0) {
    double worst = 0;
    for (float x = lo; x <= hi; x += step) {
        const double r = ref(double(x));
        worst = std::max(worst, std::fabs(double(approx(x)) - r) / (std::fabs(r) + floor));
    }
    return worst;
}

}  // namespace

// Old erfApprox was 1 - erfc everywhere: erf(1e-3) came out about 1e-4 off relatively.
TEST(KernelsFastMath, ErfKeepsRelativeAccuracyNearZero) {
    for (float x : {1e-6f, 1e-4f, 1e-3f, -3e-3f, 0.01f, 0.1f, -0.3f, 0.49f, 0.51f})
        EXPECT_NEAR(erfApprox(x), std::erf(double(x)), 4e-7 * std::fabs(std::erf(double(x)))) << x;
    EXPECT_LT(worstError(erfApprox, [](double x) { return std::erf(x); }, -0.6f, 0.6f, 1.3e-4f), 4e-7);
    EXPECT_TRUE(std::signbit(erfApprox(-0.f)));
}

TEST(KernelsFastMath, TanhWithinFewUlp) {
    using kiln::cpu::tanhApprox;
    EXPECT_LT(worstError(tanhApprox, [](double x) { return std::tanh(x); }, -12.f, 12.f, 0.00377f), 5e-7);
    EXPECT_LT(worstError(tanhApprox, [](double x) { return std::tanh(x); }, -0.7f, 0.7f, 1.1e-5f), 3e-7);
    EXPECT_EQ(tanhApprox(kInf), 1.f);
    EXPECT_EQ(tanhApprox(-kInf), -1.f);
    EXPECT_EQ(tanhApprox(30.f), 1.f);
    EXPECT_EQ(tanhApprox(1e-30f), 1e-30f);
    EXPECT_TRUE(std::signbit(tanhApprox(-0.f)));
    EXPECT_TRUE(std::isnan(tanhApprox(kNan)));
}

TEST(KernelsFastMath, Expm1AndLog1p) {
    using kiln::cpu::expm1Approx;
    using kiln::cpu::log1pApprox;
    EXPECT_LT(worstError(expm1Approx, [](double x) { return std::expm1(x); }, -20.f, 10.f, 0.00291f), 6e-7);
    EXPECT_LT(worstError(expm1Approx, [](double x) { return std::expm1(x); }, -0.6f, 0.6f, 1.7e-5f), 3e-7);
    EXPECT_EQ(expm1Approx(1e-20f), 1e-20f);
    EXPECT_EQ(expm1Approx(-kInf), -1.f);
    EXPECT_EQ(expm1Approx(kInf), kInf);
    EXPECT_TRUE(std::isnan(expm1Approx(kNan)));
    EXPECT_LT(worstError(log1pApprox, [](double u) { return std::log1p(u); }, 0.f, 1.f, 1.3e-5f, 1e-30), 4e-7);
    for (float u : {1e-30f, 1e-9f, 3e-8f, 1e-7f, 1e-5f})
        EXPECT_NEAR(log1pApprox(u), std::log1p(double(u)), 3e-7 * u) << u;
    EXPECT_EQ(log1pApprox(0.f), 0.f);
    EXPECT_EQ(log1pApprox(kInf), kInf);
    EXPECT_TRUE(std::isnan(log1pApprox(kNan)));
}

// The activations against the libm expressions the fp64 kernels use; absolute error scaled by
// max(1, |x|) where the libm form itself cancels (1 + tanh(u) and 1 + erf for x < 0).
TEST(KernelsFastMath, ActivationsMatchTheLibmForms) {
    using namespace kiln::cpu;
    auto softplus = [](double x) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); };
    auto geluTanh = [](double x) { return 0.5 * x * (1 + std::tanh(0.7978845608028654 * (x + 0.044715 * x * x * x))); };
    auto gelu = [](double x) { return 0.5 * x * (1 + std::erf(x * 0.7071067811865476)); };
    auto mish = [&](double x) { return x * std::tanh(softplus(x)); };
    for (float x = -30.f; x <= 30.f; x += 0.00613f) {
        const double scale = std::max(1.0, double(std::fabs(x)));
        ASSERT_NEAR(geluApprox(x), gelu(x), 3e-7 * scale) << x;
        ASSERT_NEAR(geluTanhApprox(x), geluTanh(x), 3e-7 * scale) << x;
        ASSERT_NEAR(softplusApprox(x), softplus(x), 5e-7 * std::max(1e-30, softplus(x))) << x;
        ASSERT_NEAR(mishApprox(x), mish(x), 4e-7 * scale) << x;
    }
    // Non-finite inputs as the libm forms: NaN stays NaN; 0.5x(1 + tanh) and x tanh(softplus) are NaN at -inf.
    for (float (*f)(float) : {geluApprox, geluTanhApprox, softplusApprox, mishApprox})
        EXPECT_TRUE(std::isnan(f(kNan)));
    EXPECT_EQ(geluTanhApprox(kInf), kInf);
    EXPECT_TRUE(std::isnan(geluTanhApprox(-kInf)));
    EXPECT_EQ(geluTanhApprox(-1e20f), 0.f);  // x^3 overflows: 0.5 x (1 - 1)
    EXPECT_EQ(geluApprox(kInf), kInf);
    EXPECT_EQ(softplusApprox(kInf), kInf);
    EXPECT_EQ(softplusApprox(-kInf), 0.f);
    EXPECT_EQ(mishApprox(kInf), kInf);
    EXPECT_TRUE(std::isnan(mishApprox(-kInf)));
}
