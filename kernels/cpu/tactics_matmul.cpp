// A second MatMul tactic for the builder's tactic selection: a cache-blocked loop (no BLAS), for
// fp32 A[..., M, K] x B[K, N] (B shared by every batch, the weight case). The reference tactic calls
// OpenBLAS; for small or skinny problems the loop's lower call overhead can win, so the builder
// times both on the layer's real shapes.
#include <algorithm>
#include <cstring>

#include "engine_core/common/parallel.h"
#include "kernels/cpu/register.h"

namespace kiln::cpu {

namespace {

constexpr int64_t kBlockM = 32, kBlockK = 128, kBlockN = 256;

bool blockedMatMulApplicable(const KernelContext& ctx) {
    if (!ctx.hasInput(0) || !ctx.hasInput(1)) return false;
    const Tensor& A = ctx.input(0);
    const Tensor& B = ctx.input(1);
    return A.dtype() == DataType::Float32 && B.dtype() == DataType::Float32 && A.rank() >= 2 && B.rank() == 2 &&
           A.dims().back() == B.dim(0);
}

void runBlockedMatMul(KernelContext& ctx) {
    const Tensor& A = ctx.input(0);
    const Tensor& B = ctx.input(1);
    const int64_t K = A.dims().back(), N = B.dim(1);
    const int64_t rows = K == 0 ? A.numel() : A.numel() / K;  // batch dims folded into M
    std::vector<int64_t> outDims(A.dims().begin(), A.dims().end() - 1);
    outDims.push_back(N);
    Tensor& Y = ctx.allocateOutput(0, DataType::Float32, outDims);  // zero-filled
    if (Y.numel() == 0 || K == 0) return;
    const float* a = A.data<float>();
    const float* b = B.data<float>();
    float* y = Y.data<float>();
    const int64_t blocks = (rows + kBlockM - 1) / kBlockM;
    parallelFor(blocks, 1, [&](int64_t begin, int64_t end) {
        for (int64_t blk = begin; blk < end; ++blk) {
            const int64_t i0 = blk * kBlockM, i1 = std::min(rows, i0 + kBlockM);
            for (int64_t k0 = 0; k0 < K; k0 += kBlockK) {
                const int64_t k1 = std::min(K, k0 + kBlockK);
                for (int64_t j0 = 0; j0 < N; j0 += kBlockN) {
                    const int64_t j1 = std::min(N, j0 + kBlockN);
                    for (int64_t i = i0; i < i1; ++i) {
                        float* yr = y + i * N;
                        const float* ar = a + i * K;
                        for (int64_t k = k0; k < k1; ++k) {
                            const float av = ar[k];
                            const float* br = b + k * N;
                            for (int64_t j = j0; j < j1; ++j) yr[j] += av * br[j];
                        }
                    }
                }
            }
        }
    });
}

}  // namespace

void registerMatMulTactics(KernelRegistry& registry) {
    KernelDef blocked{runBlockedMatMul, {DataType::Float32}};
    blocked.tactic = "blocked_loop";
    blocked.applicable = blockedMatMulApplicable;
    registry.add("MatMul", BackendKind::Cpu, blocked);
}

}  // namespace kiln::cpu
