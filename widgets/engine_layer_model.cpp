#include "widgets/engine_layer_model.h"
#include "widgets/library_text.h"

#include <QFont>
#include <QStringList>

namespace kiln::studio {

EngineLayerModel::EngineLayerModel(QObject* parent) : QAbstractTableModel(parent) {}

void EngineLayerModel::setEngine(std::shared_ptr<const kiln::Engine> engine) {
    if (engine == engine_) return;
    beginResetModel();
    engine_ = std::move(engine);
    endResetModel();
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

QString EngineLayerModel::toolTip(const kiln::EngineLayer& layer) {
    QStringList parts;
    if (!layer.note.empty()) parts << LibraryText::message(layer.note);
    QString where = tr("Backend: %1").arg(QString::fromStdString(layer.backend));
    if (layer.format != kiln::TensorFormat::Linear)
        where += QStringLiteral("\n") + tr("Format: %1").arg(LibraryText::format(kiln::tensorFormatName(layer.format)));
    parts << where;
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
    if (role == Qt::ToolTipRole) return toolTip(l);
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
