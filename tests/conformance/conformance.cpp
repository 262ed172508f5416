#include "tests/conformance/conformance.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "engine_core/builder/builder.h"
#include "engine_core/builder/execution_context.h"
#include "engine_core/common/error.h"
#include "engine_core/onnx/importer.h"
#include "engine_core/runtime/kernel.h"
#include "onnx/onnx_pb.h"
#include "tests/conformance/case_io.h"

namespace fs = std::filesystem;

namespace kiln::conformance {

const char* caseStatusName(CaseStatus status) {
    switch (status) {
        case CaseStatus::Passed: return "passed";
        case CaseStatus::Failed: return "FAILED";
        case CaseStatus::KnownFailure: return "known failure";
        case CaseStatus::UnsupportedOp: return "unsupported op";
        case CaseStatus::UnsupportedFeature: return "unsupported dtype/attribute/opset";
    }
    return "?";
}

std::string ConformanceCase::testName() const {
    std::string out = suite + "_" + name;
    for (char& ch : out)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
    return out;
}

std::string testDataRoot() {
    const char* env = std::getenv("KILN_ONNX_TESTDATA");
    return env && *env ? env : "/usr/include/onnx/backend/test/data";
}

const std::vector<std::string>& suites() {
    static const std::vector<std::string> names = {"node", "pytorch-converted", "pytorch-operator", "simple"};
    return names;
}

namespace {

void collectOps(const onnx::GraphProto& graph, std::set<std::string>& ops) {
    for (const auto& node : graph.node()) {
        const std::string& domain = node.domain();
        ops.insert(domain.empty() || domain == "ai.onnx" ? node.op_type() : domain + ":" + node.op_type());
        for (const auto& attr : node.attribute()) {
            if (attr.has_g()) collectOps(attr.g(), ops);
            for (const auto& g : attr.graphs()) collectOps(g, ops);
        }
    }
}

std::string normalised(const std::string& s) {
    std::string out;
    for (char ch : s)
        if (ch != '_') out += char(std::tolower(static_cast<unsigned char>(ch)));
    return out;
}

// The op a case is about: its single non-Constant op; for "<base>_expanded*" cases the op of
// <base>; else the longest op of the model whose name prefixes the case name; else "multi-op".
std::string mainOp(const ConformanceCase& c, const std::map<std::string, const ConformanceCase*>& byId) {
    std::vector<std::string> ops;
    for (const auto& op : c.opTypes)
        if (op != "Constant") ops.push_back(op);
    if (ops.empty()) return c.opTypes.empty() ? "(empty)" : "Constant";
    if (ops.size() == 1) return ops.front();
    size_t expanded = c.name.find("_expanded");
    if (expanded != std::string::npos) {
        auto it = byId.find(c.suite + "/" + c.name.substr(0, expanded));
        if (it != byId.end()) {
            const ConformanceCase& base = *it->second;
            std::vector<std::string> baseOps;
            for (const auto& op : base.opTypes)
                if (op != "Constant") baseOps.push_back(op);
            if (baseOps.size() == 1) return baseOps.front() + " (expanded)";
        }
    }
    std::string caseKey = normalised(c.name.substr(c.name.rfind("test_", 0) == 0 ? 5 : 0));
    std::string best;
    for (const auto& op : ops) {
        std::string key = normalised(op);
        if (caseKey.rfind(key, 0) == 0 && key.size() > best.size()) best = op;
    }
    if (!best.empty()) return expanded != std::string::npos ? best + " (expanded)" : best;
    return "multi-op";
}

}  // namespace

namespace {

// The cases of one suite folder, appended to `cases` (op types and claims filled in, main op not yet).
void discoverSuiteInto(std::vector<ConformanceCase>& cases, const fs::path& dir, const std::string& suite,
                       const std::set<std::string>& claimedOps) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return;
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.is_directory()) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    for (const auto& name : names) {
        ConformanceCase c;
        c.suite = suite;
        c.name = name;
        c.dir = (dir / name).string();
        c.modelPath = testing::findModelFile(c.dir);
        onnx::ModelProto model;
        std::ifstream in(c.modelPath, std::ios::binary);
        if (c.modelPath.empty() || !in) {
            c.parseError = "no model.onnx in " + c.dir;
        } else if (!model.ParseFromIstream(&in)) {
            c.parseError = "cannot parse " + c.modelPath + " as an ONNX model";
        } else {
            std::set<std::string> ops;
            collectOps(model.graph(), ops);
            c.opTypes.assign(ops.begin(), ops.end());
            for (const auto& op : c.opTypes)
                if (!claimedOps.count(op)) c.unclaimedOps.push_back(op);
        }
        cases.push_back(std::move(c));
    }
}

void nameMainOps(std::vector<ConformanceCase>& cases) {
    std::map<std::string, const ConformanceCase*> byId;
    for (const auto& c : cases) byId[c.id()] = &c;
    for (auto& c : cases) c.op = c.parseError.empty() ? mainOp(c, byId) : "(unreadable)";
}

}  // namespace

std::vector<ConformanceCase> discoverCases(const std::string& root, const std::set<std::string>& claimedOps) {
    std::vector<ConformanceCase> cases;
    for (const auto& suite : suites()) discoverSuiteInto(cases, fs::path(root) / suite, suite, claimedOps);
    nameMainOps(cases);
    return cases;
}

std::vector<ConformanceCase> discoverSuite(const std::string& dir, const std::string& suite,
                                           const std::set<std::string>& claimedOps) {
    std::vector<ConformanceCase> cases;
    discoverSuiteInto(cases, dir, suite, claimedOps);
    nameMainOps(cases);
    return cases;
}

namespace {

CaseResult fromError(const Error& e, const std::string& stage) {
    if (e.kind() == ErrorKind::Unsupported) return {CaseStatus::UnsupportedFeature, stage + ": " + e.what()};
    return {CaseStatus::Failed, stage + ": " + errorKindName(e.kind()) + ": " + e.what()};
}

std::string oneLine(std::string s) {
    std::replace(s.begin(), s.end(), '\n', ' ');
    return s;
}

// The outputs of one run against a test data set's expected outputs (input_N ↔ the graph's N-th
// output): Passed, or Failed naming the set, the output and the first mismatch.
CaseResult compareOutputs(const std::string& setName, const Graph& graph, const TensorMap& outputs,
                          const testing::TestDataSet& data, double rtol, double atol) {
    const auto& declared = graph.outputs();
    if (declared.size() < data.outputs.size())
        return {CaseStatus::Failed,
                concat(setName, ": the graph has ", declared.size(), " outputs, the test data ", data.outputs.size())};
    for (size_t i = 0; i < data.outputs.size(); ++i) {
        auto it = outputs.find(declared[i]->name);
        if (it == outputs.end())
            return {CaseStatus::Failed, concat(setName, ": output '", declared[i]->name, "' missing from the run")};
        Tensor expected = testing::bfloat16FromUint16(data.outputs[i].tensor, it->second.dtype());
        testing::TensorDiff diff = testing::compareAllClose(it->second, expected, rtol, atol);
        if (!diff.pass)
            return {CaseStatus::Failed, concat(setName, ": output ", i, " '", declared[i]->name, "': ", diff.detail)};
    }
    return {CaseStatus::Passed, ""};
}

CaseResult runCaseUnchecked(const ConformanceCase& c, double rtol, double atol,
                            const std::shared_ptr<const Backend>& backend) {
    ImportResult imported;
    try {
        ImportOptions options;
        options.allowUnsupported = true;
        imported = importOnnxFile(c.modelPath, options);
    } catch (const Error& e) {
        return fromError(e, "import");
    }
    if (!imported.unsupported.empty()) {
        std::string why;
        for (const auto& u : imported.unsupported)
            why += concat(why.empty() ? "" : "; ", u.opType, " node ", u.nodeIndex, " '", u.nodeName,
                          "': ", u.reason);
        return {CaseStatus::UnsupportedFeature, "import: " + why};
    }
    std::unique_ptr<Executor> executor;
    try {
        executor = std::make_unique<Executor>(*imported.graph, backend);
    } catch (const Error& e) {
        // A claimed op with no CPU kernel at all is a broken claim, not an unsupported feature. (On
        // another backend, the nodes it cannot run are ops the importer introduced: unsupported.)
        for (const Node* node : imported.graph->nodes())
            if (!backend && !cpuKernelRegistry().find(node->opType, node->domain))
                return {CaseStatus::Failed, concat("plan: op ", node->opType, " is claimed but has no CPU kernel")};
        return fromError(e, "plan");
    }
    auto sets = testing::listTestDataSets(c.dir);
    if (sets.empty()) return {CaseStatus::Failed, "no test_data_set_* in " + c.dir};
    for (const auto& setDir : sets) {
        std::string setName = fs::path(setDir).filename().string();
        testing::TestDataSet data;
        try {
            data = testing::loadTestDataSet(setDir);
        } catch (const Error& e) {
            return fromError(e, setName + " (reading test data)");
        }
        TensorMap outputs;
        try {
            RunOptions options;
            options.batchSplit = backend == nullptr;  // the oracle runs whole batches, on one thread
            outputs = executor->run(testing::bindInputs(*imported.graph, data.inputs), options);
        } catch (const Error& e) {
            return fromError(e, setName + " (run)");
        }
        CaseResult compared = compareOutputs(setName, *imported.graph, outputs, data, rtol, atol);
        if (compared.status != CaseStatus::Passed) return compared;
    }
    return {CaseStatus::Passed, ""};
}

}  // namespace

CaseResult runCaseOn(const ConformanceCase& c, const KernelRegistry& registry, double rtol, double atol) {
    return runCase(c, rtol, atol, makeHostBackend("oracle", registry));
}

CaseResult runCase(const ConformanceCase& c, double rtol, double atol, std::shared_ptr<const Backend> backend) {
    if (!c.parseError.empty()) return {CaseStatus::Failed, c.parseError};
    if (!c.unclaimedOps.empty()) {
        std::string ops;
        for (const auto& op : c.unclaimedOps) ops += (ops.empty() ? "" : ", ") + op;
        return {CaseStatus::UnsupportedOp, "unclaimed op(s): " + ops};
    }
    CaseResult result;
    try {
        result = runCaseUnchecked(c, rtol, atol, backend);
    } catch (const std::exception& e) {  // a non-Kiln exception is a bug: report it as a failure
        result = {CaseStatus::Failed, std::string("unexpected exception: ") + e.what()};
    }
    result.reason = oneLine(result.reason);
    return result;
}

namespace {

CaseResult engineFailure(const std::string& stage, const Error& e) {
    return {CaseStatus::Failed, stage + ": " + errorKindName(e.kind()) + ": " + e.what()};
}


CaseResult runCaseEngineUnchecked(const ConformanceCase& c, double rtol, double atol, EngineBuildStats& stats) {
    ImportResult imported;
    try {
        ImportOptions options;
        options.allowUnsupported = true;
        imported = importOnnxFile(c.modelPath, options);
    } catch (const Error& e) {
        return engineFailure("import", e);
    }
    if (!imported.unsupported.empty())
        return {CaseStatus::Failed, concat("import: ", imported.unsupported.size(), " unsupported node(s), the first ",
                                           imported.unsupported.front().opType, ": ", imported.unsupported.front().reason)};
    std::vector<testing::TestDataSet> sets;
    for (const auto& setDir : testing::listTestDataSets(c.dir)) {
        try {
            sets.push_back(testing::loadTestDataSet(setDir));
        } catch (const Error& e) {
            return engineFailure(fs::path(setDir).filename().string() + " (reading test data)", e);
        }
    }
    if (sets.empty()) return {CaseStatus::Failed, "no test_data_set_* in " + c.dir};

    BuilderConfig config;
    config.optimizationLevel = 3;
    config.profiles = {profileFromTestData(*imported.graph, sets)};
    // KILN_CONFORMANCE_BACKEND=cuda builds the engines for that backend (scripts/gpu_test.sh): its
    // layers run there, the rest fall back to the CPU behind copy layers.
    if (const char* backend = std::getenv("KILN_CONFORMANCE_BACKEND"); backend && *backend) config.backend = backend;
    for (const Value* v : imported.graph->runtimeInputs())
        stats.dynamicInputs = stats.dynamicInputs || !v->shape.rankKnown || !v->shape.isStatic();
    // Tactic selection still runs (every candidate is probed and timed once); more timing
    // iterations would only slow the suite down.
    config.timingWarmup = 0;
    config.timingIterations = 1;
    std::shared_ptr<const Engine> built;
    try {
        BuildReport report;
        BuildOptions options;
        options.report = &report;
        built = buildEngine(*imported.graph, config, {}, options);
        stats.built = true;
        stats.nodesBefore = report.fusion.originalNodeCount;
        stats.layers = report.layers;
        stats.tacticsTimed = report.tacticsTimed;
        stats.fired = report.fusion.fired;
    } catch (const Error& e) {
        return engineFailure("build", e);
    }
    // The engine that runs is the one read back from the file bytes, so the round trip is covered.
    std::shared_ptr<const Engine> engine;
    try {
        std::string bytes = built->serialize();
        engine = Engine::deserialize(bytes, c.id() + ".kiln");
        if (engine->serialize() != bytes)
            return {CaseStatus::Failed, "engine file round trip: serialize(deserialize(bytes)) differs from bytes"};
    } catch (const Error& e) {
        return engineFailure("engine file round trip", e);
    }
    std::unique_ptr<ExecutionContext> context = engine->createExecutionContext();
    for (const auto& data : sets) {
        std::string setName = fs::path(data.dir).filename().string();
        TensorMap outputs;
        try {
            outputs = context->execute(testing::bindInputs(*imported.graph, data.inputs));
        } catch (const Error& e) {
            return engineFailure(setName + " (execute)", e);
        }
        CaseResult compared = compareOutputs(setName, *imported.graph, outputs, data, rtol, atol);
        if (compared.status != CaseStatus::Passed) return compared;
    }
    return {CaseStatus::Passed, ""};
}

}  // namespace

OptimizationProfile profileFromTestData(const Graph& graph, const std::vector<testing::TestDataSet>& sets) {
    OptimizationProfile profile;
    std::vector<Value*> inputs = graph.runtimeInputs();
    for (size_t i = 0; i < inputs.size(); ++i) {
        const Value& v = *inputs[i];
        if (v.shape.rankKnown && v.shape.isStatic()) {
            std::vector<int64_t> dims = v.shape.staticDims();
            profile.inputs[v.name] = ShapeRange{dims, dims, dims};
            continue;
        }
        std::optional<ShapeRange> range;
        for (const auto& set : sets) {
            if (i >= set.inputs.size()) continue;
            const std::vector<int64_t>& dims = set.inputs[i].tensor.dims();
            if (!range) {
                range = ShapeRange{dims, dims, dims};
            } else if (dims.size() == range->min.size()) {  // a rank change is refused at execute, naming the input
                for (size_t d = 0; d < dims.size(); ++d) {
                    range->min[d] = std::min(range->min[d], dims[d]);
                    range->max[d] = std::max(range->max[d], dims[d]);
                }
            }
        }
        if (range) profile.inputs[v.name] = *range;
    }
    return profile;
}

CaseResult runCaseEngine(const ConformanceCase& c, const CaseResult& reference, double rtol, double atol,
                         EngineBuildStats* stats) {
    switch (reference.status) {
        case CaseStatus::UnsupportedOp:
        case CaseStatus::UnsupportedFeature: return reference;  // not supported: nothing to build
        case CaseStatus::Passed:
        case CaseStatus::Failed:
        case CaseStatus::KnownFailure: break;
    }
    if (!c.parseError.empty()) return {CaseStatus::Failed, c.parseError};
    CaseResult result;
    EngineBuildStats local;
    try {
        result = runCaseEngineUnchecked(c, rtol, atol, stats ? *stats : local);
    } catch (const std::exception& e) {  // a non-Kiln exception is a bug: report it as a failure
        result = {CaseStatus::Failed, std::string("unexpected exception: ") + e.what()};
    }
    result.reason = oneLine(result.reason);
    return result;
}

std::string formatOracleReport(const std::vector<OracleEntry>& entries, const std::string& title) {
    struct Row {
        int cases = 0, passed = 0, failed = 0, known = 0, unsupported = 0;
    };
    std::map<std::string, Row> rows;
    Row total;
    for (const auto& e : entries) {
        for (Row* r : {&rows[e.c->op], &total}) {
            ++r->cases;
            switch (e.result.status) {
                case CaseStatus::Passed: ++r->passed; break;
                case CaseStatus::Failed: ++r->failed; break;
                case CaseStatus::KnownFailure: ++r->known; break;
                case CaseStatus::UnsupportedOp:
                case CaseStatus::UnsupportedFeature: ++r->unsupported; break;
            }
        }
    }
    std::ostringstream os;
    os << "## " << title << "\n\n| op | cases | passed | failed | known failure | unsupported |\n|---|---:|---:|---:|---:|---:|\n";
    auto printRow = [&](const std::string& name, const Row& r) {
        os << "| " << name << " | " << r.cases << " | " << r.passed << " | " << r.failed << " | " << r.known << " | "
           << r.unsupported << " |\n";
    };
    for (const auto& [op, row] : rows) printRow(op, row);
    printRow("**total**", total);
    os << "\n" << total.cases << " cases: " << total.passed << " passed, " << total.failed << " failed, " << total.known
       << " known failures, " << total.unsupported << " unsupported.\n";
    auto listCases = [&](const std::string& heading, auto wanted) {
        bool any = false;
        for (const auto& e : entries) {
            if (!wanted(e.result.status)) continue;
            if (!any) os << "\n### " << heading << "\n\n";
            any = true;
            std::string reason = e.result.reason;
            if (reason.size() > 300) reason = reason.substr(0, 297) + "...";
            os << "- `" << e.c->id() << "` (" << e.c->op << "): " << reason << "\n";
        }
    };
    listCases("Failures", [](CaseStatus s) { return s == CaseStatus::Failed; });
    listCases("Known failures", [](CaseStatus s) { return s == CaseStatus::KnownFailure; });
    listCases("Unsupported", [](CaseStatus s) {
        return s == CaseStatus::UnsupportedOp || s == CaseStatus::UnsupportedFeature;
    });
    return os.str();
}

std::map<std::string, std::string> loadKnownFailures(const std::string& path) {
    std::map<std::string, std::string> known;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        size_t start = line.find_first_not_of(" \t");
        if (start == std::string::npos || line[start] == '#') continue;
        size_t end = line.find_first_of(" \t", start);
        std::string id = line.substr(start, end == std::string::npos ? std::string::npos : end - start);
        std::string reason;
        if (end != std::string::npos) {
            size_t r = line.find_first_not_of(" \t", end);
            if (r != std::string::npos) reason = line.substr(r);
        }
        known[id] = reason;
    }
    return known;
}

std::string formatReport(const std::vector<TableEntry>& entries, const std::set<std::string>& claimedOps,
                         bool withHeader) {
    struct Row {
        int cases = 0, passed = 0, failed = 0, known = 0, unsupportedOp = 0, unsupportedFeature = 0;
        int enginePassed = 0, engineFailed = 0, engineKnown = 0;
    };
    std::map<std::string, Row> rows;
    Row total;
    for (const auto& e : entries) {
        Row& row = rows[e.c->op];
        for (Row* r : {&row, &total}) {
            ++r->cases;
            switch (e.result.status) {
                case CaseStatus::Passed: ++r->passed; break;
                case CaseStatus::Failed: ++r->failed; break;
                case CaseStatus::KnownFailure: ++r->known; break;
                case CaseStatus::UnsupportedOp: ++r->unsupportedOp; break;
                case CaseStatus::UnsupportedFeature: ++r->unsupportedFeature; break;
            }
            switch (e.engine.status) {
                case CaseStatus::Passed: ++r->enginePassed; break;
                case CaseStatus::Failed: ++r->engineFailed; break;
                case CaseStatus::KnownFailure: ++r->engineKnown; break;
                case CaseStatus::UnsupportedOp:
                case CaseStatus::UnsupportedFeature: break;
            }
        }
    }
    std::ostringstream os;
    if (withHeader) {
        os << "# ONNX backend-test conformance (CPU reference)\n\n"
           << "Generated by `kiln_conformance_tests` with `KILN_WRITE_CONFORMANCE_DOC=docs/conformance.md` over "
              "Debian's `libonnx-testdata` (`"
           << testDataRoot()
           << "/{node,pytorch-converted,pytorch-operator,simple}`). A case is *unsupported op* when its model "
              "uses an op Kiln does not claim; *unsupported dtype/attr/opset* when Kiln claims the op but reports "
              "a dtype, an attribute value or the model's opset (Kiln imports opsets 7..21) as unsupported "
              "(reasons below); *failed* covers wrong answers and errors, including a claimed op without a CPU "
              "kernel; *known failure* when it gives a wrong "
              "answer or an error and is listed in `tests/conformance/known_failures.txt`. Floats compare with "
              "rtol 1e-3, atol 1e-5 (NaN equals NaN); integers and bools exactly. `claimed` says whether Kiln "
              "claims the row's op; `(expanded)` rows are the function-expanded forms of the op.\n\n"
           << "*engine passed* counts the cases that also pass in **engine mode**: the imported model is built "
              "with `buildEngine` at optimization level 3 (all passes: constant folding, eliminations, fusions) "
              "with one optimization profile (the declared shape of each static input; for inputs with dynamic "
              "dims, min/max over the test data sets' shapes and opt = the first set's), tactic selection on, then "
              "the engine is serialized, deserialized (the bytes must round-trip identically) and the *deserialized* "
              "engine runs every test data set through an `ExecutionContext`, compared with the same tolerances. "
              "Cases the reference mode does not support are not built. Each case is a second gtest "
              "(`conformance.engine/EngineCase.Run/<case>` in ctest). An engine-mode failure of a case the "
              "reference passes is a bug in the passes or the builder: it is listed under *Engine-mode failures*, "
              "or under *Engine-mode known failures* with its cause when it is in "
              "`tests/conformance/known_failures_engine.txt`.\n\n";
    }
    os << "| op | claimed | cases | passed | failed | known failure | unsupported op | unsupported dtype/attr/opset "
          "| engine passed |\n"
       << "|---|---|---:|---:|---:|---:|---:|---:|---:|\n";
    auto printRow = [&](const std::string& name, const std::string& claimed, const Row& r) {
        os << "| " << name << " | " << claimed << " | " << r.cases << " | " << r.passed << " | " << r.failed << " | "
           << r.known << " | " << r.unsupportedOp << " | " << r.unsupportedFeature << " | " << r.enginePassed
           << " |\n";
    };
    for (const auto& [op, row] : rows) {
        std::string base = op.substr(0, op.find(" (expanded)"));
        printRow(op, claimedOps.count(base) ? "yes" : "no", row);
    }
    printRow("**total**", "", total);
    os << "\n" << total.cases << " cases: " << total.passed << " passed, " << total.failed << " failed, " << total.known
       << " known failures, " << total.unsupportedOp << " unsupported op, " << total.unsupportedFeature
       << " unsupported dtype/attribute/opset.\n"
       << "Engine mode (level 3, serialized and deserialized): " << total.enginePassed << " passed, "
       << total.engineFailed << " failed, " << total.engineKnown << " known failures.\n";

    auto listCases = [&](CaseStatus status, const std::string& title, bool engine = false) {
        bool any = false;
        for (const auto& e : entries) {
            const CaseResult& r = engine ? e.engine : e.result;
            if (r.status != status) continue;
            if (!any) os << "\n## " << title << "\n\n";
            any = true;
            std::string reason = r.reason;
            if (reason.size() > 300) reason = reason.substr(0, 297) + "...";
            os << "- `" << e.c->id() << "` (" << e.c->op << "): " << reason << "\n";
        }
    };
    listCases(CaseStatus::Failed, "Failures");
    listCases(CaseStatus::KnownFailure, "Known failures");
    listCases(CaseStatus::Failed, "Engine-mode failures", true);
    listCases(CaseStatus::KnownFailure, "Engine-mode known failures", true);
    listCases(CaseStatus::UnsupportedFeature, "Unsupported dtype/attribute/opset");

    // How much of the optimizer the suite exercises: most node tests are a single op, which the
    // level-3 passes leave alone, so a high "engine passed" alone would overstate the coverage.
    size_t built = 0, changed = 0, nodesBefore = 0, layers = 0, timed = 0, dynamic = 0;
    std::map<std::string, std::pair<int, int>> fired;  // rewrite -> (cases, times)
    for (const auto& e : entries) {
        const EngineBuildStats& s = e.engineBuild;
        if (!s.built) continue;
        ++built;
        nodesBefore += s.nodesBefore;
        layers += s.layers;
        if (s.tacticsTimed > 0) ++timed;
        if (s.dynamicInputs) ++dynamic;
        bool any = s.nodesBefore != s.layers;
        for (const auto& [name, n] : s.fired) {
            if (n <= 0) continue;
            any = true;
            ++fired[name].first;
            fired[name].second += n;
        }
        if (any) ++changed;
    }
    if (built > 0) {
        os << "\n## Engine mode: what the optimizer did\n\n"
           << built << " engines built (" << nodesBefore << " nodes -> " << layers << " layers); the level-3 passes "
           << "changed " << changed << " of them; " << timed << " timed more than one tactic for some layer; "
           << dynamic << " had inputs with dynamic dims (profile from the test data's shapes).";
        if (!fired.empty()) {
            os << " Rewrites fired (cases, times):";
            bool first = true;
            for (const auto& [name, n] : fired) {
                os << (first ? " " : ", ") << name << " (" << n.first << ", " << n.second << ")";
                first = false;
            }
            os << ".";
        }
        os << "\n";
    }

    std::map<std::string, int> unclaimed;
    for (const auto& e : entries)
        for (const auto& op : e.c->unclaimedOps) ++unclaimed[op];
    if (!unclaimed.empty()) {
        os << "\n## Unclaimed ops (cases using them)\n\n";
        bool first = true;
        for (const auto& [op, n] : unclaimed) {
            os << (first ? "" : ", ") << op << " (" << n << ")";
            first = false;
        }
        os << "\n";
    }
    return os.str();
}

}  // namespace kiln::conformance
