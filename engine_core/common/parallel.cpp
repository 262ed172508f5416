#include "engine_core/common/parallel.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace kiln {

namespace {

thread_local bool tInsideParallelFor = false;

// Per-thread scratch (threadScratch): grows on demand, never shrinks. Pool workers reserve theirs
// when they start, before any run, so a run does not allocate whichever worker picks up its chunks.
struct ScratchSlot {
    std::unique_ptr<std::byte[]> data;
    std::byte* aligned = nullptr;
    size_t bytes = 0;
};
thread_local ScratchSlot tScratch[kThreadScratchSlots];
constexpr size_t kWorkerScratchReserve[kThreadScratchSlots] = {size_t(2) << 20, size_t(256) << 10, size_t(256) << 10};

// setThreadInit's function, and the one this thread last ran.
std::atomic<void (*)()> gThreadInit{nullptr};
thread_local void (*tThreadInitRan)() = nullptr;

void runThreadInit() {
    void (*init)() = gThreadInit.load();
    if (init && tThreadInitRan != init) {
        tThreadInitRan = init;
        init();
    }
}

void reserveThreadScratch() {
    thread_local bool reserved = false;
    if (reserved) return;
    reserved = true;
    for (int slot = 0; slot < kThreadScratchSlots; ++slot) threadScratch(slot, kWorkerScratchReserve[slot]);
}

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
    _mm_pause();
#else
    std::this_thread::yield();
#endif
}

// The hand-over is lock-free: a layer's loops are a few microseconds long, and a mutex plus a
// sched_yield per hand-over cost as much as the work they split (measured: 2 x 16K-element halves
// took 5.7 us against 3.5 us on one thread with the old mutex/condition-variable pool).
//
// Protocol (all seq_cst where two threads race):
// - The caller writes the job, sets live_ = its generation, then bumps generation_ (waking sleepers).
// - A worker that sees a new generation g registers (active_ += 1), then checks live_ == g; if the
//   job is already over (live_ cleared or a newer job), it deregisters without touching it.
// - The caller, once every chunk is done, clears live_ and waits for active_ == 0. By the Dekker
//   argument, a worker registering after that check sees live_ cleared; so the job's fields and
//   fn are never read after tryRun returns.
class ThreadPool {
public:
    explicit ThreadPool(int threads) : next_(size_t(threads)), end_(size_t(threads)) {
        for (int i = 1; i < threads; ++i) workers_.emplace_back([this, i] { workerLoop(i); });
        // Every worker has reserved its scratch before the pool is used: a thread starting late
        // must not allocate in the middle of a run.
        while (started_.load() < threads - 1) std::this_thread::yield();
    }
    ~ThreadPool() {
        stop_.store(true);
        generation_.fetch_add(1);
        generation_.notify_all();
        for (auto& t : workers_) t.join();
    }
    int threads() const { return int(workers_.size()) + 1; }

    // Runs fn over chunks of [0, n); returns false (having done nothing) if the pool is busy.
    bool tryRun(int64_t n, int64_t chunks, FunctionRef<void(int64_t, int64_t)> fn) {
        std::unique_lock<std::mutex> busy(runMutex_, std::try_to_lock);
        if (!busy.owns_lock()) return false;
        job_ = &fn;
        jobSize_ = n;
        jobChunks_ = chunks;
        // Thread t's home range is [chunks * t / T, chunks * (t + 1) / T): loops with the same
        // split in a row (element-wise ops on one tensor; a conv split by images and the ops
        // after it) find their part in their own core's cache. Loops split differently (a conv
        // cut into column blocks, then a per-channel op) gain nothing, and lose nothing.
        const int64_t T = threads();
        for (int64_t t = 0; t < T; ++t) {
            next_[size_t(t)].v.store(chunks * t / T, std::memory_order_relaxed);
            end_[size_t(t)] = chunks * (t + 1) / T;
        }
        doneChunks_.v.store(0, std::memory_order_relaxed);
        // 0 means "no job" in live_: the counter skips it when it wraps.
        uint32_t g = generation_.load(std::memory_order_relaxed) + 1;
        if (g == 0) g = 1;
        live_.store(g);
        generation_.store(g);
        if (sleepers_.load() > 0) generation_.notify_all();

        auto start = std::chrono::steady_clock::now();
        workOn(0, fn, n, chunks);
        auto ownDone = std::chrono::steady_clock::now();
        // Chunks a worker claimed but has not finished.
        while (doneChunks_.v.load(std::memory_order_acquire) < chunks) cpuRelax();
        live_.store(0);
        while (active_.load() != 0) cpuRelax();
        noteStragglerWait(ownDone - start, std::chrono::steady_clock::now() - ownDone);
        return true;
    }

    // When the machine is oversubscribed, a worker that claimed a chunk may sit descheduled for a
    // whole timeslice while the caller waits. After a few such waits the pool runs loops serially
    // for a while (the caller alone), then tries threads again.
    bool shouldRunSerially() {
        int skip = serialRunsLeft_.load(std::memory_order_relaxed);
        if (skip <= 0) return false;
        serialRunsLeft_.store(skip - 1, std::memory_order_relaxed);
        return true;
    }

private:
    void noteStragglerWait(std::chrono::steady_clock::duration own, std::chrono::steady_clock::duration waited) {
        bool stalled = waited > std::chrono::microseconds(500) && waited > 2 * own;
        int strikes = stalled ? stalls_ + 1 : std::max(0, stalls_ - 1);
        stalls_ = strikes;
        if (strikes >= 3) {
            serialRunsLeft_.store(256, std::memory_order_relaxed);
            stalls_ = 0;
        }
    }

    // Thread `self` runs the chunks of its home range, then helps with the others' (a descheduled
    // worker's chunks are taken over by whoever is running).
    void workOn(int self, FunctionRef<void(int64_t, int64_t)> fn, int64_t n, int64_t chunks) {
        bool outer = tInsideParallelFor;
        tInsideParallelFor = true;
        const int T = threads();
        for (int k = 0; k < T; ++k) {
            const size_t r = size_t((self + k) % T);
            for (;;) {
                if (next_[r].v.load(std::memory_order_relaxed) >= end_[r]) break;
                int64_t c = next_[r].v.fetch_add(1, std::memory_order_relaxed);
                if (c >= end_[r]) break;
                fn(n * c / chunks, n * (c + 1) / chunks);
                doneChunks_.v.fetch_add(1, std::memory_order_release);
            }
        }
        tInsideParallelFor = outer;
    }

    // Waits for a generation other than `seen`: spins a while (a layer's next parallel loop usually
    // follows within microseconds), then sleeps on the generation counter.
    uint32_t waitForJob(uint32_t seen) {
        using Clock = std::chrono::steady_clock;
        const auto spinUntil = Clock::now() + std::chrono::microseconds(200);
        for (;;) {
            for (int i = 0; i < 256; ++i) {
                uint32_t g = generation_.load(std::memory_order_acquire);
                if (g != seen) return g;
                cpuRelax();
            }
            if (Clock::now() >= spinUntil) break;
        }
        for (;;) {
            sleepers_.fetch_add(1);
            uint32_t g = generation_.load();
            if (g == seen) generation_.wait(seen);
            sleepers_.fetch_sub(1);
            g = generation_.load(std::memory_order_acquire);
            if (g != seen) return g;
        }
    }

    void workerLoop(int self) {
        reserveThreadScratch();  // virtual memory until touched: no resident cost for idle slots
        runThreadInit();
        started_.fetch_add(1);
        uint32_t seen = 0;
        for (;;) {
            const uint32_t g = waitForJob(seen);
            seen = g;
            if (stop_.load()) return;
            active_.fetch_add(1);
            if (live_.load() == g) workOn(self, *job_, jobSize_, jobChunks_);
            active_.fetch_sub(1);
        }
    }

    struct alignas(64) Counter {  // one cache line each: the threads' claims don't contend
        std::atomic<int64_t> v{0};
    };
    std::vector<std::thread> workers_;
    std::atomic<int> started_{0};
    std::mutex runMutex_;  // one job at a time
    // The job: written by the caller before live_/generation_ are published, read by workers that
    // registered in active_ and found live_ equal to their generation.
    const FunctionRef<void(int64_t, int64_t)>* job_ = nullptr;
    int64_t jobSize_ = 0;
    int64_t jobChunks_ = 0;
    int stalls_ = 0;  // recent long straggler waits (only touched by the thread holding runMutex_)
    std::atomic<int> serialRunsLeft_{0};
    std::vector<Counter> next_;  // per thread: next chunk of its home range
    std::vector<int64_t> end_;   // per thread: end of its home range (set with the job)
    Counter doneChunks_;
    alignas(64) std::atomic<uint32_t> generation_{0};
    std::atomic<uint32_t> live_{0};  // generation of the job being run, 0 between jobs
    alignas(64) std::atomic<int> active_{0};
    std::atomic<int> sleepers_{0};
    std::atomic<bool> stop_{false};
};

std::mutex gPoolMutex;
std::shared_ptr<ThreadPool> gPool;
int gThreads = 0;

int defaultThreads() { return int(std::max(1u, std::thread::hardware_concurrency())); }

std::shared_ptr<ThreadPool> pool() {
    std::lock_guard<std::mutex> lock(gPoolMutex);
    if (gThreads <= 0) gThreads = defaultThreads();
    if (!gPool || gPool->threads() != gThreads) gPool = std::make_shared<ThreadPool>(gThreads);
    return gPool;
}

}  // namespace

int64_t grainFromEnv(const char* name, int64_t fallback) {
    const char* text = std::getenv(name);
    if (!text || !*text) return fallback;
    char* end = nullptr;
    const long long v = std::strtoll(text, &end, 10);
    return end && *end == '\0' && v > 0 ? int64_t(v) : fallback;
}

int numThreads() {
    std::lock_guard<std::mutex> lock(gPoolMutex);
    if (gThreads <= 0) gThreads = defaultThreads();
    return gThreads;
}

int parallelThreads() { return tInsideParallelFor ? 1 : numThreads(); }

void setNumThreads(int n) {
    std::lock_guard<std::mutex> lock(gPoolMutex);
    gThreads = n > 0 ? n : defaultThreads();
}

void setThreadInit(void (*init)()) {
    if (gThreadInit.exchange(init) == init) return;
    // Workers start it before their first job: a new pool (runs that hold the old one finish on it).
    std::lock_guard<std::mutex> lock(gPoolMutex);
    gPool.reset();
}

void* threadScratch(int slot, size_t bytes) {
    ScratchSlot& s = tScratch[slot];
    if (s.bytes < bytes) {
        // The first block is at least the reservation, so reserveThreadScratch (which parallelFor
        // calls) never replaces a block a caller still uses.
        const size_t grown = std::max({bytes, s.bytes * 2, kWorkerScratchReserve[slot]});
        s.data.reset(new std::byte[grown + 63]);
        s.aligned = reinterpret_cast<std::byte*>((reinterpret_cast<uintptr_t>(s.data.get()) + 63) & ~uintptr_t(63));
        s.bytes = grown;
    }
    return s.aligned;
}

void parallelFor(int64_t n, int64_t minPerThread, FunctionRef<void(int64_t, int64_t)> fn) {
    if (n <= 0) return;
    reserveThreadScratch();  // the calling thread's, on its first parallel loop
    runThreadInit();
    int64_t grain = std::max<int64_t>(1, minPerThread);
    int threads = numThreads();
    if (threads <= 1 || n < 2 * grain || tInsideParallelFor) {
        fn(0, n);
        return;
    }
    // Several chunks per thread, so a descheduled worker's share is picked up by the others.
    int64_t chunks = std::min<int64_t>(n / grain, int64_t(threads) * 4);
    std::shared_ptr<ThreadPool> p = pool();
    if (p->shouldRunSerially() || !p->tryRun(n, chunks, fn)) fn(0, n);
}

}  // namespace kiln
