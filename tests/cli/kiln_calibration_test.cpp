// kiln build --int8 --calib: calibration on the sample model's test data, the calibration cache
// written then reused, the ranges in `kiln run ENGINE --export-layer-info`, and one-line errors for
// bad calibration flags.
#include <nlohmann/json.hpp>

#include "cli_test_util.h"

namespace kiln::clitest {
namespace {

constexpr int kInputError = 2;

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

const std::string kModel = std::string(KILN_SOURCE_DIR) + "/resources/samples/tiny_cnn/model.onnx";

TEST(CliCalibration, BuildCalibratesWritesTheCacheAndReusesIt) {
    TempDir dir;
    // Three batches: seeded random inputs saved as test_data_set folders by `kiln run`.
    for (int k = 0; k < 3; ++k) {
        RunResult r = runKiln({"run", kModel, "--shapes", "input:2x3x32x32", "--seed", std::to_string(k + 1),
                               "--save-outputs", dir / ("calib/test_data_set_" + std::to_string(k))});
        ASSERT_EQ(r.exitCode, 0) << r.err;
    }
    const std::string cache = dir / "tiny.calib", engine = dir / "tiny.engine";
    RunResult b = runKiln({"build", kModel, "--int8", "--calib", dir / "calib", "--calibrator", "minmax",
                           "--calib-cache", cache, "--opt-shapes", "input:2x3x32x32", "--save", engine});
    ASSERT_EQ(b.exitCode, 0) << b.err << b.out;
    EXPECT_TRUE(contains(b.out, "[calibrate] batch 3/3")) << b.out;
    EXPECT_TRUE(contains(b.out, "calibration: ")) << b.out;
    EXPECT_TRUE(contains(b.out, "from 3 batches (minmax)")) << b.out;
    EXPECT_TRUE(contains(b.out, "int8 calibration: minmax")) << b.out;
    std::string text = readFile(cache);
    EXPECT_EQ(text.substr(0, text.find('\n')), "KILN-CALIB-1 minmax");
    EXPECT_TRUE(contains(text, "\ninput: ")) << text;

    // The ranges in the layer info export.
    RunResult r = runKiln({"run", engine, "--iterations", "1", "--export-layer-info", dir / "layers.json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    nlohmann::json info = nlohmann::json::parse(readFile(dir / "layers.json"));
    ASSERT_FALSE(info["Layers"].empty());
    const nlohmann::json& in0 = info["Layers"][0]["Inputs"][0];
    EXPECT_EQ(in0["Name"], "input");
    ASSERT_TRUE(in0.contains("DynamicRange")) << in0.dump();
    EXPECT_GT(in0["DynamicRange"][1].get<double>(), 0.5);  // kiln run's random inputs are in [0, 1)

    // Second build: the cache is read, no data needed.
    RunResult again = runKiln({"build", kModel, "--int8", "--calibrator", "minmax", "--calib-cache", cache,
                               "--opt-shapes", "input:2x3x32x32"});
    ASSERT_EQ(again.exitCode, 0) << again.err << again.out;
    EXPECT_TRUE(contains(again.out, "tensor ranges read from " + cache)) << again.out;
}

TEST(CliCalibration, BadCalibrationInputsGiveOneLine) {
    TempDir dir;
    expectCleanError(runKiln({"build", kModel, "--int8", "--calibrator", "kl"}), kInputError, {"--calibrator", "'kl'"});
    expectCleanError(runKiln({"build", kModel, "--int8", "--calibrator", "percentile", "--percentile", "200"}),
                     kInputError, {"--percentile", "200"});
    expectCleanError(runKiln({"build", kModel, "--int8", "--opt-shapes", "input:1x3x32x32"}), kInputError,
                     {"calibration.dataFolder", "int8 is enabled"});
    expectCleanError(runKiln({"build", kModel, "--int8", "--calib", dir / "nope", "--opt-shapes", "input:1x3x32x32"}),
                     kInputError, {"calibration.dataFolder", "nope", "does not exist"});
    fs::create_directories(dir.path() / "bad/test_data_set_0");
    writeFile(dir / "bad/test_data_set_0/input_0.pb", "not a tensor");
    expectCleanError(runKiln({"build", kModel, "--int8", "--calib", dir / "bad", "--opt-shapes", "input:1x3x32x32"}),
                     kInputError, {"calibration.dataFolder", "input_0.pb"});
}

TEST(CliCalibration, HelpListsTheFlags) {
    RunResult b = runKiln({"build", "--help"});
    ASSERT_EQ(b.exitCode, 0) << b.err;
    for (const char* flag : {"--calib ", "--calibrator", "--percentile", "--calib-cache", "--calib-batches"})
        EXPECT_TRUE(contains(b.out, flag)) << flag;
}

}  // namespace
}  // namespace kiln::clitest
