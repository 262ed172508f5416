// The strided form of kiln::Attention (fused_ops.h, written by attention_layout.cpp), read and
// checked once for every kernel that runs it (the CPU kernel, the cuBLASLt and cuDNN tactics; the
// oracle keeps its own element-by-element reading). Reading allocates nothing, so planned runs may
// call it per run.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>

namespace kiln {
class Node;
}

namespace kiln::fused {

// Element (b, h, row, col) of Q, K or V is base[offset + b·s[0] + h·s[1] + row·s[2] + col·s[3]].
struct AttentionViewAttr {
    int64_t offset = 0;
    std::array<int64_t, 4> s{};
};

struct StridedAttentionAttrs {
    int64_t B = 0, H = 0, S = 0, T = 0, D = 0, Dv = 0;
    AttentionViewAttr q, k, v;        // Q [B, H, S, D]; K [B, H, T, D] (not transposed); V [B, H, T, Dv]
    std::array<int64_t, 4> o{};       // result element (b, h, s, e) goes to out[b·o[0] + h·o[1] + s·o[2] + e·o[3]]
    std::span<const int64_t> outDims;  // the output's dims (a view of the node's attribute)

    // The logical [B, H, rows, cols] of view i (0 Q, 1 K, 2 V).
    std::array<int64_t, 4> viewDims(int i) const;
    const AttentionViewAttr& view(int i) const { return i == 0 ? q : i == 1 ? k : v; }
    static const char* viewKey(int i) { return i == 0 ? "q_view" : i == 1 ? "k_view" : "v_view"; }
};

// Reads `dims`, `q/k/v_view`, `o_view` and `o_dims` and checks what needs no tensor: sizes of the
// attributes, no negative dim or stride, o_dims holding B·H·S·Dv elements and o_view reaching inside
// them. Returns "" when fine, else the message (without the node's name).
std::string readStridedAttention(const Node& node, StridedAttentionAttrs& a);

// Whether view i reaches only inside a base tensor of `numel` elements: "" or the message.
std::string checkAttentionView(const StridedAttentionAttrs& a, int i, int64_t numel);

}  // namespace kiln::fused
