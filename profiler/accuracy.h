// Accuracy comparison of an actual tensor against an expected (reference) one. Used by `kiln run`
// (against test data), `kiln compare` and Kiln Studio's accuracy view: all three take their verdict
// from compareTensors, so the CLI and the GUI can't disagree.
//
// Two pass rules (CheckRule). The default, Norm, is the error relative to the tensor's magnitude,
// max|a - e| / max|e| <= maxNorm, with a threshold per precision (defaultMaxNorm): rounding where
// values cancel to near zero can't fail a tensor whose values are O(1), and a tensor of tiny values
// can't pass because its errors are tiny. Elementwise, Polygraphy's rule, stays an option:
// |a - e| <= atol + rtol * |e| for every element. Integer and bool tensors compare exactly
// unless Tolerance::exactIntegers is false. NaN matches NaN and +-inf matches the same infinity;
// any other non-finite disagreement fails and is counted in nonFiniteMismatches. Error statistics
// are computed over the element pairs where both values are finite, so they stay finite.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine_core/ir/precision.h"
#include "engine_core/ir/shape.h"
#include "engine_core/ir/tensor.h"

namespace kiln {

enum class CheckRule {
    Norm,         // max|a-e| / max|e| <= maxNorm (the default)
    Elementwise,  // |a-e| <= atol + rtol * |e| for every element
};
const char* checkRuleName(CheckRule rule);  // "norm", "elementwise"
// "norm", "elementwise"; "max-normalized" (the old name of norm) is norm too.
std::optional<CheckRule> parseCheckRule(std::string_view name);

// The default Norm threshold for a tensor computed in `precision`, about 10-100 units in the last
// place of its format after error has built up over a network's depth:
//   fp32 1e-4, tf32 1e-2, fp16 1e-2, bf16 5e-2, int8 1e-1, fp8 2e-1.
double defaultMaxNorm(Precision precision);
// The precision among `a` and `b` whose default threshold is larger (the less exact one).
Precision looserPrecision(Precision a, Precision b);

// Below this largest |expected| a floating-point tensor's verdict is flagged (TensorComparison::
// smallValues) whatever the rule: an output of values ~1e-9 is usually a model or input problem.
constexpr double kSmallMagnitude = 1e-6;
constexpr double kDefaultAtol = 1e-5;
constexpr double kDefaultRtol = 1e-4;

struct Tolerance {
    CheckRule rule = CheckRule::Norm;
    double atol = kDefaultAtol;  // Elementwise
    double rtol = kDefaultRtol;  // Elementwise
    // Norm: one threshold for every tensor; unset, each tensor gets defaultMaxNorm of its precision.
    std::optional<double> maxNorm;
    bool exactIntegers = true;  // integer and bool tensors must match exactly

    static Tolerance elementwise(double atol, double rtol);
    static Tolerance norm(std::optional<double> maxNorm = std::nullopt);
    // The Norm threshold for a tensor computed in `precision`.
    double maxNormFor(Precision precision) const;
    // "norm: max|a-e|/max|e| <= 1e-4 for fp32 (per precision)" or "elementwise: atol 1e-05, rtol 0.0001".
    std::string describe() const;
};

// What a user asked for (CLI flags, the GUI's fields), resolved to one Tolerance by
// resolveTolerance, the rule the CLI and the GUI share: an explicit rule wins; without one, an
// explicit atol or rtol means the elementwise rule (Polygraphy's habit), and nothing means Norm with
// the per-precision thresholds. Under Norm, maxNorm (or else rtol, as `--error-mode
// max-normalized --rtol R` always meant) replaces the per-precision thresholds.
struct ToleranceChoice {
    std::optional<CheckRule> rule;
    std::optional<double> atol, rtol, maxNorm;
};
Tolerance resolveTolerance(const ToleranceChoice& choice);

// NaN and infinities in one tensor (issue 14: `kiln compare` says where they first appear).
struct NonFiniteCounts {
    int64_t nan = 0;
    int64_t posInf = 0;
    int64_t negInf = 0;
    int64_t total() const { return nan + posInf + negInf; }
    NonFiniteCounts& operator+=(const NonFiniteCounts& o) {
        nan += o.nan;
        posInf += o.posInf;
        negInf += o.negInf;
        return *this;
    }
    void add(double v) {
        if (v != v) ++nan;
        else if (v == std::numeric_limits<double>::infinity()) ++posInf;
        else if (v == -std::numeric_limits<double>::infinity()) ++negInf;
    }
    // "3 NaN, 1 +inf" (the non-zero counts); "" when there are none.
    std::string str() const;
};

enum class ComparisonStatus {
    Pass,
    Fail,           // same dtype and shape, values outside tolerance (or non-finite mismatch)
    DtypeMismatch,  // not compared
    ShapeMismatch,  // not compared
};

const char* comparisonStatusName(ComparisonStatus status);  // "PASS", "FAIL", "DTYPE MISMATCH", ...

struct TensorComparison {
    std::string name;
    ComparisonStatus status = ComparisonStatus::Fail;
    std::string mismatch;  // "dtype mismatch: got int64[2], expected fp32[2]"; empty unless a mismatch
    DataType actualType = DataType::Undefined;
    DataType expectedType = DataType::Undefined;
    std::vector<int64_t> actualDims;
    std::vector<int64_t> expectedDims;
    Tolerance tolerance;
    Precision precision = Precision::FP32;  // what the tensor was computed in (the Norm threshold follows it)
    double maxNormLimit = 0;                // the Norm threshold applied (tolerance.maxNormFor(precision))

    int64_t elementCount = 0;
    // Elements outside tolerance (non-finite mismatches included): Elementwise, |a-e| > atol +
    // rtol*|e|; Norm, |a-e| > maxNormLimit * max|e|, so a tensor fails exactly when some element does.
    int64_t failingElements = 0;
    int64_t nonFiniteMismatches = 0;  // NaN vs number, inf vs number, +inf vs -inf
    NonFiniteCounts actualNonFinite;    // NaN/inf among the actual (engine) values
    NonFiniteCounts expectedNonFinite;  // and among the expected (reference) ones
    double maxAbsError = 0;
    double maxRelError = 0;  // max |a-e| / |e|; +inf if some e == 0 and a != 0
    double meanAbsError = 0;
    double rmse = 0;
    double cosineSimilarity = 1;    // 1 when both are all zeros, 0 when only one is
    double snrDb = 0;               // 10 log10(sum e^2 / sum (a-e)^2); +inf for an exact match
    double maxNormalizedError = 0;  // max|a-e| / max|e| (0/0 = 0, x/0 = +inf)
    double maxAbsExpected = 0;      // max|e| over the finite pairs
    // The values are so small that the verdict says little: a floating-point tensor that differs
    // at all whose every |e| is below kSmallMagnitude or, under the elementwise rule, at most atol
    // (then atol passes any output of that size whatever the engine computed).
    bool smallValues = false;
    int64_t worstIndex = -1;        // flat index of the largest |a-e| (or first non-finite mismatch)
    double worstActual = 0;
    double worstExpected = 0;

    bool passed() const { return status == ComparisonStatus::Pass; }
    // Cosine and the normalized error first, the verdict's numbers:
    // "cos=1.000000 max_norm=2.1e-06 (limit 1.0e-04) max_abs=1.2e-06 max_rel=3.4e-05 ... snr=98.1dB",
    // or the mismatch line.
    std::string summary() const;
    // Why the verdict says little (smallValues), one line in English; "" otherwise.
    std::string warning() const;
};

// The verdict of one comparison under `tolerance` from its statistics: the one definition of pass
// and fail that compareTensors (and so `kiln run`, `kiln compare` and Kiln Studio) applies.
// `integral` tensors compare exactly when tolerance.exactIntegers.
ComparisonStatus verdict(const TensorComparison& c, bool integral);

// `precision`: what the actual tensor was computed in; the Norm rule's threshold follows it.
TensorComparison compareTensors(const Tensor& actual, const Tensor& expected, const Tolerance& tolerance,
                                const std::string& name = "", Precision precision = Precision::FP32);

// Distribution of |a - e| over decades, Polygraphy's error histogram on a log scale (errors of
// interest span many orders of magnitude): bucket 0 counts exact matches, then (0, 1e-9),
// [1e-9, 1e-8), ..., [1e-1, 1), [1, inf). Pairs where either side is non-finite count in nonFinite.
struct ErrorHistogram {
    std::vector<std::string> labels;  // "0", "<1e-9", "1e-9..1e-8", ..., "1e-1..1", ">=1"
    std::vector<int64_t> counts;      // parallel to labels
    int64_t nonFinite = 0;
    int64_t total() const;
    // One line: "0:12 1e-7..1e-6:3 ..." (empty buckets left out).
    std::string str() const;
};

// Empty (no buckets) when the tensors don't compare (dtype/shape mismatch, strings).
ErrorHistogram errorHistogram(const Tensor& actual, const Tensor& expected);

// "[0,2,1]" for a flat index into dims (row-major).
std::string flatIndexToString(int64_t index, const std::vector<int64_t>& dims);

}  // namespace kiln
