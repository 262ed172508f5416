#include "widgets/graph_style.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <algorithm>

namespace kiln::studio {

GraphStyle::GraphStyle() {
    titleFont_.setPixelSize(12);
    titleFont_.setBold(true);
    bodyFont_.setPixelSize(11);
    labelFont_.setPixelSize(9);
}

FamilyColors GraphStyle::colors(OpFamily family) {
    const QColor light(250, 250, 250);
    const QColor dark(30, 30, 30);
    switch (family) {
    case OpFamily::Convolution: return {QColor(51, 85, 136), light};
    case OpFamily::Linear: return {QColor(36, 98, 133), light};
    case OpFamily::Activation: return {QColor(112, 41, 33), light};
    case OpFamily::Normalization: return {QColor(51, 85, 68), light};
    case OpFamily::Pooling: return {QColor(51, 99, 51), light};
    case OpFamily::Elementwise: return {QColor(222, 222, 222), dark};
    case OpFamily::Reduction: return {QColor(92, 72, 120), light};
    case OpFamily::Softmax: return {QColor(125, 60, 100), light};
    case OpFamily::Shape: return {QColor(108, 79, 71), light};
    case OpFamily::Quantization: return {QColor(140, 90, 0), light};
    case OpFamily::Constant: return {QColor(85, 85, 85), light};
    case OpFamily::Control: return {QColor(68, 68, 68), light};
    case OpFamily::Io: return {QColor(238, 238, 238), dark};
    case OpFamily::Other: return {QColor(200, 200, 200), dark};
    }
    return {QColor(200, 200, 200), dark};
}

QStringList GraphStyle::bodyLines(const GraphModel& model, int node) const {
    QStringList lines;
    const std::vector<ConstantInput> constants = model.constantInputs(node);
    for (const ConstantInput& c : constants) {
        if (lines.size() == kMaxConstantLines) {
            lines.last() = QStringLiteral("…");
            break;
        }
        const QString name = c.formalName.isEmpty() ? QStringLiteral("in%1").arg(c.inputIndex) : c.formalName;
        lines << QStringLiteral("%1 \u27E8%2\u27E9").arg(name, c.shape);
    }
    // A control-flow node names its bodies, the way into them (double-click, context menu).
    if (const kiln::Node* ir = model.node(node).ir) {
        QStringList names;
        for (const ControlFlowBody& b : controlFlowBodies(*ir)) names << b.name;
        if (!names.isEmpty())
            lines << QStringLiteral("\u25B8 %1").arg(names.join(QStringLiteral(" \u00B7 ")));
    }
    return lines;
}

QString GraphStyle::blockSubtitle(int nodeCount) const {
    return QCoreApplication::translate("kiln::studio::GraphStyle", "%n node(s)", nullptr, nodeCount);
}

QSizeF GraphStyle::nodeSize(const GraphModel& model, int node) const {
    const ModelNode& n = model.node(node);
    const QFontMetricsF title(titleFont_);
    const QFontMetricsF body(bodyFont_);
    const QString label = nodeTitle(n);
    double width = title.horizontalAdvance(label) + 24;
    double height = headerHeight();
    if (n.kind == NodeKind::Operator) {
        const QStringList lines = bodyLines(model, node);
        for (const QString& line : lines) width = std::max(width, body.horizontalAdvance(line) + 16);
        height += lines.size() * lineHeight() + (lines.isEmpty() ? 0 : 4);
    }
    return QSizeF(std::clamp(width, 56.0, 320.0), height);
}

QSizeF GraphStyle::blockSize(const QString& title, int nodeCount) const {
    const QFontMetricsF t(titleFont_);
    const QFontMetricsF b(bodyFont_);
    const double width = std::max(t.horizontalAdvance(title), b.horizontalAdvance(blockSubtitle(nodeCount))) + 32;
    return QSizeF(std::clamp(width, 110.0, 360.0), 46);
}

LayoutInput GraphStyle::layoutInput(const GraphModel& model, const ScopeTree& tree) const {
    LayoutInput in;
    in.edges.reserve(size_t(model.edgeCount()));
    for (const ModelEdge& e : model.edges()) in.edges.emplace_back(e.from, e.to);
    in.nodeSizes.reserve(size_t(model.nodeCount()));
    for (int n = 0; n < model.nodeCount(); ++n) in.nodeSizes.push_back(nodeSize(model, n));
    in.blockSizes.reserve(size_t(tree.scopeCount()));
    for (const LayoutScope& s : tree.scopes()) in.blockSizes.push_back(blockSize(s.title, s.totalNodes));
    return in;
}

}  // namespace kiln::studio
