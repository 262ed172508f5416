// BatchNorm folding into Conv/Gemm, Conv + bias, and the Conv epilogue fusions
// (activation, residual Add) into kiln::FusedConv.
#include "tests/unit/passes_test_util.h"

namespace kiln::test {
namespace {

using namespace kiln::passes;

const std::map<std::string, Attribute> kConv3x3{{"kernel_shape", std::vector<int64_t>{3, 3}},
                                                {"pads", std::vector<int64_t>{1, 1, 1, 1}}};

Value* conv(GraphBuilder& b, Value* x, const std::string& name, bool bias = true, int64_t out = 4) {
    std::vector<Value*> in{x, b.weights(name + ".W", {out, 3, 3, 3})};
    if (bias) in.push_back(b.weights(name + ".b", {out}));
    return b.op("Conv", name, in, Shape{1, out, 6, 6}, kConv3x3);
}

Value* batchNorm(GraphBuilder& b, Value* x, const std::string& name, bool constantMean = true) {
    Value* mean = constantMean ? b.weights(name + ".mean", {4}) : b.input(name + ".mean", Shape{4});
    return b.op("BatchNormalization", name,
                {x, b.weights(name + ".scale", {4}), b.weights(name + ".bias", {4}), mean,
                 b.weights(name + ".var", {4}, 0.5f, 2.f)},
                Shape{1, 4, 6, 6}, {{"epsilon", 1e-5f}});
}

std::unique_ptr<Graph> convBn(bool secondConsumer, bool constantMean = true) {
    GraphBuilder b("conv_bn");
    Value* x = b.input("x", Shape{1, 3, 6, 6});
    Value* c = conv(b, x, "conv", secondConsumer);  // also covers the bias-less Conv
    b.output(batchNorm(b, c, "bn", constantMean));
    if (secondConsumer) b.output(b.op("Relu", "other", {c}, Shape{1, 4, 6, 6}));
    return b.release();
}

TEST(PassesBatchNorm, FoldsIntoConv) {
    auto g = convBn(false);
    FusionReport r = runRule(*g, makeFoldBatchNormIntoConvRule());
    EXPECT_EQ(r.timesFired("FoldBatchNormIntoConv"), 1);
    EXPECT_EQ(countOps(*g, "BatchNormalization"), 0);
    EXPECT_EQ(countOps(*g, "Conv"), 1);
    EXPECT_EQ(g->nodes()[0]->origin, (std::vector<std::string>{"conv", "bn"}));
    EXPECT_EQ(g->outputs()[0]->name, "bn_out");
    expectSameOutputs([] { return convBn(false); }, *g);
    expectGolden("bn_into_conv", *g);
}

TEST(PassesBatchNorm, SecondConsumerOfConvBlocksFolding) {
    auto g = convBn(true);
    runRule(*g, makeFoldBatchNormIntoConvRule());
    EXPECT_EQ(countOps(*g, "BatchNormalization"), 1);
}

TEST(PassesBatchNorm, RuntimeStatisticsBlockFolding) {
    auto g = convBn(false, false);
    runRule(*g, makeFoldBatchNormIntoConvRule());
    EXPECT_EQ(countOps(*g, "BatchNormalization"), 1);
}

std::unique_ptr<Graph> gemmBn(bool transB) {
    GraphBuilder b("gemm_bn");
    Value* x = b.input("x", Shape{2, 5});
    Value* y = b.op("Gemm", "gemm", {x, b.weights("W", transB ? std::vector<int64_t>{4, 5} : std::vector<int64_t>{5, 4}),
                                     b.weights("C", {4})},
                    Shape{2, 4}, {{"transB", int64_t(transB)}, {"beta", 0.5f}, {"alpha", 1.5f}});
    b.output(b.op("BatchNormalization", "bn",
                  {y, b.weights("s", {4}), b.weights("o", {4}), b.weights("m", {4}), b.weights("v", {4}, 0.5f, 2.f)},
                  Shape{2, 4}));
    return b.release();
}

TEST(PassesBatchNorm, FoldsIntoGemmBothLayouts) {
    for (bool transB : {false, true}) {
        auto g = gemmBn(transB);
        runRule(*g, makeFoldBatchNormIntoGemmRule());
        EXPECT_EQ(countOps(*g, "BatchNormalization"), 0);
        EXPECT_EQ(countOps(*g, "Gemm"), 1);
        expectSameOutputs([transB] { return gemmBn(transB); }, *g);
        if (transB) expectGolden("bn_into_gemm", *g);
    }
}

std::unique_ptr<Graph> convAddConstant(bool perChannel) {
    GraphBuilder b("conv_bias");
    Value* x = b.input("x", Shape{1, 3, 6, 6});
    Value* c = conv(b, x, "conv", false);
    Value* k = perChannel ? b.weights("k", {4, 1, 1}) : b.weights("k", {1, 1, 6, 6});
    b.output(b.op("Add", "add", {c, k}, Shape{1, 4, 6, 6}));
    return b.release();
}

TEST(PassesConvEpilogue, PerChannelConstantAddBecomesConvBias) {
    auto g = convAddConstant(true);
    runRule(*g, makeFuseConvBiasRule());
    EXPECT_EQ(countOps(*g, "Add"), 0);
    EXPECT_EQ(countOps(*g, "Conv"), 1);
    expectSameOutputs([] { return convAddConstant(true); }, *g);
    expectGolden("conv_bias", *g);
}

TEST(PassesConvEpilogue, SpatiallyVaryingConstantIsNotABias) {
    auto g = convAddConstant(false);
    runRule(*g, makeFuseConvBiasRule());
    EXPECT_EQ(countOps(*g, "Add"), 1);
}

// conv → [Add(residual)] → activation, the activation given as a builder function.
using ActivationFn = std::function<Value*(GraphBuilder&, Value*)>;

std::unique_ptr<Graph> convAct(const ActivationFn& act, bool residual, bool middleIsOutput = false,
                               bool secondConsumer = false) {
    GraphBuilder b("conv_act");
    Value* x = b.input("x", Shape{1, 3, 6, 6});
    Value* c = conv(b, x, "conv");
    if (middleIsOutput) b.output(c);  // the conv result itself is observed
    if (residual) c = b.op("Add", "residual", {c, b.input("skip", Shape{1, 4, 6, 6})}, Shape{1, 4, 6, 6});
    if (secondConsumer) b.output(b.op("Neg", "other", {c}, Shape{1, 4, 6, 6}));
    b.output(act(b, c));
    return b.release();
}

Value* relu(GraphBuilder& b, Value* x) { return b.op("Relu", "relu", {x}, x->shape); }

// conv → act fuses into one kiln::FusedConv with activation `name`, computing what the graph did.
// Returns the fused graph (null when it did not fuse into one node).
std::unique_ptr<Graph> expectConvActivationFuses(const ActivationFn& act, const std::string& name) {
    auto g = convAct(act, false);
    FusionReport r = runRule(*g, makeFuseConvActivationRule());
    EXPECT_EQ(r.timesFired("FuseConvActivation"), 1);
    EXPECT_EQ(g->nodeCount(), 1u);
    if (countOps(*g, "kiln::FusedConv") != 1 || g->nodeCount() != 1) {
        ADD_FAILURE() << "no single kiln::FusedConv";
        return nullptr;
    }
    EXPECT_EQ(g->nodes()[0]->attrString("activation", ""), name);
    expectSameOutputs([act] { return convAct(act, false); }, *g);
    return g;
}

TEST(PassesConvEpilogue, EachActivationFuses) {
    std::vector<std::pair<std::string, ActivationFn>> cases = {
        {"Relu", relu},
        {"Clip", [](GraphBuilder& b, Value* x) {
             return b.op("Clip", "relu6", {x, b.scalar("lo", 0.f), b.scalar("hi", 6.f)}, x->shape);
         }},
        {"Sigmoid", [](GraphBuilder& b, Value* x) { return b.op("Sigmoid", "sig", {x}, x->shape); }},
        {"HardSwish", [](GraphBuilder& b, Value* x) { return b.op("HardSwish", "hswish", {x}, x->shape); }},
        {"LeakyRelu", [](GraphBuilder& b, Value* x) { return b.op("LeakyRelu", "lrelu", {x}, x->shape, {{"alpha", 0.2f}}); }},
        {"Gelu", [](GraphBuilder& b, Value* x) { return b.op("Gelu", "gelu", {x}, x->shape); }},
        {"SiLU", [](GraphBuilder& b, Value* x) {
             Value* s = b.op("Sigmoid", "silu_sig", {x}, x->shape);
             return b.op("Mul", "silu_mul", {x, s}, x->shape);
         }},
    };
    for (const auto& [name, act] : cases) {
        SCOPED_TRACE(name);
        auto g = expectConvActivationFuses(act, name);
        if (g && name == "SiLU") expectGolden("conv_silu", *g);
    }
}

TEST(PassesConvEpilogue, ResidualAddAndReluFuseIntoOneLayer) {
    auto g = convAct(relu, true);
    runSinglePass(*g, makePassByName("EpilogueFusion"));  // EpilogueFusion
    EXPECT_EQ(g->nodeCount(), 1u);
    ASSERT_EQ(countOps(*g, "kiln::FusedConv"), 1);
    const Node* n = g->nodes()[0];
    EXPECT_EQ(n->inputs.size(), 4u);
    EXPECT_EQ(n->inputs[3]->name, "skip");
    EXPECT_EQ(n->origin, (std::vector<std::string>{"conv", "residual", "relu"}));
    EXPECT_EQ(g->outputs()[0]->name, "relu_out");
    expectSameOutputs([] { return convAct(relu, true); }, *g);
    expectGolden("conv_residual_relu", *g);
}

TEST(PassesConvEpilogue, SecondConsumerOfConvOutputBlocksFusion) {
    auto g = convAct(relu, false, false, true);
    runRule(*g, makeFuseConvActivationRule());
    EXPECT_EQ(countOps(*g, "kiln::FusedConv"), 0);
    EXPECT_EQ(countOps(*g, "Relu"), 1);
}

TEST(PassesConvEpilogue, GraphOutputInTheMiddleBlocksFusion) {
    auto g = convAct(relu, true, true);
    runSinglePass(*g, makePassByName("EpilogueFusion"));
    EXPECT_EQ(countOps(*g, "kiln::FusedConv"), 0);
    EXPECT_EQ(countOps(*g, "Add"), 1);
    EXPECT_EQ(countOps(*g, "Relu"), 1);
}

TEST(PassesConvEpilogue, ActivationBeforeResidualIsNotReordered) {
    // conv → relu → add(skip): FusedConv computes act(conv + z), so the Add must stay outside.
    GraphBuilder b;
    Value* x = b.input("x", Shape{1, 3, 6, 6});
    Value* r = relu(b, conv(b, x, "conv"));
    b.output(b.op("Add", "residual", {r, b.input("skip", Shape{1, 4, 6, 6})}, Shape{1, 4, 6, 6}));
    auto g = b.release();
    runSinglePass(*g, makePassByName("EpilogueFusion"));
    EXPECT_EQ(countOps(*g, "kiln::FusedConv"), 1);
    EXPECT_EQ(countOps(*g, "Add"), 1);
}

// HardSwish and HardSigmoid as exporters write them out (x·clip(x+3, 0, 6)/6, clip(x+3, 0, 6)/6)
// fuse into the conv's epilogue like the ONNX ops, in each written form.
Value* clipXPlus3(GraphBuilder& b, Value* x, float three = 3.f, float hi = 6.f) {
    Value* a = b.op("Add", "hs_add", {x, b.scalar("three", three)}, x->shape);
    return b.op("Clip", "hs_clip", {a, b.scalar("zero", 0.f), b.scalar("six", hi)}, x->shape);
}

TEST(PassesConvEpilogue, DecomposedHardSwishAndHardSigmoidFuse) {
    std::vector<std::tuple<std::string, std::string, ActivationFn>> cases = {
        {"x*clip/6", "HardSwish", [](GraphBuilder& b, Value* x) {
             Value* m = b.op("Mul", "hs_mul", {x, clipXPlus3(b, x)}, x->shape);
             return b.op("Div", "hs_div", {m, b.scalar("six_d", 6.f)}, x->shape);
         }},
        {"clip*x*(1/6)", "HardSwish", [](GraphBuilder& b, Value* x) {
             Value* m = b.op("Mul", "hs_mul", {clipXPlus3(b, x), x}, x->shape);
             return b.op("Mul", "hs_sixth", {m, b.scalar("sixth", 1.f / 6.f)}, x->shape);
         }},
        {"x*(clip/6)", "HardSwish", [](GraphBuilder& b, Value* x) {
             Value* d = b.op("Div", "hs_div", {clipXPlus3(b, x), b.scalar("six_d", 6.f)}, x->shape);
             return b.op("Mul", "hs_mul", {x, d}, x->shape);
         }},
        {"clip/6", "HardSigmoid", [](GraphBuilder& b, Value* x) {
             return b.op("Div", "hsig_div", {clipXPlus3(b, x), b.scalar("six_d", 6.f)}, x->shape);
         }},
    };
    for (const auto& [form, name, act] : cases) {
        SCOPED_TRACE(form);
        expectConvActivationFuses(act, name);
    }
}

TEST(PassesConvEpilogue, LookalikesOfHardSwishDoNotFuse) {
    std::vector<std::pair<std::string, ActivationFn>> cases = {
        {"x+4", [](GraphBuilder& b, Value* x) {
             Value* m = b.op("Mul", "hs_mul", {x, clipXPlus3(b, x, 4.f)}, x->shape);
             return b.op("Div", "hs_div", {m, b.scalar("six_d", 6.f)}, x->shape);
         }},
        {"clip to 5", [](GraphBuilder& b, Value* x) {
             Value* m = b.op("Mul", "hs_mul", {x, clipXPlus3(b, x, 3.f, 5.f)}, x->shape);
             return b.op("Div", "hs_div", {m, b.scalar("six_d", 6.f)}, x->shape);
         }},
        {"/5", [](GraphBuilder& b, Value* x) {
             Value* m = b.op("Mul", "hs_mul", {x, clipXPlus3(b, x)}, x->shape);
             return b.op("Div", "hs_div", {m, b.scalar("five", 5.f)}, x->shape);
         }},
        {"the clip also an output", [](GraphBuilder& b, Value* x) {
             Value* c = clipXPlus3(b, x);
             b.output(c);
             Value* m = b.op("Mul", "hs_mul", {x, c}, x->shape);
             return b.op("Div", "hs_div", {m, b.scalar("six_d", 6.f)}, x->shape);
         }},
    };
    for (const auto& [form, act] : cases) {
        SCOPED_TRACE(form);
        auto g = convAct(act, false);
        runRule(*g, makeFuseConvActivationRule());
        for (const Node* n : g->nodes()) EXPECT_NE(n->attrString("activation", ""), "HardSwish");
        EXPECT_EQ(countOps(*g, "Mul"), 1);  // the product stays a layer of its own
        expectSameOutputs([act = act] { return convAct(act, false); }, *g);
    }
}

}  // namespace
}  // namespace kiln::test
