// Plugins: ops Kiln does not know, supplied as C++ classes from a shared library
// (`kiln build --plugins libfoo.so`). An ONNX node whose (domain, op type) matches a registered
// plugin becomes a plugin layer; the engine file records the plugin's name and version, and loading
// the engine without that plugin registered is a clear error.
//
// A plugin library exports two C functions (see KILN_PLUGIN_ENTRY_POINTS below):
//   int  kiln_plugin_abi_version();                    // must return kiln::kPluginAbiVersion
//   void kiln_register_plugins(kiln::PluginRegistry*); // calls registry->add(...) per plugin
// The interface passes C++ objects (Tensor, Node, KernelContext), so a library must be built
// against the same Kiln headers and compiler; the ABI version guards against the obvious mismatch.
// The host executable exports Kiln's symbols (CMAKE_ENABLE_EXPORTS), which the library links to.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine_core/ir/graph.h"
#include "engine_core/runtime/kernel.h"

namespace kiln {

// Bump when Plugin, PluginRegistry, KernelContext, Tensor or Node change layout or virtuals.
constexpr int kPluginAbiVersion = 2;

// Type and (possibly symbolic) shape of one tensor, for build-time inference.
struct TensorDesc {
    DataType dtype = DataType::Undefined;
    Shape shape = Shape::unknownRank();
};

// One attribute a plugin reads: its serialized fields are exactly the node's attributes, stored in
// the engine like any layer's. Listing them lets the builder reject a missing required field early.
struct PluginField {
    std::string name;
    AttributeType type = AttributeType::Float;
    bool required = false;
};

class Plugin {
public:
    virtual ~Plugin();

    virtual std::string opType() const = 0;   // the ONNX op type it implements, "ScaledTanh"
    virtual std::string domain() const = 0;   // the ONNX domain, "kiln.sample"
    virtual std::string version() const = 0;  // recorded in engines; must match when loading
    // "domain::opType", the name used in engine files and messages.
    std::string name() const;

    // Input element types the CPU (and CUDA) implementation accept ("supported formats").
    virtual std::vector<DataType> supportedTypes() const = 0;
    virtual std::vector<PluginField> fields() const { return {}; }
    // Output types/shapes from the inputs' (possibly symbolic) ones; one entry per node output.
    // Throws InvalidModel (naming the node) when the inputs don't fit.
    virtual std::vector<TensorDesc> inferOutputs(const Node& node, const std::vector<TensorDesc>& inputs) const = 0;

    // Runs on the CPU: same contract as a kernel (allocate outputs through ctx).
    virtual void runCpu(KernelContext& ctx) const = 0;
    // Optional CUDA implementation: false when the plugin has none (the default).
    virtual bool supportsCuda() const { return false; }
    virtual void runCuda(KernelContext& ctx) const;  // default: throws Unsupported

    // Checks that it runs on `device` (runCpu on the host, runCuda on a GPU), fields() (presence and
    // type) and the first input's type; `why` says what is wrong.
    bool accepts(const Node& node, DeviceType device, std::string* why) const;
};

struct PluginInfo {
    std::string name;  // "domain::opType"
    std::string version;
    std::string library;  // the path it was loaded from; "" when registered in-process
};

// Thread-safe. Keyed by (domain, op type); one plugin per key.
class PluginRegistry {
public:
    // Registers a plugin. Re-registering the same key with the same version is a no-op; another
    // version is an InvalidArgument naming both.
    void add(std::shared_ptr<const Plugin> plugin);
    // nullptr when none is registered for (domain, opType).
    std::shared_ptr<const Plugin> find(const std::string& domain, const std::string& opType) const;
    std::vector<PluginInfo> list() const;

    // The process-wide registry: used by buildEngine and Engine::load unless told otherwise.
    static PluginRegistry& global();

private:
    friend void loadPluginLibrary(const std::string& path, PluginRegistry& registry);
    mutable std::mutex mutex_;
    std::vector<std::shared_ptr<const Plugin>> plugins_;
    std::vector<std::string> libraries_;  // parallel to plugins_
    std::string loadingLibrary_;           // set while a library's entry point runs
};

// dlopens `path` and calls its entry points. Errors (InvalidArgument/Io) name the file: missing
// file, not a shared library, missing symbol, ABI version mismatch. A library stays loaded for the
// life of the process (its code backs the registered plugins); loading it twice is harmless.
void loadPluginLibrary(const std::string& path, PluginRegistry& registry = PluginRegistry::global());

}  // namespace kiln

// The exports a plugin library defines (in exactly one source file).
#define KILN_PLUGIN_EXPORT extern "C" __attribute__((visibility("default")))
#define KILN_PLUGIN_ABI_FUNCTION kiln_plugin_abi_version
#define KILN_PLUGIN_REGISTER_FUNCTION kiln_register_plugins
