#include "widgets/build_comparison_view.h"
#include "widgets/library_text.h"

#include <qcustomplot.h>

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

#include "widgets/analysis_page.h"
#include "widgets/chart_util.h"
#include "widgets/workbench.h"

namespace kiln::studio {

namespace {
const QColor kColorA(51, 102, 170);
const QColor kColorB(230, 120, 40);
}  // namespace

BuildComparisonView::BuildComparisonView(Workbench* workbench, BuildComparisonActions actions,
                                         QWidget* parent)
    : QWidget(parent), workbench_(workbench), model_(workbench->buildComparison()), actions_(actions) {
    auto* sides = new QHBoxLayout;
    sides->setContentsMargins(8, 6, 8, 0);
    setupSide(a_);
    setupSide(b_);
    a_.level->setCurrentIndex(1);
    b_.level->setCurrentIndex(3);
    sides->addWidget(a_.box);
    sides->addWidget(b_.box);
    // The buttons on a row under the two sides, which then have the page's width for their
    // settings (beside them, the boxes were squeezed below their labels' width).
    auto* buttons = new QHBoxLayout;
    buttons->setContentsMargins(8, 4, 8, 0);
    for (QAction* action : {actions_.run, actions_.cancel, actions_.exportCsv}) addActionButton(buttons, action, this);
    buttons->addStretch();

    status_ = makeStatusLabel(this, QMargins(8, 4, 8, 0));
    totals_ = new QLabel(this);
    totals_->setContentsMargins(8, 2, 8, 4);
    totals_->setTextFormat(Qt::RichText);
    totals_->setWordWrap(true);

    // Execution order until a header is clicked.
    const SortedTable table = makeSortedTable(model_, BuildComparisonModel::SortRole, -1, Qt::AscendingOrder, this);
    sorted_ = table.sorted;
    table_ = table.table;

    chart_ = makeChart(this);
    // The legend in a row of its own under the chart: inside the axes it covers bars as soon as
    // the chart is narrow.
    chart_->axisRect()->insetLayout()->take(chart_->legend);
    chart_->plotLayout()->addElement(1, 0, chart_->legend);
    chart_->plotLayout()->setRowStretchFactor(1, 0.001);
    chart_->legend->setMargins(QMargins(4, 2, 4, 2));
    QSplitter* split = makeTableChartSplit(table_, chart_, {620, 460}, this);
    QVBoxLayout* layout = makePageLayout(this);
    layout->addLayout(sides);
    layout->addLayout(buttons);
    layout->addWidget(status_);
    layout->addWidget(totals_);
    layout->addWidget(split, 1);

    // The status line and the totals follow every state change and progress message; the column
    // widths and the chart (thousands of rows measured, a replot) change only with the rows.
    connect(model_, &BuildComparisonModel::started, this, [this] {
        progress_.clear();
        showSummary();
    });
    connect(model_, &BuildComparisonModel::progress, this, [this](const QString& message) {
        progress_ = message;
        showSummary();
    });
    connect(model_, &BuildComparisonModel::finished, this, &BuildComparisonView::showSummary);
    connect(model_, &BuildComparisonModel::failed, this, &BuildComparisonView::showSummary);
    connect(model_, &BuildComparisonModel::modelReset, this, &BuildComparisonView::refresh);
    connect(workbench_, &Workbench::stateChanged, this, &BuildComparisonView::showSummary);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& index) {
                if (!index.isValid()) return;
                const ComparisonRow& row = model_->rows()[size_t(sorted_->mapToSource(index).row())];
                if (!row.onnxNodes.isEmpty()) emit layerActivated(row.onnxNodes.back());
            });
    retranslate();
}

void BuildComparisonView::setupSide(SideWidgets& w) {
    w.box = new QGroupBox(this);
    w.source = new QComboBox(w.box);
    w.source->addItems({QString(), QString()});
    w.level = new QComboBox(w.box);
    for (int level = 0; level <= 3; ++level) w.level->addItem(QString::number(level), level);
    w.sourceLabel = new QLabel(w.box);
    w.levelLabel = new QLabel(w.box);
    auto* grid = new QGridLayout(w.box);
    grid->addWidget(w.sourceLabel, 0, 0);
    grid->addWidget(w.source, 0, 1);
    grid->addWidget(w.levelLabel, 1, 0);
    grid->addWidget(w.level, 1, 1);
    grid->setColumnStretch(1, 1);
    connect(w.source, &QComboBox::activated, this, [this, &w](int index) {
        if (index == 0) {
            w.file.clear();
        } else {
            const QString path = chooser_ ? chooser_() : QString();
            if (!path.isEmpty()) w.file = path;
        }
        retranslate();
    });
}

void BuildComparisonView::setSettingsFile(Side s, const QString& path) {
    side(s).file = path;
    retranslate();
}

QString BuildComparisonView::settingsFile(Side s) const {
    return side(s).file;
}
void BuildComparisonView::setLevel(Side s, int level) {
    side(s).level->setCurrentIndex(std::clamp(level, 0, 3));
}
int BuildComparisonView::level(Side s) const {
    return side(s).level->currentData().toInt();
}

bool BuildComparisonView::spec(Side s, BuildSpec* out, QString* error) const {
    const SideWidgets& w = side(s);
    BuildSpec spec;
    if (w.file.isEmpty()) {
        spec.config = workbench_->settings()->config();
        spec.label = tr("level %1").arg(level(s));
    } else {
        try {
            spec.config = kiln::loadBuilderConfig(w.file.toStdString());
        } catch (const std::exception& e) {
            if (error) *error = LibraryText::error(e);
            return false;
        }
        spec.label = tr("%1, level %2").arg(QFileInfo(w.file).fileName()).arg(level(s));
    }
    spec.config.optimizationLevel = level(s);
    *out = std::move(spec);
    return true;
}

void BuildComparisonView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void BuildComparisonView::retranslate() {
    for (auto [w, name] : {std::pair{&a_, QStringLiteral("A")}, std::pair{&b_, QStringLiteral("B")}}) {
        w->box->setTitle(tr("Build %1").arg(name));
        w->sourceLabel->setText(tr("Settings:"));
        w->levelLabel->setText(tr("Optimization level:"));
        w->source->setItemText(0, tr("Build panel settings"));
        w->source->setItemText(1,
                               w->file.isEmpty() ? tr("Settings file\u2026") : QFileInfo(w->file).fileName());
        w->source->setCurrentIndex(w->file.isEmpty() ? 0 : 1);
        w->source->setToolTip(w->file);
    }
    refresh();
}

void BuildComparisonView::showSummary() {
    if (model_->isRunning())
        status_->setText(progress_.isEmpty() ? tr("Building and profiling both sides\u2026") : progress_);
    else if (!model_->lastError().isEmpty())
        status_->setText(tr("Comparison failed: %1").arg(model_->lastError()));
    else if (!model_->hasResult())
        status_->setText(
            workbench_->isEngineFile()
                ? tr("An engine file has no ONNX model to rebuild: open the model to compare builds.")
                : tr("Pick the settings of builds A and B, then compare: each is built, profiled and "
                     "checked against the reference, and layers are matched by the ONNX nodes they cover."));
    else
        status_->setText(tr("%n row(s) matched by ONNX provenance; %1 differ between A and B.", nullptr,
                            int(model_->rows().size()))
                             .arg(model_->changedRows()));
    if (model_->hasResult()) {
        const BuildSideResult& a = model_->sideA();
        const BuildSideResult& b = model_->sideB();
        const double delta = model_->totalDeltaMs();
        const double percent = a.totalMs > 0 ? delta / a.totalMs * 100.0 : 0.0;
        const QString color = percent <= -5  ? QStringLiteral("#2e7d32")
                              : percent >= 5 ? QStringLiteral("#c62828")
                                             : QStringLiteral("#555");
        totals_->setText(
            tr("<b>A</b> (%1): %2 layers, %3 ms, output error %4 &nbsp;&nbsp; <b>B</b> (%5): %6 layers, "
               "%7 ms, output error %8 &nbsp;&nbsp; <b>\u0394</b> <span style='color:%9'>%10 ms (%11 "
               "%)</span>")
                .arg(a.spec.label.toHtmlEscaped())
                .arg(a.layers.size())
                .arg(a.totalMs, 0, 'f', 3)
                .arg(a.outputError, 0, 'g', 3)
                .arg(b.spec.label.toHtmlEscaped())
                .arg(b.layers.size())
                .arg(b.totalMs, 0, 'f', 3)
                .arg(b.outputError, 0, 'g', 3)
                .arg(color)
                .arg(QStringLiteral("%1%2")
                         .arg(delta > 0 ? QStringLiteral("+") : QString())
                         .arg(delta, 0, 'f', 3))
                .arg(QStringLiteral("%1%2")
                         .arg(percent > 0 ? QStringLiteral("+") : QString())
                         .arg(percent, 0, 'f', 1)));
        // Engine comparisons ran on the chosen inputs: the line says which.
        if (!model_->inputText().isEmpty())
            totals_->setText(totals_->text() + QStringLiteral("<br>") + model_->inputText().toHtmlEscaped());
        totals_->show();
    } else {
        totals_->hide();
    }
}

void BuildComparisonView::refresh() {
    showSummary();
    table_->resizeColumnsToContents();
    // Names are elided on the left (the tooltips have them whole), so the numbers and deltas fit.
    for (int c : {int(BuildComparisonModel::OnnxNodes), int(BuildComparisonModel::LayersA),
                  int(BuildComparisonModel::LayersB)})
        table_->setColumnWidth(c, std::clamp(table_->columnWidth(c), 100, 150));
    plot();
}

void BuildComparisonView::plot() {
    if (!model_->hasResult()) {
        showChartMessage(chart_, tr("No comparison yet"));
        return;
    }
    // The rows that cost the most on either side, A and B bars beside each other.
    std::vector<const ComparisonRow*> rows;
    for (const ComparisonRow& r : model_->rows()) rows.push_back(&r);
    std::stable_sort(rows.begin(), rows.end(),
                     [](auto* x, auto* y) { return std::max(x->msA, x->msB) > std::max(y->msA, y->msB); });
    if (rows.size() > 10) rows.resize(10);
    beginPlot(chart_);
    auto* group = new QCPBarsGroup(chart_);
    auto* barsA = new QCPBars(chart_->yAxis, chart_->xAxis);
    auto* barsB = new QCPBars(chart_->yAxis, chart_->xAxis);
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    QVector<double> keys, valuesA, valuesB;
    const int n = int(rows.size());
    double most = 0;
    for (int i = 0; i < n; ++i) {
        const double key = n - i;  // first row on top
        keys << key;
        valuesA << rows[size_t(i)]->msA;
        valuesB << rows[size_t(i)]->msB;
        most = std::max({most, rows[size_t(i)]->msA, rows[size_t(i)]->msB});
        const QStringList& nodes = rows[size_t(i)]->onnxNodes;
        ticker->addTick(key, elideMiddle(nodes.isEmpty() ? tr("(no ONNX node)") : nodes.back(), 28));
    }
    for (auto [bars, values, color, name] :
         {std::tuple{barsA, valuesA, kColorA, tr("A: %1").arg(model_->sideA().spec.label)},
          std::tuple{barsB, valuesB, kColorB, tr("B: %1").arg(model_->sideB().spec.label)}}) {
        bars->setData(keys, values);
        bars->setWidth(0.38);
        bars->setBrush(color);
        bars->setPen(QPen(color.darker(120)));
        bars->setName(name);
    }
    // Horizontal groups stack upwards in group order: B first puts A on top, as in the legend.
    barsB->setBarsGroup(group);
    barsA->setBarsGroup(group);
    chart_->yAxis->setTicker(ticker);
    chart_->yAxis->setRange(0.4, n + 0.6);
    chart_->yAxis->grid()->setVisible(false);
    chart_->xAxis->setTicker(makeFittingTicker(chart_->xAxis));
    chart_->xAxis->setRange(0, most > 0 ? most * 1.1 : 1);
    chart_->xAxis->setLabel(tr("median ms (rows with the most time)"));
    chart_->legend->setVisible(true);
    chart_->legend->setFont(QFont(chart_->font().family(), 8));
    chart_->replot();
}

}  // namespace kiln::studio
