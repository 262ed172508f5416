// What starting kiln costs: it must start on a machine without the CUDA libraries and stay small.
// The CUDA backend is a module loaded only when --backend cuda (or a cuda engine) asks for it, so
// neither `kiln --help` nor a CPU run may load libcudart, cuBLASLt or cuDNN: cuBLASLt alone would
// add ~200 MB of resident memory at start-up. The dynamic loader's own trace (LD_DEBUG=files)
// lists every library a run loads, whether linked or opened with dlopen.
#include <gtest/gtest.h>

#include "cli_test_util.h"

using namespace kiln::clitest;

namespace {

// The libraries the loader opened, from its LD_DEBUG=files trace ("file=libx.so.1 [0];  needed by ...",
// "file=/path/libx.so [0];  dynamically loaded by ...").
std::vector<std::string> loadedLibraries(const std::string& trace) {
    std::vector<std::string> out;
    size_t at = 0;
    while ((at = trace.find("file=", at)) != std::string::npos) {
        at += 5;
        const size_t end = trace.find_first_of(" \t\n", at);
        out.push_back(trace.substr(at, end - at));
    }
    return out;
}

void expectNoCudaLibrary(const RunResult& r) {
    const std::vector<std::string> libraries = loadedLibraries(r.err);
    bool sawCore = false;
    for (const std::string& lib : libraries) {
        sawCore = sawCore || lib.find("libkiln_core.so") != std::string::npos;
        for (const char* cuda : {"libcudart", "libcublas", "libcudnn", "libcuda.so", "libkiln_backend_cuda"})
            EXPECT_EQ(lib.find(cuda), std::string::npos) << "kiln loaded " << lib;
    }
    // The trace works here (glibc's loader): else the check above proves nothing.
    EXPECT_TRUE(sawCore) << "no LD_DEBUG trace of libkiln_core.so in:\n" << r.err.substr(0, 2000);
}

}  // namespace

TEST(KilnStartup, HelpLoadsNoCudaLibrary) {
    RunResult r = runKiln({"--help"}, 60, {{"LD_DEBUG", "files"}});
    ASSERT_EQ(r.exitCode, 0) << r.err.substr(0, 2000);
    expectNoCudaLibrary(r);
}

TEST(KilnStartup, CpuBuildAndRunLoadNoCudaLibrary) {
    TempDir dir;
    saveModel(tinyModel(), dir / "tiny.onnx");
    RunResult build = runKiln({"build", dir / "tiny.onnx", "--save", dir / "tiny.kiln", "--min-shapes", "x:1x4",
                               "--opt-shapes", "x:2x4", "--max-shapes", "x:4x4"}, 120,
                              {{"LD_DEBUG", "files"}});
    ASSERT_EQ(build.exitCode, 0) << build.err.substr(build.err.size() > 3000 ? build.err.size() - 3000 : 0);
    expectNoCudaLibrary(build);
    RunResult run = runKiln({"run", dir / "tiny.kiln"}, 120, {{"LD_DEBUG", "files"}});
    ASSERT_EQ(run.exitCode, 0) << run.err.substr(run.err.size() > 3000 ? run.err.size() - 3000 : 0);
    expectNoCudaLibrary(run);
}

TEST(KilnStartup, HelpPeakMemoryUnder40MiB) {
    // AddressSanitizer's shadow memory and quarantine (scripts/sanitize.sh builds kiln with the
    // same flags as this test) say nothing about the release binary's footprint.
#if defined(__SANITIZE_ADDRESS__)
    GTEST_SKIP() << "a sanitizer build";
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    GTEST_SKIP() << "a sanitizer build";
#endif
#endif
    // ru_maxrss of the child: kiln's own peak, plus at most the anonymous memory of this test
    // process copied at fork (a few MB), so the bound is conservative.
    RunResult r = runKiln({"--help"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    ASSERT_GT(r.peakRssKiB, 0);
    std::printf("    kiln --help: peak RSS %ld KiB\n", r.peakRssKiB);
    EXPECT_LT(r.peakRssKiB, 40 * 1024);
}
