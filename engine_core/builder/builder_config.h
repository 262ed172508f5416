// BuilderConfig: everything that decides how a model becomes an engine (TensorRT's IBuilderConfig
// plus the optimization profiles). It is also the settings file that `kiln build --config FILE` and
// kiln-studio read and write (JSON, docs/engine-format.md lists the fields).
//
// The precision and sparsity numerics come with the precision issue: here the fields exist, are
// validated against the backend and stored in the engine, and every layer runs in fp32
// (computedPrecision says so per layer). INT8
// calibration is real already: with int8 allowed the builder computes per-tensor dynamic ranges
// (engine_core/quantization, docs/calibration.md) and stores them in the engine.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine_core/ir/graph.h"
#include "engine_core/ir/precision.h"
#include "engine_core/runtime/kernel.h"

namespace kiln {

// Precisions a backend can run, by name, without loading it (the CPU backend: fp32, and int8 for
// calibration only). A registered backend that is not built in answers through Backend::precisions().
std::vector<Precision> backendPrecisions(const std::string& backend);

enum class SparsityMode { Disabled, Enabled, Forced };
std::string_view sparsityModeName(SparsityMode m);  // "disabled", "enabled", "forced"
std::optional<SparsityMode> parseSparsityMode(std::string_view name);


// How a tensor's dynamic range (amax) is chosen from the values seen during calibration.
enum class CalibrationAlgorithm {
    MinMax,      // the largest |x| seen (TensorRT's IInt8MinMaxCalibrator)
    Entropy,     // the threshold minimizing the KL divergence of the int8 histogram (IInt8EntropyCalibrator2)
    Percentile,  // the given percentile of |x|
};
std::string_view calibrationAlgorithmName(CalibrationAlgorithm a);  // "minmax", "entropy", "percentile"
std::optional<CalibrationAlgorithm> parseCalibrationAlgorithm(std::string_view name);

// INT8 calibration (docs/calibration.md). Used when int8 is among the precisions: the builder reads
// the cache when it exists and was made by the same algorithm, else calibrates on the data folder
// (and then writes the cache). int8 without data and without an existing cache is an error.
struct CalibrationSettings {
    // ONNX test-data layout (test_data_set_*/input_N.pb) or NAME.npy files, one batch per folder.
    std::string dataFolder;
    CalibrationAlgorithm algorithm = CalibrationAlgorithm::Entropy;
    double percentile = 99.99;  // Percentile only, in (0, 100]
    int maxBatches = 0;         // 0 = every batch in the folder
    std::string cachePath;      // "" = no cache file
    bool operator==(const CalibrationSettings&) const = default;
};

// A per-layer precision override. `target` matches a layer by its name, by the name of any ONNX node
// it came from, or by the op type of any of those ONNX nodes (e.g. "Softmax").
struct LayerPrecisionOverride {
    std::string target;
    Precision precision = Precision::FP32;
    bool operator==(const LayerPrecisionOverride&) const = default;
};

// How the override that decided a layer's precision matched it.
enum class OverrideMatch {
    None,          // no override matched: the network default
    LayerName,     // the target is the layer's name (an ONNX node's own name before the build)
    OpType,        // the target is the layer's op type
    OriginName,    // the target names an ONNX node the layer came from (a fused layer)
    OriginOpType,  // the target is the op type of an ONNX node the layer came from
};
std::string_view overrideMatchName(OverrideMatch m);  // "default", "layer", "op type", "onnx node", "onnx op type"

// min <= opt <= max per dim; the engine accepts any input shape within [min, max] and tunes for opt.
struct ShapeRange {
    std::vector<int64_t> min, opt, max;
    bool operator==(const ShapeRange&) const = default;
    bool contains(const std::vector<int64_t>& dims) const;
};

// One optimization profile: a shape range for each dynamic input (static inputs may be listed too).
struct OptimizationProfile {
    std::map<std::string, ShapeRange> inputs;
    bool operator==(const OptimizationProfile&) const = default;
};

struct BuilderConfig {
    // Precisions the builder may use. fp32 is always allowed; listing it is optional.
    std::vector<Precision> precisions = {Precision::FP32};
    std::vector<LayerPrecisionOverride> layerPrecisions;
    // Several profiles per engine; an ExecutionContext selects one. Required when the model has
    // inputs with dynamic dims; a model with only static inputs gets one implicit profile.
    std::vector<OptimizationProfile> profiles;
    SparsityMode sparsity = SparsityMode::Disabled;
    uint64_t workspaceBytes = uint64_t(1) << 30;  // scratch memory limit for tactics; 0 = none allowed
    int optimizationLevel = 3;                     // 0..3, see engine_core/passes/optimizer.h
    std::string timingCachePath;                   // "" = no timing cache file
    std::string backend = "cpu";                  // a BackendRegistry name: "cpu", "cuda", ...
    std::vector<std::string> pluginLibraries;      // shared libraries loaded before the build
    // Tactic timing: warm-up runs and timed runs per candidate (the median is kept).
    int timingWarmup = 2;
    int timingIterations = 5;
    // Time each fused layer (FusedConv, FusedMatMul, Pointwise, Attention) against its unfused nodes
    // and revert the fusions that are clearly slower. Off: every fusion is kept untimed ("not
    // compared"), so the engine's layers depend on the passes alone (reproducible structure).
    bool compareFusions = true;
    CalibrationSettings calibration;

    bool operator==(const BuilderConfig&) const = default;

    bool allows(Precision p) const;
    // int8 is allowed, so the build calibrates (or reads the calibration cache).
    bool needsCalibration() const { return allows(Precision::INT8); }
    // Checks the config on its own and against the model. Throws InvalidArgument naming the field,
    // e.g. "profiles[0].x.min: ..." or "layerPrecisions[1].target: no layer, ONNX node or op type 'Foo'".
    // With int8 allowed it also checks the calibration data against the model (reading the first
    // batch): "calibration.dataFolder: d/test_data_set_0/input_0.pb: input 'x' expects ...".
    void validate(const Graph& model) const;
    // The checks that need no model (ranges, levels, precisions vs backend).
    void validateStandalone() const;
    // The precisions a per-layer override may ask for (what validateStandalone accepts): fp32, and
    // those the backend runs and `precisions` allows, except int8 on the cpu backend (it only
    // calibrates there). In the order of the Precision enum.
    // Why a per-layer override (of `target`, named in the message) may not use precision p, or "" when
    // it may: the backend lacks it, precisions don't enable it, or it is int8 on the cpu backend.
    std::string overrideProblem(Precision p, const std::string& target = {}) const;
    std::vector<Precision> overridePrecisions() const;
};

// What the precision rule looks at: a layer's name and op type and the ONNX nodes it came from. An
// imported ONNX node is its own origin; an optimized (fused) node lists every node it absorbed.
struct LayerPrecisionQuery {
    std::string_view name;
    std::string_view opType;
    const std::vector<std::string>* origin = nullptr;  // null: none
    // ONNX node name -> op type, for matching an override by an origin node's op type (null: none).
    const std::map<std::string, std::string>* originOpTypes = nullptr;
};

// The precision the builder gives a layer, and why.
struct LayerPrecisionChoice {
    Precision precision = Precision::FP32;  // stored in the engine (EngineLayer::precision)
    Precision computed = Precision::FP32;   // what the backend's kernels compute the layer in
    std::optional<size_t> overrideIndex;    // the config.layerPrecisions entry that set it; none = default
    OverrideMatch match = OverrideMatch::None;
    bool operator==(const LayerPrecisionChoice&) const = default;
};

// The one precision rule (the builder stores its result in every engine layer; the GUI shows it per
// ONNX node before a build). The network default is defaultLayerPrecision(config); the last matching
// override in config.layerPrecisions wins.
// The network default: on a backend whose kernels compute reduced precisions (cuda), the lowest
// floating-point precision the flags allow (fp16, then bf16, then tf32), as trtexec --fp16 runs
// nearly every layer in fp16; elsewhere fp32 (the flags only allow; int8 also calibrates).
Precision defaultLayerPrecision(const BuilderConfig& config);
LayerPrecisionChoice resolveLayerPrecision(const LayerPrecisionQuery& layer, const BuilderConfig& config);
// A node of a graph: an ONNX model's node or a node of the builder's optimized graph.
LayerPrecisionChoice resolveLayerPrecision(const Node& node, const BuilderConfig& config,
                                           const std::map<std::string, std::string>* originOpTypes = nullptr);
// The precision a backend's kernels compute a layer stored as `stored` in: fp16, bf16 and tf32 on
// cuda (where the layer's op has such a kernel; EngineLayer::computed says what ran), fp32 for the
// rest and on the CPU. int8 layers keep their precision and calibrated ranges in the engine and run
// in fp32 until the int8 kernels exist.
Precision computedPrecision(const std::string& backend, Precision stored);

// JSON (the settings file). `source` names the file in errors: "settings.json: field 'profiles[0].x.min': ...".
std::string builderConfigToJson(const BuilderConfig& config);
BuilderConfig builderConfigFromJson(const std::string& json, const std::string& source = "<json>");
BuilderConfig loadBuilderConfig(const std::string& path);
void saveBuilderConfig(const BuilderConfig& config, const std::string& path);

// The profile the builder uses when the model has only static inputs: min = opt = max = the shapes.
// Throws InvalidArgument naming the first dynamic input if there is one.
OptimizationProfile staticProfile(const Graph& model);

}  // namespace kiln
