// Add(Reshape(y), z) = Reshape(Add(y, Reshape(z, shape(y)))) with y = MatMul / Gemm (or FusedMatMul
// without an activation) and z of the reshape's output shape: the residual is reshaped instead of
// the product, so FuseMatMulBias puts the Add into the GEMM's epilogue as Z. A Reshape of a tensor
// is a view on the CPU (no copy). GPT-2's Conv1D exports c_proj as Gemm → Reshape → residual Add.
//
// Also through Flatten / Squeeze / Unsqueeze (the inverse is always a Reshape to y's dims). Needs
// y's dims static and z's shape equal to the reshape's output (no broadcasting: a broadcast operand
// would not keep its meaning once reshaped); the reshape's output is read by the Add alone.
#include "engine_core/passes/epilogue.h"
#include "engine_core/passes/passes.h"
#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

namespace {

bool isReshapeLike(const Node* n) {
    return isOp(n, "Reshape") || isOp(n, "Flatten") || isOp(n, "Squeeze") || isOp(n, "Unsqueeze");
}

// Whether the product `y` could take `add` into its epilogue: read by the Add alone, no
// activation, a bias or Z slot free (as apply() checks for the product it moves the Add to).
bool takesTheAdd(const Node& add, const Value* y) {
    const Node* mm = y->producer;
    if (!isMatMulLike(mm) || soleConsumer(y) != &add || y->isGraphOutput) return false;
    if (epilogueActivation(*mm) != fused::Activation::None || !matmulBiasUsable(*mm)) return false;
    const std::vector<Value*> slots = fusedInputs(*mm);
    return !(slots[2] && slots[3]);
}

class MoveResidualAboveReshape final : public RewriteRule {
public:
    std::string name() const override { return "MoveResidualAboveReshape"; }
    std::vector<std::string> targetOpTypes() const override { return {"Add"}; }
    // An Add that reads a product which can take it is FuseMatMulBias's (and this rule's own result:
    // without the check it would next move the residual's view back the other way). A product that
    // cannot (its bias and Z taken, or read elsewhere: ViT's residual stream comes from the previous
    // block's FusedMatMul, which the next LayerNorm reads too) does not stop the move.
    bool match(const Graph&, const Node& add) const override {
        if (add.inputs.size() != 2 || add.outputs.size() != 1 || !add.outputs[0] || !add.inputs[0] || !add.inputs[1])
            return false;
        const Node* a = add.inputs[0]->producer;
        const Node* b = add.inputs[1]->producer;
        return !takesTheAdd(add, add.inputs[0]) && !takesTheAdd(add, add.inputs[1]) &&
               (isReshapeLike(a) || isReshapeLike(b));
    }
    bool apply(Graph& graph, Node& add, PassContext&) override {
        for (size_t side = 0; side < 2; ++side) {
            Value* r = add.inputs[side];
            Value* z = add.inputs[1 - side];
            Node* reshape = r ? r->producer : nullptr;
            if (!isReshapeLike(reshape) || !z || r == z) continue;
            Value* y = reshape->inputs.empty() ? nullptr : reshape->inputs[0];
            if (!y || !isMatMulLike(y->producer) || soleConsumer(y) != reshape || y->isGraphOutput) continue;
            if (soleConsumer(r) != &add || r->isGraphOutput) continue;
            if (!isFloatingPoint(y->dtype) || y->dtype != r->dtype || z->dtype != r->dtype) continue;
            if (!y->shape.rankKnown || !y->shape.isStatic() || !r->shape.rankKnown || !(z->shape == r->shape)) continue;
            const Node& mm = *y->producer;
            if (epilogueActivation(mm) != fused::Activation::None || !matmulBiasUsable(mm)) continue;
            std::vector<Value*> slots = fusedInputs(mm);
            if (slots[2] && slots[3]) continue;  // bias and residual taken: the Add could not fuse
            Value* out = add.outputs[0];
            // z viewed with y's dims; then the Add on y's shape, then the original reshape.
            std::vector<int64_t> dims = y->shape.staticDims();
            Value* shape = addConstantValue(graph, z->name + "_as_" + y->name + "_shape",
                                            Tensor::fromVector<int64_t>({int64_t(dims.size())}, dims));
            Value* zView = addIntermediate(graph, z->name + "_as_" + y->name, z->dtype, y->shape);
            Node* view = graph.addNode("Reshape", add.name + "/residual_reshape", {z, shape}, {zView});
            view->origin = add.origin;
            Value* sum = addIntermediate(graph, out->name + "_before_" + reshape->opType, out->dtype, y->shape);
            graph.replaceInput(&add, side, y);
            graph.replaceInput(&add, 1 - side, zView);
            rewireMovedPair(graph, add, sum, *reshape, 0, out, r);
            return true;
        }
        return false;
    }
};

}  // namespace

std::unique_ptr<RewriteRule> makeMoveResidualAboveReshapeRule() {
    return std::make_unique<MoveResidualAboveReshape>();
}

}  // namespace kiln::passes
