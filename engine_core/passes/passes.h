// Every pass and rewrite rule Kiln has, one factory each (an explicit list, like the kernel
// registry). The optimizer (optimizer.cpp) assembles them per optimization level; tests build
// single passes from here.
#pragma once

#include <memory>

#include "engine_core/passes/pass.h"

namespace kiln::passes {

// ---- whole-graph passes ----
std::unique_ptr<GraphPass> makeConstantFoldingPass();      // constant_folding.cpp
std::unique_ptr<GraphPass> makeDeadCodeEliminationPass();  // eliminate_dead_code.cpp
std::unique_ptr<GraphPass> makeCommonSubexpressionEliminationPass();  // eliminate_common_subexpression.cpp

// ---- rewrite rules ----
std::unique_ptr<RewriteRule> makeEliminateIdentityRule();  // eliminate_identity.cpp
std::unique_ptr<RewriteRule> makeEliminateDropoutRule();   // eliminate_dropout.cpp
std::unique_ptr<RewriteRule> makeEliminateNoOpDataMovementRule();  // eliminate_no_op.cpp
std::unique_ptr<RewriteRule> makeDropUnitReshapesAroundConstantOpRule();  // eliminate_no_op.cpp
std::unique_ptr<RewriteRule> makeFoldBatchNormIntoConvRule();  // fold_batchnorm_conv.cpp
std::unique_ptr<RewriteRule> makeFoldBatchNormIntoGemmRule();  // fold_batchnorm_gemm.cpp
std::unique_ptr<RewriteRule> makeFuseConvBiasRule();         // fuse_conv_bias.cpp
std::unique_ptr<RewriteRule> makeFuseConvResidualRule();     // fuse_conv_residual.cpp
std::unique_ptr<RewriteRule> makeFuseConvActivationRule();   // fuse_conv_activation.cpp
std::unique_ptr<RewriteRule> makeFuseMatMulBiasRule();       // fuse_matmul_bias.cpp
std::unique_ptr<RewriteRule> makeFuseMatMulActivationRule(); // fuse_matmul_activation.cpp
std::unique_ptr<RewriteRule> makeHoistActivationAboveReshapeRule();  // hoist_activation_reshape.cpp
std::unique_ptr<RewriteRule> makeMoveResidualAboveReshapeRule();    // move_residual_above_reshape.cpp
std::unique_ptr<RewriteRule> makeMoveTransposeAboveMatMulRule();     // move_transpose_above_matmul.cpp
std::unique_ptr<RewriteRule> makeFusePointwiseChainRule();   // fuse_pointwise_chain.cpp
std::unique_ptr<RewriteRule> makeRecognizeGeluErfRule();     // recognize_gelu_erf.cpp
std::unique_ptr<RewriteRule> makeRecognizeGeluTanhRule();    // recognize_gelu_tanh.cpp
std::unique_ptr<RewriteRule> makeRecognizeLayerNormRule();   // recognize_layernorm.cpp
std::unique_ptr<RewriteRule> makeRecognizeHardSwishRule();   // recognize_hard_activation.cpp
std::unique_ptr<RewriteRule> makeRecognizeHardSigmoidRule(); // recognize_hard_activation.cpp
std::unique_ptr<RewriteRule> makeRecognizeMishRule();        // recognize_mish.cpp
std::unique_ptr<RewriteRule> makeFuseAttentionRule();        // fuse_attention.cpp
std::unique_ptr<RewriteRule> makeAbsorbAttentionLayoutRule(); // attention_layout.cpp
std::unique_ptr<RewriteRule> makeFuseHorizontalMatMulRule(); // fuse_horizontal_matmul.cpp
std::unique_ptr<RewriteRule> makeFuseHorizontalConvRule();   // fuse_horizontal_conv.cpp
std::unique_ptr<RewriteRule> makeFoldQdqInt8Rule();          // fold_qdq_int8.cpp
std::unique_ptr<RewriteRule> makeFoldQdqInt8AddRule();       // fold_qdq_int8.cpp
std::unique_ptr<RewriteRule> makeMoveGatherAboveDequantizeRule();  // move_gather_above_dequantize.cpp
std::unique_ptr<RewriteRule> makeDropQdqAroundDataMovementRule();  // drop_qdq_around_data_movement.cpp

// One rule wrapped as a pass (tests, and the optimizer's single-rule stages).
std::unique_ptr<GraphPass> makeRulePass(std::unique_ptr<RewriteRule> rule);

}  // namespace kiln::passes
