// Oracle (naive) kernels of Kiln's fused ops kiln::Pointwise and kiln::Attention (contracts in
// engine_core/passes/fused_ops.h), written from their definitions as the unfused ONNX graphs:
//   Pointwise(X, a...){ops, operand, alpha, beta}: each element runs the chain step by step, each step
//     its ONNX op's formula in double rounded to fp32 (the unfused graph's fp32 intermediates).
//   Attention(Q, Kt, V, mask?){scale, nan_to_zero}: softmax(scale·Q·Kt + mask, last axis)·V with the
//     batch dims broadcast; one query row at a time in double, rounded to fp32 once. The strided form
//     (dims, q/k/v_view, o_view, o_dims) reads and writes element by element through its strides.
// kiln::FusedConv and kiln::FusedMatMul belong to family B (fused_conv_matmul.cpp).
#include <cmath>
#include <limits>
#include <numbers>

#include "engine_core/passes/fused_ops.h"
#include "kernels/cpu/naive/naive.h"

namespace kiln::naive {

namespace {

using fused::PointwiseOp;

double clamp01(double v) { return std::isnan(v) ? v : std::min(1.0, std::max(0.0, v)); }

// One step of the chain: x is the chain value, a the operand (binary steps). NaN propagates as in
// the ONNX ops (numpy's maximum/minimum/clip).
double pointwiseStep(PointwiseOp op, double x, double a, double alpha, double beta) {
    switch (op) {
        case PointwiseOp::Relu: return x < 0.0 ? 0.0 : x;
        case PointwiseOp::LeakyRelu: return x < 0.0 ? alpha * x : x;
        case PointwiseOp::Clip: {  // min(max(x, alpha), beta): alpha = min, beta = max
            const double raised = x < alpha ? alpha : x;
            return raised > beta ? beta : raised;
        }
        case PointwiseOp::Sigmoid: return 1.0 / (1.0 + std::exp(-x));
        case PointwiseOp::HardSigmoid: return clamp01(alpha * x + beta);
        case PointwiseOp::HardSwish: return x * clamp01(x / 6.0 + 0.5);
        case PointwiseOp::Tanh: return std::tanh(x);
        case PointwiseOp::Gelu: return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0)));
        case PointwiseOp::GeluTanh:
            return 0.5 * x * (1.0 + std::tanh(std::sqrt(2.0 / std::numbers::pi) * (x + 0.044715 * x * x * x)));
        case PointwiseOp::Exp: return std::exp(x);
        case PointwiseOp::Log: return std::log(x);
        case PointwiseOp::Sqrt: return std::sqrt(x);
        case PointwiseOp::Abs: return std::fabs(x);
        case PointwiseOp::Neg: return -x;
        case PointwiseOp::Reciprocal: return 1.0 / x;
        case PointwiseOp::Erf: return std::erf(x);
        case PointwiseOp::Floor: return std::floor(x);
        case PointwiseOp::Ceil: return std::ceil(x);
        case PointwiseOp::Softplus: return x > 0.0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
        case PointwiseOp::Add: return x + a;
        case PointwiseOp::Sub: return x - a;
        case PointwiseOp::RSub: return a - x;
        case PointwiseOp::Mul: return x * a;
        case PointwiseOp::Div: return x / a;
        case PointwiseOp::RDiv: return a / x;
        case PointwiseOp::Pow: return std::pow(x, a);
        case PointwiseOp::RPow: return std::pow(a, x);
        case PointwiseOp::Max:
            return std::isnan(x) || std::isnan(a) ? std::numeric_limits<double>::quiet_NaN() : std::max(x, a);
        case PointwiseOp::Min:
            return std::isnan(x) || std::isnan(a) ? std::numeric_limits<double>::quiet_NaN() : std::min(x, a);
    }
    return x;
}

// True when `operand` broadcasts into `out` without growing it.
bool broadcastsInto(const std::vector<int64_t>& operand, const std::vector<int64_t>& out) {
    if (operand.size() > out.size()) return false;
    for (size_t i = 0; i < operand.size(); ++i)
        if (operand[i] != 1 && operand[i] != out[out.size() - operand.size() + i]) return false;
    return true;
}

void pointwiseKernel(KernelContext& ctx) {
    const Node& node = ctx.node();
    const Tensor& x = ctx.input(0);
    const std::vector<std::string> names = node.attrStrings("ops");
    const std::vector<int64_t> operandIndex = node.attrInts("operand");
    const std::vector<float> alphas = node.attrFloats("alpha"), betas = node.attrFloats("beta");
    const size_t steps = names.size();
    if (steps == 0 || operandIndex.size() != steps || alphas.size() != steps || betas.size() != steps)
        ctx.fail(ErrorKind::InvalidModel, "attributes ops/operand/alpha/beta must have one entry per step");
    if (x.dtype() != DataType::Float32) ctx.fail(ErrorKind::Unsupported, "input must be fp32");
    std::vector<PointwiseOp> ops;
    std::vector<const Tensor*> operands;  // nullptr for unary steps
    for (size_t s = 0; s < steps; ++s) {
        auto op = fused::parsePointwiseOp(names[s]);
        if (!op) ctx.fail(ErrorKind::InvalidModel, "unknown pointwise op '", names[s], "'");
        ops.push_back(*op);
        const Tensor* a = nullptr;
        if (fused::isBinary(*op)) {
            const int64_t k = operandIndex[s];
            if (k < 0 || !ctx.hasInput(size_t(k)))
                ctx.fail(ErrorKind::InvalidModel, "step ", s, " (", names[s], ") has no operand input");
            a = &ctx.input(size_t(k));
            if (a->dtype() != DataType::Float32)
                ctx.fail(ErrorKind::Unsupported, "operand ", k, " must be fp32, got ", dataTypeName(a->dtype()));
            if (!broadcastsInto(a->dims(), x.dims()))
                ctx.fail(ErrorKind::InvalidArgument, "operand ", k, " of shape ", dimsToString(a->dims()),
                         " does not broadcast into ", dimsToString(x.dims()));
        }
        operands.push_back(a);
    }
    Tensor& y = ctx.allocateOutput(0, DataType::Float32, x.dims());
    for (int64_t i = 0; i < x.numel(); ++i) {
        float v = x.data<float>()[i];
        for (size_t s = 0; s < steps; ++s) {
            const Tensor* a = operands[s];
            const double operand = a ? double(a->data<float>()[broadcastOffset(i, x.dims(), a->dims())]) : 0.0;
            v = static_cast<float>(pointwiseStep(ops[s], double(v), operand, double(alphas[s]), double(betas[s])));
        }
        y.data<float>()[i] = v;
    }
}

std::vector<int64_t> batchDims(const Tensor& t) { return {t.dims().begin(), t.dims().end() - 2}; }

// One row of scores into probabilities, in double: exp(s − max) / sum (a NaN score makes the max
// NaN, so the row is NaN, as Softmax gives); NaN probabilities become 0 for nan_to_zero.
void softmaxRow(std::vector<double>& scores, bool nanToZero) {
    double maxScore = -std::numeric_limits<double>::infinity();
    for (double s : scores)
        if (std::isnan(s) || s > maxScore) maxScore = std::isnan(maxScore) ? maxScore : s;
    double sum = 0.0;
    for (double s : scores) sum += std::exp(s - maxScore);
    for (double& s : scores) {
        const double p = std::exp(s - maxScore) / sum;
        s = nanToZero && std::isnan(p) ? 0.0 : p;
    }
}

// The strided form (fused_ops.h): element (b, h, row, col) of Q, K or V is base[offset + b·sB +
// h·sH + row·sRow + col·sCol]; result element (b, h, s, e) goes to out[b·oB + h·oH + s·oS + e].
void stridedAttentionKernel(KernelContext& ctx) {
    const std::vector<int64_t> dims = ctx.node().attrInts("dims");
    const std::vector<int64_t> qv = ctx.node().attrInts("q_view"), kv = ctx.node().attrInts("k_view"),
                               vv = ctx.node().attrInts("v_view"), ov = ctx.node().attrInts("o_view"),
                               outDims = ctx.node().attrInts("o_dims");
    if (dims.size() != 6 || qv.size() != 5 || kv.size() != 5 || vv.size() != 5 || ov.size() != 4)
        ctx.fail(ErrorKind::InvalidArgument, "the strided form needs dims[6], q/k/v_view[5], o_view[4]");
    const int64_t B = dims[0], H = dims[1], S = dims[2], T = dims[3], D = dims[4], Dv = dims[5];
    const Tensor* in[3] = {&ctx.input(0), &ctx.input(1), &ctx.input(2)};
    const std::vector<int64_t>* views[3] = {&qv, &kv, &vv};
    const int64_t rows[3] = {S, T, T}, cols[3] = {D, D, Dv};
    for (int i = 0; i < 3; ++i) {
        if (in[i]->dtype() != DataType::Float32) ctx.fail(ErrorKind::Unsupported, "Q, K and V must be fp32");
        const std::vector<int64_t>& w = *views[i];
        int64_t last = w[0];
        const int64_t sizes[4] = {B, H, rows[i], cols[i]};
        for (int d = 0; d < 4; ++d)
            if (sizes[d] > 0) last += (sizes[d] - 1) * w[size_t(d) + 1];
        if (w[0] < 0 || (B * H * rows[i] * cols[i] > 0 && last >= in[i]->numel()))
            ctx.fail(ErrorKind::InvalidArgument, "a view reaches outside ", in[i]->describe());
    }
    auto at = [&](int i, int64_t b, int64_t h, int64_t r, int64_t c) {
        const std::vector<int64_t>& w = *views[i];
        return double(in[i]->data<float>()[w[0] + b * w[1] + h * w[2] + r * w[3] + c * w[4]]);
    };
    const Tensor* mask = ctx.optionalInput(3);
    const std::vector<int64_t> scoreDims{B, H, S, T};
    if (mask && (mask->dtype() != DataType::Float32 || !broadcastsInto(mask->dims(), scoreDims)))
        ctx.fail(ErrorKind::InvalidArgument, "mask ", mask->describe(), " does not broadcast into the scores");
    Tensor& out = ctx.allocateOutput(0, DataType::Float32, outDims);
    if (out.numel() != B * H * S * Dv) ctx.fail(ErrorKind::InvalidArgument, "o_dims do not hold the result");
    int64_t lastOut = 0;  // the farthest element o_view writes (strides of size-1 dims unused)
    const int64_t outSizes[4] = {B, H, S, Dv};
    for (size_t d = 0; d < 4; ++d) {
        if (outSizes[d] <= 1) continue;
        if (ov[d] < 0) ctx.fail(ErrorKind::InvalidArgument, "o_view has a negative stride");
        lastOut += (outSizes[d] - 1) * ov[d];
    }
    if (out.numel() > 0 && lastOut >= out.numel())
        ctx.fail(ErrorKind::InvalidArgument, "o_view reaches element ", lastOut, " of ", out.describe());
    const double scale = ctx.node().attrFloat("scale", 1.f);
    const bool nanToZero = ctx.node().attrInt("nan_to_zero", 0) != 0;
    std::vector<double> scores(static_cast<size_t>(T));
    for (int64_t b = 0; b < B; ++b)
        for (int64_t h = 0; h < H; ++h)
            for (int64_t s = 0; s < S; ++s) {
                for (int64_t t = 0; t < T; ++t) {
                    double dot = 0.0;
                    for (int64_t d = 0; d < D; ++d) dot += at(0, b, h, s, d) * at(1, b, h, t, d);
                    double score = scale * dot;
                    if (mask)
                        score += double(mask->data<float>()[broadcastOffset(((b * H + h) * S + s) * T + t, scoreDims,
                                                                            mask->dims())]);
                    scores[size_t(t)] = score;
                }
                softmaxRow(scores, nanToZero);
                for (int64_t e = 0; e < Dv; ++e) {
                    double acc = 0.0;
                    for (int64_t t = 0; t < T; ++t) acc += scores[size_t(t)] * at(2, b, h, t, e);
                    out.data<float>()[b * ov[0] + h * ov[1] + s * ov[2] + e * ov[3]] = static_cast<float>(acc);
                }
            }
}

void attentionKernel(KernelContext& ctx) {
    if (ctx.node().hasAttr("dims")) return stridedAttentionKernel(ctx);
    const Tensor& q = ctx.input(0);
    const Tensor& kt = ctx.input(1);
    const Tensor& v = ctx.input(2);
    const Tensor* mask = ctx.optionalInput(3);
    for (const Tensor* t : {&q, &kt, &v})
        if (t->dtype() != DataType::Float32 || t->rank() < 2)
            ctx.fail(ErrorKind::Unsupported, "Q, Kt and V must be fp32 of rank >= 2, got ", t->describe());
    const int64_t S = q.dims().end()[-2], D = q.dims().end()[-1];
    const int64_t T = kt.dims().end()[-1], Dv = v.dims().end()[-1];
    if (kt.dims().end()[-2] != D || v.dims().end()[-2] != T)
        ctx.fail(ErrorKind::InvalidArgument, "incompatible shapes Q ", dimsToString(q.dims()), ", Kt ",
                 dimsToString(kt.dims()), ", V ", dimsToString(v.dims()));
    const std::vector<int64_t> batch = broadcastShape(ctx, {batchDims(q), batchDims(kt), batchDims(v)});
    std::vector<int64_t> scoreDims = batch, outDims = batch;
    scoreDims.insert(scoreDims.end(), {S, T});
    outDims.insert(outDims.end(), {S, Dv});
    if (mask && (mask->dtype() != DataType::Float32 || !broadcastsInto(mask->dims(), scoreDims)))
        ctx.fail(ErrorKind::InvalidArgument, "mask ", mask->describe(), " does not broadcast into the scores ",
                 dimsToString(scoreDims));
    const double scale = ctx.node().attrFloat("scale", 1.f);
    const bool nanToZero = ctx.node().attrInt("nan_to_zero", 0) != 0;
    Tensor& out = ctx.allocateOutput(0, DataType::Float32, outDims);
    const float* pq = q.data<float>();
    const float* pk = kt.data<float>();
    const float* pv = v.data<float>();
    std::vector<double> scores(static_cast<size_t>(T));
    for (int64_t b = 0; b < elementCount(batch); ++b) {
        const int64_t qBase = broadcastOffset(b, batch, batchDims(q)) * S * D;
        const int64_t kBase = broadcastOffset(b, batch, batchDims(kt)) * D * T;
        const int64_t vBase = broadcastOffset(b, batch, batchDims(v)) * T * Dv;
        for (int64_t s = 0; s < S; ++s) {
            for (int64_t t = 0; t < T; ++t) {
                double dot = 0.0;
                for (int64_t d = 0; d < D; ++d) dot += double(pq[qBase + s * D + d]) * double(pk[kBase + d * T + t]);
                double score = scale * dot;
                if (mask) {
                    const int64_t scoreIndex = (b * S + s) * T + t;
                    score += double(mask->data<float>()[broadcastOffset(scoreIndex, scoreDims, mask->dims())]);
                }
                scores[size_t(t)] = score;
            }
            softmaxRow(scores, nanToZero);
            for (int64_t e = 0; e < Dv; ++e) {
                double acc = 0.0;
                for (int64_t t = 0; t < T; ++t) acc += scores[size_t(t)] * double(pv[vBase + t * Dv + e]);
                out.data<float>()[(b * S + s) * Dv + e] = static_cast<float>(acc);
            }
        }
    }
}

}  // namespace

void registerNaiveFusedKernels(KernelRegistry& registry) {
    addNaive(registry, "Pointwise", &pointwiseKernel, {DataType::Float32}, "kiln");
    addNaive(registry, "Attention", &attentionKernel, {DataType::Float32}, "kiln");
}

}  // namespace kiln::naive
