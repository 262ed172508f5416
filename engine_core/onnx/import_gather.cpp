// Gather/scatter, selection and index-driven ops. TopK < 10 moves its `k` attribute to an input.
#include <limits>

#include "engine_core/onnx/import_ops.h"

namespace kiln::onnx_detail {

namespace {
void checkReduction(ImportContext& ctx) {
    // add/mul arrived at opset 16, max/min at 18; the checker rejects them earlier, Kiln accepts all.
    ctx.expectOneOf("reduction", "none", {"none", "add", "mul", "max", "min"});
}
}  // namespace

void importGather(ImportContext& ctx) {
    ctx.expectInputs(2, 2);
    ctx.expectOutputs(1, 1);
    ctx.emitAsIs();
}

void importGatherElements(ImportContext& ctx) {
    ctx.expectInputs(2, 2);
    ctx.expectOutputs(1, 1);
    ctx.emitAsIs();
}

void importGatherND(ImportContext& ctx) {
    ctx.expectInputs(2, 2);
    ctx.expectOutputs(1, 1);
    if (ctx.getInt("batch_dims", 0) < 0)
        ctx.invalid<Msg::AttributeMustNotBeNegative>("name"_a = "batch_dims");
    ctx.emitAsIs();
}

void importScatterND(ImportContext& ctx) {
    ctx.expectInputs(3, 3);
    ctx.expectOutputs(1, 1);
    checkReduction(ctx);
    ctx.emitAsIs();
}

void importScatterElements(ImportContext& ctx) {
    ctx.expectInputs(3, 3);
    ctx.expectOutputs(1, 1);
    checkReduction(ctx);
    ctx.emitAsIs();
}

void importTopK(ImportContext& ctx) {
    ctx.expectOutputs(2, 2);
    if (ctx.opset() >= 10) {
        ctx.expectInputs(2, 2);
        ctx.emitAsIs();
        return;
    }
    ctx.expectInputs(1, 1);
    if (!ctx.has("k")) ctx.invalid<Msg::AttributeMissing>("name"_a = "k");
    int64_t k = ctx.getInt("k", 0);
    ctx.drop("k");
    ctx.emit("TopK", {ctx.input(0), ctx.constantInt64("k", {k})}, ctx.outputs());
}

void importCumSum(ImportContext& ctx) {
    ctx.expectInputs(2, 2);
    ctx.expectOutputs(1, 1);
    ctx.emitAsIs();
}

void importTrilu(ImportContext& ctx) {
    ctx.expectInputs(1, 2);
    ctx.expectOutputs(1, 1);
    ctx.emitAsIs();
}

void importEinsum(ImportContext& ctx) {
    ctx.expectInputs(1, std::numeric_limits<size_t>::max());
    ctx.expectOutputs(1, 1);
    if (ctx.getString("equation", "").empty()) ctx.invalid<Msg::AttributeMissing>("name"_a = "equation");
    ctx.emitAsIs();
}

}  // namespace kiln::onnx_detail
