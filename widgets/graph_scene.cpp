#include "widgets/graph_scene.h"

#include <set>

namespace kiln::studio {

GraphScene::GraphScene(GraphModel* model, LayoutController* layout, QObject* parent)
    : QGraphicsScene(parent), model_(model), layout_(layout) {
    setBackgroundBrush(QColor(252, 252, 252));
    connect(layout_, &LayoutController::layoutReady, this, &GraphScene::rebuildFromLayout);
    connect(model_, &GraphModel::currentNodeChanged, this, &GraphScene::updateCurrent);
    connect(model_, &GraphModel::highlightChanged, this, &GraphScene::updateHighlights);
    connect(model_, &GraphModel::overlaysChanged, this, [this] {
        for (auto& [id, item] : nodes_) item->refreshOverlay();
    });
    connect(model_, &GraphModel::fusionMarksChanged, this, [this] {
        for (auto& [id, item] : nodes_) item->refreshOverlay();
    });
}

QRectF GraphScene::visibleRectOf(int node) const {
    if (!layout_->hasLayout() || node < 0 || node >= model_->nodeCount()) return {};
    const SceneLayout& l = layout_->layout();
    const int hidden = l.hiddenIn.at(size_t(node));
    if (hidden >= 0) {
        BlockItem* b = blockItem(hidden);
        return b ? b->boundingRect().adjusted(5, 5, -5, -5) : QRectF();
    }
    NodeItem* n = nodeItem(node);
    return n ? n->boundingRect().adjusted(4, 4, -4, -4) : QRectF();
}

NodeItem* GraphScene::nodeItem(int node) const {
    auto it = nodes_.find(node);
    return it == nodes_.end() ? nullptr : it->second;
}

BlockItem* GraphScene::blockItem(int scope) const {
    auto it = blocks_.find(scope);
    return it == blocks_.end() ? nullptr : it->second;
}

void GraphScene::nodeClicked(int node) { model_->setCurrentNode(node); }

void GraphScene::blockActivated(int scope) { layout_->toggleExpanded(scope); }

void GraphScene::openBody(int node, const QString& body) {
    model_->setCurrentNode(node);
    emit bodyRequested(node, body);
}

QMenu* GraphScene::createNodeMenu(int node, QWidget* parent) {
    if (node < 0 || node >= model_->nodeCount() || model_->node(node).ir == nullptr) return nullptr;
    const std::vector<ControlFlowBody> bodies = controlFlowBodies(*model_->node(node).ir);
    if (bodies.empty()) return nullptr;
    auto* menu = new QMenu(parent);
    for (const ControlFlowBody& b : bodies) {
        QAction* a = menu->addAction(tr("Open body \u25B8 %1").arg(b.name));
        a->setData(b.name);
        connect(a, &QAction::triggered, this, [this, node, name = b.name] { openBody(node, name); });
    }
    return menu;
}

void GraphScene::rebuildFromLayout() {
    clear();
    nodes_.clear();
    blocks_.clear();
    edges_.clear();
    edgesOfNode_.assign(size_t(model_->nodeCount()), {});
    edgeCount_ = 0;
    if (!layout_->hasLayout()) {
        setSceneRect(QRectF(0, 0, 100, 100));
        emit rebuilt();
        return;
    }
    const SceneLayout& l = layout_->layout();
    const LayoutInput defaults;

    // Unsupported nodes inside a collapsed block still show: the block counts them in red.
    std::unordered_map<int, int> unsupportedIn;
    for (const ModelNode& n : model_->nodes())
        if (n.unsupported && l.hiddenIn[size_t(n.id)] >= 0) ++unsupportedIn[l.hiddenIn[size_t(n.id)]];

    for (const SceneLayout::BlockBox& b : l.blocks) {
        auto* item = new BlockItem(this, b.scope, b.rect, b.expanded, defaults.frameTitle);
        if (!b.expanded) item->setUnsupportedCount(unsupportedIn[b.scope]);
        addItem(item);
        blocks_[b.scope] = item;
    }
    for (const SceneLayout::NodeBox& n : l.nodes) {
        auto* item = new NodeItem(this, n.node, n.rect);
        addItem(item);
        nodes_[n.node] = item;
    }
    std::set<QString> labelled;
    for (const SceneLayout::EdgePath& p : l.edges) {
        // The label is the tensor's shape when the path carries one tensor, once per tensor: a
        // tensor read by several nodes would otherwise print the same shape on every branch.
        QString label;
        std::set<QString> tensors;
        for (int e : p.modelEdges) tensors.insert(model_->edge(e).tensor);
        if (tensors.size() == 1 && labelled.insert(*tensors.begin()).second)
            label = model_->edge(p.modelEdges.front()).shape;
        auto* item = new EdgeItem(p, label, &style().labelFont());
        addItem(item);
        if (!label.isEmpty() && !p.loose) {
            // Right of the edge, else left of it, else no label: never over a box or another label.
            for (bool left : {false, true}) {
                const QRectF r = item->labelRect(left);
                bool blocked = false;
                for (QGraphicsItem* other : items(r, Qt::IntersectsItemBoundingRect)) {
                    const int t = other->type();
                    if (t == NodeItem::Type || t == EdgeLabelItem::Type ||
                        (t == BlockItem::Type && !static_cast<BlockItem*>(other)->isExpanded())) {
                        blocked = true;
                        break;
                    }
                }
                if (blocked) continue;
                auto* labelItem = new EdgeLabelItem(label, r, &style().labelFont());
                addItem(labelItem);
                item->setLabelItem(labelItem);
                break;
            }
        }
        const int index = int(edges_.size());
        edges_.push_back(item);
        for (int e : p.modelEdges) {
            edgesOfNode_[size_t(model_->edge(e).from)].push_back(index);
            edgesOfNode_[size_t(model_->edge(e).to)].push_back(index);
        }
    }
    edgeCount_ = int(edges_.size());
    setSceneRect(l.bounds.adjusted(-40, -40, 40, 40));
    current_ = -1;
    updateCurrent(model_->currentNode());
    updateHighlights();
    emit rebuilt();
}

void GraphScene::updateCurrent(int node) {
    if (current_ >= 0) {
        if (NodeItem* old = nodeItem(current_)) old->setCurrent(false);
        if (size_t(current_) < edgesOfNode_.size())
            for (int e : edgesOfNode_[size_t(current_)]) edges_[size_t(e)]->setEmphasized(false);
    }
    current_ = node;
    if (node < 0) return;
    if (NodeItem* item = nodeItem(node)) item->setCurrent(true);
    if (size_t(node) < edgesOfNode_.size())
        for (int e : edgesOfNode_[size_t(node)]) edges_[size_t(e)]->setEmphasized(true);
}

void GraphScene::updateHighlights() {
    const auto& wanted = model_->highlighted();
    std::set<int> hiddenBlocks;
    const bool haveLayout = layout_->hasLayout();
    for (int n : wanted)
        if (haveLayout && size_t(n) < layout_->layout().hiddenIn.size() && layout_->layout().hiddenIn[size_t(n)] >= 0)
            hiddenBlocks.insert(layout_->layout().hiddenIn[size_t(n)]);
    for (auto& [id, item] : nodes_) item->setHighlighted(wanted.count(id) != 0);
    for (auto& [id, item] : blocks_) item->setHighlighted(hiddenBlocks.count(id) != 0);
}

}  // namespace kiln::studio
