// Replays the committed fuzz corpus (tests/fuzz/corpus/{import,mutate,engine}/*) through the same
// target code as the libFuzzer executables, with any compiler: every file was once a crash, a hang
// or a sanitizer report, and must now end in a clean kiln::Error or a successful run.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/fuzz/fuzz_harness.h"

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> corpusFiles(const std::string& target) {
    std::vector<fs::path> files;
    fs::path dir = fs::path(KILN_SOURCE_DIR) / "tests/fuzz/corpus" / target;
    if (fs::is_directory(dir))
        for (const auto& e : fs::directory_iterator(dir))
            if (e.is_regular_file() && e.path().filename().string()[0] != '.') files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

void replay(const std::string& target, void (*fn)(const uint8_t*, size_t)) {
    auto files = corpusFiles(target);
    ASSERT_FALSE(files.empty()) << "no reproducers under tests/fuzz/corpus/" << target;
    for (const auto& path : files) {
        std::ifstream f(path, std::ios::binary);
        std::ostringstream os;
        os << f.rdbuf();
        std::string bytes = os.str();
        SCOPED_TRACE(path.filename().string());
        try {
            fn(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
        } catch (const std::exception& e) {
            ADD_FAILURE() << path << ": escaped with a non-kiln::Error exception: " << e.what();
        }
    }
    std::printf("[ replay   ] %s: %zu files\n", target.c_str(), files.size());
}

TEST(FuzzReplay, Import) { replay("import", kiln::fuzz::importTarget); }

TEST(FuzzReplay, Mutate) {
    if (!fs::exists("/usr/include/onnx/backend/test/data/node"))
        GTEST_SKIP() << "libonnx-testdata is not installed: the mutate seeds are missing";
    replay("mutate", kiln::fuzz::mutateTarget);
}

TEST(FuzzReplay, Engine) { replay("engine", kiln::fuzz::engineTarget); }

}  // namespace
