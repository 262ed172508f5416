// Pointwise activations on the GPU (fp32): Relu, Sigmoid, Tanh. The input and the output are device
// tensors; the kernel is enqueued on the step's stream and writes the output where the run planned it
// (the memory plan may give the output its input's block: the kernel works in place too).
#include <algorithm>

#include "kernels/cuda/cuda_backend.h"
#include "kernels/cuda/cuda_check.h"
#include "kernels/cuda/register.h"

namespace kiln::cuda {

namespace {

enum class Activation { Relu, Sigmoid, Tanh };

// The CPU reference's formulas (kernels/cpu/activations.cpp), so both agree on NaN and the tails.
template <Activation A>
__device__ __forceinline__ float activate(float x) {
    if constexpr (A == Activation::Relu) {
        return x < 0.f ? 0.f : x;  // NaN passes through
    } else if constexpr (A == Activation::Sigmoid) {
        if (x >= 0.f) return 1.f / (1.f + expf(-x));  // split by sign so expf never overflows
        const float e = expf(x);
        return e / (1.f + e);
    } else {
        return tanhf(x);
    }
}

// One element per thread and step, grid-stride. x and y may be the same memory.
template <Activation A>
__global__ void activationKernel(const float* x, float* y, int64_t n) {
    const int64_t step = int64_t(gridDim.x) * blockDim.x;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step) y[i] = activate<A>(x[i]);
}

constexpr int kThreads = 256;
constexpr int64_t kMaxBlocks = int64_t(1) << 20;  // the grid-stride loop covers larger tensors

template <Activation A>
void runActivation(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    if (x.device().type != DeviceType::Cuda)
        ctx.fail(ErrorKind::Internal, "input ", x.describe(), " is on ", x.device().str(), ", not on the GPU");
    Tensor& y = ctx.allocateOutputReusing(0, 0, DataType::Float32, x.dims());
    if (y.device() != x.device())
        ctx.fail(ErrorKind::Internal, "output on ", y.device().str(), ", input on ", x.device().str());
    const int64_t n = x.numel();
    if (n == 0) return;
    const cudaStream_t stream = kernelStream(ctx);
    const int64_t blocks = std::min<int64_t>((n + kThreads - 1) / kThreads, kMaxBlocks);
    activationKernel<A><<<unsigned(blocks), kThreads, 0, stream>>>(static_cast<const float*>(x.raw()),
                                                                   static_cast<float*>(y.raw()), n);
    KILN_CUDA_CHECK(cudaGetLastError());
}

KernelDef activationDef(KernelFn run) {
    KernelDef def;
    def.run = run;
    def.inputTypes = {{DataType::Float32}};
    def.outputTypes = {{DataType::Float32}};
    def.inPlace = {{0, 0}};
    return def;
}

}  // namespace

void registerActivationKernels(KernelRegistry& registry) {
    registry.add("Relu", activationDef(&runActivation<Activation::Relu>));
    registry.add("Sigmoid", activationDef(&runActivation<Activation::Sigmoid>));
    registry.add("Tanh", activationDef(&runActivation<Activation::Tanh>));
}

}  // namespace kiln::cuda
