// ProfilerView: the per-layer profile of the built engine. A sortable table (layer, type,
// precision, tactic, ONNX nodes, median ms, %) beside three QCustomPlot charts: the top N layers,
// time by layer type, and one inference's timeline (a lane per layer type). Above them, the inputs
// to run on (RunInputChooser) and the result: the end-to-end latency and the sum of the layer
// medians, labelled, and the inputs and shapes they came from. Runs, exports and the
// heat overlay are the main window's actions; this view mirrors the ProfileModel.
#pragma once

#include <QWidget>

class QAction;
class QCheckBox;
class QCustomPlot;
class QLabel;
class QSortFilterProxyModel;
class QSpinBox;
class QTabWidget;
class QTableView;
class QToolButton;

namespace kiln::studio {

class ProfileModel;
class RunInputChooser;
class Workbench;

struct ProfilerViewActions {
    QAction* run = nullptr;
    QAction* exportPng = nullptr;
    QAction* exportCsv = nullptr;
    QAction* exportJson = nullptr;
};

class ProfilerView : public QWidget {
    Q_OBJECT
public:
    ProfilerView(Workbench* workbench, ProfilerViewActions actions, QWidget* parent = nullptr);

    QTableView* table() const { return table_; }
    QSortFilterProxyModel* sortedModel() const { return sorted_; }
    QTabWidget* chartTabs() const { return charts_; }
    QCustomPlot* topChart() const { return top_; }
    QCustomPlot* typeChart() const { return byType_; }
    QCustomPlot* timelineChart() const { return timeline_; }
    QCustomPlot* currentChart() const;
    QCheckBox* heatBox() const { return heat_; }
    QSpinBox* iterationsBox() const { return iterations_; }
    QSpinBox* topNBox() const { return topN_; }
    RunInputChooser* inputChooser() const { return inputs_; }
    QLabel* statusLabel() const { return status_; }
    void refresh();

signals:
    void layerActivated(const QString& layer);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void plotTop();
    void plotByType();
    void plotTimeline();

    Workbench* workbench_;
    ProfileModel* model_;
    ProfilerViewActions actions_;
    QLabel* status_;
    RunInputChooser* inputs_;
    QToolButton* exportButton_;
    QLabel* iterationsLabel_;
    QLabel* warmupLabel_;
    QLabel* topNLabel_;
    QSpinBox* iterations_;
    QSpinBox* warmup_;
    QSpinBox* topN_;
    QCheckBox* heat_;
    QTableView* table_;
    QSortFilterProxyModel* sorted_;
    QTabWidget* charts_;
    QCustomPlot* top_;
    QCustomPlot* byType_;
    QCustomPlot* timeline_;
};

}  // namespace kiln::studio
