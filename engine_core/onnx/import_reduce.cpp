// Reductions. ReduceSum (opset 13) and the other Reduce* ops (opset 18) moved `axes` from an
// attribute to an optional int64 input; older nodes are rewritten to that form. An absent or empty
// `axes` attribute meant "all axes", which is the omitted input (with noop_with_empty_axes=0).
#include "engine_core/onnx/import_ops.h"

namespace kiln::onnx_detail {

void importReduce(ImportContext& ctx) {
    ctx.expectOutputs(1, 1);
    int64_t axesInputSince = ctx.opType() == "ReduceSum" ? 13 : 18;
    if (int64_t keep = ctx.getInt("keepdims", 1); keep != 0 && keep != 1)
        ctx.invalid<Msg::AttributeMustBeZeroOrOne>("name"_a = "keepdims", "value"_a = keep);
    if (ctx.opset() >= axesInputSince) {
        ctx.expectInputs(1, 2);
        ctx.emitAsIs();
        return;
    }
    ctx.expectInputs(1, 1);
    std::vector<int64_t> axes = ctx.getInts("axes");
    ctx.drop("axes");
    Value* axesValue = axes.empty() ? nullptr : ctx.constantInt64("axes", axes);
    ctx.emit(ctx.opType(), {ctx.input(0), axesValue}, ctx.outputs());
}

void importArgMinMax(ImportContext& ctx) {
    ctx.expectInputs(1, 1);
    ctx.expectOutputs(1, 1);
    if (int64_t keep = ctx.getInt("keepdims", 1); keep != 0 && keep != 1)
        ctx.invalid<Msg::AttributeMustBeZeroOrOne>("name"_a = "keepdims", "value"_a = keep);
    ctx.emitAsIs();
}

}  // namespace kiln::onnx_detail
