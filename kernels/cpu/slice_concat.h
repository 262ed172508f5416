// Concat, Split, Slice, Tile, Trilu: part of the shape-op family, registered by registerShapeKernels
// (shape_ops.cpp) and implemented in slice_concat.cpp.
#pragma once

#include "engine_core/runtime/kernel.h"

namespace kiln::cpu {

void registerSliceConcatKernels(KernelRegistry& registry);

}  // namespace kiln::cpu
