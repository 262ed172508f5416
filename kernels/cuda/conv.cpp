// Conv and kiln::FusedConv on the GPU through cuDNN's graph API (the cudnn-frontend headers):
// Y = act(Conv(X, W) + B + Z) as one cuDNN graph (conv_fprop, then pointwise nodes for the bias, the
// residual and the activation), or the convolution alone followed by Kiln's epilogue kernel
// (conv_epilogue.cu) where cuDNN has no engine for the whole graph (its fp32 runtime fusion is
// limited). Both forms are tactic variants: the builder times the plans cuDNN's heuristics rank
// first for each, and keeps the winner's engine name as the variant's data.
//
// Layouts: NCHW (TensorFormat::Linear) and channels last (TensorFormat::NHWC, what tensor cores
// want); the logical dims are [N, C, spatial...] either way, only the strides differ. cuDNN reads W
// in X's layout: a constant W is reordered once when the layer is prepared, any other one per run
// into scratch memory. 1-D convolutions run as 2-D ones with H = 1. Asymmetric pads go to cuDNN as
// pre- and post-paddings; when no engine takes them, X is copied into a zero-padded buffer and the
// convolution gets symmetric ones.
//
// Precision: the FP32 kernels leave out engines whose numerical notes say they use tensor cores on
// fp32 data (TF32), down-convert inputs, reduce in lower precision, or transform (FFT, Winograd); the
// TF32 kernels allow all but the first two of those. fp16 and bf16 tensors compute in float.
//
// Plans are made when the layer is prepared if its input shapes are static, else on the first run
// of each shape (cached per layer). An instance is shared by execution contexts: the caches are
// locked, execution is not (a built cuDNN plan runs on several streams at once); each run borrows
// a cuDNN handle from a per-device pool and points it at the step's stream.
#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine_core/ir/layout.h"
#include "engine_core/passes/fused_ops.h"
#include "kernels/cuda/cuda_backend.h"
#include "kernels/cuda/cuda_check.h"
#include "kernels/cuda/conv_tactic.h"
#include "kernels/cuda/register.h"
#include "kernels/cpu/window.h"

#if KILN_HAVE_CUDNN_FRONTEND
#include <cudnn_frontend.h>

#include "kernels/cuda/conv_epilogue.h"
#include "kernels/cuda/cudnn_graph.h"
#include "kernels/cuda/cudnn_handle.h"
#endif

namespace kiln::cuda {

#if KILN_HAVE_CUDNN_FRONTEND

namespace {

namespace fe = cudnn_frontend;
using fused::Activation;

constexpr int kMaxPlans = 8;                // variants per layer
constexpr int kMaxFusedPlans = 6;           // of them at most this many whole graphs; the rest split
constexpr int kMaxPaddedPlans = 4;          // plus these on channel-padded X (channelPaddable)
constexpr size_t kGraphCacheSize = 64;      // cuDNN graphs shared by layers and variants
constexpr size_t kShapeCacheSize = 16;      // plans per layer for shapes met at run time
constexpr uint32_t kMaxAlignment = 16;      // cuDNN's default tensor alignment, in bytes
constexpr size_t kScratchAlignment = 256;
constexpr int64_t kUidX = 1, kUidW = 2, kUidB = 3, kUidZ = 4, kUidY = 5;

[[noreturn]] void failNode(const Node& node, ErrorKind kind, const std::string& message) {
    fail(kind, "node '", node.label(), "' (", node.opType, "): ", message);
}

bool cudnnType(DataType t) { return t == DataType::Float32 || t == DataType::Float16 || t == DataType::BFloat16; }


// ---------------------------------------------------------------------------------------------
// Geometry: ONNX Conv's attributes resolved against X and W (the window by kernels/cpu/window.cpp)

struct ConvGeometry {
    int rank = 0;  // X's rank: 3, 4 or 5
    int64_t N = 0, C = 0, K = 0, Cg = 0;
    // cuDNN's spatial dims: 2 for 1-D (H = 1) and 2-D convolutions, 3 for 3-D ones.
    int spatial = 0;
    std::array<int64_t, 3> in{}, out{}, kernel{}, stride{}, dilation{}, padBegin{}, padEnd{};
    std::vector<int64_t> outDims;  // Y's ONNX dims

    bool asymmetric() const {
        for (int i = 0; i < spatial; ++i)
            if (padBegin[size_t(i)] != padEnd[size_t(i)]) return true;
        return false;
    }
};

using GeometryError = cpu::WindowError;

std::optional<GeometryError> resolveGeometry(const Node& node, std::span<const int64_t> x, std::span<const int64_t> w,
                                             ConvGeometry& g) {
    auto error = [](ErrorKind kind, const auto&... args) {
        return std::optional<GeometryError>(GeometryError{kind, concat(args...)});
    };
    const std::vector<int64_t> xv(x.begin(), x.end()), wv(w.begin(), w.end());
    if (x.size() < 3) return error(ErrorKind::InvalidArgument, "X must be [N, C, spatial...], got ", dimsToString(xv));
    if (x.size() > 5)
        return error(ErrorKind::Unsupported, "only 1-D, 2-D and 3-D convolutions are supported, got ", x.size() - 2,
                     " spatial dims");
    if (w.size() != x.size())
        return error(ErrorKind::InvalidArgument, "W ", dimsToString(wv), " must have the rank of X ", dimsToString(xv));
    const size_t r = x.size() - 2;
    const int64_t group = node.attrInt("group", 1);
    if (group < 1) return error(ErrorKind::InvalidModel, "attribute 'group' must be >= 1, got ", group);
    if (node.hasAttr("kernel_shape")) {
        const std::span<const int64_t> ks = node.attrIntsView("kernel_shape");
        if (!std::equal(ks.begin(), ks.end(), w.begin() + 2, w.end()))
            return error(ErrorKind::InvalidModel, "attribute kernel_shape ", dimsToString(std::vector<int64_t>(ks.begin(), ks.end())),
                         " does not match W ", dimsToString(wv));
    }
    g.rank = int(x.size());
    g.N = x[0];
    g.C = x[1];
    g.K = w[0];
    g.Cg = w[1];
    if (g.C % group != 0 || g.K % group != 0 || g.Cg * group != g.C)
        return error(ErrorKind::InvalidArgument, "channels do not match group ", group, ": X ", dimsToString(xv), ", W ",
                     dimsToString(wv), " (W dim 1 must be C / group)");
    cpu::Window win;
    if (auto e = cpu::resolveForwardWindow(node, x.subspan(2), w.subspan(2), cpu::WindowKind::Conv, win))
        return e;
    g.spatial = r == 3 ? 3 : 2;
    const size_t o = size_t(g.spatial) - r;  // 1 for 1-D: cuDNN's H is 1
    for (size_t i = 0; i < size_t(g.spatial); ++i) {
        g.in[i] = g.out[i] = g.kernel[i] = g.stride[i] = g.dilation[i] = 1;
        g.padBegin[i] = g.padEnd[i] = 0;
    }
    g.outDims = {g.N, g.K};
    for (size_t i = 0; i < r; ++i) {
        const size_t j = 3 - r + i;  // the window's 3-D index
        g.in[o + i] = win.in[j];
        g.out[o + i] = win.out[j];
        g.kernel[o + i] = win.kernel[j];
        g.stride[o + i] = win.stride[j];
        g.dilation[o + i] = win.dilation[j];
        g.padBegin[o + i] = win.padBegin[j];
        g.padEnd[o + i] = win.padEnd[j];
        g.outDims.push_back(win.out[j]);
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Layouts: cuDNN's dims of [N, C, spatial...] and the packed strides of either format

std::vector<int64_t> cudnnDims(int64_t n, int64_t c, const ConvGeometry& g, const std::array<int64_t, 3>& spatial) {
    std::vector<int64_t> d = {n, c};
    for (int i = 0; i < g.spatial; ++i) d.push_back(spatial[size_t(i)]);
    return d;
}

// Strides (elements) of a packed tensor of these dims: NCHW order, or channels last ([N, D..., C]).
void packedStrides(const int64_t* dims, int rank, bool channelsLast, int64_t* strides) {
    if (!channelsLast) {
        strides[rank - 1] = 1;
        for (int d = rank - 2; d >= 0; --d) strides[d] = strides[d + 1] * dims[d + 1];
        return;
    }
    int64_t s = dims[1];
    strides[1] = 1;
    for (int d = rank - 1; d >= 2; --d) {
        strides[d] = s;
        s *= dims[d];
    }
    strides[0] = s;
}

std::vector<int64_t> packedStrides(const std::vector<int64_t>& dims, bool channelsLast) {
    std::vector<int64_t> s(dims.size());
    packedStrides(dims.data(), int(dims.size()), channelsLast, s.data());
    return s;
}

// ---------------------------------------------------------------------------------------------
// What a plan is made for

struct EpilogueSpec {
    bool bias = false, residual = false;
    Activation activation = Activation::None;
    float p0 = 0.f, p1 = 0.f;
    bool any() const { return bias || residual || activation != Activation::None; }
};

// The activation of a FusedConv node (nullopt: an unknown name); Conv has none.
std::optional<EpilogueSpec> activationOf(const Node& node, bool fusedOp) {
    const std::optional<ConvActivation> act = convActivationOf(node, fusedOp);
    if (!act) return std::nullopt;
    EpilogueSpec e;
    e.activation = act->activation;
    e.p0 = act->p0;
    e.p1 = act->p1;
    return e;
}

// What selects a plan when a layer runs: shapes, layouts, optional inputs, pointer alignment.
struct RunKey {
    int rank = 0;
    std::array<int64_t, 5> x{}, w{};
    DataType dtype = DataType::Float32;
    bool xChannelsLast = false, yChannelsLast = false, zChannelsLast = false, bias = false, residual = false;
    uint32_t alignment = kMaxAlignment;

    bool sameDims(const RunKey& o) const { return rank == o.rank && x == o.x && w == o.w; }
    bool operator==(const RunKey&) const = default;
};

struct PlanSpec {
    RunKey key;
    ConvGeometry geo;
    EpilogueSpec epi;  // bias and residual as the key says
    Precision precision = Precision::FP32;
    int device = 0;
};

enum class Form {
    Graph,  // the epilogue (if any) inside the cuDNN graph
    Split,  // the convolution alone, then launchConvEpilogue
};

// The variant's data: "graph;<engine name>" or "split;<engine name>", with "+c8" after the form when
// X's channels are zero-padded to a multiple of 8 (see paddedChannels); an empty or unknown name
// takes the heuristics' first plan that builds.
struct Choice {
    Form form = Form::Graph;
    bool padChannels = false;
    std::string tag;

    std::string data() const {
        return concat(form == Form::Graph ? "graph" : "split", padChannels ? "+c8;" : ";", tag);
    }
    static Choice parse(std::string_view data) {
        Choice c;
        const size_t semi = data.find(';');
        if (semi == std::string_view::npos) return c;
        std::string_view head = data.substr(0, semi);
        if (head.ends_with("+c8")) {
            c.padChannels = true;
            head.remove_suffix(3);
        }
        c.form = head == "split" ? Form::Split : Form::Graph;
        c.tag = std::string(data.substr(semi + 1));
        return c;
    }
};

// Channel padding: fp16/bf16 tensor-core convolutions want C in multiples of 8, and cuDNN runs a
// stem convolution on 3 channels (ResNet's 7x7 on the image) several times slower than on 8. A
// padded variant copies channels-last X into a buffer with zero channels up to the next multiple of 8
// and runs the convolution on it with W zero-padded alike (reordered once when W is constant): the
// same sums, each extra term 0 * 0. Only for ungrouped convolutions on few channels, where the copy
// is cheap; the builder times it against the unpadded plans.
constexpr int64_t kChannelMultiple = 8, kMaxPaddedChannels = 32;

bool channelPaddable(const ConvGeometry& g, const RunKey& k) {
    return k.xChannelsLast && (k.dtype == DataType::Float16 || k.dtype == DataType::BFloat16) && g.C == g.Cg &&
           g.C % kChannelMultiple != 0 && g.C < kMaxPaddedChannels;
}

ConvGeometry paddedChannels(ConvGeometry g) {
    g.C = g.Cg = (g.C + kChannelMultiple - 1) / kChannelMultiple * kChannelMultiple;
    return g;
}

// Everything a cuDNN graph depends on, as a cache key.
std::string graphKey(const PlanSpec& s, Form form, bool explicitPad) {
    const RunKey& k = s.key;
    std::string out = concat("d", s.device, form == Form::Graph ? "g" : "s", explicitPad ? "p" : "", " t",
                             int(k.dtype), " p", int(s.precision), " l", int(k.xChannelsLast), int(k.yChannelsLast),
                             int(k.zChannelsLast), " a", k.alignment, " n", s.geo.N, " c", s.geo.C, " k", s.geo.K,
                             " cg", s.geo.Cg);
    for (int i = 0; i < s.geo.spatial; ++i) {
        const size_t j = size_t(i);
        out += concat(" [", s.geo.in[j], ",", s.geo.out[j], ",", s.geo.kernel[j], ",", s.geo.stride[j], ",",
                      s.geo.dilation[j], ",", s.geo.padBegin[j], ",", s.geo.padEnd[j], "]");
    }
    // The activation's parameters by their bits: they are baked into the graph as scalars, and
    // operator<< prints 6 digits, so 0.01 and 0.0100001 would share a graph.
    if (form == Form::Graph)
        out += concat(" e", int(s.epi.bias), int(s.epi.residual), int(s.epi.activation), ":",
                      std::bit_cast<uint32_t>(s.epi.p0), ":", std::bit_cast<uint32_t>(s.epi.p1));
    return out;
}

// ---------------------------------------------------------------------------------------------
// cuDNN graphs

using TensorPtr = std::shared_ptr<fe::graph::Tensor_attributes>;

fe::graph::Pointwise_attributes pointwiseOp(fe::PointwiseMode_t mode) {
    return fe::graph::Pointwise_attributes().set_mode(mode).set_compute_data_type(fe::DataType_t::FLOAT);
}

// act(x) as pointwise nodes: cuDNN's own modes where it has them; HardSigmoid, HardSwish and a
// general Clip composed from MUL, ADD, MAX, MIN and a clipped RELU with scalar operands.
TensorPtr activationNodes(fe::graph::Graph& graph, TensorPtr x, const EpilogueSpec& e) {
    using Mode = fe::PointwiseMode_t;
    auto scalar = [&](float v) { return graph.tensor(fe::graph::Tensor_attributes(v)); };
    auto unitClip = [&](TensorPtr t) {
        return graph.pointwise(t, pointwiseOp(Mode::RELU_FWD).set_relu_lower_clip(0.f).set_relu_upper_clip(1.f));
    };
    switch (e.activation) {
        case Activation::None: return x;
        case Activation::Relu: return graph.pointwise(x, pointwiseOp(Mode::RELU_FWD));
        case Activation::LeakyRelu:
            return graph.pointwise(x, pointwiseOp(Mode::RELU_FWD).set_relu_lower_clip_slope(e.p0));
        case Activation::Clip:
            // Relu6 and the like: a RELU clipped above (below 0 every RELU_FWD variant gives 0).
            if (e.p0 == 0.f && e.p1 >= 0.f) return graph.pointwise(x, pointwiseOp(Mode::RELU_FWD).set_relu_upper_clip(e.p1));
            return graph.pointwise(graph.pointwise(x, scalar(e.p0), pointwiseOp(Mode::MAX)), scalar(e.p1),
                                   pointwiseOp(Mode::MIN));
        case Activation::Sigmoid: return graph.pointwise(x, pointwiseOp(Mode::SIGMOID_FWD));
        case Activation::HardSigmoid: {
            TensorPtr t = graph.pointwise(x, scalar(e.p0), pointwiseOp(Mode::MUL));
            return unitClip(graph.pointwise(t, scalar(e.p1), pointwiseOp(Mode::ADD)));
        }
        case Activation::HardSwish: {
            TensorPtr t = graph.pointwise(x, scalar(1.f / 6.f), pointwiseOp(Mode::MUL));
            t = unitClip(graph.pointwise(t, scalar(0.5f), pointwiseOp(Mode::ADD)));
            return graph.pointwise(x, t, pointwiseOp(Mode::MUL));
        }
        case Activation::Tanh: return graph.pointwise(x, pointwiseOp(Mode::TANH_FWD));
        case Activation::SiLU: return graph.pointwise(x, pointwiseOp(Mode::SWISH_FWD).set_swish_beta(1.f));
        case Activation::Gelu: return graph.pointwise(x, pointwiseOp(Mode::GELU_FWD));
        case Activation::GeluTanh: return graph.pointwise(x, pointwiseOp(Mode::GELU_APPROX_TANH_FWD));
    }
    return x;
}

// The op graph of one form: conv_fprop, then (Form::Graph) bias, residual and activation.
// explicitPad: X arrives zero-padded by the pads' asymmetric part; the convolution's are symmetric.
std::shared_ptr<fe::graph::Graph> makeGraph(const PlanSpec& s, Form form, bool explicitPad) {
    const ConvGeometry& g = s.geo;
    const RunKey& k = s.key;
    const fe::DataType_t io = feType(k.dtype);
    auto graph = std::make_shared<fe::graph::Graph>();
    graph->set_io_data_type(io)
        .set_intermediate_data_type(fe::DataType_t::FLOAT)
        .set_compute_data_type(fe::DataType_t::FLOAT);
    auto tensor = [&](const char* name, int64_t uid, const std::vector<int64_t>& dims, bool channelsLast) {
        return graph->tensor(fe::graph::Tensor_attributes()
                                 .set_name(name)
                                 .set_uid(uid)
                                 .set_dim(dims)
                                 .set_stride(packedStrides(dims, channelsLast))
                                 .set_data_type(io)
                                 .set_alignment(k.alignment));
    };
    std::array<int64_t, 3> in = g.in;
    std::vector<int64_t> pre, post, stride, dilation;
    for (size_t i = 0; i < size_t(g.spatial); ++i) {
        const int64_t symmetric = explicitPad ? std::min(g.padBegin[i], g.padEnd[i]) : 0;
        if (explicitPad) in[i] += g.padBegin[i] + g.padEnd[i] - 2 * symmetric;
        pre.push_back(explicitPad ? symmetric : g.padBegin[i]);
        post.push_back(explicitPad ? symmetric : g.padEnd[i]);
        stride.push_back(g.stride[i]);
        dilation.push_back(g.dilation[i]);
    }
    TensorPtr X = tensor("X", kUidX, cudnnDims(g.N, g.C, g, in), k.xChannelsLast);
    TensorPtr W = tensor("W", kUidW, cudnnDims(g.K, g.Cg, g, g.kernel), k.xChannelsLast);
    const std::vector<int64_t> yDims = cudnnDims(g.N, g.K, g, g.out);
    const std::vector<int64_t> yStrides = packedStrides(yDims, k.yChannelsLast);
    TensorPtr y = graph->conv_fprop(X, W,
                                    fe::graph::Conv_fprop_attributes()
                                        .set_name("conv")
                                        .set_pre_padding(pre)
                                        .set_post_padding(post)
                                        .set_stride(stride)
                                        .set_dilation(dilation)
                                        .set_compute_data_type(fe::DataType_t::FLOAT));
    y->set_dim(yDims).set_stride(yStrides);
    if (form == Form::Graph) {
        if (s.epi.bias) {
            std::vector<int64_t> bDims(yDims.size(), 1);
            bDims[1] = g.K;
            y = graph->pointwise(y, tensor("B", kUidB, bDims, k.yChannelsLast), pointwiseOp(fe::PointwiseMode_t::ADD));
        }
        if (s.epi.residual)
            y = graph->pointwise(y, tensor("Z", kUidZ, yDims, k.zChannelsLast), pointwiseOp(fe::PointwiseMode_t::ADD));
        y = activationNodes(*graph, y, s.epi);
    }
    // Y's pointer is part of the key's alignment too: without it cuDNN assumes the default 16 bytes.
    y->set_output(true).set_uid(kUidY).set_dim(yDims).set_stride(yStrides).set_data_type(io).set_alignment(
        k.alignment);
    return graph;
}

// A cuDNN graph with its heuristics' engine configs, shared by the layers and variants of one
// problem. Plans are built on demand under the mutex; running a built plan needs no lock.
struct OpenGraph {
    std::shared_ptr<fe::graph::Graph> graph;  // null: cuDNN has no engine (lastError says why)
    Form form = Form::Graph;
    bool explicitPad = false;
    std::vector<int64_t> uids;  // the tensors execute_plan_at_index wants, in its order
    std::mutex mutex;
    std::vector<std::string> names;  // engine config names
    std::vector<int8_t> state;       // per config: 1 built, -1 does not build, 0 not tried
    std::string lastError;  // of the last config that did not build

    // Builds config i if not done yet; the caller holds the mutex.
    bool build(size_t i) {
        if (state[i] == 0) {
            try {
                fe::error_t status = graph->build_plan_at_index(int64_t(i));
                state[i] = status.is_good() ? 1 : -1;
                if (status.is_bad()) lastError = status.get_message();
            } catch (const std::exception& e) {
                state[i] = -1;
                lastError = e.what();
            }
        }
        return state[i] == 1;
    }
};

// The numerical notes a precision rules out (see the file comment).
std::vector<fe::NumericalNote_t> excludedNotes(Precision precision, DataType dtype) {
    using Note = fe::NumericalNote_t;
    std::vector<Note> notes = {Note::DOWN_CONVERT_INPUTS, Note::REDUCED_PRECISION_REDUCTION};
    if (precision == Precision::FP32) {
        for (Note n : {Note::FFT, Note::WINOGRAD, Note::WINOGRAD_TILE_4x4, Note::WINOGRAD_TILE_6x6,
                       Note::WINOGRAD_TILE_13x13})
            notes.push_back(n);
        if (dtype == DataType::Float32) notes.push_back(Note::TENSOR_CORE);
    }
    return notes;
}

// Builds the op graph, asks the heuristics (mode A, then the fallback list) and builds the first
// config that builds. nullptr, with `why`, when cuDNN has none.
std::shared_ptr<OpenGraph> openGraph(const PlanSpec& spec, Form form, bool explicitPad, std::string& why) {
    auto open = std::make_shared<OpenGraph>();
    open->form = form;
    open->explicitPad = explicitPad;
    try {
        open->graph = makeGraph(spec, form, explicitPad);
        fe::graph::Graph& g = *open->graph;
        HandleLease handle(spec.device);
        auto check = [&](fe::error_t status, const char* step) {
            if (status.is_good()) return true;
            why = concat(step, ": ", status.get_message());
            return false;
        };
        if (!check(g.validate(), "validate") || !check(g.build_operation_graph(handle.get()), "build_operation_graph") ||
            !check(g.create_execution_plans({fe::HeurMode_t::A, fe::HeurMode_t::FALLBACK}), "heuristics"))
            return nullptr;
        g.deselect_numeric_notes(excludedNotes(spec.precision, spec.key.dtype));
        const int64_t count = g.get_execution_plan_count();
        open->names.resize(size_t(std::max<int64_t>(count, 0)));
        open->state.assign(open->names.size(), 0);
        for (size_t i = 0; i < open->names.size(); ++i)
            if (g.get_plan_name_at_index(int64_t(i), open->names[i]).is_bad()) open->names[i] = concat("#", i);
        bool built = false;
        for (size_t i = 0; i < open->names.size() && !built; ++i) built = open->build(i);
        if (!built) {
            why = open->names.empty() ? std::string("the heuristics returned no engine config")
                                      : concat("no engine config builds (", open->lastError, ")");
            return nullptr;
        }
        if (!check(g.prepare_variant_pack_template(), "variant pack")) return nullptr;
        open->uids = g.get_variant_pack_uids_sorted();
    } catch (const std::exception& e) {
        why = e.what();
        return nullptr;
    }
    return open;
}

// The graph of one form, from the process-wide cache or opened (with an explicitly padded X when
// cuDNN takes no asymmetric pads for this problem). Failures are cached too: the heuristics are
// asked once per problem.
std::shared_ptr<OpenGraph> graphFor(const PlanSpec& spec, Form form, std::string& why) {
    static std::mutex mutex;
    static auto* cache = new std::list<std::pair<std::string, std::shared_ptr<OpenGraph>>>();  // most recent first
    const std::string key = graphKey(spec, form, false);
    auto usable = [&](const std::shared_ptr<OpenGraph>& open) -> std::shared_ptr<OpenGraph> {
        if (open->graph) return open;
        why = open->lastError;
        return nullptr;
    };
    {
        std::lock_guard<std::mutex> lock(mutex);
        for (auto it = cache->begin(); it != cache->end(); ++it)
            if (it->first == key) {
                cache->splice(cache->begin(), *cache, it);
                return usable(cache->front().second);
            }
    }
    useDevice(spec.device);
    std::shared_ptr<OpenGraph> open = openGraph(spec, form, false, why);
    if (!open && spec.geo.asymmetric()) {
        std::string paddedWhy;
        open = openGraph(spec, form, true, paddedWhy);
        if (!open) why = concat(why, "; with X padded explicitly: ", paddedWhy);
    }
    if (!open) {
        open = std::make_shared<OpenGraph>();  // no graph: what went wrong
        open->lastError = why;
    }
    {
        std::lock_guard<std::mutex> lock(mutex);
        cache->emplace_front(key, open);
        if (cache->size() > kGraphCacheSize) cache->pop_back();
    }
    return usable(open);
}

// Up to `max` distinct engine names of a graph's configs that build, in the heuristics' order.
std::vector<std::string> buildableTags(OpenGraph& open, int max) {
    std::lock_guard<std::mutex> lock(open.mutex);
    std::vector<std::string> tags;
    for (size_t i = 0; i < open.names.size() && int(tags.size()) < max; ++i) {
        if (std::find(tags.begin(), tags.end(), open.names[i]) != tags.end()) continue;
        if (open.build(i)) tags.push_back(open.names[i]);
    }
    return tags;
}

// ---------------------------------------------------------------------------------------------
// Plans

struct BuiltPlan {
    PlanSpec spec;
    std::shared_ptr<OpenGraph> open;
    int64_t index = 0;      // the execution plan in open->graph
    int64_t workspace = 0;  // bytes
};

// The plan for a spec and a choice: the named engine when it builds, else the first that does; the
// split form when the whole graph has no engine. Fails (Unsupported) when cuDNN has none at all.
std::shared_ptr<const BuiltPlan> makePlan(const Node& node, const PlanSpec& spec, const Choice& choice) {
    std::string why;
    const Form form = spec.epi.any() ? choice.form : Form::Graph;
    std::shared_ptr<OpenGraph> open = graphFor(spec, form, why);
    if (!open && form == Form::Graph && spec.epi.any()) {
        std::string splitWhy;
        open = graphFor(spec, Form::Split, splitWhy);
        if (!open) why = concat(why, "; the convolution alone: ", splitWhy);
    }
    if (!open)
        failNode(node, ErrorKind::Unsupported,
                 concat("cuDNN has no engine for this convolution (X ", dimsToString(cudnnDims(spec.geo.N, spec.geo.C,
                                                                                              spec.geo, spec.geo.in)),
                        ", W ", dimsToString(cudnnDims(spec.geo.K, spec.geo.Cg, spec.geo, spec.geo.kernel)), ", ",
                        dataTypeName(spec.key.dtype), ", ", spec.key.xChannelsLast ? "nhwc" : "nchw", "): ", why));
    auto plan = std::make_shared<BuiltPlan>();
    plan->spec = spec;
    plan->open = open;
    std::lock_guard<std::mutex> lock(open->mutex);
    int64_t index = -1;
    // The named engine (the builder's choice) when this cuDNN still offers it, else the first one.
    if (!choice.tag.empty() && open->form == choice.form)
        for (size_t i = 0; i < open->names.size() && index < 0; ++i)
            if (open->names[i] == choice.tag && open->build(i)) index = int64_t(i);
    for (size_t i = 0; i < open->names.size() && index < 0; ++i)
        if (open->build(i)) index = int64_t(i);
    if (index < 0) failNode(node, ErrorKind::Internal, concat("a cuDNN plan built before no longer builds: ", open->lastError));
    plan->index = index;
    fe::error_t status = open->graph->get_workspace_size_plan_at_index(index, plan->workspace);
    if (status.is_bad()) failNode(node, ErrorKind::Internal, concat("cuDNN workspace size: ", status.get_message()));
    return plan;
}

// ---------------------------------------------------------------------------------------------
// The kernel

uint32_t alignmentOf(const void* p) {
    const auto bits = reinterpret_cast<uintptr_t>(p);
    if (bits == 0) return kMaxAlignment;
    return uint32_t(std::min<uintptr_t>(bits & (~bits + 1), kMaxAlignment));
}

void copyDims(std::span<const int64_t> dims, std::array<int64_t, 5>& out) {
    out.fill(0);
    std::copy(dims.begin(), dims.begin() + std::ptrdiff_t(std::min<size_t>(dims.size(), 5)), out.begin());
}

class CudnnConvKernel final : public KernelInstance {
public:
    CudnnConvKernel(const CudaBackend& backend, bool fusedOp, Precision precision, Choice choice,
                    std::optional<EpilogueSpec> activation)
        : backend_(backend), fusedOp_(fusedOp), precision_(precision), choice_(std::move(choice)),
          activation_(activation) {}

    void setChannelsLastWeights(Tensor w) { wChannelsLast_ = std::move(w); }
    void setPaddedWeights(Tensor w) { wPadded_ = std::move(w); }
    void setPrepared(std::shared_ptr<const BuiltPlan> plan) { prepared_ = std::move(plan); }

    void run(KernelContext& ctx) const override;

private:
    std::shared_ptr<const BuiltPlan> lookup(const RunKey& key, bool dimsOnly) const {
        auto match = [&](const BuiltPlan& p) { return dimsOnly ? p.spec.key.sameDims(key) : p.spec.key == key; };
        if (prepared_ && match(*prepared_)) return prepared_;
        std::lock_guard<std::mutex> lock(mutex_);
        for (const auto& p : cache_)
            if (match(*p)) return p;
        return nullptr;
    }
    std::shared_ptr<const BuiltPlan> planFor(const KernelContext& ctx, const RunKey& key, const ConvGeometry& geo) const {
        PlanSpec spec;
        spec.key = key;
        spec.geo = choice_.padChannels && channelPaddable(geo, key) ? paddedChannels(geo) : geo;
        spec.epi = *activation_;
        spec.epi.bias = key.bias;
        spec.epi.residual = key.residual;
        spec.precision = precision_;
        spec.device = backend_.index();
        std::shared_ptr<const BuiltPlan> plan = makePlan(ctx.node(), spec, choice_);
        std::lock_guard<std::mutex> lock(mutex_);
        if (cache_.size() >= kShapeCacheSize) cache_.erase(cache_.begin());
        cache_.push_back(plan);
        return plan;
    }

    const CudaBackend& backend_;
    bool fusedOp_;
    Precision precision_;
    Choice choice_;
    std::optional<EpilogueSpec> activation_;  // nullopt: an unknown activation name (reported at run)
    Tensor wChannelsLast_;                     // a constant W reordered for channels-last layers
    Tensor wPadded_;                           // that W with zero channels up to the padded X's
    std::shared_ptr<const BuiltPlan> prepared_;
    mutable std::mutex mutex_;
    mutable std::vector<std::shared_ptr<const BuiltPlan>> cache_;
};

void requireDevice(const KernelContext& ctx, const Tensor* t, const char* what) {
    if (t && t->device().type != DeviceType::Cuda)
        ctx.fail(ErrorKind::Internal, what, " ", t->describe(), " is on ", t->device().str(), ", not on the GPU");
}

void checkCuda(const KernelContext& ctx, cudaError_t status, const char* what) {
    if (status != cudaSuccess) ctx.fail(ErrorKind::Internal, what, " failed: ", cudaErrorText(status));
}

// A strided copy of one cuDNN-shaped tensor into packed `dst` in the given layout: `shiftBegin`
// spatial positions of zeros before the source and room for `dstDims`.
StridedCopyParams layoutCopy(void* dst, const void* src, size_t elementSize, const std::vector<int64_t>& dstDims,
                             const std::vector<int64_t>& srcDims, bool srcChannelsLast, bool dstChannelsLast,
                             const std::array<int64_t, 3>& shiftBegin) {
    const int rank = int(dstDims.size());
    int64_t srcStrides[5];
    packedStrides(srcDims.data(), rank, srcChannelsLast, srcStrides);
    StridedCopyParams p;
    p.dst = dst;
    p.src = src;
    p.elementSize = elementSize;
    p.rank = rank;
    for (int j = 0; j < rank; ++j) {
        // Destination memory order: N, C, spatial... or N, spatial..., C.
        const int axis = !dstChannelsLast ? j : j == 0 ? 0 : j == rank - 1 ? 1 : j + 1;
        p.dims[j] = dstDims[size_t(axis)];
        p.srcStrides[j] = srcStrides[axis];
        p.shift[j] = axis >= 2 ? shiftBegin[size_t(axis - 2)] : 0;
        p.srcDims[j] = srcDims[size_t(axis)];
    }
    return p;
}

void CudnnConvKernel::run(KernelContext& ctx) const {
    const Tensor& x = ctx.input(0);
    const Tensor& w = ctx.input(1);
    const Tensor* b = ctx.optionalInput(2);
    const Tensor* z = fusedOp_ ? ctx.optionalInput(3) : nullptr;
    requireDevice(ctx, &x, "X");
    requireDevice(ctx, &w, "W");
    requireDevice(ctx, b, "bias");
    requireDevice(ctx, z, "residual input Z");
    if (!activation_)
        ctx.fail(ErrorKind::InvalidModel, "unknown activation '", ctx.node().attrString("activation", ""), "'");
    if (!cudnnType(x.dtype())) ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(x.dtype()), " is not supported");
    if (!sameTypeAsX(x, w, b, z))
        ctx.fail(ErrorKind::InvalidArgument, "inputs must share one type: X ", x.describe(), ", W ", w.describe(),
                 b ? ", B " + b->describe() : std::string(), z ? ", Z " + z->describe() : std::string());
    if (x.rank() < 3 || x.rank() > 5 || w.rank() != x.rank()) {
        ConvGeometry unused;
        const std::optional<GeometryError> e = resolveGeometry(ctx.node(), x.dims(), w.dims(), unused);
        ctx.fail(e ? e->kind : ErrorKind::InvalidArgument, e ? e->message : std::string("bad ranks"));
    }
    RunKey key;
    key.rank = int(x.rank());
    copyDims(x.dims(), key.x);
    copyDims(w.dims(), key.w);
    key.dtype = x.dtype();
    key.xChannelsLast = x.format() == TensorFormat::NHWC;
    key.zChannelsLast = z && z->format() == TensorFormat::NHWC;
    key.bias = b != nullptr;
    key.residual = z != nullptr;

    // The geometry of a plan made for these dims, else resolved here (and checked).
    const std::shared_ptr<const BuiltPlan> sameDims = lookup(key, true);
    ConvGeometry resolved;
    if (!sameDims) {
        if (const std::optional<GeometryError> e = resolveGeometry(ctx.node(), x.dims(), w.dims(), resolved))
            ctx.fail(e->kind, e->message);
    }
    const ConvGeometry& geo = sameDims ? sameDims->spec.geo : resolved;  // C may be padded
    if (b && (b->rank() != 1 || b->dim(0) != geo.K))
        ctx.fail(ErrorKind::InvalidArgument, "bias ", b->describe(), " must be [", geo.K, "]");
    if (z && z->dims() != geo.outDims)
        ctx.fail(ErrorKind::InvalidArgument, "residual input Z has shape ", dimsToString(z->dims()),
                 ", the convolution output ", dimsToString(geo.outDims));
    Tensor& y = ctx.allocateOutput(0, x.dtype(), geo.outDims);
    requireDevice(ctx, &y, "output");
    if (y.numel() == 0) return;
    if (geo.C == 0) ctx.fail(ErrorKind::Unsupported, "X ", x.describe(), " has no channels");
    key.yChannelsLast = y.format() == TensorFormat::NHWC;
    key.alignment = std::min({alignmentOf(x.raw()), alignmentOf(w.raw()), alignmentOf(b ? b->raw() : nullptr),
                              alignmentOf(z ? z->raw() : nullptr), alignmentOf(y.raw())});
    std::shared_ptr<const BuiltPlan> plan = sameDims && sameDims->spec.key == key ? sameDims : lookup(key, false);
    if (!plan) {
        ConvGeometry unpadded = geo;
        unpadded.C = x.dim(1);
        unpadded.Cg = w.dim(1);
        plan = planFor(ctx, key, unpadded);
    }
    const ConvGeometry& g = plan->spec.geo;
    const int64_t xChannels = x.dim(1), wChannels = w.dim(1);
    const bool padded = g.C != xChannels;  // a channel-padded plan (paddedChannels)
    const OpenGraph& open = *plan->open;
    const cudaStream_t stream = kernelStream(ctx);
    const size_t elementSize = dataTypeSize(x.dtype());
    const bool channelsLast = key.xChannelsLast;
    const std::array<int64_t, 3> noShift{};

    // X zero-padded by the pads' asymmetric part (when cuDNN took no asymmetric pads) and/or in
    // its channels.
    const void* xData = x.raw();
    if (padded && !open.explicitPad) {
        const int64_t pixels = x.numel() / xChannels;
        void* buffer = ctx.scratch(size_t(pixels * g.C) * elementSize, kScratchAlignment);
        checkCuda(ctx, launchPadChannels(buffer, x.raw(), pixels, xChannels, g.C, elementSize, stream),
                  "padding X's channels");
        xData = buffer;
    } else if (open.explicitPad) {
        std::array<int64_t, 3> paddedIn = g.in, shift{};
        for (size_t i = 0; i < size_t(g.spatial); ++i) {
            const int64_t symmetric = std::min(g.padBegin[i], g.padEnd[i]);
            shift[i] = g.padBegin[i] - symmetric;
            paddedIn[i] += g.padBegin[i] + g.padEnd[i] - 2 * symmetric;
        }
        const std::vector<int64_t> dstDims = cudnnDims(g.N, g.C, g, paddedIn),
                                   srcDims = cudnnDims(g.N, xChannels, g, g.in);
        int64_t count = 1;
        for (int64_t d : dstDims) count *= d;
        void* buffer = ctx.scratch(size_t(count) * elementSize, kScratchAlignment);
        checkCuda(ctx,
                  launchStridedCopy(layoutCopy(buffer, x.raw(), elementSize, dstDims, srcDims, channelsLast, channelsLast,
                                               shift),
                                    stream),
                  "padding X");
        xData = buffer;
    }
    // W in X's layout: the copy reordered at prepare time, or one made here.
    const void* wData = w.raw();
    const bool wChannelsLast = w.format() == TensorFormat::NHWC;
    if (padded) {
        if (wPadded_.defined() && wPadded_.dim(0) == g.K && wPadded_.dim(1) == g.Cg && wPadded_.dtype() == w.dtype() &&
            wPadded_.numel() / g.Cg == w.numel() / wChannels) {
            wData = wPadded_.raw();
        } else {
            const std::vector<int64_t> dstDims = cudnnDims(g.K, g.Cg, g, g.kernel),
                                       srcDims = cudnnDims(g.K, wChannels, g, g.kernel);
            void* buffer = ctx.scratch(size_t(w.numel() / wChannels * g.Cg) * elementSize, kScratchAlignment);
            checkCuda(ctx,
                      launchStridedCopy(
                          layoutCopy(buffer, w.raw(), elementSize, dstDims, srcDims, wChannelsLast, channelsLast, noShift),
                          stream),
                      "padding W's channels");
            wData = buffer;
        }
    } else if (wChannelsLast != channelsLast) {
        if (channelsLast && wChannelsLast_.defined() && wChannelsLast_.dims() == w.dims() &&
            wChannelsLast_.dtype() == w.dtype()) {
            wData = wChannelsLast_.raw();
        } else {
            const std::vector<int64_t> wDims = cudnnDims(g.K, g.Cg, g, g.kernel);
            void* buffer = ctx.scratch(size_t(w.numel()) * elementSize, kScratchAlignment);
            checkCuda(ctx,
                      launchStridedCopy(
                          layoutCopy(buffer, w.raw(), elementSize, wDims, wDims, wChannelsLast, channelsLast, noShift),
                          stream),
                      "reordering W");
            wData = buffer;
        }
    }
    void* workspace = plan->workspace > 0 ? ctx.scratch(size_t(plan->workspace), kScratchAlignment) : nullptr;

    void* pointers[5];
    int count = 0;
    for (int64_t uid : open.uids) {
        void* p = uid == kUidX   ? const_cast<void*>(xData)
                  : uid == kUidW ? const_cast<void*>(wData)
                  : uid == kUidB ? (b ? const_cast<void*>(b->raw()) : nullptr)
                  : uid == kUidZ ? (z ? const_cast<void*>(z->raw()) : nullptr)
                  : uid == kUidY ? y.raw()
                                 : nullptr;
        if (!p || count == 5) ctx.fail(ErrorKind::Internal, "the cuDNN graph wants tensor ", uid, ", which this layer lacks");
        pointers[count++] = p;
    }
    {
        HandleLease handle(backend_.index());
        const cudnnStatus_t status = cudnnSetStream(handle.get(), stream);
        if (status != CUDNN_STATUS_SUCCESS) ctx.fail(ErrorKind::Internal, "cudnnSetStream failed: ", cudnnGetErrorString(status));
        fe::error_t result = open.graph->execute_plan_at_index(handle.get(), pointers, count, workspace, plan->index);
        if (result.is_bad())
            ctx.fail(ErrorKind::Internal, "cuDNN plan '", open.names[size_t(plan->index)], "' failed: ", result.get_message());
    }
    const EpilogueSpec& epi = plan->spec.epi;
    if (open.form == Form::Split && epi.any()) {
        ConvEpilogueParams p;
        p.y = y.raw();
        p.bias = b ? b->raw() : nullptr;
        p.z = z ? z->raw() : nullptr;
        p.dtype = y.dtype();
        p.batch = g.N;
        p.channels = g.K;
        p.spatial = y.numel() / (g.N * g.K);  // y is not empty
        p.yChannelsLast = key.yChannelsLast;
        p.zChannelsLast = key.zChannelsLast;
        p.activation = epi.activation;
        p.p0 = epi.p0;
        p.p1 = epi.p1;
        checkCuda(ctx, launchConvEpilogue(p, stream), "the convolution epilogue");
    }
}

// ---------------------------------------------------------------------------------------------
// Registration: prepare, variants, applicability

const CudaBackend& cudaBackendOf(const PrepareContext& pc) {
    const auto* backend = dynamic_cast<const CudaBackend*>(&pc.backend);
    KILN_CHECK(backend, Internal, "the CUDA convolution prepared for the ", pc.backend.id(), " backend");
    return *backend;
}

// The spec of a layer whose shapes the graph fixes (layouts as the builder gives them); nullopt
// for dynamic shapes, unknown types, bad attributes (the run reports them) or an empty output.
std::optional<PlanSpec> staticSpec(const PrepareContext& pc, bool fusedOp) {
    const Node& node = pc.node;
    const Value* x = node.inputOrNull(0);
    const Value* w = node.inputOrNull(1);
    const Value* z = fusedOp ? node.inputOrNull(3) : nullptr;
    if (!x || !w || !x->shape.rankKnown || !w->shape.rankKnown || !x->shape.isStatic() || !w->shape.isStatic())
        return std::nullopt;
    const std::optional<EpilogueSpec> act = activationOf(node, fusedOp);
    const DataType dtype = x->dtype;
    if (!act || !cudnnType(dtype)) return std::nullopt;
    const std::vector<int64_t> xDims = x->shape.staticDims(), wDims = w->shape.staticDims();
    PlanSpec spec;
    if (resolveGeometry(node, xDims, wDims, spec.geo) || spec.geo.C == 0) return std::nullopt;
    for (int64_t d : spec.geo.outDims)
        if (d == 0) return std::nullopt;
    const bool nhwc = pc.format == TensorFormat::NHWC;
    spec.key.rank = int(xDims.size());
    copyDims(xDims, spec.key.x);
    copyDims(wDims, spec.key.w);
    spec.key.dtype = dtype;
    // The builder lays out activations of rank 3 to 5 in the layer's format; constants stay linear.
    spec.key.xChannelsLast = nhwc && !x->isConstant();
    spec.key.yChannelsLast = nhwc;
    spec.key.zChannelsLast = nhwc && z && !z->isConstant();
    spec.key.bias = node.inputOrNull(2) != nullptr;
    spec.key.residual = z != nullptr;
    spec.epi = *act;
    spec.epi.bias = spec.key.bias;
    spec.epi.residual = spec.key.residual;
    spec.precision = pc.precision;
    spec.device = cudaBackendOf(pc).index();
    return spec;
}

std::unique_ptr<KernelInstance> prepareFor(const PrepareContext& pc, bool fusedOp) {
    const CudaBackend& backend = cudaBackendOf(pc);
    useDevice(backend.index());
    // A handle in the pool before the first run: cudnnCreate inside a CUDA graph capture would break it.
    { HandleLease warm(backend.index()); }
    const Choice choice = Choice::parse(pc.tacticData);
    auto kernel = std::make_unique<CudnnConvKernel>(backend, fusedOp, pc.precision, choice, activationOf(pc.node, fusedOp));
    // A constant W in channels last, for the layer's channels-last X (reordered on the host once).
    const Value* w = pc.node.inputOrNull(1);
    if (pc.format == TensorFormat::NHWC && w && w->isConstant() && w->constant->device().isHost() &&
        w->constant->rank() >= 3 && w->constant->rank() <= 5 && w->constant->format() == TensorFormat::Linear &&
        cudnnType(w->constant->dtype())) {
        Tensor reordered = Tensor(w->constant->dtype(), w->constant->dims()).relabeled(kHostDevice, TensorFormat::NHWC);
        reformatInto(*w->constant, reordered);
        kernel->setChannelsLastWeights(backend.upload(reordered));
        if (choice.padChannels) {
            // [K, Cp, spatial...] channels last, zeros in the channels past W's.
            const std::vector<int64_t>& wDims = reordered.dims();
            const int64_t k = wDims[0], c = wDims[1], area = reordered.numel() / std::max<int64_t>(k * c, 1);
            const int64_t cp = paddedChannels(ConvGeometry{.C = c, .Cg = c}).C;
            std::vector<int64_t> paddedDims = wDims;
            paddedDims[1] = cp;
            Tensor padded = Tensor(reordered.dtype(), paddedDims).relabeled(kHostDevice, TensorFormat::NHWC);
            const size_t es = dataTypeSize(reordered.dtype());
            const auto* src = static_cast<const std::byte*>(reordered.raw());
            auto* dst = static_cast<std::byte*>(padded.raw());
            for (int64_t row = 0; row < k * area; ++row)  // reordered is [K, spatial..., C] in memory
                std::memcpy(dst + size_t(row * cp) * es, src + size_t(row * c) * es, size_t(c) * es);
            kernel->setPaddedWeights(backend.upload(padded));
        }
    }
    if (std::optional<PlanSpec> spec = staticSpec(pc, fusedOp)) {
        if (choice.padChannels && channelPaddable(spec->geo, spec->key)) spec->geo = paddedChannels(spec->geo);
        kernel->setPrepared(makePlan(pc.node, *spec, choice));
    }
    return kernel;
}

std::unique_ptr<KernelInstance> prepareConv(const PrepareContext& pc) { return prepareFor(pc, false); }
std::unique_ptr<KernelInstance> prepareFusedConv(const PrepareContext& pc) { return prepareFor(pc, true); }

// The whole graph's plans (up to kMaxFusedPlans when there is an epilogue, kMaxPlans when there is
// none), then the split form's, up to kMaxPlans in all. With dynamic shapes: each form's first plan,
// chosen per shape.
std::vector<TacticVariant> variantsFor(const PrepareContext& pc, bool fusedOp) {
    const std::optional<EpilogueSpec> act = activationOf(pc.node, fusedOp);
    const bool epilogue = !act || act->any() || pc.node.inputOrNull(2) || (fusedOp && pc.node.inputOrNull(3));
    std::vector<TacticVariant> out;
    if (std::optional<PlanSpec> spec = staticSpec(pc, fusedOp)) {
        try {
            std::string why;
            if (std::shared_ptr<OpenGraph> open = graphFor(*spec, Form::Graph, why)) {
                const std::vector<std::string> tags = buildableTags(*open, epilogue ? kMaxFusedPlans : kMaxPlans);
                for (size_t i = 0; i < tags.size(); ++i)
                    out.push_back({std::to_string(i), Choice{Form::Graph, false, tags[i]}.data()});
            }
            if (epilogue) {
                if (std::shared_ptr<OpenGraph> open = graphFor(*spec, Form::Split, why)) {
                    const std::vector<std::string> tags = buildableTags(*open, kMaxPlans - int(out.size()));
                    for (size_t i = 0; i < tags.size(); ++i)
                        out.push_back({concat("split", i), Choice{Form::Split, false, tags[i]}.data()});
                }
            }
            // The whole graph on channel-padded X and W (a few plans more: only stems qualify).
            if (channelPaddable(spec->geo, spec->key)) {
                PlanSpec padded = *spec;
                padded.geo = paddedChannels(spec->geo);
                if (std::shared_ptr<OpenGraph> open = graphFor(padded, Form::Graph, why)) {
                    const std::vector<std::string> tags = buildableTags(*open, kMaxPaddedPlans);
                    for (size_t i = 0; i < tags.size(); ++i)
                        out.push_back({concat("c8_", i), Choice{Form::Graph, true, tags[i]}.data()});
                }
            }
        } catch (const std::exception&) {
            out.clear();  // prepare reports what is wrong
        }
    }
    if (out.empty()) {
        out.push_back({"0", Choice{Form::Graph, false, ""}.data()});
        if (epilogue) out.push_back({"split0", Choice{Form::Split, false, ""}.data()});
    }
    return out;
}

std::vector<TacticVariant> convVariants(const PrepareContext& pc) { return variantsFor(pc, false); }
std::vector<TacticVariant> fusedConvVariants(const PrepareContext& pc) { return variantsFor(pc, true); }

bool applicableFor(const KernelContext& ctx, bool fusedOp) {
    if (!ctx.hasInput(0) || !ctx.hasInput(1)) return false;
    const Tensor& x = ctx.input(0);
    const Tensor& w = ctx.input(1);
    const Tensor* b = ctx.optionalInput(2);
    const Tensor* z = fusedOp ? ctx.optionalInput(3) : nullptr;
    if (!cudnnType(x.dtype()) || !sameTypeAsX(x, w, b, z)) return false;
    if (!activationOf(ctx.node(), fusedOp)) return false;
    ConvGeometry g;
    if (resolveGeometry(ctx.node(), x.dims(), w.dims(), g) || g.C == 0) return false;
    if (b && (b->rank() != 1 || b->dim(0) != g.K)) return false;
    return !z || z->dims() == g.outDims;
}

bool applicableConv(const KernelContext& ctx) { return applicableFor(ctx, false); }
bool applicableFusedConv(const KernelContext& ctx) { return applicableFor(ctx, true); }

}  // namespace

void registerConvKernels(KernelRegistry& registry) {
    const TypeSet floats = {DataType::Float32, DataType::Float16, DataType::BFloat16};
    const TypeSet fp32 = {DataType::Float32};
    for (TensorFormat format : {TensorFormat::Linear, TensorFormat::NHWC}) {
        for (Precision precision : {Precision::FP32, Precision::TF32}) {
            // TF32 is a question for fp32 data only: fp16 and bf16 layers take the FP32 kernels.
            const TypeSet& types = precision == Precision::FP32 ? floats : fp32;
            KernelDef conv;
            conv.tactic = "cudnn";
            conv.precision = precision;
            conv.format = format;
            conv.inputTypes = {types, types, types};
            conv.outputTypes = {types};
            conv.applicable = &applicableConv;
            conv.prepare = &prepareConv;
            conv.variants = &convVariants;
            registry.add("Conv", conv);

            // fp16/bf16 too: engines with fp16 layers store them so (the CPU and the oracle take
            // fp32 only, so backend_ops checks the fp32 form).
            KernelDef fused = conv;
            fused.inputTypes = {types, types, types, types};
            fused.outputTypes = {types};
            fused.applicable = &applicableFusedConv;
            fused.prepare = &prepareFusedConv;
            fused.variants = &fusedConvVariants;
            registry.add("FusedConv", fused, "kiln");
        }
    }
}

#else  // no cuDNN frontend: no cuDNN convolution tactics

void registerConvKernels(KernelRegistry&) {}

#endif

}  // namespace kiln::cuda
