// The epilogue of Kiln's int8 layers: the int32 results of gemmInt8 (gemm_int8.h) back to 8 bits
// (QLinearConv, QLinearMatMul, folded Q/DQ layers) or to float (a DequantizeLinear after
// MatMulInteger / ConvInteger). As ONNX Runtime does it:
//   x = float(c + bias) * scale (+ floatBias, in one fused multiply-add)
//   y = saturate(roundHalfToEven(x) + zeroPoint)          (uint8 or int8)
//   or y = x                                              (float)
// scale is per tensor or per channel; bias (int32, in the accumulator's units) and floatBias (in
// the output's units) are per channel. The channel runs along the rows of C (a conv whose weights
// are A) or along its columns (a MatMul whose weights are B). NaN maps to the lowest value.
// quantize.h's requantizeInt32 is the one-row form with a multiplier per element.
#pragma once

#include <cstdint>

namespace kiln::cpu {

enum class QuantAxis { Row, Column };

struct RequantizeParams {
    const float* scale = nullptr;  // one value, or one per channel with scalePerChannel
    bool scalePerChannel = false;
    QuantAxis channelAxis = QuantAxis::Row;
    const int32_t* bias = nullptr;     // per channel, added to the int32 sum before scaling; or none
    const float* floatBias = nullptr;  // per channel, added after scaling; or none
    int32_t zeroPoint = 0;             // the output's zero point (8-bit outputs only)
};

// y[r * ldy + j] for r < rows, j < cols from c[r * ldc + j]; y is uint8_t* or int8_t* (outSigned).
// Serial; AVX-512 where avx512Enabled(), with the plain loop's results bit for bit.
void requantizeBlock(int64_t rows, int64_t cols, const int32_t* c, int64_t ldc, const RequantizeParams& q,
                     bool outSigned, void* y, int64_t ldy);
// The same without the rounding: y = float(c + bias) * scale (+ floatBias); zeroPoint is ignored.
void dequantizeBlock(int64_t rows, int64_t cols, const int32_t* c, int64_t ldc, const RequantizeParams& q,
                     float* y, int64_t ldy);

}  // namespace kiln::cpu
