// Cases of the compute-heavy families: Conv, ConvTranspose, kiln::FusedConv, MatMul, Gemm,
// kiln::FusedMatMul, Einsum, kiln::Attention, pools, normalizations, softmax, reductions, ArgMax,
// CumSum, TopK. Shapes: odd channel counts, 1-D and 3-D convolutions, groups, dilations,
// asymmetric pads, K not a multiple of 8, empty batches, and a couple of real layer sizes.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "tests/backend_ops/harness.h"

namespace kiln::ops {
namespace {

using Dims = std::vector<int64_t>;
using Attrs = std::map<std::string, Attribute>;

DataType typeOf(const GenRequest& req) { return req.dtype == DataType::Undefined ? DataType::Float32 : req.dtype; }

bool isUnsigned(DataType t) {
    return t == DataType::UInt8 || t == DataType::UInt16 || t == DataType::UInt32 || t == DataType::UInt64;
}

// Floats in [-1, 1]; integers small enough that no sum of products overflows.
Tensor values(Rng& rng, DataType t, const Dims& d) {
    if (isFloatType(t)) return randomTensor(rng, t, d);
    return randomTensor(rng, t, d, isUnsigned(t) ? 0 : -4, 4);
}

// ---- Convolutions ----

struct ConvShape {
    Dims x, w;
    Attrs attrs;
    bool bias = true;
    bool constWeights = true;
};

std::vector<ConvShape> convShapes(bool perf) {
    if (perf)
        return {{{1, 64, 56, 56}, {64, 64, 3, 3}, {{"pads", Dims{1, 1, 1, 1}}}},
                {{1, 256, 14, 14}, {256, 256, 1, 1}, {}},
                {{8, 3, 224, 224}, {32, 3, 3, 3}, {{"pads", Dims{1, 1, 1, 1}}, {"strides", Dims{2, 2}}}},
                // ResNet-50's stem (3 channels: the channel-padded cuDNN variants) and MobileNetV2's
                // depthwise layers at 112x112 and 56x56 (the depthwise tactic against cuDNN's).
                {{8, 3, 224, 224}, {64, 3, 7, 7}, {{"pads", Dims{3, 3, 3, 3}}, {"strides", Dims{2, 2}}}},
                {{8, 96, 112, 112}, {96, 1, 3, 3}, {{"pads", Dims{1, 1, 1, 1}}, {"strides", Dims{2, 2}}, {"group", int64_t(96)}}},
                {{8, 144, 56, 56}, {144, 1, 3, 3}, {{"pads", Dims{1, 1, 1, 1}}, {"group", int64_t(144)}}},
                // ViT-B/16's patch embedding (the patch-GEMM tactic against cuDNN's).
                {{8, 3, 224, 224}, {768, 3, 16, 16}, {{"strides", Dims{16, 16}}}}};
    return {
        {{1, 3, 13, 17}, {5, 3, 3, 3}, {{"pads", Dims{1, 1, 1, 1}}}},
        {{2, 5, 9, 11}, {7, 5, 1, 1}, {}, false},
        {{1, 4, 16, 15}, {4, 1, 3, 3}, {{"group", int64_t(4)}, {"strides", Dims{2, 2}}, {"pads", Dims{1, 1, 1, 1}}}},
        // Patch convolutions (kernel = stride, no pads: the CUDA patch-GEMM tactic): 16-byte rows for
        // fp16, and K = 6 (fp32 only there), with a ragged edge (13 = 3 patches of 4 and a pixel left).
        {{2, 3, 32, 32}, {16, 3, 8, 8}, {{"strides", Dims{8, 8}}}},
        {{1, 5, 13, 12}, {6, 5, 4, 4}, {{"strides", Dims{4, 4}}}},
        // Depthwise with C a whole number of 16-byte packs (the CUDA depthwise tactic's packed form),
        // 1-D, and a non-constant W (reordered per run).
        {{2, 16, 9, 7}, {16, 1, 3, 3}, {{"group", int64_t(16)}, {"pads", Dims{1, 0, 1, 2}}}},
        {{1, 8, 11}, {8, 1, 5}, {{"group", int64_t(8)}, {"dilations", Dims{2}}, {"pads", Dims{4, 4}}}, true, false},
        // Depthwise 5x5, column stride 2 (the even/odd-column path), odd sizes, and one with a row stride of 1.
        {{1, 6, 13, 37}, {6, 1, 5, 5}, {{"group", int64_t(6)}, {"strides", Dims{2, 2}}, {"pads", Dims{2, 2, 2, 2}}}},
        {{2, 3, 9, 20}, {3, 1, 3, 3}, {{"group", int64_t(3)}, {"strides", Dims{1, 2}}, {"pads", Dims{0, 1, 1, 0}}}},
        {{1, 6, 10, 12}, {9, 2, 3, 5}, {{"group", int64_t(3)}, {"dilations", Dims{2, 1}}, {"pads", Dims{2, 1, 0, 2}}}},
        {{1, 3, 33}, {5, 3, 4}, {{"strides", Dims{3}}, {"auto_pad", "SAME_UPPER"}}},
        {{1, 2, 5, 6, 7}, {3, 2, 2, 3, 2}, {{"pads", Dims{0, 1, 1, 1, 0, 0}}}},
        {{1, 17, 7, 7}, {33, 17, 3, 3}, {{"pads", Dims{1, 1, 1, 1}}, {"kernel_shape", Dims{3, 3}}}, true, false},
        {{1, 32, 28, 28}, {64, 32, 3, 3}, {{"pads", Dims{1, 1, 1, 1}}}},
        {{0, 3, 5, 5}, {4, 3, 3, 3}, {}},
        {{1, 3, 1, 1}, {5, 3, 1, 1}, {}, false},
        {{1, 160, 8, 8}, {8, 160, 3, 3}, {{"pads", Dims{1, 1, 1, 1}}}},  // reduction 1440: past the direct loop's limit
        {{3, 7, 6, 5}, {5, 7, 2, 2}, {{"strides", Dims{2, 1}}, {"auto_pad", "SAME_LOWER"}}},
    };
}

// Output spatial dims of a forward window (explicit pads or auto_pad SAME_*/VALID).
Dims convOutDims(const Dims& x, const Dims& w, const Attrs& a, int64_t outChannels) {
    const size_t s = x.size() - 2;
    auto ints = [&](const char* k, int64_t fallback) {
        auto it = a.find(k);
        return it == a.end() ? Dims(s, fallback) : *it->second.get<Dims>();
    };
    const Dims strides = ints("strides", 1), dil = ints("dilations", 1);
    Dims pads = a.count("pads") ? *a.at("pads").get<Dims>() : Dims(2 * s, 0);
    const std::string autoPad = a.count("auto_pad") ? *a.at("auto_pad").get<std::string>() : "NOTSET";
    Dims out = {x[0], outChannels};
    for (size_t i = 0; i < s; ++i) {
        const int64_t k = dil[i] * (w[i + 2] - 1) + 1;
        if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") out.push_back((x[i + 2] + strides[i] - 1) / strides[i]);
        else out.push_back((x[i + 2] + pads[i] + pads[i + s] - k) / strides[i] + 1);
    }
    return out;
}

std::vector<Case> convCases(const GenRequest& req, Rng& rng) {
    const DataType t = typeOf(req);
    std::vector<Case> out;
    const bool fused = req.domain == "kiln";
    const std::vector<std::pair<std::string, std::vector<float>>> acts = {
        {"Relu", {}}, {"LeakyRelu", {0.1f}}, {"Clip", {-0.5f, 0.5f}}, {"SiLU", {}}, {"Gelu", {}}, {"GeluTanh", {}},
        {"HardSigmoid", {0.2f, 0.5f}}, {"HardSwish", {}}, {"Sigmoid", {}}, {"Tanh", {}}, {"None", {}}};
    size_t n = 0;
    for (const ConvShape& s : convShapes(req.perf)) {
        std::vector<CaseInput> ins = {{"x", values(rng, t, s.x)}, {"w", values(rng, t, s.w), s.constWeights}};
        ins.push_back({"b", s.bias ? values(rng, t, {s.w[0]}) : Tensor(), s.constWeights});
        Attrs attrs = s.attrs;
        if (fused) {
            const auto& [act, params] = acts[n % acts.size()];
            attrs["activation"] = act;
            if (!params.empty()) attrs["activation_params"] = params;
            if (n % 2 == 0) ins.push_back({"z", values(rng, t, convOutDims(s.x, s.w, s.attrs, s.w[0]))});
        }
        Case c = makeCase(req, ins, attrs);
        c.reduction = double(numelOf(s.w) / s.w[0]);
        const Dims y = convOutDims(s.x, s.w, s.attrs, s.w[0]);
        c.flops = 2.0 * double(numelOf(y)) * c.reduction;
        c.allowDegenerate = numelOf(y) == 0;
        out.push_back(std::move(c));
        ++n;
    }
    return out;
}

std::vector<Case> convTransposeCases(const GenRequest& req, Rng& rng) {
    const DataType t = typeOf(req);
    struct S {
        Dims x, w;
        Attrs attrs;
    };
    // w is [C, M/group, k...].
    std::vector<S> shapes = {
        {{1, 3, 5, 7}, {3, 5, 3, 3}, {{"strides", Dims{2, 2}}, {"pads", Dims{1, 1, 1, 1}}, {"output_padding", Dims{1, 0}}}},
        {{2, 4, 6, 5}, {4, 3, 2, 2}, {{"strides", Dims{2, 2}}, {"group", int64_t(2)}}},
        {{1, 5, 13}, {5, 7, 4}, {{"strides", Dims{3}}, {"dilations", Dims{2}}}},
        {{1, 2, 3, 4, 3}, {2, 3, 2, 2, 2}, {}},
        {{1, 17, 7, 7}, {17, 9, 3, 3}, {{"pads", Dims{1, 1, 1, 1}}}},
        {{1, 3, 6, 6}, {3, 2, 3, 3}, {{"strides", Dims{2, 2}}, {"output_shape", Dims{12, 12}}}},
        {{0, 3, 4, 4}, {3, 2, 3, 3}, {}},
    };
    if (req.perf) shapes = {{{1, 64, 28, 28}, {64, 32, 4, 4}, {{"strides", Dims{2, 2}}, {"pads", Dims{1, 1, 1, 1}}}}};
    std::vector<Case> out;
    for (const S& s : shapes) {
        const int64_t group = s.attrs.count("group") ? *s.attrs.at("group").get<int64_t>() : 1;
        Case c = makeCase(req, {{"x", values(rng, t, s.x)}, {"w", values(rng, t, s.w), true}, {"b", values(rng, t, {s.w[1] * group}), true}},
                          s.attrs);
        c.reduction = double(s.x[1] * numelOf(Dims(s.w.begin() + 2, s.w.end())));
        c.flops = 2.0 * double(numelOf(s.x)) * double(numelOf(s.w) / s.w[0]);
        c.allowDegenerate = s.x[0] == 0;
        out.push_back(std::move(c));
    }
    return out;
}

// ---- Matrix products ----

std::vector<Case> matMulCases(const GenRequest& req, Rng& rng) {
    const DataType t = typeOf(req);
    struct S {
        Dims a, b;
        bool constB;
    };
    std::vector<S> shapes = {
        {{13, 33}, {33, 7}, true},    {{1, 1}, {1, 1}, false},        {{3, 5, 17}, {17, 9}, true},
        {{2, 3, 5, 7}, {3, 7, 6}, false}, {{7}, {7, 5}, true},         {{4, 7}, {7}, false},
        {{7}, {7}, false},            {{0, 5}, {5, 3}, true},         {{4, 0}, {0, 3}, false},
        {{67, 130}, {130, 129}, true}, {{1, 64, 256}, {256, 64}, true}, {{5, 1, 9, 16}, {1, 4, 16, 3}, false},
    };
    if (req.perf) shapes = {{{512, 512}, {512, 512}, true}, {{1, 128, 768}, {768, 3072}, true}, {{8, 12, 128, 64}, {8, 12, 64, 128}, false}};
    std::vector<Case> out;
    for (const S& s : shapes) {
        Case c = makeCase(req, {{"a", values(rng, t, s.a)}, {"b", values(rng, t, s.b), s.constB}});
        const int64_t K = s.a.back();
        c.reduction = double(K);
        const int64_t N = s.b.size() == 1 ? 1 : s.b.back();
        const int64_t M = s.a.size() >= 2 ? s.a[s.a.size() - 2] : 1;
        const int64_t rows = std::max(numelOf(s.a) / std::max<int64_t>(K, 1), numelOf(s.b) / std::max<int64_t>(K * N, 1) * M);
        c.flops = 2.0 * double(rows) * double(K) * double(N);
        c.allowDegenerate = K == 0 || numelOf(s.a) == 0 || (!isFloatType(t) && numelOf(s.a) <= 1);
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<Case> gemmCases(const GenRequest& req, Rng& rng) {
    const DataType t = typeOf(req);
    struct S {
        int64_t M, K, N;
        bool transA, transB;
        float alpha, beta;
        Dims c;  // empty with hasC false: no C
        bool hasC;
    };
    std::vector<S> shapes = {
        {13, 33, 7, false, false, 1.f, 1.f, {7}, true},        {13, 33, 7, true, false, 1.f, 1.f, {13, 1}, true},
        {5, 17, 9, false, true, 0.5f, 2.f, {5, 9}, true},      {1, 1, 1, true, true, 1.f, 1.f, {}, true},
        {3, 67, 5, false, false, 1.f, 1.f, {}, false},         {64, 130, 33, true, true, 1.25f, -1.f, {1, 33}, true},
        {0, 4, 3, false, false, 1.f, 1.f, {3}, true},
    };
    if (req.perf) shapes = {{512, 512, 512, false, true, 1.f, 1.f, {512}, true}};
    const bool integer = !isFloatType(t);
    std::vector<Case> out;
    for (const S& s : shapes) {
        Attrs attrs;
        if (s.transA) attrs["transA"] = int64_t(1);
        if (s.transB) attrs["transB"] = int64_t(1);
        // Integer Gemm: alpha and beta stay 1 (the integer result of a scaled product is not exact).
        if (!integer && s.alpha != 1.f) attrs["alpha"] = s.alpha;
        if (!integer && s.beta != 1.f) attrs["beta"] = s.beta;
        Tensor a = values(rng, t, s.transA ? Dims{s.K, s.M} : Dims{s.M, s.K});
        Tensor b = values(rng, t, s.transB ? Dims{s.N, s.K} : Dims{s.K, s.N});
        Tensor c = s.hasC ? values(rng, t, s.c) : Tensor();
        Case k = makeCase(req, {{"a", a}, {"b", b, true}, {"c", c, true}}, attrs);
        k.reduction = double(s.K);
        k.flops = 2.0 * double(s.M * s.N * s.K);
        k.allowDegenerate = s.M == 0 || integer;
        out.push_back(std::move(k));
    }
    return out;
}

std::vector<Case> fusedMatMulCases(const GenRequest& req, Rng& rng) {
    const DataType t = typeOf(req);
    struct S {
        Dims a, b, bias, z;
        Attrs attrs;
    };
    std::vector<S> shapes = {
        {{13, 33}, {33, 7}, {7}, {}, {{"activation", "Relu"}}},
        {{3, 5, 17}, {17, 9}, {9}, {3, 5, 9}, {{"activation", "Gelu"}}},
        {{2, 3, 5, 7}, {3, 7, 6}, {}, {2, 3, 5, 6}, {{"activation", "None"}}},
        {{4, 0}, {0, 3}, {3}, {}, {{"activation", "SiLU"}}},
        {{33, 13}, {7, 33}, {7}, {13, 7}, {{"transA", int64_t(1)}, {"transB", int64_t(1)}, {"alpha", 0.5f}, {"activation", "Tanh"}}},
        {{1, 64, 130}, {130, 67}, {67}, {}, {{"activation", "LeakyRelu"}, {"activation_params", std::vector<float>{0.2f}}}},
        {{5, 16}, {16, 9}, {1, 9}, {5, 1}, {{"activation", "Clip"}, {"activation_params", std::vector<float>{-0.3f, 0.4f}}}},
        {{7, 12}, {12, 5}, {5}, {7, 5}, {{"activation", "HardSwish"}}},
        {{7, 12}, {12, 5}, {}, {}, {{"activation", "HardSigmoid"}, {"activation_params", std::vector<float>{0.2f, 0.5f}}}},
        {{7, 12}, {12, 5}, {5}, {}, {{"activation", "Sigmoid"}}},
        {{7, 12}, {12, 5}, {5}, {}, {{"activation", "GeluTanh"}}},
        // The CUDA epilogue's packed pass (16 bytes a thread: widths and bias periods multiples of
        // 4 fp32 elements), and a width it must leave to the scalar pass (bias period 6).
        {{6, 40}, {40, 24}, {24}, {}, {{"activation", "Gelu"}}},
        {{3, 16}, {16, 12}, {12}, {3, 12}, {{"activation", "HardSwish"}}},
        {{4, 10}, {10, 6}, {6}, {4, 6}, {{"activation", "Gelu"}}},
        // The CUDA "cutlass" variant (fp16/bf16, erf GELU, N and K multiples of 8, no Z): rows past
        // one 128-row tile and a K of two 64-deep steps and a half, with a bias and without.
        {{2, 75, 160}, {160, 136}, {136}, {}, {{"activation", "Gelu"}}},
        {{3, 50, 72}, {72, 264}, {}, {}, {{"activation", "Gelu"}}},
    };
    // BERT-base's FFN-up at batch 1 and 32, ViT-B/16's at batch 32 (197 tokens: M = 6304).
    if (req.perf)
        shapes = {{{1, 128, 768}, {768, 3072}, {3072}, {}, {{"activation", "Gelu"}}},
                  {{32, 128, 768}, {768, 3072}, {3072}, {}, {{"activation", "Gelu"}}},
                  {{32, 197, 768}, {768, 3072}, {3072}, {}, {{"activation", "Gelu"}}}};
    std::vector<Case> out;
    for (const S& s : shapes) {
        const bool transA = s.attrs.count("transA") != 0;
        Case c = makeCase(req, {{"a", values(rng, t, s.a)}, {"b", values(rng, t, s.b), true},
                                {"bias", s.bias.empty() ? Tensor() : values(rng, t, s.bias), true},
                                {"z", s.z.empty() ? Tensor() : values(rng, t, s.z)}},
                          s.attrs);
        const int64_t K = transA ? s.a[0] : s.a.back();
        c.reduction = double(K);
        c.flops = 2.0 * double(numelOf(s.a)) * double(s.attrs.count("transB") ? s.b[0] : s.b.back());
        c.allowDegenerate = K == 0;
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<Case> einsumCases(const GenRequest& req, Rng& rng) {
    const DataType t = typeOf(req);
    struct S {
        std::string eq;
        std::vector<Dims> ins;
    };
    std::vector<S> shapes = {
        {"ij,jk->ik", {{13, 33}, {33, 7}}},
        {"bij,bjk->bik", {{3, 5, 17}, {3, 17, 9}}},
        {"ii->i", {{7, 7}}},
        {"ij->ji", {{5, 13}}},
        {"i,i->", {{67}, {67}}},
        {"bhqd,bhkd->bhqk", {{1, 3, 5, 8}, {1, 3, 7, 8}}},
        {"ij->", {{3, 17}}},
        {"i,j->ij", {{5}, {3}}},
        {"...ij,...jk->...ik", {{2, 3, 4, 5}, {3, 5, 2}}},
    };
    if (req.perf) shapes = {{"bhqd,bhkd->bhqk", {{8, 12, 128, 64}, {8, 12, 128, 64}}}};
    std::vector<Case> out;
    for (const S& s : shapes) {
        std::vector<CaseInput> ins;
        for (size_t i = 0; i < s.ins.size(); ++i) ins.push_back({std::string(1, char('a' + i)), values(rng, t, s.ins[i])});
        Case c = makeCase(req, ins, {{"equation", s.eq}});
        c.reduction = 64;
        c.allowDegenerate = !isFloatType(t);
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<Case> attentionCases(const GenRequest& req, Rng& rng) {
    // Timings in the requested type (cuDNN's fused attention takes fp16 and bf16 only); the checks
    // in fp32, which the harness lowers to each tactic's precision.
    const DataType t = req.perf ? typeOf(req) : DataType::Float32;
    struct S {
        Dims q, kt, v, mask;
        float scale;
        bool maskRow;  // one fully masked row (-inf), with nan_to_zero
    };
    std::vector<S> shapes = {
        {{1, 1, 5, 8}, {1, 1, 8, 7}, {1, 1, 7, 8}, {}, 0.35f, false},
        {{2, 3, 13, 16}, {2, 3, 16, 13}, {2, 3, 13, 16}, {13, 13}, 0.25f, false},
        {{1, 4, 1, 17}, {1, 4, 17, 33}, {1, 4, 33, 5}, {1, 1, 1, 33}, 0.2f, false},
        {{2, 1, 6, 8}, {1, 3, 8, 9}, {1, 3, 9, 4}, {6, 9}, 0.3f, true},  // batch dims broadcast
        {{1, 2, 0, 8}, {1, 2, 8, 5}, {1, 2, 5, 8}, {}, 0.3f, false},
    };
    if (req.perf) shapes = {{{8, 12, 128, 64}, {8, 12, 64, 128}, {8, 12, 128, 64}, {128, 128}, 0.125f, false}};
    std::vector<Case> out;
    for (const S& s : shapes) {
        Tensor mask;
        if (!s.mask.empty()) {
            mask = randomTensor(rng, t, s.mask, -2, 0);
            if (s.maskRow)
                for (int64_t j = 0; j < s.mask.back(); ++j) mask.data<float>()[j] = -INFINITY;
        }
        Attrs attrs = {{"scale", s.scale}};
        if (s.maskRow) attrs["nan_to_zero"] = int64_t(1);
        Case c = makeCase(req, {{"q", values(rng, t, s.q)}, {"kt", values(rng, t, s.kt)}, {"v", values(rng, t, s.v)}, {"mask", mask}}, attrs);
        c.reduction = double(s.kt.back());
        c.flops = 2.0 * double(numelOf(s.q)) * double(s.kt.back()) * 2;
        c.allowDegenerate = s.q[2] == 0;
        out.push_back(std::move(c));
    }
    // The strided form (engine_core/passes/attention_layout.cpp): Q, K, V read from one projection
    // [B, S, 3·H·D] as BERT's heads are, the output written as [B, S, H·Dv]; and ViT's [S, B, 3·E]
    // unbinding with K stored transposed ([B, H, D, T]: its columns contiguous).
    struct Strided {
        int64_t B, H, S, D;
        bool seqFirst;  // ViT: the projection is [S, B, 3E]
        bool keyColumns;  // K given as Kᵀ [B, H, D, T]
        // 0: [S, S]; 1: [S, S] with query row 1 fully masked (-inf), nan_to_zero; 2: [S, 1], one
        // value per query row; 3: [B, 1, 1, S] (a key padding mask, as HF BERT's); 4: [B, 1, S, S]
        // (HF BERT's mask expanded over the queries); 5: none
        int mask = 0;
        bool nanToZero = false;
    };
    std::vector<Strided> strided = {{2, 3, 7, 8, false, false}, {2, 2, 5, 4, true, true}, {1, 4, 3, 16, false, true},
                                   {1, 2, 1, 8, false, false}, {1, 2, 130, 16, false, false},  // 3 blocks of query rows
                                   {2, 3, 49, 32, false, false, 1},  // Swin-T's window (49 keys, 3 heads of 32)
                                   {1, 2, 20, 8, false, false, 2}};
    // BERT-base at batch 32 with each mask form HF exports (and without one), ViT-B/16 at batch 32.
    if (req.perf)
        strided = {{8, 12, 128, 64, false, false},     {32, 12, 128, 64, false, false, 5},
                   {32, 12, 128, 64, false, false, 3}, {32, 12, 128, 64, false, false, 4},
                   {32, 12, 128, 64, false, false, 4, true}, {32, 12, 197, 64, true, false, 5}};
    for (const Strided& st : strided) {
        const int64_t B = st.B, H = st.H, S = st.S, D = st.D, E = H * D;
        // Projection strides per (b, s) row: BERT [B, S, 3E] or ViT [S, B, 3E].
        const int64_t sB = st.seqFirst ? 3 * E : S * 3 * E, sS = st.seqFirst ? B * 3 * E : 3 * E;
        Tensor qkv = values(rng, t, st.seqFirst ? Dims{S, B, 3 * E} : Dims{B, S, 3 * E});
        Tensor kt = values(rng, t, {B, H, D, S});
        const Dims maskDims = st.mask == 2 ? Dims{S, 1} : st.mask == 3 ? Dims{B, 1, 1, S} : st.mask == 4 ? Dims{B, 1, S, S} : Dims{S, S};
        Tensor mask = st.mask == 5 ? Tensor() : values(rng, t, maskDims);
        if (st.mask == 1)
            for (int64_t j = 0; j < S; ++j) mask.data<float>()[S + j] = -INFINITY;
        Attrs attrs = {{"scale", 1.f / std::sqrt(float(D))},
                       {"dims", std::vector<int64_t>{B, H, S, S, D, D}},
                       {"q_view", std::vector<int64_t>{0, sB, D, sS, 1}},
                       {"k_view", st.keyColumns ? std::vector<int64_t>{0, H * D * S, D * S, 1, S}
                                                : std::vector<int64_t>{E, sB, D, sS, 1}},
                       {"v_view", std::vector<int64_t>{2 * E, sB, D, sS, 1}},
                       // [B, S, E] (BERT) or [S, B, E] (ViT's heads merged back in sequence-first order)
                       {"o_view", st.seqFirst ? std::vector<int64_t>{E, D, B * E, 1} : std::vector<int64_t>{S * E, D, E, 1}},
                       {"o_dims", st.seqFirst ? std::vector<int64_t>{S, B, E} : std::vector<int64_t>{B, S, E}}};
        if (st.mask == 1 || st.nanToZero) attrs["nan_to_zero"] = int64_t(1);
        Case c = makeCase(req, {{"q", qkv}, {"k", st.keyColumns ? kt : qkv}, {"v", qkv}, {"mask", mask}}, attrs);
        c.reduction = double(S);
        c.flops = 4.0 * double(B * H * S * S * D);
        out.push_back(std::move(c));
    }
    return out;
}

// ---- Pools ----

std::vector<Case> poolCases(const GenRequest& req, Rng& rng) {
    const DataType t = typeOf(req);
    std::vector<Case> out;
    auto x = [&](const Dims& d) { return isFloatType(t) ? randomTensor(rng, t, d) : randomTensor(rng, t, d, isUnsigned(t) ? 0 : -100, 100); };
    if (req.op == "GlobalAveragePool" || req.op == "GlobalMaxPool") {
        std::vector<Dims> shapes = {{1, 5, 7, 9}, {2, 17, 1, 1}, {1, 3, 33}, {1, 2, 3, 4, 5}, {0, 3, 4, 4}, {1, 64, 28, 28}};
        if (req.perf) shapes = {{8, 256, 28, 28}};
        for (const Dims& d : shapes) {
            Case c = makeCase(req, {{"x", x(d)}});
            c.reduction = double(numelOf(d) / std::max<int64_t>(1, d[0] * d[1]));
            c.allowDegenerate = d[0] == 0;
            out.push_back(std::move(c));
        }
        return out;
    }
    struct S {
        Dims x;
        Attrs attrs;
    };
    std::vector<S> shapes = {
        {{1, 3, 13, 17}, {{"kernel_shape", Dims{3, 3}}, {"strides", Dims{2, 2}}, {"pads", Dims{1, 1, 1, 1}}}},
        {{2, 5, 9, 11}, {{"kernel_shape", Dims{2, 3}}, {"ceil_mode", int64_t(1)}, {"strides", Dims{2, 2}}}},
        {{1, 7, 33}, {{"kernel_shape", Dims{4}}, {"strides", Dims{3}}, {"pads", Dims{1, 2}}}},
        {{1, 2, 5, 6, 7}, {{"kernel_shape", Dims{2, 2, 3}}}},
        {{1, 17, 8, 8}, {{"kernel_shape", Dims{3, 3}}, {"auto_pad", "SAME_UPPER"}}},
        {{1, 3, 1, 1}, {{"kernel_shape", Dims{1, 1}}}},
        {{0, 3, 5, 5}, {{"kernel_shape", Dims{2, 2}}}},
        {{1, 64, 28, 28}, {{"kernel_shape", Dims{3, 3}}, {"strides", Dims{2, 2}}, {"pads", Dims{0, 0, 1, 1}}}},
    };
    if (req.op == "MaxPool") shapes.push_back({{1, 4, 10, 9}, {{"kernel_shape", Dims{3, 2}}, {"dilations", Dims{2, 2}}}});
    if (req.op == "AveragePool") {
        shapes.push_back({{1, 4, 10, 9}, {{"kernel_shape", Dims{3, 3}}, {"pads", Dims{1, 1, 1, 1}}, {"count_include_pad", int64_t(1)}}});
        shapes.push_back({{1, 5, 7, 7}, {{"kernel_shape", Dims{3, 3}}, {"strides", Dims{2, 2}}, {"ceil_mode", int64_t(1)}, {"pads", Dims{1, 1, 1, 1}}}});
    }
    if (req.perf) shapes = {{{8, 64, 112, 112}, {{"kernel_shape", Dims{3, 3}}, {"strides", Dims{2, 2}}, {"pads", Dims{1, 1, 1, 1}}}}};
    for (const S& s : shapes) {
        Case c = makeCase(req, {{"x", x(s.x)}}, s.attrs);
        c.reduction = 9;
        c.allowDegenerate = s.x[0] == 0;
        out.push_back(std::move(c));
    }
    return out;
}

// ---- Normalizations and softmax ----

std::vector<Case> normCases(const GenRequest& req, Rng& rng) {
    const DataType t = typeOf(req);
    const std::string& op = req.op;
    std::vector<Case> out;
    auto r = [&](const Dims& d, double lo = -1, double hi = 1) { return randomTensor(rng, t, d, lo, hi); };
    // The last six: rows of 300, 768 (BERT's hidden size), 1100, 512, 256 and 384 elements for the
    // CUDA normalizations' packed register form (a warp per row, 1 to 4 packs a lane; LayerNorm's
    // Scale and B read a pack at a time; the last, 384, without B) and the walk.
    std::vector<Dims> shapes = {{2, 5},   {1, 3, 13, 17}, {2, 7, 9},   {1, 5, 2, 3, 4}, {3, 1, 1, 1},
                                {0, 3, 4}, {2, 64, 28, 28}, {3, 300}, {4, 7, 768}, {2, 1100},
                                {5, 512}, {6, 256},        {4, 384}};
    if (req.perf) shapes = {{8, 64, 56, 56}};
    // BERT-base at batch 32: 4096 rows of 768, without B and with it.
    if (req.perf && op == "LayerNormalization") shapes = {{4096, 768}, {4096, 768}};
    int n = 0;
    for (const Dims& d : shapes) {
        const int64_t C = d[1];
        const int64_t spatial = numelOf(d) / std::max<int64_t>(1, d[0] * C);
        Case c;
        if (op == "BatchNormalization") {
            c = makeCase(req, {{"x", r(d)}, {"scale", r({C}), true}, {"b", r({C}), true}, {"mean", r({C}), true},
                               {"var", r({C}, 0.2, 2), true}},
                         {{"epsilon", 1e-3f}});
        } else if (op == "InstanceNormalization") {
            if (d.size() < 3) continue;
            c = makeCase(req, {{"x", r(d)}, {"scale", r({C}), true}, {"b", r({C}), true}}, {{"epsilon", 1e-4f}});
            c.reduction = double(spatial);
        } else if (op == "GroupNormalization") {
            if (d.size() < 3) continue;
            const int64_t groups = C % 3 == 0 ? 3 : C % 2 == 0 ? 2 : 1;
            c = makeCase(req, {{"x", r(d)}, {"scale", r({C}), true}, {"b", r({C}), true}},
                         {{"num_groups", groups}, {"epsilon", 1e-5f}});
            c.reduction = double(spatial * C / groups);
        } else if (op == "LayerNormalization") {
            const int64_t axis = n % 2 ? 1 : -1;
            const size_t a = size_t(axis < 0 ? int64_t(d.size()) + axis : axis);
            const Dims normDims(d.begin() + std::ptrdiff_t(a), d.end());
            c = makeCase(req, {{"x", r(d)}, {"scale", r(normDims), true}, {"b", n % 3 ? r(normDims) : Tensor(), true}},
                         {{"axis", axis}, {"epsilon", 1e-5f}});
            c.reduction = double(numelOf(normDims));
        } else if (op == "LpNormalization") {
            c = makeCase(req, {{"x", r(d)}}, {{"axis", int64_t(n % 2 ? 1 : -1)}, {"p", int64_t(n % 3 == 1 ? 1 : 2)}});
            c.reduction = double(d.back());
        } else if (op == "MeanVarianceNormalization") {
            if (d.size() < 3) continue;
            Attrs attrs;
            if (n % 2) attrs["axes"] = Dims{1};
            else attrs["axes"] = d.size() == 3 ? Dims{0, 2} : Dims{0, 2, 3};
            c = makeCase(req, {{"x", r(d)}}, attrs);
            c.reduction = double(numelOf(d) / C);
        } else if (op == "LRN") {
            if (d.size() < 3) continue;
            c = makeCase(req, {{"x", r(d)}}, {{"size", int64_t(n % 2 ? 3 : 5)}, {"alpha", 1e-2f}, {"beta", 0.75f}, {"bias", 1.f}});
        }
        c.allowDegenerate = numelOf(d) == 0 || (op == "LpNormalization" && d.back() == 1) ||
                            ((op == "InstanceNormalization" || op == "MeanVarianceNormalization") && spatial == 1);
        out.push_back(std::move(c));
        ++n;
    }
    return out;
}

std::vector<Case> softmaxCases(const GenRequest& req, Rng& rng) {
    const DataType t = typeOf(req);
    struct S {
        Dims x;
        int64_t axis;
    };
    std::vector<S> shapes = {{{13}, -1}, {{3, 5, 7}, -1}, {{3, 5, 7}, 1}, {{3, 5, 7}, 0}, {{2, 17, 33}, 2},
                             {{1, 1}, -1}, {{4, 0}, 0}, {{8, 12, 67}, -1}, {{2, 3, 1}, -1}};
    if (req.perf) shapes = {{{8, 12, 128, 128}, -1}};
    std::vector<Case> out;
    for (const S& s : shapes) {
        // Hardmax: ties from a small value set (the first maximum wins).
        Tensor x = req.op == "Hardmax" ? quantizedTensor(rng, t, s.x, 7) : randomTensor(rng, t, s.x, -3, 3);
        Case c = makeCase(req, {{"x", x}}, {{"axis", s.axis}});
        c.reduction = double(s.x[size_t(s.axis < 0 ? int64_t(s.x.size()) + s.axis : s.axis)]);
        c.allowDegenerate = numelOf(s.x) == 0 || (req.op == "LogSoftmax" && c.reduction == 1) || numelOf(s.x) == 1;
        out.push_back(std::move(c));
    }
    return out;
}

// ---- Reductions ----

std::vector<Case> reduceCases(const GenRequest& req, Rng& rng) {
    const DataType t = typeOf(req);
    const std::string& op = req.op;
    const bool positive = op == "ReduceLogSum" || op == "ReduceProd";
    const bool prod = op == "ReduceProd";
    struct S {
        Dims x;
        Dims axes;  // {} with noAxes: every axis
        bool noAxes;
        int64_t keepdims;
    };
    std::vector<S> shapes = {{{3, 5, 7}, {1}, false, 1}, {{3, 5, 7}, {0, 2}, false, 0}, {{3, 5, 7}, {}, true, 1},
                             {{2, 17, 33}, {-1}, false, 0}, {{13}, {0}, false, 1}, {{1, 1, 67}, {1}, false, 1},
                             {{0, 5}, {1}, false, 1}, {{4, 64, 56}, {1, 2}, false, 1}, {{2, 3, 4, 5}, {0, 3}, false, 0}};
    if (req.perf) shapes = {{{64, 1024, 49}, {2}, false, 1}};
    std::vector<Case> out;
    for (const S& s : shapes) {
        // Products: short axes for integers (no overflow), factors near 1 for floats.
        if (prod && !isFloatType(t) && (s.x == Dims{4, 64, 56} || s.x == Dims{2, 17, 33})) continue;
        Tensor x;
        // Long products of factors in [0.5, 1.5] underflow to 0; [0.9, 1.1] keeps them near 1.
        if (isFloatType(t)) x = prod ? randomTensor(rng, t, s.x, 0.9, 1.1) : positive ? randomTensor(rng, t, s.x, 0.5, 1.5) : randomTensor(rng, t, s.x);
        else x = randomTensor(rng, t, s.x, prod ? (isUnsigned(t) ? 1 : -2) : isUnsigned(t) ? 0 : -9, prod ? 2 : 9);
        if (op == "ReduceLogSum" && !isFloatType(t)) x = randomTensor(rng, t, s.x, 1, 9);
        if (op == "ReduceLogSumExp" && !isFloatType(t)) x = randomTensor(rng, t, s.x, isUnsigned(t) ? 0 : -3, 3);
        std::vector<CaseInput> ins = {{"x", x}, {"axes", s.noAxes ? Tensor() : int64Tensor(s.axes), true}};
        Case c = makeCase(req, ins, {{"keepdims", s.keepdims}});
        int64_t reduced = 1;
        if (s.noAxes) reduced = numelOf(s.x);
        for (int64_t a : s.axes) reduced *= s.x[size_t(a < 0 ? int64_t(s.x.size()) + a : a)];
        c.reduction = double(reduced);
        // Integer Mean/L2/LogSum round; products of factors up to 1.5 grow: relative error matters.
        c.allowDegenerate = numelOf(s.x) == 0 || !isFloatType(t);
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<Case> argCases(const GenRequest& req, Rng& rng) {
    const DataType t = typeOf(req);
    struct S {
        Dims x;
        int64_t axis, keepdims, last;
    };
    std::vector<S> shapes = {{{3, 5, 7}, 1, 1, 0}, {{3, 5, 7}, -1, 0, 1}, {{13}, 0, 1, 0}, {{2, 17, 33}, 2, 0, 0},
                             {{1, 1, 67}, 2, 1, 1}, {{4, 64, 56}, 1, 1, 0}, {{5, 0}, 0, 1, 0}};
    if (req.perf) shapes = {{{64, 1024, 49}, 1, 1, 0}};
    std::vector<Case> out;
    for (const S& s : shapes) {
        // Ties (a small value set) make select_last_index mean something.
        Case c = makeCase(req, {{"x", quantizedTensor(rng, t, s.x, 7)}},
                          {{"axis", s.axis}, {"keepdims", s.keepdims}, {"select_last_index", s.last}});
        c.allowDegenerate = true;  // indices may all be 0 on a size-1 axis
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<Case> cumSumCases(const GenRequest& req, Rng& rng) {
    const DataType t = typeOf(req);
    struct S {
        Dims x;
        int64_t axis, exclusive, reverse;
    };
    std::vector<S> shapes = {{{13}, 0, 0, 0}, {{3, 5, 7}, 1, 1, 0}, {{3, 5, 7}, -1, 0, 1}, {{2, 17, 33}, 2, 1, 1},
                             {{1, 1, 67}, 0, 0, 0}, {{0, 4}, 1, 0, 0}, {{4, 64, 56}, 1, 0, 0}};
    if (req.perf) shapes = {{{64, 1024, 49}, 1, 0, 0}};
    std::vector<Case> out;
    for (const S& s : shapes) {
        Tensor x = isFloatType(t) ? randomTensor(rng, t, s.x) : randomTensor(rng, t, s.x, 0, 3);
        Case c = makeCase(req, {{"x", x}, {"axis", int64Scalar(s.axis), true}}, {{"exclusive", s.exclusive}, {"reverse", s.reverse}});
        c.reduction = double(s.x[size_t(s.axis < 0 ? int64_t(s.x.size()) + s.axis : s.axis)]);
        c.allowDegenerate = numelOf(s.x) <= 13 || !isFloatType(t);
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<Case> topKCases(const GenRequest& req, Rng& rng) {
    const DataType t = typeOf(req);
    struct S {
        Dims x;
        int64_t k, axis, largest, sorted;
    };
    std::vector<S> shapes = {{{13}, 5, 0, 1, 1}, {{3, 5, 7}, 2, 1, 0, 1}, {{3, 5, 7}, 7, -1, 1, 1}, {{2, 17, 33}, 1, 2, 1, 1},
                             {{1, 67}, 13, 1, 0, 1}, {{4, 0}, 0, 1, 1, 1}, {{4, 64, 56}, 3, 2, 1, 1}};
    if (req.perf) shapes = {{{64, 1000}, 5, 1, 1, 1}};
    std::vector<Case> out;
    for (const S& s : shapes) {
        // Distinct values along the axis (a shuffled range), so the indices are unambiguous.
        Tensor x(t, s.x);
        std::vector<int64_t> perm(size_t(numelOf(s.x)));
        std::iota(perm.begin(), perm.end(), 0);
        for (size_t i = perm.size(); i > 1; --i) std::swap(perm[i - 1], perm[size_t(rng.integer(0, int64_t(i) - 1))]);
        std::vector<double> v;
        const double range = isFloatType(t) ? double(perm.size()) : 1;
        for (int64_t p : perm) {
            double value = isFloatType(t) ? 2.0 * double(p) / range - 1.0 : double(p % (isUnsigned(t) ? 120 : 120) - (isUnsigned(t) ? 0 : 60));
            v.push_back(value);
        }
        if (!isFloatType(t) || t == DataType::Float16 || t == DataType::BFloat16) {
            // Integers and short floats: distinct only along the axis, through a per-row shuffle.
            const size_t axis = size_t(s.axis < 0 ? int64_t(s.x.size()) + s.axis : s.axis);
            const int64_t len = s.x[axis];
            int64_t inner = 1;
            for (size_t d = axis + 1; d < s.x.size(); ++d) inner *= s.x[d];
            for (int64_t i = 0; i < numelOf(s.x); ++i) {
                const int64_t pos = (i / inner) % len;
                v[size_t(i)] = double((pos * 7 + (i / inner / len) * 3) % len) - (isUnsigned(t) ? 0 : double(len / 2));
                if (isFloatType(t)) v[size_t(i)] *= 0.25;
            }
        }
        x = tensorOf(t, s.x, v);
        Case c = makeCase(req, {{"x", x}, {"k", int64Tensor({s.k}), true}}, {{"axis", s.axis}, {"largest", s.largest}, {"sorted", s.sorted}});
        c.numOutputs = 2;
        c.allowDegenerate = true;
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace

void addNnGenerators(GeneratorTable& table) {
    table["Conv"] = convCases;
    table["kiln::FusedConv"] = convCases;
    table["ConvTranspose"] = convTransposeCases;
    table["MatMul"] = matMulCases;
    table["Gemm"] = gemmCases;
    table["kiln::FusedMatMul"] = fusedMatMulCases;
    table["Einsum"] = einsumCases;
    table["kiln::Attention"] = attentionCases;
    for (const char* op : {"MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool"}) table[op] = poolCases;
    for (const char* op : {"BatchNormalization", "InstanceNormalization", "GroupNormalization", "LayerNormalization",
                           "LpNormalization", "MeanVarianceNormalization", "LRN"})
        table[op] = normCases;
    for (const char* op : {"Softmax", "LogSoftmax", "Hardmax"}) table[op] = softmaxCases;
    for (const char* op : {"ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2",
                           "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare"})
        table[op] = reduceCases;
    table["ArgMax"] = argCases;
    table["ArgMin"] = argCases;
    table["CumSum"] = cumSumCases;
    table["TopK"] = topKCases;
}

}  // namespace kiln::ops
