// AccuracyModel: the engine against the reference (the unoptimized FP32 model on the CPU
// executor), per output and at every fused-layer boundary, with no widgets (tested headless).
// run() calls kiln::compareWithReference (profiler/compare.h, what `kiln compare --per-layer` runs)
// on a worker thread with the inputs the user chose (run_inputs.h; seeded random by default, as
// `kiln compare` makes them), and keeps which inputs and shapes those were (inputText). As a table model it
// lists the outputs, then every compared layer; it also answers the error-by-depth series, the
// histograms, and which graph nodes are over tolerance. The verdict is the library's
// (kiln::compareTensors under kiln::resolveTolerance's rule), the same as the CLI's.
// With an emulation set (FP16 or BF16), run() compares Engine::withEmulatedRounding's copy of the
// engine instead, as `kiln compare --emulate` does: a preview of a GPU build's error on the CPU.
// With Expected::StoredOutputs and a test data set as the input, the outputs are compared with the
// data set's stored outputs (output_K.pb) under the same rule as `kiln run --test-data`, the layer
// boundaries still with the reference (CompareOptions::stored); the report says so (storedDataSet).
#pragma once

#include <QAbstractTableModel>
#include <QJsonObject>
#include <QString>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "engine_core/builder/engine.h"
#include "profiler/compare.h"
#include "widgets/graph_model.h"
#include "widgets/run_inputs.h"
#include "widgets/worker_task.h"

namespace kiln::studio {

class AccuracyModel : public QAbstractTableModel {
    Q_OBJECT
public:
    // Cosine and the normalized error first: what the default (norm) verdict reads.
    // Precision: the one each row's error is held to (fp16/bf16 under an emulation).
    enum Column {
        Index, Name, Type, Sources, Precision, Cosine, MaxNorm, MaxAbs, MaxRel, Snr, NanInf, Status, ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole + 1;
    static constexpr int FailedRole = Qt::UserRole + 2;
    static constexpr int SmallValuesRole = Qt::UserRole + 3;  // the row's values are too small for the verdict
    // What the outputs are compared with: the reference run, or the chosen test data set's stored outputs.
    enum class Expected { Reference, StoredOutputs };

    explicit AccuracyModel(QObject* parent = nullptr);
    ~AccuracyModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    bool isRunning() const { return task_.isRunning(); }
    bool hasReport() const { return hasReport_; }
    const kiln::CompareReport& report() const { return report_; }
    QString lastError() const { return error_; }
    // Which inputs and shapes the report came from (RunInputs::description; "" when unknown).
    QString inputText() const { return inputText_; }
    // These take effect on the next run().
    kiln::Tolerance tolerance() const { return tolerance_; }
    void setTolerance(const kiln::Tolerance& tolerance) { tolerance_ = tolerance; }
    // Typed atol and rtol: the elementwise rule, as `kiln compare --atol A --rtol R` (resolveTolerance).
    void setTolerance(double atol, double rtol);
    // A typed norm threshold (nullopt: per precision): the norm rule, as `--max-norm T`.
    void setMaxNorm(std::optional<double> maxNorm);
    void setRule(kiln::CheckRule rule) { tolerance_.rule = rule; }
    // The rounding the next run() emulates on the CPU (`kiln compare --emulate`): FP16 or BF16, FP32
    // for none. A refused one (kiln::emulationRefusal: fp8, another backend) makes run() fail with
    // the reason, never a plain fp32 run passed off as emulated.
    kiln::Precision emulation() const { return emulation_; }
    void setEmulation(kiln::Precision p) { emulation_ = p; }
    // What the shown report emulated (FP32: a plain run, a report set from elsewhere, or a restored
    // report without "emulated"); its JSON (json(), resultsJson()) says it as "emulated".
    kiln::Precision reportEmulation() const { return reportEmulation_; }
    // What the next run() compares the outputs with. StoredOutputs needs a test data set with
    // output_K.pb as the input; otherwise run() fails with the reason (storedOutputsProblem), never
    // a reference comparison passed off as one against the stored outputs.
    Expected expected() const { return expected_; }
    void setExpected(Expected e) { expected_ = e; }
    // Files whose name field disagrees with the output they were bound to (storedOutputNameNotes),
    // for the shown result of a run against stored outputs; not kept in workspaces.
    QStringList storedNotes() const { return storedNotes_; }
    // Whether a row is an output compared with a stored output file (its file name in `file`).
    bool isStoredOutputRow(int row, QString* file = nullptr) const;
    // One line per output compared with a stored output (translated): its max abs and max norm
    // errors and the verdict, or which field (dtype, shape) of which file does not match it.
    QStringList storedOutputLines() const;
    // The outputs (names) outside tolerance of their stored outputs.
    QStringList failingStoredOutputs() const;
    // Why `p` can't be emulated on `engine` (built here from the model unless `engineFile`), translated;
    // "" when it can. The CLI's rule (kiln::emulationRefusal); a null engine is judged by `backend`,
    // the backend the next build will use.
    static QString emulationRefusalText(kiln::Precision p, bool engineFile, const std::string& backend);

    // Row → what it shows: an output (index into report().outputs) or a layer (into report().layers).
    bool isOutputRow(int row) const { return row < int(report_.outputs.size()); }
    // The row's output that stands for it (kiln::LayerAccuracy::worst, as in the CLI's table).
    const kiln::TensorAccuracy* worstOf(int row) const;
    QString rowName(int row) const;

    // Per compared layer in execution order: (layer index, the error its worst output is judged by:
    // max_norm under the norm rule, max abs under the elementwise rule).
    std::vector<std::pair<int, double>> errorByDepth() const;
    // Parallel to errorByDepth: the limit that error was held to (norm: the layer's max_norm
    // threshold; elementwise: atol, the bound at an expected zero).
    std::vector<double> limitByDepth() const;
    // Rows (outputs and layers) whose values are too small for the verdict to mean much.
    int smallValueRows() const;
    // Why a comparison's verdict says little (TensorComparison::warning, translated).
    static QString smallValuesText(const kiln::TensorComparison& c);
    // Layers over tolerance (names), the first failing one, and the ONNX nodes they came from.
    QStringList failingLayers() const;
    QString firstFailingLayer() const;
    std::map<int, NodeOverlay> flagsForLayers(const GraphModel& model) const;
    std::map<int, NodeOverlay> flagsForOrigin(const GraphModel& model) const;

    QString json() const { return QString::fromStdString(report_.toJson()); }
    // Workspaces: the report as `kiln compare --json` writes it (CompareReport::toJson), read back
    // with importCompareReportJson. Empty when there is no report; restoreResults() replaces the
    // report (emits finished()) or returns false with a message.
    // The input text is not part of the CLI's report: the workspace keeps it beside it.
    QJsonObject resultsJson() const;
    bool restoreResults(const QJsonObject& results, QString* error, const QString& inputText = {});
    // Shows a report made elsewhere (Prune to 2:4: the pruned model against the original); emits
    // finished(). `emulated` (FP32: whatever report.emulated says) is what the report emulated.
    void setReport(kiln::CompareReport report, const QString& inputText = {},
                   kiln::Precision emulated = kiln::Precision::FP32);

public slots:
    void run(std::shared_ptr<const kiln::Engine> engine, std::shared_ptr<const kiln::Graph> model,
             const RunInputChoice& input = {});
    void clear();

signals:
    void started();
    void finished();
    void failed(const QString& message);

private:
    void onFailed(const QString& message);
    void applyReport(kiln::CompareReport report, const QString& inputText, kiln::Precision emulated,
                     const QStringList& storedNotes);
    const kiln::LayerAccuracy* layerOfRow(int row) const;
    // NaN/inf of a row: an output's, or over every compared output of a layer (engine or reference).
    kiln::NonFiniteCounts rowNonFinite(int row, bool reference) const;

    struct Outcome {
        kiln::CompareReport report;
        QString inputText;
        kiln::Precision emulated = kiln::Precision::FP32;
        QStringList storedNotes;
    };
    WorkerTask<Outcome> task_;
    kiln::CompareReport report_;
    QString inputText_;
    std::vector<size_t> layerRows_;  // compared layers (indices into report_.layers)
    kiln::Tolerance tolerance_;
    kiln::Precision emulation_ = kiln::Precision::FP32;
    kiln::Precision reportEmulation_ = kiln::Precision::FP32;
    Expected expected_ = Expected::Reference;
    QStringList storedNotes_;
    bool hasReport_ = false;
    QString error_;
};

}  // namespace kiln::studio
