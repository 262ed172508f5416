// ModelReport: what is in an imported model, without running it — the one summary behind
// `kiln inspect` and Kiln Studio's summary panel. Producer, IR version, opsets, inputs and outputs,
// the op histogram, parameters, the importer's unsupported nodes and warnings, and the imported
// nodes the CPU backend can't run (Backend::supportsOp), so "what in this model can't run?" has
// one answer everywhere. Plain std data; the CLI formats it as text or JSON, the GUI as a tree.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine_core/ir/graph.h"
#include "engine_core/onnx/importer.h"

namespace kiln {

struct TensorReport {
    std::string name;
    DataType dtype = DataType::Undefined;
    Shape shape;  // symbolic dims kept; rankKnown false when unknown
};

// An imported node the CPU backend has no kernel for (or whose kernel does not take its input
// type): `kiln run` would refuse it.
struct NoCpuKernelNode {
    int nodeId = -1;       // Node::id in the imported graph
    std::string nodeName;  // Node::name ("" when the ONNX node had none)
    std::string label;     // Node::label(): the name, or "Op#id"
    std::string opType;    // domain-qualified: "Cast", "com.example::Foo"
    std::string reason;    // Backend::supportsOp's why
};

struct ModelReport {
    std::string graphName;
    std::string producerName;
    std::string producerVersion;
    int64_t irVersion = 0;
    std::vector<std::pair<std::string, int64_t>> opsets;  // domain ("" = ai.onnx) → version, by domain
    std::vector<TensorReport> inputs;                     // runtime inputs (initializers excluded)
    std::vector<TensorReport> outputs;
    // Domain-qualified op type ("Conv", "com.example::Foo") → nodes; most frequent first, ties by name.
    std::vector<std::pair<std::string, int64_t>> opHistogram;
    int64_t nodeCount = 0;      // nodes of the imported graph
    int64_t onnxNodeCount = 0;  // nodes of the ONNX graph (ImportResult::onnxNodeCount)
    // Constants the model holds: every constant a node reads and every constant graph output, each
    // Value counted once (weights shared by several nodes count once).
    int64_t parameterCount = 0;
    uint64_t parameterBytes = 0;
    std::vector<UnsupportedNode> unsupported;  // the importer's
    // Imported nodes the CPU can't run; the importer's unsupported nodes are not repeated here.
    std::vector<NoCpuKernelNode> noCpuKernel;
    std::vector<Message> warnings;  // the importer's
};

// "Conv" for the default domain, "domain::Op" otherwise (as the kernel registry names ops).
std::string qualifiedOpType(const std::string& domain, const std::string& opType);

// The report of `graph` with the importer's findings. Needs the CPU kernels linked
// (kiln_kernels_cpu) for the no-CPU-kernel scan, which scanCpuKernels = false skips (an engine's
// layers run on the backend it was built for).
ModelReport makeModelReport(const Graph& graph, const std::vector<UnsupportedNode>& unsupported = {},
                            const std::vector<Message>& warnings = {}, int64_t onnxNodeCount = 0,
                            bool scanCpuKernels = true);
// Same, from what importOnnxFile returned (its graph must be set).
ModelReport makeModelReport(const ImportResult& result);

}  // namespace kiln
