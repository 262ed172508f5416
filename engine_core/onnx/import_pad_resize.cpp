// Padding and resampling.
//  * Pad < 11: `pads`/`value` attributes → `pads` (int64) and `constant_value` inputs.
//  * Upsample 7-9 and Resize 10 (scales only, "asymmetric" coordinates, floor for nearest) →
//    Resize(X, roi=<none>, scales) with those modes spelled out as opset-21 attributes.
//  * Resize 11+: empty constant roi/scales/sizes mean "omitted"; roi is dropped unless the
//    coordinate mode is tf_crop_and_resize (the only mode that reads it). Resize 11-12's
//    tf_half_pixel_for_nn becomes half_pixel with the equivalent nearest_mode.
#include "engine_core/onnx/import_ops.h"

namespace kiln::onnx_detail {

namespace {
bool isEmptyConstant(ImportContext& ctx, Value* v) {
    const Tensor* t = ctx.constantValue(v);
    return t && t->numel() == 0;
}
}  // namespace

void importPad(ImportContext& ctx) {
    ctx.expectOutputs(1, 1);
    if (ctx.opset() >= 19)
        ctx.expectOneOf("mode", "constant", {"constant", "reflect", "edge", "wrap"});
    else
        ctx.expectOneOf("mode", "constant", {"constant", "reflect", "edge"});
    if (ctx.opset() >= 11) {
        ctx.expectInputs(2, 4);
        ctx.emitAsIs();
        return;
    }
    ctx.expectInputs(1, 1);
    if (!ctx.has("pads")) ctx.invalid<Msg::AttributeMissing>("name"_a = "pads");
    std::vector<int64_t> pads = ctx.getInts("pads");
    float value = ctx.getFloat("value", 0.0f);
    ctx.drop("pads");
    ctx.drop("value");
    // Pad-2 is float-only; the padding value takes the input's type when it is known.
    DataType dtype = ctx.input(0)->dtype;
    if (!isFloatingPoint(dtype)) dtype = DataType::Float32;
    Value* constantValue = value != 0.0f ? ctx.scalarConstant("constant_value", value, dtype) : nullptr;
    ctx.emit("Pad", {ctx.input(0), ctx.constantInt64("pads", pads), constantValue}, ctx.outputs());
}

namespace {
void emitLegacyResize(ImportContext& ctx, Value* x, Value* scales) {
    std::string mode = ctx.getString("mode", "nearest");
    if (mode == "bilinear") mode = "linear";  // some old exporters' spelling
    if (mode != "nearest" && mode != "linear")
        ctx.unsupported<Msg::AttributeValueNotSupported>("name"_a = "mode", "value"_a = mode,
                                                         "supported"_a = "nearest, linear");
    ctx.attrs = {{"mode", mode},
                 {"coordinate_transformation_mode", std::string("asymmetric")},
                 {"nearest_mode", std::string("floor")}};
    ctx.emit("Resize", {x, nullptr, scales}, ctx.outputs());
}
}  // namespace

void importUpsample(ImportContext& ctx) {
    ctx.expectOutputs(1, 1);
    Value* scales = nullptr;
    if (ctx.opset() < 9) {
        ctx.expectInputs(1, 1);
        std::vector<float> s = ctx.getFloats("scales");
        if (s.empty()) ctx.invalid<Msg::AttributeMissing>("name"_a = "scales");
        scales = ctx.constant("scales", Tensor::fromVector<float>({int64_t(s.size())}, s));
    } else {
        ctx.expectInputs(2, 2);
        scales = ctx.input(1);
    }
    emitLegacyResize(ctx, ctx.input(0), scales);
}

void importResize(ImportContext& ctx) {
    ctx.expectOutputs(1, 1);
    if (ctx.opset() < 11) {
        ctx.expectInputs(2, 2);
        emitLegacyResize(ctx, ctx.input(0), ctx.input(1));
        return;
    }
    ctx.expectInputs(1, 4);
    ctx.expectOneOf("mode", "nearest", {"nearest", "linear", "cubic"});
    std::string coordinates = ctx.getString("coordinate_transformation_mode", "half_pixel");
    if (coordinates == "tf_half_pixel_for_nn") {
        // Opset 11-12 only: x_in = (x_out + 0.5) / scale, i.e. half_pixel's value + 0.5. Rounding
        // h + 0.5 equals a different rounding of h: round_prefer_floor(h + 0.5) = ceil(h) and
        // floor(h + 0.5) = round_prefer_ceil(h); the other two modes have no opset-21 equivalent.
        std::string nearest = ctx.getString("nearest_mode", "round_prefer_floor");
        if (ctx.getString("mode", "nearest") != "nearest" ||
            (nearest != "round_prefer_floor" && nearest != "floor"))
            ctx.unsupported<Msg::TfHalfPixelForNn>();
        coordinates = "half_pixel";
        ctx.attrs["coordinate_transformation_mode"] = coordinates;
        ctx.attrs["nearest_mode"] = std::string(nearest == "floor" ? "round_prefer_ceil" : "ceil");
    }
    ctx.expectOneOf("coordinate_transformation_mode", "half_pixel",
                    {"half_pixel", "half_pixel_symmetric", "pytorch_half_pixel", "align_corners",
                     "asymmetric", "tf_crop_and_resize"});
    ctx.expectOneOf("nearest_mode", "round_prefer_floor",
                    {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"});
    ctx.expectOneOf("keep_aspect_ratio_policy", "stretch", {"stretch", "not_larger", "not_smaller"});
    if (ctx.getInt("antialias", 0) != 0) ctx.unsupported<Msg::AntialiasNotSupported>();
    if (int64_t e = ctx.getInt("exclude_outside", 0); e != 0 && e != 1)
        ctx.invalid<Msg::AttributeMustBeZeroOrOne>("name"_a = "exclude_outside", "value"_a = e);

    Value* roi = ctx.input(1);
    Value* scales = ctx.input(2);
    Value* sizes = ctx.input(3);
    if (coordinates != "tf_crop_and_resize" || isEmptyConstant(ctx, roi)) roi = nullptr;
    if (isEmptyConstant(ctx, scales)) scales = nullptr;
    if (isEmptyConstant(ctx, sizes)) sizes = nullptr;
    if (!scales && !sizes) ctx.invalid<Msg::ResizeNeedsScalesOrSizes>();
    if (scales && sizes) ctx.invalid<Msg::ResizeHasScalesAndSizes>();
    ctx.emit("Resize", {ctx.input(0), roi, scales, sizes}, ctx.outputs());
}

}  // namespace kiln::onnx_detail
