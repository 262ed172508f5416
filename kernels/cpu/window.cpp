// Sliding-window geometry (see window.h), following the output-size formulas of the ONNX Conv and
// MaxPool/AveragePool specs.
#include "kernels/cpu/window.h"

#include <algorithm>
#include <utility>

#include "engine_core/common/message.h"

namespace kiln::cpu {

void checkWindowParam(const KernelContext& ctx, const char* name, int64_t value, int64_t minValue) {
    if (value < minValue) ctx.fail(ErrorKind::InvalidModel, "attribute '", name, "' has invalid value ", value);
    if (value > kMaxWindowParam)
        ctx.fail(ErrorKind::InvalidModel, "attribute '", name, "' has value ", value, ", over the limit of ",
                 kMaxWindowParam);
}

DimVector spatialAttr(const KernelContext& ctx, const char* name, size_t spatialRank, int64_t fallback,
                      int64_t minValue) {
    const bool given = ctx.node().hasAttr(name);
    const DimVector v = given ? DimVector(ctx.node().attrIntsView(name)) : DimVector(spatialRank, fallback);
    if (v.size() != spatialRank)
        ctx.fail(ErrorKind::InvalidModel, "attribute '", name, "' has ", v.size(), " values for ", spatialRank,
                 " spatial dims");
    for (int64_t x : v) checkWindowParam(ctx, name, x, minValue);
    return v;
}

namespace {

std::optional<WindowError> windowError(ErrorKind kind, const auto&... args) {
    return WindowError{kind, concat(args...)};
}

std::optional<WindowError> checkParam(const char* name, int64_t value, int64_t minValue) {
    if (value < minValue) return windowError(ErrorKind::InvalidModel, "attribute '", name, "' has invalid value ", value);
    if (value > kMaxWindowParam)
        return windowError(ErrorKind::InvalidModel, "attribute '", name, "' has value ", value, ", over the limit of ",
                           kMaxWindowParam);
    return std::nullopt;
}

}  // namespace

std::optional<WindowError> resolveForwardWindow(const Node& node, std::span<const int64_t> inSpatial,
                                                std::span<const int64_t> kernel, WindowKind kind, Window& w) {
    const size_t r = inSpatial.size();
    if (r < 1 || r > 3)
        return windowError(ErrorKind::Unsupported, "only 1-D, 2-D and 3-D windows are supported, got ", r,
                           " spatial dims");
    if (kernel.size() != r)
        return windowError(ErrorKind::InvalidModel, "kernel has ", kernel.size(), " spatial dims but the input has ", r);
    DimVector strides, dilations;
    for (auto [name, values] : {std::pair{"strides", &strides}, std::pair{"dilations", &dilations}}) {
        *values = node.hasAttr(name) ? DimVector(node.attrIntsView(name)) : DimVector(r, 1);
        if (values->size() != r)
            return windowError(ErrorKind::InvalidModel, "attribute '", name, "' has ", values->size(), " values for ",
                               r, " spatial dims");
        for (int64_t x : *values)
            if (auto e = checkParam(name, x, 1)) return e;
    }
    const DimVector pads = node.hasAttr("pads") ? DimVector(node.attrIntsView("pads")) : DimVector(2 * r, 0);
    if (pads.size() != 2 * r)
        return windowError(ErrorKind::InvalidModel, "attribute 'pads' has ", pads.size(), " values, expected ", 2 * r);
    for (int64_t p : pads)
        if (auto e = checkParam("pads", p, 0)) return e;
    const std::string autoPad = node.attrString("auto_pad", "NOTSET");
    if (autoPad != "NOTSET" && autoPad != "VALID" && autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER")
        return windowError(ErrorKind::InvalidModel, "unknown auto_pad '", autoPad, "'");
    const bool ceilMode = kind == WindowKind::Pool && node.attrInt("ceil_mode", 0) != 0;

    w = Window{};
    w.spatialRank = int(r);
    const size_t o = 3 - r;
    for (size_t i = 0; i < r; ++i) {
        if (kernel[i] < 1) return windowError(ErrorKind::InvalidModel, "kernel dim ", i, " is ", kernel[i]);
        const int64_t in = inSpatial[i], k = kernel[i], s = strides[i], d = dilations[i];
        const int64_t dk = (k - 1) * d + 1;
        int64_t pb = 0, pe = 0, out = 0;
        if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
            out = ceilDiv(in, s);
            int64_t total = std::max<int64_t>(0, (out - 1) * s + dk - in);
            pb = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
            pe = total - pb;
        } else {
            if (autoPad == "NOTSET") {
                pb = pads[i];
                pe = pads[i + r];
            }
            const int64_t span = in + pb + pe - dk;
            out = (ceilMode ? ceilDiv(span, s) : floorDiv(span, s)) + 1;
            // With ceil_mode a window that would start in the end padding is dropped.
            if (ceilMode && out > 0 && (out - 1) * s >= in + pb) --out;
        }
        if (out < 1)
            return windowError(ErrorKind::InvalidArgument, "spatial dim ", i, " of size ", in, " (pads ", pb, "+", pe,
                               ") is smaller than the dilated kernel ", dk, ": the output would be empty");
        w.in[o + i] = in;
        w.out[o + i] = out;
        w.kernel[o + i] = k;
        w.stride[o + i] = s;
        w.dilation[o + i] = d;
        w.padBegin[o + i] = pb;
        w.padEnd[o + i] = pe;
    }
    return std::nullopt;
}

Window makeForwardWindow(const KernelContext& ctx, std::span<const int64_t> inSpatial,
                         std::span<const int64_t> kernel, WindowKind kind) {
    Window w;
    if (auto e = resolveForwardWindow(ctx.node(), inSpatial, kernel, kind, w)) ctx.fail(e->kind, e->message);
    return w;
}

}  // namespace kiln::cpu
