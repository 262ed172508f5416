// The ONNX backend-test conformance runner: discovers the cases of Debian's libonnx-testdata,
// names each case's main op, runs the cases whose ops Kiln claims, and tabulates the results.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "engine_core/builder/builder_config.h"
#include "engine_core/runtime/backend.h"
#include "tests/conformance/case_io.h"

namespace kiln::conformance {

enum class CaseStatus {
    Passed,
    Failed,              // a claimed op gave a wrong answer or an error
    KnownFailure,        // Failed, but listed in known_failures.txt
    UnsupportedOp,       // the model uses an op Kiln does not claim
    UnsupportedFeature,  // claimed op, but a dtype/attribute Kiln reports as Unsupported
};
const char* caseStatusName(CaseStatus status);

struct ConformanceCase {
    std::string suite;  // "node", "pytorch-converted", ...
    std::string name;   // "test_abs"
    std::string dir;
    std::string modelPath;
    std::string op;                    // the main op, for the table
    std::vector<std::string> opTypes;  // distinct node ops, subgraphs included; "domain:Op" off ai.onnx
    std::vector<std::string> unclaimedOps;
    std::string parseError;  // set when the model could not be read

    std::string id() const { return suite + "/" + name; }
    // A gtest-safe name: "node_test_abs", "pytorch_converted_test_Conv2d".
    std::string testName() const;
    bool claimed() const { return unclaimedOps.empty() && parseError.empty(); }
};

// What the builder did with a case in engine mode (for the report's coverage summary).
struct EngineBuildStats {
    bool built = false;
    bool dynamicInputs = false;  // some input had dynamic dims: its profile came from the test data
    size_t nodesBefore = 0;   // nodes of the imported graph
    size_t layers = 0;        // layers of the engine
    size_t tacticsTimed = 0;  // candidate tactics timed during tactic selection
    std::map<std::string, int> fired;  // rewrite -> times fired (FusionReport::fired)
};

struct CaseResult {
    CaseStatus status = CaseStatus::Passed;
    std::string reason;  // why it failed / is unsupported; empty when passed
};

// Where the test data lives: $KILN_ONNX_TESTDATA or /usr/include/onnx/backend/test/data.
std::string testDataRoot();
// The suites walked, in order.
const std::vector<std::string>& suites();

// Every case of every suite present under root, with its ops and main op; claimedOps decides
// unclaimedOps. Sorted by suite order, then name.
std::vector<ConformanceCase> discoverCases(const std::string& root, const std::set<std::string>& claimedOps);
// The cases of one folder laid out like a suite of the test data (test_*/model.onnx,
// test_data_set_*), named `suite`: Kiln's own suites, such as tests/conformance/nonfinite.
std::vector<ConformanceCase> discoverSuite(const std::string& dir, const std::string& suite,
                                           const std::set<std::string>& claimedOps);
// Kiln's own suite of NaN/+Inf/-Inf cases (tools/make_nonfinite_cases.py), under the source tree.
inline constexpr const char* kNonFiniteSuite = "kiln-nonfinite";

// Imports and runs every test_data_set_* of a claimed case, comparing with rtol/atol.
// Never throws: errors become Failed or UnsupportedFeature with the message as reason.
// `backend` (the oracle's naive kernels) replaces the default CPU backend: batches are then not
// split, and a node the backend cannot run (an op the importer introduced, such as the Flatten of
// an old Softmax) makes the case UnsupportedFeature.
CaseResult runCase(const ConformanceCase& c, double rtol, double atol,
                   std::shared_ptr<const Backend> backend = nullptr);
// runCase on a host backend over `registry` (the oracle's naive kernels, say) instead of the default one.
CaseResult runCaseOn(const ConformanceCase& c, const KernelRegistry& registry, double rtol, double atol);

// The engine mode's one optimization profile: a fully static input gets its declared shape (as
// staticProfile does); an input with dynamic dims gets min/max over the sets' shapes (input_N ↔ the
// N-th runtime input) and opt = the first set's. An input no set provides gets no range.
OptimizationProfile profileFromTestData(const Graph& graph, const std::vector<testing::TestDataSet>& sets);

// Engine mode: import → buildEngine at optimization level 3 (one profile from the declared static
// shapes, or from the test data's shapes for dynamic dims) → Engine::serialize → Engine::deserialize
// → ExecutionContext::execute on every test_data_set_*, compared with rtol/atol.
// Never throws. `reference` is runCase's result for the same case: a case the reference mode does
// not support is not run and keeps the reference's status; every engine error or wrong answer is
// Failed (an Unsupported error too: the reference ran the case, so the engine must).
CaseResult runCaseEngine(const ConformanceCase& c, const CaseResult& reference, double rtol, double atol,
                         EngineBuildStats* stats = nullptr);

// The oracle's summary: per main op, the cases run on the naive kernels and their statuses, the
// totals, then the failures, known failures and unsupported cases with their reasons.
struct OracleEntry {
    const ConformanceCase* c;
    CaseResult result;
};
std::string formatOracleReport(const std::vector<OracleEntry>& entries, const std::string& title);

// known_failures.txt: "suite/case  reason", '#' comments and blank lines ignored.
std::map<std::string, std::string> loadKnownFailures(const std::string& path);

struct TableEntry {
    const ConformanceCase* c;
    CaseResult result;  // reference mode
    CaseResult engine;  // engine mode (runCaseEngine)
    EngineBuildStats engineBuild;
};
// A Markdown report: the per-op table (reference statuses, then "engine passed") with totals, then
// failures, known failures, engine-mode failures and known failures, unsupported features with
// their reasons, and the unclaimed ops.
std::string formatReport(const std::vector<TableEntry>& entries, const std::set<std::string>& claimedOps,
                         bool withHeader);

}  // namespace kiln::conformance
