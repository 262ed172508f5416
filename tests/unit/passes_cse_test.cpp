// Common-subexpression elimination (eliminate_common_subexpression.cpp): equal nodes and equal
// small constants merge; different attributes, non-deterministic ops, bodies and a second graph
// output keep their copies.
#include "tests/unit/passes_test_util.h"

namespace kiln::test {
namespace {

using namespace kiln::passes;

FusionReport runCse(Graph& g) { return runSinglePass(g, makeCommonSubexpressionEliminationPass()); }

const Node* producerOf(const Graph& g, const std::string& value) {
    const Value* v = g.findValue(value);
    return v ? v->producer : nullptr;
}

// HF BERT's mask, built once per layer: Where(mask > 0, 0, -1e4) in two layers, read by each.
std::unique_ptr<Graph> repeatedMask() {
    GraphBuilder b("repeated_mask");
    Value* x = b.input("x", Shape{2, 4});
    Value* m = b.input("m", Shape{2, 4});
    Value* keep = b.op("Greater", "keep", {m, b.scalar("zero", 0.f)}, Shape{2, 4}, {}, DataType::Bool);
    Value* zero = b.scalar("z", 0.f);
    Value* big = b.scalar("big", -1e4f);
    Value* mask0 = b.op("Where", "mask0", {keep, zero, big}, Shape{2, 4});
    Value* mask1 = b.op("Where", "mask1", {keep, zero, big}, Shape{2, 4});
    Value* l0 = b.op("Add", "layer0", {x, mask0}, Shape{2, 4});
    b.output(b.op("Add", "layer1", {l0, mask1}, Shape{2, 4}));
    return b.release();
}

TEST(PassesCse, EqualWhereOnSameInputsMerge) {
    auto g = repeatedMask();
    FusionReport r = runCse(*g);
    EXPECT_EQ(countOps(*g, "Where"), 1);
    EXPECT_EQ(r.timesFired("CommonSubexpressionElimination"), 1);
    const Node* where = findOp(*g, "Where");
    ASSERT_NE(where, nullptr);
    EXPECT_EQ(where->name, "mask0");
    EXPECT_EQ(where->origin, (std::vector<std::string>{"mask0", "mask1"}));  // both ONNX nodes
    EXPECT_EQ(producerOf(*g, "layer1_out")->inputs[1], where->outputs[0]);
    expectSameOutputs(repeatedMask, *g);
    expectGolden("cse_repeated_mask", *g);
    // A second run finds nothing left.
    EXPECT_EQ(runCse(*g).timesFired("CommonSubexpressionElimination"), 0);
}

TEST(PassesCse, RunsAtLevelOneBeforeTheFusions) {
    auto g = repeatedMask();
    FusionReport r = optimizeGraph(*g, {.level = 1, .validateAfterEachPass = true});
    EXPECT_EQ(r.timesFired("CommonSubexpressionElimination"), 1);
    EXPECT_EQ(countOps(*g, "Where"), 1);
    expectSameOutputs(repeatedMask, *g);
    bool listed = false;
    for (const PassDescription& d : describePasses()) listed = listed || (d.name == "CommonSubexpressionElimination" && d.level == 1);
    EXPECT_TRUE(listed);
}

std::unique_ptr<Graph> twoLeakyRelus(float alpha0, float alpha1) {
    GraphBuilder b("leaky");
    Value* x = b.input("x", Shape{6});
    Value* a = b.op("LeakyRelu", "a", {x}, Shape{6}, {{"alpha", alpha0}});
    Value* c = b.op("LeakyRelu", "c", {x}, Shape{6}, {{"alpha", alpha1}});
    b.output(b.op("Sub", "d", {a, c}, Shape{6}));
    return b.release();
}

TEST(PassesCse, DifferentAttributesDoNotMerge) {
    auto g = twoLeakyRelus(0.1f, 0.2f);
    runCse(*g);
    EXPECT_EQ(countOps(*g, "LeakyRelu"), 2);
    expectSameOutputs([] { return twoLeakyRelus(0.1f, 0.2f); }, *g);
    // A missing attribute against an explicit one is not the same either (no defaults are assumed).
    GraphBuilder b;
    Value* x = b.input("x", Shape{6});
    Value* a = b.op("LeakyRelu", "a", {x}, Shape{6});
    Value* c = b.op("LeakyRelu", "c", {x}, Shape{6}, {{"alpha", 0.01f}});
    b.output(b.op("Sub", "d", {a, c}, Shape{6}));
    auto h = b.release();
    runCse(*h);
    EXPECT_EQ(countOps(*h, "LeakyRelu"), 2);
    // Equal attributes do merge.
    auto same = twoLeakyRelus(0.1f, 0.1f);
    runCse(*same);
    EXPECT_EQ(countOps(*same, "LeakyRelu"), 1);
}

TEST(PassesCse, DifferentInputsOrOrderDoNotMerge) {
    GraphBuilder b;
    Value* x = b.input("x", Shape{3});
    Value* y = b.input("y", Shape{3});
    Value* s0 = b.op("Sub", "s0", {x, y}, Shape{3});
    Value* s1 = b.op("Sub", "s1", {y, x}, Shape{3});
    Value* s2 = b.op("Sub", "s2", {x, x}, Shape{3});
    b.output(b.op("Sum", "sum", {s0, s1, s2}, Shape{3}));
    auto g = b.release();
    runCse(*g);
    EXPECT_EQ(countOps(*g, "Sub"), 3);
}

TEST(PassesCse, NonDeterministicOpsDoNotMerge) {
    GraphBuilder b;
    Value* x = b.input("x", Shape{4});
    Value* r0 = b.op("RandomUniformLike", "r0", {x}, Shape{4}, {{"seed", 1.f}});
    Value* r1 = b.op("RandomUniformLike", "r1", {x}, Shape{4}, {{"seed", 1.f}});
    Value* n0 = b.op("RandomNormal", "n0", {}, Shape{4}, {{"shape", std::vector<int64_t>{4}}});
    Value* n1 = b.op("RandomNormal", "n1", {}, Shape{4}, {{"shape", std::vector<int64_t>{4}}});
    Value* on = b.constant("on", Tensor::scalar<bool>(true));
    Value* ratio = b.scalar("ratio", 0.5f);
    Value* d0 = b.op("Dropout", "d0", {x, ratio, on}, Shape{4});
    Value* d1 = b.op("Dropout", "d1", {x, ratio, on}, Shape{4});
    b.output(b.op("Sum", "sum", {r0, r1, n0, n1, d0, d1}, Shape{4}));
    auto g = b.release();
    FusionReport r = runCse(*g);
    EXPECT_EQ(countOps(*g, "RandomUniformLike"), 2);
    EXPECT_EQ(countOps(*g, "RandomNormal"), 2);
    EXPECT_EQ(countOps(*g, "Dropout"), 2);
    EXPECT_EQ(r.timesFired("CommonSubexpressionElimination"), 0);
    // Inference-mode Dropout is a function of its input: it merges.
    GraphBuilder c;
    Value* cx = c.input("x", Shape{4});
    Value* off = c.constant("off", Tensor::scalar<bool>(false));
    Value* e0 = c.op("Dropout", "e0", {cx, c.scalar("ratio0", 0.5f), off}, Shape{4});
    Value* e1 = c.op("Dropout", "e1", {cx, c.scalar("ratio1", 0.5f), off}, Shape{4});
    c.output(c.op("Add", "add", {e0, e1}, Shape{4}));
    auto h = c.release();
    runCse(*h);
    EXPECT_EQ(countOps(*h, "Dropout"), 1);
}

// relu_a read by a Neg, relu_b (its copy) a graph output.
std::unique_ptr<Graph> copyAtOutput(bool bothOutputs) {
    GraphBuilder b("copy_output");
    Value* x = b.input("x", Shape{4});
    Value* a = b.op("Relu", "relu_a", {x}, Shape{4});
    Value* n = b.op("Neg", "neg", {a}, Shape{4});
    Value* c = b.op("Relu", "relu_b", {x}, Shape{4});
    b.output(n);
    b.output(c);
    if (bothOutputs) b.output(a);
    return b.release();
}

TEST(PassesCse, CopyAtGraphOutputKeepsOutputName) {
    auto g = copyAtOutput(false);
    runCse(*g);
    EXPECT_EQ(countOps(*g, "Relu"), 1);
    ASSERT_EQ(g->outputs().size(), 2u);
    EXPECT_EQ(g->outputs()[1]->name, "relu_b_out");
    const Node* relu = g->outputs()[1]->producer;
    ASSERT_NE(relu, nullptr);
    EXPECT_EQ(relu->name, "relu_a");  // the first copy survives, writing the output tensor
    EXPECT_EQ(relu->origin, (std::vector<std::string>{"relu_a", "relu_b"}));
    EXPECT_EQ(producerOf(*g, "neg_out")->inputs[0], g->outputs()[1]);  // its reader moved over
    EXPECT_EQ(g->findValue("relu_a_out"), nullptr);
    expectSameOutputs([] { return copyAtOutput(false); }, *g);
    expectGolden("cse_copy_at_output", *g);
}

TEST(PassesCse, TwoGraphOutputsKeepBothCopies) {
    auto g = copyAtOutput(true);
    runCse(*g);
    EXPECT_EQ(countOps(*g, "Relu"), 2);
    expectSameOutputs([] { return copyAtOutput(true); }, *g);
}

// Two exported copies of Shape → Gather → Unsqueeze → Concat → Reshape, each with its own (equal)
// index constants, on a symbolic dim (no folding possible).
std::unique_ptr<Graph> repeatedShapeChain() {
    GraphBuilder b("shape_chain");
    Value* x = b.input("x", Shape{Dim::symbolic("batch"), 6});
    Value* y = b.input("y", Shape{Dim::symbolic("batch"), 6});
    Value* outs[2];
    for (int i = 0; i < 2; ++i) {
        std::string s = std::to_string(i);
        Value* shape = b.op("Shape", "shape" + s, {x}, Shape{2}, {}, DataType::Int64);
        Value* dim = b.op("Gather", "gather" + s, {shape, b.constant("idx" + s, Tensor::scalar<int64_t>(0))}, Shape{},
                          {{"axis", int64_t(0)}}, DataType::Int64);
        Value* unsq = b.op("Unsqueeze", "unsq" + s, {dim, b.ints("axes" + s, {0})}, Shape{1}, {}, DataType::Int64);
        Value* cat = b.op("Concat", "cat" + s, {unsq, b.ints("rest" + s, {3, 2})}, Shape{3}, {{"axis", int64_t(0)}},
                          DataType::Int64);
        outs[i] = b.op("Reshape", "reshape" + s, {i == 0 ? x : y, cat}, Shape{Dim::symbolic("batch"), 3, 2});
    }
    b.output(b.op("Add", "add", {outs[0], outs[1]}, Shape{Dim::symbolic("batch"), 3, 2}));
    return b.release();
}

TEST(PassesCse, ChainsMergeTransitively) {
    auto g = repeatedShapeChain();
    FusionReport r = runCse(*g);
    EXPECT_EQ(r.timesFired("MergeEqualConstants"), 3);
    EXPECT_EQ(r.timesFired("CommonSubexpressionElimination"), 4);
    for (const char* op : {"Shape", "Gather", "Unsqueeze", "Concat"}) EXPECT_EQ(countOps(*g, op), 1) << op;
    EXPECT_EQ(countOps(*g, "Reshape"), 2);  // different data
    EXPECT_EQ(findOp(*g, "Concat")->origin, (std::vector<std::string>{"cat0", "cat1"}));
    expectSameOutputs(repeatedShapeChain, *g);
    expectGolden("cse_shape_chain", *g);
}

TEST(PassesCse, EqualConstantsMergeOthersDoNot) {
    GraphBuilder b;
    Value* x = b.input("x", Shape{3}, DataType::Int64);
    Value* a = b.op("Add", "a", {x, b.ints("c0", {1, 2, 3})}, Shape{3}, {}, DataType::Int64);
    Value* c = b.op("Add", "c", {x, b.ints("c1", {1, 2, 3})}, Shape{3}, {}, DataType::Int64);
    // Same values, other dtype / dims / bytes: different constants.
    Value* d = b.op("Add", "d", {x, b.constant("c2", Tensor::fromVector<int32_t>({3}, {1, 2, 3}))}, Shape{3});
    Value* e = b.op("Add", "e", {x, b.constant("c3", Tensor::fromVector<int64_t>({1, 3}, {1, 2, 3}))}, Shape{1, 3}, {}, DataType::Int64);
    Value* f = b.op("Add", "f", {x, b.ints("c4", {1, 2, 4})}, Shape{3}, {}, DataType::Int64);
    b.output(b.op("Sum", "sum", {a, c, d, e, f}, Shape{1, 3}, {}, DataType::Int64));
    auto g = b.release();
    FusionReport r = runCse(*g);
    EXPECT_EQ(r.timesFired("MergeEqualConstants"), 1);
    EXPECT_EQ(r.timesFired("CommonSubexpressionElimination"), 1);
    EXPECT_EQ(g->findValue("c1"), nullptr);
    for (const char* kept : {"c0", "c2", "c3", "c4"}) EXPECT_NE(g->findValue(kept), nullptr) << kept;
    EXPECT_EQ(countOps(*g, "Add"), 4);
}

TEST(PassesCse, LargeConstantsAndOverridableInitializersAreNotMerged) {
    GraphBuilder b;
    Value* x = b.input("x", Shape{20000});
    Value* a = b.op("Add", "a", {x, b.constant("big0", Tensor(DataType::Float32, {20000}))}, Shape{20000});
    Value* c = b.op("Add", "c", {x, b.constant("big1", Tensor(DataType::Float32, {20000}))}, Shape{20000});
    Value* init0 = b.scalar("init0", 1.f);
    Value* init1 = b.scalar("init1", 1.f);
    b.graph().markInput(init0);  // IR < 4: an initializer listed as an input may be fed at run time
    Value* d = b.op("Mul", "d", {x, init0}, Shape{20000});
    Value* e = b.op("Mul", "e", {x, init1}, Shape{20000});
    b.output(b.op("Sum", "sum", {a, c, d, e}, Shape{20000}));
    auto g = b.release();
    FusionReport r = runCse(*g);
    EXPECT_EQ(r.timesFired("MergeEqualConstants"), 0);
    EXPECT_EQ(countOps(*g, "Add"), 2);
    EXPECT_EQ(countOps(*g, "Mul"), 2);
}

// Two If nodes with the same condition, inputs and equal bodies: bodies are not compared, so both stay.
std::shared_ptr<Graph> negBody(const std::string& name) {
    auto body = std::make_shared<Graph>();
    body->name = name;
    body->opsetImports[""] = 21;
    Value* in = body->addValue("v");
    in->dtype = DataType::Float32;
    in->shape = Shape{4};
    body->markInput(in);
    body->outerScopeInputs = 1;
    Value* out = body->addValue(name + "_out");
    out->dtype = DataType::Float32;
    out->shape = Shape{4};
    body->addNode("Neg", name + "_neg", {in}, {out});
    body->markOutput(out);
    return body;
}

std::unique_ptr<Graph> twoIfs() {
    GraphBuilder b("two_ifs");
    Value* x = b.input("x", Shape{4});
    Value* cond = b.input("cond", Shape{}, DataType::Bool);
    Value* outs[2];
    for (int i = 0; i < 2; ++i) {
        std::map<std::string, Attribute> bodies = {{"then_branch", Attribute(negBody("then"))},
                                                   {"else_branch", Attribute(negBody("else"))}};
        outs[i] = b.op("If", "if" + std::to_string(i), {cond, x}, Shape{4}, bodies);
    }
    b.output(b.op("Add", "add", {outs[0], outs[1]}, Shape{4}));
    return b.release();
}

TEST(PassesCse, NodesWithBodiesDoNotMerge) {
    auto g = twoIfs();
    FusionReport r = runCse(*g);
    EXPECT_EQ(countOps(*g, "If"), 2);
    EXPECT_EQ(r.timesFired("CommonSubexpressionElimination"), 0);
    expectSameOutputs(twoIfs, *g);
}

// Nodes outside the ai.onnx and kiln domains (a plugin's op) are left alone.
TEST(PassesCse, OtherDomainsDoNotMerge) {
    GraphBuilder b;
    Value* x = b.input("x", Shape{4});
    Value* a = b.op("Counter", "a", {x}, Shape{4}, {}, DataType::Float32, "com.example");
    Value* c = b.op("Counter", "c", {x}, Shape{4}, {}, DataType::Float32, "com.example");
    b.output(a);
    b.output(c);
    auto g = b.release();
    runCse(*g);
    EXPECT_EQ(countOps(*g, "com.example::Counter"), 2);
}

}  // namespace
}  // namespace kiln::test
