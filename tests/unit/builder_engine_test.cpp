// Build → save → load → run equals the reference executor; engine files round-trip bit-identically;
// damaged and mismatched engine files are refused with one clear error.
#include <algorithm>
#include <cstring>
#include <fstream>
#include <set>

#include "engine_core/builder/engine_format.h"
#include "tests/unit/builder_test_util.h"

namespace kiln::test {
namespace {

void expectOutputsMatch(const TensorMap& actual, const TensorMap& expected, double tol = 1e-5) {
    for (const auto& [name, t] : expected) {
        ASSERT_TRUE(actual.count(name)) << "missing output " << name;
        expectTensorNear(actual.at(name), t, tol, tol);
    }
}

class BuilderEngineLevels : public ::testing::TestWithParam<int> {};

TEST_P(BuilderEngineLevels, BuildSaveLoadRunMatchesReference) {
    auto model = makeTinyCnn();
    auto engine = buildEngine(*model, tinyCnnConfig(GetParam()));
    TempDir dir("kiln_engine");
    engine->save(dir.file("tiny.engine"));
    auto loaded = Engine::load(dir.file("tiny.engine"));
    EXPECT_EQ(loaded->layers().size(), engine->layers().size());
    for (int64_t batch : {1, 3, 4}) {
        TensorMap in{{"x", randomTensor({batch, 3, 8, 8}, uint32_t(100 + batch))}};
        TensorMap ref = referenceRun(*model, in);
        expectOutputsMatch(engine->createExecutionContext()->execute(in), ref);
        expectOutputsMatch(loaded->createExecutionContext()->execute(in), ref);
    }
}

INSTANTIATE_TEST_SUITE_P(Levels, BuilderEngineLevels, ::testing::Values(0, 1, 2, 3));

TEST(BuilderEngine, LayersKeepProvenance) {
    auto model = makeTinyCnn();
    std::set<std::string> onnxNames;
    for (const Node* n : model->nodes()) onnxNames.insert(n->name);
    auto engine = buildEngine(*model, tinyCnnConfig(3));
    std::set<std::string> covered;
    for (const EngineLayer& l : engine->layers()) {
        EXPECT_FALSE(l.origin.empty()) << l.name;
        for (const std::string& o : l.origin) {
            EXPECT_TRUE(onnxNames.count(o)) << "layer " << l.name << " origin " << o;
            covered.insert(o);
        }
        EXPECT_FALSE(l.tactic.empty());
        EXPECT_EQ(l.precision, Precision::FP32);
    }
    // Every ONNX node ends up in some layer (none is dropped: this model has no dead code).
    EXPECT_EQ(covered, onnxNames);
    // Optimization fused something: a layer from several ONNX nodes (fewer layers than nodes, or,
    // where the builder's timing reverted the fusion, as under the sanitizers, its plain nodes
    // carrying the fused layer's origin).
    EXPECT_TRUE(std::any_of(engine->layers().begin(), engine->layers().end(),
                            [](const EngineLayer& l) { return l.origin.size() > 1; }));
    // The model itself is untouched by the build.
    EXPECT_EQ(model->nodeCount(), 8u);
}

TEST(BuilderEngine, RoundTripIsBitIdentical) {
    auto model = makeTinyCnn();
    auto engine = buildEngine(*model, tinyCnnConfig(3));
    std::string bytes = engine->serialize();
    EXPECT_EQ(bytes, engine->serialize());  // deterministic
    auto loaded = Engine::deserialize(bytes, "mem");
    EXPECT_EQ(loaded->serialize(), bytes);
    EXPECT_EQ(loaded->config(), engine->config());
    EXPECT_EQ(loaded->profiles(), engine->profiles());
    EXPECT_EQ(loaded->header().arch, engine->header().arch);
    EXPECT_EQ(loaded->header().libraryVersions, engine->header().libraryVersions);
    EXPECT_EQ(loaded->weightBytes(), engine->weightBytes());
    for (size_t i = 0; i < engine->layers().size(); ++i) {
        EXPECT_EQ(loaded->layers()[i].name, engine->layers()[i].name);
        EXPECT_EQ(loaded->layers()[i].origin, engine->layers()[i].origin);
        EXPECT_EQ(loaded->layers()[i].tactic, engine->layers()[i].tactic);
        EXPECT_EQ(loaded->layers()[i].outputs, engine->layers()[i].outputs);
    }
}

TEST(BuilderEngine, HeaderRecordsWhereItWasBuilt) {
    auto engine = buildEngine(*makeTinyCnn(), tinyCnnConfig(1));
    const EngineHeader& h = engine->header();
    EXPECT_EQ(h.formatVersion, kEngineFormatVersion);
    EXPECT_EQ(h.backend, "cpu");
    EXPECT_EQ(h.kilnVersion, KILN_VERSION);
    EXPECT_FALSE(h.device.empty());
    EXPECT_FALSE(h.arch.empty());
    EXPECT_TRUE(h.libraryVersions.count("onnx"));
    EXPECT_TRUE(h.libraryVersions.count("openblas"));
    std::string bytes = engine->serialize();
    EXPECT_EQ(bytes.substr(0, 7), "KILNENG");
    EXPECT_EQ(readEngineHeader(bytes, "mem").device, h.device);
}

TEST(BuilderEngine, RefusesCorruptedFiles) {
    std::string bytes = buildEngine(*makeTinyCnn(), tinyCnnConfig(2))->serialize();
    // Flip one bit at several places past the fixed frame (magic, version and size have their own
    // errors, tested below): header strings, config, weights, layers, the checksum itself.
    for (size_t at : {size_t(40), size_t(60), bytes.size() / 3, bytes.size() / 2, bytes.size() - 100, bytes.size() - 3}) {
        std::string bad = bytes;
        bad[at] = char(bad[at] ^ 0x10);
        expectErrorContaining([&] { Engine::deserialize(bad, "bad.engine"); }, {"bad.engine", "corrupt", "checksum"});
    }
}

TEST(BuilderEngine, RefusesTruncatedFiles) {
    std::string bytes = buildEngine(*makeTinyCnn(), tinyCnnConfig(2))->serialize();
    for (size_t len : {size_t(8), size_t(20), size_t(39), size_t(64), bytes.size() / 2, bytes.size() - 8, bytes.size() - 1})
        expectErrorContaining([&] { Engine::deserialize(bytes.substr(0, len), "cut.engine"); }, {"cut.engine", "truncated"});
    expectErrorContaining([&] { Engine::deserialize(bytes.substr(0, 5), "cut.engine"); }, {"not a Kiln engine file"});
    expectErrorContaining([&] { Engine::deserialize("", "empty.engine"); }, {"not a Kiln engine file"});
}

TEST(BuilderEngine, RefusesOtherFormatVersion) {
    std::string bytes = buildEngine(*makeTinyCnn(), tinyCnnConfig(1))->serialize();
    uint32_t v = 7;
    std::memcpy(&bytes[8], &v, 4);
    expectErrorContaining([&] { Engine::deserialize(bytes, "old.engine"); },
                          {"old.engine", "format version 7", "reads format version " + std::to_string(kEngineFormatVersion)});
}

TEST(BuilderEngine, RefusesOtherBackendAndArch) {
    std::string bytes = buildEngine(*makeTinyCnn(), tinyCnnConfig(1))->serialize();
    EngineHeader h = readEngineHeader(bytes, "mem");
    EngineHeader cuda = h;
    cuda.backend = "cuda";
    cuda.device = "NVIDIA H100 (sm_90)";
    cuda.arch = cuda.device;
    std::string cudaBytes = replaceEngineHeader(bytes, cuda, "mem");
    if (!BackendRegistry::global().available("cuda"))
        expectErrorContaining([&] { Engine::deserialize(cudaBytes, "gpu.engine"); },
                              {"gpu.engine", "backend cuda (NVIDIA H100 (sm_90))", "this is cpu"});
    EngineHeader arm = h;
    arm.arch = "aarch64-test";
    expectErrorContaining([&] { Engine::deserialize(replaceEngineHeader(bytes, arm, "mem"), "arm.engine"); },
                          {"arm.engine", "aarch64-test", "this machine is " + h.arch});
    // The header rewrite itself keeps the file valid: same header in, same engine out.
    EXPECT_NO_THROW(Engine::deserialize(replaceEngineHeader(bytes, h, "mem"), "same.engine"));
}

TEST(BuilderEngine, RefusesFilesThatAreNotEngines) {
    TempDir dir("kiln_engine");
    std::ofstream(dir.file("model.onnx")) << "this is not an engine, just some text to be long enough";
    expectErrorContaining([&] { Engine::load(dir.file("model.onnx")); }, {"model.onnx", "not a Kiln engine file"});
    expectErrorContaining([&] { Engine::load(dir.file("missing.engine")); }, {"missing.engine"});
}

TEST(BuilderEngine, SaveLeavesNoPartialFile) {
    auto engine = buildEngine(*makeTinyCnn(), tinyCnnConfig(1));
    expectErrorContaining([&] { engine->save("/nonexistent_dir/x.engine"); }, {"/nonexistent_dir/x.engine"});
    EXPECT_FALSE(std::filesystem::exists("/nonexistent_dir/x.engine.tmp"));
}

TEST(BuilderEngine, UnsupportedNodeNamesTheOnnxNode) {
    auto model = makeTinyCnn(false);
    // An op no backend kernel or plugin implements, as the importer leaves it with allowUnsupported.
    Value* y = model->outputs().front();
    Value* z = model->addValue("z");
    z->dtype = DataType::Float32;
    Node* n = model->addNode("Frobnicate", "frob_1", {y}, {z}, "com.example");
    n->origin = {"frob_1"};
    model->markOutput(z);
    BuilderConfig c = tinyCnnConfig(1);
    c.profiles.clear();
    expectErrorContaining([&] { buildEngine(*model, c); },
                          {"1 node(s) cannot run", "'frob_1'", "com.example::Frobnicate", "no plugin"});
}

}  // namespace
// Engine::withEmulatedRounding (kiln compare --emulate): weights, inputs and every layer's float
// outputs hold fp16/bf16 values; the original engine and the caller's inputs stay as they were.
TEST(BuilderEngine, EmulatedRoundingRoundsEveryLayerBoundary) {
    auto model = makeTinyCnn();
    auto engine = buildEngine(*model, tinyCnnConfig(3));
    for (Precision p : {Precision::FP16, Precision::BF16}) {
        SCOPED_TRACE(std::string(precisionName(p)));
        auto emulated = engine->withEmulatedRounding(p);
        EXPECT_EQ(emulated->emulatedRounding(), p);
        EXPECT_EQ(engine->emulatedRounding(), Precision::FP32);
        for (const EngineLayer& l : emulated->layers()) EXPECT_EQ(l.computed, p) << l.name;
        auto representable = [p](float x) {
            const float r = p == Precision::FP16 ? halfToFloat(floatToHalf(x)) : bfloat16ToFloat(floatToBfloat16(x));
            return r == x;
        };
        for (int64_t batch : {1, 4}) {  // 4: the batch-split run
            TensorMap in{{"x", randomTensor({batch, 3, 8, 8}, uint32_t(200 + batch))}};
            const std::vector<float> given = in.at("x").toFloatVector();
            TensorMap ref = referenceRun(*model, in);
            ExecuteOptions keep;
            keep.keepLayerOutputs = true;
            for (const TensorMap& out : {emulated->createExecutionContext()->execute(in),
                                         emulated->createExecutionContext()->execute(in, keep)}) {
                for (const auto& [name, t] : out) {
                    if (t.dtype() != DataType::Float32) continue;
                    for (float x : t.toFloatVector()) ASSERT_TRUE(representable(x)) << name << ": " << x;
                }
                for (const auto& [name, expected] : ref) {
                    const std::vector<float> a = out.at(name).toFloatVector(), e = expected.toFloatVector();
                    double maxErr = 0, maxRef = 0;
                    for (size_t i = 0; i < e.size(); ++i) {
                        maxErr = std::max(maxErr, double(std::fabs(a[i] - e[i])));
                        maxRef = std::max(maxRef, double(std::fabs(e[i])));
                    }
                    EXPECT_GT(maxErr / maxRef, 1e-6) << name;  // rounded: not the fp32 result
                    EXPECT_LT(maxErr / maxRef, p == Precision::FP16 ? 1e-2 : 5e-2) << name;
                }
            }
            EXPECT_EQ(in.at("x").toFloatVector(), given);  // the caller's input is not rounded in place
            expectOutputsMatch(engine->createExecutionContext()->execute(in), ref);  // the original still fp32
        }
        // Bound tensors: each enqueue reads the caller's input as it is now, rounded.
        auto ctx = emulated->createExecutionContext();
        Tensor x = randomTensor({2, 3, 8, 8}, 300), y = randomTensor({2, 3, 8, 8}, 301);
        Tensor bound = x.clone();
        const std::string out = emulated->outputs()[0].name;
        Tensor result(DataType::Float32, emulated->createExecutionContext()->execute({{"x", x}}).at(out).dims());
        ctx->setTensor("x", bound);
        ctx->setTensor(out, result);
        ctx->enqueue();
        EXPECT_EQ(result.toFloatVector(), emulated->createExecutionContext()->execute({{"x", x}}).at(out).toFloatVector());
        std::memcpy(bound.raw(), y.raw(), y.byteSize());
        ctx->enqueue();
        EXPECT_EQ(result.toFloatVector(), emulated->createExecutionContext()->execute({{"x", y}}).at(out).toFloatVector());
        expectErrorContaining([&] { emulated->serialize(); }, {"emulating", "not saved"});
    }
    expectErrorContaining([&] { engine->withEmulatedRounding(Precision::FP8); }, {"fp16 and bf16", "fp8"});
    Tensor t(DataType::Float32, {3});
    t.data<float>()[0] = -1e9f;
    t.data<float>()[1] = 1.0f + 1.0f / 2048;  // a tie between 1 and 1 + 2^-10: to even, 1
    t.data<float>()[2] = 70000.f;
    Tensor weights = t.clone();
    roundFloatTensorTo(t, Precision::FP16);
    roundFloatTensorTo(weights, Precision::FP16, true);
    EXPECT_TRUE(std::isinf(t.data<float>()[0]));  // a kernel's store overflows
    EXPECT_EQ(t.data<float>()[1], 1.0f);
    EXPECT_EQ(weights.data<float>()[0], -65504.f);  // weights are clamped, as the builder converts them
    EXPECT_EQ(weights.data<float>()[2], 65504.f);
}

}  // namespace kiln::test
