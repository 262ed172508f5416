// Shared by the conformance, model and benchmark programs: reading a folder laid out like an ONNX
// backend test case (model.onnx + test_data_set_N/input_N.pb, output_N.pb), binding its inputs to
// a graph, and comparing tensors the way the ONNX backend test runner does.
#pragma once

#include <string>
#include <vector>

#include "engine_core/onnx/tensor_io.h"
#include "engine_core/runtime/executor.h"

namespace kiln::testing {

struct TestDataSet {
    std::string dir;
    std::vector<NamedTensor> inputs;   // input_0.pb, input_1.pb, ... in graph-input order
    std::vector<NamedTensor> outputs;  // output_0.pb, ... in graph-output order
};

// The test_data_set_* folders of a case, sorted by their number.
std::vector<std::string> listTestDataSets(const std::string& caseDir);
// Reads input_N.pb / output_N.pb for N = 0, 1, ... until the next file is missing.
TestDataSet loadTestDataSet(const std::string& dir);

// The model file of a case folder: model.onnx, else the only *.onnx file. Empty if none.
std::string findModelFile(const std::string& caseDir);

// Binds input_N to the N-th runtime (non-initializer) input of the graph, as the ONNX backend
// test runner does (uint16 data for a bf16 input is taken as bf16 bits). Throws InvalidArgument if there are more files than inputs.
TensorMap bindInputs(const Graph& graph, const std::vector<NamedTensor>& inputs);

// The ONNX test data stores bfloat16 tensors as uint16 bit patterns (numpy has no bfloat16):
// returns the same bits typed bf16 when `wanted` is bf16 and the tensor is uint16, else the tensor.
Tensor bfloat16FromUint16(const Tensor& tensor, DataType wanted);

struct TensorDiff {
    bool pass = true;
    std::string detail;       // first mismatch and counts when !pass; a short summary otherwise
    double maxAbsError = 0;   // over finite elements
    double maxAbsExpected = 0;
};

// allclose: |a - e| <= atol + rtol·|e| for floating types (NaN matches NaN, ±inf must match
// exactly), exact equality for integers and bools. Dtype and shape must match.
TensorDiff compareAllClose(const Tensor& actual, const Tensor& expected, double rtol, double atol);

// Max-normalised error max|a - e| / max|e| (0 when both are all zero); shapes and dtypes must
// match (checked in the detail). NaN in either makes it infinite.
TensorDiff compareMaxNormalised(const Tensor& actual, const Tensor& expected, double tolerance);

}  // namespace kiln::testing
