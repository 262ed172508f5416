#include <map>
#include "engine_core/runtime/program.h"

#include <algorithm>
#include <optional>

#include "engine_core/builder/plugin.h"

namespace kiln {

// ---------------------------------------------------------------------------------------------
// Program

Program::Program(const Graph& graph, std::vector<const Node*> order)
    : graph_(&graph), order_(std::move(order)), plan_(planRun(graph, order_)), steps_(order_.size()) {
    for (size_t i = 0; i < order_.size(); ++i) steps_[i].node = order_[i];
}

void Program::prepareStep(size_t i) {
    ProgramStep& step = steps_[i];
    if (step.kind != StepKind::Kernel) return;
    KILN_CHECK(step.backend && step.def, Internal, "step ", i, " ('", step.node->label(), "') has no backend or kernel");
    PrepareContext context{*step.node, *step.backend, step.precision, step.format, step.tacticData};
    step.kernel = step.backend->prepare(*step.def, context);
}

void Program::finalize() {
    backends_.clear();
    auto backendIndex = [&](const std::shared_ptr<const Backend>& b) {
        for (size_t i = 0; i < backends_.size(); ++i)
            if (backends_[i] == b) return int(i);
        backends_.push_back(b);
        return int(backends_.size() - 1);
    };
    slotDevices_.assign(plan_.slotCount(), kHostDevice);
    constants_.assign(steps_.size(), {});
    for (size_t i = 0; i < steps_.size(); ++i) {
        ProgramStep& step = steps_[i];
        KILN_CHECK(step.backend, Internal, "step ", i, " ('", step.node->label(), "') has no backend");
        const int bi = backendIndex(step.backend);
        if (step.kind == StepKind::Kernel && !step.kernel) prepareStep(i);
        const Node& node = *step.node;
        // Outputs live on the step's device; a copy's output on the device it names.
        Device outDevice = step.backend->device();
        if (step.kind == StepKind::Copy) {
            auto to = Device::parse(node.attrString("to", "cpu"));
            KILN_CHECK(to, Internal, "copy layer '", node.label(), "': bad device '", node.attrString("to", ""), "'");
            outDevice = *to;
        }
        for (int s : plan_.steps[i].outSlots)
            if (s >= 0) slotDevices_[size_t(s)] = outDevice;
        // Constants: the device's copy, uploaded once, for inputs the kernel reads on the device.
        std::vector<const Tensor*>& consts = constants_[i];
        consts.assign(node.inputs.size(), nullptr);
        for (size_t j = 0; j < node.inputs.size(); ++j) {
            const Value* v = node.inputs[j];
            if (!v || !v->isConstant()) continue;
            const bool hostInput = step.kind == StepKind::Kernel && step.def && j < 32 && (step.def->hostInputs >> j) & 1u;
            if (step.backend->device().isHost() || hostInput || step.kind != StepKind::Kernel) {
                consts[j] = &*v->constant;
                continue;
            }
            auto key = std::make_pair(v, bi);
            auto it = uploads_.find(key);
            if (it == uploads_.end()) it = uploads_.emplace(key, step.backend->upload(*v->constant)).first;
            consts[j] = &it->second;
        }
    }
    findDeviceSegment();
}

void Program::findDeviceSegment() {
    segment_ = {};
    const size_t n = steps_.size();
    // From the first to the last device layer that is not a copy: what runs before (copies of the
    // inputs, host reformats) and after (copies of the outputs) stays outside.
    auto deviceLayer = [&](size_t i) {
        return steps_[i].kind != StepKind::Copy && !steps_[i].backend->device().isHost();
    };
    size_t begin = 0, end = n;
    while (begin < n && !deviceLayer(begin)) ++begin;
    while (end > begin && !deviceLayer(end - 1)) --end;
    if (begin >= end) {
        segment_.whyNotCapturable = "every layer runs on the host (CUDA graphs are for engines built for cuda)";
        return;
    }
    segment_.begin = begin;
    segment_.end = end;
    const std::shared_ptr<const Backend>& backend = steps_[begin].backend;
    for (size_t i = 0; i < backends_.size(); ++i)
        if (backends_[i] == backend) segment_.backend = int(i);
    // Host layers computing shapes from dims and constants only (the builder's shape computations:
    // placeShapeComputationsOnHost) may lie in between: their values follow from the input shapes,
    // which key the graph, and only device layers' host inputs (read while capturing) or other such
    // layers read them, so a replay needs none of them to run again.
    // Pure shape layers: host kernels whose inputs are constants, dims (Shape, Size) or other such
    // layers' outputs, before the segment or in it.
    std::map<const Node*, size_t> stepOf;
    for (size_t i = 0; i < end; ++i) stepOf[steps_[i].node] = i;
    std::vector<char> shapeStep(end, 0);
    for (size_t i = 0; i < end; ++i) {
        const ProgramStep& step = steps_[i];
        if (step.kind != StepKind::Kernel || !step.backend->device().isHost()) continue;
        const Node& n = *step.node;
        bool ok = true;
        for (size_t j = 0; j < n.inputs.size() && ok; ++j) {
            const Value* v = n.inputs[j];
            if (!v || v->isConstant()) continue;
            if (j == 0 && n.domain.empty() && (n.opType == "Shape" || n.opType == "Size")) continue;  // dims only
            auto p = v->producer ? stepOf.find(v->producer) : stepOf.end();
            ok = p != stepOf.end() && p->second < i && shapeStep[p->second];
        }
        shapeStep[i] = ok;
    }
    for (size_t i = end; i-- > begin;) {  // readers come later: drop those feeding anything else
        if (!shapeStep[i]) continue;
        bool ok = true;
        for (const Value* v : steps_[i].node->outputs) {
            if (!v) continue;
            ok = ok && !v->isGraphOutput;
            for (const Node* c : v->consumers) {
                auto k = stepOf.find(c);
                if (k == stepOf.end()) {
                    ok = false;
                    continue;
                }
                const ProgramStep& reader = steps_[k->second];
                if (reader.backend->device().isHost()) {
                    ok = ok && shapeStep[k->second];
                    continue;
                }
                for (size_t j = 0; j < c->inputs.size(); ++j)
                    if (c->inputs[j] == v)
                        ok = ok && reader.kind == StepKind::Kernel && reader.def && j < 32 &&
                             ((reader.def->hostInputs >> j) & 1u);
            }
        }
        shapeStep[i] = ok;
    }
    // A layer elsewhere in between says why; else a copy in between (a host input read there).
    for (size_t i = begin; i < end && segment_.whyNotCapturable.empty(); ++i) {
        const ProgramStep& step = steps_[i];
        if (step.kind != StepKind::Copy && step.backend != backend && !shapeStep[i])
            segment_.whyNotCapturable = concat("layer '", step.node->label(), "' (", step.node->opType, ") runs on ",
                                               step.backend->device().str(), " between layers on ",
                                               backend->device().str());
    }
    for (size_t i = begin; i < end && segment_.whyNotCapturable.empty(); ++i)
        if (steps_[i].kind == StepKind::Copy)
            segment_.whyNotCapturable = concat("layer '", steps_[i].node->label(), "' copies a tensor between ",
                                               backend->device().str(), " and the host between device layers");
}

const Tensor* Program::constantInput(size_t step, size_t input) const {
    const std::vector<const Tensor*>& consts = constants_.at(step);
    return input < consts.size() ? consts[input] : nullptr;
}

// ---------------------------------------------------------------------------------------------
// RunState

RunState::RunState(const Program& program) : program_(program) {
    const RunPlan& plan = program.plan();
    const size_t n = plan.slotCount();
    slots_.resize(n);
    present_.assign(n, 0);
    bound_.assign(n, 0);
    boundOutputs_.resize(n);
    for (const auto& backend : program.backends()) streams_.push_back(backend->createStream());

    const auto& steps = program.steps();
    size_t totalIn = 0, totalOut = 0;
    for (size_t i = 0; i < steps.size(); ++i) {
        totalIn += plan.steps[i].inSlots.size();
        totalOut += plan.steps[i].outSlots.size();
    }
    inputs_.assign(totalIn, nullptr);
    outputs_.assign(totalOut, nullptr);
    placements_.resize(totalOut);
    unusedOutputs_.resize(totalOut);
    ioStart_.resize(2 * steps.size() + 2);
    size_t in = 0, out = 0;
    for (size_t i = 0; i < steps.size(); ++i) {
        ioStart_[2 * i] = in;
        ioStart_[2 * i + 1] = out;
        in += plan.steps[i].inSlots.size();
        for (size_t o = 0; o < plan.steps[i].outSlots.size(); ++o, ++out) {
            const int s = plan.steps[i].outSlots[o];
            outputs_[out] = s >= 0 ? &slots_[size_t(s)] : &unusedOutputs_[out];
        }
    }
    ioStart_[2 * steps.size()] = in;
    ioStart_[2 * steps.size() + 1] = out;
    workspace_.assign(steps.size(), nullptr);
    workspaceBytes_.assign(steps.size(), 0);
    placeOutputs();  // without a plan an output is still allocated on its device
}

RunState::~RunState() = default;

void RunState::useMemoryPlan(const MemoryPlan& plan) {
    const RunPlan& run = program_.plan();
    KILN_CHECK(plan.placements.size() == run.slotCount(), Internal, "memory plan for ", plan.placements.size(), " slots, the program has ",
               run.slotCount());
    plan_ = &plan;
    arenas_.clear();
    for (const MemoryPlan::Arena& arena : plan.arenas) {
        const Backend* owner = nullptr;
        for (const auto& b : program_.backends())
            if (b->device() == arena.device) owner = b.get();
        KILN_CHECK(arena.device.isHost() || owner, Internal, "memory plan: no backend owns ", arena.device.str());
        Allocator& allocator = owner ? owner->allocator(MemoryKind::Device) : hostAllocator();
        arenas_.emplace_back(allocator, arena.totalBytes());
    }
    placeOutputs();
}

void RunState::placeOutputs() {
    const RunPlan& run = program_.plan();
    const auto& steps = program_.steps();
    for (size_t i = 0; i < steps.size(); ++i) {
        size_t out = ioStart_[2 * i + 1];
        for (size_t o = 0; o < run.steps[i].outSlots.size(); ++o, ++out) {
            const int s = run.steps[i].outSlots[o];
            OutputPlacement& p = placements_[out];
            p = {nullptr, 0, s >= 0 ? program_.slotDevices()[size_t(s)] : steps[i].backend->device(), steps[i].format, true};
            if (s < 0) continue;
            if (boundOutputs_[size_t(s)].defined()) {
                const Tensor& t = boundOutputs_[size_t(s)];
                p = {const_cast<void*>(t.raw()), t.byteSize(), t.device(), t.format(), false};
                continue;
            }
            if (!plan_ || program_.plan().slotInfo[size_t(s)].graphOutput) continue;
            p.mayAllocate = false;
            const MemoryPlan::Placement& mp = plan_->placements[size_t(s)];
            if (mp.arena < 0) continue;
            p.data = static_cast<uint8_t*>(arenas_[size_t(mp.arena)].data()) + mp.offset;
            p.capacity = mp.bytes;
        }
        workspace_[i] = nullptr;
        workspaceBytes_[i] = 0;
        const int arena = plan_ ? plan_->arenaOf(steps[i].backend->device()) : -1;
        if (arena >= 0 && plan_->arenas[size_t(arena)].workspaceBytes > 0) {
            workspace_[i] =
                static_cast<uint8_t*>(arenas_[size_t(arena)].data()) + plan_->arenas[size_t(arena)].activationBytes;
            workspaceBytes_[i] = plan_->arenas[size_t(arena)].workspaceBytes;
        }
    }
}

void RunState::bind(int slot, const Tensor& tensor) {
    KILN_CHECK(slot >= 0 && size_t(slot) < slots_.size(), Internal, "bind: slot ", slot, " out of range");
    const SlotInfo& info = program_.plan().slotInfo[size_t(slot)];
    if (info.graphInput) {
        slots_[size_t(slot)] = tensor;
        present_[size_t(slot)] = 1;
        bound_[size_t(slot)] = 1;
        return;
    }
    KILN_CHECK(info.graphOutput && info.producer >= 0, Internal, "bind: slot ", slot, " is neither a graph input nor output");
    boundOutputs_[size_t(slot)] = tensor;
    placeOutputs();
}

void RunState::unbindAll() {
    bool outputs = false;
    for (size_t s = 0; s < slots_.size(); ++s) {
        if (bound_[s]) {
            slots_[s].reset();
            present_[s] = 0;
            bound_[s] = 0;
        }
        if (boundOutputs_[s].defined()) {
            boundOutputs_[s] = Tensor();
            outputs = true;
        }
    }
    if (outputs) placeOutputs();
}

bool RunState::inArena(const void* p) const {
    for (const Buffer& b : arenas_) {
        const auto* base = static_cast<const uint8_t*>(b.data());
        if (p >= base && p < base + b.bytes()) return true;
    }
    return false;
}

const Tensor* RunState::value(int slot) const {
    if (slot < 0 || size_t(slot) >= slots_.size() || !present_[size_t(slot)]) return nullptr;
    return &slots_[size_t(slot)];
}

// ---------------------------------------------------------------------------------------------
// The run loop

namespace {

int backendIndex(const Program& program, const Backend* backend) {
    const auto& all = program.backends();
    for (size_t i = 0; i < all.size(); ++i)
        if (all[i].get() == backend) return int(i);
    return -1;
}

void runCopy(const ProgramStep& step, KernelContext& ctx, Stream& stream) {
    const Tensor& src = ctx.input(0);
    Tensor& dst = ctx.allocateOutput(0, src.dtype(), src.dims());
    step.backend->copy(dst, src, stream);
}

}  // namespace

void runProgram(const Program& program, RunState& state, const RunHooks& hooks) {
    const RunPlan& plan = program.plan();
    const auto& steps = program.steps();
    const bool planned = state.plan_ != nullptr;
    state.spills_ = 0;
    // Graph inputs: bound by the caller, or initializers (a constant graph input not overridden).
    for (size_t s = 0; s < plan.slotInfo.size(); ++s) {
        const SlotInfo& info = plan.slotInfo[s];
        if (info.graphInput) {
            KILN_CHECK(state.present_[s] || info.value->isConstant(), Internal, "graph input '", info.value->name,
                       "' was not bound");
        } else if (state.present_[s]) {
            state.slots_[s].reset();
            state.present_[s] = 0;
        }
    }
    std::vector<std::unique_ptr<Timer>> timers;
    if (hooks.timeSteps)
        for (const auto& b : program.backends()) timers.push_back(b->createKernelTimer());

    const DeviceSegment& segment = program.deviceSegment();
    CapturedSegment* graph = hooks.graph;
    if (graph) {
        KILN_CHECK(!segment.empty(), Unsupported, "cannot run through a CUDA graph: ",
                   segment.whyNotCapturable.empty() ? "the engine has no device layers" : segment.whyNotCapturable);
        KILN_CHECK(segment.whyNotCapturable.empty(), Unsupported, "cannot run through a CUDA graph: ",
                   segment.whyNotCapturable);
        KILN_CHECK(planned && !hooks.timeSteps && !hooks.beforeStep && !hooks.afterStep, Internal,
                   "a CUDA graph replays a planned run without per-step hooks");
    }
    // The device segment's timer, made once per run state (CUDA events), not per run.
    Timer* segmentTimer = nullptr;
    if (hooks.segmentMs && !segment.empty()) {
        if (!state.segmentTimer_) state.segmentTimer_ = program.backends()[size_t(segment.backend)]->createTimer();
        segmentTimer = state.segmentTimer_.get();
    }

    auto runStep = [&](size_t i) {
        const ProgramStep& step = steps[i];
        const PlannedStep& ps = plan.steps[i];
        const Node& node = *step.node;
        const size_t inBase = state.ioStart_[2 * i], outBase = state.ioStart_[2 * i + 1];
        for (size_t j = 0; j < ps.inSlots.size(); ++j) {
            const int s = ps.inSlots[j];
            const Tensor* t = s >= 0 && state.present_[size_t(s)] ? &state.slots_[size_t(s)] : program.constantInput(i, j);
            KILN_CHECK(!node.inputs[j] || t, Internal, "layer '", node.label(), "': input '", node.inputs[j]->name,
                       "' not computed");
            state.inputs_[inBase + j] = t;
        }
        const int bi = backendIndex(program, step.backend.get());
        Stream& stream = *state.streams_[size_t(bi)];
        StepResources resources;
        resources.stream = &stream;
        resources.backend = step.backend.get();
        resources.precision = step.precision;
        resources.format = step.format;
        resources.workspace = state.workspace_[i];
        resources.workspaceBytes = state.workspaceBytes_[i];
        resources.placements = std::span<const OutputPlacement>(state.placements_.data() + outBase, ps.outSlots.size());
        resources.spills = planned ? &state.spills_ : nullptr;
        KernelContext ctx(node, std::span<const Tensor* const>(state.inputs_.data() + inBase, ps.inSlots.size()),
                          std::span<Tensor* const>(state.outputs_.data() + outBase, ps.outSlots.size()), resources);
        if (hooks.donate && !planned)
            for (size_t j = 0; j < ps.donatable.size(); ++j)
                if (ps.donatable[j] && state.present_[size_t(ps.inSlots[j])]) ctx.donateInput(j);
        if (hooks.beforeStep) hooks.beforeStep(i, ctx);
        if (hooks.timeSteps) timers[size_t(bi)]->start(stream);
        switch (step.kind) {
            case StepKind::Kernel: step.kernel->run(ctx); break;
            case StepKind::Plugin:
                if (step.backend->device().type == DeviceType::Cuda)
                    step.plugin->runCuda(ctx);
                else
                    step.plugin->runCpu(ctx);
                break;
            case StepKind::Copy: runCopy(step, ctx, stream); break;
        }
        double ms = 0;
        if (hooks.timeSteps) {
            timers[size_t(bi)]->stop(stream);
            ms = timers[size_t(bi)]->elapsedMs();
        }
        for (size_t o = 0; o < ps.outSlots.size(); ++o) {
            const int s = ps.outSlots[o];
            if (s < 0) continue;
            const Tensor& out = state.slots_[size_t(s)];
            KILN_CHECK(out.defined(), Internal, "layer '", node.label(), "' (", node.opType, ") did not produce output ", o);
            state.present_[size_t(s)] = 1;
            // A view of an input in the arena that the kernel did not declare (KernelDef::aliases):
            // the plan would hand that memory to another tensor while this one still reads it.
            if (planned && out.raw() != state.placements_[outBase + o].data && state.inArena(out.raw())) {
                bool declared = false;
                if (step.def)
                    for (auto [ao, ai] : step.def->aliases) declared = declared || size_t(ao) == o;
                KILN_CHECK(declared, Internal, "layer '", node.label(), "' (", node.opType, ") returned output ", o,
                           " in memory planned for another tensor without declaring the alias (KernelDef::aliases)");
            }
        }
        if (hooks.afterStep) hooks.afterStep(i, ctx, ms);
        for (const int s : ps.freeAfter) {
            state.slots_[size_t(s)].reset();
            state.present_[size_t(s)] = 0;
        }
    };

    // The device segment through a graph: replayed when captured for these inputs, else captured
    // (its kernels enqueue into the graph instead of running) and then launched.
    auto runSegmentGraph = [&](Stream& stream) {
        KILN_CHECK(stream.canCapture(), Unsupported, "cannot run through a CUDA graph: streams of ",
                   stream.device().str(), " can't be captured");
        std::vector<int64_t>& key = state.graphKey_;
        key.clear();
        for (size_t s = 0; s < plan.slotInfo.size(); ++s) {
            if (!plan.slotInfo[s].graphInput || !state.present_[s]) continue;
            const Tensor& t = state.slots_[s];
            key.push_back(int64_t(t.rank()));
            key.insert(key.end(), t.dims().begin(), t.dims().end());
            // Small integer inputs on the host may be read as shapes while capturing.
            if (t.device().isHost() && (t.dtype() == DataType::Int64 || t.dtype() == DataType::Int32) && t.numel() <= 16)
                for (int64_t e = 0; e < t.numel(); ++e) key.push_back(t.scalarAsInt64(e));
        }
        if (graph->graph && graph->key == key) {
            for (const auto& [slot, tensor] : graph->live) {
                state.slots_[size_t(slot)] = tensor;
                state.present_[size_t(slot)] = 1;
            }
            graph->graph->launch(stream);
            ++graph->replays;
            return;
        }
        if (graph->key != key || !graph->warm) {
            // The first run with new shapes runs as usual: kernels make their lazy state (plans for
            // dynamic shapes, library handles) outside a capture, where it may allocate and wait.
            graph->graph.reset();
            graph->live.clear();
            graph->key = key;
            graph->warm = true;
            for (size_t j = segment.begin; j < segment.end; ++j) runStep(j);
            return;
        }
        const size_t spillsBefore = state.spills_;
        stream.beginCapture();
        try {
            for (size_t j = segment.begin; j < segment.end; ++j) runStep(j);
        } catch (...) {
            stream.abortCapture();
            throw;
        }
        std::unique_ptr<StreamGraph> captured = stream.endCapture();
        // Memory a kernel allocated outside the plan is gone once its step ends: a graph holding
        // it would read freed memory.
        KILN_CHECK(state.spills_ == spillsBefore, Unsupported,
                   "cannot run through a CUDA graph: a layer needed memory beyond the engine's memory plan");
        for (size_t s = 0; s < plan.slotInfo.size(); ++s) {
            const int producer = plan.slotInfo[s].producer;
            if (state.present_[s] && producer >= int(segment.begin) && producer < int(segment.end))
                graph->live.emplace_back(int(s), state.slots_[s]);
        }
        graph->graph = std::move(captured);
        ++graph->captures;
        graph->graph->launch(stream);
    };

    for (size_t i = 0; i < steps.size(); ++i) {
        if (hooks.cancelled && hooks.cancelled()) fail(ErrorKind::Cancelled, hooks.cancelledMessage);
        if (i == segment.begin && !segment.empty() && (graph || segmentTimer)) {
            Stream& stream = *state.streams_[size_t(segment.backend)];
            if (segmentTimer) segmentTimer->start(stream);
            if (graph) {
                runSegmentGraph(stream);
                i = segment.end - 1;
            } else {
                runStep(i);
            }
            if (segmentTimer && i + 1 == segment.end) segmentTimer->stop(stream);
            continue;
        }
        runStep(i);
        if (segmentTimer && i + 1 == segment.end) segmentTimer->stop(*state.streams_[size_t(segment.backend)]);
    }
    for (const auto& stream : state.streams_) stream->synchronize();
    if (hooks.segmentMs) *hooks.segmentMs = segmentTimer ? segmentTimer->elapsedMs() : 0.0;
}

}  // namespace kiln
