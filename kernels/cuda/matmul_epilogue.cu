// The element-wise kernels of matmul.cpp's cuBLASLt ops (matmul_epilogue.h): kiln::FusedMatMul's
// epilogue, Gemm's broadcast of C, and kiln::Attention's masked row softmax. The activations are
// fused_ops.h's applyActivation, the same formulas in float, so fused and unfused results agree to
// rounding (no fast-math intrinsics: expf, tanhf and erff are the accurate ones).
#include <cmath>
#include <cstdint>

#include "kernels/cuda/common.cuh"
#include "kernels/cuda/matmul_epilogue.h"

namespace kiln::cuda {

static_assert(kEpilogueMaxRank == kMaxRank, "matmul_epilogue.h's rank limit is common.cuh's");

namespace {

using fused::Activation;

// fused::applyActivation on the device: NaN behaves as it does there.
__device__ __forceinline__ float activate(Activation a, float x, float p0, float p1) {
    switch (a) {
        case Activation::None:
            return x;
        case Activation::Relu:
            return x > 0.f ? x : 0.f;
        case Activation::LeakyRelu:
            return x >= 0.f ? x : p0 * x;
        case Activation::Clip:
            return x != x ? x : fminf(fmaxf(x, p0), p1);
        case Activation::Sigmoid:
            return 1.f / (1.f + expf(-x));
        case Activation::HardSigmoid:
            return x != x ? x : fmaxf(0.f, fminf(1.f, p0 * x + p1));
        case Activation::HardSwish:
            return x * fmaxf(0.f, fminf(1.f, x / 6.f + 0.5f));
        case Activation::Tanh:
            return tanhf(x);
        case Activation::SiLU:
            return x / (1.f + expf(-x));
        case Activation::Gelu:
            return 0.5f * x * (1.f + erff(x * 0.70710678118654752f));
        case Activation::GeluTanh: {
            const float inner = 0.7978845608028654f * (x + 0.044715f * x * x * x);
            return 0.5f * x * (1.f + tanhf(inner));
        }
    }
    return x;
}

// How an operand broadcast into the output is read at output element i: absent, element i (same
// size), i modulo its size (it repeats over the output's trailing dims: a bias row), or mapped.
enum class Read { None, Same, Period, Map };

struct OperandRead {
    const void* data = nullptr;
    Read read = Read::None;
    int64_t period = 1;
    IndexMap map;
};

__device__ __forceinline__ int64_t offsetOf(const OperandRead& r, int64_t i) {
    switch (r.read) {
        case Read::None:
        case Read::Same:
            return i;
        case Read::Period:
            return i % r.period;
        case Read::Map:
            return mapIndex(r.map, i);
    }
    return i;
}

int64_t elementCount(std::span<const int64_t> dims) {
    int64_t n = 1;
    for (int64_t d : dims) n *= d;
    return n;
}

// The caller has checked that the operand broadcasts into `out` and that out has rank <= kMaxRank.
OperandRead operandRead(const BroadcastOperand& op, std::span<const int64_t> out) {
    OperandRead r;
    r.data = op.data;
    if (!op.data) return r;
    const int64_t n = elementCount(op.dims);
    std::span<const int64_t> trimmed = op.dims;
    while (!trimmed.empty() && trimmed.front() == 1) trimmed = trimmed.subspan(1);
    if (n == elementCount(out)) {
        r.read = Read::Same;
    } else if (trimmed.size() <= out.size() &&
               std::equal(trimmed.begin(), trimmed.end(), out.end() - std::ptrdiff_t(trimmed.size()))) {
        r.read = Read::Period;
        r.period = n;
    } else {
        r.read = Read::Map;
        r.map = broadcastMap(out, op.dims);
    }
    return r;
}

void requireRank(const KernelContext& ctx, std::span<const int64_t> dims, const char* what) {
    if (dims.size() > size_t(kMaxRank))
        ctx.fail(ErrorKind::Unsupported, what, " of rank ", dims.size(),
                 ": the CUDA kernels take rank <= ", kMaxRank);
}

// ---------------------------------------------------------------------------------------------
// Kernels

// y[i] = act(y[i] + bias[.] + z[.]), grid-stride.
template <typename T>
__global__ void epilogueKernel(T* y, int64_t n, OperandRead bias, OperandRead z, Activation act, float p0,
                               float p1) {
    const T* pb = static_cast<const T*>(bias.data);
    const T* pz = static_cast<const T*>(z.data);
    const int64_t step = int64_t(gridDim.x) * blockDim.x;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step) {
        float v = toFloat(y[i]);
        if (pb) v += toFloat(pb[offsetOf(bias, i)]);
        if (pz) v += toFloat(pz[offsetOf(z, i)]);
        y[i] = fromFloat<T>(activate(act, v, p0, p1));
    }
}

// The same pass 16 bytes at a time (8 fp16/bf16 or 4 fp32 elements a thread, 32-bit indices): y,
// bias and z aligned to 16 bytes, n and the operands' periods multiples of the pack. bias and z are
// absent (null) or repeat every `period` packs (a bias row; z of y's shape has period n). The
// scalar kernel above moved a BERT FFN's 25 MB erf-GELU pass at a third of the card's bandwidth.
template <typename T>
struct alignas(16) Pack {
    static constexpr int kSize = int(16 / sizeof(T));
    T v[kSize];
};

template <typename T>
__global__ void epiloguePackedKernel(T* y, uint32_t packs, const T* bias, uint32_t biasPeriod, const T* z,
                                     uint32_t zPeriod, Activation act, float p0, float p1) {
    using P = Pack<T>;
    P* py = reinterpret_cast<P*>(y);
    const P* pb = reinterpret_cast<const P*>(bias);
    const P* pz = reinterpret_cast<const P*>(z);
    const uint32_t step = gridDim.x * blockDim.x;
    for (uint32_t i = blockIdx.x * blockDim.x + threadIdx.x; i < packs; i += step) {
        P out = py[i];
        P b{}, r{};
        if (pb) b = pb[biasPeriod == packs ? i : i % biasPeriod];
        if (pz) r = pz[zPeriod == packs ? i : i % zPeriod];
#pragma unroll
        for (int k = 0; k < P::kSize; ++k) {
            float v = toFloat(out.v[k]);
            if (pb) v += toFloat(b.v[k]);
            if (pz) v += toFloat(r.v[k]);
            out.v[k] = fromFloat<T>(activate(act, v, p0, p1));
        }
        py[i] = out;
    }
}

// The pack period of an operand the packed kernel can read (absent: 1), or 0 when it can't.
int64_t packPeriod(const OperandRead& r, int64_t n, int pack) {
    if (!r.data) return 1;
    if (reinterpret_cast<uintptr_t>(r.data) % 16 != 0) return 0;
    const int64_t period = r.read == Read::Same ? n : r.read == Read::Period ? r.period : 0;
    return period > 0 && period % pack == 0 ? period / pack : 0;
}

template <typename T>
__global__ void broadcastKernel(const T* src, T* dst, int64_t n, IndexMap map, float scale) {
    const int64_t step = int64_t(gridDim.x) * blockDim.x;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step)
        dst[i] = fromFloat<T>(scale * toFloat(src[mapIndex(map, i)]));
}

// A block-wide max (fmaxf: a NaN loses to any number) or sum; blockDim.x is a multiple of 32 and
// every thread of the block calls it. `partial` holds one value per warp.
template <bool IsMax>
__device__ float blockReduce(float v, float* partial) {
    for (int offset = 16; offset > 0; offset >>= 1) {
        const float other = __shfl_xor_sync(0xffffffffu, v, offset);
        v = IsMax ? fmaxf(v, other) : v + other;
    }
    const int lane = int(threadIdx.x) & 31, warp = int(threadIdx.x) >> 5, warps = int(blockDim.x) >> 5;
    __syncthreads();  // the previous reduction's partials have been read
    if (lane == 0) partial[warp] = v;
    __syncthreads();
    v = lane < warps ? partial[lane] : (IsMax ? -INFINITY : 0.f);
    for (int offset = 16; offset > 0; offset >>= 1) {
        const float other = __shfl_xor_sync(0xffffffffu, v, offset);
        v = IsMax ? fmaxf(v, other) : v + other;
    }
    return v;
}

// One block per row (grid-stride over rows). The max ignores NaN scores, but a NaN score still makes
// its row's sum, and so every probability of the row, NaN, as the CPU kernels' softmax does; a fully
// masked row (all -inf) gives -inf - -inf = NaN too. Each element is read and written by one thread,
// so probs may be the scores themselves.
template <typename P, typename M>
__global__ void attentionSoftmaxKernel(float* scores, P* probs, int64_t rows, int64_t cols, const M* mask,
                                       IndexMap maskMap, bool nanToZero) {
    __shared__ float partial[32];
    const int64_t maskStride = mask ? maskMap.strides[maskMap.rank - 1] : 0;
    for (int64_t row = blockIdx.x; row < rows; row += gridDim.x) {
        float* s = scores + row * cols;
        P* p = probs + row * cols;
        const M* m = mask ? mask + mapIndex(maskMap, row * cols) : nullptr;
        float localMax = -INFINITY;
        for (int64_t t = threadIdx.x; t < cols; t += blockDim.x) {
            float v = s[t];
            if (m) v += toFloat(m[t * maskStride]);
            s[t] = v;
            localMax = fmaxf(localMax, v);
        }
        const float rowMax = blockReduce<true>(localMax, partial);
        float localSum = 0.f;
        for (int64_t t = threadIdx.x; t < cols; t += blockDim.x) localSum += expf(s[t] - rowMax);
        const float sum = blockReduce<false>(localSum, partial);
        for (int64_t t = threadIdx.x; t < cols; t += blockDim.x) {
            float q = expf(s[t] - rowMax) / sum;
            if (nanToZero && q != q) q = 0.f;
            p[t] = fromFloat<P>(q);
        }
    }
}

// NaN elements become 0 (kiln::Attention's nan_to_zero after cuDNN's fused attention).
template <typename T>
__global__ void zeroNanKernel(T* data, int64_t n) {
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x) {
        const float v = toFloat(data[i]);
        if (v != v) data[i] = fromFloat<T>(0.f);
    }
}

}  // namespace

void enqueueEpilogue(const KernelContext& ctx, DataType dtype, void* y, std::span<const int64_t> yDims,
                     const EpilogueSpec& spec, cudaStream_t stream) {
    const int64_t n = elementCount(yDims);
    if (n == 0 || (!spec.bias.data && !spec.z.data && spec.activation == Activation::None)) return;
    requireRank(ctx, yDims, "an output");
    const OperandRead bias = operandRead(spec.bias, yDims), z = operandRead(spec.z, yDims);
    const bool known = dispatchFloat(dtype, [&](auto zero) {
        using T = decltype(zero);
        constexpr int pack = Pack<T>::kSize;
        const int64_t packs = n / pack, biasPeriod = packPeriod(bias, n, pack), zPeriod = packPeriod(z, n, pack);
        if (n % pack == 0 && packs < (int64_t(1) << 31) && reinterpret_cast<uintptr_t>(y) % 16 == 0 && biasPeriod &&
            zPeriod) {
            epiloguePackedKernel<T><<<blocksFor(packs), kThreads, 0, stream>>>(
                static_cast<T*>(y), uint32_t(packs), static_cast<const T*>(bias.data), uint32_t(biasPeriod),
                static_cast<const T*>(z.data), uint32_t(zPeriod), spec.activation, spec.p0, spec.p1);
            return;
        }
        epilogueKernel<T><<<blocksFor(n), kThreads, 0, stream>>>(static_cast<T*>(y), n, bias, z,
                                                                 spec.activation, spec.p0, spec.p1);
    });
    if (!known) ctx.fail(ErrorKind::Unsupported, "no fused epilogue for ", dataTypeName(dtype));
    checkLaunch(ctx);
}

void enqueueBroadcast(const KernelContext& ctx, DataType dtype, const BroadcastOperand& src, void* dst,
                      std::span<const int64_t> dstDims, float scale, cudaStream_t stream) {
    const int64_t n = elementCount(dstDims);
    if (n == 0) return;
    requireRank(ctx, dstDims, "an output");
    const IndexMap map = broadcastMap(dstDims, src.dims);
    const bool known = dispatchFloat(dtype, [&](auto zero) {
        using T = decltype(zero);
        broadcastKernel<T><<<blocksFor(n), kThreads, 0, stream>>>(static_cast<const T*>(src.data),
                                                                  static_cast<T*>(dst), n, map, scale);
    });
    if (!known) ctx.fail(ErrorKind::Unsupported, "no broadcast for ", dataTypeName(dtype));
    checkLaunch(ctx);
}

void enqueueAttentionSoftmax(const KernelContext& ctx, float* scores, DataType probsType, void* probs,
                             std::span<const int64_t> scoreDims, const BroadcastOperand& mask,
                             DataType maskType, bool nanToZero, cudaStream_t stream) {
    if (scoreDims.size() < 2) ctx.fail(ErrorKind::Internal, "attention scores of rank ", scoreDims.size());
    requireRank(ctx, scoreDims, "attention scores");
    const int64_t cols = scoreDims.back();
    const int64_t rows = cols == 0 ? 0 : elementCount(scoreDims) / cols;
    if (rows == 0) return;
    const IndexMap maskMap = mask.data ? broadcastMap(scoreDims, mask.dims) : IndexMap{};
    // Whole warps (the reductions shuffle across full warps), no more threads than a row has columns.
    const int threads = int(std::clamp<int64_t>((cols + 31) / 32 * 32, 32, kThreads));
    const unsigned blocks = unsigned(std::min<int64_t>(rows, int64_t(1) << 20));
    bool known = false;
    dispatchFloat(probsType, [&](auto p) {
        using P = decltype(p);
        known = dispatchFloat(mask.data ? maskType : probsType, [&](auto m) {
            using M = decltype(m);
            attentionSoftmaxKernel<P, M>
                <<<blocks, threads, 0, stream>>>(scores, static_cast<P*>(probs), rows, cols,
                                                 static_cast<const M*>(mask.data), maskMap, nanToZero);
        });
    });
    if (!known)
        ctx.fail(ErrorKind::Unsupported, "no attention softmax for probabilities of ",
                 dataTypeName(probsType), " and a mask of ", dataTypeName(maskType));
    checkLaunch(ctx);
}

void enqueueZeroNan(const KernelContext& ctx, DataType dtype, void* data, int64_t count, cudaStream_t stream) {
    if (count == 0) return;
    const bool known = dispatchFloat(dtype, [&](auto zero) {
        using T = decltype(zero);
        zeroNanKernel<T><<<blocksFor(count), kThreads, 0, stream>>>(static_cast<T*>(data), count);
    });
    if (!known) ctx.fail(ErrorKind::Unsupported, "no NaN fix-up for ", dataTypeName(dtype));
    checkLaunch(ctx);
}

}  // namespace kiln::cuda
