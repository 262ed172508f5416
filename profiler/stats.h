// Summary statistics of timing samples (milliseconds), as trtexec reports them.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace kiln {

struct LatencyStats {
    size_t count = 0;
    double min = 0;
    double max = 0;
    double mean = 0;
    double median = 0;
    double p90 = 0;
    double p99 = 0;
    double stddev = 0;  // population standard deviation

    // Percentiles interpolate linearly between the two closest ranks (NumPy's default), so the
    // median of an even count is the mean of the two middle samples. Empty samples give all zeros.
    static LatencyStats fromSamples(std::vector<double> samples);

    // "median 1.234 ms (min 1.100, mean 1.250, p90 1.400, p99 1.500, max 1.600) over 10 runs"
    std::string summary() const;
};

// Percentile q in [0, 100] of samples sorted ascending (linear interpolation). 0 if empty.
double percentileOfSorted(const std::vector<double>& sorted, double q);

}  // namespace kiln
