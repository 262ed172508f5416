#include "engine_core/onnx/model_report.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "engine_core/common/error.h"
#include "engine_core/common/message_catalogue.h"
#include "engine_core/runtime/backend.h"

namespace kiln {

namespace {

TensorReport describe(const Value& v) {
    return TensorReport{v.name, v.dtype, v.shape};
}

// Whether the importer already listed `node`: by name (the importer names every node), or, for a
// hand-made list without names, by ONNX index and op type.
bool listedByImporter(const Node& node, const std::set<std::string>& names,
                      const std::vector<UnsupportedNode>& unsupported) {
    if (!node.name.empty() && names.count(node.name)) return true;
    for (const UnsupportedNode& u : unsupported)
        if (u.nodeName.empty() && u.nodeIndex == node.id && u.opType == node.opType) return true;
    return false;
}

}  // namespace

std::string qualifiedOpType(const std::string& domain, const std::string& opType) {
    return domain.empty() ? opType : domain + "::" + opType;
}

ModelReport makeModelReport(const Graph& graph, const std::vector<UnsupportedNode>& unsupported,
                            const std::vector<Message>& warnings, int64_t onnxNodeCount,
                            bool scanCpuKernels) {
    ModelReport r;
    r.graphName = graph.name;
    r.producerName = graph.producerName;
    r.producerVersion = graph.producerVersion;
    r.irVersion = graph.irVersion;
    r.opsets.assign(graph.opsetImports.begin(), graph.opsetImports.end());
    for (const Value* v : graph.runtimeInputs()) r.inputs.push_back(describe(*v));
    for (const Value* v : graph.outputs()) r.outputs.push_back(describe(*v));
    r.onnxNodeCount = onnxNodeCount;
    r.unsupported = unsupported;
    r.warnings = warnings;

    // Histogram and parameters in one walk; constants are keyed by Value so shared weights count once.
    std::map<std::string, int64_t> histogram;
    std::set<const Value*> constants;
    for (const Node* n : graph.nodes()) {
        ++histogram[qualifiedOpType(n->domain, n->opType)];
        ++r.nodeCount;
        for (const Value* v : n->inputs)
            if (v && v->isConstant()) constants.insert(v);
    }
    for (const Value* v : graph.outputs())
        if (v->isConstant()) constants.insert(v);
    for (const Value* v : constants) {
        r.parameterCount += v->constant->numel();
        r.parameterBytes += v->constant->byteSize();
    }
    // In name order from the map; the stable sort keeps that order among equal counts.
    r.opHistogram.assign(histogram.begin(), histogram.end());
    std::stable_sort(r.opHistogram.begin(), r.opHistogram.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });

    // Imported nodes the CPU backend can't run: `kiln run` would refuse them too.
    if (!scanCpuKernels) return r;
    std::set<std::string> listed;
    for (const UnsupportedNode& u : unsupported)
        if (!u.nodeName.empty()) listed.insert(u.nodeName);
    std::shared_ptr<const Backend> cpu = makeCpuBackend();
    for (const Node* n : graph.nodes()) {
        if (listedByImporter(*n, listed, unsupported)) continue;
        std::string why;
        if (cpu->supportsOp(*n, &why)) continue;
        r.noCpuKernel.push_back({n->id, n->name, n->label(), qualifiedOpType(n->domain, n->opType), why});
    }
    return r;
}

ModelReport makeModelReport(const ImportResult& result) {
    KILN_CHECK(result.graph != nullptr, Internal, msg<Msg::ModelReportNoGraph>());
    return makeModelReport(*result.graph, result.unsupported, result.warnings, result.onnxNodeCount);
}

}  // namespace kiln
