// kiln compare: accuracy of an engine against the unoptimized FP32 reference (Polygraphy's
// `run --onnxrt --trt` comparison), per output and, with --per-layer, at every fused-layer boundary
// without changing the engine. The library function is profiler/compare.h (the GUI calls it too).
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "app/kiln/args.h"
#include "app/kiln/build_flags.h"
#include "app/kiln/commands.h"
#include "app/kiln/run_target.h"
#include "engine_core/common/message_catalogue.h"
#include "engine_core/common/parallel.h"
#include "engine_core/onnx/importer.h"
#include "engine_core/onnx/run_inputs.h"
#include "profiler/compare.h"
#include "profiler/emulation.h"
#include "profiler/profile_export.h"
#include "app/kiln/cli_text.h"

namespace kiln::cli {

namespace {

std::string tail(const std::string& s, size_t width) {
    if (s.size() <= width) return s;
    return "..." + s.substr(s.size() - (width - 3));
}

void printOutputs(const CompareReport& r) {
    std::printf("  outputs:\n");
    for (const TensorAccuracy& t : r.outputs) {
        const TensorComparison& c = t.comparison;
        std::printf("    '%s' %s%s: %s  %s\n", c.name.c_str(), dataTypeName(c.expectedType).data(),
                    dimsToString(c.expectedDims).c_str(), comparisonStatusName(c.status),
                    c.summary().c_str());
        if (c.smallValues) std::printf("      warning: %s\n", c.warning().c_str());
        if (!t.histogram.counts.empty())
            std::printf("      |error| histogram: %s\n", t.histogram.str().c_str());
    }
}

// "1.000e-04 fp32": the norm threshold a layer's worst output was held to.
std::string limitOf(const TensorComparison& c) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0e %s", c.maxNormLimit, precisionName(c.precision).data());
    return buf;
}

// Where NaN or inf first appear in the engine's layer outputs, and whether the reference has them
// there too (then the model or its inputs make them, not the engine). Nothing when there are none.
void printFirstNonFinite(const CompareReport& r) {
    auto where = [&r](size_t at) {
        const LayerAccuracy& l = r.layers[at];
        return concat("#", l.index, " '", l.layer, "' (", l.type, ") from ONNX node", l.origin.size() == 1 ? "" : "s",
                      " ", joined(l.origin, 12));
    };
    if (r.firstNonFiniteLayer) {
        const LayerAccuracy& l = r.layers[*r.firstNonFiniteLayer];
        const NonFiniteCounts ref = l.referenceNonFinite();
        std::printf("  first NaN/inf: %s: %s; the reference has %s there\n", where(*r.firstNonFiniteLayer).c_str(),
                    l.nonFinite().str().c_str(), ref.total() == 0 ? "none" : ref.str().c_str());
    }
    if (r.firstNonFiniteReferenceLayer && r.firstNonFiniteReferenceLayer != r.firstNonFiniteLayer)
        std::printf("  first NaN/inf in the reference: %s: %s\n", where(*r.firstNonFiniteReferenceLayer).c_str(),
                    r.layers[*r.firstNonFiniteReferenceLayer].referenceNonFinite().str().c_str());
}

void printLayers(const CompareReport& r) {
    size_t compared = 0, failing = 0, small = 0;
    for (const LayerAccuracy& l : r.layers) {
        compared += l.compared() ? 1 : 0;
        failing += l.compared() && !l.passed() ? 1 : 0;
        for (const TensorAccuracy& t : l.outputs) small += t.comparison.smallValues ? 1 : 0;
    }
    const bool norm = r.tolerance.rule == CheckRule::Norm;
    std::printf("  per layer (%zu layers, %zu compared at their boundary, %zu outside tolerance):\n",
                r.layers.size(), compared, failing);
    // Cosine and the normalized error first: what the default verdict reads.
    // nan/inf: the engine's NaN and infinity counts over the layer's compared outputs.
    std::printf("    %4s  %-44s  %-20s  %4s  %9s  %10s  %-10s  %10s  %10s  %7s  %7s  %-6s  %s\n", "#", "layer",
                "type", "onnx", "cosine", "max_norm", norm ? "limit" : "", "max_abs", "max_rel", "snr_db", "nan/inf",
                "status", "tensor");
    for (const LayerAccuracy& l : r.layers) {
        if (!l.compared()) {
            std::printf("    %4zu  %-44s  %-20s  %4zu  %9s  %10s  %-10s  %10s  %10s  %7s  %7s  %-6s  %s\n", l.index,
                        tail(l.layer, 44).c_str(), tail(l.type, 20).c_str(), l.origin.size(), "-", "-", "", "-",
                        "-", "-", "-", "-", ("not in reference: " + joined(l.notInReference, 6)).c_str());
            continue;
        }
        const TensorComparison* worst = &l.worst()->comparison;
        char snr[16];
        std::snprintf(snr, sizeof snr, "%.1f", worst->snrDb);
        char cosine[16];
        std::snprintf(cosine, sizeof cosine, "%.6f", worst->cosineSimilarity);
        std::string tensor = worst->name;
        if (worst->smallValues) tensor += " (small values)";
        const NonFiniteCounts nonFinite = l.nonFinite();
        const std::string nanInf =
            nonFinite.total() == 0 ? "-" : concat(nonFinite.nan, "/", nonFinite.posInf + nonFinite.negInf);
        std::printf("    %4zu  %-44s  %-20s  %4zu  %9s  %10s  %-10s  %10s  %10s  %7s  %7s  %-6s  %s\n", l.index,
                    tail(l.layer, 44).c_str(), tail(l.type, 20).c_str(), l.origin.size(), cosine,
                    num(worst->maxNormalizedError).c_str(), norm ? limitOf(*worst).c_str() : "",
                    num(worst->maxAbsError).c_str(), num(worst->maxRelError).c_str(),
                    std::isinf(worst->snrDb) ? "inf" : snr, nanInf.c_str(),
                    l.passed() ? "PASS" : comparisonStatusName(worst->status), tensor.c_str());
    }
    if (small > 0)
        std::printf("  warning: %zu layer output%s with small values (marked): %s\n", small, small == 1 ? "" : "s",
                    norm ? "every |expected| is below 1e-6, so their verdict says little"
                         : "every |expected| is at most atol (or below 1e-6), so the absolute tolerance passes "
                           "them whatever they are; judge by cosine and max_norm");
    printFirstNonFinite(r);
    if (r.firstFailingLayer) {
        const LayerAccuracy& l = r.layers[*r.firstFailingLayer];
        std::printf("  first failing layer: #%zu '%s' (%s) from ONNX node%s %s\n", l.index, l.layer.c_str(),
                    l.type.c_str(), l.origin.size() == 1 ? "" : "s", joined(l.origin, 12).c_str());
        for (const TensorAccuracy& t : l.outputs)
            if (!t.comparison.passed())
                std::printf("    output '%s': %s\n", t.comparison.name.c_str(),
                            t.comparison.summary().c_str());
    } else {
        std::printf("  every compared layer is within tolerance\n");
    }
}

// min/opt/max over the data sets' input shapes (opt: the first set) for the dynamic inputs.
std::vector<OptimizationProfile> profileFromData(const Graph& model,
                                                 const std::vector<std::pair<std::string, TensorMap>>& sets) {
    std::vector<const TensorMap*> maps;
    for (const auto& set : sets) maps.push_back(&set.second);
    return profileSpanning(model, maps);
}

}  // namespace

int runCompare(const std::vector<std::string>& argv) {
    ArgParser parser(
        "kiln compare",
        "MODEL (--engine ENGINE | build flags) [--test-data DIR | --input NAME=FILE ... | --seed N] "
        "[--shapes NAME:DIMS ...] [--error-mode norm|elementwise] [--max-norm T] [--atol A] [--rtol R] "
        "[--per-layer] [--export FILE] [--emulate fp16|bf16] [--expected reference|stored]",
        "Compares an engine with the reference (MODEL unoptimized, fp32, CPU executor) on the same\n"
        "inputs: per output cosine similarity, max error relative to the output's magnitude (max_norm),\n"
        "max abs/rel error, mean abs, RMSE, SNR and an error histogram. The engine is --engine ENGINE, or built from MODEL with the build flags (as in\n"
        "kiln build). With --per-layer every layer is compared at its output, which keeps the ONNX\n"
        "tensor name even when fused, so the engine runs unchanged; the first layer outside tolerance is\n"
        "reported with the ONNX nodes it came from.",
        1, 1);
    parser.option("engine", "ENGINE", "The engine file to compare (from kiln build).");
    addBuildOptions(parser);
    parser.option("test-data", "DIR", "Inputs from ONNX test data (a folder of test_data_set_* or one).");
    parser.option("input", "NAME=FILE", "Input from a TensorProto .pb or a .npy file.", true);
    parser.option("shapes", "NAME:DIMS",
                  "Shape of a dynamic input for random data (default: the profile's opt shape,\n"
                  "else 1 for each dynamic dim, with a warning).",
                  true);
    parser.option("seed", "N", "Seed of the random inputs (default 1).");
    parser.option("val-range", "[NAME:]LO,HI", "Range of random values, [LO,HI).", true);
    addToleranceOptions(parser);
    parser.flag("per-layer", "Compare at every layer boundary; any layer outside tolerance fails.");
    parser.option("export", "FILE", "Write every number (outputs, layers, histograms) as JSON.");
    parser.option("profile-index", "K", "Engine optimization profile to run with (default 0).");
    parser.option("threads", "N", "CPU threads (default: one per hardware thread).");
    parser.option("emulate", "fp16|bf16",
                  "Preview a GPU fp16 or bf16 build on the CPU: the inline cpu build's weights, inputs and\n"
                  "every layer's float outputs rounded to that type (to nearest even), fp32 math in between,\n"
                  "held to that precision's threshold. Not with --engine; fp8 is not emulated yet.");
    parser.option("expected", "reference|stored",
                  "What the engine's outputs are compared with: the reference run (default), or with\n"
                  "--test-data the outputs stored there (output_K.pb, bound as kiln run --test-data binds\n"
                  "them; layers are still compared with the reference run).");
    addMemoryLimitOption(parser);
    parser.addNotes(
        "Pass rule: by default the error relative to the tensor's magnitude, max|a-e| / max|e|, within\n"
        "the threshold of the precision the tensor was computed in (the least exact precision of its\n"
        "layer and the layers before it); rounding near zero where values cancel doesn't fail a tensor\n"
        "of O(1) values. --atol/--rtol select Polygraphy's elementwise rule, |a-e| <= atol + rtol*|e|.\n"
        "A warning marks outputs whose values are too small for the verdict to mean much. Integer and\n"
        "bool outputs must match exactly. Exit codes: 0 pass, 1 an output (or, with --per-layer, a layer) outside\n"
        "tolerance, 2 usage/input error, 3 unsupported model.");
    ParsedArgs args = parser.parse(argv);
    if (parser.helpRequested(args)) {
        std::fputs(parser.help().c_str(), stdout);
        return int(ExitCode::Ok);
    }
    const std::string modelPath = args.positionals()[0];
    KILN_CHECK(!(args.has("engine") && hasBuildOptions(args)), InvalidArgument,
               msg<Msg::EngineWithBuildFlags>());
    KILN_CHECK(!(args.has("test-data") && (args.has("input") || args.has("shapes"))), InvalidArgument,
               msg<Msg::TestDataWithInputs>());
    const std::string expected = args.has("expected") ? args.get("expected") : "reference";
    KILN_CHECK(expected == "reference" || expected == "stored", InvalidArgument, "--expected: unknown value '",
               expected, "' (reference or stored)");
    const bool expectStored = expected == "stored";
    KILN_CHECK(!expectStored || args.has("test-data"), InvalidArgument,
               "--expected stored compares with the outputs stored in test data: give --test-data DIR");
    std::optional<Precision> emulate;
    // Refused as Kiln Studio's accuracy view refuses it (emulationRefusal): the precision, then --engine,
    // then (below, once the build flags are read) the backend.
    auto checkEmulation = [&](std::string_view backend) {
        switch (emulationRefusal(*emulate, args.has("engine"), backend)) {
        case EmulationRefusal::None: return;
        case EmulationRefusal::Fp8NeedsScales:
            fail(ErrorKind::InvalidArgument,
                 "--emulate fp8: not emulated yet: fp8 needs a per-tensor scale for every tensor (its amax), "
                 "which the CPU emulation does not compute; use --emulate fp16 or bf16");
        case EmulationRefusal::NotEmulated:
            fail(ErrorKind::InvalidArgument, "--emulate: unknown precision '", precisionName(*emulate),
                 "' (fp16 or bf16)");
        case EmulationRefusal::EngineFile:
            fail(ErrorKind::InvalidArgument,
                 "--emulate rounds an engine built here on the cpu backend: not with --engine");
        case EmulationRefusal::NotCpuBackend:
            fail(ErrorKind::InvalidArgument, "--emulate runs on the cpu backend, not --backend ", backend,
                 " (on a GPU, build with --", precisionName(*emulate), " instead)");
        }
    };
    if (args.has("emulate")) {
        const std::string value = args.get("emulate");
        emulate = parsePrecision(value);
        // fp32 is no emulation: not a value of --emulate (as before; leave the option out).
        KILN_CHECK(emulate && *emulate != Precision::FP32, InvalidArgument, "--emulate: unknown precision '", value,
                   "' (fp16 or bf16)");
        checkEmulation("cpu");
    }
    CompareOptions options;
    std::vector<std::string> toleranceWarnings;
    options.tolerance = toleranceFromArgs(args, toleranceWarnings);
    options.perLayer = args.has("per-layer");
    options.profileIndex = int(args.getInt("profile-index", 0, 0, 1 << 20));
    const uint64_t seed = uint64_t(args.getInt("seed", 1, 0, INT64_MAX));
    if (args.has("threads")) setNumThreads(int(args.getInt("threads", 0, 1, 1024)));
    applyMemoryLimit(args);
    auto shapes = parseShapeSpecs(args.getAll("shapes"));
    RandomInputOptions randomOptions{seed, shapes, parseValueRanges(args.getAll("val-range"))};
    std::optional<BuilderConfig> config;
    if (!args.has("engine")) config = builderConfigFromArgs(args, shapes);
    if (emulate) checkEmulation(config->backend);

    ImportResult imported = importOnnxFile(modelPath);
    KILN_CHECK(imported.graph, Internal, msg<Msg::ImporterReturnedNoGraph>("file"_a = modelPath));
    const Graph& model = *imported.graph;
    std::printf("model:     %s (%zu nodes, opset %lld)\n", modelPath.c_str(), model.nodeCount(),
                (long long)model.opsetVersion());
    for (const Message& warning : imported.warnings) std::printf("warning: %s\n", warning.text().c_str());
    for (const std::string& warning : toleranceWarnings) std::printf("warning: %s\n", warning.c_str());

    std::shared_ptr<const Engine> engine;
    if (args.has("engine")) {
        loadPluginLibraries(args.getAll("plugins"));
        engine = Engine::load(args.get("engine"));
        std::printf("engine:    %s (%zu layers)\n", args.get("engine").c_str(), engine->layers().size());
        // Random inputs of dynamic dims default to the profile's opt shape.
        if (!engine->profiles().empty()) {
            KILN_CHECK(size_t(options.profileIndex) < engine->profiles().size(), InvalidArgument,
                       msg<Msg::ProfileIndexMissing>("index"_a = options.profileIndex,
                                                     "count"_a = engine->profiles().size()));
            for (const auto& [name, range] : engine->profiles()[size_t(options.profileIndex)].inputs)
                randomOptions.shapes.emplace(name, range.opt);
        }
    }
    // An inline build's shape flags (or config) give random inputs their opt shape, as an engine's profile does.
    if (config && !config->profiles.empty())
        for (const auto& [name, range] : config->profiles.front().inputs) randomOptions.shapes.emplace(name, range.opt);
    for (const auto& [name, dims] : shapes) {
        bool known = false;
        for (const Value* v : model.runtimeInputs()) known = known || v->name == name;
        KILN_CHECK(known, InvalidArgument,
                   msg<Msg::FlagNoSuchInput>("flag"_a = "shapes", "input"_a = name,
                                             "target"_a = msg<Msg::NounModel>()));
    }
    std::vector<std::pair<std::string, TensorMap>> sets;
    std::vector<std::optional<StoredOutputs>> storedSets;  // per set, with --expected stored
    if (args.has("test-data")) {
        for (const TestDataSet& t : findTestDataSets(args.get("test-data"))) {
            const std::string label = std::filesystem::path(t.dir).filename().string();
            sets.push_back({label, loadTestInputs(model, t)});
            if (!expectStored) continue;
            KILN_CHECK(!t.outputFiles.empty(), InvalidArgument, "--expected stored: '", t.dir,
                       "' has no output_K.pb files to compare with");
            storedSets.push_back(loadStoredOutputs(model, t));
        }
    } else {
        TensorMap inputs = loadInputFiles(model, args.getAll("input"));
        size_t given = inputs.size();
        // A dynamic dim that neither --shapes, a file nor the engine's profile gives is 1, as in
        // kiln build and kiln run (a warning says so); an inline build gets a profile at it.
        std::set<std::string> known;
        for (const auto& [name, dims] : randomOptions.shapes) known.insert(name);
        for (const auto& [name, tensor] : inputs) known.insert(name);
        std::vector<std::string> shapeWarnings;
        randomOptions.shapes.merge(implicitShapes(model, known, "--shapes", shapeWarnings));
        for (const std::string& warning : shapeWarnings) std::printf("warning: %s\n", warning.c_str());
        addRandomInputs(model, randomOptions, inputs);
        std::string label =
            given == inputs.size()
                ? "given inputs"
                : concat(given ? "given and random inputs" : "random inputs", " (seed ", seed, ")");
        sets.push_back({label, std::move(inputs)});
    }

    if (!engine) {
        // A dynamic model built inline without shape flags: one profile spanning the data's shapes.
        if (config->profiles.empty()) config->profiles = profileFromData(model, sets);
        std::printf("building:  %s\n", describeConfig(*config).c_str());
        BuildReport buildReport;
        engine = buildWithProgress(model, *config, false, buildReport, modelPath);
        std::printf("engine:    built in memory (%zu layers)\n", engine->layers().size());
        if (emulate) {
            // Pins by op type match fused layers through their ONNX nodes' op types, as in the build.
            const std::map<std::string, std::string> opTypes = model.nodeOpTypes();
            engine = engine->withEmulatedRounding(*emulate, {}, &opTypes);
            std::printf("emulation: %s on the CPU: weights, inputs and every layer's float outputs rounded to %s "
                        "(to nearest even), fp32 math in between; an estimate of a GPU %s build's error, not its "
                        "exact numbers\n",
                        precisionName(*emulate).data(), precisionName(*emulate).data(), precisionName(*emulate).data());
        }
    }
    std::printf("reference: the unoptimized model, fp32, %s\n",
                Executor(model).backend().deviceName().c_str());

    std::vector<std::pair<std::string, CompareReport>> reports;
    bool passed = true;
    for (const auto& [label, inputs] : sets) {
        std::printf("\n%s:\n", label.c_str());
        if (expectStored) {
            options.stored = storedSets[reports.size()];
            std::string files;
            for (const StoredOutputs::Output& o : options.stored->outputs)
                files += concat(files.empty() ? "" : ", ", o.file, " -> ", o.name,
                                o.storedName.empty() || o.storedName == o.name
                                    ? ""
                                    : concat(" (its name field says '", o.storedName, "': bound in order)"));
            std::printf("expected:  the stored outputs of %s (%s); layers against the reference run\n",
                        label.c_str(), files.c_str());
        }
        CompareReport r = compareWithReference(model, *engine, inputs, options);
        printOutputs(r);
        if (options.perLayer) printLayers(r);
        passed = passed && r.passed();
        reports.push_back({label, std::move(r)});
    }
    if (args.has("export")) {
        writeTextFile(args.get("export"), compareReportsToJson(reports));
        std::printf("\nreport written to %s\n", args.get("export").c_str());
    }
    std::printf("\nresult:    %s (%s; %s)\n", passed ? "PASS" : "FAIL", options.tolerance.describe().c_str(),
                options.perLayer ? "every layer" : "outputs");
    if (emulate)
        std::printf("           a CPU emulation of %s rounding, not a GPU run\n", precisionName(*emulate).data());
    return int(passed ? ExitCode::Ok : ExitCode::ComparisonFailed);
}

}  // namespace kiln::cli
