#include "engine_core/passes/activation.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

using fused::Activation;

namespace {
std::optional<ActivationMatch> single(Node* n, Activation kind, float p0 = 0, float p1 = 0) {
    if (n->outputs.size() != 1 || !n->outputs[0]) return std::nullopt;
    return ActivationMatch{kind, p0, p1, {n}, n->outputs[0]};
}

bool near(double a, double b) { return std::fabs(a - b) <= 1e-6 * std::max(1.0, std::fabs(b)); }

// The single output of n, when n is a default-domain node of `op` with one.
Value* soleOutput(const Node* n, const char* op) {
    return n && isOp(n, op) && n->outputs.size() == 1 && n->outputs[0] ? n->outputs[0] : nullptr;
}

// n is `v / 6` or `v * (1/6)` with a scalar constant: its output, else nullptr.
Value* divideBySix(const Node* n, const Value* v) {
    if (!n || n->inputs.size() != 2) return nullptr;
    if (Value* out = soleOutput(n, "Div"); out && n->inputs[0] == v) {
        auto d = scalarConstant(n->inputs[1]);
        return d && near(*d, 6.0) ? out : nullptr;
    }
    if (Value* out = soleOutput(n, "Mul")) {
        const Value* other = otherInput(*n, v);
        auto m = other ? scalarConstant(other) : std::nullopt;
        return m && near(*m, 1.0 / 6.0) ? out : nullptr;
    }
    return nullptr;
}

// clip(x + 3, 0, 6) as exporters write HardSigmoid's and HardSwish's core: the Add and the Clip,
// with the Clip's output; nullopt when `add` is not that.
struct ClipCore {
    Node* add;
    Node* clip;
    Value* out;
};
std::optional<ClipCore> clipOfXPlusThree(Node* add, const Value* x) {
    Value* sum = soleOutput(add, "Add");
    if (!sum || add->inputs.size() != 2) return std::nullopt;
    const Value* other = otherInput(*add, x);
    auto three = other ? scalarConstant(other) : std::nullopt;
    if (!three || !near(*three, 3.0)) return std::nullopt;
    Node* clip = soleConsumer(sum);
    Value* clipped = soleOutput(clip, "Clip");
    if (!clipped || clip->inputOrNull(0) != sum) return std::nullopt;
    auto lo = clip->inputOrNull(1) ? scalarConstant(clip->inputs[1]) : std::nullopt;
    auto hi = clip->inputOrNull(2) ? scalarConstant(clip->inputs[2]) : std::nullopt;
    if (!lo || !hi || !near(*lo, 0.0) || !near(*hi, 6.0)) return std::nullopt;
    return ClipCore{add, clip, clipped};
}

// A scalar constant operand of a two-input node whose other input is `v`.
std::optional<double> scalarOperand(const Node* n, const Value* v) {
    if (!n || n->inputs.size() != 2) return std::nullopt;
    const Value* other = otherInput(*n, v);
    return other ? scalarConstant(other) : std::nullopt;
}

// n = Clip(v, 0, 1) with constant bounds: its output, else nullptr.
Value* clipZeroOne(Node* n, const Value* v) {
    Value* out = soleOutput(n, "Clip");
    if (!out || n->inputOrNull(0) != v) return nullptr;
    auto lo = n->inputOrNull(1) ? scalarConstant(n->inputs[1]) : std::nullopt;
    auto hi = n->inputOrNull(2) ? scalarConstant(n->inputs[2]) : std::nullopt;
    return lo && hi && near(*lo, 0.0) && near(*hi, 1.0) ? out : nullptr;
}

// n = v·m, m·v or v/d with a scalar constant: the factor (m or 1/d), else nullopt.
std::optional<double> scaleFactor(const Node* n, const Value* v) {
    if (isOp(n, "Mul")) return scalarOperand(n, v);
    if (isOp(n, "Div") && n->inputs.size() == 2 && n->inputs[0] == v) {
        auto d = scalarConstant(n->inputs[1]);
        if (d && *d != 0) return 1.0 / *d;
    }
    return std::nullopt;
}

// HardSigmoid, max(0, min(1, α·x + β)), starting at x's consumer `first`: the op itself,
// clip(x + 3, 0, 6) / 6, clip((x + b) / d, 0, 1) (also · (1/d)) and clip(x·α + β, 0, 1) (also x / d).
std::optional<ActivationMatch> hardSigmoidOf(const Value* x, Node* first) {
    if (!first) return std::nullopt;
    if (isOp(first, "HardSigmoid") && first->inputOrNull(0) == x && first->outputs.size() == 1 && first->outputs[0])
        return single(first, Activation::HardSigmoid, first->attrFloat("alpha", 0.2f), first->attrFloat("beta", 0.5f));
    if (auto core = clipOfXPlusThree(first, x)) {
        Node* div = soleConsumer(core->out);
        if (Value* out = divideBySix(div, core->out))
            return ActivationMatch{Activation::HardSigmoid, float(1.0 / 6.0), 0.5f, {core->add, core->clip, div}, out};
        return std::nullopt;
    }
    // (x + b) · α, then clipped to [0, 1]: α·x + α·b.
    if (Value* sum = soleOutput(first, "Add")) {
        auto b = scalarOperand(first, x);
        Node* scale = soleConsumer(sum);
        auto alpha = b && scale && scale->outputs.size() == 1 ? scaleFactor(scale, sum) : std::nullopt;
        Node* clip = alpha ? soleConsumer(scale->outputs[0]) : nullptr;
        if (Value* out = clip ? clipZeroOne(clip, scale->outputs[0]) : nullptr)
            return ActivationMatch{Activation::HardSigmoid, float(*alpha), float(*alpha * *b), {first, scale, clip}, out};
        return std::nullopt;
    }
    // x · α + β, then clipped to [0, 1].
    if (auto alpha = scaleFactor(first, x); alpha && first->outputs.size() == 1 && first->outputs[0]) {
        Value* scaled = first->outputs[0];
        Node* add = soleConsumer(scaled);
        auto b = soleOutput(add, "Add") ? scalarOperand(add, scaled) : std::nullopt;
        Node* clip = b ? soleConsumer(add->outputs[0]) : nullptr;
        if (Value* out = clip ? clipZeroOne(clip, add->outputs[0]) : nullptr)
            return ActivationMatch{Activation::HardSigmoid, float(*alpha), float(*b), {first, add, clip}, out};
    }
    return std::nullopt;
}

// x · HardSigmoid(x) with α = 1/6, β = 1/2 (torch's hardsigmoid then a product) is HardSwish; the
// HardSigmoid in any of hardSigmoidOf's forms. `a` and `b` are x's two consumers.
std::optional<ActivationMatch> hardSigmoidTimesX(const Value* x, Node* a, Node* b) {
    for (int s = 0; s < 2; ++s) {
        Node* mul = s ? a : b;
        auto hs = hardSigmoidOf(x, s ? b : a);
        if (!hs || !soleOutput(mul, "Mul") || mul->inputs.size() != 2) continue;
        if (!near(hs->p0, 1.0 / 6.0) || !near(hs->p1, 0.5)) continue;
        if (soleConsumer(hs->output) != mul || otherInput(*mul, hs->output) != x) continue;
        hs->kind = Activation::HardSwish;
        hs->p0 = hs->p1 = 0;
        hs->nodes.push_back(mul);
        hs->output = mul->outputs[0];
        return hs;
    }
    return std::nullopt;
}

// HardSwish written out, as older exporters and hand-written modules do: x · clip(x + 3, 0, 6) / 6,
// with the division before or after the product, and / 6 also as · (1/6). `a` and `b` are x's two
// consumers.
std::optional<ActivationMatch> decomposedHardSwish(const Value* x, Node* a, Node* b) {
    for (int s = 0; s < 2; ++s) {
        Node* add = s ? b : a;
        Node* mul = s ? a : b;
        auto core = clipOfXPlusThree(add, x);
        if (!core || !isOp(mul, "Mul") || mul->inputs.size() != 2 || soleOutput(mul, "Mul") == nullptr) continue;
        Node* next = soleConsumer(core->out);
        // x · clip(...) then / 6
        if (next == mul && otherInput(*mul, core->out) == x) {
            Node* div = soleConsumer(mul->outputs[0]);
            if (Value* out = divideBySix(div, mul->outputs[0]))
                return ActivationMatch{Activation::HardSwish, 0, 0, {core->add, core->clip, mul, div}, out};
            continue;
        }
        // clip(...) / 6 then x ·
        if (Value* sixth = divideBySix(next, core->out); sixth && soleConsumer(sixth) == mul && otherInput(*mul, sixth) == x)
            return ActivationMatch{Activation::HardSwish, 0, 0, {core->add, core->clip, next, mul}, mul->outputs[0]};
    }
    return std::nullopt;
}
}  // namespace

std::optional<ActivationMatch> matchActivationOf(const Value* x) {
    if (!x) return std::nullopt;
    // SiLU: x feeds both a Sigmoid and the Mul that multiplies x by the Sigmoid.
    if (x->consumers.size() == 2) {
        if (auto hs = decomposedHardSwish(x, x->consumers[0], x->consumers[1])) return hs;
        if (auto hs = hardSigmoidTimesX(x, x->consumers[0], x->consumers[1])) return hs;
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
    // HardSigmoid, the op or written out.
    if (auto hs = hardSigmoidOf(x, n)) return hs;
    if (!n || !n->domain.empty() || n->inputOrNull(0) != x) return std::nullopt;
    const std::string& op = n->opType;
    if (op == "Relu") return single(n, Activation::Relu);
    if (op == "LeakyRelu") return single(n, Activation::LeakyRelu, n->attrFloat("alpha", 0.01f));
    if (op == "Sigmoid") return single(n, Activation::Sigmoid);
    if (op == "Tanh") return single(n, Activation::Tanh);
    if (op == "HardSwish") return single(n, Activation::HardSwish);
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
