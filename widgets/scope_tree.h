// ScopeTree: nodes grouped into blocks by the name scopes exporters write
// ("/encoder/layer.3/attention/MatMul" lies in encoder → layer.3 → attention). Scopes too small to
// be worth a block dissolve into their parent, chains of single-child scopes merge
// ("encoder/layer.3"), and a scope with too many direct nodes (a graph exported without scopes)
// is cut into segments of its topological order. Plain data: built on the GUI thread, read by the
// layout worker.
#pragma once

#include <QString>
#include <QStringList>
#include <vector>

namespace kiln::studio {

class GraphModel;

struct LayoutScope {
    QString title;  // "layer.3", "encoder/layer.3" after a chain merge, "Nodes 101–180" for segments
    QString path;   // full scope path, for tooltips
    int parent = -1;
    std::vector<int> childScopes;  // ordered by their first node (topological)
    std::vector<int> leaves;       // model node ids directly in this scope, ascending
    int totalNodes = 0;            // model nodes in the subtree
    int firstNode = 0;             // smallest node id in the subtree
    bool synthetic = false;        // a segment, not an exporter scope
};

struct ScopeOptions {
    int minBlockNodes = 3;       // smaller scopes dissolve into their parent
    int segmentThreshold = 150;  // more direct nodes than this are cut into segments...
    int segmentSize = 100;       // ...of this many nodes
};

class ScopeTree {
public:
    // scopeOf[n] is the list of scope components of node n (empty: root).
    static ScopeTree build(const std::vector<QStringList>& scopeOf, const ScopeOptions& options = {});
    static ScopeTree build(const GraphModel& model, const ScopeOptions& options = {});

    const std::vector<LayoutScope>& scopes() const { return scopes_; }
    const LayoutScope& scope(int id) const { return scopes_.at(size_t(id)); }
    int scopeCount() const { return int(scopes_.size()); }
    int nodeCount() const { return int(scopeOfNode_.size()); }
    int scopeOfNode(int node) const { return scopeOfNode_.at(size_t(node)); }
    int depth(int scope) const;
    // Scopes from the root down to (and including) the node's own scope.
    std::vector<int> ancestry(int node) const;
    // Lowest scope containing both nodes.
    int commonScope(int nodeA, int nodeB) const;

private:
    int addScope(const QString& title, const QString& path, int parent, bool synthetic);
    void finish();

    std::vector<LayoutScope> scopes_;  // 0 is the root
    std::vector<int> scopeOfNode_;
};

}  // namespace kiln::studio
