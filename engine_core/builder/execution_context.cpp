#include "engine_core/builder/execution_context.h"

#include <algorithm>
#include <chrono>

namespace kiln {

ExecutionContext::ExecutionContext(std::shared_ptr<const Engine> engine) : engine_(std::move(engine)) {
    KILN_CHECK(engine_, InvalidArgument, "ExecutionContext: no engine");
}

void ExecutionContext::setOptimizationProfile(int index) {
    int n = int(engine_->profiles().size());
    KILN_CHECK(index >= 0 && index < n, InvalidArgument, "optimization profile ", index,
               " does not exist (the engine has ", n, " profile", n == 1 ? "" : "s", ")");
    profile_ = index;
}

void ExecutionContext::checkInputs(const TensorMap& inputs) const {
    const Graph& g = engine_->graph();
    const OptimizationProfile* profile =
        engine_->profiles().empty() ? nullptr : &engine_->profiles().at(size_t(profile_));
    for (const Value* v : g.runtimeInputs()) {
        auto it = inputs.find(v->name);
        KILN_CHECK(it != inputs.end(), InvalidArgument, "missing input '", v->name, "' (", dataTypeName(v->dtype),
                   v->shape.str(), ")");
        const Tensor& t = it->second;
        const ShapeRange* range = nullptr;
        if (profile) {
            auto it = profile->inputs.find(v->name);
            if (it != profile->inputs.end()) range = &it->second;
        }
        if (range) {
            KILN_CHECK(v->dtype == DataType::Undefined || t.dtype() == v->dtype, InvalidArgument, "input '", v->name,
                       "' expects ", dataTypeName(v->dtype), " but got ", dataTypeName(t.dtype()));
            KILN_CHECK(range->contains(t.dims()), InvalidArgument, "input '", v->name, "' has shape ",
                       dimsToString(t.dims()), ", outside optimization profile ", profile_, " (min ",
                       dimsToString(range->min), ", max ", dimsToString(range->max), ")");
        } else {
            Executor::checkInput(*v, t);
        }
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
    if (options.batchSplit && !options.profiler && !options.keepLayerOutputs) {
        auto part = [&](const TensorMap& slice, const std::function<bool()>& stop) {
            ExecuteOptions partOptions;
            partOptions.cancelled = stop;
            return executeWhole(slice, partOptions);
        };
        if (auto split = runBatchSplit(engine_->batchSplit(), inputs, options.cancelled, part)) return *std::move(split);
    }
    return executeWhole(inputs, options);
}

TensorMap ExecutionContext::executeWhole(const TensorMap& inputs, const ExecuteOptions& options) const {
    const Graph& g = engine_->graph();
    const Backend& backend = engine_->backend();
    const auto& layers = engine_->layers();
    const auto& runtime = engine_->runtimeLayers();

    const RunPlan& plan = engine_->runPlan();

    // The live tensors, one slot each (planned by the engine); constants are read in place.
    std::vector<Tensor> live(plan.slotCount());
    for (const Value* v : g.runtimeInputs()) live[size_t(plan.slotOf(v))] = inputs.at(v->name);

    TensorMap result;
    std::vector<const Tensor*> ins;
    for (size_t i = 0; i < runtime.size(); ++i) {
        if (options.cancelled && options.cancelled()) fail(ErrorKind::Cancelled, "execution cancelled");
        const Engine::LayerRuntime& rt = runtime[i];
        const PlannedStep& step = plan.steps[i];
        const Node& node = *rt.node;
        ins.clear();
        for (size_t j = 0; j < node.inputs.size(); ++j) {
            const Value* in = node.inputs[j];
            const int s = step.inSlots[j];
            const Tensor* t = s >= 0 && live[size_t(s)].defined() ? &live[size_t(s)]
                              : in && in->isConstant()          ? &*in->constant
                                                                : nullptr;
            KILN_CHECK(!in || t, Internal, "layer '", layers[i].name, "': input '", in->name, "' not computed");
            ins.push_back(t);
        }
        KernelContext ctx(node, ins, node.outputs.size());
        if (!options.keepLayerOutputs && !rt.plugin) {
            for (size_t j = 0; j < step.donatable.size(); ++j)
                if (step.donatable[j]) ctx.donateInput(j);
        }
        // Timing only in profiled runs: the plain path makes no clock calls.
        std::chrono::steady_clock::time_point start;
        if (options.profiler) start = std::chrono::steady_clock::now();
        if (rt.plugin) {
            switch (backend.kind()) {
                case BackendKind::Cpu: rt.plugin->runCpu(ctx); break;
                case BackendKind::Cuda: rt.plugin->runCuda(ctx); break;
            }
        } else {
            backend.executeTactic(ctx, layers[i].tactic);
        }
        if (options.profiler) {
            float ms = std::chrono::duration<float, std::milli>(std::chrono::steady_clock::now() - start).count();
            options.profiler->reportLayerTime(layers[i].name, ms);
        }
        for (size_t o = 0; o < node.outputs.size(); ++o) {
            const int s = step.outSlots[o];
            if (s < 0) continue;
            KILN_CHECK(ctx.output(o).defined(), Internal, "layer '", layers[i].name, "' (", node.opType,
                       ") did not produce output ", o);
            if (options.keepLayerOutputs) result[node.outputs[o]->name] = ctx.output(o);
            live[size_t(s)] = std::move(ctx.output(o));
        }
        for (const int s : step.freeAfter) live[size_t(s)] = Tensor();
    }
    for (const Value* v : g.outputs()) {
        const int s = plan.slotOf(v);
        const Tensor* t = v->isConstant() ? &*v->constant : s >= 0 && live[size_t(s)].defined() ? &live[size_t(s)] : nullptr;
        KILN_CHECK(t, Internal, "engine output '", v->name, "' was not computed");
        result[v->name] = *t;
    }
    return result;
}

}  // namespace kiln
