#include "tests/unit/emulated_backend.h"

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "engine_core/ir/layout.h"

namespace kiln::test {



namespace {

constexpr Device kEmulated{DeviceType::Emulated, 0};

EmulatedStats& stats() {
    static EmulatedStats* s = new EmulatedStats;
    return *s;
}

class EmulatedAllocator final : public Allocator {
public:
    Device device() const override { return kEmulated; }
    MemoryKind kind() const override { return MemoryKind::Device; }
    void* allocate(size_t bytes, size_t alignment) override {
        const size_t rounded = (std::max<size_t>(bytes, 1) + alignment - 1) / alignment * alignment;
        void* p = std::aligned_alloc(alignment, rounded);
        KILN_CHECK(p, ResourceLimit, "emulated device: out of memory allocating ", bytes, " bytes");
        stats().bytesAllocated += bytes;
        return p;
    }
    void deallocate(void* p, size_t) noexcept override { std::free(p); }
};

// A host-memory view of an emulated (or host) tensor in the linear layout.
Tensor linearHostView(const Tensor& t) {
    KILN_CHECK(t.device() == kEmulated || t.device().isHost(), Internal, "emulated kernel got a tensor on ", t.device().str());
    Tensor host = t.relabeled(kHostDevice, t.format());
    if (host.format() == TensorFormat::Linear) return host;
    Tensor linear(t.dtype(), t.dims());
    reformatInto(host, linear);
    return linear;
}

// Runs the CPU reference kernel of the node on host views of the inputs and writes the results
// into the outputs the run loop planned on the emulated device, in the layer's format.
class WrappedCpuKernel final : public KernelInstance {
public:
    WrappedCpuKernel(const KernelDef* cpu, size_t scratch) : cpu_(cpu), scratch_(scratch) {}
    void run(KernelContext& ctx) const override {
        std::vector<Tensor> ins(ctx.numInputs());
        std::vector<const Tensor*> ptrs(ctx.numInputs(), nullptr);
        for (size_t j = 0; j < ctx.numInputs(); ++j)
            if (ctx.hasInput(j)) {
                ins[j] = linearHostView(ctx.input(j));
                ptrs[j] = &ins[j];
            }
        if (scratch_) std::memset(ctx.scratch(scratch_), 0, scratch_);  // the variant's workspace, touched
        KernelContext inner(ctx.node(), ptrs, ctx.numOutputs());
        cpu_->run(inner);
        for (size_t o = 0; o < ctx.numOutputs(); ++o) {
            if (!ctx.outputWanted(o)) continue;
            const Tensor& r = inner.output(o);
            Tensor& out = ctx.allocateOutput(o, r.dtype(), r.dims());
            KILN_CHECK(out.device() == kEmulated, Internal, "emulated output on ", out.device().str());
            Tensor hostOut = out.relabeled(kHostDevice, out.format());
            reformatInto(r, hostOut);
        }
    }

private:
    const KernelDef* cpu_;
    size_t scratch_;
};

std::unique_ptr<KernelInstance> prepareWrapped(const PrepareContext& pc) {
    ++stats().prepared;
    const KernelDef* cpu = cpuKernelRegistry().find(pc.node.opType, pc.node.domain, kReferenceTactic);
    KILN_CHECK(cpu && cpu->run, Internal, "emulated: no CPU kernel to wrap for ", pc.node.opType);
    size_t scratch = 0;
    if (pc.node.opType == "MatMul") scratch = pc.tacticData == "wide" ? kEmulatedWideScratch : 256;
    return std::make_unique<WrappedCpuKernel>(cpu, scratch);
}

std::vector<TacticVariant> matMulVariants(const PrepareContext&) {
    ++stats().variantLists;
    return {{"narrow", "narrow"}, {"wide", "wide"}};
}

void runReformat(KernelContext& ctx) {
    const Tensor& x = ctx.input(0);
    Tensor& y = ctx.allocateOutput(0, x.dtype(), x.dims());
    Tensor hostOut = y.relabeled(kHostDevice, y.format());
    reformatInto(x.relabeled(kHostDevice, x.format()), hostOut);
}

KernelRegistry& emulatedKernels() {
    static KernelRegistry* registry = [] {
        auto* r = new KernelRegistry;
        const TypeSet f32{DataType::Float32};
        for (const char* op : {"Relu", "Sigmoid", "Add"}) {
            KernelDef def;
            def.prepare = prepareWrapped;
            def.inputTypes = {f32};
            def.outputTypes = {f32};
            r->add(op, def);
        }
        KernelDef matmul;
        matmul.prepare = prepareWrapped;
        matmul.variants = matMulVariants;
        matmul.inputTypes = {f32};
        r->add("MatMul", matmul);
        KernelDef conv;  // channels-last only, like a tensor-core convolution
        conv.prepare = prepareWrapped;
        conv.inputTypes = {f32};
        conv.format = TensorFormat::NHWC;
        r->add("Conv", conv);
        // Shape arithmetic the device also runs (as the CUDA backend does): the builder still
        // puts it on the host where its result is only read there (placeShapeComputationsOnHost).
        for (const char* op : {"Shape", "Gather", "Unsqueeze", "Concat"}) {
            KernelDef def;
            def.prepare = prepareWrapped;
            if (std::string_view(op) == "Unsqueeze") def.hostInputs = 1u << 1;
            r->add(op, def);
        }
        KernelDef reshape;  // the shape is read on the host (a shape tensor)
        reshape.prepare = prepareWrapped;
        reshape.hostInputs = 1u << 1;
        r->add("Reshape", reshape);
        for (TensorFormat f : {TensorFormat::Linear, TensorFormat::NHWC}) {
            KernelDef reformat{runReformat, {}};
            reformat.format = f;
            r->add("Reformat", reformat, "kiln");
        }
        return r;
    }();
    return *registry;
}

class EmulatedStream final : public Stream {
public:
    Device device() const override { return kEmulated; }
    void synchronize() override {}
};

class EmulatedBackend final : public Backend {
public:
    std::string_view id() const override { return "emulated"; }
    Device device() const override { return kEmulated; }
    std::string deviceName() const override { return "emulated device (host memory)"; }
    std::string arch() const override { return "emulated-1"; }
    const KernelRegistry& kernels() const override { return emulatedKernels(); }
    std::vector<TensorFormat> formats() const override { return {TensorFormat::Linear, TensorFormat::NHWC}; }
    TensorFormat preferredFormat(const Node& node, Precision) const override {
        return node.opType == "Conv" && node.domain.empty() ? TensorFormat::NHWC : TensorFormat::Linear;
    }
    Allocator& allocator(MemoryKind) const override {
        static EmulatedAllocator* allocator = new EmulatedAllocator;
        return *allocator;
    }
    std::unique_ptr<Stream> createStream() const override { return std::make_unique<EmulatedStream>(); }
    std::unique_ptr<Timer> createTimer() const override { return makeSteadyClockTimer(); }
    void copy(Tensor& dst, const Tensor& src, Stream&) const override {
        KILN_CHECK((dst.device() == kEmulated || dst.device().isHost()) && (src.device() == kEmulated || src.device().isHost()),
                   Internal, "emulated copy ", src.device().str(), " -> ", dst.device().str());
        KILN_CHECK(dst.byteSize() == src.byteSize() && dst.format() == src.format(), Internal, "emulated copy of ",
                   src.describe(), " into ", dst.describe());
        ++stats().copies;
        if (src.byteSize()) std::memcpy(dst.raw(), src.raw(), src.byteSize());
    }
};

}  // namespace

EmulatedStats& registerEmulatedBackend() {
    static std::once_flag once;
    std::call_once(once, [] {
        BackendRegistry::global().add({"emulated", "an emulated device in host memory (runtime tests)",
                                       [](int) { return std::make_shared<EmulatedBackend>(); }, nullptr});
    });
    return stats();
}

}  // namespace kiln::test
