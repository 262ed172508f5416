#include <algorithm>

#include "engine_core/common/parallel.h"
#include "engine_core/runtime/backend.h"

namespace kiln {

namespace {

class CpuBackend final : public Backend {
public:
    explicit CpuBackend(const KernelRegistry& registry) : registry_(registry) {}
    BackendKind kind() const override { return BackendKind::Cpu; }
    std::string name() const override { return "cpu"; }
    std::string deviceName() const override { return concat("cpu: ", numThreads(), " threads"); }

    bool supportsOp(const Node& node, std::string* why) const override {
        const KernelDef* def = registry_.find(node.opType, node.domain, BackendKind::Cpu);
        if (!def) {
            if (why) *why = concat("no CPU kernel for op ", node.domain.empty() ? "" : node.domain + "::", node.opType);
            return false;
        }
        Value* first = node.inputOrNull(0);
        if (!def->types.empty() && first && first->dtype != DataType::Undefined &&
            std::find(def->types.begin(), def->types.end(), first->dtype) == def->types.end()) {
            if (why) *why = concat("CPU kernel for ", node.opType, " does not take ", dataTypeName(first->dtype));
            return false;
        }
        return true;
    }

    void execute(KernelContext& ctx) const override {
        const Node& node = ctx.node();
        const KernelDef* def = registry_.find(node.opType, node.domain, BackendKind::Cpu);
        if (!def) ctx.fail(ErrorKind::Unsupported, "no CPU kernel for this op");
        if (!def->types.empty() && ctx.hasInput(0)) {
            DataType t = ctx.input(0).dtype();
            if (std::find(def->types.begin(), def->types.end(), t) == def->types.end())
                ctx.fail(ErrorKind::Unsupported, "the CPU kernel does not take input type ", dataTypeName(t));
        }
        def->run(ctx);
    }

    std::vector<std::string> tactics(const Node& node) const override {
        std::vector<std::string> names;
        for (const KernelDef* def : registry_.findAll(node.opType, node.domain, BackendKind::Cpu))
            names.push_back(def->tactic);
        if (names.empty()) names.push_back(kReferenceTactic);
        return names;
    }

    bool tacticApplicable(const KernelContext& ctx, const std::string& tactic) const override {
        const Node& node = ctx.node();
        const KernelDef* def = registry_.find(node.opType, node.domain, BackendKind::Cpu, tactic);
        if (!def) return false;
        if (!def->types.empty() && ctx.hasInput(0) &&
            std::find(def->types.begin(), def->types.end(), ctx.input(0).dtype()) == def->types.end())
            return false;
        return !def->applicable || def->applicable(ctx);
    }

    void executeTactic(KernelContext& ctx, const std::string& tactic) const override {
        const Node& node = ctx.node();
        if (tactic != kReferenceTactic) {
            const KernelDef* def = registry_.find(node.opType, node.domain, BackendKind::Cpu, tactic);
            if (def && (!def->applicable || def->applicable(ctx)) &&
                (def->types.empty() || !ctx.hasInput(0) ||
                 std::find(def->types.begin(), def->types.end(), ctx.input(0).dtype()) != def->types.end())) {
                def->run(ctx);
                return;
            }
        }
        execute(ctx);
    }

private:
    const KernelRegistry& registry_;
};

}  // namespace

std::unique_ptr<Backend> makeCpuBackend() { return std::make_unique<CpuBackend>(defaultKernelRegistry()); }
std::unique_ptr<Backend> makeCpuBackend(const KernelRegistry& registry) { return std::make_unique<CpuBackend>(registry); }

#ifndef KILN_WITH_CUDA
bool cudaBackendAvailable(std::string* why) {
    if (why) *why = "Kiln was built without the CUDA backend";
    return false;
}
std::unique_ptr<Backend> makeCudaBackend(int) {
    fail(ErrorKind::Unsupported, "the CUDA backend is not available: Kiln was built without it");
}
void registerCudaKernels(KernelRegistry&) {}
#endif

}  // namespace kiln
