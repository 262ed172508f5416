// The two tiers of graph passes (STYLE.md point 5):
//  - GraphPass: a whole-graph transformation, run(graph, ctx) -> changed.
//  - RewriteRule: a local rewrite anchored at one node: target op types, a cheap match, then apply.
//    RuleBasedPass visits the nodes in topological order and applies its rules to a fixed point.
// PassContext carries what every pass shares: the fusion report and the provenance order.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine_core/ir/graph.h"

namespace kiln::passes {

struct PassTiming {
    std::string pass;
    double ms = 0;
    int runs = 0;     // how many times the manager ran it
    int changed = 0;  // how many of those runs changed the graph
};

// What the optimizer did: which fusions fired and how often, node counts, time per pass.
struct FusionReport {
    int optimizationLevel = 0;
    size_t originalNodeCount = 0;
    size_t optimizedNodeCount = 0;
    int iterations = 0;  // rounds of the pass list until nothing changed
    std::map<std::string, int> fired;  // fusion / rewrite name -> times fired
    std::vector<PassTiming> timings;   // in pass order
    double totalMs = 0;
    // Passes and rules not run because the target backend lacks an op they would create, with why:
    // "FusePointwiseChain" -> "the cuda backend has no kiln::Pointwise kernel".
    std::map<std::string, std::string> skipped;

    int timesFired(const std::string& name) const;
    std::string str() const;  // the human-readable table `kiln build` prints
};

class PassContext {
public:
    PassContext() = default;
    // Records the topological position of every origin name in `graph` as it is now, so merged
    // provenance lists come out in the original graph's order.
    explicit PassContext(const Graph& graph) { rememberOriginalOrder(graph); }

    void rememberOriginalOrder(const Graph& graph);
    // The union of the nodes' origins (a node without origin contributes its name), sorted by
    // original topological position, duplicates removed.
    std::vector<std::string> mergedOrigin(const std::vector<const Node*>& nodes) const;

    void recordFusion(const std::string& name, int times = 1) { report.fired[name] += times; }

    // The target backend's capabilities: whether it has a kernel for an op ("Conv",
    // "kiln::FusedConv"). Empty: every op (the optimizer alone, tests).
    std::function<bool(const std::string& op)> targetImplements;
    std::string targetName;  // for the skip reasons: "cuda"
    // Whether every op of `ops` is implemented; else false and the first missing one in `missing`.
    bool implementsAll(const std::vector<std::string>& ops, std::string* missing = nullptr) const;

    FusionReport report;
    // Constant folding skips nodes whose output would exceed this many bytes: folding a
    // ConstantOfShape into a 1 GiB initializer would bloat the engine instead of speeding it up.
    size_t maxFoldedBytes = size_t(64) << 20;

private:
    std::unordered_map<std::string, size_t> originRank_;
};

class GraphPass {
public:
    virtual ~GraphPass() = default;
    virtual std::string name() const = 0;
    // Returns true when the graph changed.
    virtual bool run(Graph& graph, PassContext& ctx) = 0;
    // Ops the pass may create ("kiln::FusedConv"): it runs only when the target has all of them.
    virtual std::vector<std::string> producedOps() const { return {}; }
};

class RewriteRule {
public:
    virtual ~RewriteRule() = default;
    virtual std::string name() const = 0;
    // Op types (default domain unless written "kiln::Op") the rule is anchored at.
    virtual std::vector<std::string> targetOpTypes() const = 0;
    // A cheap structural test on the anchor node; apply() may still decline (returns false).
    virtual bool match(const Graph& graph, const Node& node) const = 0;
    // Rewrites around `node`; true when the graph changed (the rule then counts as fired once).
    // `node` may be removed by apply.
    virtual bool apply(Graph& graph, Node& node, PassContext& ctx) = 0;
    // Ops the rule may create ("kiln::FusedConv", "LayerNormalization"): a fusion fires only when
    // the backend the layer will run on implements the fused op.
    virtual std::vector<std::string> producedOps() const { return {}; }
};

// Runs rules over the nodes in topological order, repeating until no rule fires
// (or a generous iteration bound, which would indicate two rules undoing each other).
class RuleBasedPass : public GraphPass {
public:
    RuleBasedPass(std::string name, std::vector<std::unique_ptr<RewriteRule>> rules);
    std::string name() const override { return name_; }
    bool run(Graph& graph, PassContext& ctx) override;
    // The names of its rules, in the order they are tried (what a fusion report counts).
    std::vector<std::string> ruleNames() const;

private:
    std::string name_;
    std::vector<std::unique_ptr<RewriteRule>> rules_;
};

}  // namespace kiln::passes
