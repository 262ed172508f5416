// The one explicit list of ONNX ops Kiln imports: op → import function + the opsets it is imported at.
// `since` is the first ai.onnx opset defining the op (Kiln's floor of 7 applies on top).
#include <algorithm>
#include <unordered_map>

#include "engine_core/onnx/import_ops.h"
#include "engine_core/onnx/importer.h"

namespace kiln::onnx_detail {

namespace {
constexpr int64_t kMax = kMaxOpset;

const std::vector<OpImporterEntry>& table() {
    static const std::vector<OpImporterEntry> entries = {
        // elementwise unary
        {"Abs", 6, kMax, importUnaryElementwise},
        {"Neg", 6, kMax, importUnaryElementwise},
        {"Floor", 6, kMax, importUnaryElementwise},
        {"Ceil", 6, kMax, importUnaryElementwise},
        {"Round", 11, kMax, importUnaryElementwise},
        {"Sqrt", 6, kMax, importUnaryElementwise},
        {"Reciprocal", 6, kMax, importUnaryElementwise},
        {"Exp", 6, kMax, importUnaryElementwise},
        {"Log", 6, kMax, importUnaryElementwise},
        {"Sin", 7, kMax, importUnaryElementwise},
        {"Cos", 7, kMax, importUnaryElementwise},
        {"Tan", 7, kMax, importUnaryElementwise},
        {"Asin", 7, kMax, importUnaryElementwise},
        {"Acos", 7, kMax, importUnaryElementwise},
        {"Atan", 7, kMax, importUnaryElementwise},
        {"Sinh", 9, kMax, importUnaryElementwise},
        {"Cosh", 9, kMax, importUnaryElementwise},
        {"Asinh", 9, kMax, importUnaryElementwise},
        {"Acosh", 9, kMax, importUnaryElementwise},
        {"Atanh", 9, kMax, importUnaryElementwise},
        {"Sign", 9, kMax, importUnaryElementwise},
        {"Erf", 9, kMax, importUnaryElementwise},
        {"Not", 1, kMax, importUnaryElementwise},
        {"IsNaN", 9, kMax, importUnaryElementwise},
        {"IsInf", 10, kMax, importIsInf},
        // elementwise binary and variadic (numpy broadcasting)
        {"Add", 7, kMax, importBinaryElementwise},
        {"Sub", 7, kMax, importBinaryElementwise},
        {"Mul", 7, kMax, importBinaryElementwise},
        {"Div", 7, kMax, importBinaryElementwise},
        {"Pow", 7, kMax, importBinaryElementwise},
        {"And", 7, kMax, importBinaryElementwise},
        {"Or", 7, kMax, importBinaryElementwise},
        {"Xor", 7, kMax, importBinaryElementwise},
        {"Equal", 7, kMax, importBinaryElementwise},
        {"Less", 7, kMax, importBinaryElementwise},
        {"Greater", 7, kMax, importBinaryElementwise},
        {"LessOrEqual", 12, kMax, importBinaryElementwise},
        {"GreaterOrEqual", 12, kMax, importBinaryElementwise},
        {"Mod", 10, kMax, importMod},
        {"BitShift", 11, kMax, importBitShift},
        {"Sum", 6, kMax, importVariadicElementwise},
        {"Mean", 6, kMax, importVariadicElementwise},
        {"Max", 6, kMax, importVariadicElementwise},
        {"Min", 6, kMax, importVariadicElementwise},
        {"Where", 9, kMax, importWhere},
        {"Cast", 6, kMax, importCast},
        {"CastLike", 15, kMax, importCastLike},
        // activations
        {"Relu", 6, kMax, importSimpleActivation},
        {"Sigmoid", 6, kMax, importSimpleActivation},
        {"Tanh", 6, kMax, importSimpleActivation},
        {"Softplus", 1, kMax, importSimpleActivation},
        {"Softsign", 1, kMax, importSimpleActivation},
        {"Mish", 18, kMax, importSimpleActivation},
        {"HardSwish", 14, kMax, importSimpleActivation},
        {"LeakyRelu", 6, kMax, importLeakyRelu},
        {"Elu", 6, kMax, importElu},
        {"Selu", 6, kMax, importSelu},
        {"Celu", 12, kMax, importCelu},
        {"HardSigmoid", 6, kMax, importHardSigmoid},
        {"ThresholdedRelu", 10, kMax, importThresholdedRelu},
        {"PRelu", 7, kMax, importPRelu},
        {"Clip", 6, kMax, importClip},
        {"Gelu", 20, kMax, importGelu},
        // convolution, matrix products, pooling
        {"Conv", 1, kMax, importConv},
        {"ConvTranspose", 1, kMax, importConvTranspose},
        {"BatchNormalization", 7, kMax, importBatchNormalization},
        {"Gemm", 7, kMax, importGemm},
        {"MatMul", 1, kMax, importMatMul},
        {"MaxPool", 1, kMax, importMaxPool},
        {"AveragePool", 7, kMax, importAveragePool},
        {"GlobalAveragePool", 1, kMax, importGlobalPool},
        {"GlobalMaxPool", 1, kMax, importGlobalPool},
        // softmax and normalization
        {"Softmax", 1, kMax, importSoftmaxFamily},
        {"LogSoftmax", 1, kMax, importSoftmaxFamily},
        {"Hardmax", 1, kMax, importSoftmaxFamily},
        {"LayerNormalization", 17, kMax, importLayerNormalization},
        {"InstanceNormalization", 6, kMax, importInstanceNormalization},
        {"GroupNormalization", 18, kMax, importGroupNormalization},
        // reductions
        {"ReduceSum", 1, kMax, importReduce},
        {"ReduceMean", 1, kMax, importReduce},
        {"ReduceMax", 1, kMax, importReduce},
        {"ReduceMin", 1, kMax, importReduce},
        {"ReduceProd", 1, kMax, importReduce},
        {"ReduceL1", 1, kMax, importReduce},
        {"ReduceL2", 1, kMax, importReduce},
        {"ReduceLogSum", 1, kMax, importReduce},
        {"ReduceLogSumExp", 1, kMax, importReduce},
        {"ReduceSumSquare", 1, kMax, importReduce},
        {"ArgMax", 1, kMax, importArgMinMax},
        {"ArgMin", 1, kMax, importArgMinMax},
        // shape and data movement
        {"Reshape", 5, kMax, importReshape},
        {"Flatten", 1, kMax, importFlatten},
        {"Transpose", 1, kMax, importTranspose},
        {"Squeeze", 1, kMax, importSqueeze},
        {"Unsqueeze", 1, kMax, importUnsqueeze},
        {"Concat", 4, kMax, importConcat},
        {"Split", 2, kMax, importSplit},
        {"Slice", 1, kMax, importSlice},
        {"Expand", 8, kMax, importExpand},
        {"Tile", 6, kMax, importTile},
        {"Shape", 1, kMax, importShape},
        {"Size", 1, kMax, importSize},
        {"ConstantOfShape", 9, kMax, importConstantOfShape},
        {"Range", 11, kMax, importRange},
        {"Identity", 1, kMax, importIdentity},
        {"Dropout", 7, kMax, importDropout},
        {"Constant", 1, kMax, importConstant},
        // control flow (bodies imported by the driver)
        {"If", 1, kMax, importIf},
        {"Loop", 1, kMax, importLoop},
        {"Scan", 8, kMax, importScan},
        // gather / scatter / selection
        {"Gather", 1, kMax, importGather},
        {"GatherElements", 11, kMax, importGatherElements},
        {"GatherND", 11, kMax, importGatherND},
        {"ScatterND", 11, kMax, importScatterND},
        {"ScatterElements", 11, kMax, importScatterElements},
        {"TopK", 1, kMax, importTopK},
        {"CumSum", 11, kMax, importCumSum},
        {"Trilu", 14, kMax, importTrilu},
        {"Einsum", 12, kMax, importEinsum},
        // padding and resampling
        {"Pad", 2, kMax, importPad},
        {"Resize", 10, kMax, importResize},
        {"Upsample", 7, 9, importUpsample},  // deprecated at opset 10 in favour of Resize
        // quantization (8-bit integers)
        {"QuantizeLinear", 10, kMax, importQuantizeLinear},
        {"DequantizeLinear", 10, kMax, importDequantizeLinear},
        {"DynamicQuantizeLinear", 11, kMax, importDynamicQuantizeLinear},
        {"MatMulInteger", 10, kMax, importMatMulInteger},
        {"ConvInteger", 10, kMax, importConvInteger},
        {"QLinearMatMul", 10, kMax, importQLinearMatMul},
        {"QLinearConv", 10, kMax, importQLinearConv},
    };
    return entries;
}
}  // namespace

const std::vector<OpImporterEntry>& opImporterTable() {
    return table();
}

const OpImporterEntry* findOpImporter(const std::string& opType) {
    static const std::unordered_map<std::string, const OpImporterEntry*> byName = [] {
        std::unordered_map<std::string, const OpImporterEntry*> m;
        for (const auto& e : table()) m.emplace(e.opType, &e);
        return m;
    }();
    auto it = byName.find(opType);
    return it == byName.end() ? nullptr : it->second;
}

}  // namespace kiln::onnx_detail
