// Constant folding: a node whose inputs are all constants is run once, now, on the CPU reference
// executor (a one-node graph), and its outputs become constants. Exporters also emit
// Shape → Gather → Unsqueeze → Concat chains that compute shapes at run time; once shape inference
// knows the dims, Shape (and Gather / Slice of a Shape, when only static dims are picked) fold too,
// and the rest of the chain follows as ordinary constants. Symbolic dims are never folded.
#include <algorithm>
#include <set>

#include "engine_core/passes/passes.h"
#include "engine_core/passes/rewrite.h"
#include "engine_core/runtime/executor.h"

namespace kiln::passes {

namespace {

size_t staticBytes(const Value* v) {
    if (!v || !v->shape.rankKnown || !v->shape.isStatic() || dataTypeSize(v->dtype) == 0) return 0;
    size_t n = 1;
    for (int64_t d : v->shape.staticDims()) n *= size_t(d);
    return n * dataTypeSize(v->dtype);
}

// Replaces node n by constants for its outputs.
void becomeConstants(Graph& graph, Node* n, std::vector<Tensor> results) {
    std::vector<Value*> outs = n->outputs;
    graph.removeNode(n);
    for (size_t i = 0; i < outs.size(); ++i) {
        Value* v = outs[i];
        if (!v) continue;
        v->dtype = results[i].dtype();
        v->shape = Shape(results[i].dims());
        v->constant = std::move(results[i]);
    }
}

// Dims [start, end) of Shape(x), each std::nullopt when not static; nullopt if the rank is unknown.
std::optional<std::vector<std::optional<int64_t>>> shapeOpDims(const Node& shapeNode) {
    const Value* x = shapeNode.inputOrNull(0);
    if (!x || !x->shape.rankKnown) return std::nullopt;
    int64_t rank = int64_t(x->shape.rank());
    auto clampAxis = [&](int64_t a) { return std::clamp(a < 0 ? a + rank : a, int64_t(0), rank); };
    int64_t start = clampAxis(shapeNode.attrInt("start", 0));
    int64_t end = clampAxis(shapeNode.attrInt("end", rank));
    std::vector<std::optional<int64_t>> dims;
    for (int64_t d = start; d < end; ++d) {
        const Dim& dim = x->shape.dims[size_t(d)];
        dims.push_back(dim.isStatic() ? std::optional<int64_t>(dim.value) : std::nullopt);
    }
    return dims;
}

class ConstantFolding final : public GraphPass {
public:
    std::string name() const override { return "ConstantFolding"; }

    bool run(Graph& graph, PassContext& ctx) override {
        int folded = 0, shapes = 0;
        for (Node* n : graph.topologicalOrder()) {
            if (n->domain.empty() && (n->opType == "Shape" || n->opType == "Size")) {
                if (foldShapeOp(graph, n)) ++shapes;
                continue;
            }
            if (n->domain.empty() && (n->opType == "Gather" || n->opType == "Slice") && foldPartOfShape(graph, n)) {
                ++shapes;
                continue;
            }
            if (foldNode(graph, n, ctx)) ++folded;
        }
        if (folded) ctx.recordFusion("ConstantFolding", folded);
        if (shapes) ctx.recordFusion("ShapeFolding", shapes);
        return folded + shapes > 0;
    }

private:
    bool foldNode(Graph& graph, Node* n, const PassContext& ctx) {
        if (isNondeterministic(*n) || n->outputs.empty()) return false;
        bool anyInput = false;
        for (Value* in : n->inputs) {
            if (!in) continue;
            if (!in->isConstant()) return false;
            anyInput = true;
        }
        if (n->domain.empty() && n->opType == "Constant") {
            if (!n->hasAttr("value") || n->outputs.size() != 1 || !n->outputs[0]) return false;
            becomeConstants(graph, n, {n->attrTensor("value")});
            return true;
        }
        if (!anyInput) return false;
        for (Value* out : n->outputs)
            if (staticBytes(out) > ctx.maxFoldedBytes) return false;
        std::vector<Tensor> results;
        try {
            results = evaluate(*n);
        } catch (const Error&) {
            return false;  // not foldable on this build (no kernel, unsupported attribute): leave it to run time
        }
        for (const Tensor& t : results)
            if (t.defined() && t.byteSize() > ctx.maxFoldedBytes) return false;
        becomeConstants(graph, n, std::move(results));
        return true;
    }

    // Runs the node alone on the CPU executor.
    static std::vector<Tensor> evaluate(const Node& n) {
        Graph g;
        std::vector<Value*> ins, outs;
        for (size_t i = 0; i < n.inputs.size(); ++i)
            ins.push_back(n.inputs[i] ? g.addConstant("in" + std::to_string(i), *n.inputs[i]->constant) : nullptr);
        for (size_t i = 0; i < n.outputs.size(); ++i) {
            if (!n.outputs[i]) {
                outs.push_back(nullptr);
                continue;
            }
            Value* v = g.addValue("out" + std::to_string(i));
            v->dtype = n.outputs[i]->dtype;
            outs.push_back(v);
        }
        Node* copy = g.addNode(n.opType, n.label(), ins, outs, n.domain);
        copy->attributes = n.attributes;
        for (Value* v : outs)
            if (v) g.markOutput(v);
        Executor exec(g);
        TensorMap result = exec.run({});
        std::vector<Tensor> out(n.outputs.size());
        for (size_t i = 0; i < n.outputs.size(); ++i)
            if (n.outputs[i]) out[i] = result.at("out" + std::to_string(i));
        return out;
    }

    static bool foldShapeOp(Graph& graph, Node* n) {
        if (n->outputs.size() != 1 || !n->outputs[0]) return false;
        const Value* x = n->inputOrNull(0);
        if (!x || !x->shape.rankKnown) return false;
        if (n->opType == "Size") {
            if (!x->shape.isStatic()) return false;
            int64_t size = 1;
            for (int64_t d : x->shape.staticDims()) size *= d;
            becomeConstants(graph, n, {Tensor::scalar<int64_t>(size)});
            return true;
        }
        auto dims = shapeOpDims(*n);
        if (!dims) return false;
        std::vector<int64_t> values;
        for (const auto& d : *dims) {
            if (!d) return false;
            values.push_back(*d);
        }
        becomeConstants(graph, n, {Tensor::fromVector<int64_t>({int64_t(values.size())}, values)});
        return true;
    }

    // Gather(Shape(x), constant indices) and Slice(Shape(x), constant starts/ends/axes/steps) of
    // dims that are static, even when other dims of x are symbolic.
    static bool foldPartOfShape(Graph& graph, Node* n) {
        Value* data = n->inputOrNull(0);
        if (!data || !isOp(data->producer, "Shape") || n->outputs.size() != 1 || !n->outputs[0]) return false;
        auto dims = shapeOpDims(*data->producer);
        if (!dims) return false;
        int64_t len = int64_t(dims->size());
        std::vector<int64_t> picked;
        std::vector<int64_t> outDims;
        if (n->opType == "Gather") {
            const Tensor* idx = constantOf(n->inputOrNull(1));
            if (!idx || !isInteger(idx->dtype())) return false;
            int64_t axis = n->attrInt("axis", 0);
            if (axis != 0 && axis != -1) return false;
            for (int64_t i : idx->toInt64Vector()) {
                if (i < 0) i += len;
                if (i < 0 || i >= len) return false;
                picked.push_back(i);
            }
            outDims = idx->dims();
        } else {
            const Tensor* starts = constantOf(n->inputOrNull(1));
            const Tensor* ends = constantOf(n->inputOrNull(2));
            if (!starts || !ends || starts->numel() != 1 || ends->numel() != 1) return false;
            if (Value* axes = n->inputOrNull(3)) {
                const Tensor* a = constantOf(axes);
                if (!a || a->numel() != 1 || (a->scalarAsInt64(0) != 0 && a->scalarAsInt64(0) != -1)) return false;
            }
            int64_t step = 1;
            if (Value* steps = n->inputOrNull(4)) {
                const Tensor* s = constantOf(steps);
                if (!s || s->numel() != 1 || s->scalarAsInt64(0) == 0) return false;
                step = s->scalarAsInt64(0);
            }
            // ONNX Slice index rules for one axis: negative indices count from the end, then clamp.
            int64_t start = starts->scalarAsInt64(0), end = ends->scalarAsInt64(0);
            if (start < 0) start += len;
            if (end < 0) end += len;
            if (step > 0) {
                start = std::clamp(start, int64_t(0), len);
                end = std::clamp(end, int64_t(0), len);
                for (int64_t i = start; i < end; i += step) picked.push_back(i);
            } else {
                start = std::clamp(start, int64_t(0), len - 1);
                end = std::clamp(end, int64_t(-1), len - 1);
                for (int64_t i = start; i > end; i += step) picked.push_back(i);
            }
            outDims = {int64_t(picked.size())};
        }
        std::vector<int64_t> values;
        for (int64_t i : picked) {
            if (!(*dims)[size_t(i)]) return false;
            values.push_back(*(*dims)[size_t(i)]);
        }
        becomeConstants(graph, n, {Tensor::fromVector<int64_t>(outDims, values)});
        return true;
    }
};

}  // namespace

std::unique_ptr<GraphPass> makeConstantFoldingPass() { return std::make_unique<ConstantFolding>(); }

}  // namespace kiln::passes
