// Dropout(x, ratio, training_mode=false) = x at inference. Removed only when training_mode is
// absent or a constant false and the mask output is unused (a used mask would need a ones tensor).
#include "engine_core/passes/passes.h"
#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

namespace {

class EliminateDropout final : public RewriteRule {
public:
    std::string name() const override { return "EliminateDropout"; }
    std::vector<std::string> targetOpTypes() const override { return {"Dropout"}; }
    bool match(const Graph&, const Node& n) const override {
        if (!n.inputOrNull(0) || n.outputs.empty() || !n.outputs[0]) return false;
        if (Value* training = n.inputOrNull(2)) {
            auto mode = scalarConstant(training);
            if (!mode || *mode != 0) return false;
        }
        if (n.outputs.size() > 1 && n.outputs[1])
            if (n.outputs[1]->isGraphOutput || !n.outputs[1]->consumers.empty()) return false;
        return true;
    }
    bool apply(Graph& graph, Node& n, PassContext&) override {
        return bypassNode(graph, &n, n.inputs[0], n.outputs[0]);
    }
};

}  // namespace

std::unique_ptr<RewriteRule> makeEliminateDropoutRule() { return std::make_unique<EliminateDropout>(); }

}  // namespace kiln::passes
