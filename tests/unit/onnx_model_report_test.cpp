// makeModelReport: the one model summary behind `kiln inspect` and Kiln Studio's summary panel.
#include "engine_core/onnx/model_report.h"
#include "onnx_test_util.h"

namespace kiln::test {
namespace {

// x[N,4] → MatMul(W) → MatMul(W) (shared weight) → Add(B) → com.example::FancyOp (unsupported) → z
// s: string[2] → Cast(to float) "cast_str" (imported; the CPU Cast kernel does not take strings) → sf
// c: an int64 initializer that is also a graph output.
ModelBuilder reportModel() {
    ModelBuilder b(17);
    auto* custom = b.model.add_opset_import();
    custom->set_domain("com.example");
    custom->set_version(1);
    b.input("x", onnx::TensorProto::FLOAT, {kDynamic, 4});
    b.input("s", onnx::TensorProto::STRING, {2});
    b.initializer("W", Tensor::fromVector<float>({4, 4}, std::vector<float>(16, 0.5f)));
    b.initializer("B", Tensor::fromVector<float>({4}, {1, 2, 3, 4}));
    b.initializer("c", Tensor::fromVector<int64_t>({3}, {7, 8, 9}));
    b.node("MatMul", {"x", "W"}, {"a"}, "mm_0");
    b.node("MatMul", {"a", "W"}, {"m"}, "mm_1");
    b.node("Add", {"m", "B"}, {"y"}, "add_0");
    b.node("FancyOp", {"y"}, {"z"}, "fancy_0").set_domain("com.example");
    setInt(b.node("Cast", {"s"}, {"sf"}, "cast_str"), "to", onnx::TensorProto::FLOAT);
    b.output("z", onnx::TensorProto::FLOAT, {kDynamic, 4});
    b.output("sf", onnx::TensorProto::FLOAT, {2});
    b.output("c", onnx::TensorProto::INT64, {3});
    return b;
}

TEST(ModelReport, ImportedModel) {
    ImportOptions options;
    options.allowUnsupported = true;
    const ImportResult result = importBuilt(reportModel(), options);
    const ModelReport r = makeModelReport(result);

    EXPECT_EQ(r.producerName, "kiln-test");
    EXPECT_EQ(r.irVersion, 8);
    EXPECT_EQ(r.graphName, "test_graph");
    ASSERT_EQ(r.opsets.size(), 2u);
    EXPECT_EQ(r.opsets[0], (std::pair<std::string, int64_t>("", 17)));
    EXPECT_EQ(r.opsets[1], (std::pair<std::string, int64_t>("com.example", 1)));

    // Runtime inputs only: the initializers are not inputs.
    ASSERT_EQ(r.inputs.size(), 2u);
    EXPECT_EQ(r.inputs[0].name, "x");
    EXPECT_EQ(r.inputs[0].dtype, DataType::Float32);
    EXPECT_EQ(r.inputs[0].shape.str(), "[N,4]");
    EXPECT_EQ(r.inputs[1].dtype, DataType::String);
    ASSERT_EQ(r.outputs.size(), 3u);
    EXPECT_EQ(r.outputs[0].name, "z");
    EXPECT_EQ(r.outputs[2].name, "c");
    EXPECT_EQ(r.outputs[2].dtype, DataType::Int64);

    // Most frequent first; ties by name ("Add" < "Cast" < "com.example::FancyOp").
    const std::vector<std::pair<std::string, int64_t>> histogram = {
        {"MatMul", 2}, {"Add", 1}, {"Cast", 1}, {"com.example::FancyOp", 1}};
    EXPECT_EQ(r.opHistogram, histogram);
    EXPECT_EQ(r.nodeCount, 5);
    EXPECT_EQ(r.onnxNodeCount, 5);

    // W once although two nodes read it, B, and the constant graph output c.
    EXPECT_EQ(r.parameterCount, 16 + 4 + 3);
    EXPECT_EQ(r.parameterBytes, uint64_t(16 * 4 + 4 * 4 + 3 * 8));

    ASSERT_EQ(r.unsupported.size(), 1u);
    EXPECT_EQ(r.unsupported[0].nodeName, "fancy_0");
    EXPECT_EQ(r.unsupported[0].domain, "com.example");
    // The importer's unsupported node is not listed again as lacking a CPU kernel.
    ASSERT_EQ(r.noCpuKernel.size(), 1u) << (r.noCpuKernel.empty() ? "" : r.noCpuKernel[0].label);
    const NoCpuKernelNode& k = r.noCpuKernel[0];
    EXPECT_EQ(k.nodeName, "cast_str");
    EXPECT_EQ(k.label, "cast_str");
    EXPECT_EQ(k.opType, "Cast");
    EXPECT_EQ(k.reason, "CPU kernel for Cast does not take string");
    const Node* cast = findNodeByOp(*result.graph, "Cast");
    ASSERT_NE(cast, nullptr);
    EXPECT_EQ(k.nodeId, cast->id);
    EXPECT_EQ(r.warnings, result.warnings);
}

// A hand-made graph: an unnamed node the importer list names only by index, and one without any
// CPU kernel that no importer list mentions.
TEST(ModelReport, HandMadeGraph) {
    Graph g;
    g.opsetImports[""] = 17;
    Value* x = g.addValue("x");
    x->dtype = DataType::Float32;
    x->shape = Shape{2};
    g.markInput(x);
    Value* a = g.addValue("a");
    a->dtype = DataType::Float32;
    Node* odd = g.addNode("Odd", "", {x}, {a});
    Value* b = g.addValue("b");
    b->dtype = DataType::Float32;
    g.addNode("Mystery", "mystery_0", {a}, {b});
    g.markOutput(b);
    Value* shared = g.addConstant("k", Tensor::fromVector<float>({2}, {1, 2}));
    Value* c = g.addValue("c");
    c->dtype = DataType::Float32;
    g.addNode("Add", "add_k", {b, shared}, {c});
    Value* d = g.addValue("d");
    d->dtype = DataType::Float32;
    g.addNode("Mul", "mul_k", {c, shared}, {d});
    g.markOutput(d);

    UnsupportedNode u;
    u.nodeIndex = odd->id;
    u.opType = "Odd";
    u.reason = Message("no importer for op");
    const ModelReport r = makeModelReport(g, {u}, {Message("a warning")});
    ASSERT_EQ(r.noCpuKernel.size(), 1u);
    EXPECT_EQ(r.noCpuKernel[0].label, "mystery_0");
    EXPECT_EQ(r.noCpuKernel[0].reason, "no CPU kernel for op Mystery");
    EXPECT_EQ(r.parameterCount, 2);
    EXPECT_EQ(r.parameterBytes, 8u);
    EXPECT_EQ(r.warnings, std::vector<Message>{Message("a warning")});

    // Without the importer's list the unnamed node is reported too, by its label.
    const ModelReport bare = makeModelReport(g);
    ASSERT_EQ(bare.noCpuKernel.size(), 2u);
    EXPECT_EQ(bare.noCpuKernel[0].label, "Odd#" + std::to_string(odd->id));
    EXPECT_TRUE(bare.noCpuKernel[0].nodeName.empty());
}

TEST(ModelReport, ImportResultWithoutGraphIsAnError) {
    ImportResult empty;
    EXPECT_THROW(makeModelReport(empty), Error);
}

}  // namespace
}  // namespace kiln::test
