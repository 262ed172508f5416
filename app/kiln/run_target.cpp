#include "app/kiln/run_target.h"

#include <cstring>
#include <filesystem>
#include <fstream>

#include "engine_core/builder/engine_format.h"
#include "engine_core/common/error.h"
#include "engine_core/common/message_catalogue.h"

namespace kiln::cli {

bool looksLikeEngineFile(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return false;
    std::string ext = std::filesystem::path(path).extension().string();
    if (ext == ".engine" || ext == ".plan") return true;
    char magic[sizeof kEngineMagic] = {};
    f.read(magic, sizeof magic);
    return f.gcount() == std::streamsize(sizeof magic) && std::memcmp(magic, kEngineMagic, sizeof magic) == 0;
}

std::unique_ptr<RunTarget> RunTarget::open(const std::string& path, int profileIndex) {
    auto t = std::make_unique<RunTarget>();
    t->path_ = path;
    if (looksLikeEngineFile(path)) {
        t->engine_ = Engine::load(path);
        t->context_ = t->engine_->createExecutionContext();
        try {
            t->context_->setOptimizationProfile(profileIndex);
        } catch (const Error& e) {
            fail(ErrorKind::InvalidArgument, msg<Msg::FlagError>("flag"_a = "profile-index", "cause"_a = e.message()));
        }
    } else {
        ImportResult imported = importOnnxFile(path);
        KILN_CHECK(imported.graph, Internal, msg<Msg::ImporterReturnedNoGraph>("file"_a = path));
        t->warnings_ = std::move(imported.warnings);
        t->model_ = std::move(imported.graph);
        t->executor_ = std::make_unique<Executor>(*t->model_);
    }
    return t;
}

const Graph& RunTarget::graph() const {
    return engine_ ? engine_->graph() : *model_;
}

std::string RunTarget::deviceName() const {
    return engine_ ? engine_->backend().deviceName() : executor_->backend().deviceName();
}

const BatchSplit* RunTarget::batchSplit() const {
    if (engine_) return engine_->backend().splitsBatches() ? &engine_->batchSplit() : nullptr;
    return executor_->backend().splitsBatches() ? &executor_->batchSplit() : nullptr;
}

std::string RunTarget::description() const {
    if (engine_)
        return concat(path_, " (", engine_->layers().size(),
                      engine_->layers().size() == 1 ? " layer" : " layers", ", built by Kiln ",
                      engine_->header().kilnVersion, ", optimization profile ",
                      context_->optimizationProfile(), " of ", engine_->profiles().size(), ")");
    return concat(path_, " (", model_->nodeCount(), " nodes, opset ", model_->opsetVersion(), ")");
}

TensorMap RunTarget::run(const TensorMap& inputs) const {
    if (!engine_) return executor_->run(inputs);
    ExecuteOptions options;
    options.useCudaGraph = useCudaGraph_;
    double deviceMs = 0;
    const bool device = !engine_->program().deviceSegment().empty();
    if (device) options.deviceMs = &deviceMs;
    TensorMap out = context_->execute(inputs, options);
    if (device) deviceTimes_.push_back(deviceMs);
    return out;
}

TensorMap RunTarget::runProfiled(const TensorMap& inputs, IProfiler& profiler) const {
    if (engine_) {
        ExecuteOptions options;
        options.profiler = &profiler;
        return context_->execute(inputs, options);
    }
    RunOptions options;
    options.afterNode = [&](size_t, const Node& node, double ms) {
        profiler.reportLayerTime(node.label(), float(ms));
    };
    return executor_->run(inputs, options);
}

TensorMap RunTarget::runKeepAll(const TensorMap& inputs) const {
    if (engine_) {
        ExecuteOptions options;
        options.keepLayerOutputs = true;
        return context_->execute(inputs, options);
    }
    RunOptions options;
    options.keepIntermediates = true;
    return executor_->run(inputs, options);
}

std::vector<LayerDescription> RunTarget::layers() const {
    return engine_ ? describeEngineLayers(*engine_) : describeGraphNodes(*model_, executor_->order());
}

std::vector<std::string> RunTarget::bindings() const {
    std::vector<std::string> names;
    for (const Value* v : graph().runtimeInputs()) names.push_back(v->name);
    for (const Value* v : graph().outputs()) names.push_back(v->name);
    return names;
}

std::map<std::string, std::vector<int64_t>> RunTarget::defaultShapes(
    const std::map<std::string, std::vector<int64_t>>& given) const {
    auto shapes = given;
    if (!engine_ || engine_->profiles().empty()) return shapes;
    const OptimizationProfile& profile = engine_->profiles().at(size_t(context_->optimizationProfile()));
    for (const auto& [name, range] : profile.inputs) shapes.emplace(name, range.opt);
    return shapes;
}

}  // namespace kiln::cli
