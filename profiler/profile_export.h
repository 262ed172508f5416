// Profile exports, in the formats existing tools read:
//   exportProfileJson    trtexec --exportProfile: [{"count": N}, {"name", "timeMs", "averageMs",
//                        "medianMs", "percentage"}, ...], so scripts written for trtexec work as is;
//   exportLayerInfoJson  trtexec --exportLayerInfo / the TensorRT engine inspector: {"Layers": [...],
//                        "Bindings": [...]} with inputs/outputs, tactic, precision and provenance;
//   exportChromeTrace    the Chrome trace event format (chrome://tracing, Perfetto): one profiled
//                        run's layers as complete ("X") events.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "profiler/layer_profiler.h"
#include "profiler/profile_report.h"

namespace kiln {

std::string exportProfileJson(const LayerProfileReport& report);

// `bindings`: the engine's input then output tensor names.
std::string exportLayerInfoJson(const std::vector<LayerDescription>& layers,
                                const std::vector<std::string>& bindings);

// The run whose total layer time is the median of all runs (a typical one), or `runIndex` when
// given (>= 0). Throws InvalidArgument when the profiler has no such run.
std::string exportChromeTrace(const std::vector<LayerDescription>& layers, const LayerProfiler& profiler,
                              long runIndex = -1);

// Writes `text` to `path` (truncating); Io error naming the file on failure.
void writeTextFile(const std::string& path, const std::string& text);

}  // namespace kiln
