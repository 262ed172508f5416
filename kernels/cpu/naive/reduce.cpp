// Oracle (naive) reductions (opset 18 form: `axes` an optional input; the importer rewrites older
// nodes): ReduceSum ReduceMean ReduceMax ReduceMin ReduceProd ReduceL1 ReduceL2 ReduceLogSum
// ReduceLogSumExp ReduceSumSquare, plus ArgMax ArgMin CumSum TopK. Every input element is added
// to the bucket (output element) keptIndex() names. Floats accumulate in double and round once;
// integer Sum/Prod/L1/SumSquare wrap modulo 2^bits, Max/Min compare in the element type, Mean is the
// exact sum divided with truncation, and L2/LogSum/LogSumExp go through double and truncate.
// Empty reductions give the identity: 0, 1 for Prod, −inf/+inf (lowest/max) for Max/Min, NaN
// for a float Mean. Dtypes as kernels/cpu/reduce.cpp registers them.
#include <cmath>
#include <limits>

#include "kernels/cpu/naive/naive.h"

namespace kiln::naive {

namespace {

enum class Reduce { Sum, Mean, Max, Min, Prod, L1, L2, LogSum, LogSumExp, SumSquare };

// Which axes are reduced: the `axes` input (int64 or int32, 1-D); none given means all axes, or
// none with noop_with_empty_axes = 1.
std::vector<bool> reducedAxes(const KernelContext& ctx, int64_t rank) {
    const Tensor* axesInput = ctx.optionalInput(1);
    std::vector<int64_t> axes;
    if (axesInput) {
        if (axesInput->dtype() != DataType::Int64 && axesInput->dtype() != DataType::Int32)
            ctx.fail(ErrorKind::InvalidModel, "'axes' must be int64, got ", axesInput->describe());
        if (axesInput->rank() > 1) ctx.fail(ErrorKind::InvalidModel, "'axes' must be 1-D, got ", axesInput->describe());
        axes = axesInput->toInt64Vector();
    }
    if (axes.empty()) return std::vector<bool>(size_t(rank), ctx.node().attrInt("noop_with_empty_axes", 0) == 0);
    std::vector<bool> reduced(size_t(rank), false);
    for (int64_t a : axes) {
        if (a < -rank || a >= rank)
            ctx.fail(ErrorKind::InvalidModel, "axes value ", a, " is out of range for rank ", rank);
        size_t k = size_t(a < 0 ? a + rank : a);
        if (reduced[k]) ctx.fail(ErrorKind::InvalidModel, "axes lists axis ", k, " twice");
        reduced[k] = true;
    }
    return reduced;
}

template <Reduce R>
double floatStart() {
    if constexpr (R == Reduce::Prod) return 1.0;
    else if constexpr (R == Reduce::Max || R == Reduce::LogSumExp) return -std::numeric_limits<double>::infinity();
    else if constexpr (R == Reduce::Min) return std::numeric_limits<double>::infinity();
    else return 0.0;
}

// Float (and integer L2/LogSum/LogSumExp) reduction into double buckets.
template <Reduce R, typename Read>
std::vector<double> reduceInDouble(const Tensor& x, const std::vector<bool>& reduced, int64_t buckets, Read read) {
    std::vector<double> acc(size_t(buckets), floatStart<R>());
    std::vector<int64_t> count(size_t(buckets), 0);
    std::vector<double> shift(size_t(buckets), 0.0);
    if constexpr (R == Reduce::LogSumExp) {  // exp(v − max) cannot overflow
        std::vector<double> maxima(size_t(buckets), -std::numeric_limits<double>::infinity());
        for (int64_t i = 0; i < x.numel(); ++i) {
            double& m = maxima[size_t(keptIndex(i, x.dims(), reduced))];
            m = std::max(m, read(i));
        }
        for (size_t b = 0; b < maxima.size(); ++b) shift[b] = std::isfinite(maxima[b]) ? maxima[b] : 0.0;
        acc.assign(size_t(buckets), 0.0);
    }
    for (int64_t i = 0; i < x.numel(); ++i) {
        const size_t b = size_t(keptIndex(i, x.dims(), reduced));
        const double v = read(i);
        double& a = acc[b];
        ++count[b];
        if constexpr (R == Reduce::Sum || R == Reduce::Mean || R == Reduce::LogSum) a += v;
        else if constexpr (R == Reduce::Prod) a *= v;
        else if constexpr (R == Reduce::L1) a += std::fabs(v);
        else if constexpr (R == Reduce::L2 || R == Reduce::SumSquare) a += v * v;
        else if constexpr (R == Reduce::LogSumExp) a += std::exp(v - shift[b]);
        else if (std::isnan(a) || std::isnan(v)) a = std::numeric_limits<double>::quiet_NaN();
        else if (R == Reduce::Max ? v > a : v < a) a = v;
    }
    for (size_t b = 0; b < acc.size(); ++b) {
        if constexpr (R == Reduce::Mean) acc[b] /= double(count[b]);
        else if constexpr (R == Reduce::L2) acc[b] = std::sqrt(acc[b]);
        else if constexpr (R == Reduce::LogSum) acc[b] = std::log(acc[b]);
        else if constexpr (R == Reduce::LogSumExp) acc[b] = std::log(acc[b]) + shift[b];
    }
    return acc;
}

// Integer reductions in the element type's arithmetic.
template <Reduce R, typename T>
void reduceIntegers(const Tensor& x, const std::vector<bool>& reduced, Tensor& y) {
    const int64_t buckets = y.numel();
    const T* px = x.data<T>();
    T* py = y.data<T>();
    if constexpr (R == Reduce::Max || R == Reduce::Min) {
        const T start = R == Reduce::Max ? std::numeric_limits<T>::lowest() : std::numeric_limits<T>::max();
        std::vector<T> acc(size_t(buckets), start);
        for (int64_t i = 0; i < x.numel(); ++i) {
            T& a = acc[size_t(keptIndex(i, x.dims(), reduced))];
            if (R == Reduce::Max ? px[i] > a : px[i] < a) a = px[i];
        }
        for (int64_t b = 0; b < buckets; ++b) py[b] = acc[size_t(b)];
    } else if constexpr (R == Reduce::Mean) {
        std::vector<__int128> sum(size_t(buckets), 0);
        std::vector<int64_t> count(size_t(buckets), 0);
        for (int64_t i = 0; i < x.numel(); ++i) {
            size_t b = size_t(keptIndex(i, x.dims(), reduced));
            sum[b] += px[i];
            ++count[b];
        }
        for (int64_t b = 0; b < buckets; ++b)
            py[b] = count[size_t(b)] == 0 ? T(0) : static_cast<T>(sum[size_t(b)] / count[size_t(b)]);  // truncates
    } else if constexpr (R == Reduce::Sum || R == Reduce::Prod || R == Reduce::L1 || R == Reduce::SumSquare) {
        std::vector<uint64_t> acc(size_t(buckets), R == Reduce::Prod ? 1 : 0);
        for (int64_t i = 0; i < x.numel(); ++i) {
            uint64_t& a = acc[size_t(keptIndex(i, x.dims(), reduced))];
            const uint64_t u = static_cast<uint64_t>(px[i]);
            if constexpr (R == Reduce::Sum) a += u;
            else if constexpr (R == Reduce::Prod) a *= u;
            else if constexpr (R == Reduce::SumSquare) a += u * u;
            else a += px[i] < T(0) ? uint64_t(0) - u : u;
        }
        for (int64_t b = 0; b < buckets; ++b) py[b] = static_cast<T>(acc[size_t(b)]);
    } else {
        std::vector<double> acc = reduceInDouble<R>(x, reduced, buckets, [&](int64_t i) { return double(px[i]); });
        for (int64_t b = 0; b < buckets; ++b) py[b] = truncateToInteger<T>(acc[size_t(b)]);
    }
}

template <Reduce R>
void reduceKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    const int64_t rank = int64_t(x.rank());
    const std::vector<bool> reduced = reducedAxes(ctx, rank);
    const bool keepDims = ctx.node().attrInt("keepdims", 1) != 0;
    std::vector<int64_t> outDims;
    for (int64_t d = 0; d < rank; ++d) {
        if (!reduced[size_t(d)]) outDims.push_back(x.dims()[size_t(d)]);
        else if (keepDims) outDims.push_back(1);
    }
    const DataType t = x.dtype();
    Tensor& y = ctx.allocateOutput(0, t, outDims);
    const int64_t buckets = y.numel();
    if (isFloatingPoint(t)) {
        std::vector<double> acc = reduceInDouble<R>(x, reduced, buckets, [&](int64_t i) { return readFloat(x, i); });
        for (int64_t b = 0; b < buckets; ++b) writeFloat(y, b, acc[size_t(b)]);
        return;
    }
    if (t == DataType::Bool && (R == Reduce::Max || R == Reduce::Min)) {  // any / all (opset 20)
        for (int64_t b = 0; b < buckets; ++b) y.data<bool>()[b] = R == Reduce::Min;
        for (int64_t i = 0; i < x.numel(); ++i) {
            bool& a = y.data<bool>()[keptIndex(i, x.dims(), reduced)];
            a = R == Reduce::Max ? (a || x.data<bool>()[i]) : (a && x.data<bool>()[i]);
        }
        return;
    }
    bool done = visitIntegerType(t, [&](auto tag) { reduceIntegers<R, decltype(tag)>(x, reduced, y); });
    if (!done) ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(t), " is not supported");
}

// Calls fn(less) where less(i, j) compares elements i and j of x (flat indices) in x's own type;
// `isNaN(i)` says whether element i is NaN (never for integers).
template <typename Fn>
void withComparator(const KernelContext& ctx, const Tensor& x, Fn fn) {
    if (isFloatingPoint(x.dtype())) {
        fn([&](int64_t i, int64_t j) { return readFloat(x, i) < readFloat(x, j); },
           [&](int64_t i) { return std::isnan(readFloat(x, i)); });
        return;
    }
    bool done = visitIntegerType(x.dtype(), [&](auto tag) {
        using T = decltype(tag);
        const T* px = x.data<T>();
        fn([px](int64_t i, int64_t j) { return px[i] < px[j]; }, [](int64_t) { return false; });
    });
    if (!done) ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(x.dtype()), " is not supported");
}

// ArgMax/ArgMin along axis: a NaN wins (numpy); among equal values the first index, or the last
// with select_last_index = 1.
template <bool IsMax>
void argKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    const int64_t rank = int64_t(x.rank());
    if (rank == 0) ctx.fail(ErrorKind::InvalidModel, "input must have rank >= 1, got a scalar");
    const int64_t axis = naiveAxis(ctx, ctx.node().attrInt("axis", 0), rank);
    const bool keepDims = ctx.node().attrInt("keepdims", 1) != 0;
    const bool last = ctx.node().attrInt("select_last_index", 0) != 0;
    const std::vector<int64_t>& dims = x.dims();
    const int64_t outer = elementCount(std::vector<int64_t>(dims.begin(), dims.begin() + axis));
    const int64_t n = dims[size_t(axis)];
    const int64_t inner = elementCount(std::vector<int64_t>(dims.begin() + axis + 1, dims.end()));
    if (n == 0 && outer * inner > 0)
        ctx.fail(ErrorKind::InvalidArgument, "cannot take the arg of an empty axis ", axis);
    std::vector<int64_t> outDims = dims;
    if (keepDims) outDims[size_t(axis)] = 1;
    else outDims.erase(outDims.begin() + axis);
    Tensor& y = ctx.allocateOutput(0, DataType::Int64, outDims);
    withComparator(ctx, x, [&](auto less, auto isNaN) {
        for (int64_t o = 0; o < outer; ++o)
            for (int64_t i = 0; i < inner; ++i) {
                auto at = [&](int64_t j) { return (o * n + j) * inner + i; };
                int64_t best = 0;
                for (int64_t j = 1; j < n; ++j) {
                    const int64_t c = at(j), b = at(best);
                    bool better;
                    if (isNaN(b)) better = last && isNaN(c);
                    else if (isNaN(c)) better = true;
                    else if (IsMax ? less(b, c) : less(c, b)) better = true;
                    else better = last && !less(b, c) && !less(c, b);  // equal
                    if (better) best = j;
                }
                y.data<int64_t>()[o * inner + i] = best;
            }
    });
}

// Scalar operand (one element, int32 or int64) of CumSum's axis and TopK's K.
int64_t scalarInput(const KernelContext& ctx, size_t index, const char* name) {
    const Tensor& t = ctx.input(index);
    if ((t.dtype() != DataType::Int64 && t.dtype() != DataType::Int32) || t.numel() != 1)
        ctx.fail(ErrorKind::InvalidModel, "'", name, "' must be a one-element int32/int64 tensor, got ", t.describe());
    return t.scalarAsInt64(0);
}

// CumSum along axis; exclusive leaves the current element out, reverse runs from the end.
void cumSumKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    const int64_t rank = int64_t(x.rank());
    if (rank == 0) ctx.fail(ErrorKind::InvalidModel, "input must have rank >= 1, got a scalar");
    const int64_t axis = naiveAxis(ctx, scalarInput(ctx, 1, "axis"), rank);
    const bool exclusive = ctx.node().attrInt("exclusive", 0) != 0;
    const bool reverse = ctx.node().attrInt("reverse", 0) != 0;
    const std::vector<int64_t>& dims = x.dims();
    const int64_t outer = elementCount(std::vector<int64_t>(dims.begin(), dims.begin() + axis));
    const int64_t n = dims[size_t(axis)];
    const int64_t inner = elementCount(std::vector<int64_t>(dims.begin() + axis + 1, dims.end()));
    Tensor& y = ctx.allocateOutput(0, x.dtype(), dims);
    // One running sum per line along the axis: double for floats, uint64 for integers (wrapping
    // modulo 2^64, then modulo 2^bits on the way out).
    auto scan = [&](auto zero, auto read, auto write) {
        for (int64_t o = 0; o < outer; ++o)
            for (int64_t i = 0; i < inner; ++i) {
                auto sum = zero;
                for (int64_t k = 0; k < n; ++k) {
                    const int64_t at = (o * n + (reverse ? n - 1 - k : k)) * inner + i;
                    if (exclusive) write(at, sum);
                    sum += read(at);
                    if (!exclusive) write(at, sum);
                }
            }
    };
    if (isFloatingPoint(x.dtype())) {
        scan(0.0, [&](int64_t at) { return readFloat(x, at); },
             [&](int64_t at, double sum) { writeFloat(y, at, sum); });
        return;
    }
    bool done = visitIntegerType(x.dtype(), [&](auto tag) {
        using T = decltype(tag);
        scan(uint64_t(0), [&](int64_t at) { return static_cast<uint64_t>(x.data<T>()[at]); },
             [&](int64_t at, uint64_t sum) { y.data<T>()[at] = static_cast<T>(sum); });
    });
    if (!done) ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(x.dtype()), " is not supported");
}

// TopK: the k largest (largest = 1) or smallest along axis, in order, by repeated selection of the
// best remaining element; equal values keep the lower index first; NaN counts as larger than every
// number (first for largest, last for smallest).
void topKKernel(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    const int64_t rank = int64_t(x.rank());
    if (rank == 0) ctx.fail(ErrorKind::InvalidModel, "input must have rank >= 1, got a scalar");
    const int64_t axis = naiveAxis(ctx, ctx.node().attrInt("axis", -1), rank);
    const bool largest = ctx.node().attrInt("largest", 1) != 0;
    const int64_t k = scalarInput(ctx, 1, "K");
    const std::vector<int64_t>& dims = x.dims();
    const int64_t outer = elementCount(std::vector<int64_t>(dims.begin(), dims.begin() + axis));
    const int64_t n = dims[size_t(axis)];
    const int64_t inner = elementCount(std::vector<int64_t>(dims.begin() + axis + 1, dims.end()));
    if (k < 0 || k > n)
        ctx.fail(ErrorKind::InvalidArgument, "K = ", k, " is out of range for axis ", axis, " of size ", n);
    std::vector<int64_t> outDims = dims;
    outDims[size_t(axis)] = k;
    Tensor& values = ctx.allocateOutput(0, x.dtype(), outDims);
    Tensor& indices = ctx.allocateOutput(1, DataType::Int64, outDims);
    const size_t elementSize = dataTypeSize(x.dtype());
    withComparator(ctx, x, [&](auto less, auto isNaN) {
        // Whether element a (flat) goes before element b in the output.
        auto before = [&](int64_t a, int64_t b) {
            if (isNaN(a) && isNaN(b)) return false;  // equal: the index order decides
            if (isNaN(a)) return largest;
            if (isNaN(b)) return !largest;
            return largest ? less(b, a) : less(a, b);
        };
        std::vector<bool> taken(static_cast<size_t>(n));
        for (int64_t o = 0; o < outer; ++o)
            for (int64_t i = 0; i < inner; ++i) {
                auto at = [&](int64_t j) { return (o * n + j) * inner + i; };
                taken.assign(size_t(n), false);
                for (int64_t r = 0; r < k; ++r) {
                    int64_t best = -1;
                    for (int64_t j = 0; j < n; ++j)  // ascending j: a tie keeps the lower index
                        if (!taken[size_t(j)] && (best < 0 || before(at(j), at(best)))) best = j;
                    taken[size_t(best)] = true;
                    const int64_t out = (o * k + r) * inner + i;
                    std::memcpy(static_cast<uint8_t*>(values.raw()) + size_t(out) * elementSize,
                                static_cast<const uint8_t*>(x.raw()) + size_t(at(best)) * elementSize, elementSize);
                    indices.data<int64_t>()[out] = best;
                }
            }
    });
}

}  // namespace

void registerNaiveReduceKernels(KernelRegistry& registry) {
    const std::vector<DataType> types = naiveNumericTypes();
    std::vector<DataType> withBool = types;
    withBool.push_back(DataType::Bool);
    addNaive(registry, "ReduceSum", &reduceKernel<Reduce::Sum>, types);
    addNaive(registry, "ReduceMean", &reduceKernel<Reduce::Mean>, types);
    addNaive(registry, "ReduceMax", &reduceKernel<Reduce::Max>, withBool);
    addNaive(registry, "ReduceMin", &reduceKernel<Reduce::Min>, withBool);
    addNaive(registry, "ReduceProd", &reduceKernel<Reduce::Prod>, types);
    addNaive(registry, "ReduceL1", &reduceKernel<Reduce::L1>, types);
    addNaive(registry, "ReduceL2", &reduceKernel<Reduce::L2>, types);
    addNaive(registry, "ReduceLogSum", &reduceKernel<Reduce::LogSum>, types);
    addNaive(registry, "ReduceLogSumExp", &reduceKernel<Reduce::LogSumExp>, types);
    addNaive(registry, "ReduceSumSquare", &reduceKernel<Reduce::SumSquare>, types);
    addNaive(registry, "ArgMax", &argKernel<true>, types);
    addNaive(registry, "ArgMin", &argKernel<false>, types);
    addNaive(registry, "CumSum", &cumSumKernel, types);
    addNaive(registry, "TopK", &topKKernel, types);
}

}  // namespace kiln::naive
