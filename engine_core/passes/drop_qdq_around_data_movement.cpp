// QuantizeLinear(X(DequantizeLinear(a, s, z)), s, z) = X(a) for X a data movement (Reshape,
// Transpose, Squeeze, Unsqueeze, Flatten) or MaxPool: the op runs on the 8-bit data and the Q/DQ
// pair around it goes. quantize_static writes this pattern around every Reshape / Transpose of a
// quantized tensor and around MaxPool (one scale on both sides); ONNX Runtime's QDQ transformer
// drops the pair the same way.
//
// Exact: X only moves or selects elements, and DequantizeLinear with a positive scale is monotone
// (max commutes with it); Q(DQ(a)) = round((a − z)·s / s) + z = a for one scale and zero point, as
// |a − z| ≤ 255 keeps (a − z)·s / s within an ulp of the integer. Needs one constant positive scale
// and one zero point (or none) on both sides, equal, the 8-bit type kept, the DQ output read by X
// alone and X's output by the Q alone (neither a graph output), and MaxPool without its Indices.
#include <cmath>
#include <optional>
#include <utility>

#include "engine_core/passes/passes.h"
#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

namespace {

bool movesOrSelects(const Node* n) {
    return isOp(n, "Reshape") || isOp(n, "Transpose") || isOp(n, "Squeeze") || isOp(n, "Unsqueeze") ||
           isOp(n, "Flatten") || isOp(n, "MaxPool");
}

bool isEightBit(DataType t) { return t == DataType::Int8 || t == DataType::UInt8; }

// The one positive scale and the zero point (0 when omitted) of a per-tensor Q or DQ.
std::optional<std::pair<float, int64_t>> perTensorParams(const Node& n) {
    const Tensor* s = constantOf(n.inputOrNull(1));
    if (!s || s->dtype() != DataType::Float32 || s->numel() != 1) return std::nullopt;
    const float scale = s->data<float>()[0];
    if (!(scale > 0.0f) || !std::isfinite(scale)) return std::nullopt;
    int64_t zero = 0;
    if (Value* zv = n.inputOrNull(2)) {
        const Tensor* z = constantOf(zv);
        if (!z || z->numel() != 1) return std::nullopt;
        zero = z->scalarAsInt64(0);
    }
    return std::make_pair(scale, zero);
}

class DropQdqAroundDataMovement final : public RewriteRule {
public:
    std::string name() const override { return "DropQdqAroundDataMovement"; }
    std::vector<std::string> targetOpTypes() const override { return {"QuantizeLinear"}; }
    bool match(const Graph&, const Node& q) const override {
        return q.inputs.size() >= 2 && q.inputs[0] && movesOrSelects(q.inputs[0]->producer) && q.outputs.size() == 1 &&
               q.outputs[0];
    }
    bool apply(Graph& graph, Node& q, PassContext& ctx) override {
        Value* moved = q.inputs[0];
        Node* x = moved->producer;
        if (soleConsumer(moved) != &q || moved->isGraphOutput || x->outputs.size() != 1) return false;
        if (x->inputs.empty() || !x->inputs[0]) return false;
        Value* d = x->inputs[0];
        Node* dq = d->producer;
        if (!isOp(dq, "DequantizeLinear") || soleConsumer(d) != x || d->isGraphOutput) return false;
        Value* a = dq->inputs.empty() ? nullptr : dq->inputs[0];
        Value* yq = q.outputs[0];
        if (!a || !isEightBit(a->dtype) || yq->dtype != a->dtype) return false;
        if (dq->attrInt("block_size", 0) != 0 || q.attrInt("block_size", 0) != 0) return false;
        if (q.hasAttr("saturate") && q.attrInt("saturate", 1) != 1) return false;
        const auto in = perTensorParams(*dq), out = perTensorParams(q);
        if (!in || !out || *in != *out) return false;
        std::vector<Value*> inputs = x->inputs;
        inputs[0] = a;
        // Copies: the replaced nodes are gone before the new one is named.
        const std::string name = x->name, opType = x->opType, domain = x->domain;
        replaceNodesNamed(graph, ctx, {dq, x, &q}, name, opType, domain, inputs, {yq}, x->attributes);
        return true;
    }
};

}  // namespace

std::unique_ptr<RewriteRule> makeDropQdqAroundDataMovementRule() {
    return std::make_unique<DropQdqAroundDataMovement>();
}

}  // namespace kiln::passes
