// Channels last for the CPU's int8 layers (kernels/cpu/int8_layers.cpp): the switch for the layout
// choice (cpuPreferredFormat in engine_core/runtime/kernel.h) and the byte transpose that the
// int8 convolutions and the 1-byte Reformat kernel share.
#pragma once

#include <cstdint>

namespace kiln::cpu {

// Whether the CPU backend keeps runs of int8 layers channels last (default on; off with
// KILN_CPU_LAYOUT=linear, for comparisons, or setChannelsLastInt8Enabled(false) in tests). Read by
// the builder's layout pass: an engine keeps the formats it was built with.
bool channelsLastInt8Enabled();
void setChannelsLastInt8Enabled(bool on);

// dst[c · ldd + r] = src[r · lds + c] for r < rows, c < cols (bytes): 16x16 tiles with SSE2.
void transposeBytes(const uint8_t* src, int64_t lds, uint8_t* dst, int64_t ldd, int64_t rows, int64_t cols);

}  // namespace kiln::cpu
