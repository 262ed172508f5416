#include "kernels/cpu/register.h"

namespace kiln::cpu {

void registerConvKernels(KernelRegistry& registry) { (void)registry; }

}  // namespace kiln::cpu
