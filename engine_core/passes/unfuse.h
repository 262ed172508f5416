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
//   kiln::Int8Conv / Int8MatMul(x, xs, xz, w, ws, wz, ys, yz, B?)
//                                        → DequantizeLinear(x, xs, xz) → Conv / MatMul on the fp32
//                                          constants (w − wz)·ws [+ B·xs·ws: Conv's bias, an Add]
//                                          [→ Relu | Clip from `clamp`] → QuantizeLinear(ys, yz)
//
// Activations: Relu, LeakyRelu, Clip (constant min/max inputs), Sigmoid, HardSigmoid, HardSwish,
// Tanh, SiLU (Sigmoid + Mul), Gelu and GeluTanh (Gelu, approximate "tanh"; the CPU registers Gelu).
#pragma once

#include <vector>

#include "engine_core/ir/graph.h"

namespace kiln::passes {

// Whether the node's plain form reads its non-float inputs only through DequantizeLinear (the int8
// layers: 8-bit data and zero points, an int32 bias made an fp32 constant). The other fused ops'
// plain forms hold fp32 constants of their own (Clip bounds, a scale), so they can only be timed
// on fp32 inputs.
bool readsQuantizedInputs(const Node& fused);

// Whether unfuse() can write this node out: one of the fused ops above with attributes it knows.
bool canUnfuse(const Node& fused);

// Replaces `fused` in place by its plain nodes, which read the same input Values and write the same
// output Value; the intermediate Values and the nodes are named "<fused name>/<op>", and each node's
// origin is the fused node's origin. Returns the new nodes in execution order, or {} with the graph
// unchanged when the node can't be written out exactly (canUnfuse is false).
std::vector<Node*> unfuse(Graph& g, Node* fused);

}  // namespace kiln::passes
