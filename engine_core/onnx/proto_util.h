// Internal helpers shared by the importer and tensor_io: quiet protobuf parsing, TensorProto <-> Tensor,
// AttributeProto -> Attribute, TypeProto -> dtype/shape. Not part of the public API.
#pragma once

#include <onnx/onnx_pb.h>

#include <string>

#include "engine_core/common/message.h"
#include "engine_core/ir/attribute.h"
#include "engine_core/ir/shape.h"
#include "engine_core/ir/tensor.h"

namespace kiln::onnx_detail {

// Where EXTERNAL tensor data may come from. An empty baseDir refuses external data.
struct ExternalDataSource {
    std::string baseDir;
    std::string modelName;  // for messages
};

// Reads a whole file (Io error naming it). Refuses files over maxBytes with ResourceLimit.
std::string readFileBytes(const std::string& path, uint64_t maxBytes, const Message& what);

// Refuses (InvalidModel) a tensor whose raw_data length differs from the `bytes` its dims and type need.
void checkRawDataSize(const onnx::TensorProto& proto, const Message& what, uint64_t bytes);

// Refuses (InvalidModel, naming node and attribute) what would crash libonnx 1.12's shape
// inference: conv/pool nodes with a zero stride, mis-sized per-axis attributes or a weight whose rank
// differs from the input's, a shape input longer than 1024 values, a tensor attribute whose raw_data
// does not match its shape (inference_guard.cpp).
void checkBeforeShapeInference(const onnx::GraphProto& graph, const std::string& model);

// Parses serialized protobuf bytes without protobuf logging anything; false on failure.
bool parseProtoQuietly(const std::string& bytes, google::protobuf::MessageLite* message);

// Converts an initializer / attribute / .pb tensor. `what` names it in errors (a Msg::Noun* phrase).
Tensor tensorFromProto(const onnx::TensorProto& proto, const Message& what,
                       const ExternalDataSource* external);
void tensorToProto(const Tensor& tensor, const std::string& name, onnx::TensorProto* out);

// An EXTERNAL tensor's data, resolved and checked: inside source.baseDir (no absolute path, no "..",
// no symlink leading out), existing, and offset/length within the file and matching expectedBytes.
struct ExternalDataLocation {
    std::string location;  // as written in the model
    std::string path;      // resolved
    uint64_t offset = 0;
    uint64_t length = 0;
};
ExternalDataLocation resolveExternalData(const onnx::TensorProto& proto, const Message& what,
                                         const ExternalDataSource& source, uint64_t expectedBytes);
// Bytes the tensor's dims and type need; refuses unsupported types and absurd sizes (naming `what`).
uint64_t tensorProtoByteSize(const onnx::TensorProto& proto, const Message& what);

// Reads the bytes of an EXTERNAL tensor, confined to source.baseDir.
std::string readExternalData(const onnx::TensorProto& proto, const Message& what,
                             const ExternalDataSource& source, uint64_t expectedBytes);

// Graph attributes (If/Loop bodies) are not representable: the caller checks for them first.
Attribute attributeFromProto(const onnx::AttributeProto& proto, const Message& what);

// dtype/shape of a tensor TypeProto; false when the type is not a tensor type.
bool typeFromProto(const onnx::TypeProto& type, DataType* dtype, Shape* shape);

}  // namespace kiln::onnx_detail
