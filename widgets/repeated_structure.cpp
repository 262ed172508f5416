#include "widgets/repeated_structure.h"

#include <algorithm>
#include <functional>

namespace kiln::studio {

namespace {

uint64_t mix(uint64_t h, uint64_t v) {
    h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    return h * 0xBF58476D1CE4E5B9ull;
}

}  // namespace

std::vector<uint64_t> structureSignatures(const std::vector<uint64_t>& kinds,
                                          const std::vector<std::pair<int, int>>& edges) {
    const int n = int(kinds.size());
    std::vector<int> inputs(static_cast<size_t>(n), 0);
    for (const auto& [from, to] : edges)
        if (from >= 0 && to >= 0 && from < n && to < n) ++inputs[size_t(to)];
    std::vector<uint64_t> sig(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) sig[size_t(i)] = mix(kinds[size_t(i)], uint64_t(inputs[size_t(i)]));
    return sig;
}

std::vector<RepeatedRun> findRepeatedRuns(const std::vector<uint64_t>& sig,
                                          const std::vector<std::pair<int, int>>& edges,
                                          const RepeatOptions& options) {
    const int n = int(sig.size());
    // live[i]: tensors crossing the boundary just before node i (produced before i, read at or after i).
    std::vector<int> lastUse(static_cast<size_t>(n), -1);
    for (const auto& [from, to] : edges)
        if (from >= 0 && to > from && to < n) lastUse[size_t(from)] = std::max(lastUse[size_t(from)], to);
    std::vector<int> live(size_t(n) + 1, 0);
    for (int u = 0; u < n; ++u) {
        if (lastUse[size_t(u)] <= u) continue;
        ++live[size_t(u) + 1];
        --live[size_t(lastUse[size_t(u)]) + 1];
    }
    for (int i = 1; i <= n; ++i) live[size_t(i)] += live[size_t(i) - 1];

    const int minBlock = std::max(options.minBlockNodes, 1);
    const int minRepeats = std::max(options.minRepeats, 2);
    std::vector<RepeatedRun> runs;
    std::function<void(int, int, int)> search = [&](int lo, int hi, int depth) {
        if (depth > 16 || hi - lo < minRepeats * minBlock) return;
        // The longest periodic stretch for each period; keep the one covering the most nodes.
        int bestP = 0, bestA = 0, bestB = 0, bestCover = 0;
        const int maxP = std::min(options.maxPeriod, (hi - lo) / minRepeats);
        for (int p = minBlock; p <= maxP; ++p) {
            int runStart = lo;
            for (int i = lo; i <= hi - p; ++i) {
                const bool match = i < hi - p && sig[size_t(i)] == sig[size_t(i + p)];
                if (match) continue;
                const int length = i - runStart;  // matches over [runStart, i): period p over [runStart, i + p)
                const int repeats = (length + p) / p;
                if (repeats >= minRepeats && repeats * p > bestCover) {
                    bestCover = repeats * p;
                    bestP = p;
                    bestA = runStart;
                    bestB = i;
                }
                runStart = i + 1;
            }
        }
        if (bestP == 0) return;
        // Phase: as many blocks as fit; then boundaries crossing the fewest live tensors on average;
        // then the latest start. (A periodic stretch tends to begin early, where the nodes before
        // the first block happen to resemble a block's tail, like an embedding LayerNorm before
        // the layers' own; it ends where the last block ends.)
        const int p = bestP, end = bestB + p;
        const int count = (end - bestA) / p;
        int bestStart = -1;
        double bestCost = 0;
        for (int s = bestA; s + count * p <= end; ++s) {
            double cost = 0;
            for (int j = 0; j <= count; ++j) cost += live[size_t(s + j * p)];
            cost /= count + 1;
            if (bestStart < 0 || cost <= bestCost + 1e-9) {  // ties: the later start
                bestCost = bestStart < 0 ? cost : std::min(cost, bestCost);
                bestStart = s;
            }
        }
        const int bestCount = count;
        if (bestStart < 0) return;
        search(lo, bestStart, depth + 1);
        runs.push_back({p, bestStart, bestCount});
        search(bestStart + bestCount * p, hi, depth + 1);
    };
    search(0, n, 0);
    return runs;
}

}  // namespace kiln::studio
