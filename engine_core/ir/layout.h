// Layout conversion between the linear (NCHW...) and channels-last (NHWC...) formats of one host
// tensor: the kiln::Reformat kernels on the host, host-memory test backends, and execution
// contexts that hand a layer's NHWC output to a comparison in the linear layout.
#pragma once

#include "engine_core/ir/tensor.h"

namespace kiln {

// Copies `src` (logical dims [N, C, D...], stored in src.format()) into `dst` (same dtype and dims,
// stored in dst.format()). Both are host tensors, read and written as raw bytes: any element type.
void reformatInto(const Tensor& src, Tensor& dst);
// A host tensor in the linear layout: `t` itself when it is linear, else a converted copy.
Tensor linearLayout(const Tensor& t);

}  // namespace kiln
