// The timer gate (timer_gate.h).
#include <atomic>
#include <cstdlib>
#include <cstring>

#include "kernels/cuda/timer_gate.h"

namespace kiln::cuda {

namespace {

struct GateWord {
    uint32_t* host = nullptr;    // page-locked, mapped: the epoch opened last
    uint32_t* device = nullptr;  // the same word as the GPU addresses it
    std::atomic<uint32_t> armed{0};
};

std::atomic<GateWord*> g_ready{nullptr};  // set once a gate has been armed

GateWord* gateWord() {
    static GateWord* word = [] {
        const char* env = std::getenv("KILN_CUDA_TIMER_GATE");
        if (env && std::strcmp(env, "0") == 0) return static_cast<GateWord*>(nullptr);
        void* p = nullptr;
        if (cudaHostAlloc(&p, 64, cudaHostAllocMapped | cudaHostAllocPortable) != cudaSuccess) {
            cudaGetLastError();
            return static_cast<GateWord*>(nullptr);
        }
        void* d = nullptr;
        if (cudaHostGetDevicePointer(&d, p, 0) != cudaSuccess) {
            cudaGetLastError();
            cudaFreeHost(p);
            cudaGetLastError();
            return static_cast<GateWord*>(nullptr);
        }
        auto* w = new GateWord;  // lives for the process: kernels may still poll it at exit
        w->host = static_cast<uint32_t*>(p);
        w->device = static_cast<uint32_t*>(d);
        std::memset(p, 0, 64);
        g_ready.store(w, std::memory_order_release);
        return w;
    }();
    return word;
}

__device__ __forceinline__ uint64_t globalTimerNs() {
    uint64_t t;
    asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(t));
    return t;
}

__global__ void gateKernel(const volatile uint32_t* opened, uint32_t epoch, uint64_t timeoutNs) {
    const uint64_t t0 = globalTimerNs();
    // Wrap-safe: waits while the opened epoch is behind this gate's.
    while (int32_t(*opened - epoch) < 0) {
        if (globalTimerNs() - t0 > timeoutNs) break;
        __nanosleep(256);
    }
}

}  // namespace

bool armTimerGate(cudaStream_t stream) {
    GateWord* w = gateWord();
    if (!w) return false;
    uint32_t epoch = w->armed.fetch_add(1, std::memory_order_acq_rel) + 1;
    if (epoch == 0) epoch = w->armed.fetch_add(1, std::memory_order_acq_rel) + 1;  // 0 is "opened" at start
    gateKernel<<<1, 1, 0, stream>>>(w->device, epoch, kGateTimeoutNs);
    return cudaGetLastError() == cudaSuccess;
}

void openTimerGates() noexcept {
    GateWord* w = g_ready.load(std::memory_order_acquire);
    if (!w) return;
    __atomic_store_n(w->host, w->armed.load(std::memory_order_acquire), __ATOMIC_SEQ_CST);
}

}  // namespace kiln::cuda
