#include "engine_core/builder/builder.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <unordered_map>

#include "engine_core/builder/builder_internal.h"
#include "engine_core/builder/graph_clone.h"
#include "engine_core/onnx/importer.h"
#include "engine_core/passes/optimizer.h"
#include "engine_core/passes/passes.h"
#include "engine_core/passes/unfuse.h"
#include "engine_core/quantization/calibrator.h"

namespace kiln {

std::string_view buildPhaseName(BuildPhase phase) {
    switch (phase) {
        case BuildPhase::Import: return "import";
        case BuildPhase::Optimize: return "optimize";
        case BuildPhase::SelectTactics: return "select tactics";
        case BuildPhase::Serialize: return "serialize";
        case BuildPhase::Calibrate: return "calibrate";
    }
    return "?";
}

std::string_view fusionDecisionName(FusionDecision decision) {
    switch (decision) {
        case FusionDecision::Kept: return "kept";
        case FusionDecision::Reverted: return "reverted";
        case FusionDecision::NotCompared: return "not compared";
    }
    return "?";
}

std::string fusionTimingText(const BuildReport& report, size_t closest) {
    if (report.fusionTimings.empty()) return "";
    size_t kept = 0, reverted = 0, fromCache = 0;
    std::map<std::string, size_t> notCompared;  // why -> layers
    std::vector<const FusionTiming*> rows, near;
    for (const FusionTiming& t : report.fusionTimings) {
        fromCache += t.fromCache;
        switch (t.decision) {
            case FusionDecision::Kept:
                ++kept;
                near.push_back(&t);
                break;
            case FusionDecision::Reverted:
                ++reverted;
                rows.push_back(&t);
                break;
            case FusionDecision::NotCompared: ++notCompared[t.note]; break;
        }
    }
    auto ratio = [](const FusionTiming* t) { return t->fusedMs > 0 ? t->unfusedMs / t->fusedMs : 1e9f; };
    // The closest calls: kept fusions whose unfused nodes came nearest to beating them.
    std::stable_sort(near.begin(), near.end(), [&](auto* a, auto* b) { return ratio(a) < ratio(b); });
    if (near.size() > closest) near.resize(closest);
    rows.insert(rows.end(), near.begin(), near.end());
    size_t compared = 0;
    for (const auto& [why, n] : notCompared) compared += n;
    std::string out = concat("fusions timed against their unfused nodes: ", kept, " kept, ", reverted, " reverted");
    if (compared) out += concat(", ", compared, " not compared");
    if (fromCache) out += concat(" (", fromCache, " decided by the timing cache)");
    out += "\n";
    if (!rows.empty()) {
        size_t width = 5;
        for (const FusionTiming* t : rows) width = std::max(width, std::min<size_t>(t->layer.size(), 48));
        char line[256];
        std::snprintf(line, sizeof line, "  %-*s  %-17s %5s %10s %11s %6s  %s\n", int(width), "layer", "op", "nodes",
                      "fused ms", "unfused ms", "ratio", "");
        out += line;
        for (const FusionTiming* t : rows) {
            std::string name = t->layer.size() > width ? t->layer.substr(0, width - 3) + "..." : t->layer;
            std::snprintf(line, sizeof line, "  %-*s  %-17s %5zu %10.4f %11.4f %6.2f  %s\n", int(width), name.c_str(),
                          t->op.c_str(), t->originCount, t->fusedMs, t->unfusedMs, double(ratio(t)),
                          std::string(fusionDecisionName(t->decision)).c_str());
            out += line;
        }
    }
    size_t shown = 0;
    for (const auto& [why, n] : notCompared)
        if (shown++ < 3) out += concat("  not compared (", n, "): ", why, "\n");
    return out;
}

namespace {

// Inputs whose dims the model leaves symbolic but every profile fixes (min = max, the same dims in
// all profiles): the engine only ever runs them at those dims.
std::map<std::string, std::vector<int64_t>> fixedInputDims(const Graph& model,
                                                          const std::vector<OptimizationProfile>& profiles) {
    std::map<std::string, std::vector<int64_t>> out;
    if (profiles.empty()) return out;
    for (const Value* v : model.inputs()) {
        if (v->isConstant() || (v->shape.rankKnown && v->shape.isStatic())) continue;
        std::optional<std::vector<int64_t>> dims;
        bool fixed = true;
        for (const OptimizationProfile& p : profiles) {
            auto it = p.inputs.find(v->name);
            if (it == p.inputs.end() || it->second.min != it->second.max || (dims && *dims != it->second.min)) {
                fixed = false;
                break;
            }
            dims = it->second.min;
        }
        if (fixed && dims) out[v->name] = *dims;
    }
    return out;
}

// Rounds of folding and importing again stop when nothing new folds; a model whose blocks each
// compute the next block's shapes (Swin-T: a window partition per block) unlocks one block a round.
// Six rounds left 1356 of Swin-T's shape layers in its engine.
constexpr int kMaxShapeRounds = 32;

// Folds a copy of `graph` (constant folding, Shape of static tensors) and adds to `constants` the
// small integer tensors it computed for outputs of nodes of `graph`: shape computations. True when
// it found a new one.
bool foldShapeComputations(const Graph& graph, std::map<std::string, Tensor>& constants) {
    std::unique_ptr<Graph> scratch = cloneGraph(graph);
    passes::PassContext ctx(*scratch);
    std::unique_ptr<passes::GraphPass> fold = passes::makeConstantFoldingPass();
    for (int i = 0; i < 8 && fold->run(*scratch, ctx); ++i) {
    }
    bool found = false;
    for (const Node* n : graph.nodes())
        for (const Value* out : n->outputs) {
            if (!out || constants.count(out->name)) continue;
            const Value* v = scratch->findValue(out->name);
            if (!v || !v->isConstant()) continue;
            const Tensor& t = *v->constant;
            const bool integral = t.dtype() == DataType::Int64 || t.dtype() == DataType::Int32 ||
                                  t.dtype() == DataType::Bool;
            if (!integral || t.numel() > 64) continue;
            constants.emplace(out->name, t.clone());
            found = true;
        }
    return found;
}

// The same graph inputs and outputs, by name and order.
bool sameInterface(const Graph& a, const Graph& b) {
    auto names = [](const auto& values) {
        std::vector<std::string> n;
        for (const Value* v : values) n.push_back(v->name);
        return n;
    };
    return names(a.inputs()) == names(b.inputs()) && names(a.outputs()) == names(b.outputs());
}

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// Gives unnamed nodes a name and a provenance entry, so every layer and error can name its origin.
void nameNodes(Graph& g) {
    std::set<std::string> used;
    for (Node* n : g.nodes())
        if (!n->name.empty()) used.insert(n->name);
    for (Node* n : g.nodes()) {
        if (n->name.empty()) {
            std::string base = n->label();
            std::string name = base;
            for (int i = 1; used.count(name); ++i) name = base + "_" + std::to_string(i);
            n->name = name;
            used.insert(name);
        }
        if (n->origin.empty()) n->origin = {n->name};
    }
}

// Layer names must be unique in an engine (profiles and comparisons are keyed by them).
void uniquifyLayerNames(Graph& g) {
    std::set<std::string> used;
    for (Node* n : g.topologicalOrder()) {
        std::string name = n->name.empty() ? n->opType : n->name;
        std::string base = name;
        for (int i = 1; used.count(name); ++i) name = base + "_" + std::to_string(i);
        n->name = name;
        used.insert(name);
    }
}

// Plugin nodes: fill in output types/shapes from the plugin's inference so later passes and
// shape-dependent checks see them.
void resolvePlugins(Graph& g, const PluginRegistry& plugins) {
    for (Node* n : g.nodes()) {
        auto plugin = plugins.find(n->domain, n->opType);
        if (!plugin) continue;
        std::vector<TensorDesc> ins;
        for (const Value* v : n->inputs) ins.push_back(v ? TensorDesc{v->dtype, v->shape} : TensorDesc{});
        std::vector<TensorDesc> outs;
        try {
            outs = plugin->inferOutputs(*n, ins);
        } catch (const Error& e) {
            fail(e.kind(), "ONNX node '", n->name, "' (plugin ", plugin->name(), "): ", e.what());
        }
        KILN_CHECK(outs.size() == n->outputs.size(), InvalidModel, "ONNX node '", n->name, "' (plugin ",
                   plugin->name(), "): the plugin infers ", outs.size(), " outputs, the node has ", n->outputs.size());
        for (size_t i = 0; i < outs.size(); ++i) {
            Value* v = n->outputs[i];
            if (!v) continue;
            v->dtype = outs[i].dtype;
            v->shape = outs[i].shape;
        }
    }
}

}  // namespace

std::shared_ptr<const Engine> buildEngine(const Graph& model, const BuilderConfig& config,
                                          const BuildCallbacks& callbacks, const BuildOptions& options) {
    auto start = Clock::now();
    BuildReport localReport;
    BuildReport& report = options.report ? *options.report : localReport;
    report = BuildReport{};
    auto progress = [&](BuildPhase phase, size_t i, size_t n, const std::string& message) {
        if (callbacks.progress) callbacks.progress(phase, i, n, message);
    };
    auto checkCancelled = [&] {
        if (callbacks.cancelled && callbacks.cancelled()) fail(ErrorKind::Cancelled, "build cancelled");
    };

    // import
    progress(BuildPhase::Import, 0, 1, "");
    config.validate(model);
    std::shared_ptr<const Backend> backend = BackendRegistry::global().get(config.backend);
    PluginRegistry& plugins = options.plugins ? *options.plugins : PluginRegistry::global();
    for (const std::string& path : config.pluginLibraries) loadPluginLibrary(path, plugins);
    std::vector<OptimizationProfile> profiles = config.profiles;
    if (profiles.empty()) profiles.push_back(staticProfile(model));
    std::unique_ptr<Graph> graph;
    if (!options.modelPath.empty()) {
        report.fixedInputDims = fixedInputDims(model, profiles);
        // Every input's dims known at build time, and tensors whose dims ONNX's shape inference
        // left unknown (a mask Expand-ed to a shape computed from constants, as HF GPT-2 builds its
        // attention mask): the same rounds make them static, so fusions can check them.
        bool inputsKnown = true, unknownDims = false;
        for (const Value* v : model.inputs())
            if (!v->isConstant() && !(v->shape.rankKnown && v->shape.isStatic()) && !report.fixedInputDims.count(v->name))
                inputsKnown = false;
        for (const Node* n : model.nodes())
            for (const Value* out : n->outputs)
                if (out && !(out->shape.rankKnown && out->shape.isStatic())) unknownDims = true;
        if (inputsKnown && (!report.fixedInputDims.empty() || unknownDims)) {
            ImportOptions importOptions;
            importOptions.inputDims = report.fixedInputDims;
            // ONNX's data propagation stops at some ops (Div, Where): the shape computations Kiln
            // folds are handed back as constants and the file imported again, until nothing new
            // folds (a few rounds: each unlocks the shapes behind the next Reshape). The file is
            // read and parsed once; the rounds import it without its weights, and the last import
            // takes them from `model` (the same file's constants) instead of parsing them again.
            auto rounds = [&](auto&& import) {
                for (int round = 0; round < kMaxShapeRounds; ++round) {
                    ImportResult r = import();
                    if (!r.graph || !foldShapeComputations(*r.graph, importOptions.constants)) break;
                    checkCancelled();
                }
            };
            ImportResult again;
            try {
                OnnxModelFile file(options.modelPath);
                rounds([&] { return file.importWithoutWeights(importOptions); });
                again = file.importWithWeightsFrom(model, importOptions);
            } catch (const Error& e) {
                // An importer that needs a weight's values (none known): the whole file each round.
                if (e.kind() == ErrorKind::Cancelled || e.kind() == ErrorKind::Io) throw;
                importOptions.constants.clear();
                rounds([&] { return importOnnxFile(options.modelPath, importOptions); });
                again = importOnnxFile(options.modelPath, importOptions);
            }
            KILN_CHECK(again.graph && sameInterface(*again.graph, model), InvalidArgument, "'", options.modelPath,
                       "' is not the model being built (its inputs and outputs differ)");
            graph = std::move(again.graph);
        }
    }
    if (!graph) graph = cloneGraph(model);
    nameNodes(*graph);
    const std::map<std::string, std::string> originOpTypes = graph->nodeOpTypes();
    resolvePlugins(*graph, plugins);
    checkCancelled();
    progress(BuildPhase::Import, 1, 1, concat(graph->nodeCount(), " nodes"));

    // calibrate: on the model as given, so the ranges are keyed by ONNX tensor names
    CalibrationOutcome calibration;
    if (config.needsCalibration()) {
        CalibrationCallbacks cc;
        cc.progress = [&](size_t i, size_t n, const std::string& message) {
            progress(BuildPhase::Calibrate, i, n, message);
        };
        cc.cancelled = callbacks.cancelled;
        try {
            calibration = obtainCalibration(model, config.calibration, cc);
        } catch (const Error&) {
            checkCancelled();
            throw;
        }
        report.calibrationBatches = calibration.batches;
        report.calibrationRanges = calibration.table.ranges.size();
        report.calibrationFromCache = calibration.fromCache;
        report.warnings.insert(report.warnings.end(), calibration.warnings.begin(), calibration.warnings.end());
        if (config.backend == "cpu")
            report.warnings.push_back("int8: the cpu backend computes every layer in fp32; the calibrated ranges are "
                                      "stored in the engine");
        if (!calibration.fromCache)
            progress(BuildPhase::Calibrate, calibration.batches, calibration.batches,
                     concat(calibration.table.ranges.size(), " tensor ranges (", calibration.table.algorithm, ")"));
    }

    // optimize
    progress(BuildPhase::Optimize, 0, 1, "");
    passes::OptimizerOptions optimizerOptions;
    optimizerOptions.level = config.optimizationLevel;
    // A fusion fires only when the chosen backend runs the fused op (or is the CPU, which runs
    // every op Kiln's passes make): otherwise its unfused ops run on the backend.
    optimizerOptions.targetName = std::string(backend->id());
    optimizerOptions.targetImplements = [backend](const std::string& op) {
        const size_t sep = op.find("::");
        const std::string domain = sep == std::string::npos ? "" : op.substr(0, sep);
        const std::string type = sep == std::string::npos ? op : op.substr(sep + 2);
        return !backend->kernels().findAll(type, domain).empty();
    };
    report.fusion = passes::optimizeGraph(*graph, optimizerOptions);
    uniquifyLayerNames(*graph);
    checkCancelled();
    progress(BuildPhase::Optimize, 1, 1,
             concat(report.fusion.originalNodeCount, " -> ", report.fusion.optimizedNodeCount, " nodes"));

    // assignment: every layer on the chosen backend, or on the CPU where that can't run it; the
    // layout each backend wants; copy and reformat layers where a tensor changes device or format.
    // Then tactic selection (recording the sizes the memory plan needs), on the graph the engine
    // runs: its creation order is the layer order. A device layer none of whose kernels applies to
    // its real inputs (found while selecting) goes to the CPU, and both steps run again on a fresh
    // copy of the optimized graph.
    // A fused layer whose unfused nodes were clearly faster (timed while selecting) is reverted:
    // the loop runs again on a fresh copy with those layers written out as their plain nodes.
    EngineHeader header = currentEngineHeader(*backend);
    build::TimingState timing;
    if (!config.timingCachePath.empty()) timing.cache = TimingCache::load(config.timingCachePath);
    std::map<std::string, std::string> onHost;  // layer -> why its device kernels don't apply
    std::set<std::string> reverted;             // fused layers the engine has unfused
    const bool onDevice = !backend->device().isHost();
    std::unique_ptr<Graph> optimized = cloneGraph(*graph, CloneOptions{});
    auto freshGraph = [&] {
        std::unique_ptr<Graph> g = cloneGraph(*optimized, CloneOptions{});
        for (Node* n : g->nodes())
            if (reverted.count(n->name))
                KILN_CHECK(!passes::unfuse(*g, n).empty(), Internal, "fused layer '", n->name, "' can't be unfused");
        uniquifyLayerNames(*g);
        return g;
    };
    const size_t warningsBefore = report.warnings.size();
    std::vector<Node*> order;
    std::vector<build::LayerAssignment> assignments;
    std::unique_ptr<Graph> engineGraph;
    std::vector<Node*> engineNodes;
    std::unique_ptr<Program> program;
    build::Measured measured;
    for (;;) {
        report.warnings.resize(warningsBefore);
        report.copyLayers = report.fallbackLayers = 0;
        report.layersWithChoices = report.timingCacheHits = 0;  // timings add up over the restarts
        order = graph->topologicalOrder();
        assignments = build::assignLayers(order, backend, plugins, config, originOpTypes, report.warnings, onHost);
        build::insertTransfers(*graph, order, assignments);
        for (const build::LayerAssignment& a : assignments) {
            report.copyLayers += a.backend && order.size() && a.note.rfind("copies", 0) == 0;
            report.fallbackLayers += a.note.rfind("falls back", 0) == 0;
        }
        checkCancelled();
        CloneOptions cloneOptions;
        cloneOptions.copyConstantData = true;
        cloneOptions.order = &order;  // the layer order (insertTransfers moved the copies to the ends)
        engineGraph = cloneGraph(*graph, cloneOptions);
        engineNodes = engineGraph->nodes();
        KILN_CHECK(engineNodes.size() == order.size(), Internal, "engine graph has ", engineNodes.size(), " nodes for ",
                   order.size(), " layers");
        for (size_t i = 0; i < engineNodes.size(); ++i)
            KILN_CHECK(engineNodes[i]->name == order[i]->name, Internal,
                       "engine layer order differs from the topological order");
        program = std::make_unique<Program>(*engineGraph, std::vector<const Node*>(engineNodes.begin(), engineNodes.end()));
        try {
            measured = build::selectTactics(*program, assignments, profiles, config, timing, callbacks, report);
        } catch (const build::DeviceLayerNotApplicable& e) {
            KILN_CHECK(onDevice && !onHost.count(e.layer), Internal, "layer '", e.layer, "': ", e.why);
            onHost[e.layer] = e.why;
            program.reset();
            graph = freshGraph();
            continue;
        }
        bool revert = false;
        for (const auto& [name, t] : timing.fusions)
            if (t.decision == FusionDecision::Reverted && !reverted.count(name)) {
                reverted.insert(name);
                revert = true;
            }
        if (!revert) break;
        program.reset();
        graph = freshGraph();
    }
    for (const std::string& name : timing.fusionOrder) report.fusionTimings.push_back(timing.fusions.at(name));
    Program& engineProgram = *program;

    // serialize: the engine graph, owning its weights
    progress(BuildPhase::Serialize, 0, 1, "");
    checkCancelled();
    Engine::Parts parts;
    parts.header = header;
    parts.graph = std::move(engineGraph);
    parts.profiles = profiles;
    parts.config = config;
    parts.memory = std::move(measured.memory);
    parts.calibration.algorithm = calibration.table.algorithm;
    for (const auto& [name, amax] : calibration.table.ranges)  // the tensors the engine still has
        if (parts.graph->findValue(name)) parts.calibration.ranges[name] = amax;
    for (size_t i = 0; i < engineNodes.size(); ++i) {
        const Node& n = *engineNodes[i];
        const build::LayerAssignment& a = assignments[i];
        EngineLayer l;
        l.name = n.name;
        l.opType = n.opType;
        l.domain = n.domain;
        for (const Value* v : n.inputs) l.inputs.push_back(v ? v->name : "");
        for (const Value* v : n.outputs) l.outputs.push_back(v ? v->name : "");
        l.origin = n.origin;
        l.backend = std::string(a.backend->id());
        l.precision = a.precision;
        l.format = a.format;
        l.note = a.note;
        for (const EngineMemory& m : parts.memory) l.workspaceBytes = std::max(l.workspaceBytes, m.layerScratch.at(i));
        if (a.plugin) {
            l.kind = LayerKind::Plugin;
            l.tactic = "plugin";
            l.pluginVersion = a.plugin->version();
            RequiredPlugin req{a.plugin->name(), a.plugin->version()};
            if (std::find(parts.plugins.begin(), parts.plugins.end(), req) == parts.plugins.end())
                parts.plugins.push_back(req);
        } else if (engineProgram.steps()[i].kind == StepKind::Copy) {
            l.kind = LayerKind::Copy;
            l.tactic = "copy";
        } else {
            const build::LayerChoice& c = measured.choices[i];
            l.tactic = c.def ? c.tactic : kReferenceTactic;  // "name" or "name#variant"
            l.tacticData = c.tacticData;
            l.tacticMs = c.ms;
            // A layer storing fp16/bf16 computes in it (fp32 accumulation inside the kernels).
            l.computed = a.storage == DataType::Float16    ? Precision::FP16
                         : a.storage == DataType::BFloat16 ? Precision::BF16
                         : c.def                           ? c.def->precision
                                                           : Precision::FP32;
        }
        parts.layers.push_back(std::move(l));
    }
    std::shared_ptr<const Engine> engine = Engine::assemble(std::move(parts), plugins);
    checkCancelled();
    if (timing.cacheChanged && !config.timingCachePath.empty()) timing.cache.save(config.timingCachePath);
    if (calibration.writeCache) saveCalibrationCache(calibration.table, config.calibration.cachePath);
    report.layers = engine->layers().size();
    report.buildMs = msSince(start);
    report.memoryBytes = engine->profiles().empty() ? 0 : engine->memoryPlan(0).totalBytes();
    progress(BuildPhase::Serialize, 1, 1,
             concat(report.layers, " layers, ", engine->weightBytes(), " bytes of weights, ", report.memoryBytes,
                    " bytes of activation memory"));
    return engine;
}

}  // namespace kiln
