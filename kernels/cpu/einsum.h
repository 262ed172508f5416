// Einsum (ONNX opset 12+): registered by registerMatMulKernels, implemented in einsum.cpp.
#pragma once

#include "engine_core/runtime/kernel.h"

namespace kiln::cpu {

void registerEinsumKernel(KernelRegistry& registry);

}  // namespace kiln::cpu
