// 2:4 structured sparsity: the pattern check and magnitude pruning of one tensor along an axis
// (engine_core/sparsity/structured_sparsity.h), and the model-level analysis and pruning of Conv,
// Gemm and MatMul weights in ONNX files (model_sparsity.h).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>

#include "engine_core/ir/datatype.h"
#include "engine_core/sparsity/model_sparsity.h"
#include "engine_core/sparsity/structured_sparsity.h"
#include "onnx_test_util.h"

namespace kiln {
namespace {

using test::ModelBuilder;
using test::TempDir;

std::vector<float> values(const Tensor& t) {
    return t.toFloatVector();
}

TEST(StructuredSparsity, HandMade2to4WeightIsDetected) {
    // [2 rows, 8 along K]: every group of 4 along axis 1 has exactly 2 (or fewer) non-zeros.
    const Tensor w = Tensor::fromVector<float>({2, 8}, {1, 0, -2, 0, /**/ 0, 0, 3, 4,  //
                                                        0, 5, 0, 0, /**/ -0.0f, 6, 0, 7});
    const SparsityStats s = check2to4(w, 1);
    EXPECT_TRUE(s.is2to4());
    EXPECT_EQ(s.groups, 4);
    EXPECT_EQ(s.compliantGroups, 4);
    EXPECT_EQ(s.elements, 16);
    EXPECT_EQ(s.zeros, 9);  // -0.0 is zero
    EXPECT_DOUBLE_EQ(s.compliantFraction(), 1.0);
}

TEST(StructuredSparsity, DenseWeightIsNot2to4) {
    const Tensor w = Tensor::fromVector<float>({2, 8}, {1, 2, 3, 0, /**/ 1, 0, 0, 1,  //
                                                        1, 2, 3, 4, /**/ 0, 0, 0, 0});
    const SparsityStats s = check2to4(w, 1);
    EXPECT_FALSE(s.is2to4());
    EXPECT_EQ(s.groups, 4);
    EXPECT_EQ(s.compliantGroups, 2);  // the 3-non-zero and the dense group fail
    EXPECT_DOUBLE_EQ(s.compliantFraction(), 0.5);
    // A NaN is not zero: a group with two NaNs and a value has three non-zeros.
    const float nan = std::numeric_limits<float>::quiet_NaN();
    EXPECT_FALSE(check2to4(Tensor::fromVector<float>({4}, {nan, nan, 1, 0}), 0).is2to4());
}

TEST(StructuredSparsity, PruningKeepsTheTwoLargestMagnitudesPerGroup) {
    const Tensor w = Tensor::fromVector<float>({2, 8}, {0.5f, -3, 2, 1, /**/ 4, -5, 0.1f, 6,  //
                                                        1, 2, 3, 4, /**/ -9, 0, 0, 0});
    const Tensor p = prune2to4(w, 1);
    EXPECT_EQ(p.dtype(), DataType::Float32);
    EXPECT_EQ(p.dims(), w.dims());
    EXPECT_EQ(values(p), (std::vector<float>{0, -3, 2, 0, /**/ 0, -5, 0, 6,  //
                                             0, 0, 3, 4, /**/ -9, 0, 0, 0}));
    EXPECT_TRUE(check2to4(p, 1).is2to4());
    // The input is left as it was (pruning works on a copy).
    EXPECT_EQ(values(w)[0], 0.5f);
    // Pruning an already 2:4 weight changes nothing.
    EXPECT_EQ(values(prune2to4(p, 1)), values(p));
}

// A Conv weight [K, C, kh, kw] groups along C for each output channel and kernel position. In
// memory C is not contiguous: with kw = 2, [c0w0, c0w1, c1w0, c1w1, ...]. Here the kw=1 slice is
// all zeros, so every 4 consecutive elements in memory hold only 2 non-zeros, while along C (at
// kw=0) all 4 are non-zero: a check over memory order would call it 2:4, the right one does not.
TEST(StructuredSparsity, ConvWeightGroupsAlongChannelsNotKernel) {
    const Tensor w = Tensor::fromVector<float>({1, 4, 1, 2}, {1, 0, 2, 0, 3, 0, 4, 0});
    const SparsityStats s = check2to4(w, 1);
    EXPECT_EQ(s.groups, 2);           // one per kernel position
    EXPECT_EQ(s.compliantGroups, 1);  // kw=1 (all zero) complies, kw=0 does not
    EXPECT_FALSE(s.is2to4());
    // Pruning along C keeps channels 2 and 3 at kw=0.
    EXPECT_EQ(values(prune2to4(w, 1)), (std::vector<float>{0, 0, 0, 0, 3, 0, 4, 0}));

    // The other way round: 2:4 along C at every kernel position, though memory order has runs of
    // 4 non-zeros (c0w0 c0w1 c1w0 c1w1).
    const Tensor sparse = Tensor::fromVector<float>({1, 4, 1, 2}, {1, 2, 3, 4, 0, 0, 0, 0});
    EXPECT_TRUE(check2to4(sparse, 1).is2to4());
    EXPECT_EQ(values(prune2to4(sparse, 1)), values(sparse));
}

// Gemm with transB = 0 (and MatMul) keeps B as [K, N]: groups run down a column, along axis 0.
TEST(StructuredSparsity, GroupsAlongAxisZeroRunDownColumns) {
    const Tensor b = Tensor::fromVector<float>({4, 2}, {1, 0,  //
                                                        2, 5,  //
                                                        3, 0,  //
                                                        4, 6});
    const SparsityStats s = check2to4(b, 0);
    EXPECT_EQ(s.groups, 2);
    EXPECT_EQ(s.compliantGroups, 1);  // column 1 (0, 5, 0, 6) complies; column 0 does not
    EXPECT_EQ(values(prune2to4(b, 0)), (std::vector<float>{0, 0, 0, 5, 3, 0, 4, 6}));
}

TEST(StructuredSparsity, TiesAreBrokenByTheLowerIndex) {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const Tensor w = Tensor::fromVector<float>({5, 4}, {1, -1, 1, -1,    // equal magnitudes: keep 0, 1
                                                        2, 2, 2, 2,      // keep 0, 1
                                                        0, 3, 0, 3,      // keep 1, 3
                                                        1, 2, 2, 1,      // keep 1, 2
                                                        1, nan, 5, 2});  // NaN counts as largest: keep 1, 2
    const Tensor p = prune2to4(w, 1);
    const std::vector<float> v = values(p);
    EXPECT_EQ(std::vector<float>(v.begin(), v.begin() + 16),
              (std::vector<float>{1, -1, 0, 0, 2, 2, 0, 0, 0, 3, 0, 3, 0, 2, 2, 0}));
    EXPECT_EQ(v[16], 0);
    EXPECT_TRUE(std::isnan(v[17]));
    EXPECT_EQ(v[18], 5);
    EXPECT_EQ(v[19], 0);
    // The same input gives the same output, run after run.
    EXPECT_EQ(std::memcmp(prune2to4(w, 1).raw(), p.raw(), p.byteSize()), 0);
}

TEST(StructuredSparsity, HalfPrecisionWeightsKeepTheirType) {
    const Tensor w = Tensor::fromVector<float>({1, 8}, {1, 2, 3, 4, -8, 7, -6, 5});
    Tensor half(DataType::Float16, {1, 8});
    uint16_t* bits = static_cast<uint16_t*>(half.raw());
    for (int i = 0; i < 8; ++i) bits[i] = floatToHalf(w.data<float>()[i]);
    const Tensor p = prune2to4(half, 1);
    EXPECT_EQ(p.dtype(), DataType::Float16);
    EXPECT_EQ(values(p), (std::vector<float>{0, 0, 3, 4, -8, 7, 0, 0}));
    EXPECT_TRUE(check2to4(p, 1).is2to4());
}

TEST(StructuredSparsity, RefusesWhatHasNoGroupsOfFour) {
    ErrorKind kind{};
    const Tensor w = Tensor::fromVector<float>({2, 6}, std::vector<float>(12, 1.0f));
    EXPECT_NE(test::errorMessage([&] { check2to4(w, 1); }, &kind).find("6 elements along axis 1, not a multiple of 4"),
              std::string::npos);
    EXPECT_EQ(kind, ErrorKind::InvalidArgument);
    EXPECT_NE(test::errorMessage([&] { prune2to4(w, 2); }).find("axis 2 is out of range"), std::string::npos);
    const Tensor flags = Tensor::fromVector<bool>({4}, {true, false, true, true});
    EXPECT_NE(test::errorMessage([&] { check2to4(flags, 0); }).find("numeric weights only"), std::string::npos);
}

// --- model level -------------------------------------------------------------------------------

Tensor ramp(std::vector<int64_t> dims, float scale = 1.0f) {
    int64_t n = 1;
    for (int64_t d : dims) n *= d;
    std::vector<float> v(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) v[size_t(i)] = scale * float((i * 7) % 11 - 5) + 0.25f;  // no zeros, mixed signs
    return Tensor::fromVector<float>(std::move(dims), v);
}

// x[1,8,4,4] -> conv (W [8,8,3,3], eligible) -> dw (depthwise, C/group = 1: ineligible) -> Flatten
// -> gemm (transB = 1, B [8,128], K = 128) -> mm (B [8,4], K = 8) -> an unnamed MatMul of the
// activation with its own transpose (no constant weight).
ModelBuilder sparsityModel() {
    ModelBuilder b(17);
    b.input("x", onnx::TensorProto::FLOAT, {1, 8, 4, 4});
    b.initializer("conv.w", ramp({8, 8, 3, 3}));
    auto& conv = b.node("Conv", {"x", "conv.w"}, {"c"}, "conv");
    test::setInts(conv, "pads", {1, 1, 1, 1});
    b.initializer("dw.w", ramp({8, 1, 3, 3}));
    auto& dw = b.node("Conv", {"c", "dw.w"}, {"d"}, "dw");
    test::setInt(dw, "group", 8);
    test::setInts(dw, "pads", {1, 1, 1, 1});
    b.node("Flatten", {"d"}, {"f"}, "flatten");
    b.initializer("gemm.w", ramp({8, 128}, 0.01f));
    auto& gemm = b.node("Gemm", {"f", "gemm.w"}, {"g"}, "gemm");
    test::setInt(gemm, "transB", 1);
    b.initializer("mm.w", ramp({8, 4}));
    b.node("MatMul", {"g", "mm.w"}, {"m"}, "mm");
    b.node("MatMul", {"m", "m_t"}, {"y"}, "");  // unnamed, activation x activation
    b.node("Transpose", {"m"}, {"m_t"}, "t");
    b.output("y", onnx::TensorProto::FLOAT, {1, 1});
    return b;
}

const LayerSparsity& layerNamed(const ModelSparsityReport& r, const std::string& name) {
    for (const LayerSparsity& l : r.layers)
        if (l.layer == name) return l;
    throw std::runtime_error("no layer " + name);
}

TEST(ModelSparsity, ReportsEachWeightWithItsReductionAxis) {
    TempDir dir;
    sparsityModel().save(dir.file("m.onnx"));
    const ModelSparsityReport r = analyzeModelSparsity(dir.file("m.onnx"));
    ASSERT_EQ(r.layers.size(), 5u);  // conv, dw, gemm, mm, the unnamed MatMul
    const LayerSparsity& conv = layerNamed(r, "conv");
    EXPECT_TRUE(conv.eligible());
    EXPECT_EQ(conv.axis, 1);
    EXPECT_EQ(conv.groupAxisLength, 8);
    EXPECT_EQ(conv.reductionLength, 72);
    ASSERT_TRUE(conv.stats.has_value());
    EXPECT_EQ(conv.stats->groups, 8 * 2 * 9);
    EXPECT_FALSE(conv.stats->is2to4());
    const LayerSparsity& dw = layerNamed(r, "dw");
    EXPECT_EQ(dw.blocker, SparsityBlocker::ReductionNotMultipleOf4);
    EXPECT_EQ(dw.reason(), "C/group=1 input channels, not a multiple of 4");
    const LayerSparsity& gemm = layerNamed(r, "gemm");
    EXPECT_EQ(gemm.axis, 1);  // transB = 1: B is [N, K]
    EXPECT_EQ(gemm.groupAxisLength, 128);
    const LayerSparsity& mm = layerNamed(r, "mm");
    EXPECT_EQ(mm.axis, 0);  // B [K, N]
    EXPECT_EQ(mm.groupAxisText(), "K=8");
    // The unnamed node gets the importer's name; its second input is computed.
    const LayerSparsity& act = layerNamed(r, "MatMul_5");
    EXPECT_EQ(act.blocker, SparsityBlocker::WeightNotInitializer);
    EXPECT_FALSE(act.stats.has_value());
    EXPECT_EQ(r.eligibleCount(), 3);
    EXPECT_EQ(r.sparseCount(), 0);
}

TEST(ModelSparsity, PruneWritesTwoFourWeightsAndKeepsTheRest) {
    TempDir dir;
    const ModelBuilder b = sparsityModel();
    b.save(dir.file("m.onnx"));
    const PruneResult result = pruneModelFile(dir.file("m.onnx"), dir.file("p.onnx"), {});
    ASSERT_EQ(result.pruned.size(), 3u);
    for (const PrunedLayer& p : result.pruned) EXPECT_TRUE(p.after.is2to4()) << p.layer.layer;
    ASSERT_EQ(result.skipped.size(), 2u);
    EXPECT_EQ(result.skipped[0].layer, "dw");

    const ModelSparsityReport after = analyzeModelSparsity(dir.file("p.onnx"));
    EXPECT_EQ(after.sparseCount(), 3);
    EXPECT_FALSE(layerNamed(after, "dw").stats.has_value());

    // Only the three initializers' data changed: the rest of the protobuf is the same.
    onnx::ModelProto original = b.model, pruned;
    std::ifstream in(dir.file("p.onnx"), std::ios::binary);
    ASSERT_TRUE(pruned.ParseFromString(std::string(std::istreambuf_iterator<char>(in), {})));
    ASSERT_EQ(pruned.graph().initializer_size(), original.graph().initializer_size());
    // The pruned conv weight is what prune2to4 makes of the original along C.
    const Tensor w = ramp({8, 8, 3, 3});
    const Tensor expected = prune2to4(w, 1);
    const onnx::TensorProto* convW = nullptr;
    for (const auto& t : pruned.graph().initializer())
        if (t.name() == "conv.w") convW = &t;
    ASSERT_NE(convW, nullptr);
    ASSERT_EQ(convW->raw_data().size(), expected.byteSize());
    EXPECT_EQ(std::memcmp(convW->raw_data().data(), expected.raw(), expected.byteSize()), 0);
    int changed = 0;
    for (int i = 0; i < original.graph().initializer_size(); ++i) {
        onnx::TensorProto* a = original.mutable_graph()->mutable_initializer(i);
        onnx::TensorProto* p = pruned.mutable_graph()->mutable_initializer(i);
        if (a->raw_data() != p->raw_data()) ++changed;
        a->clear_raw_data();
        p->clear_raw_data();
    }
    EXPECT_EQ(changed, 3);  // conv.w, gemm.w, mm.w; dw.w stays
    EXPECT_EQ(pruned.SerializeAsString(), original.SerializeAsString());

}

TEST(ModelSparsity, PruneSelectsByLayerOpAndSize) {
    TempDir dir;
    sparsityModel().save(dir.file("m.onnx"));
    PruneOptions byLayer;
    byLayer.layers = {"gemm"};
    PruneResult r = pruneModelFile(dir.file("m.onnx"), dir.file("p.onnx"), byLayer);
    ASSERT_EQ(r.pruned.size(), 1u);
    EXPECT_EQ(r.pruned[0].layer.layer, "gemm");
    EXPECT_EQ(analyzeModelSparsity(dir.file("p.onnx")).sparseCount(), 1);

    PruneOptions byOp;
    byOp.opTypes = {"MatMul"};
    r = pruneModelFile(dir.file("m.onnx"), dir.file("p.onnx"), byOp);
    ASSERT_EQ(r.pruned.size(), 1u);
    EXPECT_EQ(r.pruned[0].layer.layer, "mm");

    PruneOptions bySize;
    bySize.minSize = 100;  // mm.w has 32 elements
    r = pruneModelFile(dir.file("m.onnx"), dir.file("p.onnx"), bySize);
    EXPECT_EQ(r.pruned.size(), 2u);
}

TEST(ModelSparsity, PruneRefusesWhatItCantDo) {
    TempDir dir;
    ModelBuilder b = sparsityModel();
    b.save(dir.file("m.onnx"));
    auto error = [&](const PruneOptions& o, const std::string& out = "") {
        ErrorKind kind{};
        std::string m = test::errorMessage([&] { pruneModelFile(dir.file("m.onnx"), out.empty() ? dir.file("p.onnx") : out, o); },
                                           &kind);
        return std::make_pair(kind, m);
    };
    PruneOptions o;
    o.layers = {"nope"};
    auto [kind, message] = error(o);
    EXPECT_EQ(kind, ErrorKind::InvalidArgument);
    EXPECT_NE(message.find("no Conv, Gemm, MatMul layer named 'nope'"), std::string::npos) << message;
    o.layers = {"dw"};
    message = error(o).second;
    EXPECT_NE(message.find("layer 'dw' (Conv) can't be pruned to 2:4: C/group=1"), std::string::npos) << message;
    o.layers = {"mm"};
    o.minSize = 1000;
    message = error(o).second;
    EXPECT_NE(message.find("fewer than the minimum size 1000"), std::string::npos) << message;
    o = {};
    o.opTypes = {"Relu"};
    message = error(o).second;
    EXPECT_NE(message.find("op type 'Relu'"), std::string::npos) << message;
    o = {};
    message = error(o, dir.file("m.onnx")).second;
    EXPECT_NE(message.find("is the model itself"), std::string::npos) << message;
    EXPECT_FALSE(std::filesystem::exists(dir.file("p.onnx")));

    // A weight read by two nodes is not pruned for one of them.
    b.node("MatMul", {"g", "mm.w"}, {"m2"}, "mm2");
    b.save(dir.file("m.onnx"));
    o.layers = {"mm"};
    message = error(o).second;
    EXPECT_NE(message.find("weight 'mm.w' is read by 2 nodes"), std::string::npos) << message;

    // External data: refused, naming the initializer.
    ModelBuilder ext = sparsityModel();
    for (auto& t : *ext.graph().mutable_initializer()) {
        if (t.name() != "gemm.w") continue;
        test::writeFile(dir.file("gemm.bin"), t.raw_data());
        t.clear_raw_data();
        t.set_data_location(onnx::TensorProto::EXTERNAL);
        auto* e = t.add_external_data();
        e->set_key("location");
        e->set_value("gemm.bin");
    }
    ext.save(dir.file("m.onnx"));
    // inspect reads it (the data lies next to the model)...
    EXPECT_TRUE(layerNamed(analyzeModelSparsity(dir.file("m.onnx")), "gemm").stats.has_value());
    // ...prune does not write it.
    std::tie(kind, message) = error(PruneOptions{});
    EXPECT_EQ(kind, ErrorKind::Unsupported);
    EXPECT_NE(message.find("initializer 'gemm.w' keeps its data in an external file"), std::string::npos) << message;
}

}  // namespace
}  // namespace kiln
