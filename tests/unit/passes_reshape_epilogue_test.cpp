// Activations and residual Adds behind a Reshape (GPT-2's Conv1D: Reshape → Gemm → Reshape → act,
// and Gemm → Reshape → residual Add) move above it, so EpilogueFusion fuses them into the GEMM.
#include "tests/unit/passes_test_util.h"

namespace kiln::test {
namespace {

using namespace kiln::passes;

struct Conv1dOptions {
    bool secondReaderOfReshape = false;  // the reshaped product is also a graph output
    bool secondReaderOfProduct = false;  // the Gemm's output is also read by a Neg
    bool siluThroughFlatten = false;     // SiLU as x·Sigmoid(x), after an Unsqueeze
};

// x[1,4,8] → Reshape[4,8] → Gemm(W[8,12], b[12]) → Reshape[1,4,12] → Gelu(tanh)
std::unique_ptr<Graph> conv1dGelu(Conv1dOptions o = {}) {
    GraphBuilder b("conv1d_gelu");
    Value* x = b.input("x", Shape{1, 4, 8});
    Value* x2 = b.op("Reshape", "flat", {x, b.ints("flat_shape", {4, 8})}, Shape{4, 8});
    Value* y = b.op("Gemm", "gemm", {x2, b.weights("W", {8, 12}), b.weights("b", {12})}, Shape{4, 12});
    if (o.secondReaderOfProduct) b.output(b.op("Neg", "neg", {y}, Shape{4, 12}));
    if (o.siluThroughFlatten) {
        Value* r = b.op("Unsqueeze", "unsq", {y, b.ints("axes", {0})}, Shape{1, 4, 12});
        Value* s = b.op("Sigmoid", "sig", {r}, Shape{1, 4, 12});
        b.output(b.op("Mul", "silu", {r, s}, Shape{1, 4, 12}));
        return b.release();
    }
    Value* r = b.op("Reshape", "unflat", {y, b.ints("unflat_shape", {1, 4, 12})}, Shape{1, 4, 12});
    if (o.secondReaderOfReshape) b.output(r);
    b.output(b.op("Gelu", "gelu", {r}, Shape{1, 4, 12}, {{"approximate", std::string("tanh")}}));
    return b.release();
}

TEST(PassesReshapeEpilogue, GeluAfterReshapeFusesIntoTheGemm) {
    auto g = conv1dGelu();
    FusionReport r = runSinglePass(*g, makePassByName("EpilogueFusion"));
    g->validate();
    EXPECT_EQ(r.timesFired("HoistActivationAboveReshape"), 1);
    EXPECT_EQ(countOps(*g, "Gelu"), 0);  // the old EpilogueFusion left Gemm → Reshape → Gelu
    ASSERT_EQ(countOps(*g, "kiln::FusedMatMul"), 1);
    EXPECT_EQ(findOp(*g, "kiln::FusedMatMul")->attrString("activation", ""), "GeluTanh");
    // The graph output keeps its name and shape; the Reshape now writes it.
    ASSERT_EQ(g->outputs().size(), 1u);
    EXPECT_EQ(g->outputs()[0]->name, "gelu_out");
    EXPECT_EQ(g->outputs()[0]->shape, (Shape{1, 4, 12}));
    EXPECT_EQ(g->outputs()[0]->producer->opType, "Reshape");
    expectSameOutputs([] { return conv1dGelu(); }, *g);
    expectGolden("reshape_gemm_gelu", *g);
}

TEST(PassesReshapeEpilogue, SiluAfterUnsqueezeMovesWithBothNodes) {
    Conv1dOptions o;
    o.siluThroughFlatten = true;
    auto g = conv1dGelu(o);
    FusionReport r = runSinglePass(*g, makePassByName("EpilogueFusion"));
    g->validate();
    EXPECT_EQ(r.timesFired("HoistActivationAboveReshape"), 1);
    EXPECT_EQ(countOps(*g, "Sigmoid"), 0);
    EXPECT_EQ(countOps(*g, "Mul"), 0);
    ASSERT_EQ(countOps(*g, "kiln::FusedMatMul"), 1);
    EXPECT_EQ(findOp(*g, "kiln::FusedMatMul")->attrString("activation", ""), "SiLU");
    expectSameOutputs([o] { return conv1dGelu(o); }, *g);
}

TEST(PassesReshapeEpilogue, SecondReaderOfTheReshapeBlocksTheMove) {
    Conv1dOptions o;
    o.secondReaderOfReshape = true;
    auto g = conv1dGelu(o);
    FusionReport r = runSinglePass(*g, makePassByName("EpilogueFusion"));
    EXPECT_EQ(r.timesFired("HoistActivationAboveReshape"), 0);
    EXPECT_EQ(countOps(*g, "Gelu"), 1);
    EXPECT_EQ(countOps(*g, "Reshape"), 2);
    expectSameOutputs([o] { return conv1dGelu(o); }, *g);
}

TEST(PassesReshapeEpilogue, SecondReaderOfTheProductBlocksTheMove) {
    Conv1dOptions o;
    o.secondReaderOfProduct = true;
    auto g = conv1dGelu(o);
    FusionReport r = runSinglePass(*g, makePassByName("EpilogueFusion"));
    EXPECT_EQ(r.timesFired("HoistActivationAboveReshape"), 0);
    EXPECT_EQ(countOps(*g, "Gelu"), 1);
    expectSameOutputs([o] { return conv1dGelu(o); }, *g);
}

TEST(PassesReshapeEpilogue, NoProductNoMove) {
    // Reshape → Gelu with a graph input behind the reshape: nothing to fuse into, nothing moves.
    GraphBuilder b;
    Value* x = b.input("x", Shape{4, 12});
    Value* r = b.op("Reshape", "unflat", {x, b.ints("shape", {1, 4, 12})}, Shape{1, 4, 12});
    b.output(b.op("Tanh", "tanh", {r}, Shape{1, 4, 12}));
    auto g = b.release();
    FusionReport rep = runSinglePass(*g, makePassByName("EpilogueFusion"));
    EXPECT_EQ(rep.timesFired("HoistActivationAboveReshape"), 0);
    EXPECT_EQ(g->outputs()[0]->producer->opType, "Tanh");
}

// x[1,4,8] → Reshape[4,8] → Gemm → Reshape[1,4,12] → Add(·, skip) (skip of `skipShape`)
std::unique_ptr<Graph> conv1dResidual(Shape skipShape, bool reshapeAlsoOutput = false) {
    GraphBuilder b("conv1d_residual");
    Value* x = b.input("x", Shape{1, 4, 8});
    Value* skip = b.input("skip", skipShape);
    Value* x2 = b.op("Reshape", "flat", {x, b.ints("flat_shape", {4, 8})}, Shape{4, 8});
    Value* y = b.op("Gemm", "gemm", {x2, b.weights("W", {8, 12}), b.weights("b", {12})}, Shape{4, 12});
    Value* r = b.op("Reshape", "unflat", {y, b.ints("unflat_shape", {1, 4, 12})}, Shape{1, 4, 12});
    if (reshapeAlsoOutput) b.output(r);
    b.output(b.op("Add", "residual", {skip, r}, Shape{1, 4, 12}));
    return b.release();
}

TEST(PassesReshapeEpilogue, ResidualAddAfterReshapeBecomesTheGemmsZ) {
    auto g = conv1dResidual(Shape{1, 4, 12});
    FusionReport r = runSinglePass(*g, makePassByName("EpilogueFusion"));
    g->validate();
    EXPECT_EQ(r.timesFired("MoveResidualAboveReshape"), 1);
    EXPECT_EQ(countOps(*g, "Add"), 0);  // the old EpilogueFusion left Gemm → Reshape → Add
    ASSERT_EQ(countOps(*g, "kiln::FusedMatMul"), 1);
    const Node* mm = findOp(*g, "kiln::FusedMatMul");
    ASSERT_EQ(mm->inputs.size(), 4u);  // A, B, bias, Z = the residual viewed as [4,12]
    EXPECT_EQ(mm->inputs[3]->producer->opType, "Reshape");
    EXPECT_EQ(mm->inputs[3]->producer->inputs[0]->name, "skip");
    EXPECT_EQ(g->outputs()[0]->name, "residual_out");
    expectSameOutputs([] { return conv1dResidual(Shape{1, 4, 12}); }, *g);
    expectGolden("reshape_gemm_residual", *g);
}

TEST(PassesReshapeEpilogue, BroadcastingResidualStaysBehindTheReshape) {
    auto g = conv1dResidual(Shape{12});
    FusionReport r = runSinglePass(*g, makePassByName("EpilogueFusion"));
    EXPECT_EQ(r.timesFired("MoveResidualAboveReshape"), 0);
    EXPECT_EQ(countOps(*g, "Add"), 1);
    expectSameOutputs([] { return conv1dResidual(Shape{12}); }, *g);
}

TEST(PassesReshapeEpilogue, SecondReaderOfTheReshapeKeepsTheResidualAdd) {
    auto g = conv1dResidual(Shape{1, 4, 12}, true);
    FusionReport r = runSinglePass(*g, makePassByName("EpilogueFusion"));
    EXPECT_EQ(r.timesFired("MoveResidualAboveReshape"), 0);
    EXPECT_EQ(countOps(*g, "Add"), 1);
    expectSameOutputs([] { return conv1dResidual(Shape{1, 4, 12}, true); }, *g);
}

}  // namespace
}  // namespace kiln::test
