// The oracle's registration: every naive kernel family (kernels/cpu/naive/*.cpp), into the "oracle"
// backend's registry.
#include "engine_core/runtime/backend.h"
#include "kernels/cpu/naive/naive.h"

namespace kiln {

void registerNaiveKernels(KernelRegistry& registry) {
    naive::registerNaiveKernelsA(registry);
    naive::registerNaiveKernelsB(registry);
    naive::registerNaiveQuantizeKernels(registry);
}

}  // namespace kiln
