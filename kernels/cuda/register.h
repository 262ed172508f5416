// Registration functions of the CUDA kernels, one per op-family file; registerCudaKernels
// (cuda_backend.cpp) calls each. Ops without a CUDA kernel run on the CPU: the builder assigns
// them there and inserts the copy layers.
#pragma once

#include "engine_core/runtime/kernel.h"

namespace kiln::cuda {

void registerActivationKernels(KernelRegistry& registry);  // activation.cu: Relu, Sigmoid, Tanh
void registerMatMulKernels(KernelRegistry& registry);      // matmul.cpp: cuBLASLt

}  // namespace kiln::cuda
