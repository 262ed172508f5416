// MatMul(Q, Kᵀ) → Div(·, c) | Mul(·, c) → [Add(·, mask)] → Softmax(axis=-1) → MatMul(·, V)
//   = kiln::Attention(Q, Kᵀ, V, mask){scale = 1/c or c}: softmax(scale·Q·Kᵀ + mask)·V
// Kᵀ is taken as the exporter feeds it to the first MatMul (already transposed), so the many ways
// exporters write the key transpose need no matching. The score matrix never reaches memory as a
// graph tensor; on CPU the kernel works one query row at a time.
#include "engine_core/passes/legality.h"
#include "engine_core/passes/passes.h"
#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

namespace {

struct ScaledScores {
    Node* qk = nullptr;         // MatMul(Q, Kᵀ)
    Node* scaleNode = nullptr;  // Div / Mul by a scalar constant, if any
    float scale = 1.f;
};

// v = MatMul(Q, Kᵀ), optionally divided or multiplied by a scalar constant.
std::optional<ScaledScores> resolveScores(Value* v) {
    Node* p = v ? v->producer : nullptr;
    ScaledScores r;
    if (isOp(p, "Div") && p->inputs.size() == 2) {
        auto c = scalarConstant(p->inputs[1]);
        if (!c || *c == 0) return std::nullopt;
        r.scaleNode = p;
        r.scale = float(1.0 / *c);
        v = p->inputs[0];
    } else if (isOp(p, "Mul") && p->inputs.size() == 2) {
        Value* s = nullptr;
        for (Value* in : p->inputs)
            if (auto c = scalarConstant(otherInput(*p, in))) {
                r.scale = float(*c);
                s = in;
            }
        if (!s) return std::nullopt;
        r.scaleNode = p;
        v = s;
    }
    r.qk = v ? v->producer : nullptr;
    if (!isOp(r.qk, "MatMul") || r.qk->inputs.size() != 2) return std::nullopt;
    return r;
}

class FuseAttention final : public RewriteRule {
public:
    std::string name() const override { return "FuseAttention"; }
    std::vector<std::string> targetOpTypes() const override { return {"Softmax"}; }
    bool match(const Graph&, const Node& softmax) const override {
        Value* in = softmax.inputOrNull(0);
        return in && in->shape.rankKnown && in->shape.rank() >= 2 && softmax.outputs.size() == 1 &&
               isOp(soleConsumer(softmax.outputs[0]), "MatMul");
    }
    bool apply(Graph& graph, Node& softmax, PassContext& ctx) override {
        Value* scores = softmax.inputs[0];
        int64_t rank = int64_t(scores->shape.rank());
        int64_t axis = softmax.attrInt("axis", -1);
        if (axis != -1 && axis != rank - 1) return false;
        Node* pv = soleConsumer(softmax.outputs[0]);
        if (pv->inputs.size() != 2 || pv->inputs[0] != softmax.outputs[0]) return false;

        std::vector<Node*> nodes{&softmax, pv};
        Value* mask = nullptr;
        std::optional<ScaledScores> found;
        if (Node* add = scores->producer; isOp(add, "Add")) {
            // Either input could be the scores: the mask is often a Mul too (bert: (1 − m) · −10000).
            for (Value* in : add->inputs) {
                if ((found = resolveScores(in))) {
                    mask = otherInput(*add, in);
                    break;
                }
            }
            if (!found || !mask || !broadcastsInto(mask->shape, scores->shape) || mask->dtype != DataType::Float32)
                return false;
            nodes.insert(nodes.begin(), add);
        } else {
            found = resolveScores(scores);
            if (!found) return false;
        }
        if (found->scaleNode) nodes.insert(nodes.begin(), found->scaleNode);
        Node* qk = found->qk;
        float scale = found->scale;
        nodes.insert(nodes.begin(), qk);
        Value* q = qk->inputs[0];
        Value* kt = qk->inputs[1];
        Value* v = pv->inputs[1];
        for (Value* t : {q, kt, v})
            if (t->dtype != DataType::Float32 || !t->shape.rankKnown || t->shape.rank() < 2) return false;
        std::vector<const Node*> group(nodes.begin(), nodes.end());
        for (Node* n : nodes)
            if (n != pv && !canFuseThrough(n->outputs[0], group)) return false;
        std::vector<Value*> inputs{q, kt, v};
        if (mask) inputs.push_back(mask);
        replaceNodes(graph, ctx, nodes, "Attention", kKilnDomain, inputs, {pv->outputs[0]}, {{"scale", scale}});
        return true;
    }
};

}  // namespace

std::unique_ptr<RewriteRule> makeFuseAttentionRule() { return std::make_unique<FuseAttention>(); }

}  // namespace kiln::passes
