// A second MatMul tactic for the builder's tactic selection: a cache-blocked loop (no BLAS), for
// fp32 A[..., M, K] x B[K, N] (B shared by every batch, the weight case). The reference tactic calls
// OpenBLAS; for small or skinny problems the loop's lower call overhead can win, so the builder
// times both on the layer's real shapes.
#include <algorithm>
#include <cstring>

#include "engine_core/common/parallel.h"
#include "engine_core/common/small_vector.h"
#include "kernels/cpu/register.h"
#include "kernels/cpu/tactics_epilogue.h"

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

DimVector matMulOutDims(const Tensor& A, const Tensor& B) {
    DimVector out(A.dims().begin(), A.dims().end() - 1);
    out.push_back(B.dim(1));
    return out;
}

// kiln::FusedMatMul = act(A·B + bias + Z): the MatMul form (no transposes, alpha 1), bias [N], Z
// of the output's shape.
bool blockedFusedMatMulApplicable(const KernelContext& ctx) {
    const Node& node = ctx.node();
    if (node.attrInt("transA", 0) != 0 || node.attrInt("transB", 0) != 0 || node.attrFloat("alpha", 1.f) != 1.f)
        return false;
    if (!blockedMatMulApplicable(ctx)) return false;
    const Tensor* bias = ctx.optionalInput(2);
    const int64_t N = ctx.input(1).dim(1);
    if (bias && (bias->dtype() != DataType::Float32 || bias->numel() != N || bias->dims().back() != N)) return false;
    return epilogueApplicable(ctx, 3, matMulOutDims(ctx.input(0), ctx.input(1)));
}

// Y = A·B (+ bias broadcast over rows when given).
void runBlockedCore(KernelContext& ctx, const Tensor* bias) {
    const Tensor& A = ctx.input(0);
    const Tensor& B = ctx.input(1);
    const int64_t K = A.dims().back(), N = B.dim(1);
    int64_t rows = 1;  // batch dims folded into M
    for (size_t d = 0; d + 1 < A.rank(); ++d) rows *= A.dim(int(d));
    Tensor& Y = ctx.allocateZeroedOutput(0, DataType::Float32, matMulOutDims(A, B));  // accumulated into
    if (Y.numel() == 0) return;
    float* y = Y.data<float>();
    if (bias) {
        const float* bp = bias->data<float>();
        for (int64_t i = 0; i < rows; ++i) std::memcpy(y + i * N, bp, size_t(N) * sizeof(float));
    }
    if (K == 0) return;
    const float* a = A.data<float>();
    const float* b = B.data<float>();
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

void runBlockedMatMul(KernelContext& ctx) { runBlockedCore(ctx, nullptr); }

void runBlockedFusedMatMul(KernelContext& ctx) {
    runBlockedCore(ctx, ctx.optionalInput(2));
    applyFusedEpilogue(ctx, ctx.output(0), 3);
}

}  // namespace

void registerMatMulTactics(KernelRegistry& registry) {
    KernelDef blocked{runBlockedMatMul, {DataType::Float32}};
    blocked.tactic = "blocked_loop";
    blocked.applicable = blockedMatMulApplicable;
    registry.add("MatMul", blocked);
    KernelDef fusedBlocked{runBlockedFusedMatMul, {DataType::Float32}};
    fusedBlocked.tactic = "blocked_loop";
    fusedBlocked.applicable = blockedFusedMatMulApplicable;
    registry.add("FusedMatMul", fusedBlocked, "kiln");
}

}  // namespace kiln::cpu
