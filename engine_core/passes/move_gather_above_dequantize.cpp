// Gather(DequantizeLinear(q, s, z), idx) = DequantizeLinear(Gather(q, idx), s, z): an embedding
// table kept 8-bit is gathered first and only the rows read are dequantized. DistilBERT's QDQ form
// (quantize_static) dequantized its whole [30522, 768] word-embedding table every run (too large for
// constant folding) to read 128 rows of it: 3.5 ms of a 27 ms int8 engine.
//
// Exact: DequantizeLinear is element-wise with one scale and zero point per tensor, or per slice
// along its axis a. Per axis, the slices must not be the gathered axis g; the output's axis is then
// a for a < g and a + rank(idx) − 1 for a > g. Needs the DequantizeLinear output read by the Gather
// alone (and not a graph output), no block_size, and known ranks where per axis.
#include "engine_core/passes/passes.h"
#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

namespace {

// 1 for a one-element scale, its length for a 1-D one, -1 when unknown (or of another rank).
int64_t scaleCount(const Value* scale) {
    if (const Tensor* t = constantOf(scale)) return t->rank() <= 1 ? t->numel() : -1;
    if (!scale || !scale->shape.rankKnown || !scale->shape.isStatic() || scale->shape.rank() > 1) return -1;
    int64_t n = 1;
    for (const auto& d : scale->shape.dims) n *= d.value;
    return n;
}

class MoveGatherAboveDequantize final : public RewriteRule {
public:
    std::string name() const override { return "MoveGatherAboveDequantize"; }
    std::vector<std::string> targetOpTypes() const override { return {"Gather"}; }
    bool match(const Graph&, const Node& gather) const override {
        return gather.inputs.size() == 2 && gather.inputs[0] && gather.inputs[1] && gather.outputs.size() == 1 &&
               gather.outputs[0] && isOp(gather.inputs[0]->producer, "DequantizeLinear");
    }
    bool apply(Graph& graph, Node& gather, PassContext&) override {
        Value* table = gather.inputs[0];
        Node* dq = table->producer;
        if (soleConsumer(table) != &gather || table->isGraphOutput || dq->outputs.size() != 1) return false;
        if (dq->inputs.empty() || !dq->inputs[0] || dq->attrInt("block_size", 0) != 0) return false;
        Value* q = dq->inputs[0];
        const int64_t count = scaleCount(dq->inputOrNull(1));
        if (count < 0) return false;
        Value* out = gather.outputs[0];
        Value* idx = gather.inputs[1];
        std::optional<int64_t> newAxis;
        if (count != 1) {  // per axis: along another axis than the gathered one
            if (!q->shape.rankKnown || !idx->shape.rankKnown) return false;
            const int64_t rank = int64_t(q->shape.rank());
            int64_t a = dq->attrInt("axis", 1), g = gather.attrInt("axis", 0);
            a = a < 0 ? a + rank : a;
            g = g < 0 ? g + rank : g;
            if (a < 0 || a >= rank || g < 0 || g >= rank || a == g) return false;
            newAxis = a < g ? a : a + int64_t(idx->shape.rank()) - 1;
        }
        // q → Gather → (8-bit rows) → DequantizeLinear → out, the nodes rewired in place.
        Value* rows = addIntermediate(graph, out->name + "_quantized", q->dtype, out->shape);
        graph.replaceInput(&gather, 0, q);
        rewireMovedPair(graph, gather, rows, *dq, 0, out, table);
        if (newAxis) dq->attributes["axis"] = *newAxis;
        return true;
    }
};

}  // namespace

std::unique_ptr<RewriteRule> makeMoveGatherAboveDequantizeRule() {
    return std::make_unique<MoveGatherAboveDequantize>();
}

}  // namespace kiln::passes
