// Helpers of the CPU quantization kernels (quantize.cpp, quantized_linear.cpp), shared with the
// int8 layers: quantizing a row of floats the way QuantizeLinear does.
#pragma once

#include <cstdint>

#include "engine_core/runtime/kernel.h"

namespace kiln::cpu {

// y[i] = saturate(round_half_even(x[i] / scale) + zero) as int8 (isSigned) or uint8; NaN gives `zero`.
// Serial and vectorized (AVX-512 where enabled).
void quantizeFloats(const float* x, void* y, bool isSigned, int64_t n, float scale, int32_t zero);

// y[i] = saturate(round_half_even(float(acc[i] + bias) · m) + zero) as int8 or uint8, m = multipliers[0]
// or, perElement, multipliers[i]: the requantize step of QLinearMatMul and QLinearConv. Serial.
void requantizeInt32(const int32_t* acc, void* y, bool isSigned, int64_t n, const float* multipliers,
                     bool perElement, int32_t bias, int32_t zero);

// quantized_linear.cpp: MatMulInteger, QLinearMatMul, ConvInteger, QLinearConv.
void registerQuantizedLinearKernels(KernelRegistry& registry);
// int8_layers.cpp: kiln::Int8Conv, kiln::Int8MatMul (the layers folded from Q/DQ models).
void registerInt8LayerKernels(KernelRegistry& registry);

// QuantizeLinear's output type: y_zero_point's (input 2), else the output_dtype attribute, else uint8.
DataType quantizeLinearOutputType(const KernelContext& ctx);

}  // namespace kiln::cpu
