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
// HardSwish written as x·clip(x+3, 0, 6)/6 (either order, /6 or ·(1/6)) and HardSigmoid as
// clip(x+3, 0, 6)/6.
// Only structure is checked; the caller runs the legality check over the whole group.
std::optional<ActivationMatch> matchActivationOf(const Value* x);

}  // namespace kiln::passes
