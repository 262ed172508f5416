// kiln_model_tests, the quantized part (issue 12): the models of tests/data/qdq, written by
// tools/make_qdq_models.py (torch models quantized by ONNX Runtime's quantize_static: QDQ with
// per-channel weights, and QOperator). The expected outputs are ONNX Runtime's run of the graph as
// written (graph optimizations off: DequantizeLinear -> float op -> QuantizeLinear, as Kiln's
// reference run does). ONNX Runtime's default run fuses Q/DQ into its own int8 kernels and rounds its
// requantization differently: on mlp_attn_qdq it differs from its own as-written run by 2 steps
// (tools/make_qdq_models.py prints it), so that run is not the yardstick for "one step".
//
// Tolerance rule: "within one quantization step". Each model's output comes out of a
// DequantizeLinear, so every value is an integer times that DequantizeLinear's scale `step`. Float
// sums in another order may decide a rounding tie of some QuantizeLinear the other way, which moves a
// value by one step, so
//     |kiln - ort| <= step (+ 1e-6 · step for the float products) for every element.
// Both the reference executor and the level-3 engine (where the Q/DQ around each convolution and
// GEMM with constant weights fold into kiln::Int8Conv / Int8MatMul, which round their int32 bias
// too, and the residual Adds into kiln::Int8Add, bit for bit the Q/DQ Add) must meet it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "engine_core/builder/builder.h"
#include "engine_core/builder/execution_context.h"
#include "engine_core/onnx/importer.h"
#include "tests/conformance/case_io.h"

namespace fs = std::filesystem;

namespace kiln {
namespace {

fs::path qdqDir() { return fs::path(KILN_SOURCE_DIR) / "tests" / "data" / "qdq"; }

std::vector<std::string> qdqModels() {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(qdqDir(), ec))
        if (fs::exists(entry.path() / "model.onnx")) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

// The scale of the DequantizeLinear that produces `output` (its largest value when per axis).
double outputStep(const Graph& g, const std::string& output) {
    for (const Node* n : g.topologicalOrder()) {
        if (n->opType != "DequantizeLinear" || n->outputs.empty() || !n->outputs[0] || n->outputs[0]->name != output)
            continue;
        const Value* scale = n->inputOrNull(1);
        if (!scale || !scale->isConstant()) return 0;
        double step = 0;
        for (int64_t i = 0; i < scale->constant->numel(); ++i) step = std::max(step, scale->constant->scalarAsDouble(i));
        return step;
    }
    return 0;
}

void expectWithinOneStep(const Tensor& actual, const Tensor& expected, double step, const std::string& what) {
    ASSERT_EQ(actual.dims(), expected.dims()) << what;
    double worst = 0;
    int64_t off = 0, nonZero = 0;
    for (int64_t i = 0; i < expected.numel(); ++i) {
        const double d = std::fabs(actual.scalarAsDouble(i) - expected.scalarAsDouble(i));
        worst = std::max(worst, d);
        off += d > step * (1 + 1e-6);
        nonZero += expected.scalarAsDouble(i) != 0;
    }
    EXPECT_EQ(off, 0) << what << ": " << off << " of " << expected.numel() << " values differ from ONNX Runtime by "
                      << "more than one step (" << step << "); worst " << worst << " = " << worst / step << " steps";
    EXPECT_GT(nonZero, expected.numel() / 2) << what << ": ONNX Runtime's output is mostly zero, a weak check";
    std::cout << "  " << what << ": max |kiln - ort| = " << worst / step << " steps of " << step << "\n";
}

class QdqModel : public ::testing::TestWithParam<std::string> {};

TEST_P(QdqModel, ReferenceAndEngineWithinOneStepOfOnnxRuntime) {
    const fs::path dir = qdqDir() / GetParam();
    ImportResult imported = importOnnxFile((dir / "model.onnx").string());
    const Graph& model = *imported.graph;
    testing::TestDataSet data = testing::loadTestDataSet((dir / "test_data_set_0").string());
    TensorMap feeds = testing::bindInputs(model, data.inputs);
    ASSERT_EQ(data.outputs.size(), 1u);
    const std::string outName = model.outputs()[0]->name;
    const double step = outputStep(model, outName);
    ASSERT_GT(step, 0) << "the output of " << GetParam() << " does not come out of a DequantizeLinear";
    const Tensor& expected = data.outputs[0].tensor;

    Executor executor(model);
    expectWithinOneStep(executor.run(feeds).at(outName), expected, step, GetParam() + " reference");

    BuilderConfig config;  // level 3
    OptimizationProfile profile;
    for (const auto& [name, tensor] : feeds) profile.inputs[name] = {tensor.dims(), tensor.dims(), tensor.dims()};
    config.profiles.push_back(profile);
    auto timed = buildEngine(model, config);
    expectWithinOneStep(timed->createExecutionContext()->execute(feeds).at(outName), expected, step,
                        GetParam() + " level-3 engine");
    // The layers the passes make are counted on a build that times no fusion against its unfused
    // nodes: the timed build may revert an int8 layer where its kernel loses on this CPU (a CPU
    // without AVX-512 runs the portable int8 loops) or under load, and either outcome is right.
    config.compareFusions = false;
    auto engine = buildEngine(model, config);
    expectWithinOneStep(engine->createExecutionContext()->execute(feeds).at(outName), expected, step,
                        GetParam() + " level-3 engine, every fusion kept");
    // The QDQ models' convolutions and GEMMs with constant weights run as int8 layers
    // (passes/fold_qdq_int8.cpp); the QOperator model keeps its QLinearConv.
    int int8Layers = 0, fp32Products = 0;
    for (const EngineLayer& l : engine->layers()) {
        int8Layers += l.domain == "kiln" && (l.opType == "Int8Conv" || l.opType == "Int8MatMul");
        fp32Products += (l.domain.empty() && (l.opType == "Conv" || l.opType == "Gemm")) ||
                        (l.domain == "kiln" && (l.opType == "FusedConv" || l.opType == "FusedMatMul"));
    }
    const std::map<std::string, int> expectedInt8 = {{"cnn_qdq", 3}, {"mlp_attn_qdq", 6}, {"cnn_qoperator", 0}};
    if (expectedInt8.count(GetParam())) {
        EXPECT_EQ(int8Layers, expectedInt8.at(GetParam())) << GetParam();
    }
    if (GetParam() == "cnn_qdq") {
        EXPECT_EQ(fp32Products, 0) << "a convolution or GEMM left in fp32";
    }
    // Their residual Adds between int8 layers run as kiln::Int8Add (FoldQdqInt8Add), no fp32 Add left.
    int int8Adds = 0, fp32Adds = 0;
    for (const EngineLayer& l : engine->layers()) {
        int8Adds += l.domain == "kiln" && l.opType == "Int8Add";
        fp32Adds += l.domain.empty() && l.opType == "Add";
    }
    const std::map<std::string, int> expectedAdds = {{"mbv2_block_qdq", 1}, {"mlp_attn_qdq", 2}, {"cnn_qoperator", 0}};
    if (expectedAdds.count(GetParam())) {
        EXPECT_EQ(int8Adds, expectedAdds.at(GetParam())) << GetParam();
        if (GetParam() != "cnn_qoperator") {
            EXPECT_EQ(fp32Adds, 0) << GetParam() << ": a residual Add left in fp32";
        }
    }
}

TEST(QdqModels, ArePresent) {
    EXPECT_GE(qdqModels().size(), 3u) << "tests/data/qdq has too few models: " << qdqDir();
}

INSTANTIATE_TEST_SUITE_P(Qdq, QdqModel, ::testing::ValuesIn(qdqModels()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace kiln
