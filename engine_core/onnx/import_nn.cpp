// Convolution, matrix products, batch normalization and pooling. Their attributes kept the same
// meaning across opsets 7..21 (newer opsets only added dilations/ceil_mode/types), so the work here
// is validating what the kernels rely on, and dropping training-only outputs.
#include "engine_core/onnx/import_ops.h"

namespace kiln::onnx_detail {

namespace {

void checkAutoPad(ImportContext& ctx) {
    ctx.expectOneOf("auto_pad", "NOTSET", {"NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"});
}

// Positive ints of the spatial rank (when kernel_shape gives it); pads twice that.
void checkWindowAttributes(ImportContext& ctx, bool requireKernelShape) {
    std::vector<int64_t> kernel = ctx.getInts("kernel_shape");
    if (requireKernelShape && kernel.empty()) ctx.invalid<Msg::AttributeMissing>("name"_a = "kernel_shape");
    size_t rank = kernel.size();
    for (int64_t k : kernel)
        if (k <= 0) ctx.invalid<Msg::KernelShapeNotPositive>();
    for (const char* key : {"strides", "dilations"}) {
        std::vector<int64_t> v = ctx.getInts(key);
        for (int64_t x : v)
            if (x <= 0) ctx.invalid<Msg::AttributeMustBePositive>("name"_a = key);
        if (rank && !v.empty() && v.size() != rank)
            ctx.invalid<Msg::AttributeCountForKernel>("name"_a = key, "count"_a = v.size(), "rank"_a = rank);
    }
    std::vector<int64_t> pads = ctx.getInts("pads");
    for (int64_t p : pads)
        if (p < 0) ctx.invalid<Msg::AttributeMustNotBeNegative>("name"_a = "pads");
    if (rank && !pads.empty() && pads.size() != 2 * rank)
        ctx.invalid<Msg::PadsCountForKernel>("count"_a = pads.size(), "rank"_a = rank,
                                             "expected"_a = 2 * rank);
    checkAutoPad(ctx);
}

// Drops trailing optional outputs nobody reads (the canonical node then has fewer outputs).
std::vector<Value*> usedOutputs(ImportContext& ctx, size_t required) {
    std::vector<Value*> outs = ctx.outputs();
    for (size_t i = required; i < outs.size(); ++i)
        if (!ctx.isUsed(outs[i])) outs[i] = nullptr;
    return outs;
}

}  // namespace

void importConv(ImportContext& ctx) {
    ctx.expectInputs(2, 3);
    ctx.expectOutputs(1, 1);
    checkWindowAttributes(ctx, false);
    if (ctx.getInt("group", 1) < 1) ctx.invalid<Msg::AttributeMustBeAtLeastOne>("name"_a = "group");
    ctx.emitAsIs();
}

void importConvTranspose(ImportContext& ctx) {
    ctx.expectInputs(2, 3);
    ctx.expectOutputs(1, 1);
    checkWindowAttributes(ctx, false);
    if (ctx.getInt("group", 1) < 1) ctx.invalid<Msg::AttributeMustBeAtLeastOne>("name"_a = "group");
    for (int64_t p : ctx.getInts("output_padding"))
        if (p < 0) ctx.invalid<Msg::AttributeMustNotBeNegative>("name"_a = "output_padding");
    ctx.emitAsIs();
}

// BatchNormalization → the opset-15 inference form: (X, scale, B, mean, var) → Y.
// Opsets < 9 had `spatial` (0 = per-activation statistics) and < 7 `is_test`/`consumed_inputs`;
// opsets < 14 listed training outputs (mean, var, saved_mean, saved_var) that inference never fills.
void importBatchNormalization(ImportContext& ctx) {
    ctx.expectInputs(5, 5);
    ctx.expectOutputs(1, 5);
    if (ctx.opset() < 9) {
        if (ctx.getInt("spatial", 1) != 1) ctx.unsupported<Msg::BatchNormSpatialZero>();
        ctx.drop("spatial");
    }
    ctx.drop("is_test");
    ctx.drop("consumed_inputs");
    if (ctx.getInt("training_mode", 0) != 0) ctx.unsupported<Msg::TrainingModeOne>();
    ctx.drop("training_mode");
    for (size_t i = 1; i < ctx.outputCount(); ++i)
        if (ctx.isUsed(ctx.output(i)))
            ctx.unsupported<Msg::TrainingOutputRead>("index"_a = i, "output"_a = ctx.output(i)->name);
    ctx.emit("BatchNormalization", ctx.inputs(), {ctx.output(0)});
}

void importGemm(ImportContext& ctx) {
    ctx.expectInputs(ctx.opset() < 11 ? 3 : 2, 3);
    ctx.expectOutputs(1, 1);
    for (const char* key : {"transA", "transB"}) {
        int64_t t = ctx.getInt(key, 0);
        if (t != 0 && t != 1) ctx.invalid<Msg::AttributeMustBeZeroOrOne>("name"_a = key, "value"_a = t);
    }
    ctx.drop("broadcast");  // Gemm < 7 only; C broadcasts unidirectionally from opset 7
    ctx.emitAsIs();
}

void importMatMul(ImportContext& ctx) {
    ctx.expectInputs(2, 2);
    ctx.expectOutputs(1, 1);
    ctx.emitAsIs();
}

void importMaxPool(ImportContext& ctx) {
    ctx.expectInputs(1, 1);
    ctx.expectOutputs(1, 2);
    checkWindowAttributes(ctx, true);
    int64_t order = ctx.getInt("storage_order", 0);
    if (order != 0 && order != 1)
        ctx.invalid<Msg::AttributeMustBeZeroOrOne>("name"_a = "storage_order", "value"_a = order);
    ctx.emit("MaxPool", ctx.inputs(), usedOutputs(ctx, 1));
}

void importAveragePool(ImportContext& ctx) {
    ctx.expectInputs(1, 1);
    ctx.expectOutputs(1, 1);
    checkWindowAttributes(ctx, true);
    ctx.emitAsIs();
}

void importGlobalPool(ImportContext& ctx) {
    ctx.expectInputs(1, 1);
    ctx.expectOutputs(1, 1);
    ctx.emitAsIs();
}

}  // namespace kiln::onnx_detail
