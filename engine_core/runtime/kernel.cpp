#include "engine_core/runtime/kernel.h"

#include <mutex>
#include <string_view>

namespace kiln {

std::string_view backendName(BackendKind kind) {
    switch (kind) {
        case BackendKind::Cpu: return "cpu";
        case BackendKind::Cuda: return "cuda";
    }
    return "?";
}

const Tensor& KernelContext::input(size_t i) const {
    if (!hasInput(i)) fail(ErrorKind::InvalidModel, "required input ", i, " is missing");
    return *inputs_[i];
}

bool KernelContext::outputWanted(size_t i) const {
    return i < node_.outputs.size() && node_.outputs[i] != nullptr;
}

int64_t KernelContext::checkOutput(size_t i, DataType dtype, const std::vector<int64_t>& dims) const {
    KILN_CHECK(i < outputs_.size(), Internal, "node '", node_.label(), "': output ", i, " out of range");
    const int64_t n = Tensor::numelOrInvalid(dims, dtype);
    if (n >= 0) return n;  // the message below is only built for a failure
    return Tensor::checkedNumel(dims, dtype, concat("node '", node_.label(), "' (", node_.opType, ") output ", i));
}

Tensor& KernelContext::allocateOutput(size_t i, DataType dtype, const std::vector<int64_t>& dims) {
    checkOutput(i, dtype, dims);
    outputs_[i] = Tensor::uninitialized(dtype, dims);
    return outputs_[i];
}

Tensor& KernelContext::allocateZeroedOutput(size_t i, DataType dtype, const std::vector<int64_t>& dims) {
    checkOutput(i, dtype, dims);
    outputs_[i] = Tensor(dtype, dims);
    return outputs_[i];
}

void KernelContext::donateInput(size_t i) {
    if (donated_.size() < inputs_.size()) donated_.resize(inputs_.size(), false);
    if (i < donated_.size()) donated_[i] = true;
}

Tensor& KernelContext::allocateOutputReusing(size_t out, size_t in, DataType dtype, const std::vector<int64_t>& dims) {
    const int64_t n = checkOutput(out, dtype, dims);
    if (in < donated_.size() && donated_[in] && inputs_[in] && inputs_[in]->dtype() == dtype &&
        inputs_[in]->numel() == n && inputs_[in]->uniquelyOwned()) {
        outputs_[out] = inputs_[in]->reshaped(dims);
        donated_[in] = false;  // one output per donated buffer
        return outputs_[out];
    }
    outputs_[out] = Tensor::uninitialized(dtype, dims);
    return outputs_[out];
}

void KernelContext::setOutput(size_t i, Tensor tensor) {
    KILN_CHECK(i < outputs_.size(), Internal, "node '", node_.label(), "': output ", i, " out of range");
    outputs_[i] = std::move(tensor);
}

void KernelRegistry::add(const std::string& opType, BackendKind backend, KernelDef def, const std::string& domain) {
    std::vector<KernelDef>& defs = kernels_[{opType, domain, backend}];
    for (KernelDef& existing : defs) {
        if (existing.tactic == def.tactic) {
            existing = std::move(def);
            return;
        }
    }
    // The reference tactic goes first, so findAll() lists it first and find() is a cheap front().
    if (def.tactic == kReferenceTactic)
        defs.insert(defs.begin(), std::move(def));
    else
        defs.push_back(std::move(def));
}

const KernelDef* KernelRegistry::find(const std::string& opType, const std::string& domain,
                                      BackendKind backend) const {
    auto it = kernels_.find(std::tuple<std::string_view, std::string_view, BackendKind>(opType, domain, backend));
    return it == kernels_.end() || it->second.empty() ? nullptr : &it->second.front();
}

const KernelDef* KernelRegistry::find(const std::string& opType, const std::string& domain, BackendKind backend,
                                      const std::string& tactic) const {
    auto it = kernels_.find(std::tuple<std::string_view, std::string_view, BackendKind>(opType, domain, backend));
    if (it == kernels_.end()) return nullptr;
    for (const KernelDef& def : it->second)
        if (def.tactic == tactic) return &def;
    return nullptr;
}

std::vector<const KernelDef*> KernelRegistry::findAll(const std::string& opType, const std::string& domain,
                                                      BackendKind backend) const {
    std::vector<const KernelDef*> out;
    auto it = kernels_.find(std::tuple<std::string_view, std::string_view, BackendKind>(opType, domain, backend));
    if (it == kernels_.end()) return out;
    for (const KernelDef& def : it->second) out.push_back(&def);
    return out;
}

std::vector<std::string> KernelRegistry::opTypes(BackendKind backend) const {
    std::vector<std::string> out;
    for (const auto& [key, def] : kernels_) {
        if (std::get<2>(key) != backend) continue;
        const std::string& domain = std::get<1>(key);
        out.push_back(domain.empty() ? std::get<0>(key) : domain + "::" + std::get<0>(key));
    }
    return out;
}

const KernelRegistry& defaultKernelRegistry() {
    static KernelRegistry registry;
    static std::once_flag once;
    std::call_once(once, [] {
        registerCpuKernels(registry);
        registerCudaKernels(registry);
    });
    return registry;
}

}  // namespace kiln
