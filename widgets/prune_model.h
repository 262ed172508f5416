// PruneModel: "Prune to 2:4" for Kiln Studio, with no widgets (tested headless) — what `kiln prune`
// does, on worker threads. analyze() reads the model's Conv/Gemm/MatMul weights as
// `kiln inspect --sparsity` lists them (kiln::analyzeModelSparsity); run() magnitude-prunes the
// chosen layers to 2:4 and writes the new ONNX model (kiln::pruneModelFile), then runs the original
// and the pruned model on the CPU reference executor on the same seeded random inputs and compares
// each output as `kiln compare` does (kiln::compareTensors under the accuracy view's tolerance,
// FP32 limits). The comparison lands in an AccuracyModel, the accuracy view's own table model, so
// the rows, the verdict and the colours are the accuracy view's.
//
// Cancel stops at the next node of a run: before the file is written nothing is written; after,
// the pruned model stays written and its accuracy is not measured (Outcome::cancelled).
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <atomic>
#include <map>
#include <memory>
#include <vector>

#include "engine_core/ir/graph.h"
#include "engine_core/sparsity/model_sparsity.h"
#include "profiler/compare.h"
#include "widgets/accuracy_model.h"
#include "widgets/worker_task.h"

namespace kiln::studio {

struct PruneRequest {
    QString model;       // the ONNX file to prune
    QString output;      // where the pruned model goes (never the model itself)
    QStringList layers;  // layer names (LayerSparsity::layer); must not be empty
    // The reference graph of `model` (the opened model): the original side of the comparison. Null:
    // imported from `model`.
    std::shared_ptr<const kiln::Graph> original;
    kiln::Tolerance tolerance;
    uint64_t seed = 1;
    // Dims of dynamic inputs (e.g. the build settings' profile 0 opt shapes); a dynamic dim not
    // given here is 1, as `kiln prune` without --shapes.
    std::map<std::string, std::vector<int64_t>> shapes;
};

class PruneModel : public QObject {
    Q_OBJECT
public:
    enum class Stage { Writing, RunningOriginal, RunningPruned };
    Q_ENUM(Stage)

    struct Outcome {
        kiln::PruneResult result;
        kiln::CompareReport report;
        bool written = false;
        bool cancelled = false;  // stopped by cancel(); `written` tells whether the file exists
    };

    explicit PruneModel(QObject* parent = nullptr);
    ~PruneModel() override;

    // Which layers can be pruned. Emits analyzed() or failed().
    void analyze(const QString& model);
    bool isAnalyzing() const { return analysis_.isRunning(); }
    bool hasAnalysis() const { return hasAnalysis_; }
    const kiln::ModelSparsityReport& analysis() const { return report_; }
    // Whether `run` may take the layer: eligible and its weight read by that node only (a shared
    // weight would change the other nodes too). `why` gets the reason it may not, translated.
    static bool prunable(const kiln::LayerSparsity& layer, QString* why = nullptr);
    // The layers a run takes by default: every prunable one.
    QStringList defaultLayers() const;

    // Prunes and compares. Refuses (failed(), nothing written) an output that is the model itself.
    void run(const PruneRequest& request);
    void cancel() { cancel_ = true; }
    bool isRunning() const { return task_.isRunning(); }
    bool hasOutcome() const { return hasOutcome_; }
    const Outcome& outcome() const { return outcome_; }
    QString outputPath() const { return output_; }
    QString lastError() const { return error_; }
    // The pruned model against the original, per output (the accuracy view's table model).
    AccuracyModel* accuracy() { return &accuracy_; }
    static QString stageText(Stage stage);

signals:
    void analyzed();
    void started();
    // From the worker, delivered on the model's thread: `percent` of the whole run.
    void progress(kiln::studio::PruneModel::Stage stage, int percent);
    void finished();
    void failed(const QString& message);

private:
    void onFinished(Outcome outcome);
    void onFailed(const QString& message);

    WorkerTask<kiln::ModelSparsityReport> analysis_;
    WorkerTask<Outcome> task_;
    kiln::ModelSparsityReport report_;
    bool hasAnalysis_ = false;
    Outcome outcome_;
    bool hasOutcome_ = false;
    QString output_;
    QString error_;
    AccuracyModel accuracy_;
    std::atomic<bool> cancel_{false};  // read by the running job (the destructor waits for it)
};

}  // namespace kiln::studio
