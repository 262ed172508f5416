// Identity(x) = x: the node is removed and its readers read x. When its output is a graph output,
// x's producer produces the output tensor directly, so the model's output names never change.
#include "engine_core/passes/passes.h"
#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

namespace {

class EliminateIdentity final : public RewriteRule {
public:
    std::string name() const override { return "EliminateIdentity"; }
    std::vector<std::string> targetOpTypes() const override { return {"Identity"}; }
    bool match(const Graph&, const Node& n) const override {
        return n.inputs.size() == 1 && n.inputs[0] && n.outputs.size() == 1 && n.outputs[0];
    }
    bool apply(Graph& graph, Node& n, PassContext&) override {
        return bypassNode(graph, &n, n.inputs[0], n.outputs[0]);
    }
};

}  // namespace

std::unique_ptr<RewriteRule> makeEliminateIdentityRule() { return std::make_unique<EliminateIdentity>(); }

}  // namespace kiln::passes
