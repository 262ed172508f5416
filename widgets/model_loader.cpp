#include "widgets/model_loader.h"

#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>

#include "engine_core/builder/engine.h"
#include "engine_core/common/error.h"
#include "engine_core/common/message_catalogue.h"
#include "engine_core/onnx/importer.h"
#include "engine_core/onnx/model_report.h"
#include "widgets/library_text.h"

namespace kiln::studio {

std::shared_ptr<const kiln::Graph> LoadedModel::shownGraph() const {
    // Aliasing: the graph lives inside the engine and keeps the engine alive.
    if (engine) return std::shared_ptr<const kiln::Graph>(engine, &engine->graph());
    return graph;
}

ModelLoader::ModelLoader(QObject* parent) : QObject(parent) {
    connect(&watcher_, &QFutureWatcher<LoadOutcome>::finished, this, &ModelLoader::onFinished);
}

ModelLoader::~ModelLoader() { watcher_.waitForFinished(); }

LoadOutcome ModelLoader::loadFile(const QString& path) {
    LoadOutcome out;
    out.path = path;
    try {
        // The importer's own messages (what `kiln inspect` prints), checked before the engine sniff.
        const QFileInfo info(path);
        const kiln::Message what = kiln::msg<kiln::Msg::NounModelFile>();
        KILN_CHECK(info.exists(), Io,
                   kiln::msg<kiln::Msg::FileMissing>("what"_a = what, "file"_a = path.toStdString()));
        KILN_CHECK(info.isFile(), Io,
                   kiln::msg<kiln::Msg::FileNotRegular>("what"_a = what, "file"_a = path.toStdString()));
        if (looksLikeEngineFile(path)) {
            auto model = std::make_shared<LoadedModel>();
            model->path = path;
            model->engine = kiln::Engine::load(path.toStdString());
            // An engine's layers run on the backend it was built for: no CPU-kernel scan (the check
            // is the model's, and it would visit every layer of a 10k-layer engine for nothing).
            model->summary = ModelSummary::fromReport(
                kiln::makeModelReport(*model->shownGraph(), {}, {}, 0, /*scanCpuKernels=*/false), path);
            model->summary.engine = EngineSummary::fromEngine(*model->engine);
            out.model = std::move(model);
            return out;
        }
        kiln::ImportOptions options;
        options.allowUnsupported = true;
        kiln::ImportResult result = kiln::importOnnxFile(path.toStdString(), options);
        auto model = std::make_shared<LoadedModel>();
        model->path = path;
        model->summary = ModelSummary::fromReport(kiln::makeModelReport(result), path);
        model->graph = std::shared_ptr<kiln::Graph>(std::move(result.graph));
        model->unsupported = std::move(result.unsupported);
        out.model = std::move(model);
    } catch (const std::exception& e) {
        // One line, as the CLI prints it.
        out.error = LibraryText::error(e).section(QLatin1Char('\n'), 0, 0);
    } catch (...) {
        out.error = tr("%1: unknown error while importing").arg(path);
    }
    return out;
}

void ModelLoader::load(const QString& path) {
    if (watcher_.isRunning()) {
        queued_ = path;
        return;
    }
    emit started(path);
    watcher_.setFuture(QtConcurrent::run([path] { return loadFile(path); }));
}

void ModelLoader::onFinished() {
    const LoadOutcome out = watcher_.result();
    if (!queued_.isEmpty()) {
        const QString next = queued_;
        queued_.clear();
        load(next);
        return;
    }
    if (out.model) emit loaded(out.model);
    else emit failed(out.path, out.error);
}

}  // namespace kiln::studio
