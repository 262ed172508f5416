// A profile that fixes the dims a model leaves symbolic builds at those dims (BuildOptions::modelPath:
// the builder re-imports the file with ImportOptions::inputDims), so shape computations fold.
#include <filesystem>

#include "engine_core/onnx/importer.h"
#include "engine_core/onnx/tensor_io.h"
#include <onnx/onnx_pb.h>

#include <fstream>

#include "engine_core/onnx/proto_util.h"
#include "tests/unit/builder_test_util.h"

namespace kiln::test {
namespace {

namespace fs = std::filesystem;

// A few lines of ONNX protobuf (tests/unit/onnx_test_util.h's ModelBuilder can't share a file
// with builder_test_util.h: both define TempDir).
struct MiniModel {
    onnx::ModelProto model;
    MiniModel() {
        model.set_ir_version(8);
        auto* o = model.add_opset_import();
        o->set_domain("");
        o->set_version(17);
        model.mutable_graph()->set_name("g");
    }
    onnx::GraphProto& g() { return *model.mutable_graph(); }
    onnx::NodeProto& node(const std::string& op, std::vector<std::string> ins, std::vector<std::string> outs,
                          const std::string& name) {
        auto* n = g().add_node();
        n->set_op_type(op);
        n->set_name(name);
        for (const auto& i : ins) n->add_input(i);
        for (const auto& o : outs) n->add_output(o);
        return *n;
    }
    void initializer(const std::string& name, const Tensor& t) { onnx_detail::tensorToProto(t, name, g().add_initializer()); }
    void save(const std::string& path) {
        std::ofstream out(path, std::ios::binary);
        model.SerializeToOstream(&out);
    }
};

void setAxis(onnx::NodeProto& n, int64_t axis) {
    auto* a = n.add_attribute();
    a->set_name("axis");
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(axis);
}

const fs::path kSample = fs::path(KILN_SOURCE_DIR) / "resources" / "samples" / "tiny_transformer";

TensorMap sampleFeeds(const Graph& model) {
    TensorMap feeds;
    std::vector<Value*> inputs = model.runtimeInputs();
    for (size_t i = 0; i < inputs.size(); ++i)
        feeds[inputs[i]->name] =
            readTensorProtoFile((kSample / "test_data_set_0" / ("input_" + std::to_string(i) + ".pb")).string()).tensor;
    return feeds;
}

size_t countOps(const Engine& e, const std::string& op) {
    size_t n = 0;
    for (const EngineLayer& l : e.layers()) n += l.opType == op && l.domain.empty();
    return n;
}

TEST(BuilderFixedDims, AFixedProfileBuildsAtItsDimsAndFoldsTheShapeChains) {
    const std::string path = (kSample / "model.onnx").string();
    ImportResult imported = importOnnxFile(path);
    const Graph& model = *imported.graph;
    bool dynamic = false;
    for (const Value* v : model.runtimeInputs()) dynamic = dynamic || !v->shape.isStatic();
    ASSERT_TRUE(dynamic) << "the sample's inputs must have symbolic dims for this test";
    const TensorMap feeds = sampleFeeds(model);
    BuilderConfig config;
    config.optimizationLevel = 3;
    config.timingWarmup = 0;
    config.timingIterations = 1;
    config.compareFusions = false;  // layer counts are compared: no timing may revert a fusion in one build only
    pinProfileToFeeds(config, model, feeds);  // min = opt = max = the feeds' dims

    BuildReport asGiven, fixed;
    BuildOptions plain;
    plain.report = &asGiven;
    auto general = buildEngine(model, config, {}, plain);
    BuildOptions withPath;
    withPath.report = &fixed;
    withPath.modelPath = path;
    auto specialized = buildEngine(model, config, {}, withPath);

    EXPECT_TRUE(asGiven.fixedInputDims.empty());
    ASSERT_EQ(fixed.fixedInputDims.size(), feeds.size());
    for (const auto& [name, t] : feeds)
        EXPECT_EQ(fixed.fixedInputDims.at(name), std::vector<int64_t>(t.dims().begin(), t.dims().end())) << name;
    // The model computes its position ids and reshapes from Shape ops: built as given they remain
    // layers; at fixed dims they fold into constants.
    EXPECT_GT(countOps(*general, "Shape"), 0u) << general->summary();
    EXPECT_EQ(countOps(*specialized, "Shape"), 0u) << specialized->summary();
    EXPECT_LT(specialized->layers().size(), general->layers().size());

    const TensorMap expected = general->createExecutionContext()->execute(feeds);
    const TensorMap got = specialized->createExecutionContext()->execute(feeds);
    for (const auto& [name, t] : expected) expectTensorNear(got.at(name), t, 1e-5, 1e-5);
}

// x[N,4,6] -> Reshape to [N, 4, 6/2, 2] (the 3 computed by a Div, which ONNX's data propagation
// does not follow) -> Reshape to [-1, dim 3 of that] : the second shape comes from Shape of the
// first Reshape's output, static only once the first shape is known as a constant.
TEST(BuilderFixedDims, ShapeChainsBehindOpsOnnxDoesNotPropagateFoldToo) {
    MiniModel b;
    auto* x = b.g().add_input();
    x->set_name("x");
    auto* xt = x->mutable_type()->mutable_tensor_type();
    xt->set_elem_type(onnx::TensorProto::FLOAT);
    xt->mutable_shape()->add_dim()->set_dim_param("N");
    xt->mutable_shape()->add_dim()->set_dim_value(4);
    xt->mutable_shape()->add_dim()->set_dim_value(6);
    auto* y = b.g().add_output();
    y->set_name("y");
    y->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
    b.initializer("i0", Tensor::scalar<int64_t>(0));
    b.initializer("i2", Tensor::scalar<int64_t>(2));
    b.initializer("i3", Tensor::scalar<int64_t>(3));
    b.initializer("two", Tensor::scalar<int64_t>(2));
    b.initializer("ax0", Tensor::fromVector<int64_t>({1}, {0}));
    b.initializer("c4", Tensor::fromVector<int64_t>({1}, {4}));
    b.initializer("c2", Tensor::fromVector<int64_t>({1}, {2}));
    b.initializer("m1", Tensor::fromVector<int64_t>({1}, {-1}));
    b.node("Shape", {"x"}, {"s"}, "shape_x");
    b.node("Gather", {"s", "i0"}, {"n"}, "gather_n");
    b.node("Gather", {"s", "i2"}, {"w"}, "gather_w");
    b.node("Div", {"w", "two"}, {"half"}, "div_half");
    b.node("Unsqueeze", {"n", "ax0"}, {"n1"}, "unsq_n");
    b.node("Unsqueeze", {"half", "ax0"}, {"h1"}, "unsq_h");
    setAxis(b.node("Concat", {"n1", "c4", "h1", "c2"}, {"shp"}, "concat_shp"), 0);
    b.node("Reshape", {"x", "shp"}, {"r"}, "reshape_r");
    b.node("Relu", {"r"}, {"rr"}, "relu");
    b.node("Shape", {"rr"}, {"s2"}, "shape_r");
    b.node("Gather", {"s2", "i3"}, {"g2"}, "gather_g2");
    b.node("Unsqueeze", {"g2", "ax0"}, {"g21"}, "unsq_g2");
    setAxis(b.node("Concat", {"m1", "g21"}, {"shp2"}, "concat_shp2"), 0);
    b.node("Reshape", {"rr", "shp2"}, {"y"}, "reshape_y");
    const std::string path = (fs::temp_directory_path() / "kiln_fixed_dims_div.onnx").string();
    b.save(path);

    ImportResult imported = importOnnxFile(path);
    const TensorMap feeds{{"x", randomTensor({2, 4, 6}, 9)}};
    BuilderConfig config;
    config.optimizationLevel = 3;
    config.timingWarmup = 0;
    config.timingIterations = 1;
    pinProfileToFeeds(config, *imported.graph, feeds);
    BuildReport report;
    BuildOptions options;
    options.report = &report;
    options.modelPath = path;
    auto engine = buildEngine(*imported.graph, config, {}, options);
    EXPECT_EQ(countOps(*engine, "Shape"), 0u) << engine->summary();
    EXPECT_EQ(countOps(*engine, "Div"), 0u) << engine->summary();
    const Tensor before = feeds.at("x").clone();
    const TensorMap got = engine->createExecutionContext()->execute(feeds);
    {
        SCOPED_TRACE("x after the engine run");
        expectTensorNear(feeds.at("x"), before, 0, 0);  // the engine leaves its input alone
    }
    const TensorMap expected = Executor(*imported.graph).run(feeds);
    {
        SCOPED_TRACE("x after the reference run");
        expectTensorNear(feeds.at("x"), before, 0, 0);  // and so does the reference executor
    }
    expectTensorNear(got.at("y"), expected.at("y"), 0, 0);
    EXPECT_EQ(got.at("y").dims(), (std::vector<int64_t>{24, 2}));
    if (!std::getenv("KILN_KEEP_TEST_MODEL")) fs::remove(path);
}

// A chain of stages, each a Reshape whose dims come out of a Div of the previous stage's Shape
// (Swin-T's window partition pads and reshapes by dims computed this way, one block after
// another): ONNX's inference stops at every Div, so each round of folding and importing again
// unlocks one stage. Twelve stages need more rounds than the six the builder used to allow
// (Swin-T kept 1356 shape layers then: 1741 layers, 385 now).
TEST(BuilderFixedDims, LongChainsOfShapeStagesFoldCompletely) {
    constexpr int kStages = 12;
    MiniModel b;
    auto* x = b.g().add_input();
    x->set_name("x");
    auto* xt = x->mutable_type()->mutable_tensor_type();
    xt->set_elem_type(onnx::TensorProto::FLOAT);
    xt->mutable_shape()->add_dim()->set_dim_value(2);
    xt->mutable_shape()->add_dim()->set_dim_value(12);
    auto* y = b.g().add_output();
    y->set_name("y");
    y->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
    b.initializer("ones", Tensor::fromVector<int64_t>({2}, {1, 1}));
    std::string prev = "x";
    for (int i = 0; i < kStages; ++i) {
        const std::string k = std::to_string(i);
        // stage i: y_i = Relu(Reshape(y_{i-1}, Shape(y_{i-1}) / [1, 1])): the same dims, via a Div
        b.node("Shape", {prev}, {"s" + k}, "shape_" + k);
        b.node("Div", {"s" + k, "ones"}, {"d" + k}, "div_" + k);
        b.node("Reshape", {prev, "d" + k}, {"r" + k}, "reshape_" + k);
        const std::string out = i + 1 == kStages ? "y" : "y" + k;
        b.node("Relu", {"r" + k}, {out}, "relu_" + k);
        prev = out;
    }
    const std::string path = (fs::temp_directory_path() / "kiln_fixed_dims_chain.onnx").string();
    b.save(path);

    ImportResult imported = importOnnxFile(path);
    BuilderConfig config;
    config.optimizationLevel = 3;
    config.timingWarmup = 0;
    config.timingIterations = 1;
    config.compareFusions = false;
    BuildOptions options;
    options.modelPath = path;
    auto engine = buildEngine(*imported.graph, config, {}, options);
    EXPECT_EQ(countOps(*engine, "Shape"), 0u) << engine->summary();
    EXPECT_EQ(countOps(*engine, "Div"), 0u) << engine->summary();
    const TensorMap feeds{{"x", randomTensor({2, 12}, 5)}};
    const TensorMap got = engine->createExecutionContext()->execute(feeds);
    const TensorMap expected = Executor(*imported.graph).run(feeds);
    expectTensorNear(got.at("y"), expected.at("y"), 0, 0);
}

// execute()'s outputs outlive the context: an output that a view kernel made of a planned tensor
// (the Reshape of a layer's output, in the arena) is copied out, not handed over as a view of
// memory the context frees (it read zeros and garbage once the context was gone).
TEST(BuilderFixedDims, ExecuteOutputsThatAreViewsOutliveTheContext) {
    Graph g;
    g.opsetImports[""] = 17;
    Value* x = g.addValue("x");
    x->dtype = DataType::Float32;
    x->shape = Shape(std::vector<int64_t>{2, 4, 6});
    g.markInput(x);
    Value* r = g.addValue("r");
    g.addNode("Relu", "relu", {x}, {r});
    Value* y = g.addValue("y");
    g.addNode("Reshape", "reshape", {r, g.addConstant("shape", Tensor::fromVector<int64_t>({2}, {24, 2}))}, {y});
    g.markOutput(y);
    BuilderConfig config;
    config.optimizationLevel = 0;
    config.timingWarmup = 0;
    config.timingIterations = 1;
    auto engine = buildEngine(g, config);
    const TensorMap feeds{{"x", randomTensor({2, 4, 6}, 9)}};
    const TensorMap expected = Executor(g).run(feeds);
    const TensorMap got = engine->createExecutionContext()->execute(feeds);  // the context is gone
    std::vector<std::unique_ptr<ExecutionContext>> others;  // new arenas where the old one was
    for (int i = 0; i < 4; ++i) others.push_back(engine->createExecutionContext());
    for (auto& c : others) c->execute({{"x", randomTensor({2, 4, 6}, 10)}});
    expectTensorNear(got.at("y"), expected.at("y"), 0, 0);
}

TEST(BuilderFixedDims, AnotherModelFileIsRefused) {
    ImportResult imported = importOnnxFile((kSample / "model.onnx").string());
    const TensorMap feeds = sampleFeeds(*imported.graph);
    BuilderConfig config;
    pinProfileToFeeds(config, *imported.graph, feeds);
    BuildOptions options;
    options.modelPath = (fs::path(KILN_SOURCE_DIR) / "resources" / "samples" / "tiny_cnn" / "model.onnx").string();
    try {
        buildEngine(*imported.graph, config, {}, options);
        FAIL() << "built from another model's file";
    } catch (const Error& e) {
        // It names the file (here: it lacks the inputs the profile fixes).
        EXPECT_NE(std::string(e.what()).find("tiny_cnn/model.onnx"), std::string::npos) << e.what();
    }
}

// The builder's shape rounds import the file without its weights: a float initializer of more
// than 64 elements becomes an input of its type and dims (nothing of it copied), smaller ones and
// integer ones stay constants, and the shapes behind the weight (Shape of a MatMul's product)
// are those of the whole model. The whole import then holds the weight's values; a second is refused.
TEST(ImportFixedDims, TheModelFileImportsWithoutItsWeightsThenWhole) {
    MiniModel b;
    auto* x = b.g().add_input();
    x->set_name("x");
    auto* xt = x->mutable_type()->mutable_tensor_type();
    xt->set_elem_type(onnx::TensorProto::FLOAT);
    xt->mutable_shape()->add_dim()->set_dim_param("N");
    xt->mutable_shape()->add_dim()->set_dim_value(4);
    auto* y = b.g().add_output();
    y->set_name("y");
    y->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
    const Tensor w = randomTensor({4, 100}, 3);
    b.initializer("w", w);
    b.initializer("bias", Tensor::fromVector<float>({2}, {0.5f, -1.f}));
    b.initializer("ax0", Tensor::fromVector<int64_t>({1}, {0}));
    b.initializer("m1", Tensor::fromVector<int64_t>({1}, {-1}));
    b.initializer("i1", Tensor::scalar<int64_t>(1));
    b.node("MatMul", {"x", "w"}, {"p"}, "matmul");
    b.node("Shape", {"p"}, {"s"}, "shape_p");
    b.node("Gather", {"s", "i1"}, {"n"}, "gather_n");
    b.node("Unsqueeze", {"n", "ax0"}, {"n1"}, "unsq_n");
    setAxis(b.node("Concat", {"m1", "n1"}, {"shp"}, "concat_shp"), 0);
    b.node("Reshape", {"p", "shp"}, {"r"}, "reshape_r");
    b.node("Add", {"r", "bias"}, {"y"}, "add_bias");
    // The bias [2] does not broadcast over 100 columns: only its shape matters here, not a run.
    const std::string path = (fs::temp_directory_path() / "kiln_model_file_light.onnx").string();
    b.save(path);

    OnnxModelFile file(path);
    ImportOptions options;
    options.inputDims["x"] = {3, 4};
    ImportResult light = file.importWithoutWeights(options);
    ASSERT_TRUE(light.graph);
    const Value* lw = light.graph->findValue("w");
    ASSERT_NE(lw, nullptr);
    EXPECT_FALSE(lw->isConstant());
    EXPECT_EQ(lw->dtype, DataType::Float32);
    EXPECT_EQ(lw->shape.staticDims(), (std::vector<int64_t>{4, 100}));
    bool isInput = false;
    for (const Value* v : light.graph->inputs()) isInput = isInput || v == lw;
    EXPECT_TRUE(isInput);
    ASSERT_NE(light.graph->findValue("bias"), nullptr);
    EXPECT_TRUE(light.graph->findValue("bias")->isConstant());
    const Value* lp = light.graph->findValue("p");
    ASSERT_NE(lp, nullptr);
    EXPECT_EQ(lp->shape.staticDims(), (std::vector<int64_t>{3, 100}));
    // The light import can be repeated; the whole one holds the weight.
    EXPECT_TRUE(file.importWithoutWeights(options).graph);
    ImportResult whole = file.importWhole(options);
    ASSERT_TRUE(whole.graph);
    const Value* ww = whole.graph->findValue("w");
    ASSERT_NE(ww, nullptr);
    ASSERT_TRUE(ww->isConstant());
    expectTensorNear(*ww->constant, w, 0, 0);
    EXPECT_EQ(whole.graph->inputs().size(), 1u);
    EXPECT_THROW(file.importWhole(options), Error);
    fs::remove(path);
    try {
        OnnxModelFile missing(path);
        FAIL() << "a missing file was read";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("kiln_model_file_light.onnx"), std::string::npos) << e.what();
    }
}

TEST(ImportFixedDims, UnknownInputsAndWrongRanksNameTheInput) {
    const std::string path = (kSample / "model.onnx").string();
    ImportOptions options;
    options.inputDims["no_such_input"] = {1, 2};
    try {
        importOnnxFile(path, options);
        FAIL() << "an unknown input was accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("no graph input 'no_such_input'"), std::string::npos) << e.what();
    }
    ImportResult imported = importOnnxFile(path);
    const std::string input = imported.graph->runtimeInputs().at(0)->name;
    options.inputDims.clear();
    options.inputDims[input] = {1, 2, 3, 4, 5, 6};
    try {
        importOnnxFile(path, options);
        FAIL() << "a wrong rank was accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("'" + input + "' has rank"), std::string::npos) << e.what();
    }
}

// A model with static inputs whose attention mask ONNX shape inference leaves without dims (HF GPT-2
// through the TorchScript exporter: Where(Expand(mask, a shape computed from constants))): with the
// file's path the builder folds the shape computation, imports again, and the attention fuses.
TEST(BuilderFixedDims, StaticInputsWithUnknownIntermediateDimsAreImportedAgain) {
    const fs::path dir = fs::path(KILN_SOURCE_DIR) / "tests" / "data" / "zoo_small" / "gpt2";
    const std::string path = (dir / "model.onnx").string();
    ImportResult imported = importOnnxFile(path);
    const Graph& model = *imported.graph;
    for (const Value* v : model.runtimeInputs()) ASSERT_TRUE(v->shape.isStatic()) << v->name;
    TensorMap feeds;
    std::vector<Value*> inputs = model.runtimeInputs();
    for (size_t i = 0; i < inputs.size(); ++i)
        feeds[inputs[i]->name] =
            readTensorProtoFile((dir / "test_data_set_0" / ("input_" + std::to_string(i) + ".pb")).string()).tensor;
    BuilderConfig config;
    config.optimizationLevel = 3;
    config.timingWarmup = 0;
    config.timingIterations = 1;
    config.compareFusions = false;  // Attention layers are counted: one timing on a loaded machine could revert them
    auto attentions = [](const Engine& e) {
        size_t n = 0;
        for (const EngineLayer& l : e.layers()) n += l.opType == "Attention";
        return n;
    };
    auto asGiven = buildEngine(model, config);
    BuildOptions withPath;
    withPath.modelPath = path;
    auto reimported = buildEngine(model, config, {}, withPath);
    EXPECT_EQ(attentions(*asGiven), 0u) << "the mask's dims are unknown as imported";
    EXPECT_EQ(attentions(*reimported), 2u) << reimported->summary();
    EXPECT_LT(reimported->layers().size(), asGiven->layers().size());
    const TensorMap want = asGiven->createExecutionContext()->execute(feeds);
    const TensorMap got = reimported->createExecutionContext()->execute(feeds);
    for (const auto& [name, t] : want) expectTensorNear(got.at(name), t, 1e-4, 1e-4);
}

}  // namespace
}  // namespace kiln::test
