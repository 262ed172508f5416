// Helpers for kernel tests: run one node through the CPU executor and compare tensors.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "engine_core/runtime/executor.h"

namespace kiln::test {

// Builds a one-node graph (inputs become graph inputs, named in0, in1, ...; an undefined Tensor is
// an omitted input; outputs out0, out1, ...), runs it with `run` (graph, feeds -> outputs) and
// returns the node's outputs.
template <typename Run>
std::vector<Tensor> runSingleNodeWith(Run&& run, const std::string& opType, const std::vector<Tensor>& inputs,
                                      const std::map<std::string, Attribute>& attributes = {}, size_t numOutputs = 1,
                                      const std::string& domain = "") {
    Graph g;
    g.opsetImports[""] = 21;
    std::vector<Value*> ins;
    TensorMap feeds;
    for (size_t i = 0; i < inputs.size(); ++i) {
        if (!inputs[i].defined()) {
            ins.push_back(nullptr);
            continue;
        }
        Value* v = g.addValue("in" + std::to_string(i));
        v->dtype = inputs[i].dtype();
        v->shape = Shape(inputs[i].dims());
        g.markInput(v);
        feeds[v->name] = inputs[i];
        ins.push_back(v);
    }
    std::vector<Value*> outs;
    for (size_t i = 0; i < numOutputs; ++i) outs.push_back(g.addValue("out" + std::to_string(i)));
    Node* n = g.addNode(opType, "node", ins, outs, domain);
    n->attributes = attributes;
    for (Value* o : outs) g.markOutput(o);
    const TensorMap result = run(static_cast<const Graph&>(g), static_cast<const TensorMap&>(feeds));
    std::vector<Tensor> out;
    for (size_t i = 0; i < numOutputs; ++i) out.push_back(result.at("out" + std::to_string(i)));
    return out;
}

// The same on the CPU backend.
inline std::vector<Tensor> runSingleNode(const std::string& opType, const std::vector<Tensor>& inputs,
                                         const std::map<std::string, Attribute>& attributes = {},
                                         size_t numOutputs = 1) {
    return runSingleNodeWith([](const Graph& g, const TensorMap& feeds) { return Executor(g).run(feeds); }, opType,
                             inputs, attributes, numOutputs);
}

inline void expectTensorNear(const Tensor& actual, const Tensor& expected, double atol = 1e-5,
                             double rtol = 1e-5) {
    ASSERT_EQ(actual.dtype(), expected.dtype()) << actual.describe() << " vs " << expected.describe();
    ASSERT_EQ(actual.dims(), expected.dims()) << actual.describe() << " vs " << expected.describe();
    for (int64_t i = 0; i < actual.numel(); ++i) {
        double a = actual.scalarAsDouble(i), e = expected.scalarAsDouble(i);
        if (std::isnan(e)) {
            EXPECT_TRUE(std::isnan(a)) << "at " << i;
            continue;
        }
        if (std::isinf(e)) {
            EXPECT_EQ(a, e) << "at flat index " << i;
            continue;
        }
        EXPECT_LE(std::fabs(a - e), atol + rtol * std::fabs(e)) << "at flat index " << i << ": " << a
                                                                 << " vs expected " << e;
    }
}

}  // namespace kiln::test
