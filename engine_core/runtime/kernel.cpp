#include "engine_core/runtime/kernel.h"

#include <algorithm>
#include <cstring>
#include <mutex>

#include "engine_core/common/memory_limit.h"
#include "engine_core/ir/shape.h"
#include "engine_core/runtime/backend.h"

namespace kiln {

namespace {

bool typeAccepted(const std::vector<TypeSet>& sets, size_t i, DataType t) {
    if (sets.empty() || t == DataType::Undefined) return true;
    const TypeSet& set = sets[std::min(i, sets.size() - 1)];
    return set.empty() || std::find(set.begin(), set.end(), t) != set.end();
}

class FunctionKernel final : public KernelInstance {
public:
    explicit FunctionKernel(KernelFn run) : run_(run) {}
    void run(KernelContext& ctx) const override { run_(ctx); }

private:
    KernelFn run_;
};

}  // namespace

bool KernelDef::acceptsInput(size_t i, DataType t) const { return typeAccepted(inputTypes, i, t); }
bool KernelDef::acceptsOutput(size_t i, DataType t) const { return typeAccepted(outputTypes, i, t); }

KernelDef viewKernel(KernelFn run, TypeSet types) {
    KernelDef def{run, std::move(types)};
    def.aliases = {{0, 0}};
    return def;
}

std::unique_ptr<KernelInstance> makeFunctionKernel(KernelFn run) { return std::make_unique<FunctionKernel>(run); }

// ---------------------------------------------------------------------------------------------
// KernelContext

struct KernelContext::Owned {
    std::vector<const Tensor*> inputs;
    std::vector<Tensor> outputs;
    std::vector<Tensor*> outputPointers;
    std::vector<OutputPlacement> placements;
    struct AlignedDelete {
        size_t alignment;
        void operator()(uint8_t* p) const { ::operator delete[](p, std::align_val_t(alignment)); }
    };
    std::vector<std::unique_ptr<uint8_t[], AlignedDelete>> scratch;
    std::vector<Buffer> deviceScratch;
};

KernelContext::KernelContext(const Node& node, std::vector<const Tensor*> inputs, size_t numOutputs)
    : node_(node), owned_(std::make_unique<Owned>()) {
    owned_->inputs = std::move(inputs);
    owned_->outputs.resize(numOutputs);
    for (Tensor& t : owned_->outputs) owned_->outputPointers.push_back(&t);
    inputs_ = owned_->inputs;
    outputs_ = owned_->outputPointers;
}

KernelContext::KernelContext(const Node& node, std::vector<const Tensor*> inputs, size_t numOutputs,
                             const StepResources& resources)
    : KernelContext(node, std::move(inputs), numOutputs) {
    resources_ = resources;
    owned_->placements.assign(resources.placements.begin(), resources.placements.end());
    resources_.placements = owned_->placements;
}

KernelContext::KernelContext(const Node& node, std::span<const Tensor* const> inputs,
                             std::span<Tensor* const> outputs, const StepResources& resources)
    : node_(node), inputs_(inputs), outputs_(outputs), resources_(resources) {}

KernelContext::~KernelContext() = default;

const Tensor& KernelContext::input(size_t i) const {
    if (!hasInput(i)) fail(ErrorKind::InvalidModel, "required input ", i, " is missing");
    return *inputs_[i];
}

bool KernelContext::outputWanted(size_t i) const {
    return i < node_.outputs.size() && node_.outputs[i] != nullptr;
}

int64_t KernelContext::checkOutput(size_t i, DataType dtype, std::span<const int64_t> dims) const {
    KILN_CHECK(i < outputs_.size(), Internal, "node '", node_.label(), "': output ", i, " out of range");
    int64_t n = 1;
    bool valid = true;
    for (int64_t d : dims) valid = valid && d >= 0;
    if (valid) {
        // The common case (a valid shape) is checked without building a vector.
        const uint64_t elemSize = std::max<size_t>(dataTypeSize(dtype), 1);
        for (int64_t d : dims) {
            if (d == 0) return 0;
            if (uint64_t(n) > (uint64_t(1) << 62) / uint64_t(d)) {
                valid = false;
                break;
            }
            n *= d;
        }
        if (valid && uint64_t(n) <= Tensor::maxBytes() / elemSize) return n;
    }
    const std::vector<int64_t> copy(dims.begin(), dims.end());
    return Tensor::checkedNumel(copy, dtype, concat("node '", node_.label(), "' (", node_.opType, ") output ", i));
}

Tensor& KernelContext::allocateOutput(size_t i, DataType dtype, std::span<const int64_t> dims) {
    const int64_t n = checkOutput(i, dtype, dims);
    Tensor& out = *outputs_[i];
    const size_t bytes = size_t(n) * dataTypeSize(dtype);
    if (i < resources_.placements.size()) {
        const OutputPlacement& p = resources_.placements[i];
        // An empty output needs no block (the plan gives it none): bound to no storage, it is no spill.
        if ((p.data && bytes <= p.capacity) || bytes == 0) {
            out.rebind(p.data, dtype, dims, p.device, p.format);
            if (p.device.isHost() && Tensor::poisonUninitialized() && bytes) std::memset(p.data, 0xFF, bytes);
            return out;
        }
        if (resources_.spills && !p.mayAllocate) ++*resources_.spills;
        if (!p.device.isHost()) {
            KILN_CHECK(resources_.backend, Internal, "node '", node_.label(), "': output ", i, " on ", p.device.str(),
                       " without a backend");
            out = Tensor::allocate(resources_.backend->allocator(MemoryKind::Device), dtype,
                                   std::vector<int64_t>(dims.begin(), dims.end()), p.format);
            return out;
        }
    }
    // A fresh host block: stop before allocating when it would take the memory in use past the limit.
    checkHostAllocation(bytes, concat("node '", node_.label(), "' (", node_.opType, ") output ", i, " ",
                                      dimsToString(std::vector<int64_t>(dims.begin(), dims.end())), " ",
                                      dataTypeName(dtype)));
    out = Tensor::uninitialized(dtype, std::vector<int64_t>(dims.begin(), dims.end()));
    if (i < resources_.placements.size() && resources_.placements[i].format != TensorFormat::Linear)
        out = out.relabeled(out.device(), resources_.placements[i].format);
    return out;
}

Tensor& KernelContext::allocateZeroedOutput(size_t i, DataType dtype, std::span<const int64_t> dims) {
    Tensor& out = allocateOutput(i, dtype, dims);
    KILN_CHECK(out.device().isHost(), Internal, "node '", node_.label(), "': zeroed output on ", out.device().str());
    if (out.byteSize()) std::memset(out.raw(), 0, out.byteSize());
    return out;
}

void KernelContext::donateInput(size_t i) {
    if (i < 64) donated_ |= uint64_t(1) << i;
}

Tensor& KernelContext::allocateOutputReusing(size_t out, size_t in, DataType dtype, std::span<const int64_t> dims) {
    const int64_t n = checkOutput(out, dtype, dims);
    const uint64_t bit = in < 64 ? uint64_t(1) << in : 0;
    if ((donated_ & bit) && inputs_[in] && inputs_[in]->dtype() == dtype && inputs_[in]->numel() == n &&
        inputs_[in]->uniquelyOwned()) {
        Tensor& o = *outputs_[out];
        o.assignView(*inputs_[in], dims);
        donated_ &= ~bit;  // one output per donated buffer
        return o;
    }
    return allocateOutput(out, dtype, dims);
}

void KernelContext::setOutput(size_t i, Tensor tensor) {
    KILN_CHECK(i < outputs_.size(), Internal, "node '", node_.label(), "': output ", i, " out of range");
    *outputs_[i] = std::move(tensor);
}

Tensor& KernelContext::setOutputView(size_t i, size_t in, std::span<const int64_t> dims) {
    const Tensor& src = input(in);
    const int64_t n = checkOutput(i, src.dtype(), dims);
    if (n != src.numel())
        fail(ErrorKind::InvalidArgument, "cannot view ", src.describe(), " as ", dimsToString(std::vector<int64_t>(dims.begin(), dims.end())));
    Tensor& out = *outputs_[i];
    out.assignView(src, dims);
    return out;
}

void* KernelContext::scratch(size_t bytes, size_t alignment) {
    const size_t start = (scratchUsed_ + alignment - 1) / alignment * alignment;
    scratchUsed_ = start + bytes;
    if (resources_.workspace && scratchUsed_ <= resources_.workspaceBytes)
        return static_cast<uint8_t*>(resources_.workspace) + start;
    // A planned run that needs more scratch than its workspace (or has none planned) spills.
    if (resources_.spills && bytes > 0) ++*resources_.spills;
    if (!owned_) owned_ = std::make_unique<Owned>();
    // Heap scratch: its own block (the bump offset still counts, so scratchUsed() is what a
    // workspace for this execution needs).
    const size_t align = std::max<size_t>(alignment, 64);
    if (resources_.backend && !resources_.backend->device().isHost()) {
        owned_->deviceScratch.emplace_back(resources_.backend->allocator(MemoryKind::Device), bytes, std::max<size_t>(align, 256));
        return owned_->deviceScratch.back().data();
    }
    auto* raw = static_cast<uint8_t*>(::operator new[](bytes ? bytes : 1, std::align_val_t(align)));
    owned_->scratch.emplace_back(raw, Owned::AlignedDelete{align});
    return owned_->scratch.back().get();
}

// ---------------------------------------------------------------------------------------------
// KernelRegistry

void KernelRegistry::add(const std::string& opType, KernelDef def, const std::string& domain) {
    // `types` constrains input 0 only: the empty set after it lets the other inputs be anything.
    if (def.inputTypes.empty() && !def.types.empty()) def.inputTypes = {def.types, TypeSet{}};
    std::vector<KernelDef>& defs = kernels_[{opType, domain}];
    for (KernelDef& existing : defs) {
        if (existing.tactic == def.tactic && existing.precision == def.precision && existing.format == def.format) {
            existing = std::move(def);
            return;
        }
    }
    // The reference tactic goes first, so findAll() lists it first and find() is a cheap front().
    if (def.tactic == kReferenceTactic && def.precision == Precision::FP32 && def.format == TensorFormat::Linear)
        defs.insert(defs.begin(), std::move(def));
    else
        defs.push_back(std::move(def));
}

const KernelDef* KernelRegistry::find(std::string_view opType, std::string_view domain) const {
    auto it = kernels_.find(std::pair<std::string_view, std::string_view>(opType, domain));
    return it == kernels_.end() || it->second.empty() ? nullptr : &it->second.front();
}

const KernelDef* KernelRegistry::find(std::string_view opType, std::string_view domain, std::string_view tactic) const {
    auto it = kernels_.find(std::pair<std::string_view, std::string_view>(opType, domain));
    if (it == kernels_.end()) return nullptr;
    for (const KernelDef& def : it->second)
        if (def.tactic == tactic) return &def;
    return nullptr;
}

std::vector<const KernelDef*> KernelRegistry::findAll(std::string_view opType, std::string_view domain) const {
    std::vector<const KernelDef*> out;
    auto it = kernels_.find(std::pair<std::string_view, std::string_view>(opType, domain));
    if (it == kernels_.end()) return out;
    for (const KernelDef& def : it->second) out.push_back(&def);
    return out;
}

std::vector<const KernelDef*> KernelRegistry::findAll(std::string_view opType, std::string_view domain,
                                                      Precision precision, TensorFormat format) const {
    std::vector<const KernelDef*> out;
    for (const KernelDef* def : findAll(opType, domain))
        if (def->precision == precision && def->format == format) out.push_back(def);
    return out;
}

std::vector<std::string> KernelRegistry::opTypes() const {
    std::vector<std::string> out;
    for (const auto& [key, defs] : kernels_)
        out.push_back(key.second.empty() ? key.first : key.second + "::" + key.first);
    return out;
}

size_t KernelRegistry::size() const {
    size_t n = 0;
    for (const auto& [key, defs] : kernels_) n += defs.size();
    return n;
}

const KernelRegistry& cpuKernelRegistry() {
    static KernelRegistry registry;
    static std::once_flag once;
    std::call_once(once, [] { registerCpuKernels(registry); });
    return registry;
}

}  // namespace kiln
