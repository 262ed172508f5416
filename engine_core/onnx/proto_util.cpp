#include "engine_core/onnx/proto_util.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/stubs/logging.h>

#include <charconv>
#include <climits>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "engine_core/common/error.h"
#include "engine_core/common/message_catalogue.h"
#include "engine_core/onnx/onnx_types.h"

namespace kiln::onnx_detail {

namespace fs = std::filesystem;

namespace {

// Protobuf reports some parse problems through its global log handler (stderr). Kiln reports them as
// one Error instead, so the handler is silenced for the duration of a parse.
std::mutex gLogMutex;
void discardLog(google::protobuf::LogLevel, const char*, int, const std::string&) {}

class QuietProtobufLog {
public:
    QuietProtobufLog() : lock_(gLogMutex), previous_(google::protobuf::SetLogHandler(&discardLog)) {}
    ~QuietProtobufLog() { google::protobuf::SetLogHandler(previous_); }

private:
    std::lock_guard<std::mutex> lock_;
    google::protobuf::LogHandler* previous_;
};

template <typename Field>
void copyTypedField(const Field& field, Tensor& tensor, const Message& what, const char* fieldName) {
    KILN_CHECK(
        int64_t(field.size()) == tensor.numel(), InvalidModel,
        msg<Msg::TypedFieldCount>("what"_a = what, "field"_a = fieldName, "count"_a = field.size(),
                                  "shape"_a = dimsToString(tensor.dims()), "numel"_a = tensor.numel()));
}

// Stores typed-field values into the tensor's element type.
template <typename Dst, typename Field>
void storeAll(const Field& field, Tensor& tensor) {
    Dst* out = static_cast<Dst*>(tensor.raw());
    for (int i = 0; i < field.size(); ++i) out[i] = static_cast<Dst>(field.Get(i));
}

// Any int64: a value past the end of the file is refused by the range check, naming the file.
int64_t parseNonNegative(const std::string& text, const Message& what, const char* key) {
    KILN_CHECK(!text.empty() && text.find_first_not_of("0123456789") == std::string::npos, InvalidModel,
               msg<Msg::ExternalDataNumberInvalid>("what"_a = what, "key"_a = key, "text"_a = text));
    int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    KILN_CHECK(ec == std::errc() && end == text.data() + text.size(), InvalidModel,
               msg<Msg::ExternalDataNumberTooLarge>("what"_a = what, "key"_a = key, "text"_a = text));
    return value;
}

// For "data type {dtype}": the ONNX name, or the bare code of an unknown one ("data type 999", not
// onnxDataTypeName's "type 999").
std::string dataTypeText(int32_t onnxType) {
    const std::string name = onnxDataTypeName(onnxType);
    return name.rfind("type ", 0) == 0 ? std::to_string(onnxType) : name;
}

bool isWithin(const fs::path& child, const fs::path& parent) {
    auto c = child.begin();
    for (auto p = parent.begin(); p != parent.end(); ++p, ++c) {
        if (p->empty()) continue;  // trailing separator of the parent
        if (c == child.end() || *c != *p) return false;
    }
    return true;
}

}  // namespace

std::string readFileBytes(const std::string& path, uint64_t maxBytes, const Message& what) {
    std::error_code ec;
    fs::file_status st = fs::status(path, ec);
    KILN_CHECK(st.type() != fs::file_type::not_found, Io,
               msg<Msg::FileMissing>("what"_a = what, "file"_a = path));
    // A symlink loop, a path through a file, no permission: it may exist, it can't be resolved.
    KILN_CHECK(!ec, Io,
               msg<Msg::FileUnresolvable>("what"_a = what, "file"_a = path, "reason"_a = ec.message()));
    KILN_CHECK(fs::is_regular_file(st), Io, msg<Msg::FileNotRegular>("what"_a = what, "file"_a = path));
    uint64_t size = fs::file_size(path, ec);
    KILN_CHECK(!ec, Io,
               msg<Msg::FileSizeUnreadable>("what"_a = what, "file"_a = path, "reason"_a = ec.message()));
    KILN_CHECK(
        size <= maxBytes, ResourceLimit,
        msg<Msg::FileTooLarge>("what"_a = what, "file"_a = path, "size"_a = size, "limit"_a = maxBytes));
    std::ifstream in(path, std::ios::binary);
    KILN_CHECK(in.good(), Io, msg<Msg::FileCannotOpen>("what"_a = what, "file"_a = path));
    std::string bytes(size_t(size), '\0');
    if (size) in.read(bytes.data(), std::streamsize(size));
    KILN_CHECK(in.good() || (size == 0), Io, msg<Msg::FileCannotRead>("what"_a = what, "file"_a = path));
    return bytes;
}

bool parseProtoQuietly(const std::string& bytes, google::protobuf::MessageLite* message) {
    if (bytes.size() > size_t(INT_MAX)) return false;  // protobuf's hard limit (2 GiB)
    QuietProtobufLog quiet;
    google::protobuf::io::CodedInputStream stream(reinterpret_cast<const uint8_t*>(bytes.data()),
                                                  int(bytes.size()));
    stream.SetTotalBytesLimit(INT_MAX);
    return message->ParseFromCodedStream(&stream) && stream.ConsumedEntireMessage();
}

ExternalDataLocation resolveExternalData(const onnx::TensorProto& proto, const Message& what,
                                         const ExternalDataSource& source, uint64_t expectedBytes) {
    std::string location, offsetText, lengthText;
    for (const auto& entry : proto.external_data()) {
        if (entry.key() == "location")
            location = entry.value();
        else if (entry.key() == "offset")
            offsetText = entry.value();
        else if (entry.key() == "length")
            lengthText = entry.value();
    }
    KILN_CHECK(!location.empty(), InvalidModel, msg<Msg::ExternalDataNoLocation>("what"_a = what));
    KILN_CHECK(!source.baseDir.empty(), InvalidModel,
               msg<Msg::ExternalDataNotAllowedHere>("what"_a = what, "location"_a = location));
    fs::path rel(location);
    KILN_CHECK(!rel.is_absolute() && !rel.has_root_name() && !rel.has_root_directory(), InvalidModel,
               msg<Msg::ExternalDataAbsolute>("what"_a = what, "location"_a = location));
    for (const auto& part : rel)
        KILN_CHECK(part != "..", InvalidModel,
                   msg<Msg::ExternalDataEscapes>("what"_a = what, "location"_a = location));
    std::error_code ec;
    fs::path base = fs::weakly_canonical(fs::absolute(source.baseDir), ec);
    KILN_CHECK(!ec, Io,
               msg<Msg::ModelFolderUnresolvable>("folder"_a = source.baseDir, "reason"_a = ec.message()));
    fs::path full = base / rel;
    const bool present = fs::exists(full, ec);
    KILN_CHECK(!ec, Io,  // a symlink loop: not missing, unresolvable
               msg<Msg::ExternalDataFileUnresolvable>("what"_a = what, "location"_a = location,
                                                      "reason"_a = ec.message()));
    KILN_CHECK(present, Io,
               msg<Msg::ExternalDataFileNotFound>("what"_a = what, "location"_a = location,
                                                  "folder"_a = base.string()));
    fs::path resolved = fs::canonical(full, ec);
    KILN_CHECK(!ec, Io,
               msg<Msg::ExternalDataFileUnresolvable>("what"_a = what, "location"_a = location,
                                                      "reason"_a = ec.message()));
    // Symlinks may point anywhere: the resolved file must still lie inside the model folder.
    KILN_CHECK(isWithin(resolved, base), InvalidModel,
               msg<Msg::ExternalDataOutsideFolder>("what"_a = what, "location"_a = location,
                                                   "resolved"_a = resolved.string()));
    KILN_CHECK(fs::is_regular_file(resolved, ec), Io,
               msg<Msg::ExternalDataNotRegular>("what"_a = what, "location"_a = location));
    uint64_t fileSize = fs::file_size(resolved, ec);
    KILN_CHECK(!ec, Io, msg<Msg::ExternalDataSizeUnreadable>("what"_a = what, "location"_a = location));

    ExternalDataLocation out;
    out.location = location;
    out.path = resolved.string();
    out.offset = offsetText.empty() ? 0 : uint64_t(parseNonNegative(offsetText, what, "offset"));
    out.length = lengthText.empty() ? expectedBytes : uint64_t(parseNonNegative(lengthText, what, "length"));
    KILN_CHECK(out.length == expectedBytes, InvalidModel,
               msg<Msg::ExternalDataLengthMismatch>("what"_a = what, "length"_a = out.length,
                                                    "expected"_a = expectedBytes));
    KILN_CHECK(
        out.offset <= fileSize && out.length <= fileSize - out.offset, InvalidModel,
        msg<Msg::ExternalDataPastEnd>("what"_a = what, "offset"_a = out.offset, "length"_a = out.length,
                                      "location"_a = location, "size"_a = fileSize));
    return out;
}

std::string readExternalData(const onnx::TensorProto& proto, const Message& what,
                             const ExternalDataSource& source, uint64_t expectedBytes) {
    ExternalDataLocation loc = resolveExternalData(proto, what, source, expectedBytes);
    std::string bytes(size_t(loc.length), '\0');
    std::ifstream in(loc.path, std::ios::binary);
    KILN_CHECK(in.good(), Io, msg<Msg::ExternalDataCannotOpen>("what"_a = what, "location"_a = loc.location));
    in.seekg(std::streamoff(loc.offset));
    if (loc.length) in.read(bytes.data(), std::streamsize(loc.length));
    KILN_CHECK(in.good(), Io,
               msg<Msg::ExternalDataCannotRead>("what"_a = what, "length"_a = loc.length,
                                                "offset"_a = loc.offset, "location"_a = loc.location));
    return bytes;
}

uint64_t tensorProtoByteSize(const onnx::TensorProto& proto, const Message& what) {
    KILN_CHECK(proto.data_type() != onnx::TensorProto::STRING, Unsupported,
               msg<Msg::StringTensorsNotSupported>("what"_a = what));
    std::optional<DataType> dtype = dataTypeFromOnnx(proto.data_type());
    KILN_CHECK(dtype.has_value(), Unsupported,
               msg<Msg::DataTypeNotSupported>("what"_a = what, "dtype"_a = dataTypeText(proto.data_type())));
    std::vector<int64_t> dims(proto.dims().begin(), proto.dims().end());
    for (int64_t d : dims)
        KILN_CHECK(d >= 0, InvalidModel,
                   msg<Msg::NegativeDimInShape>("what"_a = what, "shape"_a = dimsToString(dims)));
    // Refuses absurd shapes (2^40 elements) before anything is allocated.
    return uint64_t(Tensor::checkedNumel(dims, *dtype, what)) * dataTypeSize(*dtype);
}

void checkRawDataSize(const onnx::TensorProto& proto, const Message& what, uint64_t bytes) {
    if (proto.has_raw_data())
        KILN_CHECK(proto.raw_data().size() == bytes, InvalidModel,
                   msg<Msg::RawDataSize>("what"_a = what, "size"_a = proto.raw_data().size(),
                                         "shape"_a = dimsToString(
                                             std::vector<int64_t>(proto.dims().begin(), proto.dims().end())),
                                         "expected"_a = bytes));
}

Tensor tensorFromProto(const onnx::TensorProto& proto, const Message& what,
                       const ExternalDataSource* external) {
    uint64_t byteCount = tensorProtoByteSize(proto, what);  // validates type and dims first
    KILN_CHECK(!proto.has_segment(), Unsupported, msg<Msg::SegmentedTensor>("what"_a = what));
    std::optional<DataType> dtype = dataTypeFromOnnx(proto.data_type());
    std::vector<int64_t> dims(proto.dims().begin(), proto.dims().end());
    int64_t numel = Tensor::checkedNumel(dims, *dtype, what);

    if (proto.data_location() == onnx::TensorProto::EXTERNAL) {
        KILN_CHECK(external != nullptr, InvalidModel, msg<Msg::ExternalDataNotAllowed>("what"_a = what));
        std::string bytes = readExternalData(proto, what, *external, byteCount);
        Tensor t(*dtype, dims);
        if (byteCount) std::memcpy(t.raw(), bytes.data(), byteCount);
        if (*dtype == DataType::Bool)
            for (int64_t i = 0; i < numel; ++i) t.data<bool>()[i] = bytes[size_t(i)] != 0;
        return t;
    }
    if (proto.has_raw_data()) {
        const std::string& raw = proto.raw_data();
        KILN_CHECK(raw.size() == byteCount, InvalidModel,
                   msg<Msg::RawDataSizeOfType>("what"_a = what, "size"_a = raw.size(),
                                               "shape"_a = dimsToString(dims),
                                               "dtype"_a = dataTypeName(*dtype), "expected"_a = byteCount));
        Tensor t(*dtype, dims);
        if (byteCount) std::memcpy(t.raw(), raw.data(), byteCount);
        if (*dtype == DataType::Bool)  // any non-zero byte is true; normalize to 0/1
            for (int64_t i = 0; i < numel; ++i) t.data<bool>()[i] = raw[size_t(i)] != 0;
        return t;
    }
    Tensor t(*dtype, dims);
    if (numel == 0) return t;
    switch (*dtype) {
        case DataType::Float32:
            copyTypedField(proto.float_data(), t, what, "float_data");
            storeAll<float>(proto.float_data(), t);
            break;
        case DataType::Float64:
            copyTypedField(proto.double_data(), t, what, "double_data");
            storeAll<double>(proto.double_data(), t);
            break;
        case DataType::Int64:
            copyTypedField(proto.int64_data(), t, what, "int64_data");
            storeAll<int64_t>(proto.int64_data(), t);
            break;
        case DataType::UInt32:
            copyTypedField(proto.uint64_data(), t, what, "uint64_data");
            storeAll<uint32_t>(proto.uint64_data(), t);
            break;
        case DataType::UInt64:
            copyTypedField(proto.uint64_data(), t, what, "uint64_data");
            storeAll<uint64_t>(proto.uint64_data(), t);
            break;
        case DataType::Int32:
            copyTypedField(proto.int32_data(), t, what, "int32_data");
            storeAll<int32_t>(proto.int32_data(), t);
            break;
        case DataType::Int16:
            copyTypedField(proto.int32_data(), t, what, "int32_data");
            storeAll<int16_t>(proto.int32_data(), t);
            break;
        case DataType::Int8:
            copyTypedField(proto.int32_data(), t, what, "int32_data");
            storeAll<int8_t>(proto.int32_data(), t);
            break;
        // fp16/bf16/fp8 values travel as their bit patterns in int32_data.
        case DataType::UInt16:
        case DataType::Float16:
        case DataType::BFloat16:
            copyTypedField(proto.int32_data(), t, what, "int32_data");
            storeAll<uint16_t>(proto.int32_data(), t);
            break;
        case DataType::UInt8:
        case DataType::Float8E4M3:
            copyTypedField(proto.int32_data(), t, what, "int32_data");
            storeAll<uint8_t>(proto.int32_data(), t);
            break;
        case DataType::Bool: {
            copyTypedField(proto.int32_data(), t, what, "int32_data");
            bool* out = t.data<bool>();
            for (int i = 0; i < proto.int32_data_size(); ++i) out[i] = proto.int32_data(i) != 0;
            break;
        }
        case DataType::Undefined:
        case DataType::String:
            fail(ErrorKind::Internal, msg<Msg::TensorUnexpectedType>("what"_a = what));
    }
    return t;
}

void tensorToProto(const Tensor& tensor, const std::string& name, onnx::TensorProto* out) {
    KILN_CHECK(tensor.defined(), InvalidArgument, msg<Msg::SerializeUndefinedTensor>("name"_a = name));
    KILN_CHECK(tensor.dtype() != DataType::String, Unsupported,
               msg<Msg::SerializeStringTensor>("name"_a = name));
    out->Clear();
    out->set_name(name);
    out->set_data_type(onnxDataTypeOf(tensor.dtype()));
    for (int64_t d : tensor.dims()) out->add_dims(d);
    out->set_raw_data(std::string(static_cast<const char*>(tensor.raw()), tensor.byteSize()));
}

Attribute attributeFromProto(const onnx::AttributeProto& proto, const Message& what) {
    using A = onnx::AttributeProto;
    A::AttributeType type = proto.type();
    if (type == A::UNDEFINED) {  // very old models leave the type unset: infer it from the field in use
        if (proto.has_f())
            type = A::FLOAT;
        else if (proto.has_i())
            type = A::INT;
        else if (proto.has_s())
            type = A::STRING;
        else if (proto.has_t())
            type = A::TENSOR;
        else if (proto.floats_size())
            type = A::FLOATS;
        else if (proto.ints_size())
            type = A::INTS;
        else if (proto.strings_size())
            type = A::STRINGS;
        else if (proto.has_g() || proto.graphs_size())
            type = A::GRAPH;
    }
    switch (type) {
        case A::FLOAT:
            return Attribute(proto.f());
        case A::INT:
            return Attribute(int64_t(proto.i()));
        case A::STRING:
            return Attribute(proto.s());
        case A::TENSOR:
            return Attribute(tensorFromProto(proto.t(), what, nullptr));
        case A::FLOATS:
            return Attribute(std::vector<float>(proto.floats().begin(), proto.floats().end()));
        case A::INTS:
            return Attribute(std::vector<int64_t>(proto.ints().begin(), proto.ints().end()));
        case A::STRINGS:
            return Attribute(std::vector<std::string>(proto.strings().begin(), proto.strings().end()));
        case A::GRAPH:
        case A::GRAPHS:
            fail(ErrorKind::Unsupported, msg<Msg::GraphAttributeNotSupported>("what"_a = what));
        case A::SPARSE_TENSOR:
        case A::SPARSE_TENSORS:
            fail(ErrorKind::Unsupported, msg<Msg::SparseAttributeNotSupported>("what"_a = what));
        case A::TENSORS:
            fail(ErrorKind::Unsupported, msg<Msg::TensorListAttributeNotSupported>("what"_a = what));
        case A::TYPE_PROTO:
        case A::TYPE_PROTOS:
            fail(ErrorKind::Unsupported, msg<Msg::TypeAttributeNotSupported>("what"_a = what));
        case A::UNDEFINED:
            break;
    }
    fail(ErrorKind::InvalidModel, msg<Msg::AttributeHasNoValue>("what"_a = what));
}

bool typeFromProto(const onnx::TypeProto& type, DataType* dtype, Shape* shape) {
    if (!type.has_tensor_type()) return false;
    const auto& tt = type.tensor_type();
    *dtype = dataTypeFromOnnx(tt.elem_type()).value_or(DataType::Undefined);
    if (!tt.has_shape()) {
        *shape = Shape::unknownRank();
        return true;
    }
    Shape s;
    for (const auto& d : tt.shape().dim()) {
        if (d.has_dim_value() && d.dim_value() >= 0)
            s.dims.push_back(Dim(d.dim_value()));
        else if (d.has_dim_param() && !d.dim_param().empty())
            s.dims.push_back(Dim::symbolic(d.dim_param()));
        else
            s.dims.push_back(Dim());
    }
    *shape = s;
    return true;
}

}  // namespace kiln::onnx_detail
