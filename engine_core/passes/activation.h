// Recognizes an activation applied to a tensor, for the epilogue fusions (Conv/MatMul + act).
#pragma once

#include <optional>
#include <vector>

#include "engine_core/ir/graph.h"
#include "engine_core/passes/fused_ops.h"

namespace kiln::passes {

struct ActivationMatch {
    fused::Activation kind = fused::Activation::None;
    float p0 = 0, p1 = 0;      // LeakyRelu alpha; Clip min/max; HardSigmoid alpha/beta
    std::vector<Node*> nodes;  // the activation's nodes (two for SiLU = x·Sigmoid(x))
    Value* output = nullptr;   // the activation's result
};

// The activation reading `x`: Relu, LeakyRelu, Clip (constant bounds, so ReLU6 too), Sigmoid,
// HardSigmoid, HardSwish, Tanh, Gelu (approximate none/tanh), SiLU written as Mul(x, Sigmoid(x)),
// HardSwish written as x·clip(x+3, 0, 6)/6 (either order, /6 or ·(1/6)) or x·HardSigmoid(x) with
// α = 1/6, β = 1/2, and HardSigmoid as clip(x+3, 0, 6)/6, clip((x+b)/d, 0, 1) or clip(x·α+β, 0, 1)
// (scalar constants; /d also as ·(1/d)). Clip's bounds are its inputs (the importer turns Clip-6's
// attributes into inputs).
// Only structure is checked; the caller runs the legality check over the whole group.
std::optional<ActivationMatch> matchActivationOf(const Value* x);

}  // namespace kiln::passes
