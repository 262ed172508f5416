// MainWindow of Kiln Studio: the graph in the centre, the model summary and the node properties in
// docks. Opens ONNX models from the File menu, the recent-files list, drag and drop, or the command
// line; loading and layout run on worker threads. The dock layout and the recent files persist in
// QSettings. Later views (fusion, build, profiler, accuracy) dock here the same way.
#pragma once

#include <QJsonObject>
#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>
#include <functional>
#include <memory>
#include <optional>

#include "widgets/graph_model.h"
#include "widgets/layout_controller.h"
#include "widgets/model_loader.h"
#include "widgets/workbench.h"

class QAction;
class QActionGroup;
class QDockWidget;
class QLabel;
class QMenu;

class QProgressBar;
class QUrl;
class QTabWidget;

namespace kiln::studio {

class AccuracyView;
class BuildComparisonView;
class BuildPanel;
class FusionView;
class GraphPanel;
class LanguageManager;
class ProfilerView;
class PruneDialog;
class PropertiesPanel;
class SummaryPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(LanguageManager* language = nullptr, QWidget* parent = nullptr);
    ~MainWindow() override;

    // The size a first start opens at (before any saved geometry); the screenshots use it too, so
    // the pictures in docs/screenshots/ show what a new user sees.
    static QSize defaultSize() { return {1400, 860}; }

    GraphModel* graphModel() { return &model_; }
    LayoutController* layoutController() { return &layout_; }
    ModelLoader* loader() { return &loader_; }
    GraphPanel* graphPanel() const { return graphPanel_; }
    SummaryPanel* summaryPanel() const { return summary_; }
    PropertiesPanel* propertiesPanel() const { return properties_; }
    QDockWidget* summaryDock() const { return summaryDock_; }
    QDockWidget* propertiesDock() const { return propertiesDock_; }
    QAction* openAction() const { return openAction_; }
    Workbench* workbench() { return &workbench_; }
    QTabWidget* viewTabs() const { return views_; }
    FusionView* fusionView() const { return fusionView_; }
    BuildPanel* buildPanel() const { return buildPanel_; }
    QDockWidget* buildDock() const { return buildDock_; }
    ProfilerView* profilerView() const { return profilerView_; }
    AccuracyView* accuracyView() const { return accuracyView_; }
    BuildComparisonView* buildComparisonView() const { return buildComparisonView_; }
    enum class ViewTab { Graph, Fusion, Profiler, Accuracy, CompareBuilds };
    void showView(ViewTab tab);

    // The analysis actions (menus, the build panel and the views all use these).
    QAction* buildAction() const { return buildAction_; }
    QAction* cancelBuildAction() const { return cancelBuildAction_; }
    QAction* exportEngineAction() const { return exportEngineAction_; }
    QAction* loadSettingsAction() const { return loadSettingsAction_; }
    QAction* saveSettingsAction() const { return saveSettingsAction_; }
    QAction* profileAction() const { return profileAction_; }
    QAction* exportProfilePngAction() const { return exportProfilePngAction_; }
    QAction* exportProfileCsvAction() const { return exportProfileCsvAction_; }
    QAction* exportProfileJsonAction() const { return exportProfileJsonAction_; }
    QAction* exportProfileTraceAction() const { return exportProfileTraceAction_; }
    QAction* compareAction() const { return compareAction_; }
    QAction* keepFp32Action() const { return keepFp32Action_; }
    QAction* exportCompareAction() const { return exportCompareAction_; }
    // Analyze > Prune to 2:4…: the open ONNX model's weights pruned into a new file (`kiln prune`).
    QAction* pruneAction() const { return pruneAction_; }
    // The dialog the action opens (null until it is first used).
    PruneDialog* pruneDialog() const { return pruneDialog_; }
    QAction* compareBuildsAction() const { return compareBuildsAction_; }
    QAction* cancelCompareBuildsAction() const { return cancelCompareBuildsAction_; }
    QAction* exportBuildComparisonAction() const { return exportBuildComparisonAction_; }
    // Analyze > Compare Engine Files…: two engine files on disk (purposes "compare-engine-a" and
    // "compare-engine-b"); Compare with Engine File…: the open model's level-0 build against one
    // ("compare-engine-file"). Both show the result in the Compare Builds view.
    QAction* compareEngineFilesAction() const { return compareEngineFilesAction_; }
    QAction* compareWithEngineFileAction() const { return compareWithEngineFileAction_; }
    QAction* exportGraphSvgAction() const { return exportGraphSvgAction_; }
    QAction* exportGraphPngAction() const { return exportGraphPngAction_; }
    QAction* exportOptimizedSvgAction() const { return exportOptimizedSvgAction_; }
    QAction* exportOptimizedPngAction() const { return exportOptimizedPngAction_; }
    QMenu* exportMenu() const { return exportMenu_; }
    QAction* openWorkspaceAction() const { return openWorkspaceAction_; }
    QAction* saveWorkspaceAction() const { return saveWorkspaceAction_; }

    // Where file dialogs would ask: tests and scripts answer instead of a dialog. The chooser gets
    // a purpose key ("export-engine", "save-workspace", ...) and the suggested path; "" cancels.
    using PathChooser = std::function<QString(const QString& purpose, const QString& suggested)>;
    void setPathChooser(PathChooser chooser) { pathChooser_ = std::move(chooser); }

    // Help: the bundled documents (docs/*.md) and the keyboard shortcuts.
    // The folder of the documents: $KILN_DOCS_DIR, else <prefix>/share/kiln/docs next to an
    // installed bin/, else the first docs/ with cli.md above the executable (a build tree in the
    // source tree); "" when none is found.
    static QString docsFolder();
    QMenu* helpMenu() const { return helpMenu_; }
    QMenu* documentationMenu() const { return docsMenu_; }
    QAction* shortcutsAction() const { return shortcutsAction_; }
    // Every action of the window with a shortcut: (text without '&' and '…', shortcut in the
    // platform's notation), in menu order.
    QList<QPair<QString, QString>> keyboardShortcuts() const;
    // How a document is opened (QDesktopServices::openUrl unless tests or scripts set another).
    void setUrlOpener(std::function<void(const QUrl&)> opener) { urlOpener_ = std::move(opener); }

    // Workspaces: the model path, the build settings, the view state (tab, graph grouping, ...) and
    // the results (profile, accuracy comparison, build comparison) in one JSON file, written
    // atomically (QSaveFile).
    // Loading opens the model, then applies the rest once it is loaded; the results show again
    // without running anything. A workspace of a newer format version is refused.
    bool saveWorkspace(const QString& path, QString* error);
    // The graph as a picture: the main graph (the ONNX model, or an opened engine's layers) or the
    // fusion view's optimized side; SVG or PNG by the file's suffix.
    enum class GraphPicture { Main, Optimized };
    bool exportGraphPicture(GraphPicture which, const QString& path, QString* error);
    bool openWorkspace(const QString& path, QString* error);
    QJsonObject workspaceJson() const;
    // The last error of an analysis action (build, export, profile, compare, workspace).
    QString lastAnalysisError() const { return lastAnalysisError_; }
    std::shared_ptr<LoadedModel> loadedModel() const { return loaded_; }
    // The last load error's message box (non-modal, so tests and scripts can read and close it).
    QMessageBox* errorBox() const { return errorBox_; }
    QString lastError() const { return lastError_; }
    // True while a model loads or a layout runs.
    bool isBusy() const;
    // Runs the event loop until idle or the timeout; returns whether it became idle.
    bool waitUntilIdle(int timeoutMs);

    static QStringList recentFiles();

public slots:
    void openFile(const QString& path);
    void openDialog();
    // Shows an in-memory graph (synthetic demos, tests) as if it had been loaded.
    void showGraph(std::shared_ptr<kiln::Graph> graph, const QString& title);

signals:
    void modelOpened(const QString& path);
    void modelFailed(const QString& path, const QString& message);

protected:
    void changeEvent(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private slots:
    void onLoaded(std::shared_ptr<kiln::studio::LoadedModel> model);
    void onLoadFailed(const QString& path, const QString& message);
    void updateRecentMenu();
    void updateStatus();

private:
    void createActions();
    void createMenus();
    void retranslate();
    void addRecent(const QString& path);
    void setLanguage(const QString& choice);
    // "model.onnx — resnet50/ — Kiln Studio"; "*" after the name while a built engine is not
    // exported; "(engine)" for an engine file.
    void updateTitle();
    // main_window_analysis.cpp: the fusion, build, profiler and accuracy parts.
    void createAnalysisViews();
    void createAnalysisActions();
    void createAnalysisMenus();
    void retranslateAnalysis();
    void updateAnalysisActions();
    void applyWorkspace(const QJsonObject& workspace);
    // main_window_export.cpp: the build comparison tab and the File > Export menu.
    void createCompareBuildsView();
    void createExportActions();
    void createExportMenu();
    void retranslateExport();
    void updateExportActions();
    QString choosePath(const QString& purpose, const QString& suggested, bool save, const QString& filter);
    void reportError(const QString& title, const QString& message);

    LanguageManager* language_;
    GraphModel model_;
    LayoutController layout_;
    ModelLoader loader_;
    Workbench workbench_;
    std::shared_ptr<LoadedModel> loaded_;
    GraphPanel* graphPanel_;
    SummaryPanel* summary_;
    PropertiesPanel* properties_;
    QDockWidget* summaryDock_;
    QDockWidget* propertiesDock_;
    QLabel* statusLabel_;
    QProgressBar* busy_;
    QPointer<QMessageBox> errorBox_;
    QString lastError_;
    QString title_;
    std::weak_ptr<const kiln::Engine> savedEngine_;  // the built engine last exported

    QMenu* fileMenu_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QMenu* viewMenu_ = nullptr;
    QMenu* languageMenu_ = nullptr;
    QMenu* helpMenu_ = nullptr;
    QAction* openAction_ = nullptr;
    QAction* clearRecentAction_ = nullptr;
    QAction* quitAction_ = nullptr;
    QAction* fitAction_ = nullptr;
    QAction* zoomInAction_ = nullptr;
    QAction* zoomOutAction_ = nullptr;
    QAction* findAction_ = nullptr;
    QAction* miniMapAction_ = nullptr;
    QAction* aboutAction_ = nullptr;
    QMenu* docsMenu_ = nullptr;
    QAction* shortcutsAction_ = nullptr;
    std::function<void(const QUrl&)> urlOpener_;
    void updateDocsMenu();
    void showShortcuts();
    QTabWidget* views_ = nullptr;
    FusionView* fusionView_ = nullptr;
    BuildPanel* buildPanel_ = nullptr;
    QDockWidget* buildDock_ = nullptr;
    ProfilerView* profilerView_ = nullptr;
    AccuracyView* accuracyView_ = nullptr;
    QMenu* buildMenu_ = nullptr;
    QMenu* analyzeMenu_ = nullptr;
    QAction* buildAction_ = nullptr;
    QAction* cancelBuildAction_ = nullptr;
    QAction* exportEngineAction_ = nullptr;
    QAction* loadSettingsAction_ = nullptr;
    QAction* saveSettingsAction_ = nullptr;
    QAction* profileAction_ = nullptr;
    QAction* exportProfilePngAction_ = nullptr;
    QAction* exportProfileCsvAction_ = nullptr;
    QAction* exportProfileJsonAction_ = nullptr;
    QAction* exportProfileTraceAction_ = nullptr;
    QAction* compareAction_ = nullptr;
    QAction* keepFp32Action_ = nullptr;
    QAction* exportCompareAction_ = nullptr;
    QAction* pruneAction_ = nullptr;
    PruneDialog* pruneDialog_ = nullptr;  // a child of the window, made on first use
    void showPruneDialog();
    BuildComparisonView* buildComparisonView_ = nullptr;
    QMenu* exportMenu_ = nullptr;
    QAction* compareBuildsAction_ = nullptr;
    QAction* cancelCompareBuildsAction_ = nullptr;
    QAction* exportBuildComparisonAction_ = nullptr;
    QAction* compareEngineFilesAction_ = nullptr;
    QAction* compareWithEngineFileAction_ = nullptr;
    QAction* exportGraphSvgAction_ = nullptr;
    QAction* exportGraphPngAction_ = nullptr;
    QAction* exportOptimizedSvgAction_ = nullptr;
    QAction* exportOptimizedPngAction_ = nullptr;
    QAction* openWorkspaceAction_ = nullptr;
    QAction* saveWorkspaceAction_ = nullptr;
    PathChooser pathChooser_;
    std::optional<QJsonObject> pendingWorkspace_;
    QString lastAnalysisError_;
    QActionGroup* languageGroup_ = nullptr;
    QAction* languageSystem_ = nullptr;
    QAction* languageEnglish_ = nullptr;
    QAction* languageChinese_ = nullptr;
};

}  // namespace kiln::studio
