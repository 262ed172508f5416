#include "widgets/accuracy_view.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleValidator>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>
#include <qcustomplot.h>

#include "widgets/accuracy_model.h"
#include "widgets/analysis_page.h"
#include "widgets/chart_util.h"
#include "widgets/layer_precision_model.h"
#include "widgets/precision_debug_panel.h"
#include "widgets/run_input_chooser.h"
#include "widgets/run_inputs.h"
#include "widgets/workbench.h"

namespace kiln::studio {

AccuracyView::AccuracyView(Workbench* workbench, AccuracyViewActions actions, QWidget* parent)
    : QWidget(parent), workbench_(workbench), model_(workbench->accuracy()), actions_(actions) {
    // Two rows: the actions, then the pass rule and its limits (on one row they were squeezed
    // below their text at the default window size, in Chinese most of all).
    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(8, 6, 8, 2);
    addActionButton(bar, actions_.run, this);
    addActionButton(bar, actions_.keepFp32, this);
    // A preview of a GPU build's rounding on the CPU (`kiln compare --emulate`).
    emulationLabel_ = new QLabel(this);
    emulation_ = new QComboBox(this);
    emulation_->addItem(QString(), int(kiln::Precision::FP32));
    emulation_->addItem(QStringLiteral("FP16"), int(kiln::Precision::FP16));
    emulation_->addItem(QStringLiteral("BF16"), int(kiln::Precision::BF16));
    emulation_->addItem(QStringLiteral("FP8"), int(kiln::Precision::FP8));
    if (auto* items = qobject_cast<QStandardItemModel*>(emulation_->model())) items->item(3)->setEnabled(false);
    emulation_->setFocusPolicy(Qt::StrongFocus);
    connect(emulation_, &QComboBox::activated, this, &AccuracyView::applyEmulation);
    bar->addSpacing(12);
    bar->addWidget(emulationLabel_);
    bar->addWidget(emulation_);
    // What the outputs are held to: the reference run, or a test data set's stored outputs (on the
    // rule's row, below).
    expectedLabel_ = new QLabel(this);
    expected_ = new QComboBox(this);
    expected_->addItem(QString(), int(AccuracyModel::Expected::Reference));
    expected_->addItem(QString(), int(AccuracyModel::Expected::StoredOutputs));
    expected_->setFocusPolicy(Qt::StrongFocus);
    expected_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(expected_, &QComboBox::activated, this, &AccuracyView::applyExpected);
    bar->addStretch();
    addActionButton(bar, actions_.exportJson, this);
    auto* ruleBar = new QHBoxLayout;
    ruleBar->setContentsMargins(8, 2, 8, 6);
    rule_ = new QComboBox(this);
    rule_->addItem(QString(), int(kiln::CheckRule::Norm));
    rule_->addItem(QString(), int(kiln::CheckRule::Elementwise));
    rule_->setFocusPolicy(Qt::StrongFocus);
    maxNormLabel_ = new QLabel(this);
    atolLabel_ = new QLabel(this);
    rtolLabel_ = new QLabel(this);
    maxNorm_ = new QLineEdit(this);
    atol_ = new QLineEdit(this);
    rtol_ = new QLineEdit(this);
    for (QLineEdit* e : {maxNorm_, atol_, rtol_}) {
        auto* v = new QDoubleValidator(0, 1e9, 12, e);
        v->setNotation(QDoubleValidator::ScientificNotation);
        v->setLocale(QLocale::c());
        e->setValidator(v);
        e->setMinimumWidth(70);
        e->setMaximumWidth(90);
    }
    connect(maxNorm_, &QLineEdit::editingFinished, this, &AccuracyView::applyMaxNorm);
    connect(atol_, &QLineEdit::editingFinished, this, &AccuracyView::applyElementwise);
    connect(rtol_, &QLineEdit::editingFinished, this, &AccuracyView::applyElementwise);
    connect(rule_, &QComboBox::activated, this, &AccuracyView::applyRule);
    syncToleranceFields();
    ruleBar->addWidget(rule_);
    ruleBar->addWidget(maxNormLabel_);
    ruleBar->addWidget(maxNorm_);
    ruleBar->addWidget(atolLabel_);
    ruleBar->addWidget(atol_);
    ruleBar->addWidget(rtolLabel_);
    ruleBar->addWidget(rtol_);
    // On the rule's row: the top row has no room left at the default window size.
    ruleBar->addSpacing(12);
    ruleBar->addWidget(expectedLabel_);
    ruleBar->addWidget(expected_);
    ruleBar->addStretch();

    inputs_ = new RunInputChooser(workbench_, this);
    // On the inputs' row, the inputs it runs on (the two rows above have no room left).
    findPins_ = new QToolButton(this);
    findPins_->setToolButtonStyle(Qt::ToolButtonTextOnly);
    connect(findPins_, &QToolButton::clicked, workbench_, &Workbench::debugPrecision);
    auto* inputsRow = new QHBoxLayout;
    inputsRow->setContentsMargins(0, 0, 8, 0);
    inputsRow->addWidget(inputs_, 1);
    inputsRow->addWidget(findPins_);
    status_ = makeStatusLabel(this, QMargins(8, 0, 8, 4));
    pins_ = new PrecisionDebugPanel(workbench_, this);
    const SortedTable table = makeSortedTable(model_, AccuracyModel::SortRole, AccuracyModel::Index, Qt::AscendingOrder, this);
    sorted_ = table.sorted;
    table_ = table.table;

    charts_ = new QTabWidget(this);
    depth_ = makeChart(charts_);
    histogram_ = makeChart(charts_);
    charts_->addTab(depth_, QString());
    charts_->addTab(histogram_, QString());

    QSplitter* split = makeTableChartSplit(table_, charts_, {700, 380}, this);
    QVBoxLayout* layout = makePageLayout(this);
    layout->addLayout(bar);
    layout->addLayout(ruleBar);
    layout->addLayout(inputsRow);
    layout->addWidget(status_);
    layout->addWidget(pins_);
    layout->addWidget(split, 1);

    connect(model_, &AccuracyModel::started, this, &AccuracyView::refresh);
    connect(model_, &AccuracyModel::finished, this, &AccuracyView::refresh);
    // A tolerance typed while a comparison ran (atol, then rtol) applies once it is done.
    connect(model_, &AccuracyModel::finished, this, [this] {
        if (!rerunPending_) return;
        rerunPending_ = false;
        workbench_->runCompare();
    });
    connect(model_, &AccuracyModel::failed, this, [this] { rerunPending_ = false; });
    connect(model_, &AccuracyModel::failed, this, &AccuracyView::refresh);
    connect(model_, &AccuracyModel::modelReset, this, &AccuracyView::refresh);
    connect(workbench_->builder(), &BuildController::finished, this, &AccuracyView::refresh);
    // An engine file opened, the backend changed: the emulation may no longer apply.
    connect(workbench_, &Workbench::stateChanged, this, &AccuracyView::refreshEmulation);
    connect(workbench_->settings(), &BuildSettingsModel::changed, this, &AccuracyView::refreshEmulation);
    // The search's state, the settings (validity, allowed precisions) and the model decide the button.
    connect(workbench_, &Workbench::stateChanged, this, &AccuracyView::refreshPrecisionDebug);
    connect(workbench_->settings(), &BuildSettingsModel::changed, this, &AccuracyView::refreshPrecisionDebug);
    connect(workbench_, &Workbench::inputChoiceChanged, this, &AccuracyView::refreshExpected);
    // The status before a run says when the chosen inputs have no stored outputs to expect.
    connect(workbench_, &Workbench::inputChoiceChanged, this, [this] {
        if (!model_->hasReport() && !model_->isRunning()) refresh();
    });
    connect(workbench_, &Workbench::modelChanged, this, &AccuracyView::refreshExpected);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        plotHistogram();
        const QString layer = selectedLayer();
        if (!layer.isEmpty()) emit layerActivated(layer);
    });
    retranslate();
}

int AccuracyView::selectedSourceRow() const {
    const QModelIndex current = table_->selectionModel()->currentIndex();
    return current.isValid() ? sorted_->mapToSource(current).row() : -1;
}

QString AccuracyView::selectedLayer() const {
    const int row = selectedSourceRow();
    if (row < 0 || model_->isOutputRow(row)) return {};
    return model_->rowName(row);
}

bool AccuracyView::selectRow(const QString& name) {
    for (int r = 0; r < sorted_->rowCount(); ++r)
        if (model_->rowName(sorted_->mapToSource(sorted_->index(r, 0)).row()) == name) {
            table_->selectionModel()->setCurrentIndex(sorted_->index(r, 0),
                                                      QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            return true;
        }
    return false;
}

void AccuracyView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void AccuracyView::retranslate() {
    rule_->setItemText(0, tr("Relative to magnitude"));
    rule_->setItemText(1, tr("Elementwise"));
    const QString normRule =
        tr("A tensor passes when max |engine \u2212 reference| / max |reference| is within its limit: by default "
           "%1 for fp32, %2 for tf32 and fp16, %3 for bf16, %4 for int8, %5 for fp8, following the least exact "
           "precision of the layer and the layers before it.")
            .arg(kiln::defaultMaxNorm(kiln::Precision::FP32), 0, 'g', 3)
            .arg(kiln::defaultMaxNorm(kiln::Precision::FP16), 0, 'g', 3)
            .arg(kiln::defaultMaxNorm(kiln::Precision::BF16), 0, 'g', 3)
            .arg(kiln::defaultMaxNorm(kiln::Precision::INT8), 0, 'g', 3)
            .arg(kiln::defaultMaxNorm(kiln::Precision::FP8), 0, 'g', 3);
    const QString elementwiseRule =
        tr("An element passes when |engine \u2212 reference| \u2264 atol + rtol \u00B7 |reference|. Typing atol or "
           "rtol selects this rule.");
    rule_->setItemData(0, normRule, Qt::ToolTipRole);
    rule_->setItemData(1, elementwiseRule, Qt::ToolTipRole);
    rule_->setToolTip(tr("How a tensor passes: relative to its magnitude (the default), or element by element."));
    maxNormLabel_->setText(tr("max norm:"));
    maxNorm_->setPlaceholderText(tr("per precision"));
    maxNorm_->setToolTip(normRule + QLatin1Char(' ') +
                         tr("A limit typed here applies to every tensor; empty: the per-precision limits."));
    atolLabel_->setText(tr("atol:"));
    rtolLabel_->setText(tr("rtol:"));
    atol_->setToolTip(elementwiseRule);
    rtol_->setToolTip(elementwiseRule);
    emulationLabel_->setText(tr("Emulate on the CPU:"));
    emulation_->setItemText(0, tr("None (FP32)"));
    emulation_->setItemData(3, AccuracyModel::emulationRefusalText(kiln::Precision::FP8, false, "cpu"),
                            Qt::ToolTipRole);
    refreshEmulation();
    expectedLabel_->setText(tr("Expected:"));
    expected_->setItemText(0, tr("Reference run"));
    expected_->setItemData(0, tr("The unoptimized FP32 model on the CPU, run on the same inputs."), Qt::ToolTipRole);
    refreshExpected();
    findPins_->setText(tr("Find Layers to Keep in FP32"));
    refreshPrecisionDebug();
    charts_->setTabText(0, tr("Error by depth"));
    charts_->setTabText(1, tr("Error histogram"));
    refresh();
}

void AccuracyView::syncToleranceFields() {
    const kiln::Tolerance t = model_->tolerance();
    rule_->setCurrentIndex(rule_->findData(int(t.rule)));
    maxNorm_->setText(t.maxNorm ? QString::number(*t.maxNorm, 'g', 6) : QString());
    atol_->setText(QString::number(t.atol, 'g', 6));
    rtol_->setText(QString::number(t.rtol, 'g', 6));
    emulation_->setCurrentIndex(emulation_->findData(int(model_->emulation())));
    refreshEmulation();  // a restored emulation the backend refuses goes back to none, with the reason
    expected_->setCurrentIndex(expected_->findData(int(model_->expected())));
    refreshExpected();
}

void AccuracyView::applyExpected() {
    const auto e = AccuracyModel::Expected(expected_->currentData().toInt());
    if (e == model_->expected()) return;
    model_->setExpected(e);
    refreshExpected();
    if (!model_->hasReport()) refresh();
    toleranceChanged();  // a shown result is compared again, now with the other expected values
}

void AccuracyView::refreshExpected() {
    const RunInputChoice& choice = workbench_->inputChoice();
    const QString dataSet = storedOutputsDataSet(choice);
    expected_->setItemText(1, dataSet.isEmpty() ? tr("Stored outputs of the test data set")
                                                : tr("Stored outputs of %1").arg(dataSet));
    const QString problem = storedOutputsProblem(choice);
    const QString what = tr("Compare the engine's outputs with the outputs stored in the test data set chosen as the "
                            "input (output_0.pb, …), under the same rule as kiln run --test-data; the layer "
                            "boundaries are still compared with the reference run.");
    expected_->setItemData(1, problem.isEmpty() ? what : what + QLatin1Char('\n') + problem, Qt::ToolTipRole);
    expected_->setToolTip(model_->expected() == AccuracyModel::Expected::StoredOutputs && !problem.isEmpty()
                              ? problem
                              : tr("What the engine's outputs are compared with."));
}

// Typed atol or rtol: the elementwise rule (as `kiln compare --atol A --rtol R`).
void AccuracyView::applyElementwise() {
    bool okA = false, okR = false;
    const double atol = QLocale::c().toDouble(atol_->text(), &okA);
    const double rtol = QLocale::c().toDouble(rtol_->text(), &okR);
    if (!okA || !okR) return;
    const kiln::Tolerance old = model_->tolerance();
    if (old.rule == kiln::CheckRule::Elementwise && atol == old.atol && rtol == old.rtol) return;
    model_->setTolerance(atol, rtol);
    syncToleranceFields();
    toleranceChanged();
}

// A typed max norm (or an emptied field: the per-precision limits): the norm rule (`--max-norm T`).
void AccuracyView::applyMaxNorm() {
    std::optional<double> maxNorm;
    if (!maxNorm_->text().trimmed().isEmpty()) {
        bool ok = false;
        maxNorm = QLocale::c().toDouble(maxNorm_->text(), &ok);
        if (!ok) return;
    }
    const kiln::Tolerance old = model_->tolerance();
    if (old.rule == kiln::CheckRule::Norm && old.maxNorm == maxNorm) return;
    model_->setMaxNorm(maxNorm);
    syncToleranceFields();
    toleranceChanged();
}

void AccuracyView::applyRule() {
    const auto rule = kiln::CheckRule(rule_->currentData().toInt());
    if (rule == model_->tolerance().rule) return;
    model_->setRule(rule);
    toleranceChanged();
}

void AccuracyView::applyEmulation() {
    const auto p = kiln::Precision(emulation_->currentData().toInt());
    if (p == model_->emulation()) return;
    model_->setEmulation(p);
    refreshPrecisionDebug();  // the emulated precision is the one the search targets
    toleranceChanged();  // the same: a shown result is compared again, now with (or without) the rounding
}

void AccuracyView::refreshEmulation() {
    // Judged as the CLI judges it: the built engine's backend, or the one the next build will use.
    const std::shared_ptr<const kiln::Engine> engine = workbench_->engine();
    const std::string backend = engine ? std::string(engine->backend().id()) : workbench_->settings()->backend();
    const QString why =
        AccuracyModel::emulationRefusalText(kiln::Precision::FP16, workbench_->isEngineFile(), backend);
    emulation_->setEnabled(why.isEmpty());
    emulationLabel_->setEnabled(why.isEmpty());
    const QString what = tr("Preview a GPU build's FP16 or BF16 error on the CPU, as kiln compare --emulate does: "
                            "the weights, the inputs and every layer's float outputs rounded to that type (to nearest "
                            "even), FP32 math in between, each layer held to that precision's limit. An estimate, "
                            "not a GPU run.");
    emulation_->setToolTip(why.isEmpty() ? what : why);
    if (!why.isEmpty() && model_->emulation() != kiln::Precision::FP32) {
        model_->setEmulation(kiln::Precision::FP32);
        emulation_->setCurrentIndex(emulation_->findData(int(kiln::Precision::FP32)));
    }
    refreshPrecisionDebug();
}

void AccuracyView::refreshPrecisionDebug() {
    if (!findPins_) return;  // the constructor syncs the fields before the button exists
    const QString problem = workbench_->precisionDebugProblem();
    findPins_->setEnabled(problem.isEmpty());
    if (!problem.isEmpty()) {
        findPins_->setToolTip(problem);
        return;
    }
    const kiln::Precision target = *workbench_->precisionDebugTarget();
    const QString p = LayerPrecisionModel::precisionLabel(target);
    const kiln::Tolerance t = model_->tolerance();
    const QString limit = t.rule == kiln::CheckRule::Norm && t.maxNorm
                              ? tr("the max norm typed here (%1)").arg(*t.maxNorm, 0, 'g', 3)
                              : tr("%1's default limit (max norm %2)")
                                    .arg(p)
                                    .arg(kiln::defaultMaxNorm(target), 0, 'g', 3);
    findPins_->setToolTip(
        tr("Search for a small set of layers to keep in FP32 so that the %1 engine's outputs meet %2, as kiln "
           "debug-precision does: the whole engine in %1 first, then the layers ranked by their own error, a binary "
           "search over that ranking and a pass removing pins that are not needed. It builds from the build "
           "settings and runs on the chosen inputs; the layers are named by their ONNX nodes.")
            .arg(p, limit));
}

void AccuracyView::toleranceChanged() {
    refreshPrecisionDebug();  // its tool tip names the limit
    // Pass/fail is decided inside the comparison, so a new tolerance means a new run.
    if (model_->isRunning()) rerunPending_ = true;
    else if (model_->hasReport()) workbench_->runCompare();
}

void AccuracyView::refresh() {
    const auto emulated = [](kiln::Precision p) {
        return QString::fromLatin1(kiln::precisionName(p).data()).toUpper();  // "FP16"
    };
    if (model_->isRunning())
        status_->setText(model_->emulation() == kiln::Precision::FP32
                             ? tr("Comparing the engine with the reference at every layer\u2026")
                             : tr("Comparing the engine, %1 emulated on the CPU, with the reference at every "
                                  "layer\u2026")
                                   .arg(emulated(model_->emulation())));
    else if (!model_->lastError().isEmpty()) status_->setText(tr("Comparison failed: %1").arg(model_->lastError()));
    else if (!model_->hasReport()) {
        QString text = workbench_->hasEngine()
                           ? tr("Engine ready. Compare it with the unoptimized FP32 reference on the inputs chosen above.")
                           : tr("Build an engine first (Build panel), then compare it here.");
        // Said before the run, so the failure isn't the first news.
        if (model_->expected() == AccuracyModel::Expected::StoredOutputs)
            if (const QString problem = storedOutputsProblem(workbench_->inputChoice()); !problem.isEmpty())
                text += QLatin1Char(' ') + tr("Expected stored outputs: %1").arg(problem);
        status_->setText(text);
    }
    else {
        const auto& r = model_->report();
        const QString first = model_->firstFailingLayer();
        QString text = r.passed() ? tr("PASS: every output and every layer boundary within tolerance.")
                                  : tr("FAIL: %n layer(s) over tolerance.", nullptr, int(model_->failingLayers().size()));
        const QString dataSet = QString::fromStdString(r.storedDataSet);
        if (!dataSet.isEmpty()) {
            // Against stored outputs: the verdict names the outputs that differ from them.
            const QStringList failingOutputs = model_->failingStoredOutputs();
            if (!failingOutputs.isEmpty()) {
                QStringList quoted;
                for (const QString& o : failingOutputs) quoted << QStringLiteral("\u201C%1\u201D").arg(o);
                text = tr("FAIL: output %1 does not match the stored outputs of %2.")
                           .arg(quoted.join(QStringLiteral(", ")), dataSet);
                if (const int layers = int(model_->failingLayers().size()); layers > 0)
                    text += QLatin1Char(' ') + tr("%n layer(s) over tolerance against the reference run.", nullptr, layers);
            }
            text += QLatin1Char(' ') + tr("Expected: stored outputs of %1 for the model's outputs; the layer boundaries "
                                          "against the reference run.")
                                           .arg(dataSet);
        }
        // Never mistaken for a GPU run: said up front.
        if (const kiln::Precision p = model_->reportEmulation(); p != kiln::Precision::FP32)
            text = tr("%1 emulated on the CPU (weights, inputs and every layer's float outputs rounded to %1, FP32 "
                      "math in between): an estimate of a GPU %1 build's error, not a GPU run.")
                       .arg(emulated(p)) +
                   QLatin1Char(' ') + text;
        if (!first.isEmpty()) {
            QStringList origin;
            for (const std::string& o : r.layers[*r.firstFailingLayer].origin) origin << QString::fromStdString(o);
            text += QLatin1Char(' ') + tr("The error first exceeds tolerance at layer %1 (ONNX: %2).")
                                           .arg(first, origin.join(QStringLiteral(", ")));
        }
        if (const int small = model_->smallValueRows(); small > 0)
            text += QLatin1Char(' ') + tr("Warning: %n row(s) have values too small for the verdict to mean much "
                                          "(marked \u201Csmall values\u201D); judge them by cosine.",
                                          nullptr, small);
        text += QLatin1Char(' ') + (r.tolerance.rule == kiln::CheckRule::Norm
                                        ? (r.tolerance.maxNorm ? tr("Rule: max norm error \u2264 %1.")
                                                                     .arg(*r.tolerance.maxNorm, 0, 'g', 3)
                                                               : tr("Rule: max norm error within the limit of each "
                                                                    "tensor\u2019s precision."))
                                        : tr("Rule: elementwise, atol %1, rtol %2.")
                                              .arg(r.tolerance.atol, 0, 'g', 3)
                                              .arg(r.tolerance.rtol, 0, 'g', 3));
        text += QLatin1Char(' ') + tr("Reference %1 ms, engine %2 ms.").arg(r.referenceMs, 0, 'f', 2).arg(r.engineMs, 0, 'f', 2);
        for (const QString& line : model_->storedOutputLines()) text += QLatin1Char('\n') + line;
        for (const QString& note : model_->storedNotes()) text += QLatin1Char('\n') + note;
        if (!model_->inputText().isEmpty()) text += QLatin1Char('\n') + model_->inputText();
        status_->setText(text);
        status_->setStyleSheet(r.passed() ? QStringLiteral("color: #2e7d32;") : QStringLiteral("color: #c62828;"));
    }
    if (!model_->hasReport()) status_->setStyleSheet(QString());
    // Numbers sized to their contents; the name gets a readable width (it elides on the left).
    table_->resizeColumnsToContents();
    table_->setColumnWidth(AccuracyModel::Name, std::clamp(table_->columnWidth(AccuracyModel::Name), 160, 280));
    table_->setColumnWidth(AccuracyModel::Type, std::min(table_->columnWidth(AccuracyModel::Type), 130));
    plotDepth();
    plotHistogram();
}

void AccuracyView::plotDepth() {
    const auto series = model_->errorByDepth();
    if (series.empty()) {
        showChartMessage(depth_, tr("No comparison yet"));
        return;
    }
    beginPlot(depth_);
    // Log scale: exact matches (0) sit on a floor below the smallest non-zero error.
    double smallest = 1e-12, largest = 1e-12;
    for (const auto& [i, e] : series)
        if (e > 0 && std::isfinite(e)) {
            smallest = smallest == 1e-12 ? e : std::min(smallest, e);
            largest = std::max(largest, e);
        }
    const double floor = std::max(smallest / 10, 1e-12);
    const QStringList failing = model_->failingLayers();
    QVector<double> x, y, fx, fy;
    for (size_t k = 0; k < series.size(); ++k) {
        const double e = std::isfinite(series[k].second) ? std::max(series[k].second, floor) : largest * 10;
        x << series[k].first;
        y << e;
        if (failing.contains(model_->rowName(int(model_->report().outputs.size() + k)))) {
            fx << series[k].first;
            fy << e;
        }
    }
    auto* line = depth_->addGraph();
    line->setData(x, y);
    line->setPen(QPen(QColor(51, 102, 170), 1.5));
    line->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
    auto* bad = depth_->addGraph();
    bad->setData(fx, fy);
    bad->setLineStyle(QCPGraph::lsNone);
    bad->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(198, 40, 40), 8));
    depth_->yAxis->setScaleType(QCPAxis::stLogarithmic);
    depth_->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    depth_->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    const kiln::Tolerance& tolerance = model_->report().tolerance;
    const bool norm = tolerance.rule == kiln::CheckRule::Norm;
    // The limit each point is held to: a step line under the norm rule (it follows each layer's
    // precision), the atol line under the elementwise rule.
    const std::vector<double> limits = model_->limitByDepth();
    double lowestLimit = limits.empty() ? 1.0 : limits.front(), highestLimit = lowestLimit;
    for (double l : limits) {
        lowestLimit = std::min(lowestLimit, l);
        highestLimit = std::max(highestLimit, l);
    }
    const QColor red(198, 40, 40);
    if (norm && limits.size() == size_t(x.size())) {
        auto* limit = depth_->addGraph();
        limit->setData(x, QVector<double>(limits.begin(), limits.end()));
        limit->setLineStyle(QCPGraph::lsStepCenter);
        limit->setPen(QPen(red, 1, Qt::DashLine));
    } else {
        auto* tol = new QCPItemStraightLine(depth_);
        tol->point1->setCoords(0, tolerance.atol);
        tol->point2->setCoords(1, tolerance.atol);
        tol->setPen(QPen(red, 1, Qt::DashLine));
    }
    auto* tolText = new QCPItemText(depth_);
    tolText->position->setCoords(x.front(), norm ? limits.front() : tolerance.atol);
    tolText->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    tolText->setText(norm ? tr("limit %1").arg(limits.front(), 0, 'g', 3) : tr("atol %1").arg(tolerance.atol, 0, 'g', 3));
    tolText->setColor(red);
    tolText->setFont(QFont(font().family(), 8));
    const double low = norm ? lowestLimit : tolerance.atol, high = norm ? highestLimit : tolerance.atol;
    depth_->xAxis->setRange(x.front() - 0.5, x.back() + 0.5);
    depth_->yAxis->setRange(std::min(floor, low > 0 ? low : floor) / 3, std::max(largest, high) * 5);
    depth_->xAxis->setLabel(tr("layer (execution order)"));
    depth_->yAxis->setLabel(norm ? tr("max norm error") : tr("max abs error"));
    depth_->replot();
}

void AccuracyView::plotHistogram() {
    int row = selectedSourceRow();
    if (row < 0 && model_->rowCount() > 0) row = 0;  // the first output
    const kiln::TensorAccuracy* t = row >= 0 ? model_->worstOf(row) : nullptr;
    if (!t || t->histogram.labels.empty()) {
        showChartMessage(histogram_, tr("No comparison yet"));
        return;
    }
    beginPlot(histogram_);
    auto* bars = new QCPBars(histogram_->xAxis, histogram_->yAxis);
    bars->setBrush(QColor(51, 102, 170));
    bars->setPen(QPen(QColor(51, 102, 170).darker(120)));
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    QVector<double> keys, values;
    double most = 0;
    for (size_t i = 0; i < t->histogram.labels.size(); ++i) {
        keys << double(i + 1);
        values << double(t->histogram.counts[i]);
        ticker->addTick(double(i + 1), QString::fromStdString(t->histogram.labels[i]));
        most = std::max(most, double(t->histogram.counts[i]));
    }
    bars->setData(keys, values);
    histogram_->xAxis->setTicker(ticker);
    histogram_->xAxis->setTickLabelRotation(60);
    histogram_->xAxis->setRange(0.3, keys.size() + 0.7);
    histogram_->yAxis->setScaleType(QCPAxis::stLinear);
    histogram_->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    histogram_->yAxis->setRange(0, most > 0 ? most * 1.1 : 1);
    QString storedFile;
    histogram_->xAxis->setLabel(model_->isStoredOutputRow(row, &storedFile)
                                    ? tr("|engine \u2212 stored| of %1 (%2)")
                                          .arg(QString::fromStdString(t->comparison.name), storedFile)
                                    : tr("|engine \u2212 reference| of %1").arg(QString::fromStdString(t->comparison.name)));
    histogram_->yAxis->setLabel(tr("elements"));
    histogram_->replot();
}

}  // namespace kiln::studio
