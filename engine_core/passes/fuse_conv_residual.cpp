// Conv(x, W, b) → Add(·, z) = kiln::FusedConv(x, W, b, Z=z): the residual (skip-connection) add
// happens in the convolution's epilogue, y = Conv(x, W, b) + z, saving one pass over the output.
// z must have the conv output's exact shape; an activation already fused would run before the
// add, so a FusedConv with an activation is not extended (FusedConv is act(conv + z)).
#include "engine_core/passes/epilogue.h"
#include "engine_core/passes/legality.h"
#include "engine_core/passes/passes.h"
#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

namespace {

bool isConvLike(const Node* n) { return isOp(n, "Conv") || isOp(n, "FusedConv", kKilnDomain); }

class FuseConvResidual final : public RewriteRule {
public:
    std::string name() const override { return "FuseConvResidual"; }
    std::vector<std::string> producedOps() const override { return {"kiln::FusedConv"}; }
    std::vector<std::string> targetOpTypes() const override { return {"Add"}; }
    bool match(const Graph&, const Node& add) const override {
        return add.inputs.size() == 2 && (isConvLike(add.inputs[0] ? add.inputs[0]->producer : nullptr) ||
                                          isConvLike(add.inputs[1] ? add.inputs[1]->producer : nullptr));
    }
    bool apply(Graph& graph, Node& add, PassContext& ctx) override {
        for (Value* y : add.inputs) {
            Node* conv = y ? y->producer : nullptr;
            if (!isConvLike(conv)) continue;
            Value* z = otherInput(add, y);
            if (!z || !y->shape.rankKnown || !(z->shape == y->shape) || z->dtype != y->dtype) continue;
            if (!(add.outputs[0]->shape == y->shape) && add.outputs[0]->shape.rankKnown) continue;
            if (epilogueActivation(*conv) != fused::Activation::None) continue;
            std::vector<Value*> inputs = fusedInputs(*conv);
            if (inputs[3]) continue;  // already has a residual
            if (!canFuse(*conv, add)) continue;
            inputs[3] = z;
            replaceNodes(graph, ctx, {conv, &add}, "FusedConv", kKilnDomain, inputs, {add.outputs[0]},
                         fusedAttributes(*conv));
            return true;
        }
        return false;
    }
};

}  // namespace

std::unique_ptr<RewriteRule> makeFuseConvResidualRule() { return std::make_unique<FuseConvResidual>(); }

}  // namespace kiln::passes
