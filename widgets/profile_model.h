// ProfileModel: a profiling pass of the built engine and its per-layer report, with no widgets
// (tested headless). run() executes warm-up runs, N timed end-to-end runs without a profiler (the
// latency a user gets, as kiln run measures it), then N profiled runs through ExecutionContext with
// a kiln::LayerProfiler, on the inputs the user chose (run_inputs.h: seeded random at a shape in
// the profile, a test data set, files), then joins the samples with the engine's layers
// (makeLayerProfileReport). The sum of the layer medians and the end-to-end latency differ (each
// layer is timed alone); both are kept, with the inputs and shapes they came from. As a
// QAbstractTableModel it is the sortable per-layer table; it also
// answers the charts (top N, time by type, one run's timeline) and the heat overlay, on the
// optimized graph by layer and on the original graph through provenance (spreadOverOrigin).
#pragma once

#include <QAbstractTableModel>
#include <QJsonObject>
#include <QString>
#include <map>
#include <memory>
#include <vector>

#include "engine_core/builder/engine.h"
#include "profiler/layer_profiler.h"
#include "profiler/profile_report.h"
#include "widgets/graph_model.h"
#include "widgets/run_inputs.h"
#include "widgets/worker_task.h"

namespace kiln::studio {

struct TimelineEntry {
    QString layer;
    QString type;
    double startMs = 0;  // from the start of the run
    double ms = 0;
};

struct ProfileRunOptions {
    int warmup = 3;
    int iterations = 20;
    uint64_t seed = 1;  // the build comparison's random inputs
};

class ProfileModel : public QAbstractTableModel {
    Q_OBJECT
public:
    // Backend: where each layer ran, and its format when not linear; the view shows it only for an
    // engine whose layers run on more than one backend (mixedBackends()).
    enum Column { Layer, Type, Backend, Precision, Tactic, Sources, MedianMs, Percent, ColumnCount };
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit ProfileModel(QObject* parent = nullptr);
    ~ProfileModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    bool isRunning() const { return task_.isRunning(); }
    bool hasReport() const { return hasReport_; }
    const kiln::LayerProfileReport& report() const { return report_; }
    QString lastError() const { return error_; }
    const ProfileRunOptions& lastOptions() const { return options_; }
    // The median wall time of one inference without the profiler (0 before a run, or from an old
    // workspace), and how many runs it is the median of.
    double endToEndMs() const { return endToEndMs_; }
    int endToEndRuns() const { return endToEndRuns_; }
    // Which inputs and shapes the profile ran on (RunInputs::description).
    QString inputText() const { return inputText_; }

    // Whether the report's layers ran on more than one backend (a fallback to the CPU, copy layers).
    bool mixedBackends() const;
    // A layer's backend as the table shows it: "cpu", "emulated (NHWC)" for a format that is not linear.
    static QString backendText(const kiln::LayerDescription& layer);
    // A layer's tooltip: the builder's note (why it runs where and how it does), its format, and the
    // ONNX nodes it came from.
    static QString layerToolTip(const kiln::LayerDescription& layer);

    // Sorted by median, descending; at most n.
    std::vector<const kiln::LayerProfileRow*> topLayers(int n) const;
    // Sum of medians per layer type, descending.
    std::vector<std::pair<QString, double>> timeByType() const;
    // The run whose total is the median of all profiled runs, layer by layer.
    std::vector<TimelineEntry> timeline() const;
    // Heat in [0, 1] (relative to the hottest) with a tooltip text, by node id of `model`: by layer
    // name for the optimized graph, by ONNX node name through provenance for the original graph.
    std::map<int, NodeOverlay> heatForLayers(const GraphModel& model) const;
    std::map<int, NodeOverlay> heatForOrigin(const GraphModel& model) const;

    // Exports: trtexec's --exportProfile JSON (profiler/profile_export.h), a CSV of the table,
    // and the Chrome trace. False with a message on failure.
    bool exportJson(const QString& path, QString* error) const;
    bool exportCsv(const QString& path, QString* error) const;
    bool exportTrace(const QString& path, QString* error) const;
    QString csv() const;
    // Workspaces: the layers (exportLayerInfoJson) and every raw sample with its runs
    // (profiler/result_import.h), so the table, charts, timeline and heat come back exactly,
    // without the engine. Empty when there is no profile. restoreResults() replaces the report
    // (emits finished()) or returns false with a message naming the field.
    QJsonObject resultsJson() const;
    bool restoreResults(const QJsonObject& results, QString* error);

public slots:
    // `model`: the graph the engine came from (for input names and declarations).
    void run(std::shared_ptr<const kiln::Engine> engine, std::shared_ptr<const kiln::Graph> model,
             const ProfileRunOptions& options, const RunInputChoice& input = {});
    void clear();

signals:
    void started();
    void finished();
    void failed(const QString& message);

private:
    struct Outcome {
        kiln::LayerProfileReport report;
        std::shared_ptr<kiln::LayerProfiler> profiler;
        std::vector<kiln::LayerDescription> layers;
        double endToEndMs = 0;
        int endToEndRuns = 0;
        QString inputText;
    };
    void onFinished(Outcome out);
    void onFailed(const QString& message);

    WorkerTask<Outcome> task_;
    kiln::LayerProfileReport report_;
    std::shared_ptr<kiln::LayerProfiler> profiler_;
    std::vector<kiln::LayerDescription> layers_;
    ProfileRunOptions options_;
    bool hasReport_ = false;
    QString error_;
    double endToEndMs_ = 0;
    int endToEndRuns_ = 0;
    QString inputText_;
};

// The inputs `kiln run` makes for an engine without --input: seeded random data at the engine's
// profile 0 opt shapes (engine_core/onnx/run_inputs.h: addRandomInputs).
kiln::TensorMap makeEngineInputs(const kiln::Engine& engine, const kiln::Graph& model, uint64_t seed);

}  // namespace kiln::studio
