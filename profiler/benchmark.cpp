#include "profiler/benchmark.h"

#include <chrono>
#include <cstdio>
#include <vector>

namespace kiln {

BenchmarkResult benchmark(const std::function<void()>& runOnce, const BenchmarkOptions& options) {
    using Clock = std::chrono::steady_clock;
    BenchmarkResult result;
    for (int64_t i = 0; i < options.warmup; ++i) runOnce();
    result.warmupRuns = options.warmup;
    std::vector<double> samples;
    const auto begin = Clock::now();
    const auto minEnd =
        begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.durationS));
    while (true) {
        auto start = Clock::now();
        if (int64_t(samples.size()) >= options.iterations && start >= minEnd) break;
        runOnce();
        samples.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
    result.wallMs = std::chrono::duration<double, std::milli>(Clock::now() - begin).count();
    result.throughput = result.wallMs > 0 ? double(samples.size()) / (result.wallMs / 1000.0) : 0;
    result.latency = LatencyStats::fromSamples(samples);
    result.samples = std::move(samples);
    return result;
}

BenchmarkResult mergeBenchmarks(const std::vector<BenchmarkResult>& results) {
    BenchmarkResult merged;
    for (const BenchmarkResult& r : results) {
        merged.samples.insert(merged.samples.end(), r.samples.begin(), r.samples.end());
        merged.wallMs += r.wallMs;
        merged.warmupRuns += r.warmupRuns;
    }
    merged.latency = LatencyStats::fromSamples(merged.samples);
    merged.throughput = merged.wallMs > 0 ? double(merged.samples.size()) / (merged.wallMs / 1000.0) : 0;
    return merged;
}

std::string BenchmarkResult::summary() const {
    char buf[512];
    const LatencyStats& l = latency;
    std::snprintf(buf, sizeof buf,
                  "Throughput: %.3f qps\n"
                  "Latency: min = %.5f ms, max = %.5f ms, mean = %.5f ms, median = %.5f ms, "
                  "percentile(90%%) = %.5f ms, percentile(99%%) = %.5f ms\n"
                  "Total: %zu inference%s in %.3f s (after %lld warm-up run%s)\n",
                  throughput, l.min, l.max, l.mean, l.median, l.p90, l.p99, l.count, l.count == 1 ? "" : "s",
                  wallMs / 1000.0, (long long)warmupRuns, warmupRuns == 1 ? "" : "s");
    return buf;
}

}  // namespace kiln
