// The CUDA backend: device discovery, the backend object and the module's entry points. Kiln loads
// this library (libkiln_backend_cuda.so) the first time the "cuda" backend is asked for
// (BackendRegistry::available / get), so programs that never ask start without CUDA.
#include "kernels/cuda/cuda_backend.h"

#include <cudnn.h>

#include <mutex>
#include <set>
#include <string>

#include "kernels/cuda/cuda_check.h"
#include "kernels/cuda/register.h"

namespace kiln::cuda {

namespace {

// The compute capability this module has machine code for (kernels/CMakeLists.txt: sm_90a, sm_90).
constexpr int kBuiltMajor = 9;

// 13000 -> "13.0" (cudaRuntimeGetVersion, cudaDriverGetVersion)
std::string cudaVersionText(int v) { return concat(v / 1000, ".", (v % 1000) / 10); }
// 91900 -> "9.19.0" (cudnnGetVersion, cublasLtGetVersion: major·10000 + minor·100 + patch)
std::string libraryVersionText(size_t v) { return concat(v / 10000, ".", (v % 10000) / 100, ".", v % 100); }

int runtimeVersion() {
    int v = 0;
    if (cudaRuntimeGetVersion(&v) != cudaSuccess) cudaGetLastError();
    return v;
}

}  // namespace

bool cudaAvailable(std::string* why) {
    // Devices don't come and go while a process runs: probe once.
    static std::once_flag once;
    static bool available = false;
    static std::string reason;
    std::call_once(once, [] {
        int count = 0;
        const cudaError_t status = cudaGetDeviceCount(&count);
        if (status != cudaSuccess) {
            cudaGetLastError();  // clear the error so later calls start clean
            reason = concat("no CUDA device: cudaGetDeviceCount failed: ", cudaErrorText(status));
            return;
        }
        if (count == 0) {
            reason = "no CUDA device: cudaGetDeviceCount found none";
            return;
        }
        std::string found;
        for (int i = 0; i < count; ++i) {
            int major = 0, minor = 0;
            if (cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, i) != cudaSuccess ||
                cudaDeviceGetAttribute(&minor, cudaDevAttrComputeCapabilityMinor, i) != cudaSuccess) {
                cudaGetLastError();
                continue;
            }
            if (major == kBuiltMajor) {
                available = true;
                return;
            }
            found += concat(found.empty() ? "" : ", ", "cuda:", i, " is sm_", major, minor);
        }
        reason = concat("no sm_90 GPU (the CUDA kernels are built for sm_90 only): ", found);
    });
    if (!available && why) *why = reason;
    return available;
}

CudaBackend::CudaBackend(int device) : device_(device), deviceMemory_(device) {
    int count = 0;
    KILN_CUDA_CHECK(cudaGetDeviceCount(&count));
    KILN_CHECK(device >= 0 && device < count, InvalidArgument, "cuda:", device, " does not exist (", count,
               " CUDA device", count == 1 ? "" : "s", ")");
    cudaDeviceProp prop{};
    KILN_CUDA_CHECK(cudaGetDeviceProperties(&prop, device));
    KILN_CHECK(prop.major == kBuiltMajor, Unsupported, "cuda:", device, " (", prop.name, ") is sm_", prop.major,
               prop.minor, "; the CUDA kernels are built for sm_90 only");
    multiprocessors_ = prop.multiProcessorCount;
    deviceName_ = concat(prop.name, " (sm_", prop.major, prop.minor, ", CUDA ", runtimeVersion(), ", cuDNN ",
                         cudnnGetVersion(), ", cuBLASLt ", cublasLtGetVersion(), ")");
    arch_ = concat(prop.name, " sm_", prop.major, prop.minor);
    useDevice(device);
    KILN_CUBLAS_CHECK(cublasLtCreate(&lt_));
}

CudaBackend::~CudaBackend() {
    if (lt_) cublasLtDestroy(lt_);
}

std::map<std::string, std::string> CudaBackend::libraryVersions() const {
    int driver = 0;
    if (cudaDriverGetVersion(&driver) != cudaSuccess) cudaGetLastError();
    return {{"cuda", cudaVersionText(runtimeVersion())},
            {"cuda-driver", cudaVersionText(driver)},
            {"cudnn", libraryVersionText(cudnnGetVersion())},
            {"cublasLt", libraryVersionText(cublasLtGetVersion())}};
}

const KernelRegistry& CudaBackend::kernels() const {
    static KernelRegistry registry;
    static std::once_flag once;
    std::call_once(once, [] { registerCudaKernels(registry); });
    return registry;
}

namespace {

bool isConvolution(const Node& node) {
    return (node.domain.empty() && node.opType == "Conv") || (node.domain == "kiln" && node.opType == "FusedConv");
}

// The layers that have channels-last kernels (elementwise*.cu, pool.cu, reduce.cu).
bool hasChannelsLastKernel(const Node& node) {
    static const std::set<std::string, std::less<>> channelsLastOps = {
        // one input
        "Relu", "Sigmoid", "Tanh", "Gelu", "HardSigmoid", "HardSwish", "LeakyRelu", "Softplus", "Softsign", "Elu",
        "Selu", "Celu", "Mish", "ThresholdedRelu", "Shrink", "Abs", "Neg", "Sign", "Erf", "Exp", "Log", "Sqrt",
        "Reciprocal", "Floor", "Ceil", "Round", "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Asinh",
        "Acosh", "Atanh", "Not", "IsNaN", "IsInf", "Clip", "Cast", "CastLike",
        // several inputs
        "Add", "Sub", "Mul", "Div", "Mod", "Pow", "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "And",
        "Or", "Xor", "PRelu", "Max", "Min", "Sum", "Mean", "Where",
        // pooling
        "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool"};
    const bool listed = node.domain.empty() ? channelsLastOps.count(node.opType) > 0
                                            : node.domain == "kiln" && node.opType == "Pointwise";
    // MaxPool's Indices index the linear layout: only its linear kernel writes them.
    if (listed && node.opType == "MaxPool" && node.outputs.size() > 1 && node.outputs[1]) return false;
    return listed;
}

// Whether rank-4 data reaches `node` from a convolution through layers with channels-last kernels
// (at most `depth` of them), so that keeping it channels last saves reformats.
bool fedByConvolution(const Node& node, int depth) {
    for (const Value* v : node.inputs) {
        if (!v || v->isConstant() || !v->shape.rankKnown || v->shape.rank() != 4 || !v->producer) continue;
        const Node& p = *v->producer;
        if (isConvolution(p)) return true;
        if (depth > 0 && hasChannelsLastKernel(p) && fedByConvolution(p, depth - 1)) return true;
    }
    return false;
}

}  // namespace

TensorFormat CudaBackend::preferredFormat(const Node& node, Precision precision) const {
    if (precision != Precision::FP16 && precision != Precision::BF16 && precision != Precision::TF32)
        return TensorFormat::Linear;
    if (isConvolution(node)) return TensorFormat::NHWC;
    // An element-wise layer or a pool is channels last only when its data comes from a convolution:
    // a transformer's 4-D attention mask never meets one, and putting its And/Where channels last
    // cost BERT 15 reformat layers (0.12 ms at batch 32).
    if (!hasChannelsLastKernel(node)) return TensorFormat::Linear;
    return fedByConvolution(node, 8) ? TensorFormat::NHWC : TensorFormat::Linear;
}

Allocator& CudaBackend::allocator(MemoryKind kind) const {
    switch (kind) {
        case MemoryKind::Host: return hostAllocator();
        case MemoryKind::PinnedHost: return pinnedMemory_;
        case MemoryKind::Device: return deviceMemory_;
    }
    fail(ErrorKind::Internal, "unknown memory kind ", int(kind));
}

void registerCudaKernels(KernelRegistry& registry) {
    registerElementwiseKernels(registry);
    registerMatMulKernels(registry);
    registerDataMovementKernels(registry);
    registerReduceKernels(registry);
    registerPoolKernels(registry);
    registerConvKernels(registry);
    registerDepthwiseKernels(registry);
    registerPatchGemmKernels(registry);
    registerSdpaKernels(registry);
}

}  // namespace kiln::cuda

// The module's entry points (engine_core/runtime/backend.h); everything else in it is hidden.
extern "C" __attribute__((visibility("default"))) int kiln_backend_abi_version() { return kiln::kBackendAbiVersion; }

extern "C" __attribute__((visibility("default"))) void kiln_register_backends(kiln::BackendRegistry* registry) {
    registry->add({"cuda", "NVIDIA GPUs through CUDA, cuDNN and cuBLASLt",
                   [](int device) -> std::shared_ptr<const kiln::Backend> {
                       return std::make_shared<kiln::cuda::CudaBackend>(device);
                   },
                   &kiln::cuda::cudaAvailable});
}
