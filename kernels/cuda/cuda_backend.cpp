// The CUDA backend: device discovery and per-layer execution over the CUDA kernel registry.
#include <cuda_runtime.h>
#include <cublasLt.h>
#include <cudnn.h>

#include <algorithm>

#include "engine_core/runtime/backend.h"
#include "kernels/cuda/cuda_check.h"
#include "kernels/cuda/register.h"

namespace kiln {

bool cudaBackendAvailable(std::string* why) {
    int count = 0;
    cudaError_t status = cudaGetDeviceCount(&count);
    if (status != cudaSuccess || count == 0) {
        if (why) *why = concat("no CUDA device: ", status != cudaSuccess ? cudaGetErrorString(status) : "0 devices");
        cudaGetLastError();  // clear the sticky error so later calls start clean
        return false;
    }
    return true;
}

void registerCudaKernels(KernelRegistry& registry) {
    cuda::registerActivationKernels(registry);
    cuda::registerMatMulKernels(registry);
}

namespace {

class CudaBackend final : public Backend {
public:
    explicit CudaBackend(int device) : device_(device) {
        KILN_CUDA_CHECK(cudaSetDevice(device));
        cudaDeviceProp prop{};
        KILN_CUDA_CHECK(cudaGetDeviceProperties(&prop, device));
        deviceName_ = concat(prop.name, " (sm_", prop.major, prop.minor, ", cuBLASLt ", cublasLtGetVersion(),
                             ", cuDNN ", cudnnGetVersion(), ")");
    }
    BackendKind kind() const override { return BackendKind::Cuda; }
    std::string name() const override { return "cuda"; }
    std::string deviceName() const override { return deviceName_; }

    bool supportsOp(const Node& node, std::string* why) const override {
        const KernelDef* def = defaultKernelRegistry().find(node.opType, node.domain, BackendKind::Cuda);
        if (!def) {
            if (why) *why = concat("no CUDA kernel for op ", node.opType);
            return false;
        }
        Value* first = node.inputOrNull(0);
        if (!def->types.empty() && first && first->dtype != DataType::Undefined &&
            std::find(def->types.begin(), def->types.end(), first->dtype) == def->types.end()) {
            if (why) *why = concat("CUDA kernel for ", node.opType, " does not take ", dataTypeName(first->dtype));
            return false;
        }
        return true;
    }

    void execute(KernelContext& ctx) const override {
        KILN_CUDA_CHECK(cudaSetDevice(device_));
        const KernelDef* def = defaultKernelRegistry().find(ctx.node().opType, ctx.node().domain, BackendKind::Cuda);
        if (!def) ctx.fail(ErrorKind::Unsupported, "no CUDA kernel for this op");
        def->run(ctx);
    }

private:
    int device_;
    std::string deviceName_;
};

}  // namespace

std::unique_ptr<Backend> makeCudaBackend(int device) {
    std::string why;
    KILN_CHECK(cudaBackendAvailable(&why), Unsupported, "the CUDA backend is not available: ", why);
    return std::make_unique<CudaBackend>(device);
}

}  // namespace kiln
