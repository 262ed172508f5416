// BuildComparisonModel: two builds of one model side by side (TREx's "compare engines", Netron's
// most asked-for model diff), with no widgets (tested headless). run() builds A and B from their
// own BuilderConfigs on a worker thread (kiln::buildEngine, as `kiln build` does), profiles each
// (LayerProfiler medians) and compares each with the reference (compareWithReference, per layer),
// then matches the layers of A and B by ONNX provenance: layers that cover the same ONNX nodes form
// one row, so "Conv+BN+Relu" fused in B sits beside the Conv, BN and Relu layers of A. As a table
// model it is the sortable row list with times, errors and deltas; totals and CSV export included.
// Each side runs on the inputs the user chose (RunInputChoice: a test data set, files, or seeded
// random at a shape within the profile, by default its profile 0 opt shapes), made against its own
// engine, so the two sides see the same data whenever their profiles agree; inputText() says which.
#pragma once

#include <QAbstractTableModel>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <atomic>
#include <memory>
#include <vector>

#include "engine_core/builder/builder.h"
#include "profiler/compare.h"
#include "profiler/profile_report.h"
#include "widgets/profile_model.h"
#include "widgets/run_inputs.h"
#include "widgets/worker_task.h"

namespace kiln::studio {

// One engine layer of one side, as the matcher sees it.
struct ComparedLayer {
    QString name;
    QString type;
    QStringList origin;  // ONNX node names; empty for a layer with no ONNX source
    double medianMs = 0;
    double maxAbsError = -1;  // worst output vs the reference; < 0: not compared
};

// One row: the ONNX nodes a group of layers covers on both sides.
struct ComparisonRow {
    QStringList onnxNodes;
    std::vector<int> layersA, layersB;  // indices into the sides' layer lists, execution order
    double msA = 0, msB = 0;
    double errorA = -1, errorB = -1;  // error at the group's last compared layer; < 0: none
    double deltaMs() const { return msB - msA; }
    double deltaPercent() const { return msA > 0 ? (msB - msA) / msA * 100.0 : 0.0; }
};

// Groups layers that share ONNX nodes (transitively, on either side) into rows, in execution order
// of A (B-only rows follow their B position). A layer with no origin is a row of its own.
std::vector<ComparisonRow> matchByProvenance(const std::vector<ComparedLayer>& a,
                                             const std::vector<ComparedLayer>& b);

struct BuildSpec {
    QString label;  // "level 1", "fp16.json"
    kiln::BuilderConfig config;
};

struct BuildSideResult {
    BuildSpec spec;
    std::shared_ptr<const kiln::Engine> engine;
    std::vector<ComparedLayer> layers;
    double totalMs = 0;       // sum of the layers' medians
    double outputError = -1;  // worst output's max abs error vs the reference
    bool outputsPassed = false;
    double buildMs = 0;
};

// Where the last run's time went (wall ms, measured on the worker and in the model's reset), for
// the benchmark (benchmarks/compare/) and for spotting regressions; not saved in workspaces.
struct ComparisonTimings {
    double buildMs[2] = {0, 0};    // A, B: kiln::buildEngine
    double profileMs[2] = {0, 0};  // warm-up and profiled runs, then the profile report
    double compareMs[2] = {0, 0};  // the engine with every layer output kept, compared with the reference
    double referenceMs = 0;        // the reference run(s) with every intermediate kept
    int referenceRuns = 0;         // 1 when both sides ran on the same inputs, else 2
    double matchMs = 0;            // matchByProvenance
    double resetMs = 0;            // the model reset around it (views attached to the model included)
    double workerMs = 0;           // the whole worker, both sides
};

class BuildComparisonModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { OnnxNodes, LayersA, MsA, ErrorA, LayersB, MsB, ErrorB, DeltaMs, DeltaPercent, ColumnCount };
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit BuildComparisonModel(QObject* parent = nullptr);
    ~BuildComparisonModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    bool isRunning() const { return task_.isRunning(); }
    bool hasResult() const { return hasResult_; }
    QString lastError() const { return error_; }
    const BuildSideResult& sideA() const { return a_; }
    const BuildSideResult& sideB() const { return b_; }
    const std::vector<ComparisonRow>& rows() const { return rows_; }
    const ComparisonTimings& timings() const { return timings_; }
    // The inputs the last comparison ran on (RunInputs::description(); "A: …; B: …" when the two
    // builds' profiles made them differ); empty when unknown (a restored result without it).
    QString inputText() const { return inputText_; }
    double totalDeltaMs() const { return b_.totalMs - a_.totalMs; }
    // Rows whose layers differ between A and B (a fusion or a tactic that only one side has).
    int changedRows() const { return changedRows_; }

    QString csv() const;
    bool exportCsv(const QString& path, QString* error) const;
    // Workspaces: both sides (label, settings as `kiln build --config` reads them, layers with their
    // times and errors, totals) and an engine comparison's input line; the rows are matched again on restore. The engines are not saved.
    // Empty when there is no result; restoreResults() emits finished() or returns false.
    QJsonObject resultsJson() const;
    bool restoreResults(const QJsonObject& results, QString* error);

public slots:
    // Builds, profiles and compares both sides on the inputs `choice` makes for each; ignored while one runs.
    void run(std::shared_ptr<const kiln::Graph> model, const kiln::studio::BuildSpec& a,
             const kiln::studio::BuildSpec& b, const kiln::studio::ProfileRunOptions& options,
             const kiln::studio::RunInputChoice& choice = {});
    // Engines already built, no build step: two engine files (A is then the baseline: B's outputs
    // are compared with A's, the layers are matched by the ONNX nodes both came from), or, with
    // `model` set and `fileA` empty, a fresh level-0 build of `model` (the engine file's settings,
    // no fusion) as A against the engine file B, both compared with the model's reference run.
    // Both run on the inputs `choice` makes. Engines of different models (another input name or
    // type) fail with a message naming the input. Files are read on the worker.
    void runEngines(std::shared_ptr<const kiln::Graph> model, const QString& fileA, const QString& fileB,
                    const kiln::studio::ProfileRunOptions& options, const kiln::studio::RunInputChoice& choice);
    void cancel();
    void clear();

signals:
    void started();
    void progress(const QString& message);
    void finished();
    void failed(const QString& message);

private:
    struct Outcome {
        BuildSideResult a, b;
        ComparisonTimings timings;
        QString inputText;
    };
    // Runs work(cancel, progress relay, Outcome&) on the worker with a fresh cancel flag, times it
    // into the outcome's workerMs and emits started(): what run() and runEngines() share.
    template <typename Work>
    void startJob(Work work);
    void onFinished(Outcome out);
    void onFailed(const QString& message);
    // Replaces the result (a model reset): matches the rows, emits finished().
    void setResult(BuildSideResult a, BuildSideResult b);

    WorkerTask<Outcome> task_;
    std::shared_ptr<std::atomic<bool>> cancel_;
    BuildSideResult a_, b_;
    std::vector<ComparisonRow> rows_;
    int changedRows_ = 0;
    ComparisonTimings timings_;
    QString inputText_;
    bool hasResult_ = false;
    QString error_;
};

}  // namespace kiln::studio
