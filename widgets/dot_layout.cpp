#include "widgets/dot_layout.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <algorithm>
#include <mutex>
#include <string>

#include "engine_core/common/error.h"

namespace kiln::studio {

namespace {

std::mutex& graphvizMutex() {
    static std::mutex m;
    return m;
}

void setAttr(void* obj, const char* name, const std::string& value, const char* fallback) {
    agsafeset(obj, const_cast<char*>(name), const_cast<char*>(value.c_str()), const_cast<char*>(fallback));
}

struct GraphvizRun {
    GVC_t* gvc = nullptr;
    Agraph_t* graph = nullptr;
    bool laidOut = false;
    ~GraphvizRun() {
        if (laidOut) gvFreeLayout(gvc, graph);
        if (graph) agclose(graph);
        if (gvc) gvFreeContext(gvc);
    }
};

}  // namespace

DotResult runDot(const std::vector<QSizeF>& sizes, const std::vector<std::pair<int, int>>& edges,
                 const DotOptions& options) {
    DotResult result;
    result.centers.assign(sizes.size(), QPointF());
    result.edges.assign(edges.size(), DotEdgeGeometry());
    if (sizes.empty()) return result;

    std::lock_guard lock(graphvizMutex());
    GraphvizRun run;
    run.gvc = gvContext();
    KILN_CHECK(run.gvc != nullptr, Internal, "Graphviz: gvContext failed");
    run.graph = agopen(const_cast<char*>("kiln"), Agdirected, nullptr);
    KILN_CHECK(run.graph != nullptr, Internal, "Graphviz: agopen failed");
    Agraph_t* g = run.graph;
    setAttr(g, "rankdir", "TB", "");
    setAttr(g, "nodesep", std::to_string(options.nodeSep / 72.0), "");
    setAttr(g, "ranksep", std::to_string(options.rankSep / 72.0), "");
    setAttr(g, "splines", options.splines ? "spline" : "polyline", "");
    // Keep dot from spending time on crossing minimization beyond what helps a readable DAG.
    setAttr(g, "mclimit", "0.5", "");

    // Attribute symbols declared once so each node/edge set is a cheap agxset.
    Agsym_t* shapeSym = agattr(g, AGNODE, const_cast<char*>("shape"), const_cast<char*>("box"));
    Agsym_t* fixedSym = agattr(g, AGNODE, const_cast<char*>("fixedsize"), const_cast<char*>("true"));
    Agsym_t* widthSym = agattr(g, AGNODE, const_cast<char*>("width"), const_cast<char*>("1"));
    Agsym_t* heightSym = agattr(g, AGNODE, const_cast<char*>("height"), const_cast<char*>("0.5"));
    agattr(g, AGNODE, const_cast<char*>("label"), const_cast<char*>(""));
    // Edges leave a box at its bottom and enter at its top, as in Netron. Without ports, an edge
    // into a tall box (an open block) would aim at its centre and enter far down its side.
    agattr(g, AGEDGE, const_cast<char*>("tailport"), const_cast<char*>("s"));
    agattr(g, AGEDGE, const_cast<char*>("headport"), const_cast<char*>("n"));
    (void)shapeSym;
    (void)fixedSym;

    std::vector<Agnode_t*> nodes(sizes.size());
    for (size_t i = 0; i < sizes.size(); ++i) {
        std::string name = "n" + std::to_string(i);
        nodes[i] = agnode(g, name.data(), 1);
        std::string width = std::to_string(std::max(sizes[i].width(), 1.0) / 72.0);
        std::string height = std::to_string(std::max(sizes[i].height(), 1.0) / 72.0);
        agxset(nodes[i], widthSym, width.data());
        agxset(nodes[i], heightSym, height.data());
    }
    std::vector<Agedge_t*> gvEdges(edges.size(), nullptr);
    for (size_t i = 0; i < edges.size(); ++i) {
        const auto [a, b] = edges[i];
        if (a < 0 || b < 0 || size_t(a) >= sizes.size() || size_t(b) >= sizes.size() || a == b) continue;
        std::string key = "e" + std::to_string(i);  // a key keeps parallel edges distinct
        gvEdges[i] = agedge(g, nodes[size_t(a)], nodes[size_t(b)], key.data(), 1);
    }

    KILN_CHECK(gvLayout(run.gvc, g, "dot") == 0, Internal, "Graphviz: dot layout failed");
    run.laidOut = true;

    // Graphviz has y up with the origin at the bottom left of the bounding box; Qt has y down.
    const boxf bb = GD_bb(g);
    const double top = bb.UR.y;
    const double left = bb.LL.x;
    auto toScene = [&](pointf p) { return QPointF(p.x - left, top - p.y); };
    result.size = QSizeF(bb.UR.x - bb.LL.x, bb.UR.y - bb.LL.y);
    for (size_t i = 0; i < nodes.size(); ++i) result.centers[i] = toScene(ND_coord(nodes[i]));
    for (size_t i = 0; i < gvEdges.size(); ++i) {
        Agedge_t* e = gvEdges[i];
        if (e == nullptr || ED_spl(e) == nullptr || ED_spl(e)->size == 0) continue;
        const bezier& bz = ED_spl(e)->list[0];
        DotEdgeGeometry& geo = result.edges[i];
        geo.bezier.reserve(bz.size);
        for (int k = 0; k < bz.size; ++k) geo.bezier.push_back(toScene(bz.list[k]));
        if (bz.eflag) {
            geo.hasArrow = true;
            geo.arrowTip = toScene(bz.ep);
        }
    }
    return result;
}

}  // namespace kiln::studio
