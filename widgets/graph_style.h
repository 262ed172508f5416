// How the graph looks: op-family colours (after Netron's palette), fonts and box sizes. Sizes are
// measured here on the GUI thread and handed to the layout as numbers.
#pragma once

#include <QColor>
#include <QFont>
#include <QSizeF>
#include <QString>

#include "widgets/graph_model.h"
#include "widgets/hierarchical_layout.h"

namespace kiln::studio {

struct FamilyColors {
    QColor fill;
    QColor text;
};

class GraphStyle {
public:
    GraphStyle();

    static FamilyColors colors(OpFamily family);
    static QColor unsupportedFill() { return QColor(198, 40, 40); }
    static QColor highlight() { return QColor(255, 193, 7); }
    static QColor revertedFusion() { return QColor(106, 27, 154); }  // a fusion the builder undid
    static QColor selection() { return QColor(25, 118, 210); }
    static QColor edge() { return QColor(90, 90, 90); }

    const QFont& titleFont() const { return titleFont_; }
    const QFont& bodyFont() const { return bodyFont_; }
    const QFont& labelFont() const { return labelFont_; }

    double headerHeight() const { return 24; }
    double lineHeight() const { return 15; }
    static constexpr int kMaxConstantLines = 3;

    // The text lines a node's body shows (its constant inputs: "W ⟨64×3×7×7⟩").
    QStringList bodyLines(const GraphModel& model, int node) const;
    QString blockSubtitle(int nodeCount) const;
    QSizeF nodeSize(const GraphModel& model, int node) const;
    QSizeF blockSize(const QString& title, int nodeCount) const;
    // Everything the layout needs, measured for the whole graph.
    LayoutInput layoutInput(const GraphModel& model, const ScopeTree& tree) const;

private:
    QFont titleFont_;
    QFont bodyFont_;
    QFont labelFont_;
};

}  // namespace kiln::studio
