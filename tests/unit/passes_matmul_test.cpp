// MatMul/Gemm epilogue fusions (bias, residual, activation → kiln::FusedMatMul) and horizontal
// fusion of sibling MatMuls / Convs.
#include "tests/unit/passes_test_util.h"

namespace kiln::test {
namespace {

using namespace kiln::passes;

// x[2,3,8] · W[8,6] + b[6] (+ skip) → Gelu
std::unique_ptr<Graph> matmulBiasAct(bool residual, bool middleIsOutput = false) {
    GraphBuilder b("matmul_epilogue");
    Value* x = b.input("x", Shape{2, 3, 8});
    Value* y = b.op("MatMul", "mm", {x, b.weights("W", {8, 6})}, Shape{2, 3, 6});
    y = b.op("Add", "bias", {b.weights("b", {6}), y}, Shape{2, 3, 6});
    if (middleIsOutput) b.output(y);
    if (residual) y = b.op("Add", "residual", {y, b.input("skip", Shape{2, 3, 6})}, Shape{2, 3, 6});
    b.output(b.op("Gelu", "gelu", {y}, Shape{2, 3, 6}));
    return b.release();
}

TEST(PassesMatMulEpilogue, BiasResidualAndGeluFuse) {
    auto g = matmulBiasAct(true);
    FusionReport r = runSinglePass(*g, makePassByName("EpilogueFusion"));
    EXPECT_EQ(g->nodeCount(), 1u);
    ASSERT_EQ(countOps(*g, "kiln::FusedMatMul"), 1);
    EXPECT_EQ(r.timesFired("FuseMatMulBias"), 2);
    EXPECT_EQ(r.timesFired("FuseMatMulActivation"), 1);
    const Node* n = g->nodes()[0];
    EXPECT_EQ(n->attrString("activation", ""), "Gelu");
    EXPECT_EQ(n->origin, (std::vector<std::string>{"mm", "bias", "residual", "gelu"}));
    expectSameOutputs([] { return matmulBiasAct(true); }, *g);
    expectGolden("matmul_bias_residual_gelu", *g);
}

TEST(PassesMatMulEpilogue, GraphOutputInTheMiddleStopsAtIt) {
    auto g = matmulBiasAct(false, true);
    runSinglePass(*g, makePassByName("EpilogueFusion"));
    // MatMul + bias fuse; the bias result is a graph output, so the Gelu stays separate.
    EXPECT_EQ(countOps(*g, "kiln::FusedMatMul"), 1);
    EXPECT_EQ(countOps(*g, "Gelu"), 1);
    ASSERT_TRUE(findOp(*g, "kiln::FusedMatMul"));
    EXPECT_EQ(findOp(*g, "kiln::FusedMatMul")->attrString("activation", ""), "None");
    expectSameOutputs([] { return matmulBiasAct(false, true); }, *g);
}

TEST(PassesMatMulEpilogue, BiasThatGrowsTheOutputIsNotFused) {
    GraphBuilder b;
    Value* x = b.input("x", Shape{1, 8});
    Value* y = b.op("MatMul", "mm", {x, b.weights("W", {8, 6})}, Shape{1, 6});
    b.output(b.op("Add", "add", {y, b.weights("c", {4, 1})}, Shape{4, 6}));
    auto g = b.release();
    runRule(*g, makeFuseMatMulBiasRule());
    EXPECT_EQ(countOps(*g, "kiln::FusedMatMul"), 0);
}

std::unique_ptr<Graph> gemmRelu() {
    GraphBuilder b("gemm_relu");
    Value* x = b.input("x", Shape{3, 5});
    Value* y = b.op("Gemm", "gemm", {x, b.weights("W", {4, 5}), b.weights("C", {4})}, Shape{3, 4},
                    {{"transB", int64_t(1)}, {"alpha", 0.5f}, {"beta", 2.f}});
    b.output(b.op("Relu", "relu", {y}, Shape{3, 4}));
    return b.release();
}

TEST(PassesMatMulEpilogue, GemmWithBetaAndRelu) {
    auto g = gemmRelu();
    runRule(*g, makeFuseMatMulActivationRule());
    EXPECT_EQ(g->nodeCount(), 1u);
    EXPECT_EQ(countOps(*g, "kiln::FusedMatMul"), 1);
    expectSameOutputs(gemmRelu, *g);
    expectGolden("gemm_relu", *g);
}

// ---- horizontal fusion ----

// Q/K/V projections of x[2,4,8] with biases, each read by a Neg.
std::unique_ptr<Graph> qkv(bool sameWidth = true) {
    GraphBuilder b("qkv");
    Value* x = b.input("x", Shape{2, 4, 8});
    for (const char* p : {"q", "k", "v"}) {
        int64_t n = (!sameWidth && std::string(p) == "v") ? 4 : 8;
        Value* y = b.op("MatMul", std::string(p) + "_proj", {x, b.weights(std::string(p) + ".W", {8, n})}, Shape{2, 4, n});
        y = b.op("Add", std::string(p) + "_bias", {y, b.weights(std::string(p) + ".b", {n})}, Shape{2, 4, n});
        b.output(b.op("Neg", std::string(p) + "_use", {y}, Shape{2, 4, n}));  // not an activation: the bias outputs stay layer boundaries
    }
    return b.release();
}

TEST(PassesHorizontal, QkvProjectionsBecomeOneMatMulAndSplit) {
    auto g = qkv(false);  // different widths are fine: Split takes sizes
    runSinglePass(*g, makePassByName("EpilogueFusion"));
    EXPECT_EQ(countOps(*g, "kiln::FusedMatMul"), 3);
    FusionReport r = runSinglePass(*g, makePassByName("HorizontalFusion"));
    EXPECT_EQ(r.timesFired("FuseHorizontalMatMul"), 1);
    EXPECT_EQ(countOps(*g, "kiln::FusedMatMul"), 1);
    EXPECT_EQ(countOps(*g, "Split"), 1);
    for (const char* out : {"q_bias_out", "k_bias_out", "v_bias_out"})
        EXPECT_TRUE(g->findValue(out) && g->findValue(out)->producer) << out;
    expectSameOutputs([] { return qkv(false); }, *g);
    expectGolden("horizontal_qkv", *g);
}

// torch.nn.Linear as exported: Gemm(x, W[N,K], b){transB=1}.
std::unique_ptr<Graph> linearSiblings() {
    GraphBuilder b("linear_siblings");
    Value* x = b.input("x", Shape{3, 8});
    for (const char* p : {"q", "k"})
        b.output(b.op("Gemm", std::string(p), {x, b.weights(std::string(p) + ".W", {5, 8}), b.weights(std::string(p) + ".b", {5})},
                      Shape{3, 5}, {{"transB", int64_t(1)}, {"alpha", 0.5f}}));
    return b.release();
}

TEST(PassesHorizontal, TransposedGemmSiblingsMerge) {
    auto g = linearSiblings();
    runRule(*g, makeFuseHorizontalMatMulRule());
    EXPECT_EQ(countOps(*g, "Gemm"), 1);
    EXPECT_EQ(countOps(*g, "Split"), 1);
    expectSameOutputs(linearSiblings, *g);
}

TEST(PassesHorizontal, RuntimeWeightsAreNotMerged) {
    GraphBuilder b;
    Value* x = b.input("x", Shape{2, 8});
    b.output(b.op("MatMul", "a", {x, b.input("Wa", Shape{8, 4})}, Shape{2, 4}));
    b.output(b.op("MatMul", "b", {x, b.input("Wb", Shape{8, 4})}, Shape{2, 4}));
    auto g = b.release();
    runSinglePass(*g, makePassByName("HorizontalFusion"));
    EXPECT_EQ(countOps(*g, "MatMul"), 2);
    EXPECT_EQ(countOps(*g, "Split"), 0);
}

std::unique_ptr<Graph> parallelConvs(bool sameKernel) {
    GraphBuilder b("parallel_convs");
    Value* x = b.input("x", Shape{1, 3, 5, 5});
    b.output(b.op("Conv", "c1", {x, b.weights("c1.W", {4, 3, 1, 1}), b.weights("c1.b", {4})}, Shape{1, 4, 5, 5}));
    b.output(b.op("Conv", "c2", {x, b.weights("c2.W", {2, 3, 1, 1}), b.weights("c2.b", {2})}, Shape{1, 2, 5, 5}));
    if (sameKernel) {
        b.output(b.op("Conv", "c3", {x, b.weights("c3.W", {3, 3, 1, 1}), b.weights("c3.b", {3})}, Shape{1, 3, 5, 5}));
    } else {
        b.output(b.op("Conv", "c3", {x, b.weights("c3.W", {3, 3, 3, 3}), b.weights("c3.b", {3})}, Shape{1, 3, 5, 5},
                      {{"pads", std::vector<int64_t>{1, 1, 1, 1}}}));
    }
    return b.release();
}

TEST(PassesHorizontal, Parallel1x1ConvsBecomeOneConvAndSplit) {
    auto g = parallelConvs(true);
    runRule(*g, makeFuseHorizontalConvRule());
    EXPECT_EQ(countOps(*g, "Conv"), 1);
    EXPECT_EQ(countOps(*g, "Split"), 1);
    expectSameOutputs([] { return parallelConvs(true); }, *g);
    expectGolden("horizontal_convs", *g);
}

TEST(PassesHorizontal, DifferentKernelsAreNotMerged) {
    auto g = parallelConvs(false);
    runRule(*g, makeFuseHorizontalConvRule());
    EXPECT_EQ(countOps(*g, "Conv"), 2);  // c1 and c2 merge; the 3×3 c3 stays alone
    EXPECT_EQ(countOps(*g, "Split"), 1);
    expectSameOutputs([] { return parallelConvs(false); }, *g);
}

}  // namespace
}  // namespace kiln::test
