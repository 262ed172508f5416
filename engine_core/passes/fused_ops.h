// Kiln's own fused ops (domain "kiln"), shared by the passes that create them and the kernels that
// run them (kernels/cpu/fused.cpp). Their contract:
//
//   kiln::FusedConv(X, W, B?, Z?)      Y = act(Conv(X, W, B) + Z)
//       Conv's attributes, plus `activation` (string) and `activation_params` (floats).
//   kiln::FusedMatMul(A, B, bias?, Z?)  Y = act(MatMul(A, B) + bias + Z)
//       MatMul semantics; with `transA`/`transB`/`alpha` it is Gemm's alpha·op(A)·op(B) (2-D).
//       bias and Z broadcast into Y's shape (numpy rules) without growing it.
//   kiln::Pointwise(X, operands...)     Y = op_n(... op_2(op_1(X, a_1), a_2) ..., a_n)
//       `ops` (strings), `operand` (ints: input index of op i's second operand, -1 for unary ops),
//       `alpha`/`beta` (floats per op: LeakyRelu alpha, Clip min/max, HardSigmoid alpha/beta).
//       Operands broadcast into X's shape. The chain runs in one pass over the data.
//   kiln::Attention(Q, Kt, V, mask?)    Y = Softmax(scale · Q·Kt + mask, axis=-1) · V
//       `scale` (float); `nan_to_zero` (int, 0/1): NaN probabilities (fully masked rows) become 0.
//       Kt is the already transposed key [..., D, S_kv]; batch dims broadcast.
//     Strided form (with `dims`; engine_core/passes/attention_layout.cpp): the inputs are the tensors
//       Q, K and V are views of (K not transposed), `dims` [B, H, S, T, D, Dv], `q_view`/`k_view`/
//       `v_view` [offset, stride B, stride H, stride of S (T for K, V), stride of D (Dv)] in elements,
//       the output has dims `o_dims` and holds the [B, H, S, Dv] result at strides `o_view` (4 ints,
//       the last 1). In each view the rows or the columns are contiguous.
//   kiln::Int8Conv(x, x_scale, x_zero, w, w_scale, w_zero, y_scale, y_zero, B?)
//       QLinearConv's inputs and attributes (x, w, y 8-bit; w_scale/w_zero per tensor or per output
//       channel; B int32 [M] in units of x_scale·w_scale[m]), plus `clamp` (ints [lo, hi], in y's
//       quantized units; a folded Relu/Clip):
//       y = clamp(saturate(round(float(Σ(x − x_zero)(w − w_zero[m]) + B[m]) · (x_scale·w_scale[m] /
//       y_scale)) + y_zero), lo, hi), the multiplier and the product in float as QLinearConv.
//   kiln::Int8MatMul(a, a_scale, a_zero, b, b_scale, b_zero, y_scale, y_zero, bias?)
//       the same for a [..., M, K] (per-tensor scale and zero) times the constant b [K, N] (scale and
//       zero per tensor or per column n), bias int32 [N], and `clamp`: per row of a,
//       y[m, n] = clamp(saturate(round(float(Σ_k(a − a_zero)(b[k, n] − b_zero[n]) + bias[n]) ·
//       (a_scale·b_scale[n] / y_scale)) + y_zero), lo, hi).
//     Both come from Q/DQ models (engine_core/passes/fold_qdq_int8.cpp).
//   kiln::Int8Table(x, table)
//       x int8 or uint8, table [256] int8 or uint8 (the output's type): y[i] = table[x[i] − lowest
//       value of x's type]. From a Q/DQ model's DQ(x) → element-wise float ops (Sigmoid, Mul, Erf,
//       ..., with scalar constants and Q/DQ pairs between them) → Q: the chain evaluated once for
//       each of the 256 values of x (fold_qdq_int8.cpp), so exactly what the graph computes.
//   kiln::Int8Add(a, a_scale, a_zero, b, b_scale, b_zero, y_scale, y_zero)
//       QLinearAdd's inputs (all per tensor; a, b, y int8 or uint8, each its own type; a and b of one
//       shape, no broadcasting), plus `clamp` (ints [lo, hi] in y's units; a folded Relu is [y_zero,
//       max]): y = clamp(saturate(round_half_even(((a − a_zero)·a_scale + (b − b_zero)·b_scale) /
//       y_scale) + y_zero), lo, hi), every step in float in this order: what DQ, DQ → Add → Q
//       compute, bit for bit. From a Q/DQ model's residual Add (FoldQdqInt8Add, fold_qdq_int8.cpp).
#pragma once

#include <cmath>
#include <optional>
#include <string>
#include <string_view>

namespace kiln::fused {

enum class Activation { None, Relu, LeakyRelu, Clip, Sigmoid, HardSigmoid, HardSwish, Tanh, SiLU, Gelu, GeluTanh };

inline std::string_view activationName(Activation a) {
    switch (a) {
        case Activation::None: return "None";
        case Activation::Relu: return "Relu";
        case Activation::LeakyRelu: return "LeakyRelu";
        case Activation::Clip: return "Clip";
        case Activation::Sigmoid: return "Sigmoid";
        case Activation::HardSigmoid: return "HardSigmoid";
        case Activation::HardSwish: return "HardSwish";
        case Activation::Tanh: return "Tanh";
        case Activation::SiLU: return "SiLU";
        case Activation::Gelu: return "Gelu";
        case Activation::GeluTanh: return "GeluTanh";
    }
    return "None";
}

inline std::optional<Activation> parseActivation(std::string_view name) {
    for (Activation a : {Activation::None, Activation::Relu, Activation::LeakyRelu, Activation::Clip,
                         Activation::Sigmoid, Activation::HardSigmoid, Activation::HardSwish, Activation::Tanh,
                         Activation::SiLU, Activation::Gelu, Activation::GeluTanh})
        if (activationName(a) == name) return a;
    return std::nullopt;
}

// p0/p1: LeakyRelu alpha; Clip min, max; HardSigmoid alpha, beta. Computed in float like the
// unfused CPU kernels, so fused and unfused results agree to rounding.
inline float applyActivation(Activation a, float x, float p0, float p1) {
    switch (a) {
        case Activation::None: return x;
        case Activation::Relu: return x > 0.f ? x : 0.f;
        case Activation::LeakyRelu: return x >= 0.f ? x : p0 * x;
        case Activation::Clip: return std::isnan(x) ? x : std::fmin(std::fmax(x, p0), p1);
        case Activation::Sigmoid: return 1.f / (1.f + std::exp(-x));
        case Activation::HardSigmoid: return std::isnan(x) ? x : std::fmax(0.f, std::fmin(1.f, p0 * x + p1));  // NaN stays, as the plain op
        case Activation::HardSwish: return x * std::fmax(0.f, std::fmin(1.f, x / 6.f + 0.5f));
        case Activation::Tanh: return std::tanh(x);
        case Activation::SiLU: return x / (1.f + std::exp(-x));
        case Activation::Gelu: return 0.5f * x * (1.f + std::erf(x * 0.70710678118654752f));
        case Activation::GeluTanh: {
            float inner = 0.7978845608028654f * (x + 0.044715f * x * x * x);
            return 0.5f * x * (1.f + std::tanh(inner));
        }
    }
    return x;
}

// Unary and binary steps of a kiln::Pointwise chain. R* variants take the chain value as the
// right-hand operand (a − x, a / x, a ^ x).
enum class PointwiseOp {
    Relu, LeakyRelu, Clip, Sigmoid, HardSigmoid, HardSwish, Tanh, Gelu, GeluTanh, Exp, Log, Sqrt, Abs, Neg,
    Reciprocal, Erf, Floor, Ceil, Softplus,
    Add, Sub, RSub, Mul, Div, RDiv, Pow, RPow, Max, Min,
};

inline std::string_view pointwiseOpName(PointwiseOp op) {
    switch (op) {
        case PointwiseOp::Relu: return "Relu";
        case PointwiseOp::LeakyRelu: return "LeakyRelu";
        case PointwiseOp::Clip: return "Clip";
        case PointwiseOp::Sigmoid: return "Sigmoid";
        case PointwiseOp::HardSigmoid: return "HardSigmoid";
        case PointwiseOp::HardSwish: return "HardSwish";
        case PointwiseOp::Tanh: return "Tanh";
        case PointwiseOp::Gelu: return "Gelu";
        case PointwiseOp::GeluTanh: return "GeluTanh";
        case PointwiseOp::Exp: return "Exp";
        case PointwiseOp::Log: return "Log";
        case PointwiseOp::Sqrt: return "Sqrt";
        case PointwiseOp::Abs: return "Abs";
        case PointwiseOp::Neg: return "Neg";
        case PointwiseOp::Reciprocal: return "Reciprocal";
        case PointwiseOp::Erf: return "Erf";
        case PointwiseOp::Floor: return "Floor";
        case PointwiseOp::Ceil: return "Ceil";
        case PointwiseOp::Softplus: return "Softplus";
        case PointwiseOp::Add: return "Add";
        case PointwiseOp::Sub: return "Sub";
        case PointwiseOp::RSub: return "RSub";
        case PointwiseOp::Mul: return "Mul";
        case PointwiseOp::Div: return "Div";
        case PointwiseOp::RDiv: return "RDiv";
        case PointwiseOp::Pow: return "Pow";
        case PointwiseOp::RPow: return "RPow";
        case PointwiseOp::Max: return "Max";
        case PointwiseOp::Min: return "Min";
    }
    return "";
}

inline std::optional<PointwiseOp> parsePointwiseOp(std::string_view name) {
    for (int i = 0; i <= int(PointwiseOp::Min); ++i)
        if (pointwiseOpName(PointwiseOp(i)) == name) return PointwiseOp(i);
    return std::nullopt;
}

inline bool isBinary(PointwiseOp op) { return int(op) >= int(PointwiseOp::Add); }

// x: the chain value; a: the operand (ignored by unary steps).
inline float applyPointwise(PointwiseOp op, float x, float a, float alpha, float beta) {
    switch (op) {
        case PointwiseOp::Relu: return applyActivation(Activation::Relu, x, alpha, beta);
        case PointwiseOp::LeakyRelu: return applyActivation(Activation::LeakyRelu, x, alpha, beta);
        case PointwiseOp::Clip: return applyActivation(Activation::Clip, x, alpha, beta);
        case PointwiseOp::Sigmoid: return applyActivation(Activation::Sigmoid, x, alpha, beta);
        case PointwiseOp::HardSigmoid: return applyActivation(Activation::HardSigmoid, x, alpha, beta);
        case PointwiseOp::HardSwish: return applyActivation(Activation::HardSwish, x, alpha, beta);
        case PointwiseOp::Tanh: return std::tanh(x);
        case PointwiseOp::Gelu: return applyActivation(Activation::Gelu, x, alpha, beta);
        case PointwiseOp::GeluTanh: return applyActivation(Activation::GeluTanh, x, alpha, beta);
        case PointwiseOp::Exp: return std::exp(x);
        case PointwiseOp::Log: return std::log(x);
        case PointwiseOp::Sqrt: return std::sqrt(x);
        case PointwiseOp::Abs: return std::fabs(x);
        case PointwiseOp::Neg: return -x;
        case PointwiseOp::Reciprocal: return 1.f / x;
        case PointwiseOp::Erf: return std::erf(x);
        case PointwiseOp::Floor: return std::floor(x);
        case PointwiseOp::Ceil: return std::ceil(x);
        case PointwiseOp::Softplus: return x > 20.f ? x : std::log1p(std::exp(x));
        case PointwiseOp::Add: return x + a;
        case PointwiseOp::Sub: return x - a;
        case PointwiseOp::RSub: return a - x;
        case PointwiseOp::Mul: return x * a;
        case PointwiseOp::Div: return x / a;
        case PointwiseOp::RDiv: return a / x;
        case PointwiseOp::Pow: return std::pow(x, a);
        case PointwiseOp::RPow: return std::pow(a, x);
        case PointwiseOp::Max: return std::isnan(x) || std::isnan(a) ? NAN : std::fmax(x, a);
        case PointwiseOp::Min: return std::isnan(x) || std::isnan(a) ? NAN : std::fmin(x, a);
    }
    return x;
}

}  // namespace kiln::fused
