// LayerNormalization and GELU recognition, scaled-dot-product attention fusion.
#include <cmath>
#include <limits>

#include "tests/unit/passes_test_util.h"

namespace kiln::test {
namespace {

using namespace kiln::passes;

// The decomposed LayerNorm exporters emit, over the last axis of x[2,3,8].
std::unique_ptr<Graph> decomposedLayerNorm(bool squareAsMul, bool extraReader = false, int64_t axis = -1) {
    GraphBuilder b("layernorm");
    Shape s{2, 3, 8};
    Shape r = axis == -1 ? Shape{2, 3, 1} : Shape{2, 1, 8};
    Value* x = b.input("x", s);
    Value* axes = b.ints("axes", {axis});
    Value* mean = b.op("ReduceMean", "mean", {x, axes}, r);
    Value* d = b.op("Sub", "sub", {x, mean}, s);
    Value* sq = squareAsMul ? b.op("Mul", "sq", {d, d}, s) : b.op("Pow", "sq", {d, b.scalar("two", 2.f)}, s);
    Value* var = b.op("ReduceMean", "var", {sq, axes}, r);
    Value* ve = b.op("Add", "eps", {var, b.scalar("epsilon", 1e-5f)}, r);
    Value* sd = b.op("Sqrt", "sqrt", {ve}, r);
    Value* n = b.op("Div", "div", {d, sd}, s);
    Value* g = b.op("Mul", "gamma", {n, b.weights("ln.weight", {8})}, s);
    b.output(b.op("Add", "beta", {g, b.weights("ln.bias", {8})}, s));
    if (extraReader) b.output(b.op("Neg", "extra", {d}, s));
    return b.release();
}

TEST(PassesLayerNorm, DecomposedFormIsRecognized) {
    for (bool mul : {false, true}) {
        auto g = decomposedLayerNorm(mul);
        FusionReport r = runRule(*g, makeRecognizeLayerNormRule());
        EXPECT_EQ(r.timesFired("RecognizeLayerNorm"), 1);
        EXPECT_EQ(g->nodeCount(), 1u);
        ASSERT_EQ(countOps(*g, "LayerNormalization"), 1);
        EXPECT_EQ(g->nodes()[0]->origin.size(), 9u);
        EXPECT_EQ(g->outputs()[0]->name, "beta_out");
        expectSameOutputs([mul] { return decomposedLayerNorm(mul); }, *g);
        if (!mul) expectGolden("layernorm", *g);
    }
}

TEST(PassesLayerNorm, ExtraReaderOrNonTrailingAxisBlocks) {
    auto g = decomposedLayerNorm(false, true);
    runRule(*g, makeRecognizeLayerNormRule());
    EXPECT_EQ(countOps(*g, "LayerNormalization"), 0);
    auto g2 = decomposedLayerNorm(false, false, 1);
    runRule(*g2, makeRecognizeLayerNormRule());
    EXPECT_EQ(countOps(*g2, "LayerNormalization"), 0);
}

// GELU's erf form in the three factor orders exporters use.
std::unique_ptr<Graph> geluErf(int order, float half = 0.5f) {
    GraphBuilder b("gelu_erf");
    Shape s{2, 5};
    Value* x = b.input("x", s);
    Value* t = b.op("Div", "div", {x, b.scalar("sqrt2", float(std::sqrt(2.0)))}, s);
    Value* e = b.op("Erf", "erf", {t}, s);
    Value* a = b.op("Add", "add1", {e, b.scalar("one", 1.f)}, s);
    Value* y = nullptr;
    if (order == 0) y = b.op("Mul", "mulhalf", {b.op("Mul", "mulx", {x, a}, s), b.scalar("half", half)}, s);
    if (order == 1) y = b.op("Mul", "mulx", {b.op("Mul", "halfx", {x, b.scalar("half", half)}, s), a}, s);
    if (order == 2) y = b.op("Mul", "mulx", {x, b.op("Mul", "mulhalf", {a, b.scalar("half", half)}, s)}, s);
    b.output(y);
    return b.release();
}

TEST(PassesGelu, ErfFormInEveryOrder) {
    for (int order = 0; order < 3; ++order) {
        SCOPED_TRACE(order);
        auto g = geluErf(order);
        runRule(*g, makeRecognizeGeluErfRule());
        EXPECT_EQ(g->nodeCount(), 1u);
        ASSERT_EQ(countOps(*g, "Gelu"), 1);
        expectSameOutputs([order] { return geluErf(order); }, *g);
        if (order == 0) expectGolden("gelu_erf", *g);
    }
}

TEST(PassesGelu, WrongConstantIsNotGelu) {
    auto g = geluErf(0, 0.6f);
    runRule(*g, makeRecognizeGeluErfRule());
    EXPECT_EQ(countOps(*g, "Gelu"), 0);
    EXPECT_EQ(countOps(*g, "Erf"), 1);
}

std::unique_ptr<Graph> geluTanh() {
    GraphBuilder b("gelu_tanh");
    Shape s{3, 4};
    Value* x = b.input("x", s);
    Value* cube = b.op("Pow", "pow", {x, b.scalar("three", 3.f)}, s);
    Value* k = b.op("Mul", "mulk", {b.scalar("k", 0.044715f), cube}, s);
    Value* inner = b.op("Add", "inner", {x, k}, s);
    Value* sc = b.op("Mul", "mulc", {inner, b.scalar("c", float(std::sqrt(2.0 / M_PI)))}, s);
    Value* t = b.op("Tanh", "tanh", {sc}, s);
    Value* a = b.op("Add", "add1", {t, b.scalar("one", 1.f)}, s);
    b.output(b.op("Mul", "mulx", {b.op("Mul", "halfx", {x, b.scalar("half", 0.5f)}, s), a}, s));
    return b.release();
}

TEST(PassesGelu, TanhForm) {
    auto g = geluTanh();
    runRule(*g, makeRecognizeGeluTanhRule());
    EXPECT_EQ(g->nodeCount(), 1u);
    ASSERT_EQ(countOps(*g, "Gelu"), 1);
    EXPECT_EQ(g->nodes()[0]->attrString("approximate", ""), "tanh");
    expectSameOutputs(geluTanh, *g);
    expectGolden("gelu_tanh", *g);
}

// softmax(Q·Kᵀ / √d + mask)·V with Q[2,2,4,8], Kᵀ[2,2,8,4], V[2,2,4,8], mask[2,1,1,4].
std::unique_ptr<Graph> attention(bool withMask, bool probsAlsoOutput = false) {
    GraphBuilder b("attention");
    Value* q = b.input("q", Shape{2, 2, 4, 8});
    Value* kt = b.input("kt", Shape{2, 2, 8, 4});
    Value* v = b.input("v", Shape{2, 2, 4, 8});
    Shape ss{2, 2, 4, 4};
    Value* s = b.op("MatMul", "qk", {q, kt}, ss);
    s = withMask ? b.op("Div", "scale", {s, b.scalar("sqrt_d", float(std::sqrt(8.0)))}, ss)
                 : b.op("Mul", "scale", {b.scalar("inv_sqrt_d", float(1 / std::sqrt(8.0))), s}, ss);
    if (withMask) s = b.op("Add", "mask_add", {s, b.input("mask", Shape{2, 1, 1, 4})}, ss);
    Value* p = b.op("Softmax", "softmax", {s}, ss, {{"axis", int64_t(-1)}});
    if (probsAlsoOutput) b.output(p);
    b.output(b.op("MatMul", "pv", {p, v}, Shape{2, 2, 4, 8}));
    return b.release();
}

TEST(PassesAttention, ScaledDotProductWithAndWithoutMask) {
    for (bool mask : {true, false}) {
        SCOPED_TRACE(mask);
        auto g = attention(mask);
        runRule(*g, makeFuseAttentionRule());
        EXPECT_EQ(g->nodeCount(), 1u);
        ASSERT_EQ(countOps(*g, "kiln::Attention"), 1);
        EXPECT_EQ(g->nodes()[0]->inputs.size(), mask ? 4u : 3u);
        EXPECT_EQ(g->outputs()[0]->name, "pv_out");
        expectSameOutputs([mask] { return attention(mask); }, *g);
        if (mask) expectGolden("attention", *g);
    }
}

TEST(PassesAttention, ObservedProbabilitiesBlockFusion) {
    auto g = attention(true, true);
    runRule(*g, makeFuseAttentionRule());
    EXPECT_EQ(countOps(*g, "kiln::Attention"), 0);
    EXPECT_EQ(countOps(*g, "Softmax"), 1);
}

// The dynamo exporter's form: Q and Kᵀ each scaled by √scale, a NaN guard after Softmax, and a
// mask that hides every key of batch 1 (its rows come out NaN, then 0).
std::unique_ptr<Graph> attentionDynamo() {
    GraphBuilder b("attention_dynamo");
    Value* q = b.input("q", Shape{2, 2, 4, 8});
    Value* kt = b.input("kt", Shape{2, 2, 8, 4});
    Value* v = b.input("v", Shape{2, 2, 4, 8});
    Value* s = b.scalar("sqrt_scale", float(std::pow(8.0, -0.25)));
    Shape ss{2, 2, 4, 4};
    Value* qs = b.op("Mul", "q_scale", {q, s}, Shape{2, 2, 4, 8});
    Value* ks = b.op("Mul", "k_scale", {kt, s}, Shape{2, 2, 8, 4});
    Value* scores = b.op("MatMul", "qk", {qs, ks}, ss);
    float inf = std::numeric_limits<float>::infinity();
    Value* mask = b.constant("mask", Tensor::fromVector<float>({2, 1, 1, 4}, {0, 0, -inf, 0, -inf, -inf, -inf, -inf}));
    scores = b.op("Add", "mask_add", {scores, mask}, ss);
    Value* p = b.op("Softmax", "softmax", {scores}, ss, {{"axis", int64_t(-1)}});
    Value* nan = b.op("IsNaN", "isnan", {p}, ss, {}, DataType::Bool);
    Value* safe = b.op("Where", "where", {nan, b.scalar("zero", 0.f), p}, ss);
    b.output(b.op("MatMul", "pv", {safe, v}, Shape{2, 2, 4, 8}));
    return b.release();
}

TEST(PassesAttention, DynamoFormWithNanGuardAndScaledOperands) {
    auto g = attentionDynamo();
    runRule(*g, makeFuseAttentionRule());
    EXPECT_EQ(g->nodeCount(), 1u);
    ASSERT_EQ(countOps(*g, "kiln::Attention"), 1);
    const Node* n = g->nodes()[0];
    EXPECT_EQ(n->attrInt("nan_to_zero", 0), 1);
    EXPECT_NEAR(n->attrFloat("scale", 0), 1 / std::sqrt(8.0), 1e-6);
    EXPECT_EQ(n->inputs[0]->name, "q");
    expectSameOutputs(attentionDynamo, *g);
    expectGolden("attention_dynamo", *g);
}

}  // namespace
}  // namespace kiln::test
