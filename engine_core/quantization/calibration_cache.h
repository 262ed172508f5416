// The calibration table (tensor name -> dynamic range) and its cache file, a text file in the
// spirit of TensorRT's calibration cache (docs/calibration.md):
//
//   KILN-CALIB-1 entropy
//   input: 3f800000
//   /conv1/Conv_output_0: 40a1b2c3
//
// The header names the algorithm ("minmax", "entropy", "percentile-99.99"); each line is a tensor
// name, ": ", and its amax as the hex digits of the IEEE-754 float32 bits (exact round trip).
// Lines are sorted by tensor name, so a cache is deterministic.
#pragma once

#include <cstddef>
#include <map>
#include <string>

#include "engine_core/builder/builder_config.h"

namespace kiln {

struct CalibrationTable {
    std::string algorithm;               // calibratorTag(): "" when the engine was not calibrated
    std::map<std::string, float> ranges;  // tensor name -> amax (>= 0)
    bool empty() const { return ranges.empty(); }
    bool operator==(const CalibrationTable&) const = default;
};

// "minmax", "entropy", "percentile-99.99": what the cache header and the engine record.
std::string calibratorTag(const CalibrationSettings& settings);

std::string calibrationCacheText(const CalibrationTable& table);
// Errors name `source` and the line: "calib.cache:3: expected 'NAME: HEX'".
CalibrationTable parseCalibrationCache(const std::string& text, const std::string& source);
CalibrationTable loadCalibrationCache(const std::string& path);
// Temp file + rename: a failed write leaves the old cache.
void saveCalibrationCache(const CalibrationTable& table, const std::string& path);

}  // namespace kiln
