// The build panel as a new user met it (issue 15): the mouse wheel over its spin boxes and combo
// boxes scrolls the panel instead of editing an unfocused setting; the build log follows its end;
// and opening another model leaves nothing of the previous model's build in the panel.
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTextBlock>
#include <QWheelEvent>
#include <QtTest>

#include "gui_test_util.h"
#include <qcustomplot.h>

#include "widgets/accuracy_view.h"
#include "widgets/build_comparison_model.h"
#include "widgets/build_comparison_view.h"
#include "widgets/build_controller.h"
#include "widgets/build_panel.h"
#include "widgets/build_settings_model.h"
#include "widgets/layer_precision_model.h"
#include "widgets/layer_precision_view.h"
#include "widgets/main_window.h"
#include "widgets/model_loader.h"
#include "widgets/profiler_view.h"
#include "widgets/workbench.h"

using namespace kiln::studio;

namespace {

const QString kTinyCnn = QStringLiteral(KILN_SOURCE_DIR "/resources/samples/tiny_cnn/model.onnx");
const QString kTinyTransformer =
    QStringLiteral(KILN_SOURCE_DIR "/resources/samples/tiny_transformer/model.onnx");
constexpr int kTimeout = 120000;

QScrollArea* scrollAreaOf(QWidget* w) {
    for (QWidget* p = w->parentWidget(); p; p = p->parentWidget())
        if (auto* area = qobject_cast<QScrollArea*>(p)) return area;
    return nullptr;
}

// One wheel notch over the middle of `target`, delivered as QApplication delivers a real
// (spontaneous) one: to the widget under the point first (a spin box's line edit, say), then up
// its parents until one accepts it. A test can only send non-spontaneous events, which Qt does not
// propagate, so the loop of QApplication::notify is done here.
void wheelOver(QWidget* target, int delta) {
    QWidget* window = target->window();
    const QPoint inWindow = target->mapTo(window, target->rect().center());
    QWidget* w = window->childAt(inWindow);
    QVERIFY2(w && (w == target || target->isAncestorOf(w)), "the box is under the pointer");
    for (; w; w = w->parentWidget()) {
        const QPoint local = w->mapFrom(window, inWindow);
        QWheelEvent event(QPointF(local), QPointF(w->mapToGlobal(local)), QPoint(), QPoint(0, delta),
                          Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        event.setAccepted(true);
        const bool handled = QApplication::sendEvent(w, &event);
        if ((handled && event.isAccepted()) || w->isWindow()) break;
    }
}

}  // namespace

class BuildPanelTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { test::isolateSettings(); }

    void wheelScrollsThePanelUntilABoxHasFocus() {
        BuildSettingsModel settings;
        BuildController controller;
        BuildPanel panel(&settings, &controller, {});
        LoadOutcome loaded = ModelLoader::loadFile(kTinyCnn);
        QVERIFY(loaded.model);
        settings.setGraph(loaded.model->graph);
        settings.setPrecisionEnabled(kiln::Precision::INT8, true);  // enables the calibration boxes
        settings.setOptimizationLevel(3);
        settings.setCalibrationBatches(0);
        panel.resize(420, 360);  // short: the panel scrolls
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QScrollArea* area = scrollAreaOf(panel.optimizationLevelBox());
        QVERIFY(area);
        QScrollBar* bar = area->verticalScrollBar();
        QVERIFY(bar->maximum() > 0);

        struct Case {
            QWidget* box;
            std::function<int()> value;
        };
        const Case cases[] = {
            {panel.optimizationLevelBox(), [&] { return settings.optimizationLevel(); }},
            {panel.calibrationBatchesBox(), [&] { return settings.calibrationBatches(); }},
            {panel.calibratorBox(), [&] { return int(settings.calibrator()); }},
            {panel.backendBox(), [&] { return panel.backendBox()->currentIndex(); }},
        };
        for (const Case& c : cases) {
            QVERIFY(c.box->isEnabled());
            QCOMPARE(c.box->focusPolicy(), Qt::StrongFocus);  // the wheel gives no focus
            area->ensureWidgetVisible(c.box, 0, 40);
            const int before = c.value();
            const int scrolled = bar->value();
            wheelOver(c.box, bar->value() < bar->maximum() ? -120 : 120);
            QVERIFY2(c.value() == before, qPrintable(c.box->metaObject()->className()));
            QVERIFY2(bar->value() != scrolled, "the wheel scrolls the panel instead");
            QVERIFY(!c.box->hasFocus());
        }

        // Focused (clicked or tabbed into), the box takes the wheel as usual.
        panel.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&panel));
        QSpinBox* level = panel.optimizationLevelBox();
        area->ensureWidgetVisible(level, 0, 40);
        level->setFocus(Qt::TabFocusReason);
        QTRY_VERIFY(level->hasFocus());
        wheelOver(level, -120);
        QCOMPARE(settings.optimizationLevel(), 2);

        // Rows added later (an override's precision box) are guarded too.
        settings.addOverride(QStringLiteral("Softmax"), kiln::Precision::FP32);
        auto* precision = qobject_cast<QComboBox*>(panel.overridesTable()->cellWidget(0, 1));
        QVERIFY(precision);
        QCOMPARE(precision->focusPolicy(), Qt::StrongFocus);
    }

    // timing.compareFusions has a control: the box edits the setting and follows a loaded config.
    void compareFusionsBoxFollowsTheSetting() {
        BuildSettingsModel settings;
        BuildController controller;
        BuildPanel panel(&settings, &controller, {});
        QCheckBox* box = panel.compareFusionsBox();
        QVERIFY(box);
        QVERIFY(settings.compareFusions());  // the default is on
        QVERIFY(box->isChecked());
        QVERIFY(!box->text().isEmpty());
        box->click();
        QVERIFY(!settings.config().compareFusions);
        kiln::BuilderConfig config = settings.config();
        config.compareFusions = true;
        settings.setConfig(config);
        QVERIFY(box->isChecked());
        QString error;
        QVERIFY2(settings.loadJson(QStringLiteral(R"({"timing": {"compareFusions": false}})"), &error,
                                   QStringLiteral("s.json")),
                 qPrintable(error));
        QVERIFY(!box->isChecked());
    }

    void logFollowsItsEnd() {
        BuildSettingsModel settings;
        BuildController controller;
        BuildPanel panel(&settings, &controller, {});
        panel.resize(420, 900);
        QPlainTextEdit* log = panel.log();
        QScrollBar* bar = log->verticalScrollBar();
        // Hidden (the dock tabbed behind another during the build): still follows.
        for (int i = 0; i < 300; ++i) emit controller.logLine(QStringLiteral("line %1").arg(i));
        QVERIFY(bar->maximum() > 0);
        QCOMPARE(bar->value(), bar->maximum());
        // Shown: follows, and the last line (the final warning) is in view.
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        emit controller.logLine(QStringLiteral("Warning: the last line"));
        QCOMPARE(bar->value(), bar->maximum());
        const QTextBlock last = log->document()->lastBlock();
        QCOMPARE(last.text(), QStringLiteral("Warning: the last line"));
        QVERIFY(log->cursorForPosition(QPoint(4, log->viewport()->height() - 4)).block().blockNumber() >=
                last.blockNumber() - 1);
        // Scrolled up by the user: stays where the user put it.
        bar->setValue(bar->maximum() / 2);
        const int reading = bar->value();
        emit controller.logLine(QStringLiteral("one more"));
        QCOMPARE(bar->value(), reading);
    }

    void openingAnotherModelClearsTheBuild() {
        MainWindow window;
        window.resize(1400, 860);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openFile(kTinyCnn);
        QVERIFY(window.waitUntilIdle(kTimeout));
        Workbench* wb = window.workbench();
        BuildPanel* panel = window.buildPanel();
        QCOMPARE(panel->phaseLabel()->text(), QStringLiteral("Not built yet."));
        QSignalSpy built(wb->builder(), &BuildController::finished);
        window.buildAction()->trigger();
        QVERIFY(built.wait(kTimeout));
        QVERIFY(window.waitUntilIdle(kTimeout));
        QVERIFY2(panel->phaseLabel()->text().startsWith(QStringLiteral("Built:")),
                 qPrintable(panel->phaseLabel()->text()));
        QVERIFY(!panel->log()->toPlainText().isEmpty());
        QVERIFY(panel->layerPrecisionView()->model()->hasEngine());

        // B: nothing of A's build shows.
        QSignalSpy opened(&window, &MainWindow::modelOpened);
        window.openFile(kTinyTransformer);
        QVERIFY(opened.wait(kTimeout));
        QVERIFY(window.waitUntilIdle(kTimeout));
        QCOMPARE(panel->phaseLabel()->text(), QStringLiteral("Not built yet."));
        QVERIFY2(panel->log()->toPlainText().isEmpty(), qPrintable(panel->log()->toPlainText()));
        QCOMPARE(panel->progressBar()->value(), 0);
        QVERIFY(!panel->layerPrecisionView()->model()->hasEngine());
        QVERIFY(!wb->hasEngine());
        // The profile tabs are B's inputs, and B's settings check out against B.
        const QStringList inputs = wb->settings()->dynamicInputs();
        for (const QString& input : inputs) QVERIFY(panel->shapeField(0, input, ShapeBound::Opt));
        QVERIFY(!panel->shapeField(0, QStringLiteral("input"), ShapeBound::Opt) ||
                inputs.contains(QStringLiteral("input")));
        QVERIFY2(wb->settings()->isValid(), qPrintable(wb->settings()->validationMessage()));

        // B's build log starts with B's build.
        built.clear();
        window.buildAction()->trigger();
        QVERIFY(built.wait(kTimeout));
        QVERIFY(window.waitUntilIdle(kTimeout));
        QVERIFY(panel->log()->toPlainText().startsWith(QStringLiteral("Build started")));
        QCOMPARE(panel->log()->toPlainText().count(QStringLiteral("Build started")), 1);
    }

    // Issue 15, bug 1: after opening B, the profiler, accuracy and build comparison charts show
    // nothing of A: no bars, no tick labels, ranges, log scale or legend from A's results.
    void openingAnotherModelResetsTheCharts() {
        MainWindow window;
        window.resize(1400, 860);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openFile(kTinyCnn);
        QVERIFY(window.waitUntilIdle(kTimeout));
        Workbench* wb = window.workbench();
        QSignalSpy built(wb->builder(), &BuildController::finished);
        window.buildAction()->trigger();
        QVERIFY(built.wait(kTimeout));
        QVERIFY(window.waitUntilIdle(kTimeout));
        window.profileAction()->trigger();
        QVERIFY(window.waitUntilIdle(kTimeout));
        QVERIFY(wb->profile()->hasReport());
        window.compareAction()->trigger();
        QVERIFY(window.waitUntilIdle(kTimeout));
        QVERIFY(wb->accuracy()->hasReport());
        window.compareBuildsAction()->trigger();
        QVERIFY(window.waitUntilIdle(240000));
        QVERIFY2(wb->buildComparison()->hasResult(), qPrintable(wb->buildComparison()->lastError()));

        ProfilerView* profiler = window.profilerView();
        AccuracyView* accuracy = window.accuracyView();
        const QList<QCustomPlot*> charts = {profiler->topChart(),     profiler->typeChart(),
                                            profiler->timelineChart(), accuracy->depthChart(),
                                            accuracy->histogramChart(), window.buildComparisonView()->chart()};
        // A's results are on every chart.
        for (QCustomPlot* chart : charts) QVERIFY(chart->plottableCount() > 0 || chart->itemCount() > 1);
        QCOMPARE(accuracy->depthChart()->yAxis->scaleType(), QCPAxis::stLogarithmic);
        QVERIFY(window.buildComparisonView()->chart()->legend->visible());
        QVERIFY(profiler->topChart()->yAxis->range().upper > 5.5);  // tiny_cnn has more than 5 layers

        QSignalSpy opened(&window, &MainWindow::modelOpened);
        window.openFile(kTinyTransformer);
        QVERIFY(opened.wait(kTimeout));
        QVERIFY(window.waitUntilIdle(kTimeout));
        for (QCustomPlot* chart : charts) {
            const QString name = chart->parentWidget() ? chart->parentWidget()->metaObject()->className() : QString();
            QVERIFY2(chart->plottableCount() == 0, qPrintable(name));
            QCOMPARE(chart->itemCount(), 1);  // the "No profile yet" / "No comparison yet" message
            QVERIFY2(!chart->legend->visible(), qPrintable(name));
            for (QCPAxis* axis : {chart->xAxis, chart->yAxis}) {
                QCOMPARE(axis->range(), QCPRange(0, 5));  // a new chart's
                QCOMPARE(axis->scaleType(), QCPAxis::stLinear);
                QVERIFY(!axis->tickLabels());
                QCOMPARE(axis->tickLabelRotation(), 0.0);
                QVERIFY(axis->label().isEmpty());
            }
        }
        QVERIFY(!wb->profile()->hasReport());
        QVERIFY(!wb->accuracy()->hasReport());
        QVERIFY(!wb->buildComparison()->hasResult());
    }
};

QTEST_MAIN(BuildPanelTest)
#include "test_build_panel.moc"
