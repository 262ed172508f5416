// Typed node attributes. The importer converts ONNX AttributeProto into these; kernels and passes
// read them through Node's typed accessors, which name the node and attribute on a type mismatch.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "engine_core/ir/tensor.h"

namespace kiln {

enum class AttributeType { Int, Float, String, Tensor, Ints, Floats, Strings };

std::string_view attributeTypeName(AttributeType type);

class Attribute {
public:
    using Storage = std::variant<int64_t, float, std::string, Tensor, std::vector<int64_t>,
                                 std::vector<float>, std::vector<std::string>>;

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

    AttributeType type() const { return AttributeType(value_.index()); }
    const Storage& storage() const { return value_; }

    template <typename T>
    const T* get() const { return std::get_if<T>(&value_); }

    std::string str() const;  // for dumps: 3, 0.5, "NOTSET", [1,1], tensor fp32[3]

private:
    Storage value_;
};

}  // namespace kiln
