// Small graph-surgery helpers shared by the passes: reading constants, following single consumers,
// and replacing a group of nodes by one new node with merged provenance.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine_core/ir/graph.h"
#include "engine_core/passes/pass.h"

namespace kiln::passes {

// "kiln": the domain of Kiln's own fused ops (FusedConv, FusedMatMul, Pointwise, Attention).
inline constexpr const char* kKilnDomain = "kiln";

inline bool isOp(const Node* n, const char* opType, const char* domain = "") {
    return n && n->opType == opType && n->domain == domain;
}

// The constant tensor behind v, or nullptr (v null, a runtime tensor, or a graph input that
// may be overridden at run time).
const Tensor* constantOf(const Value* v);
// The value of a one-element floating/integer constant.
std::optional<double> scalarConstant(const Value* v);
bool isScalarConstant(const Value* v, double expected, double tolerance = 1e-6);

// The one node reading v, when exactly one node reads it exactly once; else nullptr.
Node* soleConsumer(const Value* v);
// For a two-input node, the input that is not `one` (nullptr if both are `one`).
Value* otherInput(const Node& node, const Value* one);
// Index of `v` in node's inputs, or -1.
int inputIndex(const Node& node, const Value* v);

// True when broadcasting `operand` against `target` yields `target` itself (numpy rules),
// judged on static dims and equal symbols; unknown ranks are never accepted.
bool broadcastsInto(const Shape& operand, const Shape& target);

// A new runtime value named after `base`, with the given type and shape.
Value* addIntermediate(Graph& graph, const std::string& base, DataType dtype, Shape shape);

// The last step of moving a node above another (an activation or residual above a Reshape, a
// Gather above a DequantizeLinear): `first` now writes `mid` (a new intermediate), `second` reads
// it as input `input` and writes `out` (the value the pair wrote before, so its name and readers
// stay), and `before`, the value that lay between them, is left without a producer (dead code).
void rewireMovedPair(Graph& graph, Node& first, Value* mid, Node& second, size_t input, Value* out, Value* before);
// A new constant named after `base` (made unique).
Value* addConstantValue(Graph& graph, const std::string& base, Tensor tensor);

// Display name of a node made from `nodes`: "a + b + c", like TensorRT's fused layer names,
// shortened to "a + ... + z (N nodes)" for long groups.
std::string fusedNodeName(const std::vector<const Node*>& nodes);

// Removes `replaced` and adds one node computing `outputs` from `inputs`. The output values are
// reused, so the tensor names of the original graph survive (per-layer comparisons rely on it).
// The new node's origin is the merged origin of the replaced nodes.
Node* replaceNodes(Graph& graph, PassContext& ctx, const std::vector<Node*>& replaced, const std::string& opType,
                   const std::string& domain, const std::vector<Value*>& inputs, const std::vector<Value*>& outputs,
                   std::map<std::string, Attribute> attributes);

// Same, but keeps an explicit name for the new node.
Node* replaceNodesNamed(Graph& graph, PassContext& ctx, const std::vector<Node*>& replaced, const std::string& name,
                        const std::string& opType, const std::string& domain, const std::vector<Value*>& inputs,
                        const std::vector<Value*>& outputs, std::map<std::string, Attribute> attributes);

// Removes a node that forwards `in` unchanged as `out` (Identity, inference Dropout). When `out`
// is a graph output, the producer of `in` is made to produce `out` instead, so the output keeps its
// name. Returns false (graph untouched) when that is impossible: `in` is a graph input, a constant
// or itself a graph output.
bool bypassNode(Graph& graph, Node* node, Value* in, Value* out);

// Concatenation of fp32 tensors along `axis` (all other dims equal; checked by the caller).
Tensor concatFloat(const std::vector<const Tensor*>& parts, size_t axis);

// Attribute maps equal (compared through their printed form; fine for the small maps of ops).
bool sameAttributes(const Node& a, const Node& b);

// Whether the node's result is not a function of its inputs, so it must be neither folded nor
// merged with a copy: RandomNormal, RandomUniform (and their *Like forms), Multinomial, Bernoulli,
// and Dropout unless its training_mode input is absent or a constant false.
bool isNondeterministic(const Node& node);

// Float32 copy of a floating constant (fp16/bf16/fp64 widened); nullopt for other types.
std::optional<Tensor> floatCopy(const Tensor& t);

}  // namespace kiln::passes
