// kiln::Attention reads Q, K and V where the exporter's reshapes and transposes found them, and
// writes its output where the transposes after it would have put it: the data-movement nodes
// around an attention (BERT's Split → Reshape → Transpose of each head, ViT's Unsqueeze /
// Transpose / Squeeze / Gather unbinding of one in-projection, the Transpose → Reshape merging the
// heads afterwards) become strides (strided_view.h), as TensorRT folds shuffles into its MHA
// kernels and cuDNN's SDPA takes strided Q/K/V. Each of those nodes was a copy of the whole
// activation (on the GPU one launch each, per layer).
//
// The strided form (fused_ops.h): inputs (Q base, K base, V base, mask?), attribute `dims`
// [B, H, S, T, D, Dv], `q_view`/`k_view`/`v_view` [offset, stride B, stride H, stride S or T,
// stride D] (K as [B, H, T, D]: not transposed), `o_view` [stride B, H, S, D] into the output of
// dims `o_dims`.
// Only rank-4 attentions without batch broadcasting and with static shapes are rewritten.
#include <set>

#include "engine_core/passes/passes.h"
#include "engine_core/passes/rewrite.h"
#include "engine_core/passes/strided_view.h"

namespace kiln::passes {

namespace {

struct Operand {
    StridedView view;
    std::vector<Node*> path;  // traced nodes, nearest first
};

// The operand as a view of the tensor up its data-movement chain (itself when it has none), dims
// as given.
std::optional<Operand> operandView(Value* v) {
    Operand op;
    if (auto traced = traceStridedView(v, &op.path)) {
        op.view = *traced;
        return op;
    }
    if (!v->shape.rankKnown || !v->shape.isStatic()) return std::nullopt;
    op.view = StridedView::contiguous(v, v->shape.staticDims());
    return op;
}

// [offset, four strides]; nullopt when a dim does not collapse to one stride or neither of the last
// two dims is contiguous (the kernels read rows or columns).
std::optional<std::vector<int64_t>> viewAttribute(const StridedView& v) {
    std::vector<int64_t> out{v.offset};
    for (size_t d = 0; d < 4; ++d) {
        auto s = v.collapse(d);
        if (!s) return std::nullopt;
        out.push_back(*s);
    }
    const bool rows = out[4] == 1 || v.size(3) == 1;
    const bool cols = out[3] == 1 || v.size(2) == 1;
    if (!rows && !cols) return std::nullopt;
    return out;
}

bool isReshapeOrTranspose(const Node* n) {
    return n && n->domain.empty() && n->inputs.size() >= 1 && n->outputs.size() == 1 &&
           (n->opType == "Reshape" || n->opType == "Transpose" || n->opType == "Flatten" ||
            n->opType == "Squeeze" || n->opType == "Unsqueeze");
}

// torchvision's MHA transposes its input [B, S, E] to [S, B, E] before the in-projection. A GEMM
// works row by row, so a transpose that keeps the last axis commutes with it: Transpose(x)·W + b =
// Transpose(x·W + b). When the projection's output feeds only the attention's view chains, the
// transpose moves below the GEMM, into those chains, and the views absorb it.
struct Sunk {
    Node* gemm = nullptr;   // the GEMM now reading x
    Node* moved = nullptr;  // the transpose now after it
    // To undo: the original nodes' parts.
    std::string gemmName, gemmOp, gemmDomain, trName;
    std::map<std::string, Attribute> gemmAttrs;
    std::vector<std::string> gemmOrigin, trOrigin;
    std::vector<Value*> gemmInputs;  // with the transposed value first
    Value *x = nullptr, *transposed = nullptr, *base = nullptr;
    std::vector<int64_t> perm;
};

std::optional<Sunk> sinkRowPermutation(Graph& graph, Value* base, const std::set<Node*>& chainNodes) {
    Node* mm = base ? base->producer : nullptr;
    const bool fused = isOp(mm, "FusedMatMul", kKilnDomain);
    if (!mm || !(isOp(mm, "MatMul") || fused) || mm->outputs.size() != 1) return std::nullopt;
    if (fused && (mm->inputOrNull(3) || mm->attrInt("transA", 0) || mm->attrInt("transB", 0) ||
                  mm->attrFloat("alpha", 1.f) != 1.f))
        return std::nullopt;
    if (base->isGraphOutput || base->consumers.empty()) return std::nullopt;
    for (const Node* c : base->consumers)
        if (!chainNodes.count(const_cast<Node*>(c))) return std::nullopt;
    Value* t = mm->inputs[0];
    Node* tr = t ? t->producer : nullptr;
    if (!isOp(tr, "Transpose") || soleConsumer(t) != mm || t->isGraphOutput) return std::nullopt;
    const Value* w = mm->inputOrNull(1);
    if (!w || !w->isConstant() || !w->shape.rankKnown || w->shape.rank() != 2) return std::nullopt;
    if (const Value* bias = mm->inputOrNull(2)) {
        if (!bias->shape.rankKnown || !bias->shape.isStatic()) return std::nullopt;
        const std::vector<int64_t> b = bias->shape.staticDims();
        for (size_t i = 0; i + 1 < b.size(); ++i)
            if (b[i] != 1) return std::nullopt;  // only a bias along the last axis commutes
    }
    Value* x = tr->inputs[0];
    if (!x->shape.rankKnown || !x->shape.isStatic() || !base->shape.isStatic()) return std::nullopt;
    Sunk s;
    s.perm = tr->attrInts("perm");
    const size_t rank = x->shape.rank();
    if (rank < 3 || s.perm.size() != rank || s.perm.back() != int64_t(rank) - 1) return std::nullopt;
    // The GEMM on x: x's dims with the last one the projection's width.
    std::vector<int64_t> dims = x->shape.staticDims();
    dims.back() = base->shape.staticDims().back();
    Value* unpermuted = addIntermediate(graph, base->name + "_rows", base->dtype, Shape(dims));
    s.gemmName = mm->name, s.gemmOp = mm->opType, s.gemmDomain = mm->domain, s.trName = tr->name;
    s.gemmAttrs = mm->attributes;
    s.gemmOrigin = mm->origin, s.trOrigin = tr->origin;
    s.gemmInputs = mm->inputs;
    s.x = x, s.transposed = t, s.base = base;
    graph.removeNode(mm);
    graph.removeNode(tr);
    std::vector<Value*> inputs = s.gemmInputs;
    inputs[0] = x;
    s.gemm = graph.addNode(s.gemmOp, s.gemmName, inputs, {unpermuted}, s.gemmDomain);
    s.gemm->attributes = s.gemmAttrs;
    s.gemm->origin = s.gemmOrigin;
    s.moved = graph.addNode("Transpose", s.trName, {unpermuted}, {base});
    s.moved->attributes["perm"] = s.perm;
    s.moved->origin = s.trOrigin;
    return s;
}

// Puts the transpose back before the GEMM (the rewrite that needed the move did not happen).
void undoSink(Graph& graph, const Sunk& s) {
    graph.removeNode(s.moved);
    graph.removeNode(s.gemm);
    Node* tr = graph.addNode("Transpose", s.trName, {s.x}, {s.transposed});
    tr->attributes["perm"] = s.perm;
    tr->origin = s.trOrigin;
    Node* mm = graph.addNode(s.gemmOp, s.gemmName, s.gemmInputs, {s.base}, s.gemmDomain);
    mm->attributes = s.gemmAttrs;
    mm->origin = s.gemmOrigin;
}

// The traced nodes only this attention reads (the fixpoint: a node stays when anything else reads
// one of its outputs, or an output is the graph's).
std::set<Node*> removableNodes(const Node& att, const std::vector<const Operand*>& operands) {
    std::set<Node*> removable;
    for (const Operand* o : operands) removable.insert(o->path.begin(), o->path.end());
    for (bool changed = true; changed;) {
        changed = false;
        for (auto it = removable.begin(); it != removable.end();) {
            bool keep = true;
            for (const Value* out : (*it)->outputs) {
                if (!out) continue;
                // A graph output, or the mask: the rewritten attention still reads that tensor itself.
                if (out->isGraphOutput || out == att.inputOrNull(3)) keep = false;
                for (const Node* c : out->consumers)
                    if (c != &att && !removable.count(const_cast<Node*>(c))) keep = false;
            }
            if (keep) {
                ++it;
            } else {
                it = removable.erase(it);
                changed = true;
            }
        }
    }
    return removable;
}

class AbsorbAttentionLayout final : public RewriteRule {
public:
    std::string name() const override { return "AbsorbAttentionLayout"; }
    std::vector<std::string> producedOps() const override { return {"kiln::Attention"}; }
    std::vector<std::string> targetOpTypes() const override { return {"kiln::Attention"}; }
    bool match(const Graph&, const Node& n) const override {
        if (n.domain != kKilnDomain || n.hasAttr("dims") || n.inputs.size() < 3 || n.outputs.size() != 1) return false;
        for (size_t i = 0; i < 3; ++i) {
            const Value* v = n.inputs[i];
            if (!v || v->dtype != DataType::Float32 || !v->shape.rankKnown || v->shape.rank() != 4 || !v->shape.isStatic())
                return false;
        }
        const Value* y = n.outputs[0];
        return y && y->shape.rankKnown && y->shape.isStatic();
    }
    bool apply(Graph& graph, Node& att, PassContext& ctx) override {
        const std::vector<int64_t> q = att.inputs[0]->shape.staticDims(), kt = att.inputs[1]->shape.staticDims(),
                                   v = att.inputs[2]->shape.staticDims();
        const int64_t B = q[0], H = q[1], S = q[2], D = q[3], T = kt[3], Dv = v[3];
        if (kt[0] != B || kt[1] != H || kt[2] != D || v[0] != B || v[1] != H || v[2] != T) return false;
        std::optional<Operand> qo, ko, vo;
        std::optional<std::vector<int64_t>> qView, kView, vView;
        auto trace = [&] {
            qo = operandView(att.inputs[0]), ko = operandView(att.inputs[1]), vo = operandView(att.inputs[2]);
            if (!qo || !ko || !vo || !ko->view.transpose({0, 1, 3, 2})) return false;  // K as [B, H, T, D]
            qView = viewAttribute(qo->view), kView = viewAttribute(ko->view), vView = viewAttribute(vo->view);
            return qView && kView && vView;
        };
        if (!trace()) return false;
        // One projection read by all three through chains only this attention reads: a transpose
        // before the projection's GEMM moves below it and joins the chains (undone if they stop
        // being views).
        if (qo->view.base == ko->view.base && qo->view.base == vo->view.base) {
            std::set<Node*> chains;
            for (const Operand* o : {&*qo, &*ko, &*vo}) chains.insert(o->path.begin(), o->path.end());
            if (!chains.empty() && removableNodes(att, {&*qo, &*ko, &*vo}) == chains) {
                if (std::optional<Sunk> sunk = sinkRowPermutation(graph, qo->view.base, chains); sunk && !trace()) {
                    undoSink(graph, *sunk);
                    if (!trace()) return false;
                }
            }
        }

        // The output: through the Reshape/Transpose chain after it, as far as strides reach.
        std::vector<Node*> outChain;
        std::vector<int64_t> oView{H * S * Dv, S * Dv, Dv, 1};
        {
            std::vector<Node*> chain;
            Value* y = att.outputs[0];
            while (!y->isGraphOutput) {
                Node* c = soleConsumer(y);
                if (!isReshapeOrTranspose(c) || c->inputs[0] != y) break;
                chain.push_back(c);
                if (auto strides = stridesIntoConsumerChain({B, H, S, Dv}, chain); strides && (*strides)[3] == 1) {
                    outChain = chain;
                    oView = *strides;
                }
                y = c->outputs[0];
            }
        }
        const bool inputsMoved = !qo->path.empty() || !ko->path.empty() || !vo->path.empty();
        if (!inputsMoved && outChain.empty()) return false;

        // The traced nodes only this attention reads go with it (their copies vanish); others stay.
        const std::set<Node*> removable = removableNodes(att, {&*qo, &*ko, &*vo});
        // In graph order, so the merged provenance does not depend on where nodes lie in memory.
        std::vector<Node*> replaced;
        for (Node* n : graph.nodes())
            if (n == &att || removable.count(n)) replaced.push_back(n);
        replaced.insert(replaced.end(), outChain.begin(), outChain.end());

        std::map<std::string, Attribute> attrs = att.attributes;
        attrs["dims"] = std::vector<int64_t>{B, H, S, T, D, Dv};
        attrs["q_view"] = *qView;
        attrs["k_view"] = *kView;
        attrs["v_view"] = *vView;
        attrs["o_view"] = oView;
        std::vector<Value*> inputs{qo->view.base, ko->view.base, vo->view.base};
        if (Value* mask = att.inputOrNull(3)) inputs.push_back(mask);
        Value* out = outChain.empty() ? att.outputs[0] : outChain.back()->outputs[0];
        attrs["o_dims"] = out->shape.staticDims();
        const std::string name = att.name;
        replaceNodesNamed(graph, ctx, replaced, name, "Attention", kKilnDomain, inputs, {out}, std::move(attrs));
        return true;
    }
};

}  // namespace

std::unique_ptr<RewriteRule> makeAbsorbAttentionLayoutRule() { return std::make_unique<AbsorbAttentionLayout>(); }

}  // namespace kiln::passes
