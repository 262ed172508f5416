// Gather/Scatter family: hand-computed cases from the ONNX operator docs, plus index errors.
#include <gtest/gtest.h>

#include "kernels_b_test_util.h"

using namespace kiln;
using namespace kiln::test;

namespace {

Tensor i64(std::vector<int64_t> dims, std::vector<int64_t> v) { return Tensor::fromVector<int64_t>(std::move(dims), v); }
Tensor f32(std::vector<int64_t> dims, std::vector<float> v) { return Tensor::fromVector<float>(std::move(dims), v); }

TEST(KernelsBGather, Gather) {
    Tensor data = f32({3, 2}, {1.0f, 1.2f, 2.3f, 3.4f, 4.5f, 5.7f});
    expectTensorNear(runSingleNode("Gather", {data, i64({2, 2}, {0, 1, 1, 2})})[0],
                     f32({2, 2, 2}, {1.0f, 1.2f, 2.3f, 3.4f, 2.3f, 3.4f, 4.5f, 5.7f}));
    Tensor d2 = f32({3, 3}, {1.0f, 1.2f, 1.9f, 2.3f, 3.4f, 3.9f, 4.5f, 5.7f, 5.9f});
    expectTensorNear(runSingleNode("Gather", {d2, i64({1, 2}, {0, -1})}, {{"axis", 1}})[0],
                     f32({3, 1, 2}, {1.0f, 1.9f, 2.3f, 3.9f, 4.5f, 5.9f}));
    // Scalar index drops the axis; int32 indices work.
    expectTensorNear(runSingleNode("Gather", {d2, Tensor::scalar<int32_t>(2)})[0], f32({3}, {4.5f, 5.7f, 5.9f}));
    expectNodeError("Gather", {d2, i64({2}, {0, 3})}, {}, ErrorKind::InvalidArgument, {"index 3", "size 3"});
    expectNodeError("Gather", {d2, i64({1}, {-4})}, {}, ErrorKind::InvalidArgument, {"index -4"});
    expectNodeError("Gather", {d2, f32({1}, {0})}, {}, ErrorKind::InvalidArgument, {"int64"});
}

TEST(KernelsBGather, GatherElements) {
    Tensor data = f32({2, 2}, {1, 2, 3, 4});
    expectTensorNear(runSingleNode("GatherElements", {data, i64({2, 2}, {0, 0, 1, 0})}, {{"axis", 1}})[0],
                     f32({2, 2}, {1, 1, 4, 3}));
    Tensor d3 = f32({3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
    expectTensorNear(runSingleNode("GatherElements", {d3, i64({2, 3}, {1, 2, 0, 2, 0, -3})})[0],
                     f32({2, 3}, {4, 8, 3, 7, 2, 3}));
    expectNodeError("GatherElements", {d3, i64({1, 1}, {3})}, {}, ErrorKind::InvalidArgument, {"index 3"});
}

TEST(KernelsBGather, GatherND) {
    Tensor data = i64({2, 2}, {0, 1, 2, 3});
    expectTensorNear(runSingleNode("GatherND", {data, i64({2, 2}, {0, 0, 1, 1})})[0], i64({2}, {0, 3}), 0, 0);
    expectTensorNear(runSingleNode("GatherND", {data, i64({2, 1}, {1, 0})})[0], i64({2, 2}, {2, 3, 0, 1}), 0, 0);
    Tensor d3 = i64({2, 2, 2}, {0, 1, 2, 3, 4, 5, 6, 7});
    expectTensorNear(runSingleNode("GatherND", {d3, i64({2, 1, 2}, {0, 1, 1, 0})})[0], i64({2, 1, 2}, {2, 3, 4, 5}), 0, 0);
    // batch_dims = 1.
    expectTensorNear(runSingleNode("GatherND", {d3, i64({2, 1}, {1, 0})}, {{"batch_dims", 1}})[0],
                     i64({2, 2}, {2, 3, 4, 5}), 0, 0);
    expectNodeError("GatherND", {data, i64({1, 3}, {0, 0, 0})}, {}, ErrorKind::InvalidArgument, {"last dim"});
    expectNodeError("GatherND", {data, i64({1, 2}, {0, 2})}, {}, ErrorKind::InvalidArgument, {"index 2"});
}

TEST(KernelsBScatter, ScatterND) {
    Tensor data = f32({8}, {1, 2, 3, 4, 5, 6, 7, 8});
    Tensor idx = i64({4, 1}, {4, 3, 1, 7});
    Tensor upd = f32({4}, {9, 10, 11, 12});
    expectTensorNear(runSingleNode("ScatterND", {data, idx, upd})[0], f32({8}, {1, 11, 3, 10, 9, 6, 7, 12}));
    Tensor dup = i64({2, 1}, {0, 0});
    expectTensorNear(runSingleNode("ScatterND", {data, dup, f32({2}, {5, 6})}, {{"reduction", "add"}})[0],
                     f32({8}, {12, 2, 3, 4, 5, 6, 7, 8}));
    expectTensorNear(runSingleNode("ScatterND", {data, dup, f32({2}, {5, 6})}, {{"reduction", "mul"}})[0],
                     f32({8}, {30, 2, 3, 4, 5, 6, 7, 8}));
    expectTensorNear(runSingleNode("ScatterND", {data, i64({1, 1}, {1}), f32({1}, {-1})}, {{"reduction", "max"}})[0], data);
    expectTensorNear(runSingleNode("ScatterND", {data, i64({1, 1}, {1}), f32({1}, {-1})}, {{"reduction", "min"}})[0],
                     f32({8}, {1, -1, 3, 4, 5, 6, 7, 8}));
    // Slices: data [2,3], indices [1,1] replaces row 1.
    expectTensorNear(runSingleNode("ScatterND", {f32({2, 3}, {0, 0, 0, 0, 0, 0}), i64({1, 1}, {-1}), f32({1, 3}, {1, 2, 3})})[0],
                     f32({2, 3}, {0, 0, 0, 1, 2, 3}));
    expectNodeError("ScatterND", {data, idx, f32({3}, {1, 2, 3})}, {}, ErrorKind::InvalidArgument, {"updates"});
    expectNodeError("ScatterND", {data, idx, upd}, {{"reduction", "avg"}}, ErrorKind::InvalidModel, {"avg"});
}

TEST(KernelsBScatter, ScatterElements) {
    Tensor data = f32({3, 3}, {0, 0, 0, 0, 0, 0, 0, 0, 0});
    Tensor idx = i64({2, 3}, {1, 0, 2, 0, 2, 1});
    Tensor upd = f32({2, 3}, {1.0f, 1.1f, 1.2f, 2.0f, 2.1f, 2.2f});
    expectTensorNear(runSingleNode("ScatterElements", {data, idx, upd})[0],
                     f32({3, 3}, {2.0f, 1.1f, 0, 1.0f, 0, 2.2f, 0, 2.1f, 1.2f}));
    Tensor row = f32({1, 5}, {1, 2, 3, 4, 5});
    expectTensorNear(runSingleNode("ScatterElements", {row, i64({1, 2}, {1, 1}), f32({1, 2}, {1.1f, 2.1f})},
                                   {{"axis", 1}, {"reduction", "add"}})[0],
                     f32({1, 5}, {1, 5.2f, 3, 4, 5}));
    expectTensorNear(runSingleNode("ScatterElements", {row, i64({1, 1}, {-2}), f32({1, 1}, {9})}, {{"axis", 1}})[0],
                     f32({1, 5}, {1, 2, 3, 9, 5}));
    expectNodeError("ScatterElements", {row, i64({1, 1}, {5}), f32({1, 1}, {9})}, {{"axis", 1}}, ErrorKind::InvalidArgument,
                    {"index 5"});
}

}  // namespace
