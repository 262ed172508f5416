// The per-layer profiler: sample keeping and run grouping, the report's percentiles and percentages,
// the trtexec --exportProfile JSON shape, the layer-info and Chrome trace exports, time spread over
// provenance, and the latency benchmark loop. The end-to-end case profiles a real engine.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "profiler/benchmark.h"
#include "profiler/layer_profiler.h"
#include "profiler/profile_export.h"
#include "profiler/profile_report.h"
#include "tests/unit/builder_test_util.h"

namespace kiln {
namespace {

using nlohmann::json;

LayerDescription describe(const std::string& name, const std::string& type, std::vector<std::string> origin) {
    LayerDescription d;
    d.name = name;
    d.type = type;
    d.precision = "fp32";
    d.tactic = "default";
    d.origin = std::move(origin);
    d.inputs = {{name + "_in", "fp32", "[batch,4]", std::nullopt}};
    d.outputs = {{name + "_out", "fp32", "[2,4]", std::vector<int64_t>{2, 4}}};
    return d;
}

// Three runs of two layers: a = 1, 2, 3 ms (and 10 in a fourth, partial run), b = 4 ms each.
void threeRuns(LayerProfiler& p) {
    for (float a : {1.f, 2.f, 3.f}) {
        p.reportLayerTime("a", a);
        p.reportLayerTime("b", 4.f);
    }
    p.reportLayerTime("a", 10.f);
}

TEST(LayerProfiler, KeepsSamplesAndGroupsRuns) {
    LayerProfiler p;
    threeRuns(p);
    auto layers = p.layers();
    ASSERT_EQ(layers.size(), 2u);
    EXPECT_EQ(layers[0].name, "a");
    EXPECT_EQ(layers[1].name, "b");
    ASSERT_EQ(layers[0].samples.size(), 4u);
    EXPECT_EQ(layers[0].samples[3].ms, 10.0);
    EXPECT_EQ(p.runCount(), 3u);  // the fourth run is incomplete
    auto runs = p.runs();
    ASSERT_EQ(runs.size(), 4u);
    EXPECT_EQ(runs[1].size(), 2u);
    EXPECT_EQ(runs[1][0].layer, 0u);
    EXPECT_EQ(runs[1][0].sample, 1u);
    EXPECT_EQ(runs[3].size(), 1u);
    // Report times follow the report order.
    double previous = -1;
    for (const auto& run : runs)
        for (const auto& e : run) {
            double end = layers[e.layer].samples[e.sample].endMs;
            EXPECT_GE(end, previous);
            previous = end;
        }
    p.reset();
    EXPECT_TRUE(p.layers().empty());
    EXPECT_EQ(p.runCount(), 0u);
}

TEST(LayerProfiler, ReportsOutOfExecutionOrderFindTheirLayer) {
    // The profiler expects the layer after the last one reported; anything else is looked up.
    LayerProfiler p;
    for (const char* name : {"a", "b", "c"}) p.reportLayerTime(name, 1.f);
    for (const char* name : {"c", "a", "b"}) p.reportLayerTime(name, 2.f);  // c repeats: a new run
    for (const char* name : {"b", "d"}) p.reportLayerTime(name, 3.f);       // b repeats; d is new
    auto layers = p.layers();
    ASSERT_EQ(layers.size(), 4u);
    EXPECT_EQ(layers[3].name, "d");
    auto msOf = [&](size_t layer) {
        std::vector<double> ms;
        for (const LayerSample& s : layers[layer].samples) ms.push_back(s.ms);
        return ms;
    };
    EXPECT_EQ(msOf(0), (std::vector<double>{1, 2}));
    EXPECT_EQ(msOf(1), (std::vector<double>{1, 2, 3}));
    EXPECT_EQ(msOf(2), (std::vector<double>{1, 2}));
    EXPECT_EQ(msOf(3), (std::vector<double>{3}));
    auto runs = p.runs();
    ASSERT_EQ(runs.size(), 3u);
    ASSERT_EQ(runs[1].size(), 3u);
    EXPECT_EQ(runs[1][0].layer, 2u);
    EXPECT_EQ(runs[1][1].layer, 0u);
    ASSERT_EQ(runs[2].size(), 2u);
    EXPECT_EQ(runs[2][1].layer, 3u);

    // After restore() the expected next layer starts over.
    p.restore({{"x", {{1, 1}}}, {"y", {{2, 3}}}}, {{{0, 0}, {1, 0}}});
    p.reportLayerTime("y", 5.f);
    p.reportLayerTime("x", 6.f);
    layers = p.layers();
    ASSERT_EQ(layers.size(), 2u);
    EXPECT_EQ(layers[0].samples.back().ms, 6.0);
    EXPECT_EQ(layers[1].samples.back().ms, 5.0);
}

TEST(LayerProfiler, ThreadSafeReports) {
    LayerProfiler p;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 500; ++i) p.reportLayerTime("only", 0.5f);
        });
    for (auto& t : threads) t.join();
    ASSERT_EQ(p.layers().size(), 1u);
    EXPECT_EQ(p.layers()[0].samples.size(), 2000u);
}

TEST(LayerProfileReport, StatisticsAndPercentages) {
    LayerProfiler p;
    threeRuns(p);
    LayerProfileReport r = makeLayerProfileReport(
        {describe("a", "Conv", {"conv"}), describe("b", "kiln::FusedConv", {"c1", "r1"}),
         describe("never", "Relu", {"n"})},
        p);
    ASSERT_EQ(r.rows.size(), 3u);
    const LayerProfileRow& a = r.rows[0];
    EXPECT_EQ(a.stats.count, 4u);
    EXPECT_DOUBLE_EQ(a.stats.median, 2.5);  // 1, 2, 3, 10
    EXPECT_DOUBLE_EQ(a.stats.mean, 4.0);
    EXPECT_NEAR(a.stats.p90, 7.9, 1e-9);  // rank 2.7 between 3 and 10
    EXPECT_DOUBLE_EQ(a.totalMs, 16.0);
    EXPECT_DOUBLE_EQ(r.rows[1].totalMs, 12.0);
    EXPECT_DOUBLE_EQ(r.totalMs, 28.0);
    EXPECT_NEAR(a.percent, 16.0 / 28 * 100, 1e-9);
    EXPECT_NEAR(r.rows[1].percent, 12.0 / 28 * 100, 1e-9);
    EXPECT_EQ(r.rows[2].stats.count, 0u);  // described, never reported
    EXPECT_EQ(r.rows[2].percent, 0);
    EXPECT_EQ(r.runs, 3u);
    EXPECT_DOUBLE_EQ(r.sumOfMediansMs, 6.5);

    std::string table = r.table();
    for (const char* expected : {"layer", "type", "prec", "tactic", "onnx", "median ms", "%",
                                 "kiln::FusedConv", "57.1", "42.9", "3 layers, 3 profiled runs"})
        EXPECT_NE(table.find(expected), std::string::npos) << expected << " not in\n" << table;
}

TEST(LayerProfileReport, UndescribedLayersAreKept) {
    LayerProfiler p;
    p.reportLayerTime("mystery", 1.f);
    LayerProfileReport r = makeLayerProfileReport({}, p);
    ASSERT_EQ(r.rows.size(), 1u);
    EXPECT_EQ(r.rows[0].layer.name, "mystery");
    EXPECT_EQ(r.rows[0].layer.type, "?");
    EXPECT_DOUBLE_EQ(r.rows[0].percent, 100.0);
}

TEST(LayerProfileReport, LongNamesKeepTheirTail) {
    LayerProfiler p;
    std::string name = "/bert/encoder/layer.0/attention/self/query/MatMul_with_a_very_long_suffix";
    p.reportLayerTime(name, 1.f);
    std::string table = makeLayerProfileReport({describe(name, "MatMul", {name})}, p).table(30);
    EXPECT_NE(table.find("..." + name.substr(name.size() - 27) + " "), std::string::npos) << table;
    EXPECT_EQ(table.find("/bert/encoder"), std::string::npos) << table;
}

TEST(ProfileExport, TrtexecProfileShape) {
    LayerProfiler p;
    threeRuns(p);
    LayerProfileReport r =
        makeLayerProfileReport({describe("a", "Conv", {"conv"}), describe("b", "Relu", {"relu"})}, p);
    json j = json::parse(exportProfileJson(r));
    ASSERT_TRUE(j.is_array());
    ASSERT_EQ(j.size(), 3u);
    ASSERT_TRUE(j[0].is_object());
    EXPECT_EQ(j[0].size(), 1u);
    EXPECT_EQ(j[0]["count"], 3);
    for (size_t i = 1; i < j.size(); ++i) {
        EXPECT_EQ(j[i].size(), 5u);
        for (const char* key : {"name", "timeMs", "averageMs", "medianMs", "percentage"})
            EXPECT_TRUE(j[i].contains(key)) << key;
    }
    EXPECT_EQ(j[1]["name"], "a");
    EXPECT_DOUBLE_EQ(j[1]["timeMs"].get<double>(), 16.0);
    EXPECT_DOUBLE_EQ(j[1]["averageMs"].get<double>(), 4.0);
    EXPECT_DOUBLE_EQ(j[1]["medianMs"].get<double>(), 2.5);
    EXPECT_NEAR(j[1]["percentage"].get<double>() + j[2]["percentage"].get<double>(), 100.0, 1e-9);
}

TEST(ProfileExport, LayerInfo) {
    std::vector<LayerDescription> layers = {describe("fused", "kiln::FusedConv", {"conv1", "relu1"})};
    json j = json::parse(exportLayerInfoJson(layers, {"x", "y"}));
    ASSERT_EQ(j["Layers"].size(), 1u);
    const json& l = j["Layers"][0];
    EXPECT_EQ(l["Name"], "fused");
    EXPECT_EQ(l["LayerType"], "kiln::FusedConv");
    EXPECT_EQ(l["TacticName"], "default");
    EXPECT_EQ(l["Precision"], "fp32");
    EXPECT_EQ(l["Origin"], json({"conv1", "relu1"}));
    EXPECT_EQ(l["Metadata"], "[ONNX Layer: conv1]\x1f[ONNX Layer: relu1]");
    EXPECT_EQ(l["Inputs"][0]["Name"], "fused_in");
    EXPECT_EQ(l["Inputs"][0]["Dimensions"], "[batch,4]");  // symbolic stays text
    EXPECT_EQ(l["Outputs"][0]["Dimensions"], json({2, 4}));
    EXPECT_EQ(l["Outputs"][0]["Format/Datatype"], "fp32");
    EXPECT_EQ(j["Bindings"], json({"x", "y"}));
}

TEST(ProfileExport, ChromeTraceIsOneRunOfCompleteEvents) {
    LayerProfiler p;
    threeRuns(p);
    std::vector<LayerDescription> layers = {describe("a", "Conv", {"conv"}), describe("b", "Relu", {"relu"})};
    json j = json::parse(exportChromeTrace(layers, p));
    ASSERT_TRUE(j["traceEvents"].is_array());
    std::vector<json> complete;
    for (const json& e : j["traceEvents"]) {
        ASSERT_TRUE(e.contains("ph"));
        ASSERT_TRUE(e.contains("name"));
        ASSERT_TRUE(e.contains("pid"));
        if (e["ph"] == "X")
            complete.push_back(e);
        else
            EXPECT_EQ(e["ph"], "M");
    }
    // Run totals: 5, 6, 7, 10 ms -> the median run (index 1: a = 2 ms) is chosen.
    ASSERT_EQ(complete.size(), 2u);
    EXPECT_EQ(complete[0]["name"], "a");
    EXPECT_EQ(complete[1]["name"], "b");
    EXPECT_NEAR(complete[0]["dur"].get<double>(), 2000.0, 1e-6);
    EXPECT_NEAR(complete[1]["dur"].get<double>(), 4000.0, 1e-6);
    EXPECT_GE(complete[0]["ts"].get<double>(), -1e-6);
    EXPECT_NEAR(complete[0]["ts"].get<double>(), 0.0, 1e-6);  // the run starts at 0
    EXPECT_GE(complete[1]["ts"].get<double>(), complete[0]["ts"].get<double>());
    EXPECT_EQ(complete[0]["args"]["onnx_nodes"], json({"conv"}));
    EXPECT_EQ(j["otherData"]["run"], 1);

    json last = json::parse(exportChromeTrace(layers, p, 3));
    size_t events = 0;
    for (const json& e : last["traceEvents"]) events += e["ph"] == "X";
    EXPECT_EQ(events, 1u);
    test::expectErrorContaining([&] { exportChromeTrace(layers, p, 4); }, {"trace run 4", "4 profiled runs"});
    test::expectErrorContaining([&] { exportChromeTrace(layers, LayerProfiler{}); }, {"no profiled run"});
}

TEST(ProfileProvenance, TimeSpreadEquallyOverOriginNodes) {
    LayerProfiler p;
    for (int run = 0; run < 3; ++run) {
        p.reportLayerTime("fused", 6.f);
        p.reportLayerTime("single", 2.f);
        p.reportLayerTime("orphan", 1.f);
    }
    LayerProfileReport r = makeLayerProfileReport(
        {describe("fused", "kiln::FusedConv", {"conv", "bn", "relu"}),
         describe("single", "Softmax", {"softmax"}), describe("orphan", "Reshape", {})},
        p);
    std::vector<OriginTime> spread = spreadOverOrigin(r);
    ASSERT_EQ(spread.size(), 5u);
    EXPECT_EQ(spread[0].onnxNode, "conv");
    EXPECT_EQ(spread[2].onnxNode, "relu");
    for (int i = 0; i < 3; ++i) {
        EXPECT_DOUBLE_EQ(spread[size_t(i)].medianMs, 2.0);
        EXPECT_DOUBLE_EQ(spread[size_t(i)].totalMs, 6.0);
        EXPECT_EQ(spread[size_t(i)].layers, std::vector<std::string>{"fused"});
    }
    EXPECT_EQ(spread[3].onnxNode, "softmax");
    EXPECT_DOUBLE_EQ(spread[3].medianMs, 2.0);
    EXPECT_EQ(spread[4].onnxNode, "orphan");  // no origin: the layer's own name
    double pct = 0, total = 0;
    for (const OriginTime& t : spread) {
        pct += t.percent;
        total += t.totalMs;
    }
    EXPECT_NEAR(pct, 100.0, 1e-9);
    EXPECT_NEAR(total, r.totalMs, 1e-9);
}

TEST(Benchmark, IterationsAndDuration) {
    int calls = 0;
    BenchmarkOptions o;
    o.warmup = 2;
    o.iterations = 5;
    BenchmarkResult r = benchmark([&] { ++calls; }, o);
    EXPECT_EQ(calls, 7);
    EXPECT_EQ(r.latency.count, 5u);
    EXPECT_EQ(r.samples.size(), 5u);
    EXPECT_GT(r.throughput, 0);

    calls = 0;
    o.warmup = 0;
    o.iterations = 1;
    o.durationS = 0.05;
    r = benchmark(
        [&] {
            ++calls;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        },
        o);
    EXPECT_GE(r.wallMs, 50.0);
    EXPECT_GE(calls, 5);
    EXPECT_LE(calls, 12);
    EXPECT_NEAR(r.throughput, double(calls) / (r.wallMs / 1000.0), 1e-6);
    std::string s = r.summary();
    for (const char* expected :
         {"Throughput:", "qps", "Latency: min =", "median =", "percentile(90%)", "percentile(99%)"})
        EXPECT_NE(s.find(expected), std::string::npos) << expected << " not in " << s;

    BenchmarkResult merged = mergeBenchmarks({r, r});
    EXPECT_EQ(merged.latency.count, 2 * r.latency.count);
    EXPECT_DOUBLE_EQ(merged.wallMs, 2 * r.wallMs);
}

// A real engine: every layer is reported once per profiled run, in execution order, and plain runs
// report nothing (the profiled pass is separate).
TEST(LayerProfilerEngine, ProfilesEveryLayerOfAnEngine) {
    auto model = test::makeTinyCnn();
    auto engine = buildEngine(*model, test::tinyCnnConfig());
    auto context = engine->createExecutionContext();
    TensorMap inputs{{"x", test::randomTensor({2, 3, 8, 8}, 5)}};
    LayerProfiler profiler;
    for (int i = 0; i < 4; ++i) context->execute(inputs, &profiler);
    context->execute(inputs);  // no profiler: nothing recorded
    std::vector<LayerDescription> layers = describeEngineLayers(*engine);
    ASSERT_EQ(layers.size(), engine->layers().size());
    LayerProfileReport r = makeLayerProfileReport(layers, profiler);
    EXPECT_EQ(r.runs, 4u);
    ASSERT_EQ(r.rows.size(), engine->layers().size());
    double pct = 0;
    for (size_t i = 0; i < r.rows.size(); ++i) {
        EXPECT_EQ(r.rows[i].layer.name, engine->layers()[i].name);
        EXPECT_EQ(r.rows[i].stats.count, 4u);
        EXPECT_FALSE(r.rows[i].layer.tactic.empty());
        EXPECT_FALSE(r.rows[i].layer.origin.empty());
        pct += r.rows[i].percent;
    }
    EXPECT_NEAR(pct, 100.0, 1e-6);
    // The fused conv came from conv1 and relu1: one layer, or its two plain nodes each with both
    // origins when the builder's timing reverted the fusion (it does under the sanitizers). Either
    // way spreading covers every original node that survived, once.
    std::set<std::string> origins;
    for (const LayerDescription& l : layers) origins.insert(l.origin.begin(), l.origin.end());
    EXPECT_EQ(spreadOverOrigin(r).size(), origins.size());
    EXPECT_TRUE(std::any_of(layers.begin(), layers.end(),
                            [](const LayerDescription& l) { return l.origin.size() > 1; }));

    // Concrete shapes after a keep-everything run.
    ExecuteOptions keep;
    keep.keepLayerOutputs = true;
    fillObservedShapes(layers, context->execute(inputs, keep));
    EXPECT_EQ(layers.back().outputs[0].dims, (std::vector<int64_t>{2, 6}));
    json info = json::parse(exportLayerInfoJson(layers, {"x", "y"}));
    EXPECT_EQ(info["Layers"].size(), engine->layers().size());
}

}  // namespace
}  // namespace kiln
