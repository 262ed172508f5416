// kiln_conformance_tests: one gtest per ONNX backend test case whose ops Kiln claims (so ctest
// counts them), plus a report table printed at the end of a full run. Cases of unclaimed ops get
// no test of their own (they are not failures); they appear in the table as "unsupported op".
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>

#include "engine_core/onnx/importer.h"
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

const std::vector<ConformanceCase>& allCases() {
    static const std::vector<ConformanceCase> cases = discoverCases(testDataRoot(), claimedOps());
    return cases;
}

const std::map<std::string, std::string>& knownFailures() {
    static const std::map<std::string, std::string> known =
        loadKnownFailures(std::string(KILN_SOURCE_DIR) + "/tests/conformance/known_failures.txt");
    return known;
}

// Results of the cases run in this process, keyed by case index.
std::map<size_t, CaseResult>& results() {
    static std::map<size_t, CaseResult> r;
    return r;
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
    CaseResult result = runCase(c, kRtol, kAtol);
    auto known = knownFailures().find(c.id());
    bool isKnown = known != knownFailures().end();
    if (isKnown && result.status == CaseStatus::Failed) {
        result.status = CaseStatus::KnownFailure;
        result.reason += " [listed: " + known->second + "]";
    }
    results()[index] = result;
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

TEST(Conformance, TestDataPresent) {
    if (allCases().empty())
        GTEST_SKIP() << "no ONNX backend test data under " << testDataRoot()
                     << " (install Debian's libonnx-testdata or set KILN_ONNX_TESTDATA)";
    SUCCEED() << allCases().size() << " cases found";
}

TEST(Conformance, KnownFailuresNameRealCases) {
    std::set<std::string> ids;
    for (const auto& c : allCases()) ids.insert(c.id());
    if (ids.empty()) GTEST_SKIP() << "no test data";
    for (const auto& [id, reason] : knownFailures()) {
        EXPECT_TRUE(ids.count(id)) << "known_failures.txt lists '" << id << "', which is not a test case";
        EXPECT_FALSE(reason.empty()) << "known_failures.txt lists '" << id << "' without a reason";
    }
}

// Prints the table after a run that covered every claimed case; writes it to
// $KILN_WRITE_CONFORMANCE_DOC when set.
class ReportEnvironment : public ::testing::Environment {
public:
    void TearDown() override {
        if (allCases().empty() || results().size() != claimedCaseIndices().size()) return;
        std::vector<TableEntry> entries;
        for (size_t i = 0; i < allCases().size(); ++i) {
            auto it = results().find(i);
            entries.push_back({&allCases()[i], it != results().end() ? it->second : runCase(allCases()[i], kRtol, kAtol)});
        }
        std::cout << "\n" << formatReport(entries, claimedOps(), false) << std::flush;
        const char* doc = std::getenv("KILN_WRITE_CONFORMANCE_DOC");
        if (doc && *doc) {
            std::ofstream out(doc);
            out << formatReport(entries, claimedOps(), true);
            std::cout << (out ? "wrote " : "could not write ") << doc << "\n";
        }
    }
};

const auto* const kReport = ::testing::AddGlobalTestEnvironment(new ReportEnvironment);

}  // namespace
}  // namespace kiln::conformance
