// Engines that mix backends, as Kiln Studio shows them: built on the "emulated" test backend
// (tests/unit/emulated_backend.h: its own memory, NHWC convolutions, no Softmax), so the engine has
// a CPU fallback, copy layers and reformat layers. Under zh_CN every note, build warning and error,
// supportsOp reason and backend availability reason is Chinese (names of layers, tensors, ops and
// devices aside); the profiler shows a Backend column only for a mixed engine, with the note as a
// tooltip; the layer info lists the backend, the format and the note; the fusion view lists the
// engine's layers, copies and reformats marked as inserted by the builder. In English the notes are
// the library's own text.
#include <QComboBox>
#include <QHeaderView>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QTreeWidget>
#include <QtTest>
#include <algorithm>

#include "engine_core/builder/builder.h"
#include "engine_core/runtime/backend.h"
#include "gui_test_util.h"
#include "tests/unit/emulated_backend.h"
#include "widgets/build_controller.h"
#include "widgets/build_panel.h"
#include "widgets/build_settings_model.h"
#include "widgets/engine_layer_model.h"
#include "widgets/fusion_view.h"
#include "widgets/graph_model.h"
#include "widgets/language.h"
#include "widgets/layer_precision_model.h"
#include "widgets/library_text.h"
#include "widgets/profile_model.h"
#include "widgets/profiler_view.h"
#include "widgets/properties_panel.h"
#include "widgets/workbench.h"

using namespace kiln::studio;

namespace {

// Technical terms a Chinese UI keeps in Latin letters: backend and device names, op types, layouts.
const QStringList kTerms = {"ONNX", "CPU", "cpu", "CUDA", "cuda", "EMULATED", "emulated", "NHWC", "ABI", "Kiln",
                              "kiln", "fp16", "fp32", "float32", "int32", "string", "Conv", "Relu", "Softmax",
                              "Add", "Cast", "Copy", "Reformat", "kiln_register_backends"};

// Fails (with the text) when `text` has no Chinese, or has a Latin word that is not one of `names`
// (layer, tensor and node names) nor a technical term.
void expectChinese(const QString& text, const QStringList& names) {
    if (qEnvironmentVariableIsSet("KILN_SHOW_TEXT")) qInfo().noquote() << text;
    QVERIFY2(test::hasChinese(text), qPrintable(text));
    const QString word = test::latinWordLeft(text, names, kTerms, /*wholeNames=*/true);
    QVERIFY2(word.isEmpty(), qPrintable(QStringLiteral("English word '%1' in: %2").arg(word, text)));
}

kiln::Value* tensorValue(kiln::Graph& g, const std::string& name, std::vector<int64_t> dims) {
    kiln::Value* v = g.addValue(name);
    v->dtype = kiln::DataType::Float32;
    v->shape = kiln::Shape(std::move(dims));
    return v;
}

kiln::Tensor filled(std::vector<int64_t> dims, float step) {
    kiln::Tensor t(kiln::DataType::Float32, std::move(dims));
    for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = step * float(i % 7 - 3);
    return t;
}

constexpr int kSoftmaxes = 12;  // more than the 10 fallbacks the builder names one by one

// x[1,3,8,8] -> conv -> c -> relu -> r -> softmax_0 .. softmax_11 (axis 1) -> y. The emulated
// backend runs conv (in NHWC: reformat layers around it) and relu; every softmax falls back to the
// CPU (copy layers between). softmax_0 came from a differently named ONNX node.
std::shared_ptr<kiln::Graph> convReluSoftmaxes() {
    auto g = std::make_shared<kiln::Graph>();
    g->opsetImports[""] = 21;
    kiln::Value* x = tensorValue(*g, "x", {1, 3, 8, 8});
    g->markInput(x);
    kiln::Value* w = g->addConstant("w", filled({4, 3, 3, 3}, 0.05f));
    kiln::Value* b = g->addConstant("b", filled({4}, 0.1f));
    kiln::Value* c = tensorValue(*g, "c", {1, 4, 8, 8});
    kiln::Value* r = tensorValue(*g, "r", {1, 4, 8, 8});
    g->addNode("Conv", "conv", {x, w, b}, {c})->attributes["pads"] = std::vector<int64_t>{1, 1, 1, 1};
    g->addNode("Relu", "relu", {c}, {r});
    kiln::Value* in = r;
    for (int i = 0; i < kSoftmaxes; ++i) {
        kiln::Value* out = tensorValue(*g, i + 1 == kSoftmaxes ? "y" : "s" + std::to_string(i), {1, 4, 8, 8});
        g->addNode("Softmax", "softmax_" + std::to_string(i), {in}, {out})->attributes["axis"] = int64_t(1);
        in = out;
    }
    g->markOutput(in);
    for (kiln::Node* n : g->nodes()) n->origin = {n->name == "softmax_0" ? std::string("/head/Softmax") : n->name};
    return g;
}

kiln::BuilderConfig emulatedConfig() {
    kiln::BuilderConfig c;
    c.backend = "emulated";
    c.optimizationLevel = 0;
    c.timingWarmup = 0;
    c.timingIterations = 1;
    return c;
}

// The value of a property row `key` under the top-level section `section`, "" if absent.
QString propertyRow(QTreeWidget* tree, const QString& section, const QString& key) {
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem* s = tree->topLevelItem(i);
        if (s->text(0) != section) continue;
        for (int j = 0; j < s->childCount(); ++j)
            if (s->child(j)->text(0) == key) return s->child(j)->text(1);
    }
    return {};
}

}  // namespace

class BackendTextTest : public QObject {
    Q_OBJECT
private:
    LanguageManager language_;
    std::shared_ptr<kiln::Graph> graph_;
    std::shared_ptr<const kiln::Engine> engine_;
    QStringList buildLog_;
    QStringList names_;  // the engine's layer, tensor and ONNX node names

    const kiln::EngineLayer* layerWhere(const std::function<bool(const kiln::EngineLayer&)>& pred) const {
        for (const kiln::EngineLayer& l : engine_->layers())
            if (pred(l)) return &l;
        return nullptr;
    }

private slots:
    void initTestCase() {
        test::isolateSettings();
        kiln::test::registerEmulatedBackend();
        QVERIFY(language_.apply(QStringLiteral("zh_CN")));
        graph_ = convReluSoftmaxes();
        BuildController controller;
        connect(&controller, &BuildController::logLine, this, [this](const QString& line) { buildLog_ << line; });
        QSignalSpy finished(&controller, &BuildController::finished);
        QSignalSpy failed(&controller, &BuildController::failed);
        controller.start(graph_, emulatedConfig());
        QVERIFY2(finished.wait(120000), qPrintable(failed.isEmpty() ? QString() : failed.at(0).at(0).toString()));
        engine_ = controller.engine();
        QVERIFY(engine_);
        for (const kiln::EngineLayer& l : engine_->layers()) {
            names_ << QString::fromStdString(l.name);
            for (const std::string& o : l.origin) names_ << QString::fromStdString(o);
            for (const auto* list : {&l.inputs, &l.outputs})
                for (const std::string& t : *list) names_ << QString::fromStdString(t);
        }
        for (const kiln::Node* n : graph_->nodes()) names_ << QString::fromStdString(n->name);
        names_ << QStringLiteral("emulated:0");
    }

    // The engine has what the views must show: a fallback, copies, reformats, an NHWC layer.
    void engineMixesBackends() {
        QVERIFY(layerWhere([](const kiln::EngineLayer& l) { return l.kind == kiln::LayerKind::Copy; }));
        QVERIFY(layerWhere([](const kiln::EngineLayer& l) { return l.opType == "Reformat"; }));
        QVERIFY(layerWhere([](const kiln::EngineLayer& l) { return l.format == kiln::TensorFormat::NHWC; }));
        QVERIFY(layerWhere([](const kiln::EngineLayer& l) { return l.backend == "cpu" && l.opType == "Softmax"; }));
        QVERIFY(layerWhere([](const kiln::EngineLayer& l) { return l.backend == "emulated"; }));
    }

    // Every layer's note (fallback, copy, reformat) in Chinese, by the pattern table.
    void notesAreChinese() {
        int notes = 0;
        for (const kiln::EngineLayer& l : engine_->layers()) {
            if (l.note.empty()) continue;
            ++notes;
            QVERIFY2(LibraryText::knows(QString::fromStdString(l.note)), l.note.c_str());
            expectChinese(LibraryText::message(l.note), names_);
        }
        QVERIFY(notes >= kSoftmaxes + 3);
        const kiln::EngineLayer* softmax = layerWhere([](const kiln::EngineLayer& l) { return l.name == "softmax_3"; });
        QVERIFY(softmax);
        QCOMPARE(LibraryText::message(softmax->note), QStringLiteral("回退到 CPU：算子 Softmax 没有 EMULATED 内核"));
        const kiln::EngineLayer* copy = layerWhere([](const kiln::EngineLayer& l) { return l.kind == kiln::LayerKind::Copy; });
        QVERIFY(LibraryText::message(copy->note).contains(QStringLiteral("复制到")));
        const kiln::EngineLayer* reformat = layerWhere([](const kiln::EngineLayer& l) { return l.opType == "Reformat"; });
        QVERIFY2(LibraryText::message(reformat->note).contains(QStringLiteral("转换格式")), reformat->note.c_str());
    }

    // The build log's warnings: ten fallbacks by name (one with its ONNX node), then the rest counted.
    void buildWarningsAreChinese() {
        QVERIFY(buildLog_.size() > 5);
        int fallbacks = 0;
        bool counted = false, withOrigin = false;
        for (const QString& line : buildLog_) {
            expectChinese(line, names_);
            fallbacks += line.contains(QStringLiteral("回退到 CPU"));
            counted = counted || line.contains(QStringLiteral("另有 2 层回退到 CPU"));
            withOrigin = withOrigin || line.contains(QStringLiteral("（来自 ONNX 节点 '/head/Softmax'）"));
        }
        QCOMPARE(fallbacks, 11);
        QVERIFY2(counted && withOrigin, qPrintable(buildLog_.join('\n')));
    }

    // "N node(s) cannot run on the emulated backend:" and each node's reason, every line Chinese.
    void unsupportedNodesErrorIsChinese() {
        auto g = std::make_shared<kiln::Graph>();
        g->opsetImports[""] = 21;
        kiln::Value* x = tensorValue(*g, "x", {1, 4});
        g->markInput(x);
        kiln::Value* a = tensorValue(*g, "a", {1, 4});
        kiln::Value* y = tensorValue(*g, "y", {1, 4});
        g->addNode("NoSuchOp", "odd", {x}, {a})->origin = {"/odd/NoSuchOp"};
        g->addNode("FancyOp", "fancy", {a}, {y}, "com.example")->origin = {"fancy"};
        g->markOutput(y);
        BuildController controller;
        QSignalSpy failed(&controller, &BuildController::failed);
        controller.start(g, emulatedConfig());
        QVERIFY(failed.wait(60000));
        const QString message = failed.at(0).at(0).toString();
        QVERIFY2(message.contains(QStringLiteral("2 个节点无法在 emulated 后端上运行")), qPrintable(message));
        QVERIFY2(message.count('\n') == 2, qPrintable(message));
        const QStringList names{"odd", "/odd/NoSuchOp", "NoSuchOp", "fancy", "com.example::FancyOp", "com.example"};
        for (const QString& line : message.split('\n')) expectChinese(line, names);
        // The same sentence with more than ten nodes ends in "..." (kept as it is).
        const QString many = LibraryText::message(QStringLiteral(
            "12 node(s) cannot run on the cuda backend:\n  ONNX node 'a' (Foo): no CUDA kernel for op Foo\n  ..."));
        QCOMPARE(many, QStringLiteral("12 个节点无法在 cuda 后端上运行：\n  ONNX 节点“a”（Foo）：算子 Foo 没有 CUDA 内核\n  ..."));
    }

    // Backend::supportsOp's reasons, made by the backends, and the forms no small graph provokes.
    void supportsOpReasonsAreChinese() {
        kiln::Graph g;
        kiln::Value* f = tensorValue(g, "f", {1, 4, 2, 2});
        kiln::Value* s = g.addValue("s");
        s->dtype = kiln::DataType::String;
        s->shape = kiln::Shape(std::vector<int64_t>{4});
        kiln::Value* o = tensorValue(g, "o", {1, 4, 2, 2});
        const kiln::Node* softmax = g.addNode("Softmax", "sm", {f}, {o});
        const kiln::Node* cast = g.addNode("Cast", "cast", {s}, {tensorValue(g, "cf", {4})});
        auto cpu = kiln::BackendRegistry::global().get("cpu");
        auto emulated = kiln::BackendRegistry::global().get("emulated");
        std::vector<std::string> reasons;
        std::string why;
        QVERIFY(!emulated->supportsOp(*softmax, kiln::Precision::FP32, kiln::TensorFormat::Linear, &why));
        reasons.push_back(why);
        QVERIFY(!cpu->supportsOp(*softmax, kiln::Precision::FP32, kiln::TensorFormat::NHWC, &why));
        reasons.push_back(why);
        QVERIFY(!cpu->supportsOp(*cast, kiln::Precision::FP32, kiln::TensorFormat::Linear, &why));
        reasons.push_back(why);
        for (const char* text : {"no CUDA kernel for Conv at fp16", "CPU kernel for Add does not take string for input 1",
                                 "CUDA kernel for Cast does not produce string (output 0)",
                                 "no CUDA kernel for Conv in format linear"})
            reasons.push_back(text);
        for (const std::string& r : reasons) {
            QVERIFY2(LibraryText::knows(QString::fromStdString(r)), r.c_str());
            expectChinese(LibraryText::message(r), {"sm", "cast"});
        }
        QCOMPARE(LibraryText::message(reasons[1]), QStringLiteral("Softmax 没有 NHWC 格式的 CPU 内核"));
    }

    // Why a backend is not available (the build panel's tooltip) and the registry's errors.
    void backendAvailabilityIsChinese() {
        std::string why;
        QVERIFY(!kiln::BackendRegistry::global().available("nosuch", &why));
        expectChinese(LibraryText::message(why), {"nosuch"});
        try {
            kiln::BackendRegistry::global().get("nosuch");
            QFAIL("no error for an unknown backend");
        } catch (const std::exception& e) {
            expectChinese(LibraryText::error(e), {"nosuch", "oracle"});
        }
        for (const char* text :
             {"libkiln_backend_cuda.so was not found", "libkiln_backend_cuda.so: cannot be loaded",
              "libkiln_backend_cuda.so: libcudnn.so.9: cannot open shared object file: No such file or directory",
              "libkiln_backend_cuda.so is not a Kiln backend module (no kiln_register_backends)",
              "libkiln_backend_cuda.so was built for backend ABI 2, this Kiln has 3",
              "libkiln_backend_cuda.so did not register backend 'cuda'", "backend 'cuda' has no implementation",
              "Kiln was built without the CUDA backend",
              "the cuda backend is not available: libkiln_backend_cuda.so was not found",
              "no CUDA device: cudaGetDeviceCount failed: cudaErrorInsufficientDriver: CUDA driver version is "
              "insufficient for CUDA runtime version",
              "no CUDA device: cudaGetDeviceCount failed: cudaErrorNoDevice: no CUDA-capable device is detected",
              "no CUDA device: cudaGetDeviceCount found none"}) {
            QVERIFY2(LibraryText::knows(QString::fromLatin1(text)), text);
            expectChinese(LibraryText::message(QString::fromLatin1(text)),
                          {"libkiln_backend_cuda.so", "libcudnn.so.9", "cudaGetDeviceCount", "cudaErrorInsufficientDriver",
                           "cudaErrorNoDevice"});
        }
        // The build panel's CUDA entry explains itself where CUDA is not available.
        QString reason;
        if (BuildSettingsModel::cudaAvailable(&reason)) QSKIP("CUDA is available here: no reason to show");
        BuildSettingsModel settings;
        BuildController controller;
        BuildPanel panel(&settings, &controller, {});
        const QString tip = panel.backendBox()->itemData(1, Qt::ToolTipRole).toString();
        QCOMPARE(tip, LibraryText::message(reason));
        // CUDA API and error names (cudaGetDeviceCount, cudaErrorNoDevice) and architectures stay.
        QStringList names{"libkiln_backend_cuda.so"};
        for (auto it = QRegularExpression(QStringLiteral("\\b(cuda[A-Z]\\w*|sm_\\w+)")).globalMatch(reason); it.hasNext();)
            names << it.next().captured(1);
        expectChinese(tip, names);
    }

    // The profiler: a Backend column for a mixed engine, the note as the layer's tooltip.
    void profilerShowsBackends() {
        GraphModel mainGraph;
        Workbench workbench(&mainGraph);
        workbench.setEngine(engine_, QStringLiteral("mixed.engine"));
        ProfilerView view(&workbench, {});
        ProfileModel* model = workbench.profile();
        QSignalSpy finished(model, &ProfileModel::finished);
        QSignalSpy failed(model, &ProfileModel::failed);
        workbench.runProfile();
        QVERIFY2(finished.wait(120000), qPrintable(failed.isEmpty() ? QString() : failed.at(0).at(0).toString()));
        QVERIFY(model->mixedBackends());
        QVERIFY(!view.table()->isColumnHidden(ProfileModel::Backend));
        QCOMPARE(model->headerData(ProfileModel::Backend, Qt::Horizontal).toString(), QStringLiteral("后端"));
        int tooltips = 0;
        bool sawNhwc = false;
        for (int row = 0; row < model->rowCount(); ++row) {
            const kiln::LayerDescription& layer = model->report().rows[size_t(row)].layer;
            const QString backend = model->index(row, ProfileModel::Backend).data().toString();
            QVERIFY2(backend.startsWith(QString::fromStdString(layer.backend)), qPrintable(backend));
            if (layer.format == "nhwc") {
                QCOMPARE(backend, QStringLiteral("%1（NHWC）").arg(QString::fromStdString(layer.backend)));
                sawNhwc = true;
            }
            if (layer.note.empty()) continue;
            const QString tip = model->index(row, ProfileModel::Layer).data(Qt::ToolTipRole).toString();
            QVERIFY2(tip.startsWith(LibraryText::message(layer.note)), qPrintable(tip));
            QCOMPARE(model->index(row, ProfileModel::Backend).data(Qt::ToolTipRole).toString(), tip);
            expectChinese(tip, names_);
            ++tooltips;
        }
        QVERIFY(sawNhwc);
        QVERIFY(tooltips >= kSoftmaxes + 3);

        // An engine on one backend: no Backend column.
        kiln::BuilderConfig cpu = emulatedConfig();
        cpu.backend = "cpu";
        std::shared_ptr<const kiln::Engine> plain = kiln::buildEngine(*graph_, cpu);
        workbench.setEngine(plain, QStringLiteral("plain.engine"));
        workbench.runProfile();
        QVERIFY2(finished.wait(120000), qPrintable(failed.isEmpty() ? QString() : failed.last().at(0).toString()));
        QVERIFY(!model->mixedBackends());
        QVERIFY(view.table()->isColumnHidden(ProfileModel::Backend));
    }

    // The layer info (properties panel of an opened engine): kind, backend, format and note.
    void layerInfoShowsBackend() {
        GraphModel graph;
        graph.setGraph(std::shared_ptr<const kiln::Graph>(engine_, &engine_->graph()));
        PropertiesPanel panel(&graph);
        panel.setEngine(engine_);
        const QString section = QStringLiteral("推理引擎层");
        auto show = [&](const kiln::EngineLayer& l) {
            graph.setCurrentNode(-1);
            graph.setCurrentNode(graph.findNodeByName(QString::fromStdString(l.name)));
        };
        int checked = 0;
        for (const kiln::EngineLayer& l : engine_->layers()) {
            show(l);
            QCOMPARE(propertyRow(panel.tree(), section, QStringLiteral("后端")), QString::fromStdString(l.backend));
            const QString kind = propertyRow(panel.tree(), section, QStringLiteral("类别"));
            QCOMPARE(kind, l.kind == kiln::LayerKind::Copy ? QStringLiteral("设备间复制") : QStringLiteral("内核"));
            QCOMPARE(propertyRow(panel.tree(), section, QStringLiteral("格式")),
                     l.format == kiln::TensorFormat::NHWC ? QStringLiteral("NHWC") : QString());
            const QString note = propertyRow(panel.tree(), section, QStringLiteral("说明"));
            QCOMPARE(note, l.note.empty() ? QString() : LibraryText::message(l.note));
            if (!note.isEmpty()) expectChinese(note, names_);
            expectChinese(kind + propertyRow(panel.tree(), section, QStringLiteral("策略")), names_);
            ++checked;
        }
        QCOMPARE(checked, int(engine_->layers().size()));

        // The precision table's engine-layer tooltip says where the layer runs and why.
        BuildSettingsModel settings;
        settings.setGraph(graph_);
        LayerPrecisionModel precisions(&settings);
        precisions.setEngine(engine_);
        bool sawFallback = false;
        for (int row = 0; row < precisions.rowCount(); ++row) {
            const QString tip = precisions.index(row, LayerPrecisionModel::EngineLayerColumn).data(Qt::ToolTipRole).toString();
            if (tip.contains(QStringLiteral("回退到 CPU"))) {
                sawFallback = true;
                QVERIFY2(tip.contains(QStringLiteral("后端：cpu")), qPrintable(tip));
            }
        }
        QVERIFY(sawFallback);
    }

    // The fusion view: once the model is built, its engine's layers — backend (and format), origin,
    // note — with copies and reformats marked as inserted by the builder; before, the summary alone.
    void fusionViewShowsEngineLayers() {
        GraphModel mainGraph;
        Workbench workbench(&mainGraph);
        workbench.setModel(graph_, QStringLiteral("mixed.onnx"));
        FusionView view(workbench.fusion());
        EngineLayerModel* model = workbench.fusion()->engineLayers();
        QCOMPARE(model->rowCount(), 0);
        QCOMPARE(view.bottomTabs()->count(), 1);
        QCOMPARE(view.bottomTabs()->indexOf(view.engineLayerTable()), -1);

        workbench.settings()->setConfig(emulatedConfig());
        QVERIFY2(workbench.canBuild(), qPrintable(workbench.settings()->validationMessage()));
        QSignalSpy built(workbench.builder(), &BuildController::finished);
        workbench.build();
        QVERIFY(built.wait(120000));
        const std::shared_ptr<const kiln::Engine> engine = workbench.builder()->engine();
        QCOMPARE(model->rowCount(), int(engine->layers().size()));
        QCOMPARE(view.bottomTabs()->count(), 2);
        const int tab = view.bottomTabs()->indexOf(view.engineLayerTable());
        QVERIFY(tab >= 0);
        QCOMPARE(view.bottomTabs()->tabText(tab), QStringLiteral("推理引擎层（%1）").arg(model->rowCount()));
        QCOMPARE(model->headerData(EngineLayerModel::Backend, Qt::Horizontal).toString(), QStringLiteral("后端"));
        QCOMPARE(model->headerData(EngineLayerModel::Note, Qt::Horizontal).toString(), QStringLiteral("说明"));

        int copies = 0, reformats = 0, fallbacks = 0;
        bool sawNhwc = false;
        for (int row = 0; row < model->rowCount(); ++row) {
            const kiln::EngineLayer& l = engine->layers()[size_t(row)];
            auto cell = [&](int column, int role = Qt::DisplayRole) { return model->index(row, column).data(role).toString(); };
            QCOMPARE(cell(EngineLayerModel::Layer), QString::fromStdString(l.name));
            const QString backend = cell(EngineLayerModel::Backend);
            if (l.format == kiln::TensorFormat::NHWC) {
                QCOMPARE(backend, QStringLiteral("%1（NHWC）").arg(QString::fromStdString(l.backend)));
                sawNhwc = true;
            } else {
                QCOMPARE(backend, QString::fromStdString(l.backend));
            }
            const bool copy = l.kind == kiln::LayerKind::Copy;
            const bool reformat = l.opType == "Reformat";
            copies += copy;
            reformats += reformat;
            QCOMPARE(cell(EngineLayerModel::Type), QString::fromStdString(l.opType));
            const QString origin = cell(EngineLayerModel::Origin);
            if (copy || reformat) {
                QVERIFY(l.origin.empty());
                QCOMPARE(origin, QStringLiteral("由构建器插入"));
            } else {
                QVERIFY2(!origin.isEmpty() && origin.contains(QString::fromStdString(l.origin.front())), qPrintable(origin));
            }
            const QString note = cell(EngineLayerModel::Note);
            QCOMPARE(note, l.note.empty() ? QString() : LibraryText::message(l.note));
            const QString tip = cell(EngineLayerModel::Layer, Qt::ToolTipRole);
            QCOMPARE(cell(EngineLayerModel::Backend, Qt::ToolTipRole), tip);
            expectChinese(tip, names_);
            if (note.isEmpty()) continue;
            expectChinese(note, names_);
            QVERIFY2(tip.startsWith(note), qPrintable(tip));
            if (copy) QVERIFY2(note.contains(QStringLiteral("复制到")), qPrintable(note));
            if (reformat) QVERIFY2(note.contains(QStringLiteral("转换格式")), qPrintable(note));
            fallbacks += note.contains(QStringLiteral("回退到 CPU"));
        }
        QVERIFY(copies > 0);
        QVERIFY(reformats > 0);
        QVERIFY(sawNhwc);
        QCOMPARE(fallbacks, kSoftmaxes);

        // A row selects its layer on the optimized graph (the optimizer's layer names are the engine's).
        const int softmax = [&] {
            for (int row = 0; row < model->rowCount(); ++row)
                if (engine->layers()[size_t(row)].name == "softmax_3") return row;
            return -1;
        }();
        QVERIFY(softmax >= 0);
        QTRY_VERIFY_WITH_TIMEOUT(workbench.fusion()->hasResult() && !workbench.fusion()->isBusy(), 60000);
        view.engineLayerTable()->setCurrentIndex(model->index(softmax, EngineLayerModel::Layer));
        const int current = workbench.fusion()->optimized()->currentNode();
        QVERIFY(current >= 0);
        QCOMPARE(workbench.fusion()->optimized()->node(current).name, QStringLiteral("softmax_3"));

        // An opened engine file: its layers; a new model: none (and the summary alone again).
        workbench.setEngine(engine_, QStringLiteral("mixed.engine"));
        QCOMPARE(model->rowCount(), int(engine_->layers().size()));
        workbench.setModel(graph_, QStringLiteral("mixed.onnx"));
        QCOMPARE(model->rowCount(), 0);
        QCOMPARE(view.bottomTabs()->count(), 1);
    }

    // English: the notes exactly as the library writes them, here and in the layer info.
    void englishShowsTheLibrarysNotes() {
        QVERIFY(language_.apply(QStringLiteral("en")));
        for (const kiln::EngineLayer& l : engine_->layers()) QCOMPARE(LibraryText::message(l.note), QString::fromStdString(l.note));
        const kiln::EngineLayer* softmax = layerWhere([](const kiln::EngineLayer& l) { return l.name == "softmax_3"; });
        QCOMPARE(softmax->note, std::string("falls back to cpu: no EMULATED kernel for op Softmax"));
        GraphModel graph;
        graph.setGraph(std::shared_ptr<const kiln::Graph>(engine_, &engine_->graph()));
        PropertiesPanel panel(&graph);
        panel.setEngine(engine_);
        graph.setCurrentNode(graph.findNodeByName(QStringLiteral("softmax_3")));
        QCOMPARE(propertyRow(panel.tree(), QStringLiteral("Engine layer"), QStringLiteral("Note")),
                 QStringLiteral("falls back to cpu: no EMULATED kernel for op Softmax"));
        QCOMPARE(propertyRow(panel.tree(), QStringLiteral("Engine layer"), QStringLiteral("Backend")), QStringLiteral("cpu"));
        // The fusion view's list of engine layers: the library's notes, copies inserted by the builder.
        EngineLayerModel layers;
        layers.setEngine(engine_);
        QCOMPARE(layers.headerData(EngineLayerModel::Origin, Qt::Horizontal).toString(), QStringLiteral("From ONNX nodes"));
        for (int row = 0; row < layers.rowCount(); ++row) {
            const kiln::EngineLayer& l = layers.layer(row);
            QCOMPARE(layers.index(row, EngineLayerModel::Note).data().toString(), QString::fromStdString(l.note));
            if (l.kind == kiln::LayerKind::Copy)
                QCOMPARE(layers.index(row, EngineLayerModel::Origin).data().toString(), QStringLiteral("inserted by the builder"));
        }
        QVERIFY(language_.apply(QStringLiteral("zh_CN")));
    }
};

QTEST_MAIN(BackendTextTest)
#include "test_backend_text.moc"
