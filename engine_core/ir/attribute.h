// Typed node attributes. The importer converts ONNX AttributeProto into these; kernels and passes
// read them through Node's typed accessors, which name the node and attribute on a type mismatch.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "engine_core/ir/tensor.h"

namespace kiln {

class Graph;

// Graph: a control-flow body (If's then/else branch, Loop's and Scan's body), see ir/control_flow.h.
enum class AttributeType { Int, Float, String, Tensor, Ints, Floats, Strings, Graph };

std::string_view attributeTypeName(AttributeType type);

class Attribute {
public:
    using Storage = std::variant<int64_t, float, std::string, Tensor, std::vector<int64_t>,
                                 std::vector<float>, std::vector<std::string>, std::shared_ptr<Graph>>;

    Attribute() : value_(int64_t(0)) {}
    Attribute(int64_t v) : value_(v) {}              // NOLINT
    Attribute(int v) : value_(int64_t(v)) {}          // NOLINT
    Attribute(float v) : value_(v) {}                 // NOLINT
    Attribute(std::string v) : value_(std::move(v)) {}  // NOLINT
    Attribute(const char* v) : value_(std::string(v)) {}  // NOLINT
    Attribute(Tensor v) : value_(std::move(v)) {}     // NOLINT
    Attribute(std::vector<int64_t> v) : value_(std::move(v)) {}  // NOLINT
    Attribute(std::vector<float> v) : value_(std::move(v)) {}    // NOLINT
    Attribute(std::vector<std::string> v) : value_(std::move(v)) {}  // NOLINT
    // A body. Copies of the attribute share it; cloneGraph copies bodies deeply.
    Attribute(std::shared_ptr<Graph> v) : value_(std::move(v)) {}  // NOLINT

    AttributeType type() const { return AttributeType(value_.index()); }
    const Storage& storage() const { return value_; }

    template <typename T>
    const T* get() const { return std::get_if<T>(&value_); }

    // The body of a Graph attribute, or nullptr.
    Graph* graph() const {
        const auto* g = get<std::shared_ptr<Graph>>();
        return g ? g->get() : nullptr;
    }

    std::string str() const;  // for dumps: 3, 0.5, "NOTSET", [1,1], tensor fp32[3], graph "then" (2 nodes)

private:
    Storage value_;
};

}  // namespace kiln
