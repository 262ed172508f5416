// passes::unfuse: every fused Kiln op written back out as plain ONNX nodes computes what the fused
// node computes (CPU Executor, within rounding), with the same input and output values and the fused
// node's origin on every new node; what it can't write out exactly leaves the graph unchanged.
#include "engine_core/passes/fused_ops.h"
#include "engine_core/passes/unfuse.h"
#include "tests/unit/passes_test_util.h"

namespace kiln::test {
namespace {

using Floats = std::vector<float>;
using Ints = std::vector<int64_t>;
using fused::Activation;

const std::vector<Activation> kActivations{
    Activation::None,    Activation::Relu,        Activation::LeakyRelu, Activation::Clip,
    Activation::Sigmoid, Activation::HardSigmoid, Activation::HardSwish, Activation::Tanh,
    Activation::SiLU,    Activation::Gelu,        Activation::GeluTanh};

Floats paramsOf(Activation a) {
    switch (a) {
        case Activation::LeakyRelu:
            return {0.1f, 0.f};
        case Activation::Clip:
            return {-0.5f, 0.75f};
        case Activation::HardSigmoid:
            return {0.3f, 0.4f};
        default:
            return {0.f, 0.f};
    }
}

// Runs the graph from `factory` with its kiln node as is, then unfused, and compares the outputs.
// Returns the unfused graph for structural checks.
std::unique_ptr<Graph> expectUnfusedMatches(const GraphFactory& factory, const std::string& fusedOp,
                                            size_t expectedNodes, double tol = 2e-4) {
    std::unique_ptr<Graph> g = factory();
    Node* fusedNode = const_cast<Node*>(findOp(*g, "kiln::" + fusedOp));
    EXPECT_NE(fusedNode, nullptr);
    if (!fusedNode) return g;
    const std::string name = fusedNode->name;
    const std::vector<std::string> origin = fusedNode->origin;
    Value* in0 = fusedNode->inputs[0];
    Value* out = fusedNode->outputs[0];
    EXPECT_TRUE(passes::canUnfuse(*fusedNode));
    std::vector<Node*> plain = passes::unfuse(*g, fusedNode);
    EXPECT_EQ(plain.size(), expectedNodes) << g->dump();
    EXPECT_EQ(countOps(*g, "kiln::" + fusedOp), 0);
    g->validate();
    if (plain.empty()) return g;
    EXPECT_EQ(plain.back()->outputs[0], out);  // the same output value, so the tensor names survive
    bool readsInput = false;
    for (Node* n : plain) {
        EXPECT_EQ(n->origin, origin) << n->name;
        EXPECT_EQ(n->name.rfind(name + "/", 0), 0u) << n->name;
        EXPECT_TRUE(n->domain.empty()) << n->name;
        for (Value* v : n->inputs) readsInput = readsInput || v == in0;
    }
    EXPECT_TRUE(readsInput);
    expectSameOutputs(factory, *g, tol);
    return g;
}

size_t activationNodes(Activation a) {
    return a == Activation::None ? 0 : a == Activation::SiLU ? 2 : 1;
}

std::map<std::string, Attribute> epilogueAttrs(Activation a) {
    return {{"activation", std::string(fused::activationName(a))}, {"activation_params", paramsOf(a)}};
}

TEST(PassesUnfuse, FusedConvEveryActivationMatches) {
    for (Activation a : kActivations) {
        SCOPED_TRACE(std::string(fused::activationName(a)));
        auto factory = [a] {
            GraphBuilder b;
            Value* x = b.input("x", {2, 3, 7, 6});
            Value* z = b.input("z", {2, 4, 7, 6});
            auto attrs = epilogueAttrs(a);
            attrs["pads"] = Ints{1, 1, 1, 1};
            b.output(b.op("FusedConv", "conv", {x, b.weights("w", {4, 3, 3, 3}), b.weights("b", {4}), z},
                          {2, 4, 7, 6}, attrs, DataType::Float32, "kiln"));
            return b.release();
        };
        auto g = expectUnfusedMatches(factory, "FusedConv", 2 + activationNodes(a));
        EXPECT_EQ(countOps(*g, "Conv"), 1);
    }
}

TEST(PassesUnfuse, FusedConvWithoutBiasOrResidual) {
    auto factory = [] {
        GraphBuilder b;
        Value* x = b.input("x", {1, 2, 5, 5});
        b.output(
            b.op("FusedConv", "conv", {x, b.weights("w", {3, 2, 1, 1}), nullptr, nullptr}, {1, 3, 3, 3},
                 {{"strides", Ints{2, 2}}, {"activation", "Relu"}, {"activation_params", Floats{0.f, 0.f}}},
                 DataType::Float32, "kiln"));
        return b.release();
    };
    auto g = expectUnfusedMatches(factory, "FusedConv", 2);
    const Node* conv = findOp(*g, "Conv");
    ASSERT_NE(conv, nullptr);
    EXPECT_EQ(conv->inputs.size(), 2u);
    EXPECT_FALSE(conv->hasAttr("activation"));
    EXPECT_EQ(conv->attrInts("strides"), (Ints{2, 2}));
}

TEST(PassesUnfuse, FusedMatMulEveryActivationMatches) {
    for (Activation a : kActivations) {
        SCOPED_TRACE(std::string(fused::activationName(a)));
        auto factory = [a] {
            GraphBuilder b;
            Value* x = b.input("x", {2, 5, 9});
            Value* z = b.input("z", {2, 5, 7});
            b.output(b.op("FusedMatMul", "fc", {x, b.weights("w", {9, 7}), b.weights("bias", {7}), z},
                          {2, 5, 7}, epilogueAttrs(a), DataType::Float32, "kiln"));
            return b.release();
        };
        auto g = expectUnfusedMatches(factory, "FusedMatMul", 3 + activationNodes(a));
        EXPECT_EQ(countOps(*g, "MatMul"), 1);
        EXPECT_EQ(countOps(*g, "Add"), 2);
    }
}

TEST(PassesUnfuse, FusedMatMulGemmFormKeepsTransposesAndAlpha) {
    // beta on the fused node does not scale the bias (the contract's bias is unscaled).
    for (bool withBeta : {false, true}) {
        auto factory = [withBeta] {
            GraphBuilder b;
            Value* a = b.input("a", {8, 5});
            std::map<std::string, Attribute> attrs{{"transA", int64_t(1)},
                                                   {"transB", int64_t(1)},
                                                   {"alpha", 0.5f},
                                                   {"activation", "Tanh"},
                                                   {"activation_params", Floats{0.f, 0.f}}};
            if (withBeta) attrs["beta"] = 1.f;
            b.output(b.op("FusedMatMul", "gemm", {a, b.weights("w", {6, 8}), b.weights("c", {6})}, {5, 6},
                          attrs, DataType::Float32, "kiln"));
            return b.release();
        };
        auto g = expectUnfusedMatches(factory, "FusedMatMul", 2);
        const Node* gemm = findOp(*g, "Gemm");
        ASSERT_NE(gemm, nullptr);
        EXPECT_EQ(gemm->inputs.size(), 3u);
        EXPECT_FALSE(gemm->hasAttr("beta"));
        EXPECT_EQ(gemm->attrInt("transA"), 1);
        EXPECT_EQ(gemm->attrFloat("alpha", 0.f), 0.5f);
    }
}

// A Pointwise node over x and the given operands (input 1.. of the node).
GraphFactory pointwise(std::vector<std::string> ops, Ints operand, Floats alpha, Floats beta,
                       std::function<std::vector<Value*>(GraphBuilder&)> operands) {
    return [=] {
        GraphBuilder b;
        Value* x = b.input("x", {3, 4, 5});
        std::vector<Value*> ins{x};
        for (Value* v : operands(b)) ins.push_back(v);
        b.output(b.op("Pointwise", "chain", ins, {3, 4, 5},
                      {{"ops", ops}, {"operand", operand}, {"alpha", alpha}, {"beta", beta}},
                      DataType::Float32, "kiln"));
        return b.release();
    };
}

TEST(PassesUnfuse, PointwiseActivationStepsMatch) {
    std::vector<std::string> ops{"LeakyRelu", "Clip", "HardSigmoid", "Relu",    "Sigmoid",
                                 "HardSwish", "Tanh", "Gelu",        "GeluTanh"};
    const size_t n = ops.size();
    Floats alpha(n, 0.f), beta(n, 0.f);
    alpha[0] = 0.2f;                  // LeakyRelu
    alpha[1] = -1.5f, beta[1] = 1.f;  // Clip
    alpha[2] = 0.4f, beta[2] = 0.3f;  // HardSigmoid
    auto g = expectUnfusedMatches(
        pointwise(ops, Ints(n, -1), alpha, beta, [](GraphBuilder&) { return std::vector<Value*>{}; }),
        "Pointwise", n);
    const Node* clip = findOp(*g, "Clip");
    ASSERT_NE(clip, nullptr);
    ASSERT_EQ(clip->inputs.size(), 3u);
    EXPECT_TRUE(clip->inputs[1]->isConstant() && clip->inputs[2]->isConstant());
    EXPECT_EQ(clip->inputs[1]->constant->scalarAsDouble(0), -1.5);
    EXPECT_EQ(findOp(*g, "LeakyRelu")->attrFloat("alpha", 0.f), 0.2f);
}

TEST(PassesUnfuse, PointwiseUnaryMathStepsMatch) {
    // Floor and Ceil first, on exact values; Sqrt then Log after Abs + 0.5, so nothing is NaN.
    std::vector<std::string> ops{"Floor", "Add", "Ceil", "Abs",        "Add", "Sqrt",
                                 "Log",   "Exp", "Neg",  "Reciprocal", "Erf", "Softplus"};
    const size_t n = ops.size();
    Ints operand(n, -1);
    operand[1] = 1;
    operand[4] = 2;
    auto factory = pointwise(ops, operand, Floats(n, 0.f), Floats(n, 0.f), [](GraphBuilder& b) {
        return std::vector<Value*>{b.weights("shift", {4, 5}), b.scalar("half", 0.5f)};
    });
    expectUnfusedMatches(factory, "Pointwise", n);
}

TEST(PassesUnfuse, PointwiseBinaryStepsSwapOperandsForReversedOps) {
    // x·x (operand 0 is x itself), then every binary op against a broadcast, a full and a scalar operand.
    std::vector<std::string> ops{"Mul", "Sub", "RSub", "Div", "RDiv", "Max",
                                 "Min", "Add", "Pow",  "Abs", "RPow"};
    Ints operand{0, 1, 2, 3, 3, 1, 2, 4, 4, -1, 5};
    const size_t n = ops.size();
    auto factory = pointwise(ops, operand, Floats(n, 0.f), Floats(n, 0.f), [](GraphBuilder& b) {
        return std::vector<Value*>{b.weights("a", {5}), b.input("full", {3, 4, 5}),
                                   b.weights("divisor", {4, 1}, 0.5f, 1.5f), b.scalar("two", 2.f),
                                   b.scalar("base", 1.5f)};
    });
    auto g = expectUnfusedMatches(factory, "Pointwise", n, 5e-4);
    // RSub is Sub(operand, chain): the operand comes first.
    int reversed = 0;
    for (const Node* node : g->nodes())
        if (node->opType == "Sub" && node->inputs[0]->name == "full") ++reversed;
    EXPECT_EQ(reversed, 1);
    const Node* square = findOp(*g, "Mul");
    EXPECT_EQ(square->inputs[0], square->inputs[1]);
}

GraphFactory attention(bool mask, float scale, bool nanToZero, bool fullyMaskedRow) {
    return [=] {
        GraphBuilder b;
        Value* q = b.input("q", {2, 3, 4, 8});
        Value* kt = b.input("kt", {2, 1, 8, 5});  // one head broadcast over three
        Value* v = b.input("v", {2, 3, 5, 6});
        std::vector<Value*> ins{q, kt, v};
        if (mask) {
            Tensor m(DataType::Float32, {2, 1, 4, 5});
            for (int64_t i = 0; i < m.numel(); ++i) m.data<float>()[i] = (i % 3 == 0) ? -1e9f : 0.f;
            if (fullyMaskedRow)
                for (int64_t t = 0; t < 5; ++t) m.data<float>()[t] = -INFINITY;  // batch 0, row 0
            ins.push_back(b.constant("mask", m));
        }
        std::map<std::string, Attribute> attrs{{"scale", scale}};
        if (nanToZero) attrs["nan_to_zero"] = int64_t(1);
        b.output(b.op("Attention", "attn", ins, {2, 3, 4, 6}, attrs, DataType::Float32, "kiln"));
        return b.release();
    };
}

TEST(PassesUnfuse, AttentionMatches) {
    auto g = expectUnfusedMatches(attention(true, 0.35f, false, false), "Attention", 5);
    EXPECT_EQ(findOp(*g, "Softmax")->attrInt("axis"), -1);
    // [batch..., S, T] on the scores, broadcast over the heads.
    EXPECT_EQ(findOp(*g, "Softmax")->outputs[0]->shape, (Shape{2, 3, 4, 5}));
    // scale 1: no Mul; no mask: no Add.
    g = expectUnfusedMatches(attention(false, 1.f, false, false), "Attention", 3);
    EXPECT_EQ(countOps(*g, "Mul"), 0);
    EXPECT_EQ(countOps(*g, "Add"), 0);
}

TEST(PassesUnfuse, AttentionNanToZeroZeroesFullyMaskedRows) {
    auto g = expectUnfusedMatches(attention(true, 0.5f, true, true), "Attention", 7);
    EXPECT_EQ(countOps(*g, "IsNaN"), 1);
    EXPECT_EQ(countOps(*g, "Where"), 1);
    TensorMap out = Executor(*g).run(randomInputs(*g));
    const Tensor& y = out.begin()->second;
    for (int64_t d = 0; d < 6; ++d) EXPECT_EQ(y.data<float>()[d], 0.f);  // batch 0, head 0, row 0
}

TEST(PassesUnfuse, UnknownAttributeOrOpLeavesTheGraphUnchanged) {
    GraphBuilder b;
    Value* x = b.input("x", {2, 4});
    Value* y = b.op("FusedMatMul", "fc", {x, b.weights("w", {4, 3})}, {2, 3},
                    {{"activation", "Relu"}, {"some_future_flag", int64_t(1)}}, DataType::Float32, "kiln");
    Value* z = b.op("Pointwise", "pw", {y}, {2, 3},
                    {{"ops", std::vector<std::string>{"NoSuchOp"}},
                     {"operand", Ints{-1}},
                     {"alpha", Floats{0.f}},
                     {"beta", Floats{0.f}}},
                    DataType::Float32, "kiln");
    Value* r = b.op("Relu", "relu", {z}, {2, 3});
    b.output(r);
    Graph& g = b.graph();
    const std::string before = g.dump();
    for (Node* n : g.nodes()) {
        EXPECT_FALSE(passes::canUnfuse(*n)) << n->name;
        EXPECT_TRUE(passes::unfuse(g, n).empty()) << n->name;
    }
    EXPECT_EQ(g.dump(), before);
}

}  // namespace
}  // namespace kiln::test
