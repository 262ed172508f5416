#include "kernels/cpu/register.h"

namespace kiln::cpu {

void registerReduceKernels(KernelRegistry& registry) { (void)registry; }

}  // namespace kiln::cpu
