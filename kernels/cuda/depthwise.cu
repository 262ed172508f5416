// Depthwise convolution (Conv and kiln::FusedConv with group = C = K, one filter per channel) on
// channels-last tensors, Kiln's own tactic beside cuDNN's. cuDNN's fp16 NHWC depthwise engines ran
// MobileNetV2's 3x3 layers at b32 on the H100 in 0.12-0.14 ms where reading X and writing Y takes
// about 0.02 ms at the card's bandwidth (bundle of 9a7aec6): the layer is memory-bound, a direct loop
// is what it needs. The builder times both and keeps the faster.
//
// A thread computes one output position's pack of 16 bytes of channels (8 fp16/bf16, 4 fp32) when C
// is a whole number of packs and the tensors are 16-byte aligned, else one element: for each tap
// inside the input, one 16-byte load of X and one of W, products summed in float. Consecutive threads
// take consecutive packs of one position, so each tap is a contiguous read across a warp and the taps'
// overlap between neighbouring positions comes from L1. The epilogue (bias, residual Z, activation)
// runs on the sums before the one rounding to Y's type. W is read as [taps, C]: a constant W is
// reordered so once at prepare, any other one per run into scratch.
//
// 1-D to 3-D (the CPU's window geometry, canonicalized to 3-D), any kernel size, stride, dilation and
// pads. Integer index math in 32 bits when every index of X and Y fits.
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <type_traits>

#include "kernels/cpu/window.h"
#include "kernels/cuda/activation.cuh"
#include "kernels/cuda/common.cuh"
#include "kernels/cuda/conv_tactic.h"
#include "kernels/cuda/register.h"

namespace kiln::cuda {

namespace {

using fused::Activation;

struct DwGeometry {
    int64_t in[3], out[3], kernel[3], stride[3], dilation[3], padBegin[3];
    int64_t channels = 0, batch = 0;
};

using DwEpilogue = ConvActivation;

// Y[n, o..., c] = act(sum over taps t inside X of X[n, o*s - p + t*d, c] * W[t, c] + B[c] + Z[n, o..., c]).
// One thread per (position, pack of V channels); V = 1 is the element form.
template <typename T, int V, typename Index>
__global__ void depthwiseKernel(const T* __restrict__ x, const T* __restrict__ w, const T* __restrict__ bias,
                                const T* __restrict__ z, T* __restrict__ y, DwGeometry g, Index items,
                                DwEpilogue epi) {
    struct alignas(sizeof(T) * V) Pack {
        T v[V];
    };
    const Index packsPerPosition = Index(g.channels / V);
    const Index in0 = Index(g.in[0]), in1 = Index(g.in[1]), in2 = Index(g.in[2]);
    const Index out0 = Index(g.out[0]), out1 = Index(g.out[1]), out2 = Index(g.out[2]);
    const Index k0 = Index(g.kernel[0]), k1 = Index(g.kernel[1]), k2 = Index(g.kernel[2]);
    const Pack* src = reinterpret_cast<const Pack*>(x);
    const Pack* weights = reinterpret_cast<const Pack*>(w);
    const Index step = Index(gridDim.x) * Index(blockDim.x);
    for (Index i = Index(blockIdx.x) * Index(blockDim.x) + Index(threadIdx.x); i < items; i += step) {
        Index rest = i / packsPerPosition;
        const Index pack = i - rest * packsPerPosition;
        const Index o2 = rest % out2;
        rest /= out2;
        const Index o1 = rest % out1;
        rest /= out1;
        const Index o0 = rest % out0;
        const Index n = rest / out0;
        const Index first0 = o0 * Index(g.stride[0]) - Index(g.padBegin[0]);
        const Index first1 = o1 * Index(g.stride[1]) - Index(g.padBegin[1]);
        const Index first2 = o2 * Index(g.stride[2]) - Index(g.padBegin[2]);
        const Pack* image = src + n * in0 * in1 * in2 * packsPerPosition + pack;
        float acc[V];
#pragma unroll
        for (int e = 0; e < V; ++e) acc[e] = 0.f;
        for (Index t0 = 0; t0 < k0; ++t0) {
            const Index i0 = first0 + t0 * Index(g.dilation[0]);
            if (i0 < 0 || i0 >= in0) continue;
            for (Index t1 = 0; t1 < k1; ++t1) {
                const Index i1 = first1 + t1 * Index(g.dilation[1]);
                if (i1 < 0 || i1 >= in1) continue;
                const Pack* row = image + (i0 * in1 + i1) * in2 * packsPerPosition;
                const Pack* wrow = weights + ((t0 * k1 + t1) * k2) * packsPerPosition + pack;
                for (Index t2 = 0; t2 < k2; ++t2) {
                    const Index i2 = first2 + t2 * Index(g.dilation[2]);
                    if (i2 < 0 || i2 >= in2) continue;
                    const Pack xv = row[i2 * packsPerPosition];
                    const Pack wv = wrow[t2 * packsPerPosition];
#pragma unroll
                    for (int e = 0; e < V; ++e) acc[e] = fmaf(toFloat(xv.v[e]), toFloat(wv.v[e]), acc[e]);
                }
            }
        }
        const Index c0 = pack * Index(V);
        Pack out;
        Pack zv{};
        if (z) zv = reinterpret_cast<const Pack*>(z)[i];
#pragma unroll
        for (int e = 0; e < V; ++e) {
            float v = acc[e];
            if (bias) v += toFloat(bias[c0 + Index(e)]);
            if (z) v += toFloat(zv.v[e]);
            out.v[e] = fromFloat<T>(activate(epi.activation, v, epi.p0, epi.p1));
        }
        reinterpret_cast<Pack*>(y)[i] = out;
    }
}

// W [C, 1, taps...] (linear) -> [taps, C], per run when W is not a prepared constant.
template <typename T>
__global__ void reorderWeightsKernel(const T* __restrict__ w, T* __restrict__ out, int64_t channels, int64_t taps) {
    const int64_t n = channels * taps;
    const int64_t step = int64_t(gridDim.x) * blockDim.x;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step) {
        const int64_t t = i / channels, c = i - t * channels;
        out[i] = w[c * taps + t];
    }
}


// X [N, C, spatial...] and W [C, 1, kernel...] with group = C: a depthwise convolution.
bool depthwiseShapes(const Node& node, std::span<const int64_t> x, std::span<const int64_t> w) {
    if (x.size() < 3 || x.size() > 5 || w.size() != x.size()) return false;
    const int64_t c = x[1];
    return c > 0 && node.attrInt("group", 1) == c && w[0] == c && w[1] == 1;
}

class DepthwiseKernel final : public KernelInstance {
public:
    DepthwiseKernel(bool fusedOp, std::optional<DwEpilogue> epilogue, Tensor reorderedW)
        : fusedOp_(fusedOp), epilogue_(epilogue), reorderedW_(std::move(reorderedW)) {}

    void run(KernelContext& ctx) const override;

private:
    bool fusedOp_;
    std::optional<DwEpilogue> epilogue_;
    Tensor reorderedW_;  // a constant W as [taps, C] on the device (undefined: reordered per run)
};

void DepthwiseKernel::run(KernelContext& ctx) const {
    const Tensor& x = ctx.input(0);
    const Tensor& w = ctx.input(1);
    const Tensor* b = ctx.optionalInput(2);
    const Tensor* z = fusedOp_ ? ctx.optionalInput(3) : nullptr;
    requireOnDevice(ctx, x, "X");
    requireOnDevice(ctx, w, "W");
    if (b) requireOnDevice(ctx, *b, "bias");
    if (z) requireOnDevice(ctx, *z, "residual input Z");
    if (!epilogue_)
        ctx.fail(ErrorKind::InvalidModel, "unknown activation '", ctx.node().attrString("activation", ""), "'");
    const DataType t = x.dtype();
    if (!sameTypeAsX(x, w, b, z))
        ctx.fail(ErrorKind::InvalidArgument, "inputs must share one type: X ", x.describe(), ", W ", w.describe());
    if (!depthwiseShapes(ctx.node(), x.dims(), w.dims()))
        ctx.fail(ErrorKind::Internal, "not a depthwise convolution: X ", x.describe(), ", W ", w.describe());
    if (x.format() != TensorFormat::NHWC) ctx.fail(ErrorKind::Internal, "X ", x.describe(), " is not channels last");
    const int64_t channels = x.dim(1);
    const cpu::Window win = cpu::makeForwardWindow(ctx, std::span<const int64_t>(x.dims()).subspan(2),
                                                 std::span<const int64_t>(w.dims()).subspan(2), cpu::WindowKind::Conv);
    std::vector<int64_t> outDims = {x.dim(0), channels};
    for (int64_t d : win.outDims()) outDims.push_back(d);
    if (b && (b->rank() != 1 || b->dim(0) != channels))
        ctx.fail(ErrorKind::InvalidArgument, "bias ", b->describe(), " must be [", channels, "]");
    if (z && (z->dims() != outDims || z->format() != TensorFormat::NHWC))
        ctx.fail(ErrorKind::InvalidArgument, "residual input Z ", z->describe(), " must be a channels-last ",
                 dimsToString(outDims));
    Tensor& y = ctx.allocateOutput(0, t, outDims);
    requireOnDevice(ctx, y, "output");
    if (y.format() != TensorFormat::NHWC) ctx.fail(ErrorKind::Internal, "Y ", y.describe(), " is not channels last");
    if (y.numel() == 0) return;
    DwGeometry g;
    for (int d = 0; d < 3; ++d) {
        g.in[d] = win.in[size_t(d)];
        g.out[d] = win.out[size_t(d)];
        g.kernel[d] = win.kernel[size_t(d)];
        g.stride[d] = win.stride[size_t(d)];
        g.dilation[d] = win.dilation[size_t(d)];
        g.padBegin[d] = win.padBegin[size_t(d)];
    }
    g.channels = channels;
    g.batch = x.dim(0);
    const int64_t taps = win.kernelSize();
    const cudaStream_t stream = kernelStream(ctx);
    const bool known = dispatchFloat(t, [&](auto tag) {
        using T = decltype(tag);
        const T* weights = nullptr;
        if (reorderedW_.defined() && reorderedW_.dtype() == t && reorderedW_.numel() == w.numel()) {
            weights = static_cast<const T*>(reorderedW_.raw());
        } else {
            T* buffer = static_cast<T*>(ctx.scratch(size_t(w.numel()) * sizeof(T), 256));
            reorderWeightsKernel<T><<<blocksFor(w.numel()), kThreads, 0, stream>>>(static_cast<const T*>(w.raw()),
                                                                                   buffer, channels, taps);
            checkLaunch(ctx);
            weights = buffer;
        }
        constexpr int V = int(16 / sizeof(T));
        auto aligned = [](const void* p) { return reinterpret_cast<uintptr_t>(p) % 16 == 0; };
        const bool packed = channels % V == 0 && aligned(x.raw()) && aligned(weights) && aligned(y.raw()) &&
                            (!z || aligned(z->raw()));
        const bool narrow = std::max(x.numel(), y.numel()) < (int64_t(1) << 31);
        auto launch = [&](auto vec, auto index) {
            constexpr int W = decltype(vec)::value;
            using Index = decltype(index);
            const int64_t items = y.numel() / W;
            depthwiseKernel<T, W, Index><<<blocksFor(items), kThreads, 0, stream>>>(
                static_cast<const T*>(x.raw()), weights, b ? static_cast<const T*>(b->raw()) : nullptr,
                z ? static_cast<const T*>(z->raw()) : nullptr, static_cast<T*>(y.raw()), g, Index(items), *epilogue_);
        };
        if (packed && narrow) launch(std::integral_constant<int, V>{}, int32_t{});
        else if (packed) launch(std::integral_constant<int, V>{}, int64_t{});
        else if (narrow) launch(std::integral_constant<int, 1>{}, int32_t{});
        else launch(std::integral_constant<int, 1>{}, int64_t{});
        checkLaunch(ctx);
    });
    if (!known) ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(t), " is not supported");
}

std::unique_ptr<KernelInstance> prepareFor(const PrepareContext& pc, bool fusedOp) {
    // A constant W reordered to [taps, C] on the host once and uploaded.
    Tensor reordered;
    const Value* w = pc.node.inputOrNull(1);
    const auto* backend = dynamic_cast<const CudaBackend*>(&pc.backend);
    if (backend && w && w->isConstant() && w->constant->device().isHost() && w->constant->rank() >= 3 &&
        w->constant->dim(1) == 1 && w->constant->format() == TensorFormat::Linear &&
        (w->constant->dtype() == DataType::Float32 || w->constant->dtype() == DataType::Float16 ||
         w->constant->dtype() == DataType::BFloat16)) {
        const Tensor& src = *w->constant;
        const int64_t channels = src.dim(0), taps = src.numel() / std::max<int64_t>(channels, 1);
        Tensor host(src.dtype(), {taps, channels});
        const size_t es = dataTypeSize(src.dtype());
        const auto* from = static_cast<const std::byte*>(src.raw());
        auto* to = static_cast<std::byte*>(host.raw());
        for (int64_t c = 0; c < channels; ++c)
            for (int64_t t = 0; t < taps; ++t)
                std::memcpy(to + size_t(t * channels + c) * es, from + size_t(c * taps + t) * es, es);
        reordered = backend->upload(host);
    }
    return std::make_unique<DepthwiseKernel>(fusedOp, convActivationOf(pc.node, fusedOp), std::move(reordered));
}

std::unique_ptr<KernelInstance> prepareConv(const PrepareContext& pc) { return prepareFor(pc, false); }
std::unique_ptr<KernelInstance> prepareFusedConv(const PrepareContext& pc) { return prepareFor(pc, true); }

bool applicableFor(const KernelContext& ctx, bool fusedOp) {
    if (!ctx.hasInput(0) || !ctx.hasInput(1)) return false;
    const Tensor& x = ctx.input(0);
    const Tensor& w = ctx.input(1);
    const Tensor* b = ctx.optionalInput(2);
    const Tensor* z = fusedOp ? ctx.optionalInput(3) : nullptr;
    if (!sameTypeAsX(x, w, b, z)) return false;
    if (!depthwiseShapes(ctx.node(), x.dims(), w.dims()) || x.format() != TensorFormat::NHWC) return false;
    if (!convActivationOf(ctx.node(), fusedOp)) return false;
    cpu::Window win;
    if (cpu::resolveForwardWindow(ctx.node(), std::span<const int64_t>(x.dims()).subspan(2),
                                  std::span<const int64_t>(w.dims()).subspan(2), cpu::WindowKind::Conv, win))
        return false;
    if (b && (b->rank() != 1 || b->dim(0) != x.dim(1))) return false;
    return !z || z->format() == TensorFormat::NHWC;
}

bool applicableConv(const KernelContext& ctx) { return applicableFor(ctx, false); }
bool applicableFusedConv(const KernelContext& ctx) { return applicableFor(ctx, true); }

}  // namespace

void registerDepthwiseKernels(KernelRegistry& registry) {
    registerChannelsLastConvTactic(registry, "depthwise", &applicableConv, &prepareConv, &applicableFusedConv,
                                   &prepareFusedConv);
}

}  // namespace kiln::cuda
