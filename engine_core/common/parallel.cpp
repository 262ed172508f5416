#include "engine_core/common/parallel.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace kiln {

namespace {

thread_local bool tInsideParallelFor = false;

class ThreadPool {
public:
    explicit ThreadPool(int threads) : next_(size_t(threads)), end_(size_t(threads)) {
        for (int i = 1; i < threads; ++i) workers_.emplace_back([this, i] { workerLoop(i); });
    }
    ~ThreadPool() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stop_ = true;
        }
        wake_.notify_all();
        for (auto& t : workers_) t.join();
    }
    int threads() const { return int(workers_.size()) + 1; }

    // Runs fn over chunks of [0, n); returns false (having done nothing) if the pool is busy.
    bool tryRun(int64_t n, int64_t chunks, const std::function<void(int64_t, int64_t)>& fn) {
        std::unique_lock<std::mutex> busy(runMutex_, std::try_to_lock);
        if (!busy.owns_lock()) return false;
        {
            std::lock_guard<std::mutex> lock(mutex_);
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
            doneChunks_.store(0);
            generation_.fetch_add(1, std::memory_order_release);
        }
        wake_.notify_all();
        auto start = std::chrono::steady_clock::now();
        workOn(0, fn, n, chunks);
        auto ownDone = std::chrono::steady_clock::now();
        // Wait for chunks a worker claimed but has not finished, and for every worker to leave the
        // job, checked under the mutex so no worker can pick up this job after it is cleared.
        for (;;) {
            {
                std::lock_guard<std::mutex> lock(mutex_);
                if (doneChunks_.load(std::memory_order_acquire) >= jobChunks_ && activeWorkers_ == 0) {
                    job_ = nullptr;
                    noteStragglerWait(ownDone - start, std::chrono::steady_clock::now() - ownDone);
                    return true;
                }
            }
            std::this_thread::yield();
        }
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
    void workOn(int self, const std::function<void(int64_t, int64_t)>& fn, int64_t n, int64_t chunks) {
        bool outer = tInsideParallelFor;
        tInsideParallelFor = true;
        const int T = threads();
        for (int k = 0; k < T; ++k) {
            const size_t r = size_t((self + k) % T);
            for (;;) {
                int64_t c = next_[r].v.fetch_add(1, std::memory_order_relaxed);
                if (c >= end_[r]) break;
                fn(n * c / chunks, n * (c + 1) / chunks);
                doneChunks_.fetch_add(1, std::memory_order_release);
            }
        }
        tInsideParallelFor = outer;
    }

    void workerLoop(int self) {
        uint64_t seen = 0;
        for (;;) {
            // Spin a little (a layer's next parallel loop usually follows within microseconds), then block.
            auto spinUntil = std::chrono::steady_clock::now() + std::chrono::microseconds(100);
            while (generation_.load(std::memory_order_acquire) == seen &&
                   std::chrono::steady_clock::now() < spinUntil)
                std::this_thread::yield();
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait(lock, [&] { return stop_ || generation_.load() != seen; });
            if (stop_) return;
            seen = generation_.load();
            if (!job_) continue;
            // tryRun clears the job only once no worker is active in it (activeWorkers_, under the mutex).
            const std::function<void(int64_t, int64_t)>* fn = job_;
            int64_t n = jobSize_, chunks = jobChunks_;
            ++activeWorkers_;
            lock.unlock();
            workOn(self, *fn, n, chunks);
            lock.lock();
            --activeWorkers_;
        }
    }

    std::vector<std::thread> workers_;
    std::mutex runMutex_;  // one job at a time
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    const std::function<void(int64_t, int64_t)>* job_ = nullptr;
    int64_t jobSize_ = 0;
    int64_t jobChunks_ = 0;
    int activeWorkers_ = 0;  // guarded by mutex_
    int stalls_ = 0;         // recent long straggler waits (only touched by the thread holding runMutex_)
    std::atomic<int> serialRunsLeft_{0};
    struct alignas(64) Counter {  // one cache line each: the threads' claims don't contend
        std::atomic<int64_t> v{0};
    };
    std::vector<Counter> next_;                // per thread: next chunk of its home range
    std::vector<int64_t> end_;                 // per thread: end of its home range (set with the job)
    std::atomic<int64_t> doneChunks_{0};
    std::atomic<uint64_t> generation_{0};
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

void setNumThreads(int n) {
    std::lock_guard<std::mutex> lock(gPoolMutex);
    gThreads = n > 0 ? n : defaultThreads();
}

void parallelFor(int64_t n, int64_t minPerThread, const std::function<void(int64_t, int64_t)>& fn) {
    if (n <= 0) return;
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
