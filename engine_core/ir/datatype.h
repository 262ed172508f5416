// Element types of Kiln tensors. The numbering is Kiln's own; the ONNX importer maps
// TensorProto::DataType onto it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kiln {

enum class DataType : uint8_t {
    Undefined,
    Float32,
    Float16,
    BFloat16,
    Float8E4M3,  // e4m3fn: no infinities, one NaN pattern per sign
    Float64,
    Int8,
    UInt8,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Bool,
    String,
};

size_t dataTypeSize(DataType type);       // bytes per element; 0 for Undefined and String
std::string_view dataTypeName(DataType type);  // "fp32", "int64", ...
std::optional<DataType> parseDataType(std::string_view name);
bool isFloatingPoint(DataType type);
bool isInteger(DataType type);  // signed or unsigned, not bool
bool isSigned(DataType type);

// Scalar conversions for the storage-only float formats.
float halfToFloat(uint16_t bits);
uint16_t floatToHalf(float value);  // round to nearest even
float bfloat16ToFloat(uint16_t bits);
uint16_t floatToBfloat16(float value);  // round to nearest even
float float8e4m3ToFloat(uint8_t bits);
uint8_t floatToFloat8e4m3(float value);  // round to nearest even, saturating

template <typename T>
constexpr DataType dataTypeOf();
template <> constexpr DataType dataTypeOf<float>() { return DataType::Float32; }
template <> constexpr DataType dataTypeOf<double>() { return DataType::Float64; }
template <> constexpr DataType dataTypeOf<int8_t>() { return DataType::Int8; }
template <> constexpr DataType dataTypeOf<uint8_t>() { return DataType::UInt8; }
template <> constexpr DataType dataTypeOf<int16_t>() { return DataType::Int16; }
template <> constexpr DataType dataTypeOf<uint16_t>() { return DataType::UInt16; }
template <> constexpr DataType dataTypeOf<int32_t>() { return DataType::Int32; }
template <> constexpr DataType dataTypeOf<uint32_t>() { return DataType::UInt32; }
template <> constexpr DataType dataTypeOf<int64_t>() { return DataType::Int64; }
template <> constexpr DataType dataTypeOf<uint64_t>() { return DataType::UInt64; }
template <> constexpr DataType dataTypeOf<bool>() { return DataType::Bool; }

}  // namespace kiln
