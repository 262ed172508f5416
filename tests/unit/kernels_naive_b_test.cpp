// The oracle's family B kernels (kernels/cpu/naive) on hand-computed cases of the tricky semantics:
// padding (asymmetric, SAME_UPPER vs SAME_LOWER), grouped and dilated conv, ConvTranspose's
// output_padding/output_shape, ceil_mode and count_include_pad pooling, MaxPool's Indices,
// broadcasting Gemm/MatMul, negative indices, scatter reductions over duplicate indices, Slice's
// clamping, Reshape's 0/-1/allowzero, Resize's coordinate modes, empty tensors, the kiln:: fused ops.
// Every node runs alone on a CPU backend over a registry holding only the naive kernels; outputs are
// poisoned (tests/poison_outputs.cpp), so an unwritten element fails.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <set>

#include "kernels/cpu/naive/naive.h"
#include "kernels_b_test_util.h"

using namespace kiln;
using namespace kiln::test;

namespace {

const KernelRegistry& naiveRegistry() {
    static const KernelRegistry registry = [] {
        KernelRegistry r;
        naive::registerNaiveKernelsB(r);
        return r;
    }();
    return registry;
}

// Builds a one-node graph (an undefined Tensor is an omitted input) and runs it on the naive kernels.
std::vector<Tensor> runNaive(const std::string& op, const std::vector<Tensor>& inputs,
                             const std::map<std::string, Attribute>& attrs = {}, size_t numOutputs = 1,
                             const std::string& domain = "") {
    return runSingleNodeWith(
        [](const Graph& g, const TensorMap& feeds) {
            Executor exec(g, makeHostBackend("oracle", naiveRegistry()));
            RunOptions options;
            options.batchSplit = false;
            return exec.run(feeds, options);
        },
        op, inputs, attrs, numOutputs, domain);
}

Tensor run1(const std::string& op, const std::vector<Tensor>& inputs, const std::map<std::string, Attribute>& attrs = {}) {
    return runNaive(op, inputs, attrs).at(0);
}

Tensor f32(std::vector<int64_t> dims, std::vector<float> v) { return Tensor::fromVector<float>(std::move(dims), v); }
Tensor i64(std::vector<int64_t> dims, std::vector<int64_t> v) { return Tensor::fromVector<int64_t>(std::move(dims), v); }
Tensor i64v(std::vector<int64_t> v) { return i64({int64_t(v.size())}, v); }
Tensor iota(std::vector<int64_t> dims, float first = 1.f) {
    std::vector<float> v(size_t(Tensor::checkedNumel(dims, DataType::Float32, "iota")));
    for (size_t i = 0; i < v.size(); ++i) v[i] = first + float(i);
    return f32(std::move(dims), v);
}

void expectNaiveError(const std::string& op, const std::vector<Tensor>& inputs,
                      const std::map<std::string, Attribute>& attrs, ErrorKind kind, const std::string& fragment,
                      const std::string& domain = "") {
    try {
        runNaive(op, inputs, attrs, 1, domain);
        ADD_FAILURE() << op << ": expected an error containing '" << fragment << "'";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), kind) << e.what();
        EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("node 'node'"), std::string::npos) << e.what();
    }
}

}  // namespace

// ---- The registry -------------------------------------------------------------------------------

// The oracle accepts exactly the input types of the optimized kernel it checks (the `types` of its
// registration), so a backend comparison never meets a type only one side takes; plus, for
// kiln::FusedMatMul, fp16 and bf16, which the CUDA kernels store (the CPU's fused kernels are fp32).
TEST(KernelsNaiveB, RegistersTheOptimizedKernelsTypes) {
    const std::map<std::string, std::set<DataType>> gpuOnly = {
        {"kiln::FusedMatMul", {DataType::Float16, DataType::BFloat16}}};
    const std::vector<std::string> ops = naiveRegistry().opTypes();
    EXPECT_EQ(ops.size(), 36u);
    for (const std::string& name : ops) {
        const size_t sep = name.find("::");
        const std::string domain = sep == std::string::npos ? "" : name.substr(0, sep);
        const std::string op = sep == std::string::npos ? name : name.substr(sep + 2);
        const KernelDef* naive = naiveRegistry().find(op, domain);
        const KernelDef* optimized = cpuKernelRegistry().find(op, domain);
        ASSERT_TRUE(naive && optimized) << name;
        std::set<DataType> expected(optimized->types.begin(), optimized->types.end());
        if (auto it = gpuOnly.find(name); it != gpuOnly.end()) expected.insert(it->second.begin(), it->second.end());
        EXPECT_EQ(std::set<DataType>(naive->types.begin(), naive->types.end()), expected) << name;
    }
}

// ---- Conv / ConvTranspose -----------------------------------------------------------------------

TEST(KernelsNaiveB, ConvAsymmetricPads) {
    // pads [top, left, bottom, right] = [1, 0, 0, 1]: a zero row above, a zero column right.
    Tensor y = run1("Conv", {iota({1, 1, 3, 3}), f32({1, 1, 2, 2}, {1, 1, 1, 1})},
                    {{"pads", std::vector<int64_t>{1, 0, 0, 1}}});
    expectTensorNear(y, f32({1, 1, 3, 3}, {3, 5, 3, 12, 16, 9, 24, 28, 15}));
}

TEST(KernelsNaiveB, ConvSameUpperVersusSameLower) {
    // One unit of padding in total: at the end for SAME_UPPER, at the beginning for SAME_LOWER.
    Tensor x = f32({1, 1, 4}, {1, 2, 3, 4}), w = f32({1, 1, 2}, {1, 1});
    expectTensorNear(run1("Conv", {x, w}, {{"auto_pad", "SAME_UPPER"}}), f32({1, 1, 4}, {3, 5, 7, 4}));
    expectTensorNear(run1("Conv", {x, w}, {{"auto_pad", "SAME_LOWER"}}), f32({1, 1, 4}, {1, 3, 5, 7}));
    expectTensorNear(run1("Conv", {x, w}, {{"auto_pad", "VALID"}}), f32({1, 1, 3}, {3, 5, 7}));
}

TEST(KernelsNaiveB, ConvGroupedAndDilated) {
    Tensor x = f32({1, 2, 1, 5}, {1, 2, 3, 4, 5, 10, 20, 30, 40, 50});
    Tensor w = f32({2, 1, 1, 2}, {1, 1, 1, -1});
    Tensor y = run1("Conv", {x, w, f32({2}, {0.5f, -1.f})}, {{"group", 2}, {"dilations", std::vector<int64_t>{1, 2}}});
    expectTensorNear(y, f32({1, 2, 1, 3}, {4.5f, 6.5f, 8.5f, -21, -21, -21}));
}

TEST(KernelsNaiveB, ConvStrided3d) {
    // 3-D, stride 2 on every axis, 1x1x1 kernel: picks the even positions, scaled by 2.
    Tensor y = run1("Conv", {iota({1, 1, 3, 3, 3}, 0.f), f32({1, 1, 1, 1, 1}, {2})},
                    {{"strides", std::vector<int64_t>{2, 2, 2}}});
    expectTensorNear(y, f32({1, 1, 2, 2, 2}, {0, 4, 12, 16, 36, 40, 48, 52}));
}

TEST(KernelsNaiveB, ConvTransposeOutputPaddingPadsAndOutputShape) {
    Tensor x = f32({1, 1, 2}, {1, 2}), w = f32({1, 1, 2}, {1, 10}), b = f32({1}, {0.5f});
    const std::map<std::string, Attribute> base{{"strides", std::vector<int64_t>{2}},
                                                {"output_padding", std::vector<int64_t>{1}}};
    // y[2i + k] += x[i] * w[k]; output_padding adds one more (bias-only) position at the end.
    expectTensorNear(run1("ConvTranspose", {x, w, b}, base), f32({1, 1, 5}, {1.5f, 10.5f, 2.5f, 20.5f, 0.5f}));
    auto padded = base;
    padded["pads"] = std::vector<int64_t>{1, 0};
    expectTensorNear(run1("ConvTranspose", {x, w}, padded), f32({1, 1, 4}, {10, 2, 20, 0}));
    // output_shape 4: total padding 1, at the beginning (as SAME_LOWER) unless auto_pad is SAME_UPPER.
    auto shaped = base;
    shaped["output_shape"] = std::vector<int64_t>{4};
    expectTensorNear(run1("ConvTranspose", {x, w}, shaped), f32({1, 1, 4}, {10, 2, 20, 0}));
    shaped["auto_pad"] = "SAME_UPPER";
    expectTensorNear(run1("ConvTranspose", {x, w}, shaped), f32({1, 1, 4}, {1, 10, 2, 20}));
}

TEST(KernelsNaiveB, ConvTransposeGrouped) {
    // Two groups of one input channel, each producing two output channels.
    Tensor x = f32({1, 2, 2}, {1, 2, 3, 4});
    Tensor w = f32({2, 2, 1}, {1, 2, 3, 4});
    expectTensorNear(run1("ConvTranspose", {x, w}, {{"group", 2}}), f32({1, 4, 2}, {1, 2, 2, 4, 9, 12, 12, 16}));
}

TEST(KernelsNaiveB, ConvFp16RoundsOnce) {
    // 1 + 0.75 ulp (of fp16 at 1) is computed exactly and rounded to fp16 once: 1 + 1 ulp.
    Tensor x = Tensor(DataType::Float16, {1, 2, 1}), w = Tensor(DataType::Float16, {1, 2, 1});
    auto* xd = static_cast<uint16_t*>(x.raw());
    auto* wd = static_cast<uint16_t*>(w.raw());
    xd[0] = floatToHalf(1.f), xd[1] = floatToHalf(0.000732421875f);  // 1.5 * 2^-11
    wd[0] = wd[1] = floatToHalf(1.f);
    Tensor y = run1("Conv", {x, w});
    ASSERT_EQ(y.dtype(), DataType::Float16);
    EXPECT_EQ(halfToFloat(static_cast<uint16_t*>(y.raw())[0]), 1.f + 0.0009765625f);  // 1 + 2^-10
}

// ---- Pooling ------------------------------------------------------------------------------------

TEST(KernelsNaiveB, CeilModeDropsAWindowStartingInThePadding) {
    // span = 4 + 1 - 2 = 3, ceil(3/2) + 1 = 3 windows, but the third would start at 4, in the end
    // padding: dropped.
    Tensor x = f32({1, 1, 4}, {1, 2, 3, 4});
    const std::map<std::string, Attribute> attrs{{"kernel_shape", std::vector<int64_t>{2}},
                                                 {"strides", std::vector<int64_t>{2}},
                                                 {"pads", std::vector<int64_t>{0, 1}},
                                                 {"ceil_mode", 1}};
    expectTensorNear(run1("MaxPool", {x}, attrs), f32({1, 1, 2}, {2, 4}));
    // With a pad in front the third window starts at input 3 and stays.
    auto front = attrs;
    front["pads"] = std::vector<int64_t>{1, 1};
    expectTensorNear(run1("MaxPool", {x}, front), f32({1, 1, 3}, {1, 3, 4}));
}

TEST(KernelsNaiveB, AveragePoolCountIncludePadAndCeilMode) {
    Tensor x = f32({1, 1, 3}, {1, 2, 3});
    std::map<std::string, Attribute> attrs{{"kernel_shape", std::vector<int64_t>{3}}, {"pads", std::vector<int64_t>{1, 1}}};
    expectTensorNear(run1("AveragePool", {x}, attrs), f32({1, 1, 3}, {1.5f, 2, 2.5f}));
    attrs["count_include_pad"] = 1;
    expectTensorNear(run1("AveragePool", {x}, attrs), f32({1, 1, 3}, {1, 2, 5.f / 3}));
    // ceil_mode's extra window hangs past the input with no padding there: its outside tap is never
    // counted, count_include_pad or not.
    Tensor x5 = f32({1, 1, 5}, {1, 2, 3, 4, 5});
    std::map<std::string, Attribute> ceil{{"kernel_shape", std::vector<int64_t>{2}},
                                          {"strides", std::vector<int64_t>{2}},
                                          {"ceil_mode", 1}};
    expectTensorNear(run1("AveragePool", {x5}, ceil), f32({1, 1, 3}, {1.5f, 3.5f, 5}));
    ceil["count_include_pad"] = 1;
    expectTensorNear(run1("AveragePool", {x5}, ceil), f32({1, 1, 3}, {1.5f, 3.5f, 5}));
}

TEST(KernelsNaiveB, MaxPoolIndicesAndStorageOrder) {
    // Two channels of [[1, 2, 9], [4, 6, 5]] (the second + 10); 2x2 windows at columns 0 and 1.
    Tensor x = f32({1, 2, 2, 3}, {1, 2, 9, 4, 6, 5, 11, 12, 19, 14, 16, 15});
    const std::map<std::string, Attribute> attrs{{"kernel_shape", std::vector<int64_t>{2, 2}}};
    auto rowMajor = runNaive("MaxPool", {x}, attrs, 2);
    expectTensorNear(rowMajor[0], f32({1, 2, 1, 2}, {6, 9, 16, 19}));
    expectTensorNear(rowMajor[1], i64({1, 2, 1, 2}, {4, 2, 10, 8}));
    auto colAttrs = attrs;
    colAttrs["storage_order"] = 1;  // spatial part column-major: h + w * H; N and C still row-major
    auto colMajor = runNaive("MaxPool", {x}, colAttrs, 2);
    expectTensorNear(colMajor[1], i64({1, 2, 1, 2}, {3, 4, 9, 10}));
}

TEST(KernelsNaiveB, MaxPoolDilatedAndNan) {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    Tensor x = f32({1, 1, 5}, {1, nan, 3, 0, 2});
    Tensor y = run1("MaxPool", {x}, {{"kernel_shape", std::vector<int64_t>{2}}, {"dilations", std::vector<int64_t>{2}}});
    expectTensorNear(y, f32({1, 1, 3}, {3, nan, 3}));  // taps (0,2), (1,3), (2,4); NaN propagates
}

TEST(KernelsNaiveB, GlobalPools) {
    Tensor x = f32({1, 2, 2, 2}, {1, 2, 3, 6, -1, -5, -3, -7});
    expectTensorNear(run1("GlobalAveragePool", {x}), f32({1, 2, 1, 1}, {3, -4}));
    expectTensorNear(run1("GlobalMaxPool", {x}), f32({1, 2, 1, 1}, {6, -1}));
}

// ---- Gemm / MatMul / Einsum ---------------------------------------------------------------------

TEST(KernelsNaiveB, GemmBroadcastC) {
    Tensor a = f32({2, 3}, {1, 2, 3, 4, 5, 6}), b = f32({2, 3}, {1, 0, 1, 0, 1, 0});
    const std::map<std::string, Attribute> attrs{{"transB", 1}, {"alpha", 0.5f}, {"beta", 2.f}};
    // alpha * A·B^T = [[2, 1], [5, 2.5]]
    expectTensorNear(run1("Gemm", {a, b, f32({2}, {1, -1})}, attrs), f32({2, 2}, {4, -1, 7, 0.5f}));
    expectTensorNear(run1("Gemm", {a, b, f32({2, 1}, {1, 3})}, attrs), f32({2, 2}, {4, 3, 11, 8.5f}));
    expectTensorNear(run1("Gemm", {a, b, f32({}, {1})}, attrs), f32({2, 2}, {4, 3, 7, 4.5f}));
    // transA: A^T of a [3, 2] input.
    Tensor at = f32({3, 2}, {1, 4, 2, 5, 3, 6});
    expectTensorNear(run1("Gemm", {at, b}, {{"transA", 1}, {"transB", 1}}), f32({2, 2}, {4, 2, 10, 5}));
}

TEST(KernelsNaiveB, GemmInt32Wraps) {
    Tensor a = Tensor::fromVector<int32_t>({1, 2}, {65536, 65536}), b = Tensor::fromVector<int32_t>({2, 1}, {32768, 32768});
    Tensor y = run1("Gemm", {a, b});  // 2^32: wraps to 0 in int32
    EXPECT_EQ(y.data<int32_t>()[0], 0);
}

TEST(KernelsNaiveB, MatMulVectorsAndBatchBroadcast) {
    Tensor v = f32({3}, {1, 2, 3});
    Tensor dot = run1("MatMul", {v, f32({3}, {4, 5, 6})});
    EXPECT_EQ(dot.dims(), std::vector<int64_t>{});
    EXPECT_EQ(dot.data<float>()[0], 32.f);
    // Batch dims [2, 1] and [3] broadcast to [2, 3].
    Tensor a = f32({2, 1, 1, 2}, {1, 2, 3, 4});
    Tensor b = f32({3, 2, 1}, {1, 1, 1, 0, 0, 1});
    expectTensorNear(run1("MatMul", {a, b}), f32({2, 3, 1, 1}, {3, 1, 2, 7, 3, 4}));
    expectTensorNear(run1("MatMul", {f32({2}, {1, 2}), b}), f32({3, 1}, {3, 1, 2}));
    expectTensorNear(run1("MatMul", {iota({2, 3}), v}), f32({2}, {14, 32}));
    // K = 0: an empty sum is 0.
    expectTensorNear(run1("MatMul", {f32({2, 0}, {}), f32({0, 3}, {})}), f32({2, 3}, {0, 0, 0, 0, 0, 0}));
}

TEST(KernelsNaiveB, Einsum) {
    Tensor m = iota({2, 2});
    expectTensorNear(run1("Einsum", {m, m}, {{"equation", "ij,jk->ik"}}), f32({2, 2}, {7, 10, 15, 22}));
    Tensor trace = run1("Einsum", {m}, {{"equation", "ii"}});  // implicit: a repeated label is summed
    EXPECT_EQ(trace.dims(), std::vector<int64_t>{});
    EXPECT_EQ(trace.data<float>()[0], 5.f);
    expectTensorNear(run1("Einsum", {m}, {{"equation", "ii->i"}}), f32({2}, {1, 4}));
    expectTensorNear(run1("Einsum", {m}, {{"equation", "ba"}}), f32({2, 2}, {1, 3, 2, 4}));  // output "ab"
    Tensor batch = iota({2, 1, 2});
    expectTensorNear(run1("Einsum", {batch, m}, {{"equation", "...ij,jk->...ik"}}), f32({2, 1, 2}, {7, 10, 15, 22}));
}

// ---- Gather / Scatter ---------------------------------------------------------------------------

TEST(KernelsNaiveB, GatherNegativeIndices) {
    Tensor data = iota({3, 2});
    expectTensorNear(run1("Gather", {data, i64v({-1, 0})}), f32({2, 2}, {5, 6, 1, 2}));
    expectTensorNear(run1("Gather", {data, i64({1, 1}, {-1})}, {{"axis", 1}}), f32({3, 1, 1}, {2, 4, 6}));
    expectTensorNear(run1("Gather", {data, i64({}, {-2})}), f32({2}, {3, 4}));
    expectNaiveError("Gather", {data, i64v({-4})}, {}, ErrorKind::InvalidArgument, "out of range");
    expectTensorNear(run1("GatherElements", {data, i64({3, 1}, {-1, 0, -2})}, {{"axis", 1}}), f32({3, 1}, {2, 3, 5}));
}

TEST(KernelsNaiveB, GatherNDBatchDims) {
    Tensor data = iota({2, 2, 2});
    expectTensorNear(run1("GatherND", {data, i64({2, 1}, {1, 0})}, {{"batch_dims", 1}}), f32({2, 2}, {3, 4, 5, 6}));
    expectTensorNear(run1("GatherND", {data, i64({2, 2}, {0, -1, 1, 0})}), f32({2, 2}, {3, 4, 5, 6}));
}

TEST(KernelsNaiveB, ScatterNDDuplicateIndicesAndReductions) {
    Tensor data = f32({4}, {1, 2, 3, 4});
    Tensor idx = i64({3, 1}, {1, 1, 3});
    Tensor upd = f32({3}, {10, 20, 30});
    expectTensorNear(run1("ScatterND", {data, idx, upd}), f32({4}, {1, 20, 3, 30}));  // the last one wins
    expectTensorNear(run1("ScatterND", {data, idx, upd}, {{"reduction", "add"}}), f32({4}, {1, 32, 3, 34}));
    expectTensorNear(run1("ScatterND", {data, idx, upd}, {{"reduction", "mul"}}), f32({4}, {1, 400, 3, 120}));
    expectTensorNear(run1("ScatterND", {data, idx, upd}, {{"reduction", "max"}}), f32({4}, {1, 20, 3, 30}));
    expectTensorNear(run1("ScatterND", {data, idx, upd}, {{"reduction", "min"}}), f32({4}, {1, 2, 3, 4}));
    Tensor idata = Tensor::fromVector<int8_t>({2}, {-100, 5});
    Tensor iupd = Tensor::fromVector<int8_t>({2}, {-100, -7});
    Tensor y = run1("ScatterND", {idata, i64({2, 1}, {0, 1}), iupd}, {{"reduction", "min"}});
    EXPECT_EQ(y.data<int8_t>()[0], -100);
    EXPECT_EQ(y.data<int8_t>()[1], -7);
    y = run1("ScatterND", {idata, i64({2, 1}, {0, 1}), iupd}, {{"reduction", "add"}});
    EXPECT_EQ(y.data<int8_t>()[0], 56);  // -200 wraps in int8
}

TEST(KernelsNaiveB, ScatterElementsNegativeIndices) {
    Tensor data = f32({2, 3}, {0, 0, 0, 0, 0, 0});
    Tensor y = run1("ScatterElements", {data, i64({2, 2}, {-1, 0, 1, -1}), f32({2, 2}, {1, 2, 3, 4})},
                    {{"axis", 1}, {"reduction", "add"}});
    expectTensorNear(y, f32({2, 3}, {2, 0, 1, 0, 3, 4}));
}

// ---- Shape ops / Slice / Concat -----------------------------------------------------------------

TEST(KernelsNaiveB, SliceNegativeStepsAndClampedEnds) {
    Tensor data = iota({5}, 0.f);
    auto slice = [&](int64_t s, int64_t e, int64_t step) {
        return run1("Slice", {data, i64v({s}), i64v({e}), i64v({0}), i64v({step})});
    };
    expectTensorNear(slice(-1, -100, -2), f32({3}, {4, 2, 0}));
    expectTensorNear(slice(10, 1, -1), f32({3}, {4, 3, 2}));
    expectTensorNear(slice(1, 1000, 1), f32({4}, {1, 2, 3, 4}));
    expectTensorNear(slice(3, 1, 1), f32({0}, {}));
    // The spec clamps a negative-step start into [0, dim - 1]: -10 becomes 0, which selects element 0.
    expectTensorNear(slice(-10, -100, -1), f32({1}, {0}));
    Tensor m = iota({2, 3});
    expectTensorNear(run1("Slice", {m, i64v({-1}), i64v({0}), i64v({-1}), i64v({-1})}), f32({2, 2}, {3, 2, 6, 5}));
}

TEST(KernelsNaiveB, ReshapeZeroMinusOneAllowZero) {
    Tensor data = iota({2, 3, 4});
    EXPECT_EQ(run1("Reshape", {data, i64v({0, -1})}).dims(), (std::vector<int64_t>{2, 12}));
    EXPECT_EQ(run1("Reshape", {data, i64v({-1, 0, 2})}).dims(), (std::vector<int64_t>{4, 3, 2}));
    Tensor empty = f32({0, 4}, {});
    EXPECT_EQ(run1("Reshape", {empty, i64v({4, 0})}, {{"allowzero", 1}}).dims(), (std::vector<int64_t>{4, 0}));
    // Without allowzero the 0 copies dim 1 (4): 16 elements are not 0.
    expectNaiveError("Reshape", {empty, i64v({4, 0})}, {}, ErrorKind::InvalidArgument, "cannot reshape");
    expectNaiveError("Reshape", {empty, i64v({0, -1})}, {{"allowzero", 1}}, ErrorKind::InvalidArgument, "-1");
    // The dims' product is overflow-checked: [2^63-1, 2^63-1] wrapped to 1 and matched one element.
    expectNaiveError("Reshape", {f32({1}, {1}), i64v({INT64_MAX, INT64_MAX})}, {}, ErrorKind::InvalidArgument,
                     "overflows");
}

TEST(KernelsNaiveB, ShapeOps) {
    Tensor data = iota({2, 3, 4});
    expectTensorNear(run1("Shape", {data}, {{"start", -2}}), i64v({3, 4}));
    expectTensorNear(run1("Shape", {data}, {{"start", 2}, {"end", 1}}), i64({0}, {}));
    expectTensorNear(run1("Transpose", {iota({2, 3})}, {{"perm", std::vector<int64_t>{1, 0}}}), f32({3, 2}, {1, 4, 2, 5, 3, 6}));
    expectTensorNear(run1("Expand", {f32({3, 1}, {1, 2, 3}), i64v({2, 1, 2})}), f32({2, 3, 2}, {1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3}));
    expectTensorNear(run1("Range", {f32({}, {1}), f32({}, {2}), f32({}, {0.25f})}), f32({4}, {1, 1.25f, 1.5f, 1.75f}));
    expectTensorNear(run1("Range", {i64({}, {10}), i64({}, {3}), i64({}, {-3})}), i64v({10, 7, 4}));
    expectTensorNear(run1("Tile", {f32({2}, {1, 2}), i64v({3})}), f32({6}, {1, 2, 1, 2, 1, 2}));
    expectTensorNear(run1("Trilu", {iota({2, 3}), i64({}, {-1})}, {{"upper", 0}}), f32({2, 3}, {0, 0, 0, 4, 0, 0}));
    expectTensorNear(run1("Trilu", {iota({2, 3}), i64({}, {1})}), f32({2, 3}, {0, 2, 3, 0, 0, 6}));
}

TEST(KernelsNaiveB, ConcatAndSplitWithEmptyParts) {
    Tensor y = run1("Concat", {iota({2, 1}), f32({2, 0}, {}), iota({2, 2}, 10)}, {{"axis", -1}});
    expectTensorNear(y, f32({2, 3}, {1, 10, 11, 2, 12, 13}));
    auto parts = runNaive("Split", {iota({5}), i64v({2, 0, 3})}, {}, 3);
    expectTensorNear(parts[0], f32({2}, {1, 2}));
    expectTensorNear(parts[1], f32({0}, {}));
    expectTensorNear(parts[2], f32({3}, {3, 4, 5}));
    auto chunks = runNaive("Split", {iota({5})}, {{"num_outputs", 2}}, 2);  // ceil(5 / 2) = 3, then 2
    expectTensorNear(chunks[0], f32({3}, {1, 2, 3}));
    expectTensorNear(chunks[1], f32({2}, {4, 5}));
}

TEST(KernelsNaiveB, PadModes) {
    Tensor x = f32({3}, {1, 2, 3});
    auto pad = [&](const char* mode, std::vector<int64_t> pads) { return run1("Pad", {x, i64v(pads)}, {{"mode", mode}}); };
    expectTensorNear(pad("constant", {2, 1}), f32({6}, {0, 0, 1, 2, 3, 0}));
    expectTensorNear(pad("reflect", {2, 3}), f32({8}, {3, 2, 1, 2, 3, 2, 1, 2}));
    expectTensorNear(pad("edge", {2, 1}), f32({6}, {1, 1, 1, 2, 3, 3}));
    expectTensorNear(pad("wrap", {2, 4}), f32({9}, {2, 3, 1, 2, 3, 1, 2, 3, 1}));
    expectTensorNear(pad("constant", {-1, 1}), f32({3}, {2, 3, 0}));
    Tensor m = iota({2, 2});
    expectTensorNear(run1("Pad", {m, i64v({1, 0}), f32({}, {9}), i64v({-1})}), f32({2, 3}, {9, 1, 2, 9, 3, 4}));
}

// ---- Resize ---------------------------------------------------------------------------------------

namespace {
Tensor resize(const Tensor& x, const std::map<std::string, Attribute>& attrs, const Tensor& scales,
              const Tensor& sizes = Tensor(), const Tensor& roi = Tensor()) {
    return run1("Resize", {x, roi, scales, sizes}, attrs);
}
}  // namespace

TEST(KernelsNaiveB, ResizeLinearCoordinateModes) {
    Tensor x = f32({2}, {0, 10});
    Tensor scale2 = f32({1}, {2});
    auto mode = [](const char* coord) {
        return std::map<std::string, Attribute>{{"mode", "linear"}, {"coordinate_transformation_mode", coord}};
    };
    expectTensorNear(resize(x, mode("asymmetric"), scale2), f32({4}, {0, 5, 10, 10}));
    expectTensorNear(resize(x, mode("half_pixel"), scale2), f32({4}, {0, 2.5f, 7.5f, 10}));
    expectTensorNear(resize(x, mode("align_corners"), scale2), f32({4}, {0, 10.f / 3, 20.f / 3, 10}));
    expectTensorNear(resize(x, mode("half_pixel_symmetric"), scale2), f32({4}, {0, 2.5f, 7.5f, 10}));
    // To one element: pytorch_half_pixel samples x = 0, half_pixel the middle (x = 0.5).
    expectTensorNear(resize(x, mode("pytorch_half_pixel"), Tensor(), i64v({1})), f32({1}, {0}));
    expectTensorNear(resize(x, mode("half_pixel"), Tensor(), i64v({1})), f32({1}, {5}));
}

TEST(KernelsNaiveB, ResizeTfCropAndResize) {
    Tensor x = f32({5}, {0, 10, 20, 30, 40});
    std::map<std::string, Attribute> attrs{{"mode", "linear"}, {"coordinate_transformation_mode", "tf_crop_and_resize"}};
    // x = 0.2 * 4 + o * 0.4 * 4 / 2
    expectTensorNear(resize(x, attrs, Tensor(), i64v({3}), f32({2}, {0.2f, 0.6f})), f32({3}, {8, 16, 24}));
    attrs["extrapolation_value"] = -1.f;  // x = 2, 4, 6: the last is past the input
    expectTensorNear(resize(x, attrs, Tensor(), i64v({3}), f32({2}, {0.5f, 1.5f})), f32({3}, {20, 40, -1}));
}

TEST(KernelsNaiveB, ResizeNearestModes) {
    Tensor x = f32({4}, {0, 1, 2, 3});
    std::map<std::string, Attribute> attrs{{"coordinate_transformation_mode", "asymmetric"}};
    Tensor sizes = i64v({8});  // x = o / 2: every other one a tie
    attrs["nearest_mode"] = "round_prefer_floor";
    expectTensorNear(resize(x, attrs, Tensor(), sizes), f32({8}, {0, 0, 1, 1, 2, 2, 3, 3}));
    attrs["nearest_mode"] = "round_prefer_ceil";
    expectTensorNear(resize(x, attrs, Tensor(), sizes), f32({8}, {0, 1, 1, 2, 2, 3, 3, 3}));
    // Integers are copied exactly.
    Tensor big = i64v({int64_t(1) << 60, 7});
    expectTensorNear(resize(big, {}, f32({1}, {2})), i64v({int64_t(1) << 60, int64_t(1) << 60, 7, 7}));
}

TEST(KernelsNaiveB, ResizeCubicAndAntialias) {
    // Upsampling at integer positions reproduces the input (cubic(0) = 1, cubic(+-1) = cubic(2) = 0).
    Tensor x = f32({4}, {0, 10, 20, 30});
    Tensor y = resize(x, {{"mode", "cubic"}, {"coordinate_transformation_mode", "asymmetric"}}, f32({1}, {2}));
    EXPECT_FLOAT_EQ(y.data<float>()[2], 10.f);
    EXPECT_FLOAT_EQ(y.data<float>()[4], 20.f);
    // Antialiased linear downsampling by 2: the triangle widens to 4 taps, weights 1:3:3:1.
    Tensor aa = resize(x, {{"mode", "linear"}, {"antialias", 1}}, f32({1}, {0.5f}));
    expectTensorNear(aa, f32({2}, {6.25f, 23.75f}));
}

TEST(KernelsNaiveB, ResizeAxesAndKeepAspectRatio) {
    Tensor x = iota({1, 2, 4});
    // not_larger: one scale min(4/2, 4/4) = 1 for both listed axes.
    Tensor y = resize(x, {{"axes", std::vector<int64_t>{1, 2}}, {"keep_aspect_ratio_policy", "not_larger"}}, Tensor(),
                      i64v({4, 4}));
    EXPECT_EQ(y.dims(), (std::vector<int64_t>{1, 2, 4}));
    y = resize(x, {{"axes", std::vector<int64_t>{-1}}, {"mode", "nearest"}}, f32({1}, {0.5f}));
    expectTensorNear(y, f32({1, 2, 2}, {1, 3, 5, 7}));  // half_pixel: x = 2o + 0.5, ties round down
}

// ---- Empty tensors ------------------------------------------------------------------------------

TEST(KernelsNaiveB, EmptyTensors) {
    EXPECT_EQ(run1("Conv", {f32({0, 1, 3}, {}), f32({2, 1, 2}, {1, 1, 1, 1})}).dims(), (std::vector<int64_t>{0, 2, 2}));
    EXPECT_EQ(run1("Gather", {iota({3, 2}), i64({0}, {})}).dims(), (std::vector<int64_t>{0, 2}));
    EXPECT_EQ(run1("MaxPool", {f32({0, 2, 4}, {})}, {{"kernel_shape", std::vector<int64_t>{2}}}).dims(),
              (std::vector<int64_t>{0, 2, 3}));
    EXPECT_EQ(run1("Transpose", {f32({0, 3}, {})}).dims(), (std::vector<int64_t>{3, 0}));
    EXPECT_EQ(run1("Tile", {iota({2}), i64v({0})}).dims(), (std::vector<int64_t>{0}));
    EXPECT_EQ(run1("ScatterND", {iota({3}), i64({0, 1}, {}), f32({0}, {})}).dims(), (std::vector<int64_t>{3}));
    EXPECT_EQ(run1("Einsum", {f32({0, 3}, {})}, {{"equation", "ij->j"}}).numel(), 3);
}

// ---- kiln:: fused ops ---------------------------------------------------------------------------

TEST(KernelsNaiveB, FusedMatMulBiasResidualActivation) {
    Tensor a = f32({2, 2}, {1, 2, 3, 4}), b = f32({2, 2}, {1, 0, 0, 1});
    Tensor bias = f32({2}, {-2, 1}), z = f32({2, 1}, {-1, 1});
    Tensor y = runNaive("FusedMatMul", {a, b, bias, z},
                        {{"activation", "LeakyRelu"}, {"activation_params", std::vector<float>{0.5f}}}, 1, "kiln")[0];
    // A + bias + z = [[-2, 2], [2, 6]] -> LeakyRelu(0.5)
    expectTensorNear(y, f32({2, 2}, {-1, 2, 2, 6}));
    // Gemm form: alpha * A^T * B.
    y = runNaive("FusedMatMul", {a, b}, {{"transA", 1}, {"alpha", 2.f}, {"activation", "Relu"}}, 1, "kiln")[0];
    expectTensorNear(y, f32({2, 2}, {2, 6, 4, 8}));
}

TEST(KernelsNaiveB, FusedConvResidualClip) {
    Tensor x = f32({1, 1, 3}, {1, 2, 3}), w = f32({1, 1, 1}, {2}), b = f32({1}, {1});
    Tensor z = f32({1, 1, 3}, {0, -10, 10});
    Tensor y = runNaive("FusedConv", {x, w, b, z}, {{"activation", "Clip"}, {"activation_params", std::vector<float>{0, 6}}},
                        1, "kiln")[0];
    expectTensorNear(y, f32({1, 1, 3}, {3, 0, 6}));
    expectNaiveError("FusedConv", {x, w, b, f32({1, 1, 1}, {0})}, {{"activation", "None"}}, ErrorKind::InvalidArgument,
                     "residual", "kiln");
}

// ---- A quick sanity comparison with the optimized kernels ---------------------------------------
// (The cross-backend harness with awkward shapes is elsewhere; this only catches gross disagreement.)

namespace {
struct Comparison {
    std::string op;
    std::vector<Tensor> inputs;
    std::map<std::string, Attribute> attrs;
};

void expectSameAsOptimized(const Comparison& c, double tol = 1e-4) {
    SCOPED_TRACE(c.op);
    const Tensor naive = run1(c.op, c.inputs, c.attrs);
    const Tensor optimized = runSingleNode(c.op, c.inputs, c.attrs).at(0);
    expectTensorNear(naive, optimized, tol, tol);
}

std::map<std::string, Attribute> ints(const std::map<std::string, std::vector<int64_t>>& m) {
    std::map<std::string, Attribute> out;
    for (const auto& [k, v] : m) out[k] = v;
    return out;
}
}  // namespace

TEST(KernelsNaiveB, AgreesWithOptimizedConvAndPool) {
    const Tensor x2 = randomTensor({2, 4, 7, 6}, 1), x1 = randomTensor({1, 3, 11}, 2), x3 = randomTensor({1, 2, 5, 4, 6}, 3);
    expectSameAsOptimized({"Conv", {x2, randomTensor({6, 2, 3, 2}, 4), randomTensor({6}, 5)},
                           {{"group", 2}, {"pads", std::vector<int64_t>{1, 0, 2, 1}}, {"strides", std::vector<int64_t>{2, 1}},
                            {"dilations", std::vector<int64_t>{1, 2}}}});
    expectSameAsOptimized({"Conv", {x2, randomTensor({4, 1, 3, 3}, 6)}, {{"group", 4}, {"auto_pad", "SAME_LOWER"}}});
    expectSameAsOptimized({"Conv", {x1, randomTensor({5, 3, 4}, 7)}, {{"auto_pad", "SAME_UPPER"}, {"strides", std::vector<int64_t>{3}}}});
    expectSameAsOptimized({"Conv", {x3, randomTensor({3, 2, 2, 3, 2}, 8)}, ints({{"pads", {0, 1, 1, 1, 0, 0}}})});
    expectSameAsOptimized({"ConvTranspose", {x2, randomTensor({4, 3, 3, 2}, 9), randomTensor({6}, 10)},
                           {{"group", 2}, {"strides", std::vector<int64_t>{2, 3}}, {"output_padding", std::vector<int64_t>{1, 2}},
                            {"pads", std::vector<int64_t>{1, 0, 0, 2}}, {"dilations", std::vector<int64_t>{2, 1}}}});
    expectSameAsOptimized({"ConvTranspose", {x1, randomTensor({3, 2, 3}, 11)},
                           {{"strides", std::vector<int64_t>{2}}, {"output_shape", std::vector<int64_t>{20}}}});
    expectSameAsOptimized({"MaxPool", {x2}, ints({{"kernel_shape", {3, 2}}, {"strides", {2, 2}}, {"pads", {1, 1, 1, 0}}})});
    expectSameAsOptimized({"MaxPool", {x3}, {{"kernel_shape", std::vector<int64_t>{2, 2, 3}}, {"ceil_mode", 1},
                                             {"strides", std::vector<int64_t>{2, 2, 2}}, {"dilations", std::vector<int64_t>{1, 2, 1}}}});
    expectSameAsOptimized({"AveragePool", {x2}, {{"kernel_shape", std::vector<int64_t>{3, 3}}, {"ceil_mode", 1},
                                                 {"strides", std::vector<int64_t>{2, 2}}, {"pads", std::vector<int64_t>{1, 1, 1, 1}},
                                                 {"count_include_pad", 1}}});
    expectSameAsOptimized({"AveragePool", {x1}, {{"kernel_shape", std::vector<int64_t>{4}}, {"auto_pad", "SAME_UPPER"},
                                                 {"strides", std::vector<int64_t>{2}}}});
}

TEST(KernelsNaiveB, AgreesWithOptimizedResize) {
    const Tensor x = randomTensor({1, 2, 5, 7}, 12);
    for (const char* mode : {"nearest", "linear", "cubic"})
        for (const char* coord : {"half_pixel", "half_pixel_symmetric", "pytorch_half_pixel", "align_corners", "asymmetric",
                                  "tf_crop_and_resize"})
            for (float scale : {0.6f, 1.7f}) {
                SCOPED_TRACE(std::string(mode) + " " + coord + " " + std::to_string(scale));
                const Tensor roi = f32({8}, {0, 0, 0.1f, 0.3f, 1, 1, 0.8f, 0.9f});
                expectSameAsOptimized({"Resize", {x, roi, f32({4}, {1, 1, scale, 1.f / scale}), Tensor()},
                                       {{"mode", mode}, {"coordinate_transformation_mode", coord},
                                        {"exclude_outside", std::string(mode) == "cubic" ? 1 : 0}}});
            }
    for (const char* mode : {"linear", "cubic"}) {
        SCOPED_TRACE(std::string("antialias ") + mode);
        expectSameAsOptimized({"Resize", {x, Tensor(), f32({4}, {1, 1, 0.6f, 0.35f}), Tensor()},
                               {{"mode", mode}, {"antialias", 1}}});
    }
}

TEST(KernelsNaiveB, AgreesWithOptimizedMatMulFamily) {
    expectSameAsOptimized({"MatMul", {randomTensor({3, 1, 4, 5}, 13), randomTensor({2, 5, 6}, 14)}, {}});
    expectSameAsOptimized({"Gemm", {randomTensor({5, 4}, 15), randomTensor({6, 5}, 16), randomTensor({4, 1}, 17)},
                           {{"transA", 1}, {"transB", 1}, {"alpha", 0.7f}, {"beta", -1.5f}}});
    expectSameAsOptimized({"Einsum", {randomTensor({2, 3, 4}, 18), randomTensor({4, 3, 5}, 19)}, {{"equation", "bij,jik->bk"}}});
    expectSameAsOptimized({"Einsum", {randomTensor({3, 3, 2}, 20)}, {{"equation", "iij->j"}}});
}
