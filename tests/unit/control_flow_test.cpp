// If, Loop and Scan: import with outer-scope values (ir/control_flow.h), the reference run, the
// optimizer keeping what bodies read, engines (bodies optimized, serialized, run), and the errors
// for malformed bodies.
#include <gtest/gtest.h>

#include "engine_core/builder/builder.h"
#include "engine_core/builder/execution_context.h"
#include "engine_core/ir/control_flow.h"
#include "engine_core/passes/optimizer.h"
#include "engine_core/runtime/executor.h"
#include "tests/unit/builder_test_util.h"
#include <onnx/onnx_pb.h>

#include <filesystem>

#include "engine_core/onnx/importer.h"
#include "engine_core/onnx/proto_util.h"
#include "engine_core/onnx/tensor_io.h"

namespace kiln::test {
namespace {

using TP = onnx::TensorProto;

void valueInfo(onnx::ValueInfoProto* vi, const std::string& name, int type, const std::vector<int64_t>& dims) {
    vi->set_name(name);
    auto* tt = vi->mutable_type()->mutable_tensor_type();
    tt->set_elem_type(type);
    auto* shape = tt->mutable_shape();
    for (int64_t d : dims) shape->add_dim()->set_dim_value(d);
}

// A model built in C++ (builder_test_util.h and onnx_test_util.h can't be included together).
struct ModelBuilder {
    explicit ModelBuilder(int64_t opset) {
        model.set_ir_version(8);
        model.set_producer_name("kiln-test");
        auto* o = model.add_opset_import();
        o->set_domain("");
        o->set_version(opset);
        model.mutable_graph()->set_name("control_flow");
    }
    onnx::GraphProto& graph() { return *model.mutable_graph(); }
    void input(const std::string& name, int type, const std::vector<int64_t>& dims) { valueInfo(graph().add_input(), name, type, dims); }
    void output(const std::string& name, int type, const std::vector<int64_t>& dims) { valueInfo(graph().add_output(), name, type, dims); }
    void outputUntyped(const std::string& name) {
        auto* vi = graph().add_output();
        vi->set_name(name);
        vi->mutable_type()->mutable_tensor_type()->set_elem_type(TP::FLOAT);
    }
    onnx::NodeProto& node(const std::string& op, const std::vector<std::string>& ins, const std::vector<std::string>& outs,
                          const std::string& name) {
        auto* n = graph().add_node();
        n->set_op_type(op);
        n->set_name(name);
        for (const auto& i : ins) n->add_input(i);
        for (const auto& o : outs) n->add_output(o);
        return *n;
    }
    void initializer(const std::string& name, const Tensor& t) { onnx_detail::tensorToProto(t, name, graph().add_initializer()); }
    std::string bytes() const {
        std::string s;
        model.SerializeToString(&s);
        return s;
    }
    onnx::ModelProto model;
};

// A body built in place on a graph attribute.
struct BodyBuilder {
    onnx::GraphProto* g;
    void input(const std::string& name, int type, const std::vector<int64_t>& dims) { info(g->add_input(), name, type, dims); }
    void output(const std::string& name, int type, const std::vector<int64_t>& dims) { info(g->add_output(), name, type, dims); }
    onnx::NodeProto& node(const std::string& op, const std::vector<std::string>& ins, const std::vector<std::string>& outs) {
        auto* n = g->add_node();
        n->set_op_type(op);
        n->set_name(g->name() + "/" + op + std::to_string(g->node_size()));
        for (const auto& i : ins) n->add_input(i);
        for (const auto& o : outs) n->add_output(o);
        return *n;
    }
    static void info(onnx::ValueInfoProto* vi, const std::string& name, int type, const std::vector<int64_t>& dims) {
        valueInfo(vi, name, type, dims);
    }
};

BodyBuilder body(onnx::NodeProto& node, const std::string& attr, const std::string& name) {
    auto* a = node.add_attribute();
    a->set_name(attr);
    a->set_type(onnx::AttributeProto::GRAPH);
    a->mutable_g()->set_name(name);
    return {a->mutable_g()};
}

void intAttr(onnx::NodeProto& node, const std::string& name, int64_t v) {
    auto* a = node.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(v);
}
void intsAttr(onnx::NodeProto& node, const std::string& name, const std::vector<int64_t>& v) {
    auto* a = node.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INTS);
    for (int64_t x : v) a->add_ints(x);
}

std::unique_ptr<Graph> import(const ModelBuilder& m, bool check = true) {
    ImportOptions options;
    options.runChecker = check;
    options.inferShapes = check;
    return std::move(importOnnxBytes(m.bytes(), ".", "cf.onnx", options).graph);
}

Tensor floats(std::vector<int64_t> dims, std::vector<float> v) { return Tensor::fromVector<float>(std::move(dims), v); }

// y = If(cond) then (x·2 + w) else (x − w), where `scaled` = x·2 is computed in the main graph and
// read only by the then-branch, and `w` is an initializer read only by the bodies.
ModelBuilder ifModel() {
    ModelBuilder m(17);
    m.input("cond", TP::BOOL, {});
    m.input("x", TP::FLOAT, {2, 3});
    m.initializer("w", floats({3}, {1, 2, 3}));
    m.initializer("two", Tensor::scalar<float>(2));
    m.node("Mul", {"x", "two"}, {"scaled"}, "scale");
    auto& n = m.node("If", {"cond"}, {"y"}, "if");
    BodyBuilder then = body(n, "then_branch", "then");
    then.node("Add", {"scaled", "w"}, {"t_out"});
    then.output("t_out", TP::FLOAT, {2, 3});
    BodyBuilder otherwise = body(n, "else_branch", "else");
    otherwise.node("Sub", {"x", "w"}, {"e_out"});
    otherwise.output("e_out", TP::FLOAT, {2, 3});
    m.output("y", TP::FLOAT, {2, 3});
    return m;
}

TEST(ControlFlow, IfImportsItsBodiesWithOuterScopeInputs) {
    auto g = import(ifModel());
    Node* n = nullptr;
    for (Node* c : g->nodes())
        if (c->opType == "If") n = c;
    ASSERT_NE(n, nullptr);
    ASSERT_EQ(n->bodies().size(), 2u);
    // cond, then the union of what the branches read, in first-use order: scaled, w (then), x (else).
    ASSERT_EQ(n->inputs.size(), 4u);
    EXPECT_EQ(n->inputs[1]->name, "scaled");
    EXPECT_EQ(n->inputs[2]->name, "w");
    EXPECT_EQ(n->inputs[3]->name, "x");
    for (const auto& [key, b] : n->bodies()) {
        EXPECT_EQ(b->outerScopeInputs, 3u) << key;
        ASSERT_EQ(b->inputs().size(), 3u) << key;
        EXPECT_EQ(b->inputs()[0]->name, "scaled");
    }
    ControlFlowLayout layout = checkControlFlowNode(*n, true);
    EXPECT_EQ(layout.formalInputs, 1u);
    const std::string dump = g->dump();
    EXPECT_NE(dump.find("  body then_branch\n"), std::string::npos) << dump;
    EXPECT_NE(dump.find("outer-scope inputs 3"), std::string::npos) << dump;
}

TEST(ControlFlow, IfRunsTheBranchTheConditionPicks) {
    auto g = import(ifModel());
    Tensor x = floats({2, 3}, {1, 2, 3, 4, 5, 6});
    TensorMap yes = referenceRun(*g, {{"cond", Tensor::scalar<bool>(true)}, {"x", x}});
    TensorMap no = referenceRun(*g, {{"cond", Tensor::scalar<bool>(false)}, {"x", x}});
    expectTensorNear(yes.at("y"), floats({2, 3}, {3, 6, 9, 9, 12, 15}));
    expectTensorNear(no.at("y"), floats({2, 3}, {0, 0, 0, 3, 3, 3}));
}

// An outer value read only inside a body is a use: dead-code elimination, constant folding and the
// fusions keep the Mul that makes it, and the run still gives the right answer.
TEST(ControlFlow, OuterValueReadOnlyByABodySurvivesOptimization) {
    auto g = import(ifModel());
    passes::OptimizerOptions options;
    options.level = 3;
    options.validateAfterEachPass = true;
    passes::optimizeGraph(*g, options);
    bool scale = false;
    for (Node* n : g->nodes()) scale = scale || n->outputs[0]->name == "scaled";
    EXPECT_TRUE(scale) << g->dump();
    Tensor x = floats({2, 3}, {1, 2, 3, 4, 5, 6});
    expectTensorNear(referenceRun(*g, {{"cond", Tensor::scalar<bool>(true)}, {"x", x}}).at("y"),
                     floats({2, 3}, {3, 6, 9, 9, 12, 15}));
}

// Loop: trip count 4, a loop-carried sum, a scan output and an outer value k read by the body;
// the condition turns false after iteration 2 (iter < 2 → continue), so 3 iterations run.
ModelBuilder loopModel(bool withTripCount, bool withCond) {
    ModelBuilder m(17);
    m.input("x", TP::FLOAT, {2});
    m.initializer("k", floats({2}, {10, 20}));
    m.initializer("M", Tensor::scalar<int64_t>(4));
    m.initializer("c0", Tensor::scalar<bool>(true));
    m.initializer("two64", Tensor::scalar<int64_t>(2));
    auto& n = m.node("Loop", {withTripCount ? "M" : "", withCond ? "c0" : "", "x"}, {"sum", "steps"}, "loop");
    BodyBuilder b = body(n, "body", "loop_body");
    b.input("i", TP::INT64, {});
    b.input("c_in", TP::BOOL, {});
    b.input("s_in", TP::FLOAT, {2});
    b.node("Cast", {"i"}, {"i_f"}).add_attribute()->CopyFrom([] {
        onnx::AttributeProto a;
        a.set_name("to");
        a.set_type(onnx::AttributeProto::INT);
        a.set_i(TP::FLOAT);
        return a;
    }());
    b.node("Mul", {"k", "i_f"}, {"ki"});
    b.node("Add", {"s_in", "ki"}, {"s_out"});
    b.node("Less", {"i", "two64"}, {"c_out"});
    b.node("Identity", {"s_out"}, {"step"});
    b.output("c_out", TP::BOOL, {});
    b.output("s_out", TP::FLOAT, {2});
    b.output("step", TP::FLOAT, {2});
    m.output("sum", TP::FLOAT, {2});
    m.outputUntyped("steps");
    return m;
}

TEST(ControlFlow, LoopCarriesValuesAndStacksScanOutputs) {
    Tensor x = floats({2}, {1, 1});
    // Both trip count and condition: the condition stops it after i = 0, 1, 2.
    TensorMap out = referenceRun(*import(loopModel(true, true)), {{"x", x}});
    expectTensorNear(out.at("sum"), floats({2}, {31, 61}));
    expectTensorNear(out.at("steps"), floats({3, 2}, {1, 1, 11, 21, 31, 61}));
    // No trip count: the condition alone ends it, the same way.
    out = referenceRun(*import(loopModel(false, true)), {{"x", x}});
    expectTensorNear(out.at("steps"), floats({3, 2}, {1, 1, 11, 21, 31, 61}));
    // No condition input (the body's still stops it), trip count 4.
    out = referenceRun(*import(loopModel(true, false)), {{"x", x}});
    expectTensorNear(out.at("sum"), floats({2}, {31, 61}));
}

TEST(ControlFlow, LoopWithZeroTripsKeepsTheInitialValues) {
    ModelBuilder m = loopModel(true, true);
    m.graph().mutable_initializer(1)->CopyFrom([] {
        onnx::TensorProto t;
        onnx_detail::tensorToProto(Tensor::scalar<int64_t>(0), "M", &t);
        return t;
    }());
    TensorMap out = referenceRun(*import(m), {{"x", floats({2}, {1, 2})}});
    expectTensorNear(out.at("sum"), floats({2}, {1, 2}));
    EXPECT_EQ(out.at("steps").dims(), (std::vector<int64_t>{0, 2}));
}

// Scan over axis 1 of x [2,3], backwards, output stacked on axis 1: a running sum from the right.
TEST(ControlFlow, ScanWithAxesAndDirections) {
    ModelBuilder m(17);
    m.input("init", TP::FLOAT, {2});
    m.input("x", TP::FLOAT, {2, 3});
    auto& n = m.node("Scan", {"init", "x"}, {"final", "partial"}, "scan");
    intAttr(n, "num_scan_inputs", 1);
    intsAttr(n, "scan_input_axes", {1});
    intsAttr(n, "scan_input_directions", {1});
    intsAttr(n, "scan_output_axes", {1});
    intsAttr(n, "scan_output_directions", {0});
    BodyBuilder b = body(n, "body", "scan_body");
    b.input("s", TP::FLOAT, {2});
    b.input("col", TP::FLOAT, {2});
    b.node("Add", {"s", "col"}, {"s2"});
    b.node("Identity", {"s2"}, {"p"});
    b.output("s2", TP::FLOAT, {2});
    b.output("p", TP::FLOAT, {2});
    m.output("final", TP::FLOAT, {2});
    m.output("partial", TP::FLOAT, {2, 3});
    TensorMap out = referenceRun(*import(m), {{"init", floats({2}, {0, 100})}, {"x", floats({2, 3}, {1, 2, 3, 4, 5, 6})}});
    expectTensorNear(out.at("final"), floats({2}, {6, 115}));
    // Steps visit columns 2, 1, 0: partial sums 3, 5, 6 and 106, 111, 115, in visiting order.
    expectTensorNear(out.at("partial"), floats({2, 3}, {3, 5, 6, 106, 111, 115}));
}

// A Loop whose body holds an If whose branch reads `k` from the main graph: the name is resolved
// through two scopes, and the Loop body gets an outer-scope input for it too.
ModelBuilder nestedModel() {
    ModelBuilder m(17);
    m.input("x", TP::FLOAT, {2});
    m.initializer("k", floats({2}, {10, 20}));
    m.initializer("M", Tensor::scalar<int64_t>(3));
    m.initializer("one64", Tensor::scalar<int64_t>(1));
    auto& loop = m.node("Loop", {"M", "", "x"}, {"out"}, "loop");
    BodyBuilder b = body(loop, "body", "loop_body");
    b.input("i", TP::INT64, {});
    b.input("c", TP::BOOL, {});
    b.input("v", TP::FLOAT, {2});
    b.node("Equal", {"i", "one64"}, {"is_one"});
    auto& iff = b.node("If", {"is_one"}, {"v2"});
    BodyBuilder then = body(iff, "then_branch", "then");
    then.node("Add", {"v", "k"}, {"tv"});
    then.output("tv", TP::FLOAT, {2});
    BodyBuilder otherwise = body(iff, "else_branch", "else");
    otherwise.node("Neg", {"v"}, {"ev"});
    otherwise.output("ev", TP::FLOAT, {2});
    b.node("Identity", {"c"}, {"c2"});
    b.output("c2", TP::BOOL, {});
    b.output("v2", TP::FLOAT, {2});
    m.output("out", TP::FLOAT, {2});
    return m;
}

TEST(ControlFlow, NestedBodiesResolveOuterNamesLexically) {
    auto g = import(nestedModel());
    Node* loop = g->nodes().back();
    ASSERT_EQ(loop->opType, "Loop");
    // M, cond, x, then the outer-scope values: one64 and k (k reached through the If).
    ASSERT_EQ(loop->inputs.size(), 5u);
    EXPECT_EQ(loop->inputs[4]->name, "k");
    // i=0: -x; i=1: +k; i=2: negate again.  x = (1, 2) → (-1,-2) → (9,18) → (-9,-18)
    expectTensorNear(referenceRun(*g, {{"x", floats({2}, {1, 2})}}).at("out"), floats({2}, {-9, -18}));
}

// Engines: the bodies are optimized and serialized with the layer; the deserialized engine runs.
TEST(ControlFlow, EngineRunsBodiesAndRoundTripsThem) {
    for (ModelBuilder m : {ifModel(), loopModel(true, true), nestedModel()}) {
        auto g = import(m);
        BuilderConfig config;
        config.optimizationLevel = 3;
        config.timingWarmup = 1;
        config.timingIterations = 1;
        auto engine = buildEngine(*g, config);
        const std::string bytes = engine->serialize();
        auto loaded = Engine::deserialize(bytes, "cf.engine");
        EXPECT_EQ(loaded->serialize(), bytes);
        bool hasBody = false;
        for (Node* n : loaded->graph().nodes()) hasBody = hasBody || !n->bodies().empty();
        EXPECT_TRUE(hasBody);
        TensorMap feeds;
        for (Value* v : g->runtimeInputs())
            feeds[v->name] = v->dtype == DataType::Bool ? Tensor::scalar<bool>(true) : randomTensor(v->shape.staticDims(), 3);
        TensorMap expected = referenceRun(*g, feeds);
        TensorMap got = loaded->createExecutionContext()->execute(feeds);
        for (const auto& [name, t] : expected) expectTensorNear(got.at(name), t);
    }
}

// Malformed bodies: one line naming the node (the checker is off, so Kiln's own checks answer).
TEST(ControlFlow, MalformedBodiesAreRefusedNamingTheNode) {
    {
        ModelBuilder m = ifModel();
        auto* n = m.graph().mutable_node(1);
        n->mutable_attribute()->RemoveLast();  // else_branch
        expectErrorContaining([&] { import(m, false); }, {"node 'if'", "no 'else_branch' body"});
    }
    {
        ModelBuilder m = loopModel(true, true);
        BodyBuilder::info(m.graph().mutable_node(0)->mutable_attribute(0)->mutable_g()->add_input(), "extra",
                          TP::FLOAT, {2});
        expectErrorContaining([&] { import(m, false); }, {"node 'loop'", "body 'body' has 4 inputs, expected 3"});
    }
    {
        ModelBuilder m = ifModel();
        m.graph().mutable_input(0)->mutable_type()->mutable_tensor_type()->set_elem_type(TP::FLOAT);
        expectErrorContaining([&] { import(m, false); }, {"node 'if'", "the condition 'cond' is fp32, not bool"});
    }
    {
        ModelBuilder m = ifModel();
        auto* then = m.graph().mutable_node(1)->mutable_attribute(0)->mutable_g();
        then->mutable_node(0)->set_input(0, "nowhere");
        expectErrorContaining([&] { import(m, false); }, {"node 'if'", "body 'then_branch'", "'nowhere'"});
    }
}

// A real exporter's control flow: torch.jit.script + the TorchScript exporter at opset 18
// (tests/data/control_flow/make_model.py): a Loop over the steps whose body reads the Linear's
// weights from the outer scope, then an If on the data. Two input sets, one per branch; the
// reference run and a level-3 engine match ONNX Runtime at 1e-5.
TEST(ControlFlow, TorchScriptExportMatchesOnnxRuntime) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(KILN_SOURCE_DIR) / "tests" / "data" / "control_flow" / "torchscript_if_loop";
    ImportResult imported = importOnnxFile((dir / "model.onnx").string());
    ASSERT_TRUE(imported.unsupported.empty());
    const Graph& model = *imported.graph;
    size_t controlFlow = 0;
    for (Node* n : model.nodes()) controlFlow += !n->bodies().empty();
    EXPECT_EQ(controlFlow, 2u) << model.dump();
    BuilderConfig config;
    config.optimizationLevel = 3;
    config.timingWarmup = 0;
    config.timingIterations = 1;
    config.profiles = {OptimizationProfile{{{"x", ShapeRange{{1, 2, 8}, {5, 2, 8}, {8, 2, 8}}}}}};
    auto engine = buildEngine(model, config);
    auto context = engine->createExecutionContext();
    for (int set = 0; set < 2; ++set) {
        const fs::path data = dir / ("test_data_set_" + std::to_string(set));
        TensorMap feeds{{"x", readTensorProtoFile((data / "input_0.pb").string()).tensor}};
        const Tensor expected = readTensorProtoFile((data / "output_0.pb").string()).tensor;
        expectTensorNear(referenceRun(model, feeds).at("y"), expected, 1e-5);
        expectTensorNear(context->execute(feeds).at("y"), expected, 1e-5);
    }
}

}  // namespace
}  // namespace kiln::test
