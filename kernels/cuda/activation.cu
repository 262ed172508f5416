// Pointwise activations on the GPU (fp32). One thread per element, grid-stride loop.
#include <cmath>

#include "kernels/cuda/cuda_check.h"
#include "kernels/cuda/register.h"

namespace kiln::cuda {

namespace {

enum class Activation { Relu, Sigmoid, Tanh };

template <Activation A>
__global__ void activationKernel(const float* x, float* y, int64_t n) {
    for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x) {
        float v = x[i];
        if constexpr (A == Activation::Relu) y[i] = v > 0.f ? v : 0.f;
        if constexpr (A == Activation::Sigmoid) y[i] = 1.f / (1.f + expf(-v));
        if constexpr (A == Activation::Tanh) y[i] = tanhf(v);
    }
}

template <Activation A>
void runActivation(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    Tensor& y = ctx.allocateOutput(0, DataType::Float32, x.dims());
    if (x.numel() == 0) return;
    DeviceBuffer dx(x.byteSize()), dy(y.byteSize());
    KILN_CUDA_CHECK(cudaMemcpy(dx.get(), x.raw(), x.byteSize(), cudaMemcpyHostToDevice));
    int threads = 256;
    int blocks = int(std::min<int64_t>((x.numel() + threads - 1) / threads, 65535));
    activationKernel<A><<<blocks, threads>>>(static_cast<const float*>(dx.get()), static_cast<float*>(dy.get()), x.numel());
    KILN_CUDA_CHECK(cudaGetLastError());
    KILN_CUDA_CHECK(cudaMemcpy(y.raw(), dy.get(), y.byteSize(), cudaMemcpyDeviceToHost));
}

}  // namespace

void registerActivationKernels(KernelRegistry& registry) {
    registry.add("Relu", BackendKind::Cuda, {runActivation<Activation::Relu>, {DataType::Float32}});
    registry.add("Sigmoid", BackendKind::Cuda, {runActivation<Activation::Sigmoid>, {DataType::Float32}});
    registry.add("Tanh", BackendKind::Cuda, {runActivation<Activation::Tanh>, {DataType::Float32}});
}

}  // namespace kiln::cuda
