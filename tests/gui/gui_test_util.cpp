#include "gui_test_util.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <algorithm>
#include <fstream>
#include <onnx/onnx_pb.h>

#include "engine_core/onnx/tensor_io.h"

namespace kiln::studio::test {

namespace {

kiln::Value* activation(kiln::Graph& g, const std::string& name, kiln::Shape shape) {
    kiln::Value* v = g.addValue(name);
    v->dtype = kiln::DataType::Float32;
    v->shape = std::move(shape);
    return v;
}

kiln::Value* weight(kiln::Graph& g, const std::string& name, std::vector<int64_t> dims) {
    kiln::Tensor t(kiln::DataType::Float32, dims);
    for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = float(i % 7) - 3.0f;  // mean 0 over whole periods
    return g.addConstant(name, t);
}

}  // namespace

std::shared_ptr<kiln::Graph> makeSmallGraph() {
    auto g = std::make_shared<kiln::Graph>();
    g->name = "small";
    g->producerName = "kiln-test";
    g->irVersion = 8;
    g->opsetImports[""] = 17;
    kiln::Value* x = activation(*g, "x", kiln::Shape{kiln::Dim::symbolic("batch"), 3, 8, 8});
    g->markInput(x);
    kiln::Value* conv = activation(*g, "conv_out", kiln::Shape{kiln::Dim::symbolic("batch"), 4, 8, 8});
    kiln::Node* c = g->addNode("Conv", "/stem/conv/Conv", {x, weight(*g, "stem.conv.weight", {4, 3, 3, 3}),
                                                           weight(*g, "stem.conv.bias", {4})},
                               {conv});
    c->attributes["kernel_shape"] = std::vector<int64_t>{3, 3};
    c->attributes["pads"] = std::vector<int64_t>{1, 1, 1, 1};
    kiln::Value* relu = activation(*g, "relu_out", conv->shape);
    g->addNode("Relu", "/stem/relu/Relu", {conv}, {relu});
    kiln::Value* pool = activation(*g, "pool_out", kiln::Shape{kiln::Dim::symbolic("batch"), 4, 4, 4});
    kiln::Node* p = g->addNode("MaxPool", "/stem/pool/MaxPool", {relu}, {pool});
    p->attributes["kernel_shape"] = std::vector<int64_t>{2, 2};
    kiln::Value* flat = activation(*g, "flat_out", kiln::Shape{kiln::Dim::symbolic("batch"), 64});
    g->addNode("Flatten", "/head/Flatten", {pool}, {flat});
    kiln::Value* mm = activation(*g, "fc_mm", kiln::Shape{kiln::Dim::symbolic("batch"), 10});
    g->addNode("MatMul", "/head/fc/MatMul", {flat, weight(*g, "head.fc.weight", {64, 10})}, {mm});
    kiln::Value* add = activation(*g, "fc_out", mm->shape);
    g->addNode("Add", "/head/fc/Add", {mm, weight(*g, "head.fc.bias", {10})}, {add});
    kiln::Value* y = activation(*g, "y", mm->shape);
    g->addNode("FancyOp", "/head/odd/FancyOp", {add}, {y}, "com.example");
    g->markOutput(y);
    // A second consumer of relu_out: the tensor search must find both consumers.
    kiln::Value* aux = activation(*g, "aux", conv->shape);
    g->addNode("Sigmoid", "/side/Sigmoid", {relu}, {aux});
    g->markOutput(aux);
    return g;
}

std::vector<kiln::UnsupportedNode> smallGraphUnsupported() {
    kiln::UnsupportedNode u;
    u.nodeIndex = 6;
    u.nodeName = "/head/odd/FancyOp";
    u.opType = "FancyOp";
    u.domain = "com.example";
    u.reason = kiln::Message("no importer for op");
    return {u};
}

void writeTinyOnnx(const QString& path) {
    onnx::ModelProto model;
    model.set_ir_version(8);
    model.set_producer_name("kiln-gui-test");
    model.add_opset_import()->set_version(17);
    onnx::GraphProto* g = model.mutable_graph();
    g->set_name("tiny");
    auto addTensorInfo = [](onnx::ValueInfoProto* v, const std::string& name, std::vector<int64_t> dims) {
        v->set_name(name);
        auto* t = v->mutable_type()->mutable_tensor_type();
        t->set_elem_type(onnx::TensorProto::FLOAT);
        for (int64_t d : dims) t->mutable_shape()->add_dim()->set_dim_value(d);
    };
    addTensorInfo(g->add_input(), "image", {1, 3, 16, 16});
    addTensorInfo(g->add_output(), "features", {1, 8, 16, 16});
    auto addInit = [&](const std::string& name, std::vector<int64_t> dims) {
        onnx::TensorProto* t = g->add_initializer();
        t->set_name(name);
        t->set_data_type(onnx::TensorProto::FLOAT);
        int64_t n = 1;
        for (int64_t d : dims) {
            t->add_dims(d);
            n *= d;
        }
        for (int64_t i = 0; i < n; ++i) t->add_float_data(float(i % 11) * 0.1f - 0.5f);
    };
    addInit("conv.weight", {8, 3, 3, 3});
    addInit("conv.bias", {8});
    onnx::NodeProto* conv = g->add_node();
    conv->set_op_type("Conv");
    conv->set_name("/backbone/conv/Conv");
    conv->add_input("image");
    conv->add_input("conv.weight");
    conv->add_input("conv.bias");
    conv->add_output("conv_out");
    onnx::AttributeProto* pads = conv->add_attribute();
    pads->set_name("pads");
    pads->set_type(onnx::AttributeProto::INTS);
    for (int i = 0; i < 4; ++i) pads->add_ints(1);
    onnx::NodeProto* relu = g->add_node();
    relu->set_op_type("Relu");
    relu->set_name("/backbone/relu/Relu");
    relu->add_input("conv_out");
    relu->add_output("features");
    std::ofstream out(path.toStdString(), std::ios::binary);
    model.SerializeToOstream(&out);
}

void writeNoCpuKernelOnnx(const QString& path) {
    onnx::ModelProto model;
    model.set_ir_version(8);
    model.set_producer_name("kiln-gui-test");
    model.add_opset_import()->set_version(17);
    auto* custom = model.add_opset_import();
    custom->set_domain("com.example");
    custom->set_version(1);
    onnx::GraphProto* g = model.mutable_graph();
    g->set_name("no_cpu_kernel");
    auto info = [](onnx::ValueInfoProto* v, const std::string& name, int type, std::vector<int64_t> dims) {
        v->set_name(name);
        auto* t = v->mutable_type()->mutable_tensor_type();
        t->set_elem_type(type);
        for (int64_t d : dims) t->mutable_shape()->add_dim()->set_dim_value(d);
    };
    info(g->add_input(), "x", onnx::TensorProto::FLOAT, {1, 4});
    info(g->add_input(), "s", onnx::TensorProto::STRING, {2});
    info(g->add_output(), "z", onnx::TensorProto::FLOAT, {1, 4});
    info(g->add_output(), "sf", onnx::TensorProto::FLOAT, {2});
    auto node = [&](const std::string& op, const std::string& name, const std::string& in, const std::string& out) {
        onnx::NodeProto* n = g->add_node();
        n->set_op_type(op);
        n->set_name(name);
        n->add_input(in);
        n->add_output(out);
        return n;
    };
    node("Relu", "relu_0", "x", "y");
    node("FancyOp", "fancy_0", "y", "z")->set_domain("com.example");
    onnx::AttributeProto* to = node("Cast", "cast_str", "s", "sf")->add_attribute();
    to->set_name("to");
    to->set_type(onnx::AttributeProto::INT);
    to->set_i(onnx::TensorProto::FLOAT);
    std::ofstream out(path.toStdString(), std::ios::binary);
    model.SerializeToOstream(&out);
}

void writeBrokenFile(const QString& path) {
    QFile f(path);
    if (f.open(QIODevice::WriteOnly)) f.write("this is not an onnx model\n\x01\x02\x03");
}

void isolateSettings() {
    // Each test process gets its own settings store: a temporary folder (removed at exit) for
    // QSettings, and an application name per executable for whatever QStandardPaths places in
    // test mode. A shared store let one test's recent files leak into another under `ctest -j`.
    static QTemporaryDir* store = nullptr;
    if (store) return;
    const QString exe = QFileInfo(QCoreApplication::applicationFilePath()).completeBaseName();
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("KilnTest"));
    QCoreApplication::setApplicationName(exe.isEmpty() ? QStringLiteral("kiln_gui_test") : exe);
    static QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/kiln-settings-%1-XXXXXX").arg(QCoreApplication::applicationName()));
    store = &dir;
    for (QSettings::Format format : {QSettings::NativeFormat, QSettings::IniFormat})
        QSettings::setPath(format, QSettings::UserScope, dir.path());
}

namespace {
// Every GUI test executable links this file: isolate its settings as soon as the application
// object exists, before any test (or widget) reads QSettings — also in tests that never call
// isolateSettings() themselves.
void isolateSettingsAtStartup() { isolateSettings(); }
}  // namespace
Q_COREAPP_STARTUP_FUNCTION(isolateSettingsAtStartup)

QString makeTinyCnnCalibration(const QString& folder) {
    const kiln::NamedTensor input =
        kiln::readTensorProtoFile(KILN_SOURCE_DIR "/resources/samples/tiny_cnn/test_data_set_0/input_0.pb");
    kiln::Tensor half = input.tensor.clone();
    float* data = half.data<float>();
    for (int64_t i = 0; i < half.numel(); ++i) data[i] *= 0.5f;
    for (int k = 0; k < 2; ++k) {
        const QString set = QStringLiteral("%1/test_data_set_%2").arg(folder).arg(k);
        if (!QDir().mkpath(set)) return {};
        kiln::writeTensorProtoFile((set + "/input_0.pb").toStdString(), k == 0 ? input.tensor : half, input.name);
    }
    return folder;
}

QString latinWordLeft(const QString& text, QStringList names, const QStringList& terms, bool wholeNames) {
    std::sort(names.begin(), names.end(), [](const QString& a, const QString& b) { return a.size() > b.size(); });
    QString rest = text;
    for (const QString& n : names) {
        if (n.isEmpty()) continue;
        if (wholeNames)
            rest.replace(QRegularExpression(QStringLiteral("(?<![A-Za-z0-9_])%1(?![A-Za-z0-9_])").arg(QRegularExpression::escape(n))),
                         QStringLiteral(" "));
        else
            rest.replace(n, QStringLiteral(" "));
    }
    for (const QString& t : terms)
        rest.replace(QRegularExpression(QStringLiteral("(?<![A-Za-z_])%1(?![A-Za-z_])").arg(QRegularExpression::escape(t))), QStringLiteral(" "));
    return QRegularExpression(QStringLiteral("[A-Za-z]{2,}")).match(rest).captured(0);
}

bool hasChinese(const QString& text) { return QRegularExpression(QStringLiteral("[\\x{4e00}-\\x{9fff}]")).match(text).hasMatch(); }

}  // namespace kiln::studio::test
