// LayoutController: runs the hierarchical layout of the GraphModel on a worker thread (QtConcurrent),
// reports progress, can be cancelled, and queues expand/collapse requests that arrive while a
// layout runs. No widgets: the scene listens to layoutReady() and mirrors layout().
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <atomic>
#include <memory>
#include <optional>
#include <vector>

#include "widgets/graph_model.h"
#include "widgets/graph_style.h"
#include "widgets/hierarchical_layout.h"

namespace kiln::studio {

class LayoutController : public QObject {
    Q_OBJECT
public:
    explicit LayoutController(GraphModel* model, QObject* parent = nullptr);
    ~LayoutController() override;

    GraphModel* model() const { return model_; }
    const GraphStyle& style() const { return style_; }
    // Visible items the first view of a graph may show before blocks stay collapsed.
    void setInitialBudget(int items) { budget_ = items; }
    int initialBudget() const { return budget_; }

    // How nodes are grouped into blocks (name scopes, repeated structure, none; ScopeTree).
    // Changing it rebuilds the scope tree and the layout.
    ScopeGrouping grouping() const { return grouping_; }
    void setGrouping(ScopeGrouping grouping);

    bool isRunning() const { return running_; }
    bool hasLayout() const { return hasLayout_; }
    const SceneLayout& layout() const { return layout_; }
    // The scope tree of the current model (valid after modelReset).
    const ScopeTree& tree() const { return tree_; }
    bool isExpanded(int scope) const;  // as in layout()
    double lastSeconds() const { return lastSeconds_; }

public slots:
    void rebuild();  // the model changed: new scope tree, automatic expansion, layout
    void setExpanded(int scope, bool expanded);
    void toggleExpanded(int scope);
    void expandToNode(int node);
    // Opens every block holding one of `nodes`, with one layout.
    void expandToNodes(const std::vector<int>& nodes);
    void expandAll();
    void collapseAll();
    void cancel();

signals:
    void layoutStarted();
    void progress(int done, int total);
    void layoutReady();
    void layoutCancelled();
    void layoutFailed(const QString& message);
    void groupingChanged();  // setGrouping() with a new mode (a workspace, the graph panel's menu)

private:
    struct JobResult {
        std::optional<SceneLayout> layout;
        QString error;
        double seconds = 0;
        std::vector<bool> expanded;
        int generation = 0;
    };
    void schedule();
    void startJob();
    void onJobFinished();

    GraphModel* model_;
    GraphStyle style_;
    int budget_ = 260;
    ScopeGrouping grouping_ = ScopeGrouping::Automatic;
    ScopeTree tree_;
    std::shared_ptr<HierarchicalLayout> engine_;
    std::vector<bool> desired_;  // expansion wanted by the user; applied when a job starts
    std::vector<bool> shown_;    // expansion of layout_
    SceneLayout layout_;
    bool hasLayout_ = false;
    bool running_ = false;
    bool pending_ = false;
    std::shared_ptr<std::atomic<bool>> cancelFlag_;
    QFutureWatcher<JobResult> watcher_;
    double lastSeconds_ = 0;
    int generation_ = 0;  // bumped per model, so a finished job of the previous model is dropped
};

}  // namespace kiln::studio
