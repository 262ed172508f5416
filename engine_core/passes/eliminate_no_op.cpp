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

// The dims of `dims` that are not 1, in order.
std::vector<int64_t> nonUnit(const std::vector<int64_t>& dims) {
    std::vector<int64_t> out;
    for (int64_t d : dims)
        if (d != 1) out.push_back(d);
    return out;
}

// Reshape(op(Reshape(X, s1), C), dims of X), where s1 only inserts or removes dims of 1 and C is a
// constant that broadcasts into s1: op(X, C'), C' being C's values in X's rank (the same elements
// in the same order; only unit dims move). Swin-T adds its shifted-window mask this way: scores
// [64, 3, 49, 49] -> [1, 64, 3, 49, 49] + mask [1, 64, 1, 49, 49] -> [64, 3, 49, 49]; without the
// pair of Reshapes the Add sits between the scores and the Softmax, where attention fusion takes
// it as a second mask. op: Add, Sub, Mul or Div, C on either side.
class DropUnitReshapesAroundConstantOp final : public RewriteRule {
public:
    std::string name() const override { return "DropUnitReshapesAroundConstantOp"; }
    std::vector<std::string> targetOpTypes() const override { return {"Reshape"}; }
    bool match(const Graph& graph, const Node& n) const override { return plan(graph, n).has_value(); }
    bool apply(Graph& graph, Node& n, PassContext& ctx) override {
        std::optional<Plan> p = plan(graph, n);
        if (!p) return false;
        Value* c = addConstantValue(graph, p->constant->name, constantOf(p->constant)->reshaped(p->newDims));
        std::vector<Value*> inputs = p->constantFirst ? std::vector<Value*>{c, p->x} : std::vector<Value*>{p->x, c};
        std::map<std::string, Attribute> attrs = p->op->attributes;
        const std::string name = p->op->name, opType = p->op->opType;
        replaceNodesNamed(graph, ctx, {p->inner, p->op, &n}, name, opType, "", inputs, {n.outputs[0]}, attrs);
        return true;
    }

private:
    struct Plan {
        Node* inner = nullptr;  // Reshape(X, s1)
        Node* op = nullptr;     // op(., C)
        Value* x = nullptr;
        Value* constant = nullptr;
        bool constantFirst = false;
        std::vector<int64_t> newDims;  // C's dims in X's rank
    };
    static std::optional<Plan> plan(const Graph&, const Node& n) {
        if (!n.domain.empty() || n.outputs.size() != 1 || !n.outputs[0]) return std::nullopt;
        Value* e = n.inputOrNull(0);
        Node* op = e ? e->producer : nullptr;
        if (!op || !op->domain.empty() || op->inputs.size() != 2 || op->outputs.size() != 1 || soleConsumer(e) != &n ||
            e->isGraphOutput)
            return std::nullopt;
        if (op->opType != "Add" && op->opType != "Sub" && op->opType != "Mul" && op->opType != "Div")
            return std::nullopt;
        Plan p;
        p.op = op;
        for (int side = 0; side < 2; ++side) {
            Value* r = op->inputs[size_t(side)];
            Value* c = op->inputs[size_t(1 - side)];
            if (!r || !c || !constantOf(c) || !r->producer || !isOp(r->producer, "Reshape")) continue;
            if (soleConsumer(r) != op || r->isGraphOutput) continue;
            p.inner = r->producer;
            p.constant = c;
            p.constantFirst = side == 1;
            break;
        }
        if (!p.inner) return std::nullopt;
        p.x = p.inner->inputOrNull(0);
        const Value* r = p.inner->outputs[0];
        const Value* y = n.outputs[0];
        auto staticDims = [](const Value* v) -> std::optional<std::vector<int64_t>> {
            if (!v || !v->shape.rankKnown || !v->shape.isStatic()) return std::nullopt;
            return v->shape.staticDims();
        };
        auto xd = staticDims(p.x), rd = staticDims(r), ed = staticDims(e), yd = staticDims(y);
        if (!xd || !rd || !ed || !yd || *yd != *xd || *ed != *rd || nonUnit(*xd) != nonUnit(*rd)) return std::nullopt;
        if (p.x->dtype != y->dtype || !broadcastsInto(p.constant->shape, r->shape)) return std::nullopt;
        // C padded to s1's rank: 1 wherever s1 has a 1 (so C broadcasts nothing there), then its
        // dims at s1's other positions, laid onto X's non-unit dims.
        std::vector<int64_t> cd = constantOf(p.constant)->dims();
        if (cd.size() > rd->size()) return std::nullopt;
        cd.insert(cd.begin(), rd->size() - cd.size(), 1);
        std::vector<int64_t> kept;
        for (size_t j = 0; j < rd->size(); ++j) {
            if ((*rd)[j] == 1) {
                if (cd[j] != 1) return std::nullopt;
            } else {
                kept.push_back(cd[j]);
            }
        }
        size_t next = 0;
        for (int64_t d : *xd) p.newDims.push_back(d == 1 ? 1 : kept[next++]);
        return p;
    }
};

}  // namespace

std::unique_ptr<RewriteRule> makeEliminateNoOpDataMovementRule() {
    return std::make_unique<EliminateNoOpDataMovement>();
}

std::unique_ptr<RewriteRule> makeDropUnitReshapesAroundConstantOpRule() {
    return std::make_unique<DropUnitReshapesAroundConstantOp>();
}

}  // namespace kiln::passes
