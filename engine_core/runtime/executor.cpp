#include "engine_core/runtime/executor.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <unordered_map>

namespace kiln {

Executor::Executor(const Graph& graph, std::shared_ptr<const Backend> backend)
    : graph_(graph), backend_(backend ? std::move(backend) : std::shared_ptr<const Backend>(makeCpuBackend())) {
    order_ = graph_.topologicalOrder();
    std::string problems;
    size_t count = 0;
    for (const Node* n : order_) {
        std::string why;
        if (!backend_->supportsOp(*n, &why)) {
            if (count < 10) problems += concat("\n  node '", n->label(), "' (", n->opType, "): ", why);
            ++count;
        }
    }
    KILN_CHECK(count == 0, Unsupported, count, " node(s) cannot run on the ", backend_->name(),
               " backend:", problems, count > 10 ? "\n  ..." : "");
    plan_ = planRun(graph_, std::vector<const Node*>(order_.begin(), order_.end()));
    // Sub-batches run on the CPU pool's threads: only the CPU backend is split.
    if (backend_->kind() == BackendKind::Cpu) split_ = analyzeBatchSplit(graph_);
    else split_.reason = concat("the ", backend_->name(), " backend runs whole batches");
}

void Executor::checkInput(const Value& declared, const Tensor& given) {
    KILN_CHECK(declared.dtype == DataType::Undefined || given.dtype() == declared.dtype, InvalidArgument,
               "input '", declared.name, "' expects ", dataTypeName(declared.dtype), " but got ",
               dataTypeName(given.dtype()));
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
    // The run's live tensors, one slot per value; `present` tells a computed empty tensor from none.
    std::vector<Tensor> live(plan_.slotCount());
    std::vector<char> present(plan_.slotCount(), 0);
    auto bind = [&](const Value* v, const Tensor& t) {
        const size_t s = plan_.valueSlots.at(v);
        live[s] = t;
        present[s] = 1;
    };
    size_t bound = 0;
    for (Value* v : graph_.runtimeInputs()) {
        auto it = inputs.find(v->name);
        KILN_CHECK(it != inputs.end(), InvalidArgument, "missing input '", v->name, "' (",
                   dataTypeName(v->dtype), v->shape.str(), ")");
        checkInput(*v, it->second);
        bind(v, it->second);
        ++bound;
    }
    if (bound != inputs.size()) {
        for (const auto& [name, tensor] : inputs) {
            Value* v = graph_.findValue(name);
            if (v && v->isGraphInput && !v->isConstant()) continue;  // a runtime input, bound above
            // Overriding an initializer that is also a graph input is allowed (ONNX IR < 4 semantics).
            KILN_CHECK(v && v->isGraphInput, InvalidArgument, "the model has no input named '", name, "'");
            checkInput(*v, tensor);
            bind(v, tensor);
        }
    }

    TensorMap kept;
    std::vector<const Tensor*> ins;
    for (size_t i = 0; i < order_.size(); ++i) {
        if (options.cancelled && options.cancelled()) fail(ErrorKind::Cancelled, "run cancelled");
        const Node& node = *order_[i];
        const PlannedStep& step = plan_.steps[i];
        ins.clear();
        for (size_t j = 0; j < step.inSlots.size(); ++j) {
            const int s = step.inSlots[j];
            const Value* in = node.inputs[j];
            // A constant, or a graph input with an initializer that the caller did not override.
            const Tensor* t = s >= 0 && present[size_t(s)] ? &live[size_t(s)]
                              : in && in->isConstant()     ? &*in->constant
                                                           : nullptr;
            KILN_CHECK(!in || t, Internal, "node '", node.label(), "': input '", in->name, "' not computed");
            ins.push_back(t);
        }
        KernelContext ctx(node, ins, node.outputs.size());
        if (!options.keepIntermediates)
            for (size_t j = 0; j < step.donatable.size(); ++j)
                if (step.donatable[j] && present[size_t(step.inSlots[j])]) ctx.donateInput(j);
        const bool timed = bool(options.afterNode);
        const auto start = timed ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point();
        backend_->execute(ctx);
        const double ms =
            timed ? std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() : 0.0;
        for (size_t o = 0; o < step.outSlots.size(); ++o) {
            const int s = step.outSlots[o];
            if (s < 0) continue;
            KILN_CHECK(ctx.output(o).defined(), Internal, "node '", node.label(), "' (", node.opType,
                       ") did not produce output ", o);
            live[size_t(s)] = std::move(ctx.output(o));
            present[size_t(s)] = 1;
        }
        if (timed) options.afterNode(i, node, ms);
        if (options.keepIntermediates) {
            for (size_t o = 0; o < step.outSlots.size(); ++o)
                if (step.outSlots[o] >= 0) kept[node.outputs[o]->name] = live[size_t(step.outSlots[o])];
        }
        // Free what no later node reads.
        for (const int s : step.freeAfter) {
            live[size_t(s)] = Tensor();
            present[size_t(s)] = 0;
        }
    }
    for (const Value* v : graph_.outputs()) {
        const int s = plan_.slotOf(v);
        const Tensor* t = s >= 0 && present[size_t(s)] ? &live[size_t(s)] : nullptr;
        if (!t && v->isConstant()) t = &*v->constant;
        KILN_CHECK(t, InvalidModel, "graph output '", v->name, "' was not computed");
        kept[v->name] = *t;
    }
    return kept;
}

}  // namespace kiln
