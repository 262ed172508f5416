#include "engine_core/ir/precision.h"

namespace kiln {

std::string_view precisionName(Precision p) {
    switch (p) {
        case Precision::FP32: return "fp32";
        case Precision::TF32: return "tf32";
        case Precision::FP16: return "fp16";
        case Precision::BF16: return "bf16";
        case Precision::INT8: return "int8";
        case Precision::FP8: return "fp8";
    }
    return "?";
}

std::optional<Precision> parsePrecision(std::string_view name) {
    for (Precision p : {Precision::FP32, Precision::TF32, Precision::FP16, Precision::BF16, Precision::INT8,
                        Precision::FP8})
        if (precisionName(p) == name) return p;
    return std::nullopt;
}

}  // namespace kiln
