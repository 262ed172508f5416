#include "kernels/cpu/register.h"

namespace kiln::cpu {

void registerSoftmaxKernels(KernelRegistry& registry) { (void)registry; }

}  // namespace kiln::cpu
