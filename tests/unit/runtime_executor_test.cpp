// The run plan (runtime/run_plan.h: slots, donations, frees) on the graph shapes that stress it,
// and parallelFor's chunking (home ranges per thread, then help).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <vector>

#include "engine_core/common/parallel.h"
#include "engine_core/runtime/executor.h"
#include "engine_core/runtime/run_plan.h"

using namespace kiln;

namespace {

Value* input(Graph& g, const std::string& name, int64_t n) {
    Value* v = g.addValue(name);
    v->dtype = DataType::Float32;
    v->shape = Shape{n};
    g.markInput(v);
    return v;
}

Value* value(Graph& g, const std::string& name) {
    Value* v = g.addValue(name);
    v->dtype = DataType::Float32;
    return v;
}

std::vector<float> values(const Tensor& t) {
    return std::vector<float>(t.data<float>(), t.data<float>() + t.numel());
}

}  // namespace

// An initializer that is also a graph input (ONNX IR < 4): the caller may override it; otherwise
// its constant is read. Both in one executor, run after run.
TEST(ExecutorPlan, InitializerInputOverriddenOrNot) {
    Graph g;
    g.opsetImports[""] = 17;
    Value* x = input(g, "x", 3);
    Value* w = g.addConstant("w", Tensor::fromVector<float>({3}, {10, 20, 30}));
    g.markInput(w);
    Value* y = value(g, "y");
    g.addNode("Add", "add", {x, w}, {y});
    g.markOutput(y);
    Executor ex(g);
    const Tensor xs = Tensor::fromVector<float>({3}, {1, 2, 3});
    for (int run = 0; run < 2; ++run) {
        EXPECT_EQ(values(ex.run({{"x", xs}}).at("y")), (std::vector<float>{11, 22, 33}));
        EXPECT_EQ(values(ex.run({{"x", xs}, {"w", Tensor::fromVector<float>({3}, {0, 0, 1})}}).at("y")),
                  (std::vector<float>{1, 2, 4}));
    }
    EXPECT_THROW(ex.run({{"x", xs}, {"nope", xs}}), Error);
}

// Graph outputs that are no node's output: a runtime input and a constant; and a value read twice
// by one node (Mul(t, t)) whose storage the next node may overwrite.
TEST(ExecutorPlan, OutputsThatAreInputsOrConstantsAndOneValueReadTwice) {
    Graph g;
    g.opsetImports[""] = 17;
    Value* x = input(g, "x", 4);
    Value* c = g.addConstant("c", Tensor::fromVector<float>({2}, {5, 6}));
    Value* t = value(g, "t");
    Value* sq = value(g, "sq");
    Value* out = value(g, "out");
    g.addNode("Neg", "neg", {x}, {t});
    g.addNode("Mul", "square", {t, t}, {sq});
    g.addNode("Relu", "relu", {sq}, {out});
    g.markOutput(out);
    g.markOutput(x);
    g.markOutput(c);
    Executor ex(g);
    const Tensor xs = Tensor::fromVector<float>({4}, {1, -2, 3, -4});
    for (int run = 0; run < 3; ++run) {
        TensorMap r = ex.run({{"x", xs}});
        EXPECT_EQ(values(r.at("out")), (std::vector<float>{1, 4, 9, 16}));
        EXPECT_EQ(values(r.at("x")), (std::vector<float>{1, -2, 3, -4}));  // the input, not overwritten
        EXPECT_EQ(values(r.at("c")), (std::vector<float>{5, 6}));
    }
    EXPECT_EQ(values(xs), (std::vector<float>{1, -2, 3, -4}));
}

// keepIntermediates: every value comes back, including ones freed (or donated) in a plain run,
// and the outputs are the same as without it.
TEST(ExecutorPlan, KeepIntermediatesKeepsWhatAPlainRunFrees) {
    Graph g;
    g.opsetImports[""] = 17;
    Value* x = input(g, "x", 3);
    Value* a = value(g, "a");
    Value* b = value(g, "b");
    Value* unused = value(g, "unused");
    Value* y = value(g, "y");
    g.addNode("Neg", "n1", {x}, {a});
    g.addNode("Abs", "n2", {a}, {b});
    g.addNode("Neg", "dead", {b}, {unused});  // read by no one: freed right after it runs
    g.addNode("Neg", "n3", {b}, {y});
    g.markOutput(y);
    Executor ex(g);
    const Tensor xs = Tensor::fromVector<float>({3}, {1, -2, 3});
    RunOptions keep;
    keep.keepIntermediates = true;
    TensorMap all = ex.run({{"x", xs}}, keep);
    TensorMap plain = ex.run({{"x", xs}});
    EXPECT_EQ(values(all.at("a")), (std::vector<float>{-1, 2, -3}));
    EXPECT_EQ(values(all.at("b")), (std::vector<float>{1, 2, 3}));
    EXPECT_EQ(values(all.at("unused")), (std::vector<float>{-1, -2, -3}));
    EXPECT_EQ(values(all.at("y")), values(plain.at("y")));
    EXPECT_EQ(plain.size(), 1u);
}

// Every index runs exactly once, with more threads than chunks, uneven home ranges, nesting and
// back-to-back loops of different sizes (the per-thread counters are reset per loop).
TEST(ParallelFor, EveryIndexExactlyOnce) {
    for (int threads : {2, 3, 8}) {
        setNumThreads(threads);
        for (int64_t grain : {int64_t(1), int64_t(7), int64_t(1000)}) {
            for (int64_t n : {int64_t(1), 2 * grain, 2 * grain + 1, int64_t(1000), int64_t(100003)}) {
                std::vector<std::atomic<int>> hits(static_cast<size_t>(n));
                parallelFor(n, grain, [&](int64_t begin, int64_t end) {
                    for (int64_t i = begin; i < end; ++i) hits[size_t(i)].fetch_add(1);
                    // Nested loops run serially in the caller and still cover their range.
                    std::atomic<int64_t> inner{0};
                    parallelFor(5, 1, [&](int64_t b, int64_t e) { inner += e - b; });
                    EXPECT_EQ(inner.load(), 5);
                });
                int64_t wrong = 0;
                for (const auto& h : hits) wrong += h.load() != 1;
                EXPECT_EQ(wrong, 0) << threads << " threads, grain " << grain << ", n " << n;
            }
        }
    }
    setNumThreads(0);
}

// KILN_GRAIN_ELEMENTS / KILN_GRAIN_MACS: positive integers override the grains, anything else
// keeps the default.
TEST(ParallelFor, GrainFromEnvironment) {
    ::setenv("KILN_TEST_GRAIN", "4096", 1);
    EXPECT_EQ(grainFromEnv("KILN_TEST_GRAIN", 7), 4096);
    for (const char* bad : {"", "0", "-5", "12abc", "lots"}) {
        ::setenv("KILN_TEST_GRAIN", bad, 1);
        EXPECT_EQ(grainFromEnv("KILN_TEST_GRAIN", 7), 7) << "'" << bad << "'";
    }
    ::unsetenv("KILN_TEST_GRAIN");
    EXPECT_EQ(grainFromEnv("KILN_TEST_GRAIN", 7), 7);
}

// The plan itself (runtime/run_plan.h), shared by the executor and engines: a value read twice by
// its last reader is donatable at both inputs and freed once; graph inputs and outputs are never
// donated or freed; an output nobody reads is freed right after its node; constants have no slot.
TEST(RunPlan, DonationsAndFrees) {
    Graph g;
    g.opsetImports[""] = 17;
    Value* x = input(g, "x", 3);
    Value* c = g.addConstant("c", Tensor::fromVector<float>({3}, {1, 2, 3}));
    Value *a = value(g, "a"), *b = value(g, "b"), *y = value(g, "y"), *unused = value(g, "unused");
    const Node* relu = g.addNode("Relu", "relu", {x}, {a});
    const Node* mul = g.addNode("Mul", "mul", {a, a}, {b});
    const Node* add = g.addNode("Add", "add", {b, c}, {y});
    const Node* neg = g.addNode("Neg", "neg", {x}, {unused});
    g.markOutput(y);
    const RunPlan plan = planRun(g, {relu, mul, add, neg});
    ASSERT_EQ(plan.steps.size(), 4u);
    EXPECT_EQ(plan.slotOf(c), -1);
    EXPECT_EQ(plan.steps[2].inSlots[1], -1);
    EXPECT_EQ(plan.steps[0].donatable, (std::vector<uint8_t>{0}));     // x: a graph input
    EXPECT_TRUE(plan.steps[0].freeAfter.empty());                     // x is read again by neg
    EXPECT_EQ(plan.steps[1].donatable, (std::vector<uint8_t>{1, 1}));  // a, twice, at its last reader
    EXPECT_EQ(plan.steps[1].freeAfter, (std::vector<int>{plan.slotOf(a)}));
    EXPECT_EQ(plan.steps[2].donatable, (std::vector<uint8_t>{1, 0}));  // b yes, the constant no
    EXPECT_EQ(plan.steps[2].freeAfter, (std::vector<int>{plan.slotOf(b)}));  // y: a graph output
    EXPECT_EQ(plan.steps[3].donatable, (std::vector<uint8_t>{0}));
    EXPECT_EQ(plan.steps[3].freeAfter, (std::vector<int>{plan.slotOf(unused)}));
}
