// GEMMs with epilogues cuBLASLt lacks, through CUTLASS 3 (kernels/cuda/cutlass/, built for sm_90a
// only, where the CUTLASS headers were found: KILN_HAVE_CUTLASS). cuBLASLt's GELU epilogue is the
// tanh approximation; ONNX's Gelu (and BERT's and ViT's exported x·0.5·(1+erf(x/√2))) is the erf
// form, which without a fused epilogue costs one more pass over the product (BERT-base b32's FFN-up:
// 4096×3072 fp16 written, read and written again).
#pragma once

#include <cstdint>
#include <string>

#include <cuda_runtime_api.h>

namespace kiln::cuda {

// D[M, N] = gelu_erf(A[M, K] · B[K, N] + bias[N]) with A, B and D row-major fp16 (or bf16 when
// `bf16`), bias of their type or absent (nullptr), fp32 accumulation and epilogue math.
struct CutlassGeluGemm {
    bool bf16 = false;
    // 0: the cooperative schedule (two warpgroups on one 128x128 tile); 1: ping-pong (each warpgroup
    // its own 64x128 tile, one's epilogue overlapping the other's MMAs), built for fp16 only.
    // Experimental (fp16): 2: cooperative with the cheaper erf; 3: ping-pong 128x128 with the cheaper
    // erf; 4: ping-pong 128x128.
    int schedule = 0;
    int64_t m = 0, n = 0, k = 0;
    const void* a = nullptr;
    const void* b = nullptr;
    const void* bias = nullptr;
    void* d = nullptr;
};

constexpr int kCutlassSchedules = 5;
// The tactic variant's name of a schedule ("cutlass", "cutlass_pp", ...).
inline const char* cutlassVariantName(int schedule) {
    static const char* const names[kCutlassSchedules] = {"cutlass", "cutlass_pp", "cutlass_f", "cutlass_pp128f",
                                                         "cutlass_pp128"};
    return schedule >= 0 && schedule < kCutlassSchedules ? names[schedule] : "cutlass";
}

// Why the GEMM cannot run on these sizes and pointers (alignment, sizes), or "" when it can. Host
// only: no launch.
std::string cutlassGeluGemmRefusal(const CutlassGeluGemm& g);
// The workspace bytes it needs (the scheduler's, 0 for the plain persistent schedule).
size_t cutlassGeluGemmWorkspace(const CutlassGeluGemm& g);
// Enqueues it on `stream`; "" on success, else CUTLASS's reason (nothing was launched).
std::string cutlassGeluGemmRun(const CutlassGeluGemm& g, void* workspace, cudaStream_t stream);

}  // namespace kiln::cuda
