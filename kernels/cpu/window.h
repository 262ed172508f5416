// Sliding-window geometry shared by Conv, ConvTranspose and the pooling kernels: reads kernel_shape,
// strides, dilations, pads and auto_pad the ONNX way and canonicalizes 1-D/2-D/3-D problems to 3-D
// (leading trivial dims), so each kernel has one loop nest.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "engine_core/runtime/kernel.h"

namespace kiln::cpu {

struct Window {
    int spatialRank = 0;  // 1, 2 or 3 as given; arrays below are always 3-D
    std::array<int64_t, 3> in{1, 1, 1}, out{1, 1, 1}, kernel{1, 1, 1}, stride{1, 1, 1}, dilation{1, 1, 1},
        padBegin{0, 0, 0}, padEnd{0, 0, 0};

    int64_t inSize() const { return in[0] * in[1] * in[2]; }
    int64_t outSize() const { return out[0] * out[1] * out[2]; }
    int64_t kernelSize() const { return kernel[0] * kernel[1] * kernel[2]; }
    // The spatial output dims in the original rank.
    std::vector<int64_t> outDims() const {
        return std::vector<int64_t>(out.begin() + (3 - spatialRank), out.end());
    }
};

enum class WindowKind { Conv, Pool };

// Builds the geometry of a forward window op (Conv or pooling). inSpatial: the input's spatial dims;
// kernel: the kernel's spatial dims (Conv passes W's, pooling the kernel_shape attribute).
// Pooling honours ceil_mode. Fails through ctx for bad attributes or an empty output.
Window makeForwardWindow(const KernelContext& ctx, const std::vector<int64_t>& inSpatial,
                         const std::vector<int64_t>& kernel, WindowKind kind);

// Largest stride, dilation, pad, output padding, pooling kernel or ConvTranspose output_shape value
// accepted (2^24). Far beyond any real model, and small enough that the window arithmetic
// (stride * size, (kernel - 1) * dilation + 1, size + pads) cannot overflow int64 for any tensor
// the process may allocate; a hostile value (2^63 - 1) is refused instead of wrapping around.
constexpr int64_t kMaxWindowParam = int64_t(1) << 24;

// Fails through ctx, naming the attribute, unless minValue <= value <= kMaxWindowParam.
void checkWindowParam(const KernelContext& ctx, const char* name, int64_t value, int64_t minValue);

// Reads an ints attribute of length spatialRank (or the default of `fallback` repeated), checking
// length and that every value lies in [minValue, kMaxWindowParam].
std::vector<int64_t> spatialAttr(const KernelContext& ctx, const char* name, size_t spatialRank,
                                 int64_t fallback, int64_t minValue);

}  // namespace kiln::cpu
