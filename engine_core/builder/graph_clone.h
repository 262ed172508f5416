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
};

// Same values (names, dtypes, shapes, constants, input/output roles and order), same nodes in the
// same creation order (so ids and topological order match), attributes and provenance.
std::unique_ptr<Graph> cloneGraph(const Graph& source, const CloneOptions& options = {});

}  // namespace kiln
