// Gemm(A, B, C) → BatchNormalization(γ, β, μ, σ²) over the N output columns
//   = Gemm(A, B·diag(s), (β_g·C − μ)·s + β), s = γ/√(σ²+ε), with Gemm's beta set to 1.
// B must be constant; C absent or a constant broadcast along rows ([N], [1,N] or a scalar).
#include "engine_core/passes/batchnorm_affine.h"
#include "engine_core/passes/legality.h"
#include "engine_core/passes/passes.h"
#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

namespace {

class FoldBatchNormIntoGemm final : public RewriteRule {
public:
    std::string name() const override { return "FoldBatchNormIntoGemm"; }
    std::vector<std::string> producedOps() const override { return {"Gemm"}; }
    std::vector<std::string> targetOpTypes() const override { return {"BatchNormalization"}; }
    bool match(const Graph&, const Node& bn) const override {
        Value* x = bn.inputOrNull(0);
        return x && isOp(x->producer, "Gemm") && constantOf(x->producer->inputOrNull(1));
    }
    bool apply(Graph& graph, Node& bn, PassContext& ctx) override {
        Node* gemm = bn.inputs[0]->producer;
        if (!canFuse(*gemm, bn)) return false;
        const Tensor& w = *constantOf(gemm->inputs[1]);
        if (w.dtype() != DataType::Float32 || w.rank() != 2) return false;
        bool transB = gemm->attrInt("transB", 0) != 0;
        int64_t n = transB ? w.dim(0) : w.dim(1);
        auto affine = batchNormAffine(bn, n);
        if (!affine) return false;
        std::vector<float> c(size_t(n), 0.f);
        if (Value* cv = gemm->inputOrNull(2)) {
            const Tensor* ct = constantOf(cv);
            if (!ct || !isFloatingPoint(ct->dtype())) return false;
            bool rowBroadcast = ct->numel() == 1 || (ct->numel() == n && (ct->rank() == 1 || (ct->rank() == 2 && ct->dim(0) == 1)));
            if (!rowBroadcast) return false;
            auto values = ct->toFloatVector();
            float betaGemm = gemm->attrFloat("beta", 1.f);
            for (int64_t j = 0; j < n; ++j) c[size_t(j)] = betaGemm * values[ct->numel() == 1 ? 0 : size_t(j)];
        }
        Tensor w2 = w.clone();
        float* wd = w2.data<float>();
        for (int64_t r = 0; r < w.dim(0); ++r)
            for (int64_t col = 0; col < w.dim(1); ++col) {
                int64_t j = transB ? r : col;  // output column this weight feeds
                wd[r * w.dim(1) + col] *= affine->scale[size_t(j)];
            }
        std::vector<float> bias(static_cast<size_t>(n), 0.f);
        for (int64_t j = 0; j < n; ++j) bias[size_t(j)] = c[size_t(j)] * affine->scale[size_t(j)] + affine->shift[size_t(j)];

        Value* wv = addConstantValue(graph, gemm->inputs[1]->name + "_bn", std::move(w2));
        Value* cv = addConstantValue(graph, gemm->label() + "_bias_bn", Tensor::fromVector<float>({n}, bias));
        std::map<std::string, Attribute> attrs = gemm->attributes;
        attrs["beta"] = 1.0f;
        replaceNodes(graph, ctx, {gemm, &bn}, "Gemm", "", {gemm->inputs[0], wv, cv}, {bn.outputs[0]}, attrs);
        return true;
    }
};

}  // namespace

std::unique_ptr<RewriteRule> makeFoldBatchNormIntoGemmRule() { return std::make_unique<FoldBatchNormIntoGemm>(); }

}  // namespace kiln::passes
