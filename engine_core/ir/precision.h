// The precision a layer computes in (TensorRT's BuilderFlag precisions). The builder config allows
// them, per-layer overrides pin them, kernels declare the one they implement.
#pragma once

#include <optional>
#include <string_view>

namespace kiln {

enum class Precision { FP32, TF32, FP16, BF16, INT8, FP8 };
std::string_view precisionName(Precision p);  // "fp32", "tf32", "fp16", "bf16", "int8", "fp8"
std::optional<Precision> parsePrecision(std::string_view name);

}  // namespace kiln
