// Batch splitting (runtime/batch_split.h): which graphs keep samples apart, and split runs of the
// executor and of a CPU engine against whole-batch runs of the same graph.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <thread>

#include "engine_core/common/parallel.h"
#include "engine_core/runtime/batch_split.h"
#include "tests/unit/builder_test_util.h"
#include "tests/unit/passes_test_util.h"

using namespace kiln;
using namespace kiln::test;

namespace {

// Sets the pool's thread count for one test.
struct Threads {
    int saved = numThreads();
    explicit Threads(int n) { setNumThreads(n); }
    ~Threads() { setNumThreads(saved); }
};

// KILN_BATCH_SPLIT=0 turns the split off for the whole process.
bool splitTurnedOff() {
    const char* v = std::getenv("KILN_BATCH_SPLIT");
    return v && std::string(v) == "0";
}

std::vector<float> values(const Tensor& t) { return std::vector<float>(t.data<float>(), t.data<float>() + t.numel()); }

// Runs with and without the split; returns how often each polled `cancelled` (once per node and part).
std::pair<int, int> expectSplitMatchesWhole(const Executor& ex, const TensorMap& inputs) {
    std::atomic<int> splitPolls{0}, wholePolls{0};
    RunOptions split, whole;
    split.cancelled = [&] { ++splitPolls; return false; };
    whole.cancelled = [&] { ++wholePolls; return false; };
    whole.batchSplit = false;
    const TensorMap a = ex.run(inputs, split), b = ex.run(inputs, whole);
    EXPECT_EQ(a.size(), b.size());
    for (const auto& [name, want] : b) {
        EXPECT_EQ(a.at(name).dims(), want.dims()) << name;
        EXPECT_EQ(values(a.at(name)), values(want)) << name;
    }
    return {splitPolls.load(), wholePolls.load()};
}

// x[batch, 3] → node → y, for the single-node rule cases.
std::string reasonFor(const std::function<Value*(GraphBuilder&, Value*)>& build) {
    GraphBuilder b;
    Value* x = b.input("x", Shape{Dim::symbolic("batch"), 3});
    b.output(build(b, x));
    return analyzeBatchSplit(b.graph()).reason;
}

}  // namespace

TEST(BatchSplit, TensorRowsIsAViewOfAxisZero) {
    Tensor t = Tensor::fromVector<float>({3, 2}, {0, 1, 2, 3, 4, 5});
    Tensor mid = t.rows(1, 3);
    EXPECT_EQ(mid.dims(), (std::vector<int64_t>{2, 2}));
    EXPECT_EQ(values(mid), (std::vector<float>{2, 3, 4, 5}));
    EXPECT_TRUE(mid.sharesStorageWith(t));
    EXPECT_EQ(values(mid.rows(1, 2)), (std::vector<float>{4, 5}));  // a view of a view keeps the offset
    EXPECT_EQ(t.rows(2, 2).numel(), 0);
    EXPECT_THROW(t.rows(2, 4), Error);
    EXPECT_THROW(t.rows(-1, 1), Error);
    EXPECT_THROW(Tensor::scalar<float>(1.f).rows(0, 1), Error);
}

// The builder tests' CNN (its intermediate values carry no shapes: the analysis derives the ranks).
TEST(BatchSplit, TinyCnnSplitsAndMatchesTheWholeBatchRun) {
    if (splitTurnedOff()) GTEST_SKIP() << "KILN_BATCH_SPLIT=0";
    Threads threads(2);
    auto g = makeTinyCnn();
    Executor ex(*g);
    ASSERT_TRUE(ex.batchSplit().possible) << ex.batchSplit().reason;
    EXPECT_EQ(ex.batchSplit().batchedInputs, (std::vector<std::string>{"x"}));
    EXPECT_EQ(ex.batchSplit().batchedOutputs, (std::vector<std::string>{"y"}));
    const size_t nodes = ex.order().size();
    for (int64_t batch : {2, 3, 5}) {  // 3 and 5: parts of unequal size
        TensorMap in{{"x", randomTensor({batch, 3, 8, 8}, uint32_t(batch))}};
        EXPECT_EQ(batchSplitParts(ex.batchSplit(), in), 2);
        auto [splitPolls, wholePolls] = expectSplitMatchesWhole(ex, in);
        EXPECT_EQ(size_t(wholePolls), nodes);
        EXPECT_EQ(size_t(splitPolls), 2 * nodes) << "batch " << batch << ": the run was not split";
    }
    // Too few samples, one thread, or the split turned off: one whole run.
    TensorMap one{{"x", randomTensor({1, 3, 8, 8}, 1)}};
    EXPECT_EQ(batchSplitParts(ex.batchSplit(), one), 1);
    {
        Threads single(1);
        EXPECT_EQ(batchSplitParts(ex.batchSplit(), {{"x", randomTensor({4, 3, 8, 8}, 1)}}), 1);
    }
    // Observers of the whole-batch nodes keep the whole run.
    int nodesSeen = 0;
    RunOptions observed;
    observed.afterNode = [&](size_t, const Node&, double) { ++nodesSeen; };
    ex.run({{"x", randomTensor({4, 3, 8, 8}, 2)}}, observed);
    EXPECT_EQ(size_t(nodesSeen), nodes);
}

TEST(BatchSplit, WholeInputsAreCheckedAndErrorsAndCancelsReachTheCaller) {
    Threads threads(2);
    auto g = makeTinyCnn();
    Executor ex(*g);
    // A wrong shape is reported with the caller's dims, not a part's.
    expectErrorContaining([&] { ex.run({{"x", randomTensor({4, 3, 8, 9}, 1)}}); }, {"'x'", "[4,3,8,9]"});
    RunOptions cancel;
    std::atomic<int> polls{0};
    cancel.cancelled = [&] { return ++polls > 3; };
    expectErrorContaining([&] { ex.run({{"x", randomTensor({4, 3, 8, 8}, 1)}}, cancel); }, {"cancelled"});
    // The executor is still usable after a failed split run.
    EXPECT_EQ(ex.run({{"x", randomTensor({4, 3, 8, 8}, 1)}}).at("y").dims(), (std::vector<int64_t>{4, 6}));
}

TEST(BatchSplit, StaticBatchOrStaticInputsAreNotSplit) {
    auto g = makeTinyCnn(/*dynamicBatch=*/false);
    BatchSplit s = analyzeBatchSplit(*g);
    EXPECT_FALSE(s.possible);
    EXPECT_NE(s.reason.find("dynamic first"), std::string::npos) << s.reason;
}

// Each rule that must refuse, with the node named in the reason.
TEST(BatchSplit, OpsThatMixSamplesAreRefusedNamingTheNode) {
    auto has = [](const std::string& reason, const std::string& part) {
        return reason.find(part) != std::string::npos;
    };
    std::string r = reasonFor([](GraphBuilder& b, Value* x) {
        return b.op("ReduceMean", "mean0", {x, b.ints("axes", {0})}, Shape{1, 3});
    });
    EXPECT_TRUE(has(r, "'mean0'") && has(r, "batch axis")) << r;
    r = reasonFor([](GraphBuilder& b, Value* x) {
        return b.op("ReduceSum", "sum_all", {x}, Shape{1, 1});
    });
    EXPECT_TRUE(has(r, "every axis")) << r;
    r = reasonFor([](GraphBuilder& b, Value* x) { return b.op("Shape", "shape", {x}, Shape{2}, {}, DataType::Int64); });
    EXPECT_TRUE(has(r, "'shape' (Shape)") && has(r, "batch size")) << r;
    r = reasonFor([](GraphBuilder& b, Value* x) {
        return b.op("Reshape", "flat", {x, b.ints("s", {-1})}, Shape{Dim()});
    });
    EXPECT_TRUE(has(r, "keep the batch dim")) << r;
    r = reasonFor([](GraphBuilder& b, Value* x) {
        return b.op("Transpose", "t", {x}, Shape{3, Dim::symbolic("batch")}, {{"perm", std::vector<int64_t>{1, 0}}});
    });
    EXPECT_TRUE(has(r, "moves the batch axis")) << r;
    r = reasonFor([](GraphBuilder& b, Value* x) { return b.op("Transpose", "t2", {x}, Shape{3, Dim()}); });
    EXPECT_TRUE(has(r, "moves the batch axis")) << r;  // default perm reverses the axes
    r = reasonFor([](GraphBuilder& b, Value* x) {
        return b.op("Add", "add_rows", {x, b.weights("rows", {4, 3})}, Shape{4, 3});
    });
    EXPECT_TRUE(has(r, "broadcast along the batch axis")) << r;
    r = reasonFor([](GraphBuilder& b, Value* x) {
        return b.op("Softmax", "sm0", {x}, Shape{Dim::symbolic("batch"), 3}, {{"axis", int64_t(-2)}});
    });
    EXPECT_TRUE(has(r, "batch axis")) << r;
    r = reasonFor([](GraphBuilder& b, Value* x) {
        return b.op("Gemm", "gemm_c", {x, b.weights("w", {3, 2}), b.weights("c", {4, 2})}, Shape{4, 2});
    });
    EXPECT_TRUE(has(r, "row per sample")) << r;
    r = reasonFor([](GraphBuilder& b, Value* x) {
        return b.op("Gemm", "gemm_ta", {x, b.weights("w", {4, 2})}, Shape{3, 2}, {{"transA", int64_t(1)}});
    });
    EXPECT_TRUE(has(r, "transposed")) << r;
    r = reasonFor([](GraphBuilder& b, Value* x) {
        return b.op("Concat", "cat0", {x, x}, Shape{Dim(), 3}, {{"axis", int64_t(0)}});
    });
    EXPECT_TRUE(has(r, "batch axis")) << r;
    r = reasonFor([](GraphBuilder& b, Value* x) {
        return b.op("MatMul", "mm_rows", {b.weights("a", {2, 4}), x}, Shape{2, 3});
    });
    EXPECT_TRUE(has(r, "rows")) << r;
    r = reasonFor([](GraphBuilder& b, Value* x) {
        return b.op("Custom", "plugin", {x}, Shape{Dim(), 3}, {}, DataType::Float32, "com.example");
    });
    EXPECT_TRUE(has(r, "com.example")) << r;
    r = reasonFor([](GraphBuilder& b, Value* x) {
        return b.op("RandomNormalLike", "noise", {x}, Shape{Dim(), 3});
    });
    EXPECT_TRUE(has(r, "random")) << r;

    GraphBuilder bn;
    Value* img = bn.input("img", Shape{Dim::symbolic("n"), 2, 4, 4});
    bn.output(bn.op("BatchNormalization", "bn_train",
                    {img, bn.weights("s", {2}), bn.weights("b", {2}), bn.weights("m", {2}), bn.weights("v", {2}, 0.5f, 1.f)},
                    Shape{Dim::symbolic("n"), 2, 4, 4}, {{"training_mode", int64_t(1)}}));
    r = analyzeBatchSplit(bn.graph()).reason;
    EXPECT_TRUE(has(r, "'bn_train'") && has(r, "training")) << r;
}

// Ops that keep samples apart, chained; the split run matches the whole run.
TEST(BatchSplit, SampleWiseChainSplitsAndMatches) {
    if (splitTurnedOff()) GTEST_SKIP() << "KILN_BATCH_SPLIT=0";
    Threads threads(2);
    GraphBuilder b;
    const Dim n = Dim::symbolic("n");
    Value* x = b.input("x", Shape{n, 4, 6});
    Value* ids = b.input("ids", Shape{n, 4}, DataType::Int64);
    Value* emb = b.op("Gather", "embed", {b.weights("table", {5, 6}), ids}, Shape{n, 4, 6});
    Value* sum = b.op("Add", "add", {x, emb}, Shape{n, 4, 6});
    Value* biased = b.op("Add", "bias", {sum, b.weights("bias", {1, 4, 6})}, Shape{n, 4, 6});
    Value* t = b.op("Transpose", "t", {biased}, Shape{n, 6, 4}, {{"perm", std::vector<int64_t>{0, 2, 1}}});
    Value* mm = b.op("MatMul", "mm", {t, b.weights("w", {4, 3})}, Shape{n, 6, 3});
    Value* r = b.op("Reshape", "r", {mm, b.ints("shape", {0, -1})}, Shape{n, 18});
    Value* cat = b.op("Concat", "cat", {r, r}, Shape{n, 36}, {{"axis", int64_t(1)}});
    Value* red = b.op("ReduceMax", "max", {cat, b.ints("axes", {-1})}, Shape{n, 1}, {{"keepdims", int64_t(1)}});
    Value* sm = b.op("Softmax", "sm", {cat}, Shape{n, 36}, {{"axis", int64_t(-1)}});
    b.output(sm);
    b.output(red);
    b.output(b.op("Mul", "const_only", {b.weights("c1", {2}), b.weights("c2", {2})}, Shape{2}));  // not batched
    Executor ex(b.graph());
    ASSERT_TRUE(ex.batchSplit().possible) << ex.batchSplit().reason;
    EXPECT_EQ(ex.batchSplit().batchedInputs, (std::vector<std::string>{"x", "ids"}));
    EXPECT_EQ(ex.batchSplit().batchedOutputs, (std::vector<std::string>{"sm_out", "max_out"}));
    Tensor idx(DataType::Int64, {5, 4});
    for (int64_t i = 0; i < idx.numel(); ++i) idx.data<int64_t>()[i] = (i * 7) % 5;
    TensorMap in{{"x", randomTensor({5, 4, 6}, 3)}, {"ids", idx}};
    auto [splitPolls, wholePolls] = expectSplitMatchesWhole(ex, in);
    EXPECT_EQ(splitPolls, 2 * wholePolls);
    EXPECT_EQ(ex.run(in).at("const_only_out").dims(), (std::vector<int64_t>{2}));
    // Batched inputs of different batch sizes: not split (the whole run reports the problem, if any).
    Tensor idx3(DataType::Int64, {3, 4});
    for (int64_t i = 0; i < idx3.numel(); ++i) idx3.data<int64_t>()[i] = 0;
    EXPECT_EQ(batchSplitParts(ex.batchSplit(), {{"x", randomTensor({5, 4, 6}, 3)}, {"ids", idx3}}), 1);
}

// A CPU engine of the same CNN (fused convs, epilogues): analysed on the engine's own graph.
TEST(BatchSplit, CpuEngineSplitsAndMatchesTheWholeBatchRun) {
    if (splitTurnedOff()) GTEST_SKIP() << "KILN_BATCH_SPLIT=0";
    Threads threads(2);
    auto g = makeTinyCnn();
    auto engine = buildEngine(*g, tinyCnnConfig());
    ASSERT_TRUE(engine->batchSplit().possible) << engine->batchSplit().reason;
    auto ctx = engine->createExecutionContext();
    TensorMap in{{"x", randomTensor({4, 3, 8, 8}, 9)}};
    std::atomic<int> splitPolls{0}, wholePolls{0};
    ExecuteOptions split, whole;
    split.cancelled = [&] { ++splitPolls; return false; };
    whole.cancelled = [&] { ++wholePolls; return false; };
    whole.batchSplit = false;
    const Tensor a = ctx->execute(in, split).at("y");
    const Tensor b = ctx->execute(in, whole).at("y");
    EXPECT_EQ(a.dims(), b.dims());
    EXPECT_EQ(values(a), values(b));
    EXPECT_EQ(size_t(wholePolls.load()), engine->layers().size());
    EXPECT_EQ(splitPolls.load(), 2 * wholePolls.load());
    // Against the reference executor too.
    const Tensor ref = referenceRun(*g, in).at("y");
    for (int64_t i = 0; i < ref.numel(); ++i) EXPECT_NEAR(a.data<float>()[i], ref.data<float>()[i], 1e-5) << i;
}

// Tensors freed on a thread that then ends (a pool worker's cache) stay valid to reuse.
TEST(BatchSplit, BlocksCachedByAnEndedThreadAreReused) {
    Tensor kept;
    std::thread worker([&] {
        for (int i = 0; i < 4; ++i) {
            Tensor t(DataType::Float32, {64, 1024});  // 256 KiB: cached on free
            t.data<float>()[0] = float(i);
            if (i == 3) kept = t;
        }
    });
    worker.join();
    EXPECT_EQ(kept.data<float>()[0], 3.f);
    kept = Tensor();  // freed here, after its thread ended
    for (int i = 0; i < 8; ++i) {
        Tensor t(DataType::Float32, {64, 1024});
        EXPECT_EQ(t.data<float>()[64 * 1024 - 1], 0.f);  // zero-filled, whichever cache it came from
    }
}

// Found in review: rules that had accepted graphs whose split and whole runs differ.
TEST(BatchSplit, ResizeThatCropsOrScalesTheBatchAxisIsRefused) {
    const Dim n = Dim::symbolic("n");
    {
        // tf_crop_and_resize with a roi over axis 0: samples read their neighbours.
        GraphBuilder b;
        Value* x = b.input("x", Shape{n, 1, 1, 2});
        Value* roi = b.constant("roi", Tensor::fromVector<float>({8}, {0.5f, 0, 0, 0, 1, 1, 1, 1}));
        Value* scales = b.constant("scales", Tensor::fromVector<float>({4}, {1, 1, 1, 1}));
        b.output(b.op("Resize", "crop", {x, roi, scales}, Shape{n, 1, 1, 2},
                      {{"mode", std::string("linear")},
                       {"coordinate_transformation_mode", std::string("tf_crop_and_resize")}}));
        const std::string r = analyzeBatchSplit(b.graph()).reason;
        EXPECT_NE(r.find("'crop'"), std::string::npos) << r;
    }
    {
        // `axes` = {3, 0}: scales[1] is the batch axis's.
        GraphBuilder b;
        Value* x = b.input("x", Shape{n, 1, 1, 2});
        Value* scales = b.constant("scales", Tensor::fromVector<float>({2}, {1, 2}));
        b.output(b.op("Resize", "grow", {x, nullptr, scales}, Shape{Dim(), 1, 1, 2},
                      {{"mode", std::string("linear")}, {"axes", std::vector<int64_t>{3, 0}}}));
        const std::string r = analyzeBatchSplit(b.graph()).reason;
        EXPECT_NE(r.find("scales the batch axis"), std::string::npos) << r;
    }
    {
        // The same with the batch axis's scale at 1: split, and equal to the whole run.
        Threads threads(2);
        GraphBuilder b;
        Value* x = b.input("x", Shape{n, 1, 2, 2});
        Value* scales = b.constant("scales", Tensor::fromVector<float>({2}, {2, 1}));
        b.output(b.op("Resize", "grow", {x, nullptr, scales}, Shape{n, 1, 2, 4},
                      {{"mode", std::string("linear")}, {"axes", std::vector<int64_t>{3, 0}}}));
        Executor ex(b.graph());
        ASSERT_TRUE(ex.batchSplit().possible) << ex.batchSplit().reason;
        if (!splitTurnedOff()) expectSplitMatchesWhole(ex, {{"x", randomTensor({4, 1, 2, 2}, 5)}});
    }
}

TEST(BatchSplit, FusedConvResidualWithoutTheBatchIsRefused) {
    GraphBuilder b;
    const Dim n = Dim::symbolic("n");
    Value* x = b.input("x", Shape{n, 1, 3, 3});
    b.output(b.op("FusedConv", "fc", {x, b.weights("w", {1, 1, 1, 1}), b.weights("bias", {1}), b.weights("z", {4, 1, 3, 3})},
                  Shape{n, 1, 3, 3}, {{"kernel_shape", std::vector<int64_t>{1, 1}}}, DataType::Float32, "kiln"));
    const std::string r = analyzeBatchSplit(b.graph()).reason;
    EXPECT_NE(r.find("residual"), std::string::npos) << r;
}

// An operand with no declared shape (its rank derived, or read from its constant) must not be
// read as if it had dims.
TEST(BatchSplit, UnshapedOperandsAreAnalysedWithoutTheirShape) {
    GraphBuilder b;
    Value* x = b.input("x", Shape{Dim::symbolic("n"), 3});
    Value* c = b.op("Relu", "prep", {b.weights("c", {1, 3})}, Shape::unknownRank());
    b.output(b.op("Add", "add", {x, c}, Shape{Dim::symbolic("n"), 3}));
    BatchSplit s = analyzeBatchSplit(b.graph());
    EXPECT_FALSE(s.possible);  // c's first dim is not known to be 1
    EXPECT_NE(s.reason.find("'add'"), std::string::npos) << s.reason;
    GraphBuilder direct;
    Value* x2 = direct.input("x", Shape{Dim::symbolic("n"), 3});
    Value* k = direct.weights("k", {1, 3});
    k->shape = Shape::unknownRank();  // a constant: its tensor's dims are used
    direct.output(direct.op("Add", "add", {x2, k}, Shape{Dim::symbolic("n"), 3}));
    BatchSplit t = analyzeBatchSplit(direct.graph());
    EXPECT_TRUE(t.possible) << t.reason;
}
