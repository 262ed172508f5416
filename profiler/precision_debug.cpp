#include "profiler/precision_debug.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <set>

#include "engine_core/builder/builder.h"
#include "engine_core/builder/engine.h"
#include "engine_core/common/error.h"
#include "engine_core/onnx/run_inputs.h"
#include "profiler/compare.h"
#include "profiler/emulation.h"

namespace kiln {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// A tensor's error for the ranking and the trial lines: inf when NaN/inf disagree with the reference.
double errorOf(const TensorComparison& c) {
    if (c.nonFiniteMismatches > 0 || !c.mismatch.empty()) return kInf;
    return c.maxNormalizedError;
}

size_t ceilLog2(size_t n) {
    size_t bits = 0;
    while ((size_t(1) << bits) < n) ++bits;
    return bits;
}

void checkInputSets(const Graph& model, const std::vector<TensorMap>& sets) {
    KILN_CHECK(!sets.empty(), InvalidArgument, "precision debug needs at least one set of inputs");
    const std::vector<Value*> inputs = model.runtimeInputs();
    for (size_t s = 0; s < sets.size(); ++s) {
        const std::string source = concat("input set ", s + 1);
        for (const Value* v : inputs) {
            auto it = sets[s].find(v->name);
            KILN_CHECK(it != sets[s].end(), InvalidArgument, source, ": the model input '", v->name, "' is missing");
            checkInputTensor(*v, it->second, source);
        }
        for (const auto& entry : sets[s]) {
            // (a structured binding captured by a lambda does not compile with clang 14, which the
            // sanitizer build uses)
            const std::string& name = entry.first;
            const bool known = std::any_of(inputs.begin(), inputs.end(), [&](const Value* v) { return v->name == name; });
            KILN_CHECK(known, InvalidArgument, source, ": the model has no input named '", name, "'");
        }
    }
}

class Search {
public:
    Search(const Graph& model, const BuilderConfig& base, const std::vector<TensorMap>& sets,
           const PrecisionDebugOptions& options, const PrecisionDebugCallbacks& callbacks, PrecisionDebugResult& result)
        : model_(model), base_(base), sets_(sets), options_(options), callbacks_(callbacks), result_(result) {
        originOpTypes_ = model.nodeOpTypes();
    }

    void run() {
        for (const TensorMap& inputs : sets_) references_.push_back(runReference(model_, inputs, true));
        if (result_.mode == PrecisionDebugMode::Emulated) fp32Engine_ = build(base_);

        // 1. the whole engine at the target, compared at every layer for the ranking
        std::vector<CompareReport> layerReports;
        const PrecisionTrial& all =
            trial(step(PrecisionStep::AllTarget, concat("every layer ", precisionName(result_.target))), {},
                  &layerReports);
        if (all.passed) {
            result_.finalMaxNorm = all.maxNorm;
            return;
        }
        rank(layerReports);
        const size_t n = result_.candidates = result_.ranking.size();
        if (callbacks_.ranked) callbacks_.ranked(result_.ranking);
        KILN_CHECK(n > 0, InvalidArgument, "the ", precisionName(result_.target),
                   " engine misses the tolerance but no layer of it computes in ", precisionName(result_.target),
                   " (nothing to pin)");
        result_.maxTrials = 2 + ceilLog2(n) + (n - 1);

        // 2. everything pinned: the tolerance must be reachable at all
        std::vector<size_t> everything(n);
        for (size_t i = 0; i < n; ++i) everything[i] = i;
        const PrecisionTrial fp32 =
            trial(step(PrecisionStep::AllCandidatesFp32, "every candidate layer fp32"), everything);
        KILN_CHECK(fp32.passed, InvalidArgument, "even with every layer in fp32 the outputs miss the tolerance (",
                   result_.tolerance.describe(), "): max_norm ", fp32.maxNorm, " on '", fp32.worstOutput,
                   "'; loosen the tolerance (--max-norm)");

        // 3-4. the shortest passing prefix of the ranking: prefix `lo` fails, prefix `hi` passes
        size_t lo = 0, hi = n;
        double hiMaxNorm = fp32.maxNorm;
        while (hi - lo > 1) {
            const size_t mid = lo + (hi - lo) / 2;
            const PrecisionTrial& t = trial(
                step(PrecisionStep::SearchPrefix, concat("search: the top ", mid, " of the ranking pinned"), mid),
                prefix(mid));
            if (t.passed) {
                hi = mid;
                hiMaxNorm = t.maxNorm;
            } else {
                lo = mid;
            }
        }
        std::vector<size_t> pins = prefix(hi);
        double finalMaxNorm = hiMaxNorm;
        // 5. unpin what is not needed; the last of the prefix is (prefix hi - 1 failed)
        for (size_t k = hi - 1; k-- > 0;) {
            std::vector<size_t> fewer;
            for (size_t i : pins)
                if (i != k) fewer.push_back(i);
            const std::string& layer = result_.ranking[k].layer;
            const PrecisionTrial& t = trial(step(PrecisionStep::Unpin, concat("unpin '", layer, "'"), 0, layer), fewer);
            if (t.passed) {
                pins = std::move(fewer);
                finalMaxNorm = t.maxNorm;
            }
        }
        for (size_t i : pins) result_.pinned.push_back(result_.ranking[i]);
        result_.finalMaxNorm = finalMaxNorm;
    }

private:
    std::vector<size_t> prefix(size_t count) const {
        std::vector<size_t> out(count);
        for (size_t i = 0; i < count; ++i) out[i] = i;
        return out;
    }

    std::vector<LayerPrecisionOverride> overridesOf(const std::vector<size_t>& pins) const {
        std::vector<LayerPrecisionOverride> out;
        std::set<std::string> seen;
        for (size_t i : pins)
            for (const std::string& node : result_.ranking[i].origin)
                if (seen.insert(node).second) out.push_back({node, Precision::FP32});
        return out;
    }

    std::shared_ptr<const Engine> build(const BuilderConfig& config) {
        BuildCallbacks bc;
        bc.cancelled = callbacks_.cancelled;
        BuildOptions bo;
        bo.modelPath = options_.modelPath;
        ++result_.builds;
        return buildEngine(model_, config, bc, bo);
    }

    std::shared_ptr<const Engine> engineWith(const std::vector<LayerPrecisionOverride>& pins) {
        if (result_.mode == PrecisionDebugMode::Emulated)
            return fp32Engine_->withEmulatedRounding(result_.target, pins, &originOpTypes_);
        BuilderConfig config = configWithOverrides(base_, pins);
        if (!config.allows(result_.target)) config.precisions.push_back(result_.target);
        return build(config);
    }

    // A trial to run: its step of the search (the index and the pins are filled in by trial()).
    static PrecisionTrial step(PrecisionStep kind, std::string purpose, size_t prefix = 0,
                               std::string unpinned = {}) {
        PrecisionTrial t;
        t.step = kind;
        t.purpose = std::move(purpose);
        t.prefix = prefix;
        t.unpinned = std::move(unpinned);
        return t;
    }

    const PrecisionTrial& trial(PrecisionTrial t, const std::vector<size_t>& pins,
                                std::vector<CompareReport>* layerReports = nullptr) {
        t.index = result_.trials.size() + 1;
        for (size_t i : pins) t.pinnedLayers.push_back(result_.ranking[i].layer);
        if (callbacks_.progress) callbacks_.progress(result_.trials.size(), result_.maxTrials, t.purpose);
        if (callbacks_.starting) callbacks_.starting(result_.trials.size(), result_.maxTrials, t);
        KILN_CHECK(!(callbacks_.cancelled && callbacks_.cancelled()), Cancelled, "precision debug cancelled");
        const std::vector<LayerPrecisionOverride> overrides = overridesOf(pins);
        std::shared_ptr<const Engine> engine = engineWith(overrides);
        if (layerReports) candidateEngine_ = engine;
        t.pinnedNodes = overrides.size();
        t.passed = true;
        CompareOptions co;
        co.tolerance = result_.tolerance;
        co.perLayer = layerReports != nullptr;
        co.profileIndex = options_.profileIndex;
        for (size_t s = 0; s < sets_.size(); ++s) {
            CompareReport r = compareWithReference(model_, *engine, sets_[s], references_[s], co);
            t.passed = t.passed && r.outputsPassed();
            for (const TensorAccuracy& o : r.outputs) {
                const double e = errorOf(o.comparison);
                if (t.worstOutput.empty() || e > t.maxNorm || (std::isnan(e) && !std::isnan(t.maxNorm))) {
                    t.maxNorm = e;
                    t.worstOutput = o.comparison.name;
                }
            }
            if (layerReports) layerReports->push_back(std::move(r));
        }
        result_.trials.push_back(std::move(t));
        if (callbacks_.trial) callbacks_.trial(result_.trials.back());
        return result_.trials.back();
    }

    // Step 3: candidates (layers that the target rounds and that came from ONNX nodes) by own error.
    void rank(const std::vector<CompareReport>& reports) {
        std::map<std::string, double> tensorError;  // worst over the input sets
        for (const CompareReport& r : reports)
            for (const LayerAccuracy& l : r.layers)
                for (const TensorAccuracy& t : l.outputs) {
                    double& e = tensorError[t.comparison.name];
                    e = std::max(e, errorOf(t.comparison));
                }
        auto errorAt = [&](const std::string& name) {
            auto it = tensorError.find(name);
            return it == tensorError.end() ? 0.0 : it->second;
        };
        const std::vector<EngineLayer>& layers = candidateEngine_->layers();
        for (size_t i = 0; i < layers.size(); ++i) {
            const EngineLayer& l = layers[i];
            if (l.kind == LayerKind::Copy || l.origin.empty() || l.computed != result_.target) continue;
            LayerErrorScore s;
            s.layerIndex = i;
            s.layer = l.name;
            s.type = l.domain.empty() ? l.opType : l.domain + "::" + l.opType;
            s.origin = l.origin;
            for (const std::string& out : l.outputs)
                if (!out.empty()) s.outputError = std::max(s.outputError, errorAt(out));
            for (const std::string& in : l.inputs)
                if (!in.empty()) s.inputError = std::max(s.inputError, errorAt(in));
            if (std::isinf(s.outputError)) s.ownError = std::isinf(s.inputError) ? 0.0 : kInf;
            else s.ownError = std::max(0.0, s.outputError - s.inputError);
            result_.ranking.push_back(std::move(s));
        }
        std::stable_sort(result_.ranking.begin(), result_.ranking.end(),
                         [](const LayerErrorScore& a, const LayerErrorScore& b) { return a.ownError > b.ownError; });
    }

    const Graph& model_;
    const BuilderConfig& base_;
    const std::vector<TensorMap>& sets_;
    const PrecisionDebugOptions& options_;
    const PrecisionDebugCallbacks& callbacks_;
    PrecisionDebugResult& result_;
    std::map<std::string, std::string> originOpTypes_;
    std::vector<ReferenceRun> references_;
    std::shared_ptr<const Engine> fp32Engine_;       // Emulated: the one build
    std::shared_ptr<const Engine> candidateEngine_;  // the all-target engine of step 1
};

}  // namespace

std::string_view precisionDebugModeName(PrecisionDebugMode m) {
    switch (m) {
        case PrecisionDebugMode::Emulated: return "emulated";
        case PrecisionDebugMode::Built: return "built";
    }
    return "?";
}

std::vector<LayerPrecisionOverride> PrecisionDebugResult::overrides() const {
    std::vector<LayerPrecisionOverride> out;
    std::set<std::string> seen;
    for (const LayerErrorScore& l : pinned)
        for (const std::string& node : l.origin)
            if (seen.insert(node).second) out.push_back({node, Precision::FP32});
    return out;
}

BuilderConfig configWithOverrides(const BuilderConfig& base, const std::vector<LayerPrecisionOverride>& pins) {
    BuilderConfig config = base;
    for (const LayerPrecisionOverride& pin : pins) {
        auto& list = config.layerPrecisions;
        list.erase(std::remove_if(list.begin(), list.end(),
                                  [&](const LayerPrecisionOverride& o) { return o.target == pin.target; }),
                   list.end());
        list.push_back(pin);
    }
    return config;
}

BuilderConfig configWithPins(const BuilderConfig& base, const PrecisionDebugResult& result) {
    BuilderConfig config = configWithOverrides(base, result.overrides());
    if (result.mode == PrecisionDebugMode::Built && !config.allows(result.target))
        config.precisions.push_back(result.target);
    return config;
}

PrecisionDebugResult debugPrecision(const Graph& model, const BuilderConfig& baseConfig,
                                    const std::vector<TensorMap>& inputSets, const PrecisionDebugOptions& options,
                                    const PrecisionDebugCallbacks& callbacks) {
    KILN_CHECK(options.target == Precision::FP16 || options.target == Precision::BF16, InvalidArgument,
               "precision debug: the target precision must be fp16 or bf16, not ", precisionName(options.target));
    PrecisionDebugResult result;
    result.target = options.target;
    result.tolerance = options.tolerance ? *options.tolerance : Tolerance::norm(defaultMaxNorm(options.target));
    result.mode = options.mode ? *options.mode
                               : (baseConfig.backend == "cpu" ? PrecisionDebugMode::Emulated : PrecisionDebugMode::Built);
    switch (result.mode) {
        case PrecisionDebugMode::Emulated:
            KILN_CHECK(emulationRefusal(options.target, false, baseConfig.backend) == EmulationRefusal::None,
                       InvalidArgument, "the ", precisionName(options.target),
                       " emulation runs on the cpu backend, not ", baseConfig.backend, " (build real ",
                       precisionName(options.target), " engines there instead)");
            break;
        case PrecisionDebugMode::Built:
            KILN_CHECK(computedPrecision(baseConfig.backend, options.target) == options.target, InvalidArgument,
                       "the ", baseConfig.backend, " backend computes no layer in ", precisionName(options.target),
                       ": its ", precisionName(options.target), " build would be fp32 (emulate the rounding on cpu instead)");
            break;
    }
    checkInputSets(model, inputSets);
    result.maxTrials = 1;
    Search(model, baseConfig, inputSets, options, callbacks, result).run();
    return result;
}

}  // namespace kiln
