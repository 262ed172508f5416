// Each opset rewrite into Kiln's canonical (opset-21) op form, asserted on the imported graph.
#include <gtest/gtest.h>

#include "onnx_test_util.h"

using namespace kiln;
using namespace kiln::test;

namespace {
constexpr int F32 = onnx::TensorProto::FLOAT;
constexpr int I64 = onnx::TensorProto::INT64;

const Node& onlyNode(const ImportResult& r, const std::string& op) {
    EXPECT_EQ(countOpType(*r.graph, op), 1) << r.graph->dump();
    const Node* n = findNodeByOp(*r.graph, op);
    if (!n) throw std::runtime_error("no " + op + " node");
    return *n;
}

std::vector<int64_t> constInput(const Node& n, size_t i) {
    Value* v = n.inputOrNull(i);
    if (!v || !v->isConstant()) {
        ADD_FAILURE() << n.label() << " input " << i << " is not a constant";
        return {};
    }
    EXPECT_EQ(v->constant->dtype(), DataType::Int64);
    return v->constant->toInt64Vector();
}
}  // namespace

TEST(OnnxCanonical, ReduceAxesAttributeBecomesInput) {
    struct Case {
        const char* op;
        int64_t opset;
        bool attributeForm;
    };
    for (Case c : {Case{"ReduceSum", 11, true}, Case{"ReduceSum", 13, false}, Case{"ReduceMean", 17, true},
                   Case{"ReduceMax", 13, true}, Case{"ReduceL2", 11, true}}) {
        ModelBuilder b(c.opset);
        b.input("x", F32, {2, 3, 4});
        if (c.attributeForm) {
            auto& n = b.node(c.op, {"x"}, {"y"}, "reduce");
            setInts(n, "axes", {1, -1});
            setInt(n, "keepdims", 0);
        } else {
            b.initializer("axes", Tensor::fromVector<int64_t>({2}, {1, -1}));
            auto& n = b.node(c.op, {"x", "axes"}, {"y"}, "reduce");
            setInt(n, "keepdims", 0);
        }
        b.outputUntyped("y");
        ImportResult r = importBuilt(b);
        const Node& n = onlyNode(r, c.op);
        EXPECT_FALSE(n.hasAttr("axes")) << c.op << " " << c.opset;
        EXPECT_EQ(n.attrInt("keepdims", 1), 0);
        ASSERT_EQ(n.inputs.size(), 2u);
        EXPECT_EQ(constInput(n, 1), (std::vector<int64_t>{1, -1}));
        EXPECT_EQ(r.graph->findValue("y")->shape.str(), "[2]") << c.op << " " << c.opset;
    }
}

TEST(OnnxCanonical, ReduceWithoutAxesReducesAllAxes) {
    ModelBuilder b(11);
    b.input("x", F32, {2, 3});
    b.node("ReduceMean", {"x"}, {"y"});
    b.outputUntyped("y");
    ImportResult r = importBuilt(b);
    const Node& n = onlyNode(r, "ReduceMean");
    EXPECT_EQ(n.inputs.size(), 1u);  // omitted axes input = all axes
}

TEST(OnnxCanonical, SqueezeUnsqueezeAxes) {
    for (int64_t opset : {11, 13}) {
        ModelBuilder b(opset);
        b.input("x", F32, {1, 3, 1});
        if (opset < 13) {
            setInts(b.node("Squeeze", {"x"}, {"s"}), "axes", {0});
            setInts(b.node("Unsqueeze", {"s"}, {"y"}), "axes", {0, 3});
        } else {
            b.initializer("sq_axes", Tensor::fromVector<int64_t>({1}, {0}));
            b.initializer("unsq_axes", Tensor::fromVector<int64_t>({2}, {0, 3}));
            b.node("Squeeze", {"x", "sq_axes"}, {"s"});
            b.node("Unsqueeze", {"s", "unsq_axes"}, {"y"});
        }
        b.outputUntyped("y");
        ImportResult r = importBuilt(b);
        const Node& sq = onlyNode(r, "Squeeze");
        const Node& unsq = onlyNode(r, "Unsqueeze");
        EXPECT_FALSE(sq.hasAttr("axes"));
        EXPECT_EQ(constInput(sq, 1), std::vector<int64_t>{0});
        EXPECT_EQ(constInput(unsq, 1), (std::vector<int64_t>{0, 3}));
        EXPECT_EQ(r.graph->findValue("y")->shape.str(), "[1,3,1,1]") << "opset " << opset;
    }
    // Squeeze-11 without axes keeps the input omitted (squeeze all size-1 dims).
    ModelBuilder b(11);
    b.input("x", F32, {1, 3, 1});
    b.node("Squeeze", {"x"}, {"y"});
    b.outputUntyped("y");
    EXPECT_EQ(onlyNode(importBuilt(b), "Squeeze").inputs.size(), 1u);
}

TEST(OnnxCanonical, SoftmaxOpset11CoercionBecomesFlattenSoftmaxReshape) {
    ModelBuilder b(11);
    b.input("x", F32, {2, 3, 4});
    setInt(b.node("Softmax", {"x"}, {"y"}, "sm"), "axis", 1);
    b.outputUntyped("y");
    ImportResult r = importBuilt(b);
    const Graph& g = *r.graph;
    EXPECT_EQ(g.nodeCount(), 4u) << g.dump();
    const Node& flatten = onlyNode(r, "Flatten");
    const Node& softmax = onlyNode(r, "Softmax");
    const Node& shape = onlyNode(r, "Shape");
    const Node& reshape = onlyNode(r, "Reshape");
    EXPECT_EQ(flatten.attrInt("axis"), 1);
    EXPECT_EQ(softmax.attrInt("axis"), -1);
    EXPECT_EQ(softmax.name, "sm");
    EXPECT_EQ(softmax.inputs[0], flatten.outputs[0]);
    EXPECT_EQ(shape.inputs[0]->name, "x");
    EXPECT_EQ(reshape.inputs[0], softmax.outputs[0]);
    EXPECT_EQ(reshape.inputs[1], shape.outputs[0]);
    EXPECT_EQ(reshape.outputs[0]->name, "y");
    for (const Node* n : g.nodes()) EXPECT_EQ(n->origin, std::vector<std::string>{"sm"}) << n->label();
    EXPECT_EQ(g.findValue("y")->shape.str(), "[2,3,4]");
}

TEST(OnnxCanonical, SoftmaxOpset11OnLastAxisStaysOneNode) {
    ModelBuilder b(11);
    b.input("x", F32, {2, 3, 4});
    setInt(b.node("LogSoftmax", {"x"}, {"y"}), "axis", 2);
    b.outputUntyped("y");
    ImportResult r = importBuilt(b);
    EXPECT_EQ(r.graph->nodeCount(), 1u);
    EXPECT_EQ(onlyNode(r, "LogSoftmax").attrInt("axis"), -1);

    ModelBuilder b13(13);
    b13.input("x", F32, {2, 3, 4});
    setInt(b13.node("Softmax", {"x"}, {"y"}), "axis", 1);
    b13.outputUntyped("y");
    ImportResult r13 = importBuilt(b13);
    EXPECT_EQ(r13.graph->nodeCount(), 1u);
    EXPECT_EQ(onlyNode(r13, "Softmax").attrInt("axis"), 1);
}

TEST(OnnxCanonical, SplitAttributeAndEqualSplit) {
    ModelBuilder b(11);
    b.input("x", F32, {6, 2});
    setInts(b.node("Split", {"x"}, {"a", "b"}, "sized"), "split", {2, 4});
    b.node("Split", {"a"}, {"c", "d"}, "equal");
    b.outputUntyped("b");
    b.outputUntyped("c");
    b.outputUntyped("d");
    ImportResult r = importBuilt(b);
    const Node* sized = nullptr;
    const Node* equal = nullptr;
    for (const Node* n : r.graph->nodes()) (n->name == "sized" ? sized : equal) = n;
    ASSERT_TRUE(sized && equal);
    EXPECT_EQ(constInput(*sized, 1), (std::vector<int64_t>{2, 4}));
    EXPECT_FALSE(sized->hasAttr("split"));
    EXPECT_FALSE(sized->hasAttr("num_outputs"));
    EXPECT_EQ(equal->inputs.size(), 1u);
    EXPECT_EQ(equal->attrInt("num_outputs"), 2);
}

TEST(OnnxCanonical, SliceAttributesBecomeInputs) {
    ModelBuilder b(9);
    b.input("x", F32, {4, 5});
    auto& n = b.node("Slice", {"x"}, {"y"});
    setInts(n, "starts", {1});
    setInts(n, "ends", {3});
    setInts(n, "axes", {1});
    b.outputUntyped("y");
    ImportResult r = importBuilt(b);
    const Node& s = onlyNode(r, "Slice");
    EXPECT_TRUE(s.attributes.empty());
    EXPECT_EQ(constInput(s, 1), std::vector<int64_t>{1});
    EXPECT_EQ(constInput(s, 2), std::vector<int64_t>{3});
    EXPECT_EQ(constInput(s, 3), std::vector<int64_t>{1});
    EXPECT_EQ(r.graph->findValue("y")->shape.str(), "[4,2]");
}

TEST(OnnxCanonical, PadAndClipAttributesBecomeInputs) {
    ModelBuilder b(10);
    b.input("x", F32, {2, 2});
    auto& pad = b.node("Pad", {"x"}, {"p"});
    setInts(pad, "pads", {0, 1, 0, 1});
    setFloat(pad, "value", 1.5f);
    auto& clip = b.node("Clip", {"p"}, {"y"});
    setFloat(clip, "max", 6.0f);
    b.outputUntyped("y");
    ImportResult r = importBuilt(b);
    const Node& p = onlyNode(r, "Pad");
    EXPECT_FALSE(p.hasAttr("pads"));
    EXPECT_FALSE(p.hasAttr("value"));
    EXPECT_EQ(constInput(p, 1), (std::vector<int64_t>{0, 1, 0, 1}));
    ASSERT_TRUE(p.inputOrNull(2) && p.inputOrNull(2)->isConstant());
    EXPECT_EQ(p.inputs[2]->constant->dtype(), DataType::Float32);
    EXPECT_EQ(p.inputs[2]->constant->scalarAsDouble(0), 1.5);
    const Node& c = onlyNode(r, "Clip");
    ASSERT_EQ(c.inputs.size(), 3u);
    EXPECT_EQ(c.inputs[1], nullptr);  // no min: omitted in the middle
    EXPECT_EQ(c.inputs[2]->constant->scalarAsDouble(0), 6.0);
    EXPECT_TRUE(c.attributes.empty());
}

TEST(OnnxCanonical, TopKAndDropoutAttributes) {
    ModelBuilder b(9);
    b.input("x", F32, {2, 8});
    setInt(b.node("TopK", {"x"}, {"v", "i"}), "k", 3);
    auto& d = b.node("Dropout", {"v"}, {"y", "mask"});
    setFloat(d, "ratio", 0.25f);
    b.outputUntyped("y");
    b.outputUntyped("i", I64);
    ImportResult r = importBuilt(b);
    const Node& t = onlyNode(r, "TopK");
    EXPECT_EQ(constInput(t, 1), std::vector<int64_t>{3});
    EXPECT_FALSE(t.hasAttr("k"));
    const Node& drop = onlyNode(r, "Dropout");
    EXPECT_EQ(drop.outputs.size(), 1u);  // the unused mask is dropped
    ASSERT_EQ(drop.inputs.size(), 2u);
    EXPECT_FLOAT_EQ(float(drop.inputs[1]->constant->scalarAsDouble(0)), 0.25f);
}

TEST(OnnxCanonical, UpsampleAndResize10BecomeResize) {
    for (int64_t opset : {7, 9, 10}) {
        ModelBuilder b(opset);
        b.input("x", F32, {1, 1, 2, 2});
        if (opset == 7) {
            auto& n = b.node("Upsample", {"x"}, {"y"}, "up");
            setFloats(n, "scales", {1, 1, 2, 2});
            setString(n, "mode", "linear");
        } else {
            b.initializer("scales", Tensor::fromVector<float>({4}, {1, 1, 2, 2}));
            auto& n = b.node(opset == 9 ? "Upsample" : "Resize", {"x", "scales"}, {"y"}, "up");
            setString(n, "mode", "linear");
        }
        b.outputUntyped("y");
        ImportResult r = importBuilt(b);
        const Node& n = onlyNode(r, "Resize");
        EXPECT_EQ(n.name, "up");
        ASSERT_EQ(n.inputs.size(), 3u);
        EXPECT_EQ(n.inputs[1], nullptr);
        ASSERT_TRUE(n.inputs[2]->isConstant());
        EXPECT_EQ(n.inputs[2]->constant->toFloatVector(), (std::vector<float>{1, 1, 2, 2}));
        EXPECT_EQ(n.attrString("mode", ""), "linear");
        EXPECT_EQ(n.attrString("coordinate_transformation_mode", ""), "asymmetric");
        EXPECT_EQ(n.attrString("nearest_mode", ""), "floor");
        EXPECT_FALSE(n.hasAttr("scales"));
    }
}

TEST(OnnxCanonical, Resize13DropsEmptyInputsAndRejectsUnsupportedModes) {
    ModelBuilder b(13);
    b.input("x", F32, {1, 1, 2, 2});
    b.initializer("roi", Tensor(DataType::Float32, {0}));
    b.initializer("scales", Tensor(DataType::Float32, {0}));
    b.initializer("sizes", Tensor::fromVector<int64_t>({4}, {1, 1, 4, 4}));
    setString(b.node("Resize", {"x", "roi", "scales", "sizes"}, {"y"}), "mode", "cubic");
    b.outputUntyped("y");
    ImportResult r = importBuilt(b);
    const Node& n = onlyNode(r, "Resize");
    ASSERT_EQ(n.inputs.size(), 4u);
    EXPECT_EQ(n.inputs[1], nullptr);
    EXPECT_EQ(n.inputs[2], nullptr);
    EXPECT_EQ(n.inputs[3]->name, "sizes");

    ModelBuilder bad(13);
    bad.input("x", F32, {1, 1, 2, 2});
    bad.initializer("scales", Tensor::fromVector<float>({4}, {1, 1, 2, 2}));
    setString(bad.node("Resize", {"x", "", "scales"}, {"y"}, "rs"), "mode", "bicubic-ish");
    bad.outputUntyped("y");
    ImportOptions options;
    options.runChecker = false;
    ErrorKind kind{};
    std::string msg = errorMessage([&] { importBuilt(bad, options); }, &kind);
    EXPECT_EQ(kind, ErrorKind::Unsupported);
    EXPECT_NE(msg.find("rs"), std::string::npos) << msg;
    EXPECT_NE(msg.find("bicubic-ish"), std::string::npos) << msg;
}

TEST(OnnxCanonical, ConvWithUnknownAutoPadIsUnsupportedNamingTheNode) {
    ModelBuilder b(13);
    b.input("x", F32, {1, 1, 4, 4});
    b.initializer("w", Tensor(DataType::Float32, {1, 1, 3, 3}));
    setString(b.node("Conv", {"x", "w"}, {"y"}, "odd_conv"), "auto_pad", "SAME_MIDDLE");
    b.outputUntyped("y");
    ImportOptions options;
    options.runChecker = false;
    options.inferShapes = false;
    std::string msg = errorMessage([&] { importBuilt(b, options); });
    EXPECT_NE(msg.find("odd_conv"), std::string::npos) << msg;
    EXPECT_NE(msg.find("auto_pad"), std::string::npos) << msg;
    options.allowUnsupported = true;
    ImportResult r = importBuilt(b, options);
    ASSERT_EQ(r.unsupported.size(), 1u);
    EXPECT_NE(r.unsupported[0].reason.text().find("SAME_MIDDLE"), std::string::npos);
}

TEST(OnnxCanonical, GroupNormalization18ExpandsScaleAndBiasPerChannel) {
    ModelBuilder b(18);
    b.input("x", F32, {1, 4, 2, 2});
    b.initializer("scale", Tensor::fromVector<float>({2}, {10, 20}));
    b.initializer("bias", Tensor::fromVector<float>({2}, {1, 2}));
    setInt(b.node("GroupNormalization", {"x", "scale", "bias"}, {"y"}, "gn"), "num_groups", 2);
    b.outputUntyped("y");
    ImportResult r = importBuilt(b);
    const Node& n = onlyNode(r, "GroupNormalization");
    EXPECT_EQ(r.graph->nodeCount(), 1u);
    EXPECT_EQ(n.inputs[1]->constant->toFloatVector(), (std::vector<float>{10, 10, 20, 20}));
    EXPECT_EQ(n.inputs[2]->constant->toFloatVector(), (std::vector<float>{1, 1, 2, 2}));
    EXPECT_EQ(n.attrInt("num_groups"), 2);

    // Unknown channel count: expanded at run time by helper nodes with the same origin.
    ModelBuilder d(18);
    d.input("x", F32, {1, kDynamic, 2, 2});
    d.input("scale", F32, {2});
    d.input("bias", F32, {2});
    setInt(d.node("GroupNormalization", {"x", "scale", "bias"}, {"y"}, "gn"), "num_groups", 2);
    d.outputUntyped("y");
    ImportResult rd = importBuilt(d);
    EXPECT_EQ(countOpType(*rd.graph, "Expand"), 2);
    for (const Node* node : rd.graph->nodes()) EXPECT_EQ(node->origin, std::vector<std::string>{"gn"});
    EXPECT_NO_THROW(rd.graph->validate());
}

TEST(OnnxCanonical, ConstantValueFormsBecomeValueTensor) {
    ModelBuilder b(13);
    setFloats(b.node("Constant", {}, {"f"}), "value_floats", {1.5f, 2.5f});
    setInt(b.node("Constant", {}, {"i"}), "value_int", 7);
    b.outputUntyped("f");
    b.outputUntyped("i", I64);
    ImportResult r = importBuilt(b);
    for (const Node* n : r.graph->nodes()) {
        ASSERT_EQ(n->attributes.size(), 1u);
        const Tensor& t = n->attrTensor("value");
        if (n->outputs[0]->name == "f") {
            EXPECT_EQ(t.describe(), "fp32[2]");
            EXPECT_EQ(t.toFloatVector(), (std::vector<float>{1.5f, 2.5f}));
        } else {
            EXPECT_EQ(t.describe(), "int64[]");
            EXPECT_EQ(t.scalarAsInt64(0), 7);
        }
    }
}

TEST(OnnxCanonical, BatchNormalizationOpset7DropsTrainingAttributesAndOutputs) {
    ModelBuilder b(7);
    b.input("x", F32, {1, 2, 2, 2});
    for (const char* p : {"s", "bb", "m", "v"}) b.initializer(p, Tensor(DataType::Float32, {2}));
    auto& n = b.node("BatchNormalization", {"x", "s", "bb", "m", "v"},
                     {"y", "mean_out", "var_out", "saved_mean", "saved_var"});
    setInt(n, "spatial", 1);
    setFloat(n, "epsilon", 1e-3f);
    b.outputUntyped("y");
    ImportResult r = importBuilt(b);
    const Node& bn = onlyNode(r, "BatchNormalization");
    EXPECT_EQ(bn.outputs.size(), 1u);
    EXPECT_FALSE(bn.hasAttr("spatial"));
    EXPECT_FLOAT_EQ(bn.attrFloat("epsilon", 0), 1e-3f);
}

TEST(OnnxCanonical, Resize11TfHalfPixelForNearestBecomesHalfPixel) {
    for (const char* nearest : {"round_prefer_floor", "floor"}) {
        ModelBuilder b(11);
        b.input("x", F32, {1, 1, 4, 4});
        b.initializer("roi", Tensor(DataType::Float32, {0}));
        b.initializer("scales", Tensor(DataType::Float32, {0}));
        b.initializer("sizes", Tensor::fromVector<int64_t>({4}, {1, 1, 3, 2}));
        auto& n = b.node("Resize", {"x", "roi", "scales", "sizes"}, {"y"});
        setString(n, "coordinate_transformation_mode", "tf_half_pixel_for_nn");
        setString(n, "nearest_mode", nearest);
        b.outputUntyped("y");
        ImportResult r = importBuilt(b);
        const Node& rs = onlyNode(r, "Resize");
        EXPECT_EQ(rs.attrString("coordinate_transformation_mode", ""), "half_pixel");
        EXPECT_EQ(rs.attrString("nearest_mode", ""),
                  std::string(nearest) == "floor" ? "round_prefer_ceil" : "ceil");
    }
}
