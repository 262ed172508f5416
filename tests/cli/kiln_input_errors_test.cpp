// Bad inputs an independent robustness run (issue 14) found reported as internal errors or
// accepted: each must be one input error line (exit 2) naming the file and the field or node.
#include <climits>

#include "cli_test_util.h"

namespace kiln::clitest {
namespace {

constexpr int kInputError = 2;

class InputErrors : public ::testing::Test {
protected:
    void SetUp() override {
        model = dir / "tiny.onnx";
        saveModel(tinyModel(), model);
    }
    TempDir dir;
    std::string model;
};

// A JSON number out of a double's range (1e400) made nlohmann's parser throw its out_of_range,
// which nothing caught: "internal error: ... number overflow", exit 4, no file name.
TEST_F(InputErrors, TimingCacheNumberOutOfRange) {
    const std::string cache = dir / "cache.json";
    writeFile(cache, "{\"format\": \"kiln-timing-cache\", \"version\": 1e400, \"entries\": {}}");
    expectCleanError(runKiln({"build", model, "--timing-cache", cache, "--save", dir / "t.engine"}),
                     kInputError, {"cache.json", "field 'version'", "1e400", "out of range"});
    // Deeper in the file: the path names the entry.
    writeFile(cache,
              "{\"format\": \"kiln-timing-cache\", \"version\": 1, \"entries\": "
              "{\"sig\": {\"tactic\": \"t\", \"ms\": -2e999}}}");
    expectCleanError(runKiln({"build", model, "--timing-cache", cache, "--save", dir / "t.engine"}),
                     kInputError, {"cache.json", "field 'entries.sig.ms'", "out of range"});
    writeFile(cache, "{\"format\": \"kiln-timing-cache\", \"version\": 1, \"entries\": [1, 2, 1e400]}");
    expectCleanError(runKiln({"build", model, "--timing-cache", cache, "--save", dir / "t.engine"}),
                     kInputError, {"cache.json", "field 'entries[2]'", "out of range"});
}

// A graph input dim of -5 was read as a dynamic dim.
TEST_F(InputErrors, NegativeGraphInputDim) {
    onnx::ModelProto m = makeModel();
    addInput(m, "x", onnx::TensorProto::FLOAT, {int64_t(2), int64_t(-5)});
    addNode(m, "Relu", {"x"}, {"y"}, "relu");
    addOutput(m, "y", onnx::TensorProto::FLOAT, {int64_t(2), std::string("n")});
    const std::string path = dir / "negative_dim.onnx";
    saveModel(m, path);
    for (const char* command : {"inspect", "run"}) {
        SCOPED_TRACE(command);
        expectCleanError(runKiln({command, path}), kInputError,
                         {"negative_dim.onnx", "graph input 'x'", "negative dim", "[2,-5]"});
    }
}

// Two nodes reach Reshape's dims product: [2^63-1, 2^63-1] wrapped to 1 (signed overflow) and
// matched the one-element input.
TEST_F(InputErrors, ReshapeDimsOverflow) {
    onnx::ModelProto m = makeModel();
    addInput(m, "x", onnx::TensorProto::FLOAT, {int64_t(1)});
    onnx::NodeProto* c = addNode(m, "Constant", {}, {"shape"}, "shape_const");
    auto* value = c->add_attribute();
    value->set_name("value");
    value->set_type(onnx::AttributeProto::TENSOR);
    *value->mutable_t() = int64Tensor("shape", {2}, {INT64_MAX, INT64_MAX});
    addNode(m, "Reshape", {"x", "shape"}, {"y"}, "reshape");
    addOutput(m, "y", onnx::TensorProto::FLOAT, {std::string("a"), std::string("b")});
    const std::string path = dir / "reshape_overflow.onnx";
    saveModel(m, path);
    expectCleanError(runKiln({"run", path}), kInputError, {"reshape", "overflows"});
}

}  // namespace
}  // namespace kiln::clitest
