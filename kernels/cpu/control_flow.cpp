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

// The iterations' tensors stacked along a new axis `axis` (all of one shape); with none, the declared
// per-iteration shape when static, else [0].
Tensor stack(const KernelContext& ctx, const std::vector<Tensor>& parts, size_t axis, const Value& declared) {
    if (parts.empty()) {
        std::vector<int64_t> dims;
        if (declared.shape.rankKnown && declared.shape.isStatic()) dims = declared.shape.staticDims();
        axis = std::min(axis, dims.size());
        const DataType dtype = declared.dtype == DataType::Undefined ? DataType::Float32 : declared.dtype;
        return Tensor(dtype, withAxis(dims, axis, 0));
    }
    const Tensor& first = parts.front();
    for (const Tensor& p : parts)
        if (p.dims() != first.dims() || p.dtype() != first.dtype())
            ctx.fail(ErrorKind::InvalidArgument, "a scan output changes from ", first.describe(), " to ", p.describe(),
                     " between iterations");
    if (axis > first.rank()) ctx.fail(ErrorKind::InvalidArgument, "scan output axis ", axis, " is out of range");
    Tensor out = Tensor::uninitialized(first.dtype(), withAxis(first.dims(), axis, int64_t(parts.size())));
    int64_t outer = 1;
    for (size_t d = 0; d < axis; ++d) outer *= first.dims()[d];
    const size_t inner = first.byteSize() / size_t(std::max<int64_t>(outer, 1));
    auto* dst = static_cast<char*>(out.raw());
    for (size_t t = 0; t < parts.size(); ++t) {
        const auto* src = static_cast<const char*>(parts[t].raw());
        for (int64_t i = 0; i < outer && inner; ++i)
            std::memcpy(dst + (size_t(i) * parts.size() + t) * inner, src + size_t(i) * inner, inner);
    }
    return out;
}

void stackOutput(KernelContext& ctx, size_t o, const std::vector<Tensor>& parts, size_t axis, const Value& declared) {
    if (!ctx.outputWanted(o)) return;
    const Tensor t = stack(ctx, parts, axis, declared);
    copyTo(ctx.allocateOutput(o, t.dtype(), t.dims()), t);
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

    // One scan over `length` steps (opset 9+ semantics): the final states, then the scan outputs.
    std::vector<Tensor> scanOnce(const KernelContext& ctx, const Body& b, std::vector<Tensor> states,
                                 const std::vector<Tensor>& xs, const std::vector<size_t>& axes,
                                 const std::vector<int64_t>& inDirs, int64_t length, const std::vector<size_t>& outAxes,
                                 const std::vector<int64_t>& outDirs) const {
        const size_t n = states.size(), k = layout_.scanOutputs;
        std::vector<std::vector<Tensor>> scans(k);
        for (int64_t t = 0; t < length; ++t) {
            std::vector<Tensor> slices;
            for (size_t j = 0; j < xs.size(); ++j)
                slices.push_back(sliceAlong(xs[j], axes[j], inDirs[j] == 1 ? length - 1 - t : t));
            std::vector<const Tensor*> formal;
            for (const Tensor& s : states) formal.push_back(&s);
            for (const Tensor& s : slices) formal.push_back(&s);
            TensorMap out = runBody(ctx, b, formal);
            for (size_t j = 0; j < n; ++j) states[j] = outputOf(out, b, j);
            for (size_t s = 0; s < k; ++s) scans[s].push_back(outputOf(out, b, n + s));
        }
        for (size_t s = 0; s < k; ++s) {
            if (outDirs[s] == 1) std::reverse(scans[s].begin(), scans[s].end());
            states.push_back(stack(ctx, scans[s], outAxes[s], *b.graph->outputs()[n + s]));
        }
        return states;
    }

    void runScan(KernelContext& ctx) const {
        const Body& b = body("body");
        const Node& node = ctx.node();
        // Scan-8 (batched): input 0 is sequence_lens, every tensor has a batch axis 0.
        const bool batched = node.attrInt("kiln_batched", 0) != 0;
        const size_t first = batched ? 1 : 0;
        const size_t n = layout_.carried, m = layout_.scanInputs, k = layout_.scanOutputs;
        auto attr = [&](const char* key, size_t count) {
            std::vector<int64_t> v = node.attrInts(key);
            if (v.empty()) v.assign(count, 0);
            return v;
        };
        const std::vector<int64_t> inAxes = attr("scan_input_axes", m), inDirs = attr("scan_input_directions", m);
        const std::vector<int64_t> outAxesAttr = attr("scan_output_axes", k), outDirs = attr("scan_output_directions", k);
        auto scanLength = [&](const std::vector<Tensor>& xs, std::vector<size_t>& axes) {
            int64_t length = -1;
            for (size_t j = 0; j < m; ++j) {
                axes[j] = normalizeAxis(ctx, inAxes[j], xs[j].rank(), "scan_input_axes entry");
                const int64_t len = xs[j].dims()[axes[j]];
                if (length >= 0 && len != length)
                    ctx.fail(ErrorKind::InvalidArgument, "scan input ", j, " has ", len, " steps along axis ", axes[j],
                             ", scan input 0 has ", length);
                length = len;
            }
            return length;
        };
        auto outAxes = [&](const std::vector<Tensor>& states, const std::vector<Tensor>& xs) {
            (void)states;
            (void)xs;
            std::vector<size_t> axes(k);
            for (size_t s = 0; s < k; ++s) {
                const Value& declared = *b.graph->outputs()[n + s];
                const size_t rank = declared.shape.rankKnown ? declared.shape.rank() : 0;
                axes[s] = outAxesAttr[s] < 0 ? normalizeAxis(ctx, outAxesAttr[s], rank + 1, "scan_output_axes entry")
                                             : size_t(outAxesAttr[s]);
            }
            return axes;
        };
        std::vector<Tensor> states, xs;
        for (size_t j = 0; j < n; ++j) states.push_back(ctx.input(first + j));
        for (size_t j = 0; j < m; ++j) xs.push_back(ctx.input(first + n + j));
        std::vector<size_t> axes(m);
        if (!batched) {
            const int64_t length = scanLength(xs, axes);
            std::vector<Tensor> out = scanOnce(ctx, b, states, xs, axes, inDirs, length, outAxes(states, xs), outDirs);
            for (size_t o = 0; o < out.size(); ++o) setOutputCopy(ctx, o, out[o]);
            return;
        }
        // Batched: one scan per batch entry over its sequence_lens[b] steps; scan outputs are
        // zero-padded to the longest sequence and everything is stacked on a batch axis 0.
        const int64_t batch = xs.empty() ? 0 : xs[0].dims()[0];
        const Tensor* lens = ctx.optionalInput(0);
        if (lens && (lens->dtype() != DataType::Int64 || lens->numel() != batch))
            ctx.fail(ErrorKind::InvalidArgument, "sequence_lens must be int64 [", batch, "], got ", lens->describe());
        std::vector<std::vector<Tensor>> perOutput(n + k);
        int64_t maxLength = 0;
        std::vector<int64_t> lengths;
        for (int64_t bi = 0; bi < batch; ++bi) {
            std::vector<Tensor> bs, bx;
            for (const Tensor& s : states) bs.push_back(sliceAlong(s, 0, bi));
            for (const Tensor& x : xs) bx.push_back(sliceAlong(x, 0, bi));
            const int64_t full = scanLength(bx, axes);
            const int64_t length = lens ? lens->data<int64_t>()[bi] : full;
            if (length < 0 || length > full)
                ctx.fail(ErrorKind::InvalidArgument, "sequence_lens[", bi, "] = ", length, " is outside 0..", full);
            // Shorter sequences read their first `length` steps (a reverse scan starts at step length-1).
            for (size_t j = 0; j < m; ++j)
                if (length < full) {
                    std::vector<Tensor> steps;
                    for (int64_t t = 0; t < length; ++t) steps.push_back(sliceAlong(bx[j], axes[j], t));
                    bx[j] = stack(ctx, steps, axes[j], *b.graph->inputs()[n + j]);
                }
            std::vector<Tensor> out = scanOnce(ctx, b, bs, bx, axes, inDirs, length, outAxes(bs, bx), outDirs);
            for (size_t o = 0; o < out.size(); ++o) perOutput[o].push_back(out[o]);
            maxLength = std::max(maxLength, full);
            lengths.push_back(length);
        }
        for (size_t o = 0; o < n + k; ++o) {
            std::vector<Tensor>& parts = perOutput[o];
            if (o >= n)  // zero-pad each scan output to the full sequence length
                for (Tensor& p : parts)
                    if (p.rank() > 0 && p.dims()[0] < maxLength) {
                        std::vector<int64_t> dims = p.dims();
                        dims[0] = maxLength;
                        Tensor padded(p.dtype(), dims);  // zero-filled
                        if (p.byteSize()) std::memcpy(padded.raw(), p.raw(), p.byteSize());
                        p = padded;
                    }
            const Value& declared = *b.graph->outputs()[o];
            setOutputCopy(ctx, o, stack(ctx, parts, 0, declared));
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
