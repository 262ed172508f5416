#include "profiler/accuracy.h"

#include <cmath>
#include <cstdio>
#include <limits>

#include "engine_core/common/message_catalogue.h"

namespace kiln {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

std::string fmt(const char* format, double value) {
    char buf[64];
    std::snprintf(buf, sizeof buf, format, value);
    return buf;
}

// Accumulates the metrics over element pairs. Kept separate from the element access so the fp32
// fast path and the generic path share one definition of every metric.
struct Accumulator {
    TensorComparison& r;
    bool exact;
    bool worstIsNonFinite = false;
    int64_t finiteCount = 0;
    double sumAbs = 0, sumSq = 0, dot = 0, normA = 0, normE = 0, maxAbsExpected = 0;

    // `equalExact` is only consulted when comparing exactly (integer/bool tensors).
    void add(int64_t i, double a, double e, bool equalExact) {
        if (!std::isfinite(a) || !std::isfinite(e)) {
            bool same = (std::isnan(a) && std::isnan(e)) || a == e;
            if (!same) {
                ++r.nonFiniteMismatches;
                ++r.failingElements;
                if (!worstIsNonFinite) {
                    worstIsNonFinite = true;
                    setWorst(i, a, e);
                }
            }
            return;
        }
        double d = std::fabs(a - e);
        double absE = std::fabs(e);
        ++finiteCount;
        sumAbs += d;
        sumSq += d * d;
        dot += a * e;
        normA += a * a;
        normE += e * e;
        if (absE > maxAbsExpected) maxAbsExpected = absE;
        double rel = absE > 0 ? d / absE : (d == 0 ? 0.0 : kInf);
        if (rel > r.maxRelError) r.maxRelError = rel;
        bool ok = exact ? equalExact : d <= r.tolerance.atol + r.tolerance.rtol * absE;
        if (!ok) ++r.failingElements;
        if (d > r.maxAbsError || r.worstIndex < 0) {
            if (d > r.maxAbsError) r.maxAbsError = d;
            if (!worstIsNonFinite) setWorst(i, a, e);
        }
    }

    void setWorst(int64_t i, double a, double e) {
        r.worstIndex = i;
        r.worstActual = a;
        r.worstExpected = e;
    }

    void finish() {
        if (finiteCount > 0) {
            r.meanAbsError = sumAbs / double(finiteCount);
            r.rmse = std::sqrt(sumSq / double(finiteCount));
        }
        if (normA == 0 && normE == 0)
            r.cosineSimilarity = 1;
        else if (normA == 0 || normE == 0)
            r.cosineSimilarity = 0;
        else
            r.cosineSimilarity = dot / std::sqrt(normA * normE);
        if (sumSq == 0)
            r.snrDb = kInf;
        else if (normE == 0)
            r.snrDb = -kInf;
        else
            r.snrDb = 10.0 * std::log10(normE / sumSq);
        if (maxAbsExpected == 0)
            r.maxNormalizedError = r.maxAbsError == 0 ? 0.0 : kInf;
        else
            r.maxNormalizedError = r.maxAbsError / maxAbsExpected;
    }
};

}  // namespace

const char* comparisonStatusName(ComparisonStatus status) {
    switch (status) {
        case ComparisonStatus::Pass:
            return "PASS";
        case ComparisonStatus::Fail:
            return "FAIL";
        case ComparisonStatus::DtypeMismatch:
            return "DTYPE MISMATCH";
        case ComparisonStatus::ShapeMismatch:
            return "SHAPE MISMATCH";
    }
    return "?";
}

std::string flatIndexToString(int64_t index, const std::vector<int64_t>& dims) {
    std::vector<int64_t> coords(dims.size(), 0);
    for (size_t k = dims.size(); k-- > 0;) {
        if (dims[k] <= 0) continue;
        coords[k] = index % dims[k];
        index /= dims[k];
    }
    return dimsToString(coords);
}

std::string TensorComparison::summary() const {
    if (!mismatch.empty()) return mismatch;
    std::string s = "max_abs=" + fmt("%.3e", maxAbsError) + " max_rel=" + fmt("%.3e", maxRelError) +
                    " max_norm=" + fmt("%.3e", maxNormalizedError) +
                    " mean_abs=" + fmt("%.3e", meanAbsError) + " rmse=" + fmt("%.3e", rmse) +
                    " cos=" + fmt("%.6f", cosineSimilarity) + " snr=" + fmt("%.1f", snrDb) + "dB";
    if (failingElements > 0) s += concat(" failing=", failingElements, "/", elementCount);
    if (nonFiniteMismatches > 0) s += concat(" nonfinite_mismatches=", nonFiniteMismatches);
    if (worstIndex >= 0 && (failingElements > 0 || maxAbsError > 0))
        s += " worst" + flatIndexToString(worstIndex, expectedDims) + ": got " + fmt("%.6g", worstActual) +
             " expected " + fmt("%.6g", worstExpected);
    return s;
}

TensorComparison compareTensors(const Tensor& actual, const Tensor& expected, const Tolerance& tolerance,
                                const std::string& name) {
    TensorComparison r;
    r.name = name;
    r.tolerance = tolerance;
    r.actualType = actual.dtype();
    r.expectedType = expected.dtype();
    r.actualDims = actual.dims();
    r.expectedDims = expected.dims();
    if (!actual.defined() || !expected.defined() || actual.dtype() != expected.dtype()) {
        r.status = ComparisonStatus::DtypeMismatch;
        r.mismatch = concat("dtype mismatch: got ", actual.defined() ? actual.describe() : "nothing",
                            ", expected ", expected.defined() ? expected.describe() : "nothing");
        return r;
    }
    if (actual.dims() != expected.dims()) {
        r.status = ComparisonStatus::ShapeMismatch;
        r.mismatch = concat("shape mismatch: got ", actual.describe(), ", expected ", expected.describe());
        return r;
    }
    const DataType dt = actual.dtype();
    if (dt == DataType::String) {
        if (name.empty()) fail(ErrorKind::Unsupported, msg<Msg::CompareStringTensors>());
        fail(ErrorKind::Unsupported, msg<Msg::CompareStringTensorsNamed>("name"_a = name));
    }
    r.elementCount = actual.numel();
    const bool integral = isInteger(dt) || dt == DataType::Bool;
    Accumulator acc{r, tolerance.exactIntegers && integral};
    const int64_t n = actual.numel();
    if (dt == DataType::Float32) {
        const float* a = actual.data<float>();
        const float* e = expected.data<float>();
        for (int64_t i = 0; i < n; ++i) acc.add(i, a[i], e[i], a[i] == e[i]);
    } else if (integral) {
        // Exact equality through int64 (uint64 wraps, which keeps equality exact); stats in double.
        for (int64_t i = 0; i < n; ++i) {
            int64_t a = actual.scalarAsInt64(i), e = expected.scalarAsInt64(i);
            acc.add(i, actual.scalarAsDouble(i), expected.scalarAsDouble(i), a == e);
        }
    } else {
        for (int64_t i = 0; i < n; ++i) {
            double a = actual.scalarAsDouble(i), e = expected.scalarAsDouble(i);
            acc.add(i, a, e, a == e);
        }
    }
    acc.finish();
    bool ok;
    if (tolerance.maxNormalized && !acc.exact)
        ok = r.nonFiniteMismatches == 0 && r.maxNormalizedError <= tolerance.rtol;
    else
        ok = r.failingElements == 0;
    r.status = ok ? ComparisonStatus::Pass : ComparisonStatus::Fail;
    return r;
}

int64_t ErrorHistogram::total() const {
    int64_t n = nonFinite;
    for (int64_t c : counts) n += c;
    return n;
}

std::string ErrorHistogram::str() const {
    std::string s;
    for (size_t i = 0; i < counts.size(); ++i) {
        if (counts[i] == 0) continue;
        if (!s.empty()) s += ' ';
        s += concat(labels[i], ":", counts[i]);
    }
    if (nonFinite > 0) s += concat(s.empty() ? "" : " ", "nonfinite:", nonFinite);
    return s.empty() ? "(empty)" : s;
}

ErrorHistogram errorHistogram(const Tensor& actual, const Tensor& expected) {
    ErrorHistogram h;
    if (!actual.defined() || !expected.defined() || actual.dtype() != expected.dtype() ||
        actual.dims() != expected.dims() || actual.dtype() == DataType::String)
        return h;
    // Decades 1e-9 .. 1e0: bucket index 2 + (floor(log10 d) + 9).
    constexpr int kLowestDecade = -9, kHighestDecade = -1;
    // The same for every tensor (a per-layer comparison makes one histogram per layer output).
    static const std::vector<std::string> kLabels = [] {
        std::vector<std::string> labels{"0", "<1e-9"};
        for (int d = kLowestDecade; d <= kHighestDecade; ++d) labels.push_back(concat("1e", d, "..1e", d + 1));
        labels.back() = "1e-1..1";
        labels.push_back(">=1");
        return labels;
    }();
    h.labels = kLabels;
    h.counts.assign(h.labels.size(), 0);
    auto add = [&](double a, double e) {
        if (!std::isfinite(a) || !std::isfinite(e)) {
            ++h.nonFinite;
            return;
        }
        double d = std::fabs(a - e);
        if (d == 0) {
            ++h.counts[0];
        } else if (d >= 1) {
            ++h.counts.back();
        } else {
            int decade = int(std::floor(std::log10(d)));
            if (decade < kLowestDecade)
                ++h.counts[1];
            else
                ++h.counts[size_t(2 + decade - kLowestDecade)];
        }
    };
    const int64_t n = actual.numel();
    if (actual.dtype() == DataType::Float32) {
        const float* a = actual.data<float>();
        const float* e = expected.data<float>();
        for (int64_t i = 0; i < n; ++i) add(a[i], e[i]);
    } else {
        for (int64_t i = 0; i < n; ++i) add(actual.scalarAsDouble(i), expected.scalarAsDouble(i));
    }
    return h;
}

}  // namespace kiln
