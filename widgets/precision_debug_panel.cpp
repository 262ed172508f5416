#include "widgets/precision_debug_panel.h"

#include <QColor>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

#include "widgets/layer_precision_model.h"
#include "widgets/workbench.h"

namespace kiln::studio {

namespace {

QString joined(const std::vector<std::string>& names) {
    QStringList list;
    for (const std::string& n : names) list << QString::fromStdString(n);
    return list.join(QStringLiteral(", "));
}

}  // namespace

PrecisionDebugPanel::PrecisionDebugPanel(Workbench* workbench, QWidget* parent)
    : QWidget(parent), workbench_(workbench) {
    summary_ = new QLabel(this);
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    progress_ = new QProgressBar(this);
    progress_->setTextVisible(false);
    progress_->setMaximumHeight(14);
    cancel_ = new QPushButton(this);
    connect(cancel_, &QPushButton::clicked, workbench_->precisionDebug(), &PrecisionDebugModel::cancel);

    pinned_ = new QTableWidget(0, ColumnCount, this);
    pinned_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    pinned_->setSelectionBehavior(QAbstractItemView::SelectRows);
    pinned_->verticalHeader()->hide();
    pinned_->verticalHeader()->setDefaultSectionSize(22);
    pinned_->horizontalHeader()->setStretchLastSection(true);
    pinned_->setWordWrap(false);
    pinned_->setTextElideMode(Qt::ElideLeft);
    trials_ = new QListWidget(this);
    trials_->setTextElideMode(Qt::ElideMiddle);
    split_ = new QSplitter(Qt::Horizontal, this);
    split_->addWidget(pinned_);
    split_->addWidget(trials_);
    split_->setStretchFactor(0, 1);
    split_->setStretchFactor(1, 1);
    split_->setSizes({500, 330});
    split_->setChildrenCollapsible(false);
    // A strip under the status: the table and the charts below keep most of the page.
    split_->setMaximumHeight(150);

    apply_ = new QPushButton(this);
    save_ = new QPushButton(this);
    close_ = new QPushButton(this);
    connect(apply_, &QPushButton::clicked, this, &PrecisionDebugPanel::apply);
    connect(save_, &QPushButton::clicked, this, &PrecisionDebugPanel::saveOverrides);
    connect(close_, &QPushButton::clicked, workbench_->precisionDebug(), &PrecisionDebugModel::clear);

    auto* progressRow = new QHBoxLayout;
    progressRow->addWidget(progress_, 1);
    progressRow->addWidget(cancel_);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(apply_);
    buttons->addWidget(save_);
    buttons->addStretch();
    buttons->addWidget(close_);
    // A line between the comparison's status above and the search's.
    auto* rule = new QFrame(this);
    rule->setFrameShape(QFrame::HLine);
    rule->setFrameShadow(QFrame::Sunken);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 2, 8, 6);
    layout->setSpacing(4);
    layout->addWidget(rule);
    layout->addWidget(summary_);
    layout->addLayout(progressRow);
    layout->addWidget(split_);
    layout->addLayout(buttons);

    PrecisionDebugModel* model = workbench_->precisionDebug();
    connect(model, &PrecisionDebugModel::started, this, [this] {
        note_.clear();
        refresh();
    });
    for (auto signal :
         {&PrecisionDebugModel::progress, &PrecisionDebugModel::trialFinished, &PrecisionDebugModel::finished,
          &PrecisionDebugModel::cancelled, &PrecisionDebugModel::cleared})
        connect(model, signal, this, &PrecisionDebugPanel::refresh);
    connect(model, &PrecisionDebugModel::failed, this, &PrecisionDebugPanel::refresh);
    // Apply is offered while no build runs (it may start one).
    connect(workbench_, &Workbench::stateChanged, this, &PrecisionDebugPanel::refresh);
    retranslate();
}

QString PrecisionDebugPanel::suggestedFileName() const {
    const QString base = QFileInfo(workbench_->modelPath()).completeBaseName();
    const QString target =
        QString::fromLatin1(kiln::precisionName(workbench_->precisionDebug()->target()).data());
    return (base.isEmpty() ? QStringLiteral("model") : base) + QLatin1Char('-') + target +
           QStringLiteral("-overrides.json");
}

void PrecisionDebugPanel::apply() {
    PrecisionDebugModel* model = workbench_->precisionDebug();
    if (!model->hasResult() || model->overrides().empty()) return;
    const bool rebuild = workbench_->accuracy()->hasReport();
    const int applied = workbench_->applyPrecisionPins();
    note_ = tr("Applied: %n FP32 override(s) in the build settings.", nullptr, applied);
    if (rebuild && workbench_->builder()->isRunning())
        note_ += QLatin1Char(' ') + tr("Rebuilding and comparing again\u2026");
    noteIsError_ = false;
    refresh();
}

void PrecisionDebugPanel::saveOverrides() {
    PrecisionDebugModel* model = workbench_->precisionDebug();
    if (!model->hasResult()) return;
    const QString suggested = suggestedFileName();
    QString path;
    if (chooser_) {
        path = chooser_(suggested);
    } else {
        const QString dir = QFileInfo(workbench_->modelPath()).absolutePath();
        path = QFileDialog::getSaveFileName(this, tr("Save Overrides"), QDir(dir).filePath(suggested),
                                            tr("Build settings (*.json);;All files (*)"));
    }
    if (path.isEmpty()) return;
    QString error;
    // On the settings as they are now, as `kiln debug-precision --save-overrides` on its build flags.
    if (model->saveOverrides(path, workbench_->settings()->config(), &error)) {
        note_ = tr("Written: %1 (kiln build --config reads it).").arg(QDir::toNativeSeparators(path));
        noteIsError_ = false;
    } else {
        note_ = tr("Cannot write the overrides: %1").arg(error);
        noteIsError_ = true;
    }
    refresh();
}

void PrecisionDebugPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void PrecisionDebugPanel::retranslate() {
    pinned_->setHorizontalHeaderLabels(
        {tr("Layer to keep in FP32"), tr("Type"), tr("ONNX node names"), tr("Own error")});
    pinned_->horizontalHeaderItem(OwnError)->setToolTip(tr(
        "The layer's worst output max norm minus the worst of its inputs' in the run with every layer in the "
        "reduced precision: the error the layer adds itself (Inf where it makes the first NaN or Inf)."));
    cancel_->setText(tr("Cancel"));
    cancel_->setToolTip(tr("Stop the search before its next trial."));
    apply_->setText(tr("Apply"));
    apply_->setToolTip(
        tr("Put these FP32 overrides into the build settings, replacing overrides of the same ONNX "
           "nodes and keeping the others. A comparison shown above is rebuilt and run again."));
    save_->setText(tr("Save Overrides\u2026"));
    save_->setToolTip(
        tr("Write the build settings with these overrides to a file that kiln build --config and "
           "Kiln Studio's Load Build Settings read (as kiln debug-precision --save-overrides)."));
    close_->setText(tr("Close"));
    close_->setToolTip(tr("Drop this search result."));
    refresh();
}

QString PrecisionDebugPanel::runningText() const {
    const PrecisionDebugModel* model = workbench_->precisionDebug();
    const QString p = LayerPrecisionModel::precisionLabel(model->target());
    const QString how = model->mode() == kiln::PrecisionDebugMode::Emulated
                            ? tr("%1 rounding emulated on the CPU").arg(p)
                            : tr("one %1 build on %2 per trial")
                                  .arg(p, QString::fromStdString(workbench_->settings()->backend()));
    return tr("Finding the layers to keep in FP32 so that the %1 engine's outputs stay within max norm %2 "
              "(%3).")
               .arg(p, PrecisionDebugModel::errorText(model->maxNormLimit()), how) +
           QLatin1Char('\n') + model->progressText();
}

QString PrecisionDebugPanel::resultText() const {
    const PrecisionDebugModel* model = workbench_->precisionDebug();
    const QString p = LayerPrecisionModel::precisionLabel(model->target());
    const QString limit = PrecisionDebugModel::errorText(model->maxNormLimit());
    QStringList lines;
    switch (model->state()) {
        case PrecisionDebugModel::State::Idle:
        case PrecisionDebugModel::State::Running:
            return {};
        case PrecisionDebugModel::State::Failed:
            lines << tr("Search failed: %1").arg(model->lastError());
            break;
        case PrecisionDebugModel::State::Cancelled:
            lines << tr("Search cancelled after %n trial(s); nothing was applied.", nullptr,
                        int(model->trials().size()));
            break;
        case PrecisionDebugModel::State::Done: {
            const kiln::PrecisionDebugResult& r = model->result();
            if (r.pinned.empty()) {
                lines
                    << tr("The whole engine passes in %1 as is: no layer needs FP32 (max norm %2, limit %3).")
                           .arg(p, PrecisionDebugModel::errorText(r.finalMaxNorm), limit);
            } else {
                lines << tr("Keep %n layer(s) in FP32, the rest in %1: max norm %2, limit %3.", nullptr,
                            int(r.pinned.size()))
                                 .arg(p, PrecisionDebugModel::errorText(r.finalMaxNorm), limit) +
                             QLatin1Char(' ') +
                             tr("%n ONNX node(s) to override, listed below.", nullptr,
                                int(r.overrides().size()));
            }
            lines << tr("Trials: %1 of at most %2 (%3 candidate layers); builds: %4.")
                         .arg(r.trials.size())
                         .arg(r.maxTrials)
                         .arg(r.candidates)
                         .arg(r.builds);
            if (r.mode == kiln::PrecisionDebugMode::Emulated)
                lines << tr("An estimate from %1 rounding emulated on the CPU, not a GPU run: on a GPU, "
                            "build in %1 with "
                            "these overrides and compare again.")
                             .arg(p);
            break;
        }
    }
    if (!model->inputText().isEmpty()) lines << model->inputText();
    return lines.join(QLatin1Char('\n'));
}

void PrecisionDebugPanel::fillTrials() {
    const PrecisionDebugModel* model = workbench_->precisionDebug();
    const std::vector<kiln::PrecisionTrial>& trials = model->trials();
    // Trials only ever grow during a run: add the new ones, keep the scroll position.
    if (trials_->count() > int(trials.size())) trials_->clear();
    for (size_t i = size_t(trials_->count()); i < trials.size(); ++i) {
        const QString line = PrecisionDebugModel::trialLine(trials[i], model->target());
        auto* item = new QListWidgetItem(line, trials_);
        item->setForeground(trials[i].passed ? QColor(46, 125, 50) : QColor(198, 40, 40));
        QStringList pinned;
        for (const std::string& l : trials[i].pinnedLayers) pinned << QString::fromStdString(l);
        item->setToolTip(line + QLatin1Char('\n') +
                         (pinned.isEmpty()
                              ? tr("No layer pinned to FP32.")
                              : tr("Pinned to FP32: %1").arg(pinned.join(QStringLiteral(", ")))));
    }
}

void PrecisionDebugPanel::fillPinned() {
    const PrecisionDebugModel* model = workbench_->precisionDebug();
    const std::vector<kiln::LayerErrorScore>& pinned =
        model->hasResult() ? model->result().pinned : std::vector<kiln::LayerErrorScore>{};
    pinned_->setRowCount(int(pinned.size()));
    const QString p = LayerPrecisionModel::precisionLabel(model->target());
    for (int r = 0; r < int(pinned.size()); ++r) {
        const kiln::LayerErrorScore& s = pinned[size_t(r)];
        const QString nodes = joined(s.origin);
        auto* layer = new QTableWidgetItem(QString::fromStdString(s.layer));
        auto* type = new QTableWidgetItem(QString::fromStdString(s.type));
        auto* origin = new QTableWidgetItem(nodes);
        origin->setToolTip(nodes);
        auto* own = new QTableWidgetItem(PrecisionDebugModel::errorText(s.ownError));
        own->setToolTip(tr("Output max norm %1 minus input max norm %2, every layer in %3.")
                            .arg(PrecisionDebugModel::errorText(s.outputError),
                                 PrecisionDebugModel::errorText(s.inputError), p));
        pinned_->setItem(r, Layer, layer);
        pinned_->setItem(r, Type, type);
        pinned_->setItem(r, Nodes, origin);
        pinned_->setItem(r, OwnError, own);
    }
    pinned_->resizeColumnsToContents();
    pinned_->setColumnWidth(Layer, std::clamp(pinned_->columnWidth(Layer), 120, 240));
    pinned_->setColumnWidth(Nodes, std::clamp(pinned_->columnWidth(Nodes), 120, 320));
}

void PrecisionDebugPanel::refresh() {
    const PrecisionDebugModel* model = workbench_->precisionDebug();
    const PrecisionDebugModel::State state = model->state();
    setVisible(state != PrecisionDebugModel::State::Idle);
    if (state == PrecisionDebugModel::State::Idle) {
        pinned_->setRowCount(0);
        trials_->clear();
        note_.clear();
        return;
    }
    const bool running = state == PrecisionDebugModel::State::Running;
    progress_->setVisible(running);
    cancel_->setVisible(running);
    if (running) {
        // The bound is known once the first trial failed; before that, a busy bar.
        const int bound = model->trialBound() > model->trialsDone() + 1 ? model->trialBound() : 0;
        progress_->setRange(0, bound);
        progress_->setValue(model->trialsDone());
        summary_->setText(runningText());
        summary_->setStyleSheet(QString());
    } else {
        QString text = resultText();
        if (!note_.isEmpty()) text += QLatin1Char('\n') + note_;
        summary_->setText(text);
        summary_->setStyleSheet(state == PrecisionDebugModel::State::Failed || noteIsError_
                                    ? QStringLiteral("color: #c62828;")
                                    : QString());
    }
    fillTrials();
    fillPinned();
    const bool pins = model->hasResult() && !model->result().pinned.empty();
    pinned_->setVisible(pins);
    apply_->setVisible(model->hasResult());
    save_->setVisible(model->hasResult());
    apply_->setEnabled(pins && !workbench_->builder()->isRunning());
    save_->setEnabled(pins);
    close_->setEnabled(!running);
}

}  // namespace kiln::studio
