// Gemm, MatMul and Einsum against naive references and hand-computed values.
#include <gtest/gtest.h>

#include <cstring>

#include "kernels/cpu/gemm_avx512.h"
#include "kernels_b_test_util.h"

using namespace kiln;
using namespace kiln::test;

namespace {

// Naive batched matmul with NumPy broadcasting on already 2-D+ operands of equal rank.
Tensor naiveMatMul(const Tensor& A, const Tensor& B, std::vector<int64_t> outDims) {
    const auto& a = A.dims();
    const auto& b = B.dims();
    const size_t r = outDims.size();
    const int64_t M = a[r - 2], K = a[r - 1], N = b[r - 1];
    Tensor Y(DataType::Float32, outDims);
    int64_t batches = Y.numel() / (M * N);
    for (int64_t bi = 0; bi < batches; ++bi) {
        // decompose bi over outDims[:-2]
        int64_t rem = bi, aOff = 0, bOff = 0, aStride = M * K, bStride = K * N;
        for (size_t d = r - 2; d-- > 0;) {
            int64_t digit = rem % outDims[d];
            rem /= outDims[d];
            aOff += (a[d] == 1 ? 0 : digit) * aStride;
            bOff += (b[d] == 1 ? 0 : digit) * bStride;
            aStride *= a[d];
            bStride *= b[d];
        }
        for (int64_t i = 0; i < M; ++i)
            for (int64_t j = 0; j < N; ++j) {
                double acc = 0;
                for (int64_t k = 0; k < K; ++k)
                    acc += double(A.data<float>()[aOff + i * K + k]) * B.data<float>()[bOff + k * N + j];
                Y.data<float>()[bi * M * N + i * N + j] = float(acc);
            }
    }
    return Y;
}

TEST(KernelsBMatMul, BroadcastBatches) {
    struct Case {
        std::vector<int64_t> a, b, out;
    };
    for (const Case& c : std::vector<Case>{{{3, 4}, {4, 5}, {3, 5}},
                                           {{2, 3, 4}, {4, 5}, {2, 3, 5}},          // B shared: folded GEMM
                                           {{2, 3, 4}, {2, 4, 5}, {2, 3, 5}},
                                           {{1, 3, 4}, {2, 4, 5}, {2, 3, 5}},       // A broadcast
                                           {{2, 1, 3, 4}, {1, 5, 4, 2}, {2, 5, 3, 2}},  // both broadcast
                                           {{1, 1, 1}, {1, 1, 1}, {1, 1, 1}},
                                           {{4, 1, 7}, {7, 1}, {4, 1, 1}}}) {
        Tensor A = randomTensor(c.a, 1), B = randomTensor(c.b, 2);
        // Reference wants equal ranks: pad with leading 1s.
        std::vector<int64_t> pa = c.a, pb = c.b;
        while (pa.size() < c.out.size()) pa.insert(pa.begin(), 1);
        while (pb.size() < c.out.size()) pb.insert(pb.begin(), 1);
        Tensor expected = naiveMatMul(A.reshaped(pa), B.reshaped(pb), c.out);
        expectTensorNear(runSingleNode("MatMul", {A, B})[0], expected, 1e-5, 1e-5);
    }
}

// Sizes that reach Kiln's AVX-512 GEMM (M >= 4, N >= 16; partial panels and tiles), on both paths.
TEST(KernelsBMatMul, LargeOnBothGemmPaths) {
    struct Case {
        std::vector<int64_t> a, b, out;
    };
    for (bool avx512 : {true, false}) {
        kiln::cpu::setAvx512Enabled(avx512);
        for (const Case& c : std::vector<Case>{{{37, 70}, {70, 53}, {37, 53}},
                                               {{2, 9, 33}, {33, 100}, {2, 9, 100}},
                                               {{3, 19, 33}, {3, 33, 130}, {3, 19, 130}},
                                               {{4, 200}, {200, 16}, {4, 16}},
                                               // Tails of 17..32 columns (the two-vector micro-kernel).
                                               {{12, 20}, {20, 75}, {12, 75}},
                                               {{9, 8}, {8, 30}, {9, 30}}}) {
            Tensor A = randomTensor(c.a, 3), B = randomTensor(c.b, 4);
            std::vector<int64_t> pa = c.a, pb = c.b;
            while (pa.size() < c.out.size()) pa.insert(pa.begin(), 1);
            while (pb.size() < c.out.size()) pb.insert(pb.begin(), 1);
            expectTensorNear(runSingleNode("MatMul", {A, B})[0], naiveMatMul(A.reshaped(pa), B.reshaped(pb), c.out),
                             1e-4, 1e-4);
        }
        // Gemm with a transposed A (packed from its columns): Y = A^T B.
        Tensor At = randomTensor({41, 23}, 5), B = randomTensor({41, 60}, 6);
        Tensor A({DataType::Float32}, {23, 41});
        for (int64_t i = 0; i < 23; ++i)
            for (int64_t k = 0; k < 41; ++k) A.data<float>()[i * 41 + k] = At.data<float>()[k * 23 + i];
        expectTensorNear(runSingleNode("Gemm", {At, B}, {{"transA", int64_t(1)}})[0], naiveMatMul(A, B, {23, 60}),
                         1e-4, 1e-4);
    }
    kiln::cpu::setAvx512Enabled(true);
}

// B packed once (constant weights): the same bits as the AVX-512 kernel reading B in place (each
// output the same chain of FMAs, also across K blocks of 768 and M blocks of 96), rows below 4 and
// column tails of 1..47 included; B given as [N, K] (transB) packs to the same panels.
TEST(KernelsBMatMul, PackedWeightsGiveTheUnpackedKernelsBits) {
    if (!kiln::cpu::avx512Enabled()) GTEST_SKIP() << "no AVX-512 on this CPU";
    struct Case {
        int64_t M, N, K;
    };
    for (const Case& c : std::vector<Case>{{4, 16, 1},
                                           {5, 17, 7},
                                           {8, 48, 33},
                                           {13, 75, 100},
                                           {100, 130, 769},  // two K blocks, two M blocks, a 34-column tail
                                           {200, 50, 1600},  // three K blocks, a 2-column tail
                                           {2, 64, 40},      // rows below the unpacked kernel's 4
                                           {3, 113, 900},
                                           {1, 100, 20}}) {
        Tensor A = randomTensor({c.M, c.K}, 7), B = randomTensor({c.K, c.N}, 8), bias = randomTensor({c.N}, 9);
        Tensor Bt(DataType::Float32, {c.N, c.K});
        for (int64_t k = 0; k < c.K; ++k)
            for (int64_t n = 0; n < c.N; ++n) Bt.data<float>()[n * c.K + k] = B.data<float>()[k * c.N + n];
        const auto packed = kiln::cpu::packMatrixB(B.data<float>(), c.K, c.N, c.N);
        const auto packedT = kiln::cpu::packMatrixB(Bt.data<float>(), c.K, c.N, c.K, true);
        ASSERT_EQ(packed->data, packedT->data) << c.M << "x" << c.N << "x" << c.K;
        Tensor y(DataType::Float32, {c.M, c.N}), yBias(DataType::Float32, {c.M, c.N});
        kiln::cpu::gemmAvx512PackedB(false, c.M, A.data<float>(), c.K, *packed, y.data<float>(), c.N);
        kiln::cpu::gemmAvx512PackedB(false, c.M, A.data<float>(), c.K, *packedT, yBias.data<float>(), c.N,
                                     bias.data<float>());
        const Tensor expected = naiveMatMul(A, B, {c.M, c.N});
        expectTensorNear(y, expected, 1e-4, 1e-4);
        for (int64_t i = 0; i < c.M * c.N; ++i)
            ASSERT_EQ(yBias.data<float>()[i], y.data<float>()[i] + bias.data<float>()[i % c.N])
                << "bias added to the finished sum, element " << i << " of " << c.M << "x" << c.N << "x" << c.K;
        if (c.M >= 4) {
            Tensor ref(DataType::Float32, {c.M, c.N});
            kiln::cpu::gemmAvx512(false, c.M, c.N, c.K, A.data<float>(), c.K, B.data<float>(), c.N, ref.data<float>(),
                                  c.N);
            ASSERT_EQ(std::memcmp(y.raw(), ref.raw(), size_t(c.M * c.N) * sizeof(float)), 0)
                << c.M << "x" << c.N << "x" << c.K;
        }
        // A row's bits do not depend on how many rows the call has (M = 1, 2, 4 or 8 register tiles).
        Tensor row(DataType::Float32, {1, c.N});
        kiln::cpu::gemmAvx512PackedB(false, 1, A.data<float>() + (c.M - 1) * c.K, c.K, *packed, row.data<float>(), c.N);
        ASSERT_EQ(std::memcmp(row.raw(), y.data<float>() + (c.M - 1) * c.N, size_t(c.N) * sizeof(float)), 0)
            << c.M << "x" << c.N << "x" << c.K;
    }
}

// MatMul and Gemm with a constant B take the packed-weights path (packedWeightsB's cache): right
// on the first run and on the cached second, with a bias row C (Gemm, transB) and without; a C
// the packed path does not take (beta 2, a full [M, N] C) falls back to BLAS.
TEST(KernelsBMatMul, ConstantWeightsOnThePackedPath) {
    auto runWithConstantB = [](const std::string& op, const Tensor& A, const Tensor& B, const Tensor* C,
                               const std::map<std::string, Attribute>& attrs) {
        Graph g;
        g.opsetImports[""] = 21;
        Value* a = g.addValue("a");
        a->dtype = DataType::Float32;
        a->shape = Shape(A.dims());
        g.markInput(a);
        std::vector<Value*> ins = {a, g.addConstant("w", B)};
        if (C) ins.push_back(g.addConstant("c", *C));
        Value* y = g.addValue("y");
        g.addNode(op, "node", ins, {y})->attributes = attrs;
        g.markOutput(y);
        Executor ex(g);
        const Tensor first = ex.run({{"a", A}}).at("y");
        const Tensor second = ex.run({{"a", A}}).at("y");
        EXPECT_EQ(std::memcmp(first.raw(), second.raw(), size_t(first.numel()) * sizeof(float)), 0) << op;
        return first;
    };
    for (bool avx512 : {true, false}) {
        kiln::cpu::setAvx512Enabled(avx512);
        Tensor A = randomTensor({3, 37, 70}, 10), B = randomTensor({70, 53}, 11);
        expectTensorNear(runWithConstantB("MatMul", A, B, nullptr, {}), naiveMatMul(A, B.reshaped({1, 70, 53}), {3, 37, 53}),
                         1e-4, 1e-4);
        Tensor A2 = randomTensor({2, 70}, 12);
        expectTensorNear(runWithConstantB("MatMul", A2, B, nullptr, {}), naiveMatMul(A2, B, {2, 53}), 1e-4, 1e-4);
        // Gemm as exported Linear layers: Y = A · Wᵀ + b.
        Tensor W = randomTensor({53, 70}, 13), b = randomTensor({53}, 14), C = randomTensor({37, 53}, 15);
        Tensor Wt(DataType::Float32, {70, 53});
        for (int64_t n = 0; n < 53; ++n)
            for (int64_t k = 0; k < 70; ++k) Wt.data<float>()[k * 53 + n] = W.data<float>()[n * 70 + k];
        const Tensor A3 = A.reshaped({111, 70});
        const Tensor prod = naiveMatMul(A3, Wt, {111, 53});
        for (const Tensor* c : std::vector<const Tensor*>{nullptr, &b}) {
            Tensor expected = prod.clone();
            for (int64_t i = 0; c && i < expected.numel(); ++i) expected.data<float>()[i] += b.data<float>()[i % 53];
            expectTensorNear(runWithConstantB("Gemm", A3, W, c, {{"transB", int64_t(1)}}), expected, 1e-4, 1e-4);
        }
        Tensor expected = prod.clone();
        for (int64_t i = 0; i < expected.numel(); ++i) expected.data<float>()[i] += 2.f * b.data<float>()[i % 53];
        expectTensorNear(runWithConstantB("Gemm", A3, W, &b, {{"transB", int64_t(1)}, {"beta", 2.f}}), expected, 1e-4,
                         1e-4);
        const Tensor A4 = randomTensor({37, 70}, 16);
        expected = naiveMatMul(A4, Wt, {37, 53});
        for (int64_t i = 0; i < expected.numel(); ++i) expected.data<float>()[i] += C.data<float>()[i];
        expectTensorNear(runWithConstantB("Gemm", A4, W, &C, {{"transB", int64_t(1)}}), expected, 1e-4, 1e-4);
    }
    kiln::cpu::setAvx512Enabled(true);
}

// A full cache packs nothing more and evicts nothing: the weight that does not fit is read in place
// (the unpacked kernel), while the weights already packed stay packed. Evicting them instead would
// repack every weight every inference once a model's weights pass the limit.
TEST(KernelsBMatMul, AFullPackedWeightsCacheLeavesTheRestUnpacked) {
    Tensor small = randomTensor({64, 48}, 21), big = randomTensor({256, 96}, 22);
    const size_t before = kiln::cpu::setPackedWeightsBLimit(64 * 48 * sizeof(float) + 1024);
    auto packedSmall = kiln::cpu::packedWeightsB(small);
    ASSERT_NE(packedSmall, nullptr);
    EXPECT_EQ(kiln::cpu::packedWeightsB(big), nullptr) << "over the limit: not packed";
    EXPECT_EQ(kiln::cpu::packedWeightsB(small), packedSmall) << "the packed weight was kept, not evicted";
    // MatMul with the big constant weight still computes right (in place).
    Graph g;
    g.opsetImports[""] = 21;
    Value* a = g.addValue("a");
    a->dtype = DataType::Float32;
    a->shape = Shape({40, 256});
    g.markInput(a);
    Value* y = g.addValue("y");
    g.addNode("MatMul", "mm", {a, g.addConstant("w", big)}, {y});
    g.markOutput(y);
    const Tensor A = randomTensor({40, 256}, 23);
    expectTensorNear(Executor(g).run({{"a", A}}).at("y"), naiveMatMul(A, big, {40, 96}), 1e-4, 1e-4);
    kiln::cpu::setPackedWeightsBLimit(before);
    EXPECT_NE(kiln::cpu::packedWeightsB(big), nullptr) << "room again: packed";
}

TEST(KernelsBMatMul, VectorPromotion) {
    Tensor v = Tensor::fromVector<float>({3}, {1, 2, 3});
    Tensor m = Tensor::fromVector<float>({3, 2}, {1, 0, 0, 1, 1, 1});
    expectTensorNear(runSingleNode("MatMul", {v, m})[0], Tensor::fromVector<float>({2}, {4, 5}));
    Tensor mt = Tensor::fromVector<float>({2, 3}, {1, 0, 1, 0, 1, 1});
    expectTensorNear(runSingleNode("MatMul", {mt, v})[0], Tensor::fromVector<float>({2}, {4, 5}));
    expectTensorNear(runSingleNode("MatMul", {v, v})[0], Tensor::scalar<float>(14));
    Tensor batched = Tensor::fromVector<float>({2, 3, 1}, {1, 2, 3, 4, 5, 6});
    expectTensorNear(runSingleNode("MatMul", {Tensor::fromVector<float>({1}, {2}), batched.reshaped({2, 1, 3})})[0],
                     Tensor::fromVector<float>({2, 3}, {2, 4, 6, 8, 10, 12}));
}

TEST(KernelsBMatMul, IntegerAndDouble) {
    Tensor a = Tensor::fromVector<int64_t>({2, 2}, {1, 2, 3, 4});
    Tensor b = Tensor::fromVector<int64_t>({2, 2}, {5, 6, 7, 8});
    expectTensorNear(runSingleNode("MatMul", {a, b})[0], Tensor::fromVector<int64_t>({2, 2}, {19, 22, 43, 50}));
    Tensor ad = Tensor::fromVector<double>({1, 2}, {0.5, 0.25});
    Tensor bd = Tensor::fromVector<double>({2, 1}, {2, 4});
    expectTensorNear(runSingleNode("MatMul", {ad, bd})[0], Tensor::fromVector<double>({1, 1}, {2}));
}

TEST(KernelsBMatMul, Errors) {
    expectNodeError("MatMul", {randomTensor({2, 3}, 1), randomTensor({4, 5}, 2)}, {}, ErrorKind::InvalidArgument,
                    {"inner dimensions", "[2,3]"});
    expectNodeError("MatMul", {randomTensor({2, 2, 3}, 1), randomTensor({3, 3, 5}, 2)}, {}, ErrorKind::InvalidArgument,
                    {"batch"});
}

TEST(KernelsBGemm, FlagsAndBroadcastC) {
    Tensor A = randomTensor({4, 3}, 3), B = randomTensor({5, 4}, 4);
    // transA: A^T is [3,4]; transB: B^T is [4,5] -> Y [3,5].
    for (auto cdims : std::vector<std::vector<int64_t>>{{3, 5}, {5}, {1, 5}, {3, 1}, {}}) {
        Tensor C = randomTensor(cdims, 5);
        auto y = runSingleNode("Gemm", {A, B, C},
                               {{"transA", 1}, {"transB", 1}, {"alpha", 0.5f}, {"beta", 2.0f}})[0];
        ASSERT_EQ(y.dims(), (std::vector<int64_t>{3, 5}));
        for (int64_t i = 0; i < 3; ++i)
            for (int64_t j = 0; j < 5; ++j) {
                double acc = 0;
                for (int64_t k = 0; k < 4; ++k) acc += A.data<float>()[k * 3 + i] * B.data<float>()[j * 4 + k];
                int64_t ci = cdims.size() == 2 ? (cdims[0] == 1 ? 0 : i) * cdims[1] + (cdims[1] == 1 ? 0 : j)
                                               : (cdims.size() == 1 ? j : 0);
                EXPECT_NEAR(y.data<float>()[i * 5 + j], 0.5 * acc + 2.0 * C.data<float>()[ci], 1e-5);
            }
    }
    // No C.
    Tensor A2 = Tensor::fromVector<float>({1, 2}, {1, 2});
    Tensor B2 = Tensor::fromVector<float>({2, 1}, {3, 4});
    expectTensorNear(runSingleNode("Gemm", {A2, B2})[0], Tensor::fromVector<float>({1, 1}, {11}));
}

TEST(KernelsBGemm, Errors) {
    expectNodeError("Gemm", {randomTensor({2, 3}, 1), randomTensor({2, 3}, 2)}, {}, ErrorKind::InvalidArgument,
                    {"inner dimensions"});
    expectNodeError("Gemm", {randomTensor({2, 3}, 1), randomTensor({3, 4}, 2), randomTensor({3, 4}, 3)}, {},
                    ErrorKind::InvalidArgument, {"cannot be broadcast"});
    expectNodeError("Gemm", {randomTensor({2, 3, 1}, 1), randomTensor({3, 4}, 2)}, {}, ErrorKind::InvalidArgument,
                    {"2-D"});
}

TEST(KernelsBEinsum, CommonEquations) {
    Tensor A = randomTensor({2, 3, 4}, 1), B = randomTensor({2, 4, 5}, 2);
    // Batched matmul.
    expectTensorNear(runSingleNode("Einsum", {A, B}, {{"equation", "bij,bjk->bik"}})[0],
                     runSingleNode("MatMul", {A, B})[0], 1e-5, 1e-5);
    // Transpose only.
    auto t = runSingleNode("Einsum", {A}, {{"equation", "bij->jbi"}})[0];
    ASSERT_EQ(t.dims(), (std::vector<int64_t>{4, 2, 3}));
    // t[j=2, b=1, i=1] == A[b=1, i=1, j=2]
    EXPECT_FLOAT_EQ(t.data<float>()[(2 * 2 + 1) * 3 + 1], A.data<float>()[(1 * 3 + 1) * 4 + 2]);
    // Sum over everything.
    auto s = runSingleNode("Einsum", {A}, {{"equation", "ijk->"}})[0];
    double total = 0;
    for (float v : A.toFloatVector()) total += v;
    EXPECT_NEAR(s.data<float>()[0], total, 1e-4);
    // Trace and diagonal.
    Tensor M = Tensor::fromVector<float>({3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
    expectTensorNear(runSingleNode("Einsum", {M}, {{"equation", "ii"}})[0], Tensor::scalar<float>(15));
    expectTensorNear(runSingleNode("Einsum", {M}, {{"equation", "ii->i"}})[0], Tensor::fromVector<float>({3}, {1, 5, 9}));
    // Implicit output: "ij,jk" -> "ik".
    Tensor X = Tensor::fromVector<float>({1, 2}, {1, 2}), Y = Tensor::fromVector<float>({2, 1}, {3, 4});
    expectTensorNear(runSingleNode("Einsum", {X, Y}, {{"equation", "ij,jk"}})[0], Tensor::fromVector<float>({1, 1}, {11}));
    // Outer product and dot product.
    Tensor u = Tensor::fromVector<float>({2}, {1, 2}), v = Tensor::fromVector<float>({3}, {1, 10, 100});
    expectTensorNear(runSingleNode("Einsum", {u, v}, {{"equation", "i,j->ij"}})[0],
                     Tensor::fromVector<float>({2, 3}, {1, 10, 100, 2, 20, 200}));
    expectTensorNear(runSingleNode("Einsum", {u, u}, {{"equation", "i,i"}})[0], Tensor::scalar<float>(5));
    // Ellipsis with broadcasting: "...ij,...jk->...ik" with batch dims (2,1) and (3).
    Tensor E1 = randomTensor({2, 1, 3, 4}, 5), E2 = randomTensor({3, 4, 2}, 6);
    expectTensorNear(runSingleNode("Einsum", {E1, E2}, {{"equation", "...ij,...jk->...ik"}})[0],
                     runSingleNode("MatMul", {E1, E2})[0], 1e-5, 1e-5);
    // Three operands.
    Tensor P = randomTensor({2, 3}, 7), Q = randomTensor({3, 4}, 8), R = randomTensor({4, 2}, 9);
    auto pq = runSingleNode("MatMul", {P, Q})[0];
    auto pqr = runSingleNode("MatMul", {pq, R})[0];
    expectTensorNear(runSingleNode("Einsum", {P, Q, R}, {{"equation", "ab,bc,cd->ad"}})[0], pqr, 1e-5, 1e-5);
    // Attention-style: "bhqd,bhkd->bhqk".
    Tensor Qa = randomTensor({1, 2, 3, 4}, 10), Ka = randomTensor({1, 2, 5, 4}, 11);
    auto ref = runSingleNode("MatMul", {Qa, runSingleNode("Transpose", {Ka}, {{"perm", std::vector<int64_t>{0, 1, 3, 2}}})[0]})[0];
    expectTensorNear(runSingleNode("Einsum", {Qa, Ka}, {{"equation", "bhqd,bhkd->bhqk"}})[0], ref, 1e-5, 1e-5);
}

TEST(KernelsBEinsum, Errors) {
    expectNodeError("Einsum", {randomTensor({2, 3}, 1)}, {{"equation", "ijk->i"}}, ErrorKind::InvalidArgument, {"rank"});
    expectNodeError("Einsum", {randomTensor({2, 3}, 1), randomTensor({4, 3}, 1)}, {{"equation", "ij,ij->i"}},
                    ErrorKind::InvalidArgument, {"size"});
    expectNodeError("Einsum", {randomTensor({2, 3}, 1)}, {{"equation", "ij->k"}}, ErrorKind::InvalidModel, {"label"});
}

}  // namespace

namespace {

Tensor toHalf(const Tensor& t) {
    std::vector<uint16_t> bits;
    for (float v : t.toFloatVector()) bits.push_back(floatToHalf(v));
    Tensor out(DataType::Float16, t.dims());
    std::memcpy(out.raw(), bits.data(), bits.size() * 2);
    return out;
}

TEST(KernelsBHalf, MatMulAndConvUpcast) {
    Tensor A = randomTensor({2, 3, 4}, 1), B = randomTensor({4, 5}, 2);
    auto y = runSingleNode("MatMul", {toHalf(A), toHalf(B)})[0];
    ASSERT_EQ(y.dtype(), DataType::Float16);
    // Compare against float32 on the half-rounded inputs, within half precision.
    auto ref = runSingleNode("MatMul", {Tensor::fromVector<float>(A.dims(), toHalf(A).toFloatVector()),
                                        Tensor::fromVector<float>(B.dims(), toHalf(B).toFloatVector())})[0];
    expectTensorNear(Tensor::fromVector<float>(y.dims(), y.toFloatVector()), ref, 2e-3, 2e-3);
    Tensor X = randomTensor({1, 2, 5, 5}, 3), W = randomTensor({3, 2, 3, 3}, 4);
    auto c = runSingleNode("Conv", {toHalf(X), toHalf(W)}, {{"pads", std::vector<int64_t>{1, 1, 1, 1}}})[0];
    ASSERT_EQ(c.dtype(), DataType::Float16);
    EXPECT_EQ(c.dims(), (std::vector<int64_t>{1, 3, 5, 5}));
    auto p = runSingleNode("MaxPool", {toHalf(X)}, {{"kernel_shape", std::vector<int64_t>{2, 2}}}, 2);
    EXPECT_EQ(p[0].dtype(), DataType::Float16);
    EXPECT_EQ(p[1].dtype(), DataType::Int64);
}

}  // namespace
