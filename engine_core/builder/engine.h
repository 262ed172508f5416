// Engine: the immutable result of a build (TensorRT's ICudaEngine / "plan"). It holds the optimized
// graph as a list of layers (with provenance, tactic and precision), the weights, the optimization
// profiles, the builder config and the plugins it needs, and serializes to a versioned, checksummed
// binary file (docs/engine-format.md). ExecutionContexts run it; several may run at once.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine_core/builder/builder_config.h"
#include "engine_core/builder/plugin.h"
#include "engine_core/ir/graph.h"
#include "engine_core/quantization/calibration_cache.h"
#include "engine_core/runtime/backend.h"
#include "engine_core/runtime/batch_split.h"
#include "engine_core/runtime/memory_plan.h"
#include "engine_core/runtime/program.h"

namespace kiln {

class ExecutionContext;

enum class LayerKind {
    Kernel,  // a backend kernel (reformat layers, kiln::Reformat, are kernels too)
    Plugin,  // a plugin's implementation
    Copy,    // kiln::Copy, inserted by the builder where a tensor moves between devices
};
std::string_view layerKindName(LayerKind kind);  // "kernel", "plugin", "copy"

struct EngineLayer {
    std::string name;  // unique within the engine; the optimized node's label
    std::string opType;
    std::string domain;  // "" for ai.onnx, "kiln" for fused ops, the plugin's domain for plugins
    LayerKind kind = LayerKind::Kernel;
    std::vector<std::string> inputs;   // tensor names, "" for an omitted optional input
    std::vector<std::string> outputs;  // tensor names: a fused layer's output keeps the ONNX tensor name
    std::vector<std::string> origin;   // ONNX node names it came from, in original order; empty for
                                       // layers the builder inserted (copies, reformats)
    std::string backend = "cpu";       // where it runs
    std::string tactic;                // kernel layers: the chosen tactic; plugin layers: "plugin"
    std::string tacticData;            // the tactic's chosen variant (opaque, kernel-specific)
    Precision precision = Precision::FP32;  // the layer's precision (network default and overrides)
    Precision computed = Precision::FP32;   // what its kernel computes in
    TensorFormat format = TensorFormat::Linear;  // the layout of its activations
    float tacticMs = -1.f;             // median time of the tactic at profile 0's opt shapes; -1 = not timed
    uint64_t workspaceBytes = 0;       // scratch at the max shapes (the largest over the profiles)
    std::string pluginVersion;         // plugin layers only
    // Why the layer runs where and how it does, when that is not the plain choice: "falls back to
    // cpu: no cuda kernel for op Einsum", "copies 'x' to cuda:0", "nchw -> nhwc for 'conv1'".
    std::string note;
};

// The sizes an engine's memory plan is made from, per optimization profile (at its max shapes).
struct EngineMemory {
    std::map<std::string, uint64_t> tensorBytes;  // per tensor the arena holds (not inputs, outputs, constants)
    std::vector<uint64_t> layerScratch;           // per layer
    bool operator==(const EngineMemory&) const = default;
};

struct EngineTensor {
    std::string name;
    DataType dtype = DataType::Undefined;
    Shape shape;  // as declared (may be symbolic)
};

struct RequiredPlugin {
    std::string name;  // "domain::opType"
    std::string version;
    bool operator==(const RequiredPlugin&) const = default;
};

// What the engine file's header says about where it was built.
struct EngineHeader {
    uint32_t formatVersion = 0;
    std::string kilnVersion;
    std::string backend = "cpu";  // the backend the engine was built for (layers may fall back to cpu)
    std::string device;  // "Intel(R) Xeon(R) ... (2 threads)", "NVIDIA H100 (sm_90, ...)"
    std::string arch;    // compatibility key: "x86_64" on CPU, the device string on CUDA
    std::map<std::string, std::string> libraryVersions;  // "onnx", "openblas", "protobuf", "cuda", "cudnn"
};

// The engine file format version this Kiln writes and reads.
// 2: adds the calibration section (dynamic ranges).
// 3: layers record their backend, computed precision, format, tactic data, workspace and note;
//    copy layers; per-profile memory sizes. Older files are refused ("rebuild the engine").
// 4: graph attributes (If/Loop/Scan bodies, attribute type code 8).
constexpr uint32_t kEngineFormatVersion = 4;

// The header Kiln writes for a build on `backend` here and now.
EngineHeader currentEngineHeader(const Backend& backend);

struct EngineLoadOptions {
    // Plugins are looked up here (default: PluginRegistry::global()).
    const PluginRegistry* plugins = nullptr;
};

namespace engine_io {
class ByteWriter;
}

class Engine : public std::enable_shared_from_this<Engine> {
public:
    // Reads and checks an engine file. Refuses, with one error that names both sides where it
    // applies: not an engine file, another format version, a truncated file, a checksum mismatch,
    // an engine built for another backend or device ("engine built for backend cuda (NVIDIA H100),
    // this is cpu (...)"), a required plugin that is missing or has another version.
    static std::shared_ptr<const Engine> load(const std::string& path, const EngineLoadOptions& options = {});
    static std::shared_ptr<const Engine> deserialize(const std::string& bytes, const std::string& source,
                                                     const EngineLoadOptions& options = {});

    // The file contents. Deterministic: serialize(deserialize(serialize(e))) is byte-identical.
    std::string serialize() const;
    // Writes to a temporary file next to `path`, then renames: a failed save leaves no partial file.
    void save(const std::string& path) const;

    // Any number of contexts; each keeps only its own per-run state.
    std::unique_ptr<ExecutionContext> createExecutionContext() const;

    const EngineHeader& header() const { return header_; }
    const std::vector<EngineLayer>& layers() const { return layers_; }
    const EngineLayer* findLayer(const std::string& name) const;
    const std::vector<EngineTensor>& inputs() const { return inputs_; }
    const std::vector<EngineTensor>& outputs() const { return outputs_; }
    const std::vector<OptimizationProfile>& profiles() const { return profiles_; }
    const BuilderConfig& config() const { return config_; }
    const std::vector<RequiredPlugin>& requiredPlugins() const { return plugins_; }
    // INT8 calibration: the algorithm and the dynamic range (amax) of each engine tensor that has
    // one; empty when the build did not calibrate (int8 not allowed).
    const CalibrationTable& calibration() const { return calibration_; }
    std::optional<float> dynamicRange(const std::string& tensor) const;
    // The optimized graph the layers run (nodes in layer order; node i is layers()[i]).
    const Graph& graph() const { return *graph_; }
    int64_t weightBytes() const;
    // The activation memory an execution context holds for a profile: its arenas, planned from the
    // tensors' lifetimes and their sizes at the profile's max shapes.
    const MemoryPlan& memoryPlan(int profile) const { return memoryPlans_.at(size_t(profile)); }
    const std::vector<EngineMemory>& memory() const { return memory_; }
    std::string summary() const;  // a few lines: backend, device, layers, weights, memory, profiles

    // A copy of this CPU engine that emulates a GPU build's fp16 or bf16 layers (`kiln compare
    // --emulate`): its float weights rounded to `p` (to nearest even), and every run rounds the float
    // inputs and every float tensor a layer writes to `p` at the layer boundary, computing in fp32 in
    // between, as the CUDA kernels do (fp32 accumulation, fp16/bf16 storage). Layers with a float
    // output report `p` as their computed precision, so comparisons hold them to p's threshold. Not
    // saved: serialize() refuses it. InvalidArgument for p other than FP16/BF16, Unsupported for an
    // engine with layers off the cpu backend.
    // Per-layer pins are honoured as a GPU build honours them: a layer that an override of the
    // engine's config.layerPrecisions, or of `pins` (appended to them, the last match winning as in
    // resolveLayerPrecision), sets to fp32 (or tf32, int8, fp8: not emulated) computes and stores in
    // fp32 and keeps its weights; one set to fp16/bf16 is rounded to that. A float tensor is stored
    // rounded when its producer is rounded or any layer reading it is (the cast a GPU build inserts
    // before a reduced-precision layer), so a pinned layer feeding a rounded one still hands it
    // rounded values, and a model input or weight read only by pinned layers stays fp32. A layer the
    // builder inserted (a reformat, no ONNX origin) follows the layers that feed it.
    // `originOpTypes` (ONNX node name -> op type) lets an override by op type match a fused layer
    // through the op types of the nodes it came from, as the builder does; without it only the
    // layer's own op type is seen.
    std::shared_ptr<const Engine> withEmulatedRounding(
        Precision p, const std::vector<LayerPrecisionOverride>& pins = {},
        const std::map<std::string, std::string>* originOpTypes = nullptr) const;
    // FP16 or BF16 for such a copy, FP32 otherwise.
    Precision emulatedRounding() const { return emulated_; }
    // What an emulating copy rounds output `output` of layer `layer` to: FP16, BF16, or FP32 for
    // not rounded (layers pinned to fp32 and read only by such layers, copies, other engines).
    Precision emulatedOutputRounding(size_t layer, size_t output) const;
    // The same for the engine input `name` (FP32 when every layer reading it is pinned to fp32).
    Precision emulatedInputRounding(const std::string& name) const;

    // Internal: the builder and the loader assemble engines through this.
    struct Parts {
        EngineHeader header;
        std::unique_ptr<Graph> graph;  // nodes created in layer order
        std::vector<EngineLayer> layers;
        std::vector<OptimizationProfile> profiles;
        BuilderConfig config;
        std::vector<RequiredPlugin> plugins;
        CalibrationTable calibration;
        std::vector<EngineMemory> memory;  // one per profile
    };
    // Resolves backend kernels/tactics and plugins; throws if something the engine needs is missing.
    static std::shared_ptr<const Engine> assemble(Parts parts, const PluginRegistry& registry);

    // The layers as the run loop runs them: one step per layer, kernels prepared once, constants
    // uploaded to the devices that read them (runtime/program.h).
    const Program& program() const { return *program_; }
    // The backend the engine was built for (header().backend).
    const Backend& backend() const { return *backend_; }
    // Whether runs can be split by batch (CPU engines only; see runtime/batch_split.h).
    const BatchSplit& batchSplit() const { return batchSplit_; }

private:
    // The file contents into `w`, the weights as references to the engine's tensors (serialize()
    // flattens them, save() streams them to the file).
    void serializeTo(engine_io::ByteWriter& w) const;

    Engine() = default;

    EngineHeader header_;
    std::unique_ptr<Graph> graph_;
    std::vector<EngineLayer> layers_;
    std::vector<EngineTensor> inputs_, outputs_;
    std::vector<OptimizationProfile> profiles_;
    BuilderConfig config_;
    std::vector<RequiredPlugin> plugins_;
    CalibrationTable calibration_;
    std::vector<EngineMemory> memory_;
    std::unique_ptr<Program> program_;
    std::vector<MemoryPlan> memoryPlans_;  // one per profile
    std::shared_ptr<const Backend> backend_;
    BatchSplit batchSplit_;
    Precision emulated_ = Precision::FP32;
    std::vector<std::vector<Precision>> emulatedOutputs_;  // [layer][output], emulating copies only
    std::map<std::string, Precision> emulatedInputs_;      // engine inputs rounded, emulating copies only
};

// Rounds a host fp32 tensor's values to fp16 or bf16 (to nearest even) and back, in place, writing
// only the values that change; other dtypes and device tensors are left as they are. With
// clampToFp16Range, finite values beyond fp16's range become +-65504 (how weights are converted)
// instead of infinities (how a kernel's store rounds).
void roundFloatTensorTo(Tensor& t, Precision p, bool clampToFp16Range = false);

}  // namespace kiln
