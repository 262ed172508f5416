#include "tests/backend_ops/runner.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "engine_core/common/error.h"
#include "engine_core/ir/layout.h"

namespace kiln::ops {

std::unique_ptr<CaseGraph> buildCaseGraph(const Case& c, const std::vector<Tensor>* referenceOutputs) {
    auto cg = std::make_unique<CaseGraph>();
    Graph& g = cg->graph;
    g.opsetImports[""] = 21;
    if (!c.domain.empty()) g.opsetImports[c.domain] = 1;
    std::vector<Value*> ins;
    for (size_t i = 0; i < c.inputs.size(); ++i) {
        const CaseInput& in = c.inputs[i];
        if (!in.tensor.defined()) {
            ins.push_back(nullptr);
            continue;
        }
        const std::string name = "in" + std::to_string(i);
        Value* v = in.constant ? g.addConstant(name, in.tensor) : g.addValue(name);
        v->dtype = in.tensor.dtype();
        v->shape = Shape(in.tensor.dims());
        if (!in.constant) g.markInput(v);
        ins.push_back(v);
    }
    std::vector<Value*> outs;
    for (size_t o = 0; o < c.numOutputs; ++o) {
        Value* v = g.addValue("out" + std::to_string(o));
        if (referenceOutputs && o < referenceOutputs->size() && (*referenceOutputs)[o].defined()) {
            v->dtype = (*referenceOutputs)[o].dtype();
            v->shape = Shape((*referenceOutputs)[o].dims());
        }
        outs.push_back(v);
    }
    cg->node = g.addNode(c.op, "node", ins, outs, c.domain);
    cg->node->attributes = c.attrs;
    for (Value* o : outs) g.markOutput(o);
    return cg;
}

namespace {

const std::shared_ptr<const Backend>& oracle() {
    static const std::shared_ptr<const Backend> backend = makeOracleBackend();
    return backend;
}

std::vector<OutputPlacement> placementsFor(const Backend& backend, TensorFormat format, size_t n) {
    return std::vector<OutputPlacement>(n, OutputPlacement{nullptr, 0, backend.device(), format, true});
}

bool degenerateOutput(const Tensor& t, std::string* why) {
    if (t.numel() == 0) return false;
    if (isFloatType(t.dtype())) {
        bool allZero = true, allNaN = true;
        for (int64_t i = 0; i < t.numel(); ++i) {
            const double v = t.scalarAsDouble(i);
            allZero = allZero && v == 0;
            allNaN = allNaN && std::isnan(v);
        }
        if (allZero && t.numel() > 1) *why = "reference output is all zeros";
        if (allNaN) *why = "reference output is all NaN";
        return allZero && t.numel() > 1 ? true : allNaN;
    }
    if (t.dtype() == DataType::Bool && t.numel() >= 8) {
        const double first = t.scalarAsDouble(0);
        for (int64_t i = 1; i < t.numel(); ++i)
            if (t.scalarAsDouble(i) != first) return false;
        *why = first != 0 ? "reference output is all true" : "reference output is all false";
        return true;
    }
    return false;
}

bool isReformat(const Case& c) {
    return c.domain == "kiln" && c.op == "Reformat";
}

// A host tensor in `format` (a copy when it differs from the source's).
Tensor inFormat(const Tensor& host, TensorFormat format) {
    if (host.format() == format) return host;
    Tensor out = Tensor(host.dtype(), host.dims()).relabeled(kHostDevice, format);
    reformatInto(host, out);
    return out;
}

bool formatted(const Tensor& t) {
    return t.rank() >= 3 && t.rank() <= 5;
}

// The case's inputs as the kernel reads them on this backend (see runner.h). `keep` owns them.
std::vector<const Tensor*> deviceInputs(const KernelUnderTest& k, const Case& c, Stream& stream,
                                        std::vector<Tensor>& keep) {
    keep.assign(c.inputs.size(), Tensor());
    std::vector<const Tensor*> ptrs(c.inputs.size(), nullptr);
    const Backend& b = *k.backend;
    for (size_t i = 0; i < c.inputs.size(); ++i) {
        const CaseInput& in = c.inputs[i];
        if (!in.tensor.defined()) continue;
        const bool hostInput = i < 32 && ((k.def->hostInputs >> i) & 1u);
        if (hostInput) {
            keep[i] = in.tensor;
        } else if (in.constant) {
            keep[i] = b.upload(in.tensor);
        } else {
            TensorFormat f = formatted(in.tensor) ? k.def->format : TensorFormat::Linear;
            // A reformat layer reads its input in the format it converts from.
            if (isReformat(c) && formatted(in.tensor))
                f = parseTensorFormat(c.attrs.count("from") ? *c.attrs.at("from").get<std::string>()
                                                            : "linear")
                        .value_or(TensorFormat::Linear);
            Tensor host = inFormat(in.tensor, f);
            if (b.device().isHost()) {
                keep[i] = host;
            } else {
                keep[i] = Tensor::allocate(b.allocator(MemoryKind::Device), host.dtype(), host.dims(), f);
                b.copy(keep[i], host, stream);
            }
        }
        ptrs[i] = &keep[i];
    }
    stream.synchronize();
    return ptrs;
}

Tensor toHostLinear(const Backend& b, const Tensor& t, Stream& stream) {
    if (!t.defined()) return t;
    Tensor host = t;
    if (!t.device().isHost()) {
        host = Tensor(t.dtype(), t.dims()).relabeled(kHostDevice, t.format());
        b.copy(host, t, stream);
        stream.synchronize();
    }
    return linearLayout(host);
}

// Why the builder would never give this case to this kernel's format, or "".
std::string formatMismatch(const KernelDef& def, const Case& c, const Reference& ref) {
    if (isReformat(c)) {  // a layer's format is that of what it writes: `to`
        const std::string to = c.attrs.count("to") ? *c.attrs.at("to").get<std::string>() : "linear";
        return to == tensorFormatName(def.format) ? "" : concat("it writes ", to);
    }
    if (def.format == TensorFormat::Linear) return "";
    for (const CaseInput& in : c.inputs)
        if (in.tensor.defined() && !in.constant && !formatted(in.tensor))
            return "an activation of rank outside 3-5";
    for (const Tensor& t : ref.outputs)
        if (t.defined() && !formatted(t)) return "an output of rank outside 3-5";
    return "";
}

// A case staged for one kernel: its one-node graph, its inputs on the kernel's device and the
// resources of its step (outputs allocated where the run loop would put them).
struct Staged {
    std::unique_ptr<CaseGraph> cg;
    std::vector<Tensor> keep;
    std::vector<const Tensor*> ins;
    std::vector<OutputPlacement> placements;
    StepResources res;
};

Staged stage(const KernelUnderTest& k, const Case& c, const std::vector<Tensor>* referenceOutputs,
             Stream& stream) {
    Staged s;
    s.cg = buildCaseGraph(c, referenceOutputs);
    s.ins = deviceInputs(k, c, stream, s.keep);
    s.placements = placementsFor(*k.backend, k.def->format, c.numOutputs);
    s.res.stream = &stream;
    s.res.backend = k.backend;
    s.res.precision = k.def->precision;
    s.res.format = k.def->format;
    s.res.placements = s.placements;
    return s;
}

bool applicableFor(const KernelUnderTest& k, const Case& c, const Reference& ref, const Staged& s,
                   std::string* why) {
    if (std::string f = formatMismatch(*k.def, c, ref); !f.empty()) {
        *why = concat(tensorFormatName(k.def->format), " layout: ", f);
        return false;
    }
    if (!k.def->applicable) return true;
    KernelContext ctx(*s.cg->node, s.ins, c.numOutputs, s.res);
    if (k.def->applicable(ctx)) return true;
    *why = "applicable() said no";
    return false;
}

}  // namespace

Reference runReference(const Case& c) {
    Reference ref;
    if (isReformat(c)) {  // the oracle has no layouts: the logical tensor is unchanged
        ref.outputs.push_back(c.inputs.at(0).tensor.clone());
        return ref;
    }
    const KernelDef* def = naiveKernelRegistry().find(c.op, c.domain);
    if (!def) {
        ref.error = "the oracle has no kernel for this op";
        return ref;
    }
    for (size_t i = 0; i < c.inputs.size(); ++i)
        if (c.inputs[i].tensor.defined() && !def->acceptsInput(i, c.inputs[i].tensor.dtype())) {
            ref.error =
                concat("the oracle takes no ", dataTypeName(c.inputs[i].tensor.dtype()), " for input ", i);
            return ref;
        }
    try {
        auto cg = buildCaseGraph(c, nullptr);
        std::vector<const Tensor*> ins;
        for (const CaseInput& in : c.inputs) ins.push_back(in.tensor.defined() ? &in.tensor : nullptr);
        std::unique_ptr<Stream> stream = oracle()->createStream();
        StepResources res;
        res.stream = stream.get();
        res.backend = oracle().get();
        KernelContext ctx(*cg->node, ins, c.numOutputs, res);
        PrepareContext pc{*cg->node, *oracle(), Precision::FP32, TensorFormat::Linear, ""};
        oracle()->prepare(*def, pc)->run(ctx);
        for (size_t o = 0; o < c.numOutputs; ++o) ref.outputs.push_back(linearLayout(ctx.output(o)).clone());
    } catch (const Error& e) {
        const bool fp32 = c.inputs.empty() || !c.inputs[0].tensor.defined() ||
                          c.inputs[0].tensor.dtype() == DataType::Float32;
        if (e.kind() == ErrorKind::Unsupported && !fp32)
            ref.outsideOp = e.what();
        else
            ref.error = concat("the oracle failed: ", e.what());
        return ref;
    } catch (const std::exception& e) {
        ref.error = concat("the oracle failed: ", e.what());
        return ref;
    }
    if (!c.allowDegenerate && !ref.outputs.empty()) degenerateOutput(ref.outputs[0], &ref.degenerate);
    return ref;
}

Tolerance toleranceFor(Precision precision, DataType dtype, double reduction) {
    if (!isFloatType(dtype)) return {0, 0};
    Tolerance t{1e-5, 1e-4};
    switch (precision) {
        case Precision::FP32:
            break;
        case Precision::TF32:
            t = {2e-3, 2e-3};
            break;
        case Precision::FP16:
            t = {2e-3, 2e-3};
            break;
        case Precision::BF16:
            t = {1e-2, 1e-2};
            break;
        case Precision::INT8:
            t = {3e-2, 3e-2};
            break;
        case Precision::FP8:
            t = {6e-2, 6e-2};
            break;
    }
    // The output type's own rounding: one ulp either way (the oracle rounds once from double).
    if (dtype == DataType::Float16) t = {std::max(t.atol, 1e-3), std::max(t.rtol, 2e-3)};
    if (dtype == DataType::BFloat16) t = {std::max(t.atol, 1e-2), std::max(t.rtol, 1.6e-2)};
    if (dtype == DataType::Float64 && precision == Precision::FP32) t = {1e-10, 1e-9};
    // A sum of K rounded terms: the error grows like sqrt(K) (random signs), not K.
    const double scale = std::max(1.0, std::sqrt(reduction / 8.0));
    return {t.atol * scale, t.rtol * scale};
}

Comparison compareTensors(const Tensor& got, const Tensor& expected, Tolerance tol, size_t outputIndex) {
    Comparison r;
    if (got.dtype() != expected.dtype() || got.dims() != expected.dims()) {
        r.ok = false;
        r.detail = concat("out", outputIndex, " is ", got.describe(), ", expected ", expected.describe());
        return r;
    }
    double sumSq = 0, sumErrSq = 0, worstExcess = -1;
    int64_t worst = -1;
    for (int64_t i = 0; i < got.numel(); ++i) {
        const double a = got.scalarAsDouble(i), e = expected.scalarAsDouble(i);
        double err;
        bool bad;
        if (std::isnan(e) || std::isnan(a)) {
            bad = std::isnan(e) != std::isnan(a);
            err = bad ? INFINITY : 0;
        } else if (std::isinf(e) || std::isinf(a)) {
            bad = a != e;
            err = bad ? INFINITY : 0;
        } else {
            err = std::fabs(a - e);
            bad = err > tol.atol + tol.rtol * std::fabs(e);
            sumSq += e * e;
            sumErrSq += err * err;
        }
        r.maxAbsError = std::max(r.maxAbsError, err);
        const double excess =
            bad ? (std::isinf(err) ? INFINITY : err - (tol.atol + tol.rtol * std::fabs(e))) : -1;
        if (bad && (worst < 0 || excess > worstExcess)) {
            worst = i;
            worstExcess = excess;
        }
        r.ok = r.ok && !bad;
    }
    r.nmse = sumSq > 0 ? sumErrSq / sumSq : 0;
    if (worst >= 0) {
        // The multi-index of the worst element, and how many were out of tolerance.
        std::vector<int64_t> idx(got.rank());
        int64_t rest = worst;
        for (size_t d = got.rank(); d-- > 0;) {
            idx[d] = got.dim(int(d)) ? rest % got.dim(int(d)) : 0;
            rest = got.dim(int(d)) ? rest / got.dim(int(d)) : 0;
        }
        int64_t bad = 0;
        for (int64_t i = 0; i < got.numel(); ++i) {
            const double a = got.scalarAsDouble(i), e = expected.scalarAsDouble(i);
            if (std::isnan(a) || std::isnan(e) || std::isinf(a) || std::isinf(e)) {
                bad += (std::isnan(a) != std::isnan(e)) || (!std::isnan(a) && a != e);
            } else {
                bad += std::fabs(a - e) > tol.atol + tol.rtol * std::fabs(e);
            }
        }
        std::ostringstream s;
        s.precision(7);
        s << "out" << outputIndex << dimsText(idx) << " (flat " << worst << "): got "
          << got.scalarAsDouble(worst) << ", expected " << expected.scalarAsDouble(worst) << "; " << bad
          << "/" << got.numel() << " elements out of tolerance (atol " << tol.atol << ", rtol " << tol.rtol
          << ")";
        r.detail = s.str();
    }
    return r;
}

bool typesAccepted(const KernelDef& def, const Case& c, const Reference& ref) {
    for (size_t i = 0; i < c.inputs.size(); ++i)
        if (c.inputs[i].tensor.defined() && !def.acceptsInput(i, c.inputs[i].tensor.dtype())) return false;
    for (size_t o = 0; o < ref.outputs.size(); ++o)
        if (ref.outputs[o].defined() && !def.acceptsOutput(o, ref.outputs[o].dtype())) return false;
    return true;
}

Trial runTrial(const KernelUnderTest& k, const Case& c, const Reference& ref, Stream& stream) {
    Trial t;
    try {
        std::string why;
        const Staged staged = stage(k, c, &ref.outputs, stream);
        if (!applicableFor(k, c, ref, staged, &why)) {
            t.status = TrialStatus::NotApplicable;
            t.detail = why;
            return t;
        }
        PrepareContext pc{*staged.cg->node, *k.backend, k.def->precision, k.def->format, k.variantData};
        std::unique_ptr<KernelInstance> instance = k.backend->prepare(*k.def, pc);
        KernelContext ctx(*staged.cg->node, staged.ins, c.numOutputs, staged.res);
        instance->run(ctx);
        stream.synchronize();
        for (size_t o = 0; o < c.numOutputs; ++o) {
            const Tensor& out = ctx.output(o);
            if (!out.defined()) {
                t.status = TrialStatus::Fail;
                t.detail = concat("out", o, " was not written");
                return t;
            }
            const Tensor got = toHostLinear(*k.backend, out, stream);
            const Tensor& expected = ref.outputs[o];
            const Comparison cmp = compareTensors(
                got, expected, toleranceFor(k.def->precision, expected.dtype(), c.reduction), o);
            Tolerance extra = toleranceFor(k.def->precision, expected.dtype(), c.reduction);
            extra.atol += c.extraAtol;
            const Comparison loose = c.extraAtol > 0 ? compareTensors(got, expected, extra, o) : cmp;
            t.maxAbsError = std::max(t.maxAbsError, cmp.maxAbsError);
            t.nmse = std::max(t.nmse, cmp.nmse);
            if (!loose.ok) {
                t.status = TrialStatus::Fail;
                t.detail = loose.detail;
                return t;
            }
        }
    } catch (const std::exception& e) {
        t.status = TrialStatus::Fail;
        t.detail = concat("threw: ", e.what());
    }
    return t;
}

std::optional<double> timeKernel(const KernelUnderTest& k, const Case& c, Stream& stream, Timer& timer,
                                 int iterations) {
    Reference shapes;  // perf cases skip the oracle: no reference outputs, so no output shapes either
    std::string why;
    Staged staged = stage(k, c, nullptr, stream);
    if (!applicableFor(k, c, shapes, staged, &why)) return std::nullopt;
    PrepareContext pc{*staged.cg->node, *k.backend, k.def->precision, k.def->format, k.variantData};
    std::unique_ptr<KernelInstance> instance = k.backend->prepare(*k.def, pc);
    StepResources& res = staged.res;
    // Outputs and scratch go to memory allocated after the first run, so that no allocation (a
    // cudaMalloc on a GPU) falls between the timer's marks, as the builder times its tactics.
    std::vector<OutputPlacement>& placements = staged.placements;
    std::vector<Buffer> outputMemory;
    Buffer scratchMemory;
    Allocator& memory = k.backend->allocator(MemoryKind::Device);
    std::vector<double> samples;
    const int warmup = 2;
    for (int it = 0; it < warmup + iterations; ++it) {
        res.placements = placements;
        res.workspace = scratchMemory.data();
        res.workspaceBytes = scratchMemory.bytes();
        KernelContext ctx(*staged.cg->node, staged.ins, c.numOutputs, res);
        timer.start(stream);
        instance->run(ctx);
        timer.stop(stream);
        const double ms = timer.elapsedMs();
        if (it >= warmup) samples.push_back(ms * 1000.0);
        if (it == 0) {
            for (size_t o = 0; o < c.numOutputs; ++o) {
                const size_t bytes = ctx.output(o).defined() ? ctx.output(o).byteSize() : 0;
                outputMemory.emplace_back(memory, bytes);
                placements[o].data = outputMemory.back().data();
                placements[o].capacity = bytes;
            }
            if (ctx.scratchUsed()) scratchMemory = Buffer(memory, ctx.scratchUsed());
        }
    }
    std::nth_element(samples.begin(), samples.begin() + std::ptrdiff_t(samples.size() / 2), samples.end());
    return samples[samples.size() / 2];
}

}  // namespace kiln::ops
