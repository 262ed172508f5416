// Control-flow nodes: If, Loop and Scan (ai.onnx) carry their bodies as Graph attributes.
//
// A body's inputs are its formal inputs (none for If; iteration number, condition and the
// loop-carried values for Loop; the states and scan slices for Scan) followed by the outer-scope
// values it reads (Graph::outerScopeInputs). All bodies of one node list the same outer-scope
// values in the same order, and the node passes them as its trailing inputs after its ONNX ones:
//   If(cond, outer...)       then_branch / else_branch: (outer...) -> (out...)
//   Loop(M, cond, v..., outer...)  body: (iter, cond, v..., outer...) -> (cond, v..., scan...)
//   Scan(s..., x..., outer...)     body: (s..., x_t..., outer...) -> (s..., y_t...)
// So the graph around a node is an ordinary data-flow graph: the topological order, dead-code
// elimination and the memory planner see an outer value read only inside a body as used by the node.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace kiln {

class Node;
class Graph;

// If, Loop or Scan in the default domain.
bool isControlFlowOp(const std::string& opType, const std::string& domain);

// The names of the bodies an op carries: {"else_branch", "then_branch"}, {"body"}.
std::vector<std::string> controlFlowBodyNames(const std::string& opType);

struct ControlFlowLayout {
    size_t formalInputs = 0;  // the node's ONNX inputs (the outer-scope ones follow)
    size_t carried = 0;       // Loop: loop-carried values; Scan: states
    size_t scanInputs = 0;    // Scan: scanned inputs
    size_t scanOutputs = 0;   // Loop and Scan: outputs stacked over the iterations
};

// Checks that a control-flow node and its bodies fit together: the bodies are there, input and
// output counts, the outer-scope values, bool conditions and an int64 trip count where their types
// are known. With validateBodies, each body's own structure too (Graph::validate). Throws
// InvalidModel naming the node and the body: "node 'loop' (Loop): body 'body' has 2 inputs, expected 3".
ControlFlowLayout checkControlFlowNode(const Node& node, bool validateBodies = false);

}  // namespace kiln
