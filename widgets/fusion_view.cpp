#include "widgets/fusion_view.h"
#include "widgets/library_text.h"

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <utility>

#include "widgets/graph_panel.h"
#include "widgets/graph_scene.h"
#include "widgets/graph_view.h"

namespace kiln::studio {

namespace {
QWidget* titled(QLabel* title, QWidget* body, QWidget* parent) {
    auto* box = new QWidget(parent);
    auto* l = new QVBoxLayout(box);
    l->setContentsMargins(0, 0, 0, 0);
    l->setSpacing(0);
    title->setContentsMargins(8, 4, 8, 2);
    title->setStyleSheet(QStringLiteral("font-weight: 600; color: #2a3b55;"));
    l->addWidget(title);
    l->addWidget(body, 1);
    return box;
}
}  // namespace

FusionView::FusionView(FusionModel* model, QWidget* parent)
    : QWidget(parent), model_(model), originalLayout_(model->original()), optimizedLayout_(model->optimized()) {
    originalPanel_ = new GraphPanel(model->original(), &originalLayout_, this);
    optimizedPanel_ = new GraphPanel(model->optimized(), &optimizedLayout_, this);
    // Two panels side by side: the toolbars on two rows, so the pair fits beside the docks at the
    // default window size. (No explicit minimum width: that would let the splitter squeeze a
    // toolbar until its buttons draw over each other.)
    for (GraphPanel* p : {originalPanel_, optimizedPanel_}) p->setCompactToolbar(true);
    originalTitle_ = new QLabel(this);
    optimizedTitle_ = new QLabel(this);

    levelLabel_ = new QLabel(this);
    level_ = new QComboBox(this);
    for (int i = 0; i < 4; ++i) level_->addItem(QString(), i);
    level_->setCurrentIndex(model->level());
    counts_ = new QLabel(this);
    counts_->setWordWrap(true);
    level_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    level_->setMinimumContentsLength(24);
    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(8, 6, 8, 6);
    bar->addWidget(levelLabel_);
    bar->addWidget(level_);
    bar->addSpacing(16);
    bar->addWidget(counts_, 1);
    stacked_ = new QAction(this);
    stacked_->setCheckable(true);
    stackedButton_ = new QToolButton(this);
    stackedButton_->setDefaultAction(stacked_);
    stackedButton_->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addWidget(stackedButton_);

    sides_ = new QSplitter(Qt::Horizontal, this);
    auto* sides = sides_;
    sides->addWidget(titled(originalTitle_, originalPanel_, sides));
    sides->addWidget(titled(optimizedTitle_, optimizedPanel_, sides));
    summary_ = new QTreeWidget(this);
    summary_->setColumnCount(2);
    summary_->setRootIsDecorated(false);
    summary_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    engineTable_ = new QTableView(this);
    engineTable_->setModel(model->engineLayers());
    engineTable_->setSelectionBehavior(QAbstractItemView::SelectRows);
    engineTable_->setSelectionMode(QAbstractItemView::SingleSelection);
    engineTable_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    engineTable_->setWordWrap(false);
    engineTable_->verticalHeader()->hide();
    engineTable_->horizontalHeader()->setStretchLastSection(true);
    engineTable_->setColumnWidth(EngineLayerModel::Layer, 220);
    engineTable_->setColumnWidth(EngineLayerModel::Type, 110);
    engineTable_->setColumnWidth(EngineLayerModel::Backend, 130);
    engineTable_->setColumnWidth(EngineLayerModel::Origin, 200);
    engineTable_->hide();  // a tab only while there is an engine
    bottom_ = new QTabWidget(this);
    bottom_->setDocumentMode(true);
    bottom_->setTabBarAutoHide(true);  // no engine: the summary alone, as before
    bottom_->addTab(summary_, QString());
    split_ = new QSplitter(Qt::Vertical, this);
    split_->addWidget(sides);
    split_->addWidget(bottom_);
    split_->setStretchFactor(0, 5);
    split_->setStretchFactor(1, 1);
    split_->setSizes({600, 110});

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(split_, 1);

    connect(level_, &QComboBox::currentIndexChanged, this, [this](int index) { model_->setLevel(index); });
    connect(stacked_, &QAction::toggled, this, &FusionView::setStacked);
    connect(model_, &FusionModel::started, this, &FusionView::updateSummary);
    connect(model_, &FusionModel::optimizedReady, this, &FusionView::updateSummary);
    connect(model_, &FusionModel::failed, this, &FusionView::updateSummary);
    connect(model_, &FusionModel::engineChanged, this, &FusionView::updateEngineTab);
    connect(model_, &FusionModel::engineChanged, this, &FusionView::updateSummary);
    // A layer picked in the engine's list is selected on the optimized graph (inserted copies and
    // reformats are not there: the selection clears).
    connect(engineTable_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& index) {
                if (!index.isValid()) return;
                GraphModel* optimized = model_->optimized();
                const EngineLayerModel* layers = model_->engineLayers();
                const kiln::EngineLayer& layer = layers->layer(index.row());
                int node = optimized->findNodeByName(QString::fromStdString(layer.name));
                // A plain node of a reverted fusion ("<fused layer>/<op>"): the fused layer it undid.
                if (const kiln::FusionTiming* t = layers->fusionTimingOf(layer); node < 0 && t)
                    node = optimized->findNodeByName(QString::fromStdString(t->layer));
                optimized->setCurrentNode(node);
            });
    connect(model_->original(), &GraphModel::highlightChanged, this,
            [this] { revealHighlights(model_->original(), originalPanel_); });
    connect(model_->optimized(), &GraphModel::highlightChanged, this,
            [this] { revealHighlights(model_->optimized(), optimizedPanel_); });
    // The layout that opened the blocks is ready: scroll to what they held.
    // (Once the event loop has run: the view takes the grown scene's size from a queued update.)
    connect(&originalLayout_, &LayoutController::layoutReady, this, [this] {
        if (std::exchange(revealOriginal_, false))
            QTimer::singleShot(0, this, [this] { revealHighlights(model_->original(), originalPanel_); });
    });
    connect(&optimizedLayout_, &LayoutController::layoutReady, this, [this] {
        if (std::exchange(revealOptimized_, false))
            QTimer::singleShot(0, this, [this] { revealHighlights(model_->optimized(), optimizedPanel_); });
    });
    // A rewrite in the summary: everywhere it fired.
    connect(summary_, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (item) model_->showRewrite(item->data(0, Qt::UserRole).toString());
    });
    connect(summary_, &QTreeWidget::itemClicked, this,
            [this](QTreeWidgetItem* item) { model_->showRewrite(item->data(0, Qt::UserRole).toString()); });
    retranslate();
}

bool FusionView::isStacked() const { return sides_->orientation() == Qt::Vertical; }

void FusionView::setStacked(bool stacked) {
    if (stacked_->isChecked() != stacked) stacked_->setChecked(stacked);  // toggled() comes back here
    const Qt::Orientation orientation = stacked ? Qt::Vertical : Qt::Horizontal;
    if (sides_->orientation() == orientation) return;
    sides_->setOrientation(orientation);
    // Equal halves in the new direction.
    const int length = stacked ? sides_->height() : sides_->width();
    sides_->setSizes({std::max(1, length / 2), std::max(1, length / 2)});
    retranslate();
}

bool FusionView::isBusy() const {
    return model_->isBusy() || originalLayout_.isRunning() || optimizedLayout_.isRunning();
}

void FusionView::revealHighlights(GraphModel* model, GraphPanel* panel) {
    const std::set<int>& ids = model->highlighted();
    LayoutController* layout = panel->scene()->layoutController();
    if (ids.empty() || !layout->hasLayout()) return;
    std::vector<int> hidden;
    for (int id : ids)
        if (id >= 0 && size_t(id) < layout->layout().hiddenIn.size() && layout->layout().hiddenIn[size_t(id)] >= 0)
            hidden.push_back(id);
    if (!hidden.empty()) {
        layout->expandToNodes(hidden);
        if (layout->isRunning()) {
            (model == model_->original() ? revealOriginal_ : revealOptimized_) = true;
            return;  // layoutReady comes back here
        }
    }
    QRectF area;
    for (int id : ids) area = area.united(panel->scene()->visibleRectOf(id));
    if (area.isNull()) return;
    // All of them when they fit the view, else the first one in the middle.
    const QRectF shown = panel->view()->mapToScene(panel->view()->viewport()->rect()).boundingRect();
    if (area.width() + 80 <= shown.width() && area.height() + 80 <= shown.height())
        panel->view()->ensureVisible(area, 40, 40);
    else
        panel->view()->centerOn(panel->scene()->visibleRectOf(*ids.begin()).center());
}

void FusionView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void FusionView::retranslate() {
    levelLabel_->setText(tr("Optimization level:"));
    level_->setItemText(0, tr("0 \u2014 none"));
    level_->setItemText(1, tr("1 \u2014 clean-ups (constant folding, BatchNorm folding)"));
    level_->setItemText(2, tr("2 \u2014 + vertical fusions (epilogues, pointwise chains)"));
    level_->setItemText(3, tr("3 \u2014 + horizontal and attention fusions"));
    level_->setToolTip(isStacked() ? tr("Re-optimizes the model at this level; the lower graph updates.")
                                   : tr("Re-optimizes the model at this level; the right-hand graph updates."));
    stacked_->setText(tr("One over the other"));
    stacked_->setToolTip(tr("Show the optimized graph below the original instead of beside it."));
    summary_->setHeaderLabels({tr("Fusion or rewrite"), tr("Times fired")});
    model_->engineLayers()->retranslate();
    model_->applyFusionMarks();
    updateSummary();
    updateEngineTab();
}

void FusionView::updateEngineTab() {
    bottom_->setTabText(0, tr("Fusions"));
    const EngineLayerModel* layers = model_->engineLayers();
    int tab = bottom_->indexOf(engineTable_);
    if (!layers->hasEngine()) {
        if (tab >= 0) bottom_->removeTab(tab);
        engineTable_->hide();
        return;
    }
    if (tab < 0) tab = bottom_->addTab(engineTable_, QString());
    int inserted = 0;
    for (const kiln::EngineLayer& l : layers->engine()->layers()) inserted += EngineLayerModel::insertedByBuilder(l);
    bottom_->setTabText(tab, tr("Engine layers (%n)", nullptr, layers->rowCount()));
    bottom_->setTabToolTip(tab, tr("The layers of the engine: where each runs, what it came from, and the %n "
                                   "layer(s) the builder inserted (copies between devices, reformats).",
                                   nullptr, inserted));
}

void FusionView::updateSummary() {
    const int original = model_->original()->operatorCount();
    originalTitle_->setText(tr("Original ONNX graph \u2014 %n node(s)", nullptr, original));
    summary_->clear();
    if (model_->original()->nodeCount() == 0) {
        optimizedTitle_->setText(tr("Optimized graph"));
        counts_->setText(tr("Open a model to see what the optimizer does to it."));
        return;
    }
    if (model_->isBusy()) {
        counts_->setText(tr("Optimizing at level %1\u2026").arg(model_->level()));
        return;
    }
    if (!model_->error().isEmpty()) {
        optimizedTitle_->setText(tr("Optimized graph"));
        counts_->setText(tr("Optimization failed: %1").arg(model_->error()));
        return;
    }
    const auto& report = model_->report();
    optimizedTitle_->setText(
        tr("Optimized at level %1 \u2014 %n layer(s)", nullptr, int(report.optimizedNodeCount)).arg(report.optimizationLevel));
    int fusions = 0;
    for (const auto& [name, times] : model_->firedFusions()) {
        auto* item = new QTreeWidgetItem(summary_, {LibraryText::passName(name), QString::number(times)});
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        item->setToolTip(0, name);  // the report name, as `kiln build` prints it
        item->setData(0, Qt::UserRole, name);
        fusions += times;
    }
    counts_->setText(tr("%1 \u2192 %2 nodes, %3 rewrites in %4 round(s), %5 ms. Click a node on either side to see "
                        "where it came from or what it became.")
                         .arg(report.originalNodeCount)
                         .arg(report.optimizedNodeCount)
                         .arg(fusions)
                         .arg(report.iterations)
                         .arg(report.totalMs, 0, 'f', 1));
    if (summary_->topLevelItemCount() == 0)
        new QTreeWidgetItem(summary_, {tr("(nothing fired at this level)"), QString()});
    // The last build timed each fused layer against its unfused nodes: say how many it kept and
    // reverted (reverted ones are framed on the optimized graph, their times in the tooltips).
    const std::vector<kiln::FusionTiming>& timings = model_->fusionTimings();
    if (!timings.empty()) {
        const int reverted = model_->revertedFusions();
        QString line = tr("Fusions timed against their unfused nodes: %1 kept, %2 reverted.")
                           .arg(std::count_if(timings.begin(), timings.end(),
                                              [](const kiln::FusionTiming& t) { return t.decision == kiln::FusionDecision::Kept; }))
                           .arg(reverted);
        if (reverted > 0 && !model_->fusionMarks().empty())
            line += QLatin1Char(' ') + tr("Reverted fusions have a dotted purple frame on the optimized graph.");
        counts_->setText(counts_->text() + QLatin1Char('\n') + line);
    }
}

}  // namespace kiln::studio
