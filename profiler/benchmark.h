// End-to-end latency and throughput, measured like trtexec: warm-up runs, then timed runs until at
// least `iterations` runs AND at least `durationS` seconds have passed. These runs carry no
// per-layer timing (that is a separate profiling pass), so the numbers are not inflated by it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "profiler/stats.h"

namespace kiln {

struct BenchmarkOptions {
    int64_t warmup = 1;      // untimed runs first
    int64_t iterations = 1;  // at least this many timed runs
    double durationS = 0;    // and at least this long (wall clock, seconds)
};

struct BenchmarkResult {
    std::vector<double> samples;  // per run, ms, in run order
    LatencyStats latency;         // of samples
    double wallMs = 0;            // the timed section, wall clock
    double throughput = 0;        // inferences per second: runs / wall time
    int64_t warmupRuns = 0;

    // trtexec-style lines:
    //   Throughput: 812.3 qps
    //   Latency: min = 1.1 ms, max = 1.9 ms, mean = 1.2 ms, median = 1.2 ms, percentile(90%) = ...
    //   Total: 100 inferences in 0.123 s (after 2 warm-up runs)
    std::string summary() const;
};

// Merges several results (one per data set): samples concatenated, wall times and warm-ups added.
BenchmarkResult mergeBenchmarks(const std::vector<BenchmarkResult>& results);

// Calls runOnce (one inference) as the options say. Exceptions from runOnce propagate.
BenchmarkResult benchmark(const std::function<void()>& runOnce, const BenchmarkOptions& options);

}  // namespace kiln
