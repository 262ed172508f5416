// kiln::Reformat(X) -> Y: the same logical tensor in another layout. Attributes: from, to
// ("linear" | "nhwc"). The builder inserts it where a layer wants its activations in another format
// than their producer wrote (builder_assign.cpp); on the host it runs here (engine_core/ir/layout.h
// has the conversion).
#include <algorithm>

#include "engine_core/common/parallel.h"
#include "engine_core/ir/layout.h"
#include "kernels/cpu/int8_layout.h"
#include "kernels/cpu/register.h"

namespace kiln::cpu {

namespace {

// 1-byte elements (the int8 layers' activations at the ends of a channels-last run) by the SSE2
// 16x16 byte transpose, on the pool in chunks of 1024 positions of one image: the generic
// element-by-element copy took 0.23 ms for MobileNetV2's 32 x 112 x 112 uint8 activations.
void reformatBytes(const Tensor& x, Tensor& y) {
    const int64_t N = x.dim(0), C = x.dim(1), D = x.numel() / (N * C);
    const bool toLast = y.format() == TensorFormat::NHWC;
    const uint8_t* src = static_cast<const uint8_t*>(x.raw());
    uint8_t* dst = static_cast<uint8_t*>(y.raw());
    const int64_t chunk = 1024, chunks = (D + chunk - 1) / chunk;
    parallelFor(N * chunks, grainFor(kGrainElements, chunk * C), [&](int64_t begin, int64_t end) {
        for (int64_t t = begin; t < end; ++t) {
            const int64_t n = t / chunks, p0 = (t % chunks) * chunk, count = std::min(D, p0 + chunk) - p0;
            const int64_t image = n * C * D;
            if (toLast)  // [C][D] -> [D][C]
                cpu::transposeBytes(src + image + p0, D, dst + image + p0 * C, C, C, count);
            else  // [D][C] -> [C][D]
                cpu::transposeBytes(src + image + p0 * C, C, dst + image + p0, D, count, C);
        }
    });
}

void runReformat(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    auto to = parseTensorFormat(ctx.node().attrString("to", "linear"));
    if (!to) ctx.fail(ErrorKind::InvalidModel, "unknown format '", ctx.node().attrString("to", ""), "'");
    Tensor& y = ctx.allocateOutput(0, x.dtype(), x.dims());  // in the layer's format: `to`
    if (y.format() != *to) ctx.fail(ErrorKind::Internal, "output in ", tensorFormatName(y.format()), ", not ", tensorFormatName(*to));
    if (x.rank() >= 3 && x.format() != y.format() && dataTypeSize(x.dtype()) == 1 && x.numel() > 0 &&
        x.device().isHost())
        reformatBytes(x, y);
    else
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
