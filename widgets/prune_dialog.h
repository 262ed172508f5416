// PruneDialog: Kiln Studio's "Prune to 2:4…" (Analyze menu), the GUI side of `kiln prune`. Lists
// the model's Conv, Gemm and MatMul layers as `kiln inspect --sparsity` does, with every prunable
// one checked (ineligible and shared weights greyed, with why); the user picks layers and the file
// to write (never the open model; an existing file only after a confirmation), prunes on a worker
// (PruneModel: progress, Cancel), and sees the pattern before and after per layer and the accuracy
// effect in the accuracy view's table (AccuracyModel). "Open Pruned Model" opens the result in the
// main window.
#pragma once

#include <QDialog>
#include <QString>
#include <QStringList>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "widgets/prune_model.h"

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableView;
class QTreeWidget;

namespace kiln::studio {

class PruneDialog : public QDialog {
    Q_OBJECT
public:
    enum Column { Layer, Op, Weight, Shape, GroupedAlong, Groups, Zeros, Note, ColumnCount };

    explicit PruneDialog(QWidget* parent = nullptr);

    // The model to prune (an ONNX file), its opened graph (the comparison's original side; may be
    // null), the tolerance and dynamic input dims of the comparison. Reads the layers on a worker.
    void setModel(const QString& path, std::shared_ptr<const kiln::Graph> graph,
                  const kiln::Tolerance& tolerance, std::map<std::string, std::vector<int64_t>> shapes);
    QString modelPath() const { return model_; }
    // Browse…: asks for the output file ("" cancels). Default: a save dialog, which itself
    // confirms replacing a file.
    void setPathChooser(std::function<QString(const QString& suggested)> chooser) {
        chooser_ = std::move(chooser);
    }
    // Asked before a typed output that exists is replaced (default: a question box).
    void setOverwriteConfirmer(std::function<bool(const QString& path)> confirm) {
        confirm_ = std::move(confirm);
    }

    PruneModel* pruneModel() { return &prune_; }
    QTreeWidget* layerList() const { return layers_; }
    QLineEdit* outputField() const { return output_; }
    QPushButton* browseButton() const { return browse_; }
    QPushButton* selectAllButton() const { return selectAll_; }
    QPushButton* selectNoneButton() const { return selectNone_; }
    QPushButton* pruneButton() const { return pruneButton_; }
    QPushButton* cancelButton() const { return cancel_; }
    QPushButton* openButton() const { return open_; }
    QPushButton* closeButton() const { return close_; }
    QProgressBar* progressBar() const { return progress_; }
    QLabel* statusLabel() const { return status_; }
    QLabel* resultLabel() const { return result_; }
    QTableView* accuracyTable() const { return accuracyTable_; }
    // The layers checked in the list.
    QStringList checkedLayers() const;
    // "<model>-2of4.onnx" next to the model.
    QString suggestedOutput() const;

public slots:
    void prune();

signals:
    void openRequested(const QString& path);

protected:
    void changeEvent(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void reject() override;

private:
    void retranslate();
    void fillLayers();
    void refresh();
    QString resultText() const;

    PruneModel prune_;
    QString model_;
    std::shared_ptr<const kiln::Graph> graph_;
    kiln::Tolerance tolerance_;
    std::map<std::string, std::vector<int64_t>> shapes_;
    std::function<QString(const QString&)> chooser_;
    std::function<bool(const QString&)> confirm_;
    QString chosenByDialog_;  // an output a save dialog already confirmed
    QString stage_;
    QLabel* header_;
    QTreeWidget* layers_;
    QPushButton* selectAll_;
    QPushButton* selectNone_;
    QLabel* outputLabel_;
    QLineEdit* output_;
    QPushButton* browse_;
    QProgressBar* progress_;
    QLabel* status_;
    QLabel* result_;
    QTableView* accuracyTable_;
    QPushButton* pruneButton_;
    QPushButton* cancel_;
    QPushButton* open_;
    QPushButton* close_;
};

}  // namespace kiln::studio
