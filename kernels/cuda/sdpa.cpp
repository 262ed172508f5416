// kiln::Attention on the GPU through cuDNN's fused scaled-dot-product attention (the cudnn-frontend
// graph's sdpa node: flash attention, the scores never leave the chip). fp16 and bf16 Q, K and V are
// read through their strides, as cuDNN takes any 4-D strides: the strided form's views (no packing:
// BERT's heads straight from the Q/K/V projection) or the plain form's contiguous Q, Kᵀ and V. The
// additive mask is cuDNN's bias; the output is written through o_view. It is one tactic
// ("cudnn_sdpa") beside matmul.cpp's cuBLASLt products around Kiln's softmax: the builder times both
// and keeps the faster, and a problem cuDNN has no engine for (a head size it doesn't take, a mask
// it can't broadcast) leaves only the other one.
//
// nan_to_zero (a fully masked row): cuDNN's rows of all −inf bias come out as NaN or 0; NaN is set
// to 0 after the graph, as the contract asks (with a mask only; a NaN in V itself then also becomes
// 0 on this tactic, where the plain form keeps it: a known difference).
#include <algorithm>
#include <array>
#include <bit>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine_core/passes/strided_attention.h"
#include "kernels/cuda/cuda_backend.h"
#include "kernels/cuda/cuda_check.h"
#include "kernels/cuda/matmul_epilogue.h"
#include "kernels/cuda/register.h"

#if KILN_HAVE_CUDNN_FRONTEND
#include <cudnn_frontend.h>

#include "kernels/cuda/cudnn_graph.h"
#include "kernels/cuda/cudnn_handle.h"
#endif

namespace kiln::cuda {

#if KILN_HAVE_CUDNN_FRONTEND

namespace {

namespace fe = cudnn_frontend;

constexpr int64_t kUidQ = 1, kUidK = 2, kUidV = 3, kUidBias = 4, kUidO = 5;
constexpr size_t kGraphCacheSize = 32;
constexpr size_t kScratchAlignment = 256;

// A view: element offset and the strides of [B, H, rows, cols].
struct View {
    int64_t offset = 0;
    std::array<int64_t, 4> strides{};
};

// Everything a cuDNN graph depends on.
struct Problem {
    int device = 0;
    DataType dtype = DataType::Undefined, maskType = DataType::Undefined;
    int64_t B = 0, H = 0, S = 0, T = 0, D = 0;
    View q, k, v;                   // K as [B, H, T, D]
    std::array<int64_t, 4> o{};     // output strides of [B, H, S, D]
    std::vector<int64_t> outDims;   // the output tensor's dims
    bool mask = false;
    std::array<int64_t, 4> maskDims{}, maskStrides{};
    float scale = 1.f;
    bool nanToZero = false;

    std::string key() const {
        std::string s = concat(device, ":", int(dtype), ":", int(maskType), ":", B, ",", H, ",", S, ",", T, ",", D);
        for (const View* w : {&q, &k, &v}) s += concat("|", w->offset % 8, ":", dimsToString(std::vector<int64_t>(w->strides.begin(), w->strides.end())));
        s += concat("|", dimsToString(std::vector<int64_t>(o.begin(), o.end())), "|", mask);
        if (mask)
            s += concat(dimsToString(std::vector<int64_t>(maskDims.begin(), maskDims.end())),
                        dimsToString(std::vector<int64_t>(maskStrides.begin(), maskStrides.end())));
        s += concat("|", std::bit_cast<uint32_t>(scale));
        return s;
    }
};


bool halfType(DataType t) { return t == DataType::Float16 || t == DataType::BFloat16; }

// The problem of a layer with these input types and dims; nullopt (with why) when this tactic
// does not take it.
std::optional<Problem> problemOf(const Node& node, int device, const std::array<DataType, 4>& types,
                                 const std::array<std::vector<int64_t>, 4>& dims, bool hasMask, std::string& why) {
    Problem p;
    p.device = device;
    p.dtype = types[0];
    if (!halfType(p.dtype) || types[1] != p.dtype || types[2] != p.dtype) {
        why = "cuDNN's fused attention takes fp16 or bf16 Q, K and V";
        return std::nullopt;
    }
    p.scale = node.attrFloat("scale", 1.f);
    p.nanToZero = node.attrInt("nan_to_zero", 0) != 0;
    int64_t Dv = 0;
    if (node.hasAttr("dims")) {
        fused::StridedAttentionAttrs a;
        why = fused::readStridedAttention(node, a);
        for (int i = 0; i < 3 && why.empty(); ++i) {
            int64_t numel = 1;
            for (int64_t d : dims[size_t(i)]) numel *= d;
            why = fused::checkAttentionView(a, i, numel);
        }
        if (!why.empty()) return std::nullopt;
        p.B = a.B, p.H = a.H, p.S = a.S, p.T = a.T, p.D = a.D, Dv = a.Dv;
        auto view = [](const fused::AttentionViewAttr& w) { return View{w.offset, w.s}; };
        p.q = view(a.q), p.k = view(a.k), p.v = view(a.v);
        p.o = a.o;
        p.outDims.assign(a.outDims.begin(), a.outDims.end());
    } else {
        // The plain form: contiguous Q [B, H, S, D], Kᵀ [B, H, D, T], V [B, H, T, Dv], no broadcasting.
        const std::vector<int64_t>&q = dims[0], &kt = dims[1], &v = dims[2];
        if (q.size() != 4 || kt.size() != 4 || v.size() != 4 || kt[0] != q[0] || kt[1] != q[1] || v[0] != q[0] ||
            v[1] != q[1] || kt[2] != q[3] || v[2] != kt[3]) {
            why = "cuDNN's fused attention here takes rank-4 Q, Kᵀ, V without broadcasting";
            return std::nullopt;
        }
        p.B = q[0], p.H = q[1], p.S = q[2], p.D = q[3], p.T = kt[3], Dv = v[3];
        p.q = {0, {p.H * p.S * p.D, p.S * p.D, p.D, 1}};
        p.k = {0, {p.H * p.D * p.T, p.D * p.T, 1, p.T}};
        p.v = {0, {p.H * p.T * Dv, p.T * Dv, Dv, 1}};
        p.o = {p.H * p.S * Dv, p.S * Dv, Dv, 1};
        p.outDims = {p.B, p.H, p.S, Dv};
    }
    if (Dv != p.D || p.D % 8 != 0 || p.D > 128 || p.D == 0 || p.S == 0 || p.T == 0 || p.B * p.H == 0) {
        why = concat("cuDNN's fused attention takes a head size of 8..128 in steps of 8 for Q, K and V (D ", p.D,
                     ", Dv ", Dv, ")");
        return std::nullopt;
    }
    // A dim of one element has no meaningful stride (the pass writes 0); cuDNN gets a positive one.
    auto positive = [](std::array<int64_t, 4>& strides, const std::array<int64_t, 4>& sizes) {
        int64_t span = 1;
        for (int i = 0; i < 4; ++i)
            if (sizes[size_t(i)] > 1) span = std::max(span, strides[size_t(i)] * sizes[size_t(i)]);
        for (int i = 0; i < 4; ++i)
            if (sizes[size_t(i)] == 1 && strides[size_t(i)] <= 0) strides[size_t(i)] = span;
    };
    positive(p.q.strides, {p.B, p.H, p.S, p.D});
    positive(p.k.strides, {p.B, p.H, p.T, p.D});
    positive(p.v.strides, {p.B, p.H, p.T, p.D});
    positive(p.o, {p.B, p.H, p.S, p.D});
    for (const View* w : {&p.q, &p.k, &p.v})
        if (w->strides[3] != 1 || w->offset % 8 != 0) {
            why = "cuDNN's fused attention reads rows of Q, K and V contiguous and 16-byte aligned";
            return std::nullopt;
        }
    if (p.o[3] != 1) {
        why = "the output's rows must be contiguous";
        return std::nullopt;
    }
    if (hasMask) {
        const std::vector<int64_t>& m = dims[3];
        if (m.size() > 4 || (!halfType(types[3]) && types[3] != DataType::Float32)) {
            why = "the mask must be a float tensor of rank <= 4";
            return std::nullopt;
        }
        p.mask = true;
        p.maskType = types[3];
        const std::array<int64_t, 4> scores{p.B, p.H, p.S, p.T};
        std::array<int64_t, 4> md{1, 1, 1, 1};
        std::copy(m.begin(), m.end(), md.begin() + std::ptrdiff_t(4 - m.size()));
        int64_t stride = 1;
        for (int i = 3; i >= 0; --i) {
            if (md[size_t(i)] != 1 && md[size_t(i)] != scores[size_t(i)]) {
                why = "the mask does not broadcast into the scores";
                return std::nullopt;
            }
            p.maskStrides[size_t(i)] = stride;  // packed strides; a dim of 1 only ever reads index 0
            stride *= md[size_t(i)];
        }
        p.maskDims = md;
    }
    return p;
}

constexpr int kMaxSdpaPlans = 4;  // engine configs built and offered as tactic variants

// A built cuDNN graph (the first kMaxSdpaPlans engine configs that build, in the heuristics' order)
// and their workspaces; or why there is none.
struct OpenSdpa {
    std::shared_ptr<fe::graph::Graph> graph;
    std::vector<int64_t> uids;
    std::vector<int64_t> plans;       // execution plans that built: the first is the default
    std::vector<std::string> names;   // their engine names (the variants' data)
    std::vector<int64_t> workspaces;  // their bytes
    std::string why;

    // The plan of this engine name, else the default.
    size_t pick(const std::string& name) const {
        for (size_t i = 0; i < names.size(); ++i)
            if (names[i] == name) return i;
        return 0;
    }
};

std::shared_ptr<OpenSdpa> build(const Problem& p) {
    auto open = std::make_shared<OpenSdpa>();
    try {
        auto graph = std::make_shared<fe::graph::Graph>();
        graph->set_io_data_type(feType(p.dtype))
            .set_intermediate_data_type(fe::DataType_t::FLOAT)
            .set_compute_data_type(fe::DataType_t::FLOAT);
        auto tensor = [&](const char* name, int64_t uid, std::vector<int64_t> dims, const std::array<int64_t, 4>& strides) {
            return graph->tensor(fe::graph::Tensor_attributes()
                                     .set_name(name)
                                     .set_uid(uid)
                                     .set_dim(std::move(dims))
                                     .set_stride(std::vector<int64_t>(strides.begin(), strides.end())));
        };
        auto Q = tensor("Q", kUidQ, {p.B, p.H, p.S, p.D}, p.q.strides);
        auto K = tensor("K", kUidK, {p.B, p.H, p.T, p.D}, p.k.strides);
        auto V = tensor("V", kUidV, {p.B, p.H, p.T, p.D}, p.v.strides);
        auto options = fe::graph::SDPA_attributes().set_name("attention").set_generate_stats(false).set_attn_scale(p.scale);
        if (p.mask) {
            std::array<int64_t, 4> strides = p.maskStrides;
            auto bias = tensor("bias", kUidBias, std::vector<int64_t>(p.maskDims.begin(), p.maskDims.end()), strides);
            bias->set_data_type(feType(p.maskType));
            options.set_bias(bias);
        }
        auto [O, stats] = graph->sdpa(Q, K, V, options);
        O->set_output(true).set_uid(kUidO).set_dim({p.B, p.H, p.S, p.D}).set_stride(
            std::vector<int64_t>(p.o.begin(), p.o.end()));
        (void)stats;
        HandleLease handle(p.device);
        auto check = [&](fe::error_t status, const char* step) {
            if (status.is_good()) return true;
            open->why = concat(step, ": ", status.get_message());
            return false;
        };
        if (!check(graph->validate(), "validate") || !check(graph->build_operation_graph(handle.get()), "build_operation_graph") ||
            !check(graph->create_execution_plans({fe::HeurMode_t::A}), "heuristics") ||
            !check(graph->check_support(handle.get()), "support"))
            return open;
        // The first configs that build, as conv.cpp does (execute_plan_at_index then needs no map).
        const int64_t count = graph->get_execution_plan_count();
        for (int64_t i = 0; i < count && int(open->plans.size()) < kMaxSdpaPlans; ++i) {
            fe::error_t status = graph->build_plan_at_index(i);
            if (status.is_bad()) {
                open->why = concat("build_plan_at_index: ", status.get_message());
                continue;
            }
            std::string name;
            if (graph->get_plan_name_at_index(i, name).is_bad()) name = concat("#", i);
            if (std::find(open->names.begin(), open->names.end(), name) != open->names.end()) continue;
            int64_t workspace = 0;
            if (!check(graph->get_workspace_size_plan_at_index(i, workspace), "workspace")) return open;
            open->plans.push_back(i);
            open->names.push_back(name);
            open->workspaces.push_back(workspace);
        }
        if (open->plans.empty()) {
            if (count == 0) open->why = "the heuristics returned no engine config";
            return open;
        }
        if (!check(graph->prepare_variant_pack_template(), "variant pack")) return open;
        open->uids = graph->get_variant_pack_uids_sorted();
        open->graph = std::move(graph);
    } catch (const std::exception& e) {
        open->graph.reset();
        open->why = e.what();
    }
    return open;
}

// The graph of a problem, from the process-wide cache (failures too: cuDNN is asked once).
std::shared_ptr<OpenSdpa> graphFor(const Problem& p) {
    static std::mutex mutex;
    static auto* cache = new std::list<std::pair<std::string, std::shared_ptr<OpenSdpa>>>();
    const std::string key = p.key();
    {
        std::lock_guard<std::mutex> lock(mutex);
        for (auto it = cache->begin(); it != cache->end(); ++it)
            if (it->first == key) {
                cache->splice(cache->begin(), *cache, it);
                return cache->front().second;
            }
    }
    useDevice(p.device);
    std::shared_ptr<OpenSdpa> open = build(p);
    std::lock_guard<std::mutex> lock(mutex);
    cache->emplace_front(key, open);
    if (cache->size() > kGraphCacheSize) cache->pop_back();
    return open;
}

std::optional<Problem> problemOfRun(const KernelContext& ctx, int device, std::string& why) {
    std::array<DataType, 4> types{};
    std::array<std::vector<int64_t>, 4> dims;
    for (size_t i = 0; i < 4; ++i)
        if (const Tensor* t = ctx.optionalInput(i)) {
            types[i] = t->dtype();
            dims[i] = t->dims();
        }
    return problemOf(ctx.node(), device, types, dims, ctx.optionalInput(3) != nullptr, why);
}

const CudaBackend* cudaBackendOf(const Backend& backend) { return dynamic_cast<const CudaBackend*>(&backend); }

class SdpaKernel final : public KernelInstance {
public:
    SdpaKernel(const CudaBackend& backend, std::string plan) : backend_(backend), plan_(std::move(plan)) {}

    void run(KernelContext& ctx) const override {
        for (size_t i = 0; i < 4; ++i)
            if (const Tensor* t = ctx.optionalInput(i); t && t->device().type != DeviceType::Cuda)
                ctx.fail(ErrorKind::Internal, "input ", t->describe(), " is on ", t->device().str(), ", not on the GPU");
        std::string why;
        std::optional<Problem> p = problemOfRun(ctx, backend_.index(), why);
        if (!p) ctx.fail(ErrorKind::Unsupported, why);
        std::shared_ptr<OpenSdpa> open = graphFor(*p);
        if (!open->graph) ctx.fail(ErrorKind::Unsupported, "cuDNN has no fused attention engine for this layer: ", open->why);
        Tensor& y = ctx.allocateOutput(0, p->dtype, p->outDims);
        if (y.numel() != p->B * p->H * p->S * p->D)
            ctx.fail(ErrorKind::InvalidArgument, "o_dims ", dimsToString(p->outDims), " do not hold the result");
        const size_t es = dataTypeSize(p->dtype);
        auto at = [&](size_t i, const View& w) {
            return static_cast<void*>(const_cast<char*>(static_cast<const char*>(ctx.input(i).raw())) + size_t(w.offset) * es);
        };
        void* pointers[5];
        int count = 0;
        for (int64_t uid : open->uids) {
            void* ptr = uid == kUidQ      ? at(0, p->q)
                        : uid == kUidK    ? at(1, p->k)
                        : uid == kUidV    ? at(2, p->v)
                        : uid == kUidBias ? (ctx.optionalInput(3) ? const_cast<void*>(ctx.optionalInput(3)->raw()) : nullptr)
                        : uid == kUidO    ? y.raw()
                                          : nullptr;
            if (!ptr || count == 5) ctx.fail(ErrorKind::Internal, "the cuDNN attention graph wants tensor ", uid);
            pointers[count++] = ptr;
        }
        const size_t chosen = open->pick(plan_);
        const int64_t workspaceBytes = open->workspaces[chosen];
        void* workspace = workspaceBytes > 0 ? ctx.scratch(size_t(workspaceBytes), kScratchAlignment) : nullptr;
        const cudaStream_t stream = kernelStream(ctx);
        {
            HandleLease handle(backend_.index());
            const cudnnStatus_t status = cudnnSetStream(handle.get(), stream);
            if (status != CUDNN_STATUS_SUCCESS)
                ctx.fail(ErrorKind::Internal, "cudnnSetStream failed: ", cudnnGetErrorString(status));
            fe::error_t result =
                open->graph->execute_plan_at_index(handle.get(), pointers, count, workspace, open->plans[chosen]);
            if (result.is_bad()) ctx.fail(ErrorKind::Internal, "cuDNN fused attention failed: ", result.get_message());
        }
        // Only a mask can make a row fully masked; without one there is nothing to zero (a NaN in
        // V stays NaN, as in the plain form).
        if (p->nanToZero && p->mask) enqueueZeroNan(ctx, p->dtype, y.raw(), y.numel(), stream);
    }

private:
    const CudaBackend& backend_;
    std::string plan_;  // the engine name the builder chose ("": the heuristics' first that builds)
};

std::unique_ptr<KernelInstance> prepareSdpa(const PrepareContext& pc) {
    const CudaBackend* backend = cudaBackendOf(pc.backend);
    KILN_CHECK(backend, Internal, "the cuDNN attention prepared for the ", pc.backend.id(), " backend");
    return std::make_unique<SdpaKernel>(*backend, std::string(pc.tacticData));
}

// The engine configs that build for a layer whose shapes the graph fixes, each a variant (its
// engine name); one default variant otherwise (dynamic shapes, or nothing builds: applicable says).
std::vector<TacticVariant> sdpaVariants(const PrepareContext& pc) {
    std::vector<TacticVariant> out;
    const CudaBackend* backend = cudaBackendOf(pc.backend);
    std::array<DataType, 4> types{};
    std::array<std::vector<int64_t>, 4> dims;
    bool known = backend != nullptr;
    for (size_t i = 0; i < 4 && known; ++i) {
        const Value* v = pc.node.inputOrNull(i);
        if (!v) {
            known = i == 3;
            continue;
        }
        known = v->shape.rankKnown && v->shape.isStatic();
        if (known) {
            types[i] = v->dtype;
            dims[i] = v->shape.staticDims();
        }
    }
    if (known) {
        try {
            std::string why;
            if (std::optional<Problem> p = problemOf(pc.node, backend->index(), types, dims, pc.node.inputOrNull(3) != nullptr, why)) {
                std::shared_ptr<OpenSdpa> open = graphFor(*p);
                if (open->graph)
                    for (size_t i = 0; i < open->names.size(); ++i) out.push_back({std::to_string(i), open->names[i]});
            }
        } catch (const std::exception&) {
            out.clear();
        }
    }
    if (out.empty()) out.push_back({"0", ""});
    return out;
}

// Applicable when the problem is one cuDNN's fused attention takes and a graph for it builds.
bool sdpaApplicable(const KernelContext& ctx) {
    for (size_t i = 0; i < 3; ++i)
        if (!ctx.hasInput(i)) return false;
    const CudaBackend* backend = ctx.backend() ? dynamic_cast<const CudaBackend*>(ctx.backend()) : nullptr;
    if (!backend) return false;
    std::string why;
    std::optional<Problem> p = problemOfRun(ctx, backend->index(), why);
    return p && graphFor(*p)->graph != nullptr;
}

}  // namespace

void registerSdpaKernels(KernelRegistry& registry) {
    const TypeSet halves = {DataType::Float16, DataType::BFloat16};
    const TypeSet masks = {DataType::Float32, DataType::Float16, DataType::BFloat16};
    KernelDef d;
    d.tactic = "cudnn_sdpa";
    d.precision = Precision::FP32;  // fp16/bf16 tensors, float softmax and accumulation
    d.inputTypes = {halves, halves, halves, masks};
    d.outputTypes = {halves};
    d.prepare = &prepareSdpa;
    d.applicable = &sdpaApplicable;
    d.variants = &sdpaVariants;
    registry.add("Attention", d, "kiln");
}

#else  // no cuDNN frontend: no fused attention tactic

void registerSdpaKernels(KernelRegistry&) {}

#endif

}  // namespace kiln::cuda
