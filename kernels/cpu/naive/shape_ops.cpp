// The oracle's shape and constant ops (ONNX opset 21; naive.h says what the oracle is): Constant,
// ConstantOfShape, Dropout (inference), Expand, Flatten, Identity, Range, Reshape (allowzero), Shape
// (start/end), Size, Squeeze, Transpose, Unsqueeze. Ops that only relabel dims return the input's
// storage under new dims (ctx.setOutput); the others move elements one at a time by index.
#include <algorithm>
#include <cmath>

#include "kernels/cpu/naive/naive.h"
#include "kernels/cpu/naive/naive_b_util.h"

namespace kiln::naive {

namespace {

void runConstant(KernelContext& ctx) {
    if (!ctx.node().hasAttr("value"))
        ctx.fail(ErrorKind::InvalidModel, "Constant without a 'value' tensor attribute (the importer should add it)");
    ctx.setOutput(0, ctx.node().attrTensor("value"));
}

void runConstantOfShape(KernelContext& ctx) {
    const std::vector<int64_t> dims = intsInput(ctx, 0, "input");
    for (int64_t d : dims)
        if (d < 0) ctx.fail(ErrorKind::InvalidArgument, "shape ", dimsToString(dims), " has a negative dim");
    // Default: a float 0.
    const Tensor value = ctx.node().hasAttr("value") ? ctx.node().attrTensor("value") : Tensor::scalar<float>(0.0f);
    if (value.numel() != 1)
        ctx.fail(ErrorKind::InvalidModel, "attribute 'value' must hold one element, got ", value.describe());
    Tensor& out = ctx.allocateOutput(0, value.dtype(), dims);
    for (int64_t i = 0; i < out.numel(); ++i) copyElement(out, i, value, 0);
}

// Inference only: the output is the input; the mask (when asked for) is all true. Training mode with
// a non-zero ratio draws random masks, which an oracle cannot reproduce.
void runDropout(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const Tensor* training = ctx.optionalInput(2);
    if (training && training->numel() == 1 && training->scalarAsDouble(0) != 0.0) {
        const Tensor* ratio = ctx.optionalInput(1);
        const double r = ratio && ratio->numel() == 1 ? ratio->scalarAsDouble(0) : 0.5;
        if (r != 0.0) ctx.fail(ErrorKind::Unsupported, "training-mode Dropout (random masks) is not supported");
    }
    ctx.setOutput(0, data);
    if (ctx.numOutputs() > 1 && ctx.outputWanted(1)) {
        Tensor& mask = ctx.allocateOutput(1, DataType::Bool, data.dims());
        for (int64_t i = 0; i < mask.numel(); ++i) mask.data<bool>()[i] = true;
    }
}

// data broadcast (NumPy rules, both ways) against `shape`.
void runExpand(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const std::vector<int64_t> shape = intsInput(ctx, 1, "shape");
    std::vector<int64_t> dims;
    if (!broadcastShapes(data.dims(), shape, dims))
        ctx.fail(ErrorKind::InvalidArgument, "cannot expand ", data.describe(), " to ", dimsToString(shape));
    Tensor& out = ctx.allocateOutput(0, data.dtype(), dims);
    for (int64_t i = 0; i < out.numel(); ++i) copyElement(out, i, data, broadcastOffset(unravel(i, dims), data.dims()));
}

void runFlatten(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const int64_t rank = int64_t(data.rank());
    int64_t axis = ctx.node().attrInt("axis", 1);
    if (axis < -rank || axis > rank) ctx.fail(ErrorKind::InvalidModel, "axis ", axis, " is out of range for rank ", rank);
    if (axis < 0) axis += rank;
    int64_t outer = 1, inner = 1;
    for (int64_t i = 0; i < rank; ++i) (i < axis ? outer : inner) *= data.dims()[size_t(i)];
    ctx.setOutput(0, data.reshaped({outer, inner}));
}

void runIdentity(KernelContext& ctx) { ctx.setOutput(0, ctx.input(0)); }

// ceil((limit - start) / delta) elements start + i * delta (none when that is <= 0).
void runRange(KernelContext& ctx) {
    const DataType type = ctx.input(0).dtype();
    for (size_t i = 0; i < 3; ++i)
        if (ctx.input(i).numel() != 1 || ctx.input(i).dtype() != type)
            ctx.fail(ErrorKind::InvalidArgument, "start, limit and delta must be scalars of one type, got ",
                     ctx.input(i).describe());
    if (isWrappingInteger(type)) {
        const int64_t start = ctx.input(0).scalarAsInt64(0), limit = ctx.input(1).scalarAsInt64(0),
                      delta = ctx.input(2).scalarAsInt64(0);
        if (delta == 0) ctx.fail(ErrorKind::InvalidArgument, "delta is zero");
        const int64_t n = std::max<int64_t>(0, ceilDivide(limit - start, delta));
        Tensor& out = ctx.allocateOutput(0, type, {n});
        for (int64_t i = 0; i < n; ++i) storeWrapped(out, i, uint64_t(start + i * delta));
        return;
    }
    const double start = ctx.input(0).scalarAsDouble(0), limit = ctx.input(1).scalarAsDouble(0),
                 delta = ctx.input(2).scalarAsDouble(0);
    if (delta == 0) ctx.fail(ErrorKind::InvalidArgument, "delta is zero");
    const double count = std::ceil((limit - start) / delta);
    if (!(count < 9.0e18)) ctx.fail(ErrorKind::ResourceLimit, "range has too many elements: ", count);
    const int64_t n = std::max<int64_t>(0, int64_t(count));
    Tensor& out = ctx.allocateOutput(0, type, {n});
    for (int64_t i = 0; i < n; ++i) storeDouble(out, i, start + double(i) * delta);
}

// The shape input: -1 infers one dim; 0 copies the input's dim there unless allowzero=1 (then it is
// a real 0).
void runReshape(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    std::vector<int64_t> shape = intsInput(ctx, 1, "shape");
    const bool allowZero = ctx.node().attrInt("allowzero", 0) != 0;
    int64_t inferAt = -1, known = 1;
    for (size_t i = 0; i < shape.size(); ++i) {
        if (shape[i] == -1) {
            if (inferAt >= 0) ctx.fail(ErrorKind::InvalidArgument, "shape ", dimsToString(shape), " has more than one -1");
            inferAt = int64_t(i);
            continue;
        }
        if (shape[i] == 0 && !allowZero) {
            if (i >= data.rank())
                ctx.fail(ErrorKind::InvalidArgument, "shape ", dimsToString(shape), " copies dim ", i,
                         " but the input ", data.describe(), " has rank ", data.rank());
            shape[i] = data.dims()[i];
        }
        if (shape[i] < 0)
            ctx.fail(ErrorKind::InvalidArgument, "shape ", dimsToString(shape), " has a negative dim");
    }
    // The product of the known dims, overflow-checked (a 0 dim makes it 0, once the others fit).
    bool hasZero = false;
    for (size_t i = 0; i < shape.size(); ++i) {
        if (int64_t(i) == inferAt) continue;
        if (shape[i] == 0) {  // skipped, so that [2^62, 2^62, 0] can't hide an overflow either
            hasZero = true;
            continue;
        }
        if (__builtin_mul_overflow(known, shape[i], &known))
            ctx.fail(ErrorKind::InvalidArgument, "cannot reshape ", data.describe(), " to ",
                     dimsToString(shape), ": the dims' product overflows int64");
    }
    if (hasZero) known = 0;
    if (inferAt >= 0) {
        if (known == 0 || data.numel() % known != 0)
            ctx.fail(ErrorKind::InvalidArgument, "cannot infer the -1 dim reshaping ", data.describe(), " to ",
                     dimsToString(shape));
        shape[size_t(inferAt)] = data.numel() / known;
    } else if (known != data.numel()) {
        ctx.fail(ErrorKind::InvalidArgument, "cannot reshape ", data.describe(), " to ", dimsToString(shape));
    }
    ctx.setOutput(0, data.reshaped(shape));
}

// dims[start:end] as int64, with Python's slice clamping of negative and out-of-range bounds.
void runShape(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const int64_t rank = int64_t(data.rank());
    int64_t start = ctx.node().attrInt("start", 0), end = ctx.node().attrInt("end", rank);
    if (start < 0) start += rank;
    if (end < 0) end += rank;
    start = std::clamp<int64_t>(start, 0, rank);
    end = std::clamp<int64_t>(end, start, rank);
    Tensor& out = ctx.allocateOutput(0, DataType::Int64, {end - start});
    for (int64_t i = start; i < end; ++i) out.data<int64_t>()[i - start] = data.dims()[size_t(i)];
}

void runSize(KernelContext& ctx) {
    Tensor& out = ctx.allocateOutput(0, DataType::Int64, {});
    out.data<int64_t>()[0] = ctx.input(0).numel();
}

// Drops the listed size-1 axes, or every size-1 axis when none are listed.
void runSqueeze(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const int64_t rank = int64_t(data.rank());
    std::vector<bool> drop(data.rank(), false);
    if (ctx.hasInput(1)) {
        for (int64_t a : intsInput(ctx, 1, "axes")) {
            const int64_t axis = normalizeAxis(ctx, a, rank);
            if (data.dims()[size_t(axis)] != 1)
                ctx.fail(ErrorKind::InvalidArgument, "cannot squeeze axis ", a, " of ", data.describe(), ": its size is not 1");
            drop[size_t(axis)] = true;
        }
    } else {
        for (size_t i = 0; i < data.rank(); ++i) drop[i] = data.dims()[i] == 1;
    }
    std::vector<int64_t> dims;
    for (size_t i = 0; i < data.rank(); ++i)
        if (!drop[i]) dims.push_back(data.dims()[i]);
    ctx.setOutput(0, data.reshaped(dims));
}

// out[i_0, ..., i_{r-1}] = data[j] with j[perm[k]] = i_k; perm defaults to reversing the axes.
void runTranspose(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const int64_t rank = int64_t(data.rank());
    std::vector<int64_t> perm = ctx.node().attrInts("perm");
    if (perm.empty())
        for (int64_t i = rank; i-- > 0;) perm.push_back(i);
    if (int64_t(perm.size()) != rank)
        ctx.fail(ErrorKind::InvalidModel, "perm ", dimsToString(perm), " does not match rank ", rank);
    std::vector<bool> seen(size_t(rank), false);
    for (int64_t& p : perm) {
        if (p < -rank || p >= rank || seen[size_t(p < 0 ? p + rank : p)])
            ctx.fail(ErrorKind::InvalidModel, "perm ", dimsToString(perm), " is not a permutation of ", rank, " axes");
        if (p < 0) p += rank;
        seen[size_t(p)] = true;
    }
    std::vector<int64_t> dims(perm.size());
    for (size_t k = 0; k < perm.size(); ++k) dims[k] = data.dims()[size_t(perm[k])];
    const std::vector<int64_t> inStrides = rowMajorStrides(data.dims());
    Tensor& out = ctx.allocateOutput(0, data.dtype(), dims);
    for (int64_t i = 0; i < out.numel(); ++i) {
        const std::vector<int64_t> idx = unravel(i, dims);
        int64_t src = 0;
        for (size_t k = 0; k < perm.size(); ++k) src += idx[k] * inStrides[size_t(perm[k])];
        copyElement(out, i, data, src);
    }
}

// Inserts size-1 axes at the listed positions of the output.
void runUnsqueeze(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const std::vector<int64_t> axes = intsInput(ctx, 1, "axes");
    const int64_t outRank = int64_t(data.rank() + axes.size());
    std::vector<bool> inserted(size_t(outRank), false);
    for (int64_t a : axes) {
        const int64_t axis = normalizeAxis(ctx, a, outRank);
        if (inserted[size_t(axis)]) ctx.fail(ErrorKind::InvalidArgument, "axes repeat axis ", a);
        inserted[size_t(axis)] = true;
    }
    std::vector<int64_t> dims;
    size_t next = 0;
    for (int64_t i = 0; i < outRank; ++i) dims.push_back(inserted[size_t(i)] ? 1 : data.dims()[next++]);
    ctx.setOutput(0, data.reshaped(dims));
}

}  // namespace

void registerNaiveShapeKernels(KernelRegistry& registry) {
    addNaive(registry, "Constant", runConstant, {});
    addNaive(registry, "ConstantOfShape", runConstantOfShape, {DataType::Int64});
    addNaive(registry, "Dropout", runDropout, {});
    addNaive(registry, "Expand", runExpand, {});
    addNaive(registry, "Flatten", runFlatten, {});
    addNaive(registry, "Identity", runIdentity, {});
    addNaive(registry, "Range", runRange,
             {DataType::Float32, DataType::Float64, DataType::Int16, DataType::Int32, DataType::Int64, DataType::Float16,
              DataType::BFloat16});
    addNaive(registry, "Reshape", runReshape, {});
    addNaive(registry, "Shape", runShape, {});
    addNaive(registry, "Size", runSize, {});
    addNaive(registry, "Squeeze", runSqueeze, {});
    addNaive(registry, "Transpose", runTranspose, {});
    addNaive(registry, "Unsqueeze", runUnsqueeze, {});
}

}  // namespace kiln::naive
