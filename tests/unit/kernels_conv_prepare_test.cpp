// Conv and kiln::FusedConv pack a constant W once, when the layer's kernel is prepared (an engine
// built or loaded), instead of looking it up in packedWeights' cache every run; the prepared
// kernel computes what the plain function does.
#include "kernels/cpu/conv.h"
#include "kernels/cpu/gemm_avx512.h"
#include "kernels/cpu/isa.h"
#include "tests/unit/builder_test_util.h"

namespace kiln::test {
namespace {

TEST(ConvPrepare, PacksConstantWeightsOncePerGroup) {
    if (!cpu::avx512Enabled()) GTEST_SKIP() << "no AVX-512 here: the packed GEMM (and so the packing) is not used";
    auto backend = makeCpuBackend();
    for (int64_t group : {1, 2}) {
        SCOPED_TRACE("group " + std::to_string(group));
        Graph g;
        g.opsetImports[""] = 21;
        Value* x = g.addValue("x");
        x->dtype = DataType::Float32;
        x->shape = Shape{1, 4, 9, 11};
        g.markInput(x);
        Value* w = g.addConstant("w", randomTensor({6, 4 / group, 3, 3}, 3));
        Value* b = g.addConstant("b", randomTensor({6}, 4));
        Value* y = g.addValue("y");
        Node* conv = g.addNode("Conv", "conv", {x, w, b}, {y});
        conv->attributes["group"] = Attribute(group);
        conv->attributes["pads"] = Attribute(std::vector<int64_t>{1, 1, 1, 1});
        g.markOutput(y);
        const KernelDef* def = backend->kernels().find("Conv", "");
        ASSERT_TRUE(def && def->prepare);
        std::unique_ptr<KernelInstance> instance = backend->prepare(*def, PrepareContext{*conv, *backend, Precision::FP32, TensorFormat::Linear, ""});
        const auto* prepared = dynamic_cast<const cpu::PackedConvKernel*>(instance.get());
        ASSERT_NE(prepared, nullptr);
        ASSERT_NE(prepared->packed(), nullptr);
        EXPECT_EQ(prepared->packed()->group, group);
        EXPECT_EQ(int64_t(prepared->packed()->groups.size()), group);
        EXPECT_EQ(prepared->packed()->Mg, 6 / group);
        EXPECT_EQ(prepared->packed()->K, 4 / group * 9);
        // The prepared kernel against the plain function, on the same inputs.
        const Tensor in = randomTensor({1, 4, 9, 11}, 5);
        KernelContext a(*conv, {&in, &*w->constant, &*b->constant}, 1);
        instance->run(a);
        KernelContext plain(*conv, {&in, &*w->constant, &*b->constant}, 1);
        def->run(plain);
        expectTensorNear(a.output(0), plain.output(0), 1e-5, 1e-5);
    }
}

TEST(ConvPrepare, NoPackingForAWeightThatIsNotConstant) {
    Graph g;
    g.opsetImports[""] = 21;
    Value* x = g.addValue("x");
    Value* w = g.addValue("w");
    Value* y = g.addValue("y");
    g.markInput(x);
    g.markInput(w);
    Node* conv = g.addNode("Conv", "conv", {x, w}, {y});
    g.markOutput(y);
    EXPECT_EQ(cpu::packConvWeights(*conv), nullptr);
}

}  // namespace
}  // namespace kiln::test
