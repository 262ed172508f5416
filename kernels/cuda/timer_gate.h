// The timer gate: CUDA events around a layer measure the GPU's time from the start mark to the stop
// mark, and that includes the GPU waiting for the host to enqueue the layer's work (a cuDNN plan's
// host-side setup takes tens of microseconds, several times a small kernel's run). A CUDA graph
// replays without those gaps, so tactic timing and per-layer profiles that include them rank
// tactics by host overhead and misstate where the time goes.
//
// The gate holds the stream before the start mark: armTimerGate enqueues a kernel that waits until
// the host opens the gate (a word of mapped, page-locked host memory it polls), so the start mark,
// the layer's kernels and the stop mark run back to back once EventTimer::stop opens it. A gate
// that is not opened within kGateTimeoutNs lets the stream go on by itself (a layer that blocks on
// the GPU from the host, which would otherwise wait on the gate forever); anything in the backend
// that blocks on the GPU (synchronize, a device-to-host copy, cudaFree) opens every gate first.
// KILN_CUDA_TIMER_GATE=0 turns gates off (the ungated timings, to compare).
#pragma once

#include <cuda_runtime.h>

#include <cstdint>

namespace kiln::cuda {

constexpr uint64_t kGateTimeoutNs = 5'000'000;  // 5 ms

// Enqueues a gate on `stream`. Returns false (nothing enqueued) when gates are off or the mapped
// memory could not be had.
bool armTimerGate(cudaStream_t stream);
// Opens every gate armed so far (any thread's). Cheap; never throws.
void openTimerGates() noexcept;

}  // namespace kiln::cuda
