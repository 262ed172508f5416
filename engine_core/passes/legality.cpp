#include "engine_core/passes/legality.h"

#include <algorithm>

#include "engine_core/common/error.h"

namespace kiln::passes {

std::string assignedBackend(const Node&) { return ""; }

namespace {
bool refuse(std::string* why, std::string reason) {
    if (why) *why = std::move(reason);
    return false;
}
bool inGroup(const Node* n, const std::vector<const Node*>& group) {
    return std::find(group.begin(), group.end(), n) != group.end();
}
}  // namespace

bool canFuseThrough(const Value* intermediate, const std::vector<const Node*>& group, std::string* why,
                    bool requireFloat) {
    if (!intermediate) return refuse(why, "no intermediate tensor");
    const Node* producer = intermediate->producer;
    if (!producer || !inGroup(producer, group))
        return refuse(why, concat("'", intermediate->name, "' is not produced inside the fused group"));
    if (intermediate->isGraphOutput)
        return refuse(why, concat("'", intermediate->name, "' is a graph output"));
    if (intermediate->consumers.empty())
        return refuse(why, concat("'", intermediate->name, "' has no consumer"));
    for (const Node* c : intermediate->consumers)
        if (!inGroup(c, group))
            return refuse(why, concat("'", intermediate->name, "' is also read by node '", c->label(), "'"));
    if (requireFloat && intermediate->dtype != DataType::Undefined && !isFloatingPoint(intermediate->dtype))
        return refuse(why, concat("'", intermediate->name, "' is ", dataTypeName(intermediate->dtype),
                                  ", fused epilogues compute in floating point"));
    // The producer's compute precision: its first floating-point input (Where's first input is a bool mask).
    const Value* first = nullptr;
    for (const Value* in : producer->inputs)
        if (in && isFloatingPoint(in->dtype)) {
            first = in;
            break;
        }
    if (requireFloat && first && intermediate->dtype != DataType::Undefined && first->dtype != intermediate->dtype)
        return refuse(why, concat("'", intermediate->name, "' is ", dataTypeName(intermediate->dtype), " but node '",
                                  producer->label(), "' computes in ", dataTypeName(first->dtype)));
    for (const Node* c : intermediate->consumers)
        if (assignedBackend(*c) != assignedBackend(*producer))
            return refuse(why, concat("nodes '", producer->label(), "' and '", c->label(),
                                      "' run on different backends"));
    return true;
}

bool canFuse(const Node& producer, const Node& consumer, std::string* why) {
    if (producer.outputs.size() != 1 || !producer.outputs[0])
        return refuse(why, concat("node '", producer.label(), "' does not have exactly one output"));
    const Value* v = producer.outputs[0];
    if (v->consumers.size() != 1)
        return refuse(why, concat("'", v->name, "' has ", v->consumers.size(), " consumers"));
    return canFuseThrough(v, {&producer, &consumer}, why);
}

}  // namespace kiln::passes
