// Tactic selection and sizing through the run loop (builder_internal.h). One run of the network at
// profile 0's opt shapes gives every layer its real inputs; before each layer runs, its candidate
// kernels are timed on them through the layer backend's own timer (CUDA events on a GPU, the
// steady clock on the CPU), and the fastest is kept. After each layer the run records the bytes
// of its outputs and its scratch: the memory plan's sizes (another run at the max shapes when a
// profile's max differs from the opt it was tuned at).
#include <algorithm>
#include <random>

#include "engine_core/builder/builder_internal.h"

namespace kiln::build {

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

class Selector {
public:
    Selector(Program& program, const BuilderConfig& config, TimingCache& cache, bool& cacheChanged,
             const BuildCallbacks& callbacks, BuildReport& report)
        : program_(program), config_(config), cache_(cache), cacheChanged_(cacheChanged), callbacks_(callbacks),
          report_(report) {}

    std::vector<std::vector<Candidate>> candidates;
    std::vector<LayerChoice> choices;

    // Before layer i runs: its choice, from the cache or by timing the applicable candidates.
    void choose(size_t i, KernelContext& ctx);

private:
    // Median time of each candidate, timed round-robin (A B C, A B C, ...) so a burst of load from
    // another process lands on every candidate alike. A candidate whose scratch exceeds the
    // workspace limit gets -1.
    std::vector<float> time(size_t i, const std::vector<const Tensor*>& ins, const std::vector<size_t>& which);

    Program& program_;
    const BuilderConfig& config_;
    TimingCache& cache_;
    bool& cacheChanged_;
    const BuildCallbacks& callbacks_;
    BuildReport& report_;
};

std::vector<float> Selector::time(size_t i, const std::vector<const Tensor*>& ins, const std::vector<size_t>& which) {
    ProgramStep& step = program_.steps()[i];
    const Node& node = *step.node;
    std::vector<std::unique_ptr<KernelInstance>> instances;
    for (size_t c : which) {
        const Candidate& cand = candidates[i][c];
        PrepareContext pc{node, *step.backend, cand.def->precision, step.format, cand.variant.data};
        instances.push_back(step.backend->prepare(*cand.def, pc));
    }
    std::unique_ptr<Stream> stream = step.backend->createStream();
    std::unique_ptr<Timer> timer = step.backend->createTimer();
    // Each candidate's outputs and scratch go to memory allocated after its first run, so that no
    // allocation (a cudaMalloc on a GPU) falls between the timer's marks of the later runs.
    Allocator& memory = step.backend->allocator(MemoryKind::Device);
    std::vector<std::vector<OutputPlacement>> placements(
        which.size(), std::vector<OutputPlacement>(node.outputs.size(), {nullptr, 0, step.backend->device(), step.format, true}));
    std::vector<std::vector<Buffer>> outputMemory(which.size());
    std::vector<Buffer> scratchMemory(which.size());
    StepResources resources;
    resources.stream = stream.get();
    resources.backend = step.backend.get();
    resources.format = step.format;
    std::vector<std::vector<float>> samples(which.size());
    std::vector<size_t> scratch(which.size(), 0);
    for (int it = 0; it < config_.timingWarmup + config_.timingIterations; ++it) {
        for (size_t t = 0; t < which.size(); ++t) {
            if (callbacks_.cancelled && callbacks_.cancelled()) fail(ErrorKind::Cancelled, "build cancelled");
            resources.precision = candidates[i][which[t]].def->precision;
            resources.placements = placements[t];
            resources.workspace = scratchMemory[t].data();
            resources.workspaceBytes = scratchMemory[t].bytes();
            KernelContext ctx(node, ins, node.outputs.size(), resources);
            timer->start(*stream);
            instances[t]->run(ctx);
            timer->stop(*stream);
            const double ms = timer->elapsedMs();
            scratch[t] = std::max(scratch[t], ctx.scratchUsed());
            if (it >= config_.timingWarmup) samples[t].push_back(float(ms));
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
        medians.push_back(scratch[t] > config_.workspaceBytes ? -1.f : s[s.size() / 2]);
    }
    return medians;
}

void Selector::choose(size_t i, KernelContext& ctx) {
    ProgramStep& step = program_.steps()[i];
    const std::vector<Candidate>& cands = candidates[i];
    if (cands.size() <= 1) return;
    const Node& node = *step.node;
    std::vector<const Tensor*> ins;
    for (size_t j = 0; j < ctx.numInputs(); ++j) ins.push_back(ctx.optionalInput(j));
    LayerChoice& choice = choices[i];
    const std::string sig = TimingCache::signature(node, ins, std::string(step.backend->id()),
                                                   step.backend->deviceName() + " " + step.backend->arch(),
                                                   step.precision, step.format);
    const TimingCacheEntry* hit = cache_.find(sig);
    size_t chosen = 0;
    bool found = false;
    if (hit) {
        for (size_t c = 0; c < cands.size() && !found; ++c)
            if (cands[c].tactic() == hit->tactic && cands[c].variant.data == hit->data) {
                chosen = c;
                found = true;
            }
    }
    if (found) {
        choice.ms = hit->ms;
        ++report_.timingCacheHits;
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
        float best = -1.f, referenceMs = -1.f;
        size_t bestIndex = times.empty() ? applicable.front() : SIZE_MAX;
        for (size_t t = 0; t < times.size(); ++t) {
            const size_t c = applicable[t];
            if (times[t] < 0) continue;  // over the workspace limit
            if (c == 0) referenceMs = times[t];
            if (bestIndex == SIZE_MAX || times[t] < best) {
                best = times[t];
                bestIndex = c;
            }
        }
        KILN_CHECK(bestIndex != SIZE_MAX, InvalidArgument, "layer '", node.name, "'", originText(node),
                   ": every tactic needs more scratch memory than the workspace limit of ", config_.workspaceBytes,
                   " bytes (builder config 'workspaceBytes')");
        // An alternative must beat the reference tactic clearly: timings on a busy machine are
        // noisy, and a narrow win measured under load is often a loss when idle.
        if (referenceMs >= 0 && bestIndex != 0 && best > 0.85f * referenceMs) {
            bestIndex = 0;
            best = referenceMs;
        }
        chosen = bestIndex;
        choice.ms = applicable.size() > 1 ? best : -1.f;
        cache_.put(sig, {cands[chosen].tactic(), choice.ms, cands[chosen].variant.data});
        cacheChanged_ = true;
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

}  // namespace

Measured selectTactics(Program& program, const std::vector<LayerAssignment>& assignments,
                       const std::vector<OptimizationProfile>& profiles, const BuilderConfig& config, TimingCache& cache,
                       bool& cacheChanged, const BuildCallbacks& callbacks, BuildReport& report) {
    std::vector<ProgramStep>& steps = program.steps();
    const size_t n = steps.size();
    Selector selector(program, config, cache, cacheChanged, callbacks, report);
    selector.candidates.resize(n);
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
        std::vector<Candidate>& cands = selector.candidates[i];
        for (const KernelDef* def : a.backend->candidates(node, a.precision, a.format)) {
            if (def->variants) {
                PrepareContext pc{node, *a.backend, def->precision, a.format, ""};
                for (TacticVariant& v : def->variants(pc)) cands.push_back({def, std::move(v)});
            } else {
                cands.push_back({def, {}});
            }
        }
        KILN_CHECK(!cands.empty(), Internal, "layer '", node.name, "': no ", a.backend->id(), " kernel after assignment");
        step.def = cands.front().def;
        step.tacticData = cands.front().variant.data;
        step.precision = step.def->precision;
        selector.choices[i] = {step.def, cands.front().tactic(), step.tacticData, -1.f};
        if (cands.size() > 1) ++report.layersWithChoices;
    }
    program.finalize();

    const bool anyChoice = report.layersWithChoices > 0;
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
            if (!anyChoice) return;
            choosing = true;
            selector.choose(i, ctx);
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
