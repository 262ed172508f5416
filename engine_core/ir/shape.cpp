#include "engine_core/ir/shape.h"

#include "engine_core/common/error.h"
#include "engine_core/common/message_catalogue.h"

namespace kiln {

std::string Dim::str() const {
    if (isStatic()) return std::to_string(value);
    if (!symbol.empty()) return symbol;
    return "?";
}

Shape::Shape(const std::vector<int64_t>& d) {
    for (int64_t v : d) dims.emplace_back(v);
}

bool Shape::isStatic() const {
    if (!rankKnown) return false;
    for (const Dim& d : dims)
        if (!d.isStatic()) return false;
    return true;
}

std::vector<int64_t> Shape::staticDims() const {
    KILN_CHECK(isStatic(), Internal, msg<Msg::ShapeNotStatic>("shape"_a = str()));
    std::vector<int64_t> out;
    for (const Dim& d : dims) out.push_back(d.value);
    return out;
}

std::string Shape::str() const {
    if (!rankKnown) return "[?]";
    std::string s = "[";
    for (size_t i = 0; i < dims.size(); ++i) {
        if (i) s += ",";
        s += dims[i].str();
    }
    return s + "]";
}

std::vector<int64_t> parseDims(const std::string& text) {
    std::vector<int64_t> dims;
    if (text.empty() || text == "scalar") return dims;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t next = text.find_first_of("x,", pos);
        std::string part = text.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
        KILN_CHECK(!part.empty(), InvalidArgument, msg<Msg::ShapeTextEmptyDim>("text"_a = text));
        size_t used = 0;
        long long v = 0;
        try {
            v = std::stoll(part, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        KILN_CHECK(used == part.size() && v >= 0, InvalidArgument,
                   msg<Msg::ShapeTextBadDim>("text"_a = text, "dim"_a = part));
        dims.push_back(v);
        if (next == std::string::npos) break;
        pos = next + 1;
    }
    return dims;
}

std::string dimsToString(const std::vector<int64_t>& dims) {
    std::string s = "[";
    for (size_t i = 0; i < dims.size(); ++i) {
        if (i) s += ",";
        s += std::to_string(dims[i]);
    }
    return s + "]";
}

}  // namespace kiln
