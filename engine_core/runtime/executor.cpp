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
    std::unordered_map<const Value*, size_t> lastUse;  // index in order_ of the last reader
    for (size_t i = 0; i < order_.size(); ++i) {
        const Node* n = order_[i];
        std::string why;
        if (!backend_->supportsOp(*n, &why)) {
            if (count < 10) problems += concat("\n  node '", n->label(), "' (", n->opType, "): ", why);
            ++count;
        }
        for (Value* in : n->inputs)
            if (in) lastUse[in] = i;
        for (Value* v : n->inputs)
            if (v) slot_.emplace(v, slot_.size());
        for (Value* v : n->outputs)
            if (v) slot_.emplace(v, slot_.size());
    }
    for (Value* v : graph_.inputs()) slot_.emplace(v, slot_.size());
    KILN_CHECK(count == 0, Unsupported, count, " node(s) cannot run on the ", backend_->name(),
               " backend:", problems, count > 10 ? "\n  ..." : "");

    const std::set<const Value*> outputs(graph_.outputs().begin(), graph_.outputs().end());
    steps_.resize(order_.size());
    for (size_t i = 0; i < order_.size(); ++i) {
        const Node& node = *order_[i];
        Step& step = steps_[i];
        for (const Value* in : node.inputs) {
            // A graph input may be fed at run time even when it has an initializer (ONNX IR < 4), so
            // only constants that aren't graph inputs are bound here.
            const bool constant = in && in->isConstant() && !in->isGraphInput;
            step.inSlots.push_back(in && !constant ? int(slot_.at(in)) : -1);
            step.constants.push_back(constant ? &*in->constant : nullptr);
            const auto lu = in ? lastUse.find(in) : lastUse.end();
            const bool last = lu != lastUse.end() && lu->second == i;
            step.donatable.push_back(in && !in->isConstant() && !outputs.count(in) && last);
            if (in && !outputs.count(in) && last && !constant &&
                std::find(step.freeAfter.begin(), step.freeAfter.end(), int(slot_.at(in))) == step.freeAfter.end())
                step.freeAfter.push_back(int(slot_.at(in)));
        }
        for (const Value* out : node.outputs) {
            step.outSlots.push_back(out ? int(slot_.at(out)) : -1);
            if (out && !outputs.count(out) && !lastUse.count(out)) step.freeAfter.push_back(int(slot_.at(out)));
        }
    }
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
    std::vector<Tensor> live(slot_.size());
    std::vector<char> present(slot_.size(), 0);
    auto bind = [&](const Value* v, const Tensor& t) {
        const size_t s = slot_.at(v);
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
        if (options.cancelled && options.cancelled()) fail(ErrorKind::Internal, "run cancelled");
        const Node& node = *order_[i];
        const Step& step = steps_[i];
        ins.clear();
        for (size_t j = 0; j < step.inSlots.size(); ++j) {
            const int s = step.inSlots[j];
            const Value* in = node.inputs[j];
            const Tensor* t = step.constants[j];
            if (s >= 0) {
                // A graph input with an initializer that the caller did not override reads its constant.
                t = present[size_t(s)] ? &live[size_t(s)] : (in->isConstant() ? &*in->constant : nullptr);
                KILN_CHECK(t, Internal, "node '", node.label(), "': input '", in->name, "' not computed");
            }
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
        auto it = slot_.find(v);
        const Tensor* t = it != slot_.end() && present[it->second] ? &live[it->second] : nullptr;
        if (!t && v->isConstant()) t = &*v->constant;
        KILN_CHECK(t, InvalidModel, "graph output '", v->name, "' was not computed");
        kept[v->name] = *t;
    }
    return kept;
}

}  // namespace kiln
