// Cast and CastLike between every numeric type, bool and the storage-only floats (fp16, bf16,
// fp8e4m3fn with the opset-19 `saturate` attribute). Float → integer truncates toward zero; NaN and
// out-of-range values (undefined in C++, unspecified by ONNX) give 0 and the type's limits.
#include <cmath>
#include <optional>

#include "engine_core/onnx/onnx_types.h"
#include "kernels/cpu/elementwise_internal.h"

namespace kiln::cpu {

namespace {

template <typename D, typename S>
D convertElement(S s) {
    if constexpr (std::is_same_v<D, bool>) return s != S(0);
    else if constexpr (std::is_floating_point_v<S> && std::is_integral_v<D>) return saturatingCast<D>(double(s));
    else return static_cast<D>(s);
}

// fp8e4m3fn without saturation: infinities and values that round past 448 become NaN. 464 is the
// midpoint between 448 and the next step (480, which is NaN); the tie goes to even, i.e. 448.
uint8_t floatToFloat8NoSaturate(float v) {
    if (std::isinf(v) || std::fabs(v) > 464.0f) return std::signbit(v) ? 0xff : 0x7f;
    return floatToFloat8e4m3(v);
}

Tensor castTensor(const KernelContext& ctx, const Tensor& in, DataType to, bool saturate) {
    DataType from = in.dtype();
    if (from == DataType::String || to == DataType::String)
        ctx.fail(ErrorKind::Unsupported, "casts from or to string are not supported");
    if (from == to) return in;
    // Storage-only floats widen to fp32 first (exact), so only the destination needs care.
    Tensor src = widenToFloat32(in);
    DataType direct = isStorageFloat(to) ? DataType::Float32 : to;
    Tensor out(direct, in.dims());
    int64_t n = in.numel();
    visitType(src.dtype(), [&](auto sTag) {
        using S = decltype(sTag);
        const S* ps = src.data<S>();
        visitType(direct, [&](auto dTag) {
            using D = decltype(dTag);
            mapElements(ps, out.data<D>(), n, [](S s) { return convertElement<D>(s); });
        });
    });
    if (!isStorageFloat(to)) return out;
    if (to == DataType::Float8E4M3 && !saturate) {
        Tensor narrow(to, in.dims());
        const float* pf = out.data<float>();
        uint8_t* pn = static_cast<uint8_t*>(narrow.raw());
        for (int64_t i = 0; i < n; ++i) pn[i] = floatToFloat8NoSaturate(pf[i]);
        return narrow;
    }
    return narrowFromFloat32(out, to);
}

// Writes the cast into the output the run planned (no allocation) where neither type is a
// storage-only float; a cast to the same type is a view of X.
void castInto(KernelContext& ctx, DataType to, bool saturate) {
    const Tensor& in = ctx.input(0);
    const DataType from = in.dtype();
    if (from == to && from != DataType::String) {
        ctx.setOutputView(0, 0, in.dims());
        return;
    }
    if (isStorageFloat(from) || isStorageFloat(to) || from == DataType::String || to == DataType::String) {
        ctx.setOutput(0, castTensor(ctx, in, to, saturate));
        return;
    }
    Tensor& out = ctx.allocateOutput(0, to, in.dims());
    const int64_t n = in.numel();
    visitType(from, [&](auto sTag) {
        using S = decltype(sTag);
        const S* ps = in.data<S>();
        visitType(to, [&](auto dTag) {
            using D = decltype(dTag);
            mapElements(ps, out.data<D>(), n, [](S s) { return convertElement<D>(s); });
        });
    });
}

void castKernel(KernelContext& ctx) {
    const Node& node = ctx.node();
    if (!node.hasAttr("to")) ctx.fail(ErrorKind::InvalidModel, "attribute 'to' is missing");
    int64_t code = node.attrInt("to");
    // The canonical Cast keeps ONNX's TensorProto.DataType code in `to`.
    std::optional<DataType> to = dataTypeFromOnnx(code);
    if (!to) ctx.fail(ErrorKind::Unsupported, "cast to ", onnxDataTypeName(code), " (ONNX type code ", code, ") is not supported");
    castInto(ctx, *to, node.attrInt("saturate", 1) != 0);
}

void castLikeKernel(KernelContext& ctx) {
    DataType to = ctx.input(1).dtype();
    castInto(ctx, to, ctx.node().attrInt("saturate", 1) != 0);
}

}  // namespace

void registerCastKernels(KernelRegistry& registry) {
    std::vector<DataType> types = numericTypes();
    types.push_back(DataType::Bool);
    types.push_back(DataType::Float8E4M3);
    registry.add("Cast", viewKernel(&castKernel, types));  // a cast to the same type returns X
    registry.add("CastLike", viewKernel(&castLikeKernel, types));
}

}  // namespace kiln::cpu
