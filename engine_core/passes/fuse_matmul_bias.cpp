// MatMul(A, B) → Add(·, c) = kiln::FusedMatMul(A, B, bias=c), and a second Add(·, z) fills the
// residual slot: y = A·B + c + z (Gemm: α·op(A)·op(B) + β·C + z, β folded into C). Each added
// operand must broadcast into the product's shape without growing it (a bias row, a residual).
#include "engine_core/passes/epilogue.h"
#include "engine_core/passes/legality.h"
#include "engine_core/passes/passes.h"
#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

namespace {

class FuseMatMulBias final : public RewriteRule {
public:
    std::string name() const override { return "FuseMatMulBias"; }
    std::vector<std::string> producedOps() const override { return {"kiln::FusedMatMul"}; }
    std::vector<std::string> targetOpTypes() const override { return {"Add"}; }
    bool match(const Graph&, const Node& add) const override {
        return add.inputs.size() == 2 && (isMatMulLike(add.inputs[0] ? add.inputs[0]->producer : nullptr) ||
                                          isMatMulLike(add.inputs[1] ? add.inputs[1]->producer : nullptr));
    }
    bool apply(Graph& graph, Node& add, PassContext& ctx) override {
        for (Value* y : add.inputs) {
            Node* mm = y ? y->producer : nullptr;
            if (!isMatMulLike(mm)) continue;
            Value* c = otherInput(add, y);
            if (!c || c->dtype != y->dtype || !broadcastsInto(c->shape, y->shape)) continue;
            if (epilogueActivation(*mm) != fused::Activation::None || !matmulBiasUsable(*mm)) continue;
            std::vector<Value*> probe = fusedInputs(*mm);
            if (probe[2] && probe[3]) continue;  // both epilogue slots taken
            if (!canFuse(*mm, add)) continue;
            std::vector<Value*> inputs = fusedMatMulInputs(graph, *mm);
            inputs[inputs[2] ? 3 : 2] = c;
            replaceNodes(graph, ctx, {mm, &add}, "FusedMatMul", kKilnDomain, inputs, {add.outputs[0]},
                         fusedAttributes(*mm));
            return true;
        }
        return false;
    }
};

}  // namespace

std::unique_ptr<RewriteRule> makeFuseMatMulBiasRule() { return std::make_unique<FuseMatMulBias>(); }

}  // namespace kiln::passes
