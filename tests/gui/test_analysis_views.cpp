// The fusion, build, profiler and accuracy views: smoke tests of each widget, then the end-to-end
// run through the main window's actions — open the bundled tiny_cnn, build it, profile it,
// compare it, keep a layer in FP32 (override + rebuild), export the engine and the profile, and
// save and reopen the workspace.
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeWidget>
#include <QElapsedTimer>
#include <QtTest>
#include <functional>
#include <qcustomplot.h>

#include "engine_core/builder/engine.h"
#include "gui_test_util.h"
#include "widgets/accuracy_view.h"
#include "widgets/build_panel.h"
#include "widgets/fusion_view.h"
#include "widgets/graph_panel.h"
#include "widgets/graph_scene.h"
#include "widgets/main_window.h"
#include "widgets/profiler_view.h"

using namespace kiln::studio;

namespace {
const QString kTinyCnn = QStringLiteral(KILN_SOURCE_DIR "/resources/samples/tiny_cnn/model.onnx");

bool waitFor(const std::function<bool()>& done, int ms = 60000) {
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < ms) QTest::qWait(20);
    return done();
}
}  // namespace

class AnalysisViewsTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir dir_;

private slots:
    void initTestCase() {
        test::isolateSettings();
        QVERIFY(dir_.isValid());
    }

    void fusionViewSmoke() {
        FusionModel model;
        FusionView view(&model);
        view.resize(1200, 700);
        view.show();
        QSignalSpy ready(&model, &FusionModel::optimizedReady);
        LoadOutcome loaded = ModelLoader::loadFile(kTinyCnn);
        QVERIFY(loaded.model);
        model.setSource(loaded.model->graph, kTinyCnn);
        QVERIFY(ready.wait(30000));
        QVERIFY(waitFor([&] { return !view.isBusy(); }));
        QVERIFY(view.optimizedPanel()->scene()->nodeItemCount() > 0);
        QVERIFY(view.summaryTree()->topLevelItemCount() > 0);
        QVERIFY(view.countsLabel()->text().contains(QStringLiteral("\u2192")));
        // Clicking a fused box (through its scene) lights its sources on the left.
        int fused = -1;
        for (const ModelNode& n : model.optimized()->nodes())
            if (n.origin.size() > 1) fused = n.id;
        QVERIFY(fused >= 0);
        view.optimizedPanel()->scene()->nodeClicked(fused);
        QCOMPARE(int(model.original()->highlighted().size()), int(model.optimized()->node(fused).origin.size()));
        QVERIFY(view.originalPanel()->scene()->nodeItem(*model.original()->highlighted().begin()) != nullptr);
        // The level selector re-optimizes.
        view.levelSelector()->setCurrentIndex(0);
        QVERIFY(ready.wait(30000));
        QCOMPARE(model.report().optimizationLevel, 0);
        QCOMPARE(model.optimized()->operatorCount(), model.original()->operatorCount());
    }

    void buildPanelSmoke() {
        BuildSettingsModel settings;
        BuildController controller;
        BuildPanel panel(&settings, &controller, {});
        panel.show();
        LoadOutcome loaded = ModelLoader::loadFile(kTinyCnn);
        settings.setGraph(loaded.model->graph);
        QCOMPARE(panel.profileTabs()->count(), 1);
        QLineEdit* opt = panel.shapeField(0, QStringLiteral("input"), ShapeBound::Opt);
        QVERIFY(opt);
        QCOMPARE(opt->text(), QStringLiteral("1x3x32x32"));
        // Typing an opt above max shows the validator's message next to the field.
        opt->clear();
        QTest::keyClicks(opt, QStringLiteral("4x3x32x32"));
        QVERIFY(!settings.isValid());
        QLabel* message = panel.shapeMessage(0, QStringLiteral("input"));
        QVERIFY(message->isVisibleTo(&panel));
        QVERIFY(message->text().contains(QStringLiteral("profiles[0].input.opt")));
        QVERIFY(panel.validationLabel()->text().contains(QStringLiteral("outside")));
        // Fixing max makes it valid again.
        QLineEdit* max = panel.shapeField(0, QStringLiteral("input"), ShapeBound::Max);
        max->selectAll();
        QTest::keyClicks(max, QStringLiteral("8x3x32x32"));
        QVERIFY2(settings.isValid(), qPrintable(settings.validationMessage()));
        QVERIFY(!message->isVisibleTo(&panel));
        // Precision checkboxes, overrides and profiles mirror the model.
        settings.addOverride(QStringLiteral("Softmax"), kiln::Precision::FP32);
        QCOMPARE(panel.overridesTable()->rowCount(), 1);
        settings.addProfile();
        QCOMPARE(panel.profileTabs()->count(), 2);
        panel.precisionBox(kiln::Precision::FP16)->setChecked(true);
        QVERIFY(settings.precisionEnabled(kiln::Precision::FP16));
        QVERIFY(!settings.isValid());  // CPU: fp32 only
        panel.precisionBox(kiln::Precision::FP16)->setChecked(false);
        QVERIFY(settings.isValid());
        // Calibration widgets follow the INT8 box; the percentile only for the percentile calibrator.
        QVERIFY(!panel.calibrationFolderField()->isEnabled());
        QVERIFY(!panel.calibratorBox()->isEnabled());
        panel.precisionBox(kiln::Precision::INT8)->setChecked(true);
        QVERIFY(panel.calibrationFolderField()->isEnabled());
        QVERIFY(panel.calibrationBrowseButton()->isEnabled());
        QVERIFY(panel.calibratorBox()->isEnabled());
        QVERIFY(!panel.percentileBox()->isEnabled());
        QVERIFY(!settings.isValid());  // INT8 without calibration data or cache
        QCOMPARE(settings.validationField(), QStringLiteral("calibration.dataFolder"));
        QVERIFY(!panel.calibrationFolderField()->toolTip().isEmpty());
        panel.calibratorBox()->setCurrentIndex(panel.calibratorBox()->findData(int(kiln::CalibrationAlgorithm::Percentile)));
        QCOMPARE(settings.calibrator(), kiln::CalibrationAlgorithm::Percentile);
        QVERIFY(panel.percentileBox()->isEnabled());
        panel.percentileBox()->setValue(99.5);
        QCOMPARE(settings.percentile(), 99.5);
        QTest::keyClicks(panel.calibrationFolderField(), QStringLiteral(KILN_SOURCE_DIR "/resources/samples/tiny_cnn"));
        QCOMPARE(settings.calibrationFolder(), QStringLiteral(KILN_SOURCE_DIR "/resources/samples/tiny_cnn"));
        QVERIFY2(settings.isValid(), qPrintable(settings.validationMessage()));
        settings.setCalibrationCachePath(QStringLiteral("/tmp/x.calib"));
        QCOMPARE(panel.calibrationCacheField()->text(), QStringLiteral("/tmp/x.calib"));
        panel.precisionBox(kiln::Precision::INT8)->setChecked(false);
        QVERIFY(!panel.calibratorBox()->isEnabled());
    }

    void endToEndThroughActions() {
        MainWindow window;
        window.resize(1500, 950);
        window.show();
        QMap<QString, QString> answers;
        answers[QStringLiteral("export-engine")] = dir_.filePath(QStringLiteral("tiny.kiln"));
        answers[QStringLiteral("export-profile-json")] = dir_.filePath(QStringLiteral("profile.json"));
        answers[QStringLiteral("export-profile-csv")] = dir_.filePath(QStringLiteral("profile.csv"));
        answers[QStringLiteral("export-profile-png")] = dir_.filePath(QStringLiteral("profile.png"));
        answers[QStringLiteral("export-compare-json")] = dir_.filePath(QStringLiteral("compare.json"));
        answers[QStringLiteral("save-workspace")] = dir_.filePath(QStringLiteral("tiny.kilnws"));
        answers[QStringLiteral("save-settings")] = dir_.filePath(QStringLiteral("settings.json"));
        window.setPathChooser([&](const QString& purpose, const QString&) { return answers.value(purpose); });

        window.openFile(kTinyCnn);
        QVERIFY(window.waitUntilIdle(60000));
        Workbench* wb = window.workbench();
        QVERIFY(wb->model());
        QVERIFY(window.buildAction()->isEnabled());
        QVERIFY(!window.profileAction()->isEnabled());  // no engine yet

        // Build.
        QSignalSpy built(wb->builder(), &BuildController::finished);
        window.buildAction()->trigger();
        QVERIFY(built.wait(120000));
        QVERIFY(wb->hasEngine());
        QVERIFY(window.buildPanel()->log()->toPlainText().contains(QStringLiteral("layer")));
        QCOMPARE(window.buildPanel()->progressBar()->value(), window.buildPanel()->progressBar()->maximum());

        // Export the engine; the file loads.
        window.exportEngineAction()->trigger();
        QVERIFY2(QFile::exists(answers["export-engine"]), qPrintable(window.lastAnalysisError()));
        QCOMPARE(kiln::Engine::load(answers["export-engine"].toStdString())->layers().size(),
                 wb->builder()->engine()->layers().size());

        // Profile.
        QSignalSpy profiled(wb->profile(), &ProfileModel::finished);
        window.profileAction()->trigger();
        QCOMPARE(window.viewTabs()->currentWidget(), window.profilerView());
        QVERIFY(profiled.wait(120000));
        QCOMPARE(window.profilerView()->table()->model()->rowCount(), int(wb->builder()->engine()->layers().size()));
        QVERIFY(window.profilerView()->topChart()->plottableCount() > 0);
        // The heat map is on both graphs.
        QVERIFY(window.waitUntilIdle(60000));
        QVERIFY(window.graphModel()->hasOverlays());
        QVERIFY(wb->fusion()->optimized()->hasOverlays());
        for (QAction* a : {window.exportProfileJsonAction(), window.exportProfileCsvAction(), window.exportProfilePngAction()})
            a->trigger();
        for (const char* key : {"export-profile-json", "export-profile-csv", "export-profile-png"})
            QVERIFY2(QFile::exists(answers[key]), key);
        window.profilerView()->heatBox()->setChecked(false);
        QVERIFY(!window.graphModel()->hasOverlays());

        // Compare.
        QSignalSpy compared(wb->accuracy(), &AccuracyModel::finished);
        window.compareAction()->trigger();
        QCOMPARE(window.viewTabs()->currentWidget(), window.accuracyView());
        QVERIFY(compared.wait(120000));
        QVERIFY(wb->accuracy()->report().passed());
        QVERIFY(window.accuracyView()->statusLabel()->text().startsWith(QStringLiteral("PASS")));
        QVERIFY(window.accuracyView()->depthChart()->graphCount() > 0);
        window.exportCompareAction()->trigger();
        QVERIFY(QFile::exists(answers["export-compare-json"]));

        // Keep a layer in FP32: an override is added, the engine rebuilt and compared again.
        const QString layer = QString::fromStdString(wb->builder()->engine()->layers().front().name);
        QVERIFY(window.accuracyView()->selectRow(layer));
        QCOMPARE(window.accuracyView()->selectedLayer(), layer);
        QSignalSpy rebuilt(wb->builder(), &BuildController::finished);
        compared.clear();
        window.keepFp32Action()->trigger();
        QCOMPARE(wb->settings()->overrideCount(), 1);
        // Named by the layer's last ONNX source node: the config is checked against the ONNX model.
        QCOMPARE(QString::fromStdString(wb->settings()->overrideAt(0).target),
                 QString::fromStdString(wb->builder()->engine()->layers().front().origin.back()));
        QVERIFY(wb->settings()->isValid());
        QVERIFY(rebuilt.wait(120000));
        QVERIFY(compared.wait(120000));
        QCOMPARE(wb->builder()->engine()->config().layerPrecisions.size(), size_t(1));

        // Settings file and workspace.
        window.saveSettingsAction()->trigger();
        QVERIFY(QFile::exists(answers["save-settings"]));
        QVERIFY(kiln::loadBuilderConfig(answers["save-settings"].toStdString()) == wb->settings()->config());
        window.showView(MainWindow::ViewTab::Fusion);
        window.saveWorkspaceAction()->trigger();
        QFile ws(answers["save-workspace"]);
        QVERIFY(ws.open(QIODevice::ReadOnly));
        const QJsonObject json = QJsonDocument::fromJson(ws.readAll()).object();
        QCOMPARE(json.value("model").toString(), kTinyCnn);
        QCOMPARE(json.value("view").toObject().value("tab").toInt(), int(MainWindow::ViewTab::Fusion));

        MainWindow second;
        second.show();
        QString error;
        QSignalSpy opened(&second, &MainWindow::modelOpened);
        QVERIFY2(second.openWorkspace(answers["save-workspace"], &error), qPrintable(error));
        QVERIFY(opened.wait(60000));
        QVERIFY(second.waitUntilIdle(60000));
        QVERIFY(second.workbench()->settings()->config() == wb->settings()->config());
        QCOMPARE(second.viewTabs()->currentWidget(), second.fusionView());
        // A broken workspace is one clear message.
        QFile bad(dir_.filePath(QStringLiteral("bad.kilnws")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("{\"format\": \"something-else\"}");
        bad.close();
        QVERIFY(!second.openWorkspace(bad.fileName(), &error));
        QVERIFY(error.contains(QStringLiteral("bad.kilnws")));
    }
};

QTEST_MAIN(AnalysisViewsTest)
#include "test_analysis_views.moc"
