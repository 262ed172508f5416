// Review tests of the strided kiln::Attention (engine_core/passes/attention_layout.cpp,
// strided_view.cpp, kernels/cpu/fused.cpp, kernels/cpu/naive/fused.cpp): a mask the rewrite must not
// orphan, Gather with negative indices and Squeeze without axes in the traced chains, an uneven Split,
// and an output view that reaches outside the output (refused by the optimized kernel and the oracle
// instead of written out of bounds).
#include <gtest/gtest.h>

#include "engine_core/common/error.h"
#include "engine_core/passes/rewrite.h"
#include "engine_core/runtime/backend.h"
#include "kernels/cpu/naive/naive.h"
#include "tests/unit/passes_test_util.h"

namespace kiln::test {
namespace {

const Node* strided(const Graph& g) {
    const Node* n = findOp(g, "kiln::Attention");
    return n && n->hasAttr("dims") ? n : nullptr;
}

// Every input of every node is a graph input, a constant or some node's output.
void expectNoDanglingInputs(const Graph& g) {
    for (const Node* n : g.nodes())
        for (const Value* v : n->inputs)
            if (v) EXPECT_TRUE(v->producer || v->isGraphInput || v->isConstant()) << n->name << " reads " << v->name;
}

// The mask is the very tensor Q's Reshape produces: the Reshape's only reader is the attention, yet
// the rewritten attention still reads that tensor as its mask, so the Reshape must stay.
std::unique_ptr<Graph> maskFromQChain() {
    GraphBuilder b("mask_from_q_chain");
    Value* x = b.input("x", Shape{4, 4});
    Value* y = b.input("y", Shape{4, 4});
    Value* z = b.input("z", Shape{4, 4});
    Value* q = b.op("Reshape", "q.reshape", {x, b.ints("q.shape", {1, 1, 4, 4})}, Shape{1, 1, 4, 4});
    Value* kt = b.op("Reshape", "k.reshape", {y, b.ints("k.shape", {1, 1, 4, 4})}, Shape{1, 1, 4, 4});
    Value* v = b.op("Reshape", "v.reshape", {z, b.ints("v.shape", {1, 1, 4, 4})}, Shape{1, 1, 4, 4});
    Value* o = b.op("Attention", "att", {q, kt, v, q}, Shape{1, 1, 4, 4}, {{"scale", 0.5f}}, DataType::Float32,
                    passes::kKilnDomain);
    b.output(o);
    return b.release();
}

TEST(AttentionLayoutReview, AMaskMadeByATracedNodeKeepsItsProducer) {
    auto g = maskFromQChain();
    runRule(*g, passes::makeAbsorbAttentionLayoutRule());
    const Node* att = strided(*g);
    ASSERT_TRUE(att) << g->dump();
    ASSERT_EQ(att->inputs.size(), 4u);
    ASSERT_TRUE(att->inputs[3]->producer) << "the mask lost its producer:\n" << g->dump();  // old code: fails here
    EXPECT_EQ(att->inputs[3]->producer->name, "q.reshape");
    expectNoDanglingInputs(*g);
    expectSameOutputs(maskFromQChain, *g);
}

// Q, K and V unbound from one [3, B, H, S, D] tensor by Gather with indices 0, -2 (scalar) and [-1]
// (one element, then Squeeze without axes); Kᵀ by Transpose.
std::unique_ptr<Graph> negativeGathers() {
    const int64_t B = 2, H = 2, S = 5, D = 4;
    GraphBuilder b("negative_gathers");
    Value* w = b.input("w", Shape{3, B, H, S, D});
    Value* q = b.op("Gather", "q.gather", {w, b.constant("q.index", Tensor::scalar<int64_t>(0))}, Shape{B, H, S, D},
                    {{"axis", int64_t(0)}});
    Value* k = b.op("Gather", "k.gather", {w, b.constant("k.index", Tensor::scalar<int64_t>(-2))}, Shape{B, H, S, D},
                    {{"axis", int64_t(0)}});
    Value* kt = b.op("Transpose", "k.t", {k}, Shape{B, H, D, S}, {{"perm", std::vector<int64_t>{0, 1, 3, 2}}});
    Value* v = b.op("Gather", "v.gather", {w, b.ints("v.index", {-1})}, Shape{1, B, H, S, D}, {{"axis", int64_t(0)}});
    v = b.op("Squeeze", "v.squeeze", {v}, Shape{B, H, S, D});
    Value* mask = b.input("mask", Shape{B, 1, 1, S});
    b.output(b.op("Attention", "att", {q, kt, v, mask}, Shape{B, H, S, D}, {{"scale", 0.5f}}, DataType::Float32,
                  passes::kKilnDomain));
    return b.release();
}

TEST(AttentionLayoutReview, GatherWithNegativeIndicesAndSqueezeWithoutAxes) {
    auto g = negativeGathers();
    runRule(*g, passes::makeAbsorbAttentionLayoutRule());
    const Node* att = strided(*g);
    ASSERT_TRUE(att) << g->dump();
    const int64_t slice = 2 * 2 * 5 * 4;
    EXPECT_EQ(att->attrInts("q_view"), (std::vector<int64_t>{0, 40, 20, 4, 1}));
    EXPECT_EQ(att->attrInts("k_view"), (std::vector<int64_t>{slice, 40, 20, 4, 1}));
    EXPECT_EQ(att->attrInts("v_view"), (std::vector<int64_t>{2 * slice, 40, 20, 4, 1}));
    EXPECT_EQ(countOps(*g, "Gather"), 0) << g->dump();
    EXPECT_EQ(countOps(*g, "Squeeze"), 0) << g->dump();
    expectNoDanglingInputs(*g);
    expectSameOutputs(negativeGathers, *g);
}

// BERT-like heads from one [B, S, 32] tensor split unevenly into Q (8), K (8) and V (16): Dv = 2·D.
std::unique_ptr<Graph> unevenSplit() {
    const int64_t B = 2, S = 5, H = 2;
    GraphBuilder b("uneven_split");
    Value* p = b.input("p", Shape{B, S, 32});
    Value* parts[3];
    {
        Graph& g = b.graph();
        Node* split = nullptr;
        std::vector<Value*> outs;
        const int64_t widths[3] = {8, 8, 16};
        for (int i = 0; i < 3; ++i) {
            Value* o = g.addValue("split_out" + std::to_string(i));
            o->dtype = DataType::Float32;
            o->shape = Shape{B, S, widths[i]};
            outs.push_back(o);
            parts[i] = o;
        }
        split = g.addNode("Split", "split", {p, b.ints("split.sizes", {8, 8, 16})}, outs);
        split->attributes["axis"] = int64_t(2);
        split->origin = {"split"};
    }
    Value* q = b.op("Reshape", "q.r", {parts[0], b.ints("q.s", {B, S, H, 4})}, Shape{B, S, H, 4});
    q = b.op("Transpose", "q.t", {q}, Shape{B, H, S, 4}, {{"perm", std::vector<int64_t>{0, 2, 1, 3}}});
    Value* kt = b.op("Reshape", "k.r", {parts[1], b.ints("k.s", {B, S, H, 4})}, Shape{B, S, H, 4});
    kt = b.op("Transpose", "k.t", {kt}, Shape{B, H, 4, S}, {{"perm", std::vector<int64_t>{0, 2, 3, 1}}});
    Value* v = b.op("Reshape", "v.r", {parts[2], b.ints("v.s", {B, S, H, 8})}, Shape{B, S, H, 8});
    v = b.op("Transpose", "v.t", {v}, Shape{B, H, S, 8}, {{"perm", std::vector<int64_t>{0, 2, 1, 3}}});
    Value* o = b.op("Attention", "att", {q, kt, v}, Shape{B, H, S, 8}, {{"scale", 0.5f}}, DataType::Float32,
                    passes::kKilnDomain);
    o = b.op("Transpose", "o.t", {o}, Shape{B, S, H, 8}, {{"perm", std::vector<int64_t>{0, 2, 1, 3}}});
    o = b.op("Reshape", "o.r", {o, b.ints("o.s", {B, S, 16})}, Shape{B, S, 16});
    b.output(o);
    return b.release();
}

TEST(AttentionLayoutReview, UnevenSplitGivesEachPartItsOffset) {
    auto g = unevenSplit();
    runRule(*g, passes::makeAbsorbAttentionLayoutRule());
    const Node* att = strided(*g);
    ASSERT_TRUE(att) << g->dump();
    EXPECT_EQ(att->attrInts("dims"), (std::vector<int64_t>{2, 2, 5, 5, 4, 8}));
    EXPECT_EQ(att->attrInts("v_view"), (std::vector<int64_t>{16, 160, 8, 32, 1}));
    EXPECT_EQ(att->attrInts("o_view"), (std::vector<int64_t>{80, 8, 16, 1}));
    EXPECT_EQ(countOps(*g, "Split"), 0) << g->dump();
    expectNoDanglingInputs(*g);
    expectSameOutputs(unevenSplit, *g);
}

// One strided kiln::Attention node [B=1, H=1, S=4, T=4, D=4, Dv=4] over contiguous Q, K, V, with
// the given output view and dims, run on the default CPU kernels or the oracle.
void runStrided(const std::vector<int64_t>& oView, const std::vector<int64_t>& oDims, bool oracle) {
    Graph g;
    g.opsetImports[""] = 21;
    TensorMap feeds;
    std::vector<Value*> ins;
    for (const char* name : {"q", "k", "v"}) {
        Value* v = g.addValue(name);
        v->dtype = DataType::Float32;
        v->shape = Shape{4, 4};
        g.markInput(v);
        Tensor t(DataType::Float32, {4, 4});
        for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = float(i % 5) * 0.25f;
        feeds[name] = t;
        ins.push_back(v);
    }
    Value* out = g.addValue("out");
    Node* n = g.addNode("Attention", "att", ins, {out}, passes::kKilnDomain);
    n->attributes["dims"] = std::vector<int64_t>{1, 1, 4, 4, 4, 4};
    for (const char* key : {"q_view", "k_view", "v_view"}) n->attributes[key] = std::vector<int64_t>{0, 0, 0, 4, 1};
    n->attributes["o_view"] = oView;
    n->attributes["o_dims"] = oDims;
    g.markOutput(out);
    RunOptions options;
    options.batchSplit = false;
    if (oracle) {
        static const KernelRegistry registry = [] {
            KernelRegistry r;
            naive::registerNaiveFusedKernels(r);
            return r;
        }();
        Executor(g, makeHostBackend("oracle", registry)).run(feeds, options);
    } else {
        Executor(g).run(feeds, options);
    }
}

TEST(AttentionLayoutReview, AnOutputViewInsideTheOutputRuns) {
    for (bool oracle : {false, true}) {
        EXPECT_NO_THROW(runStrided({0, 0, 4, 1}, {16}, oracle)) << (oracle ? "oracle" : "optimized");
        EXPECT_NO_THROW(runStrided({7, 3, 4, 1}, {4, 4}, oracle)) << "strides of size-1 dims are never used";
    }
}

TEST(AttentionLayoutReview, AnOutputViewReachingOutsideTheOutputIsRefused) {
    // Rows 8 apart in a 16-element output: rows 2 and 3 would land past its end.
    auto refusal = [](const std::vector<int64_t>& oView, bool oracle) -> std::string {
        try {
            runStrided(oView, {16}, oracle);
        } catch (const Error& e) {
            return e.what();
        }
        return "(ran)";
    };
    for (bool oracle : {false, true}) {
        const char* which = oracle ? "oracle" : "optimized";
        // old code: "(ran)", having written past the output's end
        EXPECT_NE(refusal({0, 0, 8, 1}, oracle).find("o_view"), std::string::npos) << which << ": " << refusal({0, 0, 8, 1}, oracle);
        EXPECT_NE(refusal({0, 0, -4, 1}, oracle).find("o_view"), std::string::npos) << which << ": a negative stride";
    }
}

}  // namespace
}  // namespace kiln::test
