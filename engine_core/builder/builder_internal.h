// The builder's stages after optimization, shared by builder.cpp and its helpers:
//   assignment   every layer gets a backend (the chosen one, or the CPU when that can't run it),
//                a format (the backend's preferred layout) and a precision
//   transfers    kiln::Copy and kiln::Reformat layers where a tensor changes device or format
//   tactics      the run loop at profile 0's opt shapes times each layer's candidate kernels
//   sizing       the tensor and scratch sizes at each profile's max shapes, for the memory plan
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "engine_core/builder/builder.h"
#include "engine_core/builder/timing_cache.h"
#include "engine_core/runtime/program.h"

namespace kiln::build {

struct LayerAssignment {
    std::shared_ptr<const Backend> backend;
    std::shared_ptr<const Plugin> plugin;  // plugin layers
    Precision precision = Precision::FP32;  // the layer's precision (config and overrides)
    TensorFormat format = TensorFormat::Linear;
    // The type its fp32 activations are stored in: Float16/BFloat16 for a device layer of that
    // precision whose kernels store it (insertTransfers decides; Cast layers convert at the edges),
    // Undefined when they stay as the model has them.
    DataType storage = DataType::Undefined;
    std::string note;  // why it is not on the chosen backend, or what an inserted layer does
};

// "conv1 (from ONNX nodes 'a', 'b')" helpers for messages.
std::string originText(const Node& n);
std::string opText(const Node& n);

// Per node of `order`: backend, precision and format. A node the chosen backend can't run falls back
// to the CPU (with a note saying why); one nothing can run is listed in one Unsupported error.
// Layers named in `onHost` go to the CPU (no kernel of the backend applied to their inputs).
// Shape computations go to the CPU too (placeShapeComputationsOnHost).
std::vector<LayerAssignment> assignLayers(const std::vector<Node*>& order, const std::shared_ptr<const Backend>& primary,
                                          const PluginRegistry& plugins, const BuilderConfig& config,
                                          const std::map<std::string, std::string>& originOpTypes,
                                          std::vector<std::string>& warnings,
                                          const std::map<std::string, std::string>& onHost = {});

// Per layer of `order`, the inputs its candidate kernels read on the host (KernelDef::hostInputs,
// OR-ed over the candidates on its assigned backend; 0 for plugins).
std::vector<uint32_t> hostInputMasks(const std::vector<Node*>& order, const std::vector<LayerAssignment>& assignments);
inline bool readOnHost(uint32_t mask, size_t input) { return input < 32 && ((mask >> input) & 1u); }

// Shape and Size read only their input's dims (the tensor needs no copy to the host).
bool readsDimsOnly(const Node& n, size_t input);

// Shape computations on the host, as TensorRT's shape tensors: an integer-valued layer whose inputs
// are constants, graph inputs, dims (Shape, Size) or other such layers, and whose outputs are read
// only on the host (KernelDef::hostInputs of the layers reading them: Reshape's shape, Slice's
// starts) or by other such layers, runs on the CPU, so no tensor crosses to the device and back
// in the middle of a run (a D2H copy waits for the GPU) and a CUDA graph can hold the device layers.
void placeShapeComputationsOnHost(const std::vector<Node*>& order, std::vector<LayerAssignment>& assignments,
                                  const std::shared_ptr<const Backend>& cpu);

// Thrown by selectTactics when no kernel of a device layer applies to the layer's real inputs (a
// Resize mode, a rank the GPU kernel lacks): the builder puts that layer on the CPU and assigns again.
struct DeviceLayerNotApplicable {
    std::string layer;
    std::string why;
};

// Inserts kiln::Reformat (layout) and kiln::Copy (device) layers where a layer reads a tensor that
// lives on another device or in another format; graph inputs and outputs are host tensors in the
// linear format. Device layers of fp16/bf16 precision whose kernels store that type get their fp32
// activations and weights in it (LayerAssignment::storage), with Cast layers on the device where a
// tensor crosses to fp32 (a fp32 layer, a CPU layer, a graph output). Returns the new execution
// order with its assignments (inserted layers included).
void insertTransfers(Graph& graph, std::vector<Node*>& order, std::vector<LayerAssignment>& assignments);

// Whether a value is an activation the layer's format applies to (rank 3..5, not a constant).
bool isFormatted(const Value* v);

struct LayerChoice {
    const KernelDef* def = nullptr;
    std::string tactic = kReferenceTactic;  // def->tactic, with the variant's label after '#'
    std::string tacticData;
    float ms = -1.f;
};

// What the tactic and sizing runs measured.
struct Measured {
    std::vector<LayerChoice> choices;  // per step
    std::vector<EngineMemory> memory;  // per profile
};

// What tactic selection keeps across the builder's restarts (a layer moved to the CPU, fusions
// reverted): the timing cache, the signatures timed in this build (a restart finds them in the
// cache without counting them as cache hits), and each fused layer's comparison with its unfused
// nodes, by layer name, so no layer is compared twice.
struct TimingState {
    TimingCache cache;
    bool cacheChanged = false;
    std::set<std::string> timedThisBuild;
    std::map<std::string, FusionTiming> fusions;
    std::vector<std::string> fusionOrder;  // layer names in the order they were compared
};

// Whether the builder times this layer against its unfused nodes: kiln::FusedConv, FusedMatMul,
// Pointwise and Attention.
bool isComparableFusion(const Node& node);

// A fused layer is reverted when its unfused nodes take less than kUnfuseThreshold of its time and
// save at least kUnfuseMinSavingMs: timings on a busy machine are noisy (a narrow win is often a
// loss when idle), and below a few microseconds the host clock and the thread pool's dispatch
// decide the comparison, not the kernels (on tiny test models it flipped between runs).
inline constexpr float kUnfuseThreshold = 0.9f;
inline constexpr float kUnfuseMinSavingMs = 0.01f;

inline bool unfusedIsFaster(float fusedMs, float unfusedMs) {
    return unfusedMs >= 0 && fusedMs > 0 && unfusedMs < kUnfuseThreshold * fusedMs &&
           fusedMs - unfusedMs >= kUnfuseMinSavingMs;
}

// Builds the program (each layer's backend and candidate kernels), times the candidates at
// profile 0's opt shapes (through the timing cache) and records the sizes at each profile's max
// shapes. The program's steps end up with the chosen kernels. Fused layers not yet in
// state.fusions are timed against their unfused nodes and recorded there.
Measured selectTactics(Program& program, const std::vector<LayerAssignment>& assignments,
                       const std::vector<OptimizationProfile>& profiles, const BuilderConfig& config,
                       TimingState& state, const BuildCallbacks& callbacks, BuildReport& report);

}  // namespace kiln::build
