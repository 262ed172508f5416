// FusionView: the original graph and the optimized one side by side or one over the other (two
// GraphPanels over the FusionModel's two GraphModels; the stackedAction toggles), the optimization level selector and the fusion summary (which
// fusions fired, how often, node counts before and after). Clicking a node on one side lights its
// provenance on the other and scrolls it into view. Once an engine is built, a second tab beside
// the summary lists the engine's layers (backend, format, origin, note; copies and reformats
// marked as inserted by the builder); a row selects its layer on the optimized graph. A row of the
// fusion summary highlights every place that rewrite fired, on both sides. Highlights inside
// collapsed blocks open them first.
#pragma once

#include <QWidget>

#include "widgets/fusion_model.h"
#include "widgets/layout_controller.h"

class QAction;
class QComboBox;
class QLabel;
class QSplitter;
class QTabWidget;
class QTableView;
class QToolButton;
class QTreeWidget;

namespace kiln::studio {

class GraphPanel;

class FusionView : public QWidget {
    Q_OBJECT
public:
    explicit FusionView(FusionModel* model, QWidget* parent = nullptr);

    FusionModel* model() const { return model_; }
    GraphPanel* originalPanel() const { return originalPanel_; }
    GraphPanel* optimizedPanel() const { return optimizedPanel_; }
    QComboBox* levelSelector() const { return level_; }
    QTreeWidget* summaryTree() const { return summary_; }
    QLabel* countsLabel() const { return counts_; }
    // The bottom tabs: the fusion summary, and the engine's layers while there is an engine.
    QTabWidget* bottomTabs() const { return bottom_; }
    QTableView* engineLayerTable() const { return engineTable_; }
    bool isBusy() const;

    // Original above optimized (a vertical splitter) instead of side by side. Workspaces keep it.
    bool isStacked() const;
    void setStacked(bool stacked);
    QAction* stackedAction() const { return stacked_; }
    QSplitter* sidesSplitter() const { return sides_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void updateSummary();
    void updateEngineTab();
    // Brings the highlighted nodes of one side into view: opens the collapsed blocks that hold
    // them (the scroll follows once that layout is ready), then scrolls to them.
    void revealHighlights(GraphModel* model, GraphPanel* panel);

    FusionModel* model_;
    LayoutController originalLayout_;
    LayoutController optimizedLayout_;
    GraphPanel* originalPanel_;
    GraphPanel* optimizedPanel_;
    QLabel* levelLabel_;
    QComboBox* level_;
    QLabel* counts_;
    QLabel* originalTitle_;
    QLabel* optimizedTitle_;
    QTreeWidget* summary_;
    QTableView* engineTable_;
    QTabWidget* bottom_;
    QAction* stacked_;
    QToolButton* stackedButton_;
    QSplitter* sides_;
    QSplitter* split_;
    // Sides waiting for a layout that opens blocks before they scroll to their highlights.
    bool revealOriginal_ = false;
    bool revealOptimized_ = false;
};

}  // namespace kiln::studio
