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
    TensorComparison c = compareTensors(a, e, Tolerance::elementwise(1e-5, 1e-4), "y");
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
    EXPECT_TRUE(compareTensors(Tensor::fromVector<float>({2}, {100.005f, 0}), e, Tolerance::elementwise(0, 1e-4)).passed());
    EXPECT_FALSE(compareTensors(Tensor::fromVector<float>({2}, {100.05f, 0}), e, Tolerance::elementwise(0, 1e-4)).passed());
    // At an expected zero only atol helps.
    EXPECT_FALSE(compareTensors(Tensor::fromVector<float>({2}, {100, 1e-6f}), e, Tolerance::elementwise(0, 1e-4)).passed());
    EXPECT_TRUE(compareTensors(Tensor::fromVector<float>({2}, {100, 1e-6f}), e, Tolerance::elementwise(1e-5, 1e-4)).passed());
}

TEST(ProfilerAccuracy, RelativeErrorAtExpectedZeroIsInfinite) {
    Tensor e = Tensor::fromVector<float>({2}, {0, 1});
    TensorComparison c = compareTensors(Tensor::fromVector<float>({2}, {1e-7f, 1}), e, Tolerance::elementwise(1e-5, 0));
    EXPECT_TRUE(c.passed());
    EXPECT_TRUE(std::isinf(c.maxRelError));
}

TEST(ProfilerAccuracy, MaxNormalizedMode) {
    Tensor e = Tensor::fromVector<float>({3}, {1000, 0.001f, 0});
    Tensor a = Tensor::fromVector<float>({3}, {1000, 0.002f, 0.01f});
    EXPECT_FALSE(compareTensors(a, e, Tolerance::elementwise(1e-5, 1e-4)).passed());
    TensorComparison c = compareTensors(a, e, Tolerance::norm(1e-4));
    EXPECT_NEAR(c.maxNormalizedError, 0.01 / 1000, 1e-9);
    EXPECT_TRUE(c.passed());
    EXPECT_EQ(c.failingElements, 0);
    TensorComparison strict = compareTensors(a, e, Tolerance::norm(5e-6));
    EXPECT_FALSE(strict.passed());
    // Under the norm rule an element fails when its error exceeds the limit times max|e| (5e-3):
    // only the 0.01 one.
    EXPECT_EQ(strict.failingElements, 1);
    EXPECT_EQ(strict.worstIndex, 2);
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

    // Even under the norm rule a NaN where a number was expected fails.
    EXPECT_FALSE(compareTensors(Tensor::fromVector<float>({1}, {kNaN}), Tensor::fromVector<float>({1}, {1}),
                                Tolerance::norm(1))
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
    TensorComparison c = compareTensors(off, e, Tolerance::elementwise(1e-5, 1e-3));
    EXPECT_FALSE(c.passed());  // rtol would allow it, but integers are exact
    EXPECT_EQ(c.worstIndex, 1);
    EXPECT_DOUBLE_EQ(c.maxAbsError, 1);
    // A difference of 1 at 2^60 is lost in double, but the exact comparison still sees it.
    Tensor big = Tensor::fromVector<int64_t>({3}, {1, 1000000, (int64_t(1) << 60) + 1});
    EXPECT_FALSE(compareTensors(big, e, {}).passed());
    Tolerance loose = Tolerance::elementwise(1e-5, 1e-3);
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

// The users' case: an fp32 engine whose only difference is rounding where values cancel to near
// zero (one element off by 2.7e-5, cosine 1.000000). Elementwise atol 1e-5 calls it FAIL; the
// default norm rule, error relative to the tensor's magnitude, passes it.
TEST(ProfilerAccuracy, RoundingNearZeroPassesTheDefaultNormRuleAndFailsElementwise) {
    Tensor e = Tensor::fromVector<float>({5}, {1.25f, -2.f, 0.75f, 3e-6f, 1.5f});
    Tensor a = Tensor::fromVector<float>({5}, {1.25f, -2.f, 0.75f, 3e-6f + 2.7e-5f, 1.5f});
    TensorComparison norm = compareTensors(a, e, Tolerance{}, "y");
    EXPECT_EQ(norm.tolerance.rule, CheckRule::Norm);
    EXPECT_TRUE(norm.passed()) << norm.summary();
    EXPECT_EQ(norm.failingElements, 0);
    EXPECT_NEAR(norm.maxNormalizedError, 2.7e-5 / 2, 1e-9);
    EXPECT_DOUBLE_EQ(norm.maxNormLimit, defaultMaxNorm(Precision::FP32));
    EXPECT_GT(norm.cosineSimilarity, 0.999999);
    EXPECT_FALSE(norm.smallValues);

    TensorComparison elementwise = compareTensors(a, e, Tolerance::elementwise(kDefaultAtol, kDefaultRtol), "y");
    EXPECT_FALSE(elementwise.passed()) << elementwise.summary();
    EXPECT_EQ(elementwise.failingElements, 1);

    // Cosine and the normalized error lead the line, with the limit under the norm rule.
    const std::string line = norm.summary();
    EXPECT_EQ(line.rfind("cos=1.000000 max_norm=1.350e-05 (limit 1.0e-04) max_abs=", 0), 0u) << line;
    EXPECT_LT(line.find("max_norm="), line.find("max_abs=")) << line;
}

TEST(ProfilerAccuracy, ARealErrorFailsUnderBothRules) {
    Tensor e = Tensor::fromVector<float>({4}, {1.25f, -2.f, 0.75f, 1.5f});
    Tensor a = Tensor::fromVector<float>({4}, {1.25f, -2.f, 0.85f, 1.5f});
    TensorComparison norm = compareTensors(a, e, {});
    EXPECT_FALSE(norm.passed());
    EXPECT_EQ(norm.failingElements, 1);
    EXPECT_EQ(norm.worstIndex, 2);
    EXPECT_FALSE(compareTensors(a, e, Tolerance::elementwise(kDefaultAtol, kDefaultRtol)).passed());
    // Even fp8's loose default limit (0.2) does not excuse it when the error is half the magnitude.
    Tensor b = Tensor::fromVector<float>({4}, {1.25f, -1.f, 0.75f, 1.5f});
    EXPECT_FALSE(compareTensors(b, e, {}, "y", Precision::FP8).passed());
}

// Outputs of values ~1e-9: the elementwise rule's atol passes anything of that size, so the
// comparison is flagged; the norm rule judges them relative to their magnitude (here: wrong by 100%).
TEST(ProfilerAccuracy, TinyValuesAreFlaggedBecauseAtolPassesThemTrivially) {
    Tensor e = Tensor::fromVector<float>({3}, {1e-9f, -2e-9f, 3e-9f});
    Tensor a = Tensor::fromVector<float>({3}, {2e-9f, -4e-9f, 6e-9f});
    TensorComparison elementwise = compareTensors(a, e, Tolerance::elementwise(kDefaultAtol, kDefaultRtol));
    EXPECT_TRUE(elementwise.passed());  // trivially
    EXPECT_TRUE(elementwise.smallValues);
    EXPECT_NE(elementwise.warning().find("at most atol"), std::string::npos) << elementwise.warning();
    EXPECT_DOUBLE_EQ(elementwise.maxAbsExpected, double(3e-9f));

    TensorComparison norm = compareTensors(a, e, {});
    EXPECT_FALSE(norm.passed());
    EXPECT_NEAR(norm.maxNormalizedError, 1.0, 1e-6);
    EXPECT_TRUE(norm.smallValues);  // below kSmallMagnitude whatever the rule
    EXPECT_NE(norm.warning().find("tiny"), std::string::npos) << norm.warning();

    // Not flagged: values within atol's reach that match exactly, and values of a normal size.
    EXPECT_FALSE(compareTensors(e.clone(), e, Tolerance::elementwise(kDefaultAtol, kDefaultRtol)).smallValues);
    Tensor big = Tensor::fromVector<float>({2}, {0.5f, 1.f});
    EXPECT_FALSE(compareTensors(Tensor::fromVector<float>({2}, {0.5f, 1.00001f}), big, {}).smallValues);
    EXPECT_EQ(compareTensors(Tensor::fromVector<float>({2}, {0.5f, 1.00001f}), big, {}).warning(), "");
    // Under the elementwise rule "small" is relative to atol: 1e-4 values with atol 1e-3.
    Tensor mid = Tensor::fromVector<float>({2}, {1e-4f, -1e-4f});
    EXPECT_TRUE(compareTensors(Tensor::fromVector<float>({2}, {2e-4f, -1e-4f}), mid, Tolerance::elementwise(1e-3, 0))
                    .smallValues);
    EXPECT_FALSE(compareTensors(Tensor::fromVector<float>({2}, {2e-4f, -1e-4f}), mid, {}).smallValues);
}

TEST(ProfilerAccuracy, NormLimitFollowsThePrecision) {
    EXPECT_LT(defaultMaxNorm(Precision::FP32), defaultMaxNorm(Precision::TF32));
    EXPECT_EQ(defaultMaxNorm(Precision::TF32), defaultMaxNorm(Precision::FP16));
    EXPECT_LT(defaultMaxNorm(Precision::FP16), defaultMaxNorm(Precision::BF16));
    EXPECT_LT(defaultMaxNorm(Precision::BF16), defaultMaxNorm(Precision::INT8));
    EXPECT_LT(defaultMaxNorm(Precision::INT8), defaultMaxNorm(Precision::FP8));
    EXPECT_EQ(looserPrecision(Precision::FP32, Precision::FP16), Precision::FP16);
    EXPECT_EQ(looserPrecision(Precision::BF16, Precision::FP16), Precision::BF16);

    // An error of 1e-3 of the magnitude: too much for fp32, ordinary for fp16 and bf16.
    Tensor e = Tensor::fromVector<float>({2}, {1.f, -0.5f});
    Tensor a = Tensor::fromVector<float>({2}, {1.001f, -0.5f});
    TensorComparison fp32 = compareTensors(a, e, {}, "y", Precision::FP32);
    TensorComparison fp16 = compareTensors(a, e, {}, "y", Precision::FP16);
    EXPECT_FALSE(fp32.passed());
    EXPECT_TRUE(fp16.passed());
    EXPECT_TRUE(compareTensors(a, e, {}, "y", Precision::BF16).passed());
    EXPECT_DOUBLE_EQ(fp16.maxNormLimit, defaultMaxNorm(Precision::FP16));
    EXPECT_EQ(fp16.precision, Precision::FP16);
    // A typed limit applies whatever the precision.
    EXPECT_FALSE(compareTensors(a, e, Tolerance::norm(1e-4), "y", Precision::FP16).passed());
    EXPECT_TRUE(compareTensors(a, e, Tolerance::norm(1e-2), "y", Precision::FP32).passed());
}

// The rule `kiln compare` and Kiln Studio share: explicit atol/rtol mean elementwise, an explicit
// rule wins, nothing means norm with the per-precision limits.
TEST(ProfilerAccuracy, ResolveToleranceFollowsWhatTheUserGave) {
    Tolerance none = resolveTolerance({});
    EXPECT_EQ(none.rule, CheckRule::Norm);
    EXPECT_FALSE(none.maxNorm);
    ToleranceChoice atol;
    atol.atol = 1e-3;
    Tolerance t = resolveTolerance(atol);
    EXPECT_EQ(t.rule, CheckRule::Elementwise);
    EXPECT_EQ(t.atol, 1e-3);
    EXPECT_EQ(t.rtol, kDefaultRtol);
    ToleranceChoice rtol;
    rtol.rtol = 0;
    EXPECT_EQ(resolveTolerance(rtol).rule, CheckRule::Elementwise);
    // `--error-mode max-normalized --rtol R`, as before: norm with R as the limit.
    ToleranceChoice legacy;
    legacy.rule = parseCheckRule("max-normalized");
    legacy.rtol = 1e-3;
    Tolerance l = resolveTolerance(legacy);
    EXPECT_EQ(l.rule, CheckRule::Norm);
    EXPECT_EQ(l.maxNorm, std::optional<double>(1e-3));
    legacy.maxNorm = 5e-3;
    EXPECT_EQ(resolveTolerance(legacy).maxNorm, std::optional<double>(5e-3));
    ToleranceChoice explicitElementwise;
    explicitElementwise.rule = CheckRule::Elementwise;
    EXPECT_EQ(resolveTolerance(explicitElementwise).rule, CheckRule::Elementwise);
    EXPECT_FALSE(parseCheckRule("cosine"));
    EXPECT_EQ(std::string(checkRuleName(CheckRule::Norm)), "norm");
}

TEST(ProfilerAccuracy, FlatIndexToString) {
    EXPECT_EQ(flatIndexToString(5, {2, 3}), "[1,2]");
    EXPECT_EQ(flatIndexToString(0, {}), "[]");
    EXPECT_EQ(flatIndexToString(23, {2, 3, 4}), "[1,2,3]");
}

}  // namespace
}  // namespace kiln
