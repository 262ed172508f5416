#include "widgets/precision_debug_model.h"

#include <QMetaObject>
#include <cmath>
#include <exception>

#include "engine_core/common/error.h"
#include "widgets/layer_precision_model.h"
#include "widgets/library_text.h"

namespace kiln::studio {

PrecisionDebugModel::PrecisionDebugModel(QObject* parent)
    : QObject(parent),
      task_(
          this, [this](Outcome out) { onFinished(std::move(out)); },
          [this](const QString& message) { onFailed(message); },
          // A search clear() discarded has ended: no longer running (the button comes back).
          [this] { emit cleared(); }) {}

PrecisionDebugModel::~PrecisionDebugModel() {
    if (cancel_) cancel_->store(true);  // stop at the next trial instead of running to the end
    task_.waitForFinished();
}

double PrecisionDebugModel::maxNormLimit() const {
    return request_.maxNorm ? *request_.maxNorm : kiln::defaultMaxNorm(request_.target);
}

kiln::PrecisionDebugMode PrecisionDebugModel::mode() const {
    // debugPrecision's default, as `kiln debug-precision` picks it: emulated on the cpu backend.
    return request_.config.backend == "cpu" ? kiln::PrecisionDebugMode::Emulated
                                            : kiln::PrecisionDebugMode::Built;
}

void PrecisionDebugModel::run(const PrecisionDebugRequest& request) {
    if (isRunning() || !request.model) return;
    request_ = request;
    state_ = State::Running;
    resetResults();
    cancel_ = std::make_shared<std::atomic<bool>>(false);
    const unsigned generation = ++generation_;
    auto flag = cancel_;
    task_.start([this, request, flag, generation]() {
        Outcome out;
        // Called on the worker: the trial is handed to the GUI thread as a queued call (dropped when
        // this run was cleared meanwhile; the destructor waits for the worker, so `this` lives).
        kiln::PrecisionDebugCallbacks callbacks;
        callbacks.starting = [this, generation](size_t done, size_t bound, const kiln::PrecisionTrial& next) {
            QMetaObject::invokeMethod(
                this,
                [this, generation, done, bound, next] {
                    if (generation != generation_) return;
                    done_ = int(done);
                    bound_ = int(bound);
                    next_ = next;
                    emit progress();
                },
                Qt::QueuedConnection);
        };
        callbacks.trial = [this, generation, &out](const kiln::PrecisionTrial& t) {
            out.trials.push_back(t);
            QMetaObject::invokeMethod(
                this,
                [this, generation, t] {
                    if (generation != generation_) return;
                    trials_.push_back(t);
                    emit trialFinished();
                },
                Qt::QueuedConnection);
        };
        callbacks.ranked = [&out](const std::vector<kiln::LayerErrorScore>&) { out.ranked = true; };
        callbacks.cancelled = [flag] { return flag->load(); };
        try {
            const RunInputs inputs = makeRunInputs(request.config.profiles, *request.model, request.input);
            out.inputText = inputs.description();
            kiln::PrecisionDebugOptions options;
            options.target = request.target;
            if (request.maxNorm) options.tolerance = kiln::Tolerance::norm(*request.maxNorm);
            options.modelPath = request.modelPath.toStdString();
            out.result =
                kiln::debugPrecision(*request.model, request.config, {inputs.tensors}, options, callbacks);
        } catch (const kiln::Error& e) {
            out.cancelled = e.kind() == kiln::ErrorKind::Cancelled;
            out.error = LibraryText::error(e);
        } catch (const std::exception& e) {
            out.error = LibraryText::error(e);
        }
        // Cancel pressed while the last trial ran: the user asked for no result.
        if (flag->load()) out.cancelled = true;
        return out;
    });
    emit started();  // after start(): its slots read isRunning()
}

void PrecisionDebugModel::resetResults() {
    result_ = {};
    trials_.clear();
    error_.clear();
    outOfReach_ = false;
    inputText_.clear();
    done_ = 0;
    bound_ = 0;
    next_ = {};
}

void PrecisionDebugModel::cancel() {
    if (cancel_) cancel_->store(true);
}

void PrecisionDebugModel::clear() {
    cancel();
    task_.discard();  // a running search's end belongs to the model it searched
    ++generation_;
    request_ = {};
    state_ = State::Idle;
    resetResults();
    emit cleared();
}

void PrecisionDebugModel::onFinished(Outcome out) {
    trials_ = std::move(out.trials);
    inputText_ = out.inputText;
    // Also when Cancel came after the worker's last check: the user asked for no result.
    if (out.cancelled || (cancel_ && cancel_->load())) {
        state_ = State::Cancelled;
        emit cancelled();
        return;
    }
    if (!out.error.isEmpty()) {
        // debugPrecision stops after step 2 when every candidate pinned still fails: the tolerance is
        // out of reach. Told apart by the trials, not by the library's English sentence.
        outOfReach_ = out.ranked && trials_.size() == 2 &&
                      trials_.back().step == kiln::PrecisionStep::AllCandidatesFp32 && !trials_.back().passed;
        if (outOfReach_) {
            const kiln::PrecisionTrial& t = trials_.back();
            out.error =
                tr("The tolerance is out of reach: even with every layer in FP32 the outputs miss it "
                   "(max norm %1 on \u201C%2\u201D, limit %3). Loosen the max norm above and search again.")
                    .arg(errorText(t.maxNorm), QString::fromStdString(t.worstOutput),
                         errorText(maxNormLimit()));
        }
        onFailed(out.error);
        return;
    }
    result_ = std::move(out.result);
    state_ = State::Done;
    emit finished();
}

void PrecisionDebugModel::onFailed(const QString& message) {
    state_ = State::Failed;
    error_ = message;
    emit failed(error_);
}

std::vector<kiln::LayerPrecisionOverride> PrecisionDebugModel::overrides() const {
    return hasResult() ? result_.overrides() : std::vector<kiln::LayerPrecisionOverride>{};
}

bool PrecisionDebugModel::saveOverrides(const QString& path, const kiln::BuilderConfig& base,
                                        QString* error) const {
    if (!hasResult()) {
        if (error) *error = tr("There is no search result to save.");
        return false;
    }
    try {
        kiln::saveBuilderConfig(kiln::configWithPins(base, result_), path.toStdString());
        return true;
    } catch (const std::exception& e) {
        if (error) *error = LibraryText::error(e);
        return false;
    }
}

QString PrecisionDebugModel::errorText(double v) {
    if (std::isnan(v)) return QStringLiteral("NaN");
    if (std::isinf(v)) return QStringLiteral("Inf");
    return QString::number(v, 'g', 3);
}

QString PrecisionDebugModel::stepText(const kiln::PrecisionTrial& trial, kiln::Precision target) {
    const QString p = LayerPrecisionModel::precisionLabel(target);
    switch (trial.step) {
        case kiln::PrecisionStep::AllTarget:
            return tr("every layer in %1").arg(p);
        case kiln::PrecisionStep::AllCandidatesFp32:
            return tr("every candidate layer in FP32");
        case kiln::PrecisionStep::SearchPrefix:
            return tr("the top %n layer(s) of the ranking in FP32", nullptr, int(trial.prefix));
        case kiln::PrecisionStep::Unpin:
            return tr("layer %1 back in %2, the other pins kept")
                .arg(QString::fromStdString(trial.unpinned), p);
    }
    return {};
}

QString PrecisionDebugModel::trialLine(const kiln::PrecisionTrial& trial, kiln::Precision target) {
    return tr("%1. %2: %3, max norm %4 on \u201C%5\u201D")
        .arg(int(trial.index))
        .arg(stepText(trial, target), trial.passed ? tr("pass") : tr("FAIL"), errorText(trial.maxNorm),
             QString::fromStdString(trial.worstOutput));
}

QString PrecisionDebugModel::progressText() const {
    if (next_.index == 0) return tr("Running the reference and building the engine\u2026");
    const QString step = stepText(next_, request_.target);
    // Until the first trial has failed the bound is that trial alone: no "of at most 1".
    const int index = int(next_.index);
    if (index == 1 || bound_ < index) return tr("Trial %1: %2\u2026").arg(index).arg(step);
    return tr("Trial %1 of at most %2: %3\u2026").arg(index).arg(bound_).arg(step);
}

}  // namespace kiln::studio
