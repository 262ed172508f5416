#include "engine_core/builder/engine.h"

#include <sys/utsname.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "engine_core/builder/execution_context.h"

#if __has_include(<onnx/common/version.h>)
#include <onnx/common/version.h>
#define KILN_HAVE_ONNX_VERSION 1
#endif
#if __has_include(<openblas_config.h>)
#include <openblas_config.h>
#endif
#if __has_include(<google/protobuf/stubs/common.h>)
#include <google/protobuf/stubs/common.h>
#endif
#if defined(KILN_WITH_CUDA) && __has_include(<cuda_runtime_api.h>)
#include <cuda_runtime_api.h>
#endif
#if defined(KILN_WITH_CUDA) && __has_include(<cudnn_version.h>)
#include <cudnn_version.h>
#endif

namespace kiln {

std::string_view layerKindName(LayerKind kind) {
    switch (kind) {
        case LayerKind::Kernel: return "kernel";
        case LayerKind::Plugin: return "plugin";
    }
    return "?";
}

namespace {

std::string trim(std::string s) {
    size_t a = s.find_first_not_of(" \t\n"), b = s.find_last_not_of(" \t\n");
    return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

std::string cpuModelName() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("model name", 0) == 0) {
            size_t colon = line.find(':');
            if (colon != std::string::npos) return trim(line.substr(colon + 1));
        }
    }
    return "unknown CPU";
}

// What the engine data depends on for the CPU backend: the machine's architecture (byte order,
// type sizes). The weights are plain row-major data and the kernels are compiled into Kiln, so a
// CPU engine moves between machines of one architecture.
std::string cpuArch() {
    utsname u{};
    if (uname(&u) == 0) return u.machine;
    return "unknown";
}

std::string describe(BackendKind kind, const std::string& device) { return concat(backendName(kind), " (", device, ")"); }

}  // namespace

EngineHeader currentEngineHeader(const Backend& backend) {
    EngineHeader h;
    h.formatVersion = kEngineFormatVersion;
    h.kilnVersion = KILN_VERSION;
    h.backend = backend.kind();
    switch (backend.kind()) {
        case BackendKind::Cpu:
            h.device = cpuModelName();
            h.arch = cpuArch();
            break;
        case BackendKind::Cuda:
            // The device string names the GPU and its compute capability: a CUDA engine's tactics
            // are tuned for one device, like TensorRT's plans.
            h.device = backend.deviceName();
            h.arch = backend.deviceName();
            break;
    }
#ifdef KILN_HAVE_ONNX_VERSION
    h.libraryVersions["onnx"] = onnx::LAST_RELEASE_VERSION;
#endif
#ifdef OPENBLAS_VERSION
    h.libraryVersions["openblas"] = trim(OPENBLAS_VERSION);
#endif
#ifdef GOOGLE_PROTOBUF_VERSION
    h.libraryVersions["protobuf"] = std::to_string(GOOGLE_PROTOBUF_VERSION);
#endif
#ifdef CUDART_VERSION
    h.libraryVersions["cuda"] = std::to_string(CUDART_VERSION);
#endif
#ifdef CUDNN_VERSION
    h.libraryVersions["cudnn"] = std::to_string(CUDNN_VERSION);
#endif
    return h;
}

void checkEngineCompatible(const EngineHeader& header, const std::string& source) {
    switch (header.backend) {
        case BackendKind::Cpu: {
            std::string arch = cpuArch();
            KILN_CHECK(header.arch == arch, InvalidArgument, "engine file '", source, "' was built for ",
                       describe(header.backend, header.device), " on ", header.arch, ", this machine is ", arch);
            return;
        }
        case BackendKind::Cuda: {
            std::string why;
            if (!cudaBackendAvailable(&why))
                fail(ErrorKind::InvalidArgument, "engine file '", source, "': engine built for backend ",
                     describe(header.backend, header.device), ", this is ", describe(BackendKind::Cpu, cpuModelName()),
                     " (", why, ")");
            std::string device = makeCudaBackend()->deviceName();
            KILN_CHECK(header.arch == device, InvalidArgument, "engine file '", source, "': engine built for ",
                       describe(header.backend, header.arch), ", this is ", describe(BackendKind::Cuda, device));
            return;
        }
    }
}

void checkEnginePlugins(const std::vector<RequiredPlugin>& plugins, const PluginRegistry& registry,
                        const std::string& source) {
    for (const RequiredPlugin& p : plugins) {
        size_t sep = p.name.find("::");
        std::string domain = sep == std::string::npos ? "" : p.name.substr(0, sep);
        std::string op = sep == std::string::npos ? p.name : p.name.substr(sep + 2);
        auto found = registry.find(domain, op);
        KILN_CHECK(found, InvalidArgument, "engine file '", source, "' needs plugin ", p.name, " version ", p.version,
                   ", which is not registered (load its library with --plugins)");
        KILN_CHECK(found->version() == p.version, InvalidArgument, "engine file '", source, "' needs plugin ", p.name,
                   " version ", p.version, ", but version ", found->version(), " is registered");
    }
}

std::shared_ptr<const Engine> Engine::load(const std::string& path, const EngineLoadOptions& options) {
    std::ifstream in(path, std::ios::binary);
    KILN_CHECK(in, Io, "cannot open engine file '", path, "'");
    std::stringstream ss;
    ss << in.rdbuf();
    KILN_CHECK(!in.bad(), Io, "cannot read engine file '", path, "'");
    return deserialize(ss.str(), path, options);
}

void Engine::save(const std::string& path) const {
    std::string bytes = serialize();
    std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        KILN_CHECK(out, Io, "cannot write engine file '", path, "'");
        out.write(bytes.data(), std::streamsize(bytes.size()));
        out.close();
        if (!out) {
            std::remove(tmp.c_str());
            fail(ErrorKind::Io, "writing engine file '", path, "' failed");
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::remove(tmp.c_str());
        fail(ErrorKind::Io, "cannot write engine file '", path, "': ", ec.message());
    }
}

std::shared_ptr<const Engine> Engine::assemble(Parts parts, const PluginRegistry& registry) {
    std::shared_ptr<Engine> e(new Engine());
    e->header_ = std::move(parts.header);
    e->graph_ = std::move(parts.graph);
    e->layers_ = std::move(parts.layers);
    e->profiles_ = std::move(parts.profiles);
    e->config_ = std::move(parts.config);
    e->plugins_ = std::move(parts.plugins);
    e->calibration_ = std::move(parts.calibration);
    switch (e->header_.backend) {
        case BackendKind::Cpu: e->backend_ = makeCpuBackend(); break;
        case BackendKind::Cuda: e->backend_ = makeCudaBackend(); break;
    }
    for (const Value* v : e->graph_->runtimeInputs()) e->inputs_.push_back({v->name, v->dtype, v->shape});
    for (const Value* v : e->graph_->outputs()) e->outputs_.push_back({v->name, v->dtype, v->shape});

    std::vector<Node*> nodes = e->graph_->nodes();
    KILN_CHECK(nodes.size() == e->layers_.size(), Internal, "engine: ", nodes.size(), " nodes for ",
               e->layers_.size(), " layers");
    for (size_t i = 0; i < nodes.size(); ++i) {
        const EngineLayer& l = e->layers_[i];
        LayerRuntime rt;
        rt.node = nodes[i];
        switch (l.kind) {
            case LayerKind::Plugin: {
                rt.plugin = registry.find(l.domain, l.opType);
                KILN_CHECK(rt.plugin, InvalidArgument, "engine layer '", l.name, "' needs plugin ", l.domain, "::",
                           l.opType, " version ", l.pluginVersion, ", which is not registered");
                KILN_CHECK(rt.plugin->version() == l.pluginVersion, InvalidArgument, "engine layer '", l.name,
                           "' needs plugin ", rt.plugin->name(), " version ", l.pluginVersion, ", but version ",
                           rt.plugin->version(), " is registered");
                break;
            }
            case LayerKind::Kernel: {
                std::string why;
                KILN_CHECK(e->backend_->supportsOp(*rt.node, &why), Unsupported, "engine layer '", l.name, "' (",
                           l.opType, ") cannot run on the ", e->backend_->name(), " backend: ", why);
                std::vector<std::string> tactics = e->backend_->tactics(*rt.node);
                KILN_CHECK(std::find(tactics.begin(), tactics.end(), l.tactic) != tactics.end(), Unsupported,
                           "engine layer '", l.name, "' (", l.opType, ") uses tactic '", l.tactic,
                           "', which this Kiln does not have");
                break;
            }
        }
        e->runtime_.push_back(std::move(rt));
    }
    // The layers run in stored order: every input must be a graph input, a constant or the output
    // of an earlier layer.
    std::set<const Value*> ready;
    for (const Value* v : e->graph_->inputs()) ready.insert(v);
    for (size_t i = 0; i < nodes.size(); ++i) {
        for (const Value* v : nodes[i]->inputs)
            KILN_CHECK(!v || v->isConstant() || ready.count(v), InvalidArgument, "engine layer '", e->layers_[i].name,
                       "' reads tensor '", v->name, "' before any layer produces it");
        for (const Value* v : nodes[i]->outputs)
            if (v) ready.insert(v);
    }
    for (const Value* v : e->graph_->outputs())
        KILN_CHECK(v->isConstant() || ready.count(v), InvalidArgument, "engine output '", v->name, "' is never produced");
    e->plan_ = planRun(*e->graph_, std::vector<const Node*>(nodes.begin(), nodes.end()));
    if (e->backend_->kind() != BackendKind::Cpu) {
        e->batchSplit_.reason = concat("the ", e->backend_->name(), " backend runs whole batches");
    } else {
        e->batchSplit_ = analyzeBatchSplit(*e->graph_);
        // A plugin's contract says nothing about samples (it may carry a standard op's name).
        for (size_t i = 0; i < e->runtime_.size() && e->batchSplit_.possible; ++i)
            if (e->runtime_[i].plugin)
                e->batchSplit_ = BatchSplit{false, concat("layer '", e->layers_[i].name, "' runs a plugin"), {}, {}};
    }
    for (const auto& [name, amax] : e->calibration_.ranges)
        KILN_CHECK(e->graph_->findValue(name), InvalidArgument, "engine calibration: tensor '", name,
                   "' is not in the engine");
    return e;
}

std::optional<float> Engine::dynamicRange(const std::string& tensor) const {
    auto it = calibration_.ranges.find(tensor);
    if (it == calibration_.ranges.end()) return std::nullopt;
    return it->second;
}

std::unique_ptr<ExecutionContext> Engine::createExecutionContext() const {
    return std::make_unique<ExecutionContext>(shared_from_this());
}

const EngineLayer* Engine::findLayer(const std::string& name) const {
    for (const EngineLayer& l : layers_)
        if (l.name == name) return &l;
    return nullptr;
}

int64_t Engine::weightBytes() const {
    int64_t bytes = 0;
    std::vector<const Value*> seen;
    for (const Node* n : graph_->nodes())
        for (const Value* v : n->inputs)
            if (v && v->isConstant() && std::find(seen.begin(), seen.end(), v) == seen.end()) {
                seen.push_back(v);
                bytes += int64_t(v->constant->byteSize());
            }
    return bytes;
}

std::string Engine::summary() const {
    std::ostringstream os;
    os << "engine: backend " << backendName(header_.backend) << " (" << header_.device << "), format "
       << header_.formatVersion << ", Kiln " << header_.kilnVersion << "\n";
    os << "  " << layers_.size() << " layers, " << weightBytes() << " bytes of weights, " << profiles_.size()
       << " profile(s)";
    if (!plugins_.empty()) {
        os << ", plugins:";
        for (const auto& p : plugins_) os << " " << p.name << "@" << p.version;
    }
    os << "\n";
    if (!calibration_.algorithm.empty())
        os << "  int8 calibration: " << calibration_.algorithm << ", " << calibration_.ranges.size()
           << " tensor ranges\n";
    for (const EngineTensor& t : inputs_) os << "  input  " << t.name << " " << dataTypeName(t.dtype) << t.shape.str() << "\n";
    for (const EngineTensor& t : outputs_) os << "  output " << t.name << " " << dataTypeName(t.dtype) << t.shape.str() << "\n";
    return os.str();
}

}  // namespace kiln
