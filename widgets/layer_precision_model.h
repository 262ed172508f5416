// LayerPrecisionModel: every node of the loaded model with the precision the build gives it, as
// TensorRT users expect to see it, and an editable by-layer override. No widgets (tested headless).
//
// It mirrors a BuildSettingsModel: it follows the settings' graph and overrides, and resolves each
// node with kiln::resolveLayerPrecision — the rule the builder itself applies — so for an unfused
// node the "Resulting precision" column is what the next build stores, with the precision the
// backend really computes when that differs ("INT8 (computed FP32 on CUDA)"). A fused layer is
// resolved over all its source nodes, so it may differ (see below and the Built precision column). Editing a row's Override sets, changes or
// removes the by-layer override (target = the node's name) in the settings; op-type overrides stay
// in the build panel's overrides list and show here as "by op type".
//
// Before a build the rule is applied per ONNX node; a fused layer takes the precision of whatever
// override matches any of its nodes. After a build, setEngine() fills the last two columns with the
// engine layer each node ended up in and the precision that layer really has.
#pragma once

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>
#include <QStringList>
#include <memory>
#include <optional>
#include <vector>

#include "engine_core/builder/builder_config.h"
#include "engine_core/builder/engine.h"

namespace kiln::studio {

class BuildSettingsModel;

class LayerPrecisionModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        LayerColumn,
        OpTypeColumn,
        OverrideColumn,
        ResultColumn,
        SetByColumn,
        EngineLayerColumn,
        BuiltColumn,
        ColumnCount
    };
    enum Role {
        // OverrideColumn: the precision names an edit may choose, "" (none) first (QStringList).
        OverrideChoicesRole = Qt::UserRole + 1,
        // The index of the override that decides the row's precision, -1 = network default (int).
        OverrideIndexRole,
        // ResultColumn / BuiltColumn: the stored precision's name ("fp16"); "" when there is none.
        PrecisionRole,
    };

    explicit LayerPrecisionModel(BuildSettingsModel* settings, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    // OverrideColumn: a precision name ("fp16", case-insensitive) or "" to remove the by-layer
    // override. False for a precision the settings do not offer (BuilderConfig::overridePrecisions).
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

    // The engine built from the settings' graph (null: none). Cleared when the graph changes.
    void setEngine(std::shared_ptr<const kiln::Engine> engine);
    bool hasEngine() const { return engine_ != nullptr; }
    // The row of the node named `name`, -1 if none.
    int rowOfLayer(const QString& name) const;
    // "" (none) and the names of BuilderConfig::overridePrecisions().
    QStringList overrideChoices() const;
    // Rows whose precision an override decides: by their own name, and by anything else (op type).
    int overriddenByLayer() const { return byLayer_; }
    int overriddenOtherwise() const { return byOther_; }
    // Headers and texts after a language change.
    void retranslate();

    static QString precisionLabel(kiln::Precision p);  // "FP16"

signals:
    void summaryChanged();

private:
    struct Row {
        const kiln::Node* node = nullptr;
        std::string key;  // the node's name, as overrides and engine origins name it
        QString name, opType;
        kiln::LayerPrecisionChoice choice;
        int layerOverride = -1;  // the override whose target is this node's name
        int engineLayer = -1;    // index in engine_->layers()
    };
    void rebuildRows();
    void recompute(bool notify);
    void mapEngineLayers();
    QString resultText(kiln::Precision stored, kiln::Precision computed, const std::string& backend) const;
    QString setByText(const Row& row) const;

    BuildSettingsModel* settings_;
    std::vector<Row> rows_;
    std::shared_ptr<const kiln::Engine> engine_;
    std::string shownBackend_ = "cpu";
    int byLayer_ = 0;
    int byOther_ = 0;
};

// The per-layer table's filter: rows whose layer name, op type or engine layer contains the filter
// text (setFilterFixedString; case-insensitive by default). Sorts by the shown text.
class LayerPrecisionFilter : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit LayerPrecisionFilter(QObject* parent = nullptr);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
};

}  // namespace kiln::studio
