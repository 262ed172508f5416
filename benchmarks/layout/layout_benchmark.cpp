// Large-graph layout benchmark: synthetic transformer-like DAGs (60-node layers with residual
// edges and exporter scopes) from ~700 to ~10k nodes, laid out the way Kiln Studio does it.
// Prints one row per size and writes the table to a file (default layout-benchmark.md).
//
//   kiln_layout_benchmark [--out FILE] [--flat-max N] [--no-full]
//
// Columns: open = GraphModel + scope tree + sizes + first (hierarchical) layout, what the user
// waits for after loading; expand = opening the biggest block the first view left collapsed; full = every block open,
// each interior laid out separately and stitched; flat = one plain `dot` run over the whole graph
// (only up to --flat-max nodes, default 2200, because it grows to minutes); no scopes = the same
// graph with flat node names, grouped by repeated structure (the automatic choice there: one block
// per layer) and, for comparison, with no grouping (segments of the topological order).
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QStringList>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "widgets/dot_layout.h"
#include "widgets/graph_model.h"
#include "widgets/graph_style.h"
#include "widgets/hierarchical_layout.h"
#include "widgets/scope_tree.h"
#include "widgets/synthetic_graph.h"

using namespace kiln::studio;

namespace {

double seconds(const QElapsedTimer& t) { return double(t.nsecsElapsed()) / 1e9; }

}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);  // fonts, for measuring boxes as the GUI does
    std::string outPath = "layout-benchmark.md";
    int flatMax = 2200;
    bool full = true;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--out") && i + 1 < argc) outPath = argv[++i];
        else if (!std::strcmp(argv[i], "--flat-max") && i + 1 < argc) flatMax = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--no-full")) full = false;
        else {
            std::fprintf(stderr, "usage: kiln_layout_benchmark [--out FILE] [--flat-max N] [--no-full]\n");
            return 2;
        }
    }

    std::ostringstream table;
    table << "| nodes | layers | open (s) | dot runs | visible items | expand biggest closed block (s) | all expanded (s) | "
             "dot runs | flat dot (s) | no scopes, segments: open (s) | no scopes, repeated structure: open (s) | "
             "blocks found | expand one block (s) | all expanded (s) |\n"
          << "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    std::printf("%s", table.str().c_str());
    std::fflush(stdout);
    const GraphStyle style;
    for (int layers : {12, 17, 35, 60, 170}) {
        SyntheticGraphOptions options;
        options.layers = layers;
        std::shared_ptr<kiln::Graph> graph = makeTransformerGraph(options);

        QElapsedTimer t;
        t.start();
        GraphModel model;
        model.setGraph(graph);
        ScopeTree tree = ScopeTree::build(model);
        HierarchicalLayout layout(tree, style.layoutInput(model, tree));
        layout.autoExpand(260);
        auto first = layout.compute();
        const double open = seconds(t);
        const int visible = layout.visibleItemCount();

        // Open the biggest block the first view left collapsed (a layer, for the large graphs).
        int layerScope = -1;
        for (int s = 1; s < tree.scopeCount(); ++s) {
            const int parent = tree.scope(s).parent;
            if (layout.isExpanded(s) || !layout.isExpanded(parent)) continue;
            if (layerScope < 0 || tree.scope(s).totalNodes > tree.scope(layerScope).totalNodes) layerScope = s;
        }
        t.restart();
        layout.setExpanded(layerScope, true);
        layout.compute();
        const double expand = seconds(t);

        double all = 0;
        int allRuns = 0;
        if (full) {
            t.restart();
            layout.expandAll();
            auto everything = layout.compute();
            all = seconds(t);
            allRuns = everything ? everything->dotRuns : 0;
        }

        double flat = -1;
        if (model.nodeCount() <= flatMax) {
            const LayoutInput in = style.layoutInput(model, tree);
            t.restart();
            runDot(in.nodeSizes, in.edges, in.dot);
            flat = seconds(t);
        }

        // The same graph without scopes: no grouping (topological-order segments), then grouped by
        // repeated structure (what Automatic picks for it).
        options.scopes = false;
        std::shared_ptr<kiln::Graph> flatGraph = makeTransformerGraph(options);
        auto openFlat = [&](ScopeGrouping grouping, int* blocks, double* expandOne, double* expandAll) {
            QElapsedTimer timer;
            timer.start();
            GraphModel flatModel;
            flatModel.setGraph(flatGraph);
            ScopeOptions so;
            so.grouping = grouping;
            ScopeTree flatTree = ScopeTree::build(flatModel, so);
            HierarchicalLayout flatLayout(flatTree, style.layoutInput(flatModel, flatTree));
            flatLayout.autoExpand(260);
            flatLayout.compute();
            const double s = seconds(timer);
            if (blocks) *blocks = flatTree.blockCount();
            if (expandOne && flatTree.scopeCount() > 1) {
                int first = -1;  // the first block the first view left closed
                for (int b = 1; b < flatTree.scopeCount() && first < 0; ++b)
                    if (!flatLayout.isExpanded(b) && flatLayout.isExpanded(flatTree.scope(b).parent)) first = b;
                timer.restart();
                if (first > 0) flatLayout.setExpanded(first, true);
                flatLayout.compute();
                *expandOne = seconds(timer);
            }
            if (expandAll && full) {
                timer.restart();
                flatLayout.expandAll();
                flatLayout.compute();
                *expandAll = seconds(timer);
            }
            return s;
        };
        const double flatOpen = openFlat(ScopeGrouping::None, nullptr, nullptr, nullptr);
        int repeatedBlocks = 0;
        double repeatedExpand = 0, repeatedAll = 0;
        const double repeatedOpen =
            openFlat(ScopeGrouping::RepeatedStructure, &repeatedBlocks, &repeatedExpand, &repeatedAll);

        char row[768];
        std::snprintf(row, sizeof row, "| %d | %d | %.3f | %d | %d | %.3f | %s | %s | %s | %.3f | %.3f | %d | %.3f | %s |\n",
                      model.operatorCount(), layers, open, first ? first->dotRuns : 0, visible, expand,
                      full ? QString::number(all, 'f', 3).toStdString().c_str() : "–",
                      full ? std::to_string(allRuns).c_str() : "–",
                      flat >= 0 ? QString::number(flat, 'f', 3).toStdString().c_str() : "skipped",
                      flatOpen, repeatedOpen, repeatedBlocks, repeatedExpand,
                      full ? QString::number(repeatedAll, 'f', 3).toStdString().c_str() : "–");
        table << row;
        std::printf("%s", row);
        std::fflush(stdout);
    }
    std::ofstream(outPath) << table.str();
    std::printf("written to %s\n", outPath.c_str());
    return 0;
}
