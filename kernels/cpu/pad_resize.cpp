#include "kernels/cpu/register.h"

namespace kiln::cpu {

void registerPadResizeKernels(KernelRegistry& registry) { (void)registry; }

}  // namespace kiln::cpu
