// Deep copy of a Graph. The builder optimizes a copy, so the caller's model (the reference for
// `kiln compare`, the GUI's "before" view) stays untouched.
#pragma once

#include <memory>

#include "engine_core/ir/graph.h"

namespace kiln {

struct CloneOptions {
    // false: constant tensors share storage with the source (cheap; passes replace constants
    // rather than write into them). true: constants are copied too.
    bool copyConstantData = false;
    // true: nodes are created in topologicalOrder() (passes append fused nodes at the end, so the
    // creation order of an optimized graph need not be an execution order).
    bool topologicalOrder = false;
    // When set: nodes are created in this order (a topological order of the source's nodes, e.g. the
    // builder's layer order); overrides topologicalOrder.
    const std::vector<Node*>* order = nullptr;
};

// Same values (names, dtypes, shapes, constants, input/output roles and order), same nodes in the
// same relative creation order (so the topological order matches), attributes and provenance.
// Node ids are renumbered densely (removed nodes leave no gaps); values no node or graph
// input/output refers to are not copied.
std::unique_ptr<Graph> cloneGraph(const Graph& source, const CloneOptions& options = {});

}  // namespace kiln
