#include "engine_core/quantization/histogram.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace kiln {

void AbsHistogram::add(const float* data, size_t n) {
    float batchMax = 0;
    for (size_t i = 0; i < n; ++i) {
        float a = std::fabs(data[i]);
        if (std::isfinite(a) && a > batchMax) batchMax = a;
    }
    absMax_ = std::max(absMax_, double(batchMax));
    if (range_ == 0) {
        if (batchMax == 0) {
            for (size_t i = 0; i < n; ++i) zeros_ += std::isfinite(data[i]) ? 1 : 0;
            count_ = zeros_;
            return;
        }
        range_ = batchMax;
        bins_[0] += zeros_;
        zeros_ = 0;
    }
    while (batchMax > range_) {  // double the range: bin k takes bins 2k and 2k+1
        for (size_t k = 0; k < kBins / 2; ++k) bins_[k] = bins_[2 * k] + bins_[2 * k + 1];
        std::fill(bins_.begin() + kBins / 2, bins_.end(), 0);
        range_ *= 2;
    }
    const double scale = double(kBins) / range_;
    for (size_t i = 0; i < n; ++i) {
        float a = std::fabs(data[i]);
        if (!std::isfinite(a)) continue;
        size_t k = std::min(size_t(double(a) * scale), kBins - 1);
        ++bins_[k];
        ++count_;
    }
}

float minMaxRange(const AbsHistogram& h) { return float(h.absMax()); }

float percentileRange(const AbsHistogram& h, double percentile) {
    if (h.count() == 0 || h.range() == 0) return 0.f;
    const double target = double(h.count()) * percentile / 100.0;
    uint64_t cumulative = 0;
    const auto& bins = h.bins();
    for (size_t k = 0; k < bins.size(); ++k) {
        cumulative += bins[k];
        if (double(cumulative) >= target) return float(std::min(double(k + 1) * h.binWidth(), h.absMax()));
    }
    return float(h.absMax());
}

float entropyRange(const AbsHistogram& h) {
    constexpr size_t kLevels = 128;  // int8 magnitudes
    const auto& bins = h.bins();
    const size_t n = bins.size();
    size_t used = n;
    while (used > 0 && bins[used - 1] == 0) --used;
    if (h.range() == 0 || used <= kLevels) return float(h.absMax());

    // Prefix sums make each candidate O(levels) instead of O(bins): within a merged level every
    // non-empty bin of Q holds the same value, so sum(p log q) over a level is (its mass) * log q.
    std::vector<double> count(n + 1, 0), nonEmpty(n + 1, 0), countLogCount(n + 1, 0);
    for (size_t k = 0; k < n; ++k) {
        double c = double(bins[k]);
        count[k + 1] = count[k] + c;
        nonEmpty[k + 1] = nonEmpty[k] + (c > 0 ? 1 : 0);
        countLogCount[k + 1] = countLogCount[k] + (c > 0 ? c * std::log(c) : 0);
    }
    const double total = count[n];
    // A bin where P has mass but Q has none (the clipped counts landing on an empty last bin) is
    // scored as if Q held this tiny probability there.
    const double kFloor = 1e-12;

    double bestKl = std::numeric_limits<double>::infinity();
    size_t best = n;
    for (size_t i = kLevels; i <= n; ++i) {
        const double clipped = total - count[i];
        const double last = double(bins[i - 1]) + clipped;  // P's last bin
        // sum p log p, with p = c / total
        double pLogP = countLogCount[i - 1] - count[i - 1] * std::log(total);
        if (last > 0) pLogP += last * (std::log(last) - std::log(total));
        pLogP /= total;
        // sum p log q, with q = (level mass / level's non-empty bins) / (total - clipped)
        const double qTotal = count[i];
        double pLogQ = 0;
        bool lastHasQ = false;
        double lastQ = 0;
        for (size_t j = 0; j < kLevels; ++j) {
            size_t begin = j * i / kLevels, end = (j + 1) * i / kLevels;
            double mass = count[end] - count[begin];
            double nz = nonEmpty[end] - nonEmpty[begin];
            if (mass <= 0) continue;
            double q = mass / nz / qTotal;
            pLogQ += (mass / total) * std::log(q);
            if (end == i) {
                lastHasQ = bins[i - 1] > 0;
                lastQ = q;
            }
        }
        // The clipped counts sit in P's last bin: add their share of p log q.
        if (clipped > 0) pLogQ += (clipped / total) * std::log(lastHasQ ? lastQ : kFloor);
        double kl = pLogP - pLogQ;
        if (kl < bestKl) {
            bestKl = kl;
            best = i;
        }
    }
    return float(std::min((double(best) + 0.5) * h.binWidth(), h.absMax()));
}

}  // namespace kiln
