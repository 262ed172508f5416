// Fused-layer navigation in the fusion view (issue 15): clicking a fused layer opens the collapsed
// blocks that hold its ONNX source nodes and scrolls the original side to them (and the other way
// round); a row of the rewrite list highlights every place that rewrite fired, checked against
// what the graphs themselves say (the layers whose provenance holds a BatchNormalization are the
// places of "Fold BatchNorm into Conv"); the Properties dock follows the graph clicked last.
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QTreeWidget>
#include <QtTest>

#include "gui_test_util.h"
#include "widgets/fusion_view.h"
#include "widgets/graph_items.h"
#include "widgets/graph_panel.h"
#include "widgets/graph_scene.h"
#include "widgets/graph_view.h"
#include "widgets/language.h"
#include "widgets/layout_controller.h"
#include "widgets/main_window.h"
#include "widgets/properties_panel.h"
#include "widgets/synthetic_graph.h"

using namespace kiln::studio;

namespace {
const QString kTinyCnn = QStringLiteral(KILN_SOURCE_DIR "/resources/samples/tiny_cnn/model.onnx");
constexpr int kTimeout = 60000;

bool hidden(GraphPanel* panel, int node) {
    return panel->scene()->layoutController()->layout().hiddenIn.at(size_t(node)) >= 0;
}

// The node's box is (at least partly) in the view's visible area.
bool inView(GraphPanel* panel, int node) {
    NodeItem* item = panel->scene()->nodeItem(node);
    if (!item) return false;
    const QRectF visible = panel->view()->mapToScene(panel->view()->viewport()->rect()).boundingRect();
    return visible.intersects(item->sceneBoundingRect());
}

// Collapses every block of one side, zooms to reading size and scrolls to the far end, so the next
// reveal has both blocks to open and a scroll to make.
bool collapseAndLookAway(GraphPanel* panel) {
    LayoutController* layout = panel->scene()->layoutController();
    layout->collapseAll();
    if (!QTest::qWaitFor([&] { return !layout->isRunning(); }, kTimeout)) return false;
    panel->view()->setZoom(1.0);
    panel->view()->centerOn(panel->scene()->itemsBoundingRect().bottomRight());
    QApplication::processEvents();
    return true;
}

QTreeWidgetItem* rewriteRow(QTreeWidget* summary, const QString& text) {
    for (int i = 0; i < summary->topLevelItemCount(); ++i)
        if (summary->topLevelItem(i)->text(0) == text) return summary->topLevelItem(i);
    return nullptr;
}
}  // namespace

class FusionNavigationTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { test::isolateSettings(); }

    void fusedLayerOpensTheBlocksOfItsSources() {
        MainWindow window;
        window.resize(1400, 860);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // Exporter name scopes: the graph has blocks to collapse (the samples have none).
        SyntheticGraphOptions options;
        options.layers = 2;
        window.showGraph(makeTransformerGraph(options), QStringLiteral("synthetic"));
        QVERIFY(window.waitUntilIdle(kTimeout));
        window.showView(MainWindow::ViewTab::Fusion);
        QVERIFY(window.waitUntilIdle(kTimeout));
        FusionView* fusion = window.fusionView();
        GraphModel* original = fusion->model()->original();
        GraphModel* optimized = fusion->model()->optimized();
        GraphPanel* left = fusion->originalPanel();
        GraphPanel* right = fusion->optimizedPanel();
        QTRY_VERIFY_WITH_TIMEOUT(left->scene()->nodeItemCount() > 0 && right->scene()->nodeItemCount() > 0,
                                 kTimeout);
        QVERIFY(left->scene()->layoutController()->tree().blockCount() > 0);

        QVERIFY(collapseAndLookAway(left));
        // A fused layer whose sources are all inside collapsed blocks now.
        int fused = -1;
        std::vector<int> sources;
        for (const ModelNode& n : optimized->nodes()) {
            if (n.kind != NodeKind::Operator || n.origin.size() < 2 || !right->scene()->nodeItem(n.id))
                continue;
            const std::vector<int> s = original->nodesNamed(n.origin);
            if (!s.empty() && std::all_of(s.begin(), s.end(), [&](int id) { return hidden(left, id); })) {
                fused = n.id;
                sources = s;
                break;
            }
        }
        QVERIFY2(fused >= 0,
                 "a fused layer of the synthetic transformer has its sources in a collapsed block");
        QVERIFY(!inView(left, sources.front()));

        // One click (what the scene does with it): the blocks open and the left side scrolls there.
        right->scene()->nodeClicked(fused);
        QCOMPARE(original->highlighted(), std::set<int>(sources.begin(), sources.end()));
        QTRY_VERIFY_WITH_TIMEOUT(
            std::none_of(sources.begin(), sources.end(), [&](int id) { return hidden(left, id); }), kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(inView(left, sources.front()), kTimeout);

        // The other way: a source node clicked on the left opens the right side's blocks.
        QVERIFY(collapseAndLookAway(right));
        int layer = -1;
        for (int id : sources)
            for (const ModelNode& n : optimized->nodes())
                if (layer < 0 && n.kind == NodeKind::Operator && n.origin.contains(original->node(id).name) &&
                    hidden(right, n.id))
                    layer = n.id;
        if (layer < 0) QSKIP("collapsing the optimized side left the layer in view");
        const int source = original->findNodeByName(optimized->node(layer).origin.front());
        left->scene()->nodeClicked(source);
        QVERIFY(optimized->highlighted().count(layer));
        QTRY_VERIFY_WITH_TIMEOUT(!hidden(right, layer), kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(inView(right, layer), kTimeout);
    }

    void rewriteRowHighlightsEveryPlace() {
        LanguageManager language;
        QVERIFY(language.apply(QStringLiteral("en")));
        MainWindow window(&language);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openFile(kTinyCnn);
        QVERIFY(window.waitUntilIdle(kTimeout));
        window.showView(MainWindow::ViewTab::Fusion);
        QVERIFY(window.waitUntilIdle(kTimeout));
        FusionView* fusion = window.fusionView();
        FusionModel* model = fusion->model();
        GraphModel* original = model->original();
        GraphModel* optimized = model->optimized();

        // What the graphs say: the BatchNormalization nodes, and the layers holding one.
        std::set<int> norms, withNorm, withAdd;
        QStringList normNames, addNames;
        for (const ModelNode& n : original->nodes())
            if (n.kind == NodeKind::Operator && n.opType == QStringLiteral("BatchNormalization")) {
                norms.insert(n.id);
                normNames << n.name;
            } else if (n.kind == NodeKind::Operator && n.opType == QStringLiteral("Add")) {
                addNames << n.name;
            }
        for (const ModelNode& n : optimized->nodes()) {
            if (n.kind != NodeKind::Operator) continue;
            for (const QString& o : n.origin) {
                if (normNames.contains(o)) withNorm.insert(n.id);
                if (addNames.contains(o)) withAdd.insert(n.id);
            }
        }
        QCOMPARE(int(norms.size()), 3);
        QCOMPARE(int(withNorm.size()), 3);

        QTreeWidgetItem* fold = rewriteRow(fusion->summaryTree(), QStringLiteral("Fold BatchNorm into Conv"));
        QVERIFY(fold);
        QCOMPARE(fold->text(1), QStringLiteral("3"));
        QSignalSpy shown(model, &FusionModel::rewriteShown);
        fusion->summaryTree()->setCurrentItem(fold);
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), kTimeout);
        QCOMPARE(shown.last().at(0).toString(), fold->data(0, Qt::UserRole).toString());
        QCOMPARE(optimized->highlighted(), withNorm);
        for (int id : norms) QVERIFY2(original->highlighted().count(id), qPrintable(original->node(id).name));
        // The originals lit are exactly the sources of those places, nothing else.
        std::set<int> sourcesOfPlaces;
        for (int id : withNorm)
            for (int s : model->sourcesOf(id)) sourcesOfPlaces.insert(s);
        for (int id : original->highlighted()) QVERIFY(sourcesOfPlaces.count(id));
        QCOMPARE(optimized->currentNode(), -1);

        // A rewrite that fired once: one place, the layer holding the residual Add.
        QTreeWidgetItem* residual =
            rewriteRow(fusion->summaryTree(), QStringLiteral("Fuse Conv + residual add"));
        QVERIFY(residual);
        QCOMPARE(residual->text(1), QStringLiteral("1"));
        shown.clear();
        fusion->summaryTree()->setCurrentItem(residual);
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), kTimeout);
        QCOMPARE(optimized->highlighted(), withAdd);
        QCOMPARE(int(withAdd.size()), 1);

        // Clicking a node afterwards traces that node again.
        const int one = *withNorm.begin();
        optimized->setCurrentNode(one);
        const std::vector<int> its = model->sourcesOf(one);
        QCOMPARE(original->highlighted(), std::set<int>(its.begin(), its.end()));
        QVERIFY(optimized->highlighted().empty());

        // Another level is another graph: its places are traced again.
        shown.clear();
        fusion->levelSelector()->setCurrentIndex(1);
        QTRY_VERIFY_WITH_TIMEOUT(!model->isBusy() && model->report().optimizationLevel == 1, kTimeout);
        QVERIFY(!model->hasRewritePlaces());
        QTreeWidgetItem* foldAt1 =
            rewriteRow(fusion->summaryTree(), QStringLiteral("Fold BatchNorm into Conv"));
        QVERIFY(foldAt1);
        fusion->summaryTree()->setCurrentItem(foldAt1);
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), kTimeout);
        QCOMPARE(int(optimized->highlighted().size()), 3);
        for (int id : optimized->highlighted())
            QCOMPARE(optimized->node(id).opType.contains(QStringLiteral("Conv")), true);
    }

    void propertiesFollowTheClickedGraph() {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openFile(kTinyCnn);
        QVERIFY(window.waitUntilIdle(kTimeout));
        PropertiesPanel* properties = window.propertiesPanel();
        GraphModel* main = window.graphModel();
        GraphModel* original = window.fusionView()->model()->original();
        GraphModel* optimized = window.fusionView()->model()->optimized();
        const int conv = main->findNodeByName(QStringLiteral("stem.conv"));
        QVERIFY(conv >= 0);
        main->setCurrentNode(conv);
        QCOMPARE(properties->model(), main);

        window.showView(MainWindow::ViewTab::Fusion);
        QVERIFY(window.waitUntilIdle(kTimeout));
        int fused = -1;
        for (const ModelNode& n : optimized->nodes())
            if (n.kind == NodeKind::Operator && n.origin.size() > 1) fused = n.id;
        QVERIFY(fused >= 0);
        window.fusionView()->optimizedPanel()->scene()->nodeClicked(fused);
        QCOMPARE(properties->model(), optimized);
        QVERIFY2(properties->titleLabel()->text().contains(optimized->node(fused).opType),
                 qPrintable(properties->titleLabel()->text()));
        QVERIFY(properties->tree()->topLevelItemCount() > 0);

        const int relu = original->findNodeByName(QStringLiteral("stem.relu"));
        QVERIFY(relu >= 0);
        window.fusionView()->originalPanel()->scene()->nodeClicked(relu);
        QCOMPARE(properties->model(), original);
        QVERIFY2(properties->titleLabel()->text().contains(QStringLiteral("Relu")),
                 qPrintable(properties->titleLabel()->text()));
        // The optimized side was cleared by that click, and the dock did not follow the clearing.
        QCOMPARE(optimized->currentNode(), -1);

        // Back on the Graph tab: the main graph's selection.
        window.showView(MainWindow::ViewTab::Graph);
        QCOMPARE(properties->model(), main);
        QVERIFY2(properties->titleLabel()->text().contains(QStringLiteral("Conv")),
                 qPrintable(properties->titleLabel()->text()));
    }
};

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    app.setAttribute(Qt::AA_Use96Dpi, true);
    FusionNavigationTest test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "test_fusion_navigation.moc"
