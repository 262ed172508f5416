// cuDNN handles for the cuDNN-graph kernels (conv.cpp, sdpa.cpp): a pool per device, so concurrent
// runs never share one (cudnnSetStream is per handle). Handles live as long as the process:
// destroying them at exit could come after the CUDA runtime's own teardown.
#pragma once

#include <cudnn.h>

#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "engine_core/common/error.h"
#include "kernels/cuda/cuda_backend.h"

namespace kiln::cuda {

class HandlePool {
public:
    explicit HandlePool(int device) : device_(device) {}

    static HandlePool& of(int device) {
        static std::mutex mutex;
        static auto* pools = new std::map<int, std::unique_ptr<HandlePool>>();
        std::lock_guard<std::mutex> lock(mutex);
        std::unique_ptr<HandlePool>& pool = (*pools)[device];
        if (!pool) pool = std::make_unique<HandlePool>(device);
        return *pool;
    }

    cudnnHandle_t acquire() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (!free_.empty()) {
                cudnnHandle_t h = free_.back();
                free_.pop_back();
                return h;
            }
        }
        useDevice(device_);
        cudnnHandle_t h = nullptr;
        const cudnnStatus_t status = cudnnCreate(&h);
        if (status != CUDNN_STATUS_SUCCESS)
            fail(ErrorKind::Internal, "cudnnCreate on cuda:", device_, " failed: ", cudnnGetErrorString(status));
        return h;
    }
    void release(cudnnHandle_t h) {
        std::lock_guard<std::mutex> lock(mutex_);
        free_.push_back(h);
    }

private:
    int device_;
    std::mutex mutex_;
    std::vector<cudnnHandle_t> free_;
};

class HandleLease {
public:
    explicit HandleLease(int device) : pool_(HandlePool::of(device)), handle_(pool_.acquire()) {}
    ~HandleLease() { pool_.release(handle_); }
    HandleLease(const HandleLease&) = delete;
    HandleLease& operator=(const HandleLease&) = delete;
    cudnnHandle_t get() const { return handle_; }

private:
    HandlePool& pool_;
    cudnnHandle_t handle_;
};

}  // namespace kiln::cuda
