// GraphModel, headless: built from a hand-made kiln::Graph.
#include <QSignalSpy>
#include <QtTest>

#include "gui_test_util.h"
#include "widgets/graph_model.h"
#include "widgets/model_loader.h"
#include "widgets/model_summary.h"
#include "widgets/weight_stats.h"

using namespace kiln::studio;

class GraphModelTest : public QObject {
    Q_OBJECT
private slots:
    void countsAndKinds() {
        GraphModel model;
        QSignalSpy reset(&model, &GraphModel::modelReset);
        model.setGraph(test::makeSmallGraph(), test::smallGraphUnsupported());
        QCOMPARE(reset.count(), 1);
        // 1 graph input + 8 operators + 2 graph outputs.
        QCOMPARE(model.nodeCount(), 11);
        QCOMPARE(model.operatorCount(), 8);
        // x→Conv, Conv→Relu, Relu→MaxPool, Relu→Sigmoid, MaxPool→Flatten, Flatten→MatMul,
        // MatMul→Add, Add→FancyOp, FancyOp→y, Sigmoid→aux. Weights are not edges.
        QCOMPARE(model.edgeCount(), 10);
        QCOMPARE(model.node(0).kind, NodeKind::GraphInput);
        QCOMPARE(model.node(0).name, QStringLiteral("x"));
        QCOMPARE(model.node(model.nodeCount() - 1).kind, NodeKind::GraphOutput);
        // Ids follow a topological order: every edge goes forward.
        for (const ModelEdge& e : model.edges()) QVERIFY2(e.from < e.to, qPrintable(e.tensor));
    }

    void roles() {
        GraphModel model;
        model.setGraph(test::makeSmallGraph(), test::smallGraphUnsupported());
        const int conv = model.findNodeByName(QStringLiteral("/stem/conv/Conv"));
        QVERIFY(conv > 0);
        QCOMPARE(model.data(conv, GraphModel::Role::OpType).toString(), QStringLiteral("Conv"));
        QCOMPARE(OpFamily(model.data(conv, GraphModel::Role::Family).toInt()), OpFamily::Convolution);
        QCOMPARE(model.data(conv, GraphModel::Role::Scope).toStringList(), QStringList({"stem", "conv"}));
        QCOMPARE(model.data(conv, GraphModel::Role::OutputShapes).toStringList(), QStringList({"batch×4×8×8"}));
        QCOMPARE(model.data(conv, GraphModel::Role::InputShapes).toStringList().size(), 3);
        QCOMPARE(model.data(conv, GraphModel::Role::Unsupported).toBool(), false);
        const int relu = model.findNodeByName(QStringLiteral("/stem/relu/Relu"));
        QCOMPARE(OpFamily(model.data(relu, GraphModel::Role::Family).toInt()), OpFamily::Activation);
        QVERIFY(!model.data(99, GraphModel::Role::Name).isValid());

        // The edge out of the Conv carries the tensor's name, dtype and symbolic shape.
        const ModelEdge& e = model.edge(model.node(conv).outEdges.at(0));
        QCOMPARE(e.tensor, QStringLiteral("conv_out"));
        QCOMPARE(e.dtype, QStringLiteral("fp32"));
        QCOMPARE(e.shape, QStringLiteral("batch×4×8×8"));
        QCOMPARE(e.to, relu);

        // Constant inputs are named from the ONNX schema.
        const std::vector<ConstantInput> constants = model.constantInputs(conv);
        QCOMPARE(int(constants.size()), 2);
        QCOMPARE(constants[0].formalName, QStringLiteral("W"));
        QCOMPARE(constants[0].shape, QStringLiteral("4×3×3×3"));
        QCOMPARE(constants[1].formalName, QStringLiteral("B"));
    }

    void unsupportedFlag() {
        GraphModel model;
        model.setGraph(test::makeSmallGraph(), test::smallGraphUnsupported());
        int flagged = 0;
        for (const ModelNode& n : model.nodes()) flagged += n.unsupported ? 1 : 0;
        QCOMPARE(flagged, 1);
        const int fancy = model.findNodeByName(QStringLiteral("/head/odd/FancyOp"));
        QVERIFY(model.data(fancy, GraphModel::Role::Unsupported).toBool());
        QCOMPARE(model.data(fancy, GraphModel::Role::UnsupportedReason).toString(), QStringLiteral("no importer for op"));
        QCOMPARE(model.data(fancy, GraphModel::Role::Domain).toString(), QStringLiteral("com.example"));
        // Without the importer's list nothing is flagged.
        model.setGraph(test::makeSmallGraph());
        for (const ModelNode& n : model.nodes()) QVERIFY(!n.unsupported);
    }

    void noCpuKernelFlagged() {
        // Loaded as Kiln Studio loads a file: the summary carries the library's report, and the graph
        // paints the node without a CPU kernel red like the importer's unsupported node.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("no_cpu_kernel.onnx"));
        test::writeNoCpuKernelOnnx(path);
        const LoadOutcome out = ModelLoader::loadFile(path);
        QVERIFY2(out.model, qPrintable(out.error));
        const ModelSummary& s = out.model->summary;
        QCOMPARE(int(s.unsupported.size()), 1);
        QCOMPARE(int(s.noCpuKernel.size()), 1);
        QCOMPARE(QString::fromStdString(s.noCpuKernel[0].nodeName), QStringLiteral("cast_str"));
        QCOMPARE(QString::fromStdString(s.noCpuKernel[0].opType), QStringLiteral("Cast"));
        QCOMPARE(s.nodeCount, 3);

        GraphModel model;
        model.setGraph(out.model->shownGraph(), out.model->unsupported, path, s.noCpuKernel);
        const int cast = model.findNodeByName(QStringLiteral("cast_str"));
        QVERIFY(cast >= 0);
        QVERIFY(model.data(cast, GraphModel::Role::Unsupported).toBool());
        QCOMPARE(model.data(cast, GraphModel::Role::UnsupportedReason).toString(),
                 QStringLiteral("CPU kernel for Cast does not take string"));
        const int fancy = model.findNodeByName(QStringLiteral("fancy_0"));
        QVERIFY(model.data(fancy, GraphModel::Role::Unsupported).toBool());
        QVERIFY(!model.data(model.findNodeByName(QStringLiteral("relu_0")), GraphModel::Role::Unsupported).toBool());
        // Without the report's list the Cast is not flagged: the flag comes from it.
        model.setGraph(out.model->shownGraph(), out.model->unsupported, path);
        QVERIFY(!model.data(model.findNodeByName(QStringLiteral("cast_str")), GraphModel::Role::Unsupported).toBool());
    }

    void search() {
        GraphModel model;
        model.setGraph(test::makeSmallGraph(), test::smallGraphUnsupported());
        auto names = [&](const std::vector<int>& ids) {
            QStringList out;
            for (int id : ids) out << model.node(id).name;
            return out;
        };
        // By op type (exact, case-insensitive).
        QCOMPARE(names(model.search(QStringLiteral("relu"), GraphModel::SearchOpType)),
                 QStringList({"/stem/relu/Relu"}));
        // By name substring: everything under /head.
        QCOMPARE(int(model.search(QStringLiteral("/head/"), GraphModel::SearchName).size()), 4);
        // By tensor: producer and both consumers of relu_out.
        QCOMPARE(names(model.search(QStringLiteral("relu_out"), GraphModel::SearchTensor)),
                 QStringList({"/stem/relu/Relu", "/stem/pool/MaxPool", "/side/Sigmoid"}));
        // A weight name finds the node using it.
        QCOMPARE(names(model.search(QStringLiteral("head.fc.weight"))), QStringList({"/head/fc/MatMul"}));
        QVERIFY(model.search(QStringLiteral("no-such-thing")).empty());
        QVERIFY(model.search(QStringLiteral("   ")).empty());
    }

    void selectionAndHighlight() {
        GraphModel model;
        model.setGraph(test::makeSmallGraph());
        QSignalSpy current(&model, &GraphModel::currentNodeChanged);
        QSignalSpy highlight(&model, &GraphModel::highlightChanged);
        model.setCurrentNode(3);
        model.setCurrentNode(3);
        QCOMPARE(current.count(), 1);
        QCOMPARE(model.currentNode(), 3);
        model.setCurrentNode(1000);  // out of range clears
        QCOMPARE(model.currentNode(), -1);
        model.setHighlighted({1, 2});
        model.setHighlighted({1, 2});
        QCOMPARE(highlight.count(), 1);
        model.clear();
        QCOMPARE(model.nodeCount(), 0);
        QVERIFY(model.highlighted().empty());
    }

    void summaryAndStats() {
        auto graph = test::makeSmallGraph();
        const ModelSummary s = ModelSummary::fromGraph(*graph, test::smallGraphUnsupported(), {kiln::Message("a warning")}, "m.onnx");
        QCOMPARE(s.nodeCount, 8);
        QCOMPARE(int(s.inputs.size()), 1);
        QCOMPARE(s.inputs[0].shape, QStringLiteral("batch×3×8×8"));
        QCOMPARE(int(s.outputs.size()), 2);
        QCOMPARE(s.parameterCount, qint64(4 * 27 + 4 + 640 + 10));
        QCOMPARE(s.parameterBytes, qint64(4 * (4 * 27 + 4 + 640 + 10)));
        QCOMPARE(int(s.unsupported.size()), 1);
        QVERIFY(s.noCpuKernel.empty());  // the FancyOp is the importer's; every other op has a kernel
        QCOMPARE(s.opHistogram.front().first, QStringLiteral("Add"));  // all once: by name
        QCOMPARE(s.opHistogram.back().first, QStringLiteral("com.example::FancyOp"));
        QVERIFY(s.warnings == std::vector<kiln::Message>{kiln::Message("a warning")});
        QCOMPARE(s.opsets.at(0).second, qint64(17));

        const WeightStats w = WeightStats::compute(kiln::Tensor::fromVector<float>({5}, {1, 2, 3, 4, 0}), 4);
        QCOMPARE(w.count, qint64(5));
        QCOMPARE(w.min, 0.0);
        QCOMPARE(w.max, 4.0);
        QCOMPARE(w.mean, 2.0);
        QVERIFY(qAbs(w.stddev - std::sqrt(2.0)) < 1e-9);
        QCOMPARE(w.zeroFraction, 0.2);
        QCOMPARE(int(w.binCounts.size()), 4);
        qint64 total = 0;
        for (auto c : w.binCounts) total += c;
        QCOMPARE(total, qint64(5));
        QCOMPARE(w.binCounts.back(), qint64(2));  // 3 and 4 fall into [3, 4]
    }
};

QTEST_GUILESS_MAIN(GraphModelTest)
#include "test_graph_model.moc"
