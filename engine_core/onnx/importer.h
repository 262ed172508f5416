// ONNX → Kiln IR. Parsing, checking and shape inference come from libonnx; this file's job is to
// map each ONNX node onto Kiln's canonical op form (the latest opset's semantics), one import
// function per op, grouped by op family in import_*.cpp and registered in one explicit table.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine_core/common/message.h"
#include "engine_core/ir/graph.h"

namespace kiln {

struct UnsupportedNode {
    int nodeIndex = -1;  // index in the ONNX graph's node list
    std::string nodeName;
    std::string opType;
    std::string domain;
    int64_t opsetVersion = 0;
    Message reason;  // "no importer for this op", "model opset 6 is outside ...", "attribute ..."
};

struct ImportOptions {
    // false: the first unsupported node throws Unsupported naming op, node and index.
    // true: unsupported nodes are imported as opaque nodes and listed in ImportResult::unsupported.
    bool allowUnsupported = false;
    bool runChecker = true;
    bool inferShapes = true;
    // Graph inputs whose dims are replaced before shape inference (every dim given, the input's
    // rank): the builder re-imports a model this way when its optimization profiles fix dims the
    // model leaves symbolic, so that shape inference (with data propagation) makes the shapes
    // static and the Shape -> Gather -> Concat chains fold at build time. An unknown input name or
    // a wrong rank fails, naming both.
    std::map<std::string, std::vector<int64_t>> inputDims;
    // Node outputs known to be constant (the builder's shape computations folded at fixed dims):
    // a node all of whose outputs are listed becomes initializers before shape inference, so the
    // inference sees the values (a Reshape's computed shape) where its own data propagation
    // stops (Div, Where, ...). Outputs that are graph outputs are left alone.
    std::map<std::string, Tensor> constants;
};

struct ImportResult {
    std::unique_ptr<Graph> graph;
    std::vector<UnsupportedNode> unsupported;
    std::vector<Message> warnings;  // e.g. "ONNX checker skipped: model opset 20 is newer than libonnx's 17; ..."
    int64_t onnxNodeCount = 0;
};

// Reads a model file (external data resolved relative to its folder; paths escaping the folder
// are refused). Errors name the file.
ImportResult importOnnxFile(const std::string& path, const ImportOptions& options = {});
// Same, from serialized ModelProto bytes; baseDir resolves external data ("" refuses any).
ImportResult importOnnxBytes(const std::string& bytes, const std::string& baseDir,
                             const std::string& displayName, const ImportOptions& options = {});

// A model file read and parsed once and imported several times: the builder's shape rounds import
// it without its weights, then once whole. Errors name the file.
class OnnxModelFile {
public:
    explicit OnnxModelFile(const std::string& path);
    ~OnnxModelFile();
    OnnxModelFile(const OnnxModelFile&) = delete;
    OnnxModelFile& operator=(const OnnxModelFile&) = delete;

    // Imports a copy in which every floating-point initializer of more than 64 elements is a graph
    // input of its type and dims instead (its data neither copied nor checked): the shapes, and the
    // integer shape computations, are those of the whole model.
    ImportResult importWithoutWeights(const ImportOptions& options) const;
    // Imports the whole model; once only (the parsed model is consumed).
    ImportResult importWhole(const ImportOptions& options);
    // Imports the model with the weights importWithoutWeights leaves out taken from `imported` (this
    // file imported before: its constants of the same names, shared, not copied), so the weights
    // are neither parsed nor copied again. Where one is missing there or differs in type or dims,
    // the model is imported whole instead (importWhole).
    ImportResult importWithWeightsFrom(const Graph& imported, const ImportOptions& options);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Every (op type) Kiln claims for the default domain, sorted.
std::vector<std::string> supportedOnnxOps();
// The opset range Kiln imports for the default domain.
constexpr int64_t kMinOpset = 7;
constexpr int64_t kMaxOpset = 21;

// The support check: every node of the model Kiln can't import or run, without failing.
std::vector<UnsupportedNode> checkOnnxSupport(const std::string& path);

}  // namespace kiln
