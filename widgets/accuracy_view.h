// AccuracyView: the engine against the reference, per output and per fused-layer boundary. A table
// (failing rows in red) beside a QCustomPlot error-by-depth chart (max abs error per layer, log
// scale, over-tolerance layers in red, the limit line) and the error histogram of the selected row.
// The rule and its tolerances are editable as in `kiln compare` (a change re-runs the comparison):
// the norm rule (max norm error within a per-precision or typed limit) by default; typing atol or
// rtol selects the elementwise rule, typing a max norm the norm rule. "Keep layer in FP32" is the
// main window's action and acts on the selected layer. The inputs to compare on are the
// RunInputChooser's (shared with the profiler); the status names the ones a result came from.
// "Emulate on the CPU" (none, FP16, BF16; FP8 listed but disabled) previews a GPU build's rounding
// error as `kiln compare --emulate` does (AccuracyModel::setEmulation); refused where the CLI
// refuses it (an engine file, another backend), with the reason as its tool tip.
// "Expected" picks what the outputs are compared with: the reference run, or the stored outputs of
// the test data set chosen as the input (output_K.pb, as `kiln run --test-data`); its tool tip says
// why a data set can't be used (no outputs), and a run then fails with that reason.
// "Find Layers to Keep in FP32" searches for the layers an FP16/BF16 engine must keep in FP32 to
// meet the tolerance (`kiln debug-precision`, Workbench::debugPrecision) for the emulated precision
// (else the one the build settings allow), under the typed max norm; the PrecisionDebugPanel under
// the status shows its progress and result, with Apply and Save Overrides.
#pragma once

#include <QWidget>

class QAction;
class QComboBox;
class QCustomPlot;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;
class QToolButton;

namespace kiln::studio {

class AccuracyModel;
class PrecisionDebugPanel;
class RunInputChooser;
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
    QComboBox* ruleBox() const { return rule_; }
    QLineEdit* maxNormField() const { return maxNorm_; }  // empty: the per-precision limits
    QLineEdit* atolField() const { return atol_; }
    QLineEdit* rtolField() const { return rtol_; }
    // Items: none (FP32), FP16, BF16, FP8 (disabled); item data: int(kiln::Precision).
    QComboBox* emulationBox() const { return emulation_; }
    // Items: the reference run, the stored outputs; item data: int(AccuracyModel::Expected).
    QComboBox* expectedBox() const { return expected_; }
    // The rule box and the fields show the model's tolerance, the emulation box its emulation (after a
    // workspace restored them).
    void syncToleranceFields();
    QLabel* statusLabel() const { return status_; }
    RunInputChooser* inputChooser() const { return inputs_; }
    // "Find Layers to Keep in FP32" and the panel with its progress and result.
    QToolButton* precisionDebugButton() const { return findPins_; }
    PrecisionDebugPanel* precisionDebugPanel() const { return pins_; }
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
    void applyElementwise();
    void applyMaxNorm();
    void applyRule();
    void applyEmulation();
    // Enables the emulation box where the CLI would run it, else resets it to none with the reason.
    void refreshEmulation();
    void applyExpected();
    // The stored-outputs item names the chosen data set, and says why it can't be used.
    void refreshExpected();
    void toleranceChanged();
    // Enabled when Workbench::precisionDebugProblem() is empty; its tool tip says why not.
    void refreshPrecisionDebug();
    void plotDepth();
    void plotHistogram();
    int selectedSourceRow() const;

    Workbench* workbench_;
    AccuracyModel* model_;
    AccuracyViewActions actions_;
    QLabel* status_;
    RunInputChooser* inputs_;
    QComboBox* rule_;
    QLabel* emulationLabel_;
    QComboBox* emulation_;
    QLabel* expectedLabel_;
    QComboBox* expected_;
    QLabel* maxNormLabel_;
    QLineEdit* maxNorm_;
    QLabel* atolLabel_;
    QLabel* rtolLabel_;
    QLineEdit* atol_;
    QLineEdit* rtol_;
    QTableView* table_;
    QSortFilterProxyModel* sorted_;
    QTabWidget* charts_;
    QCustomPlot* depth_;
    QCustomPlot* histogram_;
    QToolButton* findPins_ = nullptr;
    PrecisionDebugPanel* pins_ = nullptr;
    bool rerunPending_ = false;  // the tolerance changed while a comparison was running
};

}  // namespace kiln::studio
