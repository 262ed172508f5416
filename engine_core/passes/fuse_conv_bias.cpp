// Conv(x, W, b) → Add(·, c) = Conv(x, W, b + c), where c is a constant that is a scalar or varies
// only along the output-channel axis ([M,1,1], [1,M,1,1] for 2-D convs). Keeps a standard Conv.
#include "engine_core/passes/legality.h"
#include "engine_core/passes/passes.h"
#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

namespace {

// c as M per-channel values, when it broadcasts against a rank-`rank` NCHW tensor per channel.
std::optional<std::vector<float>> perChannel(const Tensor& c, int64_t channels, size_t rank) {
    if (!isFloatingPoint(c.dtype()) || c.rank() > rank) return std::nullopt;
    std::vector<float> values = c.toFloatVector();
    if (c.numel() == 1) return std::vector<float>(size_t(channels), values[0]);
    // Right-aligned against [N, M, spatial...]: every dim is 1 except the channel axis, which is M.
    size_t offset = rank - c.rank();
    for (size_t i = 0; i < c.rank(); ++i) {
        size_t axis = i + offset;
        int64_t d = c.dims()[i];
        if (axis == 1 ? d != channels : d != 1) return std::nullopt;
    }
    return values;
}

class FuseConvBias final : public RewriteRule {
public:
    std::string name() const override { return "FuseConvBias"; }
    std::vector<std::string> producedOps() const override { return {"Conv"}; }
    std::vector<std::string> targetOpTypes() const override { return {"Add"}; }
    bool match(const Graph&, const Node& add) const override {
        for (Value* in : add.inputs)
            if (in && isOp(in->producer, "Conv") && constantOf(otherInput(add, in))) return true;
        return false;
    }
    bool apply(Graph& graph, Node& add, PassContext& ctx) override {
        for (Value* y : add.inputs) {
            if (!y || !isOp(y->producer, "Conv")) continue;
            Node* conv = y->producer;
            const Tensor* c = constantOf(otherInput(add, y));
            const Tensor* w = constantOf(conv->inputOrNull(1));
            if (!c || !w || w->rank() < 3 || !canFuse(*conv, add)) continue;
            if (y->dtype != DataType::Float32 || (add.outputs[0]->shape.rankKnown && !(add.outputs[0]->shape == y->shape)))
                continue;
            int64_t channels = w->dim(0);
            auto extra = perChannel(*c, channels, w->rank());
            if (!extra) continue;
            const Tensor* b = constantOf(conv->inputOrNull(2));
            if (conv->inputOrNull(2) && (!b || b->numel() != channels)) continue;
            std::vector<float> bias = b ? b->toFloatVector() : std::vector<float>(size_t(channels), 0.f);
            for (int64_t m = 0; m < channels; ++m) bias[size_t(m)] += (*extra)[size_t(m)];
            Value* bv = addConstantValue(graph, conv->label() + "_bias", Tensor::fromVector<float>({channels}, bias));
            std::map<std::string, Attribute> attrs = conv->attributes;
            replaceNodes(graph, ctx, {conv, &add}, "Conv", "", {conv->inputs[0], conv->inputs[1], bv},
                         {add.outputs[0]}, attrs);
            return true;
        }
        return false;
    }
};

}  // namespace

std::unique_ptr<RewriteRule> makeFuseConvBiasRule() { return std::make_unique<FuseConvBias>(); }

}  // namespace kiln::passes
