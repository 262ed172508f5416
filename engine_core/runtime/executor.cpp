#include "engine_core/runtime/executor.h"

#include <algorithm>

namespace kiln {

Executor::Executor(const Graph& graph, std::shared_ptr<const Backend> backend)
    : graph_(graph), backend_(backend ? std::move(backend) : makeCpuBackend()) {
    KILN_CHECK(backend_->device().isHost(), InvalidArgument, "the reference executor runs on the host; the ",
               backend_->id(), " backend runs through an engine");
    std::vector<Node*> nodes = graph_.topologicalOrder();
    program_ = std::make_unique<Program>(graph_, std::vector<const Node*>(nodes.begin(), nodes.end()));
    std::string problems;
    size_t count = 0;
    for (ProgramStep& step : program_->steps()) {
        const Node* n = step.node;
        std::string why;
        std::vector<const KernelDef*> defs = backend_->candidates(*n, Precision::FP32, TensorFormat::Linear);
        if (defs.empty()) {
            backend_->supportsOp(*n, &why);
            if (count < 10) problems += concat("\n  node '", n->label(), "' (", n->opType, "): ", why);
            ++count;
            continue;
        }
        step.backend = backend_;
        step.def = defs.front();  // the reference tactic
    }
    KILN_CHECK(count == 0, Unsupported, count, " node(s) cannot run on the ", backend_->id(), " backend:", problems,
               count > 10 ? "\n  ..." : "");
    program_->finalize();
    // Sub-batches run on the CPU pool's threads: only a backend that says so is split.
    if (backend_->splitsBatches())
        split_ = analyzeBatchSplit(graph_);
    else
        split_.reason = concat("the ", backend_->id(), " backend runs whole batches");
}

void Executor::checkInput(const Value& declared, const Tensor& given) {
    KILN_CHECK(declared.dtype == DataType::Undefined || given.dtype() == declared.dtype, InvalidArgument,
               "input '", declared.name, "' expects ", dataTypeName(declared.dtype), " but got ",
               dataTypeName(given.dtype()));
    KILN_CHECK(given.device().isHost(), InvalidArgument, "input '", declared.name, "' is on ", given.device().str(),
               "; the reference executor reads host tensors");
    if (!declared.shape.rankKnown) return;
    KILN_CHECK(given.rank() == declared.shape.rank(), InvalidArgument, "input '", declared.name,
               "' expects shape ", declared.shape.str(), " (rank ", declared.shape.rank(), ") but got ",
               dimsToString(given.dims()));
    for (size_t d = 0; d < given.rank(); ++d) {
        const Dim& dim = declared.shape.dims[d];
        KILN_CHECK(!dim.isStatic() || dim.value == given.dims()[d], InvalidArgument, "input '",
                   declared.name, "' expects shape ", declared.shape.str(), " but got ",
                   dimsToString(given.dims()), " (dim ", d, ")");
    }
}

TensorMap Executor::run(const TensorMap& inputs, const RunOptions& options) const {
    if (options.batchSplit && !options.keepIntermediates && !options.afterNode) {
        auto checkWhole = [&](const TensorMap& whole) {
            for (Value* v : graph_.inputs())
                if (auto it = whole.find(v->name); it != whole.end()) checkInput(*v, it->second);
        };
        auto part = [&](const TensorMap& slice, const std::function<bool()>& stop) {
            RunOptions partOptions;
            partOptions.cancelled = stop;
            return runWhole(slice, partOptions);
        };
        if (auto split = runBatchSplit(split_, inputs, options.cancelled, part, checkWhole)) return *std::move(split);
    }
    return runWhole(inputs, options);
}

TensorMap Executor::runWhole(const TensorMap& inputs, const RunOptions& options) const {
    const RunPlan& plan = program_->plan();
    RunState state(*program_);
    size_t bound = 0;
    for (Value* v : graph_.runtimeInputs()) {
        auto it = inputs.find(v->name);
        KILN_CHECK(it != inputs.end(), InvalidArgument, "missing input '", v->name, "' (",
                   dataTypeName(v->dtype), v->shape.str(), ")");
        checkInput(*v, it->second);
        state.bind(plan.slotOf(v), it->second);
        ++bound;
    }
    if (bound != inputs.size()) {
        for (const auto& [name, tensor] : inputs) {
            Value* v = graph_.findValue(name);
            if (v && v->isGraphInput && !v->isConstant()) continue;  // a runtime input, bound above
            // Overriding an initializer that is also a graph input is allowed (ONNX IR < 4 semantics).
            KILN_CHECK(v && v->isGraphInput, InvalidArgument, "the model has no input named '", name, "'");
            checkInput(*v, tensor);
            state.bind(plan.slotOf(v), tensor);
        }
    }

    TensorMap kept;
    RunHooks hooks;
    hooks.cancelled = options.cancelled;
    hooks.donate = !options.keepIntermediates;
    hooks.timeSteps = bool(options.afterNode);
    if (options.afterNode || options.keepIntermediates) {
        hooks.afterStep = [&](size_t i, KernelContext& ctx, double ms) {
            const Node& node = *program_->order()[i];
            if (options.afterNode) options.afterNode(i, node, ms);
            if (options.keepIntermediates)
                for (size_t o = 0; o < node.outputs.size(); ++o)
                    if (node.outputs[o]) kept[node.outputs[o]->name] = ctx.output(o);
        };
    }
    runProgram(*program_, state, hooks);
    for (const Value* v : graph_.outputs()) {
        const Tensor* t = state.value(plan.slotOf(v));
        if (!t && v->isConstant()) t = &*v->constant;
        KILN_CHECK(t, InvalidModel, "graph output '", v->name, "' was not computed");
        kept[v->name] = *t;
    }
    return kept;
}

}  // namespace kiln
