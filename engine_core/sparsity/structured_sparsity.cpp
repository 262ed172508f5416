// 2:4 pattern check and magnitude pruning along one axis (structured_sparsity.h).
#include "engine_core/sparsity/structured_sparsity.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "engine_core/common/error.h"

namespace kiln {

namespace {

// The tensor as [outer, reduction, inner] around `axis`, after checking what the 2:4 rule needs.
struct GroupLayout {
    int64_t outer = 1;
    int64_t reduction = 0;
    int64_t inner = 1;
};

GroupLayout groupLayout(const Tensor& weight, int axis) {
    KILN_CHECK(weight.defined() && weight.device().isHost(), InvalidArgument,
               "2:4 sparsity: the weight must be a host tensor");
    const DataType dtype = weight.dtype();
    KILN_CHECK(isFloatingPoint(dtype) || isInteger(dtype), InvalidArgument, "2:4 sparsity: a ",
               dataTypeName(dtype), " tensor has no magnitudes to prune (numeric weights only)");
    KILN_CHECK(axis >= 0 && size_t(axis) < weight.rank(), InvalidArgument, "2:4 sparsity: axis ", axis,
               " is out of range for ", weight.describe());
    GroupLayout g;
    g.reduction = weight.dim(axis);
    KILN_CHECK(g.reduction % 4 == 0, InvalidArgument, "2:4 sparsity: ", weight.describe(), " has ",
               g.reduction, " elements along axis ", axis, ", not a multiple of 4");
    for (int d = 0; d < axis; ++d) g.outer *= weight.dim(d);
    for (size_t d = size_t(axis) + 1; d < weight.rank(); ++d) g.inner *= weight.dim(int(d));
    return g;
}

// |w| with NaN as the largest magnitude, so pruning never hides a NaN behind a zero.
double magnitude(double v) {
    return std::isnan(v) ? std::numeric_limits<double>::infinity() : std::fabs(v);
}

// Calls fn(index[4]) with the flat element indices of every group, in order.
template <typename Fn>
void forEachGroup(const GroupLayout& g, Fn fn) {
    int64_t index[4];
    for (int64_t o = 0; o < g.outer; ++o)
        for (int64_t r = 0; r < g.reduction; r += 4)
            for (int64_t i = 0; i < g.inner; ++i) {
                for (int64_t k = 0; k < 4; ++k) index[k] = (o * g.reduction + r + k) * g.inner + i;
                fn(index);
            }
}

// Element i as double; a direct read for fp32 weights, which are nearly all of them.
double valueAt(const Tensor& t, const float* f32, int64_t i) {
    return f32 ? double(f32[i]) : t.scalarAsDouble(i);
}

}  // namespace

SparsityStats check2to4(const Tensor& weight, int axis) {
    const GroupLayout g = groupLayout(weight, axis);
    const float* f32 = weight.dtype() == DataType::Float32 ? weight.data<float>() : nullptr;
    SparsityStats s;
    s.elements = weight.numel();
    forEachGroup(g, [&](const int64_t* index) {
        int nonZeros = 0;
        for (int k = 0; k < 4; ++k) nonZeros += valueAt(weight, f32, index[k]) != 0.0 ? 1 : 0;
        s.zeros += 4 - nonZeros;
        ++s.groups;
        s.compliantGroups += nonZeros <= 2 ? 1 : 0;
    });
    return s;
}

Tensor prune2to4(const Tensor& weight, int axis) {
    const GroupLayout g = groupLayout(weight, axis);
    Tensor out = weight.clone();
    const float* f32 = weight.dtype() == DataType::Float32 ? weight.data<float>() : nullptr;
    const size_t elementSize = dataTypeSize(out.dtype());
    char* bytes = static_cast<char*>(out.raw());
    forEachGroup(g, [&](const int64_t* index) {
        double m[4];
        for (int k = 0; k < 4; ++k) m[k] = magnitude(valueAt(weight, f32, index[k]));
        // The two largest, ties to the lower position: k beats j when m[k] > m[j], or equal and k < j.
        auto beats = [&](int k, int j) { return m[k] > m[j] || (m[k] == m[j] && k < j); };
        int first = 0;
        for (int k = 1; k < 4; ++k)
            if (beats(k, first)) first = k;
        int second = first == 0 ? 1 : 0;
        for (int k = 0; k < 4; ++k)
            if (k != first && beats(k, second)) second = k;
        // All-zero bytes are zero in every numeric dtype.
        for (int k = 0; k < 4; ++k)
            if (k != first && k != second) std::memset(bytes + size_t(index[k]) * elementSize, 0, elementSize);
    });
    return out;
}

}  // namespace kiln
