#include "widgets/summary_panel.h"
#include "widgets/library_text.h"

#include <QEvent>
#include <QFileInfo>
#include <QHeaderView>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>

#include "widgets/graph_model.h"
#include "widgets/graph_style.h"

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
    tree_->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    tree_->header()->setStretchLastSection(true);
    tree_->setTextElideMode(Qt::ElideMiddle);
    tree_->viewport()->installEventFilter(this);
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

bool SummaryPanel::eventFilter(QObject* watched, QEvent* event) {
    if (watched == tree_->viewport() && event->type() == QEvent::Resize) fitPropertyColumn();
    return QWidget::eventFilter(watched, event);
}

void SummaryPanel::fitPropertyColumn() {
    tree_->resizeColumnToContents(0);
    const int wanted = tree_->columnWidth(0) + 8;
    const int room = tree_->viewport()->width() * 11 / 20;
    tree_->setColumnWidth(0, std::max(60, std::min(wanted, room)));
}

void SummaryPanel::rebuild() {
    // Every way out of the rebuild fits the columns to what it shows.
    struct Fit {
        SummaryPanel* panel;
        ~Fit() { panel->fitPropertyColumn(); }
    } fit{this};
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
        item->setToolTip(0, key);
        item->setToolTip(1, value);
        return item;
    };

    if (s.engine) {
        addEngineSections(section, row);
    } else {
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
    }

    auto tensors = [&](const QString& title, const std::vector<TensorSummary>& list) {
        QTreeWidgetItem* sec = section(tr("%1 (%2)").arg(title).arg(list.size()));
        for (const TensorSummary& t : list)
            row(sec, t.name, QStringLiteral("%1  %2").arg(t.dtype, t.shape.isEmpty() ? tr("unknown shape") : t.shape));
    };
    tensors(tr("Inputs"), s.inputs);
    tensors(tr("Outputs"), s.outputs);

    QTreeWidgetItem* ops = section(s.engine ? tr("Layer types (%1)").arg(s.opHistogram.size())
                                            : tr("Operators (%1 types)").arg(s.opHistogram.size()));
    for (const auto& [op, count] : s.opHistogram) row(ops, op, QString::number(count));

    if (s.engine) {
        ops->setExpanded(s.opHistogram.size() <= 12);
        return;  // an engine has no importer findings
    }
    // What can't run: the importer's unsupported nodes, then the imported nodes the CPU backend has no
    // kernel for (as `kiln inspect` lists them), all red and each saying which of the two it is.
    QTreeWidgetItem* unsupported = section(tr("Unsupported nodes (%1)").arg(s.unsupported.size() + s.noCpuKernel.size()));
    if (s.unsupported.empty() && s.noCpuKernel.empty()) {
        row(unsupported, tr("none"), tr("every node can be imported and run on the CPU"));
    }
    auto flag = [](QTreeWidgetItem* item, const QString& name, const QString& why) {
        item->setForeground(0, GraphStyle::unsupportedFill());
        item->setForeground(1, GraphStyle::unsupportedFill());
        item->setData(0, kNodeNameRole, name);
        item->setToolTip(0, why);
        return item;
    };
    for (const kiln::UnsupportedNode& u : s.unsupported) {
        const QString name = QString::fromStdString(u.nodeName);
        flag(row(unsupported, QString::fromStdString(u.opType),
                 tr("%1: %2").arg(name.isEmpty() ? tr("node %1").arg(u.nodeIndex) : name, LibraryText::message(u.reason))),
             name, tr("Not imported: Kiln has no importer for this node as it stands"));
    }
    for (const kiln::NoCpuKernelNode& k : s.noCpuKernel) {
        flag(row(unsupported, QString::fromStdString(k.opType),
                 tr("%1: imported, cannot run on the CPU: %2")
                     .arg(QString::fromStdString(k.label), LibraryText::message(QString::fromStdString(k.reason)))),
             QString::fromStdString(k.nodeName), tr("Imported, but the CPU backend has no kernel that runs it"));
    }
    if (!s.warnings.empty()) {
        QTreeWidgetItem* warnings = section(tr("Importer warnings (%1)").arg(s.warnings.size()));
        for (const kiln::Message& w : s.warnings) {
            const QString text = LibraryText::message(w);
            auto* item = new QTreeWidgetItem(warnings, {text});
            item->setFirstColumnSpanned(true);
            item->setToolTip(0, text);
        }
    }
    // The operator list of a big model is long; keep it closed so inputs and outputs stay in view.
    ops->setExpanded(s.opHistogram.size() <= 12);
}

template <typename Section, typename Row>
void SummaryPanel::addEngineSections(Section section, Row row) {
    const ModelSummary& s = summary_;
    const EngineSummary& e = *s.engine;
    QTreeWidgetItem* engine = section(tr("Engine"));
    row(engine, tr("File"), QFileInfo(s.path).fileName())->setToolTip(1, s.path);
    row(engine, tr("Backend"), e.backend);
    row(engine, tr("Device"), e.device);
    if (!e.arch.isEmpty() && e.arch != e.device) row(engine, tr("Architecture"), e.arch);
    row(engine, tr("Format version"), QString::number(e.formatVersion));
    row(engine, tr("Built by"), tr("Kiln %1").arg(e.kilnVersion));
    row(engine, tr("Layers"), e.pluginLayers ? tr("%1 (%2 plugin)").arg(e.layers).arg(e.pluginLayers) : QString::number(e.layers));
    row(engine, tr("Weights"), formatBytes(e.weightBytes));
    row(engine, tr("Optimization level"), QString::number(e.optimizationLevel));
    row(engine, tr("Allowed precisions"), e.builderPrecisions.join(QStringLiteral(", ")));
    if (e.timedLayers > 0)
        row(engine, tr("Tactic time"), tr("%1 ms over %2 timed layers").arg(e.tacticMsTotal, 0, 'f', 3).arg(e.timedLayers));
    if (!e.plugins.isEmpty()) row(engine, tr("Plugins"), e.plugins.join(QStringLiteral(", ")));
    if (!e.libraries.empty()) {
        QStringList libs;
        for (const auto& [name, version] : e.libraries) libs << QStringLiteral("%1 %2").arg(name, version);
        row(engine, tr("Libraries"), libs.join(QStringLiteral(", ")));
    }
    QTreeWidgetItem* profiles = section(tr("Optimization profiles (%1)").arg(e.profiles.size()));
    for (size_t i = 0; i < e.profiles.size(); ++i) {
        QTreeWidgetItem* p = row(profiles, tr("Profile %1").arg(i), tr("min / opt / max"));
        p->setExpanded(true);
        for (const QString& line : e.profiles[i]) {
            const QString input = line.section(QStringLiteral("  "), 0, 0);
            row(p, input, line.section(QStringLiteral("  "), 1));
        }
    }
    QTreeWidgetItem* precisions = section(tr("Precisions (%1)").arg(e.precisions.size()));
    for (const auto& [precision, count] : e.precisions) row(precisions, precision, tr("%n layer(s)", nullptr, count));
    QTreeWidgetItem* tactics = section(tr("Tactics (%1)").arg(e.tactics.size()));
    for (const auto& [tactic, count] : e.tactics) row(tactics, LibraryText::tactic(tactic), tr("%n layer(s)", nullptr, count));
    if (e.calibrator.isEmpty() && e.dynamicRanges.empty()) return;
    // INT8 calibration: each layer with its inputs' and outputs' dynamic ranges; a layer row
    // selects the layer in the graph.
    QTreeWidgetItem* ranges = section(tr("INT8 dynamic ranges (%1, %n tensor(s))", nullptr, e.calibratedTensors)
                                          .arg(LibraryText::calibrator(e.calibrator)));
    for (const EngineSummary::LayerRanges& l : e.dynamicRanges) {
        QTreeWidgetItem* layer = row(ranges, l.layer, QString());
        layer->setData(0, kNodeNameRole, l.layer);
        layer->setToolTip(0, l.layer);
        for (const EngineSummary::TensorRange& t : l.inputs) row(layer, tr("in: %1").arg(t.tensor), dynamicRangeText(t.amax));
        for (const EngineSummary::TensorRange& t : l.outputs) row(layer, tr("out: %1").arg(t.tensor), dynamicRangeText(t.amax));
        layer->setExpanded(e.dynamicRanges.size() <= 12);
    }
    ranges->setExpanded(true);
}

}  // namespace kiln::studio
