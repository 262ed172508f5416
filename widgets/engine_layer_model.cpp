#include "widgets/engine_layer_model.h"
#include "widgets/library_text.h"

#include <QColor>
#include <QFont>
#include <QStringList>

namespace kiln::studio {

EngineLayerModel::EngineLayerModel(QObject* parent) : QAbstractTableModel(parent) {}

void EngineLayerModel::setEngine(std::shared_ptr<const kiln::Engine> engine) {
    if (engine == engine_) return;
    beginResetModel();
    engine_ = std::move(engine);
    timings_.clear();
    endResetModel();
}

void EngineLayerModel::setFusionTimings(std::vector<kiln::FusionTiming> timings) {
    beginResetModel();
    timings_ = std::move(timings);
    endResetModel();
}

const kiln::FusionTiming* EngineLayerModel::fusionTimingOf(const kiln::EngineLayer& layer) const {
    for (const kiln::FusionTiming& t : timings_) {
        if (t.layer == layer.name) return &t;
        if (t.decision == kiln::FusionDecision::Reverted && layer.name.size() > t.layer.size() &&
            layer.name.compare(0, t.layer.size(), t.layer) == 0 && layer.name[t.layer.size()] == '/')
            return &t;
    }
    return nullptr;
}

QString EngineLayerModel::msText(float ms) { return QString::number(double(ms), 'f', ms < 0.01f ? 4 : 3); }

QString EngineLayerModel::fusionCellText(const kiln::FusionTiming& t) {
    QString text;
    const double ratio = t.fusedMs > 0 ? double(t.unfusedMs) / double(t.fusedMs) : 0.0;
    switch (t.decision) {
    case kiln::FusionDecision::Kept:
        text = tr("kept \u2014 fused %1 ms, unfused %2 ms (%3\u00d7)")
                   .arg(msText(t.fusedMs), msText(t.unfusedMs))
                   .arg(ratio, 0, 'f', 2);
        break;
    case kiln::FusionDecision::Reverted:
        text = tr("reverted \u2014 fused %1 ms, unfused %2 ms (%3\u00d7)")
                   .arg(msText(t.fusedMs), msText(t.unfusedMs))
                   .arg(ratio, 0, 'f', 2);
        break;
    case kiln::FusionDecision::NotCompared: return tr("not compared");
    }
    if (t.fromCache) text += tr(", from the timing cache");
    return text;
}

QString EngineLayerModel::fusionTimingSentence(const kiln::FusionTiming& t) {
    const int nodes = int(t.originCount);
    QString text;
    switch (t.decision) {
    case kiln::FusionDecision::Kept:
        text = tr("Fusion kept: the fused layer ran in %1 ms, its %n node(s) unfused in %2 ms.", nullptr, nodes)
                   .arg(msText(t.fusedMs), msText(t.unfusedMs));
        break;
    case kiln::FusionDecision::Reverted:
        text = tr("Reverted: its %n node(s) ran in %1 ms, the fused layer in %2 ms.", nullptr, nodes)
                   .arg(msText(t.unfusedMs), msText(t.fusedMs));
        break;
    case kiln::FusionDecision::NotCompared:
        return t.note.empty() ? tr("Fusion not compared with its unfused nodes.")
                              : tr("Fusion not compared with its unfused nodes: %1").arg(LibraryText::message(t.note));
    }
    if (t.fromCache) text += QLatin1Char(' ') + tr("(From the timing cache: nothing was timed in this build.)");
    return text;
}

int EngineLayerModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !engine_ ? 0 : int(engine_->layers().size());
}

int EngineLayerModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

bool EngineLayerModel::insertedByBuilder(const kiln::EngineLayer& layer) {
    return layer.kind == kiln::LayerKind::Copy || (layer.domain == "kiln" && layer.opType == "Reformat");
}

QString EngineLayerModel::backendText(const kiln::EngineLayer& layer) {
    const QString backend = QString::fromStdString(layer.backend);
    if (layer.format == kiln::TensorFormat::Linear) return backend;
    return tr("%1 (%2)").arg(backend, LibraryText::format(kiln::tensorFormatName(layer.format)));
}

QString EngineLayerModel::toolTip(const kiln::EngineLayer& layer, const kiln::FusionTiming* timing) {
    QStringList parts;
    if (!layer.note.empty()) parts << LibraryText::message(layer.note);
    QString where = tr("Backend: %1").arg(QString::fromStdString(layer.backend));
    if (layer.format != kiln::TensorFormat::Linear)
        where += QStringLiteral("\n") + tr("Format: %1").arg(LibraryText::format(kiln::tensorFormatName(layer.format)));
    parts << where;
    if (timing) parts << fusionTimingSentence(*timing);
    if (insertedByBuilder(layer)) {
        parts << tr("Inserted by the builder: no ONNX node stands behind this layer.");
    } else if (!layer.origin.empty()) {
        QStringList origin;
        for (const std::string& o : layer.origin) origin << QString::fromStdString(o);
        parts << tr("From ONNX nodes:") + QStringLiteral("\n") + origin.join(QLatin1Char('\n'));
    }
    return parts.join(QStringLiteral("\n\n"));
}

QVariant EngineLayerModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const kiln::EngineLayer& l = layer(index.row());
    const kiln::FusionTiming* timing = fusionTimingOf(l);
    if (role == Qt::ToolTipRole) return toolTip(l, timing);
    if (role == Qt::ForegroundRole && index.column() == Fusion && timing &&
        timing->decision == kiln::FusionDecision::Reverted)
        return QColor(106, 27, 154);  // GraphStyle::revertedFusion(), as on the optimized graph
    if (role == Qt::FontRole && index.column() == Origin && insertedByBuilder(l)) {
        QFont italic;
        italic.setItalic(true);
        return italic;
    }
    if (role != Qt::DisplayRole) return {};
    switch (Column(index.column())) {
    case Layer: return QString::fromStdString(l.name);
    case Type: return QString::fromStdString(l.opType);
    case Backend: return backendText(l);
    case Origin: {
        if (insertedByBuilder(l)) return tr("inserted by the builder");
        QStringList origin;
        for (const std::string& o : l.origin) origin << QString::fromStdString(o);
        return origin.join(QStringLiteral(", "));
    }
    case Fusion: return timing ? fusionCellText(*timing) : QString();
    case Note: return l.note.empty() ? QString() : LibraryText::message(l.note);
    case ColumnCount: break;
    }
    return {};
}

QVariant EngineLayerModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (Column(section)) {
    case Layer: return tr("Layer");
    case Type: return tr("Type");
    case Backend: return tr("Backend");
    case Origin: return tr("From ONNX nodes");
    case Fusion: return tr("Fusion vs unfused");
    case Note: return tr("Note");
    case ColumnCount: break;
    }
    return {};
}

void EngineLayerModel::retranslate() {
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (rowCount() > 0) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

}  // namespace kiln::studio
