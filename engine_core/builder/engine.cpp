#include "engine_core/builder/engine.h"

#include "engine_core/builder/byte_io.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "engine_core/builder/execution_context.h"
#include "engine_core/builder/graph_clone.h"
#include "engine_core/common/memory_limit.h"
#include "engine_core/common/message_catalogue.h"

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

namespace kiln {

std::string_view layerKindName(LayerKind kind) {
    switch (kind) {
        case LayerKind::Kernel: return "kernel";
        case LayerKind::Plugin: return "plugin";
        case LayerKind::Copy: return "copy";
    }
    return "?";
}

namespace {

// Each execution context allocates its profile's arenas: an engine whose arenas can't fit in the
// memory limit (--memory-limit) is refused when it is built or loaded, naming the largest tensor.
void checkPlanWithinMemoryLimit(const MemoryPlan& plan, const RunPlan& run, const std::vector<EngineLayer>& layers,
                                size_t profile) {
    const uint64_t limit = memoryLimit();
    const uint64_t total = plan.totalBytes();
    if (total <= limit) return;
    size_t largest = 0;
    for (size_t s = 0; s < plan.placements.size(); ++s)
        if (plan.placements[s].bytes > plan.placements[largest].bytes) largest = s;
    std::string tensor = "?", layer = "?";
    if (largest < run.slotInfo.size()) {
        const SlotInfo& info = run.slotInfo[largest];
        if (info.value) tensor = info.value->name;
        if (info.producer >= 0 && size_t(info.producer) < layers.size()) layer = layers[size_t(info.producer)].name;
    }
    const uint64_t tensorBytes = largest < plan.placements.size() ? plan.placements[largest].bytes : 0;
    fail(ErrorKind::ResourceLimit,
         msg<Msg::EngineMemoryOverLimit>("profile"_a = profile, "size"_a = formatBytes(total),
                                         "limit"_a = formatBytes(limit), "tensor"_a = tensor, "layer"_a = layer,
                                         "tensorSize"_a = formatBytes(tensorBytes)));
}

std::string trim(std::string s) {
    size_t a = s.find_first_not_of(" \t\n"), b = s.find_last_not_of(" \t\n");
    return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

std::string describe(const std::string& backend, const std::string& device) { return concat(backend, " (", device, ")"); }

}  // namespace

EngineHeader currentEngineHeader(const Backend& backend) {
    EngineHeader h;
    h.formatVersion = kEngineFormatVersion;
    h.kilnVersion = KILN_VERSION;
    h.backend = std::string(backend.id());
    // A CPU engine is tied to the machine architecture; a device engine to the device (its
    // tactics are tuned for one GPU model, like TensorRT's plans).
    h.device = backend.device().isHost() ? cpuModelName() : backend.deviceName();
    h.arch = backend.arch();
#ifdef KILN_HAVE_ONNX_VERSION
    h.libraryVersions["onnx"] = onnx::LAST_RELEASE_VERSION;
#endif
#ifdef OPENBLAS_VERSION
    h.libraryVersions["openblas"] = trim(OPENBLAS_VERSION);
#endif
#ifdef GOOGLE_PROTOBUF_VERSION
    h.libraryVersions["protobuf"] = std::to_string(GOOGLE_PROTOBUF_VERSION);
#endif
    for (const auto& [name, version] : backend.libraryVersions()) h.libraryVersions[name] = version;
    return h;
}

void checkEngineCompatible(const EngineHeader& header, const std::string& source) {
    BackendRegistry& registry = BackendRegistry::global();
    KILN_CHECK(registry.known(header.backend), InvalidArgument, "engine file '", source, "' was built for backend '",
               header.backend, "', which this Kiln does not have");
    std::string why;
    if (!registry.available(header.backend, &why))
        fail(ErrorKind::InvalidArgument, "engine file '", source, "': engine built for backend ",
             describe(header.backend, header.device), ", this is ", describe("cpu", cpuModelName()), " (", why, ")");
    std::shared_ptr<const Backend> here = registry.get(header.backend);
    if (here->device().isHost()) {
        KILN_CHECK(header.arch == here->arch(), InvalidArgument, "engine file '", source, "' was built for ",
                   describe(header.backend, header.device), " on ", header.arch, ", this machine is ", here->arch());
    } else {
        KILN_CHECK(header.arch == here->arch(), InvalidArgument, "engine file '", source, "': engine built for ",
                   describe(header.backend, header.arch), ", this is ", describe(header.backend, here->arch()));
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
    engine_io::ByteWriter w;
    serializeTo(w);  // the weights stay in the engine's tensors: written from there
    std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        KILN_CHECK(out, Io, "cannot write engine file '", path, "'");
        w.forEachPiece([&](const char* data, size_t n) { out.write(data, std::streamsize(n)); });
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

namespace {

// The memory planner's input for one profile: the recorded sizes by slot, and which outputs may
// share their inputs' blocks.
MemoryPlanRequest memoryRequest(const Program& program, const EngineMemory& memory) {
    const RunPlan& run = program.plan();
    MemoryPlanRequest request;
    request.slotBytes.assign(run.slotCount(), 0);
    request.slotDevices = program.slotDevices();
    for (size_t s = 0; s < run.slotCount(); ++s) {
        const SlotInfo& info = run.slotInfo[s];
        if (info.graphInput || info.graphOutput) continue;  // the caller's tensors, or returned to the caller
        auto it = memory.tensorBytes.find(info.value->name);
        if (it != memory.tensorBytes.end()) request.slotBytes[s] = it->second;
    }
    const auto& steps = program.steps();
    request.stepScratch.assign(steps.size(), 0);
    for (size_t i = 0; i < steps.size(); ++i) {
        request.stepDevices.push_back(steps[i].backend->device());
        if (i < memory.layerScratch.size()) request.stepScratch[i] = memory.layerScratch[i];
        const KernelDef* def = steps[i].kind == StepKind::Kernel ? steps[i].def : nullptr;
        if (!def) continue;
        const PlannedStep& ps = run.steps[i];
        auto slotPair = [&](std::pair<int, int> p) -> std::pair<int, int> {
            const int out = size_t(p.first) < ps.outSlots.size() ? ps.outSlots[size_t(p.first)] : -1;
            const int in = size_t(p.second) < ps.inSlots.size() ? ps.inSlots[size_t(p.second)] : -1;
            return {out, in};
        };
        for (auto p : def->aliases) {
            auto [out, in] = slotPair(p);
            request.aliases.push_back({i, out, in});
        }
        for (auto p : def->inPlace) {
            auto [out, in] = slotPair(p);
            request.inPlace.push_back({i, out, in});
        }
    }
    return request;
}

}  // namespace

std::shared_ptr<const Engine> Engine::assemble(Parts parts, const PluginRegistry& registry) {
    std::shared_ptr<Engine> e(new Engine());
    e->header_ = std::move(parts.header);
    e->graph_ = std::move(parts.graph);
    e->layers_ = std::move(parts.layers);
    e->profiles_ = std::move(parts.profiles);
    e->config_ = std::move(parts.config);
    e->plugins_ = std::move(parts.plugins);
    e->calibration_ = std::move(parts.calibration);
    e->memory_ = std::move(parts.memory);
    BackendRegistry& backends = BackendRegistry::global();
    e->backend_ = backends.get(e->header_.backend);
    for (const Value* v : e->graph_->runtimeInputs()) e->inputs_.push_back({v->name, v->dtype, v->shape});
    for (const Value* v : e->graph_->outputs()) e->outputs_.push_back({v->name, v->dtype, v->shape});

    std::vector<Node*> nodes = e->graph_->nodes();
    KILN_CHECK(nodes.size() == e->layers_.size(), Internal, "engine: ", nodes.size(), " nodes for ",
               e->layers_.size(), " layers");
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

    e->program_ = std::make_unique<Program>(*e->graph_, std::vector<const Node*>(nodes.begin(), nodes.end()));
    std::vector<ProgramStep>& steps = e->program_->steps();
    bool allSplit = true;
    for (size_t i = 0; i < nodes.size(); ++i) {
        const EngineLayer& l = e->layers_[i];
        ProgramStep& step = steps[i];
        step.backend = l.backend == e->header_.backend ? e->backend_ : backends.get(l.backend);
        step.precision = l.computed;
        step.format = l.format;
        step.tacticData = l.tacticData;
        allSplit = allSplit && step.backend->splitsBatches() && l.kind == LayerKind::Kernel;
        switch (l.kind) {
            case LayerKind::Plugin: {
                step.kind = StepKind::Plugin;
                step.plugin = registry.find(l.domain, l.opType);
                KILN_CHECK(step.plugin, InvalidArgument, "engine layer '", l.name, "' needs plugin ", l.domain, "::",
                           l.opType, " version ", l.pluginVersion, ", which is not registered");
                KILN_CHECK(step.plugin->version() == l.pluginVersion, InvalidArgument, "engine layer '", l.name,
                           "' needs plugin ", step.plugin->name(), " version ", l.pluginVersion, ", but version ",
                           step.plugin->version(), " is registered");
                break;
            }
            case LayerKind::Copy: step.kind = StepKind::Copy; break;
            case LayerKind::Kernel: {
                std::string why;
                KILN_CHECK(step.backend->supportsOp(*nodes[i], l.computed, l.format, &why), Unsupported, "engine layer '",
                           l.name, "' (", l.opType, ") cannot run on the ", l.backend, " backend: ", why);
                // "name#variant": the def is the name, the variant's data is in tacticData.
                const std::string tacticName = l.tactic.substr(0, l.tactic.find('#'));
                for (const KernelDef* def : step.backend->kernels().findAll(l.opType, l.domain, l.computed, l.format))
                    if (def->tactic == tacticName) step.def = def;
                // A layer storing fp16/bf16 computes with its backend's fp32-precision kernels over
                // that type (float accumulation) when the op has no kernel of its own precision,
                // as Backend::candidates chose them at build time.
                if (!step.def && (l.computed == Precision::FP16 || l.computed == Precision::BF16))
                    for (const KernelDef* def : step.backend->kernels().findAll(l.opType, l.domain, Precision::FP32, l.format))
                        if (def->tactic == tacticName) step.def = def;
                if (step.def) step.precision = step.def->precision;  // as the builder ran it
                KILN_CHECK(step.def, Unsupported, "engine layer '", l.name, "' (", l.opType, ") uses tactic '", l.tactic,
                           "' (", precisionName(l.computed), ", ", tensorFormatName(l.format), ") of the ", l.backend,
                           " backend, which this Kiln does not have");
                break;
            }
        }
    }
    e->program_->finalize();
    for (size_t p = 0; p < e->profiles_.size(); ++p) {
        const EngineMemory sizes = p < e->memory_.size() ? e->memory_[p] : EngineMemory{};
        e->memoryPlans_.push_back(planMemory(e->program_->plan(), memoryRequest(*e->program_, sizes)));
        checkPlanWithinMemoryLimit(e->memoryPlans_.back(), e->program_->plan(), e->layers_, p);
    }
    if (!allSplit) {
        // A plugin's contract says nothing about samples (it may carry a standard op's name), and a
        // device runs whole batches.
        std::string reason = concat("the ", e->header_.backend, " backend runs whole batches");
        for (size_t i = 0; i < steps.size(); ++i)
            if (steps[i].kind == StepKind::Plugin) {
                reason = concat("layer '", e->layers_[i].name, "' runs a plugin");
                break;
            }
        e->batchSplit_.reason = reason;
    } else {
        e->batchSplit_ = analyzeBatchSplit(*e->graph_);
    }
    for (const auto& [name, amax] : e->calibration_.ranges)
        KILN_CHECK(e->graph_->findValue(name), InvalidArgument, "engine calibration: tensor '", name,
                   "' is not in the engine");
    return e;
}

void roundFloatTensorTo(Tensor& t, Precision p, bool clampToFp16Range) {
    if (t.dtype() != DataType::Float32 || !t.device().isHost() || t.numel() == 0) return;
    float* x = t.data<float>();
    const bool half = p == Precision::FP16;
    for (int64_t i = 0; i < t.numel(); ++i) {
        float v = x[i];
        if (half && clampToFp16Range && std::isfinite(v)) v = std::clamp(v, -65504.f, 65504.f);
        const float r = half ? halfToFloat(floatToHalf(v)) : bfloat16ToFloat(floatToBfloat16(v));
        // Only where it changes: a view of an already rounded tensor (a constant, an input) is not written.
        if (!(r == x[i]) && !(std::isnan(r) && std::isnan(x[i]))) x[i] = r;
    }
}

std::shared_ptr<const Engine> Engine::withEmulatedRounding(Precision p, const std::vector<LayerPrecisionOverride>& pins,
                                                          const std::map<std::string, std::string>* originOpTypes) const {
    KILN_CHECK(p == Precision::FP16 || p == Precision::BF16, InvalidArgument, "rounding can be emulated for fp16 and bf16, not ",
               precisionName(p));
    KILN_CHECK(emulated_ == Precision::FP32, InvalidArgument, "the engine already emulates ", precisionName(emulated_));
    for (const EngineLayer& l : layers_)
        KILN_CHECK(l.backend == "cpu", Unsupported, "emulated ", precisionName(p), " rounding runs on the cpu backend; layer '",
                   l.name, "' runs on ", l.backend);
    Parts parts;
    parts.header = header_;
    CloneOptions clone;
    clone.copyConstantData = true;  // rounded below: the original engine keeps its weights
    parts.graph = cloneGraph(*graph_, clone);
    parts.config = config_;
    parts.config.layerPrecisions.insert(parts.config.layerPrecisions.end(), pins.begin(), pins.end());

    // What each layer would compute in on a GPU build with p: p, unless an override decides (the
    // last match wins); fp16/bf16 overrides round to theirs, the rest (fp32 pins) round nothing.
    auto isReduced = [](Precision q) { return q == Precision::FP16 || q == Precision::BF16; };
    // A layer the builder inserted (a reformat: no ONNX origin) is in the precision of what it reads.
    const std::vector<Node*> nodes = parts.graph->nodes();
    std::vector<Precision> layerRounding(layers_.size(), Precision::FP32);
    std::map<const Value*, Precision> producedRounding;
    for (size_t i = 0; i < layers_.size(); ++i) {
        const EngineLayer& l = layers_[i];
        if (l.kind == LayerKind::Copy) continue;
        const LayerPrecisionChoice choice =
            resolveLayerPrecision(LayerPrecisionQuery{l.name, l.opType, &l.origin, originOpTypes}, parts.config);
        Precision decided = p;
        if (choice.overrideIndex) {
            decided = parts.config.layerPrecisions[*choice.overrideIndex].precision;
        } else if (l.origin.empty()) {
            decided = Precision::FP32;
            for (const Value* v : nodes[i]->inputs)
                if (auto it = producedRounding.find(v); v && it != producedRounding.end() && isReduced(it->second))
                    decided = it->second;
        }
        layerRounding[i] = isReduced(decided) ? decided : Precision::FP32;
        for (const Value* v : nodes[i]->outputs)
            if (v) producedRounding[v] = layerRounding[i];
    }
    // A tensor is stored rounded when its producer is rounded, else when a rounded layer reads it
    // (the cast before a reduced-precision layer): the first such reader's precision.
    std::map<const Value*, Precision> readRounding;
    for (size_t i = 0; i < nodes.size(); ++i) {
        if (layerRounding[i] == Precision::FP32) continue;
        for (const Value* v : nodes[i]->inputs)
            if (v) readRounding.emplace(v, layerRounding[i]);
    }
    auto readBy = [&](const Value* v) {
        auto it = readRounding.find(v);
        return it == readRounding.end() ? Precision::FP32 : it->second;
    };
    std::map<Value*, Precision> constants;
    for (Node* n : parts.graph->nodes())
        for (Value* v : n->inputs)
            if (v && v->isConstant() && readBy(v) != Precision::FP32) constants.emplace(v, readBy(v));
    for (Value* v : parts.graph->outputs())
        if (v->isConstant()) constants.emplace(v, p);
    // As the builder converts weights (builder_assign.cpp convertFloat): beyond fp16's range clamped
    // to +-65504, as TensorRT does; activations overflow to infinity as the kernels' stores do.
    for (auto& [v, q] : constants) roundFloatTensorTo(*v->constant, q, true);
    std::vector<std::vector<Precision>> outputRounding(nodes.size());
    for (size_t i = 0; i < nodes.size(); ++i)
        for (const Value* v : nodes[i]->outputs)
            outputRounding[i].push_back(!v || layers_[i].kind == LayerKind::Copy ? Precision::FP32
                                        : layerRounding[i] != Precision::FP32    ? layerRounding[i]
                                                                                 : readBy(v));
    std::map<std::string, Precision> inputRounding;
    for (const Value* v : parts.graph->runtimeInputs()) inputRounding[v->name] = readBy(v);

    parts.layers = layers_;
    parts.profiles = profiles_;
    parts.plugins = plugins_;
    parts.calibration = calibration_;
    parts.memory = memory_;
    std::shared_ptr<const Engine> assembled = assemble(std::move(parts), PluginRegistry::global());
    // The program keeps the fp32 kernels chosen at build time; the layers report what they emulate.
    Engine& e = const_cast<Engine&>(*assembled);  // just made here, not yet shared
    e.emulated_ = p;
    e.emulatedOutputs_ = std::move(outputRounding);
    e.emulatedInputs_ = std::move(inputRounding);
    const std::vector<Node*> assembledNodes = e.graph_->nodes();
    for (size_t i = 0; i < e.layers_.size(); ++i) {
        if (layerRounding[i] == Precision::FP32) continue;
        for (const Value* v : assembledNodes[i]->outputs)
            if (v && v->dtype == DataType::Float32) e.layers_[i].computed = layerRounding[i];
    }
    return assembled;
}

Precision Engine::emulatedOutputRounding(size_t layer, size_t output) const {
    if (layer >= emulatedOutputs_.size() || output >= emulatedOutputs_[layer].size()) return Precision::FP32;
    return emulatedOutputs_[layer][output];
}

Precision Engine::emulatedInputRounding(const std::string& name) const {
    auto it = emulatedInputs_.find(name);
    return it == emulatedInputs_.end() ? Precision::FP32 : it->second;
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
    os << "engine: backend " << header_.backend << " (" << header_.device << "), format "
       << header_.formatVersion << ", Kiln " << header_.kilnVersion << "\n";
    size_t copies = 0, fallbacks = 0;
    for (const EngineLayer& l : layers_) {
        copies += l.kind == LayerKind::Copy;
        fallbacks += !l.origin.empty() && l.backend != header_.backend;  // model layers, not inserted ones
    }
    os << "  " << layers_.size() << " layers, " << weightBytes() << " bytes of weights, " << profiles_.size()
       << " profile(s)";
    if (copies || fallbacks) os << ", " << copies << " copy layer(s), " << fallbacks << " on another backend";
    if (!plugins_.empty()) {
        os << ", plugins:";
        for (const auto& p : plugins_) os << " " << p.name << "@" << p.version;
    }
    os << "\n";
    if (!calibration_.algorithm.empty())
        os << "  int8 calibration: " << calibration_.algorithm << ", " << calibration_.ranges.size()
           << " tensor ranges\n";
    if (!memoryPlans_.empty())
        os << "  memory: " << formatBytes(memoryPlans_.front().totalBytes()) << " per execution context (profile 0: "
           << memoryPlans_.front().summary() << ")\n";
    for (const EngineTensor& t : inputs_) os << "  input  " << t.name << " " << dataTypeName(t.dtype) << t.shape.str() << "\n";
    for (const EngineTensor& t : outputs_) os << "  output " << t.name << " " << dataTypeName(t.dtype) << t.shape.str() << "\n";
    return os.str();
}

}  // namespace kiln
