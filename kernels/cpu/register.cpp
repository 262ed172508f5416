#include "kernels/cpu/register.h"

namespace kiln {

namespace cpu {
void registerCpuTactics(KernelRegistry& registry) {
    registerMatMulTactics(registry);
    registerConvTactics(registry);
}
}  // namespace cpu

void registerCpuKernels(KernelRegistry& registry) {
    cpu::registerElementwiseKernels(registry);
    cpu::registerNormalizationKernels(registry);
    cpu::registerSoftmaxKernels(registry);
    cpu::registerReduceKernels(registry);
    cpu::registerConvKernels(registry);
    cpu::registerMatMulKernels(registry);
    cpu::registerPoolKernels(registry);
    cpu::registerShapeKernels(registry);
    cpu::registerGatherScatterKernels(registry);
    cpu::registerPadResizeKernels(registry);
    // After the reference kernels, so each family's reference tactic exists first.
    cpu::registerCpuTactics(registry);
    cpu::registerFusedKernels(registry);
    cpu::registerReformatKernels(registry);
}

}  // namespace kiln
