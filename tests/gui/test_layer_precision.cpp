// LayerPrecisionModel, headless: one row per node with the precision kiln::resolveLayerPrecision (the
// builder's rule) gives it; editing the Override column sets, changes and removes by-layer overrides
// in the BuildSettingsModel; op-type overrides show as "by op type"; the filter proxy; the engine
// columns after a build; and a 10k-node graph stays quick (the time is printed, the bound is loose).
#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QtTest>
#include <set>

#include "engine_core/builder/builder.h"
#include "gui_test_util.h"
#include "widgets/build_settings_model.h"
#include "widgets/layer_precision_model.h"
#include "widgets/layer_precision_view.h"
#include "widgets/model_loader.h"
#include "widgets/synthetic_graph.h"

using namespace kiln::studio;
using M = LayerPrecisionModel;

namespace {

std::shared_ptr<kiln::Graph> tinyCnn() {
    LoadOutcome out =
        ModelLoader::loadFile(QStringLiteral(KILN_SOURCE_DIR "/resources/samples/tiny_cnn/model.onnx"));
    return out.model ? out.model->graph : nullptr;
}

QString cell(const QAbstractItemModel& m, int row, int column, int role = Qt::DisplayRole) {
    return m.index(row, column).data(role).toString();
}

int firstRowOfType(const M& m, const QString& opType) {
    for (int r = 0; r < m.rowCount(); ++r)
        if (cell(m, r, M::OpTypeColumn) == opType) return r;
    return -1;
}

}  // namespace

class LayerPrecisionTest : public QObject {
    Q_OBJECT
private slots:
    void rowsAndColumns() {
        BuildSettingsModel settings;
        M model(&settings);
        QCOMPARE(model.rowCount(), 0);
        auto graph = tinyCnn();
        QVERIFY(graph);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        settings.setGraph(graph);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), int(graph->nodeCount()));
        QCOMPARE(model.columnCount(), int(M::ColumnCount));
        QCOMPARE(model.headerData(M::LayerColumn, Qt::Horizontal).toString(), QStringLiteral("Layer"));
        QCOMPARE(model.headerData(M::ResultColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Resulting precision"));
        const std::vector<kiln::Node*> nodes = graph->nodes();
        for (int r = 0; r < model.rowCount(); ++r) {
            QCOMPARE(cell(model, r, M::LayerColumn), QString::fromStdString(nodes[size_t(r)]->name));
            QCOMPARE(cell(model, r, M::OpTypeColumn), QString::fromStdString(nodes[size_t(r)]->opType));
            QCOMPARE(cell(model, r, M::OverrideColumn), QString());
            QCOMPARE(cell(model, r, M::ResultColumn), QStringLiteral("FP32"));
            QCOMPARE(cell(model, r, M::SetByColumn), QStringLiteral("network default"));
            QCOMPARE(cell(model, r, M::EngineLayerColumn), QString());  // not built
            QCOMPARE(model.index(r, M::SetByColumn).data(M::OverrideIndexRole).toInt(), -1);
        }
        QVERIFY(model.flags(model.index(0, M::OverrideColumn)) & Qt::ItemIsEditable);
        QVERIFY(!(model.flags(model.index(0, M::ResultColumn)) & Qt::ItemIsEditable));
        QCOMPARE(model.rowOfLayer(QString::fromStdString(nodes.back()->name)), model.rowCount() - 1);
        QCOMPARE(model.rowOfLayer(QStringLiteral("no such node")), -1);
        // A new graph resets the rows.
        settings.setGraph(nullptr);
        QCOMPARE(model.rowCount(), 0);
    }

    void editingSetsByLayerOverrides() {
        BuildSettingsModel settings;
        settings.setGraph(tinyCnn());
        M model(&settings);
        // CPU: an override can only ask for fp32 (int8 only calibrates there).
        QCOMPARE(model.overrideChoices(), (QStringList{QString(), QStringLiteral("fp32")}));
        settings.setPrecisionEnabled(kiln::Precision::INT8, true);
        QCOMPARE(model.overrideChoices(), (QStringList{QString(), QStringLiteral("fp32")}));
        settings.setPrecisionEnabled(kiln::Precision::INT8, false);
        // CUDA with FP16 and INT8 allowed (no device is needed to resolve precisions).
        settings.setBackend("cuda");
        settings.setPrecisionEnabled(kiln::Precision::FP16, true);
        settings.setPrecisionEnabled(kiln::Precision::INT8, true);
        QCOMPARE(model.overrideChoices(), (QStringList{QString(), QStringLiteral("fp32"),
                                                       QStringLiteral("fp16"), QStringLiteral("int8")}));

        const int row = firstRowOfType(model, QStringLiteral("Conv"));
        QVERIFY(row >= 0);
        const QString name = cell(model, row, M::LayerColumn);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(model.setData(model.index(row, M::OverrideColumn), QStringLiteral("fp16")));
        QCOMPARE(settings.overrideCount(), 1);
        QCOMPARE(QString::fromStdString(settings.overrideAt(0).target), name);
        QCOMPARE(settings.overrideAt(0).precision, kiln::Precision::FP16);
        QVERIFY(changed.count() >= 1);
        QCOMPARE(cell(model, row, M::OverrideColumn), QStringLiteral("FP16"));
        QCOMPARE(cell(model, row, M::OverrideColumn, Qt::EditRole), QStringLiteral("fp16"));
        // Stored fp16, computed fp16 on CUDA (fp32 accumulation inside the kernels).
        QCOMPARE(cell(model, row, M::ResultColumn), QStringLiteral("FP16"));
        QCOMPARE(cell(model, row, M::ResultColumn, M::PrecisionRole), QStringLiteral("fp16"));
        QCOMPARE(cell(model, row, M::SetByColumn), QStringLiteral("override \"%1\" by layer").arg(name));
        QCOMPARE(model.overriddenByLayer(), 1);
        // Other rows keep the network default: with fp16 allowed on CUDA, fp16 (like trtexec --fp16).
        for (int r = 0; r < model.rowCount(); ++r)
            if (r != row) {
                QCOMPARE(cell(model, r, M::ResultColumn), QStringLiteral("FP16"));
                QCOMPARE(cell(model, r, M::SetByColumn), QStringLiteral("network default"));
            }
        // Change it, then refuse a precision the settings do not allow.
        QVERIFY(model.setData(model.index(row, M::OverrideColumn), QStringLiteral("INT8")));
        QCOMPARE(settings.overrideCount(), 1);
        QCOMPARE(settings.overrideAt(0).precision, kiln::Precision::INT8);
        QCOMPARE(cell(model, row, M::ResultColumn), QStringLiteral("INT8 (computed FP32 on CUDA)"));
        QVERIFY(!model.setData(model.index(row, M::OverrideColumn), QStringLiteral("bf16")));
        QVERIFY(!model.setData(model.index(row, M::OverrideColumn), QStringLiteral("fp17")));
        QVERIFY(!model.setData(model.index(row, M::ResultColumn), QStringLiteral("fp16")));
        QCOMPARE(settings.overrideAt(0).precision, kiln::Precision::INT8);
        // None removes it: the network default again.
        QVERIFY(model.setData(model.index(row, M::OverrideColumn), QString()));
        QCOMPARE(settings.overrideCount(), 0);
        QCOMPARE(cell(model, row, M::ResultColumn), QStringLiteral("FP16"));
        QCOMPARE(cell(model, row, M::SetByColumn), QStringLiteral("network default"));
        QCOMPARE(model.overriddenByLayer(), 0);
        // Back on the CPU the same config resolves to FP32 computed FP32.
        QVERIFY(model.setData(model.index(row, M::OverrideColumn), QStringLiteral("fp32")));
        settings.setBackend("cpu");
        settings.setPrecisionEnabled(kiln::Precision::FP16, false);
        settings.setPrecisionEnabled(kiln::Precision::INT8, false);
        QCOMPARE(cell(model, row, M::ResultColumn), QStringLiteral("FP32"));
        QCOMPARE(cell(model, row, M::SetByColumn), QStringLiteral("override \"%1\" by layer").arg(name));
        QVERIFY2(settings.isValid(), qPrintable(settings.validationMessage()));
    }

    void opTypeOverridesShowByOpType() {
        BuildSettingsModel settings;
        settings.setGraph(tinyCnn());
        settings.setBackend("cuda");
        settings.setPrecisionEnabled(kiln::Precision::FP16, true);
        M model(&settings);
        const int conv = firstRowOfType(model, QStringLiteral("Conv"));
        QVERIFY(conv >= 0);
        const QString name = cell(model, conv, M::LayerColumn);
        // The overrides list (the by-op-type editor) changes the table: convolutions pinned to fp32
        // while the rest take the network default (fp16 with fp16 allowed on CUDA).
        settings.addOverride(QStringLiteral("Conv"), kiln::Precision::FP32);
        int convRows = 0;
        for (int r = 0; r < model.rowCount(); ++r) {
            const bool isConv = cell(model, r, M::OpTypeColumn) == QStringLiteral("Conv");
            convRows += isConv;
            QCOMPARE(cell(model, r, M::SetByColumn).contains(QStringLiteral("by op type")), isConv);
            QCOMPARE(cell(model, r, M::ResultColumn, M::PrecisionRole),
                     isConv ? QStringLiteral("fp32") : QStringLiteral("fp16"));
            QCOMPARE(cell(model, r, M::OverrideColumn), QString());  // no by-layer override
        }
        QCOMPARE(cell(model, conv, M::SetByColumn), QStringLiteral("override \"Conv\" by op type"));
        QCOMPARE(model.overriddenOtherwise(), convRows);
        settings.setOverridePrecision(0, kiln::Precision::FP32);
        QCOMPARE(cell(model, conv, M::ResultColumn), QStringLiteral("FP32"));

        // A by-layer override listed before the op-type one loses (the last match wins); editing it
        // in the table moves it last so the layer gets what was asked.
        kiln::BuilderConfig config = settings.config();
        config.layerPrecisions = {{name.toStdString(), kiln::Precision::FP16},
                                  {"Conv", kiln::Precision::FP32}};
        settings.setConfig(config);
        QCOMPARE(cell(model, conv, M::OverrideColumn), QStringLiteral("FP16"));
        QCOMPARE(cell(model, conv, M::ResultColumn), QStringLiteral("FP32"));
        QVERIFY(cell(model, conv, M::SetByColumn).contains(QStringLiteral("by op type")));
        QVERIFY(model.setData(model.index(conv, M::OverrideColumn), QStringLiteral("fp16")));
        QCOMPARE(settings.overrideCount(), 2);
        QCOMPARE(QString::fromStdString(settings.overrideAt(1).target), name);
        QCOMPARE(cell(model, conv, M::ResultColumn, M::PrecisionRole), QStringLiteral("fp16"));
        QCOMPARE(cell(model, conv, M::SetByColumn), QStringLiteral("override \"%1\" by layer").arg(name));
        QCOMPARE(model.index(conv, M::SetByColumn).data(M::OverrideIndexRole).toInt(), 1);
    }

    void filterAndSort() {
        BuildSettingsModel settings;
        settings.setGraph(tinyCnn());
        M model(&settings);
        LayerPrecisionFilter filter;
        filter.setSourceModel(&model);
        QCOMPARE(filter.rowCount(), model.rowCount());
        filter.setFilterFixedString(QStringLiteral("conv"));  // case-insensitive: op type "Conv"
        QVERIFY(filter.rowCount() > 0);
        QVERIFY(filter.rowCount() < model.rowCount());
        for (int r = 0; r < filter.rowCount(); ++r) {
            const QString text =
                cell(filter, r, M::LayerColumn) + QLatin1Char(' ') + cell(filter, r, M::OpTypeColumn);
            QVERIFY2(text.contains(QStringLiteral("conv"), Qt::CaseInsensitive), qPrintable(text));
        }
        // Precision texts are not searched: "FP32" is in every row but matches none.
        filter.setFilterFixedString(QStringLiteral("FP32"));
        QCOMPARE(filter.rowCount(), 0);
        filter.setFilterFixedString(QString());
        QCOMPARE(filter.rowCount(), model.rowCount());
        // Sorting by op type.
        filter.sort(M::OpTypeColumn, Qt::AscendingOrder);
        for (int r = 1; r < filter.rowCount(); ++r)
            QVERIFY(QString::compare(cell(filter, r - 1, M::OpTypeColumn), cell(filter, r, M::OpTypeColumn),
                                     Qt::CaseInsensitive) <= 0);
        // Editing through the proxy reaches the settings.
        const int row = 0;
        const QString name = cell(filter, row, M::LayerColumn);
        QVERIFY(filter.setData(filter.index(row, M::OverrideColumn), QStringLiteral("fp32")));
        QCOMPARE(settings.findOverride(name), 0);
    }

    void engineColumnsAfterABuild() {
        BuildSettingsModel settings;
        auto graph = tinyCnn();
        settings.setGraph(graph);
        settings.setOptimizationLevel(3);
        M model(&settings);
        auto engine = kiln::buildEngine(*graph, settings.config());
        QSignalSpy summary(&model, &M::summaryChanged);
        model.setEngine(engine);
        QVERIFY(model.hasEngine());
        QCOMPARE(summary.count(), 1);
        int fused = 0;
        for (int r = 0; r < model.rowCount(); ++r) {
            const QString layerName = cell(model, r, M::EngineLayerColumn);
            QVERIFY2(!layerName.isEmpty(), qPrintable(cell(model, r, M::LayerColumn)));
            const kiln::EngineLayer* layer = engine->findLayer(layerName.toStdString());
            QVERIFY(layer);
            const std::string node = cell(model, r, M::LayerColumn).toStdString();
            QVERIFY(std::find(layer->origin.begin(), layer->origin.end(), node) != layer->origin.end());
            fused += layer->origin.size() > 1;
            QCOMPARE(cell(model, r, M::BuiltColumn), QStringLiteral("FP32"));
            QCOMPARE(cell(model, r, M::BuiltColumn, M::PrecisionRole), QStringLiteral("fp32"));
        }
        QVERIFY(fused > 0);  // level 3 fuses something in tiny_cnn
        // A new model drops the engine of the old one.
        settings.setGraph(tinyCnn());
        QVERIFY(!model.hasEngine());
        QCOMPARE(cell(model, 0, M::EngineLayerColumn), QString());
    }

    void viewEditsThroughTheCombo() {
        BuildSettingsModel settings;
        settings.setGraph(tinyCnn());
        LayerPrecisionView view(&settings);
        view.resize(900, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTableView* table = view.table();
        QCOMPARE(table->model()->rowCount(), view.model()->rowCount());
        QTest::keyClicks(view.filterField(), QStringLiteral("softmax"));
        QCOMPARE(table->model()->rowCount(), 1);
        const QModelIndex cellIndex = table->model()->index(0, M::OverrideColumn);
        table->setCurrentIndex(cellIndex);
        table->edit(cellIndex);
        auto* box = table->findChild<QComboBox*>();
        QVERIFY(box);
        QCOMPARE(box->count(), 2);  // none, FP32 (CPU)
        QCOMPARE(box->itemData(0).toString(), QString());
        box->setCurrentIndex(1);
        emit box->activated(1);
        QCOMPARE(settings.overrideCount(), 1);
        QCOMPARE(QString::fromStdString(settings.overrideAt(0).target), QStringLiteral("softmax"));
        QCOMPARE(table->model()->index(0, M::SetByColumn).data().toString(),
                 QStringLiteral("override \"softmax\" by layer"));
        QVERIFY(view.summary()->text().contains(QStringLiteral("1 set by their own override")));
    }

    void tenThousandNodes() {
        SyntheticGraphOptions o;
        o.layers = (10000 - kSyntheticExtraNodes + kSyntheticNodesPerLayer - 1) / kSyntheticNodesPerLayer;
        std::shared_ptr<kiln::Graph> graph = makeTransformerGraph(o);
        QVERIFY(graph->nodeCount() >= 10000);
        BuildSettingsModel settings;
        M model(&settings);
        LayerPrecisionFilter filter;
        filter.setSourceModel(&model);
        filter.sort(M::ResultColumn, Qt::DescendingOrder);
        QElapsedTimer t;
        t.start();
        settings.setGraph(graph);
        const qint64 loadMs = t.elapsed();
        QCOMPARE(model.rowCount(), int(graph->nodeCount()));
        const int row = model.rowCount() / 2;
        t.restart();
        QVERIFY(model.setData(model.index(row, M::OverrideColumn), QStringLiteral("fp32")));
        const qint64 editMs = t.elapsed();
        QCOMPARE(cell(model, row, M::SetByColumn).contains(QStringLiteral("by layer")), true);
        t.restart();
        settings.addOverride(QStringLiteral("MatMul"), kiln::Precision::FP32);
        const qint64 opTypeMs = t.elapsed();
        t.restart();
        filter.setFilterFixedString(QStringLiteral("matmul"));
        const qint64 filterMs = t.elapsed();
        QVERIFY(filter.rowCount() > 0);
        qInfo(
            "%d nodes: load %lld ms, one by-layer edit %lld ms, one op-type override %lld ms, filter %lld ms",
            model.rowCount(), loadMs, editMs, opTypeMs, filterMs);
        // Printed, not asserted: timings belong in benchmarks, not in tests (STYLE.md).
    }
};

QTEST_MAIN(LayerPrecisionTest)
#include "test_layer_precision.moc"
