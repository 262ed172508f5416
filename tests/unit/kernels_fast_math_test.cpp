// The vectorizable exp and erf of the fused kernels against the C library.
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
