// Helpers for kernel tests: run one node through the CPU executor and compare tensors.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "engine_core/runtime/executor.h"

namespace kiln::test {

// Builds a one-node graph (inputs become graph inputs; an undefined Tensor is an omitted input)
// and runs it on the CPU backend. Returns the node's outputs.
inline std::vector<Tensor> runSingleNode(const std::string& opType, const std::vector<Tensor>& inputs,
                                         const std::map<std::string, Attribute>& attributes = {},
                                         size_t numOutputs = 1) {
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
    Node* n = g.addNode(opType, "node", ins, outs);
    n->attributes = attributes;
    for (Value* o : outs) g.markOutput(o);
    Executor exec(g);
    TensorMap result = exec.run(feeds);
    std::vector<Tensor> out;
    for (size_t i = 0; i < numOutputs; ++i) out.push_back(result.at("out" + std::to_string(i)));
    return out;
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
