// Large-graph layout benchmark: synthetic transformer-like DAGs (60-node layers with residual
// edges and exporter scopes) from ~700 to ~10k nodes, laid out the way Kiln Studio does it.
// Prints one row per size and writes the table to a file (default layout-benchmark.md).
//
//   kiln_layout_benchmark [--out FILE] [--flat-max N] [--no-full] [--layers N,N,...]
//
// --layers picks the sizes (60 nodes a layer plus 17; default 12,17,35,60,170,1667: 737 to 100,037
// nodes). A second table times what comes before the layout for the same graphs, as a model file
// of that size goes through Kiln: the graph written as ONNX bytes, imported (protobuf parse, ONNX
// checker, shape inference, Kiln IR), optimized at level 3 for the cpu backend, and opened (the
// first column of the layout table, again, on the imported graph).
//
// Columns: open = GraphModel + scope tree + sizes + first (hierarchical) layout, what the user
// waits for after loading; expand = opening the biggest block the first view left collapsed; full = every block open,
// each interior laid out separately and stitched; flat = one plain `dot` run over the whole graph
// (only up to --flat-max nodes, default 2200, because it grows to minutes); no scopes = the same
// graph with flat node names, grouped by repeated structure (the automatic choice there: one block
// per layer) and, for comparison, with no grouping (segments of the topological order).
#include <onnx/onnx_pb.h>

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QStringList>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine_core/builder/graph_clone.h"
#include "engine_core/onnx/importer.h"
#include "engine_core/onnx/onnx_types.h"
#include "engine_core/onnx/proto_util.h"
#include "engine_core/passes/optimizer.h"
#include "widgets/dot_layout.h"
#include "widgets/graph_model.h"
#include "widgets/graph_style.h"
#include "widgets/hierarchical_layout.h"
#include "widgets/scope_tree.h"
#include "widgets/synthetic_graph.h"

using namespace kiln::studio;

namespace {

double seconds(const QElapsedTimer& t) { return double(t.nsecsElapsed()) / 1e9; }

void setType(const kiln::Value* v, onnx::ValueInfoProto* out) {
    out->set_name(v->name);
    auto* t = out->mutable_type()->mutable_tensor_type();
    t->set_elem_type(kiln::onnxDataTypeOf(v->dtype));
    if (!v->shape.rankKnown) return;
    auto* shape = t->mutable_shape();
    for (const kiln::Dim& d : v->shape.dims) {
        auto* dim = shape->add_dim();
        if (d.isStatic()) dim->set_dim_value(d.value);
        else if (!d.symbol.empty()) dim->set_dim_param(d.symbol);
    }
}

// The synthetic graph as a serialized ModelProto (constants as initializers), as an exporter writes it.
std::string toOnnxBytes(const kiln::Graph& g) {
    onnx::ModelProto m;
    m.set_ir_version(8);
    m.set_producer_name("kiln_layout_benchmark");
    for (const auto& [domain, version] : g.opsetImports) {
        auto* op = m.add_opset_import();
        op->set_domain(domain);
        op->set_version(version);
    }
    auto* gp = m.mutable_graph();
    gp->set_name(g.name.empty() ? "synthetic" : g.name);
    for (const kiln::Value* v : g.runtimeInputs()) setType(v, gp->add_input());
    for (const kiln::Value* v : g.outputs()) setType(v, gp->add_output());
    std::set<const kiln::Value*> written;
    for (const kiln::Node* n : g.topologicalOrder()) {
        auto* np = gp->add_node();
        np->set_op_type(n->opType);
        np->set_name(n->name);
        if (!n->domain.empty()) np->set_domain(n->domain);
        for (const kiln::Value* in : n->inputs) {
            np->add_input(in ? in->name : "");
            if (in && in->isConstant() && written.insert(in).second)
                kiln::onnx_detail::tensorToProto(*in->constant, in->name, gp->add_initializer());
        }
        for (const kiln::Value* out : n->outputs) np->add_output(out ? out->name : "");
        for (const auto& [key, a] : n->attributes) {
            auto* ap = np->add_attribute();
            ap->set_name(key);
            if (const auto* i = a.get<int64_t>()) {
                ap->set_type(onnx::AttributeProto::INT);
                ap->set_i(*i);
            } else if (const auto* f = a.get<float>()) {
                ap->set_type(onnx::AttributeProto::FLOAT);
                ap->set_f(*f);
            } else if (const auto* str = a.get<std::string>()) {
                ap->set_type(onnx::AttributeProto::STRING);
                ap->set_s(*str);
            } else if (const auto* t = a.get<kiln::Tensor>()) {
                ap->set_type(onnx::AttributeProto::TENSOR);
                kiln::onnx_detail::tensorToProto(*t, "", ap->mutable_t());
            } else if (const auto* is = a.get<std::vector<int64_t>>()) {
                ap->set_type(onnx::AttributeProto::INTS);
                for (int64_t x : *is) ap->add_ints(x);
            } else if (const auto* fs = a.get<std::vector<float>>()) {
                ap->set_type(onnx::AttributeProto::FLOATS);
                for (float x : *fs) ap->add_floats(x);
            } else if (const auto* ss = a.get<std::vector<std::string>>()) {
                ap->set_type(onnx::AttributeProto::STRINGS);
                for (const std::string& x : *ss) ap->add_strings(x);
            }
        }
    }
    std::string bytes;
    m.SerializeToString(&bytes);
    return bytes;
}

std::vector<int> parseLayers(const char* text) {
    std::vector<int> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
        if (int n = std::atoi(item.c_str()); n > 0) out.push_back(n);
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);  // fonts, for measuring boxes as the GUI does
    std::string outPath = "layout-benchmark.md";
    int flatMax = 2200;
    bool full = true;
    std::vector<int> sizes = {12, 17, 35, 60, 170, 1667};
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--out") && i + 1 < argc) outPath = argv[++i];
        else if (!std::strcmp(argv[i], "--layers") && i + 1 < argc) sizes = parseLayers(argv[++i]);
        else if (!std::strcmp(argv[i], "--flat-max") && i + 1 < argc) flatMax = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--no-full")) full = false;
        else {
            std::fprintf(stderr, "usage: kiln_layout_benchmark [--out FILE] [--flat-max N] [--no-full] [--layers N,N,...]\n");
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
    for (int layers : sizes) {
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

    // Before the layout: the same graphs as a model file goes through Kiln.
    std::ostringstream pipeline;
    pipeline << "\n| nodes | ONNX bytes (MB) | write (s) | import: parse, check, infer, IR (s) | optimize, level 3 (s): slowest pass, rounds | "
                "nodes after | open the imported graph (s) |\n|---|---|---|---|---|---|---|\n";
    std::printf("%s", pipeline.str().c_str());
    for (int layers : sizes) {
        SyntheticGraphOptions options;
        options.layers = layers;
        std::shared_ptr<kiln::Graph> graph = makeTransformerGraph(options);
        QElapsedTimer t;
        t.start();
        const std::string bytes = toOnnxBytes(*graph);
        const double write = seconds(t);
        t.restart();
        kiln::ImportResult imported = kiln::importOnnxBytes(bytes, "", "synthetic.onnx");
        const double import = seconds(t);
        std::shared_ptr<kiln::Graph> shown = std::move(imported.graph);
        t.restart();
        GraphModel model;
        model.setGraph(shown);
        ScopeTree tree = ScopeTree::build(model);
        HierarchicalLayout layout(tree, style.layoutInput(model, tree));
        layout.autoExpand(260);
        layout.compute();
        const double open = seconds(t);
        std::unique_ptr<kiln::Graph> optimized = kiln::cloneGraph(*shown);
        t.restart();
        kiln::passes::OptimizerOptions oo;
        oo.level = 3;
        const kiln::passes::FusionReport fusion = kiln::passes::optimizeGraph(*optimized, oo);
        const double optimize = seconds(t);
        std::string slowest = "-";
        double slowestMs = 0;
        for (const kiln::passes::PassTiming& p : fusion.timings)
            if (p.ms > slowestMs) {
                slowestMs = p.ms;
                slowest = p.pass;
            }
        char row[512];
        std::snprintf(row, sizeof row, "| %zu | %.1f | %.3f | %.3f | %.3f (%s %.3f, %d rounds) | %zu | %.3f |\n",
                      graph->nodeCount(), double(bytes.size()) / 1e6, write, import, optimize, slowest.c_str(),
                      slowestMs / 1e3, fusion.iterations, optimized->nodeCount(), open);
        pipeline << row;
        std::printf("%s", row);
        std::fflush(stdout);
    }
    table << pipeline.str();
    std::ofstream(outPath) << table.str();
    std::printf("written to %s\n", outPath.c_str());
    return 0;
}
