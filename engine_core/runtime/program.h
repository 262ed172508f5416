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

private:
    const Graph* graph_;
    std::vector<const Node*> order_;
    RunPlan plan_;
    std::vector<ProgramStep> steps_;
    std::vector<Device> slotDevices_;
    std::vector<std::vector<const Tensor*>> constants_;  // per step, per input
    std::map<std::pair<const Value*, int>, Tensor> uploads_;  // (constant, backend index) -> device copy
    std::vector<std::shared_ptr<const Backend>> backends_;
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

private:
    friend void runProgram(const Program&, RunState&, const RunHooks&);
    void placeOutputs();  // output placements from the plan and the bound outputs
    bool inArena(const void* p) const;
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
};

// Runs every step. Graph inputs must be bound (RunState::bind); a missing one is an Internal error
// (callers check inputs first). Errors from kernels propagate as they are.
void runProgram(const Program& program, RunState& state, const RunHooks& hooks = {});

}  // namespace kiln
