// Threading for CPU kernels: one process-wide pool of worker threads.
//
// Why not OpenMP: its parallel regions end in a barrier that waits for every thread, so when the
// machine is busy (a desktop running other work, a CI box) one descheduled thread stalls the whole
// layer for a timeslice — measured here, squeezenet went from 9 ms to ~400 ms under load. This pool
// hands out work in small chunks through an atomic counter, so the calling thread simply takes the
// chunks a sleeping worker has not started; idle workers spin briefly and then block.
#pragma once

#include <cstddef>
#include <cstdint>
#include "engine_core/common/function_ref.h"

namespace kiln {

int numThreads();
void setNumThreads(int n);  // <= 0: one per hardware thread
// The threads a parallelFor called here can use: 1 inside another parallel loop (nested loops run
// serially: a split batch runs each sub-batch on one thread), else numThreads(). Kernels size their
// blocks by it.
int parallelThreads();

// Grains: handing work to another core costs a few microseconds (the wake-up, and the data moving
// between the cores' caches, which on small tensors costs more than the work), so a thread gets at
// least this much work:
// The best values depend on the machine (how fast its cores hand work over); KILN_GRAIN_ELEMENTS and
// KILN_GRAIN_MACS override them (read once, at start-up), for tuning with kiln_bench_cpu.
int64_t grainFromEnv(const char* name, int64_t fallback);
inline const int64_t kGrainElements = grainFromEnv("KILN_GRAIN_ELEMENTS", int64_t(1) << 16);  // streaming element-wise work
inline const int64_t kGrainMacs = grainFromEnv("KILN_GRAIN_MACS", int64_t(1) << 18);  // multiply-adds, GEMM-shaped kernels
// Items per chunk for at least `grain` units of work when each item costs `perItem` units.
inline int64_t grainFor(int64_t grain, int64_t perItem) {
    return perItem >= grain ? 1 : grain / (perItem > 0 ? perItem : 1);
}

// Scratch memory of the calling thread, at least `bytes`, 64-byte aligned, valid until the next call
// for the same slot on this thread. For the temporaries of a parallelFor body (an im2col block, a
// row of scores): the pool's workers reserve theirs when they start, so runs that fit allocate
// nothing. Slot 0: kernel bodies; slot 1: the GEMM's packing of its A operand (called from inside
// kernel bodies, so it must not share their slot); slot 2: helpers a body calls (im2col plans).
inline constexpr int kThreadScratchSlots = 3;
void* threadScratch(int slot, size_t bytes);
template <typename T>
T* threadScratchArray(int slot, size_t count) {
    return static_cast<T*>(threadScratch(slot, count * sizeof(T)));
}

// A function each pool thread runs when it starts, before any job, and each thread calling
// parallelFor before its first loop (the CPU kernels pin OpenBLAS to one thread there: its first
// call on a thread allocates, which a run must not do). Setting it replaces the pool.
void setThreadInit(void (*init)());

// Calls fn(begin, end) on disjoint chunks covering [0, n), in parallel when n >= 2 * minPerThread.
// fn must not throw (check errors before the parallel loop). Nested calls, and calls made while
// another thread is using the pool (several execution contexts at once), run serially in the caller.
void parallelFor(int64_t n, int64_t minPerThread, FunctionRef<void(int64_t, int64_t)> fn);

}  // namespace kiln
