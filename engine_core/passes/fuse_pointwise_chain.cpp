// op_1(x, a_1) → op_2(·, a_2) → … → op_n(·, a_n) = kiln::Pointwise(x, a…){ops}: a chain of unary
// ops and binary ops whose other operand a_i is a constant broadcasting into x's shape or a tensor
// of x's exact shape. One kernel pass over the data instead of n, no intermediates in memory.
// Every intermediate must pass the legality check (single consumer, not a graph output), and the
// shape never changes along the chain. fp32 only (the kernel interprets the steps in float).
#include <algorithm>
#include <limits>

#include "engine_core/passes/fused_ops.h"
#include "engine_core/passes/legality.h"
#include "engine_core/passes/passes.h"
#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

namespace {

using fused::PointwiseOp;

struct Step {
    PointwiseOp op;
    Value* operand = nullptr;  // binary steps
    float alpha = 0, beta = 0;
};

std::optional<PointwiseOp> unaryOp(const std::string& opType) {
    static const std::map<std::string, PointwiseOp> table = {
        {"Relu", PointwiseOp::Relu}, {"LeakyRelu", PointwiseOp::LeakyRelu}, {"Clip", PointwiseOp::Clip},
        {"Sigmoid", PointwiseOp::Sigmoid}, {"HardSigmoid", PointwiseOp::HardSigmoid},
        {"HardSwish", PointwiseOp::HardSwish}, {"Tanh", PointwiseOp::Tanh}, {"Gelu", PointwiseOp::Gelu},
        {"Exp", PointwiseOp::Exp}, {"Log", PointwiseOp::Log}, {"Sqrt", PointwiseOp::Sqrt}, {"Abs", PointwiseOp::Abs},
        {"Neg", PointwiseOp::Neg}, {"Reciprocal", PointwiseOp::Reciprocal}, {"Erf", PointwiseOp::Erf},
        {"Floor", PointwiseOp::Floor}, {"Ceil", PointwiseOp::Ceil}, {"Softplus", PointwiseOp::Softplus}};
    auto it = table.find(opType);
    return it == table.end() ? std::nullopt : std::optional<PointwiseOp>(it->second);
}

bool isBinaryOpType(const std::string& opType) {
    return opType == "Add" || opType == "Sub" || opType == "Mul" || opType == "Div" || opType == "Pow" ||
           opType == "Max" || opType == "Min";
}

bool isFloat32(const Value* v) { return v && v->dtype == DataType::Float32; }

// Node n as a step applied to chain value x (x's shape is the chain's shape).
std::optional<Step> asStep(const Node& n, const Value* x) {
    if (!n.domain.empty() || n.outputs.size() != 1 || !n.outputs[0] || !isFloat32(n.outputs[0])) return std::nullopt;
    if (auto op = unaryOp(n.opType)) {
        if (n.inputOrNull(0) != x) return std::nullopt;
        Step s{*op};
        if (*op == PointwiseOp::LeakyRelu) s.alpha = n.attrFloat("alpha", 0.01f);
        if (*op == PointwiseOp::HardSigmoid) {
            s.alpha = n.attrFloat("alpha", 0.2f);
            s.beta = n.attrFloat("beta", 0.5f);
        }
        if (*op == PointwiseOp::Gelu) {
            std::string approx = n.attrString("approximate", "none");
            if (approx == "tanh") s.op = PointwiseOp::GeluTanh;
            else if (approx != "none") return std::nullopt;
        }
        if (*op == PointwiseOp::Clip) {
            s.alpha = -std::numeric_limits<float>::infinity();
            s.beta = std::numeric_limits<float>::infinity();
            for (size_t i = 1; i <= 2; ++i) {
                if (!n.inputOrNull(i)) continue;
                auto bound = scalarConstant(n.inputs[i]);
                if (!bound) return std::nullopt;
                (i == 1 ? s.alpha : s.beta) = float(*bound);
            }
        } else if (n.inputs.size() != 1) {
            return std::nullopt;
        }
        return s;
    }
    if (!isBinaryOpType(n.opType) || n.inputs.size() != 2) return std::nullopt;
    int pos = inputIndex(n, x);
    if (pos < 0) return std::nullopt;
    Value* a = n.inputs[size_t(1 - pos)];
    if (!isFloat32(a) || !x->shape.rankKnown) return std::nullopt;
    bool ok = a->isConstant() ? broadcastsInto(a->shape, x->shape) : (a->shape == x->shape);
    if (!ok) return std::nullopt;
    Step s{*fused::parsePointwiseOp(n.opType), a};
    if (pos == 1) {
        if (n.opType == "Sub") s.op = PointwiseOp::RSub;
        if (n.opType == "Div") s.op = PointwiseOp::RDiv;
        if (n.opType == "Pow") s.op = PointwiseOp::RPow;
    }
    return s;
}

// The chain value of a head node: the input the output's shape comes from.
Value* chainInput(const Node& n) {
    if (unaryOp(n.opType)) return n.inputOrNull(0);
    if (n.inputs.size() != 2 || !n.inputs[0] || !n.inputs[1]) return nullptr;
    for (Value* x : n.inputs)
        if (x->shape.rankKnown && x->shape == n.outputs[0]->shape && asStep(n, x)) return x;
    return nullptr;
}

class FusePointwiseChain final : public RewriteRule {
public:
    std::string name() const override { return "FusePointwiseChain"; }
    std::vector<std::string> producedOps() const override { return {"kiln::Pointwise"}; }
    std::vector<std::string> targetOpTypes() const override {
        return {"Relu", "LeakyRelu", "Clip", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Gelu", "Exp",
                "Log", "Sqrt", "Abs", "Neg", "Reciprocal", "Erf", "Floor", "Ceil", "Softplus", "Add", "Sub",
                "Mul", "Div", "Pow", "Max", "Min", "kiln::Pointwise"};
    }
    bool match(const Graph&, const Node& n) const override {
        return n.outputs.size() == 1 && n.outputs[0] && isFloat32(n.outputs[0]) && soleConsumer(n.outputs[0]);
    }
    bool apply(Graph& graph, Node& head, PassContext& ctx) override {
        Value* x = nullptr;
        std::vector<Value*> inputs;
        std::vector<std::string> ops;
        std::vector<int64_t> operandIndex;
        std::vector<float> alphas, betas;
        auto addOperand = [&](Value* a) -> int64_t {
            auto it = std::find(inputs.begin(), inputs.end(), a);
            if (it != inputs.end()) return int64_t(it - inputs.begin());
            inputs.push_back(a);
            return int64_t(inputs.size() - 1);
        };
        auto addStep = [&](const Step& s) {
            ops.emplace_back(fused::pointwiseOpName(s.op));
            operandIndex.push_back(s.operand ? addOperand(s.operand) : -1);
            alphas.push_back(s.alpha);
            betas.push_back(s.beta);
        };
        if (isOp(&head, "Pointwise", kKilnDomain)) {
            inputs = head.inputs;
            x = inputs.at(0);
            ops = head.attrStrings("ops");
            operandIndex = head.attrInts("operand");
            alphas = head.attrFloats("alpha");
            betas = head.attrFloats("beta");
        } else {
            x = chainInput(head);
            if (!x || !isFloat32(x)) return false;
            inputs.push_back(x);
            addStep(*asStep(head, x));
        }
        std::vector<Node*> chain{&head};
        Value* current = head.outputs[0];
        while (true) {
            Node* next = soleConsumer(current);
            if (!next) break;
            auto step = asStep(*next, current);
            if (!step || !canFuse(*chain.back(), *next)) break;
            if (step->operand == current) break;  // x·x of an intermediate: needs the chain value twice
            addStep(*step);
            chain.push_back(next);
            current = next->outputs[0];
        }
        if (chain.size() < 2) return false;
        std::map<std::string, Attribute> attrs{{"ops", ops}, {"operand", operandIndex}, {"alpha", alphas}, {"beta", betas}};
        replaceNodes(graph, ctx, chain, "Pointwise", kKilnDomain, inputs, {current}, attrs);
        return true;
    }
};

}  // namespace

std::unique_ptr<RewriteRule> makeFusePointwiseChainRule() { return std::make_unique<FusePointwiseChain>(); }

}  // namespace kiln::passes
