#include "engine_core/runtime/memory_plan.h"

#include <algorithm>
#include <cstdio>
#include <numeric>

#include "engine_core/common/error.h"

namespace kiln {

std::string formatBytes(uint64_t bytes) {
    char buf[32];
    if (bytes < 1024) {
        std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(bytes));
    } else if (bytes < (uint64_t(1) << 20)) {
        std::snprintf(buf, sizeof buf, "%.1f KiB", double(bytes) / 1024.0);
    } else if (bytes < (uint64_t(1) << 30)) {
        std::snprintf(buf, sizeof buf, "%.1f MiB", double(bytes) / double(1 << 20));
    } else {
        std::snprintf(buf, sizeof buf, "%.2f GiB", double(bytes) / double(1 << 30));
    }
    return buf;
}

int MemoryPlan::arenaOf(Device device) const {
    for (size_t i = 0; i < arenas.size(); ++i)
        if (arenas[i].device == device) return int(i);
    return -1;
}

uint64_t MemoryPlan::totalBytes() const {
    uint64_t total = 0;
    for (const Arena& a : arenas) total += a.totalBytes();
    return total;
}

std::string MemoryPlan::summary() const {
    if (arenas.empty()) return "no arena";
    std::string s;
    for (const Arena& a : arenas) {
        if (!s.empty()) s += "; ";
        s += concat(a.device.str(), ": ", formatBytes(a.activationBytes), " activations + ",
                    formatBytes(a.workspaceBytes), " workspace");
    }
    return s;
}

namespace {

uint64_t alignUp(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

// Slots that must share one block (views, in-place writes), with the union of their lifetimes.
class Groups {
public:
    explicit Groups(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), size_t(0)); }
    size_t find(size_t x) {
        while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
        return x;
    }
    void unite(size_t a, size_t b) { parent_[find(a)] = find(b); }

private:
    std::vector<size_t> parent_;
};

struct Block {
    size_t group = 0;
    int first = 0, last = 0;  // lifetime in steps, inclusive
    uint64_t bytes = 0;
    Device device;
    uint64_t offset = 0;
};

}  // namespace

MemoryPlan planMemory(const RunPlan& run, const MemoryPlanRequest& request) {
    const size_t n = run.slotInfo.size();
    KILN_CHECK(request.slotBytes.size() == n && request.slotDevices.size() == n, Internal,
               "memory plan: sizes for ", request.slotBytes.size(), " slots, the run has ", n);
    const int lastStep = int(run.steps.size()) - 1;
    MemoryPlan plan;
    plan.placements.resize(n);

    // Lifetimes; slots outside the arenas (0 bytes) take no part.
    auto inArena = [&](size_t s) { return request.slotBytes[s] > 0; };
    std::vector<int> first(n), last(n);
    for (size_t s = 0; s < n; ++s) {
        const SlotInfo& info = run.slotInfo[s];
        first[s] = info.producer < 0 ? 0 : info.producer;
        last[s] = info.graphOutput ? lastStep : std::max(info.lastReader, first[s]);
    }

    Groups groups(n);
    std::vector<int> groupFirst(first), groupLast(last);
    // Sharing: views extend lifetimes (below); in-place writes may merge blocks.
    auto merge = [&](size_t a, size_t b) {
        const size_t ga = groups.find(a), gb = groups.find(b);
        if (ga == gb) return;
        groups.unite(ga, gb);
        const size_t g = groups.find(a);
        groupFirst[g] = std::min(groupFirst[ga], groupFirst[gb]);
        groupLast[g] = std::max(groupLast[ga], groupLast[gb]);
    };
    auto eligible = [&](int out, int in) {
        return out >= 0 && in >= 0 && inArena(size_t(out)) && inArena(size_t(in)) &&
               request.slotDevices[size_t(out)] == request.slotDevices[size_t(in)];
    };
    // A view keeps its input's memory alive as long as itself: latest views first, so a view of a
    // view passes its lifetime down the chain.
    std::vector<MemoryPlanRequest::Share> aliases = request.aliases;
    std::stable_sort(aliases.begin(), aliases.end(), [](const auto& a, const auto& b) { return a.step > b.step; });
    for (const MemoryPlanRequest::Share& a : aliases)
        if (a.output >= 0 && a.input >= 0) {
            last[size_t(a.input)] = std::max(last[size_t(a.input)], last[size_t(a.output)]);
            groupLast[size_t(a.input)] = std::max(groupLast[size_t(a.input)], last[size_t(a.input)]);
        }
    for (const MemoryPlanRequest::Share& p : request.inPlace) {
        if (!eligible(p.output, p.input)) continue;
        // Only when nothing sharing the input's block is read after this step, and the output fits.
        const size_t gi = groups.find(size_t(p.input));
        if (groupLast[gi] != int(p.step) || groups.find(size_t(p.output)) == gi) continue;
        if (request.slotBytes[size_t(p.output)] > request.slotBytes[size_t(p.input)]) continue;
        merge(size_t(p.output), size_t(p.input));
    }

    // One block per group: the largest member, the union of lifetimes.
    std::vector<Block> blocks;
    std::vector<int> blockOfGroup(n, -1);
    for (size_t s = 0; s < n; ++s) {
        plan.tensorBytes += request.slotBytes[s];
        if (!inArena(s)) continue;
        const size_t g = groups.find(s);
        if (blockOfGroup[g] < 0) {
            blockOfGroup[g] = int(blocks.size());
            blocks.push_back({g, groupFirst[g], groupLast[g], 0, request.slotDevices[s], 0});
        }
        Block& b = blocks[size_t(blockOfGroup[g])];
        b.bytes = std::max(b.bytes, alignUp(request.slotBytes[s], request.alignment));
    }

    // Greedy by size, per device: each block into the smallest gap among the placed blocks whose
    // lifetimes overlap it.
    std::vector<size_t> order(blocks.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return blocks[a].bytes > blocks[b].bytes; });
    std::vector<size_t> placed;
    for (size_t bi : order) {
        Block& b = blocks[bi];
        std::vector<std::pair<uint64_t, uint64_t>> busy;  // [offset, end) of overlapping placed blocks
        for (size_t pi : placed) {
            const Block& p = blocks[pi];
            if (p.device == b.device && p.first <= b.last && b.first <= p.last) busy.emplace_back(p.offset, p.offset + p.bytes);
        }
        std::sort(busy.begin(), busy.end());
        uint64_t bestOffset = UINT64_MAX, bestGap = UINT64_MAX, cursor = 0;
        for (const auto& [start, end] : busy) {
            if (start > cursor && start - cursor >= b.bytes && start - cursor < bestGap) {
                bestGap = start - cursor;
                bestOffset = cursor;
            }
            cursor = std::max(cursor, end);
        }
        b.offset = bestOffset != UINT64_MAX ? bestOffset : cursor;
        placed.push_back(bi);
        int arena = plan.arenaOf(b.device);
        if (arena < 0) {
            arena = int(plan.arenas.size());
            plan.arenas.push_back({b.device, 0, 0});
        }
        plan.arenas[size_t(arena)].activationBytes =
            std::max(plan.arenas[size_t(arena)].activationBytes, b.offset + b.bytes);
    }
    for (size_t s = 0; s < n; ++s) {
        if (!inArena(s)) continue;
        const Block& b = blocks[size_t(blockOfGroup[groups.find(s)])];
        plan.placements[s] = {plan.arenaOf(b.device), b.offset, request.slotBytes[s]};
    }

    // Workspace: the largest scratch per device, after that device's activations.
    for (size_t i = 0; i < request.stepScratch.size(); ++i) {
        if (request.stepScratch[i] == 0) continue;
        const Device device = request.stepDevices.at(i);
        int arena = plan.arenaOf(device);
        if (arena < 0) {
            arena = int(plan.arenas.size());
            plan.arenas.push_back({device, 0, 0});
        }
        plan.arenas[size_t(arena)].workspaceBytes =
            std::max(plan.arenas[size_t(arena)].workspaceBytes, alignUp(request.stepScratch[i], request.alignment));
    }
    return plan;
}

}  // namespace kiln
