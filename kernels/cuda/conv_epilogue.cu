// The element-wise kernels of the cuDNN convolution (conv_epilogue.h): the split form's epilogue and
// the strided copy. Memory-bound grid-stride loops over the destination in its memory order.
#include "kernels/cuda/common.cuh"
#include "kernels/cuda/activation.cuh"
#include "kernels/cuda/conv_epilogue.h"

namespace kiln::cuda {

namespace {

using fused::Activation;

// One element of Y per thread and step; i walks Y's memory. The channel (for the bias) and Z's
// offset follow from Y's layout; Z usually shares it (offset i).
template <typename T>
__global__ void convEpilogueKernel(T* y, const T* bias, const T* z, int64_t n, int64_t channels, int64_t spatial,
                                   bool yChannelsLast, bool zChannelsLast, Activation act, float p0, float p1) {
    const int64_t step = int64_t(gridDim.x) * blockDim.x;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step) {
        int64_t b, c, s;
        if (yChannelsLast) {
            c = i % channels;
            s = (i / channels) % spatial;
            b = i / (channels * spatial);
        } else {
            s = i % spatial;
            c = (i / spatial) % channels;
            b = i / (channels * spatial);
        }
        float v = toFloat(y[i]);
        if (bias) v += toFloat(bias[c]);
        if (z) {
            const int64_t zi = zChannelsLast == yChannelsLast ? i
                               : zChannelsLast             ? (b * spatial + s) * channels + c
                                                           : (b * channels + c) * spatial + s;
            v += toFloat(z[zi]);
        }
        y[i] = fromFloat<T>(activate(act, v, p0, p1));
    }
}

// Same-size stand-ins for the element types: the copy moves bytes.
template <size_t Bytes>
struct Element;
template <>
struct Element<1> {
    using type = uint8_t;
};
template <>
struct Element<2> {
    using type = uint16_t;
};
template <>
struct Element<4> {
    using type = uint32_t;
};
template <>
struct Element<8> {
    using type = uint64_t;
};

template <typename E>
__global__ void stridedCopyKernel(StridedCopyParams p, int64_t n) {
    E* dst = static_cast<E*>(p.dst);
    const E* src = static_cast<const E*>(p.src);
    const int64_t step = int64_t(gridDim.x) * blockDim.x;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step) {
        int64_t rest = i, offset = 0;
        bool inside = true;
        for (int d = p.rank - 1; d >= 0; --d) {
            const int64_t index = rest % p.dims[d] - p.shift[d];
            rest /= p.dims[d];
            inside = inside && index >= 0 && index < p.srcDims[d];
            offset += index * p.srcStrides[d];
        }
        dst[i] = inside ? src[offset] : E(0);
    }
}

template <typename E>
__global__ void padChannelsKernel(E* dst, const E* src, int64_t n, int64_t srcChannels, int64_t dstChannels) {
    const int64_t step = int64_t(gridDim.x) * blockDim.x;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step) {
        const int64_t pixel = i / dstChannels, c = i - pixel * dstChannels;
        dst[i] = c < srcChannels ? src[pixel * srcChannels + c] : E(0);
    }
}

// One element of A per thread and step, i walking A's memory (coalesced writes); the reads are
// contiguous along q (linear X) or along c (channels-last X). Index math in Index (int32 when every
// index fits).
template <typename E, typename Index>
__global__ void patchifyKernel(E* __restrict__ dst, const E* __restrict__ src, PatchifyParams g, Index total) {
    const Index c = Index(g.c), h = Index(g.h), w = Index(g.w), p = Index(g.p), q = Index(g.q);
    const Index ho = Index(g.ho), wo = Index(g.wo);
    const Index depth = c * p * q, pq = p * q;
    const Index step = Index(gridDim.x) * Index(blockDim.x);
    for (Index i = Index(blockIdx.x) * Index(blockDim.x) + Index(threadIdx.x); i < total; i += step) {
        const Index row = i / depth, col = i - row * depth;
        const Index ch = col / pq, r = col - ch * pq;
        const Index dy = r / q, dx = r - dy * q;
        const Index b = row / (ho * wo), s = row - b * ho * wo;
        const Index oy = s / wo, ox = s - oy * wo;
        const Index y = oy * p + dy, x = ox * q + dx;
        const Index from = g.channelsLast ? ((b * h + y) * w + x) * c + ch : ((b * c + ch) * h + y) * w + x;
        dst[i] = src[from];
    }
}

template <size_t Bytes>
void launchCopy(const StridedCopyParams& p, int64_t n, cudaStream_t stream) {
    stridedCopyKernel<typename Element<Bytes>::type><<<blocksFor(n), kThreads, 0, stream>>>(p, n);
}

}  // namespace

cudaError_t launchConvEpilogue(const ConvEpilogueParams& p, cudaStream_t stream) {
    const int64_t n = p.batch * p.channels * p.spatial;
    if (n == 0) return cudaSuccess;
    const bool known = dispatchFloat(p.dtype, [&](auto zero) {
        using T = decltype(zero);
        convEpilogueKernel<T><<<blocksFor(n), kThreads, 0, stream>>>(
            static_cast<T*>(p.y), static_cast<const T*>(p.bias), static_cast<const T*>(p.z), n, p.channels, p.spatial,
            p.yChannelsLast, p.zChannelsLast, p.activation, p.p0, p.p1);
    });
    if (!known) return cudaErrorInvalidValue;
    return cudaGetLastError();
}

cudaError_t launchStridedCopy(const StridedCopyParams& p, cudaStream_t stream) {
    if (p.rank < 1 || p.rank > kStridedCopyMaxRank) return cudaErrorInvalidValue;
    int64_t n = 1;
    for (int d = 0; d < p.rank; ++d) n *= p.dims[d];
    if (n == 0) return cudaSuccess;
    switch (p.elementSize) {
        case 1: launchCopy<1>(p, n, stream); break;
        case 2: launchCopy<2>(p, n, stream); break;
        case 4: launchCopy<4>(p, n, stream); break;
        case 8: launchCopy<8>(p, n, stream); break;
        default: return cudaErrorInvalidValue;
    }
    return cudaGetLastError();
}

cudaError_t launchPadChannels(void* dst, const void* src, int64_t pixels, int64_t srcChannels, int64_t dstChannels,
                              size_t elementSize, cudaStream_t stream) {
    if (srcChannels < 1 || dstChannels < srcChannels || pixels < 0) return cudaErrorInvalidValue;
    const int64_t n = pixels * dstChannels;
    if (n == 0) return cudaSuccess;
    switch (elementSize) {
        case 2:
            padChannelsKernel<uint16_t><<<blocksFor(n), kThreads, 0, stream>>>(
                static_cast<uint16_t*>(dst), static_cast<const uint16_t*>(src), n, srcChannels, dstChannels);
            break;
        case 4:
            padChannelsKernel<uint32_t><<<blocksFor(n), kThreads, 0, stream>>>(
                static_cast<uint32_t*>(dst), static_cast<const uint32_t*>(src), n, srcChannels, dstChannels);
            break;
        default: return cudaErrorInvalidValue;
    }
    return cudaGetLastError();
}

cudaError_t launchPatchify(const PatchifyParams& g, cudaStream_t stream) {
    const int64_t total = g.n * g.ho * g.wo * g.c * g.p * g.q;
    if (total == 0) return cudaSuccess;
    const bool narrow = std::max(total, g.n * g.c * g.h * g.w) < (int64_t(1) << 31);
    auto launch = [&](auto element) {
        using E = decltype(element);
        if (narrow)
            patchifyKernel<E, int32_t><<<blocksFor(total), kThreads, 0, stream>>>(
                static_cast<E*>(g.dst), static_cast<const E*>(g.src), g, int32_t(total));
        else
            patchifyKernel<E, int64_t><<<blocksFor(total), kThreads, 0, stream>>>(
                static_cast<E*>(g.dst), static_cast<const E*>(g.src), g, total);
    };
    switch (g.elementSize) {
        case 2: launch(uint16_t{}); break;
        case 4: launch(uint32_t{}); break;
        default: return cudaErrorInvalidValue;
    }
    return cudaGetLastError();
}

}  // namespace kiln::cuda
