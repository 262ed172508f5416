#include "widgets/synthetic_graph.h"

#include <string>
#include <vector>

namespace kiln::studio {

namespace {

class Builder {
public:
    Builder(kiln::Graph& g, const SyntheticGraphOptions& o) : g_(g), o_(o) {}

    std::string scope;  // "/encoder/layer.3"

    kiln::Value* op(const std::string& type, const std::string& local, std::vector<kiln::Value*> inputs,
                    kiln::Shape shape = {}) {
        const std::string name = o_.scopes ? scope + "/" + local + "/" + type : type + "_" + std::to_string(count_);
        ++count_;
        kiln::Value* out = g_.addValue(g_.uniqueValueName(o_.scopes ? name + "_output_0" : "t" + std::to_string(count_)));
        out->dtype = kiln::DataType::Float32;
        out->shape = shape.dims.empty() ? activation() : shape;
        g_.addNode(type, name, inputs, {out});
        return out;
    }
    kiln::Value* weight(const std::string& name, std::vector<int64_t> dims) {
        kiln::Tensor t(kiln::DataType::Float32, dims);
        float* d = t.data<float>();
        for (int64_t i = 0; i < t.numel(); ++i) d[i] = float((i * 7919 + count_) % 201 - 100) / 500.0f;
        return g_.addConstant(g_.uniqueValueName(scope + "/" + name), t);
    }
    kiln::Shape activation() const {
        return kiln::Shape{kiln::Dim::symbolic("batch"), kiln::Dim::symbolic("seq"), kiln::Dim(o_.hidden)};
    }
    // Exporters compute reshape targets with Shape → Gather → Unsqueeze → Concat chains.
    kiln::Value* shapeChain(const std::string& local, kiln::Value* x) {
        kiln::Value* s = op("Shape", local, {x}, kiln::Shape{3});
        kiln::Value* a = op("Gather", local + "/batch", {s, weight(local + "/i0", {})}, kiln::Shape{});
        kiln::Value* b = op("Gather", local + "/seq", {s, weight(local + "/i1", {})}, kiln::Shape{});
        kiln::Value* ua = op("Unsqueeze", local + "/batch", {a, weight(local + "/ax0", {1})}, kiln::Shape{1});
        kiln::Value* ub = op("Unsqueeze", local + "/seq", {b, weight(local + "/ax1", {1})}, kiln::Shape{1});
        return op("Concat", local, {ua, ub, weight(local + "/heads", {2})}, kiln::Shape{4});
    }
    kiln::Value* layerNorm(const std::string& local, kiln::Value* x) {  // 9 nodes, as older exports write it
        kiln::Value* mean = op("ReduceMean", local, {x});
        kiln::Value* centered = op("Sub", local, {x, mean});
        kiln::Value* sq = op("Pow", local, {centered, weight(local + "/two", {})});
        kiln::Value* var = op("ReduceMean", local + "/var", {sq});
        kiln::Value* eps = op("Add", local + "/eps", {var, weight(local + "/epsilon", {})});
        kiln::Value* std = op("Sqrt", local, {eps});
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
        kiln::Value* r = op("Reshape", local, {l, shape});
        return op("Transpose", local, {r});
    }
    kiln::Value* layer(int index, kiln::Value* x, kiln::Value* mask) {  // 60 nodes
        scope = "/encoder/layer." + std::to_string(index);
        kiln::Value* heads = shapeChain("attention/self/shape", x);                      // 6
        kiln::Value* q = headsOf("attention/self/query", x, heads);                      // 4
        kiln::Value* k = headsOf("attention/self/key", x, heads);                        // 4
        kiln::Value* v = headsOf("attention/self/value", x, heads);                      // 4
        kiln::Value* kt = op("Transpose", "attention/self/key_t", {k});                  // 1
        kiln::Value* scores = op("MatMul", "attention/self/scores", {q, kt});            // 1
        kiln::Value* scaled = op("Div", "attention/self/scale", {scores, weight("attention/self/sqrt_d", {})});
        kiln::Value* masked = op("Add", "attention/self/mask", {scaled, mask});          // 1
        kiln::Value* probs = op("Softmax", "attention/self", {masked});                  // 1
        kiln::Value* ctx = op("MatMul", "attention/self/context", {probs, v});           // 1
        kiln::Value* ctxT = op("Transpose", "attention/self/context", {ctx});            // 1
        kiln::Value* shp = op("Shape", "attention/self/merge_shape", {ctxT}, kiln::Shape{4});
        kiln::Value* lead = op("Slice", "attention/self/merge_shape", {shp, weight("attention/self/s0", {1}),
                                                                       weight("attention/self/s1", {1})}, kiln::Shape{2});
        kiln::Value* merged = op("Concat", "attention/self/merge_shape", {lead, weight("attention/self/hidden", {1})},
                                 kiln::Shape{3});                                      // 3
        kiln::Value* flat = op("Reshape", "attention/self/context", {ctxT, merged});     // 1
        kiln::Value* proj = linear("attention/output/dense", flat, o_.hidden);           // 2
        kiln::Value* res1 = op("Add", "attention/output/residual", {proj, x});           // 1
        kiln::Value* ln1 = layerNorm("attention/output/LayerNorm", res1);                // 9
        kiln::Value* up = linear("intermediate/dense", ln1, o_.hidden);                  // 2
        kiln::Value* g1 = op("Div", "intermediate/gelu", {up, weight("intermediate/gelu/sqrt2", {})});
        kiln::Value* g2 = op("Erf", "intermediate/gelu", {g1});
        kiln::Value* g3 = op("Add", "intermediate/gelu", {g2, weight("intermediate/gelu/one", {})});
        kiln::Value* g4 = op("Mul", "intermediate/gelu", {up, g3});
        kiln::Value* g5 = op("Mul", "intermediate/gelu/half", {g4, weight("intermediate/gelu/half", {})});  // 5
        kiln::Value* down = linear("output/dense", g5, o_.hidden);                       // 2
        kiln::Value* res2 = op("Add", "output/residual", {down, ln1});                   // 1
        return layerNorm("output/LayerNorm", res2);                                      // 9 → 60
    }

private:
    kiln::Graph& g_;
    const SyntheticGraphOptions& o_;
    int count_ = 0;
};

}  // namespace

std::unique_ptr<kiln::Graph> makeTransformerGraph(const SyntheticGraphOptions& options) {
    auto graph = std::make_unique<kiln::Graph>();
    graph->name = "synthetic_transformer";
    graph->producerName = "kiln synthetic";
    graph->irVersion = 8;
    graph->opsetImports[""] = 17;
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
    kiln::Value* tok = b.op("Gather", "word_embeddings", {b.weight("word_embeddings/weight", {64, options.hidden}), ids});
    kiln::Value* pos = b.op("Add", "position", {tok, b.weight("position_embeddings", {options.hidden})});
    kiln::Value* x = b.layerNorm("LayerNorm", pos);
    b.scope = "/extended_mask";
    kiln::Value* m1 = b.op("Unsqueeze", "mask", {maskIn, b.weight("axes", {2})});
    kiln::Value* mask = b.op("Mul", "mask", {b.op("Sub", "mask", {b.weight("one", {}), m1}), b.weight("neg", {})});
    for (int i = 0; i < options.layers; ++i) x = b.layer(i, x, mask);
    b.scope = "/pooler";
    kiln::Value* out = b.op("Tanh", "activation", {b.linear("dense", x, options.hidden)});
    graph->markOutput(out);
    return graph;
}

}  // namespace kiln::studio
