// Accuracy comparison of an actual tensor against an expected (reference) one, Polygraphy-style.
// Used by `kiln run` (against test data), later by `kiln compare` and the GUI's diff views.
//
// Pass rule, elementwise: |a - e| <= atol + rtol * |e|. Integer and bool tensors compare exactly
// unless Tolerance::exactIntegers is false. NaN matches NaN and +-inf matches the same infinity;
// any other non-finite disagreement fails and is counted in nonFiniteMismatches. Error statistics
// are computed over the element pairs where both values are finite, so they stay finite.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine_core/ir/shape.h"
#include "engine_core/ir/tensor.h"

namespace kiln {

struct Tolerance {
    double atol = 1e-5;
    double rtol = 1e-4;
    bool exactIntegers = true;  // integer and bool tensors must match exactly
    // Instead of the elementwise rule, pass when max|a-e| / max|e| <= rtol (atol unused) and
    // there is no non-finite mismatch. Floating-point tensors only; integers follow exactIntegers.
    bool maxNormalized = false;
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

    int64_t elementCount = 0;
    int64_t failingElements = 0;      // elements outside tolerance (non-finite mismatches included)
    int64_t nonFiniteMismatches = 0;  // NaN vs number, inf vs number, +inf vs -inf
    double maxAbsError = 0;
    double maxRelError = 0;  // max |a-e| / |e|; +inf if some e == 0 and a != 0
    double meanAbsError = 0;
    double rmse = 0;
    double cosineSimilarity = 1;    // 1 when both are all zeros, 0 when only one is
    double snrDb = 0;               // 10 log10(sum e^2 / sum (a-e)^2); +inf for an exact match
    double maxNormalizedError = 0;  // max|a-e| / max|e| (0/0 = 0, x/0 = +inf)
    int64_t worstIndex = -1;        // flat index of the largest |a-e| (or first non-finite mismatch)
    double worstActual = 0;
    double worstExpected = 0;

    bool passed() const { return status == ComparisonStatus::Pass; }
    // "max_abs=1.2e-06 max_rel=3.4e-05 cos=1.000000 snr=98.1dB" or the mismatch line.
    std::string summary() const;
};

TensorComparison compareTensors(const Tensor& actual, const Tensor& expected, const Tolerance& tolerance,
                                const std::string& name = "");

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
