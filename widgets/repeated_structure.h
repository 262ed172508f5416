// Repeated structure: finds blocks that repeat along the topological order (transformer layers,
// ResNet bottlenecks), for grouping graphs whose node names carry no scopes ("node_123", "").
//
// Each node gets a signature: its op type, its number of inputs and which of the few nodes just
// before it feed it (local wiring; far edges such as an attention mask feeding every layer are
// left out, so the first layer looks like the others). A period p repeats over [a, b+p) when
// signature[i] == signature[i+p] for every i in [a, b). The period covering the most nodes wins
// (the shorter one on a tie, so two layers are not taken for one block); the blocks' phase is the
// one whose boundaries cross the fewest live tensors (a layer boundary carries the residual stream
// and little else). What lies before and after a run is searched the same way, for models with
// several kinds of repeated blocks (encoder, then decoder).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace kiln::studio {

struct RepeatOptions {
    int minBlockNodes = 5;  // shorter periods are not blocks
    int maxPeriod = 1500;   // longer ones are not searched (the search costs nodes x periods)
    int minRepeats = 2;
};

struct RepeatedRun {
    int period = 0;  // nodes per block
    int start = 0;   // first node of the first block
    int count = 0;   // blocks: [start + j*period, start + (j+1)*period) for j < count
};

// Node signatures for findRepeatedRuns: `kinds[n]` identifies node n's op (any stable hash),
// `edges` are (from, to) in node order, which must be topological.
std::vector<uint64_t> structureSignatures(const std::vector<uint64_t>& kinds,
                                          const std::vector<std::pair<int, int>>& edges);

// Runs ordered by start. Nodes must be in topological order (edges go from lower to higher ids).
std::vector<RepeatedRun> findRepeatedRuns(const std::vector<uint64_t>& signatures,
                                          const std::vector<std::pair<int, int>>& edges,
                                          const RepeatOptions& options = {});

}  // namespace kiln::studio
