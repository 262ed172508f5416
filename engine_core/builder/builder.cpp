#include "engine_core/builder/builder.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <random>
#include <set>
#include <unordered_map>

#include "engine_core/builder/graph_clone.h"
#include "engine_core/builder/timing_cache.h"
#include "engine_core/passes/optimizer.h"
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

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

std::shared_ptr<const Backend> makeBackend(BackendKind kind) {
    switch (kind) {
        case BackendKind::Cpu: return makeCpuBackend();
        case BackendKind::Cuda: {
            std::string why;
            KILN_CHECK(cudaBackendAvailable(&why), InvalidArgument, "backend: cuda is not available: ", why);
            return makeCudaBackend();
        }
    }
    fail(ErrorKind::Internal, "unknown backend");
}

std::string originText(const Node& n) {
    if (n.origin.empty() || (n.origin.size() == 1 && n.origin[0] == n.name)) return "";
    std::string s = " (from ONNX node";
    s += n.origin.size() > 1 ? "s " : " ";
    for (size_t i = 0; i < n.origin.size(); ++i) s += (i ? ", '" : "'") + n.origin[i] + "'";
    return s + ")";
}

std::string opText(const Node& n) { return n.domain.empty() ? n.opType : n.domain + "::" + n.opType; }

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

// Inputs for the tactic-timing run: random floats in [-1, 1) (fixed seed), zeros for integers
// (always valid indices), false for booleans.
Tensor timingInput(const Value& v, const std::vector<int64_t>& dims, std::mt19937& rng) {
    DataType dtype = v.dtype == DataType::Undefined ? DataType::Float32 : v.dtype;
    Tensor t(dtype, dims);
    if (dtype == DataType::Float32) {
        std::uniform_real_distribution<float> dist(-1.f, 1.f);
        float* p = t.data<float>();
        for (int64_t i = 0; i < t.numel(); ++i) p[i] = dist(rng);
    } else if (dtype == DataType::Float64) {
        std::uniform_real_distribution<double> dist(-1.0, 1.0);
        double* p = t.data<double>();
        for (int64_t i = 0; i < t.numel(); ++i) p[i] = dist(rng);
    }
    return t;
}

struct LayerChoice {
    std::string tactic = kReferenceTactic;
    float ms = -1.f;
};

class TacticSelector {
public:
    TacticSelector(const Graph& g, const std::vector<Node*>& order, const Backend& backend,
                   const PluginRegistry& plugins, const BuilderConfig& config, const OptimizationProfile& profile,
                   const std::string& device, const BuildCallbacks& cb, BuildReport& report)
        : g_(g), order_(order), backend_(backend), plugins_(plugins), config_(config), profile_(profile),
          device_(device), cb_(cb), report_(report) {}

    std::vector<LayerChoice> run(TimingCache& cache, bool& cacheChanged);

private:
    void checkCancelled() const {
        if (cb_.cancelled && cb_.cancelled()) fail(ErrorKind::Cancelled, "build cancelled");
    }
    std::vector<float> timeTactics(const Node& node, const std::vector<const Tensor*>& ins,
                                   const std::vector<std::string>& tactics) const;

    const Graph& g_;
    const std::vector<Node*>& order_;
    const Backend& backend_;
    const PluginRegistry& plugins_;
    const BuilderConfig& config_;
    const OptimizationProfile& profile_;
    std::string device_;
    const BuildCallbacks& cb_;
    BuildReport& report_;
};

// The candidates are timed round-robin (A B C, A B C, ...) rather than one after the other, so a
// burst of load from another process lands on every candidate alike instead of on one of them.
std::vector<float> TacticSelector::timeTactics(const Node& node, const std::vector<const Tensor*>& ins,
                                               const std::vector<std::string>& tactics) const {
    std::vector<std::vector<float>> samples(tactics.size());
    for (int i = 0; i < config_.timingWarmup + config_.timingIterations; ++i) {
        for (size_t t = 0; t < tactics.size(); ++t) {
            checkCancelled();
            KernelContext ctx(node, ins, node.outputs.size());
            auto start = Clock::now();
            backend_.executeTactic(ctx, tactics[t]);
            if (i >= config_.timingWarmup) samples[t].push_back(float(msSince(start)));
        }
    }
    std::vector<float> medians;
    for (std::vector<float>& s : samples) {
        std::nth_element(s.begin(), s.begin() + std::ptrdiff_t(s.size() / 2), s.end());
        medians.push_back(s[s.size() / 2]);
    }
    return medians;
}

std::vector<LayerChoice> TacticSelector::run(TimingCache& cache, bool& cacheChanged) {
    size_t n = order_.size();
    std::vector<LayerChoice> choices(n);
    std::vector<std::vector<std::string>> candidates(n);
    for (size_t i = 0; i < n; ++i) {
        if (!plugins_.find(order_[i]->domain, order_[i]->opType)) candidates[i] = backend_.tactics(*order_[i]);
        if (candidates[i].size() > 1) ++report_.layersWithChoices;
    }
    if (cb_.progress) cb_.progress(BuildPhase::SelectTactics, 0, n, "");
    if (report_.layersWithChoices == 0) {
        for (size_t i = 0; i < n; ++i) {
            checkCancelled();
            if (cb_.progress) cb_.progress(BuildPhase::SelectTactics, i + 1, n, order_[i]->name);
        }
        return choices;
    }

    // One run of the network at the opt shapes gives every layer its real inputs.
    std::mt19937 rng(20240601);
    std::unordered_map<const Value*, Tensor> live;
    for (const Value* v : g_.runtimeInputs()) {
        auto it = profile_.inputs.find(v->name);
        std::vector<int64_t> dims = it != profile_.inputs.end() ? it->second.opt : v->shape.staticDims();
        live[v] = timingInput(*v, dims, rng);
    }
    std::map<const Value*, size_t> lastUse;
    for (size_t i = 0; i < n; ++i)
        for (const Value* v : order_[i]->inputs)
            if (v) lastUse[v] = i;

    for (size_t i = 0; i < n; ++i) {
        checkCancelled();
        const Node& node = *order_[i];
        std::vector<const Tensor*> ins;
        for (const Value* v : node.inputs) {
            if (!v) {
                ins.push_back(nullptr);
                continue;
            }
            auto it = live.find(v);
            ins.push_back(v->isConstant() ? &*v->constant : it != live.end() ? &it->second : nullptr);
            KILN_CHECK(ins.back(), Internal, "tactic timing: layer '", node.name, "' input '", v->name,
                       "' not computed");
        }
        LayerChoice& choice = choices[i];
        try {
            if (candidates[i].size() > 1) {
                std::string sig = TimingCache::signature(node, ins, std::string(backendName(backend_.kind())), device_);
                const TimingCacheEntry* hit = cache.find(sig);
                if (hit && std::find(candidates[i].begin(), candidates[i].end(), hit->tactic) != candidates[i].end()) {
                    choice = {hit->tactic, hit->ms};
                    ++report_.timingCacheHits;
                } else {
                    std::vector<std::string> applicable;
                    for (const std::string& tactic : candidates[i]) {
                        KernelContext probe(node, ins, node.outputs.size());
                        if (backend_.tacticApplicable(probe, tactic)) applicable.push_back(tactic);  // else "not applicable"
                    }
                    // One applicable candidate: nothing to compare, so nothing to time.
                    if (applicable.size() == 1) choice = {applicable.front(), -1.f};
                    float best = -1.f, referenceMs = -1.f;
                    const std::vector<float> times =
                        applicable.size() > 1 ? timeTactics(node, ins, applicable) : std::vector<float>{};
                    for (size_t t = 0; t < times.size(); ++t) {
                        const std::string& tactic = applicable[t];
                        const float ms = times[t];
                        ++report_.tacticsTimed;
                        if (tactic == kReferenceTactic) referenceMs = ms;
                        if (best < 0 || ms < best) {
                            best = ms;
                            choice = {tactic, ms};
                        }
                    }
                    // An alternative must beat the reference tactic clearly: timings on a busy machine
                    // are noisy, and a narrow win measured under load is often a loss when idle.
                    if (referenceMs >= 0 && choice.tactic != kReferenceTactic && best > 0.85f * referenceMs)
                        choice = {kReferenceTactic, referenceMs};
                    cache.put(sig, {choice.tactic, choice.ms});
                    cacheChanged = true;
                }
            }
            KernelContext ctx(node, ins, node.outputs.size());
            if (auto plugin = plugins_.find(node.domain, node.opType)) {
                switch (backend_.kind()) {
                    case BackendKind::Cpu: plugin->runCpu(ctx); break;
                    case BackendKind::Cuda: plugin->runCuda(ctx); break;
                }
            } else {
                backend_.executeTactic(ctx, choice.tactic);
            }
            for (size_t o = 0; o < node.outputs.size(); ++o)
                if (node.outputs[o]) live[node.outputs[o]] = std::move(ctx.output(o));
        } catch (const Error& e) {
            if (e.kind() == ErrorKind::Cancelled) throw;
            fail(e.kind(), "tactic selection at profile 0's opt shapes, layer '", node.name, "'", originText(node),
                 ": ", e.what());
        }
        for (const Value* v : node.inputs) {
            auto lu = lastUse.find(v);
            if (v && !v->isGraphOutput && lu != lastUse.end() && lu->second == i) live.erase(v);
        }
        if (cb_.progress) cb_.progress(BuildPhase::SelectTactics, i + 1, n, node.name);
    }
    return choices;
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
    std::shared_ptr<const Backend> backend = makeBackend(config.backend);
    PluginRegistry& plugins = options.plugins ? *options.plugins : PluginRegistry::global();
    for (const std::string& path : config.pluginLibraries) loadPluginLibrary(path, plugins);
    std::vector<OptimizationProfile> profiles = config.profiles;
    if (profiles.empty()) profiles.push_back(staticProfile(model));
    std::unique_ptr<Graph> graph = cloneGraph(model);
    nameNodes(*graph);
    std::map<std::string, std::string> originOpTypes;
    for (const Node* n : graph->nodes()) originOpTypes[n->name] = n->opType;
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
        if (config.backend == BackendKind::Cpu)
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
    report.fusion = passes::optimizeGraph(*graph, optimizerOptions);
    uniquifyLayerNames(*graph);
    checkCancelled();
    progress(BuildPhase::Optimize, 1, 1,
             concat(report.fusion.originalNodeCount, " -> ", report.fusion.optimizedNodeCount, " nodes"));

    // support check: every layer runs on the backend or is a plugin; list all that don't
    std::vector<Node*> order = graph->topologicalOrder();
    std::string problems;
    size_t unsupported = 0;
    for (const Node* n : order) {
        std::string why;
        bool ok;
        if (auto plugin = plugins.find(n->domain, n->opType)) {
            ok = plugin->accepts(*n, backend->kind(), &why);
        } else {
            ok = backend->supportsOp(*n, &why);
            if (!ok && !n->domain.empty() && n->domain != "kiln")
                why = concat("no ", backend->name(), " kernel and no plugin registered for ", opText(*n));
        }
        if (ok) continue;
        if (unsupported < 10) problems += concat("\n  ONNX node '", n->name, "'", originText(*n), " (", opText(*n), "): ", why);
        ++unsupported;
    }
    KILN_CHECK(unsupported == 0, Unsupported, unsupported, " node(s) cannot run on the ", backend->name(),
               " backend:", problems, unsupported > 10 ? "\n  ..." : "");

    // select tactics
    EngineHeader header = currentEngineHeader(*backend);
    TimingCache cache = config.timingCachePath.empty() ? TimingCache{} : TimingCache::load(config.timingCachePath);
    bool cacheChanged = false;
    TacticSelector selector(*graph, order, *backend, plugins, config, profiles.front(), header.device + " " + header.arch,
                            callbacks, report);
    std::vector<LayerChoice> choices = selector.run(cache, cacheChanged);

    // serialize: an engine graph whose creation order is the layer order, owning its weights
    progress(BuildPhase::Serialize, 0, 1, "");
    checkCancelled();
    Engine::Parts parts;
    parts.header = header;
    CloneOptions cloneOptions;
    cloneOptions.copyConstantData = true;
    cloneOptions.topologicalOrder = true;
    parts.graph = cloneGraph(*graph, cloneOptions);
    parts.profiles = profiles;
    parts.config = config;
    parts.calibration.algorithm = calibration.table.algorithm;
    for (const auto& [name, amax] : calibration.table.ranges)  // the tensors the engine still has
        if (parts.graph->findValue(name)) parts.calibration.ranges[name] = amax;
    std::vector<Node*> engineNodes = parts.graph->nodes();
    for (size_t i = 0; i < engineNodes.size(); ++i) {
        const Node& n = *engineNodes[i];
        KILN_CHECK(n.name == order[i]->name, Internal, "engine layer order differs from the topological order");
        EngineLayer l;
        l.name = n.name;
        l.opType = n.opType;
        l.domain = n.domain;
        for (const Value* v : n.inputs) l.inputs.push_back(v ? v->name : "");
        for (const Value* v : n.outputs) l.outputs.push_back(v ? v->name : "");
        l.origin = n.origin;
        l.precision = resolveLayerPrecision(n, config, &originOpTypes).precision;
        if (auto plugin = plugins.find(n.domain, n.opType)) {
            l.kind = LayerKind::Plugin;
            l.tactic = "plugin";
            l.pluginVersion = plugin->version();
            RequiredPlugin req{plugin->name(), plugin->version()};
            if (std::find(parts.plugins.begin(), parts.plugins.end(), req) == parts.plugins.end())
                parts.plugins.push_back(req);
        } else {
            l.tactic = choices[i].tactic;
            l.tacticMs = choices[i].ms;
        }
        parts.layers.push_back(std::move(l));
    }
    std::shared_ptr<const Engine> engine = Engine::assemble(std::move(parts), plugins);
    checkCancelled();
    if (cacheChanged && !config.timingCachePath.empty()) cache.save(config.timingCachePath);
    if (calibration.writeCache) saveCalibrationCache(calibration.table, config.calibration.cachePath);
    report.layers = engine->layers().size();
    report.buildMs = msSince(start);
    progress(BuildPhase::Serialize, 1, 1, concat(report.layers, " layers, ", engine->weightBytes(), " bytes of weights"));
    return engine;
}

}  // namespace kiln
