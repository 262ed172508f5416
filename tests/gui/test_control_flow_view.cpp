// Control-flow bodies in the graph view (issue 13 item 5): If/Loop/Scan nodes name their bodies in
// their box, a double-click or the context menu opens a body in place of the graph with a
// breadcrumb ("main ▸ Loop '/Loop' ▸ body") and a way back, and Properties lists the bodies with
// the outer-scope values they read. Data: a real TorchScript export (tests/data/control_flow) and
// the ONNX node tests shipped with libonnx.
#include <onnx/onnx_pb.h>

#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeWidget>
#include <QtTest>
#include <fstream>

#include "gui_test_util.h"
#include "widgets/body_stack.h"
#include "widgets/graph_panel.h"
#include "widgets/graph_scene.h"
#include "widgets/graph_view.h"
#include "widgets/language.h"
#include "widgets/main_window.h"
#include "widgets/properties_panel.h"

using namespace kiln::studio;

namespace {

const QString kTorchScript =
    QStringLiteral(KILN_SOURCE_DIR "/tests/data/control_flow/torchscript_if_loop/model.onnx");
const QString kNodeTests = QStringLiteral("/usr/include/onnx/backend/test/data/node/");
constexpr int kTimeout = 60000;

bool openModel(MainWindow& window, const QString& path) {
    QSignalSpy opened(&window, &MainWindow::modelOpened);
    window.openFile(path);
    return (opened.count() > 0 || opened.wait(kTimeout)) && window.waitUntilIdle(kTimeout);
}

// A real double click: press, release, press, double-click, release, at the item's centre.
void doubleClickItem(GraphView* view, QGraphicsItem* item) {
    view->centerOn(item->sceneBoundingRect().center());
    const QPoint pos = view->mapFromScene(item->sceneBoundingRect().center());
    QWidget* w = view->viewport();
    QTest::mousePress(w, Qt::LeftButton, Qt::NoModifier, pos);
    QTest::mouseRelease(w, Qt::LeftButton, Qt::NoModifier, pos);
    QTest::mousePress(w, Qt::LeftButton, Qt::NoModifier, pos);
    QTest::mouseDClick(w, Qt::LeftButton, Qt::NoModifier, pos);
    QTest::mouseRelease(w, Qt::LeftButton, Qt::NoModifier, pos);
}

// x[2], c: bool → If "outer_if"(c): then_branch = If "inner_if"(c) (then Relu(x), else Neg(x)),
// else_branch = Identity(x) → y. Both levels read x and c from the enclosing graphs.
void writeNestedIfOnnx(const QString& path) {
    onnx::ModelProto model;
    model.set_ir_version(8);
    model.add_opset_import()->set_version(17);
    auto info = [](onnx::ValueInfoProto* v, const std::string& name, int type, bool vector) {
        v->set_name(name);
        auto* t = v->mutable_type()->mutable_tensor_type();
        t->set_elem_type(type);
        auto* shape = t->mutable_shape();
        if (vector) shape->add_dim()->set_dim_value(2);
    };
    auto node = [](onnx::GraphProto* g, const std::string& op, const std::string& name,
                   std::vector<std::string> inputs, const std::string& output) {
        onnx::NodeProto* n = g->add_node();
        n->set_op_type(op);
        n->set_name(name);
        for (const std::string& i : inputs) n->add_input(i);
        n->add_output(output);
        return n;
    };
    auto body = [&](onnx::NodeProto* n, const std::string& attr, const std::string& graphName) {
        onnx::AttributeProto* a = n->add_attribute();
        a->set_name(attr);
        a->set_type(onnx::AttributeProto::GRAPH);
        onnx::GraphProto* g = a->mutable_g();
        g->set_name(graphName);
        return g;
    };
    onnx::GraphProto* g = model.mutable_graph();
    g->set_name("nested");
    info(g->add_input(), "x", onnx::TensorProto::FLOAT, true);
    info(g->add_input(), "c", onnx::TensorProto::BOOL, false);
    info(g->add_output(), "y", onnx::TensorProto::FLOAT, true);
    onnx::NodeProto* outer = node(g, "If", "outer_if", {"c"}, "y");
    onnx::GraphProto* thenBranch = body(outer, "then_branch", "outer_then");
    onnx::NodeProto* inner = node(thenBranch, "If", "inner_if", {"c"}, "inner_out");
    info(thenBranch->add_output(), "inner_out", onnx::TensorProto::FLOAT, true);
    onnx::GraphProto* innerThen = body(inner, "then_branch", "inner_then");
    node(innerThen, "Relu", "relu", {"x"}, "relu_out");
    info(innerThen->add_output(), "relu_out", onnx::TensorProto::FLOAT, true);
    onnx::GraphProto* innerElse = body(inner, "else_branch", "inner_else");
    node(innerElse, "Neg", "neg", {"x"}, "neg_out");
    info(innerElse->add_output(), "neg_out", onnx::TensorProto::FLOAT, true);
    onnx::GraphProto* elseBranch = body(outer, "else_branch", "outer_else");
    node(elseBranch, "Identity", "identity", {"x"}, "same");
    info(elseBranch->add_output(), "same", onnx::TensorProto::FLOAT, true);
    std::ofstream out(path.toStdString(), std::ios::binary);
    model.SerializeToOstream(&out);
}

QStringList operatorNames(const GraphModel* model) {
    QStringList names;
    for (const ModelNode& n : model->nodes())
        if (n.kind == NodeKind::Operator) names << n.name;
    return names;
}

QStringList crumbTexts(const GraphPanel* panel) {
    QStringList texts;
    for (const QToolButton* b : panel->breadcrumbButtons()) texts << b->text();
    return texts;
}

QTreeWidgetItem* sectionStartingWith(QTreeWidget* tree, const QString& prefix) {
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        if (tree->topLevelItem(i)->text(0).startsWith(prefix)) return tree->topLevelItem(i);
    return nullptr;
}

}  // namespace

class ControlFlowViewTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { test::isolateSettings(); }

    // The node boxes say which bodies they hold, in the op's reading order.
    void controlFlowNodesNameTheirBodies() {
        MainWindow window;
        window.show();
        QVERIFY(openModel(window, kTorchScript));
        GraphModel* model = window.graphModel();
        const int loop = model->findNodeByName("/Loop");
        const int cond = model->findNodeByName("/If");
        QVERIFY(loop >= 0 && cond >= 0);
        const GraphStyle& style = window.layoutController()->style();
        QVERIFY2(style.bodyLines(*model, loop).contains(QStringLiteral("\u25B8 body")),
                 qPrintable(style.bodyLines(*model, loop).join('|')));
        QVERIFY2(
            style.bodyLines(*model, cond).contains(QStringLiteral("\u25B8 then_branch \u00B7 else_branch")),
            qPrintable(style.bodyLines(*model, cond).join('|')));
        // A plain node has no such line.
        for (const QString& line : style.bodyLines(*model, model->findNodeByName("/Gather")))
            QVERIFY(!line.startsWith(QChar(0x25B8)));
        // The Loop's outer-scope weights are named by themselves, not as the variadic v_initial.
        bool weightLine = false;
        for (const QString& line : style.bodyLines(*model, loop))
            weightLine |= line.startsWith("cell.weight ");
        QVERIFY2(weightLine, qPrintable(style.bodyLines(*model, loop).join('|')));
    }

    // Double-click the Loop: its body replaces the graph, every body node has a box, the breadcrumb
    // names the way in, Properties follows the body; Back returns with the Loop selected.
    void doubleClickOpensTheLoopBodyAndBackReturns() {
        MainWindow window;
        window.resize(1400, 860);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openModel(window, kTorchScript));
        GraphPanel* panel = window.graphPanel();
        GraphModel* root = window.graphModel();
        const int loop = root->findNodeByName("/Loop");
        NodeItem* item = panel->scene()->nodeItem(loop);
        QVERIFY(item != nullptr);
        QVERIFY(!panel->breadcrumbBar()->isVisible());

        doubleClickItem(panel->view(), item);
        QVERIFY(window.waitUntilIdle(kTimeout));
        QCOMPARE(panel->bodies()->depth(), 1);
        QVERIFY(panel->bodyPanel() != nullptr);
        QCOMPARE(panel->activePanel(), panel->bodyPanel());
        QVERIFY(panel->bodyPanel()->isVisible());
        QVERIFY(!panel->view()->isVisible());
        QVERIFY(panel->breadcrumbBar()->isVisible());
        QCOMPARE(crumbTexts(panel), (QStringList{"main", "Loop '/Loop'", "body"}));
        QCOMPARE(panel->bodies()->path(), QStringLiteral("main \u25B8 Loop '/Loop' \u25B8 body"));

        GraphModel* body = panel->bodies()->bodyModel();
        QCOMPARE(operatorNames(body), (QStringList{"/cell/Gemm", "/Gather_2", "/Add", "/Tanh", "/Identity"}));
        GraphScene* bodyScene = panel->bodyPanel()->scene();
        QCOMPARE(bodyScene->nodeItemCount(), body->nodeCount());
        for (const QString& name : operatorNames(body))
            QVERIFY2(bodyScene->nodeItem(body->findNodeByName(name)), qPrintable(name));
        // The formal inputs and the outer-scope values the body reads (weights, x, the condition).
        QStringList outer;
        for (const ModelNode& n : body->nodes())
            if (n.kind == NodeKind::GraphInput && n.outerScope) outer << n.name;
        QCOMPARE(outer, (QStringList{"cell.weight", "cell.bias", "x", "/Constant_output_0"}));
        // The main graph is untouched.
        QCOMPARE(root->findNodeByName("/Loop"), loop);

        // Properties follows a click in the body; an outer value says where it comes from.
        body->setCurrentNode(body->findNodeByName("/cell/Gemm"));
        QCOMPARE(window.propertiesPanel()->model(), body);
        QVERIFY(window.propertiesPanel()->titleLabel()->text().contains("Gemm"));
        body->setCurrentNode(body->findNodeByName("cell.weight"));
        QVERIFY2(window.propertiesPanel()->titleLabel()->text().contains("Outer-scope value"),
                 qPrintable(window.propertiesPanel()->titleLabel()->text()));

        // Fit acts on the body's view while it is shown.
        panel->bodyPanel()->view()->setZoom(0.05);
        QAction* fit = nullptr;
        for (QAction* a : window.findChildren<QAction*>())
            if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_0)) fit = a;
        QVERIFY(fit != nullptr);
        fit->trigger();
        QVERIFY(panel->bodyPanel()->view()->zoom() > 0.05);

        QTest::mouseClick(panel->backButton(), Qt::LeftButton);
        QCOMPARE(panel->bodies()->depth(), 0);
        QCOMPARE(panel->activePanel(), panel);
        QVERIFY(panel->view()->isVisible());
        QVERIFY(!panel->breadcrumbBar()->isVisible());
        QCOMPARE(root->currentNode(), loop);
        QCOMPARE(window.propertiesPanel()->model(), root);
        QVERIFY(window.propertiesPanel()->titleLabel()->text().contains("Loop"));
    }

    // The If's context menu offers both branches; the else branch opens, the breadcrumb's "main"
    // goes back; Properties lists the bodies with their outer-scope values and opens one.
    void contextMenuAndPropertiesOpenTheIfBranches() {
        LanguageManager english;  // plural forms ("3 nodes")
        QVERIFY(english.apply(QStringLiteral("en")));
        MainWindow window;
        window.show();
        QVERIFY(openModel(window, kTorchScript));
        GraphPanel* panel = window.graphPanel();
        GraphModel* root = window.graphModel();
        const int cond = root->findNodeByName("/If");
        QVERIFY(panel->scene()->createNodeMenu(root->findNodeByName("/Gather")) == nullptr);
        std::unique_ptr<QMenu> menu(panel->scene()->createNodeMenu(cond));
        QVERIFY(menu != nullptr);
        QStringList texts;
        for (QAction* a : menu->actions()) texts << a->text();
        QCOMPARE(texts, (QStringList{"Open body \u25B8 then_branch", "Open body \u25B8 else_branch"}));
        menu->actions().at(1)->trigger();
        QVERIFY(window.waitUntilIdle(kTimeout));
        QCOMPARE(panel->bodies()->path(), QStringLiteral("main \u25B8 If '/If' \u25B8 else_branch"));
        GraphModel* body = panel->bodies()->bodyModel();
        QCOMPARE(operatorNames(body), (QStringList{"/Neg", "/head_1/Gemm", "/Constant_6", "/Sub"}));
        QCOMPARE(panel->bodyPanel()->scene()->nodeItemCount(), body->nodeCount());
        // The body has no body of its own to open here.
        QVERIFY(!panel->openBody(body, body->findNodeByName("/Neg"), "body"));
        QTest::mouseClick(panel->breadcrumbButtons().front(), Qt::LeftButton);
        QCOMPARE(panel->bodies()->depth(), 0);
        QVERIFY(window.waitUntilIdle(kTimeout));

        root->setCurrentNode(cond);
        QTreeWidget* tree = window.propertiesPanel()->tree();
        QTreeWidgetItem* bodies = sectionStartingWith(tree, "Bodies (2)");
        QVERIFY(bodies != nullptr);
        QCOMPARE(bodies->childCount(), 2);
        QTreeWidgetItem* thenItem = bodies->child(0);
        QCOMPARE(thenItem->text(0), QStringLiteral("then_branch"));
        QCOMPARE(thenItem->data(0, PropertiesPanel::BodyRole).toString(), QStringLiteral("then_branch"));
        QCOMPARE(thenItem->text(1), QStringLiteral("3 nodes"));
        QTreeWidgetItem* outer = thenItem->child(0);
        QCOMPARE(outer->text(0), QStringLiteral("Outer-scope values (3)"));
        QStringList outerNames;
        for (int i = 0; i < outer->childCount(); ++i) outerNames << outer->child(i)->text(0);
        QCOMPARE(outerNames, (QStringList{"/Loop_output_0", "head.weight", "head.bias"}));
        QVERIFY(outer->child(1)->text(1).contains("3\u00D78"));
        // The node's trailing inputs are those values, marked.
        QTreeWidgetItem* inputs = sectionStartingWith(tree, "Inputs (4)");
        QVERIFY(inputs != nullptr);
        QVERIFY(!inputs->child(0)->text(1).contains("[outer scope]"));
        for (int i = 1; i < 4; ++i)
            QVERIFY2(inputs->child(i)->text(1).contains("[outer scope]"),
                     qPrintable(inputs->child(i)->text(1)));

        emit tree->itemDoubleClicked(thenItem, 0);
        QVERIFY(window.waitUntilIdle(kTimeout));
        QCOMPARE(panel->bodies()->path(), QStringLiteral("main \u25B8 If '/If' \u25B8 then_branch"));
        QCOMPARE(operatorNames(panel->bodies()->bodyModel()),
                 (QStringList{"/head/Gemm", "/Constant_5", "/Mul"}));

        // Opening another model leaves the body.
        QVERIFY(openModel(window, kNodeTests + "test_if/model.onnx"));
        QCOMPARE(panel->bodies()->depth(), 0);
        QCOMPARE(panel->activePanel(), panel);
    }

    // In Chinese: the breadcrumb, the Back button and the Bodies section.
    void chineseBreadcrumbAndBodies() {
        LanguageManager language;
        QVERIFY(language.apply(QStringLiteral("zh_CN")));
        MainWindow window(&language);
        window.show();
        QVERIFY(openModel(window, kTorchScript));
        GraphPanel* panel = window.graphPanel();
        GraphModel* root = window.graphModel();
        const int cond = root->findNodeByName("/If");
        root->setCurrentNode(cond);
        QTreeWidgetItem* bodies =
            sectionStartingWith(window.propertiesPanel()->tree(), QStringLiteral("子图（2）"));
        QVERIFY(bodies != nullptr);
        QCOMPARE(bodies->child(0)->text(1), QStringLiteral("3 个节点"));
        QCOMPARE(bodies->child(0)->child(0)->text(0), QStringLiteral("外层作用域的值（3）"));
        QVERIFY(panel->openBody(root, cond, "then_branch"));
        QCOMPARE(crumbTexts(panel), (QStringList{QStringLiteral("主图"), "If '/If'", "then_branch"}));
        QVERIFY(panel->backButton()->text().contains(QStringLiteral("返回")));
        // A language change while a body is open redoes the breadcrumb.
        QVERIFY(language.apply(QStringLiteral("en")));
        QTRY_COMPARE(crumbTexts(panel).front(), QStringLiteral("main"));
        QVERIFY(window.waitUntilIdle(kTimeout));
    }

    // A body inside a body: double-click in the opened body goes one level deeper; the breadcrumb's
    // middle part goes back one level with the inner If selected.
    void nestedBodiesOpenAndTheBreadcrumbGoesBackALevel() {
        QTemporaryDir dir;
        const QString path = dir.filePath("nested_if.onnx");
        writeNestedIfOnnx(path);
        MainWindow window;
        window.resize(1400, 860);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY2(openModel(window, path), qPrintable(window.lastError()));
        GraphPanel* panel = window.graphPanel();
        GraphModel* root = window.graphModel();
        doubleClickItem(panel->view(), panel->scene()->nodeItem(root->findNodeByName("outer_if")));
        QVERIFY(window.waitUntilIdle(kTimeout));
        GraphModel* body = panel->bodies()->bodyModel();
        QCOMPARE(panel->bodies()->path(), QStringLiteral("main \u25B8 If 'outer_if' \u25B8 then_branch"));
        const int inner = body->findNodeByName("inner_if");
        QVERIFY(inner >= 0);
        NodeItem* innerItem = panel->bodyPanel()->scene()->nodeItem(inner);
        QVERIFY(innerItem != nullptr);
        doubleClickItem(panel->bodyPanel()->view(), innerItem);
        QVERIFY(window.waitUntilIdle(kTimeout));
        QCOMPARE(panel->bodies()->depth(), 2);
        QCOMPARE(crumbTexts(panel),
                 (QStringList{"main", "If 'outer_if'", "then_branch", "If 'inner_if'", "then_branch"}));
        QCOMPARE(operatorNames(body), QStringList{"relu"});
        QCOMPARE(panel->bodyPanel()->scene()->nodeItemCount(), body->nodeCount());
        // x is read from two levels up.
        QVERIFY(body->node(body->findNodeByName("x")).outerScope);
        // "If 'inner_if'" goes back to the outer then_branch, with the inner If selected.
        QTest::mouseClick(panel->breadcrumbButtons().at(3), Qt::LeftButton);
        QVERIFY(window.waitUntilIdle(kTimeout));
        QCOMPARE(panel->bodies()->depth(), 1);
        QCOMPARE(operatorNames(body), QStringList{"inner_if"});
        QCOMPARE(body->currentNode(), inner);
        QCOMPARE(window.propertiesPanel()->model(), body);
        QVERIFY(window.propertiesPanel()->titleLabel()->text().contains("inner_if"));
        panel->bodies()->back();
        QCOMPARE(panel->bodies()->depth(), 0);
        QCOMPARE(root->node(root->currentNode()).name, QStringLiteral("outer_if"));
    }

    // The ONNX node tests: unnamed If, Loop-11 and Scan-9 nodes open their bodies too.
    void onnxNodeTestBodiesOpen_data() {
        QTest::addColumn<QString>("test");
        QTest::addColumn<QString>("op");
        QTest::addColumn<QString>("body");
        QTest::addColumn<int>("operators");
        QTest::addColumn<QString>("crumb");
        QTest::newRow("if then") << "test_if"
                                 << "If"
                                 << "then_branch" << 1 << "If 'If_0'";
        QTest::newRow("if else") << "test_if"
                                 << "If"
                                 << "else_branch" << 1 << "If 'If_0'";
        QTest::newRow("loop") << "test_loop11"
                              << "Loop"
                              << "body" << 9 << "Loop 'Loop_0'";
        QTest::newRow("scan") << "test_scan9_sum"
                              << "Scan"
                              << "body" << 2 << "Scan 'Scan_0'";
    }
    void onnxNodeTestBodiesOpen() {
        QFETCH(QString, test);
        QFETCH(QString, op);
        QFETCH(QString, body);
        QFETCH(int, operators);
        QFETCH(QString, crumb);
        const QString path = kNodeTests + test + "/model.onnx";
        if (!QFileInfo::exists(path)) QSKIP("libonnx's node tests are not installed");
        MainWindow window;
        window.show();
        QVERIFY(openModel(window, path));
        GraphPanel* panel = window.graphPanel();
        GraphModel* root = window.graphModel();
        int node = -1;
        for (const ModelNode& n : root->nodes())
            if (n.opType == op) node = n.id;
        QVERIFY(node >= 0);
        QVERIFY(panel->openBody(root, node, body));
        QVERIFY(window.waitUntilIdle(kTimeout));
        GraphModel* bodyModel = panel->bodies()->bodyModel();
        QCOMPARE(bodyModel->operatorCount(), operators);
        QCOMPARE(panel->bodyPanel()->scene()->nodeItemCount(), bodyModel->nodeCount());
        QCOMPARE(crumbTexts(panel), (QStringList{"main", crumb, body}));
        panel->bodies()->back();
        QCOMPARE(panel->bodies()->depth(), 0);
        QCOMPARE(root->currentNode(), node);
        QVERIFY(!panel->openBody(root, node, "no_such_body"));
        QCOMPARE(panel->bodies()->depth(), 0);
    }
};

QTEST_MAIN(ControlFlowViewTest)
#include "test_control_flow_view.moc"
