// Batch splitting: when every sample of a graph's outputs depends only on the same sample of its
// batched inputs (CNNs, most per-sample models), a batch can run as sub-batches, one per thread,
// each running the whole graph on its own images. The threads then never wait for each other
// between ops, and each keeps its images in its own core's caches — on small images the hand-over
// of every op to the pool, and its data to the other core, costs as much as the op itself.
//
// The analysis is conservative: it follows axis 0 of the batched inputs through an allow-list of
// ops whose rules keep samples apart (element-wise ops with safe broadcasting, convolutions and
// pools, normalizations over other axes, Gemm/MatMul with constant weights, reshapes that keep
// axis 0, ...). Anything else — Shape of a batched value, a reduction over axis 0, an unknown op —
// makes the graph unsplittable, with the reason naming the node.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine_core/ir/graph.h"

namespace kiln {

struct BatchSplit {
    bool possible = false;
    std::string reason;                      // why not, naming the node or input
    std::vector<std::string> batchedInputs;  // runtime inputs split along axis 0
    std::vector<std::string> batchedOutputs; // outputs joined along axis 0 (the others: part 0's)
};

BatchSplit analyzeBatchSplit(const Graph& graph);

// How many parts to run `inputs` in: the pool's thread count when every batched input has the
// same batch of at least that many samples, else 1 (no split). Off when KILN_BATCH_SPLIT=0.
int batchSplitParts(const BatchSplit& split, const std::map<std::string, Tensor>& inputs);

// Runs `part` on sub-batches of the batched inputs at once, one per thread (unbatched inputs go
// whole to each), and joins the parts' batched outputs along axis 0; nullopt, having run nothing,
// when the inputs don't split (batchSplitParts <= 1). `check` sees the whole inputs first, so its
// errors name the caller's shapes. `stop` is polled by the parts between ops: true once any part
// failed, or once the caller's `cancelled` (called under a mutex) said so. The first exception of
// any part is rethrown.
using BatchPart = std::function<std::map<std::string, Tensor>(const std::map<std::string, Tensor>& inputs,
                                                              const std::function<bool()>& stop)>;
std::optional<std::map<std::string, Tensor>> runBatchSplit(
    const BatchSplit& split, const std::map<std::string, Tensor>& inputs, const std::function<bool()>& cancelled,
    const BatchPart& part, const std::function<void(const std::map<std::string, Tensor>&)>& check = {});

}  // namespace kiln
