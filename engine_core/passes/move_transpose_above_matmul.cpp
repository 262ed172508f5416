// Transpose(Reshape(y)) with y = MatMul(A, W) and a permutation that keeps the last axis: a GEMM
// works row by row, so a permutation of its rows commutes with it, and the transpose moves above
// it:  A → Reshape (y's view, A's last dim) → Transpose → Reshape (A's dims) → the same GEMM →
// Reshape (the transpose's output dims).
//
// torchvision's MultiheadAttention (ViT) runs its out-projection on [S·B, E] rows, views them as
// [S, B, E] and transposes back to [B, S, E] before the residual Add. That transpose copied the
// whole activation once per block and kept the residual Add out of the GEMM's epilogue. Moved above
// the GEMM, it joins the Reshape/Transpose chain after the attention, which AttentionLayout turns
// into the strides the attention writes; the GEMM → Reshape → Add left is MoveResidualAboveReshape's
// and FuseMatMulBias's, like GPT-2's c_proj.
//
// The GEMM: MatMul, Gemm or FusedMatMul with a constant 2-D weight, A not transposed, no residual
// Z (it would need the permutation too), a bias only along the last axis, any activation (applied
// element by element). Static dims. Only where the moved transpose is no larger: A's last dim K at
// most the product's N. The GEMM and the Reshape (if any) are read by the next node alone.
#include "engine_core/passes/epilogue.h"
#include "engine_core/passes/passes.h"
#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

namespace {

bool staticDims(const Value* v) { return v && v->shape.rankKnown && v->shape.isStatic(); }

// The GEMM node's own conditions (see the header comment).
bool gemmCommutesWithRows(const Node& mm) {
    if (mm.outputs.size() != 1 || mm.inputs.size() < 2 || mm.attrInt("transA", 0) != 0) return false;
    const std::vector<Value*> slots = fusedInputs(mm);
    if (slots[3]) return false;  // a residual Z
    const Value* w = mm.inputs[1];
    if (!w || !w->isConstant() || !w->shape.rankKnown || w->shape.rank() != 2) return false;
    if (const Value* bias = mm.inputOrNull(2)) {
        if (!staticDims(bias)) return false;
        const std::vector<int64_t> b = bias->shape.staticDims();
        for (size_t i = 0; i + 1 < b.size(); ++i)
            if (b[i] != 1) return false;
    }
    return staticDims(mm.inputs[0]) && staticDims(mm.outputs[0]) && mm.inputs[0]->shape.rank() >= 1;
}

// A Reshape of `in` to `dims` writing `out` (a new intermediate when null).
Node* addReshape(Graph& graph, const std::string& name, Value* in, const std::vector<int64_t>& dims,
                 const std::vector<std::string>& origin, Value* out = nullptr) {
    Value* shape = addConstantValue(graph, name + "_shape", Tensor::fromVector<int64_t>({int64_t(dims.size())}, dims));
    if (!out) out = addIntermediate(graph, name + "_output", in->dtype, Shape(dims));
    Node* n = graph.addNode("Reshape", name, {in, shape}, {out});
    n->origin = origin;
    return n;
}

class MoveTransposeAboveMatMul final : public RewriteRule {
public:
    std::string name() const override { return "MoveTransposeAboveMatMul"; }
    std::vector<std::string> targetOpTypes() const override { return {"Transpose"}; }
    bool match(const Graph&, const Node& tr) const override {
        if (tr.inputs.size() != 1 || tr.outputs.size() != 1 || !tr.inputs[0] || !tr.outputs[0]) return false;
        if (!tr.hasAttr("perm")) return false;
        const std::vector<int64_t> perm = tr.attrInts("perm");
        if (perm.size() < 2 || perm.back() != int64_t(perm.size()) - 1) return false;
        bool identity = true;
        for (size_t i = 0; i < perm.size(); ++i) identity = identity && perm[i] == int64_t(i);
        if (identity) return false;
        const Node* p = tr.inputs[0]->producer;
        if (isOp(p, "Reshape") && p->inputs.size() >= 1 && p->inputs[0]) p = p->inputs[0]->producer;
        return isMatMulLike(p);
    }
    bool apply(Graph& graph, Node& tr, PassContext&) override {
        Value* t = tr.outputs[0];
        Value* v = tr.inputs[0];
        Node* reshape = isOp(v->producer, "Reshape") ? v->producer : nullptr;
        Value* y = reshape ? reshape->inputs[0] : v;
        Node* mm = y->producer;
        if (!isMatMulLike(mm) || !gemmCommutesWithRows(*mm)) return false;
        if (!isFloatingPoint(y->dtype) || !staticDims(v) || !staticDims(t)) return false;
        // Each link read by the next alone, none a graph output.
        if (soleConsumer(v) != &tr || v->isGraphOutput) return false;
        if (reshape && (soleConsumer(y) != reshape || y->isGraphOutput)) return false;
        Value* a = mm->inputs[0];
        const std::vector<int64_t> aDims = a->shape.staticDims(), yDims = y->shape.staticDims();
        const std::vector<int64_t> viewDims = v->shape.staticDims();
        const std::vector<int64_t> perm = tr.attrInts("perm");
        if (perm.size() != viewDims.size() || yDims.empty() || viewDims.back() != yDims.back()) return false;
        const int64_t K = aDims.back(), N = yDims.back();
        if (K > N) return false;  // the moved transpose would copy more

        // A viewed as the transpose's input with A's last dim, transposed, viewed back as A's dims.
        std::vector<int64_t> aView = viewDims;
        aView.back() = K;
        std::vector<int64_t> aPermuted(perm.size());
        for (size_t i = 0; i < perm.size(); ++i) aPermuted[i] = aView[size_t(perm[i])];
        const std::vector<std::string> moveOrigin = tr.origin;
        const std::string trName = tr.name, mmName = mm->name, mmOp = mm->opType, mmDomain = mm->domain;
        const std::map<std::string, Attribute> mmAttrs = mm->attributes;
        const std::vector<std::string> mmOrigin = mm->origin;
        std::vector<Value*> mmInputs = mm->inputs;
        const std::string viewName = reshape ? reshape->name : trName + "/view";
        const std::vector<std::string> viewOrigin = reshape ? reshape->origin : moveOrigin;

        graph.removeNode(&tr);
        if (reshape) graph.removeNode(reshape);
        graph.removeNode(mm);
        Value* in = a;
        if (aView != aDims) in = addReshape(graph, trName + "/rows_in", in, aView, moveOrigin)->outputs[0];
        Value* permuted = addIntermediate(graph, trName + "_output", a->dtype, Shape(aPermuted));
        Node* moved = graph.addNode("Transpose", trName, {in}, {permuted});
        moved->attributes["perm"] = perm;
        moved->origin = moveOrigin;
        in = permuted;
        if (aPermuted != aDims) in = addReshape(graph, trName + "/rows_out", in, aDims, moveOrigin)->outputs[0];
        mmInputs[0] = in;
        Value* product = addIntermediate(graph, mmName + "_output", y->dtype, Shape(yDims));
        Node* gemm = graph.addNode(mmOp, mmName, mmInputs, {product}, mmDomain);
        gemm->attributes = mmAttrs;
        gemm->origin = mmOrigin;
        // The product's rows are now in the transposed order: viewed as the transpose's output.
        addReshape(graph, viewName, product, t->shape.staticDims(), viewOrigin, t);
        return true;
    }
};

}  // namespace

std::unique_ptr<RewriteRule> makeMoveTransposeAboveMatMulRule() { return std::make_unique<MoveTransposeAboveMatMul>(); }

}  // namespace kiln::passes
