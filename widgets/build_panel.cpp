#include "widgets/build_panel.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTabBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include "widgets/build_controller.h"
#include "widgets/layer_precision_model.h"
#include "widgets/layer_precision_view.h"
#include "widgets/library_text.h"
#include "widgets/wheel_guard.h"

namespace kiln::studio {

namespace {

const kiln::Precision kPrecisions[] = {kiln::Precision::FP32, kiln::Precision::TF32, kiln::Precision::FP16,
                                       kiln::Precision::BF16, kiln::Precision::INT8, kiln::Precision::FP8};

QString precisionLabel(kiln::Precision p) { return QString::fromLatin1(kiln::precisionName(p).data()).toUpper(); }

QLabel* heading(QWidget* parent) {
    auto* l = new QLabel(parent);
    l->setStyleSheet(QStringLiteral("font-weight: 600; color: #2a3b55; padding-top: 6px;"));
    return l;
}

const char* kErrorStyle = "color: #c62828;";

}  // namespace

BuildPanel::BuildPanel(BuildSettingsModel* settings, BuildController* controller, BuildPanelActions actions,
                       QWidget* parent)
    : QWidget(parent), settings_(settings), controller_(controller), actions_(actions) {
    auto* content = new QWidget;
    content_ = content;
    auto* v = new QVBoxLayout(content);
    v->setContentsMargins(8, 4, 8, 8);

    // Settings files.
    auto* files = new QHBoxLayout;
    for (QAction* a : {actions_.loadSettings, actions_.saveSettings}) {
        if (!a) continue;
        auto* b = new QToolButton(content);
        b->setDefaultAction(a);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        files->addWidget(b);
        actionButtons_.push_back(b);
    }
    files->addStretch();
    v->addLayout(files);

    // Target: backend, sparsity, workspace, level, timing cache, calibration.
    targetHeading_ = heading(content);
    v->addWidget(targetHeading_);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    backendLabel_ = new QLabel(content);
    backend_ = new QComboBox(content);
    backend_->addItem(QStringLiteral("CPU"), QStringLiteral("cpu"));
    backend_->addItem(QStringLiteral("CUDA"), QStringLiteral("cuda"));
    form->addRow(backendLabel_, backend_);
    sparsityLabel_ = new QLabel(content);
    sparsity_ = new QComboBox(content);
    for (kiln::SparsityMode m : {kiln::SparsityMode::Disabled, kiln::SparsityMode::Enabled, kiln::SparsityMode::Forced})
        sparsity_->addItem(QString(), int(m));
    form->addRow(sparsityLabel_, sparsity_);
    workspaceLabel_ = new QLabel(content);
    workspace_ = new QSpinBox(content);
    workspace_->setRange(0, 1 << 20);
    workspace_->setSingleStep(256);
    form->addRow(workspaceLabel_, workspace_);
    levelLabel_ = new QLabel(content);
    level_ = new QSpinBox(content);
    level_->setRange(0, 3);
    form->addRow(levelLabel_, level_);
    compareFusions_ = new QCheckBox(content);
    form->addRow(QString(), compareFusions_);
    auto pathRow = [&](QLineEdit*& edit, QToolButton*& browse) {
        auto* row = new QWidget(content);
        auto* h = new QHBoxLayout(row);
        h->setContentsMargins(0, 0, 0, 0);
        edit = new QLineEdit(row);
        edit->setClearButtonEnabled(true);
        browse = new QToolButton(row);
        browse->setText(QStringLiteral("\u2026"));
        h->addWidget(edit, 1);
        h->addWidget(browse);
        return row;
    };
    cacheLabel_ = new QLabel(content);
    form->addRow(cacheLabel_, pathRow(cache_, cacheBrowse_));
    // INT8 calibration: enabled while INT8 is checked (syncFromModel).
    calibrationLabel_ = new QLabel(content);
    form->addRow(calibrationLabel_, pathRow(calibration_, calibrationBrowse_));
    calibratorLabel_ = new QLabel(content);
    calibrator_ = new QComboBox(content);
    for (kiln::CalibrationAlgorithm a :
         {kiln::CalibrationAlgorithm::Entropy, kiln::CalibrationAlgorithm::MinMax, kiln::CalibrationAlgorithm::Percentile})
        calibrator_->addItem(QString(), int(a));
    form->addRow(calibratorLabel_, calibrator_);
    percentileLabel_ = new QLabel(content);
    percentile_ = new QDoubleSpinBox(content);
    percentile_->setDecimals(3);
    percentile_->setRange(0.001, 100.0);
    percentile_->setSingleStep(0.01);
    form->addRow(percentileLabel_, percentile_);
    calibrationBatchesLabel_ = new QLabel(content);
    calibrationBatches_ = new QSpinBox(content);
    calibrationBatches_->setRange(0, 1 << 20);
    form->addRow(calibrationBatchesLabel_, calibrationBatches_);
    calibrationCacheLabel_ = new QLabel(content);
    form->addRow(calibrationCacheLabel_, pathRow(calibrationCache_, calibrationCacheBrowse_));
    calibrationNote_ = new QLabel(content);
    calibrationNote_->setWordWrap(true);
    calibrationNote_->setStyleSheet(QStringLiteral("color: #777;"));
    form->addRow(QString(), calibrationNote_);
    v->addLayout(form);

    // Precisions.
    precisionHeading_ = heading(content);
    v->addWidget(precisionHeading_);
    auto* precisionRow = new QGridLayout;
    int column = 0;
    for (kiln::Precision p : kPrecisions) {
        auto* box = new QCheckBox(precisionLabel(p), content);
        precisions_[p] = box;
        precisionRow->addWidget(box, column / 3, column % 3);
        ++column;
        connect(box, &QCheckBox::toggled, this, [this, p](bool on) { settings_->setPrecisionEnabled(p, on); });
    }
    precisions_[kiln::Precision::FP32]->setEnabled(false);  // always allowed
    precisionRow->setColumnStretch(3, 1);
    v->addLayout(precisionRow);

    // Per-layer precisions: the overrides list (by name or op type; what settings files hold) and
    // the table of every layer with its resulting precision, editable in place.
    overridesHeading_ = heading(content);
    v->addWidget(overridesHeading_);
    precisionTabs_ = new QTabWidget(content);
    auto* listPage = new QWidget(precisionTabs_);
    auto* listLayout = new QVBoxLayout(listPage);
    listLayout->setContentsMargins(0, 4, 0, 0);
    overrides_ = new QTableWidget(0, 2, listPage);
    overrides_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    overrides_->verticalHeader()->hide();
    overrides_->setMinimumHeight(80);
    overrides_->setMaximumHeight(120);
    listLayout->addWidget(overrides_);
    auto* overrideButtons = new QHBoxLayout;
    addOverride_ = new QPushButton(listPage);
    removeOverride_ = new QPushButton(listPage);
    overrideButtons->addWidget(addOverride_);
    overrideButtons->addWidget(removeOverride_);
    overrideButtons->addStretch();
    listLayout->addLayout(overrideButtons);
    precisionTabs_->addTab(listPage, QString());
    layerPrecisions_ = new LayerPrecisionView(settings_, precisionTabs_);
    precisionTabs_->addTab(layerPrecisions_, QString());
    v->addWidget(precisionTabs_);
    // QTabWidget sizes itself for its tallest page: keep the short overrides list from taking the
    // table's height.
    auto fitTab = [this](int current) {
        QWidget* page = precisionTabs_->widget(current);
        const bool list = current == 0;
        precisionTabs_->setMaximumHeight(list ? page->sizeHint().height() + precisionTabs_->tabBar()->sizeHint().height() + 8
                                              : QWIDGETSIZE_MAX);
    };
    connect(precisionTabs_, &QTabWidget::currentChanged, this, fitTab);
    fitTab(0);

    // Optimization profiles.
    profilesHeading_ = heading(content);
    v->addWidget(profilesHeading_);
    staticNote_ = new QLabel(content);
    staticNote_->setWordWrap(true);
    staticNote_->setStyleSheet(QStringLiteral("color: #777;"));
    v->addWidget(staticNote_);
    profiles_ = new QTabWidget(content);
    v->addWidget(profiles_);
    auto* profileButtons = new QHBoxLayout;
    addProfile_ = new QPushButton(content);
    removeProfile_ = new QPushButton(content);
    profileButtons->addWidget(addProfile_);
    profileButtons->addWidget(removeProfile_);
    profileButtons->addStretch();
    v->addLayout(profileButtons);

    validation_ = new QLabel(content);
    validation_->setWordWrap(true);
    validation_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    v->addWidget(validation_);

    // Build, progress, log.
    runHeading_ = heading(content);
    v->addWidget(runHeading_);
    auto* runRow = new QHBoxLayout;
    for (QAction* a : {actions_.build, actions_.cancel, actions_.exportEngine}) {
        if (!a) continue;
        auto* b = new QToolButton(content);
        b->setDefaultAction(a);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        runRow->addWidget(b);
        actionButtons_.push_back(b);
    }
    runRow->addStretch();
    v->addLayout(runRow);
    phase_ = new QLabel(content);
    v->addWidget(phase_);
    progress_ = new QProgressBar(content);
    progress_->setRange(0, 1);
    progress_->setValue(0);
    v->addWidget(progress_);
    log_ = new QPlainTextEdit(content);
    log_->setReadOnly(true);
    log_->setMaximumBlockCount(5000);
    log_->setMinimumHeight(120);
    log_->setFont(QFont(QStringLiteral("monospace"), 9));
    v->addWidget(log_, 1);

    auto* scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);

    // Widgets → model.
    connect(backend_, &QComboBox::currentIndexChanged, this,
            [this] { settings_->setBackend(backend_->currentData().toString().toStdString()); });
    connect(sparsity_, &QComboBox::currentIndexChanged, this,
            [this] { settings_->setSparsity(kiln::SparsityMode(sparsity_->currentData().toInt())); });
    connect(workspace_, &QSpinBox::valueChanged, this, [this](int mib) { settings_->setWorkspaceMiB(mib); });
    connect(level_, &QSpinBox::valueChanged, this, [this](int l) { settings_->setOptimizationLevel(l); });
    connect(cache_, &QLineEdit::textChanged, settings_, &BuildSettingsModel::setTimingCachePath);
    connect(compareFusions_, &QCheckBox::toggled, settings_, &BuildSettingsModel::setCompareFusions);
    connect(calibration_, &QLineEdit::textChanged, settings_, &BuildSettingsModel::setCalibrationFolder);
    connect(calibrator_, &QComboBox::currentIndexChanged, this, [this] {
        settings_->setCalibrator(kiln::CalibrationAlgorithm(calibrator_->currentData().toInt()));
    });
    connect(percentile_, &QDoubleSpinBox::valueChanged, settings_, &BuildSettingsModel::setPercentile);
    connect(calibrationBatches_, &QSpinBox::valueChanged, settings_, &BuildSettingsModel::setCalibrationBatches);
    connect(calibrationCache_, &QLineEdit::textChanged, settings_, &BuildSettingsModel::setCalibrationCachePath);
    connect(calibrationCacheBrowse_, &QToolButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Calibration Cache File"), calibrationCache_->text(),
                                                          tr("Calibration caches (*.calib *.cache);;All files (*)"),
                                                          nullptr, QFileDialog::DontConfirmOverwrite);
        if (!path.isEmpty()) calibrationCache_->setText(path);
    });
    connect(cacheBrowse_, &QToolButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Timing Cache File"), cache_->text(),
                                                          tr("Timing caches (*.cache *.bin);;All files (*)"), nullptr,
                                                          QFileDialog::DontConfirmOverwrite);
        if (!path.isEmpty()) cache_->setText(path);
    });
    connect(calibrationBrowse_, &QToolButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Calibration Data Folder"), calibration_->text());
        if (!dir.isEmpty()) calibration_->setText(dir);
    });
    connect(addOverride_, &QPushButton::clicked, this, [this] {
        const QStringList targets = settings_->overrideTargets();
        settings_->addOverride(targets.isEmpty() ? QStringLiteral("Softmax") : targets.first(), kiln::Precision::FP32);
    });
    connect(removeOverride_, &QPushButton::clicked, this, [this] {
        settings_->removeOverride(overrides_->currentRow() >= 0 ? overrides_->currentRow() : settings_->overrideCount() - 1);
    });
    connect(addProfile_, &QPushButton::clicked, this, [this] {
        profiles_->setCurrentIndex(settings_->addProfile());
    });
    connect(removeProfile_, &QPushButton::clicked, this, [this] { settings_->removeProfile(profiles_->currentIndex()); });

    // Model → widgets.
    connect(settings_, &BuildSettingsModel::changed, this, &BuildPanel::syncFromModel);
    connect(settings_, &BuildSettingsModel::validationChanged, this, &BuildPanel::updateValidation);
    connect(controller_, &BuildController::progress, this, &BuildPanel::onProgress);
    connect(controller_, &BuildController::logLine, this, &BuildPanel::appendLog);
    connect(controller_, &BuildController::started, this, [this] {
        progress_->setRange(0, 0);
        phase_->setText(tr("Building\u2026"));
    });
    // Another model was opened: the last build, its log and its layer table were the old model's.
    connect(controller_, &BuildController::cleared, this, [this] {
        log_->clear();
        progress_->setRange(0, 1);
        progress_->setValue(0);
        phase_->setText(tr("Not built yet."));
        layerPrecisions_->model()->setEngine(nullptr);
    });
    auto stopped = [this](const QString& text) {
        progress_->setRange(0, 1);
        progress_->setValue(controller_->engine() ? 1 : 0);
        phase_->setText(text);
    };
    connect(controller_, &BuildController::finished, this, [this, stopped] {
        layerPrecisions_->model()->setEngine(controller_->engine());
        stopped(tr("Built: %n layer(s).", nullptr, int(controller_->report().layers)));
    });
    connect(controller_, &BuildController::failed, this, [stopped](const QString&) { stopped(BuildPanel::tr("Build failed.")); });
    connect(controller_, &BuildController::cancelled, this, [stopped] { stopped(BuildPanel::tr("Build cancelled.")); });

    retranslate();
    syncFromModel();
    guardWheelInPanel(content_);
}

QLineEdit* BuildPanel::shapeField(int profile, const QString& input, ShapeBound bound) const {
    auto it = shapeRows_.find({profile, input});
    return it == shapeRows_.end() ? nullptr : it->second.fields[int(bound)];
}

QLabel* BuildPanel::shapeMessage(int profile, const QString& input) const {
    auto it = shapeRows_.find({profile, input});
    return it == shapeRows_.end() ? nullptr : it->second.message;
}

void BuildPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void BuildPanel::retranslate() {
    targetHeading_->setText(tr("Target"));
    precisionHeading_->setText(tr("Precisions the builder may use"));
    overridesHeading_->setText(tr("Per-layer precision overrides"));
    profilesHeading_->setText(tr("Optimization profiles (dynamic inputs)"));
    runHeading_->setText(tr("Build"));
    backendLabel_->setText(tr("Backend:"));
    sparsityLabel_->setText(tr("Sparsity:"));
    workspaceLabel_->setText(tr("Workspace limit:"));
    workspace_->setSuffix(tr(" MiB"));
    levelLabel_->setText(tr("Optimization level:"));
    compareFusions_->setText(tr("Time each fusion against its unfused nodes"));
    compareFusions_->setToolTip(tr("Keeps a fused layer only where it is not slower than the nodes it replaced. "
                                   "Off: every fusion is kept untimed (a faster build)."));
    cacheLabel_->setText(tr("Timing cache:"));
    cache_->setPlaceholderText(tr("none (tactics are timed on every build)"));
    calibrationLabel_->setText(tr("Calibration data:"));
    calibration_->setPlaceholderText(tr("folder of input tensors (.pb / .npy)"));
    calibrationNote_->setText(tr("Used when INT8 is allowed: per-tensor ranges are computed on this data (or read from "
                                 "the cache) and stored in the engine. The CPU backend still computes in FP32."));
    calibratorLabel_->setText(tr("Calibrator:"));
    calibrator_->setItemText(0, tr("Entropy (KL divergence)"));
    calibrator_->setItemText(1, tr("Min-max"));
    calibrator_->setItemText(2, tr("Percentile"));
    percentileLabel_->setText(tr("Percentile:"));
    percentile_->setSuffix(tr(" %"));
    calibrationBatchesLabel_->setText(tr("Calibration batches:"));
    calibrationBatches_->setSpecialValueText(tr("all"));
    calibrationCacheLabel_->setText(tr("Calibration cache:"));
    calibrationCache_->setPlaceholderText(tr("none (calibrate on every build)"));
    sparsity_->setItemText(0, tr("Disabled"));
    sparsity_->setItemText(1, tr("Enabled (where weights are 2:4 sparse)"));
    sparsity_->setItemText(2, tr("Forced"));
    QString why;
    const bool cuda = BuildSettingsModel::cudaAvailable(&why);
    backend_->setItemText(1, cuda ? QStringLiteral("CUDA") : tr("CUDA (not available)"));
    backend_->setItemData(1, cuda ? QString() : LibraryText::message(why), Qt::ToolTipRole);
    overrides_->setHorizontalHeaderLabels({tr("Layer, ONNX node or op type"), tr("Precision")});
    precisionTabs_->setTabText(0, tr("Overrides (by name or op type)"));
    precisionTabs_->setTabText(1, tr("All layers"));
    addOverride_->setText(tr("Add override"));
    removeOverride_->setText(tr("Remove"));
    addProfile_->setText(tr("Add profile"));
    removeProfile_->setText(tr("Remove profile"));
    staticNote_->setText(tr("Every input of this model has a static shape: the engine gets one implicit profile."));
    for (int i = 0; i < profiles_->count(); ++i) profiles_->setTabText(i, tr("Profile %1").arg(i));
    if (!controller_->isRunning() && phase_->text().isEmpty()) phase_->setText(tr("Not built yet."));
    shownProfiles_ = -1;  // rebuild the profile tabs with the new column titles
    syncFromModel();
    updateValidation();
}

void BuildPanel::syncFromModel() {
    const QSignalBlocker b1(backend_), b2(sparsity_), b3(workspace_), b4(level_), b5(cache_), b6(calibration_),
        b7(calibrator_), b8(percentile_), b9(calibrationBatches_), b10(calibrationCache_), b11(compareFusions_);
    // CUDA is offered only where the runtime has it (the backend registry loads its module to ask).
    if (auto* m = qobject_cast<QStandardItemModel*>(backend_->model()))
        if (auto* item = m->item(1)) item->setEnabled(BuildSettingsModel::cudaAvailable() ||
                                                     settings_->backend() == "cuda");
    backend_->setCurrentIndex(backend_->findData(QString::fromStdString(settings_->backend())));
    sparsity_->setCurrentIndex(sparsity_->findData(int(settings_->sparsity())));
    workspace_->setValue(int(std::min<qint64>(settings_->workspaceMiB(), workspace_->maximum())));
    level_->setValue(settings_->optimizationLevel());
    compareFusions_->setChecked(settings_->compareFusions());
    if (cache_->text() != settings_->timingCachePath()) cache_->setText(settings_->timingCachePath());
    if (calibration_->text() != settings_->calibrationFolder()) calibration_->setText(settings_->calibrationFolder());
    calibrator_->setCurrentIndex(calibrator_->findData(int(settings_->calibrator())));
    percentile_->setValue(settings_->percentile());
    calibrationBatches_->setValue(settings_->calibrationBatches());
    if (calibrationCache_->text() != settings_->calibrationCachePath())
        calibrationCache_->setText(settings_->calibrationCachePath());
    const bool int8 = settings_->calibrationEnabled();
    for (QWidget* w : std::initializer_list<QWidget*>{calibrationLabel_, calibration_, calibrationBrowse_, calibratorLabel_,
                                                     calibrator_, calibrationBatchesLabel_, calibrationBatches_,
                                                     calibrationCacheLabel_, calibrationCache_, calibrationCacheBrowse_})
        w->setEnabled(int8);
    const bool percentile = int8 && settings_->calibrator() == kiln::CalibrationAlgorithm::Percentile;
    percentileLabel_->setEnabled(percentile);
    percentile_->setEnabled(percentile);
    for (auto& [p, box] : precisions_) {
        const QSignalBlocker b(box);
        box->setChecked(settings_->precisionEnabled(p));
    }
    rebuildOverrides();
    rebuildProfiles();
}

void BuildPanel::rebuildOverrides() {
    const int n = settings_->overrideCount();
    if (n != shownOverrides_) {
        shownOverrides_ = n;
        overrides_->setRowCount(n);
        auto* completer = new QCompleter(settings_->overrideTargets(), overrides_);
        completer->setCaseSensitivity(Qt::CaseInsensitive);
        completer->setFilterMode(Qt::MatchContains);
        for (int i = 0; i < n; ++i) {
            auto* target = new QLineEdit(overrides_);
            target->setFrame(false);
            target->setCompleter(completer);
            connect(target, &QLineEdit::textEdited, this, [this, i](const QString& t) { settings_->setOverrideTarget(i, t); });
            connect(completer, qOverload<const QString&>(&QCompleter::activated), target,
                    [this, i, target](const QString&) { settings_->setOverrideTarget(i, target->text()); });
            overrides_->setCellWidget(i, 0, target);
            auto* precision = new QComboBox(overrides_);
            for (kiln::Precision p : kPrecisions) precision->addItem(precisionLabel(p), int(p));
            connect(precision, &QComboBox::currentIndexChanged, this, [this, i, precision] {
                settings_->setOverridePrecision(i, kiln::Precision(precision->currentData().toInt()));
            });
            overrides_->setCellWidget(i, 1, precision);
        }
        guardWheelInPanel(content_);
    }
    for (int i = 0; i < n; ++i) {
        const kiln::LayerPrecisionOverride& o = settings_->overrideAt(i);
        auto* target = static_cast<QLineEdit*>(overrides_->cellWidget(i, 0));
        const QString text = QString::fromStdString(o.target);
        if (target->text() != text) target->setText(text);
        const QString message = settings_->fieldMessage(QStringLiteral("layerPrecisions[%1]").arg(i));
        target->setStyleSheet(message.isEmpty() ? QString() : QStringLiteral("background: #fde8e8;"));
        target->setToolTip(message);
        auto* precision = static_cast<QComboBox*>(overrides_->cellWidget(i, 1));
        const QSignalBlocker b(precision);
        precision->setCurrentIndex(precision->findData(int(o.precision)));
    }
    removeOverride_->setEnabled(n > 0);
}

void BuildPanel::rebuildProfiles() {
    const QStringList inputs = settings_->dynamicInputs();
    const int n = settings_->profileCount();
    staticNote_->setVisible(inputs.isEmpty());
    profiles_->setVisible(!inputs.isEmpty());
    addProfile_->setVisible(!inputs.isEmpty());
    removeProfile_->setVisible(!inputs.isEmpty());
    removeProfile_->setEnabled(n > 1);
    if (n != shownProfiles_ || inputs != shownInputs_) {
        shownProfiles_ = n;
        shownInputs_ = inputs;
        const int current = profiles_->currentIndex();
        shapeRows_.clear();
        while (profiles_->count() > 0) {
            QWidget* w = profiles_->widget(0);
            profiles_->removeTab(0);
            w->deleteLater();
        }
        for (int p = 0; p < n; ++p) {
            auto* page = new QWidget(profiles_);
            auto* grid = new QGridLayout(page);
            grid->setContentsMargins(6, 6, 6, 6);
            grid->addWidget(new QLabel(tr("Input"), page), 0, 0);
            grid->addWidget(new QLabel(tr("Min"), page), 0, 1);
            grid->addWidget(new QLabel(tr("Opt"), page), 0, 2);
            grid->addWidget(new QLabel(tr("Max"), page), 0, 3);
            int row = 1;
            for (const QString& input : inputs) {
                grid->addWidget(new QLabel(input, page), row, 0);
                ShapeRow& r = shapeRows_[{p, input}];
                for (ShapeBound b : {ShapeBound::Min, ShapeBound::Opt, ShapeBound::Max}) {
                    auto* edit = new QLineEdit(page);
                    edit->setPlaceholderText(QStringLiteral("1x3x224x224"));
                    connect(edit, &QLineEdit::textEdited, this,
                            [this, p, input, b](const QString& t) { settings_->setShapeText(p, input, b, t); });
                    grid->addWidget(edit, row, 1 + int(b));
                    r.fields[int(b)] = edit;
                }
                r.message = new QLabel(page);
                r.message->setWordWrap(true);
                r.message->setStyleSheet(QString::fromLatin1(kErrorStyle));
                r.message->hide();
                grid->addWidget(r.message, row + 1, 0, 1, 4);
                row += 2;
            }
            grid->setRowStretch(row, 1);
            profiles_->addTab(page, tr("Profile %1").arg(p));
        }
        profiles_->setCurrentIndex(std::clamp(current, 0, std::max(0, n - 1)));
    }
    for (auto& [key, r] : shapeRows_) {
        for (ShapeBound b : {ShapeBound::Min, ShapeBound::Opt, ShapeBound::Max}) {
            const QString text = settings_->shapeText(key.first, key.second, b);
            if (r.fields[int(b)]->text() != text) r.fields[int(b)]->setText(text);
        }
    }
    updateValidation();
}

void BuildPanel::updateValidation() {
    // The message goes next to the field it names, and in the summary line below the editors.
    for (auto& [key, r] : shapeRows_) {
        QString message;
        for (ShapeBound b : {ShapeBound::Min, ShapeBound::Opt, ShapeBound::Max}) {
            const QString m = settings_->fieldMessage(BuildSettingsModel::fieldKey(key.first, key.second, b));
            const bool bad = !m.isEmpty() && settings_->validationField() == BuildSettingsModel::fieldKey(key.first, key.second, b);
            r.fields[int(b)]->setStyleSheet(bad ? QStringLiteral("background: #fde8e8;") : QString());
            if (message.isEmpty()) message = m;
        }
        r.message->setText(message);
        r.message->setVisible(!message.isEmpty());
    }
    for (int i = 0; i < overrides_->rowCount(); ++i)
        if (auto* target = qobject_cast<QLineEdit*>(overrides_->cellWidget(i, 0))) {
            const QString message = settings_->fieldMessage(QStringLiteral("layerPrecisions[%1]").arg(i));
            target->setStyleSheet(message.isEmpty() ? QString() : QStringLiteral("background: #fde8e8;"));
            target->setToolTip(message);
        }
    // Calibration fields: the folder and the cache field show their messages in place.
    for (auto [field, edit] : {std::pair{QStringLiteral("calibration.dataFolder"), calibration_},
                               std::pair{QStringLiteral("calibration.cache"), calibrationCache_}}) {
        const QString message = settings_->fieldMessage(field);
        edit->setStyleSheet(message.isEmpty() ? QString() : QStringLiteral("background: #fde8e8;"));
        edit->setToolTip(message);
    }
    percentile_->setStyleSheet(settings_->fieldMessage(QStringLiteral("calibration.percentile")).isEmpty()
                                   ? QString()
                                   : QStringLiteral("background: #fde8e8;"));
    for (auto& [p, box] : precisions_) box->setStyleSheet(QString());
    if (settings_->validationField().startsWith(QStringLiteral("precisions")))
        for (auto& [p, box] : precisions_)
            if (p != kiln::Precision::FP32 && box->isChecked()) box->setStyleSheet(QString::fromLatin1(kErrorStyle));
    if (settings_->isValid()) {
        validation_->setStyleSheet(QStringLiteral("color: #2e7d32;"));
        validation_->setText(tr("\u2713 Settings are valid."));
    } else {
        validation_->setStyleSheet(QString::fromLatin1(kErrorStyle));
        validation_->setText(tr("\u2717 %1").arg(settings_->validationMessage()));
    }
}

void BuildPanel::appendLog(const QString& line) {
    // Follows the end while the user has not scrolled up, also while the panel is hidden (where
    // QPlainTextEdit stops following), so the last line (the final warning) is the one in view.
    QScrollBar* bar = log_->verticalScrollBar();
    const bool follow = bar->value() >= bar->maximum() - 1;
    log_->appendPlainText(line);
    if (follow) bar->setValue(bar->maximum());
}

void BuildPanel::onProgress(int phase, int done, int total, const QString& message) {
    const QString title = buildPhaseTitle(kiln::BuildPhase(phase));
    if (kiln::BuildPhase(phase) == kiln::BuildPhase::SelectTactics && total > 0) {
        progress_->setRange(0, total);
        progress_->setValue(done);
        phase_->setText(done > 0 ? tr("%1: layer %2 of %3 \u2014 %4").arg(title).arg(done).arg(total).arg(message)
                                 : tr("%1: %n layer(s)", nullptr, total).arg(title));
    } else if (kiln::BuildPhase(phase) == kiln::BuildPhase::Calibrate && total > 1) {
        progress_->setRange(0, total);
        progress_->setValue(done);
        phase_->setText(done > 0 ? tr("%1: batch %2 of %3").arg(title).arg(done).arg(total)
                                 : tr("%1: %n batch(es)", nullptr, total).arg(title));
    } else {
        progress_->setRange(0, std::max(total, 1));
        progress_->setValue(done);
        phase_->setText(title);
    }
}

}  // namespace kiln::studio
