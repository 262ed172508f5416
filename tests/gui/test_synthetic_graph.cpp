// The synthetic transformer behind `kiln-studio --demo`, the layout tests and the layout benchmark
// is a valid model: it builds through kiln::buildEngine with the build panel's settings at every
// optimization level, runs, and matches the reference; the main window builds it as --demo does, and
// `kiln-studio --demo 2 --screenshot DIR` writes every view and exits 0.
#include <QAction>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "engine_core/builder/builder.h"
#include "gui_test_util.h"
#include "profiler/compare.h"
#include "widgets/build_controller.h"
#include "widgets/build_settings_model.h"
#include "widgets/main_window.h"
#include "widgets/profile_model.h"
#include "widgets/synthetic_graph.h"
#include "widgets/workbench.h"

using namespace kiln::studio;

class TestSyntheticGraph : public QObject {
    Q_OBJECT

private slots:
    void valuesCarryKernelTypes() {
        SyntheticGraphOptions o;
        o.layers = 1;
        std::unique_ptr<kiln::Graph> g = makeTransformerGraph(o);
        QCOMPARE(int(g->nodeCount()), kSyntheticNodesPerLayer + kSyntheticExtraNodes);
        // Index, axes, slice and shape operands are int64, as the importer and the CPU kernels require.
        int checked = 0;
        for (const kiln::Node* n : g->nodes()) {
            auto inputType = [&](size_t i) { return n->inputs.at(i)->dtype; };
            if (n->opType == "Unsqueeze" || n->opType == "ReduceMean" || n->opType == "Reshape") {
                QCOMPARE(inputType(1), kiln::DataType::Int64);
                ++checked;
            } else if (n->opType == "Slice") {
                QCOMPARE(inputType(1), kiln::DataType::Int64);
                QCOMPARE(inputType(2), kiln::DataType::Int64);
                ++checked;
            } else if (n->opType == "Gather" && n->inputs[0]->dtype == kiln::DataType::Int64) {
                QCOMPARE(inputType(1), kiln::DataType::Int64);  // a shape element
                ++checked;
            } else if (n->opType == "Shape" || n->opType == "Concat") {
                QCOMPARE(n->outputs[0]->dtype, kiln::DataType::Int64);
                ++checked;
            }
        }
        // Per layer: 2 Shape, 2 Gather, 2 Unsqueeze, 2 Concat, 1 Slice, 2 Reshape, 4 ReduceMean (17);
        // the mask's Unsqueeze and the embeddings' 2 ReduceMean.
        QCOMPARE(checked, 17 + 3);
    }

    void buildsAndMatchesTheReference_data() {
        QTest::addColumn<int>("level");
        QTest::addColumn<bool>("scopes");
        for (int level = 0; level <= 3; ++level) {
            QTest::addRow("level %d", level) << level << true;
            QTest::addRow("level %d flat names", level) << level << false;
        }
    }
    void buildsAndMatchesTheReference() {
        QFETCH(int, level);
        QFETCH(bool, scopes);
        SyntheticGraphOptions o;
        o.layers = 2;
        o.scopes = scopes;
        std::shared_ptr<const kiln::Graph> graph = makeTransformerGraph(o);
        // The build panel's settings for this graph, as the GUI's automatic build uses them: the
        // dynamic batch and seq dimensions get the panel's default profile.
        BuildSettingsModel settings;
        settings.setGraph(graph);
        QVERIFY2(settings.isValid(), qPrintable(settings.validationMessage()));
        kiln::BuilderConfig config = settings.config();
        config.optimizationLevel = level;
        config.timingIterations = 1;
        std::shared_ptr<const kiln::Engine> engine;
        try {
            engine = kiln::buildEngine(*graph, config);
        } catch (const std::exception& e) {
            QFAIL(qPrintable(QStringLiteral("build at level %1: %2").arg(level).arg(e.what())));
        }
        QVERIFY(engine);
        if (level >= 2) QVERIFY(engine->layers().size() < graph->nodeCount());  // something fused
        // It runs on the inputs the profile and accuracy views make, and agrees with the reference.
        kiln::CompareReport report;
        try {
            report = kiln::compareWithReference(*graph, *engine, makeEngineInputs(*engine, *graph, 1), {});
        } catch (const std::exception& e) {
            QFAIL(qPrintable(QStringLiteral("run at level %1: %2").arg(level).arg(e.what())));
        }
        QCOMPARE(int(report.outputs.size()), 1);
        const kiln::TensorComparison& out = report.outputs[0].comparison;
        QVERIFY(std::isfinite(out.maxAbsError));
        QVERIFY2(report.outputsPassed(), qPrintable(QString::fromStdString(report.toJson())));
    }

    void demoWindowBuilds() {
        // What `kiln-studio --demo 2` does before its screenshots: show the graph, press Build.
        MainWindow window;
        SyntheticGraphOptions o;
        o.layers = 2;
        window.showGraph(makeTransformerGraph(o), QStringLiteral("synthetic-transformer-2-layers"));
        QVERIFY(window.waitUntilIdle(60000));
        Workbench& wb = *window.workbench();
        QVERIFY2(wb.canBuild(), qPrintable(wb.settings()->validationMessage()));
        window.buildAction()->trigger();
        QVERIFY(window.waitUntilIdle(120000));
        QVERIFY2(wb.builder()->lastError().isEmpty(), qPrintable(wb.builder()->lastError()));
        QVERIFY(wb.hasEngine());
    }

    void demoScreenshotsExitZero() {
        // The command the layout benchmark doc times: every view, build included, and exit 0.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(KILN_STUDIO_PATH), {"--lang", "en", "--demo", "2", "--screenshot", dir.path()});
        QVERIFY(p.waitForFinished(240000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        for (const char* name : {"main.png", "fusion.png", "build.png", "profiler.png", "accuracy.png", "compare-builds.png"})
            QVERIFY2(QFileInfo(dir.filePath(QLatin1String(name))).size() > 1000, name);
    }
};

QTEST_MAIN(TestSyntheticGraph)
#include "test_synthetic_graph.moc"
