// Calibration data: the batches a calibrator feeds through the model (docs/calibration.md).
//
//   DIR/test_data_set_*/input_N.pb   the ONNX test-data layout: one batch per folder
//   DIR/input_N.pb                   one batch
//   DIR/*/NAME.npy                   one batch per sub-folder, a file per model input
//   DIR/NAME.npy                     one batch
//
// .pb files bind to the model inputs by their TensorProto names when every file names a distinct
// input, else by position (like `kiln run --test-data`); .npy files bind by file name (the input
// name, or the input name with characters other than [A-Za-z0-9._-] replaced by '_').
// Errors start with "calibration.dataFolder: " and name the folder or file.
#pragma once

#include <string>
#include <vector>

#include "engine_core/ir/graph.h"
#include "engine_core/runtime/executor.h"

namespace kiln {

struct CalibrationBatch {
    std::string dir;                 // the folder holding the batch's files
    std::vector<std::string> files;  // input_N.pb sorted by N, or *.npy sorted by name
    bool npy = false;
};

// Lists the batches (no tensor is read). Sub-folders sort by their trailing number, then by name.
// Throws when the folder is missing or holds no batch.
std::vector<CalibrationBatch> findCalibrationBatches(const std::string& dir);

// Reads one batch and binds it to the model's runtime inputs, checking dtypes and static dims.
TensorMap loadCalibrationBatch(const Graph& model, const CalibrationBatch& batch);

// The checks BuilderConfig::validate runs: the folder has batches and the first one fits the model.
void checkCalibrationData(const Graph& model, const std::string& dir);

}  // namespace kiln
