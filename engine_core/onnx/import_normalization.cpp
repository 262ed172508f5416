// Softmax family and the normalizations. Two opset rewrites live here:
//  * Softmax/LogSoftmax/Hardmax < 13 coerce the input to 2-D at `axis`; opset 13 normalizes along
//    one axis. Old form = Flatten(axis) → op(axis=-1) → Reshape(Shape(x)); when `axis` is already the
//    last axis the two definitions agree and the node imports directly with axis=-1.
//  * GroupNormalization 18 has per-group scale/bias; opset 21 per-channel: repeat each value C/G times.
#include <cstring>

#include "engine_core/onnx/import_ops.h"

namespace kiln::onnx_detail {

void importSoftmaxFamily(ImportContext& ctx) {
    ctx.expectInputs(1, 1);
    ctx.expectOutputs(1, 1);
    if (ctx.opset() >= 13) {
        ctx.emitAsIs();
        return;
    }
    Value* x = ctx.input(0);
    int64_t axis = ctx.getInt("axis", 1);
    if (x->shape.rankKnown) {
        int64_t rank = int64_t(x->shape.rank());
        if (axis < -rank || axis >= rank || rank == 0)
            ctx.invalid<Msg::AxisOutOfRangeForRank>("axis"_a = axis, "rank"_a = rank);
        if ((axis < 0 ? axis + rank : axis) == rank - 1) {
            ctx.attrs["axis"] = int64_t(-1);
            ctx.emitAsIs();
            return;
        }
    }
    Value* flat = ctx.newValue("flatten");
    ctx.emitHelper("flatten", "Flatten", {x}, {flat}, {{"axis", axis}});
    Value* result2d = ctx.newValue("result2d");
    ctx.attrs["axis"] = int64_t(-1);
    ctx.emit(ctx.opType(), {flat}, {result2d});
    Value* shape = ctx.newValue("shape");
    ctx.emitHelper("shape", "Shape", {x}, {shape});
    ctx.emitHelper("reshape", "Reshape", {result2d, shape}, {ctx.output(0)});
}

void importLayerNormalization(ImportContext& ctx) {
    ctx.expectInputs(2, 3);
    ctx.expectOutputs(1, 3);
    if (ctx.getInt("stash_type", 1) != 1)
        ctx.unsupported<Msg::StashTypeNotSupported>("value"_a = ctx.getInt("stash_type", 1));
    // Mean and InvStdDev are optional training aids: drop them unless the graph reads them.
    std::vector<Value*> outs = ctx.outputs();
    for (size_t i = 1; i < outs.size(); ++i)
        if (!ctx.isUsed(outs[i])) outs[i] = nullptr;
    ctx.emit("LayerNormalization", ctx.inputs(), outs);
}

void importInstanceNormalization(ImportContext& ctx) {
    ctx.expectInputs(3, 3);
    ctx.expectOutputs(1, 1);
    ctx.emitAsIs();
}

namespace {
// Per-group values [G] → per-channel [C] (each repeated C/G times).
Tensor repeatPerChannel(const Tensor& perGroup, int64_t channels) {
    int64_t groups = perGroup.numel();
    Tensor out(perGroup.dtype(), {channels});
    size_t elem = dataTypeSize(perGroup.dtype());
    const auto* src = static_cast<const uint8_t*>(perGroup.raw());
    auto* dst = static_cast<uint8_t*>(out.raw());
    for (int64_t c = 0; c < channels; ++c)
        std::memcpy(dst + size_t(c) * elem, src + size_t(c / (channels / groups)) * elem, elem);
    return out;
}
}  // namespace

void importGroupNormalization(ImportContext& ctx) {
    ctx.expectInputs(3, 3);
    ctx.expectOutputs(1, 1);
    if (!ctx.has("num_groups")) ctx.invalid<Msg::AttributeMissing>("name"_a = "num_groups");
    int64_t groups = ctx.getInt("num_groups", 0);
    if (groups <= 0)
        ctx.invalid<Msg::AttributeValueMustBePositive>("name"_a = "num_groups", "value"_a = groups);
    if (ctx.getInt("stash_type", 1) != 1)
        ctx.unsupported<Msg::StashTypeNotSupported>("value"_a = ctx.getInt("stash_type", 1));
    if (ctx.opset() >= 21) {
        ctx.emitAsIs();
        return;
    }
    Value* x = ctx.input(0);
    Value* scale = ctx.input(1);
    Value* bias = ctx.input(2);
    const Tensor* scaleConst = ctx.constantValue(scale);
    const Tensor* biasConst = ctx.constantValue(bias);
    bool channelsKnown = x->shape.rankKnown && x->shape.rank() >= 2 && x->shape.dims[1].isStatic();
    if (scaleConst && biasConst && channelsKnown) {
        int64_t channels = x->shape.dims[1].value;
        if (channels % groups != 0)
            ctx.invalid<Msg::ChannelsNotDivisibleIntoGroups>("channels"_a = channels, "groups"_a = groups);
        if (scaleConst->numel() != groups || biasConst->numel() != groups)
            ctx.invalid<Msg::ScaleBiasGroupCount>("groups"_a = groups, "opset"_a = ctx.opset());
        Value* scaleC = ctx.constant("scale_per_channel", repeatPerChannel(*scaleConst, channels));
        Value* biasC = ctx.constant("bias_per_channel", repeatPerChannel(*biasConst, channels));
        ctx.emit("GroupNormalization", {x, scaleC, biasC}, ctx.outputs());
        return;
    }
    // Unknown C or non-constant scale/bias: expand at run time.
    //   target = Concat([G], Shape(x)[1:2] / G)          → [G, C/G]
    //   p_c    = Reshape(Expand(Unsqueeze(p, [1]), target), [-1])  → [C]
    Value* channels = ctx.newValue("channels");
    ctx.emitHelper("channels", "Shape", {x}, {channels}, {{"start", int64_t(1)}, {"end", int64_t(2)}});
    Value* groupsValue = ctx.constantInt64("num_groups", {groups});
    Value* perGroup = ctx.newValue("channels_per_group");
    ctx.emitHelper("channels_per_group", "Div", {channels, groupsValue}, {perGroup});
    Value* target = ctx.newValue("expand_shape");
    ctx.emitHelper("expand_shape", "Concat", {groupsValue, perGroup}, {target}, {{"axis", int64_t(0)}});
    Value* axisOne = ctx.constantInt64("axes", {1});
    Value* flatShape = ctx.constantInt64("flat_shape", {-1});
    auto expand = [&](Value* p, const std::string& what) {
        Value* column = ctx.newValue(what + "_column");
        ctx.emitHelper(what + "_column", "Unsqueeze", {p, axisOne}, {column});
        Value* expanded = ctx.newValue(what + "_expanded");
        ctx.emitHelper(what + "_expanded", "Expand", {column, target}, {expanded});
        Value* perChannel = ctx.newValue(what + "_per_channel");
        ctx.emitHelper(what + "_per_channel", "Reshape", {expanded, flatShape}, {perChannel});
        return perChannel;
    };
    Value* scaleC = expand(scale, "scale");
    Value* biasC = expand(bias, "bias");
    ctx.emit("GroupNormalization", {x, scaleC, biasC}, ctx.outputs());
}

}  // namespace kiln::onnx_detail
