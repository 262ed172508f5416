// If, Loop and Scan: each body runs through its own reference Executor (the same run loop as any
// graph), prepared once per layer. In an engine the bodies were optimized by the builder's passes
// like the main graph (passes/optimizer.cpp); they run on the CPU, one iteration at a time.
// Layouts of the inputs and bodies: ir/control_flow.h.
#include <algorithm>
#include <cstring>

#include "engine_core/ir/control_flow.h"
#include "engine_core/runtime/executor.h"
#include "kernels/cpu/register.h"

namespace kiln::cpu {

namespace {

struct Body {
    std::string name;
    std::shared_ptr<Graph> graph;  // kept alive with the executor that reads it
    std::unique_ptr<Executor> executor;
};

// dims with `count` inserted at `axis`.
std::vector<int64_t> withAxis(std::vector<int64_t> dims, size_t axis, int64_t count) {
    dims.insert(dims.begin() + ptrdiff_t(axis), count);
    return dims;
}

size_t normalizeAxis(const KernelContext& ctx, int64_t axis, size_t rank, const char* what) {
    const int64_t r = int64_t(rank);
    if (axis < -r || axis >= r) ctx.fail(ErrorKind::InvalidArgument, what, " ", axis, " is out of range for rank ", rank);
    return size_t(axis < 0 ? axis + r : axis);
}

// Tensor viewed as [outer, count, inner] along `axis`: slice `index` as a tensor of rank-1.
Tensor sliceAlong(const Tensor& t, size_t axis, int64_t index) {
    std::vector<int64_t> dims = t.dims();
    const int64_t count = dims[axis];
    dims.erase(dims.begin() + ptrdiff_t(axis));
    Tensor out = Tensor::uninitialized(t.dtype(), dims);
    int64_t outer = 1;
    for (size_t d = 0; d < axis; ++d) outer *= t.dims()[d];
    const size_t inner = out.byteSize() / size_t(std::max<int64_t>(outer, 1));
    const auto* src = static_cast<const char*>(t.raw());
    auto* dst = static_cast<char*>(out.raw());
    for (int64_t o = 0; o < outer && inner; ++o)
        std::memcpy(dst + size_t(o) * inner, src + (size_t(o * count + index)) * inner, inner);
    return out;
}

void copyTo(Tensor& dst, const Tensor& src) {
    if (src.byteSize()) std::memcpy(dst.raw(), src.raw(), src.byteSize());
}

// Output `o` = the iterations' tensors stacked along a new axis `axis` (all of one shape).
void stackOutput(KernelContext& ctx, size_t o, const std::vector<Tensor>& parts, size_t axis, const Value& declared) {
    if (!ctx.outputWanted(o)) return;
    if (parts.empty()) {  // no iteration: the declared per-iteration shape when static, else [0]
        std::vector<int64_t> dims;
        if (declared.shape.rankKnown && declared.shape.isStatic()) dims = declared.shape.staticDims();
        axis = std::min(axis, dims.size());
        const DataType dtype = declared.dtype == DataType::Undefined ? DataType::Float32 : declared.dtype;
        ctx.allocateOutput(o, dtype, withAxis(dims, axis, 0));
        return;
    }
    const Tensor& first = parts.front();
    for (const Tensor& p : parts)
        if (p.dims() != first.dims() || p.dtype() != first.dtype())
            ctx.fail(ErrorKind::InvalidArgument, "scan output ", o, " changes from ", first.describe(), " to ",
                     p.describe(), " between iterations");
    if (axis > first.rank()) ctx.fail(ErrorKind::InvalidArgument, "scan output axis ", axis, " is out of range");
    Tensor& out = ctx.allocateOutput(o, first.dtype(), withAxis(first.dims(), axis, int64_t(parts.size())));
    int64_t outer = 1;
    for (size_t d = 0; d < axis; ++d) outer *= first.dims()[d];
    const size_t inner = first.byteSize() / size_t(std::max<int64_t>(outer, 1));
    auto* dst = static_cast<char*>(out.raw());
    for (size_t t = 0; t < parts.size(); ++t) {
        const auto* src = static_cast<const char*>(parts[t].raw());
        for (int64_t i = 0; i < outer && inner; ++i)
            std::memcpy(dst + (size_t(i) * parts.size() + t) * inner, src + size_t(i) * inner, inner);
    }
}

void setOutputCopy(KernelContext& ctx, size_t o, const Tensor& t) {
    if (!ctx.outputWanted(o)) return;
    copyTo(ctx.allocateOutput(o, t.dtype(), t.dims()), t);
}

bool readCondition(const KernelContext& ctx, const Tensor& t, const char* what) {
    if (t.dtype() != DataType::Bool || t.numel() != 1)
        ctx.fail(ErrorKind::InvalidArgument, what, " must be one bool, got ", t.describe());
    return t.data<bool>()[0];
}

class ControlFlowKernel final : public KernelInstance {
public:
    explicit ControlFlowKernel(const Node& node) : layout_(checkControlFlowNode(node)) {
        for (const auto& [key, attr] : node.attributes) {
            const auto* g = attr.get<std::shared_ptr<Graph>>();
            if (!g || !*g) continue;
            Body b;
            b.name = key;
            b.graph = *g;
            b.executor = std::make_unique<Executor>(*b.graph, makeCpuBackend());
            bodies_.push_back(std::move(b));
        }
    }

    void run(KernelContext& ctx) const override {
        const std::string& op = ctx.node().opType;
        if (op == "If")
            runIf(ctx);
        else if (op == "Loop")
            runLoop(ctx);
        else
            runScan(ctx);
    }

private:
    const Body& body(const std::string& name) const {
        for (const Body& b : bodies_)
            if (b.name == name) return b;
        fail(ErrorKind::Internal, "control flow: no body '", name, "'");
    }

    // Runs a body on its formal inputs; the outer-scope ones come from the node's trailing inputs.
    TensorMap runBody(const KernelContext& ctx, const Body& b, const std::vector<const Tensor*>& formal) const {
        const std::vector<Value*>& in = b.graph->inputs();
        TensorMap inputs;
        for (size_t i = 0; i < formal.size(); ++i) inputs[in[i]->name] = *formal[i];
        for (size_t i = 0; i < b.graph->outerScopeInputs; ++i)
            inputs[in[formal.size() + i]->name] = ctx.input(layout_.formalInputs + i);
        RunOptions options;
        options.batchSplit = false;  // the layer already runs inside a run
        try {
            return b.executor->run(inputs, options);
        } catch (const Error& e) {
            ctx.fail(e.kind(), "body '", b.name, "': ", e.what());
        }
    }

    static const Tensor& outputOf(const TensorMap& out, const Body& b, size_t i) {
        return out.at(b.graph->outputs()[i]->name);
    }

    void runIf(KernelContext& ctx) const {
        const Body& b = body(readCondition(ctx, ctx.input(0), "the condition") ? "then_branch" : "else_branch");
        TensorMap out = runBody(ctx, b, {});
        for (size_t o = 0; o < ctx.numOutputs(); ++o) setOutputCopy(ctx, o, outputOf(out, b, o));
    }

    void runLoop(KernelContext& ctx) const {
        const Body& b = body("body");
        const size_t n = layout_.carried, k = layout_.scanOutputs;
        int64_t trips = INT64_MAX;
        if (const Tensor* m = ctx.optionalInput(0)) {
            if (m->dtype() != DataType::Int64 || m->numel() != 1)
                ctx.fail(ErrorKind::InvalidArgument, "the trip count must be one int64, got ", m->describe());
            trips = m->data<int64_t>()[0];
        }
        bool cond = ctx.hasInput(1) ? readCondition(ctx, ctx.input(1), "the condition") : true;
        std::vector<Tensor> carried;
        for (size_t j = 0; j < n; ++j) carried.push_back(ctx.input(2 + j));
        std::vector<std::vector<Tensor>> scans(k);
        for (int64_t i = 0; i < trips && cond; ++i) {
            Tensor iter = Tensor::scalar<int64_t>(i), condIn = Tensor::scalar<bool>(cond);
            std::vector<const Tensor*> formal = {&iter, &condIn};
            for (const Tensor& t : carried) formal.push_back(&t);
            TensorMap out = runBody(ctx, b, formal);
            cond = readCondition(ctx, outputOf(out, b, 0), "the body's condition output");
            for (size_t j = 0; j < n; ++j) carried[j] = outputOf(out, b, 1 + j);
            for (size_t s = 0; s < k; ++s) scans[s].push_back(outputOf(out, b, 1 + n + s));
        }
        for (size_t j = 0; j < n; ++j) setOutputCopy(ctx, j, carried[j]);
        for (size_t s = 0; s < k; ++s) stackOutput(ctx, n + s, scans[s], 0, *b.graph->outputs()[1 + n + s]);
    }

    void runScan(KernelContext& ctx) const {
        const Body& b = body("body");
        const Node& node = ctx.node();
        const size_t n = layout_.carried, m = layout_.scanInputs, k = layout_.scanOutputs;
        auto attr = [&](const char* key, size_t count) {
            std::vector<int64_t> v = node.attrInts(key);
            if (v.empty()) v.assign(count, 0);
            return v;
        };
        const std::vector<int64_t> inAxes = attr("scan_input_axes", m), inDirs = attr("scan_input_directions", m);
        const std::vector<int64_t> outAxes = attr("scan_output_axes", k), outDirs = attr("scan_output_directions", k);
        std::vector<size_t> axes(m);
        int64_t length = -1;
        for (size_t j = 0; j < m; ++j) {
            const Tensor& x = ctx.input(n + j);
            axes[j] = normalizeAxis(ctx, inAxes[j], x.rank(), "scan_input_axes entry");
            const int64_t len = x.dims()[axes[j]];
            if (length >= 0 && len != length)
                ctx.fail(ErrorKind::InvalidArgument, "scan input ", j, " has ", len, " steps along axis ", axes[j],
                         ", scan input 0 has ", length);
            length = len;
        }
        std::vector<Tensor> states;
        for (size_t j = 0; j < n; ++j) states.push_back(ctx.input(j));
        std::vector<std::vector<Tensor>> scans(k);
        for (int64_t t = 0; t < length; ++t) {
            std::vector<Tensor> slices;
            for (size_t j = 0; j < m; ++j)
                slices.push_back(sliceAlong(ctx.input(n + j), axes[j], inDirs[j] == 1 ? length - 1 - t : t));
            std::vector<const Tensor*> formal;
            for (const Tensor& s : states) formal.push_back(&s);
            for (const Tensor& s : slices) formal.push_back(&s);
            TensorMap out = runBody(ctx, b, formal);
            for (size_t j = 0; j < n; ++j) states[j] = outputOf(out, b, j);
            for (size_t s = 0; s < k; ++s) scans[s].push_back(outputOf(out, b, n + s));
        }
        for (size_t j = 0; j < n; ++j) setOutputCopy(ctx, j, states[j]);
        for (size_t s = 0; s < k; ++s) {
            if (outDirs[s] == 1) std::reverse(scans[s].begin(), scans[s].end());
            const Value& declared = *b.graph->outputs()[n + s];
            size_t rank = scans[s].empty() ? (declared.shape.rankKnown ? declared.shape.rank() : 0) : scans[s][0].rank();
            stackOutput(ctx, n + s, scans[s], normalizeAxis(ctx, outAxes[s], rank + 1, "scan_output_axes entry"), declared);
        }
    }

    ControlFlowLayout layout_;
    std::vector<Body> bodies_;
};

std::unique_ptr<KernelInstance> prepareControlFlow(const PrepareContext& p) {
    return std::make_unique<ControlFlowKernel>(p.node);
}

}  // namespace

void registerControlFlowKernels(KernelRegistry& registry) {
    for (const char* op : {"If", "Loop", "Scan"}) {
        KernelDef def;
        def.prepare = prepareControlFlow;
        registry.add(op, def);
    }
}

}  // namespace kiln::cpu
