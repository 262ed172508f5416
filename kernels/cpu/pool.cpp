// MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool (ONNX opset 21), 1-D to 3-D, one
// (image, channel) plane per parallel task. Geometry (pads, auto_pad, ceil_mode) comes from window.h.
#include <algorithm>
#include <limits>

#include "engine_core/common/parallel.h"
#include "kernels/cpu/register.h"
#include "kernels/cpu/window.h"

namespace kiln::cpu {

namespace {

struct PoolSetup {
    Window w;
    int64_t planes = 0;  // N * C
    std::vector<int64_t> outDims;
};

PoolSetup setupPool(KernelContext& ctx, const Tensor& X) {
    if (X.rank() < 3) ctx.fail(ErrorKind::InvalidArgument, "X must be [N, C, spatial...], got ", X.describe());
    const size_t r = X.rank() - 2;
    if (!ctx.node().hasAttr("kernel_shape")) ctx.fail(ErrorKind::InvalidModel, "missing attribute 'kernel_shape'");
    std::vector<int64_t> kernel = spatialAttr(ctx, "kernel_shape", r, 1, 1);
    std::vector<int64_t> inSpatial(X.dims().begin() + 2, X.dims().end());
    PoolSetup s;
    s.w = makeForwardWindow(ctx, inSpatial, kernel, WindowKind::Pool);
    s.planes = X.dim(0) * X.dim(1);
    s.outDims = {X.dim(0), X.dim(1)};
    for (int64_t d : s.w.outDims()) s.outDims.push_back(d);
    return s;
}

// Calls fn(outIndex, d0, h0, w0) for every output position, where (d0, h0, w0) is the window's first
// tap in input coordinates (negative inside the begin padding).
template <typename Fn>
void forEachWindow(const Window& w, Fn&& fn) {
    int64_t o = 0;
    for (int64_t od = 0; od < w.out[0]; ++od)
        for (int64_t oh = 0; oh < w.out[1]; ++oh)
            for (int64_t ow = 0; ow < w.out[2]; ++ow, ++o)
                fn(o, od * w.stride[0] - w.padBegin[0], oh * w.stride[1] - w.padBegin[1],
                   ow * w.stride[2] - w.padBegin[2]);
}

template <typename T>
void maxPoolTyped(KernelContext& ctx, const Tensor& X) {
    PoolSetup s = setupPool(ctx, X);
    const Window& w = s.w;
    const int64_t storageOrder = ctx.node().attrInt("storage_order", 0);
    if (storageOrder != 0 && storageOrder != 1)
        ctx.fail(ErrorKind::InvalidModel, "attribute 'storage_order' must be 0 or 1, got ", storageOrder);
    Tensor& Y = ctx.allocateOutput(0, X.dtype(), s.outDims);
    int64_t* indices = nullptr;
    if (ctx.numOutputs() > 1 && ctx.outputWanted(1))
        indices = ctx.allocateOutput(1, DataType::Int64, s.outDims).data<int64_t>();
    const T* x = X.data<T>();
    T* y = Y.data<T>();
    const int64_t inSize = w.inSize(), outSize = w.outSize();
    parallelFor(s.planes, 1, [&](int64_t begin, int64_t end) {
        for (int64_t p = begin; p < end; ++p) {
            const T* src = x + p * inSize;
            forEachWindow(w, [&](int64_t o, int64_t d0, int64_t h0, int64_t w0) {
                T best = std::numeric_limits<T>::lowest();
                int64_t bestPos = -1;
                for (int64_t kd = 0; kd < w.kernel[0]; ++kd) {
                    const int64_t id = d0 + kd * w.dilation[0];
                    if (id < 0 || id >= w.in[0]) continue;
                    for (int64_t kh = 0; kh < w.kernel[1]; ++kh) {
                        const int64_t ih = h0 + kh * w.dilation[1];
                        if (ih < 0 || ih >= w.in[1]) continue;
                        for (int64_t kw = 0; kw < w.kernel[2]; ++kw) {
                            const int64_t iw = w0 + kw * w.dilation[2];
                            if (iw < 0 || iw >= w.in[2]) continue;
                            const int64_t pos = (id * w.in[1] + ih) * w.in[2] + iw;
                            if (bestPos < 0 || src[pos] > best) {
                                best = src[pos];
                                bestPos = storageOrder == 0 ? pos : id + ih * w.in[0] + iw * w.in[0] * w.in[1];
                            }
                        }
                    }
                }
                y[p * outSize + o] = best;
                if (indices) indices[p * outSize + o] = bestPos < 0 ? -1 : p * inSize + bestPos;
            });
        }
    });
}

template <typename T>
void averagePoolTyped(KernelContext& ctx, const Tensor& X) {
    PoolSetup s = setupPool(ctx, X);
    const Window& w = s.w;
    const bool includePad = ctx.node().attrInt("count_include_pad", 0) != 0;
    Tensor& Y = ctx.allocateOutput(0, X.dtype(), s.outDims);
    const T* x = X.data<T>();
    T* y = Y.data<T>();
    const int64_t inSize = w.inSize(), outSize = w.outSize();
    parallelFor(s.planes, 1, [&](int64_t begin, int64_t end) {
        for (int64_t p = begin; p < end; ++p) {
            const T* src = x + p * inSize;
            forEachWindow(w, [&](int64_t o, int64_t d0, int64_t h0, int64_t w0) {
                T sum = T(0);
                int64_t count = 0;
                // A tap counts when inside the input or, with count_include_pad, inside the explicit
                // padding (taps past it, created by ceil_mode, never count).
                for (int64_t kd = 0; kd < w.kernel[0]; ++kd) {
                    const int64_t id = d0 + kd * w.dilation[0];
                    if (id < -w.padBegin[0] || id >= w.in[0] + w.padEnd[0]) continue;
                    const bool dIn = id >= 0 && id < w.in[0];
                    for (int64_t kh = 0; kh < w.kernel[1]; ++kh) {
                        const int64_t ih = h0 + kh * w.dilation[1];
                        if (ih < -w.padBegin[1] || ih >= w.in[1] + w.padEnd[1]) continue;
                        const bool hIn = dIn && ih >= 0 && ih < w.in[1];
                        for (int64_t kw = 0; kw < w.kernel[2]; ++kw) {
                            const int64_t iw = w0 + kw * w.dilation[2];
                            if (iw < -w.padBegin[2] || iw >= w.in[2] + w.padEnd[2]) continue;
                            if (hIn && iw >= 0 && iw < w.in[2]) {
                                sum += src[(id * w.in[1] + ih) * w.in[2] + iw];
                                ++count;
                            } else if (includePad) {
                                ++count;
                            }
                        }
                    }
                }
                y[p * outSize + o] = count > 0 ? T(sum / T(count)) : T(0);
            });
        }
    });
}

template <typename T, bool IsMax>
void globalPoolTyped(KernelContext& ctx, const Tensor& X) {
    if (X.rank() < 2) ctx.fail(ErrorKind::InvalidArgument, "X must be [N, C, spatial...], got ", X.describe());
    std::vector<int64_t> outDims(X.rank(), 1);
    outDims[0] = X.dim(0);
    outDims[1] = X.dim(1);
    const int64_t planes = X.dim(0) * X.dim(1);
    const int64_t size = planes == 0 ? 0 : X.numel() / planes;
    if (size == 0 && planes > 0) ctx.fail(ErrorKind::InvalidArgument, "X ", X.describe(), " has an empty spatial extent");
    Tensor& Y = ctx.allocateOutput(0, X.dtype(), outDims);
    const T* x = X.data<T>();
    T* y = Y.data<T>();
    parallelFor(planes, std::max<int64_t>(1, 16384 / std::max<int64_t>(size, 1)), [&](int64_t begin, int64_t end) {
        for (int64_t p = begin; p < end; ++p) {
            const T* src = x + p * size;
            if constexpr (IsMax) {
                y[p] = *std::max_element(src, src + size);
            } else {
                double sum = 0;  // double accumulation: large planes lose bits in float
                for (int64_t i = 0; i < size; ++i) sum += double(src[i]);
                y[p] = T(sum / double(size));
            }
        }
    });
}

void runMaxPool(KernelContext& ctx) {
    const Tensor& X = ctx.input(0);
    switch (X.dtype()) {
        case DataType::Float32: return maxPoolTyped<float>(ctx, X);
        case DataType::Float64: return maxPoolTyped<double>(ctx, X);
        case DataType::Int8: return maxPoolTyped<int8_t>(ctx, X);
        case DataType::UInt8: return maxPoolTyped<uint8_t>(ctx, X);
        case DataType::Undefined:
        case DataType::Float16:
        case DataType::BFloat16:
        case DataType::Float8E4M3:
        case DataType::Int16:
        case DataType::UInt16:
        case DataType::Int32:
        case DataType::UInt32:
        case DataType::Int64:
        case DataType::UInt64:
        case DataType::Bool:
        case DataType::String: break;
    }
    ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(X.dtype()), " is not supported");
}

template <template <typename> class Kernel>
void runFloatPool(KernelContext& ctx) {
    const Tensor& X = ctx.input(0);
    if (X.dtype() == DataType::Float32) return Kernel<float>::run(ctx, X);
    if (X.dtype() == DataType::Float64) return Kernel<double>::run(ctx, X);
    ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(X.dtype()), " is not supported");
}

template <typename T>
struct AveragePoolKernel {
    static void run(KernelContext& ctx, const Tensor& X) { averagePoolTyped<T>(ctx, X); }
};
template <typename T>
struct GlobalAveragePoolKernel {
    static void run(KernelContext& ctx, const Tensor& X) { globalPoolTyped<T, false>(ctx, X); }
};
template <typename T>
struct GlobalMaxPoolKernel {
    static void run(KernelContext& ctx, const Tensor& X) { globalPoolTyped<T, true>(ctx, X); }
};

}  // namespace

void registerPoolKernels(KernelRegistry& registry) {
    const std::vector<DataType> floats = {DataType::Float32, DataType::Float64};
    registry.add("MaxPool", BackendKind::Cpu,
                 {runMaxPool, {DataType::Float32, DataType::Float64, DataType::Int8, DataType::UInt8}});
    registry.add("AveragePool", BackendKind::Cpu, {runFloatPool<AveragePoolKernel>, floats});
    registry.add("GlobalAveragePool", BackendKind::Cpu, {runFloatPool<GlobalAveragePoolKernel>, floats});
    registry.add("GlobalMaxPool", BackendKind::Cpu, {runFloatPool<GlobalMaxPoolKernel>, floats});
}

}  // namespace kiln::cpu
