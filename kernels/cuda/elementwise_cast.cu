// Cast and CastLike on the GPU between fp32, fp16, bf16, int32, int64, int8, uint8 and bool, with
// the CPU reference's rules (kernels/cpu/cast.cpp): floats go through fp32 (fp16 and bf16 widen
// exactly, the destination rounds once to nearest even); float → integer truncates toward zero, NaN
// gives 0 and out-of-range values saturate; integer → integer wraps modulo 2^bits; → bool is x != 0
// (NaN is true). A cast to the same type is a view of X. fp64 and fp8 stay with the CPU kernel
// (the type constraints leave them out), so the `saturate` attribute (fp8 only) changes nothing here.
#include <memory>
#include <optional>
#include <string>

#include "engine_core/onnx/onnx_types.h"
#include "kernels/cuda/elementwise.cuh"

namespace kiln::cuda {

namespace {

// One element to D; v is the source widened (float for the float storage types).
template <typename D>
struct CastOp {
    template <typename V>
    __device__ auto operator()(V v) const {
        if constexpr (std::is_same_v<D, bool>) {
            return v != V(0);
        } else if constexpr (kFloatStorage<D>) {
            return float(v);  // exact from fp16/bf16/bool; int32/int64 round once to fp32
        } else if constexpr (std::is_same_v<V, float>) {
            return saturateTo<D>(double(v));
        } else {
            return static_cast<D>(v);  // modulo 2^bits; bool gives 0 or 1
        }
    }
};

void castInto(KernelContext& ctx, DataType to) {
    const Tensor& x = ctx.input(0);
    requireOnDevice(ctx, x, "input");
    if (x.dtype() == to) {
        ctx.setOutputView(0, 0, x.dims());
        return;
    }
    bool done = false;
    dispatchElement(x.dtype(), [&](auto fromTag) {
        using S = decltype(fromTag);
        dispatchElement(to, [&](auto toTag) {
            using D = decltype(toTag);
            if constexpr (!std::is_same_v<S, D>) {
                Tensor& y = ctx.allocateOutput(0, to, x.dims());
                launchUnary<S, D>(ctx, x, y, CastOp<D>{});
                done = true;
            }
        });
    });
    if (!done)
        ctx.fail(ErrorKind::Unsupported, "cast from ", dataTypeName(x.dtype()), " to ", dataTypeName(to), " is not supported");
}

// Cast: the target type (attribute `to`, an ONNX type code) resolved when the layer is prepared.
class CastKernel final : public KernelInstance {
public:
    explicit CastKernel(DataType to) : to_(to) {}
    CastKernel(ErrorKind kind, std::string error) : kind_(kind), error_(std::move(error)) {}
    void run(KernelContext& ctx) const override {
        if (!error_.empty()) ctx.fail(kind_, error_);
        castInto(ctx, to_);
    }

private:
    DataType to_ = DataType::Undefined;
    ErrorKind kind_ = ErrorKind::InvalidModel;
    std::string error_;  // why the attribute is unusable, reported when the layer runs
};

std::unique_ptr<KernelInstance> prepareCast(const PrepareContext& pc) {
    if (!pc.node.hasAttr("to")) return std::make_unique<CastKernel>(ErrorKind::InvalidModel, "attribute 'to' is missing");
    const int64_t code = pc.node.attrInt("to");
    const std::optional<DataType> to = dataTypeFromOnnx(code);
    if (!to)
        return std::make_unique<CastKernel>(
            ErrorKind::Unsupported, concat("cast to ", onnxDataTypeName(code), " (ONNX type code ", code, ") is not supported"));
    return std::make_unique<CastKernel>(*to);
}

// CastLike(X, like): like's type; its data is never read.
void castLikeRun(KernelContext& ctx) { castInto(ctx, ctx.input(1).dtype()); }

TypeSet castTypes() {
    return {DataType::Float32, DataType::Float16, DataType::BFloat16, DataType::Int32,
            DataType::Int64,   DataType::Int8,    DataType::UInt8,    DataType::Bool};
}

}  // namespace

void registerElementwiseCastKernels(KernelRegistry& registry) {
    KernelDef cast;
    cast.prepare = &prepareCast;
    cast.inputTypes = {castTypes()};
    cast.outputTypes = {castTypes()};
    cast.aliases = {{0, 0}};  // a cast to the same type returns X
    // Channels last too: the builder's casts at the edges of fp16 layers take the tensor's format.
    addBothFormats(registry, "Cast", std::move(cast), nullptr);

    KernelDef castLike;
    castLike.run = &castLikeRun;
    castLike.inputTypes = {castTypes()};
    castLike.outputTypes = {castTypes()};
    castLike.aliases = {{0, 0}};
    castLike.hostInputs = 1u << 1;  // only its type matters: no copy to the GPU
    addBothFormats(registry, "CastLike", std::move(castLike), nullptr);
}

}  // namespace kiln::cuda
