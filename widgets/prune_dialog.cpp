#include "widgets/prune_dialog.h"

#include <QCloseEvent>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "widgets/analysis_page.h"

namespace kiln::studio {

namespace {
constexpr int kLayerRole = Qt::UserRole + 1;

QString percentText(const kiln::SparsityStats& s) {
    return QStringLiteral("%1%").arg(100.0 * s.compliantFraction(), 0, 'f', 1);
}

QString shapeText(const kiln::LayerSparsity& l) {
    if (l.dims.empty()) return QStringLiteral("-");
    return QString::fromLatin1(kiln::dataTypeName(l.dtype).data()) +
           QString::fromStdString(kiln::dimsToString(l.dims));
}

bool sameFile(const QString& a, const QString& b) {
    const QFileInfo fa(a), fb(b);
    return fa.exists() && fb.exists() && fa.canonicalFilePath() == fb.canonicalFilePath();
}
}  // namespace

PruneDialog::PruneDialog(QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("PruneDialog"));
    header_ = new QLabel(this);
    header_->setWordWrap(true);
    layers_ = new QTreeWidget(this);
    layers_->setColumnCount(ColumnCount);
    layers_->setRootIsDecorated(false);
    layers_->setUniformRowHeights(true);
    layers_->setAlternatingRowColors(true);
    layers_->header()->setStretchLastSection(true);
    selectAll_ = new QPushButton(this);
    selectNone_ = new QPushButton(this);
    auto* selectBar = new QHBoxLayout;
    selectBar->addWidget(selectAll_);
    selectBar->addWidget(selectNone_);
    selectBar->addStretch();

    outputLabel_ = new QLabel(this);
    output_ = new QLineEdit(this);
    outputLabel_->setBuddy(output_);
    browse_ = new QPushButton(this);
    auto* outputBar = new QHBoxLayout;
    outputBar->addWidget(outputLabel_);
    outputBar->addWidget(output_, 1);
    outputBar->addWidget(browse_);

    progress_ = new QProgressBar(this);
    progress_->setRange(0, 100);
    progress_->setVisible(false);
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    result_ = new QLabel(this);
    result_->setWordWrap(true);
    result_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    const SortedTable table = makeSortedTable(prune_.accuracy(), AccuracyModel::SortRole,
                                              AccuracyModel::Index, Qt::AscendingOrder, this);
    accuracyTable_ = table.table;
    accuracyTable_->setColumnHidden(AccuracyModel::Sources, true);  // outputs have no ONNX sources

    pruneButton_ = new QPushButton(this);
    pruneButton_->setDefault(true);
    cancel_ = new QPushButton(this);
    open_ = new QPushButton(this);
    close_ = new QPushButton(this);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(pruneButton_);
    buttons->addWidget(cancel_);
    buttons->addStretch();
    buttons->addWidget(open_);
    buttons->addWidget(close_);

    auto* top = new QWidget(this);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(header_);
    topLayout->addWidget(layers_, 1);
    topLayout->addLayout(selectBar);
    auto* bottom = new QWidget(this);
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(result_);
    bottomLayout->addWidget(accuracyTable_, 1);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(bottom);
    split->setSizes({320, 200});

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);
    layout->addLayout(outputBar);
    layout->addWidget(progress_);
    layout->addWidget(status_);
    layout->addLayout(buttons);
    resize(900, 640);

    connect(selectAll_, &QPushButton::clicked, this, [this] {
        for (int i = 0; i < layers_->topLevelItemCount(); ++i) {
            QTreeWidgetItem* item = layers_->topLevelItem(i);
            if (item->flags() & Qt::ItemIsUserCheckable) item->setCheckState(Layer, Qt::Checked);
        }
    });
    connect(selectNone_, &QPushButton::clicked, this, [this] {
        for (int i = 0; i < layers_->topLevelItemCount(); ++i) {
            QTreeWidgetItem* item = layers_->topLevelItem(i);
            if (item->flags() & Qt::ItemIsUserCheckable) item->setCheckState(Layer, Qt::Unchecked);
        }
    });
    connect(layers_, &QTreeWidget::itemChanged, this, [this] { refresh(); });
    connect(output_, &QLineEdit::textChanged, this, [this] { refresh(); });
    connect(browse_, &QPushButton::clicked, this, [this] {
        QString path;
        if (chooser_) {
            path = chooser_(suggestedOutput());
        } else {
            const QString start = output_->text().isEmpty() ? suggestedOutput() : output_->text();
            path = QFileDialog::getSaveFileName(this, tr("Write the Pruned Model To"), start,
                                                tr("ONNX models (*.onnx);;All files (*)"));
            chosenByDialog_ = path;  // the dialog asked before replacing it
        }
        if (!path.isEmpty()) output_->setText(path);
    });
    connect(pruneButton_, &QPushButton::clicked, this, &PruneDialog::prune);
    connect(cancel_, &QPushButton::clicked, &prune_, &PruneModel::cancel);
    connect(cancel_, &QPushButton::clicked, this, [this] {
        stage_ = tr("Cancelling\u2026");
        refresh();
    });
    connect(open_, &QPushButton::clicked, this, [this] {
        emit openRequested(prune_.outputPath());
        accept();
    });
    connect(close_, &QPushButton::clicked, this, &PruneDialog::reject);

    connect(&prune_, &PruneModel::analyzed, this, &PruneDialog::fillLayers);
    connect(&prune_, &PruneModel::started, this, [this] {
        stage_ = PruneModel::stageText(PruneModel::Stage::Writing);
        progress_->setValue(0);
        refresh();
    });
    connect(&prune_, &PruneModel::progress, this, [this](PruneModel::Stage stage, int percent) {
        if (!prune_.isRunning()) return;
        stage_ = PruneModel::stageText(stage);
        progress_->setValue(percent);
        refresh();
    });
    connect(&prune_, &PruneModel::finished, this, [this] {
        stage_.clear();
        // The pattern after pruning, beside the one before.
        for (const kiln::PrunedLayer& p : prune_.outcome().result.pruned)
            for (int i = 0; i < layers_->topLevelItemCount(); ++i) {
                QTreeWidgetItem* item = layers_->topLevelItem(i);
                if (item->data(Layer, kLayerRole).toString() != QString::fromStdString(p.layer.layer))
                    continue;
                const QSignalBlocker block(layers_);
                item->setText(Groups,
                              tr("%1 \u2192 %2").arg(percentText(*p.layer.stats), percentText(p.after)));
                item->setText(Zeros, tr("%1 \u2192 %2").arg(p.layer.stats->zeros).arg(p.after.zeros));
            }
        refresh();
    });
    connect(&prune_, &PruneModel::failed, this, [this] {
        stage_.clear();
        refresh();
    });
    retranslate();
}

void PruneDialog::setModel(const QString& path, std::shared_ptr<const kiln::Graph> graph,
                           const kiln::Tolerance& tolerance,
                           std::map<std::string, std::vector<int64_t>> shapes) {
    const bool sameModel = path == model_;
    const QString oldSuggestion = suggestedOutput();
    model_ = path;
    graph_ = std::move(graph);
    tolerance_ = tolerance;
    shapes_ = std::move(shapes);
    if (prune_.isRunning()) return;  // the run in progress keeps its model; the list follows once it ends
    if (!sameModel || output_->text().isEmpty() || output_->text() == oldSuggestion) {
        output_->setText(suggestedOutput());
        chosenByDialog_.clear();
    }
    layers_->clear();
    prune_.accuracy()->clear();
    stage_ = tr("Reading the weights\u2026");
    prune_.analyze(path);
    refresh();
}

QString PruneDialog::suggestedOutput() const {
    if (model_.isEmpty()) return {};
    const QFileInfo info(model_);
    return info.absoluteDir().filePath(info.completeBaseName() + QStringLiteral("-2of4.onnx"));
}

QStringList PruneDialog::checkedLayers() const {
    QStringList names;
    for (int i = 0; i < layers_->topLevelItemCount(); ++i) {
        const QTreeWidgetItem* item = layers_->topLevelItem(i);
        if ((item->flags() & Qt::ItemIsUserCheckable) && item->checkState(Layer) == Qt::Checked)
            names << item->data(Layer, kLayerRole).toString();
    }
    return names;
}

void PruneDialog::fillLayers() {
    const QSignalBlocker block(layers_);
    layers_->clear();
    stage_.clear();
    for (const kiln::LayerSparsity& l : prune_.analysis().layers) {
        auto* item = new QTreeWidgetItem(layers_);
        const QString name = QString::fromStdString(l.layer);
        item->setData(Layer, kLayerRole, name);
        item->setText(Layer, name);
        item->setText(Op, QString::fromStdString(l.opType));
        item->setText(Weight, QString::fromStdString(l.weight));
        item->setText(Shape, shapeText(l));
        item->setText(GroupedAlong, QString::fromStdString(l.groupAxisText()));
        item->setText(Groups, l.stats ? percentText(*l.stats) : QStringLiteral("-"));
        item->setText(Zeros, l.stats ? QString::number(l.stats->zeros) : QStringLiteral("-"));
        for (int c : {int(Groups), int(Zeros)}) item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
        QString why;
        if (PruneModel::prunable(l, &why)) {
            item->setFlags((item->flags() | Qt::ItemIsUserCheckable) & ~Qt::ItemIsEditable);
            item->setCheckState(Layer, Qt::Checked);  // default: every layer that can take the pattern
            if (l.stats && l.stats->is2to4()) item->setText(Note, tr("already 2:4"));
        } else {
            item->setFlags(item->flags() & ~(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled));
            item->setText(Note, why);
            item->setToolTip(Note, why);
        }
    }
    for (int c = 0; c < Note; ++c) layers_->resizeColumnToContents(c);
    refresh();
}

void PruneDialog::prune() {
    if (prune_.isRunning() || !prune_.hasAnalysis()) return;
    QString out = output_->text().trimmed();
    if (!out.isEmpty() && QFileInfo(out).isRelative()) out = QFileInfo(model_).absoluteDir().filePath(out);
    if (checkedLayers().isEmpty()) {
        stage_ = tr("Check at least one layer to prune.");
        refresh();
        return;
    }
    // Never the open model; an existing file only when the user says so.
    if (!out.isEmpty() && sameFile(out, model_)) {
        stage_ = tr("%1 is the open model: write the pruned model to another file.")
                     .arg(QDir::toNativeSeparators(out));
        refresh();
        return;
    }
    if (!out.isEmpty() && QFileInfo::exists(out) && out != chosenByDialog_) {
        const bool replace =
            confirm_ ? confirm_(out)
                     : QMessageBox::question(this, tr("Replace File?"),
                                             tr("%1 exists. Replace it with the pruned model?")
                                                 .arg(QDir::toNativeSeparators(out))) == QMessageBox::Yes;
        if (!replace) return;
    }
    PruneRequest request;
    request.model = model_;
    request.output = out;
    request.layers = checkedLayers();
    request.original = graph_;
    request.tolerance = tolerance_;
    request.shapes = shapes_;
    prune_.run(request);
    refresh();
}

QString PruneDialog::resultText() const {
    if (!prune_.hasOutcome()) return {};
    const PruneModel::Outcome& o = prune_.outcome();
    const QString file = QDir::toNativeSeparators(prune_.outputPath());
    if (o.cancelled)
        return o.written ? tr("Cancelled: the pruned model was written to %1, its accuracy was not measured.")
                               .arg(file)
                         : tr("Cancelled: nothing was written.");
    QString text =
        tr("Pruned %n layer(s) to 2:4 (the 2 largest |w| of every 4 along the reduction dimension) and "
           "wrote %1.",
           nullptr, int(o.result.pruned.size()))
            .arg(file);
    int failing = 0;
    for (const kiln::TensorAccuracy& t : o.report.outputs) failing += t.comparison.passed() ? 0 : 1;
    text += QLatin1Char(' ');
    text +=
        failing == 0
            ? tr("Accuracy: every output of the pruned model is within tolerance of the original.")
            : tr("Accuracy: %n output(s) of the pruned model outside tolerance of the original. Informative: "
                 "pruning without fine-tuning changes the outputs.",
                 nullptr, failing);
    text += QLatin1Char(' ');
    text += o.report.tolerance.rule == kiln::CheckRule::Norm
                ? (o.report.tolerance.maxNorm
                       ? tr("Rule: max norm error \u2264 %1.").arg(*o.report.tolerance.maxNorm, 0, 'g', 3)
                       : tr("Rule: max norm error \u2264 %1 (fp32).")
                             .arg(kiln::defaultMaxNorm(kiln::Precision::FP32), 0, 'g', 3))
                : tr("Rule: elementwise, atol %1, rtol %2.")
                      .arg(o.report.tolerance.atol, 0, 'g', 3)
                      .arg(o.report.tolerance.rtol, 0, 'g', 3);
    text += QLatin1Char(' ');
    // No times: the reference runs sparse weights as dense ones, and the first run is a cold one.
    text += tr("Both models ran in FP32 on the CPU reference on the same seeded random inputs.");
    return text;
}

void PruneDialog::refresh() {
    const bool running = prune_.isRunning();
    const bool ready = prune_.hasAnalysis() && !prune_.isAnalyzing();
    const QStringList checked = checkedLayers();
    pruneButton_->setEnabled(ready && !running && !checked.isEmpty() && !output_->text().trimmed().isEmpty());
    cancel_->setEnabled(running);
    open_->setEnabled(!running && prune_.hasOutcome() && prune_.outcome().written);
    selectAll_->setEnabled(ready && !running);
    selectNone_->setEnabled(ready && !running);
    layers_->setEnabled(!running);
    output_->setEnabled(!running);
    browse_->setEnabled(!running);
    progress_->setVisible(running);
    if (ready) {
        const auto& a = prune_.analysis();
        header_->setText(
            tr("%1: %n layer(s) with a weight (Conv, Gemm, MatMul), %2 eligible for 2:4 along the "
               "reduction dimension, %3 already 2:4; %4 checked.",
               nullptr, int(a.layers.size()))
                .arg(QFileInfo(model_).fileName())
                .arg(a.eligibleCount())
                .arg(a.sparseCount())
                .arg(checked.size()));
    } else {
        header_->setText(QFileInfo(model_).fileName());
    }
    QString status = stage_;
    if (status.isEmpty() && !prune_.lastError().isEmpty())
        status = prune_.hasAnalysis() ? tr("Pruning failed: %1").arg(prune_.lastError())
                                      : tr("Cannot read the model's weights: %1").arg(prune_.lastError());
    status_->setText(status);
    const QString result = resultText();
    result_->setText(result);
    result_->setStyleSheet(!prune_.hasOutcome() || prune_.outcome().cancelled ? QString()
                           : prune_.accuracy()->report().outputsPassed() ? QStringLiteral("color: #2e7d32;")
                                                                         : QStringLiteral("color: #c62828;"));
    accuracyTable_->resizeColumnsToContents();
}

void PruneDialog::retranslate() {
    setWindowTitle(tr("Prune to 2:4"));
    layers_->setHeaderLabels({tr("Layer"), tr("Op"), tr("Weight"), tr("Shape"), tr("Grouped along"),
                              tr("2:4 groups"), tr("Zeros"), tr("Note")});
    selectAll_->setText(tr("Check All Prunable"));
    selectNone_->setText(tr("Uncheck All"));
    outputLabel_->setText(tr("Write to:"));
    browse_->setText(tr("Browse\u2026"));
    pruneButton_->setText(tr("&Prune"));
    cancel_->setText(tr("Cancel"));
    open_->setText(tr("&Open Pruned Model"));
    close_->setText(tr("Close"));
    refresh();
}

void PruneDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QDialog::changeEvent(event);
}

void PruneDialog::closeEvent(QCloseEvent* event) {
    if (prune_.isRunning()) prune_.cancel();  // stops at the next node; the result still arrives
    QDialog::closeEvent(event);
}

void PruneDialog::reject() {
    if (prune_.isRunning()) prune_.cancel();
    QDialog::reject();
}

}  // namespace kiln::studio
