// Turns CUDA runtime and cuBLASLt status codes into kiln::Error, naming the call that failed.
#pragma once

#include <cublasLt.h>
#include <cuda_runtime.h>

#include "engine_core/common/error.h"

namespace kiln::cuda {

// "cudaErrorMemoryAllocation: out of memory"
inline std::string cudaErrorText(cudaError_t status) {
    return concat(cudaGetErrorName(status), ": ", cudaGetErrorString(status));
}

}  // namespace kiln::cuda

#define KILN_CUDA_CHECK(call)                                                                                   \
    do {                                                                                                        \
        const cudaError_t kiln_status_ = (call);                                                                \
        if (kiln_status_ != cudaSuccess)                                                                        \
            ::kiln::fail(::kiln::ErrorKind::Internal, #call, " failed: ", ::kiln::cuda::cudaErrorText(kiln_status_)); \
    } while (0)

#define KILN_CUBLAS_CHECK(call)                                                                                 \
    do {                                                                                                        \
        const cublasStatus_t kiln_status_ = (call);                                                             \
        if (kiln_status_ != CUBLAS_STATUS_SUCCESS)                                                              \
            ::kiln::fail(::kiln::ErrorKind::Internal, #call, " failed: ", cublasLtGetStatusName(kiln_status_),  \
                         " (", cublasLtGetStatusString(kiln_status_), ")");                                     \
    } while (0)
