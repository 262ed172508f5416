// The reference executor: runs a Graph node by node in topological order on one backend, through
// the run loop (runtime/program.h) with each node's reference kernel. It is correct first; every
// later backend, fusion and precision is judged against it.
#pragma once

#include <functional>
#include <map>
#include <unordered_map>
#include <memory>
#include <string>
#include <vector>

#include "engine_core/ir/graph.h"
#include "engine_core/runtime/backend.h"
#include "engine_core/runtime/batch_split.h"
#include "engine_core/runtime/program.h"

namespace kiln {

using TensorMap = std::map<std::string, Tensor>;

struct RunOptions {
    // Keep every intermediate tensor in the result (for per-layer comparisons); otherwise only outputs.
    bool keepIntermediates = false;
    // Polled between nodes; returning true stops the run with an error of kind Cancelled.
    std::function<bool()> cancelled;
    // Called after each node with its index in execution order, the node and the time it took.
    std::function<void(size_t, const Node&, double ms)> afterNode;
    // Run a batch as one sub-batch per thread when the graph keeps samples apart (batch_split.h)
    // and the batch has at least one sample per thread. Off with keepIntermediates or afterNode
    // (those follow the nodes of one whole-batch run) and with KILN_BATCH_SPLIT=0.
    bool batchSplit = true;
};

class Executor {
public:
    // Plans the run: topological order, last uses, and a support check of every node, which
    // throws Unsupported listing all nodes the backend can't run. The graph must outlive the
    // executor. The backend must run on the host (default: cpu).
    explicit Executor(const Graph& graph, std::shared_ptr<const Backend> backend = nullptr);

    // Checks inputs (names, dtypes, static dims), runs, returns the graph outputs by name
    // (plus every intermediate when options.keepIntermediates).
    TensorMap run(const TensorMap& inputs, const RunOptions& options = {}) const;

    const std::vector<const Node*>& order() const { return program_->order(); }
    // Whether (and if not, why not) runs can be split by batch.
    const BatchSplit& batchSplit() const { return split_; }
    const Backend& backend() const { return *backend_; }

    // Validates one input against its graph declaration; throws InvalidArgument naming it.
    static void checkInput(const Value& declared, const Tensor& given);

private:
    TensorMap runWhole(const TensorMap& inputs, const RunOptions& options) const;

    const Graph& graph_;
    std::shared_ptr<const Backend> backend_;
    std::unique_ptr<Program> program_;  // every node on backend_, reference kernels
    BatchSplit split_;
};

}  // namespace kiln
