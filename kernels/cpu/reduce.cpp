// Reductions (ONNX opset 18+ form: `axes` as an optional input), ArgMax/ArgMin, CumSum and TopK.
// Float reductions accumulate in double; integer Sum/Prod/L1/SumSquare accumulate in 64 bits with
// wrap-around, and Max/Min stay in the element type so int64 keeps every bit.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "engine_core/common/parallel.h"
#include "engine_core/common/small_vector.h"
#include "kernels/cpu/dispatch.h"
#include "kernels/cpu/register.h"

namespace kiln::cpu {

namespace {

enum class ReduceOp { Sum, Mean, Max, Min, Prod, L1, L2, LogSum, LogSumExp, SumSquare };

// Which axes are reduced, and how to walk them. Neighbouring dims with the same role are merged,
// so reducing [N, C, H, W] over (H, W) is one kept group of N*C and one reduced run of H*W.
struct ReducePlan {
    DimVector outDims;
    DimVector keptSizes, keptStrides;        // outermost first
    DimVector reducedSizes, reducedStrides;  // outermost first
    int64_t outCount = 1;
    int64_t reduceCount = 1;

    ReducePlan(std::span<const int64_t> dims, const SmallVector<bool, 8>& reduced, bool keepDims) {
        size_t rank = dims.size();
        DimVector strides(rank, 1);
        for (size_t i = rank; i-- > 1;) strides[i - 1] = strides[i] * dims[i];
        int lastRole = -1;  // 0 kept, 1 reduced
        for (size_t i = 0; i < rank; ++i) {
            if (reduced[i]) {
                reduceCount *= dims[i];
                if (keepDims) outDims.push_back(1);
            } else {
                outCount *= dims[i];
                outDims.push_back(dims[i]);
            }
            if (dims[i] == 1) continue;
            int role = reduced[i] ? 1 : 0;
            auto& sizes = role ? reducedSizes : keptSizes;
            auto& strs = role ? reducedStrides : keptStrides;
            if (role == lastRole) {
                // Merge with the previous dim of the same role: it is contiguous with this one.
                sizes.back() *= dims[i];
                strs.back() = strides[i];
            } else {
                sizes.push_back(dims[i]);
                strs.push_back(strides[i]);
            }
            lastRole = role;
        }
    }

    int64_t baseOffset(int64_t o) const {
        int64_t off = 0;
        for (size_t i = keptSizes.size(); i-- > 0;) {
            off += (o % keptSizes[i]) * keptStrides[i];
            o /= keptSizes[i];
        }
        return off;
    }

    // Calls fn(offset) for every reduced element of the output element at `base`.
    template <typename Fn>
    void visit(int64_t base, Fn&& fn) const {
        if (reduceCount == 0) return;
        size_t nr = reducedSizes.size();
        if (nr == 0) {
            fn(base);
            return;
        }
        int64_t innerSize = reducedSizes[nr - 1], innerStride = reducedStrides[nr - 1];
        DimVector coord(nr - 1, 0);
        int64_t off = base;
        while (true) {
            for (int64_t j = 0; j < innerSize; ++j) fn(off + j * innerStride);
            size_t i = nr - 1;
            for (; i-- > 0;) {
                off += reducedStrides[i];
                if (++coord[i] < reducedSizes[i]) break;
                off -= coord[i] * reducedStrides[i];
                coord[i] = 0;
            }
            if (i == size_t(-1)) return;
        }
    }
};

template <ReduceOp Op, typename T>
T reduceOne(const T* x, int64_t base, const ReducePlan& plan) {
    if constexpr (Op == ReduceOp::Max || Op == ReduceOp::Min) {
        T acc;
        if constexpr (std::is_floating_point_v<T>)
            acc = Op == ReduceOp::Max ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity();
        else
            acc = Op == ReduceOp::Max ? std::numeric_limits<T>::lowest() : std::numeric_limits<T>::max();
        bool nan = false;
        plan.visit(base, [&](int64_t off) {
            T v = x[off];
            if constexpr (std::is_floating_point_v<T>) nan |= std::isnan(v);
            if (Op == ReduceOp::Max ? v > acc : v < acc) acc = v;
        });
        if constexpr (std::is_floating_point_v<T>)
            if (nan) return std::numeric_limits<T>::quiet_NaN();
        return acc;
    } else if constexpr (std::is_integral_v<T> &&
                         (Op == ReduceOp::Sum || Op == ReduceOp::Prod || Op == ReduceOp::L1 || Op == ReduceOp::SumSquare)) {
        uint64_t acc = Op == ReduceOp::Prod ? 1 : 0;  // unsigned: wraps like the element type would
        plan.visit(base, [&](int64_t off) {
            T v = x[off];
            uint64_t u = static_cast<uint64_t>(static_cast<int64_t>(v));
            if constexpr (std::is_unsigned_v<T>) u = static_cast<uint64_t>(v);
            if constexpr (Op == ReduceOp::Sum) acc += u;
            else if constexpr (Op == ReduceOp::Prod) acc *= u;
            else if constexpr (Op == ReduceOp::SumSquare) acc += u * u;
            else acc += (std::is_signed_v<T> && v < T(0)) ? uint64_t(0) - u : u;
        });
        return static_cast<T>(acc);
    } else {
        double shift = 0.0;
        if constexpr (Op == ReduceOp::LogSumExp) {
            double mx = -std::numeric_limits<double>::infinity();
            plan.visit(base, [&](int64_t off) { mx = std::max(mx, double(x[off])); });
            shift = std::isfinite(mx) ? mx : 0.0;  // all -inf gives -inf, any +inf gives +inf
        }
        double acc = Op == ReduceOp::Prod ? 1.0 : 0.0;
        plan.visit(base, [&](int64_t off) {
            double v = double(x[off]);
            if constexpr (Op == ReduceOp::Sum || Op == ReduceOp::Mean || Op == ReduceOp::LogSum) acc += v;
            else if constexpr (Op == ReduceOp::Prod) acc *= v;
            else if constexpr (Op == ReduceOp::L1) acc += std::fabs(v);
            else if constexpr (Op == ReduceOp::L2 || Op == ReduceOp::SumSquare) acc += v * v;
            else acc += std::exp(v - shift);
        });
        if constexpr (Op == ReduceOp::Mean) acc /= double(plan.reduceCount);
        else if constexpr (Op == ReduceOp::L2) acc = std::sqrt(acc);
        else if constexpr (Op == ReduceOp::LogSum) acc = std::log(acc);
        else if constexpr (Op == ReduceOp::LogSumExp) acc = std::log(acc) + shift;
        return saturatingCast<T>(acc);
    }
}

// Reduced axes from the optional `axes` input; empty means "all" (or none with noop_with_empty_axes).
void reducedAxes(const KernelContext& ctx, size_t rank, SmallVector<bool, 8>& reduced) {
    reduced.assign(rank, false);
    const Tensor* axesT = ctx.optionalInput(1);
    if (axesT && axesT->dtype() != DataType::Int64 && axesT->dtype() != DataType::Int32)
        ctx.fail(ErrorKind::InvalidModel, "'axes' must be int64, got ", axesT->describe());
    if (axesT && axesT->rank() > 1) ctx.fail(ErrorKind::InvalidModel, "'axes' must be 1-D, got ", axesT->describe());
    const int64_t count = axesT ? axesT->numel() : 0;
    if (count == 0) {
        static const std::string kNoop = "noop_with_empty_axes";  // a literal key would allocate
        if (ctx.node().attrInt(kNoop, 0) == 0) reduced.assign(rank, true);
        return;
    }
    for (int64_t i = 0; i < count; ++i) {
        const int64_t a = axesT->dtype() == DataType::Int64 ? axesT->data<int64_t>()[i] : int64_t(axesT->data<int32_t>()[i]);
        if (a < -int64_t(rank) || a >= int64_t(rank))
            ctx.fail(ErrorKind::InvalidModel, "axes value ", a, " is out of range for rank ", rank);
        size_t k = size_t(a < 0 ? a + int64_t(rank) : a);
        if (reduced[k]) ctx.fail(ErrorKind::InvalidModel, "axes lists axis ", k, " twice");
        reduced[k] = true;
    }
}

template <ReduceOp Op, typename T>
void reduceTyped(const T* x, T* y, const ReducePlan& plan) {
    int64_t grain = std::max<int64_t>(1, 16384 / std::max<int64_t>(plan.reduceCount, 1));
    parallelFor(plan.outCount, grain, [&](int64_t begin, int64_t end) {
        for (int64_t o = begin; o < end; ++o) y[o] = reduceOne<Op>(x, plan.baseOffset(o), plan);
    });
}

template <ReduceOp Op>
void reduceKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    // With noop_with_empty_axes and no axes nothing is reduced: each element is "reduced" alone,
    // so L1 gives |x|, SumSquare x^2, LogSum log(x) (as the ONNX reference does since 1.16).
    SmallVector<bool, 8> reduced;
    reducedAxes(ctx, x.rank(), reduced);
    bool keepDims = ctx.node().attrInt("keepdims", 1) != 0;
    ReducePlan plan(x.dims(), reduced, keepDims);
    DataType t = x.dtype();
    if (isStorageFloat(t)) {
        Tensor wide = widenToFloat32(x);
        Tensor tmp(DataType::Float32, plan.outDims.vec());
        reduceTyped<Op>(wide.data<float>(), tmp.data<float>(), plan);
        ctx.setOutput(0, narrowFromFloat32(tmp, t));
        return;
    }
    bool done = false;
    visitType(t, [&](auto tag) {
        using T = decltype(tag);
        // bool only for Max/Min (opset 20): any / all.
        if constexpr (!std::is_same_v<T, bool> || Op == ReduceOp::Max || Op == ReduceOp::Min) {
            Tensor& y = ctx.allocateOutput(0, t, plan.outDims);
            reduceTyped<Op>(x.data<T>(), y.data<T>(), plan);
            done = true;
        }
    });
    if (!done) ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(t), " is not supported");
}

// Splits dims around `axis` into (outer, n, inner).
struct AxisSplit {
    int64_t outer, n, inner;
};
AxisSplit splitAt(std::span<const int64_t> dims, int64_t axis) {
    return {dimProduct(dims, 0, size_t(axis)), dims[size_t(axis)], dimProduct(dims, size_t(axis) + 1, dims.size())};
}

template <bool IsMax>
void argKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    int64_t rank = int64_t(x.rank());
    if (rank == 0) ctx.fail(ErrorKind::InvalidModel, "input must have rank >= 1, got a scalar");
    int64_t axis = normalizeAxis(ctx, ctx.node().attrInt("axis", 0), rank);
    bool keepDims = ctx.node().attrInt("keepdims", 1) != 0;
    static const std::string kSelectLast = "select_last_index";  // a literal key would allocate
    bool last = ctx.node().attrInt(kSelectLast, 0) != 0;
    AxisSplit s = splitAt(x.dims(), axis);
    if (s.n == 0 && s.outer * s.inner > 0) ctx.fail(ErrorKind::InvalidArgument, "cannot take the arg of an empty axis ", axis);
    DimVector outDims(x.dims());
    if (keepDims) outDims[size_t(axis)] = 1;
    else outDims.erase(outDims.begin() + axis);
    Tensor holder;
    const Tensor& wide = widenedToFloat32(x, holder);
    Tensor& y = ctx.allocateOutput(0, DataType::Int64, outDims);
    int64_t* py = y.data<int64_t>();
    bool done = false;
    visitType(wide.dtype(), [&](auto tag) {
        using T = decltype(tag);
        if constexpr (!std::is_same_v<T, bool>) {
            const T* px = wide.data<T>();
            parallelFor(s.outer * s.inner, 256, [&](int64_t begin, int64_t end) {
                for (int64_t r = begin; r < end; ++r) {
                    const T* p = px + (r / s.inner) * s.n * s.inner + r % s.inner;
                    int64_t best = 0;
                    bool bestNaN = false;
                    for (int64_t j = 0; j < s.n; ++j) {
                        T v = p[j * s.inner], b = p[best * s.inner];
                        bool isNaN = false;
                        if constexpr (std::is_floating_point_v<T>) isNaN = std::isnan(v);
                        // NaN wins like numpy's argmax/argmin; ties go to the first (or last) index.
                        bool better = IsMax ? v > b : v < b;
                        bool tie = v == b || (isNaN && bestNaN);
                        if (j == 0 || (!bestNaN && (isNaN || better)) || (last && tie)) {
                            best = j;
                            bestNaN = isNaN;
                        }
                    }
                    py[r] = best;
                }
            });
            done = true;
        }
    });
    if (!done) ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(x.dtype()), " is not supported");
}

void cumSumKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    const Tensor& axisT = ctx.input(1);
    if ((axisT.dtype() != DataType::Int64 && axisT.dtype() != DataType::Int32) || axisT.numel() != 1)
        ctx.fail(ErrorKind::InvalidModel, "'axis' must be an int32/int64 scalar, got ", axisT.describe());
    int64_t rank = int64_t(x.rank());
    if (rank == 0) ctx.fail(ErrorKind::InvalidModel, "input must have rank >= 1, got a scalar");
    int64_t axis = normalizeAxis(ctx, axisT.scalarAsInt64(0), rank);
    bool exclusive = ctx.node().attrInt("exclusive", 0) != 0;
    bool reverse = ctx.node().attrInt("reverse", 0) != 0;
    AxisSplit s = splitAt(x.dims(), axis);
    auto scan = [&](const auto* px, auto* py) {
        using T = std::remove_const_t<std::remove_pointer_t<decltype(px)>>;
        using Acc = std::conditional_t<std::is_floating_point_v<T>, double, T>;
        parallelFor(s.outer * s.inner, 256, [&](int64_t begin, int64_t end) {
            for (int64_t r = begin; r < end; ++r) {
                int64_t base = (r / s.inner) * s.n * s.inner + r % s.inner;
                Acc acc = 0;
                for (int64_t k = 0; k < s.n; ++k) {
                    int64_t j = reverse ? s.n - 1 - k : k;
                    int64_t off = base + j * s.inner;
                    if (exclusive) {
                        py[off] = T(acc);
                        acc = Acc(acc + Acc(px[off]));
                    } else {
                        acc = Acc(acc + Acc(px[off]));
                        py[off] = T(acc);
                    }
                }
            }
        });
    };
    DataType t = x.dtype();
    if (isStorageFloat(t)) {
        Tensor wide = widenToFloat32(x);
        Tensor tmp(DataType::Float32, x.dims());
        scan(wide.data<float>(), tmp.data<float>());
        ctx.setOutput(0, narrowFromFloat32(tmp, t));
        return;
    }
    bool done = false;
    visitType(t, [&](auto tag) {
        using T = decltype(tag);
        if constexpr (!std::is_same_v<T, bool>) {
            Tensor& y = ctx.allocateOutput(0, t, x.dims());
            scan(x.data<T>(), y.data<T>());
            done = true;
        }
    });
    if (!done) ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(t), " is not supported");
}

// TopK: the k largest (or smallest) along axis, sorted; equal values keep the lower index first.
// NaN counts as larger than every number.
void topKKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    const Tensor& kT = ctx.input(1);
    if ((kT.dtype() != DataType::Int64 && kT.dtype() != DataType::Int32) || kT.numel() != 1)
        ctx.fail(ErrorKind::InvalidModel, "'K' must be a one-element int64 tensor, got ", kT.describe());
    int64_t rank = int64_t(x.rank());
    if (rank == 0) ctx.fail(ErrorKind::InvalidModel, "input must have rank >= 1, got a scalar");
    int64_t axis = normalizeAxis(ctx, ctx.node().attrInt("axis", -1), rank);
    bool largest = ctx.node().attrInt("largest", 1) != 0;
    int64_t k = kT.scalarAsInt64(0);
    AxisSplit s = splitAt(x.dims(), axis);
    if (k < 0 || k > s.n) ctx.fail(ErrorKind::InvalidArgument, "K = ", k, " is out of range for axis ", axis, " of size ", s.n);
    DimVector outDims(x.dims());
    outDims[size_t(axis)] = k;
    // Values go straight into the planned output, except for the storage-only floats (computed in
    // fp32, then narrowed).
    const bool widen = isStorageFloat(x.dtype());
    Tensor holder, wideValues;
    const Tensor& wide = widenedToFloat32(x, holder);
    if (widen) wideValues = Tensor(wide.dtype(), outDims.vec());
    Tensor& values = widen ? wideValues : ctx.allocateOutput(0, x.dtype(), outDims);
    Tensor& indices = ctx.allocateOutput(1, DataType::Int64, outDims);
    int64_t* pi = indices.data<int64_t>();
    bool done = false;
    visitType(wide.dtype(), [&](auto tag) {
        using T = decltype(tag);
        if constexpr (!std::is_same_v<T, bool>) {
            const T* px = wide.data<T>();
            T* pv = values.data<T>();
            parallelFor(s.outer * s.inner, 64, [&](int64_t begin, int64_t end) {
                // This thread's scratch (parallel.h): no allocation per run.
                const std::span<int64_t> order(threadScratchArray<int64_t>(0, static_cast<size_t>(s.n)),
                                               static_cast<size_t>(s.n));
                for (int64_t r = begin; r < end; ++r) {
                    int64_t base = (r / s.inner) * s.n * s.inner + r % s.inner;
                    int64_t outBase = (r / s.inner) * k * s.inner + r % s.inner;
                    const T* p = px + base;
                    std::iota(order.begin(), order.end(), int64_t(0));
                    auto before = [&](int64_t a, int64_t b) {
                        T va = p[a * s.inner], vb = p[b * s.inner];
                        bool na = false, nb = false;
                        if constexpr (std::is_floating_point_v<T>) {
                            na = std::isnan(va);
                            nb = std::isnan(vb);
                        }
                        if (na || nb) {
                            if (na && nb) return a < b;
                            return largest ? na : nb;
                        }
                        if (va != vb) return largest ? va > vb : va < vb;
                        return a < b;
                    };
                    std::partial_sort(order.begin(), order.begin() + k, order.end(), before);
                    for (int64_t j = 0; j < k; ++j) {
                        pv[outBase + j * s.inner] = p[order[size_t(j)] * s.inner];
                        pi[outBase + j * s.inner] = order[size_t(j)];
                    }
                }
            });
            done = true;
        }
    });
    if (!done) ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(x.dtype()), " is not supported");
    if (widen) ctx.setOutput(0, narrowFromFloat32(values, x.dtype()));
}

}  // namespace

void registerReduceKernels(KernelRegistry& registry) {
    const std::vector<DataType> types = {DataType::Float32, DataType::Float64, DataType::Float16, DataType::BFloat16,
                                         DataType::Int8,    DataType::UInt8,   DataType::Int16,   DataType::UInt16,
                                         DataType::Int32,   DataType::UInt32,  DataType::Int64,   DataType::UInt64};
    auto add = [&](const char* op, KernelFn fn) { registry.add(op, {fn, types}); };
    add("ReduceSum", &reduceKernel<ReduceOp::Sum>);
    add("ReduceMean", &reduceKernel<ReduceOp::Mean>);
    std::vector<DataType> withBool = types;
    withBool.push_back(DataType::Bool);
    registry.add("ReduceMax", {&reduceKernel<ReduceOp::Max>, withBool});
    registry.add("ReduceMin", {&reduceKernel<ReduceOp::Min>, withBool});
    add("ReduceProd", &reduceKernel<ReduceOp::Prod>);
    add("ReduceL1", &reduceKernel<ReduceOp::L1>);
    add("ReduceL2", &reduceKernel<ReduceOp::L2>);
    add("ReduceLogSum", &reduceKernel<ReduceOp::LogSum>);
    add("ReduceLogSumExp", &reduceKernel<ReduceOp::LogSumExp>);
    add("ReduceSumSquare", &reduceKernel<ReduceOp::SumSquare>);
    add("ArgMax", &argKernel<true>);
    add("ArgMin", &argKernel<false>);
    add("CumSum", &cumSumKernel);
    add("TopK", &topKKernel);
}

}  // namespace kiln::cpu
