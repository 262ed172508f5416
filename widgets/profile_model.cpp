#include "widgets/profile_model.h"
#include "widgets/library_text.h"

#include <QFile>
#include <QJsonDocument>
#include <algorithm>

#include "engine_core/builder/execution_context.h"
#include "engine_core/onnx/run_inputs.h"
#include "profiler/benchmark.h"
#include "profiler/profile_export.h"
#include "profiler/result_import.h"
#include "widgets/text_export.h"

namespace kiln::studio {

kiln::TensorMap makeEngineInputs(const kiln::Engine& engine, const kiln::Graph& model, uint64_t seed) {
    kiln::RandomInputOptions options;
    options.seed = seed;
    if (!engine.profiles().empty())
        for (const auto& [name, range] : engine.profiles().front().inputs) options.shapes[name] = range.opt;
    kiln::TensorMap inputs;
    kiln::addRandomInputs(model, options, inputs);
    return inputs;
}

ProfileModel::ProfileModel(QObject* parent)
    : QAbstractTableModel(parent),
      task_(
          this, [this](Outcome out) { onFinished(std::move(out)); },
          [this](const QString& message) { onFailed(message); },
          // A run that clear() discarded ends: no longer running (views and actions refresh).
          [this] {
              beginResetModel();
              endResetModel();
          }) {}

ProfileModel::~ProfileModel() { task_.waitForFinished(); }

void ProfileModel::run(std::shared_ptr<const kiln::Engine> engine, std::shared_ptr<const kiln::Graph> model,
                       const ProfileRunOptions& options, const RunInputChoice& input) {
    if (isRunning() || !engine || !model) return;
    options_ = options;
    error_.clear();
    task_.start([engine, model, options, input] {
        Outcome out;
        const RunInputs chosen = makeRunInputs(*engine, *model, input);
        const kiln::TensorMap& inputs = chosen.tensors;
        out.inputText = chosen.description();
        std::unique_ptr<kiln::ExecutionContext> context = engine->createExecutionContext();
        // Warm-up and end-to-end runs carry no profiler; the profiled runs are a separate pass (as
        // kiln run does), so the end-to-end latency is not inflated by the per-layer timing.
        kiln::BenchmarkOptions bench;
        bench.warmup = options.warmup;
        bench.iterations = std::max(1, options.iterations);
        const kiln::BenchmarkResult latency = kiln::benchmark([&] { context->execute(inputs); }, bench);
        out.endToEndMs = latency.latency.median;
        out.endToEndRuns = int(latency.samples.size());
        out.profiler = std::make_shared<kiln::LayerProfiler>();
        for (int i = 0; i < std::max(1, options.iterations); ++i) context->execute(inputs, out.profiler.get());
        out.layers = kiln::describeEngineLayers(*engine);
        out.report = kiln::makeLayerProfileReport(out.layers, *out.profiler);
        return out;
    });
    emit started();  // after start(): its slots (the Profile action) read isRunning()
}

void ProfileModel::clear() {
    task_.discard();  // a running job's result belongs to what is cleared
    beginResetModel();
    report_ = {};
    profiler_.reset();
    layers_.clear();
    hasReport_ = false;
    error_.clear();
    endToEndMs_ = 0;
    endToEndRuns_ = 0;
    inputText_.clear();
    endResetModel();
}

void ProfileModel::onFailed(const QString& message) {
    error_ = message;
    emit failed(error_);
}

void ProfileModel::onFinished(Outcome out) {
    beginResetModel();
    report_ = std::move(out.report);
    profiler_ = std::move(out.profiler);
    layers_ = std::move(out.layers);
    endToEndMs_ = out.endToEndMs;
    endToEndRuns_ = out.endToEndRuns;
    inputText_ = std::move(out.inputText);
    hasReport_ = true;
    endResetModel();
    emit finished();
}

int ProfileModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(report_.rows.size()); }
int ProfileModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ProfileModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const kiln::LayerProfileRow& r = report_.rows[size_t(index.row())];
    const auto column = Column(index.column());
    if (role == Qt::TextAlignmentRole)
        return column >= Sources ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    if (role == Qt::ToolTipRole && (column == Layer || column == Backend)) {
        const QString tip = layerToolTip(r.layer);
        return tip.isEmpty() ? QVariant() : QVariant(tip);
    }
    if (role != Qt::DisplayRole && role != SortRole) return {};
    switch (column) {
    case Layer: return QString::fromStdString(r.layer.name);
    case Type: return QString::fromStdString(r.layer.type);
    case Backend: return backendText(r.layer);
    case Precision: return QString::fromStdString(r.layer.precision);
    case Tactic: return LibraryText::tactic(QString::fromStdString(r.layer.tactic));
    case Sources: return int(r.layer.origin.size());
    case MedianMs: return role == SortRole ? QVariant(r.stats.median) : QVariant(QString::number(r.stats.median, 'f', 4));
    case Percent: return role == SortRole ? QVariant(r.percent) : QVariant(QString::number(r.percent, 'f', 1));
    case ColumnCount: break;
    }
    return {};
}

QVariant ProfileModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (Column(section)) {
    case Layer: return tr("Layer");
    case Type: return tr("Type");
    case Backend: return tr("Backend");
    case Precision: return tr("Precision");
    case Tactic: return tr("Tactic");
    case Sources: return tr("ONNX nodes");
    case MedianMs: return tr("Median (ms)");
    case Percent: return tr("%");
    case ColumnCount: break;
    }
    return {};
}

bool ProfileModel::mixedBackends() const {
    const std::string* first = nullptr;
    for (const auto& r : report_.rows) {
        if (r.layer.backend.empty()) continue;
        if (first && r.layer.backend != *first) return true;
        first = &r.layer.backend;
    }
    return false;
}

QString ProfileModel::backendText(const kiln::LayerDescription& layer) {
    const QString backend = QString::fromStdString(layer.backend);
    if (layer.format.empty() || layer.format == "linear") return backend;
    return tr("%1 (%2)").arg(backend, LibraryText::format(QString::fromStdString(layer.format)));
}

QString ProfileModel::layerToolTip(const kiln::LayerDescription& layer) {
    QStringList parts;
    if (!layer.note.empty()) parts << LibraryText::message(layer.note);
    if (!layer.backend.empty()) {
        QString where = tr("Backend: %1").arg(QString::fromStdString(layer.backend));
        if (!layer.format.empty() && layer.format != "linear")
            where += QStringLiteral("\n") + tr("Format: %1").arg(LibraryText::format(QString::fromStdString(layer.format)));
        parts << where;
    }
    if (!layer.origin.empty()) {
        QStringList origin;
        for (const std::string& o : layer.origin) origin << QString::fromStdString(o);
        parts << tr("From ONNX nodes:") + QStringLiteral("\n") + origin.join(QLatin1Char('\n'));
    }
    return parts.join(QStringLiteral("\n\n"));
}

std::vector<const kiln::LayerProfileRow*> ProfileModel::topLayers(int n) const {
    std::vector<const kiln::LayerProfileRow*> rows;
    for (const auto& r : report_.rows) rows.push_back(&r);
    std::stable_sort(rows.begin(), rows.end(), [](auto* a, auto* b) { return a->stats.median > b->stats.median; });
    if (int(rows.size()) > n) rows.resize(size_t(std::max(n, 0)));
    return rows;
}

std::vector<std::pair<QString, double>> ProfileModel::timeByType() const {
    std::map<QString, double> sums;
    for (const auto& r : report_.rows) sums[QString::fromStdString(r.layer.type)] += r.stats.median;
    std::vector<std::pair<QString, double>> out(sums.begin(), sums.end());
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    return out;
}

std::vector<TimelineEntry> ProfileModel::timeline() const {
    std::vector<TimelineEntry> out;
    if (!profiler_) return out;
    const auto runs = profiler_->runs();
    const auto layers = profiler_->layers();
    if (runs.empty()) return out;
    // The run with the median total: a typical inference, not the first (cold) or an outlier.
    std::vector<std::pair<double, size_t>> totals;
    for (size_t i = 0; i < runs.size(); ++i) {
        double total = 0;
        for (const auto& e : runs[i]) total += layers[e.layer].samples[e.sample].ms;
        totals.emplace_back(total, i);
    }
    std::sort(totals.begin(), totals.end());
    const auto& run = runs[totals[totals.size() / 2].second];
    std::map<std::string, std::string> typeOf;
    for (const auto& r : report_.rows) typeOf[r.layer.name] = r.layer.type;
    double origin = -1;
    for (const auto& e : run) {
        const kiln::LayerSample& s = layers[e.layer].samples[e.sample];
        const double start = s.endMs - s.ms;
        if (origin < 0) origin = start;
        out.push_back({QString::fromStdString(layers[e.layer].name), QString::fromStdString(typeOf[layers[e.layer].name]),
                       start - origin, s.ms});
    }
    return out;
}

std::map<int, NodeOverlay> ProfileModel::heatForLayers(const GraphModel& model) const {
    std::map<int, NodeOverlay> out;
    double hottest = 0;
    for (const auto& r : report_.rows) hottest = std::max(hottest, r.stats.median);
    if (hottest <= 0) return out;
    for (const auto& r : report_.rows)
        for (int id : model.nodesNamed({QString::fromStdString(r.layer.name)}))
            out[id] = {r.stats.median / hottest,
                       tr("%1 ms median, %2 % of the run").arg(r.stats.median, 0, 'f', 4).arg(r.percent, 0, 'f', 1)};
    return out;
}

std::map<int, NodeOverlay> ProfileModel::heatForOrigin(const GraphModel& model) const {
    std::map<int, NodeOverlay> out;
    const std::vector<kiln::OriginTime> spread = kiln::spreadOverOrigin(report_);
    double hottest = 0;
    for (const auto& o : spread) hottest = std::max(hottest, o.medianMs);
    if (hottest <= 0) return out;
    for (const auto& o : spread)
        for (int id : model.nodesNamed({QString::fromStdString(o.onnxNode)})) {
            QStringList layers;
            for (const std::string& l : o.layers) layers << QString::fromStdString(l);
            out[id] = {o.medianMs / hottest, tr("%1 ms (share of layer %2), %3 %")
                                                 .arg(o.medianMs, 0, 'f', 4)
                                                 .arg(layers.join(QStringLiteral(", ")))
                                                 .arg(o.percent, 0, 'f', 1)};
        }
    return out;
}

QString ProfileModel::csv() const {
    QString out = QStringLiteral("layer,type,precision,tactic,onnx_nodes,median_ms,mean_ms,p90_ms,percent\n");
    for (const auto& r : report_.rows) {
        QStringList origin;
        for (const std::string& o : r.layer.origin) origin << QString::fromStdString(o);
        out += QStringList{csvField(QString::fromStdString(r.layer.name)), csvField(QString::fromStdString(r.layer.type)),
                           csvField(QString::fromStdString(r.layer.precision)),
                           csvField(QString::fromStdString(r.layer.tactic)), csvField(origin.join(QLatin1Char(' '))),
                           QString::number(r.stats.median, 'g', 8), QString::number(r.stats.mean, 'g', 8),
                           QString::number(r.stats.p90, 'g', 8), QString::number(r.percent, 'g', 6)}
                   .join(QLatin1Char(','));
        out += QLatin1Char('\n');
    }
    return out;
}

bool ProfileModel::exportJson(const QString& path, QString* error) const {
    if (!hasReport_) {
        if (error) *error = tr("There is no profile yet.");
        return false;
    }
    return writeFileAtomically(path, QByteArray::fromStdString(kiln::exportProfileJson(report_)), error);
}

bool ProfileModel::exportCsv(const QString& path, QString* error) const {
    if (!hasReport_) {
        if (error) *error = tr("There is no profile yet.");
        return false;
    }
    return writeFileAtomically(path, csv().toUtf8(), error);
}

bool ProfileModel::exportTrace(const QString& path, QString* error) const {
    if (!hasReport_ || !profiler_) {
        if (error) *error = tr("There is no profile yet.");
        return false;
    }
    try {
        return writeFileAtomically(path, QByteArray::fromStdString(kiln::exportChromeTrace(layers_, *profiler_)), error);
    } catch (const std::exception& e) {
        if (error) *error = LibraryText::error(e);
        return false;
    }
}

QJsonObject ProfileModel::resultsJson() const {
    if (!hasReport_ || !profiler_) return {};
    QJsonObject out;
    out[QStringLiteral("layerInfo")] =
        QJsonDocument::fromJson(QByteArray::fromStdString(kiln::exportLayerInfoJson(layers_, {}))).object();
    out[QStringLiteral("samples")] =
        QJsonDocument::fromJson(QByteArray::fromStdString(kiln::exportProfileSamplesJson(*profiler_))).object();
    out[QStringLiteral("warmup")] = options_.warmup;
    out[QStringLiteral("iterations")] = options_.iterations;
    out[QStringLiteral("seed")] = QString::number(options_.seed);
    out[QStringLiteral("input")] = inputText_;
    out[QStringLiteral("endToEndMs")] = endToEndMs_;
    out[QStringLiteral("endToEndRuns")] = endToEndRuns_;
    return out;
}

bool ProfileModel::restoreResults(const QJsonObject& results, QString* error) {
    if (isRunning()) return false;
    try {
        const auto text = [&](const char* key) {
            return QJsonDocument(results.value(QLatin1String(key)).toObject()).toJson(QJsonDocument::Compact).toStdString();
        };
        kiln::LayerInfo info = kiln::importLayerInfoJson(text("layerInfo"), "workspace profile.layerInfo");
        auto profiler = std::make_shared<kiln::LayerProfiler>();
        kiln::importProfileSamplesJson(text("samples"), "workspace profile.samples", *profiler);
        kiln::LayerProfileReport report = kiln::makeLayerProfileReport(info.layers, *profiler);
        beginResetModel();
        report_ = std::move(report);
        profiler_ = std::move(profiler);
        layers_ = std::move(info.layers);
        options_.warmup = results.value(QStringLiteral("warmup")).toInt(options_.warmup);
        options_.iterations = results.value(QStringLiteral("iterations")).toInt(options_.iterations);
        options_.seed = results.value(QStringLiteral("seed")).toString().toULongLong();
        inputText_ = results.value(QStringLiteral("input")).toString();
        endToEndMs_ = results.value(QStringLiteral("endToEndMs")).toDouble();
        endToEndRuns_ = results.value(QStringLiteral("endToEndRuns")).toInt();
        hasReport_ = true;
        error_.clear();
        endResetModel();
    } catch (const std::exception& e) {
        if (error) *error = LibraryText::error(e);
        return false;
    }
    emit finished();
    return true;
}

}  // namespace kiln::studio
