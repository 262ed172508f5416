#include "widgets/body_stack.h"

namespace kiln::studio {

BodyStack::BodyStack(GraphModel* root, QObject* parent)
    : QObject(parent), root_(root), bodyLayout_(&bodyModel_) {
    // Another model (or none) in the root: its bodies are gone with it.
    connect(root_, &GraphModel::modelReset, this, [this] {
        if (levels_.empty()) return;
        levels_.clear();
        bodyModel_.clear();
        emit depthChanged(0);
    });
}

QString BodyStack::path() const {
    QStringList parts{tr("main")};
    for (const Level& l : levels_) {
        parts << (l.nodeName.isEmpty() ? l.opType : QStringLiteral("%1 '%2'").arg(l.opType, l.nodeName));
        parts << l.body;
    }
    return parts.join(QStringLiteral(" \u25B8 "));
}

bool BodyStack::openBody(GraphModel* from, int node, const QString& body) {
    if (from != root_ && from != &bodyModel_) return false;
    if (from == &bodyModel_ && levels_.empty()) return false;
    if (node < 0 || node >= from->nodeCount() || from->node(node).ir == nullptr) return false;
    const kiln::Node& ir = *from->node(node).ir;
    const kiln::Graph* graph = nullptr;
    for (const auto& [name, g] : ir.bodies())
        if (QString::fromStdString(name) == body) graph = g;
    if (graph == nullptr) return false;
    Level level;
    // The body lives in the node's attribute: share the ownership of the graph above it.
    level.graph = std::shared_ptr<const kiln::Graph>(from->sharedGraph(), graph);
    level.nodeName = from->node(node).name;
    level.opType = from->node(node).opType;
    level.body = body;
    level.node = node;
    if (from == root_) levels_.clear();
    levels_.push_back(std::move(level));
    showLevel();
    return true;
}

void BodyStack::goTo(int depth) {
    if (depth < 0 || depth >= this->depth()) return;
    const int left = levels_[size_t(depth)].node;  // the control-flow node, in the level shown next
    levels_.resize(size_t(depth));
    if (levels_.empty()) {
        bodyModel_.clear();
        emit depthChanged(0);
        root_->setCurrentNode(left);
        return;
    }
    showLevel();
    bodyModel_.setCurrentNode(left);
}

void BodyStack::showLevel() {
    bodyModel_.setGraph(levels_.back().graph, {}, root_->modelPath());
    emit depthChanged(depth());
}

}  // namespace kiln::studio
