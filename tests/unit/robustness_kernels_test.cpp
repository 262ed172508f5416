// Regression tests for kernel crashes found by fuzzing (docs/robustness.md): hostile attribute
// values and shapes get one clear error naming them, never integer overflow; NaN flows through.
#include <gtest/gtest.h>

#include <climits>
#include <cmath>
#include <limits>

#include "kernels/cpu/fast_math.h"
#include "tests/unit/passes_test_util.h"
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

// Reshape multiplied the target dims in int64 unchecked (signed overflow, UB): [2^63-1, 2^63-1]
// wrapped to 1, so a one-element input "matched" a shape of 2^126 elements. Found by the model-
// mutation fuzzer; a two-node model reaches it. Now an input error naming the shape.
TEST(RobustnessKernels, ReshapeDimsProductOverflow) {
    const Tensor one(DataType::Float32, {1}), empty(DataType::Float32, {0});
    auto expectOverflow = [&](const Tensor& data, std::vector<int64_t> shape,
                              std::map<std::string, Attribute> attrs) {
        const Tensor shapeTensor = Tensor::fromVector<int64_t>({int64_t(shape.size())}, shape);
        try {
            (void)test::runSingleNode("Reshape", {data, shapeTensor}, attrs);
            ADD_FAILURE() << "Reshape to " << dimsToString(shape) << " ran";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument) << e.what();
            EXPECT_NE(std::string(e.what()).find("overflows"), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find(dimsToString(shape)), std::string::npos) << e.what();
        }
    };
    expectOverflow(one, {INT64_MAX, INT64_MAX}, {});      // wrapped to exactly 1
    expectOverflow(one, {-1, INT64_MAX, INT64_MAX}, {});  // the -1 "inferred" as 1
    // No elements, but dims whose other products overflow (strides, sizes of slices of it).
    expectOverflow(empty, {INT64_MAX, INT64_MAX, 0}, {{"allowzero", int64_t(1)}});
    // The legal forms still run.
    EXPECT_EQ(test::runSingleNode("Reshape", {one, Tensor::fromVector<int64_t>({3}, {1, -1, 1})})[0].dims(),
              (std::vector<int64_t>{1, 1, 1}));
}

// A NaN reaching fast_math's expApprox (through erfApprox in a MatMul + GELU fused epilogue) was
// converted to int (float-cast-overflow, UB: UBSan stops there; a release build happened to give
// NaN). NaN in must give NaN out, and only where the NaN flows.
TEST(RobustnessKernels, NanThroughFusedMatMulGelu) {
    test::GraphBuilder b("matmul_gelu");
    Value* x = b.input("x", Shape{2, 4});
    Value* mm = b.op("MatMul", "mm", {x, b.weights("w", {4, 3})}, Shape{2, 3});
    b.output(b.op("Gelu", "gelu", {mm}, Shape{2, 3}));
    auto g = b.release();
    passes::OptimizerOptions options;
    options.level = 2;
    (void)passes::optimizeGraph(*g, options);
    ASSERT_EQ(test::countOps(*g, "kiln::FusedMatMul"), 1) << "MatMul + Gelu did not fuse";
    ASSERT_EQ(test::countOps(*g, "Gelu"), 0);
    const float nan = std::numeric_limits<float>::quiet_NaN();
    Tensor in = Tensor::fromVector<float>({2, 4}, {0.5f, nan, -1.f, 2.f, 0.25f, -0.5f, 1.f, 0.f});
    Executor exec(*g);
    const Tensor out = exec.run({{"x", in}}).at("gelu_out");
    ASSERT_EQ(out.dims(), (std::vector<int64_t>{2, 3}));
    for (int64_t j = 0; j < 3; ++j) {
        EXPECT_TRUE(std::isnan(out.data<float>()[j])) << "row 0 (with the NaN), column " << j;
        EXPECT_TRUE(std::isfinite(out.data<float>()[3 + j])) << "row 1, column " << j;
    }
    // And the approximations themselves, on every NaN and infinity.
    for (float v :
         {nan, -nan, std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity()}) {
        EXPECT_EQ(std::isnan(cpu::expApprox(v)), std::isnan(v)) << v;
        EXPECT_EQ(std::isnan(cpu::erfApprox(v)), std::isnan(v)) << v;
    }
}

// int16 Mul wrapped through unsigned short, which promotes to int: 65531 * 65533 (-5 * -3)
// overflowed int (signed overflow, UB; found by the sanitizer run of backend_ops). Same for Pow.
TEST(RobustnessKernels, NarrowIntegerMulAndPowWrapWithoutOverflow) {
    auto i16 = [](std::vector<int16_t> v) { return Tensor::fromVector<int16_t>({int64_t(v.size())}, v); };
    const Tensor mul = test::runSingleNode("Mul", {i16({-5, 300, -32768}), i16({-3, 300, -1})})[0];
    EXPECT_EQ(mul.toInt64Vector(), (std::vector<int64_t>{15, int16_t(90000 - 65536), -32768}));
    const Tensor pow = test::runSingleNode("Pow", {i16({-3, 7}), i16({2, 9})})[0];
    EXPECT_EQ(pow.toInt64Vector(), (std::vector<int64_t>{9, int16_t(40353607 % 65536)}));
}

}  // namespace
}  // namespace kiln
