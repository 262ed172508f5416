// Oracle (naive) Cast and CastLike between every numeric type, bool, fp16, bf16 and fp8 e4m3fn
// (with the opset-19 `saturate` attribute), one element at a time:
//   to a float type:  the exact source value, rounded once to the destination (nearest even);
//                     fp8 with saturate=1 clamps to ±448 (±inf too), with saturate=0 anything that
//                     rounds past 448, and ±inf, becomes NaN (the Cast spec's table); NaN stays NaN.
//   to an integer:    floats truncate toward zero (NaN → 0, out of range saturates: unspecified by
//                     ONNX, the optimized kernel's choice); integers wrap modulo 2^bits (numpy astype).
//   to bool:          x != 0 (NaN is true).
// Strings are not supported (the importer refuses string casts too). Dtypes as kernels/cpu/cast.cpp.
#include <bit>
#include <cmath>
#include <optional>

#include "engine_core/onnx/onnx_types.h"
#include "kernels/cpu/naive/naive.h"

namespace kiln::naive {

namespace {

// An integer as double with round-to-odd to 53 bits, so that rounding it once more to fp32,
// fp16, bf16 or fp8 is correct (a plain conversion would round twice for > 53-bit values).
double integerToDoubleRoundOdd(uint64_t magnitude, bool negative) {
    double d;
    const int width = 64 - std::countl_zero(magnitude);
    if (width <= 53) {
        d = double(magnitude);
    } else {
        const int shift = width - 53;
        uint64_t mantissa = magnitude >> shift;
        if ((magnitude & ((uint64_t(1) << shift) - 1)) != 0) mantissa |= 1;  // sticky: inexact → odd
        d = std::ldexp(double(mantissa), shift);
    }
    return negative ? -d : d;
}

// Element i of an integer tensor: sign and magnitude, exactly.
void integerAt(const Tensor& t, int64_t i, bool& negative, uint64_t& magnitude) {
    if (t.dtype() == DataType::UInt64) {
        negative = false;
        magnitude = t.data<uint64_t>()[i];
        return;
    }
    int64_t v = t.scalarAsInt64(i);  // exact for every other integer type
    negative = v < 0;
    magnitude = negative ? uint64_t(0) - uint64_t(v) : uint64_t(v);
}

// fp8 e4m3fn with saturate=0: ±inf and values whose nearest-even rounding passes 448 become NaN.
// 464 is the midpoint between 448 and the next step (480, not representable); the tie goes to 448.
void writeFloat8NoSaturate(Tensor& t, int64_t i, double v) {
    if (std::isinf(v) || std::fabs(v) > 464.0) {
        static_cast<uint8_t*>(t.raw())[i] = std::signbit(v) ? 0xff : 0x7f;
        return;
    }
    writeFloat(t, i, v);
}

Tensor castTensor(const KernelContext& ctx, const Tensor& in, DataType to, bool saturate) {
    const DataType from = in.dtype();
    if (from == DataType::String || to == DataType::String)
        ctx.fail(ErrorKind::Unsupported, "casts from or to string are not supported");
    if (from == DataType::Undefined || to == DataType::Undefined)
        ctx.fail(ErrorKind::InvalidModel, "cast from ", dataTypeName(from), " to ", dataTypeName(to));
    Tensor out = Tensor::uninitialized(to, in.dims());
    const int64_t n = in.numel();
    if (to == DataType::Bool) {
        for (int64_t i = 0; i < n; ++i) {
            bool v;
            if (from == DataType::Bool) v = in.data<bool>()[i];
            else if (isFloatingPoint(from)) v = readFloat(in, i) != 0.0;  // NaN != 0
            else {
                bool negative;
                uint64_t magnitude;
                integerAt(in, i, negative, magnitude);
                v = magnitude != 0;
            }
            out.data<bool>()[i] = v;
        }
        return out;
    }
    if (isFloatingPoint(to)) {
        for (int64_t i = 0; i < n; ++i) {
            double v;
            if (from == DataType::Bool) v = in.data<bool>()[i] ? 1.0 : 0.0;
            else if (isFloatingPoint(from)) v = readFloat(in, i);
            else {
                bool negative;
                uint64_t magnitude;
                integerAt(in, i, negative, magnitude);
                // fp64 is the one destination rounded directly; the others via round-to-odd.
                v = to == DataType::Float64 ? (negative ? -double(magnitude) : double(magnitude))
                                            : integerToDoubleRoundOdd(magnitude, negative);
            }
            if (to == DataType::Float8E4M3 && !saturate) writeFloat8NoSaturate(out, i, v);
            else writeFloat(out, i, v);
        }
        return out;
    }
    bool done = visitIntegerType(to, [&](auto tag) {
        using T = decltype(tag);
        T* po = out.data<T>();
        for (int64_t i = 0; i < n; ++i) {
            if (from == DataType::Bool) {
                po[i] = in.data<bool>()[i] ? T(1) : T(0);
            } else if (isFloatingPoint(from)) {
                po[i] = truncateToInteger<T>(readFloat(in, i));
            } else {
                bool negative;
                uint64_t magnitude;
                integerAt(in, i, negative, magnitude);
                po[i] = static_cast<T>(negative ? uint64_t(0) - magnitude : magnitude);  // modulo 2^bits
            }
        }
    });
    if (!done) ctx.fail(ErrorKind::Unsupported, "cast to ", dataTypeName(to), " is not supported");
    return out;
}

void castKernel(KernelContext& ctx) {
    const Node& node = ctx.node();
    if (!node.hasAttr("to")) ctx.fail(ErrorKind::InvalidModel, "attribute 'to' is missing");
    const int64_t code = node.attrInt("to");
    // The canonical Cast keeps ONNX's TensorProto.DataType code in `to`.
    std::optional<DataType> to = dataTypeFromOnnx(code);
    if (!to)
        ctx.fail(ErrorKind::Unsupported, "cast to ", onnxDataTypeName(code), " (ONNX type code ", code,
                 ") is not supported");
    ctx.setOutput(0, castTensor(ctx, ctx.input(0), *to, node.attrInt("saturate", 1) != 0));
}

void castLikeKernel(KernelContext& ctx) {
    ctx.setOutput(0, castTensor(ctx, ctx.input(0), ctx.input(1).dtype(), ctx.node().attrInt("saturate", 1) != 0));
}

}  // namespace

void registerNaiveCastKernels(KernelRegistry& registry) {
    std::vector<DataType> types = naiveNumericTypes();
    types.push_back(DataType::Bool);
    types.push_back(DataType::Float8E4M3);
    addNaive(registry, "Cast", &castKernel, types);
    addNaive(registry, "CastLike", &castLikeKernel, types);
}

}  // namespace kiln::naive
