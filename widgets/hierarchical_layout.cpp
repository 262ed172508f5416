#include "widgets/hierarchical_layout.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace kiln::studio {

HierarchicalLayout::HierarchicalLayout(ScopeTree tree, LayoutInput input)
    : tree_(std::move(tree)), input_(std::move(input)) {
    const size_t scopes = size_t(tree_.scopeCount());
    expanded_.assign(scopes, false);
    expanded_[0] = true;
    interiors_.assign(scopes, Interior());
    edgesByScope_.assign(scopes, {});
    ancestry_.resize(size_t(tree_.nodeCount()));
    for (int n = 0; n < tree_.nodeCount(); ++n) ancestry_[size_t(n)] = tree_.ancestry(n);
    for (size_t e = 0; e < input_.edges.size(); ++e) {
        const auto [a, b] = input_.edges[e];
        if (a < 0 || b < 0 || a >= tree_.nodeCount() || b >= tree_.nodeCount()) continue;
        const auto& pa = ancestry_[size_t(a)];
        const auto& pb = ancestry_[size_t(b)];
        int common = 0;
        for (size_t i = 0; i < pa.size() && i < pb.size() && pa[i] == pb[i]; ++i) common = pa[i];
        edgesByScope_[size_t(common)].push_back(int(e));
    }
}

void HierarchicalLayout::invalidateUpwards(int scope) {
    for (int s = scope; s >= 0; s = tree_.scope(s).parent) interiors_[size_t(s)].valid = false;
}

void HierarchicalLayout::setExpanded(int scope, bool expanded) {
    if (scope <= 0 || scope >= tree_.scopeCount() || expanded_[size_t(scope)] == expanded) return;
    expanded_[size_t(scope)] = expanded;
    // The parent's interior changes (a box changes size); the scope's own interior stays cached.
    invalidateUpwards(tree_.scope(scope).parent);
}

void HierarchicalLayout::setExpandedState(const std::vector<bool>& expanded) {
    for (int s = 1; s < tree_.scopeCount() && size_t(s) < expanded.size(); ++s) setExpanded(s, expanded[size_t(s)]);
}

void HierarchicalLayout::expandToNode(int node) {
    if (node < 0 || node >= tree_.nodeCount()) return;
    for (int s : ancestry_[size_t(node)]) setExpanded(s, true);
}

void HierarchicalLayout::expandAll() {
    for (int s = 1; s < tree_.scopeCount(); ++s) setExpanded(s, true);
}

void HierarchicalLayout::collapseAll() {
    for (int s = 1; s < tree_.scopeCount(); ++s) setExpanded(s, false);
}

void HierarchicalLayout::autoExpand(int budget) {
    collapseAll();
    const LayoutScope& root = tree_.scope(0);
    int visible = int(root.leaves.size() + root.childScopes.size());
    std::vector<int> frontier = root.childScopes;
    while (!frontier.empty()) {
        int cost = 0;
        for (int c : frontier) {
            const LayoutScope& s = tree_.scope(c);
            cost += int(s.leaves.size() + s.childScopes.size()) - 1;
        }
        if (visible + cost > budget) break;
        std::vector<int> next;
        for (int c : frontier) {
            setExpanded(c, true);
            const auto& kids = tree_.scope(c).childScopes;
            next.insert(next.end(), kids.begin(), kids.end());
        }
        visible += cost;
        frontier = std::move(next);
    }
}

int HierarchicalLayout::visibleItemCount() const {
    int count = 0;
    std::vector<int> stack{0};
    while (!stack.empty()) {
        const LayoutScope& s = tree_.scope(stack.back());
        stack.pop_back();
        count += int(s.leaves.size() + s.childScopes.size());
        for (int c : s.childScopes)
            if (expanded_[size_t(c)]) stack.push_back(c);
    }
    return count;
}

HierarchicalLayout::Item HierarchicalLayout::itemOf(int scope, int node) const {
    const auto& chain = ancestry_[size_t(node)];
    size_t depth = 0;
    while (depth < chain.size() && chain[depth] != scope) ++depth;
    if (depth + 1 >= chain.size()) return Item{false, node};
    return Item{true, chain[depth + 1]};
}

QSizeF HierarchicalLayout::boxSize(int scope) const {
    const QSizeF inner = interiors_[size_t(scope)].size;
    const QSizeF collapsed = input_.blockSizes.at(size_t(scope));
    return QSizeF(std::max(inner.width() + 2 * input_.framePadding, collapsed.width()),
                  inner.height() + 2 * input_.framePadding + input_.frameTitle);
}

int HierarchicalLayout::countInvalid(int scope) const {
    int count = interiors_[size_t(scope)].valid ? 0 : 1;
    for (int c : tree_.scope(scope).childScopes)
        if (expanded_[size_t(c)]) count += countInvalid(c);
    return count;
}

bool HierarchicalLayout::layoutInterior(int scope, const std::atomic<bool>* cancel, int& done, int total,
                                        const std::function<void(int, int)>& progress, int& dotRuns) {
    const LayoutScope& s = tree_.scope(scope);
    for (int c : s.childScopes)
        if (expanded_[size_t(c)] && !layoutInterior(c, cancel, done, total, progress, dotRuns)) return false;
    Interior& in = interiors_[size_t(scope)];
    if (in.valid) return true;
    if (cancel != nullptr && cancel->load()) return false;

    Interior fresh;
    // Items in topological order of their first node, so dot's initial order follows the data flow.
    for (int leaf : s.leaves) fresh.items.push_back(Item{false, leaf});
    for (int c : s.childScopes) fresh.items.push_back(Item{true, c});
    auto firstNodeOf = [this](const Item& it) { return it.isScope ? tree_.scope(it.id).firstNode : it.id; };
    std::sort(fresh.items.begin(), fresh.items.end(),
              [&](const Item& a, const Item& b) { return firstNodeOf(a) < firstNodeOf(b); });
    std::map<std::pair<bool, int>, int> indexOf;
    for (size_t i = 0; i < fresh.items.size(); ++i) {
        const Item& it = fresh.items[i];
        indexOf[{it.isScope, it.id}] = int(i);
        if (!it.isScope) fresh.sizes.push_back(input_.nodeSizes.at(size_t(it.id)));
        else if (expanded_[size_t(it.id)]) fresh.sizes.push_back(boxSize(it.id));
        else fresh.sizes.push_back(input_.blockSizes.at(size_t(it.id)));
    }
    std::map<std::pair<int, int>, int> edgeIndex;
    for (int e : edgesByScope_[size_t(scope)]) {
        const Item a = itemOf(scope, input_.edges[size_t(e)].first);
        const Item b = itemOf(scope, input_.edges[size_t(e)].second);
        const std::pair<int, int> key{indexOf.at({a.isScope, a.id}), indexOf.at({b.isScope, b.id})};
        if (key.first == key.second || edgeIndex.count(key)) continue;
        edgeIndex[key] = int(fresh.itemEdges.size());
        fresh.itemEdges.push_back(key);
    }
    // A source feeding many items (an attention mask, a shared shape tensor) makes dot route long
    // edges through every rank in between, which is what turns a 10k-node layout into minutes.
    // Such a source keeps its first edge in the layout; the others are drawn straight afterwards.
    std::vector<std::pair<int, int>> dotEdges;
    std::vector<int> dotEdgeOf(fresh.itemEdges.size(), -1);
    std::map<int, int> fanOut;
    for (const auto& e : fresh.itemEdges) ++fanOut[e.first];
    std::map<int, int> kept;
    for (size_t k = 0; k < fresh.itemEdges.size(); ++k) {
        const int src = fresh.itemEdges[k].first;
        if (fanOut[src] > kMaxLaidOutFanOut && kept[src]++ >= 1) continue;
        dotEdgeOf[k] = int(dotEdges.size());
        dotEdges.push_back(fresh.itemEdges[k]);
    }
    DotResult dot = runDot(fresh.sizes, dotEdges, input_.dot);
    fresh.geometry.assign(fresh.itemEdges.size(), DotEdgeGeometry());
    for (size_t k = 0; k < fresh.itemEdges.size(); ++k)
        if (dotEdgeOf[k] >= 0) fresh.geometry[k] = std::move(dot.edges[size_t(dotEdgeOf[k])]);
    ++dotRuns;
    fresh.centers = std::move(dot.centers);
    fresh.size = dot.size;
    fresh.valid = true;
    in = std::move(fresh);
    ++done;
    if (progress) progress(done, total);
    return true;
}

std::optional<SceneLayout> HierarchicalLayout::compute(const std::atomic<bool>* cancel,
                                                       const std::function<void(int, int)>& progress) {
    SceneLayout out;
    const int total = countInvalid(0);
    int done = 0;
    if (progress) progress(0, total);
    if (!layoutInterior(0, cancel, done, total, progress, out.dotRuns)) return std::nullopt;

    const int nodeCount = tree_.nodeCount();
    std::vector<QRectF> nodeRect(static_cast<size_t>(nodeCount));
    std::vector<QRectF> scopeRect(size_t(tree_.scopeCount()));
    std::vector<QPointF> originOf(size_t(tree_.scopeCount()));
    std::vector<int> openScopes;

    // Stitch: each expanded interior is placed inside its frame in the parent's drawing.
    std::function<void(int, QPointF)> place = [&](int scope, QPointF origin) {
        originOf[size_t(scope)] = origin;
        openScopes.push_back(scope);
        const Interior& in = interiors_[size_t(scope)];
        for (size_t i = 0; i < in.items.size(); ++i) {
            const QSizeF sz = in.sizes[i];
            const QRectF r(origin + in.centers[i] - QPointF(sz.width() / 2, sz.height() / 2), sz);
            const Item& it = in.items[i];
            if (!it.isScope) {
                nodeRect[size_t(it.id)] = r;
                out.nodes.push_back({it.id, r});
                continue;
            }
            const bool open = expanded_[size_t(it.id)];
            scopeRect[size_t(it.id)] = r;
            out.blocks.push_back({it.id, r, open});
            if (open) {
                // Centre the interior when the title made the frame wider than the drawing.
                const double extra = r.width() - 2 * input_.framePadding - interiors_[size_t(it.id)].size.width();
                place(it.id, r.topLeft() + QPointF(input_.framePadding + extra / 2,
                                                   input_.frameTitle + input_.framePadding));
            }
        }
    };
    place(0, QPointF(0, 0));
    out.bounds = QRectF(QPointF(0, 0), interiors_[0].size);

    out.hiddenIn.assign(size_t(nodeCount), -1);
    for (int n = 0; n < nodeCount; ++n)
        for (int s : ancestry_[size_t(n)])
            if (s != 0 && !expanded_[size_t(s)]) {
                out.hiddenIn[size_t(n)] = s;
                break;
            }
    auto visibleRect = [&](int node) {
        const int hidden = out.hiddenIn[size_t(node)];
        return hidden < 0 ? nodeRect[size_t(node)] : scopeRect[size_t(hidden)];
    };

    for (int scope : openScopes) {
        const Interior& in = interiors_[size_t(scope)];
        const QPointF origin = originOf[size_t(scope)];
        std::map<std::pair<int, int>, int> edgeIndex;
        for (size_t k = 0; k < in.itemEdges.size(); ++k) edgeIndex[in.itemEdges[k]] = int(k);
        std::map<std::pair<int, int>, size_t> itemIndex;
        for (size_t i = 0; i < in.items.size(); ++i) itemIndex[{in.items[i].isScope, in.items[i].id}] = i;

        // One path per (item edge, visible source, visible target): edges into an expanded block
        // continue from its border to the node inside.
        std::map<std::tuple<int, int, int>, std::vector<int>> groups;
        for (int e : edgesByScope_[size_t(scope)]) {
            const auto [from, to] = input_.edges[size_t(e)];
            const Item a = itemOf(scope, from);
            const Item b = itemOf(scope, to);
            const auto ia = int(itemIndex.at({a.isScope, a.id}));
            const auto ib = int(itemIndex.at({b.isScope, b.id}));
            if (ia == ib) continue;
            const int visFrom = out.hiddenIn[size_t(from)] < 0 ? from : -2 - out.hiddenIn[size_t(from)];
            const int visTo = out.hiddenIn[size_t(to)] < 0 ? to : -2 - out.hiddenIn[size_t(to)];
            groups[{edgeIndex.at({ia, ib}), visFrom, visTo}].push_back(e);
        }
        for (auto& [key, modelEdges] : groups) {
            const int k = std::get<0>(key);
            const auto [ia, ib] = in.itemEdges[size_t(k)];
            const Item& a = in.items[size_t(ia)];
            const Item& b = in.items[size_t(ib)];
            const QRectF fromRect = visibleRect(input_.edges[size_t(modelEdges[0])].first);
            const QRectF toRect = visibleRect(input_.edges[size_t(modelEdges[0])].second);
            const bool enterFrom = a.isScope && expanded_[size_t(a.id)];
            const bool enterTo = b.isScope && expanded_[size_t(b.id)];
            const DotEdgeGeometry& g = in.geometry[size_t(k)];

            SceneLayout::EdgePath p;
            p.modelEdges = modelEdges;
            const QPointF fromAnchor(fromRect.center().x(), fromRect.bottom());
            const QPointF toAnchor(toRect.center().x(), toRect.top());
            if (g.bezier.size() < 4) {
                // Not routed by dot: a bus from the source straight down, then across just above
                // the target, so the many edges of one source share one trunk instead of fanning
                // out across the drawing.
                p.loose = true;
                p.path.moveTo(fromAnchor);
                const double above = toAnchor.y() - 10;
                if (above > fromAnchor.y()) {
                    p.path.lineTo(fromAnchor.x(), above);
                    p.path.lineTo(toAnchor.x(), above);
                    p.arrowFrom = QPointF(toAnchor.x(), above);
                } else {
                    p.arrowFrom = fromAnchor;
                }
                p.path.lineTo(toAnchor);
                p.arrowTip = toAnchor;
                p.labelPos = (fromAnchor + toAnchor) / 2;
            } else {
                std::vector<QPointF> pts;
                pts.reserve(g.bezier.size());
                for (const QPointF& q : g.bezier) pts.push_back(q + origin);
                if (enterFrom) {
                    p.path.moveTo(fromAnchor);
                    p.path.lineTo(pts[0]);
                } else {
                    p.path.moveTo(pts[0]);
                }
                for (size_t i = 1; i + 2 < pts.size(); i += 3) p.path.cubicTo(pts[i], pts[i + 1], pts[i + 2]);
                const QPointF base = pts.back();
                const QPointF tip = g.hasArrow ? g.arrowTip + origin : base;
                const QPointF beforeBase = g.hasArrow ? base : pts[pts.size() - 2];
                if (enterTo) {
                    p.path.lineTo(tip);
                    p.path.lineTo(toAnchor);
                    p.arrowFrom = tip;
                    p.arrowTip = toAnchor;
                } else {
                    p.path.lineTo(tip);
                    p.arrowFrom = beforeBase;
                    p.arrowTip = tip;
                }
                // The label sits at the middle of the spline: a joint for an even segment count,
                // else the midpoint B(1/2) of the middle segment.
                const size_t segments = (pts.size() - 1) / 3;
                const size_t mid = 3 * (segments / 2);
                p.labelPos = segments % 2 == 0
                                 ? pts[mid]
                                 : (pts[mid] + 3 * pts[mid + 1] + 3 * pts[mid + 2] + pts[mid + 3]) / 8;
            }
            out.edges.push_back(std::move(p));
        }
    }
    return out;
}

}  // namespace kiln::studio
