#include "engine_core/passes/gelu_tail.h"

#include <algorithm>

#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

std::optional<GeluTail> matchGeluTail(Value* x, Value* t) {
    Node* add = soleConsumer(t);
    if (!isOp(add, "Add") || !isScalarConstant(otherInput(*add, t), 1.0)) return std::nullopt;
    Value* onePlus = add->outputs[0];
    Node* m1 = soleConsumer(onePlus);
    if (!isOp(m1, "Mul")) return std::nullopt;
    Value* o = otherInput(*m1, onePlus);
    if (!o) return std::nullopt;
    if (o == x || isScalarConstant(o, 0.5)) {
        // (x·(1+t))·0.5 or ((1+t)·0.5)·x
        Node* m2 = soleConsumer(m1->outputs[0]);
        if (!isOp(m2, "Mul")) return std::nullopt;
        Value* o2 = otherInput(*m2, m1->outputs[0]);
        bool ok = o == x ? isScalarConstant(o2, 0.5) : o2 == x;
        if (!ok) return std::nullopt;
        return GeluTail{{add, m1, m2}, m2->outputs[0]};
    }
    // (x·0.5)·(1+t)
    Node* h = o->producer;
    if (!isOp(h, "Mul") || otherInput(*h, x) == nullptr || !isScalarConstant(otherInput(*h, x), 0.5))
        return std::nullopt;
    return GeluTail{{h, add, m1}, m1->outputs[0]};
}

bool replaceWithGelu(Graph& graph, PassContext& ctx, std::vector<Node*> nodes, Value* x, Value* output,
                     const char* approximate) {
    if (x->dtype != DataType::Float32) return false;
    std::sort(nodes.begin(), nodes.end(), [](const Node* a, const Node* b) { return a->id < b->id; });
    std::vector<const Node*> group(nodes.begin(), nodes.end());
    for (Node* n : nodes)
        if (n->outputs.size() != 1 || (n->outputs[0] != output && !canFuseThrough(n->outputs[0], group)))
            return false;
    replaceNodes(graph, ctx, nodes, "Gelu", "", {x}, {output}, {{"approximate", std::string(approximate)}});
    return true;
}

}  // namespace kiln::passes
