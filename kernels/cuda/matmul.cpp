// MatMul on the GPU through cuBLASLt (fp32, FP32 compute: this is the accuracy baseline; TF32 and
// lower precisions come with the builder's precision flags). Row-major C = A·B is computed as the
// column-major product Cᵀ = Bᵀ·Aᵀ, which needs no transposes.
#include <memory>

#include "kernels/cuda/cuda_check.h"
#include "kernels/cuda/register.h"

namespace kiln::cuda {

namespace {

cublasLtHandle_t ltHandle() {
    thread_local std::unique_ptr<std::remove_pointer_t<cublasLtHandle_t>, decltype(&cublasLtDestroy)> handle(
        [] {
            cublasLtHandle_t h = nullptr;
            KILN_CUBLAS_CHECK(cublasLtCreate(&h));
            return h;
        }(),
        &cublasLtDestroy);
    return handle.get();
}

struct LayoutDeleter {
    void operator()(cublasLtMatrixLayoutOpaque_t* p) const { cublasLtMatrixLayoutDestroy(p); }
};
using Layout = std::unique_ptr<cublasLtMatrixLayoutOpaque_t, LayoutDeleter>;

Layout makeLayout(uint64_t rows, uint64_t cols, int64_t ld, int32_t batch, int64_t stride) {
    cublasLtMatrixLayout_t layout = nullptr;
    KILN_CUBLAS_CHECK(cublasLtMatrixLayoutCreate(&layout, CUDA_R_32F, rows, cols, ld));
    Layout owned(layout);
    KILN_CUBLAS_CHECK(cublasLtMatrixLayoutSetAttribute(layout, CUBLASLT_MATRIX_LAYOUT_BATCH_COUNT, &batch, sizeof(batch)));
    KILN_CUBLAS_CHECK(cublasLtMatrixLayoutSetAttribute(layout, CUBLASLT_MATRIX_LAYOUT_STRIDED_BATCH_OFFSET, &stride,
                                                       sizeof(stride)));
    return owned;
}

void runMatMul(KernelContext& ctx) {
    const Tensor& a = ctx.input(0);
    const Tensor& b = ctx.input(1);
    if (a.rank() < 2 || b.rank() < 2 || a.rank() != b.rank())
        ctx.fail(ErrorKind::Unsupported, "the CUDA MatMul takes equal-rank inputs of rank >= 2, got ",
                 a.describe(), " and ", b.describe());
    size_t r = a.rank();
    int64_t m = a.dim(int(r - 2)), k = a.dim(int(r - 1)), n = b.dim(int(r - 1));
    if (b.dim(int(r - 2)) != k) ctx.fail(ErrorKind::InvalidModel, "inner dims differ: ", a.describe(), " · ", b.describe());
    std::vector<int64_t> outDims(a.dims().begin(), a.dims().end() - 2);
    int64_t batch = 1;
    for (size_t d = 0; d + 2 < r; ++d) {
        if (a.dim(int(d)) != b.dim(int(d)))
            ctx.fail(ErrorKind::Unsupported, "the CUDA MatMul does not broadcast batch dims yet: ", a.describe(),
                     " · ", b.describe());
        batch *= a.dim(int(d));
    }
    outDims.push_back(m);
    outDims.push_back(n);
    Tensor& c = ctx.allocateOutput(0, DataType::Float32, outDims);
    if (c.numel() == 0) return;

    DeviceBuffer da(a.byteSize()), db(b.byteSize()), dc(c.byteSize());
    KILN_CUDA_CHECK(cudaMemcpy(da.get(), a.raw(), a.byteSize(), cudaMemcpyHostToDevice));
    KILN_CUDA_CHECK(cudaMemcpy(db.get(), b.raw(), b.byteSize(), cudaMemcpyHostToDevice));

    cublasLtMatmulDesc_t desc = nullptr;
    KILN_CUBLAS_CHECK(cublasLtMatmulDescCreate(&desc, CUBLAS_COMPUTE_32F, CUDA_R_32F));
    std::unique_ptr<cublasLtMatmulDescOpaque_t, decltype(&cublasLtMatmulDescDestroy)> ownedDesc(desc, &cublasLtMatmulDescDestroy);
    // Column-major view: B is n×k (ld n), A is k×m (ld k), C is n×m (ld n).
    Layout lb = makeLayout(uint64_t(n), uint64_t(k), n, int32_t(batch), k * n);
    Layout la = makeLayout(uint64_t(k), uint64_t(m), k, int32_t(batch), m * k);
    Layout lc = makeLayout(uint64_t(n), uint64_t(m), n, int32_t(batch), m * n);
    float alpha = 1.0f, beta = 0.0f;
    KILN_CUBLAS_CHECK(cublasLtMatmul(ltHandle(), desc, &alpha, db.get(), lb.get(), da.get(), la.get(), &beta, dc.get(),
                                     lc.get(), dc.get(), lc.get(), nullptr, nullptr, 0, nullptr));
    KILN_CUDA_CHECK(cudaMemcpy(c.raw(), dc.get(), c.byteSize(), cudaMemcpyDeviceToHost));
}

}  // namespace

void registerMatMulKernels(KernelRegistry& registry) {
    registry.add("MatMul", BackendKind::Cuda, {runMatMul, {DataType::Float32}});
}

}  // namespace kiln::cuda
