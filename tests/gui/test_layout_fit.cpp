// Issue 15, bug 5: at the default 1400×860 window, in English and in Chinese, nothing of the main
// panels is clipped or drawn over something else. Each panel (the graph with its docks, the fusion
// view, the build panel, the profiler, the accuracy view, the build comparison and an opened
// engine's summary) is shown with real results of the bundled tiny_cnn (built for batch 1 to 2, so
// the profiler's input chooser has a shape field; the accuracy view runs on the test data set),
// then its visible widgets are walked:
//   - sibling widgets do not overlap;
//   - a child lies inside its parent (scroll areas' contents excepted);
//   - buttons and one-line labels are not smaller than their minimumSizeHint (their text fits);
//   - two-column property trees keep their Value column in view;
//   - tab bars show their tabs whole (no scroll arrows over them);
//   - charts: tick labels do not overlap each other, and the legend covers no bar.
// Screenshots of every panel go to $KILN_LAYOUT_SHOTS when set (else a temporary folder).
#include <qcustomplot.h>

#include <QAbstractButton>
#include <QComboBox>
#include <QLineEdit>
#include <QToolButton>
#include <QAbstractScrollArea>
#include <QApplication>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QMainWindow>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalSpy>
#include <QSplitter>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

#include "gui_test_util.h"
#include "widgets/accuracy_model.h"
#include "widgets/accuracy_view.h"
#include "widgets/build_comparison_model.h"
#include "widgets/build_comparison_view.h"
#include "widgets/build_controller.h"
#include "widgets/build_panel.h"
#include "widgets/fusion_view.h"
#include "widgets/graph_panel.h"
#include "widgets/language.h"
#include "widgets/main_window.h"
#include "widgets/precision_debug_panel.h"
#include "widgets/profile_model.h"
#include "widgets/profiler_view.h"
#include "widgets/run_inputs.h"
#include "widgets/workbench.h"

using namespace kiln::studio;

namespace {
const QString kTinyCnn = QStringLiteral(KILN_SOURCE_DIR "/resources/samples/tiny_cnn/model.onnx");

QString describe(const QWidget* w) {
    QString text;
    if (auto* b = qobject_cast<const QAbstractButton*>(w))
        text = b->text();
    else if (auto* l = qobject_cast<const QLabel*>(w))
        text = l->text();
    QString name = QString::fromLatin1(w->metaObject()->className());
    if (!w->objectName().isEmpty()) name += QLatin1Char('#') + w->objectName();
    if (!text.isEmpty()) name += QStringLiteral(" \"%1\"").arg(text.left(40));
    return name;
}

QString path(const QWidget* w) {
    QStringList parts;
    for (const QWidget* p = w; p && !p->isWindow(); p = p->parentWidget())
        parts.prepend(QString::fromLatin1(p->metaObject()->className()));
    return parts.join(QLatin1Char('/'));
}

QString rectText(const QRect& r) {
    return QStringLiteral("%1x%2+%3+%4").arg(r.width()).arg(r.height()).arg(r.x()).arg(r.y());
}

// A scroll area's viewport (and what it shows) may be larger than the area on purpose.
bool scrollsItsChildren(const QWidget* parent) {
    const QWidget* grand = parent->parentWidget();
    auto* area = grand ? qobject_cast<const QAbstractScrollArea*>(grand) : nullptr;
    return area && area->viewport() == parent;
}

// Chart checks: tick labels of an axis that overlap, and a legend drawn over a bar.
void checkChart(QCustomPlot* plot, QStringList* problems) {
    plot->replot();
    for (QCPAxis* axis : {plot->xAxis, plot->yAxis}) {
        if (!axis->visible() || !axis->tickLabels()) continue;
        const QVector<double> ticks = axis->tickVector();
        const QVector<QString> labels = axis->tickVectorLabels();
        const QFontMetrics fm(axis->tickLabelFont());
        QVector<QRect> rects;
        for (int i = 0; i < ticks.size() && i < labels.size(); ++i) {
            const double p = axis->coordToPixel(ticks[i]);
            if (p < axis->axisRect()->left() - 1 || p > axis->axisRect()->right() + 1) {
                if (axis->orientation() == Qt::Horizontal) continue;
            }
            if (axis->orientation() == Qt::Vertical &&
                (p < axis->axisRect()->top() - 1 || p > axis->axisRect()->bottom() + 1))
                continue;
            const QRect text = fm.boundingRect(labels[i]);
            QRect r(0, 0, fm.horizontalAdvance(labels[i]), text.height());
            if (axis->orientation() == Qt::Horizontal)
                r.moveCenter(QPoint(int(p), axis->axisRect()->bottom() + 10));
            else
                r.moveCenter(QPoint(axis->axisRect()->left() - 10 - r.width() / 2, int(p)));
            rects << r;
        }
        for (int i = 1; i < rects.size(); ++i)
            for (int j = 0; j < i; ++j)
                if (rects[i].intersects(rects[j]))
                    *problems << QStringLiteral("%1: tick labels \"%2\" and \"%3\" of the %4 axis overlap")
                                     .arg(path(plot), labels[i], labels[j],
                                          axis->orientation() == Qt::Horizontal ? QStringLiteral("x")
                                                                                : QStringLiteral("y"));
        // The labels fit in the chart.
        for (int i = 0; i < rects.size(); ++i)
            if (!plot->rect().contains(rects[i]))
                *problems << QStringLiteral("%1: tick label \"%2\" is cut off by the chart's edge")
                                 .arg(path(plot), labels[i]);
    }
    if (!plot->legend->visible()) return;
    const QRect legend = plot->legend->outerRect();
    for (int i = 0; i < plot->plottableCount(); ++i) {
        auto* bars = qobject_cast<QCPBars*>(plot->plottable(i));
        if (!bars) continue;
        const int inGroup = bars->barsGroup() ? bars->barsGroup()->size() : 1;
        for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it) {
            // The whole group's slot at this key (the bars side by side), from 0 to the value.
            const double half = bars->width() * inGroup / 2;
            const QPointF a = bars->coordsToPixels(it->key - half, 0);
            const QPointF b = bars->coordsToPixels(it->key + half, it->value);
            const QRect bar = QRectF(a, b).normalized().toRect();
            if (bar.width() > 0 && bar.height() > 0 && legend.intersects(bar))
                *problems << QStringLiteral("%1: the legend %2 covers the bar of \"%3\" at %4")
                                 .arg(path(plot), rectText(legend), bars->name(), rectText(bar));
        }
    }
}

// Walks `w` and its visible descendants; appends one line per problem.
void checkWidget(QWidget* w, QStringList* problems) {
    QList<QWidget*> children;
    for (QObject* o : w->children()) {
        auto* c = qobject_cast<QWidget*>(o);
        // A tabified dock that is not the current tab is parked outside the window.
        if (!c || c->isWindow() || !c->isVisible()) continue;
        if (qobject_cast<QMainWindow*>(w) && !w->rect().intersects(c->geometry())) continue;
        children << c;
    }
    const bool scrolls = scrollsItsChildren(w);
    // A tab bar too narrow for its tabs shows scroll arrows over them: its tabs are the check.
    if (auto* bar = qobject_cast<QTabBar*>(w)) {
        for (int i = 0; i < bar->count(); ++i) {
            const QRect tab = bar->tabRect(i);
            QString text = bar->tabText(i);
            text.remove(QLatin1Char('&'));
            const int needed = bar->fontMetrics().horizontalAdvance(text);
            if (!bar->rect().contains(tab) || tab.width() < needed)
                *problems << QStringLiteral("%1: the tab \"%2\" at %3 does not fit its %4-pixel tab bar")
                                 .arg(path(w), text, rectText(tab))
                                 .arg(bar->width());
        }
        return;
    }
    // An overlay on a scroll area's viewport (the graph's mini map) is meant to be on top.
    auto* area = qobject_cast<QAbstractScrollArea*>(w);
    for (int i = 0; i < children.size(); ++i) {
        QWidget* c = children[i];
        const QRect g = c->geometry();
        if (g.isEmpty()) continue;
        if (!scrolls && !w->rect().contains(g))
            *problems << QStringLiteral("%1: %2 at %3 is clipped by its parent %4 (%5)")
                             .arg(path(c), describe(c), rectText(g), describe(w), rectText(w->rect()));
        for (int j = 0; j < i; ++j) {
            const QRect other = children[j]->geometry();
            if (scrolls || other.isEmpty()) continue;
            if (area && (children[j] == area->viewport() || c == area->viewport())) continue;
            if (g.intersects(other))
                *problems << QStringLiteral("%1: %2 at %3 overlaps its sibling %4 at %5")
                                 .arg(path(c), describe(c), rectText(g), describe(children[j]),
                                      rectText(other));
        }
    }
    // Text that must fit: buttons, and labels on one line.
    const QSize minimum = w->minimumSizeHint();
    // (Qt's own parts, such as the dock widgets' title buttons, are drawn as Qt sees fit.)
    const bool button =
        qobject_cast<QAbstractButton*>(w) != nullptr && !w->objectName().startsWith(QLatin1String("qt_"));
    auto* label = qobject_cast<QLabel*>(w);
    const bool oneLineLabel =
        label && !label->wordWrap() && !label->text().isEmpty() && label->pixmap().isNull();
    if ((button || oneLineLabel) && minimum.isValid() &&
        (w->width() < minimum.width() || w->height() < minimum.height()))
        *problems << QStringLiteral("%1: %2 is %3x%4, smaller than it needs (%5x%6): its text is cut off")
                         .arg(path(w), describe(w))
                         .arg(w->width())
                         .arg(w->height())
                         .arg(minimum.width())
                         .arg(minimum.height());
    // Property/value trees: the value column starts inside the view with room to read.
    if (auto* tree = qobject_cast<QTreeView*>(w);
        tree && tree->model() && tree->model()->columnCount() == 2 && !tree->header()->isSectionHidden(1)) {
        const int start = tree->header()->sectionViewportPosition(1);
        if (start + 80 > tree->viewport()->width())
            *problems << QStringLiteral(
                             "%1: the second column (%2) starts at %3 of a %4-pixel view: its values "
                             "are off-screen")
                             .arg(path(w), tree->model()->headerData(1, Qt::Horizontal).toString())
                             .arg(start)
                             .arg(tree->viewport()->width());
    }
    if (auto* plot = qobject_cast<QCustomPlot*>(w)) checkChart(plot, problems);
    for (QWidget* c : children) checkWidget(c, problems);
}

void settle(int ms) {
    QElapsedTimer t;
    t.start();
    do {
        QApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(5);
    } while (t.elapsed() < ms);
}
}  // namespace

class LayoutFitTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir dir_;
    QString shots_;

    QStringList checkPanel(MainWindow& window, const QString& name) {
        settle(150);
        // Grabbing lays out and paints everything that is pending, as a screen would.
        window.grab().save(QDir(shots_).filePath(name + QStringLiteral(".png")));
        QStringList problems;
        checkWidget(&window, &problems);
        problems.removeDuplicates();  // the two sides of the fusion view
        for (QString& p : problems) p.prepend(name + QStringLiteral(": "));
        return problems;
    }

    void runLanguage(const QString& lang) {
        LanguageManager language;
        QVERIFY(language.apply(lang));
        MainWindow window(&language);
        QHash<QString, QString> answers;
        answers[QStringLiteral("export-engine")] = dir_.filePath(lang + QStringLiteral(".engine"));
        window.setPathChooser([&](const QString& purpose, const QString&) { return answers.value(purpose); });
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.size(), QSize(1400, 860));
        window.openFile(kTinyCnn);
        QVERIFY(window.waitUntilIdle(60000));
        Workbench* wb = window.workbench();
        QStringList problems;

        window.showView(MainWindow::ViewTab::Graph);
        problems << checkPanel(window, lang + QStringLiteral("-graph"));

        window.showView(MainWindow::ViewTab::Fusion);
        QVERIFY(window.waitUntilIdle(60000));
        problems << checkPanel(window, lang + QStringLiteral("-fusion"));

        window.buildDock()->show();
        window.buildDock()->raise();
        // Batch 1 to 2: the input choosers show a shape field for the dynamic input.
        wb->settings()->setShapeText(0, QStringLiteral("input"), ShapeBound::Max, QStringLiteral("2x3x32x32"));
        QSignalSpy built(wb->builder(), &BuildController::finished);
        window.buildAction()->trigger();
        QVERIFY(built.wait(120000));
        QVERIFY(wb->hasEngine());
        QVERIFY(window.waitUntilIdle(60000));
        problems << checkPanel(window, lang + QStringLiteral("-build"));
        window.exportEngineAction()->trigger();
        QVERIFY(QFile::exists(answers[QStringLiteral("export-engine")]));
        window.propertiesDock()->raise();

        QSignalSpy profiled(wb->profile(), &ProfileModel::finished);
        window.profileAction()->trigger();
        QVERIFY(profiled.wait(120000));
        QVERIFY(window.waitUntilIdle(60000));
        problems << checkPanel(window, lang + QStringLiteral("-profiler"));

        // The accuracy view on the test data set next to the model (its combo shown).
        RunInputChoice dataSet;
        dataSet.source = InputSource::TestDataSet;
        dataSet.dataSet = testDataSetsNextTo(kTinyCnn).value(0);
        wb->setInputChoice(dataSet);
        QSignalSpy compared(wb->accuracy(), &AccuracyModel::finished);
        window.compareAction()->trigger();
        QVERIFY(compared.wait(120000));
        QVERIFY(window.waitUntilIdle(60000));
        problems << checkPanel(window, lang + QStringLiteral("-accuracy"));

        // The same view with the result of "Find Layers to Keep in FP32" under its status (FP16
        // emulated, a max norm the FP16 engine misses, so layers are listed).
        AccuracyView* accuracy = window.accuracyView();
        const int fp16 = accuracy->emulationBox()->findData(int(kiln::Precision::FP16));
        accuracy->emulationBox()->setCurrentIndex(fp16);
        emit accuracy->emulationBox()->activated(fp16);
        accuracy->maxNormField()->setText(QStringLiteral("1e-4"));
        emit accuracy->maxNormField()->editingFinished();
        QVERIFY(window.waitUntilIdle(120000));
        QVERIFY2(accuracy->precisionDebugButton()->isEnabled(), qPrintable(accuracy->precisionDebugButton()->toolTip()));
        accuracy->precisionDebugButton()->click();
        QVERIFY(window.waitUntilIdle(120000));
        QVERIFY(wb->precisionDebug()->hasResult());
        QVERIFY(!wb->precisionDebug()->result().pinned.empty());
        problems << checkPanel(window, lang + QStringLiteral("-accuracy-fp32-search"));

        QSignalSpy comparedBuilds(wb->buildComparison(), &BuildComparisonModel::finished);
        window.buildComparisonView()->setLevel(BuildComparisonView::Side::A, 0);
        window.buildComparisonView()->setLevel(BuildComparisonView::Side::B, 3);
        window.compareBuildsAction()->trigger();
        QVERIFY(comparedBuilds.wait(300000));
        QVERIFY(window.waitUntilIdle(60000));
        window.showView(MainWindow::ViewTab::CompareBuilds);
        problems << checkPanel(window, lang + QStringLiteral("-compare-builds"));

        // An engine file: its summary in the left dock.
        window.openFile(answers[QStringLiteral("export-engine")]);
        QVERIFY(window.waitUntilIdle(60000));
        QVERIFY(wb->isEngineFile());
        window.showView(MainWindow::ViewTab::Graph);
        problems << checkPanel(window, lang + QStringLiteral("-engine"));

        for (const QString& p : problems) qWarning().noquote() << p;
        QVERIFY2(problems.isEmpty(),
                 qPrintable(QStringLiteral("%1 layout problem(s), listed above; screenshots in %2")
                                .arg(problems.size())
                                .arg(shots_)));
    }

private slots:
    void initTestCase() {
        test::isolateSettings();
        QVERIFY(dir_.isValid());
        shots_ = qEnvironmentVariable("KILN_LAYOUT_SHOTS");
        if (shots_.isEmpty()) shots_ = dir_.filePath(QStringLiteral("shots"));
        QVERIFY(QDir().mkpath(shots_));
    }

    void englishFits() { runLanguage(QStringLiteral("en")); }
    void chineseFits() { runLanguage(QStringLiteral("zh_CN")); }

    // The checks themselves catch what they are for: two buttons placed over each other, a label
    // squeezed below its text, a key/value tree whose keys push the values out, a legend on a bar.
    void checksCatchProblems() {
        QWidget host;
        host.resize(400, 300);
        auto* a = new QPushButton(QStringLiteral("Expand all"), &host);
        auto* b = new QPushButton(QStringLiteral("Collapse all"), &host);
        a->setGeometry(10, 10, 120, 30);
        b->setGeometry(100, 10, 120, 30);
        host.show();
        QStringList problems;
        checkWidget(&host, &problems);
        QCOMPARE(problems.size(), 1);
        QVERIFY(problems[0].contains(QStringLiteral("overlaps")));
        b->setGeometry(140, 10, 20, 30);
        problems.clear();
        checkWidget(&host, &problems);
        QCOMPARE(problems.size(), 1);
        QVERIFY(problems[0].contains(QStringLiteral("cut off")));
        b->setGeometry(300, 10, 120, 30);
        problems.clear();
        checkWidget(&host, &problems);
        QCOMPARE(problems.size(), 1);
        QVERIFY(problems[0].contains(QStringLiteral("clipped")));
    }
};

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    app.setAttribute(Qt::AA_Use96Dpi, true);
    LayoutFitTest test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "test_layout_fit.moc"
