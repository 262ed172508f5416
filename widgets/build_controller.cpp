#include "widgets/build_controller.h"
#include "widgets/engine_layer_model.h"
#include "widgets/library_text.h"

#include <QMetaObject>
#include <QPointer>
#include <QtConcurrent>

namespace kiln::studio {

QString buildPhaseTitle(kiln::BuildPhase phase) {
    switch (phase) {
    case kiln::BuildPhase::Import: return BuildController::tr("Import");
    case kiln::BuildPhase::Optimize: return BuildController::tr("Optimize");
    case kiln::BuildPhase::SelectTactics: return BuildController::tr("Select tactics");
    case kiln::BuildPhase::Serialize: return BuildController::tr("Serialize");
    case kiln::BuildPhase::Calibrate: return BuildController::tr("Calibrate");
    }
    return {};
}

QStringList fusionTimingLines(const kiln::BuildReport& report) {
    if (report.fusionTimings.empty()) return {};
    int kept = 0, reverted = 0, notCompared = 0, fromCache = 0;
    for (const kiln::FusionTiming& t : report.fusionTimings) {
        fromCache += t.fromCache;
        switch (t.decision) {
        case kiln::FusionDecision::Kept: ++kept; break;
        case kiln::FusionDecision::Reverted: ++reverted; break;
        case kiln::FusionDecision::NotCompared: ++notCompared; break;
        }
    }
    QString summary = BuildController::tr("Fusions timed against their unfused nodes: %1 kept, %2 reverted").arg(kept).arg(reverted);
    if (notCompared) summary += BuildController::tr(", %1 not compared").arg(notCompared);
    if (fromCache) summary += BuildController::tr(" (%1 decided by the timing cache)").arg(fromCache);
    QStringList lines{BuildController::tr("%1.", "ends the fusion timing summary").arg(summary)};
    for (const kiln::FusionTiming& t : report.fusionTimings)
        if (t.decision == kiln::FusionDecision::Reverted)
            lines << BuildController::tr("%1 (%2) \u2014 %3")
                         .arg(QString::fromStdString(t.layer), QString::fromStdString(t.op),
                              EngineLayerModel::fusionTimingSentence(t));
    return lines;
}

BuildController::BuildController(QObject* parent) : QObject(parent) {
    connect(&watcher_, &QFutureWatcher<Outcome>::finished, this, &BuildController::onFinished);
}

BuildController::~BuildController() {
    if (cancel_) cancel_->store(true);
    watcher_.waitForFinished();
}

void BuildController::start(std::shared_ptr<const kiln::Graph> model, const kiln::BuilderConfig& config,
                            const QString& modelPath) {
    if (isRunning() || !model) return;
    cancel_ = std::make_shared<std::atomic<bool>>(false);
    pendingConfig_ = config;
    error_.clear();
    running_ = true;  // before started(): its slots enable Cancel on isRunning()
    emit started();
    emit logLine(tr("Build started: optimization level %1, %n profile(s).", nullptr, int(config.profiles.size()))
                     .arg(config.optimizationLevel));
    auto flag = cancel_;
    QPointer<BuildController> self(this);
    const std::string path = modelPath.toStdString();
    watcher_.setFuture(QtConcurrent::run([model, config, flag, self, path] {
        Outcome out;
        kiln::BuildCallbacks callbacks;
        // Called on this worker thread: hand the numbers to the GUI thread as queued calls.
        callbacks.progress = [self](kiln::BuildPhase phase, size_t i, size_t n, const std::string& message) {
            // Phase summaries ("12 -> 8 nodes", "40 tensor ranges (entropy)") are library sentences;
            // layer names and the calibration batches' folder names stay as they are.
            const QString raw = QString::fromStdString(message);
            const bool isName = phase == kiln::BuildPhase::SelectTactics ||
                                (phase == kiln::BuildPhase::Calibrate && !raw.isEmpty() && !LibraryText::knows(raw));
            const QString text = isName ? raw : LibraryText::phaseSummary(raw);
            QMetaObject::invokeMethod(
                self.data(),
                [self, phase, i, n, text, isName] {
                    if (!self) return;
                    emit self->progress(int(phase), int(i), int(n), text);
                    const QString title = buildPhaseTitle(phase);
                    // Phase events, layer names (model names) and the translated phase summaries.
                    if (i == 0) emit self->logLine(tr("[%1] started").arg(title));
                    else if (phase == kiln::BuildPhase::SelectTactics)
                        emit self->logLine(tr("[%1] layer %2 of %3: %4").arg(title).arg(i).arg(n).arg(text));
                    else if (isName)
                        emit self->logLine(tr("[%1] batch %2 of %3: %4").arg(title).arg(i).arg(n).arg(text));
                    else if (!text.isEmpty()) emit self->logLine(tr("[%1] done: %2").arg(title, text));
                },
                Qt::QueuedConnection);
        };
        callbacks.cancelled = [flag] { return flag->load(); };
        kiln::BuildOptions options;
        options.report = &out.report;
        options.modelPath = path;
        try {
            out.engine = kiln::buildEngine(*model, config, callbacks, options);
        } catch (const std::exception& e) {
            out.cancelled = flag->load();
            out.error = LibraryText::error(e);
        }
        // Cancel pressed while the last phase finished: the user asked for no engine.
        if (flag->load()) {
            out.cancelled = true;
            out.engine.reset();
        }
        return out;
    }));
}

void BuildController::cancel() {
    if (cancel_) cancel_->store(true);
}

void BuildController::clear() {
    cancel();
    engine_.reset();
    report_ = {};
    error_.clear();
    emit cleared();
}

void BuildController::onFinished() {
    running_ = false;
    Outcome out = watcher_.result();
    // Also when Cancel came after the worker returned but before this result was delivered.
    if (out.cancelled || (cancel_ && cancel_->load())) {
        emit logLine(tr("Build cancelled."));
        emit cancelled();
        return;
    }
    if (!out.error.isEmpty()) {
        error_ = out.error;
        emit logLine(tr("Build failed: %1").arg(out.error));
        emit failed(out.error);
        return;
    }
    engine_ = out.engine;
    report_ = out.report;
    builtConfig_ = pendingConfig_;
    // The builder's warnings (int8 on the CPU backend, a calibration cache from another model).
    for (const std::string& w : report_.warnings) emit logLine(tr("Warning: %1").arg(LibraryText::message(w)));
    emit logLine(tr("Built %n layer(s) in %1 ms (%2 \u2192 %3 nodes).", nullptr, int(report_.layers))
                     .arg(report_.buildMs, 0, 'f', 0)
                     .arg(report_.fusion.originalNodeCount)
                     .arg(report_.fusion.optimizedNodeCount));
    for (const QString& line : fusionTimingLines(report_)) emit logLine(line);
    emit finished();
}

bool BuildController::exportEngine(const QString& path, QString* error) const {
    if (!engine_) {
        if (error) *error = tr("There is no engine yet: build one first.");
        return false;
    }
    try {
        engine_->save(path.toStdString());
        return true;
    } catch (const std::exception& e) {
        if (error) *error = LibraryText::error(e);
        return false;
    }
}

}  // namespace kiln::studio
