#include "widgets/prune_model.h"

#include <QFileInfo>
#include <QMetaObject>
#include <chrono>
#include <filesystem>

#include "engine_core/common/error.h"
#include "engine_core/onnx/importer.h"
#include "engine_core/onnx/run_inputs.h"
#include "engine_core/runtime/executor.h"
#include "profiler/accuracy.h"

namespace kiln::studio {

namespace {

// The seeded random inputs `kiln prune` makes: given dims for dynamic inputs, else 1 per dynamic dim.
kiln::TensorMap randomInputs(const kiln::Graph& model, uint64_t seed,
                             const std::map<std::string, std::vector<int64_t>>& given) {
    kiln::RandomInputOptions options;
    options.seed = seed;
    for (const kiln::Value* v : model.runtimeInputs()) {
        if (auto it = given.find(v->name); it != given.end()) {
            options.shapes[v->name] = it->second;
            continue;
        }
        if (!v->shape.rankKnown || v->shape.isStatic()) continue;
        std::vector<int64_t> dims;
        for (const kiln::Dim& d : v->shape.dims) dims.push_back(d.isStatic() ? d.value : 1);
        options.shapes[v->name] = dims;
    }
    kiln::TensorMap inputs;
    kiln::addRandomInputs(model, options, inputs);
    return inputs;
}

bool sameFile(const QString& a, const QString& b) {
    std::error_code ec;
    const std::filesystem::path pa = a.toStdString(), pb = b.toStdString();
    return std::filesystem::exists(pb, ec) && std::filesystem::equivalent(pa, pb, ec);
}

}  // namespace

PruneModel::PruneModel(QObject* parent)
    : QObject(parent),
      analysis_(
          this,
          [this](kiln::ModelSparsityReport report) {
              report_ = std::move(report);
              hasAnalysis_ = true;
              emit analyzed();
          },
          [this](const QString& message) { onFailed(message); }),
      task_(
          this, [this](Outcome outcome) { onFinished(std::move(outcome)); },
          [this](const QString& message) { onFailed(message); }) {}

PruneModel::~PruneModel() {
    cancel_ = true;
    analysis_.waitForFinished();
    task_.waitForFinished();
}

void PruneModel::analyze(const QString& model) {
    if (analysis_.isRunning()) return;
    hasAnalysis_ = false;
    report_ = {};
    error_.clear();
    analysis_.start([path = model.toStdString()] { return kiln::analyzeModelSparsity(path); });
}

bool PruneModel::prunable(const kiln::LayerSparsity& layer, QString* why) {
    QString reason;
    switch (layer.blocker) {
        case kiln::SparsityBlocker::None:
            break;
        case kiln::SparsityBlocker::WeightNotInitializer:
            reason = layer.weight.empty()
                         ? tr("no weight input")
                         : tr("weight '%1' is not an initializer (computed or a graph input)")
                               .arg(QString::fromStdString(layer.weight));
            break;
        case kiln::SparsityBlocker::WeightIsGraphInput:
            reason = tr("weight '%1' is also a graph input, so a run may replace it")
                         .arg(QString::fromStdString(layer.weight));
            break;
        case kiln::SparsityBlocker::WeightNotFloatingPoint:
            reason = tr("weight '%1' is %2, not floating point")
                         .arg(QString::fromStdString(layer.weight),
                              QString::fromLatin1(kiln::dataTypeName(layer.dtype).data()));
            break;
        case kiln::SparsityBlocker::WeightRankTooLow:
            reason = tr("weight '%1' has rank %2")
                         .arg(QString::fromStdString(layer.weight))
                         .arg(layer.dims.size());
            break;
        case kiln::SparsityBlocker::ReductionNotMultipleOf4:
            reason = tr("%1 is not a multiple of 4").arg(QString::fromStdString(layer.groupAxisText()));
            break;
    }
    if (reason.isEmpty() && layer.consumers > 1)
        reason = tr("weight '%1' is read by %2 nodes; pruning it would change them all")
                     .arg(QString::fromStdString(layer.weight))
                     .arg(layer.consumers);
    if (why) *why = reason;
    return reason.isEmpty();
}

QStringList PruneModel::defaultLayers() const {
    QStringList layers;
    for (const kiln::LayerSparsity& l : report_.layers)
        if (prunable(l)) layers << QString::fromStdString(l.layer);
    return layers;
}

QString PruneModel::stageText(Stage stage) {
    switch (stage) {
        case Stage::Writing:
            return tr("Pruning and writing the model\u2026");
        case Stage::RunningOriginal:
            return tr("Running the original model\u2026");
        case Stage::RunningPruned:
            return tr("Running the pruned model\u2026");
    }
    return {};
}

void PruneModel::run(const PruneRequest& request) {
    if (task_.isRunning() || request.layers.isEmpty()) return;
    error_.clear();
    hasOutcome_ = false;
    outcome_ = {};
    accuracy_.clear();
    output_ = request.output;
    if (request.output.isEmpty()) {
        onFailed(tr("Choose the file to write the pruned model to."));
        return;
    }
    if (sameFile(request.model, request.output)) {
        onFailed(tr("%1 is the open model: write the pruned model to another file.").arg(request.output));
        return;
    }
    accuracy_.setTolerance(request.tolerance);
    cancel_ = false;
    kiln::PruneOptions options;
    for (const QString& l : request.layers) options.layers.push_back(l.toStdString());
    // Progress from the worker: posted to this object's thread, only when the percentage moves.
    auto report = [this, last = std::make_shared<std::atomic<int>>(-1)](Stage stage, int percent) {
        if (last->exchange(percent) == percent) return;
        QMetaObject::invokeMethod(
            this, [this, stage, percent] { emit progress(stage, percent); }, Qt::QueuedConnection);
    };
    task_.start([request, options, report, cancel = &cancel_]() -> Outcome {
        Outcome out;
        const std::string input = request.model.toStdString(), output = request.output.toStdString();
        std::shared_ptr<const kiln::Graph> original = request.original;
        if (!original) {
            kiln::ImportResult imported = kiln::importOnnxFile(input);
            original = std::shared_ptr<const kiln::Graph>(std::move(imported.graph));
        }
        // Inputs and the original's run plan before writing anything: a model that can't take them
        // (or that the reference can't run) leaves no file behind.
        const kiln::TensorMap inputs = randomInputs(*original, request.seed, request.shapes);
        const kiln::Executor originalRun(*original);
        if (*cancel) {
            out.cancelled = true;
            return out;
        }
        report(Stage::Writing, 0);
        out.result = kiln::pruneModelFile(input, output, options);
        out.written = true;
        kiln::ImportResult pruned = kiln::importOnnxFile(output);
        const kiln::Executor prunedRun(*pruned.graph);
        auto runOf = [&](const kiln::Executor& executor, Stage stage, int from, double* ms) {
            kiln::RunOptions options;
            options.cancelled = [cancel] { return cancel->load(); };
            const size_t nodes = std::max<size_t>(1, executor.order().size());
            options.afterNode = [&, stage, from, nodes](size_t i, const kiln::Node&, double) {
                report(stage, from + int(45 * (i + 1) / nodes));
            };
            options.batchSplit = false;  // afterNode follows one whole-batch run anyway
            report(stage, from);
            const auto start = std::chrono::steady_clock::now();
            kiln::TensorMap outputs = executor.run(inputs, options);
            *ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
            return outputs;
        };
        try {
            const kiln::TensorMap expected =
                runOf(originalRun, Stage::RunningOriginal, 10, &out.report.referenceMs);
            const kiln::TensorMap actual = runOf(prunedRun, Stage::RunningPruned, 55, &out.report.engineMs);
            // The same comparison as `kiln prune` (and `kiln compare`) makes of each output.
            out.report.tolerance = request.tolerance;
            out.report.perLayer = false;
            for (const kiln::Value* v : original->outputs()) {
                const kiln::Tensor& e = expected.at(v->name);
                const kiln::Tensor& a = actual.at(v->name);
                kiln::TensorAccuracy t;
                t.comparison = kiln::compareTensors(a, e, request.tolerance, v->name, kiln::Precision::FP32);
                t.histogram = kiln::errorHistogram(a, e);
                out.report.outputs.push_back(std::move(t));
            }
        } catch (const kiln::Error& e) {
            if (e.kind() != kiln::ErrorKind::Cancelled) throw;
            out.cancelled = true;
        }
        return out;
    });
    emit started();  // after start(): its slots read isRunning()
}

void PruneModel::onFinished(Outcome outcome) {
    outcome_ = std::move(outcome);
    hasOutcome_ = true;
    if (!outcome_.cancelled) accuracy_.setReport(outcome_.report);
    emit finished();
}

void PruneModel::onFailed(const QString& message) {
    error_ = message;
    emit failed(message);
}

}  // namespace kiln::studio
