#include "kernels/cpu/register.h"

namespace kiln::cpu {

void registerPoolKernels(KernelRegistry& registry) { (void)registry; }

}  // namespace kiln::cpu
