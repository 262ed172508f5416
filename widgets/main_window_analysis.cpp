// The analysis half of MainWindow: the fusion, profiler and accuracy tabs, the build dock, their
// actions and menus, and workspaces. The work itself happens in Workbench (no widgets).
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QSpinBox>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>
#include <qcustomplot.h>

#include <cmath>
#include <set>

#include "widgets/accuracy_view.h"
#include "widgets/precision_debug_panel.h"
#include "widgets/body_stack.h"
#include "widgets/library_text.h"
#include "widgets/build_comparison_view.h"
#include "widgets/build_panel.h"
#include "widgets/fusion_view.h"
#include "widgets/graph_panel.h"
#include "widgets/main_window.h"
#include "widgets/profiler_view.h"
#include "widgets/properties_panel.h"
#include "widgets/prune_dialog.h"
#include "widgets/run_inputs.h"
#include "widgets/text_export.h"

namespace kiln::studio {

namespace {
// 1: model, settings and view state. 2: + "results" (profile, accuracy, build comparison).
constexpr int kWorkspaceVersion = 2;
const char* kWorkspaceFormat = "kiln-studio-workspace";

// view.grouping (optional, added within version 2): the graph's grouping mode by name, so the file
// does not depend on the enum's order. Missing or unknown (an older or newer Studio): automatic.
constexpr std::pair<ScopeGrouping, const char*> kGroupingKeys[] = {
    {ScopeGrouping::Automatic, "automatic"},
    {ScopeGrouping::NameScopes, "nameScopes"},
    {ScopeGrouping::RepeatedStructure, "repeatedStructure"},
    {ScopeGrouping::None, "none"},
};

QString groupingKey(ScopeGrouping grouping) {
    for (const auto& [g, key] : kGroupingKeys)
        if (g == grouping) return QString::fromLatin1(key);
    return QStringLiteral("automatic");
}

ScopeGrouping groupingFromKey(const QString& key) {
    for (const auto& [g, k] : kGroupingKeys)
        if (key == QLatin1String(k)) return g;
    return ScopeGrouping::Automatic;
}

// view.inputs (optional, added within version 2): what the profiler and the accuracy view run on —
// the source by name, the seed, the data set (its folder name when it is next to the model, so it
// moves with the model; else its path), the files ("name=path" as kiln run --input) and the shapes
// for seeded random data. Missing (an older Studio): today's default, seeded random with seed 1.
constexpr std::pair<InputSource, const char*> kInputSourceKeys[] = {
    {InputSource::Random, "random"},
    {InputSource::TestDataSet, "testDataSet"},
    {InputSource::Files, "files"},
};

// The file a "name=path" or "path" input spec reads.
QString inputSpecPath(const QString& spec) {
    const qsizetype eq = spec.indexOf(QLatin1Char('='));
    return eq > 0 && !QFileInfo::exists(spec) ? spec.mid(eq + 1) : spec;
}

QJsonObject inputChoiceJson(const RunInputChoice& choice, const QString& modelPath) {
    QJsonObject o;
    for (const auto& [source, key] : kInputSourceKeys)
        if (source == choice.source) o[QStringLiteral("source")] = QString::fromLatin1(key);
    o[QStringLiteral("seed")] = qint64(choice.seed);
    if (!choice.dataSet.isEmpty()) {
        const QFileInfo dataSet(choice.dataSet);
        o[QStringLiteral("dataSet")] = dataSet.absolutePath() == QFileInfo(modelPath).absolutePath()
                                           ? dataSet.fileName()
                                           : dataSet.absoluteFilePath();
    }
    if (!choice.files.isEmpty()) o[QStringLiteral("files")] = QJsonArray::fromStringList(choice.files);
    QJsonObject shapes;
    for (const auto& [input, dims] : choice.shapes) {
        QJsonArray array;
        for (int64_t d : dims) array.append(qint64(d));
        shapes[QString::fromStdString(input)] = array;
    }
    if (!shapes.isEmpty()) o[QStringLiteral("shapes")] = shapes;
    return o;
}

// The saved choice for `model` at `modelPath`. What is gone falls back without failing: a data set
// or a file no longer on disk turns the source to seeded random (the seed and shapes kept), a shape
// for an input the model lacks is dropped; `notes` says which, one line each (translated).
RunInputChoice inputChoiceFromJson(const QJsonObject& o, const QString& modelPath, const kiln::Graph* model,
                                   QStringList* notes) {
    RunInputChoice choice;
    const QString sourceKey = o.value(QStringLiteral("source")).toString();
    for (const auto& [source, key] : kInputSourceKeys)
        if (sourceKey == QLatin1String(key)) choice.source = source;
    const double seed = o.value(QStringLiteral("seed")).toDouble(-1);  // the chooser's range
    if (seed >= 0 && seed <= 999999999 && seed == std::floor(seed)) choice.seed = uint64_t(seed);
    const QDir modelDir = QFileInfo(modelPath).absoluteDir();
    if (const QString saved = o.value(QStringLiteral("dataSet")).toString(); !saved.isEmpty()) {
        const QString path = QDir::cleanPath(modelDir.absoluteFilePath(saved));
        // The chooser lists the data sets next to the model by their absolute paths.
        for (const QString& listed : testDataSetsNextTo(modelPath))
            if (QFileInfo(listed).canonicalFilePath() == QFileInfo(path).canonicalFilePath()) choice.dataSet = listed;
        if (choice.dataSet.isEmpty() && QFileInfo(path).isDir()) choice.dataSet = path;
        if (choice.dataSet.isEmpty() && choice.source == InputSource::TestDataSet) {
            *notes << MainWindow::tr("The workspace's test data set %1 is not there any more: the inputs are "
                                     "seeded random data (seed %2).")
                          .arg(QDir::toNativeSeparators(path), QString::number(choice.seed));
            choice.source = InputSource::Random;
        }
    }
    for (const QJsonValue& v : o.value(QStringLiteral("files")).toArray()) choice.files << v.toString();
    for (const QString& spec : choice.files) {
        if (QFileInfo(inputSpecPath(spec)).isFile()) continue;
        if (choice.source == InputSource::Files) {
            *notes << MainWindow::tr("The workspace's input file %1 is not there any more: the inputs are "
                                     "seeded random data (seed %2).")
                          .arg(QDir::toNativeSeparators(inputSpecPath(spec)), QString::number(choice.seed));
            choice.source = InputSource::Random;
        }
        choice.files.clear();
        break;
    }
    std::set<std::string> inputs;
    if (model)
        for (const kiln::Value* v : model->runtimeInputs()) inputs.insert(v->name);
    const QJsonObject shapes = o.value(QStringLiteral("shapes")).toObject();
    for (auto it = shapes.begin(); it != shapes.end(); ++it) {
        const std::string input = it.key().toStdString();
        if (model && !inputs.count(input)) {
            *notes << MainWindow::tr("The workspace's shape for input \u201c%1\u201d is not used: the model has no "
                                     "such input.")
                          .arg(it.key());
            continue;
        }
        std::vector<int64_t> dims;
        for (const QJsonValue& d : it.value().toArray()) dims.push_back(int64_t(d.toDouble()));
        if (!dims.empty()) choice.shapes[input] = std::move(dims);
    }
    return choice;
}
}  // namespace

void MainWindow::createAnalysisActions() {
    auto make = [this] { return new QAction(this); };
    buildAction_ = make();
    buildAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    connect(buildAction_, &QAction::triggered, &workbench_, &Workbench::build);
    cancelBuildAction_ = make();
    connect(cancelBuildAction_, &QAction::triggered, &workbench_, &Workbench::cancelBuild);
    exportEngineAction_ = make();
    connect(exportEngineAction_, &QAction::triggered, this, [this] {
        const QString suggested = QFileInfo(workbench_.modelPath()).completeBaseName() + QStringLiteral(".kiln");
        const QString path = choosePath(QStringLiteral("export-engine"), suggested, true,
                                        tr("Kiln engines (*.kiln *.engine *.plan);;All files (*)"));
        if (path.isEmpty()) return;
        QString error;
        if (workbench_.exportEngine(path, &error)) {
            statusBar()->showMessage(tr("Engine written to %1").arg(QDir::toNativeSeparators(path)), 8000);
            savedEngine_ = workbench_.builder()->engine();
            updateTitle();
        } else {
            reportError(tr("Cannot Export Engine"), error);
        }
    });
    loadSettingsAction_ = make();
    connect(loadSettingsAction_, &QAction::triggered, this, [this] {
        const QString path = choosePath(QStringLiteral("load-settings"), QString(), false,
                                        tr("Build settings (*.json);;All files (*)"));
        QString error;
        if (!path.isEmpty() && !workbench_.settings()->loadFile(path, &error))
            reportError(tr("Cannot Load Build Settings"), error);
    });
    saveSettingsAction_ = make();
    connect(saveSettingsAction_, &QAction::triggered, this, [this] {
        const QString path = choosePath(QStringLiteral("save-settings"), QStringLiteral("build-settings.json"), true,
                                        tr("Build settings (*.json);;All files (*)"));
        QString error;
        if (path.isEmpty()) return;
        if (workbench_.settings()->saveFile(path, &error))
            statusBar()->showMessage(tr("Build settings written to %1 (kiln build --config accepts it)")
                                         .arg(QDir::toNativeSeparators(path)), 8000);
        else reportError(tr("Cannot Save Build Settings"), error);
    });
    profileAction_ = make();
    profileAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    connect(profileAction_, &QAction::triggered, this, [this] {
        showView(ViewTab::Profiler);
        workbench_.runProfile();
    });
    auto exportProfile = [this](const QString& purpose, const QString& suffix, const QString& filter, auto write) {
        const QString suggested = QFileInfo(workbench_.modelPath()).completeBaseName() + suffix;
        const QString path = choosePath(purpose, suggested, true, filter);
        if (path.isEmpty()) return;
        QString error;
        if (write(path, &error)) statusBar()->showMessage(tr("Written: %1").arg(QDir::toNativeSeparators(path)), 8000);
        else reportError(tr("Cannot Export the Profile"), error);
    };
    exportProfilePngAction_ = make();
    connect(exportProfilePngAction_, &QAction::triggered, this, [this, exportProfile] {
        exportProfile(QStringLiteral("export-profile-png"), QStringLiteral("-profile.png"), tr("PNG images (*.png)"),
                      [this](const QString& path, QString* error) {
                          QCustomPlot* chart = profilerView_->currentChart();
                          if (chart && chart->savePng(path, 1200, 700)) return true;
                          if (error) *error = tr("%1: cannot write the image").arg(path);
                          return false;
                      });
    });
    exportProfileCsvAction_ = make();
    connect(exportProfileCsvAction_, &QAction::triggered, this, [this, exportProfile] {
        exportProfile(QStringLiteral("export-profile-csv"), QStringLiteral("-profile.csv"), tr("CSV files (*.csv)"),
                      [this](const QString& path, QString* error) { return workbench_.profile()->exportCsv(path, error); });
    });
    exportProfileJsonAction_ = make();
    connect(exportProfileJsonAction_, &QAction::triggered, this, [this, exportProfile] {
        exportProfile(QStringLiteral("export-profile-json"), QStringLiteral("-profile.json"),
                      tr("trtexec profile JSON (*.json)"),
                      [this](const QString& path, QString* error) { return workbench_.profile()->exportJson(path, error); });
    });
    compareAction_ = make();
    compareAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    connect(compareAction_, &QAction::triggered, this, [this] {
        showView(ViewTab::Accuracy);
        workbench_.runCompare();
    });
    keepFp32Action_ = make();
    connect(keepFp32Action_, &QAction::triggered, this, [this] {
        QString layer = accuracyView_->selectedLayer();
        if (layer.isEmpty()) layer = workbench_.accuracy()->firstFailingLayer();
        if (layer.isEmpty()) {
            reportError(tr("Keep Layer in FP32"), tr("Select a layer in the accuracy table first."));
            return;
        }
        statusBar()->showMessage(tr("Added an FP32 override for %1; rebuilding\u2026").arg(layer), 8000);
        workbench_.keepInFp32(layer);
    });
    exportCompareAction_ = make();
    connect(exportCompareAction_, &QAction::triggered, this, [this] {
        const QString suggested = QFileInfo(workbench_.modelPath()).completeBaseName() + QStringLiteral("-compare.json");
        const QString path = choosePath(QStringLiteral("export-compare-json"), suggested, true, tr("JSON files (*.json)"));
        if (path.isEmpty()) return;
        QString error;
        if (!writeFileAtomically(path, workbench_.accuracy()->json().toUtf8(), &error))
            reportError(tr("Cannot Export the Comparison"), error);
    });
    pruneAction_ = make();
    connect(pruneAction_, &QAction::triggered, this, &MainWindow::showPruneDialog);
    openWorkspaceAction_ = make();
    connect(openWorkspaceAction_, &QAction::triggered, this, [this] {
        const QString path = choosePath(QStringLiteral("open-workspace"), QString(), false,
                                        tr("Kiln Studio workspaces (*.kilnws *.json);;All files (*)"));
        QString error;
        if (!path.isEmpty() && !openWorkspace(path, &error)) reportError(tr("Cannot Open Workspace"), error);
    });
    saveWorkspaceAction_ = make();
    saveWorkspaceAction_->setShortcut(QKeySequence::Save);
    connect(saveWorkspaceAction_, &QAction::triggered, this, [this] {
        const QString suggested = QFileInfo(workbench_.modelPath()).completeBaseName() + QStringLiteral(".kilnws");
        const QString path = choosePath(QStringLiteral("save-workspace"), suggested, true,
                                        tr("Kiln Studio workspaces (*.kilnws)"));
        QString error;
        if (!path.isEmpty() && !saveWorkspace(path, &error)) reportError(tr("Cannot Save Workspace"), error);
    });
    createExportActions();
    connect(&workbench_, &Workbench::stateChanged, this, &MainWindow::updateAnalysisActions);
    connect(&workbench_, &Workbench::stateChanged, this, &MainWindow::updateTitle);
    connect(workbench_.builder(), &BuildController::finished, this, [this] {
        statusBar()->showMessage(tr("Engine built: %n layer(s).", nullptr, int(workbench_.builder()->report().layers)), 8000);
    });
    connect(workbench_.builder(), &BuildController::failed, this,
            [this](const QString& message) { lastAnalysisError_ = message; });
    for (QObject* o : {static_cast<QObject*>(workbench_.profile()), static_cast<QObject*>(workbench_.accuracy())})
        connect(o, SIGNAL(failed(QString)), this, SLOT(updateStatus()));
}

void MainWindow::createAnalysisViews() {
    fusionView_ = new FusionView(workbench_.fusion(), this);
    views_->addTab(fusionView_, QString());
    // The Properties dock follows the graph clicked last: the main graph, or either side of the
    // fusion view; back on the Graph tab, the main graph's selection.
    for (GraphModel* graph : {&model_, workbench_.fusion()->original(), workbench_.fusion()->optimized()})
        connect(graph, &GraphModel::currentNodeChanged, this, [this, graph](int node) {
            if (node >= 0) properties_->setModel(graph);
        });
    connect(views_, &QTabWidget::currentChanged, this, [this] {
        if (views_->currentWidget() == graphPanel_)
            properties_->setModel(graphPanel_->bodies()->currentModel());
    });
    // Control-flow bodies: Properties follows a body's graph as it does the others, and its
    // "Bodies" section opens a body in the panel that shows the node.
    for (GraphPanel* panel : {graphPanel_, fusionView_->originalPanel(), fusionView_->optimizedPanel()}) {
        BodyStack* bodies = panel->bodies();
        connect(bodies->bodyModel(), &GraphModel::currentNodeChanged, this, [this, bodies](int node) {
            if (node >= 0) properties_->setModel(bodies->bodyModel());
        });
        connect(bodies, &BodyStack::depthChanged, this, [this, bodies, panel] {
            if (panel->isVisible()) properties_->setModel(bodies->currentModel());
        });
    }
    connect(properties_, &PropertiesPanel::bodyRequested, this, [this](int node, const QString& body) {
        for (GraphPanel* panel : {graphPanel_, fusionView_->originalPanel(), fusionView_->optimizedPanel()})
            if (panel->openBody(properties_->model(), node, body)) return;
    });
    profilerView_ = new ProfilerView(&workbench_, {profileAction_, exportProfilePngAction_, exportProfileCsvAction_,
                                                   exportProfileJsonAction_}, this);
    views_->addTab(profilerView_, QString());
    accuracyView_ = new AccuracyView(&workbench_, {compareAction_, keepFp32Action_, exportCompareAction_}, this);
    views_->addTab(accuracyView_, QString());
    // Save Overrides… asks for its file as the other save actions do (scripted: the path chooser).
    accuracyView_->precisionDebugPanel()->setPathChooser([this](const QString& suggested) {
        return choosePath(QStringLiteral("save-precision-overrides"), suggested, true,
                          tr("Build settings (*.json);;All files (*)"));
    });
    createCompareBuildsView();

    buildPanel_ = new BuildPanel(workbench_.settings(), workbench_.builder(),
                                 {buildAction_, cancelBuildAction_, exportEngineAction_, loadSettingsAction_,
                                  saveSettingsAction_},
                                 this);
    buildDock_ = new QDockWidget(this);
    buildDock_->setObjectName(QStringLiteral("BuildDock"));
    buildDock_->setWidget(buildPanel_);
    addDockWidget(Qt::RightDockWidgetArea, buildDock_);
    tabifyDockWidget(propertiesDock_, buildDock_);
    propertiesDock_->raise();

    // A layer picked in the profile or accuracy table is selected on the optimized graph.
    auto selectLayer = [this](const QString& layer) {
        GraphModel* optimized = workbench_.fusion()->optimized();
        optimized->setCurrentNode(optimized->findNodeByName(layer));
    };
    connect(profilerView_, &ProfilerView::layerActivated, this, selectLayer);
    connect(accuracyView_, &AccuracyView::layerActivated, this, selectLayer);
    updateAnalysisActions();
}

void MainWindow::createAnalysisMenus() {
    fileMenu_->insertAction(quitAction_, openWorkspaceAction_);
    fileMenu_->insertAction(quitAction_, saveWorkspaceAction_);
    fileMenu_->insertSeparator(quitAction_);
    createExportMenu();
    buildMenu_ = menuBar()->addMenu(QString());
    buildMenu_->addAction(buildAction_);
    buildMenu_->addAction(cancelBuildAction_);
    buildMenu_->addAction(exportEngineAction_);
    buildMenu_->addSeparator();
    buildMenu_->addAction(loadSettingsAction_);
    buildMenu_->addAction(saveSettingsAction_);
    buildMenu_->addSeparator();
    buildMenu_->addAction(buildDock_->toggleViewAction());
    analyzeMenu_ = menuBar()->addMenu(QString());
    analyzeMenu_->addAction(profileAction_);
    analyzeMenu_->addAction(exportProfilePngAction_);
    analyzeMenu_->addAction(exportProfileCsvAction_);
    analyzeMenu_->addAction(exportProfileJsonAction_);
    analyzeMenu_->addSeparator();
    analyzeMenu_->addAction(compareAction_);
    analyzeMenu_->addAction(keepFp32Action_);
    analyzeMenu_->addAction(exportCompareAction_);
    analyzeMenu_->addSeparator();
    analyzeMenu_->addAction(pruneAction_);
    analyzeMenu_->addSeparator();
    analyzeMenu_->addAction(compareBuildsAction_);
    analyzeMenu_->addAction(cancelCompareBuildsAction_);
    analyzeMenu_->addAction(exportBuildComparisonAction_);
    analyzeMenu_->addAction(compareEngineFilesAction_);
    analyzeMenu_->addAction(compareWithEngineFileAction_);
}

void MainWindow::retranslateAnalysis() {
    views_->setTabText(int(ViewTab::Graph), tr("Graph"));
    views_->setTabText(int(ViewTab::Fusion), tr("Fusion"));
    views_->setTabText(int(ViewTab::Profiler), tr("Profiler"));
    views_->setTabText(int(ViewTab::Accuracy), tr("Accuracy"));
    views_->setTabText(int(ViewTab::CompareBuilds), tr("Compare Builds"));
    buildDock_->setWindowTitle(tr("Build"));
    buildDock_->toggleViewAction()->setText(tr("Build Panel"));
    buildMenu_->setTitle(tr("&Build"));
    analyzeMenu_->setTitle(tr("&Analyze"));
    buildAction_->setText(tr("&Build Engine"));
    cancelBuildAction_->setText(tr("&Cancel Build"));
    exportEngineAction_->setText(tr("&Export Engine\u2026"));
    loadSettingsAction_->setText(tr("&Load Build Settings\u2026"));
    saveSettingsAction_->setText(tr("&Save Build Settings\u2026"));
    profileAction_->setText(tr("&Profile Engine"));
    exportProfilePngAction_->setText(tr("Export Chart as PNG\u2026"));
    exportProfileCsvAction_->setText(tr("Export Profile as CSV\u2026"));
    exportProfileJsonAction_->setText(tr("Export Profile as JSON (trtexec)\u2026"));
    compareAction_->setText(tr("&Compare with Reference"));
    keepFp32Action_->setText(tr("&Keep Layer in FP32 and Rebuild"));
    exportCompareAction_->setText(tr("Export Comparison as JSON\u2026"));
    pruneAction_->setText(tr("P&rune to 2:4\u2026"));
    pruneAction_->setStatusTip(tr("Magnitude-prune chosen Conv, Gemm and MatMul weights to 2:4 structured sparsity, "
                                  "write a new ONNX model and show the accuracy effect (kiln prune)"));
    openWorkspaceAction_->setText(tr("Open &Workspace\u2026"));
    saveWorkspaceAction_->setText(tr("&Save Workspace\u2026"));
    retranslateExport();
}

void MainWindow::updateAnalysisActions() {
    const bool building = workbench_.builder()->isRunning();
    const bool engine = workbench_.hasEngine();
    buildAction_->setEnabled(workbench_.canBuild());
    cancelBuildAction_->setEnabled(building);
    exportEngineAction_->setEnabled(engine && !building);
    profileAction_->setEnabled(engine && !building && !workbench_.profile()->isRunning());
    const bool profiled = workbench_.profile()->hasReport();
    exportProfilePngAction_->setEnabled(profiled);
    exportProfileCsvAction_->setEnabled(profiled);
    exportProfileJsonAction_->setEnabled(profiled);
    compareAction_->setEnabled(workbench_.canCompare() && !workbench_.accuracy()->isRunning());
    keepFp32Action_->setEnabled(workbench_.accuracy()->hasReport() && !building);
    exportCompareAction_->setEnabled(workbench_.accuracy()->hasReport());
    // An ONNX file on disk (not an engine file, not an in-memory demo graph).
    pruneAction_->setEnabled(workbench_.model() && !workbench_.isEngineFile() &&
                             QFileInfo(workbench_.modelPath()).isFile());
    saveWorkspaceAction_->setEnabled(workbench_.model() != nullptr);
    loadSettingsAction_->setEnabled(!building);
    updateExportActions();
}

void MainWindow::showPruneDialog() {
    if (!pruneAction_->isEnabled()) return;
    if (!pruneDialog_) {
        pruneDialog_ = new PruneDialog(this);
        connect(pruneDialog_, &PruneDialog::openRequested, this, &MainWindow::openFile);
    }
    if (pathChooser_)
        pruneDialog_->setPathChooser(
            [this](const QString& suggested) { return pathChooser_(QStringLiteral("prune-output"), suggested); });
    // Dynamic inputs take the build settings' profile 0 opt shapes, as the engine's runs do.
    std::map<std::string, std::vector<int64_t>> shapes;
    const kiln::BuilderConfig& config = workbench_.settings()->config();
    if (workbench_.settings()->isValid() && !config.profiles.empty())
        for (const auto& [name, range] : config.profiles.front().inputs) shapes[name] = range.opt;
    if (!pruneDialog_->pruneModel()->isRunning())
        pruneDialog_->setModel(workbench_.modelPath(), workbench_.model(), workbench_.accuracy()->tolerance(),
                               std::move(shapes));
    pruneDialog_->show();
    pruneDialog_->raise();
    pruneDialog_->activateWindow();
}

void MainWindow::showView(ViewTab tab) { views_->setCurrentIndex(int(tab)); }

QString MainWindow::choosePath(const QString& purpose, const QString& suggested, bool save, const QString& filter) {
    if (pathChooser_) return pathChooser_(purpose, suggested);
    const QString dir = QFileInfo(workbench_.modelPath()).absolutePath();
    const QString start = QDir(dir).filePath(suggested);
    return save ? QFileDialog::getSaveFileName(this, QString(), start, filter)
                : QFileDialog::getOpenFileName(this, QString(), dir, filter);
}

void MainWindow::reportError(const QString& title, const QString& message) {
    lastAnalysisError_ = message;
    statusBar()->showMessage(message, 10000);
    if (pathChooser_) return;  // scripted: no dialogs
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Close, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

QJsonObject MainWindow::workspaceJson() const {
    QJsonObject ws;
    ws[QStringLiteral("format")] = QString::fromLatin1(kWorkspaceFormat);
    ws[QStringLiteral("version")] = kWorkspaceVersion;
    ws[QStringLiteral("model")] = workbench_.modelPath();
    // The build settings exactly as `kiln build --config` reads them.
    ws[QStringLiteral("buildSettings")] =
        QJsonDocument::fromJson(workbench_.settings()->toJson().toUtf8()).object();
    ws[QStringLiteral("calibrationFolder")] = workbench_.settings()->calibrationFolder();
    QJsonObject view;
    view[QStringLiteral("tab")] = views_->currentIndex();
    view[QStringLiteral("fusionLevel")] = workbench_.fusion()->level();
    view[QStringLiteral("fusionStacked")] = fusionView_->isStacked();
    view[QStringLiteral("heatMap")] = workbench_.heatEnabled();
    view[QStringLiteral("grouping")] = groupingKey(layout_.grouping());
    view[QStringLiteral("profileWarmup")] = workbench_.profileOptions().warmup;
    view[QStringLiteral("profileIterations")] = workbench_.profileOptions().iterations;
    const kiln::Tolerance tol = workbench_.accuracy()->tolerance();
    view[QStringLiteral("checkRule")] = QString::fromLatin1(kiln::checkRuleName(tol.rule));
    if (tol.maxNorm) view[QStringLiteral("maxNorm")] = *tol.maxNorm;
    view[QStringLiteral("atol")] = tol.atol;
    view[QStringLiteral("rtol")] = tol.rtol;
    // "Emulate on the CPU" (absent: none); the accuracy result says what it emulated itself ("emulated").
    if (const kiln::Precision e = workbench_.accuracy()->emulation(); e != kiln::Precision::FP32)
        view[QStringLiteral("emulate")] = QString::fromLatin1(kiln::precisionName(e).data());
    // "Expected" (absent: the reference run); the result says what it was compared with ("expected").
    if (workbench_.accuracy()->expected() == AccuracyModel::Expected::StoredOutputs)
        view[QStringLiteral("accuracyExpected")] = QStringLiteral("stored_outputs");
    // The inputs chosen for the profiler and the accuracy view (the results name what they ran on).
    view[QStringLiteral("inputs")] = inputChoiceJson(workbench_.inputChoice(), workbench_.modelPath());
    view[QStringLiteral("selectedNode")] = model_.currentNode() >= 0 ? model_.node(model_.currentNode()).name : QString();
    view[QStringLiteral("windowState")] = QString::fromLatin1(saveState().toBase64());
    for (auto [key, side] : {std::pair{QStringLiteral("compareA"), BuildComparisonView::Side::A},
                             std::pair{QStringLiteral("compareB"), BuildComparisonView::Side::B}}) {
        QJsonObject compare;
        compare[QStringLiteral("settingsFile")] = buildComparisonView_->settingsFile(side);
        compare[QStringLiteral("level")] = buildComparisonView_->level(side);
        view[key] = compare;
    }
    ws[QStringLiteral("view")] = view;
    // What was measured, so reopening shows it without running again.
    QJsonObject results;
    for (auto [key, json] : {std::pair{QStringLiteral("profile"), workbench_.profile()->resultsJson()},
                             std::pair{QStringLiteral("accuracy"), workbench_.accuracy()->resultsJson()},
                             std::pair{QStringLiteral("buildComparison"), workbench_.buildComparison()->resultsJson()}})
        if (!json.isEmpty()) results[key] = json;
    // The accuracy result is the CLI's report; which inputs it ran on is kept beside it.
    if (results.contains(QStringLiteral("accuracy")) && !workbench_.accuracy()->inputText().isEmpty())
        results[QStringLiteral("accuracyInput")] = workbench_.accuracy()->inputText();
    if (!results.isEmpty()) ws[QStringLiteral("results")] = results;
    return ws;
}

bool MainWindow::saveWorkspace(const QString& path, QString* error) {
    // A crash mid-write leaves the previous workspace intact.
    if (!writeFileAtomically(path, QJsonDocument(workspaceJson()).toJson(QJsonDocument::Indented), error))
        return false;
    statusBar()->showMessage(tr("Workspace written to %1").arg(QDir::toNativeSeparators(path)), 8000);
    return true;
}

bool MainWindow::openWorkspace(const QString& path, QString* error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error) *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parse);
    if (doc.isNull() || !doc.isObject()) {
        if (error) *error = tr("%1: not a workspace file (%2)").arg(path, parse.errorString());
        return false;
    }
    const QJsonObject ws = doc.object();
    if (ws.value(QStringLiteral("format")).toString() != QLatin1String(kWorkspaceFormat)) {
        if (error) *error = tr("%1: not a Kiln Studio workspace").arg(path);
        return false;
    }
    if (ws.value(QStringLiteral("version")).toInt() > kWorkspaceVersion) {
        if (error) *error = tr("%1: written by a newer Kiln Studio (version %2)").arg(path).arg(ws.value(QStringLiteral("version")).toInt());
        return false;
    }
    QString model = ws.value(QStringLiteral("model")).toString();
    if (QFileInfo(model).isRelative()) model = QFileInfo(path).absoluteDir().filePath(model);
    if (!QFileInfo(model).isFile()) {
        if (error) *error = tr("%1: the model %2 does not exist").arg(path, model);
        return false;
    }
    // The settings need the model (its dynamic inputs), so they apply once it is loaded.
    try {
        kiln::builderConfigFromJson(
            QJsonDocument(ws.value(QStringLiteral("buildSettings")).toObject()).toJson().toStdString(),
            path.toStdString());
    } catch (const std::exception& e) {
        if (error) *error = LibraryText::error(e);
        return false;
    }
    pendingWorkspace_ = ws;
    openFile(model);
    return true;
}

void MainWindow::applyWorkspace(const QJsonObject& ws) {
    // The build settings: openWorkspace checked that they parse; against this model they may still
    // fail (a profile for an input the model lacks). Either is reported, the rest still applies.
    QString settingsError;
    if (!workbench_.settings()->loadJson(
            QString::fromUtf8(QJsonDocument(ws.value(QStringLiteral("buildSettings")).toObject()).toJson()),
            &settingsError, QStringLiteral("workspace")))
        reportError(tr("Cannot Restore Workspace Build Settings"), settingsError);
    else if (!workbench_.settings()->isValid())
        reportError(tr("Cannot Restore Workspace Build Settings"),
                    tr("The workspace's build settings do not fit this model: %1")
                        .arg(workbench_.settings()->validationMessage()));
    workbench_.settings()->setCalibrationFolder(ws.value(QStringLiteral("calibrationFolder")).toString());
    const QJsonObject view = ws.value(QStringLiteral("view")).toObject();
    layout_.setGrouping(groupingFromKey(view.value(QStringLiteral("grouping")).toString()));
    workbench_.fusion()->setLevel(view.value(QStringLiteral("fusionLevel")).toInt(workbench_.fusion()->level()));
    workbench_.setHeatEnabled(view.value(QStringLiteral("heatMap")).toBool(true));
    ProfileRunOptions options = workbench_.profileOptions();
    options.warmup = view.value(QStringLiteral("profileWarmup")).toInt(options.warmup);
    options.iterations = view.value(QStringLiteral("profileIterations")).toInt(options.iterations);
    workbench_.setProfileOptions(options);
    kiln::Tolerance tol = workbench_.accuracy()->tolerance();
    tol.atol = view.value(QStringLiteral("atol")).toDouble(tol.atol);
    tol.rtol = view.value(QStringLiteral("rtol")).toDouble(tol.rtol);
    tol.maxNorm.reset();
    if (view.contains(QStringLiteral("maxNorm"))) tol.maxNorm = view.value(QStringLiteral("maxNorm")).toDouble();
    // Workspaces from before the norm rule saved atol and rtol always and meant the elementwise rule:
    // they keep it when their values were typed (not the defaults), as `kiln compare --atol` would.
    if (auto rule = kiln::parseCheckRule(view.value(QStringLiteral("checkRule")).toString().toStdString()))
        tol.rule = *rule;
    else if (tol.atol != kiln::kDefaultAtol || tol.rtol != kiln::kDefaultRtol)
        tol.rule = kiln::CheckRule::Elementwise;
    workbench_.accuracy()->setTolerance(tol);
    // The emulation for the next comparison (older workspaces: none); syncToleranceFields sets the box
    // (one the backend refuses goes back to none). The restored result below says what it emulated.
    const std::optional<kiln::Precision> emulate =
        kiln::parsePrecision(view.value(QStringLiteral("emulate")).toString().toStdString());
    workbench_.accuracy()->setEmulation(
        emulate && (*emulate == kiln::Precision::FP16 || *emulate == kiln::Precision::BF16) ? *emulate
                                                                                            : kiln::Precision::FP32);
    // The input choice (older workspaces: the default); what is no longer on disk falls back, noted.
    QStringList inputNotes;
    workbench_.setInputChoice(inputChoiceFromJson(view.value(QStringLiteral("inputs")).toObject(),
                                                  workbench_.modelPath(), workbench_.model().get(), &inputNotes));
    if (!inputNotes.isEmpty()) reportError(tr("Workspace Inputs"), inputNotes.join(QLatin1Char('\n')));
    workbench_.accuracy()->setExpected(view.value(QStringLiteral("accuracyExpected")).toString() ==
                                               QLatin1String("stored_outputs")
                                           ? AccuracyModel::Expected::StoredOutputs
                                           : AccuracyModel::Expected::Reference);
    // The views' fields mirror what was restored.
    fusionView_->levelSelector()->setCurrentIndex(workbench_.fusion()->level());
    fusionView_->setStacked(view.value(QStringLiteral("fusionStacked")).toBool(false));
    profilerView_->heatBox()->setChecked(workbench_.heatEnabled());
    profilerView_->iterationsBox()->setValue(options.iterations);
    accuracyView_->syncToleranceFields();
    const QByteArray state = QByteArray::fromBase64(view.value(QStringLiteral("windowState")).toString().toLatin1());
    if (!state.isEmpty()) restoreState(state);
    views_->setCurrentIndex(std::clamp(view.value(QStringLiteral("tab")).toInt(0), 0, views_->count() - 1));
    for (auto [key, side] : {std::pair{QStringLiteral("compareA"), BuildComparisonView::Side::A},
                             std::pair{QStringLiteral("compareB"), BuildComparisonView::Side::B}}) {
        const QJsonObject compare = view.value(key).toObject();
        if (compare.isEmpty()) continue;
        buildComparisonView_->setSettingsFile(side, compare.value(QStringLiteral("settingsFile")).toString());
        buildComparisonView_->setLevel(side, compare.value(QStringLiteral("level")).toInt(side == BuildComparisonView::Side::A ? 1 : 3));
    }
    const QString selected = view.value(QStringLiteral("selectedNode")).toString();
    if (!selected.isEmpty()) model_.setCurrentNode(model_.findNodeByName(selected));
    // Results (version 2 on): each restores on its own; a damaged one is reported, the rest stay.
    const QJsonObject results = ws.value(QStringLiteral("results")).toObject();
    QStringList problems;
    auto restore = [&](const QString& key, auto* model) {
        if (!results.contains(key)) return;
        QString problem;
        if (!model->restoreResults(results.value(key).toObject(), &problem)) problems << problem;
    };
    restore(QStringLiteral("profile"), workbench_.profile());
    if (results.contains(QStringLiteral("accuracy"))) {
        QString problem;
        if (!workbench_.accuracy()->restoreResults(results.value(QStringLiteral("accuracy")).toObject(), &problem,
                                                   results.value(QStringLiteral("accuracyInput")).toString()))
            problems << problem;
    }
    restore(QStringLiteral("buildComparison"), workbench_.buildComparison());
    if (!problems.isEmpty()) reportError(tr("Cannot Restore Workspace Results"), problems.join(QLatin1Char('\n')));
}

}  // namespace kiln::studio
