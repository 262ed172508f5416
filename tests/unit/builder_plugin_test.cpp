// Plugins: the registry, loading libraries (and the clear errors), and the sample plugin end to
// end: an ONNX model using kiln.sample::ScaledTanh → import → build → save → load (with and
// without the plugin) → run.
#include <onnx/onnx_pb.h>

#include <cmath>
#include <fstream>

#include "engine_core/onnx/importer.h"
#include "tests/unit/builder_test_util.h"

namespace kiln::test {
namespace {

class FakePlugin : public Plugin {
public:
    explicit FakePlugin(std::string version) : version_(std::move(version)) {}
    std::string opType() const override { return "Fake"; }
    std::string domain() const override { return "test"; }
    std::string version() const override { return version_; }
    std::vector<DataType> supportedTypes() const override { return {DataType::Float32}; }
    std::vector<TensorDesc> inferOutputs(const Node&, const std::vector<TensorDesc>& in) const override { return in; }
    void runCpu(KernelContext& ctx) const override { ctx.setOutput(0, ctx.input(0)); }

private:
    std::string version_;
};

TEST(BuilderPlugin, RegistryKeysByDomainAndOp) {
    PluginRegistry r;
    r.add(std::make_shared<FakePlugin>("1"));
    r.add(std::make_shared<FakePlugin>("1"));  // same version again: harmless
    ASSERT_EQ(r.list().size(), 1u);
    EXPECT_EQ(r.list()[0].name, "test::Fake");
    EXPECT_TRUE(r.find("test", "Fake"));
    EXPECT_FALSE(r.find("", "Fake"));
    expectErrorContaining([&] { r.add(std::make_shared<FakePlugin>("2")); }, {"test::Fake", "version 2", "version 1"});
}

TEST(BuilderPlugin, LoadingErrorsNameTheLibrary) {
    PluginRegistry r;
    expectErrorContaining([&] { loadPluginLibrary("/nonexistent/libfoo.so", r); }, {"/nonexistent/libfoo.so", "no such file"});
    TempDir dir("kiln_plugin");
    std::ofstream(dir.file("libtext.so")) << "not an ELF file";
    expectErrorContaining([&] { loadPluginLibrary(dir.file("libtext.so"), r); }, {"libtext.so", "cannot load"});
#ifdef KILN_BAD_ABI_PLUGIN_PATH
    expectErrorContaining([&] { loadPluginLibrary(KILN_BAD_ABI_PLUGIN_PATH, r); },
                          {"libkiln_test_bad_abi_plugin.so", concat("plugin ABI ", kPluginAbiVersion + 1000), concat("this Kiln has plugin ABI ", kPluginAbiVersion)});
#endif
#ifdef KILN_SAMPLE_PLUGIN_PATH
    // A real shared library that is not a Kiln plugin: the symbol is missing. The bad-ABI one has
    // the symbols, so use the C library the test links anyway.
    expectErrorContaining([&] { loadPluginLibrary("/lib/x86_64-linux-gnu/libm.so.6", r); },
                          {"libm.so.6", "missing symbol kiln_plugin_abi_version"});
#endif
    EXPECT_TRUE(r.list().empty());
}

// x[2,5] → ScaledTanh(alpha=2, beta=0.5) (node "st", domain kiln.sample) → Relu ("relu") → y
std::string scaledTanhModel() {
    onnx::ModelProto model;
    model.set_ir_version(8);
    model.set_producer_name("kiln-test");
    auto* opset = model.add_opset_import();
    opset->set_domain("");
    opset->set_version(17);
    opset = model.add_opset_import();
    opset->set_domain("kiln.sample");
    opset->set_version(1);
    auto* g = model.mutable_graph();
    g->set_name("plugin_model");
    auto addIo = [](onnx::ValueInfoProto* v, const std::string& name) {
        v->set_name(name);
        auto* tt = v->mutable_type()->mutable_tensor_type();
        tt->set_elem_type(onnx::TensorProto::FLOAT);
        tt->mutable_shape()->add_dim()->set_dim_value(2);
        tt->mutable_shape()->add_dim()->set_dim_value(5);
    };
    addIo(g->add_input(), "x");
    addIo(g->add_output(), "y");
    auto* st = g->add_node();
    st->set_name("st");
    st->set_op_type("ScaledTanh");
    st->set_domain("kiln.sample");
    st->add_input("x");
    st->add_output("t");
    auto* a = st->add_attribute();
    a->set_name("alpha");
    a->set_type(onnx::AttributeProto::FLOAT);
    a->set_f(2.f);
    a = st->add_attribute();
    a->set_name("beta");
    a->set_type(onnx::AttributeProto::FLOAT);
    a->set_f(0.5f);
    auto* relu = g->add_node();
    relu->set_name("relu");
    relu->set_op_type("Relu");
    relu->add_input("t");
    relu->add_output("y");
    return model.SerializeAsString();
}

TEST(BuilderPlugin, SamplePluginEndToEnd) {
#ifndef KILN_SAMPLE_PLUGIN_PATH
    GTEST_SKIP() << "the sample plugin was not built";
#else
    ImportOptions io;
    io.allowUnsupported = true;  // the plugin op is opaque to the importer
    ImportResult imported = importOnnxBytes(scaledTanhModel(), "", "plugin_model.onnx", io);
    ASSERT_EQ(imported.unsupported.size(), 1u);
    EXPECT_EQ(imported.unsupported[0].nodeName, "st");
    const Graph& model = *imported.graph;

    BuilderConfig config;
    config.optimizationLevel = 3;

    // Without the plugin, the node is an error naming the ONNX node and its op.
    PluginRegistry empty;
    expectErrorContaining([&] { buildEngine(model, config, {}, {&empty, nullptr}); },
                          {"ONNX node 'st'", "kiln.sample::ScaledTanh", "no plugin"});

    PluginRegistry plugins;
    config.pluginLibraries = {KILN_SAMPLE_PLUGIN_PATH};
    auto engine = buildEngine(model, config, {}, {&plugins, nullptr});
    ASSERT_EQ(plugins.list().size(), 1u);
    EXPECT_EQ(plugins.list()[0].library, KILN_SAMPLE_PLUGIN_PATH);
    ASSERT_EQ(engine->requiredPlugins().size(), 1u);
    EXPECT_EQ(engine->requiredPlugins()[0], (RequiredPlugin{"kiln.sample::ScaledTanh", "1"}));
    const EngineLayer* layer = engine->findLayer("st");
    ASSERT_TRUE(layer);
    EXPECT_EQ(layer->kind, LayerKind::Plugin);
    EXPECT_EQ(layer->pluginVersion, "1");
    EXPECT_EQ(layer->origin, std::vector<std::string>{"st"});

    TempDir dir("kiln_plugin");
    engine->save(dir.file("plugin.engine"));
    EngineLoadOptions withPlugin{&plugins};
    auto loaded = Engine::load(dir.file("plugin.engine"), withPlugin);
    Tensor x = randomTensor({2, 5}, 77, -3.f, 3.f);
    TensorMap out = loaded->createExecutionContext()->execute({{"x", x}});
    const Tensor& y = out.at("y");
    ASSERT_EQ(y.dims(), (std::vector<int64_t>{2, 5}));
    for (int64_t i = 0; i < 10; ++i) {
        float want = std::max(0.f, 2.f * std::tanh(0.5f * x.data<float>()[i]));
        EXPECT_NEAR(y.data<float>()[i], want, 1e-6f) << "at " << i;
    }
    EXPECT_EQ(loaded->serialize(), engine->serialize());

    // Loading without the plugin registered is one clear error naming plugin and version.
    EngineLoadOptions withoutPlugin{&empty};
    expectErrorContaining([&] { Engine::load(dir.file("plugin.engine"), withoutPlugin); },
                          {"plugin.engine", "needs plugin kiln.sample::ScaledTanh version 1", "not registered"});
    // Another version registered: also refused, naming both versions.
    PluginRegistry other;
    struct V2 : FakePlugin {
        V2() : FakePlugin("2") {}
        std::string opType() const override { return "ScaledTanh"; }
        std::string domain() const override { return "kiln.sample"; }
    };
    other.add(std::make_shared<V2>());
    EngineLoadOptions withOther{&other};
    expectErrorContaining([&] { Engine::load(dir.file("plugin.engine"), withOther); },
                          {"version 1", "version 2 is registered"});
#endif
}

}  // namespace
}  // namespace kiln::test
