// profiler/result_import.h: what the profiler exports reads back to the same values (layer info,
// raw samples with their runs, comparison reports), and a damaged file is one error naming it.
#include <gtest/gtest.h>

#include <cmath>

#include "engine_core/common/error.h"
#include "profiler/profile_export.h"
#include "profiler/result_import.h"

namespace kiln {
namespace {

std::vector<LayerDescription> twoLayers() {
    LayerDescription conv;
    conv.name = "/stem/conv/Conv+Relu";
    conv.type = "kiln::FusedConv";
    conv.precision = "fp32";
    conv.tactic = "direct_loop";
    conv.origin = {"/stem/conv/Conv", "/stem/relu/Relu"};
    conv.inputs = {{"x", "fp32", "[1,3,8,8]", std::vector<int64_t>{1, 3, 8, 8}, std::nullopt}};
    conv.outputs = {{"y", "fp32", "[batch,4,8,8]", std::nullopt, std::nullopt}};
    LayerDescription pool;
    pool.name = "pool";
    pool.type = "MaxPool";
    pool.precision = "fp32";
    pool.tactic = "reference";
    pool.inputs = {{"y", "fp32", "[batch,4,8,8]", std::nullopt, std::nullopt}};
    pool.outputs = {{"z", "fp32", "[1,4,4,4]", std::vector<int64_t>{1, 4, 4, 4}, std::nullopt}};
    return {conv, pool};
}

TEST(ResultImport, LayerInfoRoundTrips) {
    const std::vector<LayerDescription> layers = twoLayers();
    const LayerInfo info = importLayerInfoJson(exportLayerInfoJson(layers, {"x", "z"}), "info.json");
    ASSERT_EQ(info.layers.size(), 2u);
    EXPECT_EQ(info.bindings, (std::vector<std::string>{"x", "z"}));
    for (size_t i = 0; i < layers.size(); ++i) {
        const LayerDescription& a = layers[i];
        const LayerDescription& b = info.layers[i];
        EXPECT_EQ(a.name, b.name);
        EXPECT_EQ(a.type, b.type);
        EXPECT_EQ(a.precision, b.precision);
        EXPECT_EQ(a.tactic, b.tactic);
        EXPECT_EQ(a.origin, b.origin);
        ASSERT_EQ(a.inputs.size(), b.inputs.size());
        ASSERT_EQ(a.outputs.size(), b.outputs.size());
        for (size_t t = 0; t < a.outputs.size(); ++t) {
            EXPECT_EQ(a.outputs[t].name, b.outputs[t].name);
            EXPECT_EQ(a.outputs[t].shape, b.outputs[t].shape);
            EXPECT_EQ(a.outputs[t].dims, b.outputs[t].dims);
        }
    }
}

TEST(ResultImport, SamplesRebuildTheSameReportAndTrace) {
    LayerProfiler profiler;
    for (int run = 0; run < 5; ++run) {
        profiler.reportLayerTime("/stem/conv/Conv+Relu", 1.0f + 0.25f * float(run));
        profiler.reportLayerTime("pool", 0.5f + 0.1f * float(run % 2));
    }
    const std::vector<LayerDescription> layers = twoLayers();
    const LayerProfileReport before = makeLayerProfileReport(layers, profiler);

    LayerProfiler restored;
    importProfileSamplesJson(exportProfileSamplesJson(profiler), "samples.json", restored);
    const LayerProfileReport after = makeLayerProfileReport(layers, restored);
    EXPECT_EQ(after.runs, before.runs);
    EXPECT_DOUBLE_EQ(after.totalMs, before.totalMs);
    EXPECT_DOUBLE_EQ(after.sumOfMediansMs, before.sumOfMediansMs);
    ASSERT_EQ(after.rows.size(), before.rows.size());
    for (size_t i = 0; i < before.rows.size(); ++i) {
        EXPECT_EQ(after.rows[i].layer.name, before.rows[i].layer.name);
        EXPECT_DOUBLE_EQ(after.rows[i].stats.median, before.rows[i].stats.median);
        EXPECT_DOUBLE_EQ(after.rows[i].stats.p90, before.rows[i].stats.p90);
        EXPECT_DOUBLE_EQ(after.rows[i].percent, before.rows[i].percent);
    }
    // The runs (and their timestamps) survive: the trace of the typical run is identical.
    EXPECT_EQ(restored.runs().size(), profiler.runs().size());
    EXPECT_EQ(exportChromeTrace(layers, restored), exportChromeTrace(layers, profiler));
    // A restored profiler keeps working: the next report starts a new run.
    restored.reportLayerTime("/stem/conv/Conv+Relu", 2.0f);
    EXPECT_EQ(restored.runs().size(), profiler.runs().size() + 1);
}

TEST(ResultImport, DamagedSamplesAreOneError) {
    LayerProfiler into;
    try {
        importProfileSamplesJson(R"({"layers": [{"name": "a", "ms": [1], "endMs": [1]}], "runs": [[[0, 3]]]})",
                                 "ws.kilnws", into);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
        EXPECT_NE(std::string(e.what()).find("ws.kilnws"), std::string::npos) << e.what();
    }
    EXPECT_THROW(importProfileSamplesJson("{not json", "ws.kilnws", into), Error);
    EXPECT_THROW(importProfileSamplesJson(R"({"layers": 3})", "ws.kilnws", into), Error);
    EXPECT_THROW(importLayerInfoJson(R"({"Layers": [{"Name": 1}]})", "info.json"), Error);
}

TEST(ResultImport, CompareReportRoundTrips) {
    Tolerance tol = Tolerance::elementwise(1e-3, 1e-3);
    Tensor expected(DataType::Float32, {2, 3});
    Tensor actual(DataType::Float32, {2, 3});
    Tensor exact(DataType::Float32, {4});
    for (int i = 0; i < 6; ++i) {
        expected.data<float>()[i] = float(i);
        actual.data<float>()[i] = float(i) + (i == 4 ? 0.5f : 0.0f);
    }
    for (int i = 0; i < 4; ++i) exact.data<float>()[i] = float(i) - 1.0f;
    CompareReport r;
    r.tolerance = tol;
    r.perLayer = true;
    r.referenceMs = 1.5;
    r.engineMs = 0.75;
    r.outputs.push_back({compareTensors(actual, expected, tol, "out"), errorHistogram(actual, expected)});
    LayerAccuracy good{0, "conv", "Conv", {"/conv"}, {{compareTensors(exact, exact, tol, "c"), errorHistogram(exact, exact)}}, {}};
    LayerAccuracy bad{1, "fc", "Gemm", {"/fc/MatMul", "/fc/Add"},
                      {{compareTensors(actual, expected, tol, "out"), errorHistogram(actual, expected)}}, {}};
    r.layers = {good, bad};
    r.firstFailingLayer = 1;

    const CompareReport back = importCompareReportJson(r.toJson(), "compare.json");
    EXPECT_EQ(back.toJson(), r.toJson());  // every exported number, name and flag
    EXPECT_FALSE(back.passed());
    ASSERT_TRUE(back.firstFailingLayer.has_value());
    EXPECT_EQ(*back.firstFailingLayer, 1u);
    const TensorComparison& c = back.outputs.front().comparison;
    EXPECT_EQ(c.status, ComparisonStatus::Fail);
    EXPECT_EQ(c.worstIndex, 4);
    EXPECT_DOUBLE_EQ(c.maxAbsError, 0.5);
    // An exact match has an infinite SNR, written as null: it reads back as +inf.
    EXPECT_TRUE(std::isinf(back.layers[0].outputs[0].comparison.snrDb));
    EXPECT_TRUE(back.layers[0].passed());

    EXPECT_EQ(back.tolerance.rule, CheckRule::Elementwise);

    // The norm rule with its per-precision limit: the rule, the precision and the limit read back.
    CompareReport n;
    n.outputs.push_back({compareTensors(actual, expected, {}, "out", Precision::BF16), errorHistogram(actual, expected)});
    const CompareReport nBack = importCompareReportJson(n.toJson(), "compare.json");
    EXPECT_EQ(nBack.toJson(), n.toJson());
    EXPECT_EQ(nBack.tolerance.rule, CheckRule::Norm);
    EXPECT_FALSE(nBack.tolerance.maxNorm);
    EXPECT_EQ(nBack.outputs[0].comparison.precision, Precision::BF16);
    EXPECT_DOUBLE_EQ(nBack.outputs[0].comparison.maxNormLimit, defaultMaxNorm(Precision::BF16));
    EXPECT_DOUBLE_EQ(nBack.outputs[0].comparison.maxNormalizedError, 0.1);
    // A file from before the norm rule: mode max-normalized meant rtol as the limit, no mode elementwise.
    EXPECT_EQ(importCompareReportJson(R"({"tolerance": {"atol": 1, "rtol": 0.5, "mode": "max-normalized"}, "outputs": []})",
                                      "old.json")
                  .tolerance.maxNorm,
              std::optional<double>(0.5));
    EXPECT_EQ(importCompareReportJson(R"({"tolerance": {"atol": 1, "rtol": 0.5, "mode": "elementwise"}, "outputs": []})",
                                      "old.json")
                  .tolerance.rule,
              CheckRule::Elementwise);

    try {
        importCompareReportJson(R"({"tolerance": {"atol": 1, "rtol": 1}, "outputs": [{"name": "x", "status": "MAYBE"}]})",
                                "compare.json");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("compare.json"), std::string::npos) << e.what();
    }
}

// "emulated" (CompareReport::emulated, Kiln Studio's "Emulate on the CPU", kiln compare --emulate):
// fp16 and bf16 read back; null or absent (older files) is none; anything else is an error naming the
// file and the field.
TEST(ResultImport, CompareReportEmulatedField) {
    Tensor t(DataType::Float32, {3});
    for (int i = 0; i < 3; ++i) t.data<float>()[i] = float(i) + 0.5f;
    for (Precision p : {Precision::FP16, Precision::BF16}) {
        CompareReport r;
        r.emulated = p;
        r.outputs.push_back({compareTensors(t, t, {}, "y", p), errorHistogram(t, t)});
        ASSERT_NE(r.toJson().find(std::string("\"emulated\": \"") + std::string(precisionName(p)) + "\""),
                  std::string::npos)
            << r.toJson();
        const CompareReport back = importCompareReportJson(r.toJson(), "compare.json");
        EXPECT_EQ(back.emulated, p);
        EXPECT_EQ(back.toJson(), r.toJson());
    }
    const char* none = R"({"tolerance": {"atol": 1, "rtol": 1}, "emulated": null, "outputs": []})";
    EXPECT_EQ(importCompareReportJson(none, "compare.json").emulated, Precision::FP32);
    EXPECT_EQ(importCompareReportJson(R"({"tolerance": {"atol": 1, "rtol": 1}, "outputs": []})", "old.json").emulated,
              Precision::FP32);
    for (const char* bad : {R"({"tolerance": {"atol": 1, "rtol": 1}, "emulated": "fp8", "outputs": []})",
                            R"({"tolerance": {"atol": 1, "rtol": 1}, "emulated": "fp32", "outputs": []})",
                            R"({"tolerance": {"atol": 1, "rtol": 1}, "emulated": "half-ish", "outputs": []})"}) {
        try {
            importCompareReportJson(bad, "compare.json");
            FAIL() << "expected an error for " << bad;
        } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find("compare.json"), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find("emulated"), std::string::npos) << e.what();
        }
    }
}

// "expected" (CompareReport::storedDataSet / storedFiles, outputs compared with a test data set's stored
// outputs): written for every report, read back; absent (older files) is the reference run; an unknown
// source is an error naming the field.
TEST(ResultImport, CompareReportExpectedField) {
    Tensor t(DataType::Float32, {2});
    t.data<float>()[0] = 1;
    t.data<float>()[1] = -2;
    CompareReport r;
    r.outputs.push_back({compareTensors(t, t, {}, "probs"), errorHistogram(t, t)});
    EXPECT_NE(r.toJson().find(R"("source": "reference")"), std::string::npos) << r.toJson();
    EXPECT_TRUE(importCompareReportJson(r.toJson(), "compare.json").storedDataSet.empty());
    r.storedDataSet = "test_data_set_0";
    r.storedFiles["probs"] = "output_0.pb";
    const CompareReport back = importCompareReportJson(r.toJson(), "compare.json");
    EXPECT_EQ(back.storedDataSet, "test_data_set_0");
    EXPECT_EQ(back.storedFiles, r.storedFiles);
    EXPECT_EQ(back.toJson(), r.toJson());
    EXPECT_TRUE(importCompareReportJson(R"({"tolerance": {"atol": 1, "rtol": 1}, "outputs": []})", "old.json")
                    .storedDataSet.empty());
    try {
        importCompareReportJson(R"({"tolerance": {"atol": 1, "rtol": 1}, "expected": {"source": "oracle"}, "outputs": []})",
                                "compare.json");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("expected.source"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace kiln
