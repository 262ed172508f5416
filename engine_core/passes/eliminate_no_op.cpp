// Data movement that moves nothing: the node's output has its input's dims and type and the same
// elements in the same order, so it is removed like an Identity (its readers read the input).
// Exporters leave these where a size they computed came out as zero or whole at these dims, e.g.
// Swin-T's window partition pads every block by (7 - H % 7) % 7 (zero at 56x56) and slices the
// padding off again over the whole tensor: 15 Pads and about 100 Slices, each a copy.
//   Pad        every pad 0 (the pads input or, before opset 11, the attribute)
//   Slice      every step 1 and the output's dims equal to the input's (so every axis is whole)
//   Transpose  the permutation 0, 1, ..., r-1
//   Expand, Reshape, Flatten, Squeeze, Unsqueeze   the output's dims equal to the input's
//   Tile       every repeat 1
//   Cast       to the input's own type
//   Concat     of one input
// Dims are compared only where both are static (inferred, or known once shape computations fold).
#include "engine_core/passes/passes.h"
#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

namespace {

bool sameStaticDims(const Value* a, const Value* b) {
    return a && b && a->shape.rankKnown && b->shape.rankKnown && a->shape.isStatic() && b->shape.isStatic() &&
           a->shape.staticDims() == b->shape.staticDims();
}

// Every value of a constant integer input equals `value` (false when the input is not constant).
bool constantAll(const Value* v, int64_t value) {
    const Tensor* t = constantOf(v);
    if (!t) return false;
    for (int64_t x : t->toInt64Vector())
        if (x != value) return false;
    return true;
}

class EliminateNoOpDataMovement final : public RewriteRule {
public:
    std::string name() const override { return "EliminateNoOpDataMovement"; }
    std::vector<std::string> targetOpTypes() const override {
        return {"Pad", "Slice", "Transpose", "Expand", "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Tile", "Cast",
                "Concat"};
    }
    bool match(const Graph&, const Node& n) const override {
        if (!n.domain.empty() || n.outputs.size() != 1 || !n.outputs[0]) return false;
        const Value* x = n.inputOrNull(0);
        const Value* y = n.outputs[0];
        if (!x || x->dtype != y->dtype || x->dtype == DataType::Undefined) return false;
        const std::string& op = n.opType;
        if (op == "Concat") return n.inputs.size() == 1 && sameStaticDims(x, y);
        if (!sameStaticDims(x, y)) return false;
        if (op == "Pad") {
            if (const Value* pads = n.inputOrNull(1)) return constantAll(pads, 0);
            if (!n.hasAttr("pads")) return false;
            for (int64_t p : n.attrInts("pads"))
                if (p != 0) return false;
            return true;
        }
        if (op == "Slice") {
            // Opset 10+: steps is input 4 (absent: all 1); opset 1 has no steps.
            if (n.inputs.size() > 4 && n.inputs[4]) return constantAll(n.inputs[4], 1);
            return true;
        }
        if (op == "Transpose") {
            const size_t rank = x->shape.rank();
            std::vector<int64_t> perm = n.attrInts("perm");
            if (perm.empty()) return rank <= 1;  // the default reverses the dims
            if (perm.size() != rank) return false;
            for (size_t i = 0; i < perm.size(); ++i)
                if (perm[i] != int64_t(i)) return false;
            return true;
        }
        if (op == "Tile") return n.inputs.size() > 1 && constantAll(n.inputs[1], 1);
        if (op == "Cast") return n.hasAttr("to");  // the same dtype on both sides was checked above
        return true;  // Expand, Reshape, Flatten, Squeeze, Unsqueeze: same dims, same order
    }
    bool apply(Graph& graph, Node& n, PassContext&) override {
        return bypassNode(graph, &n, n.inputs[0], n.outputs[0]);
    }
};

}  // namespace

std::unique_ptr<RewriteRule> makeEliminateNoOpDataMovementRule() {
    return std::make_unique<EliminateNoOpDataMovement>();
}

}  // namespace kiln::passes
