// Tactic selection and sizing through the run loop (builder_internal.h). One run of the network at
// profile 0's opt shapes gives every layer its real inputs; before each layer runs, its candidate
// kernels are timed on them through the layer backend's own timer (CUDA events on a GPU, the
// steady clock on the CPU), and the fastest is kept. After each layer the run records the bytes
// of its outputs and its scratch: the memory plan's sizes (another run at the max shapes when a
// profile's max differs from the opt it was tuned at). A fused layer is also timed against its
// unfused nodes (passes/unfuse.h) on the same inputs and backend: they run once in a scratch graph
// to give each its inputs, each node's candidates are timed like a layer's, and the best times sum.
#include <algorithm>
#include <cstdio>
#include <random>

#include "engine_core/builder/builder_internal.h"
#include "engine_core/ir/layout.h"
#include "engine_core/passes/rewrite.h"
#include "engine_core/passes/unfuse.h"

namespace kiln::build {

bool isComparableFusion(const Node& node) {
    // The int8 layers compare with the DequantizeLinear → fp32 op → QuantizeLinear they came from.
    return node.domain == passes::kKilnDomain && (node.opType == "FusedConv" || node.opType == "FusedMatMul" ||
                                                  node.opType == "Pointwise" || node.opType == "Attention" ||
                                                  node.opType == "Int8Conv" || node.opType == "Int8MatMul");
}

namespace {

// Inputs for the tactic-timing run: random floats in [-1, 1) (fixed seed), zeros for integers
// (always valid indices), false for booleans.
Tensor timingInput(const Value& v, const std::vector<int64_t>& dims, std::mt19937& rng) {
    DataType dtype = v.dtype == DataType::Undefined ? DataType::Float32 : v.dtype;
    Tensor t(dtype, dims);
    if (dtype == DataType::Float32) {
        std::uniform_real_distribution<float> dist(-1.f, 1.f);
        float* p = t.data<float>();
        for (int64_t i = 0; i < t.numel(); ++i) p[i] = dist(rng);
    } else if (dtype == DataType::Float64) {
        std::uniform_real_distribution<double> dist(-1.0, 1.0);
        double* p = t.data<double>();
        for (int64_t i = 0; i < t.numel(); ++i) p[i] = dist(rng);
    }
    return t;
}

struct Candidate {
    const KernelDef* def = nullptr;
    TacticVariant variant;  // label empty: the kernel has no variants
    std::string tactic() const { return variant.label.empty() ? def->tactic : def->tactic + "#" + variant.label; }
};

enum class Shapes { Opt, Max };

// Binds random inputs at a profile's opt or max shapes.
void bindInputs(RunState& state, const Program& program, const OptimizationProfile& profile, Shapes which) {
    std::mt19937 rng(20240601);
    for (const Value* v : program.graph().runtimeInputs()) {
        auto it = profile.inputs.find(v->name);
        std::vector<int64_t> dims = it == profile.inputs.end() ? v->shape.staticDims()
                                    : which == Shapes::Opt      ? it->second.opt
                                                                : it->second.max;
        state.bind(program.plan().slotOf(v), timingInput(*v, dims, rng));
    }
}

// Bytes of every tensor an execution context's arena holds, and each layer's scratch.
void recordSizes(const Program& program, size_t i, KernelContext& ctx, EngineMemory& memory) {
    const Node& node = *program.steps()[i].node;
    for (size_t o = 0; o < node.outputs.size(); ++o) {
        const Value* v = node.outputs[o];
        if (!v || v->isGraphOutput || v->isGraphInput) continue;
        uint64_t& bytes = memory.tensorBytes[v->name];
        bytes = std::max<uint64_t>(bytes, ctx.output(o).byteSize());
    }
    memory.layerScratch[i] = std::max<uint64_t>(memory.layerScratch[i], ctx.scratchUsed());
}

// "fp32[1,3,8,8], int64[4]" for messages.
std::string inputsText(const KernelContext& ctx) {
    std::string s;
    for (size_t j = 0; j < ctx.numInputs(); ++j)
        s += concat(j ? ", " : "", ctx.hasInput(j) ? ctx.input(j).describe() : std::string("-"));
    return s;
}

// The candidate kernels (tactics) of a node on a backend, each variant its own candidate, the
// reference first.
std::vector<Candidate> candidatesFor(const Node& node, const Backend& backend, Precision precision, TensorFormat format) {
    std::vector<Candidate> cands;
    for (const KernelDef* def : backend.candidates(node, precision, format)) {
        if (def->variants) {
            PrepareContext pc{node, backend, def->precision, format, ""};
            for (TacticVariant& v : def->variants(pc)) cands.push_back({def, std::move(v)});
        } else {
            cands.push_back({def, {}});
        }
    }
    return cands;
}

// The same without asking kernels for their variants (a cuDNN convolution builds its plans to list
// them): one candidate per kernel. A layer's list is expanded (candidatesFor) only when its tactic
// is not in the timing cache, so a build with a warm cache builds only the plans it runs.
std::vector<Candidate> kernelsFor(const Node& node, const Backend& backend, Precision precision, TensorFormat format) {
    std::vector<Candidate> cands;
    for (const KernelDef* def : backend.candidates(node, precision, format)) cands.push_back({def, {}});
    return cands;
}

bool anyVariants(const std::vector<Candidate>& cands) {
    for (const Candidate& c : cands)
        if (c.def->variants) return true;
    return false;
}

// Median time of each candidate, timed round-robin (A B C, A B C, ...) so a burst of load from
// another process lands on every candidate alike. A candidate whose scratch exceeds the workspace
// limit gets -1.
std::vector<float> timeKernels(const Node& node, const Backend& backend, TensorFormat format,
                               const std::vector<const Candidate*>& which, const std::vector<const Tensor*>& ins,
                               const BuilderConfig& config, const BuildCallbacks& callbacks) {
    std::vector<std::unique_ptr<KernelInstance>> instances;
    for (const Candidate* cand : which) {
        PrepareContext pc{node, backend, cand->def->precision, format, cand->variant.data};
        instances.push_back(backend.prepare(*cand->def, pc));
    }
    std::unique_ptr<Stream> stream = backend.createStream();
    std::unique_ptr<Timer> timer = backend.createKernelTimer();
    // Each candidate's outputs and scratch go to memory allocated after its first run, so that no
    // allocation (a cudaMalloc on a GPU) falls between the timer's marks of the later runs.
    Allocator& memory = backend.allocator(MemoryKind::Device);
    std::vector<std::vector<OutputPlacement>> placements(
        which.size(), std::vector<OutputPlacement>(node.outputs.size(), {nullptr, 0, backend.device(), format, true}));
    std::vector<std::vector<Buffer>> outputMemory(which.size());
    std::vector<Buffer> scratchMemory(which.size());
    StepResources resources;
    resources.stream = stream.get();
    resources.backend = &backend;
    resources.format = format;
    std::vector<std::vector<float>> samples(which.size());
    std::vector<size_t> scratch(which.size(), 0);
    for (int it = 0; it < config.timingWarmup + config.timingIterations; ++it) {
        for (size_t t = 0; t < which.size(); ++t) {
            if (callbacks.cancelled && callbacks.cancelled()) fail(ErrorKind::Cancelled, "build cancelled");
            resources.precision = which[t]->def->precision;
            resources.placements = placements[t];
            resources.workspace = scratchMemory[t].data();
            resources.workspaceBytes = scratchMemory[t].bytes();
            KernelContext ctx(node, ins, node.outputs.size(), resources);
            timer->start(*stream);
            instances[t]->run(ctx);
            timer->stop(*stream);
            const double ms = timer->elapsedMs();
            scratch[t] = std::max(scratch[t], ctx.scratchUsed());
            if (it >= config.timingWarmup) samples[t].push_back(float(ms));
            if (outputMemory[t].empty()) {
                for (size_t o = 0; o < node.outputs.size(); ++o) {
                    const size_t bytes = ctx.output(o).defined() ? ctx.output(o).byteSize() : 0;
                    outputMemory[t].emplace_back(memory, bytes);
                    placements[t][o].data = outputMemory[t].back().data();
                    placements[t][o].capacity = bytes;
                }
                if (scratch[t]) scratchMemory[t] = Buffer(memory, scratch[t]);
            }
        }
    }
    std::vector<float> medians;
    for (size_t t = 0; t < which.size(); ++t) {
        std::vector<float>& s = samples[t];
        std::nth_element(s.begin(), s.begin() + std::ptrdiff_t(s.size() / 2), s.end());
        medians.push_back(scratch[t] > config.workspaceBytes ? -1.f : s[s.size() / 2]);
    }
    return medians;
}

// The fastest of the timed candidates (index into `timed`), SIZE_MAX when every one is over the
// workspace limit (time -1). An alternative must beat the reference tactic by the backend's margin
// (Backend::tacticMargin: its timer's noise).
size_t pickTactic(const std::vector<const Candidate*>& timed, const std::vector<float>& times,
                  const Candidate& reference, double margin) {
    size_t best = SIZE_MAX, ref = SIZE_MAX;
    for (size_t t = 0; t < times.size(); ++t) {
        if (times[t] < 0) continue;
        if (timed[t]->def == reference.def && timed[t]->variant.data == reference.variant.data) ref = t;
        if (best == SIZE_MAX || times[t] < times[best]) best = t;
    }
    if (ref != SIZE_MAX && best != ref && times[best] > float(1.0 - margin) * times[ref]) best = ref;
    return best;
}

class Selector {
public:
    Selector(Program& program, const std::vector<LayerAssignment>& assignments, const BuilderConfig& config,
             TimingState& state, const BuildCallbacks& callbacks, BuildReport& report)
        : program_(program), assignments_(assignments), config_(config), state_(state), callbacks_(callbacks),
          report_(report) {}

    std::vector<std::vector<Candidate>> candidates;
    std::vector<char> expanded;  // candidates[i] lists every variant (else one entry per kernel)
    std::vector<LayerChoice> choices;

    // Before layer i runs: its choice, from the cache or by timing the applicable candidates.
    void choose(size_t i, KernelContext& ctx);
    // After choose(i): the fused layer i against its unfused nodes on the same inputs, recorded in
    // the state (from the cache when it has the decision).
    void compareUnfused(size_t i, KernelContext& ctx, const LayerAssignment& assignment);

private:
    std::vector<float> time(size_t i, const std::vector<const Tensor*>& ins, const std::vector<size_t>& which) {
        const ProgramStep& step = program_.steps()[i];
        std::vector<const Candidate*> cands;
        for (size_t c : which) cands.push_back(&candidates[i][c]);
        return timeKernels(*step.node, *step.backend, step.format, cands, ins, config_, callbacks_);
    }
    std::string signature(size_t i, const std::vector<const Tensor*>& ins) const {
        const ProgramStep& step = program_.steps()[i];
        return TimingCache::signature(*step.node, ins, std::string(step.backend->id()),
                                      step.backend->deviceName() + " " + step.backend->arch(), step.precision,
                                      step.format);
    }
    // The sum of the unfused nodes' best times, or -1 with `why` set.
    float timeUnfused(size_t i, const std::vector<const Tensor*>& ins, const LayerAssignment& assignment,
                      std::string& why);

    Program& program_;
    const std::vector<LayerAssignment>& assignments_;  // per layer (expands candidates[i] on a cache miss)
    const BuilderConfig& config_;
    TimingState& state_;
    const BuildCallbacks& callbacks_;
    BuildReport& report_;
};

void Selector::choose(size_t i, KernelContext& ctx) {
    ProgramStep& step = program_.steps()[i];
    std::vector<Candidate>& cands = candidates[i];
    if (cands.size() <= 1 && (expanded[i] || !anyVariants(cands))) return;
    const Node& node = *step.node;
    std::vector<const Tensor*> ins;
    for (size_t j = 0; j < ctx.numInputs(); ++j) ins.push_back(ctx.optionalInput(j));
    LayerChoice& choice = choices[i];
    const std::string sig = signature(i, ins);
    const TimingCacheEntry* hit = state_.cache.find(sig);
    size_t chosen = 0;
    bool found = false;
    if (hit) {
        for (size_t c = 0; c < cands.size() && !found; ++c)
            if (cands[c].tactic() == hit->tactic && cands[c].variant.data == hit->data) {
                chosen = c;
                found = true;
            }
        // The cached variant of a kernel whose variants were not listed: taken as the cache has it
        // (its prepare falls back to the kernel's default configuration should the data be stale).
        for (size_t c = 0; c < cands.size() && !found && !expanded[i]; ++c) {
            const std::string prefix = cands[c].def->tactic + "#";
            if (cands[c].def->variants && hit->tactic.size() > prefix.size() && hit->tactic.rfind(prefix, 0) == 0) {
                cands.push_back({cands[c].def, {hit->tactic.substr(prefix.size()), hit->data}});
                chosen = cands.size() - 1;
                found = true;
            }
        }
    }
    if (!found && !expanded[i]) {
        const LayerAssignment& a = assignments_[i];
        cands = candidatesFor(node, *a.backend, a.precision, a.format);
        expanded[i] = 1;
        KILN_CHECK(!cands.empty(), Internal, "layer '", node.name, "': no ", a.backend->id(), " kernel after assignment");
    }
    if (found) {
        choice.ms = hit->ms;
        if (!state_.timedThisBuild.count(sig)) ++report_.timingCacheHits;  // else timed before a restart
    } else if (cands.size() == 1) {
        choice.ms = -1.f;  // one configuration after all (its kernel listed one variant): run untimed, uncached
    } else {
        std::vector<size_t> applicable;
        for (size_t c = 0; c < cands.size(); ++c)
            if (!cands[c].def->applicable || cands[c].def->applicable(ctx)) applicable.push_back(c);  // else "not applicable"
        if (applicable.empty()) applicable.push_back(0);
        std::vector<float> times;
        // The candidates run on a stream of their own: the run's stream must have written their
        // inputs first (a device's streams run concurrently).
        if (applicable.size() > 1 && ctx.stream()) ctx.stream()->synchronize();
        if (applicable.size() > 1) times = time(i, ins, applicable);
        report_.tacticsTimed += applicable.size() > 1 ? applicable.size() : 0;
        float best = -1.f;
        size_t bestIndex = times.empty() ? applicable.front() : SIZE_MAX;
        if (!times.empty()) {
            std::vector<const Candidate*> timed;
            for (size_t c : applicable) timed.push_back(&cands[c]);
            const size_t t = pickTactic(timed, times, cands.front(), program_.steps()[i].backend->tacticMargin());
            if (t != SIZE_MAX) {
                bestIndex = applicable[t];
                best = times[t];
            }
        }
        KILN_CHECK(bestIndex != SIZE_MAX, InvalidArgument, "layer '", node.name, "'", originText(node),
                   ": every tactic needs more scratch memory than the workspace limit of ", config_.workspaceBytes,
                   " bytes (builder config 'workspaceBytes')");
        chosen = bestIndex;
        choice.ms = applicable.size() > 1 ? best : -1.f;
        state_.cache.put(sig, {cands[chosen].tactic(), choice.ms, cands[chosen].variant.data});
        state_.cacheChanged = true;
        state_.timedThisBuild.insert(sig);
    }
    choice.def = cands[chosen].def;
    choice.tactic = cands[chosen].tactic();
    choice.tacticData = cands[chosen].variant.data;
    if (step.def != choice.def || step.tacticData != choice.tacticData) {
        step.def = choice.def;
        step.tacticData = choice.tacticData;
        step.precision = choice.def->precision;
        program_.prepareStep(i);
    }
}

float Selector::timeUnfused(size_t i, const std::vector<const Tensor*>& ins, const LayerAssignment& assignment,
                           std::string& why) {
    const ProgramStep& step = program_.steps()[i];
    const Node& node = *step.node;
    const Backend& backend = *step.backend;
    // The plain nodes' own constants are fp32 (Clip bounds, scales): a layer running on other float
    // types can't be compared with them. The int8 layers' plain form takes its 8-bit and int32 inputs
    // through DequantizeLinear, so those are fine there.
    const bool quantized = passes::readsQuantizedInputs(node);
    for (const Tensor* t : ins)
        if (t && t->dtype() != DataType::Float32 &&
            !(quantized && (t->dtype() == DataType::Int8 || t->dtype() == DataType::UInt8 || t->dtype() == DataType::Int32))) {
            why = concat("an input is ", dataTypeName(t->dtype()), " (its unfused nodes would take fp32 constants)");
            return -1.f;
        }
    // A scratch graph: the layer's inputs (constants with their data, for kernels that prepare
    // weights), the layer, then its plain nodes in its place.
    Graph scratch;
    std::map<const Value*, Tensor> tensors;
    std::vector<Value*> inputs;
    for (size_t j = 0; j < node.inputs.size(); ++j) {
        const Value* v = node.inputs[j];
        if (!v) {
            inputs.push_back(nullptr);
            continue;
        }
        Value* copy = scratch.getOrAddValue(v->name);
        copy->dtype = v->dtype;
        copy->shape = v->shape;
        if (v->isConstant()) copy->constant = v->constant;
        else if (!copy->isGraphInput) scratch.markInput(copy);
        if (j < ins.size() && ins[j]) tensors[copy] = *ins[j];
        inputs.push_back(copy);
    }
    Value* out = scratch.addValue(node.outputs[0]->name);
    out->dtype = node.outputs[0]->dtype;
    out->shape = node.outputs[0]->shape;
    Node* layer = scratch.addNode(node.opType, node.name, inputs, {out}, node.domain);
    layer->attributes = node.attributes;
    layer->origin = node.origin;
    const std::vector<Node*> plain = passes::unfuse(scratch, layer);
    if (plain.empty()) {
        why = "its attributes have no exact unfused form";
        return -1.f;
    }
    // A host layer in another format than linear (a run of int8 layers the CPU keeps channels last)
    // may have plain nodes with only linear kernels (DequantizeLinear): those are timed linear, on
    // linear copies of the inputs, without the reformats a revert would add around them, so a fused
    // layer is kept only when it beats its plain nodes' kernels alone.
    TensorFormat format = step.format;
    if (format != TensorFormat::Linear && backend.device().isHost()) {
        for (const Node* n : plain)
            if (candidatesFor(*n, backend, assignment.precision, format).empty()) format = TensorFormat::Linear;
        if (format == TensorFormat::Linear)
            for (auto& [v, t] : tensors) t = linearLayout(t);
    }
    std::vector<std::vector<Candidate>> cands;
    for (const Node* n : plain) {
        cands.push_back(candidatesFor(*n, backend, assignment.precision, format));
        if (cands.back().empty()) {
            why = concat("the ", backend.id(), " backend has no ", opText(*n), " kernel");
            return -1.f;
        }
    }
    // Each plain node in order: its inputs are the previous nodes' outputs (one run of its best
    // tactic); its applicable candidates are timed like a layer's, and the best counts.
    std::unique_ptr<Stream> stream = backend.createStream();
    float total = 0.f;
    for (size_t k = 0; k < plain.size(); ++k) {
        const Node& n = *plain[k];
        std::vector<const Tensor*> nodeIns;
        for (const Value* v : n.inputs) {
            if (!v) {
                nodeIns.push_back(nullptr);
                continue;
            }
            auto it = tensors.find(v);
            if (it == tensors.end() && v->isConstant()) it = tensors.emplace(v, backend.upload(*v->constant)).first;
            KILN_CHECK(it != tensors.end(), Internal, "unfused node '", n.name, "' reads '", v->name, "', never computed");
            nodeIns.push_back(&it->second);
        }
        std::vector<OutputPlacement> placements(n.outputs.size(), {nullptr, 0, backend.device(), format, true});
        StepResources resources;
        resources.stream = stream.get();
        resources.backend = &backend;
        resources.format = format;
        resources.placements = placements;
        std::vector<const Candidate*> applicable;
        {
            KernelContext probe(n, nodeIns, n.outputs.size(), resources);
            for (const Candidate& c : cands[k])
                if (!c.def->applicable || c.def->applicable(probe)) applicable.push_back(&c);
        }
        if (applicable.empty()) {
            why = concat("no ", backend.id(), " kernel of its ", opText(n), " applies");
            return -1.f;
        }
        const std::vector<float> times = timeKernels(n, backend, format, applicable, nodeIns, config_, callbacks_);
        report_.unfusedNodesTimed += 1;
        // The tactic the node would get as a layer of its own (the same rule as choose()).
        const size_t pick = pickTactic(applicable, times, cands[k].front(), backend.tacticMargin());
        if (pick == SIZE_MAX) {
            why = concat("its ", opText(n), " needs more scratch than the workspace limit");
            return -1.f;
        }
        const Candidate* best = applicable[pick];
        total += times[pick];
        if (k + 1 == plain.size()) break;
        resources.precision = best->def->precision;
        KernelContext run(n, nodeIns, n.outputs.size(), resources);
        backend.prepare(*best->def, PrepareContext{n, backend, best->def->precision, format, best->variant.data})
            ->run(run);
        stream->synchronize();
        for (size_t o = 0; o < n.outputs.size(); ++o)
            if (n.outputs[o]) tensors[n.outputs[o]] = run.output(o);
    }
    return total;
}

void Selector::compareUnfused(size_t i, KernelContext& ctx, const LayerAssignment& assignment) {
    const ProgramStep& step = program_.steps()[i];
    const Node& node = *step.node;
    FusionTiming timing;
    timing.layer = node.name;
    timing.op = node.domain + "::" + node.opType;
    timing.originCount = node.origin.size();
    std::vector<const Tensor*> ins;
    for (size_t j = 0; j < ctx.numInputs(); ++j) ins.push_back(ctx.optionalInput(j));
    auto record = [&] {
        state_.fusionOrder.push_back(node.name);
        state_.fusions[node.name] = timing;
    };
    // The decision is cached by the layer's signature (as its tactic is): a warm build makes the
    // same one without timing. data holds the fused time, or why it was not compared.
    const std::string sig = signature(i, ins) + " | fused vs unfused";
    if (const TimingCacheEntry* hit = state_.cache.find(sig)) {
        timing.fromCache = !state_.timedThisBuild.count(sig);
        timing.unfusedMs = hit->ms;
        if (hit->tactic == "not compared") {
            timing.decision = FusionDecision::NotCompared;
            timing.note = hit->data;
        } else {
            timing.decision = hit->tactic == "unfused" ? FusionDecision::Reverted : FusionDecision::Kept;
            try {
                timing.fusedMs = std::stof(hit->data);
            } catch (const std::exception&) {
                timing.fusedMs = -1.f;
            }
        }
        record();
        return;
    }
    // The fused layer's time: its chosen tactic's, timed here when it had no alternative.
    const LayerChoice& choice = choices[i];
    float fusedMs = choice.ms;
    size_t chosen = 0;
    for (size_t c = 0; c < candidates[i].size(); ++c)
        if (candidates[i][c].def == choice.def && candidates[i][c].variant.data == choice.tacticData) chosen = c;
    if (fusedMs < 0) {
        if (ctx.stream()) ctx.stream()->synchronize();
        fusedMs = time(i, ins, {chosen}).front();
        report_.unfusedNodesTimed += 1;
    }
    std::string why;
    float unfusedMs = -1.f;
    if (fusedMs < 0) {
        why = "its tactic needs more scratch than the workspace limit";
    } else {
        if (ctx.stream()) ctx.stream()->synchronize();
        try {
            unfusedMs = timeUnfused(i, ins, assignment, why);
        } catch (const Error& e) {
            if (e.kind() == ErrorKind::Cancelled) throw;
            why = concat("its unfused nodes failed: ", e.what());
            unfusedMs = -1.f;
        }
    }
    // A revert is confirmed by timing both forms once more and keeping each one's best: on a busy
    // machine one unlucky timing of the fused layer reverted fusions that win when idle (the zoo's
    // BERT: 24 of 48 reverted in one build, none in the next).
    if (unfusedMs >= 0 && unfusedIsFaster(fusedMs, unfusedMs)) {
        if (ctx.stream()) ctx.stream()->synchronize();
        const float fusedAgain = time(i, ins, {chosen}).front();
        std::string againWhy;
        float unfusedAgain = -1.f;
        try {
            unfusedAgain = timeUnfused(i, ins, assignment, againWhy);
        } catch (const Error& e) {
            if (e.kind() == ErrorKind::Cancelled) throw;
        }
        if (fusedAgain > 0) fusedMs = std::min(fusedMs, fusedAgain);
        if (unfusedAgain >= 0) unfusedMs = std::min(unfusedMs, unfusedAgain);
    }
    timing.fusedMs = fusedMs;
    timing.unfusedMs = unfusedMs;
    if (unfusedMs < 0) {
        timing.decision = FusionDecision::NotCompared;
        timing.note = why;
        state_.cache.put(sig, {"not compared", -1.f, why});
    } else {
        timing.decision = unfusedIsFaster(fusedMs, unfusedMs) ? FusionDecision::Reverted : FusionDecision::Kept;
        char fusedText[32];
        std::snprintf(fusedText, sizeof fusedText, "%.9g", double(fusedMs));  // a float's every digit
        state_.cache.put(sig, {timing.decision == FusionDecision::Reverted ? "unfused" : "fused", unfusedMs, fusedText});
    }
    state_.cacheChanged = true;
    state_.timedThisBuild.insert(sig);
    record();
}

}  // namespace

Measured selectTactics(Program& program, const std::vector<LayerAssignment>& assignments,
                       const std::vector<OptimizationProfile>& profiles, const BuilderConfig& config, TimingState& state,
                       const BuildCallbacks& callbacks, BuildReport& report) {
    std::vector<ProgramStep>& steps = program.steps();
    const size_t n = steps.size();
    Selector selector(program, assignments, config, state, callbacks, report);
    std::vector<bool> compare(n, false);  // fused layers not yet compared with their unfused nodes
    selector.candidates.resize(n);
    selector.expanded.assign(n, 1);
    selector.choices.resize(n);
    for (size_t i = 0; i < n; ++i) {
        ProgramStep& step = steps[i];
        const LayerAssignment& a = assignments[i];
        const Node& node = *step.node;
        step.backend = a.backend;
        step.format = a.format;
        step.precision = Precision::FP32;
        if (node.domain == "kiln" && node.opType == "Copy") {
            step.kind = StepKind::Copy;
            continue;
        }
        if (a.plugin) {
            step.kind = StepKind::Plugin;
            step.plugin = a.plugin;
            continue;
        }
        std::vector<Candidate>& cands = selector.candidates[i] = kernelsFor(node, *a.backend, a.precision, a.format);
        selector.expanded[i] = !anyVariants(cands);
        compare[i] = isComparableFusion(node) && !state.fusions.count(node.name);
        if (compare[i] && !config.compareFusions) {  // kept untimed; the report says why
            FusionTiming kept;
            kept.layer = node.name;
            kept.op = node.domain + "::" + node.opType;
            kept.originCount = node.origin.size();
            kept.decision = FusionDecision::NotCompared;
            kept.note = "fusion timing is off (timing.compareFusions)";
            state.fusionOrder.push_back(node.name);
            state.fusions[node.name] = kept;
            compare[i] = false;
        }
        KILN_CHECK(!cands.empty(), Internal, "layer '", node.name, "': no ", a.backend->id(), " kernel after assignment");
        step.def = cands.front().def;
        step.tacticData = cands.front().variant.data;
        step.precision = step.def->precision;
        selector.choices[i] = {step.def, cands.front().tactic(), step.tacticData, -1.f};
        if (cands.size() > 1 || !selector.expanded[i]) ++report.layersWithChoices;
    }
    program.finalize();

    const bool anyChoice = report.layersWithChoices > 0;
    const bool anyComparison = std::find(compare.begin(), compare.end(), true) != compare.end();
    auto progress = [&](size_t i) {
        if (callbacks.progress) callbacks.progress(BuildPhase::SelectTactics, i, n, i ? steps[i - 1].node->name : "");
    };
    progress(0);
    Measured measured;
    measured.memory.resize(profiles.size());
    for (EngineMemory& m : measured.memory) m.layerScratch.assign(n, 0);

    // The run at profile 0's opt shapes: tactics, and the sizes when opt is also the max.
    const OptimizationProfile& first = profiles.front();
    bool optIsMax = true;
    for (const auto& [name, range] : first.inputs) optIsMax = optIsMax && range.opt == range.max;
    // The runs use synthetic inputs (random floats, zero integers). A model whose integer inputs
    // are shapes or axes may not run on them: then the layers from the failing one on keep their
    // reference tactic and their tensors, unsized, are allocated when they run (a warning says so).
    auto stopped = [&](size_t reached, const Error& e, const std::string& what) {
        if (e.kind() == ErrorKind::Cancelled) throw e;
        report.warnings.push_back(concat(what, " stopped at layer '", steps[reached].node->name, "' on synthetic inputs (",
                                         e.what(), "): from there on, layers keep their reference tactic and their ",
                                         "tensors are allocated when they run"));
    };
    {
        RunState state(program);
        bindInputs(state, program, first, Shapes::Opt);
        RunHooks hooks;
        hooks.cancelled = callbacks.cancelled;
        hooks.cancelledMessage = "build cancelled";
        size_t reached = 0;
        bool choosing = false;  // an error while choosing a tactic is the build's error, not the model's
        hooks.beforeStep = [&](size_t i, KernelContext& ctx) {
            reached = i;
            // A device layer none of whose kernels applies to these inputs goes to the CPU.
            if (steps[i].kind == StepKind::Kernel && !steps[i].backend->device().isHost()) {
                bool applies = false;
                for (const Candidate& c : selector.candidates[i])
                    applies = applies || !c.def->applicable || c.def->applicable(ctx);
                if (!applies)
                    throw DeviceLayerNotApplicable{
                        steps[i].node->name, concat("no ", steps[i].backend->id(), " kernel of ", opText(*steps[i].node),
                                                    " applies to its inputs (", inputsText(ctx), ")")};
            }
            if (!anyChoice && !anyComparison) return;
            choosing = true;
            selector.choose(i, ctx);
            if (compare[i]) selector.compareUnfused(i, ctx, assignments[i]);
            choosing = false;
        };
        hooks.afterStep = [&](size_t i, KernelContext& ctx, double) {
            if (optIsMax) recordSizes(program, i, ctx, measured.memory[0]);
            progress(i + 1);
        };
        try {
            runProgram(program, state, hooks);
        } catch (const Error& e) {
            if (choosing) throw;
            stopped(reached, e, "tactic selection at profile 0's opt shapes");
            for (size_t i = reached + 1; i <= n; ++i) progress(i);
        }
    }
    // The sizes at each profile's max shapes.
    for (size_t p = 0; p < profiles.size(); ++p) {
        if (p == 0 && optIsMax) continue;
        RunState state(program);
        bindInputs(state, program, profiles[p], Shapes::Max);
        RunHooks hooks;
        hooks.cancelled = callbacks.cancelled;
        hooks.cancelledMessage = "build cancelled";
        size_t reached = 0;
        hooks.beforeStep = [&](size_t i, KernelContext&) { reached = i; };
        hooks.afterStep = [&](size_t i, KernelContext& ctx, double) { recordSizes(program, i, ctx, measured.memory[p]); };
        try {
            runProgram(program, state, hooks);
        } catch (const Error& e) {
            stopped(reached, e, concat("sizing the memory of profile ", p, " at its max shapes"));
        }
    }
    // Scratch over the workspace limit: the layer's only kernel needs it (alternatives over the
    // limit were not chosen).
    for (size_t i = 0; i < n; ++i)
        for (const EngineMemory& m : measured.memory)
            KILN_CHECK(m.layerScratch[i] <= config.workspaceBytes, InvalidArgument, "layer '", steps[i].node->name, "'",
                       originText(*steps[i].node), ": its kernel needs ", m.layerScratch[i],
                       " bytes of scratch memory, over the workspace limit of ", config.workspaceBytes,
                       " bytes (builder config 'workspaceBytes')");
    measured.choices = std::move(selector.choices);
    return measured;
}

}  // namespace kiln::build
