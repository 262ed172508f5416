// Shape-only and constant-producing ops (ONNX opset 21): Reshape, Flatten, Squeeze, Unsqueeze,
// Identity, Dropout return views sharing the input's storage; Transpose, Expand, Shape, Size,
// Constant, ConstantOfShape, Range. Concat/Split/Slice/Tile/Trilu are in slice_concat.cpp.
// Data is moved by element size, so every fixed-size dtype works.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "kernels/cpu/half_upcast.h"
#include "kernels/cpu/data_movement.h"
#include "kernels/cpu/register.h"
#include "kernels/cpu/shape_rules.h"
#include "kernels/cpu/slice_concat.h"

namespace kiln::cpu {

namespace {

DimVector int64Input(const KernelContext& ctx, size_t i, const char* what) {
    const Tensor& t = ctx.input(i);
    if (t.dtype() != DataType::Int64 && t.dtype() != DataType::Int32)
        ctx.fail(ErrorKind::InvalidArgument, "input '", what, "' must be int64, got ", t.describe());
    if (t.rank() > 1) ctx.fail(ErrorKind::InvalidArgument, "input '", what, "' must be 1-D, got ", t.describe());
    DimVector out(size_t(t.numel()));
    for (int64_t k = 0; k < t.numel(); ++k)
        out[size_t(k)] = t.dtype() == DataType::Int64 ? t.data<int64_t>()[k] : int64_t(t.data<int32_t>()[k]);
    return out;
}

std::string dimsText(std::span<const int64_t> d) { return dimsToString(std::vector<int64_t>(d.begin(), d.end())); }

void runReshape(KernelContext& ctx) { ctx.setOutputView(0, 0, reshapeDims(ctx, int64Input)); }

void runFlatten(KernelContext& ctx) { ctx.setOutputView(0, 0, flattenDims(ctx)); }

void runSqueeze(KernelContext& ctx) { ctx.setOutputView(0, 0, squeezeDims(ctx, int64Input)); }

void runUnsqueeze(KernelContext& ctx) { ctx.setOutputView(0, 0, unsqueezeDims(ctx, int64Input)); }

void runIdentity(KernelContext& ctx) { ctx.setOutputView(0, 0, ctx.input(0).dims()); }

void runDropout(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const Tensor* training = ctx.optionalInput(2);
    if (training && training->numel() == 1 && training->scalarAsDouble(0) != 0.0) {
        const Tensor* ratio = ctx.optionalInput(1);
        double r = ratio && ratio->numel() == 1 ? ratio->scalarAsDouble(0) : 0.5;
        if (r != 0.0) ctx.fail(ErrorKind::Unsupported, "training-mode Dropout (random masks) is not supported");
    }
    ctx.setOutputView(0, 0, data.dims());
    if (ctx.numOutputs() > 1 && ctx.outputWanted(1)) {
        Tensor& mask = ctx.allocateOutput(1, DataType::Bool, data.dims());
        std::fill_n(mask.data<bool>(), mask.numel(), true);
    }
}

void runConstant(KernelContext& ctx) {
    if (!ctx.node().hasAttr("value"))
        ctx.fail(ErrorKind::InvalidModel, "Constant without a 'value' tensor attribute (the importer should add it)");
    const Tensor& value = ctx.node().attrTensor("value");
    ctx.output(0).assignView(value, value.dims());  // a view of the attribute: nothing copied or allocated
}

void runConstantOfShape(KernelContext& ctx) {
    const DimVector dims = int64Input(ctx, 0, "input");
    static const Tensor kZero = Tensor::scalar<float>(0.0f);
    const Tensor& value = ctx.node().hasAttr("value") ? ctx.node().attrTensor("value") : kZero;
    if (value.numel() != 1)
        ctx.fail(ErrorKind::InvalidModel, "attribute 'value' must hold one element, got ", value.describe());
    for (int64_t d : dims)
        if (d < 0) ctx.fail(ErrorKind::InvalidArgument, "shape ", dimsText(dims), " has a negative dim");
    const size_t es = dataTypeSize(value.dtype());
    bool allZero = true;
    for (size_t b = 0; b < es; ++b) allZero = allZero && static_cast<const uint8_t*>(value.raw())[b] == 0;
    if (allZero) {
        ctx.allocateZeroedOutput(0, value.dtype(), dims);
        return;
    }
    Tensor& out = ctx.allocateOutput(0, value.dtype(), dims);
    auto* dst = static_cast<uint8_t*>(out.raw());
    for (int64_t i = 0; i < out.numel(); ++i) std::memcpy(dst + size_t(i) * es, value.raw(), es);
}

const Tensor& inputAsIs(const KernelContext& ctx, size_t i, const char*) { return ctx.input(i); }

template <typename T>
void rangeTyped(KernelContext& ctx) {
    const RangeParams<T> r = rangeParams<T>(ctx, inputAsIs);
    Tensor& out = ctx.allocateOutput(0, ctx.input(0).dtype(), {r.count});
    T* y = out.data<T>();
    for (int64_t i = 0; i < r.count; ++i) y[i] = T(r.start + T(i) * r.delta);
}

void runRange(KernelContext& ctx) {
    switch (ctx.input(0).dtype()) {
        case DataType::Float32: return rangeTyped<float>(ctx);
        case DataType::Float64: return rangeTyped<double>(ctx);
        case DataType::Int16: return rangeTyped<int16_t>(ctx);
        case DataType::Int32: return rangeTyped<int32_t>(ctx);
        case DataType::Int64: return rangeTyped<int64_t>(ctx);
        case DataType::Undefined:
        case DataType::Float16:
        case DataType::BFloat16:
        case DataType::Float8E4M3:
        case DataType::Int8:
        case DataType::UInt8:
        case DataType::UInt16:
        case DataType::UInt32:
        case DataType::UInt64:
        case DataType::Bool:
        case DataType::String: break;
    }
    ctx.fail(ErrorKind::Unsupported, "input type ", dataTypeName(ctx.input(0).dtype()), " is not supported");
}

void runShape(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const ShapeRange r = shapeRange(ctx);
    Tensor& out = ctx.allocateOutput(0, DataType::Int64, {r.count});
    std::copy(data.dims().begin() + r.start, data.dims().begin() + r.start + r.count, out.data<int64_t>());
}

void runSize(KernelContext& ctx) {
    ctx.allocateOutput(0, DataType::Int64, std::span<const int64_t>()).data<int64_t>()[0] = ctx.input(0).numel();
}

void runTranspose(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const DimVector perm = transposePerm(ctx);
    DimVector dims(perm.size());
    for (size_t j = 0; j < perm.size(); ++j) dims[j] = data.dims()[size_t(perm[j])];
    Tensor& out = ctx.allocateOutput(0, data.dtype(), dims);
    movement::transposeBytes(data.raw(), out.raw(), dataTypeSize(data.dtype()), data.dims(), perm);
}

void runExpand(KernelContext& ctx) {
    const Tensor& data = ctx.input(0);
    const DimVector shape = int64Input(ctx, 1, "shape");
    DimVector dims;
    if (!movement::broadcastDims(data.dims(), shape, dims))
        ctx.fail(ErrorKind::InvalidArgument, "cannot expand ", data.describe(), " to ", dimsText(shape));
    if (std::equal(dims.begin(), dims.end(), data.dims().begin(), data.dims().end())) {
        ctx.setOutputView(0, 0, data.dims());
        return;
    }
    Tensor& out = ctx.allocateOutput(0, data.dtype(), dims);
    movement::broadcastBytes(data.raw(), data.dims(), out.raw(), dims, dataTypeSize(data.dtype()));
}

}  // namespace

void registerShapeKernels(KernelRegistry& registry) {
    registry.add("Reshape", viewKernel(runReshape));
    registry.add("Flatten", viewKernel(runFlatten));
    registry.add("Squeeze", viewKernel(runSqueeze));
    registry.add("Unsqueeze", viewKernel(runUnsqueeze));
    registry.add("Identity", viewKernel(runIdentity));
    registry.add("Dropout", viewKernel(runDropout));
    registry.add("Constant", {runConstant, {}});
    registry.add("ConstantOfShape", {runConstantOfShape, {DataType::Int64}});
    registry.add("Range", {withHalfUpcast<runRange>, {DataType::Float32, DataType::Float64, DataType::Int16, DataType::Int32,
                                             DataType::Int64, DataType::Float16, DataType::BFloat16}});
    registry.add("Shape", {runShape, {}});
    registry.add("Size", {runSize, {}});
    registry.add("Transpose", {runTranspose, {}});
    registry.add("Expand", viewKernel(runExpand));
    registerSliceConcatKernels(registry);
}

}  // namespace kiln::cpu
