// Engine files, build comparison and graph export: an engine built and saved in the test opens as
// a graph of its layers with the header summary, and can be profiled; corrupted engine files give
// the library's one-line message; matchByProvenance and BuildComparisonModel (level 0 vs 3 on the
// bundled tiny_cnn, and on a ~1,000-node synthetic transformer: few progress messages, one reference
// run shared by both sides) headless; the graph exports as a valid SVG and a non-empty PNG; File > Export
// holds every export; the whole flow on two models in turn (build, save, profile A, then B) shows
// nothing of A while B is open, refuses to compare A's engine with B's and compares B's two.
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTextEdit>
#include <QTreeWidget>
#include <QXmlStreamReader>
#include <QtTest>
#include <functional>
#include <qcustomplot.h>

#include "engine_core/builder/builder.h"
#include "gui_test_util.h"
#include "profiler/compare.h"
#include "widgets/accuracy_view.h"
#include "widgets/build_comparison_model.h"
#include "widgets/build_comparison_view.h"
#include "widgets/build_panel.h"
#include "widgets/build_settings_model.h"
#include "widgets/fusion_model.h"
#include "widgets/language.h"
#include "widgets/layer_precision_model.h"
#include "widgets/layer_precision_view.h"
#include "widgets/main_window.h"
#include "widgets/model_loader.h"
#include "widgets/profiler_view.h"
#include "widgets/properties_panel.h"
#include "widgets/run_input_chooser.h"
#include "widgets/run_inputs.h"
#include "widgets/summary_panel.h"
#include "widgets/synthetic_graph.h"

using namespace kiln::studio;

namespace {
const QString kTinyCnn = QStringLiteral(KILN_SOURCE_DIR "/resources/samples/tiny_cnn/model.onnx");
const QString kTinyCnnData = QStringLiteral(KILN_SOURCE_DIR "/resources/samples/tiny_cnn/test_data_set_0");
const QString kTinyTransformer = QStringLiteral(KILN_SOURCE_DIR "/resources/samples/tiny_transformer/model.onnx");

kiln::BuilderConfig batchOne(int level = 3) {
    kiln::BuilderConfig c;
    c.profiles.push_back({{{"input", kiln::ShapeRange{{1, 3, 32, 32}, {1, 3, 32, 32}, {2, 3, 32, 32}}}}});
    c.optimizationLevel = level;
    c.timingIterations = 2;
    return c;
}

ComparedLayer layer(const QString& name, QStringList origin, double ms, double error = -1) {
    ComparedLayer l;
    l.name = name;
    l.type = QStringLiteral("T");
    l.origin = std::move(origin);
    l.medianMs = ms;
    l.maxAbsError = error;
    return l;
}

QTreeWidgetItem* topItem(QTreeWidget* tree, const QString& text) {
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        if (tree->topLevelItem(i)->text(0).startsWith(text)) return tree->topLevelItem(i);
    return nullptr;
}

QString childValue(QTreeWidgetItem* item, const QString& key) {
    for (int i = 0; item && i < item->childCount(); ++i)
        if (item->child(i)->text(0) == key) return item->child(i)->text(1);
    return {};
}

// Every text the window shows in its widgets: labels, fields, logs, combo box items, spin boxes'
// values and every cell of every item view (tables and trees, all levels), one string each.
QStringList shownTexts(QWidget* root) {
    QStringList out;
    for (QLabel* w : root->findChildren<QLabel*>()) out << w->text();
    for (QLineEdit* w : root->findChildren<QLineEdit*>()) out << w->text();
    for (QPlainTextEdit* w : root->findChildren<QPlainTextEdit*>()) out << w->toPlainText();
    for (QTextEdit* w : root->findChildren<QTextEdit*>()) out << w->toPlainText();
    for (QComboBox* w : root->findChildren<QComboBox*>())
        for (int i = 0; i < w->count(); ++i) out << w->itemText(i) + QLatin1Char(' ') + w->itemData(i).toString();
    for (QAbstractSpinBox* w : root->findChildren<QAbstractSpinBox*>()) out << w->text();
    std::function<void(const QAbstractItemModel*, const QModelIndex&)> cells =
        [&](const QAbstractItemModel* m, const QModelIndex& parent) {
            for (int r = 0; r < m->rowCount(parent); ++r)
                for (int c = 0; c < m->columnCount(parent); ++c) {
                    const QModelIndex i = m->index(r, c, parent);
                    out << i.data().toString() << i.data(Qt::ToolTipRole).toString();
                    if (c == 0 && m->hasChildren(i)) cells(m, i);
                }
        };
    for (QAbstractItemView* v : root->findChildren<QAbstractItemView*>())
        if (v->model()) cells(v->model(), QModelIndex());
    return out;
}

// The first shown text holding one of `marks`, or one of `names` as a whole name (not inside a
// longer one: "softmax" is not in "attn.softmax"), as "mark in: text"; "" when none does.
QString firstShown(QWidget* root, const QStringList& marks, const QStringList& names = {}) {
    std::vector<QRegularExpression> whole;
    for (const QString& n : names)
        whole.emplace_back(QStringLiteral("(?<![\\w./:+-])%1(?![\\w./:+-])").arg(QRegularExpression::escape(n)));
    for (const QString& text : shownTexts(root)) {
        for (const QString& mark : marks)
            if (text.contains(mark)) return mark + QStringLiteral(" in: ") + text.left(300);
        for (size_t i = 0; i < whole.size(); ++i)
            if (whole[i].match(text).hasMatch()) return names[qsizetype(i)] + QStringLiteral(" in: ") + text.left(300);
    }
    return {};
}
}  // namespace

class EngineAndCompareTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir dir_;
    std::shared_ptr<kiln::Graph> model_;
    std::shared_ptr<const kiln::Engine> engine_;
    QString enginePath_;

private slots:
    void initTestCase() {
        test::isolateSettings();
        QVERIFY(dir_.isValid());
        LoadOutcome loaded = ModelLoader::loadFile(kTinyCnn);
        QVERIFY2(loaded.model, qPrintable(loaded.error));
        model_ = loaded.model->graph;
        engine_ = kiln::buildEngine(*model_, batchOne());
        enginePath_ = dir_.filePath("tiny_cnn.engine");
        engine_->save(enginePath_.toStdString());
    }

    void loaderReadsEngineFile() {
        LoadOutcome out = ModelLoader::loadFile(enginePath_);
        QVERIFY2(out.model, qPrintable(out.error));
        QVERIFY(out.model->isEngine());
        QVERIFY(!out.model->graph);
        QCOMPARE(int(out.model->engine->layers().size()), int(engine_->layers().size()));
        const ModelSummary& s = out.model->summary;
        QVERIFY(s.engine.has_value());
        QCOMPARE(s.engine->backend, QStringLiteral("cpu"));
        QCOMPARE(s.engine->formatVersion, qint64(kiln::kEngineFormatVersion));
        QCOMPARE(s.engine->kilnVersion, QString::fromStdString(engine_->header().kilnVersion));
        QCOMPARE(s.engine->device, QString::fromStdString(engine_->header().device));
        QCOMPARE(s.engine->layers, int(engine_->layers().size()));
        QCOMPARE(int(s.engine->profiles.size()), 1);
        QVERIFY(
            s.engine->profiles[0].join(' ').contains(QStringLiteral("1×3×32×32 / 1×3×32×32 / 2×3×32×32")));
        int tactics = 0, precisions = 0;
        for (const auto& [name, n] : s.engine->tactics) tactics += n;
        for (const auto& [name, n] : s.engine->precisions) precisions += n;
        QCOMPARE(tactics, s.engine->layers);
        QCOMPARE(precisions, s.engine->layers);
        QCOMPARE(s.engine->precisions.front().first, QStringLiteral("fp32"));

        // The graph model shows one operator per layer, with the layers' provenance.
        GraphModel graph;
        graph.setGraph(out.model->shownGraph());
        QCOMPARE(graph.operatorCount(), int(engine_->layers().size()));
        bool fused = false;
        for (const kiln::EngineLayer& l : engine_->layers()) {
            const int id = graph.findNodeByName(QString::fromStdString(l.name));
            QVERIFY2(id >= 0, l.name.c_str());
            QCOMPARE(graph.node(id).origin.size(), qsizetype(l.origin.size()));
            fused = fused || l.origin.size() > 1;
        }
        QVERIFY(fused);  // tiny_cnn at level 3 fuses something

        // The magic decides, not the name.
        const QString renamed = dir_.filePath("looks_like_a_model.onnx");
        QVERIFY(QFile::copy(enginePath_, renamed));
        LoadOutcome again = ModelLoader::loadFile(renamed);
        QVERIFY2(again.model && again.model->isEngine(), qPrintable(again.error));
    }

    void int8EngineShowsDynamicRanges() {
        LanguageManager language;  // the English catalogue (its plurals)
        QVERIFY(language.apply("en"));
        // An int8 build of tiny_cnn calibrated on two batches, saved and opened as a file.
        kiln::BuilderConfig config = batchOne();
        config.precisions = {kiln::Precision::FP32, kiln::Precision::INT8};
        config.calibration.dataFolder = test::makeTinyCnnCalibration(dir_.filePath("calib")).toStdString();
        QVERIFY(!config.calibration.dataFolder.empty());
        std::shared_ptr<const kiln::Engine> built = kiln::buildEngine(*model_, config);
        QVERIFY(!built->calibration().empty());
        const QString path = dir_.filePath("tiny_int8.engine");
        built->save(path.toStdString());
        LoadOutcome out = ModelLoader::loadFile(path);
        QVERIFY2(out.model, qPrintable(out.error));
        const kiln::Engine& engine = *out.model->engine;
        const EngineSummary& e = *out.model->summary.engine;
        QCOMPARE(e.calibrator, QStringLiteral("entropy"));
        QCOMPARE(e.calibratedTensors, int(engine.calibration().ranges.size()));
        // Every layer tensor with a range, in layer order, with the engine's value.
        size_t next = 0;
        int listed = 0;
        for (const kiln::EngineLayer& l : engine.layers()) {
            QStringList in, outs;
            for (const std::string& t : l.inputs)
                if (engine.dynamicRange(t)) in << QString::fromStdString(t);
            for (const std::string& t : l.outputs)
                if (engine.dynamicRange(t)) outs << QString::fromStdString(t);
            if (in.isEmpty() && outs.isEmpty()) continue;
            QVERIFY(next < e.dynamicRanges.size());
            const EngineSummary::LayerRanges& r = e.dynamicRanges[next++];
            QCOMPARE(r.layer, QString::fromStdString(l.name));
            QCOMPARE(int(r.inputs.size()), int(in.size()));
            QCOMPARE(int(r.outputs.size()), int(outs.size()));
            for (const auto* list : {&r.inputs, &r.outputs})
                for (const EngineSummary::TensorRange& t : *list) {
                    QCOMPARE(t.amax, *engine.dynamicRange(t.tensor.toStdString()));
                    QVERIFY(t.amax > 0);
                }
            listed += int(r.outputs.size());
        }
        QCOMPARE(next, e.dynamicRanges.size());
        QVERIFY(listed > 0);

        // The summary panel: a section per calibration, a row per layer, a child per tensor; a layer
        // row selects the layer.
        const kiln::EngineLayer& first = engine.layers().front();
        const float inputRange = *engine.dynamicRange(first.inputs.front());
        GraphModel graph;
        graph.setGraph(out.model->shownGraph());
        SummaryPanel summary(&graph);
        summary.setSummary(out.model->summary);
        QTreeWidgetItem* ranges = topItem(summary.tree(), QStringLiteral("INT8 dynamic ranges (entropy, "));
        QVERIFY(ranges);
        QCOMPARE(ranges->text(0), QStringLiteral("INT8 dynamic ranges (entropy, %1 tensors)").arg(e.calibratedTensors));
        QCOMPARE(ranges->childCount(), int(e.dynamicRanges.size()));
        QTreeWidgetItem* firstRow = ranges->child(0);
        QCOMPARE(firstRow->text(0), QString::fromStdString(first.name));
        const QString inputText = childValue(firstRow, "in: " + QString::fromStdString(first.inputs.front()));
        QVERIFY2(inputText.startsWith(QChar(0x00B1)), qPrintable(inputText));
        QVERIFY(qAbs(inputText.mid(1).toDouble() - inputRange) <= 1e-4 * inputRange);
        QVERIFY(!childValue(firstRow, "out: " + QString::fromStdString(first.outputs.front())).isEmpty());
        emit summary.tree()->itemClicked(firstRow, 0);
        QCOMPARE(graph.currentNode(), graph.findNodeByName(QString::fromStdString(first.name)));

        // The properties panel of that layer lists the same ranges.
        PropertiesPanel properties(&graph);
        properties.setEngine(out.model->engine);
        graph.setCurrentNode(-1);
        graph.setCurrentNode(graph.findNodeByName(QString::fromStdString(first.name)));
        QTreeWidgetItem* layerRanges = topItem(properties.tree(), QStringLiteral("INT8 dynamic ranges (entropy)"));
        QVERIFY(layerRanges);
        QCOMPARE(childValue(layerRanges, "in: " + QString::fromStdString(first.inputs.front())), inputText);
        QCOMPARE(layerRanges->childCount(), int(e.dynamicRanges.front().inputs.size() + e.dynamicRanges.front().outputs.size()));

        // An fp32 engine has no calibration: no such section anywhere.
        const ModelSummary fp32 = ModelLoader::loadFile(enginePath_).model->summary;
        QVERIFY(fp32.engine->calibrator.isEmpty() && fp32.engine->dynamicRanges.empty());
        summary.setSummary(fp32);
        QVERIFY(!topItem(summary.tree(), QStringLiteral("INT8")));
        properties.setEngine(engine_);
        graph.setGraph(std::shared_ptr<const kiln::Graph>(engine_, &engine_->graph()));
        graph.setCurrentNode(graph.findNodeByName(QString::fromStdString(engine_->layers().front().name)));
        QVERIFY(topItem(properties.tree(), QStringLiteral("Engine layer")));
        QVERIFY(!topItem(properties.tree(), QStringLiteral("INT8")));
    }

    void corruptedEngineGivesOneLineError() {
        QFile good(enginePath_);
        QVERIFY(good.open(QIODevice::ReadOnly));
        const QByteArray bytes = good.readAll();
        struct Case {
            const char* file;
            QByteArray bytes;
        };
        QByteArray flipped = bytes;
        flipped[flipped.size() / 2] = char(flipped[flipped.size() / 2] ^ 0x5a);
        const Case cases[] = {{"truncated.engine", bytes.left(bytes.size() / 3)},
                              {"flipped.plan", flipped},
                              {"garbage.engine", QByteArray("not an engine at all")},
                              {"magic_only.bin", bytes.left(12)},
                              {"empty.engine", QByteArray()}};
        for (const Case& c : cases) {
            const QString path = dir_.filePath(c.file);
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(c.bytes);
            f.close();
            LoadOutcome out = ModelLoader::loadFile(path);
            QVERIFY2(!out.model, c.file);
            QVERIFY2(!out.error.isEmpty(), c.file);
            QVERIFY2(!out.error.contains('\n'), qPrintable(out.error));
            QVERIFY2(out.error.contains(QString::fromLatin1(c.file)), qPrintable(out.error));
        }

        // Through the window: a message, no crash, and the window still opens a good engine after.
        MainWindow window;
        window.show();
        QSignalSpy failed(&window, &MainWindow::modelFailed);
        window.openFile(dir_.filePath("truncated.engine"));
        QVERIFY(failed.wait(30000));
        QVERIFY(window.errorBox() != nullptr);
        QVERIFY(window.lastError().contains("truncated.engine"));
        QCOMPARE(window.graphModel()->nodeCount(), 0);
        QSignalSpy opened(&window, &MainWindow::modelOpened);
        window.openFile(enginePath_);
        QVERIFY(opened.wait(30000));
        QVERIFY(window.lastError().isEmpty());
    }

    void windowShowsAndProfilesEngine() {
        MainWindow window;
        window.show();
        QSignalSpy opened(&window, &MainWindow::modelOpened);
        window.openFile(enginePath_);
        QVERIFY(opened.wait(30000));
        QVERIFY(window.waitUntilIdle(60000));
        QCOMPARE(window.graphModel()->operatorCount(), int(engine_->layers().size()));
        QTreeWidget* tree = window.summaryPanel()->tree();
        QTreeWidgetItem* engine = topItem(tree, QStringLiteral("Engine"));
        QVERIFY(engine);
        QCOMPARE(childValue(engine, QStringLiteral("Backend")), QStringLiteral("cpu"));
        QCOMPARE(childValue(engine, QStringLiteral("Format version")),
                 QString::number(kiln::kEngineFormatVersion));
        QVERIFY(topItem(tree, QStringLiteral("Tactics")));
        QVERIFY(topItem(tree, QStringLiteral("Precisions")));
        QVERIFY(topItem(tree, QStringLiteral("Optimization profiles")));
        QVERIFY(!topItem(tree, QStringLiteral("Unsupported")));

        // Profiler yes; rebuild, reference comparison and build comparison need the ONNX model.
        QVERIFY(window.workbench()->isEngineFile());
        QVERIFY(window.profileAction()->isEnabled());
        QVERIFY(!window.buildAction()->isEnabled());
        QVERIFY(!window.compareAction()->isEnabled());
        QVERIFY(!window.compareBuildsAction()->isEnabled());
        QVERIFY(window.exportEngineAction()->isEnabled());
        window.profileAction()->trigger();
        QVERIFY(window.waitUntilIdle(120000));
        QVERIFY2(window.workbench()->profile()->hasReport(),
                 qPrintable(window.workbench()->profile()->lastError()));
        QCOMPARE(window.workbench()->profile()->rowCount(), int(engine_->layers().size()));
        // The heat lands on the engine's own layers in the main graph.
        QVERIFY(window.graphModel()->hasOverlays());

        // Exporting the opened engine again gives the same bytes (deterministic serialization).
        const QString copy = dir_.filePath("copy.engine");
        window.setPathChooser([&](const QString&, const QString&) { return copy; });
        window.exportEngineAction()->trigger();
        // The profile's exports, including the Chrome trace.
        const QString trace = dir_.filePath("trace.json");
        window.setPathChooser([&](const QString& purpose, const QString&) {
            return purpose == QLatin1String("export-profile-trace") ? trace : QString();
        });
        QVERIFY(window.exportProfileTraceAction()->isEnabled());
        window.exportProfileTraceAction()->trigger();
        QFile traceFile(trace);
        QVERIFY(traceFile.open(QIODevice::ReadOnly));
        const QJsonDocument traceJson = QJsonDocument::fromJson(traceFile.readAll());
        QVERIFY(!traceJson.isNull());
        QFile a(enginePath_), b(copy);
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QCOMPARE(a.readAll(), b.readAll());
    }

    void engineDroppedOnWindow() {
        MainWindow window;
        window.show();
        QSignalSpy opened(&window, &MainWindow::modelOpened);
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(enginePath_)});
        QDragEnterEvent enter(QPoint(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QVERIFY(opened.wait(30000));
        QVERIFY(window.loadedModel()->isEngine());
        QCOMPARE(window.graphModel()->operatorCount(), int(engine_->layers().size()));
        // Fusion, accuracy and build comparison need the ONNX model: their tabs are off.
        QVERIFY(!window.viewTabs()->isTabEnabled(int(MainWindow::ViewTab::Fusion)));
        QVERIFY(!window.viewTabs()->isTabEnabled(int(MainWindow::ViewTab::CompareBuilds)));
        QVERIFY(window.viewTabs()->isTabEnabled(int(MainWindow::ViewTab::Profiler)));
        // Opening an ONNX model again turns them back on.
        window.openFile(kTinyCnn);
        QVERIFY(opened.wait(30000));
        QVERIFY(window.viewTabs()->isTabEnabled(int(MainWindow::ViewTab::Fusion)));
        QVERIFY(window.viewTabs()->isTabEnabled(int(MainWindow::ViewTab::CompareBuilds)));
    }

    void compareSettingsFromFiles() {
        MainWindow window;
        QSignalSpy opened(&window, &MainWindow::modelOpened);
        window.openFile(kTinyCnn);
        QVERIFY(opened.wait(30000));
        BuildComparisonView* view = window.buildComparisonView();
        const QString file = dir_.filePath("level0.json");
        kiln::saveBuilderConfig(batchOne(0), file.toStdString());
        view->setSettingsFile(BuildComparisonView::Side::B, file);
        view->setLevel(BuildComparisonView::Side::B, 2);
        BuildSpec spec;
        QString error;
        QVERIFY2(view->spec(BuildComparisonView::Side::B, &spec, &error), qPrintable(error));
        QCOMPARE(spec.label, QStringLiteral("level0.json, level 2"));
        QCOMPARE(spec.config.optimizationLevel, 2);  // the view's level wins over the file's
        QCOMPARE(spec.config.profiles, batchOne(0).profiles);
        // The sides are part of the workspace.
        const QJsonObject ws = window.workspaceJson();
        const QJsonObject b = ws.value("view").toObject().value("compareB").toObject();
        QCOMPARE(b.value("settingsFile").toString(), file);
        QCOMPARE(b.value("level").toInt(), 2);
        // A settings file that cannot be read: the library's message, nothing runs.
        QFile bad(dir_.filePath("bad.json"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("{\"optimizationLevel\": \"high\"}");
        bad.close();
        view->setSettingsFile(BuildComparisonView::Side::A, bad.fileName());
        QVERIFY(!view->spec(BuildComparisonView::Side::A, &spec, &error));
        QVERIFY2(error.contains("bad.json"), qPrintable(error));
        window.setPathChooser([](const QString&, const QString&) { return QString(); });
        window.compareBuildsAction()->trigger();
        QVERIFY(!window.workbench()->buildComparison()->isRunning());
        QVERIFY(window.lastAnalysisError().contains("bad.json"));
    }

    void matchingByProvenance() {
        // A runs Conv, BN, Relu and the head separately; B fused the first three.
        const std::vector<ComparedLayer> a = {
            layer("conv", {"conv"}, 1.0, 0.0), layer("bn", {"bn"}, 0.5, 0.0),
            layer("relu", {"relu"}, 0.25, 1e-6), layer("fc", {"fc"}, 2.0, 1e-5)};
        const std::vector<ComparedLayer> b = {layer("conv_bn_relu", {"conv", "bn", "relu"}, 1.1, 2e-6),
                                              layer("reformat", {}, 0.1), layer("fc", {"fc"}, 1.5, 3e-5)};
        const std::vector<ComparisonRow> rows = matchByProvenance(a, b);
        QCOMPARE(int(rows.size()), 3);
        QCOMPARE(rows[0].layersA, (std::vector<int>{0, 1, 2}));
        QCOMPARE(rows[0].layersB, (std::vector<int>{0}));
        QCOMPARE(rows[0].onnxNodes, (QStringList{"conv", "bn", "relu"}));
        QCOMPARE(rows[0].msA, 1.75);
        QCOMPARE(rows[0].msB, 1.1);
        QVERIFY(qFuzzyCompare(rows[0].deltaMs(), 1.1 - 1.75));
        QCOMPARE(rows[0].errorA, 1e-6);  // the group's last layer: its output is the boundary
        QCOMPARE(rows[0].errorB, 2e-6);
        // The B-only layer without ONNX source sits where B runs it, matched with nothing.
        QVERIFY(rows[1].layersA.empty());
        QCOMPARE(rows[1].layersB, (std::vector<int>{1}));
        QVERIFY(rows[1].onnxNodes.isEmpty());
        QCOMPARE(rows[1].errorB, -1.0);
        QCOMPARE(rows[2].layersA, (std::vector<int>{3}));
        QCOMPARE(rows[2].layersB, (std::vector<int>{2}));
        QCOMPARE(rows[2].deltaPercent(), -25.0);

        // Transitive: A {a,b} {c}, B {a} {b,c} cover the same three nodes together.
        const std::vector<ComparisonRow> chained =
            matchByProvenance({layer("x", {"a", "b"}, 1), layer("y", {"c"}, 1)},
                              {layer("p", {"a"}, 1), layer("q", {"b", "c"}, 1)});
        QCOMPARE(int(chained.size()), 1);
        QCOMPARE(chained[0].layersA.size(), size_t(2));
        QCOMPARE(chained[0].layersB.size(), size_t(2));
        QCOMPARE(chained[0].msA, 2.0);

        // Nothing shared: every layer is a row of its own.
        QCOMPARE(int(matchByProvenance({layer("x", {"a"}, 1)}, {layer("y", {"b"}, 1)}).size()), 2);
        QVERIFY(matchByProvenance({}, {}).empty());
    }

    void buildComparisonModelHeadless() {
        BuildComparisonModel model;
        QSignalSpy finished(&model, &BuildComparisonModel::finished);
        QSignalSpy failed(&model, &BuildComparisonModel::failed);
        QSignalSpy progress(&model, &BuildComparisonModel::progress);
        ProfileRunOptions options;
        options.warmup = 1;
        options.iterations = 3;
        model.run(model_, {QStringLiteral("level 0"), batchOne(0)}, {QStringLiteral("level 3"), batchOne(3)},
                  options);
        QVERIFY(model.isRunning());
        QVERIFY(finished.wait(240000));
        QCOMPARE(failed.count(), 0);
        QVERIFY(progress.count() > 0);
        QVERIFY(model.hasResult());
        const BuildSideResult& a = model.sideA();
        const BuildSideResult& b = model.sideB();
        QCOMPARE(int(a.layers.size()), model_->nodeCount());  // level 0 fuses nothing
        QVERIFY(b.layers.size() < a.layers.size());
        QVERIFY(a.outputsPassed && b.outputsPassed);
        QVERIFY(a.outputError >= 0 && b.outputError >= 0);
        QVERIFY(model.rowCount() <= int(a.layers.size()));
        QVERIFY(model.rowCount() >= int(b.layers.size()) - 1);
        QVERIFY(model.changedRows() > 0);
        QCOMPARE(model.timings().referenceRuns, 1);  // both sides at the same shapes
        // No choice: seeded random at the profiles' opt shapes, and the result says so.
        QCOMPARE(model.inputText(), QStringLiteral("Input: seeded random (seed 1), shape input 1\u00d73\u00d732\u00d732"));

        // Every layer of each side is in exactly one row; totals are the sums of the rows.
        std::vector<int> seenA(a.layers.size()), seenB(b.layers.size());
        double sumA = 0, sumB = 0;
        for (const ComparisonRow& r : model.rows()) {
            for (int i : r.layersA) ++seenA[size_t(i)];
            for (int i : r.layersB) ++seenB[size_t(i)];
            sumA += r.msA;
            sumB += r.msB;
            // Matched rows cover the same ONNX nodes on both sides.
            QStringList nodesA, nodesB;
            for (int i : r.layersA) nodesA += a.layers[size_t(i)].origin;
            for (int i : r.layersB) nodesB += b.layers[size_t(i)].origin;
            nodesA.sort();
            nodesB.sort();
            if (!r.layersA.empty() && !r.layersB.empty()) QCOMPARE(nodesA, nodesB);
            QCOMPARE(model
                         .data(model.index(int(&r - model.rows().data()), BuildComparisonModel::DeltaMs),
                               BuildComparisonModel::SortRole)
                         .toDouble(),
                     r.deltaMs());
        }
        for (int n : seenA) QCOMPARE(n, 1);
        for (int n : seenB) QCOMPARE(n, 1);
        QVERIFY(std::abs(sumA - a.totalMs) < 1e-6 * std::max(1.0, a.totalMs));
        QVERIFY(std::abs(sumB - b.totalMs) < 1e-6 * std::max(1.0, b.totalMs));
        QVERIFY(std::abs(model.totalDeltaMs() - (b.totalMs - a.totalMs)) < 1e-9);

        // Sortable through a proxy on the numeric role.
        QSortFilterProxyModel sorted;
        sorted.setSourceModel(&model);
        sorted.setSortRole(BuildComparisonModel::SortRole);
        sorted.sort(BuildComparisonModel::MsA, Qt::DescendingOrder);
        for (int r = 1; r < sorted.rowCount(); ++r)
            QVERIFY(
                sorted.index(r - 1, BuildComparisonModel::MsA)
                    .data(BuildComparisonModel::SortRole)
                    .toDouble() >=
                sorted.index(r, BuildComparisonModel::MsA).data(BuildComparisonModel::SortRole).toDouble());

        // CSV: a header, one line per row, and the totals.
        const QString csvPath = dir_.filePath("builds.csv");
        QString error;
        QVERIFY2(model.exportCsv(csvPath, &error), qPrintable(error));
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(csv.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), model.rowCount() + 2);
        QVERIFY(lines.front().startsWith("onnx_nodes,layers_a,median_ms_a"));
        QVERIFY(lines.back().startsWith("TOTAL,level 0,"));
        QCOMPARE(lines.back().split(',').size(), 9);
    }

    void buildComparisonOfALargerGraph() {
        // ~1,000 layers: the builder reports each one, the view gets a phase's first and last step
        // and one step per 100 ms (each message repaints it), not a message per layer.
        SyntheticGraphOptions graphOptions;
        graphOptions.layers = 16;
        std::shared_ptr<const kiln::Graph> graph = makeTransformerGraph(graphOptions);
        BuildSettingsModel settings;
        settings.setGraph(graph);
        BuildSpec a{QStringLiteral("level 0"), settings.config()};
        a.config.optimizationLevel = 0;
        BuildSpec b{QStringLiteral("level 3"), settings.config()};
        b.config.optimizationLevel = 3;
        ProfileRunOptions options;
        options.warmup = 0;
        options.iterations = 1;

        BuildComparisonModel model;
        QSignalSpy finished(&model, &BuildComparisonModel::finished);
        QSignalSpy progress(&model, &BuildComparisonModel::progress);
        QElapsedTimer clock;
        clock.start();
        model.run(graph, a, b, options);
        QVERIFY(finished.wait(240000));
        const qint64 elapsedMs = clock.elapsed();
        QCOMPARE(int(model.sideA().layers.size()), graph->nodeCount());
        QVERIFY(progress.count() >= 4);  // at least the profiling and comparing stages
        QVERIFY2(progress.count() <= 24 + elapsedMs / 100,
                 qPrintable(QStringLiteral("%1 progress messages in %2 ms").arg(progress.count()).arg(elapsedMs)));
        QVERIFY(progress.front().front().toString().startsWith(QStringLiteral("Build A")));
        // Both sides ran on the same inputs: one reference run served both, with the errors a
        // comparison of its own gives.
        QCOMPARE(model.timings().referenceRuns, 1);
        for (const BuildSideResult* side : {&model.sideA(), &model.sideB()}) {
            QVERIFY(side->outputsPassed);
            const kiln::CompareReport alone = kiln::compareWithReference(
                *graph, *side->engine, makeEngineInputs(*side->engine, *graph, options.seed), kiln::CompareOptions{});
            QCOMPARE(alone.layers.size(), side->layers.size());
            for (size_t i = 0; i < alone.layers.size(); ++i) {
                const kiln::LayerAccuracy& l = alone.layers[i];
                QCOMPARE(side->layers[i].name, QString::fromStdString(l.layer));
                if (!l.compared()) continue;
                double worst = 0;
                for (const kiln::TensorAccuracy& t : l.outputs) worst = std::max(worst, t.comparison.maxAbsError);
                QCOMPARE(side->layers[i].maxAbsError, worst);
            }
        }

        // B at other shapes (seq 2): other inputs, so each side gets its own reference run.
        for (auto& [name, range] : b.config.profiles[0].inputs) range.opt = range.max = {1, 2};
        model.run(graph, a, b, options);
        QVERIFY(finished.wait(240000));
        QCOMPARE(model.timings().referenceRuns, 2);
        QVERIFY(model.sideA().outputsPassed && model.sideB().outputsPassed);
    }

    void buildComparisonFailsCleanly() {
        BuildComparisonModel model;
        QSignalSpy failed(&model, &BuildComparisonModel::failed);
        kiln::BuilderConfig bad = batchOne();
        bad.profiles[0].inputs["input"].min = {4, 3, 32, 32};  // min > opt
        model.run(model_, {"ok", batchOne()}, {"bad", bad}, {});
        QVERIFY(failed.wait(120000));
        QVERIFY(!model.hasResult());
        QVERIFY(!model.lastError().isEmpty());
        QVERIFY(!model.lastError().contains('\n'));
    }

    void graphExportsSvgAndPng() {
        MainWindow window;
        window.show();
        QSignalSpy opened(&window, &MainWindow::modelOpened);
        window.openFile(kTinyCnn);
        QVERIFY(opened.wait(30000));
        QVERIFY(window.waitUntilIdle(60000));
        QVERIFY(window.exportGraphSvgAction()->isEnabled());
        QVERIFY(window.exportOptimizedSvgAction()->isEnabled());

        QString path;
        window.setPathChooser(
            [&](const QString&, const QString& suggested) { return path = dir_.filePath(suggested); });
        for (QAction* action : {window.exportGraphSvgAction(), window.exportOptimizedSvgAction()}) {
            path.clear();
            action->trigger();
            QVERIFY(path.endsWith(".svg"));
            QFile file(path);
            QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path + ": " + window.lastAnalysisError()));
            QXmlStreamReader xml(&file);
            int elements = 0, texts = 0;
            QString root;
            while (!xml.atEnd()) {
                if (xml.readNext() != QXmlStreamReader::StartElement) continue;
                if (root.isEmpty()) root = xml.name().toString();
                ++elements;
                if (xml.name() == QLatin1String("text")) ++texts;
            }
            QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
            QCOMPARE(root, QStringLiteral("svg"));
            QVERIFY(elements > 20);
            QVERIFY(texts > 0);  // node titles stay text
        }
        for (QAction* action : {window.exportGraphPngAction(), window.exportOptimizedPngAction()}) {
            path.clear();
            action->trigger();
            QImage image(path);
            QVERIFY2(!image.isNull(), qPrintable(path));
            QVERIFY(image.width() > 50 && image.height() > 50);
            // Not blank: some pixels are not the white background.
            int coloured = 0;
            for (int y = 0; y < image.height(); y += 4)
                for (int x = 0; x < image.width(); x += 4)
                    coloured += image.pixel(x, y) != qRgb(255, 255, 255) ? 1 : 0;
            QVERIFY(coloured > 50);
        }
        // Nothing to export without a graph: a message, no file.
        MainWindow empty;
        QString error;
        QVERIFY(!empty.exportGraphPicture(MainWindow::GraphPicture::Main, dir_.filePath("none.svg"), &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!QFile::exists(dir_.filePath("none.svg")));
    }

    void exportMenuHasEverything() {
        MainWindow window;
        const QList<QAction*> actions = window.exportMenu()->actions();
        for (QAction* a : {window.exportEngineAction(), window.exportGraphSvgAction(),
                           window.exportGraphPngAction(), window.exportOptimizedSvgAction(),
                           window.exportOptimizedPngAction(), window.exportProfileCsvAction(),
                           window.exportProfileJsonAction(), window.exportProfileTraceAction(), window.exportProfilePngAction(),
                           window.exportCompareAction(), window.exportBuildComparisonAction()})
            QVERIFY2(actions.contains(a), qPrintable(a->text()));
    }

    void newViewsInChinese() {
        LanguageManager language;
        QVERIFY(language.apply("zh_CN"));
        MainWindow window(&language);
        QCOMPARE(window.viewTabs()->tabText(int(MainWindow::ViewTab::CompareBuilds)),
                 QStringLiteral("构建对比"));
        QCOMPARE(window.exportMenu()->title(), QStringLiteral("导出(&E)"));
        QCOMPARE(window.exportGraphSvgAction()->text(), QStringLiteral("将计算图导出为 SVG…"));
        QSignalSpy opened(&window, &MainWindow::modelOpened);
        window.openFile(enginePath_);
        QVERIFY(opened.wait(30000));
        QVERIFY(topItem(window.summaryPanel()->tree(), QStringLiteral("推理引擎")));
        QVERIFY(topItem(window.summaryPanel()->tree(), QStringLiteral("策略")));
        QVERIFY(language.apply("en"));
        // (LanguageChange reaches widgets as a posted event.)
        QTRY_COMPARE(window.viewTabs()->tabText(int(MainWindow::ViewTab::CompareBuilds)),
                     QStringLiteral("Compare Builds"));
        QVERIFY(topItem(window.summaryPanel()->tree(), QStringLiteral("Engine")));
    }

    void compareBuildsThroughWindow() {
        MainWindow window;
        window.show();
        QSignalSpy opened(&window, &MainWindow::modelOpened);
        window.openFile(kTinyCnn);
        QVERIFY(opened.wait(30000));
        QVERIFY(window.waitUntilIdle(60000));
        window.workbench()->settings()->setConfig(batchOne());
        // The inputs chosen in the input chooser (the Workbench's choice): the test data set, batch 2.
        RunInputChoice choice;
        choice.source = InputSource::TestDataSet;
        choice.dataSet = kTinyCnnData;
        window.workbench()->setInputChoice(choice);
        QVERIFY(window.compareBuildsAction()->isEnabled());
        BuildComparisonModel* model = window.workbench()->buildComparison();
        QList<bool> runningAtStarted;
        connect(model, &BuildComparisonModel::started, this, [&] { runningAtStarted << model->isRunning(); });
        window.compareBuildsAction()->trigger();
        QCOMPARE(window.viewTabs()->currentIndex(), int(MainWindow::ViewTab::CompareBuilds));
        // Running from the start: Compare Builds is disabled and Cancel enabled while it runs.
        QCOMPARE(runningAtStarted, QList<bool>{true});
        QVERIFY(!window.compareBuildsAction()->isEnabled());
        QVERIFY(window.cancelCompareBuildsAction()->isEnabled());
        QVERIFY(window.waitUntilIdle(240000));
        QVERIFY(!model->isRunning());
        QVERIFY(window.compareBuildsAction()->isEnabled());
        QVERIFY(!window.cancelCompareBuildsAction()->isEnabled());
        QVERIFY2(model->hasResult(), qPrintable(model->lastError()));
        QCOMPARE(model->sideA().spec.config.optimizationLevel, 1);
        QCOMPARE(model->sideB().spec.config.optimizationLevel, 3);
        // Both builds ran on the data set (before, always seeded random at batch 1, with no input line).
        QCOMPARE(model->inputText(), QStringLiteral("Input: test_data_set_0, shape input 2\u00d73\u00d732\u00d732"));
        QVERIFY(window.buildComparisonView()->totalsLabel()->text().contains(QStringLiteral("test_data_set_0")));
        QCOMPARE(model->timings().referenceRuns, 1);
        QVERIFY(model->sideA().outputsPassed && model->sideB().outputsPassed);
        QVERIFY(window.exportBuildComparisonAction()->isEnabled());
        const QString csv = dir_.filePath("window-builds.csv");
        window.setPathChooser([&](const QString& purpose, const QString&) {
            return purpose == QLatin1String("export-build-comparison-csv") ? csv : QString();
        });
        window.exportBuildComparisonAction()->trigger();
        QVERIFY(QFile::exists(csv));
    }

    // Engine files on disk (issue 15): tiny_cnn at level 0 and 3 built with the library, saved, and
    // compared through the model with no build step, on the bundled test data set (batch 2).
    void engineFilesCompared() {
        const QString level0 = dir_.filePath("cnn-level0.kiln");
        const QString level3 = dir_.filePath("cnn-level3.kiln");
        auto engine0 = kiln::buildEngine(*model_, batchOne(0));
        auto engine3 = kiln::buildEngine(*model_, batchOne(3));
        engine0->save(level0.toStdString());
        engine3->save(level3.toStdString());
        QVERIFY(engine3->layers().size() < engine0->layers().size());

        BuildComparisonModel model;
        QSignalSpy finished(&model, &BuildComparisonModel::finished);
        QSignalSpy failed(&model, &BuildComparisonModel::failed);
        ProfileRunOptions options;
        options.warmup = 1;
        options.iterations = 2;
        RunInputChoice choice;
        choice.source = InputSource::TestDataSet;
        choice.dataSet = kTinyCnnData;
        model.runEngines(nullptr, level0, level3, options, choice);
        QVERIFY(model.isRunning());
        QVERIFY(finished.wait(240000));
        QCOMPARE(failed.count(), 0);
        const BuildSideResult& a = model.sideA();
        const BuildSideResult& b = model.sideB();
        QCOMPARE(a.spec.label, QStringLiteral("cnn-level0.kiln"));
        QCOMPARE(b.spec.label, QStringLiteral("cnn-level3.kiln"));
        QCOMPARE(int(a.layers.size()), int(engine0->layers().size()));
        QCOMPARE(int(b.layers.size()), int(engine3->layers().size()));
        QCOMPARE(a.spec.config.optimizationLevel, 0);
        QCOMPARE(b.spec.config.optimizationLevel, 3);
        // Both sides' layers are in the rows, matched by the ONNX nodes they came from.
        int both = 0;
        for (const ComparisonRow& r : model.rows()) both += !r.layersA.empty() && !r.layersB.empty() ? 1 : 0;
        QCOMPARE(both, model.rowCount());
        QVERIFY(model.changedRows() > 0);
        QVERIFY(a.totalMs > 0 && b.totalMs > 0);
        // A is the baseline; B's outputs differ from A's by float rounding only.
        QCOMPARE(a.outputError, 0.0);
        QVERIFY2(b.outputError >= 0 && b.outputError < 1e-4, qPrintable(QString::number(b.outputError)));
        QVERIFY(b.outputsPassed);
        // The result names the inputs it ran on: the data set's batch 2, not random data.
        QVERIFY2(model.inputText().contains(QStringLiteral("test_data_set_0")), qPrintable(model.inputText()));
        QVERIFY2(model.inputText().contains(QStringLiteral("2\u00d73\u00d732\u00d732")), qPrintable(model.inputText()));
        // A workspace keeps the input line with the result.
        BuildComparisonModel restored;
        QString problem;
        QVERIFY2(restored.restoreResults(model.resultsJson(), &problem), qPrintable(problem));
        QCOMPARE(restored.inputText(), model.inputText());
        QCOMPARE(restored.rowCount(), model.rowCount());
        // Cancel stops it: no new result, the cancellation in the status line.
        model.runEngines(nullptr, level0, level3, options, choice);
        model.cancel();
        QVERIFY(failed.wait(60000));
        QVERIFY(!model.isRunning());
        QVERIFY2(model.lastError().contains(QStringLiteral("cancelled")), qPrintable(model.lastError()));
        failed.clear();

        // The open model's level-0 build against the level-3 file, both checked against the reference.
        model.runEngines(model_, QString(), level3, options, choice);
        QVERIFY(finished.wait(240000));
        QCOMPARE(failed.count(), 0);
        QCOMPARE(model.sideA().spec.config.optimizationLevel, 0);
        QCOMPARE(int(model.sideA().layers.size()), model_->nodeCount());
        QCOMPARE(int(model.sideB().layers.size()), int(engine3->layers().size()));
        QVERIFY(model.sideA().outputsPassed && model.sideB().outputsPassed);
        QVERIFY(model.sideA().outputError >= 0 && model.sideA().outputError < 1e-4);
        QVERIFY(model.sideB().outputError >= 0 && model.sideB().outputError < 1e-4);
        QVERIFY(model.inputText().contains(QStringLiteral("test_data_set_0")));

        // Engines of another model: an error naming the input, no result, no crash.
        LoadOutcome transformer = ModelLoader::loadFile(kTinyTransformer);
        QVERIFY2(transformer.model, qPrintable(transformer.error));
        kiln::BuilderConfig config;
        config.profiles.push_back({{{"input_ids", kiln::ShapeRange{{1, 7}, {1, 7}, {2, 16}}},
                                    {"attention_mask", kiln::ShapeRange{{1, 7}, {1, 7}, {2, 16}}}}});
        config.timingIterations = 2;
        const QString other = dir_.filePath("transformer.kiln");
        kiln::buildEngine(*transformer.model->graph, config)->save(other.toStdString());
        model.clear();
        model.runEngines(nullptr, level0, other, options, RunInputChoice{});
        QVERIFY(failed.wait(60000));
        QVERIFY(!model.hasResult());
        QVERIFY2(model.lastError().contains(QStringLiteral("\u201cinput\u201d")), qPrintable(model.lastError()));
        QVERIFY2(model.lastError().contains(QStringLiteral("transformer.kiln")), qPrintable(model.lastError()));
        model.runEngines(model_, QString(), other, options, RunInputChoice{});
        QVERIFY(failed.wait(60000));
        QVERIFY(!model.hasResult());
        QVERIFY2(model.lastError().contains(QStringLiteral("\u201cinput\u201d")), qPrintable(model.lastError()));
    }

    // Analyze > Compare Engine Files… and Compare with Engine File… through the window: the
    // Workbench's chosen inputs, the result in the Compare Builds view with its input line, and
    // the comparison gone when another model opens.
    void engineFilesThroughWindow() {
        const QString level0 = dir_.filePath("window-level0.kiln");
        kiln::buildEngine(*model_, batchOne(0))->save(level0.toStdString());
        MainWindow window;
        window.show();
        QSignalSpy opened(&window, &MainWindow::modelOpened);
        window.openFile(kTinyCnn);
        QVERIFY(opened.wait(30000));
        QVERIFY(window.waitUntilIdle(60000));
        RunInputChoice choice;
        choice.source = InputSource::TestDataSet;
        choice.dataSet = kTinyCnnData;
        window.workbench()->setInputChoice(choice);
        QVERIFY(window.compareEngineFilesAction()->isEnabled());
        QVERIFY(window.compareWithEngineFileAction()->isEnabled());
        window.setPathChooser([&](const QString& purpose, const QString&) {
            if (purpose == QLatin1String("compare-engine-a")) return level0;
            if (purpose == QLatin1String("compare-engine-b")) return enginePath_;
            return QString();
        });
        BuildComparisonModel* model = window.workbench()->buildComparison();
        window.compareEngineFilesAction()->trigger();
        QCOMPARE(window.viewTabs()->currentIndex(), int(MainWindow::ViewTab::CompareBuilds));
        QVERIFY(window.waitUntilIdle(240000));
        QVERIFY2(model->hasResult(), qPrintable(model->lastError()));
        QCOMPARE(model->sideB().spec.label, QStringLiteral("tiny_cnn.engine"));
        QVERIFY(model->inputText().contains(QStringLiteral("test_data_set_0")));
        QVERIFY(window.buildComparisonView()->totalsLabel()->text().contains(QStringLiteral("test_data_set_0")));

        window.setPathChooser([&](const QString& purpose, const QString&) {
            return purpose == QLatin1String("compare-engine-file") ? enginePath_ : QString();
        });
        window.compareWithEngineFileAction()->trigger();
        QVERIFY(window.waitUntilIdle(240000));
        QVERIFY2(model->hasResult(), qPrintable(model->lastError()));
        QCOMPARE(int(model->sideA().layers.size()), model_->nodeCount());

        // Another model: the comparison is gone.
        window.openFile(kTinyTransformer);
        QVERIFY(opened.wait(30000));
        QVERIFY(!model->hasResult());
        QVERIFY(model->inputText().isEmpty());
        QCOMPARE(model->rowCount(), 0);
        // With an engine file open, engine files still compare (and the tab opens for them).
        window.openFile(enginePath_);
        QVERIFY(opened.wait(30000));
        QVERIFY(!window.compareWithEngineFileAction()->isEnabled());
        window.setPathChooser([&](const QString& purpose, const QString&) {
            if (purpose == QLatin1String("compare-engine-a")) return enginePath_;
            if (purpose == QLatin1String("compare-engine-b")) return level0;
            return QString();
        });
        window.compareEngineFilesAction()->trigger();
        QVERIFY(window.waitUntilIdle(240000));
        QVERIFY2(model->hasResult(), qPrintable(model->lastError()));
        QVERIFY(window.viewTabs()->isTabEnabled(int(MainWindow::ViewTab::CompareBuilds)));
        QCOMPARE(window.viewTabs()->currentIndex(), int(MainWindow::ViewTab::CompareBuilds));
    }
    // Issue 15, "Done when": the whole flow on two models in turn, through the window as a user runs
    // it. A (tiny_cnn): INT8 with a calibration folder, batch up to 2, built and saved, profiled and
    // compared on seed 7 at 2×3×32×32. B (tiny_transformer, other inputs, other layers): nothing of
    // A shows anywhere in the window (build panel, log, settings, input choice, profiler, accuracy,
    // charts, every label, field and table cell). B is built and saved at levels 3 and 1 and
    // profiled; Compare Engine Files refuses A's engine against B's naming the input that differs,
    // and compares B's two engines, naming both files.
    void twoModelsInTurn() {
        MainWindow window;
        window.resize(1400, 860);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QHash<QString, QString> answers;
        window.setPathChooser([&](const QString& purpose, const QString&) { return answers.value(purpose); });
        Workbench* wb = window.workbench();
        BuildPanel* panel = window.buildPanel();
        ProfilerView* profiler = window.profilerView();
        AccuracyView* accuracy = window.accuracyView();
        RunInputChooser* chooser = profiler->inputChooser();
        QSignalSpy opened(&window, &MainWindow::modelOpened);
        QSignalSpy built(wb->builder(), &BuildController::finished);
        auto build = [&] {
            built.clear();
            window.buildAction()->trigger();
            return built.wait(120000) && window.waitUntilIdle(60000);
        };
        auto exportEngine = [&](const QString& name) {
            answers[QStringLiteral("export-engine")] = dir_.filePath(name);
            window.exportEngineAction()->trigger();
            return QFileInfo(dir_.filePath(name)).size() > 0;
        };

        // A: build (INT8, calibrated), save, profile, compare.
        window.openFile(kTinyCnn);
        QVERIFY(opened.wait(30000));
        QVERIFY(window.waitUntilIdle(60000));
        const QString calibration = test::makeTinyCnnCalibration(dir_.filePath(QStringLiteral("walk-calibration")));
        QVERIFY(!calibration.isEmpty());
        panel->precisionBox(kiln::Precision::INT8)->setChecked(true);
        wb->settings()->setCalibrationFolder(calibration);
        wb->settings()->setShapeText(0, QStringLiteral("input"), ShapeBound::Max, QStringLiteral("2x3x32x32"));
        QVERIFY2(wb->settings()->isValid(), qPrintable(wb->settings()->validationMessage()));
        QCOMPARE(panel->calibrationFolderField()->text(), calibration);
        QVERIFY(build());
        QVERIFY2(panel->phaseLabel()->text().startsWith(QStringLiteral("Built:")), qPrintable(panel->phaseLabel()->text()));
        const std::shared_ptr<const kiln::Engine> engineA = wb->builder()->engine();
        QVERIFY(engineA);
        QVERIFY(exportEngine(QStringLiteral("walk-a.kiln")));
        chooser->seedBox()->setValue(7);
        QLineEdit* shapeA = chooser->shapeField(QStringLiteral("input"));
        QVERIFY(shapeA);
        shapeA->setText(QStringLiteral("2x3x32x32"));
        QCOMPARE(wb->inputChoice().seed, uint64_t(7));
        window.profileAction()->trigger();
        QVERIFY(window.waitUntilIdle(120000));
        QVERIFY2(wb->profile()->hasReport(), qPrintable(wb->profile()->lastError()));
        QVERIFY2(wb->profile()->inputText().contains(QStringLiteral("seed 7")) &&
                     wb->profile()->inputText().contains(QStringLiteral("2\u00d73\u00d732\u00d732")),
                 qPrintable(wb->profile()->inputText()));
        window.compareAction()->trigger();
        QVERIFY(window.waitUntilIdle(120000));
        QVERIFY2(wb->accuracy()->hasReport(), qPrintable(wb->accuracy()->lastError()));
        QVERIFY(profiler->table()->model()->rowCount() > 0);
        QVERIFY(accuracy->table()->model()->rowCount() > 0);
        // What of A the window shows now, looked for once B is open.
        QStringList marks = {QStringLiteral("seed 7"), QStringLiteral("2\u00d73\u00d732\u00d732"),
                             QStringLiteral("2x3x32x32"), calibration, QStringLiteral("tiny_cnn"),
                             QStringLiteral("walk-a.kiln"), QStringLiteral("Built:")};
        // B's node and input names, so that a layer of A with a name B also has is not a mark.
        LoadOutcome loadedB = ModelLoader::loadFile(kTinyTransformer);
        QVERIFY2(loadedB.model, qPrintable(loadedB.error));
        QSet<QString> namesOfB;
        for (const kiln::Node* n : loadedB.model->graph->nodes()) namesOfB.insert(QString::fromStdString(n->name));
        for (const kiln::Value* v : loadedB.model->graph->inputs()) namesOfB.insert(QString::fromStdString(v->name));
        QStringList layersOfA;
        for (const kiln::EngineLayer& l : engineA->layers())
            if (const QString name = QString::fromStdString(l.name); !namesOfB.contains(name)) layersOfA << name;
        QVERIFY(layersOfA.size() > 3);
        // The sweep finds each of them while A is open (the profile table lists every layer).
        for (const QString& mark : QStringList{QStringLiteral("seed 7"), QStringLiteral("2\u00d73\u00d732\u00d732"),
                                               calibration, QStringLiteral("Built:")})
            QVERIFY2(!firstShown(&window, {mark}).isEmpty(), qPrintable(mark));
        for (const QString& layer : layersOfA) QVERIFY2(!firstShown(&window, {}, {layer}).isEmpty(), qPrintable(layer));

        // B: nothing of A.
        window.openFile(kTinyTransformer);
        QVERIFY(opened.wait(30000));
        QVERIFY(window.waitUntilIdle(60000));
        // The build panel: not built, an empty log, no layer table, B's profile inputs, no calibration folder.
        QCOMPARE(panel->phaseLabel()->text(), QStringLiteral("Not built yet."));
        QVERIFY2(panel->log()->toPlainText().isEmpty(), qPrintable(panel->log()->toPlainText()));
        QVERIFY(!panel->layerPrecisionView()->model()->hasEngine());
        QVERIFY(!wb->hasEngine());
        QVERIFY(!panel->shapeField(0, QStringLiteral("input"), ShapeBound::Max));
        QVERIFY(panel->shapeField(0, QStringLiteral("input_ids"), ShapeBound::Max));
        QCOMPARE(wb->settings()->calibrationFolder(), QString());
        QVERIFY(panel->calibrationFolderField()->text().isEmpty());
        // INT8 is still asked for, and without B's calibration data it is not valid.
        QVERIFY(wb->settings()->precisionEnabled(kiln::Precision::INT8));
        QVERIFY(!wb->settings()->isValid());
        QVERIFY2(panel->validationLabel()->text().startsWith(QStringLiteral("\u2717")),
                 qPrintable(panel->validationLabel()->text()));
        // The inputs: today's default (seeded random, seed 1), B's data set, no shape field of A.
        QVERIFY(wb->inputChoice() == RunInputChoice{});
        QCOMPARE(chooser->seedBox()->value(), 1);
        QVERIFY(!chooser->shapeField(QStringLiteral("input")));
        for (RunInputChooser* c : {profiler->inputChooser(), accuracy->inputChooser()})
            for (int i = 0; i < c->dataSetBox()->count(); ++i)
                QVERIFY2(c->dataSetBox()->itemData(i).toString().contains(QStringLiteral("tiny_transformer")),
                         qPrintable(c->dataSetBox()->itemData(i).toString()));
        // No results, no rows, empty charts, no engine layers in the fusion view.
        QVERIFY(!wb->profile()->hasReport());
        QVERIFY(!wb->accuracy()->hasReport());
        QVERIFY(!wb->buildComparison()->hasResult());
        QVERIFY(!wb->fusion()->hasEngine());
        QCOMPARE(profiler->table()->model()->rowCount(), 0);
        QCOMPARE(accuracy->table()->model()->rowCount(), 0);
        for (QCustomPlot* chart : {profiler->topChart(), profiler->typeChart(), profiler->timelineChart(),
                                   accuracy->depthChart(), accuracy->histogramChart(),
                                   window.buildComparisonView()->chart()})
            QCOMPARE(chart->plottableCount(), 0);
        // And no label, field, log, list or table cell anywhere in the window holds anything of A.
        QString leak = firstShown(&window, marks, layersOfA);
        QVERIFY2(leak.isEmpty(), qPrintable(leak));

        // B: build at level 3 (INT8 off: B has no calibration data), save, profile; then level 1, save.
        panel->precisionBox(kiln::Precision::INT8)->setChecked(false);
        QVERIFY2(wb->settings()->isValid(), qPrintable(wb->settings()->validationMessage()));
        QCOMPARE(panel->optimizationLevelBox()->value(), 3);
        QVERIFY(build());
        QVERIFY(panel->log()->toPlainText().startsWith(QStringLiteral("Build started")));
        QCOMPARE(panel->log()->toPlainText().count(QStringLiteral("Build started")), 1);
        const int layersB3 = int(wb->builder()->engine()->layers().size());
        QCOMPARE(panel->phaseLabel()->text(), QStringLiteral("Built: %1 layer(s).").arg(layersB3));
        marks.removeAll(QStringLiteral("Built:"));  // B's own from here
        QVERIFY(exportEngine(QStringLiteral("walk-b3.kiln")));
        window.profileAction()->trigger();
        QVERIFY(window.waitUntilIdle(120000));
        QVERIFY2(wb->profile()->hasReport(), qPrintable(wb->profile()->lastError()));
        QCOMPARE(profiler->table()->model()->rowCount(), layersB3);
        QVERIFY2(wb->profile()->inputText().contains(QStringLiteral("seed 1")), qPrintable(wb->profile()->inputText()));
        leak = firstShown(&window, marks, layersOfA);
        QVERIFY2(leak.isEmpty(), qPrintable(leak));
        panel->optimizationLevelBox()->setValue(1);
        QCOMPARE(wb->settings()->config().optimizationLevel, 1);
        QVERIFY(build());
        QVERIFY(exportEngine(QStringLiteral("walk-b1.kiln")));

        // Compare Engine Files: A's engine with B's is refused, naming both files and the input.
        BuildComparisonModel* comparison = wb->buildComparison();
        answers[QStringLiteral("compare-engine-a")] = dir_.filePath(QStringLiteral("walk-a.kiln"));
        answers[QStringLiteral("compare-engine-b")] = dir_.filePath(QStringLiteral("walk-b3.kiln"));
        QVERIFY(window.compareEngineFilesAction()->isEnabled());
        window.compareEngineFilesAction()->trigger();
        QVERIFY(window.waitUntilIdle(240000));
        QVERIFY(!comparison->hasResult());
        const QString refusal = comparison->lastError();
        for (const QString& part : {QStringLiteral("walk-a.kiln"), QStringLiteral("walk-b3.kiln"),
                                    QStringLiteral("\u201cinput\u201d"), QStringLiteral("input_ids"),
                                    QStringLiteral("different models")})
            QVERIFY2(refusal.contains(part), qPrintable(part + QStringLiteral(": ") + refusal));
        bool shown = false;
        for (QLabel* label : window.buildComparisonView()->findChildren<QLabel*>())
            shown = shown || (label->isVisible() && label->text().contains(refusal));
        QVERIFY2(shown, "the refusal is not shown in the Compare Builds view");
        QVERIFY(!window.buildComparisonView()->totalsLabel()->isVisible());

        // B's two engines: compared, the result names both files.
        answers[QStringLiteral("compare-engine-a")] = dir_.filePath(QStringLiteral("walk-b1.kiln"));
        window.compareEngineFilesAction()->trigger();
        QVERIFY(window.waitUntilIdle(240000));
        QVERIFY2(comparison->hasResult(), qPrintable(comparison->lastError()));
        QCOMPARE(comparison->sideA().spec.label, QStringLiteral("walk-b1.kiln"));
        QCOMPARE(comparison->sideB().spec.label, QStringLiteral("walk-b3.kiln"));
        QCOMPARE(comparison->sideA().spec.config.optimizationLevel, 1);
        QCOMPARE(comparison->sideB().spec.config.optimizationLevel, 3);
        QCOMPARE(int(comparison->sideB().layers.size()), layersB3);
        QVERIFY(comparison->sideB().outputsPassed);
        const QString totals = window.buildComparisonView()->totalsLabel()->text();
        QVERIFY2(totals.contains(QStringLiteral("walk-b1.kiln")) && totals.contains(QStringLiteral("walk-b3.kiln")),
                 qPrintable(totals));
        QVERIFY2(comparison->inputText().contains(QStringLiteral("seed 1")), qPrintable(comparison->inputText()));
        leak = firstShown(&window, marks, layersOfA);
        QVERIFY2(leak.isEmpty(), qPrintable(leak));
    }
};

QTEST_MAIN(EngineAndCompareTest)
#include "test_engine_and_compare.moc"
