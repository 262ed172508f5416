// ModelLoader: imports an ONNX file on a worker thread through the same importer the CLI uses,
// with unsupported nodes allowed (they are shown red instead of failing the load, as are imported
// nodes without a CPU kernel: ModelSummary::noCpuKernel), or loads a Kiln engine file (recognized
// by its magic or an .engine/.plan/.kiln name) with Engine::load, as `kiln run ENGINE` does.
// A failure comes back as the library's one-line message.
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <memory>

#include "widgets/model_summary.h"

namespace kiln::studio {

struct LoadedModel {
    QString path;
    std::shared_ptr<kiln::Graph> graph;  // the imported ONNX model; null for an engine file
    // An opened engine file: its layers are the graph shown (shownGraph()), with provenance.
    std::shared_ptr<const kiln::Engine> engine;
    std::vector<kiln::UnsupportedNode> unsupported;
    ModelSummary summary;

    bool isEngine() const { return engine != nullptr; }
    // What the graph view shows: the ONNX model, or the engine's optimized graph (its layers).
    std::shared_ptr<const kiln::Graph> shownGraph() const;
};

struct LoadOutcome {
    std::shared_ptr<LoadedModel> model;  // null on failure
    QString path;
    QString error;
};

class ModelLoader : public QObject {
    Q_OBJECT
public:
    explicit ModelLoader(QObject* parent = nullptr);
    ~ModelLoader() override;

    bool isBusy() const { return watcher_.isRunning(); }
    // Synchronous form, for tests and the worker.
    static LoadOutcome loadFile(const QString& path);

public slots:
    void load(const QString& path);  // a second load while one runs is queued (the last one wins)

signals:
    void started(const QString& path);
    void loaded(std::shared_ptr<kiln::studio::LoadedModel> model);
    void failed(const QString& path, const QString& message);

private:
    void onFinished();

    QFutureWatcher<LoadOutcome> watcher_;
    QString queued_;
};

}  // namespace kiln::studio
