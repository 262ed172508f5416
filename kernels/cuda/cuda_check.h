// Turns CUDA runtime and cuBLAS status codes into kiln::Error, naming the call that failed.
#pragma once

#include <cublasLt.h>
#include <cuda_runtime.h>

#include "engine_core/common/error.h"

#define KILN_CUDA_CHECK(call)                                                                      \
    do {                                                                                           \
        cudaError_t kiln_status_ = (call);                                                         \
        if (kiln_status_ != cudaSuccess)                                                           \
            ::kiln::fail(::kiln::ErrorKind::Internal, #call, " failed: ", cudaGetErrorString(kiln_status_)); \
    } while (0)

#define KILN_CUBLAS_CHECK(call)                                                                    \
    do {                                                                                           \
        cublasStatus_t kiln_status_ = (call);                                                      \
        if (kiln_status_ != CUBLAS_STATUS_SUCCESS)                                                 \
            ::kiln::fail(::kiln::ErrorKind::Internal, #call, " failed: cuBLAS status ", int(kiln_status_)); \
    } while (0)

namespace kiln::cuda {

// Device buffer owned for the duration of one layer call.
class DeviceBuffer {
public:
    explicit DeviceBuffer(size_t bytes) : bytes_(bytes) {
        if (bytes) KILN_CUDA_CHECK(cudaMalloc(&ptr_, bytes));
    }
    ~DeviceBuffer() {
        if (ptr_) cudaFree(ptr_);
    }
    DeviceBuffer(const DeviceBuffer&) = delete;
    DeviceBuffer& operator=(const DeviceBuffer&) = delete;
    void* get() const { return ptr_; }
    size_t bytes() const { return bytes_; }

private:
    void* ptr_ = nullptr;
    size_t bytes_ = 0;
};

}  // namespace kiln::cuda
