// MatMul(A, B) [+ bias] [+ z] → act = kiln::FusedMatMul(A, B, bias, z){activation}:
// y = act(A·B + bias + z) (Gemm: act(α·op(A)·op(B) + β·C)), act as for FusedConv
// (Relu, LeakyRelu, Clip, Sigmoid, HardSigmoid, HardSwish, Tanh, SiLU, Gelu).
#include "engine_core/passes/activation.h"
#include "engine_core/passes/epilogue.h"
#include "engine_core/passes/legality.h"
#include "engine_core/passes/passes.h"
#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

namespace {

class FuseMatMulActivation final : public RewriteRule {
public:
    std::string name() const override { return "FuseMatMulActivation"; }
    std::vector<std::string> producedOps() const override { return {"kiln::FusedMatMul"}; }
    std::vector<std::string> targetOpTypes() const override { return {"MatMul", "Gemm", "kiln::FusedMatMul"}; }
    bool match(const Graph&, const Node& mm) const override {
        return mm.outputs.size() == 1 && mm.outputs[0] && epilogueActivation(mm) == fused::Activation::None &&
               matmulBiasUsable(mm);
    }
    bool apply(Graph& graph, Node& mm, PassContext& ctx) override {
        Value* y = mm.outputs[0];
        auto act = matchActivationOf(y);
        if (!act) return false;
        std::vector<const Node*> group{&mm};
        for (Node* n : act->nodes) group.push_back(n);
        if (!canFuseThrough(y, group)) return false;
        // Every value inside the activation (SiLU's sigmoid, a written-out HardSwish's sum, clip,
        // product) must be read only within the group and not be a graph output.
        for (const Node* n : act->nodes)
            if (n->outputs[0] != act->output && !canFuseThrough(n->outputs[0], group)) return false;
        auto attrs = fusedAttributes(mm);
        attrs["activation"] = std::string(fused::activationName(act->kind));
        attrs["activation_params"] = std::vector<float>{act->p0, act->p1};
        std::vector<Node*> replaced{&mm};
        replaced.insert(replaced.end(), act->nodes.begin(), act->nodes.end());
        std::vector<Value*> inputs = fusedMatMulInputs(graph, mm);
        replaceNodes(graph, ctx, replaced, "FusedMatMul", kKilnDomain, inputs, {act->output}, attrs);
        return true;
    }
};

}  // namespace

std::unique_ptr<RewriteRule> makeFuseMatMulActivationRule() { return std::make_unique<FuseMatMulActivation>(); }

}  // namespace kiln::passes
