// WorkerTask: the background job of an analysis model (profile, accuracy, build comparison). One
// job runs at a time on a worker thread; when it ends, its result, or the message of what it threw
// (LibraryText::error), is handed to the owner on the owner's thread. It counts as running from
// start() until that result is delivered (not only while the worker thread works), so the owner
// reads "running" in slots of the signal it emits after start() and until its done/failed ran.
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QtConcurrent>
#include <exception>
#include <functional>
#include <utility>

#include "widgets/library_text.h"

namespace kiln::studio {

template <typename Result>
class WorkerTask {
public:
    // `done(Result)` after a job that returned, `failed(message)` after one that threw; both run on
    // `owner`'s thread. After discard(), the job's end calls `discarded()` instead.
    WorkerTask(QObject* owner, std::function<void(Result)> done, std::function<void(const QString&)> failed,
               std::function<void()> discarded = {}) {
        QObject::connect(&watcher_, &QFutureWatcherBase::finished, owner,
                         [this, done = std::move(done), failed = std::move(failed),
                          discarded = std::move(discarded)] {
                             running_ = false;
                             if (discard_) {
                                 // Its result belongs to what the owner showed before (another model).
                                 discard_ = false;
                                 if (discarded) discarded();
                                 return;
                             }
                             Outcome out = watcher_.result();
                             if (!out.error.isEmpty())
                                 failed(out.error);
                             else
                                 done(std::move(out.result));
                         });
    }
    // A running job may still use what its owner gave it: wait for it.
    ~WorkerTask() { watcher_.waitForFinished(); }
    WorkerTask(const WorkerTask&) = delete;
    WorkerTask& operator=(const WorkerTask&) = delete;

    bool isRunning() const { return running_; }
    // The running job's result (or error) is dropped when it ends: the owner cleared what it was
    // for. It still counts as running until then (one job at a time).
    void discard() {
        if (running_) discard_ = true;
    }
    void waitForFinished() { watcher_.waitForFinished(); }
    // Runs `job` (returning a Result) on a worker thread.
    template <typename Job>
    void start(Job job) {
        running_ = true;
        discard_ = false;
        watcher_.setFuture(QtConcurrent::run([job = std::move(job)]() mutable {
            Outcome out;
            try {
                out.result = job();
            } catch (const std::exception& e) {
                out.error = LibraryText::error(e);
            }
            return out;
        }));
    }

private:
    struct Outcome {
        Result result;
        QString error;
    };
    QFutureWatcher<Outcome> watcher_;
    bool running_ = false;
    bool discard_ = false;
};

}  // namespace kiln::studio
