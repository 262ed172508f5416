#include "widgets/analysis_page.h"

#include <QAction>
#include <QBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>

namespace kiln::studio {

QToolButton* addActionButton(QBoxLayout* bar, QAction* action, QWidget* parent) {
    if (!action) return nullptr;
    auto* button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addWidget(button);
    return button;
}

QLabel* makeStatusLabel(QWidget* parent, const QMargins& margins) {
    auto* status = new QLabel(parent);
    status->setContentsMargins(margins);
    status->setWordWrap(true);
    return status;
}

SortedTable makeSortedTable(QAbstractItemModel* model, int sortRole, int column, Qt::SortOrder order,
                            QWidget* parent) {
    SortedTable out;
    out.sorted = new QSortFilterProxyModel(parent);
    out.sorted->setSourceModel(model);
    out.sorted->setSortRole(sortRole);
    QTableView* table = out.table = new QTableView(parent);
    table->setModel(out.sorted);
    table->setSortingEnabled(true);
    table->sortByColumn(column, order);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(22);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setWordWrap(false);
    table->setTextElideMode(Qt::ElideLeft);
    return out;
}

QSplitter* makeTableChartSplit(QWidget* table, QWidget* charts, const QList<int>& sizes, QWidget* parent) {
    auto* split = new QSplitter(Qt::Horizontal, parent);
    split->addWidget(table);
    split->addWidget(charts);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes(sizes);
    return split;
}

QVBoxLayout* makePageLayout(QWidget* page) {
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    page->setMinimumWidth(480);
    return layout;
}

}  // namespace kiln::studio
