// act(Reshape(y)) = Reshape(act(y)) for an element-wise activation (with scalar constants only), and
// likewise through Flatten / Squeeze / Unsqueeze: the activation moves above the reshape when the
// reshape's output is read by the activation alone, so EpilogueFusion can fuse it into the Conv /
// MatMul / Gemm that produces y. GPT-2's Conv1D exports as Reshape → Gemm(+bias) → Reshape → GELU,
// which left 12 GELUs over [1,128,3072] unfused.
//
// Only where it pays: y is produced by a Conv / MatMul / Gemm (or their fused forms without an
// activation yet) and read by the reshape alone. The activation's output tensor keeps its name and
// shape (the reshape now writes it); the activation writes a new tensor of y's shape.
#include <algorithm>

#include "engine_core/passes/activation.h"
#include "engine_core/passes/epilogue.h"
#include "engine_core/passes/legality.h"
#include "engine_core/passes/passes.h"
#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

namespace {

bool isReshapeLike(const Node& n) {
    return n.domain.empty() &&
           (n.opType == "Reshape" || n.opType == "Flatten" || n.opType == "Squeeze" || n.opType == "Unsqueeze");
}

bool hasEpilogue(const Node* n) {
    return isOp(n, "MatMul") || isOp(n, "Gemm") || isOp(n, "Conv") || isOp(n, "FusedMatMul", kKilnDomain) ||
           isOp(n, "FusedConv", kKilnDomain);
}

class HoistActivationAboveReshape final : public RewriteRule {
public:
    std::string name() const override { return "HoistActivationAboveReshape"; }
    std::vector<std::string> targetOpTypes() const override { return {"Reshape", "Flatten", "Squeeze", "Unsqueeze"}; }
    bool match(const Graph&, const Node& reshape) const override {
        if (!isReshapeLike(reshape) || reshape.inputs.empty() || reshape.outputs.size() != 1) return false;
        const Value* y = reshape.inputs[0];
        const Value* r = reshape.outputs[0];
        if (!y || !r || r->isGraphOutput || y->isGraphOutput || y->isGraphInput || y->isConstant()) return false;
        if (!hasEpilogue(y->producer) || epilogueActivation(*y->producer) != fused::Activation::None) return false;
        return soleConsumer(y) == &reshape && y->dtype == r->dtype && isFloatingPoint(y->dtype);
    }
    bool apply(Graph& graph, Node& reshape, PassContext&) override {
        Value* y = reshape.inputs[0];
        Value* r = reshape.outputs[0];
        auto act = matchActivationOf(r);
        if (!act || !act->output || act->output->dtype != r->dtype || !(act->output->shape == r->shape)) return false;
        // Every reader of r is in the activation; every tensor inside it has r's shape and is read
        // only inside it (so giving it y's shape changes nothing outside).
        auto inGroup = [&](const Node* n) {
            return std::find(act->nodes.begin(), act->nodes.end(), n) != act->nodes.end();
        };
        for (const Node* c : r->consumers)
            if (!inGroup(c)) return false;
        std::vector<const Node*> group(act->nodes.begin(), act->nodes.end());
        for (const Node* n : act->nodes) {
            if (n->outputs.size() != 1 || !n->outputs[0]) return false;
            const Value* v = n->outputs[0];
            if (v == act->output) continue;
            if (!(v->shape == r->shape) || !canFuseThrough(v, group)) return false;
            // Other operands must be scalars, which broadcast the same against either shape.
        }
        for (const Node* n : act->nodes)
            for (const Value* in : n->inputs)
                if (in && in != r && !inGroup(in->producer) && !(constantOf(in) && constantOf(in)->numel() == 1))
                    return false;
        Value* out = act->output;
        Node* last = out->producer;
        Value* hoisted = addIntermediate(graph, out->name + "_before_" + reshape.opType, out->dtype, y->shape);
        for (Node* n : act->nodes) {
            for (size_t i = 0; i < n->inputs.size(); ++i)
                if (n->inputs[i] == r) graph.replaceInput(n, i, y);
            if (n->outputs[0] != out) n->outputs[0]->shape = y->shape;
        }
        rewireMovedPair(graph, *last, hoisted, reshape, 0, out, r);
        return true;
    }
};

}  // namespace

std::unique_ptr<RewriteRule> makeHoistActivationAboveReshapeRule() {
    return std::make_unique<HoistActivationAboveReshape>();
}

}  // namespace kiln::passes
