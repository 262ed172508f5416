#include "widgets/fusion_model.h"
#include "widgets/library_text.h"

#include <QtConcurrent>
#include <algorithm>
#include <set>
#include <utility>

#include "engine_core/builder/graph_clone.h"
#include "engine_core/passes/optimizer.h"

namespace kiln::studio {

FusionModel::FusionModel(QObject* parent) : QObject(parent) {
    connect(&watcher_, &QFutureWatcher<Result>::finished, this, &FusionModel::onFinished);
    connect(&traceWatcher_, &QFutureWatcher<Trace>::finished, this, [this] {
        Trace t = traceWatcher_.result();
        // A trace of another model or level than the one shown: start again for this one.
        if (t.generation != generation_ || !optimizedGraph_ || t.level != report_.optimizationLevel) {
            if (!pendingRewrite_.isEmpty()) showRewrite(pendingRewrite_);
            return;
        }
        places_ = std::move(t.places);
        placesReady_ = true;
        const QString pending = std::exchange(pendingRewrite_, QString());
        if (!pending.isEmpty()) applyRewrite(pending);
    });
    connect(&optimized_, &GraphModel::currentNodeChanged, this, &FusionModel::syncFromOptimized);
    connect(&original_, &GraphModel::currentNodeChanged, this, &FusionModel::syncFromOriginal);
}

FusionModel::~FusionModel() {
    watcher_.waitForFinished();
    traceWatcher_.waitForFinished();
}

void FusionModel::setSource(std::shared_ptr<const kiln::Graph> graph, const QString& path) {
    source_ = std::move(graph);
    path_ = path;
    ++generation_;
    optimizedGraph_.reset();
    places_.clear();
    placesReady_ = false;
    pendingRewrite_.clear();
    report_ = {};
    error_.clear();
    original_.setGraph(source_, {}, path);
    optimized_.setGraph(nullptr);
    setEngine(nullptr);  // an engine of the previous model
    if (source_) startJob();
}

void FusionModel::setEngine(std::shared_ptr<const kiln::Engine> engine, std::vector<kiln::FusionTiming> timings) {
    if (engine == engineLayers_.engine() && timings.empty() && engineLayers_.fusionTimings().empty()) return;
    engineLayers_.setEngine(std::move(engine));
    if (engineLayers_.hasEngine()) engineLayers_.setFusionTimings(std::move(timings));
    applyFusionMarks();
    emit engineChanged();
}

int FusionModel::revertedFusions() const {
    return int(std::count_if(fusionTimings().begin(), fusionTimings().end(), [](const kiln::FusionTiming& t) {
        return t.decision == kiln::FusionDecision::Reverted;
    }));
}

std::map<int, FusionMark> FusionModel::fusionMarks() const {
    std::map<int, FusionMark> marks;
    const kiln::Engine* engine = engineLayers_.engine().get();
    if (!engine || !optimizedGraph_ || report_.optimizationLevel != engine->config().optimizationLevel) return marks;
    for (const kiln::FusionTiming& t : fusionTimings()) {
        const int id = optimized_.findNodeByName(QString::fromStdString(t.layer));
        if (id < 0) continue;
        marks[id] = {t.decision == kiln::FusionDecision::Reverted, EngineLayerModel::fusionTimingSentence(t)};
    }
    return marks;
}

void FusionModel::applyFusionMarks() { optimized_.setFusionMarks(fusionMarks()); }

void FusionModel::setLevel(int level) {
    level = std::clamp(level, 0, kiln::passes::kMaxOptimizationLevel);
    if (level == level_ && (hasResult() || isBusy())) return;
    level_ = level;
    if (source_) startJob();
}

void FusionModel::startJob() {
    if (watcher_.isRunning()) {
        pending_ = true;  // re-run with the latest level when this one ends
        return;
    }
    pending_ = false;
    emit started();
    std::shared_ptr<const kiln::Graph> source = source_;
    const int level = level_;
    const int generation = generation_;
    watcher_.setFuture(QtConcurrent::run([source, level, generation] {
        Result r;
        r.level = level;
        r.generation = generation;
        try {
            // The same two calls the builder's optimize phase makes, on a copy: the original
            // graph stays as imported for the left-hand view.
            std::unique_ptr<kiln::Graph> copy = kiln::cloneGraph(*source);
            kiln::passes::OptimizerOptions options;
            options.level = level;
            r.report = kiln::passes::optimizeGraph(*copy, options);
            r.graph = std::move(copy);
        } catch (const std::exception& e) {
            r.error = LibraryText::error(e);
        }
        return r;
    }));
}

void FusionModel::onFinished() {
    Result r = watcher_.result();
    if (pending_ || r.generation != generation_) {
        startJob();
        return;
    }
    if (!r.error.isEmpty()) {
        error_ = r.error;
        emit failed(error_);
        return;
    }
    error_.clear();
    report_ = r.report;
    optimizedGraph_ = r.graph;
    places_.clear();  // the places of the last level's graph
    placesReady_ = false;
    pendingRewrite_.clear();
    optimized_.setGraph(optimizedGraph_, {}, path_);
    applyFusionMarks();
    original_.setHighlighted({});
    emit optimizedReady();
}

std::vector<int> FusionModel::sourcesOf(int optimizedNode) const {
    if (optimizedNode < 0 || optimizedNode >= optimized_.nodeCount()) return {};
    const ModelNode& n = optimized_.node(optimizedNode);
    if (n.kind != NodeKind::Operator) return {};
    return original_.nodesNamed(n.origin);
}

std::vector<int> FusionModel::layersOf(int originalNode) const {
    if (originalNode < 0 || originalNode >= original_.nodeCount()) return {};
    const ModelNode& n = original_.node(originalNode);
    if (n.kind != NodeKind::Operator) return {};
    std::vector<int> layers;
    for (const ModelNode& o : optimized_.nodes())
        if (o.kind == NodeKind::Operator && o.origin.contains(n.name)) layers.push_back(o.id);
    return layers;
}

std::vector<std::pair<QString, int>> FusionModel::firedFusions() const {
    std::vector<std::pair<QString, int>> fired;
    for (const auto& [name, times] : report_.fired)
        if (times > 0) fired.emplace_back(QString::fromStdString(name), times);
    std::stable_sort(fired.begin(), fired.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    return fired;
}

// Selecting on one side highlights the other and clears the other side's own selection, so the
// two never disagree about what is being traced.
void FusionModel::syncFromOptimized(int node) {
    if (syncing_) return;
    syncing_ = true;
    const std::vector<int> sources = sourcesOf(node);
    original_.setCurrentNode(-1);
    original_.setHighlighted({sources.begin(), sources.end()});
    optimized_.setHighlighted({});
    syncing_ = false;
}

void FusionModel::syncFromOriginal(int node) {
    if (syncing_) return;
    syncing_ = true;
    const std::vector<int> layers = layersOf(node);
    optimized_.setCurrentNode(-1);
    optimized_.setHighlighted({layers.begin(), layers.end()});
    original_.setHighlighted({});
    syncing_ = false;
}

void FusionModel::showRewrite(const QString& rewrite) {
    if (!optimizedGraph_ || rewrite.isEmpty()) return;
    if (placesReady_) return applyRewrite(rewrite);
    pendingRewrite_ = rewrite;
    if (traceWatcher_.isRunning()) return;  // its end applies the pending rewrite
    std::shared_ptr<const kiln::Graph> source = source_;
    const int level = report_.optimizationLevel;
    const int generation = generation_;
    traceWatcher_.setFuture(QtConcurrent::run([source, level, generation] {
        Trace t;
        t.generation = generation;
        t.level = level;
        try {
            t.places = traceRewrites(*source, level);
        } catch (const std::exception&) {
            // The optimizer itself succeeded on this graph (the view shows its result); a replay
            // that throws leaves the rewrite list without places rather than failing the view.
        }
        return t;
    }));
}

std::set<int> FusionModel::rewriteSources(const QString& rewrite) const {
    auto it = places_.find(rewrite.toStdString());
    if (it == places_.end()) return {};
    QStringList names;
    for (const RewritePlace& place : it->second)
        for (const std::string& n : place) names << QString::fromStdString(n);
    names.removeDuplicates();
    const std::vector<int> ids = original_.nodesNamed(names);
    return {ids.begin(), ids.end()};
}

std::set<int> FusionModel::rewriteLayers(const QString& rewrite) const {
    auto it = places_.find(rewrite.toStdString());
    if (it == places_.end()) return {};
    std::set<QString> covered;
    for (const RewritePlace& place : it->second)
        for (const std::string& n : place) covered.insert(QString::fromStdString(n));
    std::set<int> layers;
    for (const ModelNode& o : optimized_.nodes()) {
        if (o.kind != NodeKind::Operator) continue;
        if (std::any_of(o.origin.begin(), o.origin.end(), [&](const QString& name) { return covered.count(name) > 0; }))
            layers.insert(o.id);
    }
    return layers;
}

void FusionModel::applyRewrite(const QString& rewrite) {
    syncing_ = true;
    original_.setCurrentNode(-1);
    optimized_.setCurrentNode(-1);
    original_.setHighlighted(rewriteSources(rewrite));
    optimized_.setHighlighted(rewriteLayers(rewrite));
    syncing_ = false;
    emit rewriteShown(rewrite);
}

}  // namespace kiln::studio
