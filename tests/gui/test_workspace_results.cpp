// Workspaces keep results: after build + profile + compare + compare-builds of the bundled tiny_cnn,
// a saved workspace opened in a fresh main window shows the same profile, accuracy and build
// comparison rows without running anything (with the end-to-end latency and the inputs each
// result came from); a version-1 workspace (no results) still opens; a
// newer version is refused with a clear message; a damaged result is reported, the others restore;
// the graph grouping mode is saved by name and restored (missing or unknown: automatic); the fusion
// view's orientation is saved; build settings that do not fit the model are reported; an accuracy
// result emulated on the CPU (FP16) keeps its emulation through the workspace and the JSON export;
// so does one compared with a test data set's stored outputs ("Expected"), and older files read as
// compared with the reference run; the input choice (data set, seed and shapes, files) is kept, and
// a data set or file gone from disk falls back to seeded random data with a note.
#include <QAbstractItemModel>
#include <QAction>
#include <QActionGroup>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include "gui_test_util.h"
#include "widgets/accuracy_view.h"
#include "widgets/fusion_view.h"
#include "widgets/graph_panel.h"
#include "widgets/main_window.h"
#include "widgets/profiler_view.h"
#include "widgets/run_input_chooser.h"

using namespace kiln::studio;

namespace {
const QString kTinyCnn = QStringLiteral(KILN_SOURCE_DIR "/resources/samples/tiny_cnn/model.onnx");

// Every cell as shown, row by row.
QStringList rowsOf(const QAbstractItemModel* model) {
    QStringList rows;
    for (int r = 0; r < model->rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < model->columnCount(); ++c) cells << model->index(r, c).data().toString();
        rows << cells.join(QLatin1Char('|'));
    }
    return rows;
}

void writeJson(const QString& path, const QJsonObject& json) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(json).toJson());
}

QJsonObject readJson(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

QAction* groupingAction(MainWindow& window, ScopeGrouping grouping) {
    for (QAction* a : window.graphPanel()->groupingActions()->actions())
        if (ScopeGrouping(a->data().toInt()) == grouping) return a;
    return nullptr;
}

QAction* checkedGrouping(MainWindow& window) { return window.graphPanel()->groupingActions()->checkedAction(); }

bool openAndWait(MainWindow& window, const QString& path, QString* error) {
    QSignalSpy opened(&window, &MainWindow::modelOpened);
    if (!window.openWorkspace(path, error)) return false;
    return opened.wait(60000) && window.waitUntilIdle(60000);
}
}  // namespace

class WorkspaceResultsTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir dir_;
    QString saved_;
    QStringList profileRows_, accuracyRows_, comparisonRows_;
    int timelineSize_ = 0;

    QString saveOf(MainWindow& window, const char* name) {
        const QString path = dir_.filePath(QLatin1String(name));
        QString error;
        if (!window.saveWorkspace(path, &error)) qWarning("%s", qPrintable(error));
        return path;
    }

private slots:
    void initTestCase() {
        test::isolateSettings();
        QVERIFY(dir_.isValid());
    }

    void resultsRoundTrip() {
        MainWindow window;
        window.setPathChooser([](const QString&, const QString&) { return QString(); });
        window.openFile(kTinyCnn);
        QVERIFY(window.waitUntilIdle(60000));
        Workbench* wb = window.workbench();
        QVERIFY(wb->canBuild());
        QSignalSpy built(wb->builder(), &BuildController::finished);
        wb->build();
        QVERIFY(built.wait(120000));
        QSignalSpy profiled(wb->profile(), &ProfileModel::finished);
        wb->runProfile();
        QVERIFY(profiled.wait(120000));
        QSignalSpy compared(wb->accuracy(), &AccuracyModel::finished);
        wb->runCompare();
        QVERIFY(compared.wait(120000));
        BuildSpec a{QStringLiteral("level 1"), wb->settings()->config()};
        a.config.optimizationLevel = 1;
        BuildSpec b{QStringLiteral("level 3"), wb->settings()->config()};
        b.config.optimizationLevel = 3;
        QSignalSpy comparedBuilds(wb->buildComparison(), &BuildComparisonModel::finished);
        wb->compareBuilds(a, b);
        QVERIFY(comparedBuilds.wait(240000));
        QVERIFY(window.waitUntilIdle(60000));

        profileRows_ = rowsOf(wb->profile());
        accuracyRows_ = rowsOf(wb->accuracy());
        comparisonRows_ = rowsOf(wb->buildComparison());
        timelineSize_ = int(wb->profile()->timeline().size());
        QVERIFY(profileRows_.size() > 3);
        QVERIFY(accuracyRows_.size() > 3);
        QVERIFY(comparisonRows_.size() > 3);

        saved_ = dir_.filePath(QStringLiteral("tiny.kilnws"));
        QString error;
        QVERIFY2(window.saveWorkspace(saved_, &error), qPrintable(error));
        const QJsonObject ws = readJson(saved_);
        QCOMPARE(ws.value("version").toInt(), 2);
        const QJsonObject results = ws.value("results").toObject();
        for (const char* key : {"profile", "accuracy", "buildComparison"}) QVERIFY2(results.contains(key), key);
        // The accuracy result is exactly what `kiln compare --json` writes.
        QCOMPARE(results.value("accuracy").toObject(),
                 QJsonDocument::fromJson(wb->accuracy()->json().toUtf8()).object());

        // A fresh window: same rows, nothing run (there is no engine).
        MainWindow second;
        second.setPathChooser([](const QString&, const QString&) { return QString(); });
        QVERIFY2(openAndWait(second, saved_, &error), qPrintable(error));
        Workbench* wb2 = second.workbench();
        QVERIFY(!wb2->hasEngine());
        QVERIFY(wb2->profile()->hasReport());
        QVERIFY(wb2->accuracy()->hasReport());
        QVERIFY(wb2->buildComparison()->hasResult());
        QCOMPARE(rowsOf(wb2->profile()), profileRows_);
        QCOMPARE(rowsOf(wb2->accuracy()), accuracyRows_);
        QCOMPARE(rowsOf(wb2->buildComparison()), comparisonRows_);
        QCOMPARE(int(wb2->profile()->timeline().size()), timelineSize_);
        QCOMPARE(wb2->profile()->report().runs, wb->profile()->report().runs);
        QCOMPARE(wb2->accuracy()->report().passed(), wb->accuracy()->report().passed());
        // Which inputs each result came from, and the end-to-end latency beside the layer sum.
        QVERIFY(wb->profile()->endToEndMs() > 0);
        QCOMPARE(wb2->profile()->endToEndMs(), wb->profile()->endToEndMs());
        QCOMPARE(wb2->profile()->endToEndRuns(), wb->profile()->endToEndRuns());
        QVERIFY(wb->profile()->inputText().startsWith(QStringLiteral("Input: seeded random (seed 1)")));
        QCOMPARE(wb2->profile()->inputText(), wb->profile()->inputText());
        QVERIFY(!wb->accuracy()->inputText().isEmpty());
        QCOMPARE(wb2->accuracy()->inputText(), wb->accuracy()->inputText());
        QCOMPARE(results.value("accuracyInput").toString(), wb->accuracy()->inputText());
        QCOMPARE(wb2->buildComparison()->sideB().spec.label, QStringLiteral("level 3"));
        QCOMPARE(wb2->buildComparison()->sideB().spec.config.optimizationLevel, 3);
        // The views show them: the profiler table and its exports work on the restored profile.
        QCOMPARE(second.profilerView()->table()->model()->rowCount(), profileRows_.size());
        QVERIFY(second.exportProfileCsvAction()->isEnabled());
        QVERIFY(second.exportCompareAction()->isEnabled());
        QVERIFY(wb2->profile()->exportTrace(dir_.filePath(QStringLiteral("trace.json")), &error));
        // Saving the restored workspace again keeps the results.
        const QString again = dir_.filePath(QStringLiteral("again.kilnws"));
        QVERIFY(second.saveWorkspace(again, &error));
        QCOMPARE(readJson(again).value("results").toObject(), results);
    }

    void versionOneWithoutResultsOpens() {
        QJsonObject ws = readJson(saved_);
        QVERIFY(!ws.isEmpty());
        ws.remove("results");
        ws["version"] = 1;
        const QString old = dir_.filePath(QStringLiteral("old.kilnws"));
        writeJson(old, ws);
        MainWindow window;
        window.setPathChooser([](const QString&, const QString&) { return QString(); });
        QString error;
        QVERIFY2(openAndWait(window, old, &error), qPrintable(error));
        QVERIFY(window.workbench()->model());
        QVERIFY(!window.workbench()->profile()->hasReport());
        QVERIFY(!window.workbench()->accuracy()->hasReport());
        QVERIFY(window.lastAnalysisError().isEmpty());
    }

    void newerVersionIsRefused() {
        QJsonObject ws = readJson(saved_);
        ws["version"] = 3;
        const QString newer = dir_.filePath(QStringLiteral("newer.kilnws"));
        writeJson(newer, ws);
        MainWindow window;
        QString error;
        QVERIFY(!window.openWorkspace(newer, &error));
        QVERIFY2(error.contains(QStringLiteral("newer.kilnws")) && error.contains(QStringLiteral("newer")), qPrintable(error));
        QVERIFY(!window.workbench()->model());
    }

    void fusionOrientationIsSaved() {
        MainWindow window;
        window.setPathChooser([](const QString&, const QString&) { return QString(); });
        window.openFile(kTinyCnn);
        QVERIFY(window.waitUntilIdle(60000));
        FusionView* fusion = window.fusionView();
        QVERIFY(!fusion->isStacked());
        QCOMPARE(fusion->sidesSplitter()->orientation(), Qt::Horizontal);
        QCOMPARE(readJson(saveOf(window, "beside.kilnws")).value("view").toObject().value("fusionStacked").toBool(true),
                 false);
        fusion->stackedAction()->trigger();  // the toolbar button
        QVERIFY(fusion->isStacked());
        QCOMPARE(fusion->sidesSplitter()->orientation(), Qt::Vertical);
        QVERIFY(fusion->stackedAction()->isChecked());
        const QString stacked = saveOf(window, "stacked.kilnws");
        QCOMPARE(readJson(stacked).value("view").toObject().value("fusionStacked").toBool(), true);

        MainWindow second;
        second.setPathChooser([](const QString&, const QString&) { return QString(); });
        QString error;
        QVERIFY2(openAndWait(second, stacked, &error), qPrintable(error));
        QVERIFY(second.fusionView()->isStacked());
        QVERIFY(second.fusionView()->stackedAction()->isChecked());
        QCOMPARE(second.fusionView()->sidesSplitter()->orientation(), Qt::Vertical);
        // Toggling back restores side by side; a workspace without the key opens side by side.
        second.fusionView()->stackedAction()->trigger();
        QCOMPARE(second.fusionView()->sidesSplitter()->orientation(), Qt::Horizontal);
        QJsonObject ws = readJson(stacked);
        QJsonObject view = ws.value("view").toObject();
        view.remove("fusionStacked");
        ws["view"] = view;
        const QString without = dir_.filePath(QStringLiteral("no-orientation.kilnws"));
        writeJson(without, ws);
        MainWindow third;
        third.setPathChooser([](const QString&, const QString&) { return QString(); });
        QVERIFY2(openAndWait(third, without, &error), qPrintable(error));
        QVERIFY(!third.fusionView()->isStacked());
    }

    void settingsThatDoNotFitAreReported() {
        // Parsing passes (openWorkspace checks that), but the profile names an input tiny_cnn lacks.
        QJsonObject ws = readJson(saved_);
        QVERIFY(!ws.isEmpty());
        QJsonObject settings = ws.value("buildSettings").toObject();
        QJsonObject range{{"min", QJsonArray{1, 3}}, {"opt", QJsonArray{1, 3}}, {"max", QJsonArray{1, 3}}};
        settings["profiles"] = QJsonArray{QJsonObject{{"no_such_input", range}}};
        ws["buildSettings"] = settings;
        const QString misfit = dir_.filePath(QStringLiteral("misfit.kilnws"));
        writeJson(misfit, ws);
        MainWindow window;
        window.setPathChooser([](const QString&, const QString&) { return QString(); });
        QString error;
        QVERIFY2(openAndWait(window, misfit, &error), qPrintable(error));
        QVERIFY(window.workbench()->model());  // the model and the rest of the workspace still open
        QVERIFY(!window.workbench()->settings()->isValid());
        QVERIFY2(window.lastAnalysisError().contains(QStringLiteral("no_such_input")),
                 qPrintable(window.lastAnalysisError()));
        QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("no_such_input")),
                 qPrintable(window.statusBar()->currentMessage()));
        // The results still restore.
        QVERIFY(window.workbench()->profile()->hasReport());
        // A workspace that fits reports nothing.
        MainWindow fine;
        fine.setPathChooser([](const QString&, const QString&) { return QString(); });
        QVERIFY2(openAndWait(fine, saved_, &error), qPrintable(error));
        QVERIFY2(fine.lastAnalysisError().isEmpty(), qPrintable(fine.lastAnalysisError()));
    }

    void groupingIsSaved() {
        // The graph panel's Group menu picks "repeated structure"; the workspace keeps it by name.
        MainWindow window;
        window.setPathChooser([](const QString&, const QString&) { return QString(); });
        window.openFile(kTinyCnn);
        QVERIFY(window.waitUntilIdle(60000));
        QCOMPARE(window.layoutController()->grouping(), ScopeGrouping::Automatic);
        QCOMPARE(readJson(saveOf(window, "automatic.kilnws")).value("view").toObject().value("grouping").toString(),
                 QStringLiteral("automatic"));
        groupingAction(window, ScopeGrouping::RepeatedStructure)->trigger();
        QVERIFY(window.waitUntilIdle(60000));
        QCOMPARE(window.layoutController()->grouping(), ScopeGrouping::RepeatedStructure);
        const QString repeated = saveOf(window, "repeated.kilnws");
        QCOMPARE(readJson(repeated).value("view").toObject().value("grouping").toString(), QStringLiteral("repeatedStructure"));

        // A fresh window restores it: the controller and the menu's checked item.
        MainWindow second;
        second.setPathChooser([](const QString&, const QString&) { return QString(); });
        QString error;
        QVERIFY2(openAndWait(second, repeated, &error), qPrintable(error));
        QCOMPARE(second.layoutController()->grouping(), ScopeGrouping::RepeatedStructure);
        QCOMPARE(ScopeGrouping(checkedGrouping(second)->data().toInt()), ScopeGrouping::RepeatedStructure);
        // Every mode round-trips.
        for (ScopeGrouping g : {ScopeGrouping::None, ScopeGrouping::NameScopes, ScopeGrouping::Automatic}) {
            groupingAction(second, g)->trigger();
            QVERIFY(second.waitUntilIdle(60000));
            const QString path = saveOf(second, "mode.kilnws");
            MainWindow third;
            third.setPathChooser([](const QString&, const QString&) { return QString(); });
            QVERIFY2(openAndWait(third, path, &error), qPrintable(error));
            QCOMPARE(third.layoutController()->grouping(), g);
        }

        // An older file (no "grouping" field, same version) and an unknown mode open as automatic.
        for (const QJsonValue& value : {QJsonValue(QJsonValue::Undefined), QJsonValue(QStringLiteral("diagonal"))}) {
            QJsonObject ws = readJson(repeated);
            QJsonObject view = ws.value("view").toObject();
            if (value.isUndefined()) view.remove("grouping");
            else view["grouping"] = value;
            ws["view"] = view;
            const QString old = dir_.filePath(QStringLiteral("no-grouping.kilnws"));
            writeJson(old, ws);
            QVERIFY(second.openWorkspace(old, &error));  // the window that shows repeated structure
            QTRY_COMPARE_WITH_TIMEOUT(second.layoutController()->grouping(), ScopeGrouping::Automatic, 60000);
            QVERIFY(second.waitUntilIdle(60000));
            QCOMPARE(ScopeGrouping(checkedGrouping(second)->data().toInt()), ScopeGrouping::Automatic);
            QVERIFY(second.lastAnalysisError().isEmpty());
            groupingAction(second, ScopeGrouping::RepeatedStructure)->trigger();
            QVERIFY(second.waitUntilIdle(60000));
        }
    }

    void damagedResultIsReported() {
        QJsonObject ws = readJson(saved_);
        QJsonObject results = ws.value("results").toObject();
        QJsonObject profile = results.value("profile").toObject();
        profile["samples"] = QJsonObject{{"layers", 7}};
        results["profile"] = profile;
        ws["results"] = results;
        const QString damaged = dir_.filePath(QStringLiteral("damaged.kilnws"));
        writeJson(damaged, ws);
        MainWindow window;
        window.setPathChooser([](const QString&, const QString&) { return QString(); });
        QString error;
        QVERIFY2(openAndWait(window, damaged, &error), qPrintable(error));
        QVERIFY(!window.workbench()->profile()->hasReport());
        QVERIFY2(window.lastAnalysisError().contains(QStringLiteral("profile.samples")), qPrintable(window.lastAnalysisError()));
        QCOMPARE(rowsOf(window.workbench()->accuracy()), accuracyRows_);
    }

    void emulatedAccuracyResultIsKept() {
        // "Emulate on the CPU" at FP16 on tiny_cnn: the JSON export and the workspace's result say
        // "emulated": "fp16", the workspace keeps the choice, and the reopened window shows the same
        // "FP16 emulated on the CPU" status with the box at FP16. Before, both were lost: the
        // restored result showed as a plain run, the box at None.
        MainWindow window;
        const QString exported = dir_.filePath(QStringLiteral("emulated-compare.json"));
        window.setPathChooser([&](const QString&, const QString&) { return exported; });
        window.openFile(kTinyCnn);
        QVERIFY(window.waitUntilIdle(60000));
        Workbench* wb = window.workbench();
        wb->settings()->setBackend("cpu");
        QComboBox* box = window.accuracyView()->emulationBox();
        QVERIFY(box->isEnabled());
        const int fp16 = box->findData(int(kiln::Precision::FP16));
        box->setCurrentIndex(fp16);
        emit box->activated(fp16);
        QCOMPARE(int(wb->accuracy()->emulation()), int(kiln::Precision::FP16));
        QSignalSpy built(wb->builder(), &BuildController::finished);
        wb->build();
        QVERIFY(built.wait(120000));
        QSignalSpy compared(wb->accuracy(), &AccuracyModel::finished);
        wb->runCompare();
        QVERIFY(compared.wait(120000));
        QVERIFY(window.waitUntilIdle(60000));
        QCOMPARE(int(wb->accuracy()->reportEmulation()), int(kiln::Precision::FP16));
        const QString status = window.accuracyView()->statusLabel()->text();
        QVERIFY2(status.startsWith(QStringLiteral("FP16 emulated on the CPU")), qPrintable(status));
        const QStringList rows = rowsOf(wb->accuracy());

        // The export (as `kiln compare --emulate fp16 --export`).
        QVERIFY(window.exportCompareAction()->isEnabled());
        window.exportCompareAction()->trigger();
        QCOMPARE(readJson(exported).value("emulated").toString(), QStringLiteral("fp16"));

        const QString path = dir_.filePath(QStringLiteral("emulated.kilnws"));
        QString error;
        QVERIFY2(window.saveWorkspace(path, &error), qPrintable(error));
        const QJsonObject ws = readJson(path);
        QCOMPARE(ws.value("view").toObject().value("emulate").toString(), QStringLiteral("fp16"));
        QCOMPARE(ws.value("results").toObject().value("accuracy").toObject().value("emulated").toString(),
                 QStringLiteral("fp16"));

        MainWindow second;
        second.setPathChooser([](const QString&, const QString&) { return QString(); });
        QVERIFY2(openAndWait(second, path, &error), qPrintable(error));
        Workbench* wb2 = second.workbench();
        QVERIFY(wb2->accuracy()->hasReport());
        QCOMPARE(rowsOf(wb2->accuracy()), rows);
        QCOMPARE(int(wb2->accuracy()->reportEmulation()), int(kiln::Precision::FP16));
        QCOMPARE(int(wb2->accuracy()->emulation()), int(kiln::Precision::FP16));
        QCOMPARE(second.accuracyView()->emulationBox()->currentData().toInt(), int(kiln::Precision::FP16));
        QCOMPARE(second.accuracyView()->statusLabel()->text(), status);
        // Saved again, the same emulation (the restored result's export says it too).
        QCOMPARE(QJsonDocument::fromJson(wb2->accuracy()->json().toUtf8()).object().value("emulated").toString(),
                 QStringLiteral("fp16"));

        // Written before the field: no "emulate", no "emulated": a plain result, the box at None.
        QJsonObject old = ws;
        QJsonObject view = old.value("view").toObject();
        view.remove("emulate");
        old["view"] = view;
        QJsonObject results = old.value("results").toObject();
        QJsonObject accuracy = results.value("accuracy").toObject();
        accuracy.remove("emulated");
        results["accuracy"] = accuracy;
        old["results"] = results;
        const QString oldPath = dir_.filePath(QStringLiteral("emulated-old.kilnws"));
        writeJson(oldPath, old);
        MainWindow third;
        third.setPathChooser([](const QString&, const QString&) { return QString(); });
        QVERIFY2(openAndWait(third, oldPath, &error), qPrintable(error));
        QVERIFY(third.workbench()->accuracy()->hasReport());
        QVERIFY(third.lastAnalysisError().isEmpty());
        QCOMPARE(int(third.workbench()->accuracy()->reportEmulation()), int(kiln::Precision::FP32));
        QCOMPARE(int(third.workbench()->accuracy()->emulation()), int(kiln::Precision::FP32));
        QCOMPARE(third.accuracyView()->emulationBox()->currentData().toInt(), int(kiln::Precision::FP32));
        QVERIFY(!third.accuracyView()->statusLabel()->text().contains(QStringLiteral("emulated")));
    }

    void storedOutputsAccuracyResultIsKept() {
        // Expected: the stored outputs of tiny_cnn's test_data_set_0. The export and the workspace's
        // result say "expected": stored_outputs with the data set and the file per output, the
        // workspace keeps the choice ("accuracyExpected"), and the reopened window shows the same rows
        // and status with the box on the stored outputs. Before, the choice did not exist: a restored
        // result could only read as compared with the reference.
        MainWindow window;
        const QString exported = dir_.filePath(QStringLiteral("stored-compare.json"));
        window.setPathChooser([&](const QString&, const QString&) { return exported; });
        window.openFile(kTinyCnn);
        QVERIFY(window.waitUntilIdle(60000));
        Workbench* wb = window.workbench();
        RunInputChoice choice;
        choice.source = InputSource::TestDataSet;
        choice.dataSet = QStringLiteral(KILN_SOURCE_DIR "/resources/samples/tiny_cnn/test_data_set_0");
        wb->setInputChoice(choice);
        QComboBox* box = window.accuracyView()->expectedBox();
        const int stored = box->findData(int(AccuracyModel::Expected::StoredOutputs));
        box->setCurrentIndex(stored);
        emit box->activated(stored);
        QCOMPARE(wb->accuracy()->expected(), AccuracyModel::Expected::StoredOutputs);
        // The data set's batch of 2 within the profile.
        wb->settings()->setShapeText(0, QStringLiteral("input"), ShapeBound::Max, QStringLiteral("2x3x32x32"));
        QSignalSpy built(wb->builder(), &BuildController::finished);
        wb->build();
        QVERIFY(built.wait(120000));
        QSignalSpy compared(wb->accuracy(), &AccuracyModel::finished);
        wb->runCompare();
        QVERIFY2(compared.wait(120000), qPrintable(wb->accuracy()->lastError()));
        QVERIFY(window.waitUntilIdle(60000));
        QCOMPARE(wb->accuracy()->report().storedDataSet, std::string("test_data_set_0"));
        const QString status = window.accuracyView()->statusLabel()->text();
        QVERIFY2(status.startsWith(QStringLiteral("PASS")) &&
                     status.contains(QStringLiteral("Expected: stored outputs of test_data_set_0")),
                 qPrintable(status));
        const QStringList rows = rowsOf(wb->accuracy());

        // The export (the report as kiln compare --export writes it, with "expected").
        window.exportCompareAction()->trigger();
        const QJsonObject expected = readJson(exported).value("expected").toObject();
        QCOMPARE(expected.value("source").toString(), QStringLiteral("stored_outputs"));
        QCOMPARE(expected.value("data_set").toString(), QStringLiteral("test_data_set_0"));
        QCOMPARE(expected.value("files").toObject().value("probs").toString(), QStringLiteral("output_0.pb"));

        const QString path = dir_.filePath(QStringLiteral("stored.kilnws"));
        QString error;
        QVERIFY2(window.saveWorkspace(path, &error), qPrintable(error));
        const QJsonObject ws = readJson(path);
        QCOMPARE(ws.value("view").toObject().value("accuracyExpected").toString(), QStringLiteral("stored_outputs"));
        QCOMPARE(ws.value("results").toObject().value("accuracy").toObject().value("expected").toObject().value("source")
                     .toString(),
                 QStringLiteral("stored_outputs"));

        MainWindow second;
        second.setPathChooser([](const QString&, const QString&) { return QString(); });
        QVERIFY2(openAndWait(second, path, &error), qPrintable(error));
        Workbench* wb2 = second.workbench();
        QVERIFY(wb2->accuracy()->hasReport());
        QCOMPARE(rowsOf(wb2->accuracy()), rows);
        QCOMPARE(wb2->accuracy()->expected(), AccuracyModel::Expected::StoredOutputs);
        QCOMPARE(wb2->accuracy()->report().storedDataSet, std::string("test_data_set_0"));
        QCOMPARE(wb2->accuracy()->report().storedFiles.at("probs"), std::string("output_0.pb"));
        QCOMPARE(second.accuracyView()->expectedBox()->currentData().toInt(),
                 int(AccuracyModel::Expected::StoredOutputs));
        QCOMPARE(second.accuracyView()->statusLabel()->text(), status);

        // Written before the field: no "accuracyExpected", no "expected": the reference run.
        QJsonObject old = ws;
        QJsonObject view = old.value("view").toObject();
        view.remove("accuracyExpected");
        old["view"] = view;
        QJsonObject results = old.value("results").toObject();
        QJsonObject accuracy = results.value("accuracy").toObject();
        accuracy.remove("expected");
        results["accuracy"] = accuracy;
        old["results"] = results;
        const QString oldPath = dir_.filePath(QStringLiteral("stored-old.kilnws"));
        writeJson(oldPath, old);
        MainWindow third;
        third.setPathChooser([](const QString&, const QString&) { return QString(); });
        QVERIFY2(openAndWait(third, oldPath, &error), qPrintable(error));
        QVERIFY(third.workbench()->accuracy()->hasReport());
        QVERIFY(third.lastAnalysisError().isEmpty());
        QCOMPARE(third.workbench()->accuracy()->expected(), AccuracyModel::Expected::Reference);
        QVERIFY(third.workbench()->accuracy()->report().storedDataSet.empty());
        QCOMPARE(third.accuracyView()->expectedBox()->currentData().toInt(), int(AccuracyModel::Expected::Reference));
        QVERIFY(!third.accuracyView()->statusLabel()->text().contains(QStringLiteral("stored outputs")));
    }
    void inputChoiceIsKept() {
        // The input choice of the profiler and the accuracy view, made with the chooser's widgets:
        // a test data set, then seeded random with seed 42 at batch 2, then files. Each is saved
        // with the workspace ("view.inputs": the data set by its folder name next to the model) and
        // a fresh window opens with the same choice in the workbench and in both choosers. Before,
        // every reopened workspace ran on seeded random data with seed 1 at the opt shape.
        MainWindow window;
        window.setPathChooser([](const QString&, const QString&) { return QString(); });
        window.openFile(kTinyCnn);
        QVERIFY(window.waitUntilIdle(60000));
        Workbench* wb = window.workbench();
        RunInputChooser* chooser = window.profilerView()->inputChooser();
        // The data set's batch of 2 within the profile.
        wb->settings()->setShapeText(0, QStringLiteral("input"), ShapeBound::Max, QStringLiteral("2x3x32x32"));
        const int dataSetItem = chooser->sourceBox()->findData(int(InputSource::TestDataSet));
        chooser->sourceBox()->setCurrentIndex(dataSetItem);
        emit chooser->sourceBox()->activated(dataSetItem);
        QCOMPARE(wb->inputChoice().source, InputSource::TestDataSet);
        QCOMPARE(QFileInfo(wb->inputChoice().dataSet).fileName(), QStringLiteral("test_data_set_0"));
        const QString dataSetPath = saveOf(window, "inputs-dataset.kilnws");
        const QJsonObject inputs = readJson(dataSetPath).value("view").toObject().value("inputs").toObject();
        QCOMPARE(inputs.value("source").toString(), QStringLiteral("testDataSet"));
        QCOMPARE(inputs.value("dataSet").toString(), QStringLiteral("test_data_set_0"));

        auto reopened = [&](const QString& path, auto check) {
            MainWindow second;
            second.setPathChooser([](const QString&, const QString&) { return QString(); });
            QString error;
            QVERIFY2(openAndWait(second, path, &error), qPrintable(error));
            QVERIFY2(second.lastAnalysisError().isEmpty(), qPrintable(second.lastAnalysisError()));
            check(second);
        };
        const RunInputChoice dataSetChoice = wb->inputChoice();
        reopened(dataSetPath, [&](MainWindow& second) {
            QVERIFY(second.workbench()->inputChoice() == dataSetChoice);
            for (RunInputChooser* c : {second.profilerView()->inputChooser(), second.accuracyView()->inputChooser()}) {
                QCOMPARE(c->sourceBox()->currentData().toInt(), int(InputSource::TestDataSet));
                QCOMPARE(c->dataSetBox()->currentText(), QStringLiteral("test_data_set_0"));
                QVERIFY(c->dataSetBox()->isVisibleTo(c));
            }
            // Profiled on it with no choice made in this window.
            Workbench* wb2 = second.workbench();
            QSignalSpy built(wb2->builder(), &BuildController::finished);
            wb2->build();
            QVERIFY(built.wait(120000));
            QSignalSpy profiled(wb2->profile(), &ProfileModel::finished);
            wb2->runProfile();
            QVERIFY2(profiled.wait(120000), qPrintable(wb2->profile()->lastError()));
            QVERIFY2(wb2->profile()->inputText().contains(QStringLiteral("test_data_set_0")),
                     qPrintable(wb2->profile()->inputText()));
        });

        // Seeded random, seed 42, batch 2 typed into the shape field of the built engine.
        QSignalSpy built(wb->builder(), &BuildController::finished);
        wb->build();
        QVERIFY(built.wait(120000));
        const int randomItem = chooser->sourceBox()->findData(int(InputSource::Random));
        chooser->sourceBox()->setCurrentIndex(randomItem);
        emit chooser->sourceBox()->activated(randomItem);
        chooser->seedBox()->setValue(42);
        QVERIFY(chooser->shapeField(QStringLiteral("input")));
        chooser->shapeField(QStringLiteral("input"))->setText(QStringLiteral("2x3x32x32"));
        QCOMPARE(wb->inputChoice().seed, uint64_t(42));
        QCOMPARE(wb->inputChoice().shapes.at("input"), (std::vector<int64_t>{2, 3, 32, 32}));
        const QString randomPath = saveOf(window, "inputs-random.kilnws");
        const RunInputChoice randomChoice = wb->inputChoice();
        reopened(randomPath, [&](MainWindow& second) {
            QVERIFY(second.workbench()->inputChoice() == randomChoice);
            RunInputChooser* c = second.profilerView()->inputChooser();
            QCOMPARE(c->sourceBox()->currentData().toInt(), int(InputSource::Random));
            QCOMPARE(c->seedBox()->value(), 42);
            // The shape field comes with the engine and shows the restored shape.
            Workbench* wb2 = second.workbench();
            QSignalSpy built2(wb2->builder(), &BuildController::finished);
            wb2->build();
            QVERIFY(built2.wait(120000));
            QVERIFY(c->shapeField(QStringLiteral("input")));
            QCOMPARE(c->shapeField(QStringLiteral("input"))->text(), QStringLiteral("2x3x32x32"));
            QSignalSpy profiled(wb2->profile(), &ProfileModel::finished);
            wb2->runProfile();
            QVERIFY2(profiled.wait(120000), qPrintable(wb2->profile()->lastError()));
            QVERIFY2(wb2->profile()->inputText().startsWith(
                         QStringLiteral("Input: seeded random (seed 42), shape input 2\u00d73\u00d732\u00d732")),
                     qPrintable(wb2->profile()->inputText()));
        });

        // Files: a copy of the data set's input.
        const QString file = dir_.filePath(QStringLiteral("input_0.pb"));
        QFile::remove(file);
        QVERIFY(QFile::copy(QStringLiteral(KILN_SOURCE_DIR "/resources/samples/tiny_cnn/test_data_set_0/input_0.pb"), file));
        chooser->setFilesChooser([&] { return QStringList{file}; });
        chooser->filesButton()->click();
        QCOMPARE(wb->inputChoice().source, InputSource::Files);
        QCOMPARE(wb->inputChoice().files, QStringList{file});
        const QString filesPath = saveOf(window, "inputs-files.kilnws");
        const RunInputChoice filesChoice = wb->inputChoice();
        reopened(filesPath, [&](MainWindow& second) {
            QVERIFY(second.workbench()->inputChoice() == filesChoice);
            QCOMPARE(second.accuracyView()->inputChooser()->sourceBox()->currentData().toInt(), int(InputSource::Files));
        });

        // The file gone: seeded random (the saved seed), a note naming the file, no failure.
        QVERIFY(QFile::remove(file));
        MainWindow third;
        third.setPathChooser([](const QString&, const QString&) { return QString(); });
        QString error;
        QVERIFY2(openAndWait(third, filesPath, &error), qPrintable(error));
        QCOMPARE(third.workbench()->inputChoice().source, InputSource::Random);
        QCOMPARE(third.workbench()->inputChoice().seed, uint64_t(42));
        QVERIFY(third.workbench()->inputChoice().files.isEmpty());
        QVERIFY2(third.lastAnalysisError().contains(QStringLiteral("input_0.pb")), qPrintable(third.lastAnalysisError()));
        QVERIFY2(third.statusBar()->currentMessage().contains(QStringLiteral("seeded random data (seed 42)")),
                 qPrintable(third.statusBar()->currentMessage()));
        QCOMPARE(third.profilerView()->inputChooser()->sourceBox()->currentData().toInt(), int(InputSource::Random));

        // Written before the field: today's default, nothing reported.
        QJsonObject old = readJson(randomPath);
        QJsonObject view = old.value("view").toObject();
        view.remove("inputs");
        old["view"] = view;
        const QString oldPath = dir_.filePath(QStringLiteral("inputs-old.kilnws"));
        writeJson(oldPath, old);
        reopened(oldPath, [&](MainWindow& second) {
            QVERIFY(second.workbench()->inputChoice() == RunInputChoice{});
            QCOMPARE(second.profilerView()->inputChooser()->seedBox()->value(), 1);
        });
    }

    void missingDataSetFallsBack() {
        // A copy of tiny_cnn with its data set; the workspace chooses the data set; the folder is
        // then deleted. Reopening works: seeded random data, a note naming the folder in the status
        // bar (a warning box when not scripted), the Expected box's stored outputs reported as
        // unavailable by the view as for any non-data-set input. An input the model lacks in
        // "shapes" is dropped with a note.
        QTemporaryDir copy;
        QVERIFY(copy.isValid());
        const QString model = copy.filePath(QStringLiteral("model.onnx"));
        QVERIFY(QFile::copy(kTinyCnn, model));
        QVERIFY(QDir().mkpath(copy.filePath(QStringLiteral("test_data_set_0"))));
        for (const char* f : {"input_0.pb", "output_0.pb"})
            QVERIFY(QFile::copy(QStringLiteral(KILN_SOURCE_DIR "/resources/samples/tiny_cnn/test_data_set_0/") + f,
                                copy.filePath(QStringLiteral("test_data_set_0/")) + f));
        MainWindow window;
        window.setPathChooser([](const QString&, const QString&) { return QString(); });
        window.openFile(model);
        QVERIFY(window.waitUntilIdle(60000));
        RunInputChoice choice;
        choice.source = InputSource::TestDataSet;
        choice.dataSet = copy.filePath(QStringLiteral("test_data_set_0"));
        choice.seed = 5;
        window.workbench()->setInputChoice(choice);
        const QString path = copy.filePath(QStringLiteral("copy.kilnws"));
        QString error;
        QVERIFY2(window.saveWorkspace(path, &error), qPrintable(error));
        // While the folder is there, it restores.
        {
            MainWindow second;
            second.setPathChooser([](const QString&, const QString&) { return QString(); });
            QVERIFY2(openAndWait(second, path, &error), qPrintable(error));
            QCOMPARE(second.workbench()->inputChoice().source, InputSource::TestDataSet);
            QVERIFY(second.lastAnalysisError().isEmpty());
        }
        QVERIFY(QDir(copy.filePath(QStringLiteral("test_data_set_0"))).removeRecursively());
        QJsonObject ws = readJson(path);
        QJsonObject view = ws.value("view").toObject();
        QJsonObject inputs = view.value("inputs").toObject();
        inputs["shapes"] = QJsonObject{{"no_such_input", QJsonArray{1, 2}}};
        view["inputs"] = inputs;
        ws["view"] = view;
        writeJson(path, ws);

        MainWindow second;
        second.setPathChooser([](const QString&, const QString&) { return QString(); });
        QVERIFY2(openAndWait(second, path, &error), qPrintable(error));
        Workbench* wb = second.workbench();
        QVERIFY(wb->model());
        QCOMPARE(wb->inputChoice().source, InputSource::Random);
        QCOMPARE(wb->inputChoice().seed, uint64_t(5));
        QVERIFY(wb->inputChoice().dataSet.isEmpty());
        QVERIFY(wb->inputChoice().shapes.empty());
        const QString note = second.lastAnalysisError();
        QVERIFY2(note.contains(QStringLiteral("test_data_set_0")) && note.contains(QStringLiteral("not there any more")),
                 qPrintable(note));
        QVERIFY2(note.contains(QStringLiteral("no_such_input")), qPrintable(note));
        QCOMPARE(second.statusBar()->currentMessage(), note);
        RunInputChooser* chooser = second.profilerView()->inputChooser();
        QCOMPARE(chooser->sourceBox()->currentData().toInt(), int(InputSource::Random));
        QCOMPARE(chooser->seedBox()->value(), 5);
        QCOMPARE(chooser->dataSetBox()->count(), 0);
    }
    // The fallback notes name a missing data set or file whose path holds '%1' as it is: the path and
    // the seed go into the message in one arg() call (chained calls put the seed into the path).
    void missingPathWithPercentIsNamedAsIs() {
        QTemporaryDir copy;
        QVERIFY(copy.isValid());
        const QString model = copy.filePath(QStringLiteral("model.onnx"));
        QVERIFY(QFile::copy(kTinyCnn, model));
        MainWindow window;
        window.setPathChooser([](const QString&, const QString&) { return QString(); });
        window.openFile(model);
        QVERIFY(window.waitUntilIdle(60000));
        const QString path = copy.filePath(QStringLiteral("percent.kilnws"));
        QString error;
        for (InputSource source : {InputSource::TestDataSet, InputSource::Files}) {
            RunInputChoice choice;
            choice.source = source;
            choice.seed = 5;
            const QString missing = copy.filePath(source == InputSource::TestDataSet ? QStringLiteral("set_%1")
                                                                                     : QStringLiteral("in_%1.pb"));
            if (source == InputSource::TestDataSet) choice.dataSet = missing;
            else choice.files = QStringList{QStringLiteral("input=") + missing};
            window.workbench()->setInputChoice(choice);
            QVERIFY2(window.saveWorkspace(path, &error), qPrintable(error));
            MainWindow second;
            second.setPathChooser([](const QString&, const QString&) { return QString(); });
            QVERIFY2(openAndWait(second, path, &error), qPrintable(error));
            QCOMPARE(second.workbench()->inputChoice().source, InputSource::Random);
            const QString note = second.lastAnalysisError();
            QVERIFY2(note.contains(QDir::toNativeSeparators(missing)) && note.contains(QStringLiteral("(seed 5)")),
                     qPrintable(note));
        }
    }
};

QTEST_MAIN(WorkspaceResultsTest)
#include "test_workspace_results.moc"
