// The oracle's registration: every naive kernel family (kernels/cpu/naive/*.cpp).
#include "engine_core/runtime/backend.h"

namespace kiln {

void registerNaiveKernels(KernelRegistry& registry) {
    (void)registry;  // filled when the naive kernel families land
}

}  // namespace kiln
