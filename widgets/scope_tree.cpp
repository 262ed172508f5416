#include "widgets/scope_tree.h"

#include <QCoreApplication>
#include <QHash>
#include <algorithm>
#include <functional>

#include "widgets/graph_model.h"

namespace kiln::studio {

int ScopeTree::addScope(const QString& title, const QString& path, int parent, bool synthetic) {
    LayoutScope s;
    s.title = title;
    s.path = path;
    s.parent = parent;
    s.synthetic = synthetic;
    scopes_.push_back(std::move(s));
    const int id = int(scopes_.size()) - 1;
    if (parent >= 0) scopes_[size_t(parent)].childScopes.push_back(id);
    return id;
}

ScopeTree ScopeTree::build(const GraphModel& model, const ScopeOptions& options) {
    std::vector<QStringList> scopeOf;
    scopeOf.reserve(size_t(model.nodeCount()));
    auto names = [&] {
        for (const ModelNode& n : model.nodes()) scopeOf.push_back(n.scope);
        return build(scopeOf, options);
    };
    auto repeated = [&] {
        std::vector<uint64_t> kinds;
        kinds.reserve(size_t(model.nodeCount()));
        for (const ModelNode& n : model.nodes())
            kinds.push_back(uint64_t(qHash(n.domain + QLatin1Char(':') + n.opType, 0)) * 4 + uint64_t(n.kind));
        std::vector<std::pair<int, int>> edges;
        edges.reserve(size_t(model.edgeCount()));
        for (const ModelEdge& e : model.edges()) edges.push_back({e.from, e.to});
        return buildRepeated(kinds, edges, options);
    };
    switch (options.grouping) {
    case ScopeGrouping::NameScopes: return names();
    case ScopeGrouping::RepeatedStructure: return repeated();
    case ScopeGrouping::None: {
        scopeOf.assign(size_t(model.nodeCount()), QStringList());
        ScopeTree flat = build(scopeOf, options);
        flat.grouping_ = ScopeGrouping::None;
        return flat;
    }
    case ScopeGrouping::Automatic: {
        ScopeTree byName = names();
        if (byName.blockCount() >= 2) return byName;
        if (model.nodeCount() >= options.autoRepeatMinNodes) {
            ScopeTree byStructure = repeated();
            int inBlocks = 0;
            for (int c : byStructure.scope(0).childScopes)
                inBlocks += byStructure.scope(c).synthetic ? 0 : byStructure.scope(c).totalNodes;
            if (byStructure.blockCount() >= 2 && 2 * inBlocks >= model.nodeCount()) return byStructure;
        }
        byName.grouping_ = ScopeGrouping::None;  // neither gives blocks
        return byName;
    }
    }
    return names();
}

ScopeTree ScopeTree::buildRepeated(const std::vector<uint64_t>& kinds, const std::vector<std::pair<int, int>>& edges,
                                   const ScopeOptions& options) {
    ScopeTree tree;
    tree.grouping_ = ScopeGrouping::RepeatedStructure;
    tree.addScope(QString(), QString(), -1, false);
    tree.scopeOfNode_.assign(kinds.size(), 0);
    const std::vector<RepeatedRun> runs =
        findRepeatedRuns(structureSignatures(kinds, edges), edges, options.repeat);
    std::vector<bool> inBlock(kinds.size(), false);
    for (size_t r = 0; r < runs.size(); ++r) {
        const RepeatedRun& run = runs[r];
        for (int j = 0; j < run.count; ++j) {
            // "Block 3 of 12"; runs after the first get a letter: "Block B3 of 4".
            const QString index = (r == 0 ? QString() : QString(QChar(u'A' + int(std::min<size_t>(r, 25))))) +
                                  QString::number(j + 1);
            const QString title =
                QCoreApplication::translate("kiln::studio::ScopeTree", "Block %1 of %2").arg(index).arg(run.count);
            const QString path = QCoreApplication::translate("kiln::studio::ScopeTree",
                                                             "repeated structure: %1 nodes per block")
                                     .arg(run.period);
            const int id = tree.addScope(title, path, 0, false);
            LayoutScope& scope = tree.scopes_[size_t(id)];
            scope.repeatRun = int(r);
            scope.repeatIndex = j;
            scope.repeatCount = run.count;
            for (int n = run.start + j * run.period; n < run.start + (j + 1) * run.period; ++n) {
                tree.scopeOfNode_[size_t(n)] = id;
                scope.leaves.push_back(n);
                inBlock[size_t(n)] = true;
            }
        }
    }
    for (size_t n = 0; n < kinds.size(); ++n)
        if (!inBlock[n]) tree.scopes_[0].leaves.push_back(int(n));
    tree.segmentCrowded(options);
    tree.finish();
    return tree;
}

int ScopeTree::blockCount() const {
    int count = 0;
    for (size_t s = 1; s < scopes_.size(); ++s) count += scopes_[s].synthetic ? 0 : 1;
    return count;
}

ScopeTree ScopeTree::build(const std::vector<QStringList>& scopeOf, const ScopeOptions& options) {
    // Pass 1: the raw tree of every scope named by any node.
    ScopeTree raw;
    raw.addScope(QString(), QString(), -1, false);
    raw.scopeOfNode_.assign(scopeOf.size(), 0);
    QHash<QString, int> byPath;
    for (size_t n = 0; n < scopeOf.size(); ++n) {
        int current = 0;
        QString path;
        for (const QString& part : scopeOf[n]) {
            path += QLatin1Char('/') + part;
            auto it = byPath.find(path);
            if (it == byPath.end()) it = byPath.insert(path, raw.addScope(part, path, current, false));
            current = it.value();
        }
        raw.scopeOfNode_[n] = current;
        raw.scopes_[size_t(current)].leaves.push_back(int(n));
    }
    raw.finish();

    // Pass 2: dissolve tiny scopes, merge single-child chains, segment crowded scopes.
    ScopeTree tree;
    tree.addScope(QString(), QString(), -1, false);
    tree.scopeOfNode_.assign(scopeOf.size(), 0);
    std::function<void(int, int)> rebuild = [&](int oldId, int newParent) {
        int target = oldId == 0 ? 0 : newParent;
        int source = oldId;
        if (oldId != 0) {
            const LayoutScope* s = &raw.scopes_[size_t(oldId)];
            if (s->totalNodes >= options.minBlockNodes) {
                QString title = s->title;
                while (s->leaves.empty() && s->childScopes.size() == 1 &&
                       raw.scopes_[size_t(s->childScopes[0])].totalNodes >= options.minBlockNodes) {
                    source = s->childScopes[0];
                    s = &raw.scopes_[size_t(source)];
                    title += QLatin1Char('/') + s->title;
                }
                target = tree.addScope(title, s->path, newParent, false);
            }
        }
        for (int leaf : raw.scopes_[size_t(source)].leaves) {
            tree.scopeOfNode_[size_t(leaf)] = target;
            tree.scopes_[size_t(target)].leaves.push_back(leaf);
        }
        for (int child : raw.scopes_[size_t(source)].childScopes) rebuild(child, target);
    };
    rebuild(0, -1);
    tree.segmentCrowded(options);
    tree.finish();
    return tree;
}

void ScopeTree::segmentCrowded(const ScopeOptions& options) {
    ScopeTree& tree = *this;
    const int originalCount = tree.scopeCount();
    for (int s = 0; s < originalCount; ++s) {
        std::vector<int> leaves = tree.scopes_[size_t(s)].leaves;
        if (int(leaves.size()) <= options.segmentThreshold) continue;
        std::sort(leaves.begin(), leaves.end());
        tree.scopes_[size_t(s)].leaves.clear();
        const size_t step = size_t(std::max(options.segmentSize, 1));
        for (size_t begin = 0; begin < leaves.size(); begin += step) {
            const size_t end = std::min(leaves.size(), begin + step);
            const QString title = QCoreApplication::translate("kiln::studio::ScopeTree", "Nodes %1–%2")
                                      .arg(begin + 1)
                                      .arg(end);
            const QString path = tree.scopes_[size_t(s)].path + QLatin1Char('/') + title;
            const int seg = tree.addScope(title, path, s, true);
            for (size_t k = begin; k < end; ++k) {
                tree.scopeOfNode_[size_t(leaves[k])] = seg;
                tree.scopes_[size_t(seg)].leaves.push_back(leaves[k]);
            }
        }
    }
}

void ScopeTree::finish() {
    // Children before parents is not guaranteed by ids after segmenting, so recurse.
    std::function<void(int)> visit = [&](int id) {
        LayoutScope& s = scopes_[size_t(id)];
        std::sort(s.leaves.begin(), s.leaves.end());
        s.totalNodes = int(s.leaves.size());
        s.firstNode = s.leaves.empty() ? nodeCount() : s.leaves.front();
        for (int c : s.childScopes) {
            visit(c);
            s.totalNodes += scopes_[size_t(c)].totalNodes;
            s.firstNode = std::min(s.firstNode, scopes_[size_t(c)].firstNode);
        }
        std::sort(s.childScopes.begin(), s.childScopes.end(),
                  [this](int a, int b) { return scopes_[size_t(a)].firstNode < scopes_[size_t(b)].firstNode; });
    };
    if (!scopes_.empty()) visit(0);
}

int ScopeTree::depth(int scope) const {
    int d = 0;
    while (scope > 0) {
        scope = scopes_[size_t(scope)].parent;
        ++d;
    }
    return d;
}

std::vector<int> ScopeTree::ancestry(int node) const {
    std::vector<int> chain;
    for (int s = scopeOfNode(node); s >= 0; s = scopes_[size_t(s)].parent) chain.push_back(s);
    std::reverse(chain.begin(), chain.end());
    return chain;
}

int ScopeTree::commonScope(int nodeA, int nodeB) const {
    const std::vector<int> a = ancestry(nodeA);
    const std::vector<int> b = ancestry(nodeB);
    int common = 0;
    for (size_t i = 0; i < a.size() && i < b.size() && a[i] == b[i]; ++i) common = a[i];
    return common;
}

}  // namespace kiln::studio
