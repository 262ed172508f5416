// The kernel interface shared by every backend, and the explicit registry that maps
// (op type, domain, backend) to an implementation. Backends fill it in one function
// (registerCpuKernels, registerCudaKernels), never through static initializers.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "engine_core/ir/graph.h"

namespace kiln {

enum class BackendKind { Cpu, Cuda };
std::string_view backendName(BackendKind kind);

// What a kernel sees for one node execution: the node (attributes), input tensors (nullptr for an
// omitted optional input) and the outputs it must fill.
class KernelContext {
public:
    KernelContext(const Node& node, std::vector<const Tensor*> inputs, size_t numOutputs)
        : node_(node), inputs_(std::move(inputs)), outputs_(numOutputs) {}

    const Node& node() const { return node_; }
    size_t numInputs() const { return inputs_.size(); }
    size_t numOutputs() const { return outputs_.size(); }
    bool hasInput(size_t i) const { return i < inputs_.size() && inputs_[i] != nullptr; }
    const Tensor& input(size_t i) const;  // required; throws naming the node if missing
    const Tensor* optionalInput(size_t i) const { return hasInput(i) ? inputs_[i] : nullptr; }
    bool outputWanted(size_t i) const;  // false when the node's output slot is omitted

    // Allocates output i with the given type and dims and returns it. The storage is not cleared:
    // the kernel must write every element (the test suites poison it, see Tensor::uninitialized).
    Tensor& allocateOutput(size_t i, DataType dtype, const std::vector<int64_t>& dims);
    // The same, zero-filled: for kernels that accumulate into their output or write only part of it.
    Tensor& allocateZeroedOutput(size_t i, DataType dtype, const std::vector<int64_t>& dims);
    // Output `out` written in place over input `in` when the executor has donated that input (its
    // last reader is this node and nothing else holds its storage) and it has this dtype and size;
    // otherwise a fresh allocateOutput. For kernels whose output element i depends only on input
    // element i (element-wise ops), so overwriting as they go is safe.
    Tensor& allocateOutputReusing(size_t out, size_t in, DataType dtype, const std::vector<int64_t>& dims);
    // Called by executors: input i's value is not read after this node (see allocateOutputReusing).
    void donateInput(size_t i);
    // Sets output i to an existing tensor (may share storage with an input: Reshape, Identity).
    void setOutput(size_t i, Tensor tensor);
    Tensor& output(size_t i) { return outputs_.at(i); }
    std::vector<Tensor>& outputs() { return outputs_; }

    // Throws a kiln::Error of the given kind with "node 'name' (Op): " in front.
    template <typename... Args>
    [[noreturn]] void fail(ErrorKind kind, const Args&... args) const {
        ::kiln::fail(kind, "node '", node_.label(), "' (", node_.opType, "): ", args...);
    }

private:
    // Checks output slot i and the size of dims (the error names the node); returns the element count.
    int64_t checkOutput(size_t i, DataType dtype, const std::vector<int64_t>& dims) const;

    const Node& node_;
    std::vector<const Tensor*> inputs_;
    std::vector<Tensor> outputs_;
    std::vector<bool> donated_;
};

using KernelFn = void (*)(KernelContext&);
// Whether a tactic can run this node with these inputs (shapes, attributes, constant operands).
// Tactics answer "not applicable" instead of failing; the builder then skips them.
using KernelApplicableFn = bool (*)(const KernelContext&);

// The tactic name of the family's reference kernel (every op has one).
inline constexpr const char* kReferenceTactic = "reference";

struct KernelDef {
    KernelFn run = nullptr;
    // Element types the kernel accepts for its first input; empty means any.
    std::vector<DataType> types;
    // Several implementations of one (op, domain, backend) are told apart by their tactic name.
    std::string tactic = kReferenceTactic;
    KernelApplicableFn applicable = nullptr;  // nullptr: applicable whenever `types` accepts the input
};

class KernelRegistry {
public:
    // Adds a kernel; one with the same tactic name as an existing one replaces it.
    void add(const std::string& opType, BackendKind backend, KernelDef def, const std::string& domain = "");
    // The reference tactic (or the first registered when there is no reference one).
    const KernelDef* find(const std::string& opType, const std::string& domain, BackendKind backend) const;
    // A named tactic; nullptr when not registered.
    const KernelDef* find(const std::string& opType, const std::string& domain, BackendKind backend,
                          const std::string& tactic) const;
    // Every tactic, the reference one first, then in registration order.
    std::vector<const KernelDef*> findAll(const std::string& opType, const std::string& domain,
                                          BackendKind backend) const;
    std::vector<std::string> opTypes(BackendKind backend) const;  // sorted, "domain::Op" for non-default

private:
    // std::less<>: looked up by string views, so a lookup (one per node run) allocates nothing.
    std::map<std::tuple<std::string, std::string, BackendKind>, std::vector<KernelDef>, std::less<>> kernels_;
};

// Registers every CPU reference kernel (defined in kernels/cpu).
void registerCpuKernels(KernelRegistry& registry);

// Registers the CUDA kernels (defined in kernels/cuda; a no-op when built without CUDA).
void registerCudaKernels(KernelRegistry& registry);

// The process-wide registry with the CPU kernels (and, when built, the CUDA ones) registered.
const KernelRegistry& defaultKernelRegistry();

}  // namespace kiln
