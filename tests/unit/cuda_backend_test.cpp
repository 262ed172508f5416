// Every CUDA kernel against the CPU reference, on awkward shapes, through engines built for each
// backend. Skips cleanly without a GPU (and without the CUDA build), so it runs in CI and does real
// work on a GPU machine.
#include <random>

#include "engine_core/builder/builder.h"
#include "engine_core/builder/execution_context.h"
#include "tests/unit/test_util.h"

using namespace kiln;

namespace {

Tensor randomTensor(std::vector<int64_t> dims, uint32_t seed) {
    Tensor t(DataType::Float32, std::move(dims));
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(-2.f, 2.f);
    for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = dist(rng);
    return t;
}

TensorMap runOn(const std::string& backend, const std::string& op, const std::vector<Tensor>& inputs) {
    Graph g;
    g.opsetImports[""] = 21;
    std::vector<Value*> ins;
    TensorMap feeds;
    for (size_t i = 0; i < inputs.size(); ++i) {
        Value* v = g.addValue("in" + std::to_string(i));
        v->dtype = inputs[i].dtype();
        v->shape = Shape(inputs[i].dims());
        g.markInput(v);
        feeds[v->name] = inputs[i];
        ins.push_back(v);
    }
    Value* out = g.addValue("out");
    g.addNode(op, "node", ins, {out});
    g.markOutput(out);
    BuilderConfig config;
    config.backend = backend;
    config.optimizationLevel = 0;
    auto engine = buildEngine(g, config);
    return engine->createExecutionContext()->execute(feeds);
}

class CudaBackendTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string why;
        if (!BackendRegistry::global().available("cuda", &why)) GTEST_SKIP() << "CUDA backend not available: " << why;
    }
    const std::string cuda_ = "cuda", cpu_ = "cpu";
};

}  // namespace

TEST_F(CudaBackendTest, ActivationsMatchCpu) {
    for (const char* op : {"Relu", "Sigmoid", "Tanh"}) {
        for (auto dims : std::vector<std::vector<int64_t>>{{1}, {3, 5, 7}, {1, 1, 1000003}}) {
            Tensor x = randomTensor(dims, 7);
            auto gpu = runOn(cuda_, op, {x});
            auto cpu = runOn(cpu_, op, {x});
            test::expectTensorNear(gpu.at("out"), cpu.at("out"), 1e-6, 1e-5);
        }
    }
}

TEST_F(CudaBackendTest, MatMulMatchesCpu) {
    for (auto [a, b] : std::vector<std::pair<std::vector<int64_t>, std::vector<int64_t>>>{
             {{1, 1}, {1, 1}}, {{3, 17}, {17, 5}}, {{2, 3, 65, 33}, {2, 3, 33, 129}}}) {
        Tensor x = randomTensor(a, 1), y = randomTensor(b, 2);
        auto gpu = runOn(cuda_, "MatMul", {x, y});
        auto cpu = runOn(cpu_, "MatMul", {x, y});
        test::expectTensorNear(gpu.at("out"), cpu.at("out"), 1e-4, 1e-4);
    }
}

TEST(CudaBackendAvailability, ReportsWhyWhenUnavailable) {
    std::string why;
    if (BackendRegistry::global().available("cuda", &why)) GTEST_SKIP() << "a CUDA device is present";
    EXPECT_FALSE(why.empty());
    EXPECT_THROW(BackendRegistry::global().get("cuda"), Error);
}
