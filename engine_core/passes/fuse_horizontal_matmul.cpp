// Siblings MatMul(x, W_1), …, MatMul(x, W_n) with constant 2-D weights = Split(MatMul(x, [W_1|…|W_n]))
// along the last axis (with biases: FusedMatMul(x, [W_1|…|W_n], [b_1|…|b_n]); Gemm and Gemm-form
// FusedMatMul with transB concatenate the weight rows instead). The Q/K/V
// projections of attention become one larger GEMM; Split restores the original output tensors
// (names kept), so everything downstream, and per-layer comparison, is unchanged.
#include <algorithm>

#include "engine_core/passes/epilogue.h"
#include "engine_core/passes/legality.h"
#include "engine_core/passes/passes.h"
#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

namespace {

bool transB(const Node& n) { return n.attrInt("transB", 0) != 0; }
// Output width N and reduction size K of the constant weight.
int64_t widthOf(const Node& n) { return constantOf(n.inputs[1])->dim(transB(n) ? 0 : 1); }
int64_t depthOf(const Node& n) { return constantOf(n.inputs[1])->dim(transB(n) ? 1 : 0); }

bool isCandidate(const Node* n) {
    if (!(isOp(n, "MatMul") || isOp(n, "Gemm") || isOp(n, "FusedMatMul", kKilnDomain)) || n->outputs.size() != 1 ||
        !n->outputs[0])
        return false;
    const Tensor* w = constantOf(n->inputOrNull(1));
    if (!w || w->dtype() != DataType::Float32 || w->rank() != 2) return false;
    if (n->inputOrNull(3)) return false;  // a residual differs per sibling
    if (isOp(n, "Gemm") && n->inputOrNull(2) && n->attrFloat("beta", 1.f) != 1.f) return false;
    if (Value* b = n->inputOrNull(2)) {
        const Tensor* bt = constantOf(b);
        if (!bt || bt->dtype() != DataType::Float32 || bt->rank() != 1 || bt->numel() != widthOf(*n)) return false;
    }
    return true;
}

// Same op, input, attributes (activation, transposes, alpha) and reduction size; biases on all or none.
bool compatible(const Node& a, const Node& b) {
    return a.opType == b.opType && a.domain == b.domain && a.inputs[0] == b.inputs[0] && sameAttributes(a, b) &&
           depthOf(a) == depthOf(b) && bool(a.inputOrNull(2)) == bool(b.inputOrNull(2)) &&
           a.outputs[0]->dtype == b.outputs[0]->dtype && assignedBackend(a) == assignedBackend(b);
}

class FuseHorizontalMatMul final : public RewriteRule {
public:
    std::string name() const override { return "FuseHorizontalMatMul"; }
    std::vector<std::string> producedOps() const override { return {"Split"}; }  // and the siblings' own op
    std::vector<std::string> targetOpTypes() const override { return {"MatMul", "Gemm", "kiln::FusedMatMul"}; }
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
        std::vector<int64_t> widths;
        std::vector<Value*> outputs;
        for (Node* s : siblings) {
            weights.push_back(constantOf(s->inputs[1]));
            widths.push_back(widthOf(*s));
            if (s->inputOrNull(2)) biases.push_back(constantOf(s->inputs[2]));
            outputs.push_back(s->outputs[0]);
        }
        int64_t total = 0;
        for (int64_t w : widths) total += w;
        Shape shape = outputs[0]->shape;
        if (shape.rankKnown && shape.rank() > 0) shape.dims.back() = Dim(total);
        std::vector<const Node*> group(siblings.begin(), siblings.end());
        std::string name = fusedNodeName(group);
        Value* wide = addIntermediate(graph, outputs[0]->name + "_hfused", outputs[0]->dtype, shape);
        std::vector<Value*> inputs{x, addConstantValue(graph, siblings[0]->inputs[1]->name + "_hfused", concatFloat(weights, transB(*siblings[0]) ? 0 : 1))};
        if (!biases.empty()) inputs.push_back(addConstantValue(graph, siblings[0]->inputs[2]->name + "_hfused", concatFloat(biases, 0)));
        Value* split = addConstantValue(graph, wide->name + "_split", Tensor::fromVector<int64_t>({int64_t(widths.size())}, widths));
        std::vector<std::string> origin = ctx.mergedOrigin(group);
        std::map<std::string, Attribute> attrs = siblings[0]->attributes;
        std::string opType = siblings[0]->opType, domain = siblings[0]->domain;
        replaceNodesNamed(graph, ctx, siblings, name, opType, domain, inputs, {wide}, attrs);
        Node* splitNode = graph.addNode("Split", name + " (split)", {wide, split}, outputs);
        splitNode->attributes["axis"] = int64_t(-1);
        splitNode->origin = origin;
        return true;
    }
};

}  // namespace

std::unique_ptr<RewriteRule> makeFuseHorizontalMatMulRule() { return std::make_unique<FuseHorizontalMatMul>(); }

}  // namespace kiln::passes
