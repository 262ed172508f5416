// BuildComparisonView: "Compare builds". Two columns of build settings (A and B: the build panel's
// settings or a settings file, each with its optimization level), the matched per-layer table
// (BuildComparisonModel: ONNX nodes, layers, median time and error of each side, deltas; sortable),
// totals, and a chart of the rows that take the most time on either side.
#pragma once

#include <QWidget>
#include <functional>

#include "widgets/build_comparison_model.h"

class QAction;
class QComboBox;
class QCustomPlot;
class QGroupBox;
class QLabel;
class QSortFilterProxyModel;
class QTableView;
class QToolButton;

namespace kiln::studio {

class Workbench;

struct BuildComparisonActions {
    QAction* run = nullptr;
    QAction* cancel = nullptr;
    QAction* exportCsv = nullptr;
};

class BuildComparisonView : public QWidget {
    Q_OBJECT
public:
    BuildComparisonView(Workbench* workbench, BuildComparisonActions actions, QWidget* parent = nullptr);

    enum class Side { A, B };
    // The settings of one side: "" = the build panel's settings, else a settings file (kiln build --config).
    void setSettingsFile(Side side, const QString& path);
    QString settingsFile(Side side) const;
    void setLevel(Side side, int level);
    int level(Side side) const;
    // The spec the next comparison uses for `side`; false with a message if the file cannot be read.
    bool spec(Side side, BuildSpec* out, QString* error) const;
    // Asks for a settings file when the user picks "Settings file…" (the main window's chooser).
    void setFileChooser(std::function<QString()> chooser) { chooser_ = std::move(chooser); }

    QTableView* table() const { return table_; }
    QSortFilterProxyModel* sortedModel() const { return sorted_; }
    QCustomPlot* chart() const { return chart_; }
    QLabel* totalsLabel() const { return totals_; }
    void refresh();

signals:
    void layerActivated(const QString& onnxNode);

protected:
    void changeEvent(QEvent* event) override;

private:
    struct SideWidgets {
        QGroupBox* box = nullptr;
        QComboBox* source = nullptr;
        QComboBox* level = nullptr;
        QLabel* sourceLabel = nullptr;
        QLabel* levelLabel = nullptr;
        QString file;
    };
    SideWidgets& side(Side s) { return s == Side::A ? a_ : b_; }
    const SideWidgets& side(Side s) const { return s == Side::A ? a_ : b_; }
    void setupSide(SideWidgets& w);
    void retranslate();
    void showSummary();  // the status line and the totals (refresh() also sizes the columns and plots)
    void plot();

    Workbench* workbench_;
    BuildComparisonModel* model_;
    BuildComparisonActions actions_;
    SideWidgets a_, b_;
    QLabel* status_;
    QLabel* totals_;
    QTableView* table_;
    QSortFilterProxyModel* sorted_;
    QCustomPlot* chart_;
    std::function<QString()> chooser_;
    QString progress_;
};

}  // namespace kiln::studio
