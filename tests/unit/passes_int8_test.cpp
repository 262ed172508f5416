// FoldQdqInt8 (engine_core/passes/fold_qdq_int8.cpp): DQ(x), DQ(W) → Conv / Gemm / MatMul (+ bias)
// (→ Relu / Clip) → Q becomes kiln::Int8Conv / kiln::Int8MatMul. Each positive case runs the graph
// before and after (the reference executor: fp32 Conv between Q/DQ, then the CPU int8 layer) and
// expects every output within one step of the final DequantizeLinear; each negative case beside it
// leaves the graph alone. Tables: DQ(x) → element-wise ops with Q/DQ between → Q becomes one
// kiln::Int8Table, bit for bit the graph's own result for every 8-bit x.
#include "engine_core/passes/unfuse.h"
#include "tests/unit/passes_test_util.h"

namespace kiln::test {
namespace {

using namespace kiln::passes;

constexpr float kXScale = 0.02f, kYScale = 0.05f;

Value* u8(GraphBuilder& b, const std::string& name, uint8_t v) { return b.constant(name, Tensor::scalar<uint8_t>(v)); }

// Q then DQ of a float tensor (per tensor, uint8).
Value* qdq(GraphBuilder& b, Value* x, const std::string& name, float scale, uint8_t zero, const Shape& shape,
           Value** quantized = nullptr) {
    Value* s = b.scalar(name + ".scale", scale);
    Value* z = u8(b, name + ".zero", zero);
    Value* q = b.op("QuantizeLinear", name + "_q", {x, s, z}, shape, {}, DataType::UInt8);
    if (quantized) *quantized = q;
    return b.op("DequantizeLinear", name + "_dq", {q, s, z}, shape);
}

// DQ of constant int8 weights, per channel along `axis` (channels values) or per tensor.
Value* dqWeights(GraphBuilder& b, const std::string& name, std::vector<int64_t> dims, int64_t axis, int64_t channels,
                 bool perChannel) {
    Tensor w(DataType::Int8, dims);
    for (int64_t i = 0; i < w.numel(); ++i) w.data<int8_t>()[i] = int8_t((i * 37 + 11) % 255 - 127);
    Tensor s(DataType::Float32, perChannel ? std::vector<int64_t>{channels} : std::vector<int64_t>{});
    Tensor z(DataType::Int8, perChannel ? std::vector<int64_t>{channels} : std::vector<int64_t>{});
    for (int64_t i = 0; i < s.numel(); ++i) s.data<float>()[i] = 0.002f + 0.0005f * float(i % 5);
    Shape shape;
    for (int64_t d : dims) shape.dims.push_back(d);
    return b.op("DequantizeLinear", name + "_dq", {b.constant(name, w), b.constant(name + ".scale", s), b.constant(name + ".zero", z)},
                shape, {{"axis", axis}});
}

// DQ of an int32 bias in units of x_scale · w_scale[m] (quantize_static's form).
Value* dqBias(GraphBuilder& b, const std::string& name, int64_t channels) {
    Tensor q(DataType::Int32, {channels}), s(DataType::Float32, {channels});
    for (int64_t i = 0; i < channels; ++i) {
        q.data<int32_t>()[i] = int32_t((i * 731) % 2001 - 1000);
        s.data<float>()[i] = kXScale * (0.002f + 0.0005f * float(i % 5));
    }
    return b.op("DequantizeLinear", name + "_dq", {b.constant(name, q), b.constant(name + ".scale", s)}, Shape{channels},
                {{"axis", int64_t(0)}});
}

enum class Variant { Folds, QIsGraphOutput, QReadTwice, ConvReadElsewhere, NoQ, RuntimeWeights };

// x → Q/DQ → Conv(DQ(W) per channel, DQ(bias)) → Relu → Q → DQ → y
std::unique_ptr<Graph> qdqConv(Variant v) {
    GraphBuilder b("qdq_conv");
    Value* x = b.input("x", Shape{1, 3, 6, 6});
    const Shape out{1, 4, 6, 6};
    Value* dx = qdq(b, x, "x", kXScale, 128, Shape{1, 3, 6, 6});
    Value* w = v == Variant::RuntimeWeights
                   ? b.op("DequantizeLinear", "W_dq", {b.input("Wq", Shape{4, 3, 3, 3}, DataType::Int8), b.scalar("W.scale", 0.003f)},
                          Shape{4, 3, 3, 3})
                   : dqWeights(b, "W", {4, 3, 3, 3}, 0, 4, true);
    Value* c = b.op("Conv", "conv", {dx, w, dqBias(b, "B", 4)}, out,
                    {{"kernel_shape", std::vector<int64_t>{3, 3}}, {"pads", std::vector<int64_t>{1, 1, 1, 1}}});
    Value* r = b.op("Relu", "relu", {c}, out);
    if (v == Variant::ConvReadElsewhere) b.output(b.op("Sigmoid", "other", {c}, out));
    if (v == Variant::NoQ) {
        b.output(r);
        return b.release();
    }
    Value* yq = nullptr;
    b.output(qdq(b, r, "y", kYScale, 10, out, &yq));
    if (v == Variant::QIsGraphOutput) b.output(yq);
    if (v == Variant::QReadTwice) b.output(b.op("DequantizeLinear", "second", {yq, b.scalar("s2", 1.f)}, out));
    return b.release();
}

// Outputs before and after within one output step (kYScale): the int8 layer rounds its bias too.
void expectWithinOneStep(const GraphFactory& factory, const Graph& optimized) {
    auto reference = factory();
    TensorMap feeds = randomInputs(*reference);
    TensorMap expected = Executor(*reference).run(feeds);
    TensorMap actual = Executor(optimized).run(feeds);
    for (const auto& [name, want] : expected) {
        const Tensor& got = actual.at(name);
        ASSERT_EQ(got.dims(), want.dims()) << name;
        int64_t nonZero = 0, differ = 0;
        for (int64_t i = 0; i < want.numel(); ++i) {
            const double e = want.scalarAsDouble(i), a = got.scalarAsDouble(i);
            ASSERT_LE(std::fabs(a - e), kYScale * (1 + 1e-5)) << name << " at " << i << ": " << a << " vs " << e;
            nonZero += e != 0;
            differ += a != e;
        }
        EXPECT_GT(nonZero, want.numel() / 4) << name << ": mostly zero, a weak check";
        EXPECT_LT(differ, want.numel() / 10) << name << ": many values one step off";
    }
}

TEST(PassesInt8, ConvReluBetweenQdqFoldsIntoInt8Conv) {
    auto g = qdqConv(Variant::Folds);
    FusionReport r = runRule(*g, makeFoldQdqInt8Rule());
    EXPECT_EQ(r.timesFired("FoldQdqInt8"), 1);
    EXPECT_EQ(countOps(*g, "kiln::Int8Conv"), 1);
    EXPECT_EQ(countOps(*g, "Conv"), 0);
    EXPECT_EQ(countOps(*g, "Relu"), 0);
    EXPECT_EQ(countOps(*g, "QuantizeLinear"), 1);    // the input's
    EXPECT_EQ(countOps(*g, "DequantizeLinear"), 1);  // the output's (x's, W's and B's went with the layer)
    const Node* layer = findOp(*g, "kiln::Int8Conv");
    ASSERT_TRUE(layer);
    EXPECT_EQ(layer->attrInts("clamp"), (std::vector<int64_t>{10, 255}));  // Relu: Q(0) = y_zero
    EXPECT_EQ(layer->inputs[0]->name, "x_q_out");
    // quantize_static's bias scale is x_scale · w_scale, so the int32 bias comes back unchanged.
    const Tensor& bias = *layer->inputs[8]->constant;
    for (int64_t i = 0; i < 4; ++i) EXPECT_EQ(bias.data<int32_t>()[i], int32_t((i * 731) % 2001 - 1000)) << i;
    EXPECT_EQ(layer->origin, (std::vector<std::string>{"x_dq", "W_dq", "B_dq", "conv", "relu", "y_q"}));
    expectWithinOneStep([] { return qdqConv(Variant::Folds); }, *g);
    expectGolden("int8_conv", *g);
}

TEST(PassesInt8, BlockedWhenTheFp32OrQuantizedValuesAreSeenElsewhere) {
    for (Variant v : {Variant::QIsGraphOutput, Variant::QReadTwice, Variant::ConvReadElsewhere, Variant::NoQ,
                      Variant::RuntimeWeights}) {
        auto g = qdqConv(v);
        const size_t before = g->nodeCount();
        FusionReport r = runRule(*g, makeFoldQdqInt8Rule());
        EXPECT_EQ(r.timesFired("FoldQdqInt8"), 0) << int(v);
        EXPECT_EQ(countOps(*g, "Conv"), 1) << int(v);
        EXPECT_EQ(g->nodeCount(), before) << int(v);
    }
}

// x → Q/DQ → Gemm(transB, DQ(W [N, K]) per row, float bias, beta) → Clip(0, 6) → Q → DQ
std::unique_ptr<Graph> qdqGemm(bool perChannel) {
    GraphBuilder b("qdq_gemm");
    Value* x = b.input("x", Shape{3, 16});
    Value* dx = qdq(b, x, "x", kXScale, 128, Shape{3, 16});
    Value* g = b.op("Gemm", "gemm", {dx, dqWeights(b, "W", {10, 16}, 0, 10, perChannel), b.weights("C", {10})},
                    Shape{3, 10}, {{"transB", int64_t(1)}, {"beta", 0.5f}});
    Value* c = b.op("Clip", "clip", {g, b.scalar("lo", 0.f), b.scalar("hi", 0.3f)}, Shape{3, 10});
    b.output(qdq(b, c, "y", 0.002f, 0, Shape{3, 10}));
    return b.release();
}

TEST(PassesInt8, GemmWithTransposedWeightsAndClipFoldsIntoInt8MatMul) {
    for (bool perChannel : {true, false}) {
        auto g = qdqGemm(perChannel);
        EXPECT_EQ(runRule(*g, makeFoldQdqInt8Rule()).timesFired("FoldQdqInt8"), 1);
        const Node* layer = findOp(*g, "kiln::Int8MatMul");
        ASSERT_TRUE(layer);
        EXPECT_EQ(layer->inputs[3]->constant->dims(), (std::vector<int64_t>{16, 10}));  // [K, N]
        EXPECT_EQ(layer->attrInts("clamp"), (std::vector<int64_t>{0, 150}));            // Q(0.3) = 150
        EXPECT_EQ(countOps(*g, "Gemm") + countOps(*g, "Clip"), 0);
        // Output step 0.002: compare through the final DQ at that step.
        auto reference = qdqGemm(perChannel);
        TensorMap feeds = randomInputs(*reference);
        const Tensor want = Executor(*reference).run(feeds).begin()->second;
        const Tensor got = Executor(*g).run(feeds).begin()->second;
        int64_t nonZero = 0;
        for (int64_t i = 0; i < want.numel(); ++i) {
            EXPECT_LE(std::fabs(got.scalarAsDouble(i) - want.scalarAsDouble(i)), 0.002 * (1 + 1e-5)) << i;
            nonZero += want.scalarAsDouble(i) != 0;
        }
        EXPECT_GT(nonZero, 5);
    }
}

// x [2, 5, 8] → Q/DQ → MatMul(DQ(W [8, 6]) per column) → Add(bias) → Q → DQ
std::unique_ptr<Graph> qdqMatMul(bool biasAlongRows) {
    GraphBuilder b("qdq_matmul");
    Value* x = b.input("x", Shape{2, 5, 8});
    Value* dx = qdq(b, x, "x", kXScale, 100, Shape{2, 5, 8});
    Value* m = b.op("MatMul", "mm", {dx, dqWeights(b, "W", {8, 6}, 1, 6, true)}, Shape{2, 5, 6});
    Value* bias = biasAlongRows ? b.weights("bias", {5, 1}) : b.weights("bias", {6});
    Value* a = b.op("Add", "add", {m, bias}, Shape{2, 5, 6});
    b.output(qdq(b, a, "y", kYScale, 128, Shape{2, 5, 6}));
    return b.release();
}

TEST(PassesInt8, MatMulPlusBiasFoldsOnlyWithAPerColumnBias) {
    auto g = qdqMatMul(false);
    EXPECT_EQ(runRule(*g, makeFoldQdqInt8Rule()).timesFired("FoldQdqInt8"), 1);
    EXPECT_EQ(countOps(*g, "kiln::Int8MatMul"), 1);
    EXPECT_EQ(countOps(*g, "Add") + countOps(*g, "MatMul"), 0);
    expectWithinOneStep([] { return qdqMatMul(false); }, *g);

    auto rows = qdqMatMul(true);  // a [5, 1] bias varies along the rows: not a per-column bias
    EXPECT_EQ(runRule(*rows, makeFoldQdqInt8Rule()).timesFired("FoldQdqInt8"), 0);
    EXPECT_EQ(countOps(*rows, "MatMul"), 1);
}

// The int8 layers' plain form (passes/unfuse.h), which the builder times them against: DQ → the fp32
// op on dequantized constant weights → Relu / Clip from the clamp → Q, within one step of the Q/DQ
// graph it was folded from (and of the int8 layer).
TEST(PassesInt8, UnfusedFormIsTheQdqGraphAgain) {
    struct Case {
        std::function<std::unique_ptr<Graph>()> make;
        std::string op;
        std::vector<std::string> plain;
        float step;
    };
    const std::vector<Case> cases{
        {[] { return qdqConv(Variant::Folds); }, "kiln::Int8Conv", {"DequantizeLinear", "Conv", "Relu", "QuantizeLinear"}, kYScale},
        {[] { return qdqGemm(true); }, "kiln::Int8MatMul", {"DequantizeLinear", "MatMul", "Add", "Clip", "QuantizeLinear"}, 0.002f},
        {[] { return qdqGemm(false); }, "kiln::Int8MatMul", {"DequantizeLinear", "MatMul", "Add", "Clip", "QuantizeLinear"}, 0.002f},
        {[] { return qdqMatMul(false); }, "kiln::Int8MatMul", {"DequantizeLinear", "MatMul", "Add", "QuantizeLinear"}, kYScale},
    };
    for (const Case& c : cases) {
        auto g = c.make();
        ASSERT_EQ(runRule(*g, makeFoldQdqInt8Rule()).timesFired("FoldQdqInt8"), 1) << c.op;
        Node* layer = const_cast<Node*>(findOp(*g, c.op));
        ASSERT_TRUE(layer) << c.op;
        EXPECT_TRUE(canUnfuse(*layer));
        EXPECT_TRUE(readsQuantizedInputs(*layer));
        auto reference = c.make();
        TensorMap feeds = randomInputs(*reference);
        const Tensor folded = Executor(*g).run(feeds).begin()->second;
        const std::vector<Node*> plain = unfuse(*g, layer);
        std::vector<std::string> ops;
        for (const Node* n : plain) ops.push_back(n->opType);
        EXPECT_EQ(ops, c.plain) << c.op;
        EXPECT_EQ(countOps(*g, c.op), 0);
        const Tensor want = Executor(*reference).run(feeds).begin()->second;
        const Tensor got = Executor(*g).run(feeds).begin()->second;
        int64_t differ = 0;
        for (int64_t i = 0; i < want.numel(); ++i) {
            EXPECT_LE(std::fabs(got.scalarAsDouble(i) - want.scalarAsDouble(i)), c.step * (1 + 1e-5)) << c.op << " " << i;
            EXPECT_LE(std::fabs(got.scalarAsDouble(i) - folded.scalarAsDouble(i)), c.step * (1 + 1e-5)) << c.op << " " << i;
            differ += got.scalarAsDouble(i) != want.scalarAsDouble(i);
        }
        EXPECT_LT(differ, std::max<int64_t>(2, want.numel() / 10)) << c.op;
    }
    // Clip bounds exactly at the clamp: a per-tensor Gemm's upper bound Q(0.3) = 150 comes back as 0.3.
    auto g = qdqGemm(false);
    runRule(*g, makeFoldQdqInt8Rule());
    unfuse(*g, const_cast<Node*>(findOp(*g, "kiln::Int8MatMul")));
    const Node* clip = findOp(*g, "Clip");
    ASSERT_TRUE(clip);
    EXPECT_FLOAT_EQ(float(clip->inputs[2]->constant->scalarAsDouble(0)), 150 * 0.002f);
    EXPECT_TRUE(std::isinf(clip->inputs[1]->constant->scalarAsDouble(0)));  // lo = 0 is the type's bottom
}

TEST(PassesInt8, RunsFromLevelTwoBeforeConstantFolding) {
    for (int level : {1, 2, 3}) {
        auto g = qdqConv(Variant::Folds);
        OptimizerOptions options;
        options.level = level;
        FusionReport r = optimizeGraph(*g, options);
        EXPECT_EQ(countOps(*g, "kiln::Int8Conv"), level >= 2 ? 1 : 0) << "level " << level;
        // At level 1 constant folding turns DQ(W) into fp32 weights and the Conv stays fp32.
        EXPECT_EQ(countOps(*g, "Conv"), level >= 2 ? 0 : 1) << "level " << level;
        if (level >= 2) EXPECT_EQ(r.timesFired("FoldQdqInt8"), 1);
    }
}

// MoveGatherAboveDequantize: idx → Gather(DQ(table q [10, 6]), idx [2, 3]) → [2, 3, 6] (or along
// axis 1: [10, 2, 3]). The DQ is per tensor or per axis.
enum class GatherDq { PerTensor, PerColumnRowsGathered, PerRowColumnsGathered, PerAxisGathered, DqReadTwice };

std::unique_ptr<Graph> gatherOfDq(GatherDq v) {
    GraphBuilder b("gather_dq");
    Value* idx = b.input("idx", Shape{2, 3}, DataType::Int64);
    Tensor q(DataType::Int8, {10, 6});
    for (int64_t i = 0; i < q.numel(); ++i) q.data<int8_t>()[i] = int8_t((i * 53 + 7) % 255 - 127);
    const bool perTensor = v == GatherDq::PerTensor || v == GatherDq::DqReadTwice;
    const int64_t dqAxis = v == GatherDq::PerColumnRowsGathered ? 1 : 0;
    const int64_t gatherAxis = v == GatherDq::PerRowColumnsGathered ? 1 : 0;
    const int64_t n = dqAxis == 1 ? 6 : 10;
    Tensor s(DataType::Float32, perTensor ? std::vector<int64_t>{} : std::vector<int64_t>{n});
    Tensor z(DataType::Int8, perTensor ? std::vector<int64_t>{} : std::vector<int64_t>{n});
    for (int64_t i = 0; i < s.numel(); ++i) {
        s.data<float>()[i] = 0.01f + 0.003f * float(i);
        z.data<int8_t>()[i] = int8_t(i * 5 - 20);
    }
    Value* table = b.op("DequantizeLinear", "table_dq", {b.constant("table", q), b.constant("table.scale", s), b.constant("table.zero", z)},
                        Shape{10, 6}, {{"axis", dqAxis}});
    const Shape out = gatherAxis == 0 ? Shape{2, 3, 6} : Shape{10, 2, 3};
    b.output(b.op("Gather", "gather", {table, idx}, out, {{"axis", gatherAxis}}));
    if (v == GatherDq::DqReadTwice) b.output(b.op("Relu", "other", {table}, Shape{10, 6}));
    return b.release();
}

TEST(PassesInt8, GatherOfDequantizeGathersTheQuantizedRows) {
    TensorMap feeds;
    feeds["idx"] = Tensor::fromVector<int64_t>({2, 3}, {0, 5, 3, -1, 4, 2});  // -1: the last row / column
    for (GatherDq v : {GatherDq::PerTensor, GatherDq::PerColumnRowsGathered, GatherDq::PerRowColumnsGathered}) {
        auto g = gatherOfDq(v);
        FusionReport r = runRule(*g, makeMoveGatherAboveDequantizeRule());
        EXPECT_EQ(r.timesFired("MoveGatherAboveDequantize"), 1) << int(v);
        const Node* gather = findOp(*g, "Gather");
        const Node* dq = findOp(*g, "DequantizeLinear");
        ASSERT_TRUE(gather && dq) << int(v);
        EXPECT_EQ(gather->inputs[0]->name, "table") << int(v);  // the int8 constant itself
        EXPECT_EQ(gather->outputs[0]->dtype, DataType::Int8) << int(v);
        EXPECT_EQ(dq->inputs[0], gather->outputs[0]) << int(v);
        EXPECT_EQ(dq->outputs[0]->name, "gather_out") << int(v);  // the output keeps its name
        // Per axis: the columns' axis 1 of [10, 6] is axis 2 of [2, 3, 6]; the rows' axis 0 of [10, 6]
        // stays axis 0 of [10, 2, 3].
        if (v == GatherDq::PerColumnRowsGathered) EXPECT_EQ(dq->attrInt("axis", 1), 2);
        if (v == GatherDq::PerRowColumnsGathered) EXPECT_EQ(dq->attrInt("axis", 1), 0);
        auto reference = gatherOfDq(v);
        const Tensor want = Executor(*reference).run(feeds).at("gather_out");
        const Tensor got = Executor(*g).run(feeds).at("gather_out");
        ASSERT_EQ(got.dims(), want.dims()) << int(v);
        for (int64_t i = 0; i < want.numel(); ++i) EXPECT_EQ(got.data<float>()[i], want.data<float>()[i]) << int(v) << " at " << i;
    }
    for (GatherDq v : {GatherDq::PerAxisGathered, GatherDq::DqReadTwice}) {
        auto g = gatherOfDq(v);
        FusionReport r = runRule(*g, makeMoveGatherAboveDequantizeRule());
        EXPECT_EQ(r.timesFired("MoveGatherAboveDequantize"), 0) << int(v);
        EXPECT_EQ(findOp(*g, "Gather")->inputs[0]->name, "table_dq_out") << int(v);
    }
}

// DropQdqAroundDataMovement: x8 [1, 2, 6, 6] → DQ → MaxPool 2x2 / Transpose → Q → y8.
enum class MoveQdq { MaxPool, Transpose, OtherScale, OtherZero, DqReadTwice };

std::unique_ptr<Graph> qdqAroundMove(MoveQdq v) {
    GraphBuilder b("qdq_move");
    Value* x = b.input("x", Shape{1, 2, 6, 6}, DataType::UInt8);
    Value* d = b.op("DequantizeLinear", "in_dq", {x, b.scalar("in.scale", 0.04f), u8(b, "in.zero", 120)}, Shape{1, 2, 6, 6});
    const bool pool = v != MoveQdq::Transpose;
    const Shape out = pool ? Shape{1, 2, 3, 3} : Shape{1, 6, 6, 2};
    Value* m = pool ? b.op("MaxPool", "pool", {d}, out,
                           {{"kernel_shape", std::vector<int64_t>{2, 2}}, {"strides", std::vector<int64_t>{2, 2}}})
                    : b.op("Transpose", "transpose", {d}, out, {{"perm", std::vector<int64_t>{0, 2, 3, 1}}});
    const float scale = v == MoveQdq::OtherScale ? 0.05f : 0.04f;
    const uint8_t zero = v == MoveQdq::OtherZero ? 121 : 120;
    b.output(b.op("QuantizeLinear", "out_q", {m, b.scalar("out.scale", scale), u8(b, "out.zero", zero)}, out, {},
                  DataType::UInt8));
    if (v == MoveQdq::DqReadTwice) b.output(b.op("Relu", "other", {d}, Shape{1, 2, 6, 6}));
    return b.release();
}

TEST(PassesInt8, QdqAroundMaxPoolAndTransposeIsDropped) {
    for (MoveQdq v : {MoveQdq::MaxPool, MoveQdq::Transpose}) {
        auto g = qdqAroundMove(v);
        FusionReport r = runRule(*g, makeDropQdqAroundDataMovementRule());
        EXPECT_EQ(r.timesFired("DropQdqAroundDataMovement"), 1) << int(v);
        EXPECT_EQ(countOps(*g, "DequantizeLinear"), 0) << int(v);
        EXPECT_EQ(countOps(*g, "QuantizeLinear"), 0) << int(v);
        const Node* op = findOp(*g, v == MoveQdq::MaxPool ? "MaxPool" : "Transpose");
        ASSERT_TRUE(op) << int(v);
        EXPECT_EQ(op->inputs[0]->name, "x") << int(v);         // the 8-bit input itself
        EXPECT_EQ(op->outputs[0]->name, "out_q_out") << int(v);  // the Q's output keeps its name
        auto reference = qdqAroundMove(v);
        TensorMap feeds;
        Tensor x(DataType::UInt8, {1, 2, 6, 6});
        for (int64_t i = 0; i < x.numel(); ++i) x.data<uint8_t>()[i] = uint8_t((i * 37 + 11) % 256);
        feeds["x"] = x;
        const Tensor want = Executor(*reference).run(feeds).at("out_q_out");
        const Tensor got = Executor(*g).run(feeds).at("out_q_out");
        ASSERT_EQ(got.dims(), want.dims()) << int(v);
        int64_t distinct = 0;
        for (int64_t i = 0; i < want.numel(); ++i) {
            EXPECT_EQ(got.data<uint8_t>()[i], want.data<uint8_t>()[i]) << int(v) << " at " << i;
            distinct += want.data<uint8_t>()[i] != want.data<uint8_t>()[0];
        }
        EXPECT_GT(distinct, 0) << "constant data: a weak check";
    }
    for (MoveQdq v : {MoveQdq::OtherScale, MoveQdq::OtherZero, MoveQdq::DqReadTwice}) {
        auto g = qdqAroundMove(v);
        FusionReport r = runRule(*g, makeDropQdqAroundDataMovementRule());
        EXPECT_EQ(r.timesFired("DropQdqAroundDataMovement"), 0) << int(v);
        EXPECT_EQ(countOps(*g, "QuantizeLinear"), 1) << int(v);
    }
}

// Tables: x8 [1, 256] (every 8-bit value once) → DQ → a SiLU or a GELU as quantize_static writes
// them (a Q/DQ pair after each op) → Q → DQ → y.
enum class TableChainKind { Silu, SiluInt8, Gelu, TwoSources, VectorOperand, SigmoidReadElsewhere };

std::unique_ptr<Graph> qdqTableChain(TableChainKind v) {
    GraphBuilder b("qdq_table");
    const Shape shape{1, 256};
    const bool signedX = v == TableChainKind::SiluInt8;
    Value* x8 = b.input("x8", shape, signedX ? DataType::Int8 : DataType::UInt8);
    Value* xz = signedX ? b.constant("x.zero", Tensor::scalar<int8_t>(-20)) : u8(b, "x.zero", 100);
    Value* dx = b.op("DequantizeLinear", "x_dq", {x8, b.scalar("x.scale", 0.03f), xz}, shape);
    Value* y = nullptr;
    if (v == TableChainKind::Gelu) {
        Value* d = qdq(b, b.op("Div", "div", {dx, b.scalar("sqrt2", 1.4142135f)}, shape), "div", 0.02f, 128, shape);
        Value* e = qdq(b, b.op("Erf", "erf", {d}, shape), "erf", 1.f / 127, 128, shape);
        Value* a = qdq(b, b.op("Add", "add", {e, b.scalar("one", 1.f)}, shape), "add", 2.f / 255, 0, shape);
        Value* m = qdq(b, b.op("Mul", "mul", {dx, a}, shape), "mul", 0.05f, 60, shape);
        y = b.op("Mul", "half", {m, b.scalar("half.c", 0.5f)}, shape);
    } else {
        Value* sig = b.op("Sigmoid", "sigmoid", {dx}, shape);
        if (v == TableChainKind::SigmoidReadElsewhere) b.output(sig);
        Value* s = qdq(b, sig, "sig", 1.f / 255, 0, shape);
        Value* other = dx;
        if (v == TableChainKind::TwoSources)
            other = b.op("DequantizeLinear", "x2_dq", {b.input("x2", shape, DataType::UInt8), b.scalar("x2.scale", 0.03f), u8(b, "x2.zero", 90)},
                         shape);
        if (v == TableChainKind::VectorOperand) other = b.weights("gain", {1, 256});
        y = b.op("Mul", "silu", {other, s}, shape);
    }
    // The output: Q (int8 for the GELU) → DQ.
    Value* ys = b.scalar("y.scale", 0.04f);
    Value* yz = v == TableChainKind::Gelu ? b.constant("y.zero", Tensor::scalar<int8_t>(-3)) : u8(b, "y.zero", 5);
    Value* yq = b.op("QuantizeLinear", "y_q", {y, ys, yz}, shape, {}, v == TableChainKind::Gelu ? DataType::Int8 : DataType::UInt8);
    b.output(b.op("DequantizeLinear", "y_dq", {yq, ys, yz}, shape));
    return b.release();
}

TEST(PassesInt8, ElementwiseChainsBetweenQdqBecomeOneTable) {
    for (TableChainKind v : {TableChainKind::Silu, TableChainKind::SiluInt8, TableChainKind::Gelu}) {
        SCOPED_TRACE(int(v));
        auto g = qdqTableChain(v);
        FusionReport r = runRule(*g, makeFoldQdqInt8Rule());
        EXPECT_GE(r.timesFired("FoldQdqInt8"), 1);
        // One table for the whole chain (a SiLU's Sigmoid → Q folded first is taken in again), and
        // none of the float ops or the Q/DQ pairs inside it left.
        EXPECT_EQ(countOps(*g, "kiln::Int8Table"), 1);
        for (const char* op : {"Sigmoid", "Mul", "Div", "Erf", "Add", "QuantizeLinear"}) EXPECT_EQ(countOps(*g, op), 0) << op;
        EXPECT_EQ(countOps(*g, "DequantizeLinear"), 1);  // y's
        const Node* table = findOp(*g, "kiln::Int8Table");
        ASSERT_TRUE(table);
        EXPECT_EQ(table->inputs[0]->name, "x8");
        // Every 8-bit x: the same bits as the graph as written.
        TensorMap feeds;
        Tensor x(v == TableChainKind::SiluInt8 ? DataType::Int8 : DataType::UInt8, {1, 256});
        for (int64_t k = 0; k < 256; ++k) static_cast<uint8_t*>(x.raw())[k] = uint8_t(k);
        feeds["x8"] = x;
        auto reference = qdqTableChain(v);
        const Tensor want = Executor(*reference).run(feeds).at("y_dq_out");
        const Tensor got = Executor(*g).run(feeds).at("y_dq_out");
        ASSERT_EQ(got.dims(), want.dims());
        std::set<float> distinct;
        for (int64_t i = 0; i < 256; ++i) {
            EXPECT_EQ(got.data<float>()[i], want.data<float>()[i]) << "x byte " << i;
            distinct.insert(want.data<float>()[i]);
        }
        EXPECT_GT(distinct.size(), 40u) << "a weak check: the chain's output takes few values";
    }
    // Not a function of one 8-bit value (two inputs, a per-element operand): only the Sigmoid → Q
    // part becomes a table, the Mul stays. A value inside the chain read elsewhere: no table.
    for (TableChainKind v : {TableChainKind::TwoSources, TableChainKind::VectorOperand, TableChainKind::SigmoidReadElsewhere}) {
        SCOPED_TRACE(int(v));
        auto g = qdqTableChain(v);
        runRule(*g, makeFoldQdqInt8Rule());
        const bool sigmoidFolds = v != TableChainKind::SigmoidReadElsewhere;
        EXPECT_EQ(countOps(*g, "kiln::Int8Table"), sigmoidFolds ? 1 : 0);
        EXPECT_EQ(countOps(*g, "Sigmoid"), sigmoidFolds ? 0 : 1);
        EXPECT_EQ(countOps(*g, "Mul"), 1);
        auto reference = qdqTableChain(v);
        TensorMap feeds = randomInputs(*reference);
        const TensorMap want = Executor(*reference).run(feeds), got = Executor(*g).run(feeds);
        for (const auto& [name, t] : want)
            for (int64_t i = 0; i < t.numel(); ++i) EXPECT_EQ(got.at(name).scalarAsDouble(i), t.scalarAsDouble(i)) << name << " " << i;
    }
}

// A target without kiln::Int8Table (a backend that has the int8 layers only) keeps the chain as it
// is and still gets its Int8Conv: the table is not one of the rule's required ops.
TEST(PassesInt8, TablesOnlyWhereTheTargetRunsThem) {
    auto g = qdqTableChain(TableChainKind::Silu);
    auto conv = qdqConv(Variant::Folds);
    for (Graph* graph : {g.get(), conv.get()}) {
        passes::PassContext ctx(*graph);
        ctx.targetImplements = [](const std::string& op) { return op != "kiln::Int8Table"; };
        passes::makeRulePass(makeFoldQdqInt8Rule())->run(*graph, ctx);
        graph->removeUnusedValues();
        graph->validate();
    }
    EXPECT_EQ(countOps(*g, "kiln::Int8Table"), 0);
    EXPECT_EQ(countOps(*g, "Sigmoid"), 1);
    EXPECT_EQ(countOps(*conv, "kiln::Int8Conv"), 1);
}


// ---- FoldQdqInt8Add: DQ(a) + DQ(b) (→ Relu) → Q becomes one kiln::Int8Add -------------------------

enum class AddKind { Folds, FoldsRelu, MixedTypes, DqReadElsewhere, PerChannelDq, SumReadElsewhere, FloatInput, Broadcast };

struct AddScales {
    float a, b, y;
};

// a8, b8 [2, 8, 33, 35] (18480 elements: more than one 16 KiB chunk, a tail of the 16-lane loop) →
// DQ each → Add (→ Relu) → Q → DQ → y.
std::unique_ptr<Graph> qdqResidualAdd(AddKind v, AddScales s) {
    GraphBuilder b("qdq_add");
    const Shape shape{2, 8, 33, 35};
    const DataType bt = v == AddKind::MixedTypes ? DataType::Int8 : DataType::UInt8;
    Value* a8 = b.input("a8", shape, DataType::UInt8);
    Value* b8 = b.input("b8", v == AddKind::Broadcast ? Shape{1, 8, 1, 1} : shape, bt);
    Value* da = b.op("DequantizeLinear", "a_dq", {a8, b.scalar("a.scale", s.a), u8(b, "a.zero", 131)}, shape);
    Value* db = nullptr;
    if (v == AddKind::PerChannelDq) {
        Tensor sc(DataType::Float32, {8}), z(DataType::UInt8, {8});
        for (int64_t i = 0; i < 8; ++i) {
            sc.data<float>()[i] = s.b * float(i + 1);
            z.data<uint8_t>()[i] = uint8_t(120 + i);
        }
        db = b.op("DequantizeLinear", "b_dq", {b8, b.constant("b.scale", sc), b.constant("b.zero", z)}, shape, {{"axis", int64_t(1)}});
    } else if (v == AddKind::FloatInput) {
        db = b.input("bf", shape);
    } else {
        Value* bz = bt == DataType::Int8 ? b.constant("b.zero", Tensor::scalar<int8_t>(-7)) : u8(b, "b.zero", 97);
        db = b.op("DequantizeLinear", "b_dq", {b8, b.scalar("b.scale", s.b), bz},
                  v == AddKind::Broadcast ? Shape{1, 8, 1, 1} : shape);
    }
    if (v == AddKind::DqReadElsewhere) b.output(b.op("Sigmoid", "other", {da}, shape));
    Value* sum = b.op("Add", "add", {da, db}, shape);
    if (v == AddKind::SumReadElsewhere) b.output(sum);
    if (v == AddKind::FoldsRelu || v == AddKind::MixedTypes) sum = b.op("Relu", "relu", {sum}, shape);
    const bool yInt8 = v == AddKind::MixedTypes;
    Value* ys = b.scalar("y.scale", s.y);
    Value* yz = yInt8 ? b.constant("y.zero", Tensor::scalar<int8_t>(-11)) : u8(b, "y.zero", 119);
    Value* yq = b.op("QuantizeLinear", "y_q", {sum, ys, yz}, shape, {}, yInt8 ? DataType::Int8 : DataType::UInt8);
    b.output(b.op("DequantizeLinear", "y_dq", {yq, ys, yz}, shape));
    return b.release();
}

// Every byte value at random in a and b, floats for a float input.
TensorMap byteInputs(const Graph& g, uint32_t seed) {
    std::mt19937 rng(seed);
    TensorMap feeds = randomInputs(g, seed);
    for (const Value* v : g.runtimeInputs())
        if (v->dtype == DataType::UInt8 || v->dtype == DataType::Int8) {
            Tensor& t = feeds[v->name];
            for (int64_t i = 0; i < t.numel(); ++i) static_cast<uint8_t*>(t.raw())[i] = uint8_t(rng());
        }
    return feeds;
}

TEST(PassesInt8, ResidualAddBetweenQdqBecomesOneInt8AddBitExact) {
    // Awkward scales (saturating at both ends), and scales where many sums are exact halves of a step
    // (round half to even shows).
    const AddScales scales[] = {{0.0173f, 0.031f, 0.047f}, {0.5f, 0.25f, 1.f}, {0.02f, 0.02f, 0.08f}};
    for (AddKind v : {AddKind::Folds, AddKind::FoldsRelu, AddKind::MixedTypes, AddKind::DqReadElsewhere}) {
        for (const AddScales& s : scales) {
            SCOPED_TRACE(testing::Message() << int(v) << " scales " << s.a << " " << s.b << " " << s.y);
            auto g = qdqResidualAdd(v, s);
            FusionReport r = runRule(*g, makeFoldQdqInt8AddRule());
            EXPECT_EQ(r.timesFired("FoldQdqInt8Add"), 1);
            EXPECT_EQ(countOps(*g, "kiln::Int8Add"), 1);
            EXPECT_EQ(countOps(*g, "Add"), 0);
            EXPECT_EQ(countOps(*g, "Relu"), 0);
            EXPECT_EQ(countOps(*g, "QuantizeLinear"), 0);
            // y's DQ, and a's where something else reads it.
            EXPECT_EQ(countOps(*g, "DequantizeLinear"), v == AddKind::DqReadElsewhere ? 2 : 1);
            const Node* add = findOp(*g, "kiln::Int8Add");
            ASSERT_TRUE(add);
            EXPECT_EQ(add->inputs[0]->name, "a8");
            EXPECT_EQ(add->inputs[3]->name, "b8");
            auto reference = qdqResidualAdd(v, s);
            for (uint32_t seed : {1u, 2u}) {
                const TensorMap feeds = byteInputs(*reference, seed);
                const TensorMap want = Executor(*reference).run(feeds), got = Executor(*g).run(feeds);
                int64_t low = 0, high = 0;
                for (const auto& [name, t] : want) {
                    ASSERT_EQ(got.at(name).dims(), t.dims()) << name;
                    for (int64_t i = 0; i < t.numel(); ++i)
                        ASSERT_EQ(got.at(name).scalarAsDouble(i), t.scalarAsDouble(i)) << name << " at " << i << ": a " << feeds.at("a8").scalarAsInt64(i)
                            << ", b " << feeds.at("b8").scalarAsInt64(i);
                }
                // Saturation is exercised (the first scales) and the Relu clamps.
                const Tensor& y = want.at("y_dq_out");
                for (int64_t i = 0; i < y.numel(); ++i) {
                    const double q = y.scalarAsDouble(i) / double(s.y);
                    low += q < -100 || (v == AddKind::FoldsRelu && q == 0);
                    high += q > 120;
                }
                if (s.y == 0.047f) {
                    EXPECT_GT(high, 0);
                    if (v == AddKind::Folds) {
                        EXPECT_GT(low, 0);
                    }
                }
            }
        }
    }
}

TEST(PassesInt8, ResidualAddNotFoldedOutsideItsPattern) {
    for (AddKind v : {AddKind::PerChannelDq, AddKind::SumReadElsewhere, AddKind::FloatInput, AddKind::Broadcast}) {
        SCOPED_TRACE(int(v));
        auto g = qdqResidualAdd(v, {0.0173f, 0.031f, 0.047f});
        FusionReport r = runRule(*g, makeFoldQdqInt8AddRule());
        EXPECT_EQ(r.timesFired("FoldQdqInt8Add"), 0);
        EXPECT_EQ(countOps(*g, "kiln::Int8Add"), 0);
        EXPECT_EQ(countOps(*g, "Add"), 1);
        EXPECT_EQ(countOps(*g, "QuantizeLinear"), 1);
    }
    // A target without kiln::Int8Add keeps the Q/DQ form.
    auto g = qdqResidualAdd(AddKind::Folds, {0.0173f, 0.031f, 0.047f});
    passes::PassContext ctx(*g);
    ctx.targetImplements = [](const std::string& op) { return op != "kiln::Int8Add"; };
    passes::makeRulePass(makeFoldQdqInt8AddRule())->run(*g, ctx);
    EXPECT_EQ(countOps(*g, "kiln::Int8Add"), 0);
    EXPECT_EQ(countOps(*g, "Add"), 1);
}

}  // namespace
}  // namespace kiln::test
