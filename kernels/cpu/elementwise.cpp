#include "kernels/cpu/register.h"

namespace kiln::cpu {

void registerElementwiseKernels(KernelRegistry& registry) { (void)registry; }

}  // namespace kiln::cpu
