#include "engine_core/passes/batchnorm_affine.h"

#include <cmath>

#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

std::optional<BatchNormAffine> batchNormAffine(const Node& bn, int64_t channels) {
    const Tensor* gamma = constantOf(bn.inputOrNull(1));
    const Tensor* beta = constantOf(bn.inputOrNull(2));
    const Tensor* mean = constantOf(bn.inputOrNull(3));
    const Tensor* var = constantOf(bn.inputOrNull(4));
    if (!gamma || !beta || !mean || !var) return std::nullopt;
    for (const Tensor* t : {gamma, beta, mean, var})
        if (!isFloatingPoint(t->dtype()) || t->numel() != channels) return std::nullopt;
    if (bn.attrInt("training_mode", 0) != 0) return std::nullopt;
    for (size_t i = 1; i < bn.outputs.size(); ++i)
        if (bn.outputs[i]) return std::nullopt;  // running mean/var outputs are training-only
    // Computed in double: the folded weights should not carry more rounding than the unfolded BN.
    double eps = bn.attrFloat("epsilon", 1e-5f);
    auto g = gamma->toFloatVector(), b = beta->toFloatVector(), m = mean->toFloatVector(), v = var->toFloatVector();
    BatchNormAffine a;
    for (int64_t c = 0; c < channels; ++c) {
        double s = double(g[c]) / std::sqrt(double(v[c]) + eps);
        a.scale.push_back(float(s));
        a.shift.push_back(float(double(b[c]) - double(m[c]) * s));
    }
    return a;
}

}  // namespace kiln::passes
