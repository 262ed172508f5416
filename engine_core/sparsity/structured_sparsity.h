// 2:4 structured sparsity of one weight tensor: at most 2 non-zeros in every group of 4
// consecutive elements along the reduction axis, the pattern Sparse Tensor Cores (cuSPARSELt,
// TensorRT's sparse tactics) accelerate. The tensor is seen as [outer, R, inner] around the axis
// (R = dims[axis]); a group is 4 consecutive positions along R with the outer and inner indices
// fixed. So a Conv weight [K, C/g, kh, kw] with axis 1 is grouped along C for each output channel
// and each kernel position (kh, kw), as TensorRT defines it, never along kh or kw.
#pragma once

#include <cstdint>

#include "engine_core/ir/tensor.h"

namespace kiln {

struct SparsityStats {
    int64_t elements = 0;
    int64_t zeros = 0;            // elements equal to 0 (-0.0 too; NaN is not zero)
    int64_t groups = 0;           // groups of 4 along the axis
    int64_t compliantGroups = 0;  // groups with at most 2 non-zeros

    // Every group complies (an empty tensor has no pattern to speak of: false).
    bool is2to4() const { return groups > 0 && compliantGroups == groups; }
    double compliantFraction() const { return groups == 0 ? 0.0 : double(compliantGroups) / double(groups); }
};

// Whether `weight` (a host tensor of a numeric dtype) has the 2:4 pattern along `axis`.
// InvalidArgument when the axis is out of range, dims[axis] is not a multiple of 4, or the dtype
// is not numeric.
SparsityStats check2to4(const Tensor& weight, int axis);

// A copy of `weight` pruned to 2:4 along `axis` by magnitude: in each group the 2 elements of
// largest |w| are kept and the other 2 set to zero. Ties go to the lower index, so the result
// depends only on the values; NaN counts as the largest magnitude (kept, never hidden). A group
// that already has at most 2 non-zeros keeps them. Same requirements as check2to4.
Tensor prune2to4(const Tensor& weight, int axis);

}  // namespace kiln
