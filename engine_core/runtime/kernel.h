// Kernels: the definition a backend registers per op (its type constraints, precision, format and
// memory needs), the instance prepared once per layer, and the context a kernel runs in. Each
// backend fills its own KernelRegistry in one explicit function (registerCpuKernels, the CUDA
// module's registerCudaKernels), never through static initializers; a registry is keyed by
// (op type, domain) and holds each implementation with its tactic name, precision and format, as
// ONNX Runtime's KernelDef keys a kernel by op, provider, type constraints and memory types.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine_core/ir/graph.h"
#include "engine_core/ir/precision.h"

namespace kiln {

class Backend;
class Stream;
class KernelContext;

// The tactic name of a family's reference kernel (every op a backend runs has one).
inline constexpr const char* kReferenceTactic = "reference";

// A kernel prepared for one layer: packed weights, a cuBLASLt plan, a cuDNN execution plan. Made
// once when an engine is built or loaded, then run every inference on the context's stream.
class KernelInstance {
public:
    virtual ~KernelInstance() = default;
    virtual void run(KernelContext& ctx) const = 0;  // instances are shared by execution contexts
};

// What preparation sees: the layer, where it runs, and the variant the builder chose.
struct PrepareContext {
    const Node& node;
    const Backend& backend;
    Precision precision = Precision::FP32;
    TensorFormat format = TensorFormat::Linear;
    std::string_view tacticData;  // the chosen TacticVariant::data; "" when the kernel has no variants
};

// One of several configurations of one kernel for one layer (cuBLASLt's heuristic algorithms,
// cuDNN's engine configs): timed by the builder like separate tactics, stored with the layer.
struct TacticVariant {
    std::string label;  // shown after the tactic name: "cublaslt#3"
    std::string data;   // opaque, handed back to prepare
};

using KernelFn = void (*)(KernelContext&);
// Whether a tactic can run this node with these inputs (shapes, attributes, constant operands).
// Tactics answer "not applicable" instead of failing; the builder then skips them.
using KernelApplicableFn = bool (*)(const KernelContext&);
using KernelPrepareFn = std::unique_ptr<KernelInstance> (*)(const PrepareContext&);
using KernelVariantsFn = std::vector<TacticVariant> (*)(const PrepareContext&);

// Element types one input or output accepts; empty means any.
using TypeSet = std::vector<DataType>;

struct KernelDef {
    KernelDef() = default;
    // The common registration: {run, types} or {run, types, tactic, applicable}.
    KernelDef(KernelFn run_, TypeSet types_, std::string tactic_ = kReferenceTactic, KernelApplicableFn applicable_ = nullptr)
        : run(run_), types(std::move(types_)), tactic(std::move(tactic_)), applicable(applicable_) {}

    KernelFn run = nullptr;  // a kernel with nothing to prepare runs this (prepare == nullptr)
    // Shorthand for inputTypes[0] (most registrations constrain only the first input).
    TypeSet types;
    // Several implementations of one op are told apart by their tactic name.
    std::string tactic = kReferenceTactic;
    KernelApplicableFn applicable = nullptr;  // nullptr: applicable whenever the type constraints hold
    // Type constraints per input and per output; the last entry covers the rest (variadic ops).
    std::vector<TypeSet> inputTypes;
    std::vector<TypeSet> outputTypes;
    // The precision its floating-point math runs in, and the layout of its activations of rank 3-5.
    Precision precision = Precision::FP32;
    TensorFormat format = TensorFormat::Linear;
    // Bit i: input i is read on the host whatever the backend (shape tensors, axes, sizes), as ONNX
    // Runtime's OrtMemTypeCPUInput. The builder keeps such inputs in host memory.
    uint32_t hostInputs = 0;
    // (output, input): the output may be a view of the input's memory (Reshape, Identity, a Resize
    // by 1): the memory planner keeps the input's block alive as long as the output. The output
    // still gets a block of its own, for when the kernel writes it.
    std::vector<std::pair<int, int>> aliases;
    // (output, input): the kernel may write the output over the input when the input dies at this
    // layer (element-wise ops): the memory planner may give both one block.
    std::vector<std::pair<int, int>> inPlace;
    KernelPrepareFn prepare = nullptr;    // nullptr: the instance runs `run`
    KernelVariantsFn variants = nullptr;  // nullptr: one configuration

    // Whether input/output i accepts dtype t (Undefined always passes: not known before a run).
    bool acceptsInput(size_t i, DataType t) const;
    bool acceptsOutput(size_t i, DataType t) const;
};

class KernelRegistry {
public:
    // Adds a kernel; one with the same (tactic, precision, format) as an existing one replaces it.
    void add(const std::string& opType, KernelDef def, const std::string& domain = "");
    // The reference tactic at fp32 and linear format (or the first registered).
    const KernelDef* find(std::string_view opType, std::string_view domain) const;
    // A named tactic at any precision and format; nullptr when not registered.
    const KernelDef* find(std::string_view opType, std::string_view domain, std::string_view tactic) const;
    // Every implementation, the reference one first, then in registration order.
    std::vector<const KernelDef*> findAll(std::string_view opType, std::string_view domain) const;
    // Those of one precision and format.
    std::vector<const KernelDef*> findAll(std::string_view opType, std::string_view domain, Precision precision,
                                          TensorFormat format) const;
    std::vector<std::string> opTypes() const;  // sorted, "domain::Op" for non-default domains
    size_t size() const;                       // registered implementations

private:
    // (op type, domain), looked up by string views, so a lookup allocates nothing.
    using Key = std::pair<std::string, std::string>;
    using KeyView = std::pair<std::string_view, std::string_view>;
    struct KeyLess {
        using is_transparent = void;
        static KeyView view(const Key& k) { return {k.first, k.second}; }
        static KeyView view(const KeyView& k) { return k; }
        template <typename A, typename B>
        bool operator()(const A& a, const B& b) const {
            return view(a) < view(b);
        }
    };
    std::map<Key, std::vector<KernelDef>, KeyLess> kernels_;
};

// Where a run loop wants an output written: a block of an execution context's arena (or a tensor
// the caller bound). A kernel's allocateOutput lands here when it fits; otherwise it allocates.
struct OutputPlacement {
    void* data = nullptr;
    size_t capacity = 0;
    Device device;
    TensorFormat format = TensorFormat::Linear;
    // The run expects this output to be allocated (unplanned runs; outputs returned to the caller).
    // When false, an allocation here is a spill: the plan had no room.
    bool mayAllocate = true;
};

// What the run loop gives a step besides its tensors.
struct StepResources {
    Stream* stream = nullptr;
    const Backend* backend = nullptr;
    Precision precision = Precision::FP32;
    TensorFormat format = TensorFormat::Linear;
    // The layer's scratch memory on its device: a slice of the context's arena; null = heap scratch.
    void* workspace = nullptr;
    size_t workspaceBytes = 0;
    std::span<const OutputPlacement> placements;  // per output; empty = allocate
    // Counts allocations a run made where the plan had no room (spills); null = don't count.
    size_t* spills = nullptr;
};

// What a kernel sees for one layer execution: the node (attributes), input tensors (nullptr for an
// omitted optional input), the outputs it must fill, and the step's stream, workspace and precision.
class KernelContext {
public:
    // Standalone (tests, tactic probes): owns its outputs, allocates them and its scratch. With
    // resources, outputs are allocated on the device `placements` name (resources.placements is
    // copied).
    KernelContext(const Node& node, std::vector<const Tensor*> inputs, size_t numOutputs);
    KernelContext(const Node& node, std::vector<const Tensor*> inputs, size_t numOutputs, const StepResources& resources);
    // Run-loop form: inputs and outputs are the run's slots; nothing is allocated here.
    KernelContext(const Node& node, std::span<const Tensor* const> inputs, std::span<Tensor* const> outputs,
                  const StepResources& resources);
    ~KernelContext();
    KernelContext(const KernelContext&) = delete;
    KernelContext& operator=(const KernelContext&) = delete;

    const Node& node() const { return node_; }
    size_t numInputs() const { return inputs_.size(); }
    size_t numOutputs() const { return outputs_.size(); }
    bool hasInput(size_t i) const { return i < inputs_.size() && inputs_[i] != nullptr; }
    const Tensor& input(size_t i) const;  // required; throws naming the node if missing
    const Tensor* optionalInput(size_t i) const { return hasInput(i) ? inputs_[i] : nullptr; }
    bool outputWanted(size_t i) const;  // false when the node's output slot is omitted

    Stream* stream() const { return resources_.stream; }
    const Backend* backend() const { return resources_.backend; }
    Precision precision() const { return resources_.precision; }
    TensorFormat format() const { return resources_.format; }

    // Allocates output i with the given type and dims and returns it: in the block the run planned
    // for it when that fits (no allocation), else new memory on the output's device. The storage is
    // not cleared: the kernel must write every element (the test suites poison it, see
    // Tensor::uninitialized).
    Tensor& allocateOutput(size_t i, DataType dtype, std::span<const int64_t> dims);
    Tensor& allocateOutput(size_t i, DataType dtype, const std::vector<int64_t>& dims) {
        return allocateOutput(i, dtype, std::span<const int64_t>(dims));
    }
    Tensor& allocateOutput(size_t i, DataType dtype, std::initializer_list<int64_t> dims) {
        return allocateOutput(i, dtype, std::span<const int64_t>(dims.begin(), dims.size()));
    }
    // The same, zero-filled (host outputs only): for kernels that accumulate into their output.
    Tensor& allocateZeroedOutput(size_t i, DataType dtype, std::span<const int64_t> dims);
    // Output `out` written in place over input `in` when the run allows it: the executor donated that
    // input (its last reader is this node and nothing else holds its storage), or the memory plan
    // gave both one block; otherwise a fresh allocateOutput. For kernels whose output element i
    // depends only on input element i (element-wise ops), so overwriting as they go is safe.
    Tensor& allocateOutputReusing(size_t out, size_t in, DataType dtype, std::span<const int64_t> dims);
    // Called by run loops: input i's value is not read after this node (see allocateOutputReusing).
    void donateInput(size_t i);
    // Sets output i to an existing tensor (may share storage with an input: Reshape, Identity).
    void setOutput(size_t i, Tensor tensor);
    // Output i as a view of input `in` with new dims (same element count): no allocation.
    Tensor& setOutputView(size_t i, size_t in, std::span<const int64_t> dims);
    Tensor& output(size_t i) { return *outputs_[i]; }
    const Tensor& output(size_t i) const { return *outputs_[i]; }

    // Scratch memory for this execution, aligned to `alignment`: bump-allocated from the layer's
    // workspace when the run planned one (no allocation), else from the heap, freed with the
    // context. scratchUsed() is what the builder records as the layer's workspace.
    void* scratch(size_t bytes, size_t alignment = 64);
    template <typename T>
    T* scratchArray(size_t count) {
        return static_cast<T*>(scratch(count * sizeof(T), alignof(T) > 64 ? alignof(T) : 64));
    }
    size_t scratchUsed() const { return scratchUsed_; }

    // Throws a kiln::Error of the given kind with "node 'name' (Op): " in front.
    template <typename... Args>
    [[noreturn]] void fail(ErrorKind kind, const Args&... args) const {
        ::kiln::fail(kind, "node '", node_.label(), "' (", node_.opType, "): ", args...);
    }

private:
    // Checks output slot i and the size of dims (the error names the node); returns the element count.
    int64_t checkOutput(size_t i, DataType dtype, std::span<const int64_t> dims) const;

    const Node& node_;
    std::span<const Tensor* const> inputs_;
    std::span<Tensor* const> outputs_;
    StepResources resources_;
    uint64_t donated_ = 0;  // bit i: input i donated (inputs past 64 are never donated)
    size_t scratchUsed_ = 0;
    // Standalone form only: the storage behind the spans and the heap scratch blocks.
    struct Owned;
    std::unique_ptr<Owned> owned_;
};

// A kernel whose output 0 may be its input 0 seen with other dims or as is (Reshape, Identity, a
// Cast to the same type): KernelDef{run, types} with aliases = {(0, 0)}.
KernelDef viewKernel(KernelFn run, TypeSet types = {});

// Runs a kernel that has nothing to prepare: the instance every plain KernelDef gets.
std::unique_ptr<KernelInstance> makeFunctionKernel(KernelFn run);

// Registers every CPU kernel (defined in kernels/cpu) into the CPU backend's registry.
void registerCpuKernels(KernelRegistry& registry);
// The CPU backend's registry, filled once.
const KernelRegistry& cpuKernelRegistry();
// The format the CPU backend's layout pass gives a node (Backend::preferredFormat): channels last
// (NHWC) for the int8 layers of a run that holds at least two kiln::Int8Conv, so activations stay
// channels last between them; linear otherwise (kernels/cpu/int8_layers.cpp).
TensorFormat cpuPreferredFormat(const Node& node, Precision precision);

}  // namespace kiln
