#include "engine_core/ir/layout.h"

#include <cstring>

#include "engine_core/common/parallel.h"

namespace kiln {

namespace {

template <size_t Bytes>
void transposeBlocks(const uint8_t* src, uint8_t* dst, int64_t N, int64_t rows, int64_t cols) {
    // Per image: src is rows x cols, dst is cols x rows (element size Bytes).
    parallelFor(N, 1, [&](int64_t begin, int64_t end) {
        for (int64_t n = begin; n < end; ++n) {
            const uint8_t* s = src + n * rows * cols * int64_t(Bytes);
            uint8_t* d = dst + n * rows * cols * int64_t(Bytes);
            for (int64_t r = 0; r < rows; ++r)
                for (int64_t c = 0; c < cols; ++c) std::memcpy(d + (c * rows + r) * int64_t(Bytes), s + (r * cols + c) * int64_t(Bytes), Bytes);
        }
    });
}

void transpose(const void* src, void* dst, size_t elemBytes, int64_t N, int64_t rows, int64_t cols) {
    const auto* s = static_cast<const uint8_t*>(src);
    auto* d = static_cast<uint8_t*>(dst);
    switch (elemBytes) {
        case 1: transposeBlocks<1>(s, d, N, rows, cols); return;
        case 2: transposeBlocks<2>(s, d, N, rows, cols); return;
        case 4: transposeBlocks<4>(s, d, N, rows, cols); return;
        case 8: transposeBlocks<8>(s, d, N, rows, cols); return;
        default: fail(ErrorKind::Unsupported, "reformat of ", elemBytes, "-byte elements");
    }
}

}  // namespace

void reformatInto(const Tensor& src, Tensor& dst) {
    KILN_CHECK(src.dtype() == dst.dtype() && src.dims() == dst.dims(), Internal, "reformat ", src.describe(), " into ",
               dst.describe());
    if (src.numel() == 0) return;
    if (src.format() == dst.format() || src.rank() < 3) {
        if (src.raw() != dst.raw()) std::memcpy(dst.raw(), src.raw(), src.byteSize());
        return;
    }
    const int64_t N = src.dim(0), C = src.dim(1);
    const int64_t D = src.numel() / (N * C);
    if (src.format() == TensorFormat::Linear)  // [N][C][D] -> [N][D][C]
        transpose(src.raw(), dst.raw(), dataTypeSize(src.dtype()), N, C, D);
    else  // [N][D][C] -> [N][C][D]
        transpose(src.raw(), dst.raw(), dataTypeSize(src.dtype()), N, D, C);
}

Tensor linearLayout(const Tensor& t) {
    if (t.format() == TensorFormat::Linear) return t;
    Tensor linear(t.dtype(), t.dims());
    reformatInto(t, linear);
    return linear;
}

}  // namespace kiln
