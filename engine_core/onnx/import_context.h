// What one op-import function sees: the ONNX node, its Kiln values, its converted attributes, and
// helpers to emit the canonical node (plus helper nodes and constants for rewrites). Internal.
#pragma once

#include <onnx/onnx_pb.h>

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine_core/common/error.h"
#include "engine_core/common/message_catalogue.h"
#include "engine_core/ir/graph.h"

namespace kiln::onnx_detail {

// Thrown by an import function when the node is valid ONNX but Kiln can't import it (an attribute
// value kernels don't implement, a non-constant input that must be constant, ...). The driver turns
// it into an opaque node or an Unsupported error naming the node.
struct UnsupportedHere {
    Message reason;
};

// State shared by all nodes of one import.
struct ImportState {
    Graph* graph = nullptr;
    std::string modelName;
    // Values produced by Constant nodes imported so far, with their tensors (rewrites read them).
    std::unordered_map<const Value*, Tensor> constantNodeValues;
    // Names read by any node (bodies' nodes included) or listed as graph outputs: an optional output
    // not in here is dropped.
    std::set<std::string> usedNames;
    // A body's lookup of a name it doesn't define in the graphs around it (importer.cpp); null for
    // the main graph.
    std::function<Value*(const std::string&)> resolveOuter;
};

class ImportContext {
public:
    ImportContext(ImportState& state, const onnx::NodeProto& proto, int index, std::string nodeName,
                  int64_t opset, std::map<std::string, Attribute> attributes);

    const onnx::NodeProto& proto() const { return proto_; }
    const std::string& opType() const { return proto_.op_type(); }
    const std::string& name() const { return name_; }
    int index() const { return index_; }
    int64_t opset() const { return opset_; }
    Graph& graph() { return *state_.graph; }

    // Inputs and outputs as the ONNX node lists them; nullptr for an omitted (empty-named) one or past the
    // end.
    size_t inputCount() const { return inputs_.size(); }
    Value* input(size_t i) const { return i < inputs_.size() ? inputs_[i] : nullptr; }
    const std::vector<Value*>& inputs() const { return inputs_; }
    size_t outputCount() const { return outputs_.size(); }
    Value* output(size_t i) const { return i < outputs_.size() ? outputs_[i] : nullptr; }
    const std::vector<Value*>& outputs() const { return outputs_; }
    // True when some node or the graph's outputs read this value.
    bool isUsed(const Value* v) const { return v && state_.usedNames.count(v->name); }

    // A control-flow node's outer-scope values (ir/control_flow.h): its bodies were imported before
    // the import function runs, and these follow the ONNX inputs on the emitted node.
    std::vector<Value*> outerScopeInputs;

    // The node's attributes; import functions edit them into the canonical form before emit().
    std::map<std::string, Attribute> attrs;
    bool has(const std::string& key) const { return attrs.count(key) != 0; }
    int64_t getInt(const std::string& key, int64_t fallback) const;
    float getFloat(const std::string& key, float fallback) const;
    std::string getString(const std::string& key, const std::string& fallback) const;
    std::vector<int64_t> getInts(const std::string& key) const;
    std::vector<float> getFloats(const std::string& key) const;
    // Removes an attribute (after it was turned into an input).
    void drop(const std::string& key) { attrs.erase(key); }

    // Arity checks (InvalidModel naming the node).
    void expectInputs(size_t min, size_t max) const;
    void expectOutputs(size_t min, size_t max) const;
    // A string attribute must be one of `allowed` (Unsupported otherwise, listing them).
    void expectOneOf(const std::string& key, const std::string& fallback,
                     const std::vector<std::string>& allowed);

    // Valid ONNX that Kiln can't import: ctx.unsupported<Msg::AntialiasNotSupported>().
    [[noreturn]] void unsupported(Message reason) const { throw UnsupportedHere{std::move(reason)}; }
    template <Msg Id, typename... Args>
    [[noreturn]] void unsupported(const Args&... args) const {
        unsupported(msg<Id>(args...));
    }
    // A malformed node: InvalidModel, "'model.onnx': node 'Conv_3' (index 3, Conv): <detail>".
    [[noreturn]] void invalid(const Message& detail) const;
    template <Msg Id, typename... Args>
    [[noreturn]] void invalid(const Args&... args) const {
        invalid(msg<Id>(args...));
    }

    // Emits the canonical node: named like the ONNX node, origin = {that name}, attributes = attrs.
    Node* emit(const std::string& opType, const std::vector<Value*>& inputs,
               const std::vector<Value*>& outputs);
    // The common case: the node as it is, with the (edited) attributes.
    Node* emitAsIs() { return emit(opType(), inputs_, outputs_); }
    // A helper node of a rewrite, named "<node>/<suffix>", with the same origin.
    Node* emitHelper(const std::string& suffix, const std::string& opType, const std::vector<Value*>& inputs,
                     const std::vector<Value*>& outputs, std::map<std::string, Attribute> attributes = {});
    // A fresh intermediate value "<node>/<suffix>".
    Value* newValue(const std::string& suffix);
    // New graph constants, named "<node>/<suffix>".
    Value* constant(const std::string& suffix, Tensor tensor);
    Value* constantInt64(const std::string& suffix, const std::vector<int64_t>& values);
    Value* scalarConstant(const std::string& suffix, double value, DataType dtype);

    // The tensor of a constant value (initializer or Constant node output), or nullptr.
    const Tensor* constantValue(const Value* v) const;
    void registerConstantNode(const Value* v, Tensor tensor) {
        state_.constantNodeValues[v] = std::move(tensor);
    }

private:
    ImportState& state_;
    const onnx::NodeProto& proto_;
    int index_;
    std::string name_;
    int64_t opset_;
    std::vector<Value*> inputs_;
    std::vector<Value*> outputs_;
};

using OpImporter = void (*)(ImportContext&);

struct OpImporterEntry {
    const char* opType;
    int64_t sinceOpset;  // first ai.onnx opset that defines the op
    int64_t lastOpset;   // last opset Kiln imports it at (kMaxOpset unless the op was removed)
    OpImporter import;
};

// The one explicit table (op_table.cpp); nullptr when Kiln has no importer for the op.
const OpImporterEntry* findOpImporter(const std::string& opType);
const std::vector<OpImporterEntry>& opImporterTable();

}  // namespace kiln::onnx_detail
