#include "widgets/workbench.h"
#include "widgets/library_text.h"

#include <QFileInfo>

namespace kiln::studio {

Workbench::Workbench(GraphModel* mainGraph, QObject* parent) : QObject(parent), mainGraph_(mainGraph) {
    connect(&builder_, &BuildController::started, this, &Workbench::stateChanged);
    connect(&builder_, &BuildController::finished, this, [this] {
        profile_.clear();
        accuracy_.clear();
        // The fusion view shows the graph at the level the engine was built with, so its layer
        // names are the engine's (the heat map and the accuracy flags find them by name).
        fusion_.setLevel(builder_.builtConfig().optimizationLevel);
        // ... and lists the engine's layers: backends, copies and reformats, and which fusions the
        // builder kept or reverted after timing them against their unfused nodes.
        fusion_.setEngine(builder_.engine(), builder_.report().fusionTimings);
        refreshOverlays();
        emit stateChanged();
        if (compareAfterBuild_) {
            compareAfterBuild_ = false;
            runCompare();
        }
    });
    connect(&builder_, &BuildController::failed, this, [this] {
        compareAfterBuild_ = false;
        emit stateChanged();
    });
    connect(&builder_, &BuildController::cancelled, this, [this] {
        compareAfterBuild_ = false;
        emit stateChanged();
    });
    connect(&settings_, &BuildSettingsModel::validationChanged, this, &Workbench::stateChanged);
    connect(&comparison_, &BuildComparisonModel::finished, this, &Workbench::stateChanged);
    // The precision search's start and end enable and disable actions too.
    for (auto signal : {&PrecisionDebugModel::started, &PrecisionDebugModel::finished, &PrecisionDebugModel::cancelled,
                        &PrecisionDebugModel::cleared})
        connect(&precisionDebug_, signal, this, &Workbench::stateChanged);
    connect(&precisionDebug_, &PrecisionDebugModel::failed, this, &Workbench::stateChanged);
    for (QObject* o : {static_cast<QObject*>(&profile_), static_cast<QObject*>(&accuracy_), static_cast<QObject*>(&comparison_)}) {
        connect(o, SIGNAL(started()), this, SIGNAL(stateChanged()));
        connect(o, SIGNAL(failed(QString)), this, SIGNAL(stateChanged()));
        // Cleared, or a discarded run (another model's) ended.
        connect(o, SIGNAL(modelReset()), this, SIGNAL(stateChanged()));
    }
    connect(&profile_, &ProfileModel::finished, this, [this] {
        refreshOverlays();
        emit stateChanged();
    });
    connect(&accuracy_, &AccuracyModel::finished, this, [this] {
        refreshOverlays();
        emit stateChanged();
    });
    // The optimized graph is rebuilt on every level change: paint it again.
    connect(&fusion_, &FusionModel::optimizedReady, this, &Workbench::refreshOverlays);
}

bool Workbench::isBusy() const {
    return fusion_.isBusy() || builder_.isRunning() || profile_.isRunning() || accuracy_.isRunning() ||
           comparison_.isRunning() || precisionDebug_.isRunning();
}

void Workbench::setModel(std::shared_ptr<const kiln::Graph> graph, const QString& path) {
    // A calibration folder and cache hold the previous model's inputs and scales: they do not carry
    // over to another model (its settings would read as valid on another model's data). Reopening
    // the same file keeps them.
    if (QFileInfo(path).absoluteFilePath() != QFileInfo(path_).absoluteFilePath()) {
        settings_.setCalibrationFolder(QString());
        settings_.setCalibrationCachePath(QString());
    }
    openedEngine_.reset();
    model_ = std::move(graph);
    path_ = path;
    builder_.clear();
    profile_.clear();
    accuracy_.clear();
    comparison_.cancel();
    comparison_.clear();
    precisionDebug_.clear();  // its pins name the previous model's nodes
    compareAfterBuild_ = false;
    settings_.setGraph(model_);
    fusion_.setSource(model_, path);
    inputChoice_ = {};
    emit modelChanged();
    emit inputChoiceChanged();
    emit stateChanged();
}

void Workbench::setEngine(std::shared_ptr<const kiln::Engine> engine, const QString& path) {
    // The engine's graph stands in for the model: its inputs are the ones `kiln run ENGINE` feeds.
    model_ = engine ? std::shared_ptr<const kiln::Graph>(engine, &engine->graph()) : nullptr;
    openedEngine_ = std::move(engine);
    path_ = path;
    builder_.clear();
    profile_.clear();
    accuracy_.clear();
    comparison_.cancel();
    comparison_.clear();
    precisionDebug_.clear();  // its pins name the previous model's nodes
    compareAfterBuild_ = false;
    settings_.setGraph(nullptr);
    // The build panel shows the settings the engine was built with (saving them still works).
    if (openedEngine_) settings_.setConfig(openedEngine_->config());
    fusion_.setSource(nullptr);
    fusion_.setEngine(openedEngine_);
    inputChoice_ = {};
    emit modelChanged();
    emit inputChoiceChanged();
    emit stateChanged();
}

bool Workbench::exportEngine(const QString& path, QString* error) const {
    if (!openedEngine_) return builder_.exportEngine(path, error);
    try {
        openedEngine_->save(path.toStdString());
        return true;
    } catch (const std::exception& e) {
        if (error) *error = LibraryText::error(e);
        return false;
    }
}

void Workbench::setInputChoice(const RunInputChoice& choice) {
    if (choice == inputChoice_) return;
    inputChoice_ = choice;
    emit inputChoiceChanged();
}

void Workbench::build() {
    if (!canBuild()) return;
    // The builder re-imports the file when a profile fixes symbolic dims; a graph shown from
    // memory (showGraph: a demo, a test) has no file, only a title, and builds as it is.
    builder_.start(model_, settings_.config(), QFileInfo(path_).isFile() ? path_ : QString());
}

void Workbench::runProfile() {
    if (!hasEngine() || profile_.isRunning()) return;
    profile_.run(engine(), model_, profileOptions_, inputChoice_);
}

void Workbench::runCompare() {
    if (!canCompare() || accuracy_.isRunning()) return;
    accuracy_.run(builder_.engine(), model_, inputChoice_);
}

void Workbench::compareBuilds(const BuildSpec& a, const BuildSpec& b) {
    if (!canCompareBuilds()) return;
    comparison_.run(model_, a, b, profileOptions_, inputChoice_);
}

void Workbench::compareEngineFiles(const QString& fileA, const QString& fileB) {
    if (!canCompareEngineFiles()) return;
    // The chosen inputs belong to the open model; they apply when its inputs are the engines'.
    comparison_.runEngines(nullptr, fileA, fileB, profileOptions_, inputChoice_);
}

void Workbench::compareWithEngineFile(const QString& file) {
    if (!canCompareWithEngineFile()) return;
    comparison_.runEngines(model_, QString(), file, profileOptions_, inputChoice_);
}

QString Workbench::overrideTargetFor(const QString& layer) const {
    // Overrides are checked against the ONNX model (BuilderConfig::validate), which knows ONNX node
    // names, not the names of fused layers. A layer's last source node is the one whose output the
    // layer produces; naming it selects exactly the layer that absorbed it in any build.
    if (!model_ || layer.isEmpty()) return layer;
    for (const kiln::Node* n : model_->nodes())
        if (QString::fromStdString(n->name) == layer) return layer;
    if (const kiln::Engine* engine = builder_.engine().get())
        if (const kiln::EngineLayer* l = engine->findLayer(layer.toStdString()); l && !l->origin.empty())
            return QString::fromStdString(l->origin.back());
    return layer;
}

void Workbench::keepInFp32(const QString& layer) {
    if (layer.isEmpty()) return;
    // A by-layer override that comes last, so no later op-type override undoes it.
    settings_.setLayerOverride(overrideTargetFor(layer), kiln::Precision::FP32);
    if (!canBuild()) return;
    compareAfterBuild_ = true;
    build();
}

std::optional<kiln::Precision> Workbench::precisionDebugTarget() const {
    const kiln::Precision emulated = accuracy_.emulation();
    if (emulated == kiln::Precision::FP16 || emulated == kiln::Precision::BF16) return emulated;
    for (kiln::Precision p : {kiln::Precision::FP16, kiln::Precision::BF16})
        if (settings_.precisionEnabled(p)) return p;
    return std::nullopt;
}

QString Workbench::precisionDebugProblem() const {
    if (!model_) return tr("Open an ONNX model first.");
    if (openedEngine_)
        return tr("An engine file is open: the search builds engines from the ONNX model. Open the model instead.");
    if (precisionDebug_.isRunning()) return tr("A search is running.");
    if (!settings_.isValid()) return tr("The build settings are not valid: %1").arg(settings_.validationMessage());
    if (!precisionDebugTarget())
        return tr("Choose FP16 or BF16 under “Emulate on the CPU” (or allow one in the build settings): "
                  "the search needs the precision to keep layers out of.");
    return {};
}

void Workbench::debugPrecision() {
    if (!precisionDebugProblem().isEmpty()) return;
    PrecisionDebugRequest request;
    request.model = model_;
    // The builds re-import the file when a profile fixes symbolic dims, as build() does.
    request.modelPath = QFileInfo(path_).isFile() ? path_ : QString();
    request.config = settings_.config();
    request.input = inputChoice_;
    request.target = *precisionDebugTarget();
    // The accuracy view's typed max norm; otherwise (per precision, or the elementwise rule) the
    // target's default limit, as `kiln debug-precision` without --max-norm.
    const kiln::Tolerance tolerance = accuracy_.tolerance();
    if (tolerance.rule == kiln::CheckRule::Norm && tolerance.maxNorm) request.maxNorm = *tolerance.maxNorm;
    precisionDebug_.run(request);
}

int Workbench::applyPrecisionPins() {
    if (!precisionDebug_.hasResult()) return 0;
    const std::vector<kiln::LayerPrecisionOverride> pins = precisionDebug_.overrides();
    // By-layer overrides, moved last where an op-type override would otherwise win (as configWithPins
    // appends them), so each pinned node really gets FP32.
    for (const kiln::LayerPrecisionOverride& pin : pins)
        settings_.setLayerOverride(QString::fromStdString(pin.target), pin.precision);
    // A real (built) search ran the rest in its target: the settings must allow it for the same engine.
    if (precisionDebug_.mode() == kiln::PrecisionDebugMode::Built && !pins.empty())
        settings_.setPrecisionEnabled(precisionDebug_.target(), true);
    if (!pins.empty() && accuracy_.hasReport() && canBuild()) {
        compareAfterBuild_ = true;
        build();
    }
    return int(pins.size());
}

void Workbench::setHeatEnabled(bool on) {
    heat_ = on;
    refreshOverlays();
}

void Workbench::refreshOverlays() {
    // Heat (profile) and flags (accuracy) combine: a node can be hot and over tolerance.
    auto merge = [](std::map<int, NodeOverlay> heat, const std::map<int, NodeOverlay>& flags) {
        for (const auto& [id, f] : flags) {
            NodeOverlay& o = heat[id];
            o.flagged = true;
            o.text = o.text.isEmpty() ? f.text : o.text + QStringLiteral("; ") + f.text;
        }
        return heat;
    };
    const bool heat = heat_ && profile_.hasReport();
    if (openedEngine_) {
        // The main graph is the engine's own: paint it by layer.
        if (mainGraph_) mainGraph_->setOverlays(heat ? profile_.heatForLayers(*mainGraph_) : std::map<int, NodeOverlay>{});
        return;
    }
    GraphModel* originals[] = {mainGraph_, fusion_.original()};
    for (GraphModel* g : originals) {
        if (!g) continue;
        g->setOverlays(merge(heat ? profile_.heatForOrigin(*g) : std::map<int, NodeOverlay>{},
                             accuracy_.hasReport() ? accuracy_.flagsForOrigin(*g) : std::map<int, NodeOverlay>{}));
    }
    GraphModel* optimized = fusion_.optimized();
    optimized->setOverlays(merge(heat ? profile_.heatForLayers(*optimized) : std::map<int, NodeOverlay>{},
                                 accuracy_.hasReport() ? accuracy_.flagsForLayers(*optimized) : std::map<int, NodeOverlay>{}));
}

}  // namespace kiln::studio
