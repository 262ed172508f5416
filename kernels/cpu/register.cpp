#include "kernels/cpu/register.h"

namespace kiln {

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
    cpu::registerFusedKernels(registry);
}

}  // namespace kiln
