// INT8 calibration: the range algorithms on known distributions, the histogram, the cache file, the
// calibration data layouts, BuilderConfig validation and the builder storing ranges in the engine.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <random>

#include "engine_core/onnx/tensor_io.h"
#include "engine_core/quantization/calibration_data.h"
#include "engine_core/quantization/calibrator.h"
#include "engine_core/quantization/histogram.h"
#include "profiler/profile_export.h"
#include "profiler/profile_report.h"
#include "tests/unit/builder_test_util.h"

namespace kiln::test {
namespace {

// --- algorithms ----------------------------------------------------------------------------------

TEST(CalibrationHistogram, MinMaxIsTheExactLargestMagnitude) {
    AbsHistogram h;
    h.add(std::vector<float>{0.25f, -3.5f, 1.f, 2.f});
    EXPECT_EQ(minMaxRange(h), 3.5f);
    h.add(std::vector<float>{-0.5f, 7.25f, NAN, INFINITY});  // non-finite values are skipped
    EXPECT_EQ(minMaxRange(h), 7.25f);
    EXPECT_EQ(h.count(), 6u);
}

TEST(CalibrationHistogram, GrowingRangeKeepsEveryCount) {
    AbsHistogram h;
    h.add(std::vector<float>{0, 0, 0});  // zeros before any range is known
    std::vector<float> a;
    for (int i = 1; i <= 1000; ++i) a.push_back(float(i) / 1000.f);
    h.add(a);
    EXPECT_FLOAT_EQ(float(h.range()), 1.f);
    h.add(std::vector<float>{-3.f});  // range doubles twice: 1 -> 2 -> 4
    EXPECT_FLOAT_EQ(float(h.range()), 4.f);
    uint64_t sum = 0;
    for (uint64_t c : h.bins()) sum += c;
    EXPECT_EQ(sum, 1004u);
    EXPECT_EQ(h.count(), 1004u);
    // The 1000 values in (0, 1] now sit in the first quarter of the bins; 3 sits at 3/4.
    uint64_t firstQuarter = 0;
    for (size_t k = 0; k <= AbsHistogram::kBins / 4; ++k) firstQuarter += h.bins()[k];
    EXPECT_EQ(firstQuarter, 1003u);
    EXPECT_EQ(h.bins()[3 * AbsHistogram::kBins / 4], 1u);
}

TEST(CalibrationHistogram, PercentileOfAKnownSample) {
    AbsHistogram h;
    std::vector<float> v;
    for (int k = 1; k <= 10000; ++k) v.push_back((k % 2 ? 1.f : -1.f) * float(k) / 10000.f);  // |x| = 0.0001..1
    h.add(v);
    const float width = float(h.binWidth());
    EXPECT_NEAR(percentileRange(h, 99.0), 0.99f, 2 * width);
    EXPECT_NEAR(percentileRange(h, 50.0), 0.50f, 2 * width);
    EXPECT_NEAR(percentileRange(h, 99.9), 0.999f, 2 * width);
    EXPECT_EQ(percentileRange(h, 100.0), 1.f);  // never above the largest value
    EXPECT_LT(percentileRange(h, 90.0), percentileRange(h, 99.0));
}

TEST(CalibrationHistogram, EntropyClipsAGaussianBelowItsOutlier) {
    std::mt19937 rng(7);
    std::normal_distribution<float> gauss(0.f, 1.f);
    std::vector<float> v(200000);
    for (float& x : v) x = gauss(rng);
    v.push_back(100.f);  // one outlier
    AbsHistogram h;
    h.add(v);
    EXPECT_EQ(minMaxRange(h), 100.f);
    float amax = entropyRange(h);
    RecordProperty("entropy_amax", std::to_string(amax));
    EXPECT_LT(amax, 20.f) << "entropy calibration must clip the outlier";
    EXPECT_GT(amax, 3.f) << "but keep the bulk of the Gaussian";
    // Without the outlier the distribution fills the histogram: entropy clips little, if at all.
    AbsHistogram clean;
    v.pop_back();
    clean.add(v);
    EXPECT_GT(entropyRange(clean), 0.5f * minMaxRange(clean));
    EXPECT_LE(entropyRange(clean), minMaxRange(clean));
}

TEST(CalibrationHistogram, AllZerosGiveZeroRange) {
    AbsHistogram h;
    h.add(std::vector<float>(100, 0.f));
    EXPECT_EQ(minMaxRange(h), 0.f);
    EXPECT_EQ(entropyRange(h), 0.f);
    EXPECT_EQ(percentileRange(h, 99.0), 0.f);
}

// --- cache ---------------------------------------------------------------------------------------

TEST(CalibrationCache, RoundTripIsExact) {
    CalibrationTable t;
    t.algorithm = "percentile-99.9";
    t.ranges = {{"x", 1.f}, {"/conv1/Conv_output_0", 0.1f}, {"name: with colon", 3.14159274f}, {"zero", 0.f}};
    std::string text = calibrationCacheText(t);
    EXPECT_EQ(text.substr(0, text.find('\n')), "KILN-CALIB-1 percentile-99.9");
    EXPECT_NE(text.find("x: 3f800000\n"), std::string::npos) << text;
    EXPECT_EQ(parseCalibrationCache(text, "mem"), t);
    TempDir dir("kiln_calib_cache");
    saveCalibrationCache(t, dir.file("c.cache"));
    EXPECT_EQ(loadCalibrationCache(dir.file("c.cache")), t);
}

TEST(CalibrationCache, BadFilesNameTheLine) {
    expectErrorContaining([] { parseCalibrationCache("TRT-8601-EntropyCalibration2\n", "a.cache"); },
                          {"a.cache", "not a Kiln calibration cache"});
    expectErrorContaining([] { parseCalibrationCache("KILN-CALIB-1 entropy\nx: 3f800000\ny 1\n", "a.cache"); },
                          {"a.cache:3", "expected 'TENSOR: HEX'"});
    expectErrorContaining([] { parseCalibrationCache("KILN-CALIB-1 entropy\nx: bf800000\n", "a.cache"); },
                          {"a.cache:2", "'x'", ">= 0"});
    expectErrorContaining([] { parseCalibrationCache("KILN-CALIB-1 entropy\nx: 3f800000\nx: 3f800000\n", "a.cache"); },
                          {"a.cache:3", "twice"});
}

// --- data folders --------------------------------------------------------------------------------

// DIR/test_data_set_K/input_0.pb with x = random [batch,3,8,8].
void writeTestDataSets(const std::filesystem::path& dir, int sets, int64_t batch = 2, float scale = 1.f) {
    for (int k = 0; k < sets; ++k) {
        auto set = dir / ("test_data_set_" + std::to_string(k));
        std::filesystem::create_directories(set);
        writeTensorProtoFile((set / "input_0.pb").string(), randomTensor({batch, 3, 8, 8}, 100 + k, -scale, scale),
                             "x");
    }
}

TEST(CalibrationData, FindsTestDataSetsAndNpyBatches) {
    auto g = makeTinyCnn();
    TempDir dir("kiln_calib_data");
    writeTestDataSets(dir.path / "pb", 12);
    std::vector<CalibrationBatch> batches = findCalibrationBatches((dir.path / "pb").string());
    ASSERT_EQ(batches.size(), 12u);
    EXPECT_NE(batches[2].dir.find("test_data_set_2"), std::string::npos);  // natural order: 2 before 10
    EXPECT_NE(batches[10].dir.find("test_data_set_10"), std::string::npos);
    TensorMap in = loadCalibrationBatch(*g, batches[0]);
    EXPECT_EQ(in.at("x").dims(), (std::vector<int64_t>{2, 3, 8, 8}));

    // NAME.npy in batch folders, and a single-batch folder of .npy files.
    for (int k = 0; k < 3; ++k) {
        std::filesystem::create_directories(dir.path / "npy" / ("b" + std::to_string(k)));
        writeNpyFile((dir.path / "npy" / ("b" + std::to_string(k)) / "x.npy").string(), randomTensor({1, 3, 8, 8}, k));
    }
    EXPECT_EQ(findCalibrationBatches((dir.path / "npy").string()).size(), 3u);
    std::filesystem::create_directories(dir.path / "one");
    writeNpyFile((dir.path / "one" / "x.npy").string(), randomTensor({3, 3, 8, 8}, 5));
    batches = findCalibrationBatches((dir.path / "one").string());
    ASSERT_EQ(batches.size(), 1u);
    EXPECT_EQ(loadCalibrationBatch(*g, batches[0]).at("x").dims()[0], 3);
}

TEST(CalibrationData, ErrorsNameTheFieldAndFile) {
    auto g = makeTinyCnn();
    TempDir dir("kiln_calib_bad");
    expectErrorContaining([&] { findCalibrationBatches(dir.file("missing")); },
                          {"calibration.dataFolder", "missing", "does not exist"});
    std::filesystem::create_directories(dir.path / "empty");
    expectErrorContaining([&] { findCalibrationBatches(dir.file("empty")); },
                          {"calibration.dataFolder", "holds no calibration data"});
    std::filesystem::create_directories(dir.path / "wrong_name");
    writeNpyFile(dir.file("wrong_name/images.npy"), randomTensor({1, 3, 8, 8}, 1));
    expectErrorContaining([&] { checkCalibrationData(*g, dir.file("wrong_name")); },
                          {"calibration.dataFolder", "images.npy", "no input named 'images'", "inputs: x"});
    std::filesystem::create_directories(dir.path / "wrong_shape/test_data_set_0");
    writeTensorProtoFile(dir.file("wrong_shape/test_data_set_0/input_0.pb"), randomTensor({1, 3, 9, 9}, 1), "x");
    expectErrorContaining([&] { checkCalibrationData(*g, dir.file("wrong_shape")); },
                          {"calibration.dataFolder", "input_0.pb", "input 'x' expects", "[1,3,9,9]"});
}

// --- config --------------------------------------------------------------------------------------

TEST(CalibrationConfig, ValidationNamesTheField) {
    auto g = makeTinyCnn();
    BuilderConfig c = tinyCnnConfig();
    c.precisions = {Precision::FP32, Precision::INT8};
    expectErrorContaining([&] { c.validate(*g); }, {"calibration.dataFolder", "int8 is enabled", "no calibration data"});
    c.calibration.cachePath = "/nonexistent/kiln.calib";
    expectErrorContaining([&] { c.validate(*g); }, {"calibration.dataFolder", "'/nonexistent/kiln.calib' does not exist"});
    c.calibration.cachePath.clear();
    c.calibration.dataFolder = "/nonexistent/calib";
    expectErrorContaining([&] { c.validate(*g); }, {"calibration.dataFolder", "does not exist"});
    c.calibration.dataFolder.clear();
    c.calibration.percentile = 150;
    expectErrorContaining([&] { c.validateStandalone(); }, {"calibration.percentile", "150", "(0, 100]"});
    c.calibration.percentile = 0;
    expectErrorContaining([&] { c.validateStandalone(); }, {"calibration.percentile"});
    c.calibration.percentile = 99;
    c.calibration.maxBatches = -1;
    expectErrorContaining([&] { c.validateStandalone(); }, {"calibration.maxBatches"});
    c.calibration.maxBatches = 0;
    // An existing cache is enough without data; without int8, nothing about calibration is checked.
    TempDir dir("kiln_calib_cfg");
    saveCalibrationCache({"entropy", {{"x", 1.f}}}, dir.file("c.cache"));
    c.calibration.cachePath = dir.file("c.cache");
    EXPECT_NO_THROW(c.validate(*g));
    c.precisions = {Precision::FP32};
    c.calibration.cachePath.clear();
    c.calibration.dataFolder = "/nonexistent/calib";
    EXPECT_NO_THROW(c.validate(*g));
    // int8 layers need int8 kernels, which the cpu backend does not have yet.
    c.precisions = {Precision::FP32, Precision::INT8};
    c.layerPrecisions = {{"conv1", Precision::INT8}};
    expectErrorContaining([&] { c.validateStandalone(); }, {"layerPrecisions[0].precision", "int8"});
}

TEST(CalibrationConfig, JsonRoundTripAndErrors) {
    BuilderConfig c;
    c.precisions = {Precision::FP32, Precision::INT8};
    c.calibration = {"calib/", CalibrationAlgorithm::Percentile, 99.9, 8, "model.calib"};
    BuilderConfig back = builderConfigFromJson(builderConfigToJson(c), "s.json");
    EXPECT_EQ(back, c);
    EXPECT_EQ(builderConfigFromJson("{}", "s.json").calibration, CalibrationSettings{});
    expectErrorContaining([] { builderConfigFromJson(R"({"calibration": {"algorithm": "kl"}})", "s.json"); },
                          {"s.json", "calibration.algorithm", "'kl'", "minmax, entropy, percentile"});
    expectErrorContaining([] { builderConfigFromJson(R"({"calibration": {"percentil": 99}})", "s.json"); },
                          {"s.json", "calibration.percentil", "unknown field"});
    expectErrorContaining([] { builderConfigFromJson(R"({"calibration": {"percentile": 101}})", "s.json"); },
                          {"s.json", "calibration.percentile", "(0, 100]"});
    expectErrorContaining([] { builderConfigFromJson(R"({"calibration": {"percentile": "high"}})", "s.json"); },
                          {"s.json", "calibration.percentile", "expected a number"});
}

// --- calibrator and builder ----------------------------------------------------------------------

TEST(Calibrator, MinMaxRangesAreTheLargestMagnitudesOfTheReferenceRun) {
    auto g = makeTinyCnn();
    TempDir dir("kiln_calib_minmax");
    writeTestDataSets(dir.path, 3);
    CalibrationSettings s;
    s.dataFolder = dir.path.string();
    s.algorithm = CalibrationAlgorithm::MinMax;
    std::vector<std::pair<size_t, size_t>> calls;
    CalibrationCallbacks cb;
    cb.progress = [&](size_t i, size_t n, const std::string&) { calls.push_back({i, n}); };
    CalibrationTable table = calibrate(*g, s, cb);
    EXPECT_EQ(table.algorithm, "minmax");
    EXPECT_EQ(calls, (std::vector<std::pair<size_t, size_t>>{{0, 3}, {1, 3}, {2, 3}, {3, 3}}));

    std::map<std::string, float> expected;
    for (const CalibrationBatch& b : findCalibrationBatches(dir.path.string())) {
        TensorMap in = loadCalibrationBatch(*g, b);
        TensorMap all = referenceRun(*g, in, true);
        all.insert(in.begin(), in.end());
        for (const auto& [name, t] : all)
            for (int64_t i = 0; i < t.numel(); ++i)
                expected[name] = std::max(expected[name], std::fabs(t.data<float>()[i]));
    }
    EXPECT_EQ(table.ranges.size(), 9u);  // x and the 8 node outputs
    EXPECT_EQ(table.ranges, expected);

    s.maxBatches = 1;
    calls.clear();
    calibrate(*g, s, cb);
    EXPECT_EQ(calls.back(), (std::pair<size_t, size_t>{1, 1}));
}

TEST(Calibrator, BuildStoresRangesWritesAndReusesTheCache) {
    auto g = makeTinyCnn();
    TempDir dir("kiln_calib_build");
    writeTestDataSets(dir.path / "data", 4);
    BuilderConfig c = tinyCnnConfig(3);
    c.precisions = {Precision::FP32, Precision::INT8};
    c.calibration.dataFolder = (dir.path / "data").string();
    c.calibration.cachePath = dir.file("tiny.calib");
    std::vector<std::pair<BuildPhase, size_t>> phases;
    BuildCallbacks cb;
    cb.progress = [&](BuildPhase p, size_t i, size_t n, const std::string&) { phases.push_back({p, n}); };
    BuildReport report;
    BuildOptions options;
    options.report = &report;
    auto engine = buildEngine(*g, c, cb, options);
    EXPECT_EQ(report.calibrationBatches, 4u);
    EXPECT_FALSE(report.calibrationFromCache);
    EXPECT_EQ(report.calibrationRanges, 9u);
    EXPECT_TRUE(std::count_if(phases.begin(), phases.end(), [](auto& p) { return p.first == BuildPhase::Calibrate; }) >= 5);
    EXPECT_EQ(engine->calibration().algorithm, "entropy");
    ASSERT_TRUE(engine->dynamicRange("x"));
    EXPECT_GT(*engine->dynamicRange("x"), 0.5f);
    EXPECT_LE(*engine->dynamicRange("x"), 1.f);
    EXPECT_TRUE(engine->dynamicRange("y"));
    // Tensors fused away at level 3 (inside a fused layer) have no range in the engine.
    size_t fusedAway = 0;
    for (const auto& [name, amax] : loadCalibrationCache(c.calibration.cachePath).ranges) {
        bool inEngine = engine->graph().findValue(name) != nullptr;
        EXPECT_EQ(engine->dynamicRange(name).has_value(), inEngine) << name;
        fusedAway += inEngine ? 0 : 1;
    }
    EXPECT_GT(fusedAway, 0u);
    EXPECT_NE(engine->summary().find("int8 calibration: entropy"), std::string::npos) << engine->summary();

    // The cache has every ONNX tensor; the engine file keeps the ranges.
    CalibrationTable cache = loadCalibrationCache(c.calibration.cachePath);
    EXPECT_EQ(cache.ranges.size(), 9u);
    EXPECT_EQ(cache.ranges.at("x"), *engine->dynamicRange("x"));
    auto loaded = Engine::deserialize(engine->serialize(), "mem");
    EXPECT_EQ(loaded->calibration(), engine->calibration());
    EXPECT_EQ(loaded->serialize(), engine->serialize());

    // The layer info export shows the ranges.
    std::string info = exportLayerInfoJson(describeEngineLayers(*engine), {"x", "y"});
    EXPECT_NE(info.find("\"DynamicRange\""), std::string::npos);

    // Second build: read from the cache, even with the data folder gone.
    std::filesystem::remove_all(dir.path / "data");
    c.calibration.dataFolder.clear();
    auto again = buildEngine(*g, c, {}, options);
    EXPECT_TRUE(report.calibrationFromCache);
    EXPECT_EQ(report.calibrationBatches, 0u);
    EXPECT_EQ(again->calibration(), engine->calibration());

    // A cache from another calibrator without data to recalibrate: refused, naming both.
    c.calibration.algorithm = CalibrationAlgorithm::MinMax;
    expectErrorContaining([&] { buildEngine(*g, c); }, {"calibration.cache", "entropy", "minmax"});

    // Without int8 nothing is calibrated.
    BuilderConfig plain = tinyCnnConfig(3);
    EXPECT_TRUE(buildEngine(*g, plain)->calibration().empty());
}

TEST(Calibrator, CancellingDuringCalibrationCancelsTheBuild) {
    auto g = makeTinyCnn();
    TempDir dir("kiln_calib_cancel");
    writeTestDataSets(dir.path, 5);
    BuilderConfig c = tinyCnnConfig(1);
    c.precisions = {Precision::FP32, Precision::INT8};
    c.calibration.dataFolder = dir.path.string();
    c.calibration.cachePath = dir.file("never.calib");
    bool cancel = false;
    BuildCallbacks cb;
    cb.progress = [&](BuildPhase p, size_t i, size_t, const std::string&) {
        if (p == BuildPhase::Calibrate && i == 2) cancel = true;
    };
    cb.cancelled = [&] { return cancel; };
    expectErrorContaining([&] { buildEngine(*g, c, cb); }, {"build cancelled"});
    EXPECT_FALSE(std::filesystem::exists(c.calibration.cachePath));  // nothing written on cancel
}

}  // namespace
}  // namespace kiln::test
