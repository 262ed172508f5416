// Kiln Studio driven through input events, as a user drives it: mouse clicks, double clicks, drags
// and the wheel on the graph view and its minimap, clicks in the fusion view and the profiler table,
// typing in the search box and the build panel, the Cancel button during a build, and files dropped
// on the window. Every event goes to the widget that is under the point the user aims at (the way
// QWidgetWindow delivers it), so an overlapping widget or a widget that swallows the event shows up
// as a failure; the checks are what the user would see (selection, properties, zoom, highlights).
#include <QAbstractItemModel>
#include <QActionGroup>
#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeWidget>
#include <QWheelEvent>
#include <QtTest>
#include <memory>

#include "gui_test_util.h"
#include "widgets/build_panel.h"
#include "widgets/fusion_view.h"
#include "widgets/graph_panel.h"
#include "widgets/graph_scene.h"
#include "widgets/graph_view.h"
#include "widgets/main_window.h"
#include "widgets/profile_model.h"
#include "widgets/profiler_view.h"
#include "widgets/properties_panel.h"

using namespace kiln::studio;

namespace {

const QString kTinyCnn = QStringLiteral(KILN_SOURCE_DIR "/resources/samples/tiny_cnn/model.onnx");
const QString kTinyTransformer = QStringLiteral(KILN_SOURCE_DIR "/resources/samples/tiny_transformer/model.onnx");
// Generous: the machine that runs the tests may be small and busy.
constexpr int kTimeout = 60000;

// The widget a mouse event at `pos` (in `root`'s coordinates) reaches, as QWidgetWindow picks it:
// the deepest visible child of the window there, with the point in its coordinates.
struct Hit {
    QWidget* widget = nullptr;
    QPoint pos;
};

Hit hitAt(QWidget* root, QPoint pos) {
    QWidget* window = root->window();
    const QPoint inWindow = root->mapTo(window, pos);
    QWidget* w = window->childAt(inWindow);
    if (!w) w = window;
    return {w, w->mapFrom(window, inWindow)};
}

QWidget* click(QWidget* root, QPoint pos, Qt::MouseButton button = Qt::LeftButton) {
    const Hit h = hitAt(root, pos);
    QTest::mouseClick(h.widget, button, Qt::NoModifier, h.pos);
    return h.widget;
}

// A real double click arrives as press, release, press, double-click, release (QTest::mouseDClick
// alone sends only the double-click event, which hides bugs in the press handling).
QWidget* doubleClick(QWidget* root, QPoint pos) {
    const Hit h = hitAt(root, pos);
    QTest::mousePress(h.widget, Qt::LeftButton, Qt::NoModifier, h.pos);
    QTest::mouseRelease(h.widget, Qt::LeftButton, Qt::NoModifier, h.pos);
    QTest::mousePress(h.widget, Qt::LeftButton, Qt::NoModifier, h.pos);
    QTest::mouseDClick(h.widget, Qt::LeftButton, Qt::NoModifier, h.pos);
    QTest::mouseRelease(h.widget, Qt::LeftButton, Qt::NoModifier, h.pos);
    return h.widget;
}

// Where the user would aim at an item: the middle of its clickable shape (a box, a collapsed
// block, an expanded frame's title bar), in the view's viewport coordinates.
QPoint aimAt(GraphView* view, const QGraphicsItem* item) {
    const QRectF r = item->mapToScene(item->shape().boundingRect()).boundingRect();
    return view->mapFromScene(r.center());
}

// Scrolls the item to the middle of the view first (away from the minimap in the corner).
QPoint bringIntoView(GraphView* view, const QGraphicsItem* item) {
    const QRectF r = item->mapToScene(item->shape().boundingRect()).boundingRect();
    view->centerOn(r.center());
    return aimAt(view, item);
}

bool viewShows(GraphView* view, QPoint viewportPos) {
    return view->viewport()->rect().adjusted(2, 2, -2, -2).contains(viewportPos);
}

// A file drag and drop at `pos` (window coordinates), delivered as QWidgetWindow delivers one: the
// enter and move events go to the innermost widget there that accepts drops (QApplication offers
// them to its parents in turn); the drop happens only when the move was accepted.
bool dropFiles(QWidget* window, QPoint pos, const QList<QUrl>& urls) {
    QMimeData mime;
    mime.setUrls(urls);
    QWidget* target = window->childAt(pos);
    if (!target) target = window;
    while (target && !target->isWindow() && !target->acceptDrops()) target = target->parentWidget();
    if (!target || !target->acceptDrops()) return false;
    const QPoint local = target->mapFrom(window, pos);
    QDragEnterEvent enter(local, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    if (!enter.isAccepted()) return false;
    // The platform hands the enter's answer to the first move.
    QDragMoveEvent move(local, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    move.setDropAction(enter.dropAction());
    move.accept();
    QApplication::sendEvent(target, &move);
    if (!move.isAccepted() || move.dropAction() == Qt::IgnoreAction) return false;
    QDropEvent drop(QPointF(local), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
    return drop.isAccepted();
}

QToolButton* buttonWithText(QWidget* parent, const QString& text) {
    for (QToolButton* b : parent->findChildren<QToolButton*>())
        if (b->text() == text) return b;
    return nullptr;
}

QToolButton* buttonForAction(QWidget* parent, QAction* action) {
    for (QToolButton* b : parent->findChildren<QToolButton*>())
        if (b->defaultAction() == action) return b;
    return nullptr;
}

QTreeWidgetItem* topItemStartingWith(QTreeWidget* tree, const QString& prefix) {
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        if (tree->topLevelItem(i)->text(0).startsWith(prefix)) return tree->topLevelItem(i);
    return nullptr;
}

// The main window on screen, active, with a model loaded and laid out.
struct Studio {
    MainWindow window;
    bool open(const QString& path) {
        window.resize(1400, 900);
        window.show();
        window.activateWindow();
        if (!QTest::qWaitForWindowExposed(&window)) return false;
        QSignalSpy opened(&window, &MainWindow::modelOpened);
        window.openFile(path);
        if (!opened.wait(kTimeout) && opened.isEmpty()) return false;
        return window.waitUntilIdle(kTimeout) && window.layoutController()->hasLayout();
    }
    // A graph with exporter name scopes (the samples have none, so they show no blocks).
    bool showScoped() {
        window.resize(1400, 900);
        window.show();
        window.activateWindow();
        if (!QTest::qWaitForWindowExposed(&window)) return false;
        window.showGraph(test::makeSmallGraph(), QStringLiteral("small"));
        return window.waitUntilIdle(kTimeout) && window.layoutController()->hasLayout();
    }
    GraphPanel* panel() const { return window.graphPanel(); }
    GraphView* view() const { return window.graphPanel()->view(); }
    GraphScene* scene() const { return window.graphPanel()->scene(); }
    GraphModel* model() { return window.graphModel(); }
};

bool waitForLayout(LayoutController* layout, QSignalSpy& ready) {
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < kTimeout && (ready.isEmpty() || layout->isRunning())) QTest::qWait(10);
    QTest::qWait(0);  // let the scene rebuild from the finished layout
    return !ready.isEmpty() && !layout->isRunning();
}

}  // namespace

class InteractionsTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir dir_;

private slots:
    void initTestCase() {
        test::isolateSettings();
        QVERIFY(dir_.isValid());
    }

    void clickingANodeSelectsItAndShowsItsProperties() {
        Studio s;
        QVERIFY(s.open(kTinyCnn));
        const int conv = s.model()->findNodeByName(QStringLiteral("block.dw.conv"));
        QVERIFY(conv >= 0);
        NodeItem* item = s.scene()->nodeItem(conv);
        QVERIFY2(item, "the depthwise conv is shown (tiny_cnn opens fully expanded)");
        QCOMPARE(click(s.view()->viewport(), bringIntoView(s.view(), item)), s.view()->viewport());
        QCOMPARE(s.model()->currentNode(), conv);
        PropertiesPanel* properties = s.window.propertiesPanel();
        QVERIFY2(properties->titleLabel()->text().contains(QStringLiteral("block.dw.conv")),
                 qPrintable(properties->titleLabel()->text()));
        QVERIFY(properties->titleLabel()->text().contains(QStringLiteral("Conv")));
        // The attributes are the node's own: a depthwise conv has its group count.
        QTreeWidgetItem* attributes = topItemStartingWith(properties->tree(), QStringLiteral("Attributes"));
        QVERIFY(attributes);
        const kiln::Node& ir = *s.model()->node(conv).ir;
        // (Below them, the schema's defaults of those it leaves out, marked as defaults.)
        int own = 0;
        for (int i = 0; i < attributes->childCount(); ++i)
            own += attributes->child(i)->data(0, PropertiesPanel::DefaultAttributeRole).toBool() ? 0 : 1;
        QCOMPARE(own, int(ir.attributes.size()));
        bool group = false;
        for (int i = 0; i < attributes->childCount(); ++i)
            if (attributes->child(i)->text(0) == QStringLiteral("group")) {
                group = true;
                QCOMPARE(attributes->child(i)->text(1), QString::fromStdString(ir.attributes.at("group").str()));
            }
        QVERIFY(group);

        // Another click moves the selection and the panel follows.
        const int relu = s.model()->findNodeByName(QStringLiteral("block.dw.relu"));
        QVERIFY(relu >= 0 && s.scene()->nodeItem(relu));
        QCOMPARE(click(s.view()->viewport(), bringIntoView(s.view(), s.scene()->nodeItem(relu))), s.view()->viewport());
        QCOMPARE(s.model()->currentNode(), relu);
        QVERIFY(properties->titleLabel()->text().contains(QStringLiteral("block.dw.relu")));
        QVERIFY(!properties->titleLabel()->text().contains(QStringLiteral("block.dw.conv")));
        // A right click does not select.
        QCOMPARE(click(s.view()->viewport(), bringIntoView(s.view(), s.scene()->nodeItem(conv)), Qt::RightButton),
                 s.view()->viewport());
        QCOMPARE(s.model()->currentNode(), relu);
    }

    void doubleClickExpandsAndCollapsesABlock() {
        Studio s;
        QVERIFY(s.showScoped());
        LayoutController* layout = s.window.layoutController();
        // Close every block with the toolbar's button.
        QToolButton* collapseAll = buttonWithText(s.panel(), QStringLiteral("Collapse all"));
        QVERIFY(collapseAll);
        QSignalSpy ready(layout, &LayoutController::layoutReady);
        QCOMPARE(click(collapseAll, collapseAll->rect().center()), collapseAll);
        QVERIFY(waitForLayout(layout, ready));
        BlockItem* block = nullptr;
        for (QGraphicsItem* item : s.scene()->items())
            if (item->type() == BlockItem::Type && !static_cast<BlockItem*>(item)->isExpanded()) {
                block = static_cast<BlockItem*>(item);
                break;
            }
        QVERIFY2(block, "Collapse all leaves at least one collapsed block");
        const int scope = block->scope();
        const int nodesCollapsed = s.scene()->nodeItemCount();

        // The user clicks a box first (here the graph input), then double-clicks the block.
        NodeItem* input = nullptr;
        for (const ModelNode& n : s.model()->nodes())
            if (n.kind == NodeKind::GraphInput) input = s.scene()->nodeItem(n.id);
        QVERIFY(input);
        QCOMPARE(click(s.view()->viewport(), bringIntoView(s.view(), input)), s.view()->viewport());
        ready.clear();
        QCOMPARE(doubleClick(s.view()->viewport(), bringIntoView(s.view(), block)), s.view()->viewport());
        QVERIFY2(waitForLayout(layout, ready), "a double click on a collapsed block lays the graph out again");
        BlockItem* expanded = s.scene()->blockItem(scope);
        QVERIFY(expanded);
        QVERIFY(expanded->isExpanded());
        QVERIFY(layout->isExpanded(scope));
        QVERIFY(s.scene()->nodeItemCount() > nodesCollapsed);

        // A double click on the open frame's title bar closes it again.
        ready.clear();
        QCOMPARE(doubleClick(s.view()->viewport(), bringIntoView(s.view(), expanded)), s.view()->viewport());
        QVERIFY(waitForLayout(layout, ready));
        QVERIFY(s.scene()->blockItem(scope));
        QVERIFY(!s.scene()->blockItem(scope)->isExpanded());
        QCOMPARE(s.scene()->nodeItemCount(), nodesCollapsed);

        // A double click inside an open frame, away from its title bar, does not close it.
        ready.clear();
        QVERIFY(doubleClick(s.view()->viewport(), bringIntoView(s.view(), s.scene()->blockItem(scope))));
        QVERIFY(waitForLayout(layout, ready));
        expanded = s.scene()->blockItem(scope);
        QVERIFY(expanded->isExpanded());
        int inside = -1;
        for (const ModelNode& n : s.model()->nodes())
            if (n.kind == NodeKind::Operator && s.scene()->nodeItem(n.id) &&
                expanded->sceneBoundingRect().contains(s.scene()->nodeItem(n.id)->sceneBoundingRect()))
                inside = n.id;
        QVERIFY(inside >= 0);
        ready.clear();
        doubleClick(s.view()->viewport(), bringIntoView(s.view(), s.scene()->nodeItem(inside)));
        QTest::qWait(50);
        QVERIFY(ready.isEmpty() && !layout->isRunning());
        QVERIFY(layout->isExpanded(scope));
        QCOMPARE(s.model()->currentNode(), inside);
    }

    void wheelZoomsAndCtrl0Fits() {
        Studio s;
        QVERIFY(s.open(kTinyCnn));
        GraphView* view = s.view();
        QWidget* viewport = view->viewport();
        QSignalSpy zoomed(view, &GraphView::zoomChanged);
        const double fitted = view->zoom();
        const QRectF graph = s.scene()->itemsBoundingRect();
        QVERIFY(view->mapToScene(viewport->rect()).boundingRect().contains(graph));  // opened fitted
        auto wheel = [&](int delta) {
            const QPoint at = viewport->rect().center();
            const Hit h = hitAt(viewport, at);
            QWheelEvent event(QPointF(h.pos), QPointF(h.widget->mapToGlobal(h.pos)), QPoint(), QPoint(0, delta),
                              Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
            QApplication::sendEvent(h.widget, &event);
            return h.widget;
        };
        // One notch up zooms in by a step, one down zooms back out.
        QCOMPARE(wheel(120), viewport);
        QVERIFY2(view->zoom() > fitted * 1.1, qPrintable(QString::number(view->zoom())));
        QCOMPARE(view->transform().m11(), view->transform().m22());  // uniform
        QCOMPARE(zoomed.count(), 1);
        QCOMPARE(zoomed.last().first().toDouble(), view->zoom());
        wheel(-120);
        QVERIFY(qAbs(view->zoom() - fitted) < 1e-6);
        // Several notches in: the graph no longer fits.
        for (int i = 0; i < 6; ++i) wheel(120);
        QVERIFY(view->zoom() > fitted * 2.5);
        QVERIFY(!view->mapToScene(viewport->rect()).boundingRect().contains(graph));
        // A horizontal wheel does not zoom.
        const double zoom = view->zoom();
        {
            const QPoint at = viewport->rect().center();
            QWheelEvent sideways(QPointF(at), QPointF(viewport->mapToGlobal(at)), QPoint(), QPoint(120, 0),
                                 Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
            QApplication::sendEvent(viewport, &sideways);
        }
        QCOMPARE(view->zoom(), zoom);

        // Ctrl+0 (View > Fit to Window) fits the whole graph again.
        QVERIFY(QTest::qWaitForWindowActive(&s.window));
        QTest::keyClick(view, Qt::Key_0, Qt::ControlModifier);
        QVERIFY2(view->mapToScene(viewport->rect()).boundingRect().contains(graph),
                 qPrintable(QString::number(view->zoom())));
        // (Fitted while the zoomed view still had scroll bars, so a little smaller than at first.)
        QVERIFY2(qAbs(view->zoom() - fitted) < fitted * 0.1, qPrintable(QString::number(view->zoom())));
        // So does the toolbar's Fit button, after zooming in with the + button.
        QToolButton* plus = buttonWithText(s.panel(), QStringLiteral("+"));
        QToolButton* fit = buttonWithText(s.panel(), QStringLiteral("Fit"));
        QVERIFY(plus && fit);
        for (int i = 0; i < 5; ++i) click(plus, plus->rect().center());
        QVERIFY(view->zoom() > fitted * 2);
        QCOMPARE(click(fit, fit->rect().center()), fit);
        QVERIFY(view->mapToScene(viewport->rect()).boundingRect().contains(graph));
        QVERIFY(qAbs(view->zoom() - fitted) < fitted * 0.1);
    }

    void typingASearchAndEnterJumpsToTheNode() {
        Studio s;
        QVERIFY(s.showScoped());
        LayoutController* layout = s.window.layoutController();
        // Close every block, so the hit is hidden and the search has to open its block.
        QSignalSpy ready(layout, &LayoutController::layoutReady);
        QToolButton* collapseAll = buttonWithText(s.panel(), QStringLiteral("Collapse all"));
        QVERIFY(collapseAll);
        click(collapseAll, collapseAll->rect().center());
        QVERIFY(waitForLayout(layout, ready));
        // Zoomed in on the graph input: the target is off screen.
        for (const ModelNode& n : s.model()->nodes())
            if (n.kind == NodeKind::GraphInput) s.view()->centerOn(s.scene()->nodeItem(n.id));
        s.view()->setZoom(2.0);

        const int target = s.model()->findNodeByName(QStringLiteral("/stem/pool/MaxPool"));
        QVERIFY(target >= 0);
        QVERIFY2(!s.scene()->nodeItem(target), "the node starts hidden in a collapsed block");
        QLineEdit* search = s.panel()->searchField();
        QCOMPARE(click(search, search->rect().center()), search);
        QTRY_VERIFY(search->hasFocus());
        QTest::keyClicks(search, QStringLiteral("maxpool"));
        QCOMPARE(search->text(), QStringLiteral("maxpool"));
        ready.clear();
        QTest::keyClick(search, Qt::Key_Return);
        QCOMPARE(s.model()->currentNode(), target);
        QVERIFY(s.model()->highlighted().count(target));
        QVERIFY(waitForLayout(layout, ready));
        QTRY_VERIFY_WITH_TIMEOUT(s.scene()->nodeItem(target) != nullptr, kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(viewShows(s.view(), aimAt(s.view(), s.scene()->nodeItem(target))), kTimeout);
        QCOMPARE(s.window.propertiesPanel()->titleLabel()->text().contains(QStringLiteral("/stem/pool/MaxPool")), true);

        // A search with several hits: Enter goes to the first, Enter again to the next.
        search->selectAll();
        QTest::keyClicks(search, QStringLiteral("relu"));
        QVERIFY(s.model()->highlighted().empty());  // editing clears the old hits
        const std::vector<int> hits = s.model()->search(QStringLiteral("relu"));
        QVERIFY(hits.size() >= 3);
        QTest::keyClick(search, Qt::Key_Return);
        QCOMPARE(s.model()->currentNode(), hits[0]);
        QCOMPARE(s.model()->highlighted(), std::set<int>(hits.begin(), hits.end()));
        QTest::keyClick(search, Qt::Key_Return);
        QCOMPARE(s.model()->currentNode(), hits[1]);
        QVERIFY(s.window.waitUntilIdle(kTimeout));
        QTRY_VERIFY_WITH_TIMEOUT(s.scene()->nodeItem(hits[1]) &&
                                     viewShows(s.view(), aimAt(s.view(), s.scene()->nodeItem(hits[1]))),
                                 kTimeout);
        // No match: nothing selected changes, nothing is lit.
        search->selectAll();
        QTest::keyClicks(search, QStringLiteral("no-such-node"));
        QTest::keyClick(search, Qt::Key_Return);
        QVERIFY(s.model()->highlighted().empty());
        QCOMPARE(s.model()->currentNode(), hits[1]);
    }

    void aGraphOpenedOnAnotherTabIsFittedWhenItsTabIsClicked() {
        Studio s;
        s.window.resize(1400, 900);
        s.window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&s.window));
        s.window.showView(MainWindow::ViewTab::Profiler);
        QVERIFY(s.open(kTinyCnn));
        GraphView* view = s.view();
        QVERIFY(!view->isVisible());
        // Back to the graph with a click on its tab.
        QTabBar* tabs = s.window.viewTabs()->tabBar();
        const QPoint tab = tabs->tabRect(int(MainWindow::ViewTab::Graph)).center();
        QCOMPARE(click(tabs, tab), static_cast<QWidget*>(tabs));
        QCOMPARE(s.window.viewTabs()->currentWidget(), s.panel());
        QVERIFY(view->isVisible());
        QVERIFY(view->mapToScene(view->viewport()->rect()).boundingRect().contains(s.scene()->itemsBoundingRect()));
        QVERIFY2(view->zoom() > 0.3, qPrintable(QString::number(view->zoom())));
        // The boxes are big enough to click.
        const int conv = s.model()->findNodeByName(QStringLiteral("stem.conv"));
        QVERIFY(conv >= 0 && s.scene()->nodeItem(conv));
        QCOMPARE(click(view->viewport(), aimAt(view, s.scene()->nodeItem(conv))), view->viewport());
        QCOMPARE(s.model()->currentNode(), conv);
    }

    void clickingTheMinimapMovesTheView() {
        Studio s;
        QVERIFY(s.open(kTinyTransformer));
        GraphView* view = s.view();
        MiniMap* map = view->miniMap();
        QVERIFY(map->isVisible());
        view->setZoom(2.0);
        const QRectF scene = view->sceneRect();
        auto centre = [&] { return view->mapToScene(view->viewport()->rect().center()); };
        view->centerOn(scene.center().x(), scene.bottom());
        const QPointF before = centre();
        // A click near the top of the overview brings the top of the graph into view.
        const QPoint top(map->width() / 2, 6);
        QCOMPARE(click(map, top), static_cast<QWidget*>(map));
        const QPointF afterClick = centre();
        QVERIFY2(afterClick.y() < before.y() - view->viewport()->height() / view->zoom() / 2,
                 qPrintable(QStringLiteral("%1 -> %2").arg(before.y()).arg(afterClick.y())));
        // Dragging on it follows the mouse.
        const Hit h = hitAt(map, top);
        QCOMPARE(h.widget, static_cast<QWidget*>(map));
        QTest::mousePress(map, Qt::LeftButton, Qt::NoModifier, top);
        QTest::mouseMove(map, QPoint(map->width() / 2, map->height() - 6));
        QTest::mouseRelease(map, Qt::LeftButton, Qt::NoModifier, QPoint(map->width() / 2, map->height() - 6));
        QVERIFY2(centre().y() > afterClick.y() + view->viewport()->height() / view->zoom() / 2,
                 qPrintable(QStringLiteral("%1 -> %2").arg(afterClick.y()).arg(centre().y())));
        // Hidden with View > Show Minimap off: the click reaches the graph instead.
        QAction* toggle = nullptr;
        for (QAction* a : s.window.findChildren<QAction*>())
            if (a->text() == QStringLiteral("Show &Minimap")) toggle = a;
        QVERIFY(toggle);
        toggle->trigger();
        QVERIFY(!map->isVisible());
        const QPoint corner = view->viewport()->mapFrom(map->parentWidget(), map->geometry().center());
        QCOMPARE(hitAt(view->viewport(), corner).widget, view->viewport());
    }

    void clickingAFusedLayerLightsItsSources() {
        Studio s;
        QVERIFY(s.open(kTinyCnn));
        s.window.showView(MainWindow::ViewTab::Fusion);
        QVERIFY(s.window.waitUntilIdle(kTimeout));
        FusionView* fusion = s.window.fusionView();
        GraphModel* original = fusion->model()->original();
        GraphModel* optimized = fusion->model()->optimized();
        GraphPanel* left = fusion->originalPanel();
        GraphPanel* right = fusion->optimizedPanel();
        QTRY_VERIFY_WITH_TIMEOUT(right->scene()->nodeItemCount() > 0 && left->scene()->nodeItemCount() > 0, kTimeout);
        int fused = -1;
        for (const ModelNode& n : optimized->nodes())
            if (n.kind == NodeKind::Operator && n.origin.size() > 1 && right->scene()->nodeItem(n.id)) fused = n.id;
        QVERIFY2(fused >= 0, "the optimizer fuses something in tiny_cnn");
        // Both sides were laid out while the tab was hidden; shown, they are fitted to their real
        // size, boxes big enough to read and click (not a speck fitted to a hidden widget).
        for (GraphPanel* p : {left, right}) {
            QVERIFY(p->view()->mapToScene(p->view()->viewport()->rect()).boundingRect().contains(p->scene()->itemsBoundingRect()));
            QVERIFY2(p->view()->zoom() > 0.3, qPrintable(QString::number(p->view()->zoom())));
        }
        QVERIFY(original->highlighted().empty());
        QCOMPARE(click(right->view()->viewport(), bringIntoView(right->view(), right->scene()->nodeItem(fused))),
                 right->view()->viewport());
        QCOMPARE(optimized->currentNode(), fused);
        const std::vector<int> sources = original->nodesNamed(optimized->node(fused).origin);
        QCOMPARE(int(sources.size()), int(optimized->node(fused).origin.size()));
        QCOMPARE(original->highlighted(), std::set<int>(sources.begin(), sources.end()));
        // The sources are brought into view on the other side.
        QVERIFY(left->scene()->nodeItem(sources.front()));
        QVERIFY(viewShows(left->view(), aimAt(left->view(), left->scene()->nodeItem(sources.front()))));

        // The other way: clicking one source node lights the layer it became.
        QCOMPARE(click(left->view()->viewport(), bringIntoView(left->view(), left->scene()->nodeItem(sources.back()))),
                 left->view()->viewport());
        QCOMPARE(original->currentNode(), sources.back());
        QVERIFY(optimized->highlighted().count(fused));
        QVERIFY(viewShows(right->view(), aimAt(right->view(), right->scene()->nodeItem(fused))));
    }

    void profilerHeaderSortsAndRowSelectsTheLayer() {
        Studio s;
        QVERIFY(s.open(kTinyCnn));
        Workbench* wb = s.window.workbench();
        ProfilerView* profiler = s.window.profilerView();
        profiler->iterationsBox()->setValue(3);
        QSignalSpy built(wb->builder(), &BuildController::finished);
        s.window.buildAction()->trigger();
        QVERIFY(built.wait(kTimeout) || !built.isEmpty());
        QSignalSpy profiled(wb->profile(), &ProfileModel::finished);
        s.window.profileAction()->trigger();
        QVERIFY(profiled.wait(kTimeout) || !profiled.isEmpty());
        QVERIFY(s.window.waitUntilIdle(kTimeout));
        QCOMPARE(s.window.viewTabs()->currentWidget(), profiler);
        QTableView* table = profiler->table();
        QAbstractItemModel* rows = table->model();
        QVERIFY(rows->rowCount() > 3);

        QHeaderView* header = table->horizontalHeader();
        auto clickHeader = [&](int column) {
            table->scrollTo(rows->index(0, column));  // the user scrolls the column into view first
            const QPoint at(header->sectionViewportPosition(column) + header->sectionSize(column) / 2, header->height() / 2);
            return click(header->viewport(), at);
        };
        auto sortedBy = [&](int column, Qt::SortOrder order) {
            for (int r = 1; r < rows->rowCount(); ++r) {
                const QVariant a = rows->index(r - 1, column).data(ProfileModel::SortRole);
                const QVariant b = rows->index(r, column).data(ProfileModel::SortRole);
                const int c = QVariant::compare(a, b) == QPartialOrdering::Less      ? -1
                              : QVariant::compare(a, b) == QPartialOrdering::Greater ? 1
                                                                                     : 0;
                if (order == Qt::AscendingOrder ? c > 0 : c < 0) return false;
            }
            return true;
        };
        // Opens sorted by median time, slowest first.
        QCOMPARE(header->sortIndicatorSection(), int(ProfileModel::MedianMs));
        QVERIFY(sortedBy(ProfileModel::MedianMs, Qt::DescendingOrder));
        // A click on the Layer header sorts by name; a second click reverses it.
        QCOMPARE(clickHeader(ProfileModel::Layer), header->viewport());
        QCOMPARE(header->sortIndicatorSection(), int(ProfileModel::Layer));
        const Qt::SortOrder first = header->sortIndicatorOrder();
        QVERIFY(sortedBy(ProfileModel::Layer, first));
        QVERIFY(!sortedBy(ProfileModel::Layer, first == Qt::AscendingOrder ? Qt::DescendingOrder : Qt::AscendingOrder));
        QCOMPARE(clickHeader(ProfileModel::Layer), header->viewport());
        QVERIFY(header->sortIndicatorOrder() != first);
        QVERIFY(sortedBy(ProfileModel::Layer, header->sortIndicatorOrder()));
        // Back to time.
        QCOMPARE(clickHeader(ProfileModel::MedianMs), header->viewport());
        QCOMPARE(header->sortIndicatorSection(), int(ProfileModel::MedianMs));
        QVERIFY(sortedBy(ProfileModel::MedianMs, header->sortIndicatorOrder()));

        // A click on a row selects that layer on the optimized graph (the Fusion tab's right side).
        GraphModel* optimized = wb->fusion()->optimized();
        const int row = 2;
        const QString layer = rows->index(row, ProfileModel::Layer).data().toString();
        const int node = optimized->findNodeByName(layer);
        QVERIFY2(node >= 0, qPrintable(layer));
        QVERIFY(optimized->currentNode() != node);
        table->scrollTo(rows->index(row, ProfileModel::Type));
        const QPoint cell = table->visualRect(rows->index(row, ProfileModel::Type)).center();
        QCOMPARE(click(table->viewport(), cell), table->viewport());
        QCOMPARE(table->selectionModel()->selectedRows().value(0).row(), row);
        QCOMPARE(optimized->currentNode(), node);
        // Another row, with the keyboard: Down moves the selection and the graph follows.
        QTest::keyClick(table, Qt::Key_Down);
        const QString next = rows->index(row + 1, ProfileModel::Layer).data().toString();
        QCOMPARE(optimized->currentNode(), optimized->findNodeByName(next));
    }

    void droppedModelOpensAndADroppedOtherFileKeepsTheModel() {
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy opened(&window, &MainWindow::modelOpened);
        QSignalSpy failed(&window, &MainWindow::modelFailed);
        // Nothing open yet: dropped on the middle of the window (the "drop a file here" text).
        const QPoint middle = window.graphPanel()->mapTo(&window, window.graphPanel()->rect().center());
        QVERIFY(dropFiles(&window, middle, {QUrl::fromLocalFile(kTinyCnn)}));
        QVERIFY(opened.wait(kTimeout) || !opened.isEmpty());
        QVERIFY(window.waitUntilIdle(kTimeout));
        QCOMPARE(window.graphModel()->modelPath(), kTinyCnn);

        // With a graph on screen, a model dropped on the graph replaces it.
        GraphView* view = window.graphPanel()->view();
        QVERIFY(view->isVisible());
        const QPoint onGraph = view->viewport()->mapTo(&window, view->viewport()->rect().center());
        QVERIFY2(dropFiles(&window, onGraph, {QUrl::fromLocalFile(kTinyTransformer)}),
                 "a model file dropped on the graph view is accepted");
        QTRY_VERIFY_WITH_TIMEOUT(opened.count() == 2, kTimeout);
        QVERIFY(window.waitUntilIdle(kTimeout));
        QCOMPARE(window.graphModel()->modelPath(), kTinyTransformer);
        const int nodes = window.graphModel()->nodeCount();
        const QString title = window.windowTitle();
        const auto loaded = window.loadedModel();
        const auto graph = window.workbench()->model();
        const QStringList recent = MainWindow::recentFiles();

        // A file that is not a model: one clear error, and the open model stays.
        const QString notes = dir_.filePath(QStringLiteral("notes.txt"));
        {
            QFile f(notes);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("these are not the weights you are looking for\n");
        }
        QVERIFY(dropFiles(&window, onGraph, {QUrl::fromLocalFile(notes)}));
        QVERIFY(failed.wait(kTimeout) || !failed.isEmpty());
        QVERIFY(window.waitUntilIdle(kTimeout));
        QVERIFY2(window.lastError().contains(QStringLiteral("notes.txt")), qPrintable(window.lastError()));
        QVERIFY(!window.lastError().contains(QLatin1Char('\n')));
        QVERIFY(window.errorBox() && window.errorBox()->isVisible());
        QCOMPARE(opened.count(), 2);
        QCOMPARE(window.graphModel()->nodeCount(), nodes);
        QCOMPARE(window.graphModel()->modelPath(), kTinyTransformer);
        QCOMPARE(window.loadedModel(), loaded);
        QCOMPARE(window.workbench()->model(), graph);
        QCOMPARE(window.windowTitle(), title);
        QCOMPARE(MainWindow::recentFiles(), recent);
        QVERIFY(window.graphPanel()->scene()->nodeItemCount() > 0);
        QVERIFY(view->isVisible());
        window.errorBox()->close();

        // A drag with no local file (a web link) is refused.
        QVERIFY(!dropFiles(&window, onGraph, {QUrl(QStringLiteral("https://example.com/model.onnx"))}));
        QCOMPARE(failed.count(), 1);
    }

    void typingAnInvalidProfileShapeMarksTheField() {
        Studio s;
        QVERIFY(s.open(kTinyCnn));
        s.window.buildDock()->show();
        s.window.buildDock()->raise();
        BuildPanel* panel = s.window.buildPanel();
        QTRY_VERIFY(panel->isVisible());
        QLineEdit* opt = panel->shapeField(0, QStringLiteral("input"), ShapeBound::Opt);
        QLabel* message = panel->shapeMessage(0, QStringLiteral("input"));
        QVERIFY(opt && message);
        QCOMPARE(opt->text(), QStringLiteral("1x3x32x32"));
        auto marked = [&] { return opt->styleSheet().contains(QStringLiteral("#fde8e8")); };
        QVERIFY(!marked());
        QVERIFY(!message->isVisible());
        QVERIFY(s.window.buildAction()->isEnabled());

        // Into the field with the mouse, everything selected, then typed key by key.
        opt->setFocus();  // a dock tab may still be animating; the click below is what selects the text
        // The panel scrolls in its narrow dock: bring the field into view and click its visible part,
        // as a user would (its centre may lie under the scroll bar).
        for (QWidget* w = opt->parentWidget(); w; w = w->parentWidget())
            if (auto* area = qobject_cast<QScrollArea*>(w)) {
                area->ensureWidgetVisible(opt, 0, 0);
                break;
            }
        QTRY_VERIFY(!opt->visibleRegion().isEmpty());
        QCOMPARE(click(opt, opt->visibleRegion().boundingRect().center()), static_cast<QWidget*>(opt));
        QTest::keyClick(opt, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(opt, QStringLiteral("1x3x"));
        QCOMPARE(opt->text(), QStringLiteral("1x3x"));
        QVERIFY2(marked(), "an unfinished shape is marked while typing");
        QVERIFY(message->isVisible());
        QVERIFY2(message->text().contains(QStringLiteral("profiles[0].input.opt")), qPrintable(message->text()));
        QVERIFY(!s.window.buildAction()->isEnabled());
        QTest::keyClicks(opt, QStringLiteral("32x32"));
        QVERIFY2(!marked(), qPrintable(s.window.workbench()->settings()->validationMessage()));
        QVERIFY(!message->isVisible());
        QVERIFY(s.window.buildAction()->isEnabled());
        // One more digit: above the max shape, marked again.
        QTest::keyClick(opt, Qt::Key_2);
        QCOMPARE(opt->text(), QStringLiteral("1x3x32x322"));
        QVERIFY(marked());
        QVERIFY(panel->validationLabel()->text().contains(QStringLiteral("profiles[0].input.opt")) ||
                panel->validationLabel()->text().contains(QStringLiteral("outside")));
        // Backspace fixes it.
        QTest::keyClick(opt, Qt::Key_Backspace);
        QVERIFY(!marked());
        QVERIFY(s.window.buildAction()->isEnabled());
    }

    void cancelButtonStopsARunningBuild() {
        Studio s;
        QVERIFY(s.open(kTinyTransformer));
        s.window.buildDock()->show();
        s.window.buildDock()->raise();
        BuildPanel* panel = s.window.buildPanel();
        QTRY_VERIFY(panel->isVisible());
        QToolButton* build = buttonForAction(panel, s.window.buildAction());
        QToolButton* cancel = buttonForAction(panel, s.window.cancelBuildAction());
        QVERIFY(build && cancel);
        // The run buttons sit below the settings: scrolled into view as a user would.
        for (QWidget* w = build->parentWidget(); w; w = w->parentWidget())
            if (auto* scroll = qobject_cast<QScrollArea*>(w)) scroll->ensureWidgetVisible(build);
        QVERIFY(build->isEnabled());
        QVERIFY(!cancel->isEnabled());
        Workbench* wb = s.window.workbench();
        QSignalSpy started(wb->builder(), &BuildController::started);
        QSignalSpy finished(wb->builder(), &BuildController::finished);
        QSignalSpy cancelled(wb->builder(), &BuildController::cancelled);
        QCOMPARE(click(build, build->rect().center()), static_cast<QWidget*>(build));
        QCOMPARE(started.count(), 1);
        // While it runs: Cancel is enabled and Build is not.
        QVERIFY(wb->builder()->isRunning());
        QVERIFY2(cancel->isEnabled(), "Cancel is enabled while the build runs");
        QVERIFY(!build->isEnabled());
        QCOMPARE(click(cancel, cancel->rect().center()), static_cast<QWidget*>(cancel));
        QVERIFY(cancelled.wait(kTimeout) || !cancelled.isEmpty());
        QVERIFY(s.window.waitUntilIdle(kTimeout));
        QCOMPARE(finished.count(), 0);
        QVERIFY(!wb->hasEngine());
        QCOMPARE(panel->phaseLabel()->text(), QStringLiteral("Build cancelled."));
        QVERIFY(panel->log()->toPlainText().contains(QStringLiteral("Build cancelled.")));
        QVERIFY(!cancel->isEnabled());
        QVERIFY(build->isEnabled());
        QVERIFY(!s.window.profileAction()->isEnabled());
        // And a build after a cancelled one runs to the end.
        QCOMPARE(click(build, build->rect().center()), static_cast<QWidget*>(build));
        QVERIFY(finished.wait(kTimeout) || !finished.isEmpty());
        QVERIFY(wb->hasEngine());
    }
};

QTEST_MAIN(InteractionsTest)
#include "test_interactions.moc"
