// kiln_conformance_tests, oracle family B: every ONNX backend test case whose ops all have a naive
// kernel of family B (kernels/cpu/naive/naive.h) runs through those kernels alone — a KernelRegistry
// holding only them, wrapped in a CPU backend — so the oracle is checked against the ONNX expected
// outputs with the tolerances of the main runner. naive_b/NaiveBCase.Run/<case> per case (skipped
// when the importer refuses the model, or when known_failures.txt lists a failing case);
// NaiveBConformance.Summary prints the counts.
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <map>

#include <unistd.h>

#include "engine_core/onnx/tensor_io.h"
#include "kernels/cpu/naive/naive.h"
#include "tests/conformance/conformance.h"

namespace kiln::conformance {
namespace {

constexpr double kRtol = 1e-3;
constexpr double kAtol = 1e-5;

const KernelRegistry& naiveRegistry() {
    static const KernelRegistry registry = [] {
        KernelRegistry r;
        naive::registerNaiveKernelsB(r);
        return r;
    }();
    return registry;
}

// The ai.onnx ops with a naive family B kernel (the kiln:: fused ops appear in no test case).
std::set<std::string> naiveOps() {
    std::set<std::string> ops;
    for (const std::string& op : naiveRegistry().opTypes(BackendKind::Cpu))
        if (op.find("::") == std::string::npos) ops.insert(op);
    return ops;
}

// The cases whose ops are all naive family B ops.
const std::vector<ConformanceCase>& naiveCases() {
    static const std::vector<ConformanceCase> cases = [] {
        std::vector<ConformanceCase> out;
        for (ConformanceCase& c : discoverCases(testDataRoot(), naiveOps()))
            if (c.claimed()) out.push_back(std::move(c));
        return out;
    }();
    return cases;
}

const std::map<std::string, std::string>& knownFailures() {
    static const std::map<std::string, std::string> known =
        loadKnownFailures(std::string(KILN_SOURCE_DIR) + "/tests/conformance/known_failures.txt");
    return known;
}

// The result on the naive kernels, with known_failures.txt applied; computed once per case.
const CaseResult& naiveResult(size_t index) {
    static std::map<size_t, CaseResult> results;
    auto it = results.find(index);
    if (it != results.end()) return it->second;
    const ConformanceCase& c = naiveCases()[index];
    CaseResult result = runCaseOn(c, naiveRegistry(), kRtol, kAtol);
    auto known = knownFailures().find(c.id());
    if (known != knownFailures().end() && result.status == CaseStatus::Failed) {
        result.status = CaseStatus::KnownFailure;
        result.reason += " [listed: " + known->second + "]";
    }
    return results[index] = result;
}

struct NaiveCaseRef {
    size_t index;
};
void PrintTo(const NaiveCaseRef& ref, std::ostream* os) { *os << naiveCases()[ref.index].id(); }

std::vector<NaiveCaseRef> naiveCaseRefs() {
    std::vector<NaiveCaseRef> out;
    for (size_t i = 0; i < naiveCases().size(); ++i) out.push_back({i});
    return out;
}

class NaiveBCase : public ::testing::TestWithParam<NaiveCaseRef> {};

TEST_P(NaiveBCase, Run) {
    const ConformanceCase& c = naiveCases()[GetParam().index];
    const CaseResult& result = naiveResult(GetParam().index);
    switch (result.status) {
        case CaseStatus::Passed:
            EXPECT_FALSE(knownFailures().count(c.id()))
                << c.id() << " passes on the naive kernels but is listed in tests/conformance/known_failures.txt";
            return;
        case CaseStatus::Failed: FAIL() << c.id() << " (" << c.op << ") on the naive kernels: " << result.reason;
        case CaseStatus::KnownFailure: GTEST_SKIP() << "known failure: " << result.reason;
        case CaseStatus::UnsupportedOp:
        case CaseStatus::UnsupportedFeature: GTEST_SKIP() << caseStatusName(result.status) << ": " << result.reason;
    }
}

INSTANTIATE_TEST_SUITE_P(naive_b, NaiveBCase, ::testing::ValuesIn(naiveCaseRefs()),
                         [](const ::testing::TestParamInfo<NaiveCaseRef>& info) {
                             return naiveCases()[info.param.index].testName();
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(NaiveBCase);

// Runs every case (reusing the per-case results of this process) and prints the counts per op.
TEST(NaiveBConformance, Summary) {
    if (naiveCases().empty()) GTEST_SKIP() << "no ONNX backend test data under " << testDataRoot();
    std::map<std::string, std::map<CaseStatus, int>> perOp;
    std::map<CaseStatus, int> total;
    std::string notRun;
    for (size_t i = 0; i < naiveCases().size(); ++i) {
        const CaseResult& r = naiveResult(i);
        ++perOp[naiveCases()[i].op][r.status];
        ++total[r.status];
        if (r.status != CaseStatus::Passed)
            notRun += concat("  ", naiveCases()[i].id(), ": ", caseStatusName(r.status), ": ", r.reason.substr(0, 200), "\n");
    }
    std::cout << "Oracle family B on the ONNX backend test cases whose ops all have a naive kernel:\n";
    for (const auto& [op, counts] : perOp) {
        int n = 0;
        for (const auto& [status, k] : counts) n += k;
        std::cout << "  " << op << ": " << n << " cases, " << (counts.count(CaseStatus::Passed) ? counts.at(CaseStatus::Passed) : 0)
                  << " passed\n";
    }
    std::cout << naiveCases().size() << " cases: " << total[CaseStatus::Passed] << " passed, " << total[CaseStatus::Failed]
              << " failed, " << total[CaseStatus::KnownFailure] << " known failures, "
              << total[CaseStatus::UnsupportedFeature] << " not run (the importer refuses the model)\n";
    if (!notRun.empty()) std::cout << "Not passed:\n" << notRun;
    EXPECT_EQ(total[CaseStatus::Failed], 0);
    EXPECT_GT(total[CaseStatus::Passed], 0);
}

// The check must be able to fail: node/test_conv_with_strides_padding passes on the naive kernels with
// its expected output, and fails, naming output 0, when one expected value is off by 1.
TEST(NaiveBConformance, DetectsWrongAnswer) {
    namespace fs = std::filesystem;
    const fs::path source = fs::path(testDataRoot()) / "node" / "test_conv_with_strides_padding";
    if (!fs::exists(source / "model.onnx")) GTEST_SKIP() << "no " << source.string();
    const fs::path dir = fs::temp_directory_path() / ("kiln_naive_b_wrong_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    fs::copy(source, dir, fs::copy_options::recursive);
    ConformanceCase c;
    c.suite = "selftest";
    c.name = "test_conv_with_strides_padding_wrong_expected";
    c.dir = dir.string();
    c.modelPath = (dir / "model.onnx").string();
    c.op = "Conv";
    c.opTypes = {"Conv"};
    CaseResult right = runCaseOn(c, naiveRegistry(), kRtol, kAtol);
    EXPECT_EQ(right.status, CaseStatus::Passed) << right.reason;

    const fs::path expectedFile = dir / "test_data_set_0" / "output_0.pb";
    NamedTensor expected = readTensorProtoFile(expectedFile.string());
    Tensor wrong = expected.tensor.clone();
    wrong.data<float>()[wrong.numel() / 2] += 1.0f;
    writeTensorProtoFile(expectedFile.string(), wrong, expected.name);
    CaseResult bad = runCaseOn(c, naiveRegistry(), kRtol, kAtol);
    EXPECT_EQ(bad.status, CaseStatus::Failed) << bad.reason;
    EXPECT_NE(bad.reason.find("output 0"), std::string::npos) << bad.reason;
    fs::remove_all(dir);
}

}  // namespace
}  // namespace kiln::conformance
