// ScopeTree: nodes grouped into blocks by the name scopes exporters write
// ("/encoder/layer.3/attention/MatMul" lies in encoder → layer.3 → attention). Scopes too small to
// be worth a block dissolve into their parent, chains of single-child scopes merge
// ("encoder/layer.3"), and a scope with too many direct nodes (a graph exported without scopes)
// is cut into segments of its topological order. Plain data: built on the GUI thread, read by the
// layout worker.
//
// Graphs without useful name scopes ("node_123", empty names) can be grouped by repeated
// structure instead (repeated_structure.h): each repetition of a block that recurs along the
// topological order (a transformer layer) becomes a block. ScopeGrouping picks the source;
// Automatic uses name scopes when they give at least two blocks, else repeated structure.
#pragma once

#include <QString>
#include <QStringList>
#include <cstdint>
#include <utility>
#include <vector>

#include "widgets/repeated_structure.h"

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
    // Repeated-structure blocks: which run of repetitions (0, 1, ...), and this block's index in it.
    int repeatRun = -1;
    int repeatIndex = -1;
    int repeatCount = 0;  // blocks in the run
};

enum class ScopeGrouping {
    Automatic,          // name scopes when they give at least two blocks, else repeated structure
                        // (when it covers half of a graph of autoRepeatMinNodes or more)
    NameScopes,
    RepeatedStructure,
    None,               // no blocks (a crowded graph is still cut into segments, for the layout's sake)
};

struct ScopeOptions {
    int minBlockNodes = 3;       // smaller scopes dissolve into their parent
    int segmentThreshold = 150;  // more direct nodes than this are cut into segments...
    int segmentSize = 100;       // ...of this many nodes
    ScopeGrouping grouping = ScopeGrouping::Automatic;
    RepeatOptions repeat;
    // Automatic picks repeated structure only for graphs of at least this many nodes, and only when
    // its blocks hold at least half of them (a small CNN is clearer without frames).
    int autoRepeatMinNodes = 50;
};

class ScopeTree {
public:
    // scopeOf[n] is the list of scope components of node n (empty: root).
    static ScopeTree build(const std::vector<QStringList>& scopeOf, const ScopeOptions& options = {});
    // Groups as options.grouping says (name scopes, repeated structure, none).
    static ScopeTree build(const GraphModel& model, const ScopeOptions& options = {});
    // Blocks from repeated structure: kinds[n] identifies node n's op (a hash), edges are (from, to)
    // in topological node order.
    static ScopeTree buildRepeated(const std::vector<uint64_t>& kinds, const std::vector<std::pair<int, int>>& edges,
                                   const ScopeOptions& options = {});

    // The grouping the tree was built with (never Automatic: the one it chose).
    ScopeGrouping grouping() const { return grouping_; }
    // Blocks that are not segments (name scopes or repeated blocks).
    int blockCount() const;

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
    void segmentCrowded(const ScopeOptions& options);
    void finish();

    std::vector<LayoutScope> scopes_;  // 0 is the root
    std::vector<int> scopeOfNode_;
    ScopeGrouping grouping_ = ScopeGrouping::NameScopes;
};

}  // namespace kiln::studio
