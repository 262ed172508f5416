// Helpers for the kiln CLI tests: run the binary and capture its output, temp folders, ONNX model
// builders on the protobuf API, .npy writing, and a minimal JSON parser to check `--json`.
#pragma once

#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace kiln::clitest {

namespace fs = std::filesystem;

struct RunResult {
    int exitCode = -1;  // valid when !signaled
    bool signaled = false;
    int signal = 0;
    bool timedOut = false;
    std::string out;
    std::string err;
    long peakRssKiB = -1;  // the process's peak resident memory (getrusage's ru_maxrss)
    std::vector<std::string> errLines() const;  // non-empty stderr lines
};

// Runs KILN_CLI_PATH with args (no shell), capturing stdout and stderr; kills it after timeoutS.
// `env` adds variables to kiln's environment (LD_DEBUG, ...).
RunResult runKiln(const std::vector<std::string>& args, int timeoutS = 60,
                  const std::vector<std::pair<std::string, std::string>>& env = {});

// Asserts the error contract: no signal, the exit code, exactly one stderr line starting "kiln: "
// and containing every one of `mentions`.
void expectCleanError(const RunResult& r, int exitCode, const std::vector<std::string>& mentions);

// A fresh folder, removed at destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    const fs::path& path() const { return path_; }
    std::string operator/(const std::string& name) const { return (path_ / name).string(); }

private:
    fs::path path_;
};

void writeFile(const std::string& path, const std::string& bytes);
std::string readFile(const std::string& path);

// --- ONNX model building --------------------------------------------------------------------
using DimSpec = std::variant<int64_t, std::string>;  // static size or symbolic name

onnx::ModelProto makeModel(int64_t opset = 17);
void addInput(onnx::ModelProto& m, const std::string& name, int elemType, const std::vector<DimSpec>& dims);
void addOutput(onnx::ModelProto& m, const std::string& name, int elemType, const std::vector<DimSpec>& dims);
onnx::NodeProto* addNode(onnx::ModelProto& m, const std::string& op, const std::vector<std::string>& inputs,
                         const std::vector<std::string>& outputs, const std::string& name,
                         const std::string& domain = "");
onnx::TensorProto floatTensor(const std::string& name, const std::vector<int64_t>& dims,
                              const std::vector<float>& v);
onnx::TensorProto int64Tensor(const std::string& name, const std::vector<int64_t>& dims,
                              const std::vector<int64_t>& v);
void saveModel(const onnx::ModelProto& m, const std::string& path);
void saveTensor(const onnx::TensorProto& t, const std::string& path);

// x: fp32[batch,4] -> Relu -> Add(b: initializer fp32[4] = {0.5,-1,2,0}) -> y: fp32[batch,4]
onnx::ModelProto tinyModel();
std::vector<float> tinyModelReference(const std::vector<float>& x);  // relu(x) + b, row by row

// .npy v1 of a C-order array; descr like "<f4", "<i8".
void writeNpy(const std::string& path, const std::string& descr, const std::vector<int64_t>& dims,
              const void* data, size_t bytes);

// --- minimal JSON -----------------------------------------------------------------------------
struct Json {
    enum class Kind { Null, Bool, Number, String, Array, Object } kind = Kind::Null;
    bool boolean = false;
    double number = 0;
    std::string string;
    std::vector<Json> array;
    // Not std::pair<std::string, Json>: a pair needs Json complete here, which clang 14 enforces.
    struct Member;
    std::vector<Member> object;

    const Json& operator[](const std::string& key) const;  // throws if absent
    const Json& operator[](size_t i) const { return array.at(i); }
    bool has(const std::string& key) const;
};
struct Json::Member {
    std::string first;
    Json second;
};
// Throws std::runtime_error on malformed input or trailing garbage.
Json parseJson(const std::string& text);

}  // namespace kiln::clitest
