#include "widgets/screenshot.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QPixmap>

#include <QElapsedTimer>
#include <QTabWidget>
#include <QThread>

#include "widgets/accuracy_view.h"
#include "widgets/build_comparison_view.h"
#include "widgets/build_panel.h"
#include "widgets/fusion_view.h"
#include "widgets/graph_panel.h"
#include "widgets/graph_view.h"
#include "widgets/main_window.h"
#include "widgets/profiler_view.h"

namespace kiln::studio {

namespace {

int nodeWithLargestWeight(const GraphModel& model) {
    int best = -1;
    int64_t bestSize = 0;
    for (const ModelNode& n : model.nodes()) {
        if (n.ir == nullptr) continue;
        for (const kiln::Value* v : n.ir->inputs)
            if (v && v->isConstant() && v->constant->numel() > bestSize) {
                bestSize = v->constant->numel();
                best = n.id;
            }
    }
    return best;
}

}  // namespace

QStringList takeScreenshots(MainWindow& window, const QString& dir, QString* error, const QString& selectNode) {
    QStringList written;
    auto fail = [&](const QString& message) {
        if (error) *error = message;
        return written;
    };
    if (!QDir().mkpath(dir)) return fail(QStringLiteral("cannot create %1").arg(dir));
    // At the default size whatever geometry QSettings restored, so the pictures show what a first
    // start shows (and a saved window of another size doesn't change them).
    window.resize(MainWindow::defaultSize());
    window.show();
    window.resizeDocks({window.summaryDock(), window.propertiesDock()}, {300, 400}, Qt::Horizontal);
    if (!window.waitUntilIdle(120000)) return fail(QStringLiteral("timed out waiting for the model and its layout"));
    if (!window.lastError().isEmpty()) return fail(window.lastError());
    GraphModel& model = *window.graphModel();
    if (model.nodeCount() == 0) return fail(QStringLiteral("no model loaded"));

    int node = selectNode.isEmpty() ? nodeWithLargestWeight(model) : model.findNodeByName(selectNode);
    if (node < 0) node = 0;
    model.setCurrentNode(node);
    window.waitUntilIdle(120000);  // selecting a node inside a collapsed block opens it
    GraphView* view = window.graphPanel()->view();
    view->fitToWindow();
    // A tall graph fitted to the window is a thin strip of unreadable boxes: show the selected
    // node's neighbourhood at a readable zoom instead.
    if (view->zoom() < 0.45) {
        view->setZoom(0.85);
        view->focusNode(node);
    }
    QApplication::processEvents();

    auto save = [&](QWidget* widget, const QString& name) {
        const QString path = QDir(dir).filePath(name);
        if (widget->grab().save(path)) written << path;
        else if (error) *error = QStringLiteral("cannot write %1").arg(path);
    };
    save(&window, QStringLiteral("main.png"));
    save(window.summaryDock(), QStringLiteral("summary.png"));
    save(window.propertiesDock(), QStringLiteral("properties.png"));
    // The graph panel zoomed onto the selected node, at reading size.
    view->setZoom(1.0);
    view->focusNode(node);
    QApplication::processEvents();
    save(window.graphPanel(), QStringLiteral("graph.png"));

    // The analysis views: fusion (at the default level), then build, profile and compare the
    // model with the default settings, as a user would with the toolbar buttons.
    Workbench& wb = *window.workbench();
    auto settle = [&](int ms) {
        QElapsedTimer t;
        t.start();
        do {
            QApplication::processEvents(QEventLoop::AllEvents, 20);
            QThread::msleep(5);
        } while (t.elapsed() < ms);
    };
    if (wb.isEngineFile()) {
        // An engine file: its layers are the graph; profile it and show the heat on its layers.
        const QSize mainSize = window.size();
        window.buildDock()->hide();
        window.propertiesDock()->hide();
        window.profileAction()->trigger();
        window.waitUntilIdle(300000);
        settle(200);
        save(&window, QStringLiteral("profiler.png"));
        window.showView(MainWindow::ViewTab::Graph);
        window.propertiesDock()->show();
        view->fitToWindow();
        if (view->zoom() < 0.45) {
            view->setZoom(0.85);
            view->focusNode(node);
        }
        settle(200);
        save(&window, QStringLiteral("heatmap.png"));
        window.buildDock()->show();
        window.propertiesDock()->raise();
        window.resize(mainSize);
        return written;
    }
    // More room for the side-by-side and chart views: the summary dock (shown in main.png already)
    // out of the way. The window keeps its default size.
    const QSize mainSize = window.size();
    window.summaryDock()->hide();
    window.showView(MainWindow::ViewTab::Fusion);
    window.waitUntilIdle(120000);
    FusionView* fusion = window.fusionView();
    // Select the first fused layer so the picture shows provenance on both sides.
    for (const ModelNode& n : wb.fusion()->optimized()->nodes())
        if (n.origin.size() > 1) {
            wb.fusion()->optimized()->setCurrentNode(n.id);
            break;
        }
    fusion->originalPanel()->view()->fitToWindow();
    fusion->optimizedPanel()->view()->fitToWindow();
    settle(200);
    save(&window, QStringLiteral("fusion.png"));

    window.buildDock()->show();
    window.buildDock()->raise();
    // An override, so the picture shows the per-layer table in use.
    if (wb.settings()->overrideCount() == 0 && wb.model() && !wb.model()->nodes().empty())
        wb.settings()->addOverride(QString::fromStdString(wb.model()->nodes().back()->opType), kiln::Precision::FP32);
    if (wb.canBuild()) {
        window.buildAction()->trigger();
        window.waitUntilIdle(300000);
    }
    settle(100);
    // The panel's whole content (it scrolls inside the dock), at the dock's width.
    QWidget* buildContent = window.buildPanel()->content();
    buildContent->resize(std::max(buildContent->width(), 400), buildContent->sizeHint().height() + 40);
    QApplication::processEvents();
    save(buildContent, QStringLiteral("build.png"));
    // The per-layer precision table (with the engine's layers after the build).
    window.buildPanel()->precisionTabs()->setCurrentIndex(1);
    window.resizeDocks({window.buildDock()}, {900}, Qt::Horizontal);  // room for every column
    settle(100);
    save(window.buildPanel()->precisionTabs(), QStringLiteral("build-layers.png"));
    window.buildPanel()->precisionTabs()->setCurrentIndex(0);
    if (!wb.hasEngine())
        return fail(QStringLiteral("the build failed: %1")
                        .arg(wb.settings()->isValid() ? wb.builder()->lastError() : wb.settings()->validationMessage()));

    // The tables and charts get the whole width (the panels have their own pictures).
    window.buildDock()->hide();
    window.propertiesDock()->hide();
    window.profileAction()->trigger();
    window.waitUntilIdle(300000);
    settle(200);
    save(&window, QStringLiteral("profiler.png"));
    window.profilerView()->chartTabs()->setCurrentIndex(2);
    settle(100);
    save(window.profilerView(), QStringLiteral("profiler-timeline.png"));
    window.profilerView()->chartTabs()->setCurrentIndex(0);

    // The heat map on the graphs.
    window.showView(MainWindow::ViewTab::Fusion);
    wb.fusion()->optimized()->setCurrentNode(-1);
    wb.fusion()->original()->setCurrentNode(-1);
    settle(200);
    save(fusion, QStringLiteral("heatmap.png"));

    window.compareAction()->trigger();
    window.waitUntilIdle(300000);
    settle(200);
    save(&window, QStringLiteral("accuracy.png"));

    // Two builds side by side: level 1 against level 3 with the build panel's settings.
    window.buildComparisonView()->setLevel(BuildComparisonView::Side::A, 1);
    window.buildComparisonView()->setLevel(BuildComparisonView::Side::B, 3);
    window.compareBuildsAction()->trigger();
    window.waitUntilIdle(600000);
    settle(200);
    save(&window, QStringLiteral("compare-builds.png"));
    window.showView(MainWindow::ViewTab::Graph);
    window.summaryDock()->show();
    window.propertiesDock()->show();
    window.buildDock()->show();
    window.propertiesDock()->raise();
    window.resize(mainSize);
    return written;
}

}  // namespace kiln::studio
