// FusionModel: the before/after view of the optimizer, with no widgets (tested headless). It holds
// two GraphModels — the imported graph and a copy optimized by engine_core/passes at a chosen level
// (cloneGraph + optimizeGraph on a worker thread, the calls `kiln build` makes) — and the
// FusionReport. Selecting a node on one side highlights its provenance on the other: a fused layer
// lights its ONNX source nodes, an ONNX node lights the layer it became (Node::origin). Once an
// engine is built (or opened), it also lists the engine's layers (EngineLayerModel): the backend each
// runs on, and the copies and reformats the builder inserted. After a build, the fused layers the
// builder timed against their unfused nodes are marked on the optimized graph (GraphModel::
// FusionMark, while it is at the engine's level): a reverted fusion gets the mark, every timed one
// the sentence with both times for its tooltip.
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <memory>
#include <set>
#include <vector>

#include "engine_core/passes/pass.h"
#include "widgets/engine_layer_model.h"
#include "widgets/graph_model.h"
#include "widgets/rewrite_trace.h"

namespace kiln::studio {

class FusionModel : public QObject {
    Q_OBJECT
public:
    explicit FusionModel(QObject* parent = nullptr);
    ~FusionModel() override;

    GraphModel* original() { return &original_; }
    GraphModel* optimized() { return &optimized_; }
    EngineLayerModel* engineLayers() { return &engineLayers_; }
    const EngineLayerModel* engineLayers() const { return &engineLayers_; }
    bool hasEngine() const { return engineLayers_.hasEngine(); }
    int level() const { return level_; }
    bool isBusy() const { return watcher_.isRunning() || pending_; }
    bool hasResult() const { return optimizedGraph_ != nullptr; }
    const kiln::passes::FusionReport& report() const { return report_; }
    QString error() const { return error_; }

    // Provenance, as model node ids. Both empty for graph inputs/outputs.
    std::vector<int> sourcesOf(int optimizedNode) const;  // original-side ids
    std::vector<int> layersOf(int originalNode) const;    // optimized-side ids

    const std::vector<kiln::FusionTiming>& fusionTimings() const { return engineLayers_.fusionTimings(); }
    int revertedFusions() const;
    // The FusionMarks for the optimized graph: by the timed layers' names, only while the graph is at
    // the level the engine was built with (at another level a name may be another layer).
    std::map<int, FusionMark> fusionMarks() const;
    // Puts them on the optimized graph (again after a language change: the sentences are translated).
    void applyFusionMarks();

    // The fusions that fired, sorted by count (descending) then name.
    std::vector<std::pair<QString, int>> firedFusions() const;

    // Every place a rewrite (its report name, as in firedFusions) fired: highlights the optimized
    // nodes that cover those places and their ONNX source nodes, clearing both selections. The
    // places are found once per optimized result by replaying the passes on a worker
    // (traceRewrites), so the first call may highlight later: rewriteShown() says when.
    void showRewrite(const QString& rewrite);
    // The places found so far (empty until the first showRewrite() of this result has finished).
    bool hasRewritePlaces() const { return placesReady_; }
    // The optimized-side and original-side ids of a rewrite's places (after hasRewritePlaces()).
    std::set<int> rewriteLayers(const QString& rewrite) const;
    std::set<int> rewriteSources(const QString& rewrite) const;

public slots:
    // A new model (null clears). Optimizes it at the current level. Clears the engine.
    void setSource(std::shared_ptr<const kiln::Graph> graph, const QString& path = QString());
    // The engine built from the model, or an opened engine file (null clears): its layers, and the
    // build's fused layers timed against their unfused nodes (BuildReport::fusionTimings; none for
    // an engine file).
    void setEngine(std::shared_ptr<const kiln::Engine> engine, std::vector<kiln::FusionTiming> timings = {});
    // 0..3; re-optimizes on a worker (a change while one runs is queued, the last one wins).
    void setLevel(int level);

signals:
    void started();
    void optimizedReady();
    void failed(const QString& message);
    void engineChanged();
    // showRewrite() has highlighted the places of `rewrite`.
    void rewriteShown(const QString& rewrite);

private:
    struct Result {
        std::shared_ptr<kiln::Graph> graph;
        kiln::passes::FusionReport report;
        QString error;
        int level = 0;
        int generation = 0;
    };
    void startJob();
    void onFinished();
    void syncFromOptimized(int node);
    void syncFromOriginal(int node);
    void applyRewrite(const QString& rewrite);

    GraphModel original_;
    GraphModel optimized_;
    EngineLayerModel engineLayers_;
    std::shared_ptr<const kiln::Graph> source_;
    QString path_;
    std::shared_ptr<kiln::Graph> optimizedGraph_;
    kiln::passes::FusionReport report_;
    QString error_;
    int level_ = 3;
    int generation_ = 0;
    bool pending_ = false;
    bool syncing_ = false;
    QFutureWatcher<Result> watcher_;
    // Rewrite places of the current result (traceRewrites on a worker, started on demand).
    struct Trace {
        RewritePlaces places;
        int generation = 0;
        int level = 0;
    };
    RewritePlaces places_;
    bool placesReady_ = false;
    QString pendingRewrite_;
    QFutureWatcher<Trace> traceWatcher_;
};

}  // namespace kiln::studio
