#include "engine_core/runtime/executor.h"

#include <chrono>
#include <set>
#include <unordered_map>

namespace kiln {

Executor::Executor(const Graph& graph, std::shared_ptr<const Backend> backend)
    : graph_(graph), backend_(backend ? std::move(backend) : std::shared_ptr<const Backend>(makeCpuBackend())) {
    order_ = graph_.topologicalOrder();
    std::string problems;
    size_t count = 0;
    for (size_t i = 0; i < order_.size(); ++i) {
        const Node* n = order_[i];
        std::string why;
        if (!backend_->supportsOp(*n, &why)) {
            if (count < 10) problems += concat("\n  node '", n->label(), "' (", n->opType, "): ", why);
            ++count;
        }
        for (Value* in : n->inputs)
            if (in) lastUse_[in] = i;
        for (Value* v : n->inputs)
            if (v) slot_.emplace(v, slot_.size());
        for (Value* v : n->outputs)
            if (v) slot_.emplace(v, slot_.size());
    }
    for (Value* v : graph_.inputs()) slot_.emplace(v, slot_.size());
    KILN_CHECK(count == 0, Unsupported, count, " node(s) cannot run on the ", backend_->name(),
               " backend:", problems, count > 10 ? "\n  ..." : "");
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

namespace {
// The tensors alive during one run, one slot per value (Executor::slot_).
class LiveTensors {
public:
    explicit LiveTensors(const std::unordered_map<const Value*, size_t>& slots)
        : slots_(slots), tensors_(slots.size()), present_(slots.size(), 0) {}
    Tensor& operator[](const Value* v) {
        const size_t s = slot(v);
        present_[s] = 1;
        return tensors_[s];
    }
    const Tensor* find(const Value* v) const {
        auto it = slots_.find(v);
        return it != slots_.end() && present_[it->second] ? &tensors_[it->second] : nullptr;
    }
    void erase(const Value* v) {
        auto it = slots_.find(v);
        if (it == slots_.end()) return;
        present_[it->second] = 0;
        tensors_[it->second] = Tensor();
    }

private:
    size_t slot(const Value* v) const {
        auto it = slots_.find(v);
        KILN_CHECK(it != slots_.end(), Internal, "value '", v->name, "' has no slot in the executor");
        return it->second;
    }
    const std::unordered_map<const Value*, size_t>& slots_;
    std::vector<Tensor> tensors_;
    std::vector<char> present_;
};
}  // namespace

TensorMap Executor::run(const TensorMap& inputs, const RunOptions& options) const {
    LiveTensors live(slot_);
    std::set<std::string> known;
    for (Value* v : graph_.runtimeInputs()) {
        known.insert(v->name);
        auto it = inputs.find(v->name);
        KILN_CHECK(it != inputs.end(), InvalidArgument, "missing input '", v->name, "' (",
                   dataTypeName(v->dtype), v->shape.str(), ")");
        checkInput(*v, it->second);
        live[v] = it->second;
    }
    for (const auto& [name, tensor] : inputs) {
        if (known.count(name)) continue;
        // Overriding an initializer that is also a graph input is allowed (ONNX IR < 4 semantics).
        Value* v = graph_.findValue(name);
        KILN_CHECK(v && v->isGraphInput, InvalidArgument, "the model has no input named '", name, "'");
        checkInput(*v, tensor);
        live[v] = tensor;
    }
    auto lookup = [&](const Value* v) -> const Tensor* {
        if (const Tensor* t = live.find(v)) return t;
        if (v->isConstant()) return &*v->constant;
        return nullptr;
    };

    TensorMap kept;
    std::set<const Value*> outputs(graph_.outputs().begin(), graph_.outputs().end());
    for (size_t i = 0; i < order_.size(); ++i) {
        if (options.cancelled && options.cancelled()) fail(ErrorKind::Internal, "run cancelled");
        const Node& node = *order_[i];
        std::vector<const Tensor*> ins;
        for (Value* in : node.inputs) {
            if (!in) {
                ins.push_back(nullptr);
                continue;
            }
            const Tensor* t = lookup(in);
            KILN_CHECK(t, Internal, "node '", node.label(), "': input '", in->name, "' not computed");
            ins.push_back(t);
        }
        KernelContext ctx(node, std::move(ins), node.outputs.size());
        for (size_t j = 0; j < node.inputs.size(); ++j) {
            const Value* in = node.inputs[j];
            if (!in || in->isConstant() || outputs.count(in) || options.keepIntermediates) continue;
            auto lu = lastUse_.find(in);
            if (lu != lastUse_.end() && lu->second == i) ctx.donateInput(j);
        }
        auto start = std::chrono::steady_clock::now();
        backend_->execute(ctx);
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        for (size_t o = 0; o < node.outputs.size(); ++o) {
            const Value* out = node.outputs[o];
            if (!out) continue;
            KILN_CHECK(ctx.output(o).defined(), Internal, "node '", node.label(), "' (", node.opType,
                       ") did not produce output ", o);
            live[out] = std::move(ctx.output(o));
        }
        if (options.afterNode) options.afterNode(i, node, ms);
        if (options.keepIntermediates) {
            for (const Value* out : node.outputs)
                if (out) kept[out->name] = live[out];
        }
        // Free what no later node reads.
        for (const Value* in : node.inputs) {
            if (!in || outputs.count(in)) continue;
            auto lu = lastUse_.find(in);
            if (lu != lastUse_.end() && lu->second == i) live.erase(in);
        }
        for (const Value* out : node.outputs)
            if (out && !outputs.count(out) && !lastUse_.count(out)) live.erase(out);
    }
    for (const Value* v : graph_.outputs()) {
        const Tensor* t = lookup(v);
        KILN_CHECK(t, InvalidModel, "graph output '", v->name, "' was not computed");
        kept[v->name] = *t;
    }
    return kept;
}

}  // namespace kiln
