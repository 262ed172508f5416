// PrecisionDebugModel: "Find layers to keep in FP32" in the accuracy view (issue 12), Kiln Studio's
// side of `kiln debug-precision`, with no widgets (tested headless). run() calls
// kiln::debugPrecision (profiler/precision_debug.h) on a worker thread for the open model with the
// build settings' config and the inputs the accuracy view uses (makeRunInputs at the settings'
// profile 0, as the engine built from them would take them). Each trial's start and end arrive as
// queued signals; cancel() sets the flag the search polls before each trial and inside its builds.
//
// The outcome is one of: the layers to pin (or none: the target passes as is), a failure (with the
// tolerance out of reach told apart: even every candidate in FP32 misses it), or cancelled. The
// result belongs to the model it was searched on: clear() (another model opened) drops it and
// stops a running search, whose end is then discarded. The result's overrides go into the build
// settings by Workbench::applyPrecisionPins, and into a `kiln build --config` file by
// saveOverrides (what `kiln debug-precision --save-overrides` writes).
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <atomic>
#include <memory>
#include <optional>
#include <vector>

#include "engine_core/builder/builder_config.h"
#include "engine_core/ir/graph.h"
#include "profiler/precision_debug.h"
#include "widgets/run_inputs.h"
#include "widgets/worker_task.h"

namespace kiln::studio {

struct PrecisionDebugRequest {
    std::shared_ptr<const kiln::Graph> model;
    QString modelPath;           // BuildOptions::modelPath of the builds; "" for a graph from memory
    kiln::BuilderConfig config;  // the build settings; its backend picks the mode (cpu: emulated)
    RunInputChoice input;        // the accuracy view's inputs
    kiln::Precision target = kiln::Precision::FP16;  // fp16 or bf16
    std::optional<double> maxNorm;  // the outputs' limit; unset: the target's default (defaultMaxNorm)
};

class PrecisionDebugModel : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Running, Done, Failed, Cancelled };

    explicit PrecisionDebugModel(QObject* parent = nullptr);
    ~PrecisionDebugModel() override;

    State state() const { return state_; }
    // From run() until its end is delivered (a discarded run's too: one search at a time).
    bool isRunning() const { return task_.isRunning(); }
    bool hasResult() const { return state_ == State::Done; }
    // Done: the search's result.
    const kiln::PrecisionDebugResult& result() const { return result_; }
    // The trials run so far, in order (those of a failed or cancelled search too).
    const std::vector<kiln::PrecisionTrial>& trials() const { return trials_; }
    // Failed: what went wrong (translated); toleranceOutOfReach() when even every candidate layer in
    // FP32 missed the tolerance (the last trial says by how much).
    QString lastError() const { return error_; }
    bool toleranceOutOfReach() const { return outOfReach_; }
    // What the last run() searched for: the target, the limit its outputs are held to, the mode.
    kiln::Precision target() const { return request_.target; }
    double maxNormLimit() const;
    kiln::PrecisionDebugMode mode() const;
    // Which inputs and shapes the search ran on (RunInputs::description; "" before they were made).
    QString inputText() const { return inputText_; }
    // While running: trials done, the bound known so far, and the trial about to run (index 0: none
    // yet, the reference run and the first build are under way).
    int trialsDone() const { return done_; }
    int trialBound() const { return bound_; }
    const kiln::PrecisionTrial& nextTrial() const { return next_; }

    // Done: one FP32 override per ONNX node of the pinned layers (PrecisionDebugResult::overrides).
    std::vector<kiln::LayerPrecisionOverride> overrides() const;
    // `base` with the result's overrides (kiln::configWithPins), written as `kiln build --config`
    // reads it. False with a message when there is no result or the file can't be written.
    bool saveOverrides(const QString& path, const kiln::BuilderConfig& base, QString* error) const;

    // Texts (translated): what a trial tries ("the top 3 layers of the ranking in FP32"), one line
    // per finished trial, and the progress line ("Trial 3 of at most 12: ...").
    static QString stepText(const kiln::PrecisionTrial& trial, kiln::Precision target);
    static QString trialLine(const kiln::PrecisionTrial& trial, kiln::Precision target);
    QString progressText() const;
    // An error as the texts show it: 3 significant digits, "Inf" where NaN/inf appeared.
    static QString errorText(double v);

public slots:
    void run(const kiln::studio::PrecisionDebugRequest& request);
    void cancel();
    // Drops the result (another model was opened); a running search is stopped and its end discarded.
    void clear();

signals:
    void started();
    void progress();       // a trial starts (trialsDone, trialBound, nextTrial)
    void trialFinished();  // trials().back() is new
    void finished();       // state Done
    void failed(const QString& message);
    void cancelled();
    void cleared();  // clear(), or a discarded search ended

private:
    struct Outcome {
        kiln::PrecisionDebugResult result;
        std::vector<kiln::PrecisionTrial> trials;
        bool ranked = false;  // the first trial failed and the candidates were ranked
        QString inputText;
        QString error;
        bool cancelled = false;
    };
    void onFinished(Outcome out);
    // What a search found and reported so far, back to nothing (a new search, a cleared model).
    void resetResults();
    void onFailed(const QString& message);

    WorkerTask<Outcome> task_;
    std::shared_ptr<std::atomic<bool>> cancel_;
    unsigned generation_ = 0;  // queued progress of a cleared run is dropped
    PrecisionDebugRequest request_;
    State state_ = State::Idle;
    kiln::PrecisionDebugResult result_;
    std::vector<kiln::PrecisionTrial> trials_;
    QString error_;
    bool outOfReach_ = false;
    QString inputText_;
    int done_ = 0;
    int bound_ = 0;
    kiln::PrecisionTrial next_;
};

}  // namespace kiln::studio
