// ExecutionContext: runs an Engine (TensorRT's IExecutionContext). Create several per engine, one per
// thread: the engine is shared and immutable; a context holds its selected profile and its own
// memory: one arena per device, sized by the engine's memory plan for that profile and allocated
// when the context is made (or the profile changes). Input shapes are given per call and must lie
// within the selected optimization profile. A run through bound tensors (setTensor + enqueue)
// allocates nothing; execute() allocates only the outputs it returns.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "engine_core/builder/engine.h"
#include "engine_core/builder/profiler_interface.h"
#include "engine_core/runtime/executor.h"  // TensorMap
#include "engine_core/runtime/program.h"   // CapturedSegment

namespace kiln {

struct ExecuteOptions {
    // Per-layer timings go here (a profiling pass: each layer is timed through its backend's timer
    // and waits for its device).
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
    // Run the device layers through a CUDA graph (kiln run --use-cuda-graph): the first run with
    // given input shapes runs as usual, the second captures them into a graph, later ones replay
    // it; new shapes capture again. Refused (Unsupported, saying why) for engines without device
    // layers or with host layers between them; not with a profiler or keepLayerOutputs.
    bool useCudaGraph = false;
    // When set, receives the time of the run's device layers in ms (the device's timer around
    // them, no wait in between: trtexec's "GPU compute time"); 0 for engines without device layers.
    double* deviceMs = nullptr;
};

class ExecutionContext {
public:
    explicit ExecutionContext(std::shared_ptr<const Engine> engine);
    ~ExecutionContext();

    const Engine& engine() const { return *engine_; }

    // Selects the optimization profile used to check input shapes (default 0) and sizes the
    // context's memory for it. Throws InvalidArgument for an index outside [0, profiles).
    void setOptimizationProfile(int index);
    int optimizationProfile() const { return profile_; }
    // The bytes this context holds for activations and scratch (all devices).
    uint64_t memoryBytes() const;

    // The allocation-free path (TensorRT's setTensorAddress + enqueueV3): bind every input and
    // output once, then enqueue as often as wanted. An input is read by each run; an output is
    // written into the bound tensor, which must be on the host and have the output's shape for
    // the bound inputs. Binding checks like execute() does (names, dtypes, the profile's range).
    void setTensor(const std::string& name, const Tensor& tensor);
    void clearTensors();
    void enqueue(const ExecuteOptions& options = {});
    // Allocations the last run made because a tensor did not fit its planned block (0 when the plan
    // covers the run).
    size_t lastRunSpills() const { return spills_; }
    // CUDA graph use so far (captures, replays) by runs with useCudaGraph.
    size_t graphCaptures() const { return graph_.captures; }
    size_t graphReplays() const { return graph_.replays; }

    // Checks the inputs (names, dtypes, ranks, the selected profile's [min, max] per dim: the error
    // names the input, its shape and the profile's min/max), runs every layer and returns the
    // engine's outputs by name (plus the layer outputs when options.keepLayerOutputs).
    TensorMap execute(const TensorMap& inputs, IProfiler* profiler = nullptr) const;
    TensorMap execute(const TensorMap& inputs, const ExecuteOptions& options) const;

private:
    void checkInput(const Value& v, const Tensor& t) const;
    void checkInputs(const TensorMap& inputs) const;
    TensorMap executeWhole(const TensorMap& inputs, const ExecuteOptions& options) const;
    void run(RunState& state, const ExecuteOptions& options, TensorMap* layerOutputs) const;

    std::shared_ptr<const Engine> engine_;
    int profile_ = 0;
    // The planned run state: one run at a time (a context is for one thread; the lock makes misuse
    // safe, not concurrent).
    mutable std::mutex mutex_;
    mutable std::unique_ptr<RunState> state_;
    mutable size_t spills_ = 0;
    mutable CapturedSegment graph_;  // the device layers captured for state_ (useCudaGraph)
    std::map<std::string, Tensor> bound_;
};

}  // namespace kiln
