// Strided views (engine_core/passes/strided_view.h) and the attention layout rule
// (attention_layout.cpp): the reshapes and transposes BERT and torchvision's ViT write around an
// attention become strides of kiln::Attention's strided form, and the results stay the same.
#include "engine_core/passes/rewrite.h"
#include "engine_core/passes/strided_view.h"
#include "tests/unit/passes_test_util.h"

namespace kiln::test {
namespace {

using passes::StridedView;

std::vector<int64_t> strides(const StridedView& v) {
    std::vector<int64_t> out;
    for (size_t d = 0; d < v.dims.size(); ++d) {
        auto s = v.collapse(d);
        out.push_back(s ? *s : -1);
    }
    return out;
}

TEST(StridedView, BertHeadsOfOneProjection) {
    // [B=2, S=5, 3E] with E = 4 heads x 8: Q's slice, split into heads, heads before the sequence.
    StridedView v = StridedView::contiguous(nullptr, {2, 5, 96});
    ASSERT_TRUE(v.narrow(2, 32, 32));  // K
    ASSERT_TRUE(v.reshape({2, 5, 4, 8}));
    ASSERT_TRUE(v.transpose({0, 2, 1, 3}));
    EXPECT_EQ(v.offset, 32);
    EXPECT_EQ(v.sizes(), (std::vector<int64_t>{2, 4, 5, 8}));
    EXPECT_EQ(strides(v), (std::vector<int64_t>{480, 8, 96, 1}));
}

TEST(StridedView, VitMergesBatchAndHeadsAndSplitsThemAgain) {
    // torchvision's MHA: proj [S=3, B=2, 3E], E = 2 heads x 4, unbound as [3, S, B, E] and viewed as
    // [S, B·H, D]: B and H are not adjacent in memory, yet the later [B, H, S, D] view is exact.
    StridedView v = StridedView::contiguous(nullptr, {3, 2, 24});
    ASSERT_TRUE(v.reshape({3, 2, 3, 8}));
    ASSERT_TRUE(v.reshape({1, 3, 2, 3, 8}));           // Unsqueeze(0)
    ASSERT_TRUE(v.transpose({3, 1, 2, 0, 4}));         // transpose(0, -2): [3, S, B, 1, E]
    ASSERT_TRUE(v.reshape({3, 3, 2, 8}));              // Squeeze(-2)
    ASSERT_TRUE(v.select(0, 2));                       // V: [S, B, E]
    ASSERT_TRUE(v.reshape({3, 4, 4}));                 // [S, B·H, D]
    EXPECT_FALSE(v.collapse(1)) << "B and H are not one stride apart";
    ASSERT_TRUE(v.transpose({1, 0, 2}));               // [B·H, S, D]
    ASSERT_TRUE(v.reshape({2, 2, 3, 4}));              // [B, H, S, D]
    EXPECT_EQ(v.offset, 16);
    EXPECT_EQ(strides(v), (std::vector<int64_t>{24, 4, 48, 1}));
}

TEST(StridedView, ReshapesThatAreNotViewsAreRefused) {
    StridedView v = StridedView::contiguous(nullptr, {2, 3});
    ASSERT_TRUE(v.transpose({1, 0}));  // [3, 2], strides [1, 3]
    ASSERT_TRUE(v.reshape({6}));       // a merge: kept as two atoms
    EXPECT_FALSE(v.collapse(0));
    EXPECT_FALSE(v.reshape({2, 3})) << "2 does not divide the outer atom of 3";
    StridedView w = StridedView::contiguous(nullptr, {4, 6});
    EXPECT_FALSE(w.select(0, 4));
    EXPECT_FALSE(w.narrow(1, 4, 3));
    EXPECT_FALSE(w.transpose({0, 0}));
}

// BERT's self-attention as the legacy exporter writes it: one input, Q/K/V projections (merged by
// horizontal fusion into one MatMul + Split), heads by Reshape + Transpose, Kᵀ by
// Transpose(0,2,3,1), the heads merged back by Transpose + Reshape. B=2, S=5, H=2, D=4.
std::unique_ptr<Graph> bertAttention() {
    const int64_t B = 2, S = 5, H = 2, D = 4, E = H * D;
    GraphBuilder b("bert_attention");
    Value* x = b.input("x", Shape{B, S, E});
    auto head = [&](const std::string& n, bool key) {
        Value* p = b.op("MatMul", n + ".matmul", {x, b.weights(n + ".w", {E, E})}, Shape{B, S, E});
        p = b.op("Reshape", n + ".reshape", {p, b.ints(n + ".shape", {B, S, H, D})}, Shape{B, S, H, D});
        return key ? b.op("Transpose", n + ".transpose", {p}, Shape{B, H, D, S}, {{"perm", std::vector<int64_t>{0, 2, 3, 1}}})
                   : b.op("Transpose", n + ".transpose", {p}, Shape{B, H, S, D}, {{"perm", std::vector<int64_t>{0, 2, 1, 3}}});
    };
    Value* q = head("query", false);
    Value* kt = head("key", true);
    Value* v = head("value", false);
    Shape ss{B, H, S, S};
    Value* s = b.op("MatMul", "qk", {q, kt}, ss);
    s = b.op("Div", "scale", {s, b.scalar("sqrt_d", 2.f)}, ss);
    s = b.op("Add", "mask_add", {s, b.input("mask", Shape{B, 1, 1, S})}, ss);
    Value* p = b.op("Softmax", "softmax", {s}, ss, {{"axis", int64_t(-1)}});
    Value* o = b.op("MatMul", "pv", {p, v}, Shape{B, H, S, D});
    o = b.op("Transpose", "merge.transpose", {o}, Shape{B, S, H, D}, {{"perm", std::vector<int64_t>{0, 2, 1, 3}}});
    o = b.op("Reshape", "merge.reshape", {o, b.ints("merge.shape", {B, S, E})}, Shape{B, S, E});
    b.output(b.op("MatMul", "out.matmul", {o, b.weights("out.w", {E, E})}, Shape{B, S, E}));
    return b.release();
}

const Node* attentionNode(const Graph& g) { return findOp(g, "kiln::Attention"); }

TEST(PassesAttentionLayout, BertReadsQkvFromOneProjectionAndWritesMergedHeads) {
    auto g = bertAttention();
    passes::OptimizerOptions options;
    options.level = 3;
    passes::FusionReport report = passes::optimizeGraph(*g, options);
    EXPECT_EQ(report.timesFired("AbsorbAttentionLayout"), 1) << report.str();
    const Node* att = attentionNode(*g);
    ASSERT_TRUE(att);
    ASSERT_TRUE(att->hasAttr("dims"));
    EXPECT_EQ(att->attrInts("dims"), (std::vector<int64_t>{2, 2, 5, 5, 4, 4}));
    // Q, K and V are the one merged projection; no data movement is left.
    EXPECT_EQ(att->inputs[0], att->inputs[1]);
    EXPECT_EQ(att->inputs[0], att->inputs[2]);
    EXPECT_EQ(countOps(*g, "Transpose"), 0) << g->dump();
    EXPECT_EQ(countOps(*g, "Reshape"), 0) << g->dump();
    EXPECT_EQ(countOps(*g, "Split"), 0) << g->dump();
    EXPECT_EQ(att->attrInts("q_view"), (std::vector<int64_t>{0, 5 * 24, 4, 24, 1}));
    EXPECT_EQ(att->attrInts("k_view"), (std::vector<int64_t>{8, 5 * 24, 4, 24, 1}));
    EXPECT_EQ(att->attrInts("o_view"), (std::vector<int64_t>{40, 4, 8, 1}));
    EXPECT_EQ(att->attrInts("o_dims"), (std::vector<int64_t>{2, 5, 8}));
    // The attention's provenance covers the nodes it absorbed.
    for (const char* n : {"query.transpose", "key.reshape", "merge.transpose", "merge.reshape", "softmax"})
        EXPECT_NE(std::find(att->origin.begin(), att->origin.end(), n), att->origin.end()) << n;
    expectSameOutputs(bertAttention, *g);
}

// torchvision's VisionTransformer attention (nn.MultiheadAttention, batch_first, fast path off):
// x [B, S, E] → Transpose → in-projection → unflatten/unsqueeze/transpose/squeeze → Gather 0/1/2 →
// [S, B·H, D] → [B·H, S, D] → [B, H, S, D]; output permuted to [S, B, H, D] and flattened to
// [S·B, E] for out_proj. B=2, S=3, H=2, D=4.
std::unique_ptr<Graph> vitAttention(bool residualTail = false) {
    const int64_t B = 2, S = 3, H = 2, D = 4, E = H * D;
    GraphBuilder b("vit_attention");
    Value* x = b.input("x", Shape{B, S, E});
    Value* t = b.op("Transpose", "in.transpose", {x}, Shape{S, B, E}, {{"perm", std::vector<int64_t>{1, 0, 2}}});
    Value* p = b.op("MatMul", "in_proj", {t, b.weights("in_proj.w", {E, 3 * E})}, Shape{S, B, 3 * E});
    p = b.op("Reshape", "unflatten", {p, b.ints("unflatten.shape", {S, B, 3, E})}, Shape{S, B, 3, E});
    p = b.op("Unsqueeze", "unsqueeze", {p, b.ints("unsqueeze.axes", {0})}, Shape{1, S, B, 3, E});
    p = b.op("Transpose", "swap", {p}, Shape{3, S, B, 1, E}, {{"perm", std::vector<int64_t>{3, 1, 2, 0, 4}}});
    p = b.op("Squeeze", "squeeze", {p, b.ints("squeeze.axes", {3})}, Shape{3, S, B, E});
    auto part = [&](const std::string& n, int64_t index, bool key) {
        Tensor idx = Tensor::scalar<int64_t>(index);
        Value* v = b.op("Gather", n + ".gather", {p, b.constant(n + ".index", idx)}, Shape{S, B, E}, {{"axis", int64_t(0)}});
        v = b.op("Reshape", n + ".heads", {v, b.ints(n + ".heads.shape", {S, B * H, D})}, Shape{S, B * H, D});
        v = b.op("Transpose", n + ".transpose", {v}, Shape{B * H, S, D}, {{"perm", std::vector<int64_t>{1, 0, 2}}});
        v = b.op("Reshape", n + ".view", {v, b.ints(n + ".view.shape", {B, H, S, D})}, Shape{B, H, S, D});
        if (key) v = b.op("Transpose", n + ".kt", {v}, Shape{B, H, D, S}, {{"perm", std::vector<int64_t>{0, 1, 3, 2}}});
        return v;
    };
    Value* q = part("q", 0, false);
    Value* kt = part("k", 1, true);
    Value* v = part("v", 2, false);
    q = b.op("Mul", "q.scale", {q, b.scalar("q.scale.c", 0.7071f)}, Shape{B, H, S, D});
    kt = b.op("Mul", "k.scale", {kt, b.scalar("k.scale.c", 0.7071f)}, Shape{B, H, D, S});
    Shape ss{B, H, S, S};
    Value* s = b.op("MatMul", "qk", {q, kt}, ss);
    Value* a = b.op("Softmax", "softmax", {s}, ss, {{"axis", int64_t(-1)}});
    Value* o = b.op("MatMul", "pv", {a, v}, Shape{B, H, S, D});
    o = b.op("Transpose", "merge.transpose", {o}, Shape{S, B, H, D}, {{"perm", std::vector<int64_t>{2, 0, 1, 3}}});
    o = b.op("Reshape", "merge.reshape", {o, b.ints("merge.shape", {S * B, E})}, Shape{S * B, E});
    if (residualTail) {
        // torchvision's tail: Gemm(transB) → view [S, B, E] → Transpose(1,0,2) → + x.
        o = b.op("Gemm", "out_proj", {o, b.weights("out_proj.w", {E, E}), b.weights("out_proj.b", {E})},
                 Shape{S * B, E}, {{"transB", int64_t(1)}});
        o = b.op("Reshape", "out.view", {o, b.ints("out.view.shape", {S, B, E})}, Shape{S, B, E});
        o = b.op("Transpose", "out.transpose", {o}, Shape{B, S, E}, {{"perm", std::vector<int64_t>{1, 0, 2}}});
        b.output(b.op("Add", "residual", {o, x}, Shape{B, S, E}));
        return b.release();
    }
    b.output(b.op("MatMul", "out_proj", {o, b.weights("out_proj.w", {E, E})}, Shape{S * B, E}));
    return b.release();
}

TEST(PassesAttentionLayout, VitUnbindingAndMergedBatchHeadsBecomeStrides) {
    auto g = vitAttention();
    passes::OptimizerOptions options;
    options.level = 3;
    passes::FusionReport report = passes::optimizeGraph(*g, options);
    EXPECT_EQ(report.timesFired("AbsorbAttentionLayout"), 1) << report.str();
    const Node* att = attentionNode(*g);
    ASSERT_TRUE(att && att->hasAttr("dims"));
    EXPECT_EQ(att->inputs[0], att->inputs[1]);
    EXPECT_EQ(att->inputs[0], att->inputs[2]);
    EXPECT_EQ(att->inputs[0]->producer->opType, "MatMul");
    // The transpose before the in-projection moved below its GEMM (rows commute) and into the views.
    EXPECT_EQ(countOps(*g, "Transpose"), 0) << g->dump();
    EXPECT_EQ(att->inputs[0]->producer->inputs[0]->name, "x");
    EXPECT_EQ(report.timesFired("AbsorbAttentionLayout"), 1);
    EXPECT_EQ(countOps(*g, "Gather"), 0) << g->dump();
    EXPECT_EQ(countOps(*g, "Reshape"), 0) << g->dump();
    // V is the third slice of the projection, now [B, S, 3E]: offset 2E; B, H, S, D strides S·3E, D, 3E, 1.
    EXPECT_EQ(att->attrInts("v_view"), (std::vector<int64_t>{16, 72, 4, 24, 1}));
    // The output goes straight into out_proj's [S·B, E] rows.
    EXPECT_EQ(att->attrInts("o_dims"), (std::vector<int64_t>{6, 8}));
    EXPECT_EQ(att->attrInts("o_view"), (std::vector<int64_t>{8, 4, 16, 1}));
    expectSameOutputs([] { return vitAttention(); }, *g);
}

// The out-projection's transpose back to [B, S, E] moves above its Gemm (MoveTransposeAboveMatMul),
// into the attention's output strides; the residual Add joins the Gemm's epilogue. Before, the
// transpose and the Add were two more layers, each a copy of the activation.
TEST(PassesAttentionLayout, VitOutProjectionTransposeBecomesOutputStridesAndTheResidualFuses) {
    auto g = vitAttention(true);
    passes::OptimizerOptions options;
    options.level = 3;
    passes::FusionReport report = passes::optimizeGraph(*g, options);
    EXPECT_EQ(report.timesFired("MoveTransposeAboveMatMul"), 1) << report.str();
    EXPECT_EQ(report.timesFired("AbsorbAttentionLayout"), 1) << report.str();
    EXPECT_EQ(countOps(*g, "Transpose"), 0) << g->dump();
    EXPECT_EQ(countOps(*g, "Add"), 0) << g->dump();
    const Node* att = attentionNode(*g);
    ASSERT_TRUE(att && att->hasAttr("dims"));
    // The attention writes out_proj's rows in [B, S] order: B, H, S, D strides S·E, D, E, 1.
    EXPECT_EQ(att->attrInts("o_dims"), (std::vector<int64_t>{6, 8}));
    EXPECT_EQ(att->attrInts("o_view"), (std::vector<int64_t>{24, 4, 8, 1}));
    const Node* mm = passes::soleConsumer(att->outputs[0]);
    ASSERT_TRUE(passes::isOp(mm, "FusedMatMul", passes::kKilnDomain)) << g->dump();
    ASSERT_EQ(mm->inputs.size(), 4u);
    ASSERT_TRUE(mm->inputs[3]);  // the residual x, viewed as [B·S, E]
    EXPECT_EQ(mm->inputs[3]->producer->inputs[0]->name, "x");
    expectSameOutputs([] { return vitAttention(true); }, *g);
}

// A product wider than its input (K < N) moves its transpose up too; a narrower one (K > N) keeps
// it below (moved up it would copy more).
std::unique_ptr<Graph> transposedProduct(int64_t K, int64_t N) {
    GraphBuilder b("transposed_product");
    Value* x = b.input("x", Shape{6, K});
    Value* y = b.op("MatMul", "mm", {x, b.weights("w", {K, N})}, Shape{6, N});
    y = b.op("Reshape", "view", {y, b.ints("view.shape", {3, 2, N})}, Shape{3, 2, N});
    b.output(b.op("Transpose", "t", {y}, Shape{2, 3, N}, {{"perm", std::vector<int64_t>{1, 0, 2}}}));
    return b.release();
}

TEST(PassesAttentionLayout, RowTransposeMovesAboveAGemmOnlyWhenItIsNoLarger) {
    auto wide = transposedProduct(4, 8);
    passes::FusionReport r = runSinglePass(*wide, passes::makePassByName("EpilogueFusion"));
    wide->validate();
    EXPECT_EQ(r.timesFired("MoveTransposeAboveMatMul"), 1);
    const Node* t = findOp(*wide, "Transpose");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->outputs[0]->shape.staticDims(), (std::vector<int64_t>{2, 3, 4}));  // A's K columns
    EXPECT_EQ(wide->outputs()[0]->producer->opType, "Reshape");
    expectSameOutputs([] { return transposedProduct(4, 8); }, *wide);

    auto narrow = transposedProduct(8, 4);
    r = runSinglePass(*narrow, passes::makePassByName("EpilogueFusion"));
    EXPECT_EQ(r.timesFired("MoveTransposeAboveMatMul"), 0);
    EXPECT_EQ(narrow->outputs()[0]->producer->opType, "Transpose");
}

TEST(PassesAttentionLayout, AViewAnotherNodeReadsStaysAndTheAttentionStillReadsTheBase) {
    auto make = [] {
        auto g = bertAttention();
        for (Node* n : g->nodes())
            if (n->name == "value.transpose") g->markOutput(n->outputs[0]);  // observed: must stay
        return g;
    };
    auto g = make();
    runRule(*g, passes::makeFuseAttentionRule());
    runRule(*g, passes::makeAbsorbAttentionLayoutRule());
    const Node* att = attentionNode(*g);
    ASSERT_TRUE(att && att->hasAttr("dims"));
    EXPECT_EQ(att->inputs[2]->producer->name, "value.matmul");
    bool kept = false;
    for (const Node* n : g->nodes()) kept = kept || n->name == "value.transpose";
    EXPECT_TRUE(kept) << "a graph output's producer was removed";
    expectSameOutputs(make, *g);
}

TEST(PassesAttentionLayout, TheInputTransposeStaysWhenTheProjectionIsReadElsewhere) {
    // The in-projection is also a graph output: its rows must stay as they are, so the transpose
    // before it stays too (moving it would only copy a wider tensor), and the attention still reads
    // the projection through strides.
    auto make = [] {
        auto g = vitAttention();
        for (Node* n : g->nodes())
            if (n->name == "in_proj") g->markOutput(n->outputs[0]);
        return g;
    };
    auto g = make();
    passes::OptimizerOptions options;
    options.level = 3;
    passes::optimizeGraph(*g, options);
    const Node* att = attentionNode(*g);
    ASSERT_TRUE(att && att->hasAttr("dims"));
    EXPECT_EQ(countOps(*g, "Transpose"), 1) << g->dump();
    EXPECT_EQ(att->attrInts("v_view"), (std::vector<int64_t>{16, 24, 4, 48, 1}));
    expectSameOutputs(make, *g);
}

TEST(PassesAttentionLayout, NothingToAbsorbLeavesThePlainForm) {
    // Q, Kᵀ and V are graph inputs and the output is the graph's: there are no copies to remove.
    GraphBuilder b("plain");
    Value* q = b.input("q", Shape{1, 2, 3, 4});
    Value* kt = b.input("kt", Shape{1, 2, 4, 3});
    Value* v = b.input("v", Shape{1, 2, 3, 4});
    Value* s = b.op("MatMul", "qk", {q, kt}, Shape{1, 2, 3, 3});
    Value* p = b.op("Softmax", "softmax", {s}, Shape{1, 2, 3, 3}, {{"axis", int64_t(-1)}});
    b.output(b.op("MatMul", "pv", {p, v}, Shape{1, 2, 3, 4}));
    auto g = b.release();
    runRule(*g, passes::makeFuseAttentionRule());
    passes::FusionReport r = runRule(*g, passes::makeAbsorbAttentionLayoutRule());
    EXPECT_EQ(r.timesFired("AbsorbAttentionLayout"), 0);
    ASSERT_TRUE(attentionNode(*g));
    EXPECT_FALSE(attentionNode(*g)->hasAttr("dims"));
}

// T5: no 1/√d scale, and the relative position bias and the padding mask are two Adds before the
// softmax: (Q·Kᵀ + bias) + mask. Both become one additive mask (bias + mask) of the attention.
std::unique_ptr<Graph> t5Scores(bool biasAlsoOutput) {
    GraphBuilder b("t5_scores");
    Value* q = b.input("q", Shape{2, 2, 4, 8});
    Value* kt = b.input("kt", Shape{2, 2, 8, 4});
    Value* v = b.input("v", Shape{2, 2, 4, 8});
    Shape ss{2, 2, 4, 4};
    Value* s = b.op("MatMul", "qk", {q, kt}, ss);
    s = b.op("Add", "position_bias", {s, b.input("bias", Shape{1, 2, 4, 4})}, ss);
    if (biasAlsoOutput) b.output(s);
    s = b.op("Add", "mask_add", {s, b.input("mask", Shape{2, 1, 1, 4})}, ss);
    Value* p = b.op("Softmax", "softmax", {s}, ss, {{"axis", int64_t(-1)}});
    b.output(b.op("MatMul", "pv", {p, v}, Shape{2, 2, 4, 8}));
    return b.release();
}

TEST(PassesAttention, T5PositionBiasAndMaskAreOneAdditiveMask) {
    auto g = t5Scores(false);
    passes::FusionReport r = runRule(*g, passes::makeFuseAttentionRule());
    EXPECT_EQ(r.timesFired("FuseAttention"), 1);
    const Node* att = findOp(*g, "kiln::Attention");
    ASSERT_TRUE(att);
    ASSERT_EQ(att->inputs.size(), 4u);
    const Node* sum = att->inputs[3]->producer;
    ASSERT_TRUE(sum);
    EXPECT_EQ(sum->opType, "Add");
    for (const char* n : {"position_bias", "mask_add", "softmax"})
        EXPECT_NE(std::find(att->origin.begin(), att->origin.end(), n), att->origin.end()) << n;
    expectSameOutputs([] { return t5Scores(false); }, *g);

    // The biased scores observed elsewhere: nothing fuses.
    auto observed = t5Scores(true);
    EXPECT_EQ(runRule(*observed, passes::makeFuseAttentionRule()).timesFired("FuseAttention"), 0);
}

}  // namespace
}  // namespace kiln::test
