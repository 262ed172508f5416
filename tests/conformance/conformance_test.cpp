// kiln_conformance_tests: two gtests per ONNX backend test case whose ops Kiln claims (so ctest
// counts them): onnx/Case.Run/<case> runs the imported graph on the reference Executor,
// engine/EngineCase.Run/<case> builds an engine at optimization level 3, round-trips it through
// its file bytes and runs that. A report table is printed at the end of a full run. Cases of
// unclaimed ops get no test of their own (they are not failures); they appear in the table as
// "unsupported op".
// A third mode, oracle/OracleCase.Run/<case>, runs every case whose ops all have oracle (naive)
// kernels (kernels/cpu/naive/naive.h) on a backend over those kernels alone; its summary, with
// the pass count, is printed after a run that covered all of them (--gtest_filter='oracle/*').
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>

#include <unistd.h>

#include "engine_core/onnx/importer.h"
#include "engine_core/onnx/tensor_io.h"
#include "kernels/cpu/naive/naive.h"
#include "onnx/onnx_pb.h"
#include "tests/conformance/conformance.h"

namespace kiln::conformance {
namespace {

constexpr double kRtol = 1e-3;
constexpr double kAtol = 1e-5;

const std::set<std::string>& claimedOps() {
    static const std::set<std::string> ops = [] {
        auto list = supportedOnnxOps();
        return std::set<std::string>(list.begin(), list.end());
    }();
    return ops;
}

// The source tree: where it was built, or $KILN_SOURCE_DIR (the GPU machine runs a bundle built
// elsewhere, next to a copy of the tree).
std::string sourceDir() {
    const char* env = std::getenv("KILN_SOURCE_DIR");
    return env && *env ? env : KILN_SOURCE_DIR;
}

// The ONNX test data's suites, then Kiln's own NaN/Inf suite (present even without libonnx-testdata).
const std::vector<ConformanceCase>& allCases() {
    static const std::vector<ConformanceCase> cases = [] {
        std::vector<ConformanceCase> all = discoverCases(testDataRoot(), claimedOps());
        for (auto& c : discoverSuite(sourceDir() + "/tests/conformance/nonfinite", kNonFiniteSuite, claimedOps()))
            all.push_back(std::move(c));
        return all;
    }();
    return cases;
}

const std::map<std::string, std::string>& knownFailures() {
    static const std::map<std::string, std::string> known =
        loadKnownFailures(sourceDir() + "/tests/conformance/known_failures.txt");
    return known;
}

// Engine-mode failures of cases the reference mode passes (bugs in the passes or the builder).
const std::map<std::string, std::string>& knownEngineFailures() {
    static const std::map<std::string, std::string> known =
        loadKnownFailures(sourceDir() + "/tests/conformance/known_failures_engine.txt");
    return known;
}

// Results of the cases run in this process, keyed by case index: reference and engine mode.
std::map<size_t, CaseResult>& results() {
    static std::map<size_t, CaseResult> r;
    return r;
}
std::map<size_t, CaseResult>& engineResults() {
    static std::map<size_t, CaseResult> r;
    return r;
}
std::map<size_t, EngineBuildStats>& engineStats() {
    static std::map<size_t, EngineBuildStats> r;
    return r;
}

// The reference-mode result with known_failures.txt applied; computed once per process.
const CaseResult& referenceResult(size_t index) {
    auto it = results().find(index);
    if (it != results().end()) return it->second;
    const ConformanceCase& c = allCases()[index];
    CaseResult result = runCase(c, kRtol, kAtol);
    auto known = knownFailures().find(c.id());
    if (known != knownFailures().end() && result.status == CaseStatus::Failed) {
        result.status = CaseStatus::KnownFailure;
        result.reason += " [listed: " + known->second + "]";
    }
    return results()[index] = result;
}

// The engine-mode result. A failure is known when the reference mode fails the same case and
// known_failures.txt lists it, or when known_failures_engine.txt lists it.
const CaseResult& engineResult(size_t index) {
    auto it = engineResults().find(index);
    if (it != engineResults().end()) return it->second;
    const ConformanceCase& c = allCases()[index];
    const CaseResult& reference = referenceResult(index);
    CaseResult result = runCaseEngine(c, reference, kRtol, kAtol, &engineStats()[index]);
    if (result.status == CaseStatus::Failed) {
        auto known = knownEngineFailures().find(c.id());
        if (reference.status == CaseStatus::KnownFailure) {
            result.status = CaseStatus::KnownFailure;
            result.reason += " [fails in reference mode too, listed in known_failures.txt]";
        } else if (known != knownEngineFailures().end()) {
            result.status = CaseStatus::KnownFailure;
            result.reason += " [listed: " + known->second + "]";
        }
    }
    return engineResults()[index] = result;
}

// ---- Oracle mode ----

// Constant nodes are graph plumbing (the value is the node's attribute). The naive shape ops bring
// their own Constant, registered after this one: it replaces it (the self-test below checks that
// the oracle's own kernels run).
void oracleConstantKernel(KernelContext& ctx) { ctx.setOutput(0, ctx.node().attrTensor("value")); }

const KernelRegistry& oracleRegistry() {
    static const KernelRegistry registry = [] {
        KernelRegistry r;
        naive::addNaive(r, "Constant", &oracleConstantKernel, {});
        registerNaiveKernels(r);
        return r;
    }();
    return registry;
}

std::shared_ptr<const Backend> oracleBackend() {
    static const std::shared_ptr<const Backend> backend = makeHostBackend("oracle", oracleRegistry());
    return backend;
}

// A case the oracle runs: readable, at least one op besides Constant, and every op with an oracle kernel.
bool oracleClaims(const ConformanceCase& c) {
    static const std::set<std::string> ops = [] {
        std::vector<std::string> list = naive::naiveOpTypes(oracleRegistry());
        return std::set<std::string>(list.begin(), list.end());
    }();
    if (!c.parseError.empty()) return false;
    bool computes = false;
    for (const auto& op : c.opTypes) {
        if (!ops.count(op)) return false;
        computes = computes || op != "Constant";
    }
    return computes;
}

std::map<size_t, CaseResult>& oracleResults() {
    static std::map<size_t, CaseResult> r;
    return r;
}

// The oracle's result with known_failures.txt applied (test-data defects fail every backend).
const CaseResult& oracleResult(size_t index) {
    auto it = oracleResults().find(index);
    if (it != oracleResults().end()) return it->second;
    const ConformanceCase& c = allCases()[index];
    CaseResult result = runCase(c, kRtol, kAtol, oracleBackend());
    auto known = knownFailures().find(c.id());
    if (known != knownFailures().end() && result.status == CaseStatus::Failed) {
        result.status = CaseStatus::KnownFailure;
        result.reason += " [listed: " + known->second + "]";
    }
    return oracleResults()[index] = result;
}

std::vector<size_t> oracleCaseIndices() {
    std::vector<size_t> out;
    for (size_t i = 0; i < allCases().size(); ++i)
        if (oracleClaims(allCases()[i])) out.push_back(i);
    return out;
}

std::vector<size_t> claimedCaseIndices() {
    std::vector<size_t> out;
    for (size_t i = 0; i < allCases().size(); ++i)
        if (allCases()[i].claimed()) out.push_back(i);
    return out;
}

// The parameter is an index into allCases(); printed as the case id in test listings.
struct CaseRef {
    size_t index;
};
void PrintTo(const CaseRef& ref, std::ostream* os) { *os << allCases()[ref.index].id(); }

std::vector<CaseRef> claimedCases() {
    std::vector<CaseRef> out;
    for (size_t i : claimedCaseIndices()) out.push_back({i});
    return out;
}

class Case : public ::testing::TestWithParam<CaseRef> {};

TEST_P(Case, Run) {
    const size_t index = GetParam().index;
    const ConformanceCase& c = allCases()[index];
    const CaseResult& result = referenceResult(index);
    bool isKnown = knownFailures().count(c.id()) > 0;
    switch (result.status) {
        case CaseStatus::Passed:
            EXPECT_FALSE(isKnown) << c.id() << " passes but is listed in tests/conformance/known_failures.txt: "
                                  << "remove it from the list";
            return;
        case CaseStatus::Failed: FAIL() << c.id() << " (" << c.op << "): " << result.reason;
        case CaseStatus::KnownFailure: GTEST_SKIP() << "known failure: " << result.reason;
        case CaseStatus::UnsupportedOp:
        case CaseStatus::UnsupportedFeature: GTEST_SKIP() << caseStatusName(result.status) << ": " << result.reason;
    }
}

INSTANTIATE_TEST_SUITE_P(onnx, Case, ::testing::ValuesIn(claimedCases()),
                         [](const ::testing::TestParamInfo<CaseRef>& info) {
                             return allCases()[info.param.index].testName();
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Case);

class EngineCase : public ::testing::TestWithParam<CaseRef> {};

TEST_P(EngineCase, Run) {
    const size_t index = GetParam().index;
    const ConformanceCase& c = allCases()[index];
    const CaseResult& result = engineResult(index);
    bool isKnown = knownEngineFailures().count(c.id()) > 0;
    switch (result.status) {
        case CaseStatus::Passed:
            EXPECT_FALSE(isKnown) << c.id() << " passes in engine mode but is listed in "
                                  << "tests/conformance/known_failures_engine.txt: remove it from the list";
            return;
        case CaseStatus::Failed: FAIL() << c.id() << " (" << c.op << ") in engine mode: " << result.reason;
        case CaseStatus::KnownFailure: GTEST_SKIP() << "known failure: " << result.reason;
        case CaseStatus::UnsupportedOp:
        case CaseStatus::UnsupportedFeature: GTEST_SKIP() << caseStatusName(result.status) << ": " << result.reason;
    }
}

INSTANTIATE_TEST_SUITE_P(engine, EngineCase, ::testing::ValuesIn(claimedCases()),
                         [](const ::testing::TestParamInfo<CaseRef>& info) {
                             return allCases()[info.param.index].testName();
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(EngineCase);

std::vector<CaseRef> oracleCases() {
    std::vector<CaseRef> out;
    for (size_t i : oracleCaseIndices()) out.push_back({i});
    return out;
}

class OracleCase : public ::testing::TestWithParam<CaseRef> {};

TEST_P(OracleCase, Run) {
    const size_t index = GetParam().index;
    const ConformanceCase& c = allCases()[index];
    const CaseResult& result = oracleResult(index);
    switch (result.status) {
        case CaseStatus::Passed:
            // A listed case the oracle passes is a failure of the optimized kernels, not of the data.
            if (knownFailures().count(c.id()))
                std::cout << "[ note ] " << c.id() << " passes on the oracle but is listed in known_failures.txt\n";
            return;
        case CaseStatus::Failed: FAIL() << c.id() << " (" << c.op << ") on the oracle kernels: " << result.reason;
        case CaseStatus::KnownFailure: GTEST_SKIP() << "known failure: " << result.reason;
        case CaseStatus::UnsupportedOp:
        case CaseStatus::UnsupportedFeature: GTEST_SKIP() << caseStatusName(result.status) << ": " << result.reason;
    }
}

INSTANTIATE_TEST_SUITE_P(oracle, OracleCase, ::testing::ValuesIn(oracleCases()),
                         [](const ::testing::TestParamInfo<CaseRef>& info) {
                             return allCases()[info.param.index].testName();
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(OracleCase);

TEST(Conformance, TestDataPresent) {
    if (allCases().empty())
        GTEST_SKIP() << "no ONNX backend test data under " << testDataRoot()
                     << " (install Debian's libonnx-testdata or set KILN_ONNX_TESTDATA)";
    SUCCEED() << allCases().size() << " cases found";
}

// Kiln's NaN/Inf suite (tools/make_nonfinite_cases.py) is found and covers every CPU op family
// (each case is then run by onnx/Case.Run and engine/EngineCase.Run like the ONNX test data's).
TEST(Conformance, NonFiniteSuiteCoversTheOpFamilies) {
    std::set<std::string> ops;
    size_t cases = 0;
    for (const auto& c : allCases()) {
        if (c.suite != kNonFiniteSuite) continue;
        ++cases;
        EXPECT_TRUE(c.claimed()) << c.id() << ": " << c.parseError << " unclaimed ops " << c.unclaimedOps.size();
        ops.insert(c.opTypes.begin(), c.opTypes.end());
    }
    EXPECT_GE(cases, 60u) << "tests/conformance/nonfinite is missing cases: rerun tools/make_nonfinite_cases.py";
    for (const char* op : {"Exp", "Erf", "Tanh", "Sigmoid", "Gelu", "Add", "Max", "ReduceMax", "ArgMax", "ArgMin",
                           "Softmax", "LayerNormalization", "MatMul", "Gemm", "Conv", "Cast", "MaxPool",
                           "AveragePool", "GlobalMaxPool"})
        EXPECT_TRUE(ops.count(op)) << "no NaN/Inf case runs " << op;
}

TEST(Conformance, KnownFailuresNameRealCases) {
    std::set<std::string> ids;
    for (const auto& c : allCases()) ids.insert(c.id());
    if (ids.empty()) GTEST_SKIP() << "no test data";
    for (const auto& [id, reason] : knownFailures()) {
        EXPECT_TRUE(ids.count(id)) << "known_failures.txt lists '" << id << "', which is not a test case";
        EXPECT_FALSE(reason.empty()) << "known_failures.txt lists '" << id << "' without a reason";
    }
    for (const auto& [id, reason] : knownEngineFailures()) {
        EXPECT_TRUE(ids.count(id)) << "known_failures_engine.txt lists '" << id << "', which is not a test case";
        EXPECT_FALSE(reason.empty()) << "known_failures_engine.txt lists '" << id << "' without a reason";
        EXPECT_FALSE(knownFailures().count(id)) << "'" << id << "' fails in reference mode (known_failures.txt); "
                                                << "known_failures_engine.txt is for engine-only failures";
    }
}

// The engine mode must be able to fail: node/test_abs with its input given as the expected output
// (|x| != x for the negative inputs) fails in both modes; the real expected output passes both.
TEST(Conformance, EngineModeDetectsWrongAnswer) {
    namespace fs = std::filesystem;
    fs::path source = fs::path(testDataRoot()) / "node" / "test_abs";
    if (!fs::exists(source / "model.onnx")) GTEST_SKIP() << "no " << source.string();
    fs::path dir = fs::temp_directory_path() / ("kiln_conformance_wrong_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "test_data_set_0");
    fs::copy_file(source / "model.onnx", dir / "model.onnx");
    fs::copy_file(source / "test_data_set_0" / "input_0.pb", dir / "test_data_set_0" / "input_0.pb");
    fs::copy_file(source / "test_data_set_0" / "input_0.pb", dir / "test_data_set_0" / "output_0.pb");

    ConformanceCase wrong;
    wrong.suite = "selftest";
    wrong.name = "test_abs_wrong_expected";
    wrong.dir = dir.string();
    wrong.modelPath = (dir / "model.onnx").string();
    wrong.op = "Abs";
    wrong.opTypes = {"Abs"};
    CaseResult reference = runCase(wrong, kRtol, kAtol);
    EXPECT_EQ(reference.status, CaseStatus::Failed) << reference.reason;
    EngineBuildStats stats;
    CaseResult engine = runCaseEngine(wrong, CaseResult{}, kRtol, kAtol, &stats);
    EXPECT_EQ(engine.status, CaseStatus::Failed) << engine.reason;
    EXPECT_NE(engine.reason.find("output 0"), std::string::npos) << engine.reason;
    EXPECT_TRUE(stats.built);

    fs::copy_file(source / "test_data_set_0" / "output_0.pb", dir / "test_data_set_0" / "output_0.pb",
                  fs::copy_options::overwrite_existing);
    CaseResult right = runCaseEngine(wrong, CaseResult{}, kRtol, kAtol);
    EXPECT_EQ(right.status, CaseStatus::Passed) << right.reason;
    fs::remove_all(dir);
}

// The oracle mode must be able to fail: node/test_abs with its input as the expected output fails
// on the naive kernels; the real expected output passes. And it runs nothing but the oracle's
// kernels: a graph with an op it lacks (Flatten, family B) is unsupported, not run by the optimized kernel.
TEST(Conformance, OracleModeDetectsWrongAnswerAndRunsOnlyNaiveKernels) {
    namespace fs = std::filesystem;
    fs::path source = fs::path(testDataRoot()) / "node" / "test_abs";
    if (!fs::exists(source / "model.onnx")) GTEST_SKIP() << "no " << source.string();
    fs::path dir = fs::temp_directory_path() / ("kiln_conformance_oracle_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "test_data_set_0");
    fs::copy_file(source / "model.onnx", dir / "model.onnx");
    fs::copy_file(source / "test_data_set_0" / "input_0.pb", dir / "test_data_set_0" / "input_0.pb");
    fs::copy_file(source / "test_data_set_0" / "input_0.pb", dir / "test_data_set_0" / "output_0.pb");
    ConformanceCase wrong;
    wrong.suite = "selftest";
    wrong.name = "test_abs_wrong_expected";
    wrong.dir = dir.string();
    wrong.modelPath = (dir / "model.onnx").string();
    wrong.op = "Abs";
    wrong.opTypes = {"Abs"};
    ASSERT_TRUE(oracleClaims(wrong));
    CaseResult failed = runCase(wrong, kRtol, kAtol, oracleBackend());
    EXPECT_EQ(failed.status, CaseStatus::Failed) << failed.reason;
    EXPECT_NE(failed.reason.find("output 0"), std::string::npos) << failed.reason;
    fs::copy_file(source / "test_data_set_0" / "output_0.pb", dir / "test_data_set_0" / "output_0.pb",
                  fs::copy_options::overwrite_existing);
    CaseResult passed = runCase(wrong, kRtol, kAtol, oracleBackend());
    EXPECT_EQ(passed.status, CaseStatus::Passed) << passed.reason;
    fs::remove_all(dir);

    fs::path flatten = fs::path(testDataRoot()) / "node" / "test_flatten_axis0";
    if (!fs::exists(flatten / "model.onnx")) return;
    ConformanceCase other;
    other.suite = "node";
    other.name = "test_flatten_axis0";
    other.dir = flatten.string();
    other.modelPath = (flatten / "model.onnx").string();
    other.op = "Flatten";
    other.opTypes = {"Flatten"};
    // A backend over part of the oracle (family A, no Flatten): the case is unsupported there, so
    // nothing falls through to the optimized kernels.
    static const KernelRegistry familyA = [] {
        KernelRegistry r;
        naive::registerNaiveKernelsA(r);
        return r;
    }();
    CaseResult unsupported = runCase(other, kRtol, kAtol, makeHostBackend("oracle-a", familyA));
    EXPECT_EQ(unsupported.status, CaseStatus::UnsupportedFeature) << unsupported.reason;
    EXPECT_NE(unsupported.reason.find("Flatten"), std::string::npos) << unsupported.reason;
    EXPECT_EQ(runCase(other, kRtol, kAtol).status, CaseStatus::Passed);  // the optimized kernels run it
}

// No case of the test data has dynamic input dims, so the dynamic branch of the engine mode is
// checked here: node/test_abs with its batch dim renamed "N" and a second data set of batch 1. The
// profile spans both sets (opt = the first) and the engine runs both.
TEST(Conformance, EngineModeDynamicShapesFromTestData) {
    namespace fs = std::filesystem;
    fs::path source = fs::path(testDataRoot()) / "node" / "test_abs";
    if (!fs::exists(source / "model.onnx")) GTEST_SKIP() << "no " << source.string();
    fs::path dir = fs::temp_directory_path() / ("kiln_conformance_dynamic_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "test_data_set_1");
    onnx::ModelProto model;
    {
        std::ifstream in(source / "model.onnx", std::ios::binary);
        ASSERT_TRUE(model.ParseFromIstream(&in));
    }
    for (auto* v : {model.mutable_graph()->mutable_input(0), model.mutable_graph()->mutable_output(0)})
        v->mutable_type()->mutable_tensor_type()->mutable_shape()->mutable_dim(0)->set_dim_param("N");
    {
        std::ofstream out(dir / "model.onnx", std::ios::binary);
        ASSERT_TRUE(model.SerializeToOstream(&out));
    }
    fs::copy(source / "test_data_set_0", dir / "test_data_set_0");
    Tensor x(DataType::Float32, {1, 4, 5}), y(DataType::Float32, {1, 4, 5});
    for (int64_t i = 0; i < x.numel(); ++i) {
        x.data<float>()[i] = float(i % 7) - 3.5f;
        y.data<float>()[i] = std::abs(x.data<float>()[i]);
    }
    writeTensorProtoFile((dir / "test_data_set_1" / "input_0.pb").string(), x, "x");
    writeTensorProtoFile((dir / "test_data_set_1" / "output_0.pb").string(), y, "y");

    ConformanceCase dynamic;
    dynamic.suite = "selftest";
    dynamic.name = "test_abs_dynamic_batch";
    dynamic.dir = dir.string();
    dynamic.modelPath = (dir / "model.onnx").string();
    dynamic.op = "Abs";
    dynamic.opTypes = {"Abs"};

    ImportResult imported = importOnnxFile(dynamic.modelPath);
    std::vector<testing::TestDataSet> sets;
    for (const auto& setDir : testing::listTestDataSets(dynamic.dir)) sets.push_back(testing::loadTestDataSet(setDir));
    OptimizationProfile profile = profileFromTestData(*imported.graph, sets);
    ASSERT_EQ(profile.inputs.count("x"), 1u);
    EXPECT_EQ(profile.inputs["x"], (ShapeRange{{1, 4, 5}, {3, 4, 5}, {3, 4, 5}}));

    EngineBuildStats stats;
    CaseResult engine = runCaseEngine(dynamic, CaseResult{}, kRtol, kAtol, &stats);
    EXPECT_EQ(engine.status, CaseStatus::Passed) << engine.reason;
    EXPECT_TRUE(stats.dynamicInputs);
    fs::remove_all(dir);
}

// Prints the table after a run that covered every claimed case; writes it to
// $KILN_WRITE_CONFORMANCE_DOC when set. The oracle's summary likewise after all oracle cases ran.
class ReportEnvironment : public ::testing::Environment {
public:
    void TearDown() override {
        printOracleReport();
        size_t claimed = claimedCaseIndices().size();
        if (allCases().empty() || results().size() != claimed || engineResults().size() != claimed) return;
        std::vector<TableEntry> entries;
        for (size_t i = 0; i < allCases().size(); ++i) {
            if (allCases()[i].claimed())
                entries.push_back({&allCases()[i], referenceResult(i), engineResult(i), engineStats()[i]});
            else {  // unclaimed: runCase says which ops; there is no engine to build
                CaseResult r = runCase(allCases()[i], kRtol, kAtol);
                entries.push_back({&allCases()[i], r, r, {}});
            }
        }
        std::cout << "\n" << formatReport(entries, claimedOps(), false) << std::flush;
        const char* doc = std::getenv("KILN_WRITE_CONFORMANCE_DOC");
        if (doc && *doc) {
            std::ofstream out(doc);
            out << formatReport(entries, claimedOps(), true);
            std::cout << (out ? "wrote " : "could not write ") << doc << "\n";
        }
    }

private:
    // After a run that covered every oracle case: the oracle's table and pass count.
    static void printOracleReport() {
        std::vector<size_t> indices = oracleCaseIndices();
        if (indices.empty() || oracleResults().size() != indices.size()) return;
        std::vector<OracleEntry> entries;
        for (size_t i : indices) entries.push_back({&allCases()[i], oracleResult(i)});
        std::cout << "\n"
                  << formatOracleReport(entries, "Oracle: naive kernels (family A) on the cases whose ops all have one")
                  << std::flush;
    }
};

const auto* const kReport = ::testing::AddGlobalTestEnvironment(new ReportEnvironment);

}  // namespace
}  // namespace kiln::conformance
