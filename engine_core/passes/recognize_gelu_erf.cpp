// x · 0.5 · (1 + erf(x / √2)) = Gelu(x){approximate="none"}
// x/√2 may be written Div(x, 1.4142…) or Mul(x, 0.7071…); the outer products in any order.
#include <cmath>

#include "engine_core/passes/gelu_tail.h"
#include "engine_core/passes/passes.h"
#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

namespace {

class RecognizeGeluErf final : public RewriteRule {
public:
    std::string name() const override { return "RecognizeGeluErf"; }
    std::vector<std::string> producedOps() const override { return {"Gelu"}; }
    std::vector<std::string> targetOpTypes() const override { return {"Erf"}; }
    bool match(const Graph&, const Node& erf) const override {
        Value* in = erf.inputOrNull(0);
        return in && (isOp(in->producer, "Div") || isOp(in->producer, "Mul")) && erf.outputs.size() == 1;
    }
    bool apply(Graph& graph, Node& erf, PassContext& ctx) override {
        Node* scale = erf.inputs[0]->producer;
        Value* x = nullptr;
        if (isOp(scale, "Div") && isScalarConstant(scale->inputs[1], std::sqrt(2.0), 1e-4)) x = scale->inputs[0];
        if (isOp(scale, "Mul")) {
            for (Value* in : scale->inputs)
                if (isScalarConstant(otherInput(*scale, in), std::sqrt(0.5), 1e-4)) x = in;
        }
        if (!x) return false;
        auto tail = matchGeluTail(x, erf.outputs[0]);
        if (!tail) return false;
        std::vector<Node*> nodes{scale, &erf};
        nodes.insert(nodes.end(), tail->nodes.begin(), tail->nodes.end());
        return replaceWithGelu(graph, ctx, nodes, x, tail->output, "none");
    }
};

}  // namespace

std::unique_ptr<RewriteRule> makeRecognizeGeluErfRule() { return std::make_unique<RecognizeGeluErf>(); }

}  // namespace kiln::passes
