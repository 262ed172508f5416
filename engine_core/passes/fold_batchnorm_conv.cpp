// Conv(x, W, b) → BatchNormalization(γ, β, μ, σ²) = Conv(x, W·s, (b−μ)·s+β), s = γ/√(σ²+ε)
// per output channel m: W'[m] = W[m]·s[m]. Needs constant weights and BN statistics; the new
// weights are new constants (the old ones may be shared with other nodes).
#include "engine_core/passes/batchnorm_affine.h"
#include "engine_core/passes/legality.h"
#include "engine_core/passes/passes.h"
#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

namespace {

class FoldBatchNormIntoConv final : public RewriteRule {
public:
    std::string name() const override { return "FoldBatchNormIntoConv"; }
    std::vector<std::string> producedOps() const override { return {"Conv"}; }
    std::vector<std::string> targetOpTypes() const override { return {"BatchNormalization"}; }
    bool match(const Graph&, const Node& bn) const override {
        Value* x = bn.inputOrNull(0);
        return x && isOp(x->producer, "Conv") && constantOf(x->producer->inputOrNull(1));
    }
    bool apply(Graph& graph, Node& bn, PassContext& ctx) override {
        Node* conv = bn.inputs[0]->producer;
        if (!canFuse(*conv, bn)) return false;
        const Tensor& w = *constantOf(conv->inputs[1]);
        if (w.dtype() != DataType::Float32 || w.rank() < 3) return false;
        int64_t channels = w.dim(0);
        auto affine = batchNormAffine(bn, channels);
        if (!affine) return false;
        const Tensor* b = constantOf(conv->inputOrNull(2));
        if (conv->inputOrNull(2) && (!b || b->dtype() != DataType::Float32 || b->numel() != channels)) return false;

        Tensor w2 = w.clone();
        int64_t perChannel = w.numel() / channels;
        float* wd = w2.data<float>();
        for (int64_t m = 0; m < channels; ++m)
            for (int64_t i = 0; i < perChannel; ++i) wd[m * perChannel + i] *= affine->scale[size_t(m)];
        Tensor b2(DataType::Float32, {channels});
        for (int64_t m = 0; m < channels; ++m)
            b2.data<float>()[m] = (b ? b->data<float>()[m] : 0.f) * affine->scale[size_t(m)] + affine->shift[size_t(m)];

        Value* wv = addConstantValue(graph, conv->inputs[1]->name + "_bn", std::move(w2));
        Value* bv = addConstantValue(graph, (b ? conv->inputs[2]->name : conv->label() + "_bias") + "_bn", std::move(b2));
        std::map<std::string, Attribute> attrs = conv->attributes;
        replaceNodes(graph, ctx, {conv, &bn}, "Conv", "", {conv->inputs[0], wv, bv}, {bn.outputs[0]}, attrs);
        return true;
    }
};

}  // namespace

std::unique_ptr<RewriteRule> makeFoldBatchNormIntoConvRule() { return std::make_unique<FoldBatchNormIntoConv>(); }

}  // namespace kiln::passes
