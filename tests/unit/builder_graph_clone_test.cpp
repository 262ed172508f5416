// cloneGraph: an independent copy (same dump), optionally in topological creation order.
#include "engine_core/builder/graph_clone.h"
#include "tests/unit/builder_test_util.h"

namespace kiln::test {
namespace {

TEST(BuilderGraphClone, CopyIsEqualAndIndependent) {
    auto g = makeTinyCnn();
    auto c = cloneGraph(*g);
    EXPECT_EQ(c->dump(true), g->dump(true));
    EXPECT_NO_THROW(c->validate());
    // Constants share storage by default, are copied on request.
    EXPECT_TRUE(c->findValue("w1")->constant->sharesStorageWith(*g->findValue("w1")->constant));
    auto deep = cloneGraph(*g, {true, false});
    EXPECT_FALSE(deep->findValue("w1")->constant->sharesStorageWith(*g->findValue("w1")->constant));
    EXPECT_EQ(deep->dump(true), g->dump(true));
    // Editing the copy leaves the original alone.
    c->removeNode(c->nodes().back());
    c->findValue("x")->shape = Shape{1, 3, 8, 8};
    EXPECT_EQ(g->nodeCount(), 8u);
    EXPECT_EQ(g->findValue("x")->shape.str(), "[batch,3,8,8]");
}

TEST(BuilderGraphClone, TopologicalOrderOption) {
    Graph g;
    Value* x = g.addValue("x");
    x->dtype = DataType::Float32;
    x->shape = Shape{2};
    g.markInput(x);
    Value* a = g.addValue("a");
    Value* y = g.addValue("y");
    // Created consumer first, producer second: creation order is not an execution order.
    g.addNode("Relu", "second", {a}, {y});
    g.addNode("Neg", "first", {x}, {a});
    g.markOutput(y);
    auto plain = cloneGraph(g);
    EXPECT_EQ(plain->nodes().front()->name, "second");
    auto ordered = cloneGraph(g, {false, true});
    ASSERT_EQ(ordered->nodes().size(), 2u);
    EXPECT_EQ(ordered->nodes()[0]->name, "first");
    EXPECT_EQ(ordered->nodes()[1]->name, "second");
    TensorMap in{{"x", Tensor::fromVector<float>({2}, {1.f, -2.f})}};
    expectTensorNear(referenceRun(*ordered, in).at("y"), referenceRun(g, in).at("y"));
}

}  // namespace
}  // namespace kiln::test
