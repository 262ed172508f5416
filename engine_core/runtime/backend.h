// The small interface every execution backend implements. The builder asks supportsOp() per layer
// so an unsupported layer is reported or falls back to the CPU, never silently wrong.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine_core/runtime/kernel.h"

namespace kiln {

class Backend {
public:
    virtual ~Backend() = default;
    virtual BackendKind kind() const = 0;
    virtual std::string name() const = 0;
    virtual std::string deviceName() const = 0;  // "cpu: 2 threads", "NVIDIA H100 (sm_90)"
    // True if this backend can run the node as it stands; otherwise `why` (if given) says why.
    virtual bool supportsOp(const Node& node, std::string* why) const = 0;
    // Runs one node. Inputs and outputs live in host memory for the CPU backend.
    virtual void execute(KernelContext& ctx) const = 0;

    // Tactics: alternative implementations of one op that the builder times against each other.
    // The candidate tactic names for this node, the reference first. Default: the reference only.
    virtual std::vector<std::string> tactics(const Node& node) const { return {kReferenceTactic}; }
    // False when `tactic` can't run this node with these inputs ("not applicable", not an error).
    virtual bool tacticApplicable(const KernelContext& ctx, const std::string& tactic) const {
        return tactic == kReferenceTactic;
    }
    // Runs one node with a tactic; a tactic that is not applicable to these inputs (another shape
    // within the profile) falls back to the reference. Default: execute().
    virtual void executeTactic(KernelContext& ctx, const std::string& tactic) const { execute(ctx); }
};

// The CPU reference backend over defaultKernelRegistry().
std::unique_ptr<Backend> makeCpuBackend();
// A CPU backend over another registry (the oracle's naive kernels, say), which must outlive it.
std::unique_ptr<Backend> makeCpuBackend(const KernelRegistry& registry);

// True when Kiln was built with the CUDA backend and a CUDA device is present; otherwise `why`
// says which of the two is missing.
bool cudaBackendAvailable(std::string* why);
// The CUDA backend on device `device`. Throws Unsupported when cudaBackendAvailable() is false.
// First stage: each layer copies its inputs to the device and its outputs back; device-resident
// bindings come with the engine runtime.
std::unique_ptr<Backend> makeCudaBackend(int device = 0);

}  // namespace kiln
