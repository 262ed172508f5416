// CUTLASS 3 GEMM for Hopper with a bias + erf-GELU epilogue (cutlass_gemm.h): TMA loads, warpgroup
// MMA, the cooperative warp-specialized persistent kernel, 128×128×64 tiles, a 1×2 cluster (the
// same A tile multicast to the two CTAs working on adjacent N tiles), and the epilogue
// LinCombPerColBiasEltAct<GELU>: gelu(acc + bias[n]) in fp32 (cutlass::epilogue::thread::GELU is
// the erf form), stored as fp16/bf16. B is [K, N] row-major (N-major): Kiln's MatMul weights as
// the model stores them; Hopper's MMA reads 16-bit B in either major order.
// A second schedule for fp16, ping-pong (KernelTmaWarpSpecializedPingpong, 64×128×64 tiles): each
// consumer warpgroup owns a tile, so one's GELU epilogue overlaps the other's MMAs; the layers with a
// short K (BERT's FFN-up, K = 768) spend a large share in the epilogue. CI builds three kernels.
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

template <typename Element, typename Schedule = Cooperative>
struct GeluGemm {
    using Layout = cutlass::layout::RowMajor;
    static constexpr int kAlignment = 8;  // 16 bytes of 16-bit elements: TMA's unit
    using Acc = float;
    using TileShape = typename Schedule::TileShape;
    using ClusterShape = Shape<_1, _2, _1>;
    using Fusion = cutlass::epilogue::fusion::LinCombPerColBiasEltAct<cutlass::epilogue::thread::GELU, Element, Acc,
                                                                      Element>;
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

template <typename Element, typename Schedule>
std::string refusal(const CutlassGeluGemm& g) {
    using G = GeluGemm<Element, Schedule>;
    if (g.m <= 0 || g.n <= 0 || g.k <= 0) return "an empty product";
    if (g.m > INT32_MAX || g.n > INT32_MAX || g.k > INT32_MAX) return "a dimension over 2^31";
    if (g.n % G::kAlignment || g.k % G::kAlignment) return "N and K must be multiples of 8";
    for (const void* p : {g.a, g.b, g.bias, static_cast<const void*>(g.d)})
        if (reinterpret_cast<uintptr_t>(p) % 16) return "a pointer not 16-byte aligned";
    typename G::Gemm::Arguments args = G::arguments(g);
    if (G::Gemm::can_implement(args) != cutlass::Status::kSuccess) return "CUTLASS cannot implement these sizes";
    return "";
}

template <typename Element, typename Schedule>
size_t workspace(const CutlassGeluGemm& g) {
    using G = GeluGemm<Element, Schedule>;
    return G::Gemm::get_workspace_size(G::arguments(g));
}

template <typename Element, typename Schedule>
std::string run(const CutlassGeluGemm& g, void* ws, cudaStream_t stream) {
    using G = GeluGemm<Element, Schedule>;
    typename G::Gemm gemm;
    typename G::Gemm::Arguments args = G::arguments(g);
    cutlass::Status status = gemm.initialize(args, ws, stream);
    if (status != cutlass::Status::kSuccess)
        return std::string("CUTLASS initialize: ") + cutlassGetStatusString(status);
    status = gemm.run(stream);
    if (status != cutlass::Status::kSuccess) return std::string("CUTLASS run: ") + cutlassGetStatusString(status);
    return "";
}

}  // namespace

std::string cutlassGeluGemmRefusal(const CutlassGeluGemm& g) {
    if (g.schedule != 0 && g.schedule != 1) return "an unknown schedule";
    if (g.schedule == 1) return g.bf16 ? "the ping-pong schedule is built for fp16 only" : refusal<cutlass::half_t, PingPong>(g);
    return g.bf16 ? refusal<cutlass::bfloat16_t, Cooperative>(g) : refusal<cutlass::half_t, Cooperative>(g);
}

size_t cutlassGeluGemmWorkspace(const CutlassGeluGemm& g) {
    if (g.schedule == 1) return workspace<cutlass::half_t, PingPong>(g);
    return g.bf16 ? workspace<cutlass::bfloat16_t, Cooperative>(g) : workspace<cutlass::half_t, Cooperative>(g);
}

std::string cutlassGeluGemmRun(const CutlassGeluGemm& g, void* ws, cudaStream_t stream) {
    if (g.schedule == 1) {
        if (g.bf16) return "the ping-pong schedule is built for fp16 only";
        return run<cutlass::half_t, PingPong>(g, ws, stream);
    }
    return g.bf16 ? run<cutlass::bfloat16_t, Cooperative>(g, ws, stream) : run<cutlass::half_t, Cooperative>(g, ws, stream);
}

}  // namespace kiln::cuda
