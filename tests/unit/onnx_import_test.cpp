// Importer behaviour: naming, provenance, types/shapes, unsupported ops, structural errors, opsets.
#include <gtest/gtest.h>

#include <algorithm>

#include "onnx_test_util.h"

using namespace kiln;
using namespace kiln::test;

namespace {
constexpr int F32 = onnx::TensorProto::FLOAT;
constexpr int I64 = onnx::TensorProto::INT64;

ModelBuilder convRelu(int64_t opset) {
    ModelBuilder b(opset);
    b.input("x", F32, {kDynamic, 3, 8, 8});
    b.initializer("w", Tensor(DataType::Float32, {4, 3, 3, 3}));
    b.initializer("b", Tensor(DataType::Float32, {4}));
    auto& conv = b.node("Conv", {"x", "w", "b"}, {"c"});
    setInts(conv, "kernel_shape", {3, 3});
    setInts(conv, "pads", {1, 1, 1, 1});
    b.node("Relu", {"c"}, {"y"}, "the_relu");
    b.outputUntyped("y");
    return b;
}
}  // namespace

TEST(OnnxImport, NamesOriginsAndInferredShapes) {
    ImportResult r = importBuilt(convRelu(13));
    ASSERT_TRUE(r.graph);
    const Graph& g = *r.graph;
    EXPECT_EQ(r.onnxNodeCount, 2);
    EXPECT_TRUE(r.unsupported.empty());
    ASSERT_EQ(g.nodeCount(), 2u);
    const Node* conv = findNodeByOp(g, "Conv");
    ASSERT_TRUE(conv);
    EXPECT_EQ(conv->name, "Conv_0");  // unnamed ONNX node: op + index
    EXPECT_EQ(conv->origin, std::vector<std::string>{"Conv_0"});
    const Node* relu = findNodeByOp(g, "Relu");
    EXPECT_EQ(relu->name, "the_relu");
    EXPECT_EQ(relu->origin, std::vector<std::string>{"the_relu"});
    EXPECT_EQ(conv->attrInts("kernel_shape"), (std::vector<int64_t>{3, 3}));
    // Graph input keeps its symbolic batch dim; shape inference fills the intermediate and output.
    ASSERT_EQ(g.runtimeInputs().size(), 1u);
    EXPECT_EQ(g.runtimeInputs()[0]->shape.str(), "[N,3,8,8]");
    EXPECT_EQ(g.findValue("c")->dtype, DataType::Float32);
    EXPECT_EQ(g.findValue("c")->shape.str(), "[N,4,8,8]");
    EXPECT_EQ(g.outputs()[0]->shape.str(), "[N,4,8,8]");
    EXPECT_EQ(g.parameterCount(), 4 * 3 * 3 * 3 + 4);
    EXPECT_TRUE(r.warnings.empty()) << r.warnings[0];
}

TEST(OnnxImport, DuplicateNodeNamesAreMadeUnique) {
    ModelBuilder b(13);
    b.input("x", F32, {2});
    b.node("Relu", {"x"}, {"a"}, "same");
    b.node("Relu", {"a"}, {"b"}, "same");
    b.node("Relu", {"b"}, {"c"}, "Relu_2");  // also the generated name for an unnamed node at index 2
    b.outputUntyped("c");
    ImportResult r = importBuilt(b);
    std::vector<std::string> names;
    for (const Node* n : r.graph->nodes()) names.push_back(n->name);
    std::sort(names.begin(), names.end());
    EXPECT_EQ(std::unique(names.begin(), names.end()), names.end()) << "node names must be unique";
    EXPECT_EQ(r.graph->producerName, "kiln-test");
    EXPECT_EQ(r.graph->opsetVersion(), 13);
}

TEST(OnnxImport, UnsupportedOpErrorNamesOpNodeAndIndex) {
    ModelBuilder b(13);
    b.input("x", F32, {2});
    b.node("Relu", {"x"}, {"a"});
    b.node("Relu", {"a"}, {"b"});
    auto& n = b.node("NonMaxSuppression", {"b", "b"}, {"c"}, "my_nms");
    (void)n;
    b.outputUntyped("c");
    ImportOptions options;
    options.runChecker = false;  // the point is Kiln's own message
    ErrorKind kind{};
    std::string msg = errorMessage([&] { importBuilt(b, options); }, &kind);
    EXPECT_EQ(kind, ErrorKind::Unsupported);
    EXPECT_NE(msg.find("NonMaxSuppression"), std::string::npos) << msg;
    EXPECT_NE(msg.find("my_nms"), std::string::npos) << msg;
    EXPECT_NE(msg.find("index 2"), std::string::npos) << msg;
    EXPECT_NE(msg.find("test.onnx"), std::string::npos) << msg;
}

TEST(OnnxImport, AllowUnsupportedKeepsOpaqueNodesAndListsThem) {
    ModelBuilder b(13);
    b.input("x", F32, {4});
    b.input("cond", onnx::TensorProto::BOOL, {});
    auto& custom = b.node("MyCustomOp", {"x"}, {"a"}, "custom");
    setInt(custom, "flavour", 3);
    custom.set_domain("com.example");
    b.node("Relu", {"a"}, {"b"});
    auto& iff = b.node("If", {"cond"}, {"c"}, "branch");
    for (const char* key : {"then_branch", "else_branch"}) {
        auto* a = iff.add_attribute();
        a->set_name(key);
        a->set_type(onnx::AttributeProto::GRAPH);
        auto* body = a->mutable_g();
        body->set_name(key);
        auto* n = body->add_node();
        // A body node Kiln can't import makes the whole If unsupported, naming the body.
        n->set_op_type(std::string(key) == "then_branch" ? "Unique" : "Identity");
        n->add_input("b");
        n->add_output(std::string(key) + "_out");
        body->add_output()->set_name(std::string(key) + "_out");
    }
    b.node("Unique", {"b"}, {"d"});
    b.outputUntyped("c");
    b.outputUntyped("d");
    auto* opset = b.model.add_opset_import();
    opset->set_domain("com.example");
    opset->set_version(1);
    ImportOptions options;
    options.allowUnsupported = true;
    options.runChecker = false;
    ImportResult r = importBuilt(b, options);
    ASSERT_EQ(r.unsupported.size(), 3u);
    EXPECT_EQ(r.unsupported[0].opType, "MyCustomOp");
    EXPECT_EQ(r.unsupported[0].nodeName, "custom");
    EXPECT_EQ(r.unsupported[0].nodeIndex, 0);
    EXPECT_NE(r.unsupported[0].reason.text().find("com.example"), std::string::npos);
    EXPECT_EQ(r.unsupported[1].opType, "If");
    EXPECT_NE(r.unsupported[1].reason.text().find("then_branch"), std::string::npos)
        << r.unsupported[1].reason;
    EXPECT_EQ(r.unsupported[2].opType, "Unique");
    EXPECT_EQ(r.unsupported[2].nodeName, "Unique_3");
    EXPECT_EQ(r.unsupported[2].nodeIndex, 3);
    // Opaque nodes stay in the graph with their attributes.
    const Node* opaque = findNodeByOp(*r.graph, "MyCustomOp");
    ASSERT_TRUE(opaque);
    EXPECT_EQ(opaque->domain, "com.example");
    EXPECT_EQ(opaque->attrInt("flavour"), 3);
    EXPECT_EQ(r.graph->nodeCount(), 4u);
}

TEST(OnnxImport, SupportCheckListsEveryUnsupportedNodeWithoutFailing) {
    TempDir dir;
    ModelBuilder b(13);
    b.input("x", F32, {4});
    b.node("Unique", {"x"}, {"a"}, "u1");
    b.node("Relu", {"a"}, {"b"});
    b.node("Det", {"b"}, {"c"}, "det");
    b.node("Unique", {"c"}, {"d"}, "u2");
    b.outputUntyped("d");
    b.save(dir.file("m.onnx"));
    std::vector<UnsupportedNode> list = checkOnnxSupport(dir.file("m.onnx"));
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(list[0].nodeName, "u1");
    EXPECT_EQ(list[1].nodeName, "det");
    EXPECT_EQ(list[1].opType, "Det");
    EXPECT_EQ(list[2].nodeName, "u2");
    EXPECT_EQ(list[2].nodeIndex, 3);
    for (const auto& u : list) EXPECT_FALSE(u.reason.text().empty());
}

TEST(OnnxImport, OpsetOutsideRangeIsUnsupportedWithReason) {
    for (int64_t opset : {6, 22}) {
        ModelBuilder b(opset);
        b.input("x", F32, {2});
        b.node("Relu", {"x"}, {"y"});
        b.outputUntyped("y");
        ImportOptions options;
        options.runChecker = false;
        options.inferShapes = false;
        std::string msg = errorMessage([&] { importBuilt(b, options); });
        EXPECT_NE(msg.find("opset " + std::to_string(opset)), std::string::npos) << msg;
        EXPECT_NE(msg.find("7..21"), std::string::npos) << msg;
        options.allowUnsupported = true;
        ImportResult r = importBuilt(b, options);
        ASSERT_EQ(r.unsupported.size(), 1u);
        EXPECT_NE(r.unsupported[0].reason.text().find("7..21"), std::string::npos);
    }
}

TEST(OnnxImport, OpBeforeItsFirstOpsetIsUnsupported) {
    ModelBuilder b(13);
    b.input("x", F32, {2});
    b.node("Gelu", {"x"}, {"y"}, "gelu");
    b.outputUntyped("y");
    ImportOptions options;
    options.runChecker = false;
    std::string msg = errorMessage([&] { importBuilt(b, options); });
    EXPECT_NE(msg.find("opset 20"), std::string::npos) << msg;
}

TEST(OnnxImport, NewerOpsetThanLibonnxSkipsCheckerWithWarning) {
    ModelBuilder b(20, 10);
    b.input("x", F32, {2, 3});
    auto& g = b.node("Gelu", {"x"}, {"y"});
    setString(g, "approximate", "tanh");
    b.output("y", F32, {2, 3});
    ImportResult r = importBuilt(b);
    ASSERT_EQ(r.graph->nodeCount(), 1u);
    EXPECT_EQ(findNodeByOp(*r.graph, "Gelu")->attrString("approximate", ""), "tanh");
    bool checkerWarning = false, inferenceWarning = false;
    for (const auto& w : r.warnings) {
        checkerWarning |= w.text().find("checker skipped") != std::string::npos;
        inferenceWarning |= w.text().find("shape inference skipped") != std::string::npos;
    }
    EXPECT_TRUE(checkerWarning);
    EXPECT_TRUE(inferenceWarning);
    EXPECT_EQ(r.graph->outputs()[0]->shape.str(), "[2,3]");  // from the model's own output type
}

TEST(OnnxImport, CheckerRejectsInvalidNodes) {
    ModelBuilder b(13);
    b.input("x", F32, {2});
    b.node("Relu", {"x", "x"}, {"y"}, "bad_relu");  // Relu takes one input
    b.outputUntyped("y");
    ErrorKind kind{};
    std::string msg = errorMessage([&] { importBuilt(b); }, &kind);
    EXPECT_EQ(kind, ErrorKind::InvalidModel);
    EXPECT_NE(msg.find("checker"), std::string::npos) << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << "one line: " << msg;
    // Without the checker, Kiln's own arity check names the node.
    ImportOptions options;
    options.runChecker = false;
    msg = errorMessage([&] { importBuilt(b, options); }, &kind);
    EXPECT_EQ(kind, ErrorKind::InvalidModel);
    EXPECT_NE(msg.find("bad_relu"), std::string::npos) << msg;
}

TEST(OnnxImport, CycleIsRejected) {
    ModelBuilder b(13);
    b.input("x", F32, {2});
    b.node("Add", {"x", "d"}, {"a"}, "first");
    b.node("Relu", {"a"}, {"d"}, "second");
    b.outputUntyped("d");
    for (bool checker : {true, false}) {
        ImportOptions options;
        options.runChecker = checker;
        ErrorKind kind{};
        std::string msg = errorMessage([&] { importBuilt(b, options); }, &kind);
        EXPECT_EQ(kind, ErrorKind::InvalidModel);
        EXPECT_NE(msg.find("cycle"), std::string::npos) << msg;
        EXPECT_TRUE(msg.find("first") != std::string::npos || msg.find("second") != std::string::npos) << msg;
    }
}

TEST(OnnxImport, UndefinedInputAndDuplicateOutputAreRejected) {
    {
        ModelBuilder b(13);
        b.input("x", F32, {2});
        b.node("Add", {"x", "nowhere"}, {"y"}, "adder");
        b.outputUntyped("y");
        std::string msg = errorMessage([&] { importBuilt(b); });
        EXPECT_NE(msg.find("nowhere"), std::string::npos) << msg;
        EXPECT_NE(msg.find("adder"), std::string::npos) << msg;
    }
    {
        ModelBuilder b(13);
        b.input("x", F32, {2});
        b.node("Relu", {"x"}, {"y"});
        b.node("Neg", {"x"}, {"y"});
        b.outputUntyped("y");
        std::string msg = errorMessage([&] { importBuilt(b); });
        EXPECT_NE(msg.find("'y'"), std::string::npos) << msg;
        EXPECT_NE(msg.find("more than once"), std::string::npos) << msg;
    }
    {
        ModelBuilder b(13);
        b.input("x", F32, {2});
        b.node("Relu", {"x"}, {"y"});
        b.outputUntyped("missing_output");
        std::string msg = errorMessage([&] { importBuilt(b); });
        EXPECT_NE(msg.find("missing_output"), std::string::npos) << msg;
    }
}

TEST(OnnxImport, Ir3InitializersListedAsInputsStayConstants) {
    ModelBuilder b(8, 3);
    b.input("x", F32, {2, 2});
    b.input("w", F32, {2, 2});  // also an initializer: IR < 4 style
    b.initializer("w", Tensor::fromVector<float>({2, 2}, {1, 2, 3, 4}));
    b.node("MatMul", {"x", "w"}, {"y"});
    b.outputUntyped("y");
    ImportResult r = importBuilt(b);
    const Graph& g = *r.graph;
    EXPECT_EQ(g.inputs().size(), 2u);
    ASSERT_EQ(g.runtimeInputs().size(), 1u);
    EXPECT_EQ(g.runtimeInputs()[0]->name, "x");
    ASSERT_TRUE(g.findValue("w")->isConstant());
    EXPECT_EQ(g.findValue("w")->constant->toFloatVector(), (std::vector<float>{1, 2, 3, 4}));
}

TEST(OnnxImport, HugeDimsAreRefusedBeforeAllocating) {
    {
        ModelBuilder b(13);
        b.input("x", F32, {2});
        auto* init = b.graph().add_initializer();  // 2^40 elements, no data
        init->set_name("huge");
        init->set_data_type(F32);
        init->add_dims(int64_t(1) << 40);
        b.node("Add", {"x", "huge"}, {"y"});
        b.outputUntyped("y");
        ErrorKind kind{};
        std::string msg = errorMessage([&] { importBuilt(b); }, &kind);
        EXPECT_EQ(kind, ErrorKind::ResourceLimit) << msg;
        EXPECT_NE(msg.find("huge"), std::string::npos) << msg;
    }
    {
        ModelBuilder b(13);
        b.input("x", F32, {int64_t(1) << 40});
        b.node("Relu", {"x"}, {"y"});
        b.outputUntyped("y");
        ErrorKind kind{};
        std::string msg = errorMessage([&] { importBuilt(b); }, &kind);
        EXPECT_EQ(kind, ErrorKind::ResourceLimit) << msg;
        EXPECT_NE(msg.find("'x'"), std::string::npos) << msg;
    }
}

TEST(OnnxImport, InitializerSizeMismatchNamesTheTensor) {
    ModelBuilder b(13);
    b.input("x", F32, {4});
    auto& w = b.initializer("short_weights", Tensor(DataType::Float32, {4}));
    w.mutable_raw_data()->resize(12);  // 3 floats for 4 elements
    b.node("Add", {"x", "short_weights"}, {"y"});
    b.outputUntyped("y");
    ImportOptions options;
    options.runChecker = false;
    ErrorKind kind{};
    std::string msg = errorMessage([&] { importBuilt(b, options); }, &kind);
    EXPECT_EQ(kind, ErrorKind::InvalidModel);
    EXPECT_NE(msg.find("short_weights"), std::string::npos) << msg;
    EXPECT_NE(msg.find("raw_data"), std::string::npos) << msg;

    ModelBuilder typed(13);
    typed.input("x", F32, {4});
    auto* t = typed.graph().add_initializer();
    t->set_name("typed_weights");
    t->set_data_type(F32);
    t->add_dims(4);
    t->add_float_data(1.0f);
    typed.node("Add", {"x", "typed_weights"}, {"y"});
    typed.outputUntyped("y");
    msg = errorMessage([&] { importBuilt(typed, options); });
    EXPECT_NE(msg.find("typed_weights"), std::string::npos) << msg;
    EXPECT_NE(msg.find("float_data"), std::string::npos) << msg;
}

TEST(OnnxImport, SupportedOpsCoverTheIssueList) {
    std::vector<std::string> ops = supportedOnnxOps();
    EXPECT_TRUE(std::is_sorted(ops.begin(), ops.end()));
    for (const char* op : {"Conv",
                           "ConvTranspose",
                           "BatchNormalization",
                           "Gemm",
                           "MatMul",
                           "Relu",
                           "Sigmoid",
                           "Tanh",
                           "Erf",
                           "Gelu",
                           "HardSigmoid",
                           "HardSwish",
                           "LeakyRelu",
                           "Clip",
                           "Softplus",
                           "Elu",
                           "Mish",
                           "PRelu",
                           "Softmax",
                           "LogSoftmax",
                           "LayerNormalization",
                           "InstanceNormalization",
                           "GroupNormalization",
                           "MaxPool",
                           "AveragePool",
                           "GlobalAveragePool",
                           "ReduceSum",
                           "ReduceMean",
                           "ReduceMax",
                           "ReduceMin",
                           "ReduceProd",
                           "ReduceL2",
                           "ArgMax",
                           "Reshape",
                           "Flatten",
                           "Transpose",
                           "Squeeze",
                           "Unsqueeze",
                           "Concat",
                           "Split",
                           "Slice",
                           "Gather",
                           "GatherElements",
                           "GatherND",
                           "ScatterND",
                           "Expand",
                           "Tile",
                           "Pad",
                           "Resize",
                           "Where",
                           "Cast",
                           "Shape",
                           "Size",
                           "ConstantOfShape",
                           "Range",
                           "Equal",
                           "Less",
                           "Greater",
                           "And",
                           "Or",
                           "Not",
                           "IsNaN",
                           "Identity",
                           "Dropout",
                           "Constant",
                           "Einsum",
                           "TopK",
                           "CumSum",
                           "Trilu",
                           "Add",
                           "Sub",
                           "Mul",
                           "Div",
                           "Pow",
                           "Sqrt",
                           "Exp",
                           "Log",
                           "Abs",
                           "Neg"})
        EXPECT_TRUE(std::binary_search(ops.begin(), ops.end(), std::string(op))) << op;
    for (const char* op : {"If", "Loop", "Scan"})  // control flow (issue 13)
        EXPECT_TRUE(std::binary_search(ops.begin(), ops.end(), std::string(op))) << op;
}

TEST(OnnxImport, ShapeInferenceConflictIsAWarningNotAnError) {
    ModelBuilder b(13);
    b.input("x", F32, {2, 3});
    b.node("Relu", {"x"}, {"y"});
    b.output("y", I64, {2, 3});  // declared type contradicts what Relu infers
    ImportResult r = importBuilt(b);
    ASSERT_TRUE(r.graph);
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_NE(r.warnings[0].text().find("shape inference"), std::string::npos) << r.warnings[0];
}

TEST(OnnxImport, BadAttributeTensorNamesTheNode) {
    ModelBuilder b(13);
    auto& c = b.node("Constant", {}, {"y"}, "bad_constant");
    auto* a = c.add_attribute();
    a->set_name("value");
    a->set_type(onnx::AttributeProto::TENSOR);
    a->mutable_t()->set_data_type(F32);
    a->mutable_t()->add_dims(4);
    a->mutable_t()->set_raw_data(std::string(4, '\0'));  // 1 float for 4
    b.outputUntyped("y");
    ImportOptions options;
    options.runChecker = false;
    options.inferShapes = false;
    std::string msg = errorMessage([&] { importBuilt(b, options); });
    EXPECT_NE(msg.find("bad_constant"), std::string::npos) << msg;
    EXPECT_NE(msg.find("attribute 'value'"), std::string::npos) << msg;
}

TEST(OnnxImport, UnknownDefaultDomainOpSkipsCheckerAndIsReportedUnsupported) {
    ModelBuilder b(13);
    b.input("x", F32, {2});
    b.node("Relu", {"x"}, {"a"});
    b.node("FancyNewOp", {"a"}, {"y"}, "fancy");
    b.outputUntyped("y");
    ErrorKind kind{};
    std::string msg = errorMessage([&] { importBuilt(b); }, &kind);
    EXPECT_EQ(kind, ErrorKind::Unsupported) << msg;
    EXPECT_NE(msg.find("FancyNewOp"), std::string::npos) << msg;
    EXPECT_NE(msg.find("fancy"), std::string::npos) << msg;
    EXPECT_NE(msg.find("index 1"), std::string::npos) << msg;
    ImportOptions options;
    options.allowUnsupported = true;
    ImportResult r = importBuilt(b, options);
    ASSERT_EQ(r.unsupported.size(), 1u);
    ASSERT_FALSE(r.warnings.empty());
    EXPECT_NE(r.warnings[0].text().find("FancyNewOp"), std::string::npos) << r.warnings[0];
}
