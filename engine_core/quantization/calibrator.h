// INT8 calibration (TensorRT's IInt8Calibrator): runs the reference executor over the calibration
// batches, histograms |x| of every floating-point activation (graph inputs and every node output,
// through the executor's keepIntermediates hook), and turns each histogram into a dynamic range by
// the chosen algorithm (histogram.h). docs/calibration.md describes the data layout and the cache.
//
// Calibration runs on the model as imported (before the optimizer), so the ranges are keyed by ONNX
// tensor names: a cache stays valid across optimization levels, and an engine keeps the ranges of
// the tensors its layers still read and write.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "engine_core/builder/builder_config.h"
#include "engine_core/ir/graph.h"
#include "engine_core/quantization/calibration_cache.h"

namespace kiln {

struct CalibrationCallbacks {
    // (0, n, "") first, then (i, n, batch folder name) after each of the n batches.
    std::function<void(size_t i, size_t n, const std::string& message)> progress;
    // Polled between batches and between nodes; true stops with Error(Cancelled, Msg::CalibrationCancelled).
    std::function<bool()> cancelled;
};

// Calibrates on settings.dataFolder (at most settings.maxBatches batches when > 0).
CalibrationTable calibrate(const Graph& model, const CalibrationSettings& settings,
                           const CalibrationCallbacks& callbacks = {});

struct CalibrationOutcome {
    CalibrationTable table;
    bool fromCache = false;
    size_t batches = 0;           // batches run (0 when read from the cache)
    bool writeCache = false;      // the caller saves the table to settings.cachePath after its build
    // The same warnings as Messages (the GUI translates them), and as English text, which the
    // builder still copies into BuildReport::warnings (until it takes Messages).
    std::vector<Message> warningMessages;
    std::vector<std::string> warnings;
};

// The builder's policy: an existing cache made by the same algorithm is read and calibration is
// skipped; a cache made by another algorithm is recalibrated over (and rewritten) when there is
// data, else refused; with no cache file, calibrate and write the cache when a path is set.
CalibrationOutcome obtainCalibration(const Graph& model, const CalibrationSettings& settings,
                                     const CalibrationCallbacks& callbacks = {});

}  // namespace kiln
