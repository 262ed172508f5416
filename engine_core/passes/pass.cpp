#include "engine_core/passes/pass.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <sstream>

namespace kiln::passes {

int FusionReport::timesFired(const std::string& fusion) const {
    auto it = fired.find(fusion);
    return it == fired.end() ? 0 : it->second;
}

std::string FusionReport::str() const {
    std::ostringstream os;
    char line[160];
    os << "optimization level " << optimizationLevel << ": " << originalNodeCount << " -> " << optimizedNodeCount
       << " nodes in " << iterations << " round(s)\n";
    if (fired.empty()) {
        os << "  no fusion or rewrite fired\n";
    } else {
        os << "  fusion / rewrite                      fired\n";
        for (const auto& [fusion, times] : fired) {
            std::snprintf(line, sizeof line, "  %-36s %6d\n", fusion.c_str(), times);
            os << line;
        }
    }
    for (const auto& [name, why] : skipped) os << "  not run: " << name << " (" << why << ")\n";
    os << "  pass                                  runs changed       ms\n";
    for (const PassTiming& t : timings) {
        std::snprintf(line, sizeof line, "  %-36s %5d %7d %8.2f\n", t.pass.c_str(), t.runs, t.changed, t.ms);
        os << line;
    }
    std::snprintf(line, sizeof line, "  total %.2f ms\n", totalMs);
    os << line;
    return os.str();
}

void PassContext::rememberOriginalOrder(const Graph& graph) {
    originRank_.clear();
    size_t rank = 0;
    for (const Node* n : graph.topologicalOrder()) {
        if (n->origin.empty()) {
            originRank_.emplace(n->label(), rank++);
        } else {
            for (const std::string& o : n->origin) originRank_.emplace(o, rank++);
        }
    }
}

std::vector<std::string> PassContext::mergedOrigin(const std::vector<const Node*>& nodes) const {
    std::vector<std::string> merged;
    std::set<std::string> seen;
    for (const Node* n : nodes) {
        std::vector<std::string> own = n->origin.empty() ? std::vector<std::string>{n->label()} : n->origin;
        for (const std::string& o : own)
            if (seen.insert(o).second) merged.push_back(o);
    }
    // Names unknown to the original graph (nodes created after it) keep their relative order, last.
    auto rank = [&](const std::string& o) {
        auto it = originRank_.find(o);
        return it == originRank_.end() ? originRank_.size() : it->second;
    };
    std::stable_sort(merged.begin(), merged.end(),
                     [&](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
    return merged;
}

RuleBasedPass::RuleBasedPass(std::string name, std::vector<std::unique_ptr<RewriteRule>> rules)
    : name_(std::move(name)), rules_(std::move(rules)) {}

std::vector<std::string> RuleBasedPass::ruleNames() const {
    std::vector<std::string> names;
    for (const auto& rule : rules_) names.push_back(rule->name());
    return names;
}

namespace {
bool targets(const RewriteRule& rule, const Node& node) {
    for (const std::string& t : rule.targetOpTypes()) {
        auto sep = t.find("::");
        if (sep == std::string::npos) {
            if (node.domain.empty() && node.opType == t) return true;
        } else if (node.domain == t.substr(0, sep) && node.opType == t.substr(sep + 2)) {
            return true;
        }
    }
    return false;
}
}  // namespace

bool PassContext::implementsAll(const std::vector<std::string>& ops, std::string* missing) const {
    if (!targetImplements) return true;
    for (const std::string& op : ops) {
        if (targetImplements(op)) continue;
        if (missing) *missing = op;
        return false;
    }
    return true;
}

bool RuleBasedPass::run(Graph& graph, PassContext& ctx) {
    bool changedAny = false;
    // Rules whose fused op the target can't run stay off (the unfused ops then run on it).
    std::vector<RewriteRule*> rules;
    for (auto& rule : rules_) {
        std::string missing;
        if (ctx.implementsAll(rule->producedOps(), &missing))
            rules.push_back(rule.get());
        else
            ctx.report.skipped[rule->name()] = concat("the ", ctx.targetName, " backend has no ", missing, " kernel");
    }
    // Each sweep walks a snapshot of the topological order; nodes removed by an earlier rewrite in
    // the same sweep are skipped through their ids.
    for (int sweep = 0; sweep < 64; ++sweep) {
        bool changed = false;
        std::vector<Node*> order = graph.topologicalOrder();
        std::vector<int> ids;
        for (Node* n : order) ids.push_back(n->id);
        for (size_t i = 0; i < order.size(); ++i) {
            // A rewrite frees the nodes it replaces: test liveness by id (never reused, O(1)) before
            // touching the pointer.
            if (!graph.hasNode(ids[i])) continue;
            Node* n = order[i];
            for (RewriteRule* rule : rules) {
                if (!targets(*rule, *n) || !rule->match(graph, *n)) continue;
                if (rule->apply(graph, *n, ctx)) {
                    ctx.recordFusion(rule->name());
                    changed = true;
                    break;
                }
            }
        }
        if (!changed) break;
        graph.removeUnusedValues();
        changedAny = true;
    }
    return changedAny;
}

}  // namespace kiln::passes
