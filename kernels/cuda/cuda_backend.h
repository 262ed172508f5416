// The CUDA backend: one GPU, its memory, streams, timers and copies, and the kernel registry of
// kernels/cuda. Lives in the module libkiln_backend_cuda.so (kiln_register_backends registers it as
// "cuda"); nothing outside kernels/cuda sees a CUDA type.
#pragma once

#include <cublasLt.h>
#include <cuda_runtime.h>

#include <memory>
#include <mutex>
#include <string>

#include "engine_core/runtime/backend.h"

namespace kiln::cuda {

// cudaMalloc'd memory of one device. Errors are kiln::Error(ResourceLimit) naming the bytes and the device.
class DeviceAllocator final : public Allocator {
public:
    explicit DeviceAllocator(int device) : device_(device) {}
    Device device() const override { return {DeviceType::Cuda, device_}; }
    MemoryKind kind() const override { return MemoryKind::Device; }
    void* allocate(size_t bytes, size_t alignment) override;
    void deallocate(void* p, size_t bytes) noexcept override;

private:
    int device_;
};

// Page-locked host memory (cudaHostAlloc): host tensors the GPU copies to and from asynchronously.
class PinnedHostAllocator final : public Allocator {
public:
    Device device() const override { return kHostDevice; }
    MemoryKind kind() const override { return MemoryKind::PinnedHost; }
    void* allocate(size_t bytes, size_t alignment) override;
    void deallocate(void* p, size_t bytes) noexcept override;
};

// A non-blocking stream of one device: it does not wait for the legacy default stream.
class CudaStream final : public Stream {
public:
    explicit CudaStream(int device);
    ~CudaStream() override;
    CudaStream(const CudaStream&) = delete;
    CudaStream& operator=(const CudaStream&) = delete;
    Device device() const override { return {DeviceType::Cuda, device_}; }
    void synchronize() override;
    void* native() const override { return stream_; }
    bool canCapture() const override { return true; }
    void beginCapture() override;
    std::unique_ptr<StreamGraph> endCapture() override;
    void abortCapture() noexcept override;
    cudaStream_t get() const { return stream_; }

private:
    int device_;
    cudaStream_t stream_ = nullptr;
};

// Two events recorded on the stream; elapsedMs waits for the stop event.
class EventTimer final : public Timer {
public:
    // gated: a timer gate before the start mark (timer_gate.h), for kernel timings.
    EventTimer(int device, bool gated);
    ~EventTimer() override;
    EventTimer(const EventTimer&) = delete;
    EventTimer& operator=(const EventTimer&) = delete;
    void start(Stream& stream) override;
    void stop(Stream& stream) override;
    double elapsedMs() override;

private:
    int device_;
    bool gated_;
    cudaEvent_t start_ = nullptr, stop_ = nullptr;
};

class CudaBackend final : public Backend {
public:
    explicit CudaBackend(int device);
    ~CudaBackend() override;

    std::string_view id() const override { return "cuda"; }
    Device device() const override { return {DeviceType::Cuda, device_}; }
    // "NVIDIA H100 80GB HBM3 (sm_90, CUDA 13000, cuDNN 91900, cuBLASLt 130100)"
    std::string deviceName() const override { return deviceName_; }
    // The engine compatibility key: the GPU model and its compute capability, "NVIDIA H100 80GB HBM3 sm_90"
    // (tactics and cuBLASLt algorithms are chosen for one GPU model).
    std::string arch() const override { return arch_; }
    std::map<std::string, std::string> libraryVersions() const override;
    const KernelRegistry& kernels() const override;
    // fp32; tf32 on the tensor cores (cuBLASLt, cuDNN); fp16 and bf16 storage with fp32 accumulation.
    std::vector<Precision> precisions() const override {
        return {Precision::FP32, Precision::TF32, Precision::FP16, Precision::BF16};
    }
    std::vector<TensorFormat> formats() const override { return {TensorFormat::Linear, TensorFormat::NHWC}; }
    // CUDA events time the device alone: a tactic 3% faster than the reference is faster (the CPU's
    // 15% kept cuBLASLt over a CUTLASS GEMM 12% faster on BERT's FFN-up).
    double tacticMargin() const override { return 0.03; }
    // Channels last for convolutions on the tensor cores (fp16, bf16, tf32), and for the element-wise
    // and pooling layers of such networks (a non-constant 4-D input), so they stay channels last
    // between convolutions; linear otherwise (fp32 keeps NCHW). The builder takes NHWC only where
    // a kernel in it exists (supportsOp).
    TensorFormat preferredFormat(const Node& node, Precision precision) const override;

    Allocator& allocator(MemoryKind kind) const override;
    std::unique_ptr<Stream> createStream() const override;
    std::unique_ptr<Timer> createTimer() const override;
    std::unique_ptr<Timer> createKernelTimer() const override;
    void copy(Tensor& dst, const Tensor& src, Stream& stream) const override;
    Tensor upload(const Tensor& host) const override;

    int index() const { return device_; }
    // One cuBLASLt handle per device, shared by every layer (cuBLASLt handles are thread-safe and
    // hold no stream).
    cublasLtHandle_t ltHandle() const { return lt_; }
    int multiprocessors() const { return multiprocessors_; }

private:
    int device_;
    std::string deviceName_, arch_;
    int multiprocessors_ = 0;
    cublasLtHandle_t lt_ = nullptr;
    mutable DeviceAllocator deviceMemory_;
    mutable PinnedHostAllocator pinnedMemory_;
};

// Makes `device` current on this thread (kernels launch on the current device).
void useDevice(int device);

// The stream a CUDA kernel enqueues on: the step's stream, its device made current. Fails (naming
// the node) when the step has no CUDA stream.
cudaStream_t kernelStream(const KernelContext& ctx);

// Whether the CUDA backend can run here: a device is present and the module was built for it.
bool cudaAvailable(std::string* why);

// Registers every CUDA kernel into the CUDA backend's registry (kernels/cuda/*).
void registerCudaKernels(KernelRegistry& registry);

}  // namespace kiln::cuda
