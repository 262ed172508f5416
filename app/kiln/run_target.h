// What `kiln run` runs: an ONNX model on the reference executor, or a saved engine (detected by its
// magic bytes) on an ExecutionContext. Both look the same to the run command: a graph to bind
// inputs against, a plain run, a profiled run and a keep-every-tensor run.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine_core/builder/engine.h"
#include "engine_core/builder/execution_context.h"
#include "engine_core/onnx/importer.h"
#include "engine_core/runtime/executor.h"
#include "profiler/profile_report.h"

namespace kiln::cli {

// True when the file starts with the engine magic, or is named *.engine / *.plan (so a damaged
// engine file gets the engine loader's error, not an ONNX parse error). Missing files: false.
bool looksLikeEngineFile(const std::string& path);

class RunTarget {
public:
    // Loads a model (importer) or an engine (Engine::load; plugins must be loaded before).
    // profileIndex selects the engine's optimization profile (ignored for models).
    static std::unique_ptr<RunTarget> open(const std::string& path, int profileIndex);

    bool isEngine() const { return engine_ != nullptr; }
    // The graph inputs/outputs are bound against: the model, or the engine's optimized graph.
    const Graph& graph() const;
    const Engine* engine() const { return engine_.get(); }
    const std::vector<Message>& warnings() const { return warnings_; }
    std::string deviceName() const;
    std::string description() const;  // "m.onnx (66 nodes, opset 13)" / "e.engine (48 layers, ...)"
    // Whether runs may split a batch over threads (runtime/batch_split.h); null on non-CPU engines.
    const BatchSplit* batchSplit() const;

    TensorMap run(const TensorMap& inputs) const;
    // Engines: run() goes through a CUDA graph (ExecuteOptions::useCudaGraph).
    void setUseCudaGraph(bool on) { useCudaGraph_ = on; }
    // Engines with device layers: each run()'s device time (trtexec's GPU compute time), in order.
    const std::vector<double>& deviceTimes() const { return deviceTimes_; }
    // The engine's context (null for models).
    const ExecutionContext* context() const { return context_.get(); }
    // Per-layer timings into `profiler` (engine layers, or model nodes).
    TensorMap runProfiled(const TensorMap& inputs, IProfiler& profiler) const;
    // Outputs plus every layer output / intermediate (for concrete shapes in --export-layer-info).
    TensorMap runKeepAll(const TensorMap& inputs) const;

    std::vector<LayerDescription> layers() const;
    std::vector<std::string> bindings() const;  // input then output names
    // Dims for random inputs: --shapes first, else the selected profile's opt shape (engines).
    std::map<std::string, std::vector<int64_t>> defaultShapes(
        const std::map<std::string, std::vector<int64_t>>& given) const;

private:
    std::string path_;
    std::vector<Message> warnings_;
    std::unique_ptr<Graph> model_;
    std::unique_ptr<Executor> executor_;
    std::shared_ptr<const Engine> engine_;
    std::unique_ptr<ExecutionContext> context_;
    bool useCudaGraph_ = false;
    mutable std::vector<double> deviceTimes_;
};

}  // namespace kiln::cli
