// kiln_bench_cpu: times the CPU reference run of whole models (a program that prints numbers,
// never a test). For each model folder (model.onnx + test_data_set_0/input_N.pb) it runs the
// warm-up iterations, then times each run and prints median and mean milliseconds; --json writes
// the raw samples too. tools/bench_vs_ort.py runs this next to ONNX Runtime.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <numeric>
#include <sstream>

#include "engine_core/common/error.h"
#include "engine_core/common/parallel.h"
#include "engine_core/builder/builder.h"
#include "engine_core/builder/execution_context.h"
#include "engine_core/onnx/importer.h"
#include "tests/conformance/case_io.h"

namespace fs = std::filesystem;
using namespace kiln;

namespace {

struct Options {
    int threads = 0;  // 0: one per hardware thread
    int iterations = 20;
    int warmup = 3;
    std::string jsonPath;
    bool perOp = false;  // print the time per op type (summed over nodes, mean per run)
    bool perNode = false;  // print each node's median time and the executor's own share
    int engineLevel = -1;  // >= 0: build an engine at this optimization level and time it instead
    std::vector<std::string> models;
};

struct Result {
    std::string name;
    std::string path;
    std::string error;
    std::vector<double> samplesMs;
    std::map<std::string, double> opMs;  // op type -> total ms over the timed runs (with --per-op)
    // With --per-node: (node label, op type) in run order and each node's samples.
    std::vector<std::pair<std::string, std::string>> nodes;
    std::vector<std::vector<double>> nodeMs;
    double median() const {
        std::vector<double> s = samplesMs;
        std::sort(s.begin(), s.end());
        size_t n = s.size();
        return n == 0 ? 0 : n % 2 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }
    double mean() const {
        return samplesMs.empty() ? 0 : std::accumulate(samplesMs.begin(), samplesMs.end(), 0.0) / samplesMs.size();
    }
    double min() const { return samplesMs.empty() ? 0 : *std::min_element(samplesMs.begin(), samplesMs.end()); }
};

void usage() {
    std::cout << "usage: kiln_bench_cpu [--threads N] [--iterations N] [--warmup N] [--json FILE] [--per-op] [--per-node] [--engine LEVEL] [MODEL_DIR...]\n"
                 "  --per-op:   mean time per op type; --per-node: median time per node of the reference\n"
                 "              run, and what the executor itself adds (median run - sum of node medians).\n"
                 "  --engine LEVEL: build an engine (optimization level 0-3, profile = the test data's shapes)\n"
                 "                  and time its execution context instead of the reference executor.\n"
                 "  MODEL_DIR holds model.onnx (or one *.onnx) and test_data_set_0/input_N.pb.\n"
                 "  Without MODEL_DIRs: resources/samples/* and ../shared/models/* of the source tree.\n";
}

int parseInt(const std::string& flag, const std::string& value, int minimum) {
    try {
        size_t used = 0;
        int v = std::stoi(value, &used);
        if (used == value.size() && v >= minimum) return v;
    } catch (const std::exception&) {
    }
    fail(ErrorKind::InvalidArgument, flag, ": expected an integer >= ", minimum, ", got '", value, "'");
}

Options parseArgs(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> std::string {
            KILN_CHECK(i + 1 < argc, InvalidArgument, a, " needs a value");
            return argv[++i];
        };
        if (a == "--threads") o.threads = parseInt(a, value(), 0);
        else if (a == "--iterations") o.iterations = parseInt(a, value(), 1);
        else if (a == "--warmup") o.warmup = parseInt(a, value(), 0);
        else if (a == "--json") o.jsonPath = value();
        else if (a == "--per-op") o.perOp = true;
        else if (a == "--per-node") o.perNode = true;
        else if (a == "--engine") o.engineLevel = parseInt(a, value(), 0);
        else if (a == "-h" || a == "--help") {
            usage();
            std::exit(0);
        } else if (!a.empty() && a[0] == '-') fail(ErrorKind::InvalidArgument, "unknown option ", a);
        else o.models.push_back(a);
    }
    if (o.models.empty()) {
        for (fs::path root : {fs::path(KILN_SOURCE_DIR) / "resources" / "samples",
                              (fs::path(KILN_SOURCE_DIR) / ".." / "shared" / "models").lexically_normal()}) {
            std::vector<std::string> found;
            std::error_code ec;
            for (const auto& e : fs::directory_iterator(root, ec))
                if (e.is_directory() && !testing::findModelFile(e.path().string()).empty())
                    found.push_back(e.path().string());
            std::sort(found.begin(), found.end());
            o.models.insert(o.models.end(), found.begin(), found.end());
        }
    }
    return o;
}

Result benchModel(const std::string& dir, const Options& o) {
    Result r;
    r.name = fs::path(dir).filename().string();
    r.path = dir;
    try {
        std::string model = testing::findModelFile(dir);
        KILN_CHECK(!model.empty(), InvalidArgument, "no .onnx model in ", dir);
        auto sets = testing::listTestDataSets(dir);
        KILN_CHECK(!sets.empty(), InvalidArgument, "no test_data_set_* (inputs) in ", dir);
        ImportResult imported = importOnnxFile(model);
        TensorMap inputs = testing::bindInputs(*imported.graph, testing::loadTestDataSet(sets.front()).inputs);
        if (o.engineLevel >= 0) {
            // The engine path: optimize, select tactics, then time the execution context.
            BuilderConfig config;
            config.optimizationLevel = o.engineLevel;
            OptimizationProfile profile;
            for (const auto& [name, tensor] : inputs) profile.inputs[name] = {tensor.dims(), tensor.dims(), tensor.dims()};
            config.profiles.push_back(profile);
            std::shared_ptr<const Engine> engine = buildEngine(*imported.graph, config);
            auto context = engine->createExecutionContext();
            for (int i = 0; i < o.warmup; ++i) context->execute(inputs);
            for (int i = 0; i < o.iterations; ++i) {
                auto start = std::chrono::steady_clock::now();
                context->execute(inputs);
                r.samplesMs.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
            }
            return r;
        }
        Executor executor(*imported.graph);
        for (int i = 0; i < o.warmup; ++i) executor.run(inputs);
        RunOptions runOptions;
        if (o.perOp || o.perNode) {
            r.nodes.clear();
            for (const Node* n : executor.order()) r.nodes.emplace_back(n->label(), n->opType);
            r.nodeMs.assign(r.nodes.size(), {});
            runOptions.afterNode = [&r](size_t i, const Node& node, double ms) {
                r.opMs[node.opType] += ms;
                if (i < r.nodeMs.size()) r.nodeMs[i].push_back(ms);
            };
        }
        for (int i = 0; i < o.iterations; ++i) {
            auto start = std::chrono::steady_clock::now();
            executor.run(inputs, runOptions);
            r.samplesMs.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        }
    } catch (const Error& e) {
        r.error = e.what();
    }
    return r;
}

std::string jsonString(const std::string& s) {
    std::ostringstream os;
    os << '"';
    for (char ch : s) {
        if (ch == '"' || ch == '\\') os << '\\' << ch;
        else if (static_cast<unsigned char>(ch) < 0x20) os << "\\u" << std::hex << std::setw(4) << std::setfill('0') << int(ch) << std::dec;
        else os << ch;
    }
    os << '"';
    return os.str();
}

void writeJson(const std::string& path, const Options& o, const std::vector<Result>& results) {
    std::ofstream out(path);
    KILN_CHECK(out.good(), Io, "cannot write ", path);
    out << std::setprecision(6) << "{\n  \"tool\": \"kiln_bench_cpu\",\n  \"mode\": \""
        << (o.engineLevel >= 0 ? concat("engine-level-", o.engineLevel) : std::string("reference"))
        << "\",\n  \"threads\": " << numThreads()
        << ",\n  \"iterations\": " << o.iterations << ",\n  \"warmup\": " << o.warmup << ",\n  \"models\": [";
    for (size_t i = 0; i < results.size(); ++i) {
        const Result& r = results[i];
        out << (i ? "," : "") << "\n    {\"name\": " << jsonString(r.name) << ", \"path\": " << jsonString(r.path);
        if (!r.error.empty()) {
            out << ", \"error\": " << jsonString(r.error) << "}";
            continue;
        }
        out << ", \"median_ms\": " << r.median() << ", \"mean_ms\": " << r.mean() << ", \"min_ms\": " << r.min()
            << ", \"samples_ms\": [";
        for (size_t k = 0; k < r.samplesMs.size(); ++k) out << (k ? ", " : "") << r.samplesMs[k];
        out << "]}";
    }
    out << "\n  ]\n}\n";
}

}  // namespace

int main(int argc, char** argv) {
    try {
        Options o = parseArgs(argc, argv);
        setNumThreads(o.threads);
        KILN_CHECK(!o.models.empty(), InvalidArgument, "no models to benchmark (see --help)");
        KILN_CHECK(!(o.perNode || o.perOp) || o.engineLevel < 0, InvalidArgument,
                   "--per-op and --per-node time the reference executor's nodes; for an engine's layers use "
                   "`kiln run ENGINE --dump-profile`");
        std::cout << "kiln_bench_cpu: "
                  << (o.engineLevel >= 0 ? concat("engine at optimization level ", o.engineLevel) : std::string("reference executor"))
                  << ", " << numThreads() << " thread(s), " << o.warmup << " warm-up + " << o.iterations
                  << " timed iterations\n";
        std::cout << std::left << std::setw(24) << "model" << std::right << std::setw(12) << "median ms" << std::setw(12)
                  << "mean ms" << std::setw(12) << "min ms" << "\n";
        std::vector<Result> results;
        bool anyError = false;
        for (const auto& dir : o.models) {
            Result r = benchModel(dir, o);
            std::cout << std::left << std::setw(24) << r.name << std::right << std::fixed << std::setprecision(3);
            if (r.error.empty())
                std::cout << std::setw(12) << r.median() << std::setw(12) << r.mean() << std::setw(12) << r.min() << "\n";
            else
                std::cout << "  error: " << r.error << "\n";
            if (o.perOp && r.error.empty()) {
                std::vector<std::pair<double, std::string>> ops;
                for (const auto& [op, ms] : r.opMs) ops.emplace_back(ms / o.iterations, op);
                std::sort(ops.rbegin(), ops.rend());
                for (const auto& [ms, op] : ops) std::cout << "    " << std::left << std::setw(20) << op << std::right << std::setw(12) << ms << " ms/run\n";
            }
            if (o.perNode && r.error.empty()) {
                double sum = 0;
                for (size_t i = 0; i < r.nodes.size(); ++i) {
                    std::vector<double> v = r.nodeMs[i];
                    std::sort(v.begin(), v.end());
                    const double med = v.empty() ? 0 : v[v.size() / 2];
                    sum += med;
                    std::cout << "    " << std::left << std::setw(28) << r.nodes[i].first << std::setw(20)
                              << r.nodes[i].second << std::right << std::setw(10) << med * 1000.0 << " us\n";
                }
                std::cout << "    " << std::left << std::setw(48) << "executor overhead (median - sum)" << std::right
                          << std::setw(10) << (r.median() - sum) * 1000.0 << " us\n";
            }
            std::cout.unsetf(std::ios::floatfield);
            anyError |= !r.error.empty();
            results.push_back(std::move(r));
        }
        if (!o.jsonPath.empty()) {
            writeJson(o.jsonPath, o, results);
            std::cout << "wrote " << o.jsonPath << "\n";
        }
        return anyError ? 1 : 0;
    } catch (const Error& e) {
        std::cerr << "kiln_bench_cpu: " << e.what() << "\n";
        return 2;
    }
}
