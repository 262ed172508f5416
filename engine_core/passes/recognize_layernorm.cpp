// μ = ReduceMean(x), d = x − μ, σ² = ReduceMean(d²), y = d / √(σ² + ε) · γ + β
//   = LayerNormalization(x, γ, β){axis, epsilon}
// Exporters decompose LayerNorm into ReduceMean/Sub/Pow (or Mul(d,d))/ReduceMean/Add/Sqrt/Div/Mul/Add
// (torch below opset 17, Keras); d / √(σ²+ε) may also be d · Reciprocal(√…) or d · (1 ÷ √…), and √
// a Pow(·, 0.5). ReduceMean's axes are an attribute below opset 18 and an input from 18: both read.
// The reduced axes must be the trailing ones, γ/β constants over the normalized dims (absent γ
// becomes ones, absent β stays absent). The result is the standard op, which the CPU
// normalization kernel runs in one pass with a stable variance.
#include <algorithm>

#include "engine_core/passes/legality.h"
#include "engine_core/passes/passes.h"
#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

namespace {

// ReduceMean's axes, normalized to [0, rank); nullopt when unknown or not keepdims.
std::optional<std::vector<int64_t>> reduceAxes(const Node& n, size_t rank) {
    if (n.attrInt("keepdims", 1) != 1) return std::nullopt;
    std::vector<int64_t> axes;
    if (Value* a = n.inputOrNull(1)) {
        const Tensor* t = constantOf(a);
        if (!t) return std::nullopt;
        axes = t->toInt64Vector();
    } else {
        axes = n.attrInts("axes");
    }
    if (axes.empty()) return std::nullopt;
    for (int64_t& a : axes) {
        if (a < 0) a += int64_t(rank);
        if (a < 0 || a >= int64_t(rank)) return std::nullopt;
    }
    std::sort(axes.begin(), axes.end());
    return axes;
}

Node* consumerOp(const Value* v, const char* opType) {
    Node* c = soleConsumer(v);
    return isOp(c, opType) ? c : nullptr;
}

class RecognizeLayerNorm final : public RewriteRule {
public:
    std::string name() const override { return "RecognizeLayerNorm"; }
    std::vector<std::string> producedOps() const override { return {"LayerNormalization"}; }
    std::vector<std::string> targetOpTypes() const override { return {"ReduceMean"}; }
    bool match(const Graph&, const Node& n) const override {
        Value* x = n.inputOrNull(0);
        return x && x->dtype == DataType::Float32 && x->shape.rankKnown && n.outputs.size() == 1 &&
               isOp(soleConsumer(n.outputs[0]), "Sub");
    }
    bool apply(Graph& graph, Node& mean, PassContext& ctx) override {
        Value* x = mean.inputs[0];
        size_t rank = x->shape.rank();
        auto axes = reduceAxes(mean, rank);
        if (!axes) return false;
        for (size_t i = 0; i < axes->size(); ++i)
            if ((*axes)[i] != int64_t(rank - axes->size() + i)) return false;  // trailing axes only
        int64_t axis = (*axes)[0];

        Node* sub = soleConsumer(mean.outputs[0]);
        if (sub->inputs.size() != 2 || sub->inputs[0] != x || sub->inputs[1] != mean.outputs[0]) return false;
        Value* d = sub->outputs[0];
        Node* square = nullptr;
        Node* div = nullptr;
        for (Node* c : d->consumers) {
            if (isOp(c, "Div") && c->inputs.size() == 2 && c->inputs[0] == d) div = c;
            else if (isOp(c, "Pow") && c->inputs[0] == d && isScalarConstant(c->inputOrNull(1), 2.0)) square = c;
            else if (isOp(c, "Mul") && c->inputs.size() == 2 && c->inputs[0] == d && c->inputs[1] == d) square = c;
            else if (isOp(c, "Mul") && c->inputs.size() == 2 && otherInput(*c, d)) div = c;  // d · 1/√(σ²+ε)
            else return false;  // d is read outside the pattern
        }
        if (!square || !div) return false;
        Node* mean2 = consumerOp(square->outputs[0], "ReduceMean");
        if (!mean2 || reduceAxes(*mean2, rank) != axes) return false;
        Node* addEps = consumerOp(mean2->outputs[0], "Add");
        if (!addEps) return false;
        auto eps = scalarConstant(otherInput(*addEps, mean2->outputs[0]));
        if (!eps) return false;
        // √(σ²+ε) as Sqrt or Pow(·, 0.5); d divided by it, or multiplied by its Reciprocal / 1 ÷ it.
        Node* sqrt = soleConsumer(addEps->outputs[0]);
        bool isSqrt = isOp(sqrt, "Sqrt") ||
                      (isOp(sqrt, "Pow") && sqrt->inputs[0] == addEps->outputs[0] &&
                       isScalarConstant(sqrt->inputOrNull(1), 0.5));
        if (!isSqrt) return false;
        std::vector<Node*> nodes{&mean, sub, square, mean2, addEps, sqrt};
        Value* denominator = sqrt->outputs[0];
        if (isOp(div, "Mul")) {
            Node* recip = soleConsumer(denominator);
            bool isRecip = isOp(recip, "Reciprocal") ||
                           (isOp(recip, "Div") && recip->inputs.size() == 2 && recip->inputs[1] == denominator &&
                            isScalarConstant(recip->inputs[0], 1.0));
            if (!isRecip) return false;
            nodes.push_back(recip);
            denominator = recip->outputs[0];
        }
        if (soleConsumer(denominator) != div || otherInput(*div, d) != denominator) return false;
        nodes.push_back(div);
        Value* out = div->outputs[0];
        std::vector<int64_t> normDims;
        for (size_t i = size_t(axis); i < rank; ++i) {
            if (!x->shape.dims[i].isStatic()) return false;
            normDims.push_back(x->shape.dims[i].value);
        }
        Shape normShape(normDims);
        auto affineConst = [&](Node* n, const Value* in) -> const Tensor* {
            Value* p = n ? otherInput(*n, in) : nullptr;
            const Tensor* t = constantOf(p);
            if (!t || t->dtype() != DataType::Float32 || !broadcastsInto(p->shape, normShape)) return nullptr;
            return t;
        };
        const Tensor* gamma = nullptr;
        const Tensor* beta = nullptr;
        if (Node* mul = consumerOp(out, "Mul"); mul && (gamma = affineConst(mul, out))) {
            nodes.push_back(mul);
            out = mul->outputs[0];
            if (Node* add = consumerOp(out, "Add"); add && (beta = affineConst(add, out))) {
                nodes.push_back(add);
                out = add->outputs[0];
            }
        }
        std::vector<const Node*> group(nodes.begin(), nodes.end());
        for (Node* n : nodes)
            if (n != nodes.back() && !canFuseThrough(n->outputs[0], group)) return false;

        int64_t normNumel = 1;
        for (int64_t v : normDims) normNumel *= v;
        auto expand = [&](const Tensor* t, float fill) {
            std::vector<float> values(size_t(normNumel), fill);
            if (t) {
                std::vector<float> src = t->toFloatVector();
                // Broadcast t (right-aligned) over the normalized dims.
                std::vector<int64_t> tdims = t->dims();
                tdims.insert(tdims.begin(), normDims.size() - tdims.size(), 1);
                for (int64_t i = 0; i < normNumel; ++i) {
                    int64_t rem = i, offset = 0, stride = 1;
                    for (size_t k = normDims.size(); k-- > 0;) {
                        int64_t idx = rem % normDims[k];
                        rem /= normDims[k];
                        if (tdims[k] != 1) offset += idx * stride;
                        stride *= tdims[k];
                    }
                    values[size_t(i)] = src[size_t(offset)];
                }
            }
            return Tensor::fromVector<float>(normDims, values);
        };
        std::string base = nodes.back()->label();
        std::vector<Value*> inputs{x, addConstantValue(graph, base + "_scale", expand(gamma, 1.f))};
        if (beta) inputs.push_back(addConstantValue(graph, base + "_bias", expand(beta, 0.f)));
        std::map<std::string, Attribute> attrs{{"axis", axis}, {"epsilon", float(*eps)}, {"stash_type", int64_t(1)}};
        replaceNodes(graph, ctx, nodes, "LayerNormalization", "", inputs, {out}, attrs);
        return true;
    }
};

}  // namespace

std::unique_ptr<RewriteRule> makeRecognizeLayerNormRule() { return std::make_unique<RecognizeLayerNorm>(); }

}  // namespace kiln::passes
