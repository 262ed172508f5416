// The oracle's fused ops of domain "kiln" (contracts in engine_core/passes/fused_ops.h; naive.h says
// what the oracle is): kiln::FusedConv(X, W, B?, Z?) = act(Conv(X, W, B) + Z) and
// kiln::FusedMatMul(A, B, bias?, Z?) = act(MatMul(A, B) + bias + Z), or with transA/transB/alpha
// act(alpha * op(A) * op(B) + bias + Z). The product comes from the oracle's Conv / MatMul / Gemm in
// double; bias, residual and activation are applied in double too, and the result rounded once.
// FusedConv: fp32 only, as the optimized fused kernels. FusedMatMul: fp32, fp16 and bf16 (the CUDA
// kernels' storage types; every operand of A's type).
#include <cmath>
#include <string>

#include "engine_core/passes/fused_ops.h"
#include "kernels/cpu/naive/naive.h"
#include "kernels/cpu/naive/naive_b_util.h"

namespace kiln::naive {

namespace {

using fused::Activation;

// The activation epilogue: `activation` (a fused::Activation name, default None) with up to two
// `activation_params` (LeakyRelu alpha; Clip min, max; HardSigmoid alpha, beta; missing ones are 0).
struct Epilogue {
    Activation activation = Activation::None;
    double p0 = 0, p1 = 0;
};

Epilogue epilogueOf(const KernelContext& ctx) {
    const std::string name = ctx.node().attrString("activation", "None");
    const auto act = fused::parseActivation(name);
    if (!act) ctx.fail(ErrorKind::InvalidModel, "unknown activation '", name, "'");
    std::vector<float> params = ctx.node().attrFloats("activation_params");
    params.resize(2, 0.f);
    return {*act, params[0], params[1]};
}

double activate(const Epilogue& e, double x) {
    const double pi = 3.14159265358979323846;
    switch (e.activation) {
        case Activation::None: return x;
        case Activation::Relu: return x > 0 ? x : 0;
        case Activation::LeakyRelu: return x >= 0 ? x : e.p0 * x;
        case Activation::Clip: return std::isnan(x) ? x : std::min(std::max(x, e.p0), e.p1);
        case Activation::Sigmoid: return 1 / (1 + std::exp(-x));
        case Activation::HardSigmoid: return std::isnan(x) ? x : std::max(0.0, std::min(1.0, e.p0 * x + e.p1));
        case Activation::HardSwish: return x * std::max(0.0, std::min(1.0, x / 6 + 0.5));
        case Activation::Tanh: return std::tanh(x);
        case Activation::SiLU: return x / (1 + std::exp(-x));
        case Activation::Gelu: return 0.5 * x * (1 + std::erf(x / std::sqrt(2.0)));
        case Activation::GeluTanh: return 0.5 * x * (1 + std::tanh(std::sqrt(2 / pi) * (x + 0.044715 * x * x * x)));
    }
    return x;
}

void requireType(const KernelContext& ctx, const Tensor& t, const char* what, DataType type = DataType::Float32) {
    if (t.dtype() != type)
        ctx.fail(ErrorKind::Unsupported, what, " must be ", dataTypeName(type), " like the layer's output, got ",
                 t.describe());
}
void requireFp32(const KernelContext& ctx, const Tensor& t, const char* what) { requireType(ctx, t, what); }

// y += operand broadcast into y's dims (NumPy rules, right-aligned), which it must not grow.
void addBroadcast(const KernelContext& ctx, DoubleResult& y, const Tensor& operand, const char* what,
                  DataType type = DataType::Float32) {
    requireType(ctx, operand, what, type);
    std::vector<int64_t> dims;
    if (!broadcastShapes(operand.dims(), y.dims, dims) || dims != y.dims)
        ctx.fail(ErrorKind::InvalidArgument, what, " of shape ", dimsToString(operand.dims()),
                 " does not broadcast into the output shape ", dimsToString(y.dims));
    const std::vector<double> v = toDoubles(operand);
    for (int64_t i = 0; i < int64_t(y.values.size()); ++i)
        y.values[size_t(i)] += v[size_t(broadcastOffset(unravel(i, y.dims), operand.dims()))];
}

void finish(KernelContext& ctx, DoubleResult& y, DataType type = DataType::Float32) {
    const Epilogue e = epilogueOf(ctx);
    for (double& v : y.values) v = activate(e, v);
    Tensor& out = ctx.allocateOutput(0, type, y.dims);
    storeDoubles(out, y.values);
}

void runFusedConv(KernelContext& ctx) {
    requireFp32(ctx, ctx.input(0), "X");
    DoubleResult y = convInDouble(ctx);
    if (const Tensor* z = ctx.optionalInput(3)) {
        // The residual has the convolution output's exact shape (the pass fuses only that case).
        requireFp32(ctx, *z, "residual input Z");
        if (z->dims() != y.dims)
            ctx.fail(ErrorKind::InvalidArgument, "residual input Z has shape ", dimsToString(z->dims()),
                     ", the convolution output ", dimsToString(y.dims));
        addBroadcast(ctx, y, *z, "residual input Z");
    }
    finish(ctx, y);
}

void runFusedMatMul(KernelContext& ctx) {
    const Tensor& A = ctx.input(0);
    const Tensor& B = ctx.input(1);
    const DataType type = A.dtype();
    if (type != DataType::Float32 && type != DataType::Float16 && type != DataType::BFloat16)
        ctx.fail(ErrorKind::Unsupported, "A must be fp32, fp16 or bf16, got ", A.describe());
    requireType(ctx, B, "B", type);
    const Node& node = ctx.node();
    const bool gemmForm = node.hasAttr("transA") || node.hasAttr("transB") || node.hasAttr("alpha");
    DoubleResult y = gemmForm ? gemmInDouble(ctx, A, B, nullptr) : matMulInDouble(ctx, A, B);
    if (const Tensor* bias = ctx.optionalInput(2)) addBroadcast(ctx, y, *bias, "bias", type);
    if (const Tensor* z = ctx.optionalInput(3)) addBroadcast(ctx, y, *z, "residual input Z", type);
    finish(ctx, y, type);
}

}  // namespace

void registerNaiveFusedConvMatMulKernels(KernelRegistry& registry) {
    addNaive(registry, "FusedConv", runFusedConv, {DataType::Float32}, "kiln");
    addNaive(registry, "FusedMatMul", runFusedMatMul, {DataType::Float32, DataType::Float16, DataType::BFloat16},
             "kiln");
}

}  // namespace kiln::naive
