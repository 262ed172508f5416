// The one run loop. A Program is a graph's nodes in execution order, each assigned to a backend
// with its kernel prepared; runProgram walks it. The reference Executor, an engine's
// ExecutionContext and the builder's tactic timing all run through here, so the three can't drift
// apart: the same slots, donations, frees, stream order, cancellation and output checks.
//
// A RunState holds one run's memory. Without a memory plan (the reference executor, the tactic
// timing run, debugging runs that keep every layer's output) each output is allocated as a kernel
// asks and freed after its last reader. With one (an execution context), every activation is
// written into its planned block of the context's arenas and the scratch into the workspace: a run
// allocates nothing (a kernel asking for more than was planned still gets memory; the run counts it
// as a spill).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine_core/ir/graph.h"
#include "engine_core/runtime/backend.h"
#include "engine_core/runtime/memory_plan.h"
#include "engine_core/runtime/run_plan.h"

namespace kiln {

class Plugin;
struct RunHooks;

enum class StepKind {
    Kernel,  // a kernel of the step's backend
    Plugin,  // a plugin layer (builder/plugin.h)
    Copy,    // kiln::Copy: moves a tensor between the host and the step backend's device
};

struct ProgramStep {
    StepKind kind = StepKind::Kernel;
    const Node* node = nullptr;
    std::shared_ptr<const Backend> backend;  // Copy: the device side of the copy
    const KernelDef* def = nullptr;          // Kernel steps
    std::string tacticData;                  // the chosen TacticVariant::data
    std::shared_ptr<const Plugin> plugin;    // Plugin steps
    std::unique_ptr<KernelInstance> kernel;  // Kernel steps, prepared once
    Precision precision = Precision::FP32;
    TensorFormat format = TensorFormat::Linear;
};

// The part of a program that runs on one device with nothing in between on the host: the steps
// after the copies of the graph inputs to the device and before the copies of the outputs back.
// trtexec's "GPU compute" is its time; a CUDA graph captures it.
struct DeviceSegment {
    size_t begin = 0, end = 0;  // steps [begin, end); empty when the program has no device steps
    int backend = -1;           // Program::backends() index of the device
    // Why the segment can't be captured into a graph ("" when it can): a layer on the host in the
    // middle, or a stream that can't capture.
    std::string whyNotCapturable;
    bool empty() const { return begin >= end; }
};

class Program {
public:
    // The nodes of `graph` in execution order; fill steps[i] (backend, def, ...) then call finalize().
    Program(const Graph& graph, std::vector<const Node*> order);
    Program(Program&&) = default;

    const Graph& graph() const { return *graph_; }
    const std::vector<const Node*>& order() const { return order_; }
    const RunPlan& plan() const { return plan_; }
    std::vector<ProgramStep>& steps() { return steps_; }
    const std::vector<ProgramStep>& steps() const { return steps_; }

    // Prepares every kernel step that has no instance yet, works out where each slot lives and
    // uploads the constants that device steps read (once; host inputs stay on the host).
    void finalize();
    // (Re)prepares step i after its def changed (the tactic selector's choice).
    void prepareStep(size_t i);

    // Where the value of each slot lives: the device of the step that writes it; graph inputs on the host.
    const std::vector<Device>& slotDevices() const { return slotDevices_; }
    // Input j of step i as the step reads it when it is a constant: the device copy for a device
    // step, the graph's tensor otherwise; nullptr when the input is not a constant.
    const Tensor* constantInput(size_t step, size_t input) const;
    // The backends the program runs on (one stream each), in first-use order.
    const std::vector<std::shared_ptr<const Backend>>& backends() const { return backends_; }
    // Set by finalize().
    const DeviceSegment& deviceSegment() const { return segment_; }

private:
    void findDeviceSegment();
    const Graph* graph_;
    std::vector<const Node*> order_;
    RunPlan plan_;
    std::vector<ProgramStep> steps_;
    std::vector<Device> slotDevices_;
    std::vector<std::vector<const Tensor*>> constants_;  // per step, per input
    std::map<std::pair<const Value*, int>, Tensor> uploads_;  // (constant, backend index) -> device copy
    std::vector<std::shared_ptr<const Backend>> backends_;
    DeviceSegment segment_;
};

// A device segment captured into a graph (CUDA graphs), kept by an execution context and replayed
// while the inputs keep the shapes it was captured for; other shapes capture again.
struct CapturedSegment {
    std::vector<int64_t> key;  // the bound inputs' dims (and the values of small integer inputs)
    bool warm = false;         // a run with these inputs ran uncaptured (the next one captures)
    std::unique_ptr<StreamGraph> graph;
    std::vector<std::pair<int, Tensor>> live;  // slots written in the segment and read after it
    size_t captures = 0;                       // captures so far
    size_t replays = 0;                        // launches of a graph captured by an earlier run
};

// One run's memory and bookkeeping. Made once per execution context (and per run where no plan
// is used); reusing it across runs is what makes planned runs allocation-free.
class RunState {
public:
    explicit RunState(const Program& program);
    ~RunState();

    // Plans every activation into arenas allocated from the program's backends (memory_plan.h).
    void useMemoryPlan(const MemoryPlan& plan);
    const MemoryPlan* memoryPlan() const { return plan_; }
    // Binds a graph input (read) or a graph output (written into when it fits) by slot.
    void bind(int slot, const Tensor& tensor);
    void unbindAll();
    // After a run: a slot's tensor (graph outputs stay until the next run).
    const Tensor* value(int slot) const;
    // Allocations made during the last run where the plan had no room.
    size_t spills() const { return spills_; }
    // Whether p points into this state's planned arenas (reused by the next run).
    bool inArena(const void* p) const;

private:
    friend void runProgram(const Program&, RunState&, const RunHooks&);
    void placeOutputs();  // output placements from the plan and the bound outputs
    const Program& program_;
    const MemoryPlan* plan_ = nullptr;
    std::vector<Buffer> arenas_;
    std::vector<Tensor> slots_;
    std::vector<char> present_;
    std::vector<char> bound_;
    std::vector<Tensor> boundOutputs_;  // per slot: the caller's output tensor, when bound
    std::vector<std::unique_ptr<Stream>> streams_;  // per program backend
    // Per step, flattened: input pointers, output pointers, output placements.
    std::vector<size_t> ioStart_;
    std::vector<const Tensor*> inputs_;
    std::vector<Tensor*> outputs_;
    std::vector<OutputPlacement> placements_;
    std::vector<Tensor> unusedOutputs_;  // targets for omitted outputs
    std::vector<void*> workspace_;       // per step: its device's workspace, or null
    std::vector<size_t> workspaceBytes_;
    std::vector<int64_t> graphKey_;  // the inputs' key of a graph run (reused: no allocation per run)
    std::unique_ptr<Timer> segmentTimer_;  // times the device segment (RunHooks::segmentMs)
    size_t spills_ = 0;
};

struct RunHooks {
    // Polled between steps; true stops the run with an error of kind Cancelled.
    std::function<bool()> cancelled;
    const char* cancelledMessage = "run cancelled";
    // Let kernels overwrite inputs that die at their step (planned runs decide this in the plan).
    bool donate = true;
    // Before step i's kernel runs, with the context it will run with (its real inputs): the tactic
    // selector times candidates here and may change the step's kernel through its own Program.
    std::function<void(size_t i, KernelContext& ctx)> beforeStep;
    // After step i ran: its context (the outputs) and its time when timeSteps (0 otherwise).
    std::function<void(size_t i, KernelContext& ctx, double ms)> afterStep;
    // Time each step through its backend's timer (a profiling run: each step waits for its device).
    bool timeSteps = false;
    // Run the device segment through a graph: replay the captured one when the inputs match it,
    // else capture (once) and launch. Not with timeSteps, beforeStep or afterStep (the segment's
    // steps don't run one by one). Fails (Unsupported) when the segment can't be captured.
    CapturedSegment* graph = nullptr;
    // The device segment's time (its backend's timer around it, no wait between its steps).
    double* segmentMs = nullptr;
};

// Runs every step. Graph inputs must be bound (RunState::bind); a missing one is an Internal error
// (callers check inputs first). Errors from kernels propagate as they are.
void runProgram(const Program& program, RunState& state, const RunHooks& hooks = {});

}  // namespace kiln
