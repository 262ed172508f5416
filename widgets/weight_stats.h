// Statistics of a constant tensor (weights) for the properties panel: min, max, mean, standard
// deviation, zero fraction and a histogram. Plain data, no widgets.
#pragma once

#include <cstdint>
#include <vector>

#include "engine_core/ir/tensor.h"

namespace kiln::studio {

struct WeightStats {
    int64_t count = 0;
    double min = 0;
    double max = 0;
    double mean = 0;
    double stddev = 0;  // population standard deviation
    double zeroFraction = 0;
    int64_t nonFinite = 0;          // NaN and infinities, left out of the numbers above
    std::vector<double> binEdges;   // bins + 1 edges
    std::vector<int64_t> binCounts;

    // Numeric dtypes only (bool and string give count 0).
    static WeightStats compute(const kiln::Tensor& tensor, int bins = 40);
};

}  // namespace kiln::studio
