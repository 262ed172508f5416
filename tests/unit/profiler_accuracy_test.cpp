#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "profiler/accuracy.h"

namespace kiln {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

TEST(ProfilerAccuracy, IdenticalFloatTensorsPassWithZeroError) {
    Tensor a = Tensor::fromVector<float>({2, 2}, {1, -2, 3, 0});
    TensorComparison c = compareTensors(a, a.clone(), {}, "y");
    EXPECT_TRUE(c.passed());
    EXPECT_EQ(c.maxAbsError, 0);
    EXPECT_EQ(c.maxRelError, 0);
    EXPECT_EQ(c.rmse, 0);
    EXPECT_DOUBLE_EQ(c.cosineSimilarity, 1.0);
    EXPECT_TRUE(std::isinf(c.snrDb) && c.snrDb > 0);
    EXPECT_EQ(c.failingElements, 0);
    EXPECT_EQ(c.elementCount, 4);
}

TEST(ProfilerAccuracy, MetricsOnKnownValues) {
    Tensor e = Tensor::fromVector<float>({4}, {1, 2, 4, -8});
    Tensor a = Tensor::fromVector<float>({4}, {1.5f, 2, 4, -8});
    TensorComparison c = compareTensors(a, e, {1e-5, 1e-4}, "y");
    EXPECT_EQ(c.status, ComparisonStatus::Fail);
    EXPECT_EQ(c.failingElements, 1);
    EXPECT_DOUBLE_EQ(c.maxAbsError, 0.5);
    EXPECT_DOUBLE_EQ(c.maxRelError, 0.5);
    EXPECT_DOUBLE_EQ(c.meanAbsError, 0.125);
    EXPECT_DOUBLE_EQ(c.rmse, std::sqrt(0.25 / 4));
    EXPECT_DOUBLE_EQ(c.maxNormalizedError, 0.5 / 8);
    EXPECT_NEAR(c.snrDb, 10 * std::log10(85.0 / 0.25), 1e-9);
    double dot = 1.5 + 4 + 16 + 64, na = 2.25 + 4 + 16 + 64, ne = 85;
    EXPECT_NEAR(c.cosineSimilarity, dot / std::sqrt(na * ne), 1e-12);
    EXPECT_EQ(c.worstIndex, 0);
    EXPECT_DOUBLE_EQ(c.worstActual, 1.5);
    EXPECT_DOUBLE_EQ(c.worstExpected, 1.0);
    EXPECT_NE(c.summary().find("worst[0]"), std::string::npos) << c.summary();
}

TEST(ProfilerAccuracy, ElementwiseRuleUsesAtolPlusRtolTimesExpected) {
    Tensor e = Tensor::fromVector<float>({2}, {100, 0});
    // |a-e| = 0.005 <= 0 + 1e-4 * 100; second element is exact.
    EXPECT_TRUE(compareTensors(Tensor::fromVector<float>({2}, {100.005f, 0}), e, {0, 1e-4}).passed());
    EXPECT_FALSE(compareTensors(Tensor::fromVector<float>({2}, {100.05f, 0}), e, {0, 1e-4}).passed());
    // At an expected zero only atol helps.
    EXPECT_FALSE(compareTensors(Tensor::fromVector<float>({2}, {100, 1e-6f}), e, {0, 1e-4}).passed());
    EXPECT_TRUE(compareTensors(Tensor::fromVector<float>({2}, {100, 1e-6f}), e, {1e-5, 1e-4}).passed());
}

TEST(ProfilerAccuracy, RelativeErrorAtExpectedZeroIsInfinite) {
    Tensor e = Tensor::fromVector<float>({2}, {0, 1});
    TensorComparison c = compareTensors(Tensor::fromVector<float>({2}, {1e-7f, 1}), e, {1e-5, 0});
    EXPECT_TRUE(c.passed());
    EXPECT_TRUE(std::isinf(c.maxRelError));
}

TEST(ProfilerAccuracy, MaxNormalizedMode) {
    Tensor e = Tensor::fromVector<float>({3}, {1000, 0.001f, 0});
    Tensor a = Tensor::fromVector<float>({3}, {1000, 0.002f, 0.01f});
    Tolerance elementwise{1e-5, 1e-4};
    EXPECT_FALSE(compareTensors(a, e, elementwise).passed());
    Tolerance maxNorm{0, 1e-4};
    maxNorm.maxNormalized = true;
    TensorComparison c = compareTensors(a, e, maxNorm);
    EXPECT_NEAR(c.maxNormalizedError, 0.01 / 1000, 1e-9);
    EXPECT_TRUE(c.passed());
    maxNorm.rtol = 1e-6;
    EXPECT_FALSE(compareTensors(a, e, maxNorm).passed());
}

TEST(ProfilerAccuracy, NaNAndInfMatchingAndMismatching) {
    Tensor e = Tensor::fromVector<float>({4}, {kNaN, kInf, -kInf, 1});
    TensorComparison same = compareTensors(Tensor::fromVector<float>({4}, {kNaN, kInf, -kInf, 1}), e, {});
    EXPECT_TRUE(same.passed()) << same.summary();
    EXPECT_EQ(same.nonFiniteMismatches, 0);
    EXPECT_TRUE(std::isfinite(same.rmse));

    TensorComparison diff = compareTensors(Tensor::fromVector<float>({4}, {0, -kInf, -kInf, kNaN}), e, {});
    EXPECT_FALSE(diff.passed());
    EXPECT_EQ(diff.nonFiniteMismatches, 3);
    EXPECT_EQ(diff.failingElements, 3);
    EXPECT_EQ(diff.worstIndex, 0);  // the first non-finite mismatch is the one reported
    EXPECT_TRUE(std::isfinite(diff.maxAbsError));
    EXPECT_NE(diff.summary().find("nonfinite_mismatches=3"), std::string::npos) << diff.summary();

    // Even in max-normalized mode a NaN where a number was expected fails.
    Tolerance maxNorm{0, 1};
    maxNorm.maxNormalized = true;
    EXPECT_FALSE(
        compareTensors(Tensor::fromVector<float>({1}, {kNaN}), Tensor::fromVector<float>({1}, {1}), maxNorm)
            .passed());
}

TEST(ProfilerAccuracy, DtypeAndShapeMismatchAreReported) {
    Tensor f = Tensor::fromVector<float>({2, 3}, {1, 2, 3, 4, 5, 6});
    Tensor i = Tensor::fromVector<int64_t>({2, 3}, {1, 2, 3, 4, 5, 6});
    TensorComparison c = compareTensors(i, f, {}, "logits");
    EXPECT_EQ(c.status, ComparisonStatus::DtypeMismatch);
    EXPECT_FALSE(c.passed());
    EXPECT_EQ(c.name, "logits");
    EXPECT_EQ(c.mismatch.rfind("dtype mismatch", 0), 0u) << c.mismatch;
    EXPECT_NE(c.mismatch.find("int64[2,3]"), std::string::npos) << c.mismatch;
    EXPECT_NE(c.mismatch.find("fp32[2,3]"), std::string::npos) << c.mismatch;

    TensorComparison s = compareTensors(f.reshaped({3, 2}), f, {}, "logits");
    EXPECT_EQ(s.status, ComparisonStatus::ShapeMismatch);
    EXPECT_NE(s.summary().find("fp32[3,2]"), std::string::npos) << s.summary();
    EXPECT_EQ(std::string(comparisonStatusName(s.status)), "SHAPE MISMATCH");

    TensorComparison u = compareTensors(Tensor(), f, {}, "y");
    EXPECT_EQ(u.status, ComparisonStatus::DtypeMismatch);
}

TEST(ProfilerAccuracy, IntegerTensorsCompareExactlyByDefault) {
    Tensor e = Tensor::fromVector<int64_t>({3}, {1, 1000000, int64_t(1) << 60});
    EXPECT_TRUE(compareTensors(e.clone(), e, {}).passed());
    Tensor off = Tensor::fromVector<int64_t>({3}, {1, 1000001, int64_t(1) << 60});
    TensorComparison c = compareTensors(off, e, {1e-5, 1e-3});
    EXPECT_FALSE(c.passed());  // rtol would allow it, but integers are exact
    EXPECT_EQ(c.worstIndex, 1);
    EXPECT_DOUBLE_EQ(c.maxAbsError, 1);
    // A difference of 1 at 2^60 is lost in double, but the exact comparison still sees it.
    Tensor big = Tensor::fromVector<int64_t>({3}, {1, 1000000, (int64_t(1) << 60) + 1});
    EXPECT_FALSE(compareTensors(big, e, {}).passed());
    Tolerance loose{1e-5, 1e-3};
    loose.exactIntegers = false;
    EXPECT_TRUE(compareTensors(off, e, loose).passed());
}

TEST(ProfilerAccuracy, BoolAndOtherFloatTypes) {
    Tensor e = Tensor::fromVector<bool>({3}, {true, false, true});
    EXPECT_TRUE(compareTensors(e.clone(), e, {}).passed());
    TensorComparison c = compareTensors(Tensor::fromVector<bool>({3}, {true, true, true}), e, {});
    EXPECT_FALSE(c.passed());
    EXPECT_EQ(c.failingElements, 1);

    Tensor d = Tensor::fromVector<double>({2}, {1.0, 2.0});
    EXPECT_TRUE(compareTensors(Tensor::fromVector<double>({2}, {1.0 + 1e-9, 2.0}), d, {}).passed());
    EXPECT_FALSE(compareTensors(Tensor::fromVector<double>({2}, {1.1, 2.0}), d, {}).passed());

    Tensor h(DataType::Float16, {2});
    static_cast<uint16_t*>(h.raw())[0] = floatToHalf(1.0f);
    static_cast<uint16_t*>(h.raw())[1] = floatToHalf(-3.0f);
    Tensor h2 = h.clone();
    static_cast<uint16_t*>(h2.raw())[1] = floatToHalf(-3.5f);
    TensorComparison hc = compareTensors(h2, h, {});
    EXPECT_FALSE(hc.passed());
    EXPECT_DOUBLE_EQ(hc.maxAbsError, 0.5);
}

TEST(ProfilerAccuracy, EmptyTensorsAndAllZeros) {
    Tensor e(DataType::Float32, {0, 3});
    TensorComparison c = compareTensors(Tensor(DataType::Float32, {0, 3}), e, {});
    EXPECT_TRUE(c.passed());
    EXPECT_EQ(c.elementCount, 0);
    Tensor z(DataType::Float32, {3});
    TensorComparison zc = compareTensors(z.clone(), z, {});
    EXPECT_TRUE(zc.passed());
    EXPECT_DOUBLE_EQ(zc.cosineSimilarity, 1);
    EXPECT_EQ(zc.maxNormalizedError, 0);
    TensorComparison oneZero = compareTensors(Tensor::fromVector<float>({3}, {1, 0, 0}), z, {});
    EXPECT_DOUBLE_EQ(oneZero.cosineSimilarity, 0);
    EXPECT_TRUE(std::isinf(oneZero.maxNormalizedError));
    EXPECT_TRUE(std::isinf(oneZero.snrDb) && oneZero.snrDb < 0);
}

TEST(ProfilerAccuracy, FlatIndexToString) {
    EXPECT_EQ(flatIndexToString(5, {2, 3}), "[1,2]");
    EXPECT_EQ(flatIndexToString(0, {}), "[]");
    EXPECT_EQ(flatIndexToString(23, {2, 3, 4}), "[1,2,3]");
}

}  // namespace
}  // namespace kiln
