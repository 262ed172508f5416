// Builds small ONNX models in C++ (onnx protobuf API) for the importer tests, plus a temp folder.
#pragma once

#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine_core/onnx/importer.h"
#include "engine_core/onnx/proto_util.h"

namespace kiln::test {

constexpr int64_t kDynamic = -1;  // a symbolic dim "N" in ModelBuilder shapes

class ModelBuilder {
public:
    explicit ModelBuilder(int64_t opset, int64_t irVersion = 8) {
        model.set_ir_version(irVersion);
        model.set_producer_name("kiln-test");
        auto* o = model.add_opset_import();
        o->set_domain("");
        o->set_version(opset);
        model.mutable_graph()->set_name("test_graph");
    }

    onnx::GraphProto& graph() { return *model.mutable_graph(); }

    void input(const std::string& name, int elemType, const std::vector<int64_t>& dims) {
        fillValueInfo(graph().add_input(), name, elemType, dims);
    }
    void output(const std::string& name, int elemType, const std::vector<int64_t>& dims) {
        fillValueInfo(graph().add_output(), name, elemType, dims);
    }
    // An output with an element type but no shape (shape inference fills what it can).
    void outputUntyped(const std::string& name, int elemType = onnx::TensorProto::FLOAT) {
        auto* vi = graph().add_output();
        vi->set_name(name);
        vi->mutable_type()->mutable_tensor_type()->set_elem_type(elemType);
    }

    onnx::NodeProto& node(const std::string& op, const std::vector<std::string>& ins,
                          const std::vector<std::string>& outs, const std::string& name = "") {
        auto* n = graph().add_node();
        n->set_op_type(op);
        if (!name.empty()) n->set_name(name);
        for (const auto& i : ins) n->add_input(i);
        for (const auto& o : outs) n->add_output(o);
        return *n;
    }

    onnx::TensorProto& initializer(const std::string& name, const Tensor& t) {
        auto* p = graph().add_initializer();
        onnx_detail::tensorToProto(t, name, p);
        return *p;
    }

    std::string bytes() const {
        std::string s;
        model.SerializeToString(&s);
        return s;
    }
    void save(const std::string& path) const {
        std::ofstream out(path, std::ios::binary);
        std::string s = bytes();
        out.write(s.data(), std::streamsize(s.size()));
    }

    onnx::ModelProto model;

private:
    static void fillValueInfo(onnx::ValueInfoProto* vi, const std::string& name, int elemType,
                              const std::vector<int64_t>& dims) {
        vi->set_name(name);
        auto* tt = vi->mutable_type()->mutable_tensor_type();
        tt->set_elem_type(elemType);
        auto* shape = tt->mutable_shape();
        for (int64_t d : dims) {
            auto* dim = shape->add_dim();
            if (d == kDynamic)
                dim->set_dim_param("N");
            else
                dim->set_dim_value(d);
        }
    }
};

inline void setInt(onnx::NodeProto& n, const std::string& key, int64_t v) {
    auto* a = n.add_attribute();
    a->set_name(key);
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(v);
}
inline void setFloat(onnx::NodeProto& n, const std::string& key, float v) {
    auto* a = n.add_attribute();
    a->set_name(key);
    a->set_type(onnx::AttributeProto::FLOAT);
    a->set_f(v);
}
inline void setString(onnx::NodeProto& n, const std::string& key, const std::string& v) {
    auto* a = n.add_attribute();
    a->set_name(key);
    a->set_type(onnx::AttributeProto::STRING);
    a->set_s(v);
}
inline void setInts(onnx::NodeProto& n, const std::string& key, const std::vector<int64_t>& v) {
    auto* a = n.add_attribute();
    a->set_name(key);
    a->set_type(onnx::AttributeProto::INTS);
    for (int64_t x : v) a->add_ints(x);
}
inline void setFloats(onnx::NodeProto& n, const std::string& key, const std::vector<float>& v) {
    auto* a = n.add_attribute();
    a->set_name(key);
    a->set_type(onnx::AttributeProto::FLOATS);
    for (float x : v) a->add_floats(x);
}

inline ImportResult importBuilt(const ModelBuilder& b, ImportOptions options = {},
                                const std::string& baseDir = "") {
    return importOnnxBytes(b.bytes(), baseDir, "test.onnx", options);
}

// The message of the kiln::Error the callable throws ("" and a test failure if it throws nothing).
template <typename F>
std::string errorMessage(F&& f, ErrorKind* kind = nullptr) {
    try {
        f();
    } catch (const Error& e) {
        if (kind) *kind = e.kind();
        return e.what();
    }
    ADD_FAILURE() << "expected a kiln::Error";
    return "";
}

// A fresh folder under the system temp dir, removed with the object.
class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "kiln_onnx_test_XXXXXX").string();
        char* made = mkdtemp(pattern.data());
        if (!made) throw std::runtime_error("mkdtemp failed");
        path_ = made;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

inline void writeFile(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), std::streamsize(bytes.size()));
}

inline const Node* findNodeByOp(const Graph& g, const std::string& op) {
    for (const Node* n : g.nodes())
        if (n->opType == op) return n;
    return nullptr;
}
// Counts by op type alone. (Not named countOps: passes_test_util.h has a kiln::test::countOps with other
// semantics, and two inline functions of one name and signature in one executable violate the ODR —
// under clang the linker kept this one for the passes tests, which then failed.)
inline int countOpType(const Graph& g, const std::string& op) {
    int c = 0;
    for (const Node* n : g.nodes()) c += n->opType == op;
    return c;
}

}  // namespace kiln::test
