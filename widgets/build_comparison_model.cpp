#include "widgets/build_comparison_model.h"
#include "widgets/library_text.h"

#include <QBrush>
#include <QColor>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <unordered_map>

#include "engine_core/builder/execution_context.h"
#include "engine_core/common/error.h"
#include "widgets/build_controller.h"
#include "widgets/text_export.h"

namespace kiln::studio {

std::vector<ComparisonRow> matchByProvenance(const std::vector<ComparedLayer>& a,
                                             const std::vector<ComparedLayer>& b) {
    // Union-find over ONNX node names: every layer joins the nodes it came from, so two layers (on
    // either side) that share a node end up in one group, transitively.
    QHash<QString, int> ids;
    ids.reserve(qsizetype(a.size() + b.size()));
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
    // Each layer's origin as node ids (origin order): the rows list their nodes from these, so no
    // name is hashed twice.
    std::vector<std::vector<int>> nodesA(a.size()), nodesB(b.size());
    auto anchor = [&](const ComparedLayer& layer, const QString& side, std::vector<int>& nodes) {
        // A layer with no ONNX source matches nothing: its own private key.
        if (layer.origin.isEmpty()) return idOf(QStringLiteral("\x01%1:%2").arg(side, layer.name));
        nodes.reserve(size_t(layer.origin.size()));
        for (const QString& node : layer.origin) nodes.push_back(idOf(node));
        for (int id : nodes) {
            const int r1 = find(nodes.front()), r2 = find(id);
            if (r1 != r2) parent[size_t(r2)] = r1;
        }
        return nodes.front();
    };
    std::vector<int> anchorA, anchorB;
    for (size_t i = 0; i < a.size(); ++i) anchorA.push_back(anchor(a[i], QStringLiteral("A"), nodesA[i]));
    for (size_t i = 0; i < b.size(); ++i) anchorB.push_back(anchor(b[i], QStringLiteral("B"), nodesB[i]));

    std::vector<ComparisonRow> rows;
    std::vector<double>
        keys;  // A rows: their first A layer; B-only rows just after the previous B layer's row
    std::vector<size_t> rowOfRoot(parent.size(), SIZE_MAX);  // by group root id
    auto rowFor = [&](int root, double key) {
        size_t& row = rowOfRoot[size_t(root)];
        if (row == SIZE_MAX) {
            row = rows.size();
            rows.emplace_back();
            keys.push_back(key);
        }
        return row;
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
    // Per node id, the last row that listed it: a row lists each node once, in a linear pass even
    // when it covers thousands of nodes.
    std::vector<int> listedIn(parent.size(), -1);
    for (size_t index : order) {
        ComparisonRow row = std::move(rows[index]);
        const int rowNumber = int(out.size());
        auto fill = [&](const std::vector<ComparedLayer>& side, const std::vector<std::vector<int>>& nodes,
                        const std::vector<int>& members, double& ms, double& error) {
            for (int m : members) {
                const ComparedLayer& l = side[size_t(m)];
                ms += l.medianMs;
                if (l.maxAbsError >= 0 || std::isnan(l.maxAbsError))
                    error = l.maxAbsError;  // the last compared one
                const std::vector<int>& ids = nodes[size_t(m)];
                for (size_t k = 0; k < ids.size(); ++k) {
                    if (listedIn[size_t(ids[k])] == rowNumber) continue;
                    listedIn[size_t(ids[k])] = rowNumber;
                    row.onnxNodes << l.origin[qsizetype(k)];
                }
            }
        };
        fill(a, nodesA, row.layersA, row.msA, row.errorA);
        fill(b, nodesB, row.layersB, row.msB, row.errorB);
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

// Hands progress messages to the GUI thread, where each one repaints the view. The builder reports
// every layer (10,000 of them on a big model): of a phase's steps only the first, the last and one
// per kProgressIntervalMs pass; stage messages always do.
class ProgressRelay {
public:
    static constexpr qint64 kProgressIntervalMs = 100;
    explicit ProgressRelay(std::function<void(const QString&)> send) : send_(std::move(send)) {}
    void stage(const QString& message) {
        send_(message);
        last_.start();
    }
    void step(size_t i, size_t n, const std::function<QString()>& message) {
        if (i == 0 || i >= n || !last_.isValid() || last_.elapsed() >= kProgressIntervalMs) stage(message());
    }

private:
    std::function<void(const QString&)> send_;
    QElapsedTimer last_;
};

void checkCancel(const std::shared_ptr<std::atomic<bool>>& cancel) {
    if (cancel->load()) kiln::fail(kiln::ErrorKind::Cancelled, "build comparison cancelled");
}

// One side built and profiled (the calls `kiln build` and `kiln run --dump-profile` make), with the
// inputs it ran on for its comparison with the reference.
struct SideRun {
    BuildSideResult result;
    kiln::TensorMap inputs;
    std::vector<std::string> layerNames;  // parallel to result.layers
};

void profileSide(SideRun& run, bool isA, const ProfileRunOptions& options,
                 const std::shared_ptr<std::atomic<bool>>& cancel, ProgressRelay& report,
                 ComparisonTimings& timings, QElapsedTimer& clock);

SideRun buildAndProfile(const kiln::Graph& model, const BuildSpec& spec, bool isA, const ProfileRunOptions& options,
                        const std::shared_ptr<std::atomic<bool>>& cancel, ProgressRelay& report,
                        ComparisonTimings& timings, const kiln::TensorMap* inputs = nullptr,
                        const RunInputChoice* choice = nullptr, QString* inputText = nullptr) {
    const int s = isA ? 0 : 1;
    QElapsedTimer clock;
    clock.start();
    SideRun run;
    BuildSideResult& side = run.result;
    side.spec = spec;
    kiln::BuildCallbacks callbacks;
    callbacks.cancelled = [cancel] { return cancel->load(); };
    callbacks.progress = [&](kiln::BuildPhase phase, size_t i, size_t n, const std::string&) {
        report.step(i, n, [&] {
            return BuildComparisonModel::tr("Build %1 (%2): %3 %4/%5")
                .arg(sideLabel(isA), spec.label, buildPhaseTitle(phase))
                .arg(i)
                .arg(n);
        });
    };
    kiln::BuildReport buildReport;
    kiln::BuildOptions buildOptions;
    buildOptions.report = &buildReport;
    side.engine = kiln::buildEngine(model, spec.config, callbacks, buildOptions);
    side.buildMs = buildReport.buildMs;
    timings.buildMs[s] = msOf(clock);
    checkCancel(cancel);

    // The given inputs (an engine comparison's), the ones the user chose made against this side's
    // engine (its profile 0), or seeded random at its opt shapes.
    if (inputs) {
        run.inputs = *inputs;
    } else if (choice) {
        RunInputs made = makeRunInputs(*side.engine, model, *choice);
        run.inputs = std::move(made.tensors);
        if (inputText) *inputText = made.description();
    } else {
        run.inputs = makeEngineInputs(*side.engine, model, options.seed);
    }
    profileSide(run, isA, options, cancel, report, timings, clock);
    return run;
}

// Profiles a side whose engine and inputs are set (`kiln run --dump-profile`): its layers and times.
void profileSide(SideRun& run, bool isA, const ProfileRunOptions& options,
                 const std::shared_ptr<std::atomic<bool>>& cancel, ProgressRelay& report,
                 ComparisonTimings& timings, QElapsedTimer& clock) {
    const int s = isA ? 0 : 1;
    BuildSideResult& side = run.result;
    report.stage(BuildComparisonModel::tr("Profiling %1 (%2)\u2026").arg(sideLabel(isA), side.spec.label));
    std::unique_ptr<kiln::ExecutionContext> context = side.engine->createExecutionContext();
    for (int i = 0; i < options.warmup; ++i) context->execute(run.inputs);
    kiln::LayerProfiler profiler;
    for (int i = 0; i < std::max(1, options.iterations); ++i) {
        checkCancel(cancel);
        context->execute(run.inputs, &profiler);
    }
    const kiln::LayerProfileReport profile =
        kiln::makeLayerProfileReport(kiln::describeEngineLayers(*side.engine), profiler);
    side.totalMs = profile.sumOfMediansMs;
    side.layers.reserve(profile.rows.size());
    run.layerNames.reserve(profile.rows.size());
    for (const kiln::LayerProfileRow& r : profile.rows) {
        ComparedLayer l;
        l.name = QString::fromStdString(r.layer.name);
        l.type = QString::fromStdString(r.layer.type);
        for (const std::string& o : r.layer.origin) l.origin << QString::fromStdString(o);
        l.medianMs = r.stats.median;
        side.layers.push_back(std::move(l));
        run.layerNames.push_back(r.layer.name);
    }
    timings.profileMs[s] = msOf(clock);
}

// One side against the reference, every layer boundary (`kiln compare --per-layer`): fills the
// layers' errors and the output error.
void compareSide(const kiln::Graph& model, SideRun& run, bool isA, const kiln::ReferenceRun& reference,
                 ComparisonTimings& timings) {
    QElapsedTimer clock;
    clock.start();
    BuildSideResult& side = run.result;
    kiln::CompareOptions compareOptions;
    compareOptions.perLayer = true;
    const kiln::CompareReport accuracy =
        kiln::compareWithReference(model, *side.engine, run.inputs, reference, compareOptions);
    std::unordered_map<std::string, double> errorOf;
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
    for (size_t i = 0; i < side.layers.size(); ++i)
        if (auto it = errorOf.find(run.layerNames[i]); it != errorOf.end()) side.layers[i].maxAbsError = it->second;
    timings.compareMs[isA ? 0 : 1] = msOf(clock);
}

// Both sides: A built and profiled, then B (one after the other: timing both at once on a shared
// CPU would make neither number true), then each compared with the reference. The reference runs
// once when both sides run on the same inputs (the same profile 0 opt shapes), else once per side.
void runComparison(const kiln::Graph& model, const BuildSpec& a, const BuildSpec& b,
                   const ProfileRunOptions& options, const std::shared_ptr<std::atomic<bool>>& cancel,
                   ProgressRelay& report, BuildSideResult& outA, BuildSideResult& outB,
                   ComparisonTimings& timings, const RunInputChoice& choice, QString& inputText) {
    QString textA, textB;
    SideRun runA = buildAndProfile(model, a, true, options, cancel, report, timings, nullptr, &choice, &textA);
    checkCancel(cancel);
    SideRun runB = buildAndProfile(model, b, false, options, cancel, report, timings, nullptr, &choice, &textB);
    // One line when both ran on the same inputs; each side's when their profiles made them differ.
    inputText = textA == textB ? textA : BuildComparisonModel::tr("A: %1; B: %2").arg(textA, textB);
    std::optional<kiln::ReferenceRun> reference;
    for (auto [run, isA] : {std::pair{&runA, true}, std::pair{&runB, false}}) {
        checkCancel(cancel);
        report.stage(BuildComparisonModel::tr("Comparing %1 (%2) with the reference\u2026")
                         .arg(sideLabel(isA), run->result.spec.label));
        if (!reference || !reference->ranOn(run->inputs)) {
            QElapsedTimer clock;
            clock.start();
            reference.reset();  // A's intermediates go before B's reference is made
            reference = kiln::runReference(model, run->inputs, true);
            timings.referenceMs += msOf(clock);
            ++timings.referenceRuns;
        }
        compareSide(model, *run, isA, *reference, timings);
    }
    outA = std::move(runA.result);
    outB = std::move(runB.result);
}

// The inputs of two engines (or of a model and an engine) must be the same tensors: the first input
// one side has and the other lacks, or has with another type, fails naming it.
void checkSameInputs(const std::vector<std::pair<std::string, kiln::DataType>>& a, const QString& nameA,
                     const std::vector<std::pair<std::string, kiln::DataType>>& b, const QString& nameB) {
    auto names = [](const std::vector<std::pair<std::string, kiln::DataType>>& side) {
        QStringList out;
        for (const auto& [name, type] : side) out << QString::fromStdString(name);
        return out.join(QStringLiteral(", "));
    };
    auto find = [](const std::vector<std::pair<std::string, kiln::DataType>>& side, const std::string& name) {
        return std::find_if(side.begin(), side.end(), [&](const auto& p) { return p.first == name; });
    };
    for (auto [x, xName, y, yName] : {std::tuple{&a, nameA, &b, nameB}, std::tuple{&b, nameB, &a, nameA}}) {
        for (const auto& [name, type] : *x) {
            auto it = find(*y, name);
            if (it == y->end())
                throw std::runtime_error(
                    BuildComparisonModel::tr("%1 has input \u201c%2\u201d, %3 has not (its inputs: %4): they "
                                             "come from different models.")
                        .arg(xName, QString::fromStdString(name), yName, names(*y))
                        .toStdString());
            if (it->second != type)
                throw std::runtime_error(
                    BuildComparisonModel::tr("Input \u201c%1\u201d is %2 in %3 and %4 in %5: they come from "
                                             "different models.")
                        .arg(QString::fromStdString(name),
                             QString::fromLatin1(kiln::dataTypeName(type).data(), qsizetype(kiln::dataTypeName(type).size())),
                             xName,
                             QString::fromLatin1(kiln::dataTypeName(it->second).data(),
                                                 qsizetype(kiln::dataTypeName(it->second).size())),
                             yName)
                        .toStdString());
        }
    }
}

std::vector<std::pair<std::string, kiln::DataType>> inputsOf(const kiln::Engine& engine) {
    std::vector<std::pair<std::string, kiln::DataType>> out;
    for (const kiln::EngineTensor& t : engine.inputs()) out.emplace_back(t.name, t.dtype);
    return out;
}

std::vector<std::pair<std::string, kiln::DataType>> inputsOf(const kiln::Graph& model) {
    std::vector<std::pair<std::string, kiln::DataType>> out;
    for (const kiln::Value* v : model.inputs()) out.emplace_back(v->name, v->dtype);
    return out;
}

std::shared_ptr<const kiln::Engine> loadSide(const QString& path, bool isA, ProgressRelay& report) {
    report.stage(BuildComparisonModel::tr("Reading engine %1 (%2)\u2026").arg(sideLabel(isA), QFileInfo(path).fileName()));
    return kiln::Engine::load(path.toStdString());
}

// Engines already built (BuildComparisonModel::runEngines): no build step, the same inputs for both.
void runEngineComparison(const std::shared_ptr<const kiln::Graph>& model, const QString& fileA,
                         const QString& fileB, const ProfileRunOptions& options, const RunInputChoice& choice,
                         const std::shared_ptr<std::atomic<bool>>& cancel, ProgressRelay& report,
                         BuildSideResult& outA, BuildSideResult& outB, ComparisonTimings& timings,
                         QString& inputText) {
    SideRun runA, runB;
    runB.result.engine = loadSide(fileB, false, report);
    runB.result.spec.label = QFileInfo(fileB).fileName();
    runB.result.spec.config = runB.result.engine->config();
    checkCancel(cancel);
    QElapsedTimer clock;
    clock.start();
    if (model) {
        // The model's fresh level-0 build against the engine file: both from the model, checked
        // against its reference.
        checkSameInputs(inputsOf(*model), BuildComparisonModel::tr("the model"), inputsOf(*runB.result.engine),
                        BuildComparisonModel::tr("engine %1").arg(runB.result.spec.label));
    } else {
        runA.result.engine = loadSide(fileA, true, report);
        runA.result.spec.label = QFileInfo(fileA).fileName();
        runA.result.spec.config = runA.result.engine->config();
        checkSameInputs(inputsOf(*runA.result.engine), BuildComparisonModel::tr("engine %1").arg(runA.result.spec.label),
                        inputsOf(*runB.result.engine),
                        BuildComparisonModel::tr("engine %1").arg(runB.result.spec.label));
    }
    checkCancel(cancel);
    // The inputs as the user chose them, made against A's engine (its profile 0): B gets the same
    // tensors (its context refuses a shape outside its own profile, naming the input).
    // With a model, they are made against the engine file B, which came from it.
    const RunInputs inputs = model ? makeRunInputs(*runB.result.engine, *model, choice)
                                   : makeRunInputs(*runA.result.engine, runA.result.engine->graph(), choice);
    inputText = inputs.description();
    runB.inputs = inputs.tensors;
    if (model) {
        // A: the model built at level 0 with the engine file's settings (its profiles, its
        // precisions), so the difference is what the optimizations did.
        BuildSpec spec;
        spec.config = runB.result.engine->config();
        spec.config.optimizationLevel = 0;
        spec.label = BuildComparisonModel::tr("level 0 build");
        runA = buildAndProfile(*model, spec, true, options, cancel, report, timings, &inputs.tensors);
    } else {
        runA.inputs = inputs.tensors;
        clock.restart();
        profileSide(runA, true, options, cancel, report, timings, clock);
    }
    checkCancel(cancel);
    clock.restart();
    profileSide(runB, false, options, cancel, report, timings, clock);
    checkCancel(cancel);
    if (model) {
        report.stage(BuildComparisonModel::tr("Comparing A and B with the reference\u2026"));
        clock.restart();
        const kiln::ReferenceRun reference = kiln::runReference(*model, inputs.tensors, true);
        timings.referenceMs = msOf(clock);
        timings.referenceRuns = 1;
        compareSide(*model, runA, true, reference, timings);
        checkCancel(cancel);
        compareSide(*model, runB, false, reference, timings);
    } else {
        // No ONNX model: A is the baseline, B's outputs are compared with A's.
        report.stage(BuildComparisonModel::tr("Comparing the outputs of B with A\u2026"));
        clock.restart();
        const kiln::TensorMap outA = runA.result.engine->createExecutionContext()->execute(inputs.tensors);
        const kiln::TensorMap outBTensors = runB.result.engine->createExecutionContext()->execute(inputs.tensors);
        runA.result.outputError = 0;
        runA.result.outputsPassed = true;
        runB.result.outputError = 0;
        runB.result.outputsPassed = true;
        for (const auto& [name, expected] : outA) {
            auto it = outBTensors.find(name);
            if (it == outBTensors.end())
                throw std::runtime_error(BuildComparisonModel::tr("%1 has output \u201c%2\u201d, %3 has not.")
                                             .arg(runA.result.spec.label, QString::fromStdString(name),
                                                  runB.result.spec.label)
                                             .toStdString());
            const kiln::TensorComparison c = kiln::compareTensors(it->second, expected, kiln::Tolerance{}, name);
            runB.result.outputError = std::max(runB.result.outputError, c.maxAbsError);
            runB.result.outputsPassed = runB.result.outputsPassed && c.passed();
        }
        timings.compareMs[1] = msOf(clock);
    }
    outA = std::move(runA.result);
    outB = std::move(runB.result);
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

BuildComparisonModel::BuildComparisonModel(QObject* parent)
    : QAbstractTableModel(parent),
      task_(
          this, [this](Outcome out) { onFinished(std::move(out)); },
          [this](const QString& message) { onFailed(message); },
          // A run that clear() discarded ends: no longer running (views and actions refresh).
          [this] {
              beginResetModel();
              endResetModel();
          }) {}

BuildComparisonModel::~BuildComparisonModel() {
    if (cancel_) cancel_->store(true);
    task_.waitForFinished();
}

template <typename Work>
void BuildComparisonModel::startJob(Work work) {
    error_.clear();
    cancel_ = std::make_shared<std::atomic<bool>>(false);
    auto cancel = cancel_;
    auto send = [this](const QString& message) {
        QMetaObject::invokeMethod(
            this, [this, message] { emit progress(message); }, Qt::QueuedConnection);
    };
    // One worker for both sides.
    task_.start([work, cancel, send] {
        Outcome out;
        ProgressRelay report(send);
        QElapsedTimer clock;
        clock.start();
        work(cancel, report, out);
        out.timings.workerMs = msOf(clock);
        return out;
    });
    emit started();  // after start(): its slots (Compare Builds, Cancel) read isRunning()
}

void BuildComparisonModel::run(std::shared_ptr<const kiln::Graph> model, const BuildSpec& a,
                               const BuildSpec& b, const ProfileRunOptions& options, const RunInputChoice& choice) {
    if (isRunning() || !model) return;
    startJob([model, a, b, options, choice](const std::shared_ptr<std::atomic<bool>>& cancel,
                                            ProgressRelay& report, Outcome& out) {
        runComparison(*model, a, b, options, cancel, report, out.a, out.b, out.timings, choice, out.inputText);
    });
}

void BuildComparisonModel::runEngines(std::shared_ptr<const kiln::Graph> model, const QString& fileA,
                                      const QString& fileB, const ProfileRunOptions& options,
                                      const RunInputChoice& choice) {
    if (isRunning() || fileB.isEmpty() || (!model && fileA.isEmpty())) return;
    startJob([model, fileA, fileB, options, choice](const std::shared_ptr<std::atomic<bool>>& cancel,
                                                   ProgressRelay& report, Outcome& out) {
        runEngineComparison(model, fileA, fileB, options, choice, cancel, report, out.a, out.b, out.timings,
                            out.inputText);
    });
}

void BuildComparisonModel::cancel() {
    if (cancel_) cancel_->store(true);
}

void BuildComparisonModel::clear() {
    task_.discard();  // a running job's result belongs to what is cleared
    beginResetModel();
    a_ = {};
    b_ = {};
    rows_.clear();
    changedRows_ = 0;
    hasResult_ = false;
    inputText_.clear();
    error_.clear();
    endResetModel();
}

void BuildComparisonModel::onFailed(const QString& message) {
    error_ = message.section(QLatin1Char('\n'), 0, 0);  // the status line has one line
    emit failed(error_);
}

void BuildComparisonModel::onFinished(Outcome out) {
    // Cancel pressed after the worker's last check (a small model, or the GUI thread descheduled
    // between starting and cancelling): still cancelled, no new result, the same status line.
    if (cancel_ && cancel_->load()) {
        try {
            checkCancel(cancel_);
        } catch (const std::exception& e) {
            onFailed(LibraryText::error(e));
            return;
        }
    }
    timings_ = out.timings;
    inputText_ = out.inputText;
    setResult(std::move(out.a), std::move(out.b));
}

void BuildComparisonModel::setResult(BuildSideResult a, BuildSideResult b) {
    QElapsedTimer clock;
    clock.start();
    beginResetModel();
    a_ = std::move(a);
    b_ = std::move(b);
    QElapsedTimer matchClock;
    matchClock.start();
    rows_ = matchByProvenance(a_.layers, b_.layers);
    timings_.matchMs = msOf(matchClock);
    changedRows_ = 0;
    for (const ComparisonRow& r : rows_) {
        auto same = [&](size_t k) {
            const ComparedLayer& x = a_.layers[size_t(r.layersA[k])];
            const ComparedLayer& y = b_.layers[size_t(r.layersB[k])];
            return x.name == y.name && x.type == y.type;
        };
        bool changed = r.layersA.size() != r.layersB.size();
        for (size_t k = 0; !changed && k < r.layersA.size(); ++k) changed = !same(k);
        changedRows_ += changed ? 1 : 0;
    }
    hasResult_ = true;
    error_.clear();
    endResetModel();
    timings_.resetMs = msOf(clock);
    emit finished();
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
    return writeFileAtomically(path, csv().toUtf8(), error);
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
    // An engine comparison's inputs (optional: build comparisons have none).
    if (!inputText_.isEmpty()) out[QStringLiteral("input")] = inputText_;
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
    timings_ = {};
    inputText_ = results.value(QStringLiteral("input")).toString();
    setResult(std::move(a), std::move(b));
    return true;
}

}  // namespace kiln::studio
