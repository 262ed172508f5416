// EngineLayerModel: the layers of a built or opened engine as the fusion view lists them, with no
// widgets (tested headless). Next to the optimizer's graph, it shows what the builder made of it:
// where each layer runs (its backend, and its format when not linear), which ONNX nodes it came
// from, and the layers the builder inserted itself — copies between devices (LayerKind::Copy) and
// reformats (kiln::Reformat) — with the layer's note (EngineLayer::note, through LibraryText).
#pragma once

#include <QAbstractTableModel>
#include <QString>
#include <memory>

#include "engine_core/builder/engine.h"

namespace kiln::studio {

class EngineLayerModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Layer, Type, Backend, Origin, Note, ColumnCount };

    explicit EngineLayerModel(QObject* parent = nullptr);

    // Null clears.
    void setEngine(std::shared_ptr<const kiln::Engine> engine);
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
    // The note, where the layer runs and what it came from, one paragraph each.
    static QString toolTip(const kiln::EngineLayer& layer);

    // After a language change: headers and cells again.
    void retranslate();

private:
    std::shared_ptr<const kiln::Engine> engine_;
};

}  // namespace kiln::studio
