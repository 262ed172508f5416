// 2:4 structured sparsity of a model's Conv, Gemm and MatMul weights, on the ONNX file itself:
// which weights already have the pattern (`kiln inspect --sparsity`), and magnitude pruning of
// chosen layers to it, written as a new ONNX model (`kiln prune`). The tensor rule is
// structured_sparsity.h; this file knows which input of each op is the weight and which of its
// axes is the reduction (docs/cli.md, "2:4 structured sparsity", states the rule):
//   Conv   W [K, C/g, k...]      axis 1: groups of 4 input channels, per output channel and kernel position
//   Gemm   B [N, K] (transB=1)   axis 1;  B [K, N] (transB=0) axis 0
//   MatMul B [..., K, N]         axis rank-2;  or, when only A is constant, A [..., M, K] axis rank-1
// Only the main graph's nodes of the default domain are considered (not If/Loop bodies).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine_core/ir/datatype.h"
#include "engine_core/sparsity/structured_sparsity.h"

namespace kiln {

// Why a layer's weight can't take the 2:4 pattern (None: it can).
enum class SparsityBlocker {
    None,
    WeightNotInitializer,     // computed by a node (Constant, DequantizeLinear, ...) or a graph input
    WeightIsGraphInput,       // an initializer also listed as a graph input: a run may replace it
    WeightNotFloatingPoint,   // an integer (quantized) or other non-float weight
    WeightRankTooLow,         // a MatMul vector, a Gemm/Conv weight of the wrong rank
    ReductionNotMultipleOf4,  // C/group (Conv) or K (Gemm, MatMul) is not a multiple of 4
};

struct LayerSparsity {
    int nodeIndex = -1;
    std::string layer;   // the node's name as Kiln names it (an unnamed node: "Conv_12", as the importer)
    std::string opType;  // Conv, Gemm, MatMul
    std::string weight;  // the weight tensor's name
    int weightInput = 1; // which node input holds the weight
    DataType dtype = DataType::Undefined;
    std::vector<int64_t> dims;  // empty when the weight is not an initializer
    int axis = -1;              // the axis grouped in 4s
    int64_t groupAxisLength = 0;  // dims[axis]: C/group for Conv, K for Gemm and MatMul
    int64_t reductionLength = 0;  // elements per dot product: C/group * kernel size for Conv, K otherwise
    int consumers = 0;            // nodes reading the weight (more than one: pruning changes them all)
    SparsityBlocker blocker = SparsityBlocker::None;
    std::optional<SparsityStats> stats;  // for every eligible layer

    bool eligible() const { return blocker == SparsityBlocker::None; }
    int64_t weightElements() const;
    // "C/group=8" or "K=64": the grouped dimension.
    std::string groupAxisText() const;
    // Why it is not eligible, one phrase ("C/group=3 input channels, not a multiple of 4"); "" if eligible.
    std::string reason() const;
};

struct ModelSparsityReport {
    std::string model;
    std::vector<LayerSparsity> layers;  // every Conv/Gemm/MatMul node, in graph order
    int64_t eligibleCount() const;
    int64_t sparseCount() const;  // eligible layers whose weight is already 2:4
};

// Reads an ONNX file (external weight data resolved next to it, as the importer does) and reports
// every Conv, Gemm and MatMul node. Errors name the file.
ModelSparsityReport analyzeModelSparsity(const std::string& path);

struct PruneOptions {
    std::vector<std::string> layers;   // by layer name; empty: every eligible layer of opTypes
    std::vector<std::string> opTypes;  // Conv, Gemm, MatMul; empty: all three
    int64_t minSize = 0;               // skip weights with fewer elements (an explicit --layers entry fails)
};

struct PrunedLayer {
    LayerSparsity layer;  // before (its stats are the weight's before pruning)
    SparsityStats after;
};

struct SkippedLayer {
    std::string layer;
    std::string opType;
    std::string reason;
};

struct PruneResult {
    std::vector<PrunedLayer> pruned;
    std::vector<SkippedLayer> skipped;  // selected by op type but not prunable, with why
};

// Prunes the chosen layers' weights of the ONNX model `input` to 2:4 by magnitude and writes the
// model to `output`: only those initializers' data change, every other field is kept as read.
// InvalidArgument naming the layer for an unknown, ineligible, shared or too small --layers entry,
// an unknown op type, or a selection that leaves nothing to prune; Unsupported for a model with
// external data (its tensors would have to be rewritten next to the output); output == input is
// refused. Errors name the file.
PruneResult pruneModelFile(const std::string& input, const std::string& output, const PruneOptions& options);

}  // namespace kiln
