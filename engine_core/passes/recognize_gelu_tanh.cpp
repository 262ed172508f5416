// 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³))) = Gelu(x){approximate="tanh"}
// x³ as Pow(x, 3), x·(x·x) (torch's own tanh-GELU export below opset 20) or x·Pow(x, 2), the
// products in either operand order; the constant products in either order; the outer products in
// any order.
#include <cmath>

#include "engine_core/passes/gelu_tail.h"
#include "engine_core/passes/passes.h"
#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

namespace {

// The non-constant operand of Mul(v, c) / Mul(c, v) when c is the scalar `expected`.
Value* scaledBy(const Node* mul, double expected) {
    if (!isOp(mul, "Mul") || mul->inputs.size() != 2) return nullptr;
    for (Value* in : mul->inputs)
        if (isScalarConstant(otherInput(*mul, in), expected, 1e-4)) return in;
    return nullptr;
}

// The nodes computing x³ into `cube`: Pow(x, 3), Mul(x, x·x) or Mul(x, Pow(x, 2)) in either order.
std::optional<std::vector<Node*>> cubeOf(const Value* cube, const Value* x) {
    Node* p = cube ? cube->producer : nullptr;
    if (isOp(p, "Pow") && p->inputs[0] == x && isScalarConstant(p->inputOrNull(1), 3.0)) return std::vector<Node*>{p};
    if (!isOp(p, "Mul") || p->inputs.size() != 2 || inputIndex(*p, x) < 0) return std::nullopt;
    const Value* sq = otherInput(*p, x);
    Node* s = sq ? sq->producer : nullptr;
    bool square = (isOp(s, "Mul") && s->inputs.size() == 2 && s->inputs[0] == x && s->inputs[1] == x) ||
                  (isOp(s, "Pow") && s->inputs[0] == x && isScalarConstant(s->inputOrNull(1), 2.0));
    if (!square) return std::nullopt;
    return std::vector<Node*>{s, p};
}

class RecognizeGeluTanh final : public RewriteRule {
public:
    std::string name() const override { return "RecognizeGeluTanh"; }
    std::vector<std::string> producedOps() const override { return {"Gelu"}; }
    std::vector<std::string> targetOpTypes() const override { return {"Tanh"}; }
    bool match(const Graph&, const Node& tanh) const override {
        Value* in = tanh.inputOrNull(0);
        return in && isOp(in->producer, "Mul") && tanh.outputs.size() == 1;
    }
    bool apply(Graph& graph, Node& tanh, PassContext& ctx) override {
        Node* outerScale = tanh.inputs[0]->producer;
        Value* sum = scaledBy(outerScale, std::sqrt(2.0 / M_PI));
        Node* add = sum ? sum->producer : nullptr;
        if (!isOp(add, "Add")) return false;
        for (Value* x : add->inputs) {
            Value* cubicTerm = otherInput(*add, x);
            Node* cubicScale = cubicTerm ? cubicTerm->producer : nullptr;
            Value* cube = scaledBy(cubicScale, 0.044715);
            auto cubeNodes = cubeOf(cube, x);
            if (!cubeNodes) continue;
            auto tail = matchGeluTail(x, tanh.outputs[0]);
            if (!tail) return false;
            std::vector<Node*> nodes = *cubeNodes;
            nodes.insert(nodes.end(), {cubicScale, add, outerScale, &tanh});
            nodes.insert(nodes.end(), tail->nodes.begin(), tail->nodes.end());
            return replaceWithGelu(graph, ctx, nodes, x, tail->output, "tanh");
        }
        return false;
    }
};

}  // namespace

std::unique_ptr<RewriteRule> makeRecognizeGeluTanhRule() { return std::make_unique<RecognizeGeluTanh>(); }

}  // namespace kiln::passes
