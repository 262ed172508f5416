#include "widgets/accuracy_model.h"
#include "widgets/library_text.h"

#include <QColor>
#include <QJsonDocument>
#include <cmath>
#include <stdexcept>

#include "profiler/emulation.h"
#include "profiler/result_import.h"
#include "widgets/profile_model.h"

namespace kiln::studio {

AccuracyModel::AccuracyModel(QObject* parent)
    : QAbstractTableModel(parent),
      task_(
          this,
          [this](Outcome out) {
              applyReport(std::move(out.report), out.inputText, out.emulated, out.storedNotes);
          },
          [this](const QString& message) { onFailed(message); },
          // A run that clear() discarded ends: no longer running (views and actions refresh).
          [this] {
              beginResetModel();
              endResetModel();
          }) {}

AccuracyModel::~AccuracyModel() { task_.waitForFinished(); }

void AccuracyModel::setTolerance(double atol, double rtol) {
    kiln::ToleranceChoice choice;
    choice.atol = atol;
    choice.rtol = rtol;
    const kiln::Tolerance resolved = kiln::resolveTolerance(choice);
    tolerance_.rule = resolved.rule;
    tolerance_.atol = resolved.atol;
    tolerance_.rtol = resolved.rtol;
}

void AccuracyModel::setMaxNorm(std::optional<double> maxNorm) {
    tolerance_.rule = kiln::CheckRule::Norm;
    tolerance_.maxNorm = maxNorm;
}

void AccuracyModel::run(std::shared_ptr<const kiln::Engine> engine, std::shared_ptr<const kiln::Graph> model,
                        const RunInputChoice& input) {
    if (isRunning() || !engine || !model) return;
    error_.clear();
    kiln::CompareOptions options;
    options.tolerance = tolerance_;
    options.perLayer = true;
    const kiln::Precision emulate = emulation_;
    // An engine file has no model behind it and is never compared here (Workbench::canCompare).
    const QString refused = emulationRefusalText(emulate, false, std::string(engine->backend().id()));
    const bool stored = expected_ == Expected::StoredOutputs;
    task_.start([engine, model, options, input, emulate, refused, stored]() mutable {
        if (!refused.isEmpty()) throw std::runtime_error(refused.toStdString());
        QStringList notes;
        // Stored outputs read (and their problems reported) before anything runs.
        if (stored) {
            options.stored = loadStoredOutputs(*model, input);
            notes = storedOutputNameNotes(*options.stored);
        }
        // The CLI's path (`kiln compare --emulate`): the same engine with fp16/bf16 rounding at every
        // layer boundary; its layers report that precision, so its limits apply.
        // Pins by op type match fused layers through their ONNX nodes' op types, as in the build.
        const std::map<std::string, std::string> opTypes = model->nodeOpTypes();
        const std::shared_ptr<const kiln::Engine> run =
            emulate == kiln::Precision::FP32 ? engine : engine->withEmulatedRounding(emulate, {}, &opTypes);
        const RunInputs inputs = makeRunInputs(*run, *model, input);
        return Outcome{kiln::compareWithReference(*model, *run, inputs.tensors, options), inputs.description(),
                       emulate, notes};
    });
    emit started();  // after start(): its slots (the Compare action) read isRunning()
}

QString AccuracyModel::emulationRefusalText(kiln::Precision p, bool engineFile, const std::string& backend) {
    switch (kiln::emulationRefusal(p, engineFile, backend)) {
    case kiln::EmulationRefusal::None: return {};
    case kiln::EmulationRefusal::Fp8NeedsScales:
        return tr("FP8 is not emulated yet: it needs a per-tensor scale (the tensor's largest magnitude) for every "
                  "tensor, which the CPU emulation does not compute.");
    case kiln::EmulationRefusal::NotEmulated:
        return tr("Only FP16 and BF16 rounding can be emulated on the CPU, not %1.")
            .arg(QString::fromLatin1(kiln::precisionName(p).data()));
    case kiln::EmulationRefusal::EngineFile:
        return tr("An engine file is open: the emulation rounds an engine built here from the ONNX model on the CPU "
                  "backend. Open the model to preview FP16 or BF16.");
    case kiln::EmulationRefusal::NotCpuBackend:
        return tr("The emulation runs on the CPU backend, not %1: choose the CPU backend and build again (on a GPU, "
                  "build in FP16 or BF16 instead).")
            .arg(QString::fromStdString(backend));
    }
    return {};
}

void AccuracyModel::clear() {
    task_.discard();  // a running job's result belongs to what is cleared
    beginResetModel();
    report_ = {};
    inputText_.clear();
    reportEmulation_ = kiln::Precision::FP32;
    storedNotes_.clear();
    layerRows_.clear();
    hasReport_ = false;
    error_.clear();
    endResetModel();
}

QJsonObject AccuracyModel::resultsJson() const {
    if (!hasReport_) return {};
    return QJsonDocument::fromJson(QByteArray::fromStdString(report_.toJson())).object();
}

bool AccuracyModel::restoreResults(const QJsonObject& results, QString* error, const QString& inputText) {
    if (isRunning()) return false;
    kiln::CompareReport report;
    try {
        report = kiln::importCompareReportJson(QJsonDocument(results).toJson(QJsonDocument::Compact).toStdString(),
                                               "workspace accuracy");
    } catch (const std::exception& e) {
        if (error) *error = LibraryText::error(e);
        return false;
    }
    error_.clear();
    const kiln::Precision emulated = report.emulated;  // "emulated" in the report; none in older ones
    setReport(std::move(report), inputText, emulated);
    return true;
}

void AccuracyModel::setReport(kiln::CompareReport report, const QString& inputText, kiln::Precision emulated) {
    applyReport(std::move(report), inputText, emulated, {});
}

void AccuracyModel::applyReport(kiln::CompareReport report, const QString& inputText, kiln::Precision emulated,
                                const QStringList& storedNotes) {
    beginResetModel();
    report_ = std::move(report);
    // The report says what it emulated (compareWithReference reads it off the engine); the export
    // and the workspace write it from there.
    if (emulated != kiln::Precision::FP32) report_.emulated = emulated;
    inputText_ = inputText;
    reportEmulation_ = report_.emulated;
    storedNotes_ = storedNotes;  // a run's; a restored or given report has none
    layerRows_.clear();
    for (size_t i = 0; i < report_.layers.size(); ++i)
        if (report_.layers[i].compared()) layerRows_.push_back(i);
    hasReport_ = true;
    endResetModel();
    emit finished();
}

void AccuracyModel::onFailed(const QString& message) {
    error_ = message;
    emit failed(error_);
}

bool AccuracyModel::isStoredOutputRow(int row, QString* file) const {
    if (row < 0 || !isOutputRow(row) || report_.storedDataSet.empty()) return false;
    auto it = report_.storedFiles.find(report_.outputs[size_t(row)].comparison.name);
    if (it == report_.storedFiles.end()) return false;
    if (file) *file = QString::fromStdString(it->second);
    return true;
}

QStringList AccuracyModel::storedOutputLines() const {
    QStringList lines;
    const auto dims = [](const std::vector<int64_t>& d) {
        return d.empty() ? tr("scalar") : dimsText(d, QChar(0x00D7));
    };
    const auto type = [](kiln::DataType t) { return QString::fromLatin1(kiln::dataTypeName(t).data()); };
    for (int row = 0; row < int(report_.outputs.size()); ++row) {
        QString file;
        if (!isStoredOutputRow(row, &file)) continue;
        const kiln::TensorComparison& c = report_.outputs[size_t(row)].comparison;
        const QString name = QString::fromStdString(c.name);
        switch (c.status) {
        case kiln::ComparisonStatus::DtypeMismatch:
            lines << tr("Output “%1” does not match %2: its element type (dtype field) is %3, the file's %4.")
                         .arg(name, file, type(c.actualType), type(c.expectedType));
            break;
        case kiln::ComparisonStatus::ShapeMismatch:
            lines << tr("Output “%1” does not match %2: its shape (dims field) is %3, the file's %4.")
                         .arg(name, file, dims(c.actualDims), dims(c.expectedDims));
            break;
        case kiln::ComparisonStatus::Pass:
        case kiln::ComparisonStatus::Fail:
            lines << tr("Output “%1” against %2: max abs error %3, max norm error %4 (limit %5): %6.")
                         .arg(name, file)
                         .arg(c.maxAbsError, 0, 'g', 3)
                         .arg(c.maxNormalizedError, 0, 'g', 3)
                         .arg(c.tolerance.rule == kiln::CheckRule::Norm ? c.maxNormLimit : c.tolerance.atol, 0, 'g', 3)
                         .arg(c.passed() ? tr("pass") : tr("FAIL"));
            break;
        }
    }
    return lines;
}

QStringList AccuracyModel::failingStoredOutputs() const {
    QStringList out;
    for (int row = 0; row < int(report_.outputs.size()); ++row)
        if (isStoredOutputRow(row) && !report_.outputs[size_t(row)].comparison.passed())
            out << QString::fromStdString(report_.outputs[size_t(row)].comparison.name);
    return out;
}

const kiln::LayerAccuracy* AccuracyModel::layerOfRow(int row) const {
    const int k = row - int(report_.outputs.size());
    if (k < 0 || k >= int(layerRows_.size())) return nullptr;
    return &report_.layers[layerRows_[size_t(k)]];
}

kiln::NonFiniteCounts AccuracyModel::rowNonFinite(int row, bool reference) const {
    if (isOutputRow(row)) {
        const kiln::TensorComparison& c = report_.outputs[size_t(row)].comparison;
        return reference ? c.expectedNonFinite : c.actualNonFinite;
    }
    const kiln::LayerAccuracy* layer = layerOfRow(row);
    if (!layer) return {};
    return reference ? layer->referenceNonFinite() : layer->nonFinite();
}

const kiln::TensorAccuracy* AccuracyModel::worstOf(int row) const {
    if (row < 0) return nullptr;
    if (isOutputRow(row)) return &report_.outputs[size_t(row)];
    const kiln::LayerAccuracy* layer = layerOfRow(row);
    return layer ? layer->worst() : nullptr;
}

QString AccuracyModel::rowName(int row) const {
    if (isOutputRow(row)) return QString::fromStdString(report_.outputs[size_t(row)].comparison.name);
    const kiln::LayerAccuracy* l = layerOfRow(row);
    return l ? QString::fromStdString(l->layer) : QString();
}

int AccuracyModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(report_.outputs.size() + layerRows_.size());
}
int AccuracyModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant AccuracyModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const int row = index.row();
    const kiln::TensorAccuracy* worst = worstOf(row);
    const kiln::LayerAccuracy* layer = isOutputRow(row) ? nullptr : layerOfRow(row);
    const bool failed = isOutputRow(row) ? (worst && !worst->comparison.passed()) : (layer && !layer->passed());
    const bool small = worst && worst->comparison.smallValues;
    if (role == FailedRole) return failed;
    if (role == SmallValuesRole) return small;
    if (role == Qt::ForegroundRole && failed) return QColor(198, 40, 40);
    if (role == Qt::TextAlignmentRole)
        return index.column() >= Cosine && index.column() < Status ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    QString storedFile;
    const bool storedRow = isStoredOutputRow(row, &storedFile);
    if (role == Qt::ToolTipRole && storedRow && (index.column() == Name || index.column() == Status))
        return tr("Compared with the stored output %1 of %2, as kiln run --test-data compares it.")
            .arg(storedFile, QString::fromStdString(report_.storedDataSet));
    if (role == Qt::ToolTipRole && index.column() == MaxNorm && storedRow && worst->comparison.mismatch.empty()) {
        const kiln::TensorComparison& c = worst->comparison;
        return tr("max |engine − stored| / max |stored| (%1), computed in %2; the norm rule passes it up to %3.")
            .arg(storedFile, QString::fromLatin1(kiln::precisionName(c.precision).data()))
            .arg(c.maxNormLimit, 0, 'g', 3);
    }
    if (role == Qt::ToolTipRole && index.column() == MaxNorm && worst && worst->comparison.mismatch.empty()) {
        const kiln::TensorComparison& c = worst->comparison;
        return tr("max |engine \u2212 reference| / max |reference|, computed in %1; the norm rule passes it up to %2.")
            .arg(QString::fromLatin1(kiln::precisionName(c.precision).data()))
            .arg(c.maxNormLimit, 0, 'g', 3);
    }
    if (role == Qt::ToolTipRole && index.column() == Precision && worst)
        return tr("The precision this row's error is held to: the least exact one its layer and the layers before "
                  "it computed in (its limit: %1).")
            .arg(worst->comparison.maxNormLimit, 0, 'g', 3);
    if (role == Qt::ToolTipRole && index.column() == NanInf && worst) {
        const kiln::NonFiniteCounts n = rowNonFinite(row, false), ref = rowNonFinite(row, true);
        return tr("NaN and infinities in the engine's values: %1 NaN, %2 +inf, %3 −inf (reference: %4 NaN, %5 "
                  "+inf, %6 −inf).")
            .arg(n.nan).arg(n.posInf).arg(n.negInf).arg(ref.nan).arg(ref.posInf).arg(ref.negInf);
    }
    if (role == Qt::ToolTipRole && small && (index.column() == Status || index.column() == Name))
        return smallValuesText(worst->comparison);
    if (role == Qt::ToolTipRole && layer) {
        QStringList origin;
        for (const std::string& o : layer->origin) origin << QString::fromStdString(o);
        return tr("From ONNX nodes:") + QStringLiteral("\n") + origin.join(QLatin1Char('\n'));
    }
    if (role != Qt::DisplayRole && role != SortRole) return {};
    const bool sort = role == SortRole;
    auto number = [sort](double v, int precision, char format = 'g') -> QVariant {
        if (sort) return std::isfinite(v) ? v : (v > 0 ? 1e300 : -1e300);
        if (std::isinf(v)) return v > 0 ? QStringLiteral("\u221E") : QStringLiteral("\u2212\u221E");
        return QString::number(v, format, precision);
    };
    switch (Column(index.column())) {
    case Index:
        if (isOutputRow(row)) return sort ? QVariant(-1 - row) : QVariant(tr("output"));
        return int(layer->index);
    case Name: return rowName(row);
    case Type: return layer ? QString::fromStdString(layer->type) : QString();
    case Sources: return layer ? int(layer->origin.size()) : 0;
    case Precision:
        // The precision the row's error is held to (errorPrecisions): fp16/bf16 under emulation.
        return worst ? QString::fromLatin1(kiln::precisionName(worst->comparison.precision).data()) : QString();
    case MaxNorm: return worst ? number(worst->comparison.maxNormalizedError, 3) : QVariant();
    case MaxAbs: return worst ? number(worst->comparison.maxAbsError, 3) : QVariant();
    case MaxRel: return worst ? number(worst->comparison.maxRelError, 3) : QVariant();
    case Cosine: return worst ? number(worst->comparison.cosineSimilarity, 7, 'f') : QVariant();
    case Snr: return worst ? number(worst->comparison.snrDb, 1, 'f') : QVariant();
    case NanInf: {
        // "NaN / inf" counts of the engine's values; empty when there are none.
        if (!worst) return {};
        const kiln::NonFiniteCounts n = rowNonFinite(row, false);
        if (sort) return qlonglong(n.total());
        if (n.total() == 0) return QString();
        return QStringLiteral("%1 / %2").arg(n.nan).arg(n.posInf + n.negInf);
    }
    case Status:
        // A dtype or shape mismatch says more than "FAIL".
        if (failed && worst && worst->comparison.status != kiln::ComparisonStatus::Fail)
            return LibraryText::comparisonStatus(worst->comparison.status);
        if (small) return failed ? tr("FAIL, small values") : tr("pass, small values");
        return failed ? tr("FAIL") : tr("pass");
    case ColumnCount: break;
    }
    return {};
}

QVariant AccuracyModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (Column(section)) {
    case Index: return tr("#");
    case Name: return tr("Output or layer");
    case Type: return tr("Type");
    case Sources: return tr("ONNX nodes");
    case Precision: return tr("Precision");
    case MaxNorm: return tr("Max norm error");
    case MaxAbs: return tr("Max abs error");
    case MaxRel: return tr("Max rel error");
    case Cosine: return tr("Cosine");
    case Snr: return tr("SNR (dB)");
    case NanInf: return tr("NaN / inf");
    case Status: return tr("Result");
    case ColumnCount: break;
    }
    return {};
}

std::vector<std::pair<int, double>> AccuracyModel::errorByDepth() const {
    const bool norm = report_.tolerance.rule == kiln::CheckRule::Norm;
    std::vector<std::pair<int, double>> out;
    for (size_t k = 0; k < layerRows_.size(); ++k) {
        const kiln::TensorAccuracy* worst = worstOf(int(report_.outputs.size() + k));
        if (worst)
            out.emplace_back(int(report_.layers[layerRows_[k]].index),
                             norm ? worst->comparison.maxNormalizedError : worst->comparison.maxAbsError);
    }
    return out;
}

std::vector<double> AccuracyModel::limitByDepth() const {
    const bool norm = report_.tolerance.rule == kiln::CheckRule::Norm;
    std::vector<double> out;
    for (size_t k = 0; k < layerRows_.size(); ++k)
        if (const kiln::TensorAccuracy* worst = worstOf(int(report_.outputs.size() + k)))
            out.push_back(norm ? worst->comparison.maxNormLimit : report_.tolerance.atol);
    return out;
}

int AccuracyModel::smallValueRows() const {
    int n = 0;
    for (int row = 0; row < rowCount(); ++row)
        if (const kiln::TensorAccuracy* worst = worstOf(row); worst && worst->comparison.smallValues) ++n;
    return n;
}

QString AccuracyModel::smallValuesText(const kiln::TensorComparison& c) {
    if (c.tolerance.rule == kiln::CheckRule::Elementwise && c.maxAbsExpected <= c.tolerance.atol)
        return tr("Every |reference| value is at most atol %1 (largest %2): the absolute tolerance passes values "
                  "this small whatever the engine computed. Judge by cosine and max norm error.")
            .arg(c.tolerance.atol, 0, 'g', 3)
            .arg(c.maxAbsExpected, 0, 'g', 3);
    return tr("The reference values are tiny (largest |reference| %1): the output may carry no signal, and "
              "rounding of larger values upstream can dominate its error.")
        .arg(c.maxAbsExpected, 0, 'g', 3);
}

QStringList AccuracyModel::failingLayers() const {
    QStringList out;
    for (size_t i : layerRows_)
        if (!report_.layers[i].passed()) out << QString::fromStdString(report_.layers[i].layer);
    return out;
}

QString AccuracyModel::firstFailingLayer() const {
    if (!report_.firstFailingLayer) return {};
    return QString::fromStdString(report_.layers[*report_.firstFailingLayer].layer);
}

std::map<int, NodeOverlay> AccuracyModel::flagsForLayers(const GraphModel& model) const {
    std::map<int, NodeOverlay> out;
    for (size_t i : layerRows_) {
        const kiln::LayerAccuracy& l = report_.layers[i];
        if (l.passed()) continue;
        for (int id : model.nodesNamed({QString::fromStdString(l.layer)})) {
            out[id].flagged = true;
            out[id].text = tr("over tolerance");
        }
    }
    return out;
}

std::map<int, NodeOverlay> AccuracyModel::flagsForOrigin(const GraphModel& model) const {
    std::map<int, NodeOverlay> out;
    for (size_t i : layerRows_) {
        const kiln::LayerAccuracy& l = report_.layers[i];
        if (l.passed()) continue;
        QStringList origin;
        for (const std::string& o : l.origin) origin << QString::fromStdString(o);
        for (int id : model.nodesNamed(origin)) {
            out[id].flagged = true;
            out[id].text = tr("over tolerance in layer %1").arg(QString::fromStdString(l.layer));
        }
    }
    return out;
}

}  // namespace kiln::studio
