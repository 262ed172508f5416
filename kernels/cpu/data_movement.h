// Byte-moving helpers shared by the shape, matmul and einsum kernels. They dispatch on element size,
// not type, so they work for every fixed-size dtype. Defined in shape_ops.cpp.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine_core/common/small_vector.h"

#include "engine_core/ir/tensor.h"

namespace kiln::cpu::movement {

using DimSpan = std::span<const int64_t>;

// dst (dims[perm[0]], dims[perm[1]], ...) = src (dims) permuted. perm must be a valid permutation.
void transposeBytes(const void* src, void* dst, size_t elemSize, DimSpan dims, DimSpan perm);
Tensor transposed(const Tensor& src, DimSpan perm);

// NumPy broadcasting of two shapes; returns false when they are incompatible.
bool broadcastDims(DimSpan a, DimSpan b, DimVector& out);

// Copies src (dims srcDims, right-aligned against outDims, each dim equal or 1) broadcast into dst.
void broadcastBytes(const void* src, DimSpan srcDims, void* dst, DimSpan outDims, size_t elemSize);
// src broadcast to dims (which must be a valid broadcast target).
Tensor broadcastTo(const Tensor& src, DimSpan dims);

// dst (contiguous, dims) [i0, i1, ...] = src[sum ik * srcStrides[k]] (strides in elements, may be 0 or
// negative). Serves Slice (negative steps) and Tile (stride-0 repeat dims).
void stridedCopy(const void* src, DimSpan dims, DimSpan srcStrides, void* dst, size_t elemSize);

}  // namespace kiln::cpu::movement
