// MatMul(Q, Kᵀ) → Div(·, c) | Mul(·, c) → [Where(causal, ·, −big)] → [Add(·, mask)] → Softmax(axis=-1)
//   → [Where(IsNaN(p), 0, p)]
//   → MatMul(·, V) = kiln::Attention(Q, Kᵀ, V, mask){scale = 1/c or c, nan_to_zero}:
//   softmax(scale·Q·Kᵀ + mask)·V. Scalar Muls on Q and Kᵀ before the product fold into the scale;
//   a select mask becomes the additive Where(causal, 0, −big) (+ mask).
// Kᵀ is taken as the exporter feeds it to the first MatMul (already transposed), so the many ways
// exporters write the key transpose need no matching. The score matrix never reaches memory as a
// graph tensor; on CPU the kernel works one query row at a time.
#include <algorithm>

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

// A mask written as a select (GPT-2's causal mask: torch.where(causal, scores, finfo.min)):
// Where(c, y, m) or Where(c, m, y), m a large negative scalar. It equals y + Where(c, 0, m) (the
// other order: Where(c, m, 0)) as softmax sees it: with m ≤ −1e30, y + m rounds to m (|y| < 1e22)
// and two such fills overflow to −inf in both forms; a milder m (−1e4, −1e9) is accepted when c
// is a constant leaving at least one key visible in every row, where exp(y + m − max) underflows
// to 0 exactly as exp(m − max) does. A fully masked row would differ (uniform vs. softmax(y)).
struct SelectMask {
    Node* where = nullptr;
    Value* cond = nullptr;
    float fill = 0;
    bool fillWhenTrue = false;  // Where(c, m, y): masked where c is true
};

std::optional<SelectMask> selectMask(Value* v, const Shape& scoresShape, Value** selected) {
    Node* w = v ? v->producer : nullptr;
    if (!isOp(w, "Where") || w->inputs.size() != 3 || w->outputs.size() != 1) return std::nullopt;
    Value* c = w->inputs[0];
    if (c->dtype != DataType::Bool || !broadcastsInto(c->shape, scoresShape)) return std::nullopt;
    for (int pos : {1, 2}) {
        auto m = scalarConstant(w->inputs[size_t(3 - pos)]);
        Value* y = w->inputs[size_t(pos)];
        if (!m || y->isConstant() || !(y->shape == scoresShape) || *m > -1e4) continue;
        SelectMask r{w, c, float(*m), pos == 2};
        if (*m > -1e30) {
            const Tensor* t = constantOf(c);
            if (!t || t->dims().empty()) return std::nullopt;
            const int64_t row = t->dims().back();
            const int64_t rows = row ? t->numel() / row : 0;
            for (int64_t i = 0; i < rows; ++i) {
                bool visible = false;
                for (int64_t j = 0; j < row && !visible; ++j) visible = (t->scalarAsDouble(i * row + j) != 0) != r.fillWhenTrue;
                if (!visible) return std::nullopt;
            }
        }
        *selected = y;
        return r;
    }
    return std::nullopt;
}

// The shape a + b broadcasts to, both broadcasting into `target`.
Shape broadcastWithin(const Shape& a, const Shape& b, const Shape& target) {
    size_t rank = std::max(a.rank(), b.rank());
    std::vector<Dim> dims;
    for (size_t i = 0; i < rank; ++i) {
        size_t fromEnd = rank - i;  // 1 = last dim
        auto wide = [&](const Shape& s) {
            return s.rank() >= fromEnd && !(s.dims[s.rank() - fromEnd].isStatic() && s.dims[s.rank() - fromEnd].value == 1);
        };
        dims.push_back(wide(a) || wide(b) ? target.dims[target.rank() - fromEnd] : Dim(1));
    }
    Shape out;
    out.dims = dims;
    return out;
}

class FuseAttention final : public RewriteRule {
public:
    std::string name() const override { return "FuseAttention"; }
    std::vector<std::string> producedOps() const override { return {"kiln::Attention"}; }
    std::vector<std::string> targetOpTypes() const override { return {"Softmax"}; }
    bool match(const Graph&, const Node& softmax) const override {
        Value* in = softmax.inputOrNull(0);
        return in && in->shape.rankKnown && in->shape.rank() >= 2 && softmax.outputs.size() == 1 &&
               softmax.outputs[0] && !softmax.outputs[0]->consumers.empty();
    }
    bool apply(Graph& graph, Node& softmax, PassContext& ctx) override {
        Value* scores = softmax.inputs[0];
        int64_t rank = int64_t(scores->shape.rank());
        int64_t axis = softmax.attrInt("axis", -1);
        if (axis != -1 && axis != rank - 1) return false;
        Value* probs = softmax.outputs[0];
        std::vector<Node*> nodes{&softmax};
        // The NaN guard exporters put after Softmax (a fully masked row gives NaN): Where(IsNaN(p), 0, p).
        Node* nanGuard = nullptr;
        if (probs->consumers.size() == 2) {
            Node* isNan = nullptr;
            for (Node* c : probs->consumers)
                if (isOp(c, "IsNaN")) isNan = c;
            nanGuard = isNan ? soleConsumer(isNan->outputs[0]) : nullptr;
            if (!isOp(nanGuard, "Where") || nanGuard->inputs.size() != 3 || nanGuard->inputs[0] != isNan->outputs[0] ||
                !isScalarConstant(nanGuard->inputs[1], 0.0) || nanGuard->inputs[2] != probs ||
                isNan->outputs[0]->isGraphOutput || inputIndex(*nanGuard, probs) < 0 ||
                std::find(probs->consumers.begin(), probs->consumers.end(), nanGuard) == probs->consumers.end())
                return false;
            nodes.push_back(isNan);
            nodes.push_back(nanGuard);
            probs = nanGuard->outputs[0];
        }
        Node* pv = soleConsumer(probs);
        if (!isOp(pv, "MatMul") || pv->inputs.size() != 2 || pv->inputs[0] != probs) return false;
        nodes.push_back(pv);
        Value* mask = nullptr;
        std::optional<ScaledScores> found;
        std::optional<SelectMask> select;
        // The scores, possibly behind a select mask.
        auto resolve = [&](Value* v) {
            Value* selected = nullptr;
            if ((select = selectMask(v, scores->shape, &selected))) v = selected;
            return resolveScores(v);
        };
        Value* secondMask = nullptr;  // T5: (scores + position bias) + mask, two additive masks
        std::vector<const Node*> maskAdds;
        if (Node* add = scores->producer; isOp(add, "Add")) {
            // Either input could be the scores: the mask is often a Mul too (bert: (1 − m) · −10000).
            for (Value* in : add->inputs) {
                if ((found = resolve(in))) {
                    mask = otherInput(*add, in);
                    break;
                }
            }
            if (!found) {
                // One input an Add of the scores and a first mask, read only here.
                for (Value* in : add->inputs) {
                    Node* inner = in->producer;
                    if (!isOp(inner, "Add") || inner->inputs.size() != 2 || soleConsumer(in) != add || in->isGraphOutput)
                        continue;
                    for (Value* innerIn : inner->inputs)
                        if ((found = resolve(innerIn))) {
                            mask = otherInput(*inner, innerIn);
                            secondMask = otherInput(*add, in);
                            nodes.insert(nodes.begin(), inner);
                            maskAdds = {inner, add};
                            break;
                        }
                    if (found) break;
                }
                if (found && (!secondMask || !broadcastsInto(secondMask->shape, scores->shape) ||
                              secondMask->dtype != DataType::Float32))
                    return false;
            }
            if (!found || !mask || !broadcastsInto(mask->shape, scores->shape) || mask->dtype != DataType::Float32)
                return false;
            nodes.insert(nodes.begin() + (secondMask ? 1 : 0), add);
        } else {
            found = resolve(scores);
            if (!found) return false;
        }
        if (select) nodes.insert(nodes.begin(), select->where);
        if (found->scaleNode) nodes.insert(nodes.begin(), found->scaleNode);
        Node* qk = found->qk;
        float scale = found->scale;
        nodes.insert(nodes.begin(), qk);
        Value* q = qk->inputs[0];
        Value* kt = qk->inputs[1];
        Value* v = pv->inputs[1];
        // Scalar scales applied to Q and Kᵀ before the product (the dynamo exporter scales both by
        // √scale) fold into the attention scale.
        for (Value** operand : {&kt, &q}) {  // each inserted in front: Q's scale ends up first
            Node* m = (*operand)->producer;
            if (!isOp(m, "Mul") || m->inputs.size() != 2 || soleConsumer(*operand) != qk) continue;
            for (Value* in : m->inputs) {
                auto c = scalarConstant(otherInput(*m, in));
                if (!c || in->isConstant()) continue;
                scale *= float(*c);
                *operand = in;
                nodes.insert(nodes.begin(), m);
                break;
            }
        }
        for (Value* t : {q, kt, v})
            if (t->dtype != DataType::Float32 || !t->shape.rankKnown || t->shape.rank() < 2) return false;
        std::vector<const Node*> group(nodes.begin(), nodes.end());
        for (Node* n : nodes) {
            if (n == pv) continue;
            // IsNaN's bool mask is internal to the guard; the float-precision rule is for epilogues.
            bool isNanMask = isOp(n, "IsNaN");
            if (!canFuseThrough(n->outputs[0], group, nullptr, !isNanMask)) return false;
        }
        std::map<std::string, Attribute> attrs{{"scale", scale}};
        if (nanGuard) attrs["nan_to_zero"] = int64_t(1);
        std::vector<Value*> inputs{q, kt, v};
        std::vector<std::string> selectOrigin;
        if (select) {
            // The select becomes an additive mask, Where(c, 0, m) (constant-folded when c is constant),
            // summed with the other mask when there is one.
            selectOrigin = ctx.mergedOrigin({select->where});
            const std::string base = select->where->name;
            Value* zero = addConstantValue(graph, base + "_keep", Tensor::scalar<float>(0.f));
            Value* fill = addConstantValue(graph, base + "_fill", Tensor::scalar<float>(select->fill));
            Value* additive = addIntermediate(graph, base + "_additive_mask", DataType::Float32, select->cond->shape);
            Node* w = graph.addNode("Where", base + " (additive mask)",
                                    {select->cond, select->fillWhenTrue ? fill : zero, select->fillWhenTrue ? zero : fill},
                                    {additive});
            w->origin = selectOrigin;
            if (mask) {
                Value* sum = addIntermediate(graph, base + "_mask_sum", DataType::Float32,
                                             broadcastWithin(additive->shape, mask->shape, scores->shape));
                Node* a = graph.addNode("Add", base + " (mask sum)", {additive, mask}, {sum});
                a->origin = selectOrigin;
                additive = sum;
            }
            mask = additive;
        }
        if (secondMask) {
            // The two masks summed once (mask + position bias), as softmax sees scores + both.
            std::vector<std::string> origin = ctx.mergedOrigin(maskAdds);
            Value* sum = addIntermediate(graph, found->qk->name + "_mask_sum", DataType::Float32,
                                         broadcastWithin(mask->shape, secondMask->shape, scores->shape));
            Node* a = graph.addNode("Add", found->qk->name + " (masks summed)", {mask, secondMask}, {sum});
            a->origin = std::move(origin);
            mask = sum;
        }
        if (mask) inputs.push_back(mask);
        replaceNodes(graph, ctx, nodes, "Attention", kKilnDomain, inputs, {pv->outputs[0]}, attrs);
        return true;
    }
};

}  // namespace

std::unique_ptr<RewriteRule> makeFuseAttentionRule() { return std::make_unique<FuseAttention>(); }

}  // namespace kiln::passes
