// Shapes with symbolic dims: a dim is a known size, a named symbol ("batch", "seq") or unknown.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kiln {

struct Dim {
    int64_t value = -1;  // >= 0 when known
    std::string symbol;  // set when the dim is named but not known

    Dim() = default;
    Dim(int64_t v) : value(v) {}  // NOLINT: implicit on purpose, Shape{1, 3, 224, 224}
    static Dim symbolic(std::string name) {
        Dim d;
        d.symbol = std::move(name);
        return d;
    }
    bool isStatic() const { return value >= 0; }
    std::string str() const;  // "224", "batch" or "?"
    bool operator==(const Dim& o) const { return value == o.value && symbol == o.symbol; }
};

struct Shape {
    std::vector<Dim> dims;
    bool rankKnown = true;

    Shape() = default;
    Shape(std::initializer_list<Dim> d) : dims(d) {}
    explicit Shape(const std::vector<int64_t>& d);
    static Shape unknownRank() {
        Shape s;
        s.rankKnown = false;
        return s;
    }
    size_t rank() const { return dims.size(); }
    bool isStatic() const;
    std::vector<int64_t> staticDims() const;  // throws if not static
    std::string str() const;                  // "[batch,3,224,224]", "[?]" for unknown rank
    bool operator==(const Shape& o) const { return rankKnown == o.rankKnown && dims == o.dims; }
};

// "1x3x224x224" -> {1,3,224,224}; "" or "scalar" -> {} (a scalar). Throws InvalidArgument.
std::vector<int64_t> parseDims(const std::string& text);
std::string dimsToString(const std::vector<int64_t>& dims);  // "[1,3,224,224]"

}  // namespace kiln
