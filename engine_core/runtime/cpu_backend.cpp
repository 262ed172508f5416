// The host backends: "cpu" (Kiln's optimized kernels) and "oracle" (the naive ones), and what every
// backend shares: candidate kernels, the support check, preparation.
#include <sys/utsname.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>
#include <fstream>
#include <mutex>

#include "engine_core/common/parallel.h"
#include "engine_core/runtime/backend.h"

namespace kiln {

// ---------------------------------------------------------------------------------------------
// What every backend shares

namespace {

std::string opText(const Node& node) { return node.domain.empty() ? node.opType : node.domain + "::" + node.opType; }

// The first input or output whose known type the def does not take: "take int32", "take int32
// for input 1", "produce bool (output 0)"; "" if none.
std::string typeMismatch(const KernelDef& def, const Node& node) {
    for (size_t i = 0; i < node.inputs.size(); ++i) {
        const Value* v = node.inputs[i];
        if (v && !def.acceptsInput(i, v->dtype))
            return i == 0 ? concat("take ", dataTypeName(v->dtype)) : concat("take ", dataTypeName(v->dtype), " for input ", i);
    }
    for (size_t i = 0; i < node.outputs.size(); ++i) {
        const Value* v = node.outputs[i];
        if (v && !def.acceptsOutput(i, v->dtype)) return concat("produce ", dataTypeName(v->dtype), " (output ", i, ")");
    }
    return "";
}

// "CPU", "CUDA": how messages name a backend's kernels.
std::string upper(std::string_view id) {
    std::string s(id);
    for (char& c : s) c = char(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::vector<const KernelDef*> matching(const KernelRegistry& registry, const Node& node, Precision precision,
                                       TensorFormat format) {
    std::vector<const KernelDef*> out;
    for (const KernelDef* def : registry.findAll(node.opType, node.domain, precision, format))
        if (typeMismatch(*def, node).empty()) out.push_back(def);
    return out;
}

}  // namespace

std::vector<const KernelDef*> Backend::candidates(const Node& node, Precision precision, TensorFormat format) const {
    std::vector<const KernelDef*> out = matching(kernels(), node, precision, format);
    if (out.empty() && precision != Precision::FP32) out = matching(kernels(), node, Precision::FP32, format);
    return out;
}

bool Backend::supportsOp(const Node& node, Precision precision, TensorFormat format, std::string* why) const {
    if (!candidates(node, precision, format).empty()) return true;
    if (!why) return false;
    const std::vector<const KernelDef*> all = kernels().findAll(node.opType, node.domain);
    if (all.empty()) {
        *why = concat("no ", upper(id()), " kernel for op ", opText(node));
        return false;
    }
    bool anyFormat = false;
    for (const KernelDef* def : all) anyFormat = anyFormat || def->format == format;
    if (!anyFormat) {
        *why = concat("no ", upper(id()), " kernel for ", opText(node), " in format ", tensorFormatName(format));
        return false;
    }
    for (const KernelDef* def : all) {
        if (def->format != format) continue;
        std::string mismatch = typeMismatch(*def, node);
        if (!mismatch.empty()) {
            *why = concat(upper(id()), " kernel for ", opText(node), " does not ", mismatch);
            return false;
        }
    }
    *why = concat("no ", upper(id()), " kernel for ", opText(node), " at ", precisionName(precision));
    return false;
}

Tensor Backend::upload(const Tensor& host) const {
    if (device().isHost()) return host;
    Tensor t = Tensor::allocate(allocator(MemoryKind::Device), host.dtype(), host.dims(), host.format());
    std::unique_ptr<Stream> stream = createStream();
    copy(t, host, *stream);
    stream->synchronize();
    return t;
}

namespace {

// A tactic chosen at the opt shapes may not apply to another shape of the profile (the direct conv
// loop above its reduction limit): then the reference kernel of the same precision and format runs.
class GuardedKernel final : public KernelInstance {
public:
    GuardedKernel(KernelFn run, KernelApplicableFn applicable, std::unique_ptr<KernelInstance> fallback)
        : run_(run), applicable_(applicable), fallback_(std::move(fallback)) {}
    void run(KernelContext& ctx) const override {
        if (applicable_(ctx))
            run_(ctx);
        else
            fallback_->run(ctx);
    }

private:
    KernelFn run_;
    KernelApplicableFn applicable_;
    std::unique_ptr<KernelInstance> fallback_;
};

}  // namespace

std::unique_ptr<KernelInstance> Backend::prepare(const KernelDef& def, const PrepareContext& context) const {
    if (def.prepare) return def.prepare(context);
    KILN_CHECK(def.run, Internal, "kernel '", def.tactic, "' for ", opText(context.node), " has neither run nor prepare");
    if (def.applicable && def.tactic != kReferenceTactic) {
        for (const KernelDef* ref : kernels().findAll(context.node.opType, context.node.domain, def.precision, def.format))
            if (ref->tactic == kReferenceTactic && ref != &def)
                return std::make_unique<GuardedKernel>(def.run, def.applicable, prepare(*ref, context));
    }
    return makeFunctionKernel(def.run);
}

// ---------------------------------------------------------------------------------------------
// The host's stream and timer

namespace {

class HostStream final : public Stream {
public:
    Device device() const override { return kHostDevice; }
    void synchronize() override {}
};

class SteadyClockTimer final : public Timer {
public:
    void start(Stream&) override { start_ = std::chrono::steady_clock::now(); }
    void stop(Stream&) override { stop_ = std::chrono::steady_clock::now(); }
    double elapsedMs() override { return std::chrono::duration<double, std::milli>(stop_ - start_).count(); }

private:
    std::chrono::steady_clock::time_point start_, stop_;
};

std::string trim(std::string s) {
    const size_t a = s.find_first_not_of(" \t\n"), b = s.find_last_not_of(" \t\n");
    return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

}  // namespace

void Stream::beginCapture() {
    fail(ErrorKind::Unsupported, "work on ", device().str(), " cannot be captured into a graph (CUDA graphs are for CUDA streams)");
}

std::unique_ptr<StreamGraph> Stream::endCapture() {
    fail(ErrorKind::Unsupported, "work on ", device().str(), " cannot be captured into a graph (CUDA graphs are for CUDA streams)");
}

std::unique_ptr<Stream> makeHostStream() { return std::make_unique<HostStream>(); }
std::unique_ptr<Timer> makeSteadyClockTimer() { return std::make_unique<SteadyClockTimer>(); }

std::string cpuModelName() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("model name", 0) == 0) {
            const size_t colon = line.find(':');
            if (colon != std::string::npos) return trim(line.substr(colon + 1));
        }
    }
    return "unknown CPU";
}

// What a CPU engine depends on: the machine's architecture (byte order, type sizes). The weights are
// plain row-major data and the kernels are compiled into Kiln, so a CPU engine moves between
// machines of one architecture.
std::string cpuArch() {
    utsname u{};
    if (uname(&u) == 0) return u.machine;
    return "unknown";
}

// ---------------------------------------------------------------------------------------------
// Host backends

namespace {

class HostBackend final : public Backend {
public:
    using PreferredFormatFn = TensorFormat (*)(const Node&, Precision);
    HostBackend(std::string id, const KernelRegistry& registry, bool splitsBatches, PreferredFormatFn preferred = nullptr)
        : id_(std::move(id)), registry_(registry), splitsBatches_(splitsBatches), preferred_(preferred) {}

    std::string_view id() const override { return id_; }
    Device device() const override { return kHostDevice; }
    std::string deviceName() const override { return concat(cpuModelName(), " (", numThreads(), " threads)"); }
    std::string arch() const override { return cpuArch(); }
    const KernelRegistry& kernels() const override { return registry_; }
    bool splitsBatches() const override { return splitsBatches_; }
    std::vector<TensorFormat> formats() const override {
        if (!preferred_) return {TensorFormat::Linear};
        return {TensorFormat::Linear, TensorFormat::NHWC};
    }
    TensorFormat preferredFormat(const Node& node, Precision precision) const override {
        return preferred_ ? preferred_(node, precision) : TensorFormat::Linear;
    }

    Allocator& allocator(MemoryKind) const override { return hostAllocator(); }
    std::unique_ptr<Stream> createStream() const override { return makeHostStream(); }
    std::unique_ptr<Timer> createTimer() const override { return makeSteadyClockTimer(); }
    void copy(Tensor& dst, const Tensor& src, Stream&) const override {
        KILN_CHECK(dst.device().isHost() && src.device().isHost(), Internal, "the ", id_, " backend copies host tensors, not ",
                   src.device().str(), " -> ", dst.device().str());
        KILN_CHECK(dst.byteSize() == src.byteSize() && dst.format() == src.format(), Internal, "copy of ",
                   src.describe(), " into ", dst.describe());
        if (src.byteSize() && dst.raw() != src.raw()) std::memcpy(dst.raw(), src.raw(), src.byteSize());
    }

private:
    std::string id_;
    const KernelRegistry& registry_;
    bool splitsBatches_;
    PreferredFormatFn preferred_;  // null: every layer linear (the oracle)
};

}  // namespace

std::shared_ptr<const Backend> makeHostBackend(std::string id, const KernelRegistry& registry) {
    return std::make_shared<HostBackend>(std::move(id), registry, false);
}

std::shared_ptr<const Backend> makeCpuBackend() {
    static std::shared_ptr<const Backend> backend = std::make_shared<HostBackend>("cpu", cpuKernelRegistry(), true, &cpuPreferredFormat);
    return backend;
}

const KernelRegistry& naiveKernelRegistry() {
    static KernelRegistry registry;
    static std::once_flag once;
    std::call_once(once, [] { registerNaiveKernels(registry); });
    return registry;
}

std::shared_ptr<const Backend> makeOracleBackend() {
    static std::shared_ptr<const Backend> backend = makeHostBackend("oracle", naiveKernelRegistry());
    return backend;
}

}  // namespace kiln
