// ExecutionContext: runs an Engine (TensorRT's IExecutionContext). Create several per engine, one per
// thread: the engine is shared and immutable, a context holds only its selected profile. Input shapes
// are given per call and must lie within the selected optimization profile.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "engine_core/builder/engine.h"
#include "engine_core/builder/profiler_interface.h"
#include "engine_core/runtime/executor.h"  // TensorMap

namespace kiln {

struct ExecuteOptions {
    // Per-layer timings go here (a profiling pass: each layer is timed on its own).
    IProfiler* profiler = nullptr;
    // Return every layer's outputs too, keyed by tensor name. A fused layer's output is named after
    // the original ONNX tensor it replaces, so these compare 1:1 with the reference executor's
    // intermediates (RunOptions::keepIntermediates) without marking anything as an output.
    bool keepLayerOutputs = false;
    // Polled between layers; true stops the run with an error saying it was cancelled.
    std::function<bool()> cancelled;
    // On CPU engines, run a batch as one sub-batch per thread when the engine keeps samples apart
    // (runtime/batch_split.h); off with a profiler or keepLayerOutputs, and with KILN_BATCH_SPLIT=0.
    bool batchSplit = true;
};

class ExecutionContext {
public:
    explicit ExecutionContext(std::shared_ptr<const Engine> engine);

    const Engine& engine() const { return *engine_; }

    // Selects the optimization profile used to check input shapes (default 0). Throws InvalidArgument
    // for an index outside [0, profiles).
    void setOptimizationProfile(int index);
    int optimizationProfile() const { return profile_; }

    // Checks the inputs (names, dtypes, ranks, the selected profile's [min, max] per dim: the error
    // names the input, its shape and the profile's min/max), runs every layer and returns the
    // engine's outputs by name (plus the layer outputs when options.keepLayerOutputs).
    TensorMap execute(const TensorMap& inputs, IProfiler* profiler = nullptr) const;
    TensorMap execute(const TensorMap& inputs, const ExecuteOptions& options) const;

private:
    void checkInputs(const TensorMap& inputs) const;
    TensorMap executeWhole(const TensorMap& inputs, const ExecuteOptions& options) const;

    std::shared_ptr<const Engine> engine_;
    int profile_ = 0;
};

}  // namespace kiln
