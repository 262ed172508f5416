// Registration functions of the CUDA kernels, one per op-family file.
#pragma once

#include "engine_core/runtime/kernel.h"

namespace kiln::cuda {

void registerActivationKernels(KernelRegistry& registry);  // activation.cu
void registerMatMulKernels(KernelRegistry& registry);      // matmul.cpp (cuBLASLt)

}  // namespace kiln::cuda
