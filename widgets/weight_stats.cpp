#include "widgets/weight_stats.h"

#include <algorithm>
#include <cmath>

namespace kiln::studio {

WeightStats WeightStats::compute(const kiln::Tensor& tensor, int bins) {
    WeightStats s;
    const kiln::DataType t = tensor.dtype();
    if (!(kiln::isFloatingPoint(t) || kiln::isInteger(t)) || tensor.numel() == 0) return s;
    const std::vector<float> values = tensor.toFloatVector();
    double sum = 0;
    double sumSq = 0;
    int64_t zeros = 0;
    s.min = INFINITY;
    s.max = -INFINITY;
    for (float v : values) {
        if (!std::isfinite(v)) {
            ++s.nonFinite;
            continue;
        }
        ++s.count;
        s.min = std::min(s.min, double(v));
        s.max = std::max(s.max, double(v));
        sum += v;
        sumSq += double(v) * v;
        zeros += v == 0.0f ? 1 : 0;
    }
    if (s.count == 0) {
        s.min = s.max = 0;
        return s;
    }
    s.mean = sum / double(s.count);
    s.stddev = std::sqrt(std::max(0.0, sumSq / double(s.count) - s.mean * s.mean));
    s.zeroFraction = double(zeros) / double(s.count);

    bins = std::max(1, bins);
    double lo = s.min;
    double hi = s.max;
    if (hi <= lo) {  // a constant tensor: one bin around the value
        lo -= 0.5;
        hi += 0.5;
    }
    s.binEdges.resize(size_t(bins) + 1);
    for (int i = 0; i <= bins; ++i) s.binEdges[size_t(i)] = lo + (hi - lo) * i / bins;
    s.binCounts.assign(size_t(bins), 0);
    for (float v : values) {
        if (!std::isfinite(v)) continue;
        int b = int((double(v) - lo) / (hi - lo) * bins);
        ++s.binCounts[size_t(std::clamp(b, 0, bins - 1))];
    }
    return s;
}

}  // namespace kiln::studio
