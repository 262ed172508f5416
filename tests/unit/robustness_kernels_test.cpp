// Regression tests for kernel crashes found by fuzzing (docs/robustness.md): hostile attribute
// values get one clear error naming the attribute, never integer overflow.
#include <gtest/gtest.h>

#include <climits>

#include "tests/unit/test_util.h"

namespace kiln {
namespace {

// Runs one node and expects an InvalidModel error mentioning every part.
void expectRefused(const std::string& op, const std::vector<Tensor>& inputs,
                   const std::map<std::string, Attribute>& attributes, const std::vector<std::string>& parts) {
    try {
        (void)test::runSingleNode(op, inputs, attributes);
        FAIL() << op << " ran";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::InvalidModel) << e.what();
        for (const auto& p : parts) EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << e.what();
    }
}

Tensor zeros(std::vector<int64_t> dims) { return Tensor(DataType::Float32, std::move(dims)); }

// A stride of 2^63 - 1 overflowed in the window arithmetic (ceilDiv: 1 + INT64_MAX).
TEST(RobustnessKernels, ConvHugeStride) {
    expectRefused("Conv", {zeros({1, 1, 5, 5}), zeros({1, 1, 3, 3})},
                  {{"strides", Attribute(std::vector<int64_t>{INT64_MAX, 1})}},
                  {"attribute 'strides'", "over the limit"});
}

TEST(RobustnessKernels, ConvHugeDilationAndPads) {
    expectRefused("Conv", {zeros({1, 1, 5, 5}), zeros({1, 1, 3, 3})},
                  {{"dilations", Attribute(std::vector<int64_t>{1, INT64_MAX / 2})}},
                  {"attribute 'dilations'", "over the limit"});
    expectRefused("Conv", {zeros({1, 1, 5, 5}), zeros({1, 1, 3, 3})},
                  {{"pads", Attribute(std::vector<int64_t>{0, 0, INT64_MAX, 0})}},
                  {"attribute 'pads'", "over the limit"});
}

TEST(RobustnessKernels, PoolHugeKernel) {
    expectRefused("MaxPool", {zeros({1, 1, 5, 5})},
                  {{"kernel_shape", Attribute(std::vector<int64_t>{INT64_MAX, 2})}},
                  {"attribute 'kernel_shape'", "over the limit"});
}

TEST(RobustnessKernels, ConvTransposeHugeStrideAndOutputShape) {
    expectRefused("ConvTranspose", {zeros({1, 1, 3, 3}), zeros({1, 1, 2, 2})},
                  {{"strides", Attribute(std::vector<int64_t>{INT64_MAX, 1})}},
                  {"attribute 'strides'", "over the limit"});
    expectRefused("ConvTranspose", {zeros({1, 1, 3, 3}), zeros({1, 1, 2, 2})},
                  {{"output_shape", Attribute(std::vector<int64_t>{INT64_MAX, 4})}},
                  {"attribute 'output_shape'", "over the limit"});
}

// The limit leaves every realistic window alone.
TEST(RobustnessKernels, LargeButSaneStrideStillRuns) {
    auto out = test::runSingleNode("Conv", {zeros({1, 1, 5, 5}), zeros({1, 1, 1, 1})},
                                   {{"strides", Attribute(std::vector<int64_t>{1000, 1})}});
    EXPECT_EQ(out[0].dims(), (std::vector<int64_t>{1, 1, 1, 5}));
}

}  // namespace
}  // namespace kiln
