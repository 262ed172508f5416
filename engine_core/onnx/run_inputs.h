// Input data for a run (`kiln run`, `kiln compare`, `kiln build`'s shape flags, Kiln Studio's
// profiler and accuracy views): ONNX backend test-data folders, explicit --input files, and seeded
// random inputs with --shapes for dynamic dims. Everything that can be wrong with user data is
// checked here, with an error naming the input and the file.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine_core/ir/graph.h"
#include "engine_core/onnx/tensor_io.h"
#include "engine_core/runtime/executor.h"

namespace kiln {

// One test_data_set_N folder: input_K.pb / output_K.pb sorted by K.
struct TestDataSet {
    std::string dir;
    std::vector<std::string> inputFiles;
    std::vector<std::string> outputFiles;
};

// DIR may be a test case folder (holding test_data_set_*), or one test_data_set folder itself.
std::vector<TestDataSet> findTestDataSets(const std::string& dir);

// Reads a data set's inputs and binds them to the graph's runtime inputs: by name when every file
// names a distinct graph input, otherwise by position. Errors name the file.
TensorMap loadTestInputs(const Graph& graph, const TestDataSet& set);
// Expected outputs by graph output name (same binding rule). Errors name the file.
std::vector<std::pair<std::string, Tensor>> loadTestOutputs(const Graph& graph, const TestDataSet& set);

// "name=file.pb" / "name=file.npy" / "file.pb" (name taken from the TensorProto, or the model's
// only input). Returns the bound tensors, checked against the graph declarations.
TensorMap loadInputFiles(const Graph& graph, const std::vector<std::string>& specs);

// The comma-separated items of a flag value, empty ones included ("a,,b" -> a, "", b; "" -> "").
std::vector<std::string> splitCommaList(const std::string& spec);

// --shapes "name:1x3x224x224" (several per flag separated by commas, or repeated).
// `flag` (without "--") names the option in errors.
std::map<std::string, std::vector<int64_t>> parseShapeSpecs(const std::vector<std::string>& specs,
                                                            const std::string& flag = "shapes");

struct ValueRange {
    double low = 0;
    double high = 1;
};
// --val-range "LO,HI" (all inputs) or "name:LO,HI".
std::map<std::string, ValueRange> parseValueRanges(const std::vector<std::string>& specs);

struct RandomInputOptions {
    uint64_t seed = 1;
    std::map<std::string, std::vector<int64_t>> shapes;
    std::map<std::string, ValueRange> ranges;  // "" = default for every input
};

// Fills every runtime input not already in `given` with seeded random data: floats uniform in
// [0, 1), integers in [0, 100), bools 0/1, unless --val-range says otherwise.
void addRandomInputs(const Graph& graph, const RandomInputOptions& options, TensorMap& given);

// The concrete dims for an input: --shapes value checked against the declaration, else the static
// declaration; a dynamic dim without --shapes is an error naming the input and the dim.
std::vector<int64_t> resolveInputDims(const Value& input,
                                      const std::map<std::string, std::vector<int64_t>>& shapes);

// Checks a tensor against an input's declaration; `source` names where it came from (a file).
void checkInputTensor(const Value& input, const Tensor& tensor, const std::string& source);

// Writes DIR/input_K.pb and DIR/output_K.pb (a valid test_data_set folder) plus DIR/<name>.npy.
void saveRunData(const std::string& dir, const Graph& graph, const TensorMap& inputs,
                 const TensorMap& outputs);

}  // namespace kiln
