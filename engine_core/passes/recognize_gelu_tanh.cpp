// 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³))) = Gelu(x){approximate="tanh"}
// x³ as Pow(x, 3); the constant products in either operand order; the outer products in any order.
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
            Node* pow = cube ? cube->producer : nullptr;
            if (!isOp(pow, "Pow") || pow->inputs[0] != x || !isScalarConstant(pow->inputOrNull(1), 3.0)) continue;
            auto tail = matchGeluTail(x, tanh.outputs[0]);
            if (!tail) return false;
            std::vector<Node*> nodes{pow, cubicScale, add, outerScale, &tanh};
            nodes.insert(nodes.end(), tail->nodes.begin(), tail->nodes.end());
            return replaceWithGelu(graph, ctx, nodes, x, tail->output, "tanh");
        }
        return false;
    }
};

}  // namespace

std::unique_ptr<RewriteRule> makeRecognizeGeluTanhRule() { return std::make_unique<RecognizeGeluTanh>(); }

}  // namespace kiln::passes
