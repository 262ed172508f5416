#include "engine_core/builder/builder_config.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include "engine_core/quantization/calibration_data.h"
#include "engine_core/runtime/backend.h"

namespace kiln {

std::vector<Precision> backendPrecisions(const std::string& backend) {
    // The reference backends compute in fp32; reduced precisions come with the precision issue.
    // int8 is accepted for calibration: the ranges are computed and stored, the layers stay fp32.
    if (backend == "cpu") return {Precision::FP32, Precision::INT8};
    if (backend == "oracle") return {Precision::FP32};
    if (backend == "cuda")
        return {Precision::FP32, Precision::TF32, Precision::FP16, Precision::BF16, Precision::INT8, Precision::FP8};
    BackendRegistry& registry = BackendRegistry::global();
    if (registry.known(backend) && registry.available(backend)) return registry.get(backend)->precisions();
    return {Precision::FP32};
}

std::string_view overrideMatchName(OverrideMatch m) {
    switch (m) {
        case OverrideMatch::None: return "default";
        case OverrideMatch::LayerName: return "layer";
        case OverrideMatch::OpType: return "op type";
        case OverrideMatch::OriginName: return "onnx node";
        case OverrideMatch::OriginOpType: return "onnx op type";
    }
    return "?";
}

Precision computedPrecision(const std::string& backend, Precision stored) {
    // The CUDA kernels compute fp16 and bf16 layers with fp16/bf16 storage and fp32 accumulation,
    // and tf32 layers on the tensor cores; int8 and fp8 kernels come with the precision issue. The
    // CPU kernels compute every layer in fp32. An engine's layers say what their kernels computed
    // (EngineLayer::computed): a layer whose op has no reduced-precision kernel stays fp32.
    if (backend == "cuda" && (stored == Precision::FP16 || stored == Precision::BF16 || stored == Precision::TF32))
        return stored;
    return Precision::FP32;
}

Precision defaultLayerPrecision(const BuilderConfig& config) {
    // Where reduced precisions compute (cuda), the flags work like trtexec's --fp16/--bf16/--tf32:
    // every layer gets the lowest floating-point precision they allow, unless an override pins it.
    // Elsewhere the flags only allow (int8 calibrates); layers stay fp32.
    for (Precision p : {Precision::FP16, Precision::BF16, Precision::TF32})
        if (config.allows(p) && computedPrecision(config.backend, p) == p) return p;
    return Precision::FP32;
}

LayerPrecisionChoice resolveLayerPrecision(const LayerPrecisionQuery& layer, const BuilderConfig& config) {
    LayerPrecisionChoice choice;
    choice.precision = defaultLayerPrecision(config);
    for (size_t i = 0; i < config.layerPrecisions.size(); ++i) {  // the last matching override wins
        const std::string& target = config.layerPrecisions[i].target;
        OverrideMatch match = OverrideMatch::None;
        if (target == layer.name) match = OverrideMatch::LayerName;
        else if (target == layer.opType) match = OverrideMatch::OpType;
        else if (layer.origin) {
            for (const std::string& o : *layer.origin)
                if (o == target) {
                    match = OverrideMatch::OriginName;
                    break;
                }
            if (match == OverrideMatch::None && layer.originOpTypes)
                for (const std::string& o : *layer.origin) {
                    auto it = layer.originOpTypes->find(o);
                    if (it != layer.originOpTypes->end() && it->second == target) {
                        match = OverrideMatch::OriginOpType;
                        break;
                    }
                }
        }
        if (match == OverrideMatch::None) continue;
        choice.precision = config.layerPrecisions[i].precision;
        choice.overrideIndex = i;
        choice.match = match;
    }
    choice.computed = computedPrecision(config.backend, choice.precision);
    return choice;
}

LayerPrecisionChoice resolveLayerPrecision(const Node& node, const BuilderConfig& config,
                                           const std::map<std::string, std::string>* originOpTypes) {
    return resolveLayerPrecision(LayerPrecisionQuery{node.name, node.opType, &node.origin, originOpTypes}, config);
}

std::string_view sparsityModeName(SparsityMode m) {
    switch (m) {
        case SparsityMode::Disabled: return "disabled";
        case SparsityMode::Enabled: return "enabled";
        case SparsityMode::Forced: return "forced";
    }
    return "?";
}

std::optional<SparsityMode> parseSparsityMode(std::string_view name) {
    for (SparsityMode m : {SparsityMode::Disabled, SparsityMode::Enabled, SparsityMode::Forced})
        if (sparsityModeName(m) == name) return m;
    return std::nullopt;
}

std::string_view calibrationAlgorithmName(CalibrationAlgorithm a) {
    switch (a) {
        case CalibrationAlgorithm::MinMax: return "minmax";
        case CalibrationAlgorithm::Entropy: return "entropy";
        case CalibrationAlgorithm::Percentile: return "percentile";
    }
    return "?";
}

std::optional<CalibrationAlgorithm> parseCalibrationAlgorithm(std::string_view name) {
    for (CalibrationAlgorithm a :
         {CalibrationAlgorithm::MinMax, CalibrationAlgorithm::Entropy, CalibrationAlgorithm::Percentile})
        if (calibrationAlgorithmName(a) == name) return a;
    return std::nullopt;
}

bool ShapeRange::contains(const std::vector<int64_t>& dims) const {
    if (dims.size() != min.size() || dims.size() != max.size()) return false;
    for (size_t d = 0; d < dims.size(); ++d)
        if (dims[d] < min[d] || dims[d] > max[d]) return false;
    return true;
}

bool BuilderConfig::allows(Precision p) const {
    return p == Precision::FP32 || std::find(precisions.begin(), precisions.end(), p) != precisions.end();
}

namespace {

std::string precisionList(const std::vector<Precision>& ps) {
    std::string out;
    for (Precision p : ps) out += (out.empty() ? "" : ", ") + std::string(precisionName(p));
    return out;
}

void checkRange(const std::string& field, const ShapeRange& r) {
    KILN_CHECK(r.min.size() == r.opt.size() && r.opt.size() == r.max.size(), InvalidArgument, field,
               ": min ", dimsToString(r.min), ", opt ", dimsToString(r.opt), " and max ", dimsToString(r.max),
               " must have the same rank");
    for (size_t d = 0; d < r.min.size(); ++d) {
        KILN_CHECK(r.min[d] >= 0, InvalidArgument, field, ".min: dim ", d, " is ", r.min[d], " (must be >= 0)");
        KILN_CHECK(r.min[d] <= r.max[d], InvalidArgument, field, ".min: ", dimsToString(r.min), " exceeds max ",
                   dimsToString(r.max), " at dim ", d);
        KILN_CHECK(r.opt[d] >= r.min[d] && r.opt[d] <= r.max[d], InvalidArgument, field, ".opt: ",
                   dimsToString(r.opt), " is outside [min ", dimsToString(r.min), ", max ", dimsToString(r.max),
                   "] at dim ", d);
    }
}

}  // namespace

// Why a per-layer override may not use precision p ("" when it may): the one rule behind
// overridePrecisions() and validateStandalone().
std::string BuilderConfig::overrideProblem(Precision p, const std::string& target) const {
    const std::vector<Precision> can = backendPrecisions(backend);
    if (std::find(can.begin(), can.end(), p) == can.end())
        return concat(precisionName(p), " is not supported by the ", backend, " backend (it supports ",
                      precisionList(can), ")");
    if (!allows(p) && target.empty()) return concat(precisionName(p), " is not enabled in precisions");
    if (!allows(p)) return concat(precisionName(p), " for '", target, "' is not enabled in precisions");
    if (backend == "cpu" && p == Precision::INT8)
        return "the cpu backend has no int8 layers yet (int8 in precisions only calibrates)";
    return {};
}

std::vector<Precision> BuilderConfig::overridePrecisions() const {
    std::vector<Precision> out;
    for (Precision p : {Precision::FP32, Precision::TF32, Precision::FP16, Precision::BF16, Precision::INT8,
                        Precision::FP8})
        if (overrideProblem(p).empty()) out.push_back(p);
    return out;
}

void BuilderConfig::validateStandalone() const {
    KILN_CHECK(optimizationLevel >= 0 && optimizationLevel <= 3, InvalidArgument, "optimizationLevel: ",
               optimizationLevel, " is outside 0..3");
    KILN_CHECK(timingWarmup >= 0, InvalidArgument, "timingWarmup: ", timingWarmup, " must be >= 0");
    KILN_CHECK(timingIterations >= 1, InvalidArgument, "timingIterations: ", timingIterations, " must be >= 1");
    if (!BackendRegistry::global().known(backend)) {
        std::string names;
        for (const std::string& id : BackendRegistry::global().ids()) names += (names.empty() ? "" : ", ") + id;
        fail(ErrorKind::InvalidArgument, "backend: unknown backend '", backend, "' (known: ", names, ")");
    }
    std::vector<Precision> can = backendPrecisions(backend);
    for (size_t i = 0; i < precisions.size(); ++i)
        KILN_CHECK(std::find(can.begin(), can.end(), precisions[i]) != can.end(), InvalidArgument, "precisions[", i,
                   "]: ", precisionName(precisions[i]), " is not supported by the ", backend,
                   " backend (it supports ", precisionList(can), ")");
    for (size_t i = 0; i < layerPrecisions.size(); ++i) {
        const LayerPrecisionOverride& o = layerPrecisions[i];
        KILN_CHECK(!o.target.empty(), InvalidArgument, "layerPrecisions[", i, "].target: empty");
        const std::string problem = overrideProblem(o.precision, o.target);
        KILN_CHECK(problem.empty(), InvalidArgument, "layerPrecisions[", i, "].precision: ", problem);
    }
    const CalibrationSettings& cal = calibration;
    KILN_CHECK(std::isfinite(cal.percentile) && cal.percentile > 0 && cal.percentile <= 100, InvalidArgument,
               "calibration.percentile: ", cal.percentile, " is outside (0, 100]");
    KILN_CHECK(cal.maxBatches >= 0, InvalidArgument, "calibration.maxBatches: ", cal.maxBatches,
               " must be >= 0 (0 = every batch)");
    for (size_t p = 0; p < profiles.size(); ++p)
        for (const auto& [name, range] : profiles[p].inputs) checkRange(concat("profiles[", p, "].", name), range);
}

void BuilderConfig::validate(const Graph& model) const {
    validateStandalone();
    std::vector<Value*> inputs = model.runtimeInputs();
    std::vector<Value*> dynamic;
    for (Value* v : inputs)
        if (!v->shape.rankKnown || !v->shape.isStatic()) dynamic.push_back(v);
    if (profiles.empty() && !dynamic.empty())
        fail(ErrorKind::InvalidArgument, "profiles: input '", dynamic.front()->name, "' has dynamic shape ",
             dynamic.front()->shape.str(), "; give it an optimization profile (min/opt/max shapes)");
    for (size_t p = 0; p < profiles.size(); ++p) {
        for (const auto& [name, range] : profiles[p].inputs) {
            std::string field = concat("profiles[", p, "].", name);
            auto it = std::find_if(inputs.begin(), inputs.end(), [&n = name](Value* v) { return v->name == n; });
            KILN_CHECK(it != inputs.end(), InvalidArgument, field, ": the model has no input named '", name, "'");
            const Shape& declared = (*it)->shape;
            if (!declared.rankKnown) continue;
            KILN_CHECK(range.min.size() == declared.rank(), InvalidArgument, field, ": rank ", range.min.size(),
                       " but input '", name, "' is ", declared.str(), " (rank ", declared.rank(), ")");
            for (size_t d = 0; d < declared.rank(); ++d) {
                const Dim& dim = declared.dims[d];
                if (!dim.isStatic()) continue;
                for (const auto& [which, dims] : {std::pair{"min", &range.min}, std::pair{"opt", &range.opt},
                                                  std::pair{"max", &range.max}})
                    KILN_CHECK((*dims)[d] == dim.value, InvalidArgument, field, ".", which, ": dim ", d, " is ",
                               (*dims)[d], " but input '", name, "' ", declared.str(), " fixes it to ", dim.value);
            }
        }
        for (Value* v : dynamic)
            KILN_CHECK(profiles[p].inputs.count(v->name), InvalidArgument, "profiles[", p,
                       "]: missing dynamic input '", v->name, "' ", v->shape.str());
    }
    if (needsCalibration()) {
        // Decided: int8 needs ranges, so it needs data to calibrate on or a cache to read them from.
        std::error_code ec;
        bool cacheExists = !calibration.cachePath.empty() && std::filesystem::exists(calibration.cachePath, ec);
        KILN_CHECK(!calibration.dataFolder.empty() || cacheExists, InvalidArgument,
                   "calibration.dataFolder: int8 is enabled but there is no calibration data",
                   calibration.cachePath.empty() ? std::string(" and no calibration cache")
                                                 : concat(" and the calibration cache '", calibration.cachePath,
                                                          "' does not exist"));
        if (!calibration.dataFolder.empty()) checkCalibrationData(model, calibration.dataFolder);
    }
    if (layerPrecisions.empty()) return;
    std::set<std::string> targets;
    for (const Node* n : model.nodes()) {
        targets.insert(n->name);
        targets.insert(n->label());
        targets.insert(n->opType);
        for (const std::string& o : n->origin) targets.insert(o);
    }
    for (size_t i = 0; i < layerPrecisions.size(); ++i)
        KILN_CHECK(targets.count(layerPrecisions[i].target), InvalidArgument, "layerPrecisions[", i,
                   "].target: no layer, ONNX node or op type named '", layerPrecisions[i].target, "'");
}

OptimizationProfile staticProfile(const Graph& model) {
    OptimizationProfile profile;
    for (Value* v : model.runtimeInputs()) {
        KILN_CHECK(v->shape.rankKnown && v->shape.isStatic(), InvalidArgument, "profiles: input '", v->name,
                   "' has dynamic shape ", v->shape.str(), "; give it an optimization profile (min/opt/max shapes)");
        std::vector<int64_t> dims = v->shape.staticDims();
        profile.inputs[v->name] = ShapeRange{dims, dims, dims};
    }
    return profile;
}

}  // namespace kiln
