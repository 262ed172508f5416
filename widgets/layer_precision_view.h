// LayerPrecisionView: the build panel's per-layer precision table. A filter field (layer name, op
// type or engine layer), a summary line and a sortable QTableView over a LayerPrecisionModel
// (through a LayerPrecisionFilter). The Override column edits through a combo box offering "none"
// and the precisions the build settings allow. Fast on 10k-node graphs: no cell widgets, fixed row
// heights, no resize-to-contents.
#pragma once

#include <QStyledItemDelegate>
#include <QWidget>

class QLabel;
class QLineEdit;
class QTableView;

namespace kiln::studio {

class BuildSettingsModel;
class LayerPrecisionFilter;
class LayerPrecisionModel;

// The Override column's editor: a combo of LayerPrecisionModel::OverrideChoicesRole, committed as
// soon as a choice is made.
class PrecisionOverrideDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                          const QModelIndex& index) const override;
    void setEditorData(QWidget* editor, const QModelIndex& index) const override;
    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override;
};

class LayerPrecisionView : public QWidget {
    Q_OBJECT
public:
    explicit LayerPrecisionView(BuildSettingsModel* settings, QWidget* parent = nullptr);

    LayerPrecisionModel* model() const { return model_; }
    LayerPrecisionFilter* filter() const { return filter_; }
    QTableView* table() const { return table_; }
    QLineEdit* filterField() const { return filterField_; }
    QLabel* summary() const { return summary_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void updateSummary();

    BuildSettingsModel* settings_;
    LayerPrecisionModel* model_;
    LayerPrecisionFilter* filter_;
    QLineEdit* filterField_;
    QLabel* summary_;
    QTableView* table_;
};

}  // namespace kiln::studio
