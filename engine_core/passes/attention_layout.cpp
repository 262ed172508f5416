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
        std::optional<Operand> qo = operandView(att.inputs[0]), ko = operandView(att.inputs[1]),
                               vo = operandView(att.inputs[2]);
        if (!qo || !ko || !vo || !ko->view.transpose({0, 1, 3, 2})) return false;  // K as [B, H, T, D]
        auto qView = viewAttribute(qo->view), kView = viewAttribute(ko->view), vView = viewAttribute(vo->view);
        if (!qView || !kView || !vView) return false;

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
        std::set<Node*> removable;
        for (Operand* o : {&*qo, &*ko, &*vo}) removable.insert(o->path.begin(), o->path.end());
        for (bool changed = true; changed;) {
            changed = false;
            for (auto it = removable.begin(); it != removable.end();) {
                bool keep = true;
                for (const Value* out : (*it)->outputs) {
                    if (!out) continue;
                    if (out->isGraphOutput) keep = false;
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
        std::vector<Node*> replaced{&att};
        replaced.insert(replaced.end(), removable.begin(), removable.end());
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
