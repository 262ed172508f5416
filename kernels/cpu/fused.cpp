// CPU kernels of Kiln's fused ops (domain "kiln"); their contracts are in
// engine_core/passes/fused_ops.h. FusedConv runs the blocked fp32 convolution of conv.h with
// its epilogue applied per block; FusedMatMul runs the registered reference MatMul / Gemm kernel and
// then applies the epilogue in place on the fresh output. Both agree with the unfused graph to
// rounding. Pointwise and Attention are computed here in one pass.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "engine_core/common/parallel.h"
#include "engine_core/common/small_vector.h"
#include "engine_core/passes/fused_ops.h"
#include "engine_core/passes/strided_attention.h"
#include "kernels/cpu/conv.h"
#include "kernels/cpu/elementwise_internal.h"
#include "kernels/cpu/fast_math.h"
#include "kernels/cpu/gemm.h"
#include "kernels/cpu/isa.h"
#include "kernels/cpu/register.h"
#include "kernels/cpu/tactics_epilogue.h"

namespace kiln::cpu {

namespace {

using fused::Activation;
using fused::PointwiseOp;

// Maps a flat index of `outDims` to the flat offset into an operand that broadcasts into it.
class BroadcastIndex {
public:
    BroadcastIndex(std::span<const int64_t> operandDims, std::span<const int64_t> outDims)
        : outDims_(outDims), strides_(outDims.size(), 0) {
        size_t offset = outDims.size() - operandDims.size();
        int64_t stride = 1;
        for (size_t i = operandDims.size(); i-- > 0;) {
            if (operandDims[i] != 1) strides_[i + offset] = stride;
            stride *= operandDims[i];
        }
        numel_ = stride;
    }
    int64_t offset(int64_t flat) const {
        int64_t off = 0;
        for (size_t d = outDims_.size(); d-- > 0;) {
            int64_t idx = flat % outDims_[d];
            flat /= outDims_[d];
            off += idx * strides_[d];
        }
        return off;
    }
    int64_t operandNumel() const { return numel_; }

private:
    DimVector outDims_;
    DimVector strides_;
    int64_t numel_ = 1;
};

// True when `operand` broadcasts into `out` without growing it.
bool broadcastsInto(std::span<const int64_t> operand, std::span<const int64_t> out) {
    if (operand.size() > out.size()) return false;
    size_t offset = out.size() - operand.size();
    for (size_t i = 0; i < operand.size(); ++i)
        if (operand[i] != 1 && operand[i] != out[i + offset]) return false;
    return true;
}

// When the operand's dims, after leading 1s, are a suffix of `out` (a bias over the trailing
// dims), it repeats every operand.numel() output elements: returns that period, else 0.
int64_t trailingPeriod(const Tensor& operand, std::span<const int64_t> out) {
    std::span<const int64_t> od = operand.dims();
    while (!od.empty() && od.front() == 1) od = od.subspan(1);
    const bool suffix = od.size() <= out.size() && std::equal(od.begin(), od.end(), out.end() - std::ptrdiff_t(od.size()));
    return suffix ? operand.numel() : 0;
}

// out[i] += operand[broadcast(i)]
void addBroadcast(KernelContext& ctx, Tensor& out, const Tensor& operand, const char* what) {
    if (operand.dtype() != DataType::Float32)
        ctx.fail(ErrorKind::Unsupported, what, " must be fp32, got ", dataTypeName(operand.dtype()));
    if (!broadcastsInto(operand.dims(), out.dims()))
        ctx.fail(ErrorKind::InvalidArgument, what, " of shape ", dimsToString(operand.dims()),
                 " does not broadcast into the output shape ", dimsToString(out.dims()));
    float* y = out.data<float>();
    const float* a = operand.data<float>();
    int64_t n = out.numel();
    if (operand.numel() == n) {
        parallelFor(n, 4096, [&](int64_t b, int64_t e) {
            for (int64_t i = b; i < e; ++i) y[i] += a[i];
        });
        return;
    }
    // A bias over the trailing dims: add it row by row, with no index arithmetic per element.
    if (const int64_t row = trailingPeriod(operand, out.dims()); row > 0) {
        const int64_t rows = n / row;
        parallelFor(rows, std::max<int64_t>(1, 16384 / row), [&](int64_t b, int64_t e) {
            for (int64_t r = b; r < e; ++r) {
                float* yr = y + r * row;
                for (int64_t i = 0; i < row; ++i) yr[i] += a[i];
            }
        });
        return;
    }
    BroadcastIndex index(operand.dims(), out.dims());
    parallelFor(n, 4096, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) y[i] += a[index.offset(i)];
    });
}

void applyActivationInPlace(KernelContext& ctx, Tensor& out) {
    const FusedActivation fa = fusedActivation(ctx);
    if (fa.activation == Activation::None) return;
    float* y = out.data<float>();
    Activation a = fa.activation;
    float p0 = fa.p0, p1 = fa.p1;
    // One loop per activation: a switch inside the element loop keeps it from vectorizing, which
    // made a fused Conv+Relu slower than the two unfused kernels.
    auto each = [&](auto f) { mapElements(y, y, out.numel(), f); };  // AVX-512 copy where available
    if (a == Activation::Relu) {
        each([](float x) { return x > 0.f ? x : 0.f; });
    } else if (a == Activation::Clip) {
        each([p0, p1](float x) { return x != x ? x : std::fmin(std::fmax(x, p0), p1); });
    } else if (a == Activation::LeakyRelu) {
        each([p0](float x) { return x >= 0.f ? x : p0 * x; });
    } else if (a == Activation::Gelu) {
        each([](float x) { return geluApprox(x); });
    } else if (a == Activation::GeluTanh) {
        each([](float x) { return geluTanhApprox(x); });
    } else if (a == Activation::Tanh) {
        each([](float x) { return tanhApprox(x); });
    } else if (a == Activation::Sigmoid) {
        each([](float x) { return 1.f / (1.f + expApprox(-x)); });
    } else if (a == Activation::SiLU) {
        each([](float x) { return x / (1.f + expApprox(-x)); });
    } else {
        each([a, p0, p1](float x) { return fused::applyActivation(a, x, p0, p1); });
    }
}

// Runs the registered reference kernel `opType` on this node's attributes and the given inputs.
Tensor runReference(KernelContext& ctx, const char* opType, std::vector<const Tensor*> inputs) {
    const KernelDef* def = cpuKernelRegistry().find(opType, "");
    if (!def) ctx.fail(ErrorKind::Unsupported, "needs the CPU ", opType, " kernel, which this build lacks");
    KernelContext inner(ctx.node(), std::move(inputs), 1);
    def->run(inner);
    // The epilogue writes in place: never into storage shared with an input.
    Tensor out = inner.output(0);
    for (size_t i = 0; i < ctx.numInputs(); ++i)
        if (ctx.hasInput(i) && out.sharesStorageWith(ctx.input(i))) return out.clone();
    return out;
}

void runFusedConvPacked(KernelContext& ctx, const PackedConvWeights* packed) {
    if (ctx.input(0).dtype() != DataType::Float32) ctx.fail(ErrorKind::Unsupported, "fused epilogues run in fp32 only");
    const FusedActivation fa = fusedActivation(ctx);
    runConvFp32(ctx, {ctx.optionalInput(3), fa.activation, fa.p0, fa.p1}, packed);
}

void runFusedConv(KernelContext& ctx) { runFusedConvPacked(ctx, nullptr); }

// The prepared form: W packed once per layer (conv.h).
class PreparedFusedConv final : public PackedConvKernel {
public:
    using PackedConvKernel::PackedConvKernel;
    void run(KernelContext& ctx) const override { runFusedConvPacked(ctx, packed()); }
};

std::unique_ptr<KernelInstance> prepareFusedConv(const PrepareContext& context) {
    return std::make_unique<PreparedFusedConv>(packConvWeights(context.node), runFusedConv);
}

void runFusedMatMul(KernelContext& ctx) {
    const Node& node = ctx.node();
    bool gemmForm = node.hasAttr("transA") || node.hasAttr("transB") || node.hasAttr("alpha");
    const Tensor* bias = ctx.optionalInput(2);
    // The core runs on this context, writing the planned output block, and the epilogue goes over
    // it in place (no allocation). MatMul reads inputs 0 and 1 only; Gemm also reads input 2 as C,
    // which with beta 1 (no beta attribute) is the bias added once, when it broadcasts as C does.
    const bool gemmTakesBias = gemmForm && !node.hasAttr("beta") && (!bias || bias->rank() <= 2);
    if (!gemmForm || gemmTakesBias) {
        static const KernelDef* matmul = cpuKernelRegistry().find("MatMul", "");
        static const KernelDef* gemm = cpuKernelRegistry().find("Gemm", "");
        const KernelDef* core = gemmForm ? gemm : matmul;
        if (!core) ctx.fail(ErrorKind::Unsupported, "needs the CPU ", gemmForm ? "Gemm" : "MatMul", " kernel, which this build lacks");
        // Constant weights: the packed GEMM with the epilogue on each block (matmul.cpp).
        const PackedFusedMatMul packed = gemmForm ? PackedFusedMatMul::NotTaken
                                                  : runFusedMatMulPacked(ctx, bias, ctx.optionalInput(3), fusedActivation(ctx));
        if (packed == PackedFusedMatMul::Everything) return;
        if (packed == PackedFusedMatMul::NotTaken) core->run(ctx);
        Tensor& y = ctx.output(0);
        bool shared = false;
        for (size_t i = 0; i < ctx.numInputs(); ++i) shared = shared || (ctx.hasInput(i) && y.sharesStorageWith(ctx.input(i)));
        if (!shared && y.dtype() == DataType::Float32) {
            if (bias && !gemmForm) addBroadcast(ctx, y, *bias, "bias");
            if (const Tensor* z = ctx.optionalInput(3)) addBroadcast(ctx, y, *z, "residual input Z");
            applyActivationInPlace(ctx, y);
            return;
        }
    }
    Tensor y = runReference(ctx, gemmForm ? "Gemm" : "MatMul", {&ctx.input(0), &ctx.input(1)});
    if (y.dtype() != DataType::Float32) ctx.fail(ErrorKind::Unsupported, "fused epilogues run in fp32 only");
    if (bias) addBroadcast(ctx, y, *bias, "bias");
    if (const Tensor* z = ctx.optionalInput(3)) addBroadcast(ctx, y, *z, "residual input Z");
    applyActivationInPlace(ctx, y);
    ctx.setOutput(0, std::move(y));
}

// One step of a kiln::Pointwise chain, resolved against the output's shape.
struct PointwiseStep {
    PointwiseOp op;
    const float* operand = nullptr;
    bool full = false;        // operand has the output's shape
    bool scalar = false;      // one element
    int64_t period = 0;       // operand = the output's trailing dims: element i reads operand[i % period]
    bool isInput = false;     // a full operand that is the chain's input (X + Relu(X)): read from a copy
                              // of the block when the chain runs in place
    std::optional<BroadcastIndex> index;  // any other broadcast
    float alpha = 0, beta = 0;
};

// The chain over [begin, end) in blocks of kPointwiseBlock: each step runs over the whole block
// (its operand gathered into a buffer first when it broadcasts), so the common steps are plain
// loops that vectorize — one element at a time through every step, with the op's switch and the
// broadcast index inside, had cost ~3 ns an element (bert_tiny's embedding sums).
constexpr int64_t kPointwiseBlock = 256;

template <bool Avx512>
KILN_ALWAYS_INLINE void pointwiseRangeBody(const std::vector<PointwiseStep>& plan, const float* x, float* y,
                                           int64_t begin, int64_t end) {
    float gathered[kPointwiseBlock], input[kPointwiseBlock];
    const bool inPlace = x == y;
    bool readsInput = false;
    for (const PointwiseStep& s : plan) readsInput = readsInput || s.isInput;
    for (int64_t i0 = begin; i0 < end; i0 += kPointwiseBlock) {
        const int64_t n = std::min(kPointwiseBlock, end - i0);
        float* v = y + i0;
        if (inPlace && readsInput) std::copy(x + i0, x + i0 + n, input);
        if (!inPlace) std::copy(x + i0, x + i0 + n, v);
        for (const PointwiseStep& s : plan) {
            const float* a = nullptr;
            float scalar = 0.f;
            if (s.scalar) {
                scalar = s.operand[0];
            } else if (s.full) {
                a = s.isInput && inPlace ? input : s.operand + i0;
            } else if (s.period > 0) {
                int64_t k = i0 % s.period;
                for (int64_t j = 0; j < n; ++j) {
                    gathered[j] = s.operand[k];
                    if (++k == s.period) k = 0;
                }
                a = gathered;
            } else if (s.operand) {
                for (int64_t j = 0; j < n; ++j) gathered[j] = s.operand[s.index->offset(i0 + j)];
                a = gathered;
            }
            const float alpha = s.alpha, beta = s.beta;
            switch (s.op) {
                case PointwiseOp::Add:
                    if (a) for (int64_t j = 0; j < n; ++j) v[j] += a[j];
                    else for (int64_t j = 0; j < n; ++j) v[j] += scalar;
                    break;
                case PointwiseOp::Sub:
                    if (a) for (int64_t j = 0; j < n; ++j) v[j] -= a[j];
                    else for (int64_t j = 0; j < n; ++j) v[j] -= scalar;
                    break;
                case PointwiseOp::Mul:
                    if (a) for (int64_t j = 0; j < n; ++j) v[j] *= a[j];
                    else for (int64_t j = 0; j < n; ++j) v[j] *= scalar;
                    break;
                case PointwiseOp::Div:
                    if (a) for (int64_t j = 0; j < n; ++j) v[j] /= a[j];
                    else for (int64_t j = 0; j < n; ++j) v[j] /= scalar;
                    break;
                case PointwiseOp::Relu:
                    for (int64_t j = 0; j < n; ++j) v[j] = v[j] > 0.f ? v[j] : 0.f;
                    break;
                // Comparisons and selects, so these loops vectorize like the unfused kernels (through
                // applyPointwise's switch one element at a time, a HardSwish chain of Add, Clip, Mul
                // and Div took 2.3x its four unfused ops). NaN results match applyPointwise's.
                case PointwiseOp::Clip:  // NaN stays NaN: both comparisons are false
                    for (int64_t j = 0; j < n; ++j) {
                        float c = v[j] < alpha ? alpha : v[j];
                        v[j] = c > beta ? beta : c;
                    }
                    break;
                case PointwiseOp::Max:
                case PointwiseOp::Min: {
                    const bool isMax = s.op == PointwiseOp::Max;
                    for (int64_t j = 0; j < n; ++j) {
                        const float o = a ? a[j] : scalar, x = v[j];
                        const float m = isMax ? (x > o ? x : o) : (x < o ? x : o);
                        v[j] = (x != x || o != o) ? std::numeric_limits<float>::quiet_NaN() : m;
                    }
                    break;
                }
                case PointwiseOp::HardSwish:  // x * clamp(x / 6 + 0.5, 0, 1); NaN x gives NaN either way
                    for (int64_t j = 0; j < n; ++j) {
                        float t = v[j] * (1.f / 6.f) + 0.5f;
                        t = t < 0.f ? 0.f : t;
                        t = t > 1.f ? 1.f : t;
                        v[j] *= t;
                    }
                    break;
                case PointwiseOp::HardSigmoid:  // NaN stays NaN (the compares keep it), as the plain op
                    for (int64_t j = 0; j < n; ++j) {
                        float t = alpha * v[j] + beta;
                        t = t < 0.f ? 0.f : t;
                        t = t > 1.f ? 1.f : t;
                        v[j] = t;
                    }
                    break;
                case PointwiseOp::LeakyRelu:
                    for (int64_t j = 0; j < n; ++j) v[j] = v[j] >= 0.f ? v[j] : alpha * v[j];
                    break;
                case PointwiseOp::RSub:
                    if (a) for (int64_t j = 0; j < n; ++j) v[j] = a[j] - v[j];
                    else for (int64_t j = 0; j < n; ++j) v[j] = scalar - v[j];
                    break;
                case PointwiseOp::RDiv:
                    if (a) for (int64_t j = 0; j < n; ++j) v[j] = a[j] / v[j];
                    else for (int64_t j = 0; j < n; ++j) v[j] = scalar / v[j];
                    break;
                case PointwiseOp::Neg:
                    for (int64_t j = 0; j < n; ++j) v[j] = -v[j];
                    break;
                case PointwiseOp::Reciprocal:
                    for (int64_t j = 0; j < n; ++j) v[j] = 1.f / v[j];
                    break;
                case PointwiseOp::Abs:
                    for (int64_t j = 0; j < n; ++j) v[j] = std::fabs(v[j]);
                    break;
                case PointwiseOp::Sqrt:
                    for (int64_t j = 0; j < n; ++j) v[j] = std::sqrt(v[j]);
                    break;
                // The fused kernels' approximations (fast_math.h), a few ulp from the C library's.
                case PointwiseOp::Exp:
                    for (int64_t j = 0; j < n; ++j) v[j] = expApprox(v[j]);
                    break;
                case PointwiseOp::Erf:
                    for (int64_t j = 0; j < n; ++j) v[j] = erfApprox(v[j]);
                    break;
                case PointwiseOp::Sigmoid:
                    for (int64_t j = 0; j < n; ++j) v[j] = 1.f / (1.f + expApprox(-v[j]));
                    break;
                case PointwiseOp::Gelu:
                    for (int64_t j = 0; j < n; ++j) v[j] = geluApprox(v[j]);
                    break;
                case PointwiseOp::GeluTanh:
                    for (int64_t j = 0; j < n; ++j) v[j] = geluTanhApprox(v[j]);
                    break;
                case PointwiseOp::Tanh:
                    for (int64_t j = 0; j < n; ++j) v[j] = tanhApprox(v[j]);
                    break;
                case PointwiseOp::Softplus:
                    for (int64_t j = 0; j < n; ++j) v[j] = softplusApprox(v[j]);
                    break;
                case PointwiseOp::Pow:
                    if (!a && scalar == 2.f) {  // x^2 exactly as pow rounds it
                        for (int64_t j = 0; j < n; ++j) v[j] = v[j] * v[j];
                        break;
                    }
                    if (a) for (int64_t j = 0; j < n; ++j) v[j] = std::pow(v[j], a[j]);
                    else for (int64_t j = 0; j < n; ++j) v[j] = std::pow(v[j], scalar);
                    break;
                default:
                    if (a) for (int64_t j = 0; j < n; ++j) v[j] = fused::applyPointwise(s.op, v[j], a[j], alpha, beta);
                    else for (int64_t j = 0; j < n; ++j) v[j] = fused::applyPointwise(s.op, v[j], scalar, alpha, beta);
                    break;
            }
        }
    }
}

void pointwiseRangePlain(const std::vector<PointwiseStep>& plan, const float* x, float* y, int64_t b, int64_t e) {
    pointwiseRangeBody<false>(plan, x, y, b, e);
}
KILN_TARGET_AVX512 void pointwiseRangeAvx512(const std::vector<PointwiseStep>& plan, const float* x, float* y,
                                             int64_t b, int64_t e) {
    pointwiseRangeBody<true>(plan, x, y, b, e);
}

void runPointwise(KernelContext& ctx) {
    const Node& node = ctx.node();
    const Tensor& x = ctx.input(0);
    // The attributes read in place, and the plan in this thread's buffer (cleared, not freed):
    // nothing is allocated per run.
    static const std::vector<std::string> kNoNames;
    static const std::vector<int64_t> kNoInts;
    static const std::vector<float> kNoFloats;
    const std::vector<std::string>& opNames = attrList(node, "ops", kNoNames);
    const std::vector<int64_t>& operandIndex = attrList(node, "operand", kNoInts);
    const std::vector<float>& alphas = attrList(node, "alpha", kNoFloats);
    const std::vector<float>& betas = attrList(node, "beta", kNoFloats);
    size_t steps = opNames.size();
    if (steps == 0 || operandIndex.size() != steps || alphas.size() != steps || betas.size() != steps)
        ctx.fail(ErrorKind::InvalidModel, "attributes ops/operand/alpha/beta must have one entry per step");
    thread_local std::vector<PointwiseStep> planBuffer;
    std::vector<PointwiseStep>& plan = planBuffer;  // the workers read this thread's
    plan.clear();
    for (size_t s = 0; s < steps; ++s) {
        auto op = fused::parsePointwiseOp(opNames[s]);
        if (!op) ctx.fail(ErrorKind::InvalidModel, "unknown pointwise op '", opNames[s], "'");
        PointwiseStep step;
        step.op = *op;
        step.alpha = alphas[s];
        step.beta = betas[s];
        if (fused::isBinary(*op)) {
            int64_t k = operandIndex[s];
            if (k < 0 || !ctx.hasInput(size_t(k)))
                ctx.fail(ErrorKind::InvalidModel, "step ", s, " (", opNames[s], ") has no operand input");
            const Tensor& a = ctx.input(size_t(k));
            if (a.dtype() != DataType::Float32)
                ctx.fail(ErrorKind::Unsupported, "operand ", k, " must be fp32, got ", dataTypeName(a.dtype()));
            if (!broadcastsInto(a.dims(), x.dims()))
                ctx.fail(ErrorKind::InvalidArgument, "operand ", k, " of shape ", dimsToString(a.dims()),
                         " does not broadcast into ", dimsToString(x.dims()));
            step.operand = a.data<float>();
            step.scalar = a.numel() == 1;
            step.full = a.numel() == x.numel();
            step.isInput = step.full && step.operand == x.data<float>();
            if (!step.scalar && !step.full) {
                step.period = trailingPeriod(a, x.dims());
                if (step.period == 0) step.index.emplace(a.dims(), x.dims());
            }
        }
        plan.push_back(std::move(step));
    }
    if (x.dtype() != DataType::Float32) ctx.fail(ErrorKind::Unsupported, "input must be fp32");
    Tensor& y = ctx.allocateOutputReusing(0, 0, DataType::Float32, x.dims());  // element i reads only i
    const float* xd = x.data<float>();
    float* yd = y.data<float>();
    const bool avx512 = avx512Enabled();
    parallelFor(x.numel(), 2048, [&](int64_t b, int64_t e) {
        if (avx512)
            pointwiseRangeAvx512(plan, xd, yd, b, e);
        else
            pointwiseRangePlain(plan, xd, yd, b, e);
    });
}

std::span<const int64_t> batchDims(const Tensor& t) { return {t.dims().begin(), t.dims().end() - 2}; }

// One row of attention scores in place: x·scale (+ mask, contiguous), then softmax. The usual row
// (no NaN, a finite maximum: every x − max ≤ 0, so the sum is at least 1) runs in vectorizable
// loops: a select maximum, then fast_math.h's expNormalizeRow (the Softmax kernel's row does the same); false (the row left scaled and masked) for any other row (a NaN, a fully masked
// row), which the caller's scalar loop then finishes exactly as before. Its AVX-512 copy runs 16 wide; the scalar loops it
// replaces (std::max and a float sum, which do not vectorize without reassociation) were most of
// Swin-T's attention time (192 heads of 49 keys).
KILN_ALWAYS_INLINE bool attentionSoftmaxRowBody(float* row, const float* mask, int64_t T, float scale) {
    float maxv = -std::numeric_limits<float>::infinity();
    bool nan = false;
    if (mask) {
        for (int64_t t = 0; t < T; ++t) {
            const float v = row[t] * scale + mask[t];
            row[t] = v;
            nan |= v != v;
            maxv = v > maxv ? v : maxv;
        }
    } else {
        for (int64_t t = 0; t < T; ++t) {
            const float v = row[t] * scale;
            row[t] = v;
            nan |= v != v;
            maxv = v > maxv ? v : maxv;
        }
    }
    if (nan || !(std::fabs(maxv) <= std::numeric_limits<float>::max())) return false;
    expNormalizeRow(row, row, T, maxv);
    return true;
}
bool attentionSoftmaxRowPlain(float* row, const float* mask, int64_t T, float scale) {
    return attentionSoftmaxRowBody(row, mask, T, scale);
}
KILN_TARGET_AVX512 bool attentionSoftmaxRowAvx512(float* row, const float* mask, int64_t T, float scale) {
    return attentionSoftmaxRowBody(row, mask, T, scale);
}
// What attentionSoftmaxRow left for the caller's scalar loop.
enum class RowLeft { Nothing, Softmax, Everything };
// The fast row where the mask is absent or contiguous along the keys. Else (a mask broadcast along
// the keys) the caller does everything; after an unusual row it does the softmax of the row as
// scaled and masked here.
RowLeft attentionSoftmaxRow(float* row, const float* mask, int64_t maskStrideT, int64_t T, float scale) {
    if (mask && maskStrideT != 1) return RowLeft::Everything;
    const bool done = avx512Enabled() ? attentionSoftmaxRowAvx512(row, mask, T, scale)
                                      : attentionSoftmaxRowPlain(row, mask, T, scale);
    return done ? RowLeft::Nothing : RowLeft::Softmax;
}

// One query row r of kiln::Attention at a time: scores against every key, softmax, weighted sum
// of V. The loops vectorize; the AVX-512 copy (isa.h) runs them 16 wide, which at bert_tiny's sizes
// made the fused layer faster than the unfused MatMul/Softmax/MatMul it replaces (the baseline copy
// was twice as slow as those).
struct AttentionRows {
    const float *qd, *kd, *vd, *md;
    float* od;
    const BroadcastIndex *qIndex, *kIndex, *vIndex, *maskIndex;
    int64_t maskStrideT, S, D, T, Dv;
    float scale;
    bool nanToZero;
};

template <bool Avx512>
KILN_ALWAYS_INLINE void attentionRowsBody(const AttentionRows& a, int64_t begin, int64_t end) {
    const int64_t S = a.S, D = a.D, T = a.T, Dv = a.Dv;
    const std::span<float> row(threadScratchArray<float>(0, static_cast<size_t>(T)), static_cast<size_t>(T));
    for (int64_t r = begin; r < end; ++r) {
        int64_t b = r / S, s = r % S;
        const float* qr = a.qd + a.qIndex->offset(b) * S * D + s * D;
        const float* kb = a.kd + a.kIndex->offset(b) * D * T;
        const float* vb = a.vd + a.vIndex->offset(b) * T * Dv;
        const float* mr = a.md ? a.md + a.maskIndex->offset(r * T) : nullptr;
        // scores[t] = sum_d q[d] Kt[d, t]: d outer so the inner loop walks a row of Kt (vectorizes);
        // each score still sums over d in order.
        float* sc = row.data();  // this thread's scratch (parallel.h): no allocation per run
        std::fill(sc, sc + T, 0.f);
        for (int64_t d = 0; d < D; ++d) {
            const float qv = qr[d];
            const float* kr = kb + d * T;
            for (int64_t t = 0; t < T; ++t) sc[t] += qv * kr[t];
        }
        float maxv = -std::numeric_limits<float>::infinity();
        for (int64_t t = 0; t < T; ++t) {
            float acc = sc[t] * a.scale;
            if (mr) acc += mr[t * a.maskStrideT];
            sc[t] = acc;
            maxv = std::max(maxv, acc);
        }
        float sum = 0.f;
        for (float& x : row) {
            x = expApprox(x - maxv);
            sum += x;
        }
        float* orow = a.od + r * Dv;
        std::fill(orow, orow + Dv, 0.f);
        for (int64_t t = 0; t < T; ++t) {
            float p = row[size_t(t)] / sum;
            if (a.nanToZero && std::isnan(p)) p = 0.f;
            const float* vr = vb + t * Dv;
            for (int64_t d = 0; d < Dv; ++d) orow[d] += p * vr[d];
        }
    }
}

void attentionRowsPlain(const AttentionRows& a, int64_t begin, int64_t end) { attentionRowsBody<false>(a, begin, end); }
KILN_TARGET_AVX512 void attentionRowsAvx512(const AttentionRows& a, int64_t begin, int64_t end) {
    attentionRowsBody<true>(a, begin, end);
}


// The additive mask of kiln::Attention (fp32, broadcast into the scores): its index into them, and
// in maskStrideT the step along the keys (0 when the mask has one column).
std::optional<BroadcastIndex> attentionMaskIndex(KernelContext& ctx, const Tensor* mask, const DimVector& scoreDims,
                                                 int64_t& maskStrideT) {
    maskStrideT = 0;
    if (!mask) return std::nullopt;
    if (mask->dtype() != DataType::Float32 || !broadcastsInto(mask->dims(), scoreDims))
        ctx.fail(ErrorKind::InvalidArgument, "mask ", mask->describe(), " does not broadcast into the scores ",
                 dimsToString(scoreDims.vec()));
    maskStrideT = !mask->dims().empty() && mask->dims().back() != 1 ? 1 : 0;
    return BroadcastIndex(mask->dims(), scoreDims);
}

// The strided form (engine_core/passes/attention_layout.cpp): Q, K and V read where the exporter's
// reshapes and transposes found them, the output written where the transposes after it put it.
// Per (batch, head) and block of query rows: scores = scale·Q·Kᵀ by GEMM into this thread's
// scratch, the masked softmax row by row, then the block's output = P·V by GEMM straight into the
// output's strided rows (a row or column of each operand is contiguous: the pass checks it).
struct AttentionView {
    int64_t offset, sB, sH, sRow, sCol;  // Q: rows S, cols D; K and V: rows T, cols D / Dv
};

// View i of the attributes (checked against its base tensor); its rows or its columns must be
// contiguous, as BLAS reads them.
AttentionView attentionView(KernelContext& ctx, const fused::StridedAttentionAttrs& a, int i, const Tensor& base) {
    if (std::string why = fused::checkAttentionView(a, i, base.numel()); !why.empty())
        ctx.fail(ErrorKind::InvalidArgument, why, " (", base.describe(), ")");
    const fused::AttentionViewAttr& w = a.view(i);
    const AttentionView v{w.offset, w.s[0], w.s[1], w.s[2], w.s[3]};
    const std::array<int64_t, 4> sizes = a.viewDims(i);
    if (v.sCol != 1 && v.sRow != 1 && sizes[2] > 1 && sizes[3] > 1)
        ctx.fail(ErrorKind::InvalidArgument, fused::StridedAttentionAttrs::viewKey(i),
                 ": neither its rows nor its columns are contiguous");
    return v;
}

void runStridedAttention(KernelContext& ctx) {
    fused::StridedAttentionAttrs attrs;
    if (std::string why = fused::readStridedAttention(ctx.node(), attrs); !why.empty())
        ctx.fail(ErrorKind::InvalidArgument, why);
    const int64_t B = attrs.B, H = attrs.H, S = attrs.S, T = attrs.T, D = attrs.D, Dv = attrs.Dv;
    const Tensor& qb = ctx.input(0);
    const Tensor& kb = ctx.input(1);
    const Tensor& vb = ctx.input(2);
    const Tensor* mask = ctx.optionalInput(3);
    for (const Tensor* t : {&qb, &kb, &vb})
        if (t->dtype() != DataType::Float32) ctx.fail(ErrorKind::Unsupported, "Q, K and V must be fp32, got ", t->describe());
    const AttentionView q = attentionView(ctx, attrs, 0, qb);
    const AttentionView k = attentionView(ctx, attrs, 1, kb);
    const AttentionView v = attentionView(ctx, attrs, 2, vb);
    const std::array<int64_t, 4>& o = attrs.o;
    if (o[3] != 1 && Dv > 1) ctx.fail(ErrorKind::InvalidArgument, "o_view's last stride must be 1");
    Tensor& out = ctx.allocateOutput(0, DataType::Float32, DimVector(attrs.outDims.begin(), attrs.outDims.end()));
    const DimVector scoreDims{B, H, S, T};
    int64_t maskStrideT = 0;
    const std::optional<BroadcastIndex> maskIndex = attentionMaskIndex(ctx, mask, scoreDims, maskStrideT);
    // BLAS takes each operand as a matrix with a leading dimension: row-major (rows sRow apart) or
    // stored transposed (columns sCol apart). A dim of size 1 has no stride worth reading.
    struct Operand {
        bool transposed;
        int64_t ld;
    };
    auto operand = [&](const char* key, const AttentionView& w, int64_t rows, int64_t cols) {
        Operand m;
        m.transposed = !(cols == 1 || w.sCol == 1);
        m.ld = m.transposed ? (cols > 1 ? w.sCol : rows) : (rows > 1 ? w.sRow : cols);
        m.ld = std::max<int64_t>(m.ld, 1);
        const int64_t need = m.transposed ? rows : cols;
        if (m.ld < need) ctx.fail(ErrorKind::InvalidArgument, key, ": its rows overlap (leading dimension ", m.ld, " < ", need, ")");
        return m;
    };
    const Operand qm = operand("q_view", q, S, D), km = operand("k_view", k, T, D), vm = operand("v_view", v, T, Dv);
    (void)km;  // checked for overlapping rows only: Kᵀ is packed from its strides
    const int64_t ldo = std::max<int64_t>(S > 1 ? o[2] : Dv, 1);
    if (ldo < Dv) ctx.fail(ErrorKind::InvalidArgument, "o_view: its rows overlap");
    if (out.numel() == 0) return;
    if (T == 0) {  // no keys: every output row is an empty sum
        std::fill(out.data<float>(), out.data<float>() + out.numel(), 0.f);
        return;
    }
    const float scale = ctx.node().attrFloat("scale", 1.f);
    const bool nanToZero = ctx.node().attrInt("nan_to_zero", 0) != 0;
    const float *qd = qb.data<float>(), *kd = kb.data<float>(), *vd = vb.data<float>();
    const float* md = mask ? mask->data<float>() : nullptr;
    float* od = out.data<float>();
    constexpr int64_t kRows = 64;  // query rows per block: the scores of a block stay in cache
    const int64_t blocks = (S + kRows - 1) / kRows;
    // Kiln's AVX-512 GEMM takes both products when the block is wide enough (it allocates nothing;
    // OpenBLAS's small-matrix kernels allocate per call); otherwise the row loops of the plain form.
    // Kᵀ [D, T] and V [T, Dv] are packed contiguous per block, so both paths read them row by row.
    const bool useGemm = avx512Enabled() && std::min(S, kRows) >= 4 && T >= 16 && Dv >= 16;
    parallelFor(B * H * blocks, 1, [&](int64_t begin, int64_t end) {
        // One block of this thread's scratch (slot 0; the GEMM packs in slot 1), 64-byte aligned parts.
        auto rounded = [](int64_t n) { return size_t((n + 15) / 16 * 16); };
        const size_t scN = rounded(std::min(S, kRows) * T), ktN = rounded(D * T), vN = rounded(T * Dv);
        float* sc = threadScratchArray<float>(0, scN + ktN + vN + rounded(D));
        float* ktp = sc + scN;
        float* vpk = ktp + ktN;
        float* qrow = vpk + vN;
        int64_t packed = -1;  // the (batch, head) whose Kᵀ (and V) the scratch holds: blocks of one head follow each other
        for (int64_t item = begin; item < end; ++item) {
            const int64_t bh = item / blocks, r0 = (item % blocks) * kRows, rows = std::min(kRows, S - r0);
            const int64_t b = bh / H, h = bh % H;
            const float* qp = qd + q.offset + b * q.sB + h * q.sH + r0 * q.sRow;
            const float* kp = kd + k.offset + b * k.sB + h * k.sH;
            const float* vp = vd + v.offset + b * v.sB + h * v.sH;
            const bool vContiguous = !vm.transposed;  // rows of V read in place, vm.ld apart
            if (packed != bh) {
                for (int64_t t = 0; t < T; ++t)
                    for (int64_t d = 0; d < D; ++d) ktp[d * T + t] = kp[t * k.sRow + d * k.sCol];
                if (!vContiguous)
                    for (int64_t t = 0; t < T; ++t)
                        for (int64_t e = 0; e < Dv; ++e) vpk[t * Dv + e] = vp[t * v.sRow + e * v.sCol];
                packed = bh;
            }
            const float* vRows = vContiguous ? vp : vpk;
            if (useGemm) {
                // scores [rows, T] = Q block [rows, D] · Kᵀ [D, T]
                gemm<float>(qm.transposed, false, rows, T, D, 1.f, qp, qm.ld, ktp, T, 0.f, sc, T);
            } else {
                for (int64_t r = 0; r < rows; ++r) {
                    for (int64_t d = 0; d < D; ++d) qrow[d] = qp[r * q.sRow + d * q.sCol];
                    float* row = sc + r * T;
                    std::fill(row, row + T, 0.f);
                    for (int64_t d = 0; d < D; ++d) {
                        const float qv = qrow[d];
                        const float* kr = ktp + d * T;
                        for (int64_t t = 0; t < T; ++t) row[t] += qv * kr[t];
                    }
                }
            }
            for (int64_t r = 0; r < rows; ++r) {
                float* row = sc + r * T;
                const float* mr = md ? md + maskIndex->offset(((b * H + h) * S + r0 + r) * T) : nullptr;
                const RowLeft left = attentionSoftmaxRow(row, mr, maskStrideT, T, scale);
                if (left == RowLeft::Nothing) continue;
                float maxv = -std::numeric_limits<float>::infinity();
                for (int64_t t = 0; t < T; ++t) {
                    float acc = row[t];
                    if (left == RowLeft::Everything) {
                        acc *= scale;
                        if (mr) acc += mr[t * maskStrideT];
                    }
                    row[t] = acc;
                    maxv = std::max(maxv, acc);
                }
                float sum = 0.f;
                for (int64_t t = 0; t < T; ++t) {
                    row[t] = expApprox(row[t] - maxv);
                    sum += row[t];
                }
                for (int64_t t = 0; t < T; ++t) {
                    float p = row[t] / sum;
                    if (nanToZero && std::isnan(p)) p = 0.f;
                    row[t] = p;
                }
            }
            // Output block [rows, Dv] = P [rows, T] · V [T, Dv], into the output's strided rows.
            float* op = od + b * o[0] + h * o[1] + r0 * o[2];
            const int64_t ldv = vContiguous ? vm.ld : Dv;
            if (useGemm) {
                gemm<float>(false, false, rows, Dv, T, 1.f, sc, T, vRows, ldv, 0.f, op, ldo);
            } else {
                for (int64_t r = 0; r < rows; ++r) {
                    float* orow = op + r * ldo;
                    std::fill(orow, orow + Dv, 0.f);
                    const float* prow = sc + r * T;
                    for (int64_t t = 0; t < T; ++t) {
                        const float pt = prow[t];
                        const float* vr = vRows + t * ldv;
                        for (int64_t e = 0; e < Dv; ++e) orow[e] += pt * vr[e];
                    }
                }
            }
        }
    });
}

void runAttention(KernelContext& ctx) {
    if (ctx.node().hasAttr("dims")) return runStridedAttention(ctx);
    const Tensor& q = ctx.input(0);
    const Tensor& kt = ctx.input(1);
    const Tensor& v = ctx.input(2);
    const Tensor* mask = ctx.optionalInput(3);
    for (const Tensor* t : {&q, &kt, &v})
        if (t->dtype() != DataType::Float32 || t->rank() < 2)
            ctx.fail(ErrorKind::Unsupported, "Q, Kt and V must be fp32 of rank >= 2, got ", t->describe());
    int64_t S = q.dims().end()[-2], D = q.dims().end()[-1];
    int64_t T = kt.dims().end()[-1], Dv = v.dims().end()[-1];
    if (kt.dims().end()[-2] != D || v.dims().end()[-2] != T)
        ctx.fail(ErrorKind::InvalidArgument, "incompatible shapes Q ", dimsToString(q.dims()), ", Kt ",
                 dimsToString(kt.dims()), ", V ", dimsToString(v.dims()));
    // Broadcast the batch dims of the three operands (numpy rules).
    DimVector batch;
    for (const Tensor* t : {&q, &kt, &v}) {
        const std::span<const int64_t> b = batchDims(*t);
        while (b.size() > batch.size()) batch.insert(batch.begin(), 1);
        for (size_t i = 0; i < b.size(); ++i) {
            int64_t& dst = batch[batch.size() - b.size() + i];
            if (b[i] == dst || b[i] == 1) continue;
            if (dst != 1) ctx.fail(ErrorKind::InvalidArgument, "batch dims of Q, Kt, V do not broadcast");
            dst = b[i];
        }
    }
    int64_t batchCount = 1;
    for (int64_t d : batch) batchCount *= d;
    BroadcastIndex qIndex(batchDims(q), batch), kIndex(batchDims(kt), batch), vIndex(batchDims(v), batch);
    DimVector scoreDims = batch;
    scoreDims.push_back(S);
    scoreDims.push_back(T);
    int64_t maskStrideT = 0;
    const std::optional<BroadcastIndex> maskIndex = attentionMaskIndex(ctx, mask, scoreDims, maskStrideT);
    DimVector outDims = batch;
    outDims.push_back(S);
    outDims.push_back(Dv);
    Tensor& out = ctx.allocateOutput(0, DataType::Float32, outDims);
    float scale = ctx.node().attrFloat("scale", 1.f);
    // Where(IsNaN(p), 0, p) folded in: a fully masked row (all −inf) gives zeros instead of NaN.
    bool nanToZero = ctx.node().attrInt("nan_to_zero", 0) != 0;
    AttentionRows rows{q.data<float>(), kt.data<float>(), v.data<float>(), mask ? mask->data<float>() : nullptr,
                       out.data<float>(), &qIndex, &kIndex, &vIndex, maskIndex ? &*maskIndex : nullptr,
                       maskStrideT, S, D, T, Dv, scale, nanToZero};
    const bool avx512 = avx512Enabled();
    parallelFor(batchCount * S, 1, [&](int64_t begin, int64_t end) {
        if (avx512)
            attentionRowsAvx512(rows, begin, end);
        else
            attentionRowsPlain(rows, begin, end);
    });
}

}  // namespace

void registerFusedKernels(KernelRegistry& registry) {
    const std::vector<DataType> fp32{DataType::Float32};
    KernelDef fusedConv{runFusedConv, fp32};
    fusedConv.prepare = prepareFusedConv;  // W packed once per layer
    registry.add("FusedConv", fusedConv, "kiln");
    registry.add("FusedMatMul", {runFusedMatMul, fp32}, "kiln");
    registry.add("Pointwise", {runPointwise, fp32}, "kiln");
    registry.add("Attention", {runAttention, fp32}, "kiln");
}

}  // namespace kiln::cpu
