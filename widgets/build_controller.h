// BuildController: runs kiln::buildEngine (the call `kiln build` makes) on a worker thread. Progress
// (phase, layer i of n) and log lines arrive as queued signals; cancel() sets the flag the builder
// polls. No widgets: the build panel and the end-to-end test drive it the same way.
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QStringList>
#include <atomic>
#include <memory>

#include "engine_core/builder/builder.h"

namespace kiln::studio {

QString buildPhaseTitle(kiln::BuildPhase phase);  // translated
// The build log's lines for BuildReport::fusionTimings, as `kiln build` prints them
// (fusionTimingText): "Fusions timed against their unfused nodes: 12 kept, 2 reverted." and one line
// per reverted fusion with both times; none when no fused layer was timed. Translated.
QStringList fusionTimingLines(const kiln::BuildReport& report);

class BuildController : public QObject {
    Q_OBJECT
public:
    explicit BuildController(QObject* parent = nullptr);
    ~BuildController() override;

    // From start() until finished(), failed() or cancelled() is emitted (the worker may be done
    // a moment earlier).
    bool isRunning() const { return running_; }
    std::shared_ptr<const kiln::Engine> engine() const { return engine_; }
    const kiln::BuildReport& report() const { return report_; }
    // The config the current engine was built with (for re-builds after an override).
    const kiln::BuilderConfig& builtConfig() const { return builtConfig_; }
    QString lastError() const { return error_; }

    // Writes the engine file (Engine::save: a temporary file, then a rename). False with a message
    // when there is no engine or the write fails.
    bool exportEngine(const QString& path, QString* error) const;

public slots:
    // Starts a build; ignored while one runs. `model` must stay unchanged while it runs.
    // `modelPath`: the file it came from (kiln::BuildOptions::modelPath: a profile fixing dynamic
    // dims builds at those dims).
    void start(std::shared_ptr<const kiln::Graph> model, const kiln::BuilderConfig& config,
               const QString& modelPath = QString());
    void cancel();
    void clear();  // forget the engine (a new model was opened)

signals:
    void started();
    void progress(int phase, int done, int total, const QString& message);  // phase: kiln::BuildPhase
    void logLine(const QString& line);
    void finished();  // engine() is the new engine
    void failed(const QString& message);
    void cancelled();
    void cleared();  // clear(): the engine, its report and its log belong to a model no longer open

private:
    struct Outcome {
        std::shared_ptr<const kiln::Engine> engine;
        kiln::BuildReport report;
        QString error;
        bool cancelled = false;
    };
    void onFinished();

    QFutureWatcher<Outcome> watcher_;
    std::shared_ptr<std::atomic<bool>> cancel_;
    std::shared_ptr<const kiln::Engine> engine_;
    kiln::BuildReport report_;
    kiln::BuilderConfig builtConfig_;
    kiln::BuilderConfig pendingConfig_;
    QString error_;
    bool running_ = false;
};

}  // namespace kiln::studio
