// Dead code: a node none of whose outputs reaches a graph output computes nothing observable.
// Walking the topological order backwards removes whole dead chains in one sweep.
#include <algorithm>

#include "engine_core/passes/passes.h"

namespace kiln::passes {

namespace {

bool isLive(const Value* v) { return v && (v->isGraphOutput || !v->consumers.empty()); }

class DeadCodeElimination final : public GraphPass {
public:
    std::string name() const override { return "DeadCodeElimination"; }
    bool run(Graph& graph, PassContext& ctx) override {
        std::vector<Node*> order = graph.topologicalOrder();
        int removed = 0;
        for (auto it = order.rbegin(); it != order.rend(); ++it) {
            Node* n = *it;
            if (std::any_of(n->outputs.begin(), n->outputs.end(), isLive)) continue;
            graph.removeNode(n);
            ++removed;
        }
        if (removed == 0) return false;
        graph.removeUnusedValues();
        ctx.recordFusion("DeadCodeElimination", removed);
        return true;
    }
};

}  // namespace

std::unique_ptr<GraphPass> makeDeadCodeEliminationPass() { return std::make_unique<DeadCodeElimination>(); }

}  // namespace kiln::passes
