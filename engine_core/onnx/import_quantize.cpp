// The quantization ops: QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear and the integer
// products (MatMulInteger, ConvInteger, QLinearMatMul, QLinearConv). Kiln computes 8-bit integers
// (int8, uint8; int32 for DequantizeLinear's input and the integer products' outputs): the opset-19/21
// fp8 and int4 types and the opset-21 blocked quantization are refused here, naming the field. A scale
// known at import (an initializer or a Constant) must be finite and non-zero: a zero scale has no
// inverse, and would quietly saturate or zero the whole tensor.
#include <cmath>

#include "engine_core/onnx/import_ops.h"
#include "engine_core/onnx/onnx_types.h"

namespace kiln::onnx_detail {

namespace {

constexpr const char* kEightBit = "int8, uint8";

// A present input whose element type is known must be one of `allowed`.
void expectInputType(ImportContext& ctx, size_t index, const char* name, std::initializer_list<DataType> allowed,
                     const char* supported) {
    const Value* v = ctx.input(index);
    if (!v || v->dtype == DataType::Undefined) return;
    for (DataType t : allowed)
        if (v->dtype == t) return;
    ctx.unsupported<Msg::InputTypeNotSupported>("name"_a = name, "dtype"_a = dataTypeName(v->dtype),
                                                "supported"_a = supported);
}

// A constant scale holds finite, non-zero values only.
void expectUsableScale(ImportContext& ctx, size_t index, const char* name) {
    const Tensor* scale = ctx.constantValue(ctx.input(index));
    if (!scale || !isFloatingPoint(scale->dtype())) return;
    for (int64_t i = 0; i < scale->numel(); ++i) {
        const double s = scale->scalarAsDouble(i);
        if (s == 0.0 || !std::isfinite(s))
            ctx.invalid<Msg::QuantScaleNotUsable>("input"_a = name, "value"_a = s, "index"_a = i);
    }
}

// Opset 21's blocked quantization (block_size > 0) is refused; 0 is the per-tensor/per-axis form.
void refuseBlocks(ImportContext& ctx) {
    const int64_t block = ctx.getInt("block_size", 0);
    if (block != 0)
        ctx.unsupported<Msg::AttributeValueNotSupported>("name"_a = "block_size", "value"_a = block,
                                                         "supported"_a = "0 (per tensor or per axis)");
    ctx.drop("block_size");
}

}  // namespace

// QuantizeLinear(x, y_scale, y_zero_point?) -> y = saturate(round_half_even(x / y_scale) + y_zero_point).
// The output type is y_zero_point's, else opset 21's output_dtype, else uint8.
void importQuantizeLinear(ImportContext& ctx) {
    ctx.expectInputs(2, 3);
    ctx.expectOutputs(1, 1);
    refuseBlocks(ctx);
    expectInputType(ctx, 0, "x", {DataType::Float32, DataType::Float16, DataType::BFloat16, DataType::Int32},
                    "float32, float16, bfloat16, int32");
    expectInputType(ctx, 2, "y_zero_point", {DataType::Int8, DataType::UInt8}, kEightBit);
    expectUsableScale(ctx, 1, "y_scale");
    if (ctx.has("output_dtype")) {
        const int64_t code = ctx.getInt("output_dtype", 0);
        std::optional<DataType> t = code == 0 ? std::nullopt : dataTypeFromOnnx(code);
        if (code != 0 && (!t || (*t != DataType::Int8 && *t != DataType::UInt8)))
            ctx.unsupported<Msg::AttributeValueNotSupported>("name"_a = "output_dtype", "value"_a = onnxDataTypeName(code),
                                                             "supported"_a = kEightBit);
        if (code == 0) ctx.drop("output_dtype");
    }
    // saturate (opset 19) only concerns the fp8 outputs refused above: integers always saturate.
    ctx.drop("saturate");
    ctx.emitAsIs();
}

// DequantizeLinear(x, x_scale, x_zero_point?) -> y = (x - x_zero_point) * x_scale, of x_scale's type.
void importDequantizeLinear(ImportContext& ctx) {
    ctx.expectInputs(2, 3);
    ctx.expectOutputs(1, 1);
    refuseBlocks(ctx);
    expectInputType(ctx, 0, "x", {DataType::Int8, DataType::UInt8, DataType::Int32}, "int8, uint8, int32");
    expectInputType(ctx, 2, "x_zero_point", {DataType::Int8, DataType::UInt8, DataType::Int32},
                    "int8, uint8, int32");
    expectInputType(ctx, 1, "x_scale", {DataType::Float32, DataType::Float16, DataType::BFloat16},
                    "float32, float16, bfloat16");
    expectUsableScale(ctx, 1, "x_scale");
    ctx.emitAsIs();
}

// DynamicQuantizeLinear(x) -> (y uint8, y_scale, y_zero_point).
void importDynamicQuantizeLinear(ImportContext& ctx) {
    ctx.expectInputs(1, 1);
    ctx.expectOutputs(1, 3);
    expectInputType(ctx, 0, "x", {DataType::Float32}, "float32");
    ctx.emitAsIs();
}

// MatMulInteger(A, B, a_zero_point?, b_zero_point?) -> int32.
void importMatMulInteger(ImportContext& ctx) {
    ctx.expectInputs(2, 4);
    ctx.expectOutputs(1, 1);
    expectInputType(ctx, 0, "A", {DataType::Int8, DataType::UInt8}, kEightBit);
    expectInputType(ctx, 1, "B", {DataType::Int8, DataType::UInt8}, kEightBit);
    ctx.emitAsIs();
}

// ConvInteger(x, w, x_zero_point?, w_zero_point?) -> int32, with Conv's attributes.
void importConvInteger(ImportContext& ctx) {
    ctx.expectInputs(2, 4);
    ctx.expectOutputs(1, 1);
    expectInputType(ctx, 0, "x", {DataType::Int8, DataType::UInt8}, kEightBit);
    expectInputType(ctx, 1, "w", {DataType::Int8, DataType::UInt8}, kEightBit);
    ctx.expectOneOf("auto_pad", "NOTSET", {"NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"});
    if (ctx.getInt("group", 1) < 1) ctx.invalid<Msg::AttributeMustBeAtLeastOne>("name"_a = "group");
    ctx.emitAsIs();
}

// QLinearMatMul(a, a_scale, a_zero_point, b, b_scale, b_zero_point, y_scale, y_zero_point).
void importQLinearMatMul(ImportContext& ctx) {
    ctx.expectInputs(8, 8);
    ctx.expectOutputs(1, 1);
    expectInputType(ctx, 0, "a", {DataType::Int8, DataType::UInt8}, kEightBit);
    expectInputType(ctx, 3, "b", {DataType::Int8, DataType::UInt8}, kEightBit);
    expectInputType(ctx, 7, "y_zero_point", {DataType::Int8, DataType::UInt8}, kEightBit);
    expectUsableScale(ctx, 1, "a_scale");
    expectUsableScale(ctx, 4, "b_scale");
    expectUsableScale(ctx, 6, "y_scale");
    ctx.emitAsIs();
}

// QLinearConv(x, x_scale, x_zero_point, w, w_scale, w_zero_point, y_scale, y_zero_point, B?).
void importQLinearConv(ImportContext& ctx) {
    ctx.expectInputs(8, 9);
    ctx.expectOutputs(1, 1);
    expectInputType(ctx, 0, "x", {DataType::Int8, DataType::UInt8}, kEightBit);
    expectInputType(ctx, 3, "w", {DataType::Int8, DataType::UInt8}, kEightBit);
    expectInputType(ctx, 7, "y_zero_point", {DataType::Int8, DataType::UInt8}, kEightBit);
    expectInputType(ctx, 8, "B", {DataType::Int32}, "int32");
    expectUsableScale(ctx, 1, "x_scale");
    expectUsableScale(ctx, 4, "w_scale");
    expectUsableScale(ctx, 6, "y_scale");
    ctx.expectOneOf("auto_pad", "NOTSET", {"NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"});
    if (ctx.getInt("group", 1) < 1) ctx.invalid<Msg::AttributeMustBeAtLeastOne>("name"_a = "group");
    ctx.emitAsIs();
}

}  // namespace kiln::onnx_detail
