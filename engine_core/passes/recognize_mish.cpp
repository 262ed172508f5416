// x · tanh(softplus(x)) = Mish(x), softplus(x) = ln(1 + eˣ)
// Exporters below opset 18 (which added Mish) write softplus as the Softplus op or as
// Log(Add(Exp(x), 1)). The Log form overflows to +inf for x > 88 where Softplus gives x; tanh turns
// both into 1, so Mish(x) = x there too and the rewrite changes no result.
#include <algorithm>

#include "engine_core/passes/legality.h"
#include "engine_core/passes/passes.h"
#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

namespace {

// softplus(x) feeding `t`: the nodes computing it and x, or nullopt.
std::optional<std::pair<std::vector<Node*>, Value*>> softplusOf(Value* t) {
    Node* p = t ? t->producer : nullptr;
    if (isOp(p, "Softplus") && p->inputs.size() == 1) return std::make_pair(std::vector<Node*>{p}, p->inputs[0]);
    if (!isOp(p, "Log") || p->inputs.size() != 1) return std::nullopt;
    Node* add = p->inputs[0]->producer;
    if (!isOp(add, "Add") || add->inputs.size() != 2) return std::nullopt;
    for (Value* e : add->inputs) {
        Node* exp = e->producer;
        if (isOp(exp, "Exp") && exp->inputs.size() == 1 && isScalarConstant(otherInput(*add, e), 1.0))
            return std::make_pair(std::vector<Node*>{exp, add, p}, exp->inputs[0]);
    }
    return std::nullopt;
}

class RecognizeMish final : public RewriteRule {
public:
    std::string name() const override { return "RecognizeMish"; }
    std::vector<std::string> producedOps() const override { return {"Mish"}; }
    std::vector<std::string> targetOpTypes() const override { return {"Tanh"}; }
    bool match(const Graph&, const Node& tanh) const override {
        return tanh.inputs.size() == 1 && tanh.outputs.size() == 1 && tanh.outputs[0] &&
               isOp(soleConsumer(tanh.outputs[0]), "Mul");
    }
    bool apply(Graph& graph, Node& tanh, PassContext& ctx) override {
        auto sp = softplusOf(tanh.inputs[0]);
        if (!sp) return false;
        Value* x = sp->second;
        if (x->dtype != DataType::Float32) return false;
        Node* mul = soleConsumer(tanh.outputs[0]);
        if (mul->inputs.size() != 2 || otherInput(*mul, tanh.outputs[0]) != x || mul->outputs.size() != 1) return false;
        std::vector<Node*> nodes = sp->first;
        nodes.push_back(&tanh);
        nodes.push_back(mul);
        std::vector<const Node*> group(nodes.begin(), nodes.end());
        for (Node* n : nodes)
            if (n != mul && !canFuseThrough(n->outputs[0], group)) return false;
        replaceNodes(graph, ctx, nodes, "Mish", "", {x}, {mul->outputs[0]}, {});
        return true;
    }
};

}  // namespace

std::unique_ptr<RewriteRule> makeRecognizeMishRule() { return std::make_unique<RecognizeMish>(); }

}  // namespace kiln::passes
