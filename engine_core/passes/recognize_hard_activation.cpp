// x · clip(x + 3, 0, 6) / 6 = HardSwish(x);   clip(α·x + β, 0, 1) = HardSigmoid(x){α, β}
// Exporters write these out (torch < opset 14, hand-written modules, Keras): HardSwish with / 6 or
// · (1/6), before or after the product, ReLU6 as Clip (Clip-6's attribute bounds become inputs at
// import), or as x · HardSigmoid(x); HardSigmoid as clip(x + 3, 0, 6) / 6, clip((x + 3) / 6, 0, 1)
// or clip(x·α + β, 0, 1). The written-out forms are those matchActivationOf knows (activation.h);
// this rule replaces them by the one standard op, so a Conv/MatMul epilogue or a Pointwise chain
// sees one step instead of four.
#include <algorithm>

#include "engine_core/passes/activation.h"
#include "engine_core/passes/legality.h"
#include "engine_core/passes/passes.h"
#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

namespace {

class RecognizeHardActivation final : public RewriteRule {
public:
    explicit RecognizeHardActivation(fused::Activation kind) : kind_(kind) {}
    std::string name() const override {
        return kind_ == fused::Activation::HardSwish ? "RecognizeHardSwish" : "RecognizeHardSigmoid";
    }
    std::vector<std::string> producedOps() const override { return {std::string(fused::activationName(kind_))}; }
    // Every op a written-out form can start with (x's first consumer).
    std::vector<std::string> targetOpTypes() const override { return {"Add", "Mul", "Div", "HardSigmoid"}; }
    bool match(const Graph&, const Node& n) const override { return n.outputs.size() == 1 && n.outputs[0]; }
    bool apply(Graph& graph, Node& anchor, PassContext& ctx) override {
        for (Value* x : anchor.inputs) {
            if (!x || x->isConstant() || x->dtype != DataType::Float32) continue;
            auto act = matchActivationOf(x);
            if (!act || act->kind != kind_ || act->nodes.size() < 2) continue;
            if (std::find(act->nodes.begin(), act->nodes.end(), &anchor) == act->nodes.end()) continue;
            std::vector<const Node*> group(act->nodes.begin(), act->nodes.end());
            bool legal = true;
            for (const Node* n : act->nodes)
                legal = legal && (n->outputs[0] == act->output || canFuseThrough(n->outputs[0], group));
            if (!legal) return false;
            std::map<std::string, Attribute> attrs;
            if (kind_ == fused::Activation::HardSigmoid) {
                attrs["alpha"] = act->p0;
                attrs["beta"] = act->p1;
            }
            std::vector<Node*> nodes = act->nodes;
            std::sort(nodes.begin(), nodes.end(), [](const Node* a, const Node* b) { return a->id < b->id; });
            replaceNodes(graph, ctx, nodes, std::string(fused::activationName(kind_)), "", {x}, {act->output}, attrs);
            return true;
        }
        return false;
    }

private:
    fused::Activation kind_;
};

}  // namespace

std::unique_ptr<RewriteRule> makeRecognizeHardSwishRule() {
    return std::make_unique<RecognizeHardActivation>(fused::Activation::HardSwish);
}
std::unique_ptr<RewriteRule> makeRecognizeHardSigmoidRule() {
    return std::make_unique<RecognizeHardActivation>(fused::Activation::HardSigmoid);
}

}  // namespace kiln::passes
