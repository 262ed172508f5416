// Reading and writing tensors as serialized onnx.TensorProto (.pb) and NumPy (.npy) files.
#pragma once

#include <string>

#include "engine_core/ir/tensor.h"

namespace kiln {

struct NamedTensor {
    std::string name;
    Tensor tensor;
};

// .pb (TensorProto, raw or typed fields; external data not allowed here). Errors name the file.
NamedTensor readTensorProtoFile(const std::string& path);
void writeTensorProtoFile(const std::string& path, const Tensor& tensor, const std::string& name);

// .npy version 1/2/3, little-endian, C order. Errors name the file.
Tensor readNpyFile(const std::string& path);
void writeNpyFile(const std::string& path, const Tensor& tensor);

// By extension: .pb or .npy.
NamedTensor readTensorFile(const std::string& path);

}  // namespace kiln
