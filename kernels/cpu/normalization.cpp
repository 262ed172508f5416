#include "kernels/cpu/register.h"

namespace kiln::cpu {

void registerNormalizationKernels(KernelRegistry& registry) { (void)registry; }

}  // namespace kiln::cpu
