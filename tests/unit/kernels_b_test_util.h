// Shared helpers for the kernels_b_* tests: deterministic random tensors and error expectations.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "test_util.h"

namespace kiln::test {

// Deterministic values in [-1, 1) from a tiny LCG, so failures reproduce.
inline std::vector<float> randomFloats(int64_t n, uint32_t seed) {
    std::vector<float> v(static_cast<size_t>(n));
    uint32_t s = seed * 2654435761u + 12345u;
    for (auto& x : v) {
        s = s * 1664525u + 1013904223u;
        x = float((s >> 8) & 0xFFFF) / 32768.0f - 1.0f;
    }
    return v;
}

inline Tensor randomTensor(std::vector<int64_t> dims, uint32_t seed) {
    int64_t n = 1;
    for (int64_t d : dims) n *= d;
    return Tensor::fromVector<float>(std::move(dims), randomFloats(n, seed));
}

// Runs the node and expects a kiln::Error of the given kind whose message contains every fragment.
inline void expectNodeError(const std::string& op, const std::vector<Tensor>& inputs,
                            const std::map<std::string, Attribute>& attrs, ErrorKind kind,
                            const std::vector<std::string>& fragments, size_t numOutputs = 1) {
    try {
        runSingleNode(op, inputs, attrs, numOutputs);
        ADD_FAILURE() << op << ": expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), kind) << e.what();
        std::string msg = e.what();
        EXPECT_NE(msg.find("node 'node'"), std::string::npos) << "error does not name the node: " << msg;
        for (const auto& f : fragments) EXPECT_NE(msg.find(f), std::string::npos) << "missing '" << f << "' in: " << msg;
    }
}

}  // namespace kiln::test
