// .pb (serialized onnx.TensorProto) and .npy (NumPy format 1.0-3.0) tensor files.
#include "engine_core/onnx/tensor_io.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "engine_core/common/message_catalogue.h"
#include "engine_core/onnx/proto_util.h"

namespace kiln {

namespace {

constexpr uint64_t kMaxProtoBytes = uint64_t(INT32_MAX);  // protobuf's own limit

std::string extensionOf(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return ext;
}

void writeBytes(const std::string& path, const std::string& header, const void* data, size_t size) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    KILN_CHECK(out.good(), Io, msg<Msg::FileCannotOpenForWriting>("file"_a = path));
    out.write(header.data(), std::streamsize(header.size()));
    if (size) out.write(static_cast<const char*>(data), std::streamsize(size));
    out.flush();
    KILN_CHECK(out.good(), Io, msg<Msg::FileCannotWrite>("file"_a = path));
}

// ---- .npy ----

struct NpyType {
    char kind;  // 'f', 'i', 'u', 'b'
    int bytes;
    DataType dtype;
};

constexpr NpyType kNpyTypes[] = {
    {'f', 4, DataType::Float32}, {'f', 8, DataType::Float64}, {'f', 2, DataType::Float16},
    {'i', 1, DataType::Int8},    {'i', 2, DataType::Int16},   {'i', 4, DataType::Int32},
    {'i', 8, DataType::Int64},   {'u', 1, DataType::UInt8},   {'u', 2, DataType::UInt16},
    {'u', 4, DataType::UInt32},  {'u', 8, DataType::UInt64},  {'b', 1, DataType::Bool},
};

// Finds the value text after 'key': in the header dict (a Python literal written by numpy).
std::string headerField(const std::string& header, const std::string& key, const std::string& path) {
    size_t k = header.find("'" + key + "'");
    if (k == std::string::npos) k = header.find("\"" + key + "\"");
    KILN_CHECK(k != std::string::npos, InvalidArgument,
               msg<Msg::NpyHeaderFieldMissing>("file"_a = path, "field"_a = key));
    size_t colon = header.find(':', k + key.size() + 2);
    KILN_CHECK(colon != std::string::npos, InvalidArgument, msg<Msg::NpyHeaderMalformed>("file"_a = path));
    size_t start = header.find_first_not_of(" \t", colon + 1);
    KILN_CHECK(start != std::string::npos, InvalidArgument, msg<Msg::NpyHeaderMalformed>("file"_a = path));
    size_t end;
    if (header[start] == '(') {
        end = header.find(')', start);
        KILN_CHECK(end != std::string::npos, InvalidArgument, msg<Msg::NpyShapeMalformed>("file"_a = path));
        return header.substr(start, end - start + 1);
    }
    if (header[start] == '\'' || header[start] == '"') {
        end = header.find(header[start], start + 1);
        KILN_CHECK(end != std::string::npos, InvalidArgument, msg<Msg::NpyHeaderMalformed>("file"_a = path));
        return header.substr(start + 1, end - start - 1);
    }
    end = header.find_first_of(",}", start);
    return header.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

std::vector<int64_t> parseNpyShape(const std::string& text, const std::string& path) {
    std::vector<int64_t> dims;
    size_t i = 1;  // after '('
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == ',')) ++i;
        if (i >= text.size() || text[i] == ')') break;
        size_t j = i;
        while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
        if (j < text.size() && text[j] == 'L') ++j;  // Python 2 longs
        KILN_CHECK(j > i && j - i <= 18, InvalidArgument,
                   msg<Msg::NpyShapeMalformedText>("file"_a = path, "shape"_a = text));
        dims.push_back(std::stoll(text.substr(i, j - i)));
        i = j;
    }
    return dims;
}

}  // namespace

NamedTensor readTensorProtoFile(const std::string& path) {
    std::string bytes = onnx_detail::readFileBytes(path, kMaxProtoBytes, msg<Msg::NounTensorFile>());
    onnx::TensorProto proto;
    KILN_CHECK(!bytes.empty(), InvalidArgument, msg<Msg::TensorProtoFileEmpty>("file"_a = path));
    KILN_CHECK(onnx_detail::parseProtoQuietly(bytes, &proto), InvalidArgument,
               msg<Msg::TensorProtoFileInvalid>("file"_a = path));
    const Message what = msg<Msg::NounNamedTensorFile>("file"_a = path);
    NamedTensor out;
    out.name = proto.name();
    out.tensor = onnx_detail::tensorFromProto(proto, what, nullptr);
    return out;
}

void writeTensorProtoFile(const std::string& path, const Tensor& tensor, const std::string& name) {
    onnx::TensorProto proto;
    onnx_detail::tensorToProto(tensor, name, &proto);
    std::string bytes;
    KILN_CHECK(
        tensor.byteSize() < kMaxProtoBytes && proto.SerializeToString(&bytes), ResourceLimit,
        msg<Msg::TensorProtoTooLarge>("file"_a = path, "name"_a = name, "tensor"_a = tensor.describe()));
    writeBytes(path, bytes, nullptr, 0);
}

Tensor readNpyFile(const std::string& path) {
    std::string bytes =
        onnx_detail::readFileBytes(path, Tensor::maxBytes() + (1u << 20), msg<Msg::NounNpyFile>());
    static const char kMagic[] = "\x93NUMPY";
    KILN_CHECK(bytes.size() >= 10 && std::memcmp(bytes.data(), kMagic, 6) == 0, InvalidArgument,
               msg<Msg::NpyBadMagic>("file"_a = path));
    int major = static_cast<unsigned char>(bytes[6]);
    KILN_CHECK(major >= 1 && major <= 3, Unsupported,
               msg<Msg::NpyVersionNotSupported>("file"_a = path, "version"_a = major));
    size_t headerLen, headerStart;
    if (major == 1) {
        headerLen =
            size_t(static_cast<unsigned char>(bytes[8])) | size_t(static_cast<unsigned char>(bytes[9])) << 8;
        headerStart = 10;
    } else {
        KILN_CHECK(bytes.size() >= 12, InvalidArgument, msg<Msg::NpyHeaderTruncated>("file"_a = path));
        headerLen = 0;
        for (int i = 0; i < 4; ++i)
            headerLen |= size_t(static_cast<unsigned char>(bytes[8 + size_t(i)])) << (8 * i);
        headerStart = 12;
    }
    KILN_CHECK(headerStart + headerLen <= bytes.size(), InvalidArgument,
               msg<Msg::NpyHeaderTruncated>("file"_a = path));
    std::string header = bytes.substr(headerStart, headerLen);

    std::string descr = headerField(header, "descr", path);
    std::string fortran = headerField(header, "fortran_order", path);
    std::vector<int64_t> dims = parseNpyShape(headerField(header, "shape", path), path);
    KILN_CHECK(fortran.find("False") != std::string::npos, Unsupported,
               msg<Msg::NpyFortranOrder>("file"_a = path));
    KILN_CHECK(descr.size() >= 3, Unsupported,
               msg<Msg::NpyDtypeNotSupported>("file"_a = path, "dtype"_a = descr));
    char order = descr[0];
    char kind = descr[1];
    int width = std::atoi(descr.c_str() + 2);
    const NpyType* type = nullptr;
    for (const NpyType& t : kNpyTypes)
        if (t.kind == kind && t.bytes == width && std::to_string(width) == descr.substr(2)) type = &t;
    KILN_CHECK(type != nullptr, Unsupported,
               msg<Msg::NpyDtypeNotSupported>("file"_a = path, "dtype"_a = descr));
    KILN_CHECK(order == '<' || order == '|' || order == '=' || (order == '>' && width == 1), Unsupported,
               msg<Msg::NpyBigEndian>("file"_a = path, "dtype"_a = descr));

    const Message what = msg<Msg::NounNamedNpyFile>("file"_a = path);
    int64_t numel = Tensor::checkedNumel(dims, type->dtype, what);
    size_t dataStart = headerStart + headerLen;
    size_t needed = size_t(numel) * size_t(width);
    KILN_CHECK(
        bytes.size() - dataStart == needed, InvalidArgument,
        msg<Msg::NpyDataSize>("file"_a = path, "size"_a = bytes.size() - dataStart,
                              "shape"_a = dimsToString(dims), "dtype"_a = descr, "expected"_a = needed));
    Tensor t(type->dtype, dims);
    if (needed) std::memcpy(t.raw(), bytes.data() + dataStart, needed);
    if (type->dtype == DataType::Bool)
        for (int64_t i = 0; i < numel; ++i) t.data<bool>()[i] = bytes[dataStart + size_t(i)] != 0;
    return t;
}

void writeNpyFile(const std::string& path, const Tensor& tensor) {
    KILN_CHECK(tensor.defined(), InvalidArgument, msg<Msg::NpyWriteUndefined>("file"_a = path));
    const NpyType* type = nullptr;
    for (const NpyType& t : kNpyTypes)
        if (t.dtype == tensor.dtype()) type = &t;
    KILN_CHECK(type != nullptr, Unsupported,
               msg<Msg::NpyWriteDtype>("file"_a = path, "dtype"_a = dataTypeName(tensor.dtype())));
    std::string descr = std::string(type->bytes == 1 ? "|" : "<") + type->kind + std::to_string(type->bytes);
    std::string shape = "(";
    for (size_t i = 0; i < tensor.rank(); ++i) shape += std::to_string(tensor.dims()[i]) + ", ";
    if (tensor.rank() > 1)
        shape.resize(shape.size() - 2);  // "(3, 4)"; a 1-D shape keeps "(3,"
    else if (tensor.rank() == 1)
        shape.resize(shape.size() - 1);
    shape += ")";
    std::string dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    // Pad so that magic + length + dict + '\n' is a multiple of 64 (numpy's alignment).
    size_t total = 10 + dict.size() + 1;
    bool v2 = false;
    if (total + (64 - total % 64) % 64 > 65535 + 10) {
        v2 = true;
        total += 2;
    }
    dict.append((64 - total % 64) % 64, ' ');
    dict += '\n';
    std::string header = std::string("\x93NUMPY", 6);
    header += char(v2 ? 2 : 1);
    header += char(0);
    size_t len = dict.size();
    header += char(len & 0xff);
    header += char((len >> 8) & 0xff);
    if (v2) {
        header += char((len >> 16) & 0xff);
        header += char((len >> 24) & 0xff);
    }
    header += dict;
    writeBytes(path, header, tensor.raw(), tensor.byteSize());
}

NamedTensor readTensorFile(const std::string& path) {
    std::string ext = extensionOf(path);
    if (ext == ".npy") {
        NamedTensor out;
        out.name = std::filesystem::path(path).stem().string();
        out.tensor = readNpyFile(path);
        return out;
    }
    KILN_CHECK(ext == ".pb", InvalidArgument, msg<Msg::TensorFileTypeUnknown>("file"_a = path));
    return readTensorProtoFile(path);
}

}  // namespace kiln
