// EngineLayerModel: the layers of a built or opened engine as the fusion view lists them, with no
// widgets (tested headless). Next to the optimizer's graph, it shows what the builder made of it:
// where each layer runs (its backend, and its format when not linear), which ONNX nodes it came
// from, and the layers the builder inserted itself — copies between devices (LayerKind::Copy) and
// reformats (kiln::Reformat) — with the layer's note (EngineLayer::note, through LibraryText).
// After a build it also says, for each fused layer, what the builder decided when it timed the layer
// against its unfused nodes (BuildReport::fusionTimings): kept, or reverted (the engine has the
// plain nodes, named "<fused layer>/<op>"), with both times and their ratio.
#pragma once

#include <QAbstractTableModel>
#include <QString>
#include <memory>

#include "engine_core/builder/builder.h"
#include "engine_core/builder/engine.h"

namespace kiln::studio {

class EngineLayerModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Layer, Type, Backend, Origin, Fusion, Note, ColumnCount };

    explicit EngineLayerModel(QObject* parent = nullptr);

    // Null clears (the fusion timings too).
    void setEngine(std::shared_ptr<const kiln::Engine> engine);
    // The last build's fused layers timed against their unfused nodes; empty for an engine file.
    void setFusionTimings(std::vector<kiln::FusionTiming> timings);
    const std::vector<kiln::FusionTiming>& fusionTimings() const { return timings_; }
    // The timing behind an engine layer: the fused layer itself (kept, or not compared), or the
    // reverted fusion a plain "<fused layer>/<op>" layer came from; nullptr for none.
    const kiln::FusionTiming* fusionTimingOf(const kiln::EngineLayer& layer) const;
    const std::shared_ptr<const kiln::Engine>& engine() const { return engine_; }
    bool hasEngine() const { return engine_ != nullptr; }
    const kiln::EngineLayer& layer(int row) const { return engine_->layers().at(size_t(row)); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // A copy or a reformat: the builder added it, no ONNX node stands behind it.
    static bool insertedByBuilder(const kiln::EngineLayer& layer);
    // "cpu", "emulated (NHWC)".
    static QString backendText(const kiln::EngineLayer& layer);
    // The note, where the layer runs, the fusion timing (when given) and what it came from, one
    // paragraph each.
    static QString toolTip(const kiln::EngineLayer& layer, const kiln::FusionTiming* timing = nullptr);

    // The Fusion cell: "kept — fused 0.020 ms, unfused 0.031 ms (1.55×)", "reverted — ...",
    // "not compared", with ", from the timing cache" when the cache decided.
    static QString fusionCellText(const kiln::FusionTiming& timing);
    // The sentence for tooltips: "Reverted: its 3 nodes ran in 0.011 ms, the fused layer in 0.020 ms."
    static QString fusionTimingSentence(const kiln::FusionTiming& timing);
    // "0.011"; small times keep four decimals.
    static QString msText(float ms);

    // After a language change: headers and cells again.
    void retranslate();

private:
    std::shared_ptr<const kiln::Engine> engine_;
    std::vector<kiln::FusionTiming> timings_;
};

}  // namespace kiln::studio
