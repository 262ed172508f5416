// Helpers for the pass tests (STYLE.md point 7): build small graphs, run a pass, count ops, run the
// graph before and after on the same random inputs, and compare text dumps with golden files
// (tests/unit/golden/passes/NAME.txt; KILN_UPDATE_GOLDEN=1 rewrites them).
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>

#include "engine_core/passes/optimizer.h"
#include "engine_core/passes/passes.h"
#include "engine_core/runtime/executor.h"

namespace kiln::test {

// A graph under construction. Every node gets origin = {its name}, as imported nodes do.
class GraphBuilder {
public:
    explicit GraphBuilder(std::string name = "test") {
        graph_ = std::make_unique<Graph>();
        graph_->name = std::move(name);
        graph_->opsetImports[""] = 21;
    }
    Graph& graph() { return *graph_; }
    std::unique_ptr<Graph> release() { return std::move(graph_); }

    Value* input(const std::string& name, Shape shape, DataType dtype = DataType::Float32) {
        Value* v = graph_->addValue(name);
        v->dtype = dtype;
        v->shape = std::move(shape);
        graph_->markInput(v);
        return v;
    }
    Value* constant(const std::string& name, Tensor t) { return graph_->addConstant(name, std::move(t)); }
    Value* scalar(const std::string& name, float v) { return constant(name, Tensor::scalar<float>(v)); }
    // A constant filled with a deterministic pattern in [-1, 1] (or [lo, hi]).
    Value* weights(const std::string& name, std::vector<int64_t> dims, float lo = -1.f, float hi = 1.f) {
        Tensor t(DataType::Float32, dims);
        std::mt19937 rng(uint32_t(std::hash<std::string>()(name)));
        std::uniform_real_distribution<float> dist(lo, hi);
        for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = dist(rng);
        return constant(name, std::move(t));
    }
    Value* ints(const std::string& name, std::vector<int64_t> values) {
        return constant(name, Tensor::fromVector<int64_t>({int64_t(values.size())}, values));
    }
    // Adds a node with one output named `name` (the output tensor is "<name>_out" unless given).
    Value* op(const std::string& opType, const std::string& name, std::vector<Value*> inputs, Shape outShape,
              std::map<std::string, Attribute> attrs = {}, DataType dtype = DataType::Float32,
              const std::string& domain = "") {
        Value* out = graph_->addValue(name + "_out");
        out->dtype = dtype;
        out->shape = std::move(outShape);
        Node* n = graph_->addNode(opType, name, inputs, {out}, domain);
        n->attributes = std::move(attrs);
        n->origin = {name};
        return out;
    }
    void output(Value* v) { graph_->markOutput(v); }

private:
    std::unique_ptr<Graph> graph_;
};

using GraphFactory = std::function<std::unique_ptr<Graph>()>;

// Number of nodes of an op ("Conv", or "kiln::FusedConv" for Kiln's domain).
inline int countOps(const Graph& g, const std::string& op) {
    std::string domain, type = op;
    if (auto sep = op.find("::"); sep != std::string::npos) {
        domain = op.substr(0, sep);
        type = op.substr(sep + 2);
    }
    int n = 0;
    for (const Node* node : g.nodes()) n += node->opType == type && node->domain == domain;
    return n;
}

// The first node of an op in creation order, or nullptr.
inline const Node* findOp(const Graph& g, const std::string& op) {
    for (const Node* node : g.nodes())
        if ((node->domain.empty() ? node->opType : node->domain + "::" + node->opType) == op) return node;
    return nullptr;
}

inline passes::FusionReport runSinglePass(Graph& g, std::unique_ptr<passes::GraphPass> pass) {
    passes::PassContext ctx(g);
    ctx.report.originalNodeCount = g.nodeCount();
    pass->run(g, ctx);
    g.removeUnusedValues();
    g.validate();
    ctx.report.optimizedNodeCount = g.nodeCount();
    return ctx.report;
}
inline passes::FusionReport runRule(Graph& g, std::unique_ptr<passes::RewriteRule> rule) {
    return runSinglePass(g, passes::makeRulePass(std::move(rule)));
}

inline TensorMap randomInputs(const Graph& g, uint32_t seed = 7) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(-2.f, 2.f);
    TensorMap feeds;
    for (const Value* v : g.runtimeInputs()) {
        std::vector<int64_t> dims;
        for (const Dim& d : v->shape.dims) dims.push_back(d.isStatic() ? d.value : 2);  // symbolic dims: 2
        Tensor t(v->dtype, dims);
        for (int64_t i = 0; i < t.numel(); ++i) {
            if (v->dtype == DataType::Float32) t.data<float>()[i] = dist(rng);
            else if (v->dtype == DataType::Int64) t.data<int64_t>()[i] = int64_t(rng() % 5);
        }
        feeds[v->name] = t;
    }
    return feeds;
}

// Runs the reference graph (fresh from the factory) and `optimized` on the same inputs and expects
// every graph output to match by name within tolerance.
inline void expectSameOutputs(const GraphFactory& factory, const Graph& optimized, double tol = 1e-4) {
    auto reference = factory();
    TensorMap feeds = randomInputs(*reference);
    TensorMap expected = Executor(*reference).run(feeds);
    TensorMap actual = Executor(optimized).run(feeds);
    ASSERT_EQ(expected.size(), actual.size());
    for (const auto& [name, want] : expected) {
        ASSERT_TRUE(actual.count(name)) << "output '" << name << "' lost by the pass";
        const Tensor& got = actual.at(name);
        ASSERT_EQ(got.dims(), want.dims()) << name;
        for (int64_t i = 0; i < want.numel(); ++i) {
            double e = want.scalarAsDouble(i), a = got.scalarAsDouble(i);
            ASSERT_LE(std::fabs(a - e), tol * (1 + std::fabs(e))) << name << " at " << i << ": " << a << " vs " << e;
        }
    }
}

// |a − e| <= atol + rtol·|e| elementwise (ints compared exactly through the same formula).
inline void expectTensorNearRel(const Tensor& actual, const Tensor& expected, double atol = 1e-4, double rtol = 1e-3) {
    ASSERT_EQ(actual.dims(), expected.dims());
    for (int64_t i = 0; i < expected.numel(); ++i) {
        double e = expected.scalarAsDouble(i), a = actual.scalarAsDouble(i);
        ASSERT_LE(std::fabs(a - e), atol + rtol * std::fabs(e)) << "at " << i << ": " << a << " vs " << e;
    }
}

inline std::string goldenPath(const std::string& name) {
    return std::string(KILN_SOURCE_DIR) + "/tests/unit/golden/passes/" + name + ".txt";
}

// Compares g.dump() with the golden file; KILN_UPDATE_GOLDEN=1 (re)writes it instead.
inline void expectGolden(const std::string& name, const Graph& g) {
    std::string text = g.dump();
    std::string path = goldenPath(name);
    const char* update = std::getenv("KILN_UPDATE_GOLDEN");
    if (update && std::string(update) == "1") {
        std::ofstream(path) << text;
        return;
    }
    std::ifstream in(path);
    ASSERT_TRUE(in.good()) << "missing golden file " << path << " (run with KILN_UPDATE_GOLDEN=1 to create it)";
    std::stringstream want;
    want << in.rdbuf();
    EXPECT_EQ(text, want.str()) << "golden dump " << path << " differs (KILN_UPDATE_GOLDEN=1 regenerates it)";
}

}  // namespace kiln::test
