// The per-layer timing callback (TensorRT's IProfiler). ExecutionContext::execute calls it once per
// layer when a profiler is given; the profiler library (profiler/) implements it and keeps samples.
// Profiled runs time each layer separately, so they are a distinct pass: plain execute() calls carry
// no per-layer timing overhead and give honest end-to-end latency.
#pragma once

#include <string>

namespace kiln {

class IProfiler {
public:
    virtual ~IProfiler() = default;
    // One call per layer per profiled execute(), in execution order. Called on the thread that
    // runs execute(); a profiler shared between contexts on several threads must lock.
    virtual void reportLayerTime(const std::string& layerName, float ms) = 0;
};

}  // namespace kiln
