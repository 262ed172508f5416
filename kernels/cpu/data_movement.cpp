// Transpose and broadcast copies by element size (see data_movement.h).
#include "kernels/cpu/data_movement.h"

#include <algorithm>
#include <cstring>

#include "engine_core/common/parallel.h"
#include "engine_core/common/small_vector.h"

namespace kiln::cpu::movement {

namespace {

// Unit of work handed to one parallel chunk: copying this many bytes per thread is worth the spawn.
constexpr int64_t kMinBytesPerThread = 64 * 1024;

DimVector stridesOf(DimSpan dims) {
    DimVector s(dims.size(), 1);
    for (size_t i = dims.size(); i-- > 1;) s[i - 1] = s[i] * dims[i];
    return s;
}

// Drops size-1 dims and merges runs of input dims that stay adjacent and in order under perm, so
// e.g. NCHW->NHWC becomes a 3-D (N, C, HW) -> (N, HW, C) problem.
void simplifyPermutation(DimSpan dims, DimSpan perm,
                         DimVector& outDims, DimVector& outPerm) {
    DimVector newIndex(dims.size(), -1), kept;
    for (size_t i = 0; i < dims.size(); ++i)
        if (dims[i] != 1) {
            newIndex[i] = int64_t(kept.size());
            kept.push_back(dims[i]);
        }
    DimVector p;
    for (int64_t axis : perm)
        if (newIndex[size_t(axis)] >= 0) p.push_back(newIndex[size_t(axis)]);
    // Groups of consecutive input dims, in output order: (first input dim, count).
    struct Group {
        int64_t first, second;
    };
    SmallVector<Group, 8> groups;
    for (size_t j = 0; j < p.size(); ++j) {
        if (j > 0 && p[j] == p[j - 1] + 1)
            groups.back().second++;
        else
            groups.push_back({p[j], 1});
    }
    SmallVector<size_t, 8> byInput(groups.size());
    for (size_t g = 0; g < groups.size(); ++g) byInput[g] = g;
    std::sort(byInput.begin(), byInput.end(),
              [&](size_t a, size_t b) { return groups[a].first < groups[b].first; });
    outDims.assign(groups.size(), 1);
    outPerm.assign(groups.size(), 0);
    for (size_t rankInInput = 0; rankInInput < byInput.size(); ++rankInInput) {
        const auto& grp = groups[byInput[rankInInput]];
        int64_t n = 1;
        for (int64_t k = 0; k < grp.second; ++k) n *= kept[size_t(grp.first + k)];
        outDims[rankInInput] = n;
        outPerm[byInput[rankInInput]] = int64_t(rankInInput);
    }
}

template <typename E>
void transposeTyped(const E* src, E* dst, DimSpan dims, DimSpan perm) {
    const size_t r = dims.size();
    DimVector inStride = stridesOf(dims);
    DimVector od(r), srcStride(r);
    for (size_t j = 0; j < r; ++j) {
        od[j] = dims[size_t(perm[j])];
        srcStride[j] = inStride[size_t(perm[j])];
    }
    DimVector dstStride = stridesOf(od);
    const size_t L = r - 1;
    if (size_t(perm[L]) == L) {
        // The innermost dim stays innermost: copy contiguous rows.
        const int64_t row = od[L];
        int64_t rows = 1;
        for (size_t j = 0; j < L; ++j) rows *= od[j];
        parallelFor(rows, std::max<int64_t>(1, kMinBytesPerThread / int64_t(sizeof(E) * row)),
                    [&](int64_t begin, int64_t end) {
                        for (int64_t i = begin; i < end; ++i) {
                            int64_t rem = i, off = 0;
                            for (size_t j = L; j-- > 0;) {
                                off += (rem % od[j]) * srcStride[j];
                                rem /= od[j];
                            }
                            std::memcpy(dst + i * row, src + off, size_t(row) * sizeof(E));
                        }
                    });
        return;
    }
    // Tiled 2-D transpose between output dim q (contiguous in the source) and output dim L
    // (contiguous in the destination), repeated over every index of the other dims.
    size_t q = 0;
    while (size_t(perm[q]) != L) ++q;
    SmallVector<size_t, 8> others;
    int64_t outerCount = 1;
    for (size_t j = 0; j < L; ++j)
        if (j != q) {
            others.push_back(j);
            outerCount *= od[j];
        }
    constexpr int64_t kTile = 32;
    const int64_t nq = od[q], nl = od[L];
    const int64_t tilesQ = (nq + kTile - 1) / kTile;
    const int64_t srcL = srcStride[L], dstQ = dstStride[q];
    parallelFor(outerCount * tilesQ, std::max<int64_t>(1, kMinBytesPerThread / int64_t(sizeof(E) * kTile * nl)),
                [&](int64_t begin, int64_t end) {
                    for (int64_t item = begin; item < end; ++item) {
                        int64_t outer = item / tilesQ, tq = item % tilesQ;
                        int64_t srcOff = 0, dstOff = 0, rem = outer;
                        for (size_t k = others.size(); k-- > 0;) {
                            size_t j = others[k];
                            int64_t digit = rem % od[j];
                            rem /= od[j];
                            srcOff += digit * srcStride[j];
                            dstOff += digit * dstStride[j];
                        }
                        const int64_t q0 = tq * kTile, q1 = std::min(nq, q0 + kTile);
                        for (int64_t l0 = 0; l0 < nl; l0 += kTile) {
                            const int64_t l1 = std::min(nl, l0 + kTile);
                            for (int64_t iq = q0; iq < q1; ++iq) {
                                E* d = dst + dstOff + iq * dstQ;
                                const E* s = src + srcOff + iq;
                                for (int64_t il = l0; il < l1; ++il) d[il] = s[il * srcL];
                            }
                        }
                    }
                });
}

template <typename E>
void broadcastTyped(const E* src, DimSpan srcDims, E* dst, DimSpan outDims) {
    // Merge adjacent dims with the same broadcast status; drop size-1 output dims.
    DimVector d, bc;  // merged output dims, and whether the source repeats along each
    for (size_t i = 0; i < outDims.size(); ++i) {
        if (outDims[i] == 1) continue;
        bool repeat = srcDims[i] == 1;
        if (!d.empty() && bool(bc.back()) == repeat)
            d.back() *= outDims[i];
        else {
            d.push_back(outDims[i]);
            bc.push_back(repeat);
        }
    }
    if (d.empty()) {
        dst[0] = src[0];
        return;
    }
    const size_t r = d.size();
    DimVector srcStride(r, 0);
    int64_t s = 1;
    for (size_t i = r; i-- > 0;) {
        if (!bc[i]) {
            srcStride[i] = s;
            s *= d[i];
        }
    }
    const int64_t inner = d[r - 1];
    const bool innerRepeat = bc[r - 1];
    int64_t rows = 1;
    for (size_t i = 0; i + 1 < r; ++i) rows *= d[i];
    parallelFor(rows, std::max<int64_t>(1, kMinBytesPerThread / int64_t(sizeof(E) * inner)),
                [&](int64_t begin, int64_t end) {
                    for (int64_t row = begin; row < end; ++row) {
                        int64_t rem = row, off = 0;
                        for (size_t i = r - 1; i-- > 0;) {
                            off += (rem % d[i]) * srcStride[i];
                            rem /= d[i];
                        }
                        E* out = dst + row * inner;
                        if (innerRepeat)
                            std::fill(out, out + inner, src[off]);
                        else
                            std::memcpy(out, src + off, size_t(inner) * sizeof(E));
                    }
                });
}

template <typename E>
void stridedTyped(const E* src, DimSpan dims, DimSpan strides, E* dst) {
    // Merge a dim into its inner neighbour when the neighbour's stride times its size equals its own.
    DimVector d, s;
    for (size_t i = 0; i < dims.size(); ++i) {
        if (dims[i] == 1) continue;
        if (!d.empty() && s.back() == strides[i] * dims[i]) {
            d.back() *= dims[i];
            s.back() = strides[i];
        } else {
            d.push_back(dims[i]);
            s.push_back(strides[i]);
        }
    }
    if (d.empty()) {
        dst[0] = src[0];
        return;
    }
    const size_t r = d.size();
    const int64_t inner = d[r - 1], innerStride = s[r - 1];
    int64_t rows = 1;
    for (size_t i = 0; i + 1 < r; ++i) rows *= d[i];
    parallelFor(rows, std::max<int64_t>(1, kMinBytesPerThread / int64_t(sizeof(E) * inner)),
                [&](int64_t begin, int64_t end) {
                    for (int64_t row = begin; row < end; ++row) {
                        int64_t rem = row, off = 0;
                        for (size_t i = r - 1; i-- > 0;) {
                            off += (rem % d[i]) * s[i];
                            rem /= d[i];
                        }
                        E* out = dst + row * inner;
                        const E* in = src + off;
                        if (innerStride == 1)
                            std::memcpy(out, in, size_t(inner) * sizeof(E));
                        else
                            for (int64_t k = 0; k < inner; ++k) out[k] = in[k * innerStride];
                    }
                });
}

}  // namespace

void stridedCopy(const void* src, DimSpan dims, DimSpan srcStrides, void* dst,
                 size_t elemSize) {
    for (int64_t d : dims)
        if (d == 0) return;
    switch (elemSize) {
        case 1: stridedTyped(static_cast<const uint8_t*>(src), dims, srcStrides, static_cast<uint8_t*>(dst)); return;
        case 2: stridedTyped(static_cast<const uint16_t*>(src), dims, srcStrides, static_cast<uint16_t*>(dst)); return;
        case 4: stridedTyped(static_cast<const uint32_t*>(src), dims, srcStrides, static_cast<uint32_t*>(dst)); return;
        case 8: stridedTyped(static_cast<const uint64_t*>(src), dims, srcStrides, static_cast<uint64_t*>(dst)); return;
        default: fail(ErrorKind::Internal, "strided copy: unsupported element size ", elemSize);
    }
}

void transposeBytes(const void* src, void* dst, size_t elemSize, DimSpan dims,
                    DimSpan perm) {
    int64_t n = 1;
    for (int64_t d : dims) n *= d;
    if (n == 0) return;
    DimVector sd, sp;
    simplifyPermutation(dims, perm, sd, sp);
    if (sd.size() <= 1) {
        std::memcpy(dst, src, size_t(n) * elemSize);
        return;
    }
    switch (elemSize) {
        case 1: transposeTyped(static_cast<const uint8_t*>(src), static_cast<uint8_t*>(dst), sd, sp); return;
        case 2: transposeTyped(static_cast<const uint16_t*>(src), static_cast<uint16_t*>(dst), sd, sp); return;
        case 4: transposeTyped(static_cast<const uint32_t*>(src), static_cast<uint32_t*>(dst), sd, sp); return;
        case 8: transposeTyped(static_cast<const uint64_t*>(src), static_cast<uint64_t*>(dst), sd, sp); return;
        default: fail(ErrorKind::Internal, "transpose: unsupported element size ", elemSize);
    }
}

Tensor transposed(const Tensor& src, DimSpan perm) {
    std::vector<int64_t> dims(perm.size());
    for (size_t j = 0; j < perm.size(); ++j) dims[j] = src.dims()[size_t(perm[j])];
    Tensor out(src.dtype(), dims);
    transposeBytes(src.raw(), out.raw(), dataTypeSize(src.dtype()), src.dims(), perm);
    return out;
}

bool broadcastDims(DimSpan a, DimSpan b, DimVector& out) {
    size_t r = std::max(a.size(), b.size());
    out.assign(r, 1);
    for (size_t i = 0; i < r; ++i) {
        int64_t da = i < r - a.size() ? 1 : a[i - (r - a.size())];
        int64_t db = i < r - b.size() ? 1 : b[i - (r - b.size())];
        if (da != db && da != 1 && db != 1) return false;
        out[i] = da == 1 ? db : da;
    }
    return true;
}

void broadcastBytes(const void* src, DimSpan srcDims, void* dst,
                    DimSpan outDims, size_t elemSize) {
    int64_t n = 1;
    for (int64_t d : outDims) n *= d;
    if (n == 0) return;
    DimVector padded(outDims.size() - srcDims.size(), 1);
    for (int64_t d : srcDims) padded.push_back(d);
    switch (elemSize) {
        case 1: broadcastTyped(static_cast<const uint8_t*>(src), padded, static_cast<uint8_t*>(dst), outDims); return;
        case 2: broadcastTyped(static_cast<const uint16_t*>(src), padded, static_cast<uint16_t*>(dst), outDims); return;
        case 4: broadcastTyped(static_cast<const uint32_t*>(src), padded, static_cast<uint32_t*>(dst), outDims); return;
        case 8: broadcastTyped(static_cast<const uint64_t*>(src), padded, static_cast<uint64_t*>(dst), outDims); return;
        default: fail(ErrorKind::Internal, "broadcast: unsupported element size ", elemSize);
    }
}

Tensor broadcastTo(const Tensor& src, DimSpan dims) {
    if (std::equal(dims.begin(), dims.end(), src.dims().begin(), src.dims().end())) return src;
    Tensor out(src.dtype(), std::vector<int64_t>(dims.begin(), dims.end()));
    broadcastBytes(src.raw(), src.dims(), out.raw(), dims, dataTypeSize(src.dtype()));
    return out;
}

}  // namespace kiln::cpu::movement
