// kiln::Reformat(X) -> Y: the same logical tensor in another layout. Attributes: from, to
// ("linear" | "nhwc"). The builder inserts it where a layer wants its activations in another format
// than their producer wrote (builder_assign.cpp); on the host it runs here (engine_core/ir/layout.h
// has the conversion).
#include "engine_core/ir/layout.h"
#include "kernels/cpu/register.h"

namespace kiln::cpu {

namespace {

void runReformat(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    auto to = parseTensorFormat(ctx.node().attrString("to", "linear"));
    if (!to) ctx.fail(ErrorKind::InvalidModel, "unknown format '", ctx.node().attrString("to", ""), "'");
    Tensor& y = ctx.allocateOutput(0, x.dtype(), x.dims());  // in the layer's format: `to`
    if (y.format() != *to) ctx.fail(ErrorKind::Internal, "output in ", tensorFormatName(y.format()), ", not ", tensorFormatName(*to));
    reformatInto(x, y);
}

}  // namespace

void registerReformatKernels(KernelRegistry& registry) {
    // One per output format (a layer's format is that of the activations it writes).
    for (TensorFormat format : {TensorFormat::Linear, TensorFormat::NHWC}) {
        KernelDef def{runReformat, {}};
        def.format = format;
        registry.add("Reformat", def, "kiln");
    }
}

}  // namespace kiln::cpu
