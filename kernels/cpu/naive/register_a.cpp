// Registers family A of the oracle (naive) kernels: elementwise, activations, Cast, normalization,
// softmax, reductions and the fused kiln::Pointwise / kiln::Attention. An explicit list, into a
// registry the caller owns (never defaultKernelRegistry()).
#include "kernels/cpu/naive/naive.h"

namespace kiln::naive {

void registerNaiveKernelsA(KernelRegistry& registry) {
    registerNaiveElementwiseKernels(registry);
    registerNaiveElementwiseBinaryKernels(registry);
    registerNaiveActivationKernels(registry);
    registerNaiveCastKernels(registry);
    registerNaiveNormalizationKernels(registry);
    registerNaiveSoftmaxKernels(registry);
    registerNaiveReduceKernels(registry);
    registerNaiveFusedKernels(registry);
}

}  // namespace kiln::naive
