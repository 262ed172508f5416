// The run plan both executors follow (the reference Executor and an engine's ExecutionContext),
// made once per graph: a dense slot per value a run holds, and per node the slots it reads and
// writes, the inputs it may overwrite and the slots freed after it. A run then keeps its live
// tensors in a vector and does no map lookups or searches per node.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "engine_core/ir/graph.h"

namespace kiln {

struct PlannedStep {
    std::vector<int> inSlots;        // per input: its slot; -1 for omitted inputs and constants
    std::vector<int> outSlots;       // per output: its slot; -1 for omitted outputs
    // Per input: this node is the value's last reader, and it is not a graph input, a graph output
    // or a constant, so the kernel may overwrite it (if nothing else holds its storage).
    std::vector<uint8_t> donatable;
    std::vector<int> freeAfter;      // slots released after the node: last reads, and outputs nobody reads
};

// One slot's value and lifetime in steps.
struct SlotInfo {
    const Value* value = nullptr;
    int producer = -1;    // the step writing it; -1 for a graph input
    int lastReader = -1;  // the last step reading it; -1 when none does
    bool graphInput = false;
    bool graphOutput = false;
};

struct RunPlan {
    std::vector<PlannedStep> steps;  // one per node of `order`
    std::vector<SlotInfo> slotInfo;  // per slot
    std::unordered_map<const Value*, size_t> valueSlots;  // (not "slots": a Qt macro)
    size_t slotCount() const { return valueSlots.size(); }
    int slotOf(const Value* v) const {  // -1 for a value with no slot (a constant)
        auto it = valueSlots.find(v);
        return it == valueSlots.end() ? -1 : int(it->second);
    }
};

// `order` lists the nodes in execution order. Graph inputs (an initializer listed as an input too,
// ONNX IR < 4, included: a run may override it) and every value a node reads or writes get a slot,
// constants that are not graph inputs excepted: they are read in place.
RunPlan planRun(const Graph& graph, const std::vector<const Node*>& order);

}  // namespace kiln
