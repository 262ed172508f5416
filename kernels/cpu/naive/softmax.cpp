// Oracle (naive) Softmax, LogSoftmax and Hardmax along one axis (opset 13 semantics; the importer
// rewrites the older coerce-to-2-D forms). Per slice along the axis, in double:
//   m = max (NaN if any element is NaN), e_j = exp(x_j − m),
//   Softmax = e_j / Σe, LogSoftmax = x_j − m − log Σe;
// a slice of all −inf gives NaN (−inf − −inf), as the ONNX reference does. Hardmax: 1 at the first
// maximum (the first NaN if there is one, as numpy's argmax). Dtypes: fp32, fp64, fp16, bf16.
#include <cmath>
#include <limits>

#include "kernels/cpu/naive/naive.h"

namespace kiln::naive {

namespace {

enum class Kind { Softmax, LogSoftmax, Hardmax };

template <Kind K>
void softmaxKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    if (!isFloatingPoint(x.dtype()))
        ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(x.dtype()), " is not supported");
    const int64_t rank = int64_t(x.rank());
    if (rank == 0) ctx.fail(ErrorKind::InvalidModel, "input must have rank >= 1, got a scalar");
    const int64_t axis = naiveAxis(ctx, ctx.node().attrInt("axis", -1), rank);
    const std::vector<int64_t>& dims = x.dims();
    const int64_t outer = elementCount(std::vector<int64_t>(dims.begin(), dims.begin() + axis));
    const int64_t n = dims[size_t(axis)];
    const int64_t inner = elementCount(std::vector<int64_t>(dims.begin() + axis + 1, dims.end()));
    Tensor& y = ctx.allocateOutput(0, x.dtype(), dims);
    for (int64_t o = 0; o < outer; ++o)
        for (int64_t i = 0; i < inner; ++i) {
            auto at = [&](int64_t j) { return (o * n + j) * inner + i; };
            if constexpr (K == Kind::Hardmax) {
                int64_t best = 0;
                for (int64_t j = 1; j < n; ++j) {
                    double v = readFloat(x, at(j)), b = readFloat(x, at(best));
                    if (!std::isnan(b) && (std::isnan(v) || v > b)) best = j;
                }
                for (int64_t j = 0; j < n; ++j) writeFloat(y, at(j), j == best ? 1.0 : 0.0);
            } else {
                double m = -std::numeric_limits<double>::infinity();
                for (int64_t j = 0; j < n; ++j) {
                    double v = readFloat(x, at(j));
                    if (std::isnan(v) || v > m) m = std::isnan(m) ? m : v;
                }
                double sum = 0.0;
                for (int64_t j = 0; j < n; ++j) sum += std::exp(readFloat(x, at(j)) - m);
                for (int64_t j = 0; j < n; ++j) {
                    double shifted = readFloat(x, at(j)) - m;
                    writeFloat(y, at(j), K == Kind::Softmax ? std::exp(shifted) / sum : shifted - std::log(sum));
                }
            }
        }
}

}  // namespace

void registerNaiveSoftmaxKernels(KernelRegistry& registry) {
    addNaive(registry, "Softmax", &softmaxKernel<Kind::Softmax>, naiveFloatTypes());
    addNaive(registry, "LogSoftmax", &softmaxKernel<Kind::LogSoftmax>, naiveFloatTypes());
    addNaive(registry, "Hardmax", &softmaxKernel<Kind::Hardmax>, naiveFloatTypes());
}

}  // namespace kiln::naive
