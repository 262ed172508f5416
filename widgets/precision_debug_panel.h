// PrecisionDebugPanel: the accuracy view's "Find layers to keep in FP32" (issue 12, `kiln
// debug-precision`), shown under the view's status while a search runs and after it. It mirrors the
// Workbench's PrecisionDebugModel: while running, the trial under way ("Trial 3 of at most 12: ...")
// with a progress bar and Cancel, and the trials so far; then the layers to keep in FP32 by engine
// layer, the ONNX nodes they came from and their own error, the trials and builds it took and the
// final max norm, or that the target passes as is, or why it failed (the tolerance out of reach)
// or that it was cancelled. Apply puts the FP32 overrides into the build settings
// (Workbench::applyPrecisionPins); Save Overrides writes the settings with them as `kiln build
// --config` reads them (what `kiln debug-precision --save-overrides` writes). Close drops the
// result. Hidden while there is none (another model opened clears it).
#pragma once

#include <QString>
#include <QWidget>
#include <functional>

class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSplitter;
class QTableWidget;

namespace kiln::studio {

class Workbench;

class PrecisionDebugPanel : public QWidget {
    Q_OBJECT
public:
    enum Column { Layer, Type, Nodes, OwnError, ColumnCount };

    explicit PrecisionDebugPanel(Workbench* workbench, QWidget* parent = nullptr);

    // Save Overrides asks for the file (`suggested`: a file name; "" from the chooser cancels).
    // Default: a save dialog in the model's folder.
    void setPathChooser(std::function<QString(const QString& suggested)> chooser) {
        chooser_ = std::move(chooser);
    }
    // "<model>-fp16-overrides.json"
    QString suggestedFileName() const;

    QLabel* summaryLabel() const { return summary_; }
    QProgressBar* progressBar() const { return progress_; }
    QTableWidget* pinnedTable() const { return pinned_; }
    QListWidget* trialList() const { return trials_; }
    QPushButton* cancelButton() const { return cancel_; }
    QPushButton* applyButton() const { return apply_; }
    QPushButton* saveButton() const { return save_; }
    QPushButton* closeButton() const { return close_; }

public slots:
    void apply();
    void saveOverrides();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void refresh();
    void fillTrials();
    void fillPinned();
    QString runningText() const;
    QString resultText() const;

    Workbench* workbench_;
    std::function<QString(const QString&)> chooser_;
    QString note_;  // what Apply or Save did, under the result
    bool noteIsError_ = false;
    QLabel* summary_;
    QProgressBar* progress_;
    QPushButton* cancel_;
    QSplitter* split_;
    QTableWidget* pinned_;
    QListWidget* trials_;
    QPushButton* apply_;
    QPushButton* save_;
    QPushButton* close_;
};

}  // namespace kiln::studio
