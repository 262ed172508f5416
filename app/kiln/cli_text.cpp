// Small pieces the CLI commands share (cli_text.h).
#include "app/kiln/cli_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine_core/common/error.h"

namespace kiln::cli {

std::string num(double v) {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3e", v);
    return buf;
}

std::string joined(const std::vector<std::string>& names, size_t maxShown) {
    std::string s;
    for (size_t i = 0; i < names.size() && i < maxShown; ++i) s += (i ? ", " : "") + names[i];
    if (names.size() > maxShown) s += concat(", ... (", names.size(), " in all)");
    return s;
}

std::vector<OptimizationProfile> profileSpanning(const Graph& model, const std::vector<const TensorMap*>& sets) {
    OptimizationProfile profile;
    for (const Value* v : model.runtimeInputs()) {
        if (v->shape.isStatic()) continue;
        for (const TensorMap* inputs : sets) {
            auto it = inputs->find(v->name);
            if (it == inputs->end()) continue;
            const std::vector<int64_t>& dims = it->second.dims();
            auto [range, inserted] = profile.inputs.emplace(v->name, ShapeRange{dims, dims, dims});
            if (inserted || range->second.min.size() != dims.size()) continue;
            for (size_t d = 0; d < dims.size(); ++d) {
                range->second.min[d] = std::min(range->second.min[d], dims[d]);
                range->second.max[d] = std::max(range->second.max[d], dims[d]);
            }
        }
    }
    if (profile.inputs.empty()) return {};
    return {profile};
}

}  // namespace kiln::cli
