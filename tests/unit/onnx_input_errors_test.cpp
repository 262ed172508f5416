// Bad model files that an independent robustness run (issue 14) found accepted or reported in the
// wrong words: a negative graph input dim, an external-data offset past 2^63, a symlink loop, an
// unknown data type. Each must be one input error naming the file, the tensor and what is wrong.
#include <gtest/gtest.h>

#include "engine_core/onnx/tensor_io.h"
#include "onnx_test_util.h"

using namespace kiln;
using namespace kiln::test;
namespace fs = std::filesystem;

namespace {
constexpr int F32 = onnx::TensorProto::FLOAT;

void expectMentions(const std::string& msg, const std::vector<std::string>& parts) {
    for (const std::string& p : parts)
        EXPECT_NE(msg.find(p), std::string::npos) << msg << " (missing '" << p << "')";
}

// x + w, with w (4 floats) stored externally in w.bin at offset `offset` (text, as in the file).
ModelBuilder externalModel(const std::string& location, const std::string& offset) {
    ModelBuilder b(13);
    b.input("x", F32, {4});
    auto* w = b.graph().add_initializer();
    w->set_name("w");
    w->set_data_type(F32);
    w->add_dims(4);
    w->set_data_location(onnx::TensorProto::EXTERNAL);
    auto add = [&](const std::string& k, const std::string& v) {
        auto* e = w->add_external_data();
        e->set_key(k);
        e->set_value(v);
    };
    add("location", location);
    add("offset", offset);
    b.node("Add", {"x", "w"}, {"y"});
    b.outputUntyped("y");
    return b;
}

}  // namespace

// A dim_value of -5 was read as a dynamic dim; ONNX has no negative dims (a dynamic one is a
// dim_param or no value at all).
TEST(OnnxInputErrors, NegativeGraphInputDimIsRefused) {
    ModelBuilder b(13);
    b.input("x", F32, {1, -5});
    b.node("Relu", {"x"}, {"y"});
    b.outputUntyped("y");
    ErrorKind kind = ErrorKind::Internal;
    const std::string msg = errorMessage([&] { importBuilt(b); }, &kind);
    EXPECT_EQ(kind, ErrorKind::InvalidModel) << msg;
    expectMentions(msg, {"test.onnx", "graph input 'x'", "negative dim", "[1,-5]"});
    // kDynamic is a dim_param: still fine.
    ModelBuilder ok(13);
    ok.input("x", F32, {kDynamic, 5});
    ok.node("Relu", {"x"}, {"y"});
    ok.outputUntyped("y");
    EXPECT_NO_THROW(importBuilt(ok));
}

// Offsets past 18 digits were "not a non-negative integer". One that fits int64 but lies past the
// end of the file says so; one past int64 says it is too large.
TEST(OnnxInputErrors, HugeExternalDataOffsets) {
    TempDir dir;
    writeFile(dir.file("w.bin"), std::string(16, '\0'));
    externalModel("w.bin", "4611686018427387904").save(dir.file("m.onnx"));  // 2^62
    std::string msg = errorMessage([&] { importOnnxFile(dir.file("m.onnx")); });
    expectMentions(msg, {"'w'", "offset 4611686018427387904", "past the end", "w.bin"});
    EXPECT_EQ(msg.find("not a non-negative integer"), std::string::npos) << msg;

    externalModel("w.bin", "99999999999999999999").save(dir.file("m.onnx"));  // over 2^64
    msg = errorMessage([&] { importOnnxFile(dir.file("m.onnx")); });
    expectMentions(msg, {"'w'", "offset 99999999999999999999", "too large"});

    externalModel("w.bin", "12x").save(dir.file("m.onnx"));
    msg = errorMessage([&] { importOnnxFile(dir.file("m.onnx")); });
    expectMentions(msg, {"'w'", "'12x'", "not a non-negative integer"});
}

// A symlink loop said "does not exist": it exists, it can't be resolved.
TEST(OnnxInputErrors, SymlinkLoopsSayTheyCannotBeResolved) {
    TempDir dir;
    fs::create_symlink("b.onnx", dir.path() / "a.onnx");
    fs::create_symlink("a.onnx", dir.path() / "b.onnx");
    ErrorKind kind = ErrorKind::Internal;
    std::string msg = errorMessage([&] { importOnnxFile(dir.file("a.onnx")); }, &kind);
    EXPECT_EQ(kind, ErrorKind::Io) << msg;
    expectMentions(msg, {"cannot resolve model file", "a.onnx"});
    EXPECT_EQ(msg.find("does not exist"), std::string::npos) << msg;

    // The same for a tensor file and for an external data file.
    fs::create_symlink("t2.pb", dir.path() / "t1.pb");
    fs::create_symlink("t1.pb", dir.path() / "t2.pb");
    msg = errorMessage([&] { readTensorFile(dir.file("t1.pb")); });
    expectMentions(msg, {"cannot resolve tensor file", "t1.pb"});
    EXPECT_EQ(msg.find("does not exist"), std::string::npos) << msg;

    fs::create_symlink("w2.bin", dir.path() / "w1.bin");
    fs::create_symlink("w1.bin", dir.path() / "w2.bin");
    externalModel("w1.bin", "0").save(dir.file("m.onnx"));
    msg = errorMessage([&] { importOnnxFile(dir.file("m.onnx")); });
    expectMentions(msg, {"'w'", "cannot resolve external data file 'w1.bin'"});
    EXPECT_EQ(msg.find("not found"), std::string::npos) << msg;

    // A plain missing file still says so.
    msg = errorMessage([&] { importOnnxFile(dir.file("absent.onnx")); });
    expectMentions(msg, {"model file", "absent.onnx", "does not exist"});
}

// "data type type 999": an unknown ONNX data type is named by its number once.
TEST(OnnxInputErrors, UnknownDataTypeIsNamedOnce) {
    ModelBuilder b(13);
    b.input("x", F32, {2});
    auto& w = b.initializer("w", Tensor::fromVector<float>({2}, {1, 2}));
    w.set_data_type(999);
    b.node("Add", {"x", "w"}, {"y"});
    b.outputUntyped("y");
    ImportOptions options;
    options.runChecker = false;  // the checker would refuse the type first, in its own words
    const std::string msg = errorMessage([&] { importBuilt(b, options); });
    expectMentions(msg, {"'w'", "data type 999 is not supported"});
    EXPECT_EQ(msg.find("type type"), std::string::npos) << msg;
}
