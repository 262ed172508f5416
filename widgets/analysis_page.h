// The plumbing the analysis pages (profiler, accuracy, build comparison) share: tool buttons for
// the main window's actions, the status line, the sortable table over a model, the table beside
// the charts and the page's layout. Each page keeps what is its own (toolbar fields, charts).
#pragma once

#include <QList>
#include <QMargins>
#include <Qt>

class QAbstractItemModel;
class QAction;
class QBoxLayout;
class QLabel;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;
class QToolButton;
class QVBoxLayout;
class QWidget;

namespace kiln::studio {

// A text-only tool button for `action`, added to `bar`; nullptr (nothing added) for no action.
QToolButton* addActionButton(QBoxLayout* bar, QAction* action, QWidget* parent);

// A word-wrapped status line.
QLabel* makeStatusLabel(QWidget* parent, const QMargins& margins);

// The table of a page: a proxy over `model` sorting by `sortRole`, and the view showing it (whole
// rows, one at a time; no row header; 22-pixel rows; the last column stretched; no wrapping; long
// names elided on the left), sorted by `column` (-1: the model's order until a header is clicked).
struct SortedTable {
    QSortFilterProxyModel* sorted = nullptr;
    QTableView* table = nullptr;
};
SortedTable makeSortedTable(QAbstractItemModel* model, int sortRole, int column, Qt::SortOrder order,
                            QWidget* parent);

// The table beside the charts, 3 : 2 when the page grows, starting at `sizes`.
QSplitter* makeTableChartSplit(QWidget* table, QWidget* charts, const QList<int>& sizes, QWidget* parent);

// The page's vertical layout (no margins, no spacing: the rows bring their own). The page may clip
// its toolbar on a narrow window rather than push the docks off the screen: minimum width 480.
QVBoxLayout* makePageLayout(QWidget* page);

}  // namespace kiln::studio
