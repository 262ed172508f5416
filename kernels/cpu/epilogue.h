// The epilogue of a convolution or matrix product, applied to a block of the output while it is
// still in cache: y = act(y + bias[row] + z). Kernels call it per block right after the GEMM that
// wrote the block, so a fused Conv+Bias+Relu reads and writes its output once.
#pragma once

#include <cstdint>

#include "engine_core/passes/fused_ops.h"

namespace kiln::cpu {

struct EpilogueParams {
    const float* bias = nullptr;  // one value per row of the block, or none
    const float* z = nullptr;     // residual, same layout as y with leading dimension ldz, or none
    int64_t ldz = 0;
    fused::Activation activation = fused::Activation::None;
    float p0 = 0.f, p1 = 0.f;  // activation parameters, see fused::applyActivation
    bool empty() const { return !bias && !z && activation == fused::Activation::None; }
};

// y[r * ldy + c] = act(y[r * ldy + c] + bias[r] + z[r * ldz + c]) for r < rows, c < cols. Serial;
// callers split the output among threads. Built for AVX-512, AVX2 and the baseline, picked at load.
void applyEpilogueBlock(float* y, int64_t ldy, int64_t rows, int64_t cols, const EpilogueParams& ep);

}  // namespace kiln::cpu
