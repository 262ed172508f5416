#include "kernels/cpu/register.h"

namespace kiln::cpu {

void registerShapeKernels(KernelRegistry& registry) { (void)registry; }

}  // namespace kiln::cpu
