// Shape and data-movement ops. Rewrites to the opset-21 form:
//  * Squeeze/Unsqueeze < 13: `axes` attribute → int64 input.
//  * Split < 13: `split` attribute → int64 input; without sizes, num_outputs = the output count
//    (the old equal split; the opset-18 attribute means the same when the split is even).
//  * Slice < 10: starts/ends/axes attributes → inputs.
//  * Dropout < 12: `ratio` attribute → input. Inference only: Dropout is an identity.
//  * Constant: value_float(s)/value_int(s) → a `value` tensor attribute.
#include <algorithm>
#include <limits>

#include "engine_core/onnx/import_ops.h"

namespace kiln::onnx_detail {

void importReshape(ImportContext& ctx) {
    ctx.expectInputs(2, 2);
    ctx.expectOutputs(1, 1);
    ctx.emitAsIs();  // allowzero (opset 14) defaults to 0
}

void importFlatten(ImportContext& ctx) {
    ctx.expectInputs(1, 1);
    ctx.expectOutputs(1, 1);
    ctx.emitAsIs();
}

void importTranspose(ImportContext& ctx) {
    ctx.expectInputs(1, 1);
    ctx.expectOutputs(1, 1);
    if (ctx.has("perm")) {
        std::vector<int64_t> perm = ctx.getInts("perm");
        std::vector<int64_t> sorted = perm;
        std::sort(sorted.begin(), sorted.end());
        for (size_t i = 0; i < sorted.size(); ++i)
            if (sorted[i] != int64_t(i)) ctx.invalid<Msg::PermNotPermutation>("last"_a = perm.size() - 1);
    }
    ctx.emitAsIs();
}

void importSqueeze(ImportContext& ctx) {
    ctx.expectOutputs(1, 1);
    if (ctx.opset() >= 13) {
        ctx.expectInputs(1, 2);
        ctx.emitAsIs();
        return;
    }
    ctx.expectInputs(1, 1);
    std::vector<int64_t> axes = ctx.getInts("axes");
    bool given = ctx.has("axes");
    ctx.drop("axes");
    // An absent attribute squeezes every size-1 dim, like the omitted input.
    Value* axesValue = given ? ctx.constantInt64("axes", axes) : nullptr;
    ctx.emit("Squeeze", {ctx.input(0), axesValue}, ctx.outputs());
}

void importUnsqueeze(ImportContext& ctx) {
    ctx.expectOutputs(1, 1);
    if (ctx.opset() >= 13) {
        ctx.expectInputs(2, 2);
        ctx.emitAsIs();
        return;
    }
    ctx.expectInputs(1, 1);
    if (!ctx.has("axes")) ctx.invalid<Msg::AttributeMissing>("name"_a = "axes");
    std::vector<int64_t> axes = ctx.getInts("axes");
    ctx.drop("axes");
    ctx.emit("Unsqueeze", {ctx.input(0), ctx.constantInt64("axes", axes)}, ctx.outputs());
}

void importConcat(ImportContext& ctx) {
    ctx.expectInputs(1, std::numeric_limits<size_t>::max());
    ctx.expectOutputs(1, 1);
    for (size_t i = 0; i < ctx.inputCount(); ++i)
        if (!ctx.input(i)) ctx.invalid<Msg::InputEmpty>("index"_a = i);
    if (!ctx.has("axis")) ctx.invalid<Msg::AttributeMissing>("name"_a = "axis");
    ctx.emitAsIs();
}

void importSplit(ImportContext& ctx) {
    ctx.expectOutputs(1, std::numeric_limits<size_t>::max());
    Value* split = nullptr;
    if (ctx.opset() < 13) {
        ctx.expectInputs(1, 1);
        std::vector<int64_t> sizes = ctx.getInts("split");
        ctx.drop("split");
        if (!sizes.empty()) {
            if (sizes.size() != ctx.outputCount())
                ctx.invalid<Msg::SplitSizesForOutputs>("sizes"_a = sizes.size(),
                                                       "outputs"_a = ctx.outputCount());
            split = ctx.constantInt64("split", sizes);
        }
    } else {
        ctx.expectInputs(1, 2);
        split = ctx.input(1);
    }
    if (split && ctx.has("num_outputs")) ctx.invalid<Msg::SplitInputAndNumOutputs>();
    if (!split && !ctx.has("num_outputs")) ctx.attrs["num_outputs"] = int64_t(ctx.outputCount());
    for (size_t i = 0; i < ctx.outputCount(); ++i)
        if (!ctx.output(i)) ctx.invalid<Msg::OutputEmpty>("index"_a = i);
    ctx.emit("Split", {ctx.input(0), split}, ctx.outputs());
}

void importSlice(ImportContext& ctx) {
    ctx.expectOutputs(1, 1);
    if (ctx.opset() >= 10) {
        ctx.expectInputs(3, 5);
        ctx.emitAsIs();
        return;
    }
    ctx.expectInputs(1, 1);
    if (!ctx.has("starts") || !ctx.has("ends")) ctx.invalid<Msg::AttributesStartsEndsMissing>();
    std::vector<int64_t> starts = ctx.getInts("starts"), ends = ctx.getInts("ends");
    if (starts.size() != ends.size()) ctx.invalid<Msg::StartsEndsLengths>();
    Value* axes = nullptr;
    if (ctx.has("axes")) {
        std::vector<int64_t> a = ctx.getInts("axes");
        if (a.size() != starts.size()) ctx.invalid<Msg::AxesStartsLengths>();
        axes = ctx.constantInt64("axes", a);
    }
    ctx.drop("starts");
    ctx.drop("ends");
    ctx.drop("axes");
    ctx.emit("Slice",
             {ctx.input(0), ctx.constantInt64("starts", starts), ctx.constantInt64("ends", ends), axes},
             ctx.outputs());
}

void importExpand(ImportContext& ctx) {
    ctx.expectInputs(2, 2);
    ctx.expectOutputs(1, 1);
    ctx.emitAsIs();
}

void importTile(ImportContext& ctx) {
    ctx.expectInputs(2, 2);
    ctx.expectOutputs(1, 1);
    ctx.emitAsIs();
}

void importShape(ImportContext& ctx) {
    ctx.expectInputs(1, 1);
    ctx.expectOutputs(1, 1);
    ctx.emitAsIs();  // start/end (opset 15) default to the whole shape
}

void importSize(ImportContext& ctx) {
    ctx.expectInputs(1, 1);
    ctx.expectOutputs(1, 1);
    ctx.emitAsIs();
}

void importConstantOfShape(ImportContext& ctx) {
    ctx.expectInputs(1, 1);
    ctx.expectOutputs(1, 1);
    if (ctx.has("value")) {
        const Tensor* value = ctx.attrs.at("value").get<Tensor>();
        if (!value) ctx.invalid<Msg::AttributeValueNotTensor>();
        if (value->numel() != 1) ctx.invalid<Msg::AttributeValueNotOneElement>("count"_a = value->numel());
    }
    ctx.emitAsIs();  // absent value = fp32 zero
}

void importRange(ImportContext& ctx) {
    ctx.expectInputs(3, 3);
    ctx.expectOutputs(1, 1);
    ctx.emitAsIs();
}

void importIdentity(ImportContext& ctx) {
    ctx.expectInputs(1, 1);
    ctx.expectOutputs(1, 1);
    ctx.emitAsIs();
}

void importDropout(ImportContext& ctx) {
    ctx.expectOutputs(1, 2);
    Value* mask = ctx.isUsed(ctx.output(1)) ? ctx.output(1) : nullptr;
    std::vector<Value*> inputs;
    if (ctx.opset() < 12) {
        ctx.expectInputs(1, 1);
        // Dropout 7-9 returned the mask in the input's type; the canonical mask is bool.
        if (mask && ctx.opset() < 10) ctx.unsupported<Msg::DropoutMaskBeforeOpset10>();
        Value* ratio = ctx.has("ratio")
                           ? ctx.scalarConstant("ratio", ctx.getFloat("ratio", 0.5f), DataType::Float32)
                           : nullptr;
        ctx.drop("ratio");
        ctx.drop("is_test");
        inputs = {ctx.input(0), ratio};
    } else {
        ctx.expectInputs(1, 3);
        if (Value* training = ctx.input(2)) {
            const Tensor* t = ctx.constantValue(training);
            if (!t) ctx.unsupported<Msg::TrainingModeNotConstant>();
            if (t->numel() != 1 || t->scalarAsDouble(0) != 0) ctx.unsupported<Msg::TrainingModeTrue>();
        }
        inputs = ctx.inputs();
    }
    ctx.emit("Dropout", inputs, {ctx.output(0), mask});
}

void importConstant(ImportContext& ctx) {
    ctx.expectInputs(0, 0);
    ctx.expectOutputs(1, 1);
    if (ctx.attrs.size() != 1) ctx.invalid<Msg::ConstantValueAttributeCount>("count"_a = ctx.attrs.size());
    const auto& [key, attr] = *ctx.attrs.begin();
    Tensor value;
    if (key == "value") {
        if (!attr.get<Tensor>()) ctx.invalid<Msg::AttributeValueNotTensor>();
        value = *attr.get<Tensor>();
    } else if (key == "value_float") {
        value = Tensor::scalar<float>(ctx.getFloat(key, 0));
    } else if (key == "value_floats") {
        std::vector<float> v = ctx.getFloats(key);
        value = Tensor::fromVector<float>({int64_t(v.size())}, v);
    } else if (key == "value_int") {
        value = Tensor::scalar<int64_t>(ctx.getInt(key, 0));
    } else if (key == "value_ints") {
        std::vector<int64_t> v = ctx.getInts(key);
        value = Tensor::fromVector<int64_t>({int64_t(v.size())}, v);
    } else if (key == "value_string" || key == "value_strings") {
        ctx.unsupported<Msg::StringConstantsNotSupported>();
    } else {
        ctx.invalid<Msg::UnknownAttribute>("name"_a = key);
    }
    ctx.attrs = {{"value", value}};
    ctx.emitAsIs();
    ctx.registerConstantNode(ctx.output(0), value);
}

}  // namespace kiln::onnx_detail
