// LayerProfiler: the IProfiler that keeps every per-layer sample (TensorRT's sampleReporting
// Profiler, with raw samples instead of running sums so medians and percentiles are exact).
//
// A profiled run reports each layer once, in execution order. The profiler groups the reports into
// runs (a run ends when a layer already seen in the current run is reported again), and records
// when each report arrived, so one run can be replayed as a timeline (Chrome trace).
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "engine_core/builder/profiler_interface.h"

namespace kiln {

// One layer execution: its duration and when it ended (ms since the profiler's first report).
struct LayerSample {
    double ms = 0;
    double endMs = 0;
};

struct LayerSamples {
    std::string name;
    std::vector<LayerSample> samples;  // in report order
};

class LayerProfiler : public IProfiler {
public:
    // Thread-safe: several contexts may share one profiler (their runs then interleave, which only
    // the timeline view, not the statistics, cares about).
    void reportLayerTime(const std::string& layerName, float ms) override;

    // Layers in the order they were first reported (execution order).
    std::vector<LayerSamples> layers() const;
    // Complete runs seen: the smallest sample count over the layers.
    size_t runCount() const;
    // Every run, each a list of (layer index into layers(), sample index) in report order.
    struct RunEntry {
        size_t layer;
        size_t sample;
    };
    std::vector<std::vector<RunEntry>> runs() const;
    void reset();
    // Replaces the samples with saved ones (profiler/result_import.h reads them back): `runs` index
    // into `layers`. Throws InvalidArgument when an entry points outside them.
    void restore(std::vector<LayerSamples> layers, std::vector<std::vector<RunEntry>> runs);

private:
    mutable std::mutex mutex_;
    std::vector<LayerSamples> layers_;
    std::map<std::string, size_t> index_;
    std::vector<std::vector<RunEntry>> runs_;
    std::vector<bool> seenInRun_;  // per layer: reported in the current (last) run
    size_t next_ = 0;              // the layer after the last one reported (the likely next report)
    bool started_ = false;
    std::chrono::steady_clock::time_point origin_;
};

}  // namespace kiln
