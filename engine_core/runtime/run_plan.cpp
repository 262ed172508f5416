#include "engine_core/runtime/run_plan.h"

#include <algorithm>
#include <unordered_set>

namespace kiln {

RunPlan planRun(const Graph& graph, const std::vector<const Node*>& order) {
    RunPlan plan;
    auto slot = [&](const Value* v) { return int(plan.valueSlots.emplace(v, plan.valueSlots.size()).first->second); };
    auto hasSlot = [](const Value* v) { return v && (!v->isConstant() || v->isGraphInput); };
    for (const Value* v : graph.inputs()) slot(v);
    const std::unordered_set<const Value*> outputs(graph.outputs().begin(), graph.outputs().end());
    std::unordered_map<const Value*, size_t> lastUse;  // index in order of the last reader
    for (size_t i = 0; i < order.size(); ++i)
        for (const Value* in : order[i]->inputs)
            if (in) lastUse[in] = i;
    plan.steps.resize(order.size());
    for (size_t i = 0; i < order.size(); ++i) {
        const Node& node = *order[i];
        PlannedStep& step = plan.steps[i];
        for (const Value* in : node.inputs) {
            step.inSlots.push_back(hasSlot(in) ? slot(in) : -1);
            const bool last = in && lastUse.at(in) == i;
            const bool dies = last && hasSlot(in) && !in->isGraphInput && !outputs.count(in);
            step.donatable.push_back(dies && !in->isConstant());
            if (dies && std::find(step.freeAfter.begin(), step.freeAfter.end(), slot(in)) == step.freeAfter.end())
                step.freeAfter.push_back(slot(in));
        }
        for (const Value* out : node.outputs) {
            step.outSlots.push_back(out ? slot(out) : -1);
            if (out && !outputs.count(out) && !lastUse.count(out)) step.freeAfter.push_back(slot(out));
        }
    }
    plan.slotInfo.resize(plan.valueSlots.size());
    for (const auto& [v, s] : plan.valueSlots) {
        SlotInfo& info = plan.slotInfo[s];
        info.value = v;
        info.graphInput = v->isGraphInput;
        info.graphOutput = outputs.count(v) > 0;
        if (auto it = lastUse.find(v); it != lastUse.end()) info.lastReader = int(it->second);
    }
    for (size_t i = 0; i < plan.steps.size(); ++i)
        for (int s : plan.steps[i].outSlots)
            if (s >= 0) plan.slotInfo[size_t(s)].producer = int(i);
    return plan;
}

}  // namespace kiln
