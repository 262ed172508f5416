// Gemm and MatMul (ONNX opset 21): fp32 products with constant weights on Kiln's AVX-512 kernel
// with B packed once (gemm_avx512.h), the rest through gemm.h (AVX-512 kernel or OpenBLAS).
// Einsum lives in einsum.cpp.
#include <algorithm>

#include "engine_core/common/parallel.h"
#include "kernels/cpu/half_upcast.h"
#include "kernels/cpu/data_movement.h"
#include "kernels/cpu/einsum.h"
#include "kernels/cpu/gemm.h"
#include "kernels/cpu/register.h"
#include "kernels/cpu/tactics_epilogue.h"

namespace kiln::cpu {

namespace {

// B of an fp32 product as a constant weight the AVX-512 kernel can take packed once
// (packedWeightsB): the node's constant input 1 itself, not a tensor the caller bound in its place.
bool packableWeights(const KernelContext& ctx, const Tensor& B) {
    if (!avx512Enabled() || B.dtype() != DataType::Float32 || B.rank() != 2 || B.numel() == 0) return false;
    const Value* v = ctx.node().inputOrNull(1);
    return v && v->isConstant() && v->constant->sharesStorageWith(B) && v->constant->raw() == B.raw() &&
           v->constant->dims() == B.dims();
}

const std::vector<DataType> kGemmTypes = {DataType::Float32, DataType::Float64, DataType::Int32,  DataType::Int64,
                                          DataType::UInt32,  DataType::UInt64,  DataType::Float16, DataType::BFloat16};

// Calls fn.template operator()<T>() for the dtype's C++ type; other types are Unsupported.
template <typename Fn>
void dispatchGemmType(KernelContext& ctx, DataType type, Fn&& fn) {
    switch (type) {
        case DataType::Float32: fn.template operator()<float>(); return;
        case DataType::Float64: fn.template operator()<double>(); return;
        case DataType::Int32: fn.template operator()<int32_t>(); return;
        case DataType::Int64: fn.template operator()<int64_t>(); return;
        case DataType::UInt32: fn.template operator()<uint32_t>(); return;
        case DataType::UInt64: fn.template operator()<uint64_t>(); return;
        case DataType::Undefined:
        case DataType::Float16:
        case DataType::BFloat16:
        case DataType::Float8E4M3:
        case DataType::Int8:
        case DataType::UInt8:
        case DataType::Int16:
        case DataType::UInt16:
        case DataType::Bool:
        case DataType::String: break;
    }
    ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(type), " is not supported");
}

// ---- Gemm: Y = alpha * op(A) * op(B) + beta * C ------------------------------------------------

void runGemm(KernelContext& ctx) {
    const Node& node = ctx.node();
    const Tensor& A = ctx.input(0);
    const Tensor& B = ctx.input(1);
    const Tensor* C = ctx.optionalInput(2);
    if (A.rank() != 2 || B.rank() != 2)
        ctx.fail(ErrorKind::InvalidArgument, "A and B must be 2-D, got A ", A.describe(), " and B ", B.describe());
    if (B.dtype() != A.dtype() || (C && C->dtype() != A.dtype()))
        ctx.fail(ErrorKind::InvalidArgument, "inputs must share one type, got A ", A.describe(), ", B ",
                 B.describe(), C ? ", C " + C->describe() : std::string());
    const bool transA = node.attrInt("transA", 0) != 0;
    const bool transB = node.attrInt("transB", 0) != 0;
    const float alpha = node.attrFloat("alpha", 1.0f);
    const float beta = node.attrFloat("beta", 1.0f);
    const int64_t M = transA ? A.dim(1) : A.dim(0);
    const int64_t K = transA ? A.dim(0) : A.dim(1);
    const int64_t KB = transB ? B.dim(1) : B.dim(0);
    const int64_t N = transB ? B.dim(0) : B.dim(1);
    if (K != KB)
        ctx.fail(ErrorKind::InvalidArgument, "inner dimensions differ: A ", A.describe(), (transA ? " (transposed)" : ""),
                 " vs B ", B.describe(), (transB ? " (transposed)" : ""));
    const bool useC = C != nullptr && beta != 0.0f;
    if (C) {
        DimVector out;
        const int64_t mn[2] = {M, N};
        if (C->rank() > 2 || !movement::broadcastDims(C->dims(), mn, out) || !(out == DimVector{M, N}))
            ctx.fail(ErrorKind::InvalidArgument, "C ", C->describe(), " cannot be broadcast to [", M, ",", N, "]");
    }
    Tensor& Y = ctx.allocateOutput(0, A.dtype(), {M, N});
    // Constant weights with no C or a bias row C[N] (the Linear layer): the AVX-512 kernel on B
    // packed once, adding the bias to each finished sum (as BLAS's sum + beta·C with beta 1).
    if (alpha == 1.f && (!useC || beta == 1.f) && M >= 2 && N >= 16 && K > 0 && packableWeights(ctx, B)) {
        const bool biasRow = useC && C->dtype() == DataType::Float32 && C->numel() == N && C->dims().back() == N;
        if (!useC || biasRow)
            if (std::shared_ptr<const PackedMatrixB> packed = packedWeightsB(B, transB)) {
                gemmAvx512PackedB(transA, M, A.data<float>(), A.dim(1), *packed, Y.data<float>(), N,
                                  useC ? C->data<float>() : nullptr);
                return;
            }
    }
    if (useC) {
        const int64_t mn[2] = {M, N};
        movement::broadcastBytes(C->raw(), C->dims(), Y.raw(), mn, dataTypeSize(A.dtype()));
    }
    dispatchGemmType(ctx, A.dtype(), [&]<typename T>() {
        gemm<T>(transA, transB, M, N, K, T(alpha), A.data<T>(), A.dim(1), B.data<T>(), B.dim(1),
                useC ? T(beta) : T(0), Y.data<T>(), N);
    });
}

// ---- MatMul: NumPy matmul semantics ------------------------------------------------------------

// Per-call work below which the batch loop is parallel (each GEMM single-threaded) instead of
// letting BLAS thread each small GEMM.
constexpr int64_t kSmallGemmFlops = int64_t(1) << 22;

void runMatMul(KernelContext& ctx) {
    const Tensor& A = ctx.input(0);
    const Tensor& B = ctx.input(1);
    if (A.dtype() != B.dtype())
        ctx.fail(ErrorKind::InvalidArgument, "A and B types differ: ", A.describe(), " vs ", B.describe());
    if (A.rank() == 0 || B.rank() == 0)
        ctx.fail(ErrorKind::InvalidArgument, "inputs must have rank >= 1, got ", A.describe(), " and ", B.describe());
    DimVector a(A.dims()), b(B.dims());
    const bool aVec = a.size() == 1, bVec = b.size() == 1;
    if (aVec) a.insert(a.begin(), 1);
    if (bVec) b.push_back(1);
    const int64_t M = a[a.size() - 2], K = a.back(), N = b.back();
    if (b[b.size() - 2] != K)
        ctx.fail(ErrorKind::InvalidArgument, "inner dimensions differ: ", A.describe(), " x ", B.describe());
    DimVector aBatch(a.begin(), a.end() - 2), bBatch(b.begin(), b.end() - 2), batch;
    if (!movement::broadcastDims(aBatch, bBatch, batch))
        ctx.fail(ErrorKind::InvalidArgument, "batch dimensions do not broadcast: ", A.describe(), " x ", B.describe());
    DimVector outDims = batch;
    if (!aVec) outDims.push_back(M);
    if (!bVec) outDims.push_back(N);
    Tensor& Y = ctx.allocateOutput(0, A.dtype(), outDims);
    int64_t batchCount = 1, aCount = 1, bCount = 1;
    for (int64_t d : batch) batchCount *= d;
    for (int64_t d : aBatch) aCount *= d;
    for (int64_t d : bBatch) bCount *= d;
    if (Y.numel() == 0) return;

    // Strides of each batch dim in A and in B, honouring broadcast (stride 0 on size-1 dims).
    auto batchStrides = [&](const DimVector& own, int64_t matrixSize) {
        DimVector padded(batch.size() - own.size(), 1);
        for (int64_t d : own) padded.push_back(d);
        DimVector stride(batch.size(), 0);
        int64_t s = matrixSize;
        for (size_t i = batch.size(); i-- > 0;) {
            stride[i] = padded[i] == 1 ? 0 : s;
            s *= padded[i];
        }
        return stride;
    };

    dispatchGemmType(ctx, A.dtype(), [&]<typename T>() {
        const T* pa = A.data<T>();
        const T* pb = B.data<T>();
        T* py = Y.data<T>();
        if constexpr (std::is_same_v<T, float>) {
            // Constant weights (the transformers' Linear layers, FusedMatMul's core): B packed once,
            // for two rows or more (one row stays with GEMV, which streams B as fast).
            if (bCount == 1 && aCount * M >= 2 && N >= 16 && K > 0 && packableWeights(ctx, B))
                if (std::shared_ptr<const PackedMatrixB> packed = packedWeightsB(B)) {
                    gemmAvx512PackedB(false, aCount * M, pa, K, *packed, py, N);
                    return;
                }
        }
        if (bCount == 1) {
            // B is shared by every batch: fold A's batch dims into M for one large GEMM.
            gemm<T>(false, false, aCount * M, N, K, T(1), pa, K, pb, N, T(0), py, N);
            return;
        }
        const DimVector aStride = batchStrides(aBatch, M * K), bStride = batchStrides(bBatch, K * N);
        auto one = [&](int64_t i) {
            int64_t rem = i, ao = 0, bo = 0;
            for (size_t d = batch.size(); d-- > 0;) {
                const int64_t digit = rem % batch[d];
                rem /= batch[d];
                ao += digit * aStride[d];
                bo += digit * bStride[d];
            }
            gemm<T>(false, false, M, N, K, T(1), pa + ao, K, pb + bo, N, T(0), py + i * M * N, N);
        };
        if (M * N * K <= kSmallGemmFlops) {
            parallelFor(batchCount, 1, [&](int64_t begin, int64_t end) {
                for (int64_t i = begin; i < end; ++i) one(i);
            });
        } else {
            for (int64_t i = 0; i < batchCount; ++i) one(i);
        }
    });
}

}  // namespace

PackedFusedMatMul runFusedMatMulPacked(KernelContext& ctx, const Tensor* bias, const Tensor* z,
                                       const FusedActivation& act) {
    const Tensor& A = ctx.input(0);
    const Tensor& B = ctx.input(1);
    if (A.dtype() != DataType::Float32 || A.rank() < 2 || !packableWeights(ctx, B)) return PackedFusedMatMul::NotTaken;
    const int64_t M = A.dim(A.rank() - 2), K = A.dims().back(), N = B.dim(1);
    const int64_t rows = A.numel() / std::max<int64_t>(K, 1);  // batch dims folded into M
    if (B.dim(0) != K || rows < 2 || N < 16 || K <= 0) return PackedFusedMatMul::NotTaken;
    std::shared_ptr<const PackedMatrixB> packed = packedWeightsB(B);
    if (!packed) return PackedFusedMatMul::NotTaken;
    DimVector outDims(A.dims().begin(), A.dims().end() - 1);
    outDims.push_back(N);
    (void)M;
    Tensor& Y = ctx.allocateOutput(0, DataType::Float32, outDims);
    bool shared = false;
    for (size_t i = 0; i < ctx.numInputs(); ++i) shared = shared || (ctx.hasInput(i) && Y.sharesStorageWith(ctx.input(i)));
    const bool biasRow = !bias || (bias->dtype() == DataType::Float32 && bias->numel() == N && bias->dims().back() == N);
    const bool zFull = !z || (z->dtype() == DataType::Float32 && z->dims() == Y.dims());
    if (shared || !biasRow || !zFull) {
        gemmAvx512PackedB(false, rows, A.data<float>(), K, *packed, Y.data<float>(), N);
        return PackedFusedMatMul::CoreOnly;
    }
    EpilogueParams post;
    post.z = z ? z->data<float>() : nullptr;
    post.ldz = N;
    post.activation = act.activation;
    post.p0 = act.p0;
    post.p1 = act.p1;
    gemmAvx512PackedB(false, rows, A.data<float>(), K, *packed, Y.data<float>(), N, bias ? bias->data<float>() : nullptr,
                      &post);
    return PackedFusedMatMul::Everything;
}

void registerMatMulKernels(KernelRegistry& registry) {
    registry.add("Gemm", {withHalfUpcast<runGemm>, kGemmTypes});
    registry.add("MatMul", {withHalfUpcast<runMatMul>, kGemmTypes});
    registerEinsumKernel(registry);
}

}  // namespace kiln::cpu
