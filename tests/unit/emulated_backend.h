// "emulated": a second backend for the runtime tests, standing in for a GPU without one. It owns its
// own memory (host RAM marked as device {Emulated, 0}, which host kernels refuse to read), copies
// to and from the host, prefers NHWC for Conv, runs a handful of ops by wrapping the CPU kernels,
// and lacks the rest (so layers fall back to the CPU, with copy layers between). Its MatMul has two
// tactic variants, one of which asks for a large scratch buffer, to exercise variants and the
// workspace limit.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "engine_core/runtime/backend.h"

namespace kiln::test {

struct EmulatedStats {
    std::atomic<uint64_t> bytesAllocated{0};  // device memory handed out (arenas, spills, uploads)
    std::atomic<int> copies{0};               // Backend::copy calls
    std::atomic<int> prepared{0};             // kernel instances prepared
    std::atomic<int> variantLists{0};         // KernelDef::variants calls (MatMul's)
};

// Registers "emulated" in BackendRegistry::global() once and returns its counters.
EmulatedStats& registerEmulatedBackend();

// The scratch bytes the emulated MatMul's "wide" variant asks for.
constexpr size_t kEmulatedWideScratch = size_t(1) << 20;

}  // namespace kiln::test
