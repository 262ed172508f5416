#include "widgets/layout_controller.h"
#include "widgets/library_text.h"

#include <QElapsedTimer>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>

namespace kiln::studio {

LayoutController::LayoutController(GraphModel* model, QObject* parent) : QObject(parent), model_(model) {
    connect(&watcher_, &QFutureWatcher<JobResult>::finished, this, &LayoutController::onJobFinished);
    connect(model_, &GraphModel::modelReset, this, &LayoutController::rebuild);
}

LayoutController::~LayoutController() {
    // The worker posts progress to this object: it must be done before we go.
    if (cancelFlag_) cancelFlag_->store(true);
    watcher_.waitForFinished();
}

bool LayoutController::isExpanded(int scope) const {
    return scope >= 0 && size_t(scope) < shown_.size() && shown_[size_t(scope)];
}

void LayoutController::rebuild() {
    ++generation_;
    hasLayout_ = false;
    layout_ = SceneLayout();
    shown_.clear();
    ScopeOptions options;
    options.grouping = grouping_;
    tree_ = ScopeTree::build(*model_, options);
    engine_ = std::make_shared<HierarchicalLayout>(tree_, style_.layoutInput(*model_, tree_));
    engine_->autoExpand(budget_);
    desired_ = engine_->expandedState();
    if (model_->nodeCount() == 0) {
        // Nothing to lay out; drop a job of the previous model.
        if (running_) {
            pending_ = false;
            cancelFlag_->store(true);
        }
        emit layoutReady();
        return;
    }
    schedule();
}

void LayoutController::setGrouping(ScopeGrouping grouping) {
    if (grouping_ == grouping) return;
    grouping_ = grouping;
    emit groupingChanged();
    rebuild();
}

void LayoutController::setExpanded(int scope, bool expanded) {
    if (scope <= 0 || size_t(scope) >= desired_.size() || desired_[size_t(scope)] == expanded) return;
    desired_[size_t(scope)] = expanded;
    schedule();
}

void LayoutController::toggleExpanded(int scope) {
    if (scope <= 0 || size_t(scope) >= desired_.size()) return;
    setExpanded(scope, !desired_[size_t(scope)]);
}

void LayoutController::expandToNode(int node) { expandToNodes({node}); }

void LayoutController::expandToNodes(const std::vector<int>& nodes) {
    bool changed = false;
    for (int node : nodes) {
        if (node < 0 || node >= tree_.nodeCount()) continue;
        for (int s : tree_.ancestry(node)) {
            if (s > 0 && !desired_[size_t(s)]) {
                desired_[size_t(s)] = true;
                changed = true;
            }
        }
    }
    if (changed) schedule();
}

void LayoutController::expandAll() {
    std::fill(desired_.begin(), desired_.end(), true);
    schedule();
}

void LayoutController::collapseAll() {
    std::fill(desired_.begin(), desired_.end(), false);
    if (!desired_.empty()) desired_[0] = true;
    schedule();
}

void LayoutController::cancel() {
    pending_ = false;
    if (running_ && cancelFlag_) cancelFlag_->store(true);
}

void LayoutController::schedule() {
    if (!engine_) return;
    if (running_) {
        // The running job is stale: stop it at its next Graphviz run and start over (finished
        // interiors stay cached in the engine).
        pending_ = true;
        cancelFlag_->store(true);
        return;
    }
    startJob();
}

void LayoutController::startJob() {
    running_ = true;
    pending_ = false;
    auto engine = engine_;
    auto desired = desired_;
    auto flag = std::make_shared<std::atomic<bool>>(false);
    const int generation = generation_;
    cancelFlag_ = flag;
    emit layoutStarted();
    watcher_.setFuture(QtConcurrent::run([this, engine, desired, flag, generation]() {
        JobResult r;
        r.generation = generation;
        QElapsedTimer timer;
        timer.start();
        try {
            engine->setExpandedState(desired);
            r.layout = engine->compute(flag.get(), [this](int done, int total) {
                QMetaObject::invokeMethod(this, [this, done, total] { emit progress(done, total); },
                                          Qt::QueuedConnection);
            });
        } catch (const std::exception& e) {
            r.error = LibraryText::error(e);
        }
        r.expanded = engine->expandedState();
        r.seconds = double(timer.nsecsElapsed()) / 1e9;
        return r;
    }));
}

void LayoutController::onJobFinished() {
    running_ = false;
    JobResult r = watcher_.result();
    if (pending_) {
        startJob();
        return;
    }
    if (r.generation != generation_) return;
    if (!r.error.isEmpty()) {
        emit layoutFailed(r.error);
        return;
    }
    if (!r.layout) {
        emit layoutCancelled();
        return;
    }
    layout_ = std::move(*r.layout);
    shown_ = std::move(r.expanded);
    lastSeconds_ = r.seconds;
    hasLayout_ = true;
    emit layoutReady();
}

}  // namespace kiln::studio
