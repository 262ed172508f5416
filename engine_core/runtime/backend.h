// Backends: the small interface every execution backend implements, and the registry that finds
// them by name. A backend owns a device, its memory (allocators), its streams and timers, copies
// between its device and the host, and a kernel registry. The builder asks supportsOp() per layer,
// so a layer the chosen backend can't run falls back to the CPU, visibly, never silently wrong.
// ggml's ggml-backend-impl.h and ONNX Runtime's execution providers keep the same parts apart.
//
// Backends are registered by name. "cpu" (Kiln's optimized CPU kernels) and "oracle" (the plain
// naive kernels every other backend is tested against) are built in; "cuda" is a module
// (libkiln_backend_cuda.so) loaded the first time it is asked for, as ONNX Runtime loads its CUDA
// provider library, so kiln and kiln-studio neither link nor load the CUDA libraries until then and
// start on machines without them.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "engine_core/ir/allocator.h"
#include "engine_core/runtime/kernel.h"
#include "engine_core/runtime/stream.h"

namespace kiln {

class Backend {
public:
    virtual ~Backend() = default;

    // The registry name: "cpu", "oracle", "cuda", "emulated".
    virtual std::string_view id() const = 0;
    virtual Device device() const = 0;
    // "Intel(R) Xeon(R) ... (2 threads)", "NVIDIA H100 80GB HBM3 (sm_90, cuDNN 91900)".
    virtual std::string deviceName() const = 0;
    // What an engine built here is tied to: a CPU engine to the machine architecture ("x86_64"), a
    // CUDA engine to the GPU model and compute capability (tactics are tuned for one device).
    virtual std::string arch() const = 0;
    // Library versions recorded in engine headers ("cuda", "cudnn", "cublasLt").
    virtual std::map<std::string, std::string> libraryVersions() const { return {}; }

    virtual const KernelRegistry& kernels() const = 0;
    // Activation formats and precisions its kernels implement.
    virtual std::vector<TensorFormat> formats() const { return {TensorFormat::Linear}; }
    virtual std::vector<Precision> precisions() const { return {Precision::FP32}; }
    // Whether batches may run as one sub-batch per CPU thread (runtime/batch_split.h).
    virtual bool splitsBatches() const { return false; }
    // How much faster than a layer's reference tactic another must time to replace it (a fraction):
    // the noise of this backend's timer. Host wall clocks on a shared machine need a wide margin (a
    // narrow win measured under load is often a loss when idle); device timers (CUDA events, the
    // median of several runs) resolve a few percent.
    virtual double tacticMargin() const { return 0.15; }

    // Whether some kernel runs this node in `format`, at `precision` or (the fallback every backend
    // has) in fp32, with the node's known input and output types. `why` says what is missing.
    virtual bool supportsOp(const Node& node, Precision precision, TensorFormat format, std::string* why) const;
    bool supportsOp(const Node& node, std::string* why) const {
        return supportsOp(node, Precision::FP32, TensorFormat::Linear, why);
    }
    // The format the layout pass gives the node's activations on this backend.
    virtual TensorFormat preferredFormat(const Node& node, Precision precision) const { return TensorFormat::Linear; }
    // The candidate kernels (tactics) for a node, the reference first: those of `precision` whose
    // type constraints hold; when none, those of fp32 (the precision the layer then computes in).
    std::vector<const KernelDef*> candidates(const Node& node, Precision precision, TensorFormat format) const;

    // Memory of one kind on this backend's device (MemoryKind::Device is host memory on the CPU).
    virtual Allocator& allocator(MemoryKind kind) const = 0;
    virtual std::unique_ptr<Stream> createStream() const = 0;
    virtual std::unique_ptr<Timer> createTimer() const = 0;
    // A timer for one kernel's time (tactic timing, per-layer profiles): where the device allows, it
    // leaves out the device waiting for the host to enqueue the work (the CUDA backend's timer gate),
    // as a CUDA graph replays it. createTimer's marks time the work as enqueued, gaps and all.
    virtual std::unique_ptr<Timer> createKernelTimer() const { return createTimer(); }
    // Copies src into dst: same dtype, element count and format; one on this backend's device, the
    // other on the host (or both on the device). Enqueued on `stream`, which belongs to this
    // backend; a copy to the host has completed when it returns.
    virtual void copy(Tensor& dst, const Tensor& src, Stream& stream) const = 0;
    // A constant (weights, initializers) in this backend's memory, made once when an engine is
    // built or loaded. Host backends return the tensor itself.
    virtual Tensor upload(const Tensor& host) const;

    // The kernel instance of one layer: def.prepare, or the def's run function.
    std::unique_ptr<KernelInstance> prepare(const KernelDef& def, const PrepareContext& context) const;
};

// What a backend module (a shared library) exports, as extern "C":
//   int  kiln_backend_abi_version();                      // must return kiln::kBackendAbiVersion
//   void kiln_register_backends(kiln::BackendRegistry*);  // calls registry->add(...)
// The module links against libkiln_core, so it must be built from the same Kiln sources.
constexpr int kBackendAbiVersion = 4;  // 2: Stream's graph capture; 3: Backend::tacticMargin; 4: createKernelTimer

class BackendRegistry {
public:
    using Factory = std::function<std::shared_ptr<const Backend>(int deviceIndex)>;
    // True when the backend can run here (a device is present, its libraries load); else `why`.
    using Probe = std::function<bool(std::string* why)>;

    struct Entry {
        std::string id;
        std::string description;  // one line for `kiln backends` and the GUI
        Factory make;
        Probe available;          // null: always available
    };

    // Registers (or replaces) a backend.
    void add(Entry entry);
    // A backend whose code is in a module, loaded on first use from `library` (a file name looked up
    // next to libkiln_core, in $KILN_BACKEND_PATH, then by the dynamic loader's search).
    void addModule(std::string id, std::string description, std::string library);

    // Known names, built in or module (whether or not they can run here), sorted.
    std::vector<std::string> ids() const;
    bool known(std::string_view id) const;
    std::string description(std::string_view id) const;
    // Whether `id` can run here: loads its module if needed, then asks its probe. `why` says what
    // is missing: "libkiln_backend_cuda.so: libcudnn.so.9: cannot open shared object file", "no
    // CUDA device".
    bool available(std::string_view id, std::string* why = nullptr);
    // The backend on device `deviceIndex`, made once and shared. Throws InvalidArgument for an
    // unknown name (listing the known ones) and Unsupported when it can't run here (saying why).
    std::shared_ptr<const Backend> get(std::string_view id, int deviceIndex = 0);

    // The process-wide registry: cpu, oracle, the cuda module (when Kiln was built with it).
    static BackendRegistry& global();

private:
    struct Known {
        Entry entry;
        std::string library;      // module backends: the file to load
        bool loaded = false;      // module loaded (or tried)
        std::string loadError;    // why loading failed
        std::map<int, std::shared_ptr<const Backend>> instances;
    };
    Known* findKnown(std::string_view id);
    const Known* findKnown(std::string_view id) const;
    void loadModule(Known& known);

    mutable std::recursive_mutex mutex_;
    std::vector<Known> backends_;
};

// The built-in backends (the registry's constructors; tests make their own instances).
std::shared_ptr<const Backend> makeCpuBackend();
std::shared_ptr<const Backend> makeOracleBackend();
// A CPU-style backend over another kernel registry (the oracle is one; tests make others).
std::shared_ptr<const Backend> makeHostBackend(std::string id, const KernelRegistry& registry);

// The oracle's kernels: plain loops, no intrinsics, no BLAS (kernels/cpu/naive).
void registerNaiveKernels(KernelRegistry& registry);
const KernelRegistry& naiveKernelRegistry();

// The CPU's model name ("Intel(R) Xeon(R) ...") and machine architecture ("x86_64").
std::string cpuModelName();
std::string cpuArch();

}  // namespace kiln
