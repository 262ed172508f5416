// The memory planner (runtime/memory_plan.h): blocks are shared only by tensors whose lifetimes
// don't overlap, views keep their input's memory alive, in-place writes share a block only when
// the input dies there, scratch goes after the activations, one arena per device; checked on hand
// cases and on random graphs.
#include <gtest/gtest.h>

#include <random>

#include "engine_core/runtime/memory_plan.h"
#include "engine_core/runtime/run_plan.h"

namespace kiln {
namespace {

// A graph built node by node: each node reads some earlier values and writes one new value.
struct PlanGraph {
    Graph g;
    std::vector<const Node*> order;
    Value* input = nullptr;
    std::vector<Value*> values;  // values[i]: written by node i

    PlanGraph() {
        input = g.addValue("in");
        g.markInput(input);
    }
    Value* node(const std::vector<Value*>& reads) {
        Value* out = g.addValue("v" + std::to_string(values.size()));
        order.push_back(g.addNode("Op", "n" + std::to_string(values.size()), reads, {out}));
        values.push_back(out);
        return out;
    }
};

struct Planned {
    RunPlan run;
    MemoryPlanRequest request;
    MemoryPlan plan;
};

// Every tensor `bytes` (or per value), host device, no scratch.
Planned plan(PlanGraph& pg, std::function<uint64_t(const Value*)> bytes,
             std::vector<MemoryPlanRequest::Share> aliases = {}, std::vector<MemoryPlanRequest::Share> inPlace = {}) {
    Planned p;
    p.run = planRun(pg.g, pg.order);
    const size_t n = p.run.slotCount();
    p.request.slotBytes.assign(n, 0);
    p.request.slotDevices.assign(n, kHostDevice);
    for (size_t s = 0; s < n; ++s) {
        const SlotInfo& info = p.run.slotInfo[s];
        if (!info.graphInput && !info.graphOutput) p.request.slotBytes[s] = bytes(info.value);
    }
    p.request.stepScratch.assign(pg.order.size(), 0);
    p.request.stepDevices.assign(pg.order.size(), kHostDevice);
    p.request.aliases = std::move(aliases);
    p.request.inPlace = std::move(inPlace);
    p.plan = planMemory(p.run, p.request);
    return p;
}

int slot(const Planned& p, const Value* v) { return p.run.slotOf(v); }

// The lifetime the planner must respect: producer to last reader, extended through views.
std::vector<std::pair<int, int>> lifetimes(const Planned& p) {
    const int last = int(p.run.steps.size()) - 1;
    std::vector<std::pair<int, int>> life;
    for (const SlotInfo& info : p.run.slotInfo) {
        const int first = std::max(info.producer, 0);
        life.emplace_back(first, info.graphOutput ? last : std::max(info.lastReader, first));
    }
    std::vector<MemoryPlanRequest::Share> aliases = p.request.aliases;
    std::sort(aliases.begin(), aliases.end(), [](const auto& a, const auto& b) { return a.step > b.step; });
    for (const auto& a : aliases) life[size_t(a.input)].second = std::max(life[size_t(a.input)].second, life[size_t(a.output)].second);
    return life;
}

// No two tensors alive at once share a byte, unless an in-place share put them in one block.
void expectNoConflicts(const Planned& p) {
    const auto life = lifetimes(p);
    const size_t n = p.plan.placements.size();
    for (size_t a = 0; a < n; ++a) {
        const auto& pa = p.plan.placements[a];
        if (pa.arena < 0) continue;
        EXPECT_LE(pa.offset + pa.bytes, p.plan.arenas[size_t(pa.arena)].activationBytes);
        for (size_t b = a + 1; b < n; ++b) {
            const auto& pb = p.plan.placements[b];
            if (pb.arena != pa.arena) continue;
            bool shared = false;
            for (const auto& s : p.request.inPlace)
                shared = shared || (size_t(s.output) == a && size_t(s.input) == b) || (size_t(s.output) == b && size_t(s.input) == a);
            if (shared && pa.offset == pb.offset) continue;
            const bool liveTogether = life[a].first <= life[b].second && life[b].first <= life[a].second;
            const bool overlap = pa.offset < pb.offset + pb.bytes && pb.offset < pa.offset + pa.bytes;
            EXPECT_FALSE(liveTogether && overlap) << "slots " << a << " and " << b << " at " << pa.offset << "+" << pa.bytes
                                                  << " and " << pb.offset << "+" << pb.bytes;
        }
    }
}

TEST(MemoryPlan, ReusesBlocksOfDeadTensors) {
    // in -> v0 -> v1 -> v2 -> v3 (output): v0 and v2 never live together.
    PlanGraph pg;
    Value* v0 = pg.node({pg.input});
    Value* v1 = pg.node({v0});
    Value* v2 = pg.node({v1});
    pg.g.markOutput(pg.node({v2}));
    Planned p = plan(pg, [](const Value*) { return 1000; });
    expectNoConflicts(p);
    ASSERT_EQ(p.plan.arenas.size(), 1u);
    EXPECT_EQ(p.plan.tensorBytes, 3000u);
    EXPECT_EQ(p.plan.arenas[0].activationBytes, 2048u);  // two 1000-byte blocks, each aligned to 256
    EXPECT_EQ(p.plan.placements[size_t(slot(p, v0))].offset, p.plan.placements[size_t(slot(p, v2))].offset);
    // Graph inputs and outputs are the caller's: not in the arena.
    EXPECT_EQ(p.plan.placements[size_t(slot(p, pg.input))].arena, -1);
    EXPECT_EQ(p.plan.placements[size_t(slot(p, pg.values.back()))].arena, -1);
}

TEST(MemoryPlan, ATensorReadLaterKeepsItsBlock) {
    // v0 is read by the last node: nothing produced in between may take its bytes.
    PlanGraph pg;
    Value* v0 = pg.node({pg.input});
    Value* v1 = pg.node({v0});
    Value* v2 = pg.node({v1});
    pg.g.markOutput(pg.node({v2, v0}));
    Planned p = plan(pg, [](const Value*) { return 512; });
    expectNoConflicts(p);
    EXPECT_NE(p.plan.placements[size_t(slot(p, v0))].offset, p.plan.placements[size_t(slot(p, v2))].offset);
}

TEST(MemoryPlan, ViewsKeepTheirInputAlive) {
    // v1 = view(v0) is read at the end; v0 itself is read only by the view. Without the alias the
    // planner would hand v0's bytes to v2.
    PlanGraph pg;
    Value* v0 = pg.node({pg.input});
    Value* v1 = pg.node({v0});
    Value* v2 = pg.node({pg.input});
    pg.g.markOutput(pg.node({v2, v1}));
    Planned without = plan(pg, [](const Value*) { return 512; });
    EXPECT_EQ(without.plan.placements[size_t(slot(without, v0))].offset, without.plan.placements[size_t(slot(without, v2))].offset);
    Planned with = plan(pg, [](const Value*) { return 512; }, {{1, slot(without, v1), slot(without, v0)}});
    expectNoConflicts(with);
    EXPECT_NE(with.plan.placements[size_t(slot(with, v0))].offset, with.plan.placements[size_t(slot(with, v2))].offset);
}

TEST(MemoryPlan, InPlaceOnlyWhenTheInputDiesThere) {
    PlanGraph pg;
    Value* v0 = pg.node({pg.input});
    Value* v1 = pg.node({v0});  // may write over v0: v0 dies here
    Value* v2 = pg.node({v1});  // may write over v1, but v1 is read again below
    pg.g.markOutput(pg.node({v2, v1}));
    Planned p = plan(pg, [](const Value*) { return 512; },
                     {}, {{1, 2, 1}, {2, 3, 2}});  // (step, output slot, input slot): slots are in creation order
    ASSERT_EQ(slot(p, v0), 1);
    ASSERT_EQ(slot(p, v1), 2);
    ASSERT_EQ(slot(p, v2), 3);
    expectNoConflicts(p);
    EXPECT_EQ(p.plan.placements[1].offset, p.plan.placements[2].offset);  // v1 over v0
    EXPECT_NE(p.plan.placements[2].offset, p.plan.placements[3].offset);  // v2 not over v1
}

TEST(MemoryPlan, ScratchAfterActivationsAndOneArenaPerDevice) {
    PlanGraph pg;
    Value* v0 = pg.node({pg.input});
    Value* v1 = pg.node({v0});
    pg.g.markOutput(pg.node({v1}));
    Planned p;
    p.run = planRun(pg.g, pg.order);
    p.request.slotBytes.assign(p.run.slotCount(), 0);
    p.request.slotDevices.assign(p.run.slotCount(), kHostDevice);
    const Device gpu{DeviceType::Emulated, 0};
    p.request.slotBytes[size_t(p.run.slotOf(v0))] = 300;
    p.request.slotBytes[size_t(p.run.slotOf(v1))] = 700;
    p.request.slotDevices[size_t(p.run.slotOf(v1))] = gpu;
    p.request.stepScratch = {100, 5000, 0};
    p.request.stepDevices = {kHostDevice, gpu, gpu};
    MemoryPlan plan = planMemory(p.run, p.request);
    ASSERT_EQ(plan.arenas.size(), 2u);
    const auto& host = plan.arenas[size_t(plan.arenaOf(kHostDevice))];
    const auto& dev = plan.arenas[size_t(plan.arenaOf(gpu))];
    EXPECT_EQ(host.activationBytes, 512u);
    EXPECT_EQ(host.workspaceBytes, 256u);
    EXPECT_EQ(dev.activationBytes, 768u);
    EXPECT_EQ(dev.workspaceBytes, 5120u);
    EXPECT_EQ(plan.totalBytes(), 512u + 256u + 768u + 5120u);
    EXPECT_NE(plan.summary().find("emulated:0: 768 B activations + 5.0 KiB workspace"), std::string::npos) << plan.summary();
}

TEST(MemoryPlan, RandomGraphsNeverShareLiveBytes) {
    std::mt19937 rng(20261206);
    for (int trial = 0; trial < 60; ++trial) {
        PlanGraph pg;
        const int nodes = 5 + int(rng() % 40);
        std::vector<MemoryPlanRequest::Share> aliases, inPlace;
        for (int i = 0; i < nodes; ++i) {
            std::vector<Value*> reads;
            const int fanIn = 1 + int(rng() % 3);
            for (int k = 0; k < fanIn; ++k) {
                const int pick = int(rng() % (pg.values.size() + 1));
                reads.push_back(pick == 0 ? pg.input : pg.values[size_t(pick - 1)]);
            }
            pg.node(reads);
        }
        pg.g.markOutput(pg.values.back());
        if (rng() % 2) pg.g.markOutput(pg.values[pg.values.size() / 2]);
        // Slots: 0 is the input, then one per node in creation order.
        RunPlan run = planRun(pg.g, pg.order);
        for (size_t i = 0; i < pg.order.size(); ++i) {
            const int in = run.steps[i].inSlots[0];
            const int out = run.steps[i].outSlots[0];
            if (in <= 0) continue;
            if (rng() % 5 == 0) aliases.push_back({i, out, in});
            else if (rng() % 3 == 0) inPlace.push_back({i, out, in});
        }
        std::vector<uint64_t> sizes;
        for (int i = 0; i <= nodes; ++i) sizes.push_back(1 + rng() % 5000);
        Planned p = plan(pg, [&](const Value* v) { return v == pg.input ? 0 : sizes[size_t(std::stoi(v->name.substr(1)))]; },
                         aliases, {});
        expectNoConflicts(p);
        // In-place shares on top must keep the rule (they only ever merge an input that dies there).
        Planned q = plan(pg, [&](const Value* v) { return v == pg.input ? 0 : sizes[size_t(std::stoi(v->name.substr(1)))]; },
                         aliases, inPlace);
        expectNoConflicts(q);
        // Deterministic: the same request gives the same plan.
        MemoryPlan again = planMemory(q.run, q.request);
        ASSERT_EQ(again.placements.size(), q.plan.placements.size());
        for (size_t s = 0; s < again.placements.size(); ++s) EXPECT_EQ(again.placements[s].offset, q.plan.placements[s].offset);
        // Never more than one block per tensor.
        uint64_t sum = 0;
        for (const auto& pl : p.plan.placements) sum += pl.arena >= 0 ? (pl.bytes + 255) / 256 * 256 : 0;
        EXPECT_LE(p.plan.totalBytes(), sum);
    }
}

}  // namespace
}  // namespace kiln
