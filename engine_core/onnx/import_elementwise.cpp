// Elementwise ops with numpy broadcasting. Their opset history only widens types (Add & co. lost the
// legacy `broadcast`/`axis` attributes at opset 7, below Kiln's floor), so most import as they are.
#include <limits>

#include "engine_core/onnx/import_ops.h"
#include "engine_core/onnx/onnx_types.h"

namespace kiln::onnx_detail {

void importUnaryElementwise(ImportContext& ctx) {
    ctx.expectInputs(1, 1);
    ctx.expectOutputs(1, 1);
    ctx.emitAsIs();
}

void importBinaryElementwise(ImportContext& ctx) {
    ctx.expectInputs(2, 2);
    ctx.expectOutputs(1, 1);
    ctx.emitAsIs();
}

void importVariadicElementwise(ImportContext& ctx) {
    ctx.expectInputs(1, std::numeric_limits<size_t>::max());
    for (size_t i = 0; i < ctx.inputCount(); ++i)
        if (!ctx.input(i)) ctx.invalid<Msg::OptionalInputEmpty>("index"_a = i, "op"_a = ctx.opType());
    ctx.expectOutputs(1, 1);
    ctx.emitAsIs();
}

void importMod(ImportContext& ctx) {
    ctx.expectInputs(2, 2);
    ctx.expectOutputs(1, 1);
    int64_t fmod = ctx.getInt("fmod", 0);
    if (fmod != 0 && fmod != 1)
        ctx.invalid<Msg::AttributeMustBeZeroOrOne>("name"_a = "fmod", "value"_a = fmod);
    ctx.emitAsIs();
}

void importBitShift(ImportContext& ctx) {
    ctx.expectInputs(2, 2);
    ctx.expectOutputs(1, 1);
    if (!ctx.has("direction")) ctx.invalid<Msg::AttributeMissing>("name"_a = "direction");
    ctx.expectOneOf("direction", "", {"LEFT", "RIGHT"});
    ctx.emitAsIs();
}

void importIsInf(ImportContext& ctx) {
    ctx.expectInputs(1, 1);
    ctx.expectOutputs(1, 1);
    ctx.emitAsIs();  // detect_negative / detect_positive default to 1
}

void importWhere(ImportContext& ctx) {
    ctx.expectInputs(3, 3);
    ctx.expectOutputs(1, 1);
    ctx.emitAsIs();
}

void importCast(ImportContext& ctx) {
    ctx.expectInputs(1, 1);
    ctx.expectOutputs(1, 1);
    if (!ctx.has("to")) ctx.invalid<Msg::AttributeMissing>("name"_a = "to");
    int64_t to = ctx.getInt("to", 0);
    std::optional<DataType> dtype = dataTypeFromOnnx(to);
    if (!dtype || *dtype == DataType::String)
        ctx.unsupported<Msg::CastTargetNotSupported>("dtype"_a = onnxDataTypeName(to));
    ctx.emitAsIs();  // `to` keeps its ONNX TensorProto.DataType code (see onnx_types.h)
}

void importCastLike(ImportContext& ctx) {
    ctx.expectInputs(2, 2);
    ctx.expectOutputs(1, 1);
    ctx.emitAsIs();
}

}  // namespace kiln::onnx_detail
