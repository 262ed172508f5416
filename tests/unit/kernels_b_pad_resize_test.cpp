// Pad and Resize: hand-computed cases (several from the ONNX operator docs) and errors.
#include <gtest/gtest.h>

#include "kernels_b_test_util.h"

using namespace kiln;
using namespace kiln::test;

namespace {

Tensor i64(std::vector<int64_t> v) { return Tensor::fromVector<int64_t>({int64_t(v.size())}, v); }
Tensor f32(std::vector<int64_t> dims, std::vector<float> v) { return Tensor::fromVector<float>(std::move(dims), v); }
const Tensor kNone;

TEST(KernelsBPad, Modes) {
    Tensor data = f32({3, 2}, {1.0f, 1.2f, 2.3f, 3.4f, 4.5f, 5.7f});
    expectTensorNear(runSingleNode("Pad", {data, i64({0, 2, 0, 0})})[0],
                     f32({3, 4}, {0, 0, 1.0f, 1.2f, 0, 0, 2.3f, 3.4f, 0, 0, 4.5f, 5.7f}));
    expectTensorNear(runSingleNode("Pad", {data, i64({0, 2, 0, 0}), Tensor::scalar<float>(9.f)})[0],
                     f32({3, 4}, {9, 9, 1.0f, 1.2f, 9, 9, 2.3f, 3.4f, 9, 9, 4.5f, 5.7f}));
    expectTensorNear(runSingleNode("Pad", {data, i64({0, 2, 0, 0})}, {{"mode", "reflect"}})[0],
                     f32({3, 4}, {1.0f, 1.2f, 1.0f, 1.2f, 2.3f, 3.4f, 2.3f, 3.4f, 4.5f, 5.7f, 4.5f, 5.7f}));
    expectTensorNear(runSingleNode("Pad", {data, i64({0, 2, 0, 0})}, {{"mode", "edge"}})[0],
                     f32({3, 4}, {1.0f, 1.0f, 1.0f, 1.2f, 2.3f, 2.3f, 2.3f, 3.4f, 4.5f, 4.5f, 4.5f, 5.7f}));
    expectTensorNear(runSingleNode("Pad", {data, i64({2, 1, 1, 1})}, {{"mode", "wrap"}})[0],
                     f32({6, 4}, {3.4f, 2.3f, 3.4f, 2.3f, 5.7f, 4.5f, 5.7f, 4.5f, 1.2f, 1.0f, 1.2f, 1.0f,
                                  3.4f, 2.3f, 3.4f, 2.3f, 5.7f, 4.5f, 5.7f, 4.5f, 1.2f, 1.0f, 1.2f, 1.0f}));
    // Reflect farther than the axis is long bounces back and forth: [1,2,3] padded by 4 on the left.
    expectTensorNear(runSingleNode("Pad", {f32({3}, {1, 2, 3}), i64({4, 0})}, {{"mode", "reflect"}})[0],
                     f32({7}, {1, 2, 3, 2, 1, 2, 3}));
}

TEST(KernelsBPad, AxesNegativePadsAndTypes) {
    Tensor data = f32({2, 3}, {1, 2, 3, 4, 5, 6});
    // axes = [-1]: pad the last axis only; negative end pad crops.
    expectTensorNear(runSingleNode("Pad", {data, i64({1, -1}), kNone, i64({-1})})[0], f32({2, 3}, {0, 1, 2, 0, 4, 5}));
    expectTensorNear(runSingleNode("Pad", {data, i64({-1, 0, 0, 0})})[0], f32({1, 3}, {4, 5, 6}));
    Tensor ints = Tensor::fromVector<int64_t>({2}, {7, 8});
    expectTensorNear(runSingleNode("Pad", {ints, i64({1, 1}), Tensor::scalar<int64_t>(-1)})[0],
                     Tensor::fromVector<int64_t>({4}, {-1, 7, 8, -1}), 0, 0);
    expectNodeError("Pad", {data, i64({1, 1})}, {}, ErrorKind::InvalidArgument, {"pads has 2 values"});
    expectNodeError("Pad", {data, i64({0, -4, 0, 0})}, {}, ErrorKind::InvalidArgument, {"below zero"});
    expectNodeError("Pad", {data, i64({0, 1, 0, 0})}, {{"mode", "mirror"}}, ErrorKind::InvalidModel, {"mirror"});
}

Tensor scales(std::vector<float> v) { return Tensor::fromVector<float>({int64_t(v.size())}, v); }

TEST(KernelsBResize, NearestAndLinear) {
    Tensor X = f32({1, 1, 2, 2}, {1, 2, 3, 4});
    expectTensorNear(runSingleNode("Resize", {X, kNone, scales({1, 1, 2, 3})})[0],
                     f32({1, 1, 4, 6}, {1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4}));
    expectTensorNear(runSingleNode("Resize", {X, kNone, scales({1, 1, 2, 2})}, {{"mode", "linear"}})[0],
                     f32({1, 1, 4, 4}, {1.0f, 1.25f, 1.75f, 2.0f, 1.5f, 1.75f, 2.25f, 2.5f, 2.5f, 2.75f, 3.25f, 3.5f,
                                        3.0f, 3.25f, 3.75f, 4.0f}));
    const float t = 1.0f / 3.0f;
    expectTensorNear(runSingleNode("Resize", {X, kNone, scales({1, 1, 2, 2})},
                                   {{"mode", "linear"}, {"coordinate_transformation_mode", "align_corners"}})[0],
                     f32({1, 1, 4, 4}, {1, 1 + t, 1 + 2 * t, 2, 1 + 2 * t, 2, 2 + t, 2 + 2 * t, 2 + t, 2 + 2 * t, 3,
                                        3 + t, 3, 3 + t, 3 + 2 * t, 4}),
                     1e-5, 1e-5);
    Tensor X2 = f32({1, 1, 2, 4}, {1, 2, 3, 4, 5, 6, 7, 8});
    expectTensorNear(runSingleNode("Resize", {X2, kNone, scales({1, 1, 0.6f, 0.6f})}, {{"mode", "linear"}})[0],
                     f32({1, 1, 1, 2}, {2.6666665f, 4.3333331f}), 1e-5, 1e-5);
    // Sizes + axes with nearest floor / asymmetric.
    expectTensorNear(runSingleNode("Resize", {f32({4}, {1, 2, 3, 4}), kNone, kNone, i64({2})},
                                   {{"coordinate_transformation_mode", "asymmetric"}, {"nearest_mode", "floor"}})[0],
                     f32({2}, {1, 3}));
    // nearest_mode ceil with asymmetric upsampling by 2: x = o / 2.
    expectTensorNear(runSingleNode("Resize", {f32({2}, {5, 7}), kNone, scales({2})},
                                   {{"coordinate_transformation_mode", "asymmetric"}, {"nearest_mode", "ceil"}})[0],
                     f32({4}, {5, 7, 7, 7}));
    // Integer nearest.
    expectTensorNear(runSingleNode("Resize", {Tensor::fromVector<uint8_t>({2}, {10, 20}), kNone, scales({2})})[0],
                     Tensor::fromVector<uint8_t>({4}, {10, 10, 20, 20}), 0, 0);
}

TEST(KernelsBResize, Cubic) {
    Tensor X = f32({4}, {1, 2, 4, 8});
    auto y = runSingleNode("Resize", {X, kNone, scales({2})},
                           {{"mode", "cubic"}, {"coordinate_transformation_mode", "asymmetric"}})[0];
    ASSERT_EQ(y.dims(), (std::vector<int64_t>{8}));
    // x = o/2: even outputs hit samples exactly; o = 1 and 3 use weights W(1.5) = -0.09375, W(0.5) = 0.59375.
    EXPECT_NEAR(y.data<float>()[0], 1, 1e-6);
    EXPECT_NEAR(y.data<float>()[2], 2, 1e-6);
    EXPECT_NEAR(y.data<float>()[1], 1.3125, 1e-6);
    EXPECT_NEAR(y.data<float>()[3], 2.71875, 1e-6);
    auto ex = runSingleNode("Resize", {X, kNone, scales({2})},
                            {{"mode", "cubic"}, {"coordinate_transformation_mode", "asymmetric"}, {"exclude_outside", 1}})[0];
    EXPECT_NEAR(ex.data<float>()[1], 1.40625 / 1.09375, 1e-6);
}

TEST(KernelsBResize, SizesPolicyAndCrop) {
    Tensor X = f32({1, 1, 2, 2}, {1, 2, 3, 4});
    auto y = runSingleNode("Resize", {X, kNone, kNone, i64({7, 8})},
                           {{"axes", std::vector<int64_t>{2, 3}}, {"keep_aspect_ratio_policy", "not_larger"}})[0];
    EXPECT_EQ(y.dims(), (std::vector<int64_t>{1, 1, 7, 7}));
    y = runSingleNode("Resize", {X, kNone, kNone, i64({7, 8})},
                      {{"axes", std::vector<int64_t>{2, 3}}, {"keep_aspect_ratio_policy", "not_smaller"}})[0];
    EXPECT_EQ(y.dims(), (std::vector<int64_t>{1, 1, 8, 8}));
    // tf_crop_and_resize: roi [0.5, 1.5] on a length-3 axis; x = 0.5*2 + o*(1)*2/(n-1) -> o = 0: 1, o = 1: 3 (outside).
    Tensor roi = scales({0.5f, 1.5f});
    auto c = runSingleNode("Resize", {f32({3}, {10, 20, 30}), roi, kNone, i64({2})},
                           {{"mode", "linear"}, {"coordinate_transformation_mode", "tf_crop_and_resize"},
                            {"extrapolation_value", 5.0f}})[0];
    expectTensorNear(c, f32({2}, {20, 5}));
}

TEST(KernelsBResize, Antialias) {
    // Expected values from the ONNX reference evaluator (onnx 1.23, opset 21).
    std::vector<float> v(16);
    for (int i = 0; i < 16; ++i) v[size_t(i)] = float(i + 1);
    Tensor X = f32({1, 1, 4, 4}, v);
    expectTensorNear(runSingleNode("Resize", {X, kNone, scales({1, 1, 0.6f, 0.6f})}, {{"mode", "linear"}, {"antialias", 1}})[0],
                     f32({1, 1, 2, 2}, {2.875f, 4.5f, 9.375f, 11.0f}), 1e-5, 1e-5);
    expectTensorNear(runSingleNode("Resize", {X, kNone, scales({1, 1, 0.6f, 0.6f})}, {{"mode", "cubic"}, {"antialias", 1}})[0],
                     f32({1, 1, 2, 2}, {2.5180695f, 4.2858858f, 9.5893354f, 11.357152f}), 1e-5, 1e-5);
}

TEST(KernelsBResize, Errors) {
    Tensor X = f32({1, 1, 2, 2}, {1, 2, 3, 4});
    expectNodeError("Resize", {X, kNone, scales({1, 1, 2, 2}), i64({1, 1, 4, 4})}, {}, ErrorKind::InvalidArgument,
                    {"exactly one"});
    expectNodeError("Resize", {X, kNone, scales({1, 2})}, {}, ErrorKind::InvalidArgument, {"scales has 2"});
    expectNodeError("Resize", {X, kNone, scales({1, 1, 2, 2})}, {{"mode", "bilinear"}}, ErrorKind::InvalidModel,
                    {"bilinear"});
    expectNodeError("Resize", {X, kNone, scales({1, 1, 1e10f, 1e10f})}, {}, ErrorKind::ResourceLimit, {});
}

}  // namespace
