// Siblings Conv(x, W_1, b_1), …, Conv(x, W_n, b_n) with constant weights and identical attributes
// (parallel 1×1 convs of inception / fire modules, or any equal kernel) =
// Split(Conv(x, [W_1;…;W_n], [b_1;…;b_n]), axis=1): one convolution over the concatenated output
// channels; Split restores the original output tensors, names kept. group must be 1.
#include <algorithm>

#include "engine_core/passes/epilogue.h"
#include "engine_core/passes/legality.h"
#include "engine_core/passes/passes.h"
#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

namespace {

bool isCandidate(const Node* n) {
    if (!(isOp(n, "Conv") || isOp(n, "FusedConv", kKilnDomain)) || n->outputs.size() != 1 || !n->outputs[0])
        return false;
    const Tensor* w = constantOf(n->inputOrNull(1));
    if (!w || w->dtype() != DataType::Float32 || w->rank() < 3 || n->attrInt("group", 1) != 1) return false;
    if (n->inputOrNull(3)) return false;  // a residual differs per sibling
    if (Value* b = n->inputOrNull(2)) {
        const Tensor* bt = constantOf(b);
        if (!bt || bt->dtype() != DataType::Float32 || bt->numel() != w->dim(0)) return false;
    }
    return true;
}

bool compatible(const Node& a, const Node& b) {
    const Tensor* wa = constantOf(a.inputs[1]);
    const Tensor* wb = constantOf(b.inputs[1]);
    if (wa->rank() != wb->rank()) return false;
    for (size_t d = 1; d < wa->rank(); ++d)
        if (wa->dims()[d] != wb->dims()[d]) return false;
    return a.opType == b.opType && a.domain == b.domain && a.inputs[0] == b.inputs[0] && sameAttributes(a, b) &&
           bool(a.inputOrNull(2)) == bool(b.inputOrNull(2)) && a.outputs[0]->dtype == b.outputs[0]->dtype &&
           assignedBackend(a) == assignedBackend(b);
}

class FuseHorizontalConv final : public RewriteRule {
public:
    std::string name() const override { return "FuseHorizontalConv"; }
    std::vector<std::string> producedOps() const override { return {"Split"}; }  // and the siblings' own op
    std::vector<std::string> targetOpTypes() const override { return {"Conv", "kiln::FusedConv"}; }
    bool match(const Graph&, const Node& n) const override {
        return isCandidate(&n) && n.inputs[0] && n.inputs[0]->consumers.size() >= 2;
    }
    bool apply(Graph& graph, Node& anchor, PassContext& ctx) override {
        Value* x = anchor.inputs[0];
        std::vector<Node*> siblings;
        for (Node* c : x->consumers)
            if (std::find(siblings.begin(), siblings.end(), c) == siblings.end() && isCandidate(c) &&
                compatible(anchor, *c))
                siblings.push_back(c);
        if (siblings.size() < 2) return false;
        std::sort(siblings.begin(), siblings.end(), [](const Node* a, const Node* b) { return a->id < b->id; });

        std::vector<const Tensor*> weights, biases;
        std::vector<int64_t> channels;
        std::vector<Value*> outputs;
        for (Node* s : siblings) {
            weights.push_back(constantOf(s->inputs[1]));
            channels.push_back(weights.back()->dim(0));
            if (s->inputOrNull(2)) biases.push_back(constantOf(s->inputs[2]));
            outputs.push_back(s->outputs[0]);
        }
        int64_t total = 0;
        for (int64_t c : channels) total += c;
        Shape shape = outputs[0]->shape;
        if (shape.rankKnown && shape.rank() > 1) shape.dims[1] = Dim(total);
        std::vector<const Node*> group(siblings.begin(), siblings.end());
        std::string name = fusedNodeName(group);
        Value* wide = addIntermediate(graph, outputs[0]->name + "_hfused", outputs[0]->dtype, shape);
        std::vector<Value*> inputs{x, addConstantValue(graph, siblings[0]->inputs[1]->name + "_hfused", concatFloat(weights, 0))};
        if (!biases.empty()) inputs.push_back(addConstantValue(graph, siblings[0]->inputs[2]->name + "_hfused", concatFloat(biases, 0)));
        Value* split = addConstantValue(graph, wide->name + "_split", Tensor::fromVector<int64_t>({int64_t(channels.size())}, channels));
        std::vector<std::string> origin = ctx.mergedOrigin(group);
        std::map<std::string, Attribute> attrs = siblings[0]->attributes;
        std::string opType = siblings[0]->opType, domain = siblings[0]->domain;
        replaceNodesNamed(graph, ctx, siblings, name, opType, domain, inputs, {wide}, attrs);
        Node* splitNode = graph.addNode("Split", name + " (split)", {wide, split}, outputs);
        splitNode->attributes["axis"] = int64_t(1);
        splitNode->origin = origin;
        return true;
    }
};

}  // namespace

std::unique_ptr<RewriteRule> makeFuseHorizontalConvRule() { return std::make_unique<FuseHorizontalConv>(); }

}  // namespace kiln::passes
