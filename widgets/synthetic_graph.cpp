#include "widgets/synthetic_graph.h"

#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace kiln::studio {

namespace {

class Builder {
public:
    Builder(kiln::Graph& g, const SyntheticGraphOptions& o)
        : g_(g), o_(o), heads_(o.hidden % 4 == 0 ? 4 : 1) {}

    std::string scope;  // "/encoder/layer.3"

    // A node with one output of the given type and shape (default: an fp32 [batch, seq, hidden]
    // activation). Every value carries the dtype and shape the CPU kernels produce, so the graph
    // builds and runs through kiln::buildEngine like an imported model.
    kiln::Node* node(const std::string& type, const std::string& local, std::vector<kiln::Value*> inputs,
                     std::optional<kiln::Shape> shape = std::nullopt,
                     kiln::DataType dtype = kiln::DataType::Float32) {
        const std::string name = o_.scopes ? scope + "/" + local + "/" + type : type + "_" + std::to_string(count_);
        ++count_;
        kiln::Value* out = g_.addValue(g_.uniqueValueName(o_.scopes ? name + "_output_0" : "t" + std::to_string(count_)));
        out->dtype = dtype;
        out->shape = shape ? *shape : activation();
        return g_.addNode(type, name, inputs, {out});
    }
    kiln::Value* op(const std::string& type, const std::string& local, std::vector<kiln::Value*> inputs,
                    std::optional<kiln::Shape> shape = std::nullopt,
                    kiln::DataType dtype = kiln::DataType::Float32) {
        return node(type, local, std::move(inputs), std::move(shape), dtype)->outputs[0];
    }
    // fp32 weights with small deterministic values (the layout is what is measured, not the numbers).
    kiln::Value* weight(const std::string& name, std::vector<int64_t> dims) {
        kiln::Tensor t(kiln::DataType::Float32, dims);
        float* d = t.data<float>();
        for (int64_t i = 0; i < t.numel(); ++i) d[i] = float((i * 7919 + count_) % 201 - 100) / 500.0f;
        return g_.addConstant(g_.uniqueValueName(scope + "/" + name), t);
    }
    kiln::Value* scalar(const std::string& name, float value) {  // an fp32 scalar (rank 0)
        kiln::Tensor t(kiln::DataType::Float32, std::vector<int64_t>{});
        t.data<float>()[0] = value;
        return g_.addConstant(g_.uniqueValueName(scope + "/" + name), t);
    }
    // int64 constants: Gather indices, Unsqueeze/ReduceMean axes, Slice bounds, reshape targets.
    kiln::Value* ints(const std::string& name, std::vector<int64_t> values, bool asScalar = false) {
        kiln::Tensor t(kiln::DataType::Int64,
                       asScalar ? std::vector<int64_t>{} : std::vector<int64_t>{int64_t(values.size())});
        for (size_t i = 0; i < values.size(); ++i) t.data<int64_t>()[i] = values[i];
        return g_.addConstant(g_.uniqueValueName(scope + "/" + name), t);
    }
    kiln::Shape activation() const {
        return kiln::Shape{kiln::Dim::symbolic("batch"), kiln::Dim::symbolic("seq"), kiln::Dim(o_.hidden)};
    }
    kiln::Shape headsShape(bool transposed) const {  // [batch, heads, seq, d] or [batch, seq, heads, d]
        const kiln::Dim a = transposed ? kiln::Dim(heads_) : kiln::Dim::symbolic("seq");
        const kiln::Dim b = transposed ? kiln::Dim::symbolic("seq") : kiln::Dim(heads_);
        return kiln::Shape{kiln::Dim::symbolic("batch"), a, b, kiln::Dim(o_.hidden / heads_)};
    }
    kiln::Value* transpose(const std::string& local, kiln::Value* x, std::vector<int64_t> perm, kiln::Shape shape) {
        kiln::Node* n = node("Transpose", local, {x}, shape);
        n->attributes["perm"] = std::move(perm);
        return n->outputs[0];
    }
    kiln::Value* concat(const std::string& local, std::vector<kiln::Value*> inputs, kiln::Shape shape) {
        kiln::Node* n = node("Concat", local, std::move(inputs), shape, kiln::DataType::Int64);
        n->attributes["axis"] = int64_t(0);
        return n->outputs[0];
    }
    kiln::Value* reduceMean(const std::string& local, kiln::Value* x) {  // over the hidden axis, kept
        kiln::Shape s = activation();
        s.dims.back() = kiln::Dim(1);
        return op("ReduceMean", local, {x, ints(local + "/axes", {-1})}, s);
    }
    // Exporters compute reshape targets with Shape → Gather → Unsqueeze → Concat chains:
    // [batch, seq, heads, hidden / heads] from the activation's runtime shape.
    kiln::Value* shapeChain(const std::string& local, kiln::Value* x) {
        const auto i64 = kiln::DataType::Int64;
        kiln::Value* s = op("Shape", local, {x}, kiln::Shape{3}, i64);
        kiln::Value* a = op("Gather", local + "/batch", {s, ints(local + "/i0", {0}, true)}, kiln::Shape{}, i64);
        kiln::Value* b = op("Gather", local + "/seq", {s, ints(local + "/i1", {1}, true)}, kiln::Shape{}, i64);
        kiln::Value* ua = op("Unsqueeze", local + "/batch", {a, ints(local + "/ax0", {0})}, kiln::Shape{1}, i64);
        kiln::Value* ub = op("Unsqueeze", local + "/seq", {b, ints(local + "/ax1", {0})}, kiln::Shape{1}, i64);
        return concat(local, {ua, ub, ints(local + "/heads", {heads_, o_.hidden / heads_})}, kiln::Shape{4});
    }
    kiln::Value* layerNorm(const std::string& local, kiln::Value* x) {  // 9 nodes, as older exports write it
        kiln::Value* mean = reduceMean(local, x);
        kiln::Value* centered = op("Sub", local, {x, mean});
        kiln::Value* sq = op("Pow", local, {centered, scalar(local + "/two", 2.0f)});
        kiln::Value* var = reduceMean(local + "/var", sq);
        kiln::Value* eps = op("Add", local + "/eps", {var, scalar(local + "/epsilon", 1e-5f)}, var->shape);
        kiln::Value* std = op("Sqrt", local, {eps}, var->shape);
        kiln::Value* norm = op("Div", local, {centered, std});
        kiln::Value* scaled = op("Mul", local, {norm, weight(local + "/gamma", {o_.hidden})});
        return op("Add", local + "/beta", {scaled, weight(local + "/beta", {o_.hidden})});
    }
    kiln::Value* linear(const std::string& local, kiln::Value* x, int out) {  // 2 nodes
        kiln::Value* mm = op("MatMul", local, {x, weight(local + "/weight", {o_.hidden, out})});
        return op("Add", local, {mm, weight(local + "/bias", {out})});
    }
    kiln::Value* headsOf(const std::string& local, kiln::Value* x, kiln::Value* shape) {  // 4 nodes
        kiln::Value* l = linear(local, x, o_.hidden);
        kiln::Value* r = op("Reshape", local, {l, shape}, headsShape(false));
        return transpose(local, r, {0, 2, 1, 3}, headsShape(true));
    }
    kiln::Value* layer(int index, kiln::Value* x, kiln::Value* mask) {  // 60 nodes
        scope = "/encoder/layer." + std::to_string(index);
        const auto i64 = kiln::DataType::Int64;
        const kiln::Dim batch = kiln::Dim::symbolic("batch"), seq = kiln::Dim::symbolic("seq");
        const kiln::Shape scoresShape{batch, kiln::Dim(heads_), seq, seq};
        kiln::Value* heads = shapeChain("attention/self/shape", x);                      // 6
        kiln::Value* q = headsOf("attention/self/query", x, heads);                      // 4
        kiln::Value* k = headsOf("attention/self/key", x, heads);                        // 4
        kiln::Value* v = headsOf("attention/self/value", x, heads);                      // 4
        kiln::Shape kts{batch, kiln::Dim(heads_), kiln::Dim(o_.hidden / heads_), seq};
        kiln::Value* kt = transpose("attention/self/key_t", k, {0, 1, 3, 2}, kts);       // 1
        kiln::Value* scores = op("MatMul", "attention/self/scores", {q, kt}, scoresShape);  // 1
        kiln::Value* scaled = op("Div", "attention/self/scale",
                                 {scores, scalar("attention/self/sqrt_d", std::sqrt(float(o_.hidden / heads_)))},
                                 scoresShape);                                            // 1
        kiln::Value* masked = op("Add", "attention/self/mask", {scaled, mask}, scoresShape);  // 1
        kiln::Node* softmax = node("Softmax", "attention/self", {masked}, scoresShape);   // 1
        softmax->attributes["axis"] = int64_t(-1);
        kiln::Value* ctx = op("MatMul", "attention/self/context", {softmax->outputs[0], v}, headsShape(true));  // 1
        kiln::Value* ctxT = transpose("attention/self/context", ctx, {0, 2, 1, 3}, headsShape(false));  // 1
        kiln::Value* shp = op("Shape", "attention/self/merge_shape", {ctxT}, kiln::Shape{4}, i64);
        kiln::Value* lead = op("Slice", "attention/self/merge_shape",
                               {shp, ints("attention/self/s0", {0}), ints("attention/self/s1", {2})}, kiln::Shape{2}, i64);
        kiln::Value* merged = concat("attention/self/merge_shape", {lead, ints("attention/self/hidden", {o_.hidden})},
                                     kiln::Shape{3});                                     // 3
        kiln::Value* flat = op("Reshape", "attention/self/context", {ctxT, merged});     // 1
        kiln::Value* proj = linear("attention/output/dense", flat, o_.hidden);           // 2
        kiln::Value* res1 = op("Add", "attention/output/residual", {proj, x});           // 1
        kiln::Value* ln1 = layerNorm("attention/output/LayerNorm", res1);                // 9
        kiln::Value* up = linear("intermediate/dense", ln1, o_.hidden);                  // 2
        kiln::Value* g1 = op("Div", "intermediate/gelu", {up, scalar("intermediate/gelu/sqrt2", std::sqrt(2.0f))});
        kiln::Value* g2 = op("Erf", "intermediate/gelu", {g1});
        kiln::Value* g3 = op("Add", "intermediate/gelu", {g2, scalar("intermediate/gelu/one", 1.0f)});
        kiln::Value* g4 = op("Mul", "intermediate/gelu", {up, g3});
        kiln::Value* g5 = op("Mul", "intermediate/gelu/half", {g4, scalar("intermediate/gelu/half", 0.5f)});  // 5
        kiln::Value* down = linear("output/dense", g5, o_.hidden);                       // 2
        kiln::Value* res2 = op("Add", "output/residual", {down, ln1});                   // 1
        return layerNorm("output/LayerNorm", res2);                                      // 9 → 60
    }

private:
    kiln::Graph& g_;
    const SyntheticGraphOptions& o_;
    int heads_;
    int count_ = 0;
};

}  // namespace

std::unique_ptr<kiln::Graph> makeTransformerGraph(const SyntheticGraphOptions& options) {
    auto graph = std::make_unique<kiln::Graph>();
    graph->name = "synthetic_transformer";
    graph->producerName = "kiln synthetic";
    graph->irVersion = 8;
    graph->opsetImports[""] = 18;  // ReduceMean takes `axes` as an input (opset 18)
    Builder b(*graph, options);

    kiln::Value* ids = graph->addValue("input_ids");
    ids->dtype = kiln::DataType::Int64;
    ids->shape = kiln::Shape{kiln::Dim::symbolic("batch"), kiln::Dim::symbolic("seq")};
    graph->markInput(ids);
    kiln::Value* maskIn = graph->addValue("attention_mask");
    maskIn->dtype = kiln::DataType::Float32;
    maskIn->shape = ids->shape;
    graph->markInput(maskIn);

    b.scope = "/embeddings";  // 11 nodes
    // 128 rows: random int64 inputs (kiln run, the profile and accuracy views) lie in [0, 100).
    kiln::Value* tok = b.op("Gather", "word_embeddings", {b.weight("word_embeddings/weight", {128, options.hidden}), ids});
    kiln::Value* pos = b.op("Add", "position", {tok, b.weight("position_embeddings", {options.hidden})});
    kiln::Value* x = b.layerNorm("LayerNorm", pos);
    b.scope = "/extended_mask";  // [batch, seq] → [batch, 1, 1, seq]; (1 − mask) · −10000
    const kiln::Shape maskShape{kiln::Dim::symbolic("batch"), kiln::Dim(1), kiln::Dim(1), kiln::Dim::symbolic("seq")};
    kiln::Value* m1 = b.op("Unsqueeze", "mask", {maskIn, b.ints("axes", {1, 2})}, maskShape);
    kiln::Value* mask = b.op("Mul", "mask", {b.op("Sub", "mask", {b.scalar("one", 1.0f), m1}, maskShape),
                                             b.scalar("neg", -10000.0f)}, maskShape);
    for (int i = 0; i < options.layers; ++i) x = b.layer(i, x, mask);
    b.scope = "/pooler";
    kiln::Value* out = b.op("Tanh", "activation", {b.linear("dense", x, options.hidden)});
    graph->markOutput(out);
    return graph;
}

}  // namespace kiln::studio
