// What Kiln's own CUDA kernels share (included by kernels/cuda/*.cu only): device checks, launch
// sizes, element types and the index maps of broadcasting and strided reads. Kernels compute in
// float and store in their tensors' type (fp32, fp16, bf16), so one template serves every
// precision; integer kernels keep their type.
#pragma once

#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <algorithm>
#include <cstdint>
#include <span>

#include "kernels/cuda/cuda_backend.h"
#include "kernels/cuda/cuda_check.h"

namespace kiln::cuda {

constexpr int kMaxRank = 8;  // kernels refuse (applicable = false) tensors of higher rank
constexpr int kThreads = 256;

// Grid size of a grid-stride loop over n items.
inline unsigned blocksFor(int64_t n, int threads = kThreads) {
    return unsigned(std::clamp<int64_t>((n + threads - 1) / threads, 1, int64_t(1) << 20));
}

// Fails (Internal, naming the node) unless `t` lies on the GPU the step runs on.
inline void requireOnDevice(const KernelContext& ctx, const Tensor& t, const char* what) {
    if (t.device().type != DeviceType::Cuda)
        ctx.fail(ErrorKind::Internal, what, " ", t.describe(), " is on ", t.device().str(), ", not on the GPU");
}

// Checks the launch just made (a bad configuration shows here, naming the kernel's node).
inline void checkLaunch(const KernelContext& ctx) {
    const cudaError_t status = cudaGetLastError();
    if (status != cudaSuccess) ctx.fail(ErrorKind::Internal, "kernel launch failed: ", cudaErrorText(status));
}

// ---------------------------------------------------------------------------------------------
// Element types: load as float, store from float

template <typename T>
__device__ __forceinline__ float toFloat(T v) {
    return float(v);
}
template <>
__device__ __forceinline__ float toFloat(__half v) {
    return __half2float(v);
}
template <>
__device__ __forceinline__ float toFloat(__nv_bfloat16 v) {
    return __bfloat162float(v);
}

template <typename T>
__device__ __forceinline__ T fromFloat(float v) {
    return T(v);
}
template <>
__device__ __forceinline__ __half fromFloat(float v) {
    return __float2half_rn(v);
}
template <>
__device__ __forceinline__ __nv_bfloat16 fromFloat(float v) {
    return __float2bfloat16_rn(v);
}

// Calls f(T{}) with T the float type of `dtype` (float, __half, __nv_bfloat16); false for others.
template <typename F>
bool dispatchFloat(DataType dtype, F&& f) {
    switch (dtype) {
        case DataType::Float32: f(float{}); return true;
        case DataType::Float16: f(__half{}); return true;
        case DataType::BFloat16: f(__nv_bfloat16{}); return true;
        default: return false;
    }
}

// The float types the kernels store (KernelDef type constraints).
inline TypeSet floatTypes() { return {DataType::Float32, DataType::Float16, DataType::BFloat16}; }

// ---------------------------------------------------------------------------------------------
// Index maps: where element `linear` of an output of dims `dims` lies in an operand

struct IndexMap {
    int rank = 0;
    int64_t dims[kMaxRank] = {};     // the output's dims (rank entries)
    int64_t strides[kMaxRank] = {};  // the operand's element stride per output dim; 0 where it broadcasts
    // mapIndex divides by each dim in 32 bits through a multiply and a shift (the round-up
    // reciprocal method: q = (umulhi(n, magic) + n) >> shift, exact for n < 2^31) where
    // withFastDivision() found every dim and their product under 2^31; 64-bit division otherwise
    // (a few times slower: tens of instructions per dim and element).
    bool fast = false;
    uint32_t magic[kMaxRank] = {};
    uint32_t shift[kMaxRank] = {};
};

// Prepares m's 32-bit division (IndexMap::fast) where its dims allow it; returns m.
inline IndexMap& withFastDivision(IndexMap& m) {
    constexpr int64_t kLimit = int64_t(1) << 31;
    int64_t count = 1;
    m.fast = m.rank > 0;
    for (int d = 0; d < m.rank && m.fast; ++d) {
        const int64_t dim = m.dims[d];
        m.fast = dim > 0 && dim < kLimit && count < kLimit / dim;
        if (!m.fast) break;
        count *= dim;
        uint32_t s = 0;
        while ((uint64_t(1) << s) < uint64_t(dim)) ++s;
        m.shift[d] = s;
        m.magic[d] = uint32_t(((uint64_t(1) << 32) * ((uint64_t(1) << s) - uint64_t(dim))) / uint64_t(dim) + 1);
    }
    return m;
}

// The operand of dims `operand` broadcast into `out` (numpy rules, right-aligned). The caller has
// checked that they broadcast and that out.size() <= kMaxRank.
inline IndexMap broadcastMap(std::span<const int64_t> out, std::span<const int64_t> operand) {
    IndexMap m;
    m.rank = int(out.size());
    int64_t stride = 1;
    for (int d = m.rank - 1, o = int(operand.size()) - 1; d >= 0; --d, --o) {
        m.dims[d] = out[size_t(d)];
        const int64_t od = o >= 0 ? operand[size_t(o)] : 1;
        m.strides[d] = od == 1 ? 0 : stride;
        stride *= od;
    }
    return withFastDivision(m);
}

__device__ __forceinline__ int64_t mapIndex(const IndexMap& m, int64_t linear) {
    if (m.fast && linear < (int64_t(1) << 31)) {
        uint32_t n = uint32_t(linear);
        int64_t offset = 0;
        for (int d = m.rank - 1; d >= 0; --d) {
            const uint32_t q = (__umulhi(n, m.magic[d]) + n) >> m.shift[d];
            offset += int64_t(n - q * uint32_t(m.dims[d])) * m.strides[d];
            n = q;
        }
        return offset;
    }
    int64_t offset = 0;
    for (int d = m.rank - 1; d >= 0; --d) {
        const int64_t i = linear % m.dims[d];
        linear /= m.dims[d];
        offset += i * m.strides[d];
    }
    return offset;
}

}  // namespace kiln::cuda
