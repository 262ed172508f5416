// GraphLayout: Graphviz runs, the scope tree, hierarchical layout with collapse/expand, and the
// asynchronous LayoutController.
#include <QAction>
#include <QActionGroup>
#include <QSignalSpy>
#include <QToolButton>
#include <QtTest>

#include "gui_test_util.h"
#include "widgets/dot_layout.h"
#include "widgets/graph_panel.h"
#include "widgets/graph_style.h"
#include "widgets/hierarchical_layout.h"
#include "widgets/layout_controller.h"
#include "widgets/model_loader.h"
#include "widgets/scope_tree.h"
#include "widgets/synthetic_graph.h"

using namespace kiln::studio;

namespace {

// Boxes of one layout must not overlap (touching is fine).
bool anyOverlap(const std::vector<QRectF>& rects) {
    for (size_t i = 0; i < rects.size(); ++i)
        for (size_t j = i + 1; j < rects.size(); ++j)
            if (rects[i].adjusted(0.5, 0.5, -0.5, -0.5).intersects(rects[j].adjusted(0.5, 0.5, -0.5, -0.5))) return true;
    return false;
}

int scopeByTitle(const ScopeTree& tree, const QString& title) {
    for (int s = 0; s < tree.scopeCount(); ++s)
        if (tree.scope(s).title == title) return s;
    return -1;
}

}  // namespace

class GraphLayoutTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { test::isolateSettings(); }

    void dotPositionsEveryNode() {
        // A diamond plus a tail: a → b, a → c, b → d, c → d, d → e.
        const std::vector<QSizeF> sizes(5, QSizeF(80, 30));
        const std::vector<std::pair<int, int>> edges{{0, 1}, {0, 2}, {1, 3}, {2, 3}, {3, 4}};
        const DotResult r = runDot(sizes, edges);
        QCOMPARE(int(r.centers.size()), 5);
        QVERIFY(r.size.width() >= 160 && r.size.height() >= 150);
        std::vector<QRectF> rects;
        for (const QPointF& c : r.centers) {
            QVERIFY(QRectF(QPointF(0, 0), r.size).contains(c));
            rects.emplace_back(c - QPointF(40, 15), QSizeF(80, 30));
        }
        QVERIFY(!anyOverlap(rects));
        // Top to bottom: each edge goes down; b and c share a rank.
        for (auto [a, b] : edges) QVERIFY(r.centers[size_t(a)].y() < r.centers[size_t(b)].y());
        QCOMPARE(r.centers[1].y(), r.centers[2].y());
        // Every edge has a spline starting near its tail and an arrow tip near its head.
        for (size_t i = 0; i < edges.size(); ++i) {
            const DotEdgeGeometry& g = r.edges[i];
            QVERIFY(g.bezier.size() >= 4);
            QCOMPARE(int(g.bezier.size() - 1) % 3, 0);
            QVERIFY(g.hasArrow);
            const QPointF head = r.centers[size_t(edges[i].second)];
            QVERIFY(std::abs(g.arrowTip.y() - (head.y() - 15)) < 2.0);
        }
    }

    void dotEmptyAndDegenerate() {
        QVERIFY(runDot({}, {}).centers.empty());
        const DotResult r = runDot({QSizeF(50, 20)}, {{0, 0}, {0, 7}});  // self loop, out of range
        QCOMPARE(int(r.centers.size()), 1);
        QVERIFY(r.edges[0].bezier.empty());
        QVERIFY(r.edges[1].bezier.empty());
    }

    void scopesGroupTransformerLayers() {
        SyntheticGraphOptions o;
        o.layers = 4;
        GraphModel model;
        model.setGraph(makeTransformerGraph(o));
        const ScopeTree tree = ScopeTree::build(model);
        QCOMPARE(tree.scope(0).totalNodes, model.nodeCount());
        for (int i = 0; i < 4; ++i) {
            const int layer = scopeByTitle(tree, QStringLiteral("layer.%1").arg(i));
            QVERIFY2(layer > 0, qPrintable(QStringLiteral("layer.%1").arg(i)));
            QCOMPARE(tree.scope(layer).totalNodes, kSyntheticNodesPerLayer);
            QCOMPARE(tree.scope(tree.scope(layer).parent).title, QStringLiteral("encoder"));
            // Nested scopes: attention is a block inside the layer.
            bool hasAttention = false;
            for (int c : tree.scope(layer).childScopes) hasAttention |= tree.scope(c).title.startsWith("attention");
            QVERIFY(hasAttention);
        }
        // Layers are ordered by their first node.
        const auto& layers = tree.scope(scopeByTitle(tree, "encoder")).childScopes;
        for (size_t i = 1; i < layers.size(); ++i)
            QVERIFY(tree.scope(layers[i - 1]).firstNode < tree.scope(layers[i]).firstNode);
        // Each node lies in exactly one scope, and ancestry ends in it.
        for (int n = 0; n < model.nodeCount(); ++n) QCOMPARE(tree.ancestry(n).back(), tree.scopeOfNode(n));
    }

    void tinyScopesDissolveAndChainsMerge() {
        // a/b/{x,y,z}: a has only b → one block "a/b"; c/{w} has one node → dissolves.
        const std::vector<QStringList> scopes{{"a", "b"}, {"a", "b"}, {"a", "b"}, {"c"}, {}};
        const ScopeTree tree = ScopeTree::build(scopes);
        QCOMPARE(tree.scopeCount(), 2);
        QCOMPARE(tree.scope(1).title, QStringLiteral("a/b"));
        QCOMPARE(tree.scopeOfNode(3), 0);
        QCOMPARE(tree.scope(0).leaves, std::vector<int>({3, 4}));
    }

    void segmentsWithoutScopes() {
        SyntheticGraphOptions o;
        o.layers = 10;
        o.scopes = false;
        GraphModel model;
        model.setGraph(makeTransformerGraph(o));
        ScopeOptions so;
        so.segmentThreshold = 150;
        so.segmentSize = 100;
        so.grouping = ScopeGrouping::None;  // (Automatic would group the repeated layers instead)
        const ScopeTree tree = ScopeTree::build(model, so);
        QCOMPARE(tree.grouping(), ScopeGrouping::None);
        QCOMPARE(tree.blockCount(), 0);
        const LayoutScope& root = tree.scope(0);
        QVERIFY(root.leaves.empty());
        QCOMPARE(int(root.childScopes.size()), (model.nodeCount() + 99) / 100);
        for (int s : root.childScopes) {
            QVERIFY(tree.scope(s).synthetic);
            QVERIFY(tree.scope(s).totalNodes <= 100);
        }
        // Segments follow the topological order.
        QCOMPARE(tree.scope(root.childScopes[0]).leaves.front(), 0);
    }

    void repeatedStructureFindsTheLayersOfAnUnscopedTransformer() {
        for (int layers : {2, 5, 12}) {
            SyntheticGraphOptions o;
            o.layers = layers;
            o.scopes = false;  // names like "MatMul_17": no scopes to group by
            GraphModel flat;
            flat.setGraph(makeTransformerGraph(o));
            const ScopeTree tree = ScopeTree::build(flat);  // Automatic
            QCOMPARE(tree.grouping(), ScopeGrouping::RepeatedStructure);
            QCOMPARE(tree.blockCount(), layers);
            QCOMPARE(int(tree.scope(0).childScopes.size()), layers);
            QCOMPARE(int(tree.scope(0).leaves.size()), flat.nodeCount() - layers * kSyntheticNodesPerLayer);
            // Each block is exactly one layer: the same nodes the scoped export puts in layer.j.
            o.scopes = true;
            GraphModel scoped;
            scoped.setGraph(makeTransformerGraph(o));
            QCOMPARE(scoped.nodeCount(), flat.nodeCount());
            for (int j = 0; j < layers; ++j) {
                const LayoutScope& block = tree.scope(tree.scope(0).childScopes[size_t(j)]);
                QCOMPARE(block.totalNodes, kSyntheticNodesPerLayer);
                QCOMPARE(block.repeatIndex, j);
                QCOMPARE(block.repeatCount, layers);
                QCOMPARE(block.title, QStringLiteral("Block %1 of %2").arg(j + 1).arg(layers));
                for (int n : block.leaves)
                    QVERIFY2(scoped.node(n).scope.contains(QStringLiteral("layer.%1").arg(j)),
                             qPrintable(QStringLiteral("node %1 (%2) in block %3").arg(n).arg(scoped.node(n).name).arg(j)));
            }
        }
    }

    void groupingModesCanBeChosen() {
        SyntheticGraphOptions o;
        o.layers = 6;
        GraphModel scoped;
        scoped.setGraph(makeTransformerGraph(o));
        ScopeOptions so;
        QCOMPARE(ScopeTree::build(scoped, so).grouping(), ScopeGrouping::NameScopes);  // Automatic: scopes win
        so.grouping = ScopeGrouping::RepeatedStructure;  // names ignored
        ScopeTree repeated = ScopeTree::build(scoped, so);
        QCOMPARE(repeated.grouping(), ScopeGrouping::RepeatedStructure);
        QCOMPARE(repeated.blockCount(), 6);
        so.grouping = ScopeGrouping::None;
        QCOMPARE(ScopeTree::build(scoped, so).blockCount(), 0);
        // Only the layout's segments of 100 nodes remain.
        QCOMPARE(ScopeTree::build(scoped, so).scopeCount(), 1 + (scoped.nodeCount() + 99) / 100);
        so.grouping = ScopeGrouping::NameScopes;
        o.scopes = false;
        GraphModel flat;
        flat.setGraph(makeTransformerGraph(o));
        QCOMPARE(ScopeTree::build(flat, so).blockCount(), 0);  // no names to group by
    }

    void smallGraphsStayFlatUnderAutomatic() {
        // An input, then 4 repetitions of a 5-op chain: repeated, but too small to be worth frames.
        std::vector<uint64_t> kinds{99};
        for (int r = 0; r < 4; ++r)
            for (uint64_t k : {1, 2, 3, 4, 5}) kinds.push_back(k);
        std::vector<std::pair<int, int>> edges;
        for (int i = 1; i < 21; ++i) edges.push_back({i - 1, i});
        QCOMPARE(ScopeTree::buildRepeated(kinds, edges).blockCount(), 4);
        GraphModel model;
        LoadOutcome loaded = ModelLoader::loadFile(QStringLiteral(KILN_SOURCE_DIR "/resources/samples/tiny_cnn/model.onnx"));
        QVERIFY(loaded.model);
        model.setGraph(loaded.model->graph);
        QVERIFY(model.nodeCount() < ScopeOptions().autoRepeatMinNodes);
        QCOMPARE(ScopeTree::build(model).blockCount(), 0);
    }

    void repeatedRunsOfTwoKindsAndNoFalseBlocks() {
        // A chain: 3 lead-in ops, 4 × a 6-op block, 3 × an 8-op block, 2 tail ops.
        std::vector<uint64_t> kinds;
        for (uint64_t k : {90, 91, 92}) kinds.push_back(k);
        for (int r = 0; r < 4; ++r)
            for (uint64_t k : {1, 2, 3, 4, 5, 6}) kinds.push_back(k);
        for (int r = 0; r < 3; ++r)
            for (uint64_t k : {11, 12, 13, 14, 15, 16, 17, 18}) kinds.push_back(k);
        for (uint64_t k : {93, 94}) kinds.push_back(k);
        std::vector<std::pair<int, int>> edges;
        for (int i = 1; i < int(kinds.size()); ++i) edges.push_back({i - 1, i});
        const ScopeTree tree = ScopeTree::buildRepeated(kinds, edges);
        QCOMPARE(tree.blockCount(), 7);
        std::vector<int> sizes, runs;
        for (int c : tree.scope(0).childScopes) {
            sizes.push_back(tree.scope(c).totalNodes);
            runs.push_back(tree.scope(c).repeatRun);
        }
        QCOMPARE(sizes, (std::vector<int>{6, 6, 6, 6, 8, 8, 8}));
        QCOMPARE(runs, (std::vector<int>{0, 0, 0, 0, 1, 1, 1}));
        QCOMPARE(tree.scope(tree.scope(0).childScopes[0]).firstNode, 3);
        QCOMPARE(tree.scope(tree.scope(0).childScopes[4]).title, QStringLiteral("Block B1 of 3"));
        QCOMPARE(tree.scope(0).leaves, (std::vector<int>{0, 1, 2, 51, 52}));

        // Nothing repeats: no blocks.
        std::vector<uint64_t> distinct;
        for (uint64_t k = 0; k < 40; ++k) distinct.push_back(k);
        std::vector<std::pair<int, int>> chain;
        for (int i = 1; i < 40; ++i) chain.push_back({i - 1, i});
        QCOMPARE(ScopeTree::buildRepeated(distinct, chain).blockCount(), 0);
    }

    void controllerAndPanelSwitchGrouping() {
        SyntheticGraphOptions o;
        o.layers = 5;
        o.scopes = false;
        GraphModel model;
        LayoutController controller(&model);
        GraphPanel panel(&model, &controller);
        QSignalSpy ready(&controller, &LayoutController::layoutReady);
        model.setGraph(makeTransformerGraph(o));
        QVERIFY(ready.wait(30000));
        QCOMPARE(controller.tree().grouping(), ScopeGrouping::RepeatedStructure);
        QCOMPARE(controller.tree().blockCount(), 5);
        const QList<QAction*> actions = panel.groupingActions()->actions();
        QCOMPARE(actions.size(), 4);
        QCOMPARE(panel.groupingActions()->checkedAction()->data().toInt(), int(ScopeGrouping::Automatic));
        QVERIFY2(actions[0]->text().contains(QStringLiteral("repeated structure")), qPrintable(actions[0]->text()));
        QVERIFY(panel.groupingButton()->toolTip().contains(QStringLiteral("repeated structure")));
        // The panel's choice reaches the controller.
        actions[1]->trigger();
        QCOMPARE(actions[1]->data().toInt(), int(ScopeGrouping::NameScopes));
        QCOMPARE(controller.grouping(), ScopeGrouping::NameScopes);
        QTRY_VERIFY_WITH_TIMEOUT(!controller.isRunning() && controller.hasLayout(), 30000);
        QCOMPARE(controller.tree().blockCount(), 0);
        controller.setGrouping(ScopeGrouping::None);
        QTRY_VERIFY_WITH_TIMEOUT(!controller.isRunning() && controller.hasLayout(), 30000);
        QCOMPARE(controller.tree().grouping(), ScopeGrouping::None);
        QCOMPARE(controller.tree().blockCount(), 0);
        controller.setGrouping(ScopeGrouping::Automatic);
        QTRY_VERIFY_WITH_TIMEOUT(!controller.isRunning() && controller.hasLayout(), 30000);
        QCOMPARE(controller.tree().blockCount(), 5);
    }

    void hierarchicalCollapseExpand() {
        SyntheticGraphOptions o;
        o.layers = 6;
        GraphModel model;
        model.setGraph(makeTransformerGraph(o));
        const ScopeTree tree = ScopeTree::build(model);
        const GraphStyle style;
        HierarchicalLayout layout(tree, style.layoutInput(model, tree));
        const int encoder = scopeByTitle(tree, "encoder");
        const int layer2 = scopeByTitle(tree, "layer.2");

        // Budget: the encoder opens (6 layer blocks), the layers stay closed.
        layout.autoExpand(24);
        QVERIFY(layout.isExpanded(encoder));
        QVERIFY(!layout.isExpanded(layer2));
        QVERIFY(layout.visibleItemCount() <= 24);
        auto first = layout.compute();
        QVERIFY(first.has_value());
        QVERIFY(first->dotRuns >= 2);
        // Nodes of a closed layer are hidden in its block; no box for them.
        const int someNodeOfLayer2 = tree.scope(layer2).firstNode;
        QVERIFY(first->hiddenIn[size_t(someNodeOfLayer2)] > 0);
        for (const auto& n : first->nodes) QVERIFY(n.node != someNodeOfLayer2);
        int visibleNodes = int(first->nodes.size());
        for (int n = 0; n < model.nodeCount(); ++n) visibleNodes -= first->hiddenIn[size_t(n)] < 0 ? 1 : 0;
        QCOMPARE(visibleNodes, 0);  // every node is either drawn or hidden in a block

        // Expanding layer.2 lays out its interior and re-runs only its ancestors (cached siblings).
        layout.setExpanded(layer2, true);
        auto second = layout.compute();
        QVERIFY(second.has_value());
        QVERIFY(second->hiddenIn[size_t(someNodeOfLayer2)] != layer2);
        QVERIFY(second->dotRuns <= 2 + tree.depth(layer2) + 6);
        bool frameFound = false;
        for (const auto& b : second->blocks)
            if (b.scope == layer2) {
                frameFound = b.expanded;
                // The open block encloses the boxes of its direct nodes.
                for (int leaf : tree.scope(layer2).leaves)
                    for (const auto& n : second->nodes)
                        if (n.node == leaf) QVERIFY(b.rect.contains(n.rect));
            }
        QVERIFY(frameFound);
        // Unchanged state: everything cached, no Graphviz run.
        QCOMPARE(layout.compute()->dotRuns, 0);

        // Collapse again: the layer's nodes are hidden again.
        layout.setExpanded(layer2, false);
        auto third = layout.compute();
        QCOMPARE(third->hiddenIn[size_t(someNodeOfLayer2)] > 0, true);

        // Each edge of the model is drawn at most once per visible pair, and every drawn edge ends
        // at an arrow tip.
        for (const auto& e : third->edges) QVERIFY(!e.modelEdges.empty());

        // expandToNode opens the whole chain.
        layout.expandToNode(someNodeOfLayer2);
        auto fourth = layout.compute();
        QCOMPARE(fourth->hiddenIn[size_t(someNodeOfLayer2)], -1);
    }

    void smallGraphNoOverlapFullyExpanded() {
        GraphModel model;
        model.setGraph(test::makeSmallGraph());
        const ScopeTree tree = ScopeTree::build(model);
        const GraphStyle style;
        HierarchicalLayout layout(tree, style.layoutInput(model, tree));
        layout.expandAll();
        auto l = layout.compute();
        QVERIFY(l.has_value());
        QCOMPARE(int(l->nodes.size()), model.nodeCount());
        std::vector<QRectF> rects;
        for (const auto& n : l->nodes) {
            rects.push_back(n.rect);
            QVERIFY(l->bounds.contains(n.rect));
        }
        QVERIFY(!anyOverlap(rects));
        // Every model edge is drawn.
        std::set<int> drawn;
        for (const auto& e : l->edges) drawn.insert(e.modelEdges.begin(), e.modelEdges.end());
        QCOMPARE(int(drawn.size()), model.edgeCount());
    }

    void cancelStopsBeforeGraphviz() {
        SyntheticGraphOptions o;
        o.layers = 3;
        GraphModel model;
        model.setGraph(makeTransformerGraph(o));
        const ScopeTree tree = ScopeTree::build(model);
        HierarchicalLayout layout(tree, GraphStyle().layoutInput(model, tree));
        std::atomic<bool> cancel{true};
        QVERIFY(!layout.compute(&cancel).has_value());
        cancel = false;
        QVERIFY(layout.compute(&cancel).has_value());
    }

    void controllerRunsInBackground() {
        SyntheticGraphOptions o;
        o.layers = 8;
        GraphModel model;
        LayoutController controller(&model);
        QSignalSpy ready(&controller, &LayoutController::layoutReady);
        QSignalSpy progress(&controller, &LayoutController::progress);
        model.setGraph(makeTransformerGraph(o));  // modelReset → rebuild → job
        QVERIFY(controller.isRunning());
        QVERIFY(ready.wait(30000));
        QVERIFY(controller.hasLayout());
        QVERIFY(progress.count() >= 1);
        QVERIFY(!controller.layout().nodes.empty() || !controller.layout().blocks.empty());

        // A toggle queued while a layout runs wins: the final layout shows it.
        const int layer = scopeByTitle(controller.tree(), "layer.5");
        QVERIFY(layer > 0);
        const bool was = controller.isExpanded(layer);
        controller.toggleExpanded(layer);
        controller.toggleExpanded(layer);
        controller.toggleExpanded(layer);
        QTRY_VERIFY_WITH_TIMEOUT(!controller.isRunning() && controller.isExpanded(layer) != was, 30000);

        // Cancel: the job stops and reports it.
        QSignalSpy cancelled(&controller, &LayoutController::layoutCancelled);
        controller.expandAll();
        controller.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(!controller.isRunning(), 30000);
        QVERIFY(cancelled.count() + ready.count() >= 3);  // it may have finished before seeing the flag
    }

    void tenThousandNodesOpenQuickly() {
        // Not a timing test (benchmarks/layout measures time): checks the first view of a 10k-node
        // graph needs few, small Graphviz runs.
        SyntheticGraphOptions o;
        o.layers = 170;
        GraphModel model;
        model.setGraph(makeTransformerGraph(o));
        QVERIFY(model.operatorCount() > 10000);
        const ScopeTree tree = ScopeTree::build(model);
        HierarchicalLayout layout(tree, GraphStyle().layoutInput(model, tree));
        layout.autoExpand(260);
        QVERIFY(layout.visibleItemCount() <= 260);
        auto l = layout.compute();
        QVERIFY(l.has_value());
        QVERIFY(l->dotRuns <= 10);
        QVERIFY(l->blocks.size() >= 170);

        // The same graph without scopes: one repeated block per layer, and as small a first view.
        o.scopes = false;
        GraphModel flat;
        flat.setGraph(makeTransformerGraph(o));
        const ScopeTree flatTree = ScopeTree::build(flat);
        QCOMPARE(flatTree.grouping(), ScopeGrouping::RepeatedStructure);
        QCOMPARE(flatTree.blockCount(), 170);
        HierarchicalLayout flatLayout(flatTree, GraphStyle().layoutInput(flat, flatTree));
        flatLayout.autoExpand(260);
        QVERIFY(flatLayout.visibleItemCount() <= 260);
        auto fl = flatLayout.compute();
        QVERIFY(fl.has_value());
        QVERIFY(fl->dotRuns <= 10);
    }
};

QTEST_MAIN(GraphLayoutTest)
#include "test_graph_layout.moc"
