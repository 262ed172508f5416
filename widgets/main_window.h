// MainWindow of Kiln Studio: the graph in the centre, the model summary and the node properties in
// docks. Opens ONNX models from the File menu, the recent-files list, drag and drop, or the command
// line; loading and layout run on worker threads. The dock layout and the recent files persist in
// QSettings. Later views (fusion, build, profiler, accuracy) dock here the same way.
#pragma once

#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>
#include <memory>

#include "widgets/graph_model.h"
#include "widgets/layout_controller.h"
#include "widgets/model_loader.h"

class QAction;
class QActionGroup;
class QDockWidget;
class QLabel;
class QMenu;

class QProgressBar;

namespace kiln::studio {

class GraphPanel;
class LanguageManager;
class PropertiesPanel;
class SummaryPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(LanguageManager* language = nullptr, QWidget* parent = nullptr);
    ~MainWindow() override;

    GraphModel* graphModel() { return &model_; }
    LayoutController* layoutController() { return &layout_; }
    ModelLoader* loader() { return &loader_; }
    GraphPanel* graphPanel() const { return graphPanel_; }
    SummaryPanel* summaryPanel() const { return summary_; }
    PropertiesPanel* propertiesPanel() const { return properties_; }
    QDockWidget* summaryDock() const { return summaryDock_; }
    QDockWidget* propertiesDock() const { return propertiesDock_; }
    QAction* openAction() const { return openAction_; }
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

    LanguageManager* language_;
    GraphModel model_;
    LayoutController layout_;
    ModelLoader loader_;
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
    QActionGroup* languageGroup_ = nullptr;
    QAction* languageSystem_ = nullptr;
    QAction* languageEnglish_ = nullptr;
    QAction* languageChinese_ = nullptr;
};

}  // namespace kiln::studio
