#include "widgets/run_input_chooser.h"

#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QToolButton>

#include "widgets/workbench.h"

namespace kiln::studio {

namespace {
QString shown(const std::vector<int64_t>& dims) {
    return dimsText(dims, QChar(0x00D7));
}
bool within(const std::vector<int64_t>& dims, const std::vector<int64_t>& min,
            const std::vector<int64_t>& max) {
    if (dims.size() != min.size() || dims.size() != max.size()) return false;
    for (size_t i = 0; i < dims.size(); ++i)
        if (dims[i] < min[i] || dims[i] > max[i]) return false;
    return true;
}
}  // namespace

RunInputChooser::RunInputChooser(Workbench* workbench, QWidget* parent)
    : QWidget(parent), workbench_(workbench) {
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(8, 2, 8, 4);
    label_ = new QLabel(this);
    source_ = new QComboBox(this);
    source_->addItem(QString(), int(InputSource::Random));
    source_->addItem(QString(), int(InputSource::TestDataSet));
    source_->addItem(QString(), int(InputSource::Files));
    source_->setFocusPolicy(Qt::StrongFocus);
    seedLabel_ = new QLabel(this);
    seed_ = new QSpinBox(this);
    seed_->setRange(0, 999999999);
    seed_->setValue(1);
    seed_->setMaximumWidth(110);
    dataSet_ = new QComboBox(this);
    dataSet_->setFocusPolicy(Qt::StrongFocus);
    dataSet_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    filesButton_ = new QToolButton(this);
    filesButton_->setToolButtonStyle(Qt::ToolButtonTextOnly);
    files_ = new QLabel(this);
    files_->setMinimumWidth(40);
    files_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    shapesLayout_ = new QHBoxLayout;
    shapesLayout_->setContentsMargins(0, 0, 0, 0);
    row->addWidget(label_);
    row->addWidget(source_);
    row->addWidget(seedLabel_);
    row->addWidget(seed_);
    row->addWidget(dataSet_);
    row->addWidget(filesButton_);
    row->addWidget(files_, 1);
    row->addLayout(shapesLayout_);
    row->addStretch();

    connect(source_, &QComboBox::activated, this, [this] {
        updateVisibility();
        store();
    });
    connect(seed_, &QSpinBox::valueChanged, this, &RunInputChooser::store);
    connect(dataSet_, &QComboBox::activated, this, &RunInputChooser::store);
    connect(filesButton_, &QToolButton::clicked, this, &RunInputChooser::chooseFiles);
    connect(workbench_, &Workbench::modelChanged, this, &RunInputChooser::rebuild);
    connect(workbench_->builder(), &BuildController::finished, this, &RunInputChooser::rebuild);
    connect(workbench_, &Workbench::inputChoiceChanged, this, &RunInputChooser::syncFromWorkbench);
    retranslate();
    rebuild();
}

QLineEdit* RunInputChooser::shapeField(const QString& input) const {
    for (const ShapeField& f : shapes_)
        if (QString::fromStdString(f.input) == input) return f.edit;
    return nullptr;
}

QStringList RunInputChooser::shapeInputs() const {
    QStringList out;
    for (const ShapeField& f : shapes_) out << QString::fromStdString(f.input);
    return out;
}

void RunInputChooser::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        store();  // the problem texts in the new language
    }
    QWidget::changeEvent(event);
}

void RunInputChooser::retranslate() {
    label_->setText(tr("Inputs:"));
    source_->setItemText(0, tr("Seeded random"));
    source_->setItemText(1, tr("Test data set"));
    source_->setItemText(2, tr("Files"));
    source_->setToolTip(
        tr("What the profiler and the accuracy comparison run on: seeded random data at a shape "
           "within the engine's profile, a test_data_set_* folder next to the model, or .npy/.pb files."));
    seedLabel_->setText(tr("Seed:"));
    filesButton_->setText(tr("Choose\u2026"));
    filesButton_->setToolTip(
        tr("Choose .npy or .pb files, one per input (a file named after an input feeds it)."));
    dataSet_->setToolTip(tr("The test_data_set_* folders next to the model."));
    dataSet_->setPlaceholderText(tr("none next to the model"));
    syncFromWorkbench();  // the files label
}

void RunInputChooser::rebuild() {
    syncing_ = true;
    dataSet_->clear();
    for (const QString& dir : testDataSetsNextTo(workbench_->modelPath()))
        dataSet_->addItem(QFileInfo(dir).fileName(), dir);
    dataSet_->setCurrentIndex(dataSet_->count() > 0 ? 0 : -1);
    // One field per input whose dims the engine's profile 0 leaves open.
    for (const ShapeField& f : shapes_) {
        delete f.label;
        delete f.edit;
    }
    shapes_.clear();
    if (const auto engine = workbench_->engine(); engine && !engine->profiles().empty()) {
        for (const auto& [name, range] : engine->profiles().front().inputs) {
            if (range.min == range.max) continue;
            ShapeField f{name,
                         range.min,
                         range.opt,
                         range.max,
                         new QLabel(QString::fromStdString(name) + QLatin1Char(':'), this),
                         new QLineEdit(this)};
            f.label->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Preferred);
            f.edit->setPlaceholderText(dimsText(range.opt));
            f.edit->setMinimumWidth(70);
            f.edit->setMaximumWidth(110);
            shapesLayout_->addWidget(f.label);
            shapesLayout_->addWidget(f.edit);
            connect(f.edit, &QLineEdit::textChanged, this, &RunInputChooser::store);
            shapes_.push_back(f);
        }
    }
    syncing_ = false;
    // The fields show the workbench's choice (reset for another model; kept over a rebuild).
    syncFromWorkbench();
    markShapes();
    // A data set picked by default once the list is there (the choice names one only when chosen).
    if (workbench_->inputChoice().source == InputSource::TestDataSet &&
        workbench_->inputChoice().dataSet.isEmpty())
        store();
}

void RunInputChooser::syncFromWorkbench() {
    if (syncing_) return;
    syncing_ = true;
    const RunInputChoice& c = workbench_->inputChoice();
    source_->setCurrentIndex(source_->findData(int(c.source)));
    seed_->setValue(int(c.seed));
    if (const int i = dataSet_->findData(c.dataSet); i >= 0) dataSet_->setCurrentIndex(i);
    chosenFiles_ = c.files;
    QStringList names;
    for (const QString& f : chosenFiles_) names << QFileInfo(f.section(QLatin1Char('='), -1)).fileName();
    files_->setText(names.isEmpty() ? tr("no files chosen") : names.join(QStringLiteral(", ")));
    files_->setToolTip(chosenFiles_.join(QLatin1Char('\n')));
    for (ShapeField& f : shapes_) {
        std::vector<int64_t> dims;
        if (auto it = c.shapes.find(f.input); it != c.shapes.end()) {
            // A field's text stays while it means the same dims (the user may be typing "1×3").
            if (!parseDims(f.edit->text(), &dims) || dims != it->second)
                f.edit->setText(dimsText(it->second));
        } else if (c.problem.isEmpty()) {
            f.edit->clear();
        }
    }
    syncing_ = false;
    markShapes();
    updateVisibility();
}

// Red, with the reason as the tool tip, for a shape that does not parse or is outside the profile.
QString RunInputChooser::markShapes() {
    QString firstUnparsable;
    for (ShapeField& f : shapes_) {
        const QString text = f.edit->text().trimmed();
        std::vector<int64_t> dims;
        QString problem;
        if (text.isEmpty()) {
        } else if (!parseDims(text, &dims)) {
            problem = tr("The shape '%1' for input '%2' is not dims like %3.")
                          .arg(text, QString::fromStdString(f.input), dimsText(f.opt));
            if (firstUnparsable.isEmpty()) firstUnparsable = problem;
        } else if (!within(dims, f.min, f.max)) {
            problem = tr("%1 is outside the engine's profile for %2 (min %3, max %4).")
                          .arg(shown(dims), QString::fromStdString(f.input), shown(f.min), shown(f.max));
        }
        f.edit->setStyleSheet(problem.isEmpty() ? QString() : QStringLiteral("color: #c62828;"));
        f.edit->setToolTip(
            problem.isEmpty()
                ? tr("Shape of %1 for seeded random data, between %2 and %3 (the engine's profile); "
                     "empty: %4.")
                      .arg(QString::fromStdString(f.input), shown(f.min), shown(f.max), shown(f.opt))
                : problem);
    }
    return firstUnparsable;
}

void RunInputChooser::updateVisibility() {
    const auto source = InputSource(source_->currentData().toInt());
    seedLabel_->setVisible(source == InputSource::Random);
    seed_->setVisible(source == InputSource::Random);
    dataSet_->setVisible(source == InputSource::TestDataSet);
    filesButton_->setVisible(source == InputSource::Files);
    files_->setVisible(source == InputSource::Files);
    for (ShapeField& f : shapes_) {
        f.label->setVisible(source == InputSource::Random);
        f.edit->setVisible(source == InputSource::Random);
    }
}

void RunInputChooser::store() {
    if (syncing_) return;
    RunInputChoice c;
    c.source = InputSource(source_->currentData().toInt());
    c.seed = uint64_t(seed_->value());
    c.dataSet = dataSet_->currentData().toString();
    c.files = chosenFiles_;
    // Out of range stays in the choice: the run reports it (naming the input) in the panel.
    for (ShapeField& f : shapes_) {
        std::vector<int64_t> dims;
        if (parseDims(f.edit->text(), &dims)) c.shapes[f.input] = dims;
    }
    c.problem = markShapes();
    syncing_ = true;
    workbench_->setInputChoice(c);
    syncing_ = false;
}

void RunInputChooser::chooseFiles() {
    const QStringList picked =
        filesChooser_ ? filesChooser_()
                      : QFileDialog::getOpenFileNames(this, tr("Choose Input Files"),
                                                      QFileInfo(workbench_->modelPath()).absolutePath(),
                                                      tr("Tensors (*.npy *.pb);;All files (*)"));
    if (picked.isEmpty()) return;
    // A file named after an input feeds that input ("name=path", as kiln run --input); otherwise the
    // library binds it (the name in a .pb, or the model's only input) and says when it can't.
    QStringList specs;
    const auto model = workbench_->model();
    for (const QString& path : picked) {
        QString spec = path;
        if (model && model->runtimeInputs().size() > 1)
            for (const kiln::Value* v : model->runtimeInputs())
                if (QFileInfo(path).completeBaseName() == QString::fromStdString(v->name))
                    spec = QString::fromStdString(v->name) + QLatin1Char('=') + path;
        specs << spec;
    }
    chosenFiles_ = specs;
    syncing_ = true;
    source_->setCurrentIndex(source_->findData(int(InputSource::Files)));
    syncing_ = false;
    store();
    syncFromWorkbench();
}

}  // namespace kiln::studio
