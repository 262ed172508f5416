#include <gtest/gtest.h>

#include "engine_core/ir/graph.h"

using namespace kiln;

TEST(Graph, TopologicalOrderAndDump) {
    Graph g;
    g.name = "tiny";
    g.opsetImports[""] = 17;
    Value* x = g.addValue("x");
    x->dtype = DataType::Float32;
    x->shape = Shape{Dim::symbolic("batch"), 4};
    g.markInput(x);
    Value* y = g.addValue("y");
    Value* z = g.addValue("z");
    g.addNode("Relu", "second", {y}, {z});
    g.addNode("Sigmoid", "first", {x}, {y});
    g.markOutput(z);
    auto order = g.topologicalOrder();
    ASSERT_EQ(order.size(), 2u);
    EXPECT_EQ(order[0]->name, "first");
    EXPECT_EQ(order[1]->name, "second");
    EXPECT_NE(g.dump().find("input  x: fp32[batch,4]"), std::string::npos);
}

TEST(Graph, CycleIsAnErrorNamingANode) {
    Graph g;
    Value* a = g.addValue("a");
    Value* b = g.addValue("b");
    g.addNode("Relu", "n1", {a}, {b});
    g.addNode("Relu", "n2", {b}, {a});
    g.markOutput(b);
    try {
        g.topologicalOrder();
        FAIL() << "expected a cycle error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::InvalidModel);
        EXPECT_NE(std::string(e.what()).find("cycle"), std::string::npos);
    }
}

TEST(Tensor, HugeDimIsRefusedBeforeAllocating) {
    try {
        Tensor t(DataType::Float32, {int64_t(1) << 40});
        FAIL() << "expected ResourceLimit";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::ResourceLimit);
    }
}

TEST(DataType, HalfAndBfloatRoundTrip) {
    for (float f : {0.0f, 1.0f, -2.5f, 65504.0f, 1e-5f, 3.140625f}) {
        EXPECT_FLOAT_EQ(halfToFloat(floatToHalf(f)), halfToFloat(floatToHalf(halfToFloat(floatToHalf(f)))));
    }
    EXPECT_EQ(halfToFloat(floatToHalf(1.0f)), 1.0f);
    EXPECT_EQ(bfloat16ToFloat(floatToBfloat16(1.5f)), 1.5f);
    EXPECT_EQ(float8e4m3ToFloat(floatToFloat8e4m3(448.0f)), 448.0f);
    EXPECT_EQ(float8e4m3ToFloat(floatToFloat8e4m3(1000.0f)), 448.0f);
}
