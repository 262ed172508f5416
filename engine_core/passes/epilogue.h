// Shared plumbing of the epilogue fusions (Conv/MatMul followed by bias, residual Add, activation):
// turning a plain Conv / MatMul / Gemm into its kiln:: fused form and reading the fused form back.
#pragma once

#include "engine_core/ir/graph.h"
#include "engine_core/passes/fused_ops.h"
#include "engine_core/passes/rewrite.h"

namespace kiln::passes {

// The fused op's activation (None for a plain Conv / MatMul / Gemm).
fused::Activation epilogueActivation(const Node& n);

// MatMul, Gemm or kiln::FusedMatMul: the products whose epilogue takes a bias, a residual and an
// activation.
inline bool isMatMulLike(const Node* n) {
    return isOp(n, "MatMul") || isOp(n, "Gemm") || isOp(n, "FusedMatMul", kKilnDomain);
}

// Attributes for the kiln:: form of `n` (Conv → FusedConv keeps Conv's attributes; Gemm → FusedMatMul
// keeps transA/transB/alpha), with the activation defaulted to None.
std::map<std::string, Attribute> fusedAttributes(const Node& n);

// Inputs of `n` padded to the fused op's four slots (X/A, W/B, bias, Z), omitted ones nullptr.
std::vector<Value*> fusedInputs(const Node& n);

// For MatMul / Gemm / FusedMatMul: whether the node's bias can become FusedMatMul's unscaled bias
// (Gemm's C with beta ≠ 1 must be a constant, so beta can be folded into it).
bool matmulBiasUsable(const Node& n);
// fusedInputs() for a MatMul-like node, with Gemm's beta folded into a new constant C when needed.
// Only call after matmulBiasUsable(n).
std::vector<Value*> fusedMatMulInputs(Graph& graph, const Node& n);

}  // namespace kiln::passes
