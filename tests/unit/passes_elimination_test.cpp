// Pass framework, Identity / Dropout / dead-code elimination and constant folding.
#include "tests/unit/passes_test_util.h"

namespace kiln::test {
namespace {

using namespace kiln::passes;

// x → Relu → Identity → Sigmoid → y, plus a dead Tanh branch.
std::unique_ptr<Graph> identityChain() {
    GraphBuilder b("identity");
    Value* x = b.input("x", Shape{2, 3});
    Value* r = b.op("Relu", "relu", {x}, Shape{2, 3});
    Value* i = b.op("Identity", "id", {r}, Shape{2, 3});
    b.op("Tanh", "dead", {r}, Shape{2, 3});
    b.output(b.op("Sigmoid", "sig", {i}, Shape{2, 3}));
    return b.release();
}

TEST(PassesFramework, LevelZeroChangesNothingAndBadLevelIsRefused) {
    auto g = identityChain();
    std::string before = g->dump();
    FusionReport r = optimizeGraph(*g, {.level = 0});
    EXPECT_EQ(g->dump(), before);
    EXPECT_EQ(r.originalNodeCount, r.optimizedNodeCount);
    EXPECT_THROW(optimizeGraph(*g, {.level = 4}), Error);
}

TEST(PassesFramework, MergedOriginFollowsOriginalTopologicalOrder) {
    auto g = identityChain();
    PassContext ctx(*g);
    std::vector<const Node*> nodes;
    for (const Node* n : g->nodes()) nodes.push_back(n);
    std::reverse(nodes.begin(), nodes.end());
    std::vector<std::string> merged = ctx.mergedOrigin(nodes);
    EXPECT_EQ(merged, (std::vector<std::string>{"relu", "id", "dead", "sig"}));
}

TEST(PassesFramework, ReportCountsFusionsAndNodes) {
    auto g = identityChain();
    FusionReport r = optimizeGraph(*g, {.level = 1, .validateAfterEachPass = true});
    EXPECT_EQ(r.originalNodeCount, 4u);
    EXPECT_EQ(r.optimizedNodeCount, 2u);
    EXPECT_EQ(r.timesFired("EliminateIdentity"), 1);
    EXPECT_EQ(r.timesFired("DeadCodeElimination"), 1);
    std::string text = r.str();
    EXPECT_NE(text.find("4 -> 2 nodes"), std::string::npos) << text;
    EXPECT_NE(text.find("EliminateIdentity"), std::string::npos) << text;
}

TEST(PassesElimination, IdentityRemoved) {
    auto g = identityChain();
    runRule(*g, makeEliminateIdentityRule());
    EXPECT_EQ(countOps(*g, "Identity"), 0);
    EXPECT_EQ(g->nodeCount(), 3u);
    expectSameOutputs(identityChain, *g);
    expectGolden("identity_removed", *g);
}

std::unique_ptr<Graph> identityAtOutput() {
    GraphBuilder b("identity_output");
    Value* x = b.input("x", Shape{4});
    Value* r = b.op("Relu", "relu", {x}, Shape{4});
    Value* i = b.op("Identity", "id", {r}, Shape{4});
    b.output(i);
    b.output(b.op("Neg", "neg", {r}, Shape{4}));
    return b.release();
}

TEST(PassesElimination, IdentityAtGraphOutputKeepsOutputName) {
    auto g = identityAtOutput();
    runRule(*g, makeEliminateIdentityRule());
    EXPECT_EQ(countOps(*g, "Identity"), 0);
    ASSERT_EQ(g->outputs().size(), 2u);
    EXPECT_EQ(g->outputs()[0]->name, "id_out");
    EXPECT_EQ(g->outputs()[0]->producer->opType, "Relu");
    expectSameOutputs(identityAtOutput, *g);
    expectGolden("identity_at_output", *g);
}

TEST(PassesElimination, IdentityFromGraphInputToOutputIsKept) {
    GraphBuilder b;
    Value* x = b.input("x", Shape{4});
    b.output(b.op("Identity", "id", {x}, Shape{4}));
    auto g = b.release();
    FusionReport r = runRule(*g, makeEliminateIdentityRule());
    EXPECT_EQ(countOps(*g, "Identity"), 1);
    EXPECT_EQ(r.timesFired("EliminateIdentity"), 0);
}

std::unique_ptr<Graph> dropoutGraph(bool maskUsed) {
    GraphBuilder b("dropout");
    Value* x = b.input("x", Shape{2, 4});
    Value* y = b.graph().addValue("drop_out");
    y->dtype = DataType::Float32;
    y->shape = Shape{2, 4};
    Value* mask = b.graph().addValue("drop_mask");
    mask->dtype = DataType::Bool;
    mask->shape = Shape{2, 4};
    Node* n = b.graph().addNode("Dropout", "drop", {x, b.scalar("ratio", 0.5f)}, {y, mask});
    n->origin = {"drop"};
    b.output(b.op("Relu", "relu", {y}, Shape{2, 4}));
    if (maskUsed) b.output(mask);
    return b.release();
}

TEST(PassesElimination, DropoutRemoved) {
    auto g = dropoutGraph(false);
    runRule(*g, makeEliminateDropoutRule());
    EXPECT_EQ(countOps(*g, "Dropout"), 0);
    expectSameOutputs([] { return dropoutGraph(false); }, *g);
    expectGolden("dropout_removed", *g);
}

TEST(PassesElimination, DropoutWithUsedMaskIsKept) {
    auto g = dropoutGraph(true);
    runRule(*g, makeEliminateDropoutRule());
    EXPECT_EQ(countOps(*g, "Dropout"), 1);
}

TEST(PassesElimination, DeadCodeRemovedLiveCodeKept) {
    auto g = identityChain();
    runSinglePass(*g, makeDeadCodeEliminationPass());
    EXPECT_EQ(countOps(*g, "Tanh"), 0);
    EXPECT_EQ(g->nodeCount(), 3u);
    expectSameOutputs(identityChain, *g);
    // Negative: a second run finds nothing.
    FusionReport r = runSinglePass(*g, makeDeadCodeEliminationPass());
    EXPECT_EQ(r.timesFired("DeadCodeElimination"), 0);
    EXPECT_EQ(g->nodeCount(), 3u);
}

// ---- constant folding ----

std::unique_ptr<Graph> constantArithmetic() {
    GraphBuilder b("fold");
    Value* x = b.input("x", Shape{3});
    Value* c = b.op("Add", "cadd", {b.weights("a", {3}), b.weights("b", {3})}, Shape{3});
    Value* c2 = b.op("Mul", "cmul", {c, b.scalar("two", 2.f)}, Shape{3});
    b.output(b.op("Add", "use", {x, c2}, Shape{3}));
    return b.release();
}

TEST(PassesConstantFolding, FoldsConstantSubgraphButNotRuntimeNodes) {
    auto g = constantArithmetic();
    FusionReport r = runSinglePass(*g, makeConstantFoldingPass());
    EXPECT_EQ(r.timesFired("ConstantFolding"), 2);
    EXPECT_EQ(g->nodeCount(), 1u);  // the Add reading x stays
    EXPECT_EQ(countOps(*g, "Add"), 1);
    expectSameOutputs(constantArithmetic, *g);
    expectGolden("constant_folding", *g);
}

// Shape → Gather → Unsqueeze → Concat → Reshape, as exporters write x.view(x.size(0), -1).
std::unique_ptr<Graph> shapeChain(bool symbolicBatch) {
    GraphBuilder b("shape_chain");
    Shape xs = symbolicBatch ? Shape{Dim::symbolic("N"), 3, 4} : Shape{2, 3, 4};
    Value* x = b.input("x", xs);
    Value* shape = b.op("Shape", "shape", {x}, Shape{3}, {}, DataType::Int64);
    Value* d0 = b.op("Gather", "gather0", {shape, b.constant("i0", Tensor::scalar<int64_t>(0))}, Shape{}, {{"axis", 0}},
                     DataType::Int64);
    Value* d1 = b.op("Gather", "gather1", {shape, b.constant("i1", Tensor::scalar<int64_t>(1))}, Shape{}, {{"axis", 0}},
                     DataType::Int64);
    Value* u0 = b.op("Unsqueeze", "unsq0", {d0, b.ints("ax0", {0})}, Shape{1}, {}, DataType::Int64);
    Value* u1 = b.op("Unsqueeze", "unsq1", {d1, b.ints("ax1", {0})}, Shape{1}, {}, DataType::Int64);
    Value* cat = b.op("Concat", "concat", {u0, u1, b.ints("minus1", {-1})}, Shape{3}, {{"axis", 0}}, DataType::Int64);
    Shape ys = symbolicBatch ? Shape{Dim::symbolic("N"), 3, 4} : Shape{2, 3, 4};
    b.output(b.op("Reshape", "reshape", {x, cat}, ys));
    return b.release();
}

TEST(PassesConstantFolding, StaticShapeChainFoldsCompletely) {
    auto g = shapeChain(false);
    runSinglePass(*g, makeConstantFoldingPass());
    runSinglePass(*g, makeDeadCodeEliminationPass());
    EXPECT_EQ(g->nodeCount(), 1u);
    EXPECT_EQ(countOps(*g, "Reshape"), 1);
    const Tensor* shape = g->nodes()[0]->inputs[1]->constant ? &*g->nodes()[0]->inputs[1]->constant : nullptr;
    ASSERT_TRUE(shape);
    EXPECT_EQ(shape->toInt64Vector(), (std::vector<int64_t>{2, 3, -1}));
    expectSameOutputs([] { return shapeChain(false); }, *g);
    expectGolden("shape_chain_static", *g);
}

TEST(PassesConstantFolding, SymbolicDimStaysOnlyStaticPartFolds) {
    auto g = shapeChain(true);
    FusionReport r = runSinglePass(*g, makeConstantFoldingPass());
    runSinglePass(*g, makeDeadCodeEliminationPass());
    // Dim 1 (static 3) folds through Gather and Unsqueeze; dim 0 (symbolic N) keeps its chain.
    EXPECT_EQ(countOps(*g, "Shape"), 1);
    EXPECT_EQ(countOps(*g, "Gather"), 1);
    EXPECT_EQ(countOps(*g, "Unsqueeze"), 1);
    EXPECT_EQ(countOps(*g, "Concat"), 1);
    EXPECT_GE(r.timesFired("ShapeFolding"), 1);
    expectSameOutputs([] { return shapeChain(true); }, *g);
    expectGolden("shape_chain_symbolic", *g);
}

TEST(PassesConstantFolding, HugeOutputIsNotFolded) {
    GraphBuilder b;
    Value* x = b.input("x", Shape{1});
    Value* big = b.op("ConstantOfShape", "big", {b.ints("dims", {1024, 1024})}, Shape{1024, 1024},
                      {{"value", Tensor::fromVector<float>({1}, {1.f})}});
    b.output(b.op("Add", "add", {x, big}, Shape{1024, 1024}));
    auto g = b.release();
    PassContext ctx(*g);
    ctx.maxFoldedBytes = 1 << 20;  // the 4 MiB output is over the limit
    makeConstantFoldingPass()->run(*g, ctx);
    EXPECT_EQ(countOps(*g, "ConstantOfShape"), 1);
}


// Each form of data movement that moves nothing, in a chain from x[2,3,4] to y: every one goes and
// the chain computes the same (Relu and Neg keep real work around them).
std::unique_ptr<Graph> noOpMovementChain() {
    GraphBuilder b("noop_movement");
    Value* x = b.input("x", Shape{2, 3, 4});
    Value* v = b.op("Relu", "relu", {x}, Shape{2, 3, 4});
    v = b.op("Pad", "pad0", {v, b.ints("pads0", {0, 0, 0, 0, 0, 0})}, Shape{2, 3, 4});
    v = b.op("Slice", "slice_whole", {v, b.ints("st", {0, 0}), b.ints("en", {INT64_MAX, 3}), b.ints("ax", {0, 1})},
             Shape{2, 3, 4});
    v = b.op("Slice", "slice_step1", {v, b.ints("st1", {0}), b.ints("en1", {4}), b.ints("ax1", {2}), b.ints("one", {1})},
             Shape{2, 3, 4});
    v = b.op("Transpose", "transpose_id", {v}, Shape{2, 3, 4}, {{"perm", Attribute(std::vector<int64_t>{0, 1, 2})}});
    v = b.op("Expand", "expand_same", {v, b.ints("shape_same", {1, 3, 4})}, Shape{2, 3, 4});
    v = b.op("Reshape", "reshape_same", {v, b.ints("shape_r", {2, 3, -1})}, Shape{2, 3, 4});
    v = b.op("Tile", "tile_ones", {v, b.ints("reps", {1, 1, 1})}, Shape{2, 3, 4});
    v = b.op("Cast", "cast_same", {v}, Shape{2, 3, 4}, {{"to", Attribute(int64_t(1))}});  // FLOAT
    v = b.op("Concat", "concat_one", {v}, Shape{2, 3, 4}, {{"axis", Attribute(int64_t(1))}});
    b.output(b.op("Neg", "neg", {v}, Shape{2, 3, 4}));
    return b.release();
}

TEST(PassesElimination, DataMovementThatMovesNothingIsRemoved) {
    auto g = noOpMovementChain();
    FusionReport r = runRule(*g, makeEliminateNoOpDataMovementRule());
    EXPECT_EQ(r.timesFired("EliminateNoOpDataMovement"), 9) << g->dump();
    EXPECT_EQ(g->nodeCount(), 2u) << g->dump();  // Relu, Neg
    expectSameOutputs(noOpMovementChain, *g);
}

// The same ops where they do move data: a pad, a step, a permutation, a broadcast, a repeat, a
// type change, a reversal that keeps the dims (Slice with step -1), and the default Transpose
// (reverses the dims). None of them may go.
std::unique_ptr<Graph> realMovementChain() {
    GraphBuilder b("real_movement");
    Value* x = b.input("x", Shape{2, 3, 4});
    Value* v = b.op("Relu", "relu", {x}, Shape{2, 3, 4});
    Value* padded = b.op("Pad", "pad1", {v, b.ints("pads1", {0, 0, 1, 0, 0, 0})}, Shape{2, 3, 5});
    Value* reversed = b.op("Slice", "slice_rev", {v, b.ints("st", {-1}), b.ints("en", {INT64_MIN}), b.ints("ax", {2}),
                                                  b.ints("minus1", {-1})},
                           Shape{2, 3, 4});
    Value* square = b.op("Reshape", "to_square", {reversed, b.ints("shape_sq", {2, 4, 3})}, Shape{2, 4, 3});
    Value* swapped = b.op("Transpose", "transpose_12", {square}, Shape{2, 3, 4},
                          {{"perm", Attribute(std::vector<int64_t>{0, 2, 1})}});
    Value* cube = b.op("Reshape", "to_cube", {v, b.ints("shape_c", {4, 3, 2})}, Shape{4, 3, 2});
    Value* reversedDims = b.op("Transpose", "transpose_default", {cube}, Shape{2, 3, 4});
    Value* broadcast = b.op("Expand", "expand_wider", {b.op("Neg", "neg_small", {x}, Shape{2, 3, 4}),
                                                      b.ints("shape_w", {2, 2, 3, 4})},
                            Shape{2, 2, 3, 4});
    Value* tiled = b.op("Tile", "tile_2", {v, b.ints("reps", {1, 1, 2})}, Shape{2, 3, 8});
    Value* halves = b.op("Cast", "cast_half", {v}, Shape{2, 3, 4}, {{"to", Attribute(int64_t(10))}},
                         DataType::Float16);
    b.output(padded);
    b.output(b.op("Add", "sum", {swapped, reversedDims}, Shape{2, 3, 4}));
    b.output(broadcast);
    b.output(tiled);
    b.output(halves);
    return b.release();
}

TEST(PassesElimination, DataMovementThatMovesDataStays) {
    auto g = realMovementChain();
    const size_t before = g->nodeCount();
    FusionReport r = runRule(*g, makeEliminateNoOpDataMovementRule());
    EXPECT_EQ(r.timesFired("EliminateNoOpDataMovement"), 0) << g->dump();
    EXPECT_EQ(g->nodeCount(), before);
}

// A no-op Pad whose output is a graph output: the output keeps its name (written by the Relu).
TEST(PassesElimination, NoOpMovementAtGraphOutputKeepsOutputName) {
    auto make = [] {
        GraphBuilder b("noop_at_output");
        Value* x = b.input("x", Shape{3});
        Value* r = b.op("Relu", "relu", {x}, Shape{3});
        b.output(b.op("Pad", "pad0", {r, b.ints("pads0", {0, 0})}, Shape{3}));
        return b.release();
    };
    auto g = make();
    runRule(*g, makeEliminateNoOpDataMovementRule());
    ASSERT_EQ(g->outputs().size(), 1u);
    EXPECT_EQ(g->outputs()[0]->name, "pad0_out");
    EXPECT_EQ(g->outputs()[0]->producer->opType, "Relu");
    expectSameOutputs(make, *g);
}


// Swin-T's shifted-window mask: scores [6, 3, 4, 4] -> Reshape [1, 6, 3, 4, 4] + mask [1, 6, 1, 4, 4]
// -> Reshape [6, 3, 4, 4] -> Softmax. The pair of Reshapes goes; the Add reads the scores with the
// mask as [6, 1, 4, 4]. The same with the constant first and a Mul.
std::unique_ptr<Graph> unitReshapeSandwich(bool constantFirst, const char* op) {
    GraphBuilder b("unit_reshape_sandwich");
    Value* x = b.input("x", Shape{6, 3, 4, 4});
    Value* s = b.op("Sigmoid", "scores", {x}, Shape{6, 3, 4, 4});  // never 0: the constant may divide by it
    Value* r = b.op("Reshape", "split", {s, b.ints("s1", {1, 6, 3, 4, 4})}, Shape{1, 6, 3, 4, 4});
    Value* m = b.weights("mask", {1, 6, 1, 4, 4}, 0.5f, 2.f);
    Value* a = b.op(op, "masked", constantFirst ? std::vector<Value*>{m, r} : std::vector<Value*>{r, m}, Shape{1, 6, 3, 4, 4});
    Value* back = b.op("Reshape", "merge", {a, b.ints("s0", {6, 3, 4, 4})}, Shape{6, 3, 4, 4});
    b.output(b.op("Softmax", "softmax", {back}, Shape{6, 3, 4, 4}, {{"axis", Attribute(int64_t(-1))}}));
    return b.release();
}

TEST(PassesElimination, UnitReshapePairAroundAConstantOpGoes) {
    for (bool constantFirst : {false, true})
        for (const char* op : {"Add", "Sub", "Mul", "Div"}) {
            SCOPED_TRACE(std::string(op) + (constantFirst ? " constant first" : " constant second"));
            auto g = unitReshapeSandwich(constantFirst, op);
            FusionReport r = runRule(*g, makeDropUnitReshapesAroundConstantOpRule());
            EXPECT_EQ(r.timesFired("DropUnitReshapesAroundConstantOp"), 1);
            EXPECT_EQ(countOps(*g, "Reshape"), 0) << g->dump();
            const Node* n = findOp(*g, op);
            ASSERT_NE(n, nullptr);
            const Value* c = n->inputs[constantFirst ? 0 : 1];
            ASSERT_TRUE(c->isConstant());
            EXPECT_EQ(c->constant->dims(), (std::vector<int64_t>{6, 1, 4, 4}));
            EXPECT_EQ(n->inputs[constantFirst ? 1 : 0]->name, "scores_out");
            EXPECT_EQ(n->outputs[0]->name, "merge_out");  // the value the Softmax reads keeps its name
            expectSameOutputs([&] { return unitReshapeSandwich(constantFirst, op); }, *g);
        }
}

// Reshape pairs that must stay: a Reshape that merges dims ([6, 3, 4, 4] -> [18, 4, 4]), a second
// Reshape that does not return to X's dims, a runtime operand, and an intermediate read twice.
TEST(PassesElimination, ReshapePairsThatMoveDimsStay) {
    auto build = [](int variant) {
        GraphBuilder b("reshape_pairs");
        Value* x = b.input("x", Shape{6, 3, 4, 4});
        Value* y = b.input("y", Shape{1, 6, 1, 4, 4});
        Value* s = b.op("Relu", "scores", {x}, Shape{6, 3, 4, 4});
        if (variant == 0) {
            Value* r = b.op("Reshape", "merge_dims", {s, b.ints("s1", {18, 4, 4})}, Shape{18, 4, 4});
            Value* a = b.op("Add", "add", {r, b.weights("c", {4, 4})}, Shape{18, 4, 4});
            b.output(b.op("Reshape", "back", {a, b.ints("s0", {6, 3, 4, 4})}, Shape{6, 3, 4, 4}));
            return b.release();
        }
        Value* r = b.op("Reshape", "split", {s, b.ints("s1", {1, 6, 3, 4, 4})}, Shape{1, 6, 3, 4, 4});
        Value* operand = variant == 2 ? y : b.weights("mask", {1, 6, 1, 4, 4});
        Value* a = b.op("Add", "add", {r, operand}, Shape{1, 6, 3, 4, 4});
        if (variant == 1) {
            b.output(b.op("Reshape", "other", {a, b.ints("s0", {18, 16})}, Shape{18, 16}));
        } else {
            b.output(b.op("Reshape", "back", {a, b.ints("s0", {6, 3, 4, 4})}, Shape{6, 3, 4, 4}));
            if (variant == 3) b.output(b.op("Neg", "also_reads", {r}, Shape{1, 6, 3, 4, 4}));
        }
        return b.release();
    };
    for (int variant = 0; variant < 4; ++variant) {
        SCOPED_TRACE("variant " + std::to_string(variant));
        auto g = build(variant);
        const size_t before = g->nodeCount();
        FusionReport r = runRule(*g, makeDropUnitReshapesAroundConstantOpRule());
        EXPECT_EQ(r.timesFired("DropUnitReshapesAroundConstantOp"), 0) << g->dump();
        EXPECT_EQ(g->nodeCount(), before);
    }
}

}  // namespace
}  // namespace kiln::test
