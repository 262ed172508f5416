// The CUDA backend's memory, streams and timers (cuda_backend.h).
#include <algorithm>

#include "engine_core/runtime/memory_plan.h"
#include "kernels/cuda/cuda_backend.h"
#include "kernels/cuda/cuda_check.h"
#include "kernels/cuda/timer_gate.h"

namespace kiln::cuda {

void useDevice(int device) { KILN_CUDA_CHECK(cudaSetDevice(device)); }

cudaStream_t kernelStream(const KernelContext& ctx) {
    Stream* stream = ctx.stream();
    if (!stream || stream->device().type != DeviceType::Cuda || !stream->native())
        ctx.fail(ErrorKind::Internal, "a CUDA kernel needs the step's CUDA stream, got ",
                 stream ? stream->device().str() : std::string("none"));
    useDevice(stream->device().index);
    return static_cast<cudaStream_t>(stream->native());
}

namespace {

void checkAlignment(size_t alignment, size_t guaranteed, const Device& device) {
    KILN_CHECK(alignment && (alignment & (alignment - 1)) == 0, Internal, "alignment ", alignment,
               " is not a power of two");
    KILN_CHECK(alignment <= guaranteed, Internal, device.str(), ": alignment ", alignment, " asked, the allocator gives ",
               guaranteed);
}

// What a failed allocation says: the size, the device, the CUDA error and what is left.
[[noreturn]] void failAllocation(const char* what, const Device& device, size_t bytes, cudaError_t status) {
    cudaGetLastError();  // an allocation failure is not sticky: clear it so the next call starts clean
    std::string left;
    size_t freeBytes = 0, totalBytes = 0;
    if (device.type == DeviceType::Cuda && cudaMemGetInfo(&freeBytes, &totalBytes) == cudaSuccess)
        left = concat("; ", formatBytes(freeBytes), " free of ", formatBytes(totalBytes));
    cudaGetLastError();
    fail(ErrorKind::ResourceLimit, "out of ", what, " memory on ", device.str(), " allocating ", bytes, " bytes (",
         formatBytes(bytes), "): ", cudaErrorText(status), left);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Memory

void* DeviceAllocator::allocate(size_t bytes, size_t alignment) {
    checkAlignment(alignment, 256, device());  // cudaMalloc's blocks start on 256-byte boundaries
    useDevice(device_);
    void* p = nullptr;
    const cudaError_t status = cudaMalloc(&p, std::max<size_t>(bytes, 1));
    if (status != cudaSuccess) failAllocation("device", device(), bytes, status);
    if (Tensor::poisonUninitialized() && bytes) {
        // The test suites' poison (Tensor::uninitialized): a kernel that leaves an output element
        // unwritten shows NaN. The memset runs on the legacy stream, which the backend's
        // non-blocking streams do not wait for: wait here.
        KILN_CUDA_CHECK(cudaMemset(p, 0xFF, bytes));
        openTimerGates();
        KILN_CUDA_CHECK(cudaDeviceSynchronize());
    }
    return p;
}

void DeviceAllocator::deallocate(void* p, size_t) noexcept {
    // cudaFree waits for the device's pending work, so a block freed right after the kernel that
    // reads it was enqueued (an unplanned run's dead tensor, a layer's heap scratch) is still intact
    // while that kernel runs. Errors are dropped: at exit the runtime may already be unloading.
    if (p) {
        openTimerGates();  // cudaFree waits for the device, which a closed gate would hold
        cudaFree(p);
        cudaGetLastError();
    }
}

void* PinnedHostAllocator::allocate(size_t bytes, size_t alignment) {
    checkAlignment(alignment, 4096, device());  // page-locked blocks are whole pages
    void* p = nullptr;
    const cudaError_t status = cudaHostAlloc(&p, std::max<size_t>(bytes, 1), cudaHostAllocPortable);
    if (status != cudaSuccess) failAllocation("pinned host", device(), bytes, status);
    return p;
}

void PinnedHostAllocator::deallocate(void* p, size_t) noexcept {
    if (p) {
        cudaFreeHost(p);
        cudaGetLastError();
    }
}

// ---------------------------------------------------------------------------------------------
// Streams and timers

CudaStream::CudaStream(int device) : device_(device) {
    useDevice(device);
    KILN_CUDA_CHECK(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking));
}

CudaStream::~CudaStream() {
    if (stream_) {
        cudaStreamDestroy(stream_);
        cudaGetLastError();
    }
}

void CudaStream::synchronize() {
    openTimerGates();
    KILN_CUDA_CHECK(cudaStreamSynchronize(stream_));
}

namespace {

cudaStream_t nativeStream(Stream& stream, int device) {
    KILN_CHECK(stream.device() == (Device{DeviceType::Cuda, device}) && stream.native(), Internal,
               "a cuda:", device, " timer or copy was given a stream of ", stream.device().str());
    return static_cast<cudaStream_t>(stream.native());
}

// An instantiated CUDA graph: the captured work of one stream, launched as one unit.
class CudaGraph final : public StreamGraph {
public:
    CudaGraph(int device, cudaGraphExec_t exec) : device_(device), exec_(exec) {}
    ~CudaGraph() override {
        cudaGraphExecDestroy(exec_);
        cudaGetLastError();
    }
    CudaGraph(const CudaGraph&) = delete;
    CudaGraph& operator=(const CudaGraph&) = delete;
    void launch(Stream& stream) override {
        useDevice(device_);
        KILN_CUDA_CHECK(cudaGraphLaunch(exec_, nativeStream(stream, device_)));
    }

private:
    int device_;
    cudaGraphExec_t exec_;
};

}  // namespace

void CudaStream::beginCapture() {
    useDevice(device_);
    // Thread-local mode: other threads' CUDA calls (another execution context) don't disturb it,
    // while a call on this thread that can't be captured (a synchronize, a cudaMalloc) fails loudly.
    KILN_CUDA_CHECK(cudaStreamBeginCapture(stream_, cudaStreamCaptureModeThreadLocal));
}

std::unique_ptr<StreamGraph> CudaStream::endCapture() {
    useDevice(device_);
    cudaGraph_t graph = nullptr;
    KILN_CUDA_CHECK(cudaStreamEndCapture(stream_, &graph));
    cudaGraphExec_t exec = nullptr;
    const cudaError_t status = cudaGraphInstantiate(&exec, graph, 0);
    cudaGraphDestroy(graph);
    KILN_CUDA_CHECK(status);
    return std::make_unique<CudaGraph>(device_, exec);
}

void CudaStream::abortCapture() noexcept {
    cudaStreamCaptureStatus status = cudaStreamCaptureStatusNone;
    if (cudaStreamIsCapturing(stream_, &status) == cudaSuccess && status != cudaStreamCaptureStatusNone) {
        cudaGraph_t graph = nullptr;
        if (cudaStreamEndCapture(stream_, &graph) == cudaSuccess && graph) cudaGraphDestroy(graph);
    }
    cudaGetLastError();
}

EventTimer::EventTimer(int device, bool gated) : device_(device), gated_(gated) {
    useDevice(device);
    KILN_CUDA_CHECK(cudaEventCreate(&start_));
    KILN_CUDA_CHECK(cudaEventCreate(&stop_));
}

EventTimer::~EventTimer() {
    if (start_) cudaEventDestroy(start_);
    if (stop_) cudaEventDestroy(stop_);
    cudaGetLastError();
}

// The gate before the start mark (timer_gate.h): the marks time the GPU's work, not the host's
// enqueueing of it.
void EventTimer::start(Stream& stream) {
    const cudaStream_t s = nativeStream(stream, device_);
    useDevice(device_);
    if (gated_) armTimerGate(s);
    KILN_CUDA_CHECK(cudaEventRecord(start_, s));
}

void EventTimer::stop(Stream& stream) {
    KILN_CUDA_CHECK(cudaEventRecord(stop_, nativeStream(stream, device_)));
    openTimerGates();
}

double EventTimer::elapsedMs() {
    openTimerGates();
    KILN_CUDA_CHECK(cudaEventSynchronize(stop_));
    float ms = 0.f;
    KILN_CUDA_CHECK(cudaEventElapsedTime(&ms, start_, stop_));
    return double(ms);
}

// ---------------------------------------------------------------------------------------------
// Copies between the host and the device

std::unique_ptr<Stream> CudaBackend::createStream() const { return std::make_unique<CudaStream>(device_); }

std::unique_ptr<Timer> CudaBackend::createTimer() const { return std::make_unique<EventTimer>(device_, false); }

std::unique_ptr<Timer> CudaBackend::createKernelTimer() const { return std::make_unique<EventTimer>(device_, true); }

void CudaBackend::copy(Tensor& dst, const Tensor& src, Stream& stream) const {
    KILN_CHECK(dst.dtype() == src.dtype() && dst.numel() == src.numel() && dst.format() == src.format(), Internal,
               "copy of ", src.describe(), " (", tensorFormatName(src.format()), ") into ", dst.describe(), " (",
               tensorFormatName(dst.format()), ")");
    const Device here = device();
    cudaMemcpyKind kind;
    if (src.device().isHost() && dst.device() == here)
        kind = cudaMemcpyHostToDevice;
    else if (src.device() == here && dst.device().isHost())
        kind = cudaMemcpyDeviceToHost;
    else if (src.device() == here && dst.device() == here)
        kind = cudaMemcpyDeviceToDevice;
    else
        fail(ErrorKind::Internal, "the ", here.str(), " backend copies between the host and ", here.str(), ", not ",
             src.device().str(), " -> ", dst.device().str());
    const cudaStream_t s = nativeStream(stream, device_);
    useDevice(device_);
    // From pageable host memory the copy returns once the data is staged, so the source may be
    // reused at once; from pinned memory it is asynchronous, ordered on the stream.
    // A copy from pageable host memory may wait for the stream while staging it: no gate may hold it.
    if (kind != cudaMemcpyDeviceToDevice) openTimerGates();
    if (src.byteSize() && dst.raw() != src.raw())
        KILN_CUDA_CHECK(cudaMemcpyAsync(dst.raw(), src.raw(), src.byteSize(), kind, s));
    // Host code reads the result as soon as this returns.
    if (kind == cudaMemcpyDeviceToHost) {
        openTimerGates();
        KILN_CUDA_CHECK(cudaStreamSynchronize(s));
    }
}

Tensor CudaBackend::upload(const Tensor& host) const {
    KILN_CHECK(host.device().isHost(), Internal, "upload of a tensor on ", host.device().str());
    Tensor t = Tensor::allocate(deviceMemory_, host.dtype(), host.dims(), host.format());
    CudaStream stream(device_);
    copy(t, host, stream);
    stream.synchronize();  // kernels on other streams read it from now on
    return t;
}

}  // namespace kiln::cuda
