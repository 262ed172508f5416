// Shared pieces of the elementwise op family, which is split over several files to keep each
// under ~800 lines: elementwise.cpp (unary math, registration), elementwise_binary.cpp (binary,
// comparison, logic, variadic, Where), activations.cpp, cast.cpp.
#pragma once

#include <type_traits>
#include <vector>

#include "engine_core/common/parallel.h"
#include "kernels/cpu/dispatch.h"
#include "kernels/cpu/isa.h"

namespace kiln::cpu {

void registerUnaryMathKernels(KernelRegistry& registry);
void registerBinaryKernels(KernelRegistry& registry);
void registerActivationKernels(KernelRegistry& registry);
void registerCastKernels(KernelRegistry& registry);

inline const std::vector<DataType>& floatTypes() {
    static const std::vector<DataType> types = {DataType::Float32, DataType::Float64, DataType::Float16,
                                                DataType::BFloat16};
    return types;
}
inline const std::vector<DataType>& signedNumericTypes() {
    static const std::vector<DataType> types = {DataType::Float32, DataType::Float64, DataType::Float16,
                                                DataType::BFloat16, DataType::Int8, DataType::Int16,
                                                DataType::Int32, DataType::Int64};
    return types;
}
inline const std::vector<DataType>& numericTypes() {
    static const std::vector<DataType> types = {
        DataType::Float32, DataType::Float64, DataType::Float16, DataType::BFloat16, DataType::Int8,
        DataType::UInt8,   DataType::Int16,   DataType::UInt16,  DataType::Int32,    DataType::UInt32,
        DataType::Int64,   DataType::UInt64};
    return types;
}

// Builds the functor of an op: from the node when it has attributes, else default-constructed.
template <typename Op>
Op makeOp(const KernelContext& ctx) {
    if constexpr (std::is_constructible_v<Op, const KernelContext&>) return Op(ctx);
    else return Op{};
}

template <typename In, typename Out, typename Op>
KILN_ALWAYS_INLINE void mapRange(const In* in, Out* out, int64_t begin, int64_t end, const Op& op) {
    for (int64_t i = begin; i < end; ++i) out[i] = static_cast<Out>(op(in[i]));
}
template <typename In, typename Out, typename Op>
KILN_TARGET_AVX512 void mapRangeAvx512(const In* in, Out* out, int64_t begin, int64_t end, const Op& op) {
    mapRange(in, out, begin, end, op);
}

// Ops that cost about a memory pass per element (a compare, a sign flip) declare
// `static constexpr bool kCheap = true`; the others (libm functions, conversions) may cost tens of
// times more, so their loops are split over the threads from smaller sizes on.
template <typename Op, typename = void>
struct IsCheapOp : std::false_type {};
template <typename Op>
struct IsCheapOp<Op, std::void_t<decltype(Op::kCheap)>> : std::bool_constant<Op::kCheap> {};

// out[i] = op(in[i]); out may be in (in-place). fp32 loops run 16 wide on AVX-512 CPUs.
template <typename In, typename Out, typename Op>
void mapElements(const In* in, Out* out, int64_t n, const Op& op) {
    const bool avx512 = std::is_same_v<In, float> && std::is_same_v<Out, float> && avx512Enabled();
    parallelFor(n, IsCheapOp<Op>::value ? kGrainElements : kGrainElements / 4, [&](int64_t begin, int64_t end) {
        if (avx512)
            mapRangeAvx512(in, out, begin, end, op);
        else
            mapRange(in, out, begin, end, op);
    });
}

// y = op(x) with y of x's type. Floats only unless `allowInts`; fp16/bf16 go through fp32.
template <typename Op, bool allowInts>
void runUnarySameType(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    const Op op = makeOp<Op>(ctx);
    DataType t = x.dtype();
    if (isStorageFloat(t)) {
        Tensor wide = widenToFloat32(x);
        Tensor tmp(DataType::Float32, x.dims());
        mapElements(wide.data<float>(), tmp.data<float>(), x.numel(), op);
        ctx.setOutput(0, narrowFromFloat32(tmp, t));
        return;
    }
    bool done = false;
    visitType(t, [&](auto tag) {
        using T = decltype(tag);
        if constexpr (std::is_floating_point_v<T> || (allowInts && std::is_integral_v<T> && !std::is_same_v<T, bool>)) {
            Tensor& y = ctx.allocateOutputReusing(0, 0, t, x.dims());
            mapElements(x.data<T>(), y.data<T>(), x.numel(), op);
            done = true;
        }
    });
    if (!done) ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(t), " is not supported");
}

template <typename Op>
void unaryFloatKernel(KernelContext& ctx) {
    runUnarySameType<Op, false>(ctx);
}
template <typename Op>
void unaryNumericKernel(KernelContext& ctx) {
    runUnarySameType<Op, true>(ctx);
}

}  // namespace kiln::cpu
