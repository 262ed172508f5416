// Build-comparison benchmark: what Kiln Studio's "Compare builds" does on the synthetic transformer
// (widgets/synthetic_graph.h; `kiln-studio --demo 170` opens the same 10,217-node graph), timed
// stage by stage. It runs what the GUI runs: a Workbench with the model, its build panel's default
// settings at two optimization levels, and a BuildComparisonView shown (offscreen) on the
// Workbench's BuildComparisonModel, so the progress messages and the model reset reach the view as
// in Kiln Studio. Per repeat it prints the model's ComparisonTimings (worker stages, match, reset),
// the progress messages the GUI thread received, one view refresh, the time from the click to the
// finished() signal, and the CPU time all threads used meanwhile (steadier than wall time on a
// loaded machine). The last row is the minimum of every column. --headless leaves the view out.
//
//   kiln_compare_benchmark [--layers N] [--level-a L] [--level-b L] [--warmup N] [--iterations N]
//                          [--repeat N] [--headless] [--out FILE]
//
// Defaults: 170 layers (10,217 nodes), level 1 against level 3, the GUI's profile options (3
// warm-up runs, 20 profiled runs), 3 repeats. The table is also written to FILE
// (default compare-benchmark.md).
#include <QApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <vector>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "widgets/build_comparison_model.h"
#include "widgets/build_comparison_view.h"
#include "widgets/graph_model.h"
#include "widgets/synthetic_graph.h"
#include "widgets/workbench.h"

using namespace kiln::studio;

namespace {

double cpuMs() {  // user + system time of the whole process
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    auto ms = [](const timeval& t) { return double(t.tv_sec) * 1e3 + double(t.tv_usec) / 1e3; };
    return ms(u.ru_utime) + ms(u.ru_stime);
}

}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    int layers = 170, levelA = 1, levelB = 3, repeat = 3;
    bool headless = false;
    ProfileRunOptions options;  // the GUI's defaults
    std::string outPath = "compare-benchmark.md";
    for (int i = 1; i < argc; ++i) {
        auto value = [&] { return i + 1 < argc ? argv[++i] : nullptr; };
        const char* a = argv[i];
        const char* v = nullptr;
        if (!std::strcmp(a, "--layers") && (v = value())) layers = std::atoi(v);
        else if (!std::strcmp(a, "--level-a") && (v = value())) levelA = std::atoi(v);
        else if (!std::strcmp(a, "--level-b") && (v = value())) levelB = std::atoi(v);
        else if (!std::strcmp(a, "--warmup") && (v = value())) options.warmup = std::atoi(v);
        else if (!std::strcmp(a, "--iterations") && (v = value())) options.iterations = std::atoi(v);
        else if (!std::strcmp(a, "--repeat") && (v = value())) repeat = std::max(1, std::atoi(v));
        else if (!std::strcmp(a, "--out") && (v = value())) outPath = v;
        else if (!std::strcmp(a, "--headless")) headless = true;
        else {
            std::fprintf(stderr,
                         "usage: kiln_compare_benchmark [--layers N] [--level-a L] [--level-b L] [--warmup N] "
                         "[--iterations N] [--repeat N] [--headless] [--out FILE]\n");
            return 2;
        }
    }

    SyntheticGraphOptions graphOptions;
    graphOptions.layers = layers;
    std::shared_ptr<const kiln::Graph> graph = makeTransformerGraph(graphOptions);
    GraphModel mainGraph;
    Workbench workbench(&mainGraph);
    workbench.setModel(graph, QString());  // the build panel's defaults: one profile, dynamic dims 1
    workbench.setProfileOptions(options);
    BuildSpec a{QStringLiteral("level %1").arg(levelA), workbench.settings()->config()};
    a.config.optimizationLevel = levelA;
    BuildSpec b{QStringLiteral("level %1").arg(levelB), workbench.settings()->config()};
    b.config.optimizationLevel = levelB;
    BuildComparisonModel& model = *workbench.buildComparison();
    std::unique_ptr<BuildComparisonView> view;
    if (!headless) {
        view = std::make_unique<BuildComparisonView>(&workbench, BuildComparisonActions{});
        view->resize(1400, 800);
        view->show();
    }
    // Let the fusion view's optimization of the model (started by setModel) finish first.
    while (workbench.isBusy()) QSignalSpy(&workbench, &Workbench::stateChanged).wait(1000);
    QApplication::processEvents();

    std::ostringstream out;
    out << "| run | nodes | layers A | layers B | rows | build A | build B | profile A | profile B | compare A | "
           "compare B | reference (runs) | match | model reset | worker | progress messages | one view refresh | end to "
           "end | CPU, all threads |\n"
        << "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    std::printf("%zu nodes, level %d vs level %d, warm-up %d, iterations %d, %s; times in ms\n%s", graph->nodeCount(),
                levelA, levelB, options.warmup, options.iterations, headless ? "model only" : "with the view",
                out.str().c_str());
    std::fflush(stdout);
    std::vector<double> minimum;
    auto row = [&](const std::string& label, const std::vector<double>& v, int referenceRuns) {
        char text[512];
        std::snprintf(text, sizeof text,
                      "| %s | %zu | %zu | %zu | %zu | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f%s | %.1f | %.1f | %.0f | "
                      "%.0f | %.1f | %.0f | %.0f |\n",
                      label.c_str(), graph->nodeCount(), model.sideA().layers.size(), model.sideB().layers.size(),
                      model.rows().size(), v[0], v[1], v[2], v[3], v[4], v[5], v[6],
                      referenceRuns < 0 ? "" : (" (" + std::to_string(referenceRuns) + ")").c_str(), v[7], v[8], v[9],
                      v[10], v[11], v[12], v[13]);
        return std::string(text);
    };
    for (int r = 0; r < repeat; ++r) {
        model.clear();
        QSignalSpy finished(&model, &BuildComparisonModel::finished);
        QSignalSpy failed(&model, &BuildComparisonModel::failed);
        QSignalSpy progress(&model, &BuildComparisonModel::progress);
        QElapsedTimer clock;
        clock.start();
        const double cpuStart = cpuMs();
        workbench.compareBuilds(a, b);
        while (finished.isEmpty() && failed.isEmpty()) finished.wait(600000);
        const double endToEnd = double(clock.nsecsElapsed()) / 1e6;
        const double cpu = cpuMs() - cpuStart;
        if (!failed.isEmpty()) {
            std::fprintf(stderr, "comparison failed: %s\n", qPrintable(model.lastError()));
            return 1;
        }
        double refreshMs = 0;
        if (view) {
            clock.restart();
            view->refresh();
            refreshMs = double(clock.nsecsElapsed()) / 1e6;
        }
        const ComparisonTimings& t = model.timings();
        const std::vector<double> values = {t.buildMs[0],   t.buildMs[1],   t.profileMs[0], t.profileMs[1],
                                            t.compareMs[0], t.compareMs[1], t.referenceMs,  t.matchMs,
                                            t.resetMs,      t.workerMs,     double(progress.count()),
                                            refreshMs,      endToEnd,       cpu};
        if (minimum.empty()) minimum = values;
        for (size_t i = 0; i < values.size(); ++i) minimum[i] = std::min(minimum[i], values[i]);
        const std::string line = row(std::to_string(r + 1), values, t.referenceRuns);
        out << line;
        std::printf("%s", line.c_str());
        std::fflush(stdout);
    }
    const std::string line = row("min", minimum, -1);
    out << line;
    std::printf("%s", line.c_str());
    std::ofstream(outPath) << out.str();
    std::printf("written to %s\n", outPath.c_str());
    return 0;
}
