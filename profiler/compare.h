// Accuracy of an engine against the reference, per output and per layer, without breaking fusion
// (`kiln compare`, kiln-studio's accuracy view).
//
// The reference is the unoptimized model on the FP32 CPU Executor. Every engine layer's output
// keeps the name of the original ONNX tensor it replaces (the output of the last node it came
// from), so running the engine with ExecuteOptions::keepLayerOutputs and the reference with
// RunOptions::keepIntermediates gives pairs at every fused-layer boundary with the engine unchanged:
// nothing is marked as an output (marking outputs is what breaks fusion in TensorRT, issue 2232).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine_core/builder/engine.h"
#include "engine_core/ir/graph.h"
#include "engine_core/onnx/run_inputs.h"
#include "engine_core/runtime/executor.h"
#include "profiler/accuracy.h"

namespace kiln {

// Expected values for the engine's outputs other than the reference run's: the outputs stored with a
// test data set (test_data_set_N/output_K.pb), which `kiln run --test-data` compares against. Each
// output is held to the same rule as there: compareTensors under the tolerance, at the precision
// errorPrecisions gives it. The layer boundaries are still compared with the reference run.
struct StoredOutputs {
    struct Output {
        std::string name;        // the model output it is bound to (loadTestOutputs' rule)
        Tensor tensor;
        std::string file;        // where it came from, named in the report: "output_0.pb"
        std::string storedName;  // the TensorProto's own name field ("" when it has none)
    };
    std::string dataSet;  // "test_data_set_0"
    std::vector<Output> outputs;
};

// The stored outputs of one test data set (its output_K.pb), bound to the model's outputs as
// `kiln run --test-data` binds them (loadTestOutputs: by name, else in order); each keeps its file
// name and its own name field. `kiln compare --expected stored` and Kiln Studio's accuracy view.
StoredOutputs loadStoredOutputs(const Graph& model, const TestDataSet& set);

struct CompareOptions {
    // Norm by default: each tensor's threshold follows errorPrecisions (unless tolerance.maxNorm).
    Tolerance tolerance;
    bool perLayer = true;  // compare at every layer boundary, not only the outputs
    int profileIndex = 0;  // the engine's optimization profile used for the run
    // Set: the outputs it holds are compared with these instead of the reference run's (an output
    // without one still is compared with the reference). InvalidArgument when it names no engine output.
    std::optional<StoredOutputs> stored;
};

struct TensorAccuracy {
    TensorComparison comparison;
    ErrorHistogram histogram;
};

struct LayerAccuracy {
    size_t index = 0;  // execution order in the engine
    std::string layer;
    std::string type;
    std::vector<std::string> origin;          // ONNX node names it came from
    std::vector<TensorAccuracy> outputs;      // outputs that exist in the reference
    std::vector<std::string> notInReference;  // outputs the reference does not have (none expected)
    bool compared() const { return !outputs.empty(); }
    // NaN/inf over the compared outputs: the engine's values, and the reference's.
    NonFiniteCounts nonFinite() const;
    NonFiniteCounts referenceNonFinite() const;
    bool passed() const;
    // The output that stands for the layer (the CLI's table row, Kiln Studio's row): the first
    // failing one, else the one with the largest error under the rule (max_norm or max_abs).
    // nullptr when not compared.
    const TensorAccuracy* worst() const;
};

struct CompareReport {
    Tolerance tolerance;
    bool perLayer = false;
    std::vector<TensorAccuracy> outputs;  // the engine's outputs, in engine order
    std::vector<LayerAccuracy> layers;    // every engine layer when perLayer
    // The first layer (execution order) with an output outside tolerance: index into `layers`.
    std::optional<size_t> firstFailingLayer;
    // The first layer whose outputs hold a NaN or an infinity in the engine's run, and in the
    // reference's (indices into `layers`): where they differ, the engine made the first one.
    std::optional<size_t> firstNonFiniteLayer;
    std::optional<size_t> firstNonFiniteReferenceLayer;
    double referenceMs = 0, engineMs = 0;  // one run each (the keep-everything runs)
    // The rounding the engine emulated on the CPU (Engine::emulatedRounding: `kiln compare --emulate`,
    // Kiln Studio's "Emulate on the CPU"); FP32 for none. Written as "emulated": "fp16" / "bf16", or
    // null for none; a file without the field reads back as none.
    Precision emulated = Precision::FP32;
    // What the outputs were compared with: the reference run when storedDataSet is empty, else the
    // stored outputs of that test data set (CompareOptions::stored), by output name -> its file
    // ("probs" -> "output_0.pb"; an output not listed was compared with the reference). Written as
    // "expected": {"source": "reference"} or {"source": "stored_outputs", "data_set": ..., "files":
    // {...}}; a file without the field reads back as the reference.
    std::string storedDataSet;
    std::map<std::string, std::string> storedFiles;

    bool outputsPassed() const;
    // Outputs pass and, with perLayer, so does every compared layer boundary.
    bool passed() const;
    // Everything above (numbers, histograms, the first failing layer with its ONNX nodes). Non-finite
    // numbers are written as null.
    std::string toJson(const std::string& label = "") const;
};

// One run of the reference on some inputs: the model's outputs, plus every intermediate when
// perLayer. Engines built from one model and run on the same inputs can share it (two builds
// compared side by side run the reference once).
struct ReferenceRun {
    TensorMap inputs;   // what it ran on (tensors share storage with the caller's: don't change them in place)
    TensorMap tensors;  // by value name
    bool perLayer = false;
    double ms = 0;
    // Same names, dtypes, shapes and bytes as `other`.
    bool ranOn(const TensorMap& other) const;
};
ReferenceRun runReference(const Graph& model, const TensorMap& inputs, bool perLayer);

// Runs both on `inputs` and compares. The engine must come from `model` (same input and output
// names); an engine output the model lacks is an InvalidArgument naming it.
CompareReport compareWithReference(const Graph& model, const Engine& engine, const TensorMap& inputs,
                                   const CompareOptions& options);
// The same against a reference run made earlier on the same inputs (InvalidArgument when it ran on
// other inputs, or without intermediates for a per-layer comparison).
CompareReport compareWithReference(const Graph& model, const Engine& engine, const TensorMap& inputs,
                                   const ReferenceRun& reference, const CompareOptions& options);

// For every tensor an engine layer writes, the precision whose error it carries: the least exact
// (looserPrecision) computed precision among its layer and every layer upstream of it, so an fp32
// layer fed by fp16 layers is held to fp16's threshold, and the first layer whose error exceeds
// what its inputs' precision explains is the one reported. Tensors no layer writes are absent.
std::map<std::string, Precision> errorPrecisions(const Engine& engine);

// Several data sets in one JSON document: {"sets": [{"label": ..., ...}], "passed": bool}.
std::string compareReportsToJson(const std::vector<std::pair<std::string, CompareReport>>& reports);

}  // namespace kiln
