// Sliding-window geometry shared by Conv, ConvTranspose and the pooling kernels: reads kernel_shape,
// strides, dilations, pads and auto_pad the ONNX way and canonicalizes 1-D/2-D/3-D problems to 3-D
// (leading trivial dims), so each kernel has one loop nest.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <span>
#include <vector>

#include "engine_core/common/small_vector.h"

#include "engine_core/runtime/kernel.h"
#include "kernels/cpu/isa.h"

namespace kiln::cpu {

struct Window {
    int spatialRank = 0;  // 1, 2 or 3 as given; arrays below are always 3-D
    std::array<int64_t, 3> in{1, 1, 1}, out{1, 1, 1}, kernel{1, 1, 1}, stride{1, 1, 1}, dilation{1, 1, 1},
        padBegin{0, 0, 0}, padEnd{0, 0, 0};

    int64_t inSize() const { return in[0] * in[1] * in[2]; }
    int64_t outSize() const { return out[0] * out[1] * out[2]; }
    int64_t kernelSize() const { return kernel[0] * kernel[1] * kernel[2]; }
    // The spatial output dims in the original rank.
    DimVector outDims() const { return DimVector(out.begin() + (3 - spatialRank), out.end()); }
};

enum class WindowKind { Conv, Pool };

// Builds the geometry of a forward window op (Conv or pooling). inSpatial: the input's spatial dims;
// kernel: the kernel's spatial dims (Conv passes W's, pooling the kernel_shape attribute).
// Pooling honours ceil_mode. Fails through ctx for bad attributes or an empty output.
Window makeForwardWindow(const KernelContext& ctx, std::span<const int64_t> inSpatial,
                         std::span<const int64_t> kernel, WindowKind kind);

// The same for code that has a node but no KernelContext (a GPU kernel's `applicable`, at prepare):
// fills `w`, or returns what is wrong with the node's attributes.
struct WindowError {
    ErrorKind kind;
    std::string message;
};
std::optional<WindowError> resolveForwardWindow(const Node& node, std::span<const int64_t> inSpatial,
                                                std::span<const int64_t> kernel, WindowKind kind, Window& w);

// Largest stride, dilation, pad, output padding, pooling kernel or ConvTranspose output_shape value
// accepted (2^24). Far beyond any real model, and small enough that the window arithmetic
// (stride * size, (kernel - 1) * dilation + 1, size + pads) cannot overflow int64 for any tensor
// the process may allocate; a hostile value (2^63 - 1) is refused instead of wrapping around.
constexpr int64_t kMaxWindowParam = int64_t(1) << 24;

// Fails through ctx, naming the attribute, unless minValue <= value <= kMaxWindowParam.
void checkWindowParam(const KernelContext& ctx, const char* name, int64_t value, int64_t minValue);

// Reads an ints attribute of length spatialRank (or the default of `fallback` repeated), checking
// length and that every value lies in [minValue, kMaxWindowParam].
DimVector spatialAttr(const KernelContext& ctx, const char* name, size_t spatialRank, int64_t fallback,
                      int64_t minValue);

inline int64_t ceilDiv(int64_t a, int64_t b) { return a >= 0 ? (a + b - 1) / b : -((-a) / b); }
inline int64_t floorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// Output positions [lo, hi) along the innermost dim whose input position o*stride + offset is
// inside [0, size).
inline void validRange(int64_t outSize, int64_t stride, int64_t offset, int64_t size, int64_t& lo, int64_t& hi) {
    lo = std::clamp<int64_t>(ceilDiv(-offset, stride), 0, outSize);
    hi = std::clamp<int64_t>(floorDiv(size - 1 - offset, stride) + 1, lo, outSize);
}

// dst[o] += sum over the kernel taps k of wk[k] * the input under tap k of window o: one input
// plane convolved into one output plane, taps outside the image skipped (the direct loop of the
// depthwise conv and of the direct_loop Conv tactic). Tap by tap, so the sum order is fixed.
template <typename T>
KILN_ALWAYS_INLINE void accumulatePlane(const T* src, const T* wk, T* dst, const Window& w) {
    const int64_t K = w.kernelSize();
    for (int64_t kk = 0; kk < K; ++kk) {
        const T wv = wk[kk];
        const int64_t kd = kk / (w.kernel[1] * w.kernel[2]), kh = (kk / w.kernel[2]) % w.kernel[1],
                      kw = kk % w.kernel[2];
        const int64_t offW = kw * w.dilation[2] - w.padBegin[2];
        int64_t lo, hi;
        validRange(w.out[2], w.stride[2], offW, w.in[2], lo, hi);
        for (int64_t od = 0; od < w.out[0]; ++od) {
            const int64_t id = od * w.stride[0] - w.padBegin[0] + kd * w.dilation[0];
            if (id < 0 || id >= w.in[0]) continue;
            for (int64_t oh = 0; oh < w.out[1]; ++oh) {
                const int64_t ih = oh * w.stride[1] - w.padBegin[1] + kh * w.dilation[1];
                if (ih < 0 || ih >= w.in[1]) continue;
                const T* s = src + (id * w.in[1] + ih) * w.in[2] + offW;
                T* d = dst + (od * w.out[1] + oh) * w.out[2];
                if (w.stride[2] == 1) {
                    for (int64_t ow = lo; ow < hi; ++ow) d[ow] += wv * s[ow];
                } else {
                    for (int64_t ow = lo; ow < hi; ++ow) d[ow] += wv * s[ow * w.stride[2]];
                }
            }
        }
    }
}

}  // namespace kiln::cpu
