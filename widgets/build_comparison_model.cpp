#include "widgets/build_comparison_model.h"
#include "widgets/library_text.h"

#include <QBrush>
#include <QColor>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QtConcurrent>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "engine_core/builder/execution_context.h"
#include "engine_core/common/error.h"
#include "widgets/build_controller.h"

namespace kiln::studio {

std::vector<ComparisonRow> matchByProvenance(const std::vector<ComparedLayer>& a,
                                             const std::vector<ComparedLayer>& b) {
    // Union-find over ONNX node names: every layer joins the nodes it came from, so two layers (on
    // either side) that share a node end up in one group, transitively.
    QHash<QString, int> ids;
    std::vector<int> parent;
    auto idOf = [&](const QString& name) {
        auto it = ids.constFind(name);
        if (it != ids.constEnd()) return *it;
        const int id = int(parent.size());
        ids.insert(name, id);
        parent.push_back(id);
        return id;
    };
    auto find = [&](int x) {
        while (parent[size_t(x)] != x) {
            parent[size_t(x)] = parent[size_t(parent[size_t(x)])];
            x = parent[size_t(x)];
        }
        return x;
    };
    auto anchor = [&](const ComparedLayer& layer, const QString& side) {
        // A layer with no ONNX source matches nothing: its own private key.
        if (layer.origin.isEmpty()) return idOf(QStringLiteral("\x01%1:%2").arg(side, layer.name));
        const int first = idOf(layer.origin.front());
        for (const QString& node : layer.origin) {
            const int r1 = find(first), r2 = find(idOf(node));
            if (r1 != r2) parent[size_t(r2)] = r1;
        }
        return first;
    };
    std::vector<int> anchorA, anchorB;
    for (const ComparedLayer& l : a) anchorA.push_back(anchor(l, QStringLiteral("A")));
    for (const ComparedLayer& l : b) anchorB.push_back(anchor(l, QStringLiteral("B")));

    std::vector<ComparisonRow> rows;
    std::vector<double>
        keys;  // A rows: their first A layer; B-only rows just after the previous B layer's row
    std::map<int, size_t> rowOfRoot;
    auto rowFor = [&](int root, double key) {
        auto [it, inserted] = rowOfRoot.emplace(root, rows.size());
        if (inserted) {
            rows.emplace_back();
            keys.push_back(key);
        }
        return it->second;
    };
    for (size_t i = 0; i < a.size(); ++i) rows[rowFor(find(anchorA[i]), double(i))].layersA.push_back(int(i));
    double previousKey = -1;
    for (size_t i = 0; i < b.size(); ++i) {
        const size_t row = rowFor(find(anchorB[i]), previousKey + 1e-7);
        rows[row].layersB.push_back(int(i));
        previousKey = keys[row];
    }
    std::vector<size_t> order(rows.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return keys[x] < keys[y]; });

    std::vector<ComparisonRow> out;
    out.reserve(rows.size());
    for (size_t index : order) {
        ComparisonRow row = std::move(rows[index]);
        auto fill = [&row](const std::vector<ComparedLayer>& side, const std::vector<int>& members,
                           double& ms, double& error) {
            for (int m : members) {
                const ComparedLayer& l = side[size_t(m)];
                ms += l.medianMs;
                if (l.maxAbsError >= 0 || std::isnan(l.maxAbsError))
                    error = l.maxAbsError;  // the last compared one
                for (const QString& node : l.origin)
                    if (!row.onnxNodes.contains(node)) row.onnxNodes << node;
            }
        };
        fill(a, row.layersA, row.msA, row.errorA);
        fill(b, row.layersB, row.msB, row.errorB);
        out.push_back(std::move(row));
    }
    return out;
}

namespace {

// Milliseconds since the timer's last start; restarts it.
double msOf(QElapsedTimer& timer) {
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    timer.restart();
    return ms;
}

QString sideLabel(bool isA) {
    return isA ? QStringLiteral("A") : QStringLiteral("B");
}

// Build, profile and compare one side: the calls `kiln build`, `kiln run --dump-profile` and
// `kiln compare --per-layer` make.
BuildSideResult runSide(const kiln::Graph& model, const BuildSpec& spec, bool isA,
                        const ProfileRunOptions& options, const std::shared_ptr<std::atomic<bool>>& cancel,
                        const std::function<void(const QString&)>& report, ComparisonTimings& timings) {
    const int s = isA ? 0 : 1;
    QElapsedTimer clock;
    clock.start();
    BuildSideResult side;
    side.spec = spec;
    auto checkCancel = [&] {
        if (cancel->load()) kiln::fail(kiln::ErrorKind::Internal, "build comparison cancelled");
    };
    kiln::BuildCallbacks callbacks;
    callbacks.cancelled = [cancel] { return cancel->load(); };
    callbacks.progress = [&](kiln::BuildPhase phase, size_t i, size_t n, const std::string&) {
        report(BuildComparisonModel::tr("Build %1 (%2): %3 %4/%5")
                   .arg(sideLabel(isA), spec.label, buildPhaseTitle(phase))
                   .arg(i)
                   .arg(n));
    };
    kiln::BuildReport buildReport;
    kiln::BuildOptions buildOptions;
    buildOptions.report = &buildReport;
    side.engine = kiln::buildEngine(model, spec.config, callbacks, buildOptions);
    side.buildMs = buildReport.buildMs;
    timings.buildMs[s] = msOf(clock);
    checkCancel();

    report(BuildComparisonModel::tr("Profiling %1 (%2)\u2026").arg(sideLabel(isA), spec.label));
    const kiln::TensorMap inputs = makeEngineInputs(*side.engine, model, options.seed);
    std::unique_ptr<kiln::ExecutionContext> context = side.engine->createExecutionContext();
    for (int i = 0; i < options.warmup; ++i) context->execute(inputs);
    kiln::LayerProfiler profiler;
    for (int i = 0; i < std::max(1, options.iterations); ++i) {
        checkCancel();
        context->execute(inputs, &profiler);
    }
    const kiln::LayerProfileReport profile =
        kiln::makeLayerProfileReport(kiln::describeEngineLayers(*side.engine), profiler);
    side.totalMs = profile.sumOfMediansMs;
    timings.profileMs[s] = msOf(clock);

    checkCancel();
    report(BuildComparisonModel::tr("Comparing %1 (%2) with the reference\u2026")
               .arg(sideLabel(isA), spec.label));
    kiln::CompareOptions compareOptions;
    compareOptions.perLayer = true;
    const kiln::CompareReport accuracy =
        kiln::compareWithReference(model, *side.engine, inputs, compareOptions);
    std::map<std::string, double> errorOf;
    for (const kiln::LayerAccuracy& l : accuracy.layers) {
        if (!l.compared()) continue;
        double worst = 0;
        for (const kiln::TensorAccuracy& t : l.outputs)
            worst = std::isnan(t.comparison.maxAbsError) ? t.comparison.maxAbsError
                                                         : std::max(worst, t.comparison.maxAbsError);
        errorOf[l.layer] = worst;
    }
    for (const kiln::TensorAccuracy& t : accuracy.outputs)
        side.outputError = std::max(side.outputError, t.comparison.maxAbsError);
    side.outputsPassed = accuracy.outputsPassed();
    timings.compareMs[s] = msOf(clock);

    for (const kiln::LayerProfileRow& r : profile.rows) {
        ComparedLayer l;
        l.name = QString::fromStdString(r.layer.name);
        l.type = QString::fromStdString(r.layer.type);
        for (const std::string& o : r.layer.origin) l.origin << QString::fromStdString(o);
        l.medianMs = r.stats.median;
        if (auto it = errorOf.find(r.layer.name); it != errorOf.end()) l.maxAbsError = it->second;
        side.layers.push_back(std::move(l));
    }
    return side;
}

QString csvField(QString s) {
    if (s.contains(QLatin1Char(',')) || s.contains(QLatin1Char('"')) || s.contains(QLatin1Char('\n')))
        s = QLatin1Char('"') + s.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
    return s;
}

// "+0.0123", "-0.0040", and "0.0000" (not "-0.0000") for what rounds to zero.
QString signedText(double v, int decimals, const QString& suffix) {
    QString text = QString::number(v, 'f', decimals);
    if (text.toDouble() == 0.0)
        text = QString::number(0.0, 'f', decimals);
    else if (v > 0)
        text.prepend(QLatin1Char('+'));
    return text + suffix;
}

QString number(double v, int precision = 8) {
    return v < 0 ? QString() : QString::number(v, 'g', precision);
}

// "a, b" or "a, b … (+3)": the table cell; the tooltip has them all.
QString shortList(const QStringList& names) {
    if (names.size() <= 2) return names.join(QStringLiteral(", "));
    return QStringLiteral("%1, %2 \u2026 (+%3)").arg(names[0], names[1]).arg(names.size() - 2);
}

}  // namespace

BuildComparisonModel::BuildComparisonModel(QObject* parent) : QAbstractTableModel(parent) {
    connect(&watcher_, &QFutureWatcher<Outcome>::finished, this, &BuildComparisonModel::onFinished);
}

BuildComparisonModel::~BuildComparisonModel() {
    if (cancel_) cancel_->store(true);
    watcher_.waitForFinished();
}

void BuildComparisonModel::run(std::shared_ptr<const kiln::Graph> model, const BuildSpec& a,
                               const BuildSpec& b, const ProfileRunOptions& options) {
    if (isRunning() || !model) return;
    error_.clear();
    cancel_ = std::make_shared<std::atomic<bool>>(false);
    emit started();
    auto cancel = cancel_;
    auto report = [this](const QString& message) {
        QMetaObject::invokeMethod(
            this, [this, message] { emit progress(message); }, Qt::QueuedConnection);
    };
    // One worker, A then B: timing both at once on a shared CPU would make neither number true.
    watcher_.setFuture(QtConcurrent::run([model, a, b, options, cancel, report] {
        Outcome out;
        QElapsedTimer clock;
        clock.start();
        try {
            out.a = runSide(*model, a, true, options, cancel, report, out.timings);
            out.b = runSide(*model, b, false, options, cancel, report, out.timings);
            out.timings.workerMs = msOf(clock);
        } catch (const std::exception& e) {
            out.error = LibraryText::error(e).section(QLatin1Char('\n'), 0, 0);
        }
        return out;
    }));
}

void BuildComparisonModel::cancel() {
    if (cancel_) cancel_->store(true);
}

void BuildComparisonModel::clear() {
    beginResetModel();
    a_ = {};
    b_ = {};
    rows_.clear();
    hasResult_ = false;
    error_.clear();
    endResetModel();
}

void BuildComparisonModel::onFinished() {
    Outcome out = watcher_.result();
    if (!out.error.isEmpty()) {
        error_ = out.error;
        emit failed(error_);
        return;
    }
    QElapsedTimer clock;
    clock.start();
    beginResetModel();
    a_ = std::move(out.a);
    b_ = std::move(out.b);
    timings_ = out.timings;
    QElapsedTimer matchClock;
    matchClock.start();
    rows_ = matchByProvenance(a_.layers, b_.layers);
    timings_.matchMs = msOf(matchClock);
    hasResult_ = true;
    endResetModel();
    timings_.resetMs = msOf(clock);
    emit finished();
}

int BuildComparisonModel::changedRows() const {
    int n = 0;
    for (const ComparisonRow& r : rows_) {
        QStringList la, lb;
        for (int i : r.layersA)
            la << a_.layers[size_t(i)].name + QLatin1Char(':') + a_.layers[size_t(i)].type;
        for (int i : r.layersB)
            lb << b_.layers[size_t(i)].name + QLatin1Char(':') + b_.layers[size_t(i)].type;
        n += la != lb ? 1 : 0;
    }
    return n;
}

int BuildComparisonModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}
int BuildComparisonModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BuildComparisonModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const ComparisonRow& r = rows_[size_t(index.row())];
    const auto column = Column(index.column());
    auto names = [](const std::vector<ComparedLayer>& side, const std::vector<int>& members, bool withType) {
        QStringList out;
        for (int m : members)
            out << (withType ? QStringLiteral("%1 (%2)").arg(side[size_t(m)].name, side[size_t(m)].type)
                             : side[size_t(m)].name);
        return out;
    };
    switch (role) {
        case Qt::TextAlignmentRole:
            return column == OnnxNodes || column == LayersA || column == LayersB
                       ? QVariant()
                       : QVariant(Qt::AlignRight | Qt::AlignVCenter);
        case Qt::ToolTipRole:
            switch (column) {
                case OnnxNodes:
                    return r.onnxNodes.join(QLatin1Char('\n'));
                case LayersA:
                    return names(a_.layers, r.layersA, true).join(QLatin1Char('\n'));
                case LayersB:
                    return names(b_.layers, r.layersB, true).join(QLatin1Char('\n'));
                default:
                    return {};
            }
        case Qt::ForegroundRole:
            // Faster in B is green, slower red; differences under 5 % are noise on a shared CPU.
            if ((column == DeltaMs || column == DeltaPercent) && r.msA > 0 &&
                std::abs(r.deltaPercent()) >= 5.0)
                return QBrush(r.deltaMs() < 0 ? QColor(46, 125, 50) : QColor(198, 40, 40));
            return {};
        case Qt::DisplayRole:
        case SortRole:
            break;
        default:
            return {};
    }
    const bool sort = role == SortRole;
    const QString none = QStringLiteral("\u2014");
    switch (column) {
        case OnnxNodes:
            if (sort) return r.onnxNodes.isEmpty() ? QString() : r.onnxNodes.front();
            return r.onnxNodes.isEmpty() ? tr("(no ONNX node)") : shortList(r.onnxNodes);
        case LayersA:
            return r.layersA.empty() ? (sort ? QString() : none)
                                     : shortList(names(a_.layers, r.layersA, false));
        case LayersB:
            return r.layersB.empty() ? (sort ? QString() : none)
                                     : shortList(names(b_.layers, r.layersB, false));
        case MsA:
            if (sort) return r.msA;
            return r.layersA.empty() ? none : QString::number(r.msA, 'f', 4);
        case MsB:
            if (sort) return r.msB;
            return r.layersB.empty() ? none : QString::number(r.msB, 'f', 4);
        case ErrorA:
            if (sort) return r.errorA;
            return r.errorA < 0 ? none : QString::number(r.errorA, 'g', 3);
        case ErrorB:
            if (sort) return r.errorB;
            return r.errorB < 0 ? none : QString::number(r.errorB, 'g', 3);
        case DeltaMs:
            if (sort) return r.deltaMs();
            return signedText(r.deltaMs(), 4, QString());
        case DeltaPercent:
            if (sort) return r.deltaPercent();
            if (r.msA <= 0) return none;
            return signedText(r.deltaPercent(), 1, QStringLiteral(" %"));
        case ColumnCount:
            break;
    }
    return {};
}

QVariant BuildComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (Column(section)) {
        case OnnxNodes:
            return tr("ONNX source nodes");
        case LayersA:
            return tr("Layers A");
        case MsA:
            return tr("A median (ms)");
        case ErrorA:
            return tr("A max error");
        case LayersB:
            return tr("Layers B");
        case MsB:
            return tr("B median (ms)");
        case ErrorB:
            return tr("B max error");
        case DeltaMs:
            return tr("\u0394 ms (B \u2212 A)");
        case DeltaPercent:
            return tr("\u0394 %");
        case ColumnCount:
            break;
    }
    return {};
}

QString BuildComparisonModel::csv() const {
    QString out = QStringLiteral(
        "onnx_nodes,layers_a,median_ms_a,max_abs_error_a,layers_b,median_ms_b,max_abs_error_b,delta_ms,delta_"
        "percent\n");
    auto layerNames = [](const std::vector<ComparedLayer>& side, const std::vector<int>& members) {
        QStringList names;
        for (int m : members) names << side[size_t(m)].name;
        return names.join(QLatin1Char(' '));
    };
    for (const ComparisonRow& r : rows_) {
        out += QStringList{csvField(r.onnxNodes.join(QLatin1Char(' '))),
                           csvField(layerNames(a_.layers, r.layersA)),
                           r.layersA.empty() ? QString() : QString::number(r.msA, 'g', 8),
                           number(r.errorA),
                           csvField(layerNames(b_.layers, r.layersB)),
                           r.layersB.empty() ? QString() : QString::number(r.msB, 'g', 8),
                           number(r.errorB),
                           QString::number(r.deltaMs(), 'g', 8),
                           r.msA > 0 ? QString::number(r.deltaPercent(), 'g', 6) : QString()}
                   .join(QLatin1Char(','));
        out += QLatin1Char('\n');
    }
    const double percent = a_.totalMs > 0 ? totalDeltaMs() / a_.totalMs * 100.0 : 0.0;
    out += QStringList{QStringLiteral("TOTAL"),
                       csvField(a_.spec.label),
                       QString::number(a_.totalMs, 'g', 8),
                       number(a_.outputError),
                       csvField(b_.spec.label),
                       QString::number(b_.totalMs, 'g', 8),
                       number(b_.outputError),
                       QString::number(totalDeltaMs(), 'g', 8),
                       QString::number(percent, 'g', 6)}
               .join(QLatin1Char(','));
    out += QLatin1Char('\n');
    return out;
}

bool BuildComparisonModel::exportCsv(const QString& path, QString* error) const {
    if (!hasResult_) {
        if (error) *error = tr("There is no build comparison yet.");
        return false;
    }
    QSaveFile file(path);
    const QByteArray bytes = csv().toUtf8();
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error) *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

namespace {

// JSON has no infinities: non-finite numbers are written as text.
QJsonValue numberJson(double v) {
    if (std::isfinite(v)) return v;
    return std::isnan(v) ? QStringLiteral("nan") : (v > 0 ? QStringLiteral("inf") : QStringLiteral("-inf"));
}

double numberFrom(const QJsonValue& v, double fallback) {
    if (v.isDouble()) return v.toDouble();
    const QString s = v.toString();
    if (s == QLatin1String("inf")) return std::numeric_limits<double>::infinity();
    if (s == QLatin1String("-inf")) return -std::numeric_limits<double>::infinity();
    if (s == QLatin1String("nan")) return std::numeric_limits<double>::quiet_NaN();
    return fallback;
}

QJsonObject sideJson(const BuildSideResult& side) {
    QJsonObject o;
    o[QStringLiteral("label")] = side.spec.label;
    o[QStringLiteral("settings")] =
        QJsonDocument::fromJson(QByteArray::fromStdString(kiln::builderConfigToJson(side.spec.config))).object();
    QJsonArray layers;
    for (const ComparedLayer& l : side.layers) {
        QJsonObject lj;
        lj[QStringLiteral("name")] = l.name;
        lj[QStringLiteral("type")] = l.type;
        lj[QStringLiteral("origin")] = QJsonArray::fromStringList(l.origin);
        lj[QStringLiteral("medianMs")] = numberJson(l.medianMs);
        lj[QStringLiteral("maxAbsError")] = numberJson(l.maxAbsError);
        layers.append(lj);
    }
    o[QStringLiteral("layers")] = layers;
    o[QStringLiteral("totalMs")] = numberJson(side.totalMs);
    o[QStringLiteral("outputError")] = numberJson(side.outputError);
    o[QStringLiteral("outputsPassed")] = side.outputsPassed;
    o[QStringLiteral("buildMs")] = numberJson(side.buildMs);
    return o;
}

BuildSideResult sideFrom(const QJsonObject& o, const QString& key) {
    BuildSideResult side;
    side.spec.label = o.value(QStringLiteral("label")).toString();
    side.spec.config = kiln::builderConfigFromJson(
        QJsonDocument(o.value(QStringLiteral("settings")).toObject()).toJson().toStdString(),
        QStringLiteral("workspace buildComparison.%1.settings").arg(key).toStdString());
    KILN_CHECK(o.value(QStringLiteral("layers")).isArray(), InvalidArgument, "workspace buildComparison.",
               key.toStdString(), ": field 'layers' is missing");
    for (const QJsonValue& v : o.value(QStringLiteral("layers")).toArray()) {
        const QJsonObject lj = v.toObject();
        ComparedLayer l;
        l.name = lj.value(QStringLiteral("name")).toString();
        l.type = lj.value(QStringLiteral("type")).toString();
        for (const QJsonValue& n : lj.value(QStringLiteral("origin")).toArray()) l.origin << n.toString();
        l.medianMs = numberFrom(lj.value(QStringLiteral("medianMs")), 0);
        l.maxAbsError = numberFrom(lj.value(QStringLiteral("maxAbsError")), -1);
        side.layers.push_back(std::move(l));
    }
    side.totalMs = numberFrom(o.value(QStringLiteral("totalMs")), 0);
    side.outputError = numberFrom(o.value(QStringLiteral("outputError")), -1);
    side.outputsPassed = o.value(QStringLiteral("outputsPassed")).toBool();
    side.buildMs = numberFrom(o.value(QStringLiteral("buildMs")), 0);
    return side;
}

}  // namespace

QJsonObject BuildComparisonModel::resultsJson() const {
    if (!hasResult_) return {};
    QJsonObject out;
    out[QStringLiteral("a")] = sideJson(a_);
    out[QStringLiteral("b")] = sideJson(b_);
    return out;
}

bool BuildComparisonModel::restoreResults(const QJsonObject& results, QString* error) {
    if (isRunning()) return false;
    BuildSideResult a, b;
    try {
        a = sideFrom(results.value(QStringLiteral("a")).toObject(), QStringLiteral("a"));
        b = sideFrom(results.value(QStringLiteral("b")).toObject(), QStringLiteral("b"));
    } catch (const std::exception& e) {
        if (error) *error = LibraryText::error(e);
        return false;
    }
    beginResetModel();
    a_ = std::move(a);
    b_ = std::move(b);
    rows_ = matchByProvenance(a_.layers, b_.layers);
    hasResult_ = true;
    error_.clear();
    endResetModel();
    emit finished();
    return true;
}

}  // namespace kiln::studio
