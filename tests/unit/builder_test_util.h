// Shared fixtures for the builder tests: a small hand-built CNN with a dynamic batch, random inputs,
// and the reference run (the Executor on the unoptimized graph).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <unistd.h>

#include "engine_core/builder/builder.h"
#include "engine_core/builder/execution_context.h"
#include "engine_core/runtime/executor.h"
#include "tests/unit/test_util.h"

namespace kiln::test {

// For a model with dynamic inputs: one optimization profile pinned to the feeds' shapes (min = opt
// = max). A model with static inputs needs none.
inline void pinProfileToFeeds(BuilderConfig& config, const Graph& model, const TensorMap& feeds) {
    bool dynamic = false;
    OptimizationProfile profile;
    for (Value* v : model.runtimeInputs()) {
        dynamic = dynamic || !v->shape.isStatic();
        std::vector<int64_t> dims = feeds.at(v->name).dims();
        profile.inputs[v->name] = {dims, dims, dims};
    }
    if (dynamic) config.profiles = {profile};
}

inline Tensor randomTensor(std::vector<int64_t> dims, uint32_t seed, float lo = -1.f, float hi = 1.f) {
    Tensor t(DataType::Float32, std::move(dims));
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(lo, hi);
    for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = dist(rng);
    return t;
}

// x[batch,3,8,8] → conv1 (3x3, pad 1) → relu1 → dwconv (depthwise 3x3) → gap → flatten → fc (MatMul)
// → fc_bias (Add) → softmax → y[batch,6]. Every node named, like an exported ONNX model.
inline std::unique_ptr<Graph> makeTinyCnn(bool dynamicBatch = true) {
    auto g = std::make_unique<Graph>();
    g->name = "tiny_cnn";
    g->opsetImports[""] = 21;
    Value* x = g->addValue("x");
    x->dtype = DataType::Float32;
    x->shape = dynamicBatch ? Shape{Dim::symbolic("batch"), 3, 8, 8} : Shape{2, 3, 8, 8};
    g->markInput(x);
    auto val = [&](const std::string& name) {
        Value* v = g->addValue(name);
        v->dtype = DataType::Float32;
        return v;
    };
    Value* w1 = g->addConstant("w1", randomTensor({4, 3, 3, 3}, 11, -0.5f, 0.5f));
    Value* b1 = g->addConstant("b1", randomTensor({4}, 12));
    Value* w2 = g->addConstant("w2", randomTensor({4, 1, 3, 3}, 13, -0.5f, 0.5f));
    Value* w3 = g->addConstant("w3", randomTensor({4, 6}, 14));
    Value* b3 = g->addConstant("b3", randomTensor({6}, 15));
    Value *c1 = val("conv1_out"), *r1 = val("relu1_out"), *c2 = val("dwconv_out"), *p = val("gap_out"),
          *f = val("flatten_out"), *m = val("fc_out"), *a = val("fc_bias_out"), *y = val("y");
    Node* n = g->addNode("Conv", "conv1", {x, w1, b1}, {c1});
    n->attributes["pads"] = std::vector<int64_t>{1, 1, 1, 1};
    g->addNode("Relu", "relu1", {c1}, {r1});
    n = g->addNode("Conv", "dwconv", {r1, w2}, {c2});
    n->attributes["group"] = int64_t(4);
    n->attributes["pads"] = std::vector<int64_t>{1, 1, 1, 1};
    g->addNode("GlobalAveragePool", "gap", {c2}, {p});
    n = g->addNode("Flatten", "flatten", {p}, {f});
    n->attributes["axis"] = int64_t(1);
    g->addNode("MatMul", "fc", {f, w3}, {m});
    g->addNode("Add", "fc_bias", {m, b3}, {a});
    n = g->addNode("Softmax", "softmax", {a}, {y});
    n->attributes["axis"] = int64_t(-1);
    g->markOutput(y);
    for (Node* node : g->nodes()) node->origin = {node->name};
    return g;
}

inline BuilderConfig tinyCnnConfig(int level = 3) {
    BuilderConfig c;
    c.optimizationLevel = level;
    c.profiles = {OptimizationProfile{{{"x", ShapeRange{{1, 3, 8, 8}, {2, 3, 8, 8}, {4, 3, 8, 8}}}}}};
    c.timingWarmup = 1;
    c.timingIterations = 2;
    // Tests that use this config look at the fused layers; a timing on a loaded machine (or under
    // the sanitizers' slowdown) may revert a fusion. builder_unfuse_test covers the comparison.
    c.compareFusions = false;
    return c;
}

inline TensorMap referenceRun(const Graph& g, const TensorMap& inputs, bool keepIntermediates = false) {
    Executor exec(g);
    RunOptions options;
    options.keepIntermediates = keepIntermediates;
    return exec.run(inputs, options);
}

// A fresh, empty folder under the system temp dir, removed by the destructor.
struct TempDir {
    std::filesystem::path path;
    explicit TempDir(const std::string& name) {
        path = std::filesystem::temp_directory_path() /
               (name + "_" + std::to_string(::getpid()) + "_" + std::to_string(std::random_device{}()));
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    std::string file(const std::string& name) const { return (path / name).string(); }
};

// Asserts that `fn` throws kiln::Error whose message contains every one of `parts`.
template <typename Fn>
void expectErrorContaining(Fn&& fn, const std::vector<std::string>& parts) {
    try {
        fn();
        ADD_FAILURE() << "expected a kiln::Error containing '" << parts.front() << "'";
    } catch (const Error& e) {
        std::string what = e.what();
        for (const std::string& p : parts) EXPECT_NE(what.find(p), std::string::npos) << "'" << p << "' not in: " << what;
    }
}

}  // namespace kiln::test
