// The "Compare builds" tab and File > Export of MainWindow: the engine, the graph and the optimized
// graph as SVG or PNG, the profile (CSV, trtexec JSON, chart PNG), the accuracy comparison (JSON)
// and the build comparison (CSV). The work is in the models and widgets/graph_export.h.
#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QThread>
#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QStatusBar>
#include <QTabWidget>

#include "widgets/build_comparison_view.h"
#include "widgets/fusion_view.h"
#include "widgets/graph_export.h"
#include "widgets/graph_panel.h"
#include "widgets/graph_scene.h"
#include "widgets/main_window.h"

namespace kiln::studio {

void MainWindow::createExportActions() {
    // The Chrome trace (chrome://tracing, Perfetto) of the profiled runs: ProfileModel::exportTrace.
    exportProfileTraceAction_ = new QAction(this);
    connect(exportProfileTraceAction_, &QAction::triggered, this, [this] {
        const QString suggested = QFileInfo(workbench_.modelPath()).completeBaseName() + QStringLiteral("-trace.json");
        const QString path = choosePath(QStringLiteral("export-profile-trace"), suggested, true,
                                        tr("Chrome trace JSON (*.json)"));
        if (path.isEmpty()) return;
        QString error;
        if (workbench_.profile()->exportTrace(path, &error))
            statusBar()->showMessage(tr("Written: %1").arg(QDir::toNativeSeparators(path)), 8000);
        else reportError(tr("Cannot Export the Profile"), error);
    });
    compareBuildsAction_ = new QAction(this);
    connect(compareBuildsAction_, &QAction::triggered, this, [this] {
        showView(ViewTab::CompareBuilds);
        BuildSpec a, b;
        QString error;
        if (!buildComparisonView_->spec(BuildComparisonView::Side::A, &a, &error) ||
            !buildComparisonView_->spec(BuildComparisonView::Side::B, &b, &error)) {
            reportError(tr("Cannot Compare Builds"), error);
            return;
        }
        workbench_.compareBuilds(a, b);
    });
    cancelCompareBuildsAction_ = new QAction(this);
    connect(cancelCompareBuildsAction_, &QAction::triggered, workbench_.buildComparison(),
            &BuildComparisonModel::cancel);
    exportBuildComparisonAction_ = new QAction(this);
    connect(exportBuildComparisonAction_, &QAction::triggered, this, [this] {
        const QString suggested =
            QFileInfo(workbench_.modelPath()).completeBaseName() + QStringLiteral("-builds.csv");
        const QString path = choosePath(QStringLiteral("export-build-comparison-csv"), suggested, true,
                                        tr("CSV files (*.csv)"));
        if (path.isEmpty()) return;
        QString error;
        if (workbench_.buildComparison()->exportCsv(path, &error))
            statusBar()->showMessage(tr("Written: %1").arg(QDir::toNativeSeparators(path)), 8000);
        else
            reportError(tr("Cannot Export the Build Comparison"), error);
    });
    const QString engines = tr("Kiln engines (*.kiln *.engine *.plan);;All files (*)");
    compareEngineFilesAction_ = new QAction(this);
    connect(compareEngineFilesAction_, &QAction::triggered, this, [this, engines] {
        const QString a = choosePath(QStringLiteral("compare-engine-a"), QString(), false, engines);
        if (a.isEmpty()) return;
        const QString b = choosePath(QStringLiteral("compare-engine-b"), QString(), false, engines);
        if (b.isEmpty()) return;
        workbench_.compareEngineFiles(a, b);
        showView(ViewTab::CompareBuilds);
    });
    compareWithEngineFileAction_ = new QAction(this);
    connect(compareWithEngineFileAction_, &QAction::triggered, this, [this, engines] {
        const QString path = choosePath(QStringLiteral("compare-engine-file"), QString(), false, engines);
        if (path.isEmpty()) return;
        workbench_.compareWithEngineFile(path);
        showView(ViewTab::CompareBuilds);
    });
    auto picture = [this](QAction*& action, GraphPicture which, const QString& purpose, const QString& suffix,
                          const QString& filter) {
        action = new QAction(this);
        connect(action, &QAction::triggered, this, [this, which, purpose, suffix, filter] {
            const QString suggested = QFileInfo(workbench_.modelPath()).completeBaseName() + suffix;
            const QString path = choosePath(purpose, suggested, true, filter);
            if (path.isEmpty()) return;
            QString error;
            if (exportGraphPicture(which, path, &error))
                statusBar()->showMessage(tr("Written: %1").arg(QDir::toNativeSeparators(path)), 8000);
            else
                reportError(tr("Cannot Export the Graph"), error);
        });
    };
    const QString svg = tr("SVG images (*.svg)");
    const QString png = tr("PNG images (*.png)");
    picture(exportGraphSvgAction_, GraphPicture::Main, QStringLiteral("export-graph-svg"),
            QStringLiteral("-graph.svg"), svg);
    picture(exportGraphPngAction_, GraphPicture::Main, QStringLiteral("export-graph-png"),
            QStringLiteral("-graph.png"), png);
    picture(exportOptimizedSvgAction_, GraphPicture::Optimized, QStringLiteral("export-optimized-svg"),
            QStringLiteral("-optimized.svg"), svg);
    picture(exportOptimizedPngAction_, GraphPicture::Optimized, QStringLiteral("export-optimized-png"),
            QStringLiteral("-optimized.png"), png);
    connect(workbench_.fusion(), &FusionModel::optimizedReady, this, &MainWindow::updateAnalysisActions);
}

void MainWindow::createCompareBuildsView() {
    buildComparisonView_ = new BuildComparisonView(
        &workbench_, {compareBuildsAction_, cancelCompareBuildsAction_, exportBuildComparisonAction_}, this);
    buildComparisonView_->setFileChooser([this] {
        return choosePath(QStringLiteral("compare-settings"), QString(), false,
                          tr("Build settings (*.json);;All files (*)"));
    });
    views_->addTab(buildComparisonView_, QString());
    // A row picked in the comparison selects its last ONNX node on the main graph.
    connect(buildComparisonView_, &BuildComparisonView::layerActivated, this,
            [this](const QString& node) { model_.setCurrentNode(model_.findNodeByName(node)); });
}

void MainWindow::createExportMenu() {
    exportMenu_ = new QMenu(this);
    exportMenu_->addAction(exportEngineAction_);
    exportMenu_->addSeparator();
    exportMenu_->addAction(exportGraphSvgAction_);
    exportMenu_->addAction(exportGraphPngAction_);
    exportMenu_->addAction(exportOptimizedSvgAction_);
    exportMenu_->addAction(exportOptimizedPngAction_);
    exportMenu_->addSeparator();
    exportMenu_->addAction(exportProfileCsvAction_);
    exportMenu_->addAction(exportProfileJsonAction_);
    exportMenu_->addAction(exportProfileTraceAction_);
    exportMenu_->addAction(exportProfilePngAction_);
    exportMenu_->addSeparator();
    exportMenu_->addAction(exportCompareAction_);
    exportMenu_->addAction(exportBuildComparisonAction_);
    fileMenu_->insertMenu(quitAction_, exportMenu_);
    fileMenu_->insertSeparator(quitAction_);
}

void MainWindow::retranslateExport() {
    exportMenu_->setTitle(tr("&Export"));
    compareBuildsAction_->setText(tr("Compare &Builds"));
    compareBuildsAction_->setToolTip(
        tr("Build A and B, profile both, compare both with the reference, and match "
           "their layers by ONNX provenance"));
    cancelCompareBuildsAction_->setText(tr("Cancel Build Comparison"));
    exportBuildComparisonAction_->setText(tr("Export Build Comparison as CSV\u2026"));
    compareEngineFilesAction_->setText(tr("Compare &Engine Files\u2026"));
    compareEngineFilesAction_->setToolTip(
        tr("Profile two engine files on the chosen inputs, compare their outputs and match their layers by "
           "ONNX provenance"));
    compareWithEngineFileAction_->setText(tr("Compare with Engine &File\u2026"));
    compareWithEngineFileAction_->setToolTip(
        tr("Build the open model at level 0 with an engine file's settings and compare both with the "
           "reference on the chosen inputs"));
    exportProfileTraceAction_->setText(tr("Export Profile as Chrome Trace\u2026"));
    exportGraphSvgAction_->setText(tr("Export Graph as SVG\u2026"));
    exportGraphPngAction_->setText(tr("Export Graph as PNG\u2026"));
    exportOptimizedSvgAction_->setText(tr("Export Optimized Graph as SVG\u2026"));
    exportOptimizedPngAction_->setText(tr("Export Optimized Graph as PNG\u2026"));
}

void MainWindow::updateExportActions() {
    BuildComparisonModel* comparison = workbench_.buildComparison();
    // An engine file has no ONNX model: nothing to fuse or to compare with; say so on the tabs.
    const bool engineFile = workbench_.isEngineFile();
    // Compare Builds stays on while it compares engine files (Analyze > Compare Engine Files…).
    const bool engineComparison =
        comparison->isRunning() || comparison->hasResult() || !comparison->lastError().isEmpty();
    for (ViewTab tab : {ViewTab::Fusion, ViewTab::Accuracy, ViewTab::CompareBuilds}) {
        const bool off = engineFile && !(tab == ViewTab::CompareBuilds && engineComparison);
        views_->setTabEnabled(int(tab), !off);
        views_->setTabToolTip(int(tab), off ? tr("Needs the ONNX model: an engine file is already optimized.")
                                            : QString());
    }
    compareBuildsAction_->setEnabled(workbench_.canCompareBuilds());
    cancelCompareBuildsAction_->setEnabled(comparison->isRunning());
    exportBuildComparisonAction_->setEnabled(comparison->hasResult());
    compareEngineFilesAction_->setEnabled(workbench_.canCompareEngineFiles());
    compareWithEngineFileAction_->setEnabled(workbench_.canCompareWithEngineFile());
    exportProfileTraceAction_->setEnabled(workbench_.profile()->hasReport());
    const bool graph = loaded_ != nullptr;
    exportGraphSvgAction_->setEnabled(graph);
    exportGraphPngAction_->setEnabled(graph);
    // An opened engine is already optimized: its main graph is the one to export.
    const bool optimized = workbench_.fusion()->hasResult() && !workbench_.isEngineFile();
    exportOptimizedSvgAction_->setEnabled(optimized);
    exportOptimizedPngAction_->setEnabled(optimized);
}

bool MainWindow::exportGraphPicture(GraphPicture which, const QString& path, QString* error) {
    GraphPanel* panel = which == GraphPicture::Main ? graphPanel_ : fusionView_->optimizedPanel();
    // The layout may still be running (a fresh model or level): wait for it (not for unrelated
    // work such as a build comparison), the scene follows.
    QElapsedTimer timer;
    timer.start();
    auto busy = [&] {
        return loader_.isBusy() || panel->isLayoutBusy() ||
               (which == GraphPicture::Optimized && workbench_.fusion()->isBusy());
    };
    while (busy() && timer.elapsed() < 60000) {
        QApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(5);
    }
    const QString title = QStringLiteral("%1 \u2014 %2")
                              .arg(QFileInfo(workbench_.modelPath()).fileName(),
                                   which == GraphPicture::Main
                                       ? tr("graph")
                                       : tr("optimized graph (level %1)").arg(workbench_.fusion()->level()));
    if (path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive))
        return exportSceneSvg(panel->scene(), path, title, error);
    return exportScenePng(panel->scene(), path, 2.0, error);
}

}  // namespace kiln::studio
