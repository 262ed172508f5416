// AccuracyModel: the engine against the reference (the unoptimized FP32 model on the CPU
// executor), per output and at every fused-layer boundary, with no widgets (tested headless).
// run() calls kiln::compareWithReference (profiler/compare.h, what `kiln compare --per-layer` runs)
// on a worker thread with the seeded random inputs `kiln compare` would make. As a table model it
// lists the outputs, then every compared layer; it also answers the error-by-depth series, the
// histograms, and which graph nodes are over tolerance.
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
#include "widgets/worker_task.h"

namespace kiln::studio {

class AccuracyModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Index, Name, Type, Sources, MaxAbs, MaxRel, Cosine, Snr, Status, ColumnCount };
    static constexpr int SortRole = Qt::UserRole + 1;
    static constexpr int FailedRole = Qt::UserRole + 2;

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
    kiln::Tolerance tolerance() const { return tolerance_; }
    void setTolerance(double atol, double rtol);  // takes effect on the next run()

    // Row → what it shows: an output (index into report().outputs) or a layer (into report().layers).
    bool isOutputRow(int row) const { return row < int(report_.outputs.size()); }
    const kiln::TensorAccuracy* worstOf(int row) const;  // the row's output with the largest max abs error
    QString rowName(int row) const;

    // Per compared layer in execution order: (layer index, max abs error of its worst output).
    std::vector<std::pair<int, double>> errorByDepth() const;
    // Layers over tolerance (names), the first failing one, and the ONNX nodes they came from.
    QStringList failingLayers() const;
    QString firstFailingLayer() const;
    std::map<int, NodeOverlay> flagsForLayers(const GraphModel& model) const;
    std::map<int, NodeOverlay> flagsForOrigin(const GraphModel& model) const;

    QString json() const { return QString::fromStdString(report_.toJson()); }
    // Workspaces: the report as `kiln compare --json` writes it (CompareReport::toJson), read back
    // with importCompareReportJson. Empty when there is no report; restoreResults() replaces the
    // report (emits finished()) or returns false with a message.
    QJsonObject resultsJson() const;
    bool restoreResults(const QJsonObject& results, QString* error);

public slots:
    void run(std::shared_ptr<const kiln::Engine> engine, std::shared_ptr<const kiln::Graph> model, uint64_t seed = 1);
    void clear();

signals:
    void started();
    void finished();
    void failed(const QString& message);

private:
    void onFailed(const QString& message);
    void setReport(kiln::CompareReport report);
    const kiln::LayerAccuracy* layerOfRow(int row) const;

    WorkerTask<kiln::CompareReport> task_;
    kiln::CompareReport report_;
    std::vector<size_t> layerRows_;  // compared layers (indices into report_.layers)
    kiln::Tolerance tolerance_;
    bool hasReport_ = false;
    QString error_;
};

}  // namespace kiln::studio
