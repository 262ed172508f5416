#include "engine_core/passes/strided_attention.h"

#include "engine_core/common/message.h"
#include "engine_core/ir/graph.h"

namespace kiln::fused {

std::array<int64_t, 4> StridedAttentionAttrs::viewDims(int i) const {
    if (i == 0) return {B, H, S, D};
    if (i == 1) return {B, H, T, D};
    return {B, H, T, Dv};
}

std::string readStridedAttention(const Node& node, StridedAttentionAttrs& a) {
    const std::span<const int64_t> dims = node.attrIntsView("dims");
    if (dims.size() != 6) return "dims must hold [B, H, S, T, D, Dv]";
    for (int64_t d : dims)
        if (d < 0) return "dims must not be negative";
    a.B = dims[0], a.H = dims[1], a.S = dims[2], a.T = dims[3], a.D = dims[4], a.Dv = dims[5];
    for (int i = 0; i < 3; ++i) {
        const std::span<const int64_t> w = node.attrIntsView(StridedAttentionAttrs::viewKey(i));
        if (w.size() != 5) return concat(StridedAttentionAttrs::viewKey(i), " must hold 5 ints, got ", w.size());
        AttentionViewAttr& v = i == 0 ? a.q : i == 1 ? a.k : a.v;
        v.offset = w[0];
        if (v.offset < 0) return concat(StridedAttentionAttrs::viewKey(i), " has a negative offset");
        for (size_t d = 0; d < 4; ++d) {
            v.s[d] = w[d + 1];
            if (v.s[d] < 0) return concat(StridedAttentionAttrs::viewKey(i), " has a negative stride");
        }
    }
    const std::span<const int64_t> o = node.attrIntsView("o_view");
    if (o.size() != 4) return "o_view must hold 4 strides";
    a.outDims = node.attrIntsView("o_dims");
    int64_t outCount = 1;
    for (int64_t d : a.outDims) {
        if (d < 0) return "o_dims must not be negative";
        outCount *= d;
    }
    const int64_t resultCount = a.B * a.H * a.S * a.Dv;
    if (outCount != resultCount)
        return concat("o_dims hold ", outCount, " elements, not the [B, H, S, Dv] = ", resultCount, " of the result");
    // The farthest element o_view writes must lie inside the output (strides of size-1 dims unused).
    const int64_t sizes[4] = {a.B, a.H, a.S, a.Dv};
    int64_t last = 0;
    for (size_t d = 0; d < 4; ++d) {
        a.o[d] = o[d];
        if (sizes[d] <= 1) continue;
        if (o[d] < 0) return "o_view has a negative stride";
        last += (sizes[d] - 1) * o[d];
    }
    if (resultCount > 0 && last >= outCount)
        return concat("o_view reaches element ", last, " of an output of ", outCount, " elements");
    return {};
}

std::string checkAttentionView(const StridedAttentionAttrs& a, int i, int64_t numel) {
    const AttentionViewAttr& v = a.view(i);
    const std::array<int64_t, 4> sizes = a.viewDims(i);
    int64_t last = v.offset, count = 1;
    for (size_t d = 0; d < 4; ++d) {
        count *= sizes[d];
        if (sizes[d] > 0) last += (sizes[d] - 1) * v.s[d];
    }
    if (count > 0 && last >= numel)
        return concat(StridedAttentionAttrs::viewKey(i), " reaches element ", last, " of an input of ", numel,
                      " elements");
    return {};
}

}  // namespace kiln::fused
