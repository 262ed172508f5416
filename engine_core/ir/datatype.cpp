#include "engine_core/ir/datatype.h"

#include <cmath>
#include <cstring>

namespace kiln {

size_t dataTypeSize(DataType type) {
    switch (type) {
        case DataType::Undefined: return 0;
        case DataType::Float32: return 4;
        case DataType::Float16: return 2;
        case DataType::BFloat16: return 2;
        case DataType::Float8E4M3: return 1;
        case DataType::Float64: return 8;
        case DataType::Int8: return 1;
        case DataType::UInt8: return 1;
        case DataType::Int16: return 2;
        case DataType::UInt16: return 2;
        case DataType::Int32: return 4;
        case DataType::UInt32: return 4;
        case DataType::Int64: return 8;
        case DataType::UInt64: return 8;
        case DataType::Bool: return 1;
        case DataType::String: return 0;
    }
    return 0;
}

std::string_view dataTypeName(DataType type) {
    switch (type) {
        case DataType::Undefined: return "undefined";
        case DataType::Float32: return "fp32";
        case DataType::Float16: return "fp16";
        case DataType::BFloat16: return "bf16";
        case DataType::Float8E4M3: return "fp8e4m3";
        case DataType::Float64: return "fp64";
        case DataType::Int8: return "int8";
        case DataType::UInt8: return "uint8";
        case DataType::Int16: return "int16";
        case DataType::UInt16: return "uint16";
        case DataType::Int32: return "int32";
        case DataType::UInt32: return "uint32";
        case DataType::Int64: return "int64";
        case DataType::UInt64: return "uint64";
        case DataType::Bool: return "bool";
        case DataType::String: return "string";
    }
    return "undefined";
}

std::optional<DataType> parseDataType(std::string_view name) {
    static constexpr DataType all[] = {
        DataType::Float32, DataType::Float16, DataType::BFloat16, DataType::Float8E4M3,
        DataType::Float64, DataType::Int8,    DataType::UInt8,    DataType::Int16,
        DataType::UInt16,  DataType::Int32,   DataType::UInt32,   DataType::Int64,
        DataType::UInt64,  DataType::Bool,    DataType::String};
    for (DataType t : all)
        if (dataTypeName(t) == name) return t;
    if (name == "float" || name == "float32") return DataType::Float32;
    if (name == "half" || name == "float16") return DataType::Float16;
    if (name == "bfloat16") return DataType::BFloat16;
    if (name == "double" || name == "float64") return DataType::Float64;
    return std::nullopt;
}

bool isFloatingPoint(DataType type) {
    return type == DataType::Float32 || type == DataType::Float16 || type == DataType::BFloat16 ||
           type == DataType::Float8E4M3 || type == DataType::Float64;
}

bool isInteger(DataType type) {
    switch (type) {
        case DataType::Int8: case DataType::UInt8: case DataType::Int16: case DataType::UInt16:
        case DataType::Int32: case DataType::UInt32: case DataType::Int64: case DataType::UInt64:
            return true;
        default: return false;
    }
}

bool isSigned(DataType type) {
    return isFloatingPoint(type) || type == DataType::Int8 || type == DataType::Int16 ||
           type == DataType::Int32 || type == DataType::Int64;
}

static uint32_t floatBits(float f) {
    uint32_t u;
    std::memcpy(&u, &f, 4);
    return u;
}
static float bitsFloat(uint32_t u) {
    float f;
    std::memcpy(&f, &u, 4);
    return f;
}

float halfToFloat(uint16_t h) {
    uint32_t sign = uint32_t(h & 0x8000) << 16;
    uint32_t exp = (h >> 10) & 0x1f;
    uint32_t mant = h & 0x3ff;
    if (exp == 0) {
        if (mant == 0) return bitsFloat(sign);
        float v = std::ldexp(float(mant), -24);  // subnormal
        return sign ? -v : v;
    }
    if (exp == 31) return bitsFloat(sign | 0x7f800000u | (mant << 13));
    return bitsFloat(sign | ((exp + 112) << 23) | (mant << 13));
}

uint16_t floatToHalf(float f) {
    uint32_t u = floatBits(f);
    uint16_t sign = uint16_t((u >> 16) & 0x8000);
    uint32_t absu = u & 0x7fffffffu;
    if (absu >= 0x7f800000u) return uint16_t(sign | 0x7c00 | (absu > 0x7f800000u ? 0x200 : 0));
    if (absu >= 0x477ff000u) return uint16_t(sign | 0x7c00);  // rounds to infinity
    if (absu < 0x38800000u) {                                  // subnormal half or zero
        float a = bitsFloat(absu);
        float scaled = a * 16777216.0f;  // 2^24
        uint32_t m = uint32_t(std::nearbyint(scaled));
        return uint16_t(sign | m);
    }
    uint32_t mant = absu & 0x7fffff;
    uint32_t exp = (absu >> 23) - 112;
    uint32_t half = (exp << 10) | (mant >> 13);
    uint32_t rest = mant & 0x1fff;
    if (rest > 0x1000 || (rest == 0x1000 && (half & 1))) half++;
    return uint16_t(sign | half);
}

float bfloat16ToFloat(uint16_t bits) { return bitsFloat(uint32_t(bits) << 16); }

uint16_t floatToBfloat16(float f) {
    uint32_t u = floatBits(f);
    if ((u & 0x7fffffffu) > 0x7f800000u) return uint16_t((u >> 16) | 0x40);  // quiet NaN
    uint32_t rounding = 0x7fff + ((u >> 16) & 1);
    return uint16_t((u + rounding) >> 16);
}

float float8e4m3ToFloat(uint8_t b) {
    uint32_t sign = b & 0x80;
    uint32_t exp = (b >> 3) & 0xf;
    uint32_t mant = b & 0x7;
    if (exp == 0xf && mant == 0x7) return std::nanf("");
    float v;
    if (exp == 0) v = std::ldexp(float(mant), -9);
    else v = std::ldexp(1.0f + float(mant) / 8.0f, int(exp) - 7);
    return sign ? -v : v;
}

uint8_t floatToFloat8e4m3(float f) {
    if (std::isnan(f)) return 0x7f;
    uint8_t sign = std::signbit(f) ? 0x80 : 0;
    float a = std::fabs(f);
    if (a >= 448.0f) return uint8_t(sign | 0x7e);  // saturate to the largest finite value
    // Try every magnitude code; 127 codes is cheap and exact (this is not a hot path).
    uint8_t best = 0;
    float bestErr = a;
    for (uint8_t code = 1; code < 0x7f; ++code) {
        float err = std::fabs(float8e4m3ToFloat(code) - a);
        if (err < bestErr || (err == bestErr && (code & 1) == 0 && (best & 1) == 1)) {
            best = code;
            bestErr = err;
        }
    }
    return uint8_t(sign | best);
}

}  // namespace kiln
