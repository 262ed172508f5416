#include "engine_core/builder/execution_context.h"

#include <algorithm>
#include <cstring>

#include "engine_core/ir/layout.h"

namespace kiln {

ExecutionContext::ExecutionContext(std::shared_ptr<const Engine> engine) : engine_(std::move(engine)) {
    KILN_CHECK(engine_, InvalidArgument, "ExecutionContext: no engine");
    state_ = std::make_unique<RunState>(engine_->program());
    if (!engine_->profiles().empty()) state_->useMemoryPlan(engine_->memoryPlan(0));
}

ExecutionContext::~ExecutionContext() = default;

void ExecutionContext::setOptimizationProfile(int index) {
    int n = int(engine_->profiles().size());
    KILN_CHECK(index >= 0 && index < n, InvalidArgument, "optimization profile ", index,
               " does not exist (the engine has ", n, " profile", n == 1 ? "" : "s", ")");
    std::lock_guard<std::mutex> lock(mutex_);
    if (index == profile_) return;
    profile_ = index;
    bound_.clear();
    state_ = std::make_unique<RunState>(engine_->program());
    state_->useMemoryPlan(engine_->memoryPlan(index));
    graph_ = CapturedSegment();  // captured for the old profile's memory
}

uint64_t ExecutionContext::memoryBytes() const {
    return engine_->profiles().empty() ? 0 : engine_->memoryPlan(profile_).totalBytes();
}

void ExecutionContext::checkInput(const Value& v, const Tensor& t) const {
    const OptimizationProfile* profile =
        engine_->profiles().empty() ? nullptr : &engine_->profiles().at(size_t(profile_));
    const ShapeRange* range = nullptr;
    if (profile) {
        auto it = profile->inputs.find(v.name);
        if (it != profile->inputs.end()) range = &it->second;
    }
    if (range) {
        KILN_CHECK(v.dtype == DataType::Undefined || t.dtype() == v.dtype, InvalidArgument, "input '", v.name,
                   "' expects ", dataTypeName(v.dtype), " but got ", dataTypeName(t.dtype()));
        KILN_CHECK(range->contains(t.dims()), InvalidArgument, "input '", v.name, "' has shape ", dimsToString(t.dims()),
                   ", outside optimization profile ", profile_, " (min ", dimsToString(range->min), ", max ",
                   dimsToString(range->max), ")");
        KILN_CHECK(t.device().isHost(), InvalidArgument, "input '", v.name, "' is on ", t.device().str(),
                   "; engine inputs are host tensors");
    } else {
        Executor::checkInput(v, t);
    }
}

void ExecutionContext::checkInputs(const TensorMap& inputs) const {
    const Graph& g = engine_->graph();
    for (const Value* v : g.runtimeInputs()) {
        auto it = inputs.find(v->name);
        KILN_CHECK(it != inputs.end(), InvalidArgument, "missing input '", v->name, "' (", dataTypeName(v->dtype),
                   v->shape.str(), ")");
        checkInput(*v, it->second);
    }
    for (const auto& [name, tensor] : inputs) {
        const Value* v = g.findValue(name);
        KILN_CHECK(v && v->isGraphInput && !v->isConstant(), InvalidArgument, "the engine has no input named '", name,
                   "'");
    }
}

TensorMap ExecutionContext::execute(const TensorMap& inputs, IProfiler* profiler) const {
    ExecuteOptions options;
    options.profiler = profiler;
    return execute(inputs, options);
}

TensorMap ExecutionContext::execute(const TensorMap& inputs, const ExecuteOptions& options) const {
    checkInputs(inputs);
    if (options.batchSplit && !options.profiler && !options.keepLayerOutputs && !options.useCudaGraph) {
        // Each part runs on its own thread with its own (unplanned) run state.
        auto part = [&](const TensorMap& slice, const std::function<bool()>& stop) {
            RunState state(engine_->program());
            for (const Value* v : engine_->graph().runtimeInputs())
                state.bind(engine_->program().plan().slotOf(v), slice.at(v->name));
            ExecuteOptions partOptions;
            partOptions.cancelled = stop;
            run(state, partOptions, nullptr);
            TensorMap out;
            for (const Value* v : engine_->graph().outputs()) {
                const Tensor* t = state.value(engine_->program().plan().slotOf(v));
                out[v->name] = t ? *t : *v->constant;
            }
            return out;
        };
        if (auto split = runBatchSplit(engine_->batchSplit(), inputs, options.cancelled, part)) {
            spills_ = 0;  // the parts ran unplanned, on the pool's threads: no planned block to spill from
            return *std::move(split);
        }
    }
    return executeWhole(inputs, options);
}

void ExecutionContext::run(RunState& state, const ExecuteOptions& options, TensorMap* layerOutputs) const {
    const auto& layers = engine_->layers();
    const Program& program = engine_->program();
    RunHooks hooks;
    hooks.cancelled = options.cancelled;
    hooks.cancelledMessage = "execution cancelled";
    hooks.donate = !layerOutputs;
    hooks.timeSteps = options.profiler != nullptr;
    hooks.segmentMs = options.deviceMs;
    if (options.useCudaGraph) {
        KILN_CHECK(!options.profiler && !layerOutputs, InvalidArgument,
                   "a CUDA graph run can't time or keep single layers: profile without --use-cuda-graph");
        // The graph holds the addresses of this context's planned memory.
        KILN_CHECK(&state == state_.get() && state.memoryPlan(), Internal, "a CUDA graph run outside the context's plan");
        hooks.graph = &graph_;
    }
    // An engine emulating fp16/bf16 rounding (Engine::withEmulatedRounding): the float inputs are
    // rounded as the engine's input cast does (copies: the caller's tensors stay as given), and each
    // layer's float outputs at its boundary, before anything reads them.
    const Precision emulated = engine_->emulatedRounding();
    if (emulated != Precision::FP32) {
        const RunPlan& plan = program.plan();
        for (const Value* v : engine_->graph().runtimeInputs()) {
            const Tensor* t = state.value(plan.slotOf(v));
            const Precision to = engine_->emulatedInputRounding(v->name);  // fp32: only pinned layers read it
            if (!t || t->dtype() != DataType::Float32 || to == Precision::FP32) continue;
            Tensor rounded = t->clone();
            roundFloatTensorTo(rounded, to);
            state.bind(plan.slotOf(v), rounded);
        }
    }
    if (options.profiler || layerOutputs || emulated != Precision::FP32) {
        hooks.afterStep = [&](size_t i, KernelContext& ctx, double ms) {
            if (emulated != Precision::FP32)  // per output: layers pinned to fp32 keep theirs
                for (size_t o = 0; o < program.steps()[i].node->outputs.size(); ++o) {
                    const Precision to = engine_->emulatedOutputRounding(i, o);
                    if (program.steps()[i].node->outputs[o] && to != Precision::FP32) roundFloatTensorTo(ctx.output(o), to);
                }
            if (options.profiler) options.profiler->reportLayerTime(layers[i].name, float(ms));
            if (!layerOutputs) return;
            const Node& node = *program.steps()[i].node;
            const bool inserted = layers[i].kind == LayerKind::Copy || layers[i].origin.empty();
            for (size_t o = 0; o < node.outputs.size(); ++o) {
                const Value* v = node.outputs[o];
                if (!v || (inserted && !v->isGraphOutput)) continue;  // copies and reformats are internal
                const Tensor& t = ctx.output(o);
                // Compared with the reference's tensors: on the host, in the linear layout.
                if (t.device().isHost()) {
                    (*layerOutputs)[v->name] = linearLayout(t);
                } else {
                    // A device tensor, brought to the host for the comparison: on the step's own
                    // stream, after the kernel that writes it.
                    Tensor host = Tensor(t.dtype(), t.dims()).relabeled(kHostDevice, t.format());
                    program.steps()[i].backend->copy(host, t, *ctx.stream());
                    Tensor linear = linearLayout(host);
                    // A layer storing fp16/bf16 where the model has fp32: compared as fp32.
                    const bool reduced = layers[i].computed == Precision::FP16 || layers[i].computed == Precision::BF16;
                    if (reduced && (linear.dtype() == DataType::Float16 || linear.dtype() == DataType::BFloat16)) {
                        Tensor f(DataType::Float32, linear.dims());
                        const std::vector<float> values = linear.toFloatVector();
                        std::copy(values.begin(), values.end(), f.data<float>());
                        linear = f;
                    }
                    (*layerOutputs)[v->name] = linear;
                }
            }
        };
    }
    runProgram(program, state, hooks);
    // Not spills_ = state.spills() here: the batch split's parts run this concurrently (a data race,
    // found by ThreadSanitizer); the callers that own the run record it.
}

TensorMap ExecutionContext::executeWhole(const TensorMap& inputs, const ExecuteOptions& options) const {
    const Graph& g = engine_->graph();
    const RunPlan& plan = engine_->program().plan();
    TensorMap result;
    auto collect = [&](const RunState& state) {
        for (const Value* v : g.outputs()) {
            const int s = plan.slotOf(v);
            const Tensor* t = v->isConstant() ? &*v->constant : state.value(s);
            KILN_CHECK(t, Internal, "engine output '", v->name, "' was not computed");
            // An output a view kernel made of a planned tensor (a Reshape of a layer's output)
            // lies in the arena, which the next run reuses and the context frees: copied out.
            result[v->name] = state.inArena(t->raw()) ? t->clone() : *t;
        }
    };
    if (options.keepLayerOutputs) {
        // Every layer's outputs are kept past their last reader: a run without the memory plan.
        RunState state(engine_->program());
        for (const Value* v : g.runtimeInputs()) state.bind(plan.slotOf(v), inputs.at(v->name));
        run(state, options, &result);
        spills_ = state.spills();
        collect(state);
        return result;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    // The caller's tensors for this run only; outputs are allocated and handed over.
    state_->unbindAll();
    for (const Value* v : g.runtimeInputs()) state_->bind(plan.slotOf(v), inputs.at(v->name));
    try {
        run(*state_, options, nullptr);
        spills_ = state_->spills();
    } catch (...) {
        state_->unbindAll();
        for (const auto& [name, tensor] : bound_) state_->bind(plan.slotOf(g.findValue(name)), tensor);
        throw;
    }
    collect(*state_);
    state_->unbindAll();
    // The tensors bound with setTensor come back for the next enqueue.
    for (const auto& [name, tensor] : bound_) state_->bind(plan.slotOf(g.findValue(name)), tensor);
    return result;
}

void ExecutionContext::setTensor(const std::string& name, const Tensor& tensor) {
    const Graph& g = engine_->graph();
    const Value* v = g.findValue(name);
    KILN_CHECK(v && ((v->isGraphInput && !v->isConstant()) || v->isGraphOutput), InvalidArgument,
               "the engine has no input or output named '", name, "'");
    if (v->isGraphInput) {
        checkInput(*v, tensor);
    } else {
        KILN_CHECK(tensor.device().isHost(), InvalidArgument, "output '", name, "' is bound to a tensor on ",
                   tensor.device().str(), "; engine outputs are host tensors");
        KILN_CHECK(v->dtype == DataType::Undefined || tensor.dtype() == v->dtype, InvalidArgument, "output '", name,
                   "' is ", dataTypeName(v->dtype), ", the bound tensor is ", dataTypeName(tensor.dtype()));
    }
    std::lock_guard<std::mutex> lock(mutex_);
    bound_[name] = tensor;
    state_->bind(engine_->program().plan().slotOf(v), tensor);
}

void ExecutionContext::clearTensors() {
    std::lock_guard<std::mutex> lock(mutex_);
    bound_.clear();
    state_->unbindAll();
}

void ExecutionContext::enqueue(const ExecuteOptions& options) {
    KILN_CHECK(!options.keepLayerOutputs, InvalidArgument, "enqueue: keepLayerOutputs needs execute()");
    const Graph& g = engine_->graph();
    const RunPlan& plan = engine_->program().plan();
    std::lock_guard<std::mutex> lock(mutex_);
    for (const Value* v : g.inputs())  // runtimeInputs() would build a vector: enqueue allocates nothing
        KILN_CHECK(v->isConstant() || bound_.count(v->name), InvalidArgument, "enqueue: input '", v->name,
                   "' is not bound (setTensor)");
    for (const Value* v : g.outputs())
        KILN_CHECK(v->isConstant() || bound_.count(v->name), InvalidArgument, "enqueue: output '", v->name,
                   "' is not bound (setTensor)");
    // An emulating engine's last run bound rounded copies of the inputs: the caller's tensors again.
    if (engine_->emulatedRounding() != Precision::FP32)
        for (const auto& [name, tensor] : bound_) state_->bind(plan.slotOf(g.findValue(name)), tensor);
    run(*state_, options, nullptr);
    spills_ = state_->spills();
    for (size_t o = 0; o < g.outputs().size(); ++o) {
        const Value* v = g.outputs()[o];
        if (v->isConstant()) continue;
        const Tensor* t = state_->value(plan.slotOf(v));
        const Tensor& want = bound_.at(v->name);
        KILN_CHECK(t && t->dims() == want.dims() && t->dtype() == want.dtype(), InvalidArgument, "output '", v->name,
                   "' is bound as ", want.describe(), ", the run produced ", t ? t->describe() : std::string("nothing"));
        // A last layer that is a view (Reshape, Flatten, Identity) points into its input's memory:
        // its values still go into the bound tensor.
        if (t->raw() != want.raw()) {
            KILN_CHECK(t->device().isHost() && t->format() == TensorFormat::Linear, Internal, "output '", v->name,
                       "' was produced on ", t->device().str(), " in place of the bound host tensor");
            std::memcpy(const_cast<void*>(want.raw()), t->raw(), want.byteSize());
        }
    }
}

}  // namespace kiln
