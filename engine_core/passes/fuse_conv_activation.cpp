// Conv(x, W, b) [+ z] → act = kiln::FusedConv(x, W, b, z){activation}: y = act(Conv(x, W, b) + z)
// with act ∈ {Relu, LeakyRelu, Clip (ReLU6), Sigmoid, HardSigmoid, HardSwish, Tanh,
// SiLU = x·sigmoid(x), Gelu (erf or tanh form)}. The activation runs in the conv's epilogue while
// the output tile is still in cache.
#include "engine_core/passes/activation.h"
#include "engine_core/passes/epilogue.h"
#include "engine_core/passes/legality.h"
#include "engine_core/passes/passes.h"
#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

namespace {

class FuseConvActivation final : public RewriteRule {
public:
    std::string name() const override { return "FuseConvActivation"; }
    std::vector<std::string> producedOps() const override { return {"kiln::FusedConv"}; }
    std::vector<std::string> targetOpTypes() const override { return {"Conv", "kiln::FusedConv"}; }
    bool match(const Graph&, const Node& conv) const override {
        return conv.outputs.size() == 1 && conv.outputs[0] && epilogueActivation(conv) == fused::Activation::None;
    }
    bool apply(Graph& graph, Node& conv, PassContext& ctx) override {
        Value* y = conv.outputs[0];
        auto act = matchActivationOf(y);
        if (!act) return false;
        std::vector<const Node*> group{&conv};
        for (Node* n : act->nodes) group.push_back(n);
        if (!canFuseThrough(y, group)) return false;
        // Every value inside the activation (SiLU's sigmoid, a written-out HardSwish's sum, clip,
        // product) must be read only within the group and not be a graph output.
        for (const Node* n : act->nodes)
            if (n->outputs[0] != act->output && !canFuseThrough(n->outputs[0], group)) return false;
        auto attrs = fusedAttributes(conv);
        attrs["activation"] = std::string(fused::activationName(act->kind));
        attrs["activation_params"] = std::vector<float>{act->p0, act->p1};
        std::vector<Node*> replaced{&conv};
        replaced.insert(replaced.end(), act->nodes.begin(), act->nodes.end());
        replaceNodes(graph, ctx, replaced, "FusedConv", kKilnDomain, fusedInputs(conv), {act->output}, attrs);
        return true;
    }
};

}  // namespace

std::unique_ptr<RewriteRule> makeFuseConvActivationRule() { return std::make_unique<FuseConvActivation>(); }

}  // namespace kiln::passes
