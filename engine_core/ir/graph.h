// The graph IR: Values (tensor edges, possibly constant) connect Nodes. A Graph owns both.
// Nodes hold the canonical (latest-opset) form of their op: the importer normalizes older opsets,
// so kernels and passes see one form per op.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine_core/ir/attribute.h"
#include "engine_core/ir/shape.h"
#include "engine_core/ir/tensor.h"

namespace kiln {

class Node;
class Graph;

class Value {
public:
    std::string name;
    DataType dtype = DataType::Undefined;
    Shape shape = Shape::unknownRank();
    Node* producer = nullptr;
    std::vector<Node*> consumers;
    std::optional<Tensor> constant;  // initializers and folded constants
    bool isGraphInput = false;
    bool isGraphOutput = false;

    bool isConstant() const { return constant.has_value(); }
};

class Node {
public:
    int id = -1;  // stable within a graph; assigned in creation order
    std::string name;
    std::string opType;
    std::string domain;  // "" for ai.onnx
    std::vector<Value*> inputs;  // nullptr for an omitted optional input
    std::vector<Value*> outputs;  // nullptr for an omitted optional output
    std::map<std::string, Attribute> attributes;
    // Names of the original ONNX nodes this node came from (provenance). An imported node lists itself.
    std::vector<std::string> origin;

    // Display label: "name" if set, else "opType#id".
    std::string label() const;

    bool hasAttr(const std::string& key) const { return attributes.count(key) != 0; }
    int64_t attrInt(const std::string& key, int64_t fallback) const;
    int64_t attrInt(const std::string& key) const;  // required
    float attrFloat(const std::string& key, float fallback) const;
    std::string attrString(const std::string& key, const std::string& fallback) const;
    std::vector<int64_t> attrInts(const std::string& key, std::vector<int64_t> fallback = {}) const;
    // The ints attribute in place (no copy); empty when absent. Throws if it has another type.
    std::span<const int64_t> attrIntsView(const std::string& key) const;
    std::vector<float> attrFloats(const std::string& key, std::vector<float> fallback = {}) const;
    std::vector<std::string> attrStrings(const std::string& key) const;
    const Tensor& attrTensor(const std::string& key) const;  // required

    // The Graph attributes (control-flow bodies), by attribute name in name order.
    std::vector<std::pair<std::string, Graph*>> bodies() const;

    // Input i if present (non-null), else nullptr. Safe for i past the end.
    Value* inputOrNull(size_t i) const { return i < inputs.size() ? inputs[i] : nullptr; }

private:
    const Attribute& attr(const std::string& key, AttributeType expected) const;
};

class Graph {
public:
    Graph() = default;
    Graph(const Graph&) = delete;
    Graph& operator=(const Graph&) = delete;

    std::string name;
    std::string producerName;
    std::string producerVersion;
    int64_t irVersion = 0;
    std::map<std::string, int64_t> opsetImports;  // domain -> version; "" is ai.onnx
    std::string docString;

    int64_t opsetVersion() const;  // the ai.onnx opset

    // A control-flow body (ir/control_flow.h): its last `outerScopeInputs` inputs are values of the
    // enclosing graphs that it reads (resolved by name at import). The node passes them as its
    // trailing inputs, in the same order, so passes see the outer values as ordinary uses and
    // keep them alive. 0 for a model's main graph.
    size_t outerScopeInputs = 0;

    // Values. Names are unique; addValue throws if the name is taken.
    Value* addValue(const std::string& name);
    Value* findValue(const std::string& name) const;
    Value* getOrAddValue(const std::string& name);
    std::string uniqueValueName(const std::string& base) const;
    Value* addConstant(const std::string& name, Tensor tensor);

    // Nodes. addNode wires producer/consumer links; the outputs must not have a producer yet.
    Node* addNode(const std::string& opType, const std::string& name, const std::vector<Value*>& inputs,
                  const std::vector<Value*>& outputs, const std::string& domain = "");
    void removeNode(Node* node);  // unlinks it; its output values stay (producer reset)
    void replaceInput(Node* node, size_t index, Value* value);
    // Redirect every consumer (and graph-output role) of `from` to `to`.
    void replaceAllUses(Value* from, Value* to);
    void removeUnusedValues();

    void markInput(Value* v);
    void markOutput(Value* v);
    // Replaces the input list (a body's inputs in their final order); values left out stop being inputs.
    void setInputs(const std::vector<Value*>& inputs);
    const std::vector<Value*>& inputs() const { return inputs_; }
    const std::vector<Value*>& outputs() const { return outputs_; }
    // Graph inputs that are not constants (ONNX IR < 4 lists initializers as inputs too).
    std::vector<Value*> runtimeInputs() const;

    // Nodes in creation order, without removed ones.
    std::vector<Node*> nodes() const;
    // Whether the node with this id is still in the graph (ids index the creation order): O(1).
    bool hasNode(int id) const { return id >= 0 && size_t(id) < nodes_.size() && nodes_[size_t(id)] != nullptr; }
    size_t nodeCount() const;
    // Nodes in a topological order (stable: creation order among ready nodes). Throws InvalidModel
    // naming a node on the cycle if there is one, or a value that is used but never produced.
    std::vector<Node*> topologicalOrder() const;
    // Checks structural invariants (links, unique names, every used value produced or an input).
    void validate() const;

    // Number of parameters: elements of all constant values.
    int64_t parameterCount() const;

    // A stable, readable text dump (golden tests, `kiln inspect --dump`). Bodies are dumped after
    // their node, indented.
    std::string dump(bool withConstantValues = false) const;

    // Node name -> op type, for the named nodes: what a fused layer's origin (its ONNX node names)
    // stood for, so a precision override by op type can match it (the builder, the emulation).
    std::map<std::string, std::string> nodeOpTypes() const;

private:
    std::vector<std::unique_ptr<Node>> nodes_;  // removed nodes become nullptr
    std::vector<std::unique_ptr<Value>> values_;
    std::unordered_map<std::string, Value*> valuesByName_;
    std::vector<Value*> inputs_;
    std::vector<Value*> outputs_;
};

}  // namespace kiln
