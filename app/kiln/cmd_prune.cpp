// kiln prune: magnitude-prunes chosen Conv/Gemm/MatMul weights to 2:4 structured sparsity, writes
// the pruned ONNX model (engine_core/sparsity/model_sparsity.h) and shows what it costs in accuracy:
// the original and the pruned model run on the reference executor on the same inputs, and each
// output is compared as `kiln compare` compares (profiler/accuracy.h's compareTensors).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>

#include "app/kiln/args.h"
#include "app/kiln/build_flags.h"
#include "app/kiln/commands.h"
#include "engine_core/common/message_catalogue.h"
#include "engine_core/common/parallel.h"
#include "engine_core/onnx/importer.h"
#include "engine_core/onnx/run_inputs.h"
#include "engine_core/runtime/executor.h"
#include "engine_core/sparsity/model_sparsity.h"
#include "profiler/accuracy.h"

namespace kiln::cli {

namespace {

std::vector<std::string> commaItems(const std::vector<std::string>& values, const std::string& flag) {
    std::vector<std::string> items;
    for (const std::string& v : values)
        for (const std::string& item : splitCommaList(v)) {
            KILN_CHECK(!item.empty(), InvalidArgument,
                       msg<Msg::FlagError>("flag"_a = flag, "cause"_a = concat("empty name in '", v, "'")));
            items.push_back(item);
        }
    return items;
}

std::string percent(const SparsityStats& s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * s.compliantFraction());
    return buf;
}

void printPruned(const PruneResult& r) {
    std::printf("pruned:    %zu layer%s to 2:4 (the 2 largest |w| of every 4 along the reduction dimension)\n",
                r.pruned.size(), r.pruned.size() == 1 ? "" : "s");
    std::vector<std::vector<std::string>> rows = {
        {"layer", "op", "weight", "grouped along", "2:4 groups before", "after", "zeros before", "after"}};
    for (const PrunedLayer& p : r.pruned) {
        const SparsityStats& before = *p.layer.stats;
        rows.push_back({p.layer.layer, p.layer.opType, p.layer.weight, p.layer.groupAxisText(), percent(before),
                        percent(p.after), std::to_string(before.zeros), std::to_string(p.after.zeros)});
    }
    std::vector<size_t> widths(rows[0].size(), 0);
    for (const auto& row : rows)
        for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
    for (const auto& row : rows) {
        std::string line = "   ";
        for (size_t c = 0; c < row.size(); ++c) {
            const std::string pad(widths[c] - row[c].size(), ' ');
            line += ' ';
            if (c >= 4) line += pad;  // numbers right-aligned
            line += row[c];
            if (c < 4 && c + 1 < row.size()) line += pad;
        }
        std::printf("%s\n", line.c_str());
    }
    if (!r.skipped.empty()) {
        std::printf("skipped:   %zu layer%s\n", r.skipped.size(), r.skipped.size() == 1 ? "" : "s");
        for (const SkippedLayer& s : r.skipped)
            std::printf("    %s (%s): %s\n", s.layer.c_str(), s.opType.c_str(), s.reason.c_str());
    }
}

// The same lines as `kiln compare`'s outputs: the pruned model's output against the original's.
bool printOutputComparisons(const Graph& original, const TensorMap& expected, const TensorMap& actual,
                            const Tolerance& tolerance) {
    bool passed = true;
    std::printf("  outputs:\n");
    for (const Value* v : original.outputs()) {
        const Tensor& e = expected.at(v->name);
        const Tensor& a = actual.at(v->name);
        const TensorComparison c = compareTensors(a, e, tolerance, v->name, Precision::FP32);
        const ErrorHistogram histogram = errorHistogram(a, e);
        std::printf("    '%s' %s%s: %s  %s\n", c.name.c_str(), dataTypeName(c.expectedType).data(),
                    dimsToString(c.expectedDims).c_str(), comparisonStatusName(c.status), c.summary().c_str());
        if (c.smallValues) std::printf("      warning: %s\n", c.warning().c_str());
        if (!histogram.counts.empty()) std::printf("      |error| histogram: %s\n", histogram.str().c_str());
        passed = passed && c.passed();
    }
    return passed;
}

}  // namespace

int runPrune(const std::vector<std::string>& argv) {
    ArgParser parser(
        "kiln prune",
        "MODEL --out PRUNED.onnx [--layers NAME,... | --op Conv,Gemm,MatMul] [--min-size N] "
        "[--test-data DIR | --input NAME=FILE ... | --seed N] [--shapes NAME:DIMS ...] [--error-mode ...] "
        "[--max-norm T] [--atol A] [--rtol R] [--fail-on-mismatch]",
        "Prunes weights to 2:4 structured sparsity by magnitude: in every group of 4 consecutive\n"
        "weights along the reduction dimension (C for Conv, per output channel and kernel position;\n"
        "K for Gemm and MatMul) the 2 of largest |w| are kept, the other 2 become 0 (ties keep the\n"
        "lower index). Writes the model with only those initializers changed, then runs the original\n"
        "and the pruned model (CPU reference executor) on the same inputs and prints each output's\n"
        "error as kiln compare does. `kiln inspect MODEL --sparsity` lists the eligible layers.",
        1, 1);
    parser.option("out", "FILE", "Where to write the pruned model (required; not the model itself).");
    parser.option("layers", "NAME,...", "Prune these layers (ONNX node names, as kiln inspect --sparsity shows them).",
                  true);
    parser.option("op", "OP,...", "Prune every eligible layer of these op types (Conv, Gemm, MatMul; default all).",
                  true);
    parser.option("min-size", "N", "Leave weights of fewer than N elements dense (default 0).");
    parser.option("test-data", "DIR", "Inputs from ONNX test data (a folder of test_data_set_* or one).");
    parser.option("input", "NAME=FILE", "Input from a TensorProto .pb or a .npy file.", true);
    parser.option("shapes", "NAME:DIMS", "Shape of a dynamic input for random data (default 1 per dynamic dim).", true);
    parser.option("seed", "N", "Seed of the random inputs (default 1).");
    parser.option("val-range", "[NAME:]LO,HI", "Range of random values, [LO,HI).", true);
    addToleranceOptions(parser);
    parser.flag("fail-on-mismatch", "Exit 1 when an output of the pruned model is outside tolerance.");
    parser.option("threads", "N", "CPU threads (default: one per hardware thread).");
    parser.addNotes(
        "Eligible layers: a Conv, Gemm or MatMul whose weight is a floating-point initializer (not a\n"
        "graph input, not computed) with C/group or K a multiple of 4, read by that node only. With\n"
        "--layers each named layer must be eligible; with --op (or neither) the others are listed as\n"
        "skipped. Models with external data are refused. The accuracy lines are informative: pruning\n"
        "without fine-tuning changes outputs, so the exit code is 0 once the model is written unless\n"
        "--fail-on-mismatch. Exit codes: 0 written, 1 outside tolerance with --fail-on-mismatch,\n"
        "2 usage/input error (unknown or ineligible layer, bad file), 3 unsupported model.");
    ParsedArgs args = parser.parse(argv);
    if (parser.helpRequested(args)) {
        std::fputs(parser.help().c_str(), stdout);
        return int(ExitCode::Ok);
    }
    const std::string modelPath = args.positionals()[0];
    KILN_CHECK(args.has("out"), InvalidArgument,
               msg<Msg::FlagError>("flag"_a = "out", "cause"_a = "required (the file to write the pruned model to)"));
    KILN_CHECK(!(args.has("layers") && args.has("op")), InvalidArgument,
               msg<Msg::FlagError>("flag"_a = "layers", "cause"_a = "names the layers itself; don't combine it with --op"));
    KILN_CHECK(!(args.has("test-data") && (args.has("input") || args.has("shapes"))), InvalidArgument,
               msg<Msg::TestDataWithInputs>());
    const std::string outPath = args.get("out");
    PruneOptions options;
    options.layers = commaItems(args.getAll("layers"), "layers");
    options.opTypes = commaItems(args.getAll("op"), "op");
    options.minSize = args.getInt("min-size", 0, 0, INT64_MAX);
    std::vector<std::string> toleranceWarnings;
    const Tolerance tolerance = toleranceFromArgs(args, toleranceWarnings);
    const uint64_t seed = uint64_t(args.getInt("seed", 1, 0, INT64_MAX));
    if (args.has("threads")) setNumThreads(int(args.getInt("threads", 0, 1, 1024)));
    auto shapes = parseShapeSpecs(args.getAll("shapes"));

    // The importer first: a missing, malformed or unsupported model fails as everywhere else.
    ImportResult imported = importOnnxFile(modelPath);
    KILN_CHECK(imported.graph, Internal, msg<Msg::ImporterReturnedNoGraph>("file"_a = modelPath));
    const Graph& model = *imported.graph;
    std::printf("model:     %s (%zu nodes, opset %lld)\n", modelPath.c_str(), model.nodeCount(),
                (long long)model.opsetVersion());
    for (const Message& warning : imported.warnings) std::printf("warning: %s\n", warning.text().c_str());
    for (const std::string& warning : toleranceWarnings) std::printf("warning: %s\n", warning.c_str());
    for (const auto& [name, dims] : shapes) {
        bool known = false;
        for (const Value* v : model.runtimeInputs()) known = known || v->name == name;
        KILN_CHECK(known, InvalidArgument,
                   msg<Msg::FlagNoSuchInput>("flag"_a = "shapes", "input"_a = name, "target"_a = msg<Msg::NounModel>()));
    }
    // Inputs before writing anything: a bad --input or --test-data leaves no file behind.
    std::vector<std::pair<std::string, TensorMap>> sets;
    if (args.has("test-data")) {
        for (const TestDataSet& t : findTestDataSets(args.get("test-data")))
            sets.push_back({std::filesystem::path(t.dir).filename().string(), loadTestInputs(model, t)});
    } else {
        TensorMap inputs = loadInputFiles(model, args.getAll("input"));
        const size_t given = inputs.size();
        std::set<std::string> known;
        for (const auto& [name, dims] : shapes) known.insert(name);
        for (const auto& [name, tensor] : inputs) known.insert(name);
        std::vector<std::string> shapeWarnings;
        RandomInputOptions randomOptions{seed, shapes, parseValueRanges(args.getAll("val-range"))};
        randomOptions.shapes.merge(implicitShapes(model, known, "--shapes", shapeWarnings));
        for (const std::string& warning : shapeWarnings) std::printf("warning: %s\n", warning.c_str());
        addRandomInputs(model, randomOptions, inputs);
        sets.push_back({given == inputs.size()
                            ? std::string("given inputs")
                            : concat(given ? "given and random inputs" : "random inputs", " (seed ", seed, ")"),
                        std::move(inputs)});
    }

    const PruneResult result = pruneModelFile(modelPath, outPath, options);
    printPruned(result);
    std::printf("written:   %s\n", outPath.c_str());

    ImportResult prunedImport = importOnnxFile(outPath);
    KILN_CHECK(prunedImport.graph, Internal, msg<Msg::ImporterReturnedNoGraph>("file"_a = outPath));
    const Executor original(model);
    const Executor pruned(*prunedImport.graph);
    std::printf("accuracy:  the pruned model against the original, both fp32 on %s\n",
                original.backend().deviceName().c_str());
    bool passed = true;
    for (const auto& [label, inputs] : sets) {
        std::printf("\n%s:\n", label.c_str());
        const TensorMap expected = original.run(inputs);
        const TensorMap actual = pruned.run(inputs);
        passed = printOutputComparisons(model, expected, actual, tolerance) && passed;
    }
    std::printf("\nresult:    %s (%s; outputs)%s\n", passed ? "PASS" : "FAIL", tolerance.describe().c_str(),
                passed || args.has("fail-on-mismatch") ? "" : " -- informative: the pruned model was written");
    return int(passed || !args.has("fail-on-mismatch") ? ExitCode::Ok : ExitCode::ComparisonFailed);
}

}  // namespace kiln::cli
