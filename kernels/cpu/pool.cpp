// MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool (ONNX opset 21), 1-D to 3-D, one
// (image, channel) plane per parallel task. Geometry (pads, auto_pad, ceil_mode) comes from window.h.
#include <immintrin.h>

#include <algorithm>
#include <array>
#include <limits>

#include "engine_core/common/parallel.h"
#include "kernels/cpu/half_upcast.h"
#include "kernels/cpu/isa.h"
#include "kernels/cpu/register.h"
#include "kernels/cpu/window.h"

namespace kiln::cpu {

namespace {

struct PoolSetup {
    Window w;
    int64_t planes = 0;  // N * C
    DimVector outDims;
};

PoolSetup setupPool(KernelContext& ctx, const Tensor& X) {
    if (X.rank() < 3) ctx.fail(ErrorKind::InvalidArgument, "X must be [N, C, spatial...], got ", X.describe());
    const size_t r = X.rank() - 2;
    if (!ctx.node().hasAttr("kernel_shape")) ctx.fail(ErrorKind::InvalidModel, "missing attribute 'kernel_shape'");
    const DimVector kernel = spatialAttr(ctx, "kernel_shape", r, 1, 1);
    const std::span<const int64_t> inSpatial(X.dims().begin() + 2, X.dims().end());
    PoolSetup s;
    s.w = makeForwardWindow(ctx, inSpatial, kernel, WindowKind::Pool);
    s.planes = X.dim(0) * X.dim(1);
    s.outDims = {X.dim(0), X.dim(1)};
    for (int64_t d : s.w.outDims()) s.outDims.push_back(d);
    return s;
}

// The taps of one output position along one dim: input coordinate of tap 0, the kernel indices
// [lo, hi) that land inside the input, and how many land inside input + explicit padding.
struct Span {
    int64_t first = 0, lo = 0, hi = 0, padCount = 0;
};

inline int64_t ceilDivPos(int64_t a, int64_t b) { return a <= 0 ? -((-a) / b) : (a + b - 1) / b; }

// Kernel indices k in [0, kernel) with lower <= first + k * dil < upper.
inline void tapRange(int64_t first, int64_t dil, int64_t kernel, int64_t lower, int64_t upper, int64_t& lo,
                     int64_t& hi) {
    lo = std::max<int64_t>(0, ceilDivPos(lower - first, dil));
    hi = std::min<int64_t>(kernel, ceilDivPos(upper - first, dil));
    if (hi < lo) hi = lo;
}

// Per spatial dim, the span of each output position: in the layer's scratch memory.
using Spans = std::array<std::span<const Span>, 3>;

Spans spans(KernelContext& ctx, const Window& w) {
    Spans out;
    for (size_t d = 0; d < 3; ++d) {
        Span* all = ctx.scratchArray<Span>(size_t(w.out[d]));
        out[d] = std::span<const Span>(all, size_t(w.out[d]));
        for (int64_t o = 0; o < w.out[d]; ++o) {
            Span& s = all[size_t(o)];
            s.first = o * w.stride[d] - w.padBegin[d];
            tapRange(s.first, w.dilation[d], w.kernel[d], 0, w.in[d], s.lo, s.hi);
            int64_t plo, phi;
            tapRange(s.first, w.dilation[d], w.kernel[d], -w.padBegin[d], w.in[d] + w.padEnd[d], plo, phi);
            s.padCount = phi - plo;
        }
    }
    return out;
}

// Calls fn(outIndex, spanD, spanH, spanW) for every output position.
template <typename Fn>
void forEachWindow(const Window& w, const Spans& sp, Fn&& fn) {
    int64_t o = 0;
    for (int64_t od = 0; od < w.out[0]; ++od)
        for (int64_t oh = 0; oh < w.out[1]; ++oh)
            for (int64_t ow = 0; ow < w.out[2]; ++ow, ++o) fn(o, sp[0][size_t(od)], sp[1][size_t(oh)], sp[2][size_t(ow)]);
}

// max that propagates NaN (numpy's maximum, ONNX Runtime's MaxPool): std::max(a, b) returns a
// when either is NaN, which dropped a NaN anywhere but first in the window.
template <typename T>
KILN_ALWAYS_INLINE T maxPropagatingNan(T a, T b) {
    return (a > b || a != a) ? a : b;
}

// The same for 16 floats: vmaxps returns its second operand when either is NaN, so the lanes where
// the first is NaN keep it.
KILN_TARGET_AVX512 KILN_ALWAYS_INLINE __m512 maxPropagatingNanAvx512(__m512 a, __m512 b) {
    return _mm512_mask_max_ps(a, _mm512_cmp_ps_mask(a, a, _CMP_ORD_Q), a, b);
}

// The 2-D, undilated, values-only max pool (every CNN's MaxPool), one plane: per output row, a
// vectorizable running max down the valid input rows, then the horizontal max over each window's
// columns (interior windows of the common 3/2-wide, stride-2 kernels as straight-line code).
// Spans clip the window to the image, so padded taps are skipped exactly as in the general loop.
// 16 outputs of a stride-2 row: max over taps 2o, 2o+1 (and 2o+2 for 3-wide windows) of v, the even
// and odd lanes of 32 loaded values picked by permutes.
template <int KW>
KILN_TARGET_AVX512 KILN_ALWAYS_INLINE __m512 stride2MaxAvx512(const float* v) {
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const __m512i odd = _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
    const __m512 a = _mm512_loadu_ps(v), b = _mm512_loadu_ps(v + 16);
    __m512 m = maxPropagatingNanAvx512(_mm512_permutex2var_ps(a, even, b), _mm512_permutex2var_ps(a, odd, b));
    if constexpr (KW == 3) {
        const __m512 c = _mm512_loadu_ps(v + 2), d = _mm512_loadu_ps(v + 18);
        m = maxPropagatingNanAvx512(m, _mm512_permutex2var_ps(c, even, d));
    }
    return m;
}

// Outputs [ow, owHi) of a stride-2 row in whole vectors while their loads stay below v[limit]
// (the end of the row's running max);
// returns where the scalar loop goes on.
KILN_TARGET_AVX512 inline int64_t stride2RowAvx512(const float* v, float* out, int64_t ow, int64_t owHi,
                                                   int64_t limit, int64_t kw) {
    const int64_t reach = kw == 2 ? 32 : 34;  // values read from v + 2 * ow
    for (; ow + 16 <= owHi && 2 * ow + reach <= limit; ow += 16)
        _mm512_storeu_ps(out + ow, kw == 2 ? stride2MaxAvx512<2>(v + 2 * ow) : stride2MaxAvx512<3>(v + 2 * ow));
    return ow;
}

template <typename T, bool Avx512>
KILN_ALWAYS_INLINE void maxPoolPlane(const T* src, T* dst, T* vmax, const Window& w,
                                     const Spans& sp, int64_t owLo, int64_t owHi) {
    const int64_t inW = w.in[2], outH = w.out[1], outW = w.out[2];
    const int64_t kw = w.kernel[2], stride = w.stride[2], pad = w.padBegin[2];
    for (int64_t oh = 0; oh < outH; ++oh) {
        const Span& sh = sp[1][size_t(oh)];
        T* out = dst + oh * outW;
        if (sh.hi <= sh.lo) {
            std::fill(out, out + outW, std::numeric_limits<T>::lowest());
            continue;
        }
        const T* r0 = src + (sh.first + sh.lo) * inW;
        for (int64_t i = 0; i < inW; ++i) vmax[i] = r0[i];
        for (int64_t kh = sh.lo + 1; kh < sh.hi; ++kh) {
            const T* r = src + (sh.first + kh) * inW;
            for (int64_t i = 0; i < inW; ++i) vmax[i] = maxPropagatingNan(vmax[i], r[i]);
        }
        auto edge = [&](int64_t ow) {
            const Span& s = sp[2][size_t(ow)];
            T best = std::numeric_limits<T>::lowest();
            const T* v = vmax + s.first;
            for (int64_t k = s.lo; k < s.hi; ++k) best = maxPropagatingNan(best, v[k]);
            out[ow] = best;
        };
        for (int64_t ow = 0; ow < owLo; ++ow) edge(ow);
        const T* v = vmax - pad;
        int64_t ow = owLo;
        if constexpr (Avx512 && std::is_same_v<T, float>) {
            // Whole vectors while their loads stay inside the window's reach (v[2 * ow + 33] at most).
            if (stride == 2 && (kw == 2 || kw == 3)) ow = stride2RowAvx512(v, out, ow, owHi, inW + pad, kw);
        }
        if (stride == 2 && kw == 3) {
            for (; ow < owHi; ++ow) out[ow] = maxPropagatingNan(maxPropagatingNan(v[2 * ow], v[2 * ow + 1]), v[2 * ow + 2]);
        } else if (stride == 2 && kw == 2) {
            for (; ow < owHi; ++ow) out[ow] = maxPropagatingNan(v[2 * ow], v[2 * ow + 1]);
        } else {
            for (int64_t ow = owLo; ow < owHi; ++ow) edge(ow);
        }
        for (int64_t ow = std::max(owHi, owLo); ow < outW; ++ow) edge(ow);
    }
}

template <typename T>
void maxPoolPlanes(const T* x, T* y, T* vmax, int64_t begin, int64_t end, const Window& w,
                   const Spans& sp, int64_t owLo, int64_t owHi) {
    for (int64_t p = begin; p < end; ++p)
        maxPoolPlane<T, false>(x + p * w.inSize(), y + p * w.outSize(), vmax, w, sp, owLo, owHi);
}

template <typename T>
KILN_TARGET_AVX512 void maxPoolPlanesAvx512(const T* x, T* y, T* vmax, int64_t begin, int64_t end, const Window& w,
                                            const Spans& sp, int64_t owLo, int64_t owHi) {
    for (int64_t p = begin; p < end; ++p)
        maxPoolPlane<T, true>(x + p * w.inSize(), y + p * w.outSize(), vmax, w, sp, owLo, owHi);
}

template <typename T>
void maxPool2d(const T* x, T* y, int64_t planes, const Window& w, const Spans& sp) {
    // Interior columns [owLo, owHi): the whole window inside the image.
    int64_t owLo = 0, owHi = w.out[2];
    while (owLo < owHi && (sp[2][size_t(owLo)].lo != 0 || sp[2][size_t(owLo)].hi != w.kernel[2])) ++owLo;
    while (owHi > owLo && (sp[2][size_t(owHi - 1)].lo != 0 || sp[2][size_t(owHi - 1)].hi != w.kernel[2])) --owHi;
    const bool avx512 = avx512Enabled();
    parallelFor(planes, grainFor(kGrainElements, w.inSize()), [&](int64_t begin, int64_t end) {
        T* rowMax = threadScratchArray<T>(0, static_cast<size_t>(w.in[2]));  // no allocation per run
        if (avx512)
            maxPoolPlanesAvx512(x, y, rowMax, begin, end, w, sp, owLo, owHi);
        else
            maxPoolPlanes(x, y, rowMax, begin, end, w, sp, owLo, owHi);
    });
}

template <typename T>
void maxPoolTyped(KernelContext& ctx, const Tensor& X) {
    PoolSetup s = setupPool(ctx, X);
    const Window& w = s.w;
    const int64_t storageOrder = ctx.node().attrInt("storage_order", 0);
    if (storageOrder != 0 && storageOrder != 1)
        ctx.fail(ErrorKind::InvalidModel, "attribute 'storage_order' must be 0 or 1, got ", storageOrder);
    Tensor& Y = ctx.allocateOutput(0, X.dtype(), s.outDims);
    int64_t* indices = nullptr;
    if (ctx.numOutputs() > 1 && ctx.outputWanted(1))
        indices = ctx.allocateOutput(1, DataType::Int64, s.outDims).data<int64_t>();
    const T* x = X.data<T>();
    T* y = Y.data<T>();
    const int64_t inSize = w.inSize(), outSize = w.outSize();
    const Spans sp = spans(ctx, w);
    const int64_t dd = w.dilation[0], dh = w.dilation[1], dw = w.dilation[2];
    if (!indices && w.in[0] == 1 && w.kernel[0] == 1 && w.out[0] == 1 && w.padBegin[0] == 0 && dh == 1 && dw == 1)
        return maxPool2d(x, y, s.planes, w, sp);
    parallelFor(s.planes, 1, [&](int64_t begin, int64_t end) {
        for (int64_t p = begin; p < end; ++p) {
            const T* src = x + p * inSize;
            if (!indices) {
                // Values only: the common inference case, a plain running max.
                forEachWindow(w, sp, [&](int64_t o, const Span& sd, const Span& sh, const Span& sw) {
                    T best = std::numeric_limits<T>::lowest();
                    for (int64_t kd = sd.lo; kd < sd.hi; ++kd)
                        for (int64_t kh = sh.lo; kh < sh.hi; ++kh) {
                            const T* row = src + ((sd.first + kd * dd) * w.in[1] + sh.first + kh * dh) * w.in[2] + sw.first;
                            for (int64_t kw = sw.lo; kw < sw.hi; ++kw) best = maxPropagatingNan(best, row[kw * dw]);
                        }
                    y[p * outSize + o] = best;
                });
                continue;
            }
            forEachWindow(w, sp, [&](int64_t o, const Span& sd, const Span& sh, const Span& sw) {
                T best = std::numeric_limits<T>::lowest();
                int64_t bestPos = -1;
                for (int64_t kd = sd.lo; kd < sd.hi; ++kd) {
                    const int64_t id = sd.first + kd * dd;
                    for (int64_t kh = sh.lo; kh < sh.hi; ++kh) {
                        const int64_t ih = sh.first + kh * dh;
                        const T* row = src + (id * w.in[1] + ih) * w.in[2];
                        for (int64_t kw = sw.lo; kw < sw.hi; ++kw) {
                            const int64_t iw = sw.first + kw * dw;
                            // The first NaN wins and stays (as ArgMax: its index is the NaN's).
                            const T x = row[iw];
                            if (bestPos < 0 || x > best || (x != x && best == best)) {
                                best = row[iw];
                                bestPos = storageOrder == 0 ? (id * w.in[1] + ih) * w.in[2] + iw
                                                            : id + ih * w.in[0] + iw * w.in[0] * w.in[1];
                            }
                        }
                    }
                }
                y[p * outSize + o] = best;
                indices[p * outSize + o] = bestPos < 0 ? -1 : p * inSize + bestPos;
            });
        }
    });
}

template <typename T>
void averagePoolTyped(KernelContext& ctx, const Tensor& X) {
    PoolSetup s = setupPool(ctx, X);
    const Window& w = s.w;
    static const std::string kIncludePad = "count_include_pad";  // a literal key would allocate
    const bool includePad = ctx.node().attrInt(kIncludePad, 0) != 0;
    Tensor& Y = ctx.allocateOutput(0, X.dtype(), s.outDims);
    const T* x = X.data<T>();
    T* y = Y.data<T>();
    const int64_t inSize = w.inSize(), outSize = w.outSize();
    const Spans sp = spans(ctx, w);
    const int64_t dd = w.dilation[0], dh = w.dilation[1], dw = w.dilation[2];
    parallelFor(s.planes, 1, [&](int64_t begin, int64_t end) {
        for (int64_t p = begin; p < end; ++p) {
            const T* src = x + p * inSize;
            forEachWindow(w, sp, [&](int64_t o, const Span& sd, const Span& sh, const Span& sw) {
                T sum = T(0);
                for (int64_t kd = sd.lo; kd < sd.hi; ++kd) {
                    const int64_t id = sd.first + kd * dd;
                    for (int64_t kh = sh.lo; kh < sh.hi; ++kh) {
                        const T* row = src + (id * w.in[1] + sh.first + kh * dh) * w.in[2] + sw.first;
                        for (int64_t kw = sw.lo; kw < sw.hi; ++kw) sum += row[kw * dw];
                    }
                }
                // count_include_pad counts taps inside the explicit padding too, never taps past it
                // (those only exist through ceil_mode).
                const int64_t count = includePad ? sd.padCount * sh.padCount * sw.padCount
                                                 : (sd.hi - sd.lo) * (sh.hi - sh.lo) * (sw.hi - sw.lo);
                y[p * outSize + o] = count > 0 ? T(sum / T(count)) : T(0);
            });
        }
    });
}

template <typename T, bool IsMax>
void globalPoolTyped(KernelContext& ctx, const Tensor& X) {
    if (X.rank() < 2) ctx.fail(ErrorKind::InvalidArgument, "X must be [N, C, spatial...], got ", X.describe());
    DimVector outDims(X.rank(), 1);
    outDims[0] = X.dim(0);
    outDims[1] = X.dim(1);
    const int64_t planes = X.dim(0) * X.dim(1);
    const int64_t size = planes == 0 ? 0 : X.numel() / planes;
    if (size == 0 && planes > 0) ctx.fail(ErrorKind::InvalidArgument, "X ", X.describe(), " has an empty spatial extent");
    Tensor& Y = ctx.allocateOutput(0, X.dtype(), outDims);
    const T* x = X.data<T>();
    T* y = Y.data<T>();
    parallelFor(planes, grainFor(kGrainElements, size), [&](int64_t begin, int64_t end) {
        for (int64_t p = begin; p < end; ++p) {
            const T* src = x + p * size;
            if constexpr (IsMax) {
                T best = src[0];
                for (int64_t i = 1; i < size; ++i) best = maxPropagatingNan(best, src[i]);
                y[p] = best;
            } else {
                // Double accumulation (large planes lose bits in float), in eight partial sums so
                // the additions don't wait on each other.
                double part[8] = {};
                int64_t i = 0;
                for (; i + 8 <= size; i += 8)
                    for (int k = 0; k < 8; ++k) part[k] += double(src[i + k]);
                double sum = ((part[0] + part[1]) + (part[2] + part[3])) + ((part[4] + part[5]) + (part[6] + part[7]));
                for (; i < size; ++i) sum += double(src[i]);
                y[p] = T(sum / double(size));
            }
        }
    });
}

void runMaxPool(KernelContext& ctx) {
    const Tensor& X = ctx.input(0);
    switch (X.dtype()) {
        case DataType::Float32: return maxPoolTyped<float>(ctx, X);
        case DataType::Float64: return maxPoolTyped<double>(ctx, X);
        case DataType::Int8: return maxPoolTyped<int8_t>(ctx, X);
        case DataType::UInt8: return maxPoolTyped<uint8_t>(ctx, X);
        case DataType::Undefined:
        case DataType::Float16:
        case DataType::BFloat16:
        case DataType::Float8E4M3:
        case DataType::Int16:
        case DataType::UInt16:
        case DataType::Int32:
        case DataType::UInt32:
        case DataType::Int64:
        case DataType::UInt64:
        case DataType::Bool:
        case DataType::String: break;
    }
    ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(X.dtype()), " is not supported");
}

template <template <typename> class Kernel>
void runFloatPool(KernelContext& ctx) {
    const Tensor& X = ctx.input(0);
    if (X.dtype() == DataType::Float32) return Kernel<float>::run(ctx, X);
    if (X.dtype() == DataType::Float64) return Kernel<double>::run(ctx, X);
    ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(X.dtype()), " is not supported");
}

template <typename T>
struct AveragePoolKernel {
    static void run(KernelContext& ctx, const Tensor& X) { averagePoolTyped<T>(ctx, X); }
};
template <typename T>
struct GlobalAveragePoolKernel {
    static void run(KernelContext& ctx, const Tensor& X) { globalPoolTyped<T, false>(ctx, X); }
};
template <typename T>
struct GlobalMaxPoolKernel {
    static void run(KernelContext& ctx, const Tensor& X) { globalPoolTyped<T, true>(ctx, X); }
};

}  // namespace

void registerPoolKernels(KernelRegistry& registry) {
    const std::vector<DataType> floats = {DataType::Float32, DataType::Float64, DataType::Float16, DataType::BFloat16};
    registry.add("MaxPool", {withHalfUpcast<runMaxPool>, {DataType::Float32, DataType::Float64, DataType::Float16,
                                               DataType::BFloat16, DataType::Int8, DataType::UInt8}});
    registry.add("AveragePool", {withHalfUpcast<runFloatPool<AveragePoolKernel>>, floats});
    registry.add("GlobalAveragePool", {withHalfUpcast<runFloatPool<GlobalAveragePoolKernel>>, floats});
    registry.add("GlobalMaxPool", {withHalfUpcast<runFloatPool<GlobalMaxPoolKernel>>, floats});
}

}  // namespace kiln::cpu
