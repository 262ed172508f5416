#include "engine_core/passes/activation.h"

#include <limits>

#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

using fused::Activation;

namespace {
std::optional<ActivationMatch> single(Node* n, Activation kind, float p0 = 0, float p1 = 0) {
    if (n->outputs.size() != 1 || !n->outputs[0]) return std::nullopt;
    return ActivationMatch{kind, p0, p1, {n}, n->outputs[0]};
}
}  // namespace

std::optional<ActivationMatch> matchActivationOf(const Value* x) {
    if (!x) return std::nullopt;
    // SiLU: x feeds both a Sigmoid and the Mul that multiplies x by the Sigmoid.
    if (x->consumers.size() == 2) {
        for (int s = 0; s < 2; ++s) {
            Node* sig = x->consumers[s];
            Node* mul = x->consumers[1 - s];
            if (!isOp(sig, "Sigmoid") || !isOp(mul, "Mul") || sig->outputs.size() != 1) continue;
            Value* sigOut = sig->outputs[0];
            if (soleConsumer(sigOut) != mul || otherInput(*mul, sigOut) != x) continue;
            if (mul->outputs.size() != 1 || !mul->outputs[0]) continue;
            return ActivationMatch{Activation::SiLU, 0, 0, {sig, mul}, mul->outputs[0]};
        }
        return std::nullopt;
    }
    Node* n = soleConsumer(x);
    if (!n || !n->domain.empty() || n->inputOrNull(0) != x) return std::nullopt;
    const std::string& op = n->opType;
    if (op == "Relu") return single(n, Activation::Relu);
    if (op == "LeakyRelu") return single(n, Activation::LeakyRelu, n->attrFloat("alpha", 0.01f));
    if (op == "Sigmoid") return single(n, Activation::Sigmoid);
    if (op == "Tanh") return single(n, Activation::Tanh);
    if (op == "HardSwish") return single(n, Activation::HardSwish);
    if (op == "HardSigmoid")
        return single(n, Activation::HardSigmoid, n->attrFloat("alpha", 0.2f), n->attrFloat("beta", 0.5f));
    if (op == "Gelu") {
        std::string approx = n->attrString("approximate", "none");
        if (approx == "none") return single(n, Activation::Gelu);
        if (approx == "tanh") return single(n, Activation::GeluTanh);
        return std::nullopt;
    }
    if (op == "Clip") {
        float lo = -std::numeric_limits<float>::infinity(), hi = std::numeric_limits<float>::infinity();
        if (Value* m = n->inputOrNull(1)) {
            auto v = scalarConstant(m);
            if (!v) return std::nullopt;
            lo = float(*v);
        }
        if (Value* m = n->inputOrNull(2)) {
            auto v = scalarConstant(m);
            if (!v) return std::nullopt;
            hi = float(*v);
        }
        return single(n, Activation::Clip, lo, hi);
    }
    return std::nullopt;
}

}  // namespace kiln::passes
