// Softmax, LogSoftmax and Hardmax along one axis (opset 13+ semantics; the importer rewrites the
// older coerce-to-2-D forms). Stable: the row maximum is subtracted before exp, sums use double.
// fp32 Softmax along a contiguous axis (the attention rows of a transformer) takes a vectorized
// path: fast_math's expApprox (about 2 ulp), the sum in 16 double lanes; rows holding a NaN or only
// -inf take the generic path.
#include <cmath>
#include <limits>
#include <type_traits>

#include "engine_core/common/parallel.h"
#include "kernels/cpu/dispatch.h"
#include "kernels/cpu/fast_math.h"
#include "kernels/cpu/isa.h"
#include "kernels/cpu/register.h"

namespace kiln::cpu {

namespace {

enum class SoftmaxKind { Softmax, LogSoftmax, Hardmax };

// One slice of n elements at stride `stride` (x and y may not alias).
template <SoftmaxKind K, typename T>
void softmaxSlice(const T* x, T* y, int64_t n, int64_t stride) {
    if (n == 0) return;
    T maxv = x[0];
    int64_t argmax = 0;
    for (int64_t j = 1; j < n; ++j) {
        T v = x[j * stride];
        // The first maximum wins (Hardmax); a NaN makes the whole slice NaN for the others.
        if (v > maxv || (std::isnan(v) && !std::isnan(maxv))) {
            maxv = v;
            argmax = j;
        }
    }
    if constexpr (K == SoftmaxKind::Hardmax) {
        for (int64_t j = 0; j < n; ++j) y[j * stride] = T(j == argmax ? 1 : 0);
        return;
    } else {
        if (std::isinf(maxv) && maxv < 0) {
            // Every element is -inf: exp(x - max) is undefined; ONNX Runtime gives NaN as well.
            for (int64_t j = 0; j < n; ++j) y[j * stride] = std::numeric_limits<T>::quiet_NaN();
            return;
        }
        double sum = 0.0;
        for (int64_t j = 0; j < n; ++j) {
            double e = std::exp(double(x[j * stride]) - double(maxv));
            if constexpr (K == SoftmaxKind::Softmax) y[j * stride] = T(e);
            sum += e;
        }
        if constexpr (K == SoftmaxKind::Softmax) {
            double inv = 1.0 / sum;
            for (int64_t j = 0; j < n; ++j) y[j * stride] = T(double(y[j * stride]) * inv);
        } else {
            double logSum = std::log(sum) + double(maxv);
            for (int64_t j = 0; j < n; ++j) y[j * stride] = T(double(x[j * stride]) - logSum);
        }
    }
}

// Softmax of one contiguous fp32 row; false (nothing written) when the row holds a NaN or its
// maximum is -inf (every element -inf), which the generic slice handles.
KILN_ALWAYS_INLINE bool softmaxRowBody(const float* x, float* y, int64_t n) {
    float maxv = -std::numeric_limits<float>::infinity();
    bool nan = false;
    for (int64_t j = 0; j < n; ++j) {
        const float v = x[j];
        nan |= v != v;
        maxv = v > maxv ? v : maxv;
    }
    if (nan || maxv == -std::numeric_limits<float>::infinity()) return false;
    // +inf in the row: inf - inf is NaN, so the sum and every output are NaN as std::exp gives.
    expNormalizeRow(x, y, n, maxv);
    return true;
}
bool softmaxRowPlain(const float* x, float* y, int64_t n) { return softmaxRowBody(x, y, n); }
KILN_TARGET_AVX512 bool softmaxRowAvx512(const float* x, float* y, int64_t n) { return softmaxRowBody(x, y, n); }

template <SoftmaxKind K, typename T>
void softmaxAll(const T* x, T* y, const std::vector<int64_t>& dims, int64_t axis) {
    int64_t outer = dimProduct(dims, 0, size_t(axis));
    int64_t n = dims[size_t(axis)];
    int64_t inner = dimProduct(dims, size_t(axis) + 1, dims.size());
    int64_t slices = outer * inner;
    if constexpr (K == SoftmaxKind::Softmax && std::is_same_v<T, float>) {
        if (inner == 1) {
            const bool avx512 = avx512Enabled();
            parallelFor(outer, std::max<int64_t>(1, 16384 / std::max<int64_t>(n, 1)), [&](int64_t begin, int64_t end) {
                for (int64_t o = begin; o < end; ++o) {
                    const float* xr = x + o * n;
                    float* yr = y + o * n;
                    if (!(avx512 ? softmaxRowAvx512(xr, yr, n) : softmaxRowPlain(xr, yr, n)))
                        softmaxSlice<K>(xr, yr, n, 1);
                }
            });
            return;
        }
    }
    parallelFor(slices, std::max<int64_t>(1, 4096 / std::max<int64_t>(n, 1)), [&](int64_t begin, int64_t end) {
        for (int64_t s = begin; s < end; ++s) {
            int64_t o = s / inner, i = s % inner;
            int64_t base = o * n * inner + i;
            softmaxSlice<K>(x + base, y + base, n, inner);
        }
    });
}

template <SoftmaxKind K>
void softmaxKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    DataType t = x.dtype();
    int64_t rank = int64_t(x.rank());
    if (rank == 0) ctx.fail(ErrorKind::InvalidModel, "input must have rank >= 1, got a scalar");
    int64_t axis = normalizeAxis(ctx, ctx.node().attrInt("axis", -1), rank);
    if (isStorageFloat(t)) {
        Tensor wide = widenToFloat32(x);
        Tensor tmp(DataType::Float32, x.dims());
        softmaxAll<K>(wide.data<float>(), tmp.data<float>(), x.dims(), axis);
        ctx.setOutput(0, narrowFromFloat32(tmp, t));
    } else if (t == DataType::Float32) {
        Tensor& y = ctx.allocateOutput(0, t, x.dims());
        softmaxAll<K>(x.data<float>(), y.data<float>(), x.dims(), axis);
    } else if (t == DataType::Float64) {
        Tensor& y = ctx.allocateOutput(0, t, x.dims());
        softmaxAll<K>(x.data<double>(), y.data<double>(), x.dims(), axis);
    } else {
        ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(t), " is not supported");
    }
}

}  // namespace

void registerSoftmaxKernels(KernelRegistry& registry) {
    const std::vector<DataType> types = {DataType::Float32, DataType::Float64, DataType::Float16, DataType::BFloat16};
    registry.add("Softmax", {&softmaxKernel<SoftmaxKind::Softmax>, types});
    registry.add("LogSoftmax", {&softmaxKernel<SoftmaxKind::LogSoftmax>, types});
    registry.add("Hardmax", {&softmaxKernel<SoftmaxKind::Hardmax>, types});
}

}  // namespace kiln::cpu
