// BodyStack: where the graph view stands inside control-flow bodies (If/Loop/Scan, see
// engine_core/ir/control_flow.h). Level 0 is the model's main graph (the root GraphModel); each
// opened body is one more level, shown through one GraphModel and LayoutController of its own, so
// the root model (and everything that follows it: builds, overlays, the summary) never changes.
// No widgets: the graph panel mirrors it with a breadcrumb ("main ▸ If 'x' ▸ then_branch").
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

#include "widgets/graph_model.h"
#include "widgets/layout_controller.h"

namespace kiln::studio {

class BodyStack : public QObject {
    Q_OBJECT
public:
    explicit BodyStack(GraphModel* root, QObject* parent = nullptr);

    struct Level {
        std::shared_ptr<const kiln::Graph> graph;  // shares ownership with the main graph
        QString nodeName;                          // the control-flow node in the level above
        QString opType;
        QString body;   // its attribute name: then_branch, else_branch, body
        int node = -1;  // the node's id in the level above
    };

    GraphModel* root() const { return root_; }
    GraphModel* bodyModel() { return &bodyModel_; }
    LayoutController* bodyLayout() { return &bodyLayout_; }
    // 0: the main graph is shown; n: n bodies deep.
    int depth() const { return int(levels_.size()); }
    const Level& level(int depth) const { return levels_.at(size_t(depth - 1)); }
    // The model shown now: the root at depth 0, else the body model.
    GraphModel* currentModel() { return levels_.empty() ? root_ : &bodyModel_; }
    // The breadcrumb as text: "main ▸ If '/If' ▸ then_branch".
    QString path() const;

    // Opens body `body` of node `node` of `from` (the root, or the body model at the current
    // depth). Returns false, changing nothing, when the node has no such body.
    bool openBody(GraphModel* from, int node, const QString& body);
    // Back to a level (0: the main graph). The control-flow node that was left is selected.
    void goTo(int depth);
    void back() { goTo(depth() - 1); }

signals:
    // The level changed (after the body model was reset for the new level).
    void depthChanged(int depth);

private:
    void showLevel();

    GraphModel* root_;
    GraphModel bodyModel_;
    LayoutController bodyLayout_;
    std::vector<Level> levels_;
};

}  // namespace kiln::studio
