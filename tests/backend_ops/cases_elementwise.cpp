// Cases of the element-wise families: unary math, activations, binary and variadic ops with numpy
// broadcasting, Where, Clip, PRelu, Cast/CastLike, kiln::Pointwise. Inputs stay where each op is
// defined (Log, Sqrt of positives; Acosh of values above 1) and small for integers (no overflow:
// wrapping is not what these cases test).
#include <cmath>
#include <limits>
#include <set>

#include "engine_core/onnx/onnx_types.h"
#include "tests/backend_ops/harness.h"

namespace kiln::ops {
namespace {

using Dims = std::vector<int64_t>;

// Awkward shapes for one-input ops: scalar, size-1, odd, not a multiple of 8/16, empty, one real size.
std::vector<Dims> unaryShapes(bool perf) {
    if (perf) return {{1, 64, 112, 112}};
    return {{}, {1}, {13}, {3, 5, 7}, {2, 17, 33}, {0, 5}, {1, 1, 67}, {4, 64, 56}};
}

// Broadcast pairs: equal, trailing vector, size-1 dims on both sides, rank differences, a rank-0
// operand, an empty result, and a real size.
std::vector<std::pair<Dims, Dims>> binaryShapes(bool perf) {
    if (perf) return {{{1, 64, 112, 112}, {1, 64, 112, 112}}, {{1, 64, 112, 112}, {64, 1, 1}}};
    return {{{13}, {13}},           {{3, 5, 7}, {7}},          {{3, 1, 7}, {1, 5, 1}}, {{2, 3, 5, 7}, {3, 1, 1}},
            {{1}, {4, 17}},         {{}, {2, 3}},              {{5, 1}, {1, 13}},      {{0, 3}, {1, 3}},
            {{2, 17, 33}, {2, 17, 33}}, {{4, 64, 56}, {64, 1}}};
}

bool isUnsigned(DataType t) {
    return t == DataType::UInt8 || t == DataType::UInt16 || t == DataType::UInt32 || t == DataType::UInt64;
}

struct Range {
    double lo, hi;
};

// The input range where a unary op is defined and well conditioned.
Range unaryRange(const std::string& op, DataType t) {
    if (!isFloatType(t)) return isUnsigned(t) ? Range{0, 20} : Range{-20, 20};
    if (op == "Log" || op == "Sqrt" || op == "Reciprocal") return {0.1, 2};
    if (op == "Acosh") return {1.1, 3};
    if (op == "Asin" || op == "Acos" || op == "Atanh") return {-0.9, 0.9};
    if (op == "Floor" || op == "Ceil") return {-3, 3};
    if (op == "Exp" || op == "Sinh" || op == "Cosh") return {-3, 3};
    if (op == "Relu" || op == "LeakyRelu" || op == "Elu" || op == "Selu" || op == "Celu" || op == "Gelu" ||
        op == "HardSigmoid" || op == "HardSwish" || op == "Mish" || op == "Softplus" || op == "ThresholdedRelu" ||
        op == "Shrink" || op == "Sigmoid" || op == "Tanh")
        return {-4, 4};
    return {-1, 1};
}

std::map<std::string, Attribute> unaryAttrs(const std::string& op, int variant) {
    if (op == "LeakyRelu") return {{"alpha", 0.1f}};
    if (op == "Elu") return {{"alpha", 0.7f}};
    if (op == "Celu") return {{"alpha", 1.3f}};
    if (op == "HardSigmoid") return {{"alpha", 0.25f}, {"beta", 0.4f}};
    if (op == "ThresholdedRelu") return {{"alpha", 0.5f}};
    if (op == "Shrink") return {{"bias", 0.5f}, {"lambd", 1.5f}};
    if (op == "Gelu" && variant % 2) return {{"approximate", "tanh"}};
    if (op == "IsInf" && variant % 3 == 1) return {{"detect_negative", int64_t(0)}};
    if (op == "IsInf" && variant % 3 == 2) return {{"detect_positive", int64_t(0)}};
    return {};
}

std::vector<Case> unaryCases(const GenRequest& req, Rng& rng) {
    const DataType t = req.dtype == DataType::Undefined ? DataType::Float32 : req.dtype;
    std::vector<Case> out;
    int variant = 0;
    for (const Dims& d : unaryShapes(req.perf)) {
        const Range r = unaryRange(req.op, t);
        Tensor x = (req.op == "Round" || req.op == "Sign") ? quantizedTensor(rng, t, d, 9) : randomTensor(rng, t, d, r.lo, r.hi);
        if ((req.op == "IsNaN" || req.op == "IsInf") && x.numel() > 0) {
            // Specials at every third element: NaN, +inf, -inf in turn.
            const double specials[] = {std::numeric_limits<double>::quiet_NaN(), INFINITY, -INFINITY};
            for (int64_t i = 0; i < x.numel(); i += 3) {
                Tensor s = tensorOf(t, {}, {specials[(i / 3) % 3]});
                std::memcpy(static_cast<char*>(x.raw()) + i * dataTypeSize(t), s.raw(), dataTypeSize(t));
            }
        }
        Case c = makeCase(req, {{"x", x}}, unaryAttrs(req.op, variant++));
        // Reciprocal, Tan, Cosh..: relative error of the result is what matters; values are O(10).
        if (req.op == "Reciprocal" || req.op == "Tan" || req.op == "Cosh" || req.op == "Sinh" || req.op == "Exp")
            c.extraAtol = 1e-5;
        if (t == DataType::Bool && d.size() && numelOf(d) < 8) c.allowDegenerate = true;
        if (numelOf(d) <= 1) c.allowDegenerate = true;  // one Relu'd element may be 0
        out.push_back(std::move(c));
    }
    // The fp32 kernels built on fast_math.h's approximations switch formulas at some |x| (series
    // near 0, exp-based beyond): wide ranges cross every switch, and lengths of 16k + 15 and 16k + 3
    // leave tails after the 16-wide loops.
    const std::map<std::string, double> wide = {{"Tanh", 12},  {"Gelu", 12}, {"Erf", 5},   {"Softplus", 30},
                                                {"Elu", 12},   {"Selu", 12}, {"Celu", 12}, {"Mish", 30}};
    if (auto it = wide.find(req.op); it != wide.end() && isFloatType(t) && !req.perf) {
        for (const Dims& d : {Dims{31}, Dims{3, 4099}}) {
            Case c = makeCase(req, {{"x", randomTensor(rng, t, d, -it->second, it->second)}}, unaryAttrs(req.op, variant++));
            c.note = "wide range";
            out.push_back(std::move(c));
        }
    }
    return out;
}

// Binary ops; `divisor`: the right operand never 0 (Div, Mod); `positiveBase`: Pow.
std::vector<Case> binaryCases(const GenRequest& req, Rng& rng) {
    const DataType t = req.dtype == DataType::Undefined ? DataType::Float32 : req.dtype;
    const std::string& op = req.op;
    const bool compare = op == "Equal" || op == "Less" || op == "Greater" || op == "LessOrEqual" || op == "GreaterOrEqual";
    const bool bitwise = op.rfind("Bitwise", 0) == 0 || op == "BitShift";
    std::vector<Case> out;
    int n = 0;
    for (const auto& [da, db] : binaryShapes(req.perf)) {
        Tensor a, b;
        if (t == DataType::Bool) {
            a = randomTensor(rng, t, da);
            b = randomTensor(rng, t, db);
        } else if (compare) {  // ties matter: values from a small set
            a = quantizedTensor(rng, t, da);
            b = quantizedTensor(rng, t, db);
        } else if (op == "Pow") {
            a = isFloatType(t) ? randomTensor(rng, t, da, 0.5, 2) : randomTensor(rng, t, da, isUnsigned(t) ? 0 : -3, 3);
            b = isFloatType(t) ? randomTensor(rng, t, db, -2, 2) : randomTensor(rng, t, db, 0, 3);
        } else if (op == "BitShift") {
            a = randomTensor(rng, t, da, 0, 15);
            b = randomTensor(rng, t, db, 0, 3);
        } else if (bitwise) {
            a = randomTensor(rng, t, da, isUnsigned(t) ? 0 : -100, 100);
            b = randomTensor(rng, t, db, isUnsigned(t) ? 0 : -100, 100);
        } else if (!isFloatType(t)) {  // small, so no op overflows; unsigned Sub stays non-negative
            a = randomTensor(rng, t, da, isUnsigned(t) ? 10 : -10, isUnsigned(t) ? 20 : 10);
            b = randomTensor(rng, t, db, isUnsigned(t) ? 0 : -10, 10);
        } else {
            a = randomTensor(rng, t, da);
            b = randomTensor(rng, t, db);
        }
        if ((op == "Div" || op == "Mod") && b.numel() > 0) {  // no zero divisor: |b| in [0.5, 1] or [1, 9]
            Tensor mag = isFloatType(t) ? randomTensor(rng, t, db, 0.5, 1) : randomTensor(rng, t, db, 1, 9);
            for (int64_t i = 0; i < b.numel(); ++i) {
                const double s = isUnsigned(t) || rng.coin() ? 1 : -1;
                Tensor v = tensorOf(t, {}, {s * mag.scalarAsDouble(i)});
                std::memcpy(static_cast<char*>(b.raw()) + i * dataTypeSize(t), v.raw(), dataTypeSize(t));
            }
        }
        std::map<std::string, Attribute> attrs;
        if (op == "Mod" && isFloatType(t)) attrs["fmod"] = int64_t(1);
        if (op == "Mod" && !isFloatType(t) && n % 2) attrs["fmod"] = int64_t(1);  // C's sign rule for ints too
        if (op == "BitShift") attrs["direction"] = std::string(n % 2 ? "RIGHT" : "LEFT");
        Case c = makeCase(req, {{"a", a}, {"b", b}}, attrs);
        // Div by values near 0.5 doubles the error of a; Pow's exponent amplifies the base's rounding.
        if (op == "Div" || op == "Pow") c.extraAtol = 1e-5;
        if (numelOf(a.dims()) * numelOf(b.dims()) <= 13 || t == DataType::Bool || compare || bitwise) c.allowDegenerate = true;
        out.push_back(std::move(c));
        ++n;
    }
    // Pow by a one-element 2 (the CPU squares): signs, a scalar and a [1] exponent, 16k + 3 long.
    if (op == "Pow" && isFloatType(t) && !req.perf) {
        out.push_back(makeCase(req, {{"a", randomTensor(rng, t, {3, 4099}, -3, 3)}, {"b", tensorOf(t, {}, {2.0})}}));
        out.push_back(makeCase(req, {{"a", randomTensor(rng, t, {2, 17, 33}, -3, 3)}, {"b", tensorOf(t, {1}, {2.0})}}));
    }
    return out;
}

// Max, Min, Sum, Mean: one, two and three operands, broadcast.
std::vector<Case> variadicCases(const GenRequest& req, Rng& rng) {
    const DataType t = req.dtype == DataType::Undefined ? DataType::Float32 : req.dtype;
    const double lo = isUnsigned(t) ? 0 : -10, hi = 10;
    auto r = [&](const Dims& d) { return isFloatType(t) ? randomTensor(rng, t, d) : randomTensor(rng, t, d, lo, hi); };
    std::vector<Case> out;
    if (req.perf) {
        out.push_back(makeCase(req, {{"a", r({1, 64, 112, 112})}, {"b", r({1, 64, 112, 112})}}));
        return out;
    }
    out.push_back(makeCase(req, {{"a", r({3, 5, 7})}}));
    out.push_back(makeCase(req, {{"a", r({13})}, {"b", r({13})}}));
    out.push_back(makeCase(req, {{"a", r({3, 1, 7})}, {"b", r({5, 1})}, {"c", r({})}}));
    out.push_back(makeCase(req, {{"a", r({2, 17, 33})}, {"b", r({33})}, {"c", r({2, 1, 1})}}));
    out.push_back(makeCase(req, {{"a", r({0, 3})}, {"b", r({1, 3})}}));
    return out;
}

std::vector<Case> whereCases(const GenRequest& req, Rng& rng) {
    std::vector<Case> out;
    int n = 0;
    for (const auto& [da, db] : binaryShapes(req.perf)) {
        const DataType vt = n % 3 == 2 ? DataType::Int64 : n % 3 == 1 ? DataType::Float16 : DataType::Float32;
        Tensor cond = randomTensor(rng, DataType::Bool, n % 2 ? db : da);
        out.push_back(makeCase(req, {{"cond", cond}, {"x", randomTensor(rng, vt, da, -50, 50)}, {"y", randomTensor(rng, vt, db, -50, 50)}}));
        ++n;
    }
    return out;
}

std::vector<Case> clipCases(const GenRequest& req, Rng& rng) {
    const DataType t = req.dtype == DataType::Undefined ? DataType::Float32 : req.dtype;
    std::vector<Case> out;
    int n = 0;
    for (const Dims& d : unaryShapes(req.perf)) {
        const double lo = isFloatType(t) ? -0.5 : isUnsigned(t) ? 3 : -5, hi = isFloatType(t) ? 0.25 : 12;
        Tensor x = isFloatType(t) ? randomTensor(rng, t, d) : randomTensor(rng, t, d, isUnsigned(t) ? 0 : -20, 20);
        // Both bounds, only min, only max (an omitted input is an undefined tensor).
        Tensor mn = n % 3 != 2 ? floatScalar(t, lo) : Tensor();
        Tensor mx = n % 3 != 1 ? floatScalar(t, hi) : Tensor();
        Case c = makeCase(req, {{"x", x}, {"min", mn, true}, {"max", mx, true}});
        c.allowDegenerate = numelOf(d) <= 1;
        out.push_back(std::move(c));
        ++n;
    }
    return out;
}

std::vector<Case> preluCases(const GenRequest& req, Rng& rng) {
    const DataType t = req.dtype == DataType::Undefined ? DataType::Float32 : req.dtype;
    auto r = [&](const Dims& d, double lo, double hi) { return randomTensor(rng, t, d, isUnsigned(t) ? 0 : lo, hi); };
    const double s = isFloatType(t) ? 1 : 10;
    std::vector<Case> out;
    // Slope per channel ([C,1,1]), one slope, a full slope tensor, and the trailing-vector form.
    out.push_back(makeCase(req, {{"x", r({1, 5, 7, 9}, -s, s)}, {"slope", r({5, 1, 1}, 0, s / 2), true}}));
    out.push_back(makeCase(req, {{"x", r({13}, -s, s)}, {"slope", r({1}, 0, s / 2), true}}));
    out.push_back(makeCase(req, {{"x", r({3, 17}, -s, s)}, {"slope", r({3, 17}, 0, s / 2)}}));
    out.push_back(makeCase(req, {{"x", r({2, 3, 33}, -s, s)}, {"slope", r({33}, 0, s / 2), true}}));
    out.push_back(makeCase(req, {{"x", r({0, 3}, -s, s)}, {"slope", r({3}, 0, s / 2), true}}));
    if (req.perf) return {makeCase(req, {{"x", r({1, 64, 112, 112}, -1, 1)}, {"slope", r({64, 1, 1}, 0, 0.5), true}})};
    return out;
}

// Cast to every type from every type the kernel takes; values that survive each target (no
// out-of-range float to int: that is implementation-defined).
std::vector<Case> castCases(const GenRequest& req, Rng& rng) {
    const DataType from = req.dtype == DataType::Undefined ? DataType::Float32 : req.dtype;
    const std::vector<DataType> targets = {DataType::Float32, DataType::Float16, DataType::BFloat16, DataType::Float64,
                                           DataType::Int8,    DataType::UInt8,   DataType::Int32,    DataType::Int64,
                                           DataType::Bool,    DataType::Float8E4M3};
    std::vector<Case> out;
    const std::vector<Dims> shapes = req.perf ? std::vector<Dims>{{1, 64, 112, 112}} : std::vector<Dims>{{3, 5, 7}, {0, 2}, {67}};
    for (DataType to : targets) {
        for (const Dims& d : shapes) {
            if (req.perf && to != DataType::Float16) continue;
            // Whole numbers in [0, 100] for integer sources and targets; halves otherwise (exact in
            // every float type, so a rounding mode difference shows only where the ONNX spec has one).
            Tensor x;
            if (from == DataType::Bool) x = randomTensor(rng, from, d);
            else if (!isFloatType(from) || !isFloatType(to)) x = randomTensor(rng, from, d, isUnsigned(from) || isUnsigned(to) ? 0 : -100, 100);
            else x = quantizedTensor(rng, from, d, 17);
            if (from == DataType::Float8E4M3 || to == DataType::Float8E4M3)
                x = isFloatType(from) ? quantizedTensor(rng, from, d, 17) : randomTensor(rng, from, d, 0, 12);
            if (!isFloatType(from) && !isFloatType(to) && from != DataType::Bool && to != DataType::Bool)
                x = randomTensor(rng, from, d, 0, 100);
            Case c;
            if (req.op == "Cast") {
                c = makeCase(req, {{"x", x}}, {{"to", int64_t(onnxDataTypeOf(to))}});
            } else {
                c = makeCase(req, {{"x", x}, {"like", Tensor(to, {1})}});
            }
            c.note = concat("to ", dataTypeName(to));
            c.allowDegenerate = true;  // a bool result of small ints may be all true
            out.push_back(std::move(c));
        }
    }
    return out;
}

// kiln::Pointwise chains: unary steps, binary steps with broadcast operands, the reversed forms.
std::vector<Case> pointwiseCases(const GenRequest& req, Rng& rng) {
    const DataType t = DataType::Float32;
    struct Chain {
        std::vector<std::string> ops;
        std::vector<int64_t> operand;
        std::vector<float> alpha, beta;
    };
    const std::vector<Chain> chains = {
        {{"Relu"}, {-1}, {0}, {0}},
        {{"Add", "Relu"}, {1, -1}, {0, 0}, {0, 0}},
        {{"Mul", "Sigmoid", "RSub"}, {1, -1, 2}, {0, 0, 0}, {0, 0, 0}},
        {{"LeakyRelu", "Clip", "HardSigmoid"}, {-1, -1, -1}, {0.1f, -0.5f, 0.2f}, {0, 0.5f, 0.5f}},
        {{"Abs", "Sqrt", "Log", "Neg", "Exp", "RDiv"}, {-1, -1, -1, -1, -1, 1}, {0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0}},
        {{"HardSwish", "Tanh", "Gelu", "GeluTanh", "Erf", "Softplus"}, {-1, -1, -1, -1, -1, -1}, {0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0}},
        {{"Sub", "Div", "Floor", "Max", "Min", "Ceil"}, {1, 2, -1, 1, 2, -1}, {0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0}},
        {{"Abs", "Pow", "RPow", "Reciprocal"}, {-1, 1, 2, -1}, {0, 0, 0, 0}, {0, 0, 0, 0}},
    };
    const std::vector<std::pair<Dims, std::pair<Dims, Dims>>> shapes = {
        {{3, 5, 7}, {{7}, {3, 1, 1}}}, {{13}, {{13}, {}}}, {{2, 17, 33}, {{1, 33}, {17, 1}}}, {{0, 4}, {{4}, {1}}}};
    std::vector<Case> out;
    for (size_t ci = 0; ci < chains.size(); ++ci) {
        const Chain& ch = chains[ci];
        for (const auto& [dx, operandDims] : shapes) {
            if (req.perf && dx != Dims{2, 17, 33}) continue;
            Dims x = req.perf ? Dims{1, 64, 112, 112} : dx;
            Dims d1 = req.perf ? Dims{64, 1, 1} : operandDims.first, d2 = req.perf ? Dims{1} : operandDims.second;
            // Operands away from 0 where they divide; the chain's own value stays positive for Sqrt/Log.
            int64_t maxOperand = 0;
            for (int64_t k : ch.operand) maxOperand = std::max(maxOperand, k);
            std::vector<CaseInput> ins(size_t(maxOperand) + 1);
            ins[0] = {"x", randomTensor(rng, t, x), false};
            if (maxOperand >= 1) ins[1] = {"a1", randomTensor(rng, t, d1, 0.5, 1.5), false};
            if (maxOperand >= 2) ins[2] = {"a2", randomTensor(rng, t, d2, 0.5, 1.5), false};
            Case c = makeCase(req, ins, {{"ops", ch.ops}, {"operand", ch.operand}, {"alpha", ch.alpha}, {"beta", ch.beta}});
            c.extraAtol = 1e-5;
            out.push_back(std::move(c));
        }
    }
    return out;
}

}  // namespace

void addElementwiseGenerators(GeneratorTable& table) {
    for (const char* op : {"Abs", "Neg", "Sign", "Erf", "Floor", "Ceil", "Round", "Sqrt", "Reciprocal", "Exp", "Log", "Sin",
                           "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Asinh", "Acosh", "Atanh", "BitwiseNot",
                           "Not", "IsNaN", "IsInf", "Relu", "Sigmoid", "Tanh", "Gelu", "HardSigmoid", "HardSwish",
                           "LeakyRelu", "Softplus", "Softsign", "Elu", "Selu", "Celu", "Mish", "ThresholdedRelu", "Shrink"})
        table[op] = unaryCases;
    for (const char* op : {"Add", "Sub", "Mul", "Div", "Mod", "Pow", "BitShift", "BitwiseAnd", "BitwiseOr", "BitwiseXor",
                           "And", "Or", "Xor", "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual"})
        table[op] = binaryCases;
    for (const char* op : {"Max", "Min", "Sum", "Mean"}) table[op] = variadicCases;
    table["Where"] = whereCases;
    table["Clip"] = clipCases;
    table["PRelu"] = preluCases;
    table["Cast"] = castCases;
    table["CastLike"] = castCases;
    table["kiln::Pointwise"] = pointwiseCases;
}

}  // namespace kiln::ops
