#include "widgets/graph_panel.h"

#include <QActionGroup>
#include <QBoxLayout>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QStackedLayout>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include "widgets/body_stack.h"
#include "widgets/graph_scene.h"
#include "widgets/graph_view.h"
#include "widgets/layout_controller.h"

namespace kiln::studio {

namespace {
// The one-row toolbar's search field at its narrowest. The toolbar sets the graph panel's minimum
// width, which also keeps the central area wide enough for the accuracy view's button row at the
// default 1400×860 window (180 let the docks take the room and squeezed those buttons to 144 px:
// gui.test_layout_fit). At 280 a freshly opened window leaves the model summary dock about 170 px
// unless the docks are resized (the screenshots resize them to 300 and 400 px).
constexpr int kSearchMinWidth = 280;
}  // namespace

GraphPanel::GraphPanel(GraphModel* model, LayoutController* layout, QWidget* parent, bool bodies)
    : QWidget(parent), model_(model), layout_(layout) {
    scene_ = new GraphScene(model, layout, this);
    view_ = new GraphView(scene_, this);

    search_ = new QLineEdit(this);
    search_->setClearButtonEnabled(true);
    search_->setMinimumWidth(kSearchMinWidth);
    resultLabel_ = new QLabel(this);
    resultLabel_->setMinimumWidth(60);
    auto makeButton = [this](const QString& text) {
        auto* b = new QToolButton(this);
        b->setText(text);
        b->setAutoRaise(true);
        return b;
    };
    prev_ = makeButton(QStringLiteral("\u25B2"));
    next_ = makeButton(QStringLiteral("\u25BC"));
    fit_ = makeButton(QString());
    zoomIn_ = makeButton(QStringLiteral("+"));
    zoomOut_ = makeButton(QStringLiteral("\u2212"));
    expandAll_ = makeButton(QString());
    collapseAll_ = makeButton(QString());
    // Grouping: a compact menu button (the toolbar's width bounds the docks beside the graph).
    grouping_ = makeButton(QString());
    grouping_->setPopupMode(QToolButton::InstantPopup);
    auto* groupingMenu = new QMenu(grouping_);
    groupingActions_ = new QActionGroup(grouping_);
    for (ScopeGrouping g : {ScopeGrouping::Automatic, ScopeGrouping::NameScopes, ScopeGrouping::RepeatedStructure,
                            ScopeGrouping::None}) {
        QAction* a = groupingMenu->addAction(QString());
        a->setCheckable(true);
        a->setData(int(g));
        a->setChecked(g == layout_->grouping());
        groupingActions_->addAction(a);
    }
    grouping_->setMenu(groupingMenu);

    // The toolbar: the search with its match buttons, then the block and zoom buttons. One row, or
    // two when the panel is narrow (setCompactToolbar); the panel is never narrower than its
    // toolbar, so nothing is drawn over anything else.
    searchRow_ = new QHBoxLayout;
    searchRow_->setSpacing(4);
    searchRow_->addWidget(search_, 1);
    searchRow_->addWidget(prev_);
    searchRow_->addWidget(next_);
    searchRow_->addWidget(resultLabel_);
    buttonRow_ = new QHBoxLayout;
    buttonRow_->setSpacing(4);
    buttonRow_->addWidget(grouping_);
    buttonRow_->addWidget(expandAll_);
    buttonRow_->addWidget(collapseAll_);
    buttonRow_->addStretch();
    buttonRow_->addWidget(zoomOut_);
    buttonRow_->addWidget(zoomIn_);
    buttonRow_->addWidget(fit_);
    bar_ = new QBoxLayout(QBoxLayout::LeftToRight);
    bar_->setContentsMargins(6, 4, 6, 4);
    bar_->setSpacing(4);
    bar_->addLayout(searchRow_, 1);
    bar_->addLayout(buttonRow_);

    progressBox_ = new QWidget(this);
    progressLabel_ = new QLabel(progressBox_);
    progress_ = new QProgressBar(progressBox_);
    progress_->setMaximumWidth(260);
    progress_->setTextVisible(false);
    cancel_ = new QPushButton(progressBox_);
    auto* pl = new QHBoxLayout(progressBox_);
    pl->setContentsMargins(8, 2, 8, 2);
    pl->addWidget(progressLabel_);
    pl->addWidget(progress_);
    pl->addWidget(cancel_);
    pl->addStretch();
    progressBox_->hide();

    emptyLabel_ = new QLabel(this);
    emptyLabel_->setAlignment(Qt::AlignCenter);
    emptyLabel_->setWordWrap(true);
    emptyLabel_->setStyleSheet(QStringLiteral("color: #777; font-size: 15px;"));
    auto* stackHost = new QWidget(this);
    stack_ = new QStackedLayout(stackHost);
    stack_->addWidget(emptyLabel_);
    stack_->addWidget(view_);

    auto* mainPage = new QWidget(this);
    auto* layoutBox = new QVBoxLayout(mainPage);
    layoutBox->setContentsMargins(0, 0, 0, 0);
    layoutBox->setSpacing(0);
    layoutBox->addLayout(bar_);
    layoutBox->addWidget(progressBox_);
    layoutBox->addWidget(stackHost, 1);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(0);
    if (bodies) {
        bodies_ = new BodyStack(model_, this);
        crumbBar_ = new QWidget(this);
        crumbBar_->setObjectName(QStringLiteral("BodyBreadcrumb"));
        crumbBar_->setAutoFillBackground(true);
        crumbRow_ = new QHBoxLayout(crumbBar_);
        crumbRow_->setContentsMargins(6, 3, 6, 3);
        crumbRow_->setSpacing(2);
        back_ = new QToolButton(crumbBar_);
        back_->setAutoRaise(true);
        back_->setShortcut(QKeySequence::Back);
        crumbRow_->addWidget(back_);
        crumbRow_->addStretch();
        crumbBar_->hide();
        pages_ = new QStackedWidget(this);
        pages_->addWidget(mainPage);
        outer->addWidget(crumbBar_);
        outer->addWidget(pages_, 1);
        connect(back_, &QToolButton::clicked, bodies_, &BodyStack::back);
        connect(scene_, &GraphScene::bodyRequested, this,
                [this](int node, const QString& body) { openBody(model_, node, body); });
        connect(bodies_, &BodyStack::depthChanged, this, [this](int depth) {
            if (depth > 0 && bodyPanel_ == nullptr) {
                bodyPanel_ = new GraphPanel(bodies_->bodyModel(), bodies_->bodyLayout(), pages_, false);
                bodyPanel_->setCompactToolbar(compact_);
                pages_->addWidget(bodyPanel_);
                connect(
                    bodyPanel_->scene(), &GraphScene::bodyRequested, this,
                    [this](int node, const QString& body) { openBody(bodies_->bodyModel(), node, body); });
            }
            pages_->setCurrentIndex(depth > 0 ? 1 : 0);
            updateBreadcrumb();
        });
    } else {
        outer->addWidget(mainPage, 1);
    }

    connect(search_, &QLineEdit::returnPressed, this, [this] {
        if (!results_.empty() && resultIndex_ >= 0) nextResult();
        else runSearch();
    });
    connect(search_, &QLineEdit::textChanged, this, [this] {
        results_.clear();
        resultIndex_ = -1;
        model_->setHighlighted({});
        updateResultLabel();
    });
    connect(next_, &QToolButton::clicked, this, &GraphPanel::nextResult);
    connect(prev_, &QToolButton::clicked, this, &GraphPanel::previousResult);
    connect(fit_, &QToolButton::clicked, view_, &GraphView::fitToWindow);
    connect(zoomIn_, &QToolButton::clicked, view_, &GraphView::zoomIn);
    connect(zoomOut_, &QToolButton::clicked, view_, &GraphView::zoomOut);
    connect(groupingActions_, &QActionGroup::triggered, this, [this](QAction* a) {
        fitOnReady_ = true;
        layout_->setGrouping(ScopeGrouping(a->data().toInt()));
        updateGroupingText();
    });
    connect(layout_, &LayoutController::layoutReady, this, &GraphPanel::updateGroupingText);
    connect(layout_, &LayoutController::groupingChanged, this, &GraphPanel::updateGroupingText);
    connect(expandAll_, &QToolButton::clicked, layout_, &LayoutController::expandAll);
    connect(collapseAll_, &QToolButton::clicked, layout_, &LayoutController::collapseAll);
    connect(cancel_, &QPushButton::clicked, layout_, &LayoutController::cancel);
    connect(layout_, &LayoutController::layoutStarted, this, &GraphPanel::onLayoutStarted);
    connect(layout_, &LayoutController::progress, this, &GraphPanel::onLayoutProgress);
    connect(layout_, &LayoutController::layoutReady, this, &GraphPanel::onLayoutReady);
    connect(layout_, &LayoutController::layoutCancelled, this, [this] { onLayoutStopped(tr("Layout cancelled.")); });
    connect(layout_, &LayoutController::layoutFailed, this,
            [this](const QString& m) { onLayoutStopped(tr("Layout failed: %1").arg(m)); });
    connect(model_, &GraphModel::modelReset, this, [this] {
        fitOnReady_ = true;
        pendingFocus_ = -1;
        results_.clear();
        resultIndex_ = -1;
        stoppedMessage_.clear();
        updateResultLabel();
    });
    connect(model_, &GraphModel::currentNodeChanged, this, [this](int node) {
        // Selecting a node elsewhere (properties, summary) brings it into view, opening its block.
        if (node < 0 || !layout_->hasLayout()) return;
        if (layout_->layout().hiddenIn[size_t(node)] >= 0) {
            pendingFocus_ = node;
            layout_->expandToNode(node);
        }
    });
    retranslate();
}

bool GraphPanel::isLayoutBusy() const {
    return layout_->isRunning() || (bodyPanel_ != nullptr && bodyPanel_->isLayoutBusy());
}

GraphPanel* GraphPanel::activePanel() {
    return bodies_ != nullptr && bodies_->depth() > 0 && bodyPanel_ != nullptr ? bodyPanel_ : this;
}

bool GraphPanel::openBody(GraphModel* from, int node, const QString& body) {
    return bodies_ != nullptr && bodies_->openBody(from, node, body);
}

void GraphPanel::updateBreadcrumb() {
    if (bodies_ == nullptr) return;
    // deleteLater: the button clicked may be the one emitting the signal that got here.
    for (QWidget* w : crumbSeparators_) delete w;
    for (QToolButton* b : crumbs_) {
        crumbRow_->removeWidget(b);
        b->hide();
        b->deleteLater();
    }
    crumbs_.clear();
    crumbSeparators_.clear();
    const int depth = bodies_->depth();
    crumbBar_->setVisible(depth > 0);
    back_->setText(tr("\u25C2 Back"));
    back_->setToolTip(
        tr("Back to the enclosing graph (%1)").arg(back_->shortcut().toString(QKeySequence::NativeText)));
    if (depth == 0) return;
    // "main ▸ If 'x' ▸ then_branch": the node part goes back to the graph that holds the node (and
    // selects it), the body part to that body.
    int insertAt = crumbRow_->count() - 1;  // before the stretch
    auto add = [&](const QString& text, int level, bool current) {
        if (!crumbs_.empty()) {
            auto* sep = new QLabel(QStringLiteral("\u25B8"), crumbBar_);
            crumbRow_->insertWidget(insertAt++, sep);
            crumbSeparators_.push_back(sep);
        }
        auto* b = new QToolButton(crumbBar_);
        b->setAutoRaise(true);
        b->setText(text);
        b->setEnabled(!current);
        if (current) {
            QFont f = b->font();
            f.setBold(true);
            b->setFont(f);
        }
        connect(b, &QToolButton::clicked, bodies_, [this, level] { bodies_->goTo(level); });
        crumbRow_->insertWidget(insertAt++, b);
        crumbs_.push_back(b);
    };
    add(tr("main"), 0, false);
    for (int d = 1; d <= depth; ++d) {
        const BodyStack::Level& l = bodies_->level(d);
        add(l.nodeName.isEmpty() ? l.opType : QStringLiteral("%1 '%2'").arg(l.opType, l.nodeName), d - 1,
            false);
        add(l.body, d, d == depth);
    }
}

void GraphPanel::setCompactToolbar(bool compact) {
    compact_ = compact;
    if (bodyPanel_ != nullptr) bodyPanel_->setCompactToolbar(compact);
    bar_->setDirection(compact ? QBoxLayout::TopToBottom : QBoxLayout::LeftToRight);
    // One row: the search field takes what the buttons leave; two rows: each row its own width.
    search_->setMinimumWidth(compact ? 120 : kSearchMinWidth);
    // The wheel zooms too: a narrow panel keeps Fit and drops the zoom buttons.
    zoomIn_->setVisible(!compact);
    zoomOut_->setVisible(!compact);
}

bool GraphPanel::hasCompactToolbar() const { return bar_->direction() == QBoxLayout::TopToBottom; }

void GraphPanel::retranslate() {
    search_->setPlaceholderText(tr("Search node name, op type or tensor (Ctrl+F)"));
    prev_->setToolTip(tr("Previous match"));
    next_->setToolTip(tr("Next match"));
    fit_->setText(tr("Fit"));
    fit_->setToolTip(tr("Fit the graph to the window"));
    zoomIn_->setToolTip(tr("Zoom in"));
    zoomOut_->setToolTip(tr("Zoom out"));
    expandAll_->setText(tr("Expand all"));
    expandAll_->setToolTip(tr("Open every block (large graphs take longer to lay out)"));
    collapseAll_->setText(tr("Collapse all"));
    collapseAll_->setToolTip(tr("Close every block"));
    grouping_->setText(tr("Group"));
    const QList<QAction*> actions = groupingActions_->actions();
    actions[1]->setText(tr("Name scopes"));
    actions[2]->setText(tr("Repeated structure"));
    actions[3]->setText(tr("None"));
    updateGroupingText();
    cancel_->setText(tr("Cancel"));
    emptyLabel_->setText(stoppedMessage_.isEmpty()
                             ? tr("Open an ONNX model (File \u2192 Open, or drop a file here) to see its graph.")
                             : stoppedMessage_);
    updateResultLabel();
    updateBreadcrumb();
}

void GraphPanel::updateGroupingText() {
    // The automatic item names what it chose for this model.
    QString chosen;
    if (layout_->model()->nodeCount() > 0 && layout_->grouping() == ScopeGrouping::Automatic) {
        switch (layout_->tree().grouping()) {
        case ScopeGrouping::NameScopes: chosen = tr("name scopes"); break;
        case ScopeGrouping::RepeatedStructure: chosen = tr("repeated structure"); break;
        case ScopeGrouping::None: chosen = tr("none"); break;
        case ScopeGrouping::Automatic: break;
        }
    }
    const QList<QAction*> actions = groupingActions_->actions();
    // The checked item follows the controller (a workspace sets the mode without the menu).
    for (QAction* a : actions)
        if (a->data().toInt() == int(layout_->grouping())) a->setChecked(true);
    actions[0]->setText(chosen.isEmpty() ? tr("Automatic") : tr("Automatic (%1)").arg(chosen));
    QString current;
    for (QAction* a : actions)
        if (a->isChecked()) current = a->text();
    grouping_->setToolTip(tr("How nodes are grouped into collapsible blocks: %1").arg(current));
}

void GraphPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void GraphPanel::focusSearch() {
    search_->setFocus();
    search_->selectAll();
}

void GraphPanel::updateResultLabel() {
    if (search_->text().trimmed().isEmpty() || resultIndex_ < 0) {
        resultLabel_->setText(QString());
        return;
    }
    resultLabel_->setText(results_.empty() ? tr("No match")
                                           : tr("%1 of %2").arg(resultIndex_ + 1).arg(results_.size()));
}

void GraphPanel::runSearch() {
    results_ = model_->search(search_->text());
    model_->setHighlighted(std::set<int>(results_.begin(), results_.end()));
    resultIndex_ = 0;
    if (results_.empty()) {
        updateResultLabel();
        return;
    }
    jumpTo(0);
}

void GraphPanel::nextResult() {
    if (results_.empty()) return runSearch();
    jumpTo((resultIndex_ + 1) % int(results_.size()));
}

void GraphPanel::previousResult() {
    if (results_.empty()) return runSearch();
    jumpTo((resultIndex_ + int(results_.size()) - 1) % int(results_.size()));
}

void GraphPanel::jumpTo(int index) {
    resultIndex_ = index;
    updateResultLabel();
    const int node = results_[size_t(index)];
    model_->setCurrentNode(node);
    if (layout_->hasLayout() && layout_->layout().hiddenIn[size_t(node)] < 0) {
        view_->focusNode(node);
        return;
    }
    pendingFocus_ = node;
    layout_->expandToNode(node);
}

void GraphPanel::onLayoutStarted() {
    progressLabel_->setText(tr("Laying out the graph\u2026"));
    progress_->setRange(0, 0);
    // Only show the bar for layouts that take a moment; small expansions finish before it appears.
    progressBox_->setVisible(!layout_->hasLayout() || layout_->model()->nodeCount() > 2000);
}

void GraphPanel::onLayoutProgress(int done, int total) {
    if (total <= 0) return;
    progress_->setRange(0, total);
    progress_->setValue(done);
    progressLabel_->setText(tr("Laying out the graph: block %1 of %2").arg(done).arg(total));
    progressBox_->setVisible(true);
}

void GraphPanel::onLayoutReady() {
    progressBox_->hide();
    stoppedMessage_.clear();
    const bool empty = model_->nodeCount() == 0;
    stack_->setCurrentIndex(empty ? 0 : 1);
    if (empty) {
        retranslate();
        return;
    }
    if (fitOnReady_) {
        fitOnReady_ = false;
        view_->fitToWindow();
    }
    if (pendingFocus_ >= 0) {
        view_->focusNode(pendingFocus_);
        pendingFocus_ = -1;
    }
}

void GraphPanel::onLayoutStopped(const QString& message) {
    progressBox_->hide();
    if (!layout_->hasLayout()) {
        stoppedMessage_ = message;
        emptyLabel_->setText(message);
        stack_->setCurrentIndex(0);
    }
}

}  // namespace kiln::studio
