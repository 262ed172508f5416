#include "widgets/main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDesktopServices>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QThread>
#include <QUrl>
#include <QVBoxLayout>

#include "widgets/fusion_view.h"
#include "widgets/graph_panel.h"
#include "widgets/graph_view.h"
#include "widgets/language.h"
#include "widgets/properties_panel.h"
#include "widgets/summary_panel.h"

namespace kiln::studio {

namespace {
const char* kRecentKey = "files/recent";
const char* kGeometryKey = "window/geometry";
const char* kStateKey = "window/state";
constexpr int kMaxRecent = 10;
}  // namespace

MainWindow::MainWindow(LanguageManager* language, QWidget* parent)
    : QMainWindow(parent), language_(language), layout_(&model_), workbench_(&model_) {
    setObjectName(QStringLiteral("KilnStudioMainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/studio/icons/kiln.svg")));
    setAcceptDrops(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);

    graphPanel_ = new GraphPanel(&model_, &layout_, this);
    views_ = new QTabWidget(this);
    views_->setDocumentMode(true);
    views_->addTab(graphPanel_, QString());
    setCentralWidget(views_);

    summary_ = new SummaryPanel(&model_, this);
    summaryDock_ = new QDockWidget(this);
    summaryDock_->setObjectName(QStringLiteral("SummaryDock"));
    summaryDock_->setWidget(summary_);
    addDockWidget(Qt::LeftDockWidgetArea, summaryDock_);

    properties_ = new PropertiesPanel(&model_, this);
    propertiesDock_ = new QDockWidget(this);
    propertiesDock_->setObjectName(QStringLiteral("PropertiesDock"));
    propertiesDock_->setWidget(properties_);
    addDockWidget(Qt::RightDockWidgetArea, propertiesDock_);
    resizeDocks({summaryDock_, propertiesDock_}, {360, 380}, Qt::Horizontal);

    statusLabel_ = new QLabel(this);
    busy_ = new QProgressBar(this);
    busy_->setRange(0, 0);
    busy_->setMaximumWidth(140);
    busy_->hide();
    statusBar()->addWidget(statusLabel_, 1);
    statusBar()->addPermanentWidget(busy_);

    createActions();
    createAnalysisActions();
    createAnalysisViews();
    createMenus();
    resizeDocks({summaryDock_, propertiesDock_}, {300, 400}, Qt::Horizontal);

    connect(&loader_, &ModelLoader::started, this, [this] {
        busy_->show();
        updateStatus();
    });
    connect(&loader_, &ModelLoader::loaded, this, &MainWindow::onLoaded);
    connect(&loader_, &ModelLoader::failed, this, &MainWindow::onLoadFailed);
    connect(&layout_, &LayoutController::layoutReady, this, &MainWindow::updateStatus);
    connect(&layout_, &LayoutController::layoutCancelled, this, &MainWindow::updateStatus);
    connect(&layout_, &LayoutController::layoutStarted, this, &MainWindow::updateStatus);

    resize(defaultSize());
    QSettings settings;
    restoreGeometry(settings.value(kGeometryKey).toByteArray());
    restoreState(settings.value(kStateKey).toByteArray());
    retranslate();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions() {
    openAction_ = new QAction(this);
    openAction_->setShortcut(QKeySequence::Open);
    connect(openAction_, &QAction::triggered, this, &MainWindow::openDialog);
    clearRecentAction_ = new QAction(this);
    connect(clearRecentAction_, &QAction::triggered, this, [this] {
        QSettings().remove(kRecentKey);
        updateRecentMenu();
    });
    quitAction_ = new QAction(this);
    quitAction_->setShortcut(QKeySequence::Quit);
    connect(quitAction_, &QAction::triggered, this, &QWidget::close);

    GraphView* view = graphPanel_->view();
    // Fit, zoom and find act on what the graph tab shows: the main graph or an opened body.
    fitAction_ = new QAction(this);
    fitAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    connect(fitAction_, &QAction::triggered, this,
            [this] { graphPanel_->activePanel()->view()->fitToWindow(); });
    zoomInAction_ = new QAction(this);
    zoomInAction_->setShortcut(QKeySequence::ZoomIn);
    connect(zoomInAction_, &QAction::triggered, this,
            [this] { graphPanel_->activePanel()->view()->zoomIn(); });
    zoomOutAction_ = new QAction(this);
    zoomOutAction_->setShortcut(QKeySequence::ZoomOut);
    connect(zoomOutAction_, &QAction::triggered, this,
            [this] { graphPanel_->activePanel()->view()->zoomOut(); });
    findAction_ = new QAction(this);
    findAction_->setShortcut(QKeySequence::Find);
    connect(findAction_, &QAction::triggered, this, [this] { graphPanel_->activePanel()->focusSearch(); });
    miniMapAction_ = new QAction(this);
    miniMapAction_->setCheckable(true);
    miniMapAction_->setChecked(true);
    connect(miniMapAction_, &QAction::toggled, view, &GraphView::setMiniMapVisible);
    aboutAction_ = new QAction(this);
    connect(aboutAction_, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About Kiln Studio"),
                           tr("<b>Kiln Studio</b> %1<br>A workbench for deep-learning inference: "
                              "ONNX import, graph inspection, engine building and profiling.")
                               .arg(QStringLiteral(KILN_VERSION)));
    });

    shortcutsAction_ = new QAction(this);
    connect(shortcutsAction_, &QAction::triggered, this, &MainWindow::showShortcuts);

    languageGroup_ = new QActionGroup(this);
    languageSystem_ = new QAction(this);
    languageEnglish_ = new QAction(this);
    languageChinese_ = new QAction(this);
    const QString saved = LanguageManager::savedChoice();
    for (auto [action, code] : {std::pair{languageSystem_, QString()}, std::pair{languageEnglish_, QStringLiteral("en")},
                                std::pair{languageChinese_, QStringLiteral("zh_CN")}}) {
        action->setCheckable(true);
        action->setData(code);
        action->setChecked(code == saved);
        languageGroup_->addAction(action);
        connect(action, &QAction::triggered, this, [this, code = code] { setLanguage(code); });
    }
    if (!languageGroup_->checkedAction()) languageSystem_->setChecked(true);
}

void MainWindow::createMenus() {
    fileMenu_ = menuBar()->addMenu(QString());
    fileMenu_->addAction(openAction_);
    recentMenu_ = fileMenu_->addMenu(QString());
    fileMenu_->addSeparator();
    fileMenu_->addAction(quitAction_);
    viewMenu_ = menuBar()->addMenu(QString());
    viewMenu_->addAction(findAction_);
    viewMenu_->addAction(fitAction_);
    viewMenu_->addAction(zoomInAction_);
    viewMenu_->addAction(zoomOutAction_);
    viewMenu_->addAction(miniMapAction_);
    viewMenu_->addSeparator();
    viewMenu_->addAction(summaryDock_->toggleViewAction());
    viewMenu_->addAction(propertiesDock_->toggleViewAction());
    viewMenu_->addSeparator();
    languageMenu_ = viewMenu_->addMenu(QString());
    languageMenu_->addActions(languageGroup_->actions());
    createAnalysisMenus();
    helpMenu_ = menuBar()->addMenu(QString());
    docsMenu_ = helpMenu_->addMenu(QString());
    helpMenu_->addAction(shortcutsAction_);
    helpMenu_->addSeparator();
    helpMenu_->addAction(aboutAction_);
    updateRecentMenu();
}

void MainWindow::retranslate() {
    fileMenu_->setTitle(tr("&File"));
    recentMenu_->setTitle(tr("Open &Recent"));
    viewMenu_->setTitle(tr("&View"));
    languageMenu_->setTitle(tr("&Language"));
    helpMenu_->setTitle(tr("&Help"));
    openAction_->setText(tr("&Open Model or Engine\u2026"));
    clearRecentAction_->setText(tr("Clear List"));
    quitAction_->setText(tr("&Quit"));
    fitAction_->setText(tr("&Fit to Window"));
    zoomInAction_->setText(tr("Zoom &In"));
    zoomOutAction_->setText(tr("Zoom &Out"));
    findAction_->setText(tr("&Find in Graph\u2026"));
    miniMapAction_->setText(tr("Show &Minimap"));
    aboutAction_->setText(tr("&About Kiln Studio"));
    docsMenu_->setTitle(tr("&Documentation"));
    shortcutsAction_->setText(tr("&Keyboard Shortcuts"));
    updateDocsMenu();
    languageSystem_->setText(tr("System Default"));
    languageEnglish_->setText(tr("English"));
    languageChinese_->setText(QStringLiteral("简体中文"));
    summaryDock_->setWindowTitle(tr("Model Summary"));
    propertiesDock_->setWindowTitle(tr("Properties"));
    summaryDock_->toggleViewAction()->setText(tr("Model Summary"));
    propertiesDock_->toggleViewAction()->setText(tr("Properties"));
    retranslateAnalysis();
    updateRecentMenu();
    updateStatus();
    updateTitle();
}

void MainWindow::updateTitle() {
    if (!loaded_) {
        setWindowTitle(QStringLiteral("Kiln Studio"));
        setWindowModified(false);
        return;
    }
    // Many models are called model.onnx: the folder tells them apart.
    const QFileInfo file(loaded_->path);
    const QString folder = file.exists() ? file.absoluteDir().dirName() + QLatin1Char('/') : QString();
    // A built engine that is not exported yet is work to lose: "*" (Qt's [*] placeholder).
    const std::shared_ptr<const kiln::Engine> built = workbench_.builder()->engine();
    setWindowModified(!loaded_->isEngine() && built && savedEngine_.lock() != built);
    if (folder.isEmpty())
        setWindowTitle(QStringLiteral("%1[*] \u2014 Kiln Studio").arg(title_));
    else if (loaded_->isEngine())
        setWindowTitle(tr("%1 (engine) \u2014 %2 \u2014 Kiln Studio").arg(title_, folder));
    else
        setWindowTitle(tr("%1[*] \u2014 %2 \u2014 Kiln Studio").arg(title_, folder));
}

QString MainWindow::docsFolder() {
    auto isDocs = [](const QString& dir) { return QFileInfo::exists(dir + QStringLiteral("/cli.md")); };
    const QString env = qEnvironmentVariable("KILN_DOCS_DIR");
    if (!env.isEmpty()) return isDocs(env) ? QDir(env).absolutePath() : QString();
    const QString appDir = QCoreApplication::applicationDirPath();
    const QString installed = appDir + QStringLiteral("/../share/kiln/docs");
    if (isDocs(installed)) return QDir(installed).absolutePath();
    // A build tree inside the source tree (build/app/studio/kiln-studio, build/tests/gui/...).
    QDir dir(appDir);
    for (int up = 0; up < 6; ++up) {
        if (isDocs(dir.filePath(QStringLiteral("docs")))) return QDir(dir.filePath(QStringLiteral("docs"))).absolutePath();
        if (!dir.cdUp()) break;
    }
    return {};
}

void MainWindow::updateDocsMenu() {
    docsMenu_->clear();
    const QString folder = docsFolder();
    const QFileInfoList files =
        folder.isEmpty() ? QFileInfoList() : QDir(folder).entryInfoList({QStringLiteral("*.md")}, QDir::Files, QDir::Name);
    for (const QFileInfo& file : files) {
        // The document's own title (its first "# " line), else its file name.
        QString title = file.completeBaseName();
        QFile f(file.absoluteFilePath());
        if (f.open(QIODevice::ReadOnly | QIODevice::Text)) {
            const QString first = QString::fromUtf8(f.readLine()).trimmed();
            if (first.startsWith(QStringLiteral("# "))) title = first.mid(2).remove(QLatin1Char('`'));
        }
        QAction* a = docsMenu_->addAction(title);
        a->setToolTip(file.absoluteFilePath());
        a->setStatusTip(file.absoluteFilePath());
        a->setData(file.absoluteFilePath());
        connect(a, &QAction::triggered, this, [this, url = QUrl::fromLocalFile(file.absoluteFilePath())] {
            if (urlOpener_) urlOpener_(url);
            else QDesktopServices::openUrl(url);
        });
    }
    if (files.isEmpty()) docsMenu_->addAction(tr("(documentation not found)"))->setEnabled(false);
}

QList<QPair<QString, QString>> MainWindow::keyboardShortcuts() const {
    QList<QPair<QString, QString>> out;
    QSet<const QAction*> seen;
    auto clean = [](QString text) {
        text.remove(QRegularExpression(QStringLiteral("&(?!&)")));
        text.replace(QStringLiteral("&&"), QStringLiteral("&"));
        if (text.endsWith(QChar(0x2026))) text.chop(1);
        return text;
    };
    auto add = [&](const QAction* a) {
        if (!a || a->shortcut().isEmpty() || seen.contains(a)) return;
        seen.insert(a);
        QStringList keys;
        for (const QKeySequence& k : a->shortcuts()) keys << k.toString(QKeySequence::NativeText);
        out.append({clean(a->text()), keys.join(QStringLiteral(", "))});
    };
    // Menu order first, then any action of the window that no menu holds.
    std::function<void(const QMenu*)> walk = [&](const QMenu* menu) {
        for (const QAction* a : menu->actions()) {
            if (a->menu()) walk(a->menu());
            else add(a);
        }
    };
    for (const QAction* a : menuBar()->actions())
        if (a->menu()) walk(a->menu());
    for (const QAction* a : findChildren<QAction*>()) add(a);
    return out;
}

void MainWindow::showShortcuts() {
    auto* dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("ShortcutsDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Keyboard Shortcuts"));
    const QList<QPair<QString, QString>> shortcuts = keyboardShortcuts();
    auto* table = new QTableWidget(int(shortcuts.size()), 2, dialog);
    table->setHorizontalHeaderLabels({tr("Action"), tr("Shortcut")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    for (int i = 0; i < shortcuts.size(); ++i) {
        table->setItem(i, 0, new QTableWidgetItem(shortcuts[i].first));
        table->setItem(i, 1, new QTableWidgetItem(shortcuts[i].second));
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(dialog);
    layout->addWidget(table);
    layout->addWidget(buttons);
    dialog->resize(460, 420);
    dialog->open();  // non-modal to scripts and tests, like the error box
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::setLanguage(const QString& choice) {
    LanguageManager::saveChoice(choice);
    if (language_) language_->apply(choice);
}

QStringList MainWindow::recentFiles() { return QSettings().value(kRecentKey).toStringList(); }

void MainWindow::addRecent(const QString& path) {
    QStringList files = recentFiles();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kMaxRecent) files.removeLast();
    QSettings().setValue(kRecentKey, files);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu() {
    if (!recentMenu_) return;
    recentMenu_->clear();
    const QStringList files = recentFiles();
    for (int i = 0; i < files.size(); ++i) {
        QAction* a = recentMenu_->addAction(QStringLiteral("&%1  %2").arg(i + 1).arg(QFileInfo(files[i]).fileName()));
        a->setToolTip(files[i]);
        a->setStatusTip(files[i]);
        connect(a, &QAction::triggered, this, [this, path = files[i]] { openFile(path); });
    }
    if (files.isEmpty()) recentMenu_->addAction(tr("(no recent files)"))->setEnabled(false);
    recentMenu_->addSeparator();
    recentMenu_->addAction(clearRecentAction_);
}

void MainWindow::openDialog() {
    const QString dir = recentFiles().isEmpty() ? QString() : QFileInfo(recentFiles().first()).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Model or Engine"), dir,
        tr("Models and engines (*.onnx *.engine *.plan *.kiln);;ONNX models (*.onnx);;"
           "Kiln engines (*.engine *.plan *.kiln);;All files (*)"));
    if (!path.isEmpty()) openFile(path);
}

void MainWindow::openFile(const QString& path) {
    if (errorBox_) errorBox_->close();
    lastError_.clear();
    loader_.load(path);
}

void MainWindow::showGraph(std::shared_ptr<kiln::Graph> graph, const QString& title) {
    auto model = std::make_shared<LoadedModel>();
    model->path = title;
    model->summary = ModelSummary::fromGraph(*graph, {}, {}, title);
    model->graph = std::move(graph);
    onLoaded(model);
}

void MainWindow::onLoaded(std::shared_ptr<LoadedModel> model) {
    busy_->hide();
    loaded_ = std::move(model);
    title_ = QFileInfo(loaded_->path).fileName();
    savedEngine_.reset();
    summary_->setSummary(loaded_->summary);
    model_.setGraph(loaded_->shownGraph(), loaded_->unsupported, loaded_->path, loaded_->summary.noCpuKernel);
    properties_->setEngine(loaded_->engine);
    if (loaded_->isEngine()) workbench_.setEngine(loaded_->engine, loaded_->path);
    else workbench_.setModel(loaded_->graph, loaded_->path);
    if (QFileInfo(loaded_->path).isFile()) addRecent(loaded_->path);
    if (pendingWorkspace_) {
        applyWorkspace(*pendingWorkspace_);
        pendingWorkspace_.reset();
    }
    updateStatus();
    updateTitle();
    emit modelOpened(loaded_->path);
}

void MainWindow::onLoadFailed(const QString& path, const QString& message) {
    busy_->hide();
    lastError_ = message;
    pendingWorkspace_.reset();
    updateStatus();
    // Non-modal, so a script or test driving the window is never blocked by it.
    if (errorBox_) errorBox_->close();
    errorBox_ = new QMessageBox(QMessageBox::Critical, tr("Cannot Open File"),
                                tr("Kiln could not open %1.").arg(QFileInfo(path).fileName()), QMessageBox::NoButton, this);
    errorBox_->setInformativeText(message);
    errorBox_->addButton(tr("Close"), QMessageBox::AcceptRole);
    errorBox_->setAttribute(Qt::WA_DeleteOnClose);
    errorBox_->open();
    emit modelFailed(path, message);
}

void MainWindow::updateStatus() {
    if (loader_.isBusy()) {
        statusLabel_->setText(tr("Loading model\u2026"));
        return;
    }
    if (!lastError_.isEmpty()) {
        statusLabel_->setText(tr("Failed: %1").arg(lastError_));
        return;
    }
    if (!loaded_) {
        statusLabel_->setText(tr("Ready. Open an ONNX model or a Kiln engine to begin."));
        return;
    }
    QString text = loaded_->isEngine()
                       ? tr("%1: Kiln engine, %2 layers (%3)")
                             .arg(title_)
                             .arg(model_.operatorCount())
                             .arg(loaded_->summary.engine ? loaded_->summary.engine->backend : QString())
                       : tr("%1: %2 nodes, %3 unsupported")
                             .arg(title_)
                             .arg(model_.operatorCount())
                             .arg(loaded_->unsupported.size() + loaded_->summary.noCpuKernel.size());
    if (layout_.isRunning()) text += QStringLiteral("  \u00B7  ") + tr("laying out\u2026");
    else if (layout_.hasLayout()) {
        int collapsed = 0;
        for (const SceneLayout::BlockBox& b : layout_.layout().blocks) collapsed += b.expanded ? 0 : 1;
        text += QStringLiteral("  \u00B7  ") +
                tr("layout %1 s, %2 collapsed blocks (double-click to open)")
                    .arg(layout_.lastSeconds(), 0, 'f', 2)
                    .arg(collapsed);
    }
    statusLabel_->setText(text);
}

bool MainWindow::isBusy() const {
    return loader_.isBusy() || graphPanel_->isLayoutBusy() || workbench_.isBusy() ||
           (fusionView_ && fusionView_->isBusy());
}

bool MainWindow::waitUntilIdle(int timeoutMs) {
    QElapsedTimer timer;
    timer.start();
    do {
        QApplication::processEvents(QEventLoop::AllEvents, 20);
        if (!isBusy()) {
            QApplication::processEvents();
            if (!isBusy()) return true;
        }
        QThread::msleep(5);
    } while (timer.elapsed() < timeoutMs);
    return false;
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) {
        for (const QUrl& url : event->mimeData()->urls())
            if (url.isLocalFile()) {
                event->acceptProposedAction();
                return;
            }
    }
}

void MainWindow::dropEvent(QDropEvent* event) {
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile()) {
            openFile(url.toLocalFile());
            event->acceptProposedAction();
            return;
        }
}

}  // namespace kiln::studio
