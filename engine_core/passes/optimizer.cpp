#include "engine_core/passes/optimizer.h"

#include <chrono>

#include "engine_core/common/error.h"
#include "engine_core/common/message_catalogue.h"
#include "engine_core/passes/passes.h"

namespace kiln::passes {

namespace {

struct Stage {
    const char* name;
    int level;
    const char* summary;
    std::unique_ptr<GraphPass> (*make)();
};

std::unique_ptr<GraphPass> rules(const char* name, std::vector<std::unique_ptr<RewriteRule>> list) {
    return std::make_unique<RuleBasedPass>(name, std::move(list));
}

template <typename... Makers>
std::vector<std::unique_ptr<RewriteRule>> ruleList(Makers... makers) {
    std::vector<std::unique_ptr<RewriteRule>> list;
    (list.push_back(makers()), ...);
    return list;
}

// Run order matters: recognitions (activations, GELU, LayerNorm, attention) run before the epilogue and
// pointwise fusions, which would otherwise swallow the Div/Mul/Add nodes those patterns are made of;
// epilogue fusions run before horizontal fusion, so Q/K/V projections are merged with their biases;
// attention layouts are absorbed after it, so Q/K/V are read from the merged projection (no Split).
// Activation recognition runs before ConvBiasFusion, which would fold the "+ 3" of a written-out
// HardSigmoid after a Conv into the Conv's bias and leave its Clip and "/ 6" apart.
// Int8 folding runs first: constant folding would turn the weights' DequantizeLinear into fp32
// constants, and the int8 layer reads the quantized weights themselves.
const Stage kStages[] = {
    {"Int8Folding", 2,
     "DQ(x), DQ(W) → Conv/Gemm/MatMul (+bias) (→ Relu/Clip) → Q → kiln::Int8Conv / Int8MatMul; Gather of a DQ → DQ of "
     "the gathered 8-bit rows; DQ → Reshape/Transpose/MaxPool → Q of one scale → the op on the 8-bit data; DQ(a) + DQ(b) (→ Relu) → Q → "
     "kiln::Int8Add",
     [] {
         return rules("Int8Folding", ruleList(makeFoldQdqInt8Rule, makeFoldQdqInt8AddRule, makeMoveGatherAboveDequantizeRule,
                                              makeDropQdqAroundDataMovementRule));
     }},
    {"ConstantFolding", 1, "evaluate nodes whose inputs are all constant; fold Shape of static dims",
     makeConstantFoldingPass},
    {"EliminateIdentity", 1,
     "remove Identity, inference-time Dropout and data movement that moves nothing (zero Pad, whole Slice, "
     "identity Transpose, ...; a pair of unit-dim Reshapes around an op with a constant), keeping graph output names",
     [] {
         return rules("EliminateIdentity",
                      ruleList(makeEliminateIdentityRule, makeEliminateDropoutRule, makeEliminateNoOpDataMovementRule,
                               makeDropUnitReshapesAroundConstantOpRule));
     }},
    // After the folds (a folded Shape chain leaves equal constants and equal readers of them), before
    // the recognitions and fusions, so that they see one copy of each repeated subexpression (BERT's
    // per-layer attention mask) and leave no copy unmatched.
    {"CommonSubexpressionElimination", 1,
     "compute once what is computed twice: same op, attributes and inputs; equal small constants merged",
     makeCommonSubexpressionEliminationPass},
    {"DeadCodeElimination", 1, "remove nodes no graph output depends on", makeDeadCodeEliminationPass},
    {"BatchNormFolding", 1, "fold BatchNormalization into the constant weights of Conv / Gemm",
     [] { return rules("BatchNormFolding", ruleList(makeFoldBatchNormIntoConvRule, makeFoldBatchNormIntoGemmRule)); }},
    {"ActivationRecognition", 2, "written-out HardSwish, HardSigmoid and Mish → the ONNX op",
     [] {
         return rules("ActivationRecognition",
                      ruleList(makeRecognizeHardSwishRule, makeRecognizeHardSigmoidRule, makeRecognizeMishRule));
     }},
    {"ConvBiasFusion", 1, "fold Add of a per-channel constant into Conv's bias",
     [] { return rules("ConvBiasFusion", ruleList(makeFuseConvBiasRule)); }},
    {"GeluRecognition", 2, "x·0.5·(1+erf(x/√2)) and the tanh form → Gelu",
     [] { return rules("GeluRecognition", ruleList(makeRecognizeGeluErfRule, makeRecognizeGeluTanhRule)); }},
    {"LayerNormRecognition", 2, "ReduceMean/Sub/Pow/ReduceMean/Add/Sqrt/Div/Mul/Add → LayerNormalization",
     [] { return rules("LayerNormRecognition", ruleList(makeRecognizeLayerNormRule)); }},
    {"AttentionFusion", 3, "MatMul(Q,Kᵀ)·scale (+mask) → Softmax → MatMul(·,V) → kiln::Attention",
     [] { return rules("AttentionFusion", ruleList(makeFuseAttentionRule)); }},
    // Its first rules move activations and residual Adds above the Reshape that exporters put
    // between a GEMM and them (GPT-2's Conv1D), so the fusion rules after them find them.
    {"EpilogueFusion", 2, "Conv/MatMul/Gemm + bias + residual Add + activation → kiln::FusedConv / FusedMatMul",
     [] {
         return rules("EpilogueFusion",
                      ruleList(makeMoveTransposeAboveMatMulRule, makeHoistActivationAboveReshapeRule,
                               makeMoveResidualAboveReshapeRule,
                               makeFuseConvResidualRule, makeFuseConvActivationRule, makeFuseMatMulBiasRule,
                               makeFuseMatMulActivationRule));
     }},
    {"HorizontalFusion", 3, "sibling MatMuls / Convs with constant weights on one input → one op + Split",
     [] { return rules("HorizontalFusion", ruleList(makeFuseHorizontalMatMulRule, makeFuseHorizontalConvRule)); }},
    {"AttentionLayout", 3, "Reshape/Transpose/Split/Gather around kiln::Attention → strides it reads and writes",
     [] { return rules("AttentionLayout", ruleList(makeAbsorbAttentionLayoutRule)); }},
    {"PointwiseFusion", 2, "chains of elementwise ops → one kiln::Pointwise",
     [] { return rules("PointwiseFusion", ruleList(makeFusePointwiseChainRule)); }},
};

}  // namespace

std::vector<PassDescription> describePasses() {
    std::vector<PassDescription> out;
    for (const Stage& s : kStages) {
        const std::unique_ptr<GraphPass> pass = s.make();
        const auto* ruleBased = dynamic_cast<const RuleBasedPass*>(pass.get());
        out.push_back({s.name, s.level, s.summary, ruleBased ? ruleBased->ruleNames() : std::vector<std::string>{}});
    }
    return out;
}

std::vector<std::unique_ptr<GraphPass>> passesForLevel(int level) {
    KILN_CHECK(level >= 0 && level <= kMaxOptimizationLevel, InvalidArgument,
               msg<Msg::OptimizationLevelOutOfRange>("level"_a = level, "max"_a = kMaxOptimizationLevel));
    std::vector<std::unique_ptr<GraphPass>> out;
    for (const Stage& s : kStages)
        if (s.level <= level) out.push_back(s.make());
    return out;
}

std::unique_ptr<GraphPass> makePassByName(const std::string& name) {
    std::string known;
    for (const Stage& s : kStages) {
        if (name == s.name) return s.make();
        known += (known.empty() ? "" : ", ") + std::string(s.name);
    }
    fail(ErrorKind::InvalidArgument, msg<Msg::UnknownPass>("name"_a = name, "known"_a = known));
}

FusionReport optimizeGraph(Graph& graph, const OptimizerOptions& options) {
    // Control-flow bodies first, each as a graph of its own with the same passes. They run on the
    // CPU (kernels/cpu/control_flow.cpp), which runs every op the passes make, whatever the target.
    // An outer value a body reads is one of its inputs (ir/control_flow.h): no pass removes it.
    OptimizerOptions bodyOptions = options;
    bodyOptions.targetImplements = nullptr;
    bodyOptions.targetName = "cpu";
    for (Node* n : graph.nodes())
        for (const auto& [key, body] : n->bodies()) (void)optimizeGraph(*body, bodyOptions);
    auto passes = passesForLevel(options.level);
    PassContext ctx(graph);
    ctx.maxFoldedBytes = options.maxFoldedBytes;
    ctx.targetImplements = options.targetImplements;
    ctx.targetName = options.targetName;
    ctx.report.optimizationLevel = options.level;
    ctx.report.originalNodeCount = graph.nodeCount();
    for (const auto& p : passes) ctx.report.timings.push_back({p->name(), 0, 0, 0});
    auto start = std::chrono::steady_clock::now();
    for (int round = 0; round < options.maxRounds && !passes.empty(); ++round) {
        bool changed = false;
        ctx.report.iterations = round + 1;
        for (size_t i = 0; i < passes.size(); ++i) {
            std::string missing;
            if (!ctx.implementsAll(passes[i]->producedOps(), &missing)) {
                ctx.report.skipped[passes[i]->name()] = concat("the ", ctx.targetName, " backend has no ", missing, " kernel");
                continue;
            }
            auto t0 = std::chrono::steady_clock::now();
            bool passChanged = passes[i]->run(graph, ctx);
            if (passChanged) graph.removeUnusedValues();
            PassTiming& timing = ctx.report.timings[i];
            timing.ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
            timing.runs += 1;
            timing.changed += passChanged ? 1 : 0;
            changed |= passChanged;
            if (options.validateAfterEachPass) graph.validate();
        }
        if (!changed) break;
    }
    ctx.report.totalMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    ctx.report.optimizedNodeCount = graph.nodeCount();
    return ctx.report;
}

}  // namespace kiln::passes

namespace kiln::passes {

std::unique_ptr<GraphPass> makeRulePass(std::unique_ptr<RewriteRule> rule) {
    std::string name = rule->name();
    std::vector<std::unique_ptr<RewriteRule>> list;
    list.push_back(std::move(rule));
    return std::make_unique<RuleBasedPass>(name, std::move(list));
}

}  // namespace kiln::passes
