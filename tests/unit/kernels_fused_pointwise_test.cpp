// kiln::Pointwise run in blocks: operands that repeat over trailing dims, general broadcasts,
// scalars, the chain's own input as an operand while the chain runs in place, and block tails.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "tests/unit/builder_test_util.h"
#include "tests/unit/passes_test_util.h"

using namespace kiln;
using namespace kiln::test;

TEST(KernelsFusedPointwise, BlocksMatchTheElementwiseDefinition) {
    const int64_t N = 3, C = 300;  // 900 elements: three 256-element blocks and a tail
    for (bool inPlace : {true, false}) {
        GraphBuilder b;
        Value* in = b.input("in", Shape{N, C});
        // Relu makes X a fresh tensor whose last reader is the chain, so the executor donates it
        // (the chain then runs in place); fed straight from the graph input it is not donated.
        Value* x = inPlace ? b.op("Relu", "fresh", {in}, Shape{N, C}) : in;
        Value* bias = b.weights("bias", {1, C});
        Value* rowMax = b.weights("row_max", {N, 1});
        Value* s = b.scalar("s", 0.25f);
        std::map<std::string, Attribute> attrs{
            {"ops", std::vector<std::string>{"Add", "Mul", "Relu", "Sub", "Max", "Exp"}},
            {"operand", std::vector<int64_t>{1, 0, -1, 3, 2, -1}},
            {"alpha", std::vector<float>(6, 0.f)},
            {"beta", std::vector<float>(6, 0.f)}};
        b.output(b.op("Pointwise", "chain", {x, bias, rowMax, s}, Shape{N, C}, attrs, DataType::Float32, "kiln"));
        Executor ex(b.graph());
        Tensor input = randomTensor({N, C}, 21, -2.f, 2.f);
        const Tensor y = ex.run({{"in", input}}).at("chain_out");
        ASSERT_EQ(y.dims(), (std::vector<int64_t>{N, C}));
        const float* bd = bias->constant->data<float>();
        const float* md = rowMax->constant->data<float>();
        for (int64_t r = 0; r < N; ++r)
            for (int64_t c = 0; c < C; ++c) {
                float xv = input.data<float>()[r * C + c];
                if (inPlace) xv = std::max(xv, 0.f);
                float v = (xv + bd[c]) * xv;
                v = std::max(v, 0.f) - 0.25f;
                v = std::exp(std::fmax(v, md[r]));
                EXPECT_NEAR(y.data<float>()[r * C + c], v, 1e-5f * (1.f + std::fabs(v))) << r << "," << c;
            }
    }
}
