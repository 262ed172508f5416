// The pass manager: runs the passes of an optimization level, in order, until a whole round
// changes nothing. Levels follow ONNX Runtime's idea (docs/passes.md has the full table):
//   0  nothing;
//   1  graph clean-ups that keep every op standard: constant folding, Identity/Dropout/dead-code
//      elimination, BatchNorm folding, Conv + constant bias;
//   2  + vertical fusions into Kiln ops (Conv/MatMul epilogues, pointwise chains) and
//      LayerNormalization / GELU recognition;
//   3  + horizontal fusion of siblings and scaled-dot-product attention fusion.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine_core/passes/pass.h"

namespace kiln::passes {

constexpr int kMaxOptimizationLevel = 3;

struct OptimizerOptions {
    int level = kMaxOptimizationLevel;
    int maxRounds = 8;
    size_t maxFoldedBytes = size_t(64) << 20;
    bool validateAfterEachPass = false;  // Graph::validate() after each pass (tests, debugging)
    // The target backend: a fusion fires only when it has a kernel for the op the fusion creates
    // ("kiln::FusedConv"); empty: every op. targetName names it in FusionReport::skipped.
    std::function<bool(const std::string& op)> targetImplements;
    std::string targetName;
};

struct PassDescription {
    std::string name;
    int level = 1;
    std::string summary;
    std::vector<std::string> rules;  // a rule-based stage's rules (empty for other passes)
};

// The passes in the order the optimizer runs them, with the level that enables each.
std::vector<PassDescription> describePasses();

// The passes enabled at `level` (0..3), in run order.
std::vector<std::unique_ptr<GraphPass>> passesForLevel(int level);

// One stage of the list by name ("EpilogueFusion"); throws InvalidArgument naming the known ones.
std::unique_ptr<GraphPass> makePassByName(const std::string& name);

// Optimizes `graph` in place and returns the report. Throws InvalidArgument for a level outside 0..3.
FusionReport optimizeGraph(Graph& graph, const OptimizerOptions& options = {});

}  // namespace kiln::passes
