#include "widgets/properties_panel.h"
#include "widgets/library_text.h"

#include <QComboBox>
#include <QEvent>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <onnx/defs/schema.h>

#include "engine_core/builder/engine.h"
#include "engine_core/common/message_catalogue.h"
#include "engine_core/onnx/proto_util.h"
#include "widgets/engine_summary.h"
#include "widgets/graph_model.h"
#include "widgets/weight_stats.h"

namespace kiln::studio {

std::vector<std::pair<QString, QString>> PropertiesPanel::schemaDefaults(const kiln::Node& node) {
    // Nodes hold their op's latest-opset form (the importer normalizes older opsets), so the
    // latest schema of the domain is the one that describes them.
    std::vector<std::pair<QString, QString>> out;
    const onnx::OpSchema* schema = onnx::OpSchemaRegistry::Schema(node.opType, node.domain);
    if (schema == nullptr) return out;
    for (const auto& [name, attribute] : schema->attributes()) {
        if (attribute.required || node.attributes.count(name)) continue;
        const onnx::AttributeProto& proto = attribute.default_value;
        if (proto.type() == onnx::AttributeProto::UNDEFINED) continue;  // optional, no default
        try {
            const kiln::Attribute value =
                kiln::onnx_detail::attributeFromProto(proto, kiln::msg<kiln::Msg::NounAttributeName>("name"_a = name));
            out.emplace_back(QString::fromStdString(name), QString::fromStdString(value.str()));
        } catch (const std::exception&) {
            // A default Kiln cannot represent (a graph): nothing to show.
        }
    }
    return out;  // by name (the schema's map is ordered)
}

PropertiesPanel::PropertiesPanel(GraphModel* model, QWidget* parent) : QWidget(parent), model_(model) {
    title_ = new QLabel(this);
    title_->setWordWrap(true);
    title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    title_->setMargin(6);
    tree_ = new QTreeWidget(this);
    tree_->setColumnCount(2);
    tree_->setAlternatingRowColors(true);
    tree_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    tree_->header()->setStretchLastSection(true);

    weights_ = new QGroupBox(this);
    weightChooser_ = new QComboBox(weights_);
    stats_ = new QLabel(weights_);
    stats_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    plot_ = new QCustomPlot(weights_);
    plot_->setMinimumHeight(150);
    plot_->setMaximumHeight(190);
    plot_->xAxis->setTickLabelFont(QFont(font().family(), 8));
    plot_->yAxis->setTickLabelFont(QFont(font().family(), 8));
    auto* wl = new QVBoxLayout(weights_);
    wl->setContentsMargins(6, 6, 6, 6);
    wl->addWidget(weightChooser_);
    wl->addWidget(stats_);
    wl->addWidget(plot_);

    auto* box = new QVBoxLayout(this);
    box->setContentsMargins(0, 0, 0, 0);
    box->addWidget(title_);
    box->addWidget(tree_, 1);
    box->addWidget(weights_);

    model_ = nullptr;
    setModel(model);
    connect(weightChooser_, &QComboBox::currentIndexChanged, this, &PropertiesPanel::showWeight);
    connect(tree_, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) {
        const QString body = item->data(0, BodyRole).toString();
        if (!body.isEmpty() && node_ >= 0) emit bodyRequested(node_, body);
    });
}

void PropertiesPanel::setModel(GraphModel* model) {
    if (model == model_ && model) return;
    if (model_) disconnect(model_, nullptr, this, nullptr);
    model_ = model;
    connect(model_, &GraphModel::currentNodeChanged, this, &PropertiesPanel::showNode);
    connect(model_, &GraphModel::modelReset, this, [this] { showNode(-1); });
    showNode(model_->currentNode());
}

void PropertiesPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) showNode(node_);
    QWidget::changeEvent(event);
}

void PropertiesPanel::setEngine(std::shared_ptr<const kiln::Engine> engine) {
    engine_ = std::move(engine);
    showNode(model_->currentNode());
}

void PropertiesPanel::showNode(int node) {
    node_ = node;
    tree_->clear();
    tree_->setHeaderLabels({tr("Name"), tr("Value")});
    weights_->setTitle(tr("Weights"));
    weightChooser_->blockSignals(true);
    weightChooser_->clear();
    weightChooser_->blockSignals(false);
    if (node < 0 || node >= model_->nodeCount()) {
        title_->setText(tr("<i>Select a node in the graph to see its properties.</i>"));
        weights_->hide();
        return;
    }
    const ModelNode& n = model_->node(node);
    auto section = [this](const QString& text) {
        auto* item = new QTreeWidgetItem(tree_, {text});
        QFont f = item->font(0);
        f.setBold(true);
        item->setFont(0, f);
        item->setFirstColumnSpanned(true);
        item->setExpanded(true);
        return item;
    };
    auto row = [](QTreeWidgetItem* parent, const QString& key, const QString& value) {
        auto* item = new QTreeWidgetItem(parent, {key, value});
        item->setToolTip(1, value);
        return item;
    };
    auto tensorText = [](const kiln::Value* v) {
        const QString shape = shapeText(v->shape);
        return QStringLiteral("%1  %2  %3")
            .arg(QString::fromStdString(v->name), QString::fromLatin1(kiln::dataTypeName(v->dtype)),
                 shape.isEmpty() ? PropertiesPanel::tr("unknown shape") : shape);
    };

    switch (n.kind) {
    case NodeKind::GraphInput:
    case NodeKind::GraphOutput: {
        const QString what = n.kind == NodeKind::GraphOutput ? tr("Graph output")
                             : n.outerScope                  ? tr("Outer-scope value")
                                                             : tr("Graph input");
        title_->setText(QStringLiteral("<b>%1</b> %2").arg(what, n.name.toHtmlEscaped()));
        QTreeWidgetItem* t = section(tr("Tensor"));
        row(t, tr("Name"), n.name);
        row(t, tr("Type"), QString::fromLatin1(kiln::dataTypeName(n.value->dtype)));
        const QString shape = shapeText(n.value->shape);
        row(t, tr("Shape"), shape.isEmpty() ? tr("unknown shape") : shape);
        if (n.outerScope) row(t, tr("Scope"), tr("read from the enclosing graph"));
        weights_->hide();
        return;
    }
    case NodeKind::Operator: break;
    }

    QString header = QStringLiteral("<b>%1</b>").arg(n.opType.toHtmlEscaped());
    if (!n.domain.isEmpty()) header += QStringLiteral(" <span style='color:#777'>(%1)</span>").arg(n.domain.toHtmlEscaped());
    header += QStringLiteral("<br>%1").arg(n.name.isEmpty() ? tr("(unnamed node)") : n.name.toHtmlEscaped());
    if (n.unsupported)
        header += QStringLiteral("<br><span style='color:#c62828'><b>%1</b> %2</span>")
                      .arg(tr("Unsupported:"), LibraryText::message(n.unsupportedReason).toHtmlEscaped());
    title_->setText(header);

    const kiln::Node& ir = *n.ir;
    QTreeWidgetItem* attrs = section(tr("Attributes (%1)").arg(ir.attributes.size()));
    const std::vector<std::pair<QString, QString>> defaults = schemaDefaults(ir);
    if (ir.attributes.empty() && defaults.empty()) row(attrs, tr("none"), QString());
    for (const auto& [key, value] : ir.attributes) row(attrs, QString::fromStdString(key), QString::fromStdString(value.str()));
    // The schema's defaults for the attributes the node leaves out, greyed and marked: what the
    // op does with them, as Netron shows.
    const QColor grey = palette().color(QPalette::Disabled, QPalette::Text);
    for (const auto& [key, value] : defaults) {
        auto* item = row(attrs, key, tr("%1 (default)").arg(value));
        item->setData(0, DefaultAttributeRole, true);
        item->setToolTip(0, tr("Not set by the node: the ONNX schema's default value"));
        item->setToolTip(1, item->toolTip(0));
        for (int c = 0; c < 2; ++c) {
            item->setForeground(c, grey);
            QFont f = item->font(c);
            f.setItalic(true);
            item->setFont(c, f);
        }
    }

    // A control-flow node's bodies, the way into them, and what they read from outside.
    const std::vector<ControlFlowBody> bodies = controlFlowBodies(ir);
    const size_t formalInputs = formalInputCount(ir);
    if (!bodies.empty()) {
        QTreeWidgetItem* section_ = section(tr("Bodies (%1)").arg(bodies.size()));
        for (const ControlFlowBody& b : bodies) {
            const int count = int(b.graph->nodeCount());
            auto* item = row(section_, b.name, tr("%n node(s)", nullptr, count));
            item->setData(0, BodyRole, b.name);
            item->setToolTip(0, tr("Double-click to open this body in the graph"));
            item->setToolTip(1, item->toolTip(0));
            QTreeWidgetItem* outer =
                row(item, tr("Outer-scope values (%1)").arg(b.outerValues.size()), QString());
            if (b.outerValues.isEmpty()) row(outer, tr("none"), QString());
            for (const QString& name : b.outerValues) {
                const kiln::Value* v = b.graph->findValue(name.toStdString());
                row(outer, name, v ? tensorText(v) : QString());
            }
            item->setExpanded(true);
            outer->setExpanded(true);
        }
    }

    const std::vector<ConstantInput> constants = model_->constantInputs(node);
    QTreeWidgetItem* inputs = section(tr("Inputs (%1)").arg(ir.inputs.size()));
    for (size_t i = 0; i < ir.inputs.size(); ++i) {
        const kiln::Value* v = ir.inputs[i];
        QString key = QString::number(i);
        for (const ConstantInput& c : constants)
            if (c.inputIndex == int(i) && !c.formalName.isEmpty()) key = c.formalName;
        if (v == nullptr) {
            row(inputs, key, tr("(omitted)"));
            continue;
        }
        auto* item = row(inputs, key, tensorText(v));
        if (v->isConstant()) item->setText(1, item->text(1) + QStringLiteral("  ") + tr("[constant]"));
        if (i >= formalInputs) item->setText(1, item->text(1) + QStringLiteral("  ") + tr("[outer scope]"));
    }
    QTreeWidgetItem* outputs = section(tr("Outputs (%1)").arg(ir.outputs.size()));
    for (size_t i = 0; i < ir.outputs.size(); ++i) {
        const kiln::Value* v = ir.outputs[i];
        row(outputs, QString::number(i), v ? tensorText(v) : tr("(omitted)"));
    }
    if (const kiln::EngineLayer* layer = engine_ ? engine_->findLayer(ir.name) : nullptr) {
        QTreeWidgetItem* l = section(tr("Engine layer"));
        row(l, tr("Kind"), LibraryText::layerKind(layer->kind));
        row(l, tr("Backend"), QString::fromStdString(layer->backend));
        if (layer->format != kiln::TensorFormat::Linear) row(l, tr("Format"), LibraryText::format(kiln::tensorFormatName(layer->format)));
        // Why it runs where and how it does: a fallback to the CPU, a copy, a layout change.
        if (!layer->note.empty()) {
            const QString note = LibraryText::message(layer->note);
            row(l, tr("Note"), note)->setToolTip(1, note);
        }
        row(l, tr("Tactic"), LibraryText::tactic(QString::fromStdString(layer->tactic)));
        row(l, tr("Precision"), QString::fromLatin1(kiln::precisionName(layer->precision).data(),
                                                    qsizetype(kiln::precisionName(layer->precision).size())));
        row(l, tr("Tactic time"), layer->tacticMs >= 0 ? tr("%1 ms").arg(double(layer->tacticMs), 0, 'f', 4) : tr("not timed"));
        if (!layer->pluginVersion.empty()) row(l, tr("Plugin version"), QString::fromStdString(layer->pluginVersion));
        // INT8 calibration: the dynamic range of each input and output that has one.
        const kiln::CalibrationTable& calibration = engine_->calibration();
        if (!calibration.algorithm.empty() || !calibration.empty()) {
            QTreeWidgetItem* ranges =
                section(tr("INT8 dynamic ranges (%1)").arg(LibraryText::calibrator(QString::fromStdString(calibration.algorithm))));
            int shown = 0;
            for (const auto& [values, label] : {std::pair{&ir.inputs, tr("in: %1")}, std::pair{&ir.outputs, tr("out: %1")}})
                for (const kiln::Value* v : *values)
                    if (v)
                        if (const std::optional<float> amax = engine_->dynamicRange(v->name)) {
                            row(ranges, label.arg(QString::fromStdString(v->name)), dynamicRangeText(*amax));
                            ++shown;
                        }
            if (shown == 0) row(ranges, tr("none"), tr("no calibrated tensor"));
        }
    }
    if (!ir.origin.empty() && !(ir.origin.size() == 1 && ir.origin[0] == ir.name)) {
        QTreeWidgetItem* origin = section(tr("From ONNX nodes"));
        for (const std::string& o : ir.origin) row(origin, QString::fromStdString(o), QString());
    }

    if (constants.empty()) {
        weights_->hide();
        return;
    }
    weights_->show();
    weightChooser_->blockSignals(true);
    for (const ConstantInput& c : constants) {
        const QString label = c.formalName.isEmpty() || c.formalName == c.tensor
                                  ? c.tensor
                                  : QStringLiteral("%1: %2").arg(c.formalName, c.tensor);
        weightChooser_->addItem(QStringLiteral("%1  \u27E8%2\u27E9").arg(label, c.shape), c.inputIndex);
    }
    // Start with the largest constant: it is the weight people want to look at, not a shape.
    int best = 0;
    for (size_t i = 0; i < constants.size(); ++i)
        if (constants[i].value->constant->numel() > constants[size_t(best)].value->constant->numel()) best = int(i);
    weightChooser_->setCurrentIndex(best);
    weightChooser_->blockSignals(false);
    showWeight(best);
}

void PropertiesPanel::showWeight(int index) {
    plot_->clearPlottables();
    if (node_ < 0 || index < 0) {
        plot_->replot();
        return;
    }
    const kiln::Node* ir = model_->node(node_).ir;
    const int input = weightChooser_->itemData(index).toInt();
    if (ir == nullptr || input < 0 || size_t(input) >= ir->inputs.size() || !ir->inputs[size_t(input)]) return;
    const kiln::Tensor& t = *ir->inputs[size_t(input)]->constant;
    const WeightStats s = WeightStats::compute(t);
    if (s.count == 0) {
        stats_->setText(tr("%1 elements of %2: no statistics for this type")
                            .arg(t.numel())
                            .arg(QString::fromLatin1(kiln::dataTypeName(t.dtype()))));
        plot_->replot();
        return;
    }
    QString text = tr("min %1   max %2   mean %3   std %4")
                       .arg(s.min, 0, 'g', 4)
                       .arg(s.max, 0, 'g', 4)
                       .arg(s.mean, 0, 'g', 4)
                       .arg(s.stddev, 0, 'g', 4);
    text += QStringLiteral("\n") + tr("%1 elements, %2 zeros").arg(s.count).arg(QString::number(s.zeroFraction * 100, 'f', 1) + QLatin1Char('%'));
    if (s.nonFinite > 0) text += QStringLiteral("   ") + tr("%1 NaN/Inf").arg(s.nonFinite);
    stats_->setText(text);

    auto* bars = new QCPBars(plot_->xAxis, plot_->yAxis);
    QVector<double> keys;
    QVector<double> values;
    for (size_t b = 0; b < s.binCounts.size(); ++b) {
        keys << (s.binEdges[b] + s.binEdges[b + 1]) / 2;
        values << double(s.binCounts[b]);
    }
    bars->setWidth(s.binEdges[1] - s.binEdges[0]);
    bars->setData(keys, values, true);
    bars->setPen(QPen(QColor(36, 98, 133)));
    bars->setBrush(QColor(36, 98, 133, 160));
    plot_->xAxis->setLabel(tr("value"));
    plot_->yAxis->setLabel(tr("count"));
    plot_->xAxis->setRange(s.binEdges.front(), s.binEdges.back());
    plot_->yAxis->setRange(0, *std::max_element(values.begin(), values.end()) * 1.1);
    plot_->replot();
}

}  // namespace kiln::studio
