// kiln::FusedConv / FusedMatMul / Pointwise / Attention / Int8Conv / Int8MatMul → the plain ONNX nodes of their contracts
// (engine_core/passes/fused_ops.h). Everything is checked before the graph is touched, so a node
// that can't be written out exactly leaves the graph as it was.
#include "engine_core/passes/unfuse.h"

#include <limits>
#include <optional>
#include <set>

#include "engine_core/passes/fused_ops.h"
#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

namespace {

using fused::Activation;
using fused::PointwiseOp;

// An input of a planned node: an existing Value, the result of an earlier planned node, or a
// constant to create.
struct Ref {
    Value* value = nullptr;
    int step = -1;
    std::optional<Tensor> constant;

    static Ref of(Value* v) { return {v, -1, std::nullopt}; }
    static Ref result(int step) { return {nullptr, step, std::nullopt}; }
    static Ref scalar(float v) { return {nullptr, -1, Tensor::scalar<float>(v)}; }
};

struct PlannedNode {
    std::string opType;
    std::vector<Ref> inputs;
    std::map<std::string, Attribute> attributes;
    DataType dtype = DataType::Float32;  // of its result
    Shape shape = Shape::unknownRank();
};

class Plan {
public:
    // Adds a node reading `inputs`; returns a reference to its result.
    Ref add(std::string opType, std::vector<Ref> inputs, std::map<std::string, Attribute> attributes,
            Shape shape, DataType dtype = DataType::Float32) {
        nodes.push_back(
            {std::move(opType), std::move(inputs), std::move(attributes), dtype, std::move(shape)});
        return Ref::result(int(nodes.size()) - 1);
    }
    // act(x) with the epilogue's parameters; returns x itself for None.
    Ref activation(Activation a, Ref x, float p0, float p1, const Shape& shape) {
        switch (a) {
            case Activation::None:
                return x;
            case Activation::Relu:
                return add("Relu", {x}, {}, shape);
            case Activation::LeakyRelu:
                return add("LeakyRelu", {x}, {{"alpha", p0}}, shape);
            case Activation::Clip:
                return add("Clip", {x, Ref::scalar(p0), Ref::scalar(p1)}, {}, shape);
            case Activation::Sigmoid:
                return add("Sigmoid", {x}, {}, shape);
            case Activation::HardSigmoid:
                return add("HardSigmoid", {x}, {{"alpha", p0}, {"beta", p1}}, shape);
            case Activation::HardSwish:
                return add("HardSwish", {x}, {}, shape);
            case Activation::Tanh:
                return add("Tanh", {x}, {}, shape);
            case Activation::SiLU: {
                Ref s = add("Sigmoid", {x}, {}, shape);
                return add("Mul", {x, s}, {}, shape);
            }
            case Activation::Gelu:
                return add("Gelu", {x}, {}, shape);
            case Activation::GeluTanh:
                return add("Gelu", {x}, {{"approximate", std::string("tanh")}}, shape);
        }
        return x;
    }

    std::vector<PlannedNode> nodes;
};

const std::set<std::string>& knownAttributes(const Node& n) {
    static const std::set<std::string> matmul{"transA", "transB",     "alpha",
                                              "beta",   "activation", "activation_params"};
    static const std::set<std::string> pointwise{"ops", "operand", "alpha", "beta"};
    static const std::set<std::string> attention{"scale", "nan_to_zero"};
    static const std::set<std::string> none;
    if (n.opType == "FusedMatMul") return matmul;
    if (n.opType == "Pointwise") return pointwise;
    if (n.opType == "Attention") return attention;
    return none;
}

struct Epilogue {
    Activation activation = Activation::None;
    float p0 = 0, p1 = 0;
};

std::optional<Epilogue> readEpilogue(const Node& n) {
    Epilogue e;
    auto act = fused::parseActivation(n.attrString("activation", "None"));
    if (!act) return std::nullopt;
    e.activation = *act;
    std::vector<float> params = n.attrFloats("activation_params", {});
    if (params.size() > 0) e.p0 = params[0];
    if (params.size() > 1) e.p1 = params[1];
    return e;
}

// Y = act(Conv(X, W, B) + Z)
std::optional<Plan> planFusedConv(const Node& n) {
    auto epilogue = readEpilogue(n);
    if (!epilogue || n.inputs.size() < 2 || n.inputs.size() > 4 || !n.inputs[0] || !n.inputs[1])
        return std::nullopt;
    const Shape& shape = n.outputs[0]->shape;
    std::map<std::string, Attribute> convAttributes = n.attributes;
    convAttributes.erase("activation");
    convAttributes.erase("activation_params");
    std::vector<Ref> convInputs{Ref::of(n.inputs[0]), Ref::of(n.inputs[1])};
    if (Value* b = n.inputOrNull(2)) convInputs.push_back(Ref::of(b));
    Plan plan;
    Ref y = plan.add("Conv", convInputs, convAttributes, shape);
    if (Value* z = n.inputOrNull(3)) y = plan.add("Add", {y, Ref::of(z)}, {}, shape);
    plan.activation(epilogue->activation, y, epilogue->p0, epilogue->p1, shape);
    return plan;
}

// Y = act(MatMul(A, B) + bias + Z), or alpha·op(A)·op(B) + bias (Gemm with C = bias, beta 1).
std::optional<Plan> planFusedMatMul(const Node& n) {
    auto epilogue = readEpilogue(n);
    if (!epilogue || n.inputs.size() < 2 || n.inputs.size() > 4 || !n.inputs[0] || !n.inputs[1])
        return std::nullopt;
    const Shape& shape = n.outputs[0]->shape;
    const bool gemmForm = n.hasAttr("transA") || n.hasAttr("transB") || n.hasAttr("alpha");
    Value* bias = n.inputOrNull(2);
    Plan plan;
    Ref y;
    if (gemmForm) {
        // The fused kernel adds the bias unscaled whatever `beta` says: Gemm's C with beta 1.
        std::map<std::string, Attribute> gemm{{"transA", n.attrInt("transA", 0)},
                                              {"transB", n.attrInt("transB", 0)},
                                              {"alpha", n.attrFloat("alpha", 1.f)}};
        std::vector<Ref> ins{Ref::of(n.inputs[0]), Ref::of(n.inputs[1])};
        if (bias) ins.push_back(Ref::of(bias));
        y = plan.add("Gemm", ins, gemm, shape);
    } else {
        y = plan.add("MatMul", {Ref::of(n.inputs[0]), Ref::of(n.inputs[1])}, {}, shape);
        if (bias) y = plan.add("Add", {y, Ref::of(bias)}, {}, shape);
    }
    if (Value* z = n.inputOrNull(3)) y = plan.add("Add", {y, Ref::of(z)}, {}, shape);
    plan.activation(epilogue->activation, y, epilogue->p0, epilogue->p1, shape);
    return plan;
}

// Y = op_n(... op_1(X, a_1) ..., a_n), one node per step.
std::optional<Plan> planPointwise(const Node& n) {
    if (n.inputs.empty() || !n.inputs[0]) return std::nullopt;
    const std::vector<std::string> ops = n.attrStrings("ops");
    const std::vector<int64_t> operand = n.attrInts("operand", {});
    const std::vector<float> alpha = n.attrFloats("alpha", {});
    const std::vector<float> beta = n.attrFloats("beta", {});
    const size_t steps = ops.size();
    if (steps == 0 || operand.size() != steps || alpha.size() != steps || beta.size() != steps)
        return std::nullopt;
    const Shape& shape = n.outputs[0]->shape;
    Plan plan;
    Ref x = Ref::of(n.inputs[0]);
    for (size_t s = 0; s < steps; ++s) {
        auto op = fused::parsePointwiseOp(ops[s]);
        if (!op) return std::nullopt;
        Ref a;
        if (fused::isBinary(*op)) {
            const int64_t k = operand[s];
            if (k < 0 || size_t(k) >= n.inputs.size() || !n.inputs[size_t(k)]) return std::nullopt;
            a = Ref::of(n.inputs[size_t(k)]);
        }
        switch (*op) {
            case PointwiseOp::Relu:
                x = plan.activation(Activation::Relu, x, alpha[s], beta[s], shape);
                break;
            case PointwiseOp::LeakyRelu:
                x = plan.activation(Activation::LeakyRelu, x, alpha[s], beta[s], shape);
                break;
            case PointwiseOp::Clip:
                x = plan.activation(Activation::Clip, x, alpha[s], beta[s], shape);
                break;
            case PointwiseOp::Sigmoid:
                x = plan.activation(Activation::Sigmoid, x, alpha[s], beta[s], shape);
                break;
            case PointwiseOp::HardSigmoid:
                x = plan.activation(Activation::HardSigmoid, x, alpha[s], beta[s], shape);
                break;
            case PointwiseOp::HardSwish:
                x = plan.activation(Activation::HardSwish, x, alpha[s], beta[s], shape);
                break;
            case PointwiseOp::Tanh:
                x = plan.activation(Activation::Tanh, x, alpha[s], beta[s], shape);
                break;
            case PointwiseOp::Gelu:
                x = plan.activation(Activation::Gelu, x, alpha[s], beta[s], shape);
                break;
            case PointwiseOp::GeluTanh:
                x = plan.activation(Activation::GeluTanh, x, alpha[s], beta[s], shape);
                break;
            case PointwiseOp::Exp:
            case PointwiseOp::Log:
            case PointwiseOp::Sqrt:
            case PointwiseOp::Abs:
            case PointwiseOp::Neg:
            case PointwiseOp::Reciprocal:
            case PointwiseOp::Erf:
            case PointwiseOp::Floor:
            case PointwiseOp::Ceil:
            case PointwiseOp::Softplus:
                x = plan.add(std::string(fused::pointwiseOpName(*op)), {x}, {}, shape);
                break;
            case PointwiseOp::Add:
            case PointwiseOp::Sub:
            case PointwiseOp::Mul:
            case PointwiseOp::Div:
            case PointwiseOp::Pow:
            case PointwiseOp::Max:
            case PointwiseOp::Min:
                x = plan.add(std::string(fused::pointwiseOpName(*op)), {x, a}, {}, shape);
                break;
            case PointwiseOp::RSub:
                x = plan.add("Sub", {a, x}, {}, shape);
                break;
            case PointwiseOp::RDiv:
                x = plan.add("Div", {a, x}, {}, shape);
                break;
            case PointwiseOp::RPow:
                x = plan.add("Pow", {a, x}, {}, shape);
                break;
        }
    }
    return plan;
}

// Numpy broadcasting of two dims, for the shape annotations of the intermediates.
Dim broadcastDim(const Dim& a, const Dim& b) {
    if (a == b) return a;
    if (a.isStatic() && a.value == 1) return b;
    if (b.isStatic() && b.value == 1) return a;
    return a.isStatic() ? a : b;
}

// [batch..., S, T] of Q·Kt, or an unknown rank when either rank is unknown.
Shape scoresShape(const Shape& q, const Shape& kt) {
    if (!q.rankKnown || !kt.rankKnown || q.rank() < 2 || kt.rank() < 2) return Shape::unknownRank();
    const size_t qb = q.rank() - 2, kb = kt.rank() - 2, rank = std::max(qb, kb);
    Shape s;
    for (size_t i = 0; i < rank; ++i) {
        const Dim one = Dim(1);
        const Dim& a = i + qb >= rank ? q.dims[i + qb - rank] : one;
        const Dim& b = i + kb >= rank ? kt.dims[i + kb - rank] : one;
        s.dims.push_back(broadcastDim(a, b));
    }
    s.dims.push_back(q.dims[q.rank() - 2]);
    s.dims.push_back(kt.dims[kt.rank() - 1]);
    return s;
}

// Y = Softmax(scale · Q·Kt + mask, axis=-1) · V, with NaN probabilities zeroed for nan_to_zero.
std::optional<Plan> planAttention(const Node& n) {
    if (n.inputs.size() < 3 || n.inputs.size() > 4 || !n.inputs[0] || !n.inputs[1] || !n.inputs[2])
        return std::nullopt;
    const float scale = n.attrFloat("scale", 1.f);
    const bool nanToZero = n.attrInt("nan_to_zero", 0) != 0;
    const Shape scores = scoresShape(n.inputs[0]->shape, n.inputs[1]->shape);
    Plan plan;
    Ref s = plan.add("MatMul", {Ref::of(n.inputs[0]), Ref::of(n.inputs[1])}, {}, scores);
    if (scale != 1.f) s = plan.add("Mul", {s, Ref::scalar(scale)}, {}, scores);
    if (Value* mask = n.inputOrNull(3)) s = plan.add("Add", {s, Ref::of(mask)}, {}, scores);
    Ref p = plan.add("Softmax", {s}, {{"axis", int64_t(-1)}}, scores);
    if (nanToZero) {
        Ref isNan = plan.add("IsNaN", {p}, {}, scores, DataType::Bool);
        p = plan.add("Where", {isNan, Ref::scalar(0.f), p}, {}, scores);
    }
    plan.add("MatMul", {p, Ref::of(n.inputs[2])}, {}, n.outputs[0]->shape);
    return plan;
}

// ---- kiln::Int8Conv / Int8MatMul: the Q/DQ graph they were folded from -------------------------
//   DequantizeLinear(x) → Conv / MatMul on the dequantized constant weights (+ the bias in fp32)
//   [→ Relu | Clip] → QuantizeLinear(y_scale, y_zero)
// Weights and bias become fp32 constants here (a DequantizeLinear of constant weights would be
// timed per run, which the folded graph never pays): W = (float(w) − w_zero[m]) · w_scale[m] and
// bias = float(B[m]) · (x_scale · w_scale[m]), as DequantizeLinear computes them. `clamp` [lo, hi]
// comes back as Relu (lo = y_zero, hi the type's top) or Clip((lo − y_zero) · y_scale,
// (hi − y_zero) · y_scale): quantizing is monotone and Q((n − y_zero) · y_scale) = n for the 8-bit
// n, so Q(clip(v)) = clamp(Q(v), lo, hi) exactly. The two forms differ only in rounding (the folded
// layer sums in int32 and rounds its bias), by at most one output step.

// The float values of a constant input (one, or one per line), or nullopt.
std::optional<std::vector<float>> constantFloats(const Value* v) {
    if (!v || !v->isConstant() || v->constant->dtype() != DataType::Float32 || v->constant->numel() < 1) return std::nullopt;
    std::vector<float> out;
    for (int64_t i = 0; i < v->constant->numel(); ++i) out.push_back(float(v->constant->scalarAsDouble(i)));
    return out;
}

std::optional<Plan> planInt8Layer(const Node& n, bool conv) {
    if (n.inputs.size() < 8 || n.inputs.size() > 9) return std::nullopt;
    for (size_t i : {0, 1, 3, 4, 6, 7})
        if (!n.inputs[i]) return std::nullopt;
    const Value* w = n.inputs[3];
    const Value* yz = n.inputs[7];
    if (!w->isConstant() || !yz->isConstant() || yz->constant->numel() != 1) return std::nullopt;
    const Tensor& W = *w->constant;
    if (W.dtype() != DataType::Int8 && W.dtype() != DataType::UInt8) return std::nullopt;
    if (yz->dtype != DataType::Int8 && yz->dtype != DataType::UInt8) return std::nullopt;
    // Channels: W's axis 0 for a convolution, the columns of b [K, N] for a MatMul.
    if (conv ? W.rank() < 3 : W.rank() != 2) return std::nullopt;
    const int64_t channels = conv ? W.dim(0) : W.dim(1);
    const int64_t inner = channels ? W.numel() / (conv ? channels : W.dim(0)) : 0;  // conv: elements per m
    auto xs = constantFloats(n.inputs[1]), ws = constantFloats(n.inputs[4]), ys = constantFloats(n.inputs[6]);
    if (!xs || !ws || !ys || xs->size() != 1 || ys->size() != 1) return std::nullopt;
    if (ws->size() != 1 && int64_t(ws->size()) != channels) return std::nullopt;
    std::vector<int64_t> wz(1, 0);
    if (const Value* z = n.inputOrNull(5)) {
        if (!z->isConstant() || (z->constant->numel() != 1 && z->constant->numel() != channels)) return std::nullopt;
        wz.clear();
        for (int64_t i = 0; i < z->constant->numel(); ++i) wz.push_back(z->constant->scalarAsInt64(i));
    }
    auto line = [](const auto& v, int64_t m) { return v.size() == 1 ? v[0] : v[size_t(m)]; };
    Tensor wf(DataType::Float32, W.dims());
    float* pw = wf.data<float>();
    for (int64_t i = 0; i < W.numel(); ++i) {
        const int64_t m = conv ? i / inner : i % channels;
        pw[i] = (float(W.scalarAsInt64(i)) - float(line(wz, m))) * line(*ws, m);
    }
    std::optional<Tensor> bf;
    if (const Value* b = n.inputOrNull(8)) {
        if (!b->isConstant() || b->constant->dtype() != DataType::Int32 || b->constant->numel() != channels)
            return std::nullopt;
        bf = Tensor(DataType::Float32, {channels});
        for (int64_t m = 0; m < channels; ++m)
            bf->data<float>()[m] = float(b->constant->data<int32_t>()[m]) * ((*xs)[0] * line(*ws, m));
    }
    const bool ySigned = yz->dtype == DataType::Int8;
    const int64_t typeLo = ySigned ? -128 : 0, typeHi = ySigned ? 127 : 255;
    const std::vector<int64_t> clamp = n.attrInts("clamp", {typeLo, typeHi});
    if (clamp.size() != 2 || clamp[0] > clamp[1]) return std::nullopt;
    const int64_t lo = std::max(clamp[0], typeLo), hi = std::min(clamp[1], typeHi), zero = yz->constant->scalarAsInt64(0);

    const Shape& shape = n.outputs[0]->shape;
    Plan plan;
    Ref x = plan.add("DequantizeLinear", {Ref::of(n.inputs[0]), Ref::of(n.inputs[1]), Ref::of(n.inputs[2])}, {},
                     n.inputs[0]->shape);
    Ref y;
    if (conv) {
        std::map<std::string, Attribute> attributes = n.attributes;
        attributes.erase("clamp");
        std::vector<Ref> ins{x, Ref{nullptr, -1, std::move(wf)}};
        if (bf) ins.push_back(Ref{nullptr, -1, std::move(*bf)});
        y = plan.add("Conv", std::move(ins), std::move(attributes), shape);
    } else {
        for (const auto& [key, attr] : n.attributes)
            if (key != "clamp") return std::nullopt;
        y = plan.add("MatMul", {x, Ref{nullptr, -1, std::move(wf)}}, {}, shape);
        if (bf) y = plan.add("Add", {y, Ref{nullptr, -1, std::move(*bf)}}, {}, shape);
    }
    const float step = (*ys)[0];
    if (lo == zero && hi == typeHi) {
        y = plan.activation(Activation::Relu, y, 0, 0, shape);
    } else if (lo > typeLo || hi < typeHi) {
        const float inf = std::numeric_limits<float>::infinity();
        y = plan.activation(Activation::Clip, y, lo > typeLo ? float(lo - zero) * step : -inf,
                            hi < typeHi ? float(hi - zero) * step : inf, shape);
    }
    plan.add("QuantizeLinear", {y, Ref::of(n.inputs[6]), Ref::of(n.inputs[7])}, {}, shape, yz->dtype);
    return plan;
}

std::optional<Plan> planFor(const Node& n) {
    if (n.domain != kKilnDomain || n.outputs.size() != 1 || !n.outputs[0]) return std::nullopt;
    if (n.opType != "FusedConv" && n.opType != "Int8Conv" && n.opType != "Int8MatMul") {
        const std::set<std::string>& known = knownAttributes(n);
        for (const auto& [key, attr] : n.attributes)
            if (!known.count(key)) return std::nullopt;
    }
    try {
        if (n.opType == "FusedConv") return planFusedConv(n);
        if (n.opType == "FusedMatMul") return planFusedMatMul(n);
        if (n.opType == "Pointwise") return planPointwise(n);
        if (n.opType == "Attention") return planAttention(n);
        if (n.opType == "Int8Conv") return planInt8Layer(n, true);
        if (n.opType == "Int8MatMul") return planInt8Layer(n, false);
    } catch (const Error&) {
        return std::nullopt;  // an attribute of the wrong type
    }
    return std::nullopt;
}

}  // namespace

bool readsQuantizedInputs(const Node& fused) {
    return fused.domain == kKilnDomain && (fused.opType == "Int8Conv" || fused.opType == "Int8MatMul");
}

bool canUnfuse(const Node& fused) {
    auto plan = planFor(fused);
    return plan && !plan->nodes.empty();
}

std::vector<Node*> unfuse(Graph& g, Node* fused) {
    auto plan = planFor(*fused);
    if (!plan || plan->nodes.empty()) return {};
    const std::string base = fused->name.empty() ? fused->label() : fused->name;
    const std::vector<std::string> origin =
        fused->origin.empty() ? std::vector<std::string>{base} : fused->origin;
    Value* y = fused->outputs[0];
    g.removeNode(fused);
    std::vector<Node*> created;
    std::map<std::string, int> usedNames;
    for (size_t i = 0; i < plan->nodes.size(); ++i) {
        PlannedNode& p = plan->nodes[i];
        std::string name = concat(base, "/", p.opType);
        if (int k = ++usedNames[name]; k > 1) name = concat(name, "_", k);
        std::vector<Value*> ins;
        for (Ref& r : p.inputs) {
            if (r.value)
                ins.push_back(r.value);
            else if (r.step >= 0)
                ins.push_back(created[size_t(r.step)]->outputs[0]);
            else
                ins.push_back(addConstantValue(g, concat(name, "/const"), std::move(*r.constant)));
        }
        const bool last = i + 1 == plan->nodes.size();
        Value* out = last ? y : addIntermediate(g, name, p.dtype, p.shape);
        Node* node = g.addNode(p.opType, name, ins, {out});
        node->attributes = std::move(p.attributes);
        node->origin = origin;
        created.push_back(node);
    }
    return created;
}

}  // namespace kiln::passes
