#include "engine_core/builder/graph_clone.h"

#include <unordered_map>

namespace kiln {

std::unique_ptr<Graph> cloneGraph(const Graph& source, const CloneOptions& options) {
    auto g = std::make_unique<Graph>();
    g->name = source.name;
    g->producerName = source.producerName;
    g->producerVersion = source.producerVersion;
    g->irVersion = source.irVersion;
    g->opsetImports = source.opsetImports;
    g->docString = source.docString;
    g->outerScopeInputs = source.outerScopeInputs;

    std::unordered_map<const Value*, Value*> map;
    auto copy = [&](const Value* v) -> Value* {
        if (!v) return nullptr;
        auto it = map.find(v);
        if (it != map.end()) return it->second;
        Value* c = g->addValue(v->name);
        c->dtype = v->dtype;
        c->shape = v->shape;
        if (v->constant) c->constant = options.copyConstantData ? v->constant->clone() : *v->constant;
        map[v] = c;
        return c;
    };
    // Inputs first so their values exist in declaration order; roles are set below.
    for (const Value* v : source.inputs()) copy(v);
    std::vector<Node*> nodes;
    if (options.order) {
        KILN_CHECK(options.order->size() == source.nodes().size(), Internal, "cloneGraph: an order of ",
                   options.order->size(), " nodes for a graph of ", source.nodes().size());
        nodes = *options.order;
    } else {
        nodes = options.topologicalOrder ? source.topologicalOrder() : source.nodes();
    }
    for (const Node* n : nodes) {
        std::vector<Value*> ins, outs;
        for (const Value* v : n->inputs) ins.push_back(copy(v));
        for (const Value* v : n->outputs) outs.push_back(copy(v));
        Node* c = g->addNode(n->opType, n->name, ins, outs, n->domain);
        c->attributes = n->attributes;
        for (auto& [key, attr] : c->attributes) {
            if (options.copyConstantData)
                if (const Tensor* t = attr.get<Tensor>()) attr = Attribute(t->clone());
            // Bodies are copied too: passes optimize them in place (the caller's stay untouched).
            if (const Graph* body = attr.graph()) {
                CloneOptions bodyOptions;
                bodyOptions.copyConstantData = options.copyConstantData;
                attr = Attribute(std::shared_ptr<Graph>(cloneGraph(*body, bodyOptions)));
            }
        }
        c->origin = n->origin;
    }
    for (const Value* v : source.inputs()) g->markInput(copy(v));
    for (const Value* v : source.outputs()) g->markOutput(copy(v));
    return g;
}

}  // namespace kiln
