// SummaryPanel: the model summary (what `kiln inspect` prints) as a tree. Clicking an unsupported
// node selects it in the graph.
#pragma once

#include <QWidget>

#include "widgets/model_summary.h"

class QTreeWidget;
class QTreeWidgetItem;

namespace kiln::studio {

class GraphModel;

class SummaryPanel : public QWidget {
    Q_OBJECT
public:
    SummaryPanel(GraphModel* model, QWidget* parent = nullptr);
    void setSummary(const ModelSummary& summary);
    void clear();
    QTreeWidget* tree() const { return tree_; }

protected:
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void rebuild();
    // The Property column as wide as its keys, but never more than about half the view, so the
    // Value column stays on screen (long keys elide; their tooltips have them whole).
    void fitPropertyColumn();
    template <typename Section, typename Row>
    void addEngineSections(Section section, Row row);

    GraphModel* model_;
    QTreeWidget* tree_;
    ModelSummary summary_;
    bool hasSummary_ = false;
};

}  // namespace kiln::studio
