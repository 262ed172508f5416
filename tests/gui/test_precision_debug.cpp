// The accuracy view's "Find Layers to Keep in FP32" (issue 12, `kiln debug-precision` in Kiln
// Studio): on the bundled tiny_cnn with FP16 emulated on the CPU and a max norm its FP16 engine
// misses, the search runs on a worker, lists layers by ONNX nodes that exist in the model, Apply puts
// exactly their FP32 overrides into the build settings (replacing one of the same node, keeping the
// others) and the rebuilt engine then meets the tolerance; Save Overrides writes what `kiln build
// --config` reads back. Also: the default limit passes as is, a tolerance no pins can reach fails with
// that reason, Cancel stops the search (nothing applied), and opening another model drops the
// result (and a running search). Chinese texts after a search.
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>
#include <algorithm>
#include <functional>
#include <set>

#include "engine_core/builder/builder_config.h"
#include "engine_core/onnx/importer.h"
#include "gui_test_util.h"
#include "widgets/accuracy_view.h"
#include "widgets/language.h"
#include "widgets/main_window.h"
#include "widgets/precision_debug_panel.h"

using namespace kiln::studio;

namespace {
const QString kTinyCnn = QStringLiteral(KILN_SOURCE_DIR "/resources/samples/tiny_cnn/model.onnx");
const QString kTinyTransformer =
    QStringLiteral(KILN_SOURCE_DIR "/resources/samples/tiny_transformer/model.onnx");
// Between tiny_cnn's FP32 engine error (< 1e-5 at the output) and its FP16-emulated one (~5e-4):
// the whole FP16 engine fails it, every layer in FP32 meets it.
const QString kTightMaxNorm = QStringLiteral("1e-4");

bool waitFor(const std::function<bool()>& done, int ms = 120000) {
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < ms) QTest::qWait(10);
    return done();
}

std::set<std::string> nodeNames(const kiln::Graph& graph) {
    std::set<std::string> names;
    for (const kiln::Node* n : graph.nodes()) names.insert(n->name);
    return names;
}

// tiny_cnn opened on the CPU backend, "Emulate on the CPU" at FP16 and `maxNorm` typed into the
// accuracy view ("" leaves the per-precision limits).
void openWithFp16(MainWindow& window, const QString& path, const QString& maxNorm) {
    window.openFile(path);
    QVERIFY(window.waitUntilIdle(60000));
    Workbench* wb = window.workbench();
    wb->settings()->setBackend("cpu");
    AccuracyView* view = window.accuracyView();
    QComboBox* box = view->emulationBox();
    const int fp16 = box->findData(int(kiln::Precision::FP16));
    box->setCurrentIndex(fp16);
    emit box->activated(fp16);
    QCOMPARE(int(wb->accuracy()->emulation()), int(kiln::Precision::FP16));
    if (!maxNorm.isEmpty()) {
        view->maxNormField()->setText(maxNorm);
        emit view->maxNormField()->editingFinished();
        QVERIFY(wb->accuracy()->tolerance().maxNorm);
    }
}

// Clicks "Find Layers to Keep in FP32" and waits for the search's end (finished, failed or cancelled).
void search(MainWindow& window) {
    AccuracyView* view = window.accuracyView();
    PrecisionDebugModel* model = window.workbench()->precisionDebug();
    QVERIFY2(view->precisionDebugButton()->isEnabled(), qPrintable(view->precisionDebugButton()->toolTip()));
    view->precisionDebugButton()->click();
    QVERIFY(model->isRunning());
    QVERIFY(!view->precisionDebugButton()->isEnabled());  // one search at a time
    QVERIFY(view->precisionDebugPanel()->isVisibleTo(view));
    QVERIFY(waitFor([&] { return !model->isRunning(); }));
    QVERIFY(window.waitUntilIdle(60000));
}
}  // namespace

class PrecisionDebugTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void buttonNeedsATarget() {
        // No reduced precision emulated or allowed: nothing to search for, and the tool tip says so.
        MainWindow window;
        window.openFile(kTinyCnn);
        QVERIFY(window.waitUntilIdle(60000));
        Workbench* wb = window.workbench();
        wb->settings()->setBackend("cpu");
        AccuracyView* view = window.accuracyView();
        QToolButton* button = view->precisionDebugButton();
        QVERIFY(!button->isEnabled());
        QVERIFY2(button->toolTip().contains(QStringLiteral("Emulate on the CPU")),
                 qPrintable(button->toolTip()));
        QVERIFY(!view->precisionDebugPanel()->isVisibleTo(view));
        // BF16 emulated: the search targets it, under BF16's default limit.
        QComboBox* box = view->emulationBox();
        const int bf16 = box->findData(int(kiln::Precision::BF16));
        box->setCurrentIndex(bf16);
        emit box->activated(bf16);
        QVERIFY2(button->isEnabled(), qPrintable(button->toolTip()));
        QCOMPARE(int(*wb->precisionDebugTarget()), int(kiln::Precision::BF16));
        QVERIFY2(button->toolTip().contains(QStringLiteral("BF16's default limit (max norm 0.05)")),
                 qPrintable(button->toolTip()));
        // A typed max norm is the one searched under.
        view->maxNormField()->setText(QStringLiteral("0.002"));
        emit view->maxNormField()->editingFinished();
        QVERIFY2(button->toolTip().contains(QStringLiteral("the max norm typed here (0.002)")),
                 qPrintable(button->toolTip()));
        // Invalid build settings: refused with their message.
        wb->settings()->setPrecisionEnabled(kiln::Precision::FP16, true);  // the cpu backend has no fp16
        QVERIFY(!wb->settings()->isValid());
        QVERIFY(!button->isEnabled());
        QVERIFY2(button->toolTip().contains(QStringLiteral("not valid")), qPrintable(button->toolTip()));
        wb->settings()->setPrecisionEnabled(kiln::Precision::FP16, false);
        QVERIFY(button->isEnabled());
        // Another backend: no emulation there; FP16 allowed in the settings is the target (each trial
        // a real build), as kiln debug-precision --backend cuda (where the build has the cuda backend).
        wb->settings()->setBackend("cuda");
        wb->settings()->setPrecisionEnabled(kiln::Precision::FP16, true);
        QCOMPARE(int(wb->accuracy()->emulation()), int(kiln::Precision::FP32));
        if (wb->settings()->isValid()) {
            QVERIFY2(button->isEnabled(), qPrintable(button->toolTip()));
            QCOMPARE(int(*wb->precisionDebugTarget()), int(kiln::Precision::FP16));
        }
    }

    void searchFindsLayersAndApplies() {
        MainWindow window;
        QHash<QString, QString> answers;
        answers[QStringLiteral("save-precision-overrides")] = dir_.filePath(QStringLiteral("pins.json"));
        window.setPathChooser([&](const QString& purpose, const QString&) { return answers.value(purpose); });
        openWithFp16(window, kTinyCnn, kTightMaxNorm);
        if (QTest::currentTestFailed()) return;
        Workbench* wb = window.workbench();
        AccuracyView* view = window.accuracyView();
        PrecisionDebugPanel* panel = view->precisionDebugPanel();
        PrecisionDebugModel* model = wb->precisionDebug();

        // The engine as it is fails the tight limit in FP16.
        QSignalSpy built(wb->builder(), &BuildController::finished);
        wb->build();
        QVERIFY(built.wait(120000));
        QSignalSpy compared(wb->accuracy(), &AccuracyModel::finished);
        wb->runCompare();
        QVERIFY(compared.wait(120000));
        QVERIFY(window.waitUntilIdle(60000));
        QVERIFY(!wb->accuracy()->report().passed());

        // Progress arrives while it runs: "Trial N ..." with the step, and the trials as they end.
        QStringList progressTexts;
        connect(model, &PrecisionDebugModel::progress, this,
                [&] { progressTexts << panel->summaryLabel()->text(); });
        QSignalSpy trialsSeen(model, &PrecisionDebugModel::trialFinished);
        search(window);
        if (QTest::currentTestFailed()) return;
        QCOMPARE(int(model->state()), int(PrecisionDebugModel::State::Done));
        const kiln::PrecisionDebugResult& r = model->result();
        QVERIFY2(!r.pinned.empty(), qPrintable(panel->summaryLabel()->text()));
        QVERIFY(r.pinned.size() < r.candidates);  // a real subset, not everything (4 of 9 at batch 1)
        QVERIFY(r.trials.size() <= r.maxTrials);
        QCOMPARE(int(r.target), int(kiln::Precision::FP16));
        QCOMPARE(int(r.mode), int(kiln::PrecisionDebugMode::Emulated));
        QVERIFY(r.finalMaxNorm <= 1e-4);
        QCOMPARE(trialsSeen.count(), int(r.trials.size()));
        QVERIFY(progressTexts.size() >= 2);
        QVERIFY2(progressTexts.first().contains(QStringLiteral("Trial 1: every layer in FP16")),
                 qPrintable(progressTexts.first()));
        QVERIFY2(progressTexts.at(1).contains(
                     QStringLiteral("Trial 2 of at most %1: every candidate layer in FP32").arg(r.maxTrials)),
                 qPrintable(progressTexts.at(1)));

        // The layers by ONNX nodes that exist in the model, with their own error; the trials listed.
        const std::set<std::string> nodes = nodeNames(*wb->model());
        const std::vector<kiln::LayerPrecisionOverride> pins = r.overrides();
        QVERIFY(!pins.empty());
        for (const kiln::LayerPrecisionOverride& pin : pins) {
            QVERIFY2(nodes.count(pin.target), pin.target.c_str());
            QCOMPARE(int(pin.precision), int(kiln::Precision::FP32));
        }
        QTableWidget* table = panel->pinnedTable();
        QVERIFY(table->isVisibleTo(panel));
        QCOMPARE(table->rowCount(), int(r.pinned.size()));
        for (int row = 0; row < table->rowCount(); ++row) {
            const kiln::LayerErrorScore& s = r.pinned[size_t(row)];
            QCOMPARE(table->item(row, PrecisionDebugPanel::Layer)->text(), QString::fromStdString(s.layer));
            for (const std::string& node : s.origin)
                QVERIFY(table->item(row, PrecisionDebugPanel::Nodes)
                            ->text()
                            .contains(QString::fromStdString(node)));
            QCOMPARE(table->item(row, PrecisionDebugPanel::OwnError)->text(),
                     PrecisionDebugModel::errorText(s.ownError));
        }
        // One line per trial, saying what it tried (the library's step, worded here) and how it went.
        QCOMPARE(panel->trialList()->count(), int(r.trials.size()));
        int searched = 0, unpinned = 0;
        for (int i = 0; i < panel->trialList()->count(); ++i) {
            const kiln::PrecisionTrial& t = r.trials[size_t(i)];
            const QString line = panel->trialList()->item(i)->text();
            QString step;
            switch (t.step) {
                case kiln::PrecisionStep::AllTarget:
                    step = QStringLiteral("every layer in FP16");
                    break;
                case kiln::PrecisionStep::AllCandidatesFp32:
                    step = QStringLiteral("every candidate layer in FP32");
                    break;
                case kiln::PrecisionStep::SearchPrefix:
                    ++searched;
                    QCOMPARE(t.pinnedLayers.size(), t.prefix);
                    step = QStringLiteral("the top %1 layer").arg(t.prefix);
                    break;
                case kiln::PrecisionStep::Unpin:
                    ++unpinned;
                    QVERIFY(std::find(t.pinnedLayers.begin(), t.pinnedLayers.end(), t.unpinned) ==
                            t.pinnedLayers.end());
                    step = QStringLiteral("layer %1 back in FP16").arg(QString::fromStdString(t.unpinned));
                    break;
            }
            QVERIFY2(line.startsWith(QStringLiteral("%1. %2").arg(i + 1).arg(step)), qPrintable(line));
            QVERIFY2(line.contains(t.passed ? QStringLiteral(": pass,") : QStringLiteral(": FAIL,")),
                     qPrintable(line));
        }
        QVERIFY(searched > 0 && unpinned > 0);
        QCOMPARE(int(r.trials.front().step), int(kiln::PrecisionStep::AllTarget));
        const QString summary = panel->summaryLabel()->text();
        QVERIFY2(summary.contains(QStringLiteral("Keep %1 layer").arg(r.pinned.size())), qPrintable(summary));
        QVERIFY2(summary.contains(
                     QStringLiteral("Trials: %1 of at most %2").arg(r.trials.size()).arg(r.maxTrials)),
                 qPrintable(summary));
        QVERIFY2(summary.contains(PrecisionDebugModel::errorText(r.finalMaxNorm)), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("builds: 1")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("seeded random")), qPrintable(summary));
        QVERIFY(!panel->progressBar()->isVisibleTo(panel));
        QVERIFY(panel->applyButton()->isEnabled());

        // Apply: exactly those FP32 overrides go into the settings, and the shown comparison runs
        // again on a rebuilt engine, which now meets the limit.
        QCOMPARE(wb->settings()->overrideCount(), 0);
        built.clear();
        compared.clear();
        panel->applyButton()->click();
        QVERIFY(wb->settings()->config().layerPrecisions == pins);
        QVERIFY2(panel->summaryLabel()->text().contains(
                     QStringLiteral("Applied: %1 FP32 override").arg(pins.size())),
                 qPrintable(panel->summaryLabel()->text()));
        QVERIFY(built.wait(120000));
        QVERIFY(compared.wait(120000));
        QVERIFY(window.waitUntilIdle(60000));
        QVERIFY(wb->builder()->engine()->config().layerPrecisions == pins);
        QCOMPARE(int(wb->accuracy()->reportEmulation()), int(kiln::Precision::FP16));
        QVERIFY2(wb->accuracy()->report().outputsPassed(), qPrintable(view->statusLabel()->text()));
        // The result stays with the model through the rebuild.
        QCOMPARE(int(model->state()), int(PrecisionDebugModel::State::Done));

        // Overrides already there: one of a pinned node at another precision is replaced (not
        // added twice), one of another node and one by op type are kept.
        while (wb->settings()->overrideCount() > 0) wb->settings()->removeOverride(0);
        std::set<std::string> pinned;
        for (const kiln::LayerPrecisionOverride& pin : pins) pinned.insert(pin.target);
        QVERIFY(nodes.count("pool") && !pinned.count("pool"));
        wb->settings()->addOverride(QString::fromStdString(pins.front().target), kiln::Precision::FP16);
        wb->settings()->addOverride(QStringLiteral("pool"), kiln::Precision::FP32);
        wb->settings()->addOverride(QStringLiteral("Relu"), kiln::Precision::FP32);  // by op type
        panel->applyButton()->click();
        QCOMPARE(wb->settings()->overrideCount(), int(pins.size()) + 2);
        for (const kiln::LayerPrecisionOverride& pin : pins) {
            const int i = wb->settings()->findOverride(QString::fromStdString(pin.target));
            QVERIFY2(i >= 0, pin.target.c_str());
            QCOMPARE(int(wb->settings()->overrideAt(i).precision), int(kiln::Precision::FP32));
        }
        QVERIFY(wb->settings()->findOverride(QStringLiteral("pool")) >= 0);
        QVERIFY(wb->settings()->findOverride(QStringLiteral("Relu")) >= 0);
        QVERIFY(window.waitUntilIdle(120000));

        // Save Overrides: the settings with the pins, as `kiln build --config` reads them.
        panel->saveButton()->click();
        const QString path = answers[QStringLiteral("save-precision-overrides")];
        QVERIFY(QFile::exists(path));
        const kiln::BuilderConfig saved = kiln::loadBuilderConfig(path.toStdString());
        QVERIFY(saved == kiln::configWithPins(wb->settings()->config(), r));
        for (const kiln::LayerPrecisionOverride& pin : pins) {
            auto it =
                std::find_if(saved.layerPrecisions.begin(), saved.layerPrecisions.end(),
                             [&](const kiln::LayerPrecisionOverride& o) { return o.target == pin.target; });
            QVERIFY2(it != saved.layerPrecisions.end() && it->precision == kiln::Precision::FP32,
                     pin.target.c_str());
        }
        QVERIFY2(panel->summaryLabel()->text().contains(QStringLiteral("Written:")),
                 qPrintable(panel->summaryLabel()->text()));
    }

    void passesAsIs() {
        // FP16's default limit (1e-2): tiny_cnn's FP16 rounding passes it, nothing to pin or apply.
        MainWindow window;
        openWithFp16(window, kTinyCnn, QString());
        if (QTest::currentTestFailed()) return;
        search(window);
        if (QTest::currentTestFailed()) return;
        PrecisionDebugModel* model = window.workbench()->precisionDebug();
        PrecisionDebugPanel* panel = window.accuracyView()->precisionDebugPanel();
        QCOMPARE(int(model->state()), int(PrecisionDebugModel::State::Done));
        QVERIFY(model->result().pinned.empty());
        QCOMPARE(model->result().trials.size(), size_t(1));
        QCOMPARE(model->maxNormLimit(), kiln::defaultMaxNorm(kiln::Precision::FP16));
        QVERIFY2(panel->summaryLabel()->text().contains(QStringLiteral("passes in FP16 as is")),
                 qPrintable(panel->summaryLabel()->text()));
        QVERIFY(!panel->pinnedTable()->isVisibleTo(panel));
        QVERIFY(!panel->applyButton()->isEnabled());
        panel->applyButton()->click();
        QCOMPARE(window.workbench()->settings()->overrideCount(), 0);
    }

    void toleranceOutOfReach() {
        // A limit even the FP32 engine misses (fusions and folded BatchNorms round differently from
        // the reference): the search stops after the all-FP32 trial and says so.
        MainWindow window;
        openWithFp16(window, kTinyCnn, QStringLiteral("1e-15"));
        if (QTest::currentTestFailed()) return;
        search(window);
        if (QTest::currentTestFailed()) return;
        PrecisionDebugModel* model = window.workbench()->precisionDebug();
        PrecisionDebugPanel* panel = window.accuracyView()->precisionDebugPanel();
        QCOMPARE(int(model->state()), int(PrecisionDebugModel::State::Failed));
        QVERIFY(model->toleranceOutOfReach());
        QCOMPARE(model->trials().size(), size_t(2));
        QVERIFY(!model->trials().back().passed);
        const QString summary = panel->summaryLabel()->text();
        QVERIFY2(
            summary.contains(QStringLiteral("out of reach")) && summary.contains(QStringLiteral("1e-15")),
            qPrintable(summary));
        QVERIFY(!panel->applyButton()->isVisibleTo(panel));
        QCOMPARE(window.workbench()->settings()->overrideCount(), 0);
        // Close drops it.
        panel->closeButton()->click();
        QCOMPARE(int(model->state()), int(PrecisionDebugModel::State::Idle));
        QVERIFY(!panel->isVisibleTo(window.accuracyView()));
    }

    void cancelStopsTheSearch() {
        MainWindow window;
        openWithFp16(window, kTinyCnn, kTightMaxNorm);
        if (QTest::currentTestFailed()) return;
        Workbench* wb = window.workbench();
        PrecisionDebugModel* model = wb->precisionDebug();
        PrecisionDebugPanel* panel = window.accuracyView()->precisionDebugPanel();
        // Batch 128: each trial takes tens of milliseconds, so a cancel lands well before the end.
        wb->settings()->setShapeText(0, QStringLiteral("input"), ShapeBound::Max,
                                     QStringLiteral("128x3x32x32"));
        wb->settings()->setShapeText(0, QStringLiteral("input"), ShapeBound::Opt,
                                     QStringLiteral("128x3x32x32"));
        QVERIFY2(wb->settings()->isValid(), qPrintable(wb->settings()->validationMessage()));
        // The uncancelled search, for its number of trials.
        search(window);
        if (QTest::currentTestFailed()) return;
        QCOMPARE(int(model->state()), int(PrecisionDebugModel::State::Done));
        const size_t complete = model->result().trials.size();
        QVERIFY(complete >= 4);

        // Cancelled once the first trial has ended: it stops before the end, nothing applied.
        QSignalSpy cancelled(model, &PrecisionDebugModel::cancelled);
        size_t seenAtCancel = 0;
        connect(model, &PrecisionDebugModel::trialFinished, this, [&] {
            if (seenAtCancel) return;
            seenAtCancel = model->trials().size();
            QVERIFY(panel->cancelButton()->isVisibleTo(panel));
            panel->cancelButton()->click();
        });
        window.accuracyView()->precisionDebugButton()->click();
        QVERIFY(cancelled.wait(120000));
        QVERIFY(waitFor([&] { return !model->isRunning(); }));
        QCOMPARE(int(model->state()), int(PrecisionDebugModel::State::Cancelled));
        QVERIFY(seenAtCancel >= 1);
        QVERIFY2(model->trials().size() < complete,
                 qPrintable(QStringLiteral("%1 trials of %2").arg(model->trials().size()).arg(complete)));
        QVERIFY(!model->hasResult());
        QVERIFY(model->overrides().empty());
        QVERIFY2(panel->summaryLabel()->text().contains(QStringLiteral("cancelled")),
                 qPrintable(panel->summaryLabel()->text()));
        QVERIFY(!panel->applyButton()->isVisibleTo(panel));
        QCOMPARE(wb->applyPrecisionPins(), 0);
        QCOMPARE(wb->settings()->overrideCount(), 0);
        QVERIFY(window.accuracyView()->precisionDebugButton()->isEnabled());  // can search again
    }

    void openingAnotherModelClearsIt() {
        MainWindow window;
        openWithFp16(window, kTinyCnn, kTightMaxNorm);
        if (QTest::currentTestFailed()) return;
        Workbench* wb = window.workbench();
        PrecisionDebugModel* model = wb->precisionDebug();
        PrecisionDebugPanel* panel = window.accuracyView()->precisionDebugPanel();
        search(window);
        if (QTest::currentTestFailed()) return;
        QVERIFY(model->hasResult());
        QVERIFY(panel->pinnedTable()->rowCount() > 0);

        // Another model: the result (tiny_cnn's node names) is gone, the panel hidden and empty.
        window.openFile(kTinyTransformer);
        QVERIFY(window.waitUntilIdle(60000));
        QCOMPARE(int(model->state()), int(PrecisionDebugModel::State::Idle));
        QVERIFY(!model->hasResult());
        QVERIFY(model->trials().empty());
        QVERIFY(!panel->isVisibleTo(window.accuracyView()));
        QCOMPARE(panel->pinnedTable()->rowCount(), 0);
        QCOMPARE(panel->trialList()->count(), 0);
        QCOMPARE(wb->applyPrecisionPins(), 0);
        QCOMPARE(wb->settings()->overrideCount(), 0);

        // Opened while a search runs: it is stopped and its end never shows on the new model.
        window.openFile(kTinyCnn);
        QVERIFY(window.waitUntilIdle(60000));
        QVERIFY(window.accuracyView()->precisionDebugButton()->isEnabled());
        QSignalSpy finished(model, &PrecisionDebugModel::finished);
        QSignalSpy progressed(model, &PrecisionDebugModel::progress);
        window.accuracyView()->precisionDebugButton()->click();
        QVERIFY(model->isRunning());
        // Straight into the Workbench, before the search can end (the window's loader is asynchronous).
        kiln::ImportResult other = kiln::importOnnxFile(kTinyTransformer.toStdString());
        wb->setModel(std::shared_ptr<const kiln::Graph>(std::move(other.graph)), kTinyTransformer);
        QCOMPARE(int(model->state()), int(PrecisionDebugModel::State::Idle));
        QVERIFY(waitFor([&] { return !model->isRunning(); }));
        QVERIFY(window.waitUntilIdle(120000));
        QCOMPARE(finished.count(), 0);    // its end was discarded
        QCOMPARE(progressed.count(), 0);  // and its queued progress too
        QCOMPARE(int(model->state()), int(PrecisionDebugModel::State::Idle));
        QVERIFY(model->trials().empty());
        QVERIFY(!panel->isVisibleTo(window.accuracyView()));
        QCOMPARE(wb->settings()->overrideCount(), 0);
    }

    void chineseTexts() {
        // The button, the progress and the result in Chinese: no English sentence left.
        LanguageManager language;
        QVERIFY(language.apply(QStringLiteral("zh_CN")));
        MainWindow window(&language);
        openWithFp16(window, kTinyCnn, kTightMaxNorm);
        if (QTest::currentTestFailed()) return;
        PrecisionDebugModel* model = window.workbench()->precisionDebug();
        PrecisionDebugPanel* panel = window.accuracyView()->precisionDebugPanel();
        QStringList texts;
        connect(model, &PrecisionDebugModel::progress, this, [&] { texts << panel->summaryLabel()->text(); });
        search(window);
        if (QTest::currentTestFailed()) return;
        QVERIFY(model->hasResult());
        QStringList names;
        for (const kiln::Node* n : window.workbench()->model()->nodes())
            names << QString::fromStdString(n->name);
        for (const kiln::Value* v : window.workbench()->model()->outputs())
            names << QString::fromStdString(v->name);
        for (const kiln::Value* v : window.workbench()->model()->runtimeInputs())
            names << QString::fromStdString(v->name);
        for (const kiln::LayerErrorScore& s : model->result().ranking)
            names << QString::fromStdString(s.layer);
        const QStringList terms{
            QStringLiteral("FP16"),       QStringLiteral("FP32"),   QStringLiteral("ONNX"),
            QStringLiteral("CPU"),        QStringLiteral("GPU"),    QStringLiteral("kiln"),
            QStringLiteral("build"),      QStringLiteral("config"), QStringLiteral("debug-precision"),
            QStringLiteral("Inf"),        QStringLiteral("NaN"),    QStringLiteral("save-overrides"),
            QStringLiteral("Kiln Studio")};
        texts << panel->summaryLabel()->text() << window.accuracyView()->precisionDebugButton()->text()
              << window.accuracyView()->precisionDebugButton()->toolTip() << panel->applyButton()->text()
              << panel->saveButton()->text() << panel->applyButton()->toolTip();
        for (int i = 0; i < panel->trialList()->count(); ++i) texts << panel->trialList()->item(i)->text();
        for (int c = 0; c < PrecisionDebugPanel::ColumnCount; ++c)
            texts << panel->pinnedTable()->horizontalHeaderItem(c)->text();
        for (const QString& text : texts) {
            QVERIFY2(test::hasChinese(text), qPrintable(text));
            const QString word = test::latinWordLeft(text, names, terms, /*wholeNames=*/true);
            QVERIFY2(word.isEmpty(), qPrintable(word + QStringLiteral(" in: ") + text));
        }
    }
};

QTEST_MAIN(PrecisionDebugTest)
#include "test_precision_debug.moc"
