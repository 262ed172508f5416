// Strided views: a tensor that a chain of data-movement nodes (Reshape, Flatten, Squeeze, Unsqueeze,
// Transpose, Gather of one constant index, Split) computes from a base tensor, described as element
// strides into the base, so a kernel that takes strides can read the base directly and the chain's
// copies disappear (TensorRT's "shuffle" elimination into attention; what cuDNN's SDPA accepts as
// strided Q/K/V).
//
// A view keeps each logical dim as a group of "atoms" (size, stride), outer to inner: reshapes
// regroup atoms (splitting one when a new dim needs part of it), so a merge of two dims that are
// not adjacent in memory (ViT's [S, B·H, D] from a [S, B, 3·E] projection) stays exact and a later
// split takes them apart again. A dim has a single stride only when its atoms are contiguous
// among themselves (collapse()).
//
// Only static shapes are traced (the shapes the graph states, which a fixed-shape build has).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine_core/ir/graph.h"

namespace kiln::passes {

struct ViewAtom {
    int64_t size = 1;
    int64_t stride = 0;
};

struct StridedView {
    Value* base = nullptr;                     // the tensor the view reads (contiguous, row-major)
    int64_t offset = 0;                        // elements
    std::vector<std::vector<ViewAtom>> dims;   // per logical dim, its atoms outer to inner (none: size 1)

    // The contiguous view of a tensor of these dims.
    static StridedView contiguous(Value* base, const std::vector<int64_t>& dims);
    int64_t size(size_t dim) const;
    std::vector<int64_t> sizes() const;
    // The dim's single stride when its atoms are contiguous among themselves (0 for a dim of size 1).
    std::optional<int64_t> collapse(size_t dim) const;

    // The view after each operation; nullopt when it is not a strided view of the base.
    bool reshape(const std::vector<int64_t>& newDims);  // same element count; regroups the atoms
    bool transpose(const std::vector<int64_t>& perm);
    bool select(size_t dim, int64_t index);               // drops the dim (Gather of one index)
    bool narrow(size_t dim, int64_t start, int64_t length);  // Split / Slice with step 1
};

// The view `v` is of the first tensor up its producer chain that isn't one of the view ops above,
// through at most `maxNodes` nodes. `path` (optional) receives the traced nodes, nearest first.
// nullopt when v's producer is not a view op, a shape along the way isn't static, or an op of the
// chain is not a strided view (a Reshape merging dims of a transposed tensor and then splitting
// them differently, a Gather with several indices).
std::optional<StridedView> traceStridedView(Value* v, std::vector<Node*>* path = nullptr, size_t maxNodes = 16);

// The strides of a tensor `producedDims` when a chain of Reshape/Transpose nodes (nearest first)
// turns it into `finalValue`: the element strides of `producedDims` into finalValue's storage, so a
// kernel writing the produced tensor with them writes finalValue directly. nullopt when the chain has
// other ops or a dim does not collapse to one stride.
std::optional<std::vector<int64_t>> stridesIntoConsumerChain(const std::vector<int64_t>& producedDims,
                                                             const std::vector<Node*>& chain);

}  // namespace kiln::passes
