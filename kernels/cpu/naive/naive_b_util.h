// Small helpers shared by the family B oracle files (naive.h says what the oracle is): index
// arithmetic over row-major dims, element copies by size, and element values read as double (the
// floating kernels compute in double and round once at the end) or as wrapping 64-bit integers (the
// integer products, exact modulo 2^64 and then truncated to the output width, as two's complement
// arithmetic in the output type would give).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "engine_core/runtime/kernel.h"
#include "kernels/cpu/naive/naive.h"

namespace kiln::naive {

inline std::vector<int64_t> rowMajorStrides(const std::vector<int64_t>& dims) {
    std::vector<int64_t> s(dims.size(), 1);
    for (size_t i = dims.size(); i-- > 1;) s[i - 1] = s[i] * dims[i];
    return s;
}

// The multi-index of flat position `flat` in a row-major tensor of `dims`.
inline std::vector<int64_t> unravel(int64_t flat, const std::vector<int64_t>& dims) {
    std::vector<int64_t> idx(dims.size(), 0);
    for (size_t i = dims.size(); i-- > 0;) {
        idx[i] = flat % dims[i];
        flat /= dims[i];
    }
    return idx;
}

inline int64_t flatOffset(const std::vector<int64_t>& idx, const std::vector<int64_t>& strides) {
    int64_t off = 0;
    for (size_t i = 0; i < idx.size(); ++i) off += idx[i] * strides[i];
    return off;
}

// Offset into an operand of `operandDims` (right-aligned, each dim equal to the output's or 1) of the
// element that broadcasts to output multi-index `outIdx`.
inline int64_t broadcastOffset(const std::vector<int64_t>& outIdx, const std::vector<int64_t>& operandDims) {
    const size_t lead = outIdx.size() - operandDims.size();
    int64_t off = 0;
    for (size_t i = 0; i < operandDims.size(); ++i) off = off * operandDims[i] + (operandDims[i] == 1 ? 0 : outIdx[lead + i]);
    return off;
}

// NumPy broadcasting of two shapes; false when they are incompatible.
inline bool broadcastShapes(const std::vector<int64_t>& a, const std::vector<int64_t>& b, std::vector<int64_t>& out) {
    const size_t r = a.size() > b.size() ? a.size() : b.size();
    out.assign(r, 1);
    for (size_t i = 0; i < r; ++i) {
        const int64_t da = i + a.size() < r ? 1 : a[i + a.size() - r];
        const int64_t db = i + b.size() < r ? 1 : b[i + b.size() - r];
        if (da != db && da != 1 && db != 1) return false;
        out[i] = da == 1 ? db : da;
    }
    return true;
}

// dst[di] = src[si], one element of the (same) dtype, moved as bytes.
inline void copyElement(Tensor& dst, int64_t di, const Tensor& src, int64_t si) {
    const size_t es = dataTypeSize(src.dtype());
    std::memcpy(static_cast<uint8_t*>(dst.raw()) + size_t(di) * es, static_cast<const uint8_t*>(src.raw()) + size_t(si) * es,
                es);
}

inline std::vector<double> toDoubles(const Tensor& t) {
    std::vector<double> v(static_cast<size_t>(t.numel()));
    for (int64_t i = 0; i < t.numel(); ++i) v[size_t(i)] = t.scalarAsDouble(i);
    return v;
}


// Writes v into element i of a floating tensor, rounded once to its dtype; integer dtypes take
// values that are already integral (max pooling of int8, say).
inline void storeDouble(Tensor& t, int64_t i, double v) {
    void* p = t.raw();
    switch (t.dtype()) {
        case DataType::Float32: static_cast<float*>(p)[i] = float(v); return;
        case DataType::Float64: static_cast<double*>(p)[i] = v; return;
        case DataType::Float16: static_cast<uint16_t*>(p)[i] = floatToHalf(roundToOddFloat(v)); return;
        case DataType::BFloat16: static_cast<uint16_t*>(p)[i] = floatToBfloat16(roundToOddFloat(v)); return;
        case DataType::Int8: static_cast<int8_t*>(p)[i] = int8_t(v); return;
        case DataType::UInt8: static_cast<uint8_t*>(p)[i] = uint8_t(v); return;
        case DataType::Int16: static_cast<int16_t*>(p)[i] = int16_t(v); return;
        case DataType::UInt16: static_cast<uint16_t*>(p)[i] = uint16_t(v); return;
        case DataType::Int32: static_cast<int32_t*>(p)[i] = int32_t(v); return;
        case DataType::UInt32: static_cast<uint32_t*>(p)[i] = uint32_t(v); return;
        case DataType::Int64: static_cast<int64_t*>(p)[i] = int64_t(v); return;
        case DataType::UInt64: static_cast<uint64_t*>(p)[i] = uint64_t(v); return;
        case DataType::Bool: static_cast<bool*>(p)[i] = v != 0.0; return;
        case DataType::Float8E4M3: static_cast<uint8_t*>(p)[i] = floatToFloat8e4m3(roundToOddFloat(v)); return;
        case DataType::Undefined:
        case DataType::String: break;
    }
    fail(ErrorKind::Internal, "naive kernel: cannot store a number into a ", dataTypeName(t.dtype()), " tensor");
}

inline void storeDoubles(Tensor& t, const std::vector<double>& v) {
    for (int64_t i = 0; i < t.numel(); ++i) storeDouble(t, i, v[size_t(i)]);
}

inline bool isWrappingInteger(DataType t) {
    return t == DataType::Int8 || t == DataType::UInt8 || t == DataType::Int16 || t == DataType::UInt16 ||
           t == DataType::Int32 || t == DataType::UInt32 || t == DataType::Int64 || t == DataType::UInt64;
}

// Element i of an integer tensor as its value modulo 2^64 (sign-extended for signed types).
inline uint64_t wrappedAt(const Tensor& t, int64_t i) {
    const void* p = t.raw();
    switch (t.dtype()) {
        case DataType::Int8: return uint64_t(int64_t(static_cast<const int8_t*>(p)[i]));
        case DataType::UInt8: return static_cast<const uint8_t*>(p)[i];
        case DataType::Int16: return uint64_t(int64_t(static_cast<const int16_t*>(p)[i]));
        case DataType::UInt16: return static_cast<const uint16_t*>(p)[i];
        case DataType::Int32: return uint64_t(int64_t(static_cast<const int32_t*>(p)[i]));
        case DataType::UInt32: return static_cast<const uint32_t*>(p)[i];
        case DataType::Int64: return uint64_t(static_cast<const int64_t*>(p)[i]);
        case DataType::UInt64: return static_cast<const uint64_t*>(p)[i];
        case DataType::Undefined:
        case DataType::Float32:
        case DataType::Float16:
        case DataType::BFloat16:
        case DataType::Float8E4M3:
        case DataType::Float64:
        case DataType::Bool:
        case DataType::String: break;
    }
    fail(ErrorKind::Internal, "naive kernel: ", dataTypeName(t.dtype()), " is not an integer type");
}

// Stores v modulo 2^(8 * element size): the low bits, as two's complement arithmetic would leave them.
inline void storeWrapped(Tensor& t, int64_t i, uint64_t v) {
    void* p = t.raw();
    switch (t.dtype()) {
        case DataType::Int8:
        case DataType::UInt8: static_cast<uint8_t*>(p)[i] = uint8_t(v); return;
        case DataType::Int16:
        case DataType::UInt16: static_cast<uint16_t*>(p)[i] = uint16_t(v); return;
        case DataType::Int32:
        case DataType::UInt32: static_cast<uint32_t*>(p)[i] = uint32_t(v); return;
        case DataType::Int64:
        case DataType::UInt64: static_cast<uint64_t*>(p)[i] = v; return;
        case DataType::Undefined:
        case DataType::Float32:
        case DataType::Float16:
        case DataType::BFloat16:
        case DataType::Float8E4M3:
        case DataType::Float64:
        case DataType::Bool:
        case DataType::String: break;
    }
    fail(ErrorKind::Internal, "naive kernel: ", dataTypeName(t.dtype()), " is not an integer type");
}

inline std::vector<uint64_t> toWrapped(const Tensor& t) {
    std::vector<uint64_t> v(static_cast<size_t>(t.numel()));
    for (int64_t i = 0; i < t.numel(); ++i) v[size_t(i)] = wrappedAt(t, i);
    return v;
}

// A 1-D (or scalar) int64/int32 input as int64 values.
inline std::vector<int64_t> intsInput(const KernelContext& ctx, size_t i, const char* what) {
    const Tensor& t = ctx.input(i);
    if (t.dtype() != DataType::Int64 && t.dtype() != DataType::Int32)
        ctx.fail(ErrorKind::InvalidArgument, "input '", what, "' must be int64 or int32, got ", t.describe());
    if (t.rank() > 1) ctx.fail(ErrorKind::InvalidArgument, "input '", what, "' must be 1-D, got ", t.describe());
    return t.toInt64Vector();
}

// axis in [-rank, rank) made non-negative; otherwise a failure of `kind` naming it.
inline int64_t normalizeAxis(const KernelContext& ctx, int64_t axis, int64_t rank, ErrorKind kind = ErrorKind::InvalidArgument) {
    if (axis < -rank || axis >= rank) ctx.fail(kind, "axis ", axis, " is out of range for rank ", rank);
    return axis < 0 ? axis + rank : axis;
}

inline int64_t floorDivide(int64_t a, int64_t b) {
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}
inline int64_t ceilDivide(int64_t a, int64_t b) { return -floorDivide(-a, b); }

}  // namespace kiln::naive

namespace kiln::naive {

// ---- Computations shared by the family B files --------------------------------------------------

// A result computed in double, before it is rounded to the output dtype.
struct DoubleResult {
    std::vector<int64_t> dims;
    std::vector<double> values;
};

// The geometry of a forward sliding window (Conv and the pooling ops), per spatial dim, following the
// output-size formulas of the ONNX Conv and MaxPool/AveragePool specs. conv.cpp.
struct ForwardWindow {
    std::vector<int64_t> in, kernel, out, stride, dilation, padBegin, padEnd;
};
// kernel: the kernel's spatial dims (Conv: W's, pooling: kernel_shape); ceilMode only for pooling.
ForwardWindow forwardWindow(const KernelContext& ctx, const std::vector<int64_t>& inSpatial,
                            const std::vector<int64_t>& kernel, bool ceilMode);

// Conv of ctx's inputs X, W, B? (inputs 0..2) with its attributes, in double. conv.cpp.
DoubleResult convInDouble(const KernelContext& ctx);
// MatMul (NumPy semantics) of A and B, in double. matmul.cpp.
DoubleResult matMulInDouble(const KernelContext& ctx, const Tensor& A, const Tensor& B);
// alpha * op(A) * op(B) (+ beta * C when C is given) with ctx's transA/transB/alpha/beta, in double.
// matmul.cpp.
DoubleResult gemmInDouble(const KernelContext& ctx, const Tensor& A, const Tensor& B, const Tensor* C);

}  // namespace kiln::naive
