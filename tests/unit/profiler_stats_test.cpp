#include <gtest/gtest.h>

#include <cmath>

#include "profiler/stats.h"

namespace kiln {
namespace {

TEST(ProfilerStats, EmptySamplesGiveZeros) {
    LatencyStats s = LatencyStats::fromSamples({});
    EXPECT_EQ(s.count, 0u);
    EXPECT_EQ(s.median, 0);
    EXPECT_EQ(s.p99, 0);
}

TEST(ProfilerStats, SingleSample) {
    LatencyStats s = LatencyStats::fromSamples({2.5});
    EXPECT_EQ(s.count, 1u);
    EXPECT_EQ(s.min, 2.5);
    EXPECT_EQ(s.max, 2.5);
    EXPECT_EQ(s.median, 2.5);
    EXPECT_EQ(s.p90, 2.5);
    EXPECT_EQ(s.stddev, 0);
}

TEST(ProfilerStats, UnsortedSamplesAndInterpolatedPercentiles) {
    // 1..10 shuffled: median 5.5, p90 at rank 8.1 -> 9.1, p99 at rank 8.91 -> 9.91.
    LatencyStats s = LatencyStats::fromSamples({7, 3, 10, 1, 5, 9, 2, 8, 4, 6});
    EXPECT_EQ(s.count, 10u);
    EXPECT_DOUBLE_EQ(s.min, 1);
    EXPECT_DOUBLE_EQ(s.max, 10);
    EXPECT_DOUBLE_EQ(s.mean, 5.5);
    EXPECT_DOUBLE_EQ(s.median, 5.5);
    EXPECT_NEAR(s.p90, 9.1, 1e-12);
    EXPECT_NEAR(s.p99, 9.91, 1e-12);
    EXPECT_NEAR(s.stddev, std::sqrt(8.25), 1e-12);
    EXPECT_NE(s.summary().find("median 5.500 ms"), std::string::npos) << s.summary();
    EXPECT_NE(s.summary().find("over 10 runs"), std::string::npos) << s.summary();
}

TEST(ProfilerStats, OddCountMedianIsMiddleSample) {
    LatencyStats s = LatencyStats::fromSamples({3, 100, 1});
    EXPECT_DOUBLE_EQ(s.median, 3);
    EXPECT_DOUBLE_EQ(percentileOfSorted({1, 3, 100}, 0), 1);
    EXPECT_DOUBLE_EQ(percentileOfSorted({1, 3, 100}, 100), 100);
}

}  // namespace
}  // namespace kiln
