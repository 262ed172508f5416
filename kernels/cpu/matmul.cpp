#include "kernels/cpu/register.h"

namespace kiln::cpu {

void registerMatMulKernels(KernelRegistry& registry) { (void)registry; }

}  // namespace kiln::cpu
