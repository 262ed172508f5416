// Registers every family B oracle kernel (naive.h lists the families and what the oracle is).
#include "kernels/cpu/naive/naive.h"

namespace kiln::naive {

void registerNaiveKernelsB(KernelRegistry& registry) {
    registerNaiveConvKernels(registry);
    registerNaiveMatMulKernels(registry);
    registerNaiveEinsumKernels(registry);
    registerNaivePoolKernels(registry);
    registerNaiveShapeKernels(registry);
    registerNaiveGatherScatterKernels(registry);
    registerNaivePadResizeKernels(registry);
    registerNaiveSliceConcatKernels(registry);
    registerNaiveFusedConvMatMulKernels(registry);
}

}  // namespace kiln::naive
