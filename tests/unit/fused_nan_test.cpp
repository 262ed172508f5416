// NaN through the fused epilogues: a fused HardSigmoid (FusedMatMul, FusedConv, Pointwise) keeps a
// NaN as the plain HardSigmoid does (ONNX's max(0, min(1, αx+β)) in numpy propagates it); the
// fused copies used to return 1, so a NaN vanished only after optimization (issue 14).
#include <cmath>

#include "tests/unit/passes_test_util.h"

namespace kiln::test {
namespace {

// x [4, 16] · W [16, 16] + b → HardSigmoid; level 2 makes one kiln::FusedMatMul of it. `chain`
// adds an Add before the activation so that PointwiseFusion has a chain (x + 1 → HardSigmoid).
std::unique_ptr<Graph> matmulHardSigmoid() {
    GraphBuilder b("fused_nan");
    Value* x = b.input("x", Shape{4, 16});
    Value* y = b.op("MatMul", "mm", {x, b.weights("w", {16, 16})}, Shape{4, 16});
    y = b.op("Add", "bias", {y, b.weights("b", {16})}, Shape{4, 16});
    y = b.op("HardSigmoid", "hs", {y}, Shape{4, 16}, {{"alpha", 0.2f}, {"beta", 0.5f}});
    b.output(y);
    Value* p = b.op("Add", "shift", {x, b.scalar("one", 1.f)}, Shape{4, 16});
    b.output(b.op("HardSigmoid", "hs2", {p}, Shape{4, 16}, {{"alpha", 0.2f}, {"beta", 0.5f}}));
    return b.release();
}

TEST(FusedNan, HardSigmoidKeepsNanAfterFusion) {
    auto g = matmulHardSigmoid();
    passes::OptimizerOptions options;
    options.level = 2;
    passes::optimizeGraph(*g, options);
    ASSERT_EQ(countOps(*g, "kiln::FusedMatMul"), 1) << g->dump();
    ASSERT_EQ(countOps(*g, "HardSigmoid"), 0) << g->dump();
    Tensor x(DataType::Float32, {4, 16});
    for (int64_t i = 0; i < x.numel(); ++i) x.data<float>()[i] = 0.1f * float(i % 7) - 0.3f;
    x.data<float>()[16 + 3] = std::nanf("");  // row 1 of the product, element 19 of x + 1
    const TensorMap out = Executor(*g).run({{"x", x}});
    const Tensor& y = out.at("hs_out");
    for (int64_t j = 0; j < 16; ++j) EXPECT_TRUE(std::isnan(y.data<float>()[16 + j])) << "row 1, column " << j;
    EXPECT_FALSE(std::isnan(y.data<float>()[0]));
    EXPECT_TRUE(std::isnan(out.at("hs2_out").data<float>()[19]));
    EXPECT_FALSE(std::isnan(out.at("hs2_out").data<float>()[18]));
}

}  // namespace
}  // namespace kiln::test
