// Mapping between ONNX's TensorProto.DataType codes and Kiln's DataType. Canonical nodes keep ONNX's
// codes in attributes that name a type (Cast.to, EyeLike.dtype, ...), so kernels use this mapping
// too; the header has no protobuf dependency.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine_core/ir/datatype.h"

namespace kiln {

// nullopt for codes Kiln has no type for (complex, fp8 e5m2, int4, ...).
std::optional<DataType> dataTypeFromOnnx(int64_t onnxType);
// ONNX code of a Kiln type (0 = UNDEFINED).
int32_t onnxDataTypeOf(DataType type);
// "FLOAT", "INT64", ... or "type 99" for unknown codes (for error messages).
std::string onnxDataTypeName(int64_t onnxType);

}  // namespace kiln
