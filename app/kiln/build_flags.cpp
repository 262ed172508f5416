#include "app/kiln/build_flags.h"
#include "engine_core/runtime/backend.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>

#include "engine_core/builder/plugin.h"
#include "engine_core/common/error.h"
#include "engine_core/common/memory_limit.h"
#include "engine_core/common/message_catalogue.h"
#include "engine_core/onnx/run_inputs.h"

namespace kiln::cli {

void addMemoryLimitOption(ArgParser& parser) {
    parser.option("memory-limit", "SIZE",
                  "Stop before a run or build allocates more than SIZE (512M, 8G; default 3/4 of physical memory).");
}

void applyMemoryLimit(const ParsedArgs& args) {
    if (!args.has("memory-limit")) return setMemoryLimit(std::nullopt);
    const std::string text = args.get("memory-limit");
    std::optional<uint64_t> bytes = parseByteSize(text);
    KILN_CHECK(bytes, InvalidArgument, msg<Msg::FlagNotByteSize>("flag"_a = "memory-limit", "text"_a = text));
    setMemoryLimit(*bytes);
}

namespace {

const char* kPrecisionFlags[] = {"fp16", "bf16", "tf32", "int8", "fp8"};

// The options that shape a build (--plugins is not one: running an engine needs it too).
const char* kBuildOptions[] = {
    "fp16",       "bf16",       "tf32",       "int8",      "fp8",          "layer-precision",
    "min-shapes", "opt-shapes", "max-shapes", "opt-level", "timing-cache", "config",
    "workspace",  "sparsity",   "backend",   "calib",        "calibrator",   "percentile",
    "calib-cache", "calib-batches"};

// "NAME_OR_OPTYPE:PREC[,NAME:PREC...]"; the last ':' splits so node names with ':' work.
std::vector<LayerPrecisionOverride> parseLayerPrecisions(const std::vector<std::string>& specs) {
    std::vector<LayerPrecisionOverride> out;
    for (const std::string& spec : specs) {
        for (const std::string& item : splitCommaList(spec)) {
            size_t colon = item.rfind(':');
            KILN_CHECK(colon != std::string::npos && colon > 0 && colon + 1 < item.size(), InvalidArgument,
                       msg<Msg::LayerPrecisionMalformed>("item"_a = item));
            std::string precision = item.substr(colon + 1);
            auto p = parsePrecision(precision);
            KILN_CHECK(p, InvalidArgument,
                       msg<Msg::LayerPrecisionUnknown>("item"_a = item, "precision"_a = precision));
            out.push_back({item.substr(0, colon), *p});
        }
    }
    return out;
}

// One profile from --min/--opt/--max-shapes. An input needs an opt shape; a missing min or max
// defaults to opt (trtexec's --shapes is the all-equal case).
std::optional<OptimizationProfile> profileFromFlags(const ParsedArgs& args) {
    auto mins = parseShapeSpecs(args.getAll("min-shapes"), "min-shapes");
    auto opts = parseShapeSpecs(args.getAll("opt-shapes"), "opt-shapes");
    auto maxs = parseShapeSpecs(args.getAll("max-shapes"), "max-shapes");
    if (mins.empty() && opts.empty() && maxs.empty()) return std::nullopt;
    std::set<std::string> names;
    for (const auto* m : {&mins, &opts, &maxs})
        for (const auto& [name, dims] : *m) names.insert(name);
    OptimizationProfile profile;
    for (const std::string& name : names) {
        auto opt = opts.find(name);
        KILN_CHECK(opt != opts.end(), InvalidArgument, msg<Msg::OptShapesMissing>("input"_a = name));
        ShapeRange range;
        range.opt = opt->second;
        range.min = mins.count(name) ? mins.at(name) : range.opt;
        range.max = maxs.count(name) ? maxs.at(name) : range.opt;
        profile.inputs[name] = range;
    }
    return profile;
}

std::string rangeText(const ShapeRange& r) {
    if (r.min == r.opt && r.opt == r.max) return dimsToString(r.opt);
    return dimsToString(r.min) + ".." + dimsToString(r.opt) + ".." + dimsToString(r.max);
}

}  // namespace

void addBuildOptions(ArgParser& parser) {
    const std::string previousGroup = parser.group("Build options");
    parser.flag("fp16", "Allow fp16 layers (like trtexec --fp16).");
    parser.flag("bf16", "Allow bf16 layers.");
    parser.flag("tf32", "Allow tf32 math in fp32 layers.");
    parser.flag("int8", "Allow int8 layers.");
    parser.flag("fp8", "Allow fp8 layers.");
    parser.option("layer-precision", "NAME_OR_OPTYPE:PREC",
                  "Force a layer's precision; NAME is a layer or ONNX node name or an\n"
                  "op type, e.g. Softmax:fp32 (comma-separated list allowed).",
                  true);
    parser.option("min-shapes", "NAME:DIMS", "Optimization profile minimum, e.g. x:1x3x224x224.", true);
    parser.option("opt-shapes", "NAME:DIMS", "Optimization profile shape tuned for (required per input).",
                  true);
    parser.option("max-shapes", "NAME:DIMS", "Optimization profile maximum.", true);
    parser.option("opt-level", "0-3", "Graph optimization level (default 3; 0 = no passes).");
    parser.option("timing-cache", "FILE", "Tactic timing cache: read if present, updated after the build.");
    parser.option("plugins", "LIB.so", "Load plugin library (kiln_register_plugins).", true);
    parser.option("config", "FILE", "BuilderConfig JSON (kiln-studio's settings file); flags override it.");
    parser.option("workspace", "MiB", "Scratch memory limit for tactics in MiB (default 1024).");
    parser.option("sparsity", "MODE", "Structured sparsity: disable (default), enable or force.");
    parser.option("backend", "NAME", "Backend: cpu (default), cuda, oracle; `kiln backends` lists them. Layers it can't run fall back to cpu.");
    parser.option("calib", "DIR",
                  "INT8 calibration data: test_data_set_*/input_N.pb folders or NAME.npy\n"
                  "files (one batch per folder); used with --int8.");
    parser.option("calibrator", "NAME", "Calibration algorithm: entropy (default), minmax or percentile.");
    parser.option("percentile", "P", "Percentile of |x| for --calibrator percentile, in (0, 100] (default 99.99).");
    parser.option("calib-batches", "N", "Calibrate on at most N batches (default: all).");
    parser.option("calib-cache", "FILE",
                  "Calibration cache: read instead of calibrating when it exists (same\n"
                  "calibrator), else written after the build.");
    parser.group(previousGroup);
}

bool hasBuildOptions(const ParsedArgs& args) {
    for (const char* name : kBuildOptions)
        if (args.has(name)) return true;
    return false;
}

BuilderConfig builderConfigFromArgs(const ParsedArgs& args,
                                    const std::map<std::string, std::vector<int64_t>>& fallbackShapes) {
    BuilderConfig config = args.has("config") ? loadBuilderConfig(args.get("config")) : BuilderConfig{};
    for (const char* flag : kPrecisionFlags) {
        if (!args.has(flag)) continue;
        Precision p = *parsePrecision(flag);
        if (std::find(config.precisions.begin(), config.precisions.end(), p) == config.precisions.end())
            config.precisions.push_back(p);
    }
    for (const LayerPrecisionOverride& o : parseLayerPrecisions(args.getAll("layer-precision"))) {
        auto it = std::find_if(config.layerPrecisions.begin(), config.layerPrecisions.end(),
                               [&](const LayerPrecisionOverride& e) { return e.target == o.target; });
        if (it != config.layerPrecisions.end())
            *it = o;
        else
            config.layerPrecisions.push_back(o);
    }
    if (auto profile = profileFromFlags(args)) {
        config.profiles = {*profile};
    } else if (config.profiles.empty() && !fallbackShapes.empty()) {
        OptimizationProfile p;
        for (const auto& [name, dims] : fallbackShapes) p.inputs[name] = {dims, dims, dims};
        config.profiles = {p};
    }
    if (args.has("opt-level")) config.optimizationLevel = int(args.getInt("opt-level", 3, 0, 3));
    if (args.has("timing-cache")) config.timingCachePath = args.get("timing-cache");
    for (const std::string& lib : args.getAll("plugins")) config.pluginLibraries.push_back(lib);
    if (args.has("workspace"))
        config.workspaceBytes = uint64_t(args.getInt("workspace", 1024, 0, int64_t(1) << 30)) << 20;
    if (args.has("sparsity")) {
        std::string s = args.get("sparsity");
        // trtexec spells the modes disable/enable/force; the config file uses the adjectives.
        std::string adjective = s == "disable"  ? "disabled"
                                : s == "enable" ? "enabled"
                                : s == "force"  ? "forced"
                                                : s;
        auto mode = parseSparsityMode(adjective);
        KILN_CHECK(mode, InvalidArgument, msg<Msg::SparsityFlagInvalid>("value"_a = s));
        config.sparsity = *mode;
    }
    if (args.has("backend")) {
        const std::string b = args.get("backend");
        if (!BackendRegistry::global().known(b)) {
            std::string names;
            for (const std::string& id : BackendRegistry::global().ids()) names += (names.empty() ? "" : ", ") + id;
            fail(ErrorKind::InvalidArgument, msg<Msg::BackendFlagInvalid>("names"_a = names, "value"_a = b));
        }
        config.backend = b;
    }
    if (args.has("calib")) config.calibration.dataFolder = args.get("calib");
    if (args.has("calibrator")) {
        auto a = parseCalibrationAlgorithm(args.get("calibrator"));
        KILN_CHECK(a, InvalidArgument, msg<Msg::CalibratorFlagInvalid>("value"_a = args.get("calibrator")));
        config.calibration.algorithm = *a;
    }
    if (args.has("percentile")) {
        double p = args.getDouble("percentile", 99.99, 0);
        KILN_CHECK(p > 0 && p <= 100, InvalidArgument,
                   msg<Msg::PercentileFlagOutside>("value"_a = args.get("percentile")));
        config.calibration.percentile = p;
    }
    if (args.has("calib-batches"))
        config.calibration.maxBatches = int(args.getInt("calib-batches", 0, 0, 1 << 30));
    if (args.has("calib-cache")) config.calibration.cachePath = args.get("calib-cache");
    config.validateStandalone();
    return config;
}

std::map<std::string, std::vector<int64_t>> implicitShapes(const Graph& model, const std::set<std::string>& given,
                                                           const std::string& flag,
                                                           std::vector<std::string>& warnings) {
    std::map<std::string, std::vector<int64_t>> out;
    for (const Value* v : model.runtimeInputs()) {
        // An unknown rank has no dims to set to 1: resolveInputDims and validate() say so.
        if (given.count(v->name) || !v->shape.rankKnown || v->shape.isStatic()) continue;
        std::vector<int64_t> dims;
        for (const Dim& d : v->shape.dims) dims.push_back(d.isStatic() ? d.value : 1);
        std::string shape;
        for (int64_t d : dims) shape += concat(shape.empty() ? "" : "x", d);
        warnings.push_back(concat("input '", v->name, "' has dynamic shape ", v->shape.str(),
                                  " and no shape was given: using ", shape, " (", flag, " ", v->name,
                                  ":DIMS chooses another)"));
        out[v->name] = std::move(dims);
    }
    return out;
}

void addImplicitProfile(BuilderConfig& config, const Graph& model, std::vector<std::string>& warnings) {
    if (config.profiles.empty()) {
        OptimizationProfile profile;
        for (const auto& [name, dims] : implicitShapes(model, {}, "--opt-shapes", warnings))
            profile.inputs[name] = {dims, dims, dims};
        if (!profile.inputs.empty()) config.profiles.push_back(std::move(profile));
        return;
    }
    std::set<std::string> warned;
    for (OptimizationProfile& profile : config.profiles) {
        std::set<std::string> given;
        for (const auto& [name, range] : profile.inputs) given.insert(name);
        std::vector<std::string> lines;
        for (const auto& [name, dims] : implicitShapes(model, given, "--opt-shapes", lines))
            profile.inputs[name] = {dims, dims, dims};
        for (const std::string& line : lines)
            if (warned.insert(line).second) warnings.push_back(line);
    }
}

std::string describeConfig(const BuilderConfig& config) {
    std::string precisions;
    for (Precision p : config.precisions) {
        if (!precisions.empty()) precisions += '+';
        precisions += precisionName(p);
    }
    std::string s = concat(precisions, ", opt level ", config.optimizationLevel, ", ");
    if (config.profiles.empty()) {
        s += "static shapes";
    } else {
        s += concat(config.profiles.size(), " profile", config.profiles.size() == 1 ? "" : "s", " (");
        bool first = true;
        for (const auto& [name, range] : config.profiles[0].inputs) {
            s += (first ? "" : ", ") + name + ": " + rangeText(range);
            first = false;
        }
        s += ")";
    }
    s += concat(", workspace ", config.workspaceBytes >> 20, " MiB, sparsity ",
                sparsityModeName(config.sparsity));
    if (!config.layerPrecisions.empty()) {
        s += ", layer precisions";
        for (const auto& o : config.layerPrecisions)
            s += concat(" ", o.target, ":", precisionName(o.precision));
    }
    if (!config.timingCachePath.empty()) s += ", timing cache " + config.timingCachePath;
    if (config.needsCalibration()) {
        const CalibrationSettings& c = config.calibration;
        s += concat(", calibrator ", calibrationAlgorithmName(c.algorithm));
        if (c.algorithm == CalibrationAlgorithm::Percentile) s += concat(" ", c.percentile);
        if (!c.dataFolder.empty()) s += ", calibration data " + c.dataFolder;
        if (!c.cachePath.empty()) s += ", calibration cache " + c.cachePath;
    }
    return s;
}

void loadPluginLibraries(const std::vector<std::string>& paths) {
    for (const std::string& path : paths) loadPluginLibrary(path, PluginRegistry::global());
}

std::shared_ptr<const Engine> buildWithProgress(const Graph& model, const BuilderConfig& config, bool verbose,
                                                BuildReport& report, const std::string& modelPath) {
    BuildCallbacks callbacks;
    size_t lastDecile = 0, lastCalibrated = 0;
    // Wall time per phase (summed over the builder's restarts), for the "phases:" line: where a
    // build's time goes (a warm timing cache leaves import, optimize and the plans' setup).
    std::vector<std::pair<std::string, double>> phaseMs;
    std::map<std::string, std::chrono::steady_clock::time_point> phaseStart;
    callbacks.progress = [&](BuildPhase phase, size_t i, size_t n, const std::string& message) {
        std::string name(buildPhaseName(phase));
        const auto now = std::chrono::steady_clock::now();
        if (i == 0) phaseStart[name] = now;
        if (i > 0 && i == n && phaseStart.count(name)) {
            const double ms = std::chrono::duration<double, std::milli>(now - phaseStart[name]).count();
            auto it = std::find_if(phaseMs.begin(), phaseMs.end(), [&](const auto& p) { return p.first == name; });
            if (it == phaseMs.end()) phaseMs.emplace_back(name, ms);
            else it->second += ms;
            phaseStart.erase(name);  // Calibrate's repeated (n, n), with its summary, finds no start
        }
        // Calibrate reports each batch, then repeats (n, n) with its summary line.
        bool summary = phase == BuildPhase::Calibrate && i == n && lastCalibrated == n;
        bool counted = !summary && (phase == BuildPhase::SelectTactics || (phase == BuildPhase::Calibrate && n > 1));
        if (phase == BuildPhase::Calibrate) lastCalibrated = i;
        if (counted && n > 0 && i > 0) {
            // Every layer (batch) with --verbose; else about every tenth, and the last.
            size_t decile = i * 10 / n;
            const char* unit = phase == BuildPhase::Calibrate ? "batch" : "layer";
            if (verbose || i == n || decile != lastDecile)
                std::printf("[%s] %s %zu/%zu %s\n", name.c_str(), unit, i, n, message.c_str());
            lastDecile = decile;
        } else if (i == 0) {
            lastDecile = 0;
            std::printf("[%s] ...\n", name.c_str());
        } else if (!message.empty()) {
            std::printf("[%s] %s\n", name.c_str(), message.c_str());
        }
        std::fflush(stdout);
    };
    BuildOptions options;
    options.report = &report;
    options.modelPath = modelPath;
    std::shared_ptr<const Engine> engine = buildEngine(model, config, callbacks, options);
    if (!report.fixedInputDims.empty()) {
        std::string fixed;
        for (const auto& [name, dims] : report.fixedInputDims)
            fixed += concat(fixed.empty() ? "" : ", ", name, " ", dimsToString(dims));
        std::printf("shapes:  the profile fixes %s: built at those dims (shape computations folded)\n",
                    fixed.c_str());
    }
    std::printf("\nfusion report: %s", report.fusion.str().c_str());
    std::printf("tactics: %zu layers, %zu with a choice, %zu timings, %zu timing-cache hits\n", report.layers,
                report.layersWithChoices, report.tacticsTimed, report.timingCacheHits);
    if (config.needsCalibration()) {
        if (report.calibrationFromCache)
            std::printf("calibration: %zu tensor ranges read from %s\n", report.calibrationRanges,
                        config.calibration.cachePath.c_str());
        else
            std::printf("calibration: %zu tensor ranges from %zu batch%s (%s)%s%s\n", report.calibrationRanges,
                        report.calibrationBatches, report.calibrationBatches == 1 ? "" : "es", std::string(calibrationAlgorithmName(config.calibration.algorithm)).c_str(),
                        config.calibration.cachePath.empty() ? "" : ", cache written to ",
                        config.calibration.cachePath.c_str());
    }
    for (const std::string& w : report.warnings) std::printf("warning: %s\n", w.c_str());
    std::printf("build time: %.1f ms\n", report.buildMs);
    if (verbose && !phaseMs.empty()) {
        std::string line;
        double sum = 0;
        for (const auto& [name, ms] : phaseMs) {
            line += concat(line.empty() ? "" : ", ", name, " ", int64_t(ms + 0.5), " ms");
            sum += ms;
        }
        if (report.buildMs > sum) line += concat(", between phases ", int64_t(report.buildMs - sum + 0.5), " ms");
        std::printf("phases:  %s\n", line.c_str());
    }
    return engine;
}

void addToleranceOptions(ArgParser& parser) {
    const std::string previousGroup = parser.group("Tolerance options");
    parser.option("error-mode", "MODE",
                  concat("norm (default): pass if max|a-e| / max|e| <= a threshold that follows the\n"
                         "  precision the tensor was computed in (fp32 ",
                         defaultMaxNorm(Precision::FP32), ", tf32/fp16 ", defaultMaxNorm(Precision::FP16),
                         ", bf16 ", defaultMaxNorm(Precision::BF16), ", int8 ",
                         defaultMaxNorm(Precision::INT8), ", fp8 ", defaultMaxNorm(Precision::FP8),
                         ");\n"
                         "elementwise: pass if |a-e| <= atol + rtol*|e| everywhere (Polygraphy's rule;\n"
                         "  the default when --atol or --rtol is given);\n"
                         "max-normalized: the old name of norm."));
    parser.option("max-norm", "T", "Norm threshold for every tensor, instead of the per-precision ones.");
    parser.option("atol", "A",
                  concat("Absolute tolerance of the elementwise rule (default ", kDefaultAtol,
                         "); giving it selects that rule."));
    parser.option("rtol", "R",
                  concat("Relative tolerance of the elementwise rule (default ", kDefaultRtol,
                         "); giving it selects that rule.\n"
                         "With --error-mode norm and no --max-norm: the norm threshold."));
    parser.group(previousGroup);
}

Tolerance toleranceFromArgs(const ParsedArgs& args, std::vector<std::string>& warnings) {
    ToleranceChoice choice;
    if (args.has("error-mode")) {
        const std::string mode = args.get("error-mode");
        choice.rule = parseCheckRule(mode);
        KILN_CHECK(choice.rule, InvalidArgument, msg<Msg::ErrorModeFlagInvalid>("value"_a = mode));
    }
    if (args.has("atol")) choice.atol = args.getDouble("atol", kDefaultAtol, 0);
    if (args.has("rtol")) choice.rtol = args.getDouble("rtol", kDefaultRtol, 0);
    if (args.has("max-norm")) choice.maxNorm = args.getDouble("max-norm", 0, 0);
    const Tolerance tolerance = resolveTolerance(choice);
    switch (tolerance.rule) {
        case CheckRule::Norm:
            if (choice.atol) warnings.push_back("--atol is not used by the norm rule (--error-mode elementwise uses it)");
            if (choice.rtol && choice.maxNorm)
                warnings.push_back("--rtol is not used by the norm rule when --max-norm is given");
            break;
        case CheckRule::Elementwise:
            if (choice.maxNorm)
                warnings.push_back("--max-norm is not used by the elementwise rule (--error-mode norm uses it)");
            break;
    }
    return tolerance;
}

}  // namespace kiln::cli
