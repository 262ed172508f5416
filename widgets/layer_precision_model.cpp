#include "widgets/layer_precision_model.h"

#include <unordered_map>

#include "widgets/build_settings_model.h"
#include "widgets/library_text.h"

namespace kiln::studio {

namespace {

QString backendLabel(const std::string& b) { return QString::fromStdString(b).toUpper(); }

}  // namespace

LayerPrecisionModel::LayerPrecisionModel(BuildSettingsModel* settings, QObject* parent)
    : QAbstractTableModel(parent), settings_(settings) {
    connect(settings_, &BuildSettingsModel::graphChanged, this, &LayerPrecisionModel::rebuildRows);
    connect(settings_, &BuildSettingsModel::changed, this, [this] { recompute(true); });
    rebuildRows();
}

QString LayerPrecisionModel::precisionLabel(kiln::Precision p) {
    return QString::fromLatin1(kiln::precisionName(p).data()).toUpper();
}

int LayerPrecisionModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int LayerPrecisionModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

void LayerPrecisionModel::rebuildRows() {
    beginResetModel();
    rows_.clear();
    engine_.reset();  // it was built from the previous graph
    if (const kiln::Graph* g = settings_->graph()) {
        std::vector<kiln::Node*> nodes = g->nodes();
        rows_.reserve(nodes.size());
        for (const kiln::Node* n : nodes) {
            Row r;
            r.node = n;
            r.key = n->label();  // the importer names every node; label() covers a hand-made graph
            r.name = QString::fromStdString(r.key);
            r.opType = QString::fromStdString(n->opType);
            rows_.push_back(std::move(r));
        }
    }
    recompute(false);
    endResetModel();
    emit summaryChanged();
}

void LayerPrecisionModel::recompute(bool notify) {
    const kiln::BuilderConfig& config = settings_->config();
    // Exact-target lookup for the Override column (a node's own by-layer override).
    std::unordered_map<std::string, int> byTarget;
    for (size_t i = 0; i < config.layerPrecisions.size(); ++i)
        byTarget[config.layerPrecisions[i].target] = int(i);
    int first = -1, last = -1, byLayer = 0, byOther = 0;
    for (size_t i = 0; i < rows_.size(); ++i) {
        Row& r = rows_[i];
        const kiln::Node& n = *r.node;
        // An ONNX node is its own origin; its op type is matched directly, so no op-type table.
        kiln::LayerPrecisionChoice choice = kiln::resolveLayerPrecision(
            kiln::LayerPrecisionQuery{r.key, n.opType, &n.origin, nullptr}, config);
        auto it = byTarget.find(r.key);
        const int layerOverride = it == byTarget.end() ? -1 : it->second;
        if (choice.match == kiln::OverrideMatch::LayerName || choice.match == kiln::OverrideMatch::OriginName)
            ++byLayer;
        else if (choice.overrideIndex)
            ++byOther;
        if (choice == r.choice && layerOverride == r.layerOverride) continue;
        r.choice = choice;
        r.layerOverride = layerOverride;
        if (first < 0) first = int(i);
        last = int(i);
    }
    const bool summary = byLayer != byLayer_ || byOther != byOther_;
    byLayer_ = byLayer;
    byOther_ = byOther;
    // The backend names itself in the result text ("computed FP32 on CUDA") and decides the choices.
    const bool backendChanged = config.backend != shownBackend_;
    shownBackend_ = config.backend;
    if (!notify) return;
    if (backendChanged && !rows_.empty()) {
        first = 0;
        last = int(rows_.size()) - 1;
    }
    if (first >= 0) emit dataChanged(index(first, OverrideColumn), index(last, SetByColumn));
    if (summary) emit summaryChanged();
}

void LayerPrecisionModel::setEngine(std::shared_ptr<const kiln::Engine> engine) {
    engine_ = std::move(engine);
    mapEngineLayers();
    if (!rows_.empty())
        emit dataChanged(index(0, EngineLayerColumn), index(int(rows_.size()) - 1, BuiltColumn));
    emit summaryChanged();
}

void LayerPrecisionModel::mapEngineLayers() {
    std::unordered_map<std::string, int> layerOf;  // ONNX node name -> engine layer
    if (engine_) {
        const std::vector<kiln::EngineLayer>& layers = engine_->layers();
        for (size_t i = 0; i < layers.size(); ++i)
            for (const std::string& o : layers[i].origin) layerOf[o] = int(i);
    }
    for (Row& r : rows_) {
        auto it = layerOf.find(r.key);
        r.engineLayer = it == layerOf.end() ? -1 : it->second;
    }
}

int LayerPrecisionModel::rowOfLayer(const QString& name) const {
    for (size_t i = 0; i < rows_.size(); ++i)
        if (rows_[i].name == name) return int(i);
    return -1;
}

QStringList LayerPrecisionModel::overrideChoices() const {
    QStringList out{QString()};
    for (kiln::Precision p : settings_->config().overridePrecisions())
        out << QString::fromLatin1(kiln::precisionName(p).data());
    return out;
}

QString LayerPrecisionModel::resultText(kiln::Precision stored, kiln::Precision computed,
                                        const std::string& backend) const {
    if (stored == computed) return precisionLabel(stored);
    return tr("%1 (computed %2 on %3)")
        .arg(precisionLabel(stored), precisionLabel(computed), backendLabel(backend));
}

QString LayerPrecisionModel::setByText(const Row& row) const {
    const kiln::BuilderConfig& config = settings_->config();
    if (!row.choice.overrideIndex || *row.choice.overrideIndex >= config.layerPrecisions.size())
        return tr("network default");
    const QString target = QString::fromStdString(config.layerPrecisions[*row.choice.overrideIndex].target);
    switch (row.choice.match) {
        case kiln::OverrideMatch::None:
            return tr("network default");
        case kiln::OverrideMatch::LayerName:
            return tr("override \"%1\" by layer").arg(target);
        case kiln::OverrideMatch::OpType:
            return tr("override \"%1\" by op type").arg(target);
        case kiln::OverrideMatch::OriginName:
            return tr("override \"%1\" by ONNX node").arg(target);
        case kiln::OverrideMatch::OriginOpType:
            return tr("override \"%1\" by ONNX op type").arg(target);
    }
    return {};
}

QVariant LayerPrecisionModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(rows_.size())) return {};
    const Row& r = rows_[size_t(index.row())];
    const kiln::BuilderConfig& config = settings_->config();
    const kiln::EngineLayer* layer =
        engine_ && r.engineLayer >= 0 ? &engine_->layers()[size_t(r.engineLayer)] : nullptr;
    if (role == OverrideIndexRole) return r.choice.overrideIndex ? int(*r.choice.overrideIndex) : -1;
    if (role == OverrideChoicesRole && index.column() == OverrideColumn) return overrideChoices();
    if (role == PrecisionRole) {
        if (index.column() == ResultColumn)
            return QString::fromLatin1(kiln::precisionName(r.choice.precision).data());
        if (index.column() == BuiltColumn)
            return layer ? QString::fromLatin1(kiln::precisionName(layer->precision).data()) : QString();
        return {};
    }
    const bool display = role == Qt::DisplayRole;
    switch (Column(index.column())) {
        case LayerColumn:
            if (display || role == Qt::EditRole) return r.name;
            break;
        case OpTypeColumn:
            if (display || role == Qt::EditRole) return r.opType;
            break;
        case OverrideColumn: {
            // Rows are recomputed when the overrides change; the bound check guards the moment between.
            const bool hasOverride =
                r.layerOverride >= 0 && size_t(r.layerOverride) < config.layerPrecisions.size();
            if (role == Qt::EditRole)
                return !hasOverride ? QString()
                                    : QString::fromLatin1(
                                          kiln::precisionName(config.layerPrecisions[size_t(r.layerOverride)].precision)
                                              .data());
            if (display)
                return !hasOverride ? QString()
                                    : precisionLabel(config.layerPrecisions[size_t(r.layerOverride)].precision);
            if (role == Qt::ToolTipRole)
                return tr("A by-layer override for %1 (double-click to change; none removes it). Op-type "
                          "overrides "
                          "are edited in the Overrides tab.")
                    .arg(r.name);
            break;
        }
        case ResultColumn:
            if (display) return resultText(r.choice.precision, r.choice.computed, config.backend);
            if (role == Qt::ToolTipRole) {
                QString tip =
                    tr("The precision the next build stores for this node's layer (a fused layer takes the "
                       "precision of any override matching one of its nodes).");
                if (r.choice.computed != r.choice.precision)
                    tip += QLatin1Char('\n') + tr("The %1 backend has no %2 kernels yet: the layer is stored "
                                                  "as %2 (int8 with its calibrated "
                                                  "ranges) and computed in %3.")
                                                   .arg(backendLabel(config.backend),
                                                        precisionLabel(r.choice.precision),
                                                        precisionLabel(r.choice.computed));
                return tip;
            }
            break;
        case SetByColumn:
            if (display) return setByText(r);
            break;
        case EngineLayerColumn:
            if (display) return layer ? QString::fromStdString(layer->name) : QString();
            if (role == Qt::ToolTipRole && layer) {
                QStringList origin;
                for (const std::string& o : layer->origin) origin << QString::fromStdString(o);
                QString tip = tr("Engine layer %1 (%2), from ONNX nodes: %3")
                                  .arg(QString::fromStdString(layer->name), QString::fromStdString(layer->opType),
                                       origin.join(QStringLiteral(", ")));
                tip += QLatin1Char('\n') + tr("Backend: %1").arg(QString::fromStdString(layer->backend));
                if (layer->format != kiln::TensorFormat::Linear)
                    tip += QLatin1Char('\n') + tr("Format: %1").arg(LibraryText::format(kiln::tensorFormatName(layer->format)));
                // A fallback to the CPU says why (the builder's note).
                if (!layer->note.empty()) tip += QLatin1Char('\n') + LibraryText::message(layer->note);
                return tip;
            }
            break;
        case BuiltColumn:
            if (display && layer)
                return resultText(layer->precision, layer->computed, layer->backend);
            if (role == Qt::ToolTipRole && layer)
                return tr("The precision the last built engine stores for this layer.");
            break;
        case ColumnCount:
            break;
    }
    return {};
}

QVariant LayerPrecisionModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::ToolTipRole) {
        switch (Column(section)) {
            case OverrideColumn:
                return tr("The by-layer override of this node (editable)");
            case ResultColumn:
                return tr("What the next build stores, and what the backend computes when that differs");
            case SetByColumn:
                return tr(
                    "The network default or the override that decides the precision (the last "
                    "matching override wins)");
            case EngineLayerColumn:
                return tr("After a build: the engine layer this node ended up in");
            case BuiltColumn:
                return tr("After a build: that layer's precision in the engine");
            default:
                return {};
        }
    }
    if (role != Qt::DisplayRole) return {};
    switch (Column(section)) {
        case LayerColumn:
            return tr("Layer");
        case OpTypeColumn:
            return tr("Op type");
        case OverrideColumn:
            return tr("Override");
        case ResultColumn:
            return tr("Resulting precision");
        case SetByColumn:
            return tr("Set by");
        case EngineLayerColumn:
            return tr("Engine layer");
        case BuiltColumn:
            return tr("Built precision");
        case ColumnCount:
            break;
    }
    return {};
}

Qt::ItemFlags LayerPrecisionModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == OverrideColumn) f |= Qt::ItemIsEditable;
    return f;
}

bool LayerPrecisionModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (!index.isValid() || index.column() != OverrideColumn || role != Qt::EditRole ||
        index.row() >= int(rows_.size()))
        return false;
    const QString text = value.toString().trimmed().toLower();
    std::optional<kiln::Precision> precision;
    if (!text.isEmpty() && text != QStringLiteral("none")) {
        precision = kiln::parsePrecision(text.toStdString());
        if (!precision || !overrideChoices().contains(text)) return false;
    }
    // The settings emit changed(); recompute() then reports the rows that changed.
    settings_->setLayerOverride(rows_[size_t(index.row())].name, precision);
    return true;
}

void LayerPrecisionModel::retranslate() {
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!rows_.empty()) emit dataChanged(index(0, 0), index(int(rows_.size()) - 1, ColumnCount - 1));
}

LayerPrecisionFilter::LayerPrecisionFilter(QObject* parent) : QSortFilterProxyModel(parent) {
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

bool LayerPrecisionFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    const QRegularExpression re = filterRegularExpression();
    if (re.pattern().isEmpty()) return true;
    for (int column : {int(LayerPrecisionModel::LayerColumn), int(LayerPrecisionModel::OpTypeColumn),
                       int(LayerPrecisionModel::EngineLayerColumn)}) {
        const QString text = sourceModel()->index(sourceRow, column, sourceParent).data().toString();
        if (!text.isEmpty() && re.match(text).hasMatch()) return true;
    }
    return false;
}

}  // namespace kiln::studio
