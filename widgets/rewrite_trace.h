// Where each rewrite of the optimizer fired, for the fusion view's rewrite list. The FusionReport
// only counts firings, so the level's passes are replayed one at a time on a copy of the graph, as
// optimizeGraph runs them (rounds of the pass list until nothing changes): the nodes a pass created
// or merged provenance into, and the nodes it removed, are places of the rewrites it fired in that
// run. A place is named by its ONNX source nodes, which stay valid through later fusions: the
// optimized graph's nodes covering them, and the original nodes themselves, show it.
// (When one run of a pass fires two rules, its places count for both.)
#pragma once

#include <map>
#include <string>
#include <vector>

namespace kiln {
class Graph;
}

namespace kiln::studio {

// One place: the ONNX node names the rewritten node covered.
using RewritePlace = std::vector<std::string>;
// Rewrite (report) name → its places, in the order they were made.
using RewritePlaces = std::map<std::string, std::vector<RewritePlace>>;

// Replays the passes of `level` on a copy of `source`. Throws what the passes throw.
RewritePlaces traceRewrites(const kiln::Graph& source, int level);

}  // namespace kiln::studio
