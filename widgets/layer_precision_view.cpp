#include "widgets/layer_precision_view.h"

#include "widgets/build_settings_model.h"

#include <QComboBox>
#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>
#include <iterator>

#include "widgets/layer_precision_model.h"

namespace kiln::studio {

QWidget* PrecisionOverrideDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem&,
                                                 const QModelIndex& index) const {
    auto* box = new QComboBox(parent);
    for (const QString& name : index.data(LayerPrecisionModel::OverrideChoicesRole).toStringList())
        box->addItem(name.isEmpty() ? LayerPrecisionView::tr("none") : name.toUpper(), name);
    // A choice commits at once (no Enter needed).
    connect(box, &QComboBox::activated, this, [this, box] {
        auto* self = const_cast<PrecisionOverrideDelegate*>(this);
        emit self->commitData(box);
        emit self->closeEditor(box);
    });
    return box;
}

void PrecisionOverrideDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const {
    auto* box = static_cast<QComboBox*>(editor);
    const QString current = index.data(Qt::EditRole).toString();
    int i = box->findData(current);
    if (i < 0 && !current.isEmpty()) {  // from a settings file, not offered now: show it anyway
        box->addItem(current.toUpper(), current);
        i = box->count() - 1;
    }
    box->setCurrentIndex(std::max(i, 0));
}

void PrecisionOverrideDelegate::setModelData(QWidget* editor, QAbstractItemModel* model,
                                             const QModelIndex& index) const {
    auto* box = static_cast<QComboBox*>(editor);
    if (box->currentData().toString() == index.data(Qt::EditRole).toString()) return;
    model->setData(index, box->currentData(), Qt::EditRole);
}

LayerPrecisionView::LayerPrecisionView(BuildSettingsModel* settings, QWidget* parent)
    : QWidget(parent), settings_(settings) {
    model_ = new LayerPrecisionModel(settings, this);
    filter_ = new LayerPrecisionFilter(this);
    filter_->setSourceModel(model_);
    auto* v = new QVBoxLayout(this);
    v->setContentsMargins(0, 4, 0, 0);
    filterField_ = new QLineEdit(this);
    filterField_->setClearButtonEnabled(true);
    v->addWidget(filterField_);
    summary_ = new QLabel(this);
    summary_->setStyleSheet(QStringLiteral("color: #777;"));
    summary_->setWordWrap(true);
    v->addWidget(summary_);
    table_ = new QTableView(this);
    table_->setModel(filter_);
    table_->setItemDelegateForColumn(LayerPrecisionModel::OverrideColumn,
                                     new PrecisionOverrideDelegate(table_));
    table_->setSortingEnabled(true);
    table_->sortByColumn(-1, Qt::AscendingOrder);  // graph order until a header is clicked
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::SelectedClicked |
                            QAbstractItemView::EditKeyPressed);
    table_->setWordWrap(false);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 8);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    table_->horizontalHeader()->setStretchLastSection(true);
    const int widths[] = {130, 90, 70, 110, 180, 150};
    for (int c = 0; c < int(std::size(widths)); ++c) table_->setColumnWidth(c, widths[c]);
    table_->setMinimumHeight(220);
    v->addWidget(table_, 1);

    connect(filterField_, &QLineEdit::textChanged, filter_, &QSortFilterProxyModel::setFilterFixedString);
    connect(model_, &LayerPrecisionModel::summaryChanged, this, &LayerPrecisionView::updateSummary);
    connect(model_, &QAbstractItemModel::modelReset, this, &LayerPrecisionView::updateSummary);
    retranslate();
}

void LayerPrecisionView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void LayerPrecisionView::retranslate() {
    filterField_->setPlaceholderText(tr("Filter by layer name or op type"));
    model_->retranslate();
    updateSummary();
}

void LayerPrecisionView::updateSummary() {
    const int n = model_->rowCount();
    if (n == 0) {
        summary_->setText(tr("Open a model to see the precision of each layer."));
        return;
    }
    // The network default follows the backend and the allowed precisions (FP16 with fp16 on CUDA).
    const QString defaultPrecision =
        QString::fromLatin1(kiln::precisionName(kiln::defaultLayerPrecision(settings_->config()))).toUpper();
    QString text = tr("%n layer(s): %1 set by their own override, %2 by an op-type override, the rest at the "
                      "network default (%3).",
                      nullptr, n)
                       .arg(model_->overriddenByLayer())
                       .arg(model_->overriddenOtherwise())
                       .arg(defaultPrecision);
    if (model_->hasEngine()) text += QLatin1Char(' ') + tr("The last two columns show the built engine.");
    summary_->setText(text);
}

}  // namespace kiln::studio
