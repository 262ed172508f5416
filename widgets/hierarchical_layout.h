// HierarchicalLayout: lays out big graphs in pieces, because one `dot` run over 10k nodes takes
// minutes. The scope tree's expanded blocks are laid out bottom-up, each interior with its own
// `dot` run in which collapsed child blocks are single boxes and expanded ones are boxes of their
// interior's size; the pieces are then stitched into scene coordinates. Interiors are cached, so
// expanding one block re-runs only that block and its ancestors.
//
// Thread use: one compute() at a time, and no setExpanded() while it runs (LayoutController
// queues changes); nothing here touches widgets or the GraphModel.
#pragma once

#include <QPainterPath>
#include <QRectF>
#include <QSizeF>
#include <atomic>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "widgets/dot_layout.h"
#include "widgets/scope_tree.h"

namespace kiln::studio {

// What the layout needs from the graph: node count, edges, and box sizes. A copy, so the worker
// thread never reads the GraphModel.
struct LayoutInput {
    std::vector<std::pair<int, int>> edges;  // model edges (from, to), index = model edge id
    std::vector<QSizeF> nodeSizes;           // per model node
    std::vector<QSizeF> blockSizes;          // per scope, collapsed
    double frameTitle = 24;    // title bar of an expanded block
    double framePadding = 14;  // inside an expanded block
    DotOptions dot;
};

struct SceneLayout {
    struct NodeBox {
        int node = -1;
        QRectF rect;
    };
    struct BlockBox {
        int scope = -1;
        QRectF rect;
        bool expanded = false;  // an open frame around its interior, or a collapsed box
    };
    struct EdgePath {
        std::vector<int> modelEdges;  // the edges this path stands for
        QPainterPath path;            // ends where the arrowhead's tip is
        QPointF arrowTip;
        QPointF arrowFrom;  // a point before the tip, giving the arrowhead's direction
        QPointF labelPos;
        bool loose = false;  // not routed by dot (a high fan-out source): a straight line
    };
    std::vector<NodeBox> nodes;
    std::vector<BlockBox> blocks;  // parents before children
    std::vector<EdgePath> edges;
    // Per model node: -1 when its own box is shown, else the collapsed block that hides it.
    std::vector<int> hiddenIn;
    QRectF bounds;
    int dotRuns = 0;  // Graphviz runs this computation needed (0 when everything was cached)
};

class HierarchicalLayout {
public:
    static constexpr int kMaxLaidOutFanOut = 4;

    HierarchicalLayout(ScopeTree tree, LayoutInput input);

    const ScopeTree& tree() const { return tree_; }
    bool isExpanded(int scope) const { return expanded_.at(size_t(scope)); }
    const std::vector<bool>& expandedState() const { return expanded_; }
    void setExpanded(int scope, bool expanded);
    void setExpandedState(const std::vector<bool>& expanded);
    // Opens every block on the way to the node.
    void expandToNode(int node);
    void expandAll();
    void collapseAll();
    // Opens blocks level by level while the visible item count stays within `budget`, so the first
    // view of any graph needs only a few small `dot` runs.
    void autoExpand(int budget);
    int visibleItemCount() const;

    // progress(done, total) counts the interiors to lay out. Returns nullopt when cancelled.
    std::optional<SceneLayout> compute(const std::atomic<bool>* cancel = nullptr,
                                       const std::function<void(int, int)>& progress = {});

private:
    struct Item {
        bool isScope = false;
        int id = -1;  // model node or scope
        bool operator==(const Item& o) const { return isScope == o.isScope && id == o.id; }
    };
    struct Interior {
        bool valid = false;
        QSizeF size;  // of the dot drawing
        std::vector<Item> items;
        std::vector<QPointF> centers;
        std::vector<QSizeF> sizes;
        std::vector<std::pair<int, int>> itemEdges;  // indexes into items
        std::vector<DotEdgeGeometry> geometry;
    };

    Item itemOf(int scope, int node) const;
    QSizeF boxSize(int scope) const;  // of an expanded scope's frame
    bool layoutInterior(int scope, const std::atomic<bool>* cancel, int& done, int total,
                        const std::function<void(int, int)>& progress, int& dotRuns);
    int countInvalid(int scope) const;
    void invalidateUpwards(int scope);

    ScopeTree tree_;
    LayoutInput input_;
    std::vector<bool> expanded_;
    std::vector<Interior> interiors_;
    std::vector<std::vector<int>> edgesByScope_;  // model edges whose lowest common scope it is
    std::vector<std::vector<int>> ancestry_;      // per node
};

}  // namespace kiln::studio
