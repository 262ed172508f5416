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
    bool elementwise;
    bool worstIsNonFinite = false;
    int64_t finiteCount = 0;
    double sumAbs = 0, sumSq = 0, dot = 0, normA = 0, normE = 0, maxAbsExpected = 0;

    // `equalExact` is only consulted when comparing exactly (integer/bool tensors).
    void add(int64_t i, double a, double e, bool equalExact) {
        if (!std::isfinite(a) || !std::isfinite(e)) {
            r.actualNonFinite.add(a);
            r.expectedNonFinite.add(e);
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
        // Norm counts its failing elements once max|e| is known (countNormFailures).
        if (exact ? !equalExact : elementwise && d > r.tolerance.atol + r.tolerance.rtol * absE)
            ++r.failingElements;
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
        r.maxAbsExpected = maxAbsExpected;
        if (maxAbsExpected == 0)
            r.maxNormalizedError = r.maxAbsError == 0 ? 0.0 : kInf;
        else
            r.maxNormalizedError = r.maxAbsError / maxAbsExpected;
    }
};

// Calls f(i, a, e, a == e) for every element pair: the fp32 fast path, exact integers through
// int64 (uint64 wraps, which keeps equality exact) with the values in double, the rest in double.
template <typename F>
void forEachPair(const Tensor& actual, const Tensor& expected, bool integral, F&& f) {
    const int64_t n = actual.numel();
    if (actual.dtype() == DataType::Float32) {
        const float* a = actual.data<float>();
        const float* e = expected.data<float>();
        for (int64_t i = 0; i < n; ++i) f(i, double(a[i]), double(e[i]), a[i] == e[i]);
    } else if (integral) {
        for (int64_t i = 0; i < n; ++i)
            f(i, actual.scalarAsDouble(i), expected.scalarAsDouble(i),
              actual.scalarAsInt64(i) == expected.scalarAsInt64(i));
    } else {
        for (int64_t i = 0; i < n; ++i) {
            double a = actual.scalarAsDouble(i), e = expected.scalarAsDouble(i);
            f(i, a, e, a == e);
        }
    }
}

std::string limitText(double v) { return fmt("%.1e", v); }

}  // namespace

const char* checkRuleName(CheckRule rule) {
    switch (rule) {
        case CheckRule::Norm:
            return "norm";
        case CheckRule::Elementwise:
            return "elementwise";
    }
    return "?";
}

std::optional<CheckRule> parseCheckRule(std::string_view name) {
    if (name == "norm" || name == "max-normalized") return CheckRule::Norm;
    if (name == "elementwise") return CheckRule::Elementwise;
    return std::nullopt;
}

double defaultMaxNorm(Precision precision) {
    // fp32: reordered sums and fused kernels differ by a few ulp (~1e-7) per layer; 1e-4 leaves room
    // for depth and still catches a wrong kernel. tf32 and fp16 keep 10 mantissa bits (ulp ~1e-3),
    // bf16 7 (~8e-3); int8 and fp8 quantize to ~1/127 and ~1/16 of a tensor's range.
    switch (precision) {
        case Precision::FP32:
            return 1e-4;
        case Precision::TF32:
        case Precision::FP16:
            return 1e-2;
        case Precision::BF16:
            return 5e-2;
        case Precision::INT8:
            return 1e-1;
        case Precision::FP8:
            return 2e-1;
    }
    return 1e-4;
}

Precision looserPrecision(Precision a, Precision b) { return defaultMaxNorm(b) > defaultMaxNorm(a) ? b : a; }

Tolerance Tolerance::elementwise(double atol, double rtol) {
    Tolerance t;
    t.rule = CheckRule::Elementwise;
    t.atol = atol;
    t.rtol = rtol;
    return t;
}

Tolerance Tolerance::norm(std::optional<double> maxNorm) {
    Tolerance t;
    t.rule = CheckRule::Norm;
    t.maxNorm = maxNorm;
    return t;
}

double Tolerance::maxNormFor(Precision precision) const { return maxNorm ? *maxNorm : defaultMaxNorm(precision); }

std::string Tolerance::describe() const {
    switch (rule) {
        case CheckRule::Norm:
            if (maxNorm) return "norm: max|a-e|/max|e| <= " + fmt("%g", *maxNorm);
            return "norm: max|a-e|/max|e| <= per precision (fp32 " + fmt("%g", defaultMaxNorm(Precision::FP32)) +
                   ", tf32/fp16 " + fmt("%g", defaultMaxNorm(Precision::FP16)) + ", bf16 " +
                   fmt("%g", defaultMaxNorm(Precision::BF16)) + ", int8 " + fmt("%g", defaultMaxNorm(Precision::INT8)) +
                   ", fp8 " + fmt("%g", defaultMaxNorm(Precision::FP8)) + ")";
        case CheckRule::Elementwise:
            return "elementwise: |a-e| <= atol + rtol*|e|, atol " + fmt("%g", atol) + ", rtol " + fmt("%g", rtol);
    }
    return "?";
}

Tolerance resolveTolerance(const ToleranceChoice& choice) {
    const CheckRule rule =
        choice.rule ? *choice.rule : (choice.atol || choice.rtol ? CheckRule::Elementwise : CheckRule::Norm);
    Tolerance t;
    t.rule = rule;
    t.atol = choice.atol.value_or(kDefaultAtol);
    t.rtol = choice.rtol.value_or(kDefaultRtol);
    if (rule == CheckRule::Norm) t.maxNorm = choice.maxNorm ? choice.maxNorm : choice.rtol;
    return t;
}

ComparisonStatus verdict(const TensorComparison& c, bool integral) {
    if (!c.mismatch.empty()) return c.status;
    if ((integral && c.tolerance.exactIntegers) || c.tolerance.rule == CheckRule::Elementwise)
        return c.failingElements == 0 ? ComparisonStatus::Pass : ComparisonStatus::Fail;
    return c.nonFiniteMismatches == 0 && c.maxNormalizedError <= c.maxNormLimit ? ComparisonStatus::Pass
                                                                                 : ComparisonStatus::Fail;
}

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

std::string NonFiniteCounts::str() const {
    std::string s;
    auto part = [&s](int64_t n, const char* what) {
        if (n > 0) s += concat(s.empty() ? "" : ", ", n, " ", what);
    };
    part(nan, "NaN");
    part(posInf, "+inf");
    part(negInf, "-inf");
    return s;
}

std::string TensorComparison::summary() const {
    if (!mismatch.empty()) return mismatch;
    // The verdict's own numbers first: cosine, then the error relative to the tensor's magnitude.
    std::string s = "cos=" + fmt("%.6f", cosineSimilarity) + " max_norm=" + fmt("%.3e", maxNormalizedError);
    if (tolerance.rule == CheckRule::Norm) s += " (limit " + limitText(maxNormLimit) + ")";
    s += " max_abs=" + fmt("%.3e", maxAbsError) + " max_rel=" + fmt("%.3e", maxRelError) +
         " mean_abs=" + fmt("%.3e", meanAbsError) + " rmse=" + fmt("%.3e", rmse) + " snr=" + fmt("%.1f", snrDb) +
         "dB";
    if (failingElements > 0) s += concat(" failing=", failingElements, "/", elementCount);
    if (nonFiniteMismatches > 0) s += concat(" nonfinite_mismatches=", nonFiniteMismatches);
    if (actualNonFinite.total() > 0 || expectedNonFinite.total() > 0)
        s += concat(" nan=", actualNonFinite.nan, " inf=", actualNonFinite.posInf + actualNonFinite.negInf,
                    " (reference nan=", expectedNonFinite.nan, " inf=",
                    expectedNonFinite.posInf + expectedNonFinite.negInf, ")");
    if (worstIndex >= 0 && (failingElements > 0 || maxAbsError > 0))
        s += " worst" + flatIndexToString(worstIndex, expectedDims) + ": got " + fmt("%.6g", worstActual) +
             " expected " + fmt("%.6g", worstExpected);
    return s;
}

std::string TensorComparison::warning() const {
    if (!smallValues) return {};
    if (tolerance.rule == CheckRule::Elementwise && maxAbsExpected <= tolerance.atol)
        return "every |expected| is at most atol " + fmt("%g", tolerance.atol) + " (max " +
               fmt("%.3g", maxAbsExpected) +
               "): the absolute tolerance passes values this small whatever they are; judge by cos and max_norm";
    return "the expected values are tiny (max |expected| " + fmt("%.3g", maxAbsExpected) +
           "): the output may carry no signal, and rounding of larger values upstream can dominate its error";
}

TensorComparison compareTensors(const Tensor& actual, const Tensor& expected, const Tolerance& tolerance,
                                const std::string& name, Precision precision) {
    TensorComparison r;
    r.name = name;
    r.tolerance = tolerance;
    r.precision = precision;
    r.maxNormLimit = tolerance.maxNormFor(precision);
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
    const bool exact = tolerance.exactIntegers && integral;
    Accumulator acc{r, exact, tolerance.rule == CheckRule::Elementwise};
    forEachPair(actual, expected, integral, [&](int64_t i, double a, double e, bool same) { acc.add(i, a, e, same); });
    acc.finish();
    // Norm: an element fails when its error exceeds the limit times the tensor's magnitude. Counted
    // in a second pass, and only when some element does.
    if (!exact && tolerance.rule == CheckRule::Norm && r.maxNormalizedError > r.maxNormLimit) {
        const double bound = r.maxNormLimit * r.maxAbsExpected;
        forEachPair(actual, expected, integral, [&](int64_t, double a, double e, bool) {
            if (std::isfinite(a) && std::isfinite(e) && std::fabs(a - e) > bound) ++r.failingElements;
        });
    }
    r.smallValues = !integral && r.elementCount > 0 && r.maxAbsError > 0 &&
                    (r.maxAbsExpected < kSmallMagnitude ||
                     (tolerance.rule == CheckRule::Elementwise && r.maxAbsExpected <= tolerance.atol));
    r.status = verdict(r, integral);
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
