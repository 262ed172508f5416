// Synthetic transformer-like graphs (BERT-style layers of 60 nodes with residual edges and exporter
// name scopes) for the layout benchmark, the tests and `kiln-studio --demo`. They exercise the
// large-graph layout without needing a 10k-node model file.
#pragma once

#include <memory>

#include "engine_core/ir/graph.h"

namespace kiln::studio {

struct SyntheticGraphOptions {
    int layers = 12;
    bool scopes = true;  // false: flat node names ("MatMul_17"), as exporters without scopes write
    int hidden = 16;     // weight sizes stay small: the layout is what is measured
};

// 60 nodes per layer plus 17 for embeddings, mask and pooler; inputs "input_ids" and "attention_mask".
std::unique_ptr<kiln::Graph> makeTransformerGraph(const SyntheticGraphOptions& options);
constexpr int kSyntheticNodesPerLayer = 60;
constexpr int kSyntheticExtraNodes = 17;  // embeddings 11, mask 3, pooler 3

}  // namespace kiln::studio
