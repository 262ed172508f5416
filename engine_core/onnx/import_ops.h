// Import functions, one per ONNX op (ops whose import is identical share a family function), grouped
// by family in import_*.cpp. op_table.cpp lists them all with their opset ranges.
#pragma once

#include "engine_core/onnx/import_context.h"

namespace kiln::onnx_detail {

// import_elementwise.cpp
void importUnaryElementwise(ImportContext& ctx);     // Abs, Neg, Sqrt, Exp, Not, IsNaN, ...
void importBinaryElementwise(ImportContext& ctx);    // Add, Sub, Mul, Div, Pow, And, Equal, ...
void importVariadicElementwise(ImportContext& ctx);  // Sum, Mean, Max, Min
void importMod(ImportContext& ctx);
void importBitShift(ImportContext& ctx);
void importIsInf(ImportContext& ctx);
void importWhere(ImportContext& ctx);
void importCast(ImportContext& ctx);
void importCastLike(ImportContext& ctx);

// import_activation.cpp
void importSimpleActivation(ImportContext& ctx);  // Relu, Sigmoid, Tanh, Softplus, Softsign, Mish, HardSwish
void importLeakyRelu(ImportContext& ctx);
void importElu(ImportContext& ctx);
void importSelu(ImportContext& ctx);
void importCelu(ImportContext& ctx);
void importHardSigmoid(ImportContext& ctx);
void importThresholdedRelu(ImportContext& ctx);
void importPRelu(ImportContext& ctx);
void importClip(ImportContext& ctx);
void importGelu(ImportContext& ctx);

// import_nn.cpp
void importConv(ImportContext& ctx);
void importConvTranspose(ImportContext& ctx);
void importBatchNormalization(ImportContext& ctx);
void importGemm(ImportContext& ctx);
void importMatMul(ImportContext& ctx);
void importMaxPool(ImportContext& ctx);
void importAveragePool(ImportContext& ctx);
void importGlobalPool(ImportContext& ctx);  // GlobalAveragePool, GlobalMaxPool

// import_normalization.cpp
void importSoftmaxFamily(ImportContext& ctx);  // Softmax, LogSoftmax, Hardmax
void importLayerNormalization(ImportContext& ctx);
void importInstanceNormalization(ImportContext& ctx);
void importGroupNormalization(ImportContext& ctx);

// import_reduce.cpp
void importReduce(ImportContext& ctx);  // ReduceSum, ReduceMean, ..., ReduceSumSquare
void importArgMinMax(ImportContext& ctx);

// import_shape.cpp
void importReshape(ImportContext& ctx);
void importFlatten(ImportContext& ctx);
void importTranspose(ImportContext& ctx);
void importSqueeze(ImportContext& ctx);
void importUnsqueeze(ImportContext& ctx);
void importConcat(ImportContext& ctx);
void importSplit(ImportContext& ctx);
void importSlice(ImportContext& ctx);
void importExpand(ImportContext& ctx);
void importTile(ImportContext& ctx);
void importShape(ImportContext& ctx);
void importSize(ImportContext& ctx);
void importConstantOfShape(ImportContext& ctx);
void importRange(ImportContext& ctx);
void importIdentity(ImportContext& ctx);
void importDropout(ImportContext& ctx);
void importConstant(ImportContext& ctx);

// import_gather.cpp
void importGather(ImportContext& ctx);
void importGatherElements(ImportContext& ctx);
void importGatherND(ImportContext& ctx);
void importScatterND(ImportContext& ctx);
void importScatterElements(ImportContext& ctx);
void importTopK(ImportContext& ctx);
void importCumSum(ImportContext& ctx);
void importTrilu(ImportContext& ctx);
void importEinsum(ImportContext& ctx);

// import_pad_resize.cpp
void importPad(ImportContext& ctx);
// import_control_flow.cpp
void importIf(ImportContext& ctx);
void importLoop(ImportContext& ctx);
void importScan(ImportContext& ctx);
void importResize(ImportContext& ctx);
void importUpsample(ImportContext& ctx);

// import_quantize.cpp
void importQuantizeLinear(ImportContext& ctx);
void importDequantizeLinear(ImportContext& ctx);
void importDynamicQuantizeLinear(ImportContext& ctx);
void importMatMulInteger(ImportContext& ctx);
void importConvInteger(ImportContext& ctx);
void importQLinearMatMul(ImportContext& ctx);
void importQLinearConv(ImportContext& ctx);

}  // namespace kiln::onnx_detail
