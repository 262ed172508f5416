// .pb (TensorProto) and .npy tensor files.
#include <gtest/gtest.h>

#include "engine_core/onnx/tensor_io.h"
#include "onnx_test_util.h"

using namespace kiln;
using namespace kiln::test;

namespace {
std::string serialized(const onnx::TensorProto& t) {
    std::string s;
    t.SerializeToString(&s);
    return s;
}

void expectSameTensor(const Tensor& a, const Tensor& b) {
    ASSERT_EQ(a.describe(), b.describe());
    ASSERT_EQ(a.byteSize(), b.byteSize());
    EXPECT_EQ(std::memcmp(a.raw(), b.raw(), a.byteSize()), 0);
}

// A .npy file as numpy writes it: magic, version, little-endian header length, dict, data.
std::string npyBytes(int major, const std::string& dict, const std::string& data) {
    std::string header = dict;
    size_t prefix = major == 1 ? 10 : 12;
    while ((prefix + header.size() + 1) % 64) header += ' ';
    header += '\n';
    std::string out = std::string("\x93NUMPY", 6) + char(major) + char(0);
    size_t len = header.size();
    out += char(len & 0xff);
    out += char((len >> 8) & 0xff);
    if (major > 1) {
        out += char((len >> 16) & 0xff);
        out += char((len >> 24) & 0xff);
    }
    return out + header + data;
}
}  // namespace

TEST(OnnxTensorIo, PbRoundTripEveryType) {
    TempDir dir;
    std::vector<Tensor> tensors = {
        Tensor::fromVector<float>({2, 3}, {1, -2, 3.5f, 4, 5, 6}),
        Tensor::fromVector<int64_t>({3}, {-1, 0, int64_t(1) << 40}),
        Tensor::fromVector<bool>({4}, {true, false, true, true}),
        Tensor::fromVector<uint8_t>({2}, {0, 255}),
        Tensor::fromVector<double>({}, {2.25}),
        Tensor(DataType::Float32, {0, 3}),
    };
    Tensor half(DataType::Float16, {2});
    static_cast<uint16_t*>(half.raw())[0] = floatToHalf(1.5f);
    static_cast<uint16_t*>(half.raw())[1] = floatToHalf(-2.0f);
    tensors.push_back(half);
    for (size_t i = 0; i < tensors.size(); ++i) {
        std::string path = dir.file("t" + std::to_string(i) + ".pb");
        writeTensorProtoFile(path, tensors[i], "tensor_" + std::to_string(i));
        NamedTensor back = readTensorFile(path);
        EXPECT_EQ(back.name, "tensor_" + std::to_string(i));
        expectSameTensor(back.tensor, tensors[i]);
    }
}

TEST(OnnxTensorIo, PbTypedFields) {
    TempDir dir;
    auto check = [&](const onnx::TensorProto& proto, const std::string& describe,
                     const std::vector<double>& values) {
        std::string path = dir.file(proto.name() + ".pb");
        writeFile(path, serialized(proto));
        Tensor t = readTensorProtoFile(path).tensor;
        EXPECT_EQ(t.describe(), describe) << proto.name();
        ASSERT_EQ(t.numel(), int64_t(values.size()));
        for (size_t i = 0; i < values.size(); ++i)
            EXPECT_EQ(t.scalarAsDouble(int64_t(i)), values[i]) << proto.name();
    };
    onnx::TensorProto f;
    f.set_name("floats");
    f.set_data_type(onnx::TensorProto::FLOAT);
    f.add_dims(2);
    f.add_float_data(0.5f);
    f.add_float_data(-1.0f);
    check(f, "fp32[2]", {0.5, -1.0});
    onnx::TensorProto i64;
    i64.set_name("int64s");
    i64.set_data_type(onnx::TensorProto::INT64);
    i64.add_int64_data(-7);
    check(i64, "int64[]", {-7});
    onnx::TensorProto i8;
    i8.set_name("int8s");
    i8.set_data_type(onnx::TensorProto::INT8);
    i8.add_dims(2);
    i8.add_int32_data(-128);
    i8.add_int32_data(127);
    check(i8, "int8[2]", {-128, 127});
    onnx::TensorProto h;
    h.set_name("halfs");
    h.set_data_type(onnx::TensorProto::FLOAT16);
    h.add_dims(1);
    h.add_int32_data(floatToHalf(3.0f));  // fp16 travels as its bit pattern in int32_data
    check(h, "fp16[1]", {3.0});
    onnx::TensorProto bf;
    bf.set_name("bf16s");
    bf.set_data_type(onnx::TensorProto::BFLOAT16);
    bf.add_dims(1);
    bf.add_int32_data(floatToBfloat16(-0.5f));
    check(bf, "bf16[1]", {-0.5});
    onnx::TensorProto d;
    d.set_name("doubles");
    d.set_data_type(onnx::TensorProto::DOUBLE);
    d.add_dims(1);
    d.add_double_data(1e100);
    check(d, "fp64[1]", {1e100});
    onnx::TensorProto u64;
    u64.set_name("uint64s");
    u64.set_data_type(onnx::TensorProto::UINT64);
    u64.add_dims(1);
    u64.add_uint64_data(123);
    check(u64, "uint64[1]", {123});
    onnx::TensorProto u32;
    u32.set_name("uint32s");
    u32.set_data_type(onnx::TensorProto::UINT32);
    u32.add_dims(1);
    u32.add_uint64_data(4000000000u);
    check(u32, "uint32[1]", {4000000000.0});
    onnx::TensorProto b;
    b.set_name("bools");
    b.set_data_type(onnx::TensorProto::BOOL);
    b.add_dims(2);
    b.add_int32_data(1);
    b.add_int32_data(0);
    check(b, "bool[2]", {1, 0});
}

TEST(OnnxTensorIo, PbErrorsNameTheFile) {
    TempDir dir;
    onnx::TensorProto s;
    s.set_name("strings");
    s.set_data_type(onnx::TensorProto::STRING);
    s.add_dims(1);
    s.add_string_data("hello");
    writeFile(dir.file("strings.pb"), serialized(s));
    ErrorKind kind{};
    std::string msg = errorMessage([&] { readTensorFile(dir.file("strings.pb")); }, &kind);
    EXPECT_EQ(kind, ErrorKind::Unsupported);
    EXPECT_NE(msg.find("strings.pb"), std::string::npos) << msg;

    onnx::TensorProto wrong;
    wrong.set_data_type(onnx::TensorProto::FLOAT);
    wrong.add_dims(3);
    wrong.set_raw_data(std::string(8, '\0'));
    writeFile(dir.file("short.pb"), serialized(wrong));
    msg = errorMessage([&] { readTensorFile(dir.file("short.pb")); });
    EXPECT_NE(msg.find("short.pb"), std::string::npos) << msg;
    EXPECT_NE(msg.find("raw_data"), std::string::npos) << msg;

    writeFile(dir.file("empty.pb"), "");
    writeFile(dir.file("garbage.pb"), std::string("\xff\xff\xff\xff\xff\xff\xff", 7));
    for (const char* name : {"empty.pb", "garbage.pb", "absent.pb"}) {
        msg = errorMessage([&] { readTensorFile(dir.file(name)); });
        EXPECT_NE(msg.find(name), std::string::npos) << msg;
    }
    msg = errorMessage([&] { readTensorFile(dir.file("tensor.txt")); });
    EXPECT_NE(msg.find("tensor.txt"), std::string::npos) << msg;
}

TEST(OnnxTensorIo, NpyRoundTripEveryType) {
    TempDir dir;
    std::vector<Tensor> tensors = {
        Tensor::fromVector<float>({2, 3}, {1, 2, 3, 4, 5, 6}),
        Tensor::fromVector<double>({1}, {-2.5}),
        Tensor::fromVector<int8_t>({2}, {-1, 1}),
        Tensor::fromVector<int16_t>({2}, {-300, 300}),
        Tensor::fromVector<int32_t>({2, 1}, {-70000, 70000}),
        Tensor::fromVector<int64_t>({}, {int64_t(1) << 50}),
        Tensor::fromVector<uint8_t>({3}, {0, 128, 255}),
        Tensor::fromVector<uint16_t>({1}, {65535}),
        Tensor::fromVector<uint32_t>({1}, {4000000000u}),
        Tensor::fromVector<uint64_t>({1}, {uint64_t(1) << 63}),
        Tensor::fromVector<bool>({2, 2}, {true, false, false, true}),
        Tensor(DataType::Float16, {3}),
        Tensor(DataType::Float32, {2, 0, 4}),
    };
    for (size_t i = 0; i < tensors.size(); ++i) {
        std::string path = dir.file("t" + std::to_string(i) + ".npy");
        writeNpyFile(path, tensors[i]);
        NamedTensor back = readTensorFile(path);
        EXPECT_EQ(back.name, "t" + std::to_string(i));
        expectSameTensor(back.tensor, tensors[i]);
    }
    ErrorKind kind{};
    std::string msg =
        errorMessage([&] { writeNpyFile(dir.file("bf.npy"), Tensor(DataType::BFloat16, {1})); }, &kind);
    EXPECT_EQ(kind, ErrorKind::Unsupported);
    EXPECT_NE(msg.find("bf.npy"), std::string::npos);
}

TEST(OnnxTensorIo, NpyVersionsAndNumpyHeaders) {
    TempDir dir;
    std::string data;
    for (float f : {1.0f, 2.0f, 3.0f}) data.append(reinterpret_cast<const char*>(&f), 4);
    for (int major : {1, 2, 3}) {
        std::string path = dir.file("v" + std::to_string(major) + ".npy");
        writeFile(path, npyBytes(major, "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", data));
        Tensor t = readNpyFile(path);
        EXPECT_EQ(t.describe(), "fp32[3]");
        EXPECT_EQ(t.toFloatVector(), (std::vector<float>{1, 2, 3}));
    }
    writeFile(dir.file("scalar.npy"), npyBytes(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (), }",
                                               std::string("\x05\0\0\0\0\0\0\0", 8)));
    EXPECT_EQ(readNpyFile(dir.file("scalar.npy")).scalarAsInt64(0), 5);
    writeFile(dir.file("bool.npy"), npyBytes(1, "{'descr': '|b1', 'fortran_order': False, 'shape': (1, 2), }",
                                             std::string("\x01\x00", 2)));
    EXPECT_EQ(readNpyFile(dir.file("bool.npy")).describe(), "bool[1,2]");

    struct Bad {
        const char* name;
        std::string bytes;
        const char* mention;
    };
    std::vector<Bad> bad = {
        {"fortran.npy", npyBytes(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (3,), }", data),
         "Fortran"},
        {"bigendian.npy", npyBytes(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (3,), }", data),
         "big-endian"},
        {"complex.npy", npyBytes(1, "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", data),
         "<c8"},
        {"short.npy", npyBytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", data),
         "bytes"},
        {"magic.npy", "not a numpy file at all", "magic"},
        {"huge.npy",
         npyBytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1099511627776,), }", data),
         "1099511627776"},
    };
    for (const Bad& b : bad) {
        writeFile(dir.file(b.name), b.bytes);
        std::string msg = errorMessage([&] { readNpyFile(dir.file(b.name)); });
        EXPECT_NE(msg.find(b.name), std::string::npos) << msg;
        EXPECT_NE(msg.find(b.mention), std::string::npos) << b.name << ": " << msg;
    }
}
