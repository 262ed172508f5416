// Smoke tests of each widget: scene/view/minimap, graph panel search, summary and properties docks.
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTreeWidget>
#include <QtTest>
#include <qcustomplot.h>

#include "gui_test_util.h"
#include "widgets/graph_panel.h"
#include "widgets/graph_scene.h"
#include "widgets/graph_view.h"
#include "widgets/graph_style.h"
#include "widgets/layout_controller.h"
#include "widgets/model_loader.h"
#include "widgets/model_summary.h"
#include "widgets/properties_panel.h"
#include "widgets/summary_panel.h"
#include "widgets/synthetic_graph.h"

using namespace kiln::studio;

namespace {

QStringList topLevelTexts(QTreeWidget* tree) {
    QStringList out;
    for (int i = 0; i < tree->topLevelItemCount(); ++i) out << tree->topLevelItem(i)->text(0);
    return out;
}

QTreeWidgetItem* findRow(QTreeWidget* tree, const QString& prefix, const QString& key) {
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem* top = tree->topLevelItem(i);
        if (!top->text(0).startsWith(prefix)) continue;
        for (int j = 0; j < top->childCount(); ++j)
            if (top->child(j)->text(0) == key) return top->child(j);
    }
    return nullptr;
}

}  // namespace

class WidgetsTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { test::isolateSettings(); }

    void sceneMirrorsLayoutAndModel() {
        GraphModel model;
        LayoutController layout(&model);
        GraphScene scene(&model, &layout);
        GraphView view(&scene);
        view.resize(800, 600);
        view.show();
        QSignalSpy rebuilt(&scene, &GraphScene::rebuilt);
        model.setGraph(test::makeSmallGraph(), test::smallGraphUnsupported());
        QVERIFY(rebuilt.wait(20000));
        // Small graph: every node gets a box (its scopes are opened automatically).
        QCOMPARE(scene.nodeItemCount(), model.nodeCount());
        QVERIFY(scene.edgeItemCount() >= model.edgeCount() - 1);
        const int conv = model.findNodeByName("/stem/conv/Conv");
        QVERIFY(scene.nodeItem(conv) != nullptr);
        QVERIFY(!scene.visibleRectOf(conv).isNull());

        // Clicking a node selects it in the model.
        scene.nodeClicked(conv);
        QCOMPARE(model.currentNode(), conv);

        view.fitToWindow();
        QVERIFY(view.zoom() > 0 && view.zoom() <= 1.2);
        const double z = view.zoom();
        view.zoomIn();
        QVERIFY(view.zoom() > z);
        view.focusNode(conv);
        QVERIFY(view.mapToScene(view.viewport()->rect()).boundingRect().contains(scene.visibleRectOf(conv).center()));

        // The view and minimap paint without a display.
        QImage image = view.grab().toImage();
        QVERIFY(!image.isNull());
        QVERIFY(view.miniMap()->isVisible());
        QVERIFY(!view.miniMap()->grab().isNull());
    }

    void blocksCollapseOnDoubleClickAndSearchOpensThem() {
        SyntheticGraphOptions o;
        o.layers = 6;
        GraphModel model;
        LayoutController layout(&model);
        layout.setInitialBudget(24);  // layers stay collapsed
        GraphPanel panel(&model, &layout);
        panel.resize(900, 700);
        panel.show();
        QSignalSpy ready(&layout, &LayoutController::layoutReady);
        model.setGraph(makeTransformerGraph(o));
        QVERIFY(ready.wait(20000));
        const int softmax = model.search("Softmax", GraphModel::SearchOpType).at(3);  // in layer.3
        QVERIFY(layout.layout().hiddenIn[size_t(softmax)] > 0);
        QVERIFY(panel.scene()->blockItemCount() > 0);

        // Search: the 6 Softmax nodes and, through their output tensors' names, the 6 MatMuls
        // reading them. Stepping to layer.3's Softmax opens its block and shows its box.
        panel.searchField()->setText("Softmax");
        panel.runSearch();
        QCOMPARE(int(panel.searchResults().size()), 12);
        QCOMPARE(model.highlighted().size(), size_t(12));
        QCOMPARE(model.currentNode(), panel.searchResults().front());
        for (int i = 0; i < 12 && model.currentNode() != softmax; ++i) panel.nextResult();
        QCOMPARE(model.currentNode(), softmax);
        QTRY_VERIFY_WITH_TIMEOUT(!layout.isRunning() && layout.layout().hiddenIn[size_t(softmax)] < 0, 20000);
        QVERIFY(panel.scene()->nodeItem(softmax) != nullptr);

        // Double-clicking the (now open) frame collapses it again.
        const int hiddenScope = layout.tree().scopeOfNode(softmax);
        int outer = hiddenScope;
        while (layout.tree().scope(outer).parent > 0 && !layout.tree().scope(outer).title.startsWith("layer"))
            outer = layout.tree().scope(outer).parent;
        QVERIFY(panel.scene()->blockItem(outer) != nullptr);
        panel.scene()->blockActivated(outer);
        QTRY_VERIFY_WITH_TIMEOUT(!layout.isRunning() && !layout.isExpanded(outer), 20000);
        QVERIFY(layout.layout().hiddenIn[size_t(softmax)] == outer);

        // A search with no hit says so.
        panel.searchField()->setText("NoSuchOperator");
        panel.runSearch();
        QVERIFY(panel.searchResults().empty());
    }

    void summaryPanelShowsModel() {
        GraphModel model;
        SummaryPanel panel(&model);
        auto graph = test::makeSmallGraph();
        model.setGraph(graph, test::smallGraphUnsupported());
        panel.setSummary(ModelSummary::fromGraph(*graph, test::smallGraphUnsupported(), {kiln::Message("checker skipped")}, "/x/small.onnx"));
        const QStringList sections = topLevelTexts(panel.tree());
        QCOMPARE(sections.size(), 6);  // model, inputs, outputs, operators, unsupported, warnings
        QVERIFY(sections.contains("Inputs (1)"));
        QVERIFY(sections.contains("Outputs (2)"));
        QVERIFY(sections.contains("Unsupported nodes (1)"));
        QTreeWidgetItem* input = findRow(panel.tree(), "Inputs", "x");
        QVERIFY(input);
        QCOMPARE(input->text(1), QStringLiteral("fp32  batch×3×8×8"));
        QVERIFY(findRow(panel.tree(), "Operators", "Conv"));
        // Clicking the unsupported entry selects that node.
        QTreeWidgetItem* fancy = findRow(panel.tree(), "Unsupported", "FancyOp");
        QVERIFY(fancy);
        emit panel.tree()->itemClicked(fancy, 0);
        QCOMPARE(model.currentNode(), model.findNodeByName("/head/odd/FancyOp"));
        panel.clear();
        QCOMPARE(panel.tree()->topLevelItemCount(), 1);
    }

    void summaryPanelListsNoCpuKernel() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("no_cpu_kernel.onnx"));
        test::writeNoCpuKernelOnnx(path);
        const LoadOutcome out = ModelLoader::loadFile(path);
        QVERIFY2(out.model, qPrintable(out.error));
        GraphModel model;
        SummaryPanel panel(&model);
        model.setGraph(out.model->shownGraph(), out.model->unsupported, path, out.model->summary.noCpuKernel);
        panel.setSummary(out.model->summary);
        // The importer's node and the node without a CPU kernel, in one red list, each labelled.
        QVERIFY(topLevelTexts(panel.tree()).contains("Unsupported nodes (2)"));
        QTreeWidgetItem* fancy = findRow(panel.tree(), "Unsupported", "FancyOp");
        QVERIFY(fancy);
        QCOMPARE(fancy->text(1), QStringLiteral("fancy_0: domain 'com.example' is not supported (only ai.onnx)"));
        QTreeWidgetItem* cast = findRow(panel.tree(), "Unsupported", "Cast");
        QVERIFY(cast);
        QCOMPARE(cast->text(1),
                 QStringLiteral("cast_str: imported, cannot run on the CPU: CPU kernel for Cast does not take string"));
        QCOMPARE(cast->foreground(1).color(), GraphStyle::unsupportedFill());
        QVERIFY(cast->toolTip(0).contains("no kernel"));
        // Clicking it selects the node, which the graph shows red.
        emit panel.tree()->itemClicked(cast, 0);
        QCOMPARE(model.currentNode(), model.findNodeByName("cast_str"));
        QVERIFY(model.node(model.currentNode()).unsupported);
    }

    void propertiesPanelShowsNodeAndWeights() {
        GraphModel model;
        PropertiesPanel panel(&model);
        panel.resize(400, 700);
        panel.show();
        model.setGraph(test::makeSmallGraph(), test::smallGraphUnsupported());
        model.setCurrentNode(model.findNodeByName("/stem/conv/Conv"));
        QVERIFY(panel.titleLabel()->text().contains("Conv"));
        QTreeWidgetItem* pads = findRow(panel.tree(), "Attributes", "pads");
        QVERIFY(pads);
        QCOMPARE(pads->text(1), QStringLiteral("[1,1,1,1]"));
        QTreeWidgetItem* w = findRow(panel.tree(), "Inputs", "W");
        QVERIFY(w);
        QVERIFY(w->text(1).contains("4×3×3×3"));
        QVERIFY(findRow(panel.tree(), "Outputs", "0")->text(1).contains("batch×4×8×8"));
        // Weights: both constants offered, the larger (W) first; stats and a histogram shown.
        QCOMPARE(panel.weightChooser()->count(), 2);
        QVERIFY(panel.weightChooser()->currentText().startsWith("W:"));
        QVERIFY(panel.statsLabel()->text().contains("min -3"));
        QVERIFY(panel.statsLabel()->text().contains("max 3"));
        QCOMPARE(panel.histogram()->plottableCount(), 1);
        panel.weightChooser()->setCurrentIndex(1);
        QCOMPARE(panel.histogram()->plottableCount(), 1);

        // Attributes the node leaves out show the ONNX schema's default, greyed and marked (Conv
        // sets kernel_shape and pads; group and auto_pad default; strides has no default value).
        QTreeWidgetItem* group = findRow(panel.tree(), "Attributes", "group");
        QVERIFY(group);
        QCOMPARE(group->text(1), QStringLiteral("1 (default)"));
        QVERIFY(group->data(0, PropertiesPanel::DefaultAttributeRole).toBool());
        QVERIFY(group->font(1).italic());
        QCOMPARE(group->foreground(1).color(), panel.palette().color(QPalette::Disabled, QPalette::Text));
        QTreeWidgetItem* autoPad = findRow(panel.tree(), "Attributes", "auto_pad");
        QVERIFY(autoPad);
        QCOMPARE(autoPad->text(1), QStringLiteral("\"NOTSET\" (default)"));
        QVERIFY(!findRow(panel.tree(), "Attributes", "strides"));
        QVERIFY(!pads->data(0, PropertiesPanel::DefaultAttributeRole).toBool());
        QVERIFY(!pads->font(1).italic());
        QVERIFY(findRow(panel.tree(), "Attributes", "kernel_shape")->text(1) == QStringLiteral("[3,3]"));
        // The count in the section title is of the attributes the node sets.
        QVERIFY(findRow(panel.tree(), "Attributes (2)", "group"));
        // MaxPool: ceil_mode and storage_order default to 0.
        model.setCurrentNode(model.findNodeByName("/stem/pool/MaxPool"));
        QCOMPARE(findRow(panel.tree(), "Attributes", "ceil_mode")->text(1), QStringLiteral("0 (default)"));
        QCOMPARE(findRow(panel.tree(), "Attributes", "storage_order")->text(1), QStringLiteral("0 (default)"));
        // An op with no schema (a custom domain) has no defaults to show.
        const kiln::Node* fancy = model.node(model.findNodeByName("/head/odd/FancyOp")).ir;
        QVERIFY(fancy && PropertiesPanel::schemaDefaults(*fancy).empty());

        // An unsupported node says so; a graph input shows its tensor; nothing selected clears.
        model.setCurrentNode(model.findNodeByName("/head/odd/FancyOp"));
        QVERIFY(panel.titleLabel()->text().contains("Unsupported"));
        model.setCurrentNode(0);
        QVERIFY(findRow(panel.tree(), "Tensor", "Shape")->text(1) == QStringLiteral("batch×3×8×8"));
        model.setCurrentNode(-1);
        QCOMPARE(panel.tree()->topLevelItemCount(), 0);
    }
};

QTEST_MAIN(WidgetsTest)
#include "test_widgets.moc"
