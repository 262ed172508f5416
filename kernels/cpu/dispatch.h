// Small helpers shared by the CPU reference kernels: dispatch on an element type to a C++ type,
// widening the storage-only float formats (fp16, bf16, fp8) to fp32 and back, and axis checks.
// Kept header-only and stable: several op-family files include it.
#pragma once

#include <cstdint>
#include <limits>
#include <type_traits>
#include <span>
#include <vector>

#include "engine_core/runtime/kernel.h"

namespace kiln::cpu {

// fp16, bf16 and fp8e4m3 have no C++ arithmetic type here: kernels widen them to fp32, compute,
// and narrow the result (the reference path favours one code path over speed for these).
inline bool isStorageFloat(DataType t) {
    return t == DataType::Float16 || t == DataType::BFloat16 || t == DataType::Float8E4M3;
}

// Calls fn(T{}) with the C++ element type of `t` (float, double, the integer types, bool).
// Returns false, without calling fn, for the storage-only floats, String and Undefined.
template <typename Fn>
bool visitType(DataType t, Fn&& fn) {
    switch (t) {
        case DataType::Float32: fn(float{}); return true;
        case DataType::Float64: fn(double{}); return true;
        case DataType::Int8: fn(int8_t{}); return true;
        case DataType::UInt8: fn(uint8_t{}); return true;
        case DataType::Int16: fn(int16_t{}); return true;
        case DataType::UInt16: fn(uint16_t{}); return true;
        case DataType::Int32: fn(int32_t{}); return true;
        case DataType::UInt32: fn(uint32_t{}); return true;
        case DataType::Int64: fn(int64_t{}); return true;
        case DataType::UInt64: fn(uint64_t{}); return true;
        case DataType::Bool: fn(bool{}); return true;
        case DataType::Float16:
        case DataType::BFloat16:
        case DataType::Float8E4M3:
        case DataType::String:
        case DataType::Undefined: return false;
    }
    return false;
}

// Element i of a storage-only float tensor as float, and the reverse (round to nearest even;
// fp8 saturates).
inline float storageToFloat(DataType t, const void* data, int64_t i) {
    switch (t) {
        case DataType::Float16: return halfToFloat(static_cast<const uint16_t*>(data)[i]);
        case DataType::BFloat16: return bfloat16ToFloat(static_cast<const uint16_t*>(data)[i]);
        case DataType::Float8E4M3: return float8e4m3ToFloat(static_cast<const uint8_t*>(data)[i]);
        default: return 0.0f;
    }
}
inline void floatToStorage(DataType t, float v, void* data, int64_t i) {
    switch (t) {
        case DataType::Float16: static_cast<uint16_t*>(data)[i] = floatToHalf(v); break;
        case DataType::BFloat16: static_cast<uint16_t*>(data)[i] = floatToBfloat16(v); break;
        case DataType::Float8E4M3: static_cast<uint8_t*>(data)[i] = floatToFloat8e4m3(v); break;
        default: break;
    }
}

// A storage-only float tensor widened to fp32 (other tensors are returned as they are).
inline Tensor widenToFloat32(const Tensor& t) {
    if (!isStorageFloat(t.dtype())) return t;
    Tensor out(DataType::Float32, t.dims());
    float* o = out.data<float>();
    for (int64_t i = 0; i < t.numel(); ++i) o[i] = storageToFloat(t.dtype(), t.raw(), i);
    return out;
}

// The same without a copy when there is nothing to widen: t itself, else the fp32 copy in `holder`.
// (Copying a Tensor copies its dims: a kernel that must not allocate reads through this.)
inline const Tensor& widenedToFloat32(const Tensor& t, Tensor& holder) {
    if (!isStorageFloat(t.dtype())) return t;
    holder = widenToFloat32(t);
    return holder;
}

// An fp32 tensor narrowed to `dtype` (a storage-only float); returned as is for Float32.
inline Tensor narrowFromFloat32(const Tensor& t, DataType dtype) {
    if (dtype == DataType::Float32) return t;
    Tensor out(dtype, t.dims());
    const float* in = t.data<float>();
    for (int64_t i = 0; i < t.numel(); ++i) floatToStorage(dtype, in[i], out.raw(), i);
    return out;
}

// Normalizes a possibly negative axis into [0, rank); fails naming the node and `what`.
inline int64_t normalizeAxis(const KernelContext& ctx, int64_t axis, int64_t rank, const char* what = "axis") {
    if (axis < -rank || axis >= rank || rank == 0)
        ctx.fail(ErrorKind::InvalidModel, what, " ", axis, " is out of range for rank ", rank);
    return axis < 0 ? axis + rank : axis;
}

// Product of dims[begin, end).
inline int64_t dimProduct(std::span<const int64_t> dims, size_t begin, size_t end) {
    int64_t p = 1;
    for (size_t i = begin; i < end && i < dims.size(); ++i) p *= dims[i];
    return p;
}

// double → integer type T without undefined behaviour: NaN becomes 0 and out-of-range values
// saturate (C++ leaves both undefined; ONNX leaves them implementation-defined).
template <typename T>
T saturatingCast(double v) {
    if constexpr (std::is_same_v<T, bool>) {
        return v != 0.0;
    } else if constexpr (std::is_floating_point_v<T>) {
        return static_cast<T>(v);
    } else {
        if (v != v) return T(0);
        constexpr double lo = double(std::numeric_limits<T>::min());
        constexpr double hi = double(std::numeric_limits<T>::max());
        if (v <= lo) return std::numeric_limits<T>::min();
        if (v >= hi) return std::numeric_limits<T>::max();  // hi may round up past max: >= catches it
        return static_cast<T>(v);
    }
}

}  // namespace kiln::cpu
