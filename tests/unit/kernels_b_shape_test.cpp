// Shape ops: hand-computed cases, zero-copy views, and clear errors.
#include <gtest/gtest.h>

#include <numeric>

#include "kernels_b_test_util.h"

using namespace kiln;
using namespace kiln::test;

namespace {

Tensor iota(std::vector<int64_t> dims) {
    int64_t n = 1;
    for (int64_t d : dims) n *= d;
    std::vector<float> v(static_cast<size_t>(n));
    std::iota(v.begin(), v.end(), 0.0f);
    return Tensor::fromVector<float>(std::move(dims), v);
}

Tensor ints(std::vector<int64_t> v) { return Tensor::fromVector<int64_t>({int64_t(v.size())}, v); }

TEST(KernelsBShape, ReshapeViewsAndInference) {
    Tensor X = iota({2, 3, 4});
    auto y = runSingleNode("Reshape", {X, ints({0, -1})})[0];
    EXPECT_EQ(y.dims(), (std::vector<int64_t>{2, 12}));
    EXPECT_TRUE(y.sharesStorageWith(X));
    EXPECT_EQ(runSingleNode("Reshape", {X, ints({-1})})[0].dims(), (std::vector<int64_t>{24}));
    // allowzero: a 0 is a real zero dim.
    Tensor empty(DataType::Float32, {0, 3});
    EXPECT_EQ(runSingleNode("Reshape", {empty, ints({3, 0})}, {{"allowzero", 1}})[0].dims(), (std::vector<int64_t>{3, 0}));
    expectNodeError("Reshape", {X, ints({5, -1})}, {}, ErrorKind::InvalidArgument, {"-1"});
    expectNodeError("Reshape", {X, ints({-1, -1})}, {}, ErrorKind::InvalidArgument, {"more than one"});
    expectNodeError("Reshape", {X, ints({2, 3})}, {}, ErrorKind::InvalidArgument, {"cannot reshape"});
}

TEST(KernelsBShape, FlattenSqueezeUnsqueeze) {
    Tensor X = iota({2, 1, 3, 1});
    EXPECT_EQ(runSingleNode("Flatten", {X}, {{"axis", 2}})[0].dims(), (std::vector<int64_t>{2, 3}));
    EXPECT_EQ(runSingleNode("Flatten", {X}, {{"axis", 0}})[0].dims(), (std::vector<int64_t>{1, 6}));
    EXPECT_EQ(runSingleNode("Flatten", {X}, {{"axis", -1}})[0].dims(), (std::vector<int64_t>{6, 1}));
    EXPECT_EQ(runSingleNode("Squeeze", {X})[0].dims(), (std::vector<int64_t>{2, 3}));
    EXPECT_EQ(runSingleNode("Squeeze", {X, ints({-1})})[0].dims(), (std::vector<int64_t>{2, 1, 3}));
    expectNodeError("Squeeze", {X, ints({0})}, {}, ErrorKind::InvalidArgument, {"not 1"});
    EXPECT_EQ(runSingleNode("Unsqueeze", {X, ints({0, -1})})[0].dims(), (std::vector<int64_t>{1, 2, 1, 3, 1, 1}));
    EXPECT_EQ(runSingleNode("Unsqueeze", {Tensor::scalar<float>(1), ints({0})})[0].dims(), (std::vector<int64_t>{1}));
    expectNodeError("Unsqueeze", {X, ints({7})}, {}, ErrorKind::InvalidArgument, {"out of range"});
}

TEST(KernelsBShape, Transpose) {
    Tensor X = iota({2, 3, 4});
    auto y = runSingleNode("Transpose", {X})[0];  // default: reverse
    ASSERT_EQ(y.dims(), (std::vector<int64_t>{4, 3, 2}));
    for (int64_t a = 0; a < 2; ++a)
        for (int64_t b = 0; b < 3; ++b)
            for (int64_t c = 0; c < 4; ++c) EXPECT_EQ(y.data<float>()[(c * 3 + b) * 2 + a], X.data<float>()[(a * 3 + b) * 4 + c]);
    // Every permutation of a 4-D int64 tensor with odd sizes, checked element by element.
    std::vector<int64_t> dims = {3, 1, 5, 2};
    std::vector<int64_t> vals(30);
    std::iota(vals.begin(), vals.end(), 100);
    Tensor T = Tensor::fromVector<int64_t>(dims, vals);
    std::vector<int64_t> perm = {0, 1, 2, 3};
    do {
        auto out = runSingleNode("Transpose", {T}, {{"perm", perm}})[0];
        std::vector<int64_t> idx(4, 0);
        for (int64_t i = 0; i < 30; ++i) {
            // idx is the output multi-index; map back to the input.
            std::vector<int64_t> in(4);
            for (size_t j = 0; j < 4; ++j) in[size_t(perm[j])] = idx[j];
            int64_t off = ((in[0] * 1 + in[1]) * 5 + in[2]) * 2 + in[3];
            ASSERT_EQ(out.data<int64_t>()[i], vals[size_t(off)]) << "perm " << dimsToString(perm);
            for (size_t j = 4; j-- > 0;) {
                if (++idx[j] < out.dims()[j]) break;
                idx[j] = 0;
            }
        }
    } while (std::next_permutation(perm.begin(), perm.end()));
    // Large 2-D (tiled path).
    Tensor big = iota({67, 45});
    auto bt = runSingleNode("Transpose", {big})[0];
    for (int64_t i = 0; i < 67; ++i)
        for (int64_t j = 0; j < 45; ++j) ASSERT_EQ(bt.data<float>()[j * 67 + i], float(i * 45 + j));
    expectNodeError("Transpose", {X}, {{"perm", std::vector<int64_t>{0, 0, 1}}}, ErrorKind::InvalidModel, {"permutation"});
}

// Batch-1 channel concat of large slabs: each input's copy is split over the threads in pieces.
TEST(KernelsBShape, ConcatLargeSlabsInPieces) {
    Tensor A = randomTensor({1, 100, 203}, 1), B = randomTensor({1, 61, 203}, 2), C = randomTensor({1, 3, 203}, 3);
    Tensor out = runSingleNode("Concat", {A, B, C}, {{"axis", 1}})[0];
    ASSERT_EQ(out.dims(), (std::vector<int64_t>{1, 164, 203}));
    const float* o = out.data<float>();
    for (int64_t i = 0; i < A.numel(); ++i) ASSERT_EQ(o[i], A.data<float>()[i]) << i;
    for (int64_t i = 0; i < B.numel(); ++i) ASSERT_EQ(o[A.numel() + i], B.data<float>()[i]) << i;
    for (int64_t i = 0; i < C.numel(); ++i) ASSERT_EQ(o[A.numel() + B.numel() + i], C.data<float>()[i]) << i;
}

TEST(KernelsBShape, ConcatAndSplit) {
    Tensor A = iota({2, 2}), B = Tensor::fromVector<float>({2, 1}, {10, 11});
    expectTensorNear(runSingleNode("Concat", {A, B}, {{"axis", 1}})[0],
                     Tensor::fromVector<float>({2, 3}, {0, 1, 10, 2, 3, 11}));
    expectTensorNear(runSingleNode("Concat", {A, A}, {{"axis", -2}})[0],
                     Tensor::fromVector<float>({4, 2}, {0, 1, 2, 3, 0, 1, 2, 3}));
    Tensor E(DataType::Float32, {2, 0});
    expectTensorNear(runSingleNode("Concat", {E, B}, {{"axis", 1}})[0], B);
    expectNodeError("Concat", {A, B}, {{"axis", 0}}, ErrorKind::InvalidArgument, {"does not match"});

    Tensor X = iota({2, 5});
    auto parts = runSingleNode("Split", {X, ints({2, 3})}, {{"axis", 1}}, 2);
    expectTensorNear(parts[0], Tensor::fromVector<float>({2, 2}, {0, 1, 5, 6}));
    expectTensorNear(parts[1], Tensor::fromVector<float>({2, 3}, {2, 3, 4, 7, 8, 9}));
    // num_outputs 3 of 5: chunks of ceil(5/3) = 2, 2, 1.
    parts = runSingleNode("Split", {X}, {{"axis", 1}, {"num_outputs", 3}}, 3);
    EXPECT_EQ(parts[2].dims(), (std::vector<int64_t>{2, 1}));
    expectTensorNear(parts[2], Tensor::fromVector<float>({2, 1}, {4, 9}));
    expectNodeError("Split", {X, ints({2, 2})}, {{"axis", 1}}, ErrorKind::InvalidArgument, {"summing"}, 2);
}

TEST(KernelsBShape, Slice) {
    Tensor X = iota({3, 4});
    expectTensorNear(runSingleNode("Slice", {X, ints({1, 0}), ints({3, 3})})[0],
                     Tensor::fromVector<float>({2, 3}, {4, 5, 6, 8, 9, 10}));
    // Negative step, clamped ends, axes given.
    expectTensorNear(runSingleNode("Slice", {X, ints({-1}), ints({INT64_MIN}), ints({1}), ints({-2})})[0],
                     Tensor::fromVector<float>({3, 2}, {3, 1, 7, 5, 11, 9}));
    expectTensorNear(runSingleNode("Slice", {X, ints({0, 1}), ints({100, 1000}), ints({-2, 1}), ints({2, 2})})[0],
                     Tensor::fromVector<float>({2, 2}, {1, 3, 9, 11}));
    EXPECT_EQ(runSingleNode("Slice", {X, ints({3}), ints({1})})[0].dims(), (std::vector<int64_t>{0, 4}));
    // Negative step from a start before the first element selects nothing (NumPy semantics).
    EXPECT_EQ(runSingleNode("Slice", {X, ints({-9}), ints({INT64_MIN}), ints({1}), ints({-1})})[0].dims(),
              (std::vector<int64_t>{3, 0}));
    expectNodeError("Slice", {X, ints({0}), ints({1}), ints({0}), ints({0})}, {}, ErrorKind::InvalidArgument, {"steps"});
    expectNodeError("Slice", {X, ints({0}), ints({1}), ints({5})}, {}, ErrorKind::InvalidArgument, {"axis 5"});
}

TEST(KernelsBShape, ShapeSizeConstants) {
    Tensor X = iota({2, 3, 4});
    expectTensorNear(runSingleNode("Shape", {X})[0], ints({2, 3, 4}), 0, 0);
    expectTensorNear(runSingleNode("Shape", {X}, {{"start", -2}})[0], ints({3, 4}), 0, 0);
    expectTensorNear(runSingleNode("Shape", {X}, {{"start", 1}, {"end", -1}})[0], ints({3}), 0, 0);
    expectTensorNear(runSingleNode("Shape", {X}, {{"start", 5}})[0], Tensor(DataType::Int64, {0}), 0, 0);
    expectTensorNear(runSingleNode("Size", {X})[0], Tensor::scalar<int64_t>(24), 0, 0);
    expectTensorNear(runSingleNode("ConstantOfShape", {ints({2, 2})}, {{"value", Tensor::fromVector<int32_t>({1}, {7})}})[0],
                     Tensor::fromVector<int32_t>({2, 2}, {7, 7, 7, 7}), 0, 0);
    expectTensorNear(runSingleNode("ConstantOfShape", {ints({3})})[0], Tensor::fromVector<float>({3}, {0, 0, 0}));
    expectTensorNear(runSingleNode("Constant", {}, {{"value", Tensor::fromVector<float>({2}, {1.5f, 2.5f})}})[0],
                     Tensor::fromVector<float>({2}, {1.5f, 2.5f}));
    expectTensorNear(runSingleNode("Range", {Tensor::scalar<int64_t>(10), Tensor::scalar<int64_t>(1),
                                             Tensor::scalar<int64_t>(-3)})[0],
                     ints({10, 7, 4}), 0, 0);
    expectTensorNear(runSingleNode("Range", {Tensor::scalar<float>(0), Tensor::scalar<float>(1), Tensor::scalar<float>(0.25f)})[0],
                     Tensor::fromVector<float>({4}, {0, 0.25f, 0.5f, 0.75f}));
    EXPECT_EQ(runSingleNode("Range", {Tensor::scalar<int32_t>(5), Tensor::scalar<int32_t>(1), Tensor::scalar<int32_t>(1)})[0]
                  .dims(),
              (std::vector<int64_t>{0}));
    expectNodeError("Range", {Tensor::scalar<int64_t>(0), Tensor::scalar<int64_t>(1), Tensor::scalar<int64_t>(0)}, {},
                    ErrorKind::InvalidArgument, {"delta"});
    expectNodeError("ConstantOfShape", {ints({int64_t(1) << 40, int64_t(1) << 30})}, {}, ErrorKind::ResourceLimit, {});
}

TEST(KernelsBShape, IdentityDropoutExpandTileTrilu) {
    Tensor X = iota({2, 3});
    auto id = runSingleNode("Identity", {X})[0];
    EXPECT_TRUE(id.sharesStorageWith(X));
    auto dr = runSingleNode("Dropout", {X}, {}, 2);
    expectTensorNear(dr[0], X);
    expectTensorNear(dr[1], Tensor::fromVector<bool>({2, 3}, {true, true, true, true, true, true}), 0, 0);
    expectNodeError("Dropout", {X, Tensor::scalar<float>(0.5f), Tensor::scalar<bool>(true)}, {}, ErrorKind::Unsupported,
                    {"training"});

    Tensor col = Tensor::fromVector<float>({3, 1}, {1, 2, 3});
    expectTensorNear(runSingleNode("Expand", {col, ints({2, 1, 2})})[0],
                     Tensor::fromVector<float>({2, 3, 2}, {1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3}));
    // Bidirectional: a 1 in shape keeps the input's dim.
    EXPECT_EQ(runSingleNode("Expand", {col, ints({1, 1})})[0].dims(), (std::vector<int64_t>{3, 1}));
    expectNodeError("Expand", {col, ints({2, 2})}, {}, ErrorKind::InvalidArgument, {"cannot expand"});

    expectTensorNear(runSingleNode("Tile", {Tensor::fromVector<float>({1, 2}, {1, 2}), ints({2, 2})})[0],
                     Tensor::fromVector<float>({2, 4}, {1, 2, 1, 2, 1, 2, 1, 2}));
    expectNodeError("Tile", {X, ints({2})}, {}, ErrorKind::InvalidArgument, {"repeats"});

    Tensor M = iota({3, 3});
    expectTensorNear(runSingleNode("Trilu", {M})[0], Tensor::fromVector<float>({3, 3}, {0, 1, 2, 0, 4, 5, 0, 0, 8}));
    expectTensorNear(runSingleNode("Trilu", {M, Tensor::scalar<int64_t>(-1)}, {{"upper", 0}})[0],
                     Tensor::fromVector<float>({3, 3}, {0, 0, 0, 3, 0, 0, 6, 7, 0}));
    expectTensorNear(runSingleNode("Trilu", {iota({2, 2, 3}), Tensor::scalar<int64_t>(1)})[0],
                     Tensor::fromVector<float>({2, 2, 3}, {0, 1, 2, 0, 0, 5, 0, 7, 8, 0, 0, 11}));
}

}  // namespace
