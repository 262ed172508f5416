// Linked into the test executables: every kernel output starts as 0xFF bytes (NaN for floats, -1 for
// integers) instead of whatever the allocator returns, so a kernel that reads an element of its output
// before writing it, or leaves one unwritten, fails its tests instead of passing on recycled zeros.
#include "engine_core/ir/tensor.h"

namespace {
const bool kPoisonOutputs = (kiln::Tensor::setPoisonUninitialized(true), true);
}  // namespace
