#include "profiler/stats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace kiln {

double percentileOfSorted(const std::vector<double>& sorted, double q) {
    if (sorted.empty()) return 0;
    q = std::clamp(q, 0.0, 100.0);
    double rank = q / 100.0 * double(sorted.size() - 1);
    size_t lo = size_t(std::floor(rank));
    size_t hi = std::min(lo + 1, sorted.size() - 1);
    double frac = rank - double(lo);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
}

LatencyStats LatencyStats::fromSamples(std::vector<double> samples) {
    LatencyStats s;
    if (samples.empty()) return s;
    std::sort(samples.begin(), samples.end());
    s.count = samples.size();
    s.min = samples.front();
    s.max = samples.back();
    double sum = 0;
    for (double v : samples) sum += v;
    s.mean = sum / double(s.count);
    double var = 0;
    for (double v : samples) var += (v - s.mean) * (v - s.mean);
    s.stddev = std::sqrt(var / double(s.count));
    s.median = percentileOfSorted(samples, 50);
    s.p90 = percentileOfSorted(samples, 90);
    s.p99 = percentileOfSorted(samples, 99);
    return s;
}

std::string LatencyStats::summary() const {
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "median %.3f ms (min %.3f, mean %.3f, p90 %.3f, p99 %.3f, max %.3f) over %zu run%s", median,
                  min, mean, p90, p99, max, count, count == 1 ? "" : "s");
    return buf;
}

}  // namespace kiln
