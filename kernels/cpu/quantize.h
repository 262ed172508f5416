// Helpers of the CPU quantization kernels (quantize.cpp, quantized_linear.cpp), shared with the
// int8 layers: quantizing a row of floats the way QuantizeLinear does.
#pragma once

#include <cstdint>

#include "engine_core/runtime/kernel.h"

namespace kiln::cpu {

// y[i] = saturate(round_half_even(x[i] / scale) + zero) as int8 (isSigned) or uint8; NaN gives `zero`.
// Serial and vectorized (AVX-512 where enabled).
void quantizeFloats(const float* x, void* y, bool isSigned, int64_t n, float scale, int32_t zero);

// QuantizeLinear's output type: y_zero_point's (input 2), else the output_dtype attribute, else uint8.
DataType quantizeLinearOutputType(const KernelContext& ctx);

}  // namespace kiln::cpu
