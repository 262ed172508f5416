#include "kernels/cpu/register.h"

#include "engine_core/common/parallel.h"
#include "kernels/cpu/gemm.h"

namespace kiln {

namespace cpu {
void registerCpuTactics(KernelRegistry& registry) {
    registerMatMulTactics(registry);
    registerConvTactics(registry);
}
}  // namespace cpu

void registerCpuKernels(KernelRegistry& registry) {
    // OpenBLAS runs single-threaded inside Kiln's pool; every pool thread sets that up when it
    // starts, not in the middle of a run.
    setThreadInit(&cpu::detail::blasSingleThreaded);
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
    cpu::registerControlFlowKernels(registry);
    cpu::registerQuantizeKernels(registry);
    // After the reference kernels, so each family's reference tactic exists first.
    cpu::registerCpuTactics(registry);
    cpu::registerFusedKernels(registry);
    cpu::registerReformatKernels(registry);
}

}  // namespace kiln
