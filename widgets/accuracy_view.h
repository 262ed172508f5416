// AccuracyView: the engine against the reference, per output and per fused-layer boundary. A table
// (failing rows in red) beside a QCustomPlot error-by-depth chart (max abs error per layer, log
// scale, over-tolerance layers in red, the atol line) and the error histogram of the selected row.
// Tolerances are editable (a change re-runs the comparison); "Keep layer in FP32" is the main
// window's action and acts on the selected layer.
#pragma once

#include <QWidget>

class QAction;
class QCustomPlot;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;

namespace kiln::studio {

class AccuracyModel;
class Workbench;

struct AccuracyViewActions {
    QAction* run = nullptr;
    QAction* keepFp32 = nullptr;
    QAction* exportJson = nullptr;
};

class AccuracyView : public QWidget {
    Q_OBJECT
public:
    AccuracyView(Workbench* workbench, AccuracyViewActions actions, QWidget* parent = nullptr);

    QTableView* table() const { return table_; }
    QSortFilterProxyModel* sortedModel() const { return sorted_; }
    QCustomPlot* depthChart() const { return depth_; }
    QCustomPlot* histogramChart() const { return histogram_; }
    QTabWidget* chartTabs() const { return charts_; }
    QLineEdit* atolField() const { return atol_; }
    QLineEdit* rtolField() const { return rtol_; }
    QLabel* statusLabel() const { return status_; }
    // The layer of the selected row ("" for an output row or no selection).
    QString selectedLayer() const;
    // Selects the row of a layer (or output) by name; false when absent.
    bool selectRow(const QString& name);
    void refresh();

signals:
    void layerActivated(const QString& layer);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void applyTolerance();
    void plotDepth();
    void plotHistogram();
    int selectedSourceRow() const;

    Workbench* workbench_;
    AccuracyModel* model_;
    AccuracyViewActions actions_;
    QLabel* status_;
    QLabel* atolLabel_;
    QLabel* rtolLabel_;
    QLineEdit* atol_;
    QLineEdit* rtol_;
    QTableView* table_;
    QSortFilterProxyModel* sorted_;
    QTabWidget* charts_;
    QCustomPlot* depth_;
    QCustomPlot* histogram_;
    bool rerunPending_ = false;  // the tolerance changed while a comparison was running
};

}  // namespace kiln::studio
