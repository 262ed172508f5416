// Small pieces the CLI commands share: how a number and a list of names print, and the profile
// that spans a few input sets' shapes.
#pragma once

#include <string>
#include <vector>

#include "engine_core/builder/builder_config.h"
#include "engine_core/ir/graph.h"
#include "engine_core/runtime/executor.h"

namespace kiln::cli {

// "1.234e-05", "nan", "inf", "-inf".
std::string num(double v);

// "a, b, c, ... (12 in all)": the first maxShown names.
std::string joined(const std::vector<std::string>& names, size_t maxShown);

// One profile whose min/max span the sets' shapes of the model's dynamic inputs (opt: the first
// set's); none when every input is static.
std::vector<OptimizationProfile> profileSpanning(const Graph& model, const std::vector<const TensorMap*>& sets);

}  // namespace kiln::cli
