// ExecutionContext: concurrent contexts, profile ranges, several profiles, the profiler callback,
// per-layer outputs named after the ONNX tensors.
#include <mutex>
#include <thread>

#include "tests/unit/builder_test_util.h"

namespace kiln::test {
namespace {

struct RecordingProfiler : IProfiler {
    std::vector<std::pair<std::string, float>> calls;
    void reportLayerTime(const std::string& layerName, float ms) override { calls.emplace_back(layerName, ms); }
};

TEST(BuilderRuntime, ConcurrentContextsGiveTheSingleThreadedResult) {
    auto model = makeTinyCnn();
    auto engine = buildEngine(*model, tinyCnnConfig(3));
    std::vector<TensorMap> inputs;
    std::vector<TensorMap> expected;
    auto single = engine->createExecutionContext();
    for (int i = 0; i < 4; ++i) {
        inputs.push_back({{"x", randomTensor({int64_t(1 + i % 4), 3, 8, 8}, uint32_t(500 + i))}});
        expected.push_back(single->execute(inputs.back()));
    }
    constexpr int kThreads = 4, kRuns = 12;
    std::mutex mutex;
    std::vector<std::string> failures;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            auto ctx = engine->createExecutionContext();
            for (int r = 0; r < kRuns; ++r) {
                size_t which = size_t((t + r) % 4);
                try {
                    TensorMap out = ctx->execute(inputs[which]);
                    const Tensor& got = out.at("y");
                    const Tensor& want = expected[which].at("y");
                    bool same = got.dims() == want.dims();
                    for (int64_t i = 0; same && i < got.numel(); ++i)
                        same = std::fabs(got.data<float>()[i] - want.data<float>()[i]) <= 1e-6f;
                    if (!same) {
                        std::lock_guard<std::mutex> lock(mutex);
                        failures.push_back(concat("thread ", t, " run ", r, ": output differs"));
                    }
                } catch (const std::exception& e) {
                    std::lock_guard<std::mutex> lock(mutex);
                    failures.push_back(concat("thread ", t, " run ", r, ": ", e.what()));
                }
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_TRUE(failures.empty()) << failures.size() << " failures, first: " << (failures.empty() ? "" : failures[0]);
}

TEST(BuilderRuntime, ShapeOutsideTheProfileNamesInputShapeAndRange) {
    auto engine = buildEngine(*makeTinyCnn(), tinyCnnConfig(2));
    auto ctx = engine->createExecutionContext();
    expectErrorContaining([&] { ctx->execute({{"x", randomTensor({8, 3, 8, 8}, 1)}}); },
                          {"input 'x'", "[8,3,8,8]", "profile 0", "min [1,3,8,8]", "max [4,3,8,8]"});
    expectErrorContaining([&] { ctx->execute({{"x", randomTensor({2, 3, 9, 8}, 1)}}); }, {"input 'x'", "[2,3,9,8]"});
    expectErrorContaining([&] { ctx->execute({}); }, {"missing input 'x'"});
    expectErrorContaining([&] {
        ctx->execute({{"x", randomTensor({2, 3, 8, 8}, 1)}, {"extra", randomTensor({1}, 1)}});
    }, {"no input named 'extra'"});
}

TEST(BuilderRuntime, SeveralProfiles) {
    auto model = makeTinyCnn();
    BuilderConfig c = tinyCnnConfig(3);
    c.profiles.push_back(OptimizationProfile{{{"x", ShapeRange{{5, 3, 8, 8}, {6, 3, 8, 8}, {8, 3, 8, 8}}}}});
    auto engine = buildEngine(*model, c);
    ASSERT_EQ(engine->profiles().size(), 2u);
    auto ctx = engine->createExecutionContext();
    TensorMap in{{"x", randomTensor({6, 3, 8, 8}, 9)}};
    expectErrorContaining([&] { ctx->execute(in); }, {"profile 0", "[6,3,8,8]"});
    ctx->setOptimizationProfile(1);
    EXPECT_EQ(ctx->optimizationProfile(), 1);
    expectTensorNear(ctx->execute(in).at("y"), referenceRun(*model, in).at("y"));
    expectErrorContaining([&] { ctx->setOptimizationProfile(2); }, {"profile 2", "2 profiles"});
}

TEST(BuilderRuntime, ProfilerGetsOneCallPerLayerInOrder) {
    auto engine = buildEngine(*makeTinyCnn(), tinyCnnConfig(3));
    auto ctx = engine->createExecutionContext();
    RecordingProfiler profiler;
    TensorMap in{{"x", randomTensor({2, 3, 8, 8}, 3)}};
    ctx->execute(in, &profiler);
    ctx->execute(in, &profiler);
    ASSERT_EQ(profiler.calls.size(), 2 * engine->layers().size());
    for (size_t i = 0; i < profiler.calls.size(); ++i) {
        EXPECT_EQ(profiler.calls[i].first, engine->layers()[i % engine->layers().size()].name);
        EXPECT_GE(profiler.calls[i].second, 0.f);
    }
    ctx->execute(in);  // no profiler: nothing reported
    EXPECT_EQ(profiler.calls.size(), 2 * engine->layers().size());
}

TEST(BuilderRuntime, LayerOutputsKeepTheOnnxTensorNames) {
    auto model = makeTinyCnn();
    BuilderConfig config = tinyCnnConfig(3);
    config.compareFusions = false;  // no fusion reverted by a timing (its pieces' tensors are new)
    auto engine = buildEngine(*model, config);
    TensorMap in{{"x", randomTensor({3, 3, 8, 8}, 4)}};
    ExecuteOptions options;
    options.keepLayerOutputs = true;
    TensorMap layerOutputs = engine->createExecutionContext()->execute(in, options);
    TensorMap reference = referenceRun(*model, in, /*keepIntermediates=*/true);
    size_t compared = 0;
    for (const EngineLayer& l : engine->layers()) {
        for (const std::string& name : l.outputs) {
            if (name.empty()) continue;
            ASSERT_TRUE(reference.count(name)) << "layer " << l.name << " output '" << name
                                               << "' is not a tensor of the original graph";
            ASSERT_TRUE(layerOutputs.count(name));
            expectTensorNear(layerOutputs.at(name), reference.at(name), 1e-5, 1e-5);
            ++compared;
        }
    }
    EXPECT_EQ(compared, engine->layers().size());
}

TEST(BuilderRuntime, ExecutionCanBeCancelled) {
    auto engine = buildEngine(*makeTinyCnn(), tinyCnnConfig(1));
    ExecuteOptions options;
    options.cancelled = [] { return true; };
    expectErrorContaining([&] { engine->createExecutionContext()->execute({{"x", randomTensor({1, 3, 8, 8}, 1)}}, options); },
                          {"cancelled"});
}

}  // namespace
}  // namespace kiln::test
