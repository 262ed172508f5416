// Running one case: on the oracle (the reference outputs), and with one kernel of a backend under
// test, then comparing. A kernel runs as the builder would run it in a one-layer engine: inputs in
// the backend's memory (constants uploaded, host inputs left on the host, activations of rank 3-5
// in the kernel's format), applicable() asked first, backend->prepare(), run on the backend's own
// stream, outputs copied back to the host in the linear layout.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/backend_ops/harness.h"

namespace kiln::ops {

// The one-node graph of a case: inputs are graph inputs (or constants), static shapes, and output
// values typed and shaped like the reference outputs when those are known.
struct CaseGraph {
    Graph graph;
    Node* node = nullptr;
};
std::unique_ptr<CaseGraph> buildCaseGraph(const Case& c, const std::vector<Tensor>* referenceOutputs);

struct Reference {
    std::vector<Tensor> outputs;  // host, linear
    std::string error;            // non-empty: the oracle can't run the case (a harness bug)
    std::string degenerate;       // non-empty: the reference says nothing (all zeros, all NaN)
    // Non-empty: the oracle refuses the case as Unsupported for a type other than fp32 (a linear
    // Resize of integers, which ONNX leaves undefined): no backend has an answer to check.
    std::string outsideOp;
};
Reference runReference(const Case& c);

struct Tolerance {
    double atol = 0, rtol = 0;
};
// By the kernel's precision, the output type and the length of the sums behind each element.
Tolerance toleranceFor(Precision precision, DataType dtype, double reduction);

struct Comparison {
    bool ok = true;
    double maxAbsError = 0;
    double nmse = 0;      // sum (got-exp)^2 / sum exp^2, as ggml reports (0 when exp is all zero)
    std::string detail;   // the worst element on failure: "out0[2,0,5] (flat 77): got 0.31, expected 0.29"
};
Comparison compareTensors(const Tensor& got, const Tensor& expected, Tolerance tol, size_t outputIndex);

enum class TrialStatus { Ok, Fail, NotApplicable };
struct Trial {
    TrialStatus status = TrialStatus::Ok;
    std::string detail;     // why failed / not applicable
    double maxAbsError = 0;
    double nmse = 0;
};

// Everything the backend under test needs for one kernel: its def, the chosen variant's data.
struct KernelUnderTest {
    const Backend* backend = nullptr;
    const KernelDef* def = nullptr;
    std::string variantData;
};

// Whether the def's type constraints take the case's inputs (and the reference's outputs).
bool typesAccepted(const KernelDef& def, const Case& c, const Reference& ref);

Trial runTrial(const KernelUnderTest& k, const Case& c, const Reference& ref, Stream& stream);

// --perf: the median of `iterations` runs (after warm-up) in microseconds, timed with the
// backend's own timer; nullopt when not applicable. Throws what the kernel throws.
std::optional<double> timeKernel(const KernelUnderTest& k, const Case& c, Stream& stream, Timer& timer,
                                 int iterations);

}  // namespace kiln::ops
