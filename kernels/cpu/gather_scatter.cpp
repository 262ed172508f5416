#include "kernels/cpu/register.h"

namespace kiln::cpu {

void registerGatherScatterKernels(KernelRegistry& registry) { (void)registry; }

}  // namespace kiln::cpu
