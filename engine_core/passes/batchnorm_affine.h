// BatchNormalization at inference is a per-channel affine map; the BN folding rules share this.
#pragma once

#include <optional>
#include <vector>

#include "engine_core/ir/graph.h"

namespace kiln::passes {

struct BatchNormAffine {
    std::vector<float> scale, shift;  // y = x·scale + shift, scale = γ/√(σ²+ε), shift = β − μ·scale
};

// The affine form of `bn` (BatchNormalization(X, scale, B, mean, var)) for `channels` channels, or
// nullopt when a parameter is not a floating constant of that length or the node is in training mode.
std::optional<BatchNormAffine> batchNormAffine(const Node& bn, int64_t channels);

}  // namespace kiln::passes
