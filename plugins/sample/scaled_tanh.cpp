// Sample Kiln plugin: kiln.sample::ScaledTanh, y = alpha · tanh(beta · x), elementwise.
// Attributes (the plugin's serialized fields): alpha (float, default 1), beta (float, default 1).
// It shows the whole plugin contract: identity (op type, domain, version), supported types,
// shape/dtype inference, the CPU implementation and the two exported entry points.
#include <cmath>

#include "engine_core/builder/plugin.h"

namespace {

class ScaledTanhPlugin final : public kiln::Plugin {
public:
    std::string opType() const override { return "ScaledTanh"; }
    std::string domain() const override { return "kiln.sample"; }
    std::string version() const override { return "1"; }
    std::vector<kiln::DataType> supportedTypes() const override { return {kiln::DataType::Float32}; }
    std::vector<kiln::PluginField> fields() const override {
        return {{"alpha", kiln::AttributeType::Float, false}, {"beta", kiln::AttributeType::Float, false}};
    }

    std::vector<kiln::TensorDesc> inferOutputs(const kiln::Node& node,
                                               const std::vector<kiln::TensorDesc>& inputs) const override {
        KILN_CHECK(inputs.size() == 1 && node.outputs.size() == 1, InvalidModel,
                   "ScaledTanh takes one input and gives one output, got ", inputs.size(), " and ",
                   node.outputs.size());
        return {inputs[0]};  // same type and shape as x
    }

    void runCpu(kiln::KernelContext& ctx) const override {
        const kiln::Tensor& x = ctx.input(0);
        if (x.dtype() != kiln::DataType::Float32)
            ctx.fail(kiln::ErrorKind::Unsupported, "ScaledTanh takes fp32, got ", x.describe());
        const float alpha = ctx.node().attrFloat("alpha", 1.f);
        const float beta = ctx.node().attrFloat("beta", 1.f);
        kiln::Tensor& y = ctx.allocateOutput(0, kiln::DataType::Float32, x.dims());
        const float* in = x.data<float>();
        float* out = y.data<float>();
        for (int64_t i = 0; i < x.numel(); ++i) out[i] = alpha * std::tanh(beta * in[i]);
    }
};

}  // namespace

KILN_PLUGIN_EXPORT int kiln_plugin_abi_version() { return kiln::kPluginAbiVersion; }

KILN_PLUGIN_EXPORT void kiln_register_plugins(kiln::PluginRegistry* registry) {
    registry->add(std::make_shared<ScaledTanhPlugin>());
}
