// Per-layer profile reports: what `kiln run --dump-profile` prints, what the exports write, and what
// the GUI's profile views and heat overlay show.
//
// A report joins the layer descriptions (name, type, precision, tactic, provenance: from an Engine,
// or one per node for the reference executor) with a LayerProfiler's samples.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine_core/builder/engine.h"
#include "engine_core/runtime/executor.h"
#include "profiler/layer_profiler.h"
#include "profiler/stats.h"

namespace kiln {

struct LayerTensorInfo {
    std::string name;
    std::string dtype;  // "fp32"
    std::string shape;  // "[1,3,224,224]" once observed, else the declared "[batch,3,224,224]"
    std::optional<std::vector<int64_t>> dims;  // set once observed (or when declared static)
    std::optional<float> dynamicRange;         // INT8 calibration amax (engines built with int8)
};

struct LayerDescription {
    std::string name;
    std::string type;                 // op type, "kiln::FusedConv" for a fused op
    std::string precision;            // "fp32"
    std::string tactic;               // "" for reference-executor nodes
    std::vector<std::string> origin;  // ONNX node names it came from, in original order
    std::vector<LayerTensorInfo> inputs, outputs;
    // Engine layers (empty or 0 for the reference executor's nodes):
    std::string backend;          // "cpu", "cuda"
    std::string computed;         // the precision its kernel computes in
    std::string format;           // "linear", "nhwc"
    uint64_t workspaceBytes = 0;  // scratch at the max shapes
    std::string note;             // "falls back to cpu: ...", "copies 'x' to cuda:0"
};

// One per engine layer, in execution order.
std::vector<LayerDescription> describeEngineLayers(const Engine& engine);
// One per node of `order` (the reference executor's order): each node is its own layer.
std::vector<LayerDescription> describeGraphNodes(const Graph& graph, const std::vector<const Node*>& order);
// Replaces declared shapes with the concrete ones of tensors seen in a run (keepLayerOutputs /
// keepIntermediates results plus the inputs). Tensors not in `observed` keep their declared shape.
void fillObservedShapes(std::vector<LayerDescription>& layers, const TensorMap& observed);

struct LayerProfileRow {
    LayerDescription layer;
    LatencyStats stats;  // over the layer's samples, ms
    double totalMs = 0;  // sum of all samples
    double percent = 0;  // totalMs / sum of every layer's totalMs * 100 (trtexec's "percentage")
};

struct LayerProfileReport {
    std::vector<LayerProfileRow> rows;  // description order; unknown reported layers appended
    size_t runs = 0;                    // complete profiled runs
    double totalMs = 0;                 // sum of every sample of every layer
    double sumOfMediansMs = 0;          // a typical run's layer time

    // The `--dump-profile` table: layer, type, precision, tactic, ONNX nodes, median/mean/p90 ms, %.
    // Layer names longer than maxNameWidth keep their tail ("...layer.0/attention/MatMul").
    std::string table(size_t maxNameWidth = 56) const;
};

LayerProfileReport makeLayerProfileReport(const std::vector<LayerDescription>& layers,
                                          const LayerProfiler& profiler);

// A layer's time spread over the ONNX nodes it came from, for painting timings on the original
// graph: each layer's median (and total) is divided equally among its origin nodes (a layer with
// no origin keeps its own name). A node shared by several layers (rare: a duplicated constant
// path) sums its shares.
struct OriginTime {
    std::string onnxNode;
    double medianMs = 0;
    double totalMs = 0;
    double percent = 0;               // of the report's totalMs
    std::vector<std::string> layers;  // the engine layers that contributed
};
// In the order the nodes first appear in the report's rows.
std::vector<OriginTime> spreadOverOrigin(const LayerProfileReport& report);

}  // namespace kiln
