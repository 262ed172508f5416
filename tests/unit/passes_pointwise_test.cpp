// Pointwise chain fusion into kiln::Pointwise.
#include "tests/unit/passes_test_util.h"

namespace kiln::test {
namespace {

using namespace kiln::passes;

// x → Mul(const) → Sub(const from the left: c − x) → Relu → Add(other, same shape) → Clip
std::unique_ptr<Graph> chain(bool branchInMiddle, DataType dtype = DataType::Float32) {
    GraphBuilder b("pointwise");
    Shape s{2, 3, 4};
    Value* x = b.input("x", s, dtype);
    Value* other = b.input("other", s, dtype);
    Value* a = b.op("Mul", "scale", {x, b.weights("k", {3, 1})}, s, {}, dtype);
    Value* c = b.op("Sub", "rsub", {b.scalar("one", 1.f), a}, s, {}, dtype);
    Value* r = b.op("Relu", "relu", {c}, s, {}, dtype);
    if (branchInMiddle) b.output(b.op("Neg", "branch", {r}, s, {}, dtype));
    Value* d = b.op("Add", "add", {r, other}, s, {}, dtype);
    b.output(b.op("Clip", "clip", {d, b.scalar("lo", 0.f), b.scalar("hi", 1.5f)}, s, {}, dtype));
    return b.release();
}

TEST(PassesPointwise, ChainBecomesOneLayer) {
    auto g = chain(false);
    FusionReport r = runRule(*g, makeFusePointwiseChainRule());
    EXPECT_EQ(r.timesFired("FusePointwiseChain"), 1);
    EXPECT_EQ(g->nodeCount(), 1u);
    ASSERT_EQ(countOps(*g, "kiln::Pointwise"), 1);
    const Node* n = g->nodes()[0];
    EXPECT_EQ(n->attrStrings("ops"), (std::vector<std::string>{"Mul", "RSub", "Relu", "Add", "Clip"}));
    EXPECT_EQ(n->origin, (std::vector<std::string>{"scale", "rsub", "relu", "add", "clip"}));
    EXPECT_EQ(g->outputs()[0]->name, "clip_out");
    expectSameOutputs([] { return chain(false); }, *g);
    expectGolden("pointwise_chain", *g);
}

TEST(PassesPointwise, SecondConsumerSplitsTheChain) {
    auto g = chain(true);
    runRule(*g, makeFusePointwiseChainRule());
    // scale → rsub → relu stops at relu (read by the branch too); add → clip fuse separately.
    EXPECT_EQ(countOps(*g, "kiln::Pointwise"), 2);
    EXPECT_EQ(countOps(*g, "Neg"), 1);
    EXPECT_TRUE(g->findValue("relu_out")->producer);
    expectSameOutputs([] { return chain(true); }, *g);
}

TEST(PassesPointwise, SingleOpAndNonFloatAreLeftAlone) {
    GraphBuilder b;
    Value* x = b.input("x", Shape{4});
    b.output(b.op("Relu", "relu", {x}, Shape{4}));
    auto g = b.release();
    runRule(*g, makeFusePointwiseChainRule());
    EXPECT_EQ(countOps(*g, "kiln::Pointwise"), 0);

    GraphBuilder bi;
    Value* xi = bi.input("x", Shape{4}, DataType::Int64);
    Value* a = bi.op("Add", "a", {xi, xi}, Shape{4}, {}, DataType::Int64);
    bi.output(bi.op("Neg", "n", {a}, Shape{4}, {}, DataType::Int64));
    auto gi = bi.release();
    runRule(*gi, makeFusePointwiseChainRule());
    EXPECT_EQ(countOps(*gi, "kiln::Pointwise"), 0);
}

}  // namespace
}  // namespace kiln::test
