#include "engine_core/passes/epilogue.h"

#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

fused::Activation epilogueActivation(const Node& n) {
    if (n.domain != kKilnDomain) return fused::Activation::None;
    return fused::parseActivation(n.attrString("activation", "None")).value_or(fused::Activation::None);
}

std::map<std::string, Attribute> fusedAttributes(const Node& n) {
    std::map<std::string, Attribute> attrs = n.attributes;
    if (n.domain.empty() && n.opType == "Gemm") {
        attrs.erase("beta");  // the bias is added unscaled; Gemm's beta was folded into it by the caller
        attrs["transA"] = n.attrInt("transA", 0);
        attrs["transB"] = n.attrInt("transB", 0);
        attrs["alpha"] = n.attrFloat("alpha", 1.f);
    }
    if (!attrs.count("activation")) attrs["activation"] = std::string("None");
    return attrs;
}

std::vector<Value*> fusedInputs(const Node& n) {
    std::vector<Value*> in = n.inputs;
    in.resize(4, nullptr);
    return in;
}

bool matmulBiasUsable(const Node& n) {
    if (!isOp(&n, "Gemm") || !n.inputOrNull(2)) return true;
    return n.attrFloat("beta", 1.f) == 1.f || constantOf(n.inputs[2]);
}

std::vector<Value*> fusedMatMulInputs(Graph& graph, const Node& n) {
    std::vector<Value*> in = fusedInputs(n);
    float beta = n.attrFloat("beta", 1.f);
    if (isOp(&n, "Gemm") && in[2] && beta != 1.f) {
        std::vector<float> c = constantOf(in[2])->toFloatVector();
        for (float& v : c) v *= beta;
        in[2] = addConstantValue(graph, in[2]->name + "_scaled", Tensor::fromVector<float>(constantOf(in[2])->dims(), c));
    }
    return in;
}

}  // namespace kiln::passes
