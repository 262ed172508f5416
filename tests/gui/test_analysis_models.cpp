// The analysis models, headless: FusionModel (optimization levels, provenance highlighting both
// ways), BuildController (progress, cancel, export), ProfileModel (table, charts' data, heat,
// exports) and AccuracyModel (per-output and per-layer rows, depth series) on the bundled tiny_cnn.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>
#include <chrono>
#include <cmath>
#include <thread>

#include "engine_core/builder/builder.h"
#include "engine_core/runtime/backend.h"
#include "engine_core/runtime/kernel.h"
#include "widgets/accuracy_model.h"
#include "widgets/build_comparison_model.h"
#include "widgets/build_controller.h"
#include "widgets/fusion_model.h"
#include "widgets/language.h"
#include "widgets/model_loader.h"
#include "widgets/profile_model.h"
#include "widgets/workbench.h"

using namespace kiln::studio;

namespace {
std::shared_ptr<kiln::Graph> tinyCnn() {
    LoadOutcome out = ModelLoader::loadFile(QStringLiteral(KILN_SOURCE_DIR "/resources/samples/tiny_cnn/model.onnx"));
    return out.model ? out.model->graph : nullptr;
}
kiln::BuilderConfig batchOne() {
    kiln::BuilderConfig c;
    c.profiles.push_back({{{"input", kiln::ShapeRange{{1, 3, 32, 32}, {1, 3, 32, 32}, {2, 3, 32, 32}}}}});
    return c;
}

// A host backend whose registry is the CPU's with a Relu that sleeps 2 ms: every fused layer that
// absorbed a Relu beats its unfused nodes by far, so the builder keeps it whatever the noise.
void slowRelu(kiln::KernelContext& ctx) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    kiln::cpuKernelRegistry().find("Relu", "")->run(ctx);
}
std::string slowReluBackend() {
    static const std::string id = [] {
        static kiln::KernelRegistry registry(kiln::cpuKernelRegistry());
        registry.add("Relu", {slowRelu, {kiln::DataType::Float32}}, "");
        kiln::BackendRegistry::global().add({"gui_slow_relu", "test backend with a slow Relu",
                                             [](int) { return kiln::makeHostBackend("gui_slow_relu", registry); }, nullptr});
        return std::string("gui_slow_relu");
    }();
    return id;
}

// A model counts as running from run() until its result is delivered: slots of started() (the
// main window's actions) already read isRunning(), and so does the time between the worker's end
// and the delivery; slots of finished() read it false.
template <typename Model, typename Run>
void checkRunningUntilDelivered(Model& model, Run run) {
    QList<bool> atStarted, atFinished;
    QObject::connect(&model, &Model::started, &model, [&] { atStarted << model.isRunning(); });
    QObject::connect(&model, &Model::finished, &model, [&] { atFinished << model.isRunning(); });
    QSignalSpy finished(&model, &Model::finished);
    run();
    QCOMPARE(atStarted, QList<bool>{true});
    QVERIFY(model.isRunning());
    // The worker is done by now (tiny_cnn, one run), but its result waits for the event loop.
    QThread::msleep(300);
    QVERIFY(model.isRunning());
    // A second run while one is in flight is ignored.
    run();
    QCOMPARE(atStarted.size(), 1);
    QVERIFY(finished.wait(60000));
    QCOMPARE(atFinished, QList<bool>{false});
    QVERIFY(!model.isRunning());
}
}  // namespace

class AnalysisModelsTest : public QObject {
    Q_OBJECT
private:
    std::shared_ptr<kiln::Graph> graph_;
    std::shared_ptr<const kiln::Engine> engine_;

private slots:
    void initTestCase() {
        graph_ = tinyCnn();
        QVERIFY(graph_);
        engine_ = kiln::buildEngine(*graph_, batchOne());
        QVERIFY(engine_);
    }

    void fusionLevelsAndReport() {
        FusionModel model;
        QSignalSpy ready(&model, &FusionModel::optimizedReady);
        model.setLevel(0);
        model.setSource(graph_, QStringLiteral("tiny_cnn"));
        QVERIFY(ready.wait(30000));
        QCOMPARE(model.optimized()->operatorCount(), model.original()->operatorCount());
        QVERIFY(model.firedFusions().empty());
        model.setLevel(3);
        QVERIFY(ready.wait(30000));
        QCOMPARE(model.report().optimizationLevel, 3);
        QVERIFY(model.optimized()->operatorCount() < model.original()->operatorCount());
        QCOMPARE(int(model.report().originalNodeCount), model.original()->operatorCount());
        QCOMPARE(int(model.report().optimizedNodeCount), model.optimized()->operatorCount());
        QVERIFY(!model.firedFusions().empty());
        // Sorted by count.
        const auto fired = model.firedFusions();
        for (size_t i = 1; i < fired.size(); ++i) QVERIFY(fired[i - 1].second >= fired[i].second);
    }

    void provenanceHighlightsBothWays() {
        FusionModel model;
        QSignalSpy ready(&model, &FusionModel::optimizedReady);
        model.setSource(graph_);
        QVERIFY(ready.wait(30000));
        // A fused layer: one box, titled with its op type and source count.
        int fused = -1;
        for (const ModelNode& n : model.optimized()->nodes())
            if (n.kind == NodeKind::Operator && n.origin.size() > 1) fused = n.id;
        QVERIFY(fused >= 0);
        const ModelNode& layer = model.optimized()->node(fused);
        QCOMPARE(nodeTitle(layer), QStringLiteral("%1 \u00D7%2").arg(layer.opType).arg(layer.origin.size()));

        // Optimized → original: its ONNX source nodes light up.
        const std::vector<int> sources = model.sourcesOf(fused);
        QCOMPARE(int(sources.size()), int(layer.origin.size()));
        model.optimized()->setCurrentNode(fused);
        QCOMPARE(model.original()->highlighted(), std::set<int>(sources.begin(), sources.end()));
        for (int s : sources) QVERIFY(layer.origin.contains(model.original()->node(s).name));

        // Original → optimized: each source node lights the fused layer it became.
        model.original()->setCurrentNode(sources.back());
        QCOMPARE(model.optimized()->currentNode(), -1);
        QVERIFY(model.optimized()->highlighted().count(fused));
        QVERIFY(model.original()->highlighted().empty());
        // Inputs and outputs have no provenance.
        QVERIFY(model.layersOf(0).empty());
    }

    void buildControllerProgressAndExport() {
        BuildController controller;
        QSignalSpy finished(&controller, &BuildController::finished);
        QSignalSpy progress(&controller, &BuildController::progress);
        QSignalSpy log(&controller, &BuildController::logLine);
        controller.start(graph_, batchOne());
        QVERIFY(controller.isRunning());
        QVERIFY(finished.wait(60000));
        QVERIFY(controller.engine());
        QVERIFY(progress.count() > 4);
        // Tactic selection reports layer i of n.
        bool layerSeen = false;
        for (const auto& args : progress)
            if (kiln::BuildPhase(args[0].toInt()) == kiln::BuildPhase::SelectTactics && args[1].toInt() > 0)
                layerSeen = args[2].toInt() == int(controller.engine()->layers().size());
        QVERIFY(layerSeen);
        QVERIFY(log.count() > 3);
        QTemporaryDir dir;
        QString error;
        const QString path = dir.filePath(QStringLiteral("tiny.kiln"));
        QVERIFY2(controller.exportEngine(path, &error), qPrintable(error));
        auto loaded = kiln::Engine::load(path.toStdString());
        QCOMPARE(loaded->layers().size(), controller.engine()->layers().size());
        QVERIFY(!controller.exportEngine(dir.filePath(QStringLiteral("no/such/dir/x.kiln")), &error));
        QVERIFY(!error.isEmpty());
    }

    // After a build, the fusion view's engine layers say which fused layers the builder kept, with
    // both times; the optimized graph carries the same sentence; the log has the CLI's summary line.
    void buildShowsKeptFusionsWithBothTimes() {
        LanguageManager english;  // plural forms ("2 nodes")
        QVERIFY(english.apply(QStringLiteral("en")));
        GraphModel mainGraph;
        Workbench workbench(&mainGraph);
        workbench.setModel(graph_, QStringLiteral("tiny_cnn"));
        kiln::BuilderConfig config = batchOne();
        config.backend = slowReluBackend();
        config.timingWarmup = 1;
        config.timingIterations = 3;
        workbench.settings()->setConfig(config);
        QVERIFY2(workbench.canBuild(), qPrintable(workbench.settings()->validationMessage()));
        QSignalSpy built(workbench.builder(), &BuildController::finished);
        QSignalSpy log(workbench.builder(), &BuildController::logLine);
        workbench.build();
        QVERIFY(built.wait(120000));
        const kiln::BuildReport& report = workbench.builder()->report();
        QVERIFY(!report.fusionTimings.empty());
        FusionModel* fusion = workbench.fusion();
        QCOMPARE(fusion->fusionTimings().size(), report.fusionTimings.size());
        QTRY_VERIFY_WITH_TIMEOUT(fusion->hasResult() && !fusion->isBusy(), 60000);

        int kept = 0, reverted = 0, slowUnfused = 0;
        for (const kiln::FusionTiming& t : report.fusionTimings) {
            kept += t.decision == kiln::FusionDecision::Kept;
            reverted += t.decision == kiln::FusionDecision::Reverted;
        }
        // The summary line, as `kiln build` prints it, after the "Built ..." line.
        QStringList lines;
        for (const auto& args : log) lines << args[0].toString();
        const QString summary = QStringLiteral("Fusions timed against their unfused nodes: %1 kept, %2 reverted.").arg(kept).arg(reverted);
        QVERIFY2(lines.contains(summary), qPrintable(lines.join(QLatin1Char('\n'))));
        QVERIFY(lines.indexOf(summary) > lines.indexOf(QRegularExpression(QStringLiteral("^Built "))));

        EngineLayerModel* layers = fusion->engineLayers();
        QCOMPARE(layers->headerData(EngineLayerModel::Fusion, Qt::Horizontal).toString(), QStringLiteral("Fusion vs unfused"));
        for (const kiln::FusionTiming& t : report.fusionTimings) {
            if (t.decision != kiln::FusionDecision::Kept) continue;
            // Conv + a 2 ms Relu unfused: kept by a wide margin.
            if (t.unfusedMs >= 1.5f) ++slowUnfused;
            int row = -1;
            for (int r = 0; r < layers->rowCount(); ++r)
                if (layers->layer(r).name == t.layer) row = r;
            QVERIFY2(row >= 0, t.layer.c_str());
            const QString fused = EngineLayerModel::msText(t.fusedMs), unfused = EngineLayerModel::msText(t.unfusedMs);
            QVERIFY(t.fusedMs > 0 && t.unfusedMs > 0);
            QCOMPARE(layers->index(row, EngineLayerModel::Fusion).data().toString(),
                     QStringLiteral("kept \u2014 fused %1 ms, unfused %2 ms (%3\u00d7)")
                         .arg(fused, unfused)
                         .arg(double(t.unfusedMs) / double(t.fusedMs), 0, 'f', 2));
            const QString sentence = QStringLiteral("Fusion kept: the fused layer ran in %1 ms, its %2 nodes unfused in %3 ms.")
                                         .arg(fused).arg(t.originCount).arg(unfused);
            QVERIFY2(layers->index(row, EngineLayerModel::Layer).data(Qt::ToolTipRole).toString().contains(sentence),
                     qPrintable(sentence));
            // The optimized graph (at the built level): the layer has the sentence, and no reverted mark.
            const int node = fusion->optimized()->findNodeByName(QString::fromStdString(t.layer));
            QVERIFY2(node >= 0, t.layer.c_str());
            const FusionMark* mark = fusion->optimized()->fusionMark(node);
            QVERIFY(mark);
            QVERIFY(!mark->reverted);
            QCOMPARE(mark->text, sentence);
        }
        QVERIFY(slowUnfused > 0);
        // Timing marks are not overlays: no heat map fades the graph.
        QVERIFY(!fusion->optimized()->hasOverlays());
        // At another level, names may be other layers: no marks.
        QSignalSpy ready(fusion, &FusionModel::optimizedReady);
        fusion->setLevel(1);
        QVERIFY(ready.wait(30000));
        QVERIFY(fusion->optimized()->fusionMarks().empty());
        // A new model: no engine, no timings.
        workbench.setModel(graph_, QStringLiteral("tiny_cnn"));
        QVERIFY(fusion->fusionTimings().empty());
    }

    // A reverted fusion (a report made by hand over a real engine): its row says reverted with both
    // times, the optimized graph marks the layer with the tooltip sentence; the log lines.
    void revertedFusionIsMarked() {
        LanguageManager english;
        QVERIFY(english.apply(QStringLiteral("en")));
        const kiln::EngineLayer* fusedLayer = nullptr;
        for (const kiln::EngineLayer& l : engine_->layers())
            if (l.domain == "kiln" && l.origin.size() == 3) fusedLayer = &l;
        QVERIFY(fusedLayer);
        kiln::FusionTiming reverted;
        reverted.layer = fusedLayer->name;
        reverted.op = "kiln::" + fusedLayer->opType;
        reverted.originCount = 3;
        reverted.fusedMs = 0.020f;
        reverted.unfusedMs = 0.011f;
        reverted.decision = kiln::FusionDecision::Reverted;
        kiln::FusionTiming cached;  // another layer, decided by the timing cache
        for (const kiln::EngineLayer& l : engine_->layers())
            if (l.domain == "kiln" && l.name != fusedLayer->name) cached.layer = l.name;
        QVERIFY(!cached.layer.empty());
        cached.op = "kiln::FusedConv";
        cached.originCount = 2;
        cached.fusedMs = 0.004f;
        cached.unfusedMs = 0.008f;
        cached.fromCache = true;
        kiln::FusionTiming plain;
        plain.layer = "unrelated";
        plain.decision = kiln::FusionDecision::NotCompared;
        plain.note = "no unfused form";

        FusionModel model;
        QSignalSpy ready(&model, &FusionModel::optimizedReady);
        model.setSource(graph_, QStringLiteral("tiny_cnn"));
        QVERIFY(ready.wait(30000));
        QCOMPARE(model.report().optimizationLevel, engine_->config().optimizationLevel);
        model.setEngine(engine_, {reverted, cached, plain});
        QCOMPARE(model.revertedFusions(), 1);

        const QString sentence = QStringLiteral("Reverted: its 3 nodes ran in 0.011 ms, the fused layer in 0.020 ms.");
        const int node = model.optimized()->findNodeByName(QString::fromStdString(reverted.layer));
        QVERIFY(node >= 0);
        const FusionMark* mark = model.optimized()->fusionMark(node);
        QVERIFY(mark);
        QVERIFY(mark->reverted);
        QCOMPARE(mark->text, sentence);
        const int cachedNode = model.optimized()->findNodeByName(QString::fromStdString(cached.layer));
        QVERIFY(model.optimized()->fusionMark(cachedNode));
        QVERIFY(!model.optimized()->fusionMark(cachedNode)->reverted);
        QCOMPARE(model.optimized()->fusionMark(cachedNode)->text,
                 QStringLiteral("Fusion kept: the fused layer ran in 0.0040 ms, its 2 nodes unfused in 0.0080 ms. "
                                "(From the timing cache: nothing was timed in this build.)"));
        QCOMPARE(int(model.optimized()->fusionMarks().size()), 2);  // "unrelated" is no node

        EngineLayerModel* layers = model.engineLayers();
        for (int row = 0; row < layers->rowCount(); ++row) {
            const QString name = QString::fromStdString(layers->layer(row).name);
            const QString cell = layers->index(row, EngineLayerModel::Fusion).data().toString();
            if (name == QString::fromStdString(reverted.layer)) {
                QCOMPARE(cell, QStringLiteral("reverted \u2014 fused 0.020 ms, unfused 0.011 ms (0.55\u00d7)"));
                QVERIFY(layers->index(row, EngineLayerModel::Fusion).data(Qt::ForegroundRole).isValid());
                QVERIFY(layers->index(row, EngineLayerModel::Note).data(Qt::ToolTipRole).toString().contains(sentence));
            } else if (name == QString::fromStdString(cached.layer)) {
                QCOMPARE(cell, QStringLiteral("kept \u2014 fused 0.0040 ms, unfused 0.0080 ms (2.00\u00d7), from the timing cache"));
            } else {
                QCOMPARE(cell, QString());
            }
        }
        // A reverted fusion's plain nodes in an engine ("<fused layer>/<op>") map back to it.
        kiln::EngineLayer plainNode;
        plainNode.name = reverted.layer + "/Conv";
        QCOMPARE(layers->fusionTimingOf(plainNode), &layers->fusionTimings()[0]);
        plainNode.name = reverted.layer + "x/Conv";
        QCOMPARE(layers->fusionTimingOf(plainNode), nullptr);
        QCOMPARE(EngineLayerModel::fusionCellText(plain), QStringLiteral("not compared"));
        QCOMPARE(EngineLayerModel::fusionTimingSentence(plain),
                 QStringLiteral("Fusion not compared with its unfused nodes: no unfused form"));

        // The build log's lines for such a report.
        kiln::BuildReport report;
        report.fusionTimings = {reverted, cached, plain};
        QCOMPARE(fusionTimingLines(report),
                 (QStringList{QStringLiteral("Fusions timed against their unfused nodes: 1 kept, 1 reverted, 1 not compared "
                                             "(1 decided by the timing cache)."),
                              QStringLiteral("%1 (%2) \u2014 %3").arg(QString::fromStdString(reverted.layer),
                                                                      QString::fromStdString(reverted.op), sentence)}));
        QVERIFY(fusionTimingLines(kiln::BuildReport{}).isEmpty());

        // An engine file (no timings): nothing marked, the column empty.
        model.setEngine(engine_);
        QVERIFY(model.optimized()->fusionMarks().empty());
        QVERIFY(model.fusionTimings().empty());
    }

    void buildCancel() {
        BuildController controller;
        QSignalSpy cancelled(&controller, &BuildController::cancelled);
        QSignalSpy failed(&controller, &BuildController::failed);
        controller.start(graph_, batchOne());
        controller.cancel();
        QVERIFY(cancelled.wait(60000));
        QCOMPARE(failed.count(), 0);
        QVERIFY(!controller.engine());
    }

    void buildFailureIsAMessage() {
        BuildController controller;
        QSignalSpy failed(&controller, &BuildController::failed);
        kiln::BuilderConfig bad = batchOne();
        bad.profiles[0].inputs["input"].opt = {4, 3, 32, 32};  // above max
        controller.start(graph_, bad);
        QVERIFY(failed.wait(60000));
        QVERIFY2(failed.first().first().toString().contains(QStringLiteral("profiles[0]")),
                 qPrintable(failed.first().first().toString()));
    }

    void profileModel() {
        ProfileModel model;
        QSignalSpy finished(&model, &ProfileModel::finished);
        model.run(engine_, graph_, {1, 5, 1});
        QVERIFY(finished.wait(60000));
        QVERIFY(model.hasReport());
        QCOMPARE(model.rowCount(), int(engine_->layers().size()));
        QCOMPARE(model.columnCount(), int(ProfileModel::ColumnCount));
        QCOMPARE(int(model.report().runs), 5);
        double percent = 0;
        for (int r = 0; r < model.rowCount(); ++r)
            percent += model.data(model.index(r, ProfileModel::Percent), ProfileModel::SortRole).toDouble();
        QVERIFY(std::abs(percent - 100) < 0.5);

        const auto top = model.topLayers(3);
        QCOMPARE(int(top.size()), 3);
        QVERIFY(top[0]->stats.median >= top[1]->stats.median && top[1]->stats.median >= top[2]->stats.median);
        double byType = 0;
        for (const auto& [type, ms] : model.timeByType()) byType += ms;
        QVERIFY(std::abs(byType - model.report().sumOfMediansMs) < 1e-6);

        // One inference, layer after layer.
        const std::vector<TimelineEntry> timeline = model.timeline();
        QCOMPARE(int(timeline.size()), int(engine_->layers().size()));
        QCOMPARE(timeline.front().startMs, 0.0);
        // In execution order; starts are derived from report times, so allow timer jitter.
        for (size_t i = 1; i < timeline.size(); ++i) {
            QVERIFY(timeline[i].startMs + 0.05 >= timeline[i - 1].startMs);
            QVERIFY(timeline[i].ms >= 0);
        }

        // Heat on the optimized graph (by layer) and the original graph (through provenance).
        GraphModel optimized, original;
        optimized.setGraph(std::shared_ptr<const kiln::Graph>(engine_, &engine_->graph()));
        original.setGraph(graph_);
        const auto heat = model.heatForLayers(optimized);
        QCOMPARE(int(heat.size()), int(engine_->layers().size()));
        double hottest = 0;
        for (const auto& [id, o] : heat) hottest = std::max(hottest, o.heat);
        QCOMPARE(hottest, 1.0);
        const auto spread = model.heatForOrigin(original);
        QCOMPARE(int(spread.size()), original.operatorCount());

        QTemporaryDir dir;
        QString error;
        const QString json = dir.filePath(QStringLiteral("profile.json"));
        QVERIFY2(model.exportJson(json, &error), qPrintable(error));
        QFile f(json);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonArray array = QJsonDocument::fromJson(f.readAll()).array();
        // trtexec's shape: [{"count": N}, {"name", "timeMs", "averageMs", "medianMs", "percentage"}, ...]
        QCOMPARE(array.size(), model.rowCount() + 1);
        QCOMPARE(array[0].toObject().value(QStringLiteral("count")).toInt(), 5);
        QVERIFY(array[1].toObject().contains(QStringLiteral("medianMs")));
        QVERIFY(model.exportCsv(dir.filePath(QStringLiteral("profile.csv")), &error));
        QVERIFY(model.csv().startsWith(QStringLiteral("layer,type,precision,tactic")));
        QCOMPARE(model.csv().count(QLatin1Char('\n')), model.rowCount() + 1);
        QVERIFY(model.exportTrace(dir.filePath(QStringLiteral("trace.json")), &error));
    }

    void profileRunningUntilDelivered() {
        ProfileModel model;
        checkRunningUntilDelivered(model, [&] { model.run(engine_, graph_, {0, 1, 1}); });
        if (QTest::currentTestFailed()) return;
        QVERIFY(model.hasReport());
    }

    void accuracyRunningUntilDelivered() {
        AccuracyModel model;
        checkRunningUntilDelivered(model, [&] { model.run(engine_, graph_); });
        if (QTest::currentTestFailed()) return;
        QVERIFY(model.hasReport());
    }

    // Cleared while a run is in flight (another model opened, a new build): the run's result
    // belongs to what was cleared and must not show up afterwards (issue 15, bug 1).
    void clearedRunsDeliverNothing() {
        auto check = [](auto& model, auto run, auto hasResult) {
            using Model = std::remove_reference_t<decltype(model)>;
            QSignalSpy finished(&model, &Model::finished);
            QSignalSpy failed(&model, &Model::failed);
            QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
            run();
            QVERIFY(model.isRunning());
            model.clear();  // the job's end waits for the event loop, so it is still in flight
            QVERIFY(model.isRunning());
            reset.clear();
            QTRY_VERIFY_WITH_TIMEOUT(!model.isRunning(), 240000);
            QVERIFY(!hasResult());
            QCOMPARE(finished.size(), 0);
            QCOMPARE(failed.size(), 0);
            QCOMPARE(reset.size(), 1);  // the views refresh (the run is over)
            // The next run delivers as usual.
            run();
            QVERIFY(finished.wait(240000));
            QVERIFY(hasResult());
        };
        ProfileModel profile;
        check(profile, [&] { profile.run(engine_, graph_, {0, 1, 1}); }, [&] { return profile.hasReport(); });
        if (QTest::currentTestFailed()) return;
        AccuracyModel accuracy;
        check(accuracy, [&] { accuracy.run(engine_, graph_); }, [&] { return accuracy.hasReport(); });
        if (QTest::currentTestFailed()) return;
        BuildComparisonModel comparison;
        kiln::BuilderConfig a = batchOne(), b = batchOne();
        a.optimizationLevel = 0;
        check(comparison,
              [&] { comparison.run(graph_, {QStringLiteral("A"), a}, {QStringLiteral("B"), b}, {0, 1, 1}); },
              [&] { return comparison.hasResult(); });
    }

    // The accuracy view's verdict is the CLI's: the model's rows fail exactly where
    // compareWithReference fails under the tolerance resolveTolerance gives for the same request
    // (no flags: norm; typed atol/rtol: elementwise, as `kiln compare --atol 0 --rtol 0`).
    void accuracyVerdictIsTheCliVerdict() {
        const kiln::TensorMap inputs = makeEngineInputs(*engine_, *graph_, 1);
        auto check = [&](AccuracyModel& model, const kiln::ToleranceChoice& cli) {
            QSignalSpy finished(&model, &AccuracyModel::finished);
            model.run(engine_, graph_, RunInputChoice{});  // seed 1, as makeEngineInputs(..., 1)
            QVERIFY(finished.wait(60000));
            kiln::CompareOptions options;
            options.tolerance = kiln::resolveTolerance(cli);
            const kiln::CompareReport expected = kiln::compareWithReference(*graph_, *engine_, inputs, options);
            const kiln::CompareReport& got = model.report();
            QCOMPARE(int(got.tolerance.rule), int(options.tolerance.rule));
            QCOMPARE(got.passed(), expected.passed());
            QCOMPARE(got.layers.size(), expected.layers.size());
            int row = int(got.outputs.size());
            for (size_t i = 0; i < expected.layers.size(); ++i) {
                if (!expected.layers[i].compared()) continue;
                QCOMPARE(model.rowName(row), QString::fromStdString(expected.layers[i].layer));
                QCOMPARE(model.data(model.index(row, AccuracyModel::Status), AccuracyModel::FailedRole).toBool(),
                         !expected.layers[i].passed());
                ++row;
            }
            for (size_t i = 0; i < expected.outputs.size(); ++i)
                QCOMPARE(model.data(model.index(int(i), AccuracyModel::Status), AccuracyModel::FailedRole).toBool(),
                         !expected.outputs[i].comparison.passed());
        };
        AccuracyModel model;
        QCOMPARE(int(model.tolerance().rule), int(kiln::CheckRule::Norm));
        check(model, {});
        if (QTest::currentTestFailed()) return;
        // The fp32 engine passes the default rule, though it differs from the reference by rounding.
        QVERIFY(model.report().passed());
        QVERIFY(model.report().outputs[0].comparison.maxAbsError > 0);
        QCOMPARE(model.errorByDepth().size(), model.limitByDepth().size());
        for (double limit : model.limitByDepth()) QCOMPARE(limit, kiln::defaultMaxNorm(kiln::Precision::FP32));
        // Cosine and the normalized error come first in the table.
        QVERIFY(AccuracyModel::Cosine < AccuracyModel::MaxAbs && AccuracyModel::MaxNorm < AccuracyModel::MaxAbs);
        QCOMPARE(model.headerData(AccuracyModel::MaxNorm, Qt::Horizontal).toString(), QStringLiteral("Max norm error"));

        model.setTolerance(0, 0);  // typed atol and rtol: the elementwise rule
        QCOMPARE(int(model.tolerance().rule), int(kiln::CheckRule::Elementwise));
        kiln::ToleranceChoice zero;
        zero.atol = 0;
        zero.rtol = 0;
        check(model, zero);
        if (QTest::currentTestFailed()) return;
        QVERIFY(!model.report().passed());  // the same rounding fails elementwise at zero tolerance

        model.setMaxNorm(std::nullopt);  // back to the norm rule, per precision
        check(model, {});
    }

    // A report whose output holds values ~1e-9 (restored as from a workspace): the row is marked
    // and says why; under the elementwise rule it passes only trivially.
    void accuracySmallValuesAreMarked() {
        const kiln::Tensor e = kiln::Tensor::fromVector<float>({3}, {1e-9f, -2e-9f, 3e-9f});
        const kiln::Tensor a = kiln::Tensor::fromVector<float>({3}, {2e-9f, -4e-9f, 6e-9f});
        kiln::CompareReport r;
        r.tolerance = kiln::Tolerance::elementwise(kiln::kDefaultAtol, kiln::kDefaultRtol);
        r.outputs.push_back({kiln::compareTensors(a, e, r.tolerance, "tiny"), kiln::errorHistogram(a, e)});
        r.outputs.push_back({kiln::compareTensors(e, e, r.tolerance, "same"), kiln::errorHistogram(e, e)});
        AccuracyModel model;
        QString error;
        QVERIFY2(model.restoreResults(QJsonDocument::fromJson(QByteArray::fromStdString(r.toJson())).object(), &error),
                 qPrintable(error));
        QCOMPARE(model.rowCount(), 2);
        QVERIFY(model.data(model.index(0, AccuracyModel::Status), AccuracyModel::SmallValuesRole).toBool());
        QVERIFY(!model.data(model.index(0, AccuracyModel::Status), AccuracyModel::FailedRole).toBool());
        QCOMPARE(model.data(model.index(0, AccuracyModel::Status)).toString(), QStringLiteral("pass, small values"));
        QVERIFY(model.data(model.index(0, AccuracyModel::Status), Qt::ToolTipRole).toString().contains(QStringLiteral("atol")));
        QVERIFY(!model.data(model.index(1, AccuracyModel::Status), AccuracyModel::SmallValuesRole).toBool());
        QCOMPARE(model.data(model.index(1, AccuracyModel::Status)).toString(), QStringLiteral("pass"));
        QCOMPARE(model.smallValueRows(), 1);
    }

    // NaN/inf counts (issue 14) survive the JSON round trip and show in their own column: the
    // engine's "NaN / inf", empty when there are none, the reference's in the tooltip.
    void accuracyNanInfColumn() {
        const kiln::Tensor e = kiln::Tensor::fromVector<float>({4}, {NAN, 1.f, 2.f, INFINITY});
        const kiln::Tensor a = kiln::Tensor::fromVector<float>({4}, {NAN, -INFINITY, 2.f, INFINITY});
        kiln::CompareReport r;
        r.outputs.push_back({kiln::compareTensors(a, e, r.tolerance, "y"), kiln::errorHistogram(a, e)});
        r.outputs.push_back({kiln::compareTensors(e.clone(), e.clone(), r.tolerance, "z"), kiln::errorHistogram(e, e)});
        const kiln::Tensor f = kiln::Tensor::fromVector<float>({2}, {1.f, 2.f});
        r.outputs.push_back({kiln::compareTensors(f, f, r.tolerance, "finite"), kiln::errorHistogram(f, f)});
        AccuracyModel model;
        QString error;
        QVERIFY2(model.restoreResults(QJsonDocument::fromJson(QByteArray::fromStdString(r.toJson())).object(), &error),
                 qPrintable(error));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.headerData(AccuracyModel::NanInf, Qt::Horizontal).toString(), QStringLiteral("NaN / inf"));
        QCOMPARE(model.data(model.index(0, AccuracyModel::NanInf)).toString(), QStringLiteral("1 / 2"));
        QCOMPARE(model.data(model.index(1, AccuracyModel::NanInf)).toString(), QStringLiteral("1 / 1"));
        QCOMPARE(model.data(model.index(2, AccuracyModel::NanInf)).toString(), QString());
        const QString tip = model.data(model.index(0, AccuracyModel::NanInf), Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QStringLiteral("1 NaN, 1 +inf, 1 \u2212inf (reference: 1 NaN, 1 +inf, 0 \u2212inf)")),
                 qPrintable(tip));
    }

    void accuracyModel() {
        AccuracyModel model;
        QSignalSpy finished(&model, &AccuracyModel::finished);
        model.setTolerance(1e-4, 1e-3);
        model.run(engine_, graph_);
        QVERIFY(finished.wait(60000));
        QVERIFY(model.hasReport());
        QCOMPARE(model.report().tolerance.atol, 1e-4);
        QCOMPARE(int(model.report().outputs.size()), 1);
        QVERIFY(model.isOutputRow(0));
        QCOMPARE(model.rowName(0), QStringLiteral("probs"));
        const auto depth = model.errorByDepth();
        QCOMPARE(model.rowCount(), 1 + int(depth.size()));
        QVERIFY(depth.size() >= 3);
        for (size_t i = 1; i < depth.size(); ++i) QVERIFY(depth[i].first > depth[i - 1].first);
        // The fp32 engine agrees with the fp32 reference.
        QVERIFY2(model.report().passed(), qPrintable(model.json().left(400)));
        QVERIFY(model.failingLayers().isEmpty());
        GraphModel original;
        original.setGraph(graph_);
        QVERIFY(model.flagsForOrigin(original).empty());
        QVERIFY(model.json().contains(QStringLiteral("\"passed\"")));
    }
};

QTEST_GUILESS_MAIN(AnalysisModelsTest)
#include "test_analysis_models.moc"
