// Activations. Clip is the one with an opset rewrite: min/max attributes (< 11) become inputs.
#include <cmath>

#include "engine_core/onnx/import_ops.h"

namespace kiln::onnx_detail {

namespace {
void expectUnary(ImportContext& ctx) {
    ctx.expectInputs(1, 1);
    ctx.expectOutputs(1, 1);
}
}  // namespace

void importSimpleActivation(ImportContext& ctx) {
    expectUnary(ctx);
    ctx.emitAsIs();
}

void importLeakyRelu(ImportContext& ctx) {
    expectUnary(ctx);
    ctx.emitAsIs();  // alpha defaults to 0.01
}

void importElu(ImportContext& ctx) {
    expectUnary(ctx);
    ctx.emitAsIs();  // alpha defaults to 1
}

void importSelu(ImportContext& ctx) {
    expectUnary(ctx);
    ctx.emitAsIs();  // alpha 1.67326..., gamma 1.0507...
}

void importCelu(ImportContext& ctx) {
    expectUnary(ctx);
    if (ctx.getFloat("alpha", 1.0f) == 0.0f) ctx.invalid<Msg::AttributeMustNotBeZero>("name"_a = "alpha");
    ctx.emitAsIs();
}

void importHardSigmoid(ImportContext& ctx) {
    expectUnary(ctx);
    ctx.emitAsIs();  // alpha 0.2, beta 0.5
}

void importThresholdedRelu(ImportContext& ctx) {
    expectUnary(ctx);
    ctx.emitAsIs();  // alpha defaults to 1
}

void importPRelu(ImportContext& ctx) {
    ctx.expectInputs(2, 2);
    ctx.expectOutputs(1, 1);
    ctx.emitAsIs();
}

void importGelu(ImportContext& ctx) {
    expectUnary(ctx);
    ctx.expectOneOf("approximate", "none", {"none", "tanh"});
    ctx.emitAsIs();
}

// Clip < 11: min/max attributes (defaults: the float range) → optional inputs (omitted = unbounded).
void importClip(ImportContext& ctx) {
    ctx.expectOutputs(1, 1);
    if (ctx.opset() >= 11) {
        ctx.expectInputs(1, 3);
        ctx.emitAsIs();
        return;
    }
    ctx.expectInputs(1, 1);
    // Clip-6 is defined for float types only; the bound takes the input's type when it is known.
    DataType dtype = ctx.input(0)->dtype;
    if (!isFloatingPoint(dtype)) dtype = DataType::Float32;
    Value* minValue = nullptr;
    Value* maxValue = nullptr;
    if (ctx.has("min")) minValue = ctx.scalarConstant("min", ctx.getFloat("min", 0), dtype);
    if (ctx.has("max")) maxValue = ctx.scalarConstant("max", ctx.getFloat("max", 0), dtype);
    ctx.drop("min");
    ctx.drop("max");
    ctx.emit("Clip", {ctx.input(0), minValue, maxValue}, ctx.outputs());
}

}  // namespace kiln::onnx_detail
