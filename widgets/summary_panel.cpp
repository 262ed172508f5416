#include "widgets/summary_panel.h"

#include <QEvent>
#include <QFileInfo>
#include <QHeaderView>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "widgets/graph_model.h"

namespace kiln::studio {

namespace {
constexpr int kNodeNameRole = Qt::UserRole + 1;
}

SummaryPanel::SummaryPanel(GraphModel* model, QWidget* parent) : QWidget(parent), model_(model) {
    tree_ = new QTreeWidget(this);
    tree_->setColumnCount(2);
    tree_->setRootIsDecorated(true);
    tree_->setAlternatingRowColors(true);
    tree_->setUniformRowHeights(true);
    tree_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    tree_->header()->setStretchLastSection(true);
    auto* box = new QVBoxLayout(this);
    box->setContentsMargins(0, 0, 0, 0);
    box->addWidget(tree_);
    connect(tree_, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item) {
        const QString name = item->data(0, kNodeNameRole).toString();
        if (name.isEmpty()) return;
        const int node = model_->findNodeByName(name);
        if (node >= 0) model_->setCurrentNode(node);
    });
    rebuild();
}

void SummaryPanel::setSummary(const ModelSummary& summary) {
    summary_ = summary;
    hasSummary_ = true;
    rebuild();
}

void SummaryPanel::clear() {
    hasSummary_ = false;
    summary_ = ModelSummary();
    rebuild();
}

void SummaryPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) rebuild();
    QWidget::changeEvent(event);
}

void SummaryPanel::rebuild() {
    tree_->clear();
    tree_->setHeaderLabels({tr("Property"), tr("Value")});
    if (!hasSummary_) {
        auto* item = new QTreeWidgetItem(tree_, {tr("No model loaded")});
        item->setFirstColumnSpanned(true);
        return;
    }
    const ModelSummary& s = summary_;
    auto section = [this](const QString& title) {
        auto* item = new QTreeWidgetItem(tree_, {title});
        QFont f = item->font(0);
        f.setBold(true);
        item->setFont(0, f);
        item->setExpanded(true);
        return item;
    };
    auto row = [](QTreeWidgetItem* parent, const QString& key, const QString& value) {
        auto* item = new QTreeWidgetItem(parent, {key, value});
        item->setToolTip(1, value);
        return item;
    };

    QTreeWidgetItem* model = section(tr("Model"));
    row(model, tr("File"), QFileInfo(s.path).fileName())->setToolTip(1, s.path);
    if (!s.graphName.isEmpty()) row(model, tr("Graph"), s.graphName);
    row(model, tr("Producer"), s.producer.isEmpty() ? tr("(not recorded)") : s.producer);
    row(model, tr("IR version"), QString::number(s.irVersion));
    QStringList opsets;
    for (const auto& [domain, version] : s.opsets)
        opsets << QStringLiteral("%1 %2").arg(domain.isEmpty() ? QStringLiteral("ai.onnx") : domain).arg(version);
    row(model, tr("Opsets"), opsets.join(QStringLiteral(", ")));
    row(model, tr("Nodes"), QString::number(s.nodeCount));
    row(model, tr("Parameters"), tr("%1 (%2)").arg(formatCount(s.parameterCount), formatBytes(s.parameterBytes)));

    auto tensors = [&](const QString& title, const std::vector<TensorSummary>& list) {
        QTreeWidgetItem* sec = section(tr("%1 (%2)").arg(title).arg(list.size()));
        for (const TensorSummary& t : list)
            row(sec, t.name, QStringLiteral("%1  %2").arg(t.dtype, t.shape.isEmpty() ? tr("unknown shape") : t.shape));
    };
    tensors(tr("Inputs"), s.inputs);
    tensors(tr("Outputs"), s.outputs);

    QTreeWidgetItem* ops = section(tr("Operators (%1 types)").arg(s.opHistogram.size()));
    for (const auto& [op, count] : s.opHistogram) row(ops, op, QString::number(count));

    QTreeWidgetItem* unsupported = section(tr("Unsupported nodes (%1)").arg(s.unsupported.size()));
    if (s.unsupported.empty()) {
        row(unsupported, tr("none"), tr("every node can be imported"));
    }
    for (const kiln::UnsupportedNode& u : s.unsupported) {
        const QString name = QString::fromStdString(u.nodeName);
        auto* item = row(unsupported, QString::fromStdString(u.opType),
                         tr("%1: %2").arg(name.isEmpty() ? tr("node %1").arg(u.nodeIndex) : name,
                                          QString::fromStdString(u.reason)));
        item->setForeground(0, QColor(198, 40, 40));
        item->setForeground(1, QColor(198, 40, 40));
        item->setData(0, kNodeNameRole, name);
    }
    if (!s.warnings.isEmpty()) {
        QTreeWidgetItem* warnings = section(tr("Importer warnings (%1)").arg(s.warnings.size()));
        for (const QString& w : s.warnings) {
            auto* item = new QTreeWidgetItem(warnings, {w});
            item->setFirstColumnSpanned(true);
            item->setToolTip(0, w);
        }
    }
    // The operator list of a big model is long; keep it closed so inputs and outputs stay in view.
    ops->setExpanded(s.opHistogram.size() <= 12);
}

}  // namespace kiln::studio
