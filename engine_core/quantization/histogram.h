// Per-tensor statistics for calibration and the three ways to turn them into a dynamic range
// (amax: int8 maps [-amax, amax] to [-127, 127]).
//
// AbsHistogram counts |x| in kBins equal bins over [0, range). The range starts at the first
// batch's largest |x| and doubles (merging bin pairs, which keeps every count exact) whenever a
// later batch goes beyond it, so one pass over the data suffices and the bins never get coarser
// than twice the ideal width.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kiln {

class AbsHistogram {
public:
    static constexpr size_t kBins = 2048;

    AbsHistogram() : bins_(kBins, 0) {}
    // NaN and infinities are skipped (they have no range to preserve).
    void add(const float* data, size_t n);
    void add(const std::vector<float>& values) { add(values.data(), values.size()); }

    double absMax() const { return absMax_; }  // exact, over every finite value added
    double range() const { return range_; }    // upper edge of the last bin; 0 while only zeros were seen
    double binWidth() const { return range_ / double(kBins); }
    const std::vector<uint64_t>& bins() const { return bins_; }
    uint64_t count() const { return count_; }

private:
    std::vector<uint64_t> bins_;
    double range_ = 0;
    double absMax_ = 0;
    uint64_t zeros_ = 0;  // values seen while the range was still 0
    uint64_t count_ = 0;
};

// The largest |x| (TensorRT's min-max calibrator: symmetric, so max(|min|, |max|)).
float minMaxRange(const AbsHistogram& h);
// The `percentile` (0, 100] of |x|, at bin resolution (the upper edge of the bin where the
// cumulative count reaches it), never above absMax.
float percentileRange(const AbsHistogram& h, double percentile);
// TensorRT's entropy calibration: for each candidate threshold i = 128..2048 bins, P = the histogram
// up to i with the clipped counts added to its last bin, Q = the first i bins merged into 128 levels
// and expanded back over their non-empty bins; the threshold is (i* + 0.5) bin widths for the i*
// minimizing KL(P || Q). A histogram with fewer than 128 used bins keeps absMax.
float entropyRange(const AbsHistogram& h);

}  // namespace kiln
