// The oracle: plain, naive CPU kernels, one file per op family, that every other backend (the
// optimized CPU kernels in kernels/cpu/*.cpp, CUDA, later INT8/FP16) is tested against. Straight
// index loops, no intrinsics, BLAS or threads, and nothing from kernels/cpu/*.{h,cpp}; floats are
// computed in double and rounded to the output type once. They register into their own
// KernelRegistry (the "oracle" backend's), never into the CPU backend's. (ncnn keeps src/layer/ apart from
// src/layer/x86/ the same way.)
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>
#include <vector>

#include "engine_core/ir/shape.h"
#include "engine_core/runtime/kernel.h"

namespace kiln::naive {

// ---- Family A registration (one function per file) ----
void registerNaiveElementwiseKernels(KernelRegistry& registry);        // elementwise.cpp: unary math
void registerNaiveElementwiseBinaryKernels(KernelRegistry& registry);  // elementwise_binary.cpp
void registerNaiveActivationKernels(KernelRegistry& registry);         // activations.cpp
void registerNaiveCastKernels(KernelRegistry& registry);               // cast.cpp: Cast, CastLike
void registerNaiveNormalizationKernels(KernelRegistry& registry);      // normalization.cpp
void registerNaiveSoftmaxKernels(KernelRegistry& registry);            // softmax.cpp
void registerNaiveReduceKernels(KernelRegistry& registry);             // reduce.cpp: Reduce*, Arg*, CumSum, TopK
void registerNaiveFusedKernels(KernelRegistry& registry);              // fused.cpp: kiln::Pointwise, kiln::Attention
// All of family A (register_a.cpp).
void registerNaiveKernelsA(KernelRegistry& registry);

// ---- Family B registration (one function per file) ----
void registerNaiveConvKernels(KernelRegistry& registry);          // conv.cpp: Conv, ConvTranspose
void registerNaiveMatMulKernels(KernelRegistry& registry);        // matmul.cpp: Gemm, MatMul
void registerNaiveEinsumKernels(KernelRegistry& registry);        // einsum.cpp
void registerNaivePoolKernels(KernelRegistry& registry);          // pool.cpp: *Pool, Global*Pool
// shape_ops.cpp: Constant, ConstantOfShape, Dropout, Expand, Flatten, Identity, Range, Reshape, Shape,
// Size, Squeeze, Transpose, Unsqueeze.
void registerNaiveShapeKernels(KernelRegistry& registry);
void registerNaiveGatherScatterKernels(KernelRegistry& registry);  // gather_scatter.cpp: Gather*, Scatter*
void registerNaivePadResizeKernels(KernelRegistry& registry);      // pad_resize.cpp: Pad, Resize
void registerNaiveSliceConcatKernels(KernelRegistry& registry);    // slice_concat.cpp: Concat, Slice, Split, Tile, Trilu
void registerNaiveFusedConvMatMulKernels(KernelRegistry& registry);  // fused_conv_matmul.cpp: kiln::FusedConv, kiln::FusedMatMul
// All of family B (register_b.cpp).
void registerNaiveKernelsB(KernelRegistry& registry);

// ---- Quantization (registered by registerNaiveKernels, outside families A and B) ----
// quantize.cpp: QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear, MatMulInteger,
// ConvInteger, QLinearMatMul, QLinearConv.
void registerNaiveQuantizeKernels(KernelRegistry& registry);

// The oracle backend's registry (naiveKernelRegistry()) gets its kernels through here; the
// backend key is the registry itself (one per backend).
inline void addNaive(KernelRegistry& registry, const char* op, KernelFn fn, std::vector<DataType> types,
                     const char* domain = "") {
    registry.add(op, KernelDef{fn, std::move(types)}, domain);
}

// The ops an oracle registry holds ("domain::Op" off the default domain), and one op's kernel
// (nullptr when absent).
inline std::vector<std::string> naiveOpTypes(const KernelRegistry& registry) { return registry.opTypes(); }
inline const KernelDef* findNaive(const KernelRegistry& registry, const std::string& op,
                                  const std::string& domain = "") {
    return registry.find(op, domain);
}

// ---- Dtype lists, spelled as the optimized kernels register them ----
inline std::vector<DataType> naiveFloatTypes() {
    return {DataType::Float32, DataType::Float64, DataType::Float16, DataType::BFloat16};
}
inline std::vector<DataType> naiveSignedNumericTypes() {
    return {DataType::Float32, DataType::Float64, DataType::Float16, DataType::BFloat16,
            DataType::Int8,    DataType::Int16,   DataType::Int32,   DataType::Int64};
}
inline std::vector<DataType> naiveNumericTypes() {
    return {DataType::Float32, DataType::Float64, DataType::Float16, DataType::BFloat16,
            DataType::Int8,    DataType::UInt8,   DataType::Int16,   DataType::UInt16,
            DataType::Int32,   DataType::UInt32,  DataType::Int64,   DataType::UInt64};
}
inline std::vector<DataType> naiveIntegerTypes() {
    return {DataType::Int8,  DataType::UInt8,  DataType::Int16, DataType::UInt16,
            DataType::Int32, DataType::UInt32, DataType::Int64, DataType::UInt64};
}

// ---- Shapes and broadcasting ----
inline int64_t elementCount(const std::vector<int64_t>& dims) {
    int64_t n = 1;
    for (int64_t d : dims) n *= d;
    return n;
}

// Normalizes a possibly negative axis into [0, rank); fails naming the node.
inline int64_t naiveAxis(const KernelContext& ctx, int64_t axis, int64_t rank, const char* what = "axis") {
    if (rank == 0 || axis < -rank || axis >= rank)
        ctx.fail(ErrorKind::InvalidModel, what, " ", axis, " is out of range for rank ", rank);
    return axis < 0 ? axis + rank : axis;
}

// Multidirectional (numpy) broadcast of several shapes: shapes are right-aligned, and each dim
// is the common size, where a 1 stretches to the other. Fails naming the node.
inline std::vector<int64_t> broadcastShape(const KernelContext& ctx, const std::vector<std::vector<int64_t>>& shapes) {
    size_t rank = 0;
    for (const auto& s : shapes) rank = std::max(rank, s.size());
    std::vector<int64_t> out(rank, 1);
    for (const auto& s : shapes) {
        for (size_t i = 0; i < s.size(); ++i) {
            int64_t& o = out[rank - s.size() + i];
            int64_t d = s[i];
            if (d == o || d == 1) continue;
            if (o != 1) {
                std::string all;
                for (const auto& t : shapes) all += (all.empty() ? "" : " and ") + dimsToString(t);
                ctx.fail(ErrorKind::InvalidModel, "input shapes ", all, " are not broadcastable");
            }
            o = d;
        }
    }
    return out;
}

// The flat offset, into an input of shape inDims, of the element that output element `flat` (of
// shape outDims) reads: the output index, right-aligned onto inDims, with 0 along size-1 dims.
inline int64_t broadcastOffset(int64_t flat, const std::vector<int64_t>& outDims, const std::vector<int64_t>& inDims) {
    int64_t offset = 0, stride = 1;
    size_t lead = outDims.size() - inDims.size();
    for (size_t d = outDims.size(); d-- > 0;) {
        int64_t index = flat % outDims[d];
        flat /= outDims[d];
        if (d < lead) continue;
        int64_t inDim = inDims[d - lead];
        if (inDim != 1) offset += index * stride;
        stride *= inDim;
    }
    return offset;
}

// The flat index, among the kept dims only (reduced[d] false), of the element at flat index `flat`
// of `dims`: which reduction bucket (output element) the element belongs to.
inline int64_t keptIndex(int64_t flat, const std::vector<int64_t>& dims, const std::vector<bool>& reduced) {
    int64_t index = 0, stride = 1;
    for (size_t d = dims.size(); d-- > 0;) {
        int64_t coordinate = flat % dims[d];
        flat /= dims[d];
        if (reduced[d]) continue;
        index += coordinate * stride;
        stride *= dims[d];
    }
    return index;
}

// ---- Element access ----
// Calls fn(T{}) with the C++ type of an integer dtype (bool excluded); false for anything else.
template <typename Fn>
bool visitIntegerType(DataType t, Fn&& fn) {
    switch (t) {
        case DataType::Int8: fn(int8_t{}); return true;
        case DataType::UInt8: fn(uint8_t{}); return true;
        case DataType::Int16: fn(int16_t{}); return true;
        case DataType::UInt16: fn(uint16_t{}); return true;
        case DataType::Int32: fn(int32_t{}); return true;
        case DataType::UInt32: fn(uint32_t{}); return true;
        case DataType::Int64: fn(int64_t{}); return true;
        case DataType::UInt64: fn(uint64_t{}); return true;
        default: return false;
    }
}

// Element i of a float tensor of any float dtype, exactly, as double.
inline double readFloat(const Tensor& t, int64_t i) { return t.scalarAsDouble(i); }

// v rounded to float with round-to-odd (truncate, then set the last bit if inexact). Rounding that
// float once more to fp16/bf16/fp8 (nearest even) is then the correctly rounded double → fp16/bf16/fp8
// result: no double-rounding error, because float keeps at least two more bits than those formats.
inline float roundToOddFloat(double v) {
    float f = static_cast<float>(v);
    if (std::isnan(v) || std::isinf(v) || double(f) == v) return f;
    if (std::fabs(double(f)) > std::fabs(v)) f = std::nextafter(f, 0.0f);  // towards zero
    uint32_t bits;
    std::memcpy(&bits, &f, 4);
    bits |= 1u;
    std::memcpy(&f, &bits, 4);
    return f;
}

// Writes v into element i of a float tensor, rounded once to its dtype (nearest even; fp8
// saturates to ±448, see floatToFloat8e4m3).
inline void writeFloat(Tensor& t, int64_t i, double v) {
    switch (t.dtype()) {
        case DataType::Float64: static_cast<double*>(t.raw())[i] = v; return;
        case DataType::Float32: static_cast<float*>(t.raw())[i] = static_cast<float>(v); return;
        case DataType::Float16: static_cast<uint16_t*>(t.raw())[i] = floatToHalf(roundToOddFloat(v)); return;
        case DataType::BFloat16: static_cast<uint16_t*>(t.raw())[i] = floatToBfloat16(roundToOddFloat(v)); return;
        case DataType::Float8E4M3: static_cast<uint8_t*>(t.raw())[i] = floatToFloat8e4m3(roundToOddFloat(v)); return;
        default: fail(ErrorKind::Internal, "writeFloat: ", dataTypeName(t.dtype()), " is not a float type");
    }
}

// double → integer T: truncation toward zero; NaN gives 0 and out-of-range values saturate (C++
// leaves both undefined, ONNX unspecified; the optimized kernels make the same choice).
template <typename T>
T truncateToInteger(double v) {
    if (std::isnan(v)) return T(0);
    v = std::trunc(v);
    if (v <= double(std::numeric_limits<T>::min())) return std::numeric_limits<T>::min();
    if (v >= double(std::numeric_limits<T>::max())) return std::numeric_limits<T>::max();
    return static_cast<T>(v);
}

// Integer negation with wrap-around (the most negative value stays itself), without signed-overflow UB.
template <typename T>
T wrapNegate(T x) {
    return static_cast<T>(uint64_t(0) - static_cast<uint64_t>(x));
}

// y = f(x) elementwise over a float tensor of any float dtype, computed in double, y of x's type.
template <typename F>
void mapFloatElements(KernelContext& ctx, F f) {
    const Tensor& x = ctx.input(0);
    if (!isFloatingPoint(x.dtype()))
        ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(x.dtype()), " is not supported");
    Tensor& y = ctx.allocateOutput(0, x.dtype(), x.dims());
    for (int64_t i = 0; i < x.numel(); ++i) writeFloat(y, i, f(readFloat(x, i)));
}

// The same over any numeric tensor: floats through fFloat(double), integers through fInt(T) in
// their own type (wrapping where they overflow).
template <typename FFloat, typename FInt>
void mapNumericElements(KernelContext& ctx, FFloat fFloat, FInt fInt) {
    const Tensor& x = ctx.input(0);
    if (isFloatingPoint(x.dtype())) return mapFloatElements(ctx, fFloat);
    Tensor& y = ctx.allocateOutput(0, x.dtype(), x.dims());
    bool done = visitIntegerType(x.dtype(), [&](auto tag) {
        using T = decltype(tag);
        const T* px = x.data<T>();
        T* py = y.data<T>();
        for (int64_t i = 0; i < x.numel(); ++i) py[i] = static_cast<T>(fInt(px[i]));
    });
    if (!done) ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(x.dtype()), " is not supported");
}

}  // namespace kiln::naive
