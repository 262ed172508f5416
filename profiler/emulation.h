// Previewing a GPU build's fp16/bf16 error on the CPU (issue 12): which requests for
// Engine::withEmulatedRounding are refused, and why. One decision for `kiln compare --emulate` and
// Kiln Studio's accuracy view; each words the reason in its own way (the CLI's message, the GUI's
// translated tool tip). The rounding itself is Engine::withEmulatedRounding's, nowhere else.
#pragma once

#include <string_view>

#include "engine_core/ir/precision.h"

namespace kiln {

enum class EmulationRefusal {
    None,            // FP32 (nothing emulated), or FP16/BF16 on an engine built here for the cpu backend
    Fp8NeedsScales,  // fp8 needs a per-tensor scale (its amax) for every tensor, which the emulation does not compute
    NotEmulated,     // tf32, int8: no rounding emulation
    EngineFile,      // an engine read from a file: emulation rounds an engine built here from the model
    NotCpuBackend,   // the engine is (or would be) built for another backend: on a GPU, build in that precision
};

// `backend`: the registry name of the backend the engine is (or will be) built for; `engineFile`:
// the engine comes from a .kiln file instead of a build of the model. The precision is checked
// first, then the engine's origin, then its backend.
inline EmulationRefusal emulationRefusal(Precision p, bool engineFile, std::string_view backend) {
    if (p == Precision::FP32) return EmulationRefusal::None;
    if (p == Precision::FP8) return EmulationRefusal::Fp8NeedsScales;
    if (p != Precision::FP16 && p != Precision::BF16) return EmulationRefusal::NotEmulated;
    if (engineFile) return EmulationRefusal::EngineFile;
    if (backend != "cpu") return EmulationRefusal::NotCpuBackend;
    return EmulationRefusal::None;
}

}  // namespace kiln
