#include "widgets/rewrite_trace.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "engine_core/builder/graph_clone.h"
#include "engine_core/ir/graph.h"
#include "engine_core/passes/optimizer.h"
#include "engine_core/passes/pass.h"
#include "engine_core/passes/passes.h"

namespace kiln::studio {

namespace {
// A node's ONNX sources (an imported node lists itself).
RewritePlace sourcesOf(const kiln::Node& n) {
    return n.origin.empty() ? RewritePlace{n.name} : n.origin;
}

std::unordered_map<int, RewritePlace> snapshot(const kiln::Graph& graph) {
    std::unordered_map<int, RewritePlace> out;
    for (const kiln::Node* n : graph.nodes()) out.emplace(n->id, sourcesOf(*n));
    return out;
}

// What a pass run changed, against the snapshot before it: the created nodes and the nodes whose
// provenance grew, then the removed nodes none of those covers (folded constants, dead code).
std::vector<RewritePlace> changedPlaces(const kiln::Graph& graph,
                                        const std::unordered_map<int, RewritePlace>& before) {
    std::vector<RewritePlace> made;
    std::set<int> alive;
    for (const kiln::Node* n : graph.nodes()) {
        alive.insert(n->id);
        auto it = before.find(n->id);
        RewritePlace now = sourcesOf(*n);
        if (it == before.end() || it->second != now) made.push_back(std::move(now));
    }
    std::set<std::string> covered;
    for (const RewritePlace& p : made) covered.insert(p.begin(), p.end());
    for (const auto& [id, origin] : before) {
        if (alive.count(id)) continue;
        if (std::none_of(origin.begin(), origin.end(),
                         [&](const std::string& o) { return covered.count(o) > 0; }))
            made.push_back(origin);
    }
    return made;
}

bool overlaps(const RewritePlace& a, const std::set<std::string>& b) {
    return std::any_of(a.begin(), a.end(), [&](const std::string& o) { return b.count(o) > 0; });
}

// The rules of passes.h by report name, to tell apart the rules of one pass that fired in the
// same run. A rule missing here keeps every place of such a run.
std::unique_ptr<kiln::passes::RewriteRule> makeRuleNamed(const std::string& name) {
    using Factory = std::unique_ptr<kiln::passes::RewriteRule> (*)();
    static const Factory factories[] = {
        kiln::passes::makeEliminateIdentityRule,     kiln::passes::makeEliminateDropoutRule,
        kiln::passes::makeFoldBatchNormIntoConvRule, kiln::passes::makeFoldBatchNormIntoGemmRule,
        kiln::passes::makeFuseConvBiasRule,          kiln::passes::makeFuseConvResidualRule,
        kiln::passes::makeFuseConvActivationRule,    kiln::passes::makeFuseMatMulBiasRule,
        kiln::passes::makeFuseMatMulActivationRule,  kiln::passes::makeFusePointwiseChainRule,
        kiln::passes::makeRecognizeGeluErfRule,      kiln::passes::makeRecognizeGeluTanhRule,
        kiln::passes::makeRecognizeLayerNormRule,    kiln::passes::makeRecognizeHardSwishRule,
        kiln::passes::makeRecognizeHardSigmoidRule,  kiln::passes::makeRecognizeMishRule,
        kiln::passes::makeFuseAttentionRule,         kiln::passes::makeAbsorbAttentionLayoutRule,
        kiln::passes::makeFuseHorizontalMatMulRule,  kiln::passes::makeFuseHorizontalConvRule,
    };
    for (Factory make : factories)
        if (auto rule = make(); rule->name() == name) return rule;
    return nullptr;
}

// Where `rule` fires on `graph` (a copy of the graph before the run) once the other rules that
// fired in the run have had their turn (a Relu after a residual Add fuses only once the Add has):
// the sources it touches.
std::set<std::string> whereAlone(const kiln::Graph& graph, std::unique_ptr<kiln::passes::RewriteRule> rule,
                                 const std::vector<std::string>& others) {
    std::unique_ptr<kiln::Graph> copy = kiln::cloneGraph(graph);
    kiln::passes::PassContext ctx(*copy);
    for (const std::string& other : others)
        if (auto r = makeRuleNamed(other); r && r->name() != rule->name())
            if (kiln::passes::makeRulePass(std::move(r))->run(*copy, ctx)) copy->removeUnusedValues();
    const auto before = snapshot(*copy);
    std::set<std::string> touched;
    if (!kiln::passes::makeRulePass(std::move(rule))->run(*copy, ctx)) return touched;
    copy->removeUnusedValues();
    for (const RewritePlace& p : changedPlaces(*copy, before)) touched.insert(p.begin(), p.end());
    return touched;
}
}  // namespace

RewritePlaces traceRewrites(const kiln::Graph& source, int level) {
    std::unique_ptr<kiln::Graph> graph = kiln::cloneGraph(source);
    const auto passes = kiln::passes::passesForLevel(level);
    kiln::passes::PassContext ctx(*graph);
    RewritePlaces places;
    // The same rounds as optimizeGraph (OptimizerOptions' defaults).
    const int maxRounds = kiln::passes::OptimizerOptions{}.maxRounds;
    for (int round = 0; round < maxRounds && !passes.empty(); ++round) {
        bool changed = false;
        for (const auto& pass : passes) {
            const auto before = snapshot(*graph);
            const std::map<std::string, int> firedBefore = ctx.report.fired;
            // A copy as it was, in case two rules of this pass fire in the same run.
            std::unique_ptr<kiln::Graph> was = kiln::cloneGraph(*graph);
            if (!pass->run(*graph, ctx)) continue;
            graph->removeUnusedValues();
            changed = true;
            std::vector<std::string> fired;
            for (const auto& [name, times] : ctx.report.fired) {
                auto it = firedBefore.find(name);
                if (times > (it == firedBefore.end() ? 0 : it->second)) fired.push_back(name);
            }
            const std::vector<RewritePlace> made = changedPlaces(*graph, before);
            for (const std::string& name : fired) {
                std::vector<RewritePlace>& list = places[name];
                std::unique_ptr<kiln::passes::RewriteRule> rule =
                    fired.size() > 1 ? makeRuleNamed(name) : nullptr;
                if (!rule) {
                    list.insert(list.end(), made.begin(), made.end());
                    continue;
                }
                // Several rules fired: each keeps the places where it fires on its own.
                const std::set<std::string> alone = whereAlone(*was, std::move(rule), fired);
                for (const RewritePlace& p : made)
                    if (overlaps(p, alone)) list.push_back(p);
            }
        }
        if (!changed) break;
    }
    return places;
}

}  // namespace kiln::studio
