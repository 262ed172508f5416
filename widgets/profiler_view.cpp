#include "widgets/profiler_view.h"

#include <QAction>
#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <map>
#include <qcustomplot.h>

#include "widgets/analysis_page.h"
#include "widgets/chart_util.h"
#include "widgets/run_input_chooser.h"
#include "widgets/workbench.h"

namespace kiln::studio {

ProfilerView::ProfilerView(Workbench* workbench, ProfilerViewActions actions, QWidget* parent)
    : QWidget(parent), workbench_(workbench), model_(workbench->profile()), actions_(actions) {
    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(8, 6, 8, 6);
    addActionButton(bar, actions_.run, this);
    warmupLabel_ = new QLabel(this);
    warmup_ = new QSpinBox(this);
    warmup_->setRange(0, 1000);
    iterationsLabel_ = new QLabel(this);
    iterations_ = new QSpinBox(this);
    iterations_->setRange(1, 100000);
    topNLabel_ = new QLabel(this);
    topN_ = new QSpinBox(this);
    topN_->setRange(1, 100);
    topN_->setValue(12);
    heat_ = new QCheckBox(this);
    heat_->setChecked(workbench_->heatEnabled());
    for (QWidget* w : {static_cast<QWidget*>(warmupLabel_), static_cast<QWidget*>(warmup_),
                       static_cast<QWidget*>(iterationsLabel_), static_cast<QWidget*>(iterations_),
                       static_cast<QWidget*>(topNLabel_), static_cast<QWidget*>(topN_), static_cast<QWidget*>(heat_)})
        bar->addWidget(w);
    bar->addStretch();
    exportButton_ = new QToolButton(this);
    exportButton_->setPopupMode(QToolButton::InstantPopup);
    auto* exportMenu = new QMenu(exportButton_);
    for (QAction* a : {actions_.exportPng, actions_.exportCsv, actions_.exportJson})
        if (a) exportMenu->addAction(a);
    exportButton_->setMenu(exportMenu);
    bar->addWidget(exportButton_);
    const ProfileRunOptions options = workbench_->profileOptions();
    warmup_->setValue(options.warmup);
    iterations_->setValue(options.iterations);

    inputs_ = new RunInputChooser(workbench_, this);
    status_ = makeStatusLabel(this, QMargins(8, 0, 8, 4));
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    const SortedTable table = makeSortedTable(model_, ProfileModel::SortRole, ProfileModel::MedianMs, Qt::DescendingOrder, this);
    sorted_ = table.sorted;
    table_ = table.table;

    charts_ = new QTabWidget(this);
    top_ = makeChart(charts_);
    byType_ = makeChart(charts_);
    timeline_ = makeChart(charts_);
    timeline_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    timeline_->axisRect()->setRangeDrag(Qt::Horizontal);
    timeline_->axisRect()->setRangeZoom(Qt::Horizontal);
    charts_->addTab(top_, QString());
    charts_->addTab(byType_, QString());
    charts_->addTab(timeline_, QString());

    // The charts as wide as the table: their layer names and bars need the room.
    QSplitter* split = makeTableChartSplit(table_, charts_, {540, 540}, this);
    QVBoxLayout* layout = makePageLayout(this);
    layout->addLayout(bar);
    layout->addWidget(inputs_);
    layout->addWidget(status_);
    layout->addWidget(split, 1);

    auto storeOptions = [this] {
        ProfileRunOptions o = workbench_->profileOptions();
        o.warmup = warmup_->value();
        o.iterations = iterations_->value();
        workbench_->setProfileOptions(o);
    };
    connect(warmup_, &QSpinBox::valueChanged, this, storeOptions);
    connect(iterations_, &QSpinBox::valueChanged, this, storeOptions);
    connect(topN_, &QSpinBox::valueChanged, this, &ProfilerView::plotTop);
    connect(heat_, &QCheckBox::toggled, workbench_, &Workbench::setHeatEnabled);
    connect(model_, &ProfileModel::started, this, &ProfilerView::refresh);
    connect(model_, &ProfileModel::finished, this, &ProfilerView::refresh);
    connect(model_, &ProfileModel::failed, this, &ProfilerView::refresh);
    connect(model_, &ProfileModel::modelReset, this, &ProfilerView::refresh);
    connect(workbench_->builder(), &BuildController::finished, this, &ProfilerView::refresh);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& index) {
        if (index.isValid())
            emit layerActivated(sorted_->data(sorted_->index(index.row(), ProfileModel::Layer)).toString());
    });
    retranslate();
}

QCustomPlot* ProfilerView::currentChart() const { return qobject_cast<QCustomPlot*>(charts_->currentWidget()); }

void ProfilerView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void ProfilerView::retranslate() {
    exportButton_->setText(tr("Export"));
    warmupLabel_->setText(tr("Warm-up:"));
    iterationsLabel_->setText(tr("Iterations:"));
    topNLabel_->setText(tr("Top N:"));
    heat_->setText(tr("Heat map on the graphs"));
    heat_->setToolTip(tr("Colour graph nodes by time: layers on the optimized graph, and their ONNX source nodes "
                         "(time shared among them) on the original graph."));
    charts_->setTabText(0, tr("Top layers"));
    charts_->setTabText(1, tr("By layer type"));
    charts_->setTabToolTip(1, tr("Time by layer type"));
    charts_->setTabText(2, tr("Timeline"));
    charts_->setTabToolTip(2, tr("Timeline of one inference"));
    refresh();
}

void ProfilerView::refresh() {
    if (model_->isRunning())
        status_->setText(tr("Profiling: %1 warm-up runs, %2 end-to-end runs, then %2 profiled runs\u2026")
                             .arg(warmup_->value())
                             .arg(iterations_->value()));
    else if (!model_->lastError().isEmpty()) status_->setText(tr("Profiling failed: %1").arg(model_->lastError()));
    else if (!model_->hasReport())
        status_->setText(workbench_->hasEngine() ? tr("Engine ready. Run the profiler to time every layer.")
                                                 : tr("Build an engine first (Build panel), then profile it here."));
    else {
        const auto& r = model_->report();
        // Both numbers, labelled: one inference as a user gets it, and the layers timed one by one
        // (each with its own synchronization and timer, so their sum is larger).
        QStringList lines;
        if (model_->endToEndRuns() > 0)
            lines << tr("End to end (median of %1 runs): %2 ms").arg(model_->endToEndRuns()).arg(model_->endToEndMs(), 0, 'f', 3);
        lines << tr("Sum of layer medians: %1 ms (each layer timed alone)").arg(r.sumOfMediansMs, 0, 'f', 3) +
                     QStringLiteral(" \u00B7 ") + tr("%n layer(s), %1 profiled runs", nullptr, int(r.rows.size())).arg(r.runs);
        if (!model_->inputText().isEmpty()) lines << model_->inputText();
        status_->setText(lines.join(QLatin1Char('\n')));
    }
    // Where each layer ran matters only when the engine mixes backends (CPU fallbacks, copies).
    table_->setColumnHidden(ProfileModel::Backend, !model_->mixedBackends());
    table_->resizeColumnsToContents();
    table_->setColumnWidth(ProfileModel::Layer, std::clamp(table_->columnWidth(ProfileModel::Layer), 160, 280));
    table_->setColumnWidth(ProfileModel::Type, std::min(table_->columnWidth(ProfileModel::Type), 130));
    plotTop();
    plotByType();
    plotTimeline();
}

void ProfilerView::plotTop() {
    if (!model_->hasReport()) {
        showChartMessage(top_, tr("No profile yet"));
        return;
    }
    QStringList labels;
    std::vector<double> values;
    for (const kiln::LayerProfileRow* r : model_->topLayers(topN_->value())) {
        labels << elideMiddle(QString::fromStdString(r->layer.name), 34);
        values.push_back(r->stats.median);
    }
    plotHorizontalBars(top_, labels, values, tr("median ms"), QColor(230, 120, 40));
}

void ProfilerView::plotByType() {
    if (!model_->hasReport()) {
        showChartMessage(byType_, tr("No profile yet"));
        return;
    }
    QStringList labels;
    std::vector<double> values;
    for (const auto& [type, ms] : model_->timeByType()) {
        labels << type;
        values.push_back(ms);
    }
    plotHorizontalBars(byType_, labels, values, tr("ms per inference (sum of medians)"), QColor(51, 102, 170));
}

void ProfilerView::plotTimeline() {
    const std::vector<TimelineEntry> entries = model_->timeline();
    if (entries.empty()) {
        showChartMessage(timeline_, tr("No profile yet"));
        return;
    }
    beginPlot(timeline_);
    // One lane per layer type, in order of first appearance.
    std::map<QString, int> lane;
    QStringList types;
    for (const TimelineEntry& e : entries)
        if (lane.emplace(e.type, int(types.size())).second) types << e.type;
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    const int n = int(types.size());
    for (int i = 0; i < n; ++i) ticker->addTick(n - i, types[i]);
    double end = 0;
    for (const TimelineEntry& e : entries) {
        const int l = lane[e.type];
        const double y = n - l;
        auto* rect = new QCPItemRect(timeline_);
        rect->topLeft->setCoords(e.startMs, y + 0.35);
        rect->bottomRight->setCoords(e.startMs + std::max(e.ms, 1e-6), y - 0.35);
        const QColor c = categoryColor(l);
        rect->setBrush(c);
        rect->setPen(QPen(c.darker(130), 0.5));
        end = std::max(end, e.startMs + e.ms);
    }
    timeline_->yAxis->setTicker(ticker);
    timeline_->yAxis->setRange(0.4, n + 0.6);
    timeline_->yAxis->grid()->setVisible(false);
    timeline_->xAxis->setTicker(makeFittingTicker(timeline_->xAxis));
    timeline_->xAxis->setRange(0, end > 0 ? end * 1.02 : 1);
    timeline_->xAxis->setLabel(tr("ms from the start of the inference (drag and scroll to zoom)"));
    timeline_->replot();
}

}  // namespace kiln::studio
