#include "engine_core/ir/attribute.h"

#include <sstream>

#include "engine_core/ir/graph.h"

namespace kiln {

std::string_view attributeTypeName(AttributeType type) {
    switch (type) {
        case AttributeType::Int: return "int";
        case AttributeType::Float: return "float";
        case AttributeType::String: return "string";
        case AttributeType::Tensor: return "tensor";
        case AttributeType::Ints: return "ints";
        case AttributeType::Floats: return "floats";
        case AttributeType::Strings: return "strings";
        case AttributeType::Graph: return "graph";
    }
    return "?";
}

namespace {
std::string formatFloat(float f) {
    std::ostringstream os;
    os.precision(7);
    os << f;
    return os.str();
}
}  // namespace

std::string Attribute::str() const {
    switch (type()) {
        case AttributeType::Int: return std::to_string(*get<int64_t>());
        case AttributeType::Float: return formatFloat(*get<float>());
        case AttributeType::String: return "\"" + *get<std::string>() + "\"";
        case AttributeType::Tensor: return "tensor " + get<Tensor>()->describe();
        case AttributeType::Ints: {
            std::string s = "[";
            const auto& v = *get<std::vector<int64_t>>();
            for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
            return s + "]";
        }
        case AttributeType::Floats: {
            std::string s = "[";
            const auto& v = *get<std::vector<float>>();
            for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + formatFloat(v[i]);
            return s + "]";
        }
        case AttributeType::Strings: {
            std::string s = "[";
            const auto& v = *get<std::vector<std::string>>();
            for (size_t i = 0; i < v.size(); ++i) s += (i ? ",\"" : "\"") + v[i] + "\"";
            return s + "]";
        }
        case AttributeType::Graph: {
            const Graph* g = graph();
            return g ? "graph \"" + g->name + "\" (" + std::to_string(g->nodeCount()) + " nodes)" : "graph <null>";
        }
    }
    return "?";
}

}  // namespace kiln
