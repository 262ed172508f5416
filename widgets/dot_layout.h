// One Graphviz `dot` run through libgvc: boxes of given sizes and edges in, box centres and edge
// splines out. Coordinates come from Graphviz; drawing is Qt's. Graphviz keeps global state, so
// runs are serialized process-wide; callers run this off the GUI thread.
#pragma once

#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <utility>
#include <vector>

namespace kiln::studio {

struct DotOptions {
    double nodeSep = 18;  // points, between boxes of one rank
    double rankSep = 26;  // points, between ranks
    bool splines = true;  // false: straight polylines (faster on huge graphs)
};

struct DotEdgeGeometry {
    // Cubic Bézier control points in scene coordinates (y down): p0, then (c1, c2, p) triples.
    std::vector<QPointF> bezier;
    QPointF arrowTip;  // where the arrowhead points to (the head box border)
    bool hasArrow = false;
};

struct DotResult {
    std::vector<QPointF> centers;  // per node, scene coordinates (y down, origin at the top left)
    std::vector<DotEdgeGeometry> edges;  // per input edge, in input order
    QSizeF size;  // bounding box
};

// Sizes in points (1/72 inch, which is also one scene unit). Edges index into sizes; self loops
// and out-of-range edges get an empty geometry. Throws kiln::Error(Internal) if Graphviz fails.
DotResult runDot(const std::vector<QSizeF>& sizes, const std::vector<std::pair<int, int>>& edges,
                 const DotOptions& options = {});

}  // namespace kiln::studio
