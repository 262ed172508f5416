// Model files on disk: broken files, external data (confinement, missing, bad ranges).
#include <gtest/gtest.h>

#include <random>

#include "onnx_test_util.h"

using namespace kiln;
using namespace kiln::test;
namespace fs = std::filesystem;

namespace {
constexpr int F32 = onnx::TensorProto::FLOAT;

// x + w, with w (4 floats) stored externally at `location`.
ModelBuilder externalModel(const std::string& location, int64_t offset = 0, int64_t length = 16) {
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
    if (offset >= 0) add("offset", std::to_string(offset));
    if (length >= 0) add("length", std::to_string(length));
    b.node("Add", {"x", "w"}, {"y"});
    b.outputUntyped("y");
    return b;
}

std::string floatBytes(const std::vector<float>& v) {
    return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float));
}
}  // namespace

TEST(OnnxFiles, EmptyTruncatedAndRandomFilesGiveOneClearError) {
    TempDir dir;
    ModelBuilder b(13);
    b.input("x", F32, {2, 2});
    b.initializer("w", Tensor::fromVector<float>({2, 2}, {1, 2, 3, 4}));
    b.node("MatMul", {"x", "w"}, {"y"});
    b.outputUntyped("y");
    std::string good = b.bytes();

    writeFile(dir.file("empty.onnx"), "");
    std::vector<std::string> broken = {dir.file("empty.onnx")};
    for (size_t cut : {good.size() / 2, good.size() - 1, size_t(3)}) {
        std::string name = dir.file("truncated_" + std::to_string(cut) + ".onnx");
        writeFile(name, good.substr(0, cut));
        broken.push_back(name);
    }
    std::mt19937 rng(1234);
    for (int i = 0; i < 20; ++i) {
        std::string bytes(size_t(16 + rng() % 2000), '\0');
        for (char& c : bytes) c = char(rng() & 0xff);
        std::string name = dir.file("random_" + std::to_string(i) + ".onnx");
        writeFile(name, bytes);
        broken.push_back(name);
    }
    for (const std::string& path : broken) {
        std::string msg = errorMessage([&] { importOnnxFile(path); });
        EXPECT_NE(msg.find(path), std::string::npos) << "error must name the file: " << msg;
        EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    }
    std::string msg = errorMessage([&] { importOnnxFile(dir.file("absent.onnx")); });
    EXPECT_NE(msg.find("absent.onnx"), std::string::npos) << msg;
    writeFile(dir.file("good.onnx"), good);
    EXPECT_NO_THROW(importOnnxFile(dir.file("good.onnx")));
}

TEST(OnnxFiles, ExternalDataLoadsRelativeToTheModelFolder) {
    TempDir dir;
    fs::create_directories(dir.path() / "weights");
    writeFile(dir.file("weights/w.bin"), std::string(8, 'x') + floatBytes({1, 2, 3, 4}));
    externalModel("weights/w.bin", 8, 16).save(dir.file("model.onnx"));
    ImportResult r = importOnnxFile(dir.file("model.onnx"));
    Value* w = r.graph->findValue("w");
    ASSERT_TRUE(w && w->isConstant());
    EXPECT_EQ(w->constant->toFloatVector(), (std::vector<float>{1, 2, 3, 4}));
    // No offset/length keys: the whole file.
    writeFile(dir.file("plain.bin"), floatBytes({5, 6, 7, 8}));
    externalModel("plain.bin", -1, -1).save(dir.file("plain.onnx"));
    EXPECT_EQ(importOnnxFile(dir.file("plain.onnx")).graph->findValue("w")->constant->toFloatVector(),
              (std::vector<float>{5, 6, 7, 8}));
}

TEST(OnnxFiles, ExternalDataErrors) {
    TempDir dir;
    fs::create_directories(dir.path() / "model");
    writeFile(dir.file("outside.bin"), floatBytes({1, 2, 3, 4}));
    writeFile(dir.file("model/short.bin"), floatBytes({1, 2}));
    std::error_code ec;
    fs::create_symlink(dir.path() / "outside.bin", dir.path() / "model" / "link.bin", ec);
    ASSERT_FALSE(ec) << ec.message();

    struct Case {
        std::string location;
        int64_t offset, length;
        std::vector<std::string> mustMention;
    };
    std::vector<Case> cases = {
        {"missing.bin", 0, 16, {"missing.bin", "'w'", "not found"}},
        {"../outside.bin", 0, 16, {"../outside.bin", "'w'", "escapes"}},
        {"sub/../../outside.bin", 0, 16, {"outside.bin", "'w'", "escapes"}},
        {(dir.path() / "outside.bin").string(), 0, 16, {"outside.bin", "'w'", "absolute"}},
        {"link.bin", 0, 16, {"link.bin", "'w'", "outside the model folder"}},
        {"short.bin", 0, 16, {"short.bin", "'w'", "past the end"}},
        {"short.bin", 100, -1, {"short.bin", "'w'"}},
        {"short.bin", 0, 8, {"'w'", "length"}},
    };
    for (const Case& c : cases) {
        std::string model = dir.file("model/m.onnx");
        externalModel(c.location, c.offset, c.length).save(model);
        std::string msg = errorMessage([&] { importOnnxFile(model); });
        for (const std::string& m : c.mustMention)
            EXPECT_NE(msg.find(m), std::string::npos)
                << c.location << ": " << msg << " (missing '" << m << "')";
    }
    // From bytes with no base folder: external data is refused.
    std::string msg = errorMessage([&] { importBuilt(externalModel("w.bin")); });
    EXPECT_NE(msg.find("'w'"), std::string::npos) << msg;
}

TEST(OnnxFiles, ProtobufOver2GiBIsRefusedUpFront) {
    TempDir dir;
    std::string path = dir.file("big.onnx");
    writeFile(path, "");
    std::error_code ec;
    fs::resize_file(path, uint64_t(INT_MAX) + 1, ec);  // sparse: no disk space used
    if (ec) GTEST_SKIP() << "cannot make a sparse 2 GiB file: " << ec.message();
    ErrorKind kind{};
    std::string msg = errorMessage([&] { importOnnxFile(path); }, &kind);
    EXPECT_EQ(kind, ErrorKind::ResourceLimit);
    EXPECT_NE(msg.find("big.onnx"), std::string::npos) << msg;
    EXPECT_NE(msg.find("external data"), std::string::npos) << msg;
}
