// The inverse of the fusions: a fused Kiln op written back out as the plain ONNX nodes it stands
// for, so the builder can time a fused layer against its unfused form and keep the faster
// ("never slower than unfused", docs/passes.md).
//
//   kiln::FusedConv(X, W, B?, Z?)        → Conv(X, W, B) [→ Add Z] [→ activation]
//   kiln::FusedMatMul(A, B, bias?, Z?)   → MatMul(A, B) [→ Add bias], or with transA/transB/alpha
//                                          Gemm(A, B, bias) (beta 1) [→ Add Z] [→ activation]
//   kiln::Pointwise(X, operands...)      → one node per step (R* steps swap the operands)
//   kiln::Attention(Q, Kt, V, mask?)     → MatMul(Q, Kt) [→ Mul scale] [→ Add mask] → Softmax(-1)
//                                          [→ Where(IsNaN(p), 0, p)] → MatMul(·, V)
//
// Activations: Relu, LeakyRelu, Clip (constant min/max inputs), Sigmoid, HardSigmoid, HardSwish,
// Tanh, SiLU (Sigmoid + Mul), Gelu and GeluTanh (Gelu, approximate "tanh"; the CPU registers Gelu).
#pragma once

#include <vector>

#include "engine_core/ir/graph.h"

namespace kiln::passes {

// Whether unfuse() can write this node out: one of the four fused ops with attributes it knows.
bool canUnfuse(const Node& fused);

// Replaces `fused` in place by its plain nodes, which read the same input Values and write the same
// output Value; the intermediate Values and the nodes are named "<fused name>/<op>", and each node's
// origin is the fused node's origin. Returns the new nodes in execution order, or {} with the graph
// unchanged when the node can't be written out exactly (canUnfuse is false).
std::vector<Node*> unfuse(Graph& g, Node* fused);

}  // namespace kiln::passes
