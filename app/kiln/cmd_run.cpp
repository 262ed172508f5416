// kiln run: runs a model on the CPU reference backend or a saved engine, compares against expected
// outputs when there are any, measures latency/throughput like trtexec, and with the profiling
// flags runs a separate profiling pass for the per-layer table and the exports.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>

#include "app/kiln/args.h"
#include "app/kiln/build_flags.h"
#include "app/kiln/commands.h"
#include "app/kiln/run_target.h"
#include "engine_core/common/message_catalogue.h"
#include "engine_core/common/parallel.h"
#include "engine_core/onnx/importer.h"
#include "engine_core/onnx/run_inputs.h"
#include "profiler/accuracy.h"
#include "profiler/benchmark.h"
#include "profiler/compare.h"
#include "profiler/layer_profiler.h"
#include "profiler/profile_export.h"
#include "profiler/stats.h"

namespace kiln::cli {

namespace {

// "fp32[1,1000] min -3.1 max 7.2 mean 0.013"
std::string describeValues(const Tensor& t) {
    std::string s = t.describe();
    if (t.numel() == 0 || t.dtype() == DataType::String) return s;
    double lo = INFINITY, hi = -INFINITY, sum = 0;
    int64_t nonFinite = 0;
    for (int64_t i = 0; i < t.numel(); ++i) {
        double v = t.scalarAsDouble(i);
        if (!std::isfinite(v)) {
            ++nonFinite;
            continue;
        }
        lo = std::min(lo, v);
        hi = std::max(hi, v);
        sum += v;
    }
    char buf[160];
    int64_t finite = t.numel() - nonFinite;
    if (finite > 0)
        std::snprintf(buf, sizeof buf, " min %.6g max %.6g mean %.6g", lo, hi, sum / double(finite));
    else
        buf[0] = '\0';
    s += buf;
    if (nonFinite) s += concat(" (", nonFinite, " NaN/Inf)");
    return s;
}

struct DataSet {
    std::string label;    // "test_data_set_0", "random (seed 1)", ...
    std::string saveDir;  // where --save-outputs writes this set
    TensorMap inputs;
    std::vector<std::pair<std::string, Tensor>> expected;
};

}  // namespace

int runRun(const std::vector<std::string>& argv) {
    ArgParser parser(
        "kiln run",
        "ENGINE|MODEL [--test-data DIR] [--input NAME=FILE ...] [--shapes NAME:DIMS ...] [--seed N] "
        "[--error-mode norm|elementwise] [--max-norm T] [--atol A] [--rtol R] [--save-outputs DIR] [--threads N] [--iterations N | --duration S] [--warmup "
        "N] "
        "[--use-cuda-graph] [--dump-profile] [--export-profile F] [--export-layer-info F] [--export-trace F] [--profile-index "
        "K] "
        "[--plugins LIB.so]",
        "Runs an engine file (from kiln build; recognized by its header) or an ONNX MODEL on the CPU\n"
        "reference backend.\n"
        "With --test-data, inputs and expected outputs come from an ONNX backend test folder\n"
        "(test_data_set_*/input_N.pb, output_N.pb) or a single test_data_set folder; every output is\n"
        "compared and the exit code is 1 if any fails. Otherwise inputs come from --input files and\n"
        "the rest are random (seeded): floats in [0,1), integers in [0,100), bools 0/1.\n"
        "Latency and throughput are measured like trtexec (warm-up, then timed runs). The profiling\n"
        "flags add a separate profiling pass, so per-layer timing does not inflate the latency.",
        1, 1);
    parser.option("test-data", "DIR", "ONNX test data: a folder of test_data_set_* or one such folder.");
    parser.option("input", "NAME=FILE", "Input from a TensorProto .pb or a .npy file.", true);
    parser.option("shapes", "NAME:DIMS",
                  "Shape of a dynamic input for random data, e.g. x:1x3x224x224\n"
                  "(several comma-separated). Engines default to the profile's opt shape; models\n"
                  "to 1 for each dynamic dim, with a warning (as trtexec does).",
                  true);
    parser.option("seed", "N", "Seed of the random inputs (default 1).");
    parser.option("val-range", "[NAME:]LO,HI", "Range of random values, [LO,HI) (per input with NAME:).",
                  true);
    addToleranceOptions(parser);
    parser.option("save-outputs", "DIR",
                  "Write the inputs and outputs (input_N.pb, output_N.pb, NAME.npy):\n"
                  "DIR is then a valid test_data_set folder.");
    parser.option("threads", "N", "CPU threads (default: one per hardware thread).");
    addMemoryLimitOption(parser);
    parser.option("iterations", "N", "At least N timed runs per data set (default 1).");
    parser.option("duration", "S",
                  "Time runs for at least S seconds per data set (like trtexec --duration).");
    parser.option("warmup", "N", "Untimed runs before the timed ones (default 0).");
    parser.flag("use-cuda-graph",
                "Engines built for cuda: run the device layers as one captured CUDA graph\n"
                "(captured on the second run, replayed after; like trtexec --useCudaGraph).");
    parser.flag("dump-profile",
                "Print the per-layer profile: layer, type, precision, tactic, ONNX nodes,\n"
                "median/mean/p90 ms and % of the total (like trtexec --dumpProfile).");
    parser.option("export-profile", "FILE", "Per-layer profile as JSON in trtexec's --exportProfile format.");
    parser.option("export-layer-info", "FILE",
                  "Layers as JSON (trtexec --exportLayerInfo): inputs/outputs with shapes and\n"
                  "types, tactic, precision, origin ONNX nodes.");
    parser.option("export-trace", "FILE",
                  "One profiled inference as a Chrome trace (chrome://tracing, Perfetto).");
    parser.option("profile-index", "K",
                  "Engine optimization profile to run with (default 0; trtexec --profile).");
    parser.option("plugins", "LIB.so", "Load plugin library (engines with plugin layers need it).", true);
    parser.addNotes(
        "Pass rule as in kiln compare: by default max|a-e| / max|e| within the threshold of the\n"
        "precision the output was computed in (a model: fp32); --atol/--rtol select the elementwise\n"
        "rule. Integer and bool outputs must match exactly. Exit codes: 0 all outputs pass (or nothing to\n"
        "compare), 1 an output fails, 2 usage/input error (including a bad or mismatched engine file),\n"
        "3 unsupported model.");
    ParsedArgs args = parser.parse(argv);
    if (parser.helpRequested(args)) {
        std::fputs(parser.help().c_str(), stdout);
        return int(ExitCode::Ok);
    }
    const std::string path = args.positionals()[0];

    std::vector<std::string> toleranceWarnings;
    const Tolerance tolerance = toleranceFromArgs(args, toleranceWarnings);
    BenchmarkOptions bench;
    bench.iterations = args.getInt("iterations", 1, 1, 1000000);
    bench.warmup = args.getInt("warmup", 0, 0, 1000000);
    bench.durationS = args.getDouble("duration", 0, 0);
    const uint64_t seed = uint64_t(args.getInt("seed", 1, 0, INT64_MAX));
    const int profileIndex = int(args.getInt("profile-index", 0, 0, 1 << 20));
    if (args.has("threads")) setNumThreads(int(args.getInt("threads", 0, 1, 1024)));
    applyMemoryLimit(args);
    KILN_CHECK(!(args.has("test-data") && (args.has("input") || args.has("shapes"))), InvalidArgument,
               msg<Msg::TestDataWithInputs>());
    const bool profiling = args.has("dump-profile") || args.has("export-profile") ||
                           args.has("export-layer-info") || args.has("export-trace");
    // Flags parsed before the model is read, so a typo fails fast.
    auto shapes = parseShapeSpecs(args.getAll("shapes"));
    RandomInputOptions randomOptions{seed, shapes, parseValueRanges(args.getAll("val-range"))};

    loadPluginLibraries(args.getAll("plugins"));
    std::unique_ptr<RunTarget> target = RunTarget::open(path, profileIndex);
    KILN_CHECK(target->isEngine() || !args.has("profile-index"), InvalidArgument,
               msg<Msg::ProfileIndexOnModel>("file"_a = path));
    const Graph& graph = target->graph();
    for (const auto& [name, dims] : shapes) {
        bool known = false;
        for (const Value* v : graph.runtimeInputs()) known = known || v->name == name;
        KILN_CHECK(known, InvalidArgument,
                   msg<Msg::FlagNoSuchInput>(
                       "flag"_a = "shapes", "input"_a = name,
                       "target"_a = target->isEngine() ? msg<Msg::NounEngine>() : msg<Msg::NounModel>()));
    }
    for (const auto& [name, range] : randomOptions.ranges) {
        bool known = name.empty();
        for (const Value* v : graph.runtimeInputs()) known = known || v->name == name;
        KILN_CHECK(known, InvalidArgument,
                   msg<Msg::FlagNoSuchInput>(
                       "flag"_a = "val-range", "input"_a = name,
                       "target"_a = target->isEngine() ? msg<Msg::NounEngine>() : msg<Msg::NounModel>()));
    }
    randomOptions.shapes = target->defaultShapes(shapes);
    if (args.has("use-cuda-graph")) {
        KILN_CHECK(target->isEngine() && !target->engine()->program().deviceSegment().empty(), InvalidArgument,
                   "--use-cuda-graph needs an engine built for cuda (kiln build --backend cuda --save E); ", path,
                   target->isEngine() ? " runs on the host" : " is a model");
        const DeviceSegment& segment = target->engine()->program().deviceSegment();
        KILN_CHECK(segment.whyNotCapturable.empty(), Unsupported, "--use-cuda-graph: ", path,
                   " can't run as one CUDA graph: ", segment.whyNotCapturable);
        target->setUseCudaGraph(true);
    }

    std::vector<DataSet> sets;
    std::vector<std::string> shapeWarnings;
    const std::string saveRoot = args.get("save-outputs");
    if (args.has("test-data")) {
        std::vector<TestDataSet> found = findTestDataSets(args.get("test-data"));
        for (const TestDataSet& t : found) {
            std::string label = std::filesystem::path(t.dir).filename().string();
            std::string saveDir =
                found.size() == 1 ? saveRoot : (std::filesystem::path(saveRoot) / label).string();
            sets.push_back({label, saveDir, loadTestInputs(graph, t), loadTestOutputs(graph, t)});
        }
    } else {
        DataSet set{"", saveRoot, loadInputFiles(graph, args.getAll("input")), {}};
        size_t given = set.inputs.size();
        // A dynamic dim that neither --shapes nor a file gives is 1, as in kiln build (a warning says so).
        std::set<std::string> known;
        for (const auto& [name, dims] : randomOptions.shapes) known.insert(name);
        for (const auto& [name, tensor] : set.inputs) known.insert(name);
        randomOptions.shapes.merge(implicitShapes(graph, known, "--shapes", shapeWarnings));
        addRandomInputs(graph, randomOptions, set.inputs);
        set.label = given == set.inputs.size()
                        ? "given inputs"
                        : concat(given ? "given and random inputs" : "random inputs", " (seed ", seed, ")");
        sets.push_back(std::move(set));
    }

    if (target->isEngine())
        std::printf("engine:  %s\n", target->description().c_str());
    else
        std::printf("model:   %s (%zu nodes, opset %lld)\n", path.c_str(), graph.nodeCount(),
                    (long long)graph.opsetVersion());
    std::printf("backend: %s\n", target->deviceName().c_str());
    if (const BatchSplit* split = target->batchSplit(); split && numThreads() > 1) {
        if (split->possible)
            std::printf("batch:   split over the threads when a batch has a sample per thread (samples are independent)\n");
        else
            std::printf("batch:   not split over threads: %s\n", split->reason.c_str());
    }
    for (const Message& warning : target->warnings()) std::printf("warning: %s\n", warning.text().c_str());
    for (const std::string& warning : toleranceWarnings) std::printf("warning: %s\n", warning.c_str());
    for (const std::string& warning : shapeWarnings) std::printf("warning: %s\n", warning.c_str());
    // An engine's outputs are held to the threshold of the precision they were computed in.
    const std::map<std::string, Precision> precisions =
        target->isEngine() ? errorPrecisions(*target->engine()) : std::map<std::string, Precision>{};

    std::vector<BenchmarkResult> timings;
    std::vector<double> deviceTimes;
    int64_t compared = 0, failed = 0;
    for (const DataSet& set : sets) {
        std::printf("\n%s:\n", set.label.c_str());
        // In the model's input order (the map is sorted by name); overridden initializers after.
        std::set<std::string> shown;
        for (const Value* v : graph.runtimeInputs()) {
            auto it = set.inputs.find(v->name);
            if (it == set.inputs.end()) continue;
            shown.insert(v->name);
            std::printf("  input  '%s' %s\n", v->name.c_str(), it->second.describe().c_str());
        }
        for (const auto& [name, t] : set.inputs)
            if (!shown.count(name)) std::printf("  input  '%s' %s\n", name.c_str(), t.describe().c_str());
        TensorMap outputs;
        const size_t deviceBefore = target->deviceTimes().size();
        timings.push_back(benchmark([&] { outputs = target->run(set.inputs); }, bench));
        // The device times of the timed runs (after the warm-up ones).
        const std::vector<double>& dt = target->deviceTimes();
        if (dt.size() > deviceBefore + size_t(timings.back().warmupRuns))
            deviceTimes.insert(deviceTimes.end(), dt.begin() + std::ptrdiff_t(deviceBefore + size_t(timings.back().warmupRuns)),
                               dt.end());
        std::set<std::string> withExpected;
        for (const auto& [name, expected] : set.expected) {
            withExpected.insert(name);
            auto precision = precisions.find(name);
            TensorComparison c = compareTensors(outputs.at(name), expected, tolerance, name,
                                                precision == precisions.end() ? Precision::FP32 : precision->second);
            ++compared;
            if (!c.passed()) ++failed;
            std::printf("  output '%s' %s: %s  %s\n", name.c_str(), outputs.at(name).describe().c_str(),
                        comparisonStatusName(c.status), c.summary().c_str());
            if (c.smallValues) std::printf("    warning: %s\n", c.warning().c_str());
        }
        for (const Value* v : graph.outputs())
            if (!withExpected.count(v->name))
                std::printf("  output '%s' %s\n", v->name.c_str(),
                            describeValues(outputs.at(v->name)).c_str());
        if (!saveRoot.empty()) {
            saveRunData(set.saveDir, graph, set.inputs, outputs);
            std::printf("  saved to %s\n", set.saveDir.c_str());
        }
    }

    BenchmarkResult timing = mergeBenchmarks(timings);
    std::printf("\nlatency: %s\n", timing.latency.summary().c_str());
    std::printf("%s", timing.summary().c_str());
    if (!deviceTimes.empty()) {
        // trtexec's "GPU Compute Time": the device layers alone, without the host copies around them.
        std::printf("gpu compute: %s\n", LatencyStats::fromSamples(deviceTimes).summary().c_str());
        if (const ExecutionContext* context = target->context(); context && args.has("use-cuda-graph"))
            std::printf("cuda graph: captured %zu time%s, replayed %zu time%s\n", context->graphCaptures(),
                        context->graphCaptures() == 1 ? "" : "s", context->graphReplays(),
                        context->graphReplays() == 1 ? "" : "s");
    }

    if (profiling) {
        // A separate pass on the first data set, with the same warm-up and run count.
        const TensorMap& inputs = sets.front().inputs;
        LayerProfiler profiler;
        for (int64_t i = 0; i < bench.warmup; ++i) target->run(inputs);
        BenchmarkOptions profileOptions = bench;
        profileOptions.warmup = 0;
        benchmark([&] { target->runProfiled(inputs, profiler); }, profileOptions);
        std::vector<LayerDescription> layers = target->layers();
        if (args.has("export-layer-info")) {
            // Concrete shapes of this run: every layer output, plus the inputs.
            TensorMap observed = target->runKeepAll(inputs);
            observed.insert(inputs.begin(), inputs.end());
            fillObservedShapes(layers, observed);
        }
        LayerProfileReport report = makeLayerProfileReport(layers, profiler);
        if (args.has("dump-profile"))
            std::printf("\nprofile (%s, separate profiling pass):\n%s", sets.front().label.c_str(),
                        report.table().c_str());
        if (args.has("export-profile")) {
            writeTextFile(args.get("export-profile"), exportProfileJson(report));
            std::printf("profile written to %s\n", args.get("export-profile").c_str());
        }
        if (args.has("export-layer-info")) {
            writeTextFile(args.get("export-layer-info"), exportLayerInfoJson(layers, target->bindings()));
            std::printf("layer info written to %s\n", args.get("export-layer-info").c_str());
        }
        if (args.has("export-trace")) {
            writeTextFile(args.get("export-trace"), exportChromeTrace(layers, profiler));
            std::printf("trace written to %s\n", args.get("export-trace").c_str());
        }
    }

    if (compared == 0) {
        std::printf("result:  no expected outputs to compare\n");
        return int(ExitCode::Ok);
    }
    std::printf("result:  %s (%lld of %lld outputs passed; %s)\n", failed ? "FAIL" : "PASS",
                (long long)(compared - failed), (long long)compared, tolerance.describe().c_str());
    return int(failed ? ExitCode::ComparisonFailed : ExitCode::Ok);
}

}  // namespace kiln::cli
