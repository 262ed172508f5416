// GraphPanel: the graph view with its toolbar (search, fit, zoom, expand/collapse all) and the
// layout progress bar with Cancel. Search runs on the GraphModel; a hit inside a collapsed block
// opens the block, then the view jumps to the node.
#pragma once

#include <QWidget>
#include <vector>

class QActionGroup;
class QBoxLayout;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QToolButton;
class QStackedLayout;

namespace kiln::studio {

class GraphModel;
class GraphScene;
class GraphView;
class LayoutController;

class GraphPanel : public QWidget {
    Q_OBJECT
public:
    GraphPanel(GraphModel* model, LayoutController* layout, QWidget* parent = nullptr);

    GraphView* view() const { return view_; }
    GraphScene* scene() const { return scene_; }
    QLineEdit* searchField() const { return search_; }
    // Grouping of nodes into blocks, a tool button with a menu of checkable actions: Automatic,
    // name scopes, repeated structure, none (action data: int(ScopeGrouping)). The automatic
    // action says which one it chose.
    QToolButton* groupingButton() const { return grouping_; }
    QActionGroup* groupingActions() const { return groupingActions_; }
    const std::vector<int>& searchResults() const { return results_; }
    int searchIndex() const { return resultIndex_; }
    bool isLayoutBusy() const;
    // The toolbar on two rows (search above, block and zoom buttons below), for narrow panels such
    // as the fusion view's two sides.
    void setCompactToolbar(bool compact);
    bool hasCompactToolbar() const;
    // The zoom, fit and block buttons (the layout tests check that they fit).
    QToolButton* expandAllButton() const { return expandAll_; }
    QToolButton* collapseAllButton() const { return collapseAll_; }

public slots:
    void runSearch();       // search for the field's text and jump to the first hit
    void nextResult();
    void previousResult();
    void focusSearch();

protected:
    void changeEvent(QEvent* event) override;

private slots:
    void onLayoutStarted();
    void onLayoutProgress(int done, int total);
    void onLayoutReady();
    void onLayoutStopped(const QString& message);

private:
    void retranslate();
    void jumpTo(int index);
    void updateResultLabel();
    void updateGroupingText();

    GraphModel* model_;
    LayoutController* layout_;
    GraphScene* scene_;
    GraphView* view_;
    QLineEdit* search_;
    QBoxLayout* bar_;
    QHBoxLayout* searchRow_;
    QHBoxLayout* buttonRow_;
    QLabel* resultLabel_;
    QToolButton* prev_;
    QToolButton* next_;
    QToolButton* fit_;
    QToolButton* zoomIn_;
    QToolButton* zoomOut_;
    QToolButton* expandAll_;
    QToolButton* collapseAll_;
    QToolButton* grouping_;
    QActionGroup* groupingActions_;
    QWidget* progressBox_;
    QLabel* progressLabel_;
    QProgressBar* progress_;
    QPushButton* cancel_;
    QLabel* emptyLabel_;
    QStackedLayout* stack_;
    std::vector<int> results_;
    int resultIndex_ = -1;
    int pendingFocus_ = -1;  // node to jump to once the running layout shows it
    bool fitOnReady_ = true;
    QString stoppedMessage_;
};

}  // namespace kiln::studio
