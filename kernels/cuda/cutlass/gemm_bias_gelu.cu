// CUTLASS 3 GEMM for Hopper with a bias + erf-GELU epilogue (cutlass_gemm.h): TMA loads, warpgroup
// MMA, the cooperative warp-specialized persistent kernel, 128×128×64 tiles, a 1×2 cluster (the
// same A tile multicast to the two CTAs working on adjacent N tiles), and the epilogue
// LinCombPerColBiasEltAct<GELU>: gelu(acc + bias[n]) in fp32 (cutlass::epilogue::thread::GELU is
// the erf form), stored as fp16/bf16. B is [K, N] row-major (N-major): Kiln's MatMul weights as
// the model stores them; Hopper's MMA reads 16-bit B in either major order.
// A second schedule for fp16, ping-pong (KernelTmaWarpSpecializedPingpong, 64×128×64 tiles): each
// consumer warpgroup owns a tile, so one's GELU epilogue overlaps the other's MMAs; the layers with a
// short K (BERT's FFN-up, K = 768) spend a large share in the epilogue. CI builds three kernels.
#include <cmath>

#include <cute/tensor.hpp>
#include <cutlass/cutlass.h>
#include <cutlass/epilogue/collective/collective_builder.hpp>
#include <cutlass/epilogue/fusion/operations.hpp>
#include <cutlass/epilogue/thread/activation.h>
#include <cutlass/gemm/collective/collective_builder.hpp>
#include <cutlass/gemm/device/gemm_universal_adapter.h>
#include <cutlass/gemm/kernel/gemm_universal.hpp>

#include "kernels/cuda/cutlass_gemm.h"

namespace kiln::cuda {

namespace {

using namespace cute;

struct Cooperative {
    using TileShape = Shape<_128, _128, _64>;
    using EpilogueSchedule = cutlass::epilogue::TmaWarpSpecializedCooperative;
    using KernelSchedule = cutlass::gemm::KernelTmaWarpSpecializedCooperative;
};
struct PingPong {
    using TileShape = Shape<_64, _128, _64>;
    using EpilogueSchedule = cutlass::epilogue::TmaWarpSpecialized;
    using KernelSchedule = cutlass::gemm::KernelTmaWarpSpecializedPingpong;
};

struct PingPong128 {
    using TileShape = Shape<_128, _128, _64>;
    using EpilogueSchedule = cutlass::epilogue::TmaWarpSpecialized;
    using KernelSchedule = cutlass::gemm::KernelTmaWarpSpecializedPingpong;
};

// gelu(x) = x·Φ(x) = ½·x·erfc(−x/√2), with erfc from Numerical Recipes' Chebyshev fit (fractional
// error under 1.2e-7 for every argument, so the far negative tail keeps its relative accuracy where
// 1 + erf(x/√2) cancels): one reciprocal, one exp2 and ten FMAs, no branch. Used through fp32.
CUTLASS_HOST_DEVICE float geluErfc(float x) {
    const float z = fabsf(x) * 0.70710678118654752f;
    const float t = 1.f / fmaf(0.5f, z, 1.f);
    float p = 0.17087277f;
    p = fmaf(p, t, -0.82215223f);
    p = fmaf(p, t, 1.48851587f);
    p = fmaf(p, t, -1.13520398f);
    p = fmaf(p, t, 0.27886807f);
    p = fmaf(p, t, -0.18628806f);
    p = fmaf(p, t, 0.09678418f);
    p = fmaf(p, t, 0.37409196f);
    p = fmaf(p, t, 1.00002368f);
    p = fmaf(p, t, -1.26551223f);
    const float e = fmaf(-z, z, p);
#if defined(__CUDA_ARCH__)
    const float erfcz = t * __expf(e);  // erfc(|x|/√2)
#else
    const float erfcz = t * std::exp(e);
#endif
    // Φ(x)·2 = erfc(−x/√2): 2 − erfc(|x|/√2) for x ≥ 0, erfc(|x|/√2) otherwise.
    return 0.5f * x * (x >= 0.f ? 2.f - erfcz : erfcz);
}

template <typename T>
struct FastGelu {
    static const bool kIsHeavy = true;
    CUTLASS_HOST_DEVICE T operator()(T const& value) const { return T(geluErfc(float(value))); }
};
template <typename T, int N>
struct FastGelu<cutlass::Array<T, N>> {
    static const bool kIsHeavy = true;
    CUTLASS_HOST_DEVICE cutlass::Array<T, N> operator()(cutlass::Array<T, N> const& value) const {
        cutlass::Array<T, N> y;
        CUTLASS_PRAGMA_UNROLL
        for (int i = 0; i < N; ++i) y[i] = T(geluErfc(float(value[i])));
        return y;
    }
};

template <typename Element, typename Schedule = Cooperative, template <class> class Act = cutlass::epilogue::thread::GELU>
struct GeluGemm {
    using Layout = cutlass::layout::RowMajor;
    static constexpr int kAlignment = 8;  // 16 bytes of 16-bit elements: TMA's unit
    using Acc = float;
    using TileShape = typename Schedule::TileShape;
    using ClusterShape = Shape<_1, _2, _1>;
    using Fusion = cutlass::epilogue::fusion::LinCombPerColBiasEltAct<Act, Element, Acc, Element>;
    using Epilogue = typename cutlass::epilogue::collective::CollectiveBuilder<
        cutlass::arch::Sm90, cutlass::arch::OpClassTensorOp, TileShape, ClusterShape,
        cutlass::epilogue::collective::EpilogueTileAuto, Acc, Acc, void, Layout, kAlignment, Element, Layout,
        kAlignment, typename Schedule::EpilogueSchedule, Fusion>::CollectiveOp;
    using Mainloop = typename cutlass::gemm::collective::CollectiveBuilder<
        cutlass::arch::Sm90, cutlass::arch::OpClassTensorOp, Element, Layout, kAlignment, Element, Layout, kAlignment,
        Acc, TileShape, ClusterShape,
        cutlass::gemm::collective::StageCountAutoCarveout<static_cast<int>(
            sizeof(typename Epilogue::SharedStorage))>,
        typename Schedule::KernelSchedule>::CollectiveOp;
    using Kernel = cutlass::gemm::kernel::GemmUniversal<Shape<int, int, int, int>, Mainloop, Epilogue>;
    using Gemm = cutlass::gemm::device::GemmUniversalAdapter<Kernel>;

    static typename Gemm::Arguments arguments(const CutlassGeluGemm& g) {
        const int m = int(g.m), n = int(g.n), k = int(g.k);
        // A [M, K]: modes (M, K, L); B [K, N] row-major: modes (N, K, L) with N contiguous; D [M, N].
        typename Kernel::StrideA strideA = make_stride(int64_t(k), Int<1>{}, int64_t(m) * k);
        typename Kernel::StrideB strideB = make_stride(Int<1>{}, int64_t(n), int64_t(n) * k);
        typename Kernel::StrideD strideD = make_stride(int64_t(n), Int<1>{}, int64_t(m) * n);
        typename Kernel::StrideC strideC = strideD;
        typename Gemm::Arguments args{cutlass::gemm::GemmUniversalMode::kGemm,
                                      {m, n, k, 1},
                                      {static_cast<const Element*>(g.a), strideA, static_cast<const Element*>(g.b),
                                       strideB},
                                      {{}, nullptr, strideC, static_cast<Element*>(g.d), strideD}};
        args.epilogue.thread.alpha = 1.f;
        args.epilogue.thread.beta = 0.f;
        args.epilogue.thread.bias_ptr = static_cast<const Element*>(g.bias);
        return args;
    }
};

template <typename Element, typename Schedule, template <class> class Act>
std::string refusal(const CutlassGeluGemm& g) {
    using G = GeluGemm<Element, Schedule, Act>;
    if (g.m <= 0 || g.n <= 0 || g.k <= 0) return "an empty product";
    if (g.m > INT32_MAX || g.n > INT32_MAX || g.k > INT32_MAX) return "a dimension over 2^31";
    if (g.n % G::kAlignment || g.k % G::kAlignment) return "N and K must be multiples of 8";
    for (const void* p : {g.a, g.b, g.bias, static_cast<const void*>(g.d)})
        if (reinterpret_cast<uintptr_t>(p) % 16) return "a pointer not 16-byte aligned";
    typename G::Gemm::Arguments args = G::arguments(g);
    if (G::Gemm::can_implement(args) != cutlass::Status::kSuccess) return "CUTLASS cannot implement these sizes";
    return "";
}

template <typename Element, typename Schedule, template <class> class Act>
size_t workspace(const CutlassGeluGemm& g) {
    using G = GeluGemm<Element, Schedule, Act>;
    return G::Gemm::get_workspace_size(G::arguments(g));
}

template <typename Element, typename Schedule, template <class> class Act>
std::string run(const CutlassGeluGemm& g, void* ws, cudaStream_t stream) {
    using G = GeluGemm<Element, Schedule, Act>;
    typename G::Gemm gemm;
    typename G::Gemm::Arguments args = G::arguments(g);
    cutlass::Status status = gemm.initialize(args, ws, stream);
    if (status != cutlass::Status::kSuccess)
        return std::string("CUTLASS initialize: ") + cutlassGetStatusString(status);
    status = gemm.run(stream);
    if (status != cutlass::Status::kSuccess) return std::string("CUTLASS run: ") + cutlassGetStatusString(status);
    return "";
}

template <class T>
using Erf = cutlass::epilogue::thread::GELU<T>;

// Calls f.template operator()<Element, Schedule, Act>() for the schedule's kernel; `missing` when
// none is built for it.
template <typename F>
auto dispatch(const CutlassGeluGemm& g, F&& f, decltype(f.template operator()<cutlass::half_t, Cooperative, Erf>()) missing) {
    if (g.bf16) return g.schedule == 0 ? f.template operator()<cutlass::bfloat16_t, Cooperative, Erf>() : missing;
    switch (g.schedule) {
        case 0: return f.template operator()<cutlass::half_t, Cooperative, Erf>();
        case 1: return f.template operator()<cutlass::half_t, PingPong, Erf>();
        case 2: return f.template operator()<cutlass::half_t, Cooperative, FastGelu>();
        case 3: return f.template operator()<cutlass::half_t, PingPong128, FastGelu>();
        case 4: return f.template operator()<cutlass::half_t, PingPong128, Erf>();
        default: return missing;
    }
}

}  // namespace

std::string cutlassGeluGemmRefusal(const CutlassGeluGemm& g) {
    return dispatch(
        g, [&]<typename E, typename S, template <class> class A>() { return refusal<E, S, A>(g); },
        g.schedule < 0 || g.schedule >= kCutlassSchedules ? std::string("an unknown schedule")
                                                          : std::string("this schedule is built for fp16 only"));
}

size_t cutlassGeluGemmWorkspace(const CutlassGeluGemm& g) {
    return dispatch(g, [&]<typename E, typename S, template <class> class A>() { return workspace<E, S, A>(g); }, size_t(0));
}

std::string cutlassGeluGemmRun(const CutlassGeluGemm& g, void* ws, cudaStream_t stream) {
    return dispatch(
        g, [&]<typename E, typename S, template <class> class A>() { return run<E, S, A>(g, ws, stream); },
        std::string("no CUTLASS kernel is built for this schedule and type"));
}

}  // namespace kiln::cuda
