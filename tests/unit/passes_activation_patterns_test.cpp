// Activations exporters write out as elementwise ops (issue 13, item 3): HardSwish and HardSigmoid in
// their variants, SiLU, Mish and GELU's tanh form with x³ as products, each beside near-misses that
// must not be recognized; and a squeeze-and-excitation block through the level-2 optimizer.
#include <cmath>

#include "tests/unit/passes_test_util.h"

namespace kiln::test {
namespace {

using namespace kiln::passes;

using ActivationFn = std::function<Value*(GraphBuilder&, Value*)>;
const Shape kS{2, 3, 4, 5};

// x (a graph input, values in [-2, 2], scaled ×3 so every clip bound is crossed) → act → output.
std::unique_ptr<Graph> withActivation(const ActivationFn& act) {
    GraphBuilder b("activation");
    Value* x = b.op("Mul", "spread", {b.input("x", kS), b.scalar("three_x", 3.f)}, kS);
    b.output(act(b, x));
    return b.release();
}

Value* clipOf(GraphBuilder& b, Value* v, float lo, float hi, const std::string& name = "clip") {
    return b.op("Clip", name, {v, b.scalar(name + "_lo", lo), b.scalar(name + "_hi", hi)}, v->shape);
}
Value* binary(GraphBuilder& b, const char* op, const std::string& name, Value* v, float c) {
    return b.op(op, name, {v, b.scalar(name + "_c", c)}, v->shape);
}

// The forms exporters produce for HardSigmoid's core, max(0, min(1, x/6 + 1/2)) unless α, β given.
Value* hsigClipThenSixth(GraphBuilder& b, Value* x) {  // clip(x+3, 0, 6) / 6
    return binary(b, "Div", "hsig_div", clipOf(b, binary(b, "Add", "hsig_add", x, 3.f), 0.f, 6.f), 6.f);
}
Value* hsigSixthThenClip(GraphBuilder& b, Value* x) {  // clip((x+3) / 6, 0, 1)
    return clipOf(b, binary(b, "Div", "hsig_div", binary(b, "Add", "hsig_add", x, 3.f), 6.f), 0.f, 1.f);
}
Value* hsigAffine(GraphBuilder& b, Value* x, float alpha = 1.f / 6.f, float beta = 0.5f, float hi = 1.f) {
    return clipOf(b, binary(b, "Add", "hsig_add", binary(b, "Mul", "hsig_mul", x, alpha), beta), 0.f, hi);
}
Value* hsigOp(GraphBuilder& b, Value* x, float alpha = 1.f / 6.f) {
    return b.op("HardSigmoid", "hsig", {x}, x->shape, {{"alpha", alpha}, {"beta", 0.5f}});
}

TEST(PassesActivationPatterns, HardSwishInEveryExportedForm) {
    std::vector<std::pair<std::string, ActivationFn>> cases = {
        {"x*clip(x+3,0,6)/6", [](GraphBuilder& b, Value* x) {
             Value* c = clipOf(b, binary(b, "Add", "add3", x, 3.f), 0.f, 6.f);
             return binary(b, "Div", "div6", b.op("Mul", "mulx", {x, c}, kS), 6.f);
         }},
        {"x*clip(x+3,0,6)*(1/6)", [](GraphBuilder& b, Value* x) {
             Value* c = clipOf(b, binary(b, "Add", "add3", x, 3.f), 0.f, 6.f);
             return binary(b, "Mul", "mul_sixth", b.op("Mul", "mulx", {c, x}, kS), 1.f / 6.f);
         }},
        {"x*HardSigmoid(x)", [](GraphBuilder& b, Value* x) { return b.op("Mul", "mulx", {x, hsigOp(b, x)}, kS); }},
        {"x*clip(x+3,0,6)/6 as hardsigmoid", [](GraphBuilder& b, Value* x) {
             return b.op("Mul", "mulx", {hsigClipThenSixth(b, x), x}, kS);
         }},
        {"x*clip((x+3)/6,0,1)", [](GraphBuilder& b, Value* x) { return b.op("Mul", "mulx", {x, hsigSixthThenClip(b, x)}, kS); }},
        {"x*clip(x/6+0.5,0,1)", [](GraphBuilder& b, Value* x) { return b.op("Mul", "mulx", {x, hsigAffine(b, x)}, kS); }},
    };
    for (const auto& [form, act] : cases) {
        SCOPED_TRACE(form);
        auto g = withActivation(act);
        FusionReport r = runRule(*g, makeRecognizeHardSwishRule());
        EXPECT_EQ(r.timesFired("RecognizeHardSwish"), 1);
        EXPECT_EQ(g->nodeCount(), 2u);  // the input's Mul and the HardSwish
        ASSERT_EQ(countOps(*g, "HardSwish"), 1);
        EXPECT_EQ(g->outputs()[0]->name, withActivation(act)->outputs()[0]->name);  // the output tensor kept
        EXPECT_EQ(g->outputs()[0]->producer->opType, "HardSwish");
        expectSameOutputs([act = act] { return withActivation(act); }, *g);
        if (form == "x*HardSigmoid(x)") expectGolden("hardswish_from_hardsigmoid", *g);
    }
}

TEST(PassesActivationPatterns, LookalikesOfHardSwishAreNotRecognized) {
    std::vector<std::pair<std::string, ActivationFn>> cases = {
        // ONNX HardSigmoid's default α = 0.2 is not torch's 1/6: x·HardSigmoid(x) is then no HardSwish.
        {"alpha 0.2", [](GraphBuilder& b, Value* x) { return b.op("Mul", "mulx", {x, hsigOp(b, x, 0.2f)}, kS); }},
        {"clip to 5", [](GraphBuilder& b, Value* x) {
             Value* c = clipOf(b, binary(b, "Add", "add3", x, 3.f), 0.f, 5.f);
             return binary(b, "Div", "div6", b.op("Mul", "mulx", {x, c}, kS), 6.f);
         }},
        {"clip to [0, 2]", [](GraphBuilder& b, Value* x) {
             return b.op("Mul", "mulx", {x, hsigAffine(b, x, 1.f / 6.f, 0.5f, 2.f)}, kS);
         }},
        {"hardsigmoid also read", [](GraphBuilder& b, Value* x) {
             Value* h = hsigSixthThenClip(b, x);
             b.output(b.op("Neg", "other", {h}, kS));
             return b.op("Mul", "mulx", {x, h}, kS);
         }},
    };
    for (const auto& [form, act] : cases) {
        SCOPED_TRACE(form);
        auto g = withActivation(act);
        runRule(*g, makeRecognizeHardSwishRule());
        EXPECT_EQ(countOps(*g, "HardSwish"), 0);
        EXPECT_EQ(g->nodeCount(), withActivation(act)->nodeCount());
    }
}

TEST(PassesActivationPatterns, HardSigmoidInEveryExportedForm) {
    struct Case {
        std::string form;
        ActivationFn act;
        float alpha, beta;
    };
    std::vector<Case> cases = {
        {"clip(x+3,0,6)/6", hsigClipThenSixth, 1.f / 6.f, 0.5f},
        {"clip((x+3)/6,0,1)", hsigSixthThenClip, 1.f / 6.f, 0.5f},
        {"clip(x*0.2+0.5,0,1)", [](GraphBuilder& b, Value* x) { return hsigAffine(b, x, 0.2f, 0.5f); }, 0.2f, 0.5f},
        {"clip(x/5+0.4,0,1)", [](GraphBuilder& b, Value* x) {
             return clipOf(b, binary(b, "Add", "hsig_add", binary(b, "Div", "hsig_div", x, 5.f), 0.4f), 0.f, 1.f);
         }, 0.2f, 0.4f},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.form);
        auto g = withActivation(c.act);
        FusionReport r = runRule(*g, makeRecognizeHardSigmoidRule());
        EXPECT_EQ(r.timesFired("RecognizeHardSigmoid"), 1);
        EXPECT_EQ(g->nodeCount(), 2u);
        const Node* h = findOp(*g, "HardSigmoid");
        ASSERT_NE(h, nullptr);
        EXPECT_NEAR(h->attrFloat("alpha", 0), c.alpha, 1e-6);
        EXPECT_NEAR(h->attrFloat("beta", 0), c.beta, 1e-6);
        expectSameOutputs([act = c.act] { return withActivation(act); }, *g);
    }
}

TEST(PassesActivationPatterns, LookalikesOfHardSigmoidAreNotRecognized) {
    std::vector<std::pair<std::string, ActivationFn>> cases = {
        {"clip to [0, 6] after the affine", [](GraphBuilder& b, Value* x) { return hsigAffine(b, x, 0.2f, 0.5f, 6.f); }},
        {"tensor offset", [](GraphBuilder& b, Value* x) {
             Value* a = b.op("Add", "hsig_add", {b.op("Mul", "hsig_mul", {x, b.scalar("a", 0.2f)}, kS),
                                                  b.weights("offsets", {5})}, kS);
             return clipOf(b, a, 0.f, 1.f);
         }},
        {"sum also an output", [](GraphBuilder& b, Value* x) {
             Value* a = binary(b, "Add", "hsig_add", x, 3.f);
             b.output(a);
             return clipOf(b, binary(b, "Div", "hsig_div", a, 6.f), 0.f, 1.f);
         }},
    };
    for (const auto& [form, act] : cases) {
        SCOPED_TRACE(form);
        auto g = withActivation(act);
        runRule(*g, makeRecognizeHardSigmoidRule());
        EXPECT_EQ(countOps(*g, "HardSigmoid"), 0);
        EXPECT_EQ(g->nodeCount(), withActivation(act)->nodeCount());
    }
}

// The recognized op reaches the Conv epilogue: Conv → x·HardSigmoid(x) is one FusedConv{HardSwish},
// Conv → clip(x·0.2+0.5, 0, 1) one FusedConv{HardSigmoid}, at level 2.
std::unique_ptr<Graph> convThen(const ActivationFn& act) {
    GraphBuilder b("conv_then");
    Shape out{1, 4, 6, 6};
    Value* c = b.op("Conv", "conv", {b.input("x", Shape{1, 3, 6, 6}), b.weights("w", {4, 3, 3, 3}), b.weights("b", {4})},
                    out, {{"pads", std::vector<int64_t>{1, 1, 1, 1}}});
    b.output(act(b, c));
    return b.release();
}

TEST(PassesActivationPatterns, RecognizedActivationsFuseIntoConvAtLevel2) {
    std::vector<std::tuple<std::string, std::string, ActivationFn>> cases = {
        {"x*HardSigmoid(x)", "HardSwish",
         [](GraphBuilder& b, Value* x) { return b.op("Mul", "mulx", {x, hsigOp(b, x)}, x->shape); }},
        {"clip(x*0.2+0.5,0,1)", "HardSigmoid", [](GraphBuilder& b, Value* x) { return hsigAffine(b, x, 0.2f, 0.5f); }},
    };
    for (const auto& [form, name, act] : cases) {
        SCOPED_TRACE(form);
        auto g = convThen(act);
        OptimizerOptions options;
        options.level = 2;
        optimizeGraph(*g, options);
        ASSERT_EQ(g->nodeCount(), 1u);
        EXPECT_EQ(g->nodes()[0]->attrString("activation", ""), name);
        expectSameOutputs([act = act] { return convThen(act); }, *g);
    }
}

// SiLU x·sigmoid(x) outside an epilogue: one Pointwise of two steps at level 2 (reading x twice);
// with the sigmoid observed it stays two layers. (x is itself a product, which stays: it has two readers.)
TEST(PassesActivationPatterns, StandaloneSiluIsOnePointwiseLayer) {
    for (bool observed : {false, true}) {
        SCOPED_TRACE(observed);
        auto make = [observed] {
            return withActivation([observed](GraphBuilder& b, Value* x) {
                Value* s = b.op("Sigmoid", "sig", {x}, kS);
                if (observed) b.output(s);
                return b.op("Mul", "silu", {x, s}, kS);
            });
        };
        auto g = make();
        OptimizerOptions options;
        options.level = 2;
        optimizeGraph(*g, options);
        if (!observed) {
            ASSERT_EQ(countOps(*g, "kiln::Pointwise"), 1);
            const Node* p = findOp(*g, "kiln::Pointwise");
            EXPECT_EQ(p->attrStrings("ops"), (std::vector<std::string>{"Sigmoid", "Mul"}));
            EXPECT_EQ(p->attrInts("operand"), (std::vector<int64_t>{-1, 0}));  // Mul reads the chain's input
            EXPECT_EQ(g->nodeCount(), 2u);
        } else {
            EXPECT_EQ(countOps(*g, "kiln::Pointwise"), 0);
            EXPECT_EQ(countOps(*g, "Sigmoid"), 1);
            EXPECT_EQ(countOps(*g, "Mul"), 2);
        }
        expectSameOutputs(make, *g);
    }
}

// Mish: x·tanh(softplus(x)), softplus as the op or as log(1 + exp(x)).
Value* mish(GraphBuilder& b, Value* x, bool logForm, float one = 1.f, Value* times = nullptr) {
    Value* sp = logForm ? b.op("Log", "log", {binary(b, "Add", "add1", b.op("Exp", "exp", {x}, kS), one)}, kS)
                        : b.op("Softplus", "softplus", {x}, kS);
    return b.op("Mul", "mish", {b.op("Tanh", "tanh", {sp}, kS), times ? times : x}, kS);
}

TEST(PassesActivationPatterns, MishFromSoftplusOrLogOnePlusExp) {
    for (bool logForm : {false, true}) {
        SCOPED_TRACE(logForm);
        auto make = [logForm] { return withActivation([logForm](GraphBuilder& b, Value* x) { return mish(b, x, logForm); }); };
        auto g = make();
        FusionReport r = runRule(*g, makeRecognizeMishRule());
        EXPECT_EQ(r.timesFired("RecognizeMish"), 1);
        EXPECT_EQ(g->nodeCount(), 2u);
        ASSERT_EQ(countOps(*g, "Mish"), 1);
        EXPECT_EQ(g->outputs()[0]->name, "mish_out");
        expectSameOutputs(make, *g);
        if (logForm) expectGolden("mish_log_form", *g);
    }
}

TEST(PassesActivationPatterns, LookalikesOfMishAreNotRecognized) {
    std::vector<std::pair<std::string, ActivationFn>> cases = {
        {"log(2 + exp(x))", [](GraphBuilder& b, Value* x) { return mish(b, x, true, 2.f); }},
        {"times another tensor", [](GraphBuilder& b, Value* x) { return mish(b, x, false, 1.f, b.input("y", kS)); }},
        {"softplus also read", [](GraphBuilder& b, Value* x) {
             Value* sp = b.op("Softplus", "softplus", {x}, kS);
             b.output(b.op("Neg", "other", {sp}, kS));
             return b.op("Mul", "mish", {b.op("Tanh", "tanh", {sp}, kS), x}, kS);
         }},
    };
    for (const auto& [form, act] : cases) {
        SCOPED_TRACE(form);
        auto g = withActivation(act);
        runRule(*g, makeRecognizeMishRule());
        EXPECT_EQ(countOps(*g, "Mish"), 0);
        EXPECT_EQ(countOps(*g, "Tanh"), 1);
    }
}

// GELU's tanh form with x³ as products: torch's own export below opset 20 writes x·(x·x).
std::unique_ptr<Graph> geluTanhCube(int cubeForm, bool squareObserved = false) {
    GraphBuilder b("gelu_tanh_cube");
    Shape s{3, 4};
    Value* x = b.input("x", s);
    Value* cube = nullptr;
    if (cubeForm == 0) cube = b.op("Mul", "cube", {x, b.op("Mul", "square", {x, x}, s)}, s);
    if (cubeForm == 1) cube = b.op("Mul", "cube", {b.op("Mul", "square", {x, x}, s), x}, s);
    if (cubeForm == 2) cube = b.op("Mul", "cube", {x, b.op("Pow", "square", {x, b.scalar("two", 2.f)}, s)}, s);
    if (squareObserved) b.output(cube->producer->inputs[cube->producer->inputs[0] == x ? 1 : 0]);
    Value* k = b.op("Mul", "mulk", {b.scalar("k", 0.044715f), cube}, s);
    Value* inner = b.op("Mul", "mulc", {b.scalar("c", float(std::sqrt(2.0 / M_PI))), b.op("Add", "inner", {x, k}, s)}, s);
    Value* a = b.op("Add", "add1", {b.op("Tanh", "tanh", {inner}, s), b.scalar("one", 1.f)}, s);
    b.output(b.op("Mul", "mulhalf", {b.scalar("half", 0.5f), b.op("Mul", "mulx", {x, a}, s)}, s));
    return b.release();
}

TEST(PassesActivationPatterns, GeluTanhWithCubeAsProducts) {
    for (int form = 0; form < 3; ++form) {
        SCOPED_TRACE(form);
        auto g = geluTanhCube(form);
        runRule(*g, makeRecognizeGeluTanhRule());
        EXPECT_EQ(g->nodeCount(), 1u);
        ASSERT_EQ(countOps(*g, "Gelu"), 1);
        EXPECT_EQ(g->nodes()[0]->attrString("approximate", ""), "tanh");
        EXPECT_EQ(g->nodes()[0]->origin.size(), 9u);
        expectSameOutputs([form] { return geluTanhCube(form); }, *g);
    }
    // x² also observed: the square must stay, so nothing fuses.
    auto g = geluTanhCube(0, true);
    runRule(*g, makeRecognizeGeluTanhRule());
    EXPECT_EQ(countOps(*g, "Gelu"), 0);
}

// Squeeze-and-excitation (MobileNetV3, EfficientNet): GlobalAveragePool → Conv → Relu → Conv →
// HardSigmoid written out → Mul with the block's input. At level 2 the two Convs take their
// activations, and the gate's Mul stays a broadcast Mul of its own: it must not join a Pointwise
// chain, whose operands are the chain's shape or constants.
std::unique_ptr<Graph> squeezeExcite(bool gateAsFc) {
    GraphBuilder b("squeeze_excite");
    Shape xs{1, 8, 5, 5}, pooled{1, 8, 1, 1}, squeezed{1, 4, 1, 1};
    Value* x = b.op("Relu", "features", {b.input("x", xs)}, xs);
    Value* gate = nullptr;
    if (!gateAsFc) {
        Value* p = b.op("GlobalAveragePool", "gap", {x}, pooled);
        Value* s = b.op("Relu", "relu", {b.op("Conv", "fc1", {p, b.weights("w1", {4, 8, 1, 1}), b.weights("b1", {4})}, squeezed)},
                        squeezed);
        Value* e = b.op("Conv", "fc2", {s, b.weights("w2", {8, 4, 1, 1}), b.weights("b2", {8})}, pooled);
        gate = hsigClipThenSixth(b, e);
    } else {  // ReduceMean → Flatten → Gemm → Relu → Gemm → Sigmoid → Reshape
        Value* p = b.op("ReduceMean", "mean", {x, b.ints("axes", {2, 3})}, pooled, {{"keepdims", int64_t(1)}});
        Value* f = b.op("Flatten", "flatten", {p}, Shape{1, 8});
        Value* s = b.op("Relu", "relu", {b.op("Gemm", "fc1", {f, b.weights("w1", {4, 8}), b.weights("b1", {4})}, Shape{1, 4},
                                              {{"transB", int64_t(1)}})},
                        Shape{1, 4});
        Value* e = b.op("Gemm", "fc2", {s, b.weights("w2", {8, 4}), b.weights("b2", {8})}, Shape{1, 8}, {{"transB", int64_t(1)}});
        Value* sig = b.op("Sigmoid", "sigmoid", {e}, Shape{1, 8});
        gate = b.op("Reshape", "unflatten", {sig, b.ints("gate_shape", {1, 8, 1, 1})}, pooled);
    }
    b.output(b.op("Mul", "excite", {x, gate}, xs));
    return b.release();
}

TEST(PassesActivationPatterns, SqueezeExcitationFusesItsLayersAndKeepsTheBroadcastMul) {
    for (bool fc : {false, true}) {
        SCOPED_TRACE(fc);
        auto g = squeezeExcite(fc);
        OptimizerOptions options;
        options.level = 2;
        optimizeGraph(*g, options);
        if (!fc) {
            EXPECT_EQ(countOps(*g, "kiln::FusedConv"), 2);
            std::vector<std::string> acts;
            for (const Node* n : g->nodes())
                if (n->opType == "FusedConv") acts.push_back(n->attrString("activation", ""));
            EXPECT_EQ(acts, (std::vector<std::string>{"Relu", "HardSigmoid"}));
        } else {
            EXPECT_EQ(countOps(*g, "kiln::FusedMatMul"), 2);
        }
        const Node* excite = findOp(*g, "Mul");
        ASSERT_NE(excite, nullptr) << g->dump();
        EXPECT_EQ(excite->outputs[0]->name, "excite_out");
        EXPECT_EQ(countOps(*g, "kiln::Pointwise"), 0);
        expectSameOutputs([fc] { return squeezeExcite(fc); }, *g);
        if (!fc) expectGolden("squeeze_excite", *g);
    }
}

}  // namespace
}  // namespace kiln::test
