// The tail both GELU forms share: y = x · 0.5 · (1 + t), where t = erf(x/√2) or tanh(…).
// Exporters associate the three factors differently; all three orders are matched here.
#pragma once

#include <optional>
#include <vector>

#include "engine_core/ir/graph.h"
#include "engine_core/passes/legality.h"
#include "engine_core/passes/pass.h"

namespace kiln::passes {

struct GeluTail {
    std::vector<Node*> nodes;  // the Add(t, 1) node and the multiplications
    Value* output = nullptr;
};

// `t` is erf(…) or tanh(…) of x; matches Add(t, 1) followed by the multiplications by x and 0.5.
std::optional<GeluTail> matchGeluTail(Value* x, Value* t);

// Replaces `nodes` (any order) by Gelu(x){approximate} producing `output`, after checking every
// intermediate with the legality helper. Returns false (graph untouched) when that check fails.
bool replaceWithGelu(Graph& graph, PassContext& ctx, std::vector<Node*> nodes, Value* x, Value* output,
                     const char* approximate);

}  // namespace kiln::passes
