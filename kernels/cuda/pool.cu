// MaxPool (with its optional Indices output) and AveragePool on the GPU, 1-D to 3-D, one thread per
// output element. The window geometry (kernel_shape, strides, dilations, pads, auto_pad, ceil_mode)
// is the CPU's own (kernels/cpu/window.h, canonicalized to 3-D with leading trivial dims), so both
// agree on every output size and error message. Values follow the oracle (kernels/cpu/naive/pool.cpp):
// the first NaN in a window wins the max, else the first maximum in scan order; a window with no tap
// inside the input is -inf (the lowest integer) for MaxPool and NaN (0/0) for AveragePool.
// Channels-last layers (KernelDef::format NHWC) have kernels of their own: consecutive threads take
// consecutive channels of one output position, so each tap is one contiguous read across a warp;
// MaxPool's Indices (positions in the linear layout) only come from the linear kernel. A channels-last
// MaxPool whose C is a whole number of 16-byte packs takes a pack per thread (maxPoolNhwcPackedKernel).
// GlobalAveragePool and GlobalMaxPool are plane reductions (reduce.cu).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "kernels/cpu/window.h"
#include "kernels/cuda/common.cuh"
#include "kernels/cuda/register.h"

namespace kiln::cuda {

namespace {

// cpu::Window by value, for the kernels.
struct PoolGeometry {
    int64_t in[3], out[3], kernel[3], stride[3], dilation[3], padBegin[3], padEnd[3];
    int64_t planes;    // N * C
    int64_t channels;  // C
};

struct PoolSetup {
    PoolGeometry g;
    std::vector<int64_t> outDims;
};

// The CPU's setup (kernels/cpu/pool.cpp): the same checks and messages.
PoolSetup setupPool(const KernelContext& ctx, const Tensor& x) {
    if (x.rank() < 3) ctx.fail(ErrorKind::InvalidArgument, "X must be [N, C, spatial...], got ", x.describe());
    const size_t r = x.rank() - 2;
    if (!ctx.node().hasAttr("kernel_shape")) ctx.fail(ErrorKind::InvalidModel, "missing attribute 'kernel_shape'");
    const DimVector kernel = cpu::spatialAttr(ctx, "kernel_shape", r, 1, 1);
    const std::span<const int64_t> inSpatial(x.dims().begin() + 2, x.dims().end());
    const cpu::Window w = cpu::makeForwardWindow(ctx, inSpatial, kernel, cpu::WindowKind::Pool);
    PoolSetup s;
    for (int d = 0; d < 3; ++d) {
        s.g.in[d] = w.in[size_t(d)];
        s.g.out[d] = w.out[size_t(d)];
        s.g.kernel[d] = w.kernel[size_t(d)];
        s.g.stride[d] = w.stride[size_t(d)];
        s.g.dilation[d] = w.dilation[size_t(d)];
        s.g.padBegin[d] = w.padBegin[size_t(d)];
        s.g.padEnd[d] = w.padEnd[size_t(d)];
    }
    s.g.planes = x.dim(0) * x.dim(1);
    s.g.channels = x.dim(1);
    s.outDims = {x.dim(0), x.dim(1)};
    for (int64_t d : w.outDims()) s.outDims.push_back(d);
    return s;
}

// Output element i's plane and its window's first input coordinate per dim (tap 0, maybe in the padding).
struct WindowAt {
    int64_t plane, first[3];
};

__device__ __forceinline__ WindowAt windowAt(const PoolGeometry& g, int64_t i) {
    WindowAt w;
    int64_t o[3];
    o[2] = i % g.out[2];
    i /= g.out[2];
    o[1] = i % g.out[1];
    i /= g.out[1];
    o[0] = i % g.out[0];
    w.plane = i / g.out[0];
    for (int d = 0; d < 3; ++d) w.first[d] = o[d] * g.stride[d] - g.padBegin[d];
    return w;
}

// Max over the taps inside the input, in scan order (d, h, w). indices: the position of the winner
// flattened over [N, C, spatial...] (storage_order 1: the spatial part column-major), -1 for none.
template <typename T>
__global__ void maxPoolKernel(const T* __restrict__ x, T* __restrict__ y, int64_t* __restrict__ indices,
                              PoolGeometry g, int64_t total, bool columnMajor, float empty) {
    const int64_t inSize = g.in[0] * g.in[1] * g.in[2];
    const int64_t step = int64_t(gridDim.x) * blockDim.x;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < total; i += step) {
        const WindowAt w = windowAt(g, i);
        const T* src = x + w.plane * inSize;
        float best = empty;
        int64_t bestAt = -1;
        bool bestNaN = false;
        for (int64_t kd = 0; kd < g.kernel[0]; ++kd) {
            const int64_t id = w.first[0] + kd * g.dilation[0];
            if (id < 0 || id >= g.in[0]) continue;
            for (int64_t kh = 0; kh < g.kernel[1]; ++kh) {
                const int64_t ih = w.first[1] + kh * g.dilation[1];
                if (ih < 0 || ih >= g.in[1]) continue;
                const T* row = src + (id * g.in[1] + ih) * g.in[2];
                for (int64_t kw = 0; kw < g.kernel[2]; ++kw) {
                    const int64_t iw = w.first[2] + kw * g.dilation[2];
                    if (iw < 0 || iw >= g.in[2]) continue;
                    const float v = toFloat(row[iw]);
                    const bool nan = v != v;
                    if (bestAt < 0 || (!bestNaN && (nan || v > best))) {
                        best = v;
                        bestNaN = nan;
                        bestAt = columnMajor ? id + (ih + iw * g.in[1]) * g.in[0] : (id * g.in[1] + ih) * g.in[2] + iw;
                    }
                }
            }
        }
        y[i] = fromFloat<T>(best);
        if (indices) indices[i] = bestAt < 0 ? -1 : w.plane * inSize + bestAt;
    }
}

// The same over channels-last X and Y ([N, spatial..., C] in memory): element i of Y is channel
// i % C of window i / C, read at the same taps in the same order.
template <typename T>
__global__ void maxPoolNhwcKernel(const T* __restrict__ x, T* __restrict__ y, PoolGeometry g, int64_t total,
                                  float empty) {
    const int64_t C = g.channels;
    const int64_t inSize = g.in[0] * g.in[1] * g.in[2];
    const int64_t step = int64_t(gridDim.x) * blockDim.x;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < total; i += step) {
        const WindowAt w = windowAt(g, i / C);  // w.plane: the image n
        const T* src = x + w.plane * inSize * C + i % C;
        float best = empty;
        bool any = false, bestNaN = false;
        for (int64_t kd = 0; kd < g.kernel[0]; ++kd) {
            const int64_t id = w.first[0] + kd * g.dilation[0];
            if (id < 0 || id >= g.in[0]) continue;
            for (int64_t kh = 0; kh < g.kernel[1]; ++kh) {
                const int64_t ih = w.first[1] + kh * g.dilation[1];
                if (ih < 0 || ih >= g.in[1]) continue;
                const T* row = src + (id * g.in[1] + ih) * g.in[2] * C;
                for (int64_t kw = 0; kw < g.kernel[2]; ++kw) {
                    const int64_t iw = w.first[2] + kw * g.dilation[2];
                    if (iw < 0 || iw >= g.in[2]) continue;
                    const float v = toFloat(row[iw * C]);
                    const bool nan = v != v;
                    if (!any || (!bestNaN && (nan || v > best))) {
                        best = v;
                        bestNaN = nan;
                        any = true;
                    }
                }
            }
        }
        y[i] = fromFloat<T>(best);
    }
}

// The same max over 16-byte packs of channels (C a multiple of 16 / sizeof(T); X and Y 16-byte
// aligned): a thread takes one pack of one output position, reads each tap as one 16-byte load, and
// does its index math once per pack in `Index` (int32 when every element index fits). A thread per
// element with 64-bit divisions took 0.25 ms for ResNet-50 b32's 3×3/2 pool on the H100 (bundle of
// 9a7aec6), 16% of the network.
template <typename T, typename Index>
__global__ void maxPoolNhwcPackedKernel(const T* __restrict__ x, T* __restrict__ y, PoolGeometry g, Index packs,
                                        Index packsPerPosition, float empty) {
    constexpr int V = int(16 / sizeof(T));
    struct alignas(16) Pack {
        T v[V];
    };
    const Index in0 = Index(g.in[0]), in1 = Index(g.in[1]), in2 = Index(g.in[2]);
    const Index out0 = Index(g.out[0]), out1 = Index(g.out[1]), out2 = Index(g.out[2]);
    const Pack* src = reinterpret_cast<const Pack*>(x);
    Pack* dst = reinterpret_cast<Pack*>(y);
    const Index step = Index(gridDim.x) * Index(blockDim.x);
    for (Index i = Index(blockIdx.x) * Index(blockDim.x) + Index(threadIdx.x); i < packs; i += step) {
        Index rest = i / packsPerPosition;
        const Index channelPack = i % packsPerPosition;
        const Index o2 = rest % out2;
        rest /= out2;
        const Index o1 = rest % out1;
        rest /= out1;
        const Index o0 = rest % out0;
        const Index n = rest / out0;
        const Index first0 = o0 * Index(g.stride[0]) - Index(g.padBegin[0]);
        const Index first1 = o1 * Index(g.stride[1]) - Index(g.padBegin[1]);
        const Index first2 = o2 * Index(g.stride[2]) - Index(g.padBegin[2]);
        const Pack* image = src + n * in0 * in1 * in2 * packsPerPosition + channelPack;
        float best[V];
        bool bestNaN[V];
#pragma unroll
        for (int e = 0; e < V; ++e) {
            best[e] = empty;
            bestNaN[e] = false;
        }
        bool any = false;
        for (Index kd = 0; kd < Index(g.kernel[0]); ++kd) {
            const Index id = first0 + kd * Index(g.dilation[0]);
            if (id < 0 || id >= in0) continue;
            for (Index kh = 0; kh < Index(g.kernel[1]); ++kh) {
                const Index ih = first1 + kh * Index(g.dilation[1]);
                if (ih < 0 || ih >= in1) continue;
                const Pack* row = image + (id * in1 + ih) * in2 * packsPerPosition;
                for (Index kw = 0; kw < Index(g.kernel[2]); ++kw) {
                    const Index iw = first2 + kw * Index(g.dilation[2]);
                    if (iw < 0 || iw >= in2) continue;
                    const Pack p = row[iw * packsPerPosition];
#pragma unroll
                    for (int e = 0; e < V; ++e) {
                        const float v = toFloat(p.v[e]);
                        const bool nan = v != v;
                        if (!any || (!bestNaN[e] && (nan || v > best[e]))) {
                            best[e] = v;
                            bestNaN[e] = nan;
                        }
                    }
                    any = true;
                }
            }
        }
        Pack out;
#pragma unroll
        for (int e = 0; e < V; ++e) out.v[e] = fromFloat<T>(best[e]);
        dst[i] = out;
    }
}

// Taps of one dim's window inside the input, and inside the input plus its padding.
__device__ __forceinline__ void tapCounts(const PoolGeometry& g, int d, int64_t first, int64_t& inside,
                                          int64_t& padded) {
    inside = padded = 0;
    for (int64_t k = 0; k < g.kernel[d]; ++k) {
        const int64_t p = first + k * g.dilation[d];
        inside += p >= 0 && p < g.in[d];
        padded += p >= -g.padBegin[d] && p < g.in[d] + g.padEnd[d];
    }
}

// Mean over the taps inside the input; includePad divides by the taps inside the input and its
// padding instead (never by taps past the padding, which only ceil_mode creates).
template <typename T>
__global__ void averagePoolKernel(const T* __restrict__ x, T* __restrict__ y, PoolGeometry g, int64_t total,
                                  bool includePad) {
    const int64_t inSize = g.in[0] * g.in[1] * g.in[2];
    const int64_t step = int64_t(gridDim.x) * blockDim.x;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < total; i += step) {
        const WindowAt w = windowAt(g, i);
        const T* src = x + w.plane * inSize;
        float sum = 0.f;
        for (int64_t kd = 0; kd < g.kernel[0]; ++kd) {
            const int64_t id = w.first[0] + kd * g.dilation[0];
            if (id < 0 || id >= g.in[0]) continue;
            for (int64_t kh = 0; kh < g.kernel[1]; ++kh) {
                const int64_t ih = w.first[1] + kh * g.dilation[1];
                if (ih < 0 || ih >= g.in[1]) continue;
                const T* row = src + (id * g.in[1] + ih) * g.in[2];
                for (int64_t kw = 0; kw < g.kernel[2]; ++kw) {
                    const int64_t iw = w.first[2] + kw * g.dilation[2];
                    if (iw >= 0 && iw < g.in[2]) sum += toFloat(row[iw]);
                }
            }
        }
        int64_t count = 1;
        for (int d = 0; d < 3; ++d) {
            int64_t inside, padded;
            tapCounts(g, d, w.first[d], inside, padded);
            count *= includePad ? padded : inside;
        }
        y[i] = fromFloat<T>(count > 0 ? sum / float(count) : NAN);  // only padding taps: 0/0
    }
}

// The same over channels-last X and Y.
template <typename T>
__global__ void averagePoolNhwcKernel(const T* __restrict__ x, T* __restrict__ y, PoolGeometry g, int64_t total,
                                      bool includePad) {
    const int64_t C = g.channels;
    const int64_t inSize = g.in[0] * g.in[1] * g.in[2];
    const int64_t step = int64_t(gridDim.x) * blockDim.x;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < total; i += step) {
        const WindowAt w = windowAt(g, i / C);  // w.plane: the image n
        const T* src = x + w.plane * inSize * C + i % C;
        float sum = 0.f;
        for (int64_t kd = 0; kd < g.kernel[0]; ++kd) {
            const int64_t id = w.first[0] + kd * g.dilation[0];
            if (id < 0 || id >= g.in[0]) continue;
            for (int64_t kh = 0; kh < g.kernel[1]; ++kh) {
                const int64_t ih = w.first[1] + kh * g.dilation[1];
                if (ih < 0 || ih >= g.in[1]) continue;
                const T* row = src + (id * g.in[1] + ih) * g.in[2] * C;
                for (int64_t kw = 0; kw < g.kernel[2]; ++kw) {
                    const int64_t iw = w.first[2] + kw * g.dilation[2];
                    if (iw >= 0 && iw < g.in[2]) sum += toFloat(row[iw * C]);
                }
            }
        }
        int64_t count = 1;
        for (int d = 0; d < 3; ++d) {
            int64_t inside, padded;
            tapCounts(g, d, w.first[d], inside, padded);
            count *= includePad ? padded : inside;
        }
        y[i] = fromFloat<T>(count > 0 ? sum / float(count) : NAN);
    }
}

// Whether X and Y are channels last (a channels-last layer) rather than both linear.
bool channelsLast(const KernelContext& ctx, const Tensor& x, const Tensor& y) {
    const bool xl = x.format() == TensorFormat::NHWC, yl = y.format() == TensorFormat::NHWC;
    if (xl != yl)
        ctx.fail(ErrorKind::Internal, "X ", x.describe(), " is ", tensorFormatName(x.format()), " but Y ", y.describe(),
                 " is ", tensorFormatName(y.format()));
    return xl;
}

// Calls f(T{}) for the float types and int8/uint8 (MaxPool's types); false for others.
template <typename F>
bool dispatchMaxPool(DataType dtype, F&& f) {
    if (dispatchFloat(dtype, f)) return true;
    if (dtype == DataType::Int8) f(int8_t{});
    else if (dtype == DataType::UInt8) f(uint8_t{});
    else return false;
    return true;
}

// 1-D to 3-D windows (makeForwardWindow refuses more).
bool poolApplicable(const KernelContext& ctx) { return ctx.input(0).rank() <= 5; }
// Channels last: no Indices (they index the linear layout).
bool maxPoolNhwcApplicable(const KernelContext& ctx) {
    return poolApplicable(ctx) && !(ctx.numOutputs() > 1 && ctx.outputWanted(1));
}

void runMaxPool(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    requireOnDevice(ctx, x, "input");
    const PoolSetup s = setupPool(ctx, x);
    const int64_t storageOrder = ctx.node().attrInt("storage_order", 0);
    if (storageOrder != 0 && storageOrder != 1)
        ctx.fail(ErrorKind::InvalidModel, "attribute 'storage_order' must be 0 or 1, got ", storageOrder);
    const DataType t = x.dtype();
    // A window with no tap inside the input: -inf, or the lowest integer.
    const float empty = t == DataType::Int8 ? -128.f : t == DataType::UInt8 ? 0.f : -INFINITY;
    const bool known = dispatchMaxPool(t, [&](auto tag) {
        using T = decltype(tag);
        Tensor& y = ctx.allocateOutput(0, t, s.outDims);
        const bool nhwc = channelsLast(ctx, x, y);
        const bool wantIndices = ctx.numOutputs() > 1 && ctx.outputWanted(1);
        if (nhwc && wantIndices) ctx.fail(ErrorKind::Unsupported, "Indices are not supported in channels-last layout");
        int64_t* indices = nullptr;
        if (wantIndices) indices = static_cast<int64_t*>(ctx.allocateOutput(1, DataType::Int64, s.outDims).raw());
        const int64_t total = y.numel();
        if (total == 0) return;
        constexpr int64_t V = int64_t(16 / sizeof(T));
        const bool packed = nhwc && s.g.channels % V == 0 && reinterpret_cast<uintptr_t>(x.raw()) % 16 == 0 &&
                            reinterpret_cast<uintptr_t>(y.raw()) % 16 == 0;
        if (packed) {
            const int64_t packs = total / V, perPosition = s.g.channels / V;
            auto launch = [&](auto index) {
                using Index = decltype(index);
                maxPoolNhwcPackedKernel<T, Index><<<blocksFor(packs), kThreads, 0, kernelStream(ctx)>>>(
                    static_cast<const T*>(x.raw()), static_cast<T*>(y.raw()), s.g, Index(packs), Index(perPosition),
                    empty);
            };
            // 32-bit index math when every element index of X and Y fits.
            if (std::max(x.numel(), total) < (int64_t(1) << 31)) launch(int32_t{});
            else launch(int64_t{});
        } else if (nhwc)
            maxPoolNhwcKernel<T><<<blocksFor(total), kThreads, 0, kernelStream(ctx)>>>(
                static_cast<const T*>(x.raw()), static_cast<T*>(y.raw()), s.g, total, empty);
        else
            maxPoolKernel<T><<<blocksFor(total), kThreads, 0, kernelStream(ctx)>>>(
                static_cast<const T*>(x.raw()), static_cast<T*>(y.raw()), indices, s.g, total, storageOrder == 1, empty);
        checkLaunch(ctx);
    });
    if (!known) ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(t), " is not supported");
}

void runAveragePool(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    requireOnDevice(ctx, x, "input");
    const PoolSetup s = setupPool(ctx, x);
    const bool includePad = ctx.node().attrInt("count_include_pad", 0) != 0;
    const DataType t = x.dtype();
    const bool known = dispatchFloat(t, [&](auto tag) {
        using T = decltype(tag);
        Tensor& y = ctx.allocateOutput(0, t, s.outDims);
        const bool nhwc = channelsLast(ctx, x, y);
        const int64_t total = y.numel();
        if (total == 0) return;
        if (nhwc)
            averagePoolNhwcKernel<T><<<blocksFor(total), kThreads, 0, kernelStream(ctx)>>>(
                static_cast<const T*>(x.raw()), static_cast<T*>(y.raw()), s.g, total, includePad);
        else
            averagePoolKernel<T><<<blocksFor(total), kThreads, 0, kernelStream(ctx)>>>(
                static_cast<const T*>(x.raw()), static_cast<T*>(y.raw()), s.g, total, includePad);
        checkLaunch(ctx);
    });
    if (!known) ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(t), " is not supported");
}

}  // namespace

void registerPoolKernels(KernelRegistry& registry) {
    TypeSet maxTypes = floatTypes();
    maxTypes.push_back(DataType::Int8);
    maxTypes.push_back(DataType::UInt8);
    KernelDef maxPool;
    maxPool.run = &runMaxPool;
    maxPool.applicable = &poolApplicable;
    maxPool.inputTypes = {maxTypes};
    maxPool.outputTypes = {maxTypes, {DataType::Int64}};  // Y, Indices
    KernelDef maxPoolNhwc = maxPool;
    maxPoolNhwc.format = TensorFormat::NHWC;
    maxPoolNhwc.applicable = &maxPoolNhwcApplicable;
    registry.add("MaxPool", std::move(maxPool));
    registry.add("MaxPool", std::move(maxPoolNhwc));

    KernelDef averagePool;
    averagePool.run = &runAveragePool;
    averagePool.applicable = &poolApplicable;
    averagePool.inputTypes = {floatTypes()};
    averagePool.outputTypes = {floatTypes()};
    KernelDef averagePoolNhwc = averagePool;
    averagePoolNhwc.format = TensorFormat::NHWC;
    registry.add("AveragePool", std::move(averagePool));
    registry.add("AveragePool", std::move(averagePoolNhwc));
}

}  // namespace kiln::cuda
