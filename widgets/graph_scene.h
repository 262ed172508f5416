// GraphScene mirrors the GraphModel (selection, highlights) and the LayoutController's layout as
// QGraphicsItems. It is rebuilt on every finished layout; the items are cheap and interactive.
#pragma once

#include <QGraphicsScene>
#include <QMenu>
#include <unordered_map>

#include "widgets/graph_items.h"
#include "widgets/layout_controller.h"

namespace kiln::studio {

class GraphScene : public QGraphicsScene {
    Q_OBJECT
public:
    GraphScene(GraphModel* model, LayoutController* layout, QObject* parent = nullptr);

    GraphModel* model() const { return model_; }
    LayoutController* layoutController() const { return layout_; }
    const GraphStyle& style() const { return layout_->style(); }

    // Scene rectangle where the node is shown: its own box, or the collapsed block hiding it.
    // Null when there is no layout.
    QRectF visibleRectOf(int node) const;
    NodeItem* nodeItem(int node) const;
    BlockItem* blockItem(int scope) const;
    int nodeItemCount() const { return int(nodes_.size()); }
    int blockItemCount() const { return int(blocks_.size()); }
    int edgeItemCount() const { return edgeCount_; }

    // Called by the items.
    void nodeClicked(int node);
    void blockActivated(int scope);
    // A control-flow node's body to open (double-click: the first body; the context menu: any).
    void openBody(int node, const QString& body);
    // The node's context menu: "Open body ▸ then_branch", ... for each body; null when the node
    // offers nothing. The caller owns it.
    QMenu* createNodeMenu(int node, QWidget* parent = nullptr);

signals:
    void rebuilt();
    void bodyRequested(int node, const QString& body);

private slots:
    void rebuildFromLayout();
    void updateCurrent(int node);
    void updateHighlights();

private:
    GraphModel* model_;
    LayoutController* layout_;
    std::unordered_map<int, NodeItem*> nodes_;
    std::unordered_map<int, BlockItem*> blocks_;
    std::vector<EdgeItem*> edges_;
    std::vector<std::vector<int>> edgesOfNode_;  // edge items touching a node's box
    int edgeCount_ = 0;
    int current_ = -1;
};

}  // namespace kiln::studio
