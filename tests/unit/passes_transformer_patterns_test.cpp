// Transformer patterns as common exporters write them (issue 13, item 3): LayerNorm decomposed at
// opsets below 17 in its variants, and attention as the torchvision ViT (nn.MultiheadAttention with
// the fast path off), HuggingFace BERT and GPT-2 exports write it, with transposed and reshaped
// Q/K/V around it; each beside near-misses that must not fuse.
#include <cmath>
#include <limits>

#include "tests/unit/onnx_test_util.h"
#include "tests/unit/passes_test_util.h"

namespace kiln::test {
namespace {

using namespace kiln::passes;

// ---- LayerNorm ----

// ReduceMean's axes as an attribute (opset < 18) never reach the passes: the importer turns them
// into the input (ImportedOpsetBelow18Forms below goes through it).
struct LayerNormForm {
    int normalize = 0;           // 0: d / s; 1: d · Reciprocal(s); 2: d · (1 ÷ s)
    bool sqrtAsPow = false;      // s = Pow(σ²+ε, 0.5)
    int64_t varianceAxis = -1;   // a near-miss: the variance over another axis
    bool recipObserved = false;  // a near-miss: 1/s also read elsewhere
};

std::unique_ptr<Graph> layerNorm(const LayerNormForm& f) {
    GraphBuilder b("layernorm_form");
    Shape s{2, 3, 8}, r{2, 3, 1};
    Value* x = b.input("x", s);
    auto reduceMean = [&](const std::string& name, Value* in, int64_t axis, Shape out) {
        return b.op("ReduceMean", name, {in, b.ints(name + "_axes", {axis})}, out);
    };
    Value* d = b.op("Sub", "sub", {x, reduceMean("mean", x, -1, r)}, s);
    Value* sq = b.op("Pow", "sq", {d, b.scalar("two", 2.f)}, s);
    Value* var = reduceMean("var", sq, f.varianceAxis, f.varianceAxis == -1 ? r : Shape{2, 1, 8});
    Value* ve = b.op("Add", "eps", {var, b.scalar("epsilon", 1e-5f)}, var->shape);
    Value* sd = f.sqrtAsPow ? b.op("Pow", "sqrt", {ve, b.scalar("half", 0.5f)}, ve->shape) : b.op("Sqrt", "sqrt", {ve}, ve->shape);
    Value* n = nullptr;
    if (f.normalize == 0) {
        n = b.op("Div", "div", {d, sd}, s);
    } else {
        Value* inv = f.normalize == 1 ? b.op("Reciprocal", "inv", {sd}, sd->shape)
                                      : b.op("Div", "inv", {b.scalar("one", 1.f), sd}, sd->shape);
        if (f.recipObserved) b.output(inv);
        n = b.op("Mul", "div", {inv, d}, s);
    }
    Value* g = b.op("Mul", "gamma", {n, b.weights("ln.weight", {8})}, s);
    b.output(b.op("Add", "beta", {g, b.weights("ln.bias", {8})}, s));
    return b.release();
}

TEST(PassesTransformerPatterns, LayerNormVariantsAreRecognized) {
    std::vector<std::pair<std::string, LayerNormForm>> cases = {
        {"d / s", {0, false}},
        {"times Reciprocal", {1, false}},
        {"times 1/s, s as Pow 0.5", {2, true}},
    };
    for (const auto& [form, f] : cases) {
        SCOPED_TRACE(form);
        auto g = layerNorm(f);
        FusionReport r = runRule(*g, makeRecognizeLayerNormRule());
        EXPECT_EQ(r.timesFired("RecognizeLayerNorm"), 1);
        ASSERT_EQ(g->nodeCount(), 1u);
        const Node* ln = g->nodes()[0];
        EXPECT_EQ(ln->opType, "LayerNormalization");
        EXPECT_EQ(ln->attrInt("axis", 0), 2);
        EXPECT_EQ(ln->origin.size(), f.normalize ? 10u : 9u);
        expectSameOutputs([f = f] { return layerNorm(f); }, *g);
    }
}

TEST(PassesTransformerPatterns, LayerNormLookalikesAreNotRecognized) {
    std::vector<std::pair<std::string, LayerNormForm>> cases = {
        {"variance over another axis", {0, false, 1}},
        {"1/s also an output", {1, false, -1, true}},
    };
    for (const auto& [form, f] : cases) {
        SCOPED_TRACE(form);
        auto g = layerNorm(f);
        runRule(*g, makeRecognizeLayerNormRule());
        EXPECT_EQ(countOps(*g, "LayerNormalization"), 0);
        EXPECT_EQ(countOps(*g, "ReduceMean"), 2);
    }
}

// Imported below opset 18: torch's LayerNorm at opset 13 (ReduceMean's axes an attribute) and, at
// opset 10, a HardSwish written with ReLU6 as Clip(min=0, max=6) attributes. The importer moves both
// into inputs; level 2 then makes one LayerNormalization and one HardSwish.
std::unique_ptr<Graph> importedOldOpsets(bool hardSwish) {
    constexpr int F = onnx::TensorProto::FLOAT;
    ModelBuilder m(hardSwish ? 10 : 13);
    m.input("x", F, {2, 3, 8});
    m.output("y", F, {2, 3, 8});
    if (hardSwish) {
        m.initializer("three", Tensor::scalar<float>(3.f));
        m.initializer("six", Tensor::scalar<float>(6.f));
        m.node("Add", {"x", "three"}, {"s"}, "add3");
        auto& clip = m.node("Clip", {"s"}, {"c"}, "relu6");
        setFloat(clip, "min", 0.f);
        setFloat(clip, "max", 6.f);
        m.node("Mul", {"x", "c"}, {"p"}, "mulx");
        m.node("Div", {"p", "six"}, {"y"}, "div6");
    } else {
        m.initializer("two", Tensor::scalar<float>(2.f));
        m.initializer("eps", Tensor::scalar<float>(1e-5f));
        m.initializer("gamma", Tensor::fromVector<float>({8}, {1, 2, 3, 4, 5, 6, 7, 8}));
        m.initializer("beta", Tensor::fromVector<float>({8}, {0, -1, 1, -2, 2, -3, 3, 0}));
        setInts(m.node("ReduceMean", {"x"}, {"mean"}, "mean"), "axes", {-1});
        m.node("Sub", {"x", "mean"}, {"d"}, "sub");
        m.node("Pow", {"d", "two"}, {"sq"}, "pow");
        setInts(m.node("ReduceMean", {"sq"}, {"var"}, "var"), "axes", {-1});
        m.node("Add", {"var", "eps"}, {"ve"}, "add_eps");
        m.node("Sqrt", {"ve"}, {"sd"}, "sqrt");
        m.node("Div", {"d", "sd"}, {"n"}, "div");
        m.node("Mul", {"n", "gamma"}, {"g"}, "mul_gamma");
        m.node("Add", {"g", "beta"}, {"y"}, "add_beta");
    }
    return importBuilt(m).graph;
}

TEST(PassesTransformerPatterns, ImportedOpsetBelow18Forms) {
    for (bool hardSwish : {false, true}) {
        SCOPED_TRACE(hardSwish);
        auto g = importedOldOpsets(hardSwish);
        ASSERT_NE(g, nullptr);
        OptimizerOptions options;
        options.level = 2;
        optimizeGraph(*g, options);
        ASSERT_EQ(g->nodeCount(), 1u) << g->dump();
        EXPECT_EQ(g->nodes()[0]->opType, hardSwish ? "HardSwish" : "LayerNormalization");
        expectSameOutputs([hardSwish] { return importedOldOpsets(hardSwish); }, *g);
    }
}

// ---- attention ----

constexpr float kFinfoMin = -3.4028234663852886e38f;

// Q, K, V projected from x[N=2, L=4, E=8] by one MatMul + bias (GPT-2's c_attn, MHA's in_proj), then
// Split (or three Slices) and per-head [2, 2, 4, 4] through Reshape + Transpose; Kᵀ by a Transpose.
struct Qkv {
    Value *q, *kt, *v;
};
Qkv projectQkv(GraphBuilder& b, Value* x, bool slices) {
    Shape p{2, 4, 24}, one{2, 4, 8}, heads{2, 4, 2, 4}, bh{2, 2, 4, 4};
    Value* proj = b.op("Add", "in_proj_bias",
                       {b.op("MatMul", "in_proj", {x, b.weights("in_proj.weight", {8, 24})}, p), b.weights("in_proj.bias", {24})}, p);
    std::vector<Value*> parts;
    if (!slices) {
        Value* out[3] = {b.graph().addValue("q_flat"), b.graph().addValue("k_flat"), b.graph().addValue("v_flat")};
        for (Value* o : out) {
            o->dtype = DataType::Float32;
            o->shape = one;
        }
        Node* split = b.graph().addNode("Split", "split_qkv", {proj, b.ints("split", {8, 8, 8})}, {out[0], out[1], out[2]});
        split->attributes["axis"] = int64_t(-1);
        split->origin = {"split_qkv"};
        parts.assign(out, out + 3);
    } else {
        for (int i = 0; i < 3; ++i) {
            std::string n = "slice" + std::to_string(i);
            parts.push_back(b.op("Slice", n, {proj, b.ints(n + "_start", {8 * i}), b.ints(n + "_end", {8 * i + 8}), b.ints(n + "_axes", {-1})},
                                 one));
        }
    }
    auto perHead = [&](Value* t, const std::string& n, std::vector<int64_t> perm, Shape out) {
        Value* r = b.op("Reshape", n + "_heads", {t, b.ints(n + "_shape", {2, 4, 2, 4})}, heads);
        return b.op("Transpose", n + "_perm", {r}, out, {{"perm", perm}});
    };
    Value* q = perHead(parts[0], "q", {0, 2, 1, 3}, bh);
    Value* k = perHead(parts[1], "k", {0, 2, 1, 3}, bh);
    Value* kt = b.op("Transpose", "k_t", {k}, bh, {{"perm", std::vector<int64_t>{0, 1, 3, 2}}});
    Value* v = perHead(parts[2], "v", {0, 2, 1, 3}, bh);
    return {q, kt, v};
}

// Merges the heads back and projects: Transpose → Reshape → MatMul.
void mergeHeads(GraphBuilder& b, Value* ctx) {
    Value* t = b.op("Transpose", "merge_perm", {ctx}, Shape{2, 4, 2, 4}, {{"perm", std::vector<int64_t>{0, 2, 1, 3}}});
    Value* m = b.op("Reshape", "merge", {t, b.ints("merge_shape", {2, 4, 8})}, Shape{2, 4, 8});
    b.output(b.op("MatMul", "out_proj", {m, b.weights("out_proj.weight", {8, 8})}, Shape{2, 4, 8}));
}

// torchvision's ViT through nn.MultiheadAttention with the fast path off: Q scaled before Q·Kᵀ,
// Softmax, ·V. `softmaxAxis` 1 is the near-miss (a softmax over heads is no attention).
std::unique_ptr<Graph> vitAttention(bool slices, int64_t softmaxAxis = -1) {
    GraphBuilder b("vit_attention");
    Qkv p = projectQkv(b, b.input("x", Shape{2, 4, 8}), slices);
    Shape ss{2, 2, 4, 4};
    Value* qs = b.op("Mul", "q_scaled", {p.q, b.scalar("scaling", 0.5f)}, ss);
    Value* s = b.op("MatMul", "qk", {qs, p.kt}, ss);
    Value* a = b.op("Softmax", "softmax", {s}, ss, {{"axis", softmaxAxis}});
    mergeHeads(b, b.op("MatMul", "pv", {a, p.v}, ss));
    return b.release();
}

TEST(PassesTransformerPatterns, TorchvisionVitAttention) {
    for (bool slices : {false, true}) {
        SCOPED_TRACE(slices);
        auto g = vitAttention(slices);
        FusionReport r = runRule(*g, makeFuseAttentionRule());
        EXPECT_EQ(r.timesFired("FuseAttention"), 1);
        const Node* att = findOp(*g, "kiln::Attention");
        ASSERT_NE(att, nullptr);
        EXPECT_FLOAT_EQ(att->attrFloat("scale", 0), 0.5f);
        EXPECT_EQ(att->inputs[0]->name, "q_perm_out");  // the Q scale folded in
        EXPECT_EQ(att->inputs[1]->name, "k_t_out");
        EXPECT_EQ(countOps(*g, "Softmax"), 0);
        expectSameOutputs([slices] { return vitAttention(slices); }, *g);

        // And through the whole level-3 optimizer (projection GEMM, attention, output GEMM).
        auto full = vitAttention(slices);
        OptimizerOptions options;
        options.level = 3;
        optimizeGraph(*full, options);
        EXPECT_EQ(countOps(*full, "kiln::Attention"), 1);
        expectSameOutputs([slices] { return vitAttention(slices); }, *full);
    }
    auto g = vitAttention(false, 1);
    runRule(*g, makeFuseAttentionRule());
    EXPECT_EQ(countOps(*g, "kiln::Attention"), 0);
}

// nn.MultiheadAttention with the fast path off and need_weights=False, as torch 2 exports it (static
// shapes): in_proj, unflatten(-1, (3, E)).unsqueeze(0).transpose(0, -2).squeeze(-2), Gather 0/1/2;
// per-head views; SDPA's ONNX form with the scale computed from Shape(q) and √scale applied to Q and
// Kᵀ. The level-3 optimizer folds the shape chain and fuses one attention.
std::unique_ptr<Graph> mhaSdpaAttention() {
    GraphBuilder b("mha_sdpa");
    Value* x = b.op("Transpose", "batch_first", {b.input("x", Shape{2, 4, 8})}, Shape{4, 2, 8}, {{"perm", std::vector<int64_t>{1, 0, 2}}});
    Value* proj = b.op("Add", "in_proj_bias",
                       {b.op("MatMul", "in_proj", {x, b.weights("in_proj.weight", {8, 24})}, Shape{4, 2, 24}), b.weights("in_proj.bias", {24})},
                       Shape{4, 2, 24});
    Value* u = b.op("Reshape", "unflatten", {proj, b.ints("unflatten_shape", {4, 2, 3, 8})}, Shape{4, 2, 3, 8});
    u = b.op("Unsqueeze", "unsqueeze", {u, b.ints("unsqueeze_axes", {0})}, Shape{1, 4, 2, 3, 8});
    u = b.op("Transpose", "swap", {u}, Shape{3, 4, 2, 1, 8}, {{"perm", std::vector<int64_t>{3, 1, 2, 0, 4}}});
    u = b.op("Squeeze", "squeeze", {u, b.ints("squeeze_axes", {-2})}, Shape{3, 4, 2, 8});
    Shape bh{2, 2, 4, 4};
    auto part = [&](int i, const std::string& n) {
        Value* g = b.op("Gather", n + "_pick", {u, b.constant(n + "_index", Tensor::scalar<int64_t>(i))}, Shape{4, 2, 8}, {{"axis", int64_t(0)}});
        Value* r = b.op("Reshape", n + "_view", {g, b.ints(n + "_view_shape", {4, 4, 4})}, Shape{4, 4, 4});
        r = b.op("Transpose", n + "_batch_heads", {r}, Shape{4, 4, 4}, {{"perm", std::vector<int64_t>{1, 0, 2}}});
        return b.op("Reshape", n + "_heads", {r, b.ints(n + "_heads_shape", {2, 2, 4, 4})}, bh);
    };
    Value* q = part(0, "q");
    Value* k = part(1, "k");
    Value* v = part(2, "v");
    Value* shape = b.op("Shape", "q_shape", {q}, Shape{4}, {}, DataType::Int64);
    Value* last = b.op("Slice", "q_last", {shape, b.ints("last_start", {-1}), b.ints("last_end", {std::numeric_limits<int64_t>::max()})},
                       Shape{1}, {}, DataType::Int64);
    Value* e = b.op("Cast", "e_float", {last}, Shape{1}, {{"to", int64_t(1)}});
    Value* scale = b.op("Div", "scale", {b.constant("one", Tensor::fromVector<float>({1}, {1.f})), b.op("Sqrt", "sqrt_e", {e}, Shape{1})}, Shape{1});
    scale = b.op("Cast", "scale_cast", {scale}, Shape{1}, {{"to", int64_t(1)}});
    Value* qs = b.op("Mul", "q_scaled", {q, b.op("Sqrt", "sqrt_scale_q", {scale}, Shape{1})}, bh);
    Value* kt = b.op("Transpose", "k_t", {k}, bh, {{"perm", std::vector<int64_t>{0, 1, 3, 2}}});
    Value* ks = b.op("Mul", "k_scaled", {kt, b.op("Sqrt", "sqrt_scale_k", {scale}, Shape{1})}, bh);
    Value* a = b.op("Softmax", "softmax", {b.op("MatMul", "qk", {qs, ks}, bh)}, bh, {{"axis", int64_t(-1)}});
    mergeHeads(b, b.op("MatMul", "pv", {a, v}, bh));
    return b.release();
}

TEST(PassesTransformerPatterns, MultiheadAttentionThroughSdpaExport) {
    auto g = mhaSdpaAttention();
    OptimizerOptions options;
    options.level = 3;
    optimizeGraph(*g, options);
    const Node* att = findOp(*g, "kiln::Attention");
    ASSERT_NE(att, nullptr) << g->dump();
    EXPECT_NEAR(att->attrFloat("scale", 0), 0.5, 1e-6);
    EXPECT_EQ(countOps(*g, "Shape"), 0);
    expectSameOutputs(mhaSdpaAttention, *g);
}

// HuggingFace BERT (eager): Q·Kᵀ / √d, then + (1 − mask) · min, Kᵀ by one Transpose(0, 2, 3, 1) of
// the reshaped keys. `perHeadScale` is the near-miss: a scale that is not one scalar.
std::unique_ptr<Graph> bertAttention(float maskFill, bool perHeadScale = false) {
    GraphBuilder b("bert_attention");
    Shape hs{2, 4, 8}, heads{2, 4, 2, 4}, bh{2, 2, 4, 4};
    Value* x = b.input("hidden", hs);
    auto proj = [&](const std::string& n) {
        Value* y = b.op("Add", n + "_bias", {b.op("MatMul", n, {x, b.weights(n + ".weight", {8, 8})}, hs), b.weights(n + ".bias", {8})}, hs);
        return b.op("Reshape", n + "_heads", {y, b.ints(n + "_shape", {2, 4, 2, 4})}, heads);
    };
    auto perm = [&](Value* t, const std::string& n, std::vector<int64_t> p) { return b.op("Transpose", n, {t}, bh, {{"perm", p}}); };
    Value* q = perm(proj("query"), "q_perm", {0, 2, 1, 3});
    Value* kt = perm(proj("key"), "k_perm", {0, 2, 3, 1});
    Value* v = perm(proj("value"), "v_perm", {0, 2, 1, 3});
    Value* s = b.op("MatMul", "qk", {q, kt}, bh);
    Value* scale = perHeadScale ? b.constant("sqrt_d", Tensor::fromVector<float>({1, 2, 1, 1}, {2.f, 2.f})) : b.scalar("sqrt_d", 2.f);
    s = b.op("Div", "scale", {s, scale}, bh);
    Value* m = b.constant("attention_mask", Tensor::fromVector<float>({2, 1, 1, 4}, {1, 1, 1, 0, 1, 1, 0, 0}));
    Value* inv = b.op("Sub", "inv_mask", {b.scalar("one", 1.f), m}, Shape{2, 1, 1, 4});
    Value* ext = b.op("Mul", "ext_mask", {inv, b.scalar("fill", maskFill)}, Shape{2, 1, 1, 4});
    s = b.op("Add", "mask_add", {s, ext}, bh);
    Value* a = b.op("Softmax", "softmax", {s}, bh, {{"axis", int64_t(-1)}});
    mergeHeads(b, b.op("MatMul", "pv", {a, v}, bh));
    return b.release();
}

TEST(PassesTransformerPatterns, HuggingFaceBertAttention) {
    for (float fill : {-10000.f, kFinfoMin}) {
        SCOPED_TRACE(fill);
        auto g = bertAttention(fill);
        runRule(*g, makeFuseAttentionRule());
        const Node* att = findOp(*g, "kiln::Attention");
        ASSERT_NE(att, nullptr);
        EXPECT_FLOAT_EQ(att->attrFloat("scale", 0), 0.5f);
        ASSERT_EQ(att->inputs.size(), 4u);
        EXPECT_EQ(att->inputs[3]->name, "ext_mask_out");
        expectSameOutputs([fill] { return bertAttention(fill); }, *g);
    }
    auto g = bertAttention(-10000.f, true);
    runRule(*g, makeFuseAttentionRule());
    EXPECT_EQ(countOps(*g, "kiln::Attention"), 0);
}

// GPT-2 (eager): combined QKV with Split, Q·Kᵀ / √d, then torch.where(causal, scores, fill) with a
// constant lower-triangular `causal` (or its complement with the operands swapped), optionally
// + (1 − mask) · min.
struct Gpt2Form {
    float fill = kFinfoMin;
    bool attentionMask = false;
    bool inverted = false;        // Where(¬causal, fill, scores)
    bool maskRowFully = false;    // a near-miss with a mild fill: row 0 hides every key
    bool runtimeCausal = false;   // a near-miss with a mild fill: the causal mask is not a constant
};

std::unique_ptr<Graph> gpt2Attention(const Gpt2Form& f) {
    GraphBuilder b("gpt2_attention");
    Qkv p = projectQkv(b, b.input("hidden", Shape{2, 4, 8}), false);
    Shape ss{2, 2, 4, 4};
    Value* s = b.op("Div", "scale", {b.op("MatMul", "qk", {p.q, p.kt}, ss), b.scalar("sqrt_d", 2.f)}, ss);
    Value* causal = nullptr;
    if (f.runtimeCausal) {
        causal = b.input("causal", Shape{1, 1, 4, 4}, DataType::Bool);
    } else {
        Tensor c(DataType::Bool, {1, 1, 4, 4});
        for (int i = 0; i < 4; ++i)
            for (int j = 0; j < 4; ++j) {
                bool keep = j <= i && !(f.maskRowFully && i == 0);
                c.data<bool>()[i * 4 + j] = keep != f.inverted;
            }
        causal = b.constant("causal", std::move(c));
    }
    Value* fill = b.scalar("mask_value", f.fill);
    s = b.op("Where", "where", {causal, f.inverted ? fill : s, f.inverted ? s : fill}, ss);
    if (f.attentionMask) {
        Value* m = b.constant("attention_mask", Tensor::fromVector<float>({2, 1, 1, 4}, {1, 1, 1, 0, 1, 1, 0, 0}));
        Value* inv = b.op("Sub", "inv_mask", {b.scalar("one", 1.f), m}, Shape{2, 1, 1, 4});
        s = b.op("Add", "mask_add", {s, b.op("Mul", "ext_mask", {inv, b.scalar("min", kFinfoMin)}, Shape{2, 1, 1, 4})}, ss);
    }
    Value* a = b.op("Softmax", "softmax", {s}, ss, {{"axis", int64_t(-1)}});
    mergeHeads(b, b.op("MatMul", "pv", {a, p.v}, ss));
    return b.release();
}

TEST(PassesTransformerPatterns, Gpt2CausalAttentionWithWhere) {
    float inf = std::numeric_limits<float>::infinity();
    std::vector<std::pair<std::string, Gpt2Form>> cases = {
        {"finfo.min", {}},
        {"finfo.min + attention mask", {kFinfoMin, true}},
        {"-1e4 (older GPT-2)", {-1e4f}},
        {"swapped operands, -inf", {-inf, false, true}},
    };
    for (const auto& [form, f] : cases) {
        SCOPED_TRACE(form);
        auto g = gpt2Attention(f);
        FusionReport r = runRule(*g, makeFuseAttentionRule());
        EXPECT_EQ(r.timesFired("FuseAttention"), 1);
        const Node* att = findOp(*g, "kiln::Attention");
        ASSERT_NE(att, nullptr);
        EXPECT_FLOAT_EQ(att->attrFloat("scale", 0), 0.5f);
        ASSERT_EQ(att->inputs.size(), 4u);
        EXPECT_EQ(countOps(*g, "Softmax"), 0);
        // The select became an additive mask: Where(causal, 0, fill) (+ the other mask).
        const Node* mask = att->inputs[3]->producer;
        ASSERT_NE(mask, nullptr);
        EXPECT_EQ(mask->opType, f.attentionMask ? "Add" : "Where");
        EXPECT_EQ(mask->origin, std::vector<std::string>{"where"});
        expectSameOutputs([f = f] { return gpt2Attention(f); }, *g);
        if (form == "finfo.min + attention mask") expectGolden("gpt2_attention", *g);

        auto full = gpt2Attention(f);
        OptimizerOptions options;
        options.level = 3;
        optimizeGraph(*full, options);
        EXPECT_EQ(countOps(*full, "kiln::Attention"), 1);
        EXPECT_EQ(countOps(*full, "Where"), 0);  // a constant causal mask folds into the additive one
        expectSameOutputs([f = f] { return gpt2Attention(f); }, *full);
    }
}

TEST(PassesTransformerPatterns, Gpt2MaskLookalikesDoNotFuse) {
    std::vector<std::pair<std::string, Gpt2Form>> cases = {
        {"-1e4 with a fully masked row", {-1e4f, false, false, true}},
        {"-1e4 with a runtime causal mask", {-1e4f, false, false, false, true}},
        {"fill -1 is no mask", {-1.f}},
    };
    for (const auto& [form, f] : cases) {
        SCOPED_TRACE(form);
        auto g = gpt2Attention(f);
        runRule(*g, makeFuseAttentionRule());
        EXPECT_EQ(countOps(*g, "kiln::Attention"), 0);
        EXPECT_EQ(countOps(*g, "Where"), 1);
        if (!f.runtimeCausal) expectSameOutputs([f = f] { return gpt2Attention(f); }, *g);
    }
}

}  // namespace
}  // namespace kiln::test
