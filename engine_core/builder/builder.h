// The builder (TensorRT's IBuilder::buildSerializedNetwork): model + BuilderConfig → Engine.
//
//   import       copy the model, load plugin libraries, turn plugin nodes into plugin layers
//   calibrate    with int8 allowed only: dynamic ranges from the calibration cache or by running the
//                model over the calibration data (engine_core/quantization/calibrator.h)
//   optimize     engine_core/passes at config.optimizationLevel
//   assign       every layer on the chosen backend, or on the CPU when that backend can't run it
//                (a warning says which and why); errors name the ONNX nodes nothing can run; the
//                layout each backend prefers; copy and reformat layers where a tensor changes
//                device or layout (builder_internal.h)
//   tactics      per layer, time each applicable candidate tactic at profile 0's opt shapes on the
//                layer's real inputs (one run of the network through the run loop), keep the
//                fastest; a timing cache file skips layers timed before; the sizes of every tensor
//                and scratch at each profile's max shapes, for the memory plan; each fused layer
//                (kiln::FusedConv, FusedMatMul, Pointwise, Attention) is also timed against its
//                unfused nodes (passes/unfuse.h), once per build, through the timing cache; when
//                those are clearly faster the fusion is reverted and assignment and tactics run
//                again with the plain nodes
//   serialize    assemble the engine (weights, profiles, config, plugins, memory plan)
//
// Nothing is written on failure or cancellation; the timing cache file is updated (atomically) only
// after a successful build.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine_core/builder/builder_config.h"
#include "engine_core/builder/engine.h"
#include "engine_core/builder/plugin.h"
#include "engine_core/passes/pass.h"

namespace kiln {

enum class BuildPhase { Import, Optimize, SelectTactics, Serialize, Calibrate };
// "import", "optimize", "select tactics", "serialize", "calibrate"
std::string_view buildPhaseName(BuildPhase phase);

struct BuildCallbacks {
    // Each phase starts with (phase, 0, n, "") and ends with (phase, n, n, message). Import, Optimize
    // and Serialize have n = 1 and end with a one-line summary; SelectTactics has n = layers and
    // reports each layer as it is done (i = 1..n, message = layer name). Calibrate (after Import, only
    // with int8 allowed) has n = batches and reports each batch (message = its folder name), or n = 1
    // when the ranges come from the calibration cache. Called on the building thread.
    std::function<void(BuildPhase phase, size_t i, size_t n, const std::string& message)> progress;
    // Polled between steps; true aborts the build with an Error saying it was cancelled.
    std::function<bool()> cancelled;
};

// A fused layer timed against its unfused nodes ("never slower than unfused"): on the layer's real
// inputs at profile 0's opt shapes, its chosen tactic against the sum of each plain node's best
// tactic on the same backend. Reverted layers are in the engine as their plain nodes, named
// "<fused layer>/<op>", with the fused layer's origin.
enum class FusionDecision {
    Kept,        // the fused layer was not clearly slower
    Reverted,    // its unfused nodes took under 0.9x its time, 0.01 ms less at least: the engine has them
    NotCompared  // no unfused form to time (see note)
};
std::string_view fusionDecisionName(FusionDecision decision);  // "kept", "reverted", "not compared"

struct FusionTiming {
    std::string layer;   // the fused layer's name
    std::string op;      // "kiln::FusedConv"
    size_t originCount = 0;  // ONNX nodes it came from
    float fusedMs = -1;      // its chosen tactic
    float unfusedMs = -1;    // the sum of its plain nodes' best tactics
    FusionDecision decision = FusionDecision::Kept;
    bool fromCache = false;  // the decision came from the timing cache (nothing timed)
    std::string note;        // why it was not compared
};

struct BuildReport {
    passes::FusionReport fusion;
    // Every fused layer's comparison with its unfused nodes, in layer order.
    std::vector<FusionTiming> fusionTimings;
    size_t layers = 0;
    size_t layersWithChoices = 0;  // layers with more than one candidate tactic
    size_t tacticsTimed = 0;       // candidate timings performed (a layer with one applicable tactic times none)
    size_t unfusedNodesTimed = 0;  // plain nodes timed for fusionTimings
    size_t timingCacheHits = 0;    // layers whose tactic came from the timing cache
    size_t fallbackLayers = 0;     // layers on the CPU because the chosen backend can't run them
    size_t copyLayers = 0;         // kiln::Copy layers inserted between devices
    uint64_t memoryBytes = 0;      // an execution context's arenas for profile 0 (activations + workspace)
    double buildMs = 0;
    std::vector<std::string> warnings;
    // Inputs whose symbolic dims the profiles fix, and the dims the model was re-imported with
    // (BuildOptions::modelPath); empty when the model was built as given.
    std::map<std::string, std::vector<int64_t>> fixedInputDims;
    // Calibration (int8 allowed): batches run (0 when read from the cache) and ranges computed.
    size_t calibrationBatches = 0;
    size_t calibrationRanges = 0;
    bool calibrationFromCache = false;
};

struct BuildOptions {
    // Where plugins are looked up (config.pluginLibraries load into it). Default: global().
    PluginRegistry* plugins = nullptr;
    BuildReport* report = nullptr;  // filled when given
    // The ONNX file `model` was imported from (optional). When the profiles fix dims the model
    // leaves symbolic (every profile's min = max, the same in all), the builder imports it again
    // with those dims (ImportOptions::inputDims), so shape chains fold and fusions see static
    // shapes, as a fixed-shape TensorRT build does. Without it the model is built as given.
    std::string modelPath;
};

// "fusions timed against their unfused nodes: 12 kept, 2 reverted" and a table of the reverted ones
// and the closest calls, for `kiln build` and the GUI; "" when no fused layer was timed.
std::string fusionTimingText(const BuildReport& report, size_t closest = 5);

// Builds an engine. Throws kiln::Error: InvalidArgument for a bad config (naming the field),
// Unsupported listing the ONNX nodes no backend kernel or plugin can run, Cancelled "build cancelled".
std::shared_ptr<const Engine> buildEngine(const Graph& model, const BuilderConfig& config,
                                          const BuildCallbacks& callbacks = {}, const BuildOptions& options = {});

}  // namespace kiln
