#include "engine_core/onnx/onnx_types.h"

namespace kiln {

namespace {
// TensorProto.DataType codes (onnx.proto). FLOAT8E4M3FN (17) is newer than libonnx 1.12's enum,
// so the codes are spelled out here rather than taken from the generated header.
enum OnnxCode : int32_t {
    kUndefined = 0,
    kFloat = 1,
    kUInt8 = 2,
    kInt8 = 3,
    kUInt16 = 4,
    kInt16 = 5,
    kInt32 = 6,
    kInt64 = 7,
    kString = 8,
    kBool = 9,
    kFloat16 = 10,
    kDouble = 11,
    kUInt32 = 12,
    kUInt64 = 13,
    kComplex64 = 14,
    kComplex128 = 15,
    kBFloat16 = 16,
    kFloat8E4M3FN = 17,
    kFloat8E4M3FNUZ = 18,
    kFloat8E5M2 = 19,
    kFloat8E5M2FNUZ = 20,
    kUInt4 = 21,
    kInt4 = 22,
};
}  // namespace

std::optional<DataType> dataTypeFromOnnx(int64_t onnxType) {
    switch (onnxType) {
        case kFloat:
            return DataType::Float32;
        case kUInt8:
            return DataType::UInt8;
        case kInt8:
            return DataType::Int8;
        case kUInt16:
            return DataType::UInt16;
        case kInt16:
            return DataType::Int16;
        case kInt32:
            return DataType::Int32;
        case kInt64:
            return DataType::Int64;
        case kString:
            return DataType::String;
        case kBool:
            return DataType::Bool;
        case kFloat16:
            return DataType::Float16;
        case kDouble:
            return DataType::Float64;
        case kUInt32:
            return DataType::UInt32;
        case kUInt64:
            return DataType::UInt64;
        case kBFloat16:
            return DataType::BFloat16;
        case kFloat8E4M3FN:
            return DataType::Float8E4M3;
        default:
            return std::nullopt;
    }
}

int32_t onnxDataTypeOf(DataType type) {
    switch (type) {
        case DataType::Undefined:
            return kUndefined;
        case DataType::Float32:
            return kFloat;
        case DataType::Float16:
            return kFloat16;
        case DataType::BFloat16:
            return kBFloat16;
        case DataType::Float8E4M3:
            return kFloat8E4M3FN;
        case DataType::Float64:
            return kDouble;
        case DataType::Int8:
            return kInt8;
        case DataType::UInt8:
            return kUInt8;
        case DataType::Int16:
            return kInt16;
        case DataType::UInt16:
            return kUInt16;
        case DataType::Int32:
            return kInt32;
        case DataType::UInt32:
            return kUInt32;
        case DataType::Int64:
            return kInt64;
        case DataType::UInt64:
            return kUInt64;
        case DataType::Bool:
            return kBool;
        case DataType::String:
            return kString;
    }
    return kUndefined;
}

std::string onnxDataTypeName(int64_t onnxType) {
    static const char* const names[] = {
        "UNDEFINED",      "FLOAT",      "UINT8",          "INT8",       "UINT16",   "INT16",
        "INT32",          "INT64",      "STRING",         "BOOL",       "FLOAT16",  "DOUBLE",
        "UINT32",         "UINT64",     "COMPLEX64",      "COMPLEX128", "BFLOAT16", "FLOAT8E4M3FN",
        "FLOAT8E4M3FNUZ", "FLOAT8E5M2", "FLOAT8E5M2FNUZ", "UINT4",      "INT4"};
    if (onnxType >= 0 && onnxType < int64_t(sizeof(names) / sizeof(names[0]))) return names[onnxType];
    return "type " + std::to_string(onnxType);
}

}  // namespace kiln
