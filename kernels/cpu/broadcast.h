// Multidirectional (numpy) broadcasting for the CPU kernels.
//
// A BroadcastPlan drops size-1 output dims and merges neighbouring dims that every input treats
// alike (all present or all broadcast), so the common cases collapse to one or two dims: same shape
// → one contiguous run, scalar operand → stride 0, bias-like [N,C,H,W] + [C,1,1] → rows of H*W with
// a per-row offset. Kernels then loop over contiguous runs whose inputs advance with stride 1 or 0.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "engine_core/common/small_vector.h"

#include "engine_core/common/parallel.h"
#include "kernels/cpu/isa.h"
#include "engine_core/ir/shape.h"
#include "engine_core/runtime/kernel.h"

namespace kiln::cpu {

using DimSpan = std::span<const int64_t>;

inline bool sameDims(DimSpan a, DimSpan b) { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }

// Broadcast result of two shapes; false if they are not broadcastable.
inline bool tryBroadcastDims(DimSpan a, DimSpan b, DimVector& out) {
    size_t rank = std::max(a.size(), b.size());
    out.assign(rank, 1);
    for (size_t i = 0; i < rank; ++i) {
        int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
        int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
        if (da == db || db == 1) out[i] = da;
        else if (da == 1) out[i] = db;
        else return false;
    }
    return true;
}
// Broadcast result of several shapes; fails naming the node and the offending shapes.
inline DimVector broadcastDims(const KernelContext& ctx, std::span<const DimSpan> shapes) {
    DimVector out, next;
    for (size_t i = 0; i < shapes.size(); ++i) {
        if (!tryBroadcastDims(out, shapes[i], next)) {
            std::string all;
            for (size_t j = 0; j < shapes.size(); ++j)
                all += (j ? " and " : "") + dimsToString(std::vector<int64_t>(shapes[j].begin(), shapes[j].end()));
            ctx.fail(ErrorKind::InvalidModel, "input shapes ", all, " are not broadcastable");
        }
        out = next;
    }
    return out;
}
inline DimVector broadcastDims(const KernelContext& ctx, std::initializer_list<DimSpan> shapes) {
    return broadcastDims(ctx, std::span<const DimSpan>(shapes.begin(), shapes.size()));
}

// Plans hold their dims and strides inline (no allocation) up to rank 8 and 4 inputs.
class BroadcastPlan {
public:
    // inDims must each broadcast to outDims (checked by broadcastDims beforehand).
    BroadcastPlan(DimSpan outDims, std::span<const DimSpan> inDims) { init(outDims, inDims); }
    BroadcastPlan(DimSpan outDims, std::initializer_list<DimSpan> inDims) {
        init(outDims, std::span<const DimSpan>(inDims.begin(), inDims.size()));
    }

    int64_t numel() const { return numel_; }
    // 1 if input k advances along the contiguous runs, 0 if it stays on one element.
    int64_t innerStride(size_t k) const { return innerStride_[k]; }

    // Calls fn(outOffset, inOffsets, len) for the contiguous runs covering output [begin, end):
    // output elements outOffset..outOffset+len-1 read input k at inOffsets[k] + j * innerStride(k).
    template <typename Fn>
    void forEachRun(int64_t begin, int64_t end, Fn&& fn) const {
        if (begin >= end) return;
        const size_t outer = dims_.size() - 1, rank = dims_.size();
        DimVector coord(outer, 0);
        DimVector base(numInputs_, 0), offs(numInputs_, 0);
        int64_t row = begin / inner_, col = begin % inner_;
        for (size_t i = outer; i-- > 0;) {
            coord[i] = row % dims_[i];
            row /= dims_[i];
            for (size_t k = 0; k < numInputs_; ++k) base[k] += coord[i] * strides_[k * rank + i];
        }
        int64_t pos = begin;
        while (pos < end) {
            int64_t len = std::min(inner_ - col, end - pos);
            for (size_t k = 0; k < numInputs_; ++k) offs[k] = base[k] + col * strides_[k * rank + outer];
            fn(pos, offs.data(), len);
            pos += len;
            col = 0;
            // Odometer step over the outer dims.
            for (size_t i = outer; i-- > 0;) {
                for (size_t k = 0; k < numInputs_; ++k) base[k] += strides_[k * rank + i];
                if (++coord[i] < dims_[i]) break;
                for (size_t k = 0; k < numInputs_; ++k) base[k] -= coord[i] * strides_[k * rank + i];
                coord[i] = 0;
            }
        }
    }

private:
    void init(DimSpan outDims, std::span<const DimSpan> inDims) {
        numInputs_ = inDims.size();
        numel_ = 1;
        for (int64_t d : outDims) numel_ *= d;
        const size_t rank = outDims.size();
        // Contiguous strides of each input, right-aligned to the output rank ([k * rank + i]).
        SmallVector<int64_t, 32> full(numInputs_ * rank, 0), stride(numInputs_ * rank, 0);
        for (size_t k = 0; k < numInputs_; ++k) {
            const DimSpan in = inDims[k];
            int64_t s = 1;
            for (size_t i = rank; i-- > 0;) {
                size_t back = rank - 1 - i;
                int64_t d = back < in.size() ? in[in.size() - 1 - back] : 1;
                full[k * rank + i] = (d == outDims[i]) ? 1 : 0;
                stride[k * rank + i] = s;
                s *= d;
            }
        }
        // Walk from the innermost dim outwards, merging dims with identical per-input flags.
        DimVector dims;                            // collapsed, innermost first
        SmallVector<int64_t, 32> strides;          // collapsed, innermost first, [j * numInputs + k]
        auto sameFlags = [&](size_t i, size_t j) {
            for (size_t k = 0; k < numInputs_; ++k)
                if (full[k * rank + i] != full[k * rank + j]) return false;
            return true;
        };
        size_t last = rank;  // the output dim whose flags the last collapsed dim has
        for (size_t i = rank; i-- > 0;) {
            if (outDims[i] == 1) continue;
            if (!dims.empty() && sameFlags(i, last)) {
                dims.back() *= outDims[i];
                continue;
            }
            dims.push_back(outDims[i]);
            for (size_t k = 0; k < numInputs_; ++k) strides.push_back(full[k * rank + i] ? stride[k * rank + i] : 0);
            last = i;
        }
        if (dims.empty()) {
            dims.push_back(1);
            for (size_t k = 0; k < numInputs_; ++k) strides.push_back(1);
        }
        const size_t n = dims.size();
        dims_.resize(n);
        strides_.resize(numInputs_ * n);
        for (size_t j = 0; j < n; ++j) {  // outermost first
            dims_[j] = dims[n - 1 - j];
            for (size_t k = 0; k < numInputs_; ++k) strides_[k * n + j] = strides[(n - 1 - j) * numInputs_ + k];
        }
        inner_ = dims_.back();
        innerStride_.assign(numInputs_, 0);
        for (size_t k = 0; k < numInputs_; ++k) innerStride_[k] = strides_[k * n + n - 1] ? 1 : 0;
        // A one-element inner dim: every input reads one element per run.
        if (inner_ == 1)
            for (size_t k = 0; k < numInputs_; ++k) innerStride_[k] = 0;
    }

    size_t numInputs_ = 0;
    int64_t numel_ = 0;
    int64_t inner_ = 1;
    DimVector dims_;
    SmallVector<int64_t, 32> strides_;  // [k * rank + i]
    DimVector innerStride_;
};

// One run of broadcastBinary: len outputs, each operand contiguous (stride 1) or one repeated
// value (stride 0), so the loops vectorise.
template <typename A, typename B, typename O, typename F>
KILN_ALWAYS_INLINE void binaryRun(const A* pa, const B* pb, O* po, int64_t len, bool sa, bool sb, const F& f) {
    if (sa && sb) {
        for (int64_t j = 0; j < len; ++j) po[j] = f(pa[j], pb[j]);
    } else if (sa) {
        const B vb = *pb;
        for (int64_t j = 0; j < len; ++j) po[j] = f(pa[j], vb);
    } else if (sb) {
        const A va = *pa;
        for (int64_t j = 0; j < len; ++j) po[j] = f(va, pb[j]);
    } else {
        const O v = f(*pa, *pb);
        for (int64_t j = 0; j < len; ++j) po[j] = v;
    }
}
// The same loops compiled 16 wide (isa.h), for fp32.
template <typename A, typename B, typename O, typename F>
KILN_TARGET_AVX512 void binaryRunAvx512(const A* pa, const B* pb, O* po, int64_t len, bool sa, bool sb, const F& f) {
    binaryRun(pa, pb, po, len, sa, sb, f);
}

// out[i] = f(a[...], b[...]) over the broadcast of a and b (out has the broadcast shape).
// Inner loops are specialised on the operand strides so the compiler can vectorise them.
template <typename A, typename B, typename O, typename F>
void broadcastBinary(const A* a, DimSpan aDims, const B* b,
                     DimSpan bDims, O* out, DimSpan outDims, F f) {
    BroadcastPlan plan(outDims, {aDims, bDims});
    const bool sa = plan.innerStride(0) != 0, sb = plan.innerStride(1) != 0;
    const bool avx512 =
        std::is_same_v<A, float> && std::is_same_v<B, float> && std::is_same_v<O, float> && avx512Enabled();
    parallelFor(plan.numel(), kGrainElements, [&](int64_t begin, int64_t end) {
        plan.forEachRun(begin, end, [&](int64_t o, const int64_t* in, int64_t len) {
            if (avx512)
                binaryRunAvx512(a + in[0], b + in[1], out + o, len, sa, sb, f);
            else
                binaryRun(a + in[0], b + in[1], out + o, len, sa, sb, f);
        });
    });
}

// out[i] = f(a[...]) with a broadcast to outDims (Expand, and the first operand of a fold).
template <typename A, typename O, typename F>
void broadcastUnary(const A* a, DimSpan aDims, O* out, DimSpan outDims, F f) {
    BroadcastPlan plan(outDims, {aDims});
    int64_t sa = plan.innerStride(0);
    parallelFor(plan.numel(), kGrainElements, [&](int64_t begin, int64_t end) {
        plan.forEachRun(begin, end, [&](int64_t o, const int64_t* in, int64_t len) {
            const A* pa = a + in[0];
            O* po = out + o;
            if (sa) {
                for (int64_t j = 0; j < len; ++j) po[j] = f(pa[j]);
            } else {
                const O v = f(*pa);
                for (int64_t j = 0; j < len; ++j) po[j] = v;
            }
        });
    });
}

}  // namespace kiln::cpu
