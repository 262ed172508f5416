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
class QStackedWidget;

namespace kiln::studio {

class BodyStack;
class GraphModel;
class GraphScene;
class GraphView;
class LayoutController;

class GraphPanel : public QWidget {
    Q_OBJECT
public:
    // With `bodies`, a control-flow node's body opens in this panel, in place of the graph, with a
    // breadcrumb back (BodyStack); the panel that shows a body is made without.
    GraphPanel(GraphModel* model, LayoutController* layout, QWidget* parent = nullptr, bool bodies = true);

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

    // Control-flow bodies (null for a panel made without them). While a body is open the panel
    // shows bodyPanel() (a GraphPanel over BodyStack's body model) under a breadcrumb bar:
    // "◂ Back   main ▸ If 'x' ▸ then_branch", each part a button going back to its level.
    BodyStack* bodies() const { return bodies_; }
    GraphPanel* bodyPanel() const { return bodyPanel_; }
    // The panel the user sees: this one, or bodyPanel() while a body is open.
    GraphPanel* activePanel();
    QWidget* breadcrumbBar() const { return crumbBar_; }
    QToolButton* backButton() const { return back_; }
    // The breadcrumb's parts, main graph first.
    const std::vector<QToolButton*>& breadcrumbButtons() const { return crumbs_; }
    // Opens a body of a node of `from` (the main graph's model or the open body's); false when
    // the node has no such body.
    bool openBody(GraphModel* from, int node, const QString& body);

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
    void updateBreadcrumb();
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
    BodyStack* bodies_ = nullptr;
    GraphPanel* bodyPanel_ = nullptr;  // made when the first body opens
    QStackedWidget* pages_ = nullptr;  // the graph, or bodyPanel_
    QWidget* crumbBar_ = nullptr;
    QHBoxLayout* crumbRow_ = nullptr;
    QToolButton* back_ = nullptr;
    std::vector<QToolButton*> crumbs_;
    std::vector<QWidget*> crumbSeparators_;
    bool compact_ = false;
    std::vector<int> results_;
    int resultIndex_ = -1;
    int pendingFocus_ = -1;  // node to jump to once the running layout shows it
    bool fitOnReady_ = true;
    QString stoppedMessage_;
};

}  // namespace kiln::studio
