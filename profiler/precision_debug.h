// Precision bisect (issue 12, `kiln debug-precision`; Polygraphy's `debug precision`): which layers
// must stay in fp32 so that an fp16 or bf16 engine meets a tolerance against the fp32 reference.
//
// The search, with its cost bounded in advance (N = candidate layers, those the target precision
// rounds; k = layers in the final set):
//   1. the whole engine at the target (every layer's outputs compared: the ranking's data);
//      passes -> no pins, done;
//   2. every candidate pinned to fp32; fails -> the tolerance is out of reach (an error);
//   3. rank the candidates by their own error: a layer's worst output max_norm minus the worst of
//      its inputs' (inf where it makes the first NaN/inf), largest first, ties in execution order;
//   4. binary search for the shortest prefix of the ranking that passes when pinned
//      (ceil(log2 N) trials; prefix 0 failed in 1, prefix N passed in 2);
//   5. try unpinning each layer of that prefix but the last (which the search showed is needed),
//      from the least to the most ranked, keeping it unpinned while the rest still pass (k' - 1
//      trials for a prefix of k').
// At most 2 + ceil(log2 N) + (N - 1) trials; each trial is one engine run per input set. The
// result passes (its last trial did), is minimal against removing any single pin, but not always the
// smallest such set (that is exponential). A layer is pinned by the ONNX nodes it came from
// (EngineLayer::origin), so the overrides mean the same to a GPU build that fuses differently.
//
// Two modes. Emulated (the cpu backend): the fp32 engine is built once and each trial is a copy of it
// emulating the target's rounding with the trial's pins (Engine::withEmulatedRounding), an estimate
// of a GPU build. Built (a backend whose kernels compute the target, cuda): each trial builds an
// engine with the target allowed and the trial's pins as per-layer overrides.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine_core/builder/builder_config.h"
#include "engine_core/ir/graph.h"
#include "engine_core/runtime/executor.h"
#include "profiler/accuracy.h"

namespace kiln {

enum class PrecisionDebugMode {
    Emulated,  // one cpu fp32 build; trials round its tensors to the target (an estimate of a GPU build)
    Built,     // one build per trial on config.backend with the target precision enabled
};
std::string_view precisionDebugModeName(PrecisionDebugMode m);  // "emulated", "built"

struct PrecisionDebugOptions {
    Precision target = Precision::FP16;  // fp16 or bf16
    // Unset: the norm rule at the target's default threshold (defaultMaxNorm: fp16 1e-2, bf16 5e-2)
    // for every output, whatever its layers were pinned to.
    std::optional<Tolerance> tolerance;
    // Unset: Emulated on the cpu backend, Built elsewhere.
    std::optional<PrecisionDebugMode> mode;
    int profileIndex = 0;   // the engines' optimization profile the inputs run with
    std::string modelPath;  // BuildOptions::modelPath for the builds
};

// Which step of the search a trial is, for a caller that words it itself (Kiln Studio translates it).
enum class PrecisionStep {
    AllTarget,          // 1: every layer at the target
    AllCandidatesFp32,  // 2: every candidate pinned
    SearchPrefix,       // 4: the top `prefix` of the ranking pinned
    Unpin,              // 5: the set so far without the pin of `unpinned`
};

// One evaluated set of pins.
struct PrecisionTrial {
    size_t index = 0;     // 1-based, in the order run
    std::string purpose;  // "every layer fp16", "every candidate fp32", "search: top 3 pinned", "unpin 'x'"
    PrecisionStep step = PrecisionStep::AllTarget;
    size_t prefix = 0;     // SearchPrefix: how many of the ranking are pinned
    std::string unpinned;  // Unpin: the engine layer tried without its pin
    std::vector<std::string> pinnedLayers;  // engine layer names
    size_t pinnedNodes = 0;                 // ONNX nodes their overrides name
    bool passed = false;
    double maxNorm = 0;       // the worst output's max|a-e|/max|e| over the input sets (inf: NaN/inf appeared)
    std::string worstOutput;  // that output's name
};

// A candidate layer and its own error in the all-target run (step 3).
struct LayerErrorScore {
    size_t layerIndex = 0;  // in the engine of step 1
    std::string layer;
    std::string type;
    std::vector<std::string> origin;  // ONNX node names
    double outputError = 0;           // worst output max_norm (inf: a NaN/inf the reference lacks)
    double inputError = 0;            // worst input max_norm (0 for model inputs and weights)
    double ownError = 0;              // outputError - inputError (inf where it makes the first NaN/inf)
};

struct PrecisionDebugResult {
    Precision target = Precision::FP16;
    Tolerance tolerance;
    PrecisionDebugMode mode = PrecisionDebugMode::Emulated;
    size_t candidates = 0;               // N
    size_t maxTrials = 0;                // the bound for this N: 2 + ceil(log2 N) + (N - 1), or 1
    size_t builds = 0;                   // engines built (Emulated: 1)
    std::vector<LayerErrorScore> ranking;  // largest own error first (empty when step 1 passed)
    std::vector<PrecisionTrial> trials;
    std::vector<LayerErrorScore> pinned;  // the final set, in ranking order; empty: the target passes as is
    double finalMaxNorm = 0;              // the passing trial's worst output
    // One fp32 override per ONNX node of the pinned layers, in order, each named once.
    std::vector<LayerPrecisionOverride> overrides() const;
};

struct PrecisionDebugCallbacks {
    // (trials run, the bound so far, what runs next); called before each trial.
    std::function<void(size_t done, size_t bound, const std::string& message)> progress;
    // The same moment, with the trial about to run (index, step, pinned layers; not its outcome yet).
    std::function<void(size_t done, size_t bound, const PrecisionTrial& next)> starting;
    std::function<void(const PrecisionTrial&)> trial;  // after each trial
    // After step 1 failed: the candidates ranked (step 3's order), before the next trial runs.
    std::function<void(const std::vector<LayerErrorScore>&)> ranked;
    // Polled before each trial and by the builds; true stops with an ErrorKind::Cancelled error.
    std::function<bool()> cancelled;
};

// Runs the search on `inputSets` (each a full set of the model's inputs; at least one). Throws
// InvalidArgument for a target other than fp16/bf16, an input set that does not match the model
// ("input set 2: ..."), a mode the backend can't run (Emulated off the cpu backend, Built on a
// backend whose kernels compute only fp32), and a tolerance the all-fp32 engine misses.
PrecisionDebugResult debugPrecision(const Graph& model, const BuilderConfig& baseConfig,
                                    const std::vector<TensorMap>& inputSets, const PrecisionDebugOptions& options,
                                    const PrecisionDebugCallbacks& callbacks = {});

// `base` with `pins` appended, each replacing an existing override of the same target.
BuilderConfig configWithOverrides(const BuilderConfig& base, const std::vector<LayerPrecisionOverride>& pins);

// `base` with the result's overrides: an existing override of the same target is replaced, the others
// kept; with Built mode the target precision is also allowed (so a GPU build of it runs the rest in
// the target). What `kiln debug-precision --save-overrides` writes.
BuilderConfig configWithPins(const BuilderConfig& base, const PrecisionDebugResult& result);

}  // namespace kiln
