// kiln debug-precision: which layers must stay in fp32 for an fp16/bf16 engine to meet a tolerance
// (Polygraphy's `debug precision`, issue 12), reported by ONNX node name and written as per-layer
// overrides that `kiln build --config` and Kiln Studio read. The search is profiler/precision_debug.h.
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "app/kiln/args.h"
#include "app/kiln/build_flags.h"
#include "app/kiln/cli_text.h"
#include "app/kiln/commands.h"
#include "engine_core/common/message_catalogue.h"
#include "engine_core/common/parallel.h"
#include "engine_core/onnx/importer.h"
#include "engine_core/onnx/run_inputs.h"
#include "profiler/precision_debug.h"

namespace kiln::cli {

namespace {

std::string nodesText(const std::vector<std::string>& origin) {
    return concat("ONNX node", origin.size() == 1 ? " " : "s ", joined(origin, 12));
}

// min/opt/max over the input sets' shapes for the model's dynamic inputs (as kiln compare does).
std::vector<OptimizationProfile> profileFromSets(const Graph& model, const std::vector<TensorMap>& sets) {
    std::vector<const TensorMap*> maps;
    for (const TensorMap& set : sets) maps.push_back(&set);
    return profileSpanning(model, maps);
}

void printTrial(const PrecisionTrial& t) {
    std::string pinned;
    if (!t.pinnedLayers.empty())
        pinned = concat(" [", t.pinnedLayers.size(), " layer", t.pinnedLayers.size() == 1 ? "" : "s", " in fp32: ",
                        joined(t.pinnedLayers, 6), "]");
    std::printf("step %zu: %s%s: %s, max_norm %s on '%s'\n", t.index, t.purpose.c_str(), pinned.c_str(),
                t.passed ? "PASS" : "FAIL", num(t.maxNorm).c_str(), t.worstOutput.c_str());
    std::fflush(stdout);
}

void printRanking(const std::vector<LayerErrorScore>& ranking, Precision target) {
    const size_t shown = std::min<size_t>(ranking.size(), 10);
    std::printf("ranking: %zu candidate layer%s by own error in the %s run (output max_norm minus input "
                "max_norm), largest first%s:\n",
                ranking.size(), ranking.size() == 1 ? "" : "s", precisionName(target).data(),
                shown < ranking.size() ? concat(", the first ", shown).c_str() : "");
    for (size_t i = 0; i < shown; ++i) {
        const LayerErrorScore& s = ranking[i];
        std::printf("  %3zu  %-32s %-18s own %s (out %s, in %s)  %s\n", i + 1, s.layer.c_str(), s.type.c_str(),
                    num(s.ownError).c_str(), num(s.outputError).c_str(), num(s.inputError).c_str(),
                    nodesText(s.origin).c_str());
    }
    std::fflush(stdout);
}

}  // namespace

int runDebugPrecision(const std::vector<std::string>& argv) {
    ArgParser parser(
        "kiln debug-precision",
        "MODEL --precision fp16|bf16 [--max-norm T] [--test-data DIR | --input NAME=FILE ... | --seed N] "
        "[--shapes NAME:DIMS ...] [--emulate] [build flags] [--save-overrides FILE]",
        "Finds a small set of layers to keep in fp32 so that an fp16 or bf16 engine of MODEL meets\n"
        "the tolerance against the fp32 reference (MODEL unoptimized, CPU executor), and reports them\n"
        "by the ONNX nodes they came from. Steps: the whole engine at the target precision (done if\n"
        "it passes); every layer in fp32 (the tolerance must be reachable); a ranking of the layers by\n"
        "their own error; a binary search for the shortest passing prefix of that ranking; then each\n"
        "pin removed again while the rest still pass. Each step prints its layers, PASS/FAIL and\n"
        "max_norm. --save-overrides writes the build config with the pins (layerPrecisions), which\n"
        "kiln build --config FILE and Kiln Studio's settings read back.",
        1, 1);
    parser.option("precision", "fp16|bf16", "The target precision of the engine (required).");
    parser.option("max-norm", "T",
                  concat("Tolerance: every output's max|a-e| / max|e| <= T (default: the target's threshold,\n"
                         "fp16 ", defaultMaxNorm(Precision::FP16), ", bf16 ", defaultMaxNorm(Precision::BF16), ")."));
    parser.flag("emulate",
                "Emulate the target's rounding on the CPU (the default, and the only way, on the cpu\n"
                "backend): one fp32 build; each step rounds weights, inputs and the float outputs of\n"
                "every unpinned layer; an estimate of a GPU build. Not with --backend cuda.");
    parser.option("save-overrides", "FILE", "Write the BuilderConfig JSON with the fp32 pins here.");
    parser.option("test-data", "DIR", "Inputs from ONNX test data (a folder of test_data_set_* or one).");
    parser.option("input", "NAME=FILE", "Input from a TensorProto .pb or a .npy file.", true);
    parser.option("shapes", "NAME:DIMS", "Shape of a dynamic input for random data.", true);
    parser.option("seed", "N", "Seed of the random inputs (default 1).");
    parser.option("val-range", "[NAME:]LO,HI", "Range of random values, [LO,HI).", true);
    parser.option("threads", "N", "CPU threads (default: one per hardware thread).");
    addBuildOptions(parser);
    addMemoryLimitOption(parser);
    parser.addNotes(
        "Cost: with N candidate layers at most 2 + ceil(log2 N) + (N - 1) steps, each one run per input\n"
        "set; on the cpu backend one build in all, with --backend cuda (a GPU machine) one build per\n"
        "step, each a real fp16/bf16 engine with the step's layers pinned to fp32.\n"
        "Exit codes: 0 a passing set was found (possibly empty), 2 usage/input error (fp32 as target,\n"
        "an input that does not match the model, a tolerance that even fp32 misses), 3 unsupported model.");
    ParsedArgs args = parser.parse(argv);
    if (parser.helpRequested(args)) {
        std::fputs(parser.help().c_str(), stdout);
        return int(ExitCode::Ok);
    }
    const std::string modelPath = args.positionals()[0];
    KILN_CHECK(args.has("precision"), InvalidArgument, "--precision is required (fp16 or bf16)");
    const std::string precisionText = args.get("precision");
    const std::optional<Precision> target = parsePrecision(precisionText);
    KILN_CHECK(target, InvalidArgument, "--precision: unknown precision '", precisionText, "' (fp16 or bf16)");
    KILN_CHECK(*target != Precision::FP32, InvalidArgument,
               "--precision fp32: the reference is fp32 already; give the reduced precision to debug (fp16 or bf16)");
    KILN_CHECK(*target == Precision::FP16 || *target == Precision::BF16, InvalidArgument, "--precision ",
               precisionText, ": only fp16 and bf16 are searched (fp16 or bf16)");
    KILN_CHECK(!(args.has("test-data") && (args.has("input") || args.has("shapes"))), InvalidArgument,
               msg<Msg::TestDataWithInputs>());
    if (args.has("threads")) setNumThreads(int(args.getInt("threads", 0, 1, 1024)));
    applyMemoryLimit(args);
    PrecisionDebugOptions options;
    options.target = *target;
    options.modelPath = modelPath;
    if (args.has("max-norm")) options.tolerance = Tolerance::norm(args.getDouble("max-norm", 0, 0));
    const uint64_t seed = uint64_t(args.getInt("seed", 1, 0, INT64_MAX));
    auto shapes = parseShapeSpecs(args.getAll("shapes"));
    BuilderConfig config = builderConfigFromArgs(args, shapes);
    const std::string p = std::string(precisionName(*target));
    if (config.backend == "cpu") {
        options.mode = PrecisionDebugMode::Emulated;
    } else {
        KILN_CHECK(!args.has("emulate"), InvalidArgument, "--emulate runs on the cpu backend, not --backend ",
                   config.backend, " (there each step builds a real ", p, " engine)");
        options.mode = PrecisionDebugMode::Built;
    }

    ImportResult imported = importOnnxFile(modelPath);
    KILN_CHECK(imported.graph, Internal, msg<Msg::ImporterReturnedNoGraph>("file"_a = modelPath));
    const Graph& model = *imported.graph;
    std::printf("model:     %s (%zu nodes, opset %lld)\n", modelPath.c_str(), model.nodeCount(),
                (long long)model.opsetVersion());
    for (const Message& warning : imported.warnings) std::printf("warning: %s\n", warning.text().c_str());
    for (const auto& [name, dims] : shapes) {
        bool known = false;
        for (const Value* v : model.runtimeInputs()) known = known || v->name == name;
        KILN_CHECK(known, InvalidArgument,
                   msg<Msg::FlagNoSuchInput>("flag"_a = "shapes", "input"_a = name, "target"_a = msg<Msg::NounModel>()));
    }

    std::vector<TensorMap> sets;
    std::string inputsText;
    if (args.has("test-data")) {
        std::vector<std::string> labels;
        for (const TestDataSet& t : findTestDataSets(args.get("test-data"))) {
            sets.push_back(loadTestInputs(model, t));
            labels.push_back(std::filesystem::path(t.dir).filename().string());
        }
        inputsText = concat(sets.size(), " test data set", sets.size() == 1 ? "" : "s", " (", joined(labels, 8), ")");
    } else {
        TensorMap inputs = loadInputFiles(model, args.getAll("input"));
        const size_t given = inputs.size();
        RandomInputOptions randomOptions{seed, shapes, parseValueRanges(args.getAll("val-range"))};
        if (!config.profiles.empty())
            for (const auto& [name, range] : config.profiles.front().inputs) randomOptions.shapes.emplace(name, range.opt);
        std::set<std::string> known;
        for (const auto& [name, dims] : randomOptions.shapes) known.insert(name);
        for (const auto& [name, tensor] : inputs) known.insert(name);
        std::vector<std::string> shapeWarnings;
        randomOptions.shapes.merge(implicitShapes(model, known, "--shapes", shapeWarnings));
        for (const std::string& warning : shapeWarnings) std::printf("warning: %s\n", warning.c_str());
        addRandomInputs(model, randomOptions, inputs);
        inputsText = given == inputs.size()
                         ? "given inputs"
                         : concat(given ? "given and random inputs" : "random inputs", " (seed ", seed, ")");
        sets.push_back(std::move(inputs));
    }
    if (config.profiles.empty()) config.profiles = profileFromSets(model, sets);
    const Tolerance tolerance = options.tolerance ? *options.tolerance : Tolerance::norm(defaultMaxNorm(*target));
    std::printf("target:    %s; outputs within %s\n", p.c_str(), tolerance.describe().c_str());
    std::printf("inputs:    %s\n", inputsText.c_str());
    std::printf("config:    %s, backend %s\n", describeConfig(config).c_str(), config.backend.c_str());
    if (*options.mode == PrecisionDebugMode::Emulated)
        std::printf("mode:      emulated on the CPU: one fp32 cpu build; each step rounds the weights, inputs and float "
                    "outputs of every layer not pinned to fp32 to %s (to nearest even), fp32 math in between: an "
                    "estimate of a GPU %s build, not its exact numbers\n",
                    p.c_str(), p.c_str());
    else
        std::printf("mode:      real %s builds on %s: each step builds an engine with %s allowed and its pinned "
                    "layers overridden to fp32\n",
                    p.c_str(), config.backend.c_str(), p.c_str());
    std::printf("reference: the unoptimized model, fp32, CPU executor\n\n");
    std::fflush(stdout);

    PrecisionDebugCallbacks callbacks;
    callbacks.trial = [](const PrecisionTrial& t) { printTrial(t); };
    callbacks.ranked = [target](const std::vector<LayerErrorScore>& ranking) { printRanking(ranking, *target); };
    PrecisionDebugResult result = debugPrecision(model, config, sets, options, callbacks);
    std::printf("\nresult:    ");
    if (result.pinned.empty()) {
        std::printf("the whole engine passes in %s: no layer needs fp32 (max_norm %s on '%s')\n", p.c_str(),
                    num(result.finalMaxNorm).c_str(), result.trials.front().worstOutput.c_str());
    } else {
        size_t nodes = result.overrides().size();
        std::printf("%zu layer%s kept in fp32 (%zu ONNX node%s), the rest in %s: max_norm %s (limit %s)\n",
                    result.pinned.size(), result.pinned.size() == 1 ? "" : "s", nodes, nodes == 1 ? "" : "s",
                    p.c_str(), num(result.finalMaxNorm).c_str(), num(result.tolerance.maxNormFor(*target)).c_str());
        for (const LayerErrorScore& l : result.pinned)
            std::printf("  %s (%s) from %s\n", l.layer.c_str(), l.type.c_str(), nodesText(l.origin).c_str());
    }
    std::printf("steps:     %zu of at most %zu (%zu candidate layer%s), %zu build%s\n", result.trials.size(),
                result.maxTrials, result.candidates, result.candidates == 1 ? "" : "s", result.builds,
                result.builds == 1 ? "" : "s");
    if (result.mode == PrecisionDebugMode::Emulated)
        std::printf("           a CPU emulation of %s rounding, not a GPU run\n", p.c_str());
    if (args.has("save-overrides")) {
        const std::string path = args.get("save-overrides");
        saveBuilderConfig(configWithPins(config, result), path);
        std::printf("\noverrides written to %s (%zu layerPrecisions entr%s; kiln build --config %s)\n", path.c_str(),
                    result.overrides().size(), result.overrides().size() == 1 ? "y" : "ies", path.c_str());
        if (result.mode == PrecisionDebugMode::Emulated)
            std::printf("           on a GPU: kiln build %s --config %s --backend cuda --%s\n", modelPath.c_str(),
                        path.c_str(), p.c_str());
    }
    return int(ExitCode::Ok);
}

}  // namespace kiln::cli
