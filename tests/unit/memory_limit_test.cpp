// The memory limit (issue 14, item 5): sizes as the CLI takes them, the default from the physical
// memory, and runs and engines that would pass the limit stopping before they allocate, with the
// layer and the size in the error.
#include <gtest/gtest.h>

#include <chrono>

#include "engine_core/builder/builder.h"
#include "engine_core/common/memory_limit.h"
#include "engine_core/runtime/executor.h"
#include "tests/unit/builder_test_util.h"

namespace kiln {
namespace {

// Puts the default limit back however the test ends.
struct LimitGuard {
    explicit LimitGuard(std::optional<uint64_t> bytes) { setMemoryLimit(bytes); }
    ~LimitGuard() { setMemoryLimit(std::nullopt); }
};

constexpr uint64_t kGiB = uint64_t(1) << 30;

TEST(MemoryLimit, ParsesSizes) {
    EXPECT_EQ(parseByteSize("512M"), uint64_t(512) << 20);
    EXPECT_EQ(parseByteSize("8G"), 8 * kGiB);
    EXPECT_EQ(parseByteSize("8g"), 8 * kGiB);
    EXPECT_EQ(parseByteSize("1.5GiB"), 3 * kGiB / 2);
    EXPECT_EQ(parseByteSize("64KB"), uint64_t(64) << 10);
    EXPECT_EQ(parseByteSize("2T"), uint64_t(2) << 40);
    EXPECT_EQ(parseByteSize("4096"), 4096u);
    EXPECT_EQ(parseByteSize("100B"), 100u);
    for (const char* bad : {"", "G", "12Q", "-1G", "0", "0.1", "1..5G", "1e3", "8 G", "99999999999T"})
        EXPECT_FALSE(parseByteSize(bad).has_value()) << bad;
}

TEST(MemoryLimit, DefaultIsThreeQuartersOfPhysicalMemory) {
    const uint64_t physical = physicalMemoryBytes();
    ASSERT_GT(physical, 0u);
    EXPECT_EQ(defaultMemoryLimit(), physical / 4 * 3);
    EXPECT_EQ(memoryLimit(), defaultMemoryLimit());
    {
        LimitGuard limit(kGiB);
        EXPECT_EQ(memoryLimit(), kGiB);
        EXPECT_EQ(Tensor::maxBytes(), kGiB);  // no tensor larger than the whole limit
    }
    EXPECT_EQ(memoryLimit(), defaultMemoryLimit());
}

// shape → ConstantOfShape → y, the shape a graph input.
std::unique_ptr<Graph> constantOfShapeModel() {
    auto g = std::make_unique<Graph>();
    g->opsetImports[""] = 17;
    Value* shape = g->addValue("shape");
    shape->dtype = DataType::Int64;
    shape->shape = Shape{4};
    g->markInput(shape);
    Value* y = g->addValue("y");
    y->dtype = DataType::Float32;
    g->addNode("ConstantOfShape", "huge_fill", {shape}, {y});
    g->markOutput(y);
    return g;
}

// The finding: a ConstantOfShape asking for 12 GiB was attempted (the only bound was 16 GiB
// per tensor). Under a 1 GiB limit it stops at once, naming the node and the size.
TEST(MemoryLimit, HugeConstantOfShapeStopsBeforeAllocating) {
    LimitGuard limit(kGiB);
    auto g = constantOfShapeModel();
    Executor executor(*g);
    const uint64_t before = liveHostBytes();
    const auto start = std::chrono::steady_clock::now();
    test::expectErrorContaining(
        [&] { executor.run({{"shape", Tensor::fromVector<int64_t>({4}, {3, 1024, 1024, 1024})}}); },
        {"node 'huge_fill' (ConstantOfShape)", "12884901888 bytes", "1073741824"});
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 1.0);
    EXPECT_LE(liveHostBytes(), before + (uint64_t(1) << 20));
    try {
        executor.run({{"shape", Tensor::fromVector<int64_t>({4}, {3, 1024, 1024, 1024})}});
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::ResourceLimit);
    }
    // Small enough: it runs.
    TensorMap out = executor.run({{"shape", Tensor::fromVector<int64_t>({4}, {1, 2, 3, 4})}});
    EXPECT_EQ(out.at("y").numel(), 24);
}

// Tensors that each fit but together pass the limit: the layer whose output would pass it stops,
// with the size and the memory already in use.
TEST(MemoryLimit, OutputsTogetherOverTheLimitNameTheLayer) {
    // x[1M] floats (4 MiB) → Expand to [8, 1M] (32 MiB) → Mul by itself (32 MiB) → Add (32 MiB);
    // every intermediate is kept (keepIntermediates), so the run holds ~100 MiB at the end.
    Graph g;
    g.opsetImports[""] = 17;
    Value* x = g.addValue("x");
    x->dtype = DataType::Float32;
    x->shape = Shape{1, 1 << 20};
    g.markInput(x);
    Value* shape = g.addConstant("shape", Tensor::fromVector<int64_t>({2}, {8, 1 << 20}));
    auto val = [&](const char* name) {
        Value* v = g.addValue(name);
        v->dtype = DataType::Float32;
        return v;
    };
    Value *e = val("e"), *m = val("m"), *y = val("y");
    g.addNode("Expand", "expand", {x, shape}, {e});
    g.addNode("Mul", "square", {e, e}, {m});
    g.addNode("Add", "sum", {m, e}, {y});
    g.markOutput(y);
    Executor executor(g);
    TensorMap inputs{{"x", test::randomTensor({1, 1 << 20}, 1)}};
    RunOptions keep;
    keep.keepIntermediates = true;
    {
        LimitGuard limit(liveHostBytes() + (uint64_t(80) << 20));  // room for two of the three
        test::expectErrorContaining([&] { executor.run(inputs, keep); },
                                    {"node 'sum' (Add) output 0 [8,1048576] fp32 needs 32.0 MiB (33554432 bytes)",
                                     "already in use, over the memory limit of"});
    }
    EXPECT_EQ(executor.run(inputs, keep).at("y").numel(), 8 << 20);  // the default limit lets it run
}

// An engine whose activation arena can't fit is refused when built or loaded, naming the largest
// tensor and its layer.
TEST(MemoryLimit, EngineArenaOverTheLimitIsRefusedOnLoad) {
    auto g = test::makeTinyCnn();
    BuilderConfig config;
    config.profiles = {OptimizationProfile{{{"x", ShapeRange{{1, 3, 8, 8}, {2, 3, 8, 8}, {4, 3, 8, 8}}}}}};
    config.timingWarmup = 0;
    config.timingIterations = 1;
    auto engine = buildEngine(*g, config);
    const std::string bytes = engine->serialize();
    LimitGuard limit(4096);
    try {
        Engine::deserialize(bytes, "tiny.kiln");
        ADD_FAILURE() << "loaded under a 4 KiB limit";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::ResourceLimit);
        const std::string what = e.what();
        EXPECT_NE(what.find("optimization profile 0 needs"), std::string::npos) << what;
        EXPECT_NE(what.find("over the memory limit of 4.0 KiB"), std::string::npos) << what;
        EXPECT_NE(what.find("its largest tensor is '"), std::string::npos) << what;
        EXPECT_EQ(what.find("of layer '?'"), std::string::npos) << what;
    }
}

}  // namespace
}  // namespace kiln
